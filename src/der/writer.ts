/**
 * The DER writer, in the style of Go's cryptobyte builder: nested structures are written through
 * callbacks and their lengths are worked out for the caller.
 *
 * Scope: headers with minimal tags and lengths, every primitive type certkit writes, canonical
 * SET OF ordering (X.690 §11.6), pre-encoded DER inserted as is, and a sticky first error that
 * `finish()` reports. The output is assembled in one allocation of the exact size at `finish()`:
 * primitives go straight into one growing buffer and constructed headers are filled into recorded
 * holes, so deep or long structures cost linear time. Contents are copied when written: changing
 * an array after passing it to `element`, `octetString` or `raw` does not change the output.
 * Non-goals: BER, streaming output.
 * Over 600 lines on purpose: one class whose methods share the buffer layout and the header
 * holes it fills at `finish()`; splitting it would expose that bookkeeping between modules.
 * @module
 */
import type { BitString } from './bit-string';
import { DerError } from './errors';
import { encodeIntegerContents, unsignedToIntegerContents } from './integer';
import { encodeOid } from './oid';
import { compareEncodings } from './reader';
import { encodeString, isPrintableChar } from './strings';
import { CONSTRUCTED, contextTag, Tag } from './tag';
import { formatGeneralizedTime, formatUtcTime, usesUtcTime } from './time';

const EMPTY = /* @__PURE__ */ new Uint8Array(0);

/**
 * Working buffers handed back by writers that can no longer be used (the writers of
 * `encodeDer`, SET OF and wrapped OCTET STRINGs), for the next writer to start with. A buffer
 * is owned by one writer at a time (taken out of the array, then given back), so this is a free
 * list, not shared scratch state: writers alive at the same time never share a buffer.
 */
const FREE: Uint8Array[] = [];
const FREE_MAX = 16;
const FREE_MAX_BYTES = 1 << 16;
const FIRST_BUFFER = 4096;
const SET_TAG = 0x31; // Tag.SET, constructed

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
  if (typeof tag !== 'number') return false;
  if (tag >= 0 && tag < 256 && (tag | 0) === tag) return (tag & 0x1f) !== 0x1f;
  if (!Number.isSafeInteger(tag) || tag < 0) return false;
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

/** Copies `src` into `dst` at `p` (a plain loop for short runs, where `set` costs more). */
function copyInto(dst: Uint8Array, p: number, src: Uint8Array): void {
  const n = src.length;
  if (n > 24) dst.set(src, p);
  else for (let i = 0; i < n; i++) dst[p + i] = src[i]!;
}

let oidCache: Map<string, Uint8Array> | undefined;

