/**
 * Benchmark: `certkit serve`'s request path under load. EST simpleenroll (HTTP Basic) and JSON
 * API submissions (Bearer token) per second, P-256 CSRs, 50 concurrent clients on keep-alive
 * HTTPS connections, the crash-safe file store (`FsCaStore`: every issuance reserves its serial,
 * writes and fsyncs its record and audit entry under the store lock before the response), with
 * p50/p99 latency.
 *
 * The server (`createCaService` through `certkit/node`'s `startCaServer`, TLS 1.3, P-256 server
 * certificate) runs in its own Node process, forked from this one, so the clients' TLS and the
 * server's work each get a core of the 2-core machine. CSRs are made before the timed rounds.
 * One round is 200 requests with 50 in flight; rounds of the kinds are interleaved. A second
 * server process with a `MemoryCaStore` gives the same EST request without the disk, to show
 * where the time goes. Rates are requests per second of wall-clock time (the work waits on fsync
 * and on the other processes).
 * @module
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILTIN_PROFILES, CertificateAuthority, MemoryCaStore, createHierarchy } from '../src/ca/index';
import { FsCaStore } from '../src/node/fs-store';
import { CsrBuilder, csrToPem } from '../src/csr/index';
import { generateKeyPair } from '../src/keys/index';
import { startCaServer } from '../src/node/index';
import { createCaService, MemoryAuthStore, estBase64, withPublicationUrls } from '../src/server/index';
import { signerFromPrivateKey } from '../src/sig/index';
import { certificateToPem, dns, ip } from '../src/x509/index';
import type { BenchRow, BenchSection } from './harness';

const CONCURRENCY = 50;
const PER_ROUND = 200;
const ROUNDS = 5;
const USER = 'bench-device';
const PASSWORD = 'bench-device-password';

interface Ready {
  url: string;
  root: string;
  token: string;
}

/** The server process: a CA on a file store in a temporary directory, served over HTTPS. */
async function serverMain(dir: string, memory: boolean): Promise<void> {
  const store = memory ? new MemoryCaStore() : await FsCaStore.open(path.join(dir, 'store'));
  const h = await createHierarchy({ root: { subject: { CN: 'Bench Root' } }, intermediate: { subject: { CN: 'Bench Issuing CA' } } });
  // The HTTPS certificate from the same hierarchy (in memory: it is not a bench issuance).
  const tlsKey = await generateKeyPair('P-256');
  const tlsCsr = await CsrBuilder.create().subject({ CN: '127.0.0.1' }).subjectAltNames(ip('127.0.0.1'), dns('localhost')).sign(signerFromPrivateKey(tlsKey.privateKey));
  const tls = await h.intermediate.issue(tlsCsr, { profile: 'tls-server' });
  let service: ReturnType<typeof createCaService> | undefined;
  const server = await startCaServer({
    listen: '127.0.0.1:0',
    tls: { cert: certificateToPem(tls.certificate) + certificateToPem(h.intermediate.certificate), key: tlsKey.privateKey.toPem() },
    handler: (req, ctx) => service!.handle(req, ctx),
  });
  const ca = new CertificateAuthority({
    certificate: h.intermediate.certificate,
    signer: signerFromPrivateKey(h.intermediateKey),
    store,
    chain: [h.root.certificate],
    profiles: Object.values(BUILTIN_PROFILES).map((p) => withPublicationUrls(p, server.url)),
  });
  const auth = new MemoryAuthStore();
  await auth.addUser(USER, PASSWORD); // default scrypt cost; the service caches a verified password
  const token = auth.addToken('bench-bot', 'requester');
  service = createCaService({ ca, auth, baseUrl: server.url });
  await service.publishCrl();
  process.send!({ url: server.url, root: certificateToPem(h.root.certificate), token } satisfies Ready);
  process.once('disconnect', () => void server.close({ graceMs: 1000 }).then(() => process.exit(0)));
}

if (process.env.CERTKIT_BENCH_SERVER_DIR !== undefined && process.send !== undefined) {
  void serverMain(process.env.CERTKIT_BENCH_SERVER_DIR, process.env.CERTKIT_BENCH_SERVER_STORE === 'memory');
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** One round: `bodies.length` requests, CONCURRENCY at a time; returns the wall time and each latency. */
async function round(
  agent: https.Agent,
  url: string,
  make: (i: number) => { path: string; headers: Record<string, string>; body: string; expect: number },
  n: number,
): Promise<{ ms: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) {
        const r = make(next++);
        const s = performance.now();
        const status = await new Promise<number>((resolve, reject) => {
          const req = https.request(`${url}${r.path}`, { method: 'POST', agent, headers: { ...r.headers, 'content-length': Buffer.byteLength(r.body) } }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode!));
          });
          req.on('error', reject);
          req.end(r.body);
        });
        if (status !== r.expect) throw new Error(`${r.path}: HTTP ${status}, expected ${r.expect}`);
        latencies.push(performance.now() - s);
      }
    }),
  );
  return { ms: performance.now() - t0, latencies };
}

