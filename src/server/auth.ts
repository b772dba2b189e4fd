/**
 * Who may use the service: users with passwords (HTTP Basic, for EST), API tokens with roles
 * (Bearer, for the JSON API), and the store that keeps both.
 *
 * Scope: the {@link AuthStore} interface and {@link MemoryAuthStore}; {@link hashPassword} and
 * {@link verifyPassword} (salted scrypt from `@noble/hashes`, RFC 7914, parameters stored in the
 * hash so they can be raised later); {@link createToken}, which returns the secret once and a
 * record holding only its SHA-256 (a token is 256 random bits, so a fast hash is enough: there is
 * nothing to guess). Non-goals: persistence (the Node adapter keeps a file-backed AuthStore),
 * password policy, lockout.
 * @module
 */
import { hmac } from '@noble/hashes/hmac.js';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { decodeBase64, encodeBase64 } from '../pem/index';
import { toHex } from '../der/index';

/**
 * A role of an API token: `requester` submits requests and reads its own certificates; `admin`
 * does everything (every certificate, revocation, the audit log).
 * @example
 * ```ts
 * const role: Role = 'admin';
 * ```
 */
export type Role = 'requester' | 'admin';

/**
 * A user who enrolls with HTTP Basic.
 * @example
 * ```ts
 * const u: UserRecord = { name: 'device-42', passwordHash: await hashPassword('s3cret'), role: 'requester' };
 * ```
 */
export interface UserRecord {
  /** The user name (1-128 characters, no `:` as HTTP Basic forbids it, no control characters). */
  readonly name: string;
  /** {@link hashPassword}'s output. */
  readonly passwordHash: string;
  /** Default `requester`. */
  readonly role?: Role;
}

/**
 * An API token as stored: never its secret, only the secret's SHA-256.
 * @example
 * ```ts
 * const { token, record } = createToken({ principal: 'build-bot', role: 'requester' });
 * ```
 */
export interface TokenRecord {
  /** The public part of the token, used to look it up. */
  readonly id: string;
  /** Whom it acts for. */
  readonly principal: string;
  readonly role: Role;
  /** SHA-256 of the whole token string, lower-case hex. */
  readonly hash: string;
  /** When it was made (ISO 8601). */
  readonly created: string;
}

/**
 * Where users and tokens are kept. Implementations: {@link MemoryAuthStore}; the Node adapter's
 * file-backed store.
 * @example
 * ```ts
 * const auth: AuthStore = new MemoryAuthStore();
 * const user = await auth.findUser('device-42');
 * ```
 */
export interface AuthStore {
  /** The user of that name, or `undefined`. */
  findUser(name: string): Promise<UserRecord | undefined>;
  /** The token with that id, or `undefined` (revoked tokens are gone). */
  findToken(id: string): Promise<TokenRecord | undefined>;
}

// eslint-disable-next-line no-control-regex -- RFC 7617 §2: a user-id has no control characters
const _USER = /^[^:\u0000-\u001f\u007f]{1,128}$/;

/**
 * Hashes a password for a {@link UserRecord}: scrypt (RFC 7914) with a 16-byte random salt,
 * written `$scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<hash>` (base64). Default ln=15, r=8, p=1
 * (32 MiB, about 0.1 s in JavaScript).
 * @throws TypeError for a password that is not a non-empty string; RangeError for ln outside 10..20.
 * @example
 * ```ts
 * const stored = await hashPassword('correct horse battery staple');
 * await verifyPassword('correct horse battery staple', stored) // true
 * ```
 */