/**
 * Builds one DER encoding (or a run of them).
 *
 * How it works: primitives are written straight into one growing byte buffer, header included;
 * a constructed element's header cannot be written until its callback returns, so it is recorded
 * as a hole (buffer offset, tag, contents length) and `finish()` copies the buffer into the exact-
 * size output with each header put into its hole. Every byte is copied at most twice, whatever
 * the depth. SET OF components are written by a child writer straight into the parent's buffer
 * and sorted only when there are several and they are not already in order. Writers that cannot be used again give their buffer back to a small free list
 * for the next one (allocating a buffer costs more than most of the encoding).
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
  /** Everything written but the constructed headers. */
  private buf: Uint8Array = EMPTY;
  /** Bytes of `buf` in use. */
  private pos = 0;
  /** Constructed headers, three numbers each: offset in `buf`, tag, contents length. */
  private holes: number[] = [];
  /** Encoded size (headers included) of what is written at the current level. */
  private size = 0;
  private error: unknown = undefined;
  /** Constructed elements open (callbacks running) on this writer. */
  private depth = 0;
  /** The `setOf` child writing into this writer's buffer right now, if any. */
  private lent: DerWriter | undefined = undefined;
  /** For a `setOf` child: the writer whose buffer it writes into, from offset `base`. */
  private lender: DerWriter | undefined = undefined;
  private base = 0;

  /** Total bytes written so far at the current level. */
  get length(): number {
    return this.size;
  }

  private fault(e: unknown): void {
    if (this.error === undefined) this.error = e;
  }

  /** Makes room for `n` more bytes in `buf`. */
  private reserve(n: number): Uint8Array {
    if (this.lent !== undefined) this.lent.detach();
    const need = this.pos + n;
    if (need > this.buf.length) {
      if (this.buf.length === 0 && FREE.length > 0 && FREE[FREE.length - 1]!.length >= need) {
        this.buf = FREE.pop()!;
        return this.buf;
      }
      const grown = new Uint8Array(Math.max(need, this.buf.length * 2, FIRST_BUFFER));
      grown.set(this.buf.subarray(0, this.pos));
      this.buf = grown;
    }
    return this.buf;
  }

  /**
   * Moves what this `setOf` child wrote in its lender's buffer into a buffer of its own, so the
   * lender can write again (a callback that writes to an outer writer, or `finish()` called on
   * the child). The freshest buffer is the one the deepest child holds: it goes back up.
   */
  private detach(): void {
    if (this.lent !== undefined) this.lent.detach();
    const lender = this.lender!;
    const base = this.base;
    const n = this.pos - base;
    const own = new Uint8Array(Math.max(n * 2, FIRST_BUFFER));
    own.set(this.buf.subarray(base, this.pos));
    lender.buf = this.buf;
    lender.lent = undefined;
    const holes = this.holes;
    for (let i = 0; i < holes.length; i += 3) holes[i]! -= base;
    this.buf = own;
    this.pos = n;
    this.base = 0;
    this.lender = undefined;
  }

  /**
   * Gives the working buffer back for another writer and empties this one (for writers nobody
   * can use afterwards; one that still is, through a reference kept by a callback, starts over
   * with a buffer of its own and cannot touch the one given back).
   */
  private release(): void {
    const b = this.buf;
    if (b.length > 0 && b.length <= FREE_MAX_BYTES && FREE.length < FREE_MAX) FREE.push(b);
    this.buf = EMPTY;
    this.pos = 0;
    this.holes.length = 0;
    this.size = 0;
  }

  /** Writes a header and leaves room for `len` contents octets; returns where the contents go. */
  private header(tag: number, len: number): number {
    const buf = this.reserve(len + 12);
    const p = writeHeader(buf, this.pos, tag, len);
    this.size += p - this.pos + len;
    this.pos = p + len;
    return p;
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
    const p = this.header(tag, contents.length); // may grow `buf`: read it after
    copyInto(this.buf, p, contents);
    return this;
  }

  /** Writes a constructed element whose contents the callback writes. */
  constructed(tag: number, fn: (w: this) => void): this {
    if (!_isTag(tag)) {
      this.fault(new RangeError(`${tag} is not a tag value; build tags with makeTag() or contextTag()`));
      return this;
    }
    const t = withConstructed(tag);
    const holes = this.holes;
    const h = holes.length;
    holes.push(this.pos, t, 0);
    const saved = this.size;
    this.size = 0;
    this.depth++;
    try {
      fn(this);
    } catch (e) {
      this.fault(e);
    }
    this.depth--;
    const len = this.size;
    holes[h + 2] = len;
    this.size = saved + tagSize(t) + lengthSize(len) + len;
    return this;
  }

  /** `SEQUENCE { ... }` */
  sequence(fn: (w: this) => void): this {
    return this.constructed(Tag.SEQUENCE, fn);
  }

  /** Copies a finished child's encoding into this writer's buffer; returns its offset. */
  private appendChild(c: DerWriter): number {
    const total = c.encodedLength();
    const start = this.pos;
    c.assemble(this.reserve(total), start);
    this.pos = start + total;
    return start;
  }

  /**
   * `SET OF { ... }` with the components sorted into DER order (X.690 §11.6). The callback
   * writes the components in any order.
   */
  setOf(fn: (w: DerWriter) => void): this {
    // The callback gets a writer of its own (as the API says), but it writes straight into this
    // writer's buffer after what is there: no copy when it is done. If this writer is written to
    // meanwhile, the child moves its bytes out first (`detach`) and is appended as before.
    if (this.lent !== undefined) this.lent.detach();
    const inner = new DerWriter();
    const start = this.pos;
    inner.buf = this.buf;
    inner.pos = start;
    inner.base = start;
    inner.lender = this;
    this.lent = inner;
    try {
      fn(inner);
    } catch (e) {
      this.fault(e);
    }
    if (inner.lender === this) {
      // Still in place: the bytes are where they belong.
      this.buf = inner.buf;
      this.lent = undefined;
      const error = inner.error;
      const ih = inner.holes;
      const end = inner.pos;
      const len0 = inner.size;
      inner.buf = EMPTY;
      inner.pos = 0;
      inner.base = 0;
      inner.lender = undefined;
      inner.holes = [];
      inner.size = 0;
      if (error !== undefined) {
        this.fault(error);
        return this;
      }
      const holes = this.holes;
      const h = holes.length;
      holes.push(start, SET_TAG, 0);
      for (let i = 0; i < ih.length; i++) holes.push(ih[i]!);
      this.pos = end;
      let len = len0;
      if (len > 0) {
        // One component (every RDN of a real name) is in order by definition; the first one's
        // encoded size tells: a constructed one is the hole at `start`.
        const first = ih.length > 0 && ih[0] === start ? tagSize(ih[1]!) + lengthSize(ih[2]!) + ih[2]! : elementEnd(this.buf, start) - start;
        if (first !== len) len = this.sortSet(h + 3, start);
      }
      holes[h + 2] = len;
      this.size += tagSize(SET_TAG) + lengthSize(len) + len;
      return this;
    }
    try {
      if (inner.error !== undefined) {
        this.fault(inner.error);
        return this;
      }
      const holes = this.holes;
      const h = holes.length;
      holes.push(this.pos, SET_TAG, 0);
      const at = this.appendChild(inner);
      const len = sortComponents(this.buf, at, this.pos);
      this.pos = at + len;
      holes[h + 2] = len;
      this.size += tagSize(SET_TAG) + lengthSize(len) + len;
      return this;
    } finally {
      inner.release();
    }
  }

  /**
   * Encodes what was written from `start` (buffer) and `h` (holes) on, sorts its top-level
   * elements into DER order and puts the result back in their place; returns its length.
   */
  private sortSet(h: number, start: number): number {
    const holes = this.holes;
    let total = this.pos - start;
    for (let i = h; i < holes.length; i += 3) total += tagSize(holes[i + 1]!) + lengthSize(holes[i + 2]!);
    const out = new Uint8Array(total);
    assembleInto(out, 0, this.buf, start, this.pos, holes, h);
    holes.length = h;
    const len = sortComponents(out, 0, total);
    this.pos = start;
    copyInto(this.reserve(len), start, out);
    this.pos = start + len;
    return len;
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
    copyInto(this.reserve(der.length), this.pos, der);
    this.pos += der.length;
    this.size += der.length;
    return this;
  }

  /** INTEGER from a `bigint` or safe integer `number`, minimal two's complement. */
  integer(value: bigint | number, tag: number = Tag.INTEGER): this {
    // Small values (the common case: versions, counts, most enumerations) without allocating.
    let v: number | undefined;
    if (typeof value === 'number') {
      if (value >= -0x80000000 && value <= 0x7fffffff && (value | 0) === value) v = value;
    } else if (typeof value === 'bigint' && value >= -0x80000000n && value <= 0x7fffffffn) {
      v = Number(value);
    }
    if (v !== undefined) {
      if (!_isTag(tag)) return this.element(tag, EMPTY);
      const n = v >= -0x80 && v <= 0x7f ? 1 : v >= -0x8000 && v <= 0x7fff ? 2 : v >= -0x800000 && v <= 0x7fffff ? 3 : 4;
      const p = this.header(tag, n);
      const buf = this.buf;
      for (let i = n - 1, x = v; i >= 0; i--, x >>= 8) buf[p + i] = x & 0xff;
      return this;
    }
    if (typeof value === 'bigint' && value > 0n && _isTag(tag)) {
      // Serial numbers and other large positive values: big-endian from the hex digits, with a
      // zero octet in front when the high bit is set (as encodeIntegerContents does).
      const hex = value.toString(16);
      const odd = hex.length & 1;
      const digits = hex.length + odd;
      const pad = !odd && hexDigit(hex.charCodeAt(0)) >= 8 ? 1 : 0;
      const n = digits / 2 + pad;
      const p = this.header(tag, n);
      const buf = this.buf;
      let q = p;
      if (pad) buf[q++] = 0;
      let k = 0;
      if (odd) buf[q++] = hexDigit(hex.charCodeAt(k++));
      for (; k < hex.length; k += 2) buf[q++] = (hexDigit(hex.charCodeAt(k)) << 4) | hexDigit(hex.charCodeAt(k + 1));
      return this;
    }
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
    if (!_isTag(tag)) return this.element(tag, EMPTY);
    const p = this.header(tag, 1);
    this.buf[p] = value ? 0xff : 0x00;
    return this;
  }

  /** NULL. */
  null(): this {
    return this.element(Tag.NULL, EMPTY);
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
      const total = inner.encodedLength();
      const p = this.header(Tag.OCTET_STRING, total);
      inner.assemble(this.buf, p);
      return this;
    } finally {
      inner.release();
    }
  }

  /** BIT STRING from bytes and unused bits (0 by default). */
  bitString(bytesOrBits: Uint8Array | BitString, tag: number = Tag.BIT_STRING): this {
    const bs: BitString = bytesOrBits instanceof Uint8Array ? { bytes: bytesOrBits, unusedBits: 0 } : bytesOrBits;
    if (bs.unusedBits < 0 || bs.unusedBits > 7 || (bs.bytes.length === 0 && bs.unusedBits !== 0)) {
      this.fault(new DerError('invalid-value', `BIT STRING unused bits must be 0..7 and 0 when empty, got ${bs.unusedBits}`));
      return this;
    }
    const bytes = bs.bytes;
    if (!(bytes instanceof Uint8Array) || !_isTag(tag)) {
      // The same errors as before: the contents are built first, then the element checked.
      const out = new Uint8Array(bytes.length + 1);
      out[0] = bs.unusedBits;
      out.set(bytes, 1);
      if (bs.unusedBits) out[out.length - 1]! &= 0xff << bs.unusedBits;
      return this.element(tag, out);
    }
    const p = this.header(tag, bytes.length + 1);
    const buf = this.buf;
    buf[p] = bs.unusedBits;
    copyInto(buf, p + 1, bytes);
    if (bs.unusedBits) buf[p + bytes.length]! &= 0xff << bs.unusedBits;
    return this;
  }

  /** A character string of the given type, its repertoire checked. */
  string(tag: number, value: string): this {
    if (typeof value === 'string' && (tag === Tag.PRINTABLE_STRING || tag === Tag.UTF8_STRING || tag === Tag.IA5_STRING)) {
      // The common case written in place, checked as it goes; anything else (or a character
      // the fast check does not take) is taken back and goes through encodeString and its errors.
      const n = value.length;
      const pos = this.pos;
      const size = this.size;
      const p = this.header(tag, n);
      const buf = this.buf;
      const printable = tag === Tag.PRINTABLE_STRING;
      let i = 0;
      for (; i < n; i++) {
        const c = value.charCodeAt(i);
        if (c >= 0x80 || (printable && !isPrintableChar(c))) break;
        buf[p + i] = c;
      }
      if (i === n) return this;
      this.pos = pos;
      this.size = size;
    }
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
    if (date instanceof Date) {
      const y = date.getUTCFullYear();
      if (y >= 1950 && y <= 2049) return this.timeDigits(Tag.UTC_TIME, date, y % 100, 2);
    }
    return this.asciiElement(Tag.UTC_TIME, date, formatUtcTime); // and its error
  }

  /** GeneralizedTime `YYYYMMDDHHMMSSZ`. */
  generalizedTime(date: Date): this {
    if (date instanceof Date) {
      const y = date.getUTCFullYear();
      if (y >= 0 && y <= 9999) return this.timeDigits(Tag.GENERALIZED_TIME, date, y, 4);
    }
    return this.asciiElement(Tag.GENERALIZED_TIME, date, formatGeneralizedTime); // and its error
  }

  /** The text `formatUtcTime`/`formatGeneralizedTime` make, written digit by digit. */
  private timeDigits(tag: number, date: Date, year: number, yearDigits: number): this {
    const p = this.header(tag, yearDigits + 11);
    const b = this.buf;
    let q = p + yearDigits;
    for (let i = q - 1, y = year; i >= p; i--, y = Math.floor(y / 10)) b[i] = 0x30 + (y % 10);
    q = twoDigits(b, q, date.getUTCMonth() + 1);
    q = twoDigits(b, q, date.getUTCDate());
    q = twoDigits(b, q, date.getUTCHours());
    q = twoDigits(b, q, date.getUTCMinutes());
    q = twoDigits(b, q, date.getUTCSeconds());
    b[q] = 0x5a; // 'Z'
    return this;
  }

  /** RFC 5280 §4.1.2.5 Time: UTCTime through 2049, GeneralizedTime from 2050. */
  time(date: Date): this {
    return usesUtcTime(date) ? this.utcTime(date) : this.generalizedTime(date);
  }

  /** An element whose contents are the ASCII text `format` makes (the time types). */
  private asciiElement(tag: number, date: Date, format: (d: Date) => string): this {
    let text: string;
    try {
      text = format(date);
    } catch (e) {
      this.fault(new DerError('invalid-value', (e as Error).message, { cause: e }));
      return this;
    }
    const n = text.length;
    const p = this.header(tag, n);
    const buf = this.buf;
    for (let i = 0; i < n; i++) buf[p + i] = text.charCodeAt(i);
    return this;
  }

  /** The size of the encoding: the buffer plus every constructed header. */
  private encodedLength(): number {
    const holes = this.holes;
    let n = this.pos;
    for (let i = 0; i < holes.length; i += 3) n += tagSize(holes[i + 1]!) + lengthSize(holes[i + 2]!);
    return n;
  }

  /** Writes the encoding into `out` at `p`: the buffer with each header put into its hole. */
  private assemble(out: Uint8Array, p: number): void {
    assembleInto(out, p, this.buf, 0, this.pos, this.holes, 0);
  }

  /**
   * The encoding, in one allocation of the exact size.
   * @throws the first error any write recorded (a {@link DerError} `invalid-value` or the
   * callback's own exception).
   */
  finish(): Uint8Array {
    if (this.error !== undefined) throw this.error;
    if (this.lender !== undefined) this.detach();
    const total = this.encodedLength();
    if (this.depth > 0) {
      // Called from a callback: the open elements' holes must stay; assemble a copy.
      const out = new Uint8Array(total);
      this.assemble(out, 0);
      return out;
    }
    // Every element is closed: put the headers into the buffer itself, from the end backwards
    // (each segment moves right by the headers before it), and keep the result as the state,
    // so the writer can go on writing. The output is a copy of it.
    const holes = this.holes;
    if (holes.length > 0) {
      const buf = this.reserve(total - this.pos);
      let dst = total;
      let srcEnd = this.pos;
      for (let i = holes.length - 3; i >= 0; i -= 3) {
        const at = holes[i]!;
        const tag = holes[i + 1]!;
        const len = holes[i + 2]!;
        dst -= srcEnd - at;
        if (dst !== at && srcEnd > at) buf.copyWithin(dst, at, srcEnd);
        dst -= tagSize(tag) + lengthSize(len);
        writeHeader(buf, dst, tag, len);
        srcEnd = at;
      }
      holes.length = 0;
      this.pos = total;
    }
    return this.buf.slice(0, total);
  }
}

