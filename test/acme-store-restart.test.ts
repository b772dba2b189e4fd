/**
 * ACME state survives a restart: an account is created and an order issued, the server is
 * replaced by a new one over the same stores, and the same account key gets the same account
 * (`onlyReturnExisting`), its order URL and certificate URL still answer, and its kid still signs.
 * In-process on FsAcmeStore and PostgresAcmeStore (a real throwaway cluster), and end to end with
 * `certkit serve` stopped and started again on the same CA directory (DIR/acme/) and on the same
 * `--store` database.
 */
import * as fs from 'node:fs';
import * as https from 'node:https';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base64url, type AcmeStore } from '../src/acme/index';
import { FsAcmeStore } from '../src/node/index';
import { PostgresCaStore } from '../src/store/postgres/index';
import type { CaStore } from '../src/ca/index';
import { csrFor, TestClient, type Served } from './acme-helpers';
import { bundle, runNodeAsync, scratch } from './cli-test-helpers';
import { startCluster, type PgCluster } from './pg-cluster';
import { startServe } from './serve-test-helpers';
import { BASE, makeFixture, type Fixture } from './server-fixture';

let cluster: PgCluster;
beforeAll(() => {
  cluster = startCluster();
}, 60_000);
afterAll(() => cluster?.stop());

/** Registers, orders, finalizes and downloads; returns the client and the URLs to ask again. */
async function firstLife(f: Fixture & { served: Served }): Promise<{ c: TestClient; kid: string; orderUrl: string; certUrl: string; certPem: string }> {
  const c = await TestClient.create(f);
  expect((await c.register()).status).toBe(201);
  const { order, url: orderUrl } = await c.readyOrder(f.served, [{ type: 'dns', value: 'restart.example' }]);
  const { der } = await csrFor(['restart.example']);
  const done = (await (await c.post(order.finalize as string, { csr: base64url(der) })).json()) as { status: string; certificate: string };
  expect(done.status).toBe('valid');
  const certPem = await (await c.post(done.certificate, undefined)).text();
  return { c, kid: c.kid!, orderUrl, certUrl: done.certificate, certPem };
}

/** The same key against the new server: same account, order and certificate. */
async function secondLife(f2: Fixture, first: Awaited<ReturnType<typeof firstLife>>): Promise<void> {
  const again = new TestClient(f2, first.c.key, first.c.signer);
  again.dir = first.c.dir;
  const existing = await again.post(again.dir.newAccount!, { onlyReturnExisting: true }, {}, true);
  expect(existing.status).toBe(200);
  expect(existing.headers.get('location')).toBe(first.kid);
  again.kid = existing.headers.get('location')!;
  const o = await again.post(first.orderUrl, undefined);
  expect(o.status).toBe(200);
  const order = (await o.json()) as { status: string; identifiers: unknown; certificate: string };
  expect(order).toMatchObject({ status: 'valid', identifiers: [{ type: 'dns', value: 'restart.example' }], certificate: first.certUrl });
  expect(await (await again.post(first.certUrl, undefined)).text()).toBe(first.certPem);
  const list = (await (await again.post(`${first.kid}/orders`, undefined)).json()) as { orders: string[] };
  expect(list.orders).toEqual([first.orderUrl]);
}

/** The ACME test fixture (acme-helpers' acmeFixture) over given stores: the CA's and ACME's. */
async function fixture(acmeStore: AcmeStore, caStore?: CaStore): Promise<Fixture & { served: Served }> {
  const served: Served = new Map();
  const f = await makeFixture({
    ...(caStore ? { store: caStore } : {}),
    acme: {
      store: acmeStore,
      http01Fetch: async (url: string) => {
        const body = served.get(url.split('/').pop()!);
        return body === undefined ? new Response('nope', { status: 404 }) : new Response(body);
      },
    },
  });
  return { ...f, served };
}

describe('acme: accounts and orders survive a restart', () => {
  it('FsAcmeStore: a new server on the same directory knows the account, its order and certificate', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'certkit-acme-restart-'));
    const f = await fixture(await FsAcmeStore.open(dir));
    const first = await firstLife(f);
    const f2 = await fixture(await FsAcmeStore.open(dir), f.store);
    await secondLife(f2, first);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('PostgresAcmeStore: a new server (another pool) on the same database knows them too', async () => {
    cluster.createDatabase('restart');
    const a = await PostgresCaStore.open(cluster.url('restart'));
    const f = await fixture(a.acmeStore(), a);
    const first = await firstLife(f);
    await a.close();
    const b = await PostgresCaStore.open(cluster.url('restart'));
    try {
      const f2 = await fixture(b.acmeStore(), b);
      await secondLife(f2, first);
      // the certificate record itself is in the shared CA inventory
      expect((await b.query({ filters: { requester: `acme:${first.kid.split('/').pop()}` } })).records).toHaveLength(1);
    } finally {
      await b.close();
    }
  });
});

