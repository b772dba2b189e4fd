/**
 * The store conformance suite on PostgresCaStore, against a real throwaway PostgreSQL cluster
 * (test/pg-cluster.ts): one fresh database per test. Fails (never skips) without PostgreSQL.
 */
import { afterAll, beforeAll } from 'vitest';
import { PostgresCaStore } from '../src/store/postgres/index';
import { startCluster, type PgCluster } from './pg-cluster';
import { describeStoreConformance } from './store-conformance';

let cluster: PgCluster;
let n = 0;
beforeAll(() => {
  cluster = startCluster();
}, 60_000);
afterAll(() => cluster?.stop());

describeStoreConformance('PostgresCaStore', async () => {
  const db = `conf_${++n}`;
  cluster.createDatabase(db);
  return PostgresCaStore.open(cluster.url(db));
});
