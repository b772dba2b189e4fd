/**
 * General names (RFC 5280 §4.2.1.6): the `GeneralName` record, reading every choice, IP address
 * text forms and comparison. Building and writing names is `general-name-build.ts`, OpenSSL-style
 * text is `general-name-format.ts`, so that a parser bundles neither the DER writer nor the
 * formatters.
 *
 * Scope: read all nine choices (x400Address and ediPartyName kept raw, otherName with any
 * type-id kept raw and the Microsoft UPN decoded), the address+mask form of iPAddress used by
 * name constraints (RFC 5280 §4.2.1.10), IPv4/IPv6 text parsing and RFC 5952 formatting.
 * Non-goals: name-constraint matching and hostname verification (see `src/path/`), IDNA.
 *
 * Decision on empty names: RFC 5280 §4.2.1.6 says "conforming CAs MUST NOT issue certificates
 * with subjectAltNames containing empty GeneralName fields" and forbids the dNSName `" "`. So in
 * the `san` context (subjectAltName, issuerAltName), strict mode refuses an empty rfc822Name,
 * dNSName, URI or directoryName and a dNSName of `" "` (`empty-general-name`), and a relative
 * URI (`invalid-uri`); lenient mode accepts them. Name constraints may hold empty names (an
 * empty dNSName constraint matches every name), so the `constraint` context allows them.
 *
 * The one GeneralName walk is {@link _generalNamesAt} / {@link _generalNameAt} on the DER
 * cursor; {@link parseGeneralName} and {@link parseGeneralNames} run it for a `DerReader`.
 * @module
 */
import { DerError, Tag, decodeIa5, toHex, decodeOid, decodeUtf8, derCursor, enter, enterLast, expect, leave, next, addPath, type DerCursor, type DerReader } from '../der/index';
import { NameError, _nameAt, type Name } from './name';
import { nameEquals } from './name-compare';

/** OID of the Microsoft user principal name otherName (szOID_NT_PRINCIPAL_NAME). @internal */
export const _UPN_OID = '1.3.6.1.4.1.311.20.2.3';

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
  if (bytes.length !== 16) return toHex(bytes, ':');
  const g: string[] = [];
  for (let i = 0; i < 16; i += 2) g.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  const full = g.join(':');
  // RFC 5952 §5: IPv4-mapped addresses in mixed notation.
  if (full.startsWith('0:0:0:0:0:ffff:')) return `::ffff:${formatIpAddress(bytes.subarray(12))}`;
  // RFC 5952 §4.2: compress the longest run (the first one on a tie) of at least two zero groups;
  // runs are found in `:full:` so that each one is `:0:0:...:`, and the colons around `::` go.
  let run = '';
  for (const m of `:${full}:`.match(/:(0:){2,}/g) ?? []) if (m.length > run.length) run = m;
  return run === '' ? full : `:${full}:`.replace(run, '::').replace(/^:(?=[^:])|(?<=[^:]):$/g, '');
}

function _prefixLength(mask: Uint8Array): number | undefined {
  let n = 0;
  let i = 0;
  for (; i < mask.length && mask[i] === 0xff; i++) n += 8;
  if (i < mask.length) {
    // The leading one bits of a contiguous mask octet, and none after them.
    const ones = Math.clz32(~mask[i]! & 0xff) - 24;
    if ((mask[i]! << ones) & 0xff) return undefined;
    n += ones;
    for (i++; i < mask.length; i++) if (mask[i] !== 0) return undefined;
  }
  return n;
}

