/**
 * An immutable CRL builder in the style of pyca/cryptography's `CertificateRevocationListBuilder`:
 * each setter returns a new builder, each field can be set once, values are checked when they
 * are set, and `await builder.sign(signer)` is the only terminal step.
 *
 * Scope: v2 CRLs (RFC 5280 §5.1) with thisUpdate/nextUpdate, entries (serial, revocationDate,
 * reasonCode, invalidityDate, certificateIssuer, any other entry extension), the CRL extensions
 * cRLNumber (required), authorityKeyIdentifier (computed from the issuer), issuerAltName,
 * issuingDistributionPoint, deltaCRLIndicator and freshestCRL for delta CRLs, and any other
 * extension raw. After signing, the result is parsed and its signature verified against the
 * signer's public key before it is returned.
 *
 * Adding entries costs amortised O(1): a builder shares its entry array with the builder it was
 * made from when it is that array's only extender (as a Go slice does), and copies otherwise, so
 * a million `revoke()` calls stay linear while every builder keeps seeing only its own entries.
 *
 * Non-goals: v1 CRLs (cRLNumber needs v2), deciding what to revoke, CRL numbering across runs
 * (monotonic cRLNumbers are the caller's contract: RFC 5280 §5.2.3).
 * @module
 */
import { CertkitError, DerWriter, bytesEqual, encodeIntegerContents, type ErrorLocation } from '../der/index';
import { parsePublicKey } from '../keys/index';
import { EXTENSION } from '../oid/index';
import { signTbs, verifySignature, writeAlgorithmIdentifier, type Signer } from '../sig/index';
import type { Certificate } from '../x509/index';
import {
  CRL_REASON,
  decodeSubjectKeyIdentifier,
  encodeAuthorityKeyIdentifier,
  encodeCertificateIssuer,
  encodeCrlNumber,
  encodeDeltaCrlIndicator,
  encodeFreshestCrl,
  encodeInvalidityDate,
  encodeIssuerAltName,
  encodeIssuingDistributionPoint,
  encodeReasonCode,
  type CrlReason,
  type DistributionPoint,
  type IssuingDistributionPointInit,
  nameFrom,
  parseNameString,
} from '../x509/index';
import type { ExtensionInput, GeneralName } from '../x509/index';
import { Name, type NameInit } from '../x509/index';
import { type Crl, parseCrl } from './crl';
import { serialKey, type SerialInput } from './entries';
import { findRawExtension } from '../x509/index';
import { crlDuplicateSerials, crlEntryIssuer, findCrlEntries } from './entries';

/** Codes a {@link CrlBuilderError} can carry. */
export type CrlBuilderErrorCode =
  | 'already-set' // pyca style: each field is set once
  | 'missing-fields' // sign() found required fields unset
  | 'invalid-times' // nextUpdate before thisUpdate
  | 'remove-from-crl-in-base' // RFC 5280 §5.3.1: removeFromCRL only in delta CRLs
  | 'duplicate-serial' // the same serial twice for the same certificate issuer
  | 'duplicate-extension' // one instance of each extension
  | 'issuer-key-mismatch' // the signer's key is not the issuer certificate's key
  | 'self-check-failed'; // the signature made by the signer does not verify

/**
 * A misuse of {@link CrlBuilder} or a failed self-check after signing.
 * @example
 * ```ts
 * try { await builder.sign(signer) } catch (e) {
 *   if (e instanceof CrlBuilderError && e.code === 'missing-fields') console.log(e.message)
 * }
 * ```
 */
export class CrlBuilderError extends CertkitError {
  declare readonly code: CrlBuilderErrorCode;
  constructor(code: CrlBuilderErrorCode, message: string, location: ErrorLocation = {}) {
    super(code, message, location);
    this.name = 'CrlBuilderError';
  }
}

