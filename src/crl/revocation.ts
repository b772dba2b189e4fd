/**
 * A certificate's revocation status from CRLs: the CRL processing of RFC 5280 §6.3.3.
 *
 * Scope: {@link checkRevocation} (asynchronous: CRL signatures on WebCrypto where the runtime has
 * the algorithm) and its twin {@link checkRevocationSync} (synchronous, pure JS on noble) take a
 * certificate, the certificate of its issuer, a set of
 * CRLs (complete and delta, direct and indirect) and the validation time, and answers `good`,
 * `revoked` (with reason and date) or `unknown` (with why). It checks, for each distribution
 * point of the certificate (or the implied one of §6.3.3 when it has none): which CRLs are in
 * scope (issuer, indirect CRLs and their certificateIssuer entries, issuingDistributionPoint
 * names, user/CA/attribute-only scopes, onlySomeReasons), that each is fresh (thisUpdate ≤ time ≤
 * nextUpdate), that it is signed by a key certified for cRLSign, that it has no unknown critical
 * extension, and merges a delta CRL with its base (removeFromCRL honoured). The reason mask is
 * tracked so that CRLs partitioned by reason only give `good` once every reason is covered.
 *
 * CRL signers: the issuer certificate and any `crlIssuers` candidates the caller passes (indirect
 * CRL issuers, a CA's separate CRL-signing certificate or its previous key). Their own
 * certification paths are the caller's business (path validation validates them, RFC 5280
 * §6.3.3 (f)); here a candidate is used when its subject is the CRL's issuer name, its keyUsage
 * (when present) has cRLSign, and the CRL's signature verifies with its key.
 *
 * One decision procedure serves both forms: it is a generator that yields each CRL signature
 * check it needs (a `_CrlSigRequest`) and is driven by `verifyCrlSync` or `verifyCrl`, so the
 * two give the same answers by construction.
 *
 * Non-goals: fetching CRLs, OCSP, caching verified CRLs across calls, path validation.
 * @module
 */
import { bytesEqual } from '../der/index';
import { EXTENSION } from '../oid/index';
import type { VerifyPolicy } from '../sig/index';
import type { Certificate } from '../x509/index';
import {
  decodeBasicConstraints,
  decodeCrlDistributionPoints,
  decodeKeyUsage,
  REASON_FLAGS,
  type CrlReason,
  type DistributionPoint,
  type DistributionPointName,
  type IssuingDistributionPoint,
  type ReasonFlag,
  nameEquals,
  nameFromAttributes,
} from '../x509/index';
import { generalNamesEqual, type GeneralName } from '../x509/index';
import type { Name } from '../x509/index';
import { Crl, parseCrl } from './crl';
import type { RevokedCertificate } from './entries';
import { findRawExtension } from '../x509/index';
import { verifyCrl, verifyCrlSync } from './verify';
import { authorityKeyIdentifierCodec, crlNumberCodec, deltaCrlIndicatorCodec, getExtension, invalidityDateCodec, issuingDistributionPointCodec, reasonCodeCodec } from '../x509/index';
import { crlEntryIssuer, findCrlEntries } from './entries';
import { isDeltaCrl, isIndirectCrl } from './crl-info';

/** One CRL signature check the decision procedure asks its driver for. */
interface _CrlSigRequest {
  readonly crl: Crl;
  readonly signer: Certificate;
}

/** The driver's answer: the verdict, or what the verification threw. */
type _CrlSigAnswer = boolean | { readonly error: unknown };

type _Check<T> = Generator<_CrlSigRequest, T, _CrlSigAnswer>;

/** Why a status is `unknown`. */
export type RevocationUnknownCode =
  | 'no-crl' // no CRL in scope for this certificate
  | 'stale' // every CRL in scope is outside thisUpdate..nextUpdate at the validation time
  | 'bad-signature' // no certified cRLSign key verifies the CRL
  | 'no-crl-signer' // no candidate certificate has the CRL issuer's name
  | 'unknown-critical-extension' // RFC 5280 §5.2, §5.3: a CRL in scope has a critical CRL or entry extension certkit does not process, so it cannot be used
  | 'malformed' // the CRL does not parse, or an extension needed here does not decode
  | 'incomplete-reasons'; // the CRLs in scope do not cover every reason (onlySomeReasons)

