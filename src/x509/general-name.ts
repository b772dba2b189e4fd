/**
 * General names (RFC 5280 §4.2.1.6): every `GeneralName` choice, IP address text forms, and
 * OpenSSL-style formatting.
 *
 * Scope: parse and write all nine choices (x400Address and ediPartyName kept raw, otherName
 * with any type-id kept raw and the Microsoft UPN decoded), the address+mask form of iPAddress
 * used by name constraints (RFC 5280 §4.2.1.10), IPv4/IPv6 text parsing and RFC 5952
 * formatting, and helpers to build names with their syntax checked.
 * Non-goals: name-constraint matching and hostname verification (see `src/path/`), IDNA.
 *
 * Decision on empty names: RFC 5280 §4.2.1.6 says "conforming CAs MUST NOT issue certificates
 * with subjectAltNames containing empty GeneralName fields" and forbids the dNSName `" "`. So in
 * the `san` context (subjectAltName, issuerAltName), strict mode refuses an empty rfc822Name,
 * dNSName, URI or directoryName and a dNSName of `" "` (`empty-general-name`), and a relative
 * URI (`invalid-uri`); lenient mode accepts them. Name constraints may hold empty names (an
 * empty dNSName constraint matches every name), so the `constraint` context allows them.
 * @module
 */
import { DerReader, DerWriter, Tag, contextTag, decodeIa5, decodeOid, decodeUtf8, encodeString, withPath } from '../der/index';
import { Name, NameError, readName } from './name';
import { attributeOpenSslName } from './name-attributes';
import { nameFrom, parseNameString, writeName, type NameInit } from './name-build';
import { nameToOpenSslString } from './name-format';
import { nameEquals } from './name-compare';

/** OID of the Microsoft user principal name otherName (szOID_NT_PRINCIPAL_NAME). */
const UPN_OID = '1.3.6.1.4.1.311.20.2.3';

/**
 * One `GeneralName` (RFC 5280 §4.2.1.6).
 *
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
 * `raw` of x400/ediParty is the whole GeneralName element, tag included.
  * @example
  * ```ts
  * const gn: GeneralName = { type: 'dns', value: 'example.com' }
  * ```
  */
export type GeneralName =
  | { type: 'dns'; value: string }
  | { type: 'email'; value: string }
  | { type: 'uri'; value: string }
  | { type: 'ip'; value: Uint8Array; mask?: Uint8Array; text: string }
  | { type: 'dn'; value: Name }
  | { type: 'otherName'; typeId: string; value: Uint8Array; upn?: string }
  | { type: 'registeredId'; value: string }
  | { type: 'x400'; raw: Uint8Array }
  | { type: 'ediParty'; raw: Uint8Array };

/**
 * Where a GeneralName is read, which decides the iPAddress form and the empty-name rule.
 * @example
 * ```ts
 * parseGeneralName(r, { context: 'constraint' })
 * ```
 */
export type GeneralNameContext = 'san' | 'constraint' | 'other';

/**
 * Options for {@link parseGeneralName}.
 * @example
 * ```ts
 * parseGeneralNames(r, { context: 'other' })
 * ```
 */
export interface GeneralNameOptions {
  /**
   * `san` (default): subjectAltName/issuerAltName rules, iPAddress of 4 or 16 octets; `constraint`:
   * name constraints, iPAddress of 8 or 32 octets (address and mask); `other`: any other place
   * (CRL distribution points, AIA, authorityCertIssuer), 4 or 16 octets, empty names allowed.
   */
  context?: GeneralNameContext;
}

// ---------------------------------------------------------------------------------------------
// IP addresses

/**
 * Parses an IPv4 dotted quad (no leading zeros, which some parsers read as octal) or an IPv6
 * address (RFC 4291 §2.2, with `::` and an embedded IPv4 tail) to 4 or 16 octets.
 * @throws RangeError for anything else.
 * @example
 * ```ts
 * parseIpAddress('10.0.0.1')  // Uint8Array [10, 0, 0, 1]
 * parseIpAddress('::1').length === 16
 * ```
 */
export function parseIpAddress(text: string): Uint8Array {
  if (typeof text !== 'string') throw new TypeError('IP address must be a string');
  const v4 = _parseV4(text);
  if (v4 !== undefined) return v4;
  const v6 = _parseV6(text);
  if (v6 !== undefined) return v6;
  throw new RangeError(`'${text}' is not an IPv4 or IPv6 address`);
}

