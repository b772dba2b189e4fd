/**
 * Typed errors of the CMS layer (RFC 5652).
 *
 * Scope: the `CmsError` class and its codes, raised when a ContentInfo / SignedData breaks RFC
 * 5652 beyond DER (wrong version, wrong content type, bad attributes), when a bound is exceeded,
 * and when verification fails (digest, signature, signer not found). Structural DER faults keep
 * their `DerError` code (`indefinite-length` for BER, `truncated`, ...) with the field path.
 * Non-goals: errors of the lower layers (they keep their own classes and codes).
 * @module
 */
import { CertkitError, type ErrorLocation } from '../der/index';

/** Codes a {@link CmsError} can carry. */
export type CmsErrorCode =
  | 'unsupported-content-type' // RFC 5652 §3: the ContentInfo does not carry id-signedData
  | 'wrong-version' // RFC 5652 §5.1/§5.3: a version that does not match the structure's contents
  | 'malformed' // the structure breaks RFC 5652 beyond DER (empty sets, bad attribute values)
  | 'unsupported-certificate-choice' // a CertificateChoices alternative certkit does not encode
  | 'input-too-large' // the input is over the caller's maxInputSize
  | 'too-many-elements' // more certificates, CRLs, signers or attributes than the caller's bounds
  | 'unsupported-digest-algorithm' // a digest algorithm certkit does not compute
  | 'missing-attribute' // RFC 5652 §5.3: signed attributes without content-type or message-digest
  | 'duplicate-attribute' // RFC 5652 §11: content-type, message-digest, signing-time at most once, single-valued
  | 'content-type-mismatch' // RFC 5652 §11.1: the content-type attribute differs from eContentType
  | 'digest-mismatch' // RFC 5652 §11.2: the message-digest attribute differs from the content's digest
  | 'signature-invalid' // the signature does not verify with the signer's key
  | 'signer-not-found' // no certificate matches a SignerInfo's sid
  | 'no-signers' // a SignedData to verify has no SignerInfo (a certs-only bundle)
  | 'missing-content' // detached content: the caller did not pass the content
  | 'content-conflict' // both encapsulated and detached content, and they differ
  | 'invalid-argument'; // signData / verifySignedData options that cannot be used

/**
 * An error in a CMS structure or a failed CMS check.
 *
 * @example
 * ```ts
 * try { await verifySignedData(parseSignedData(bytes)) } catch (e) {
 *   if (e instanceof CmsError && e.code === 'digest-mismatch') console.log('content was modified');
 * }
 * ```
 */
export class CmsError extends CertkitError {
  declare readonly code: CmsErrorCode;
  constructor(code: CmsErrorCode, message: string, location: ErrorLocation = {}) {
    super(code, message, location);
    this.name = 'CmsError';
  }
}

/** Throws a {@link CmsError}. */
export function _fail(code: CmsErrorCode, message: string, offset?: number, path?: string): never {
  throw new CmsError(code, message, { offset, path });
}