/**
 * Writes `buf[src..end)` into `out` at `p` with the headers of `holes` (from index `h` on, three
 * numbers each: offset, tag, contents length) put into their places.
 */
function assembleInto(out: Uint8Array, p: number, buf: Uint8Array, src: number, end: number, holes: number[], h: number): void {
  for (let i = h; i < holes.length; i += 3) {
    const at = holes[i]!;
    const n = at - src;
    if (n > 64) {
      out.set(buf.subarray(src, at), p);
      p += n;
    } else {
      for (let j = src; j < at; j++) out[p++] = buf[j]!;
    }
    src = at;
    p = writeHeader(out, p, holes[i + 1]!, holes[i + 2]!);
  }
  const rest = end - src;
  if (rest > 64) out.set(buf.subarray(src, end), p);
  else for (let j = src; j < end; j++) out[p++] = buf[j]!;
}

/** Writes `f` (0..99) as two ASCII digits at `q`; returns the offset after them. */
function twoDigits(b: Uint8Array, q: number, f: number): number {
  b[q] = 0x30 + Math.floor(f / 10);
  b[q + 1] = 0x30 + (f % 10);
  return q + 2;
}

/** The value of a lowercase hex digit (as `bigint.toString(16)` writes them). */
function hexDigit(c: number): number {
  return c <= 0x39 ? c - 0x30 : c - 0x57;
}

