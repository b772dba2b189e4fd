/**
 * Typed errors of the signature layer.
 *
 * Scope: the `SignatureError` class and its codes, raised by AlgorithmIdentifier decoding,
 * verification (for reasons other than "this signature is wrong", which is `false`) and signers.
 * Non-goals: key format errors (`KeyError` in `src/keys/`; verification wraps them).
 * @module
 */
import { CertkitError, type ErrorLocation } from '../der/index';

/** Codes a {@link SignatureError} can carry. */
export type SignatureErrorCode =
  | 'unsupported-algorithm' // an algorithm OID certkit does not implement (named in the message and `oid`)
  | 'forbidden-algorithm' // MD5 or SHA-1 while the policy refuses them
  | 'invalid-parameters' // AlgorithmIdentifier parameters that break the algorithm's rules
  | 'key-mismatch' // the signature algorithm does not fit the public key (RSA alg on an EC key, wrong curve...)
  | 'weak-key' // RSA modulus below the policy minimum
  | 'key-too-large' // RSA modulus above 16384 bits or public exponent above 64 bits (bounds verification work); path validation also refuses moduli above its profile's maximum and exponents above 2^32
  | 'malformed-public-key' // the SubjectPublicKeyInfo could not be parsed (the cause says why)
  | 'unsupported-by-backend' // the chosen backend (WebCrypto) cannot do this algorithm on this runtime
  | 'backend-unavailable' // no WebCrypto at all
  | 'signing-failed'; // a signer produced no signature or one that fails verification

/**
 * A problem with a signature algorithm, its parameters or its key, as opposed to a signature
 * that simply does not verify (which is `false`).
 *
 * @example
 * ```ts
 * try { await verifySignature(spki, alg, data, sig) } catch (e) {
 *   if (e instanceof SignatureError && e.code === 'forbidden-algorithm') console.log('SHA-1 refused')
 * }
 * ```
 */
export class SignatureError extends CertkitError {
  declare readonly code: SignatureErrorCode;
  /** The algorithm OID the error is about, when there is one. */
  readonly oid: string | undefined;
  constructor(code: SignatureErrorCode, message: string, location: ErrorLocation & { oid?: string } = {}) {
    super(code, message, location);
    this.name = 'SignatureError';
    this.oid = location.oid;
  }
}