/** The answer of {@link checkRevocation}. */
export type RevocationStatus =
  | {
      readonly status: 'good';
      /** The complete CRL(s) that were decisive. */
      readonly crls: readonly Crl[];
    }
  | {
      readonly status: 'revoked';
      /** reasonCode of the entry; `undefined` when absent (meaning unspecified). */
      readonly reason: CrlReason | undefined;
      /** `revocationDate` of the entry. */
      readonly revocationDate: Date;
      /** `invalidityDate` of the entry, when present. */
      readonly invalidityDate?: Date;
      /** The CRL (complete or delta) that lists it. */
      readonly crl: Crl;
      /** The entry. */
      readonly entry: RevokedCertificate;
    }
  | {
      readonly status: 'unknown';
      /** The most specific reason. */
      readonly code: RevocationUnknownCode;
      /** A sentence for people, listing what was wrong with each CRL considered. */
      readonly why: string;
    };

/** Options of {@link checkRevocation}. */
export interface CheckRevocationOptions {
  /** The validation time (required: certkit never reads the clock for you). */
  time: Date;
  /**
   * More certificates that may sign CRLs for this certificate: indirect CRL issuers, a separate
   * CRL-signing certificate of the CA, the CA's certificate for a previous key. Validate their
   * paths first (RFC 5280 §6.3.3 (f)); the issuer certificate is always a candidate.
   */
  crlIssuers?: readonly Certificate[];
  /** Use delta CRLs found among `crls` (RFC 5280 §6.3.3 (a)(2) "use-deltas"). Default `true`. */
  useDeltas?: boolean;
  /**
   * Treat a CRL without nextUpdate as stale. Default `false`: as OpenSSL, a CRL without
   * nextUpdate (which conforming issuers always include, §5.1.2.5) is taken as fresh once
   * thisUpdate ≤ time.
   */
  requireNextUpdate?: boolean;
  /** Signature policy (minimum RSA size, SHA-1, ...) for CRL signatures. */
  policy?: VerifyPolicy;
  /** Parse CRLs given as bytes or text leniently (see `ParseCrlOptions.lenient`). */
  lenient?: boolean;
}

const ALL_REASONS: readonly ReasonFlag[] = REASON_FLAGS.filter((r) => r !== 'unused');

/** The DP used when a certificate has no cRLDistributionPoints (§6.3.3, last paragraph). */
interface _Dp {
  readonly dp: DistributionPoint;
  readonly implied: boolean;
}

function _isCa(cert: Certificate): boolean {
  const x = findRawExtension(cert, EXTENSION.basicConstraints);
  if (x === undefined) return false;
  return decodeBasicConstraints(x.value, x.valueOffset, true).cA;
}

function _namesEqual(a: Name, aRaw: Uint8Array | undefined, b: Name, bRaw: Uint8Array | undefined): boolean {
  if (aRaw !== undefined && bRaw !== undefined && bytesEqual(aRaw, bRaw)) return true;
  return nameEquals(a, b);
}

/** A DistributionPointName as full GeneralNames (§6.3.3 (b)(2)(i): relative names joined to the issuer). */
function _fullNames(d: DistributionPointName, relativeTo: Name): readonly GeneralName[] {
  if (d.type === 'fullName') return d.names;
  return [{ type: 'dn', value: nameFromAttributes([...relativeTo.rdns, d.rdn]) }];
}

function _anyMatch(a: readonly GeneralName[], b: readonly GeneralName[]): boolean {
  for (const x of a) for (const y of b) if (generalNamesEqual(x, y)) return true;
  return false;
}

/** Whether `names` has a directoryName equal to `n`. */
function _hasDn(names: readonly GeneralName[], n: Name): boolean {
  return names.some((g) => g.type === 'dn' && nameEquals(g.value, n));
}

