/**
 * ASN.1 character string types in DER (X.680 §41, X.690 §8.23).
 *
 * Scope: decoding each string type with its repertoire checked, and encoding with the same
 * checks. TeletexString (T61String) is decoded as Latin-1: that is what real certificates put in
 * it, and the full T.61 repertoire is not worth its weight here. Non-goals: GraphicString,
 * GeneralString and VideotexString beyond a Latin-1 view (they do not occur in the profiles).
 * @module
 */
import { DerError } from './errors';
import { Tag } from './tag';

let utf8Decoder: TextDecoder | undefined;
let utf8Encoder: TextEncoder | undefined;

function ascii(v: Uint8Array): string {
  // String.fromCharCode on chunks: fast for the short values certificates carry.
  if (v.length < 1024) return String.fromCharCode.apply(null, v as unknown as number[]);
  let s = '';
  for (let i = 0; i < v.length; i += 1024) s += String.fromCharCode.apply(null, v.subarray(i, i + 1024) as unknown as number[]);
  return s;
}

function invalid(kind: string, why: string, offset: number, cause?: unknown): never {
  throw new DerError('invalid-string', `${kind} ${why}`, { offset, cause });
}

/**
 * UTF8String contents to a string.
 * @throws DerError `invalid-string` for malformed UTF-8 (overlong forms, surrogates, truncation).
 * @example
 * ```ts
 * decodeUtf8(new TextEncoder().encode('Zürich'), 0) === 'Zürich'
 * ```
 */
export function decodeUtf8(v: Uint8Array, offset: number): string {
  let i = 0;
  while (i < v.length && v[i]! < 0x80) i++;
  if (i === v.length) return ascii(v);
  utf8Decoder ??= new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  try {
    return utf8Decoder.decode(v);
  } catch (cause) {
    return invalid('UTF8String', 'is not valid UTF-8 (RFC 3629)', offset + _utf8ErrorAt(v, i), cause);
  }
}

/**
 * Index of the first ill-formed sequence in `v` from `i` on (Unicode Table 3-7, RFC 3629 §4:
 * no overlong forms, no surrogates, nothing past U+10FFFF). Only run once decoding has failed.
 */
function _utf8ErrorAt(v: Uint8Array, i: number): number {
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => k < v.length && v[k]! >= lo && v[k]! <= hi;
  while (i < v.length) {
    const b = v[i]!;
    let n: number;
    if (b < 0x80) n = 1;
    else if (b >= 0xc2 && b <= 0xdf) n = cont(i + 1) ? 2 : 0;
    else if (b >= 0xe0 && b <= 0xef) {
      const lo = b === 0xe0 ? 0xa0 : 0x80;
      const hi = b === 0xed ? 0x9f : 0xbf;
      n = cont(i + 1, lo, hi) && cont(i + 2) ? 3 : 0;
    } else if (b >= 0xf0 && b <= 0xf4) {
      const lo = b === 0xf0 ? 0x90 : 0x80;
      const hi = b === 0xf4 ? 0x8f : 0xbf;
      n = cont(i + 1, lo, hi) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    } else n = 0;
    if (n === 0) return i;
    i += n;
  }
  return i;
}

/**
 * Whether a character code is in the PrintableString repertoire (X.680 §41.4, Table 10).
 * @example
 * ```ts
 * isPrintableChar('A'.charCodeAt(0)) === true; isPrintableChar('@'.charCodeAt(0)) === false
 * ```
 */
export function isPrintableChar(c: number): boolean {
  return (
    (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x20 || (c >= 0x27 && c <= 0x29) || (c >= 0x2b && c <= 0x2f) || c === 0x3a || c === 0x3d || c === 0x3f
  );
}

/**
 * PrintableString contents. With `lenient`, any printable ASCII (0x20–0x7E) is accepted: real
 * certificates from several CAs put `*`, `@`, `&` and `_` into PrintableString, which X.680
 * does not allow; strict mode refuses them.
 * @throws DerError `invalid-string`.
 * @example
 * ```ts
 * decodePrintable(new TextEncoder().encode('Acme Inc.'), 0) === 'Acme Inc.'
 * ```
 */
export function decodePrintable(v: Uint8Array, offset: number, lenient = false): string {
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (!isPrintableChar(c) && !(lenient && c >= 0x20 && c <= 0x7e)) {
      invalid('PrintableString', `has character 0x${c.toString(16).padStart(2, '0')} outside its repertoire (X.680 §41.4)`, offset + i);
    }
  }
  return ascii(v);
}

