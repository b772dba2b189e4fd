/**
 * The certificate authority: issuance from CSRs under a profile, revocation, status, inventory,
 * CRLs, and a root → intermediate hierarchy in one call.
 *
 * Scope: {@link CertificateAuthority} (a CA certificate, its `Signer` and a {@link CaStore}) and
 * {@link createHierarchy}. Issuance verifies the request's self-signature (RFC 2986 §3), lints
 * it under the profile's linter profile, applies the profile (keys, names, validity, the
 * extensions it fixes and the ones it copies), reserves a fresh random serial in the store
 * *before* signing (so a serial is never used twice, even across crashes), signs, commits the
 * record atomically and returns the certificate with its chain. Revocation and CRLs follow
 * RFC 5280 §5 (monotonic cRLNumber from the store, reason codes, invalidity dates).
 *
 * Runtime-neutral: web standards only; the file-system store is in `src/cli/`. Non-goals: OCSP,
 * ACME, validating that the requester controls the names (a registration authority's job),
 * certificateHold / unrevocation.
 * @module
 */
import { bytesEqual } from '../der/index';
import { checkDnsName, lintCsr, parseCsr, verifyCsr, Csr, CsrBuilder, type LintFinding } from '../csr/index';
import { CrlBuilder, type Crl, type RevokedEntryInput } from '../crl/index';
import { generateKeyPair, type KeyPairAlgorithm, type PrivateKey } from '../keys/index';
import { EXTENSION, ACCESS_METHOD } from '../oid/index';
import { signerFromPrivateKey, type Signer } from '../sig/index';
import {
  CertificateBuilder, Certificate, Name, attributeTypeOid, authorityInfoAccessCodec, certificatePoliciesCodec,
  crlDistributionPointsCodec, decodeBasicConstraints, decodeExtKeyUsage, decodeKeyUsage, dns, email, formatIpAddress,
  ip, uri, type AccessDescription, type CrlReason, type GeneralName, type KeyUsage, type NameInit, nameFrom, nameFromAttributes, parseNameString,
} from '../x509/index';
import { CaError, type IssuanceFinding } from './errors';
import { BUILTIN_PROFILES, defineProfile, keyAllowed, _purposeOid, type CertificateProfile, type SanKind } from './profiles';
import { _issueWithGeneratedKey, type IssueWithGeneratedKeyOptions, type IssueWithGeneratedKeyResult } from './server-keygen';
import { MemoryCaStore, _isActive, canonicalSerial, type CaStore, type CertificateRecord } from './store';
import { basicConstraintsCodec, getExtension, keyUsageCodec } from '../x509/index';
import { csrPublicKey } from '../csr/index';
import { subjectAltNameCodec } from '../x509/index';

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

const _REASONS: readonly RevocationReason[] = [
  'unspecified', 'keyCompromise', 'cACompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation',
  'privilegeWithdrawn', 'aACompromise',
];

/**
 * The CA's serial generator: 16 octets from the CSPRNG with the top bit cleared and a non-zero
 * first octet, so every serial is positive, 16 octets long and carries 127 bits of randomness
 * (RFC 5280 §4.1.2.2: positive, at most 20 octets; CA/B BR §7.1: at least 64 bits of CSPRNG
 * output). Returned in canonical form (lower-case hex without leading zeros).
 * @example
 * ```ts
 * generateSerial().length // 31 or 32
 * ```
 */
export function generateSerial(random: (length: number) => Uint8Array = _defaultRandom): string {
  const b = random(16);
  if (!(b instanceof Uint8Array) || b.length !== 16) throw new TypeError('random(16) must return 16 bytes');
  let hex = '';
  for (let i = 0; i < 16; i++) {
    let v = b[i]!;
    if (i === 0) {
      v &= 0x7f;
      if (v === 0) v = 0x01; // keep 16 octets (the serial never shrinks)
    }
    hex += v.toString(16).padStart(2, '0');
  }
  return canonicalSerial(hex); // '0f...' is 'f...' in canonical form
}

