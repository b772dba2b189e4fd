/**
 * Verification of a CRL's signature over `rawTbs` with the issuer's key (RFC 5280 §6.3.3 (f)):
 * {@link verifyCrl} (asynchronous, WebCrypto where the runtime has the algorithm) and its twin
 * {@link verifyCrlSync} (synchronous, pure JS on noble), with the same answers and the same typed
 * errors (docs/architecture.md, "Sync and async"). Whether that key may sign CRLs (cRLSign) is
 * `checkRevocation`'s business.
 * @module
 */
import type { PublicKey } from '../keys/index';
import { verifySignature, verifySignatureSync, type VerifyOptions, type VerifyPolicy } from '../sig/index';
import type { Crl } from './crl';
import { crlSignatureAlgorithm } from './crl-info';

/** The issuer's key: a parsed public key, SubjectPublicKeyInfo DER, or a certificate (anything with `rawSpki`). */
export type CrlIssuerKey = PublicKey | Uint8Array | { rawSpki: Uint8Array };

function _checkCrl(crl: unknown): asserts crl is Crl {
  if (crl === null || typeof crl !== 'object' || !((crl as Crl).rawTbs instanceof Uint8Array)) {
    throw new TypeError('expected a parsed Crl (see parseCrl)');
  }
}

function _key(issuerKey: CrlIssuerKey): PublicKey | Uint8Array {
  if (issuerKey instanceof Uint8Array) return issuerKey;
  if (issuerKey !== null && typeof issuerKey === 'object' && 'rawSpki' in issuerKey && issuerKey.rawSpki instanceof Uint8Array) return issuerKey.rawSpki;
  if (issuerKey !== null && typeof issuerKey === 'object') return issuerKey as PublicKey;
  throw new TypeError('verifyCrl expects the issuer PublicKey, SPKI DER or certificate');
}

/**
 * Verifies a CRL's signature with the issuer's key, synchronously and in pure JS: the twin of
 * {@link verifyCrl}.
 * @param issuerKey a parsed public key, SubjectPublicKeyInfo DER, or a certificate (anything
 * with `rawSpki`).
 * @returns `true` when it verifies, `false` when it does not.
 * @throws SignatureError for an unsupported or forbidden algorithm (e.g. SHA-1 unless the
 * policy allows it), TypeError for a wrong argument.
 * @example
 * ```ts
 * if (!verifyCrlSync(crl, caCert)) throw new Error('CRL not signed by this CA');
 * ```
 */
export function verifyCrlSync(crl: Crl, issuerKey: CrlIssuerKey, policy: VerifyPolicy = {}): boolean {
  _checkCrl(crl);
  return verifySignatureSync(_key(issuerKey), crlSignatureAlgorithm(crl), crl.rawTbs, crl.rawSignatureValue, { lenient: crl.lenient, ...policy });
}

/**
 * Verifies a CRL's signature with the issuer's key through WebCrypto where the runtime has the
 * algorithm (faster for RSA and ECDSA, and the TBS of a large CRL is hashed natively), else on
 * noble; the same answers as {@link verifyCrlSync}.
 * @param options the policy of {@link verifyCrlSync} plus `backend` (`'auto'` by default).
 * @throws (rejects with) the errors {@link verifyCrlSync} throws; with `backend: 'webcrypto'`
 * also SignatureError `unsupported-by-backend` and `backend-unavailable`.
 * @example
 * ```ts
 * if (!(await verifyCrl(crl, caCert))) throw new Error('CRL not signed by this CA');
 * ```
 */
export async function verifyCrl(crl: Crl, issuerKey: CrlIssuerKey, options: VerifyOptions = {}): Promise<boolean> {
  _checkCrl(crl);
  return verifySignature(_key(issuerKey), crlSignatureAlgorithm(crl), crl.rawTbs, crl.rawSignatureValue, { lenient: crl.lenient, ...options });
}
