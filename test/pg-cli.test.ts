/**
 * The CLI on PostgreSQL, against a real throwaway cluster: `certkit ca migrate DIR --to URL`
 * moves a file-system CA's inventory (records, revocations, requester metadata, audit log, CRLs,
 * cRLNumber) and verifies counts and digests; a second migrate into the filled database is
 * refused; `certkit serve --store URL` issues its own TLS certificate into the database and
 * refuses a bad URL with a clear error.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main';
import { FsCaStore } from '../src/node/fs-store';
import { PostgresCaStore } from '../src/store/postgres/index';
import { bundle, scratch } from './cli-test-helpers';
import { startCluster, type PgCluster } from './pg-cluster';
import { curl, startServe } from './serve-test-helpers';

let cluster: PgCluster;
let bin: string;
let dir: string;
let ca: string;

async function ck(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(args, { stdout: (s) => (out += s), stderr: (s) => (err += s), env: {} });
  return { code, out, err };
}

beforeAll(async () => {
  cluster = startCluster();
  bin = (await bundle({ certkit: 'src/cli/main.ts' })).certkit!;
  dir = scratch('pg-cli');
  ca = path.join(dir, 'ca');
  expect((await ck('ca', 'init', ca)).code).toBe(0);
  for (let i = 0; i < 3; i++) {
    const key = path.join(dir, `k${i}.pem`);
    const csr = path.join(dir, `r${i}.csr`);
    expect((await ck('key', 'new', '--type', 'ec-p256', '--out', key)).code).toBe(0);
    expect((await ck('csr', 'new', '--key', key, '--subject', `CN=m${i}.example`, '--dns', `m${i}.example`, '--out', csr)).code).toBe(0);
    const r = await ck('ca', 'issue', ca, '--csr', csr, '--profile', 'tls-server', '--out', path.join(dir, `c${i}.pem`));
    expect(r.code, r.err).toBe(0);
  }
  const serial = (await (await FsCaStore.open(path.join(ca, 'intermediate', 'store'))).list())[1]!.serial;
  expect((await ck('ca', 'revoke', ca, '--serial', serial, '--reason', 'keyCompromise')).code).toBe(0);
  expect((await ck('ca', 'crl', ca)).code).toBe(0);
  expect((await ck('ca', 'crl', ca)).code).toBe(0);
}, 120_000);

afterAll(() => {
  cluster?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  if (bin) fs.rmSync(path.dirname(bin), { recursive: true, force: true });
});

describe('certkit ca migrate and serve --store', () => {
  it('moves the inventory into PostgreSQL and verifies it; refuses a second run', async () => {
    cluster.createDatabase('cli');
    const url = cluster.url('cli');
    const r = await ck('ca', 'migrate', ca, '--to', url);
    expect(r.code, r.err + r.out).toBe(0);
    expect(r.out).toMatch(/moved 3 certificates, 3 reserved serials, \d+ audit entries, 2 CRLs \(cRLNumber continues after 2\)/);
    expect(r.out).toContain('verified');
    const digests = [...r.out.matchAll(/sha256 ([0-9a-f]{64})/g)].map((m) => m[1]);
    expect(digests).toHaveLength(2);
    expect(digests[0]).toBe(digests[1]);

    const fsStore = await FsCaStore.open(path.join(ca, 'intermediate', 'store'));
    const pg = await PostgresCaStore.open(url);
    try {
      expect(await pg.list()).toEqual(await fsStore.list());
      expect((await pg.latestCrl())!.der).toEqual((await fsStore.latestCrl())!.der);
      expect(await pg.nextCrlNumber()).toBe(3n);
      const fsAudit = (await fsStore.listAudit({ limit: 1000 })).entries.map(({ id: _i, ...e }) => e);
      const pgAudit = (await pg.listAudit({ limit: 1000 })).entries.map(({ id: _i, ...e }) => e);
      expect(pgAudit).toEqual(fsAudit);
      expect(pgAudit.length).toBeGreaterThanOrEqual(6);
    } finally {
      await pg.close();
    }
    const again = await ck('ca', 'migrate', ca, '--to', url);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/already holds certificates/);
  }, 60_000);

  it('ca migrate and serve --store refuse an unreachable database with a clear error', async () => {
    const bad = cluster.url('missing_db');
    const m = await ck('ca', 'migrate', ca, '--to', bad);
    expect(m.code).toBe(2);
    expect(m.err).toMatch(/unavailable.*missing_db|missing_db.*unavailable/s);
    const s = await ck('serve', '--ca', ca, '--store', 'mysql://x/y', '--listen', '127.0.0.1:0');
    expect(s.code).toBe(2);
    expect(s.err).toMatch(/--store: expected a postgres/);
  }, 60_000);

  it('serve --store keeps the inventory in PostgreSQL: its own TLS certificate is recorded there', async () => {
    cluster.createDatabase('served');
    const url = cluster.url('served');
    const s = await startServe(bin, ['--ca', ca, '--listen', '127.0.0.1:0', '--store', url], dir);
    try {
      expect(s.url).toMatch(/^https:/);
      // The service answers over the TLS certificate it issued into the database.
      const r = curl(['--cacert', path.join(ca, 'root', 'cert.pem'), `${s.url}/ca/ca.crt`, '-o', '/dev/null']);
      expect(r.status, r.stderr).toBe(200);
    } finally {
      const end = await s.stop();
      expect(end, s.stderr()).toEqual({ code: 0, signal: null });
    }
    const pg = await PostgresCaStore.open(url);
    try {
      const recs = await pg.list();
      expect(recs.length).toBeGreaterThanOrEqual(1);
      expect(recs.some((r) => r.profile === 'tls-server' && r.sans.includes('IP:127.0.0.1'))).toBe(true);
    } finally {
      await pg.close();
    }
  }, 90_000);
});