function _defaultRandom(n: number): Uint8Array {
  const c = globalThis.crypto;
  if (c === undefined || typeof c.getRandomValues !== 'function') throw new TypeError('serial numbers need globalThis.crypto.getRandomValues (or pass random)');
  return c.getRandomValues(new Uint8Array(n));
}

/** `DNS:x`, `IP:x`, `email:x`, `URI:x`, as records and the CLI show names. */
export function _sanText(g: GeneralName): string {
  switch (g.type) {
    case 'dns': return `DNS:${g.value}`;
    case 'ip': return `IP:${formatIpAddress(g.value)}`;
    case 'email': return `email:${g.value}`;
    case 'uri': return `URI:${g.value}`;
    case 'dn': return `DirName:${g.value.toString()}`;
    case 'registeredId': return `RID:${g.value}`;
    default: return g.type;
  }
}

function _sanKind(g: GeneralName): SanKind | undefined {
  return g.type === 'dns' || g.type === 'ip' || g.type === 'email' || g.type === 'uri' ? g.type : undefined;
}

function _toGeneralName(v: GeneralName | string): GeneralName {
  if (typeof v === 'string') {
    // `DNS:x`, `IP:x`, `email:x`, `URI:x` as the CLI writes them; bare: an IP literal or a DNS name.
    const m = /^(DNS|IP|email|URI):(.*)$/i.exec(v);
    if (m) {
      const kind = m[1]!.toLowerCase();
      return kind === 'dns' ? dns(m[2]!) : kind === 'ip' ? ip(m[2]!) : kind === 'email' ? email(m[2]!) : uri(m[2]!);
    }
    if (/^[0-9.]+$/.test(v) || v.includes(':')) return ip(v);
    if (v.includes('@')) return email(v);
    return dns(v);
  }
  if (v !== null && typeof v === 'object' && typeof (v as { type?: unknown }).type === 'string') return v;
  throw new TypeError('extraSans holds GeneralNames (dns(), ip(), email(), uri()) or strings');
}

function _toName(v: unknown): Name {
  if (v instanceof Name) return v;
  if (typeof v === 'string') return parseNameString(v);
  if (v !== null && typeof v === 'object') return nameFrom(v as NameInit);
  throw new TypeError('subjectOverride expects a Name, an object such as { CN: "x" } or an RFC 4514 string');
}

function _sameSan(a: GeneralName, b: GeneralName): boolean {
  if (a.type !== b.type) return false;
  if (a.type === 'ip' && b.type === 'ip') return bytesEqual(a.value, b.value);
  if ((a.type === 'dns' || a.type === 'email') && a.type === b.type) return a.value.toLowerCase() === (b.value as string).toLowerCase();
  if (a.type === 'uri' && b.type === 'uri') return a.value === b.value;
  return false;
}

function _sorted(findings: IssuanceFinding[]): IssuanceFinding[] {
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return findings.map((f, i) => ({ f, i })).sort((a, b) => rank[a.f.severity] - rank[b.f.severity] || a.i - b.i).map((x) => x.f);
}

