/**
 * Small encoding helpers of the key layer (private module): base64url (RFC 4648 §5) for JWK,
 * fixed-length big-endian integers, and the PEM bridge.
 *
 * Non-goals: general base64 (PEM lives in `src/pem/`).
 * @module
 */
import { decodePem, encodePem } from '../pem/index';
import { KeyError } from './errors';

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** base64url without padding (RFC 7515 §2, RFC 7517). */
export function _b64url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += B64URL[n >> 18]! + B64URL[(n >> 12) & 63]! + B64URL[(n >> 6) & 63]! + B64URL[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += B64URL[n >> 18]! + B64URL[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += B64URL[n >> 18]! + B64URL[(n >> 12) & 63]! + B64URL[(n >> 6) & 63]!;
  }
  return out;
}

/**
 * Decodes base64url without padding, strictly: only the URL-safe alphabet, no padding, no
 * whitespace, and zero bits where a final partial group leaves some (RFC 4648 §3.5).
 * @throws KeyError `malformed-key` naming the JWK member.
 */
export function _fromB64url(s: unknown, member: string): Uint8Array {
  if (typeof s !== 'string') throw new KeyError('malformed-key', `JWK member "${member}" must be a base64url string`);
  if (s.length % 4 === 1) throw new KeyError('malformed-key', `JWK member "${member}" has an impossible base64url length`);
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < s.length; i++) {
    const v = B64URL.indexOf(s[i]!);
    if (v < 0) throw new KeyError('malformed-key', `JWK member "${member}" has a character outside base64url at ${i}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  if ((acc & ((1 << bits) - 1)) !== 0) {
    throw new KeyError('malformed-key', `JWK member "${member}" has non-zero padding bits (RFC 4648 §3.5)`);
  }
  return out.subarray(0, o);
}

/** Big-endian unsigned bytes of a non-negative bigint, left-padded to `length` when given. */
export function _bigintToBytes(x: bigint, length?: number): Uint8Array {
  let hex = x.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  let n = hex.length / 2;
  if (length !== undefined) {
    if (n > length) throw new RangeError(`integer does not fit in ${length} bytes`);
    n = length;
  }
  const out = new Uint8Array(n);
  const off = n - hex.length / 2;
  for (let i = 0; i < hex.length / 2; i++) out[off + i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Unsigned big-endian bytes to bigint. */
export function _bytesToBigint(b: Uint8Array): bigint {
  let x = 0n;
  for (let i = 0; i < b.length; i++) x = (x << 8n) | BigInt(b[i]!);
  return x;
}

/** Bit length of a positive bigint. */
export function _bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

/** PEM text for DER under a label (RFC 7468). */
export function _toPem(label: string, der: Uint8Array): string {
  return encodePem(label, der);
}

/** The blocks of PEM text as { label, der } pairs; wraps PEM errors. */
export function _readPem(text: string): { label: string; der: Uint8Array } {
  const block = decodePem(text);
  return { label: block.label, der: block.der };
}

/** A byte view typed as WebCrypto's `BufferSource` (TypeScript 5.7+ distinguishes buffer kinds). */
export function _bufferSource(u: Uint8Array): BufferSource {
  return u as Uint8Array<ArrayBuffer>;
}
