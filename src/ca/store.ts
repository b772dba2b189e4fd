/**
 * The CA's inventory: the {@link CaStore} interface every backend implements, the records it
 * holds, and {@link MemoryCaStore}, the in-memory implementation.
 *
 * Scope: serial reservation (a serial is claimed durably before anything is signed with it, so
 * it is never handed out twice, even across crashes), one atomic commit per issuance (with the
 * duplicate-key rule checked inside it), one atomic update per revocation, monotonic cRLNumbers,
 * and the CRLs published. The interface is shaped for a transactional SQL database too (see
 * `docs/ca.md`): each method is one transaction. Non-goals: the file-system backend (it needs
 * the host file system, so it lives in `src/node/fs-store.ts`), issuance policy (`authority.ts`).
 * @module
 */
import type { CrlReason } from '../x509/index';
import { CaError } from './errors';
import { auditPageLimit, queryOrder, queryRecords, type AuditEntry, type AuditEntryInit, type AuditPage, type CertificateQuery, type QueryPage } from './query';

export type { AuditEntry, AuditEntryInit, AuditPage, CertificateQuery, QueryPage } from './query';

/**
 * How and when a certificate was revoked.
 * @example
 * ```ts
 * const r: RevocationInfo = { date: '2025-06-01T12:00:00.000Z', reason: 'keyCompromise' };
 * ```
 */
export interface RevocationInfo {
  /** When the CA processed the revocation (ISO 8601, UTC). */
  readonly date: string;
  /** The CRL reason (RFC 5280 §5.3.1). */
  readonly reason: CrlReason;
  /** When the key is known or suspected to have been compromised (RFC 5280 §5.3.2), ISO 8601. */
  readonly invalidityDate?: string;
}

/**
 * One issued certificate, as a store keeps it. Every field is plain data (JSON / SQL friendly).
 * @example
 * ```ts
 * const rec = await store.get('7f01'); rec?.revocation?.reason;
 * ```
 */
export interface CertificateRecord {
  /** The serial number in canonical form: lower-case hex of the integer, no leading zeros. */
  readonly serial: string;
  /** The profile it was issued under. */
  readonly profile: string;
  /** The subject, RFC 4514. */
  readonly subject: string;
  /** The subjectAltNames, as `DNS:x`, `IP:x`, `email:x`, `URI:x`. */
  readonly sans: readonly string[];
  /** Validity (ISO 8601, UTC). */
  readonly notBefore: string;
  readonly notAfter: string;
  /** When the CA issued it (ISO 8601, UTC). */
  readonly issuedAt: string;
  /** SHA-256 of the certified SubjectPublicKeyInfo, lower-case hex (the duplicate-key index). */
  readonly keyFingerprint: string;
  /** The certificate DER. */
  readonly der: Uint8Array;
  /** Set once the certificate is revoked. */
  readonly revocation?: RevocationInfo;
  /** Who asked for it, how and from where (absent on records from before 0.2). */
  readonly requester?: RequesterInfo;
}

/**
 * Who asked for a certificate, how and from where: kept on its {@link CertificateRecord} and
 * searchable with {@link CaStore.query}.
 * @example
 * ```ts
 * const who: RequesterInfo = { principal: 'alice', method: 'api', address: '192.0.2.7', metadata: { os: 'Linux' } };
 * ```
 */
export interface RequesterInfo {
  /** The authenticated principal (a user or token name, or `cert:<serial>` for a TLS client certificate). */
  readonly principal: string;
  /** The channel: EST enrollment, the JSON API, ACME (RFC 8555), or the command line. */
  readonly method: 'est' | 'api' | 'acme' | 'cli';
  /** The client's network address, when known. */
  readonly address?: string;
  /** The client's `User-Agent`, when given. */
  readonly userAgent?: string;
  /** Free metadata (device OS, MAC address, a description...); bounded by {@link checkRequesterMetadata}. */
  readonly metadata?: Readonly<Record<string, string>>;
  /** For a renewal (EST simplereenroll): the serial of the certificate it renews. */
  readonly renewalOf?: string;
}