function _refuse(findings: IssuanceFinding[]): never {
  const sorted = _sorted(findings);
  const errors = sorted.filter((f) => f.severity === 'error');
  const head = errors.slice(0, 3).map((f) => `${f.code}: ${f.message}`).join('; ');
  throw new CaError('issuance-refused', `issuance refused (${errors.length} error${errors.length === 1 ? '' : 's'}): ${head}${errors.length > 3 ? '; ...' : ''}`, { findings: sorted });
}

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
    if (options === null || typeof options !== 'object') throw new TypeError('issue() needs options { profile }');
    const profile = this.profile(options.profile);
    const req = csr instanceof Csr ? csr : parseCsr(csr as Uint8Array | string);
    const findings: IssuanceFinding[] = [];
    const add = (code: IssuanceFinding['code'], severity: IssuanceFinding['severity'], field: string, message: string): void => {
      findings.push({ code, severity, field, message });
    };

    // RFC 2986 §3: the signature proves possession of the private key. Weak algorithms and
    // small keys have findings of their own, so the check itself accepts them.
    let popOk: boolean;
    try {
      popOk = await verifyCsr(req, { allowSha1: true, allowMd5: true, minRsaBits: 0 });
    } catch (e) {
      popOk = false;
      add('csr-signature-invalid', 'error', 'signature', `the request's signature cannot be checked: ${(e as Error).message}`);
    }
    if (!popOk) {
      if (findings.length === 0) add('csr-signature-invalid', 'error', 'signature', 'the request\'s self-signature does not verify with its public key: it was altered or signed with another key (RFC 2986 §3)');
      _refuse(findings);
    }

    // The linter, with the profile's severities.
    const lint: LintFinding[] = lintCsr(req, { profile: profile.lint });
    for (const f of lint) {
      if (f.code === 'signature-invalid') continue; // checked above
      const sev = profile.lintSeverity?.[f.code] ?? f.severity;
      if (sev === 'ignore') continue;
      findings.push({ ...f, severity: sev });
    }

    // Keys.
    let key;
    try {
      key = csrPublicKey(req);
    } catch {
      key = undefined; // the linter reported it
    }
    if (key !== undefined) {
      const why = keyAllowed(profile, key);
      if (why !== undefined) add('key-not-allowed', 'error', 'subjectPublicKeyInfo', why);
      if ([this.certificate, ...this.chain].some((c) => bytesEqual(c.rawSpki, key.spki))) {
        add('ca-key-reuse', 'error', 'subjectPublicKeyInfo', "the request is for a key of this CA (or of its issuers); a CA's key must certify nothing but the CA itself");
      }
    }

    // Subject.
    let subject: Name;
    if (options.subjectOverride !== undefined) {
      subject = _toName(options.subjectOverride);
      // The linter judged the request's subject, which is not used.
      for (let i = findings.length - 1; i >= 0; i--) if (findings[i]!.field.startsWith('subject.') && findings[i]!.code !== 'cn-not-in-san') findings.splice(i, 1);
    } else {
      try {
        subject = this.#copySubject(req.subject, profile, add);
      } catch {
        subject = nameFrom({}); // subject-unreadable is already an error finding
      }
    }
    if (profile.subject.requireCommonName && subject.commonName === undefined) {
      add('subject-missing-cn', 'error', 'subject.CN', `profile '${profile.name}' requires a commonName in the subject`);
    }

    // subjectAltName: the request's, then the operator's.
    const sans: GeneralName[] = [];
    let requestSans: readonly GeneralName[] = [];
    try {
      requestSans = getExtension(req, subjectAltNameCodec) ?? [];
    } catch {
      // extension-unreadable is already an error finding
    }
    const extra = (options.extraSans ?? []).map(_toGeneralName);
    extra.forEach((g, i) => {
      if (g.type === 'dns') for (const p of checkDnsName(g.value)) if (!(p.code === 'internal-name')) add(p.code as IssuanceFinding['code'], 'error', `extraSans[${i}]`, p.message);
    });
    for (const [i, g] of [...requestSans, ...extra].entries()) {
      const field = i < requestSans.length ? `extensions.subjectAltName[${i}]` : `extraSans[${i - requestSans.length}]`;
      const kind = _sanKind(g);
      if (kind === undefined || !profile.san.allowed.includes(kind)) {
        add('san-kind-not-allowed', 'error', field, `${_sanText(g)}: profile '${profile.name}' allows only ${profile.san.allowed.join(', ') || 'no'} subjectAltNames`);
        continue;
      }
      if (g.type === 'dns' && g.value.includes('*') && !profile.san.wildcards) {
        add('wildcard-not-allowed', 'error', field, `${g.value}: profile '${profile.name}' does not allow wildcard names`);
      }
      if (!sans.some((s) => _sameSan(s, g))) sans.push(g);
    }
    const maxSans = profile.san.max ?? 100;
    if (sans.length > maxSans) add('too-many-sans', 'error', 'extensions.subjectAltName', `${sans.length} names; profile '${profile.name}' allows at most ${maxSans}`);
    // Name rules the linter judged on the request alone, re-judged on the final names.
    if (sans.length > 0) {
      _drop(findings, (f) => f.code === 'san-missing' || f.code === 'subject-empty-no-san');
      if (sans.some((g) => g.type === 'email')) _drop(findings, (f) => f.code === 'email-san-missing');
    }
    const cn = subject.commonName;
    if (cn !== undefined && sans.some((g) => (g.type === 'dns' && g.value.toLowerCase() === cn.toLowerCase()) || (g.type === 'ip' && formatIpAddress(g.value) === cn))) {
      _drop(findings, (f) => f.code === 'cn-not-in-san');
    }
    if (profile.san.required && sans.length === 0 && !findings.some((f) => f.code === 'san-missing' || f.code === 'email-san-missing')) {
      add('san-required', 'error', 'extensions.subjectAltName', `profile '${profile.name}' requires a subjectAltName (${profile.san.allowed.join(', ')})`);
    }

    // keyUsage the profile gives this key (RFC 8813 §3, RFC 8410 §5: no encipherment bits for signature-only keys).
    const ku: KeyUsage = key !== undefined && key.algorithm !== 'RSA' ? profile.keyUsage.filter((b) => b !== 'keyEncipherment' && b !== 'dataEncipherment') : profile.keyUsage;
    const eku = profile.extKeyUsage?.map(_purposeOid);

    // Requested extensions other than subjectAltName.
    this.#requestedExtensions(req, profile, ku, eku, add);

    // RFC 5280 §4.2.1.9: a CA with pathLenConstraint n may have at most n CA certificates below
    // it, so a CA it certifies needs a pathLenConstraint below n (and none at all when n is 0).
    const myPathLen = getExtension(this.certificate, basicConstraintsCodec)?.pathLenConstraint;
    if (profile.ca !== undefined && myPathLen !== undefined) {
      if (myPathLen === 0) {
        add('path-length-exceeded', 'error', 'extensions.basicConstraints', `this CA's pathLenConstraint is 0: it may certify end entities only, not another CA`);
      } else if (profile.ca.pathLength === undefined || profile.ca.pathLength >= myPathLen) {
        add('path-length-exceeded', 'error', 'extensions.basicConstraints', `this CA's pathLenConstraint is ${myPathLen}: a CA it certifies needs a pathLenConstraint of at most ${myPathLen - 1} (profile '${profile.name}' gives ${profile.ca.pathLength ?? 'none'})`);
      }
    }

    // Validity.
    const now = this.#now();
    const { notBefore, notAfter } = this.#validity(options.validity, profile, now, add);

    if (findings.some((f) => f.severity === 'error')) _refuse(findings);

    const keyFingerprint = key!.fingerprint256();
    if (profile.uniqueKey) {
      const active = (await this.store.findByKey(keyFingerprint)).filter((r) => _isActive(r, now));
      if (active.length > 0) {
        add('duplicate-key', 'error', 'subjectPublicKeyInfo', `an active certificate (serial ${active[0]!.serial}) already certifies this key; profile '${profile.name}' needs a fresh key per certificate (revoke the old one first)`);
        _refuse(findings);
      }
    }

    // A serial claimed durably before signing: never handed out twice, even after a crash.
    let serial: string | undefined;
    for (let attempt = 0; attempt < 8 && serial === undefined; attempt++) {
      const s = generateSerial(this.#random);
      if (await this.store.reserveSerial(s)) serial = s;
    }
    if (serial === undefined) throw new CaError('serial-exhausted', 'eight fresh random serials in a row were already taken: the random number generator is broken; nothing was issued');

    let b = CertificateBuilder.create()
      .serialNumber(serial)
      .subject(subject)
      .publicKey(key!)
      .notBefore(notBefore)
      .notAfter(notAfter)
      .basicConstraints(profile.ca ? (profile.ca.pathLength === undefined ? { cA: true } : { cA: true, pathLenConstraint: profile.ca.pathLength }) : { cA: false })
      .keyUsage(ku);
    if (eku !== undefined) b = b.extKeyUsage([...eku]);
    if (sans.length > 0) b = b.subjectAltNames(...sans);
    if (profile.policies !== undefined && profile.policies.length > 0) b = b.extension(certificatePoliciesCodec, profile.policies);
    if (profile.crlDistributionPoints !== undefined && profile.crlDistributionPoints.length > 0) {
      b = b.extension(crlDistributionPointsCodec, [{ distributionPoint: { type: 'fullName', names: profile.crlDistributionPoints.map((u) => uri(u)) } }]);
    }
    const aia: AccessDescription[] = [
      ...(profile.authorityInfoAccess?.ocsp ?? []).map((u) => ({ method: ACCESS_METHOD.ocsp, location: uri(u) })),
      ...(profile.authorityInfoAccess?.caIssuers ?? []).map((u) => ({ method: ACCESS_METHOD.caIssuers, location: uri(u) })),
    ];
    if (aia.length > 0) b = b.extension(authorityInfoAccessCodec, aia);
    const certificate = await b.sign(this.#signer, { issuerCertificate: this.certificate, now });

    const record: CertificateRecord = {
      serial,
      profile: profile.name,
      subject: subject.toString(),
      sans: sans.map(_sanText),
      notBefore: certificate.notBefore.toISOString(),
      notAfter: certificate.notAfter.toISOString(),
      issuedAt: now.toISOString(),
      keyFingerprint,
      der: certificate.raw.slice(),
    };
    try {
      await this.store.commitIssuance(record, { uniqueKey: profile.uniqueKey, now });
    } catch (e) {
      if (e instanceof CaError && e.code === 'duplicate-key') {
        add('duplicate-key', 'error', 'subjectPublicKeyInfo', e.message);
        _refuse(findings);
      }
      throw e;
    }
    return {
      certificate,
      chain: [certificate, this.certificate, ...this.chain],
      serial,
      warnings: _sorted(findings),
      record,
    };
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

  #copySubject(requested: Name, profile: CertificateProfile, add: (code: IssuanceFinding['code'], s: IssuanceFinding['severity'], f: string, m: string) => void): Name {
    const copy = profile.subject.copy;
    if (copy === 'any') return requested;
    const allowed = new Set<string>();
    for (const n of copy) {
      try {
        allowed.add(attributeTypeOid(n));
      } catch {
        // an unknown name in a user profile copies nothing
      }
    }
    let dropped = false;
    const rdns = requested.rdns
      .map((rdn) => rdn.filter((a) => {
        if (allowed.has(a.type)) return true;
        dropped = true;
        add('subject-attribute-dropped', 'warning', `subject.${a.type}`, `the subject attribute ${a.type}${a.value === undefined ? '' : ` (${a.value})`} is not one profile '${profile.name}' copies (${copy.join(', ')}); it is left out`);
        return false;
      }))
      .filter((rdn) => rdn.length > 0);
    return dropped ? nameFromAttributes(rdns) : requested;
  }

  #requestedExtensions(
    req: Csr,
    profile: CertificateProfile,
    ku: KeyUsage,
    eku: readonly string[] | undefined,
    add: (code: IssuanceFinding['code'], s: IssuanceFinding['severity'], f: string, m: string) => void,
  ): void {
    const refuse = profile.requestedExtensions === 'refuse';
    const code = refuse ? 'request-extension-refused' : undefined;
    const sev = refuse ? 'error' : 'warning';
    for (const e of req.extensions) {
      const field = `extensions.${e.oid}`;
      try {
        switch (e.oid) {
          case EXTENSION.subjectAltName:
            break;
          case EXTENSION.subjectKeyIdentifier:
            // The CA computes the identifier itself (RFC 5280 §4.2.1.2); nothing to tell.
            break;
          case EXTENSION.keyUsage: {
            const want = decodeKeyUsage(e.value, e.valueOffset, req.lenient);
            const extra = want.filter((b) => !ku.includes(b));
            if (extra.length > 0) add(code ?? 'request-extension-overridden', sev, 'extensions.keyUsage', `the request asks for keyUsage ${extra.join(', ')}, which profile '${profile.name}' does not give (it sets ${ku.join(', ')})`);
            break;
          }
          case EXTENSION.extKeyUsage: {
            const want = decodeExtKeyUsage(e.value, e.valueOffset, req.lenient);
            const extra = want.filter((p) => !(eku ?? []).includes(p));
            if (extra.length > 0) add(code ?? 'request-extension-overridden', sev, 'extensions.extKeyUsage', `the request asks for extKeyUsage ${extra.join(', ')}, which profile '${profile.name}' does not give (it sets ${(eku ?? []).join(', ') || 'none'})`);
            break;
          }
          case EXTENSION.basicConstraints: {
            const want = decodeBasicConstraints(e.value, e.valueOffset, req.lenient);
            if (want.cA && profile.ca === undefined) add(code ?? 'request-extension-overridden', sev, 'extensions.basicConstraints', `the request asks for a CA certificate; profile '${profile.name}' issues end entities (cA FALSE)`);
            break;
          }
          default:
            add(code ?? 'request-extension-dropped', sev, field, `the requested extension ${e.oid} is not one profile '${profile.name}' copies; ${refuse ? 'the profile refuses such requests' : 'it is left out'}`);
        }
      } catch {
        // extension-unreadable is already an error finding from the linter
      }
    }
  }

  #validity(
    v: IssueOptions['validity'],
    profile: CertificateProfile,
    now: Date,
    add: (code: IssuanceFinding['code'], s: IssuanceFinding['severity'], f: string, m: string) => void,
  ): { notBefore: Date; notAfter: Date } {
    let notBefore = now;
    let notAfter: Date;
    const days = (d: unknown): number => {
      if (typeof d !== 'number' || !Number.isFinite(d)) throw new TypeError('validity days must be a number');
      if (!Number.isSafeInteger(d) || d <= 0) throw new RangeError(`validity must be a positive whole number of days, got ${d}`);
      return d;
    };
    if (v === undefined || typeof v === 'number') {
      notAfter = new Date(notBefore.getTime() + days(v ?? profile.validity.defaultDays) * _DAY - 1000);
    } else if (v !== null && typeof v === 'object') {
      if (v.notBefore !== undefined) {
        if (!(v.notBefore instanceof Date) || Number.isNaN(v.notBefore.getTime())) throw new TypeError('validity.notBefore must be a valid Date');
        notBefore = new Date(Math.floor(v.notBefore.getTime() / 1000) * 1000);
      }
      if (v.notAfter !== undefined) {
        if (v.days !== undefined) throw new TypeError('give validity.days or validity.notAfter, not both');
        if (!(v.notAfter instanceof Date) || Number.isNaN(v.notAfter.getTime())) throw new TypeError('validity.notAfter must be a valid Date');
        notAfter = new Date(Math.floor(v.notAfter.getTime() / 1000) * 1000);
        if (notAfter <= notBefore) throw new RangeError(`validity.notAfter ${notAfter.toISOString()} is not after notBefore ${notBefore.toISOString()}`);
      } else {
        notAfter = new Date(notBefore.getTime() + days(v.days ?? profile.validity.defaultDays) * _DAY - 1000);
      }
    } else {
      throw new TypeError('validity is a number of days or { days?, notBefore?, notAfter? }');
    }
    // RFC 5280 §4.1.2.5: both ends inclusive.
    const periodDays = (notAfter.getTime() - notBefore.getTime() + 1000) / _DAY;
    if (periodDays > profile.validity.maxDays) {
      add('validity-too-long', 'error', 'validity', `${Math.ceil(periodDays)} days asked; profile '${profile.name}' allows at most ${profile.validity.maxDays}`);
    }
    if (notAfter > this.certificate.notAfter) {
      add('outlives-issuer', 'error', 'validity', `notAfter ${notAfter.toISOString()} is after the CA certificate's notAfter ${this.certificate.notAfter.toISOString()}; a certificate cannot be valid longer than its issuer`);
    }
    return { notBefore, notAfter };
  }

  /**
   * Revokes a certificate this CA issued. The next CRL lists it.
   * @param serial hex (colons allowed) or a bigint
   * @param reason a CRL reason (RFC 5280 §5.3.1); `removeFromCRL` and `certificateHold` are not
   * used by this CA (no unrevocation; CA/B BR §7.2.2 forbids certificateHold)
   * @throws CaError `unknown-serial`, `already-revoked`, `invalid-reason`; RangeError for a bad serial.
   * @example
   * ```ts
   * await ca.revoke('5a3f...', 'keyCompromise', { invalidityDate: new Date('2025-01-01T00:00:00Z') });
   * ```
   */
  async revoke(serial: string | bigint, reason: RevocationReason = 'unspecified', options: { invalidityDate?: Date } = {}): Promise<CertificateRecord> {
    const s = canonicalSerial(serial);
    if (!_REASONS.includes(reason)) throw new CaError('invalid-reason', `'${String(reason)}' is not a revocation reason this CA uses; use one of ${_REASONS.join(', ')}`);
    const inv = options.invalidityDate;
    if (inv !== undefined && (!(inv instanceof Date) || Number.isNaN(inv.getTime()))) throw new TypeError('invalidityDate must be a valid Date');
    const now = this.#now();
    if (inv !== undefined && inv > now) throw new RangeError('invalidityDate is in the future; it is when the key was (suspected to be) compromised (RFC 5280 §5.3.2)');
    return this.store.revoke(s, {
      date: now.toISOString(),
      reason,
      ...(inv !== undefined ? { invalidityDate: new Date(Math.floor(inv.getTime() / 1000) * 1000).toISOString() } : {}),
    });
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
   * @param options `nextUpdate` (default thisUpdate + `days`, default 7 days)
   * @example
   * ```ts
   * const crl = await ca.generateCrl({ days: 1 });
   * getExtension(crl, crlNumberCodec); crlToPem(crl);
   * ```
   */
  async generateCrl(options: { nextUpdate?: Date; days?: number } = {}): Promise<Crl> {
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
    const entries: RevokedEntryInput[] = [];
    for (const r of await this.store.list()) {
      if (r.revocation === undefined) continue;
      entries.push({
        serial: BigInt('0x' + r.serial),
        revocationDate: new Date(r.revocation.date),
        reason: r.revocation.reason,
        ...(r.revocation.invalidityDate !== undefined ? { invalidityDate: new Date(r.revocation.invalidityDate) } : {}),
      });
    }
    const number = await this.store.nextCrlNumber();
    const crl = await CrlBuilder.create().thisUpdate(thisUpdate).nextUpdate(nextUpdate).crlNumber(number).revokeAll(entries)
      .sign(this.#signer, { issuerCertificate: this.certificate });
    await this.store.saveCrl({ number, thisUpdate: thisUpdate.toISOString(), der: crl.raw.slice() });
    return crl;
  }
}

function _drop(findings: IssuanceFinding[], pred: (f: IssuanceFinding) => boolean): void {
  for (let i = findings.length - 1; i >= 0; i--) if (pred(findings[i]!)) findings.splice(i, 1);
}

function _statusOf(r: CertificateRecord, at: Date): 'active' | 'revoked' | 'expired' {
  if (r.revocation !== undefined) return 'revoked';
  return Date.parse(r.notAfter) < at.getTime() ? 'expired' : 'active';
}

/**
 * One level of {@link createHierarchy}.
 * @example
 * ```ts
 * const root: HierarchyLevel = { subject: { CN: 'Example Root CA' }, keyType: 'P-384', validityDays: 3650 };
 * ```
 */
export interface HierarchyLevel {
  /** The CA's subject. */
  readonly subject: Name | NameInit | string;
  /** Its key (default: a new key of `keyType`). */
  readonly key?: PrivateKey;
  /** Type of the new key; default `P-256`. */
  readonly keyType?: KeyPairAlgorithm;
  /** Validity in days; default 3650 for the root, 1825 for the intermediate. */
  readonly validityDays?: number;
  /** Its store; default a new {@link MemoryCaStore}. */
  readonly store?: CaStore;
}

/**
 * What {@link createHierarchy} returns.
 * @example
 * ```ts
 * const { root, intermediate, rootKey } = await createHierarchy({ root: { subject: 'CN=Root' }, intermediate: { subject: 'CN=Issuing' } });
 * ```
 */
export interface Hierarchy {
  /** The root CA (self-signed); its store records the intermediate. */
  readonly root: CertificateAuthority;
  /** The issuing CA, certified by the root under `sub-ca`. */
  readonly intermediate: CertificateAuthority;
  /** The root's private key (keep it offline). */
  readonly rootKey: PrivateKey;
  /** The intermediate's private key. */
  readonly intermediateKey: PrivateKey;
}

/**
 * Sets up a root CA and an issuing intermediate in one call: a self-signed root
 * (basicConstraints cA, keyCertSign + cRLSign, both critical), and an intermediate whose CSR the
 * root issues under the `sub-ca` profile (pathLenConstraint 0), recorded in the root's store.
 *
 * @throws whatever key generation, signing or the stores throw; CaError `issuance-refused` when
 * the intermediate breaks `sub-ca` (e.g. it would outlive the root).
 * @example
 * ```ts
 * const { root, intermediate } = await createHierarchy({
 *   root: { subject: { CN: 'Example Root CA', O: 'Example' } },
 *   intermediate: { subject: { CN: 'Example Issuing CA', O: 'Example' } },
 * });
 * const leaf = await intermediate.issue(csr, { profile: 'tls-server' });
 * ```
 */
export async function createHierarchy(options: {
  root: HierarchyLevel;
  intermediate: HierarchyLevel;
  profiles?: readonly CertificateProfile[];
  clock?: () => Date;
  random?: (length: number) => Uint8Array;
}): Promise<Hierarchy> {
  if (options === null || typeof options !== 'object' || options.root === undefined || options.intermediate === undefined) {
    throw new TypeError('createHierarchy expects { root: { subject }, intermediate: { subject } }');
  }
  const clock = options.clock ?? (() => new Date());
  const now = new Date(Math.floor(clock().getTime() / 1000) * 1000);
  const rootKey = options.root.key ?? (await generateKeyPair(options.root.keyType ?? 'P-256')).privateKey;
  const interKey = options.intermediate.key ?? (await generateKeyPair(options.intermediate.keyType ?? 'P-256')).privateKey;
  const rootSigner = signerFromPrivateKey(rootKey);
  const rootDays = options.root.validityDays ?? 3650;
  const rootStore = options.root.store ?? new MemoryCaStore();
  // The root's own serial is claimed in its store like any other, so nothing it issues reuses it.
  let rootSerial = generateSerial(options.random);
  for (let i = 0; !(await rootStore.reserveSerial(rootSerial)); i++) {
    if (i >= 7) throw new CaError('serial-exhausted', 'eight fresh random serials in a row were already taken: the random number generator is broken');
    rootSerial = generateSerial(options.random);
  }
  const rootCert = await CertificateBuilder.selfSignedCa(options.root.subject)
    .serialNumber(rootSerial)
    .notBefore(now)
    .notAfter(new Date(now.getTime() + rootDays * _DAY - 1000))
    .sign(rootSigner, { now });
  const common = { clock, ...(options.random ? { random: options.random } : {}), ...(options.profiles ? { profiles: options.profiles } : {}) };
  const root = new CertificateAuthority({ certificate: rootCert, signer: rootSigner, store: rootStore, ...common });
  const csr = await CsrBuilder.create().subject(options.intermediate.subject).sign(signerFromPrivateKey(interKey));
  const issued = await root.issue(csr, { profile: 'sub-ca', validity: options.intermediate.validityDays ?? 1825 });
  const intermediate = new CertificateAuthority({
    certificate: issued.certificate,
    signer: signerFromPrivateKey(interKey),
    store: options.intermediate.store ?? new MemoryCaStore(),
    chain: [rootCert],
    ...common,
  });
  return { root, intermediate, rootKey, intermediateKey: interKey };
}
