/**
 * The subjectAltName reading of the certificate view (`view.ts`): the dNSName, iPAddress and
 * rfc822Name entries, as text.
 *
 * Scope: the whole `GeneralNames` of subjectAltName (RFC 5280 §4.2.1.6) is checked with exactly
 * the rules of the `san` context of `general-name.ts` (every choice, the empty-name and relative
 * URI rules in strict mode, iPAddress lengths, the UPN otherName, a directoryName read as a
 * name), with the same error codes, offsets and paths, so that a certificate whose SAN the full
 * parser refuses is refused here too. Only the three common kinds are kept; the others are
 * checked and dropped, which is what keeps `GeneralName` (and through it the full `Name`) out
 * of a parse-only bundle.
 * Non-goals: the typed `GeneralName` list (use `subjectAltNameOf` in `view.ts`, or
 * `parseCertificate`), other GeneralName contexts.
 * @module
 */
import { decodeIa5, decodeOid, decodeUtf8, withPath } from '../der/index';
import { formatIpAddress } from './general-name';
import { NameError } from './name';
import { _fin, _get, _in, _next, _readNameView, type _Cur } from './_name-view';

// Universal tags (X.680 §8.4) as module constants: the minifier inlines them, where `Tag.X`
// would bring the whole `Tag` object into a parse-only bundle.
const _OID = 0x06;
const _SEQUENCE = 0x30;
const _UTF8_STRING = 0x0c;

/** OID of the Microsoft user principal name otherName (szOID_NT_PRINCIPAL_NAME). */
const UPN_OID = '1.3.6.1.4.1.311.20.2.3';

/** The SAN entries the view serves, in encoded order within each kind. */
export interface _SanLists {
  dns: string[];
  ip: string[];
  email: string[];
}

function _bad(code: 'invalid-general-name' | 'empty-general-name' | 'invalid-ip-address' | 'invalid-uri', msg: string, offset: number): never {
  throw new NameError(code, msg, { offset });
}

/**
 * One GeneralName in the `san` context:
 * ```asn1
 * GeneralName ::= CHOICE {
 *   otherName                 [0] OtherName,
 *   rfc822Name                [1] IA5String,
 *   dNSName                   [2] IA5String,
 *   x400Address               [3] ORAddress,
 *   directoryName             [4] Name,
 *   ediPartyName              [5] EDIPartyName,
 *   uniformResourceIdentifier [6] IA5String,
 *   iPAddress                 [7] OCTET STRING,
 *   registeredID              [8] OBJECT IDENTIFIER }
 * ```
 */
function _readGeneralName(r: _Cur, out: _SanLists): void {
  const strict = !r.l;
  const t = _next(r);
  const v = t.value;
  // RFC 5280 §4.2.1.6: "conforming CAs MUST NOT issue certificates with subjectAltNames containing
  // empty GeneralName fields" (lenient mode accepts them, as general-name.ts does).
  const empty = (what: string): void => {
    if (strict && v.length === 0) _bad('empty-general-name', `empty ${what} (RFC 5280 §4.2.1.6)`, t.offset);
  };
  switch (t.tag) {
    case 0xa0: {
      // OtherName ::= SEQUENCE { type-id OBJECT IDENTIFIER, value [0] EXPLICIT ANY DEFINED BY type-id }
      const c = _in(r, t);
      const ot = _get(c, _OID);
      const typeId = decodeOid(ot.value, ot.valueOffset);
      const inner = _in(c, _get(c, 0xa0));
      const val = _next(inner);
      _fin(inner);
      _fin(c);
      if (typeId === UPN_OID) {
        if (val.tag === _UTF8_STRING) decodeUtf8(val.value, val.valueOffset);
        else if (strict) _bad('invalid-general-name', 'UPN otherName is not a UTF8String', val.offset);
      }
      return;
    }
    case 0x81:
      empty('rfc822Name');
      out.email.push(decodeIa5(v, t.valueOffset));
      return;
    case 0x82: {
      empty('dNSName');
      const value = decodeIa5(v, t.valueOffset);
      if (strict && value === ' ') _bad('empty-general-name', 'dNSName " " (RFC 5280 §4.2.1.6)', t.offset);
      out.dns.push(value);
      return;
    }
    case 0xa3: // x400Address, kept raw by the full parser
    case 0xa5: // ediPartyName, likewise
      return;
    case 0xa4: {
      // [4] is EXPLICIT because Name is a CHOICE (X.680 §31.2.7).
      const c = _in(r, t);
      const name = _readNameView(c);
      _fin(c);
      if (strict && name.isEmpty) _bad('empty-general-name', 'empty directoryName (RFC 5280 §4.2.1.6)', t.offset);
      return;
    }
    case 0x86: {
      empty('uniformResourceIdentifier');
      const value = decodeIa5(v, t.valueOffset);
      // RFC 5280 §4.2.1.6: "The name MUST NOT be a relative URI" and must have a scheme.
      if (strict && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(value)) _bad('invalid-uri', 'relative URI (RFC 5280 §4.2.1.6)', t.valueOffset);
      return;
    }
    case 0x87:
      if (v.length !== 4 && v.length !== 16) _bad('invalid-ip-address', `iPAddress of ${v.length} octets, not 4 or 16 (RFC 5280 §4.2.1.6)`, t.offset);
      out.ip.push(formatIpAddress(v));
      return;
    case 0x88:
      decodeOid(v, t.valueOffset);
      return;
    default:
      _bad('invalid-general-name', `tag 0x${t.tag.toString(16)} is not a GeneralName (RFC 5280 §4.2.1.6)`, t.offset);
  }
}

/**
 * Reads the subjectAltName extension body `buf[start..end)` (`SubjectAltName ::= GeneralNames`,
 * `GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName`). Offsets in errors are absolute;
 * paths are relative to the extension value (`[2].rdns[0][0].value`), as the codec's are.
 */
export function _readSanLists(buf: Uint8Array, start: number, end: number, lenient: boolean): _SanLists {
  const r: _Cur = { b: buf, p: start, e: end, l: lenient };
  const seq = _in(r, _get(r, _SEQUENCE));
  if (seq.p >= seq.e) _bad('invalid-general-name', 'empty GeneralNames (SIZE (1..MAX))', start);
  const out: _SanLists = { dns: [], ip: [], email: [] };
  for (let i = 0; seq.p < seq.e; i++) withPath(`[${i}]`, () => _readGeneralName(seq, out));
  _fin(r);
  return out;
}
