/**
 * Path validation throughput: validate a 3-certificate chain (root → intermediate → leaf,
 * parsing of the three DER certificates included) for P-256 and RSA-2048, and resolve a leaf
 * through a 100-certificate pool full of cross-signs and dead ends.
 *
 * Rows: certkit `verifyChain` (async, WebCrypto verification; RFC 5280 §6.1 under the webpki
 * profile, serverAuth, host name), certkit `verifyChainSync` (pure JS, same checks), and the
 * peers, each doing what it can (see its adapter in `bench/peers/*-path.ts`): Node's native
 * per-link check (`new X509Certificate` ×3, then `checkIssued` + `verify(issuer.publicKey)` per
 * link: names and signatures only), pkijs `CertificateChainValidationEngine`, @peculiar/x509
 * `X509ChainBuilder` (+ dates), node-forge `verifyCertificateChain` (RSA only: forge cannot read
 * EC keys) and jsrsasign per link (it has no chain validator). The chains are built once with
 * certkit's CertificateBuilder; every row is checked to accept the chain before timing, and
 * certkit to refuse it for the wrong host.
 *
 * Timing: the rows are measured in interleaved rounds (as `harness.measureInterleaved`, which
 * cannot await), each call awaited before the next, and rated per second of process CPU time
 * (all threads, so WebCrypto's thread pool counts), the harness's default clock. The async
 * rows wait for the thread pool between steps; their wall-clock rate on an idle machine is
 * given too, beside Node's.
 * @module
 */
