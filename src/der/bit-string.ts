/**
 * BIT STRING contents (X.690 §8.6, §11.2).
 *
 * Scope: the unused-bits octet, zero padding, and the named-bit-list helpers used by keyUsage and
 * friends. Non-goals: constructed (BER) BIT STRINGs, which DER forbids.
 * @module
 */
import { DerError } from './errors';

/** A decoded BIT STRING: the data octets (a view) and how many low bits of the last are unused. */
export interface BitString {
  /** Data octets, a zero-copy view; the last octet's `unusedBits` low bits are zero. */
  readonly bytes: Uint8Array;
  /** 0..7; 0 when `bytes` is empty. */
  readonly unusedBits: number;
}

/**
 * Checks and splits BIT STRING contents.
 * @throws DerError `invalid-bit-string` when the initial octet is above 7, non-zero for an empty
 * string, or a padding bit is set (X.690 §8.6.2.2, §8.6.2.3, §11.2.1).
 * @example
 * ```ts
 * decodeBitString(Uint8Array.of(0x07, 0x80), 0) // { bytes: [0x80], unusedBits: 7 }
 * ```
 */
export function decodeBitString(v: Uint8Array, offset: number): BitString {
  const unusedBits = checkBitString(v, 0, v.length, offset);
  return { bytes: v.subarray(1), unusedBits };
}

/**
 * The rules of {@link decodeBitString} over contents `buf[start..end)`, without allocating;
 * returns the number of unused bits. `offset` is the absolute offset of `buf[start]` (for errors).
 * @throws DerError `invalid-bit-string` (as {@link decodeBitString}).
 * @example
 * ```ts
 * checkBitString(Uint8Array.of(0x00, 0xff), 0, 2, 0) // 0
 * ```
 */
export function checkBitString(buf: Uint8Array, start: number, end: number, offset = start): number {
  if (end <= start) throw new DerError('invalid-bit-string', 'BIT STRING has no initial octet (X.690 §8.6.2.2)', { offset });
  const unusedBits = buf[start]!;
  if (unusedBits > 7) throw new DerError('invalid-bit-string', `BIT STRING says ${unusedBits} unused bits; at most 7 are allowed (X.690 §8.6.2.2)`, { offset });
  if (end - start === 1 && unusedBits !== 0) throw new DerError('invalid-bit-string', 'an empty BIT STRING must have 0 unused bits (X.690 §8.6.2.3)', { offset });
  if (unusedBits !== 0 && (buf[end - 1]! & ((1 << unusedBits) - 1)) !== 0) {
    throw new DerError('invalid-bit-string', 'BIT STRING padding bits must be zero in DER (X.690 §11.2.1)', { offset: offset + (end - start) - 1 });
  }
  return unusedBits;
}

/**
 * The bits of a named bit list (bit 0 is the most significant bit of the first octet) as
 * booleans, `bitLength` long.
 * @example
 * ```ts
 * bitStringToBits({ bytes: Uint8Array.of(0x80), unusedBits: 7 }) // [true]
 * ```
 */
export function bitStringToBits(bs: BitString): boolean[] {
  const n = bs.bytes.length * 8 - bs.unusedBits;
  const out: boolean[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = (bs.bytes[i >> 3]! & (0x80 >> (i & 7))) !== 0;
  return out;
}

/**
 * A named bit list from set bit positions, in DER form: trailing zero bits removed (X.690 §11.2.2).
 * @example
 * ```ts
 * bitsToBitString([0, 5]) // { bytes: [0x84], unusedBits: 2 }
 * ```
 */
export function bitsToBitString(positions: Iterable<number>): BitString {
  let max = -1;
  const list = [...positions];
  for (const p of list) {
    if (!Number.isInteger(p) || p < 0 || p > 4095) throw new RangeError(`bit position must be an integer in 0..4095, got ${p}`);
    if (p > max) max = p;
  }
  if (max < 0) return { bytes: new Uint8Array(0), unusedBits: 0 };
  const bytes = new Uint8Array((max >> 3) + 1);
  for (const p of list) bytes[p >> 3]! |= 0x80 >> (p & 7);
  return { bytes, unusedBits: 7 - (max & 7) };
}
