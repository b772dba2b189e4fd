/**
 * Hostile pools bounded by the cost of the work, not the count of checks (issue 15): 100
 * candidate issuers with one subject and expensive RSA keys under a leaf whose garbage signature
 * none of them made. Before the fix the 16,384-bit / 64-bit-exponent pool took 2.5–2.8 s in
 * `verifyChainSync` and 0.4–1.6 s in `verifyChain`; now such keys are refused before any
 * arithmetic, and keys that are allowed are charged by weight against `budget.signatureCost`.
 *
 * The test timeouts are the hang guard (no timing assertions); `bench/path.bench.ts` has the
 * timing row.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePublicKey } from '../src/keys/index';
import { Budget, DEFAULT_BUDGET, signatureCost, verifyChain, verifyChainSync, ValidationError, type ValidationOptions } from '../src/path/index';
import { hostilePool, HOSTILE_NOW, randomRsaSpki, type HostilePool } from './path-hostile-helpers';

async function outcome(f: () => unknown): Promise<{ code: string; message: string }> {
  try {
    await f();
    return { code: 'valid', message: '' };
  } catch (e) {
    if (e instanceof ValidationError) return { code: e.code, message: e.message };
    throw e;
  }
}

const opts = (p: HostilePool, o: Partial<ValidationOptions> = {}): ValidationOptions => ({
  anchors: [p.root],
  intermediates: p.pool,
  time: HOSTILE_NOW,
  purposes: ['serverAuth'],
  hostname: 'hostile.example.com',
  ...o,
});

let issuePool: HostilePool, bigE65537: HostilePool, rsa8192e32: HostilePool;

beforeAll(async () => {
  issuePool = await hostilePool({ count: 100, bits: 16_384, exponent: (1n << 63n) + 0x1235n });
  bigE65537 = await hostilePool({ count: 100, bits: 16_384, exponent: 65537n });
  rsa8192e32 = await hostilePool({ count: 100, bits: 8_192, exponent: (1n << 32n) - 1n });
}, 60_000);

describe('signature cost weights', () => {
  it('weighs RSA by modulus² × exponent length, and is at least 1', () => {
    expect(signatureCost(parsePublicKey(randomRsaSpki(2048, 65537n, 1)))).toBe(1);
    expect(signatureCost(parsePublicKey(randomRsaSpki(4096, 65537n, 1)))).toBe(4);
    expect(signatureCost(parsePublicKey(randomRsaSpki(8192, 65537n, 1)))).toBe(16);
    expect(signatureCost(parsePublicKey(randomRsaSpki(8192, (1n << 32n) - 1n, 1)))).toBe(31);
    expect(signatureCost(parsePublicKey(randomRsaSpki(16384, (1n << 63n) + 1n, 1)))).toBe(241);
  });

  it('the cost budget is caller-settable and checked like the others', () => {
    expect(DEFAULT_BUDGET.signatureCost).toBe(1000);
    const b = new Budget({ signatureCost: 10 });
    b.spendSignature(6);
    expect(() => b.spendSignature(6)).toThrow(expect.objectContaining({ code: 'budget-exceeded', message: expect.stringContaining('budget.signatureCost') }) as unknown as Error);
    expect(() => new Budget({ signatureCost: -1 })).toThrow(RangeError);
  });
});

describe('the issue-15 pool: 100 × RSA-16384 with a 64-bit exponent, garbage leaf signature', () => {
  for (const profile of ['webpki', 'rfc5280'] as const) {
    it(`${profile}: refused before any arithmetic, sync and async`, { timeout: 5_000 }, async () => {
      const why = profile === 'webpki' ? /16384 bits is above the 8192-bit maximum/ : /exponent of 64 bits is above the 2\^32 maximum/;
      for (const run of [() => verifyChainSync(issuePool.leaf, opts(issuePool, { profile })), () => verifyChain(issuePool.leaf, opts(issuePool, { profile }))]) {
        const r = await outcome(run);
        expect(r.code).toBe('unsupported-algorithm');
        expect(r.message).toMatch(why);
      }
    });
  }
});

describe('keys that are allowed are charged by weight', () => {
  it('100 × RSA-16384 (e = 65537) under rfc5280: the cost budget stops the search (64 units a check)', { timeout: 10_000 }, async () => {
    for (const run of [() => verifyChainSync(bigE65537.leaf, opts(bigE65537, { profile: 'rfc5280' })), () => verifyChain(bigE65537.leaf, opts(bigE65537, { profile: 'rfc5280' }))]) {
      const r = await outcome(run);
      expect(r.code).toBe('budget-exceeded');
      expect(r.message).toContain('budget.signatureCost');
    }
    // webpki refuses these moduli outright.
    expect((await outcome(() => verifyChainSync(bigE65537.leaf, opts(bigE65537, { profile: 'webpki' })))).code).toBe('unsupported-algorithm');
  });

  it('100 × RSA-8192 (e = 2^32 − 1) under webpki: the cost budget, not the count budget, stops it', { timeout: 10_000 }, async () => {
    const r = await outcome(() => verifyChainSync(rsa8192e32.leaf, opts(rsa8192e32)));
    expect(r).toMatchObject({ code: 'budget-exceeded', message: expect.stringContaining('budget.signatureCost') });
    const a = await outcome(() => verifyChain(rsa8192e32.leaf, opts(rsa8192e32)));
    expect(a.code).toBe('budget-exceeded');
  });

  it('a caller who raises the budget gets the real answer: no candidate signed the leaf', { timeout: 20_000 }, async () => {
    const r = await outcome(() => verifyChain(rsa8192e32.leaf, opts(rsa8192e32, { budget: { signatureCost: 10_000 } })));
    expect(r.code).toBe('bad-signature');
  });
});
