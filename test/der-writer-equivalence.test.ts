/**
 * The DerWriter against a reference: the writer as it was before it wrote into one growing
 * buffer (parts and headers recorded, assembled at `finish()`, SET OF through a fresh writer
 * sorted with `compareEncodings`), kept here, trimmed, as the oracle. Random programs of writer
 * calls (every method, nesting, SET OF with unsorted and duplicate components, raw garbage,
 * invalid tags and values, throwing callbacks, writes to the outer writer from inside a SET OF
 * callback, `length` read along the way, `finish()` twice and writing on after it, `encodeDer`
 * inside a callback) must give
 * the same bytes, or the same error (class, message, code), and the same `length` readings.
 *
 * Non-goals: DER rules themselves (der-known-answers, der-strictness, der-properties).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CONSTRUCTED,
  DerError,
  DerWriter,
  Tag,
  compareEncodings,
  contextTag,
  encodeDer,
  encodeOid,
  encodeString,
  formatGeneralizedTime,
  formatUtcTime,
  makeTag,
  TagClass,
  unsignedToIntegerContents,
  usesUtcTime,
  type BitString,
} from '../src/der/index';

/** Random programs compared. */
const PROGRAM_RUNS = 3_000;

// ---------------------------------------------------------------------------------------------
// The reference writer (the previous algorithm).

/** The previous `encodeIntegerContents` (parseInt on hex pairs). */
function refIntegerContents(value: bigint | number): Uint8Array {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`INTEGER must be a safe integer, got ${value}`);
    if (value >= -128 && value <= 127) return Uint8Array.of(value & 0xff);
    value = BigInt(value);
  }
  if (value >= -128n && value <= 127n) return Uint8Array.of(Number(value & 0xffn));
  const neg = value < 0n;
  const mag = neg ? -value - 1n : value;
  let hex = mag.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  const n = hex.length / 2;
  const pad = parseInt(hex.slice(0, 2), 16) >= 0x80;
  const out = new Uint8Array(n + (pad ? 1 : 0));
  let j = pad ? 1 : 0;
  for (let i = 0; i < n; i++) {
    const b = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
    out[j++] = neg ? ~b & 0xff : b;
  }
  if (pad) out[0] = neg ? 0xff : 0x00;
  return out;
}

const tagSize = (tag: number): number => {
  if (tag < 256) return 1;
  let n = Math.floor(tag / 256);
  let k = 1;
  while (n > 0) {
    k++;
    n = Math.floor(n / 128);
  }
  return k;
};
const lengthSize = (len: number): number => (len < 0x80 ? 1 : len < 0x100 ? 2 : len < 0x10000 ? 3 : len < 0x1000000 ? 4 : 5);
const isTag = (tag: number): boolean => {
  if (!Number.isSafeInteger(tag) || tag < 0) return false;
  if (tag < 256) return (tag & 0x1f) !== 0x1f;
  const n = Math.floor(tag / 256);
  return (tag & 0x1f) === 0x1f && n >= 31 && n <= 0x7fffffff;
};
const notTag = (tag: number): RangeError => new RangeError(`${tag} is not a tag value; build tags with makeTag() or contextTag()`);

function refHeader(out: number[], tag: number, len: number): void {
  if (tag < 256) out.push(tag);
  else {
    out.push(tag & 0xff);
    const tmp: number[] = [];
    for (let n = Math.floor(tag / 256); n > 0; n = Math.floor(n / 128)) tmp.push(n & 0x7f);
    for (let i = tmp.length - 1; i >= 0; i--) out.push(tmp[i]! | (i > 0 ? 0x80 : 0));
  }
  if (len < 0x80) out.push(len);
  else {
    const k = lengthSize(len) - 1;
    out.push(0x80 | k);
    for (let i = k - 1; i >= 0; i--) out.push(Math.floor(len / 2 ** (8 * i)) & 0xff);
  }
}

