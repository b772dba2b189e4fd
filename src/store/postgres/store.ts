/**
 * {@link PostgresCaStore}: a {@link CaStore} on PostgreSQL, so several CA processes (on several
 * machines) share one inventory. Runs wherever the `pg` driver runs (Node, Deno, Bun); the driver
 * is an optional peer dependency loaded when a store is opened, so importing certkit never pulls
 * it in.
 *
 * Isolation, method by method (each is one transaction, durable at COMMIT with PostgreSQL's
 * default `synchronous_commit = on`):
 * - reserveSerial: `INSERT ... ON CONFLICT DO NOTHING` on the serial's primary key: the
 *   constraint, not a read-then-write, decides who claimed it.
 * - commitIssuance: the record and its audit entry in one transaction; with `uniqueKey`, a
 *   transaction-scoped advisory lock on the key fingerprint serializes the commits for one key,
 *   so the duplicate-key check and the insert cannot interleave with another commit for that key.
 * - revoke: a conditional `UPDATE ... WHERE revocation IS NULL` plus its audit entry.
 * - nextCrlNumber: `nextval` of a sequence (never goes back, even across crashes and failovers).
 * Serialization failures and deadlocks are retried; a lost connection is `CaError`
 * `store-unavailable` (retryable: the transaction was rolled back or, when COMMIT itself was cut
 * off, either fully applied or not at all).
 *
 * Non-goals: connection management beyond `pg.Pool`, multi-tenant schemas, PGlite (see docs/ca.md).
 * @module
 */
import type * as PgModule from 'pg';
import type { Pool, PoolClient, PoolConfig } from 'pg';
import {
  CaError,
  auditPageLimit,
  canonicalSerial,
  type AuditEntry,
  type AuditEntryInit,
  type AuditPage,
  type CaStore,
  type CertificateQuery,
  type CertificateRecord,
  type CommitOptions,
  type CrlRecord,
  type QueryPage,
  type RequesterInfo,
  type RevocationInfo,
  type RevokedEntry,
} from '../../ca/index';
import { _migrate, _schemaVersion, postgresSchemaVersion } from './schema';
import { PostgresAcmeStore } from './acme-store';

/**
 * Options of {@link PostgresCaStore.open}.
 * @example
 * ```ts
 * const store = await PostgresCaStore.open('postgres://ca@db/ca', { max: 10, migrate: false });
 * ```
 */
export interface PostgresCaStoreOptions {
  /** Apply pending schema migrations at open (default true); when false, an older schema is refused. */
  readonly migrate?: boolean;
  /** Most connections in the pool (default 10). */
  readonly max?: number;
  /** How long to wait for a connection before `store-unavailable` (default 5000 ms). */
  readonly connectionTimeoutMs?: number;
  /** Further `pg.Pool` settings (ssl, application_name, ...). */
  readonly pool?: Omit<PoolConfig, 'connectionString' | 'max' | 'connectionTimeoutMillis'>;
}

interface _Row {
  serial: string;
  profile: string;
  subject: string;
  sans: string[];
  not_before: string;
  not_after: string;
  issued_at: string;
  key_fingerprint: string;
  der: Uint8Array;
  revocation: RevocationInfo | null;
  requester: RequesterInfo | null;
}

