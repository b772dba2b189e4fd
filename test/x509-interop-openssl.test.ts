/**
 * Interop with OpenSSL 3.0 (the `openssl` command; the test fails if it is missing):
 * - every certificate certkit builds, for each key type OpenSSL 3.0 has (P-256/384/521,
 *   Ed25519, Ed448, RSA PKCS#1 v1.5 and RSASSA-PSS), is read by `openssl x509 -text -noout`,
 *   prints the same dump as certkit's `toString()`, the same fields, and verifies;
 * - `openssl verify -x509_strict` accepts a root → intermediate → leaf chain certkit builds;
 * - certificates OpenSSL builds (`openssl req -x509`, `openssl x509 -req -extfile` with every
 *   extension of RFC 5280 and more) parse strictly in certkit to the values OpenSSL prints.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../src/der/index';
import { generateKeyPair, type KeyPairAlgorithm } from '../src/keys/index';
import { signerFromPrivateKey, type Signer } from '../src/sig/index';
import { type Certificate, CertificateBuilder, dn, email, ip, parseCertificate, registeredId, upn, uri } from '../src/x509/index';
import {
  decodeAllExtensions,
  authorityInfoAccessCodec,
  authorityKeyIdentifierCodec,
  basicConstraintsCodec,
  certificateDnsNames,
  certificateEmailAddresses,
  certificateFingerprint,
  certificateIpAddresses,
  certificatePoliciesCodec,
  certificatePublicKey,
  certificateToPem,
  crlDistributionPointsCodec,
  extKeyUsageCodec,
  formatCertificate,
  freshestCrlCodec,
  getDecodedExtension,
  getExtension,
  inhibitAnyPolicyCodec,
  isSelfSignedSync,
  issuerAltNameCodec,
  keyUsageCodec,
  nameConstraintsCodec,
  ocspNoCheckCodec,
  policyConstraintsCodec,
  policyMappingsCodec,
  signedCertificateTimestampsCodec,
  subjectAltNameCodec,
  subjectInfoAccessCodec,
  subjectKeyIdentifierCodec,
  tlsFeatureCodec,
  verifyCertificateSync,
} from '../src/x509/index';

const NOW = new Date('2026-01-15T00:00:00Z');
const AT = String(Math.floor(NOW.getTime() / 1000) + 3600); // openssl verify -attime
let dir: string;

function openssl(args: string[], input?: string): string {
  return execFileSync('openssl', args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

function write(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

beforeAll(() => {
  // No skipping: without OpenSSL this throws and every test below fails.
  expect(openssl(['version'])).toMatch(/^OpenSSL 3\./);
  dir = mkdtempSync(join(tmpdir(), 'certkit-openssl-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/**
 * Whitespace-insensitive form of a dump. OpenSSL 3.0 prints an authorityKeyIdentifier holding
 * only a keyIdentifier without the `keyid:` label, certkit's formatter always with it; that
 * label is dropped on both sides (see the report of this test's author).
 */
