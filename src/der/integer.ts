/**
 * INTEGER and ENUMERATED contents (X.690 §8.3, §8.4): two's complement, big-endian, minimal.
 *
 * Scope: decoding to `bigint` or a safe `number`, checking minimality, and encoding from
 * `bigint`, `number` or unsigned magnitude bytes. Non-goals: REAL.
 * @module
 */
import { DerError } from './errors';

/**
 * Checks INTEGER contents octets: non-empty (X.690 §8.3.1) and minimal (§8.3.2: the first nine
 * bits are not all zero or all one).
 * `offset` is the absolute offset of the first contents octet, used in errors.
 * @throws DerError `empty-integer` or `non-minimal-integer`.
 * @example
 * ```ts
 * checkInteger(Uint8Array.of(0x00, 0x7f), 0) // throws DerError 'non-minimal-integer'
 * ```
 */
export function checkInteger(v: Uint8Array, offset: number, allowNonMinimal = false): void {
  if (v.length === 0) throw new DerError('empty-integer', 'INTEGER has no contents octets (X.690 §8.3.1)', { offset });
  if (v.length > 1 && !allowNonMinimal) {
    const a = v[0]!;
    const b = v[1]!;
    if ((a === 0 && b < 0x80) || (a === 0xff && b >= 0x80)) {
      throw new DerError('non-minimal-integer', 'INTEGER is not in its shortest form: the first nine bits are all equal (X.690 §8.3.2)', { offset });
    }
  }
}

/**
 * Two's complement bytes to `bigint` (no minimality check: see {@link checkInteger}).
 * @example
 * ```ts
 * bytesToBigInt(new Uint8Array([0xff])) === -1n
 * ```
 */
export function bytesToBigInt(v: Uint8Array): bigint {
  const n = v.length;
  if (n === 0) return 0n;
  if (n <= 6) {
    let x = 0;
    for (let i = 0; i < n; i++) x = x * 256 + v[i]!;
    if (v[0]! >= 0x80) x -= 2 ** (8 * n);
    return BigInt(x);
  }
  let hex = '';
  for (let i = 0; i < n; i++) hex += HEX[v[i]!]!;
  let x = BigInt('0x' + hex);
  if (v[0]! >= 0x80) x -= 1n << BigInt(8 * n);
  return x;
}

/**
 * Unsigned big-endian bytes to `bigint`.
 * @example
 * ```ts
 * unsignedBytesToBigInt(Uint8Array.of(0xff)) === 255n
 * ```
 */
export function unsignedBytesToBigInt(v: Uint8Array): bigint {
  if (v.length === 0) return 0n;
  let hex = '';
  for (let i = 0; i < v.length; i++) hex += HEX[v[i]!]!;
  return BigInt('0x' + hex);
}

const HEX: readonly string[] = /* @__PURE__ */ Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * Two's complement bytes to a safe integer `number`.
 * @throws DerError `integer-too-large` when the value is outside ±(2^53 − 1).
 * @example
 * ```ts
 * bytesToSafeInteger(Uint8Array.of(0x01, 0x00), 0) === 256
 * ```
 */
export function bytesToSafeInteger(v: Uint8Array, offset: number): number {
  if (v.length <= 6) {
    let x = 0;
    for (let i = 0; i < v.length; i++) x = x * 256 + v[i]!;
    if (v.length > 0 && v[0]! >= 0x80) x -= 2 ** (8 * v.length);
    return x;
  }
  const big = bytesToBigInt(v);
  if (big > BigInt(Number.MAX_SAFE_INTEGER) || big < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new DerError('integer-too-large', 'INTEGER does not fit in a safe JavaScript number', { offset });
  }
  return Number(big);
}

/**
 * Minimal two's complement encoding of an integer (X.690 §8.3).
 * @throws RangeError for a non-integer `number`.
 * @example
 * ```ts
 * encodeIntegerContents(128n) // Uint8Array [0x00, 0x80]
 * ```
 */
export function encodeIntegerContents(value: bigint | number): Uint8Array {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`INTEGER must be a safe integer, got ${value}`);
    if (value >= -128 && value <= 127) return Uint8Array.of(value & 0xff);
    value = BigInt(value);
  }
  if (value >= -128n && value <= 127n) return Uint8Array.of(Number(value & 0xffn));
  const neg = value < 0n;
  // For a negative x, the two's complement of x in n bytes equals 2^(8n) + x.
  const mag = neg ? -value - 1n : value;
  let hex = mag.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  const n = hex.length / 2;
  // A leading byte with the high bit set needs one extra sign byte.
  const needsPad = hexDigit(hex.charCodeAt(0)) >= 8;
  const out = new Uint8Array(n + (needsPad ? 1 : 0));
  let j = needsPad ? 1 : 0;
  for (let i = 0; i < n; i++) {
    const b = (hexDigit(hex.charCodeAt(2 * i)) << 4) | hexDigit(hex.charCodeAt(2 * i + 1));
    out[j++] = neg ? ~b & 0xff : b;
  }
  if (needsPad) out[0] = neg ? 0xff : 0x00;
  return out;
}

/** The value of a lowercase hex digit (as `bigint.toString(16)` writes them). */
function hexDigit(c: number): number {
  return c <= 0x39 ? c - 0x30 : c - 0x57;
}

/**
 * INTEGER contents for a non-negative value given as unsigned big-endian bytes (leading zeros are
 * stripped, a zero octet is prepended when the high bit is set). The input is not modified.
 * @example
 * ```ts
 * unsignedToIntegerContents(Uint8Array.of(0, 0, 0x80)) // [0x00, 0x80]
 * ```
 */
export function unsignedToIntegerContents(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  if (bytes.length === 0) return Uint8Array.of(0);
  const first = bytes[i]!;
  if (first < 0x80) return bytes.subarray(i);
  const out = new Uint8Array(bytes.length - i + 1);
  out.set(bytes.subarray(i), 1);
  return out;
}

/**
 * Magnitude bytes of a non-negative INTEGER's contents (the sign octet removed).
 * @example
 * ```ts
 * integerContentsToUnsigned(Uint8Array.of(0, 0x80)) // [0x80]
 * ```
 */
export function integerContentsToUnsigned(v: Uint8Array): Uint8Array {
  return v.length > 1 && v[0] === 0 ? v.subarray(1) : v;
}
