/**
 * Interop with OpenSSL 3.0 in both directions:
 * - every request certkit builds, for every key type OpenSSL 3.0 has, passes
 *   `openssl req -verify` (whose exit code is 0 even on failure, so its output is read), and
 *   `openssl req -text` shows the subject, SANs and attributes that were set;
 * - requests made by `openssl req -new` with `-addext` and challengePassword/unstructuredName,
 *   for every key type, parse in certkit to the same values and verify.
 * Fails (does not skip) when openssl is missing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CsrBuilder, parseCsr, verifyCsrSync } from '../src/csr/index';
import { generateKeyPair, importPrivateKey, type KeyPairAlgorithm } from '../src/keys/index';
import { PKCS9 } from '../src/oid/index';
import { signerFromPrivateKey } from '../src/sig/index';
import { email, upn } from '../src/x509/index';
import { csrChallengePassword, csrDnsNames, csrEmailAddresses, csrIpAddresses, csrPublicKey, csrToPem, csrUnstructuredNames, formatCsr } from '../src/csr/index';
import { basicConstraintsCodec, extKeyUsageCodec, findRawExtension, getExtension, keyUsageCodec } from '../src/x509/index';
import { nameToOpenSslString } from '../src/x509/index';

const dir = mkdtempSync(join(tmpdir(), 'certkit-csr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function openssl(args: string[]): { out: string; status: number } {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  if (r.error) throw new Error(`openssl is required for this test: ${r.error.message}`);
  return { out: `${r.stdout}${r.stderr}`, status: r.status ?? -1 };
}

describe('certkit → OpenSSL', () => {
  const algs: KeyPairAlgorithm[] = ['P-256', 'P-384', 'P-521', 'Ed25519', 'Ed448', 'RSA-2048'];
  for (const alg of algs) {
    it(`openssl req -verify accepts a certkit ${alg} request and prints what was set`, async () => {
      const { privateKey } = await generateKeyPair(alg);
      const csr = await CsrBuilder.create()
        .subject({ C: 'US', O: 'Acme, Inc.', CN: 'www.example.com', emailAddress: 'admin@example.com' })
        .subjectAltNames('www.example.com', 'example.com', '192.0.2.1', '2001:db8::1', email('ops@example.com'), upn('svc@corp.example'))
        .keyUsage(['digitalSignature'])
        .extKeyUsage(['serverAuth', 'clientAuth'])
        .challengePassword('s3cret pw')
        .unstructuredName('device 42')
        .sign(signerFromPrivateKey(privateKey));
      const file = join(dir, `${alg}.pem`);
      writeFileSync(file, csrToPem(csr));
      const v = openssl(['req', '-in', file, '-verify', '-noout']);
      expect(v.out).toMatch(/verify OK/);
      expect(v.out).not.toMatch(/fail/i);
      const t = openssl(['req', '-in', file, '-text', '-noout']).out;
      expect(t).toContain('Subject: C = US, O = "Acme, Inc.", CN = www.example.com, emailAddress = admin@example.com');
      expect(t).toContain('DNS:www.example.com, DNS:example.com, IP Address:192.0.2.1, IP Address:2001:DB8:0:0:0:0:0:1, email:ops@example.com, othername: UPN::svc@corp.example');
      expect(t).toMatch(/challengePassword\s+:s3cret pw/);
      expect(t).toMatch(/unstructuredName\s+:device 42/);
      expect(t).toContain('X509v3 Key Usage: critical');
      expect(t).toContain('TLS Web Server Authentication, TLS Web Client Authentication');
      // DER output of OpenSSL is the same bytes
      const der = join(dir, `${alg}.der`);
      openssl(['req', '-in', file, '-outform', 'DER', '-out', der]);
      expect(new Uint8Array(readFileSync(der))).toEqual(csr.raw.slice());
    });
  }

  it('openssl reports a tampered certkit request as failing (the check can fail)', async () => {
    const { privateKey } = await generateKeyPair('P-256');
    const csr = await CsrBuilder.create().subject('CN=a').sign(signerFromPrivateKey(privateKey));
    const der = csr.raw.slice();
    const i = der.indexOf(0x61, 10); // the 'a' of the CN
    der[i] = 0x62;
    const file = join(dir, 'tampered.der');
    writeFileSync(file, der);
    const v = openssl(['req', '-in', file, '-inform', 'DER', '-verify', '-noout']);
    expect(v.out).toMatch(/verify failure/);
    expect(verifyCsrSync(parseCsr(der))).toBe(false);
  });
});

describe('OpenSSL → certkit', () => {
  const keys: Array<[string, string[]]> = [
    ['P-256', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']],
    ['P-384', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384']],
    ['P-521', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521']],
    ['Ed25519', ['-algorithm', 'ED25519']],
    ['Ed448', ['-algorithm', 'ED448']],
    ['RSA-2048', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']],
    ['RSA-PSS', ['-algorithm', 'RSA-PSS', '-pkeyopt', 'rsa_keygen_bits:2048']],
  ];
  const config = [
    '[req]',
    'prompt = no',
    'distinguished_name = dn',
    'attributes = attrs',
    '[dn]',
    'C = GB',
    'ST = London',
    'L = London',
    'O = Example Ltd',
    'OU = Web',
    'CN = shop.example.co.uk',
    'emailAddress = web@example.co.uk',
    '[attrs]',
    'challengePassword = challenge me!',
    'unstructuredName = An Unstructured Name',
    '',
  ].join('\n');
  for (const [name, gen] of keys) {
    it(`parses and verifies an openssl req -new ${name} request with -addext and challengePassword`, () => {
      const keyFile = join(dir, `ossl-${name}.key`);
      const cfg = join(dir, 'req.cnf');
      const csrFile = join(dir, `ossl-${name}.csr`);
      writeFileSync(cfg, config);
      expect(openssl(['genpkey', ...gen, '-out', keyFile]).status).toBe(0);
      const r = openssl([
        'req',
        '-new',
        '-key',
        keyFile,
        '-config',
        cfg,
        '-out',
        csrFile,
        '-addext',
        'subjectAltName=DNS:shop.example.co.uk,DNS:www.shop.example.co.uk,IP:198.51.100.4,email:web@example.co.uk',
        '-addext',
        'keyUsage=critical,digitalSignature,keyEncipherment',
        '-addext',
        'extendedKeyUsage=serverAuth',
        '-addext',
        'basicConstraints=critical,CA:FALSE',
      ]);
      expect(r.status, r.out).toBe(0);
      const csr = parseCsr(readFileSync(csrFile, 'utf8'));
      expect(verifyCsrSync(csr)).toBe(true);
      expect(nameToOpenSslString(csr.subject)).toBe('C = GB, ST = London, L = London, O = Example Ltd, OU = Web, CN = shop.example.co.uk, emailAddress = web@example.co.uk');
      expect(csrChallengePassword(csr)).toBe('challenge me!');
      expect(csrUnstructuredNames(csr)).toEqual(['An Unstructured Name']);
      expect(csrDnsNames(csr)).toEqual(['shop.example.co.uk', 'www.shop.example.co.uk']);
      expect(csrIpAddresses(csr)).toEqual(['198.51.100.4']);
      expect(csrEmailAddresses(csr)).toEqual(['web@example.co.uk']);
      expect([...(getExtension(csr, keyUsageCodec) ?? [])].sort()).toEqual(['digitalSignature', 'keyEncipherment']);
      expect(findRawExtension(csr, '2.5.29.15')?.critical).toBe(true);
      expect(getExtension(csr, extKeyUsageCodec)).toEqual(['1.3.6.1.5.5.7.3.1']);
      expect(getExtension(csr, basicConstraintsCodec)).toEqual({ cA: false });
      expect(csr.extensionRequestOid).toBe(PKCS9.extensionRequest);
      // the key in the request is the key OpenSSL generated
      const key = importPrivateKey(readFileSync(keyFile, 'utf8'));
      expect(csrPublicKey(csr).equals(key.publicKey)).toBe(true);
      // our text dump agrees with openssl on the subject line and the SAN line
      const theirs = openssl(['req', '-in', csrFile, '-text', '-noout']).out;
      const ours = formatCsr(csr);
      for (const re of [/Subject: .*/, /DNS:shop.*/, /challengePassword\s+:.*/]) expect(ours.match(re)?.[0]).toBe(theirs.match(re)?.[0]);
    });
  }
});
