/**
 * The one strict DER cursor of certkit: every parser in the library reads tags and lengths
 * through {@link readHeader} (directly, or through `DerReader`, which is built on it).
 *
 * Scope: a plain, re-entrant cursor object over `buf[pos..end)` (all state lives in the cursor,
 * none in the module), the DER header rules of X.690 §8.1 and §10.1 (minimal tags and lengths,
 * definite lengths, the primitive/constructed form of universal types), and allocation-free
 * descent: {@link enter} narrows the cursor to an element's contents and returns the outer end,
 * {@link leave} checks that the contents were read to the end and restores it. Elements are
 * located by absolute offsets (`start`, `vs`, `ve` of the last header read), so a walk over a
 * certificate allocates nothing per element.
 *
 * Non-goals: BER, decoding contents (the primitive codecs of this layer do that), messages that
 * name fields (the caller adds the field path to the error with `addPath`).
 * @module
 */
import { DerError, type DerErrorCode } from './errors';
import { CONSTRUCTED } from './tag';

/**
 * A DER cursor: `pos` is where the next element starts, `end` where the current constructed
 * element's contents end. After each read, `tag`, `start`, `vs` (first contents octet) and `ve`
 * (end of the element) describe the element read.
 * @example
 * ```ts
 * const c = derCursor(der);
 * const outer = enter(c, 0x30); // Certificate ::= SEQUENCE, contents now in view
 * expect(c, 0x30);              // tbsCertificate: c.start..c.ve is its encoding
 * ```
 */
export interface DerCursor {
  /** The buffer read (never copied). */
  readonly buf: Uint8Array;
  /** Offset of the next element. */
  pos: number;
  /** End of the contents being read (the buffer's end at the top). */
  end: number;
  /** Lenient mode, for the callers' content rules (headers are never relaxed). */
  readonly lenient: boolean;
  /** Tag of the element read last (single octet, or `first + number * 256` for high numbers). */
  tag: number;
  /** Offset of the element read last. */
  start: number;
  /** Offset of its first contents octet. */
  vs: number;
  /** Offset just past it. */
  ve: number;
}

/**
 * A cursor over `buf[start..end)`.
 * @example
 * ```ts
 * const c = derCursor(Uint8Array.of(0x02, 0x01, 0x05));
 * expect(c, 0x02); // c.vs === 2, c.ve === 3
 * ```
 */
export function derCursor(buf: Uint8Array, start = 0, end = buf.length, lenient = false): DerCursor {
  return { buf, pos: start, end, lenient, tag: -1, start, vs: start, ve: start };
}

// For universal tag numbers 0..30: 1 = DER requires primitive, 2 = requires constructed, 0 = no rule.
// X.690 §8.x for each type, and §10.2 (DER: strings are primitive).
const UNIVERSAL_FORM = /* @__PURE__ */ Uint8Array.of(
  0,
  1,
  1,
  1,
  1,
  1,
  1,
  1, // 0 EOC (separately refused), BOOLEAN, INTEGER, BIT STRING, OCTET STRING, NULL, OID, ObjectDescriptor
  2,
  1,
  1,
  2,
  1,
  1,
  1,
  0, // EXTERNAL, REAL, ENUMERATED, EMBEDDED PDV, UTF8String, RELATIVE-OID, TIME, reserved
  2,
  2,
  1,
  1,
  1,
  1,
  1,
  1, // SEQUENCE, SET, NumericString, PrintableString, TeletexString, VideotexString, IA5String, UTCTime
  1,
  1,
  1,
  1,
  1,
  0,
  1, // GeneralizedTime, GraphicString, VisibleString, GeneralString, UniversalString, CHARACTER STRING, BMPString
);

/**
 * For identifier octets 0x00..0x3f (universal class): 1 when the octet is a single-octet tag DER
 * allows as is (not end-of-contents, not the high-tag escape, primitive or constructed as the
 * type requires); 0 sends it to the full rules, which report the fault.
 */
const _UNIVERSAL_OK = /* @__PURE__ */ (() => {
  const t = new Uint8Array(64);
  for (let b = 0; b < 64; b++) {
    const num = b & 0x1f;
    if (num === 0 || num === 31) continue;
    const form = UNIVERSAL_FORM[num]!;
    const constructed = (b & CONSTRUCTED) !== 0;
    t[b] = form === 0 || (form === 1 && !constructed) || (form === 2 && constructed) ? 1 : 0;
  }
  return t;
})();

function _bad(code: DerErrorCode, message: string, offset: number): never {
  throw new DerError(code, message, { offset });
}

function _hex(tag: number): string {
  return `0x${tag.toString(16)}`;
}

