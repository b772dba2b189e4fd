/**
 * Object identifiers of algorithms: signatures, public keys, named curves, hashes, MACs.
 *
 * Scope: what X.509 certificates, CSRs and CRLs carry in `AlgorithmIdentifier`s: RSA
 * (RFC 8017, RFC 4055, RFC 8702), DSA (RFC 3279, RFC 5758), ECDSA and the named curves (RFC 5480,
 * RFC 5758, RFC 5639), EdDSA and the X curves (RFC 8410), ML-DSA (RFC 9881), SLH-DSA (RFC 9909),
 * ML-KEM (RFC 9935), and the hashes and HMACs these use. Weak and obsolete ones (MD2, MD4, MD5,
 * SHA-1) are here so that they can be named in messages and refused by policy, not used.
 * The same OID can be both a key algorithm and a signature algorithm (Ed25519, RSASSA-PSS,
 * ML-DSA, SLH-DSA); it then appears, with the same key, in both tables.
 * Non-goals: parameters and their validation (see `src/sig/`).
 * @module
 */

/**
 * Signature algorithms (`signatureAlgorithm`, `signature` fields), keyed by their ASN.1 names
 * with hyphens folded into camelCase (`ecdsa-with-SHA256` → `ecdsaWithSHA256`).
 *
 * @example
 * ```ts
 * import { SIGNATURE_ALGORITHM } from 'certkit/oid';
 * SIGNATURE_ALGORITHM.ecdsaWithSHA256; // '1.2.840.10045.4.3.2'
 * ```
 */
export const SIGNATURE_ALGORITHM = {
  // RFC 8017 Appendix C, pkcs-1 = 1.2.840.113549.1.1
  md2WithRSAEncryption: '1.2.840.113549.1.1.2',
  md4WithRSAEncryption: '1.2.840.113549.1.1.3', // RFC 1320 / PKCS#1 v1.5; only in ancient CSRs
  md5WithRSAEncryption: '1.2.840.113549.1.1.4',
  sha1WithRSAEncryption: '1.2.840.113549.1.1.5',
  rsassaPss: '1.2.840.113549.1.1.10', // RFC 4055 §3.1, RFC 8017 Appendix C (id-RSASSA-PSS)
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  sha384WithRSAEncryption: '1.2.840.113549.1.1.12',
  sha512WithRSAEncryption: '1.2.840.113549.1.1.13',
  sha224WithRSAEncryption: '1.2.840.113549.1.1.14',
  sha512_224WithRSAEncryption: '1.2.840.113549.1.1.15',
  sha512_256WithRSAEncryption: '1.2.840.113549.1.1.16',
  // OIW secsig sha-1WithRSAEncryption (1.3.14.3.2.29): an old alias of sha1WithRSAEncryption
  // still found in a few certificates (pyca vector `custom/alternate-rsa-sha1-oid.der`)
  sha1WithRSA: '1.3.14.3.2.29',
  // NIST CSOR sigAlgs = 2.16.840.1.101.3.4.3; RSASSA-PKCS1-v1_5 with SHA-3 (id-rsassa-pkcs1-v1_5-with-sha3-*)
  rsaWithSHA3_224: '2.16.840.1.101.3.4.3.13',
  rsaWithSHA3_256: '2.16.840.1.101.3.4.3.14',
  rsaWithSHA3_384: '2.16.840.1.101.3.4.3.15',
  rsaWithSHA3_512: '2.16.840.1.101.3.4.3.16',
  // RFC 3279 §2.2.2 (id-dsa-with-sha1, 1.2.840.10040.4.3) and RFC 5758 §3.1 (CSOR sigAlgs 1, 2)
  dsaWithSHA1: '1.2.840.10040.4.3',
  dsaWithSHA224: '2.16.840.1.101.3.4.3.1',
  dsaWithSHA256: '2.16.840.1.101.3.4.3.2',
  // RFC 3279 §2.2.3 (ecdsa-with-SHA1) and RFC 5758 §3.2 (ecdsa-with-SHA2 = 1.2.840.10045.4.3)
  ecdsaWithSHA1: '1.2.840.10045.4.1',
  ecdsaWithSHA224: '1.2.840.10045.4.3.1',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  ecdsaWithSHA384: '1.2.840.10045.4.3.3',
  ecdsaWithSHA512: '1.2.840.10045.4.3.4',
  // NIST CSOR sigAlgs 9..12: id-ecdsa-with-sha3-*
  ecdsaWithSHA3_224: '2.16.840.1.101.3.4.3.9',
  ecdsaWithSHA3_256: '2.16.840.1.101.3.4.3.10',
  ecdsaWithSHA3_384: '2.16.840.1.101.3.4.3.11',
  ecdsaWithSHA3_512: '2.16.840.1.101.3.4.3.12',
  // RFC 8410 §3: id-Ed25519 = { 1 3 101 112 }, id-Ed448 = { 1 3 101 113 }
  ed25519: '1.3.101.112',
  ed448: '1.3.101.113',
  // RFC 9881 §2: id-ml-dsa-{44,65,87} = sigAlgs 17..19
  mlDsa44: '2.16.840.1.101.3.4.3.17',
  mlDsa65: '2.16.840.1.101.3.4.3.18',
  mlDsa87: '2.16.840.1.101.3.4.3.19',
  // RFC 9909 §3 (pure SLH-DSA, from RFC 9814): id-slh-dsa-* = sigAlgs 20..31
  slhDsaSha2_128s: '2.16.840.1.101.3.4.3.20',
  slhDsaSha2_128f: '2.16.840.1.101.3.4.3.21',
  slhDsaSha2_192s: '2.16.840.1.101.3.4.3.22',
  slhDsaSha2_192f: '2.16.840.1.101.3.4.3.23',
  slhDsaSha2_256s: '2.16.840.1.101.3.4.3.24',
  slhDsaSha2_256f: '2.16.840.1.101.3.4.3.25',
  slhDsaShake_128s: '2.16.840.1.101.3.4.3.26',
  slhDsaShake_128f: '2.16.840.1.101.3.4.3.27',
  slhDsaShake_192s: '2.16.840.1.101.3.4.3.28',
  slhDsaShake_192f: '2.16.840.1.101.3.4.3.29',
  slhDsaShake_256s: '2.16.840.1.101.3.4.3.30',
  slhDsaShake_256f: '2.16.840.1.101.3.4.3.31',
} as const;