interface _Ctx {
  cert: Certificate;
  issuer: Certificate;
  time: number;
  opts: CheckRevocationOptions;
  problems: Array<{ code: RevocationUnknownCode; text: string }>;
  verified: Map<Crl, Certificate | null>;
  crls: ReadonlyArray<Crl | Uint8Array | string>;
}

function _note(ctx: _Ctx, code: RevocationUnknownCode, crl: Crl | undefined, text: string): void {
  const who = crl === undefined ? '' : `CRL from ${_safeIssuer(crl)} (thisUpdate ${crl.thisUpdate.toISOString()}): `;
  ctx.problems.push({ code, text: who + text });
}

function _safeIssuer(crl: Crl): string {
  try {
    return crl.issuer.toString();
  } catch {
    return '(malformed issuer)';
  }
}

/** §6.3.3 (a): thisUpdate ≤ time ≤ nextUpdate. */
function _fresh(ctx: _Ctx, crl: Crl): boolean {
  if (crl.thisUpdate.getTime() > ctx.time) {
    _note(ctx, 'stale', crl, 'thisUpdate is after the validation time');
    return false;
  }
  if (crl.nextUpdate === undefined) {
    if (ctx.opts.requireNextUpdate) {
      _note(ctx, 'stale', crl, 'no nextUpdate and requireNextUpdate is set');
      return false;
    }
    return true;
  }
  if (crl.nextUpdate.getTime() < ctx.time) {
    _note(ctx, 'stale', crl, `nextUpdate ${crl.nextUpdate.toISOString()} has passed`);
    return false;
  }
  return true;
}

/**
 * §6.3.3 (f), (g): a candidate whose subject is the CRL issuer, with cRLSign when keyUsage is
 * present, whose key verifies the CRL. Cached per CRL for the duration of one call.
 */
function* _signer(ctx: _Ctx, crl: Crl): _Check<Certificate | null> {
  if (ctx.verified.has(crl)) return ctx.verified.get(crl)!;
  const cands = [ctx.issuer, ...(ctx.opts.crlIssuers ?? [])];
  let found: Certificate | null = null;
  let sawName = false;
  let lastWhy = '';
  const aki = _tryAki(crl);
  // Prefer candidates whose subjectKeyIdentifier matches the CRL's authorityKeyIdentifier.
  const ordered = aki === undefined ? cands : [...cands].sort((a, b) => Number(_skiMatches(b, aki)) - Number(_skiMatches(a, aki)));
  for (const c of ordered) {
    let ok = false;
    try {
      ok = _namesEqual(c.subject, c.rawSubject, crl.issuer, crl.rawIssuer);
    } catch {
      ok = false;
    }
    if (!ok) continue;
    sawName = true;
    const ku = findRawExtension(c, EXTENSION.keyUsage);
    if (ku !== undefined) {
      let bits: readonly string[] = [];
      try {
        bits = decodeKeyUsage(ku.value, ku.valueOffset, true);
      } catch {
        bits = [];
      }
      if (!bits.includes('cRLSign')) {
        lastWhy = `the certificate of ${c.subject.toString()} does not assert cRLSign in keyUsage (RFC 5280 §4.2.1.3, §6.3.3 (f))`;
        continue;
      }
    }
    const ans = yield { crl, signer: c };
    if (ans === true) {
      found = c;
      break;
    }
    if (ans === false) lastWhy = 'the signature does not verify with the key of any candidate CRL issuer';
    else lastWhy = `the signature cannot be checked: ${(ans.error as Error).message}`;
  }
  if (found === null) {
    if (!sawName) _note(ctx, 'no-crl-signer', crl, 'no candidate certificate has the CRL issuer as subject (pass CRL signers in crlIssuers)');
    else _note(ctx, 'bad-signature', crl, lastWhy || 'the signature does not verify');
  }
  ctx.verified.set(crl, found);
  return found;
}

function _tryAki(crl: Crl): Uint8Array | undefined {
  try {
    return getExtension(crl, authorityKeyIdentifierCodec)?.keyIdentifier;
  } catch {
    return undefined;
  }
}

