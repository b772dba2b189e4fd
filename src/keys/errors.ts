/**
 * Typed errors of the key layer.
 *
 * Scope: the `KeyError` class and its codes, raised by key parsing, import, export and
 * generation. Non-goals: signature verification errors (see `src/sig/errors.ts`).
 * @module
 */
import { CertkitError, type ErrorLocation } from '../der/index';

/** Codes a {@link KeyError} can carry. */
export type KeyErrorCode =
  | 'malformed-key' // the structure is not the ASN.1 / JWK the format defines
  | 'unsupported-algorithm' // an algorithm OID or JWK type certkit does not handle (named in the message)
  | 'unsupported-curve' // id-ecPublicKey with a curve other than P-256/P-384/P-521
  | 'invalid-parameters' // AlgorithmIdentifier parameters that the algorithm forbids or that are malformed
  | 'invalid-point' // an EC or EdDSA public key that is not a valid point of the curve
  | 'compressed-point' // a compressed EC point where only the uncompressed form is accepted
  | 'invalid-key-size' // a key of the wrong length for its algorithm
  | 'weak-key' // RSA below 2048 bits without an explicit opt-in, or an unusable public exponent
  | 'key-mismatch' // the public key stored beside a private key is not the one it derives
  | 'unsupported-format' // a PEM label or a format certkit does not read or write for this key type
  | 'backend-unavailable'; // the runtime has no WebCrypto (needed for RSA key generation and signing)

/**
 * An error in a key: malformed encoding, unsupported algorithm, invalid point, weak size.
 *
 * @example
 * ```ts
 * try { parsePublicKey(bytes) } catch (e) {
 *   if (e instanceof KeyError && e.code === 'invalid-point') console.log('not on the curve')
 * }
 * ```
 */
export class KeyError extends CertkitError {
  declare readonly code: KeyErrorCode;
  /** The algorithm OID the error is about, when there is one. */
  readonly oid: string | undefined;
  constructor(code: KeyErrorCode, message: string, location: ErrorLocation & { oid?: string } = {}) {
    super(code, message, location);
    this.name = 'KeyError';
    this.oid = location.oid;
  }
}
