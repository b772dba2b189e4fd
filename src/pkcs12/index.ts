/**
 * `certkit/pkcs12`: delivering keys and certificates — encrypted PKCS#8 (RFC 5958 §3, RFC 8018)
 * and PKCS#12 / PFX bundles (RFC 7292).
 *
 * - {@link encryptPrivateKey} / {@link decryptPrivateKey}: `ENCRYPTED PRIVATE KEY` with PBES2.
 * - {@link createPkcs12} / {@link parsePkcs12}: PFX files as OpenSSL 3 writes them (PBES2/AES,
 *   HMAC-SHA-256 MAC), readable by OpenSSL, Java keytool and current Windows; a legacy form
 *   (3DES/RC2-40, SHA-1 MAC) for old importers through a caller-supplied {@link LegacyCipher}.
 * - {@link pkcs12Kdf}: the RFC 7292 Appendix B key derivation.
 * @module
 */
export { Pkcs12Error, type Pkcs12ErrorCode } from './errors';
export { PBE_OID, PKCS12_OID } from './oids';
export type { PbeHash } from './_util';
export { pkcs12Kdf, type Pkcs12KdfPurpose } from './pkcs12-kdf';
export type { LegacyCipher, LegacyCipherName, LegacyCipherRequest } from './legacy-cipher';
export type { Pbes2Cipher, PbeLimits } from './pbes2';
export type { Pkcs12PbeCipher } from './pbes1';
export { DEFAULT_ITERATIONS, type PbeOptions } from './pbe';
export { encryptPrivateKey, decryptPrivateKey, decryptPrivateKeyInfo, type EncryptPrivateKeyOptions, type DecryptPrivateKeyOptions, type DecryptedPrivateKeyInfo } from './encrypted-private-key';
export type { Pkcs12MacInfo } from './mac';
export { parsePkcs12, type ParsePkcs12Options, type Pkcs12Contents, type Pkcs12KeyEntry, type Pkcs12CertificateEntry, type Pkcs12Attribute, type Pkcs12SkippedBag } from './parse-pkcs12';
export { createPkcs12, type CreatePkcs12Options } from './create-pkcs12';
