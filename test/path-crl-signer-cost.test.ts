/**
 * The cost of the CRL signer search (src/path/build.ts `_signerFinder`): a pool of CAs under one
 * root whose CRL is signed by a separate key (a key rollover certificate with the root's name)
 * makes every revocation check look for CRL signers. The work must grow linearly with the pool,
 * not with pool size times the number of CAs that validate. Work is counted, never timed: CRL
 * signature verifications (`verifyCrlSync`, the costly step the budgets do not see; wrapped by
 * `vi.mock` below so that its calls are counted) and the smallest `buildSteps` budget with which
 * the call still succeeds.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateKeyPair, type KeyPair } from '../src/keys/index';
import { signerFromPrivateKey } from '../src/sig/index';
import type * as CrlVerify from '../src/crl/verify';
import { CertificateBuilder, type Certificate } from '../src/x509/index';
import { CrlBuilder, type Crl } from '../src/crl/index';
import { verifyCrlSync } from '../src/crl/verify';
import { verifyChainSync, ValidationError, type ValidationOptions } from '../src/path/index';

// The CRL layer's own verifier, wrapped in a spy that calls through (vi.mock is hoisted, so every
// importer of the module, checkRevocationSync included, gets the wrapper).
vi.mock('../src/crl/verify', async (importOriginal) => {
  const m = await importOriginal<typeof CrlVerify>();
  return { ...m, verifyCrlSync: vi.fn(m.verifyCrlSync) };
});

const T0 = new Date('2025-01-01T00:00:00Z');
const NOW = new Date('2025-06-01T00:00:00Z');
const END = new Date('2030-01-01T00:00:00Z');

let rootKey: KeyPair, rolloverKey: KeyPair, poolKey: KeyPair, orphanIssuerKey: KeyPair;
let root: Certificate, rollover: Certificate, leaf: Certificate, crl: Crl;
const poolCas: Certificate[] = [];
const orphans: Certificate[] = [];
const MAX_CAS = 32;
const MAX_ORPHANS = 200;

beforeAll(async () => {
  [rootKey, rolloverKey, poolKey, orphanIssuerKey] = await Promise.all([generateKeyPair('P-256'), generateKeyPair('P-256'), generateKeyPair('P-256'), generateKeyPair('P-256')]);
  const rootSigner = signerFromPrivateKey(rootKey.privateKey);
  root = await CertificateBuilder.create()
    .subject('CN=Cost Root')
    .publicKey(rootKey.publicKey)
    .serialNumber(1)
    .notBefore(T0)
    .notAfter(END)
    .basicConstraints({ cA: true })
    .keyUsage(['keyCertSign', 'cRLSign'])
    .sign(rootSigner, { now: T0 });
  // The root's next key, certified by the current one (same name): it signs the root's CRLs.
  rollover = await CertificateBuilder.create()
    .subject('CN=Cost Root')
    .publicKey(rolloverKey.publicKey)
    .serialNumber(2)
    .notBefore(T0)
    .notAfter(END)
    .basicConstraints({ cA: true })
    .keyUsage(['keyCertSign', 'cRLSign'])
    .sign(rootSigner, { issuerCertificate: root, now: T0 });
  for (let i = 0; i < MAX_CAS; i++) {
    poolCas.push(
      await CertificateBuilder.create()
        .subject(`CN=Pool CA ${i}`)
        .publicKey(poolKey.publicKey)
        .serialNumber(100 + i)
        .notBefore(T0)
        .notAfter(END)
        .basicConstraints({ cA: true })
        .keyUsage(['keyCertSign', 'cRLSign'])
        .sign(rootSigner, { issuerCertificate: root, now: T0 }),
    );
  }
  // Candidates whose issuer is nowhere in the pool: they cannot validate, and cost no signature.
  const orphanSigner = signerFromPrivateKey(orphanIssuerKey.privateKey);
  for (let i = 0; i < MAX_ORPHANS; i++) {
    orphans.push(
      await CertificateBuilder.create()
        .subject(`CN=Orphan ${i}`)
        .issuer('CN=Absent CA')
        .publicKey(poolKey.publicKey)
        .serialNumber(1000 + i)
        .notBefore(T0)
        .notAfter(END)
        .basicConstraints({ cA: true })
        .keyUsage(['keyCertSign', 'cRLSign'])
        .sign(orphanSigner, { now: T0 }),
    );
  }
  leaf = await CertificateBuilder.create().subject('CN=cost leaf').publicKey(poolKey.publicKey).serialNumber(7).notBefore(T0).notAfter(END).sign(rootSigner, { issuerCertificate: root, now: T0 });
  crl = await CrlBuilder.create().thisUpdate(T0).nextUpdate(END).crlNumber(1).sign(signerFromPrivateKey(rolloverKey.privateKey), { issuerCertificate: rollover });
}, 120_000);

afterEach(() => {
  vi.restoreAllMocks();
});

const opts = (cas: number, orphanCount: number, budget?: ValidationOptions['budget']): ValidationOptions => ({
  anchors: [root],
  intermediates: [rollover, ...poolCas.slice(0, cas), ...orphans.slice(0, orphanCount)],
  time: NOW,
  profile: 'rfc5280',
  revocation: { mode: 'require', crls: [crl] },
  ...(budget === undefined ? {} : { budget }),
});

/** CRL signature verifications of one successful call. */
function crlVerifications(cas: number, orphanCount: number): number {
  const spy = vi.mocked(verifyCrlSync);
  spy.mockClear();
  const r = verifyChainSync(leaf, opts(cas, orphanCount));
  expect(r.chain.map((c) => c.subject.toString())).toEqual(['CN=cost leaf', 'CN=Cost Root']);
  return spy.mock.calls.length;
}

