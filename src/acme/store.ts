/**
 * Where the ACME server keeps accounts, orders, authorizations and the certificates it handed out,
 * and its anti-replay nonces.
 *
 * Scope: the {@link AcmeStore} interface (small, async, one record per call so another backend can
 * implement it) with the records it holds, {@link MemoryAcmeStore}, and the bounded in-memory
 * {@link NonceBook}. Issued certificates also land in the CA's own store (requester metadata
 * `method: 'acme'`, audit entries): this store keeps only what ACME needs to answer, and counts
 * recent orders for the rate limits ({@link AcmeStore.countOrders}), so limits hold across every
 * server sharing one store. Persistent backends: `FsAcmeStore` (`certkit/node`, beside the CA
 * directory) and `PostgresAcmeStore` (`certkit/store/postgres`).
 *
 * Nonces stay in memory, per server instance ({@link NonceBook}), on purpose: a nonce lives
 * seconds, is checked on every request, and a client that sends one to another instance (or
 * after a restart) gets `badNonce` with a fresh `Replay-Nonce` in the same answer, and RFC 8555
 * §6.5 has it retry with that nonce. Storing them would add a database write to every request for
 * nothing the protocol needs.
 * @module
 */
import type { PublicJwk } from '../keys/index';
import { AcmeError } from './errors';
import { base64url } from './jws';

/**
 * An identifier (RFC 8555 §9.7.7): a DNS name (`*.` for a wildcard in orders) or an IP address
 * (RFC 8738).
 * @example
 * ```ts
 * const ids: AcmeIdentifier[] = [{ type: 'dns', value: 'www.example.com' }, { type: 'ip', value: '192.0.2.7' }];
 * ```
 */
export interface AcmeIdentifier {
  readonly type: 'dns' | 'ip';
  readonly value: string;
}

/**
 * An account (RFC 8555 §7.1.2).
 * @example
 * ```ts
 * const a = await store.getAccount(id); a?.status === 'valid';
 * ```
 */
export interface AcmeAccount {
  readonly id: string;
  readonly status: 'valid' | 'deactivated' | 'revoked';
  readonly contact: readonly string[];
  readonly termsOfServiceAgreed: boolean;
  /** The account key as a public JWK, and its RFC 7638 thumbprint (unique among accounts). */
  readonly jwk: PublicJwk;
  readonly thumbprint: string;
  /** ISO 8601. */
  readonly createdAt: string;
  /** The pre-registered identity of its External Account Binding (the lookup's principal, else the kid). */
  readonly externalAccount?: string;
}

/**
 * A challenge inside an authorization (RFC 8555 §8).
 * @example
 * ```ts
 * const c: AcmeChallenge = { type: 'http-01', token: 'x', status: 'pending' };
 * ```
 */
export interface AcmeChallenge {
  readonly type: 'http-01' | 'dns-01' | 'tls-alpn-01';
  readonly token: string;
  readonly status: 'pending' | 'processing' | 'valid' | 'invalid';
  readonly validated?: string;
  /** The problem document of a failed validation. */
  readonly error?: Readonly<Record<string, unknown>>;
}

/**
 * An authorization (RFC 8555 §7.1.4).
 * @example
 * ```ts
 * const z = await store.getAuthorization(id); z?.challenges[0]?.token;
 * ```
 */
export interface AcmeAuthorization {
  readonly id: string;
  readonly accountId: string;
  /** The identifier, without the `*.` of a wildcard. */
  readonly identifier: AcmeIdentifier;
  readonly wildcard: boolean;
  readonly status: 'pending' | 'valid' | 'invalid' | 'deactivated' | 'expired' | 'revoked';
  readonly expires: string;
  readonly challenges: readonly AcmeChallenge[];
}

/**
 * An order (RFC 8555 §7.1.3).
 * @example
 * ```ts
 * const o = await store.getOrder(id); o?.status;
 * ```
 */
export interface AcmeOrder {
  readonly id: string;
  readonly accountId: string;
  readonly status: 'pending' | 'ready' | 'processing' | 'valid' | 'invalid';
  readonly expires: string;
  readonly identifiers: readonly AcmeIdentifier[];
  readonly authorizations: readonly string[];
  readonly notBefore?: string;
  readonly notAfter?: string;
  /** The problem document of a failure. */
  readonly error?: Readonly<Record<string, unknown>>;
  /** ISO 8601 creation time (rate limits count orders by it). */
  readonly created?: string;
  /**
   * The rate-limit counters this order counts against (opaque strings the server chooses, e.g.
   * `account:<id>`, `identifier:example.com`); {@link AcmeStore.countOrders} counts by them.
   */
  readonly limitKeys?: readonly string[];
  /** RFC 9773 §5: the serial of the certificate this order replaces (`replaces`). */
  readonly replaces?: string;
  /** Once valid: the id of its certificate (download at `/acme/cert/<id>`) and the serial. */
  readonly certificateId?: string;
  readonly serial?: string;
}

