/**
 * Interop with Node's `crypto.X509Certificate` (OpenSSL inside): for every certificate of
 * `tls.rootCertificates` and for certificates certkit builds, subject, issuer, serial number,
 * validity, subjectAltName, fingerprint256 and signature verification with the issuer's key
 * agree. Names are compared attribute by attribute: Node prints OpenSSL's multi-line form
 * (`C=US\nO=Acme\, Inc.\nCN=x`), which is parsed back here.
 */
import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from '../src/keys/index';
import { signerFromPrivateKey } from '../src/sig/index';
import { type Certificate, CertificateBuilder, type Name, attributeOpenSslName, dn, email, parseCertificate, uri, nameFromRdns } from '../src/x509/index';
import { certificateDnsNames, certificateFingerprint, certificatePublicKey, isSelfIssued, isSelfSignedSync, verifyCertificateSync } from '../src/x509/index';

const NOW = new Date('2026-01-15T00:00:00Z');

/** OpenSSL's multi-line name (XN_FLAG_SEP_MULTILINE, ASN1_STRFLGS_ESC_2253) as [type, value] lists per RDN. */
function parseNodeName(text: string): string[][] {
  if (text === '') return [];
  return text.split('\n').map((line) => {
    const out: string[] = [];
    // multi-valued RDNs are joined by ' + '; a '+' inside a value is escaped as '\+'
    for (const part of line.split(/(?<!\\) \+ /)) {
      const eq = part.indexOf('=');
      out.push(`${part.slice(0, eq)}=${unescape2253(part.slice(eq + 1))}`);
    }
    return out;
  });
}