/** Any dotted OID in {@link SIGNATURE_ALGORITHM}. */
export type SignatureAlgorithmOid = (typeof SIGNATURE_ALGORITHM)[keyof typeof SIGNATURE_ALGORITHM];

/**
 * Public key algorithms (`SubjectPublicKeyInfo.algorithm`).
 *
 * @example
 * ```ts
 * import { PUBLIC_KEY_ALGORITHM } from 'certkit/oid';
 * if (spki.algorithm === PUBLIC_KEY_ALGORITHM.ecPublicKey) { ... }
 * ```
 */
export const PUBLIC_KEY_ALGORITHM = {
  rsaEncryption: '1.2.840.113549.1.1.1', // RFC 8017 Appendix C, RFC 3279 §2.3.1
  rsaesOaep: '1.2.840.113549.1.1.7', // RFC 4055 §4.1 (id-RSAES-OAEP)
  rsassaPss: '1.2.840.113549.1.1.10', // RFC 4055 §3.1 (id-RSASSA-PSS)
  dsa: '1.2.840.10040.4.1', // RFC 3279 §2.3.2 (id-dsa)
  dhPublicNumber: '1.2.840.10046.2.1', // RFC 3279 §2.3.3 (dhpublicnumber)
  ecPublicKey: '1.2.840.10045.2.1', // RFC 5480 §2.1.1 (id-ecPublicKey)
  ecDH: '1.3.132.1.12', // RFC 5480 §2.1.2 (id-ecDH)
  ecMQV: '1.3.132.1.13', // RFC 5480 §2.1.2 (id-ecMQV)
  // RFC 8410 §3: id-X25519 .. id-Ed448 = 1.3.101.110 .. 113
  x25519: '1.3.101.110',
  x448: '1.3.101.111',
  ed25519: '1.3.101.112',
  ed448: '1.3.101.113',
  // RFC 9881 §2
  mlDsa44: '2.16.840.1.101.3.4.3.17',
  mlDsa65: '2.16.840.1.101.3.4.3.18',
  mlDsa87: '2.16.840.1.101.3.4.3.19',
  // RFC 9909 §3
  slhDsaSha2_128s: '2.16.840.1.101.3.4.3.20',
  slhDsaSha2_128f: '2.16.840.1.101.3.4.3.21',
  slhDsaSha2_192s: '2.16.840.1.101.3.4.3.22',
  slhDsaSha2_192f: '2.16.840.1.101.3.4.3.23',
  slhDsaSha2_256s: '2.16.840.1.101.3.4.3.24',
  slhDsaSha2_256f: '2.16.840.1.101.3.4.3.25',
  slhDsaShake_128s: '2.16.840.1.101.3.4.3.26',
  slhDsaShake_128f: '2.16.840.1.101.3.4.3.27',
  slhDsaShake_192s: '2.16.840.1.101.3.4.3.28',
  slhDsaShake_192f: '2.16.840.1.101.3.4.3.29',
  slhDsaShake_256s: '2.16.840.1.101.3.4.3.30',
  slhDsaShake_256f: '2.16.840.1.101.3.4.3.31',
  // RFC 9935 §3: id-alg-ml-kem-{512,768,1024} = kems(2.16.840.1.101.3.4.4) 1..3
  mlKem512: '2.16.840.1.101.3.4.4.1',
  mlKem768: '2.16.840.1.101.3.4.4.2',
  mlKem1024: '2.16.840.1.101.3.4.4.3',
} as const;

/** Any dotted OID in {@link PUBLIC_KEY_ALGORITHM}. */
export type PublicKeyAlgorithmOid = (typeof PUBLIC_KEY_ALGORITHM)[keyof typeof PUBLIC_KEY_ALGORITHM];

