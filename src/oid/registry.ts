/**
 * The OID registry: names for dotted OIDs and dotted OIDs for names.
 *
 * Scope: `oidName` (the short name shown to people: `CN`, `sha256WithRSAEncryption`,
 * `subjectAltName`), `oidFromName` (short names, long names and the ASN.1 `id-...` names),
 * `describeOid` for messages and dumps, and `isValidOidString` for dotted-decimal syntax.
 * The lookup tables are built on first use, never at import time, so a bundle that only
 * imports the constants (`ATTRIBUTE.commonName`) does not carry or run them.
 * Non-goals: BER/DER encoding of OIDs (see `src/der/oid.ts`), a complete OID database: unknown
 * OIDs are normal and are shown dotted.
 * @module
 */

import { ACCESS_METHOD, POLICY_QUALIFIER } from './access-methods';
import { HASH_ALGORITHM, MAC_ALGORITHM, NAMED_CURVE, PUBLIC_KEY_ALGORITHM, RSA_PARAMETER, SIGNATURE_ALGORITHM } from './algorithms';
import { ATTRIBUTE } from './attributes';
import { EXTENSION, HOLD_INSTRUCTION } from './extensions';
import { KEY_PURPOSE } from './key-purposes';
import { OTHER_NAME } from './other-names';
import { PKCS9 } from './pkcs9';
import { CERTIFICATE_POLICY } from './policies';

interface Tables {
  /** dotted OID → its names, display name first */
  names: Map<string, readonly string[]>;
  /** exact name → dotted OID */
  byName: Map<string, string>;
  /** lower-cased name → dotted OID, or `null` when two OIDs share it case-insensitively */
  byLowerName: Map<string, string | null>;
}

let _tables: Tables | undefined;

function _getTables(): Tables {
  return (_tables ??= _buildTables());
}

/**
 * Names per family member. The first name is the one `oidName` returns. A member without an
 * entry is named by its key. An entry lists every name of the member, its key included when
 * it should be one (it is left out for `ACCESS_METHOD.timeStamping`, whose key belongs to the
 * key purpose, and for the too generic `HOLD_INSTRUCTION` keys).
 */
