/**
 * `certkit/sig`: signature algorithms, signers and verification.
 *
 * - AlgorithmIdentifier: {@link parseAlgorithmIdentifier} (strict parameter rules),
 *   {@link writeAlgorithmIdentifier}, {@link algorithmIdentifierEquals},
 *   {@link describeSignatureAlgorithm}, RSASSA-PSS parameters.
 * - {@link Signer} and its adapters: {@link signerFromPrivateKey},
 *   {@link signerFromCryptoKeyPair}, {@link createSigner} (HSM / KMS).
 * - {@link verifySignature} (asynchronous, WebCrypto where the runtime has the algorithm) and
 *   {@link verifySignatureSync} (synchronous, pure JS on noble; same answers) with a
 *   {@link VerifyPolicy}.
 * @module
 */
export { SignatureError, type SignatureErrorCode } from './errors';
export type { HashName } from './_hashes';
export {
  SIGNATURE_OID,
  parseAlgorithmIdentifier,
  checkAlgorithmIdentifier,
  writeAlgorithmIdentifier,
  encodeAlgorithmIdentifier,
  algorithmIdentifierEquals,
  describeSignatureAlgorithm,
  resolveSignatureScheme,
  signatureAlgorithmIdentifier,
  parseRsaPssParameters,
  encodeRsaPssParameters,
  type AlgorithmIdentifier,
  type SignatureScheme,
  type RsaPssParameters,
} from './algorithm-identifier';
export { verifySignature, verifySignatureSync, type VerifyPolicy, type VerifyOptions, type VerifyBackend } from './verify';
export { signTbs } from './signed';
export { signerFromPrivateKey, signerFromCryptoKeyPair, createSigner, type Signer, type SignerOptions, type SignerHash } from './signer';
