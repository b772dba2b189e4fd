/**
 * Distinguished names (RFC 5280 §4.1.2.4): the `Name` record and its one walk.
 *
 * Scope: reading an RDNSequence zero-copy in one strict walk over the der layer's cursor (the
 * exact bytes are kept in `raw`), multi-valued RDNs, every attribute type (unknown types and
 * non-string values kept raw), the RFC 4514 string form, `commonName` and `get`. That is all a
 * parse-only application ships. Building (`nameFrom`, `parseNameString`, `writeName`,
 * `name-build.ts`), comparison (`nameEquals`, `nameCanonicalKey`, `name-compare.ts`) and the
 * other forms (`nameToOpenSslString`, `nameToJson`, `name-format.ts`) are free functions in
 * their own modules. (Just over 600 lines on purpose: the walk, the layout it records and the
 * string form read from that layout share one set of offsets; the ASCII fast path of the
 * speed work added the last lines.)
 * @module
 */
import {
  CertkitError,
  DerError,
  addPath,
  compareEncodings,
  decodeOid,
  decodeString,
  derCursor,
  expect as expectTag,
  isPrintableChar,
  isStringTag,
  next,
  toHex,
  type DerCursor,
  type DerReader,
  type ErrorLocation,
} from '../der/index';
import { _attrTable, attributeTypeOid } from './name-attributes';

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
 * try { parseNameString('CN') } catch (e) { if (e instanceof NameError) console.log(e.code) }
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
 * for (const a of name.rdns.flat()) console.log(a.type, a.value ?? toHex(a.rawValue))
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
 * const rdn: Rdn = parseNameString('CN=a+UID=b').rdns[0]!
 * ```
 */
export type Rdn = ReadonlyArray<AttributeTypeAndValue>;

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
// Attribute types seen by the walk. Names repeat a handful of types endlessly, so each distinct
// OID encoding is decoded (and so validated) once and interned; the walk stores the type's
// number. The table only grows (to a bound) and holds no per-call state.

/** An attribute type: its encoding, dotted form and RFC 4514 name. */
interface _TypeInfo {
  readonly enc: Uint8Array;
  readonly oid: string;
  /** RFC 4514 name, or `undefined` for types formatted as dotted OID + `#hex`. */
  readonly ldap: string | undefined;
  /** `ldap` and `=`, the start of each attribute in the RFC 4514 form. */
  readonly prefix: string;
  /** id-at-commonName (2.5.4.3). */
  readonly cn: boolean;
}

let _types: _TypeInfo[] | undefined;
let _typeIds: Map<number, number> | undefined;
/** Interned types at most; past it (hostile inputs with many distinct OIDs) types stay per name. */
const _MAX_TYPES = 1024;

function _typeInfo(b: Uint8Array, v: number, e: number): _TypeInfo {
  const oid = decodeOid(b.subarray(v, e), v); // throws invalid-oid / unsupported at its offset
  const ldap = _attrTable().get(oid)?.ldap;
  return { enc: b.slice(v, e), oid, ldap, prefix: `${ldap ?? oid}=`, cn: oid === '2.5.4.3' };
}

/**
 * The number of the interned attribute type whose OID contents are `b[v..e)`, or -1 when the
 * table is full. Hash collisions probe the next slot.
 * @throws DerError for an OID encoding that does not decode.
 */
