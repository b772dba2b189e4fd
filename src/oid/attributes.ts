/**
 * Object identifiers of the attribute types that appear in distinguished names.
 *
 * Scope: the X.520 attribute types RFC 5280 §4.1.2.4 asks implementations to handle, the ones
 * the CA/Browser Forum profiles use (organizationIdentifier, the EV jurisdiction attributes),
 * and the legacy PKCS#9 / RFC 4519 types still found in subjects (emailAddress, DC, UID).
 * Non-goals: attribute syntaxes and matching rules (see `src/x509/name.ts`), display names
 * (see `registry.ts`).
 * @module
 */

/**
 * DN attribute types, keyed by their ASN.1 names (X.520, RFC 4519, RFC 2985).
 *
 * The registry gives each one its short name (`CN`, `O`, `OU`, ...): see `oidName`.
 *
 * @example
 * ```ts
 * import { ATTRIBUTE } from 'certkit/oid';
 * ATTRIBUTE.commonName; // '2.5.4.3'
 * ```
 */
export const ATTRIBUTE = {
  // X.520 (2019) §6, id-at = 2.5.4; RFC 5280 §4.1.2.4 and Appendix A.1
  commonName: '2.5.4.3',
  surname: '2.5.4.4',
  serialNumber: '2.5.4.5',
  countryName: '2.5.4.6',
  localityName: '2.5.4.7',
  stateOrProvinceName: '2.5.4.8',
  streetAddress: '2.5.4.9',
  organizationName: '2.5.4.10',
  organizationalUnitName: '2.5.4.11',
  title: '2.5.4.12',
  description: '2.5.4.13',
  businessCategory: '2.5.4.15',
  postalAddress: '2.5.4.16',
  postalCode: '2.5.4.17',
  postOfficeBox: '2.5.4.18',
  telephoneNumber: '2.5.4.20',
  name: '2.5.4.41',
  givenName: '2.5.4.42',
  initials: '2.5.4.43',
  generationQualifier: '2.5.4.44',
  x500UniqueIdentifier: '2.5.4.45',
  dnQualifier: '2.5.4.46',
  pseudonym: '2.5.4.65',
  role: '2.5.4.72',
  // X.520 (2016) id-at-organizationIdentifier; CA/B EV Guidelines §9.2.8, ETSI EN 319 412-1 §5.1.4
  organizationIdentifier: '2.5.4.97',
  // RFC 2985 §5.2.1 (pkcs-9-at-emailAddress); RFC 5280 §4.1.2.6 calls it legacy but it is everywhere
  emailAddress: '1.2.840.113549.1.9.1',
  // RFC 2985 §5.2.2 and §5.2.3
  unstructuredName: '1.2.840.113549.1.9.2',
  unstructuredAddress: '1.2.840.113549.1.9.8',
  // RFC 4519 §2.4 (dc) and §2.39 (uid); RFC 5280 §4.1.2.4 requires DC support
  domainComponent: '0.9.2342.19200300.100.1.25',
  userId: '0.9.2342.19200300.100.1.1',
  // CA/B EV Guidelines §9.2.4: jurisdictionOfIncorporation{Locality,StateOrProvince,Country}Name
  jurisdictionLocalityName: '1.3.6.1.4.1.311.60.2.1.1',
  jurisdictionStateOrProvinceName: '1.3.6.1.4.1.311.60.2.1.2',
  jurisdictionCountryName: '1.3.6.1.4.1.311.60.2.1.3',
} as const;

/** Any dotted OID in {@link ATTRIBUTE}. */
export type AttributeOid = (typeof ATTRIBUTE)[keyof typeof ATTRIBUTE];