function normalise(text: string): string {
  return text
    .split('\n')
    .map((l) => l.replace(/^(\s*)keyid:(?=[0-9A-F]{2}:)/, '$1'))
    .join('\n')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The lines from `Certificate:` through the end of the public key (before the extensions). */
function head(text: string): string[] {
  const lines = text.split('\n').map((l) => l.trimEnd());
  const end = lines.findIndex((l) => l.trim() === 'X509v3 extensions:');
  return lines.slice(0, end < 0 ? lines.length : end);
}

/** The signature part, from the last `Signature Algorithm:` line on. */
function tail(text: string): string[] {
  const lines = text.split('\n').map((l) => l.trimEnd());
  let i = lines.length - 1;
  while (i > 0 && !/^ {4}Signature Algorithm:/.test(lines[i]!)) i--;
  return lines.slice(i);
}

describe('certificates certkit builds, read by OpenSSL', () => {
  const kinds: Array<{ name: string; alg: KeyPairAlgorithm; pss?: boolean; hash?: 'SHA-384' }> = [
    { name: 'P-256', alg: 'P-256' },
    { name: 'P-384', alg: 'P-384' },
    { name: 'P-521', alg: 'P-521' },
    { name: 'Ed25519', alg: 'Ed25519' },
    { name: 'Ed448', alg: 'Ed448' },
    { name: 'RSA PKCS#1 v1.5', alg: 'RSA-2048' },
    { name: 'RSA PKCS#1 v1.5 SHA-384', alg: 'RSA-2048', hash: 'SHA-384' },
    { name: 'RSASSA-PSS', alg: 'RSA-2048', pss: true },
  ];
  const built: Array<{ name: string; root: Certificate; leaf: Certificate }> = [];

  beforeAll(async () => {
    const rsa = await generateKeyPair('RSA-2048');
    for (const k of kinds) {
      const key = k.alg === 'RSA-2048' ? rsa : await generateKeyPair(k.alg);
      const signer = signerFromPrivateKey(key.privateKey, { ...(k.pss ? { pss: true } : {}), ...(k.hash ? { hash: k.hash } : {}) });
      const root = await CertificateBuilder.selfSignedCa({ C: 'US', O: 'certkit test', CN: `Root ${k.name}` })
        .notBefore(NOW)
        .validityDays(3650)
        .sign(signer, { now: NOW });
      const leafKey = await generateKeyPair(k.alg === 'RSA-2048' ? 'P-256' : k.alg);
      const leaf = await CertificateBuilder.create()
        .subject({ C: 'US', O: 'certkit test', OU: 'Unit', CN: `leaf ${k.name}` })
        .publicKey(leafKey.publicKey)
        .notBefore(NOW)
        .notAfter(new Date('2051-06-30T12:00:00Z'))
        .serialNumber(0x1234n)
        .basicConstraints({ cA: false })
        .keyUsage(['digitalSignature', 'keyEncipherment'])
        .extKeyUsage(['serverAuth', 'clientAuth'])
        .subjectAltNames('leaf.example', '*.leaf.example', '192.0.2.10', '2001:db8::10', email('ops@leaf.example'), uri('https://leaf.example/'))
        .sign(signer, { issuerCertificate: root, now: NOW });
      built.push({ name: k.name, root, leaf });
    }
  });

  it('openssl x509 -text -noout reads each one and prints the same dump as toString()', () => {
    expect(built).toHaveLength(kinds.length);
    for (const b of built) {
      for (const c of [b.root, b.leaf]) {
        const theirs = openssl(['x509', '-text', '-noout'], certificateToPem(c));
        const ours = formatCertificate(c);
        // Header, names, validity and key: the same lines, indentation included.
        expect(head(ours), b.name).toEqual(head(theirs));
        // Signature algorithm (with PSS parameters) and value: the same lines.
        expect(tail(ours), b.name).toEqual(tail(theirs));
        // Everything, whitespace aside.
        expect(normalise(ours), b.name).toBe(normalise(theirs));
      }
    }
  });

  it('OpenSSL reads the same serial, names, dates and fingerprint', () => {
    for (const b of built) {
      const c = b.leaf;
      const out = openssl(['x509', '-noout', '-serial', '-subject', '-issuer', '-nameopt', 'RFC2253', '-startdate', '-enddate', '-fingerprint', '-sha256'], certificateToPem(c));
      const field = (k: string): string => new RegExp(`^${k}=(.*)$`, 'm').exec(out)![1]!;
      expect(field('serial')).toBe(c.serialNumberHex.toUpperCase());
      expect(field('subject')).toBe(c.subject.toString());
      expect(field('issuer')).toBe(c.issuer.toString());
      expect(new Date(field('notBefore')).getTime()).toBe(c.notBefore.getTime());
      expect(new Date(field('notAfter')).getTime()).toBe(c.notAfter.getTime());
      expect(field('sha256 Fingerprint').replace(/:/g, '').toLowerCase()).toBe(certificateFingerprint(c));
    }
  });

  it('openssl verify -x509_strict accepts each leaf with its root, and refuses it with another root', () => {
    for (const b of built) {
      const root = write(`root-${built.indexOf(b)}.pem`, certificateToPem(b.root));
      const leaf = write(`leaf-${built.indexOf(b)}.pem`, certificateToPem(b.leaf));
      expect(openssl(['verify', '-x509_strict', '-attime', AT, '-CAfile', root, leaf]).trim(), b.name).toBe(`${leaf}: OK`);
      const other = write('other-root.pem', certificateToPem(built[(built.indexOf(b) + 1) % built.length]!.root));
      expect(() => openssl(['verify', '-attime', AT, '-CAfile', other, leaf])).toThrow();
    }
  });
});

describe('a chain certkit builds, verified by OpenSSL', () => {
  it('openssl verify -x509_strict -CAfile root -untrusted intermediate leaf says OK', async () => {
    const [rk, ik, lk] = await Promise.all([generateKeyPair('P-384'), generateKeyPair('P-256'), generateKeyPair('Ed25519')]);
    const rootSigner: Signer = signerFromPrivateKey(rk.privateKey);
    const interSigner: Signer = signerFromPrivateKey(ik.privateKey);
    const root = await CertificateBuilder.selfSignedCa({ C: 'US', O: 'certkit', CN: 'certkit Root R1' }, { pathLength: 1 }).notBefore(NOW).validityDays(7300).sign(rootSigner, { now: NOW });
    const inter = await CertificateBuilder.create()
      .subject({ C: 'US', O: 'certkit', CN: 'certkit Issuing CA 1' })
      .publicKey(ik.publicKey)
      .notBefore(NOW)
      .validityDays(3650)
      .basicConstraints({ cA: true, pathLenConstraint: 0 })
      .keyUsage(['keyCertSign', 'cRLSign', 'digitalSignature'])
      .extKeyUsage(['serverAuth', 'clientAuth'])
      .sign(rootSigner, { issuerCertificate: root, now: NOW });
    const leaf = await CertificateBuilder.create()
      .subject({ CN: 'www.chain.example' })
      .publicKey(lk.publicKey)
      .notBefore(NOW)
      .validityDays(90)
      .basicConstraints({ cA: false })
      .keyUsage(['digitalSignature'])
      .extKeyUsage(['serverAuth'])
      .subjectAltNames('www.chain.example')
      .sign(interSigner, { issuerCertificate: inter, now: NOW });
    const r = write('chain-root.pem', certificateToPem(root));
    const i = write('chain-inter.pem', certificateToPem(inter));
    const l = write('chain-leaf.pem', certificateToPem(leaf));
    expect(openssl(['verify', '-x509_strict', '-attime', AT, '-purpose', 'sslserver', '-CAfile', r, '-untrusted', i, l]).trim()).toBe(`${l}: OK`);
    // without the intermediate, OpenSSL cannot build the path
    expect(() => openssl(['verify', '-attime', AT, '-CAfile', r, l])).toThrow();
    // and certkit agrees link by link
    expect(verifyCertificateSync(leaf, inter)).toBe(true);
    expect(verifyCertificateSync(inter, root)).toBe(true);
    expect(isSelfSignedSync(root)).toBe(true);
  });
});

// A SignedCertificateTimestampList (RFC 6962 §3.3) with one SCT, as the TLS structure.
const SCT_LOG_ID = 'a4b90990b418581487bb13a2cc67700a3c359804f91bdfb8e377cd0ec80ddc10';
const SCT_TIME = 1_700_000_000_123n;
function sctList(): string {
  const sig = '3045022100' + 'ab'.repeat(32) + '0220' + 'cd'.repeat(32);
  const sct = '00' + SCT_LOG_ID + SCT_TIME.toString(16).padStart(16, '0') + '0000' + '0403' + (sig.length / 2).toString(16).padStart(4, '0') + sig;
  const one = (sct.length / 2).toString(16).padStart(4, '0') + sct;
  const list = (one.length / 2).toString(16).padStart(4, '0') + one;
  return '04' + (list.length / 2 < 128 ? (list.length / 2).toString(16).padStart(2, '0') : '81' + (list.length / 2).toString(16)) + list;
}

const EXTFILE = `
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation, keyEncipherment, dataEncipherment, keyAgreement
extendedKeyUsage = serverAuth, clientAuth, codeSigning, emailProtection, timeStamping, OCSPSigning, 1.2.3.4.5
subjectAltName = @san
issuerAltName = URI:http://issuer.example/, email:ca@example.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always, issuer:always
crlDistributionPoints = cdp1, cdp2
freshestCRL = URI:http://crl.example/delta.crl
authorityInfoAccess = OCSP;URI:http://ocsp.example/, caIssuers;URI:http://ca.example/ca.cer
subjectInfoAccess = caRepository;URI:http://repo.example/
certificatePolicies = 2.23.140.1.2.1, @pol1
policyMappings = 1.2.3.4:1.2.3.5, 1.2.3.6:1.2.3.7
nameConstraints = critical, permitted;DNS:example.com, permitted;IP:10.0.0.0/255.0.0.0, permitted;email:.example.com, excluded;DNS:bad.example.com, excluded;IP:2001:db8::/ffff:ffff::
policyConstraints = requireExplicitPolicy:1, inhibitPolicyMapping:2
inhibitAnyPolicy = 3
noCheck = ignored
tlsfeature = status_request
1.3.6.1.4.1.11129.2.4.2 = DER:${sctList()}
1.2.3.4.99 = critical, ASN1:UTF8String:custom value

[san]
DNS.1 = example.com
DNS.2 = *.example.com
IP.1 = 192.0.2.1
IP.2 = 2001:db8::1
email.1 = user@example.com
URI.1 = https://example.com/path
RID.1 = 1.2.3.4
dirName.1 = dir_sect
otherName.1 = 1.3.6.1.4.1.311.20.2.3;UTF8:user@corp.example

[dir_sect]
C = US
O = Dir Org
CN = Dir Name

[cdp1]
fullname = URI:http://crl.example/a.crl, URI:ldap://crl.example/cn=x
reasons = keyCompromise, CACompromise
CRLissuer = dirName:dir_sect

[cdp2]
fullname = URI:http://crl2.example/b.crl

[pol1]
policyIdentifier = 1.3.6.1.4.1.99999.1
CPS.1 = "http://cps.example/cps"
userNotice.1 = @notice

[notice]
explicitText = "Explicit notice text"
organization = "Org Name"
noticeNumbers = 1, 2, 3
`;

/** `openssl x509 -text` extension blocks: heading (name and criticality) → body text. */
function extensionBlocks(text: string): Map<string, string> {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === 'X509v3 extensions:');
  const end = lines.findIndex((l, i) => i > start && /^ {4}Signature Algorithm:/.test(l));
  const out = new Map<string, string>();
  let current = '';
  for (const l of lines.slice(start + 1, end)) {
    if (/^ {12}\S/.test(l)) {
      current = l.trim();
      out.set(current, '');
    } else out.set(current, `${out.get(current)} ${l.trim()}`.trim());
  }
  return out;
}

