/**
 * The parts of the x509 layer the CSR layer uses, gathered in one private module.
 *
 * Scope: re-exports from the x509 layer's public face only. Non-goals: any logic.
 * @module
 */
export {
  Certificate, Name, NameError, readName, attributeShortName, dns, email, extensionCodec, formatGeneralName, formatIpAddress, ip,
  parseIpAddress, readExtensionList, upn, uri,
  decodeBasicConstraints, decodeExtKeyUsage, decodeKeyUsage, decodeSubjectAltName, decodeSubjectKeyIdentifier,
  encodeExtensionValue, formatExtensionValue, encodeBasicConstraints, encodeExtKeyUsage, encodeKeyUsage, encodeSubjectAltName,
  type BasicConstraints, type ExtKeyUsage, type ExtensionCodec, type GeneralName, type KeyUsage, type NameInit,
  type RawExtension, getExtension, findRawExtension, subjectAltNameCodec,
  checkDnsName, checkEmailAddress, generalNamesMatchHost, isInternalName, isPublicSuffix, looksLikeIpAddress, reservedIpRange,
  wildcardCovers, type NameProblem,
} from '../x509/index';
