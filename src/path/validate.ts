/**
 * RFC 5280 §6.1 basic path validation of one ordered path, and the options every entry point
 * shares.
 *
 * Scope: the options (time, profile, purposes, identities, depth, policy inputs, signature
 * policy, revocation, budgets), trust anchors (certificates, or name + key), and
 * {@link _validateChain}: §6.1.2 initialisation, §6.1.3 per certificate, §6.1.4 preparation for
 * the next, §6.1.5 wrap-up, the profile rules of `profiles.ts`, extended key usage, key usage
 * and the identity checks of `hostname.ts`. Signatures are checked by the caller (the path
 * builder verifies each link once) unless asked here. Non-goals: finding the path
 * (`build.ts`), revocation (`revocation.ts`).
 *
 * A trust anchor given as a certificate contributes what the certificate says, as
 * pyca/cryptography, Go and OpenSSL do: its validity period, its nameConstraints, its
 * pathLenConstraint, and the profile's rules for anchors. RFC 5280 §6.1.1 (d) leaves the use of
 * such "trust anchor information" to the implementation.
 * @module
 */
import { CertkitError } from '../der/index';
import type { PublicKey } from '../keys/index';
import { parsePublicKey } from '../keys/index';
import { verifySignature, verifySignatureSync, type VerifyBackend, type VerifyPolicy } from '../sig/index';
import { _keyRefusal, Budget, signatureCost, type BudgetLimits } from './budget';
import { _checkPathRevocation } from './revocation';
import type { OnlineRevocationChecker, RevocationCheck } from './online-revocation';
import { ValidationError, type ValidationErrorCode } from './errors';
import { matchesEmail, matchesHostname } from './hostname';
import { _checkNameConstraints, _constrainedNames } from './name-constraints';
import { _PolicyState, type PolicyInputs } from './policy';
import { KEY_PURPOSES, _anchorRules, _commonNameRule, _intermediateRules, _leafRules, _purposeName, type Profile, type _RuleFailure } from './profiles';

export { KEY_PURPOSES };
import { _info, _publicKey, _signatureAlgorithm, type _Info } from './_cert-info';
import { Certificate, Crl, Name, parseCrl, type KeyUsage, type NameConstraints } from './_x509';
import { certificateFingerprint, nameCanonicalKey } from '../x509/index';

/** A trust anchor: a certificate, or a name and a key (RFC 5280 §6.1.1 (d)). */
export type TrustAnchor =
  | Certificate
  | {
      /** trust anchor name */
      readonly subject: Name;
      /** trust anchor public key: SubjectPublicKeyInfo DER or a parsed key */
      readonly publicKey: PublicKey | Uint8Array;
      /** optional constraints on the names below the anchor */
      readonly nameConstraints?: NameConstraints;
    };

/** Revocation checking with caller-supplied CRLs. */
export interface RevocationOptions {
  /**
   * `off`: no check. `prefer` (default when CRLs are given): a certificate listed on a usable CRL
   * fails; no usable CRL is fine. `require`: every certificate of the path needs a usable CRL
   * saying it is not revoked (revocation-unknown otherwise).
   */
  mode?: 'off' | 'prefer' | 'require';
  /** CRLs, complete and delta, parsed or as DER/PEM. */
  crls?: ReadonlyArray<Crl | Uint8Array | string>;
}

