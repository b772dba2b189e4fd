/**
 * The DER reader: a cursor over a `Uint8Array` that slices, never copies (X.690 §8, §10).
 *
 * Scope: tag and length decoding with every DER header rule, zero-copy element views with
 * absolute offsets into the caller's buffer, nested readers with a depth bound, typed reads for
 * the primitive types, IMPLICIT/EXPLICIT tagging, and an opt-in lenient mode for the deviations
 * real certificates carry. Non-goals: BER (indefinite lengths, constructed strings), REAL.
 *
 * Every check runs in time linear in the bytes it looks at, so any input is read in linear time.
 * @module
 */
import { decodeBitString, type BitString } from './bit-string';
import { DerError, type DerErrorCode } from './errors';
import { bytesToBigInt, bytesToSafeInteger, checkInteger } from './integer';
import { decodeOidAt } from './oid';
import { decodeString, isStringTag } from './strings';
import { CONSTRUCTED, Tag, tagName } from './tag';
import { derCursor, readHeader, type DerCursor } from './cursor';
import { decodeGeneralizedTime, decodeUtcTime } from './time';

/** Reader options. */
export interface DerReaderOptions {
  /**
   * Accept the deviations from DER that real certificates carry, each documented where it is
   * allowed: explicitly encoded DEFAULT values (`critical FALSE`, X.690 §11.5), non-minimal
   * INTEGER encodings (serial numbers from some old CAs), PrintableString with characters
   * outside its repertoire (`*`, `@`, `&`, `_`). Header rules (lengths, tags) are never relaxed.
   * Default `false`.
   */
  lenient?: boolean;
  /** Deepest nesting the reader enters; default 64 (certificates use about 10). */
  maxDepth?: number;
}

/**
 * One element (tag, length, value) as a view into the reader's buffer.
 * @example
 * ```ts
 * const t = new DerReader(der).readTlv();
 * console.log(t.tag, t.offset, t.headerLength, t.length, t.value)
 * ```
 */
export class Tlv {
  /**
   * @param buf the buffer the reader was made over
   * @param tag the tag value (see `tag.ts`)
   * @param offset absolute offset of the identifier octet
   * @param valueOffset absolute offset of the first contents octet
   * @param end absolute offset just past the element
   */
  constructor(
    readonly buf: Uint8Array,
    readonly tag: number,
    readonly offset: number,
    readonly valueOffset: number,
    readonly end: number,
  ) {}
  /** Contents octets (zero-copy view). */
  get value(): Uint8Array {
    return this.buf.subarray(this.valueOffset, this.end);
  }
  /** The whole encoding, header included (zero-copy view). */
  get raw(): Uint8Array {
    return this.buf.subarray(this.offset, this.end);
  }
  /** Number of contents octets. */
  get length(): number {
    return this.end - this.valueOffset;
  }
  /** Number of identifier and length octets. */
  get headerLength(): number {
    return this.valueOffset - this.offset;
  }
  /** Whether the constructed bit is set. */
  get constructed(): boolean {
    return (this.tag & CONSTRUCTED) !== 0;
  }
}

function fail(code: DerErrorCode, message: string, offset: number): never {
  throw new DerError(code, message, { offset });
}

/**
 * A DER cursor. Offsets in errors and in {@link Tlv} are absolute offsets into the buffer given
 * to the constructor; child readers share that buffer.
 *
 * @example
 * ```ts
 * const r = new DerReader(der);
 * const cert = r.enter(Tag.SEQUENCE);   // Certificate ::= SEQUENCE
 * r.finish();                           // nothing after it
 * const tbs = cert.readTlv();           // the raw TBSCertificate element
 * ```
 */
export class DerReader {
  /** The caller's buffer (all offsets index it). */
  readonly buf: Uint8Array;
  /** Absolute offset of the next unread byte. */
  pos: number;
  /** Absolute offset just past the last byte this reader may read. */
  readonly end: number;
  /** Nesting depth of this reader (0 for the top level). */
  readonly depth: number;
  /** Whether lenient mode is on (see {@link DerReaderOptions.lenient}). */
  readonly lenient: boolean;
  /** Deepest nesting allowed. */
  readonly maxDepth: number;
  /** A cursor over `buf` for the reads that need no Tlv (made on first use, then reused). */
  private _cur: DerCursor | undefined = undefined;

