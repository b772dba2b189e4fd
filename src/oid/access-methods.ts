/**
 * Object identifiers of access methods and policy qualifiers.
 *
 * Scope: the `accessMethod` values of the Authority and Subject Information Access extensions
 * (RFC 5280 §4.2.2.1–4.2.2.2, id-ad = 1.3.6.1.5.5.7.48) and the `policyQualifierId` values of
 * the Certificate Policies extension (RFC 5280 §4.2.1.4, id-qt = 1.3.6.1.5.5.7.2).
 * Non-goals: fetching anything from these locations.
 * @module
 */

/**
 * Access methods, keyed by the ASN.1 name without its `id-ad-` prefix.
 *
 * `timeStamping` here is `id-ad-timeStamping` (a location), not the key purpose
 * `id-kp-timeStamping`; the registry names it `adTimeStamping` to tell them apart.
 *
 * @example
 * ```ts
 * import { ACCESS_METHOD } from 'certkit/oid';
 * aia.filter((d) => d.method === ACCESS_METHOD.ocsp);
 * ```
 */
export const ACCESS_METHOD = {
  ocsp: '1.3.6.1.5.5.7.48.1', // RFC 5280 §4.2.2.1
  caIssuers: '1.3.6.1.5.5.7.48.2', // RFC 5280 §4.2.2.1
  timeStamping: '1.3.6.1.5.5.7.48.3', // RFC 5280 §4.2.2.2
  caRepository: '1.3.6.1.5.5.7.48.5', // RFC 5280 §4.2.2.2
} as const;

/** Any dotted OID in {@link ACCESS_METHOD}. */
export type AccessMethodOid = (typeof ACCESS_METHOD)[keyof typeof ACCESS_METHOD];

/**
 * Policy qualifier identifiers, keyed by the ASN.1 name without its `id-qt-` prefix.
 *
 * @example
 * ```ts
 * import { POLICY_QUALIFIER } from 'certkit/oid';
 * POLICY_QUALIFIER.cps; // '1.3.6.1.5.5.7.2.1'
 * ```
 */
export const POLICY_QUALIFIER = {
  cps: '1.3.6.1.5.5.7.2.1', // RFC 5280 §4.2.1.4 id-qt-cps
  unotice: '1.3.6.1.5.5.7.2.2', // RFC 5280 §4.2.1.4 id-qt-unotice
} as const;

/** Any dotted OID in {@link POLICY_QUALIFIER}. */
export type PolicyQualifierOid = (typeof POLICY_QUALIFIER)[keyof typeof POLICY_QUALIFIER];
