/**
 * Encrypted PKCS#8 (RFC 5958 §3, RFC 8018): certkit decrypts what OpenSSL encrypts (every key
 * type, AES-128/192/256, PRFs SHA-1/256/512, scrypt, UTF-8 passwords; 3DES schemes through a
 * LegacyCipher), OpenSSL decrypts what certkit encrypts, every key type round-trips, and bad
 * input gives typed errors (wrong password is always `wrong-password`).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CertkitError, DerReader, DerWriter } from '../src/der/index';
import { generateKeyPair, importPrivateKey, type KeyPairAlgorithm } from '../src/keys/index';
import { decodePem, encodePem } from '../src/pem/index';
import { decryptPrivateKey, decryptPrivateKeyInfo, encryptPrivateKey, PBE_OID, Pkcs12Error } from '../src/pkcs12/index';
import { fixture, fixtureKey, fixtureText, openssl, OPENSSL_TYPES, PASS, testLegacyCipher, UPASS } from './pkcs12-test-helpers';

const FAST = { iterations: 1000 } as const; // the smallest count certkit writes (RFC 8018 §4.2)
const tmp = mkdtempSync(join(tmpdir(), 'certkit-pkcs8-'));

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CertkitError) return e.code;
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('certkit reads OpenSSL encrypted PKCS#8', () => {
  for (const t of OPENSSL_TYPES) {
    it(`openssl pkcs8 -topk8 -v2 aes-256-cbc, ${t}`, async () => {
      const key = await decryptPrivateKey(fixtureText(`pkcs8/aes256-${t}.pem`), PASS);
      expect(key.toPkcs8()).toEqual(fixtureKey(t).toPkcs8());
    });
  }
  const variants: [string, string, string][] = [
    ['aes128-p256.pem', PASS, 'AES-128-CBC'],
    ['aes192-p256.pem', PASS, 'AES-192-CBC'],
    ['aes256-sha1prf-p256.pem', PASS, 'HMAC-SHA-1'],
    ['aes256-sha512prf-p256.pem', PASS, 'HMAC-SHA-512'],
    ['aes256-p256-unicode-password.pem', UPASS, 'AES-256-CBC'],
    ['scrypt-p256.pem', PASS, 'scrypt N=1024 r=8 p=1'],
  ];
  for (const [file, pw, what] of variants) {
    it(`${file} (${what})`, async () => {
      const { pkcs8, encryption } = await decryptPrivateKeyInfo(fixtureText(`pkcs8/${file}`), pw);
      expect(encryption).toContain(what);
      expect(importPrivateKey(pkcs8).toPkcs8()).toEqual(fixtureKey('p256').toPkcs8());
    });
  }
  it('DER input (openssl -outform DER), RSA', async () => {
    const key = await decryptPrivateKey(fixture('pkcs8/aes256-rsa.der'), PASS);
    expect(key.toPkcs8()).toEqual(fixtureKey('rsa').toPkcs8());
  });
  it('PEM given as bytes', async () => {
    const key = await decryptPrivateKey(fixture('pkcs8/aes256-p384.pem'), PASS);
    expect(key.curve).toBe('P-384');
  });
  for (const [file, scheme] of [
    ['pbe-sha1-3des-p256.pem', 'pbeWithSHAAnd3-KeyTripleDES-CBC'],
    ['pbes2-des3-p256.pem', 'DES-EDE3-CBC'],
  ] as const) {
    it(`legacy ${file} through a LegacyCipher, and a clear error without one`, async () => {
      const legacy = testLegacyCipher();
      const { pkcs8, encryption } = await decryptPrivateKeyInfo(fixtureText(`pkcs8/${file}`), PASS, { legacyCipher: legacy });
      expect(encryption).toContain(scheme);
      expect(legacy.calls['des-ede3-cbc']).toBe(1);
      expect(importPrivateKey(pkcs8).toPkcs8()).toEqual(fixtureKey('p256').toPkcs8());
      expect(await code(decryptPrivateKey(fixtureText(`pkcs8/${file}`), PASS))).toBe('legacy-cipher-unavailable');
      expect(await code(decryptPrivateKey(fixtureText(`pkcs8/${file}`), 'nope', { legacyCipher: legacy }))).toBe('wrong-password');
    });
  }
  it('live: a fresh openssl pkcs8 -topk8 -v2 aes-256-cbc key', async () => {
    const plain = openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384']);
    const enc = openssl(['pkcs8', '-topk8', '-v2', 'aes-256-cbc', '-passout', 'pass:live pw'], plain);
    expect(enc).toContain('ENCRYPTED PRIVATE KEY');
    const key = await decryptPrivateKey(enc, 'live pw');
    expect(key.toPkcs8()).toEqual(importPrivateKey(plain).toPkcs8());
  });
});

const ALL = ['P-256', 'P-384', 'P-521', 'Ed25519', 'Ed448', 'RSA-2048', 'ML-DSA-44', 'ML-DSA-65', 'ML-DSA-87'] as const satisfies readonly KeyPairAlgorithm[];

describe('round trips for every key type', () => {
  for (const alg of ALL) {
    it(alg, async () => {
      const { privateKey } = await generateKeyPair(alg);
      const der = await encryptPrivateKey(privateKey, 'round trip', FAST);
      const back = await decryptPrivateKey(der, 'round trip');
      expect(back.toPkcs8()).toEqual(privateKey.toPkcs8());
      expect(back.algorithm).toBe(privateKey.algorithm);
    });
  }
  it('every cipher, PRF and scrypt; PEM output; PKCS#8 bytes as input', async () => {
    const key = fixtureKey('ed25519');
    for (const cipher of ['aes-128-cbc', 'aes-192-cbc', 'aes-256-cbc'] as const) {
      for (const prf of ['SHA-1', 'SHA-224', 'SHA-256', 'SHA-384', 'SHA-512'] as const) {
        const der = await encryptPrivateKey(key.toPkcs8(), 'pw', { ...FAST, cipher, prf });
        const { encryption } = await decryptPrivateKeyInfo(der, 'pw');
        expect(encryption).toBe(`PBES2 (PBKDF2 HMAC-${prf}, 1000 iterations; ${cipher.toUpperCase()})`);
      }
    }
    const pem = await encryptPrivateKey(key, 'pw', { kdf: 'scrypt', scrypt: { N: 1024, r: 8, p: 1 }, format: 'pem' });
    expect(pem.startsWith('-----BEGIN ENCRYPTED PRIVATE KEY-----\n')).toBe(true);
    expect((await decryptPrivateKeyInfo(pem, 'pw')).encryption).toBe('PBES2 (scrypt N=1024 r=8 p=1; AES-256-CBC)');
  });
  it('the default is PBKDF2-HMAC-SHA-256, 100,000 iterations, AES-256-CBC, 16-byte salt', async () => {
    const der = await encryptPrivateKey(fixtureKey('p256'), 'pw');
    expect((await decryptPrivateKeyInfo(der, 'pw')).encryption).toBe('PBES2 (PBKDF2 HMAC-SHA-256, 100000 iterations; AES-256-CBC)');
    // salt: EncryptedPrivateKeyInfo > AlgorithmIdentifier > PBES2-params > kdf > PBKDF2-params > salt
    const alg = new DerReader(der).enter().enter();
    alg.readOid();
    const kdf = alg.enter().enter();
    expect(kdf.readOid()).toBe(PBE_OID.pbkdf2);
    const salt = kdf.enter().readOctetString();
    expect(salt.length).toBe(16);
  });
  it('fixed salt and IV give identical output (reproducible), different ones do not', async () => {
    const opts = { ...FAST, salt: new Uint8Array(16).fill(1), iv: new Uint8Array(16).fill(2) };
    const a = await encryptPrivateKey(fixtureKey('p256'), 'pw', opts);
    const b = await encryptPrivateKey(fixtureKey('p256'), 'pw', opts);
    const c = await encryptPrivateKey(fixtureKey('p256'), 'pw', FAST);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });
  it('property: any password (Unicode included) round-trips', async () => {
    const key = fixtureKey('p256');
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 20 }), async (pw) => {
        const der = await encryptPrivateKey(key, pw, FAST);
        expect((await decryptPrivateKey(der, pw)).toPkcs8()).toEqual(key.toPkcs8());
      }),
      { numRuns: 25 },
    );
  });
});

describe('OpenSSL reads what certkit encrypts (openssl pkey -passin)', () => {
  for (const t of OPENSSL_TYPES) {
    it(t, async () => {
      const key = fixtureKey(t);
      const file = join(tmp, `${t}.pem`);
      writeFileSync(file, await encryptPrivateKey(key, 'pässword 1', { ...FAST, format: 'pem' }));
      const out = openssl(['pkey', '-in', file, '-passin', 'pass:pässword 1']);
      expect(importPrivateKey(out).toPkcs8()).toEqual(key.toPkcs8());
    });
  }
  it('AES-128 with HMAC-SHA-512, and scrypt', async () => {
    const key = fixtureKey('p521');
    for (const [name, opts] of [
      ['a', { ...FAST, cipher: 'aes-128-cbc', prf: 'SHA-512' }],
      ['b', { kdf: 'scrypt', scrypt: { N: 1024, r: 8, p: 1 } }],
    ] as const) {
      const file = join(tmp, `variant-${name}.pem`);
      writeFileSync(file, await encryptPrivateKey(key, 'pw', { ...opts, format: 'pem' }));
      expect(importPrivateKey(openssl(['pkey', '-in', file, '-passin', 'pass:pw'])).toPkcs8()).toEqual(key.toPkcs8());
    }
  });
  it('openssl refuses the wrong password (the file is really encrypted)', async () => {
    const file = join(tmp, 'wrong.pem');
    writeFileSync(file, await encryptPrivateKey(fixtureKey('p256'), 'right', { ...FAST, format: 'pem' }));
    expect(() => openssl(['pkey', '-in', file, '-passin', 'pass:wrong'])).toThrow();
  });
});

/** An EncryptedPrivateKeyInfo with a hand-made AlgorithmIdentifier. */
function epki(alg: (w: DerWriter) => void, data = new Uint8Array(32)): Uint8Array {
  return new DerWriter()
    .sequence((w) => {
      w.sequence(alg);
      w.octetString(data);
    })
    .finish();
}
function pbes2(kdf: (w: DerWriter) => void, enc: (w: DerWriter) => void): (w: DerWriter) => void {
  return (w) =>
    w.oid(PBE_OID.pbes2).sequence((w) => {
      w.sequence(kdf);
      w.sequence(enc);
    });
}
const aes256 =
  (iv = new Uint8Array(16)) =>
  (w: DerWriter) =>
    w.oid(PBE_OID.aes256CbcPad).octetString(iv);
