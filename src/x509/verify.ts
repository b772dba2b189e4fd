/**
 * Certificate signature verification (RFC 5280 §6.1.3 (a)(1)) over the exact TBSCertificate
 * bytes received, following the library's one sync/async rule: `verifyCertificate` is async and
 * may use WebCrypto; `verifyCertificateSync` is synchronous on noble.
 *
 * Scope: one certificate's signature under an issuer key (a `PublicKey`, SPKI DER or the issuer
 * certificate), and self-signature. Non-goals: chains (`certkit/path`).
 * @module
 */
import { verifySignature as _verifyAsync, verifySignatureSync as _verifySync, type VerifyOptions, type VerifyPolicy } from '../sig/index';
import type { PublicKey } from '../keys/index';
import { Certificate } from './certificate';
import { certificatePublicKey, certificateSignatureAlgorithm, isSelfIssued } from './certificate-info';

/** The key for the `issuer` argument. */
function _issuerKey(issuer: PublicKey | Uint8Array | Certificate): PublicKey | Uint8Array {
  if (issuer instanceof Certificate) return certificatePublicKey(issuer);
  if (issuer instanceof Uint8Array) return issuer;
  if (issuer !== null && typeof issuer === 'object' && (issuer as PublicKey).spki instanceof Uint8Array) return issuer;
  throw new TypeError('verifyCertificate expects the issuer PublicKey, SPKI DER or Certificate');
}

function _check(cert: Certificate): void {
  if (!(cert instanceof Certificate)) throw new TypeError('verifyCertificate expects a parsed Certificate (parseCertificate)');
}

/**
 * Whether `cert`'s signature verifies under the issuer's key, synchronously on noble.
 * @param policy algorithm policy (SHA-1, minimum RSA size); the certificate's lenient mode applies.
 * @returns `true` when the signature is valid, `false` when it is not.
 * @throws SignatureError for an algorithm or key that cannot be used (`unsupported-algorithm`,
 * `forbidden-algorithm`, `key-mismatch`, `weak-key`, ...).
 * @example
 * ```ts
 * verifyCertificateSync(leaf, issuerCert) // true
 * ```
 */
export function verifyCertificateSync(cert: Certificate, issuer: PublicKey | Uint8Array | Certificate, policy: VerifyPolicy = {}): boolean {
  _check(cert);
  return _verifySync(_issuerKey(issuer), certificateSignatureAlgorithm(cert), cert.rawTbs, cert.rawSignatureValue, { lenient: cert.lenient, ...policy });
}

/**
 * Whether `cert`'s signature verifies under the issuer's key; uses WebCrypto where the runtime
 * has the algorithm, noble otherwise. Rejects with the errors {@link verifyCertificateSync} throws.
 * @example
 * ```ts
 * await verifyCertificate(leaf, issuerCert) // true
 * ```
 */
export async function verifyCertificate(cert: Certificate, issuer: PublicKey | Uint8Array | Certificate, options: VerifyOptions = {}): Promise<boolean> {
  _check(cert);
  return _verifyAsync(_issuerKey(issuer), certificateSignatureAlgorithm(cert), cert.rawTbs, cert.rawSignatureValue, { lenient: cert.lenient, ...options });
}

/**
 * Whether the certificate is self-issued and its signature verifies under its own key
 * (synchronous, noble). SHA-1 and 1024-bit RSA are allowed by default: old roots use them.
 * @example
 * ```ts
 * isSelfSignedSync(rootCert) // true
 * ```
 */
export function isSelfSignedSync(cert: Certificate, policy: VerifyPolicy = { allowSha1: true, minRsaBits: 1024 }): boolean {
  if (!isSelfIssued(cert)) return false;
  return verifyCertificateSync(cert, certificatePublicKey(cert), policy);
}

/**
 * Whether the certificate is self-issued and its signature verifies under its own key (WebCrypto
 * where it has the algorithm). SHA-1 and 1024-bit RSA are allowed by default: old roots use them.
 * @example
 * ```ts
 * await isSelfSigned(rootCert) // true
 * ```
 */
export async function isSelfSigned(cert: Certificate, options: VerifyOptions = { allowSha1: true, minRsaBits: 1024 }): Promise<boolean> {
  if (!isSelfIssued(cert)) return false;
  return verifyCertificate(cert, certificatePublicKey(cert), options);
}