function ranged(kind: string, v: Uint8Array, offset: number, ok: (c: number) => boolean): string {
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (!ok(c)) invalid(kind, `has character 0x${c.toString(16).padStart(2, '0')} outside its repertoire`, offset + i);
  }
  return ascii(v);
}

/**
 * IA5String contents (ASCII 0x00–0x7F). @throws DerError `invalid-string`.
 * @example
 * ```ts
 * decodeIa5(new TextEncoder().encode('a@example.com'), 0) === 'a@example.com'
 * ```
 */
export function decodeIa5(v: Uint8Array, offset: number): string {
  return ranged('IA5String', v, offset, (c) => c < 0x80);
}

/**
 * NumericString contents (digits and space). @throws DerError `invalid-string`.
 * @example
 * ```ts
 * decodeNumeric(new TextEncoder().encode('123 456'), 0) === '123 456'
 * ```
 */
export function decodeNumeric(v: Uint8Array, offset: number): string {
  return ranged('NumericString', v, offset, (c) => c === 0x20 || (c >= 0x30 && c <= 0x39));
}

/**
 * VisibleString contents (0x20–0x7E). @throws DerError `invalid-string`.
 * @example
 * ```ts
 * decodeVisible(new TextEncoder().encode('abc'), 0) === 'abc'
 * ```
 */
export function decodeVisible(v: Uint8Array, offset: number): string {
  return ranged('VisibleString', v, offset, (c) => c >= 0x20 && c <= 0x7e);
}

/**
 * Latin-1 view of TeletexString (and the other legacy 8-bit types).
 * @example
 * ```ts
 * decodeLatin1(Uint8Array.of(0x4d, 0xfc)) === 'M\u00fc'
 * ```
 */
export function decodeLatin1(v: Uint8Array): string {
  return ascii(v);
}

/**
 * BMPString contents: UCS-2 big-endian, so an even length and no surrogate code units.
 * @throws DerError `invalid-string`.
 * @example
 * ```ts
 * decodeBmp(Uint8Array.of(0x00, 0x41), 0) === 'A'
 * ```
 */
export function decodeBmp(v: Uint8Array, offset: number): string {
  if (v.length % 2 !== 0) invalid('BMPString', 'has an odd number of octets', offset);
  let s = '';
  for (let i = 0; i < v.length; i += 2) {
    const c = (v[i]! << 8) | v[i + 1]!;
    if (c >= 0xd800 && c <= 0xdfff) invalid('BMPString', 'contains a surrogate code unit, which UCS-2 does not have', offset + i);
    s += String.fromCharCode(c);
  }
  return s;
}

/**
 * UniversalString contents: UCS-4 big-endian, a multiple of four octets, scalar values only.
 * @throws DerError `invalid-string`.
 * @example
 * ```ts
 * decodeUniversal(Uint8Array.of(0, 0, 0, 0x41), 0) === 'A'
 * ```
 */
export function decodeUniversal(v: Uint8Array, offset: number): string {
  if (v.length % 4 !== 0) invalid('UniversalString', 'length is not a multiple of 4', offset);
  let s = '';
  for (let i = 0; i < v.length; i += 4) {
    const c = ((v[i]! << 24) | (v[i + 1]! << 16) | (v[i + 2]! << 8) | v[i + 3]!) >>> 0;
    if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) invalid('UniversalString', `contains U+${c.toString(16)}, which is not a Unicode scalar value`, offset + i);
    s += String.fromCodePoint(c);
  }
  return s;
}

/**
 * Whether `tag` is one of the character string types certkit decodes.
 * @example
 * ```ts
 * isStringTag(Tag.UTF8_STRING) === true; isStringTag(Tag.INTEGER) === false
 * ```
 */
export function isStringTag(tag: number): boolean {
  switch (tag) {
    case Tag.UTF8_STRING:
    case Tag.PRINTABLE_STRING:
    case Tag.IA5_STRING:
    case Tag.NUMERIC_STRING:
    case Tag.VISIBLE_STRING:
    case Tag.TELETEX_STRING:
    case Tag.BMP_STRING:
    case Tag.UNIVERSAL_STRING:
    case Tag.VIDEOTEX_STRING:
    case Tag.GRAPHIC_STRING:
    case Tag.GENERAL_STRING:
      return true;
    default:
      return false;
  }
}

