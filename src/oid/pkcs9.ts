/**
 * Object identifiers of PKCS#9 attributes (RFC 2985) used in CSRs, CMS and PKCS#12.
 *
 * Scope: the attributes a PKCS#10 request carries (RFC 2986 §4.1: challengePassword,
 * extensionRequest, and Microsoft's older extension request), the CMS signed attributes
 * (RFC 5652 §11), and the PKCS#12 bag attributes (friendlyName, localKeyId).
 * `emailAddress`, `unstructuredName` and `unstructuredAddress` also appear in
 * `attributes.ts`: same values, kept in both so each family is complete on its own.
 * Non-goals: attribute syntaxes (see `src/csr/`).
 * @module
 */

/**
 * PKCS#9 attribute types, keyed by their RFC 2985 names (pkcs-9 = 1.2.840.113549.1.9).
 *
 * @example
 * ```ts
 * import { PKCS9 } from 'certkit/oid';
 * csr.attributes.find((a) => a.oid === PKCS9.extensionRequest);
 * ```
 */
export const PKCS9 = {
  emailAddress: '1.2.840.113549.1.9.1', // RFC 2985 §5.2.1
  unstructuredName: '1.2.840.113549.1.9.2', // RFC 2985 §5.2.2
  contentType: '1.2.840.113549.1.9.3', // RFC 2985 §5.3.1, RFC 5652 §11.1
  messageDigest: '1.2.840.113549.1.9.4', // RFC 2985 §5.3.2, RFC 5652 §11.2
  signingTime: '1.2.840.113549.1.9.5', // RFC 2985 §5.3.3, RFC 5652 §11.3
  countersignature: '1.2.840.113549.1.9.6', // RFC 2985 §5.3.6, RFC 5652 §11.4
  challengePassword: '1.2.840.113549.1.9.7', // RFC 2985 §5.4.1
  unstructuredAddress: '1.2.840.113549.1.9.8', // RFC 2985 §5.2.3
  extendedCertificateAttributes: '1.2.840.113549.1.9.9', // RFC 2985 §5.2.4
  extensionRequest: '1.2.840.113549.1.9.14', // RFC 2985 §5.4.2
  smimeCapabilities: '1.2.840.113549.1.9.15', // RFC 2985 §5.6, RFC 8551 §2.5.2
  friendlyName: '1.2.840.113549.1.9.20', // RFC 2985 §5.5.1
  localKeyId: '1.2.840.113549.1.9.21', // RFC 2985 §5.5.2
  // Microsoft's pre-standard extension request (wincrypt.h szOID_CERT_EXTENSIONS, "msExtReq")
  msExtensionRequest: '1.3.6.1.4.1.311.2.1.14',
} as const;

/** Any dotted OID in {@link PKCS9}. */
export type Pkcs9Oid = (typeof PKCS9)[keyof typeof PKCS9];
