/**
 * {@link PostgresAcmeStore}: the ACME server's accounts, orders, authorizations and certificates
 * in the CA's PostgreSQL database (schema migration 2), so every `certkit serve` instance on that
 * database answers for every account and order, and a restart forgets nothing.
 *
 * Get one from {@link PostgresCaStore.acmeStore}: it shares the CA store's pool, retries and
 * error mapping (`store-unavailable`, `store-read-only`). Each method is one statement (a new
 * order with its rate-limit rows is one transaction), so each is atomic; the thumbprint's UNIQUE
 * constraint keeps one account per key even when two instances register the same key at once.
 * Rate-limit counts read `acme_order_limits (key, created)` through its index.
 *
 * Non-goals: nonces (kept in memory per server: see `AcmeStore`), purging old orders.
 * @module
 */
import type { PoolClient } from 'pg';
import { AcmeError, type AcmeAccount, type AcmeAuthorization, type AcmeCertificate, type AcmeOrder, type AcmeOrderCount, type AcmeStore } from '../../acme/index';

/** Runs `fn` on a pooled connection, in a transaction when asked (the CA store's runner). */
type _Runner = <T>(fn: (c: PoolClient) => Promise<T>, transaction: boolean) => Promise<T>;

const _doc = <T>(rows: readonly { doc: T }[]): T | undefined => rows[0]?.doc;

/**
 * The PostgreSQL {@link AcmeStore}: `store.acmeStore()` of a {@link PostgresCaStore}.
 * @example
 * ```ts
 * const caStore = await PostgresCaStore.open(process.env.CA_DATABASE_URL!);
 * const acme = createAcmeServer({ ca, baseUrl: 'https://ca.example.net/acme', store: caStore.acmeStore() });
 * ```
 */
export class PostgresAcmeStore implements AcmeStore {
  readonly #run: _Runner;

  /**
   * Use {@link PostgresCaStore.acmeStore}, which passes its connection runner.
   * @internal
   */
  constructor(run: _Runner) {
    if (typeof run !== 'function') throw new TypeError('PostgresAcmeStore is made by PostgresCaStore.acmeStore()');
    this.#run = run;
  }

  async getAccount(id: string): Promise<AcmeAccount | undefined> {
    return this.#run(async (c) => _doc((await c.query<{ doc: AcmeAccount }>('SELECT doc FROM acme_accounts WHERE id = $1', [id])).rows), false);
  }

  async findAccountByThumbprint(thumbprint: string): Promise<AcmeAccount | undefined> {
    return this.#run(async (c) => _doc((await c.query<{ doc: AcmeAccount }>('SELECT doc FROM acme_accounts WHERE thumbprint = $1', [thumbprint])).rows), false);
  }

  async putAccount(account: AcmeAccount): Promise<void> {
    try {
      await this.#run(
        (c) =>
          c.query(
            `INSERT INTO acme_accounts (id, thumbprint, doc) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET thumbprint = EXCLUDED.thumbprint, doc = EXCLUDED.doc`,
            [account.id, account.thumbprint, JSON.stringify(account)],
          ),
        false,
      );
    } catch (e) {
      // 23505 unique_violation on the thumbprint: another instance registered this key first
      if ((e as { code?: unknown })?.code === '23505') throw new AcmeError('malformed', 'another account already has this key; send newAccount again to get it', { cause: e });
      throw e;
    }
  }

  async getOrder(id: string): Promise<AcmeOrder | undefined> {
    return this.#run(async (c) => _doc((await c.query<{ doc: AcmeOrder }>('SELECT doc FROM acme_orders WHERE id = $1', [id])).rows), false);
  }

  async putOrder(order: AcmeOrder): Promise<void> {
    await this.#run(async (c) => {
      const ins = await c.query(
        `INSERT INTO acme_orders (id, account_id, doc) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc RETURNING (xmax = 0) AS inserted`,
        [order.id, order.accountId, JSON.stringify(order)],
      );
      const created = Date.parse(order.created ?? '');
      if ((ins.rows[0] as { inserted: boolean } | undefined)?.inserted === true && (order.limitKeys ?? []).length > 0) {
        await c.query(`INSERT INTO acme_order_limits (key, order_id, created) SELECT k, $2, $3 FROM unnest($1::text[]) AS k ON CONFLICT DO NOTHING`, [
          [...new Set(order.limitKeys)],
          order.id,
          new Date(Number.isNaN(created) ? 0 : created).toISOString(),
        ]);
      }
    }, true);
  }

  async replaceOrderIf(order: AcmeOrder, expected: AcmeOrder['status']): Promise<boolean> {
    // one conditional UPDATE: the row lock makes concurrent callers see each other's write
    const r = await this.#run((c) => c.query(`UPDATE acme_orders SET doc = $2 WHERE id = $1 AND doc->>'status' = $3`, [order.id, JSON.stringify(order), expected]), false);
    return r.rowCount === 1;
  }

  async listOrders(accountId: string): Promise<readonly string[]> {
    return this.#run(async (c) => (await c.query<{ id: string }>('SELECT id FROM acme_orders WHERE account_id = $1 ORDER BY seq', [accountId])).rows.map((r) => r.id), false);
  }

  async countOrders(key: string, since: string): Promise<AcmeOrderCount> {
    if (Number.isNaN(Date.parse(since))) throw new RangeError('since must be an ISO 8601 time');
    const r = await this.#run(
      (c) => c.query<{ n: string; oldest: Date | null }>('SELECT count(*) AS n, min(created) AS oldest FROM acme_order_limits WHERE key = $1 AND created >= $2', [key, since]),
      false,
    );
    const row = r.rows[0]!;
    const count = Number(row.n);
    return count === 0 || row.oldest === null ? { count } : { count, oldest: new Date(row.oldest).toISOString() };
  }

  async getAuthorization(id: string): Promise<AcmeAuthorization | undefined> {
    return this.#run(async (c) => _doc((await c.query<{ doc: AcmeAuthorization }>('SELECT doc FROM acme_authorizations WHERE id = $1', [id])).rows), false);
  }

  async putAuthorization(authorization: AcmeAuthorization): Promise<void> {
    await this.#run(
      (c) => c.query('INSERT INTO acme_authorizations (id, doc) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc', [authorization.id, JSON.stringify(authorization)]),
      false,
    );
  }

  async getCertificate(id: string): Promise<AcmeCertificate | undefined> {
    const r = await this.#run((c) => c.query<{ account_id: string; serial: string; pem: string }>('SELECT account_id, serial, pem FROM acme_certificates WHERE id = $1', [id]), false);
    const row = r.rows[0];
    return row === undefined ? undefined : { accountId: row.account_id, serial: row.serial, pem: row.pem };
  }

  async putCertificate(id: string, value: AcmeCertificate): Promise<void> {
    await this.#run(
      (c) =>
        c.query(
          `INSERT INTO acme_certificates (id, account_id, serial, pem) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET account_id = EXCLUDED.account_id, serial = EXCLUDED.serial, pem = EXCLUDED.pem`,
          [id, value.accountId, value.serial, value.pem],
        ),
      false,
    );
  }
}