/** Options of path validation and building. */
export interface ValidationOptions {
  /** The trust anchors. Required. */
  anchors: readonly TrustAnchor[];
  /** Untrusted certificates that may complete the path (any order, may be unrelated). */
  intermediates?: readonly Certificate[];
  /** The validation time; default now. */
  time?: Date;
  /**
   * `rfc5280` or `webpki` (see `profiles.ts`). Default: `webpki` when `purposes` asks for
   * serverAuth or clientAuth (TLS), otherwise `rfc5280`.
   */
  profile?: Profile;
  /**
   * Extended key usages the end entity must allow: OIDs or names of {@link KEY_PURPOSES}. An end
   * entity without extKeyUsage allows every purpose under `rfc5280`; `webpki` requires the
   * extension. Default: none.
   */
  purposes?: readonly string[];
  /** keyUsage bits the end entity must have when it carries keyUsage (RFC 5280 §4.2.1.3). */
  keyUsage?: KeyUsage;
  /** A DNS name or IP address the end entity must be valid for (RFC 6125 / RFC 9525). */
  hostname?: string;
  /** Email addresses the end entity must name in rfc822Name SANs. */
  emails?: readonly string[];
  /** Most intermediates allowed (self-issued ones do not count). Default: no limit beyond the budget. */
  maxIntermediates?: number;
  /** The RFC 5280 §6.1.1 policy inputs. */
  policy?: PolicyInputs;
  /** Signature policy; default the keys layer's (RSA ≥ 2048, no MD5/SHA-1). */
  signaturePolicy?: VerifyPolicy;
  /** WebCrypto or pure verification for the async entry point (default `auto`). */
  backend?: VerifyBackend;
  /** Revocation with caller-supplied CRLs. Default: `prefer` when CRLs are given, else `off`. */
  revocation?: RevocationOptions;
  /** OCSP and CRL checks after the path is found (`verifyChain` only): stapled, given and fetched; see `online-revocation.ts`. */
  onlineRevocation?: OnlineRevocationChecker;
  /** Work budgets. */
  budget?: BudgetLimits;
  /**
   * Require every commonName of the end entity to copy one of its dNSName/iPAddress SANs
   * exactly (CA/B BR 7.1.4.3). Default `false` (an issuance rule clients do not enforce).
   */
  commonNameInSan?: boolean;
  /**
   * Enforce the RFC 5280 §4.2 rules that CAs MUST mark basicConstraints (in CA certificates),
   * nameConstraints (under `rfc5280`), policyConstraints and inhibitAnyPolicy critical. Default
   * `true`. NIST PKITS (2011) has valid paths that break them (its certificates test §6.1
   * processing, not issuance), so its runner turns this off.
   */
  strictCriticality?: boolean;
}

/** What a successful validation decided. */
export interface ValidationResult {
  /** The path, end entity first, ending with the anchor's certificate when it has one. */
  readonly chain: readonly Certificate[];
  /** The anchor the path ends at. */
  readonly anchor: TrustAnchor;
  /** The profile applied. */
  readonly profile: Profile;
  /**
   * The user-constrained policy set (RFC 5280 §6.1.6): the valid policies at the end entity;
   * `['2.5.29.32.0']` means any policy, `[]` that the path asserts none (the NULL tree).
   */
  readonly policies: readonly string[];
  /** The public key of the end entity (§6.1.6 working_public_key). */
  readonly publicKey: PublicKey;
  /** With `onlineRevocation`: which check answered for which certificate of the path. */
  readonly revocationChecks?: readonly RevocationCheck[];
}

/** A normalised trust anchor. */
export interface _Anchor {
  readonly input: TrustAnchor;
  readonly cert: Certificate | undefined;
  /** `undefined` for an anchor certificate whose subject does not decode (it can issue nothing). */
  readonly subject: Name | undefined;
  readonly subjectKey: string;
  readonly key: PublicKey | { error: unknown };
  readonly nameConstraints: NameConstraints | undefined;
}

/** The options of one call, checked and resolved. */
export interface _Ctx {
  readonly time: Date;
  readonly profile: Profile;
  readonly purposes: readonly string[];
  readonly keyUsage: KeyUsage;
  readonly hostname: string | undefined;
  readonly emails: readonly string[];
  readonly maxIntermediates: number;
  readonly policy: PolicyInputs;
  readonly sigPolicy: VerifyPolicy;
  readonly backend: VerifyBackend;
  readonly revocationMode: 'off' | 'prefer' | 'require';
  readonly crls: readonly Crl[];
  readonly budget: Budget;
  readonly anchors: readonly _Anchor[];
  readonly intermediates: readonly Certificate[];
  readonly commonNameInSan: boolean;
  readonly strictCriticality: boolean;
}

