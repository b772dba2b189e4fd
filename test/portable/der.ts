/**
 * Portable DER properties (fast-check, a fixed seed so every runtime checks the same inputs):
 * integers, OIDs, times, octet/bit strings and nested trees round-trip through `DerWriter` and
 * `DerReader`; generic re-encoding is byte-identical; any bytes give a value or a `CertkitError`.
 * A few hundred runs each: the exhaustive runs live in test/der-properties.test.ts (Node only).
 * Non-goals: single strictness rules (test/der-strictness.test.ts).
 * @module
 */
import fc from 'fast-check';
import { CertkitError, DerReader, DerWriter, Tag, bytesEqual, contextTag, decodeOid, dumpDer, encodeOid, fromHex, isStringTag, toHex } from './certkit';
import { assert, assertEquals, test } from './harness';

/** One seed for every runtime, so the digest covers the same inputs everywhere. */
const SEED = 0x5eed_10;
const RUNS = 300;

function check<T>(arb: fc.Arbitrary<T>, pred: (v: T) => boolean | void): void {
  const r = fc.check(fc.property(arb, pred), { numRuns: RUNS, seed: SEED });
  if (r.failed) throw new Error(`property failed after ${r.numRuns} runs, counterexample ${fc.stringify(r.counterexample)}: ${String(r.errorInstance ?? '')}`);
  assertEquals(r.numRuns, RUNS, 'runs');
}

test('der: known answers (X.690 §8.3, §8.19, §10.1)', () => {
  assertEquals(toHex(new DerWriter().integer(0).finish()), '020100');
  assertEquals(toHex(new DerWriter().integer(128).finish()), '02020080');
  assertEquals(toHex(new DerWriter().integer(-129).finish()), '0202ff7f');
  assertEquals(toHex(new DerWriter().oid('1.2.840.113549').finish()), '06062a864886f70d');
  assertEquals(toHex(new DerWriter().octetString(new Uint8Array(200)).finish()).slice(0, 6), '0481c8');
  assertEquals(new DerReader(fromHex('0203010001')).readInteger(), 65537n);
});

test('der: integers round-trip (bigint, either sign, up to 160 bytes)', () => {
  check(fc.bigInt({ min: -(1n << 1280n), max: 1n << 1280n }), (n) => {
    const der = new DerWriter().integer(n).finish();
    const r = new DerReader(der);
    assertEquals(r.readInteger(), n);
    assert(r.atEnd);
  });
});

test('der: OIDs round-trip (encodeOid/decodeOid and the writer/reader)', () => {
  const arc = fc.oneof(fc.bigInt({ min: 0n, max: 127n }), fc.bigInt({ min: 0n, max: (1n << 100n) - 1n }));
  const oid = fc.tuple(fc.constantFrom(0, 1, 2), fc.integer({ min: 0, max: 39 }), fc.array(arc, { maxLength: 8 })).map(([a, b, rest]) => [a, b, ...rest].join('.'));
  check(oid, (s) => {
    assertEquals(decodeOid(encodeOid(s), 0), s);
    assertEquals(new DerReader(new DerWriter().oid(s).finish()).readOid(), s);
  });
});

test('der: times round-trip through UTCTime (1950–2049) and GeneralizedTime (RFC 5280 §4.1.2.5)', () => {
  const date = fc.integer({ min: Date.UTC(1950, 0, 1) / 1000, max: Date.UTC(9999, 11, 31, 23, 59, 59) / 1000 }).map((s) => new Date(s * 1000));
  check(date, (d) => {
    const der = new DerWriter().time(d).finish();
    const y = d.getUTCFullYear();
    assertEquals(der[0], y < 2050 ? Tag.UTC_TIME : Tag.GENERALIZED_TIME, 'tag');
    assertEquals(new DerReader(der).readTime().getTime(), d.getTime());
  });
});

test('der: octet strings, bit strings and UTF8Strings round-trip', () => {
  check(fc.tuple(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 0, max: 7 }), fc.string({ unit: 'grapheme', maxLength: 40 })), ([b, unused, s]) => {
    const bits = b.length === 0 ? 0 : unused;
    const bytes = b.slice();
    if (bytes.length) bytes[bytes.length - 1]! &= 0xff << bits; // DER: unused bits are zero (X.690 §11.2.1)
    const der = new DerWriter()
      .sequence((w) => {
        w.octetString(b);
        w.bitString({ bytes, unusedBits: bits });
        w.utf8(s);
      })
      .finish();
    const r = new DerReader(der).enter();
    assert(bytesEqual(r.readOctetString(), b), 'octet string');
    const bs = r.readBitString();
    assert(bytesEqual(bs.bytes, bytes) && bs.unusedBits === bits, 'bit string');
    assertEquals(r.readString().value, s);
    r.finish();
  });
});

