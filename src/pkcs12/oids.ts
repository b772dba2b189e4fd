/**
 * Object identifiers of password-based encryption (RFC 8018, RFC 7914, RFC 7292 Appendix C) and of
 * the PKCS#12 syntax (RFC 7292 §4, Appendix D).
 *
 * Scope: the OIDs this layer reads and writes, as plain `as const` tables.
 * Non-goals: names for display (see `certkit/oid`).
 * @module
 */

/**
 * Password-based encryption and MAC OIDs, keyed by their ASN.1 names.
 *
 * @example
 * ```ts
 * import { PBE_OID } from 'certkit/pkcs12';
 * PBE_OID.pbes2; // '1.2.840.113549.1.5.13'
 * ```
 */
export const PBE_OID = {
  // RFC 8018 Appendix A
  pbkdf2: '1.2.840.113549.1.5.12',
  pbes2: '1.2.840.113549.1.5.13',
  pbmac1: '1.2.840.113549.1.5.14',
  // RFC 8018 Appendix A.3: PBES1 (PKCS#5 v1.5, single DES/RC2 with MD2/MD5/SHA-1)
  pbeWithMD2AndDESCBC: '1.2.840.113549.1.5.1',
  pbeWithMD2AndRC2CBC: '1.2.840.113549.1.5.4',
  pbeWithMD5AndDESCBC: '1.2.840.113549.1.5.3',
  pbeWithMD5AndRC2CBC: '1.2.840.113549.1.5.6',
  pbeWithSHA1AndDESCBC: '1.2.840.113549.1.5.10',
  pbeWithSHA1AndRC2CBC: '1.2.840.113549.1.5.11',
  // RFC 7914 §7
  scrypt: '1.3.6.1.4.1.11591.4.11',
  // RFC 8018 Appendix B.2 (encryption schemes)
  desEde3Cbc: '1.2.840.113549.3.7',
  rc2Cbc: '1.2.840.113549.3.2',
  aes128CbcPad: '2.16.840.1.101.3.4.1.2',
  aes192CbcPad: '2.16.840.1.101.3.4.1.22',
  aes256CbcPad: '2.16.840.1.101.3.4.1.42',
  // RFC 8018 Appendix B.1 (PRFs)
  hmacWithSHA1: '1.2.840.113549.2.7',
  hmacWithSHA224: '1.2.840.113549.2.8',
  hmacWithSHA256: '1.2.840.113549.2.9',
  hmacWithSHA384: '1.2.840.113549.2.10',
  hmacWithSHA512: '1.2.840.113549.2.11',
  // RFC 7292 Appendix C (pkcs-12PbeIds)
  pbeWithSHAAnd128BitRC4: '1.2.840.113549.1.12.1.1',
  pbeWithSHAAnd40BitRC4: '1.2.840.113549.1.12.1.2',
  pbeWithSHAAnd3KeyTripleDESCBC: '1.2.840.113549.1.12.1.3',
  pbeWithSHAAnd2KeyTripleDESCBC: '1.2.840.113549.1.12.1.4',
  pbeWithSHAAnd128BitRC2CBC: '1.2.840.113549.1.12.1.5',
  pbewithSHAAnd40BitRC2CBC: '1.2.840.113549.1.12.1.6',
} as const;

/**
 * PKCS#12 content, bag and certificate-type OIDs (RFC 7292 §4 and Appendix D; PKCS#7 content types
 * from RFC 2315 §14).
 *
 * @example
 * ```ts
 * import { PKCS12_OID } from 'certkit/pkcs12';
 * PKCS12_OID.pkcs8ShroudedKeyBag; // '1.2.840.113549.1.12.10.1.2'
 * ```
 */
export const PKCS12_OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  envelopedData: '1.2.840.113549.1.7.3',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  pkcs8ShroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  crlBag: '1.2.840.113549.1.12.10.1.4',
  secretBag: '1.2.840.113549.1.12.10.1.5',
  safeContentsBag: '1.2.840.113549.1.12.10.1.6',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  sdsiCertificate: '1.2.840.113549.1.9.22.2',
  x509Crl: '1.2.840.113549.1.9.23.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
} as const;
