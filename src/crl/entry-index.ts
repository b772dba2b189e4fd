/**
 * The revokedCertificates entries of a CRL at parse time: one linear pass that checks every
 * entry and records where it is in typed arrays (no object per entry), and the serial-number
 * index built from them (an open-addressing hash table, typed arrays again).
 *
 * Scope: what `parseCrl` needs to walk a million entries in a fraction of a second. The pass
 * recognises the common entry shape byte by byte (see {@link _pass}) and hands every other
 * entry to the DerReader, which reads its headers through the der layer's one cursor and
 * reports the precise error. That fast path is the one place in `src/` besides the cursor that
 * looks at tags and lengths: it only accepts (it never reports an error), and it is what keeps a
 * 1,000,000-entry CRL near 0.3 s (bench/crl.bench.ts). Non-goals: decoding entries and lookups
 * by callers (`entries.ts`).
 * @module
 */
import { DerReader, Tag, addPath, checkInteger } from '../der/index';
import { CRL_ENTRY_EXTENSION_OIDS, _KNOWN_ENTRY, _fail, _walkExtensions } from './_shared';

// Per-entry flag bits recorded by the linear pass.
const F_EXT = 1; // the entry has crlEntryExtensions
export const F_ISSUER = 2; // ... including certificateIssuer (RFC 5280 §5.3.3)
export const F_REASON = 4; // ... including reasonCode

// ---------------------------------------------------------------------------------------------
// The entry index: typed arrays, no per-entry objects.

/** What the linear pass records; grows by doubling. */
export class _EntryTable {
  n = 0;
  start: Uint32Array; // absolute offset of each entry's SEQUENCE
  keyStart: Uint32Array; // absolute offset of the minimal serial octets
  keyLen: Uint16Array; // their count
  flags: Uint8Array;
  sorted = true;
  constructor(cap: number) {
    this.start = new Uint32Array(cap);
    this.keyStart = new Uint32Array(cap);
    this.keyLen = new Uint16Array(cap);
    this.flags = new Uint8Array(cap);
  }
  grow(): void {
    const cap = this.start.length * 2 + 16;
    const s = new Uint32Array(cap);
    s.set(this.start);
    this.start = s;
    const k = new Uint32Array(cap);
    k.set(this.keyStart);
    this.keyStart = k;
    const l = new Uint16Array(cap);
    l.set(this.keyLen);
    this.keyLen = l;
    const f = new Uint8Array(cap);
    f.set(this.flags);
    this.flags = f;
  }
}

/**
 * 32-bit FNV-1a with a final avalanche. Not a defence by itself against chosen collisions: the
 * table falls back to a sorted index when probing gets long (see {@link _Index}).
 */