/** One revocation to list. */
export interface RevokedEntryInput {
  /** The revoked certificate's serial number (positive, at most 20 octets). */
  serial: SerialInput;
  /** When the revocation was processed (RFC 5280 §5.1.2.6). */
  revocationDate: Date;
  /**
   * reasonCode (§5.3.1). `'unspecified'` writes no extension, as §5.3.1 asks ("the reason code
   * CRL entry extension SHOULD be absent instead of using the unspecified (0) reasonCode value").
   * `'removeFromCRL'` only in delta CRLs.
   */
  reason?: CrlReason;
  /** invalidityDate (§5.3.2): when the key is known or suspected to have been compromised. */
  invalidityDate?: Date;
  /**
   * certificateIssuer (§5.3.3), for indirect CRLs: the issuer of this entry's certificate and of
   * the entries after it that carry none. Needs `issuingDistributionPoint({ indirectCRL: true })`.
   */
  certificateIssuer?: readonly GeneralName[];
  /** Other entry extensions, written after the ones above. */
  extensions?: readonly ExtensionInput[];
}

/** Options of {@link CrlBuilder.sign}. */
export interface CrlSignOptions {
  /**
   * The CRL issuer's certificate: its subject becomes the issuer name (byte for byte) unless
   * {@link CrlBuilder.issuer} was set, its subjectKeyIdentifier the authorityKeyIdentifier, and
   * the signer's key must be its key.
   */
  issuerCertificate?: Certificate;
}

interface _Entry {
  key: Uint8Array; // minimal two's-complement INTEGER contents
  date: Date;
  reason: CrlReason | undefined;
  invalidityDate: Date | undefined;
  certificateIssuer: readonly GeneralName[] | undefined;
  extensions: readonly ExtensionInput[] | undefined;
}

interface _State {
  issuer?: Name;
  thisUpdate?: Date;
  nextUpdate?: Date;
  crlNumber?: bigint;
  baseCrlNumber?: bigint;
  aki?: Uint8Array | false;
  idp?: IssuingDistributionPointInit;
  freshest?: readonly DistributionPoint[];
  issuerAltName?: readonly GeneralName[];
  extensions: readonly ExtensionInput[];
  entries: _Entry[];
  count: number;
}

function _already(field: string): never {
  throw new CrlBuilderError('already-set', `${field} is already set on this builder (each field is set once)`);
}

function _checkDate(d: unknown, what: string): Date {
  if (!(d instanceof Date)) throw new TypeError(`${what} must be a Date`);
  if (Number.isNaN(d.getTime())) throw new RangeError(`${what} is an invalid Date`);
  const y = d.getUTCFullYear();
  if (y < 1950 || y > 9999) throw new RangeError(`${what} must be in 1950-9999 (UTCTime/GeneralizedTime), got ${d.toISOString()}`);
  return new Date(Math.floor(d.getTime() / 1000) * 1000);
}

function _checkCrlNumber(v: unknown, what: string): bigint {
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new RangeError(`${what} must be a safe integer, got ${v}`);
    v = BigInt(v);
  }
  if (typeof v !== 'bigint') throw new TypeError(`${what} must be a bigint or a number`);
  // RFC 5280 §5.2.3: CRLNumber ::= INTEGER (0..MAX), at most 20 octets.
  if (v < 0n) throw new RangeError(`${what} must not be negative (RFC 5280 §5.2.3)`);
  const c = encodeIntegerContents(v);
  if ((c[0] === 0 ? c.length - 1 : c.length) > 20) throw new RangeError(`${what} is longer than 20 octets (RFC 5280 §5.2.3)`);
  return v;
}

function _toName(v: unknown): Name {
  if (v instanceof Name) return v;
  if (typeof v === 'string') return parseNameString(v);
  if (v !== null && typeof v === 'object') return nameFrom(v as NameInit);
  throw new TypeError('issuer must be a Name, an object ({ CN, O, C, ... }) or an RFC 4514 string');
}

function _checkExtension(e: ExtensionInput): ExtensionInput {
  if (e === null || typeof e !== 'object' || typeof e.oid !== 'string' || !(e.value instanceof Uint8Array)) {
    throw new TypeError('an extension is { oid: string, critical?: boolean, value: Uint8Array }');
  }
  if (e.critical !== undefined && typeof e.critical !== 'boolean') throw new TypeError('extension critical must be a boolean');
  return { oid: e.oid, critical: e.critical === true, value: e.value };
}

const _REASONS: ReadonlySet<string> = /* @__PURE__ */ new Set(Object.keys(CRL_REASON));

