/**
 * The AcmeStore conformance suite (test/acme-store-conformance.ts) on the three stores:
 * MemoryAcmeStore, FsAcmeStore (a fresh directory) and PostgresAcmeStore (a fresh database in a
 * real throwaway cluster, test/pg-cluster.ts; fails, never skips, without PostgreSQL).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryAcmeStore } from '../src/acme/index';
import { FsAcmeStore } from '../src/node/index';
import { PostgresCaStore, postgresSchemaVersion } from '../src/store/postgres/index';
import { describeAcmeStoreConformance } from './acme-store-conformance';
import { startCluster, type PgCluster } from './pg-cluster';

describeAcmeStoreConformance('MemoryAcmeStore', async () => {
  const store = new MemoryAcmeStore();
  return { store, reopen: async () => store };
});

describeAcmeStoreConformance('FsAcmeStore', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'certkit-acme-store-'));
  return { store: await FsAcmeStore.open(dir), reopen: () => FsAcmeStore.open(dir) };
});

let cluster: PgCluster;
let n = 0;
beforeAll(() => {
  cluster = startCluster();
}, 60_000);
afterAll(() => cluster?.stop());

describeAcmeStoreConformance('PostgresAcmeStore', async () => {
  const db = `acme_${++n}`;
  cluster.createDatabase(db);
  const first = await PostgresCaStore.open(cluster.url(db));
  const others: PostgresCaStore[] = [];
  return {
    store: first.acmeStore(),
    reopen: async () => {
      const s = await PostgresCaStore.open(cluster.url(db));
      others.push(s);
      return s.acmeStore();
    },
    close: async () => {
      for (const s of [first, ...others]) await s.close();
    },
  };
});

describe('schema migration 2 (the ACME tables)', () => {
  it('a database at version 1 with a CA inventory is brought to version 2; migrate: false refuses it until then', async () => {
    cluster.createDatabase('v1');
    const s = await PostgresCaStore.open(cluster.url('v1'));
    expect(await s.reserveSerial('0a')).toBe(true);
    await s.close();
    // back to what a version-1 certkit left: no ACME tables, version 1 only
    cluster.sql('v1', 'DROP TABLE acme_accounts, acme_orders, acme_order_limits, acme_authorizations, acme_certificates; DELETE FROM schema_version WHERE version = 2');
    await expect(PostgresCaStore.open(cluster.url('v1'), { migrate: false })).rejects.toMatchObject({ code: 'store-schema-too-old' });
    const up = await PostgresCaStore.open(cluster.url('v1'));
    try {
      expect(postgresSchemaVersion).toBe(2);
      expect(cluster.sql('v1', "SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_version").trim()).toBe('1,2');
      expect(await up.reserveSerial('0a')).toBe(false); // the inventory survived
      await up
        .acmeStore()
        .putAccount({
          id: 'a',
          status: 'valid',
          contact: [],
          termsOfServiceAgreed: true,
          jwk: { kty: 'OKP', crv: 'Ed25519', x: 'k' } as never,
          thumbprint: 't',
          createdAt: '2026-03-01T00:00:00.000Z',
        });
      expect((await up.acmeStore().findAccountByThumbprint('t'))?.id).toBe('a');
    } finally {
      await up.close();
    }
  });
});
