/**
 * PKCS#10 requests: parse + verify (P-256 and RSA-2048) and build + sign (P-256), side by side
 * with pkijs, @peculiar/x509, node-forge and jsrsasign.
 *
 * - parse + verify: one operation parses one request (subject C/O/CN, SAN with two dNSNames, EKU),
 *   checks its self-signature and reads the CN and the SAN dNSNames. The same request bytes for
 *   every library, converted outside the loop to its input form (ArrayBuffer, PEM, binary
 *   string). certkit: `parseCsr(der)` then `verifyCsr(csr)` (WebCrypto, as pkijs and
 *   @peculiar/x509 use) and, in a second row, the synchronous pure-JS `verifyCsrSync(csr)` (noble);
 *   jsrsasign and node-forge verify in their own JS; node-forge reads RSA keys only.
 * - build + sign: the same request built from scratch and signed ECDSA P-256 / SHA-256, output
 *   DER (jsrsasign: PEM). certkit's `sign()` also parses the result and verifies its signature,
 *   which the others do not do. WebCrypto keys for certkit (`signerFromCryptoKeyPair`), pkijs and
 *   @peculiar/x509; a second certkit row signs with noble (`signerFromPrivateKey`).
 * Every library's output is checked (by certkit, and each parse result against certkit's)
 * before timing. Async and sync functions are timed the same way: awaited one after another in
 * interleaved rounds.
 * @module
 */
import { CsrBuilder, parseCsr, verifyCsr, verifyCsrSync } from '../src/csr/index';
import { importPrivateKey } from '../src/keys/index';
import { signerFromCryptoKeyPair, signerFromPrivateKey, type Signer } from '../src/sig/index';
import type { BenchRow, BenchSection } from './harness';
import type { CsrSpec, CsrSummary } from './peers/csr-common';
import * as jsrsasignPeer from './peers/jsrsasign-csr';
import * as forgePeer from './peers/node-forge-csr';
import * as peculiarPeer from './peers/peculiar-x509-csr';
import * as pkijsPeer from './peers/pkijs-csr';
import { csrDnsNames, csrToPem } from '../src/csr/index';
import { extKeyUsageCodec, getExtension } from '../src/x509/index';

const SPEC: CsrSpec = { c: 'US', o: 'Example Org', cn: 'www.example.com', dnsNames: ['www.example.com', 'example.com'] };

function certkitBuild(signer: Signer): Promise<unknown> {
  return CsrBuilder.create()
    .subject({ C: SPEC.c, O: SPEC.o, CN: SPEC.cn })
    .subjectAltNames(...SPEC.dnsNames)
    .extKeyUsage(['serverAuth'])
    .sign(signer);
}

function certkitParseVerifySync(der: Uint8Array): CsrSummary {
  const c = parseCsr(der);
  return { ok: verifyCsrSync(c), cn: c.subject.commonName, dns: csrDnsNames(c) };
}

async function certkitParseVerify(der: Uint8Array): Promise<CsrSummary> {
  const c = parseCsr(der);
  return { ok: await verifyCsr(c), cn: c.subject.commonName, dns: csrDnsNames(c) };
}

/** Interleaved rounds of awaited calls; the median of each function's rounds. */
async function measureAsync(fns: ReadonlyArray<() => unknown>, minTimeMs: number): Promise<Array<{ opsPerSec: number; spread: number }>> {
  const rounds = 7;
  const roundMs = minTimeMs / rounds;
  for (const fn of fns) {
    const end = performance.now() + 300;
    while (performance.now() < end) await fn();
  }
  const samples: number[][] = fns.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < fns.length; k++) {
      await new Promise((resolve) => setImmediate(resolve));
      const fn = fns[k]!;
      let n = 0;
      const t0 = performance.now();
      while (performance.now() - t0 < roundMs) {
        await fn();
        n++;
      }
      samples[k]!.push((n * 1000) / (performance.now() - t0));
    }
  }
  return samples.map((s) => {
    const sorted = [...s].sort((a, b) => a - b);
    const median = sorted[3]!;
    return { opsPerSec: median, spread: (sorted[5]! - sorted[1]!) / 2 / median };
  });
}

function sameSummary(name: string, got: CsrSummary, want: CsrSummary): void {
  if (!got.ok || got.cn !== want.cn || got.dns.join() !== want.dns.join()) {
    throw new Error(`${name} read the request differently: ${JSON.stringify(got)} vs ${JSON.stringify(want)}`);
  }
}

async function parseRows(alg: 'P-256' | 'RSA-2048', minTimeMs: number): Promise<BenchRow[]> {
  const subtle = globalThis.crypto.subtle;
  const params =
    alg === 'P-256' ? ({ name: 'ECDSA', namedCurve: 'P-256' } as const) : ({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: Uint8Array.of(1, 0, 1), hash: 'SHA-256' } as const);
  const pair = (await subtle.generateKey(params, true, ['sign', 'verify'])) as CryptoKeyPair;
  const csr = (await certkitBuild(await signerFromCryptoKeyPair(pair))) as ReturnType<typeof parseCsr>;
  const der = csr.raw;
  const buf = der.slice().buffer;
  const pem = csrToPem(csr);
  const bin = Buffer.from(der).toString('binary');
  const want = certkitParseVerifySync(der);
  const peers: Array<[string, () => unknown, string?]> = [
    ['certkit (WebCrypto verify)', () => certkitParseVerify(der)],
    ['certkit (sync noble verify)', () => certkitParseVerifySync(der)],
    [`pkijs ${pkijsPeer.version}`, () => pkijsPeer.parseVerify(buf)],
    [`@peculiar/x509 ${peculiarPeer.version}`, () => peculiarPeer.parseVerify(buf)],
    [`jsrsasign ${jsrsasignPeer.version}`, () => jsrsasignPeer.parseVerify(pem)],
  ];
  if (alg === 'RSA-2048') peers.push([`node-forge ${forgePeer.version}`, () => forgePeer.parseVerify(bin)]);
  for (const [name, fn] of peers) sameSummary(name, (await fn()) as CsrSummary, want);
  const ms = await measureAsync(
    peers.map((p) => p[1]),
    minTimeMs,
  );
  return ms.map((m, i) => ({ name: `parse + verify ${alg}, CSRs/s`, library: peers[i]![0], opsPerSec: m.opsPerSec, spread: m.spread }));
}