function _families(): ReadonlyArray<readonly [Readonly<Record<string, string>>, Readonly<Record<string, readonly string[]>>]> {
  const kp = (key: string, ...more: string[]): readonly string[] => [key, `id-kp-${key}`, ...more];
  const slh = (key: string): readonly string[] => {
    // slhDsaSha2_128s → SLH-DSA-SHA2-128s, id-slh-dsa-sha2-128s (RFC 9909 §3 names)
    const [, hash = '', size = ''] = /^slhDsa(Sha2|Shake)_(\d+[sf])$/.exec(key) ?? [];
    return [`SLH-DSA-${hash.toUpperCase()}-${size}`, `id-slh-dsa-${hash.toLowerCase()}-${size}`, key];
  };
  const mlDsa = (n: number): readonly string[] => [`ML-DSA-${n}`, `id-ml-dsa-${n}`, `mlDsa${n}`];
  const rsa = (key: string, short: string): readonly string[] => [key, short];
  const ecdsa3 = (bits: number): readonly string[] => [`ecdsa-with-SHA3-${bits}`, `id-ecdsa-with-sha3-${bits}`, `ecdsa_with_SHA3-${bits}`, `ecdsaWithSHA3_${bits}`];
  const rsa3 = (bits: number): readonly string[] => [`id-rsassa-pkcs1-v1_5-with-sha3-${bits}`, `RSA-SHA3-${bits}`, `rsaWithSHA3_${bits}`];
  const sha2 = (bits: string): readonly string[] => [`sha${bits}`, `id-sha${bits}`, `SHA-${bits}`];
  const sha3 = (bits: number): readonly string[] => [`sha3-${bits}`, `id-sha3-${bits}`, `sha3_${bits}`];
  const algorithmNames = {
    rsassaPss: ['RSASSA-PSS', 'id-RSASSA-PSS', 'rsassaPss'],
    ed25519: ['Ed25519', 'id-Ed25519'],
    ed448: ['Ed448', 'id-Ed448'],
    mlDsa44: mlDsa(44),
    mlDsa65: mlDsa(65),
    mlDsa87: mlDsa(87),
    ...Object.fromEntries(
      Object.keys(SIGNATURE_ALGORITHM)
        .filter((k) => k.startsWith('slhDsa'))
        .map((k) => [k, slh(k)]),
    ),
  };
  return [
    [
      ATTRIBUTE,
      {
        // RFC 4514 §3 short names, and the ones OpenSSL prints (SN, GN)
        commonName: ['CN', 'commonName'],
        surname: ['SN', 'surname'],
        countryName: ['C', 'countryName'],
        localityName: ['L', 'localityName'],
        stateOrProvinceName: ['ST', 'stateOrProvinceName'],
        streetAddress: ['street', 'streetAddress'],
        organizationName: ['O', 'organizationName'],
        organizationalUnitName: ['OU', 'organizationalUnitName'],
        givenName: ['givenName', 'GN'],
        domainComponent: ['DC', 'domainComponent'],
        userId: ['UID', 'userId'],
        emailAddress: ['emailAddress', 'E'], // `E=` is how Windows writes it
        jurisdictionLocalityName: ['jurisdictionLocalityName', 'jurisdictionL'],
        jurisdictionStateOrProvinceName: ['jurisdictionStateOrProvinceName', 'jurisdictionST'],
        jurisdictionCountryName: ['jurisdictionCountryName', 'jurisdictionC'],
      },
    ],
    [
      EXTENSION,
      {
        reasonCode: ['reasonCode', 'cRLReasons', 'CRLReason'],
        extKeyUsage: ['extKeyUsage', 'extendedKeyUsage'],
        authorityInfoAccess: ['authorityInfoAccess', 'authorityInformationAccess'],
        subjectInfoAccess: ['subjectInfoAccess', 'subjectInformationAccess'],
        ipAddrBlocks: ['ipAddrBlocks', 'sbgp-ipAddrBlock'],
        autonomousSysIds: ['autonomousSysIds', 'sbgp-autonomousSysNum'],
        tlsFeature: ['tlsFeature', 'id-pe-tlsfeature'],
        acmeIdentifier: ['acmeIdentifier', 'id-pe-acmeIdentifier'],
        ocspNoCheck: ['ocspNoCheck', 'id-pkix-ocsp-nocheck', 'noCheck'],
        signedCertificateTimestampList: ['signedCertificateTimestampList', 'ct_precert_scts'],
        precertificatePoison: ['precertificatePoison', 'ct_precert_poison'],
        cabfOrganizationIdentifier: ['cabfOrganizationIdentifier', 'id-CABFOrganizationIdentifier'],
        torServiceDescriptor: ['torServiceDescriptor', 'cabf-TorServiceDescriptor'],
        netscapeCertType: ['netscapeCertType', 'nsCertType'],
        netscapeComment: ['netscapeComment', 'nsComment'],
      },
    ],
    [
      HOLD_INSTRUCTION,
      {
        none: ['holdInstructionNone', 'id-holdinstruction-none'],
        callIssuer: ['holdInstructionCallIssuer', 'id-holdinstruction-callissuer'],
        reject: ['holdInstructionReject', 'id-holdinstruction-reject'],
      },
    ],
    [
      KEY_PURPOSE,
      {
        serverAuth: kp('serverAuth'),
        clientAuth: kp('clientAuth'),
        codeSigning: kp('codeSigning'),
        emailProtection: kp('emailProtection'),
        ipsecEndSystem: kp('ipsecEndSystem'),
        ipsecTunnel: kp('ipsecTunnel'),
        ipsecUser: kp('ipsecUser'),
        timeStamping: kp('timeStamping'),
        OCSPSigning: kp('OCSPSigning'),
        ipsecIKE: kp('ipsecIKE'),
        secureShellClient: kp('secureShellClient'),
        secureShellServer: kp('secureShellServer'),
        documentSigning: kp('documentSigning'),
        pkinitClientAuth: ['pkinitClientAuth', 'id-pkinit-KPClientAuth'],
        pkinitKdc: ['pkinitKdc', 'id-pkinit-KPKdc'],
        smartcardLogon: ['smartcardLogon', 'msSmartcardLogin'],
        msCodeIndividual: ['msCodeIndividual', 'msCodeInd'],
        msCodeCommercial: ['msCodeCommercial', 'msCodeCom'],
        msCtlSigning: ['msCtlSigning', 'msCTLSign'],
        msServerGatedCrypto: ['msServerGatedCrypto', 'msSGC'],
        msEncryptingFileSystem: ['msEncryptingFileSystem', 'msEFS'],
        nsServerGatedCrypto: ['nsServerGatedCrypto', 'nsSGC'],
      },
    ],
    [
      ACCESS_METHOD,
      {
        ocsp: ['ocsp', 'id-ad-ocsp'],
        caIssuers: ['caIssuers', 'id-ad-caIssuers'],
        // not `timeStamping`: that name is the key purpose id-kp-timeStamping
        timeStamping: ['adTimeStamping', 'id-ad-timeStamping'],
        caRepository: ['caRepository', 'id-ad-caRepository'],
      },
    ],
    [POLICY_QUALIFIER, { cps: ['cps', 'id-qt-cps'], unotice: ['unotice', 'id-qt-unotice', 'userNotice'] }],
    [
      OTHER_NAME,
      {
        permanentIdentifier: ['permanentIdentifier', 'id-on-permanentIdentifier'],
        hardwareModuleName: ['hardwareModuleName', 'id-on-hardwareModuleName'],
        xmppAddr: ['xmppAddr', 'id-on-xmppAddr'],
        dnsSrv: ['dnsSRV', 'id-on-dnsSRV', 'SRVName'],
        naiRealm: ['naiRealm', 'id-on-naiRealm'],
        smtpUtf8Mailbox: ['SmtpUTF8Mailbox', 'id-on-SmtpUTF8Mailbox'],
        krb5PrincipalName: ['krb5PrincipalName', 'id-pkinit-san'],
        msUpn: ['msUPN', 'userPrincipalName', 'UPN'],
      },
    ],
    [PKCS9, { msExtensionRequest: ['msExtensionRequest', 'msExtReq'] }],
    [
      CERTIFICATE_POLICY,
      {
        // the CA/B ASN.1 arc names as aliases (BR §7.1.6.1, EV Guidelines, Code Signing BRs)
        cabfExtendedValidation: ['cabfExtendedValidation', 'ev-guidelines'],
        cabfDomainValidated: ['cabfDomainValidated', 'domain-validated'],
        cabfOrganizationValidated: ['cabfOrganizationValidated', 'organization-validated'],
        cabfIndividualValidated: ['cabfIndividualValidated', 'individual-validated'],
        cabfEvCodeSigning: ['cabfEvCodeSigning', 'ev-code-signing'],
      },
    ],
    [
      SIGNATURE_ALGORITHM,
      {
        ...algorithmNames,
        // OpenSSL's short names as aliases
        md2WithRSAEncryption: rsa('md2WithRSAEncryption', 'RSA-MD2'),
        md4WithRSAEncryption: rsa('md4WithRSAEncryption', 'RSA-MD4'),
        md5WithRSAEncryption: rsa('md5WithRSAEncryption', 'RSA-MD5'),
        sha1WithRSAEncryption: rsa('sha1WithRSAEncryption', 'RSA-SHA1'),
        sha224WithRSAEncryption: rsa('sha224WithRSAEncryption', 'RSA-SHA224'),
        sha256WithRSAEncryption: rsa('sha256WithRSAEncryption', 'RSA-SHA256'),
        sha384WithRSAEncryption: rsa('sha384WithRSAEncryption', 'RSA-SHA384'),
        sha512WithRSAEncryption: rsa('sha512WithRSAEncryption', 'RSA-SHA512'),
        sha512_224WithRSAEncryption: ['sha512-224WithRSAEncryption', 'RSA-SHA512/224', 'sha512_224WithRSAEncryption'],
        sha512_256WithRSAEncryption: ['sha512-256WithRSAEncryption', 'RSA-SHA512/256', 'sha512_256WithRSAEncryption'],
        sha1WithRSA: ['sha1WithRSA', 'RSA-SHA1-2'],
        rsaWithSHA3_224: rsa3(224),
        rsaWithSHA3_256: rsa3(256),
        rsaWithSHA3_384: rsa3(384),
        rsaWithSHA3_512: rsa3(512),
        dsaWithSHA1: ['dsaWithSHA1', 'id-dsa-with-sha1', 'DSA-SHA1'],
        dsaWithSHA224: ['dsaWithSHA224', 'id-dsa-with-sha224', 'dsa_with_SHA224'],
        dsaWithSHA256: ['dsaWithSHA256', 'id-dsa-with-sha256', 'dsa_with_SHA256'],
        ecdsaWithSHA1: ['ecdsa-with-SHA1', 'ecdsaWithSHA1'],
        ecdsaWithSHA224: ['ecdsa-with-SHA224', 'ecdsaWithSHA224'],
        ecdsaWithSHA256: ['ecdsa-with-SHA256', 'ecdsaWithSHA256'],
        ecdsaWithSHA384: ['ecdsa-with-SHA384', 'ecdsaWithSHA384'],
        ecdsaWithSHA512: ['ecdsa-with-SHA512', 'ecdsaWithSHA512'],
        ecdsaWithSHA3_224: ecdsa3(224),
        ecdsaWithSHA3_256: ecdsa3(256),
        ecdsaWithSHA3_384: ecdsa3(384),
        ecdsaWithSHA3_512: ecdsa3(512),
      },
    ],
    [
      PUBLIC_KEY_ALGORITHM,
      {
        ...algorithmNames,
        rsaesOaep: ['RSAES-OAEP', 'id-RSAES-OAEP', 'rsaesOaep'],
        dsa: ['dsa', 'id-dsa', 'dsaEncryption'],
        dhPublicNumber: ['dhpublicnumber'],
        ecPublicKey: ['ecPublicKey', 'id-ecPublicKey'],
        ecDH: ['ecDH', 'id-ecDH'],
        ecMQV: ['ecMQV', 'id-ecMQV'],
        x25519: ['X25519', 'id-X25519'],
        x448: ['X448', 'id-X448'],
        mlKem512: ['ML-KEM-512', 'id-alg-ml-kem-512', 'mlKem512'],
        mlKem768: ['ML-KEM-768', 'id-alg-ml-kem-768', 'mlKem768'],
        mlKem1024: ['ML-KEM-1024', 'id-alg-ml-kem-1024', 'mlKem1024'],
      },
    ],
    [
      NAMED_CURVE,
      {
        // RFC 5480 names first, then the X9.62 and NIST (FIPS 186) names
        secp192r1: ['secp192r1', 'prime192v1', 'P-192'],
        secp224r1: ['secp224r1', 'P-224'],
        secp256r1: ['secp256r1', 'prime256v1', 'P-256'],
        secp384r1: ['secp384r1', 'P-384'],
        secp521r1: ['secp521r1', 'P-521'],
      },
    ],
    [
      HASH_ALGORITHM,
      {
        sha1: ['sha1', 'id-sha1', 'SHA-1'],
        sha224: sha2('224'),
        sha256: sha2('256'),
        sha384: sha2('384'),
        sha512: sha2('512'),
        sha512_224: ['sha512-224', 'id-sha512-224', 'SHA-512/224', 'sha512_224'],
        sha512_256: ['sha512-256', 'id-sha512-256', 'SHA-512/256', 'sha512_256'],
        sha3_224: sha3(224),
        sha3_256: sha3(256),
        sha3_384: sha3(384),
        sha3_512: sha3(512),
        shake128: ['shake128', 'id-shake128'],
        shake256: ['shake256', 'id-shake256'],
      },
    ],
    [
      MAC_ALGORITHM,
      {
        hmacWithSHA1: ['hmacWithSHA1', 'id-hmacWithSHA1'],
        hmacWithSHA224: ['hmacWithSHA224', 'id-hmacWithSHA224'],
        hmacWithSHA256: ['hmacWithSHA256', 'id-hmacWithSHA256'],
        hmacWithSHA384: ['hmacWithSHA384', 'id-hmacWithSHA384'],
        hmacWithSHA512: ['hmacWithSHA512', 'id-hmacWithSHA512'],
      },
    ],
    [RSA_PARAMETER, { mgf1: ['MGF1', 'id-mgf1'], pSpecified: ['pSpecified', 'id-pSpecified'] }],
  ];
}

