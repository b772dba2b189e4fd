/**
 * {@link FsAcmeStore}: the ACME server's accounts, orders, authorizations and certificates on the
 * file system, beside a CA directory's {@link FsCaStore} (`certkit serve` uses `DIR/acme/`), so a
 * restart, or a second server on the same directory, keeps every account and order.
 *
 * Layout (ids are base64url, so every name is a safe file name):
 *
 * ```text
 * accounts/<id>.json                    one account
 * thumbprints/<thumbprint>              the id of the account with that key (RFC 7638 thumbprint)
 * orders/<id>.json                      one order
 * orders-of/<account>/<ms>~<order>      empty markers: the account's orders, oldest first
 * limits/<sha256(key)>/<ms>~<order>     empty markers: the rate-limit counters an order counts against
 * authz/<id>.json                       one authorization
 * certs/<id>.json                       an issued certificate's default chain and owner
 * ```
 *
 * Every method touches one record, written like FsCaStore's: a temporary file in the same
 * directory, flushed, renamed over the final name and the directory flushed, so a crash leaves
 * the old record or the new one, never a torn one. No lock: each record has one writer at a time
 * in the ACME protocol (its account), and a rename is atomic between processes. A new order's
 * markers are written before the order, so a crash in between over-counts a rate limit by one
 * (never under-counts); `listOrders` skips a marker whose order is missing. A key change writes
 * the new thumbprint entry before the account and removes the old one after; a lookup checks
 * that the account it finds still has that thumbprint. A thumbprint entry is created with
 * link(2), which refuses an existing name, so two servers registering one key at once cannot both
 * get an account for it (the loser's `putAccount` throws; the client's retry finds the winner's).
 *
 * Non-goals: compaction (markers of old orders stay; a rate-limit count reads one directory per
 * key), multi-host network file systems (use `PostgresAcmeStore`), nonces (kept in memory per
 * server: see `AcmeStore`).
 * @module
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sha256 } from '@noble/hashes/sha2.js';
import { AcmeError, type AcmeAccount, type AcmeAuthorization, type AcmeCertificate, type AcmeOrder, type AcmeOrderCount, type AcmeStore } from '../acme/index';
import { CaError } from '../ca/index';
import { toHex } from '../der/index';
import { _errno, _fsyncDir } from './fs-store';

const _ID = /^[A-Za-z0-9_-]{1,128}$/;
const _DIRS = ['accounts', 'thumbprints', 'orders', 'orders-of', 'limits', 'authz', 'certs'] as const;

/** A record id or thumbprint as a file name; anything else is refused (no path can be formed from input). */
function _name(id: string, what: string): string {
  if (typeof id !== 'string' || !_ID.test(id)) throw new RangeError(`${what} ${JSON.stringify(String(id).slice(0, 80))} is not 1-128 base64url characters`);
  return id;
}

/** An order's creation time as a sortable marker prefix (15 digits of ms). */
function _stamp(order: AcmeOrder): string {
  const t = Date.parse(order.created ?? '');
  return String(Number.isNaN(t) ? 0 : t).padStart(15, '0');
}

/**
 * The file-system {@link AcmeStore}. Open with {@link FsAcmeStore.open}.
 * @example
 * ```ts
 * import { FsAcmeStore } from 'certkit/node';
 * import { createAcmeServer } from 'certkit/acme';
 * const store = await FsAcmeStore.open('ca/acme');
 * const acme = createAcmeServer({ ca, baseUrl: 'https://ca.example.net/acme', store });
 * ```
 */
export class FsAcmeStore implements AcmeStore {
  /** The directory it keeps its records in. */
  readonly dir: string;

  private constructor(dir: string) {
    this.dir = dir;
  }

  /**
   * Opens (creating when needed) a store directory, and removes temporary files a crash left.
   * @example
   * ```ts
   * const store = await FsAcmeStore.open(path.join(caDir, 'acme'));
   * ```
   */
  static async open(dir: string): Promise<FsAcmeStore> {
    if (typeof dir !== 'string' || dir === '') throw new TypeError('FsAcmeStore.open expects a directory path');
    const root = path.resolve(dir);
    for (const d of _DIRS) await fs.promises.mkdir(path.join(root, d), { recursive: true, mode: 0o700 });
    for (const d of ['accounts', 'thumbprints', 'orders', 'authz', 'certs']) {
      for (const f of await fs.promises.readdir(path.join(root, d))) {
        if (f.startsWith('.') && f.endsWith('.tmp')) await fs.promises.rm(path.join(root, d, f), { force: true });
      }
    }
    return new FsAcmeStore(root);
  }

