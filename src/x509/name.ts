/**
 * Distinguished names: `Name` (RFC 5280 §4.1.2.4), its string forms (RFC 4514, OpenSSL's
 * one-line style) and name comparison (RFC 5280 §7.1).
 *
 * Scope: parsing an RDNSequence zero-copy (the exact bytes are kept in `raw`), multi-valued
 * RDNs, every attribute type (unknown types and non-string values kept raw), building from an
 * object, from `[type, value]` pairs or from an RFC 4514 string with the string types the
 * profile wants, formatting, comparison and a canonical key for indexing.
 * Non-goals: the full LDAP StringPrep profile (RFC 4518): comparison uses Unicode NFKC, lower
 * case and whitespace folding, which covers the mapping and insignificant-space steps for the
 * names certificates carry, but not prohibited-character checks or bidi rules.
 * @module
 */
import {
  CertkitError, DerError, DerReader, DerWriter, Tag, addPath, compareEncodings, decodeOid, decodeString,
  derCursor, fitsPrintable, isPrintableChar, isStringTag, readHeader, toHex, type DerCursor, type ErrorLocation,
} from '../der/index';

/**
 * Codes a {@link NameError} can carry.
 * @example
 * ```ts
 * if (e instanceof NameError && e.code === 'empty-rdn') ...
 * ```
 */
export type NameErrorCode =
  | 'empty-rdn' // X.501: RelativeDistinguishedName ::= SET SIZE (1..MAX)
  | 'invalid-dn-string' // an RFC 4514 string that does not follow the grammar of RFC 4514 §3
  | 'invalid-general-name' // a GeneralName choice whose contents break its type
  | 'empty-general-name' // RFC 5280 §4.2.1.6: no empty GeneralName fields in subjectAltName
  | 'invalid-ip-address' // iPAddress octet count is not 4/16 (or 8/32 in name constraints)
  | 'invalid-uri'; // RFC 5280 §4.2.1.6: a URI in subjectAltName must not be relative

/**
 * An error in a distinguished name or a general name.
 *
 * @example
 * ```ts
 * try { Name.parseString('CN') } catch (e) { if (e instanceof NameError) console.log(e.code) }
 * ```
 */
export class NameError extends CertkitError {
  declare readonly code: NameErrorCode;
  constructor(code: NameErrorCode, message: string, location: ErrorLocation = {}) {
    super(code, message, location);
    this.name = 'NameError';
  }
}

/**
 * One `AttributeTypeAndValue` (RFC 5280 §4.1.2.4).
 *
 * `rawValue` is the whole encoding of the value, tag and length included (a view into the
 * parsed buffer), so values of any type survive untouched.
  * @example
  * ```ts
  * for (const a of name.attributes()) console.log(a.type, a.value ?? toHex(a.rawValue))
  * ```
  */
export interface AttributeTypeAndValue {
  /** Attribute type as a dotted OID. */
  readonly type: string;
  /** Tag of the value (`Tag.PRINTABLE_STRING`, `Tag.UTF8_STRING`, ...). */
  readonly tag: number;
  /** Text of a character string value; `undefined` for any other ASN.1 type. */
  readonly value: string | undefined;
  /** Encoding of the value, header included. */
  readonly rawValue: Uint8Array;
}

/**
 * A relative distinguished name: one or more attributes (a SET OF).
 * @example
 * ```ts
 * const rdn: Rdn = Name.parseString('CN=a+UID=b').rdns[0]!
 * ```
 */
export type Rdn = ReadonlyArray<AttributeTypeAndValue>;

/** How a builder encodes a value of an attribute type. */
type _Syntax = 'dir' | 'printable' | 'ia5' | 'country' | 'raw';

interface _AttrInfo {
  oid: string;
  /** Name used in RFC 4514 output (§3 table or a registered LDAP descriptor). */
  ldap: string;
  /** OpenSSL's short name (`OBJ_nid2sn`), used by the one-line form. */
  ossl: string;
  syntax: _Syntax;
  /** RFC 5280 Appendix A upper bound, when there is one. */
  max?: number;
  /** Extra names accepted by the parsers and builders (case-insensitive). */
  aliases?: string[];
}

let _attrsByOid: Map<string, _AttrInfo> | undefined;
let _attrsByName: Map<string, _AttrInfo> | undefined;

