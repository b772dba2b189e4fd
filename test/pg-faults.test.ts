/**
 * PostgresCaStore against a real cluster in bad conditions: a wrong connection string, a
 * database at a newer schema, a read-only database given as the primary, an older schema with
 * migrations disallowed (each a typed CaError, nothing written), and the server restarted with
 * `pg_ctl restart -m immediate` in the middle of concurrent issuances (clients get the retryable
 * `store-unavailable`; every acknowledged commit is there, with its audit entry; nothing is
 * half-written).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaError } from '../src/ca/index';
import { PostgresCaStore, postgresSchemaVersion } from '../src/store/postgres/index';
import { startCluster, type PgCluster } from './pg-cluster';
import { syntheticRecord } from './store-conformance';

let cluster: PgCluster;
beforeAll(() => {
  cluster = startCluster();
}, 60_000);
afterAll(() => cluster?.stop());

const tables = (db: string): string => cluster.sql(db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").trim();

describe('PostgresCaStore refuses bad setups with typed errors and writes nothing', () => {
  it('a wrong port, a missing database, a non-postgres URL', async () => {
    const wrongPort = cluster.url('postgres').replace(`port=${cluster.port}`, `port=${cluster.port === 5 ? 6 : 5}`);
    await expect(PostgresCaStore.open(wrongPort, { connectionTimeoutMs: 2000 })).rejects.toMatchObject({ name: 'CaError', code: 'store-unavailable' });
    const e = await PostgresCaStore.open(cluster.url('no_such_db')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CaError);
    expect(e).toMatchObject({ code: 'store-unavailable' });
    expect((e as Error).message).toMatch(/no_such_db.*check the connection string/s);
    await expect(PostgresCaStore.open('mysql://localhost/x')).rejects.toBeInstanceOf(TypeError);
  });

  it('a database at a newer schema version is refused, and left as it was', async () => {
    cluster.createDatabase('newer');
    await (await PostgresCaStore.open(cluster.url('newer'))).close();
    cluster.sql('newer', `INSERT INTO schema_version (version) VALUES (${postgresSchemaVersion + 1})`);
    const before = cluster.sql('newer', 'SELECT count(*) FROM schema_version').trim();
    await expect(PostgresCaStore.open(cluster.url('newer'))).rejects.toMatchObject({ code: 'store-schema-too-new' });
    expect(cluster.sql('newer', 'SELECT count(*) FROM schema_version').trim()).toBe(before);
  });

  it('a read-only database (a replica given as the primary) is refused before anything is written', async () => {
    cluster.createDatabase('ro');
    cluster.sql('postgres', 'ALTER DATABASE ro SET default_transaction_read_only = on');
    await expect(PostgresCaStore.open(cluster.url('ro'))).rejects.toMatchObject({ code: 'store-read-only' });
    expect(tables('ro')).toBe('0');
    // A store opened on a writable database that then turns read-only: writes fail typed.
    cluster.createDatabase('ro2');
    const s = await PostgresCaStore.open(cluster.url('ro2'), { max: 1 });
    cluster.sql('postgres', 'ALTER DATABASE ro2 SET default_transaction_read_only = on');
    cluster.sql('postgres', "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'ro2'"); // new sessions pick the setting up
    let err: unknown;
    for (let i = 0; i < 3 && err === undefined; i++)
      err = await s.reserveSerial('abc1').then(
        () => undefined,
        (x: unknown) => x,
      );
    if ((err as CaError).code === 'store-unavailable')
      err = await s.reserveSerial('abc1').then(
        () => undefined,
        (x: unknown) => x,
      );
    expect(err).toMatchObject({ code: 'store-read-only' });
    await s.close();
    expect(cluster.sql('ro2', 'SELECT count(*) FROM ca_serials').trim()).toBe('0');
  });

  it('migrate: false refuses an empty (older) database without creating anything', async () => {
    cluster.createDatabase('old');
    await expect(PostgresCaStore.open(cluster.url('old'), { migrate: false })).rejects.toMatchObject({ code: 'store-schema-too-old' });
    expect(tables('old')).toBe('0');
  });

  it('four stores opening an empty database at once apply the migration exactly once', async () => {
    cluster.createDatabase('race');
    const stores = await Promise.all([0, 1, 2, 3].map(() => PostgresCaStore.open(cluster.url('race'))));
    await Promise.all(stores.map((s) => s.close()));
    expect(cluster.sql('race', "SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_version").trim()).toBe(Array.from({ length: postgresSchemaVersion }, (_, i) => i + 1).join(','));
  });
});

describe('PostgresCaStore across pg_ctl restart -m immediate', () => {
  it('clients see store-unavailable, then carry on; every acknowledged commit is whole', async () => {
    cluster.createDatabase('crash');
    const s = await PostgresCaStore.open(cluster.url('crash'), { max: 4, connectionTimeoutMs: 3000 });
    const acked: string[] = [];
    const errors: unknown[] = [];
    let next = 0;
    let restarted = false;
    const worker = async (): Promise<void> => {
      while (next < 400) {
        const r = syntheticRecord(1000 + next++);
        try {
          if (!(await s.reserveSerial(r.serial))) continue;
          await s.commitIssuance(r, { uniqueKey: false, now: new Date(), audit: { time: r.issuedAt, action: 'issue', principal: 'w' } });
          acked.push(r.serial);
        } catch (e) {
          errors.push(e);
          await new Promise((res) => setTimeout(res, 50));
        }
      }
    };
    const restart = (async () => {
      while (acked.length < 60) await new Promise((res) => setTimeout(res, 5));
      cluster.restartImmediate(); // blocks this process while the server crashes and recovers
      restarted = true;
    })();
    await Promise.all([worker(), worker(), worker(), worker(), restart]);
    expect(restarted).toBe(true);
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) {
      expect(e).toBeInstanceOf(CaError);
      expect(['store-unavailable', 'serial-in-use']).toContain((e as CaError).code);
    }
    const stored = cluster.sql('crash', 'SELECT serial FROM ca_certificates').trim().split('\n');
    for (const a of acked) expect(stored).toContain(a);
    // Nothing half-written: every record has its audit entry and every audit entry its record.
    expect(cluster.sql('crash', "SELECT count(*) FROM ca_certificates c FULL JOIN ca_audit a ON a.entry->>'serial' = c.serial WHERE a.id IS NULL OR c.serial IS NULL").trim()).toBe('0');
    expect(acked.length).toBeGreaterThan(200);
    await s.close();
  }, 120_000);
});