/** An address with an optional mask as text (`10.0.0.0/8`). @internal */
export function _ipText(value: Uint8Array, mask?: Uint8Array): string {
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
 * Reads the GeneralName at the cursor (the walk behind every GeneralName reader). `levels` is the
 * nesting still allowed below this element, which bounds a directoryName's Name (the only
 * open-ended nesting: an otherName's value is skipped whole, not descended into).
 * @internal
 */
function _generalNameAt(c: DerCursor, ctx: GeneralNameContext, levels: number): GeneralName {
  const strictSan = ctx === 'san' && !c.lenient;
  const tag = next(c);
  const { buf, start, vs, ve } = c;
  const v = buf.subarray(vs, ve);
  const empty = (what: string): void => {
    if (strictSan && vs === ve) _bad('empty-general-name', `empty ${what} in a subjectAltName (RFC 5280 §4.2.1.6: no empty GeneralName fields)`, start);
  };
  switch (tag) {
    case 0xa0: {
      // OtherName ::= SEQUENCE { type-id OBJECT IDENTIFIER, value [0] EXPLICIT ANY DEFINED BY type-id }
      const outer = enterLast(c);
      const typeId = decodeOid(buf.subarray(expect(c, Tag.OID), c.ve), c.vs);
      const o2 = enter(c, 0xa0); // value [0] EXPLICIT
      const valTag = next(c);
      const gn: GeneralName = { type: 'otherName', typeId, value: buf.subarray(c.start, c.ve) };
      if (typeId === _UPN_OID) {
        if (valTag === Tag.UTF8_STRING) gn.upn = decodeUtf8(buf.subarray(c.vs, c.ve), c.vs);
        else if (!c.lenient) _bad('invalid-general-name', 'a UPN otherName must hold a UTF8String', c.start);
      }
      leave(c, o2);
      leave(c, outer);
      return gn;
    }
    case 0x81:
      empty('rfc822Name');
      return { type: 'email', value: decodeIa5(v, vs) };
    case 0x82: {
      empty('dNSName');
      const value = decodeIa5(v, vs);
      if (strictSan && value === ' ') _bad('empty-general-name', 'dNSName " " must not be used (RFC 5280 §4.2.1.6)', start);
      return { type: 'dns', value };
    }
    case 0xa3:
      return { type: 'x400', raw: buf.subarray(start, ve) };
    case 0xa4: {
      // [4] is EXPLICIT because Name is a CHOICE (X.680 §31.2.7).
      const outer = enterLast(c);
      expect(c, 0x30);
      const value = _nameAt(buf, c.start, c.ve, c.lenient, levels - 1);
      leave(c, outer);
      if (strictSan && value.isEmpty) _bad('empty-general-name', 'empty directoryName in a subjectAltName (RFC 5280 §4.2.1.6)', start);
      return { type: 'dn', value };
    }
    case 0xa5:
      return { type: 'ediParty', raw: buf.subarray(start, ve) };
    case 0x86: {
      empty('uniformResourceIdentifier');
      const value = decodeIa5(v, vs);
      // RFC 5280 §4.2.1.6: "The name MUST NOT be a relative URI" and must have a scheme.
      if (strictSan && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(value)) _bad('invalid-uri', `URI '${value}' has no scheme; RFC 5280 §4.2.1.6 forbids relative URIs`, vs);
      return { type: 'uri', value };
    }
    case 0x87: {
      if (ctx === 'constraint') {
        // RFC 5280 §4.2.1.10: address followed by mask, 8 octets (IPv4) or 32 (IPv6).
        if (v.length !== 8 && v.length !== 32) _bad('invalid-ip-address', `iPAddress in name constraints has ${v.length} octets; RFC 5280 §4.2.1.10 wants 8 or 32`, start);
        const half = v.length / 2;
        const value = v.subarray(0, half);
        const mask = v.subarray(half);
        return { type: 'ip', value, mask, text: _ipText(value, mask) };
      }
      if (v.length !== 4 && v.length !== 16) _bad('invalid-ip-address', `iPAddress has ${v.length} octets; RFC 5280 §4.2.1.6 wants 4 (IPv4) or 16 (IPv6)`, start);
      return { type: 'ip', value: v, text: formatIpAddress(v) };
    }
    case 0x88:
      return { type: 'registeredId', value: decodeOid(v, vs) };
    default:
      return _bad('invalid-general-name', `tag 0x${tag.toString(16)} is not a GeneralName choice (RFC 5280 §4.2.1.6)`, start);
  }
}

/**
 * Reads `GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName` (`tag` for IMPLICIT tagging) at
 * the cursor, with the index of a faulty name in the error's `path` (`[2]`).
 * @internal
 */
export function _generalNamesAt(c: DerCursor, ctx: GeneralNameContext, levels: number, tag: number = Tag.SEQUENCE): GeneralName[] {
  const at = c.pos;
  const outer = enter(c, tag);
  if (c.pos >= c.end) _bad('invalid-general-name', 'GeneralNames must hold at least one name (SIZE (1..MAX))', at);
  const out: GeneralName[] = [];
  try {
    while (c.pos < c.end) out.push(_generalNameAt(c, ctx, levels - 1));
  } catch (e) {
    throw addPath(e, `[${out.length}]`);
  }
  leave(c, outer);
  return out;
}

/** Runs a cursor walk at a reader's position and moves the reader past what it read. */
function _onReader<T>(r: DerReader, walk: (c: DerCursor, levels: number) => T): T {
  const c = derCursor(r.buf, r.pos, r.end, r.lenient);
  const out = walk(c, r.maxDepth - r.depth);
  r.pos = c.pos;
  return out;
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
  return _onReader(r, (c, levels) => _generalNameAt(c, options.context ?? 'san', levels));
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
  return _onReader(r, (c, levels) => _generalNamesAt(c, options.context ?? 'san', levels, tag));
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
    case 'dns':
    case 'email':
      return a.value.toLowerCase() === (b as typeof a).value.toLowerCase();
    case 'uri':
    case 'registeredId':
      return a.value === (b as typeof a).value;
    case 'dn':
      return nameEquals(a.value, (b as typeof a).value);
    case 'ip': {
      const o = b as typeof a;
      return eq(a.value, o.value) && (a.mask === undefined ? o.mask === undefined : o.mask !== undefined && eq(a.mask, o.mask));
    }
    case 'otherName':
      return a.typeId === (b as typeof a).typeId && eq(a.value, (b as typeof a).value);
    case 'x400':
    case 'ediParty':
      return eq(a.raw, (b as typeof a).raw);
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
  if (!(der instanceof Uint8Array)) throw new TypeError('decodeGeneralName expects a Uint8Array');
  const c = derCursor(der, 0, der.length, options.lenient === true);
  const gn = _generalNameAt(c, options.context ?? 'san', 64);
  if (c.pos < der.length) throw new DerError('trailing-data', `${der.length - c.pos} unexpected byte(s) after the GeneralName`, { offset: c.pos });
  return gn;
}