function _typeAt(b: Uint8Array, v: number, e: number): number {
  let h = e - v;
  for (let i = v; i < e; i++) h = (Math.imul(h, 31) + b[i]!) | 0;
  const ids = (_typeIds ??= new Map());
  const types = (_types ??= []);
  for (;;) {
    const id = ids.get(h);
    if (id === undefined) break;
    const enc = types[id]!.enc;
    let same = enc.length === e - v;
    for (let i = 0; same && i < enc.length; i++) same = enc[i] === b[v + i];
    if (same) return id;
    h = (h + 1) | 0;
  }
  if (types.length >= _MAX_TYPES) return -1;
  types.push(_typeInfo(b, v, e));
  ids.set(h, types.length - 1);
  return types.length - 1;
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

// ---------------------------------------------------------------------------------------------
// The walk. One pass over the bytes checks every rule (DER headers through the cursor, SET OF
// order, non-empty RDNs, the OID, string repertoires and UTF-8/BMPString validity) and records
// each attribute as numbers in a layout; strings are made when asked for, except values whose
// validation is decoding (non-ASCII text, BMPString, rare types), which are kept decoded.

/** Numbers per attribute in a layout: RDN index, type, value tag, value start, contents start, end, flags. */
const _STRIDE = 7;
/** The value is its bytes read as ASCII (a validated string type, every octet below 0x80). */
const _F_ASCII = 1;
/** With `_F_ASCII`: nothing in the value that RFC 4514 §2.4 escapes. */
const _F_PLAIN = 2;
/** The value was decoded by the walk and kept in `vals`. */
const _F_STR = 4;

/** What the walk records for one name (or one RDN). */
interface _Layout {
  /** `_STRIDE` numbers per attribute. A type ≥ 0 is interned; -1-k is `types[k]`. */
  readonly lay: number[];
  /** Strings decoded by the walk, by attribute index (`_F_STR`). */
  vals: Array<string | undefined> | undefined;
  /** Types that were not interned (the table full). */
  types: _TypeInfo[] | undefined;
}

function _layout(): _Layout {
  return { lay: [], vals: undefined, types: undefined };
}

function _tooDeep(offset: number): never {
  throw new DerError('nesting-too-deep', 'the name nests deeper than the reader allows', { offset });
}

/**
 * Reads one `RelativeDistinguishedName ::= SET SIZE (1..MAX) OF AttributeTypeAndValue` (tag
 * `tag`) at `c.pos` as RDN number `r`, and moves past it. `levels` is how many levels of
 * nesting are left (the RDN's own, and its attributes').
 *
 * ```asn1
 * AttributeTypeAndValue ::= SEQUENCE { type AttributeType, value AttributeValue }
 * ```
 * The SET OF order (X.690 §11.6) is checked on the attribute encodings unless the cursor is
 * lenient: several real CAs emit multi-valued RDNs unsorted.
 */
function _walkRdn(c: DerCursor, tag: number, r: number, out: _Layout, levels: number): void {
  const b = c.buf;
  const lenient = c.lenient;
  const lay = out.lay;
  const outer = c.end;
  let j = -1;
  let field = 0; // 1 = the type, 2 = the value (for the error path)
  try {
    const setAt = c.pos;
    expectTag(c, tag);
    if (levels < 1) _tooDeep(setAt);
    const se = c.ve;
    let q = c.vs;
    if (q === se) throw new NameError('empty-rdn', 'a RelativeDistinguishedName must have at least one attribute (X.501: SET SIZE (1..MAX))', { offset: setAt });
    const table = _asciiTable();
    let prevS = -1;
    let prevE = -1;
    for (j = 0; q < se; j++) {
      c.pos = q;
      c.end = se;
      expectTag(c, 0x30); // AttributeTypeAndValue ::= SEQUENCE
      const ae = c.ve;
      if (prevS >= 0 && !lenient && compareEncodings(b.subarray(prevS, prevE), b.subarray(q, ae)) > 0) {
        throw new DerError('set-order', 'SET OF components are not in ascending order of their encodings (X.690 §11.6)', { offset: q });
      }
      if (levels < 2) _tooDeep(q);
      prevS = q;
      prevE = ae;
      c.pos = c.vs;
      c.end = ae;
      field = 1;
      const ov = expectTag(c, 0x06); // OBJECT IDENTIFIER
      const oe = c.ve;
      let type = _typeAt(b, ov, oe);
      if (type < 0) {
        const extra = (out.types ??= []);
        extra.push(_typeInfo(b, ov, oe));
        type = -extra.length;
      }
      field = 2;
      const vt = next(c);
      const vv = c.vs;
      const ve = c.ve;
      let flags = 0;
      // UTF8String, PrintableString, TeletexString, IA5String: ASCII values stay bytes.
      if (vt === 0x13 || vt === 0x0c || vt === 0x16 || vt === 0x14) {
        let any = 0; // OR of the octets
        let esc = 0; // OR of the table bits
        if (vt === 0x13) {
          // PrintableString: the repertoire, or with `lenient` any printable ASCII (see decodePrintable)
          for (let i = vv; i < ve; i++) {
            const o = b[i]!;
            const t = o < 0x80 ? table[o]! : 0;
            if ((t & 1) === 0 && !(lenient && o >= 0x20 && o <= 0x7e)) {
              any = 0x80;
              break;
            }
            esc |= t;
          }
        } else {
          for (let i = vv; i < ve; i++) {
            const o = b[i]!;
            any |= o;
            if (o < 0x80) esc |= table[o]!;
          }
        }
        if (any < 0x80) {
          // RFC 4514 §2.4: specials, controls, leading '#' or space, trailing space need escapes
          flags = (esc & 2) !== 0 || ve === vv || b[vv] === 0x23 || b[vv] === 0x20 || b[ve - 1] === 0x20 ? _F_ASCII : _F_ASCII | _F_PLAIN;
        }
      }
      if (flags === 0 && isStringTag(vt)) {
        // Beyond ASCII, BMPString and the rare types: validated by decoding, so decoded now.
        (out.vals ??= [])[lay.length / _STRIDE] = decodeString(vt, b.subarray(vv, ve), vv, lenient);
        flags = _F_STR;
      }
      field = 0;
      if (c.pos < ae) throw new DerError('trailing-data', `${ae - c.pos} unexpected byte(s) after the last field of AttributeTypeAndValue`, { offset: c.pos });
      lay.push(r, type, vt, oe, vv, ve, flags);
      q = ae;
    }
    c.pos = se;
    c.end = outer;
  } catch (e) {
    c.end = outer;
    throw j < 0 ? e : addPath(e, field === 0 ? `[${j}]` : field === 1 ? `[${j}].type` : `[${j}].value`);
  }
}

/** Reads the RDNSequence contents `c.pos..c.end` into `out`; returns the number of RDNs. */
function _walkRdns(c: DerCursor, out: _Layout, levels: number): number {
  let i = 0;
  try {
    for (; c.pos < c.end; i++) _walkRdn(c, 0x31, i, out, levels);
  } catch (e) {
    throw addPath(e, `rdns[${i}]`);
  }
  return i;
}

// ---------------------------------------------------------------------------------------------
// Reading a layout

let _dec: TextDecoder | undefined;

/**
 * ASCII octets `b[v..e)` as a string: short ones by concatenation, name-sized ones as one flat
 * string from their character codes (both beat a decoder call, which costs more than the copy),
 * long ones through the decoder.
 */
function _latin1(b: Uint8Array, v: number, e: number): string {
  const n = e - v;
  if (n <= 12) {
    let s = '';
    for (let i = v; i < e; i++) s += String.fromCharCode(b[i]!);
    return s;
  }
  if (n <= 256) {
    const cs = new Array<number>(n);
    for (let i = 0; i < n; i++) cs[i] = b[v + i]!;
    return String.fromCharCode.apply(null, cs);
  }
  return (_dec ??= new TextDecoder()).decode(b.subarray(v, e)); // ASCII is UTF-8
}

function _type(l: _Layout, id: number): _TypeInfo {
  return id >= 0 ? _types![id]! : l.types![-1 - id]!;
}

/** The value of attribute `k`. */
function _valueAt(l: _Layout, b: Uint8Array, k: number): string | undefined {
  const o = k * _STRIDE;
  const f = l.lay[o + 6]!;
  if ((f & _F_ASCII) !== 0) return _latin1(b, l.lay[o + 4]!, l.lay[o + 5]!);
  return (f & _F_STR) !== 0 ? l.vals![k] : undefined;
}

/** The attributes of a layout as RDNs. */
function _rdnsOf(l: _Layout, b: Uint8Array): AttributeTypeAndValue[][] {
  const lay = l.lay;
  const out: AttributeTypeAndValue[][] = [];
  let cur: AttributeTypeAndValue[] | undefined;
  let last = -1;
  for (let k = 0, o = 0; o < lay.length; k++, o += _STRIDE) {
    if (lay[o] !== last) {
      last = lay[o]!;
      cur = [];
      out.push(cur);
    }
    cur!.push({ type: _type(l, lay[o + 1]!).oid, tag: lay[o + 2]!, value: _valueAt(l, b, k), rawValue: b.subarray(lay[o + 3]!, lay[o + 5]!) });
  }
  return out;
}

const _HEX = '0123456789ABCDEF';

function _hex2(o: number): string {
  return '\\' + _HEX[o >> 4]! + _HEX[o & 15]!;
}

let _te: TextEncoder | undefined;

/** RFC 4514 §2.4 escaping of a string value (controls as `\XX` too, for display safety). */
function _escape4514(s: string, asciiOnly: boolean): string {
  let out = '';
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const ch = s[i]!;
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f)
      out += _hex2(c); // NUL must be escaped (§2.4)
    else if ('"+,;<>\\'.includes(ch)) out += `\\${ch}`;
    else if ((ch === '#' || ch === ' ') && i === 0) out += `\\${ch}`;
    else if (ch === ' ' && i === n - 1) out += '\\ ';
    else if (c >= 0x80 && asciiOnly) {
      const str = String.fromCodePoint(s.codePointAt(i)!);
      for (const o of (_te ??= new TextEncoder()).encode(str)) out += _hex2(o);
      i += str.length - 1;
    } else out += ch;
  }
  return out;
}

