/**
 * Benchmark: signing and verification per algorithm, certkit's pure path (noble and bigint RSA)
 * and WebCrypto path side by side with Node's own `crypto.sign` / `crypto.verify` (OpenSSL).
 *
 * Each row signs or verifies the same 1 KiB message (the size of a small tbsCertificate) with a
 * key made once. Verify rows: `verifySignatureSync` (pure, synchronous),
 * `verifySignature({ backend: 'webcrypto' })` (key import cached per PublicKey), and Node.
 * Sign rows: `Signer.sign` (noble for ECDSA/EdDSA/ML-DSA, WebCrypto for RSA) and Node. ML-DSA has
 * no WebCrypto or Node row on Node 20. Async rows are timed one awaited call after another.
 * @module
 */
import { generateKeyPair, type KeyPair, type KeyPairAlgorithm } from '../src/keys/index';
import { signerFromPrivateKey, verifySignatureSync, verifySignature, type Signer, type SignerOptions } from '../src/sig/index';
import type { BenchRow, BenchSection, Measurement } from './harness';
import { nodeSigner, nodeVerifier, version as nodeVersion, type NodeScheme } from './peers/node-crypto';

interface Case {
  name: string;
  alg: KeyPairAlgorithm;
  options?: SignerOptions;
  node?: NodeScheme;
  webcrypto: boolean;
}

const CASES: Case[] = [
  { name: 'P-256 ecdsa-with-SHA256', alg: 'P-256', node: { digest: 'sha256' }, webcrypto: true },
  { name: 'P-384 ecdsa-with-SHA384', alg: 'P-384', node: { digest: 'sha384' }, webcrypto: true },
  { name: 'P-521 ecdsa-with-SHA512', alg: 'P-521', node: { digest: 'sha512' }, webcrypto: true },
  { name: 'Ed25519', alg: 'Ed25519', node: { digest: null }, webcrypto: true },
  { name: 'Ed448', alg: 'Ed448', node: { digest: null }, webcrypto: true },
  { name: 'RSA-2048 sha256WithRSAEncryption', alg: 'RSA-2048', node: { digest: 'sha256' }, webcrypto: true },
  { name: 'RSA-2048 RSASSA-PSS SHA-256', alg: 'RSA-2048', options: { pss: true }, node: { digest: 'sha256', pssSaltLength: 32 }, webcrypto: true },
  { name: 'RSA-4096 sha256WithRSAEncryption', alg: 'RSA-4096', node: { digest: 'sha256' }, webcrypto: true },
  { name: 'ML-DSA-44', alg: 'ML-DSA-44', webcrypto: false },
  { name: 'ML-DSA-65', alg: 'ML-DSA-65', webcrypto: false },
];

const MIN_TIME_MS = 900;
const WARMUP_MS = 150;
const ROUNDS = 7;

/**
 * Like the harness's `measureInterleaved`, for functions that may return a promise (awaited):
 * warm-up, then `ROUNDS` interleaved rounds, median ops/s and half the interquartile range.
 */
async function measureMixed(fns: ReadonlyArray<() => unknown>): Promise<Measurement[]> {
  const roundMs = MIN_TIME_MS / ROUNDS;
  for (const fn of fns) {
    const t0 = performance.now();
    do await fn();
    while (performance.now() - t0 < WARMUP_MS);
  }
  const samples: number[][] = fns.map(() => []);
  for (let r = 0; r < ROUNDS; r++) {
    for (let k = 0; k < fns.length; k++) {
      await new Promise((resolve) => setImmediate(resolve));
      const fn = fns[k]!;
      let n = 0;
      const t0 = performance.now();
      let t = t0;
      do {
        const x = fn();
        if (x instanceof Promise) await x;
        n++;
        t = performance.now();
      } while (t - t0 < roundMs);
      samples[k]!.push((n * 1000) / (t - t0));
    }
  }
  return samples.map((s) => {
    const sorted = [...s].sort((a, b) => a - b);
    const median = sorted[sorted.length >> 1]!;
    const q = (f: number): number => sorted[Math.min(sorted.length - 1, Math.round(f * (sorted.length - 1)))]!;
    return { opsPerSec: median, spread: (q(0.75) - q(0.25)) / 2 / median, samples: s };
  });
}

export async function bench(): Promise<BenchSection> {
  const data = new Uint8Array(1024).map((_, i) => (i * 31 + 7) & 0xff);
  const rows: BenchRow[] = [];
  const keyCache = new Map<string, KeyPair>();
  for (const c of CASES) {
    let kp = keyCache.get(String(c.alg));
    if (!kp) keyCache.set(String(c.alg), (kp = await generateKeyPair(c.alg)));
    const signer: Signer = signerFromPrivateKey(kp.privateKey, c.options);
    const sig = await signer.sign(data);
    const pub = kp.publicKey;
    const alg = signer.algorithm;
    if (!verifySignatureSync(pub, alg, data, sig)) throw new Error(`${c.name}: signature does not verify`);

    // Verify rows.
    const vfns: (() => unknown)[] = [() => verifySignatureSync(pub, alg, data, sig)];
    const vlibs = ['certkit pure'];
    if (c.webcrypto) {
      vfns.push(() => verifySignature(pub, alg, data, sig, { backend: 'webcrypto' }));
      vlibs.push('certkit WebCrypto');
    }
    if (c.node) {
      const nv = nodeVerifier(pub.spki, c.node);
      if (!nv(data, sig)) throw new Error(`${c.name}: node does not verify certkit's signature`);
      vfns.push(() => nv(data, sig));
      vlibs.push('node crypto');
    }
    const vm = await measureMixed(vfns);
    vm.forEach((m, i) => rows.push({ name: `verify ${c.name}`, library: vlibs[i]!, opsPerSec: m.opsPerSec, spread: m.spread }));

    // Sign rows.
    const sfns: (() => unknown)[] = [() => signer.sign(data)];
    const slibs = [c.alg.toString().startsWith('RSA') ? 'certkit WebCrypto' : 'certkit pure'];
    if (c.node) {
      const ns = nodeSigner(kp.privateKey.toPkcs8(), c.node);
      sfns.push(() => ns(data));
      slibs.push('node crypto');
    }
    const sm = await measureMixed(sfns);
    sm.forEach((m, i) => rows.push({ name: `sign ${c.name}`, library: slibs[i]!, opsPerSec: m.opsPerSec, spread: m.spread }));
  }
  return {
    title: 'Sign and verify per algorithm: certkit pure vs WebCrypto vs Node crypto',
    note:
      `One 1 KiB message, one key per algorithm. "certkit pure" is \`verifySignatureSync\` (noble for ECDSA/EdDSA/ML-DSA, bigint RSA) ` +
      `and \`Signer.sign\` through noble; "certkit WebCrypto" is \`verifySignature({ backend: 'webcrypto' })\` ` +
      `(imported key cached per PublicKey) and RSA signing, which certkit does through WebCrypto only; "node crypto" is ` +
      `${nodeVersion} \`crypto.verify\`/\`crypto.sign\` with a KeyObject made once. Async rows are awaited one call at a time. ` +
      `ECDSA signing is deterministic (RFC 6979), ML-DSA signing hedged. No WebCrypto or Node ML-DSA on Node 20.`,
    baseline: 'node crypto',
    rows,
  };
}