type Tree = { k: 'int'; v: bigint } | { k: 'oct'; v: Uint8Array } | { k: 'bool'; v: boolean } | { k: 'seq'; v: Tree[] } | { k: 'exp'; n: number; v: Tree };

const tree = fc.letrec<{ t: Tree }>((tie) => ({
  t: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.bigInt({ min: -(1n << 70n), max: 1n << 70n }).map((v): Tree => ({ k: 'int', v })),
    fc.uint8Array({ maxLength: 40 }).map((v): Tree => ({ k: 'oct', v })),
    fc.boolean().map((v): Tree => ({ k: 'bool', v })),
    fc.array(tie('t'), { maxLength: 5 }).map((v): Tree => ({ k: 'seq', v })),
    fc.tuple(fc.integer({ min: 0, max: 40 }), tie('t')).map(([n, v]): Tree => ({ k: 'exp', n, v })),
  ),
})).t;

function write(w: DerWriter, t: Tree): void {
  if (t.k === 'int') w.integer(t.v);
  else if (t.k === 'oct') w.octetString(t.v);
  else if (t.k === 'bool') w.boolean(t.v);
  else if (t.k === 'seq') w.sequence((s) => t.v.forEach((c) => write(s, c)));
  else w.explicit(t.n, (e) => write(e, t.v));
}

function read(r: DerReader, t: Tree): void {
  if (t.k === 'int') assertEquals(r.readInteger(), t.v);
  else if (t.k === 'oct') assert(bytesEqual(r.readOctetString(), t.v), 'octets');
  else if (t.k === 'bool') assertEquals(r.readBoolean(), t.v);
  else if (t.k === 'seq') {
    const s = r.enter();
    t.v.forEach((c) => read(s, c));
    s.finish();
  } else {
    const e = r.enter(contextTag(t.n, true));
    read(e, t.v);
    e.finish();
  }
}

/** Re-encodes any valid DER generically: constructed elements entered, primitives copied. */
function reencode(r: DerReader, w: DerWriter): void {
  while (!r.atEnd) {
    const t = r.readTlv();
    if (t.constructed) w.constructed(t.tag, (c) => reencode(r.enterTlv(t), c));
    else w.element(t.tag, t.value);
  }
}

test('der: value trees round-trip and re-encode byte for byte', () => {
  check(
    tree.filter((t) => !_hasHighTag(t)),
    (t) => {
      const der = new DerWriter().sequence((w) => write(w, t)).finish();
      const r = new DerReader(der).enter();
      read(r, t);
      r.finish();
      const w = new DerWriter();
      reencode(new DerReader(der), w);
      assert(bytesEqual(w.finish(), der), 're-encoding differs');
    },
  );
});

/** Enters every constructed element and decodes every primitive by its universal tag. */
function _walk(r: DerReader): void {
  while (!r.atEnd) {
    const t = r.readTlv();
    if (t.constructed) {
      _walk(r.enterTlv(t));
      continue;
    }
    const one = new DerReader(t.raw);
    if (t.tag === Tag.INTEGER) one.readInteger();
    else if (t.tag === Tag.OID) one.readOid();
    else if (t.tag === Tag.BOOLEAN) one.readBoolean();
    else if (t.tag === Tag.BIT_STRING) one.readBitString();
    else if (t.tag === Tag.UTC_TIME || t.tag === Tag.GENERALIZED_TIME) one.readTime();
    else if (isStringTag(t.tag)) one.readString();
  }
}

function _hasHighTag(t: Tree): boolean {
  if (t.k === 'exp') return t.n >= 31 || _hasHighTag(t.v);
  if (t.k === 'seq') return t.v.some(_hasHighTag);
  return false;
}

test('der: any bytes give a value or a CertkitError, never anything else', (env) => {
  const token = fc.oneof(fc.constantFrom(0x30, 0x31, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0c, 0x17, 0x18, 0xa0, 0xa3, 0x80, 0x81, 0x82, 0x84, 0xff, 0x00), fc.integer({ min: 0, max: 255 }));
  const input = fc.oneof(
    fc.uint8Array({ maxLength: 120 }),
    fc.array(token, { maxLength: 80 }).map((a) => Uint8Array.from(a)),
  );
  let errors = 0;
  check(input, (b) => {
    try {
      _walk(new DerReader(b));
    } catch (e) {
      if (!(e instanceof CertkitError)) throw e;
      errors++;
    }
    const text = dumpDer(b);
    assert(typeof text === 'string', 'dumpDer returns text');
  });
  env.record('errors', errors);
  assert(errors > 0 && errors < RUNS, `a mix of accepted and rejected inputs (${errors} rejected)`);
});