function startServer(dir: string, store: 'file' | 'memory'): { child: ChildProcess; ready: Promise<Ready> } {
  const child = fork(fileURLToPath(import.meta.url), [], {
    execArgv: process.execArgv,
    env: { ...process.env, CERTKIT_BENCH_SERVER_DIR: dir, CERTKIT_BENCH_SERVER_STORE: store },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = new Promise<Ready>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Ready));
    child.once('exit', (c) => reject(new Error(`the bench server exited (${c})`)));
  });
  return { child, ready };
}

type Round = { ms: number; latencies: number[] };

export async function bench(): Promise<BenchSection> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certkit-bench-server-'));
  const fileServer = startServer(dir, 'file');
  const memServer = startServer(dir, 'memory');
  try {
    const [ready, mem] = await Promise.all([fileServer.ready, memServer.ready]);
    const total = (ROUNDS + 1) * PER_ROUND;
    const key = await generateKeyPair('P-256');
    const csrs = await Promise.all(
      Array.from({ length: total * 3 }, async (_, i) => {
        const k = i % 10 === 0 ? await generateKeyPair('P-256') : key;
        return CsrBuilder.create()
          .subject({ CN: `bench-${i}`, O: 'certkit bench' })
          .sign(signerFromPrivateKey(k.privateKey));
      }),
    );
    const estBodies = csrs.slice(0, total).map((c) => estBase64(c.raw));
    const apiBodies = csrs.slice(total, 2 * total).map((c) => JSON.stringify({ csr: csrToPem(c), profile: 'tls-client', metadata: { os: 'bench' } }));
    const memBodies = csrs.slice(2 * total).map((c) => estBase64(c.raw));
    const agent = new https.Agent({ keepAlive: true, maxSockets: CONCURRENCY, ca: ready.root });
    const memAgent = new https.Agent({ keepAlive: true, maxSockets: CONCURRENCY, ca: mem.root });
    const basic = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
    let e = 0;
    let a = 0;
    let m = 0;
    const est = (): { path: string; headers: Record<string, string>; body: string; expect: number } => ({
      path: '/.well-known/est/simpleenroll',
      headers: { 'content-type': 'application/pkcs10', authorization: basic },
      body: estBodies[e++]!,
      expect: 200,
    });
    const api = (): { path: string; headers: Record<string, string>; body: string; expect: number } => ({
      path: '/api/v1/certificates',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ready.token}` },
      body: apiBodies[a++]!,
      expect: 201,
    });
    const estMem = (): { path: string; headers: Record<string, string>; body: string; expect: number } => ({
      path: '/.well-known/est/simpleenroll',
      headers: { 'content-type': 'application/pkcs10', authorization: basic },
      body: memBodies[m++]!,
      expect: 200,
    });
    // Warm-up round of each (TLS sessions, JIT, the password cache), then interleaved rounds.
    await round(agent, ready.url, est, PER_ROUND);
    await round(agent, ready.url, api, PER_ROUND);
    await round(memAgent, mem.url, estMem, PER_ROUND);
    const res = { est: [] as Round[], api: [] as Round[], mem: [] as Round[] };
    for (let r = 0; r < ROUNDS; r++) {
      res.est.push(await round(agent, ready.url, est, PER_ROUND));
      res.api.push(await round(agent, ready.url, api, PER_ROUND));
      res.mem.push(await round(memAgent, mem.url, estMem, PER_ROUND));
    }
    agent.destroy();
    memAgent.destroy();
    const row = (name: string, library: string, rounds: Round[]): BenchRow => {
      const rates = rounds.map((x) => (PER_ROUND * 1000) / x.ms).sort((p, q) => p - q);
      const lat = rounds.flatMap((x) => x.latencies).sort((p, q) => p - q);
      const med = rates[Math.floor(rates.length / 2)]!;
      const spread = (rates[Math.floor((rates.length * 3) / 4)]! - rates[Math.floor(rates.length / 4)]!) / 2 / med;
      return {
        name,
        library,
        opsPerSec: med,
        spread,
        note: `p50 ${percentile(lat, 50).toFixed(0)} ms, p99 ${percentile(lat, 99).toFixed(0)} ms; rounds ${rates.map((x) => x.toFixed(0)).join('-')}/s`,
      };
    };
    return {
      title: 'CA service: enrollments per second (P-256, 50 concurrent HTTPS clients, file store)',
      note: `EST simpleenroll (HTTP Basic) and JSON API submissions (Bearer token) against \`createCaService\` served by \`certkit/node\` over TLS in its own process, the CA on \`FsCaStore\` (each issuance reserves its serial and writes its record and audit entry with fsync, under the store lock, before the response). ${CONCURRENCY} clients on keep-alive connections, ${ROUNDS} interleaved rounds of ${PER_ROUND} requests per kind after a warm-up round; P-256 CSRs made beforehand. The last row is the same EST request against a second server process whose CA keeps its records in a \`MemoryCaStore\`: what the adapter, TLS, EST and signing cost without the disk. Rates: requests per second of wall-clock time (median round); latency percentiles over every timed request.`,
      rows: [
        row('EST simpleenroll', 'certkit serve, FsCaStore', res.est),
        row('API submit (POST /api/v1/certificates)', 'certkit serve, FsCaStore', res.api),
        row('EST simpleenroll', 'same, MemoryCaStore (no disk)', res.mem),
      ],
    };
  } finally {
    for (const { child } of [fileServer, memServer]) {
      child.disconnect?.();
      await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r(null)));
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
