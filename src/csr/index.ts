/**
 * `certkit/csr`: PKCS#10 certification requests (RFC 2986) and their PKCS#9 attributes
 * (RFC 2985).
 *
 * - {@link parseCsr}: strict, zero-copy parsing to a {@link Csr} record (raw views, subject,
 *   attributes and requested extensions as received); free functions derive the rest:
 *   {@link csrPublicKey}, {@link csrDnsNames}, {@link csrChallengePassword}, {@link csrToPem},
 *   `getExtension(csr, codec)` (from `certkit/x509`), {@link formatCsr}, {@link csrToJson}.
 * - {@link verifyCsr} / {@link verifyCsrSync}: the self-signature (proof of possession).
 * - {@link CsrBuilder}: immutable pyca-style builder; `await builder.sign(signer)`.
 * - {@link lintCsr}: findings for requests and certificates (keys, signatures, names for TLS,
 *   subject attributes), under a profile.
 * @module
 */
export { CsrError, type CsrErrorCode } from './errors';
export {
  PKCS9_STRING_MAX,
  attributeDisplayName,
  decodeChallengePassword,
  decodeUnstructuredName,
  encodeChallengePassword,
  encodeUnstructuredName,
  isKnownCsrAttribute,
  isSingleValuedAttribute,
  type CsrAttribute,
} from './attributes';
export { Csr, parseCsr, type ParseCsrOptions } from './csr';
export {
  csrPublicKey,
  csrSignatureAlgorithm,
  csrSignatureAlgorithmName,
  csrAttribute,
  csrChallengePassword,
  csrUnstructuredNames,
  csrDnsNames,
  csrIpAddresses,
  csrEmailAddresses,
  csrFingerprint,
  csrToPem,
} from './csr-info';
export { verifyCsr, verifyCsrSync } from './verify';
export { formatCsr, csrToJson, type CsrJson } from './format';
export { CsrBuilder, type CsrExtensionInput, type KeyPurposeName } from './csr-builder';
export { lintCsr, type LintCode, type LintFinding, type LintOptions, type LintProfile, type LintSeverity } from './lint';
// The name rules the linter applies live in x509's identity module (shared with path
// validation); re-exported here so `certkit/csr` keeps offering them.
export { checkDnsName, checkEmailAddress, isInternalName, isPublicSuffix, looksLikeIpAddress, reservedIpRange, wildcardCovers, type NameProblem } from './_x509';
