/**
 * Proves signature interop with OpenSSL: signatures certkit makes verify under
 * `openssl dgst -verify` (ECDSA, RSA PKCS#1 v1.5 and PSS) and `openssl pkeyutl -verify -rawin`
 * (Ed25519, Ed448), and signatures OpenSSL makes verify in certkit on the pure and WebCrypto
 * paths. OpenSSL 3.0 has no ML-DSA: that is covered by the known-answer test in
 * sig-verify.test.ts. Fails if openssl is missing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, importPrivateKey, type KeyPair } from '../src/keys/index';
import { signatureAlgorithmIdentifier, signerFromPrivateKey, verifySignatureSync, verifySignature, type SignerOptions } from '../src/sig/index';

const dir = mkdtempSync(join(tmpdir(), 'certkit-sig-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const DATA = new TextEncoder().encode('tbsCertificate stand-in: certkit ↔ openssl');
const dataFile = join(dir, 'data.bin');

function openssl(args: string[]): string {
  return execFileSync('openssl', args, { stdio: ['pipe', 'pipe', 'pipe'] }).toString();
}

const pairs = new Map<string, KeyPair>();
beforeAll(async () => {
  expect(openssl(['version'])).toMatch(/^OpenSSL 3/);
  writeFileSync(dataFile, DATA);
  for (const a of ['P-256', 'P-384', 'P-521', 'Ed25519', 'Ed448', 'RSA-2048', 'RSA-3072'] as const) pairs.set(a, await generateKeyPair(a));
}, 60_000);

const CASES: [string, SignerOptions, string[]][] = [
  ['P-256', {}, ['-sha256']],
  ['P-384', {}, ['-sha384']],
  ['P-521', {}, ['-sha512']],
  ['P-256', { hash: 'SHA-384' }, ['-sha384']],
  ['RSA-2048', {}, ['-sha256']],
  ['RSA-3072', { hash: 'SHA-512' }, ['-sha512']],
  ['RSA-2048', { pss: true }, ['-sha256', '-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:32', '-sigopt', 'rsa_mgf1_md:sha256']],
  ['RSA-3072', { hash: 'SHA-384', pss: { saltLength: 0 } }, ['-sha384', '-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:0', '-sigopt', 'rsa_mgf1_md:sha384']],
];

describe('certkit signs, openssl verifies', () => {
  for (const [name, opts, dgst] of CASES) {
    it(`${name} ${JSON.stringify(opts)}`, async () => {
      const kp = pairs.get(name)!;
      const s = signerFromPrivateKey(kp.privateKey, opts);
      const sigFile = join(dir, `sig-${name}-${dgst.join('')}.bin`);
      const pub = join(dir, `${name}.pub.pem`);
      writeFileSync(pub, kp.publicKey.toPem());
      writeFileSync(sigFile, await s.sign(DATA));
      expect(openssl(['dgst', ...dgst, '-verify', pub, '-signature', sigFile, dataFile])).toMatch(/Verified OK/);
      // A signature over other data fails in openssl too (the test can fail).
      writeFileSync(sigFile, await s.sign(new TextEncoder().encode('other')));
      expect(() => openssl(['dgst', ...dgst, '-verify', pub, '-signature', sigFile, dataFile])).toThrow();
    });
  }
  for (const name of ['Ed25519', 'Ed448']) {
    it(name, async () => {
      const kp = pairs.get(name)!;
      const sigFile = join(dir, `sig-${name}.bin`);
      const pub = join(dir, `${name}.pub.pem`);
      writeFileSync(pub, kp.publicKey.toPem());
      writeFileSync(sigFile, await signerFromPrivateKey(kp.privateKey).sign(DATA));
      expect(openssl(['pkeyutl', '-verify', '-pubin', '-inkey', pub, '-rawin', '-in', dataFile, '-sigfile', sigFile])).toMatch(/Signature Verified Successfully/);
    });
  }
});

describe('openssl signs, certkit verifies (pure and WebCrypto)', () => {
  const GEN: [string, string[], string[], Parameters<typeof signatureAlgorithmIdentifier>[0]][] = [
    ['P-256', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'], ['-sha256'], { kind: 'ecdsa', hash: 'SHA-256' }],
    ['P-384', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'], ['-sha384'], { kind: 'ecdsa', hash: 'SHA-384' }],
    ['P-521', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521'], ['-sha512'], { kind: 'ecdsa', hash: 'SHA-512' }],
    ['RSA', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'], ['-sha256'], { kind: 'rsa-pkcs1', hash: 'SHA-256' }],
    [
      'RSA-PSS',
      ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
      ['-sha384', '-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:48', '-sigopt', 'rsa_mgf1_md:sha384'],
      { kind: 'rsa-pss', hash: 'SHA-384', mgfHash: 'SHA-384', saltLength: 48 },
    ],
    [
      'RSA-PSS-salt20',
      ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
      ['-sha256', '-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:20', '-sigopt', 'rsa_mgf1_md:sha256'],
      { kind: 'rsa-pss', hash: 'SHA-256', mgfHash: 'SHA-256', saltLength: 20 },
    ],
  ];
  for (const [name, gen, dgst, scheme] of GEN) {
    it(
      name,
      async () => {
        const keyFile = join(dir, `o-${name}.pem`);
        openssl(['genpkey', ...gen, '-out', keyFile]);
        const sigFile = join(dir, `o-${name}.sig`);
        openssl(['dgst', ...dgst, '-sign', keyFile, '-out', sigFile, dataFile]);
        const key = importPrivateKey(readFileSync(keyFile, 'utf8'));
        const sig = new Uint8Array(readFileSync(sigFile));
        const alg = signatureAlgorithmIdentifier(scheme);
        expect(verifySignatureSync(key.publicKey, alg, DATA, sig)).toBe(true);
        expect(await verifySignature(key.publicKey, alg, DATA, sig, { backend: 'webcrypto' })).toBe(true);
        expect(verifySignatureSync(key.publicKey, alg, DATA.subarray(1), sig)).toBe(false);
      },
      30_000,
    );
  }
  for (const name of ['ED25519', 'ED448']) {
    it(name, async () => {
      const keyFile = join(dir, `o-${name}.pem`);
      openssl(['genpkey', '-algorithm', name, '-out', keyFile]);
      const sigFile = join(dir, `o-${name}.sig`);
      openssl(['pkeyutl', '-sign', '-inkey', keyFile, '-rawin', '-in', dataFile, '-out', sigFile]);
      const key = importPrivateKey(readFileSync(keyFile, 'utf8'));
      const alg = signatureAlgorithmIdentifier({ kind: 'eddsa', curve: name === 'ED25519' ? 'Ed25519' : 'Ed448' });
      const sig = new Uint8Array(readFileSync(sigFile));
      expect(verifySignatureSync(key.publicKey, alg, DATA, sig)).toBe(true);
      expect(await verifySignature(key.publicKey, alg, DATA, sig)).toBe(true);
      // certkit's Ed25519/Ed448 signatures are deterministic (RFC 8032): same bytes as openssl.
      expect(Buffer.from(await signerFromPrivateKey(key).sign(DATA)).equals(Buffer.from(sig))).toBe(true);
    });
  }
});
