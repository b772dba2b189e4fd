/**
 * The entries of a parsed CRL: the {@link RevokedCertificate} record (decoded from the CRL's
 * bytes when asked for) and the free functions that find entries: by position
 * ({@link crlEntry}, {@link crlEntries}), by serial number in O(1) ({@link crlIndexOf},
 * {@link isSerialRevoked}, {@link findCrlEntry}, {@link findCrlEntries}), duplicates and the
 * certificate issuer an entry speaks for in an indirect CRL ({@link crlEntryIssuer}).
 *
 * Scope: reading what `parseCrl` indexed. Entry extension values are read with
 * `getExtension(entry, reasonCodeCodec)` of `certkit/x509`. Non-goals: the parse-time pass and
 * the index (`entry-index.ts`), deciding a certificate's status (`revocation.ts`).
 * @module
 */
import { DerReader, Tag, bytesToBigInt, decodeGeneralizedTime, decodeUtcTime, encodeIntegerContents, fromHex, toHex, unsignedToIntegerContents, type Tlv } from '../der/index';
import { getExtension, certificateIssuerCodec, issuingDistributionPointCodec, reasonCodeCodec, type GeneralName, type RawExtension } from '../x509/index';
import { _KNOWN_ENTRY, _walkExtensions } from './_shared';
import type { Crl } from './crl';
import { F_ISSUER, F_REASON } from './entry-index';

// ---------------------------------------------------------------------------------------------
// Serial numbers given by callers.

/** A serial number as callers give it: bigint, safe integer, hex text or unsigned bytes. */
export type SerialInput = bigint | number | string | Uint8Array;

/**
 * The minimal two's-complement INTEGER contents of a serial given as a `bigint`, a safe integer,
 * hex text (`'0a1b'`, `'0x0A1B'`, `'0A:1B'`, as OpenSSL prints it; read as unsigned) or unsigned
 * big-endian bytes (leading zeros ignored; a certificate's `rawSerial` works too for positive
 * serials).
 * @throws TypeError for another kind; RangeError for hex that is not hex or a non-integer number.
 * @example
 * ```ts
 * serialKey(0x80n) // Uint8Array [0x00, 0x80]
 * serialKey('00:80') // the same
 * ```
 */
export function serialKey(serial: SerialInput): Uint8Array {
  if (typeof serial === 'bigint') return encodeIntegerContents(serial);
  if (typeof serial === 'number') {
    if (!Number.isSafeInteger(serial)) throw new RangeError(`serial number must be a safe integer, got ${serial}`);
    return encodeIntegerContents(serial);
  }
  if (typeof serial === 'string') {
    let h = serial.trim().replace(/:/g, '');
    if (/^0x/i.test(h)) h = h.slice(2);
    if (h.length === 0 || !/^[0-9a-fA-F]+$/.test(h)) throw new RangeError(`serial number '${serial}' is not hex`);
    if (h.length % 2) h = '0' + h;
    return unsignedToIntegerContents(fromHex(h));
  }
  if (serial instanceof Uint8Array) return unsignedToIntegerContents(serial);
  throw new TypeError('serial number must be a bigint, a safe integer, hex text or a Uint8Array');
}

// ---------------------------------------------------------------------------------------------
// Entries.

/**
 * One revokedCertificates entry: a record over the CRL's bytes, made when asked for by
 * {@link crlEntry}, {@link findCrlEntry} or {@link crlEntries}. Extension values are free
 * functions: `getExtension(entry, reasonCodeCodec)`, `getExtension(entry, invalidityDateCodec)`,
 * `getExtension(entry, certificateIssuerCodec)`, `getExtension(entry, holdInstructionCodeCodec)`.
 *
 * @example
 * ```ts
 * const e = findCrlEntry(crl, '0A1B2C');
 * if (e) console.log(e.revocationDate, getExtension(e, reasonCodeCodec) ?? 'no reason given');
 * ```
 */
export class RevokedCertificate {
  /** Whether the CRL was parsed in lenient mode. */
  readonly lenient: boolean;
  /** The field path of this entry's `crlEntryExtensions` (for error paths). */
  readonly extensionsPath: string;
  private _ext: RawExtension[] | undefined;
  private _date: Date | undefined;