/**
 * Named elliptic curves (`ECParameters.namedCurve`), keyed by their RFC 5480 §2.1.1.1 names.
 *
 * @example
 * ```ts
 * import { NAMED_CURVE } from 'certkit/oid';
 * NAMED_CURVE.secp256r1; // '1.2.840.10045.3.1.7' (P-256, prime256v1)
 * ```
 */
export const NAMED_CURVE = {
  // RFC 5480 §2.1.1.1
  secp192r1: '1.2.840.10045.3.1.1',
  secp224r1: '1.3.132.0.33',
  secp256r1: '1.2.840.10045.3.1.7',
  secp384r1: '1.3.132.0.34',
  secp521r1: '1.3.132.0.35',
  // SEC 2 v2 §A.2.1 (certicom-arc curve 10): the Bitcoin curve
  secp256k1: '1.3.132.0.10',
  // RFC 5639 §4.1: ecStdCurvesAndGeneration = 1.3.36.3.3.2.8.1.1
  brainpoolP256r1: '1.3.36.3.3.2.8.1.1.7',
  brainpoolP384r1: '1.3.36.3.3.2.8.1.1.11',
  brainpoolP512r1: '1.3.36.3.3.2.8.1.1.13',
} as const;

/** Any dotted OID in {@link NAMED_CURVE}. */
export type NamedCurveOid = (typeof NAMED_CURVE)[keyof typeof NAMED_CURVE];

/**
 * Hash functions (`DigestAlgorithmIdentifier`, RSASSA-PSS and OAEP parameters).
 *
 * @example
 * ```ts
 * import { HASH_ALGORITHM } from 'certkit/oid';
 * HASH_ALGORITHM.sha256; // '2.16.840.1.101.3.4.2.1'
 * ```
 */
export const HASH_ALGORITHM = {
  // RFC 3279 §2.2.1 / RFC 8017 Appendix C (digestAlgorithm = 1.2.840.113549.2)
  md2: '1.2.840.113549.2.2',
  md4: '1.2.840.113549.2.4',
  md5: '1.2.840.113549.2.5',
  // RFC 3279 §2.2.1: id-sha1 = { iso(1) identified-organization(3) oiw(14) secsig(3) algorithms(2) 26 }
  sha1: '1.3.14.3.2.26',
  // RFC 5754 §2 and NIST CSOR hashAlgs = 2.16.840.1.101.3.4.2
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  sha224: '2.16.840.1.101.3.4.2.4',
  sha512_224: '2.16.840.1.101.3.4.2.5',
  sha512_256: '2.16.840.1.101.3.4.2.6',
  sha3_224: '2.16.840.1.101.3.4.2.7',
  sha3_256: '2.16.840.1.101.3.4.2.8',
  sha3_384: '2.16.840.1.101.3.4.2.9',
  sha3_512: '2.16.840.1.101.3.4.2.10',
  shake128: '2.16.840.1.101.3.4.2.11', // RFC 8702 §2
  shake256: '2.16.840.1.101.3.4.2.12', // RFC 8702 §2
} as const;

/** Any dotted OID in {@link HASH_ALGORITHM}. */
export type HashAlgorithmOid = (typeof HASH_ALGORITHM)[keyof typeof HASH_ALGORITHM];

/**
 * HMAC algorithms (RFC 8018 Appendix B.1, PKCS#12 MACs), keyed by their ASN.1 names.
 *
 * @example
 * ```ts
 * import { MAC_ALGORITHM } from 'certkit/oid';
 * MAC_ALGORITHM.hmacWithSHA256; // '1.2.840.113549.2.9'
 * ```
 */
export const MAC_ALGORITHM = {
  hmacWithSHA1: '1.2.840.113549.2.7',
  hmacWithSHA224: '1.2.840.113549.2.8',
  hmacWithSHA256: '1.2.840.113549.2.9',
  hmacWithSHA384: '1.2.840.113549.2.10',
  hmacWithSHA512: '1.2.840.113549.2.11',
} as const;

/** Any dotted OID in {@link MAC_ALGORITHM}. */
export type MacAlgorithmOid = (typeof MAC_ALGORITHM)[keyof typeof MAC_ALGORITHM];

/**
 * OIDs that appear inside RSA parameters: the mask generation function of RSASSA-PSS and
 * RSAES-OAEP, and OAEP's `pSourceAlgorithm` (RFC 4055 §2.2, §4.1; RFC 8017 Appendix C).
 *
 * @example
 * ```ts
 * import { RSA_PARAMETER } from 'certkit/oid';
 * RSA_PARAMETER.mgf1; // '1.2.840.113549.1.1.8'
 * ```
 */
export const RSA_PARAMETER = { mgf1: '1.2.840.113549.1.1.8', pSpecified: '1.2.840.113549.1.1.9' } as const;

/** Any dotted OID in {@link RSA_PARAMETER}. */
export type RsaParameterOid = (typeof RSA_PARAMETER)[keyof typeof RSA_PARAMETER];
