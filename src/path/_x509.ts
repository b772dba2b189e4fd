/**
 * The parts of the x509 layer the path layer uses, gathered in one private module.
 *
 * Scope: re-exports only, all through the x509 layer's public face (`src/x509/index.ts`) and
 * the CRL layer's (`src/crl/index.ts`), so the path layer's dependencies are listed in one
 * place. Non-goals: any logic.
 * @module
 */
export { Certificate, parseCertificate } from '../x509/index';
export { Name } from '../x509/index';
export { formatIpAddress, type GeneralName } from '../x509/index';
export { asciiLower, generalNamesMatchEmail, generalNamesMatchHost, isValidDnsName, splitMailbox } from '../x509/index';
export {
  getDecodedExtension,
  certificatePublicKey,
  certificateSignatureAlgorithm,
  getExtension,
  crlNumberCodec,
  type AuthorityKeyIdentifier,
  type BasicConstraints,
  type CertificatePolicies,
  type ExtKeyUsage,
  type KeyUsage,
  type NameConstraints,
  type PolicyConstraints,
  type PolicyMappings,
  type SubjectAltName,
} from '../x509/index';
export { checkRevocationSync, parseCrl, Crl, type RevocationStatus } from '../crl/index';