/**
 * Decodes the contents of any character string type by its tag.
 * @throws DerError `invalid-string` for a value outside the type's repertoire, `unexpected-tag`
 * for a tag that is not a string type.
 * @example
 * ```ts
 * decodeString(Tag.PRINTABLE_STRING, new TextEncoder().encode('Acme'), 0) === 'Acme'
 * ```
 */
export function decodeString(tag: number, v: Uint8Array, offset: number, lenient = false): string {
  switch (tag) {
    case Tag.UTF8_STRING:
      return decodeUtf8(v, offset);
    case Tag.PRINTABLE_STRING:
      return decodePrintable(v, offset, lenient);
    case Tag.IA5_STRING:
      return decodeIa5(v, offset);
    case Tag.NUMERIC_STRING:
      return decodeNumeric(v, offset);
    case Tag.VISIBLE_STRING:
      return decodeVisible(v, offset);
    case Tag.BMP_STRING:
      return decodeBmp(v, offset);
    case Tag.UNIVERSAL_STRING:
      return decodeUniversal(v, offset);
    case Tag.TELETEX_STRING:
    case Tag.VIDEOTEX_STRING:
    case Tag.GRAPHIC_STRING:
    case Tag.GENERAL_STRING:
      return decodeLatin1(v);
    default:
      throw new DerError('unexpected-tag', `expected a character string type, found tag 0x${tag.toString(16)}`, { offset });
  }
}

/**
 * Encodes a string as the contents of the given string type, checking its repertoire.
 * @throws RangeError when the string cannot be represented in that type.
 * @example
 * ```ts
 * encodeString(Tag.IA5_STRING, 'a@example.com')
 * ```
 */
export function encodeString(tag: number, s: string): Uint8Array {
  if (typeof s !== 'string') throw new TypeError('expected a string');
  switch (tag) {
    case Tag.UTF8_STRING:
      utf8Encoder ??= new TextEncoder();
      if (/[\uD800-\uDFFF]/.test(s.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))) throw new RangeError('UTF8String cannot hold a lone surrogate');
      return utf8Encoder.encode(s);
    case Tag.BMP_STRING: {
      const out = new Uint8Array(s.length * 2);
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0xd800 && c <= 0xdfff) throw new RangeError('BMPString cannot hold characters outside the Basic Multilingual Plane');
        out[2 * i] = c >> 8;
        out[2 * i + 1] = c & 0xff;
      }
      return out;
    }
    case Tag.UNIVERSAL_STRING: {
      const cps = [...s].map((ch) => ch.codePointAt(0)!);
      const out = new Uint8Array(cps.length * 4);
      cps.forEach((c, i) => {
        if (c >= 0xd800 && c <= 0xdfff) throw new RangeError('UniversalString cannot hold a lone surrogate');
        out[4 * i] = c >>> 24;
        out[4 * i + 1] = (c >> 16) & 0xff;
        out[4 * i + 2] = (c >> 8) & 0xff;
        out[4 * i + 3] = c & 0xff;
      });
      return out;
    }
    default: {
      const out = new Uint8Array(s.length);
      const ok: (c: number) => boolean =
        tag === Tag.PRINTABLE_STRING
          ? isPrintableChar
          : tag === Tag.IA5_STRING
            ? (c) => c < 0x80
            : tag === Tag.NUMERIC_STRING
              ? (c) => c === 0x20 || (c >= 0x30 && c <= 0x39)
              : tag === Tag.VISIBLE_STRING
                ? (c) => c >= 0x20 && c <= 0x7e
                : tag === Tag.TELETEX_STRING
                  ? (c) => c < 0x100
                  : () => {
                      throw new RangeError(`tag 0x${tag.toString(16)} is not a string type certkit encodes`);
                    };
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (!ok(c)) throw new RangeError(`character ${JSON.stringify(s[i])} cannot be encoded as ${tag === Tag.PRINTABLE_STRING ? 'PrintableString' : 'this string type'}`);
        out[i] = c;
      }
      return out;
    }
  }
}

/**
 * Whether every character of `s` fits PrintableString.
 * @example
 * ```ts
 * fitsPrintable('Example Corp') === true; fitsPrintable('Zürich') === false
 * ```
 */
export function fitsPrintable(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isPrintableChar(s.charCodeAt(i))) return false;
  return true;
}