function _anchor(a: TrustAnchor, i: number): _Anchor {
  if (a instanceof Certificate) {
    const info = _info(a);
    let subject: Name | undefined;
    try {
      subject = a.subject;
    } catch {
      subject = undefined;
    }
    // An anchor certificate whose subject does not decode issues nothing: its key is one no issuer
    // name has (canonical keys start with '['), so that one malformed certificate in a trust store
    // does not make every validation throw.
    const subjectKey = subject === undefined ? `unusable anchor ${i}` : nameCanonicalKey(subject);
    return { input: a, cert: a, subject, subjectKey, key: _publicKey(a), nameConstraints: info.nameConstraints?.value };
  }
  if (a === null || typeof a !== 'object' || !(a.subject instanceof Name)) throw new TypeError(`anchors[${i}] must be a Certificate or { subject: Name, publicKey }`);
  let key: PublicKey | { error: unknown };
  try {
    key = a.publicKey instanceof Uint8Array ? parsePublicKey(a.publicKey) : a.publicKey;
  } catch (e) {
    key = { error: e };
  }
  return { input: a, cert: undefined, subject: a.subject, subjectKey: nameCanonicalKey(a.subject), key, nameConstraints: a.nameConstraints };
}

function _purposeOid(p: string): string {
  if (typeof p !== 'string') throw new TypeError('purposes must be strings (OIDs or names such as serverAuth)');
  const named = (KEY_PURPOSES as Record<string, string>)[p];
  if (named !== undefined) return named;
  if (!/^[0-2](\.\d+)+$/.test(p)) throw new RangeError(`unknown key purpose "${p}"; use a dotted OID or one of ${Object.keys(KEY_PURPOSES).join(', ')}`);
  return p;
}

/** Checks and resolves the options (TypeError / RangeError for bad ones). */
export function _resolve(options: ValidationOptions): _Ctx {
  if (options === null || typeof options !== 'object') throw new TypeError('validation options must be an object');
  if (!Array.isArray(options.anchors)) throw new TypeError('options.anchors must be an array of trust anchors');
  const time = options.time ?? new Date();
  if (!(time instanceof Date)) throw new TypeError('options.time must be a Date');
  if (Number.isNaN(time.getTime())) throw new RangeError('options.time is an invalid Date');
  const purposes = (options.purposes ?? []).map(_purposeOid);
  const tls = purposes.includes(KEY_PURPOSES.serverAuth) || purposes.includes(KEY_PURPOSES.clientAuth);
  const profile = options.profile ?? (tls ? 'webpki' : 'rfc5280');
  if (profile !== 'rfc5280' && profile !== 'webpki') throw new RangeError(`unknown profile "${String(profile)}"; use 'rfc5280' or 'webpki'`);
  const intermediates = options.intermediates ?? [];
  if (!Array.isArray(intermediates) || intermediates.some((c) => !(c instanceof Certificate))) throw new TypeError('options.intermediates must be an array of Certificate');
  const maxIntermediates = options.maxIntermediates ?? Infinity;
  if (typeof maxIntermediates !== 'number' || Number.isNaN(maxIntermediates) || maxIntermediates < 0) throw new RangeError('options.maxIntermediates must be a non-negative number');
  if (options.hostname !== undefined && typeof options.hostname !== 'string') throw new TypeError('options.hostname must be a string');
  const rev = options.revocation ?? {};
  const crls: Crl[] = [];
  (rev.crls ?? []).forEach((c, i) => {
    if (c instanceof Crl) crls.push(c);
    else if (c instanceof Uint8Array || typeof c === 'string') {
      try {
        crls.push(parseCrl(c));
      } catch {
        // An unparsable CRL is no CRL: with `require`, the certificates it was for stay unknown.
      }
    } else throw new TypeError(`revocation.crls[${i}] must be a Crl, DER bytes or PEM text`);
  });
  const mode = rev.mode ?? (crls.length > 0 ? 'prefer' : 'off');
  if (mode !== 'off' && mode !== 'prefer' && mode !== 'require') throw new RangeError(`unknown revocation mode "${String(mode)}"`);
  return {
    time,
    profile,
    purposes,
    keyUsage: options.keyUsage ?? [],
    hostname: options.hostname,
    emails: options.emails ?? [],
    maxIntermediates,
    policy: options.policy ?? {},
    sigPolicy: options.signaturePolicy ?? {},
    backend: options.backend ?? 'auto',
    revocationMode: mode,
    crls,
    budget: new Budget(options.budget),
    anchors: options.anchors.map(_anchor),
    intermediates,
    commonNameInSan: options.commonNameInSan === true,
    strictCriticality: options.strictCriticality !== false,
  };
}