function _skiMatches(c: Certificate, aki: Uint8Array): boolean {
  const x = findRawExtension(c, EXTENSION.subjectKeyIdentifier);
  if (x === undefined) return false;
  // SubjectKeyIdentifier ::= OCTET STRING: compare the contents.
  const v = x.value;
  if (v.length < 2 || v[0] !== 0x04) return false;
  return bytesEqual(v.subarray(2), aki);
}

/**
 * §6.3.3 (b): is this complete CRL in scope for the certificate and this DP? Returns the
 * reasons it covers (interim_reasons_mask, (d)), or `undefined` when it is out of scope.
 */
function _scope(ctx: _Ctx, crl: Crl, d: _Dp, certIsCa: boolean): ReasonFlag[] | undefined {
  const cert = ctx.cert;
  let idp: IssuingDistributionPoint | undefined;
  try {
    idp = getExtension(crl, issuingDistributionPointCodec);
  } catch (e) {
    _note(ctx, 'malformed', crl, `issuingDistributionPoint does not decode: ${(e as Error).message}`);
    return undefined;
  }
  const crlIssuer = crl.issuer;
  const dp = d.dp;
  // (b)(1): the CRL issuer.
  if (dp.cRLIssuer !== undefined) {
    // An indirect CRL named by the DP's cRLIssuer.
    if (!idp?.indirectCRL || !_hasDn(dp.cRLIssuer, crlIssuer)) return undefined;
  } else if (!_namesEqual(crlIssuer, crl.rawIssuer, cert.issuer, cert.rawIssuer)) {
    return undefined;
  }
  // (b)(2): the issuing distribution point.
  if (idp !== undefined) {
    if (idp.distributionPoint !== undefined) {
      const idpNames = _fullNames(idp.distributionPoint, crlIssuer);
      if (dp.distributionPoint !== undefined) {
        const dpNames = _fullNames(dp.distributionPoint, dp.cRLIssuer !== undefined && dp.cRLIssuer[0]?.type === 'dn' ? dp.cRLIssuer[0].value : cert.issuer);
        if (!_anyMatch(idpNames, dpNames)) return undefined;
      } else if (dp.cRLIssuer !== undefined) {
        if (!_anyMatch(idpNames, dp.cRLIssuer)) return undefined;
      } else return undefined;
    }
    if (idp.onlyContainsUserCerts && certIsCa) return undefined;
    if (idp.onlyContainsCACerts && !certIsCa) return undefined;
    if (idp.onlyContainsAttributeCerts) return undefined;
  }
  // (d): interim reasons mask.
  let reasons: readonly ReasonFlag[] = ALL_REASONS;
  if (idp?.onlySomeReasons !== undefined) reasons = reasons.filter((r) => idp!.onlySomeReasons!.includes(r));
  if (dp.reasons !== undefined) reasons = reasons.filter((r) => dp.reasons!.includes(r));
  return [...reasons];
}

/** The entries of `crl` that are about this certificate (serial and certificate issuer). */
function _entriesFor(ctx: _Ctx, crl: Crl): RevokedCertificate[] {
  const cert = ctx.cert;
  // By value (a bigint), so that negative serials of lenient certificates match too.
  const all = findCrlEntries(crl, cert.serialNumber);
  if (all.length === 0 || !isIndirectCrl(crl)) return all;
  return all.filter((e) => {
    let who: readonly GeneralName[] | undefined;
    try {
      who = crlEntryIssuer(crl, e.index);
    } catch {
      return true; // a malformed certificateIssuer: count the entry, never "good" by accident
    }
    if (who === undefined) return _namesEqual(crl.issuer, crl.rawIssuer, cert.issuer, cert.rawIssuer);
    return _hasDn(who, cert.issuer);
  });
}

function _reasonOf(e: RevokedCertificate): { reason: CrlReason | undefined; ok: boolean } {
  try {
    return { reason: getExtension(e, reasonCodeCodec), ok: true };
  } catch {
    return { reason: undefined, ok: false };
  }
}

