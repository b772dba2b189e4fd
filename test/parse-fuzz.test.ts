/**
 * Any input to a public parse entry point of the finished layers (pem, keys, sig, csr, crl; the
 * DER engine has its own in der-properties.test.ts) gives a value or a CertkitError, never another
 * exception: random bytes and mutated real inputs (pyca/cryptography CSRs and CRLs, keys of every
 * type generated here), each parsed object then read through every getter and zero-argument
 * method. The review ran the same harness with 20,000 inputs per entry point; this keeps a
 * smaller count in the suite.
 *
 * Non-goals: parseCertificate (x509 has its own properties), timing (the *-linear and *-hostile-* tests).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { CertkitError, DerReader } from '../src/der/index';
import { decodeBase64, decodePem, decodePemAll, toDer } from '../src/pem/index';
import { generateKeyPair, importPrivateKey, keyMatches, parsePublicKey, publicKeyFromJwk, publicKeyFromPkcs1 } from '../src/keys/index';
import { describeSignatureAlgorithm, parseAlgorithmIdentifier, parseRsaPssParameters, resolveSignatureScheme, verifySignatureSync } from '../src/sig/index';
import { lintCsr, parseCsr, verifyCsrSync } from '../src/csr/index';
import { parseCrl } from '../src/crl/index';
import { crlEntries, isSerialRevoked } from '../src/crl/index';

const RUNS = 400;
const DIR = join(__dirname, 'vectors/pyca-x509/x509');

function pemBlocks(text: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const m of text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g)) {
    out.push(new Uint8Array(Buffer.from(m[2]!.replace(/\s+/g, ''), 'base64')));
  }
  return out;
}
function load(dir: string, keep: (f: string) => boolean): Uint8Array[] {
  return readdirSync(dir)
    .filter(keep)
    .flatMap((f) => {
      const raw = readFileSync(join(dir, f));
      return f.endsWith('.der') ? [new Uint8Array(raw)] : pemBlocks(raw.toString('latin1'));
    });
}

const CSRS = load(join(DIR, 'requests'), () => true);
const CRLS = load(join(DIR, 'custom'), (f) => f.startsWith('crl_') && !f.includes('10k'));
const KEYS: Uint8Array[] = [];
const SPKIS: Uint8Array[] = [];

beforeAll(async () => {
  for (const a of ['P-256', 'P-521', 'Ed25519', 'Ed448', 'ML-DSA-44'] as const) {
    const kp = await generateKeyPair(a);
    KEYS.push(kp.privateKey.toPkcs8());
    SPKIS.push(kp.publicKey.spki);
  }
  const rsa = await generateKeyPair({ rsa: 1024, allowWeak: true });
  KEYS.push(rsa.privateKey.toPkcs8(), rsa.privateKey.toPkcs1?.() ?? rsa.privateKey.toPkcs8());
  SPKIS.push(rsa.publicKey.spki);
}, 60_000);

/** Calls every getter and zero-argument method of a certkit object (a few levels deep). */
function touch(o: unknown, depth = 0): void {
  if (o === null || typeof o !== 'object' || depth > 3 || ArrayBuffer.isView(o) || o instanceof Date || o instanceof Map) return;
  const seen = new Set<string>();
  for (let proto = Object.getPrototypeOf(o); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const k of Object.getOwnPropertyNames(proto)) {
      if (k === 'constructor' || k.startsWith('_') || seen.has(k)) continue;
      seen.add(k);
      const d = Object.getOwnPropertyDescriptor(proto, k)!;
      let v: unknown;
      if (d.get) v = (o as Record<string, unknown>)[k];
      else if (typeof d.value === 'function' && d.value.length === 0) v = d.value.call(o);
      else continue;
      if (Array.isArray(v)) v.slice(0, 4).forEach((x) => touch(x, depth + 1));
      else if (v !== null && typeof v === 'object' && typeof (v as Iterator<unknown>).next === 'function') {
        let i = 0;
        for (const x of v as Iterable<unknown>) if ((touch(x, depth + 1), ++i > 4)) break;
      } else touch(v, depth + 1);
    }
  }
}

/** Runs `fn`; anything thrown must be a CertkitError. */
function typed(fn: () => void): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof CertkitError)) throw e;
  }
}

const mutated = (corpus: () => Uint8Array[]): fc.Arbitrary<Uint8Array> =>
  fc.tuple(fc.nat(), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 4 })).map(([i, muts]) => {
    const c = corpus();
    let b = c[i % c.length]!.slice();
    for (const [pos, val, kind] of muts) {
      const p = pos % Math.max(1, b.length);
      if (kind === 0) b[p] = val;
      else if (kind === 1) b = b.subarray(0, p);
      else if (kind === 2) b = Uint8Array.from([...b.subarray(0, p), val, ...b.subarray(p)]);
      else b[p]! ^= 1 << (val & 7);
    }
    return b;
  });