async function buildRows(minTimeMs: number): Promise<BenchRow[]> {
  const subtle = globalThis.crypto.subtle;
  const pair = (await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const spki = new Uint8Array(await subtle.exportKey('spki', pair.publicKey));
  const pkcs8 = new Uint8Array(await subtle.exportKey('pkcs8', pair.privateKey));
  const webSigner = await signerFromCryptoKeyPair(pair);
  const nobleSigner = signerFromPrivateKey(importPrivateKey(pkcs8));
  const js = jsrsasignPeer.keys(
    `-----BEGIN PRIVATE KEY-----\n${Buffer.from(pkcs8).toString('base64')}\n-----END PRIVATE KEY-----\n`,
    `-----BEGIN PUBLIC KEY-----\n${Buffer.from(spki).toString('base64')}\n-----END PUBLIC KEY-----\n`,
  );
  const builders: Array<[string, () => unknown]> = [
    ['certkit (WebCrypto signer)', () => certkitBuild(webSigner)],
    ['certkit (noble signer)', () => certkitBuild(nobleSigner)],
    [`pkijs ${pkijsPeer.version}`, () => pkijsPeer.build(SPEC, pair.publicKey, pair.privateKey)],
    [`@peculiar/x509 ${peculiarPeer.version}`, () => peculiarPeer.build(SPEC, pair.publicKey, pair.privateKey)],
    [`jsrsasign ${jsrsasignPeer.version}`, () => jsrsasignPeer.build(SPEC, js.pub, js.prv)],
  ];
  for (const [name, fn] of builders) {
    const out = await fn();
    const input = typeof out === 'string' ? out : out instanceof ArrayBuffer ? new Uint8Array(out) : (out as { raw: Uint8Array }).raw;
    const c = parseCsr(input, { lenient: true });
    if (!verifyCsrSync(c) || c.subject.commonName !== SPEC.cn || csrDnsNames(c).join() !== SPEC.dnsNames.join() || getExtension(c, extKeyUsageCodec)?.[0] !== '1.3.6.1.5.5.7.3.1') {
      throw new Error(`${name}: the built request is not the one asked for`);
    }
  }
  const ms = await measureAsync(
    builders.map((b) => b[1]),
    minTimeMs,
  );
  return ms.map((m, i) => ({ name: 'build + sign P-256, CSRs/s', library: builders[i]![0], opsPerSec: m.opsPerSec, spread: m.spread }));
}

function annotate(rows: BenchRow[]): void {
  const peers = rows.filter((r) => !r.library.startsWith('certkit'));
  const fastest = peers.reduce((a, b) => (b.opsPerSec > a.opsPerSec ? b : a));
  for (const r of rows) if (r.library.startsWith('certkit')) r.note = `${(r.opsPerSec / fastest.opsPerSec).toFixed(1)}x the fastest peer (${fastest.library.split(' ')[0]})`;
}

export async function bench(): Promise<BenchSection> {
  const quick = process.env.CERTKIT_BENCH_QUICK === '1';
  const t = quick ? 1000 : 3000;
  const p256 = await parseRows('P-256', t);
  const rsa = await parseRows('RSA-2048', t);
  const build = await buildRows(t);
  for (const group of [p256, rsa, build]) annotate(group);
  return {
    title: 'PKCS#10 requests: parse + verify, build + sign',
    note:
      '**parse + verify**: one request (subject C/O/CN, SAN with two dNSNames, EKU) per operation: parse, check the self-signature, read CN and the SAN dNSNames; ' +
      'the same bytes for every library (ArrayBuffer for pkijs and @peculiar/x509, PEM for jsrsasign, a binary string for node-forge), results checked against certkit before timing. ' +
      'certkit rows: `parseCsr(der)` + `verifyCsr(csr)` (WebCrypto, as pkijs and @peculiar/x509 verify) and + `verifyCsrSync(csr)` (synchronous, pure JS through noble, as jsrsasign and node-forge verify). ' +
      'node-forge reads RSA keys only, so it appears in the RSA row alone. ' +
      "**build + sign**: the same request built from scratch each time and signed ECDSA P-256 / SHA-256; certkit's `sign()` also parses its output and verifies the signature (WebCrypto), which the others skip. " +
      'Each operation is awaited, for sync and async libraries alike, in interleaved rounds; the figure is the median of 7 rounds. Notes give each certkit row against the fastest peer of its group.',
    baseline: `pkijs ${pkijsPeer.version}`,
    unit: { name: 'CSRs', perOp: 1 },
    rows: [...p256, ...rsa, ...build],
  };
}