export async function hashPassword(password: string, options: { logN?: number; r?: number; p?: number } = {}): Promise<string> {
  if (typeof password !== 'string' || password.length === 0) throw new TypeError('a password is a non-empty string');
  const ln = options.logN ?? 15;
  const r = options.r ?? 8;
  const p = options.p ?? 1;
  if (!Number.isInteger(ln) || ln < 10 || ln > 20) throw new RangeError('logN must be an integer from 10 to 20');
  if (!Number.isInteger(r) || r < 1 || r > 32 || !Number.isInteger(p) || p < 1 || p > 16) throw new RangeError('r must be 1..32 and p 1..16');
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const dk = await scryptAsync(new TextEncoder().encode(password), salt, { N: 2 ** ln, r, p, dkLen: 32 });
  return `$scrypt$ln=${ln},r=${r},p=${p}$${encodeBase64(salt)}$${encodeBase64(dk)}`;
}

function _equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}

/**
 * Whether a password matches a {@link hashPassword} hash (compared in constant time).
 * `false` for a malformed hash, never an exception.
 * @example
 * ```ts
 * if (!(await verifyPassword(given, user.passwordHash))) return unauthorized();
 * ```
 */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  if (typeof password !== 'string' || typeof hash !== 'string') return false;
  const m = /^\$scrypt\$ln=([0-9]{2}),r=([0-9]{1,2}),p=([0-9]{1,2})\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(hash);
  if (m === null) return false;
  const [ln, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (ln < 10 || ln > 20 || r < 1 || r > 32 || p < 1 || p > 16) return false;
  let salt: Uint8Array;
  let want: Uint8Array;
  try {
    salt = decodeBase64(m[4]!);
    want = decodeBase64(m[5]!);
  } catch {
    return false;
  }
  const got = await scryptAsync(new TextEncoder().encode(password), salt, { N: 2 ** ln, r, p, dkLen: want.length });
  return _equal(got, want);
}

