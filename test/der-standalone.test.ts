// The standalone reading functions of src/der/reader.ts (readTlvAt, readExpectedAt,
// decodeTimeTlv, decodeBooleanTlv) give exactly what the matching DerReader methods give:
// the same element or the same DerError (code, offset, message), on arbitrary and on
// near-valid bytes.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DerError, DerReader, Tag, type Tlv, derCursor, enter, leave, next, atEnd, decodeBooleanTlv, decodeTimeTlv, readExpectedAt, readTlvAt } from '../src/der/index';

type Out = { ok: unknown } | { err: { code: string; offset: number | undefined; message: string } };

function run(fn: () => unknown): Out {
  try {
    const v = fn();
    return { ok: v instanceof Date ? v.getTime() : v };
  } catch (e) {
    if (!(e instanceof DerError)) throw e;
    return { err: { code: e.code, offset: e.offset, message: e.message } };
  }
}

const tlv = (t: Tlv): unknown => [t.tag, t.offset, t.valueOffset, t.end];

// arbitrary bytes, and bytes that start like a real header (a tag from a small set, a length)
const bytes = fc.oneof(
  fc.uint8Array({ maxLength: 40 }),
  fc
    .tuple(fc.constantFrom(0x01, 0x02, 0x17, 0x18, 0x30, 0x31, 0xa0, 0x1f, 0x3f, 0x21, 0x00, 0x9f), fc.uint8Array({ maxLength: 3 }), fc.uint8Array({ maxLength: 30 }))
    .map(([t, l, v]) => Uint8Array.of(t, ...l, ...v)),
  fc.tuple(fc.constantFrom(0x17, 0x18, 0x01), fc.constantFrom('251231235959Z', '20251231235959Z', '991301000000Z', 'x')).map(([t, s]) => Uint8Array.of(t, s.length, ...new TextEncoder().encode(s))),
  fc.tuple(fc.constantFrom(0x01, 0x81), fc.uint8Array({ maxLength: 2 })).map(([t, v]) => Uint8Array.of(t, v.length, ...v)),
);
// a start offset inside (or at the end of) the buffer, and a window end
const windowed = bytes.chain((b) => fc.tuple(fc.constant(b), fc.nat(b.length)).chain(([b2, s]) => fc.tuple(fc.constant(b2), fc.constant(s), fc.integer({ min: s, max: b2.length }))));

describe('standalone DER reading functions agree with DerReader', () => {
  it('readTlvAt is DerReader.readTlv (property)', () => {
    fc.assert(
      fc.property(windowed, ([b, s, e]) => {
        expect(run(() => tlv(readTlvAt(b, s, e)))).toEqual(run(() => tlv(new DerReader(b, {}, s, e).readTlv())));
      }),
      { numRuns: 3000 },
    );
  });

  it('readExpectedAt is DerReader.read, with and without a field name (property)', () => {
    fc.assert(
      fc.property(windowed, fc.constantFrom(Tag.SEQUENCE, Tag.INTEGER, Tag.UTC_TIME, 0xa0), fc.option(fc.constantFrom('Certificate', 'x')), ([b, s, e], tag, what) => {
        const w = what ?? undefined;
        expect(run(() => tlv(readExpectedAt(b, s, e, tag, w)))).toEqual(run(() => tlv(new DerReader(b, {}, s, e).read(tag, w))));
      }),
      { numRuns: 3000 },
    );
  });

  it('decodeTimeTlv is DerReader.readTime (property)', () => {
    fc.assert(
      fc.property(windowed, fc.boolean(), ([b, s, e], frac) => {
        const a = run(() => decodeTimeTlv(readTlvAt(b, s, e), 'notBefore', frac));
        expect(a).toEqual(run(() => new DerReader(b, {}, s, e).readTime('notBefore', frac)));
      }),
      { numRuns: 3000 },
    );
  });

  it('decodeBooleanTlv is DerReader.readBoolean (property)', () => {
    fc.assert(
      fc.property(windowed, ([b, s, e]) => {
        const a = run(() => decodeBooleanTlv(readExpectedAt(b, s, e, Tag.BOOLEAN)));
        expect(a).toEqual(run(() => new DerReader(b, {}, s, e).readBoolean()));
      }),
      { numRuns: 3000 },
    );
  });

  it('the one cursor (derCursor/enter/next/leave) walks any input as DerReader does: same elements, same errors (property)', () => {
    // A generic recursive descent with each API; constructed elements are entered (depth-bounded).
    const viaCursor = (b: Uint8Array, s: number, e: number): unknown[] => {
      const out: unknown[] = [];
      const c = derCursor(b, s, e);
      const walk = (depth: number): void => {
        while (!atEnd(c)) {
          const t = next(c);
          out.push([t, c.start, c.vs, c.ve]);
          if ((t & 0x20) !== 0 && depth < 8) {
            c.pos = c.start;
            const o = enter(c, t);
            walk(depth + 1);
            leave(c, o);
          }
        }
      };
      try {
        walk(0);
      } catch (err) {
        out.push({ code: (err as { code?: string }).code, offset: (err as { offset?: number }).offset });
      }
      return out;
    };
    const viaReader = (b: Uint8Array, s: number, e: number): unknown[] => {
      const out: unknown[] = [];
      const walk = (r: DerReader, depth: number): void => {
        while (!r.atEnd) {
          const t = r.readTlv();
          out.push([t.tag, t.offset, t.valueOffset, t.end]);
          if (t.constructed && depth < 8) walk(r.enterTlv(t), depth + 1);
        }
      };
      try {
        walk(new DerReader(b, {}, s, e), 0);
      } catch (err) {
        out.push({ code: (err as { code?: string }).code, offset: (err as { offset?: number }).offset });
      }
      return out;
    };
    let errors = 0;
    fc.assert(
      fc.property(windowed, ([b, s, e]) => {
        const a = viaCursor(b, s, e);
        if (a.length > 0 && !Array.isArray(a[a.length - 1])) errors++;
        expect(a).toEqual(viaReader(b, s, e));
      }),
      { numRuns: 5000 },
    );
    expect(errors).toBeGreaterThan(100);
  });

  it('known answers: each function reads a real element and refuses a bad one with its code and offset', () => {
    const der = Uint8Array.of(0x30, 0x03, 0x01, 0x01, 0xff, 0x17, 0x0d, ...new TextEncoder().encode('250101000000Z'));
    const seq = readExpectedAt(der, 0, der.length, Tag.SEQUENCE, 'outer');
    expect([seq.offset, seq.valueOffset, seq.end]).toEqual([0, 2, 5]);
    expect(decodeBooleanTlv(readTlvAt(der, 2, 5))).toBe(true);
    expect(decodeTimeTlv(readTlvAt(der, 5, der.length)).toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(run(() => readExpectedAt(der, 0, der.length, Tag.SET, 'outer'))).toMatchObject({ err: { code: 'unexpected-tag', offset: 0 } });
    expect(run(() => readTlvAt(der, 0, 4))).toMatchObject({ err: { code: 'length-exceeds-input', offset: 0 } });
    expect(run(() => decodeTimeTlv(readTlvAt(der, 2, 5)))).toMatchObject({ err: { code: 'unexpected-tag', offset: 2 } });
    expect(run(() => decodeBooleanTlv(readTlvAt(Uint8Array.of(0x01, 0x01, 0x01), 0, 3)))).toMatchObject({ err: { code: 'invalid-boolean', offset: 2 } });
  });
});