function _makeEntry(e: RevokedEntryInput): _Entry {
  if (e === null || typeof e !== 'object') throw new TypeError('an entry is { serial, revocationDate, reason?, invalidityDate?, certificateIssuer? }');
  const key = serialKey(e.serial);
  // RFC 5280 §4.1.2.2: positive, at most 20 octets.
  if (key[0]! >= 0x80 || (key.length === 1 && key[0] === 0)) throw new RangeError('serial number must be positive (RFC 5280 §4.1.2.2)');
  if ((key[0] === 0 ? key.length - 1 : key.length) > 20) throw new RangeError('serial number is longer than 20 octets (RFC 5280 §4.1.2.2)');
  const date = _checkDate(e.revocationDate, 'revocationDate');
  if (e.reason !== undefined && (typeof e.reason !== 'string' || !_REASONS.has(e.reason))) {
    throw new RangeError(`reason must be one of ${[..._REASONS].join(', ')}; got ${String(e.reason)}`);
  }
  const inv = e.invalidityDate === undefined ? undefined : _checkDate(e.invalidityDate, 'invalidityDate');
  if (e.certificateIssuer !== undefined && (!Array.isArray(e.certificateIssuer) || e.certificateIssuer.length === 0)) {
    throw new TypeError('certificateIssuer must be a non-empty array of GeneralNames');
  }
  const exts = e.extensions?.map(_checkExtension);
  return { key, date, reason: e.reason, invalidityDate: inv, certificateIssuer: e.certificateIssuer, extensions: exts };
}

/**
 * Builds and signs a v2 CRL.
 *
 * @example
 * ```ts
 * const crl = await CrlBuilder.create()
 *   .thisUpdate(new Date('2030-01-01T00:00:00Z'))
 *   .nextUpdate(new Date('2030-01-08T00:00:00Z'))
 *   .crlNumber(42n)
 *   .revoke({ serial: 0x1234n, revocationDate: new Date('2029-12-31T00:00:00Z'), reason: 'keyCompromise' })
 *   .sign(caSigner, { issuerCertificate: caCert });
 * writeFileSync('ca.crl', crlToPem(crl));
 * ```
 */
export class CrlBuilder {
  private readonly _s: _State;

  private constructor(s: _State) {
    this._s = Object.freeze(s);
  }

  /** An empty builder. */
  static create(): CrlBuilder {
    return new CrlBuilder({ extensions: [], entries: [], count: 0 });
  }

  private _with(patch: Partial<_State>): CrlBuilder {
    return new CrlBuilder({ ...this._s, ...patch });
  }

  /**
   * The issuer name (RFC 5280 §5.1.2.3). Optional when `sign()` gets the issuer certificate.
   * @throws `already-set`; TypeError/RangeError for a value that is not a name.
   */
  issuer(name: Name | NameInit | string): CrlBuilder {
    if (this._s.issuer !== undefined) _already('issuer');
    return this._with({ issuer: _toName(name) });
  }

  /** `thisUpdate` (§5.1.2.4), whole seconds. */
  thisUpdate(date: Date): CrlBuilder {
    if (this._s.thisUpdate !== undefined) _already('thisUpdate');
    return this._with({ thisUpdate: _checkDate(date, 'thisUpdate') });
  }

  /** `nextUpdate` (§5.1.2.5): required, as conforming CRL issuers MUST include it. */
  nextUpdate(date: Date): CrlBuilder {
    if (this._s.nextUpdate !== undefined) _already('nextUpdate');
    return this._with({ nextUpdate: _checkDate(date, 'nextUpdate') });
  }

  /**
   * `cRLNumber` (§5.2.3), required: "a monotonically increasing sequence number for a given CRL
   * scope and CRL issuer". Keeping it increasing across runs is the caller's contract.
   */
  crlNumber(n: bigint | number): CrlBuilder {
    if (this._s.crlNumber !== undefined) _already('crlNumber');
    return this._with({ crlNumber: _checkCrlNumber(n, 'crlNumber') });
  }

