/**
 * Benchmark: the OCSP responder of `createCaService` and OCSP response verification.
 *
 * - Pre-signed responses served through the handler: `service.handle(GET /ocsp/<base64>)` for a
 *   certificate whose no-nonce response is cached (RFC 5019 GET; the Request is built in the loop,
 *   so URL parsing, routing, base64, request parsing, the issuer check and the headers count).
 * - Nonce responses signed on demand (P-256 CA key, RFC 8954 nonce): `POST /ocsp`, the store
 *   lookup and one ECDSA signature each.
 * - Parse + verify of a response (P-256, signed by the CA): certkit's `verifyOcspResponseSync`
 *   (noble) and `verifyOcspResponse` (WebCrypto), against pkijs (parse, `verify`,
 *   `getCertificateStatus`). @peculiar/x509, node-forge and jsrsasign have no OCSP response
 *   verification to compare.
 *
 * The handler runs in this process (no sockets: what is measured is the handler, not Node's
 * HTTP). Async calls run 32 at a time; rates are calls per second of wall-clock time over
 * interleaved rounds (median, with the range of the rounds in the note: the machine is shared).
 * @module
 */
import { BUILTIN_PROFILES, CertificateAuthority, MemoryCaStore, createHierarchy } from '../src/ca/index';
import { CsrBuilder } from '../src/csr/index';
import { generateKeyPair } from '../src/keys/index';
import { createCertId, encodeOcspRequest, verifyOcspResponse, verifyOcspResponseSync } from '../src/ocsp/index';
import { encodeBase64 } from '../src/pem/index';
import { MemoryAuthStore, createCaService, withPublicationUrls } from '../src/server/index';
import { signerFromPrivateKey } from '../src/sig/index';
import type { BenchRow, BenchSection } from './harness';
import * as pkijs from './peers/pkijs-ocsp';

const ROUNDS = 7;
const ROUND_MS = 700;
const CONCURRENCY = 32;

/** Runs `fn` CONCURRENCY at a time for about ROUND_MS; returns calls per second (wall). */
async function round(fn: () => Promise<unknown>): Promise<number> {
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < ROUND_MS) {
    await Promise.all(Array.from({ length: CONCURRENCY }, fn));
    n += CONCURRENCY;
  }
  return (n * 1000) / (performance.now() - t0);
}

async function interleaved(fns: ReadonlyArray<() => Promise<unknown>>): Promise<{ median: number; min: number; max: number }[]> {
  for (const f of fns) for (let i = 0; i < 200; i++) await f(); // warm-up
  const samples: number[][] = fns.map(() => []);
  for (let r = 0; r < ROUNDS; r++) for (let k = 0; k < fns.length; k++) samples[k]!.push(await round(fns[k]!));
  return samples.map((s) => {
    const x = [...s].sort((a, b) => a - b);
    return { median: x[x.length >> 1]!, min: x[0]!, max: x[x.length - 1]! };
  });
}

export async function bench(): Promise<BenchSection> {
  const h = await createHierarchy({ root: { subject: { CN: 'Bench Root' } }, intermediate: { subject: { CN: 'Bench Issuing CA' } } });
  const signer = signerFromPrivateKey(h.intermediateKey);
  const ca = new CertificateAuthority({
    certificate: h.intermediate.certificate,
    signer,
    store: new MemoryCaStore(),
    chain: [h.root.certificate],
    profiles: Object.values(BUILTIN_PROFILES).map((p) => withPublicationUrls(p, 'http://ca.bench', 'ca', { ocsp: true })),
  });
  const service = createCaService({ ca, auth: new MemoryAuthStore(), baseUrl: 'http://ca.bench', ocsp: { signer } });
  const key = await generateKeyPair('P-256');
  const csr = await CsrBuilder.create().subject({ CN: 'leaf' }).sign(signerFromPrivateKey(key.privateKey));
  const leaf = (await ca.issue(csr, { profile: 'tls-client' })).certificate;
  const issuer = h.intermediate.certificate;
  const id = createCertId(issuer, leaf);
  const plain = encodeOcspRequest([id]).der;
  const getUrl = `http://ca.bench/ocsp/${encodeURIComponent(encodeBase64(plain))}`;
  const withNonce = encodeOcspRequest([id], { nonce: true }).der;
  const check = async (res: Response): Promise<Uint8Array> => {
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  };
  const resp = await check(await service.handle(new Request(getUrl)));
  const ab = resp.buffer.slice(resp.byteOffset, resp.byteOffset + resp.byteLength) as ArrayBuffer;
  const ctx = pkijs.prepare(issuer.raw, leaf.raw, h.root.certificate.raw);
  if ((await pkijs.parseAndVerify(ab, ctx)) !== 0) throw new Error('pkijs does not read the response as good');

  const [served, signed] = await interleaved([
    async () => check(await service.handle(new Request(getUrl))),
    async () =>
      check(await service.handle(new Request('http://ca.bench/ocsp', { method: 'POST', body: withNonce as Uint8Array<ArrayBuffer>, headers: { 'content-type': 'application/ocsp-request' } }))),
  ]);
  const [sync, webcrypto, peer] = await interleaved([
    async () => verifyOcspResponseSync(resp, { issuer, certificate: leaf }),
    async () => verifyOcspResponse(resp, { issuer, certificate: leaf }),
    async () => pkijs.parseAndVerify(ab, ctx),
  ]);
  const range = (m: { min: number; max: number }): string => `rounds ${Math.round(m.min)}-${Math.round(m.max)}/s`;
  const rows: BenchRow[] = [
    { name: 'pre-signed response served (handler, GET)', library: 'certkit', opsPerSec: served!.median, note: range(served!) },
    { name: 'nonce response signed on demand (P-256, POST)', library: 'certkit', opsPerSec: signed!.median, note: range(signed!) },
    { name: 'parse + verify a response (P-256)', library: 'certkit', opsPerSec: sync!.median, note: `verifyOcspResponseSync (noble); ${range(sync!)}` },
    { name: 'parse + verify a response (P-256)', library: 'certkit (WebCrypto)', opsPerSec: webcrypto!.median, note: `verifyOcspResponse; ${range(webcrypto!)}` },
    { name: 'parse + verify a response (P-256)', library: `pkijs ${pkijs.version}`, opsPerSec: peer!.median, note: `verify + getCertificateStatus; ${range(peer!)}` },
  ];
  await service.close();
  return {
    title: 'OCSP: responder throughput and response verification',
    note: 'In-process handler (no sockets), one P-256 CA; async calls 32 at a time, wall-clock rates, rounds interleaved. ' + 'Goal for served pre-signed responses: >= 5,000/s on 2 cores.',
    baseline: 'certkit',
    rows,
  };
}
