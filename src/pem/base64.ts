/**
 * Strict base64 (RFC 4648 §4) on `Uint8Array`, on web standards only (no `atob`, no host-specific byte types).
 *
 * Scope: the standard alphabet with `=` padding, as RFC 7468 §3 uses inside PEM. Decoding is
 * strict: every character must be in the alphabet (no whitespace: the PEM layer removes it),
 * the length must be a multiple of 4, padding appears only at the end, and the unused bits of
 * the last character must be zero (RFC 4648 §3.5), so each byte string has exactly one
 * encoding. Errors give the index of the offending character.
 * Non-goals: base64url, unpadded input, MIME line folding (see `pem.ts` for PEM bodies).
 * @module
 */

import { CertkitError } from '../der/index';
import type { ErrorLocation } from '../der/index';

/**
 * An input that is not strict base64. `offset` is the index of the offending character in the
 * string (for a bad length: the string's length).
 *
 * @example
 * ```ts
 * try { decodeBase64('QUJD!') } catch (e) {
 *   if (e instanceof Base64Error) console.log(e.offset); // 4
 * }
 * ```
 */
export class Base64Error extends CertkitError {
  declare readonly code: 'invalid-base64';
  /** What is wrong, without the position (the message adds `at index N`). */
  readonly reason: string;
  constructor(reason: string, location: ErrorLocation & { offset: number }) {
    super('invalid-base64', `invalid base64: ${reason} at index ${location.offset}`, location);
    this.name = 'Base64Error';
    this.reason = reason;
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const PAD = 0x3d; // '='

let _encodeTable: Uint8Array | undefined;
let _decodeTable: Int8Array | undefined;

/** Six-bit value → ASCII code of its base64 character. */
function _enc(): Uint8Array {
  if (_encodeTable === undefined) {
    const t = new Uint8Array(64);
    for (let i = 0; i < 64; i++) t[i] = ALPHABET.charCodeAt(i);
    _encodeTable = t;
  }
  return _encodeTable;
}

/** ASCII code → six-bit value, or -1 for characters outside the alphabet. */
function _dec(): Int8Array {
  if (_decodeTable === undefined) {
    const t = new Int8Array(256).fill(-1);
    for (let i = 0; i < 64; i++) t[ALPHABET.charCodeAt(i)] = i;
    _decodeTable = t;
  }
  return _decodeTable;
}

/**
 * One character per byte (Latin-1), in chunks: no per-character concatenation, no stack
 * overflow from a huge `apply`. Internal to `certkit/pem` (used for base64 output and for PEM
 * bytes, whose string indices then equal byte offsets).
 */
export function _latin1(bytes: Uint8Array): string {
  const CHUNK = 0x2000;
  if (bytes.length <= CHUNK) return String.fromCharCode.apply(null, bytes as unknown as number[]);
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += CHUNK) {
    parts.push(String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[]));
  }
  return parts.join('');
}

/**
 * Encodes bytes as padded standard base64 on one line.
 *
 * @throws TypeError if `bytes` is not a `Uint8Array`.
 * @example
 * ```ts
 * encodeBase64(new TextEncoder().encode('hi')); // 'aGk='
 * ```
 */
export function encodeBase64(bytes: Uint8Array): string {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('encodeBase64: expected a Uint8Array');
  const t = _enc();
  const n = bytes.length;
  const out = new Uint8Array(Math.ceil(n / 3) * 4);
  let o = 0;
  let i = 0;
  for (const end = n - (n % 3); i < end; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = t[v >>> 18]!;
    out[o++] = t[(v >>> 12) & 63]!;
    out[o++] = t[(v >>> 6) & 63]!;
    out[o++] = t[v & 63]!;
  }
  if (n - i === 1) {
    const v = bytes[i]!;
    out[o++] = t[v >>> 2]!;
    out[o++] = t[(v & 3) << 4]!;
    out[o++] = PAD;
    out[o++] = PAD;
  } else if (n - i === 2) {
    const v = (bytes[i]! << 8) | bytes[i + 1]!;
    out[o++] = t[v >>> 10]!;
    out[o++] = t[(v >>> 4) & 63]!;
    out[o++] = t[(v & 15) << 2]!;
    out[o++] = PAD;
  }
  return _latin1(out);
}