import { generateKeyPair, type KeyPair } from '../src/keys/index';
import { signerFromPrivateKey } from '../src/sig/index';
import { CertificateBuilder, dns, parseCertificate, type Certificate } from '../src/x509/index';
import { loadTrustStore, verifyChain, verifyChainSync, ValidationError, type ValidationOptions } from '../src/path/index';
import { existsSync, readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import type { BenchRow, BenchSection } from './harness';
import { hostilePool, HOSTILE_NOW } from '../test/path-hostile-helpers';
import * as nodePath from './peers/node-path';
import * as pkijsPath from './peers/pkijs-path';
import * as peculiarPath from './peers/peculiar-x509-path';
import * as forgePath from './peers/node-forge-path';
import * as jsrsasignPath from './peers/jsrsasign-path';

const T0 = new Date('2025-01-01T00:00:00Z');
const END = new Date('2035-01-01T00:00:00Z');
const NOW = new Date('2026-01-01T00:00:00Z');
const HOST = 'bench.example.com';

interface _Chain {
  root: Uint8Array;
  ica: Uint8Array;
  leaf: Uint8Array;
}

async function _chain(alg: 'P-256' | 'RSA-2048'): Promise<_Chain> {
  const [rk, ik, lk] = (await Promise.all([generateKeyPair(alg), generateKeyPair(alg), generateKeyPair(alg)])) as [KeyPair, KeyPair, KeyPair];
  const root = await CertificateBuilder.selfSignedCa('CN=Bench Root').notBefore(T0).notAfter(END).sign(signerFromPrivateKey(rk.privateKey), { now: T0 });
  const ica = await CertificateBuilder.create()
    .subject('CN=Bench ICA')
    .publicKey(ik.publicKey)
    .notBefore(T0)
    .notAfter(END)
    .basicConstraints({ cA: true, pathLenConstraint: 0 })
    .keyUsage(['keyCertSign', 'cRLSign'])
    .sign(signerFromPrivateKey(rk.privateKey), { issuerCertificate: root, now: T0 });
  const leaf = await CertificateBuilder.create()
    .subject(`CN=${HOST}`)
    .publicKey(lk.publicKey)
    .notBefore(T0)
    .notAfter(END)
    .subjectAltNames(dns(HOST))
    .extKeyUsage(['1.3.6.1.5.5.7.3.1'])
    .sign(signerFromPrivateKey(ik.privateKey), { issuerCertificate: ica, now: T0 });
  return { root: root.raw, ica: ica.raw, leaf: leaf.raw };
}

function _opts(root: Certificate, ica: Certificate, host = HOST): ValidationOptions {
  return { anchors: [root], intermediates: [ica], time: NOW, purposes: ['serverAuth'], hostname: host };
}

const _ab = (u: Uint8Array): ArrayBuffer => u.slice().buffer;
const _hex = (u: Uint8Array): string => Buffer.from(u).toString('hex');
const _bin = (u: Uint8Array): string => Buffer.from(u).toString('binary');

/** The measured functions for one chain, each parsing the DER it is given. */
function _rows(c: _Chain, alg: string): Array<{ library: string; fn: () => unknown; note?: string }> {
  const ab = { root: _ab(c.root), ica: _ab(c.ica), leaf: _ab(c.leaf) };
  const hex = { root: _hex(c.root), ica: _hex(c.ica), leaf: _hex(c.leaf) };
  const bin = { root: _bin(c.root), ica: _bin(c.ica), leaf: _bin(c.leaf) };
  const rows: Array<{ library: string; fn: () => unknown; note?: string }> = [
    { library: 'Node X509Certificate (per link)', fn: () => nodePath.validate(c.root, c.ica, c.leaf), note: 'names and signatures only' },
    { library: 'certkit verifyChain (WebCrypto)', fn: () => verifyChain(parseCertificate(c.leaf), _opts(parseCertificate(c.root), parseCertificate(c.ica))) },
    { library: 'certkit verifyChainSync (pure JS)', fn: () => verifyChainSync(parseCertificate(c.leaf), _opts(parseCertificate(c.root), parseCertificate(c.ica))) },
    { library: `pkijs ${pkijsPath.version} CertificateChainValidationEngine`, fn: () => pkijsPath.validate(ab.root, ab.ica, ab.leaf, NOW), note: 'no EKU, pathLen or host name' },
    { library: `@peculiar/x509 ${peculiarPath.version} X509ChainBuilder`, fn: () => peculiarPath.validate(ab.root, ab.ica, ab.leaf, NOW), note: 'names, signatures, dates' },
  ];
  if (alg === 'RSA-2048') rows.push({ library: `node-forge ${forgePath.version} verifyCertificateChain`, fn: () => forgePath.validate(bin.root, bin.ica, bin.leaf, NOW), note: 'no EKU or host name' });
  rows.push({ library: `jsrsasign ${jsrsasignPath.version} (per link)`, fn: () => jsrsasignPath.validate(hex.root, hex.ica, hex.leaf, NOW), note: 'names, signatures, dates' });
  return rows;
}

const _cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const _wallMs = (): number => performance.now();

/**
 * Interleaved rounds over functions that may return promises (each call awaited): warm-up, then
 * `rounds` rounds of `roundMs` per function; the median rate and half the interquartile range.
 */
async function _measure(fns: ReadonlyArray<() => unknown>, o: { clock: 'cpu' | 'wall'; rounds?: number; roundMs?: number; warmupMs?: number }): Promise<Array<{ opsPerSec: number; spread: number }>> {
  const now = o.clock === 'cpu' ? _cpuMs : _wallMs;
  const rounds = o.rounds ?? 9;
  const roundMs = o.roundMs ?? 250;
  for (const fn of fns) {
    const w0 = now();
    let n = 0;
    while (now() - w0 < (o.warmupMs ?? 300) || n < 5) {
      await fn();
      n++;
    }
  }
  const samples: number[][] = fns.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < fns.length; k++) {
      await new Promise((resolve) => setImmediate(resolve));
      const fn = fns[k]!;
      let n = 0;
      const t0 = now();
      let t = t0;
      do {
        await fn();
        n++;
        t = now();
      } while (t - t0 < roundMs);
      samples[k]!.push((n * 1000) / (t - t0));
    }
  }
  return samples.map((s) => {
    const sorted = [...s].sort((a, b) => a - b);
    const median = sorted[sorted.length >> 1]!;
    const q = (f: number): number => sorted[Math.round(f * (sorted.length - 1))]!;
    return { opsPerSec: median, spread: (q(0.75) - q(0.25)) / 2 / median };
  });
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
      const c = await CertificateBuilder.create()
        .subject(subject(i))
        .issuer(subject(j))
        .authorityKeyIdentifier(keys[j]!.publicKey.subjectKeyIdentifier())
        .publicKey(keys[i]!.publicKey)
        .notBefore(T0)
        .notAfter(j % 3 === 1 ? new Date('2025-06-01T00:00:00Z') : END)
        .basicConstraints({ cA: true })
        .keyUsage(['keyCertSign'])
        .sign(signerFromPrivateKey(keys[j]!.privateKey), { now: T0 });
      pool.push(c);
    }
  }
  const top = await CertificateBuilder.create()
    .subject(subject(0))
    .publicKey(keys[0]!.publicKey)
    .notBefore(T0)
    .notAfter(END)
    .basicConstraints({ cA: true })
    .keyUsage(['keyCertSign'])
    .sign(signerFromPrivateKey(rk.privateKey), { issuerCertificate: root, now: T0 });
  pool.push(top);
  const lk = await generateKeyPair('P-256');
  const leaf = await CertificateBuilder.create()
    .subject('CN=pool.example.com')
    .publicKey(lk.publicKey)
    .notBefore(T0)
    .notAfter(END)
    .subjectAltNames(dns('pool.example.com'))
    .extKeyUsage(['1.3.6.1.5.5.7.3.1'])
    .issuer(subject(9))
    .authorityKeyIdentifier(keys[9]!.publicKey.subjectKeyIdentifier())
    .sign(signerFromPrivateKey(keys[9]!.privateKey), { now: T0 });
  return { leaf, root, pool };
}

