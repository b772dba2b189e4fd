/**
 * Path validation throughput: validate a 3-certificate chain (root → intermediate → leaf,
 * parsing of the three DER certificates included) for P-256 and RSA-2048, and resolve a leaf
 * through a 100-certificate pool full of cross-signs and dead ends.
 *
 * Rows: certkit `verifyChain` (async, WebCrypto verification), certkit `verifyChainSync` (pure
 * JS), and Node's native per-link check (`new X509Certificate` ×3, then `checkIssued` +
 * `verify(issuer.publicKey)` per link), which checks signatures and names only (no validity,
 * basicConstraints, key usage or hostname): the floor any JS validator is compared with. The
 * chains are built once with certkit's CertificateBuilder; each validation is checked to succeed
 * before timing. Peers with their own validators (pkijs, @peculiar/x509) are not measured yet.
 * @module
 */
import { X509Certificate } from 'node:crypto';
import { generateKeyPair, type KeyPair } from '../src/keys/index';
import { signerFromPrivateKey } from '../src/sig/index';
import { CertificateBuilder, dns, parseCertificate, type Certificate } from '../src/x509/index';
import { verifyChain, verifyChainSync, type ValidationOptions } from '../src/path/index';
import { measureInterleaved, type BenchRow, type BenchSection } from './harness';

const T0 = new Date('2025-01-01T00:00:00Z');
const END = new Date('2035-01-01T00:00:00Z');
const NOW = new Date('2026-01-01T00:00:00Z');

interface _Chain {
  root: Uint8Array;
  ica: Uint8Array;
  leaf: Uint8Array;
}

async function _chain(alg: 'P-256' | 'RSA-2048'): Promise<_Chain> {
  const [rk, ik, lk] = await Promise.all([generateKeyPair(alg), generateKeyPair(alg), generateKeyPair(alg)]) as [KeyPair, KeyPair, KeyPair];
  const root = await CertificateBuilder.selfSignedCa('CN=Bench Root').notBefore(T0).notAfter(END).sign(signerFromPrivateKey(rk.privateKey), { now: T0 });
  const ica = await CertificateBuilder.create().subject('CN=Bench ICA').publicKey(ik.publicKey).notBefore(T0).notAfter(END)
    .basicConstraints({ cA: true, pathLenConstraint: 0 }).keyUsage(['keyCertSign', 'cRLSign'])
    .sign(signerFromPrivateKey(rk.privateKey), { issuerCertificate: root, now: T0 });
  const leaf = await CertificateBuilder.create().subject('CN=bench.example.com').publicKey(lk.publicKey).notBefore(T0).notAfter(END)
    .subjectAltNames(dns('bench.example.com')).extKeyUsage(['1.3.6.1.5.5.7.3.1'])
    .sign(signerFromPrivateKey(ik.privateKey), { issuerCertificate: ica, now: T0 });
  return { root: root.toDer(), ica: ica.toDer(), leaf: leaf.toDer() };
}

function _opts(root: Certificate, ica: Certificate): ValidationOptions {
  return { anchors: [root], intermediates: [ica], time: NOW, purposes: ['serverAuth'], hostname: 'bench.example.com' };
}

function _sync(c: _Chain): () => unknown {
  return () => {
    const root = parseCertificate(c.root);
    return verifyChainSync(parseCertificate(c.leaf), _opts(root, parseCertificate(c.ica)));
  };
}

function _node(c: _Chain): () => unknown {
  return () => {
    const root = new X509Certificate(c.root);
    const ica = new X509Certificate(c.ica);
    const leaf = new X509Certificate(c.leaf);
    if (!leaf.checkIssued(ica) || !leaf.verify(ica.publicKey) || !ica.checkIssued(root) || !ica.verify(root.publicKey)) throw new Error('node: chain does not verify');
    return leaf;
  };
}

/** ops/s of an async function: median of rounds, each `minMs` long. */
async function _measureAsync(fn: () => Promise<unknown>, rounds = 7, minMs = 300): Promise<number> {
  for (let i = 0; i < 20; i++) await fn();
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let n = 0;
    const t0 = performance.now();
    let t = t0;
    do {
      await fn();
      n++;
      t = performance.now();
    } while (t - t0 < minMs);
    rates.push((n * 1000) / (t - t0));
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)]!;
}

