/**
 * A crash-safe file-system {@link CaStore} for Node (the CLI's CA directories).
 *
 * Scope: one directory per CA store, laid out as
 *
 * ```text
 * serials/<serial>        reservation markers: created exclusively (O_EXCL), fsynced, never deleted
 * certs/<serial>.json     one record per issued certificate (DER in base64, revocation when revoked)
 * crls/<number>.crl       every CRL published (DER)
 * crlnumber               the last cRLNumber handed out (decimal)
 * audit/<id>~<ref>.json   the audit log, one file per entry; <id> orders it, <ref> names what
 *                         it is about (issue-<serial>, revoke-<serial>, crl-<number>, or x)
 * lock                    the writer lock: {"pid","host","token","created"}
 * ```
 *
 * Every file is written to a temporary file in the same directory, flushed (`fsync`), renamed
 * over its final name (atomic on POSIX) and the directory flushed, so a crash at any point leaves
 * the old file or the new one, never a torn one. File writes and flushes are asynchronous (libuv's
 * thread pool), so a server's concurrent requests overlap their I/O instead of blocking the event
 * loop on each fsync. Writers (commit, revoke, cRLNumber, CRLs) hold
 * the lock; a lock whose process is dead (same host; or this very process, when none of its
 * operations holds it any more) or that is older than `staleLockMs` (other hosts) is taken over. Temporary files left by a crash are removed under the lock when the
 * store is opened. Serials are reserved before a certificate is signed and the marker is never
 * removed, so no serial is reused even when an issuance dies half way.
 *
 * An issuance or revocation and its audit entry are one transaction: the entry is written inside
 * the record file (the commit point, under the lock) and then, after the lock is released, as its
 * own file in `audit/`; opening the store rolls forward every entry a crash left only inside its
 * record, so the log never misses an issuance or revocation the store holds, and never has one
 * it does not. A CRL's entry is written after the CRL; a crash in between is rolled forward as
 * an entry marked `recovered`. The lock file itself is not flushed (it only excludes live
 * processes), so an issuance holds the lock for one flushed file write.
 *
 * Non-goals: multi-host CAs on network file systems (use a database: see `docs/ca.md`),
 * encryption at rest (CA keys are the CLI's business), compaction. Just over 600 lines: the
 * lock, crash recovery and audit roll-forward are one design and read best in one file.
 * @module
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import {
  CaError,
  auditPageLimit,
  canonicalSerial,
  queryOrder,
  queryRecords,
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
} from '../ca/index';
import { parseCrl } from '../crl/index';

/**
 * The write steps a fault-injection hook sees (before each one happens).
 * @example
 * ```ts
 * await FsCaStore.open(dir, { faults: (step) => { if (step === 'write:rename') throw new Error('injected'); } });
 * ```
 */
export type FsStep =
  | 'lock' // about to create the lock file
  | 'reserve:create' // about to create a serial reservation marker
  | 'reserve:fsync' // about to flush it
  | 'reserve:fsync-dir' // about to flush serials/
  | 'write:temp' // about to create and fill a temporary file
  | 'write:fsync' // about to flush it
  | 'write:rename' // about to rename it over the final name
  | 'write:fsync-dir' // about to flush the directory
  | 'unlock'; // about to remove the lock file

/**
 * Options of {@link FsCaStore.open}.
 * @example
 * ```ts
 * const store = await FsCaStore.open('ca/store', { lockTimeoutMs: 5000 });
 * ```
 */
export interface FsCaStoreOptions {
  /** How long to wait for the lock before `CaError` `store-locked`. Default 10 s. */
  lockTimeoutMs?: number;
  /** Age after which a lock from another host (whose process cannot be checked) is stale. Default 60 s. */
  staleLockMs?: number;
  /** Test hook: called before each write step with the step and the file concerned. Throwing aborts the operation. */
  faults?: (step: FsStep, file: string) => void;
}

interface _LockInfo {
  pid: number;
  host: string;
  token: string;
  created: string;
}

interface _RecordJson {
  version: 1;
  serial: string;
  profile: string;
  subject: string;
  sans: string[];
  notBefore: string;
  notAfter: string;
  issuedAt: string;
  keyFingerprint: string;
  der: string;
  revocation?: RevocationInfo;
  requester?: RequesterInfo;
  /** The audit entries of this record's changes (issue, revoke): the roll-forward source. */
  audit?: AuditEntry[];
}