  /**
   * @param input the caller's buffer; every offset reported is an index into it
   * @param options see {@link DerReaderOptions}
   * @param start absolute offset where reading starts (default 0)
   * @param end absolute offset just past the last byte to read (default `input.length`)
   * @param depth nesting depth of this reader (child readers pass their parent's depth + 1)
   * @throws TypeError when `input` is not a Uint8Array; RangeError for a window outside `input`
   * or a negative `maxDepth`.
   */
  constructor(input: Uint8Array, options: DerReaderOptions = {}, start = 0, end = input.length, depth = 0) {
    if (!(input instanceof Uint8Array)) throw new TypeError('DerReader expects a Uint8Array');
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || start > end || end > input.length) {
      throw new RangeError(`DerReader window ${start}..${end} is not inside the ${input.length}-byte input`);
    }
    const maxDepth = options.maxDepth ?? 64;
    if (!Number.isSafeInteger(maxDepth) || maxDepth < 0) throw new RangeError(`maxDepth must be a non-negative integer, got ${maxDepth}`);
    this.buf = input;
    this.pos = start;
    this.end = end;
    this.depth = depth;
    this.lenient = options.lenient === true;
    this.maxDepth = maxDepth;
  }

  /** Whether every byte of this reader has been consumed. */
  get atEnd(): boolean {
    return this.pos >= this.end;
  }

  /** Bytes left unread. */
  get remaining(): number {
    return this.end - this.pos;
  }

  /**
   * The tag of the next element without consuming it, or -1 at the end. Only the identifier
   * octets are checked here; {@link readTlv} checks the rest.
   */
  peekTag(): number {
    if (this.pos >= this.end) return -1;
    const b = this.buf[this.pos]!;
    if ((b & 0x1f) !== 0x1f) return b;
    const save = this.pos;
    try {
      return this.readTlv().tag;
    } finally {
      this.pos = save;
    }
  }

  /**
   * Reads the next element, whatever its tag, with every DER header rule checked.
   * @throws DerError `truncated`, `length-exceeds-input`, `indefinite-length`,
   * `non-minimal-length`, `reserved-length`, `length-too-large`, `non-minimal-tag`,
   * `tag-too-large`, `reserved-tag`, `wrong-constructed-bit`.
   */
  readTlv(): Tlv {
    const t = readTlvAt(this.buf, this.pos, this.end);
    this.pos = t.end;
    return t;
  }

  /**
   * Reads the next element and checks its tag.
   * @param what names the field for the error message.
   * @throws DerError `unexpected-tag` (and the {@link readTlv} codes).
   */
  read(tag: number, what?: string): Tlv {
    const t = readExpectedAt(this.buf, this.pos, this.end, tag, what);
    this.pos = t.end;
    return t;
  }

  /** Reads the next element only if it has this tag. */
  readOptional(tag: number): Tlv | undefined {
    if (this.pos >= this.end) return undefined;
    if (this.peekTag() !== tag) return undefined;
    return this.readTlv();
  }

  /** A reader over the contents of an element (one level deeper). */
  enterTlv(t: Tlv): DerReader {
    if (this.depth + 1 > this.maxDepth) fail('nesting-too-deep', `more than ${this.maxDepth} nested levels`, t.offset);
    const child = new DerReader(this.buf, undefined, t.valueOffset, t.end, this.depth + 1);
    (child as { lenient: boolean }).lenient = this.lenient;
    (child as { maxDepth: number }).maxDepth = this.maxDepth;
    return child;
  }

  /**
   * Reads a constructed element with this tag (default SEQUENCE) and returns a reader over its
   * contents.
   */
  enter(tag: number = Tag.SEQUENCE, what?: string): DerReader {
    return this.enterTlv(this.read(tag, what));
  }

  /** {@link enter} if the next element has this tag, else `undefined`. */
  enterOptional(tag: number): DerReader | undefined {
    const t = this.readOptional(tag);
    return t === undefined ? undefined : this.enterTlv(t);
  }

  /**
   * Reads a SET OF and checks that its components are in ascending order of their encodings
   * (X.690 §11.6); returns a reader over the contents.
   * @throws DerError `set-order`.
   */
  enterSetOf(tag: number = Tag.SET, what?: string): DerReader {
    const t = this.read(tag, what);
    const child = this.enterTlv(t);
    checkSetOrder(child);
    return child;
  }

  /**
   * Throws unless every byte has been read.
   * @throws DerError `trailing-data`.
   */
  finish(what = 'this element'): void {
    if (this.pos < this.end) {
      fail('trailing-data', `${this.end - this.pos} unexpected byte(s) after the last field of ${what}`, this.pos);
    }
  }

  /** Skips the next element. */
  skip(): void {
    this.readTlv();
  }

  /** INTEGER as `bigint` (tag overridable for IMPLICIT tagging). */
  readInteger(tag: number = Tag.INTEGER, what = 'INTEGER'): bigint {
    const t = this.read(tag, what);
    const v = t.value;
    checkInteger(v, t.valueOffset, this.lenient);
    return bytesToBigInt(v);
  }

  /** INTEGER contents (two's complement, minimal unless lenient) as a zero-copy view. */
  readIntegerBytes(tag: number = Tag.INTEGER, what = 'INTEGER'): Uint8Array {
    const t = this.read(tag, what);
    const v = t.value;
    checkInteger(v, t.valueOffset, this.lenient);
    return v;
  }

  /**
   * INTEGER as a non-negative safe `number` (versions, lengths, counters).
   * @throws DerError `negative-integer`, `integer-too-large`.
   */
  readSmallInteger(tag: number = Tag.INTEGER, what = 'INTEGER'): number {
    const t = this.read(tag, what);
    const v = t.value;
    checkInteger(v, t.valueOffset, false);
    const x = bytesToSafeInteger(v, t.valueOffset);
    if (x < 0) fail('negative-integer', `${what} must not be negative`, t.valueOffset);
    return x;
  }

  /** ENUMERATED as a non-negative safe `number` (X.690 §8.4). */
  readEnumerated(tag: number = Tag.ENUMERATED, what = 'ENUMERATED'): number {
    return this.readSmallInteger(tag, what);
  }

  /**
   * BOOLEAN; DER allows only 0x00 and 0xFF (X.690 §11.1).
   * @throws DerError `invalid-boolean`.
   */
  readBoolean(tag: number = Tag.BOOLEAN, what = 'BOOLEAN'): boolean {
    const t = this.read(tag, what);
    return decodeBooleanTlv(t);
  }

  /**
   * An optional BOOLEAN with a DEFAULT: returns the default when absent. DER forbids encoding
   * the default value (X.690 §11.5); lenient mode accepts it, because many certificates from
   * older CAs carry `critical FALSE` explicitly.
   * @throws DerError `explicit-default` in strict mode.
   */
  readDefaultBoolean(defaultValue: boolean, tag: number = Tag.BOOLEAN, what = 'BOOLEAN'): boolean {
    const t = this.readOptional(tag);
    if (t === undefined) return defaultValue;
    const v = decodeBooleanTlv(t);
    if (v === defaultValue && !this.lenient) {
      fail('explicit-default', `${what} is encoded with its DEFAULT value ${defaultValue}; DER omits it (X.690 §11.5)`, t.offset);
    }
    return v;
  }

  /** NULL (X.690 §8.8.2: no contents). @throws DerError `invalid-null`. */
  readNull(tag: number = Tag.NULL): null {
    const t = this.read(tag, 'NULL');
    if (t.end !== t.valueOffset) fail('invalid-null', 'NULL must have no contents (X.690 §8.8.2)', t.offset);
    return null;
  }

  /** OBJECT IDENTIFIER as a dotted string. @throws DerError `invalid-oid`. */
  readOid(what = 'OBJECT IDENTIFIER'): string {
    // The header through a cursor and the contents decoded in place: no Tlv, no view.
    const c = (this._cur ??= derCursor(this.buf));
    c.pos = this.pos;
    c.end = this.end;
    if (c.pos >= c.end) fail('truncated', `expected ${what} but the input ends here`, c.pos);
    if (readHeader(c) !== Tag.OID) fail('unexpected-tag', `expected ${what} (${tagName(Tag.OID)}) but found ${tagName(c.tag)}`, c.start);
    this.pos = c.ve;
    return decodeOidAt(this.buf, c.vs, c.ve);
  }

  /** BIT STRING. @throws DerError `invalid-bit-string`. */
  readBitString(tag: number = Tag.BIT_STRING, what = 'BIT STRING'): BitString {
    const t = this.read(tag, what);
    return decodeBitString(t.value, t.valueOffset);
  }

  /** OCTET STRING contents as a zero-copy view. */
  readOctetString(tag: number = Tag.OCTET_STRING, what = 'OCTET STRING'): Uint8Array {
    return this.read(tag, what).value;
  }

  /**
   * Any character string type; returns its tag and text.
   * @throws DerError `unexpected-tag` when the next element is not a string type, `invalid-string`.
   */
  readString(what = 'string'): { tag: number; value: string } {
    const save = this.pos;
    const t = this.readTlv();
    if (!isStringTag(t.tag)) {
      this.pos = save;
      fail('unexpected-tag', `expected ${what} (a character string type) but found ${tagName(t.tag)}`, save);
    }
    return { tag: t.tag, value: decodeString(t.tag, t.value, t.valueOffset, this.lenient) };
  }

  /**
   * `Time ::= CHOICE { utcTime UTCTime, generalTime GeneralizedTime }` (RFC 5280 §4.1).
   * @param allowFraction accept fractional seconds in GeneralizedTime (not in certificates).
   * @throws DerError `invalid-time`, `unexpected-tag`.
   */
  readTime(what = 'Time', allowFraction = false): Date {
    const t = readTlvAt(this.buf, this.pos, this.end);
    const d = decodeTimeTlv(t, what, allowFraction);
    this.pos = t.end;
    return d;
  }
}