class RefWriter {
  parts: Array<Uint8Array | { tag: number; len: number }> = [];
  size = 0;
  error: unknown = undefined;
  get length(): number {
    return this.size;
  }
  fault(e: unknown): void {
    if (this.error === undefined) this.error = e;
  }
  element(tag: number, contents: Uint8Array): this {
    if (!(contents instanceof Uint8Array)) {
      this.fault(new TypeError('element contents must be a Uint8Array'));
      return this;
    }
    if (!isTag(tag)) {
      this.fault(notTag(tag));
      return this;
    }
    this.parts.push({ tag, len: contents.length }, contents);
    this.size += tagSize(tag) + lengthSize(contents.length) + contents.length;
    return this;
  }
  constructed(tag: number, fn: (w: this) => void): this {
    if (!isTag(tag)) {
      this.fault(notTag(tag));
      return this;
    }
    const header = { tag: (tag & CONSTRUCTED) !== 0 ? tag : tag + CONSTRUCTED, len: 0 };
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
  sequence(fn: (w: this) => void): this {
    return this.constructed(Tag.SEQUENCE, fn);
  }
  setOf(fn: (w: RefWriter) => void): this {
    const inner = new RefWriter();
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
  explicit(n: number, fn: (w: this) => void): this {
    return this.constructed(contextTag(n, true), fn);
  }
  raw(der: Uint8Array): this {
    if (!(der instanceof Uint8Array)) {
      this.fault(new TypeError('raw() expects a Uint8Array'));
      return this;
    }
    this.parts.push(der);
    this.size += der.length;
    return this;
  }
  integer(value: bigint | number, tag: number = Tag.INTEGER): this {
    try {
      return this.element(tag, refIntegerContents(value));
    } catch (e) {
      this.fault(e);
      return this;
    }
  }
  integerFromUnsigned(bytes: Uint8Array, tag: number = Tag.INTEGER): this {
    return this.element(tag, unsignedToIntegerContents(bytes));
  }
  enumerated(value: number): this {
    return this.integer(value, Tag.ENUMERATED);
  }
  boolean(value: boolean, tag: number = Tag.BOOLEAN): this {
    return this.element(tag, Uint8Array.of(value ? 0xff : 0x00));
  }
  null(): this {
    return this.element(Tag.NULL, new Uint8Array(0));
  }
  oid(dotted: string): this {
    let enc: Uint8Array;
    try {
      enc = encodeOid(dotted);
    } catch (e) {
      this.fault(new DerError('invalid-value', `cannot encode OID '${dotted}': ${(e as Error).message}`, { cause: e }));
      return this;
    }
    return this.element(Tag.OID, enc);
  }
  octetString(bytes: Uint8Array, tag: number = Tag.OCTET_STRING): this {
    return this.element(tag, bytes);
  }
  octetStringWrapping(fn: (w: RefWriter) => void): this {
    const inner = new RefWriter();
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
  string(tag: number, value: string): this {
    try {
      return this.element(tag, encodeString(tag, value));
    } catch (e) {
      this.fault(new DerError('invalid-value', (e as Error).message, { cause: e }));
      return this;
    }
  }
  utf8(value: string): this {
    return this.string(Tag.UTF8_STRING, value);
  }
  utcTime(date: Date): this {
    return this.ascii(Tag.UTC_TIME, () => formatUtcTime(date));
  }
  generalizedTime(date: Date): this {
    return this.ascii(Tag.GENERALIZED_TIME, () => formatGeneralizedTime(date));
  }
  time(date: Date): this {
    return usesUtcTime(date) ? this.utcTime(date) : this.generalizedTime(date);
  }
  ascii(tag: number, make: () => string): this {
    try {
      return this.element(tag, new TextEncoder().encode(make()));
    } catch (e) {
      this.fault(new DerError('invalid-value', (e as Error).message, { cause: e }));
      return this;
    }
  }
  finish(): Uint8Array {
    if (this.error !== undefined) throw this.error;
    const out: number[] = [];
    for (const part of this.parts) {
      if (part instanceof Uint8Array) out.push(...part);
      else refHeader(out, part.tag, part.len);
    }
    return Uint8Array.from(out);
  }
  finishEach(): Uint8Array[] {
    const all = this.finish();
    const out: Uint8Array[] = [];
    let p = 0;
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
}

// ---------------------------------------------------------------------------------------------
// Random programs.

type Op =
  | { k: 'int'; v: bigint | number; tag?: number }
  | { k: 'unsigned'; bytes: Uint8Array }
  | { k: 'enum'; v: number }
  | { k: 'bool'; v: boolean; tag?: number }
  | { k: 'null' }
  | { k: 'oid'; v: string }
  | { k: 'octets'; v: Uint8Array; tag?: number }
  | { k: 'element'; tag: number; v: Uint8Array }
  | { k: 'bits'; bytes: Uint8Array; unused: number; tag?: number }
  | { k: 'str'; tag: number; v: string }
  | { k: 'time'; v: Date; how: 'utc' | 'gen' | 'auto' }
  | { k: 'raw'; v: Uint8Array }
  | { k: 'length' }
  | { k: 'throw' }
  | { k: 'nested-encodeDer'; items: Op[] }
  | { k: 'outer'; op: Op }
  | { k: 'seq'; items: Op[] }
  | { k: 'setof'; items: Op[] }
  | { k: 'wrap'; items: Op[] }
  | { k: 'explicit'; n: number; items: Op[] }
  | { k: 'cons'; tag: number; items: Op[] };

const tagArb = fc.oneof(
  fc.constantFrom(Tag.INTEGER, Tag.OCTET_STRING, Tag.UTF8_STRING, 0x80, 0x82, 0x86, 0xa0, 0x1f, 0x3f, -1, 1.5, 256),
  fc.integer({ min: 0, max: 255 }),
  fc.integer({ min: 31, max: 0x7fffffff }).map((n) => makeTag(TagClass.contextSpecific, false, n)),
);
const intArb: fc.Arbitrary<bigint | number> = fc.oneof(
  fc.integer(),
  fc.constantFrom(
    0,
    -0,
    127,
    128,
    -128,
    -129,
    255,
    256,
    32767,
    32768,
    -32768,
    -32769,
    0x7fffff,
    0x800000,
    -0x800000,
    -0x800001,
    0x7fffffff,
    0x80000000,
    -0x80000000,
    -0x80000001,
    Number.MAX_SAFE_INTEGER,
    -Number.MAX_SAFE_INTEGER,
    2 ** 53,
    1.5,
    NaN,
  ),
  fc.bigInt({ min: -(1n << 200n), max: 1n << 200n }),
  fc.bigInt({ min: -(1n << 40n), max: 1n << 40n }),
);
const strTagArb = fc.constantFrom(
  Tag.UTF8_STRING,
  Tag.PRINTABLE_STRING,
  Tag.IA5_STRING,
  Tag.NUMERIC_STRING,
  Tag.VISIBLE_STRING,
  Tag.TELETEX_STRING,
  Tag.BMP_STRING,
  Tag.UNIVERSAL_STRING,
  Tag.INTEGER,
  0x80,
);
const strArb = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.stringMatching(/^[A-Za-z0-9 '()+,./:=?@*-]{0,12}$/),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.constantFrom('', 'a\uD800b', '\uD83D\uDE00', 'é', '\u0100', '12 34'),
);
const dateArb = fc.oneof(
  fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2200, 0, 1)), noInvalidDate: true }),
  fc.constantFrom(new Date(NaN), new Date(Date.UTC(1949, 11, 31, 23, 59, 59)), new Date(Date.UTC(2050, 0, 1))),
);
const bytesArb = fc.uint8Array({ maxLength: 40 });
/** Raw: valid elements, several of them, and garbage (truncated headers, long-form lengths). */
const rawArb = fc.oneof(
  bytesArb,
  fc.constantFrom(
    Uint8Array.of(0x30, 0x85, 1),
    Uint8Array.of(0x1f),
    Uint8Array.of(0x1f, 0x81),
    Uint8Array.of(0x04, 0x05, 1),
    Uint8Array.of(0x02, 0x01, 0x05, 0x02, 0x01, 0x01),
    Uint8Array.of(0x04, 0x00, 0x04, 0x00, 0x00),
    new Uint8Array(0),
  ),
);

const leafArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ k: fc.constant('int' as const), v: intArb, tag: fc.option(tagArb, { nil: undefined }) }),
  fc.record({ k: fc.constant('unsigned' as const), bytes: bytesArb }),
  fc.record({ k: fc.constant('enum' as const), v: fc.integer({ min: -300, max: 300 }) }),
  fc.record({ k: fc.constant('bool' as const), v: fc.boolean(), tag: fc.option(tagArb, { nil: undefined }) }),
  fc.constant({ k: 'null' as const }),
  fc.record({
    k: fc.constant('oid' as const),
    v: fc.oneof(
      fc.constantFrom('1.2.840.113549.1.1.11', '2.5.4.3', '2.999.3', '9.9', '1', ''),
      fc.array(fc.integer({ min: 0, max: 100000 }), { minLength: 2, maxLength: 6 }).map((a) => `${a[0]! % 3}.${a.slice(1).join('.')}`),
    ),
  }),
  fc.record({ k: fc.constant('octets' as const), v: bytesArb, tag: fc.option(tagArb, { nil: undefined }) }),
  fc.record({ k: fc.constant('element' as const), tag: tagArb, v: bytesArb }),
  fc.record({ k: fc.constant('bits' as const), bytes: bytesArb, unused: fc.integer({ min: -1, max: 8 }), tag: fc.option(tagArb, { nil: undefined }) }),
  fc.record({ k: fc.constant('str' as const), tag: strTagArb, v: strArb }),
  fc.record({ k: fc.constant('time' as const), v: dateArb, how: fc.constantFrom('utc' as const, 'gen' as const, 'auto' as const) }),
  fc.record({ k: fc.constant('raw' as const), v: rawArb }),
  fc.constant({ k: 'length' as const }),
  fc.constant({ k: 'throw' as const }),
);

