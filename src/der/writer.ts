/**
 * The DER writer, in the style of Go's cryptobyte builder: nested structures are written through
 * callbacks and their lengths are worked out for the caller.
 *
 * Scope: headers with minimal tags and lengths, every primitive type certkit writes, canonical
 * SET OF ordering (X.690 §11.6), pre-encoded DER inserted as is, and a sticky first error that
 * `finish()` reports. The output is assembled in one allocation of the exact size at `finish()`:
 * callbacks only record parts and sizes, so deep or long structures cost linear time.
 * Non-goals: BER, streaming output.
 * @module
 */
import { type BitString } from './bit-string';
import { DerError } from './errors';
import { encodeIntegerContents, unsignedToIntegerContents } from './integer';
import { encodeOid } from './oid';
import { compareEncodings } from './reader';
import { encodeString } from './strings';
import { CONSTRUCTED, contextTag, Tag } from './tag';
import { formatGeneralizedTime, formatUtcTime, usesUtcTime } from './time';

/** A header waiting for its length: the tag and the contents length once known. */
interface Header {
  tag: number;
  len: number;
}

type Part = Uint8Array | Header;

function withConstructed(tag: number): number {
  return (tag & CONSTRUCTED) !== 0 ? tag : tag + CONSTRUCTED;
}

function tagSize(tag: number): number {
  if (tag < 256) return 1;
  let n = Math.floor(tag / 256);
  let k = 1;
  while (n > 0) {
    k++;
    n = Math.floor(n / 128);
  }
  return k;
}

/**
 * Whether `tag` is a tag value as `tag.ts` builds them: one identifier octet whose low five bits
 * are not all one, or a high-tag first octet plus a number from 31 to 2^31 - 1 (X.690 §8.1.2).
 */
function _isTag(tag: number): boolean {
  if (!Number.isSafeInteger(tag) || tag < 0) return false;
  if (tag < 256) return (tag & 0x1f) !== 0x1f;
  const n = Math.floor(tag / 256);
  return (tag & 0x1f) === 0x1f && n >= 31 && n <= 0x7fffffff;
}

function lengthSize(len: number): number {
  if (len < 0x80) return 1;
  if (len < 0x100) return 2;
  if (len < 0x10000) return 3;
  if (len < 0x1000000) return 4;
  return 5;
}

let oidCache: Map<string, Uint8Array> | undefined;
let textEncoder: TextEncoder | undefined;

/**
 * Builds one DER encoding (or a run of them).
 *
 * @example
 * ```ts
 * const w = new DerWriter();
 * w.sequence((w) => {
 *   w.oid('1.2.840.10045.2.1');
 *   w.oid('1.2.840.10045.3.1.7');
 * });
 * const der = w.finish();
 * ```
 */
export class DerWriter {
  private parts: Part[] = [];
  private size = 0;
  private error: unknown = undefined;

  /** Total bytes written so far at the current level. */
  get length(): number {
    return this.size;
  }

  private fault(e: unknown): void {
    if (this.error === undefined) this.error = e;
  }

  /** Writes a primitive element with the given contents. */
  element(tag: number, contents: Uint8Array): this {
    if (!(contents instanceof Uint8Array)) {
      this.fault(new TypeError('element contents must be a Uint8Array'));
      return this;
    }
    if (!_isTag(tag)) {
      this.fault(new RangeError(`${tag} is not a tag value; build tags with makeTag() or contextTag()`));
      return this;
    }
    this.parts.push({ tag, len: contents.length }, contents);
    this.size += tagSize(tag) + lengthSize(contents.length) + contents.length;
    return this;
  }

  /** Writes a constructed element whose contents the callback writes. */
  constructed(tag: number, fn: (w: this) => void): this {
    if (!_isTag(tag)) {
      this.fault(new RangeError(`${tag} is not a tag value; build tags with makeTag() or contextTag()`));
      return this;
    }
    const header: Header = { tag: withConstructed(tag), len: 0 };
    this.parts.push(header);
    const saved = this.size;
    this.size = 0;
    try {
      fn(this);
    } catch (e) {
      this.fault(e);
    }
    header.len = this.size;
    this.size = saved + tagSize(header.tag) + lengthSize(header.len) + header.len;
    return this;
  }

