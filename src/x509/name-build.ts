/**
 * Building distinguished names: from an object or `[type, value]` pairs ({@link nameFrom}),
 * from RDNs, from attributes that carry their encodings, and from an RFC 4514 string
 * ({@link parseNameString}); writing a name or an RDN into DER.
 *
 * Scope: the string types the profile wants per attribute (RFC 5280 §4.1.2.4, Appendix A
 * bounds), the RFC 4514 §3 grammar (escapes, multi-valued RDNs, `#hex` values). Every name
 * built is read back by the one walk of `name.ts`, so a built name and a parsed one are the same
 * record.
 * Non-goals: the full LDAP string grammar of RFC 4512 (`;` as a separator is accepted, quoted
 * values of RFC 1779 are not).
 * @module
 */
import { DerReader, DerWriter, Tag, decodeString, fitsPrintable, isStringTag } from '../der/index';
import { type Name, NameError, parseName, type AttributeTypeAndValue, type Rdn } from './name';
import { _attrTable, attributeShortName, attributeTypeOid } from './name-attributes';

let _utf8: TextDecoder | undefined;

function _encodeValue(oid: string, value: string): AttributeTypeAndValue {
  if (typeof value !== 'string') throw new TypeError(`value of ${attributeShortName(oid)} must be a string`);
  const info = _attrTable().get(oid);
  const label = info?.ldap ?? oid;
  if (info?.syntax === 'raw') throw new RangeError(`${label} values cannot be built from a string`);
  // RFC 5280 Appendix A: DirectoryString and the other attribute syntaxes are SIZE (1..ub).
  if (value.length === 0) throw new RangeError(`${label} must not be empty`);
  if (info?.max !== undefined && [...value].length > info.max) {
    throw new RangeError(`${label} is ${[...value].length} characters; RFC 5280 Appendix A allows at most ${info.max}`);
  }
  let tag: number;
  switch (info?.syntax) {
    case 'country':
      // RFC 5280 Appendix A: X520countryName ::= PrintableString (SIZE (2)), ISO 3166 alpha-2.
      if (!/^[A-Za-z]{2}$/.test(value)) throw new RangeError(`${label} must be a two-letter ISO 3166 code, got ${JSON.stringify(value)}`);
      tag = Tag.PRINTABLE_STRING;
      break;
    case 'printable':
      if (!fitsPrintable(value)) throw new RangeError(`${label} must fit PrintableString (A-Z a-z 0-9 space '()+,-./:=?), got ${JSON.stringify(value)}`);
      tag = Tag.PRINTABLE_STRING;
      break;
    case 'ia5':
      // RFC 5280 Appendix A: EmailAddress ::= IA5String; RFC 4519 §2.4: dc is IA5String.
      // eslint-disable-next-line no-control-regex -- the IA5 range starts at NUL
      if (!/^[\x00-\x7f]*$/.test(value)) throw new RangeError(`${label} must be ASCII (IA5String), got ${JSON.stringify(value)}`);
      tag = Tag.IA5_STRING;
      break;
    default:
      // RFC 5280 §4.1.2.4: DirectoryString; PrintableString when the value fits, else UTF8String.
      tag = fitsPrintable(value) ? Tag.PRINTABLE_STRING : Tag.UTF8_STRING;
  }
  const w = new DerWriter();
  w.string(tag, value);
  let rawValue: Uint8Array;
  try {
    rawValue = w.finish();
  } catch (e) {
    throw new RangeError(`${label}: ${(e as Error).message}`, { cause: e });
  }
  return { type: oid, tag, value, rawValue };
}

function _attrFromRaw(oid: string, rawValue: Uint8Array, lenient: boolean): AttributeTypeAndValue {
  const r = new DerReader(rawValue, { lenient });
  const t = r.readTlv();
  r.finish('the attribute value');
  const value = isStringTag(t.tag) ? decodeString(t.tag, t.value, t.valueOffset, lenient) : undefined;
  return { type: oid, tag: t.tag, value, rawValue: t.raw };
}

