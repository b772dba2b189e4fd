/**
 * PKCS#12 interoperability with OpenSSL 3 and Java 17 keytool, both directions:
 * - certkit reads the committed OpenSSL fixtures (default and -legacy, every key type OpenSSL 3.0
 *   has) and keytool keystores, and fresh ones made live;
 * - `openssl pkcs12` and `keytool -list` read what certkit writes (default and legacy form).
 * The tools must be installed: these tests fail, not skip, without them.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodePemAll } from '../src/pem/index';
import { importPrivateKey, keyMatches } from '../src/keys/index';
import { createPkcs12, parsePkcs12 } from '../src/pkcs12/index';
import { parseCertificate } from '../src/x509/index';
import { fixture, fixtureKey, fixtureText, keytool, makeChain, openssl, opensslAll, OPENSSL_TYPES, PASS, testLegacyCipher, UPASS } from './pkcs12-test-helpers';

const tmp = mkdtempSync(join(tmpdir(), 'certkit-p12-'));
const certDer = (path: string): Uint8Array => parseCertificate(fixtureText(path)).raw;

describe('certkit reads OpenSSL 3 files (committed fixtures)', () => {
  for (const t of OPENSSL_TYPES) {
    for (const mode of ['default', 'legacy'] as const) {
      it(`${mode} ${t}`, async () => {
        const legacy = testLegacyCipher();
        const c = await parsePkcs12(fixture(`openssl/${mode}-${t}.p12`), PASS, { legacyCipher: legacy });
        expect(c.mac).toEqual({ hash: mode === 'default' ? 'SHA-256' : 'SHA-1', iterations: 2048, saltLength: 8 });
        expect(c.keys).toHaveLength(1);
        expect(c.keys[0]!.key.toPkcs8()).toEqual(fixtureKey(t).toPkcs8());
        expect(c.keys[0]!.friendlyName).toBe(`leaf ${t}`);
        expect(c.keys[0]!.encryption).toBe(mode === 'default' ? 'PBES2 (PBKDF2 HMAC-SHA-256, 2048 iterations; AES-256-CBC)' : 'pbeWithSHAAnd3-KeyTripleDES-CBC, 2048 iterations');
        expect(c.certificates.map((x) => x.certificate.raw)).toEqual([certDer(`certs/${t}.pem`), certDer('certs/ca.pem')]);
        expect(c.certificates[0]!.friendlyName).toBe(`leaf ${t}`);
        expect(c.certificates[0]!.localKeyId).toEqual(c.keys[0]!.localKeyId);
        expect(c.certificates[0]!.encryption).toContain(mode === 'default' ? 'AES-256-CBC' : 'pbewithSHAAnd40BitRC2-CBC');
        expect(legacy.calls).toEqual(mode === 'default' ? {} : { 'des-ede3-cbc': 1, 'rc2-cbc': 1 });
      });
    }
  }
  it('variants: Unicode password, unencrypted certs, SHA-512 MAC, certs only, 3DES certs', async () => {
    const uni = await parsePkcs12(fixture('openssl/default-p256-unicode-password.p12'), UPASS);
    expect(uni.keys[0]!.key.toPkcs8()).toEqual(fixtureKey('p256').toPkcs8());
    expect((await parsePkcs12(fixture('openssl/certs-unencrypted-p256.p12'), PASS)).certificates[0]!.encryption).toBeUndefined();
    expect((await parsePkcs12(fixture('openssl/mac-sha512-p256.p12'), PASS)).mac?.hash).toBe('SHA-512');
    const certsOnly = await parsePkcs12(fixture('openssl/certs-only.p12'), PASS);
    expect([certsOnly.keys.length, certsOnly.certificates[0]!.certificate.raw]).toEqual([0, certDer('certs/ca.pem')]);
    const des = await parsePkcs12(fixture('openssl/legacy-3des-certs-rsa.p12'), PASS, { legacyCipher: testLegacyCipher() });
    expect(des.certificates[0]!.encryption).toBe('pbeWithSHAAnd3-KeyTripleDES-CBC, 2048 iterations');
    expect(des.keys[0]!.key.toPkcs8()).toEqual(fixtureKey('rsa').toPkcs8());
  });
});

describe('certkit reads Java keytool keystores (committed fixtures)', () => {
  for (const [t, alias] of [
    ['rsa', 'rsa-entry'],
    ['p256', 'ec-entry'],
    ['p384', 'p384-entry'],
    ['ed25519', 'ed25519-entry'],
  ] as const) {
    it(`keytool -genkeypair ${t}`, async () => {
      const c = await parsePkcs12(fixture(`keytool/${t}.p12`), PASS);
      expect(c.mac).toEqual({ hash: 'SHA-256', iterations: 10000, saltLength: 20 });
      expect(c.keys).toHaveLength(1);
      expect(c.keys[0]!.friendlyName).toBe(alias);
      expect(c.keys[0]!.encryption).toBe('PBES2 (PBKDF2 HMAC-SHA-256, 10000 iterations; AES-256-CBC)');
      expect(c.certificates.map((x) => x.certificate.raw)).toEqual([certDer(`keytool/${t}.crt.pem`)]);
      expect(keyMatches(c.keys[0]!.key, c.certificates[0]!.certificate)).toBe(true);
      expect(c.certificates[0]!.localKeyId).toEqual(c.keys[0]!.localKeyId);
    });
  }
  it('a key entry plus a trusted certificate entry', async () => {
    const c = await parsePkcs12(fixture('keytool/p256-with-trusted.p12'), PASS);
    expect(c.keys).toHaveLength(1);
    const trusted = c.certificates.find((x) => x.friendlyName === 'fixture-ca');
    expect(trusted?.certificate.raw).toEqual(certDer('certs/ca.pem'));
    expect(trusted?.localKeyId).toBeUndefined();
    // Java marks trusted entries with its own attribute (2.16.840.1.113894.746875.1.1), returned raw
    expect(trusted?.attributes.map((a) => a.oid)).toContain('2.16.840.1.113894.746875.1.1');
  });
});

describe('OpenSSL reads what certkit writes (live)', () => {
  for (const t of OPENSSL_TYPES) {
    for (const mode of ['default', 'legacy'] as const) {
      it(`${mode} ${t}: openssl pkcs12 -info and -nodes`, async () => {
        const key = fixtureKey(t);
        const p12 = await createPkcs12({
          key,
          certificate: fixtureText(`certs/${t}.pem`),
          chain: [fixtureText('certs/ca.pem')],
          friendlyName: `certkit ${t}`,
          password: 'pw ü',
          iterations: mode === 'default' ? 1000 : 2048,
          ...(mode === 'legacy' ? { legacy: { cipher: testLegacyCipher() } } : {}),
        });
        const file = join(tmp, `${mode}-${t}.p12`);
        writeFileSync(file, p12);
        const extra = mode === 'legacy' ? ['-legacy'] : [];
        const info = opensslAll(['pkcs12', '-in', file, '-info', '-noout', '-passin', 'pass:pw ü', ...extra]);
        if (mode === 'default') {
          expect(info).toContain('MAC: sha256, Iteration 1000');
          expect(info).toContain('Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 1000, PRF hmacWithSHA256');
          expect(info).toContain('PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 1000, PRF hmacWithSHA256');
        } else {
          expect(info).toContain('MAC: sha1, Iteration 2048');
          expect(info).toContain('Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048');
          expect(info).toContain('PKCS7 Encrypted data: pbeWithSHA1And40BitRC2-CBC, Iteration 2048');
        }
        const pem = openssl(['pkcs12', '-in', file, '-nodes', '-passin', 'pass:pw ü', ...extra]);
        const blocks = decodePemAll(pem);
        const keys = blocks.filter((b) => b.label === 'PRIVATE KEY');
        expect(keys).toHaveLength(1);
        expect(importPrivateKey(keys[0]!.der).toPkcs8()).toEqual(key.toPkcs8());
        expect(blocks.filter((b) => b.label === 'CERTIFICATE').map((b) => b.der)).toEqual([certDer(`certs/${t}.pem`), certDer('certs/ca.pem')]);
        expect(pem).toContain(`friendlyName: certkit ${t}`);
        expect(() => openssl(['pkcs12', '-in', file, '-nodes', '-passin', 'pass:pw u', ...extra])).toThrow(/mac verify error/i);
      });
    }
  }
});

describe('certkit reads fresh openssl pkcs12 -export files (live)', () => {
  for (const t of ['rsa', 'ed448'] as const) {
    for (const legacy of [false, true]) {
      it(`${t}${legacy ? ' -legacy' : ''}`, async () => {
        const file = join(tmp, `export-${t}-${legacy}.p12`);
        openssl([
          'pkcs12',
          '-export',
          ...(legacy ? ['-legacy'] : []),
          '-inkey',
          `test/fixtures/pkcs12/keys/${t}.pem`,
          '-in',
          `test/fixtures/pkcs12/certs/${t}.pem`,
          '-certfile',
          'test/fixtures/pkcs12/certs/ca.pem',
          '-name',
          'live',
          '-passout',
          'pass:live',
          '-out',
          file,
        ]);
        const c = await parsePkcs12(new Uint8Array(readFileSync(file)), 'live', { legacyCipher: testLegacyCipher() });
        expect(c.keys[0]!.key.toPkcs8()).toEqual(fixtureKey(t).toPkcs8());
        expect(c.keys[0]!.friendlyName).toBe('live');
        expect(c.certificates).toHaveLength(2);
      });
    }
  }
});

describe('empty passwords (live, both directions)', () => {
  it("openssl -passout pass: files read with '', and certkit files with an empty password read in openssl", async () => {
    for (const legacy of [[], ['-legacy']]) {
      const file = join(tmp, `empty${legacy.length}.p12`);
      openssl(['pkcs12', '-export', ...legacy, '-inkey', 'test/fixtures/pkcs12/keys/p256.pem', '-in', 'test/fixtures/pkcs12/certs/p256.pem', '-passout', 'pass:', '-out', file]);
      const c = await parsePkcs12(new Uint8Array(readFileSync(file)), '', { legacyCipher: testLegacyCipher() });
      expect(c.keys[0]!.key.toPkcs8()).toEqual(fixtureKey('p256').toPkcs8());
    }
    const mine = join(tmp, 'empty-certkit.p12');
    writeFileSync(mine, await createPkcs12({ key: fixtureKey('p256'), certificate: fixtureText('certs/p256.pem'), password: '', iterations: 1000 }));
    const blocks = decodePemAll(openssl(['pkcs12', '-in', mine, '-nodes', '-passin', 'pass:']));
    expect(blocks.map((b) => b.label).sort()).toEqual(['CERTIFICATE', 'PRIVATE KEY']);
  });
});

describe('Java keytool (live)', () => {
  for (const t of ['rsa', 'p256', 'ed25519'] as const) {
    it(`keytool -list -v reads certkit's ${t} PKCS#12 (default and legacy form): key entry and chain`, async () => {
      for (const legacy of [false, true]) {
        const p12 = await createPkcs12({
          key: fixtureKey(t),
          certificate: fixtureText(`certs/${t}.pem`),
          chain: [fixtureText('certs/ca.pem')],
          friendlyName: `certkit-${t}`,
          password: 'store pw',
          iterations: 1000,
          ...(legacy ? { legacy: { cipher: testLegacyCipher() } } : {}),
        });
        const file = join(tmp, `java-${t}-${legacy}.p12`);
        writeFileSync(file, p12);
        const out = keytool(['-list', '-v', '-keystore', file, '-storetype', 'PKCS12', '-storepass', 'store pw']);
        expect(out).toContain('Your keystore contains 1 entry');
        expect(out).toContain(`Alias name: certkit-${t}`);
        expect(out).toContain('Entry type: PrivateKeyEntry');
        expect(out).toContain('Certificate chain length: 2');
        expect(out).toContain(`Owner: CN=leaf ${t}, O=certkit test`);
        expect(out).toContain('Owner: CN=certkit fixture CA, O=certkit test');
      }
    });
  }
  it('keytool refuses a wrong store password for a certkit file', async () => {
    const file = join(tmp, 'java-wrong.p12');
    writeFileSync(file, await createPkcs12({ key: fixtureKey('p256'), certificate: fixtureText('certs/p256.pem'), password: 'right', iterations: 1000 }));
    expect(() => keytool(['-list', '-keystore', file, '-storetype', 'PKCS12', '-storepass', 'wrong'])).toThrow();
  });
  it('certkit reads a fresh keytool -genkeypair keystore, and a certkit-made chain', async () => {
    const file = join(tmp, 'live-keytool.p12');
    keytool([
      '-genkeypair',
      '-alias',
      'live',
      '-keyalg',
      'EC',
      '-groupname',
      'secp384r1',
      '-dname',
      'CN=live keytool',
      '-validity',
      '30',
      '-storetype',
      'PKCS12',
      '-keystore',
      file,
      '-storepass',
      'live pw',
      '-keypass',
      'live pw',
    ]);
    const c = await parsePkcs12(new Uint8Array(readFileSync(file)), 'live pw');
    expect(c.keys[0]!.key.curve).toBe('P-384');
    expect(c.keys[0]!.friendlyName).toBe('live');
    expect(keyMatches(c.keys[0]!.key, c.certificates[0]!.certificate)).toBe(true);
    // and certkit's own chain, built with CertificateBuilder, goes into a file keytool lists
    const { leaf, ca } = await makeChain(c.keys[0]!.key);
    const mine = join(tmp, 'rewrapped.p12');
    writeFileSync(mine, await createPkcs12({ key: c.keys[0]!.key, certificate: leaf, chain: [ca], friendlyName: 'rewrapped', password: 'x', iterations: 1000 }));
    const out = keytool(['-list', '-v', '-keystore', mine, '-storetype', 'PKCS12', '-storepass', 'x']);
    expect(out).toContain('Alias name: rewrapped');
    expect(out).toContain('Certificate chain length: 2');
  });
});
