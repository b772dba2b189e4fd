/**
 * Small byte helpers shared by every layer (web standards only).
 * @module
 */

const HEX_CHARS = '0123456789abcdef';

/**
 * Lower-case hex of bytes, optionally joined with a separator.
 * @example
 * ```ts
 * toHex(Uint8Array.of(1, 171)) === '01ab'; toHex(Uint8Array.of(1, 171), ':') === '01:ab'
 * ```
 */
export function toHex(bytes: Uint8Array, separator = ''): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) {
    if (i && separator) s += separator;
    const b = bytes[i]!;
    s += HEX_CHARS[b >> 4]! + HEX_CHARS[b & 15]!;
  }
  return s;
}

/**
 * Bytes from hex (case-insensitive; `:` and whitespace separators ignored).
 * @throws RangeError for an odd number of digits or a non-hex character.
 * @example
 * ```ts
 * fromHex('01:ab') // Uint8Array [1, 171]
 * ```
 */
export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/[\s:]/g, '');
  if (clean.length % 2 !== 0) throw new RangeError('hex string has an odd number of digits');
  if (!/^[0-9a-fA-F]*$/.test(clean)) throw new RangeError('hex string has a non-hex character');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * Constant-length comparison of two byte arrays (not constant-time).
 * @example
 * ```ts
 * bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2)) === true
 * ```
 */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Concatenates byte arrays into one new array.
 * @example
 * ```ts
 * concatBytes(Uint8Array.of(1), Uint8Array.of(2, 3)) // Uint8Array [1, 2, 3]
 * ```
 */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Reads a byte stream (a `Request` or `Response` body) to its end, keeping at most `limit`
 * bytes: when the stream grows past the limit it is cancelled and the result is `undefined`, so
 * the caller answers with its own error. A `null` body reads as empty.
 * @example
 * ```ts
 * const body = await readStreamLimited(request.body, 64 * 1024);
 * if (body === undefined) return new Response('too large', { status: 413 });
 * ```
 */
export async function readStreamLimited(stream: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array | undefined> {
  if (stream === null) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return chunks.length === 1 ? chunks[0]! : concatBytes(...chunks);
}
