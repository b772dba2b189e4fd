/**
 * ACME rate limits per identifier (`rateLimits.maxOrdersPerIdentifierPerWeek`, `limitKey`) and
 * per account (`maxOrdersPerHour`), counted from the AcmeStore: `rateLimited` (429) with
 * `Retry-After` and a subproblem per identifier, nothing stored for a refused order, the window
 * sliding with the clock, and the same limits held by two servers sharing one store (file system
 * and PostgreSQL, a real throwaway cluster).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAcmeServer, MemoryAcmeStore, type AcmeStore } from '../src/acme/index';
import { FsAcmeStore } from '../src/node/index';
import { PostgresCaStore } from '../src/store/postgres/index';
import { acmeFixture, TestClient } from './acme-helpers';
import { makeFixture, type Fixture } from './server-fixture';
import { startCluster, type PgCluster } from './pg-cluster';

const E = (t: string): string => `urn:ietf:params:acme:error:${t}`;
const WEEK_S = 7 * 86_400;
type Problem = { type: string; detail: string; subproblems?: { type: string; identifier: { type: string; value: string } }[] };

let cluster: PgCluster;
beforeAll(() => {
  cluster = startCluster();
}, 60_000);
afterAll(() => cluster?.stop());

async function client(f: Fixture, alg: 'P-256' | 'P-384' | 'Ed25519' = 'P-256'): Promise<TestClient> {
  const c = await TestClient.create(f, alg);
  expect((await c.register()).status).toBe(201);
  return c;
}

const order = (c: TestClient, ...names: string[]) => c.post(c.dir.newOrder!, { identifiers: names.map((value) => ({ type: 'dns', value })) });

describe('acme: rate limits per identifier', () => {
  it('the third order for a name in a week is rateLimited across accounts, with Retry-After and a subproblem; other names pass', async () => {
    const f = await acmeFixture({ rateLimits: { maxOrdersPerIdentifierPerWeek: 2 }, resolveTxt: async () => [] });
    const a = await client(f);
    const b = await client(f, 'P-384');
    expect((await order(a, 'busy.example')).status).toBe(201);
    f.clock.now = new Date(f.clock.now.getTime() + 60_000);
    expect((await order(b, '*.busy.example')).status).toBe(201); // a wildcard counts for its base name
    const r = await order(b, 'quiet.example', 'busy.example');
    expect(r.status).toBe(429);
    const p = (await r.json()) as Problem;
    expect(p.type).toBe(E('rateLimited'));
    expect(p.subproblems).toEqual([{ type: E('rateLimited'), detail: expect.stringContaining('busy.example'), identifier: { type: 'dns', value: 'busy.example' } }]);
    // the oldest counted order leaves the window a week after it was placed, one minute ago
    expect(Number(r.headers.get('retry-after'))).toBe(WEEK_S - 60);
    expect(r.headers.get('replay-nonce')).toBeTruthy();
    expect((await order(b, 'quiet.example')).status).toBe(201);
    // the refused order was not stored: b has its two accepted orders only
    const list = (await (await b.post(`${b.kid}/orders`, undefined)).json()) as { orders: string[] };
    expect(list.orders).toHaveLength(2);
    // a week after the first order, one slot is free again
    f.clock.now = new Date(f.clock.now.getTime() + WEEK_S * 1000 - 60_000);
    a.nonce = undefined;
    expect((await order(a, 'busy.example')).status).toBe(201);
    expect((await order(a, 'busy.example')).status).toBe(429);
  });

  it('limitKey counts per registered domain: names under one domain share the limit', async () => {
    const f = await acmeFixture({ rateLimits: { maxOrdersPerIdentifierPerWeek: 2, limitKey: (id: { type: string; value: string }) => id.value.split('.').slice(-2).join('.') } });
    const a = await client(f);
    expect((await order(a, 'a.shop.example')).status).toBe(201);
    expect((await order(a, 'b.shop.example')).status).toBe(201);
    const r = await order(a, 'c.shop.example', 'www.other.example');
    expect(r.status).toBe(429);
    const p = (await r.json()) as Problem;
    expect(p.subproblems!.map((s) => s.identifier.value)).toEqual(['c.shop.example']);
    expect(p.detail).toContain('c.shop.example');
    expect((await order(a, 'www.other.example')).status).toBe(201);
  });

  it('IP identifiers are limited too', async () => {
    const f = await acmeFixture({ rateLimits: { maxOrdersPerIdentifierPerWeek: 1 } });
    const a = await client(f);
    expect((await a.post(a.dir.newOrder!, { identifiers: [{ type: 'ip', value: '192.0.2.10' }] })).status).toBe(201);
    const r = await a.post(a.dir.newOrder!, { identifiers: [{ type: 'ip', value: '192.0.2.10' }] });
    expect(((await r.json()) as Problem).type).toBe(E('rateLimited'));
  });

  it('bad limits are refused when the server is made', async () => {
    const f = await makeFixture();
    expect(() => createAcmeServer({ ca: f.ca, baseUrl: 'http://x/acme', rateLimits: { maxOrdersPerIdentifierPerWeek: 0 } })).toThrow(RangeError);
    expect(() => createAcmeServer({ ca: f.ca, baseUrl: 'http://x/acme', rateLimits: { identifierWindowHours: -1 } })).toThrow(RangeError);
    expect(() => createAcmeServer({ ca: f.ca, baseUrl: 'http://x/acme', maxOrdersPerHour: 0 })).toThrow(RangeError);
  });
});

describe('acme: limits hold across servers sharing one store', () => {
  const shared: [string, () => Promise<{ one: AcmeStore; two: AcmeStore; close: () => Promise<void> }>][] = [
    [
      'FsAcmeStore',
      async () => {
        const dir = mkdtempSync(path.join(tmpdir(), 'certkit-acme-limits-'));
        return { one: await FsAcmeStore.open(dir), two: await FsAcmeStore.open(path.join(dir, '.', '')), close: async () => undefined };
      },
    ],
    [
      'PostgresAcmeStore',
      async () => {
        const db = `limits_${Math.random().toString(36).slice(2, 8)}`;
        cluster.createDatabase(db);
        const [x, y] = [await PostgresCaStore.open(cluster.url(db)), await PostgresCaStore.open(cluster.url(db))];
        return {
          one: x.acmeStore(),
          two: y.acmeStore(),
          close: async () => {
            await x.close();
            await y.close();
          },
        };
      },
    ],
  ];
  for (const [name, open] of shared) {
    it(`${name}: per identifier and per account, one server's orders count on the other`, async () => {
      const s = await open();
      try {
        const opts = { rateLimits: { maxOrdersPerIdentifierPerWeek: 2 }, maxOrdersPerHour: 3 };
        const f1 = await acmeFixture({ ...opts, store: s.one });
        const f2 = await acmeFixture({ ...opts, store: s.two });
        const a1 = await client(f1);
        // the same account through the second server (the account is in the shared store)
        const a2 = new TestClient(f2, a1.key, a1.signer);
        a2.dir = a1.dir;
        a2.kid = a1.kid;
        expect((await order(a1, 'shared.example')).status).toBe(201);
        expect((await order(a2, 'shared.example')).status).toBe(201);
        const r = await order(a1, 'shared.example');
        expect([r.status, ((await r.json()) as Problem).type]).toEqual([429, E('rateLimited')]);
        expect((await order(a2, 'third.example')).status).toBe(201);
        // that was the account's third order this hour, across both servers
        const h = await order(a1, 'fourth.example');
        expect([h.status, ((await h.json()) as Problem).detail]).toEqual([429, expect.stringContaining('an hour per account')]);
        expect(Number(h.headers.get('retry-after'))).toBe(3600);
      } finally {
        await s.close();
      }
    });
  }

  it('a memory store per server does not share (why serve uses the persistent stores)', async () => {
    const opts = { rateLimits: { maxOrdersPerIdentifierPerWeek: 1 } };
    const f1 = await acmeFixture({ ...opts, store: new MemoryAcmeStore() });
    const a = await client(f1);
    expect((await order(a, 'solo.example')).status).toBe(201);
    expect((await order(a, 'solo.example')).status).toBe(429);
  });
});