function _revoked(crl: Crl, e: RevokedCertificate, reason: CrlReason | undefined): RevocationStatus {
  let inv: Date | undefined;
  try {
    inv = getExtension(e, invalidityDateCodec);
  } catch {
    inv = undefined;
  }
  const base = { status: 'revoked' as const, reason, revocationDate: e.revocationDate, crl, entry: e };
  return inv === undefined ? base : { ...base, invalidityDate: inv };
}

function _toCrl(ctx: _Ctx, x: unknown, i: number): Crl | undefined {
  if (x instanceof Crl) return x;
  if (x instanceof Uint8Array || typeof x === 'string') {
    try {
      return parseCrl(x, { lenient: ctx.opts.lenient === true });
    } catch (e) {
      ctx.problems.push({ code: 'malformed', text: `crls[${i}] does not parse: ${(e as Error).message}` });
      return undefined;
    }
  }
  throw new TypeError(`crls[${i}] must be a parsed Crl, DER bytes or PEM text`);
}

/** §6.3.3 (c): the newest usable delta CRL for this complete CRL, if any. */
function* _deltaFor(ctx: _Ctx, base: Crl, deltas: readonly Crl[]): _Check<Crl | undefined> {
  let baseNumber: bigint | undefined;
  let baseIdp: Uint8Array | undefined;
  try {
    baseNumber = getExtension(base, crlNumberCodec);
    baseIdp = findRawExtension(base, EXTENSION.issuingDistributionPoint)?.value;
  } catch {
    return undefined;
  }
  if (baseNumber === undefined) return undefined;
  let best: Crl | undefined;
  let bestNumber = -1n;
  for (const d of deltas) {
    try {
      // (c)(i) same issuer; (ii) same scope (IDP, byte for byte); (iii) same AKI.
      if (!_namesEqual(d.issuer, d.rawIssuer, base.issuer, base.rawIssuer)) continue;
      const dIdp = findRawExtension(d, EXTENSION.issuingDistributionPoint)?.value;
      if ((dIdp === undefined) !== (baseIdp === undefined) || (dIdp && baseIdp && !bytesEqual(dIdp, baseIdp))) continue;
      const a1 = findRawExtension(d, EXTENSION.authorityKeyIdentifier)?.value,
        a2 = findRawExtension(base, EXTENSION.authorityKeyIdentifier)?.value;
      if (a1 !== undefined && a2 !== undefined && !bytesEqual(a1, a2)) continue;
      const bn = getExtension(d, deltaCrlIndicatorCodec)!;
      const dn = getExtension(d, crlNumberCodec);
      // §5.2.4: the delta applies to a complete CRL whose cRLNumber is ≥ its BaseCRLNumber; a
      // delta not newer than the complete CRL adds nothing.
      if (baseNumber < bn) {
        _note(ctx, 'stale', d, `delta CRL needs a complete CRL numbered ${bn} or later; the one at hand is ${baseNumber}`);
        continue;
      }
      if (dn === undefined || dn <= baseNumber) continue;
      if (d.unusable) {
        _note(ctx, 'unknown-critical-extension', d, d.unusable.message);
        continue;
      }
      if (!_fresh(ctx, d)) continue;
      if ((yield* _signer(ctx, d)) === null) continue;
      if (dn > bestNumber) {
        best = d;
        bestNumber = dn;
      }
    } catch (e) {
      _note(ctx, 'malformed', d, `delta CRL cannot be used: ${(e as Error).message}`);
    }
  }
  return best;
}

/**
 * Decides a certificate's revocation status from CRLs (RFC 5280 §6.3.3), verifying CRL
 * signatures with WebCrypto where the runtime has the algorithm (else on noble); the same answers
 * as {@link checkRevocationSync}.
 *
 * `good` needs complete CRLs in scope, fresh, correctly signed and usable, that together cover
 * every reason; anything less is `unknown` with the reason, never `good`. A `certificateHold`
 * entry is `revoked` with reason `certificateHold` (the hold may be lifted later by a
 * `removeFromCRL` entry in a delta CRL, which gives `good`).
 *
 * @param certificate the certificate to check
 * @param issuerCertificate the certificate of its issuer (it signed `certificate`)
 * @param crls candidate CRLs, complete and delta, parsed or as DER/PEM; out-of-scope ones are skipped
 * @param options `time` (required), `crlIssuers`, `useDeltas`, `requireNextUpdate`, `policy`
 * @throws (rejects with) TypeError for arguments of the wrong kind; never for bad CRLs (those
 * give `unknown`).
 * @example
 * ```ts
 * const s = await checkRevocation(leaf, ca, [parseCrl(crlDer)], { time: new Date() });
 * if (s.status === 'revoked') console.log(s.reason, s.revocationDate);
 * else if (s.status === 'unknown') console.log(s.why);
 * ```
 */