function unescape2253(v: string): string {
  // \XX hex escapes are UTF-8 octets; \c escapes a special character.
  const bytes: number[] = [];
  const enc = new TextEncoder();
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (c === '\\' && /^[0-9A-Fa-f]{2}$/.test(v.slice(i + 1, i + 3))) {
      bytes.push(parseInt(v.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c === '\\' && i + 1 < v.length) {
      bytes.push(...enc.encode(v[i + 1]!));
      i++;
    } else bytes.push(...enc.encode(c));
  }
  return new TextDecoder().decode(Uint8Array.from(bytes));
}

function ourName(n: Name): string[][] {
  return n.rdns.map((rdn) => rdn.map((a) => `${attributeOpenSslName(a.type)}=${a.value ?? ''}`));
}

/** Node's subjectAltName string → the DNS names in it. */
function nodeDnsNames(x: X509Certificate): string[] {
  const s = x.subjectAltName;
  if (s === undefined) return [];
  return s
    .split(', ')
    .filter((p) => p.startsWith('DNS:'))
    .map((p) => p.slice(4));
}

function compare(c: Certificate, x: X509Certificate, issuer: { cert: Certificate; node: X509Certificate }): void {
  expect(ourName(c.subject)).toEqual(parseNodeName(x.subject));
  expect(ourName(c.issuer)).toEqual(parseNodeName(x.issuer));
  expect(c.serialNumberHex.toUpperCase()).toBe(
    x.serialNumber
      .replace(/^(00)+(?=.)/, '')
      .toUpperCase()
      .padStart(c.serialNumberHex.length, '0'),
  );
  expect(c.notBefore.getTime()).toBe(new Date(x.validFrom).getTime());
  expect(c.notAfter.getTime()).toBe(new Date(x.validTo).getTime());
  expect(certificateFingerprint(c, 'SHA-256')).toBe(x.fingerprint256.replace(/:/g, '').toLowerCase());
  expect(certificateFingerprint(c, 'SHA-1')).toBe(x.fingerprint.replace(/:/g, '').toLowerCase());
  expect(certificateDnsNames(c)).toEqual(nodeDnsNames(x));
  expect(certificatePublicKey(c).spki).toEqual(new Uint8Array(x.publicKey.export({ type: 'spki', format: 'der' })));
  // signature with the issuer's key; SHA-1 roots are fine here (not a trust decision)
  const ours = verifyCertificateSync(c, issuer.cert, { allowSha1: true, minRsaBits: 1024 });
  expect(ours).toBe(x.verify(issuer.node.publicKey));
  expect(ours).toBe(true);
  expect(isSelfIssued(c)).toBe(x.checkIssued(x));
}

describe("Node's root store", () => {
  it('has certificates to compare', () => {
    expect(rootCertificates.length).toBeGreaterThan(100);
  });
  it('every root agrees on subject, issuer, serial, validity, SAN, fingerprints, key and self-signature', () => {
    for (const pem of rootCertificates) {
      const x = new X509Certificate(pem);
      const c = parseCertificate(pem);
      try {
        compare(c, x, { cert: c, node: x });
        expect(isSelfSignedSync(c)).toBe(true);
      } catch (e) {
        throw new Error(`${x.subject.replace(/\n/g, ', ')}: ${(e as Error).message}`, { cause: e });
      }
    }
  });
  it('a tampered root fails verification in both', () => {
    const c = parseCertificate(rootCertificates[0]!);
    const der = c.raw;
    der[c.raw.length - 10]! ^= 0x01; // inside the signature
    const t = parseCertificate(der);
    const x = new X509Certificate(der);
    expect(verifyCertificateSync(t, t, { allowSha1: true, minRsaBits: 1024 })).toBe(false);
    expect(x.verify(x.publicKey)).toBe(false);
  });
});

describe('certificates certkit builds', () => {
  const built: Array<{ name: string; cert: Certificate; issuer: Certificate }> = [];
  beforeAll(async () => {
    for (const alg of ['P-256', 'P-384', 'P-521', 'Ed25519', 'RSA-2048'] as const) {
      const rootKey = await generateKeyPair(alg);
      const leafKey = await generateKeyPair(alg === 'RSA-2048' ? 'P-256' : alg);
      for (const pss of alg === 'RSA-2048' ? [false, true] : [false]) {
        const signer = signerFromPrivateKey(rootKey.privateKey, pss ? { pss: true } : {});
        const root = await CertificateBuilder.selfSignedCa({ CN: `Root ${alg}${pss ? ' PSS' : ''}`, O: 'Acme, Inc. + "Friends"', C: 'DE', L: 'München' })
          .notBefore(NOW)
          .validityDays(3650)
          .sign(signer, { now: NOW });
        const leaf = await CertificateBuilder.create()
          .subject(
            nameFromRdns([
              [['C', 'DE']],
              [['O', 'Leaf; <Org>']],
              [
                ['CN', 'leaf.example'],
                ['UID', 'u1'],
              ],
              [['emailAddress', 'leaf@example.com']],
            ]),
          )
          .publicKey(leafKey.publicKey)
          .notBefore(NOW)
          .noExpiry()
          .serialNumber('00ff' + '12'.repeat(18))
          .subjectAltNames('leaf.example', '*.leaf.example', '10.1.2.3', 'fe80::1', email('a@b.example'), uri('https://x.example/'), dn({ CN: 'Dir' }))
          .sign(signer, { issuerCertificate: root, now: NOW });
        built.push({ name: `${alg}${pss ? '-PSS' : ''} root`, cert: root, issuer: root }, { name: `${alg}${pss ? '-PSS' : ''} leaf`, cert: leaf, issuer: root });
      }
    }
  });
  it('Node reads each one and agrees on every field', () => {
    expect(built.length).toBe(12);
    for (const b of built) {
      const x = new X509Certificate(b.cert.raw);
      try {
        compare(b.cert, x, { cert: b.issuer, node: new X509Certificate(b.issuer.raw) });
        expect(x.checkIssued(new X509Certificate(b.issuer.raw))).toBe(true);
      } catch (e) {
        throw new Error(`${b.name}: ${(e as Error).message}`, { cause: e });
      }
    }
  });
});