function _attrTable(): Map<string, _AttrInfo> {
  if (_attrsByOid !== undefined) return _attrsByOid;
  // X.520 attribute types (id-at = 2.5.4), RFC 5280 Appendix A.1 upper bounds, RFC 4514 §3 names
  // (CN L ST O OU C STREET DC UID) and IANA-registered LDAP descriptors for the rest.
  const list: _AttrInfo[] = [
    { oid: '2.5.4.3', ldap: 'CN', ossl: 'CN', syntax: 'dir', max: 64, aliases: ['commonName'] },
    { oid: '2.5.4.4', ldap: 'SN', ossl: 'SN', syntax: 'dir', max: 40, aliases: ['surname'] },
    { oid: '2.5.4.5', ldap: 'serialNumber', ossl: 'serialNumber', syntax: 'printable', max: 64 },
    { oid: '2.5.4.6', ldap: 'C', ossl: 'C', syntax: 'country', aliases: ['countryName'] },
    { oid: '2.5.4.7', ldap: 'L', ossl: 'L', syntax: 'dir', max: 128, aliases: ['localityName'] },
    { oid: '2.5.4.8', ldap: 'ST', ossl: 'ST', syntax: 'dir', max: 128, aliases: ['stateOrProvinceName', 'S'] },
    { oid: '2.5.4.9', ldap: 'STREET', ossl: 'street', syntax: 'dir', aliases: ['streetAddress'] },
    { oid: '2.5.4.10', ldap: 'O', ossl: 'O', syntax: 'dir', max: 64, aliases: ['organizationName'] },
    { oid: '2.5.4.11', ldap: 'OU', ossl: 'OU', syntax: 'dir', max: 64, aliases: ['organizationalUnitName'] },
    { oid: '2.5.4.12', ldap: 'title', ossl: 'title', syntax: 'dir', max: 64 },
    { oid: '2.5.4.13', ldap: 'description', ossl: 'description', syntax: 'dir' },
    { oid: '2.5.4.15', ldap: 'businessCategory', ossl: 'businessCategory', syntax: 'dir' },
    { oid: '2.5.4.17', ldap: 'postalCode', ossl: 'postalCode', syntax: 'dir', max: 40 },
    { oid: '2.5.4.18', ldap: 'postOfficeBox', ossl: 'postOfficeBox', syntax: 'dir', max: 40 },
    { oid: '2.5.4.20', ldap: 'telephoneNumber', ossl: 'telephoneNumber', syntax: 'printable', max: 32 },
    { oid: '2.5.4.41', ldap: 'name', ossl: 'name', syntax: 'dir', max: 32768 },
    { oid: '2.5.4.42', ldap: 'GN', ossl: 'GN', syntax: 'dir', max: 16, aliases: ['givenName'] },
    { oid: '2.5.4.43', ldap: 'initials', ossl: 'initials', syntax: 'dir', max: 5 },
    { oid: '2.5.4.44', ldap: 'generationQualifier', ossl: 'generationQualifier', syntax: 'dir', max: 3 },
    { oid: '2.5.4.46', ldap: 'dnQualifier', ossl: 'dnQualifier', syntax: 'printable' },
    { oid: '2.5.4.65', ldap: 'pseudonym', ossl: 'pseudonym', syntax: 'dir', max: 128 },
    { oid: '2.5.4.72', ldap: 'role', ossl: 'role', syntax: 'dir' },
    { oid: '2.5.4.97', ldap: 'organizationIdentifier', ossl: 'organizationIdentifier', syntax: 'dir' },
    // RFC 2985 §5.2.1 (legacy in subjects, RFC 5280 §4.1.2.6); IA5String, ub 255
    { oid: '1.2.840.113549.1.9.1', ldap: 'emailAddress', ossl: 'emailAddress', syntax: 'ia5', max: 255, aliases: ['E', 'email'] },
    { oid: '1.2.840.113549.1.9.2', ldap: 'unstructuredName', ossl: 'unstructuredName', syntax: 'ia5' },
    // RFC 4519 §2.4 dc (IA5String), §2.39 uid
    { oid: '0.9.2342.19200300.100.1.25', ldap: 'DC', ossl: 'DC', syntax: 'ia5', max: 63, aliases: ['domainComponent'] },
    { oid: '0.9.2342.19200300.100.1.1', ldap: 'UID', ossl: 'UID', syntax: 'dir', aliases: ['userId'] },
    // CA/B EV Guidelines §9.2.4
    { oid: '1.3.6.1.4.1.311.60.2.1.1', ldap: 'jurisdictionL', ossl: 'jurisdictionL', syntax: 'dir', max: 128, aliases: ['jurisdictionLocalityName'] },
    { oid: '1.3.6.1.4.1.311.60.2.1.2', ldap: 'jurisdictionST', ossl: 'jurisdictionST', syntax: 'dir', max: 128, aliases: ['jurisdictionStateOrProvinceName'] },
    { oid: '1.3.6.1.4.1.311.60.2.1.3', ldap: 'jurisdictionC', ossl: 'jurisdictionC', syntax: 'country', aliases: ['jurisdictionCountryName'] },
  ];
  _attrsByOid = new Map();
  _attrsByName = new Map();
  for (const a of list) {
    _attrsByOid.set(a.oid, a);
    for (const n of [a.ldap, a.ossl, ...(a.aliases ?? [])]) _attrsByName.set(n.toLowerCase(), a);
  }
  return _attrsByOid;
}

function _attrByName(name: string): _AttrInfo | undefined {
  _attrTable();
  return _attrsByName!.get(name.toLowerCase());
}

const _DOTTED = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))+$/;

/**
 * The dotted OID of an attribute type given by a short name (`CN`, `emailAddress`, `DC`, ...),
 * a long name (`commonName`) or a dotted OID (optionally prefixed `OID.`).
 *
 * @throws RangeError for an unknown name.
 * @example
 * ```ts
 * attributeTypeOid('CN') === '2.5.4.3'; attributeTypeOid('OID.2.5.4.3') === '2.5.4.3'
 * ```
 */
export function attributeTypeOid(typeOrName: string): string {
  if (typeof typeOrName !== 'string') throw new TypeError('attribute type must be a string');
  const t = /^oid\./i.test(typeOrName) ? typeOrName.slice(4) : typeOrName;
  if (_DOTTED.test(t)) return t;
  const a = _attrByName(t);
  if (a === undefined) throw new RangeError(`unknown attribute type '${typeOrName}'; use a dotted OID`);
  return a.oid;
}

/**
 * The RFC 4514 name of an attribute type (`CN`, `emailAddress`, ...), or the dotted OID when
 * the type has none.
 * @example
 * ```ts
 * attributeShortName('2.5.4.10') === 'O'
 * ```
 */
export function attributeShortName(oid: string): string {
  return _attrTable().get(oid)?.ldap ?? oid;
}

/**
 * OpenSSL's short name of an attribute type (`CN`, `street`, `emailAddress`, ...), or the dotted
 * OID when OpenSSL has none here.
 * @example
 * ```ts
 * attributeOpenSslName('2.5.4.9') === 'street'
 * ```
 */
export function attributeOpenSslName(oid: string): string {
  return _attrTable().get(oid)?.ossl ?? oid;
}

// ---------------------------------------------------------------------------------------------
// Building attribute values

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

// ---------------------------------------------------------------------------------------------
// Normalisation for comparison (RFC 5280 §7.1)

function _canonValue(a: AttributeTypeAndValue): string {
  if (a.value === undefined) return `#${toHex(a.rawValue)}`;
  // RFC 5280 §7.1 / RFC 4518: map (NFKC), case fold, insignificant space handling.
  return `'${a.value.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim()}`;
}

// ---------------------------------------------------------------------------------------------
// RFC 4514 formatting

function _hex2(b: number): string {
  return (b < 16 ? '\\0' : '\\') + b.toString(16).toUpperCase();
}

let _te: TextEncoder | undefined;

/** RFC 4514 §2.4 escaping of a string value. */
function _escape4514(s: string, asciiOnly: boolean): string {
  let out = '';
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const ch = s[i]!;
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) out += _hex2(c); // NUL must be escaped (§2.4); other controls for display safety
    else if ('"+,;<>\\'.includes(ch)) out += `\\${ch}`;
    else if ((ch === '#' || ch === ' ') && i === 0) out += `\\${ch}`;
    else if (ch === ' ' && i === n - 1) out += '\\ ';
    else if (c >= 0x80 && asciiOnly) {
      const cp = s.codePointAt(i)!;
      const str = String.fromCodePoint(cp);
      _te ??= new TextEncoder();
      for (const b of _te.encode(str)) out += _hex2(b);
      i += str.length - 1;
    } else out += ch;
  }
  return out;
}

