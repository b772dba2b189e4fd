/**
 * A lean, read-only distinguished name for the certificate view (`view.ts`): the RDNs, the
 * most specific commonName and the RFC 4514 string, and nothing else.
 *
 * Scope: reading an RDNSequence (RFC 5280 §4.1.2.4) with exactly the rules of `Name.parse` in
 * `name.ts` (DER headers, non-empty RDNs, the X.690 §11.6 SET OF order in strict mode, string
 * repertoires; the same error codes, offsets and paths), and formatting it as `Name.toString`
 * does. It exists because `Name` carries builders, the RFC 4514 parser and RFC 5280 §7.1
 * comparison, which a parse-only bundle does not need (`test/x509-view.test.ts` holds the two to
 * the same answers).
 * Non-goals: building names, comparison, OpenSSL's one-line form: use `Name.fromDer(view.raw)`
 * (from `certkit/x509`) for those.
 * @module
 */
import {
  DerError, Tlv, _TLV_FAULTS, _scanTlv, addPath, compareEncodings, decodeBmp, decodeIa5, decodeLatin1, decodeNumeric, decodeOid,
  decodePrintable, decodeUniversal, decodeUtf8, decodeVisible, toHex,
} from '../der/index';
import { NameError, type AttributeTypeAndValue, type NameFormatOptions, type Rdn } from './name';

// Universal tags (X.680 §8.4) as module constants: the minifier inlines them, where `Tag.X`
// would bring the whole `Tag` object into a parse-only bundle.
const _OID = 0x06;
const _SEQUENCE = 0x30;
const _SET = 0x31;

/**
 * @internal A lean DER cursor over `b[p..e)` for the view's readers (`view.ts`, `_san-view.ts`):
 * plain functions over the der layer's header rules (`_scanTlv`, the core of `readTlvAt`), with
 * the codes and offsets of the matching `DerReader` methods and shorter messages, so that a
 * parse-only bundle carries neither the `DerReader` class nor the tag-name table. `l` is
 * lenient mode. No depth bound is needed: the structures read here nest at most six levels
 * (the reader's bound is 64).
 */
export interface _Cur {
  b: Uint8Array;
  p: number;
  e: number;
  l: boolean;
}

/** @internal `DerReader.readTlv`. */
export function _next(c: _Cur): Tlv {
  const t = _tlv(c);
  c.p = t.end;
  return t;
}

/** The element at the cursor (not consumed), with every DER header rule (X.690 §8.1, §10). */
function _tlv(c: _Cur): Tlv {
  const r = _scanTlv(c.b, c.p, c.e);
  if (r instanceof Tlv) return r;
  const code = _TLV_FAULTS[r[0]]!;
  throw new DerError(code, `invalid DER header: ${code.replace(/-/g, ' ')} (X.690 §8.1)`, { offset: r[1] });
}

/**
 * @internal `DerReader.read(tag)`. The messages name tags by number; the error's `path` names
 * the field.
 */
export function _get(c: _Cur, tag: number): Tlv {
  const at = c.p;
  const want = `expected tag 0x${tag.toString(16)}`;
  if (at >= c.e) throw new DerError('truncated', `${want} but the input ends here`, { offset: at });
  const t = _tlv(c);
  if (t.tag !== tag) throw new DerError('unexpected-tag', `${want} but found tag 0x${t.tag.toString(16)}`, { offset: at });
  c.p = t.end;
  return t;
}

/** @internal `DerReader.readOptional(tag)`: header errors surface even when the tag differs, as there. */
export function _opt(c: _Cur, tag: number): Tlv | undefined {
  if (c.p >= c.e) return undefined;
  const b = c.b[c.p]!;
  if ((b & 0x1f) !== 0x1f && b !== tag) return undefined;
  const t = _tlv(c);
  if (t.tag !== tag) return undefined;
  c.p = t.end;
  return t;
}

/** @internal `DerReader.enterTlv(t)`: a cursor over the contents of `t`. */
export function _in(c: _Cur, t: Tlv): _Cur {
  return { b: c.b, p: t.valueOffset, e: t.end, l: c.l };
}

/** @internal `DerReader.finish()`. @throws DerError `trailing-data`. */
export function _fin(c: _Cur): void {
  if (c.p < c.e) throw new DerError('trailing-data', `${c.e - c.p} unexpected byte(s) after the last field`, { offset: c.p });
}

/**
 * RFC 4514 names of attribute types, by OID: the §3 table (CN L ST O OU C STREET DC UID) and
 * IANA-registered LDAP descriptors, the same names `Name.toString` uses (the test checks every
 * entry against `attributeShortName`). Built on first use.
 */
