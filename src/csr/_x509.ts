/**
 * The parts of the x509 layer the CSR layer uses, gathered in one private module.
 *
 * Scope: re-exports only. The x509 layer's public face (`src/x509/index.ts`) was being written
 * at the same time as this layer; importing through this one file keeps the switch to it a
 * one-line change. Non-goals: any logic.
 * @module
 */
export { Name, NameError, attributeShortName, type NameInit } from '../x509/name';
export {
  dns, email, formatGeneralName, formatIpAddress, ip, parseIpAddress, upn, uri, type GeneralName,
} from '../x509/general-name';
export { Certificate, type RawExtension } from '../x509/certificate';
export {
  decodeSubjectAltName, encodeSubjectAltName, formatSubjectAltName, subjectAltNameCodec,
} from '../x509/extensions/subject-alt-name';
export {
  decodeKeyUsage, encodeKeyUsage, formatKeyUsage, keyUsageCodec, type KeyUsage, type KeyUsageName,
} from '../x509/extensions/key-usage';
export {
  decodeExtKeyUsage, encodeExtKeyUsage, formatExtKeyUsage, extKeyUsageCodec, type ExtKeyUsage,
} from '../x509/extensions/ext-key-usage';
export {
  decodeBasicConstraints, encodeBasicConstraints, formatBasicConstraints, basicConstraintsCodec, type BasicConstraints,
} from '../x509/extensions/basic-constraints';
export {
  decodeSubjectKeyIdentifier, formatSubjectKeyIdentifier, subjectKeyIdentifierCodec,
} from '../x509/extensions/subject-key-identifier';
export { authorityKeyIdentifierCodec } from '../x509/extensions/authority-key-identifier';
export type { ExtensionCodec } from '../x509/extensions/_common';