  /** @internal Made by {@link crlEntry}. */
  constructor(
    /** Position of the entry in the CRL (0-based). */
    readonly index: number,
    private readonly _tlv: Tlv,
    private readonly _serial: Tlv,
    private readonly _dateTlv: Tlv,
    private readonly _extList: Tlv | undefined,
    lenient: boolean,
  ) {
    this.lenient = lenient;
    this.extensionsPath = `tbsCertList.revokedCertificates[${index}].crlEntryExtensions`;
  }

  /** The whole entry encoding (a view of the parsed buffer). */
  get raw(): Uint8Array {
    return this._tlv.raw;
  }
  /** Contents octets of userCertificate (two's complement, as received). */
  get rawSerial(): Uint8Array {
    return this._serial.value;
  }
  /** The revoked certificate's serial number. */
  get serialNumber(): bigint {
    return bytesToBigInt(this.rawSerial);
  }
  /** The serial as lower-case hex of its contents octets, a leading 00 sign octet removed. */
  get serialNumberHex(): string {
    const v = this.rawSerial;
    return toHex(v.length > 1 && v[0] === 0 ? v.subarray(1) : v);
  }
  /** `revocationDate` (RFC 5280 §5.1.2.6). */
  get revocationDate(): Date {
    const t = this._dateTlv;
    return (this._date ??= t.tag === Tag.UTC_TIME ? decodeUtcTime(t.value, t.valueOffset) : decodeGeneralizedTime(t.value, t.valueOffset));
  }
  /** The crlEntryExtensions as received (empty when absent); bodies undecoded (see `getExtension`). */
  get extensions(): readonly RawExtension[] {
    if (this._ext === undefined) {
      const t = this._extList;
      if (t === undefined) this._ext = [];
      else {
        const r = new DerReader(t.buf, { lenient: this.lenient }, t.valueOffset, t.end, 3);
        this._ext = _walkExtensions(r, t.offset, true, this.extensionsPath, () => {});
      }
    }
    return this._ext;
  }
}

/**
 * The first critical entry extension certkit cannot process (RFC 5280 §5.3), if any.
 * @example
 * ```ts
 * crlEntryUnknownCriticalExtension(crlEntry(crl, 0)) // undefined
 * ```
 */
export function crlEntryUnknownCriticalExtension(entry: RevokedCertificate): string | undefined {
  for (const x of entry.extensions) if (x.critical && !_KNOWN_ENTRY.has(x.oid)) return x.oid;
  return undefined;
}

/**
 * The entry at `index` (0-based, CRL order), decoded now.
 * @throws RangeError when out of range.
 * @example
 * ```ts
 * crlEntry(crl, 0).revocationDate
 * ```
 */
export function crlEntry(crl: Crl, index: number): RevokedCertificate {
  const t = crl._table;
  if (!Number.isSafeInteger(index) || index < 0 || index >= t.n) throw new RangeError(`entry index ${index} is outside 0..${t.n - 1}`);
  const r = new DerReader(crl._buf, { lenient: true }, t.start[index]!, crl._revokedEnd, 2);
  const tlv = r.readTlv();
  const er = r.enterTlv(tlv);
  const serial = er.readTlv();
  const date = er.readTlv();
  const ext = er.atEnd ? undefined : er.readTlv();
  return new RevokedCertificate(index, tlv, serial, date, ext, crl.lenient);
}

/**
 * Every entry in CRL order, decoded one at a time.
 * @example
 * ```ts
 * for (const e of crlEntries(crl)) console.log(e.serialNumberHex);
 * ```
 */
export function* crlEntries(crl: Crl): IterableIterator<RevokedCertificate> {
  for (let i = 0; i < crl.size; i++) yield crlEntry(crl, i);
}

/**
 * Index of the first entry for this serial, or -1. O(1).
 * @throws TypeError / RangeError for a serial that is not a serial (see {@link serialKey}).
 * @example
 * ```ts
 * crlIndexOf(crl, 0x1234n) // 17
 * ```
 */
export function crlIndexOf(crl: Crl, serial: SerialInput): number {
  return crl._index.find(serialKey(serial));
}

function* _chain(crl: Crl, i: number): Generator<number> {
  const d = crl._index.dupNext;
  for (let j = i; j !== -1; j = d === undefined ? -1 : d[j]!) yield j;
}