  /**
   * Makes this a delta CRL (§5.2.4): `deltaCRLIndicator` (critical) with the cRLNumber of the
   * complete CRL it updates. Entries may then use `removeFromCRL`.
   */
  deltaOf(baseCrlNumber: bigint | number): CrlBuilder {
    if (this._s.baseCrlNumber !== undefined) _already('deltaOf');
    return this._with({ baseCrlNumber: _checkCrlNumber(baseCrlNumber, 'baseCrlNumber') });
  }

  /**
   * `authorityKeyIdentifier` keyIdentifier (§5.2.1). Default: the issuer certificate's
   * subjectKeyIdentifier, else the SHA-1 key identifier of the signer's key (§4.2.1.2 method 1).
   * `false` leaves the extension out (non-conforming: §5.2.1 says CRL issuers MUST include it).
   */
  authorityKeyIdentifier(keyId: Uint8Array | false): CrlBuilder {
    if (this._s.aki !== undefined) _already('authorityKeyIdentifier');
    if (keyId !== false && !(keyId instanceof Uint8Array)) throw new TypeError('authorityKeyIdentifier expects key identifier bytes or false');
    return this._with({ aki: keyId });
  }

  /** `issuingDistributionPoint` (§5.2.5), written critical as §5.2.5 requires. */
  issuingDistributionPoint(idp: IssuingDistributionPointInit): CrlBuilder {
    if (this._s.idp !== undefined) _already('issuingDistributionPoint');
    encodeIssuingDistributionPoint(idp); // checks now
    return this._with({ idp });
  }

  /** `freshestCRL` (§5.2.6): where the delta CRLs for this complete CRL are published. */
  freshestCrl(points: readonly DistributionPoint[]): CrlBuilder {
    if (this._s.freshest !== undefined) _already('freshestCrl');
    encodeFreshestCrl(points);
    return this._with({ freshest: points });
  }

  /** `issuerAltName` (§5.2.2). */
  issuerAltName(names: readonly GeneralName[]): CrlBuilder {
    if (this._s.issuerAltName !== undefined) _already('issuerAltName');
    encodeIssuerAltName(names);
    return this._with({ issuerAltName: names });
  }

  /** Any other CRL extension, raw. */
  extension(ext: ExtensionInput): CrlBuilder {
    const e = _checkExtension(ext);
    if (this._s.extensions.some((x) => x.oid === e.oid)) {
      throw new CrlBuilderError('duplicate-extension', `extension ${e.oid} is already added (one instance of each)`);
    }
    return this._with({ extensions: [...this._s.extensions, e] });
  }

  /**
   * Adds one revoked certificate. Amortised O(1).
   * @throws TypeError / RangeError for a bad serial, date, reason or issuer.
   */
  revoke(entry: RevokedEntryInput): CrlBuilder {
    return this._append([_makeEntry(entry)]);
  }

  /** Adds many revoked certificates (same checks as {@link revoke}). */
  revokeAll(entries: Iterable<RevokedEntryInput>): CrlBuilder {
    const list: _Entry[] = [];
    for (const e of entries) list.push(_makeEntry(e));
    return this._append(list);
  }

  private _append(list: _Entry[]): CrlBuilder {
    const s = this._s;
    let arr = s.entries;
    if (arr.length !== s.count) arr = arr.slice(0, s.count);
    for (const e of list) arr.push(e);
    return this._with({ entries: arr, count: s.count + list.length });
  }

  /** Number of entries on this builder. */
  get size(): number {
    return this._s.count;
  }

