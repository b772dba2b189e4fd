/**
 * The fast paths of the PEM layer against the full readers they stand in front of:
 * - `_decodeFast` (strict base64, line ends between groups allowed) against `_decodeStrict`, the
 *   strict decoder `decodeBase64` always had: whatever the fast one accepts, the strict one
 *   accepts with the same bytes (its line ends removed), and every valid single-line input takes
 *   the fast path; `decodeBase64` gives the strict decoder's bytes or its error, on random,
 *   base64-flavoured and mutated input;
 * - `_fastBlock` (one PEM block at the start of the text) against the line-by-line reader, reached
 *   by putting a blank line in front (explanatory text, RFC 7468 §2): same DER, and where the fast
 *   path declines, `decodePem`, `toDer` and `pemBlockToDer` give the errors of the full reader
 *   (code, line, column, offset), checked on mutated real certificates.
 *
 * Non-goals: the PEM rules themselves (pem.test.ts, pem-block.test.ts).
 */
import { rootCertificates } from 'node:tls';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { _decodeFast, _decodeStrict, decodeBase64, encodeBase64 } from '../src/pem/base64';
import { pemBlockToDer } from '../src/pem/block';
import { _fastBlock, decodePem, encodePem, toDer } from '../src/pem/pem';

const RUNS = 5_000;

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Characters that matter to the decoders: the alphabet, padding, line ends, other whitespace, others. */
const charArb = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...B64) },
  { weight: 2, arbitrary: fc.constantFrom('=', '\n', '\r', ' ', '\t', '\v', '\f', '-', ':', '\u00e9', '\ufeff', '\u2028', '\0') },
);
const b64ishArb = fc.array(charArb, { maxLength: 40 }).map((a) => a.join(''));
/** Valid base64 of random bytes, wrapped at a random width (0: one line) with LF or CRLF. */
const wrappedArb = fc.tuple(fc.uint8Array({ maxLength: 120 }), fc.constantFrom(0, 4, 8, 64, 76, 5, 63), fc.constantFrom('\n', '\r\n', '\r')).map(([bytes, width, eol]) => {
  const b64 = encodeBase64(bytes);
  if (width === 0) return { bytes, text: b64 };
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += width) lines.push(b64.slice(i, i + width));
  return { bytes, text: lines.join(eol) + (lines.length ? eol : '') };
});
/** A valid encoding with one to three characters replaced, inserted or removed. */
const mutatedArb = fc.tuple(wrappedArb, fc.array(fc.tuple(fc.nat(), charArb, fc.constantFrom('set', 'insert', 'delete')), { minLength: 1, maxLength: 3 })).map(([{ text }, muts]) => {
  let s = text;
  for (const [at, ch, how] of muts) {
    const i = s.length ? at % (s.length + (how === 'insert' ? 1 : 0)) : 0;
    s = how === 'set' ? s.slice(0, i) + ch + s.slice(i + 1) : how === 'insert' ? s.slice(0, i) + ch + s.slice(i) : s.slice(0, i) + s.slice(i + 1);
  }
  return s;
});

const outcome = (f: () => Uint8Array): unknown => {
  try {
    return { ok: Array.from(f()) };
  } catch (e) {
    const err = e as Error & { code?: string; line?: number; column?: number; offset?: number };
    return { name: err.name, code: err.code, message: err.message, line: err.line, column: err.column, offset: err.offset };
  }
};

/** The strict decoder's answer for a text with its line ends removed (what PEM bodies get). */
function strictOf(text: string): unknown {
  const r = _decodeStrict(text.replace(/\r\n|\r|\n/g, ''));
  return r instanceof Uint8Array ? { ok: Array.from(r) } : { fault: r };
}

