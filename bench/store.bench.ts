/**
 * Benchmark: the CA stores. (1) Issuances per second (P-256, tls-client profile) with 1 and with
 * 4 CA processes sharing one store: PostgreSQL (`PostgresCaStore`) beside the file store
 * (`FsCaStore`, fsync per write, one directory lock). (2) PostgreSQL with 1,000,000 records:
 * a filtered, paged list query, a substring search, a lookup by serial (p50/p99), and a CRL of
 * 100,000 revoked entries streamed from the store (time and peak memory).
 *
 * The database is a throwaway cluster (test/pg-cluster.ts) on this machine, default settings
 * (fsync and synchronous_commit on). Issuance workers are this file forked with `--store-worker`;
 * each makes its CSR before the timed part and waits for a start message, so start-up is not
 * timed. Rates are issuances per second of wall-clock time over all processes (they wait on
 * fsync, on the database and on each other). The 1M records are synthetic rows inserted by one
 * INSERT ... SELECT over generate_series (100-byte DER placeholders: the queries never parse it).
 * @module
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CertificateAuthority, createHierarchy, type CaStore } from '../src/ca/index';
import { FsCaStore } from '../src/node/fs-store';
import { CsrBuilder, generateKeyPair, importPrivateKey, parseCertificate, signerFromPrivateKey } from '../src/index';
import { PostgresCaStore } from '../src/store/postgres/index';
import { certificateToPem } from '../src/x509/index';
import { startCluster, type PgCluster } from '../test/pg-cluster';
import type { BenchRow, BenchSection } from './harness';

const SELF = fileURLToPath(import.meta.url);
const PER_ROUND = 240; // issuances per configuration per round, split over its processes
const ROUNDS = 3;
const RECORDS = 1_000_000;
const REVOKED = 100_000;

// ------------------------------------------------------------------ issuance worker (child)

async function worker(kind: string, target: string, certFile: string, keyFile: string, count: number): Promise<void> {
  const store: CaStore & { close?: () => Promise<void> } = kind === 'pg' ? await PostgresCaStore.open(target, { max: 2 }) : await FsCaStore.open(target);
  const ca = new CertificateAuthority({ certificate: parseCertificate(fs.readFileSync(certFile, 'utf8')), signer: signerFromPrivateKey(importPrivateKey(fs.readFileSync(keyFile, 'utf8'))), store });
  const csr = await CsrBuilder.create()
    .subject({ CN: `bench ${process.pid}` })
    .sign(signerFromPrivateKey((await generateKeyPair('P-256')).privateKey));
  await ca.issue(csr, { profile: 'tls-client' }); // warm-up
  process.send!('ready');
  await new Promise((r) => process.once('message', r));
  for (let i = 0; i < count; i++) await ca.issue(csr, { profile: 'tls-client' });
  await store.close?.();
  process.send!('done');
}

if (process.argv[2] === '--store-worker') {
  const [, , , kind, target, certFile, keyFile, count] = process.argv;
  worker(kind!, target!, certFile!, keyFile!, Number(count)).then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}

/** One round: `procs` workers issue PER_ROUND certificates together; returns issuances per second. */
async function issuanceRound(kind: 'pg' | 'fs', target: string, certFile: string, keyFile: string, procs: number): Promise<number> {
  const each = PER_ROUND / procs;
  const children: ChildProcess[] = [];
  const ready: Promise<void>[] = [];
  const done: Promise<void>[] = [];
  for (let i = 0; i < procs; i++) {
    const c = fork(SELF, ['--store-worker', kind, target, certFile, keyFile, String(each)], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    children.push(c);
    ready.push(
      new Promise((res, rej) => {
        c.once('message', () => res());
        c.once('exit', (code) => code !== 0 && rej(new Error(`worker exited ${code}`)));
      }),
    );
  }
  await Promise.all(ready);
  for (const c of children) done.push(new Promise((res) => c.once('message', () => res())));
  const t0 = performance.now();
  for (const c of children) c.send('go');
  await Promise.all(done);
  const ms = performance.now() - t0;
  await Promise.all(children.map((c) => new Promise((r) => (c.exitCode === null ? c.once('exit', r) : r(null)))));
  return (PER_ROUND / ms) * 1000;
}

// ------------------------------------------------------------------ helpers

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const median = (xs: number[]): number => pct(xs, 50);
const spreadOf = (xs: number[]): number => (pct(xs, 75) - pct(xs, 25)) / 2 / median(xs);

async function latencies(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

/** 1M synthetic records (every 10th revoked) by one INSERT ... SELECT, then ANALYZE. */
function bulkLoad(cluster: PgCluster, db: string): number {
  const t0 = performance.now();
  cluster.sql(db, `INSERT INTO ca_serials (serial) SELECT to_hex(1048576 + i) FROM generate_series(1, ${RECORDS}) i`);
  cluster.sql(
    db,
    `
    INSERT INTO ca_certificates (serial, serial_sort, profile, subject, sans, search, not_before, not_after, not_after_ts, issued_at,
      key_fingerprint, der, revocation, requester, principal, method)
    SELECT s, lpad(s, 40, '0'), p, 'CN=host-' || i || '.example', ARRAY['DNS:host-' || i || '.example'], 'cn=host-' || i || '.example' || E'\\n' || 'dns:host-' || i || '.example',
      to_char(t, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), to_char(t + interval '90 days' + (i % 400) * interval '1 day', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      t + interval '90 days' + (i % 400) * interval '1 day', to_char(t, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      md5(i::text) || md5((i + 1)::text), decode(repeat('30', 100), 'hex'),
      CASE WHEN i % ${RECORDS / REVOKED} = 0 THEN jsonb_build_object('date', to_char(t + interval '1 day', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'reason', 'superseded') END,
      jsonb_build_object('principal', 'user' || (i % 500), 'method', 'api'), 'user' || (i % 500), 'api'
    FROM (SELECT i, to_hex(1048576 + i) AS s, (ARRAY['tls-server', 'tls-client', 'email', 'code-signing'])[1 + i % 4] AS p,
            (timestamptz '2025-01-01 00:00:00+00' + i * interval '30 seconds') AS t
          FROM generate_series(1, ${RECORDS}) i) x`,
  );
  cluster.sql(db, 'ANALYZE');
  return (performance.now() - t0) / 1000;
}

export async function bench(): Promise<BenchSection> {
  const cluster = startCluster();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'certkit-store-bench-'));
  try {
    const h = await createHierarchy({ root: { subject: { CN: 'Bench Root' } }, intermediate: { subject: { CN: 'Bench CA' } } });
    const certFile = path.join(tmp, 'ca.pem');
    const keyFile = path.join(tmp, 'ca.key');
    fs.writeFileSync(certFile, certificateToPem(h.intermediate.certificate));
    fs.writeFileSync(keyFile, h.intermediateKey.toPem());

    // (1) issuance throughput, configurations interleaved round by round.
    cluster.createDatabase('issue');
    const pgUrl = cluster.url('issue');
    await (await PostgresCaStore.open(pgUrl)).close();
    const fsDir = path.join(tmp, 'fs-store');
    const configs: Array<[string, 'pg' | 'fs', string, number]> = [
      ['PostgreSQL, 1 process', 'pg', pgUrl, 1],
      ['FsCaStore, 1 process', 'fs', fsDir, 1],
      ['PostgreSQL, 4 processes', 'pg', pgUrl, 4],
      ['FsCaStore, 4 processes', 'fs', fsDir, 4],
    ];
    const rates = configs.map(() => [] as number[]);
    for (let r = 0; r < ROUNDS; r++) {
      for (let i = 0; i < configs.length; i++) {
        const [, kind, target, procs] = configs[i]!;
        rates[i]!.push(await issuanceRound(kind, target, certFile, keyFile, procs));
      }
    }
    const rows: BenchRow[] = configs.map(([label], i) => ({
      name: 'issue (P-256, tls-client)',
      library: label,
      opsPerSec: median(rates[i]!),
      spread: spreadOf(rates[i]!),
      note: `rounds ${rates[i]!.map((x) => x.toFixed(0)).join(', ')}/s`,
    }));

    // (2) a million records.
    cluster.createDatabase('million');
    const url = cluster.url('million');
    await (await PostgresCaStore.open(url)).close();
    const loadSeconds = bulkLoad(cluster, 'million');
    const store = await PostgresCaStore.open(url, { max: 4 });
    try {
      const at = new Date('2025-06-01T00:00:00Z');
      const cursors: string[] = [];
      for (let i = 0; i < 200; i++) {
        const k = 1 + Math.floor(Math.random() * (RECORDS - 1000));
        const t = new Date(Date.parse('2025-01-01T00:00:00Z') + k * 30_000).toISOString();
        cursors.push(`${t}~${(1048576 + k).toString(16)}`);
      }
      await store.query({ filters: { status: 'active', profile: 'tls-client' }, limit: 100, at }); // warm the cache
      const listLat = await latencies(200, (i) => store.query({ filters: { status: 'active', profile: 'tls-client' }, limit: 100, at, cursor: cursors[i]! }));
      const textLat = await latencies(50, (i) => store.query({ filters: { text: `host-${123457 + i * 7919}.exam` }, limit: 100 }));
      const getLat = await latencies(1000, () => store.get((1048576 + 1 + Math.floor(Math.random() * RECORDS)).toString(16)));
      const latRow = (name: string, xs: number[]): BenchRow => ({
        name,
        library: 'PostgresCaStore, 1M records',
        opsPerSec: 1000 / median(xs),
        note: `p50 ${median(xs).toFixed(2)} ms, p99 ${pct(xs, 99).toFixed(2)} ms (${xs.length} sequential calls)`,
      });
      rows.push(latRow('list: status=active, profile, 100/page, from a random cursor', listLat));
      rows.push(latRow('search: subject/SAN substring (pg_trgm), first page', textLat));
      rows.push(latRow('get by serial (random)', getLat));

      // The CRL of 100,000 revoked entries, streamed from the store.
      const ca = new CertificateAuthority({ certificate: h.intermediate.certificate, signer: signerFromPrivateKey(h.intermediateKey), store });
      const crlRuns: number[] = [];
      let peak = 0;
      let base = 0;
      let size = 0;
      for (let r = 0; r < 2; r++) {
        (globalThis as { gc?: () => void }).gc?.();
        base = process.memoryUsage().rss;
        peak = base;
        const timer = setInterval(() => {
          peak = Math.max(peak, process.memoryUsage().rss);
        }, 5);
        const t = performance.now();
        const crl = await ca.generateCrl({ days: 1 });
        crlRuns.push(performance.now() - t);
        clearInterval(timer);
        peak = Math.max(peak, process.memoryUsage().rss);
        size = crl.raw.length;
        if (crl.size !== REVOKED) throw new Error(`CRL has ${crl.size} entries, expected ${REVOKED}`);
      }
      rows.push({
        name: `generateCrl, ${REVOKED.toLocaleString('en')} revoked entries streamed`,
        library: 'PostgresCaStore, 1M records',
        opsPerSec: 1000 / median(crlRuns),
        note: `${crlRuns.map((x) => (x / 1000).toFixed(2)).join(' s, ')} s; CRL ${(size / 1048576).toFixed(1)} MiB; peak RSS +${((peak - base) / 1048576).toFixed(0)} MiB over ${(base / 1048576).toFixed(0)} MiB`,
      });
      return {
        title: 'CA stores: issuance throughput, and PostgreSQL with a million records',
        note: `Issuance: ${PER_ROUND} P-256 certificates per round per configuration (tls-client profile, one pre-made CSR per process, serial reservation + record + audit entry per issuance), split over 1 or 4 CA processes on one store, ${ROUNDS} rounds with the configurations interleaved; rate = certificates per second of wall-clock time. PostgreSQL 15 is a local throwaway cluster (Unix socket, fsync and synchronous_commit on, default settings) sharing this 2-core machine with the CA processes. Million records: ${RECORDS.toLocaleString('en')} synthetic rows (${REVOKED.toLocaleString('en')} revoked) bulk-loaded with one INSERT ... SELECT over generate_series in ${loadSeconds.toFixed(0)} s (indexes and trigram index maintained during the load). Latency rows: ops/s is 1000 / p50; p50 and p99 over sequential calls from one client. The CRL row: \`CertificateAuthority.generateCrl\` reading revocations through \`revokedEntries()\` (keyset pages of 5,000 over a partial index), building and signing the CRL; peak RSS sampled every 5 ms.`,
        rows,
      };
    } finally {
      await store.close();
    }
  } finally {
    cluster.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