  /**
   * Signs the CRL. The result is parsed and its signature verified with the signer's public key
   * before it is returned.
   * @throws CrlBuilderError `missing-fields` (listing every missing field), `invalid-times`,
   * `remove-from-crl-in-base`, `duplicate-serial`, `duplicate-extension`, `issuer-key-mismatch`,
   * `self-check-failed`; whatever the signer throws.
   * @example
   * ```ts
   * const crl = await builder.sign(signer, { issuerCertificate: ca });
   * crlToPem(crl); // -----BEGIN X509 CRL-----
   * ```
   */
  async sign(signer: Signer, options: CrlSignOptions = {}): Promise<Crl> {
    if (signer === null || typeof signer !== 'object' || typeof signer.sign !== 'function' || !(signer.publicKey instanceof Uint8Array)) {
      throw new TypeError('sign() expects a Signer { algorithm, publicKey, sign(data) }');
    }
    const s = this._s;
    const ic = options.issuerCertificate;
    if (ic !== undefined && (ic === null || typeof ic !== 'object' || !(ic.rawSubject instanceof Uint8Array))) {
      throw new TypeError('issuerCertificate must be a parsed Certificate');
    }
    const missing: string[] = [];
    if (s.issuer === undefined && ic === undefined) missing.push('issuer (.issuer() or sign(signer, { issuerCertificate }))');
    if (s.thisUpdate === undefined) missing.push('thisUpdate (.thisUpdate())');
    if (s.nextUpdate === undefined) missing.push('nextUpdate (.nextUpdate())');
    if (s.crlNumber === undefined) missing.push('cRLNumber (.crlNumber())');
    if (missing.length) throw new CrlBuilderError('missing-fields', `cannot sign, missing: ${missing.join(', ')}`);
    const thisUpdate = s.thisUpdate!,
      nextUpdate = s.nextUpdate!;
    if (nextUpdate < thisUpdate) {
      throw new CrlBuilderError('invalid-times', `nextUpdate ${nextUpdate.toISOString()} is before thisUpdate ${thisUpdate.toISOString()}`);
    }
    if (ic !== undefined && !bytesEqual(ic.rawSpki, signer.publicKey)) {
      throw new CrlBuilderError('issuer-key-mismatch', "the signer's public key is not the issuer certificate's subject public key");
    }
    const isDelta = s.baseCrlNumber !== undefined;
    const indirect = s.idp?.indirectCRL === true;
    const n = s.count;
    for (let i = 0; i < n; i++) {
      const e = s.entries[i]!;
      if (e.reason === 'removeFromCRL' && !isDelta) {
        throw new CrlBuilderError('remove-from-crl-in-base', `entry ${i}: removeFromCRL is only for delta CRLs (RFC 5280 §5.3.1); call .deltaOf(baseCrlNumber)`);
      }
      if (e.certificateIssuer !== undefined && !indirect) {
        throw new CrlBuilderError('missing-fields', `entry ${i} has certificateIssuer, which only indirect CRLs carry (RFC 5280 §5.3.3); set issuingDistributionPoint({ indirectCRL: true })`);
      }
    }

    const issuerDer = s.issuer !== undefined ? s.issuer.raw : ic!.rawSubject;
    // CRL extensions: AKI, cRLNumber, deltaCRLIndicator, IDP, freshestCRL, issuerAltName, then the caller's.
    const exts: ExtensionInput[] = [];
    if (s.aki !== false) {
      let keyId = s.aki;
      if (keyId === undefined && ic !== undefined) {
        const x = findRawExtension(ic, EXTENSION.subjectKeyIdentifier);
        if (x !== undefined) keyId = decodeSubjectKeyIdentifier(x.value, x.valueOffset, true);
      }
      keyId ??= parsePublicKey(signer.publicKey).subjectKeyIdentifier();
      exts.push({ oid: EXTENSION.authorityKeyIdentifier, critical: false, value: encodeAuthorityKeyIdentifier({ keyIdentifier: keyId }) });
    }
    exts.push({ oid: EXTENSION.cRLNumber, critical: false, value: encodeCrlNumber(s.crlNumber!) });
    if (isDelta) exts.push({ oid: EXTENSION.deltaCRLIndicator, critical: true, value: encodeDeltaCrlIndicator(s.baseCrlNumber!) });
    if (s.idp !== undefined) exts.push({ oid: EXTENSION.issuingDistributionPoint, critical: true, value: encodeIssuingDistributionPoint(s.idp) });
    if (s.freshest !== undefined) exts.push({ oid: EXTENSION.freshestCRL, critical: false, value: encodeFreshestCrl(s.freshest) });
    if (s.issuerAltName !== undefined) exts.push({ oid: EXTENSION.issuerAltName, critical: false, value: encodeIssuerAltName(s.issuerAltName) });
    for (const e of s.extensions) {
      if (exts.some((x) => x.oid === e.oid)) throw new CrlBuilderError('duplicate-extension', `extension ${e.oid} is also set by a typed setter`);
      exts.push(e);
    }

    const alg = signer.algorithm;
    const tbs = new DerWriter();
    tbs.sequence((w) => {
      w.integer(1); // v2
      writeAlgorithmIdentifier(w, alg);
      w.raw(issuerDer);
      w.time(thisUpdate); // RFC 5280 §5.1.2.4: UTCTime through 2049
      w.time(nextUpdate);
      if (n > 0) w.raw(_encodeEntries(s.entries, n));
      w.explicit(0, (w) => _writeExtensionList(w, exts));
    });
    const tbsDer = tbs.finish();
    const crl = parseCrl(await signTbs(signer, tbsDer, alg));
    if (crl.duplicateCount > 0) {
      // Equal serials are legitimate only for different certificate issuers of an indirect CRL.
      const seen = new Map<string, number>();
      for (const hex of crlDuplicateSerials(crl)) {
        const entries = findCrlEntries(crl, hex);
        for (const e of entries) {
          const who = JSON.stringify(crlEntryIssuer(crl, e.index)?.map((g) => (g.type === 'dn' ? g.value.toString() : g)) ?? null);
          const k = `${hex}|${who}`;
          if (seen.has(k)) throw new CrlBuilderError('duplicate-serial', `serial ${hex} is listed twice for the same certificate issuer (entries ${seen.get(k)} and ${e.index})`);
          seen.set(k, e.index);
        }
      }
    }
    if (!(await verifySignature(signer.publicKey, alg, crl.rawTbs, crl.rawSignatureValue))) {
      throw new CrlBuilderError('self-check-failed', "the signature the signer produced does not verify with the signer's public key; nothing was issued");
    }
    return crl;
  }
}