describe('_decodeFast matches the strict decoder', () => {
  it(`accepts only what _decodeStrict accepts, with the same bytes (${RUNS} each of random, wrapped, mutated)`, () => {
    let fastHits = 0;
    for (const arb of [b64ishArb, wrappedArb.map((w) => w.text), mutatedArb]) {
      fc.assert(
        fc.property(arb, (text) => {
          for (const lineEnds of [true, false]) {
            const fast = _decodeFast(text, 0, text.length, lineEnds);
            if (fast === undefined) continue;
            fastHits++;
            if (!lineEnds) expect(text).not.toMatch(/[\r\n]/);
            expect({ ok: Array.from(fast) }).toEqual(strictOf(text));
          }
        }),
        { numRuns: RUNS },
      );
    }
    expect(fastHits).toBeGreaterThan(RUNS); // the property is not vacuous
  });

  it('takes the fast path for every valid input in whole groups (so the speed is there)', () => {
    fc.assert(
      fc.property(wrappedArb, ({ bytes, text }) => {
        const aligned = text.split(/\r\n|\r|\n/).every((l) => l.length % 4 === 0);
        const fast = _decodeFast(text, 0, text.length, true);
        if (aligned) expect(fast && Array.from(fast)).toEqual(Array.from(bytes));
      }),
      { numRuns: RUNS },
    );
  });

  it("decodeBase64 gives the strict decoder's bytes or its error (index and reason)", () => {
    for (const arb of [b64ishArb, wrappedArb.map((w) => w.text), mutatedArb]) {
      fc.assert(
        fc.property(arb, (text) => {
          const r = _decodeStrict(text);
          const got = outcome(() => decodeBase64(text)) as { ok?: number[]; offset?: number; message?: string };
          if (r instanceof Uint8Array) expect(got).toEqual({ ok: Array.from(r) });
          else {
            expect(got.offset).toBe(r[0]);
            expect(got.ok).toBeUndefined();
          }
        }),
        { numRuns: RUNS },
      );
    }
  });

  it('refuses the classic near misses', () => {
    for (const bad of ['QR==', 'QUJ=', 'Q===', '====', 'QQ=A', 'QQ==QQ==', 'QUJD\nQQ==', ' QUJD', 'QUJD ', 'QUJ\u00c4']) {
      expect(_decodeFast(bad, 0, bad.length, false), JSON.stringify(bad)).toBeUndefined();
    }
    expect(Array.from(_decodeFast('QUJD\nQQ==\n', 0, 10, true)!)).toEqual([65, 66, 67, 65]);
    expect(_decodeFast('QUJDQQ\n==', 0, 9, true)).toBeUndefined(); // legal, but not in whole groups: the slow path decides
  });
});

// ---------------------------------------------------------------------------------------------

const CERTS = rootCertificates.slice(0, 40);
const label = 'CERTIFICATE';

/** A root certificate's PEM with line ends changed and 0 to 3 characters set, inserted or deleted. */
const pemArb = fc
  .tuple(
    fc.constantFrom(...CERTS),
    fc.constantFrom('\n', '\r\n', '\r'),
    fc.array(fc.tuple(fc.nat(), fc.oneof(charArb, fc.constantFrom('-----END CERTIFICATE-----\n', '-----BEGIN CERTIFICATE-----\n', 'Proc-Type: 4,ENCRYPTED\n', '-', 'X509 '))), { maxLength: 3 }),
    fc.constantFrom('', '\n', 'trailing text\n-----BEGIN KEY-----\n'),
  )
  .map(([pem, eol, muts, tail]) => {
    let s = pem.replace(/\n/g, eol) + tail;
    for (const [at, ch] of muts) {
      const i = at % (s.length + 1);
      s = at % 3 === 0 ? s.slice(0, i) + ch + s.slice(i) : at % 3 === 1 ? s.slice(0, i) + ch + s.slice(i + ch.length) : s.slice(0, i) + s.slice(i + 1);
    }
    return s;
  });