/**
 * Input of {@link nameFrom}: short names, long names or dotted OIDs to one value or several.
 * @example
 * ```ts
 * nameFrom({ CN: 'x', OU: ['a', 'b'] }); nameFrom([['O', 'Acme'], ['CN', 'x']])
 * ```
 */
export type NameInit = { [typeOrShortName: string]: string | readonly string[] | undefined } | ReadonlyArray<readonly [string, string]>;

/**
 * The order {@link nameFrom} writes object keys in: the conventional order from the most
 * general to the most specific, as OpenSSL and most CAs write names. Other keys follow in the
 * object's own order.
 * @example
 * ```ts
 * NAME_ORDER.indexOf('C') < NAME_ORDER.indexOf('CN') // true
 * ```
 */
export const NAME_ORDER: readonly string[] = ['DC', 'C', 'ST', 'L', 'O', 'OU', 'CN'];

/**
 * Builds a Name from an object or from `[type, value]` pairs.
 *
 * Object form: each key is a short name (`CN`, `O`, `OU`, `L`, `ST`, `C`, `emailAddress`,
 * `serialNumber`, `DC`, `UID`, ...), a long name or a dotted OID; a value is a string or an
 * array of strings (one RDN each). Keys are written in {@link NAME_ORDER}
 * (DC, C, ST, L, O, OU, CN), then the others in the object's order. Pair form: exactly the
 * order given, one single-valued RDN per pair.
 *
 * String types: C (and jurisdictionC) a two-letter PrintableString; emailAddress and DC
 * IA5String; serialNumber, dnQualifier and telephoneNumber PrintableString; every other type
 * PrintableString when the value fits and UTF8String otherwise (RFC 5280 §4.1.2.4).
 * @throws RangeError for an unknown type, an empty or too long value, or a value outside its
 * type; TypeError for a non-string value.
 * @example
 * ```ts
 * nameFrom({ CN: 'example.com', O: 'Acme', C: 'US' }).toString() // 'CN=example.com,O=Acme,C=US'
 * nameFrom([['CN', 'a'], ['O', 'b']]).toString()                    // 'O=b,CN=a'
 * ```
 */
export function nameFrom(init: NameInit): Name {
  if (init === null || typeof init !== 'object') throw new TypeError('nameFrom expects an object or an array of [type, value] pairs');
  const pairs: Array<readonly [string, string]> = [];
  if (Array.isArray(init)) {
    for (const p of init as ReadonlyArray<readonly [string, string]>) {
      if (!Array.isArray(p) || p.length !== 2) throw new TypeError('nameFrom expects [type, value] pairs');
      pairs.push(p);
    }
  } else {
    const entries = Object.entries(init as Record<string, string | readonly string[] | undefined>)
      .filter((e): e is [string, string | readonly string[]] => e[1] !== undefined)
      .map(([k, v]) => [attributeTypeOid(k), k, v] as const);
    const rank = (oid: string): number => {
      const i = NAME_ORDER.findIndex((n) => attributeTypeOid(n) === oid);
      return i < 0 ? NAME_ORDER.length : i;
    };
    const sorted = entries.map((e, i) => ({ e, i })).sort((a, b) => rank(a.e[0]) - rank(b.e[0]) || a.i - b.i);
    for (const { e } of sorted) {
      const vals = typeof e[2] === 'string' ? [e[2]] : e[2];
      if (!Array.isArray(vals)) throw new TypeError(`value of ${e[1]} must be a string or an array of strings`);
      for (const v of vals) pairs.push([e[0], v]);
    }
  }
  return nameFromRdns(pairs.map((p) => [p]));
}

/**
 * Builds a Name from RDNs given as lists of `[type, value]` pairs (several pairs make a
 * multi-valued RDN), in encoded order.
 * @example
 * ```ts
 * nameFromRdns([[['C', 'US']], [['CN', 'Jane'], ['UID', 'jd']]]).toString() // 'CN=Jane+UID=jd,C=US'
 * ```
 */