const pbkdf2 =
  (iter: number | bigint, prf: string = PBE_OID.hmacWithSHA256, extra?: (w: DerWriter) => void) =>
  (w: DerWriter) =>
    w.oid(PBE_OID.pbkdf2).sequence((w) => {
      w.octetString(new Uint8Array(8)).integer(iter);
      extra?.(w);
      w.sequence((w) => w.oid(prf).null());
    });

describe('rejections', () => {
  it('wrong passwords always give wrong-password (property over random passwords)', async () => {
    const der = await encryptPrivateKey(fixtureKey('p256'), 'the right one', FAST);
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 16 }).filter((s) => s !== 'the right one'),
        async (pw) => {
          expect(await code(decryptPrivateKey(der, pw))).toBe('wrong-password');
        },
      ),
      { numRuns: 60 },
    );
  });
  it('a modified ciphertext gives wrong-password, with the offset of the encrypted data', async () => {
    const der = await encryptPrivateKey(fixtureKey('p256'), 'pw', FAST);
    const bad = der.slice();
    bad[bad.length - 20]! ^= 0x01; // second-to-last block: garbles the last block's padding
    const err = await decryptPrivateKey(bad, 'pw').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Pkcs12Error);
    expect((err as Pkcs12Error).code).toBe('wrong-password');
    expect((err as Pkcs12Error).offset).toBeGreaterThan(60);
  });
  it('a ciphertext that is not a multiple of the block size: wrong-password', async () => {
    expect(await code(decryptPrivateKey(epki(pbes2(pbkdf2(1000), aes256()), new Uint8Array(31)), 'pw'))).toBe('wrong-password');
  });
  it('unknown and unsupported algorithms', async () => {
    const cases: [string, (w: DerWriter) => void, string][] = [
      ['unknown scheme', (w) => w.oid('1.2.3.4').null(), '1.2.3.4'],
      ['PKCS#5 v1.5 PBES1', (w) => w.oid(PBE_OID.pbeWithMD5AndDESCBC).sequence((w) => w.octetString(new Uint8Array(8)).integer(2048)), PBE_OID.pbeWithMD5AndDESCBC],
      ['RC4 PKCS#12 scheme', (w) => w.oid(PBE_OID.pbeWithSHAAnd128BitRC4).sequence((w) => w.octetString(new Uint8Array(8)).integer(2048)), PBE_OID.pbeWithSHAAnd128BitRC4],
      ['unknown KDF', pbes2((w) => w.oid('1.2.3.5').null(), aes256()), '1.2.3.5'],
      ['unknown cipher', pbes2(pbkdf2(1000), (w) => w.oid('2.16.840.1.101.3.4.1.6').octetString(new Uint8Array(16))), '2.16.840.1.101.3.4.1.6'],
      ['unknown PRF', pbes2(pbkdf2(1000, '1.2.840.113549.2.5'), aes256()), '1.2.840.113549.2.5'],
    ];
    for (const [what, alg, oid] of cases) {
      const err = await decryptPrivateKey(epki(alg), 'pw').catch((e: unknown) => e);
      expect(err, what).toBeInstanceOf(Pkcs12Error);
      expect((err as Pkcs12Error).code, what).toBe('unsupported-algorithm');
      expect((err as Pkcs12Error).oid, what).toBe(oid);
    }
  });
  it('bad parameters: IV size, zero iterations, keyLength mismatch, non-NULL PRF parameters, scrypt N', async () => {
    const cases: [string, Uint8Array, string][] = [
      ['15-byte IV', epki(pbes2(pbkdf2(1000), aes256(new Uint8Array(15)))), 'invalid-parameters'],
      ['zero iterations', epki(pbes2(pbkdf2(0), aes256())), 'invalid-parameters'],
      [
        'keyLength 16 for AES-256',
        epki(
          pbes2(
            pbkdf2(1000, PBE_OID.hmacWithSHA256, (w) => w.integer(16)),
            aes256(),
          ),
        ),
        'invalid-parameters',
      ],
      [
        'PRF parameters',
        epki(
          pbes2(
            (w) =>
              w.oid(PBE_OID.pbkdf2).sequence((w) =>
                w
                  .octetString(new Uint8Array(8))
                  .integer(1000)
                  .sequence((w) => w.oid(PBE_OID.hmacWithSHA256).integer(1)),
              ),
            aes256(),
          ),
        ),
        'invalid-parameters',
      ],
      ['scrypt N not a power of two', epki(pbes2((w) => w.oid(PBE_OID.scrypt).sequence((w) => w.octetString(new Uint8Array(8)).integer(1000).integer(8).integer(1)), aes256())), 'invalid-parameters'],
      ['no PBES2 parameters', epki((w) => w.oid(PBE_OID.pbes2)), 'invalid-parameters'],
    ];
    for (const [what, der, c] of cases) expect(await code(decryptPrivateKey(der, 'pw')), what).toBe(c);
  });
  it('hostile costs are refused before any work: iterations, scrypt memory; limits are configurable', async () => {
    const huge = epki(pbes2(pbkdf2(2n ** 40n), aes256()));
    // 2^40 iterations would never finish: reaching the assertion shows the limit applies first.
    const err = await decryptPrivateKey(huge, 'pw').catch((e: unknown) => e);
    expect((err as Pkcs12Error).code).toBe('too-expensive');
    expect(await code(decryptPrivateKey(epki(pbes2(pbkdf2(5000), aes256())), 'pw', { maxIterations: 4000 }))).toBe('too-expensive');
    const scrypt = epki(
      pbes2(
        (w) =>
          w.oid(PBE_OID.scrypt).sequence((w) =>
            w
              .octetString(new Uint8Array(8))
              .integer(2 ** 20)
              .integer(8)
              .integer(1),
          ),
        aes256(),
      ),
    );
    expect(await code(decryptPrivateKey(scrypt, 'pw'))).toBe('too-expensive'); // 1 GiB
  });
  it('truncated input and trailing data are DER errors with offsets', async () => {
    const der = await encryptPrivateKey(fixtureKey('p256'), 'pw', FAST);
    const err = await decryptPrivateKey(der.subarray(0, der.length - 5), 'pw').catch((e: unknown) => e);
    expect((err as CertkitError).code).toBe('length-exceeds-input');
    expect((err as CertkitError).offset).toBe(0);
    expect(await code(decryptPrivateKey(new Uint8Array([...der, 0]), 'pw'))).toBe('trailing-data');
  });
  it('PEM with another label, and the argument checks', async () => {
    const pem = encodePem('PRIVATE KEY', fixtureKey('p256').toPkcs8());
    expect(await code(decryptPrivateKey(pem, 'pw'))).toBe('unexpected-label');
    await expect(decryptPrivateKey(pem, 42 as unknown as string)).rejects.toThrow(TypeError);
    await expect(encryptPrivateKey({} as never, 'pw')).rejects.toThrow(TypeError);
    await expect(encryptPrivateKey(fixtureKey('p256'), 'pw', { iterations: 999 })).rejects.toThrow(RangeError);
    await expect(encryptPrivateKey(fixtureKey('p256'), 'pw', { cipher: 'des' as never })).rejects.toThrow(RangeError);
    await expect(encryptPrivateKey(fixtureKey('p256'), 'pw', { prf: 'MD5' as never })).rejects.toThrow(RangeError);
    await expect(encryptPrivateKey(fixtureKey('p256'), '\uD800', FAST)).rejects.toThrow(RangeError);
    // PKCS#8 bytes are checked to be a PrivateKeyInfo before encryption
    expect(await code(encryptPrivateKey(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]), 'pw'))).toBe('truncated');
  });
  it('property: mutated files give a key or a CertkitError, never anything else', async () => {
    const der = decodePem(fixtureText('pkcs8/aes256-p256.pem'), 'ENCRYPTED PRIVATE KEY').der;
    await fc.assert(
      fc.asyncProperty(fc.nat(der.length - 1), fc.integer({ min: 1, max: 255 }), async (i, x) => {
        const bad = der.slice();
        bad[i]! ^= x;
        try {
          await decryptPrivateKey(bad, PASS, { maxIterations: 100_000 });
        } catch (e) {
          expect(e).toBeInstanceOf(CertkitError);
        }
      }),
      { numRuns: 150 },
    );
  });
});