export async function checkRevocation(
  certificate: Certificate,
  issuerCertificate: Certificate,
  crls: ReadonlyArray<Crl | Uint8Array | string>,
  options: CheckRevocationOptions,
): Promise<RevocationStatus> {
  const g = _check(_context(certificate, issuerCertificate, crls, options));
  let step = g.next(undefined as unknown as _CrlSigAnswer);
  while (!step.done) {
    const { crl, signer } = step.value;
    let ans: _CrlSigAnswer;
    try {
      ans = await verifyCrl(crl, signer, options.policy ?? {});
    } catch (error) {
      ans = { error };
    }
    step = g.next(ans);
  }
  return step.value;
}

/**
 * Decides a certificate's revocation status from CRLs (RFC 5280 §6.3.3), synchronously, with
 * the pure-JS verifier: the twin of {@link checkRevocation}, with the same answers.
 *
 * @throws TypeError for arguments of the wrong kind; never for bad CRLs (those give `unknown`).
 * @example
 * ```ts
 * const s = checkRevocationSync(leaf, ca, [parseCrl(crlDer)], { time: new Date() });
 * if (s.status === 'revoked') console.log(s.reason, s.revocationDate);
 * ```
 */
export function checkRevocationSync(certificate: Certificate, issuerCertificate: Certificate, crls: ReadonlyArray<Crl | Uint8Array | string>, options: CheckRevocationOptions): RevocationStatus {
  const g = _check(_context(certificate, issuerCertificate, crls, options));
  let step = g.next(undefined as unknown as _CrlSigAnswer);
  while (!step.done) {
    const { crl, signer } = step.value;
    let ans: _CrlSigAnswer;
    try {
      ans = verifyCrlSync(crl, signer, options.policy ?? {});
    } catch (error) {
      ans = { error };
    }
    step = g.next(ans);
  }
  return step.value;
}

/** Checks the arguments (throwing TypeError / RangeError) and makes the context of one call. */
function _context(certificate: Certificate, issuerCertificate: Certificate, crls: ReadonlyArray<Crl | Uint8Array | string>, options: CheckRevocationOptions): _Ctx {
  if (certificate === null || typeof certificate !== 'object' || !(certificate.rawSerial instanceof Uint8Array)) throw new TypeError('certificate must be a parsed Certificate');
  if (issuerCertificate === null || typeof issuerCertificate !== 'object' || !(issuerCertificate.rawSpki instanceof Uint8Array)) throw new TypeError('issuerCertificate must be a parsed Certificate');
  if (!Array.isArray(crls)) throw new TypeError('crls must be an array');
  if (options === null || typeof options !== 'object' || !(options.time instanceof Date)) throw new TypeError('options.time must be a Date');
  const time = options.time.getTime();
  if (Number.isNaN(time)) throw new RangeError('options.time is an invalid Date');
  return { cert: certificate, issuer: issuerCertificate, time, opts: options, problems: [], verified: new Map(), crls };
}

