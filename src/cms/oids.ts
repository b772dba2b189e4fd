/**
 * Object identifiers of the CMS layer: content types (RFC 5652 §4-§5, RFC 2315) and the digest
 * algorithms a SignerInfo names (RFC 5754 §2, RFC 8419 §3, RFC 8702 §2).
 * Non-goals: the PKCS#9 attribute OIDs (in `certkit/oid`), signature algorithm OIDs (`certkit/sig`).
 * @module
 */

/**
 * CMS content types and the digest algorithms certkit computes.
 * @example
 * ```ts
 * if (sd.contentType === CMS_OID.data) console.log('plain data');
 * ```
 */
export const CMS_OID = {
  /** id-data, RFC 5652 §4. */
  data: '1.2.840.113549.1.7.1',
  /** id-signedData, RFC 5652 §5.1. */
  signedData: '1.2.840.113549.1.7.2',
  /** id-envelopedData, RFC 5652 §6.1 (named for messages only; not implemented). */
  envelopedData: '1.2.840.113549.1.7.3',
  /** id-digestedData, RFC 5652 §7. */
  digestedData: '1.2.840.113549.1.7.5',
  /** id-encryptedData, RFC 5652 §8. */
  encryptedData: '1.2.840.113549.1.7.6',
  /** id-ct-authData, RFC 5652 §9. */
  authData: '1.2.840.113549.1.9.16.1.2',
  sha1: '1.3.14.3.2.26',
  sha224: '2.16.840.1.101.3.4.2.4',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  /** id-shake256, RFC 8702 §2 (with Ed448, 512 bits of output: RFC 8419 §3.2). */
  shake256: '2.16.840.1.101.3.4.2.12',
} as const;