/**
 * The value of a BOOLEAN element (X.690 §8.2, §11.1: DER allows only 0x00 and 0xFF), whatever
 * its tag (the standalone form of {@link DerReader.readBoolean}).
 * @throws DerError `invalid-boolean`.
 * @example
 * ```ts
 * decodeBooleanTlv(readTlvAt(Uint8Array.of(0x01, 0x01, 0xff), 0, 3)) // true
 * ```
 */
export function decodeBooleanTlv(t: Tlv): boolean {
  if (t.end - t.valueOffset !== 1) fail('invalid-boolean', 'BOOLEAN must have exactly one contents octet (X.690 §8.2.1)', t.offset);
  const v = t.buf[t.valueOffset]!;
  if (v === 0xff) return true;
  if (v === 0x00) return false;
  return fail('invalid-boolean', `BOOLEAN is 0x${v.toString(16).padStart(2, '0')}; DER allows only 0x00 and 0xFF (X.690 §11.1)`, t.valueOffset);
}

/**
 * Reads the element that starts at `start` in `buf[..end)`, with every DER header rule checked
 * (the standalone form of {@link DerReader.readTlv}, for code that does not need the cursor).
 * @throws DerError `truncated`, `length-exceeds-input`, `indefinite-length`,
 * `non-minimal-length`, `reserved-length`, `length-too-large`, `non-minimal-tag`,
 * `tag-too-large`, `reserved-tag`, `wrong-constructed-bit`.
 * @example
 * ```ts
 * const t = readTlvAt(der, 0, der.length); // the outer element; t.end is where the next one starts
 * ```
 */