/** Orders audit files written in the same millisecond by this process. */
let _auditCounter = 0;

const _sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Tokens of the locks this process holds right now. A lock file with this process's pid and a
 * token not in the set was left by an operation of this process that failed while releasing it:
 * stale, not live.
 */
const _held = new Set<string>();

export function _errno(e: unknown): string | undefined {
  return e !== null && typeof e === 'object' && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}

/**
 * Flushes a directory so a rename or create in it survives power loss (no-op where unsupported).
 * Asynchronous, like every flush here: it runs on libuv's thread pool, so a server's concurrent
 * requests are not stalled behind each other's fsync.
 */
export async function _fsyncDir(dir: string): Promise<void> {
  let fh: fs.promises.FileHandle | undefined;
  try {
    fh = await fs.promises.open(dir, 'r');
    await fh.sync();
  } catch (e) {
    // Windows cannot open or fsync directories; its renames are journaled by NTFS.
    if (!['EISDIR', 'EPERM', 'EACCES', 'EINVAL'].includes(_errno(e) ?? '')) throw e;
  } finally {
    await fh?.close();
  }
}

function _pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return _errno(e) === 'EPERM'; // exists, owned by someone else
  }
}

/**
 * The file-system {@link CaStore}. Open with {@link FsCaStore.open}.
 *
 * @example
 * ```ts
 * const store = await FsCaStore.open('./my-ca/intermediate/store');
 * const ca = new CertificateAuthority({ certificate, signer, store, chain: [root] });
 * ```
 */
export class FsCaStore implements CaStore {
  /** The store directory. */
  readonly dir: string;
  readonly #opts: Required<Omit<FsCaStoreOptions, 'faults'>> & Pick<FsCaStoreOptions, 'faults'>;
  readonly #host = hostname();
  #queue: Promise<void> = Promise.resolve();
  /** Audit entries of committed changes whose own file could not be written yet. */
  readonly #pendingAudit: [AuditEntry, string][] = [];

  private constructor(dir: string, options: FsCaStoreOptions) {
    this.dir = dir;
    this.#opts = { lockTimeoutMs: options.lockTimeoutMs ?? 10_000, staleLockMs: options.staleLockMs ?? 60_000, faults: options.faults };
  }

  /**
   * Opens (creating it when absent) a store directory, and removes temporary files a crashed
   * writer left behind (under the lock).
   * @throws CaError `store-locked` when the lock stays held; Node file-system errors.
   * @example
   * ```ts
   * const store = await FsCaStore.open('ca/store', { lockTimeoutMs: 5000 });
   * ```
   */
  static async open(dir: string, options: FsCaStoreOptions = {}): Promise<FsCaStore> {
    if (typeof dir !== 'string' || dir.length === 0) throw new TypeError('FsCaStore.open expects a directory path');
    const store = new FsCaStore(path.resolve(dir), options);
    for (const d of ['', 'serials', 'certs', 'crls', 'audit']) fs.mkdirSync(path.join(store.dir, d), { recursive: true, mode: 0o700 });
    await store.#withLock(async () => store.#recover());
    return store;
  }