describe('certificates OpenSSL builds, read by certkit', () => {
  let ca: Certificate;
  let leaf: Certificate;
  let leafText: string;

  beforeAll(() => {
    const caKey = join(dir, 'o-ca.key');
    const caPem = join(dir, 'o-ca.pem');
    openssl([
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      caKey,
      '-out',
      caPem,
      '-subj',
      '/C=US/O=OpenSSL Test CA/CN=OpenSSL Root',
      '-days',
      '3650',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    const leafKey = join(dir, 'o-leaf.key');
    const csr = join(dir, 'o-leaf.csr');
    openssl([
      'req',
      '-new',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      leafKey,
      '-out',
      csr,
      '-subj',
      '/C=DE/ST=Berlin/L=Berlin/O=Leaf GmbH/OU=Unit/CN=leaf.example.com/emailAddress=leaf@example.com',
    ]);
    const ext = write('o-ext.cnf', EXTFILE);
    const leafPem = join(dir, 'o-leaf.pem');
    openssl(['x509', '-req', '-in', csr, '-CA', caPem, '-CAkey', caKey, '-set_serial', '0x00c0ffee0123456789abcdef', '-days', '365', '-extfile', ext, '-extensions', 'leaf', '-out', leafPem]);
    ca = parseCertificate(readFileSync(caPem, 'utf8'));
    leaf = parseCertificate(readFileSync(leafPem, 'utf8')); // strict mode
    leafText = openssl(['x509', '-text', '-noout', '-in', leafPem]);
  });

  it('the req -x509 root parses to what OpenSSL prints and is self-signed', () => {
    const theirs = openssl(['x509', '-text', '-noout'], certificateToPem(ca));
    expect(normalise(formatCertificate(ca))).toBe(normalise(theirs));
    expect(isSelfSignedSync(ca)).toBe(true);
    expect(getExtension(ca, keyUsageCodec)).toEqual(['keyCertSign', 'cRLSign']);
    expect(getExtension(ca, basicConstraintsCodec)).toEqual({ cA: true });
  });

  it('the leaf: header, names, key and signature print identically', () => {
    const ours = formatCertificate(leaf);
    expect(head(ours)).toEqual(head(leafText));
    expect(tail(ours)).toEqual(tail(leafText));
    expect(leaf.serialNumber).toBe(0xc0ffee0123456789abcdefn);
    expect(verifyCertificateSync(leaf, ca)).toBe(true);
    expect(() => decodeAllExtensions(leaf)).not.toThrow();
  });

  it('each extension prints the values OpenSSL prints', () => {
    const theirs = extensionBlocks(leafText);
    const ours = extensionBlocks(formatCertificate(leaf));
    expect([...ours.keys()]).toEqual([...theirs.keys()]);
    expect(ours.size).toBe(20);
    expect(leaf.extensions).toHaveLength(20);
    for (const [heading, body] of theirs) {
      if (heading.startsWith('CT Precertificate SCTs') || heading.startsWith('1.2.3.4.99')) continue; // below
      expect(normalise(ours.get(heading)!), heading).toBe(normalise(body));
    }
    // SCTs: OpenSSL prints version, log ID and timestamp among other lines; certkit keeps the
    // list raw and summarises each SCT.
    const scts = getExtension(leaf, signedCertificateTimestampsCodec)!;
    expect(scts.scts).toHaveLength(1);
    const sctText = theirs.get('CT Precertificate SCTs:')!;
    expect(sctText).toMatch(/Version\s*: v1 \(0x0\)/);
    expect(sctText.replace(/[\s:]/g, '')).toContain(toHex(scts.scts[0]!.logId).toUpperCase());
    expect(toHex(scts.scts[0]!.logId)).toBe(SCT_LOG_ID);
    expect(BigInt(scts.scts[0]!.timestamp.getTime())).toBe(SCT_TIME);
    expect(sctText).toMatch(/Timestamp\s*: Nov 14 22:13:20\.123 2023 GMT/);
    // The unknown extension: OpenSSL dumps its bytes as text; certkit keeps them raw.
    const unknown = getDecodedExtension(leaf, '1.2.3.4.99')!;
    expect(unknown).toMatchObject({ name: 'unknown', critical: true });
    expect(toHex((unknown as { raw: Uint8Array }).raw)).toBe('0c0c' + toHex(new TextEncoder().encode('custom value')));
    expect(theirs.get('1.2.3.4.99: critical')).toBe('..custom value');
  });

  it('typed values match the extension file', () => {
    expect(getExtension(leaf, basicConstraintsCodec)).toEqual({ cA: false });
    expect(getExtension(leaf, keyUsageCodec)).toEqual(['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement']);
    expect(getExtension(leaf, extKeyUsageCodec)).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2', '1.3.6.1.5.5.7.3.3', '1.3.6.1.5.5.7.3.4', '1.3.6.1.5.5.7.3.8', '1.3.6.1.5.5.7.3.9', '1.2.3.4.5']);
    expect(certificateDnsNames(leaf)).toEqual(['example.com', '*.example.com']);
    expect(certificateIpAddresses(leaf)).toEqual(['192.0.2.1', '2001:db8::1']);
    expect(certificateEmailAddresses(leaf)).toEqual(['user@example.com']);
    const san = getExtension(leaf, subjectAltNameCodec)!;
    expect(san.find((n) => n.type === 'uri')).toEqual(uri('https://example.com/path'));
    expect(san.find((n) => n.type === 'registeredId')).toEqual(registeredId('1.2.3.4'));
    expect((san.find((n) => n.type === 'dn') as { value: { toString(): string } }).value.toString()).toBe('CN=Dir Name,O=Dir Org,C=US');
    expect(san.find((n) => n.type === 'otherName')).toMatchObject({ typeId: '1.3.6.1.4.1.311.20.2.3', upn: 'user@corp.example' });
    expect(upn('user@corp.example')).toMatchObject({ type: 'otherName' });
    expect(getExtension(leaf, issuerAltNameCodec)).toEqual([uri('http://issuer.example/'), email('ca@example.com')]);
    expect(toHex(getExtension(leaf, subjectKeyIdentifierCodec)!)).toBe(toHex(certificatePublicKey(leaf).subjectKeyIdentifier()));
    const aki = getExtension(leaf, authorityKeyIdentifierCodec)!;
    expect(toHex(aki.keyIdentifier!)).toBe(toHex(getExtension(ca, subjectKeyIdentifierCodec)!));
    expect(aki.authorityCertSerialNumber).toBe(ca.serialNumber);
    expect(aki.authorityCertIssuer).toHaveLength(1);
    const cdp = getExtension(leaf, crlDistributionPointsCodec)!;
    expect(cdp).toHaveLength(2);
    expect(cdp[0]!.reasons).toEqual(['keyCompromise', 'cACompromise']);
    expect(cdp[0]!.distributionPoint).toEqual({ type: 'fullName', names: [uri('http://crl.example/a.crl'), uri('ldap://crl.example/cn=x')] });
    expect(getExtension(leaf, freshestCrlCodec)![0]!.distributionPoint).toEqual({ type: 'fullName', names: [uri('http://crl.example/delta.crl')] });
    expect(getExtension(leaf, authorityInfoAccessCodec)).toEqual([
      { method: '1.3.6.1.5.5.7.48.1', location: uri('http://ocsp.example/') },
      { method: '1.3.6.1.5.5.7.48.2', location: uri('http://ca.example/ca.cer') },
    ]);
    expect(getExtension(leaf, subjectInfoAccessCodec)).toEqual([{ method: '1.3.6.1.5.5.7.48.5', location: uri('http://repo.example/') }]);
    const cp = getExtension(leaf, certificatePoliciesCodec)!;
    expect(cp.map((p) => p.policyIdentifier)).toEqual(['2.23.140.1.2.1', '1.3.6.1.4.1.99999.1']);
    expect(cp[1]!.qualifiers![0]).toEqual({ type: 'cps', uri: 'http://cps.example/cps' });
    expect(cp[1]!.qualifiers![1]).toMatchObject({ type: 'userNotice', explicitText: 'Explicit notice text', noticeRef: { organization: 'Org Name', noticeNumbers: [1, 2, 3] } });
    expect(getExtension(leaf, policyMappingsCodec)).toEqual([
      { issuerDomainPolicy: '1.2.3.4', subjectDomainPolicy: '1.2.3.5' },
      { issuerDomainPolicy: '1.2.3.6', subjectDomainPolicy: '1.2.3.7' },
    ]);
    const nc = getExtension(leaf, nameConstraintsCodec)!;
    expect(nc.permitted!.map((s) => s.base.type)).toEqual(['dns', 'ip', 'email']);
    expect(toHex((nc.permitted![1]!.base as { mask: Uint8Array }).mask)).toBe('ff000000');
    expect(nc.excluded!.map((s) => s.base.type)).toEqual(['dns', 'ip']);
    expect(toHex((nc.excluded![1]!.base as { value: Uint8Array }).value)).toBe(toHex(fromHex('20010db8' + '00'.repeat(12))));
    expect(getExtension(leaf, policyConstraintsCodec)).toEqual({ requireExplicitPolicy: 1, inhibitPolicyMapping: 2 });
    expect(getExtension(leaf, inhibitAnyPolicyCodec)).toBe(3);
    expect(getExtension(leaf, ocspNoCheckCodec) !== undefined).toBe(true);
    expect(getExtension(leaf, tlsFeatureCodec)).toEqual([5]);
    expect(ip('192.0.2.1').type).toBe('ip');
    expect(dn({ CN: 'x' }).type).toBe('dn');
  });
});