/** The smallest buildSteps budget with which the call succeeds (the steps it spends). */
function stepsSpent(cas: number, orphanCount: number): number {
  const ok = (steps: number): boolean => {
    try {
      verifyChainSync(leaf, opts(cas, orphanCount, { buildSteps: steps, signatureChecks: 1000 }));
      return true;
    } catch (e) {
      if (e instanceof ValidationError && e.code === 'budget-exceeded') return false;
      throw e;
    }
  };
  let lo = 0;
  let hi = 1;
  while (!ok(hi)) {
    lo = hi;
    hi *= 2;
  }
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (ok(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

describe('CRL signer search cost', () => {
  it('CRL signature verifications grow linearly with the number of CAs in the pool', () => {
    const counts = [8, 16, 32].map((n) => crlVerifications(n, 0));
    // Doubling the pool may at most double the work (plus a constant), never quadruple it.
    expect(counts[1]!).toBeLessThanOrEqual(2 * counts[0]! + 8);
    expect(counts[2]!).toBeLessThanOrEqual(2 * counts[1]! + 8);
  }, 60_000);

  it('every candidate of the signer search spends budget: steps grow linearly with the pool, orphans included', () => {
    const byCas = [8, 16, 32].map((n) => stepsSpent(n, 0));
    expect(byCas[1]!).toBeLessThanOrEqual(2 * byCas[0]! + 8);
    expect(byCas[2]!).toBeLessThanOrEqual(2 * byCas[1]! + 8);
    // Candidates that cannot validate (no issuer anywhere) still cost a step each.
    const byOrphans = [0, 100, 200].map((n) => stepsSpent(8, n));
    expect(byOrphans[1]!).toBeGreaterThanOrEqual(byOrphans[0]! + 100);
    expect(byOrphans[2]! - byOrphans[1]!).toBeLessThanOrEqual(2 * (byOrphans[1]! - byOrphans[0]!) + 8);
  }, 120_000);

  it('candidates without an issuer exhaust the step budget (budget-exceeded) instead of costing nothing', () => {
    expect(verifyChainSync(leaf, opts(8, 0, { buildSteps: 200 })).chain.length).toBe(2);
    expect(() => verifyChainSync(leaf, opts(8, 200, { buildSteps: 200 }))).toThrow(expect.objectContaining({ code: 'budget-exceeded' }) as unknown as Error);
  }, 60_000);
});
