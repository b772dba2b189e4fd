/**
 * Object identifiers of certificate, CRL and CRL entry extensions.
 *
 * Scope: every extension RFC 5280 §4.2 and §5.2–5.3 defines, the PKIX private extensions
 * (id-pe) in common use, the Certificate Transparency extensions (RFC 6962), the CA/Browser
 * Forum extensions, and the Netscape and Microsoft extensions still seen in the wild, so that
 * they can be named. Also the hold instruction codes of RFC 5280 §5.3.2.
 * Non-goals: extension syntaxes and decoders (see `src/x509/extensions/`).
 * @module
 */

/**
 * Extension identifiers (`extnID`), keyed by the ASN.1 name without its `id-ce-`/`id-pe-` prefix.
 *
 * @example
 * ```ts
 * import { EXTENSION } from 'certkit/oid';
 * if (ext.oid === EXTENSION.basicConstraints) { ... }
 * ```
 */
export const EXTENSION = {
  // RFC 5280 §4.2.1, id-ce = 2.5.29
  subjectDirectoryAttributes: '2.5.29.9', // §4.2.1.8
  subjectKeyIdentifier: '2.5.29.14', // §4.2.1.2
  keyUsage: '2.5.29.15', // §4.2.1.3
  privateKeyUsagePeriod: '2.5.29.16', // RFC 3280 §4.2.1.4 (kept in RFC 5280's ASN.1 module)
  subjectAltName: '2.5.29.17', // §4.2.1.6
  issuerAltName: '2.5.29.18', // §4.2.1.7, §5.2.2
  basicConstraints: '2.5.29.19', // §4.2.1.9
  cRLNumber: '2.5.29.20', // §5.2.3
  reasonCode: '2.5.29.21', // §5.3.1 (id-ce-cRLReasons)
  holdInstructionCode: '2.5.29.23', // §5.3.2
  invalidityDate: '2.5.29.24', // §5.3.2
  deltaCRLIndicator: '2.5.29.27', // §5.2.4
  issuingDistributionPoint: '2.5.29.28', // §5.2.5
  certificateIssuer: '2.5.29.29', // §5.3.3
  nameConstraints: '2.5.29.30', // §4.2.1.10
  cRLDistributionPoints: '2.5.29.31', // §4.2.1.13
  certificatePolicies: '2.5.29.32', // §4.2.1.4
  policyMappings: '2.5.29.33', // §4.2.1.5
  authorityKeyIdentifier: '2.5.29.35', // §4.2.1.1, §5.2.1
  policyConstraints: '2.5.29.36', // §4.2.1.11
  extKeyUsage: '2.5.29.37', // §4.2.1.12
  freshestCRL: '2.5.29.46', // §4.2.1.15, §5.2.6
  inhibitAnyPolicy: '2.5.29.54', // §4.2.1.14
  // RFC 5280 §4.2.2, id-pe = 1.3.6.1.5.5.7.1
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1', // §4.2.2.1, §5.2.7
  biometricInfo: '1.3.6.1.5.5.7.1.2', // RFC 3739 §4.2.2.1
  qcStatements: '1.3.6.1.5.5.7.1.3', // RFC 3739 §4.2.2.2
  ipAddrBlocks: '1.3.6.1.5.5.7.1.7', // RFC 3779 §2.2.1
  autonomousSysIds: '1.3.6.1.5.5.7.1.8', // RFC 3779 §3.2.1
  subjectInfoAccess: '1.3.6.1.5.5.7.1.11', // §4.2.2.2
  logotype: '1.3.6.1.5.5.7.1.12', // RFC 3709 §4.1
  tlsFeature: '1.3.6.1.5.5.7.1.24', // RFC 7633 §6 (id-pe-tlsfeature)
  acmeIdentifier: '1.3.6.1.5.5.7.1.31', // RFC 8737 §6.1 (id-pe-acmeIdentifier)
  // RFC 6960 §4.2.2.2.1: id-pkix-ocsp-nocheck = id-pkix-ocsp 5
  ocspNoCheck: '1.3.6.1.5.5.7.48.1.5',
  // RFC 6962 §3.3 (SCT list) and §3.1 (precertificate poison)
  signedCertificateTimestampList: '1.3.6.1.4.1.11129.2.4.2',
  precertificatePoison: '1.3.6.1.4.1.11129.2.4.3',
  // CA/B EV Guidelines §9.8.2 (cabfOrganizationIdentifier) and Appendix F (cabf-TorServiceDescriptor)
  cabfOrganizationIdentifier: '2.23.140.3.1',
  torServiceDescriptor: '2.23.140.1.31',
  // Netscape Certificate Extensions (1996): legacy, still in old roots
  netscapeCertType: '2.16.840.1.113730.1.1',
  netscapeComment: '2.16.840.1.113730.1.13',
  // Microsoft AD CS (wincrypt.h: szOID_ENROLL_CERTTYPE_EXTENSION, szOID_CERTSRV_CA_VERSION,
  // szOID_CERTIFICATE_TEMPLATE, szOID_APPLICATION_CERT_POLICIES)
  msCertificateTemplateName: '1.3.6.1.4.1.311.20.2',
  msCaVersion: '1.3.6.1.4.1.311.21.1',
  msCertificateTemplate: '1.3.6.1.4.1.311.21.7',
  msApplicationPolicies: '1.3.6.1.4.1.311.21.10',
} as const;

/** Any dotted OID in {@link EXTENSION}. */
export type ExtensionOid = (typeof EXTENSION)[keyof typeof EXTENSION];

/**
 * Values of the `holdInstructionCode` CRL entry extension (RFC 5280 §5.3.2,
 * `holdInstruction = 1.2.840.10040.2`).
 *
 * @example
 * ```ts
 * import { HOLD_INSTRUCTION } from 'certkit/oid';
 * HOLD_INSTRUCTION.callIssuer; // '1.2.840.10040.2.2'
 * ```
 */
export const HOLD_INSTRUCTION = { none: '1.2.840.10040.2.1', callIssuer: '1.2.840.10040.2.2', reject: '1.2.840.10040.2.3' } as const;

/** Any dotted OID in {@link HOLD_INSTRUCTION}. */
export type HoldInstructionOid = (typeof HOLD_INSTRUCTION)[keyof typeof HOLD_INSTRUCTION];