/**
 * The records the ACME server keeps. Each method is atomic on one record.
 * @example
 * ```ts
 * const store: AcmeStore = new MemoryAcmeStore();
 * await store.putAccount(account);
 * ```
 */
export interface AcmeStore {
  getAccount(id: string): Promise<AcmeAccount | undefined>;
  findAccountByThumbprint(thumbprint: string): Promise<AcmeAccount | undefined>;
  /**
   * Creates or replaces an account (a new thumbprint re-indexes it).
   * @throws AcmeError `malformed` when another account has the thumbprint (two servers
   * registering one key at once: the loser's retry finds the winner's account).
   */
  putAccount(account: AcmeAccount): Promise<void>;
  getOrder(id: string): Promise<AcmeOrder | undefined>;
  putOrder(order: AcmeOrder): Promise<void>;
  /**
   * Replaces an existing order only while its stored status is `expected` (compare-and-set), and
   * resolves whether it did: of several servers finalizing one order at once, one moves it from
   * `ready` to `processing` and the others refuse.
   */
  replaceOrderIf(order: AcmeOrder, expected: AcmeOrder['status']): Promise<boolean>;
  /** The account's order ids, oldest first. */
  listOrders(accountId: string): Promise<readonly string[]>;
  /**
   * How many orders with `key` among their `limitKeys` were created at or after `since` (ISO
   * 8601), and the creation time of the oldest of them (for `Retry-After`).
   */
  countOrders(key: string, since: string): Promise<AcmeOrderCount>;
  getAuthorization(id: string): Promise<AcmeAuthorization | undefined>;
  putAuthorization(authorization: AcmeAuthorization): Promise<void>;
  /** The PEM chain of an issued certificate and the account it went to. */
  getCertificate(id: string): Promise<AcmeCertificate | undefined>;
  putCertificate(id: string, value: AcmeCertificate): Promise<void>;
}

/**
 * The answer of {@link AcmeStore.countOrders}.
 * @example
 * ```ts
 * const { count, oldest } = await store.countOrders('identifier:example.com', weekAgo);
 * ```
 */
export interface AcmeOrderCount {
  readonly count: number;
  /** ISO 8601 creation time of the oldest counted order (absent when `count` is 0). */
  readonly oldest?: string;
}

/**
 * What an issued certificate is to the ACME store: the account it went to, its serial and the PEM
 * chain (leaf first) of the default chain.
 * @example
 * ```ts
 * const c: AcmeCertificate = { accountId: 'a1', serial: '01ab', pem: leafAndChainPem };
 * ```
 */
export interface AcmeCertificate {
  readonly accountId: string;
  readonly serial: string;
  readonly pem: string;
}

/** The refusal of {@link AcmeStore.putAccount} for a key another account has. */
function _keyTaken(): AcmeError {
  return new AcmeError('malformed', 'another account already has this key; send newAccount again to get it');
}

/** An order's creation time in ms (0 when it has none): the rate-limit clock. */
function _createdMs(order: AcmeOrder): number {
  const t = Date.parse(order.created ?? '');
  return Number.isNaN(t) ? 0 : t;
}

/**
 * An {@link AcmeStore} in memory (lost on restart).
 * @example
 * ```ts
 * const acme = createAcmeServer({ ca, baseUrl: 'https://ca.example.net/acme', store: new MemoryAcmeStore() });
 * ```
 */
export class MemoryAcmeStore implements AcmeStore {
  readonly #accounts = new Map<string, AcmeAccount>();
  readonly #byThumbprint = new Map<string, string>();
  readonly #orders = new Map<string, AcmeOrder>();
  readonly #ordersOf = new Map<string, string[]>();
  readonly #authz = new Map<string, AcmeAuthorization>();
  readonly #certs = new Map<string, { accountId: string; serial: string; pem: string }>();
  readonly #byKey = new Map<string, { t: number; id: string }[]>();