function _buildTables(): Tables {
  const names = new Map<string, readonly string[]>();
  const byName = new Map<string, string>();
  const byLowerName = new Map<string, string | null>();
  for (const [family, overrides] of _families()) {
    for (const [key, oid] of Object.entries(family)) {
      const own = Object.hasOwn(overrides, key) ? overrides[key] : undefined;
      const list = own ?? [key];
      // an OID listed in two families (Ed25519 as key and signature algorithm) keeps the
      // first display name and gains the other names
      const prev = names.get(oid);
      names.set(oid, prev === undefined ? [...list] : [...prev, ...list.filter((n) => !prev.includes(n))]);
      for (const n of list) {
        if (!byName.has(n)) byName.set(n, oid);
        const lower = n.toLowerCase();
        const seen = byLowerName.get(lower);
        if (seen === undefined) byLowerName.set(lower, oid);
        else if (seen !== oid) byLowerName.set(lower, null);
      }
    }
  }
  return { names, byName, byLowerName };
}

/**
 * The short name of a registered OID (`CN`, `sha256WithRSAEncryption`, `subjectAltName`,
 * `ecdsa-with-SHA256`, `Ed25519`, `ML-DSA-65`), or `undefined` for an OID the registry does
 * not know.
 *
 * @example
 * ```ts
 * oidName('2.5.4.3'); // 'CN'
 * oidName('1.2.840.113549.1.1.11'); // 'sha256WithRSAEncryption'
 * oidName('1.2.3.4'); // undefined
 * ```
 */