function _describeChar(s: string, i: number): string {
  const c = s.codePointAt(i) ?? 0;
  const hex = `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  return c >= 0x21 && c <= 0x7e ? `'${String.fromCharCode(c)}' (${hex})` : hex;
}

/**
 * Decodes strict, padded standard base64 (RFC 4648 §4).
 *
 * Rejected, each with the index of the character at fault: characters outside the alphabet
 * (whitespace included), `=` anywhere but in the last two positions, a length that is not a
 * multiple of 4, and non-zero unused bits in the last character (RFC 4648 §3.5: `QQ==` is
 * `A`; `QR==` is refused rather than read as `A` too).
 *
 * @throws Base64Error (`code: 'invalid-base64'`, `offset`: index in `text`)
 * @throws TypeError if `text` is not a string.
 * @example
 * ```ts
 * decodeBase64('aGk='); // Uint8Array [0x68, 0x69]
 * decodeBase64('aGk'); // throws Base64Error: length 3 is not a multiple of 4
 * ```
 */
export function decodeBase64(text: string): Uint8Array {
  if (typeof text !== 'string') throw new TypeError('decodeBase64: expected a string');
  const r = _decodeStrict(text);
  if (r instanceof Uint8Array) return r;
  const [at, kind] = r;
  const n = text.length;
  throw new Base64Error(
    kind === 0
      ? `character ${_describeChar(text, at)}`
      : kind === 1
        ? "padding '=' before the end of the data"
        : kind === 2
          ? `length ${n} is not a multiple of 4 (missing or extra characters or padding)`
          : `non-zero padding bits in ${_describeChar(text, at)} (not the canonical encoding)`,
    { offset: at },
  );
}

/**
 * @internal The strict decoding of {@link decodeBase64} without the messages (shared with the
 * lean single-block PEM reader, `block.ts`): the bytes, or `[index, kind]` of the first fault,
 * kind 0 a character outside the alphabet, 1 a `=` before the end of the data, 2 a length that
 * is not a multiple of 4 (index: the length), 3 non-zero padding bits (RFC 4648 §3.5).
 */
export function _decodeStrict(text: string): Uint8Array | [number, 0 | 1 | 2 | 3] {
  const t = _dec();
  const n = text.length;
  // Padding: at most two '=' at the very end (RFC 4648 §4).
  let pad = 0;
  if (n > 0 && text.charCodeAt(n - 1) === PAD) pad = n > 1 && text.charCodeAt(n - 2) === PAD ? 2 : 1;
  const dataLen = n - pad;
  for (let i = 0; i < dataLen; i++) {
    const c = text.charCodeAt(i);
    if (c > 255 || t[c]! < 0) return [i, c === PAD ? 1 : 0];
  }
  if (n % 4 !== 0) return [n, 2];
  // With n % 4 === 0 and at most two '=', the data part ends exactly where the padding needs it.
  // RFC 4648 §3.5: the bits of the last data character beyond the encoded bytes must be zero.
  if (pad > 0) {
    const last = t[text.charCodeAt(dataLen - 1)]!;
    if ((pad === 2 && (last & 15) !== 0) || (pad === 1 && (last & 3) !== 0)) return [dataLen - 1, 3];
  }
  const out = new Uint8Array((n / 4) * 3 - pad);
  let o = 0;
  let i = 0;
  for (const end = dataLen - (dataLen % 4); i < end; i += 4) {
    const v =
      (t[text.charCodeAt(i)]! << 18) |
      (t[text.charCodeAt(i + 1)]! << 12) |
      (t[text.charCodeAt(i + 2)]! << 6) |
      t[text.charCodeAt(i + 3)]!;
    out[o++] = v >>> 16;
    out[o++] = (v >>> 8) & 255;
    out[o++] = v & 255;
  }
  if (pad === 2) {
    out[o] = (t[text.charCodeAt(i)]! << 2) | (t[text.charCodeAt(i + 1)]! >>> 4);
  } else if (pad === 1) {
    const v = (t[text.charCodeAt(i)]! << 12) | (t[text.charCodeAt(i + 1)]! << 6) | t[text.charCodeAt(i + 2)]!;
    out[o++] = v >>> 10;
    out[o] = (v >>> 2) & 255;
  }
  return out;
}
