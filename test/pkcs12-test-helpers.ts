/**
 * Shared helpers of the PKCS#12 / encrypted PKCS#8 tests: a test-only LegacyCipher (Triple-DES
 * from node:crypto, RC2 from node-forge, a devDependency), fixture paths, certificate making
 * with a fixed clock, and the openssl / keytool runners (which fail when the tool is missing).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { readFileSync } from 'node:fs';
import forge from 'node-forge';
import type { LegacyCipher, LegacyCipherRequest } from '../src/pkcs12/index';
import { generateKeyPair, importPrivateKey, type KeyPairAlgorithm, type PrivateKey } from '../src/keys/index';
import { signerFromPrivateKey } from '../src/sig/index';
import { CertificateBuilder, type Certificate } from '../src/x509/index';

const FIXTURES = 'test/fixtures/pkcs12';
export const PASS = 'certkit-test';
export const UPASS = 'pässwörd-€';
const NOW = new Date('2026-01-15T12:00:00Z');
/** The key types of the OpenSSL fixtures. */
export const OPENSSL_TYPES = ['rsa', 'p256', 'p384', 'p521', 'ed25519', 'ed448'] as const;

function _rc2(encrypt: boolean, r: LegacyCipherRequest): Uint8Array {
  const b = (x: Uint8Array): forge.util.ByteStringBuffer => forge.util.createBuffer(Buffer.from(x).toString('binary'));
  const c = encrypt ? forge.rc2.createEncryptionCipher(b(r.key), r.effectiveKeyBits!) : forge.rc2.createDecryptionCipher(b(r.key), r.effectiveKeyBits!);
  c.start(b(r.iv));
  c.update(b(r.data));
  c.finish(() => true); // no padding: certkit pads and unpads
  return new Uint8Array(Buffer.from(c.output.getBytes(), 'binary'));
}

function _des(encrypt: boolean, r: LegacyCipherRequest): Uint8Array {
  const c = encrypt ? createCipheriv(r.cipher, r.key, r.iv) : createDecipheriv(r.cipher, r.key, r.iv);
  c.setAutoPadding(false);
  return new Uint8Array(Buffer.concat([c.update(r.data), c.final()]));
}

/** Triple-DES (node:crypto) and RC2 (node-forge), raw CBC. Counts calls per cipher. */
export function testLegacyCipher(): LegacyCipher & { calls: Record<string, number> } {
  const calls: Record<string, number> = {};
  const run =
    (enc: boolean) =>
    (r: LegacyCipherRequest): Uint8Array => {
      calls[r.cipher] = (calls[r.cipher] ?? 0) + 1;
      return r.cipher === 'rc2-cbc' ? _rc2(enc, r) : _des(enc, r);
    };
  return { calls, decrypt: run(false), encrypt: run(true) };
}

export function fixture(path: string): Uint8Array {
  return new Uint8Array(readFileSync(`${FIXTURES}/${path}`));
}
export function fixtureText(path: string): string {
  return readFileSync(`${FIXTURES}/${path}`, 'utf8');
}
export function fixtureKey(type: string): PrivateKey {
  return importPrivateKey(fixtureText(`keys/${type}.pem`));
}

/** Runs openssl; returns stdout + stderr (openssl -info writes to stderr). Throws on failure. */
export function openssl(args: string[], input?: Uint8Array | string): string {
  return execFileSync('openssl', args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}
/** Like {@link openssl} but returns stdout and stderr together. */
export function opensslAll(args: string[]): string {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return `${r.stdout}${r.stderr}`;
}
export function keytool(args: string[]): string {
  return execFileSync('keytool', ['-J-Duser.language=en', ...args], { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

/** A CA and a leaf certificate for `leafKey`, made with certkit's builder at a fixed clock. */
export async function makeChain(leafKey: PrivateKey, caAlg: KeyPairAlgorithm = 'P-256'): Promise<{ ca: Certificate; leaf: Certificate; caKey: PrivateKey }> {
  const caKey = (await generateKeyPair(caAlg)).privateKey;
  const ca = await CertificateBuilder.selfSignedCa('CN=pkcs12 test CA').publicKey(caKey.publicKey).notBefore(NOW).validityDays(365).sign(signerFromPrivateKey(caKey), { now: NOW });
  const leaf = await CertificateBuilder.create()
    .subject(`CN=leaf ${leafKey.algorithm}`)
    .publicKey(leafKey.publicKey)
    .notBefore(NOW)
    .validityDays(30)
    .sign(signerFromPrivateKey(caKey), { issuerCertificate: ca, now: NOW });
  return { ca, leaf, caKey };
}