/**
 * Options of {@link Name.toString}.
 * @example
 * ```ts
 * name.toString({ asciiOnly: true }) // 'O=Acm\\C3\\A9'
 * ```
 */
export interface NameFormatOptions {
  /**
   * Escape every non-ASCII character as `\XX` UTF-8 octets (RFC 4514 §2.4 allows both), as
   * `openssl -nameopt RFC2253` does. Default `false`: UTF-8 text as is.
   */
  asciiOnly?: boolean;
}

// ---------------------------------------------------------------------------------------------
// The fast walk. Certificate parsing reads two names per certificate, so names that are
// well-formed and use the common string types are read over plain offsets: no reader, element
// or attribute objects, and no strings until a value is asked for. The walk never reports an
// error: on anything it does not handle (a rule broken, an unusual tag, a first-seen OID that
// does not decode) it gives up and the general path (`_readRdn`) reads the name, which is the
// specification and produces the error with its path and offset. So the walk only has to accept
// nothing that the general path refuses, with the same values; every check it makes (DER
// lengths, SET OF order, non-empty RDNs, string repertoires, UTF-8 and BMPString validity)
// runs here, at parse time, as before.

/** Numbers per attribute in a layout: RDN index, type id, value tag, value start, contents start, end, flags. */
const _STRIDE = 7;
/** The value is its bytes read as ASCII (a validated string type, every octet below 0x80). */
const _F_ASCII = 1;
/** With `_F_ASCII`: nothing in the value that RFC 4514 §2.4 escapes. */
const _F_PLAIN = 2;
/** The value was decoded at parse time (validation is decoding) and kept in `_vals`. */
const _F_STR = 4;

/** An attribute type seen by the walk: its encoding, dotted form and RFC 4514 name. */
interface _TypeInfo {
  readonly enc: Uint8Array;
  readonly oid: string;
  /** RFC 4514 name, or `undefined` for types formatted as dotted OID + `#hex`. */
  readonly ldap: string | undefined;
  /** `ldap` as ASCII octets. */
  readonly ldapBytes: Uint8Array | undefined;
  /** id-at-commonName (2.5.4.3, contents 55 04 03). */
  readonly cn: boolean;
}

let _types: _TypeInfo[] | undefined;
let _typeIds: Map<number, number> | undefined;

/**
 * The id of the attribute type whose OID contents are `b[v..e)`, decoding (and so validating)
 * each distinct encoding once; -1 for an encoding that does not decode or a hash collision.
 */
function _typeAt(b: Uint8Array, v: number, e: number): number {
  let h = e - v;
  for (let i = v; i < e; i++) h = (Math.imul(h, 31) + b[i]!) | 0;
  _typeIds ??= new Map();
  _types ??= [];
  const id = _typeIds.get(h);
  if (id !== undefined) {
    const enc = _types[id]!.enc;
    if (enc.length !== e - v) return -1;
    for (let i = 0; i < enc.length; i++) if (enc[i] !== b[v + i]) return -1;
    return id;
  }
  if (_types.length >= 1024) return -1;
  let oid: string;
  try {
    oid = decodeOid(b.subarray(v, e), v);
  } catch {
    return -1;
  }
  const ldap = _attrTable().get(oid)?.ldap;
  const ldapBytes = ldap === undefined ? undefined : Uint8Array.from(ldap, (c) => c.charCodeAt(0));
  _types.push({ enc: b.slice(v, e), oid, ldap, ldapBytes, cn: oid === '2.5.4.3' });
  _typeIds.set(h, _types.length - 1);
  return _types.length - 1;
}


let _ascii: Uint8Array | undefined;

/**
 * Per ASCII octet: bit 1 = in the PrintableString repertoire (X.680 §41.4), bit 2 = escaped by
 * RFC 4514 §2.4 wherever it stands (`" + , ; < > \`, and controls as `\XX`).
 */
function _asciiTable(): Uint8Array {
  if (_ascii !== undefined) return _ascii;
  const t = new Uint8Array(128);
  for (let c = 0; c < 128; c++) {
    if (isPrintableChar(c)) t[c]! |= 1;
    if (c < 0x20 || c === 0x7f || '"+,;<>\\'.includes(String.fromCharCode(c))) t[c]! |= 2;
  }
  return (_ascii = t);
}

/**
 * The header of the element at `at` if its tag is `tag` (the der layer's cursor checks every
 * rule and throws on a malformed header, which `_walkName` turns into "take the general path"):
 * the contents offset, with the element's end in `c.ve`; -1 for another tag or the end.
 */
function _h(c: DerCursor, at: number, end: number, tag: number): number {
  if (at >= end || c.buf[at] !== tag) return -1;
  c.pos = at;
  c.end = end;
  readHeader(c);
  return c.vs;
}

/**
 * Walks the RDNSequence contents `b[p..e)`, appending `_STRIDE` numbers per attribute to `lay`
 * and the strings decoded now (for `_F_STR` values) to `vals` by attribute index. Returns the
 * number of RDNs, or -1 to leave the name to the general path (which reports any error).
 * Re-entrant: all state is in the arguments and a local cursor.
 */
function _walkName(b: Uint8Array, p: number, e: number, lenient: boolean, lay: number[], vals: Array<string | undefined>): number {
  try {
    return _walkNameAt(derCursor(b, p, e, lenient), p, e, lenient, lay, vals);
  } catch {
    return -1;
  }
}