export function oidName(oid: string): string | undefined {
  if (typeof oid !== 'string') throw new TypeError('oidName: oid must be a dotted string');
  return _getTables().names.get(oid)?.[0];
}

/**
 * Every name the registry knows for an OID, the {@link oidName} first; empty when unknown.
 *
 * @example
 * ```ts
 * oidNames('1.2.840.10045.3.1.7'); // ['secp256r1', 'prime256v1', 'P-256']
 * ```
 */
export function oidNames(oid: string): readonly string[] {
  if (typeof oid !== 'string') throw new TypeError('oidNames: oid must be a dotted string');
  return _getTables().names.get(oid) ?? [];
}

/**
 * The dotted OID for a name: a short name (`CN`, `OU`), a long name (`commonName`), the ASN.1
 * name (`id-kp-serverAuth`, `id-ecPublicKey`) or a common alias (`P-256`, `SHA-256`).
 *
 * An exact match wins; otherwise the name is matched case-insensitively (`cn`, `Sha256`), as
 * RFC 4514 §3 asks for attribute type names. A name that matches two OIDs only when case is
 * ignored gives `undefined`. Dotted strings are not names: pass them through
 * {@link isValidOidString} instead.
 *
 * @example
 * ```ts
 * oidFromName('cn'); // '2.5.4.3'
 * oidFromName('subjectAltName'); // '2.5.29.17'
 * oidFromName('P-384'); // '1.3.132.0.34'
 * oidFromName('no such name'); // undefined
 * ```
 */
