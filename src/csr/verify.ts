/**
 * Verification of a request's self-signature (RFC 2986 §3: proof that the applicant holds the
 * private key): {@link verifyCsr} (asynchronous, WebCrypto where the runtime has the algorithm)
 * and its twin {@link verifyCsrSync} (synchronous, pure JS on noble), with the same answers and
 * the same typed errors (docs/architecture.md, "Sync and async"). The signature is checked over
 * the exact `rawInfo` bytes received.
 * @module
 */
import type { PublicKey } from '../keys/index';
import { verifySignature, verifySignatureSync, type VerifyOptions, type VerifyPolicy } from '../sig/index';
import type { Csr } from './csr';
import { csrPublicKey, csrSignatureAlgorithm } from './csr-info';

// Checked by shape, not `instanceof`, so this module needs no value import of the parser.
function _checkCsr(csr: unknown): asserts csr is Csr {
  if (csr === null || typeof csr !== 'object' || !((csr as Csr).rawInfo instanceof Uint8Array)) {
    throw new TypeError('expected a parsed Csr (see parseCsr)');
  }
}

/** The key to verify with: the parsed key when certkit reads it, else the raw SPKI (the
 * signature layer then raises its own typed error). */
function _key(csr: Csr): PublicKey | Uint8Array {
  try {
    return csrPublicKey(csr);
  } catch {
    return csr.rawSpki;
  }
}

/**
 * Checks a request's self-signature: the signature over `rawInfo` verifies with the requested
 * public key (RFC 2986 §3). Synchronous, pure JS: the twin of {@link verifyCsr}.
 * @param policy what to accept (default: no SHA-1, no MD5, RSA ≥ 2048 bits); pass
 * `{ allowSha1: true }` to check an old SHA-1 request.
 * @returns `true` when the signature verifies, `false` when it does not.
 * @throws SignatureError `unsupported-algorithm` (e.g. MD4, DSA), `forbidden-algorithm`,
 * `invalid-parameters`, `key-mismatch`, `weak-key`, `malformed-public-key`; TypeError when
 * `csr` is not a parsed {@link Csr}.
 * @example
 * ```ts
 * if (!verifyCsrSync(parseCsr(pem))) throw new Error('the CSR was not signed by its own key');
 * ```
 */
export function verifyCsrSync(csr: Csr, policy?: VerifyPolicy): boolean {
  _checkCsr(csr);
  return verifySignatureSync(_key(csr), csrSignatureAlgorithm(csr), csr.rawInfo, csr.rawSignatureValue, { lenient: csr.lenient, ...policy });
}

/**
 * Checks a request's self-signature (RFC 2986 §3) through WebCrypto where the runtime has the
 * algorithm (much faster for RSA and ECDSA), else on noble; the same answers as
 * {@link verifyCsrSync}.
 * @param options the policy of {@link verifyCsrSync} plus `backend` (`'auto'` by default).
 * @returns a promise of `true` when the signature verifies, `false` when it does not.
 * @throws (rejects with) the errors {@link verifyCsrSync} throws; with `backend: 'webcrypto'`
 * also SignatureError `unsupported-by-backend` and `backend-unavailable`.
 * @example
 * ```ts
 * if (!(await verifyCsr(parseCsr(pem)))) throw new Error('the CSR was not signed by its own key');
 * ```
 */
export async function verifyCsr(csr: Csr, options?: VerifyOptions): Promise<boolean> {
  _checkCsr(csr);
  return verifySignature(_key(csr), csrSignatureAlgorithm(csr), csr.rawInfo, csr.rawSignatureValue, { lenient: csr.lenient, ...options });
}