function _hash(b: Uint8Array, s: number, n: number): number {
  let h = 0x811c9dc5 ^ n;
  for (let i = 0; i < n; i++) h = Math.imul(h ^ b[s + i]!, 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}

/** Compares two minimal two's-complement integers given as octets (numeric order). */
function _cmpInt(a: Uint8Array, as: number, an: number, b: Uint8Array, bs: number, bn: number): number {
  const na = an > 0 && a[as]! >= 0x80;
  const nb = bn > 0 && b[bs]! >= 0x80;
  if (na !== nb) return na ? -1 : 1;
  if (an !== bn) return na ? bn - an : an - bn;
  for (let i = 0; i < an; i++) {
    const d = a[as + i]! - b[bs + i]!;
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Serial number → entry index. An open-addressing hash table in an `Int32Array` (load ≤ 1/2,
 * linear probing) holding entry index + 1; keys are compared in the CRL buffer itself, so the
 * table costs 8 bytes per entry and no strings. Entries with equal serials are chained in
 * `dupNext` (made only when there is a duplicate). If a hostile CRL makes probing long (more
 * than 8 probes per entry on average), the index switches to a sorted array with binary search:
 * O(log n) lookups, and a worst case that stays O(n log n) to build.
 */
export class _Index {
  private table: Int32Array | undefined;
  private mask = 0;
  private order: Int32Array | undefined; // sorted fallback: entry indices in serial order
  dupNext: Int32Array | undefined;
  duplicates = 0;

  constructor(
    private readonly buf: Uint8Array,
    private readonly t: _EntryTable,
  ) {
    if (!this._buildHash()) this._buildSorted();
  }

  private _buildHash(): boolean {
    const { buf, t } = this;
    const n = t.n;
    let cap = 16;
    while (cap < n * 2) cap *= 2;
    const table = new Int32Array(cap);
    const mask = cap - 1;
    const ks = t.keyStart,
      kl = t.keyLen;
    let probes = 0;
    const budget = n * 8 + 1024;
    for (let i = 0; i < n; i++) {
      const s = ks[i]!,
        l = kl[i]!;
      let h = _hash(buf, s, l) & mask;
      for (;;) {
        const slot = table[h]!;
        if (slot === 0) {
          table[h] = i + 1;
          break;
        }
        const j = slot - 1;
        if (kl[j] === l && _eqAt(buf, ks[j]!, buf, s, l)) {
          this._addDuplicate(j, i);
          break;
        }
        h = (h + 1) & mask;
        if (++probes > budget) return false;
      }
    }
    this.table = table;
    this.mask = mask;
    return true;
  }

  private _addDuplicate(first: number, i: number): void {
    let d = this.dupNext;
    if (d === undefined) {
      d = this.dupNext = new Int32Array(this.t.n).fill(-1);
    }
    let j = first;
    while (d[j] !== -1) j = d[j]!;
    d[j] = i;
    this.duplicates++;
  }

  private _buildSorted(): void {
    const { buf, t } = this;
    const n = t.n;
    this.dupNext = undefined;
    this.duplicates = 0;
    const ks = t.keyStart,
      kl = t.keyLen;
    const idx = Array.from({ length: n }, (_, i) => i);
    idx.sort((a, b) => _cmpInt(buf, ks[a]!, kl[a]!, buf, ks[b]!, kl[b]!) || a - b);
    const order: number[] = [];
    for (let k = 0; k < n; k++) {
      const i = idx[k]!;
      const prev = order.length ? order[order.length - 1]! : -1;
      if (prev >= 0 && _cmpInt(buf, ks[prev]!, kl[prev]!, buf, ks[i]!, kl[i]!) === 0) {
        this._addDuplicate(prev, i);
      } else {
        order.push(i);
      }
    }
    this.order = Int32Array.from(order);
  }

  /** First entry index with this key, or -1. */
  find(q: Uint8Array): number {
    const { buf, t } = this;
    const ks = t.keyStart,
      kl = t.keyLen;
    const l = q.length;
    if (this.table !== undefined) {
      const table = this.table,
        mask = this.mask;
      let h = _hash(q, 0, l) & mask;
      for (;;) {
        const slot = table[h]!;
        if (slot === 0) return -1;
        const j = slot - 1;
        if (kl[j] === l && _eqAt(buf, ks[j]!, q, 0, l)) return j;
        h = (h + 1) & mask;
      }
    }
    const order = this.order!;
    let lo = 0,
      hi = order.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const j = order[mid]!;
      const c = _cmpInt(buf, ks[j]!, kl[j]!, q, 0, l);
      if (c === 0) return j;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Bytes the index holds (for memory reports). */
  get byteLength(): number {
    return (this.table?.byteLength ?? 0) + (this.order?.byteLength ?? 0) + (this.dupNext?.byteLength ?? 0);
  }
}

function _eqAt(a: Uint8Array, as: number, b: Uint8Array, bs: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (a[as + i] !== b[bs + i]) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// The linear pass over revokedCertificates.

/** Days in a month, for the fast time check. */
function _days(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Two ASCII digits at `p`, or -1. */
function _d2(b: Uint8Array, p: number): number {
  const x = b[p]! - 0x30,
    y = b[p + 1]! - 0x30;
  if (x < 0 || x > 9 || y < 0 || y > 9) return -1;
  return x * 10 + y;
}

/**
 * Whether the `n` contents octets at `p` are a valid DER UTCTime (n = 13) or GeneralizedTime
 * without fraction (n = 15); the same rules as `decodeUtcTime`/`decodeGeneralizedTime` (which the
 * slow path calls to report an error), without making a Date.
 */
function _timeOk(b: Uint8Array, p: number, n: number): boolean {
  let y: number;
  if (n === 13) {
    const yy = _d2(b, p);
    if (yy < 0) return false;
    y = yy >= 50 ? 1900 + yy : 2000 + yy;
    p += 2;
  } else {
    const hi = _d2(b, p),
      lo = _d2(b, p + 2);
    if (hi < 0 || lo < 0) return false;
    y = hi * 100 + lo;
    p += 4;
  }
  const mo = _d2(b, p),
    d = _d2(b, p + 2),
    h = _d2(b, p + 4),
    mi = _d2(b, p + 6),
    s = _d2(b, p + 8);
  if (b[p + 10] !== 0x5a) return false;
  return mo >= 1 && mo <= 12 && d >= 1 && d <= _days(y, mo) && h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && s >= 0 && s <= 59;
}

// Entry extensions the pass recognises without decoding the OID: id-ce (2.5.29) arcs.
// RFC 5280 §5.3.1 reasonCode (21), §5.3.2 invalidityDate (24), holdInstructionCode (23; RFC 5280
// §5.3 of RFC 3280, still in X.509), §5.3.3 certificateIssuer (29).
const _ENTRY_ARC_BIT: Record<number, number> = { 0x15: 1, 0x17: 2, 0x18: 4, 0x1d: 8 };

export interface _PassState {
  buf: Uint8Array;
  lenient: boolean;
  version: 1 | 2;
  t: _EntryTable;
  unusableEntry: { index: number; oid: string } | undefined;
}

/**
 * Reads every entry of `revokedCertificates` (contents `s`..`e`):
 * ```asn1
 * revokedCertificates     SEQUENCE OF SEQUENCE  {
 *      userCertificate         CertificateSerialNumber,
 *      revocationDate          Time,
 *      crlEntryExtensions      Extensions OPTIONAL
 *                               -- if present, version MUST be v2
 *                           }  OPTIONAL,
 * ```
 * The loop below recognises the common shape byte by byte (short lengths, minimal positive
 * serial of ≤ 20 value octets, a valid UTCTime/GeneralizedTime, id-ce entry extensions with a
 * well-formed critical flag, no duplicates) and hands anything else to {@link _slowEntry}, which
 * uses the DerReader, reports the precise error, and records the same facts for valid input.
 */
export function _pass(st: _PassState, s: number, e: number): void {
  const b = st.buf;
  const t = st.t;
  let p = s;
  let prevKs = 0,
    prevKl = 0;
  while (p < e) {
    const i = t.n;
    if (i === t.start.length) t.grow();
    const entryStart = p;
    let ok = false;
    let ks = 0,
      kl = 0,
      flags = 0,
      entryEnd = 0;
    // Fast path. Any deviation: `break fast` and let the slow path decide.
    fast: {
      if (b[p] !== 0x30 || p + 2 > e) break fast;
      let len = b[p + 1]!;
      let q = p + 2;
      if (len >= 0x80) {
        if (len === 0x81) {
          if (q >= e) break fast;
          len = b[q++]!;
          if (len < 0x80) break fast;
        } else if (len === 0x82) {
          if (q + 1 >= e) break fast;
          len = b[q]! * 256 + b[q + 1]!;
          q += 2;
          if (len < 0x100) break fast;
        } else break fast;
      }
      entryEnd = q + len;
      if (entryEnd > e) break fast;
      // userCertificate: INTEGER, 1..21 octets, minimal, positive, ≤ 20 value octets.
      if (b[q] !== 0x02) break fast;
      const sl = b[q + 1]!;
      if (sl === 0 || sl > 21) break fast;
      const v0 = q + 2;
      if (v0 + sl > entryEnd) break fast;
      const first = b[v0]!;
      if (first >= 0x80) break fast; // negative
      if (first === 0) {
        if (sl === 1) break fast; // zero
        if (b[v0 + 1]! < 0x80) break fast; // non-minimal
        ks = v0;
        kl = sl;
      } else {
        if (sl === 21) break fast; // 21 value octets
        ks = v0;
        kl = sl;
      }
      q = v0 + sl;
      // revocationDate: UTCTime (13) or GeneralizedTime (15) without fraction.
      const tt = b[q],
        tl = b[q + 1]!;
      if (q + 2 + tl > entryEnd) break fast;
      if (tt === 0x17) {
        if (tl !== 13) break fast;
      } else if (tt === 0x18) {
        if (tl !== 15) break fast;
      } else break fast;
      if (!_timeOk(b, q + 2, tl)) break fast;
      q += 2 + tl;
      if (q < entryEnd) {
        // crlEntryExtensions: one SEQUENCE filling the rest, short form, v2 only.
        if (st.version !== 2) break fast;
        if (b[q] !== 0x30) break fast;
        const xl = b[q + 1]!;
        if (xl === 0 || xl >= 0x80 || q + 2 + xl !== entryEnd) break fast;
        q += 2;
        let seen = 0;
        flags = F_EXT;
        while (q < entryEnd) {
          // Extension ::= SEQUENCE { 06 03 55 1D xx, [01 01 FF], 04 vl ... }
          if (b[q] !== 0x30) break fast;
          const el = b[q + 1]!;
          if (el >= 0x80) break fast;
          const ee = q + 2 + el;
          if (ee > entryEnd) break fast;
          if (b[q + 2] !== 0x06 || b[q + 3] !== 0x03 || b[q + 4] !== 0x55 || b[q + 5] !== 0x1d) break fast;
          const bit = _ENTRY_ARC_BIT[b[q + 6]!];
          if (bit === undefined || (seen & bit) !== 0) break fast;
          seen |= bit;
          let r = q + 7;
          if (b[r] === 0x01) {
            if (b[r + 1] !== 0x01 || b[r + 2] !== 0xff) break fast;
            r += 3;
          }
          if (b[r] !== 0x04) break fast;
          const vl = b[r + 1]!;
          if (vl >= 0x80 || r + 2 + vl !== ee) break fast;
          if (bit === 8) flags |= F_ISSUER;
          if (bit === 1) flags |= F_REASON;
          q = ee;
        }
      }
      if (q !== entryEnd) break fast;
      ok = true;
    }
    if (!ok) {
      const r = _slowEntry(st, p, e, i);
      ks = r.ks;
      kl = r.kl;
      flags = r.flags;
      entryEnd = r.end;
    }
    t.start[i] = entryStart;
    t.keyStart[i] = ks;
    t.keyLen[i] = kl;
    t.flags[i] = flags;
    if (i > 0 && t.sorted && _cmpInt(b, prevKs, prevKl, b, ks, kl) > 0) t.sorted = false;
    prevKs = ks;
    prevKl = kl;
    t.n = i + 1;
    p = entryEnd;
  }
}

/**
 * Counts the elements of a SEQUENCE OF by their headers only (definite short or long lengths).
 * Stops at the first header it cannot read: the full pass reports that error, and the table
 * grows if the count was short.
 */
export function _countEntries(b: Uint8Array, s: number, e: number): number {
  let n = 0;
  let p = s;
  while (p + 2 <= e) {
    let len = b[p + 1]!;
    p += 2;
    if (len & 0x80) {
      const k = len & 0x7f;
      if (k === 0 || k > 4 || p + k > e) break;
      len = 0;
      for (let i = 0; i < k; i++) len = len * 256 + b[p++]!;
    }
    p += len;
    if (p > e) break;
    n++;
  }
  return n;
}

/** Strips the redundant leading octets of a non-minimal INTEGER (lenient mode). */
function _minimalStart(b: Uint8Array, s: number, n: number): number {
  while (n > 1 && ((b[s] === 0 && b[s + 1]! < 0x80) || (b[s] === 0xff && b[s + 1]! >= 0x80))) {
    s++;
    n--;
  }
  return s;
}

/** One entry through the DerReader: precise errors, and the facts for valid odd shapes. */
function _slowEntry(st: _PassState, p: number, e: number, i: number): { ks: number; kl: number; flags: number; end: number } {
  const base = `tbsCertList.revokedCertificates[${i}]`;
  let path = base;
  try {
    const r = new DerReader(st.buf, { lenient: st.lenient }, p, e, 2);
    const t = r.read(Tag.SEQUENCE, 'revokedCertificates entry');
    const er = r.enterTlv(t);
    path = base + '.userCertificate';
    const serial = er.read(Tag.INTEGER, 'userCertificate');
    const v = serial.value;
    checkInteger(v, serial.valueOffset, st.lenient);
    const ks = _minimalStart(st.buf, serial.valueOffset, v.length);
    const kl = serial.end - ks;
    _checkSerial(st.buf, ks, kl, serial.valueOffset, st.lenient);
    path = base + '.revocationDate';
    er.readTime('revocationDate');
    let flags = 0;
    if (!er.atEnd) {
      path = base + '.crlEntryExtensions';
      const xt = er.read(Tag.SEQUENCE, 'crlEntryExtensions');
      if (st.version !== 2) {
        _fail('version-mismatch', 'crlEntryExtensions in a v1 CRL; RFC 5280 §5.1.2.1 requires version v2 when extensions are used', xt.offset);
      }
      const exts = _walkExtensions(er.enterTlv(xt), xt.offset, st.lenient, path, (p) => (path = p));
      path = base;
      if (exts.length > 0) flags |= F_EXT;
      for (const x of exts) {
        if (x.oid === CRL_ENTRY_EXTENSION_OIDS.certificateIssuer) flags |= F_ISSUER;
        if (x.oid === CRL_ENTRY_EXTENSION_OIDS.reasonCode) flags |= F_REASON;
        if (x.critical && !_KNOWN_ENTRY.has(x.oid) && st.unusableEntry === undefined) st.unusableEntry = { index: i, oid: x.oid };
      }
    }
    path = base;
    er.finish('revokedCertificates entry');
    return { ks, kl, flags, end: t.end };
  } catch (e) {
    throw addPath(e, path);
  }
}

/**
 * RFC 5280 §4.1.2.2: "The serial number MUST be a positive integer ... Conforming CAs MUST NOT use
 * serialNumber values longer than 20 octets"; §5.1.2.6 identifies revoked certificates by it. As
 * in the certificate parser, 20 octets of *value* (a leading 00 sign octet is allowed). Lenient
 * mode accepts zero, negative and long serials (up to 65,535 octets, the index's limit).
 */
function _checkSerial(b: Uint8Array, ks: number, kl: number, at: number, lenient: boolean): void {
  if (kl > 0xffff) _fail('invalid-serial-number', `serial number of ${kl} octets is beyond any use`, at);
  if (lenient) return;
  const neg = b[ks]! >= 0x80;
  if (neg) _fail('invalid-serial-number', 'serial number is negative; RFC 5280 §4.1.2.2 requires a positive integer (lenient mode accepts it)', at);
  if (kl === 1 && b[ks] === 0) _fail('invalid-serial-number', 'serial number is zero; RFC 5280 §4.1.2.2 requires a positive integer (lenient mode accepts it)', at);
  const valueOctets = b[ks] === 0 ? kl - 1 : kl;
  if (valueOctets > 20) _fail('invalid-serial-number', `serial number has ${valueOctets} octets; RFC 5280 §4.1.2.2 allows at most 20 (lenient mode accepts it)`, at);
}