/**
 * A CRL as published.
 * @example
 * ```ts
 * const latest = await store.latestCrl(); latest?.number;
 * ```
 */
export interface CrlRecord {
  /** Its cRLNumber. */
  readonly number: bigint;
  /** thisUpdate (ISO 8601, UTC). */
  readonly thisUpdate: string;
  /** The CRL DER. */
  readonly der: Uint8Array;
}

/**
 * One entry of a CRL as {@link CaStore.revokedEntries} streams it: the serial and how it was
 * revoked, without the certificate (a CRL of a million entries never holds a million records).
 * @example
 * ```ts
 * for await (const e of store.revokedEntries()) console.log(e.serial, e.revocation.reason);
 * ```
 */
export interface RevokedEntry {
  /** The serial, canonical hex. */
  readonly serial: string;
  readonly revocation: RevocationInfo;
}

/**
 * Options of {@link CaStore.commitIssuance}.
 * @example
 * ```ts
 * await store.commitIssuance(record, { uniqueKey: true, now: new Date() });
 * ```
 */
export interface CommitOptions {
  /**
   * Refuse (`CaError` `duplicate-key`) when an active record (not revoked, notAfter not before
   * `now`) has the same `keyFingerprint`. Checked inside the commit, so two concurrent issuances
   * for one key cannot both pass.
   */
  readonly uniqueKey: boolean;
  /** The time "active" is judged at. */
  readonly now: Date;
  /** The audit entry of this issuance, recorded in the same transaction as the record. */
  readonly audit?: AuditEntryInit;
}

/**
 * Where a CA keeps what it issued. Every method is atomic: it happens completely or not at all,
 * and when its promise resolves the change is durable. Implementations: {@link MemoryCaStore},
 * `FsCaStore` (the CLI's file-system store), and a transactional SQL database (see
 * `docs/ca.md`).
 *
 * @example
 * ```ts
 * const store: CaStore = new MemoryCaStore();
 * if (await store.reserveSerial('1f2e')) { ... sign ...; await store.commitIssuance(record, { uniqueKey: false, now }) }
 * ```
 */
export interface CaStore {
  /**
   * Claims a serial for an issuance about to happen. Resolves `true` when the serial was never
   * claimed before (and is now), `false` otherwise. Durable before it resolves: a serial once
   * claimed is never claimed again, even if the issuance then fails or the process dies.
   */
  reserveSerial(serial: string): Promise<boolean>;
  /**
   * Records an issued certificate under a serial claimed by {@link reserveSerial}.
   * @throws CaError `serial-not-reserved`, `serial-in-use`, `duplicate-key`.
   */
  commitIssuance(record: CertificateRecord, options: CommitOptions): Promise<void>;
  /**
   * Marks a certificate revoked and returns the updated record.
   * @throws CaError `unknown-serial`, `already-revoked`.
   */
  revoke(serial: string, revocation: RevocationInfo, options?: { readonly audit?: AuditEntryInit }): Promise<CertificateRecord>;
  /** The record of a serial, or `undefined`. */
  get(serial: string): Promise<CertificateRecord | undefined>;
  /** Every record, oldest issuance first. */
  list(): Promise<CertificateRecord[]>;
  /**
   * Every revoked certificate's serial and revocation, streamed (in no promised order), so a CRL
   * is built without loading every record. A revocation that completed before the call starts
   * is always yielded.
   */
  revokedEntries(): AsyncIterable<RevokedEntry>;
  /** The records that certify a key (by SPKI SHA-256). */
  findByKey(keyFingerprint: string): Promise<CertificateRecord[]>;
  /**
   * The next cRLNumber: greater than every number this store returned before (RFC 5280 §5.2.3:
   * "monotonically increasing"), durable before it resolves.
   */
  nextCrlNumber(): Promise<bigint>;
  /** Keeps a published CRL (with its audit entry, when given). */
  saveCrl(crl: CrlRecord, options?: { readonly audit?: AuditEntryInit }): Promise<void>;
  /** The CRL with the highest cRLNumber saved, or `undefined`. */
  latestCrl(): Promise<CrlRecord | undefined>;
  /** Appends one entry to the audit log (durable when it resolves) and returns it as stored. */
  appendAudit(entry: AuditEntryInit): Promise<AuditEntry>;
  /** The audit log, oldest first, a page at a time (`cursor` from the previous page). */
  listAudit(options?: { readonly cursor?: string; readonly limit?: number }): Promise<AuditPage>;
  /**
   * Records matching `filters`, in issuance order (oldest first), a page at a time: `cursor`
   * is the previous page's `next`.
   * @throws RangeError for a cursor this store did not hand out.
   */
  query(options?: CertificateQuery): Promise<QueryPage>;
}