function _err(code: ValidationErrorCode, message: string, chain: readonly Certificate[], index: number, cause?: unknown): ValidationError {
  const e = new ValidationError(code, message, { certIndex: index, certificate: chain[index], chain, cause });
  return e;
}

function _rule(f: _RuleFailure | undefined, chain: readonly Certificate[], index: number): void {
  if (f !== undefined) throw _err(f.code, f.message, chain, index);
}

function _checkTime(info: _Info, ctx: _Ctx, chain: readonly Certificate[], index: number, what: string): void {
  const t = ctx.time.getTime();
  const c = info.cert;
  // RFC 5280 §4.1.2.5: both ends inclusive.
  if (t < c.notBefore.getTime()) throw _err('not-yet-valid', `${what} is not valid before ${c.notBefore.toISOString()} (validation time ${ctx.time.toISOString()})`, chain, index);
  if (t > c.notAfter.getTime()) throw _err('expired', `${what} expired at ${c.notAfter.toISOString()} (validation time ${ctx.time.toISOString()})`, chain, index);
}

function _malformed(info: _Info, chain: readonly Certificate[], index: number, what: string): void {
  if (info.error !== undefined) {
    const e = info.error;
    const where = e instanceof CertkitError && e.path !== undefined ? ` at ${e.path}` : '';
    throw _err('malformed', `${what} cannot be used: ${(e as Error).message}${where}`, chain, index, e);
  }
}

/**
 * Verifies that `issuerKey` signed `cert` (RFC 5280 §6.1.3 (a)(1)), mapping signature-layer
 * errors to validation codes. Returns `undefined` when it verifies.
 */
export function _linkError(
  cert: Certificate,
  issuerKey: PublicKey | { error: unknown },
  ok: boolean | { error: unknown },
): { code: ValidationErrorCode; message: string; cause?: unknown } | undefined {
  if ('error' in issuerKey) return { code: 'unsupported-algorithm', message: `the issuer's public key cannot be used: ${(issuerKey.error as Error).message}`, cause: issuerKey.error };
  if (typeof ok === 'object') {
    const e = ok.error as CertkitError;
    const code: ValidationErrorCode =
      e.code === 'forbidden-algorithm' || e.code === 'weak-key'
        ? 'weak-algorithm'
        : e.code === 'unsupported-algorithm' || e.code === 'unsupported-by-backend' || e.code === 'malformed-public-key' || e.code === 'key-too-large'
          ? 'unsupported-algorithm'
          : 'bad-signature';
    return { code, message: `the signature cannot be verified: ${e.message}`, cause: e };
  }
  if (!ok) return { code: 'bad-signature', message: `the signature of ${cert.subject.toString() || 'the certificate'} does not verify with its issuer's key` };
  return undefined;
}

/** A signature check a path procedure needs answered: did `key` sign `cert`? */
export interface _SigRequest {
  readonly cert: Certificate;
  readonly key: PublicKey | { error: unknown };
}

/** The answer: the verdict, or the typed error the verification raised. */
export type _SigAnswer = boolean | { error: unknown };

/**
 * Asynchronous link verification (WebCrypto where the runtime has the algorithm, else the pure
 * path): the same answers as {@link _verifyLinkSync}.
 */
export async function _verifyLinkAsync(cert: Certificate, issuerKey: PublicKey | { error: unknown }, policy: VerifyPolicy, backend: VerifyBackend): Promise<_SigAnswer> {
  if ('error' in issuerKey) return { error: issuerKey.error };
  const alg = _signatureAlgorithm(cert);
  if ('error' in alg) return { error: alg.error };
  try {
    return await verifySignature(issuerKey, alg, cert.rawTbs, cert.rawSignatureValue, { ...policy, backend, lenient: policy.lenient ?? cert.lenient });
  } catch (e) {
    if (e instanceof CertkitError) return { error: e };
    throw e;
  }
}

