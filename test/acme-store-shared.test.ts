/**
 * Two ACME servers on one store (the file store's directory, or one PostgreSQL database through
 * two pools) and one CA inventory: an order finalized through both at once is issued once (the
 * store's compare-and-set on `ready` → `processing`), the other request is `orderNotReady`; and
 * an account registered on one is used on the other.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base64url, type AcmeStore } from '../src/acme/index';
import { MemoryCaStore, type CaStore } from '../src/ca/index';
import { FsAcmeStore } from '../src/node/index';
import { PostgresCaStore } from '../src/store/postgres/index';
import { csrFor, TestClient, type Served } from './acme-helpers';
import { startCluster, type PgCluster } from './pg-cluster';
import { makeFixture, type Fixture } from './server-fixture';

let cluster: PgCluster;
beforeAll(() => {
  cluster = startCluster();
}, 60_000);
afterAll(() => cluster?.stop());

async function server(acmeStore: AcmeStore, caStore: CaStore, served: Served): Promise<Fixture> {
  return makeFixture({
    store: caStore,
    acme: { store: acmeStore, http01Fetch: async (url: string) => new Response(served.get(url.split('/').pop()!) ?? '', { status: served.has(url.split('/').pop()!) ? 200 : 404 }) },
  });
}

const backends: [string, () => Promise<{ one: AcmeStore; two: AcmeStore; ca: CaStore; close: () => Promise<void> }>][] = [
  [
    'FsAcmeStore',
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'certkit-acme-shared-'));
      return { one: await FsAcmeStore.open(dir), two: await FsAcmeStore.open(dir), ca: new MemoryCaStore(), close: async () => undefined };
    },
  ],
  [
    'PostgresAcmeStore',
    async () => {
      const db = `shared_${Math.random().toString(36).slice(2, 8)}`;
      cluster.createDatabase(db);
      const [x, y] = [await PostgresCaStore.open(cluster.url(db)), await PostgresCaStore.open(cluster.url(db))];
      return {
        one: x.acmeStore(),
        two: y.acmeStore(),
        ca: x,
        close: async () => {
          await x.close();
          await y.close();
        },
      };
    },
  ],
];

describe('acme: two servers sharing one store', () => {
  for (const [name, open] of backends) {
    it(`${name}: one finalize wins when both servers get it at once; the account works on both`, async () => {
      const s = await open();
      try {
        const served: Served = new Map();
        const f1 = await server(s.one, s.ca, served);
        const f2 = await server(s.two, s.ca, served);
        const c1 = await TestClient.create(f1);
        expect((await c1.register()).status).toBe(201);
        const { order, url } = await c1.readyOrder(served, [{ type: 'dns', value: 'once.example' }]);
        expect(order.status).toBe('ready');
        const c2 = new TestClient(f2, c1.key, c1.signer);
        c2.dir = c1.dir;
        c2.kid = c1.kid;
        const { der: csr } = await csrFor(['once.example']);
        const [a, b] = await Promise.all([c1.post(order.finalize as string, { csr: base64url(csr) }), c2.post(order.finalize as string, { csr: base64url(csr) })]);
        const answers = [await a.json(), await b.json()] as { status?: string; type?: string }[];
        expect(answers.filter((x) => x.status === 'valid')).toHaveLength(1);
        expect(answers.filter((x) => x.type === 'urn:ietf:params:acme:error:orderNotReady')).toHaveLength(1);
        expect((await s.ca.query({ filters: { method: 'acme' } })).records).toHaveLength(1);
        // the order as the other server sees it
        expect(((await (await c2.post(url, undefined)).json()) as { status: string }).status).toBe('valid');
      } finally {
        await s.close();
      }
    });
  }
});