describe('_fastBlock matches the line-by-line PEM reader', () => {
  it('decodes every root certificate, in LF, CRLF and CR, blank lines included, to the DER of the full reader', () => {
    for (const pem of rootCertificates) {
      for (const eol of ['\n', '\r\n', '\r']) {
        const text = pem.replace(/\n/g, eol).replace(/(?<=[A-Za-z0-9+/])\n(?=[A-Za-z0-9+/])/, '\n\n');
        const fast = _fastBlock(text, label);
        expect(fast).toBeDefined();
        expect(Array.from(fast!)).toEqual(Array.from(decodePem(`\n${text}`, label).der)); // the blank line takes the slow path
      }
    }
  });

  it(`on ${RUNS} mutated certificates: the same DER or, where it declines, the full reader's errors`, () => {
    let fastHits = 0;
    fc.assert(
      fc.property(pemArb, (text) => {
        const fast = _fastBlock(text, label);
        const slow = outcome(() => decodePem(`\n${text}`, label).der) as { ok?: number[] };
        if (fast !== undefined) {
          fastHits++;
          expect({ ok: Array.from(fast) }).toEqual(slow);
        }
        // toDer and pemBlockToDer agree with decodePem (fast or not), errors included
        const viaDecode = outcome(() => decodePem(text, label).der);
        expect(outcome(() => toDer(text, label))).toEqual(viaDecode);
        const block = outcome(() => pemBlockToDer(text, label)) as { ok?: number[]; code?: string; line?: number; column?: number; offset?: number };
        const want = viaDecode as typeof block;
        expect({ ok: block.ok, code: block.code, line: block.line, column: block.column, offset: block.offset }).toEqual({
          ok: want.ok,
          code: want.code,
          line: want.line,
          column: want.column,
          offset: want.offset,
        });
        // bytes input (PEM read from a file) too
        const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
        // eslint-disable-next-line no-control-regex -- Latin-1 text: every code unit from 0x00 up
        if (/^-[\x00-\xff]*$/.test(text)) expect(outcome(() => toDer(bytes, label))).toEqual(viaDecode);
      }),
      { numRuns: RUNS },
    );
    expect(fastHits).toBeGreaterThan(RUNS / 10);
  });

  it('switches labels, the empty one included, as the full reader does', () => {
    for (const l of ['', 'X', 'CERTIFICATE', 'PRIVATE KEY', '']) {
      const text = encodePem(l, Uint8Array.of(1, 2, 3, 4));
      expect(Array.from(_fastBlock(text, l)!), JSON.stringify(l)).toEqual(Array.from(decodePem(`\n${text}`, l).der));
      expect(_fastBlock(text, l === 'X' ? 'Y' : 'X')).toBeUndefined();
    }
  });

  it('declines what it must leave to the full reader', () => {
    const pem = rootCertificates[0]!;
    const cases = [
      ` ${pem}`, // whitespace before the BEGIN line
      `x\n${pem}`, // explanatory text
      pem.replace('BEGIN CERTIFICATE', 'BEGIN X509 CERTIFICATE').replace('END CERTIFICATE', 'END X509 CERTIFICATE'), // legacy label
      pem.replace('-----\n', '----- \n'), // trailing space on the BEGIN line
      pem.replace('\n-----END', '\n -----END'), // indented END line
      pem.replace(/\n(?=[A-Za-z0-9+/]+\n)/, '\n '), // a space in the body
      pem.replace('-----END CERTIFICATE-----', '-----END CERTIFICATE-----x'),
    ];
    const der = Array.from(decodePem(pem, label).der);
    for (const text of cases) {
      expect(_fastBlock(text, label), JSON.stringify(text.slice(0, 40))).toBeUndefined();
      // all but the last are valid RFC 7468 (lax) PEM: the full reader decodes them
      if (text !== cases.at(-1)) expect(Array.from(decodePem(text, label).der)).toEqual(der);
      else expect(outcome(() => decodePem(text, label).der)).toMatchObject({ code: 'invalid-boundary' });
    }
  });
});
