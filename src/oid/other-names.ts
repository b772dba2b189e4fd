/**
 * Object identifiers of `otherName` forms in GeneralName (RFC 5280 §4.2.1.6).
 *
 * Scope: the PKIX `id-on` forms (id-on = 1.3.6.1.5.5.7.8), the Kerberos principal name of
 * PKINIT and Microsoft's user principal name.
 * Non-goals: decoding the values (see `src/x509/general-name.ts`).
 * @module
 */

/**
 * otherName type identifiers, keyed by the ASN.1 name without its `id-on-` prefix.
 *
 * @example
 * ```ts
 * import { OTHER_NAME } from 'certkit/oid';
 * if (name.typeId === OTHER_NAME.smtpUtf8Mailbox) { ... }
 * ```
 */
export const OTHER_NAME = {
  permanentIdentifier: '1.3.6.1.5.5.7.8.3', // RFC 4043 §2
  hardwareModuleName: '1.3.6.1.5.5.7.8.4', // RFC 4108 §5
  xmppAddr: '1.3.6.1.5.5.7.8.5', // RFC 6120 §13.7.1.4
  dnsSrv: '1.3.6.1.5.5.7.8.7', // RFC 4985 §2 (id-on-dnsSRV)
  naiRealm: '1.3.6.1.5.5.7.8.8', // RFC 7585 §2.2
  smtpUtf8Mailbox: '1.3.6.1.5.5.7.8.9', // RFC 9598 §3 (id-on-SmtpUTF8Mailbox)
  // RFC 4556 §3.2.2: id-pkinit-san = { iso(1) org(3) dod(6) internet(1) security(5) kerberosv5(2) 2 }
  krb5PrincipalName: '1.3.6.1.5.2.2',
  // Microsoft user principal name (wincrypt.h szOID_NT_PRINCIPAL_NAME)
  msUpn: '1.3.6.1.4.1.311.20.2.3',
} as const;

/** Any dotted OID in {@link OTHER_NAME}. */
export type OtherNameOid = (typeof OTHER_NAME)[keyof typeof OTHER_NAME];