function _writeExtensionList(w: DerWriter, exts: readonly ExtensionInput[]): void {
  w.sequence((w) => {
    for (const e of exts) {
      w.sequence((w) => {
        w.oid(e.oid);
        if (e.critical === true) w.boolean(true); // DEFAULT FALSE is omitted (X.690 §11.5)
        w.octetString(e.value);
      });
    }
  });
}

/**
 * The revokedCertificates SEQUENCE. Entries are written by hand into one buffer (a million
 * entries through nested writer callbacks would cost several parts each); entries with
 * extensions go through a DerWriter of their own.
 */
function _encodeEntries(entries: readonly _Entry[], n: number): Uint8Array {
  const parts: Uint8Array[] = new Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const e = entries[i]!;
    const w = new DerWriter();
    w.sequence((w) => {
      w.element(0x02, e.key);
      w.time(e.date);
      const exts: ExtensionInput[] = [];
      if (e.reason !== undefined && e.reason !== 'unspecified') exts.push({ oid: EXTENSION.reasonCode, value: encodeReasonCode(e.reason) });
      if (e.invalidityDate !== undefined) exts.push({ oid: EXTENSION.invalidityDate, value: encodeInvalidityDate(e.invalidityDate) });
      if (e.certificateIssuer !== undefined) exts.push({ oid: EXTENSION.certificateIssuer, critical: true, value: encodeCertificateIssuer(e.certificateIssuer) });
      for (const x of e.extensions ?? []) {
        if (exts.some((y) => y.oid === x.oid)) throw new CrlBuilderError('duplicate-extension', `entry ${i}: extension ${x.oid} given twice`);
        exts.push(x);
      }
      if (exts.length) _writeExtensionList(w, exts);
    });
    const der = w.finish();
    parts[i] = der;
    total += der.length;
  }
  const hl = total < 0x80 ? 2 : total < 0x100 ? 3 : total < 0x10000 ? 4 : total < 0x1000000 ? 5 : 6;
  const out = new Uint8Array(hl + total);
  out[0] = 0x30;
  if (hl === 2) out[1] = total;
  else {
    out[1] = 0x80 | (hl - 2);
    for (let k = 0; k < hl - 2; k++) out[2 + k] = Math.floor(total / 2 ** (8 * (hl - 3 - k))) & 0xff;
  }
  let p = hl;
  for (const d of parts) {
    out.set(d, p);
    p += d.length;
  }
  return out;
}