const _COLUMNS = 'serial, profile, subject, sans, not_before, not_after, issued_at, key_fingerprint, der, revocation, requester';
const _CURSOR = /^([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z)~([0-9a-f]{1,40})$/;
const _STREAM_BATCH = 5000;
const _listening = new WeakSet<PoolClient>();

function _record(r: _Row): CertificateRecord {
  return {
    serial: r.serial,
    profile: r.profile,
    subject: r.subject,
    sans: r.sans,
    notBefore: r.not_before,
    notAfter: r.not_after,
    issuedAt: r.issued_at,
    keyFingerprint: r.key_fingerprint,
    der: new Uint8Array(r.der),
    ...(r.revocation !== null ? { revocation: r.revocation } : {}),
    ...(r.requester !== null ? { requester: r.requester } : {}),
  };
}

const _sort = (serial: string): string => serial.padStart(40, '0');
const _like = (s: string): string => '%' + s.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
/** What the text filter searches, lower-cased here (JavaScript's case folding, as MemoryCaStore). */
const _search = (r: CertificateRecord): string => [r.subject, ...r.sans].map((s) => s.toLowerCase()).join('\n');

/** SQLSTATE classes and Node errors that mean "the database is not reachable right now". */
function _unavailable(e: unknown): boolean {
  const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
  if (/^(08|57P|53)/.test(code) || code === '3D000' || code === '28P01' || code === '28000') return true;
  if (['ECONNREFUSED', 'ECONNRESET', 'ENOENT', 'ENOTFOUND', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'EHOSTUNREACH'].includes(code)) return true;
  const m = e instanceof Error ? e.message : '';
  return /Connection terminated|connection timeout|Client has encountered a connection error|not queryable|timeout exceeded when trying to connect/i.test(m);
}

/** Turns a driver error into the store's typed errors (CaErrors pass through). */
function _map(e: unknown): unknown {
  if (e instanceof CaError) return e;
  const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
  const msg = e instanceof Error ? e.message : String(e);
  if (code === '25006') return new CaError('store-read-only', `the database refuses writes (${msg}): is this a read-only replica? Point the CA at the primary`, { cause: e });
  // Wrong database, credentials or host: retrying will not help until the connection string is fixed.
  if (code === '3D000' || code.startsWith('28') || code === 'ENOTFOUND') {
    return new CaError('store-unavailable', `cannot connect to the CA database (${msg}): check the connection string`, { cause: e });
  }
  if (_unavailable(e)) return new CaError('store-unavailable', `the CA database is unavailable (${msg}); nothing was half-written, retry`, { cause: e });
  return e;
}

const _retryable = (e: unknown): boolean => {
  const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
  return code === '40001' || code === '40P01';
};

/**
 * The PostgreSQL {@link CaStore}. Open with {@link PostgresCaStore.open}; {@link close} at the end.
 *
 * @example
 * ```ts
 * import { PostgresCaStore } from 'certkit/store/postgres';
 * const store = await PostgresCaStore.open(process.env.CA_DATABASE_URL!);
 * const ca = new CertificateAuthority({ certificate, signer, store });
 * ```
 */
export class PostgresCaStore implements CaStore {
  readonly #pool: Pool;

  private constructor(pool: Pool) {
    this.#pool = pool;
  }

  /**
   * Connects, refuses a read-only database and a newer schema, and applies pending migrations
   * (unless `migrate: false`, which refuses an older schema too).
   * @throws CaError `store-driver-missing` (no `pg` package), `store-unavailable` (cannot
   * connect: wrong address, database or credentials), `store-read-only`, `store-schema-too-new`,
   * `store-schema-too-old` (only with `migrate: false`).
   * @example
   * ```ts
   * const store = await PostgresCaStore.open('postgresql://ca@localhost/ca');
   * ```
   */
  static async open(connectionString: string, options: PostgresCaStoreOptions = {}): Promise<PostgresCaStore> {
    if (typeof connectionString !== 'string' || !/^postgres(ql)?:\/\//.test(connectionString)) {
      throw new TypeError('PostgresCaStore.open expects a postgres:// or postgresql:// connection string');
    }
    let pg: typeof PgModule;
    try {
      const m = (await import('pg')) as typeof PgModule & { default?: typeof PgModule };
      pg = m.default ?? m;
    } catch (e) {
      throw new CaError('store-driver-missing', "the PostgreSQL store needs the 'pg' package: npm install pg", { cause: e });
    }
    const pool = new pg.Pool({ ...options.pool, connectionString, max: options.max ?? 10, connectionTimeoutMillis: options.connectionTimeoutMs ?? 5000 });
    // An idle connection that the server drops (restart, failover) must not crash the process.
    pool.on('error', () => undefined);
    const store = new PostgresCaStore(pool);
    try {
      const c = await pool.connect();
      try {
        const ro = await c.query<{ ro: string; rec: boolean }>(`SELECT current_setting('transaction_read_only') AS ro, pg_is_in_recovery() AS rec`);
        if (ro.rows[0]!.ro === 'on' || ro.rows[0]!.rec) {
          throw new CaError('store-read-only', 'the database is read-only (a replica, or default_transaction_read_only): point the CA at the primary');
        }
        await _migrate(c, { apply: options.migrate ?? true });
        const v = await _schemaVersion(c);
        if (v < postgresSchemaVersion) {
          throw new CaError('store-schema-too-old', `the database is at schema version ${v}, this certkit needs ${postgresSchemaVersion}: run certkit ca migrate (or open with migrate: true)`);
        }
      } finally {
        c.release();
      }
    } catch (e) {
      await pool.end().catch(() => undefined);
      throw _map(e);
    }
    return store;
  }

  /**
   * Closes every connection.
   * @example
   * ```ts
   * await store.close();
   * ```
   */
  async close(): Promise<void> {
    await this.#pool.end();
  }

  /**
   * The ACME server's store in the same database and pool (schema migration 2): accounts,
   * orders and authorizations shared by every instance. Closed with this store.
   * @example
   * ```ts
   * const acme = createAcmeServer({ ca, baseUrl: 'https://ca.example.net/acme', store: caStore.acmeStore() });
   * ```
   */
  acmeStore(): PostgresAcmeStore {
    return new PostgresAcmeStore((fn, transaction) => this.#run(fn, transaction));
  }

  async #run<T>(fn: (c: PoolClient) => Promise<T>, transaction: boolean): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      let c: PoolClient;
      try {
        c = await this.#pool.connect();
      } catch (e) {
        throw _map(e);
      }
      // A checked-out connection whose server dies emits 'error' as well as failing the query:
      // listen, or the process dies of an unhandled error event (the query reports the failure).
      if (!_listening.has(c)) {
        _listening.add(c);
        c.on('error', () => undefined);
      }
      let broken = false;
      try {
        if (transaction) await c.query('BEGIN');
        const out = await fn(c);
        if (transaction) await c.query('COMMIT');
        return out;
      } catch (e) {
        if (transaction)
          await c.query('ROLLBACK').catch(() => {
            broken = true;
          });
        broken ||= _unavailable(e);
        if (_retryable(e) && attempt < 8) continue;
        throw _map(e);
      } finally {
        c.release(broken);
      }
    }
  }

  async #audit(c: PoolClient, entry: AuditEntryInit): Promise<void> {
    await c.query('INSERT INTO ca_audit (entry) VALUES ($1)', [JSON.stringify(entry)]);
  }

  async reserveSerial(serial: string): Promise<boolean> {
    const s = canonicalSerial(serial);
    const r = await this.#run((c) => c.query('INSERT INTO ca_serials (serial) VALUES ($1) ON CONFLICT DO NOTHING', [s]), false);
    return r.rowCount === 1;
  }

  async commitIssuance(record: CertificateRecord, options: CommitOptions): Promise<void> {
    const s = canonicalSerial(record.serial);
    const rq = record.requester;
    await this.#run(async (c) => {
      const reserved = await c.query('SELECT 1 FROM ca_serials WHERE serial = $1', [s]);
      if (reserved.rowCount !== 1) throw new CaError('serial-not-reserved', `serial ${s} was not reserved with reserveSerial() before the commit`);
      if (options.uniqueKey) {
        await c.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [record.keyFingerprint]);
        const other = await c.query<{ serial: string }>('SELECT serial FROM ca_certificates WHERE key_fingerprint = $1 AND revocation IS NULL AND not_after_ts >= $2 LIMIT 1', [
          record.keyFingerprint,
          options.now.toISOString(),
        ]);
        if (other.rowCount === 1) throw new CaError('duplicate-key', `an active certificate (serial ${other.rows[0]!.serial}) already certifies this key`);
      }
      const ins = await c.query(
        `INSERT INTO ca_certificates (serial, serial_sort, profile, subject, sans, search, not_before, not_after, not_after_ts, issued_at,
           key_fingerprint, der, revocation, requester, principal, method, renewal_of)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text, $8::text::timestamptz, $9, $10, $11, $12, $13, $14, $15, $16) ON CONFLICT (serial) DO NOTHING`,
        [
          s,
          _sort(s),
          record.profile,
          record.subject,
          [...record.sans],
          _search(record),
          record.notBefore,
          record.notAfter,
          record.issuedAt,
          record.keyFingerprint,
          record.der,
          record.revocation ? JSON.stringify(record.revocation) : null,
          rq ? JSON.stringify(rq) : null,
          rq?.principal ?? null,
          rq?.method ?? null,
          rq?.renewalOf ?? null,
        ],
      );
      if (ins.rowCount !== 1) throw new CaError('serial-in-use', `serial ${s} already has a record`);
      if (options.audit !== undefined) await this.#audit(c, { ...options.audit, serial: s });
    }, true);
  }

  async revoke(serial: string, revocation: RevocationInfo, options: { readonly audit?: AuditEntryInit } = {}): Promise<CertificateRecord> {
    const s = canonicalSerial(serial);
    return this.#run(async (c) => {
      const u = await c.query<_Row>(`UPDATE ca_certificates SET revocation = $2 WHERE serial = $1 AND revocation IS NULL RETURNING ${_COLUMNS}`, [s, JSON.stringify(revocation)]);
      if (u.rowCount !== 1) {
        const r = await c.query<_Row>(`SELECT ${_COLUMNS} FROM ca_certificates WHERE serial = $1`, [s]);
        const rev = r.rows[0]?.revocation;
        if (r.rowCount !== 1) throw new CaError('unknown-serial', `no certificate with serial ${s} was issued by this CA`);
        throw new CaError('already-revoked', `serial ${s} was already revoked on ${rev?.date} (${rev?.reason})`);
      }
      if (options.audit !== undefined) await this.#audit(c, { ...options.audit, serial: s });
      return _record(u.rows[0]!);
    }, true);
  }

  async get(serial: string): Promise<CertificateRecord | undefined> {
    const s = canonicalSerial(serial);
    const r = await this.#run((c) => c.query<_Row>(`SELECT ${_COLUMNS} FROM ca_certificates WHERE serial = $1`, [s]), false);
    return r.rows[0] === undefined ? undefined : _record(r.rows[0]);
  }

  async list(): Promise<CertificateRecord[]> {
    const r = await this.#run((c) => c.query<_Row>(`SELECT ${_COLUMNS} FROM ca_certificates ORDER BY issued_at, serial_sort`), false);
    return r.rows.map(_record);
  }

  /** Keyset pages of 5,000 rows over the partial index of revoked serials. */
  async *revokedEntries(): AsyncIterable<RevokedEntry> {
    let after = '';
    for (;;) {
      const r = await this.#run(
        (c) =>
          c.query<{ serial: string; serial_sort: string; revocation: RevocationInfo }>(
            'SELECT serial, serial_sort, revocation FROM ca_certificates WHERE revocation IS NOT NULL AND serial_sort > $1 ORDER BY serial_sort LIMIT $2',
            [after, _STREAM_BATCH],
          ),
        false,
      );
      for (const row of r.rows) yield { serial: row.serial, revocation: row.revocation };
      if (r.rows.length < _STREAM_BATCH) return;
      after = r.rows[r.rows.length - 1]!.serial_sort;
    }
  }

  /**
   * Moves the cRLNumber sequence forward so the next number is above `atLeast` (never back):
   * for moving a CA from another store, whose CRLs already used numbers up to `atLeast`.
   * @example
   * ```ts
   * await store.advanceCrlNumber(41n); (await store.nextCrlNumber()) > 41n // true
   * ```
   */
  async advanceCrlNumber(atLeast: bigint): Promise<void> {
    if (typeof atLeast !== 'bigint' || atLeast < 0n) throw new RangeError('advanceCrlNumber expects a non-negative bigint');
    if (atLeast === 0n) return;
    await this.#run(
      (c) => c.query(`SELECT setval('ca_crl_number', GREATEST($1::bigint, (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM ca_crl_number)), true)`, [atLeast.toString()]),
      false,
    );
  }

  async findByKey(keyFingerprint: string): Promise<CertificateRecord[]> {
    const r = await this.#run((c) => c.query<_Row>(`SELECT ${_COLUMNS} FROM ca_certificates WHERE key_fingerprint = $1 ORDER BY issued_at, serial_sort`, [keyFingerprint]), false);
    return r.rows.map(_record);
  }

  async nextCrlNumber(): Promise<bigint> {
    const r = await this.#run((c) => c.query<{ n: string }>(`SELECT nextval('ca_crl_number')::text AS n`), false);
    return BigInt(r.rows[0]!.n);
  }

  async saveCrl(crl: CrlRecord, options: { readonly audit?: AuditEntryInit } = {}): Promise<void> {
    await this.#run(async (c) => {
      await c.query('INSERT INTO ca_crls (number, this_update, der) VALUES ($1, $2, $3)', [crl.number.toString(), crl.thisUpdate, crl.der]);
      if (options.audit !== undefined) await this.#audit(c, options.audit);
    }, true);
  }

  async latestCrl(): Promise<CrlRecord | undefined> {
    const r = await this.#run((c) => c.query<{ n: string; this_update: string; der: Uint8Array }>('SELECT number::text AS n, this_update, der FROM ca_crls ORDER BY number DESC LIMIT 1'), false);
    const row = r.rows[0];
    return row === undefined ? undefined : { number: BigInt(row.n), thisUpdate: row.this_update, der: new Uint8Array(row.der) };
  }

  async appendAudit(entry: AuditEntryInit): Promise<AuditEntry> {
    const r = await this.#run((c) => c.query<{ id: string }>('INSERT INTO ca_audit (entry) VALUES ($1) RETURNING id::text AS id', [JSON.stringify(entry)]), false);
    return { ...(JSON.parse(JSON.stringify(entry)) as AuditEntryInit), id: r.rows[0]!.id.padStart(16, '0') };
  }

  async listAudit(options: { readonly cursor?: string; readonly limit?: number } = {}): Promise<AuditPage> {
    const limit = auditPageLimit(options.limit);
    const c0 = options.cursor;
    if (c0 !== undefined && (typeof c0 !== 'string' || !/^[0-9]{16}$/.test(c0))) throw new RangeError('the cursor is not one this store handed out');
    const r = await this.#run(
      (c) => c.query<{ id: string; entry: AuditEntryInit }>('SELECT id::text AS id, entry FROM ca_audit WHERE ca_audit.id > $1 ORDER BY ca_audit.id LIMIT $2', [c0 ?? '0', limit + 1]),
      false,
    );
    const entries = r.rows.slice(0, limit).map((row) => ({ ...row.entry, id: row.id.padStart(16, '0') }));
    return r.rows.length > limit ? { entries, next: entries[entries.length - 1]!.id } : { entries };
  }

  async query(options: CertificateQuery = {}): Promise<QueryPage> {
    const { sql, params, limit } = _where(options);
    const r = await this.#run((c) => c.query<_Row>(`SELECT ${_COLUMNS} FROM ca_certificates ${sql} ORDER BY issued_at, serial_sort LIMIT ${limit + 1}`, params), false);
    const records = r.rows.slice(0, limit).map(_record);
    if (r.rows.length <= limit) return { records };
    const last = records[records.length - 1]!;
    return { records, next: `${last.issuedAt}~${last.serial}` };
  }
}