export function oidFromName(name: string): string | undefined {
  if (typeof name !== 'string') throw new TypeError('oidFromName: name must be a string');
  const t = _getTables();
  return t.byName.get(name) ?? t.byLowerName.get(name.toLowerCase()) ?? undefined;
}

/**
 * `name (dotted)` for a registered OID, the dotted string alone otherwise: for error messages
 * and dumps.
 *
 * @example
 * ```ts
 * describeOid('2.5.29.19'); // 'basicConstraints (2.5.29.19)'
 * describeOid('1.2.3.4'); // '1.2.3.4'
 * ```
 */
export function describeOid(oid: string): string {
  const name = oidName(oid);
  return name === undefined ? oid : `${name} (${oid})`;
}

/**
 * Every dotted OID the registry names, in registry order.
 *
 * @example
 * ```ts
 * for (const oid of registeredOids()) console.log(describeOid(oid));
 * ```
 */
export function registeredOids(): string[] {
  return [..._getTables().names.keys()];
}

/**
 * Whether `s` is a dotted-decimal OID (X.660 §7.2, X.690 §8.19.4): at least two arcs, decimal
 * digits without leading zeros, first arc 0, 1 or 2, and second arc below 40 when the first is
 * 0 or 1. Arcs may be any size (the DER layer handles them as `bigint`).
 *
 * @example
 * ```ts
 * isValidOidString('2.5.4.3'); // true
 * isValidOidString('1.40'); // false: second arc must be < 40 under arc 1
 * isValidOidString('2.999.1'); // true
 * isValidOidString('1.02.3'); // false: leading zero
 * ```
 */
export function isValidOidString(s: string): boolean {
  if (typeof s !== 'string' || !/^(?:0|[1-9]\d*)(?:\.(?:0|[1-9]\d*))+$/.test(s)) return false;
  const dot = s.indexOf('.');
  const first = s.slice(0, dot);
  if (first !== '0' && first !== '1' && first !== '2') return false;
  if (first === '2') return true;
  const end = s.indexOf('.', dot + 1);
  const second = s.slice(dot + 1, end === -1 ? undefined : end);
  return second.length <= 2 && Number(second) < 40;
}