export function nameFromRdns(rdns: ReadonlyArray<ReadonlyArray<readonly [string, string]>>): Name {
  if (!Array.isArray(rdns)) throw new TypeError('nameFromRdns expects an array of RDNs');
  return nameFromAttributes(
    rdns.map((rdn) => {
      if (!Array.isArray(rdn) || rdn.length === 0) throw new RangeError('an RDN needs at least one attribute (X.501 SET SIZE (1..MAX))');
      return rdn.map(([t, v]) => _encodeValue(attributeTypeOid(t), v));
    }),
  );
}

/**
 * Builds a Name from attributes that already carry their encoded values (`rawValue`); this is
 * how names are copied exactly.
 * @example
 * ```ts
 * const copy = nameFromAttributes(parsed.rdns);
 * ```
 */
export function nameFromAttributes(rdns: ReadonlyArray<ReadonlyArray<AttributeTypeAndValue>>): Name {
  const w = new DerWriter();
  w.sequence((w) => {
    for (const rdn of rdns) {
      if (rdn.length === 0) throw new RangeError('an RDN needs at least one attribute (X.501 SET SIZE (1..MAX))');
      w.setOf((w) => {
        for (const a of rdn) {
          w.sequence((w) => {
            w.oid(a.type);
            w.raw(a.rawValue);
          });
        }
      });
    }
  });
  const raw = w.finish();
  // Re-read so that `rdns` holds the sorted multi-valued RDNs and views into `raw`.
  return parseName(raw, { lenient: true });
}

/**
 * Parses an RFC 4514 string (`CN=Jane\, Jr.+UID=jd,O=Acme,C=US`): escapes (`\,` and `\C3\A9`),
 * multi-valued RDNs with `+`, `#hex` values (the BER of the value), short names, long names
 * and dotted OIDs. Spaces after `,` and `+` are tolerated (RFC 4514 §4 allows other forms);
 * spaces in values are kept. Values are encoded as {@link nameFrom} does.
 * @throws NameError `invalid-dn-string` (offset = character index); RangeError for a value
 * its type cannot hold.
 * @example
 * ```ts
 * parseNameString('CN=example.com,O=Acme\\, Inc.,C=US').get('O') // ['Acme, Inc.']
 * ```
 */
export function parseNameString(s: string): Name {
  if (typeof s !== 'string') throw new TypeError('parseNameString expects a string');
  const rdns = _parse4514(s);
  return nameFromAttributes(rdns.reverse());
}

/**
 * Writes a Name (exactly its encoding, `name.raw`).
 * @example
 * ```ts
 * w.sequence((w) => { writeName(w, issuer); ... });
 * ```
 */
export function writeName(w: DerWriter, name: Name): void {
  w.raw(name.raw);
}

/**
 * The DER encoding of a Name (a copy of `name.raw`).
 * @example
 * ```ts
 * const der = nameToDer(nameFrom({ CN: 'x' }));
 * ```
 */
export function nameToDer(name: Name): Uint8Array {
  return name.raw.slice();
}

/**
 * Writes one RDN as a SET OF in DER order, with `tag` for IMPLICIT tagging.
 * @example
 * ```ts
 * writeRdn(w, parseNameString('CN=partition1').rdns[0]!, contextTag(1, true));
 * ```
 */
export function writeRdn(w: DerWriter, rdn: Rdn, tag: number = Tag.SET): void {
  if (rdn.length === 0) throw new RangeError('an RDN needs at least one attribute (X.501 SET SIZE (1..MAX))');
  const tmp = new DerWriter();
  tmp.setOf((w) => {
    for (const a of rdn)
      w.sequence((w) => {
        w.oid(a.type);
        w.raw(a.rawValue);
      });
  });
  const set = new DerReader(tmp.finish()).readTlv();
  w.constructed(tag, (w) => w.raw(set.value));
}

// ---------------------------------------------------------------------------------------------
// RFC 4514 §3 parser