export async function bench(): Promise<BenchSection> {
  const rows: BenchRow[] = [];
  const wallNotes: string[] = [];
  for (const alg of ['P-256', 'RSA-2048'] as const) {
    const c = await _chain(alg);
    const name = `validate 3-cert chain, ${alg}`;
    const peers = _rows(c, alg);
    // Every row must accept the chain; certkit must also refuse it for another host.
    for (const p of peers) await p.fn();
    const wrongHost = await verifyChain(parseCertificate(c.leaf), _opts(parseCertificate(c.root), parseCertificate(c.ica), 'other.example.com')).then(
      () => 'accepted',
      (e: unknown) => (e instanceof ValidationError ? e.code : 'crash'),
    );
    if (wrongHost !== 'hostname-mismatch') throw new Error(`certkit answered ${wrongHost} for the wrong host`);
    const ms = await _measure(
      peers.map((p) => p.fn),
      { clock: 'cpu' },
    );
    peers.forEach((p, i) => rows.push({ name, library: p.library, opsPerSec: ms[i]!.opsPerSec, spread: ms[i]!.spread, ...(p.note !== undefined ? { note: p.note } : {}) }));
    // Wall clock: certkit's async row waits on WebCrypto's thread pool; Node's check does not.
    const [wn, wc] = await _measure([peers[0]!.fn, peers[1]!.fn], { clock: 'wall', rounds: 7 });
    wallNotes.push(
      `${alg}: Node ${Math.round(wn!.opsPerSec).toLocaleString('en-US')}/s, certkit verifyChain ${Math.round(wc!.opsPerSec).toLocaleString('en-US')}/s (${(wc!.opsPerSec / wn!.opsPerSec).toFixed(2)}x)`,
    );
  }
  const p = await _pool();
  const poolOpts: ValidationOptions = { anchors: [p.root], intermediates: p.pool, time: NOW, purposes: ['serverAuth'], hostname: 'pool.example.com', budget: { signatureChecks: 1000 } };
  const found = await verifyChain(p.leaf, poolOpts);
  const [pr] = await _measure([() => verifyChain(p.leaf, poolOpts)], { clock: 'wall', rounds: 5, roundMs: 500 });
  rows.push({
    name: `resolve through a ${p.pool.length}-intermediate pool (path of ${found.chain.length})`,
    library: 'certkit verifyChain (WebCrypto)',
    opsPerSec: pr!.opsPerSec,
    spread: pr!.spread,
    note: `${(1000 / pr!.opsPerSec).toFixed(2)} ms per call, wall clock`,
  });
  // Issue 15's hostile pool: 100 candidate issuers with RSA-16384 keys and 64-bit exponents under
  // a leaf with a garbage signature (2.5–2.8 s sync, 0.4–1.6 s async before keys were refused
  // before arithmetic and checks charged by cost). Every call must refuse it.
  const hp = await hostilePool({ count: 100, bits: 16_384, exponent: (1n << 63n) + 0x1235n });
  const hOpts: ValidationOptions = { anchors: [hp.root], intermediates: hp.pool, time: HOSTILE_NOW, purposes: ['serverAuth'], hostname: 'hostile.example.com' };
  const refusedSync = (): void => {
    try {
      verifyChainSync(hp.leaf, hOpts);
    } catch (e) {
      if (e instanceof ValidationError) return;
      throw e;
    }
    throw new Error('the hostile pool validated');
  };
  const refusedAsync = (): Promise<void> =>
    verifyChain(hp.leaf, hOpts).then(
      () => {
        throw new Error('the hostile pool validated');
      },
      (e: unknown) => {
        if (!(e instanceof ValidationError)) throw e;
      },
    );
  const [hs, ha] = await _measure([refusedSync, refusedAsync], { clock: 'wall', rounds: 5, roundMs: 300 });
  rows.push({
    name: 'refuse a hostile pool: 100 issuers with RSA-16384 keys, 64-bit exponents',
    library: 'certkit verifyChainSync (pure JS)',
    opsPerSec: hs!.opsPerSec,
    spread: hs!.spread,
    note: `${(1000 / hs!.opsPerSec).toFixed(2)} ms per call, wall clock (was 2,500–2,800 ms)`,
  });
  rows.push({
    name: 'refuse a hostile pool: 100 issuers with RSA-16384 keys, 64-bit exponents',
    library: 'certkit verifyChain (WebCrypto)',
    opsPerSec: ha!.opsPerSec,
    spread: ha!.spread,
    note: `${(1000 / ha!.opsPerSec).toFixed(2)} ms per call, wall clock (was 400–1,600 ms)`,
  });
  // Trust store: the whole Debian bundle (Node's built-in roots where the machine has none).
  const debian = '/etc/ssl/certs/ca-certificates.crt';
  const storeText = existsSync(debian) ? readFileSync(debian, 'utf8') : rootCertificates.join('\n');
  const store = loadTrustStore(storeText);
  if (store.anchors.length < 100) throw new Error(`only ${store.anchors.length} roots loaded`);
  const [ts] = await _measure([() => loadTrustStore(storeText)], { clock: 'cpu', rounds: 7, roundMs: 300 });
  rows.push({
    name: `load a trust store: ${existsSync(debian) ? 'Debian ca-certificates.crt' : "Node's rootCertificates"} (${store.anchors.length} roots, ${store.skipped.length} skipped, ${store.lenient.length} read leniently)`,
    library: 'certkit loadTrustStore',
    opsPerSec: ts!.opsPerSec,
    spread: ts!.spread,
    note: `${(1000 / ts!.opsPerSec).toFixed(2)} ms per load, CPU time`,
  });
  return {
    title: 'Path validation',
    note:
      'One call parses the three DER certificates and validates the chain. certkit: RFC 5280 §6.1 under the webpki profile, serverAuth, host name. ' +
      'Peers do what their APIs offer (the note on each row says what they skip; adapters in `bench/peers/*-path.ts`): Node has no path validator, so its row is the per-link floor (`checkIssued` + `verify`); node-forge cannot read EC keys. ' +
      "Inputs are prepared in each library's own form (DER, ArrayBuffer, hex or binary string) outside the timed loop; every row is checked to accept the chain first. " +
      "Rates are per second of process CPU time (all threads: WebCrypto's thread pool counts), in interleaved rounds with each call awaited. " +
      `Wall clock, same interleaving (one call at a time, so certkit's async row also waits on the thread pool): ${wallNotes.join('; ')}. ` +
      'The pool row: 10 logical CAs cross-signed among themselves (some expired), one of them issued by the root; wall clock. ' +
      'The hostile-pool rows (issue 15): the keys are refused before any arithmetic (RSA above 8,192 bits under webpki, exponents above 2^32) and allowed keys are charged by cost (`budget.signatureCost`); wall clock, the whole call including building the pool index.' +
      ' The trust-store row: `loadTrustStore` on the whole bundle (every block decoded, parsed and its extensions decoded, duplicates and skips reported); CPU time.',
    baseline: 'Node X509Certificate (per link)',
    rows,
  };
}