  /** `SEQUENCE { ... }` */
  sequence(fn: (w: this) => void): this {
    return this.constructed(Tag.SEQUENCE, fn);
  }

  /**
   * `SET OF { ... }` with the components sorted into DER order (X.690 §11.6). The callback
   * writes the components in any order.
   */
  setOf(fn: (w: DerWriter) => void): this {
    const inner = new DerWriter();
    try {
      fn(inner);
    } catch (e) {
      this.fault(e);
    }
    if (inner.error !== undefined) {
      this.fault(inner.error);
      return this;
    }
    const items = inner.finishEach();
    items.sort(compareEncodings);
    return this.constructed(Tag.SET, (w) => {
      for (const it of items) w.raw(it);
    });
  }

  /** `[n] EXPLICIT`: a constructed context-specific wrapper. */
  explicit(n: number, fn: (w: this) => void): this {
    return this.constructed(contextTag(n, true), fn);
  }

  /** Inserts already-encoded DER as is. */
  raw(der: Uint8Array): this {
    if (!(der instanceof Uint8Array)) {
      this.fault(new TypeError('raw() expects a Uint8Array'));
      return this;
    }
    this.parts.push(der);
    this.size += der.length;
    return this;
  }

  /** INTEGER from a `bigint` or safe integer `number`, minimal two's complement. */
  integer(value: bigint | number, tag: number = Tag.INTEGER): this {
    try {
      return this.element(tag, encodeIntegerContents(value));
    } catch (e) {
      this.fault(e);
      return this;
    }
  }

  /** Non-negative INTEGER from unsigned big-endian bytes (serial numbers, RSA moduli). */
  integerFromUnsigned(bytes: Uint8Array, tag: number = Tag.INTEGER): this {
    return this.element(tag, unsignedToIntegerContents(bytes));
  }

  /** ENUMERATED. */
  enumerated(value: number): this {
    return this.integer(value, Tag.ENUMERATED);
  }

  /** BOOLEAN as 0xFF or 0x00. */
  boolean(value: boolean, tag: number = Tag.BOOLEAN): this {
    return this.element(tag, Uint8Array.of(value ? 0xff : 0x00));
  }

  /** NULL. */
  null(): this {
    return this.element(Tag.NULL, new Uint8Array(0));
  }

  /** OBJECT IDENTIFIER from a dotted string (encodings are cached). */
  oid(dotted: string): this {
    oidCache ??= new Map();
    let enc = oidCache.get(dotted);
    if (enc === undefined) {
      try {
        enc = encodeOid(dotted);
      } catch (e) {
        this.fault(new DerError('invalid-value', `cannot encode OID '${dotted}': ${(e as Error).message}`, { cause: e }));
        return this;
      }
      if (oidCache.size < 4096) oidCache.set(dotted, enc);
    }
    return this.element(Tag.OID, enc);
  }

  /** OCTET STRING. */
  octetString(bytes: Uint8Array, tag: number = Tag.OCTET_STRING): this {
    return this.element(tag, bytes);
  }

  /** OCTET STRING whose contents the callback writes as DER (extnValue and friends). */
  octetStringWrapping(fn: (w: DerWriter) => void): this {
    const inner = new DerWriter();
    try {
      fn(inner);
    } catch (e) {
      this.fault(e);
      return this;
    }
    if (inner.error !== undefined) {
      this.fault(inner.error);
      return this;
    }
    return this.element(Tag.OCTET_STRING, inner.finish());
  }

  /** BIT STRING from bytes and unused bits (0 by default). */
  bitString(bytesOrBits: Uint8Array | BitString, tag: number = Tag.BIT_STRING): this {
    const bs: BitString = bytesOrBits instanceof Uint8Array ? { bytes: bytesOrBits, unusedBits: 0 } : bytesOrBits;
    if (bs.unusedBits < 0 || bs.unusedBits > 7 || (bs.bytes.length === 0 && bs.unusedBits !== 0)) {
      this.fault(new DerError('invalid-value', `BIT STRING unused bits must be 0..7 and 0 when empty, got ${bs.unusedBits}`));
      return this;
    }
    const out = new Uint8Array(bs.bytes.length + 1);
    out[0] = bs.unusedBits;
    out.set(bs.bytes, 1);
    if (bs.unusedBits) out[out.length - 1]! &= 0xff << bs.unusedBits;
    return this.element(tag, out);
  }