/** An https "service" that forwards the TestClient's Requests to a running `certkit serve`. */
function remote(url: string, caPem: string): Fixture {
  const handle = async (req: Request): Promise<Response> => {
    const target = new URL(req.url.replace(BASE, url));
    const body = req.method === 'POST' ? Buffer.from(await req.arrayBuffer()) : undefined;
    return new Promise((resolve, reject) => {
      const r = https.request(target, { method: req.method, headers: Object.fromEntries([...(req.headers as unknown as Iterable<[string, string]>)]), ca: caPem }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => {
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) for (const x of [v ?? []].flat()) h.append(k, String(x));
          const status = res.statusCode!;
          resolve(new Response(status === 204 || status === 304 || req.method === 'HEAD' ? null : Buffer.concat(chunks), { status, headers: h }));
        });
      });
      r.on('error', reject);
      r.end(body);
    });
  };
  return { service: { handle } } as unknown as Fixture;
}

describe('certkit serve: ACME state survives a restart', () => {
  for (const backend of ['DIR/acme', 'postgres'] as const)
    it(`${backend}: stop, start again: onlyReturnExisting finds the account, the order URL still answers`, async () => {
      const bin = (await bundle({ certkit: 'src/cli/main.ts' })).certkit!;
      const dir = scratch('acme-restart');
      const ca = path.join(dir, 'ca');
      try {
        const init = await runNodeAsync(bin, ['ca', 'init', ca], { cwd: dir });
        expect(init.code, init.stderr).toBe(0);
        fs.writeFileSync(path.join(dir, 'serve.json'), JSON.stringify({ acme: { profile: 'tls-server' } }));
        const caPem = fs.readFileSync(path.join(ca, 'root', 'cert.pem'), 'utf8');
        const db = `serve_${Math.random().toString(36).slice(2, 8)}`;
        if (backend === 'postgres') cluster.createDatabase(db);
        const args = ['--ca', ca, '--listen', '127.0.0.1:0', '--config', path.join(dir, 'serve.json'), ...(backend === 'postgres' ? ['--store', cluster.url(db)] : [])];
        let s = await startServe(bin, args, dir);
        let c: TestClient;
        let orderUrl: string;
        try {
          c = await TestClient.create(remote(s.url, caPem));
          expect((await c.register()).status).toBe(201);
          const o = await c.post(c.dir.newOrder!, { identifiers: [{ type: 'dns', value: 'persist.example' }] });
          expect(o.status).toBe(201);
          orderUrl = o.headers.get('location')!;
        } finally {
          expect((await s.stop('SIGTERM')).code).toBe(0);
        }
        if (backend === 'postgres') {
          expect(cluster.sql(db, 'SELECT count(*) FROM acme_accounts').trim()).toBe('1');
          expect(fs.existsSync(path.join(ca, 'acme'))).toBe(false);
        } else {
          expect(fs.readdirSync(path.join(ca, 'acme', 'accounts'))).toHaveLength(1);
        }
        s = await startServe(bin, args, dir);
        try {
          // a new port: the directory's URLs change, the ids stay
          const again = await TestClient.create(remote(s.url, caPem));
          const c2 = new TestClient(again.f, c.key, c.signer);
          c2.dir = again.dir;
          const r = await c2.post(c2.dir.newAccount!, { onlyReturnExisting: true }, {}, true);
          expect(r.status).toBe(200);
          expect(r.headers.get('location')!.split('/acct/')[1]).toBe(c.kid!.split('/acct/')[1]);
          c2.kid = r.headers.get('location')!;
          const url2 = `${s.url}/acme/order/${orderUrl.split('/order/')[1]}`;
          const o = await c2.post(url2, undefined);
          expect(o.status).toBe(200);
          expect(await o.json()).toMatchObject({ status: 'pending', identifiers: [{ type: 'dns', value: 'persist.example' }] });
        } finally {
          await s.stop('SIGTERM');
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
        fs.rmSync(path.dirname(bin), { recursive: true, force: true });
      }
    }, 180_000);
});