/**
 * The canonical form of a serial number: lower-case hex of the integer, no leading zeros.
 * Accepts hex with or without colons, `0x`, or a bigint.
 * @throws RangeError for something that is not a positive serial of at most 20 octets.
 * @example
 * ```ts
 * canonicalSerial('00:7F:01') // '7f01'
 * ```
 */
export function canonicalSerial(serial: string | bigint): string {
  let v: bigint;
  if (typeof serial === 'bigint') v = serial;
  else if (typeof serial === 'string') {
    const hex = serial.trim().replace(/^0x/i, '').replace(/:/g, '');
    if (!/^[0-9a-fA-F]{1,42}$/.test(hex)) throw new RangeError(`'${serial}' is not a hex serial number`);
    v = BigInt('0x' + hex);
  } else {
    throw new TypeError('a serial number is a hex string or a bigint');
  }
  // RFC 5280 §4.1.2.2: positive, at most 20 octets.
  if (v <= 0n || v >= 1n << 159n) throw new RangeError(`serial ${serial} must be positive and fit in 20 octets (RFC 5280 §4.1.2.2)`);
  return v.toString(16);
}

/** Whether a record is active at `now`: not revoked and not expired. */
export function _isActive(r: CertificateRecord, now: Date): boolean {
  return r.revocation === undefined && Date.parse(r.notAfter) >= now.getTime();
}

function _copy(r: CertificateRecord): CertificateRecord {
  return {
    ...r,
    sans: [...r.sans],
    der: r.der.slice(),
    ...(r.revocation ? { revocation: { ...r.revocation } } : {}),
    ...(r.requester ? { requester: { ...r.requester, ...(r.requester.metadata ? { metadata: { ...r.requester.metadata } } : {}) } } : {}),
  };
}

/**
 * A {@link CaStore} in memory: for tests, short-lived CAs, and as the reference the other
 * backends are tested against. Each method runs without an `await` between its check and its
 * write, so it is atomic under JavaScript's run-to-completion.
 *
 * @example
 * ```ts
 * const ca = new CertificateAuthority({ certificate, signer, store: new MemoryCaStore() });
 * ```
 */
export class MemoryCaStore implements CaStore {
  readonly #reserved = new Set<string>();
  readonly #records = new Map<string, CertificateRecord>();
  readonly #crls: CrlRecord[] = [];
  readonly #audit: AuditEntry[] = [];
  #crlNumber = 0n;

