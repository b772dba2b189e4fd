/**
 * The allocation-free DER header reader behind the fast paths of `certificate.ts` and
 * `name.ts`. It accepts only what the strict reader accepts and answers "no" (-1) for anything
 * else, so the callers fall back to the strict walk, which produces the real error.
 * Non-goals: error reporting, high tag numbers (the callers never need them).
 * @module
 */

/** End of the element whose header `_hdr` read last. */
export let _hEnd = 0;

/**
 * Reads a header with exactly this single-octet tag at `p`: definite length, minimal, 1 to 4
 * length octets, within `end` (X.690 §8.1.3, §10.1). Returns the contents offset and sets
 * `_hEnd`, or -1.
 */
export function _hdr(b: Uint8Array, p: number, end: number, tag: number): number {
  if (p + 2 > end || b[p] !== tag) return -1;
  let len = b[p + 1]!;
  p += 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || p + n > end || b[p] === 0) return -1;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[p++]!;
    if (len < 0x80) return -1;
  }
  if (len > end - p) return -1;
  _hEnd = p + len;
  return p;
}
