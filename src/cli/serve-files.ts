/**
 * The files `certkit serve` keeps in a CA directory, beside the CA itself:
 *
 * ```text
 * DIR/serve/tls/cert.pem    the HTTPS server certificate + the intermediate (issued on first start)
 * DIR/serve/tls/key.pem     its key (0600)
 * DIR/serve/auth.json       users (salted password hashes) and API tokens (hashes), never secrets
 * DIR/serve/auth.lock       held while auth.json is rewritten
 * ```
 *
 * `auth.json` is rewritten atomically (temporary file, fsync, rename) under an exclusive lock file,
 * and re-read by a running server when it changes on disk, so `certkit serve token create` takes
 * effect without a restart. Non-goals: several hosts sharing a directory.
 * @module
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError, writeFileAtomic } from './io';

/**
 * A JSON document on disk that is re-read when it changes and updated under a lock.
 * @example
 * ```ts
 * const f = new JsonFile('ca/serve/auth.json', () => ({ users: {}, tokens: {} }));
 * await f.update((doc) => { doc.users.alice = record; });
 * ```
 */
export class JsonFile<T> {
  readonly file: string;
  readonly #empty: () => T;
  #cache: { stamp: string; value: T } | undefined;

  constructor(file: string, empty: () => T) {
    this.file = file;
    this.#empty = empty;
  }

  #stamp(): string {
    try {
      const s = fs.statSync(this.file);
      return `${s.mtimeMs}:${s.size}:${s.ino}`;
    } catch {
      return 'none';
    }
  }

  /** The current document (re-read when the file changed since the last read). */
  read(): T {
    const stamp = this.#stamp();
    if (this.#cache?.stamp === stamp) return this.#cache.value;
    let value: T;
    if (stamp === 'none') value = this.#empty();
    else {
      try {
        value = JSON.parse(fs.readFileSync(this.file, 'utf8')) as T;
      } catch (e) {
        throw new CliError(2, `${this.file} is damaged: ${(e as Error).message}`, { cause: e });
      }
    }
    this.#cache = { stamp, value };
    return value;
  }

  /** Applies `change` to a fresh copy of the document and writes it back, under the lock. */
  async update<R>(change: (doc: T) => R): Promise<R> {
    const lock = `${this.file.replace(/\.json$/, '')}.lock`;
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const token = randomBytes(8).toString('hex');
    for (let i = 0; ; i++) {
      try {
        fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, token }), { flag: 'wx', mode: 0o600 });
        break;
      } catch (e) {
        if ((e as { code?: string }).code !== 'EEXIST') throw e;
        // A lock older than 30 s was left by a process that died while writing.
        try {
          if (Date.now() - fs.statSync(lock).mtimeMs > 30_000) fs.rmSync(lock, { force: true });
        } catch {
          /* gone already */
        }
        if (i > 200) throw new CliError(2, `${lock} is held by another process; try again`);
        await new Promise((r) => setTimeout(r, 25));
      }
    }
    try {
      this.#cache = undefined;
      const doc = structuredClone(this.read());
      const out = change(doc);
      writeFileAtomic(this.file, JSON.stringify(doc, null, 2) + '\n', { secret: true });
      this.#cache = undefined;
      return out;
    } finally {
      fs.rmSync(lock, { force: true });
    }
  }
}