function _walkNameAt(c: DerCursor, p: number, e: number, lenient: boolean, lay: number[], vals: Array<string | undefined>): number {
  const b = c.buf;
  const table = _asciiTable();
  let rdn = 0;
  let k = 0;
  while (p < e) {
    const sv = _h(c, p, e, 0x31); // SET
    if (sv < 0) return -1;
    const se = c.ve;
    if (sv === se) return -1; // empty RDN: the general path reports it
    let q = sv;
    let prevS = -1;
    let prevE = -1;
    while (q < se) {
      const av = _h(c, q, se, 0x30); // SEQUENCE
      if (av < 0) return -1;
      const ae = c.ve;
      // X.690 §11.6 SET OF order (multi-valued RDNs only; the general path says why lenient skips it)
      if (prevS >= 0 && !lenient && compareEncodings(b.subarray(prevS, prevE), b.subarray(q, ae)) > 0) return -1;
      prevS = q;
      prevE = ae;
      const ov = _h(c, av, ae, 0x06); // OBJECT IDENTIFIER
      if (ov < 0) return -1;
      const oe = c.ve;
      const type = _typeAt(b, ov, oe);
      if (type < 0) return -1;
      const tag = b[oe]!;
      // UTF8String, PrintableString, TeletexString, IA5String, BMPString; other tags go the general way.
      if (tag !== 0x0c && tag !== 0x13 && tag !== 0x16 && tag !== 0x1e && tag !== 0x14) return -1;
      const vv = _h(c, oe, ae, tag);
      if (vv < 0 || c.ve !== ae) return -1;
      let flags = _F_ASCII | _F_PLAIN;
      let any = 0; // OR of the octets
      let esc = 0; // OR of the table bits
      let bad = false;
      if (tag === 0x13) {
        // PrintableString: the repertoire, or with `lenient` any printable ASCII (see decodePrintable)
        for (let i = vv; i < ae; i++) {
          const c = b[i]!;
          const t = c < 0x80 ? table[c]! : 0;
          if ((t & 1) === 0 && !(lenient && c >= 0x20 && c <= 0x7e)) { bad = true; break; }
          esc |= t;
        }
      } else {
        for (let i = vv; i < ae; i++) {
          const c = b[i]!;
          any |= c;
          if (c < 0x80) esc |= table[c]!;
        }
        if (tag === 0x16 && any >= 0x80) bad = true; // IA5String is ASCII
      }
      if (bad) return -1;
      if (tag === 0x1e || any >= 0x80) {
        // BMPString, or UTF-8 / Latin-1 beyond ASCII: decoded (and so validated) now.
        let str: string;
        try {
          str = decodeString(tag, b.subarray(vv, ae), vv, lenient);
        } catch {
          return -1;
        }
        vals[k] = str;
        flags = _F_STR;
      } else if ((esc & 2) !== 0 || ae === vv || b[vv] === 0x23 || b[vv] === 0x20 || b[ae - 1] === 0x20) {
        flags = _F_ASCII; // RFC 4514 §2.4: specials, controls, leading '#' or space, trailing space
      }
      lay.push(rdn, type, tag, oe, vv, ae, flags);
      k++;
      q = ae;
    }
    rdn++;
    p = se;
  }
  return rdn;
}

let _dec: TextDecoder | undefined;

/** ASCII octets `b[v..e)` as a string (short ones by concatenation, which beats a decoder call). */
function _latin1(b: Uint8Array, v: number, e: number): string {
  if (e - v > 12) return (_dec ??= new TextDecoder()).decode(b.subarray(v, e)); // ASCII is UTF-8
  let s = '';
  for (let i = v; i < e; i++) s += String.fromCharCode(b[i]!);
  return s;
}

let _scratch: Uint8Array | undefined;
const _HEX_UPPER = '0123456789ABCDEF';

