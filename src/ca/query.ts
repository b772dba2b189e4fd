/**
 * Searching a CA's inventory and its audit log: the filter and page shapes of
 * {@link CaStore.query} and {@link CaStore.listAudit}, and {@link queryRecords}, the one
 * implementation of the filters that the in-memory and file-system stores share (a SQL store
 * translates the same filters into a WHERE clause).
 *
 * Paging is by cursor, not offset: a cursor names the last record of a page by its position in
 * the issuance order (issuedAt, then serial), so records issued while a client pages through do
 * not shift the pages it has not read yet. Non-goals: full-text search, sorting by other keys.
 * @module
 */
import type { CertificateRecord } from './store';
import type { IssuanceFinding } from './errors';

/**
 * What a client may filter the inventory by; every given filter must match.
 * @example
 * ```ts
 * const f: QueryFilters = { status: 'active', profile: 'tls-client', text: 'printer', expiringBefore: new Date('2027-01-01') };
 * ```
 */
export interface QueryFilters {
  /** Status at the query's time. */
  readonly status?: 'active' | 'revoked' | 'expired';
  /** The profile name, exactly. */
  readonly profile?: string;
  /** A substring (case-insensitive) of the subject or of one subjectAltName. */
  readonly text?: string;
  /** notAfter strictly before this time. */
  readonly expiringBefore?: Date;
  /** The requester's principal, exactly. */
  readonly requester?: string;
  /** The requester's method, exactly. */
  readonly method?: 'est' | 'api' | 'acme' | 'cli';
  /** Requester metadata: each key's value must contain the given substring (case-insensitive). */
  readonly metadata?: Readonly<Record<string, string>>;
  /** Renewals of this serial (EST simplereenroll). */
  readonly renewalOf?: string;
}

/**
 * Options of {@link CaStore.query}.
 * @example
 * ```ts
 * const page = await store.query({ filters: { status: 'revoked' }, limit: 50 });
 * const more = page.next === undefined ? undefined : await store.query({ filters: { status: 'revoked' }, limit: 50, cursor: page.next });
 * ```
 */
export interface CertificateQuery {
  readonly filters?: QueryFilters;
  /** The previous page's `next`. */
  readonly cursor?: string;
  /** Page size, 1 to 1000 (default 100). */
  readonly limit?: number;
  /** The time statuses are judged at (default now). */
  readonly at?: Date;
}

/**
 * One page of {@link CaStore.query}.
 * @example
 * ```ts
 * const { records, next } = await store.query({ limit: 10 });
 * ```
 */
export interface QueryPage {
  readonly records: CertificateRecord[];
  /** Present when there are more records: the cursor of the next page. */
  readonly next?: string;
}

/**
 * An audit entry as given to {@link CaStore.appendAudit} (the store adds its `id`).
 * @example
 * ```ts
 * await store.appendAudit({ time: new Date().toISOString(), action: 'refuse', principal: 'alice', code: 'issuance-refused', findings });
 * ```
 */
export interface AuditEntryInit {
  /** When it happened (ISO 8601, UTC). */
  readonly time: string;
  /**
   * What happened: `issue`, `refuse` (an issuance or enrollment refused, with `code` and
   * `findings`), `revoke`, `crl` (a CRL published), `deny` (authentication or authorization failed).
   */
  readonly action: 'issue' | 'refuse' | 'revoke' | 'crl' | 'deny';
  /** Who: the authenticated principal, `anonymous`, or the CA's own name for its CRLs. */
  readonly principal: string;
  /** The certificate concerned. */
  readonly serial?: string;
  /** The profile concerned. */
  readonly profile?: string;
  /** The error code of a refusal or denial, or the revocation reason. */
  readonly code?: string;
  /** One line for people. */
  readonly message?: string;
  /** For refused issuances: the findings. */
  readonly findings?: readonly IssuanceFinding[];
  /** The channel and client, when it came over the network. */
  readonly method?: 'est' | 'api' | 'acme' | 'cli';
  readonly address?: string;
}

/**
 * An audit entry as stored.
 * @example
 * ```ts
 * for (const e of (await store.listAudit()).entries) console.log(e.time, e.action, e.principal, e.serial ?? '');
 * ```
 */
export interface AuditEntry extends AuditEntryInit {
  /** The store's identifier of the entry (opaque; increasing in log order). */
  readonly id: string;
}

/**
 * One page of {@link CaStore.listAudit}.
 * @example
 * ```ts
 * const { entries, next } = await store.listAudit({ limit: 100 });
 * ```
 */
export interface AuditPage {
  readonly entries: AuditEntry[];
  /** Present when there are more entries: the cursor of the next page. */
  readonly next?: string;
}

function _statusAt(r: CertificateRecord, at: number): 'active' | 'revoked' | 'expired' {
  if (r.revocation !== undefined) return 'revoked';
  return Date.parse(r.notAfter) < at ? 'expired' : 'active';
}