/**
 * Puts the top-level elements of `buf[start, end)` (SET OF components) into DER order in place;
 * returns the length they take afterwards. Components already in order (the usual case, and
 * always so for one component) are left where they are.
 */
function sortComponents(buf: Uint8Array, start: number, end: number): number {
  if (start === end || elementEnd(buf, start) === end) return end - start; // zero or one component
  const items = splitElements(buf.subarray(start, end));
  let inPlace = true;
  let p = start;
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    if (it.byteOffset - buf.byteOffset !== p || (i > 0 && compareEncodings(items[i - 1]!, it) > 0)) {
      inPlace = false;
      break;
    }
    p += it.length;
  }
  if (inPlace && p === end) return end - start;
  // Sort copies (the views point into the region about to be overwritten).
  const copies = items.map((it) => it.slice());
  copies.sort(compareEncodings);
  p = start;
  for (const c of copies) {
    buf.set(c, p);
    p += c.length;
  }
  return p - start;
}

/** Where the element written at `p` ends (for a well-formed one; any answer is safe to compare). */
function elementEnd(buf: Uint8Array, p: number): number {
  let b = buf[p++]!;
  if ((b & 0x1f) === 0x1f)
    do b = buf[p++]!;
    while (b & 0x80);
  let len = buf[p++]!;
  if (len & 0x80) {
    const nb = len & 0x7f;
    len = 0;
    for (let i = 0; i < nb; i++) len = len * 256 + buf[p++]!;
  }
  return p + len;
}

/** Each top-level element of `all` as a view (the components of a SET OF). */
function splitElements(all: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let p = 0;
  // Walk top-level elements: a header followed by its contents.
  while (p < all.length) {
    const start = p;
    let b = all[p++]!;
    if ((b & 0x1f) === 0x1f)
      do b = all[p++]!;
      while (b & 0x80);
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
    // Lengths are below 2^32 (a Uint8Array's), so an unsigned shift reads each octet.
    for (let i = k - 1; i >= 0; i--) out[p++] = (len >>> (8 * i)) & 0xff;
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
  try {
    fn(w);
    return w.finish();
  } finally {
    (w as unknown as { release(): void }).release();
  }
}