const bytes = (corpus: () => Uint8Array[]): fc.Arbitrary<Uint8Array> => fc.oneof(mutated(corpus), fc.uint8Array({ maxLength: 200 }));

describe('any input gives a value or a CertkitError', () => {
  it('has a corpus', () => {
    expect(CSRS.length).toBeGreaterThan(15);
    expect(CRLS.length).toBeGreaterThan(20);
  });

  it('parseCsr, its getters, verify and lintCsr (strict and lenient)', () => {
    fc.assert(
      fc.property(
        bytes(() => CSRS),
        (b) => {
          for (const lenient of [false, true])
            typed(() => {
              const c = parseCsr(b, { lenient });
              touch(c);
              typed(() => void verifyCsrSync(c));
              typed(() => void lintCsr(c));
            });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('parseCrl, its getters and entries (strict and lenient)', () => {
    fc.assert(
      fc.property(
        bytes(() => CRLS),
        (b) => {
          for (const lenient of [false, true])
            typed(() => {
              const c = parseCrl(b, { lenient });
              touch(c);
              for (const e of crlEntries(c)) touch(e);
              isSerialRevoked(c, 1n);
            });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('parsePublicKey, publicKeyFromPkcs1, importPrivateKey', () => {
    fc.assert(
      fc.property(
        bytes(() => SPKIS),
        bytes(() => KEYS),
        (spki, key) => {
          typed(() => touch(parsePublicKey(spki)));
          typed(() => touch(parsePublicKey(spki, { lenient: true, allowCompressedPoints: true })));
          typed(() => void publicKeyFromPkcs1(spki));
          for (const lenient of [false, true])
            typed(() => {
              const k = importPrivateKey(key, { lenient } as never);
              k.toPkcs8();
              keyMatches(k, k.publicKey);
            });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('AlgorithmIdentifier, RSASSA-PSS parameters and verifySignatureSync', () => {
    const algs = (): Uint8Array[] =>
      [...CSRS, ...CRLS].flatMap((d) => {
        for (const f of [() => parseCsr(d, { lenient: true }).rawSignatureAlgorithm, () => parseCrl(d, { lenient: true }).rawSignatureAlgorithm]) {
          try {
            return [f()];
          } catch {
            /* next */
          }
        }
        return [];
      });
    const corpus = algs();
    fc.assert(
      fc.property(
        bytes(() => corpus),
        fc.nat(),
        (b, k) => {
          for (const lenient of [false, true])
            typed(() => {
              const alg = parseAlgorithmIdentifier(new DerReader(b, { lenient }));
              describeSignatureAlgorithm(alg);
              typed(() => void resolveSignatureScheme(alg, { lenient }));
              typed(() => void verifySignatureSync(SPKIS[k % SPKIS.length]!, alg, b, b, { lenient, allowSha1: true, allowMd5: true, minRsaBits: 512 }));
            });
          typed(() => void parseRsaPssParameters(b));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('PEM text, and parsers given PEM text', () => {
    const pem = fc.nat().map((i) => `-----BEGIN CERTIFICATE REQUEST-----\n${Buffer.from(CSRS[i % CSRS.length]!).toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`);
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), pem), fc.nat(), fc.string({ maxLength: 3 }), (s0, p, ins) => {
        const at = p % (s0.length + 1);
        const s = s0.slice(0, at) + ins + s0.slice(at);
        typed(() => void decodePem(s));
        typed(() => void decodePemAll(s));
        typed(() => void toDer(s, 'CERTIFICATE REQUEST'));
        typed(() => void decodeBase64(s));
        typed(() => touch(parseCsr(s)));
        typed(() => void parsePublicKey(s));
        typed(() => void importPrivateKey(s));
      }),
      { numRuns: RUNS },
    );
  });

  it('publicKeyFromJwk', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom('kty', 'crv', 'x', 'y', 'n', 'e', 'alg', 'pub'),
          fc.oneof(fc.string(), fc.jsonValue(), fc.constantFrom('EC', 'RSA', 'OKP', 'AKP', 'P-256', 'Ed25519', 'ML-DSA-44', 'AQAB')),
        ),
        (j) => {
          typed(() => void publicKeyFromJwk(j as never));
        },
      ),
      { numRuns: RUNS },
    );
  });
});