/**
 * Whether the CRL lists this serial number, and the entry is not a delta CRL's
 * `removeFromCRL`. Serial only: in an indirect CRL several issuers share this list, and in a
 * delta CRL the base matters; use `checkRevocation` to decide a certificate's status.
 * @example
 * ```ts
 * isSerialRevoked(crl, cert.serialNumber)
 * ```
 */
export function isSerialRevoked(crl: Crl, serial: SerialInput): boolean {
  const i = crlIndexOf(crl, serial);
  if (i < 0) return false;
  for (const j of _chain(crl, i)) {
    if ((crl._table.flags[j]! & F_REASON) === 0) return true;
    if (getExtension(crlEntry(crl, j), reasonCodeCodec) !== 'removeFromCRL') return true;
  }
  return false;
}

/**
 * The first entry for this serial number, decoded, or `undefined`. O(1).
 * @example
 * ```ts
 * findCrlEntry(crl, 0x1234n)?.revocationDate
 * ```
 */
export function findCrlEntry(crl: Crl, serial: SerialInput): RevokedCertificate | undefined {
  const i = crlIndexOf(crl, serial);
  return i < 0 ? undefined : crlEntry(crl, i);
}

/**
 * Every entry for this serial number (more than one only in indirect CRLs, or duplicates).
 * @example
 * ```ts
 * findCrlEntries(crl, '12:34').length
 * ```
 */
export function findCrlEntries(crl: Crl, serial: SerialInput): RevokedCertificate[] {
  const i = crlIndexOf(crl, serial);
  return i < 0 ? [] : [..._chain(crl, i)].map((j) => crlEntry(crl, j));
}

/**
 * Serial numbers (hex, as {@link RevokedCertificate.serialNumberHex}) listed more than once;
 * `crl.duplicateCount` counts the repeated entries.
 * @example
 * ```ts
 * crlDuplicateSerials(crl) // ['0a1b']
 * ```
 */
export function crlDuplicateSerials(crl: Crl): string[] {
  const d = crl._index.dupNext;
  if (d === undefined) return [];
  const seen = new Set<number>();
  const out: string[] = [];
  for (let i = 0; i < d.length; i++) {
    if (d[i] !== -1 && !seen.has(i)) {
      for (const j of _chain(crl, i)) seen.add(j);
      out.push(crlEntry(crl, i).serialNumberHex);
    }
  }
  return out;
}

let _issuerRuns: WeakMap<Crl, Int32Array> | undefined;

/**
 * The certificate issuer an entry speaks for (RFC 5280 §5.3.3): in an indirect CRL, its own
 * certificateIssuer, else the one of the nearest earlier entry that has one, else the CRL
 * issuer; in any other CRL, always the CRL issuer (`undefined` is returned for that case).
 * @returns the GeneralNames, or `undefined` meaning "the CRL issuer".
 * @throws RangeError when `index` is out of range.
 * @example
 * ```ts
 * crlEntryIssuer(crl, 3) // [{ type: 'dn', value: Name }] in an indirect CRL
 * ```
 */
export function crlEntryIssuer(crl: Crl, index: number): readonly GeneralName[] | undefined {
  if (getExtension(crl, issuingDistributionPointCodec)?.indirectCRL !== true) return undefined;
  const t = crl._table;
  _issuerRuns ??= new WeakMap();
  let run = _issuerRuns.get(crl);
  if (run === undefined) {
    run = new Int32Array(t.n);
    let last = -1;
    for (let i = 0; i < t.n; i++) {
      if ((t.flags[i]! & F_ISSUER) !== 0) last = i;
      run[i] = last;
    }
    _issuerRuns.set(crl, run);
  }
  const j = run[index];
  if (j === undefined) throw new RangeError(`entry index ${index} is outside 0..${t.n - 1}`);
  return j < 0 ? undefined : getExtension(crlEntry(crl, j), certificateIssuerCodec);
}

/**
 * Bytes held by the serial index and entry table (the CRL buffer itself not counted).
 * @example
 * ```ts
 * crlIndexByteLength(crl) / 2 ** 20 // MiB
 * ```
 */
export function crlIndexByteLength(crl: Crl): number {
  const t = crl._table;
  return crl._index.byteLength + t.start.byteLength + t.keyStart.byteLength + t.keyLen.byteLength + t.flags.byteLength;
}