const { op: opArb } = fc.letrec((tie) => ({
  op: fc.oneof(
    { maxDepth: 4, depthIdentifier: 'op' },
    leafArb,
    leafArb,
    fc.record({ k: fc.constant('seq' as const), items: fc.array(tie('op') as fc.Arbitrary<Op>, { maxLength: 4 }) }),
    fc.record({ k: fc.constant('setof' as const), items: fc.array(tie('op') as fc.Arbitrary<Op>, { maxLength: 5 }) }),
    fc.record({ k: fc.constant('wrap' as const), items: fc.array(tie('op') as fc.Arbitrary<Op>, { maxLength: 3 }) }),
    fc.record({ k: fc.constant('explicit' as const), n: fc.integer({ min: 0, max: 40 }), items: fc.array(tie('op') as fc.Arbitrary<Op>, { maxLength: 3 }) }),
    fc.record({ k: fc.constant('cons' as const), tag: tagArb, items: fc.array(tie('op') as fc.Arbitrary<Op>, { maxLength: 3 }) }),
    fc.record({ k: fc.constant('outer' as const), op: tie('op') as fc.Arbitrary<Op> }),
    fc.record({ k: fc.constant('nested-encodeDer' as const), items: fc.array(tie('op') as fc.Arbitrary<Op>, { maxLength: 3 }) }),
  ),
}));

