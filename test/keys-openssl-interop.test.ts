/**
 * Proves key interop with OpenSSL: keys certkit exports are read by `openssl pkey` as the same key
 * (PKCS#8, PKCS#1, SEC1, SPKI), and keys `openssl genpkey` makes import into certkit with the
 * same public key (PKCS#8 and the traditional formats). Fails if openssl is missing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '../src/der/index';
import { generateKeyPair, importPrivateKey, parsePublicKey, type KeyPair } from '../src/keys/index';

const dir = mkdtempSync(join(tmpdir(), 'certkit-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function openssl(args: string[], input?: string | Uint8Array): Buffer {
  return execFileSync('openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'] });
}

const pairs = new Map<string, KeyPair>();
beforeAll(async () => {
  expect(openssl(['version']).toString()).toMatch(/^OpenSSL 3/);
  for (const a of ['P-256', 'P-384', 'P-521', 'Ed25519', 'Ed448', 'RSA-2048'] as const) pairs.set(a, await generateKeyPair(a));
}, 60_000);

describe('certkit → openssl', () => {
  for (const a of ['P-256', 'P-384', 'P-521', 'Ed25519', 'Ed448', 'RSA-2048']) {
    it(`${a}: openssl pkey reads the PKCS#8 and SPKI and derives the same public key`, () => {
      const { privateKey, publicKey } = pairs.get(a)!;
      const f = join(dir, `${a}.pem`);
      writeFileSync(f, privateKey.toPem());
      const pub = openssl(['pkey', '-in', f, '-pubout', '-outform', 'DER']);
      expect(toHex(new Uint8Array(pub))).toBe(toHex(publicKey.spki));
      // openssl re-encodes the private key to the same PKCS#8 bytes.
      const again = openssl(['pkey', '-in', f, '-outform', 'DER']);
      if (a.startsWith('P-') || a.startsWith('RSA')) {
        // OpenSSL's EC PKCS#8 carries the public key too, and its DER output of an RSA key is
        // PKCS#1: compare the key, not the bytes.
        expect(importPrivateKey(new Uint8Array(again)).publicKey.equals(publicKey)).toBe(true);
      } else {
        expect(toHex(new Uint8Array(again))).toBe(toHex(privateKey.toPkcs8()));
      }
      const pf = join(dir, `${a}.pub.pem`);
      writeFileSync(pf, publicKey.toPem());
      expect(toHex(new Uint8Array(openssl(['pkey', '-pubin', '-in', pf, '-outform', 'DER'])))).toBe(toHex(publicKey.spki));
    });
  }

  it('traditional formats: SEC1 EC PRIVATE KEY and PKCS#1 RSA PRIVATE KEY / RSA PUBLIC KEY', () => {
    for (const a of ['P-256', 'P-521']) {
      const { privateKey, publicKey } = pairs.get(a)!;
      const f = join(dir, `${a}.sec1.pem`);
      writeFileSync(f, privateKey.toPem('sec1'));
      expect(toHex(new Uint8Array(openssl(['pkey', '-in', f, '-pubout', '-outform', 'DER'])))).toBe(toHex(publicKey.spki));
      // openssl writes the same SEC1 bytes back.
      expect(toHex(new Uint8Array(openssl(['ec', '-in', f, '-outform', 'DER'])))).toBe(toHex(privateKey.toSec1()));
    }
    const { privateKey, publicKey } = pairs.get('RSA-2048')!;
    const f = join(dir, 'rsa.pkcs1.pem');
    writeFileSync(f, privateKey.toPem('pkcs1'));
    expect(toHex(new Uint8Array(openssl(['rsa', '-in', f, '-traditional', '-outform', 'DER'])))).toBe(toHex(privateKey.toPkcs1()));
    const pf = join(dir, 'rsa.pkcs1.pub.pem');
    writeFileSync(pf, publicKey.toPkcs1Pem());
    expect(toHex(new Uint8Array(openssl(['rsa', '-RSAPublicKey_in', '-in', pf, '-pubout', '-outform', 'DER'])))).toBe(toHex(publicKey.spki));
  });
});

describe('openssl → certkit', () => {
  const GEN: [string, string[], string][] = [
    ['P-256', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'], 'ECDSA'],
    ['P-384', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'], 'ECDSA'],
    ['P-521', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521'], 'ECDSA'],
    ['Ed25519', ['-algorithm', 'ED25519'], 'Ed25519'],
    ['Ed448', ['-algorithm', 'ED448'], 'Ed448'],
    ['RSA-2048', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'], 'RSA'],
    ['RSA-3072', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:3072'], 'RSA'],
    ['RSA-PSS', ['-algorithm', 'RSA-PSS', '-pkeyopt', 'rsa_keygen_bits:2048'], 'RSA'],
    [
      'RSA-PSS-params',
      ['-algorithm', 'RSA-PSS', '-pkeyopt', 'rsa_keygen_bits:2048', '-pkeyopt', 'rsa_pss_keygen_md:sha256', '-pkeyopt', 'rsa_pss_keygen_mgf1_md:sha256', '-pkeyopt', 'rsa_pss_keygen_saltlen:32'],
      'RSA',
    ],
  ];
  for (const [name, args, alg] of GEN) {
    it(`${name}: openssl genpkey → importPrivateKey gives openssl's public key`, () => {
      const f = join(dir, `gen-${name}.pem`);
      openssl(['genpkey', ...args, '-out', f]);
      const pem = readFileSync(f, 'utf8');
      expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
      const key = importPrivateKey(pem);
      expect(key.algorithm).toBe(alg);
      const spki = new Uint8Array(openssl(['pkey', '-in', f, '-pubout', '-outform', 'DER']));
      expect(toHex(key.publicKey.spki)).toBe(toHex(spki));
      expect(parsePublicKey(spki).equals(key.publicKey)).toBe(true);
      expect(key.rsaPssOnly).toBe(name.startsWith('RSA-PSS'));
      // DER PKCS#8 and, where OpenSSL has one, the traditional format.
      expect(importPrivateKey(new Uint8Array(openssl(['pkey', '-in', f, '-outform', 'DER']))).publicKey.equals(key.publicKey)).toBe(true);
      if (alg === 'ECDSA' || (alg === 'RSA' && !name.startsWith('RSA-PSS'))) {
        const trad = openssl(['pkey', '-in', f, '-traditional']).toString();
        expect(trad).toMatch(alg === 'ECDSA' ? /BEGIN EC PRIVATE KEY/ : /BEGIN RSA PRIVATE KEY/);
        expect(importPrivateKey(trad).publicKey.equals(key.publicKey)).toBe(true);
      }
      // certkit's PKCS#8 export is accepted back by openssl as the same key.
      const back = join(dir, `back-${name}.pem`);
      writeFileSync(back, key.toPem());
      expect(toHex(new Uint8Array(openssl(['pkey', '-in', back, '-pubout', '-outform', 'DER'])))).toBe(toHex(spki));
    }, 30_000);
  }
});
