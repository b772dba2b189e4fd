/**
 * Names, not OIDs: the main commands run over certificates and requests with the common
 * extensions, key purposes, policies and attributes (and a few a CA refuses), and no OID the
 * registry (`certkit/oid`) has a name for appears bare in what they print, on standard output or
 * standard error. An OID may appear next to its name (`serverAuth (1.3.6.1.5.5.7.3.1)`); an OID
 * without a registered name is left as it is (there is nothing better to show). JSON output is
 * data (its `oid` fields are meant to carry dotted OIDs) and is not checked here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main';
import { CsrBuilder, csrToPem, generateKeyPair, signerFromPrivateKey } from '../src/index';
import { ACCESS_METHOD, CERTIFICATE_POLICY, EXTENSION, PKCS9, oidName, registeredOids } from '../src/oid/index';
import { authorityInfoAccessCodec, certificatePoliciesCodec, certificateToPem, CertificateBuilder, crlDistributionPointsCodec, uri } from '../src/x509/index';
import { scratch } from './cli-test-helpers';

let dir: string;
const f = (n: string): string => path.join(dir, n);
const NOW = '2025-06-01T12:00:00Z';
const KNOWN = new Set(registeredOids());

/** Registered OIDs printed without their name just before them. */
export function bareOids(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?<![\d.])\d+(?:\.\d+){2,}(?![\d.])/g)) {
    const oid = m[0];
    if (!KNOWN.has(oid)) continue;
    const before = text.slice(Math.max(0, m.index - 80), m.index);
    const name = oidName(oid)!;
    if (before.endsWith(`${name} (`) || before.endsWith(`${name}: `) || before.endsWith(`${name}=`)) continue;
    out.push(`${oid} (${name}) in: …${text.slice(Math.max(0, m.index - 60), m.index + oid.length + 20).replace(/\n/g, '⏎')}…`);
  }
  return out;
}

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await run(args, { stdout: (s) => (out += s), stderr: (s) => (out += s), stdinIsTTY: false, env: {} });
  return { code, out };
}