/** The methods both writers have, as the programs call them. */
type AnyWriter = DerWriter | RefWriter;

/** Runs `ops` on `w`; `outer` is the writer of the enclosing level (for the 'outer' op). */
function run(w: AnyWriter, ops: Op[], outer: AnyWriter, log: unknown[], nested: (ops: Op[]) => Uint8Array): void {
  const x = w as RefWriter; // the same method shapes; the cast only satisfies the type checker
  for (const op of ops) {
    switch (op.k) {
      case 'int':
        x.integer(op.v, op.tag);
        break;
      case 'unsigned':
        x.integerFromUnsigned(op.bytes);
        break;
      case 'enum':
        x.enumerated(op.v);
        break;
      case 'bool':
        x.boolean(op.v, op.tag);
        break;
      case 'null':
        x.null();
        break;
      case 'oid':
        x.oid(op.v);
        break;
      case 'octets':
        x.octetString(op.v, op.tag);
        break;
      case 'element':
        x.element(op.tag, op.v);
        break;
      case 'bits':
        x.bitString({ bytes: op.bytes, unusedBits: op.unused }, op.tag);
        break;
      case 'str':
        x.string(op.tag, op.v);
        break;
      case 'time':
        if (op.how === 'utc') x.utcTime(op.v);
        else if (op.how === 'gen') x.generalizedTime(op.v);
        else x.time(op.v);
        break;
      case 'raw':
        x.raw(op.v);
        break;
      case 'length':
        log.push(w.length);
        break;
      case 'throw':
        throw new TypeError('thrown by the callback');
      case 'nested-encodeDer': {
        try {
          x.raw(nested(op.items));
        } catch (e) {
          log.push(describeError(e));
        }
        break;
      }
      case 'outer':
        run(outer, [op.op], outer, log, nested);
        break;
      case 'seq':
        x.sequence((s) => run(s, op.items, w, log, nested));
        break;
      case 'setof':
        x.setOf((s) => run(s, op.items, w, log, nested));
        break;
      case 'wrap':
        x.octetStringWrapping((s) => run(s, op.items, w, log, nested));
        break;
      case 'explicit':
        x.explicit(op.n, (s) => run(s, op.items, w, log, nested));
        break;
      case 'cons':
        x.constructed(op.tag, (s) => run(s, op.items, w, log, nested));
        break;
    }
  }
}

