/**
 * Proves that the DER reader enforces every X.690 DER rule with its own error code and the
 * absolute offset of the byte at fault, also when the bad element sits inside a SEQUENCE at a
 * non-zero offset; that lenient mode relaxes exactly its three documented deviations and never a
 * header rule; and that tagging, high tag numbers and the RFC 5280 time choice work both ways.
 *
 * Non-goals: random inputs (der-properties.test.ts) and comparison with OpenSSL
 * (der-known-answers.test.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  CertkitError,
  DerError,
  DerReader,
  DerWriter,
  NO_WELL_DEFINED_EXPIRY,
  Tag,
  TagClass,
  contextTag,
  decodeOid,
  encodeDer,
  encodeOid,
  fromHex,
  makeTag,
  tagClass,
  tagNumber,
  toHex,
  usesUtcTime,
  type DerErrorCode,
} from '../src/der/index';

const ascii = (s: string): string => toHex(new TextEncoder().encode(s));

/** Runs `fn`, and checks it throws a DerError (and CertkitError) with this code and offset. */
function expectDerError(fn: () => unknown, code: DerErrorCode, offset: number): DerError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected DerError ${code}`).toBeInstanceOf(DerError);
  expect(caught).toBeInstanceOf(CertkitError);
  const e = caught as DerError;
  expect({ code: e.code, offset: e.offset }).toEqual({ code, offset });
  expect(e.message.length).toBeGreaterThan(10);
  return e;
}

/** A DER length field (X.690 §8.1.3), for building test inputs by hand. */
function lengthHex(n: number): string {
  if (n < 0x80) return n.toString(16).padStart(2, '0');
  let h = n.toString(16);
  if (h.length % 2) h = '0' + h;
  return (0x80 + h.length / 2).toString(16) + h;
}

type Act = (r: DerReader) => unknown;

interface Case {
  /** What the case shows. */
  name: string;
  /** The offending element(s), hex. */
  hex: string;
  code: DerErrorCode;
  /** Offset of the byte at fault, relative to the start of `hex`. */
  at: number;
  /** What the schema does with the reader positioned at `hex`. */
  act: Act;
  /** Lenient mode accepts this input (one of the three documented leniencies). */
  lenientAccepts?: boolean;
}

const tlv: Act = (r) => r.readTlv();
const readTime =
  (allowFraction = false): Act =>
  (r) =>
    r.readTime('Time', allowFraction);

const CASES: Case[] = [
  // X.690 §8.1: headers.
  { name: 'empty input where an element is expected', hex: '', code: 'truncated', at: 0, act: tlv },
  { name: 'input ends inside a high tag', hex: '1f', code: 'truncated', at: 1, act: tlv },
  { name: 'input ends inside a multi-octet high tag', hex: '9f81', code: 'truncated', at: 2, act: tlv },
  { name: 'input ends before the length', hex: '02', code: 'truncated', at: 1, act: tlv },
  { name: 'input ends inside long-form length octets', hex: '048201', code: 'truncated', at: 2, act: tlv },
  { name: 'read() at the end of the input', hex: '', code: 'truncated', at: 0, act: (r) => r.readInteger() },
  { name: 'declared length runs past the enclosing element', hex: '04030102', code: 'length-exceeds-input', at: 0, act: tlv },
  { name: 'indefinite length (X.690 §10.1)', hex: '30800000', code: 'indefinite-length', at: 1, act: tlv },
  { name: 'long-form length with a leading zero octet', hex: '04820080', code: 'non-minimal-length', at: 1, act: tlv },
  { name: 'long form for a length below 128', hex: '0481050102030405', code: 'non-minimal-length', at: 1, act: tlv },
  { name: 'reserved length octet 0xFF (X.690 §8.1.3.5 c)', hex: '04ff', code: 'reserved-length', at: 1, act: tlv },
  { name: 'length of five octets (> 2^32 - 1)', hex: '04850100000000', code: 'length-too-large', at: 1, act: tlv },
  { name: 'high tag number with a leading 0x80 octet', hex: '9f801f00', code: 'non-minimal-tag', at: 1, act: tlv },
  { name: 'high-tag form for tag number 30 (< 31)', hex: '9f1e00', code: 'non-minimal-tag', at: 0, act: tlv },
  { name: 'high-tag form for tag number 2 in the universal class', hex: '1f0200', code: 'non-minimal-tag', at: 0, act: tlv },
  { name: 'tag number 2^31 (above 2^31 - 1)', hex: '9f888080800000', code: 'tag-too-large', at: 0, act: tlv },
  { name: 'universal tag 0 (end-of-contents)', hex: '0000', code: 'reserved-tag', at: 0, act: tlv },
  { name: 'constructed INTEGER', hex: '2203020100', code: 'wrong-constructed-bit', at: 0, act: tlv },
  { name: 'constructed BOOLEAN', hex: '2100', code: 'wrong-constructed-bit', at: 0, act: tlv },
  { name: 'constructed OCTET STRING (BER only)', hex: '2403040100', code: 'wrong-constructed-bit', at: 0, act: tlv },
  { name: 'constructed BIT STRING (BER only)', hex: '2300', code: 'wrong-constructed-bit', at: 0, act: tlv },
  { name: 'constructed NULL', hex: '2500', code: 'wrong-constructed-bit', at: 0, act: tlv },
  { name: 'constructed OBJECT IDENTIFIER', hex: '2600', code: 'wrong-constructed-bit', at: 0, act: tlv },
  { name: 'constructed UTF8String', hex: '2c00', code: 'wrong-constructed-bit', at: 0, act: tlv },
  { name: 'constructed PrintableString', hex: '3300', code: 'wrong-constructed-bit', at: 0, act: tlv },
  { name: 'constructed IA5String', hex: '3600', code: 'wrong-constructed-bit', at: 0, act: tlv },
  { name: 'constructed BMPString', hex: '3e00', code: 'wrong-constructed-bit', at: 0, act: tlv },
  { name: 'constructed UTCTime', hex: '3700', code: 'wrong-constructed-bit', at: 0, act: tlv },
  { name: 'constructed GeneralizedTime', hex: '3800', code: 'wrong-constructed-bit', at: 0, act: tlv },
  { name: 'primitive SEQUENCE', hex: '1000', code: 'wrong-constructed-bit', at: 0, act: tlv },
  { name: 'primitive SET', hex: '1100', code: 'wrong-constructed-bit', at: 0, act: tlv },
  // Schema-level tag checks.
  { name: 'INTEGER where a BOOLEAN belongs', hex: '020100', code: 'unexpected-tag', at: 0, act: (r) => r.readBoolean() },
  { name: 'SET where a SEQUENCE belongs', hex: '3100', code: 'unexpected-tag', at: 0, act: (r) => r.enter() },
  { name: 'primitive [0] where constructed [0] belongs', hex: '8000', code: 'unexpected-tag', at: 0, act: (r) => r.enter(contextTag(0, true)) },
  { name: 'INTEGER where a string belongs', hex: '020100', code: 'unexpected-tag', at: 0, act: (r) => r.readString() },
  { name: 'OCTET STRING where a Time belongs', hex: '0400', code: 'unexpected-tag', at: 0, act: readTime() },
  { name: 'universal INTEGER where [1] IMPLICIT INTEGER belongs', hex: '020105', code: 'unexpected-tag', at: 0, act: (r) => r.readInteger(contextTag(1)) },
  {
    name: 'bytes after the last field',
    hex: '05000500',
    code: 'trailing-data',
    at: 2,
    act: (r) => {
      r.readNull();
      r.finish();
    },
  },
  {
    name: 'bytes after the last field of an inner SEQUENCE',
    hex: '3004020101ff',
    code: 'trailing-data',
    at: 5,
    act: (r) => {
      const s = r.enter();
      s.readSmallInteger();
      s.finish();
    },
  },
  // X.690 §8.3: INTEGER.
  { name: 'INTEGER 00 7f (non-minimal positive)', hex: '0202007f', code: 'non-minimal-integer', at: 2, act: (r) => r.readInteger(), lenientAccepts: true },
  { name: 'INTEGER ff 80 (non-minimal negative)', hex: '0202ff80', code: 'non-minimal-integer', at: 2, act: (r) => r.readInteger(), lenientAccepts: true },
  { name: 'INTEGER 00 00 as raw bytes', hex: '02020000', code: 'non-minimal-integer', at: 2, act: (r) => r.readIntegerBytes(), lenientAccepts: true },
  { name: 'empty INTEGER (X.690 §8.3.1)', hex: '0200', code: 'empty-integer', at: 2, act: (r) => r.readInteger() },
  { name: 'empty ENUMERATED', hex: '0a00', code: 'empty-integer', at: 2, act: (r) => r.readEnumerated() },
  { name: 'negative INTEGER where a count belongs', hex: '0201ff', code: 'negative-integer', at: 2, act: (r) => r.readSmallInteger() },
  { name: 'INTEGER 2^53 as a safe number', hex: '020720000000000000', code: 'integer-too-large', at: 2, act: (r) => r.readSmallInteger() },
  { name: 'INTEGER 2^63 - 1 as a safe number', hex: '02087fffffffffffffff', code: 'integer-too-large', at: 2, act: (r) => r.readSmallInteger() },
  { name: 'small INTEGER stays strict in lenient mode', hex: '0202007f', code: 'non-minimal-integer', at: 2, act: (r) => r.readSmallInteger() },
  // X.690 §8.2, §11.1: BOOLEAN.
  { name: 'BOOLEAN 0x01 (X.690 §11.1)', hex: '010101', code: 'invalid-boolean', at: 2, act: (r) => r.readBoolean() },
  { name: 'BOOLEAN of two octets', hex: '0102ffff', code: 'invalid-boolean', at: 0, act: (r) => r.readBoolean() },
  { name: 'empty BOOLEAN', hex: '0100', code: 'invalid-boolean', at: 0, act: (r) => r.readBoolean() },
  // X.690 §8.8: NULL.
  { name: 'NULL with contents', hex: '050100', code: 'invalid-null', at: 0, act: (r) => r.readNull() },
  // X.690 §8.6, §11.2: BIT STRING.
  { name: 'BIT STRING with 8 unused bits', hex: '03020800', code: 'invalid-bit-string', at: 2, act: (r) => r.readBitString() },
  { name: 'empty BIT STRING with 1 unused bit', hex: '030101', code: 'invalid-bit-string', at: 2, act: (r) => r.readBitString() },
  { name: 'BIT STRING without the initial octet', hex: '0300', code: 'invalid-bit-string', at: 2, act: (r) => r.readBitString() },
  { name: 'BIT STRING with a padding bit set', hex: '0303036e5d', code: 'invalid-bit-string', at: 4, act: (r) => r.readBitString() },
  // X.690 §11.6: SET OF order.
  { name: 'SET OF with components out of order', hex: '3106020102020101', code: 'set-order', at: 5, act: (r) => r.enterSetOf() },
  { name: 'SET OF where a shorter component sorts last', hex: '31070402aabb0401aa', code: 'set-order', at: 6, act: (r) => r.enterSetOf() },
  // X.690 §8.19: OBJECT IDENTIFIER.
  { name: 'empty OBJECT IDENTIFIER', hex: '0600', code: 'invalid-oid', at: 2, act: (r) => r.readOid() },
  { name: 'OID whose first subidentifier starts with 0x80', hex: '06028001', code: 'invalid-oid', at: 2, act: (r) => r.readOid() },
  { name: 'OID whose third subidentifier starts with 0x80', hex: '06032a8001', code: 'invalid-oid', at: 3, act: (r) => r.readOid() },
  { name: 'OID whose last subidentifier is cut off', hex: '06022a86', code: 'invalid-oid', at: 3, act: (r) => r.readOid() },
  { name: 'OID arc longer than the supported 32 octets', hex: '0622' + '2a' + 'ff'.repeat(32) + '7f', code: 'unsupported', at: 3, act: (r) => r.readOid() },
  // X.680 §41, X.690 §8.23: character strings.
  { name: 'UTF8String with an overlong NUL (c0 80)', hex: '0c02c080', code: 'invalid-string', at: 2, act: (r) => r.readString() },
  { name: 'UTF8String with an overlong slash after valid text', hex: '0c0641c3a9e080af', code: 'invalid-string', at: 5, act: (r) => r.readString() },
  { name: 'UTF8String with a surrogate (ed a0 80)', hex: '0c03eda080', code: 'invalid-string', at: 2, act: (r) => r.readString() },
  { name: 'UTF8String above U+10FFFF', hex: '0c04f4908080', code: 'invalid-string', at: 2, act: (r) => r.readString() },
  { name: 'UTF8String cut inside a sequence', hex: '0c034142e2', code: 'invalid-string', at: 4, act: (r) => r.readString() },
  { name: "PrintableString with '*'", hex: '13012a', code: 'invalid-string', at: 2, act: (r) => r.readString(), lenientAccepts: true },
  { name: "PrintableString with '@'", hex: '1303614062', code: 'invalid-string', at: 3, act: (r) => r.readString(), lenientAccepts: true },
  { name: 'PrintableString with a control character (not even lenient)', hex: '13020a41', code: 'invalid-string', at: 2, act: (r) => r.readString() },
  { name: 'IA5String with 0x80', hex: '16024180', code: 'invalid-string', at: 3, act: (r) => r.readString() },
  { name: 'NumericString with a letter', hex: '12023141', code: 'invalid-string', at: 3, act: (r) => r.readString() },
  { name: 'VisibleString with a control character', hex: '1a017f', code: 'invalid-string', at: 2, act: (r) => r.readString() },
  { name: 'BMPString of odd length', hex: '1e03004100', code: 'invalid-string', at: 2, act: (r) => r.readString() },
  { name: 'BMPString with a surrogate code unit', hex: '1e040041d800', code: 'invalid-string', at: 4, act: (r) => r.readString() },
  { name: 'UniversalString with U+110000', hex: '1c0800000041' + '00110000', code: 'invalid-string', at: 6, act: (r) => r.readString() },
  { name: 'UniversalString with a surrogate', hex: '1c040000d800', code: 'invalid-string', at: 2, act: (r) => r.readString() },
  { name: 'UniversalString whose length is not a multiple of 4', hex: '1c03000041', code: 'invalid-string', at: 2, act: (r) => r.readString() },
  // X.690 §11.7, §11.8 and RFC 5280 §4.1.2.5: times.
  { name: 'UTCTime without seconds', hex: '170b' + ascii('2001010000Z'), code: 'invalid-time', at: 2, act: readTime() },
  { name: 'UTCTime with a time zone offset', hex: '1711' + ascii('200101000000+0100'), code: 'invalid-time', at: 2, act: readTime() },
  { name: "UTCTime without 'Z'", hex: '170c' + ascii('200101000000'), code: 'invalid-time', at: 2, act: readTime() },
  { name: 'UTCTime with fractional seconds', hex: '170f' + ascii('200101000000.5Z'), code: 'invalid-time', at: 2, act: readTime() },
  { name: 'UTCTime on 30 February', hex: '170d' + ascii('200230000000Z'), code: 'invalid-time', at: 2, act: readTime() },
  { name: 'UTCTime on 29 February 2021 (not a leap year)', hex: '170d' + ascii('210229000000Z'), code: 'invalid-time', at: 2, act: readTime() },
  { name: 'UTCTime at 24:00', hex: '170d' + ascii('200101240000Z'), code: 'invalid-time', at: 2, act: readTime() },
  { name: 'UTCTime with second 60', hex: '170d' + ascii('200101235960Z'), code: 'invalid-time', at: 2, act: readTime() },
  { name: 'UTCTime in month 13', hex: '170d' + ascii('201301000000Z'), code: 'invalid-time', at: 2, act: readTime() },
  { name: 'UTCTime with a letter in the day', hex: '170d' + ascii('20010a000000Z'), code: 'invalid-time', at: 2, act: readTime() },
  { name: 'GeneralizedTime with a fraction where the profile forbids it', hex: '1811' + ascii('20200101000000.5Z'), code: 'invalid-time', at: 2, act: readTime() },
  { name: 'GeneralizedTime fraction with a trailing zero', hex: '1812' + ascii('20200101000000.50Z'), code: 'invalid-time', at: 2, act: readTime(true) },
  { name: 'GeneralizedTime fraction with a comma', hex: '1811' + ascii('20200101000000,5Z'), code: 'invalid-time', at: 2, act: readTime(true) },
  { name: 'GeneralizedTime with an empty fraction', hex: '1810' + ascii('20200101000000.Z'), code: 'invalid-time', at: 2, act: readTime(true) },
  { name: 'GeneralizedTime without seconds', hex: '180d' + ascii('202001010000Z'), code: 'invalid-time', at: 2, act: readTime() },
  { name: 'GeneralizedTime with a time zone offset', hex: '1813' + ascii('20200101000000+0100'), code: 'invalid-time', at: 2, act: readTime() },
  { name: 'GeneralizedTime in local time', hex: '180e' + ascii('20200101000000'), code: 'invalid-time', at: 2, act: readTime() },
  { name: 'GeneralizedTime on 29 February 1900 (not a leap year)', hex: '180f' + ascii('19000229000000Z'), code: 'invalid-time', at: 2, act: readTime() },
  // X.690 §11.5: DEFAULT values are omitted.
  { name: 'BOOLEAN DEFAULT FALSE encoded as FALSE', hex: '010100', code: 'explicit-default', at: 0, act: (r) => r.readDefaultBoolean(false), lenientAccepts: true },
  { name: 'BOOLEAN DEFAULT TRUE encoded as TRUE', hex: '0101ff', code: 'explicit-default', at: 0, act: (r) => r.readDefaultBoolean(true), lenientAccepts: true },
];

/**
 * Puts `hex` inside a SEQUENCE that follows a 3-byte OCTET STRING and a NULL, with a NULL after
 * the SEQUENCE: the offending element then starts at a non-zero offset and the enclosing
 * SEQUENCE, not the end of the buffer, bounds it. Returns the buffer, the offset of `hex`, and a
 * reader positioned at it.
 */
function nested(hex: string, options: { lenient?: boolean } = {}): { buf: Uint8Array; base: number; reader: () => DerReader } {
  const inner = '0500' + hex;
  const prefix = '0401aa' + '30' + lengthHex(inner.length / 2);
  const buf = fromHex(prefix + inner + '0500');
  const base = prefix.length / 2 + 2;
  return {
    buf,
    base,
    reader: () => {
      const r = new DerReader(buf, options);
      r.readOctetString();
      const s = r.enter();
      s.readNull();
      return s;
    },
  };
}

describe('DER strictness: every rule has its own code and the absolute offset', () => {
  for (const c of CASES) {
    it(`${c.code}: ${c.name}`, () => {
      expectDerError(() => c.act(new DerReader(fromHex(c.hex))), c.code, c.at);
    });
    it(`${c.code} (nested at a non-zero offset): ${c.name}`, () => {
      const n = nested(c.hex);
      expect(n.base).toBeGreaterThan(0);
      expectDerError(() => c.act(n.reader()), c.code, n.base + c.at);
    });
  }

  it('refuses a SEQUENCE that ends in the middle of its last element, wherever it is', () => {
    // The SEQUENCE says 3 content octets; its INTEGER claims 2 but only 1 is inside the SEQUENCE.
    const buf = fromHex('0500' + '3003020201' + '00');
    const r = new DerReader(buf);
    r.readNull();
    const s = r.enter();
    expectDerError(() => s.readInteger(), 'length-exceeds-input', 4);
  });

  it('reports trailing data at the top level, after the outermost element', () => {
    const buf = fromHex('3003020101' + '00');
    const r = new DerReader(buf);
    const s = r.enter();
    expect(s.readSmallInteger()).toBe(1);
    s.finish();
    expectDerError(() => r.finish('certificate'), 'trailing-data', 5);
  });

  it("reports trailing data at every nesting level with that level's offset", () => {
    // SEQUENCE { SEQUENCE { SEQUENCE { INTEGER 1, <junk> } } }
    const level3 = '020101' + 'ff';
    const level2 = '30' + lengthHex(level3.length / 2) + level3;
    const level1 = '30' + lengthHex(level2.length / 2) + level2;
    const top = '30' + lengthHex(level1.length / 2) + level1;
    const buf = fromHex(top);
    const r1 = new DerReader(buf).enter();
    const r2 = r1.enter();
    const r3 = r2.enter();
    expect(r3.readSmallInteger()).toBe(1);
    expectDerError(() => r3.finish(), 'trailing-data', 9);
    // Junk after the last child at the middle level.
    const midJunk = fromHex('3006' + '3003020101' + '05');
    const mj = new DerReader(midJunk).enter();
    const leaf = mj.enter();
    expect(leaf.readSmallInteger()).toBe(1);
    leaf.finish();
    expectDerError(() => mj.finish(), 'trailing-data', 7);
  });

  it('bounds nesting: the default 64 levels, and maxDepth when given', () => {
    // `levels` nested SEQUENCEs around a NULL, and the offset of each SEQUENCE (outermost first).
    const nest = (levels: number): { der: Uint8Array; offsets: number[] } => {
      let hex = '0500';
      const headers: number[] = [];
      for (let i = 0; i < levels; i++) {
        const header = '30' + lengthHex(hex.length / 2);
        headers.unshift(header.length / 2);
        hex = header + hex;
      }
      const offsets: number[] = [];
      let at = 0;
      for (const h of headers) {
        offsets.push(at);
        at += h;
      }
      return { der: fromHex(hex), offsets };
    };
    const depthOf = (levels: number): Uint8Array => nest(levels).der;
    const enterAll = (r: DerReader): void => {
      while (!r.atEnd) {
        const t = r.readTlv();
        if (t.constructed) enterAll(r.enterTlv(t));
      }
    };
    enterAll(new DerReader(depthOf(64)));
    // 65 levels: the 65th SEQUENCE is the one refused (the outer ones have 3-byte headers).
    const n65 = nest(65);
    expect(n65.offsets[64]).toBe(3 * 2 + 2 * 62);
    expectDerError(() => enterAll(new DerReader(n65.der)), 'nesting-too-deep', n65.offsets[64]!);
    enterAll(new DerReader(depthOf(3), { maxDepth: 3 }));
    expectDerError(() => enterAll(new DerReader(depthOf(4), { maxDepth: 3 })), 'nesting-too-deep', 6);
    // enter() and enterSetOf() count too.
    const r = new DerReader(fromHex('30023100'), { maxDepth: 1 });
    const s = r.enter();
    expectDerError(() => s.enterSetOf(), 'nesting-too-deep', 2);
  });

  it('accepts the boundary values next to each rule', () => {
    const r = new DerReader(
      fromHex(
        '020100' +
          '02017f' +
          '02020080' +
          '0201ff' +
          '020180' +
          '0202ff7f' + // INTEGER 0, 127, 128, -1, -128, -129
          '0101ff' +
          '010100' +
          '0500' +
          '030100' +
          '03020780' + // TRUE, FALSE, NULL, empty BIT STRING, 1 bit
          '048180' +
          '00'.repeat(128) + // the long form starts at 128
          '9f1f00' + // [31] primitive: the first high tag number
          '170d' +
          ascii('200229000000Z') + // 29 February 2020
          '180f' +
          ascii('20000229235959Z'), // 29 February 2000 (divisible by 400)
      ),
    );
    expect([r.readInteger(), r.readInteger(), r.readInteger(), r.readInteger(), r.readInteger(), r.readInteger()]).toEqual([0n, 127n, 128n, -1n, -128n, -129n]);
    expect([r.readBoolean(), r.readBoolean(), r.readNull()]).toEqual([true, false, null]);
    expect(r.readBitString().bytes.length).toBe(0);
    expect(r.readBitString()).toEqual({ bytes: Uint8Array.of(0x80), unusedBits: 7 });
    expect(r.readOctetString().length).toBe(128);
    expect(r.readTlv().tag).toBe(contextTag(31));
    expect(r.readTime().toISOString()).toBe('2020-02-29T00:00:00.000Z');
    expect(r.readTime().toISOString()).toBe('2000-02-29T23:59:59.000Z');
    r.finish();
    // Largest safe integer is still a number; one more is not.
    expect(new DerReader(fromHex('02071fffffffffffff')).readSmallInteger()).toBe(Number.MAX_SAFE_INTEGER);
    expectDerError(() => new DerReader(fromHex('020720000000000000')).readSmallInteger(), 'integer-too-large', 2);
    // A high tag at the top of the range (2^31 - 1) is fine.
    expect(tagNumber(new DerReader(fromHex('9f87ffffff7f00')).readTlv().tag)).toBe(0x7fffffff);
    // Valid UTF-8 of every length, including U+10FFFF, decodes.
    expect(new DerReader(fromHex('0c0a41c3a9e282acf48fbfbf')).readString().value).toBe('Aé€\u{10ffff}');
    // A fraction is accepted where it is allowed.
    expect(new DerReader(fromHex('1811' + ascii('20200101000000.5Z'))).readTime('t', true).getUTCMilliseconds()).toBe(500);
  });

  it('leaves the cursor on the element when the tag is unexpected, so a CHOICE can try again', () => {
    const r = new DerReader(fromHex('020105'));
    expectDerError(() => r.readBoolean(), 'unexpected-tag', 0);
    expect(r.pos).toBe(0);
    expect(r.readOptional(Tag.BOOLEAN)).toBeUndefined();
    expect(r.enterOptional(Tag.SEQUENCE)).toBeUndefined();
    expect(r.readSmallInteger()).toBe(5);
  });

  it('checks its arguments with TypeError and RangeError', () => {
    expect(() => new DerReader([1, 2] as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => new DerReader(new Uint8Array(2), {}, 0, 3)).toThrow(RangeError);
    expect(() => new DerReader(new Uint8Array(2), {}, 2, 1)).toThrow(RangeError);
    expect(() => new DerReader(new Uint8Array(2), { maxDepth: -1 })).toThrow(RangeError);
    expect(() => makeTag(TagClass.contextSpecific, false, 2 ** 31)).toThrow(RangeError);
    expect(() => encodeOid('3.1')).toThrow(RangeError);
    expect(() => encodeOid('1.40')).toThrow(RangeError);
    expect(() => encodeOid('1.2.03')).toThrow(RangeError);
    expect(() => encodeOid('1')).toThrow(RangeError);
    expect(() => encodeOid('1.2.' + '9'.repeat(80))).toThrow(RangeError);
  });

  it('reports writer mistakes as a sticky error at finish()', () => {
    const bad: Array<[string, (w: DerWriter) => void]> = [
      ['OID with a first arc of 3', (w) => w.oid('3.1')],
      ['PrintableString with @', (w) => w.string(Tag.PRINTABLE_STRING, 'a@b')],
      ['BIT STRING with 8 unused bits', (w) => w.bitString({ bytes: Uint8Array.of(0), unusedBits: 8 })],
      ['empty BIT STRING with unused bits', (w) => w.bitString({ bytes: new Uint8Array(0), unusedBits: 1 })],
      ['UTCTime in 2050', (w) => w.utcTime(new Date(Date.UTC(2050, 0, 1)))],
      ['UTF8String with a lone surrogate', (w) => w.utf8('\ud800')],
      ['OID inside octetStringWrapping', (w) => w.octetStringWrapping((i) => i.oid('9.9'))],
    ];
    for (const [what, write] of bad) {
      const w = new DerWriter();
      w.sequence((s) => {
        s.null();
        write(s);
        s.null();
      });
      let caught: unknown;
      try {
        w.finish();
      } catch (e) {
        caught = e;
      }
      expect(caught, what).toBeInstanceOf(DerError);
      expect((caught as DerError).code, what).toBe('invalid-value');
    }
    // Sticky at the top level too: the write itself returns, finish() throws.
    for (const write of [(w: DerWriter) => w.setOf((s) => s.oid('9.9')), (w: DerWriter) => w.octetStringWrapping((o) => o.oid('9.9'))]) {
      const w = new DerWriter();
      expect(() => write(w)).not.toThrow();
      expect(() => w.finish()).toThrow(expect.objectContaining({ code: 'invalid-value' }));
    }
    // Tag values that no identifier octets can carry.
    for (const tag of [0x1f, 0x3f, -1, 1.5, 30 * 256 + 0x9f, 2 ** 31 * 256 + 0x9f, 0x9f + 256 * 31 + 0.5]) {
      expect(() => encodeDer((w) => w.element(tag, new Uint8Array(0))), String(tag)).toThrow(RangeError);
      expect(() => encodeDer((w) => w.constructed(tag, () => undefined)), String(tag)).toThrow(RangeError);
    }
    expect(() => encodeDer((w) => w.integer(1.5))).toThrow(RangeError);
    expect(() =>
      encodeDer((w) =>
        w.octetStringWrapping(() => {
          throw new TypeError('from the callback');
        }),
      ),
    ).toThrow('from the callback');
  });
});

describe('lenient mode', () => {
  const lenientCases = CASES.filter((c) => c.lenientAccepts);

  it('has exactly the three documented leniencies', () => {
    expect(new Set(lenientCases.map((c) => c.code))).toEqual(new Set(['non-minimal-integer', 'invalid-string', 'explicit-default']));
  });

  for (const c of lenientCases) {
    it(`accepts with { lenient: true } and refuses without: ${c.name}`, () => {
      expectDerError(() => c.act(new DerReader(fromHex(c.hex))), c.code, c.at);
      const r = new DerReader(fromHex(c.hex), { lenient: true });
      c.act(r);
      expect(r.atEnd).toBe(true);
      // And the same inside a SEQUENCE: child readers inherit the mode.
      const n = nested(c.hex, { lenient: true });
      const s = n.reader();
      c.act(s);
      expect(s.atEnd).toBe(true);
    });
  }

  it('returns the values it accepted', () => {
    expect(new DerReader(fromHex('0202007f'), { lenient: true }).readInteger()).toBe(127n);
    expect(new DerReader(fromHex('0203ffff80'), { lenient: true }).readInteger()).toBe(-128n);
    expect(toHex(new DerReader(fromHex('02020001'), { lenient: true }).readIntegerBytes())).toBe('0001');
    expect(new DerReader(fromHex('010100'), { lenient: true }).readDefaultBoolean(false)).toBe(false);
    expect(new DerReader(fromHex('0101ff'), { lenient: true }).readDefaultBoolean(false)).toBe(true);
    expect(new DerReader(new Uint8Array(0), { lenient: true }).readDefaultBoolean(true)).toBe(true);
    expect(new DerReader(fromHex('1304' + ascii('*@&_')), { lenient: true }).readString()).toEqual({ tag: Tag.PRINTABLE_STRING, value: '*@&_' });
  });

  for (const c of CASES.filter((x) => !x.lenientAccepts)) {
    it(`never relaxes ${c.code}: ${c.name}`, () => {
      expectDerError(() => c.act(new DerReader(fromHex(c.hex), { lenient: true })), c.code, c.at);
      const n = nested(c.hex, { lenient: true });
      expectDerError(() => c.act(n.reader()), c.code, n.base + c.at);
    });
  }
});

describe('tags: high numbers, classes, IMPLICIT and EXPLICIT', () => {
  const highTags: Array<[string, number, string]> = [
    ['[31] primitive', contextTag(31), '9f1f'],
    ['[200] constructed', contextTag(200, true), 'bf8148'],
    ['[APPLICATION 31] primitive', makeTag(TagClass.application, false, 31), '5f1f'],
    ['[APPLICATION 16383] constructed', makeTag(TagClass.application, true, 16383), '7fff7f'],
    ['[PRIVATE 16384] primitive', makeTag(TagClass.private, false, 16384), 'df818000'],
    ['[PRIVATE 2^31-1] constructed', makeTag(TagClass.private, true, 0x7fffffff), 'ff87ffffff7f'],
    ['[UNIVERSAL 31] primitive', makeTag(TagClass.universal, false, 31), '1f1f'],
    ['[APPLICATION 3] primitive', makeTag(TagClass.application, false, 3), '43'],
    ['[PRIVATE 30] constructed', makeTag(TagClass.private, true, 30), 'fe'],
  ];
  for (const [name, tag, idHex] of highTags) {
    it(`round-trips ${name} through the writer and the reader`, () => {
      const constructed = (tag & 0x20) !== 0;
      const der = encodeDer((w) => {
        if (constructed) w.constructed(tag, (c) => c.integer(7));
        else w.element(tag, Uint8Array.of(1, 2, 3));
      });
      expect(toHex(der)).toBe(idHex + (constructed ? '03020107' : '03010203'));
      const r = new DerReader(der);
      if (constructed) {
        const c = r.enter(tag);
        expect(c.readSmallInteger()).toBe(7);
        c.finish();
      } else {
        const t = r.read(tag);
        expect(toHex(t.value)).toBe('010203');
        expect(t.headerLength).toBe(idHex.length / 2 + 1);
      }
      r.finish();
      const t = new DerReader(der).readTlv();
      expect(t.tag).toBe(tag);
      expect(tagClass(t.tag)).toBe(tagClass(tag));
      expect(tagNumber(t.tag)).toBe(tagNumber(tag));
      // peekTag and readOptional see high tags too.
      expect(new DerReader(der).peekTag()).toBe(tag);
      expect(new DerReader(der).readOptional(tag)?.tag).toBe(tag);
    });
  }

  it('EXPLICIT tagging wraps the whole encoding in a constructed [n]', () => {
    const der = encodeDer((w) =>
      w.sequence((s) => {
        s.explicit(0, (e) => e.integer(2)); // version [0] EXPLICIT Version
        s.explicit(300, (e) => e.utf8('x'));
      }),
    );
    expect(toHex(der)).toBe('300c' + 'a003020102' + 'bf822c030c0178');
    const r = new DerReader(der).enter();
    const v = r.enter(contextTag(0, true));
    expect(v.readSmallInteger()).toBe(2);
    v.finish();
    const x = r.enter(contextTag(300, true));
    expect(x.readString()).toEqual({ tag: Tag.UTF8_STRING, value: 'x' });
    r.finish();
  });

  it('IMPLICIT tagging replaces the tag of primitive and constructed types', () => {
    const der = encodeDer((w) =>
      w.sequence((s) => {
        s.integer(5n, contextTag(1)); // [1] IMPLICIT INTEGER
        s.boolean(true, contextTag(2));
        s.octetString(Uint8Array.of(0xaa), contextTag(3));
        s.bitString({ bytes: Uint8Array.of(0x80), unusedBits: 7 }, contextTag(4));
        s.element(contextTag(5), new Uint8Array(0)); // [5] IMPLICIT NULL
        s.constructed(contextTag(6, true), (c) => c.integer(1)); // [6] IMPLICIT SEQUENCE
        s.integer(9, contextTag(40)); // [40] IMPLICIT INTEGER, high tag
      }),
    );
    expect(toHex(der)).toBe('3018' + '810105' + '8201ff' + '8301aa' + '84020780' + '8500' + 'a603020101' + '9f280109');
    const r = new DerReader(der).enter();
    expect(r.readInteger(contextTag(1))).toBe(5n);
    expect(r.readBoolean(contextTag(2))).toBe(true);
    expect(toHex(r.readOctetString(contextTag(3)))).toBe('aa');
    expect(r.readBitString(contextTag(4)).unusedBits).toBe(7);
    expect(r.readNull(contextTag(5))).toBeNull();
    const c = r.enter(contextTag(6, true));
    expect(c.readSmallInteger()).toBe(1);
    expect(r.readSmallInteger(contextTag(40))).toBe(9);
    r.finish();
    // The IMPLICIT contents follow the underlying type's rules.
    expectDerError(() => new DerReader(fromHex('820101')).readBoolean(contextTag(2)), 'invalid-boolean', 2);
    expectDerError(() => new DerReader(fromHex('8102007f')).readInteger(contextTag(1)), 'non-minimal-integer', 2);
  });
});

describe('times: the UTCTime pivot and the RFC 5280 choice', () => {
  const utc = (s: string): Date => new DerReader(fromHex('17' + lengthHex(s.length) + ascii(s))).readTime();
  const gen = (s: string): Date => new DerReader(fromHex('18' + lengthHex(s.length) + ascii(s))).readTime();

  it('reads UTCTime YY >= 50 as 19YY and YY < 50 as 20YY (RFC 5280 §4.1.2.5.1)', () => {
    expect(utc('500101000000Z').toISOString()).toBe('1950-01-01T00:00:00.000Z');
    expect(utc('991231235959Z').toISOString()).toBe('1999-12-31T23:59:59.000Z');
    expect(utc('000101000000Z').toISOString()).toBe('2000-01-01T00:00:00.000Z');
    expect(utc('491231235959Z').toISOString()).toBe('2049-12-31T23:59:59.000Z');
  });

  it('writes UTCTime through 2049 and GeneralizedTime from 2050 (RFC 5280 §4.1.2.5)', () => {
    const cases: Array<[string, string]> = [
      ['1949-12-31T23:59:59Z', '180f' + ascii('19491231235959Z')],
      ['1950-01-01T00:00:00Z', '170d' + ascii('500101000000Z')],
      ['2049-12-31T23:59:59Z', '170d' + ascii('491231235959Z')],
      ['2050-01-01T00:00:00Z', '180f' + ascii('20500101000000Z')],
    ];
    for (const [iso, hex] of cases) {
      const d = new Date(iso);
      expect(toHex(encodeDer((w) => w.time(d))), iso).toBe(hex);
      expect(new DerReader(fromHex(hex)).readTime().getTime()).toBe(d.getTime());
      expect(usesUtcTime(d)).toBe(hex.startsWith('17'));
    }
  });

  it('writes and reads 99991231235959Z, "no well-defined expiration date"', () => {
    const der = encodeDer((w) => w.time(NO_WELL_DEFINED_EXPIRY));
    expect(toHex(der)).toBe('180f' + ascii('99991231235959Z'));
    expect(gen('99991231235959Z').getTime()).toBe(NO_WELL_DEFINED_EXPIRY.getTime());
    expect(NO_WELL_DEFINED_EXPIRY.toISOString()).toBe('9999-12-31T23:59:59.000Z');
  });

  it('reads GeneralizedTime years 0000-0099 without the Date two-digit-year trap', () => {
    expect(gen('00010101000000Z').toISOString()).toBe('0001-01-01T00:00:00.000Z');
    expect(gen('00990615120000Z').getUTCFullYear()).toBe(99);
  });

  it('decodes OIDs with the first-arc rules of X.690 §8.19.4', () => {
    expect(decodeOid(fromHex('27'), 0)).toBe('0.39');
    expect(decodeOid(fromHex('28'), 0)).toBe('1.0');
    expect(decodeOid(fromHex('4f'), 0)).toBe('1.39');
    expect(decodeOid(fromHex('50'), 0)).toBe('2.0');
    expect(decodeOid(fromHex('883703'), 0)).toBe('2.999.3');
  });
});