let _ldap: Map<string, string> | undefined;

function _ldapName(oid: string): string | undefined {
  if (_ldap === undefined) {
    _ldap = new Map();
    // "OID name" pairs, one string (smaller than an array literal); a bare number is id-at 2.5.4.n.
    // RFC 2985 §5.2.1, RFC 4519 §2.4 and §2.39, CA/B EV Guidelines §9.2.4 for the dotted ones.
    const t = (
      '3 CN 4 SN 5 serialNumber 6 C 7 L 8 ST 9 STREET 10 O 11 OU 12 title 13 description 15 businessCategory ' +
      '17 postalCode 18 postOfficeBox 20 telephoneNumber 41 name 42 GN 43 initials 44 generationQualifier ' +
      '46 dnQualifier 65 pseudonym 72 role 97 organizationIdentifier 1.2.840.113549.1.9.1 emailAddress ' +
      '1.2.840.113549.1.9.2 unstructuredName 0.9.2342.19200300.100.1.25 DC 0.9.2342.19200300.100.1.1 UID ' +
      '1.3.6.1.4.1.311.60.2.1.1 jurisdictionL 1.3.6.1.4.1.311.60.2.1.2 jurisdictionST 1.3.6.1.4.1.311.60.2.1.3 jurisdictionC'
    ).split(' ');
    for (let i = 0; i < t.length; i += 2) _ldap.set(t[i]!.includes('.') ? t[i]! : `2.5.4.${t[i]}`, t[i + 1]!);
  }
  return _ldap.get(oid);
}

/** @internal For the test that holds the table to `name.ts`'s. */
export function _viewAttributeName(oid: string): string | undefined {
  return _ldapName(oid);
}

let _te: TextEncoder | undefined;

/** `\XX` with upper-case hex (RFC 4514 §2.4). */
function _hex2(b: number): string {
  return (b < 16 ? '\\0' : '\\') + b.toString(16).toUpperCase();
}

/** RFC 4514 §2.4 escaping of a string value, plus control characters as `\XX` (as `Name` does). */
function _escape(s: string, asciiOnly: boolean): string {
  let out = '';
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const ch = s[i]!;
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) out += _hex2(c);
    else if ('"+,;<>\\'.includes(ch)) out += `\\${ch}`;
    else if ((ch === '#' || ch === ' ') && i === 0) out += `\\${ch}`;
    else if (ch === ' ' && i === n - 1) out += '\\ ';
    else if (c >= 0x80 && asciiOnly) {
      const str = String.fromCodePoint(s.codePointAt(i)!);
      for (const b of (_te ??= new TextEncoder()).encode(str)) out += _hex2(b);
      i += str.length - 1;
    } else out += ch;
  }
  return out;
}

/**
 * A distinguished name as the certificate view reads it: immutable, aliasing the parsed buffer.
 * Formats exactly as `Name.toString` (RFC 4514); for comparison or building, make a full `Name`
 * with `Name.fromDer(view.raw)`.
 * @example
 * ```ts
 * const v = parseCertificateView(pem);
 * v.subject.toString();  // 'CN=example.com,O=Acme,C=US'
 * v.subject.commonName;  // 'example.com'
 * ```
 */
export class NameView {
  /** The RDNs in encoded order (most general first), each a list of attributes. */
  readonly rdns: ReadonlyArray<Rdn>;
  /** The exact encoding (the whole `SEQUENCE`), a view of the parsed buffer. */
  readonly raw: Uint8Array;
  private _str: string | undefined;

  /** @internal Made by the certificate view. */
  constructor(raw: Uint8Array, rdns: ReadonlyArray<Rdn>) {
    this.raw = raw;
    this.rdns = rdns;
  }

  /** Number of RDNs. */
  get length(): number {
    return this.rdns.length;
  }

  /** Whether the name has no RDNs (an empty subject, RFC 5280 §4.1.2.6). */
  get isEmpty(): boolean {
    return this.rdns.length === 0;
  }

  /** The most specific (last) commonName with a string value, or `undefined`. */
  get commonName(): string | undefined {
    let cn: string | undefined;
    for (const rdn of this.rdns) for (const a of rdn) if (a.type === '2.5.4.3' && a.value !== undefined) cn = a.value;
    return cn;
  }

  /** Every attribute, flattened, in encoded order. */
  attributes(): AttributeTypeAndValue[] {
    return this.rdns.flat();
  }