/** Synchronous link verification (pure path). */
export function _verifyLinkSync(cert: Certificate, issuerKey: PublicKey | { error: unknown }, policy: VerifyPolicy): boolean | { error: unknown } {
  if ('error' in issuerKey) return { error: issuerKey.error };
  const alg = _signatureAlgorithm(cert);
  if ('error' in alg) return { error: alg.error };
  try {
    return verifySignatureSync(issuerKey, alg, cert.rawTbs, cert.rawSignatureValue, { ...policy, lenient: policy.lenient ?? cert.lenient });
  } catch (e) {
    if (e instanceof CertkitError) return { error: e };
    throw e;
  }
}

/**
 * RFC 5280 §6.1 on one path whose links were already verified: `chain` is end entity first and
 * holds no anchor; `anchor` issued `chain[chain.length - 1]`.
 * @throws ValidationError with the index of the certificate concerned (the anchor's certificate
 * is index `chain.length`).
 */
export function _validateChain(certs: readonly Certificate[], anchor: _Anchor, ctx: _Ctx): ValidationResult {
  const n = certs.length;
  const chain = anchor.cert === undefined ? certs : [...certs, anchor.cert];
  const profile = ctx.profile;
  // §6.1.2 (k): max_path_length starts at n.
  let maxPathLength = n;
  const constraints: NameConstraints[] = [];
  // The anchor certificate's own information (see the module comment).
  if (anchor.cert !== undefined) {
    const ai = _info(anchor.cert);
    _malformed(ai, chain, n, 'the trust anchor certificate');
    _checkTime(ai, ctx, chain, n, 'the trust anchor certificate');
    _rule(_anchorRules(ai, profile, ctx.strictCriticality), chain, n);
    if (ai.unknownCritical !== undefined) throw _err('unknown-critical-extension', `the trust anchor has a critical extension certkit does not process (${ai.unknownCritical})`, chain, n);
    const pl = ai.basicConstraints?.value.pathLenConstraint;
    if (pl !== undefined && pl < maxPathLength) maxPathLength = pl;
  }
  if (anchor.nameConstraints !== undefined) constraints.push(anchor.nameConstraints);
  const policy = new _PolicyState(n, ctx.policy);
  let nonSelfIssuedIntermediates = 0;
  for (let i = 1; i <= n; i++) {
    const idx = n - i;
    const cert = certs[idx]!;
    const info = _info(cert);
    const last = i === n;
    const what = last ? 'the end-entity certificate' : `intermediate ${cert.subject.toString()}`;
    _malformed(info, chain, idx, what);
    // §6.1.3 (a)(2)
    _checkTime(info, ctx, chain, idx, what);
    _rule(last ? _leafRules(info, profile, ctx.purposes, ctx.strictCriticality) : _intermediateRules(info, profile, ctx.purposes, ctx.strictCriticality), chain, idx);
    // §6.1.3 (b), (c): not for self-issued intermediates.
    if (constraints.length > 0 && (last || !info.selfIssued)) {
      const names = _constrainedNames(cert.subject, info.subjectAltName?.value);
      for (const nc of constraints) {
        const why = _checkNameConstraints(names, nc, ctx.budget);
        if (why !== undefined) throw _err('name-constraints', `${what} violates a name constraint: ${why} (RFC 5280 §6.1.3 (b)/(c))`, chain, idx);
      }
    }
    // §6.1.3 (d)-(f)
    const pe = policy.processCertificate(i, info);
    if (pe !== undefined) throw _err('policy', pe, chain, idx);
    if (!last) {
      // §6.1.4 (a), (b), (h)-(j)
      const pm = policy.prepareNext(i, info);
      if (pm !== undefined) throw _err('policy', pm, chain, idx);
      // §6.1.4 (g)
      if (info.nameConstraints !== undefined) constraints.push(info.nameConstraints.value);
      // §6.1.4 (k): v3 with basicConstraints cA; v1/v2 certificates cannot be shown to be CAs.
      if (info.basicConstraints?.value.cA !== true) {
        throw _err('not-a-ca', `${what} issued a certificate but is not a CA (basicConstraints cA TRUE missing; RFC 5280 §6.1.4 (k))`, chain, idx);
      }
      // §6.1.4 (l), (m)
      if (!info.selfIssued) {
        if (maxPathLength <= 0) throw _err('path-length', `${what} exceeds the pathLenConstraint of a CA above it (RFC 5280 §6.1.4 (l))`, chain, idx);
        maxPathLength--;
        nonSelfIssuedIntermediates++;
      }
      const pl = info.basicConstraints.value.pathLenConstraint;
      if (pl !== undefined && pl < maxPathLength) maxPathLength = pl;
      // §6.1.4 (n)
      if (info.keyUsage !== undefined && !info.keyUsage.value.includes('keyCertSign')) {
        throw _err('key-usage', `${what} issued a certificate but its keyUsage lacks keyCertSign (RFC 5280 §6.1.4 (n))`, chain, idx);
      }
      // §6.1.4 (o)
      if (info.unknownCritical !== undefined)
        throw _err('unknown-critical-extension', `${what} has a critical extension certkit does not process (${info.unknownCritical}; RFC 5280 §6.1.4 (o))`, chain, idx);
    } else {
      // §6.1.5 (f)
      if (info.unknownCritical !== undefined)
        throw _err('unknown-critical-extension', `${what} has a critical extension certkit does not process (${info.unknownCritical}; RFC 5280 §6.1.5 (f))`, chain, idx);
    }
  }
  if (nonSelfIssuedIntermediates > ctx.maxIntermediates) {
    throw _err('max-depth', `the path has ${nonSelfIssuedIntermediates} intermediates; at most ${ctx.maxIntermediates} are allowed`, chain, 0);
  }
  const leafInfo = _info(certs[0]!);
  // §6.1.5 (g)
  const pr = policy.wrapUp(leafInfo);
  if ('error' in pr) throw _err('policy', pr.error, chain, 0);
  _leafUse(leafInfo, ctx, chain);
  const key = _publicKey(certs[0]!);
  if ('error' in key) throw _err('unsupported-algorithm', `the end entity's public key cannot be used: ${(key.error as Error).message}`, chain, 0, key.error);
  return { chain, anchor: anchor.input, profile, policies: pr.policies, publicKey: key };
}