function _rangesEqual(a: Uint8Array, as: number, ae: number, b: Uint8Array, bs: number, be: number): boolean {
  if (ae - as !== be - bs) return false;
  for (let i = 0; i < ae - as; i++) if (a[as + i] !== b[bs + i]) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// The Name class

/**
 * Input of {@link Name.from}: short names, long names or dotted OIDs to one value or several.
 * @example
 * ```ts
 * Name.from({ CN: 'x', OU: ['a', 'b'] }); Name.from([['O', 'Acme'], ['CN', 'x']])
 * ```
 */
export type NameInit =
  | { [typeOrShortName: string]: string | readonly string[] | undefined }
  | ReadonlyArray<readonly [string, string]>;

/**
 * The order {@link Name.from} writes object keys in: the conventional order from the most
 * general to the most specific, as OpenSSL and most CAs write names. Other keys follow in the
 * object's own order.
  * @example
  * ```ts
  * NAME_ORDER.indexOf('C') < NAME_ORDER.indexOf('CN') // true
  * ```
  */
export const NAME_ORDER: readonly string[] = ['DC', 'C', 'ST', 'L', 'O', 'OU', 'CN'];

/**
 * A distinguished name (RFC 5280 §4.1.2.4): `Name ::= CHOICE { rdnSequence RDNSequence }`.
 *
 * Parsed names alias the caller's buffer (`raw` and every `rawValue` are views). Instances are
 * immutable.
 *
 * @example
 * ```ts
 * const n = Name.from({ C: 'US', O: 'Acme', CN: 'Acme Root' });
 * n.toString();        // 'CN=Acme Root,O=Acme,C=US'
 * Name.parse(new DerReader(n.toDer())).equals(n); // true
 * ```
 */
export class Name {
  /** Bytes and bounds of the encoding (`raw` is made from these on first read). */
  private readonly _buf: Uint8Array;
  private readonly _s: number;
  private readonly _e: number;
  private _raw: Uint8Array | undefined;
  /**
   * Attributes found by the fast walk, `_STRIDE` numbers each (see {@link _walkName}); `undefined`
   * for names read by the general path, which fills `_rdns` at once.
   */
  private readonly _lay: number[] | undefined;
  /** Decoded values of the fast walk's attributes that are not plain ASCII (`_F_STR`). */
  private readonly _vals: Array<string | undefined> | undefined;
  private readonly _nrdn: number;
  private _rdns: ReadonlyArray<Rdn> | undefined;
  private _str: string | undefined;
  private _key: string | undefined;

  private constructor(
    buf: Uint8Array, s: number, e: number, nrdn: number, rdns: ReadonlyArray<Rdn> | undefined,
    lay: number[] | undefined, vals: Array<string | undefined> | undefined,
  ) {
    this._buf = buf;
    this._s = s;
    this._e = e;
    this._raw = undefined;
    this._nrdn = nrdn;
    this._rdns = rdns;
    this._lay = lay;
    this._vals = vals;
    this._str = undefined;
    this._key = undefined;
  }

  /** The exact encoding (the whole `SEQUENCE`), as received or as built (a view). */
  get raw(): Uint8Array {
    return (this._raw ??= this._buf.subarray(this._s, this._e));
  }

  /** The RDNs in encoded order (most general first, as in the certificate). */
  get rdns(): ReadonlyArray<Rdn> {
    return (this._rdns ??= this._materialize());
  }

  /** Builds `rdns` from the fast walk's layout (first read only). */
  private _materialize(): ReadonlyArray<Rdn> {
    const lay = this._lay!;
    const types = _types!;
    const b = this._buf;
    const out: AttributeTypeAndValue[][] = [];
    let cur: AttributeTypeAndValue[] | undefined;
    let last = -1;
    for (let k = 0, o = 0; o < lay.length; k++, o += _STRIDE) {
      if (lay[o] !== last) {
        last = lay[o]!;
        cur = [];
        out.push(cur);
      }
      cur!.push({ type: types[lay[o + 1]!]!.oid, tag: lay[o + 2]!, value: this._valueAt(k), rawValue: b.subarray(lay[o + 3]!, lay[o + 5]!) });
    }
    return out;
  }

  /** The value of the fast walk's attribute `k`. */
  private _valueAt(k: number): string | undefined {
    const lay = this._lay!;
    const o = k * _STRIDE;
    const f = lay[o + 6]!;
    if ((f & _F_ASCII) !== 0) return _latin1(this._buf, lay[o + 4]!, lay[o + 5]!);
    return (f & _F_STR) !== 0 ? this._vals![k] : undefined;
  }

  /**
   * Reads a Name from the reader's next element.
   *
   * ```asn1
   * RDNSequence ::= SEQUENCE OF RelativeDistinguishedName
   * RelativeDistinguishedName ::= SET SIZE (1..MAX) OF AttributeTypeAndValue
   * AttributeTypeAndValue ::= SEQUENCE { type AttributeType, value AttributeValue }
   * ```
   * The SET OF order of multi-valued RDNs is checked (X.690 §11.6) unless the reader is
   * lenient: several real CAs emit multi-valued RDNs unsorted.
   * @throws DerError for malformed DER; NameError `empty-rdn`.
   * @example
   * ```ts
   * const subject = Name.parse(new DerReader(der));
   * ```
   */
  static parse(r: DerReader): Name {
    const t = r.read(0x30, 'Name (RDNSequence)'); // SEQUENCE (literal: hot path)
    // The fast walk needs the three levels the general path may enter (SEQUENCE, SET, ATV).
    if (r.depth + 3 <= r.maxDepth) {
      const n = Name._fast(t.buf, t.offset, t.valueOffset, t.end, r.lenient);
      if (n !== undefined) return n;
    }
    const seq = r.enterTlv(t);
    const rdns: Rdn[] = [];
    // One try/catch for the whole name (closures per attribute cost more than the parse).
    const where = { i: 0, j: -1, field: '' };
    try {
      while (!seq.atEnd) {
        where.j = -1;
        where.field = '';
        rdns.push(_readRdn(seq, 0x31, where)); // SET
        where.i++;
      }
    } catch (e) {
      throw addPath(e, `rdns[${where.i}]${where.j >= 0 ? `[${where.j}]` : ''}${where.field ? `.${where.field}` : ''}`);
    }
    return new Name(t.buf, t.offset, t.end, rdns.length, rdns, undefined, undefined);
  }

  /** The fast walk over the contents `v..e` of the Name at `s`; `undefined` to take the general path. */
  private static _fast(b: Uint8Array, s: number, v: number, e: number, lenient: boolean): Name | undefined {
    const lay: number[] = [];
    const vals: Array<string | undefined> = [];
    const nrdn = _walkName(b, v, e, lenient, lay, vals);
    if (nrdn < 0) return undefined;
    return new Name(b, s, e, nrdn, undefined, lay, vals.length === 0 ? undefined : vals);
  }

  /** @internal The Name whose encoding is exactly `buf[start..end)` (the certificate parser's entry). */
  static _at(buf: Uint8Array, start: number, end: number, lenient: boolean): Name {
    // The caller found a SEQUENCE header spanning exactly start..end; read it again here.
    let v = -1;
    const c = derCursor(buf, start, end, lenient);
    try {
      v = _h(c, start, end, 0x30);
    } catch {
      // malformed: the general path reports it
    }
    if (v >= 0 && c.ve === end) {
      const n = Name._fast(buf, start, v, end, lenient);
      if (n !== undefined) return n;
    }
    return Name.parse(new DerReader(buf, { lenient }, start, end));
  }

  /**
   * Parses a DER-encoded Name that fills `der` exactly.
   * @example
   * ```ts
   * const n = Name.fromDer(bytes);
   * ```
   */
  static fromDer(der: Uint8Array, options: { lenient?: boolean } = {}): Name {
    const r = new DerReader(der, options);
    const n = Name.parse(r);
    r.finish('Name');
    return n;
  }

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
   * Name.from({ CN: 'example.com', O: 'Acme', C: 'US' }).toString() // 'CN=example.com,O=Acme,C=US'
   * Name.from([['CN', 'a'], ['O', 'b']]).toString()                    // 'O=b,CN=a'
   * ```
   */
  static from(init: NameInit): Name {
    if (init === null || typeof init !== 'object') throw new TypeError('Name.from expects an object or an array of [type, value] pairs');
    const pairs: Array<readonly [string, string]> = [];
    if (Array.isArray(init)) {
      for (const p of init as ReadonlyArray<readonly [string, string]>) {
        if (!Array.isArray(p) || p.length !== 2) throw new TypeError('Name.from expects [type, value] pairs');
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
    return Name.fromRdns(pairs.map((p) => [p]));
  }

  /**
   * Builds a Name from RDNs given as lists of `[type, value]` pairs (several pairs make a
   * multi-valued RDN), in encoded order.
   * @example
   * ```ts
   * Name.fromRdns([[['C', 'US']], [['CN', 'Jane'], ['UID', 'jd']]]).toString() // 'CN=Jane+UID=jd,C=US'
   * ```
   */
  static fromRdns(rdns: ReadonlyArray<ReadonlyArray<readonly [string, string]>>): Name {
    if (!Array.isArray(rdns)) throw new TypeError('Name.fromRdns expects an array of RDNs');
    return Name.fromAttributes(
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
   * const copy = Name.fromAttributes(parsed.rdns);
   * ```
   */
  static fromAttributes(rdns: ReadonlyArray<ReadonlyArray<AttributeTypeAndValue>>): Name {
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
    return Name.fromDer(raw, { lenient: true });
  }

  /**
   * Parses an RFC 4514 string (`CN=Jane\, Jr.+UID=jd,O=Acme,C=US`): escapes (`\,` and `\C3\A9`),
   * multi-valued RDNs with `+`, `#hex` values (the BER of the value), short names, long names
   * and dotted OIDs. Spaces after `,` and `+` are tolerated (RFC 4514 §4 allows other forms);
   * spaces in values are kept. Values are encoded as {@link Name.from} does.
   * @throws NameError `invalid-dn-string` (offset = character index); RangeError for a value
   * its type cannot hold.
   * @example
   * ```ts
   * Name.parseString('CN=example.com,O=Acme\\, Inc.,C=US').get('O') // ['Acme, Inc.']
   * ```
   */
  static parseString(s: string): Name {
    if (typeof s !== 'string') throw new TypeError('Name.parseString expects a string');
    const rdns = _parse4514(s);
    return Name.fromAttributes(rdns.reverse());
  }

  /** Number of RDNs. */
  get length(): number {
    return this._nrdn;
  }

  /** Whether the name has no RDNs (an empty subject, RFC 5280 §4.1.2.6). */
  get isEmpty(): boolean {
    return this._nrdn === 0;
  }

  /**
   * The most specific (last) commonName, or `undefined`.
   * @example
   * ```ts
   * Name.from({ CN: 'x' }).commonName === 'x'
   * ```
   */
  get commonName(): string | undefined {
    const lay = this._lay;
    if (lay === undefined) {
      const all = this.get('2.5.4.3');
      return all[all.length - 1];
    }
    // The fast walk's layout: find the last id-at-commonName (encoded 55 04 03) with a string value.
    const types = _types!;
    for (let o = lay.length - _STRIDE; o >= 0; o -= _STRIDE) {
      if (types[lay[o + 1]!]!.cn && lay[o + 6] !== 0) return this._valueAt(o / _STRIDE);
    }
    return undefined;
  }

  /**
   * Every string value of an attribute type, in encoded order.
   * @example
   * ```ts
   * name.get('OU'); name.get('2.5.4.11')
   * ```
   */
  get(typeOrShortName: string): string[] {
    const oid = attributeTypeOid(typeOrShortName);
    const out: string[] = [];
    for (const rdn of this.rdns) for (const a of rdn) if (a.type === oid && a.value !== undefined) out.push(a.value);
    return out;
  }

  /** Every attribute, flattened, in encoded order. */
  attributes(): AttributeTypeAndValue[] {
    return this.rdns.flat();
  }

  /**
   * RFC 4514 string: RDNs in reverse order separated by `,`, multi-valued RDNs joined by `+`
   * (their attributes reversed too, as OpenSSL prints them; RFC 4514 §2.2 allows any order),
   * values escaped per §2.4 (plus control characters as `\XX`). Types: the §3 names (CN, L, ST,
   * O, OU, C, STREET, DC, UID) and registered LDAP descriptors (emailAddress, serialNumber,
   * SN, GN, title, organizationIdentifier, ...); other types as dotted OIDs with a `#hex` value
   * (§2.3–2.4), as are values that are not character strings.
   *
   * This matches `openssl x509 -noout -subject -nameopt RFC2253` when `asciiOnly` is set, except
   * for the names OpenSSL spells differently (`street` for STREET).
   * @example
   * ```ts
   * Name.from({ C: 'US', O: 'A, B' }).toString() // 'O=A\\, B,C=US'
   * ```
   */
  toString(options: NameFormatOptions = {}): string {
    const asciiOnly = options.asciiOnly === true;
    if (this._lay !== undefined) {
      if (asciiOnly) return this._format4514Fast(true);
      return (this._str ??= this._format4514Fast(false));
    }
    const parts: string[] = [];
    for (let i = this.rdns.length - 1; i >= 0; i--) {
      // Attributes of a multi-valued RDN may come in any order (§2.2); reversed like OpenSSL's dn_rev.
      const rdn = this.rdns[i]!;
      const items: string[] = [];
      for (let j = rdn.length - 1; j >= 0; j--) items.push(_format4514(rdn[j]!, asciiOnly));
      parts.push(items.join('+'));
    }
    return parts.join(',');
  }

  /**
   * RFC 4514 form over the fast walk's layout: the same output as the general loop below it,
   * with plain ASCII values (nothing to escape) copied from the bytes.
   */
  private _format4514Fast(asciiOnly: boolean): string {
    const lay = this._lay!;
    const types = _types!;
    const b = this._buf;
    // Common case: every value ASCII under a named type. Assemble the octets, decode once.
    let size = 0;
    for (let o = 0; o < lay.length; o += _STRIDE) {
      const lb = types[lay[o + 1]!]!.ldapBytes;
      const f = lay[o + 6]!;
      if (lb === undefined || (f & _F_ASCII) === 0) { size = -1; break; }
      size += lb.length + 2 + (lay[o + 5]! - lay[o + 4]!) * ((f & _F_PLAIN) !== 0 ? 1 : 3);
    }
    if (size > 0) {
      // A scratch buffer reused across calls: this block is synchronous and calls nothing that
      // could re-enter it, so sharing is safe; allocating a typed array per call cost 15% of
      // parsing a root store and reading its names.
      let sc = _scratch;
      if (sc === undefined || sc.length < size) {
        sc = new Uint8Array(Math.max(size, 1024));
        if (size <= 65536) _scratch = sc;
      }
      let n = 0;
      for (let o = lay.length - _STRIDE; o >= 0; o -= _STRIDE) {
        if (n !== 0) sc[n++] = lay[o + _STRIDE] === lay[o] ? 0x2b : 0x2c; // '+' or ','
        const lb = types[lay[o + 1]!]!.ldapBytes!;
        sc.set(lb, n);
        n += lb.length;
        sc[n++] = 0x3d; // '='
        const v = lay[o + 4]!;
        const e = lay[o + 5]!;
        if ((lay[o + 6]! & _F_PLAIN) !== 0) {
          for (let i = v; i < e; i++) sc[n++] = b[i]!;
          continue;
        }
        // _escape4514 on ASCII, octet by octet
        const table = _ascii!;
        for (let i = v; i < e; i++) {
          const c = b[i]!;
          if (c < 0x20 || c === 0x7f) {
            sc[n++] = 0x5c; // '\' then two upper-case hex digits
            sc[n++] = _HEX_UPPER.charCodeAt(c >> 4);
            sc[n++] = _HEX_UPPER.charCodeAt(c & 15);
            continue;
          }
          if ((table[c]! & 2) !== 0 || ((c === 0x23 || c === 0x20) && i === v) || (c === 0x20 && i === e - 1)) sc[n++] = 0x5c;
          sc[n++] = c;
        }
      }
      return (_dec ??= new TextDecoder()).decode(sc.subarray(0, n)); // ASCII is UTF-8
    }
    let out = '';
    for (let o = lay.length - _STRIDE; o >= 0; o -= _STRIDE) {
      // Reverse order of RDNs and of the attributes inside a multi-valued RDN (see toString).
      if (o !== lay.length - _STRIDE) out += lay[o + _STRIDE] === lay[o] ? '+' : ',';
      const ti = types[lay[o + 1]!]!;
      const f = lay[o + 6]!;
      if (ti.ldap === undefined || f === 0) {
        // RFC 4514 §2.4: dotted types and values without a string form use the #hex BER form.
        out += `${ti.ldap ?? ti.oid}=#${toHex(b.subarray(lay[o + 3]!, lay[o + 5]!))}`;
      } else if ((f & _F_PLAIN) !== 0) {
        out += ti.ldap + '=' + _latin1(b, lay[o + 4]!, lay[o + 5]!);
      } else {
        out += ti.ldap + '=' + _escape4514(this._valueAt(o / _STRIDE)!, asciiOnly);
      }
    }
    return out;
  }

  /**
   * OpenSSL's default one-line form (`-nameopt oneline`, the default of `openssl x509 -subject`
   * in OpenSSL 3): RDNs in encoded order separated by `, `, `+` as ` + `, ` = ` between type and
   * value, OpenSSL's short names, values containing `, + < > ;` (or leading/trailing space or a
   * leading `#`) in double quotes, `"` and `\` escaped, non-ASCII as `\XX` UTF-8 octets, and
   * values that are not strings as `#hex`.
   * @example
   * ```ts
   * Name.from({ C: 'US', O: 'Acme, Inc.', CN: 'x' }).toOpenSslString() // 'C = US, O = "Acme, Inc.", CN = x'
   * ```
   */
  toOpenSslString(): string {
    return this.rdns.map((rdn) => rdn.map(_formatOneline).join(' + ')).join(', ');
  }

  /**
   * RFC 5280 §7.1 comparison: equal bytes, or the same RDN structure with, per attribute, the
   * same type and values equal after normalisation (Unicode NFKC, lower case, leading and
   * trailing whitespace removed, inner whitespace runs folded to one space). Every string type
   * is compared by its text, whatever its tag; values that are not strings by their encoding.
   * Attributes of a multi-valued RDN match in any order.
   * @example
   * ```ts
   * Name.parseString('CN=Foo  Bar').equals(Name.parseString('cn= foo bar')) // true
   * ```
   */
  equals(other: Name): boolean {
    if (!(other instanceof Name)) throw new TypeError('Name.equals expects a Name');
    if (_rangesEqual(this._buf, this._s, this._e, other._buf, other._s, other._e)) return true;
    return this.canonicalKey() === other.canonicalKey();
  }

  /**
   * A string such that `a.equals(b)` exactly when `a.canonicalKey() === b.canonicalKey()`, to
   * index names in a `Map` (issuer lookup in path building).
   * @example
   * ```ts
   * const bySubject = new Map(certs.map((c) => [c.subject.canonicalKey(), c]));
   * ```
   */
  canonicalKey(): string {
    if (this._key !== undefined) return this._key;
    const rdnKeys = this.rdns.map((rdn) => rdn.map((a) => JSON.stringify([a.type, _canonValue(a)])).sort().join('+'));
    this._key = `[${rdnKeys.join(',')}]`;
    return this._key;
  }

  /** Writes the encoding (exactly `raw`). */
  encode(w: DerWriter): void {
    w.raw(this.raw);
  }

  /** The DER encoding (a copy of `raw`). */
  toDer(): Uint8Array {
    return this.raw.slice();
  }

  /**
   * A JSON view: the RFC 4514 string and the attributes by RDN.
   * @example
   * ```ts
   * JSON.stringify(Name.from({ CN: 'x' })) // '{"string":"CN=x","rdns":[[{"type":"2.5.4.3","name":"CN","value":"x"}]]}'
   * ```
   */
  toJSON(): { string: string; rdns: Array<Array<{ type: string; name: string; value?: string; hex?: string }>> } {
    return {
      string: this.toString(),
      rdns: this.rdns.map((rdn) =>
        rdn.map((a) => {
          const o: { type: string; name: string; value?: string; hex?: string } = { type: a.type, name: attributeShortName(a.type) };
          if (a.value !== undefined) o.value = a.value;
          else o.hex = toHex(a.rawValue);
          return o;
        }),
      ),
    };
  }
}

/**
 * Reads one `RelativeDistinguishedName ::= SET SIZE (1..MAX) OF AttributeTypeAndValue`, with
 * `tag` for IMPLICIT tagging (`nameRelativeToCRLIssuer [1]`, RFC 5280 §4.2.1.13).
 * @throws DerError for malformed DER (`set-order` in strict mode); NameError `empty-rdn`.
 * @example
 * ```ts
 * const rdn = parseRdn(r, contextTag(1, true));
 * ```
 */
export function parseRdn(r: DerReader, tag: number = Tag.SET): Rdn {
  return _parseRdn(r, tag);
}

/**
 * Writes one RDN as a SET OF in DER order, with `tag` for IMPLICIT tagging.
 * @example
 * ```ts
 * writeRdn(w, Name.parseString('CN=partition1').rdns[0]!, contextTag(1, true));
 * ```
 */
export function writeRdn(w: DerWriter, rdn: Rdn, tag: number = Tag.SET): void {
  if (rdn.length === 0) throw new RangeError('an RDN needs at least one attribute (X.501 SET SIZE (1..MAX))');
  const tmp = new DerWriter();
  tmp.setOf((w) => {
    for (const a of rdn) w.sequence((w) => { w.oid(a.type); w.raw(a.rawValue); });
  });
  const set = new DerReader(tmp.finish()).readTlv();
  w.constructed(tag, (w) => w.raw(set.value));
}

function _parseRdn(seq: DerReader, tag: number = Tag.SET): Rdn {
  const where = { i: 0, j: -1, field: '' };
  try {
    return _readRdn(seq, tag, where);
  } catch (e) {
    throw addPath(e, `${where.j >= 0 ? `[${where.j}]` : ''}${where.field ? `${where.j >= 0 ? '.' : ''}${where.field}` : ''}`);
  }
}

let _oidCache: Map<number, string> | undefined;

/** Attribute type OIDs repeat endlessly: decode each distinct short encoding once. */
function _readAttributeType(atv: DerReader): string {
  const t = atv.read(Tag.OID, 'AttributeType');
  const v = t.value;
  const n = v.length;
  if (n > 6) return decodeOid(v, t.valueOffset);
  let key = n;
  for (let k = 0; k < n; k++) key = key * 256 + v[k]!;
  _oidCache ??= new Map();
  let oid = _oidCache.get(key);
  if (oid === undefined) {
    oid = decodeOid(v, t.valueOffset); // validates; only valid encodings are cached
    if (_oidCache.size < 1024) _oidCache.set(key, oid);
  }
  return oid;
}

/**
 * The common shape of an AttributeTypeAndValue, read without allocating readers: a short OID
 * already seen (so already validated) and a character string with a short-form or one-octet
 * long-form length filling the rest. Anything else returns `undefined` and goes through the
 * general DerReader path, which checks every rule and reports errors; the string contents are
 * still checked here by `decodeString`.
 */
function _fastAtv(buf: Uint8Array, p: number, end: number, lenient: boolean, where: { field: string }): AttributeTypeAndValue | undefined {
  // Tag numbers as literals: this is the hottest loop of certificate parsing, and imported
  // constants cost a property lookup each time in some module loaders.
  const cache = _oidCache;
  if (cache === undefined || buf[p] !== 0x06) return undefined;
  const ol = buf[p + 1]!;
  if (ol > 6 || ol === 0 || p + 2 + ol > end) return undefined;
  let key = ol;
  for (let k = p + 2, e = p + 2 + ol; k < e; k++) key = key * 256 + buf[k]!;
  const type = cache.get(key);
  if (type === undefined) return undefined;
  const q = p + 2 + ol;
  if (q + 2 > end) return undefined;
  const tag = buf[q]!;
  // UTF8String, PrintableString, IA5String, BMPString: the types names use (others take the slow path).
  if (tag !== 0x0c && tag !== 0x13 && tag !== 0x16 && tag !== 0x1e) return undefined;
  let len = buf[q + 1]!;
  let c = q + 2;
  if (len >= 0x80) {
    if (len !== 0x81 || c >= end) return undefined;
    len = buf[c++]!;
    if (len < 0x80) return undefined; // non-minimal: let the DerReader report it
  }
  if (c + len !== end) return undefined;
  where.field = 'value';
  const value = _decodeValue(tag, buf, c, end, lenient);
  where.field = '';
  return { type, tag, value, rawValue: buf.subarray(q, end) };
}

/** PrintableString and IA5String inline (ASCII checks), the rest through the DER layer. */
function _decodeValue(tag: number, buf: Uint8Array, c: number, end: number, lenient: boolean): string {
  if (tag === 0x13 || tag === 0x16) {
    let ok = true;
    for (let i = c; i < end; i++) {
      const b = buf[i]!;
      // PrintableString repertoire (X.680 §41.4): A-Z a-z 0-9 space ' ( ) + , - . / : = ?
      if (tag === 0x16 ? b >= 0x80 : !((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) ||
        b === 0x20 || (b >= 0x27 && b <= 0x29) || (b >= 0x2b && b <= 0x2f) || b === 0x3a || b === 0x3d || b === 0x3f)) {
        ok = false;
        break;
      }
    }
    if (ok) return String.fromCharCode.apply(null, buf.subarray(c, end) as unknown as number[]);
  }
  return decodeString(tag, buf.subarray(c, end), c, lenient);
}

/**
 * Reads one RDN; `where` tracks the attribute index and field for error paths. The SET OF
 * order (X.690 §11.6) is checked on the attribute encodings as they are read, unless the reader
 * is lenient: several real CAs emit multi-valued RDNs unsorted.
 */
function _readRdn(seq: DerReader, tag: number, where: { j: number; field: string }): Rdn {
  const setTlv = seq.read(tag, 'RelativeDistinguishedName');
  const set = seq.enterTlv(setTlv);
  if (set.atEnd) throw new NameError('empty-rdn', 'a RelativeDistinguishedName must have at least one attribute (X.501: SET SIZE (1..MAX))', { offset: setTlv.offset });
  const rdn: AttributeTypeAndValue[] = [];
  const lenient = set.lenient;
  let prev: Uint8Array | undefined;
  for (let j = 0; !set.atEnd; j++) {
    where.j = j;
    where.field = '';
    const atvTlv = set.read(0x30, 'AttributeTypeAndValue'); // SEQUENCE
    const raw = atvTlv.raw;
    if (prev !== undefined && !lenient && compareEncodings(prev, raw) > 0) {
      throw new DerError('set-order', 'SET OF components are not in ascending order of their encodings (X.690 §11.6)', { offset: atvTlv.offset });
    }
    prev = raw;
    const fast = _fastAtv(atvTlv.buf, atvTlv.valueOffset, atvTlv.end, lenient, where);
    if (fast !== undefined) {
      rdn.push(fast);
      continue;
    }
    const atv = set.enterTlv(atvTlv);
    where.field = 'type';
    const type = _readAttributeType(atv);
    where.field = 'value';
    const vt = atv.readTlv();
    const value = isStringTag(vt.tag) ? decodeString(vt.tag, vt.value, vt.valueOffset, lenient) : undefined;
    where.field = '';
    atv.finish('AttributeTypeAndValue');
    rdn.push({ type, tag: vt.tag, value, rawValue: vt.raw });
  }
  where.j = -1;
  return rdn;
}

function _format4514(a: AttributeTypeAndValue, asciiOnly: boolean): string {
  const info = _attrTable().get(a.type);
  // RFC 4514 §2.4: dotted types and values without a string form use the #hex BER form.
  if (info === undefined || a.value === undefined) return `${info?.ldap ?? a.type}=#${toHex(a.rawValue)}`;
  return `${info.ldap}=${_escape4514(a.value, asciiOnly)}`;
}

function _formatOneline(a: AttributeTypeAndValue): string {
  const label = _attrTable().get(a.type)?.ossl ?? a.type;
  if (a.value === undefined) return `${label} = #${toHex(a.rawValue).toUpperCase()}`;
  const s = a.value;
  let quote = false;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const c = s.charCodeAt(i);
    if (',+<>;'.includes(ch)) { quote = true; out += ch; }
    else if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if ((ch === ' ' || ch === '#') && i === 0) { quote = true; out += ch; }
    else if (ch === ' ' && i === s.length - 1) { quote = true; out += ch; }
    else if (c < 0x20 || c === 0x7f) out += _hex2(c);
    else if (c >= 0x80) {
      const str = String.fromCodePoint(s.codePointAt(i)!);
      _te ??= new TextEncoder();
      for (const b of _te.encode(str)) out += _hex2(b);
      i += str.length - 1;
    } else out += ch;
  }
  return `${label} = ${quote ? `"${out}"` : out}`;
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
