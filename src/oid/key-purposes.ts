/**
 * Object identifiers of extended key usage purposes (KeyPurposeId).
 *
 * Scope: the purposes of RFC 5280 §4.2.1.12, the IPsec, SSH and document-signing purposes of
 * later RFCs, Kerberos PKINIT (RFC 4556), Certificate Transparency precertificate signing
 * (RFC 6962), and the Microsoft and Netscape purposes still seen in deployed certificates.
 * Non-goals: deciding which purpose a check needs (see `src/path/`).
 * @module
 */

/**
 * Extended key usage purposes, keyed by the ASN.1 name without its `id-kp-` prefix.
 *
 * @example
 * ```ts
 * import { KEY_PURPOSE } from 'certkit/oid';
 * ekus.includes(KEY_PURPOSE.serverAuth);
 * ```
 */
export const KEY_PURPOSE = {
  // RFC 5280 §4.2.1.12: anyExtendedKeyUsage = { id-ce-extKeyUsage 0 }
  anyExtendedKeyUsage: '2.5.29.37.0',
  // RFC 5280 §4.2.1.12, id-kp = 1.3.6.1.5.5.7.3
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  // RFC 2459 §4.2.1.13 (id-kp 5..7), obsoleted by RFC 4945 §5.1.3.12 but still issued
  ipsecEndSystem: '1.3.6.1.5.5.7.3.5',
  ipsecTunnel: '1.3.6.1.5.5.7.3.6',
  ipsecUser: '1.3.6.1.5.5.7.3.7',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  OCSPSigning: '1.3.6.1.5.5.7.3.9',
  ipsecIKE: '1.3.6.1.5.5.7.3.17', // RFC 4945 §5.1.3.12
  secureShellClient: '1.3.6.1.5.5.7.3.21', // RFC 6187 §2.2.2
  secureShellServer: '1.3.6.1.5.5.7.3.22', // RFC 6187 §2.2.2
  documentSigning: '1.3.6.1.5.5.7.3.36', // RFC 9336 §3.1
  // RFC 4556 §3.2.2: id-pkinit = 1.3.6.1.5.2.3
  pkinitClientAuth: '1.3.6.1.5.2.3.4',
  pkinitKdc: '1.3.6.1.5.2.3.5',
  // RFC 6962 §3.1: Precertificate Signing Certificate
  precertificateSigning: '1.3.6.1.4.1.11129.2.4.4',
  // Microsoft (wincrypt.h szOID_KP_SMARTCARD_LOGON, SPC_INDIVIDUAL/COMMERCIAL_SP_KEY_PURPOSE,
  // szOID_KP_CTL_USAGE_SIGNING, szOID_SERVER_GATED_CRYPTO, szOID_KP_EFS)
  smartcardLogon: '1.3.6.1.4.1.311.20.2.2',
  msCodeIndividual: '1.3.6.1.4.1.311.2.1.21',
  msCodeCommercial: '1.3.6.1.4.1.311.2.1.22',
  msCtlSigning: '1.3.6.1.4.1.311.10.3.1',
  msServerGatedCrypto: '1.3.6.1.4.1.311.10.3.3',
  msEncryptingFileSystem: '1.3.6.1.4.1.311.10.3.4',
  // Netscape Server Gated Crypto (legacy)
  nsServerGatedCrypto: '2.16.840.1.113730.4.1',
} as const;

/** Any dotted OID in {@link KEY_PURPOSE}. */
export type KeyPurposeOid = (typeof KEY_PURPOSE)[keyof typeof KEY_PURPOSE];