/** Purposes, key usage and identities of the end entity. */
function _leafUse(info: _Info, ctx: _Ctx, chain: readonly Certificate[]): void {
  const eku = info.extKeyUsage?.value;
  if (eku !== undefined) {
    for (const p of ctx.purposes) {
      // RFC 5280 §4.2.1.12: anyExtendedKeyUsage allows any purpose; the web PKI does not honour it.
      const ok = eku.includes(p) || (ctx.profile === 'rfc5280' && eku.includes('2.5.29.37.0'));
      if (!ok) throw _err('extended-key-usage', `the end-entity certificate's extKeyUsage does not allow ${_purposeName(p)} (it allows ${eku.map(_purposeName).join(', ')})`, chain, 0);
    }
  }
  const ku = info.keyUsage?.value;
  if (ku !== undefined) {
    for (const b of ctx.keyUsage) if (!ku.includes(b)) throw _err('key-usage', `the end-entity certificate's keyUsage lacks ${b}`, chain, 0);
  }
  if (ctx.hostname !== undefined && !matchesHostname(info.cert, ctx.hostname)) {
    throw _err('hostname-mismatch', `the end-entity certificate is not valid for ${ctx.hostname} (its subjectAltName does not name it; RFC 6125 §6)`, chain, 0);
  }
  for (const e of ctx.emails) {
    if (!matchesEmail(info.cert, e)) throw _err('hostname-mismatch', `the end-entity certificate does not name the email address ${e}`, chain, 0);
  }
  // Last, so that every other reason is reported first.
  if (ctx.commonNameInSan) _rule(_commonNameRule(info), chain, 0);
}

/**
 * Validates one given path (RFC 5280 §6.1) without building: `chain` is the end entity first,
 * then each issuer in order; the last certificate must be issued by one of `options.anchors`
 * (or be one of them). Every signature is verified here, with WebCrypto where the runtime has
 * the algorithm (else on noble); revocation is checked with the CRLs given (CRL signers other
 * than the issuer are not searched for: use `verifyChain` for indirect CRLs). The same answers
 * as {@link validatePathSync}.
 *
 * @throws (rejects with) ValidationError with `code`, `certIndex` (0 = end entity) and
 * `certificate`; TypeError / RangeError for bad options.
 * @example
 * ```ts
 * const r = await validatePath([leaf, intermediate], { anchors: [root], time: new Date('2025-01-01') });
 * r.policies // ['2.5.29.32.0']
 * ```
 */