  #auditEntry(init: AuditEntryInit): AuditEntry {
    const e: AuditEntry = { ...structuredClone(init), id: String(this.#audit.length + 1).padStart(12, '0') };
    this.#audit.push(e);
    return e;
  }

  /** Number of serials ever reserved (issued or abandoned). */
  get reservedCount(): number {
    return this.#reserved.size;
  }

  async reserveSerial(serial: string): Promise<boolean> {
    const s = canonicalSerial(serial);
    if (this.#reserved.has(s)) return false;
    this.#reserved.add(s);
    return true;
  }

  async commitIssuance(record: CertificateRecord, options: CommitOptions): Promise<void> {
    const s = canonicalSerial(record.serial);
    if (!this.#reserved.has(s)) throw new CaError('serial-not-reserved', `serial ${s} was not reserved with reserveSerial() before the commit`);
    if (this.#records.has(s)) throw new CaError('serial-in-use', `serial ${s} already has a record`);
    if (options.uniqueKey) {
      for (const r of this.#records.values()) {
        if (r.keyFingerprint === record.keyFingerprint && _isActive(r, options.now)) {
          throw new CaError('duplicate-key', `an active certificate (serial ${r.serial}) already certifies this key`);
        }
      }
    }
    this.#records.set(s, _copy({ ...record, serial: s }));
    if (options.audit !== undefined) this.#auditEntry(options.audit);
  }

  async revoke(serial: string, revocation: RevocationInfo, options: { readonly audit?: AuditEntryInit } = {}): Promise<CertificateRecord> {
    const s = canonicalSerial(serial);
    const r = this.#records.get(s);
    if (r === undefined) throw new CaError('unknown-serial', `no certificate with serial ${s} was issued by this CA`);
    if (r.revocation !== undefined) throw new CaError('already-revoked', `serial ${s} was already revoked on ${r.revocation.date} (${r.revocation.reason})`);
    const updated = { ...r, revocation: { ...revocation } };
    this.#records.set(s, updated);
    if (options.audit !== undefined) this.#auditEntry(options.audit);
    return _copy(updated);
  }

  async get(serial: string): Promise<CertificateRecord | undefined> {
    const r = this.#records.get(canonicalSerial(serial));
    return r === undefined ? undefined : _copy(r);
  }

  async list(): Promise<CertificateRecord[]> {
    return queryOrder([...this.#records.values()]).map(_copy);
  }

  async *revokedEntries(): AsyncIterable<RevokedEntry> {
    for (const r of [...this.#records.values()]) if (r.revocation !== undefined) yield { serial: r.serial, revocation: { ...r.revocation } };
  }

  async findByKey(keyFingerprint: string): Promise<CertificateRecord[]> {
    return [...this.#records.values()].filter((r) => r.keyFingerprint === keyFingerprint).map(_copy);
  }

  async nextCrlNumber(): Promise<bigint> {
    this.#crlNumber += 1n;
    return this.#crlNumber;
  }

  async saveCrl(crl: CrlRecord, options: { readonly audit?: AuditEntryInit } = {}): Promise<void> {
    this.#crls.push({ ...crl, der: crl.der.slice() });
    if (options.audit !== undefined) this.#auditEntry(options.audit);
  }

  async latestCrl(): Promise<CrlRecord | undefined> {
    let best: CrlRecord | undefined;
    for (const c of this.#crls) if (best === undefined || c.number > best.number) best = c;
    return best === undefined ? undefined : { ...best, der: best.der.slice() };
  }

  async appendAudit(entry: AuditEntryInit): Promise<AuditEntry> {
    return structuredClone(this.#auditEntry(entry));
  }

  async listAudit(options: { readonly cursor?: string; readonly limit?: number } = {}): Promise<AuditPage> {
    const limit = auditPageLimit(options.limit);
    let from = 0;
    if (options.cursor !== undefined) {
      if (typeof options.cursor !== 'string' || !/^[0-9]{12}$/.test(options.cursor)) throw new RangeError('the cursor is not one this store handed out');
      from = Number(options.cursor);
    }
    const entries = this.#audit.slice(from, from + limit).map((e) => structuredClone(e));
    return from + limit < this.#audit.length ? { entries, next: entries[entries.length - 1]!.id } : { entries };
  }

  async query(options: CertificateQuery = {}): Promise<QueryPage> {
    const page = queryRecords([...this.#records.values()], options);
    return { ...page, records: page.records.map(_copy) };
  }
}