function _parseV4(s: string): Uint8Array | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out[i] = n;
  }
  return out;
}

function _parseV6(s: string): Uint8Array | undefined {
  if (!/^[0-9A-Fa-f:.]+$/.test(s)) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string): number[] | undefined => {
    if (h === '') return [];
    const out: number[] = [];
    const parts = h.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = _parseV4(p);
        if (v4 === undefined) return undefined;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else {
        if (!/^[0-9A-Fa-f]{1,4}$/.test(p)) return undefined;
        out.push(parseInt(p, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (head === undefined || tail === undefined) return undefined;
  if (halves.length === 2 && head.length + tail.length > 7) return undefined;
  if (halves.length === 1 && head.length !== 8) return undefined;
  const all = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  const out = new Uint8Array(16);
  all.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}

/**
 * Text of a 4- or 16-octet address: dotted quad, or IPv6 in the RFC 5952 canonical form
 * (lower case, no leading zeros, the longest run of two or more zero groups as `::`, IPv4-mapped
 * addresses as `::ffff:a.b.c.d`). Other lengths are shown as hex.
 * @example
 * ```ts
 * formatIpAddress(parseIpAddress('2001:db8:0:0:0:0:0:1')) === '2001:db8::1'
 * ```
 */
export function formatIpAddress(bytes: Uint8Array): string {
  if (bytes.length === 4) return Array.from(bytes).join('.');
  if (bytes.length !== 16) return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(':');
  const g: number[] = [];
  for (let i = 0; i < 16; i += 2) g.push((bytes[i]! << 8) | bytes[i + 1]!);
  // RFC 5952 §5: IPv4-mapped addresses in mixed notation.
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return `::ffff:${Array.from(bytes.subarray(12)).join('.')}`;
  // RFC 5952 §4.2: compress the longest run (the first one on a tie) of at least two zero groups.
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (bestLen < 2) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

function _prefixLength(mask: Uint8Array): number | undefined {
  let n = 0;
  let i = 0;
  for (; i < mask.length && mask[i] === 0xff; i++) n += 8;
  if (i < mask.length) {
    const b = mask[i]!;
    const ones = [0, 0x80, 0xc0, 0xe0, 0xf0, 0xf8, 0xfc, 0xfe].indexOf(b);
    if (ones < 0) return undefined;
    n += ones;
    for (i++; i < mask.length; i++) if (mask[i] !== 0) return undefined;
  }
  return n;
}

function _ipText(value: Uint8Array, mask?: Uint8Array): string {
  if (mask === undefined) return formatIpAddress(value);
  const p = _prefixLength(mask);
  return `${formatIpAddress(value)}/${p === undefined ? formatIpAddress(mask) : p}`;
}

// ---------------------------------------------------------------------------------------------
// Parsing

function _bad(code: 'invalid-general-name' | 'empty-general-name' | 'invalid-ip-address' | 'invalid-uri', msg: string, offset: number): never {
  throw new NameError(code, msg, { offset });
}

/**
 * Reads one GeneralName.
 * @throws DerError for malformed DER; NameError `invalid-ip-address`, `invalid-general-name`,
 * `empty-general-name` and `invalid-uri` (the last two in the `san` context in strict mode).
 * @example
 * ```ts
 * const gn = parseGeneralName(new DerReader(Uint8Array.of(0x82, 1, 0x61))); // { type: 'dns', value: 'a' }
 * ```
 */
export function parseGeneralName(r: DerReader, options: GeneralNameOptions = {}): GeneralName {
  const ctx = options.context ?? 'san';
  const strictSan = ctx === 'san' && !r.lenient;
  const t = r.readTlv();
  const v = t.value;
  const empty = (what: string): void => {
    if (strictSan && v.length === 0) _bad('empty-general-name', `empty ${what} in a subjectAltName (RFC 5280 §4.2.1.6: no empty GeneralName fields)`, t.offset);
  };
  switch (t.tag) {
    case 0xa0: {
      // OtherName ::= SEQUENCE { type-id OBJECT IDENTIFIER, value [0] EXPLICIT ANY DEFINED BY type-id }
      const c = r.enterTlv(t);
      const typeId = c.readOid('OtherName type-id');
      const inner = c.enter(contextTag(0, true), 'OtherName value [0]');
      const val = inner.readTlv();
      inner.finish('OtherName value');
      c.finish('OtherName');
      const gn: GeneralName = { type: 'otherName', typeId, value: val.raw };
      if (typeId === UPN_OID) {
        if (val.tag === Tag.UTF8_STRING) gn.upn = decodeUtf8(val.value, val.valueOffset);
        else if (!r.lenient) _bad('invalid-general-name', 'a UPN otherName must hold a UTF8String', val.offset);
      }
      return gn;
    }
    case 0x81:
      empty('rfc822Name');
      return { type: 'email', value: decodeIa5(v, t.valueOffset) };
    case 0x82: {
      empty('dNSName');
      const value = decodeIa5(v, t.valueOffset);
      if (strictSan && value === ' ') _bad('empty-general-name', 'dNSName " " must not be used (RFC 5280 §4.2.1.6)', t.offset);
      return { type: 'dns', value };
    }
    case 0xa3:
      return { type: 'x400', raw: t.raw };
    case 0xa4: {
      // [4] is EXPLICIT because Name is a CHOICE (X.680 §31.2.7).
      const c = r.enterTlv(t);
      const value = readName(c);
      c.finish('directoryName');
      if (strictSan && value.isEmpty) _bad('empty-general-name', 'empty directoryName in a subjectAltName (RFC 5280 §4.2.1.6)', t.offset);
      return { type: 'dn', value };
    }
    case 0xa5:
      return { type: 'ediParty', raw: t.raw };
    case 0x86: {
      empty('uniformResourceIdentifier');
      const value = decodeIa5(v, t.valueOffset);
      // RFC 5280 §4.2.1.6: "The name MUST NOT be a relative URI" and must have a scheme.
      if (strictSan && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(value)) _bad('invalid-uri', `URI '${value}' has no scheme; RFC 5280 §4.2.1.6 forbids relative URIs`, t.valueOffset);
      return { type: 'uri', value };
    }
    case 0x87: {
      if (ctx === 'constraint') {
        // RFC 5280 §4.2.1.10: address followed by mask, 8 octets (IPv4) or 32 (IPv6).
        if (v.length !== 8 && v.length !== 32) _bad('invalid-ip-address', `iPAddress in name constraints has ${v.length} octets; RFC 5280 §4.2.1.10 wants 8 or 32`, t.offset);
        const half = v.length / 2;
        const value = v.subarray(0, half);
        const mask = v.subarray(half);
        return { type: 'ip', value, mask, text: _ipText(value, mask) };
      }
      if (v.length !== 4 && v.length !== 16) _bad('invalid-ip-address', `iPAddress has ${v.length} octets; RFC 5280 §4.2.1.6 wants 4 (IPv4) or 16 (IPv6)`, t.offset);
      return { type: 'ip', value: v, text: formatIpAddress(v) };
    }
    case 0x88:
      return { type: 'registeredId', value: decodeOid(v, t.valueOffset) };
    default:
      return _bad('invalid-general-name', `tag 0x${t.tag.toString(16)} is not a GeneralName choice (RFC 5280 §4.2.1.6)`, t.offset);
  }
}

/**
 * Reads `GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName` (`tag` for IMPLICIT tagging).
 * @throws NameError `invalid-general-name` for an empty sequence, and the
 * {@link parseGeneralName} errors, with the index in `path` (`[2]`).
 * @example
 * ```ts
 * const names = parseGeneralNames(new DerReader(sanValue));
 * ```
 */
export function parseGeneralNames(r: DerReader, options: GeneralNameOptions = {}, tag: number = Tag.SEQUENCE): GeneralName[] {
  const at = r.pos;
  const seq = r.enter(tag, 'GeneralNames');
  if (seq.atEnd) _bad('invalid-general-name', 'GeneralNames must hold at least one name (SIZE (1..MAX))', at);
  const out: GeneralName[] = [];
  while (!seq.atEnd) {
    const i = out.length;
    out.push(withPath(`[${i}]`, () => parseGeneralName(seq, options)));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Writing

function _ia5(s: string, what: string): Uint8Array {
  if (typeof s !== 'string') throw new TypeError(`${what} must be a string`);
  try {
    return encodeString(Tag.IA5_STRING, s);
  } catch (e) {
    throw new RangeError(`${what} ${JSON.stringify(s)} is not ASCII (IA5String, RFC 5280 §4.2.1.6)`, { cause: e });
  }
}

/**
 * Writes one GeneralName. An `ip` with a `mask` is written in the name-constraints form
 * (address then mask).
 * @throws TypeError/RangeError for a value the choice cannot hold.
 * @example
 * ```ts
 * const der = encodeDer((w) => writeGeneralName(w, dns('example.com')));
 * ```
 */
export function writeGeneralName(w: DerWriter, gn: GeneralName): void {
  if (gn === null || typeof gn !== 'object') throw new TypeError('GeneralName must be an object');
  switch (gn.type) {
    case 'otherName':
      w.constructed(contextTag(0, true), (w) => {
        w.oid(gn.typeId);
        w.explicit(0, (w) => w.raw(gn.value));
      });
      return;
    case 'email':
      w.element(contextTag(1), _ia5(gn.value, 'rfc822Name'));
      return;
    case 'dns':
      w.element(contextTag(2), _ia5(gn.value, 'dNSName'));
      return;
    case 'x400':
    case 'ediParty':
      w.raw(gn.raw);
      return;
    case 'dn':
      if (!(gn.value instanceof Name)) throw new TypeError('directoryName value must be a Name');
      w.explicit(4, (w) => writeName(w, gn.value));
      return;
    case 'uri':
      w.element(contextTag(6), _ia5(gn.value, 'URI'));
      return;
    case 'ip': {
      const n = gn.value.length;
      if (n !== 4 && n !== 16) throw new RangeError(`IP address must be 4 or 16 octets, got ${n}`);
      if (gn.mask !== undefined) {
        if (gn.mask.length !== n) throw new RangeError('IP mask must have as many octets as the address');
        const both = new Uint8Array(2 * n);
        both.set(gn.value);
        both.set(gn.mask, n);
        w.element(contextTag(7), both);
      } else w.element(contextTag(7), gn.value);
      return;
    }
    case 'registeredId':
      w.element(contextTag(8), _oidContents(gn.value));
      return;
    default:
      throw new TypeError(`unknown GeneralName type '${(gn as { type: unknown }).type}'`);
  }
}

function _oidContents(oid: string): Uint8Array {
  const w = new DerWriter();
  w.oid(oid);
  const der = w.finish();
  return der.subarray(2); // OIDs certkit writes are far shorter than 128 octets: 1-octet length
}

/**
 * Writes `GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName` (`tag` for IMPLICIT tagging).
 * @throws RangeError for an empty list.
 * @example
 * ```ts
 * const der = encodeDer((w) => writeGeneralNames(w, [dns('a.example'), ip('10.0.0.1')]));
 * ```
 */
export function writeGeneralNames(w: DerWriter, names: readonly GeneralName[], tag: number = Tag.SEQUENCE): void {
  if (!Array.isArray(names)) throw new TypeError('GeneralNames must be an array');
  if (names.length === 0) throw new RangeError('GeneralNames needs at least one name (SIZE (1..MAX))');
  w.constructed(tag, (w) => {
    for (const gn of names) writeGeneralName(w, gn);
  });
}

// ---------------------------------------------------------------------------------------------
// Helpers

/**
 * A dNSName, checked: ASCII letters, digits, `-`, `_` in labels of 1–63 characters, at most 253
 * characters, an optional `*` as the whole leftmost label (wildcard), no trailing dot.
 * Internationalised names must be given in their A-label (`xn--`) form.
 * @throws RangeError for anything else.
 * @example
 * ```ts
 * dns('example.com') // { type: 'dns', value: 'example.com' }
 * ```
 */
export function dns(name: string): GeneralName {
  if (typeof name !== 'string') throw new TypeError('DNS name must be a string');
  if (name.length === 0 || name.length > 253) throw new RangeError(`DNS name must have 1..253 characters, got ${name.length}`);
  const labels = name.split('.');
  labels.forEach((l, i) => {
    if (i === 0 && l === '*' && labels.length > 1) return;
    if (!/^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/.test(l)) {
      throw new RangeError(`DNS name '${name}' has an invalid label '${l}' (RFC 1034 §3.5 preferred syntax; use the A-label form for IDNs)`);
    }
  });
  return { type: 'dns', value: name };
}

/**
 * An rfc822Name (`local@domain`, ASCII; RFC 5280 §4.2.1.6). For a name constraint, a bare
 * domain or `.domain` is accepted too.
 * @throws RangeError for a value that is empty or not ASCII.
 * @example
 * ```ts
 * email('jane@example.com')
 * ```
 */
export function email(address: string): GeneralName {
  if (typeof address !== 'string') throw new TypeError('email address must be a string');
  if (!/^[\x21-\x7e]+$/.test(address)) throw new RangeError(`email address ${JSON.stringify(address)} must be non-empty printable ASCII (RFC 5280 §4.2.1.6)`);
  if ((address.match(/@/g) ?? []).length > 1) throw new RangeError(`email address '${address}' has more than one '@'`);
  return { type: 'email', value: address };
}

/**
 * A uniformResourceIdentifier: an absolute URI (RFC 3986 §4.3, RFC 5280 §4.2.1.6), ASCII.
 * @throws RangeError for a relative or non-ASCII URI.
 * @example
 * ```ts
 * uri('http://crl.example.com/root.crl')
 * ```
 */
export function uri(value: string): GeneralName {
  if (typeof value !== 'string') throw new TypeError('URI must be a string');
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:[\x21-\x7e]*$/.test(value)) throw new RangeError(`'${value}' is not an absolute ASCII URI (RFC 5280 §4.2.1.6)`);
  return { type: 'uri', value };
}

/**
 * An iPAddress from text: `10.0.0.1`, `::1`, or with a prefix length (`10.0.0.0/8`,
 * `2001:db8::/32`) for name constraints (RFC 5280 §4.2.1.10).
 * @throws RangeError for a malformed address or prefix.
 * @example
 * ```ts
 * ip('192.0.2.1'); ip('10.0.0.0/8').mask // Uint8Array [255, 0, 0, 0]
 * ```
 */
export function ip(text: string): GeneralName {
  if (typeof text !== 'string') throw new TypeError('IP address must be a string');
  const slash = text.indexOf('/');
  if (slash < 0) {
    const value = parseIpAddress(text);
    return { type: 'ip', value, text: formatIpAddress(value) };
  }
  const value = parseIpAddress(text.slice(0, slash));
  const ps = text.slice(slash + 1);
  const bits = value.length * 8;
  if (!/^(0|[1-9][0-9]{0,2})$/.test(ps) || Number(ps) > bits) throw new RangeError(`prefix length '${ps}' must be 0..${bits}`);
  const p = Number(ps);
  const mask = new Uint8Array(value.length);
  for (let i = 0; i < p; i++) mask[i >> 3]! |= 0x80 >> (i & 7);
  const masked = value.map((b, i) => b & mask[i]!);
  return { type: 'ip', value: masked, mask, text: _ipText(masked, mask) };
}

/**
 * A directoryName from a Name, an RFC 4514 string or a {@link nameFrom} object.
 * @example
 * ```ts
 * dn('CN=Jane,O=Acme')
 * ```
 */
export function dn(name: Name | string | NameInit): GeneralName {
  const value = name instanceof Name ? name : typeof name === 'string' ? parseNameString(name) : nameFrom(name);
  return { type: 'dn', value };
}

/**
 * A Microsoft user principal name otherName (`1.3.6.1.4.1.311.20.2.3`, UTF8String).
 * @example
 * ```ts
 * upn('jane@corp.example')
 * ```
 */
export function upn(name: string): GeneralName {
  if (typeof name !== 'string' || name.length === 0) throw new RangeError('UPN must be a non-empty string');
  const w = new DerWriter();
  w.utf8(name);
  return { type: 'otherName', typeId: UPN_OID, value: w.finish(), upn: name };
}

/**
 * A registeredID.
 * @example
 * ```ts
 * registeredId('1.2.3.4')
 * ```
 */
export function registeredId(oid: string): GeneralName {
  if (typeof oid !== 'string' || !/^[0-2](\.(0|[1-9][0-9]*))+$/.test(oid)) throw new RangeError(`'${oid}' is not a dotted OID`);
  return { type: 'registeredId', value: oid };
}

// ---------------------------------------------------------------------------------------------
// Formatting

/**
 * OpenSSL `X509_NAME_oneline` style (`/C=US/O=Acme/CN=x`), as OpenSSL prints a DirName:
 * non-ASCII and control characters as `\xXX` UTF-8 octets, non-string values as `#hex`.
 * @example
 * ```ts
 * formatNameSlashed(nameFrom({ C: 'US', CN: 'x' })) === '/C=US/CN=x'
 * ```
 */
export function formatNameSlashed(name: Name): string {
  let te: TextEncoder | undefined;
  const hex2 = (b: number): string => b.toString(16).toUpperCase().padStart(2, '0');
  return name.rdns
    .map((rdn) => `/${rdn.map((a) => {
      const label = attributeOpenSslName(a.type);
      if (a.value === undefined) return `${label}=#${Array.from(a.rawValue, hex2).join('')}`;
      let v = '';
      for (const ch of a.value) {
        const c = ch.codePointAt(0)!;
        if (c < 0x20 || c >= 0x7f) {
          te ??= new TextEncoder();
          for (const b of te.encode(ch)) v += `\\x${hex2(b)}`;
        } else v += ch;
      }
      return `${label}=${v}`;
    }).join('+')}`)
    .join('');
}

/**
 * One GeneralName as `openssl x509 -text` prints it: `DNS:example.com`, `IP Address:10.0.0.1`,
 * `email:a@b`, `URI:http://x`, `DirName:/C=US/CN=x`, `Registered ID:1.2.3`,
 * `othername: UPN::jane@corp`, `X400Name:<unsupported>`, `EdiPartyName:<unsupported>`.
 * `style` picks between OpenSSL's two printers: `i2v` (subjectAltName, authorityKeyIdentifier:
 * DirName as `/C=US/CN=x`) and `print` (`GENERAL_NAME_print`, used for CRL distribution points
 * and name constraints: DirName as `C = US, CN = x`).
 * IPv6 addresses as OpenSSL 3.0 prints them (every group, upper case, no compression; the
 * RFC 5952 form is in `text`); masks in name constraints as `IP:10.0.0.0/255.0.0.0`.
 * @example
 * ```ts
 * formatGeneralName(dns('example.com')) === 'DNS:example.com'
 * ```
 */
export function formatGeneralName(gn: GeneralName, style: 'i2v' | 'print' = 'i2v'): string {
  switch (gn.type) {
    case 'dns': return `DNS:${gn.value}`;
    case 'email': return `email:${gn.value}`;
    case 'uri': return `URI:${gn.value}`;
    case 'ip': return gn.mask === undefined ? `IP Address:${_osslIp(gn.value)}` : `IP:${_osslIp(gn.value)}/${_osslIp(gn.mask)}`;
    case 'dn': return `DirName:${style === 'print' ? nameToOpenSslString(gn.value) : formatNameSlashed(gn.value)}`;
    case 'registeredId': return `Registered ID:${gn.value}`;
    case 'otherName':
      if (gn.upn !== undefined) return `othername: UPN::${gn.upn}`;
      return `othername: ${gn.typeId}::<unsupported>`;
    case 'x400': return 'X400Name:<unsupported>';
    case 'ediParty': return 'EdiPartyName:<unsupported>';
  }
}

function _osslIp(b: Uint8Array): string {
  if (b.length !== 16) return formatIpAddress(b);
  const g: string[] = [];
  for (let i = 0; i < 16; i += 2) g.push(((b[i]! << 8) | b[i + 1]!).toString(16).toUpperCase());
  return g.join(':');
}

/**
 * Whether two general names are the same name (RFC 5280 §7: DNS and email case-insensitive,
 * directory names per §7.1, IP and other forms by octets).
 * @example
 * ```ts
 * generalNamesEqual(dns('A.example'), dns('a.example')) // true
 * ```
 */
export function generalNamesEqual(a: GeneralName, b: GeneralName): boolean {
  if (a.type !== b.type) return false;
  const eq = (x: Uint8Array, y: Uint8Array): boolean => x.length === y.length && x.every((v, i) => v === y[i]);
  switch (a.type) {
    case 'dns': case 'email': return a.value.toLowerCase() === (b as typeof a).value.toLowerCase();
    case 'uri': case 'registeredId': return a.value === (b as typeof a).value;
    case 'dn': return nameEquals(a.value, (b as typeof a).value);
    case 'ip': {
      const o = b as typeof a;
      return eq(a.value, o.value) && (a.mask === undefined ? o.mask === undefined : o.mask !== undefined && eq(a.mask, o.mask));
    }
    case 'otherName': return a.typeId === (b as typeof a).typeId && eq(a.value, (b as typeof a).value);
    case 'x400': case 'ediParty': return eq(a.raw, (b as typeof a).raw);
  }
}

/**
 * Reads a GeneralName that fills `der` exactly (helper for tests and tools).
 * @example
 * ```ts
 * decodeGeneralName(Uint8Array.of(0x87, 4, 10, 0, 0, 1)) // { type: 'ip', text: '10.0.0.1', ... }
 * ```
 */
export function decodeGeneralName(der: Uint8Array, options: GeneralNameOptions & { lenient?: boolean } = {}): GeneralName {
  const r = new DerReader(der, { lenient: options.lenient === true });
  const gn = parseGeneralName(r, options);
  r.finish('GeneralName');
  return gn;
}