/** A pool of 100 intermediates: 10 logical CAs cross-signed in a ring, plus expired and unrelated ones. */
async function _pool(): Promise<{ leaf: Certificate; root: Certificate; pool: Certificate[] }> {
  const rk = await generateKeyPair('P-256');
  const root = await CertificateBuilder.selfSignedCa('CN=Pool Root').notBefore(T0).notAfter(END).sign(signerFromPrivateKey(rk.privateKey), { now: T0 });
  const keys = await Promise.all(Array.from({ length: 10 }, () => generateKeyPair('P-256')));
  const pool: Certificate[] = [];
  const subject = (i: number): string => `CN=Pool CA ${i}`;
  // Cross-signs: CA i signed by CA j for many pairs (dead ends: none of them reaches the root but CA 0).
  for (let i = 0; i < 10; i++) {
    for (let j = 0; j < 10 && pool.length < 90; j++) {
      if (i === j) continue;
      const c = await CertificateBuilder.create().subject(subject(i)).issuer(subject(j)).authorityKeyIdentifier(keys[j]!.publicKey.subjectKeyIdentifier()).publicKey(keys[i]!.publicKey).notBefore(T0).notAfter(j % 3 === 1 ? new Date('2025-06-01T00:00:00Z') : END)
        .basicConstraints({ cA: true }).keyUsage(['keyCertSign'])
        .sign(signerFromPrivateKey(keys[j]!.privateKey), { now: T0 });
      pool.push(c);
    }
  }
  const top = await CertificateBuilder.create().subject(subject(0)).publicKey(keys[0]!.publicKey).notBefore(T0).notAfter(END)
    .basicConstraints({ cA: true }).keyUsage(['keyCertSign']).sign(signerFromPrivateKey(rk.privateKey), { issuerCertificate: root, now: T0 });
  pool.push(top);
  const lk = await generateKeyPair('P-256');
  const leaf = await CertificateBuilder.create().subject('CN=pool.example.com').publicKey(lk.publicKey).notBefore(T0).notAfter(END)
    .subjectAltNames(dns('pool.example.com')).extKeyUsage(['1.3.6.1.5.5.7.3.1'])
    .issuer(subject(9)).authorityKeyIdentifier(keys[9]!.publicKey.subjectKeyIdentifier()).sign(signerFromPrivateKey(keys[9]!.privateKey), { now: T0 });
  return { leaf, root, pool };
}

export default async function bench(): Promise<BenchSection> {
  const rows: BenchRow[] = [];
  for (const alg of ['P-256', 'RSA-2048'] as const) {
    const c = await _chain(alg);
    const name = `validate 3-cert chain, ${alg}`;
    _sync(c)();
    _node(c)();
    const [s, n] = await measureInterleaved([_sync(c), _node(c)], { minTimeMs: 3000 });
    const asyncRate = await _measureAsync(async () => {
      const root = parseCertificate(c.root);
      return verifyChain(parseCertificate(c.leaf), _opts(root, parseCertificate(c.ica)));
    });
    rows.push({ name, library: 'Node X509Certificate (per link)', opsPerSec: n!.opsPerSec, spread: n!.spread, note: 'signatures and names only' });
    rows.push({ name, library: 'certkit verifyChain (WebCrypto)', opsPerSec: asyncRate });
    rows.push({ name, library: 'certkit verifyChainSync (pure JS)', opsPerSec: s!.opsPerSec, spread: s!.spread });
  }
  const p = await _pool();
  const poolOpts: ValidationOptions = { anchors: [p.root], intermediates: p.pool, time: NOW, purposes: ['serverAuth'], hostname: 'pool.example.com', budget: { signatureChecks: 1000 } };
  const found = await verifyChain(p.leaf, poolOpts);
  const poolRate = await _measureAsync(() => verifyChain(p.leaf, poolOpts), 5, 500);
  rows.push({ name: `resolve through a ${p.pool.length}-intermediate pool (path of ${found.chain.length})`, library: 'certkit verifyChain (WebCrypto)', opsPerSec: poolRate, note: `${(1000 / poolRate).toFixed(2)} ms per call` });
  return {
    title: 'Path validation',
    note: 'One call parses the three DER certificates and validates the chain (RFC 5280 §6.1, webpki profile, serverAuth, hostname). Node\'s row checks only names and signatures per link. The pool row: 10 logical CAs cross-signed among themselves (some expired), one of them issued by the root.',
    baseline: 'Node X509Certificate (per link)',
    rows,
  };
}
