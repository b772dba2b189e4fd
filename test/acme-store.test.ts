/**
 * The AcmeStore conformance suite (test/acme-store-conformance.ts) on the three stores:
 * MemoryAcmeStore, FsAcmeStore (a fresh directory) and PostgresAcmeStore (a fresh database in a
 * real throwaway cluster, test/pg-cluster.ts; fails, never skips, without PostgreSQL).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { MemoryAcmeStore } from '../src/acme/index';
import { FsAcmeStore } from '../src/node/index';
import { PostgresCaStore } from '../src/store/postgres/index';
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
beforeAll(() => { cluster = startCluster(); }, 60_000);
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
