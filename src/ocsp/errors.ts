/**
 * Typed errors of the OCSP layer (RFC 6960).
 *
 * Scope: the `OcspError` class and its codes, raised when an OCSP request or response breaks
 * RFC 6960 beyond DER, when a bound is exceeded, and when a response fails verification
 * (signature, responder authority, CertID, time window, nonce). DER faults keep their
 * `DerError` code with the field path.
 * Non-goals: errors of the lower layers.
 * @module
 */
import { CertkitError, type ErrorLocation } from '../der/index';

/** Codes an {@link OcspError} can carry. */
export type OcspErrorCode =
  | 'malformed' // the structure breaks RFC 6960 beyond DER (version, empty lists, bad extension values)
  | 'input-too-large' // the input is over the caller's maxInputSize
  | 'too-many-elements' // more requests, responses or certificates than the caller's bounds
  | 'duplicate-extension' // RFC 5280 §4.2 rule applied to OCSP extensions: one instance of each
  | 'unsupported-hash' // a CertID hash algorithm certkit does not compute
  | 'unsupported-response-type' // RFC 6960 §4.2.1: responseBytes other than id-pkix-ocsp-basic
  | 'invalid-nonce' // RFC 8954 §2.1: a nonce of 1 to 32 octets
  | 'unsuccessful-response' // RFC 6960 §4.2.1: responseStatus other than successful
  | 'signature-invalid' // the response signature does not verify with the responder's key
  | 'responder-not-authorized' // RFC 6960 §4.2.2.2: neither the CA nor a delegated responder it certified
  | 'cert-id-not-found' // the response has no SingleResponse for the CertID asked about
  | 'not-yet-valid' // thisUpdate (or producedAt) after the validation time plus the allowed skew
  | 'expired' // nextUpdate before the validation time minus the allowed skew
  | 'nonce-mismatch'; // RFC 8954: the response's nonce differs from the request's (or is missing)

/**
 * An error in an OCSP structure or a failed OCSP check.
 * @example
 * ```ts
 * try { verifyOcspResponseSync(resp, { issuer, certificate: leaf }) } catch (e) {
 *   if (e instanceof OcspError && e.code === 'responder-not-authorized') console.log('rogue responder');
 * }
 * ```
 */
export class OcspError extends CertkitError {
  declare readonly code: OcspErrorCode;
  constructor(code: OcspErrorCode, message: string, location: ErrorLocation = {}) {
    super(code, message, location);
    this.name = 'OcspError';
  }
}

/** Throws an {@link OcspError}. */
export function _fail(code: OcspErrorCode, message: string, offset?: number, path?: string): never {
  throw new OcspError(code, message, { offset, path });
}