/** The decision procedure of RFC 5280 §6.3.3, yielding each CRL signature check it needs. */
function* _check(ctx: _Ctx): _Check<RevocationStatus> {
  const { cert: certificate, opts: options } = ctx;
  const parsed: Crl[] = [];
  ctx.crls.forEach((x, i) => {
    const c = _toCrl(ctx, x, i);
    if (c !== undefined) parsed.push(c);
  });
  const complete: Crl[] = [];
  const deltas: Crl[] = [];
  for (const c of parsed) {
    let delta: boolean;
    try {
      delta = isDeltaCrl(c) && getExtension(c, deltaCrlIndicatorCodec) !== undefined;
    } catch (e) {
      _note(ctx, 'malformed', c, `deltaCRLIndicator does not decode: ${(e as Error).message}`);
      continue;
    }
    (delta ? deltas : complete).push(c);
  }

  // The certificate's distribution points, or the implied one (§6.3.3, last paragraph).
  let dps: _Dp[];
  try {
    const x = findRawExtension(certificate, EXTENSION.cRLDistributionPoints);
    const list = x === undefined ? [] : decodeCrlDistributionPoints(x.value, x.valueOffset, certificate.lenient);
    dps = list.map((dp) => ({ dp, implied: false }));
  } catch (e) {
    return { status: 'unknown', code: 'malformed', why: `the certificate's cRLDistributionPoints does not decode: ${(e as Error).message}` };
  }
  // After the DPs, the certificate issuer's own CRLs "not specified in a distribution point".
  dps.push({ dp: { distributionPoint: { type: 'fullName', names: [{ type: 'dn', value: certificate.issuer }] } }, implied: true });
  let certIsCa: boolean;
  try {
    certIsCa = _isCa(certificate);
  } catch {
    certIsCa = false;
  }

  const mask = new Set<ReasonFlag>();
  const decisive: Crl[] = [];
  const useDeltas = options.useDeltas !== false;
  for (const d of dps) {
    if (mask.size === ALL_REASONS.length) break;
    for (const crl of complete) {
      if (mask.size === ALL_REASONS.length) break;
      let interim: ReasonFlag[] | undefined;
      try {
        interim = _scope(ctx, crl, d, certIsCa);
      } catch (e) {
        _note(ctx, 'malformed', crl, (e as Error).message);
        continue;
      }
      if (interim === undefined) continue;
      // (d): a CRL adding no reason is not needed.
      if (interim.every((r) => mask.has(r))) continue;
      if (crl.unusable) {
        _note(ctx, 'unknown-critical-extension', crl, crl.unusable.message);
        continue;
      }
      if (!_fresh(ctx, crl)) continue;
      if ((yield* _signer(ctx, crl)) === null) continue;
      // (i): the delta first; removeFromCRL there means the base entry no longer stands.
      const delta = useDeltas ? yield* _deltaFor(ctx, crl, deltas) : undefined;
      let removed = false;
      if (delta !== undefined) {
        for (const e of _entriesFor(ctx, delta)) {
          const { reason } = _reasonOf(e);
          if (reason === 'removeFromCRL') {
            removed = true;
            continue;
          }
          return _revoked(delta, e, reason);
        }
      }
      // (j): the complete CRL.
      if (!removed) {
        for (const e of _entriesFor(ctx, crl)) {
          const { reason } = _reasonOf(e);
          // removeFromCRL belongs in delta CRLs only (§5.3.1); in a complete CRL it is ignored.
          if (reason === 'removeFromCRL') continue;
          return _revoked(crl, e, reason);
        }
      }
      for (const r of interim) mask.add(r);
      decisive.push(crl);
    }
  }
  if (mask.size === ALL_REASONS.length) return { status: 'good', crls: decisive };
  if (decisive.length > 0) {
    const missing = ALL_REASONS.filter((r) => !mask.has(r));
    ctx.problems.push({ code: 'incomplete-reasons', text: `the usable CRLs do not cover the reasons ${missing.join(', ')}` });
  }
  if (ctx.problems.length === 0) return { status: 'unknown', code: 'no-crl', why: 'no CRL given covers this certificate (issuer, distribution point or scope differ)' };
  // The most specific reason: the last stage any CRL reached.
  const order: RevocationUnknownCode[] = ['incomplete-reasons', 'unknown-critical-extension', 'bad-signature', 'no-crl-signer', 'stale', 'malformed', 'no-crl'];
  const code = order.find((c) => ctx.problems.some((p) => p.code === c)) ?? 'no-crl';
  return { status: 'unknown', code, why: ctx.problems.map((p) => p.text).join('; ') };
}