function _matches(r: CertificateRecord, f: QueryFilters, at: number): boolean {
  if (f.status !== undefined && _statusAt(r, at) !== f.status) return false;
  if (f.profile !== undefined && r.profile !== f.profile) return false;
  if (f.expiringBefore !== undefined && !(Date.parse(r.notAfter) < f.expiringBefore.getTime())) return false;
  if (f.requester !== undefined && r.requester?.principal !== f.requester) return false;
  if (f.method !== undefined && r.requester?.method !== f.method) return false;
  if (f.renewalOf !== undefined && r.requester?.renewalOf !== f.renewalOf) return false;
  if (f.text !== undefined) {
    const t = f.text.toLowerCase();
    if (!r.subject.toLowerCase().includes(t) && !r.sans.some((s) => s.toLowerCase().includes(t))) return false;
  }
  if (f.metadata !== undefined) {
    for (const [k, v] of Object.entries(f.metadata)) {
      const have = r.requester?.metadata?.[k];
      if (have === undefined || !have.toLowerCase().includes(v.toLowerCase())) return false;
    }
  }
  return true;
}

const _CURSOR = /^([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z)~([0-9a-f]{1,40})$/;

function _checkLimit(limit: number | undefined): number {
  if (limit === undefined) return 100;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 1000) throw new RangeError(`limit must be an integer from 1 to 1000, got ${String(limit)}`);
  return limit;
}

/**
 * Applies a {@link CertificateQuery} to records (in any order): sorts them in issuance order,
 * keeps the matching ones after the cursor, and cuts one page. The stores' shared
 * implementation of {@link CaStore.query}.
 * @throws RangeError for a malformed cursor or a limit outside 1..1000.
 * @example
 * ```ts
 * const page = queryRecords(await store.list(), { filters: { text: 'printer' }, limit: 20 });
 * ```
 */
export function queryRecords(records: readonly CertificateRecord[], query: CertificateQuery = {}): QueryPage {
  const limit = _checkLimit(query.limit);
  const at = (query.at ?? new Date()).getTime();
  let after: [string, string] | undefined;
  if (query.cursor !== undefined) {
    const m = typeof query.cursor === 'string' ? _CURSOR.exec(query.cursor) : null;
    if (m === null) throw new RangeError('the cursor is not one this store handed out');
    after = [m[1]!, m[2]!];
  }
  const key = (r: CertificateRecord): [string, string] => [r.issuedAt, r.serial.padStart(40, '0')];
  const cmp = (a: [string, string], b: [string, string]): number => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]);
  const afterKey = after === undefined ? undefined : ([after[0], after[1].padStart(40, '0')] as [string, string]);
  const sorted = records.filter((r) => (afterKey === undefined || cmp(key(r), afterKey) > 0) && _matches(r, query.filters ?? {}, at));
  sorted.sort((a, b) => cmp(key(a), key(b)));
  const out = sorted.slice(0, limit);
  if (sorted.length <= limit) return { records: out };
  const last = out[out.length - 1]!;
  return { records: out, next: `${last.issuedAt}~${last.serial}` };
}

/**
 * Sorts records in issuance order (issuedAt, then the serial as a number), the order of
 * {@link CaStore.list} and of query pages. Returns a new array.
 * @example
 * ```ts
 * queryOrder(records)[0]?.issuedAt // the oldest
 * ```
 */
export function queryOrder(records: readonly CertificateRecord[]): CertificateRecord[] {
  const key = (r: CertificateRecord): string => r.serial.padStart(40, '0');
  return [...records].sort((a, b) => a.issuedAt.localeCompare(b.issuedAt) || key(a).localeCompare(key(b)));
}

/**
 * Checks a page size for {@link CaStore.listAudit}: 1 to 1000, default 100.
 * @throws RangeError outside that range.
 * @example
 * ```ts
 * auditPageLimit(undefined) // 100
 * ```
 */
export function auditPageLimit(limit: number | undefined): number {
  return _checkLimit(limit);
}

const _META_KEY = /^[A-Za-z][A-Za-z0-9._-]{0,63}$/;
// Control characters other than none: metadata is shown in logs and terminals.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const _CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * Checks requester metadata: at most 16 keys, each 1-64 characters of letters, digits, `.`,
 * `_`, `-` (starting with a letter), each value a string of at most 256 characters without
 * control characters. Returns a plain copy.
 * @throws TypeError for a value that is not an object of strings; RangeError naming the first
 * key or value over a bound.
 * @example
 * ```ts
 * checkRequesterMetadata({ os: 'Linux 6.8', mac: '00:11:22:33:44:55' }) // { os: 'Linux 6.8', mac: '00:11:22:33:44:55' }
 * ```
 */
export function checkRequesterMetadata(metadata: unknown): Record<string, string> {
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) throw new TypeError('metadata must be an object of string values');
  const entries = Object.entries(metadata as Record<string, unknown>);
  if (entries.length > 16) throw new RangeError(`metadata has ${entries.length} keys; at most 16 are kept`);
  const out: Record<string, string> = {};
  for (const [k, v] of entries) {
    if (!_META_KEY.test(k)) throw new RangeError(`metadata key ${JSON.stringify(k.slice(0, 80))} must be 1-64 letters, digits, '.', '_' or '-', starting with a letter`);
    if (typeof v !== 'string') throw new TypeError(`metadata.${k} must be a string`);
    if (v.length > 256) throw new RangeError(`metadata.${k} is ${v.length} characters; at most 256`);
    if (_CONTROL.test(v)) throw new RangeError(`metadata.${k} contains control characters`);
    out[k] = v;
  }
  return out;
}