  async getAccount(id: string): Promise<AcmeAccount | undefined> {
    return this.#accounts.get(id);
  }
  async findAccountByThumbprint(thumbprint: string): Promise<AcmeAccount | undefined> {
    const id = this.#byThumbprint.get(thumbprint);
    return id === undefined ? undefined : this.#accounts.get(id);
  }
  async putAccount(account: AcmeAccount): Promise<void> {
    const holder = this.#byThumbprint.get(account.thumbprint);
    if (holder !== undefined && holder !== account.id) throw _keyTaken();
    const old = this.#accounts.get(account.id);
    if (old !== undefined && old.thumbprint !== account.thumbprint) this.#byThumbprint.delete(old.thumbprint);
    this.#accounts.set(account.id, account);
    this.#byThumbprint.set(account.thumbprint, account.id);
  }
  async getOrder(id: string): Promise<AcmeOrder | undefined> {
    return this.#orders.get(id);
  }
  async putOrder(order: AcmeOrder): Promise<void> {
    if (!this.#orders.has(order.id)) {
      const list = this.#ordersOf.get(order.accountId) ?? [];
      list.push(order.id);
      this.#ordersOf.set(order.accountId, list);
      for (const k of order.limitKeys ?? []) {
        const l = this.#byKey.get(k) ?? [];
        l.push({ t: _createdMs(order), id: order.id });
        this.#byKey.set(k, l);
      }
    }
    this.#orders.set(order.id, order);
  }
  async replaceOrderIf(order: AcmeOrder, expected: AcmeOrder['status']): Promise<boolean> {
    if (this.#orders.get(order.id)?.status !== expected) return false;
    this.#orders.set(order.id, order);
    return true;
  }
  async listOrders(accountId: string): Promise<readonly string[]> {
    return [...(this.#ordersOf.get(accountId) ?? [])];
  }
  async countOrders(key: string, since: string): Promise<AcmeOrderCount> {
    const from = Date.parse(since);
    const l = (this.#byKey.get(key) ?? []).filter((e) => e.t >= from);
    if (l.length === 0) return { count: 0 };
    return { count: l.length, oldest: new Date(l.reduce((m, e) => Math.min(m, e.t), Infinity)).toISOString() };
  }
  async getAuthorization(id: string): Promise<AcmeAuthorization | undefined> {
    return this.#authz.get(id);
  }
  async putAuthorization(authorization: AcmeAuthorization): Promise<void> {
    this.#authz.set(authorization.id, authorization);
  }
  async getCertificate(id: string): Promise<AcmeCertificate | undefined> {
    return this.#certs.get(id);
  }
  async putCertificate(id: string, value: AcmeCertificate): Promise<void> {
    this.#certs.set(id, { ...value });
  }
  /** How many accounts, orders and authorizations it holds (for tests and metrics). */
  get size(): { accounts: number; orders: number; authorizations: number; certificates: number } {
    return { accounts: this.#accounts.size, orders: this.#orders.size, authorizations: this.#authz.size, certificates: this.#certs.size };
  }
}

/**
 * Anti-replay nonces (RFC 8555 §6.5): random, single use, at most `capacity` outstanding (the
 * oldest forgotten first) and each valid for `lifetimeMs`.
 * @example
 * ```ts
 * const book = new NonceBook(); const n = book.issue(); book.consume(n) === true; book.consume(n) === false;
 * ```
 */
export class NonceBook {
  readonly #live = new Map<string, number>();
  readonly #capacity: number;
  readonly #lifetimeMs: number;
  readonly #now: () => number;

  constructor(options: { capacity?: number; lifetimeMs?: number; now?: () => number } = {}) {
    this.#capacity = options.capacity ?? 10_000;
    this.#lifetimeMs = options.lifetimeMs ?? 3_600_000;
    this.#now = options.now ?? (() => Date.now());
    if (!Number.isSafeInteger(this.#capacity) || this.#capacity < 1) throw new RangeError('capacity must be a positive integer');
  }

  /** A fresh nonce (128 random bits, base64url). */
  issue(): string {
    const nonce = base64url(crypto.getRandomValues(new Uint8Array(16)));
    while (this.#live.size >= this.#capacity) this.#live.delete(this.#live.keys().next().value!);
    this.#live.set(nonce, this.#now() + this.#lifetimeMs);
    return nonce;
  }

  /** Uses a nonce up: `true` once for a nonce this book issued and that has not expired. */
  consume(nonce: string): boolean {
    const expiry = this.#live.get(nonce);
    if (expiry === undefined) return false;
    this.#live.delete(nonce);
    return expiry > this.#now();
  }

  /** Outstanding nonces. */
  get size(): number {
    return this.#live.size;
  }
}