  /**
   * RFC 4514 string, the same as `Name.toString`: RDNs in reverse order joined by `,`, the
   * attributes of a multi-valued RDN reversed and joined by `+`, values escaped per §2.4;
   * types without an RFC 4514 name, and values that are not strings, as `OID=#hex` (§2.3–2.4).
   * @example
   * ```ts
   * view.issuer.toString({ asciiOnly: true }) // 'O=Acm\\C3\\A9'
   * ```
   */
  toString(options: NameFormatOptions = {}): string {
    const asciiOnly = options.asciiOnly === true;
    if (!asciiOnly && this._str !== undefined) return this._str;
    const parts: string[] = [];
    for (let i = this.rdns.length - 1; i >= 0; i--) {
      const rdn = this.rdns[i]!;
      const items: string[] = [];
      for (let j = rdn.length - 1; j >= 0; j--) {
        const a = rdn[j]!;
        const ldap = _ldapName(a.type);
        items.push(ldap === undefined || a.value === undefined ? `${ldap ?? a.type}=#${toHex(a.rawValue)}` : `${ldap}=${_escape(a.value, asciiOnly)}`);
      }
      parts.push(items.join('+'));
    }
    const s = parts.join(',');
    if (!asciiOnly) this._str = s;
    return s;
  }

  /** The RFC 4514 string (so `JSON.stringify` gives text). */
  toJSON(): string {
    return this.toString();
  }
}

/**
 * @internal The value of a character string element, as `isStringTag(tag) ? decodeString(...) :
 * undefined` gives it (the same types and decoders, X.680 §41; `test/x509-view.test.ts` checks
 * every tag), by the tag numbers so that the `Tag` object stays out of a parse-only bundle.
 */
export function _stringValue(t: Tlv, lenient: boolean): string | undefined {
  const v = t.value;
  const o = t.valueOffset;
  switch (t.tag) {
    case 0x0c: return decodeUtf8(v, o);
    case 0x13: return decodePrintable(v, o, lenient);
    case 0x16: return decodeIa5(v, o);
    case 0x12: return decodeNumeric(v, o);
    case 0x1a: return decodeVisible(v, o);
    case 0x1e: return decodeBmp(v, o);
    case 0x1c: return decodeUniversal(v, o);
    case 0x14: case 0x15: case 0x19: case 0x1b: // Teletex, Videotex, Graphic, General: as Latin-1
      return decodeLatin1(v);
    default:
      return undefined;
  }
}

/**
 * Reads a Name from the cursor's next element, with the rules and errors of `Name.parse`:
 * ```asn1
 * RDNSequence ::= SEQUENCE OF RelativeDistinguishedName
 * RelativeDistinguishedName ::= SET SIZE (1..MAX) OF AttributeTypeAndValue
 * AttributeTypeAndValue ::= SEQUENCE { type AttributeType, value AttributeValue }
 * ```
 * Errors carry the relative path `rdns[i][j].type` / `.value`, as `Name.parse`'s do.
 */
export function _readNameView(r: _Cur): NameView {
  const t = _get(r, _SEQUENCE);
  const seq = _in(r, t);
  const lenient = r.l;
  const rdns: Rdn[] = [];
  let i = 0;
  let j = -1;
  let field = '';
  try {
    for (; seq.p < seq.e; i++) {
      j = -1;
      field = '';
      const setTlv = _get(seq, _SET);
      const set = _in(seq, setTlv);
      if (set.p >= set.e) throw new NameError('empty-rdn', 'empty RelativeDistinguishedName (X.501: SET SIZE (1..MAX))', { offset: setTlv.offset });
      const rdn: AttributeTypeAndValue[] = [];
      let prev: Uint8Array | undefined;
      for (j = 0; set.p < set.e; j++) {
        field = '';
        const atvTlv = _get(set, _SEQUENCE);
        const raw = atvTlv.raw;
        // X.690 §11.6; lenient mode skips it because several real CAs emit multi-valued RDNs unsorted.
        if (prev !== undefined && !lenient && compareEncodings(prev, raw) > 0) {
          throw new DerError('set-order', 'RDN attributes not in DER SET OF order (X.690 §11.6; lenient mode accepts it)', { offset: atvTlv.offset });
        }
        prev = raw;
        const atv = _in(set, atvTlv);
        field = 'type';
        const ot = _get(atv, _OID);
        const type = decodeOid(ot.value, ot.valueOffset);
        field = 'value';
        const vt = _next(atv);
        const value = _stringValue(vt, lenient);
        field = '';
        _fin(atv);
        rdn.push({ type, tag: vt.tag, value, rawValue: vt.raw });
      }
      j = -1;
      rdns.push(rdn);
    }
  } catch (e) {
    throw addPath(e, `rdns[${i}]${j >= 0 ? `[${j}]` : ''}${field ? `.${field}` : ''}`);
  }
  return new NameView(t.raw, rdns);
}
