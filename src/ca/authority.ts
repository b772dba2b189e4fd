/**
 * The certificate authority: a CA certificate, its `Signer` and a {@link CaStore}; issuance
 * from CSRs under a profile (the steps are in `issuance.ts`), revocation, status, inventory and
 * CRLs.
 *
 * Scope: {@link CertificateAuthority}. Revocation and CRLs follow RFC 5280 §5 (monotonic
 * cRLNumber from the store, reason codes, invalidity dates); each revocation and CRL is recorded
 * with its audit entry in one store transaction. Runtime-neutral: web standards only; the
 * file-system store is in `src/cli/`. Non-goals: OCSP, ACME, validating that the requester
 * controls the names (a registration authority's job), certificateHold / unrevocation,
 * hierarchies (`hierarchy.ts`).
 * @module
 */
import { bytesEqual } from '../der/index';
import type { Csr } from '../csr/index';
import { CrlBuilder, type Crl, type RevokedEntryInput } from '../crl/index';
import type { Signer } from '../sig/index';
import { Certificate, basicConstraintsCodec, getExtension, keyUsageCodec, type CrlReason, type GeneralName, type Name, type NameInit } from '../x509/index';
import { CaError, type IssuanceFinding } from './errors';
import { _defaultRandom, _issue, _toGeneralName, type _IssuerContext } from './issuance';
import { BUILTIN_PROFILES, defineProfile, type CertificateProfile } from './profiles';
import { _issueWithGeneratedKey, type IssueWithGeneratedKeyOptions, type IssueWithGeneratedKeyResult } from './server-keygen';
import { canonicalSerial, type CaStore, type CertificateRecord, type RequesterInfo } from './store';

const _DAY = 86_400_000;

/**
 * Options of the {@link CertificateAuthority} constructor.
 * @example
 * ```ts
 * const options: CertificateAuthorityOptions = { certificate, signer: signerFromPrivateKey(key), store: new MemoryCaStore(), chain: [root] };
 * ```
 */
export interface CertificateAuthorityOptions {
  /** The CA's certificate (basicConstraints cA TRUE; keyCertSign when keyUsage is present). */
  readonly certificate: Certificate;
  /** Signs with the CA certificate's key (in memory, WebCrypto, an HSM or a KMS). */
  readonly signer: Signer;
  /** Where issued certificates, revocations and CRL numbers are kept. */
  readonly store: CaStore;
  /** The CA certificate's issuers, nearest first, up to the root (empty for a root CA). */
  readonly chain?: readonly Certificate[];
  /** User-defined profiles; one named like a built-in replaces it. */
  readonly profiles?: readonly CertificateProfile[];
  /** The clock (default `() => new Date()`); tests pass a fixed one. */
  readonly clock?: () => Date;
  /** Random bytes for serial numbers (default `crypto.getRandomValues`). */
  readonly random?: (length: number) => Uint8Array;
}

/**
 * Options of {@link CertificateAuthority.issue}.
 * @example
 * ```ts
 * const o: IssueOptions = { profile: 'tls-server', validity: 30, extraSans: ['www.example.com'] };
 * ```
 */
export interface IssueOptions {
  /** The profile's name (`tls-server`, `tls-client`, `email`, `code-signing`, `sub-ca`, or a user-defined one). */
  readonly profile: string;
  /**
   * Validity: a number of days (at most the profile's maximum; default its default), or explicit
   * times. The period counts both ends (RFC 5280 §4.1.2.5): `days` days end one second before
   * `notBefore + days`.
   */
  readonly validity?: number | { readonly days?: number; readonly notBefore?: Date; readonly notAfter?: Date };
  /** A subject chosen by the CA operator instead of the request's (not filtered by the profile). */
  readonly subjectOverride?: Name | NameInit | string;
  /** subjectAltNames the operator adds to the request's (checked against the profile). */
  readonly extraSans?: readonly (GeneralName | string)[];
  /** Who asked, how and from where: kept on the record; its principal goes into the audit log (default `cli`). */
  readonly requester?: RequesterInfo;
}