beforeAll(async () => {
  dir = scratch('cli-oid-names');
  const rootKeys = await generateKeyPair('P-256');
  const leafKeys = await generateKeyPair('P-256');
  fs.writeFileSync(f('root.key'), rootKeys.privateKey.toPem('pkcs8'));
  fs.writeFileSync(f('leaf.key'), leafKeys.privateKey.toPem('pkcs8'));
  const rootSigner = signerFromPrivateKey(rootKeys.privateKey);
  const root = await CertificateBuilder.selfSignedCa({ CN: 'Names Root', O: 'Example' })
    .publicKey(rootKeys.publicKey)
    .notBefore(new Date('2025-01-01T00:00:00Z'))
    .validityDays(3650)
    .extension(certificatePoliciesCodec, [{ policyIdentifier: CERTIFICATE_POLICY.anyPolicy }])
    .sign(rootSigner);
  fs.writeFileSync(f('root.pem'), certificateToPem(root));
  const aia = [
    { method: ACCESS_METHOD.ocsp, location: uri('http://ocsp.example/') },
    { method: ACCESS_METHOD.caIssuers, location: uri('http://ca.example/root.crt') },
  ];
  // A code-signing leaf with Microsoft and smart-card purposes, a CA/B policy, AIA and CRL DP,
  // and a critical precertificate poison (a CA does not process it).
  const leaf = await CertificateBuilder.create()
    .subject({ CN: 'Names Leaf', O: 'Example' })
    .issuer(root.subject)
    .publicKey(leafKeys.publicKey)
    .notBefore(new Date('2025-01-01T00:00:00Z'))
    .validityDays(365)
    .subjectAltNames('names.example')
    .extKeyUsage(['codeSigning', 'timeStamping', 'msCodeIndividual', 'smartcardLogon'])
    .extension(certificatePoliciesCodec, [{ policyIdentifier: CERTIFICATE_POLICY.cabfDomainValidated }])
    .extension(authorityInfoAccessCodec, aia)
    .extension(crlDistributionPointsCodec, [{ distributionPoint: { type: 'fullName', names: [uri('http://crl.example/root.crl')] } }])
    .extension({ oid: EXTENSION.precertificatePoison ?? '1.3.6.1.4.1.11129.2.4.3', critical: true, value: Uint8Array.of(5, 0) })
    .sign(rootSigner);
  fs.writeFileSync(f('leaf.pem'), certificateToPem(leaf));
  // A certificate whose parse fails with a message naming an extension's OID: two extensions
  // with OIDs of the same length, the second's last arc patched into the first's (a duplicate).
  const twice = await CertificateBuilder.create()
    .subject({ CN: 'Twice' })
    .issuer(root.subject)
    .publicKey(leafKeys.publicKey)
    .validityDays(30)
    .extension({ oid: EXTENSION.subjectInfoAccess, value: Uint8Array.of(0x30, 0) })
    .extension({ oid: EXTENSION.tlsFeature, value: Uint8Array.of(0x30, 0) })
    .sign(rootSigner);
  const der = twice.raw.slice();
  const tls = [0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x18];
  const at = der.findIndex((_b, i) => tls.every((x, k) => der[i + k] === x));
  expect(at).toBeGreaterThan(0);
  der[at + tls.length - 1] = 0x0b; // 1.3.6.1.5.5.7.1.24 (tlsFeature) -> 1.3.6.1.5.5.7.1.11 (subjectInfoAccess)
  fs.writeFileSync(f('dup.pem'), `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`);
  // A request for purposes a TLS server profile does not give, with an unusual attribute and a
  // critical extension nobody processes.
  const csr = await CsrBuilder.create()
    .subject({ CN: 'names.example', O: 'Example' })
    .subjectAltNames('names.example')
    .extKeyUsage(['serverAuth', 'OCSPSigning', 'msServerGatedCrypto', 'anyExtendedKeyUsage'])
    .attribute(PKCS9.unstructuredAddress ?? '1.2.840.113549.1.9.8', [Uint8Array.of(0x0c, 2, 0x68, 0x69)])
    .sign(signerFromPrivateKey(leafKeys.privateKey));
  fs.writeFileSync(f('req.pem'), csrToPem(csr));
}, 30_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('no registered OID is printed without its name', () => {
  const commands: Array<[string, () => string[]]> = [
    ['inspect a certificate', () => ['inspect', f('leaf.pem'), f('root.pem'), '--now', NOW]],
    ['inspect a request', () => ['inspect', f('req.pem')]],
    ['lint a certificate as a TLS server', () => ['lint', f('leaf.pem'), '--profile', 'tls-server']],
    ['lint a certificate for email', () => ['lint', f('leaf.pem'), '--profile', 'email']],
    ['lint a request as a TLS server', () => ['lint', f('req.pem'), '--profile', 'tls-server']],
    ['lint a request for code signing', () => ['lint', f('req.pem'), '--profile', 'code-signing']],
    ['verify for a host (the leaf lacks serverAuth)', () => ['verify', f('leaf.pem'), '--trust', f('root.pem'), '--host', 'names.example', '--now', NOW]],
    ['verify for OCSPSigning', () => ['verify', f('leaf.pem'), '--trust', f('root.pem'), '--purpose', 'OCSPSigning', '--now', NOW]],
    ['verify for an OID purpose', () => ['verify', f('leaf.pem'), '--trust', f('root.pem'), '--purpose', '1.3.6.1.5.5.7.3.4', '--now', NOW]],
    ['verify a valid chain for an OID purpose', () => ['verify', f('root.pem'), '--trust', f('root.pem'), '--purpose', '1.3.6.1.5.5.7.3.4', '--now', NOW]],
    ['an error message from a parser (duplicate extension)', () => ['inspect', f('dup.pem')]],
    ['sign under tls-server (purposes refused)', () => ['sign', '--ca-cert', f('root.pem'), '--ca-key', f('root.key'), '--csr', f('req.pem'), '--profile', 'tls-server', '--now', NOW]],
    ['sign under code-signing', () => ['sign', '--ca-cert', f('root.pem'), '--ca-key', f('root.key'), '--csr', f('req.pem'), '--profile', 'code-signing', '--now', NOW]],
  ];
  for (const [what, args] of commands) {
    it(what, async () => {
      const r = await cli(args());
      expect(r.out.length).toBeGreaterThan(0);
      expect(r.out).not.toMatch(/internal error/);
      expect(bareOids(r.out)).toEqual([]);
      if (what.startsWith('an error message')) expect(r.out).toContain('subjectInfoAccess (1.3.6.1.5.5.7.1.11)');
    });
  }

  it('the checker finds a bare registered OID and accepts one next to its name', () => {
    expect(bareOids('needs 1.3.6.1.5.5.7.3.1 here')).toHaveLength(1);
    expect(bareOids('needs serverAuth (1.3.6.1.5.5.7.3.1) here')).toEqual([]);
    expect(bareOids('an unregistered 1.2.3.4.5.6.7 is fine, so is version 1.2')).toEqual([]);
  });
});
