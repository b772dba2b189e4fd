/**
 * The OID registry: names both ways, dotted syntax, no conflicting names, and the dotted values
 * checked against independent sources: OpenSSL's object table (run through `openssl asn1parse`)
 * and OIDs copied by hand from the RFC and CA/Browser Forum ASN.1 text.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  ACCESS_METHOD,
  ATTRIBUTE,
  CERTIFICATE_POLICY,
  EXTENSION,
  HASH_ALGORITHM,
  HOLD_INSTRUCTION,
  KEY_PURPOSE,
  MAC_ALGORITHM,
  NAMED_CURVE,
  OTHER_NAME,
  PKCS9,
  POLICY_QUALIFIER,
  PUBLIC_KEY_ALGORITHM,
  RSA_PARAMETER,
  SIGNATURE_ALGORITHM,
  describeOid,
  isValidOidString,
  oidFromName,
  oidName,
  oidNames,
  registeredOids,
} from '../src/oid/index';

const FAMILIES: Record<string, Readonly<Record<string, string>>> = {
  ATTRIBUTE,
  EXTENSION,
  HOLD_INSTRUCTION,
  KEY_PURPOSE,
  ACCESS_METHOD,
  POLICY_QUALIFIER,
  OTHER_NAME,
  PKCS9,
  CERTIFICATE_POLICY,
  SIGNATURE_ALGORITHM,
  PUBLIC_KEY_ALGORITHM,
  NAMED_CURVE,
  HASH_ALGORITHM,
  MAC_ALGORITHM,
  RSA_PARAMETER,
};

const ENTRIES = Object.entries(FAMILIES).flatMap(([family, table]) => Object.entries(table).map(([key, oid]) => ({ family, key, oid })));

describe('oidName / oidFromName / describeOid', () => {
  it('names the common OIDs with their short names', () => {
    expect(oidName('2.5.4.3')).toBe('CN');
    expect(oidName('2.5.4.4')).toBe('SN');
    expect(oidName('2.5.4.10')).toBe('O');
    expect(oidName('0.9.2342.19200300.100.1.25')).toBe('DC');
    expect(oidName('1.2.840.113549.1.1.11')).toBe('sha256WithRSAEncryption');
    expect(oidName('1.2.840.10045.4.3.2')).toBe('ecdsa-with-SHA256');
    expect(oidName('2.5.29.17')).toBe('subjectAltName');
    expect(oidName('1.3.101.112')).toBe('Ed25519');
    expect(oidName('2.16.840.1.101.3.4.3.18')).toBe('ML-DSA-65');
    expect(oidName('2.16.840.1.101.3.4.3.27')).toBe('SLH-DSA-SHAKE-128f');
    expect(oidName('1.2.3.4')).toBeUndefined();
    expect(oidName('')).toBeUndefined();
  });

  it('finds OIDs by short, long, ASN.1 and alias names', () => {
    expect(oidFromName('CN')).toBe('2.5.4.3');
    expect(oidFromName('commonName')).toBe('2.5.4.3');
    expect(oidFromName('OU')).toBe('2.5.4.11');
    expect(oidFromName('id-kp-serverAuth')).toBe('1.3.6.1.5.5.7.3.1');
    expect(oidFromName('id-ecPublicKey')).toBe('1.2.840.10045.2.1');
    expect(oidFromName('P-256')).toBe('1.2.840.10045.3.1.7');
    expect(oidFromName('prime256v1')).toBe('1.2.840.10045.3.1.7');
    expect(oidFromName('SHA-256')).toBe('2.16.840.1.101.3.4.2.1');
    expect(oidFromName('id-slh-dsa-sha2-256f')).toBe('2.16.840.1.101.3.4.3.25');
    expect(oidFromName('id-alg-ml-kem-768')).toBe('2.16.840.1.101.3.4.4.2');
    expect(oidFromName('no such name')).toBeUndefined();
    // dotted strings are not names
    expect(oidFromName('2.5.4.3')).toBeUndefined();
  });

  it('matches names case-insensitively when no exact match exists (RFC 4514 §3)', () => {
    expect(oidFromName('cn')).toBe('2.5.4.3');
    expect(oidFromName('Cn')).toBe('2.5.4.3');
    expect(oidFromName('ou')).toBe('2.5.4.11');
    expect(oidFromName('street')).toBe('2.5.4.9');
    expect(oidFromName('STREET')).toBe('2.5.4.9');
    expect(oidFromName('dc')).toBe('0.9.2342.19200300.100.1.25');
    expect(oidFromName('uid')).toBe('0.9.2342.19200300.100.1.1');
    expect(oidFromName('emailaddress')).toBe('1.2.840.113549.1.9.1');
    expect(oidFromName('SHA256WITHRSAENCRYPTION')).toBe('1.2.840.113549.1.1.11');
  });

  it('keeps id-kp-timeStamping and id-ad-timeStamping apart', () => {
    expect(oidFromName('timeStamping')).toBe(KEY_PURPOSE.timeStamping);
    expect(oidFromName('id-ad-timeStamping')).toBe(ACCESS_METHOD.timeStamping);
    expect(oidName(ACCESS_METHOD.timeStamping)).toBe('adTimeStamping');
  });

  it('describes known and unknown OIDs', () => {
    expect(describeOid('2.5.29.19')).toBe('basicConstraints (2.5.29.19)');
    expect(describeOid('1.2.3.4')).toBe('1.2.3.4');
  });

  it('lists every name of an OID, display name first', () => {
    expect(oidNames(NAMED_CURVE.secp256r1)).toEqual(['secp256r1', 'prime256v1', 'P-256']);
    expect(oidNames(PUBLIC_KEY_ALGORITHM.ed25519)).toEqual(['Ed25519', 'id-Ed25519']);
    expect(oidNames('1.2.3.4')).toEqual([]);
  });

  it('refuses non-strings with a TypeError', () => {
    expect(() => oidName(3 as unknown as string)).toThrow(TypeError);
    expect(() => oidFromName(undefined as unknown as string)).toThrow(TypeError);
  });
});

describe('registry consistency', () => {
  it('every OID in every table is a valid dotted OID', () => {
    for (const e of ENTRIES) expect(isValidOidString(e.oid), `${e.family}.${e.key} = ${e.oid}`).toBe(true);
    for (const oid of registeredOids()) expect(isValidOidString(oid), oid).toBe(true);
  });

  it('registers every table entry and nothing else', () => {
    expect(new Set(registeredOids())).toEqual(new Set(ENTRIES.map((e) => e.oid)));
  });

  it('has no duplicate values within one table', () => {
    for (const [family, table] of Object.entries(FAMILIES)) {
      const values = Object.values(table);
      expect(new Set(values).size, family).toBe(values.length);
    }
  });

  it('gives an OID listed in two tables the same key in both (deliberate: Ed25519, RSASSA-PSS, emailAddress, ...)', () => {
    const byOid = new Map<string, typeof ENTRIES>();
    for (const e of ENTRIES) byOid.set(e.oid, [...(byOid.get(e.oid) ?? []), e]);
    const shared = [...byOid.values()].filter((list) => list.length > 1);
    expect(shared.length).toBeGreaterThan(0);
    for (const list of shared) {
      expect(new Set(list.map((e) => e.key)).size, list.map((e) => `${e.family}.${e.key}`).join(' / ')).toBe(1);
    }
  });

  it('resolves every table key to its own OID (except the few that would be ambiguous)', () => {
    // id-ad-timeStamping's key belongs to id-kp-timeStamping; `none`, `reject` are too generic
    const notNames = new Set(['ACCESS_METHOD.timeStamping', 'HOLD_INSTRUCTION.none', 'HOLD_INSTRUCTION.callIssuer', 'HOLD_INSTRUCTION.reject']);
    for (const e of ENTRIES) {
      if (notNames.has(`${e.family}.${e.key}`)) continue;
      expect(oidFromName(e.key), `${e.family}.${e.key}`).toBe(e.oid);
    }
  });

  it('never gives one name (ignoring case) to two OIDs', () => {
    const owner = new Map<string, string>();
    for (const oid of registeredOids()) {
      const names = oidNames(oid);
      expect(names.length).toBeGreaterThan(0);
      for (const n of names) {
        const prev = owner.get(n.toLowerCase());
        expect(prev === undefined || prev === oid, `${n}: ${prev} and ${oid}`).toBe(true);
        owner.set(n.toLowerCase(), oid);
        expect(oidFromName(n), n).toBe(oid);
        expect(oidFromName(n.toLowerCase()), n.toLowerCase()).toBe(oid);
        expect(oidFromName(n.toUpperCase()), n.toUpperCase()).toBe(oid);
      }
    }
  });

  it('round-trips name -> OID -> name', () => {
    for (const oid of registeredOids()) {
      const name = oidName(oid);
      expect(name).toBeDefined();
      expect(oidFromName(name!)).toBe(oid);
      expect(describeOid(oid)).toBe(`${name} (${oid})`);
    }
  });
});

describe('values copied by hand from the specifications', () => {
  // Each line restates the ASN.1 of the cited document, independently of src/oid.
  const FACTS: Array<[string, string, string]> = [
    ['RFC 5280 §4.2.1.2 id-ce 14', 'subjectKeyIdentifier', '2.5.29.14'],
    ['RFC 5280 §4.2.1.12 { id-ce-extKeyUsage 0 }', 'anyExtendedKeyUsage', '2.5.29.37.0'],
    ['RFC 5280 §4.2.1.4 { id-ce-certificatePolicies 0 }', 'anyPolicy', '2.5.29.32.0'],
    ['RFC 5280 §4.2.2.1 id-ad 1', 'id-ad-ocsp', '1.3.6.1.5.5.7.48.1'],
    ['RFC 5280 §4.2.2.2 id-ad 5', 'id-ad-caRepository', '1.3.6.1.5.5.7.48.5'],
    ['RFC 5280 §4.2.1.4 id-qt 2', 'id-qt-unotice', '1.3.6.1.5.5.7.2.2'],
    ['RFC 6960 §4.2.2.2.1 id-pkix-ocsp 5', 'ocspNoCheck', '1.3.6.1.5.5.7.48.1.5'],
    ['RFC 7633 §6 id-pe 24', 'tlsFeature', '1.3.6.1.5.5.7.1.24'],
    ['RFC 6962 §3.3', 'signedCertificateTimestampList', '1.3.6.1.4.1.11129.2.4.2'],
    ['RFC 6962 §3.1', 'precertificatePoison', '1.3.6.1.4.1.11129.2.4.3'],
    ['RFC 2985 pkcs-9-at-friendlyName', 'friendlyName', '1.2.840.113549.1.9.20'],
    ['RFC 2985 pkcs-9-at-localKeyId', 'localKeyId', '1.2.840.113549.1.9.21'],
    ['RFC 2985 pkcs-9-at-challengePassword', 'challengePassword', '1.2.840.113549.1.9.7'],
    ['RFC 2985 pkcs-9-at-extensionRequest', 'extensionRequest', '1.2.840.113549.1.9.14'],
    ['szOID_CERT_EXTENSIONS', 'msExtReq', '1.3.6.1.4.1.311.2.1.14'],
    ['RFC 4519 §2.4 dc', 'DC', '0.9.2342.19200300.100.1.25'],
    ['RFC 4519 §2.39 uid', 'UID', '0.9.2342.19200300.100.1.1'],
    ['EV Guidelines jurisdictionCountryName', 'jurisdictionC', '1.3.6.1.4.1.311.60.2.1.3'],
    ['X.520 id-at-organizationIdentifier', 'organizationIdentifier', '2.5.4.97'],
    ['RFC 4055 id-RSASSA-PSS', 'RSASSA-PSS', '1.2.840.113549.1.1.10'],
    ['RFC 4055 id-mgf1', 'MGF1', '1.2.840.113549.1.1.8'],
    ['RFC 4055 id-RSAES-OAEP', 'RSAES-OAEP', '1.2.840.113549.1.1.7'],
    ['RFC 5480 id-ecPublicKey', 'ecPublicKey', '1.2.840.10045.2.1'],
    ['RFC 5480 secp256r1', 'secp256r1', '1.2.840.10045.3.1.7'],
    ['RFC 5480 secp384r1', 'secp384r1', '1.3.132.0.34'],
    ['RFC 5480 secp521r1', 'secp521r1', '1.3.132.0.35'],
    ['RFC 5758 ecdsa-with-SHA384', 'ecdsa-with-SHA384', '1.2.840.10045.4.3.3'],
    ['RFC 3279 id-sha1', 'sha1', '1.3.14.3.2.26'],
    ['RFC 8410 id-X25519', 'X25519', '1.3.101.110'],
    ['RFC 8410 id-X448', 'X448', '1.3.101.111'],
    ['RFC 8410 id-Ed25519', 'Ed25519', '1.3.101.112'],
    ['RFC 8410 id-Ed448', 'Ed448', '1.3.101.113'],
    ['RFC 9881 id-ml-dsa-44', 'ML-DSA-44', '2.16.840.1.101.3.4.3.17'],
    ['RFC 9881 id-ml-dsa-65', 'ML-DSA-65', '2.16.840.1.101.3.4.3.18'],
    ['RFC 9881 id-ml-dsa-87', 'ML-DSA-87', '2.16.840.1.101.3.4.3.19'],
    ['RFC 9909 id-slh-dsa-sha2-128s', 'SLH-DSA-SHA2-128s', '2.16.840.1.101.3.4.3.20'],
    ['RFC 9909 id-slh-dsa-sha2-128f', 'SLH-DSA-SHA2-128f', '2.16.840.1.101.3.4.3.21'],
    ['RFC 9909 id-slh-dsa-sha2-192s', 'SLH-DSA-SHA2-192s', '2.16.840.1.101.3.4.3.22'],
    ['RFC 9909 id-slh-dsa-sha2-192f', 'SLH-DSA-SHA2-192f', '2.16.840.1.101.3.4.3.23'],
    ['RFC 9909 id-slh-dsa-sha2-256s', 'SLH-DSA-SHA2-256s', '2.16.840.1.101.3.4.3.24'],
    ['RFC 9909 id-slh-dsa-sha2-256f', 'SLH-DSA-SHA2-256f', '2.16.840.1.101.3.4.3.25'],
    ['RFC 9909 id-slh-dsa-shake-128s', 'SLH-DSA-SHAKE-128s', '2.16.840.1.101.3.4.3.26'],
    ['RFC 9909 id-slh-dsa-shake-128f', 'SLH-DSA-SHAKE-128f', '2.16.840.1.101.3.4.3.27'],
    ['RFC 9909 id-slh-dsa-shake-192s', 'SLH-DSA-SHAKE-192s', '2.16.840.1.101.3.4.3.28'],
    ['RFC 9909 id-slh-dsa-shake-192f', 'SLH-DSA-SHAKE-192f', '2.16.840.1.101.3.4.3.29'],
    ['RFC 9909 id-slh-dsa-shake-256s', 'SLH-DSA-SHAKE-256s', '2.16.840.1.101.3.4.3.30'],
    ['RFC 9909 id-slh-dsa-shake-256f', 'SLH-DSA-SHAKE-256f', '2.16.840.1.101.3.4.3.31'],
    ['RFC 9935 id-alg-ml-kem-512', 'ML-KEM-512', '2.16.840.1.101.3.4.4.1'],
    ['RFC 9935 id-alg-ml-kem-768', 'ML-KEM-768', '2.16.840.1.101.3.4.4.2'],
    ['RFC 9935 id-alg-ml-kem-1024', 'ML-KEM-1024', '2.16.840.1.101.3.4.4.3'],
    ['RFC 8702 id-shake128', 'shake128', '2.16.840.1.101.3.4.2.11'],
    ['RFC 4043 id-on-permanentIdentifier', 'permanentIdentifier', '1.3.6.1.5.5.7.8.3'],
    ['RFC 4108 id-on-hardwareModuleName', 'hardwareModuleName', '1.3.6.1.5.5.7.8.4'],
    ['RFC 9598 id-on-SmtpUTF8Mailbox', 'SmtpUTF8Mailbox', '1.3.6.1.5.5.7.8.9'],
    ['szOID_NT_PRINCIPAL_NAME', 'UPN', '1.3.6.1.4.1.311.20.2.3'],
    ['RFC 9336 id-kp-documentSigning', 'id-kp-documentSigning', '1.3.6.1.5.5.7.3.36'],
    ['RFC 8737 id-pe-acmeIdentifier', 'id-pe-acmeIdentifier', '1.3.6.1.5.5.7.1.31'],
    ['CA/B EV Guidelines ev-guidelines(1)', 'ev-guidelines', '2.23.140.1.1'],
    ['CA/B BR domain-validated(1)', 'domain-validated', '2.23.140.1.2.1'],
    ['CA/B BR organization-validated(2)', 'organization-validated', '2.23.140.1.2.2'],
    ['CA/B BR individual-validated(3)', 'individual-validated', '2.23.140.1.2.3'],
    ['CA/B CSBR code-signing(1)', 'cabfCodeSigning', '2.23.140.1.4.1'],
    ['CA/B S/MIME BR mailbox-validated strict', 'cabfSmimeMailboxStrict', '2.23.140.1.5.1.3'],
    ['CA/B S/MIME BR sponsor-validated multipurpose', 'cabfSmimeSponsorMultipurpose', '2.23.140.1.5.3.2'],
    ['CA/B S/MIME BR individual-validated legacy', 'cabfSmimeIndividualLegacy', '2.23.140.1.5.4.1'],
    ['CA/B EVG id-CABFOrganizationIdentifier', 'cabfOrganizationIdentifier', '2.23.140.3.1'],
    ['CA/B EVG cabf-TorServiceDescriptor', 'cabf-TorServiceDescriptor', '2.23.140.1.31'],
  ];
  for (const [source, name, oid] of FACTS) {
    it(`${name} = ${oid} (${source})`, () => {
      expect(oidFromName(name)).toBe(oid);
    });
  }
});

// What OpenSSL 3.0's object table (crypto/objects/objects.txt) calls each OID it knows, as
// printed by `openssl asn1parse`: [certkit name, OpenSSL long name]. certkit resolves the name
// to a dotted OID, OpenSSL encodes and names it: a wrong arc shows up as a different name.
const OPENSSL_NAMES: Array<[string, string]> = [
  ['CN', 'commonName'],
  ['SN', 'surname'],
  ['serialNumber', 'serialNumber'],
  ['C', 'countryName'],
  ['L', 'localityName'],
  ['ST', 'stateOrProvinceName'],
  ['street', 'streetAddress'],
  ['O', 'organizationName'],
  ['OU', 'organizationalUnitName'],
  ['title', 'title'],
  ['description', 'description'],
  ['businessCategory', 'businessCategory'],
  ['postalAddress', 'postalAddress'],
  ['postalCode', 'postalCode'],
  ['postOfficeBox', 'postOfficeBox'],
  ['telephoneNumber', 'telephoneNumber'],
  ['name', 'name'],
  ['givenName', 'givenName'],
  ['initials', 'initials'],
  ['generationQualifier', 'generationQualifier'],
  ['x500UniqueIdentifier', 'x500UniqueIdentifier'],
  ['dnQualifier', 'dnQualifier'],
  ['pseudonym', 'pseudonym'],
  ['role', 'role'],
  ['organizationIdentifier', 'organizationIdentifier'],
  ['emailAddress', 'emailAddress'],
  ['unstructuredName', 'unstructuredName'],
  ['unstructuredAddress', 'unstructuredAddress'],
  ['DC', 'domainComponent'],
  ['UID', 'userId'],
  ['jurisdictionLocalityName', 'jurisdictionLocalityName'],
  ['jurisdictionStateOrProvinceName', 'jurisdictionStateOrProvinceName'],
  ['jurisdictionCountryName', 'jurisdictionCountryName'],
  ['subjectDirectoryAttributes', 'X509v3 Subject Directory Attributes'],
  ['subjectKeyIdentifier', 'X509v3 Subject Key Identifier'],
  ['keyUsage', 'X509v3 Key Usage'],
  ['privateKeyUsagePeriod', 'X509v3 Private Key Usage Period'],
  ['subjectAltName', 'X509v3 Subject Alternative Name'],
  ['issuerAltName', 'X509v3 Issuer Alternative Name'],
  ['basicConstraints', 'X509v3 Basic Constraints'],
  ['cRLNumber', 'X509v3 CRL Number'],
  ['reasonCode', 'X509v3 CRL Reason Code'],
  ['holdInstructionCode', 'Hold Instruction Code'],
  ['invalidityDate', 'Invalidity Date'],
  ['deltaCRLIndicator', 'X509v3 Delta CRL Indicator'],
  ['issuingDistributionPoint', 'X509v3 Issuing Distribution Point'],
  ['certificateIssuer', 'X509v3 Certificate Issuer'],
  ['nameConstraints', 'X509v3 Name Constraints'],
  ['cRLDistributionPoints', 'X509v3 CRL Distribution Points'],
  ['certificatePolicies', 'X509v3 Certificate Policies'],
  ['policyMappings', 'X509v3 Policy Mappings'],
  ['authorityKeyIdentifier', 'X509v3 Authority Key Identifier'],
  ['policyConstraints', 'X509v3 Policy Constraints'],
  ['extKeyUsage', 'X509v3 Extended Key Usage'],
  ['freshestCRL', 'X509v3 Freshest CRL'],
  ['inhibitAnyPolicy', 'X509v3 Inhibit Any Policy'],
  ['authorityInfoAccess', 'Authority Information Access'],
  ['biometricInfo', 'Biometric Info'],
  ['qcStatements', 'qcStatements'],
  ['ipAddrBlocks', 'sbgp-ipAddrBlock'],
  ['autonomousSysIds', 'sbgp-autonomousSysNum'],
  ['subjectInfoAccess', 'Subject Information Access'],
  ['tlsFeature', 'TLS Feature'],
  ['ocspNoCheck', 'OCSP No Check'],
  ['signedCertificateTimestampList', 'CT Precertificate SCTs'],
  ['precertificatePoison', 'CT Precertificate Poison'],
  ['netscapeCertType', 'Netscape Cert Type'],
  ['netscapeComment', 'Netscape Comment'],
  ['holdInstructionNone', 'Hold Instruction None'],
  ['holdInstructionCallIssuer', 'Hold Instruction Call Issuer'],
  ['holdInstructionReject', 'Hold Instruction Reject'],
  ['anyExtendedKeyUsage', 'Any Extended Key Usage'],
  ['serverAuth', 'TLS Web Server Authentication'],
  ['clientAuth', 'TLS Web Client Authentication'],
  ['codeSigning', 'Code Signing'],
  ['emailProtection', 'E-mail Protection'],
  ['ipsecEndSystem', 'IPSec End System'],
  ['ipsecTunnel', 'IPSec Tunnel'],
  ['ipsecUser', 'IPSec User'],
  ['timeStamping', 'Time Stamping'],
  ['OCSPSigning', 'OCSP Signing'],
  ['ipsecIKE', 'ipsec Internet Key Exchange'],
  ['secureShellClient', 'SSH Client'],
  ['secureShellServer', 'SSH Server'],
  ['pkinitClientAuth', 'PKINIT Client Auth'],
  ['pkinitKdc', 'Signing KDC Response'],
  ['precertificateSigning', 'CT Precertificate Signer'],
  ['smartcardLogon', 'Microsoft Smartcard Login'],
  ['msCodeIndividual', 'Microsoft Individual Code Signing'],
  ['msCodeCommercial', 'Microsoft Commercial Code Signing'],
  ['msCtlSigning', 'Microsoft Trust List Signing'],
  ['msServerGatedCrypto', 'Microsoft Server Gated Crypto'],
  ['msEncryptingFileSystem', 'Microsoft Encrypted File System'],
  ['nsServerGatedCrypto', 'Netscape Server Gated Crypto'],
  ['ocsp', 'OCSP'],
  ['caIssuers', 'CA Issuers'],
  ['adTimeStamping', 'AD Time Stamping'],
  ['caRepository', 'CA Repository'],
  ['cps', 'Policy Qualifier CPS'],
  ['unotice', 'Policy Qualifier User Notice'],
  ['permanentIdentifier', 'Permanent Identifier'],
  ['xmppAddr', 'XmppAddr'],
  ['dnsSRV', 'SRVName'],
  ['naiRealm', 'NAIRealm'],
  ['SmtpUTF8Mailbox', 'Smtp UTF8 Mailbox'],
  ['msUPN', 'Microsoft User Principal Name'],
  ['contentType', 'contentType'],
  ['messageDigest', 'messageDigest'],
  ['signingTime', 'signingTime'],
  ['countersignature', 'countersignature'],
  ['challengePassword', 'challengePassword'],
  ['extendedCertificateAttributes', 'extendedCertificateAttributes'],
  ['extensionRequest', 'Extension Request'],
  ['smimeCapabilities', 'S/MIME Capabilities'],
  ['friendlyName', 'friendlyName'],
  ['localKeyId', 'localKeyID'],
  ['msExtensionRequest', 'Microsoft Extension Request'],
  ['anyPolicy', 'X509v3 Any Policy'],
  ['md2WithRSAEncryption', 'md2WithRSAEncryption'],
  ['md4WithRSAEncryption', 'md4WithRSAEncryption'],
  ['md5WithRSAEncryption', 'md5WithRSAEncryption'],
  ['sha1WithRSAEncryption', 'sha1WithRSAEncryption'],
  ['RSASSA-PSS', 'rsassaPss'],
  ['sha256WithRSAEncryption', 'sha256WithRSAEncryption'],
  ['sha384WithRSAEncryption', 'sha384WithRSAEncryption'],
  ['sha512WithRSAEncryption', 'sha512WithRSAEncryption'],
  ['sha224WithRSAEncryption', 'sha224WithRSAEncryption'],
  ['sha512-224WithRSAEncryption', 'sha512-224WithRSAEncryption'],
  ['sha512-256WithRSAEncryption', 'sha512-256WithRSAEncryption'],
  ['sha1WithRSA', 'sha1WithRSA'],
  ['id-rsassa-pkcs1-v1_5-with-sha3-224', 'RSA-SHA3-224'],
  ['id-rsassa-pkcs1-v1_5-with-sha3-256', 'RSA-SHA3-256'],
  ['id-rsassa-pkcs1-v1_5-with-sha3-384', 'RSA-SHA3-384'],
  ['id-rsassa-pkcs1-v1_5-with-sha3-512', 'RSA-SHA3-512'],
  ['dsaWithSHA1', 'dsaWithSHA1'],
  ['dsaWithSHA224', 'dsa_with_SHA224'],
  ['dsaWithSHA256', 'dsa_with_SHA256'],
  ['ecdsa-with-SHA1', 'ecdsa-with-SHA1'],
  ['ecdsa-with-SHA224', 'ecdsa-with-SHA224'],
  ['ecdsa-with-SHA256', 'ecdsa-with-SHA256'],
  ['ecdsa-with-SHA384', 'ecdsa-with-SHA384'],
  ['ecdsa-with-SHA512', 'ecdsa-with-SHA512'],
  ['ecdsa-with-SHA3-224', 'ecdsa_with_SHA3-224'],
  ['ecdsa-with-SHA3-256', 'ecdsa_with_SHA3-256'],
  ['ecdsa-with-SHA3-384', 'ecdsa_with_SHA3-384'],
  ['ecdsa-with-SHA3-512', 'ecdsa_with_SHA3-512'],
  ['Ed25519', 'ED25519'],
  ['Ed448', 'ED448'],
  ['rsaEncryption', 'rsaEncryption'],
  ['RSAES-OAEP', 'rsaesOaep'],
  ['dsa', 'dsaEncryption'],
  ['dhpublicnumber', 'X9.42 DH'],
  ['ecPublicKey', 'id-ecPublicKey'],
  ['X25519', 'X25519'],
  ['X448', 'X448'],
  ['secp192r1', 'prime192v1'],
  ['secp224r1', 'secp224r1'],
  ['secp256r1', 'prime256v1'],
  ['secp384r1', 'secp384r1'],
  ['secp521r1', 'secp521r1'],
  ['secp256k1', 'secp256k1'],
  ['brainpoolP256r1', 'brainpoolP256r1'],
  ['brainpoolP384r1', 'brainpoolP384r1'],
  ['brainpoolP512r1', 'brainpoolP512r1'],
  ['md2', 'md2'],
  ['md4', 'md4'],
  ['md5', 'md5'],
  ['sha1', 'sha1'],
  ['sha256', 'sha256'],
  ['sha384', 'sha384'],
  ['sha512', 'sha512'],
  ['sha224', 'sha224'],
  ['sha512-224', 'sha512-224'],
  ['sha512-256', 'sha512-256'],
  ['sha3-224', 'sha3-224'],
  ['sha3-256', 'sha3-256'],
  ['sha3-384', 'sha3-384'],
  ['sha3-512', 'sha3-512'],
  ['shake128', 'shake128'],
  ['shake256', 'shake256'],
  ['hmacWithSHA1', 'hmacWithSHA1'],
  ['hmacWithSHA224', 'hmacWithSHA224'],
  ['hmacWithSHA256', 'hmacWithSHA256'],
  ['hmacWithSHA384', 'hmacWithSHA384'],
  ['hmacWithSHA512', 'hmacWithSHA512'],
  ['MGF1', 'mgf1'],
  ['pSpecified', 'pSpecified'],
];

describe('OpenSSL names the same OIDs the same way', () => {
  it('agrees on every OID OpenSSL 3.0 knows', () => {
    const dir = mkdtempSync(join(tmpdir(), 'certkit-oid-'));
    try {
      const oids = OPENSSL_NAMES.map(([name]) => {
        const oid = oidFromName(name);
        expect(oid, name).toBeDefined();
        return oid!;
      });
      const conf = ['asn1=SEQUENCE:seq', '[seq]', ...oids.map((o, i) => `o${i}=OID:${o}`)].join('\n');
      writeFileSync(join(dir, 'oids.cnf'), `${conf}\n`);
      execFileSync('openssl', ['asn1parse', '-genconf', join(dir, 'oids.cnf'), '-noout', '-out', join(dir, 'oids.der')]);
      const der = readFileSync(join(dir, 'oids.der'));
      const out = execFileSync('openssl', ['asn1parse', '-inform', 'DER', '-in', join(dir, 'oids.der')], { encoding: 'utf8' });
      const printed = out
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.replace(/^.*OBJECT\s+:/, '').trim());
      expect(printed).toEqual(OPENSSL_NAMES.map(([, openssl]) => openssl));
      expect(der[0]).toBe(0x30);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('covers most of the registry (the rest is newer than OpenSSL 3.0: PQC, CA/B, ...)', () => {
    expect(OPENSSL_NAMES.length).toBeGreaterThan(registeredOids().length * 0.7);
  });
});

describe('isValidOidString', () => {
  it('accepts and rejects by X.660 rules', () => {
    for (const ok of ['0.0', '0.39', '1.0', '1.39', '2.0', '2.40', '2.999', '2.5.4.3', '1.2.840.113549.1.1.11', `2.${'9'.repeat(40)}.1`]) {
      expect(isValidOidString(ok), ok).toBe(true);
    }
    for (const bad of ['', '1', '3.1', '0.40', '1.40', '1.100', '01.2', '1.02', '1.2.03', '1..2', '.1.2', '1.2.', '1.2 ', ' 1.2', '1.-2', '1.2a', '1,2', '+1.2']) {
      expect(isValidOidString(bad), JSON.stringify(bad)).toBe(false);
    }
    expect(isValidOidString(42 as unknown as string)).toBe(false);
  });

  const arc = fc.oneof(fc.nat(), fc.bigInt({ min: 0n, max: 2n ** 200n })).map(String);
  const validOid = fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 1000 }), fc.array(arc, { maxLength: 12 })).map(([a, b, rest]) => [a, a < 2 ? b % 40 : b, ...rest].join('.'));

  it('accepts every well-formed OID (property)', () => {
    fc.assert(fc.property(validOid, (s) => isValidOidString(s)));
  });

  it('rejects a leading zero in any arc (property)', () => {
    fc.assert(
      fc.property(validOid, fc.nat(), (s, k) => {
        const arcs = s.split('.');
        const i = k % arcs.length;
        arcs[i] = `0${arcs[i]}`;
        return !isValidOidString(arcs.join('.'));
      }),
    );
  });

  it('returns a boolean for any string (property)', () => {
    fc.assert(fc.property(fc.string(), (s) => typeof isValidOidString(s) === 'boolean'));
  });
});

describe('no code runs at import time in src/oid and src/pem', () => {
  // STYLE.md: tables are plain const objects; anything computed is built on first use.
  function isInert(e: ts.Expression): boolean {
    if (ts.isAsExpression(e) || ts.isParenthesizedExpression(e) || ts.isSatisfiesExpression(e)) return isInert(e.expression);
    if (ts.isStringLiteral(e) || ts.isNumericLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return true;
    if (ts.isRegularExpressionLiteral(e)) return true;
    if (ts.isArrayLiteralExpression(e)) return e.elements.every((x) => isInert(x));
    if (ts.isObjectLiteralExpression(e)) {
      return e.properties.every((p) => ts.isPropertyAssignment(p) && !ts.isComputedPropertyName(p.name) && isInert(p.initializer));
    }
    return false;
  }
  function topLevelProblems(file: string, source: string): string[] {
    const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true);
    const problems: string[] = [];
    for (const st of sf.statements) {
      if (ts.isVariableStatement(st)) {
        for (const d of st.declarationList.declarations) {
          if (d.initializer !== undefined && !isInert(d.initializer)) problems.push(d.name.getText(sf));
        }
      } else if (
        !ts.isImportDeclaration(st) &&
        !ts.isExportDeclaration(st) &&
        !ts.isFunctionDeclaration(st) &&
        !ts.isClassDeclaration(st) &&
        !ts.isInterfaceDeclaration(st) &&
        !ts.isTypeAliasDeclaration(st)
      ) {
        problems.push(st.getText(sf).slice(0, 60));
      }
    }
    return problems;
  }
  it('the check itself catches computed tables and top-level calls', () => {
    expect(topLevelProblems('x.ts', "export const A = { a: '1.2' } as const; const R = /x/g; let t: number | undefined;")).toEqual([]);
    expect(topLevelProblems('x.ts', 'const T = new Int8Array(256);')).toEqual(['T']);
    expect(topLevelProblems('x.ts', 'const M = build();')).toEqual(['M']);
    expect(topLevelProblems('x.ts', "const O = { [K]: '1' };")).toEqual(['O']);
    expect(topLevelProblems('x.ts', 'init();')).toEqual(['init();']);
  });
  const files = ['src/oid', 'src/pem'].flatMap((d) => readdirSync(d).map((f) => join(d, f))).filter((f) => f.endsWith('.ts'));
  for (const file of files) {
    it(file, () => {
      expect(topLevelProblems(file, readFileSync(file, 'utf8'))).toEqual([]);
    });
  }
});