/**
 * What {@link CertificateAuthority.issue} returns.
 * @example
 * ```ts
 * const { certificate, chain, warnings } = await ca.issue(csr, { profile: 'tls-server' });
 * ```
 */
export interface IssueResult {
  /** The new certificate. */
  readonly certificate: Certificate;
  /** The certificate, the CA certificate and its issuers up to the root. */
  readonly chain: readonly Certificate[];
  /** Its serial (canonical hex). */
  readonly serial: string;
  /** Findings that did not refuse the issuance (warnings, infos). */
  readonly warnings: readonly IssuanceFinding[];
  /** The record the store now holds. */
  readonly record: CertificateRecord;
}

/**
 * A certificate's status at a time.
 * @example
 * ```ts
 * if ((await ca.status(serial)).status === 'revoked') console.log('revoked');
 * ```
 */
export interface CertificateStatus {
  /** `unknown`: this CA never issued the serial. */
  readonly status: 'active' | 'revoked' | 'expired' | 'unknown';
  /** The canonical serial. */
  readonly serial: string;
  /** The record, when known. */
  readonly record?: CertificateRecord;
}

/**
 * Reasons {@link CertificateAuthority.revoke} accepts.
 * @example
 * ```ts
 * const reason: RevocationReason = 'keyCompromise';
 * ```
 */
export type RevocationReason = Exclude<CrlReason, 'removeFromCRL' | 'certificateHold'>;