function describeError(e: unknown): string {
  const err = e as Error & { code?: string };
  return `${err.constructor.name}:${err.code ?? ''}:${err.message}`;
}

/** Everything observable about one program on one kind of writer. */
function observe(make: () => AnyWriter, nested: (ops: Op[]) => Uint8Array, ops: Op[]): unknown[] {
  const log: unknown[] = [];
  const w = make();
  try {
    run(w, ops, w, log, nested);
  } catch (e) {
    log.push(`top-level throw ${describeError(e)}`);
  }
  log.push(w.length);
  for (let i = 0; i < 3; i++) {
    // finish() leaves the writer as it was: again, and after more writes
    try {
      log.push(Array.from(w.finish()));
    } catch (e) {
      log.push(describeError(e));
    }
    if (i === 1) (w as RefWriter).sequence((s) => s.integer(300).setOf((t) => t.null().boolean(true)));
  }
  return log;
}

function refEncodeDer(ops: Op[]): Uint8Array {
  const w = new RefWriter();
  run(w, ops, w, [], refEncodeDer);
  return w.finish();
}

function newEncodeDer(ops: Op[]): Uint8Array {
  return encodeDer((w) => run(w, ops, w, [], newEncodeDer));
}

describe('DerWriter matches the reference writer', () => {
  it(`on ${PROGRAM_RUNS} random programs: same bytes, same errors, same lengths`, () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 5 }), (ops) => {
        const ref = observe(() => new RefWriter(), refEncodeDer, ops);
        const ours = observe(() => new DerWriter(), newEncodeDer, ops);
        expect(ours).toEqual(ref);
        // And through encodeDer, whose writer gives its buffer back afterwards.
        let a: unknown;
        let b: unknown;
        try {
          a = Array.from(refEncodeDer(ops));
        } catch (e) {
          a = describeError(e);
        }
        try {
          b = Array.from(newEncodeDer(ops));
        } catch (e) {
          b = describeError(e);
        }
        expect(b).toEqual(a);
      }),
      { numRuns: PROGRAM_RUNS },
    );
  });

  it('sorts SET OF components that arrive out of order, duplicates and prefixes included', () => {
    const items = [Uint8Array.of(0x04, 0x01, 0x02), Uint8Array.of(0x04, 0x00), Uint8Array.of(0x02, 0x01, 0x05), Uint8Array.of(0x04, 0x00)];
    const der = encodeDer((w) => w.setOf((s) => items.forEach((i) => s.raw(i))));
    expect(Array.from(der)).toEqual([0x31, 10, 0x02, 0x01, 0x05, 0x04, 0x00, 0x04, 0x00, 0x04, 0x01, 0x02]);
  });

  it('writes lengths of every size class and big structures as the reference does', () => {
    for (const n of [0, 1, 127, 128, 255, 256, 65535, 65536, 70000]) {
      const ops: Op[] = [
        {
          k: 'seq',
          items: [
            { k: 'octets', v: new Uint8Array(n).fill(7) },
            { k: 'setof', items: [{ k: 'octets', v: new Uint8Array(n) }, { k: 'null' }] },
          ],
        },
      ];
      expect(Array.from(newEncodeDer(ops)), String(n)).toEqual(Array.from(refEncodeDer(ops)));
    }
  });

  it('keeps a writer captured by a callback harmless after encodeDer returned', () => {
    let kept: DerWriter | undefined;
    const first = encodeDer((w) =>
      w.setOf((s) => {
        kept = s;
        s.integer(1);
      }),
    );
    kept!.octetString(new Uint8Array(5000).fill(9)); // writes into its own buffer, not a shared one
    const second = encodeDer((w) => w.sequence((s) => s.integer(2)));
    expect(Array.from(first)).toEqual([0x31, 3, 2, 1, 1]);
    expect(Array.from(second)).toEqual([0x30, 3, 2, 1, 2]);
  });
});
