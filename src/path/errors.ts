/**
 * The path layer's error value: why a certificate could not be validated, and about which
 * certificate.
 *
 * Scope: `ValidationError` with its string codes, the index of the certificate it concerns in the
 * path tried (0 = the end entity), that certificate, and for "no path found" the most specific
 * reason per candidate issuer tried. Non-goals: parse errors of single certificates (those are
 * the x509 layer's `CertificateError`/`DerError`; a path holding one fails with `malformed` and
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
  | 'expired' // RFC 5280 §6.1.3 (a)(2): the time is after notAfter
  | 'not-yet-valid' // §6.1.3 (a)(2): the time is before notBefore
  | 'unknown-issuer' // no certificate in the pool or the anchors issued this one (§6.1 needs a path to an anchor)
  | 'bad-signature' // §6.1.3 (a)(1): the signature does not verify under the issuer's key
  | 'weak-algorithm' // the signature or key algorithm is refused by policy (MD5, SHA-1, RSA below the minimum, ...)
  | 'unsupported-algorithm' // certkit cannot verify this algorithm (DSA, P-192, ...)
  | 'not-a-ca' // §6.1.4 (k): an issuer without basicConstraints cA TRUE
  | 'path-length' // §6.1.4 (l)/(m): pathLenConstraint exceeded
  | 'max-depth' // more intermediates than the caller's maximum
  | 'key-usage' // §6.1.4 (n): keyCertSign missing on an issuer, cRLSign on a CRL signer, or a leaf usage the caller requires
  | 'extended-key-usage' // the leaf (or, in the webpki profile, a CA) does not allow the purpose asked for
  | 'name-constraints' // §6.1.3 (b)/(c): a name outside the permitted or inside the excluded subtrees
  | 'policy' // §6.1.3 (d)-(f), §6.1.5 (g): no acceptable policy where one is required
  | 'revoked' // §6.1.3 (a)(3): a CRL lists the certificate
  | 'revocation-unknown' // revocation mode `require` and no usable CRL covers the certificate
  | 'unknown-critical-extension' // §6.1.4 (o) / §6.1.5 (f): a critical extension certkit does not process
  | 'invalid-extension' // an extension that cannot be decoded, or whose criticality or content breaks the profile
  | 'profile' // a rule of the chosen profile (RFC 5280 §4 "MUST" rules, CA/Browser Forum rules)
  | 'malformed' // a certificate of the path could not be parsed (the parse error is the cause)
  | 'hostname-mismatch' // the end entity does not name the host, IP address or email asked for (RFC 6125/9525)
  | 'budget-exceeded'; // the search hit a work budget (signature checks, build steps, name comparisons)

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

  constructor(code: ValidationErrorCode, message: string, options: { certIndex?: number; certificate?: Certificate; chain?: readonly Certificate[]; cause?: unknown } = {}) {
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
  if (e.code === 'budget-exceeded') return 1e9;
  const depth = e.chain?.length ?? 0;
  return (complete ? 10_000_000 : 0) + (e.code === 'unknown-issuer' ? 0 : 1_000_000) + depth * 100 + (e.code === 'not-a-ca' ? 0 : 1);
}