export function readTlvAt(buf: Uint8Array, start: number, end: number): Tlv {
  const c = derCursor(buf, start, end);
  readHeader(c);
  return new Tlv(buf, c.tag, c.start, c.vs, c.ve);
}

/**
 * Reads the element that starts at `start` in `buf[..end)` and checks its tag (the standalone
 * form of {@link DerReader.read}).
 * @param what names the field for the error message.
 * @throws DerError `unexpected-tag` (and the {@link readTlvAt} codes).
 * @example
 * ```ts
 * const cert = readExpectedAt(der, 0, der.length, Tag.SEQUENCE, 'Certificate');
 * ```
 */
export function readExpectedAt(buf: Uint8Array, start: number, end: number, tag: number, what?: string): Tlv {
  if (start >= end) fail('truncated', `expected ${what ?? tagName(tag)} but the input ends here`, start);
  const t = readTlvAt(buf, start, end);
  if (t.tag !== tag) fail('unexpected-tag', `expected ${what ?? tagName(tag)} (${tagName(tag)}) but found ${tagName(t.tag)}`, start);
  return t;
}

/**
 * The value of a `Time ::= CHOICE { utcTime UTCTime, generalTime GeneralizedTime }` element
 * (RFC 5280 §4.1; the standalone form of {@link DerReader.readTime}).
 * @param what names the field for the error message.
 * @param allowFraction accept fractional seconds in GeneralizedTime (not in certificates).
 * @throws DerError `invalid-time`, `unexpected-tag` (at the element's offset).
 * @example
 * ```ts
 * const notBefore = decodeTimeTlv(readTlvAt(der, at, end), 'notBefore');
 * ```
 */
export function decodeTimeTlv(t: Tlv, what = 'Time', allowFraction = false): Date {
  if (t.tag === Tag.UTC_TIME) return decodeUtcTime(t.value, t.valueOffset);
  if (t.tag === Tag.GENERALIZED_TIME) return decodeGeneralizedTime(t.value, t.valueOffset, allowFraction);
  return fail('unexpected-tag', `expected ${what} (UTCTime or GeneralizedTime) but found ${tagName(t.tag)}`, t.offset);
}

/**
 * Compares two encodings as X.690 §11.6 orders SET OF components: as octet strings, the shorter
 * one padded at its end with zero octets.
 * @example
 * ```ts
 * [a, b].sort(compareEncodings) // DER order of SET OF components
 * ```
 */
export function compareEncodings(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  const longer = a.length > b.length ? a : b;
  for (let i = n; i < longer.length; i++) if (longer[i] !== 0) return a.length > b.length ? 1 : -1;
  return 0;
}

function checkSetOrder(r: DerReader): void {
  const save = r.pos;
  let prev: Tlv | undefined;
  while (!r.atEnd) {
    const t = r.readTlv();
    if (prev !== undefined && compareEncodings(prev.raw, t.raw) > 0) {
      fail('set-order', 'SET OF components are not in ascending order of their encodings (X.690 §11.6)', t.offset);
    }
    prev = t;
  }
  r.pos = save;
}