/** The WHERE clause of a query: the same filters and cursor as `queryRecords` (src/ca/query.ts). */
function _where(q: CertificateQuery): { sql: string; params: unknown[]; limit: number } {
  const limit = q.limit ?? 100;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 1000) throw new RangeError(`limit must be an integer from 1 to 1000, got ${String(q.limit)}`);
  const at = (q.at ?? new Date()).toISOString();
  const params: unknown[] = [];
  const p = (v: unknown): string => `$${params.push(v)}`;
  const where: string[] = [];
  if (q.cursor !== undefined) {
    const m = typeof q.cursor === 'string' ? _CURSOR.exec(q.cursor) : null;
    if (m === null) throw new RangeError('the cursor is not one this store handed out');
    where.push(`(issued_at, serial_sort) > (${p(m[1])}, ${p(_sort(m[2]!))})`);
  }
  const f = q.filters ?? {};
  if (f.status === 'revoked') where.push('revocation IS NOT NULL');
  else if (f.status === 'active') where.push(`revocation IS NULL AND not_after_ts >= ${p(at)}`);
  else if (f.status === 'expired') where.push(`revocation IS NULL AND not_after_ts < ${p(at)}`);
  if (f.profile !== undefined) where.push(`profile = ${p(f.profile)}`);
  if (f.expiringBefore !== undefined) where.push(`not_after_ts < ${p(f.expiringBefore.toISOString())}`);
  if (f.requester !== undefined) where.push(`principal = ${p(f.requester)}`);
  if (f.method !== undefined) where.push(`method = ${p(f.method)}`);
  if (f.renewalOf !== undefined) where.push(`renewal_of = ${p(f.renewalOf)}`);
  if (f.text !== undefined) where.push(`search LIKE ${p(_like(f.text.toLowerCase()))}`);
  for (const [k, v] of Object.entries(f.metadata ?? {})) where.push(`lower(requester->'metadata'->>${p(k)}) LIKE ${p(_like(v.toLowerCase()))}`);
  return { sql: where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`, params, limit };
}