/** RFC 4514 §2.4 escaping of the ASCII value `b[v..e)` that needs escapes (`_F_ASCII` without `_F_PLAIN`). */
function _escapeAscii(b: Uint8Array, v: number, e: number): string {
  const table = _ascii!;
  let out = '';
  for (let i = v; i < e; i++) {
    const c = b[i]!;
    if (c < 0x20 || c === 0x7f) out += _hex2(c);
    else if ((table[c]! & 2) !== 0 || ((c === 0x23 || c === 0x20) && i === v) || (c === 0x20 && i === e - 1)) out += '\\' + String.fromCharCode(c);
    else out += String.fromCharCode(c);
  }
  return out;
}

/** The RFC 4514 form of a layout (see {@link Name.toString}). */
function _format4514(l: _Layout, b: Uint8Array, asciiOnly: boolean): string {
  const lay = l.lay;
  let out = '';
  for (let o = lay.length - _STRIDE; o >= 0; o -= _STRIDE) {
    // Reverse order of RDNs and of the attributes inside a multi-valued RDN.
    if (o !== lay.length - _STRIDE) out += lay[o + _STRIDE] === lay[o] ? '+' : ',';
    const ti = _type(l, lay[o + 1]!);
    const f = lay[o + 6]!;
    if (ti.ldap === undefined || f === 0) {
      // RFC 4514 §2.3-2.4: dotted types and values without a string form use the #hex BER form.
      out += ti.prefix + '#' + toHex(b.subarray(lay[o + 3]!, lay[o + 5]!));
    } else if ((f & _F_PLAIN) !== 0) {
      out += ti.prefix + _latin1(b, lay[o + 4]!, lay[o + 5]!);
    } else if ((f & _F_ASCII) !== 0) {
      out += ti.prefix + _escapeAscii(b, lay[o + 4]!, lay[o + 5]!);
    } else {
      out += ti.prefix + _escape4514(l.vals![o / _STRIDE]!, asciiOnly);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The record

/**
 * A distinguished name (RFC 5280 §4.1.2.4): `Name ::= CHOICE { rdnSequence RDNSequence }`.
 *
 * A plain record made by {@link parseName} (and by the certificate, CSR and CRL parsers): the
 * exact bytes, the RDNs (made on first read), the RFC 4514 string, `commonName` and `get`.
 * Parsed names alias the caller's buffer (`raw` and every `rawValue` are views); instances are
 * immutable. Building, comparison and the other string forms are free functions:
 * `nameFrom`, `parseNameString`, `nameEquals`, `nameCanonicalKey`, `nameToOpenSslString`,
 * `nameToJson`, `writeName`, `nameToDer`.
 *
 * @example
 * ```ts
 * const n = nameFrom({ C: 'US', O: 'Acme', CN: 'Acme Root' });
 * n.toString();                          // 'CN=Acme Root,O=Acme,C=US'
 * nameEquals(parseName(nameToDer(n)), n); // true
 * ```
 */
export class Name {
  private readonly _buf: Uint8Array;
  private readonly _s: number;
  private readonly _e: number;
  private readonly _l: _Layout;
  private readonly _n: number;
  private _rdns: ReadonlyArray<Rdn> | undefined;
  private _str: string | undefined;
  /** @internal The RFC 5280 §7.1 key, kept by `nameCanonicalKey`. */
  _key: string | undefined;

  /** @internal Use {@link parseName}, {@link readName} or the builders. */
  constructor(buf: Uint8Array, s: number, e: number, l: _Layout, nrdn: number) {
    this._buf = buf;
    this._s = s;
    this._e = e;
    this._l = l;
    this._n = nrdn;
    this._rdns = undefined;
    this._str = undefined;
    this._key = undefined;
  }

  /** The exact encoding (the whole `SEQUENCE`), as received or as built (a view). */
  get raw(): Uint8Array {
    return this._buf.subarray(this._s, this._e);
  }

  /** The RDNs in encoded order (most general first, as in the certificate). */
  get rdns(): ReadonlyArray<Rdn> {
    return (this._rdns ??= _rdnsOf(this._l, this._buf));
  }

  /** Number of RDNs. */
  get length(): number {
    return this._n;
  }

  /** Whether the name has no RDNs (an empty subject, RFC 5280 §4.1.2.6). */
  get isEmpty(): boolean {
    return this._n === 0;
  }

  /**
   * The most specific (last) commonName with a string value, or `undefined`.
   * @example
   * ```ts
   * nameFrom({ CN: 'x' }).commonName === 'x'
   * ```
   */
  get commonName(): string | undefined {
    const l = this._l;
    const lay = l.lay;
    for (let o = lay.length - _STRIDE; o >= 0; o -= _STRIDE) {
      if (_type(l, lay[o + 1]!).cn && lay[o + 6] !== 0) return _valueAt(l, this._buf, o / _STRIDE);
    }
    return undefined;
  }

  /**
   * Every string value of an attribute type (short name, long name or dotted OID), in encoded order.
   * @throws RangeError for an unknown name.
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
   * nameFrom({ C: 'US', O: 'A, B' }).toString() // 'O=A\\, B,C=US'
   * ```
   */
  toString(options?: NameFormatOptions): string {
    // Without decoded values every value is ASCII (or #hex), and both forms are the same string.
    if (options?.asciiOnly === true && this._l.vals !== undefined) return _format4514(this._l, this._buf, true);
    return (this._str ??= _format4514(this._l, this._buf, false));
  }

  /**
   * The RFC 4514 string, so that `JSON.stringify` of anything holding a Name writes its text
   * (`nameToJson` gives the attributes by RDN).
   * @example
   * ```ts
   * JSON.stringify({ subject: nameFrom({ CN: 'x' }) }) // '{"subject":"CN=x"}'
   * ```
   */
  toJSON(): string {
    return this.toString();
  }
}

// ---------------------------------------------------------------------------------------------
// Entry points

/**
 * The Name whose encoding is `buf[start..end)`, which the caller found to be one SEQUENCE
 * element (the certificate, CSR and CRL parsers' entry: no reader, no copy).
 * @internal
 */
export function _nameAt(buf: Uint8Array, start: number, end: number, lenient: boolean, levels = 3): Name {
  const c = derCursor(buf, start, end, lenient);
  expectTag(c, 0x30); // Name ::= SEQUENCE OF (RDNSequence)
  if (levels < 1) _tooDeep(start);
  const ne = c.ve;
  c.pos = c.vs;
  c.end = ne;
  const l = _layout();
  const n = _walkRdns(c, l, levels - 1);
  if (ne !== end) throw new DerError('trailing-data', `${end - ne} unexpected byte(s) after the last field of Name`, { offset: ne });
  return new Name(buf, start, end, l, n);
}

/**
 * Reads a Name from the reader's next element (the Name inside a larger structure; the
 * reader moves past it).
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
 * const subject = readName(new DerReader(der));
 * ```
 */
export function readName(r: DerReader): Name {
  const t = r.read(0x30, 'Name (RDNSequence)');
  return _nameAt(t.buf, t.offset, t.end, r.lenient, r.maxDepth - r.depth);
}

/**
 * Parses a DER-encoded Name that fills `der` exactly.
 * @throws DerError for malformed DER (`trailing-data` after the Name); NameError `empty-rdn`.
 * @example
 * ```ts
 * const n = parseName(bytes);
 * ```
 */
export function parseName(der: Uint8Array, options: { lenient?: boolean } = {}): Name {
  return _nameAt(der, 0, der.length, options.lenient === true);
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
export function parseRdn(r: DerReader, tag = 0x31): Rdn {
  const t = r.read(tag, 'RelativeDistinguishedName');
  const c = derCursor(t.buf, t.offset, t.end, r.lenient);
  const l = _layout();
  _walkRdn(c, tag, 0, l, r.maxDepth - r.depth);
  return _rdnsOf(l, t.buf)[0]!;
}
