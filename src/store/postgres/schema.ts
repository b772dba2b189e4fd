/**
 * The PostgreSQL schema of {@link PostgresCaStore}, as numbered migrations, and the code that
 * applies them. A migration runs once, in one transaction, under an advisory lock, so several CA
 * processes starting together apply it exactly once; `schema_version` records what was applied.
 * Non-goals: down-migrations (a database is never moved back to an older certkit).
 * @module
 */
import type { PoolClient } from 'pg';
import { CaError } from '../../ca/index';

/** Arbitrary constant naming certkit's migration lock (pg_advisory_xact_lock). */
const _MIGRATION_LOCK = 0x63657274; // "cert"

/**
 * Migration N is `_MIGRATIONS[N - 1]`. Append only: a released migration never changes.
 * Timestamps the records round-trip exactly are kept as text (ISO 8601, as the CA wrote them);
 * `not_after_ts` is the same notAfter as a timestamptz, for the status and expiry filters.
 */
const _MIGRATIONS: readonly string[] = [
  `CREATE TABLE ca_serials (
     serial text PRIMARY KEY,
     reserved_at timestamptz NOT NULL DEFAULT now());
   CREATE TABLE ca_certificates (
     serial text PRIMARY KEY REFERENCES ca_serials (serial),
     serial_sort text COLLATE "C" NOT NULL,
     profile text NOT NULL,
     subject text NOT NULL,
     sans text[] NOT NULL,
     search text NOT NULL,
     not_before text NOT NULL,
     not_after text NOT NULL,
     not_after_ts timestamptz NOT NULL,
     issued_at text COLLATE "C" NOT NULL,
     key_fingerprint text NOT NULL,
     der bytea NOT NULL,
     revocation jsonb,
     requester jsonb,
     principal text,
     method text,
     renewal_of text);
   CREATE INDEX ca_certificates_order ON ca_certificates (issued_at, serial_sort);
   CREATE INDEX ca_certificates_key ON ca_certificates (key_fingerprint);
   CREATE INDEX ca_certificates_profile ON ca_certificates (profile, issued_at, serial_sort);
   CREATE INDEX ca_certificates_principal ON ca_certificates (principal, issued_at, serial_sort);
   CREATE INDEX ca_certificates_not_after ON ca_certificates (not_after_ts);
   CREATE INDEX ca_certificates_revoked ON ca_certificates (serial_sort) WHERE revocation IS NOT NULL;
   CREATE INDEX ca_certificates_renewal ON ca_certificates (renewal_of) WHERE renewal_of IS NOT NULL;
   CREATE SEQUENCE ca_crl_number MINVALUE 1 NO CYCLE;
   CREATE TABLE ca_crls (
     number numeric PRIMARY KEY,
     this_update text NOT NULL,
     der bytea NOT NULL);
   CREATE TABLE ca_audit (
     id bigserial PRIMARY KEY,
     entry jsonb NOT NULL);`,
  // 2: the ACME server's state (PostgresAcmeStore). Records are jsonb documents (the server reads
  // them whole); the columns beside them are what lookups and counts need.
  `CREATE TABLE acme_accounts (
     id text PRIMARY KEY,
     thumbprint text NOT NULL UNIQUE,
     doc jsonb NOT NULL);
   CREATE TABLE acme_orders (
     id text PRIMARY KEY,
     seq bigserial NOT NULL,
     account_id text NOT NULL,
     doc jsonb NOT NULL);
   CREATE INDEX acme_orders_account ON acme_orders (account_id, seq);
   CREATE TABLE acme_order_limits (
     key text NOT NULL,
     order_id text NOT NULL,
     created timestamptz NOT NULL,
     PRIMARY KEY (key, order_id));
   CREATE INDEX acme_order_limits_window ON acme_order_limits (key, created);
   CREATE TABLE acme_authorizations (
     id text PRIMARY KEY,
     doc jsonb NOT NULL);
   CREATE TABLE acme_certificates (
     id text PRIMARY KEY,
     account_id text NOT NULL,
     serial text NOT NULL,
     pem text NOT NULL);`,
];

/**
 * The schema version this certkit writes and reads.
 * @example
 * ```ts
 * postgresSchemaVersion // 2
 * ```
 */
export const postgresSchemaVersion: number = _MIGRATIONS.length;

/** The version a database is at (0 for an empty database). */
export async function _schemaVersion(c: PoolClient): Promise<number> {
  const t = await c.query<{ t: string | null }>(`SELECT to_regclass('schema_version')::text AS t`);
  if (t.rows[0]?.t == null) return 0;
  const v = await c.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_version');
  return v.rows[0]?.v ?? 0;
}

function _tooNew(v: number): CaError {
  return new CaError('store-schema-too-new', `the database is at schema version ${v}; this certkit knows versions up to ${postgresSchemaVersion}: upgrade certkit (a schema is never moved back)`);
}

/**
 * Brings a database to {@link postgresSchemaVersion}, in one transaction under an advisory lock.
 * Returns the versions applied (empty when it was current). A trigram index for substring search
 * is created when the `pg_trgm` extension can be (it is trusted since PostgreSQL 13); without it
 * the search is a plain `LIKE` scan.
 * @throws CaError `store-schema-too-new` for a database at a newer version.
 */
export async function _migrate(c: PoolClient, options: { readonly apply: boolean }): Promise<number[]> {
  const before = await _schemaVersion(c);
  if (before > postgresSchemaVersion) throw _tooNew(before);
  if (before === postgresSchemaVersion || !options.apply) return [];
  await c.query('BEGIN');
  try {
    await c.query('SELECT pg_advisory_xact_lock($1)', [_MIGRATION_LOCK]);
    await c.query('CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const v = await _schemaVersion(c); // another process may have migrated while we waited
    if (v > postgresSchemaVersion) throw _tooNew(v);
    const applied: number[] = [];
    for (let n = v + 1; n <= postgresSchemaVersion; n++) {
      await c.query(_MIGRATIONS[n - 1]!);
      if (n === 1) await _trigramIndex(c);
      await c.query('INSERT INTO schema_version (version) VALUES ($1)', [n]);
      applied.push(n);
    }
    await c.query('COMMIT');
    return applied;
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

async function _trigramIndex(c: PoolClient): Promise<void> {
  await c.query('SAVEPOINT trgm');
  try {
    await c.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await c.query('CREATE INDEX ca_certificates_search ON ca_certificates USING gin (search gin_trgm_ops)');
    await c.query('RELEASE SAVEPOINT trgm');
  } catch {
    // No pg_trgm (or no right to create it): the text filter stays a sequential LIKE scan.
    await c.query('ROLLBACK TO SAVEPOINT trgm');
  }
}
