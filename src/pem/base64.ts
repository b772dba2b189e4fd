/**
 * Strict base64 (RFC 4648 §4) on `Uint8Array`, on web standards only (no `atob`, no host-specific byte types;
 * `Uint8Array.fromBase64` in strict mode where the platform has it).
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

/** The code a {@link Base64Error} carries (its `reason` says which rule the input breaks). */
export type Base64ErrorCode = 'invalid-base64'; // RFC 4648 §4 / §3.5: a character outside the alphabet, misplaced padding, a length not a multiple of 4, or non-zero unused bits

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
  declare readonly code: Base64ErrorCode;
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
  const fast = _decodeFast(text, 0, text.length, false);
  if (fast !== undefined) return fast;
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
    const v = (t[text.charCodeAt(i)]! << 18) | (t[text.charCodeAt(i + 1)]! << 12) | (t[text.charCodeAt(i + 2)]! << 6) | t[text.charCodeAt(i + 3)]!;
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

// ---------------------------------------------------------------------------------------------
// The fast path: well-formed input decoded quickly; anything else left to `_decodeStrict`.

/** Two ASCII codes `(a << 8) | b` → their twelve bits, or -1 when either is outside the alphabet. */
let _pairTable: Int16Array | undefined;
function _pairs(): Int16Array {
  if (_pairTable === undefined) {
    const t = new Int16Array(1 << 16).fill(-1);
    for (let i = 0; i < 64; i++) {
      const a = ALPHABET.charCodeAt(i) << 8;
      for (let j = 0; j < 64; j++) t[a | ALPHABET.charCodeAt(j)] = (i << 6) | j;
    }
    _pairTable = t;
  }
  return _pairTable;
}

/**
 * Scratch for the text's bytes (and a view to read them four at a time) and the decoded bytes of
 * {@link _decodeFast}. Safe to share at module level: `_decodeFast` is synchronous and calls
 * nothing that could re-enter it, and it copies its result out before returning.
 */
let _inScratch: Uint8Array | undefined;
let _inView: DataView | undefined;
let _outScratch: Uint8Array | undefined;
const _MAX_SCRATCH = 65536;
let _asciiEncoder: TextEncoder | undefined;

interface _FromBase64 {
  fromBase64?: (s: string, o: { alphabet: 'base64'; lastChunkHandling: 'strict' }) => Uint8Array;
}

/**
 * @internal Strict base64 of `text[start, end)` with line ends (CR, LF) allowed between groups
 * of four characters, for well-formed input only: the bytes when the text is strict padded
 * base64 (as `_decodeStrict` of the text without its line ends would decode it), `undefined`
 * for anything else, including every input `_decodeStrict` refuses, which the caller then hands
 * to the slow path for its error. With `lineEnds` false, no line end is allowed.
 *
 * Uses the platform's `Uint8Array.fromBase64` in strict mode where there is one: with
 * `lineEnds` it also skips spaces, tabs and form feeds anywhere (the PEM body rules remove those
 * too, so a PEM body still decodes as the full reader decodes it); without, any whitespace is
 * refused first. Elsewhere a table-driven decoder over the text's bytes (`encodeInto`, then four
 * characters per read and two per table read). Checked against `_decodeStrict` in test/pem-fast-path.test.ts
 * (and, for the native branch, on Deno and Bun).
 */
export function _decodeFast(text: string, start: number, end: number, lineEnds: boolean): Uint8Array | undefined {
  const n = end - start;
  const native = (Uint8Array as unknown as _FromBase64).fromBase64;
  if (native !== undefined) {
    const part = start === 0 && end === text.length ? text : text.slice(start, end);
    // Refused: anything with whitespace when no line ends are allowed (fromBase64 would skip it).
    if (!lineEnds && /[\t\n\f\r ]/.test(part)) return undefined;
    try {
      return native(part, { alphabet: 'base64', lastChunkHandling: 'strict' });
    } catch {
      return undefined;
    }
  }
  if (_inScratch === undefined || _inView === undefined || _inScratch.length < n) {
    _inScratch = new Uint8Array(Math.max(n, 2048));
    _inView = new DataView(_inScratch.buffer);
  }
  if (_outScratch === undefined || _outScratch.length < n) _outScratch = new Uint8Array(Math.max(n, 2048));
  _asciiEncoder ??= new TextEncoder();
  const b = _inScratch;
  const view = _inView;
  const out = _outScratch;
  const part = start === 0 && end === text.length ? text : text.slice(start, end);
  // Non-ASCII text becomes UTF-8 bytes of 0x80 and above, which the table refuses.
  if (_asciiEncoder.encodeInto(part, b).read !== n) return undefined;
  const t = _pairs();
  let o = 0;
  let i = 0;
  while (i + 4 <= n) {
    // four characters in one read: two table reads of two characters each
    const w = view.getUint32(i);
    const hi = t[w >>> 16]!;
    const lo = t[w & 0xffff]!;
    if ((hi | lo) >= 0) {
      out[o] = hi >> 4;
      out[o + 1] = ((hi & 15) << 4) | (lo >> 8);
      out[o + 2] = lo & 255;
      o += 3;
      i += 4;
      continue;
    }
    const b0 = b[i]!;
    if (b0 === 10 || b0 === 13) {
      if (!lineEnds) return undefined;
      i++;
      continue;
    }
    // The last group: 'xy==' or 'xyz=' with the unused bits zero (RFC 4648 §3.5).
    const b2 = b[i + 2]!;
    if (hi < 0 || b[i + 3] !== PAD) return undefined;
    if (b2 === PAD) {
      if ((hi & 15) !== 0) return undefined;
      out[o++] = hi >> 4;
    } else {
      const c = b2 < 128 ? _dec()[b2]! : -1;
      if (c < 0 || (c & 3) !== 0) return undefined;
      const v = (hi << 6) | c;
      out[o++] = v >> 10;
      out[o++] = (v >> 2) & 255;
    }
    i += 4;
    break;
  }
  // after the data (and its padding), line ends only
  for (; i < n; i++) {
    const c = b[i]!;
    if (!lineEnds || (c !== 10 && c !== 13)) return undefined;
  }
  const result = out.slice(0, o);
  if (b.length > _MAX_SCRATCH) {
    _inScratch = undefined;
    _inView = undefined;
    _outScratch = undefined;
  }
  return result;
}