  /** A character string of the given type, its repertoire checked. */
  string(tag: number, value: string): this {
    try {
      return this.element(tag, encodeString(tag, value));
    } catch (e) {
      this.fault(new DerError('invalid-value', (e as Error).message, { cause: e }));
      return this;
    }
  }

  /** UTF8String. */
  utf8(value: string): this {
    return this.string(Tag.UTF8_STRING, value);
  }

  /** UTCTime `YYMMDDHHMMSSZ` (1950–2049). */
  utcTime(date: Date): this {
    return this.asciiElement(Tag.UTC_TIME, () => formatUtcTime(date));
  }

  /** GeneralizedTime `YYYYMMDDHHMMSSZ`. */
  generalizedTime(date: Date): this {
    return this.asciiElement(Tag.GENERALIZED_TIME, () => formatGeneralizedTime(date));
  }

  /** RFC 5280 §4.1.2.5 Time: UTCTime through 2049, GeneralizedTime from 2050. */
  time(date: Date): this {
    return usesUtcTime(date) ? this.utcTime(date) : this.generalizedTime(date);
  }

  private asciiElement(tag: number, make: () => string): this {
    try {
      textEncoder ??= new TextEncoder();
      return this.element(tag, textEncoder.encode(make()));
    } catch (e) {
      this.fault(new DerError('invalid-value', (e as Error).message, { cause: e }));
      return this;
    }
  }

  /**
   * The encoding, in one allocation of the exact size.
   * @throws the first error any write recorded (a {@link DerError} `invalid-value` or the
   * callback's own exception).
   */
  finish(): Uint8Array {
    if (this.error !== undefined) throw this.error;
    const out = new Uint8Array(this.size);
    let p = 0;
    for (const part of this.parts) {
      if (part instanceof Uint8Array) {
        out.set(part, p);
        p += part.length;
        continue;
      }
      p = writeHeader(out, p, part.tag, part.len);
    }
    return out;
  }

  /** Each top-level element as its own encoding (used for SET OF sorting). */
  private finishEach(): Uint8Array[] {
    const all = this.finish();
    const out: Uint8Array[] = [];
    let p = 0;
    // Walk top-level elements: parts at depth 0 are a header followed by its contents, or raw.
    while (p < all.length) {
      const start = p;
      let b = all[p++]!;
      if ((b & 0x1f) === 0x1f) do b = all[p++]!; while (b & 0x80);
      let len = all[p++]!;
      if (len & 0x80) {
        const nb = len & 0x7f;
        len = 0;
        for (let i = 0; i < nb; i++) len = len * 256 + all[p++]!;
      }
      p += len;
      out.push(all.subarray(start, p));
    }
    return out;
  }
}

function writeHeader(out: Uint8Array, p: number, tag: number, len: number): number {
  if (tag < 256) {
    out[p++] = tag;
  } else {
    out[p++] = tag & 0xff;
    let n = Math.floor(tag / 256);
    const tmp: number[] = [];
    while (n > 0) {
      tmp.push(n & 0x7f);
      n = Math.floor(n / 128);
    }
    for (let i = tmp.length - 1; i >= 0; i--) out[p++] = tmp[i]! | (i > 0 ? 0x80 : 0);
  }
  if (len < 0x80) {
    out[p++] = len;
  } else {
    const k = lengthSize(len) - 1;
    out[p++] = 0x80 | k;
    for (let i = k - 1; i >= 0; i--) out[p++] = Math.floor(len / 2 ** (8 * i)) & 0xff;
  }
  return p;
}

/**
 * Encodes one structure with a fresh writer: `encodeDer((w) => w.sequence(...))`.
 * @example
 * ```ts
 * const der = encodeDer((w) => w.integer(5n));
 * ```
 */
export function encodeDer(fn: (w: DerWriter) => void): Uint8Array {
  const w = new DerWriter();
  fn(w);
  return w.finish();
}
