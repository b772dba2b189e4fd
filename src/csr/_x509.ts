/**
 * The parts of the x509 layer the CSR layer uses, gathered in one private module.
 *
 * Scope: re-exports from the x509 layer's public face only. Non-goals: any logic.
 * @module
 */
export {
  Certificate, Name, readName, dns, extensionCodec, formatIpAddress, ip,
  parseIpAddress, readExtensionList,
  decodeBasicConstraints, decodeExtKeyUsage, decodeKeyUsage, decodeSubjectAltName,
  encodeExtensionValue, formatExtensionValue, encodeBasicConstraints, encodeExtKeyUsage, encodeKeyUsage, encodeSubjectAltName,
  type BasicConstraints, type ExtKeyUsage, type ExtensionCodec, type GeneralName, type KeyUsage, type NameInit,
  type RawExtension, getExtension, subjectAltNameCodec,
  checkDnsName, checkEmailAddress, generalNamesMatchHost, isInternalName, isPublicSuffix, looksLikeIpAddress, reservedIpRange,
  wildcardCovers, type NameProblem,
} from '../x509/index';
