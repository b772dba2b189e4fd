/**
 * `certkit/crl`: certificate revocation lists (RFC 5280 §5) and revocation checking (§6.3).
 *
 * - {@link parseCrl}: strict, zero-copy, v1 and v2, an O(1) serial index built in one linear
 *   pass (a million entries parse in well under a second), to a {@link Crl} record; entries
 *   are decoded when asked for ({@link crlEntry}, {@link findCrlEntry}, {@link isSerialRevoked}),
 *   extension values by `getExtension(crl, codec)` (from `certkit/x509`), text and JSON by
 *   {@link formatCrl} and {@link crlToJson}.
 * - {@link verifyCrl} / {@link verifyCrlSync}: the CRL's signature with the issuer's key.
 * - {@link CrlBuilder}: immutable builder; complete, delta and indirect CRLs.
 * - {@link checkRevocation} / {@link checkRevocationSync}: good / revoked / unknown for a certificate, with delta CRLs,
 *   issuing distribution points, indirect CRLs and reason partitions.
 * @module
 */
export { Crl, CrlError, parseCrl, type CrlErrorCode, type CrlReason, type CrlUnusable, type ParseCrlOptions } from './crl';
export {
  RevokedCertificate,
  serialKey,
  crlEntry,
  crlEntries,
  crlIndexOf,
  isSerialRevoked,
  findCrlEntry,
  findCrlEntries,
  crlDuplicateSerials,
  crlEntryIssuer,
  crlEntryUnknownCriticalExtension,
  crlIndexByteLength,
  type SerialInput,
} from './entries';
export { crlSignatureAlgorithm, isDeltaCrl, isIndirectCrl, crlFingerprint, crlToPem } from './crl-info';
export { formatCrl } from './format';
export { crlToJson, crlEntryToJson } from './json';
export { verifyCrl, verifyCrlSync, type CrlIssuerKey } from './verify';
export { CrlBuilder, CrlBuilderError, type CrlBuilderErrorCode, type CrlSignOptions, type RevokedEntryInput } from './crl-builder';
export { checkRevocation, checkRevocationSync, type CheckRevocationOptions, type RevocationStatus, type RevocationUnknownCode } from './revocation';
// The extension record types are the x509 layer's, re-exported so `certkit/crl` users have them.
export type { ExtensionInput, RawExtension } from '../x509/index';