function _b64url(bytes: Uint8Array): string {
  return encodeBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Makes an API token: returns the token string (show it once; it is not kept) and the record
 * to store. The token is `ckt_<id>_<secret>` with a 72-bit id and a 256-bit secret.
 * @throws TypeError / RangeError for a bad principal or role.
 * @example
 * ```ts
 * const { token, record } = createToken({ principal: 'alice', role: 'requester' });
 * await myAuthStore.saveToken(record); console.log('your token (shown once):', token);
 * ```
 */
export function createToken(options: { principal: string; role: Role; now?: Date }): { token: string; record: TokenRecord } {
  if (options === null || typeof options !== 'object') throw new TypeError('createToken expects { principal, role }');
  if (typeof options.principal !== 'string' || !_USER.test(options.principal)) throw new RangeError('principal must be 1-128 characters without ":" or control characters');
  if (options.role !== 'requester' && options.role !== 'admin') throw new RangeError("role must be 'requester' or 'admin'");
  const id = toHex(crypto.getRandomValues(new Uint8Array(9)));
  const token = `ckt_${id}_${_b64url(crypto.getRandomValues(new Uint8Array(32)))}`;
  const record: TokenRecord = { id, principal: options.principal, role: options.role, hash: toHex(sha256(new TextEncoder().encode(token))), created: (options.now ?? new Date()).toISOString() };
  return { token, record };
}

/**
 * Checks a presented token string against an {@link AuthStore}: the record when it is known and
 * its hash matches (constant time), otherwise `undefined`.
 * @example
 * ```ts
 * const t = await checkToken(auth, bearer); if (t?.role === 'admin') { ... }
 * ```
 */
export async function checkToken(store: AuthStore, token: string): Promise<TokenRecord | undefined> {
  const m = typeof token === 'string' ? /^ckt_([0-9a-f]{18})_[A-Za-z0-9_-]{43}$/.exec(token) : null;
  if (m === null) return undefined;
  const rec = await store.findToken(m[1]!);
  if (rec === undefined) return undefined;
  return _equal(new TextEncoder().encode(toHex(sha256(new TextEncoder().encode(token)))), new TextEncoder().encode(rec.hash)) ? rec : undefined;
}

/**
 * Verifies HTTP Basic credentials with a small cache of recent successes, so a client that
 * enrolls repeatedly does not pay scrypt each time. The cache is keyed by an HMAC under a key
 * drawn at creation (never the password or a plain hash of it), holds at most `size` entries and
 * forgets one after `ttlMs`; a changed password hash misses it.
 * @example
 * ```ts
 * const basic = new PasswordCache({ now: () => new Date() });
 * const user = await basic.verify(auth, 'device-42', 's3cret');
 * ```
 */
export class PasswordCache {
  readonly #key = crypto.getRandomValues(new Uint8Array(32));
  readonly #hits = new Map<string, number>();
  readonly #now: () => Date;
  readonly #ttl: number;
  readonly #size: number;
  #dummy: Promise<string> | undefined;

  constructor(options: { now?: () => Date; ttlMs?: number; size?: number } = {}) {
    this.#now = options.now ?? (() => new Date());
    this.#ttl = options.ttlMs ?? 300_000;
    this.#size = options.size ?? 1000;
  }

  /** The user when `name` and `password` are right, otherwise `undefined`. */
  async verify(store: AuthStore, name: string, password: string): Promise<UserRecord | undefined> {
    if (!_USER.test(name)) return undefined;
    const user = await store.findUser(name);
    if (user === undefined) {
      // As slow as a wrong password, so a timing does not tell which user names exist.
      this.#dummy ??= hashPassword('certkit: no such user');
      await verifyPassword(password, await this.#dummy);
      return undefined;
    }
    const enc = new TextEncoder();
    const k = toHex(hmac(sha256, this.#key, enc.encode(`${name}\u0000${password}\u0000${user.passwordHash}`)));
    const t = this.#now().getTime();
    const seen = this.#hits.get(k);
    if (seen !== undefined && t - seen < this.#ttl && t >= seen) return user;
    if (!(await verifyPassword(password, user.passwordHash))) return undefined;
    if (this.#hits.size >= this.#size) this.#hits.delete(this.#hits.keys().next().value!);
    this.#hits.delete(k);
    this.#hits.set(k, t);
    return user;
  }
}

/**
 * An {@link AuthStore} in memory, with the calls to manage it.
 * @example
 * ```ts
 * const auth = new MemoryAuthStore();
 * await auth.addUser('device-42', 's3cret');
 * const token = auth.addToken('alice', 'requester'); // the secret, shown once
 * ```
 */
export class MemoryAuthStore implements AuthStore {
  readonly #users = new Map<string, UserRecord>();
  readonly #tokens = new Map<string, TokenRecord>();

  /** Adds (or replaces) a user; the password is hashed with {@link hashPassword}. */
  async addUser(name: string, password: string, options: { role?: Role; logN?: number } = {}): Promise<void> {
    if (typeof name !== 'string' || !_USER.test(name)) throw new RangeError('a user name is 1-128 characters without ":" or control characters');
    const passwordHash = await hashPassword(password, options.logN !== undefined ? { logN: options.logN } : {});
    this.#users.set(name, { name, passwordHash, role: options.role ?? 'requester' });
  }

  /** Removes a user; `true` when there was one. */
  removeUser(name: string): boolean {
    return this.#users.delete(name);
  }

  /** Makes a token for `principal` and returns its secret (shown once). */
  addToken(principal: string, role: Role): string {
    const { token, record } = createToken({ principal, role });
    this.#tokens.set(record.id, record);
    return token;
  }

  /** Keeps a token record made with {@link createToken}. */
  saveToken(record: TokenRecord): void {
    this.#tokens.set(record.id, { ...record });
  }

  /** Revokes a token by id; `true` when there was one. */
  revokeToken(id: string): boolean {
    return this.#tokens.delete(id);
  }

  async findUser(name: string): Promise<UserRecord | undefined> {
    return this.#users.get(name);
  }

  async findToken(id: string): Promise<TokenRecord | undefined> {
    return this.#tokens.get(id);
  }
}