export async function validatePath(chain: readonly Certificate[], options: ValidationOptions): Promise<ValidationResult> {
  const ctx = _startPath(chain, options);
  const g = _validatePathSteps(chain, ctx);
  let step = g.next(undefined as unknown as _SigAnswer);
  while (!step.done) step = g.next(await _verifyLinkAsync(step.value.cert, step.value.key, ctx.sigPolicy, ctx.backend));
  return step.value;
}

/**
 * Validates one given path (RFC 5280 §6.1) without building, synchronously, with the pure-JS
 * verifier: the twin of {@link validatePath}, with the same answers. `chain` is the end entity
 * first, then each issuer in order; the last certificate must be issued by one of
 * `options.anchors` (or be one of them).
 *
 * @throws ValidationError with `code`, `certIndex` (0 = end entity) and `certificate`.
 * @throws TypeError / RangeError for bad options.
 * @example
 * ```ts
 * const r = validatePathSync([leaf, intermediate], { anchors: [root], time: new Date('2025-01-01') });
 * r.policies // ['2.5.29.32.0']
 * ```
 */
export function validatePathSync(chain: readonly Certificate[], options: ValidationOptions): ValidationResult {
  const ctx = _startPath(chain, options);
  const g = _validatePathSteps(chain, ctx);
  let step = g.next(undefined as unknown as _SigAnswer);
  while (!step.done) step = g.next(_verifyLinkSync(step.value.cert, step.value.key, ctx.sigPolicy));
  return step.value;
}

/** Checks the arguments of {@link validatePath} (throwing TypeError / RangeError) and resolves the options. */
function _startPath(chain: readonly Certificate[], options: ValidationOptions): _Ctx {
  if (!Array.isArray(chain) || chain.length === 0 || chain.some((c) => !(c instanceof Certificate))) throw new TypeError('validatePath expects a non-empty array of Certificate');
  return _resolve(options);
}

/** The procedure of {@link validatePath}, yielding each signature check it needs. */
function* _validatePathSteps(chain: readonly Certificate[], ctx: _Ctx): Generator<_SigRequest, ValidationResult, _SigAnswer> {
  let certs = chain.slice();
  // The path may end with the anchor certificate itself.
  const lastCert = certs[certs.length - 1]!;
  let anchor = ctx.anchors.find((a) => a.cert !== undefined && a.cert.raw.length === lastCert.raw.length && certificateFingerprint(a.cert) === certificateFingerprint(lastCert));
  if (anchor !== undefined && certs.length > 1) certs = certs.slice(0, -1);
  else anchor = undefined;
  const top = certs[certs.length - 1]!;
  const topInfo = _info(top);
  let firstError: ValidationError | undefined;
  for (const a of anchor !== undefined ? [anchor] : ctx.anchors) {
    if (a.subjectKey !== topInfo.issuerKey) continue;
    try {
      for (let i = 0; i < certs.length; i++) {
        const issuerKey = i + 1 < certs.length ? _publicKey(certs[i + 1]!) : a.key;
        const refused = 'error' in issuerKey ? undefined : _keyRefusal(issuerKey, ctx.profile);
        if (refused === undefined && !('error' in issuerKey)) ctx.budget.spendSignature(signatureCost(issuerKey));
        const le = _linkError(certs[i]!, issuerKey, refused !== undefined ? { error: refused } : yield { cert: certs[i]!, key: issuerKey });
        if (le !== undefined) throw _err(le.code, le.message, a.cert ? [...certs, a.cert] : certs, i, le.cause);
        if (i + 1 < certs.length && _info(certs[i]!).issuerKey !== _info(certs[i + 1]!).subjectKey) {
          throw _err('unknown-issuer', `certificate ${i}'s issuer name is not the subject of certificate ${i + 1}`, certs, i);
        }
      }
      const r = _validateChain(certs, a, ctx);
      _checkPathRevocation(certs, a, ctx, () => []);
      return r;
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      firstError ??= e;
    }
  }
  throw firstError ?? new ValidationError('unknown-issuer', 'no trust anchor issued the last certificate of the path', { certIndex: certs.length - 1, certificate: top, chain: certs });
}

/** The anyPolicy OID, re-exported for callers building policy inputs. */
