/**
 * The file-backed {@link AuthStore} of `certkit serve`: users (HTTP Basic, salted scrypt hashes
 * from `certkit/server`'s `hashPassword`) and API tokens (only their SHA-256, from `createToken`)
 * in `DIR/serve/auth.json` (mode 0600), rewritten atomically under a lock and re-read by a
 * running server when it changes, so `certkit serve user add` or `token revoke` takes effect on
 * the next request. Secrets are returned once by the calls that make them and never written.
 * Non-goals: several hosts sharing one file, password policy beyond a minimum length.
 * @module
 */
import { createToken, hashPassword, type AuthStore, type Role, type TokenRecord, type UserRecord } from '../server/index';
import { JsonFile } from './serve-files';

/**
 * The roles `certkit serve user add` and `token create` accept.
 * @example
 * ```ts
 * SERVE_ROLES.includes('admin') // true
 * ```
 */
export const SERVE_ROLES: readonly Role[] = ['requester', 'admin'];

/**
 * A role of a user or token (`certkit/server`'s `Role`).
 * @example
 * ```ts
 * const r: ServeRole = 'requester';
 * ```
 */
export type ServeRole = Role;

interface AuthDocument {
  format: 'certkit-serve-auth';
  version: 1;
  users: Record<string, UserRecord>;
  tokens: Record<string, TokenRecord>;
}

const _own = <T>(o: Record<string, T>, k: string): T | undefined => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);

/**
 * Users and tokens in a JSON file (see the module comment).
 * @example
 * ```ts
 * const auth = new FileAuthStore('my-ca/serve/auth.json');
 * await auth.addUser('alice', 'correct horse battery', 'requester');
 * const { id, secret } = await auth.createToken('ci-bot', 'requester'); // secret shown once
 * ```
 */
export class FileAuthStore implements AuthStore {
  readonly #file: JsonFile<AuthDocument>;

  constructor(file: string) {
    this.#file = new JsonFile<AuthDocument>(file, () => ({ format: 'certkit-serve-auth', version: 1, users: {}, tokens: {} }));
  }

  async findUser(name: string): Promise<UserRecord | undefined> {
    return _own(this.#file.read().users, name);
  }

  async findToken(id: string): Promise<TokenRecord | undefined> {
    return _own(this.#file.read().tokens, id);
  }

  /** Adds or replaces a user; only the scrypt hash of the password is written. */
  async addUser(name: string, password: string, role: Role, options: { logN?: number } = {}): Promise<void> {
    const passwordHash = await hashPassword(password, options.logN !== undefined ? { logN: options.logN } : {});
    await this.#file.update((d) => {
      d.users[name] = { name, passwordHash, role };
    });
  }

  /** Removes a user; `true` when there was one. */
  removeUser(name: string): Promise<boolean> {
    return this.#file.update((d) => {
      if (_own(d.users, name) === undefined) return false;
      delete d.users[name];
      return true;
    });
  }

  /** Makes a token; returns its id and the secret token string (shown once, not kept). */
  async createToken(principal: string, role: Role): Promise<{ id: string; secret: string }> {
    const { token, record } = createToken({ principal, role });
    await this.#file.update((d) => {
      d.tokens[record.id] = record;
    });
    return { id: record.id, secret: token };
  }

  /** Revokes a token by id; `true` when there was one. */
  revokeToken(id: string): Promise<boolean> {
    return this.#file.update((d) => {
      if (_own(d.tokens, id) === undefined) return false;
      delete d.tokens[id];
      return true;
    });
  }

  /** The users and tokens (records only, no secrets), for listing. */
  list(): { users: UserRecord[]; tokens: TokenRecord[] } {
    const d = this.#file.read();
    return { users: Object.values(d.users), tokens: Object.values(d.tokens) };
  }
}