/**
 * Reads the header of the element at `c.pos` with every DER header rule and records it in
 * `c.tag`, `c.start`, `c.vs`, `c.ve`; `c.pos` does not move. Returns the tag.
 * @throws DerError `truncated`, `non-minimal-tag`, `tag-too-large`, `reserved-tag`,
 * `wrong-constructed-bit`, `indefinite-length`, `reserved-length`, `non-minimal-length`,
 * `length-too-large`, `length-exceeds-input`, each at the offending octet.
 * @example
 * ```ts
 * const c = derCursor(der);
 * if (readHeader(c) === 0x30) console.log('a SEQUENCE of', c.ve - c.vs, 'octets');
 * ```
 */
export function readHeader(c: DerCursor): number {
  // The common case first, small enough to inline everywhere: a single-octet tag of the right
  // form and a short-form length within bounds. Long-form lengths go on in `_readHeaderLong`;
  // anything else (and every error) goes through the full rules in `_readHeaderFull`, which
  // accept the same headers. Each octet is read once on the way to an answer.
  const buf = c.buf;
  const p = c.pos;
  if (p + 2 <= c.end) {
    const b = buf[p]!;
    if (b >= 0x40 ? (b & 0x1f) !== 0x1f : _UNIVERSAL_OK[b] === 1) {
      const len = buf[p + 1]!;
      if (len < 0x80 && len <= c.end - p - 2) {
        c.tag = b;
        c.start = p;
        c.vs = p + 2;
        c.ve = p + 2 + len;
        return b;
      }
      return _readHeaderLong(c, b, len);
    }
  }
  return _readHeaderFull(c);
}

/**
 * `readHeader` after a good single-octet tag `b` and a first length octet `len` that is not a
 * short form within bounds: a length of two or three octets, minimal and within bounds, or the
 * full rules.
 */
function _readHeaderLong(c: DerCursor, b: number, len: number): number {
  const buf = c.buf;
  const p = c.pos;
  const end = c.end;
  let v = p + 2;
  if (len === 0x81 && v < end) {
    len = buf[v++]!;
    if (len < 0x80) return _readHeaderFull(c);
  } else if (len === 0x82 && v + 1 < end) {
    len = (buf[v]! << 8) | buf[v + 1]!;
    v += 2;
    if (len < 0x100) return _readHeaderFull(c);
  } else {
    return _readHeaderFull(c);
  }
  if (len <= end - v) {
    c.tag = b;
    c.start = p;
    c.vs = v;
    c.ve = v + len;
    return b;
  }
  return _readHeaderFull(c);
}

/** Every header rule, with the error for each fault (the specification `readHeader`'s fast path follows). */
function _readHeaderFull(c: DerCursor): number {
  const buf = c.buf;
  const end = c.end;
  const start = c.pos;
  let p = start;
  if (p >= end) _bad('truncated', 'expected another element but the input ends here', p);
  const b = buf[p++]!;
  let tag = b;
  if ((b & 0x1f) === 0x1f) {
    // X.690 §8.1.2.4: high tag number, base 128, fewest octets, and only for numbers ≥ 31.
    if (p >= end) _bad('truncated', 'the input ends inside a tag', p);
    if (buf[p] === 0x80) _bad('non-minimal-tag', 'high tag number has a leading 0x80 octet (X.690 §8.1.2.4.2 c)', p);
    let n = 0;
    let o: number;
    do {
      if (p >= end) _bad('truncated', 'the input ends inside a tag', p);
      o = buf[p++]!;
      n = n * 128 + (o & 0x7f);
      if (n > 0x7fffffff) _bad('tag-too-large', 'tag number above 2^31-1', start);
    } while (o & 0x80);
    if (n < 31) _bad('non-minimal-tag', `tag number ${n} must use the single-octet form (X.690 §8.1.2.4)`, start);
    tag = b + n * 256;
  } else if ((b & 0xc0) === 0) {
    const num = b & 0x1f;
    if (num === 0) _bad('reserved-tag', 'universal tag 0 (end-of-contents) has no place in DER', start);
    const form = UNIVERSAL_FORM[num]!;
    if (form === 1 && (b & CONSTRUCTED) !== 0) _bad('wrong-constructed-bit', `universal tag ${num} must be primitive in DER (X.690 §10.2)`, start);
    if (form === 2 && (b & CONSTRUCTED) === 0) _bad('wrong-constructed-bit', `universal tag ${num} must be constructed (X.690 §8.9, §8.11)`, start);
  }
  if (p >= end) _bad('truncated', 'the input ends before the length octets', p);
  let len = buf[p++]!;
  if (len & 0x80) {
    const nb = len & 0x7f;
    const at = p - 1;
    if (nb === 0) _bad('indefinite-length', 'indefinite length is BER, not DER (X.690 §10.1)', at);
    if (nb === 0x7f) _bad('reserved-length', 'length octet 0xFF is reserved (X.690 §8.1.3.5 c)', at);
    if (p + nb > end) _bad('truncated', 'the input ends inside the length octets', p);
    if (buf[p] === 0) _bad('non-minimal-length', 'length has a leading zero octet; DER wants the fewest octets (X.690 §10.1)', at);
    if (nb > 4) _bad('length-too-large', `length of ${nb} octets describes more than 4 GiB`, at);
    len = 0;
    for (let i = 0; i < nb; i++) len = len * 256 + buf[p++]!;
    if (len < 0x80) _bad('non-minimal-length', `length ${len} must use the short form (X.690 §10.1)`, at);
  }
  if (len > end - p) _bad('length-exceeds-input', `element declares ${len} content octets but only ${end - p} remain`, start);
  c.tag = tag;
  c.start = start;
  c.vs = p;
  c.ve = p + len;
  return tag;
}