const _REASONS: readonly RevocationReason[] = ['unspecified', 'keyCompromise', 'cACompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'privilegeWithdrawn', 'aACompromise'];

/**
 * A certificate authority: issues certificates from CSRs under profiles, revokes them, answers
 * status, lists its inventory and publishes CRLs.
 *
 * @example
 * ```ts
 * const ca = new CertificateAuthority({ certificate: caCert, signer: signerFromPrivateKey(caKey), store: new MemoryCaStore(), chain: [root] });
 * const { certificate, chain, warnings } = await ca.issue(csrPem, { profile: 'tls-server', validity: 30 });
 * await ca.revoke(certificate.serialNumberHex, 'keyCompromise');
 * const crl = await ca.generateCrl();
 * ```
 */
export class CertificateAuthority {
  /** The CA certificate. */
  readonly certificate: Certificate;
  /** The CA's issuers, nearest first (empty for a root). */
  readonly chain: readonly Certificate[];
  /** The store. */
  readonly store: CaStore;
  readonly #signer: Signer;
  readonly #profiles: Map<string, CertificateProfile>;
  readonly #clock: () => Date;
  readonly #random: (length: number) => Uint8Array;
  readonly #context: _IssuerContext;

  /**
   * @throws TypeError for missing or wrongly typed options; CaError `not-a-ca`,
   * `signer-mismatch`, `invalid-profile`.
   */
  constructor(options: CertificateAuthorityOptions) {
    if (options === null || typeof options !== 'object') throw new TypeError('CertificateAuthority expects { certificate, signer, store }');
    const { certificate, signer, store } = options;
    if (!(certificate instanceof Certificate)) throw new TypeError('certificate must be a parsed Certificate');
    if (signer === null || typeof signer !== 'object' || typeof signer.sign !== 'function' || !(signer.publicKey instanceof Uint8Array)) {
      throw new TypeError('signer must be a Signer { algorithm, publicKey, sign }');
    }
    if (store === null || typeof store !== 'object' || typeof store.reserveSerial !== 'function' || typeof store.commitIssuance !== 'function') {
      throw new TypeError('store must implement CaStore');
    }
    // RFC 5280 §4.2.1.9 / §4.2.1.3: only a CA certificate with keyCertSign may issue.
    const bc = getExtension(certificate, basicConstraintsCodec);
    if (bc === undefined || !bc.cA) throw new CaError('not-a-ca', `${certificate.subject.toString()} is not a CA certificate (basicConstraints cA is not TRUE)`);
    const ku = getExtension(certificate, keyUsageCodec);
    if (ku !== undefined && !ku.includes('keyCertSign')) throw new CaError('not-a-ca', `${certificate.subject.toString()} lacks keyCertSign in keyUsage`);
    if (!bytesEqual(signer.publicKey, certificate.rawSpki)) throw new CaError('signer-mismatch', "the signer's public key is not the CA certificate's key");
    const chain = options.chain ?? [];
    if (!Array.isArray(chain) || chain.some((c) => !(c instanceof Certificate))) throw new TypeError('chain must be an array of parsed Certificates');
    this.certificate = certificate;
    this.chain = [...chain];
    this.store = store;
    this.#signer = signer;
    this.#profiles = new Map(Object.values(BUILTIN_PROFILES).map((p) => [p.name, p]));
    for (const p of options.profiles ?? []) {
      const checked = defineProfile(p);
      this.#profiles.set(checked.name, checked);
    }
    if (options.clock !== undefined && typeof options.clock !== 'function') throw new TypeError('clock must be a function returning a Date');
    if (options.random !== undefined && typeof options.random !== 'function') throw new TypeError('random must be a function (length) => Uint8Array');
    this.#clock = options.clock ?? (() => new Date());
    this.#random = options.random ?? _defaultRandom;
    const self = this;
    this.#context = { certificate, chain: this.chain, store, signer, random: this.#random, profile: (name) => self.profile(name), now: () => self.#now() };
  }

  /**
   * The profiles this CA knows (built-ins and user-defined).
   * @example
   * ```ts
   * ca.profiles.map((p) => p.name) // ['tls-server', 'tls-client', 'email', 'code-signing', 'sub-ca']
   * ```
   */
  get profiles(): CertificateProfile[] {
    return [...this.#profiles.values()];
  }

  /**
   * A profile by name.
   * @throws CaError `unknown-profile`.
   * @example
   * ```ts
   * ca.profile('tls-server').validity.maxDays // 398
   * ```
   */
  profile(name: string): CertificateProfile {
    const p = typeof name === 'string' ? this.#profiles.get(name) : undefined;
    if (p === undefined) throw new CaError('unknown-profile', `unknown profile '${String(name)}'; this CA has ${[...this.#profiles.keys()].join(', ')}`);
    return p;
  }

  #now(): Date {
    const d = this.#clock();
    if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new TypeError('the clock returned something other than a valid Date');
    return new Date(Math.floor(d.getTime() / 1000) * 1000);
  }

  /**
   * Issues a certificate for a request under a profile.
   *
   * Steps: verify the request's self-signature; lint it (`lintCsr` with the profile's linter
   * profile and severity overrides); check the key against the profile, the CA's own keys and
   * (with `uniqueKey`) the active certificates; build the subject (the request's attributes the
   * profile copies, or `subjectOverride`); build subjectAltName from the request plus
   * `extraSans`, every name of an allowed kind; set keyUsage, extKeyUsage, basicConstraints,
   * policies, CRL distribution points and AIA from the profile; drop (or, when the profile says
   * `refuse`, refuse) every other requested extension; check the validity; reserve a serial;
   * sign; commit.
   *
   * Documented choices: a requested name of a kind the profile does not allow refuses the
   * request (a name is never silently dropped); requested keyUsage / extKeyUsage /
   * basicConstraints are replaced by the profile's (a warning when the request asked for more);
   * keyEncipherment and dataEncipherment are left out for keys that cannot encrypt (RFC 8813
   * §3, RFC 8410 §5).
   *
   * @param csr a parsed `Csr`, or its DER / PEM
   * @throws CaError `issuance-refused` with `findings` (errors first), `unknown-profile`,
   * `serial-exhausted`; CsrError / DerError / PemError for a request that does not parse;
   * TypeError / RangeError for bad options; whatever the store or signer throws.
   * @example
   * ```ts
   * const r = await ca.issue(csrPem, { profile: 'tls-server', validity: 30, extraSans: ['www.example.com'] });
   * r.certificate.dnsNames; r.warnings;
   * ```
   */
  async issue(csr: Csr | Uint8Array | string, options: IssueOptions): Promise<IssueResult> {
    return _issue(this.#context, csr, options);
  }

  /**
   * Issues a certificate for a key pair the CA generates, and returns it with the key in a
   * password-protected PKCS#12 (RFC 7292): the managed-PKI flow where the portal makes the key
   * and the user receives one `.p12` file with key, certificate and chain.
   *
   * The new key signs a PKCS#10 request for `subject` and `sans`, and that request goes through
   * {@link CertificateAuthority.issue} unchanged, so signature check, lint, profile, key policy,
   * duplicate-key rule, serial and store are exactly those of any request. The PKCS#12 is in
   * OpenSSL 3's default form (PBES2/AES-256-CBC, PBKDF2 and MAC at 100,000 iterations,
   * HMAC-SHA-256), with `friendlyName` (default the CN) and `localKeyId` on key and certificate,
   * and the chain up to the root (`includeRoot: false` leaves the root out). If the PKCS#12
   * cannot be made after issuance, the certificate is revoked (`cessationOfOperation`) and
   * CaError `delivery-failed` is thrown.
   *
   * @throws TypeError / RangeError for bad options (an empty password included), before any key
   * is made; CaError `unknown-profile`, `issuance-refused` (with `findings`), `delivery-failed`;
   * whatever {@link CertificateAuthority.issue} throws.
   * @example
   * ```ts
   * const { pkcs12, certificate } = await ca.issueWithGeneratedKey({
   *   profile: 'tls-client', subject: { CN: 'alice', O: 'Example' }, sans: ['email:alice@example.com'],
   *   keyType: 'P-256', password: 'delivery secret',
   * });
   * // openssl pkcs12 -in alice.p12 -info -noout   keytool -list -keystore alice.p12
   * ```
   */
  async issueWithGeneratedKey(options: IssueWithGeneratedKeyOptions): Promise<IssueWithGeneratedKeyResult> {
    return _issueWithGeneratedKey(this, options, _toGeneralName);
  }

  /**
   * Revokes a certificate this CA issued. The next CRL lists it.
   * @param serial hex (colons allowed) or a bigint
   * @param reason a CRL reason (RFC 5280 §5.3.1); `removeFromCRL` and `certificateHold` are not
   * used by this CA (no unrevocation; CA/B BR §7.2.2 forbids certificateHold)
   * @param options `invalidityDate`; `principal`, who asked (for the audit log; default `cli`)
   * @throws CaError `unknown-serial`, `already-revoked`, `invalid-reason`; RangeError for a bad serial.
   * @example
   * ```ts
   * await ca.revoke('5a3f...', 'keyCompromise', { invalidityDate: new Date('2025-01-01T00:00:00Z') });
   * ```
   */
  async revoke(serial: string | bigint, reason: RevocationReason = 'unspecified', options: { invalidityDate?: Date; principal?: string } = {}): Promise<CertificateRecord> {
    const s = canonicalSerial(serial);
    if (!_REASONS.includes(reason)) throw new CaError('invalid-reason', `'${String(reason)}' is not a revocation reason this CA uses; use one of ${_REASONS.join(', ')}`);
    const inv = options.invalidityDate;
    if (inv !== undefined && (!(inv instanceof Date) || Number.isNaN(inv.getTime()))) throw new TypeError('invalidityDate must be a valid Date');
    const now = this.#now();
    if (inv !== undefined && inv > now) throw new RangeError('invalidityDate is in the future; it is when the key was (suspected to be) compromised (RFC 5280 §5.3.2)');
    return this.store.revoke(
      s,
      { date: now.toISOString(), reason, ...(inv !== undefined ? { invalidityDate: new Date(Math.floor(inv.getTime() / 1000) * 1000).toISOString() } : {}) },
      { audit: { time: now.toISOString(), action: 'revoke', principal: options.principal ?? 'cli', serial: s, code: reason } },
    );
  }

  /**
   * The status of a serial now (or at `at`).
   * @example
   * ```ts
   * (await ca.status(serial)).status // 'active' | 'revoked' | 'expired' | 'unknown'
   * ```
   */
  async status(serial: string | bigint, at?: Date): Promise<CertificateStatus> {
    const s = canonicalSerial(serial);
    const r = await this.store.get(s);
    if (r === undefined) return { status: 'unknown', serial: s };
    return { status: _statusOf(r, at ?? this.#now()), serial: s, record: r };
  }

  /**
   * The inventory, oldest first, optionally only one status.
   * @example
   * ```ts
   * for (const r of await ca.list({ status: 'revoked' })) console.log(r.serial, r.revocation?.reason);
   * ```
   */
  async list(options: { status?: 'active' | 'revoked' | 'expired'; at?: Date } = {}): Promise<CertificateRecord[]> {
    const at = options.at ?? this.#now();
    const all = await this.store.list();
    all.sort((a, b) => a.issuedAt.localeCompare(b.issuedAt) || a.serial.localeCompare(b.serial));
    return options.status === undefined ? all : all.filter((r) => _statusOf(r, at) === options.status);
  }

  /**
   * Signs and publishes a complete CRL (RFC 5280 §5) listing every revoked certificate, with the
   * store's next cRLNumber (monotonically increasing, §5.2.3) and the CA's key identifier.
   * @param options `nextUpdate` (default thisUpdate + `days`, default 7 days); `principal` for the audit log (default `cli`)
   * @example
   * ```ts
   * const crl = await ca.generateCrl({ days: 1 });
   * getExtension(crl, crlNumberCodec); crlToPem(crl);
   * ```
   */
  async generateCrl(options: { nextUpdate?: Date; days?: number; principal?: string } = {}): Promise<Crl> {
    const thisUpdate = this.#now();
    let nextUpdate: Date;
    if (options.nextUpdate !== undefined) {
      if (!(options.nextUpdate instanceof Date) || Number.isNaN(options.nextUpdate.getTime())) throw new TypeError('nextUpdate must be a valid Date');
      nextUpdate = options.nextUpdate;
      if (nextUpdate <= thisUpdate) throw new RangeError(`nextUpdate ${nextUpdate.toISOString()} is not after thisUpdate ${thisUpdate.toISOString()}`);
    } else {
      const days = options.days ?? 7;
      if (typeof days !== 'number' || !(days > 0)) throw new RangeError('days must be a positive number');
      nextUpdate = new Date(thisUpdate.getTime() + days * _DAY);
    }
    // The number is taken before the revocations are read: every revocation that completed
    // before a cRLNumber was handed out is then in that CRL and in every higher-numbered one
    // (read the other way round, a concurrent CRL could get a higher number and miss one).
    const number = await this.store.nextCrlNumber();
    const entries: RevokedEntryInput[] = [];
    // Streamed: the store yields serial + revocation only, never every certificate record.
    for await (const r of this.store.revokedEntries()) {
      entries.push({
        serial: BigInt('0x' + r.serial),
        revocationDate: new Date(r.revocation.date),
        reason: r.revocation.reason,
        ...(r.revocation.invalidityDate !== undefined ? { invalidityDate: new Date(r.revocation.invalidityDate) } : {}),
      });
    }
    const crl = await CrlBuilder.create().thisUpdate(thisUpdate).nextUpdate(nextUpdate).crlNumber(number).revokeAll(entries).sign(this.#signer, { issuerCertificate: this.certificate });
    await this.store.saveCrl(
      { number, thisUpdate: thisUpdate.toISOString(), der: crl.raw.slice() },
      {
        audit: {
          time: thisUpdate.toISOString(),
          action: 'crl',
          principal: options.principal ?? 'cli',
          code: `crl-${number}`,
          message: `CRL ${number} with ${entries.length} entries, nextUpdate ${nextUpdate.toISOString()}`,
        },
      },
    );
    return crl;
  }
}

function _statusOf(r: CertificateRecord, at: Date): 'active' | 'revoked' | 'expired' {
  if (r.revocation !== undefined) return 'revoked';
  return Date.parse(r.notAfter) < at.getTime() ? 'expired' : 'active';
}
