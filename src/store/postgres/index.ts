/**
 * `certkit/store/postgres`: the CA inventory on PostgreSQL ({@link PostgresCaStore}), for
 * several CA processes sharing one database, and the ACME server's state beside it
 * ({@link PostgresAcmeStore}, from `PostgresCaStore.acmeStore()`). Needs the optional peer dependency `pg`
 * (node-postgres), loaded only when a store is opened. Runs on Node, Deno and Bun.
 *
 * Non-goals: other databases; PGlite (see docs/ca.md for why not this round).
 * @module
 */
export { PostgresCaStore, type PostgresCaStoreOptions } from './store';
export { postgresSchemaVersion } from './schema';
export { PostgresAcmeStore } from './acme-store';