/**
 * Reads the next element, whatever its tag, and moves past it. Returns the tag.
 * @throws DerError as {@link readHeader}.
 * @example
 * ```ts
 * const tag = next(c); // c.start..c.ve is the element
 * ```
 */
export function next(c: DerCursor): number {
  const t = readHeader(c);
  c.pos = c.ve;
  return t;
}

/**
 * Reads the next element, which must have this tag, and moves past it. Returns the offset of
 * its first contents octet (`c.vs`).
 * @throws DerError `truncated` at the end of the contents, `unexpected-tag`, and the
 * {@link readHeader} codes.
 * @example
 * ```ts
 * expect(c, 0x02); const serial = c.buf.subarray(c.vs, c.ve);
 * ```
 */
export function expect(c: DerCursor, tag: number): number {
  if (c.pos >= c.end || readHeader(c) !== tag) _expectFailed(c, tag);
  c.pos = c.ve;
  return c.vs;
}

/** The error of {@link expect} (kept out of it, so that it stays small enough to inline). */
function _expectFailed(c: DerCursor, tag: number): never {
  if (c.pos >= c.end) _bad('truncated', `expected tag ${_hex(tag)} but the input ends here`, c.pos);
  _bad('unexpected-tag', `expected tag ${_hex(tag)} but found tag ${_hex(c.tag)}`, c.start);
}

/**
 * Reads the next element if it has this tag (and moves past it); `false` at the end or for
 * another tag. A malformed header is an error even when the tag differs.
 * @example
 * ```ts
 * if (optional(c, 0xa0)) console.log('explicit version present');
 * ```
 */
export function optional(c: DerCursor, tag: number): boolean {
  if (c.pos >= c.end) return false;
  const b = c.buf[c.pos]!;
  if ((b & 0x1f) !== 0x1f && b !== tag) return false;
  if (readHeader(c) !== tag) return false;
  c.pos = c.ve;
  return true;
}

/**
 * Reads the next element (of this tag) and narrows the cursor to its contents. Returns the
 * outer `end`, which {@link leave} restores.
 * @throws DerError as {@link expect}.
 * @example
 * ```ts
 * const outer = enter(c, 0x30);
 * expect(c, 0x06);
 * leave(c, outer);
 * ```
 */
export function enter(c: DerCursor, tag: number): number {
  expect(c, tag);
  const outer = c.end;
  c.pos = c.vs;
  c.end = c.ve;
  return outer;
}

/**
 * Narrows the cursor to the contents of the element read last (after {@link optional} or
 * {@link next}). Returns the outer `end` for {@link leave}.
 * @example
 * ```ts
 * if (optional(c, 0xa3)) { const o = enterLast(c); ...; leave(c, o); }
 * ```
 */
export function enterLast(c: DerCursor): number {
  const outer = c.end;
  c.pos = c.vs;
  c.end = c.ve;
  return outer;
}

/**
 * Checks that the contents were read to their end and widens the cursor back to `outer`.
 * @throws DerError `trailing-data` when bytes remain.
 * @example
 * ```ts
 * leave(c, outer);
 * ```
 */
export function leave(c: DerCursor, outer: number): void {
  if (c.pos < c.end) _trailing(c);
  c.end = outer;
}

function _trailing(c: DerCursor): never {
  _bad('trailing-data', `${c.end - c.pos} unexpected byte(s) after the last field`, c.pos);
}

/**
 * Whether the contents in view are read to their end.
 * @example
 * ```ts
 * while (!atEnd(c)) next(c);
 * ```
 */
export function atEnd(c: DerCursor): boolean {
  return c.pos >= c.end;
}