function _dnError(s: string, at: number, why: string): never {
  throw new NameError('invalid-dn-string', `${why} at character ${at} of ${JSON.stringify(s)} (RFC 4514 §3)`, { offset: at });
}

function _parse4514(s: string): AttributeTypeAndValue[][] {
  const rdns: AttributeTypeAndValue[][] = [];
  if (s.length === 0) return rdns;
  let i = 0;
  let rdn: AttributeTypeAndValue[] = [];
  for (;;) {
    while (s[i] === ' ') i++;
    // attributeType = descr / numericoid
    const typeStart = i;
    while (i < s.length && /[A-Za-z0-9.\-]/.test(s[i]!)) i++;
    const typeName = s.slice(typeStart, i);
    if (typeName.length === 0) _dnError(s, i, 'expected an attribute type');
    if (s[i] !== '=') _dnError(s, i, `expected '=' after '${typeName}'`);
    i++;
    let oid: string;
    try {
      oid = attributeTypeOid(typeName);
    } catch {
      return _dnError(s, typeStart, `unknown attribute type '${typeName}'`);
    }
    let atv: AttributeTypeAndValue;
    if (s[i] === '#') {
      // hexstring = SHARP 1*hexpair: the BER (here: DER) encoding of the value
      const hs = ++i;
      while (i < s.length && /[0-9A-Fa-f]/.test(s[i]!)) i++;
      const hex = s.slice(hs, i);
      if (hex.length === 0 || hex.length % 2 !== 0) _dnError(s, hs, 'a #hex value needs a whole number of hex pairs');
      const bytes = new Uint8Array(hex.length / 2);
      for (let k = 0; k < bytes.length; k++) bytes[k] = parseInt(hex.slice(2 * k, 2 * k + 2), 16);
      try {
        atv = _attrFromRaw(oid, bytes, false);
      } catch (e) {
        throw new NameError('invalid-dn-string', `the #hex value at character ${hs} is not one DER element: ${(e as Error).message}`, { offset: hs, cause: e });
      }
    } else {
      const bytes: number[] = [];
      let text = '';
      const flush = (): void => {
        if (bytes.length === 0) return;
        _utf8 ??= new TextDecoder('utf-8', { fatal: true });
        try {
          text += _utf8.decode(Uint8Array.from(bytes));
        } catch {
          _dnError(s, i, 'escaped octets are not valid UTF-8');
        }
        bytes.length = 0;
      };
      const vs = i;
      while (i < s.length && s[i] !== ',' && s[i] !== '+' && s[i] !== ';') {
        const ch = s[i]!;
        if (ch === '\\') {
          const n1 = s[i + 1];
          if (n1 !== undefined && /[0-9A-Fa-f]/.test(n1)) {
            const n2 = s[i + 2];
            if (n2 === undefined || !/[0-9A-Fa-f]/.test(n2)) _dnError(s, i, 'a \\ escape needs two hex digits or a special character');
            bytes.push(parseInt(n1 + n2, 16));
            i += 3;
            continue;
          }
          if (n1 === undefined || !'"+,;<>\\ #='.includes(n1)) _dnError(s, i, 'a \\ escape needs two hex digits or a special character');
          flush();
          text += n1;
          i += 2;
          continue;
        }
        flush();
        if (ch === '"' || ch === '<' || ch === '>' || ch === '\0') _dnError(s, i, `'${ch}' must be escaped`);
        if (ch === '#' && i === vs) _dnError(s, i, "a leading '#' must be escaped (or start a #hex value)");
        text += ch;
        i++;
      }
      flush();
      if (text.length === 0) _dnError(s, vs, 'empty attribute value');
      atv = _encodeValue(oid, text);
    }
    rdn.push(atv);
    if (i >= s.length) break;
    const sep = s[i]!;
    i++;
    if (sep !== '+') {
      rdns.push(rdn);
      rdn = [];
    }
    if (i >= s.length) _dnError(s, i, `the string ends after '${sep}'`);
  }
  rdns.push(rdn);
  return rdns;
}
