/**
 * OBJECT IDENTIFIER contents (X.690 §8.19).
 *
 * Scope: decoding to dotted strings (arcs past 2^53 through `bigint`) with the DER rules —
 * non-empty, every subidentifier minimal, the last one complete — and encoding from dotted
 * strings with the X.660 first-arc rules. Non-goals: RELATIVE-OID.
 * @module
 */
import { DerError } from './errors';

/**
 * Longest subidentifier decoded, in octets (32 octets hold arcs below 2^224; a UUID arc under
 * 2.25 needs 19). Turning a longer arc into decimal costs time quadratic in its length, so a
 * hostile OID of a few hundred kilobytes could stall the reader (the same problem as OpenSSL's
 * CVE-2023-2650); such arcs are refused with `unsupported`.
 * @example
 * ```ts
 * decodeOid(hugeArc, 0) // DerError 'unsupported' when one arc is longer than MAX_OID_ARC_OCTETS
 * ```
 */
export const MAX_OID_ARC_OCTETS = 32;

/**
 * Checks OBJECT IDENTIFIER contents `buf[start..end)` (X.690 §8.19.2) without decoding them (the
 * rules {@link decodeOid} applies too), for parsers that keep the OID as bytes until it is read.
 * `offset` is the absolute offset of `buf[start]` in the caller's input, for errors.
 * @throws DerError `invalid-oid`, `unsupported` (as {@link decodeOid}).
 * @example
 * ```ts
 * checkOid(Uint8Array.of(0x55, 0x04, 0x03), 0, 3); // fine
 * ```
 */
export function checkOid(buf: Uint8Array, start: number, end: number, offset = start): void {
  const at = offset - start; // absolute offset of buf[i] is i + at
  if (end <= start) throw new DerError('invalid-oid', 'OBJECT IDENTIFIER has no contents octets (X.690 §8.19.2)', { offset });
  if ((buf[end - 1]! & 0x80) !== 0) throw new DerError('invalid-oid', 'OBJECT IDENTIFIER ends inside a subidentifier (X.690 §8.19.2)', { offset: end - 1 + at });
  let arcStart = start;
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    // Most subidentifiers are one octet below 0x80, which can break no rule: one test for them.
    if (c < 0x80 && i === arcStart) {
      arcStart = i + 1;
      continue;
    }
    if (i === arcStart && c === 0x80) throw new DerError('invalid-oid', 'OBJECT IDENTIFIER subidentifier has a leading 0x80 octet; DER wants the fewest octets (X.690 §8.19.2)', { offset: i + at });
    if (i - arcStart === MAX_OID_ARC_OCTETS) {
      throw new DerError('unsupported', `OBJECT IDENTIFIER has a subidentifier longer than ${MAX_OID_ARC_OCTETS} octets; certkit does not decode arcs that large`, { offset: arcStart + at });
    }
    if ((c & 0x80) === 0) arcStart = i + 1;
  }
}

/**
 * Decodes OBJECT IDENTIFIER contents to a dotted string.
 * @throws DerError `invalid-oid` for empty contents, a subidentifier with a leading 0x80 octet
 * (X.690 §8.19.2) or a truncated last subidentifier; `unsupported` for a subidentifier longer
 * than {@link MAX_OID_ARC_OCTETS} octets.
 * @example
 * ```ts
 * decodeOid(Uint8Array.of(0x55, 0x04, 0x03), 0) === '2.5.4.3'
 * ```
 */
export function decodeOid(v: Uint8Array, offset: number): string {
  return decodeOidAt(v, 0, v.length, offset);
}

/**
 * {@link decodeOid} of the contents `buf[start..end)` in place (no view made), `offset` being the
 * absolute offset of `buf[start]` for errors.
 * @throws DerError as {@link decodeOid}.
 * @example
 * ```ts
 * decodeOidAt(Uint8Array.of(0x06, 0x03, 0x55, 0x04, 0x03), 2, 5, 2) === '2.5.4.3'
 * ```
 */
export function decodeOidAt(buf: Uint8Array, start: number, end: number, offset = start): string {
  checkOid(buf, start, end, offset); // the encoding rules, in one place
  // The text is written as character codes and made into one flat string at the end: joining
  // pieces would leave a tree of partial strings per OID (garbage-collector work when thousands
  // of OIDs are kept, as in a long extKeyUsage).
  const cs: number[] = [];
  let i = start;
  let first = true;
  while (i < end) {
    let x = 0;
    let c: number;
    const arcAt = i;
    do {
      c = buf[i++]!;
      x = x * 128 + (c & 0x7f);
    } while (c & 0x80);
    if (x >= 2 ** 53) return _decodeOidBig(buf, start, end, arcAt, cs);
    if (first) {
      // X.690 §8.19.4: the first subidentifier is 40 * arc1 + arc2, arc1 in 0..2.
      first = false;
      const arc1 = x < 40 ? 0 : x < 80 ? 1 : 2;
      cs.push(0x30 + arc1, 0x2e);
      _digits(cs, x - 40 * arc1);
    } else {
      cs.push(0x2e);
      _digits(cs, x);
    }
  }
  return _text(cs);
}