  #fault(step: FsStep, file: string): void {
    this.#opts.faults?.(step, path.relative(this.dir, file));
  }

  /**
   * Removes temporary files of interrupted writes, and writes the audit entries a crash left
   * only inside their record (or never wrote for a CRL). Runs under the lock.
   */
  async #recover(): Promise<void> {
    for (const d of ['', 'certs', 'crls', 'audit']) {
      const full = path.join(this.dir, d);
      for (const f of fs.readdirSync(full)) {
        if (f.endsWith('.tmp') || f.startsWith('lock.stale-')) fs.rmSync(path.join(full, f), { force: true });
      }
    }
    const refs = new Set(this.#auditFiles().map((f) => f.slice(f.indexOf('~') + 1, -'.json'.length)));
    for (const f of fs.readdirSync(path.join(this.dir, 'certs'))) {
      if (f.startsWith('.') || !f.endsWith('.json')) continue;
      const j = this.#readJson(path.join(this.dir, 'certs', f));
      for (const e of j?.audit ?? []) {
        const ref = _ref(e);
        if (!refs.has(ref)) await this.#writeAudit(e, ref);
      }
    }
    for (const f of fs.readdirSync(path.join(this.dir, 'crls'))) {
      const m = /^([0-9]+)\.crl$/.exec(f);
      if (m === null || refs.has(`crl-${m[1]}`)) continue;
      const der = new Uint8Array(fs.readFileSync(path.join(this.dir, 'crls', f)));
      const e = this.#newAudit({
        time: parseCrl(der).thisUpdate.toISOString(),
        action: 'crl',
        principal: 'recovered',
        code: `crl-${m[1]}`,
        message: `CRL ${m[1]} (its audit entry was written when the store was next opened)`,
      });
      await this.#writeAudit(e, `crl-${m[1]}`);
    }
  }

  #auditFiles(): string[] {
    return fs
      .readdirSync(path.join(this.dir, 'audit'))
      .filter((f) => /^[0-9]{15}-[0-9]{7}-[0-9]{6}~[a-z0-9-]+\.json$/.test(f))
      .sort();
  }

  #newAudit(init: AuditEntryInit): AuditEntry {
    _auditCounter = (_auditCounter + 1) % 1_000_000;
    const id = `${String(Date.now()).padStart(15, '0')}-${String(process.pid % 10_000_000).padStart(7, '0')}-${String(_auditCounter).padStart(6, '0')}`;
    return { ...(JSON.parse(JSON.stringify(init)) as AuditEntryInit), id };
  }

  async #writeAudit(e: AuditEntry, ref: string): Promise<void> {
    await this.#atomicWrite(path.join(this.dir, 'audit', `${e.id}~${ref}.json`), JSON.stringify(e) + '\n');
  }

  /** Temp file + fsync + rename + fsync(dir). */
  async #atomicWrite(file: string, data: string | Uint8Array): Promise<void> {
    const dir = path.dirname(file);
    const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    let fh: fs.promises.FileHandle | undefined;
    try {
      this.#fault('write:temp', file);
      fh = await fs.promises.open(tmp, 'wx', 0o600);
      await fh.writeFile(data);
      this.#fault('write:fsync', file);
      await fh.sync();
      await fh.close();
      fh = undefined;
      this.#fault('write:rename', file);
      await fs.promises.rename(tmp, file);
    } catch (e) {
      await fh?.close();
      fs.rmSync(tmp, { force: true });
      throw e;
    }
    this.#fault('write:fsync-dir', file);
    await _fsyncDir(dir);
  }

  #lockPath(): string {
    return path.join(this.dir, 'lock');
  }

  /**
   * Runs `fn` holding the directory lock. Writers of this store object queue in memory first,
   * so concurrent requests of one process (a server) wait their turn instead of polling the lock
   * file with back-off; other processes still meet the lock file.
   */
  async #withLock<T>(fn: () => T | Promise<T>): Promise<T> {
    const previous = this.#queue;
    let done!: () => void;
    this.#queue = new Promise<void>((resolve) => (done = resolve));
    await previous;
    try {
      const token = await this.#acquire();
      try {
        return await fn();
      } finally {
        this.#release(token);
      }
    } finally {
      done();
    }
  }

  async #acquire(): Promise<string> {
    const lock = this.#lockPath();
    const token = randomBytes(16).toString('hex');
    const deadline = Date.now() + this.#opts.lockTimeoutMs;
    let wait = 2;
    for (;;) {
      this.#fault('lock', lock);
      try {
        const fd = fs.openSync(lock, 'wx', 0o600);
        try {
          const info: _LockInfo = { pid: process.pid, host: this.#host, token, created: new Date().toISOString() };
          _held.add(token);
          // Not flushed: a lock only excludes live processes. After a power loss the file is
          // absent, empty (stale after the grace period) or names a dead process: all stale.
          fs.writeFileSync(fd, JSON.stringify(info));
        } catch (e) {
          _held.delete(token);
          throw e;
        } finally {
          fs.closeSync(fd);
        }
        return token;
      } catch (e) {
        if (_errno(e) !== 'EEXIST') throw e;
      }
      let holder = 'another process';
      let text: string | undefined;
      let stat: fs.Stats | undefined;
      try {
        text = fs.readFileSync(lock, 'utf8');
        stat = fs.statSync(lock);
      } catch (e) {
        if (_errno(e) === 'ENOENT') continue; // released meanwhile: try again at once
        throw e;
      }
      let stale = false;
      try {
        const info = JSON.parse(text) as _LockInfo;
        holder = `process ${info.pid} on ${info.host}`;
        if (info.host === this.#host) stale = info.pid === process.pid ? !_held.has(info.token) : !_pidAlive(info.pid);
        else stale = Date.now() - Date.parse(info.created) > this.#opts.staleLockMs;
      } catch {
        // A lock file without its contents: its writer died between create and write (or is
        // writing right now, which takes microseconds: hence the grace period).
        stale = Date.now() - stat.mtimeMs > 2000;
      }
      if (stale) {
        this.#takeOver(lock, text);
        continue;
      }
      if (Date.now() > deadline) {
        throw new CaError('store-locked', `the CA store ${this.dir} is locked by ${holder}; try again, or remove ${lock} if that process is gone`);
      }
      await _sleep(wait);
      wait = Math.min(wait * 2, 50);
    }
  }

  /**
   * Removes a stale lock. It is first renamed to a private name, so of several processes taking
   * over the same stale lock only one removes it; when the renamed file turns out not to be the
   * stale lock (another process replaced it in between), it is put back with link(2), which
   * never overwrites.
   */
  #takeOver(lock: string, staleText: string): void {
    const mine = path.join(this.dir, `lock.stale-${randomBytes(6).toString('hex')}`);
    try {
      fs.renameSync(lock, mine);
    } catch (e) {
      if (_errno(e) === 'ENOENT') return;
      throw e;
    }
    const got = fs.readFileSync(mine, 'utf8');
    if (got !== staleText) {
      try {
        fs.linkSync(mine, lock);
      } catch (e) {
        if (_errno(e) !== 'EEXIST') throw e;
      }
    }
    fs.rmSync(mine, { force: true });
  }

  #release(token: string): void {
    const lock = this.#lockPath();
    _held.delete(token); // from here on, a lock file left with this token is stale
    this.#fault('unlock', lock);
    try {
      const info = JSON.parse(fs.readFileSync(lock, 'utf8')) as _LockInfo;
      if (info.token !== token) return; // not ours any more (taken over): leave it
    } catch (e) {
      if (_errno(e) === 'ENOENT') return;
      throw e;
    }
    fs.rmSync(lock, { force: true });
  }

  #certPath(serial: string): string {
    return path.join(this.dir, 'certs', `${serial}.json`);
  }

  #readJson(file: string): _RecordJson | undefined {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      if (_errno(e) === 'ENOENT') return undefined;
      throw e;
    }
    try {
      const j = JSON.parse(text) as _RecordJson;
      if (j.version !== 1 || typeof j.serial !== 'string' || typeof j.der !== 'string') throw new Error('missing fields');
      return j;
    } catch (e) {
      throw new CaError('store-corrupt', `the record ${file} cannot be read: ${(e as Error).message}`, { cause: e });
    }
  }

  #read(file: string): CertificateRecord | undefined {
    const j = this.#readJson(file);
    if (j === undefined) return undefined;
    return {
      serial: j.serial,
      profile: j.profile,
      subject: j.subject,
      sans: j.sans,
      notBefore: j.notBefore,
      notAfter: j.notAfter,
      issuedAt: j.issuedAt,
      keyFingerprint: j.keyFingerprint,
      der: new Uint8Array(Buffer.from(j.der, 'base64')),
      ...(j.revocation ? { revocation: j.revocation } : {}),
      ...(j.requester ? { requester: j.requester } : {}),
    };
  }

  async #write(r: CertificateRecord, audit: AuditEntry[]): Promise<void> {
    const j: _RecordJson = {
      version: 1,
      serial: r.serial,
      profile: r.profile,
      subject: r.subject,
      sans: [...r.sans],
      notBefore: r.notBefore,
      notAfter: r.notAfter,
      issuedAt: r.issuedAt,
      keyFingerprint: r.keyFingerprint,
      der: Buffer.from(r.der).toString('base64'),
      ...(r.revocation ? { revocation: r.revocation } : {}),
      ...(r.requester ? { requester: JSON.parse(JSON.stringify(r.requester)) as RequesterInfo } : {}),
      ...(audit.length > 0 ? { audit } : {}),
    };
    await this.#atomicWrite(this.#certPath(r.serial), JSON.stringify(j, null, 1) + '\n');
  }

  #all(): CertificateRecord[] {
    const out: CertificateRecord[] = [];
    for (const f of fs.readdirSync(path.join(this.dir, 'certs'))) {
      if (f.startsWith('.') || !f.endsWith('.json')) continue;
      const r = this.#read(path.join(this.dir, 'certs', f));
      if (r !== undefined) out.push(r);
    }
    return queryOrder(out);
  }

  async reserveSerial(serial: string): Promise<boolean> {
    const s = canonicalSerial(serial);
    const dir = path.join(this.dir, 'serials');
    const marker = path.join(dir, s);
    this.#fault('reserve:create', marker);
    let fh: fs.promises.FileHandle;
    try {
      fh = await fs.promises.open(marker, 'wx', 0o600);
    } catch (e) {
      if (_errno(e) === 'EEXIST') return false;
      throw e;
    }
    try {
      this.#fault('reserve:fsync', marker);
      await fh.sync();
    } finally {
      await fh.close();
    }
    this.#fault('reserve:fsync-dir', marker);
    await _fsyncDir(dir);
    return true;
  }

  async commitIssuance(record: CertificateRecord, options: CommitOptions): Promise<void> {
    const s = canonicalSerial(record.serial);
    const entry = await this.#withLock(async () => {
      if (!fs.existsSync(path.join(this.dir, 'serials', s))) throw new CaError('serial-not-reserved', `serial ${s} was not reserved with reserveSerial() before the commit`);
      if (fs.existsSync(this.#certPath(s))) throw new CaError('serial-in-use', `serial ${s} already has a record`);
      if (options.uniqueKey) {
        const now = options.now.getTime();
        const other = this.#all().find((r) => r.keyFingerprint === record.keyFingerprint && r.revocation === undefined && Date.parse(r.notAfter) >= now);
        if (other !== undefined) throw new CaError('duplicate-key', `an active certificate (serial ${other.serial}) already certifies this key`);
      }
      const entry = options.audit === undefined ? undefined : this.#newAudit({ ...options.audit, serial: s });
      await this.#write({ ...record, serial: s }, entry ? [entry] : []);
      return entry;
    });
    if (entry) await this.#afterCommit(entry, `issue-${s}`);
  }

  /**
   * Writes a committed change's audit file after the lock is released (the record already holds
   * the entry, so the lock is held for one file write only). A failure here does not undo the
   * committed change: the entry is retried at the next write or read of the log, and in any case
   * rolled forward from its record when the store is next opened.
   */
  async #afterCommit(entry: AuditEntry, ref: string): Promise<void> {
    this.#pendingAudit.push([entry, ref]);
    await this.#flushAudit();
  }

  async #flushAudit(): Promise<void> {
    // Taken off the queue first, so concurrent flushes never write (or drop) the same entry twice.
    const batch = this.#pendingAudit.splice(0);
    for (let i = 0; i < batch.length; i++) {
      try {
        await this.#writeAudit(...batch[i]!);
      } catch {
        this.#pendingAudit.unshift(...batch.slice(i)); // kept for the next attempt
        return;
      }
    }
  }

  async revoke(serial: string, revocation: RevocationInfo, options: { readonly audit?: AuditEntryInit } = {}): Promise<CertificateRecord> {
    const s = canonicalSerial(serial);
    const [updated, entry] = await this.#withLock(async () => {
      const r = this.#read(this.#certPath(s));
      const before = this.#readJson(this.#certPath(s))?.audit ?? [];
      if (r === undefined) throw new CaError('unknown-serial', `no certificate with serial ${s} was issued by this CA`);
      if (r.revocation !== undefined) throw new CaError('already-revoked', `serial ${s} was already revoked on ${r.revocation.date} (${r.revocation.reason})`);
      const updated: CertificateRecord = { ...r, revocation: { ...revocation } };
      const entry = options.audit === undefined ? undefined : this.#newAudit({ ...options.audit, serial: s });
      await this.#write(updated, entry ? [...before, entry] : before);
      return [updated, entry] as const;
    });
    if (entry) await this.#afterCommit(entry, `revoke-${s}`);
    return updated;
  }

  async get(serial: string): Promise<CertificateRecord | undefined> {
    return this.#read(this.#certPath(canonicalSerial(serial)));
  }

  async list(): Promise<CertificateRecord[]> {
    return this.#all();
  }

  /** Reads one record file at a time; yields only the revoked ones' serial and revocation. */
  async *revokedEntries(): AsyncIterable<RevokedEntry> {
    for (const f of (await fs.promises.readdir(path.join(this.dir, 'certs'))).filter((n) => !n.startsWith('.') && n.endsWith('.json'))) {
      const j = this.#readJson(path.join(this.dir, 'certs', f));
      if (j?.revocation !== undefined) yield { serial: j.serial, revocation: j.revocation };
    }
  }

  async findByKey(keyFingerprint: string): Promise<CertificateRecord[]> {
    return this.#all().filter((r) => r.keyFingerprint === keyFingerprint);
  }

  /** Serials reserved (issued or abandoned by a failed issuance). */
  async reservedSerials(): Promise<string[]> {
    return fs
      .readdirSync(path.join(this.dir, 'serials'))
      .filter((f) => /^[0-9a-f]+$/.test(f))
      .sort();
  }

  async nextCrlNumber(): Promise<bigint> {
    return this.#withLock(async () => {
      const file = path.join(this.dir, 'crlnumber');
      let last = 0n;
      try {
        const text = fs.readFileSync(file, 'utf8').trim();
        if (!/^[0-9]+$/.test(text)) throw new CaError('store-corrupt', `${file} does not hold a number`);
        last = BigInt(text);
      } catch (e) {
        if (_errno(e) !== 'ENOENT') throw e;
      }
      const next = last + 1n;
      await this.#atomicWrite(file, `${next}\n`);
      return next;
    });
  }

  async saveCrl(crl: CrlRecord, options: { readonly audit?: AuditEntryInit } = {}): Promise<void> {
    await this.#withLock(() => this.#atomicWrite(path.join(this.dir, 'crls', `${crl.number}.crl`), crl.der));
    if (options.audit !== undefined) await this.#afterCommit(this.#newAudit(options.audit), `crl-${crl.number}`);
  }

  async latestCrl(): Promise<CrlRecord | undefined> {
    let best: bigint | undefined;
    for (const f of fs.readdirSync(path.join(this.dir, 'crls'))) {
      const m = /^([0-9]+)\.crl$/.exec(f);
      if (m && (best === undefined || BigInt(m[1]!) > best)) best = BigInt(m[1]!);
    }
    if (best === undefined) return undefined;
    const file = path.join(this.dir, 'crls', `${best}.crl`);
    const der = new Uint8Array(fs.readFileSync(file));
    return { number: best, thisUpdate: parseCrl(der).thisUpdate.toISOString(), der };
  }

  async appendAudit(entry: AuditEntryInit): Promise<AuditEntry> {
    await this.#flushAudit();
    const e = this.#newAudit(entry);
    await this.#writeAudit(e, 'x');
    return e;
  }

  async listAudit(options: { readonly cursor?: string; readonly limit?: number } = {}): Promise<AuditPage> {
    const limit = auditPageLimit(options.limit);
    await this.#flushAudit();
    const c = options.cursor;
    if (c !== undefined && (typeof c !== 'string' || !/^[0-9]{15}-[0-9]{7}-[0-9]{6}$/.test(c))) throw new RangeError('the cursor is not one this store handed out');
    const files = this.#auditFiles().filter((f) => c === undefined || f.slice(0, f.indexOf('~')) > c);
    const entries: AuditEntry[] = [];
    for (const f of files.slice(0, limit)) {
      const file = path.join(this.dir, 'audit', f);
      try {
        entries.push(JSON.parse(fs.readFileSync(file, 'utf8')) as AuditEntry);
      } catch (e) {
        throw new CaError('store-corrupt', `the audit entry ${file} cannot be read: ${(e as Error).message}`, { cause: e });
      }
    }
    return files.length > limit ? { entries, next: entries[entries.length - 1]!.id } : { entries };
  }

  async query(options: CertificateQuery = {}): Promise<QueryPage> {
    return queryRecords(this.#all(), options);
  }
}

function _ref(e: AuditEntry): string {
  return e.action === 'issue' || e.action === 'revoke' ? `${e.action}-${e.serial}` : 'x';
}
