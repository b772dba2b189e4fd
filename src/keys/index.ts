/**
 * `certkit/keys`: key pairs and the formats keys travel in.
 *
 * - {@link parsePublicKey}: strict SubjectPublicKeyInfo parsing to a {@link PublicKey}
 *   (fingerprint, subject key identifier, PEM/DER/JWK/PKCS#1 export).
 * - {@link importPrivateKey}: PKCS#8, PKCS#1, SEC1 and JWK private keys; {@link PrivateKey}
 *   exports to each of them.
 * - {@link generateKeyPair}: ECDSA, EdDSA and ML-DSA via noble, RSA via WebCrypto.
 * - {@link keyMatches}: does a private key belong to a public key, CSR or certificate?
 *
 * Signing and verification live in `certkit/sig`.
 * @module
 */
export { KeyError, type KeyErrorCode } from './errors';
export type { NamedCurve } from './_algorithms';
export {
  PublicKey,
  parsePublicKey,
  publicKeyFromPkcs1,
  publicKeyFromJwk,
  encodeSpki,
  type AlgorithmIdentifier,
  type KeyAlgorithm,
  type SubjectKeyIdentifierMethod,
  type ParsePublicKeyOptions,
  type PublicJwk,
} from './public-key';
export { importPrivateKey } from './import-private-key';
export { PrivateKey, type PrivateKeyAlgorithm, type PrivateJwk, type ImportPrivateKeyOptions, type RsaPrivateParts, type RsaCryptoKeyAlgorithm } from './private-key';
export { generateKeyPair, type KeyPair, type KeyPairAlgorithm } from './generate';
export { keyMatches, publicKeyOf, type PublicKeySource } from './key-matches';