/** Character codes as a string (in slices: `apply` takes a bounded number of arguments). */
function _text(cs: number[]): string {
  if (cs.length <= 4096) return String.fromCharCode.apply(null, cs);
  let out = '';
  for (let i = 0; i < cs.length; i += 4096) out += String.fromCharCode.apply(null, cs.slice(i, i + 4096));
  return out;
}

/** Appends the decimal digits of `x` (a safe integer) to `cs`. */
function _digits(cs: number[], x: number): void {
  if (x < 10) {
    cs.push(0x30 + x);
    return;
  }
  const from = cs.length;
  while (x > 0) {
    const q = Math.floor(x / 10);
    cs.push(0x30 + (x - q * 10));
    x = q;
  }
  for (let a = from, b = cs.length - 1; a < b; a++, b--) {
    const t = cs[a]!;
    cs[a] = cs[b]!;
    cs[b] = t;
  }
}

/** The rest of an OID from the arc at `i` on, when an arc needs a bigint (past 2^53); `cs` holds the text so far. */
function _decodeOidBig(buf: Uint8Array, start: number, end: number, i: number, cs: number[]): string {
  let out = _text(cs);
  while (i < end) {
    let big = 0n;
    let c: number;
    do {
      c = buf[i++]!;
      big = big * 128n + BigInt(c & 0x7f);
    } while (c & 0x80);
    // The first subidentifier is 40 * arc1 + arc2; one this large has arc1 = 2.
    out += out === '' ? '2.' + (big - 80n).toString() : '.' + big.toString();
  }
  return out;
}

const ARC = /^(0|[1-9][0-9]*)$/;

/**
 * Encodes a dotted OID string to contents octets (X.690 §8.19), arcs past 2^53 included.
 * @throws RangeError when the string is not a valid OID: fewer than two arcs, a first arc above 2,
 * a second arc of 40 or more under arc 0 or 1, a malformed/leading-zero arc, or an arc longer
 * than {@link MAX_OID_ARC_OCTETS} octets once encoded.
 * @example
 * ```ts
 * encodeOid('1.2.840.113549') // [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d]
 * ```
 */
export function encodeOid(oid: string): Uint8Array {
  const parts = oid.split('.');
  if (parts.length < 2) throw new RangeError(`OID needs at least two arcs: '${oid}'`);
  for (const p of parts) {
    if (!ARC.test(p)) throw new RangeError(`OID arc '${p}' is not a decimal number without leading zeros in '${oid}'`);
    // 2^(7 * MAX_OID_ARC_OCTETS) has 68 digits; refuse longer text before BigInt() parses it.
    if (p.length > 70) throw new RangeError(`OID arc '${p.slice(0, 20)}...' is too large; at most ${MAX_OID_ARC_OCTETS} octets are supported`);
  }
  const a1 = Number(parts[0]);
  const a2 = BigInt(parts[1]!);
  if (a1 > 2) throw new RangeError(`OID first arc must be 0, 1 or 2: '${oid}'`);
  if (a1 < 2 && a2 >= 40n) throw new RangeError(`OID second arc must be below 40 under arc ${a1}: '${oid}'`);
  const out: number[] = [];
  pushArc(out, BigInt(a1 * 40) + a2);
  for (let i = 2; i < parts.length; i++) {
    const s = parts[i]!;
    if (s.length < 15) pushSmallArc(out, Number(s));
    else pushArc(out, BigInt(s));
  }
  return Uint8Array.from(out);
}

function pushSmallArc(out: number[], x: number): void {
  if (x < 128) {
    out.push(x);
    return;
  }
  const tmp: number[] = [];
  while (x > 0) {
    tmp.push(x % 128);
    x = Math.floor(x / 128);
  }
  for (let i = tmp.length - 1; i >= 0; i--) out.push(tmp[i]! | (i > 0 ? 0x80 : 0));
}

function pushArc(out: number[], x: bigint): void {
  if (x < 128n) {
    out.push(Number(x));
    return;
  }
  const tmp: number[] = [];
  while (x > 0n) {
    tmp.push(Number(x & 0x7fn));
    x >>= 7n;
  }
  // Keep what the writer emits readable by decodeOid.
  if (tmp.length > MAX_OID_ARC_OCTETS) throw new RangeError(`OID arc needs ${tmp.length} octets; at most ${MAX_OID_ARC_OCTETS} are supported`);
  for (let i = tmp.length - 1; i >= 0; i--) out.push(tmp[i]! | (i > 0 ? 0x80 : 0));
}