  /** Temp file + fsync + rename + fsync(dir). */
  async #write(file: string, data: string): Promise<void> {
    const dir = path.dirname(file);
    const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    let fh: fs.promises.FileHandle | undefined;
    try {
      fh = await fs.promises.open(tmp, 'wx', 0o600);
      await fh.writeFile(data);
      await fh.sync();
      await fh.close();
      fh = undefined;
      await fs.promises.rename(tmp, file);
    } catch (e) {
      await fh?.close();
      await fs.promises.rm(tmp, { force: true });
      throw e;
    }
    await _fsyncDir(dir);
  }

  /** An empty marker file (created once; an existing one is kept), its directory flushed. */
  async #mark(dir: string, name: string): Promise<void> {
    await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
    try {
      await (await fs.promises.open(path.join(dir, name), 'wx', 0o600)).close();
    } catch (e) {
      if (_errno(e) !== 'EEXIST') throw e;
      return;
    }
    await _fsyncDir(dir);
  }

  async #read<T>(file: string): Promise<T | undefined> {
    let text: string;
    try {
      text = await fs.promises.readFile(file, 'utf8');
    } catch (e) {
      if (_errno(e) === 'ENOENT') return undefined;
      throw e;
    }
    try {
      return JSON.parse(text) as T;
    } catch (e) {
      throw new CaError('store-corrupt', `the ACME record ${file} cannot be read`, { cause: e });
    }
  }

  #file(kind: 'accounts' | 'orders' | 'authz' | 'certs', id: string): string {
    return path.join(this.dir, kind, `${_name(id, 'id')}.json`);
  }

  async getAccount(id: string): Promise<AcmeAccount | undefined> {
    return _ID.test(id) ? this.#read<AcmeAccount>(this.#file('accounts', id)) : undefined;
  }

  async findAccountByThumbprint(thumbprint: string): Promise<AcmeAccount | undefined> {
    if (!_ID.test(thumbprint)) return undefined;
    let id: string;
    try {
      id = (await fs.promises.readFile(path.join(this.dir, 'thumbprints', thumbprint), 'utf8')).trim();
    } catch (e) {
      if (_errno(e) === 'ENOENT') return undefined;
      throw e;
    }
    const a = _ID.test(id) ? await this.getAccount(id) : undefined;
    // a stale entry (the account rolled over to another key) finds nothing
    return a?.thumbprint === thumbprint ? a : undefined;
  }

  async putAccount(account: AcmeAccount): Promise<void> {
    const file = this.#file('accounts', account.id);
    const tp = _name(account.thumbprint, 'thumbprint');
    const old = await this.#read<AcmeAccount>(file);
    if (old?.thumbprint !== tp) await this.#claimKey(tp, account.id);
    await this.#write(file, JSON.stringify(account) + '\n');
    if (old !== undefined && old.thumbprint !== tp && _ID.test(old.thumbprint)) {
      await fs.promises.rm(path.join(this.dir, 'thumbprints', old.thumbprint), { force: true });
    }
  }

  /**
   * Points thumbprints/<tp> at `id`: created by link(2), which fails when the name exists, so of
   * two servers registering one key at once only one wins. An entry whose account no longer has
   * that key (a key change, a crash between the two writes) is stale and replaced.
   */
  async #claimKey(tp: string, id: string): Promise<void> {
    const final = path.join(this.dir, 'thumbprints', tp);
    const tmp = path.join(this.dir, 'thumbprints', `.${tp}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    const fh = await fs.promises.open(tmp, 'wx', 0o600);
    try {
      await fh.writeFile(id);
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      try {
        await fs.promises.link(tmp, final);
      } catch (e) {
        if (_errno(e) !== 'EEXIST') throw e;
        const holder = (await fs.promises.readFile(final, 'utf8').catch(() => '')).trim();
        const held = holder === id ? undefined : _ID.test(holder) ? await this.getAccount(holder) : undefined;
        // The holder is live when its account has this key, or when its account is not written
        // yet (a registration in flight: the key is claimed first); a claim left by a crash
        // before its account was written is stale after a minute.
        const age = Date.now() - ((await fs.promises.stat(final).catch(() => undefined))?.mtimeMs ?? 0);
        if (held?.thumbprint === tp || (holder !== id && _ID.test(holder) && held === undefined && age < 60_000)) {
          throw new AcmeError('malformed', 'another account already has this key; send newAccount again to get it');
        }
        await fs.promises.rename(tmp, final); // stale: take it over
      }
    } finally {
      await fs.promises.rm(tmp, { force: true });
    }
    await _fsyncDir(path.dirname(final));
  }

  async getOrder(id: string): Promise<AcmeOrder | undefined> {
    return _ID.test(id) ? this.#read<AcmeOrder>(this.#file('orders', id)) : undefined;
  }

  async putOrder(order: AcmeOrder): Promise<void> {
    const file = this.#file('orders', order.id);
    const account = _name(order.accountId, 'account id');
    if (!(await _exists(file))) {
      // the markers first: a crash before the order is written over-counts, never under-counts
      const marker = `${_stamp(order)}~${order.id}`;
      await this.#mark(path.join(this.dir, 'orders-of', account), marker);
      for (const k of new Set(order.limitKeys ?? [])) await this.#mark(path.join(this.dir, 'limits', _keyDir(k)), marker);
    }
    await this.#write(file, JSON.stringify(order) + '\n');
  }

  /**
   * Compare-and-set under a per-order lock file (`orders/.<id>.lock`, created exclusively): read,
   * compare, write, unlock. A lock older than 30 s was left by a crash and is taken over; a live
   * one means another server is changing the order right now, which answers false.
   */
  async replaceOrderIf(order: AcmeOrder, expected: AcmeOrder['status']): Promise<boolean> {
    const file = this.#file('orders', order.id);
    const lock = path.join(this.dir, 'orders', `.${order.id}.lock`);
    let fh: fs.promises.FileHandle | undefined;
    for (let attempt = 0; fh === undefined; attempt++) {
      try {
        fh = await fs.promises.open(lock, 'wx', 0o600);
      } catch (e) {
        if (_errno(e) !== 'EEXIST') throw e;
        const st = await fs.promises.stat(lock).catch(() => undefined);
        if (attempt > 0 || (st !== undefined && Date.now() - st.mtimeMs < 30_000)) return false;
        await fs.promises.rm(lock, { force: true });
      }
    }
    try {
      await fh.close();
      if ((await this.#read<AcmeOrder>(file))?.status !== expected) return false;
      await this.#write(file, JSON.stringify(order) + '\n');
      return true;
    } finally {
      await fs.promises.rm(lock, { force: true });
    }
  }

  async listOrders(accountId: string): Promise<readonly string[]> {
    if (!_ID.test(accountId)) return [];
    const names = await _list(path.join(this.dir, 'orders-of', accountId));
    const ids: string[] = [];
    for (const n of names.sort()) {
      const id = n.slice(n.indexOf('~') + 1);
      if (_ID.test(id) && (await _exists(this.#file('orders', id)))) ids.push(id);
    }
    return ids;
  }

  async countOrders(key: string, since: string): Promise<AcmeOrderCount> {
    if (typeof key !== 'string') throw new TypeError('key must be a string');
    const from = Date.parse(since);
    if (Number.isNaN(from)) throw new RangeError('since must be an ISO 8601 time');
    let count = 0;
    let oldest = Infinity;
    for (const n of await _list(path.join(this.dir, 'limits', _keyDir(key)))) {
      const t = Number(n.slice(0, n.indexOf('~')));
      if (!(t >= from)) continue;
      count++;
      oldest = Math.min(oldest, t);
    }
    return count === 0 ? { count } : { count, oldest: new Date(oldest).toISOString() };
  }

  async getAuthorization(id: string): Promise<AcmeAuthorization | undefined> {
    return _ID.test(id) ? this.#read<AcmeAuthorization>(this.#file('authz', id)) : undefined;
  }

  async putAuthorization(authorization: AcmeAuthorization): Promise<void> {
    await this.#write(this.#file('authz', authorization.id), JSON.stringify(authorization) + '\n');
  }

  async getCertificate(id: string): Promise<AcmeCertificate | undefined> {
    return _ID.test(id) ? this.#read<AcmeCertificate>(this.#file('certs', id)) : undefined;
  }

  async putCertificate(id: string, value: AcmeCertificate): Promise<void> {
    const { accountId, serial, pem } = value;
    await this.#write(this.#file('certs', id), JSON.stringify({ accountId, serial, pem }) + '\n');
  }
}

/** A rate-limit key as a directory name: any string, hashed. */
function _keyDir(key: string): string {
  return toHex(sha256(new TextEncoder().encode(key)));
}

async function _exists(file: string): Promise<boolean> {
  try {
    await fs.promises.access(file);
    return true;
  } catch {
    return false;
  }
}

/** The names in a directory that are not temporary files ([] when it does not exist). */
async function _list(dir: string): Promise<string[]> {
  try {
    return (await fs.promises.readdir(dir)).filter((n) => !n.startsWith('.'));
  } catch (e) {
    if (_errno(e) === 'ENOENT') return [];
    throw e;
  }
}
