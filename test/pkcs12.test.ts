/**
 * PKCS#12 (RFC 7292) in certkit alone: round trips for every key type the keys layer has, the
 * structure certkit writes (the OpenSSL 3 default form and the legacy form), the RFC 7292
 * Appendix B KDF against an independent implementation, and typed rejections: wrong password,
 * tampered MAC or content, missing MAC, truncated files, unknown bags, content types and
 * algorithms, hostile iteration counts.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { CertkitError, DerReader, DerWriter, Tag, bytesEqual } from '../src/der/index';
import { generateKeyPair, type KeyPairAlgorithm } from '../src/keys/index';
import { createPkcs12, parsePkcs12, pkcs12Kdf, PBE_OID, PKCS12_OID, Pkcs12Error, type LegacyCipher } from '../src/pkcs12/index';
import { fixture, fixtureKey, fixtureText, makeChain, PASS, testLegacyCipher } from './pkcs12-test-helpers';

const FAST = { iterations: 1000 } as const;

async function failure(p: Promise<unknown>): Promise<CertkitError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CertkitError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('pkcs12Kdf (RFC 7292 Appendix B.2)', () => {
  it('matches node-forge for every purpose, several hashes, lengths and passwords', async () => {
    const cases: [string, 'SHA-1' | 'SHA-256' | 'SHA-512', forge.md.MessageDigest, number, number][] = [
      ['smeg', 'SHA-1', forge.md.sha1.create(), 1, 24],
      ['queeg', 'SHA-1', forge.md.sha1.create(), 1000, 8],
      ['certkit-test', 'SHA-256', forge.md.sha256.create(), 2048, 32],
      ['', 'SHA-256', forge.md.sha256.create(), 3, 70], // more than one hash block of output
      ['a much longer password than one block of sixty-four bytes, really', 'SHA-512', forge.md.sha512.create(), 5, 130],
    ];
    for (const [pw, hash, md, iter, n] of cases) {
      for (const purpose of [1, 2, 3] as const) {
        const salt = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]);
        const ours = await pkcs12Kdf(hash, pw, salt, purpose, iter, n);
        const theirs = forge.pkcs12.generateKey(pw, forge.util.createBuffer(Buffer.from(salt).toString('binary')), purpose, iter, n, md).getBytes();
        expect(Buffer.from(ours).toString('binary'), `${pw}/${hash}/${purpose}`).toBe(theirs);
      }
    }
  });
  it('argument checks', async () => {
    await expect(pkcs12Kdf('MD5' as never, 'x', new Uint8Array(8), 1, 1, 8)).rejects.toThrow(RangeError);
    await expect(pkcs12Kdf('SHA-1', 'x', new Uint8Array(8), 4 as never, 1, 8)).rejects.toThrow(RangeError);
    await expect(pkcs12Kdf('SHA-1', 'x', new Uint8Array(8), 1, 0, 8)).rejects.toThrow(RangeError);
    await expect(pkcs12Kdf('SHA-1', 'x', 'salt' as never, 1, 1, 8)).rejects.toThrow(TypeError);
  });
});

const ALL = ['P-256', 'P-384', 'P-521', 'Ed25519', 'Ed448', 'RSA-2048', 'ML-DSA-44', 'ML-DSA-65', 'ML-DSA-87'] as const satisfies readonly KeyPairAlgorithm[];

describe('round trips for every key type', () => {
  for (const alg of ALL) {
    it(alg, async () => {
      const { privateKey } = await generateKeyPair(alg);
      const { ca, leaf } = await makeChain(privateKey);
      const p12 = await createPkcs12({ key: privateKey, certificate: leaf, chain: [ca], friendlyName: `entry ${alg}`, password: 'pw', ...FAST });
      const back = await parsePkcs12(p12, 'pw');
      expect(back.keys).toHaveLength(1);
      expect(back.keys[0]!.key.toPkcs8()).toEqual(privateKey.toPkcs8());
      expect(back.keys[0]!.friendlyName).toBe(`entry ${alg}`);
      expect(back.certificates.map((c) => c.certificate.raw)).toEqual([leaf.raw, ca.raw]);
      expect(back.certificates[0]!.friendlyName).toBe(`entry ${alg}`);
      expect(back.certificates[1]!.friendlyName).toBeUndefined();
      // localKeyId links the key to its certificate: SHA-1 of the certificate, as OpenSSL writes it
      expect(back.keys[0]!.localKeyId).toEqual(back.certificates[0]!.localKeyId);
      expect(back.keys[0]!.localKeyId).toHaveLength(20);
      expect(back.mac).toEqual({ hash: 'SHA-256', iterations: 1000, saltLength: 16 });
      expect(back.keys[0]!.encryption).toBe('PBES2 (PBKDF2 HMAC-SHA-256, 1000 iterations; AES-256-CBC)');
      expect(back.certificates[0]!.encryption).toBe('PBES2 (PBKDF2 HMAC-SHA-256, 1000 iterations; AES-256-CBC)');
    });
  }
  it('defaults: 100,000 iterations for PBKDF2 and the MAC, HMAC-SHA-256, AES-256-CBC', async () => {
    const key = fixtureKey('p256');
    const p12 = await createPkcs12({ key, certificate: fixtureText('certs/p256.pem'), password: 'pw' });
    const back = await parsePkcs12(p12, 'pw');
    expect(back.mac).toEqual({ hash: 'SHA-256', iterations: 100_000, saltLength: 16 });
    expect(back.keys[0]!.encryption).toBe('PBES2 (PBKDF2 HMAC-SHA-256, 100000 iterations; AES-256-CBC)');
  });
  it('options: certificates only, key only, unencrypted certificates, AES-128, SHA-512 MAC, explicit localKeyId, Unicode password', async () => {
    const key = fixtureKey('ed25519');
    const cert = fixtureText('certs/ed25519.pem');
    const onlyCerts = await parsePkcs12(await createPkcs12({ chain: [fixtureText('certs/ca.pem')], password: 'pw', ...FAST }), 'pw');
    expect([onlyCerts.keys.length, onlyCerts.certificates.length]).toEqual([0, 1]);
    const onlyKey = await parsePkcs12(await createPkcs12({ key, password: 'pw', ...FAST }), 'pw');
    expect([onlyKey.keys.length, onlyKey.certificates.length, onlyKey.keys[0]!.localKeyId]).toEqual([1, 0, undefined]);
    const id = new Uint8Array([1, 2, 3]);
    const pw = 'pässwörd-€ 🔑';
    const custom = await parsePkcs12(
      await createPkcs12({ key, certificate: cert, password: pw, iterations: 1000, macIterations: 1500, macHash: 'SHA-512', cipher: 'aes-128-cbc', encryptCertificates: false, localKeyId: id }),
      pw,
    );
    expect(custom.mac).toEqual({ hash: 'SHA-512', iterations: 1500, saltLength: 16 });
    expect(custom.certificates[0]!.encryption).toBeUndefined();
    expect(custom.keys[0]!.encryption).toContain('AES-128-CBC');
    expect(custom.keys[0]!.localKeyId).toEqual(id);
  });
  it('the structure is the OpenSSL 3 default layout: PFX v3, cert safe (encryptedData) then key safe (data), DER throughout', async () => {
    const p12 = await createPkcs12({ key: fixtureKey('p256'), certificate: fixtureText('certs/p256.pem'), password: 'pw', ...FAST });
    const pfx = new DerReader(p12).enter();
    expect(pfx.readSmallInteger()).toBe(3);
    const ci = pfx.enter();
    expect(ci.readOid()).toBe(PKCS12_OID.data);
    const safes = new DerReader(ci.enter(0xa0).readOctetString()).enter();
    expect(safes.enter().readOid()).toBe(PKCS12_OID.encryptedData);
    expect(safes.enter().readOid()).toBe(PKCS12_OID.data);
    expect(safes.atEnd).toBe(true);
  });
  it('property: friendly names and passwords round-trip', async () => {
    const key = fixtureKey('p256');
    const cert = fixtureText('certs/p256.pem');
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 12 }).filter((s) => !/[\uD800-\uDFFF]/.test(s)),
        fc.string({ unit: 'grapheme', maxLength: 12 }),
        async (name, pw) => {
          const back = await parsePkcs12(await createPkcs12({ key, certificate: cert, friendlyName: name, password: pw, ...FAST }), pw);
          expect(back.keys[0]!.friendlyName).toBe(name);
          expect(back.certificates[0]!.friendlyName).toBe(name);
        },
      ),
      { numRuns: 15 },
    );
  });
});

describe('legacy form (3DES key, RC2-40 certificates, SHA-1 MAC) through a LegacyCipher', () => {
  it('writes and reads it; defaults to 2048 iterations as OpenSSL -legacy does', async () => {
    const legacy = testLegacyCipher();
    const p12 = await createPkcs12({ key: fixtureKey('rsa'), certificate: fixtureText('certs/rsa.pem'), password: 'pw', legacy: { cipher: legacy } });
    const back = await parsePkcs12(p12, 'pw', { legacyCipher: legacy });
    expect(back.mac).toEqual({ hash: 'SHA-1', iterations: 2048, saltLength: 16 });
    expect(back.keys[0]!.encryption).toBe('pbeWithSHAAnd3-KeyTripleDES-CBC, 2048 iterations');
    expect(back.certificates[0]!.encryption).toBe('pbewithSHAAnd40BitRC2-CBC, 2048 iterations');
    expect(back.keys[0]!.key.toPkcs8()).toEqual(fixtureKey('rsa').toPkcs8());
    expect(legacy.calls).toEqual({ 'des-ede3-cbc': 2, 'rc2-cbc': 2 });
  });
  it('3DES or no encryption for the certificates', async () => {
    const legacy = testLegacyCipher();
    for (const certificates of ['3des', 'none'] as const) {
      const p12 = await createPkcs12({ key: fixtureKey('p256'), certificate: fixtureText('certs/p256.pem'), password: 'pw', legacy: { cipher: legacy, certificates } });
      const back = await parsePkcs12(p12, 'pw', { legacyCipher: legacy });
      expect(back.certificates[0]!.encryption).toBe(certificates === 'none' ? undefined : 'pbeWithSHAAnd3-KeyTripleDES-CBC, 2048 iterations');
    }
  });
  it('without a cipher: legacy-cipher-unavailable on read and write, after the MAC check', async () => {
    const legacyFile = fixture('openssl/legacy-p256.p12');
    expect((await failure(parsePkcs12(legacyFile, PASS))).code).toBe('legacy-cipher-unavailable');
    expect((await failure(parsePkcs12(legacyFile, 'wrong'))).code).toBe('mac-mismatch');
    const decryptOnly: LegacyCipher = { decrypt: testLegacyCipher().decrypt };
    expect((await failure(createPkcs12({ key: fixtureKey('p256'), password: 'pw', legacy: { cipher: decryptOnly } }))).code).toBe('legacy-cipher-unavailable');
  });
});

// ---- hand-made PFX files for the rejection tests ----------------------------------------------

function dataCi(content: Uint8Array): Uint8Array {
  return new DerWriter().sequence((w) => w.oid(PKCS12_OID.data).explicit(0, (w) => w.octetString(content))).finish();
}
function safeContents(...bags: ((w: DerWriter) => void)[]): Uint8Array {
  return new DerWriter()
    .sequence((w) => {
      for (const b of bags) w.sequence(b);
    })
    .finish();
}
/** A PFX with a valid HMAC-SHA-256 MAC over the given ContentInfos. */
async function pfx(contentInfos: Uint8Array[], password = 'pw', opts: { version?: number; macIterations?: number; mac?: 'none' | 'pbmac1' } = {}): Promise<Uint8Array> {
  const authSafe = new DerWriter()
    .sequence((w) => {
      for (const c of contentInfos) w.raw(c);
    })
    .finish();
  const salt = new Uint8Array(8).fill(7);
  const iterations = opts.macIterations ?? 1000;
  const key = await pkcs12Kdf('SHA-256', password, salt, 3, Math.min(iterations, 1000), 32);
  const digest = hmac(sha256, key, authSafe);
  return new DerWriter()
    .sequence((w) => {
      w.integer(opts.version ?? 3);
      w.raw(dataCi(authSafe));
      if (opts.mac === 'none') return;
      w.sequence((w) => {
        w.sequence((w) => {
          if (opts.mac === 'pbmac1') w.sequence((w) => w.oid(PBE_OID.pbmac1).sequence((w) => w.sequence((w) => w.oid(PBE_OID.pbkdf2)).sequence((w) => w.oid(PBE_OID.hmacWithSHA256))));
          else w.sequence((w) => w.oid('2.16.840.1.101.3.4.2.1').null());
          w.octetString(digest);
        });
        w.octetString(salt).integer(iterations);
      });
    })
    .finish();
}
function fixtureCert(): Uint8Array {
  const pem = fixtureText('certs/ca.pem');
  return Uint8Array.from(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
}
const certBag =
  (der: Uint8Array, certId: string = PKCS12_OID.x509Certificate) =>
  (w: DerWriter) =>
    w.oid(PKCS12_OID.certBag).explicit(0, (w) => w.sequence((w) => w.oid(certId).explicit(0, (w) => w.octetString(der))));

describe('rejections', () => {
  const good = (): Promise<Uint8Array> => createPkcs12({ key: fixtureKey('p256'), certificate: fixtureText('certs/p256.pem'), password: 'pw', ...FAST });

  it('a hand-made PFX with a plain keyBag and a certBag reads (the test builder is sound)', async () => {
    const keyBag = (w: DerWriter) => w.oid(PKCS12_OID.keyBag).explicit(0, (w) => w.raw(fixtureKey('p256').toPkcs8()));
    const back = await parsePkcs12(await pfx([dataCi(safeContents(keyBag, certBag(fixtureCert())))]), 'pw');
    expect(back.keys[0]!.encryption).toBeUndefined();
    expect(back.keys[0]!.key.algorithm).toBe('ECDSA');
    expect(back.certificates[0]!.certificate.raw).toEqual(fixtureCert());
  });
  it('wrong password: mac-mismatch before anything is decrypted', async () => {
    const legacy = testLegacyCipher();
    const e = await failure(parsePkcs12(fixture('openssl/legacy-rsa.p12'), 'wrong', { legacyCipher: legacy }));
    expect(e).toBeInstanceOf(Pkcs12Error);
    expect(e.code).toBe('mac-mismatch');
    expect(e.path).toBe('macData');
    expect(legacy.calls).toEqual({}); // nothing was decrypted
    expect((await failure(parsePkcs12(await good(), 'Pw'))).code).toBe('mac-mismatch');
  });
  it('a tampered MAC, MAC salt or content: mac-mismatch', async () => {
    const p12 = await good();
    for (const at of [p12.length - 30, p12.length - 8, 100, 400]) {
      const bad = p12.slice();
      bad[at]! ^= 0x01;
      const e = await failure(parsePkcs12(bad, 'pw'));
      expect(e.code, `byte ${at}`).toBe('mac-mismatch');
    }
  });
  it('no MAC: missing-mac unless allowed; then a wrong password shows as wrong-password', async () => {
    const nomac = fixture('openssl/nomac-p256.p12');
    expect((await failure(parsePkcs12(nomac, PASS))).code).toBe('missing-mac');
    expect((await parsePkcs12(nomac, PASS, { allowMissingMac: true })).keys).toHaveLength(1);
    expect((await failure(parsePkcs12(nomac, 'wrong', { allowMissingMac: true }))).code).toBe('wrong-password');
  });
  it('truncated files: DER errors, never a crash', async () => {
    const p12 = await good();
    for (const n of [0, 1, 10, 100, p12.length - 1]) {
      const e = await failure(parsePkcs12(p12.subarray(0, n), 'pw'));
      expect(['truncated', 'length-exceeds-input']).toContain(e.code);
    }
  });
  it('unknown, CRL and secret bags: unsupported-bag with the OID and path; skipUnsupportedBags lists them', async () => {
    const odd = (oid: string) => (w: DerWriter) => w.oid(oid).explicit(0, (w) => w.octetString(new Uint8Array(4)));
    for (const oid of ['1.2.3.4.5', PKCS12_OID.crlBag, PKCS12_OID.secretBag]) {
      const file = await pfx([dataCi(safeContents(certBag(fixtureCert()), odd(oid)))]);
      const e = await failure(parsePkcs12(file, 'pw'));
      expect(e.code).toBe('unsupported-bag');
      expect((e as Pkcs12Error).oid).toBe(oid);
      expect(e.path).toBe('authSafe.content[0].safeContents[1]');
      const skipped = await parsePkcs12(file, 'pw', { skipUnsupportedBags: true });
      expect(skipped.certificates).toHaveLength(1);
      expect(skipped.skippedBags).toEqual([{ bagId: oid, path: 'authSafe.content[0].safeContents[1]' }]);
    }
    const sdsi = await pfx([dataCi(safeContents(certBag(new Uint8Array(3), PKCS12_OID.sdsiCertificate)))]);
    expect((await failure(parsePkcs12(sdsi, 'pw'))).code).toBe('unsupported-bag');
  });
  it('nested safeContentsBag is read, with a depth bound', async () => {
    const nest = (inner: Uint8Array) => (w: DerWriter) => w.oid(PKCS12_OID.safeContentsBag).explicit(0, (w) => w.raw(inner));
    let sc = safeContents(certBag(fixtureCert()));
    const one = await parsePkcs12(await pfx([dataCi(safeContents(nest(sc)))]), 'pw');
    expect(one.certificates).toHaveLength(1);
    for (let i = 0; i < 6; i++) sc = safeContents(nest(sc));
    expect((await failure(parsePkcs12(await pfx([dataCi(sc)]), 'pw'))).code).toBe('malformed');
  });
  it('public-key modes and other content types: unsupported-content', async () => {
    const env = new DerWriter().sequence((w) => w.oid(PKCS12_OID.envelopedData).explicit(0, (w) => w.sequence((w) => w.integer(0)))).finish();
    expect((await failure(parsePkcs12(await pfx([env]), 'pw'))).code).toBe('unsupported-content');
    const signed = new DerWriter()
      .sequence((w) => {
        w.integer(3);
        w.sequence((w) => w.oid(PKCS12_OID.signedData).explicit(0, (w) => w.sequence((w) => w.integer(1))));
      })
      .finish();
    const e = await failure(parsePkcs12(signed, 'pw'));
    expect(e.code).toBe('unsupported-content');
    expect(e.path).toBe('authSafe');
  });
  it('version other than 3: malformed, with the offset of the version', async () => {
    const file = await pfx([dataCi(safeContents())], 'pw', { version: 2 });
    const e = await failure(parsePkcs12(file, 'pw'));
    expect(e.code).toBe('malformed');
    expect(e.offset).toBe(new DerReader(file).enter().pos);
    expect(file[e.offset!]).toBe(Tag.INTEGER);
  });
  it('PBMAC1 MACs: unsupported-algorithm; hostile MAC iteration counts: too-expensive', async () => {
    const e = await failure(parsePkcs12(await pfx([dataCi(safeContents())], 'pw', { mac: 'pbmac1' }), 'pw'));
    expect(e.code).toBe('unsupported-algorithm');
    expect((e as Pkcs12Error).oid).toBe(PBE_OID.pbmac1);
    // Refused before any key derivation: 2^31 iterations would run for hours, so reaching the
    // assertion at all shows the limit applies first.
    expect((await failure(parsePkcs12(await pfx([dataCi(safeContents())], 'pw', { macIterations: 2 ** 31 }), 'pw'))).code).toBe('too-expensive');
  });
  it('a bag encrypted with another password than the MAC: wrong-password with its path', async () => {
    const { encryptPrivateKey } = await import('../src/pkcs12/index');
    const epki = await encryptPrivateKey(fixtureKey('p256'), 'other', FAST);
    const shrouded = (w: DerWriter) => w.oid(PKCS12_OID.pkcs8ShroudedKeyBag).explicit(0, (w) => w.raw(epki));
    const e = await failure(parsePkcs12(await pfx([dataCi(safeContents(shrouded))]), 'pw'));
    expect(e.code).toBe('wrong-password');
    expect(e.path).toBe('authSafe.content[0].safeContents[0]');
  });
  it('bad bag attributes: a friendlyName that is not a BMPString, a repeated localKeyId', async () => {
    const withAttrs = (attrs: (w: DerWriter) => void) => (w: DerWriter) => {
      certBag(fixtureCert())(w);
      w.setOf(attrs);
    };
    const utf8Name = withAttrs((w) => w.sequence((w) => w.oid(PKCS12_OID.friendlyName).setOf((w) => w.utf8('x'))));
    expect((await failure(parsePkcs12(await pfx([dataCi(safeContents(utf8Name))]), 'pw'))).code).toBe('unexpected-tag');
    const twoIds = withAttrs((w) => w.sequence((w) => w.oid(PKCS12_OID.localKeyId).setOf((w) => w.octetString(new Uint8Array([1])).octetString(new Uint8Array([2])))));
    expect((await failure(parsePkcs12(await pfx([dataCi(safeContents(twoIds))]), 'pw'))).code).toBe('malformed');
  });
  it('createPkcs12 argument and consistency checks', async () => {
    expect((await failure(createPkcs12({ password: 'pw' }))).code).toBe('nothing-to-store');
    const mismatch = await failure(createPkcs12({ key: fixtureKey('p384'), certificate: fixtureText('certs/p256.pem'), password: 'pw', ...FAST }));
    expect(mismatch.code).toBe('key-certificate-mismatch');
    await expect(createPkcs12({ key: fixtureKey('p256'), password: 1 as never })).rejects.toThrow(TypeError);
    await expect(createPkcs12({ key: fixtureKey('p256'), password: 'pw', iterations: 10 })).rejects.toThrow(RangeError);
    await expect(createPkcs12({ key: fixtureKey('p256'), password: 'pw', macHash: 'MD5' as never })).rejects.toThrow(RangeError);
    await expect(createPkcs12({ key: fixtureKey('p256'), password: 'pw', friendlyName: '🔑' })).rejects.toThrow(RangeError);
    await expect(createPkcs12({ key: fixtureKey('p256'), password: 'pw', chain: 'x' as never })).rejects.toThrow(TypeError);
    await expect(createPkcs12(null as never)).rejects.toThrow(TypeError);
    await expect(parsePkcs12('x' as never, 'pw')).rejects.toThrow(TypeError);
  });
  it('property: mutated files give contents or a CertkitError, never anything else', async () => {
    const p12 = await good();
    await fc.assert(
      fc.asyncProperty(fc.nat(p12.length - 1), fc.integer({ min: 1, max: 255 }), async (i, x) => {
        const bad = p12.slice();
        bad[i]! ^= x;
        try {
          await parsePkcs12(bad, 'pw', { maxIterations: 5000 });
          expect(bytesEqual(bad, p12)).toBe(true); // only the unmodified file may parse
        } catch (e) {
          expect(e).toBeInstanceOf(CertkitError);
        }
      }),
      { numRuns: 120 },
    );
  });
});
