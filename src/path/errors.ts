/**
 * The path layer's error value: why a certificate could not be validated, and about which
 * certificate.
 *
 * Scope: `ValidationError` with its string codes, the index of the certificate it concerns in the
 * path tried (0 = the end entity), that certificate, and for "no path found" the most specific
 * reason per candidate issuer tried. Non-goals: parse errors of single certificates (those are
 * the x509 layer's `CertificateError`/`DerError`; a path holding one fails with `MALFORMED` and
 * keeps the parse error as its `cause`).
 * @module
 */
import { CertkitError } from '../der/index';
import type { Certificate } from './_x509';

/**
 * Reason codes of a {@link ValidationError}; each names one rule of RFC 5280 §6.1, of the
 * profile, or of the search.
 */
export type ValidationErrorCode =
  | 'EXPIRED' // RFC 5280 §6.1.3 (a)(2): the time is after notAfter
  | 'NOT_YET_VALID' // §6.1.3 (a)(2): the time is before notBefore
  | 'UNKNOWN_ISSUER' // no certificate in the pool or the anchors issued this one (§6.1 needs a path to an anchor)
  | 'BAD_SIGNATURE' // §6.1.3 (a)(1): the signature does not verify under the issuer's key
  | 'WEAK_ALGORITHM' // the signature or key algorithm is refused by policy (MD5, SHA-1, RSA below the minimum, ...)
  | 'UNSUPPORTED_ALGORITHM' // certkit cannot verify this algorithm (DSA, P-192, ...)
  | 'NOT_A_CA' // §6.1.4 (k): an issuer without basicConstraints cA TRUE
  | 'PATH_LENGTH' // §6.1.4 (l)/(m): pathLenConstraint exceeded
  | 'MAX_DEPTH' // more intermediates than the caller's maximum
  | 'KEY_USAGE' // §6.1.4 (n): keyCertSign missing on an issuer, cRLSign on a CRL signer, or a leaf usage the caller requires
  | 'EXTENDED_KEY_USAGE' // the leaf (or, in the webpki profile, a CA) does not allow the purpose asked for
  | 'NAME_CONSTRAINTS' // §6.1.3 (b)/(c): a name outside the permitted or inside the excluded subtrees
  | 'POLICY' // §6.1.3 (d)-(f), §6.1.5 (g): no acceptable policy where one is required
  | 'REVOKED' // §6.1.3 (a)(3): a CRL lists the certificate
  | 'REVOCATION_UNKNOWN' // revocation mode `require` and no usable CRL covers the certificate
  | 'UNKNOWN_CRITICAL_EXTENSION' // §6.1.4 (o) / §6.1.5 (f): a critical extension certkit does not process
  | 'INVALID_EXTENSION' // an extension that cannot be decoded, or whose criticality or content breaks the profile
  | 'PROFILE' // a rule of the chosen profile (RFC 5280 §4 "MUST" rules, CA/Browser Forum rules)
  | 'MALFORMED' // a certificate of the path could not be parsed (the parse error is the cause)
  | 'HOSTNAME_MISMATCH' // the end entity does not name the host, IP address or email asked for (RFC 6125/9525)
  | 'BUDGET_EXCEEDED'; // the search hit a work budget (signature checks, build steps, name comparisons)

/**
 * Why a certificate could not be validated. Thrown (or rejected) by `verifyChain`,
 * `verifyChainSync`, `validatePath` and `validatePathSync`.
 *
 * @example
 * ```ts
 * try { await verifyChain(leaf, { anchors, intermediates, hostname: 'example.com' }) }
 * catch (e) {
 *   if (e instanceof ValidationError) console.log(e.code, e.certIndex, e.certificate?.subject.toString())
 * }
 * ```
 */
export class ValidationError extends CertkitError {
  declare readonly code: ValidationErrorCode;
  /** Index of the certificate concerned in the path tried: 0 = the end entity, last = the anchor. */
  readonly certIndex: number;
  /** The certificate concerned, when there is one (an anchor given as name + key has none). */
  readonly certificate: Certificate | undefined;
  /** The path tried (end entity first), when the error concerns one. */
  chain: readonly Certificate[] | undefined;
  /**
   * When no path validated: the most specific error of each candidate path tried, most specific
   * first (the error itself is the first of them).
   */
  candidates: readonly ValidationError[];

  constructor(
    code: ValidationErrorCode,
    message: string,
    options: { certIndex?: number; certificate?: Certificate; chain?: readonly Certificate[]; cause?: unknown } = {},
  ) {
    super(code, message, { cause: options.cause });
    this.name = 'ValidationError';
    this.certIndex = options.certIndex ?? 0;
    this.certificate = options.certificate;
    this.chain = options.chain;
    this.candidates = [];
  }
}

/**
 * How specific an error is, to pick "the" reason when every candidate path failed (the idea of
 * rustls-webpki's error ranking): an error found on a path that reached an anchor beats one found
 * part-way, which beats "no issuer"; between equals, the deeper path wins.
 */
export function _specificity(e: ValidationError, complete: boolean): number {
  if (e.code === 'BUDGET_EXCEEDED') return 1e9;
  const depth = e.chain?.length ?? 0;
  return (complete ? 10_000_000 : 0) + (e.code === 'UNKNOWN_ISSUER' ? 0 : 1_000_000) + depth * 100 + (e.code === 'NOT_A_CA' ? 0 : 1);
}
