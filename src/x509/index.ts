/**
 * `certkit/x509`: X.509 certificates (RFC 5280 §4) and the pieces they are made of.
 *
 * - {@link parseCertificate}: strict, synchronous, zero-copy, lazy; {@link Certificate} keeps raw
 *   views and decodes names, the key and extensions on first read.
 * - {@link CertificateBuilder}: immutable, set-once, checked, signed by any `Signer`.
 * - {@link Name} (RFC 5280 §4.1.2.4, RFC 4514), a record read by one walk; builders, §7.1
 *   comparison and the other string forms are free functions (`nameFrom`, `nameEquals`, ...); general names
 *   (RFC 5280 §4.2.1.6) and every RFC 5280 extension, typed (`./extensions`).
 *
 * Non-goals: path validation (`certkit/path`), CSRs and CRLs (their own layers).
 * @module
 */
export { Certificate, CertificateError, parseCertificate, MAX_CERTIFICATE_SIZE, type CertificateErrorCode, type ParseCertificateOptions, type RawExtension } from './certificate';
export { getExtension, getDecodedExtension, findRawExtension, decodeAllExtensions, type HasExtensions } from './get-extension';
export {
  certificatePublicKey,
  certificateSignatureAlgorithm,
  certificateFingerprint,
  certificateToPem,
  certificateDnsNames,
  certificateIpAddresses,
  certificateEmailAddresses,
  isSelfIssued,
  isValidAt,
} from './certificate-info';
export { verifyCertificate, verifyCertificateSync, isSelfSigned, isSelfSignedSync } from './verify';
export { certificateToJson } from './json';
export { CertificateBuilder, CertificateBuilderError, type CertificateBuilderErrorCode, type ExtensionInput, type SignOptions } from './certificate-builder';
export { formatOpenSslTime, formatCertificate } from './format';
export { Name, NameError, parseName, readName, parseRdn, type NameErrorCode, type AttributeTypeAndValue, type Rdn, type NameFormatOptions } from './name';
export { attributeTypeOid, attributeShortName, attributeOpenSslName } from './name-attributes';
export { NAME_ORDER, nameFrom, nameFromRdns, nameFromAttributes, parseNameString, writeName, nameToDer, writeRdn, type NameInit } from './name-build';
export { nameEquals, nameCanonicalKey } from './name-compare';
export { nameToOpenSslString, nameToJson, type NameJson } from './name-format';
export {
  parseIpAddress,
  formatIpAddress,
  parseGeneralName,
  parseGeneralNames,
  generalNamesEqual,
  decodeGeneralName,
  type GeneralName,
  type GeneralNameContext,
  type GeneralNameOptions,
} from './general-name';
export { writeGeneralName, writeGeneralNames, dns, email, uri, ip, dn, upn, registeredId } from './general-name-build';
export { formatNameSlashed, formatGeneralName } from './general-name-format';
export * from './extensions/index';
export { readExtensionList } from './extension-list';
export {
  asciiLower,
  checkDnsName,
  checkEmailAddress,
  dnsNameMatches,
  generalNamesMatchEmail,
  generalNamesMatchHost,
  isValidDnsName,
  normalizeReferenceHost,
  parseReferenceIp,
  splitMailbox,
  wildcardCovers,
  type NameProblem,
} from './identity';
export { isInternalName, isPublicSuffix, looksLikeIpAddress, reservedIpRange } from './identity-hints';
