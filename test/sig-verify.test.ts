/**
 * Proves the signature layer: AlgorithmIdentifier parameter rules (with codes and offsets),
 * verification policy (MD5/SHA-1, RSA size), key/algorithm consistency, malformed signatures
 * giving `false`, the three backends giving the same answers, the Signer adapters, and ML-DSA on
 * an external known-answer certificate (RFC 9881 example).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { p256 } from '@noble/curves/nist.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { CertkitError, concatBytes, DerReader, encodeDer, fromHex, toHex } from '../src/der/index';
import { decodePem } from '../src/pem/index';
import { encodeSpki, generateKeyPair, importPrivateKey, parsePublicKey, type KeyPair } from '../src/keys/index';
import {
  algorithmIdentifierEquals,
  createSigner,
  describeSignatureAlgorithm,
  encodeAlgorithmIdentifier,
  encodeRsaPssParameters,
  parseAlgorithmIdentifier,
  resolveSignatureScheme,
  SIGNATURE_OID,
  signatureAlgorithmIdentifier,
  signerFromCryptoKeyPair,
  signerFromPrivateKey,
  verifySignatureSync,
  verifySignature,
  type AlgorithmIdentifier,
} from '../src/sig/index';

const DATA = new TextEncoder().encode('certkit signs this');
const keys = new Map<string, KeyPair>();

beforeAll(async () => {
  for (const a of ['P-256', 'P-384', 'Ed25519', 'Ed448', 'RSA-2048', 'ML-DSA-44'] as const) keys.set(a, await generateKeyPair(a));
  keys.set('RSA-1024', await generateKeyPair({ rsa: 1024, allowWeak: true }));
}, 60_000);

function err(fn: () => unknown): CertkitError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CertkitError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

async function errAsync(p: Promise<unknown>): Promise<CertkitError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CertkitError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

const parseAlg = (hex: string, lenient = false): AlgorithmIdentifier => {
  const r = new DerReader(fromHex(hex), { lenient });
  const a = parseAlgorithmIdentifier(r);
  r.finish();
  return a;
};

describe('AlgorithmIdentifier', () => {
  it('PKCS#1 v1.5 needs NULL parameters; absent only in lenient mode', () => {
    expect(parseAlg('300d06092a864886f70d01010b0500')).toEqual({ oid: '1.2.840.113549.1.1.11', parameters: fromHex('0500') });
    expect(err(() => parseAlg('300b06092a864886f70d01010b'))).toMatchObject({ code: 'invalid-parameters', offset: 0 });
    expect(parseAlg('300b06092a864886f70d01010b', true)).toEqual({ oid: '1.2.840.113549.1.1.11' });
    expect(err(() => parseAlg('300e06092a864886f70d01010b020100'))).toMatchObject({ code: 'invalid-parameters', offset: 13 });
  });

  it('ECDSA, EdDSA and ML-DSA need absent parameters', () => {
    expect(parseAlg('300a06082a8648ce3d040302')).toEqual({ oid: SIGNATURE_OID['ecdsa-with-SHA256'] });
    expect(err(() => parseAlg('300c06082a8648ce3d0403020500'))).toMatchObject({ code: 'invalid-parameters', offset: 12 });
    expect(parseAlg('300c06082a8648ce3d0403020500', true).oid).toBe(SIGNATURE_OID['ecdsa-with-SHA256']);
    expect(err(() => parseAlg('300706032b65700500', true))).toMatchObject({ code: 'invalid-parameters', offset: 7 });
    expect(err(() => parseAlg('300d060960864801650304031105 00'.replace(/ /g, '')))).toMatchObject({ code: 'invalid-parameters' });
  });

  it('RSASSA-PSS parameters: decoded, DEFAULTs must be omitted, trailerField must be 1', () => {
    const p = encodeRsaPssParameters({ hash: 'SHA-256' });
    const alg = { oid: SIGNATURE_OID.rsassaPss, parameters: p };
    const der = encodeAlgorithmIdentifier(alg);
    expect(algorithmIdentifierEquals(parseAlg(toHex(der)), alg)).toBe(true);
    expect(resolveSignatureScheme(alg)).toEqual({ kind: 'rsa-pss', hash: 'SHA-256', mgfHash: 'SHA-256', saltLength: 32 });
    expect(describeSignatureAlgorithm(alg)).toBe('RSASSA-PSS (SHA-256, MGF1 SHA-256, salt 32)');
    // CA/Browser Forum BR 7.1.3.2 encoding of RSASSA-PSS with SHA-256.
    expect(toHex(der)).toBe('304106092a864886f70d01010a3034a00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d06096086480165030402010500a203020120');
    // [2] saltLength 20 written out: explicit DEFAULT.
    const explicitSalt = '301206092a864886f70d01010a3005a203020114';
    expect(err(() => parseAlg(explicitSalt))).toMatchObject({ code: 'invalid-parameters', offset: 15 });
    expect(resolveSignatureScheme(parseAlg(explicitSalt, true), { lenient: true })).toMatchObject({ hash: 'SHA-1', saltLength: 20 });
    // [3] trailerField 2.
    expect(err(() => parseAlg('301206092a864886f70d01010a3005a303020102'))).toMatchObject({ code: 'invalid-parameters', offset: 17 });
    // absent parameters on a signature algorithm.
    expect(err(() => resolveSignatureScheme({ oid: SIGNATURE_OID.rsassaPss })).code).toBe('invalid-parameters');
    // hash AlgorithmIdentifier with absent parameters is accepted (RFC 4055 §2.1).
    const absentHashDer = encodeDer((w) =>
      w.sequence((w) => {
        w.oid('1.2.840.113549.1.1.10');
        w.sequence((w) => {
          w.explicit(0, (w) => w.sequence((w) => w.oid('2.16.840.1.101.3.4.2.1')));
          w.explicit(1, (w) => w.sequence((w) => w.oid('1.2.840.113549.1.1.8').sequence((w) => w.oid('2.16.840.1.101.3.4.2.1'))));
          w.explicit(2, (w) => w.integer(32));
        });
      }),
    );
    const absentHash = parseAlg(toHex(absentHashDer));
    expect(resolveSignatureScheme(absentHash)).toMatchObject({ hash: 'SHA-256', mgfHash: 'SHA-256' });
  });

  it('unknown algorithms decode, then are named by OID', () => {
    const alg = parseAlg('300b06092a864886f70d010102');
    expect(alg.oid).toBe('1.2.840.113549.1.1.2');
    const e = err(() => resolveSignatureScheme({ oid: '1.2.3.4' }));
    expect(e.code).toBe('unsupported-algorithm');
    expect(e.message).toContain('1.2.3.4');
    expect(describeSignatureAlgorithm({ oid: '1.2.3.4' })).toBe('1.2.3.4');
    expect(err(() => resolveSignatureScheme({ oid: '1.2.840.113549.1.1.1', parameters: fromHex('0500') })).message).toContain('key algorithm');
  });

  it('names and identifiers round-trip', () => {
    expect(describeSignatureAlgorithm(signatureAlgorithmIdentifier({ kind: 'ecdsa', hash: 'SHA-384' }))).toBe('ecdsa-with-SHA384');
    expect(describeSignatureAlgorithm(signatureAlgorithmIdentifier({ kind: 'rsa-pkcs1', hash: 'SHA-256' }))).toBe('sha256WithRSAEncryption');
    expect(toHex(encodeAlgorithmIdentifier(signatureAlgorithmIdentifier({ kind: 'rsa-pkcs1', hash: 'SHA-256' })))).toBe('300d06092a864886f70d01010b0500');
    expect(algorithmIdentifierEquals({ oid: '1.3.101.112' }, { oid: '1.3.101.112', parameters: fromHex('0500') })).toBe(false);
  });
});

describe('verification', () => {
  it('signatures by every key type verify on all backends; a changed byte does not', async () => {
    for (const [name, kp] of keys) {
      if (name === 'RSA-1024') continue;
      const s = signerFromPrivateKey(kp.privateKey);
      const sig = await s.sign(DATA);
      const bad = sig.slice();
      bad[bad.length >> 1]! ^= 0x40;
      expect(verifySignatureSync(s.publicKey, s.algorithm, DATA, sig)).toBe(true);
      expect(verifySignatureSync(s.publicKey, s.algorithm, DATA, bad)).toBe(false);
      for (const backend of ['auto', 'noble'] as const) {
        expect(await verifySignature(kp.publicKey, s.algorithm, DATA, sig, { backend })).toBe(true);
        expect(await verifySignature(kp.publicKey, s.algorithm, DATA, bad, { backend })).toBe(false);
      }
      if (!name.startsWith('ML-DSA')) expect(await verifySignature(kp.publicKey, s.algorithm, DATA, sig, { backend: 'webcrypto' })).toBe(true);
    }
  });

  it('policy: SHA-1 and MD5 refused by default, RSA below 2048 refused by default', async () => {
    const rsa = keys.get('RSA-2048')!;
    const sha1 = signatureAlgorithmIdentifier({ kind: 'rsa-pkcs1', hash: 'SHA-1' });
    const sig = new Uint8Array(await crypto.subtle.sign('RSASSA-PKCS1-v1_5', await rsa.privateKey.rsaCryptoKey({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-1' }), DATA));
    expect(err(() => verifySignatureSync(rsa.publicKey, sha1, DATA, sig))).toMatchObject({ code: 'forbidden-algorithm', name: 'SignatureError' });
    expect(verifySignatureSync(rsa.publicKey, sha1, DATA, sig, { allowSha1: true })).toBe(true);
    expect(await verifySignature(rsa.publicKey, sha1, DATA, sig, { allowSha1: true, backend: 'webcrypto' })).toBe(true);
    const md5 = { oid: SIGNATURE_OID.md5WithRSAEncryption, parameters: fromHex('0500') };
    expect(err(() => verifySignatureSync(rsa.publicKey, md5, DATA, sig)).code).toBe('forbidden-algorithm');
    expect(verifySignatureSync(rsa.publicKey, md5, DATA, sig, { allowMd5: true })).toBe(false);
    const weak = keys.get('RSA-1024')!;
    const ws = signerFromPrivateKey(weak.privateKey);
    const wsig = await ws.sign(DATA);
    expect(err(() => verifySignatureSync(ws.publicKey, ws.algorithm, DATA, wsig))).toMatchObject({ code: 'weak-key' });
    expect(verifySignatureSync(ws.publicKey, ws.algorithm, DATA, wsig, { minRsaBits: 1024 })).toBe(true);
  });

  it('key/algorithm mismatches are SignatureError key-mismatch', () => {
    const ec = keys.get('P-256')!.publicKey;
    const rsaAlg = signatureAlgorithmIdentifier({ kind: 'rsa-pkcs1', hash: 'SHA-256' });
    expect(err(() => verifySignatureSync(ec, rsaAlg, DATA, new Uint8Array(256))).code).toBe('key-mismatch');
    expect(err(() => verifySignatureSync(keys.get('Ed448')!.publicKey, { oid: SIGNATURE_OID.Ed25519 }, DATA, new Uint8Array(64))).code).toBe('key-mismatch');
    expect(err(() => verifySignatureSync(keys.get('RSA-2048')!.publicKey, { oid: SIGNATURE_OID['ML-DSA-44'] }, DATA, new Uint8Array(10))).code).toBe('key-mismatch');
  });

  it('RSA-PSS keys: PKCS#1 v1.5 refused, parameters must agree with the key', async () => {
    const jwk = keys.get('RSA-2048')!.privateKey.toJwk();
    const base = importPrivateKey(jwk);
    const pkcs1 = base.toPkcs1();
    const keyParams = encodeRsaPssParameters({ hash: 'SHA-256', saltLength: 32 });
    const pssKeyDer = encodeDer((w) =>
      w.sequence((w) => {
        w.integer(0);
        w.sequence((w) => w.oid('1.2.840.113549.1.1.10').raw(keyParams));
        w.octetString(pkcs1);
      }),
    );
    const pssKey = importPrivateKey(pssKeyDer);
    expect(pssKey.rsaPssOnly).toBe(true);
    const signer = signerFromPrivateKey(pssKey);
    expect(describeSignatureAlgorithm(signer.algorithm)).toBe('RSASSA-PSS (SHA-256, MGF1 SHA-256, salt 32)');
    const sig = await signer.sign(DATA);
    expect(verifySignatureSync(signer.publicKey, signer.algorithm, DATA, sig)).toBe(true);
    const pkcsAlg = signatureAlgorithmIdentifier({ kind: 'rsa-pkcs1', hash: 'SHA-256' });
    expect(err(() => verifySignatureSync(signer.publicKey, pkcsAlg, DATA, sig)).code).toBe('key-mismatch');
    const shortSalt = signatureAlgorithmIdentifier({ kind: 'rsa-pss', hash: 'SHA-256', mgfHash: 'SHA-256', saltLength: 20 });
    expect(err(() => verifySignatureSync(signer.publicKey, shortSalt, DATA, sig)).code).toBe('invalid-parameters');
    const otherHash = signatureAlgorithmIdentifier({ kind: 'rsa-pss', hash: 'SHA-384', mgfHash: 'SHA-384', saltLength: 48 });
    expect(err(() => verifySignatureSync(signer.publicKey, otherHash, DATA, sig)).code).toBe('invalid-parameters');
  });

  it('malformed SPKI is SignatureError malformed-public-key with the cause', () => {
    const e = err(() => verifySignatureSync(Uint8Array.of(0x30, 0x03, 0x02, 0x01), { oid: SIGNATURE_OID.Ed25519 }, DATA, new Uint8Array(64)));
    expect(e).toMatchObject({ code: 'malformed-public-key', name: 'SignatureError' });
    expect((e.cause as CertkitError).code).toBe('length-exceeds-input');
  });

  it('truncated, non-DER and out-of-range ECDSA signatures are false; high-S is valid', async () => {
    const kp = keys.get('P-256')!;
    const s = signerFromPrivateKey(kp.privateKey);
    const sig = await s.sign(DATA);
    const check = async (x: Uint8Array, expected: boolean): Promise<void> => {
      expect(verifySignatureSync(kp.publicKey, s.algorithm, DATA, x)).toBe(expected);
      expect(await verifySignature(kp.publicKey, s.algorithm, DATA, x, { backend: 'webcrypto' })).toBe(expected);
    };
    await check(sig.subarray(0, sig.length - 1), false);
    await check(new Uint8Array(0), false);
    await check(concatBytes(sig, Uint8Array.of(0)), false);
    // BER long-form length of the SEQUENCE: not DER.
    await check(concatBytes(Uint8Array.of(0x30, 0x81, sig[1]!), sig.subarray(2)), false);
    // High S: (r, n - s) is a valid ECDSA signature (SEC 1 §4.1.4 has no low-S rule).
    const r = new DerReader(sig).enter();
    const rr = r.readInteger();
    const ss = r.readInteger();
    const n = p256.Point.Fn.ORDER;
    const high = encodeDer((w) => w.sequence((w) => w.integer(rr).integer(n - ss)));
    await check(high, true);
    await check(
      encodeDer((w) => w.sequence((w) => w.integer(rr).integer(ss + n))),
      false,
    );
    await check(
      encodeDer((w) => w.sequence((w) => w.integer(0n).integer(ss))),
      false,
    );
    await check(
      encodeDer((w) => w.sequence((w) => w.integer(rr).integer(-ss))),
      false,
    );
  });

  it('compressed-point keys verify only when allowed', async () => {
    const kp = keys.get('P-256')!;
    const s = signerFromPrivateKey(kp.privateKey);
    const sig = await s.sign(DATA);
    const point = kp.publicKey.keyBytes;
    const compressed = concatBytes(Uint8Array.of(0x02 | (point[64]! & 1)), point.subarray(1, 33));
    const spki = encodeSpki(kp.publicKey.algorithmIdentifier, compressed);
    expect(err(() => verifySignatureSync(spki, s.algorithm, DATA, sig)).code).toBe('malformed-public-key');
    expect(verifySignatureSync(spki, s.algorithm, DATA, sig, { allowCompressedPoints: true })).toBe(true);
    expect(await verifySignature(spki, s.algorithm, DATA, sig, { allowCompressedPoints: true, backend: 'webcrypto' })).toBe(true);
  });

  it('backend choice is explicit: webcrypto refuses what it cannot do, auto falls back', async () => {
    const ml = keys.get('ML-DSA-44')!;
    const s = signerFromPrivateKey(ml.privateKey);
    const sig = await s.sign(DATA);
    expect((await errAsync(verifySignature(ml.publicKey, s.algorithm, DATA, sig, { backend: 'webcrypto' }))).code).toBe('unsupported-by-backend');
    expect(await verifySignature(ml.publicKey, s.algorithm, DATA, sig, { backend: 'auto' })).toBe(true);
    const ec = keys.get('P-384')!;
    const s224 = signerFromPrivateKey(ec.privateKey);
    // SHA-224 is not in WebCrypto: sign through noble and check both paths.
    const alg224 = signatureAlgorithmIdentifier({ kind: 'ecdsa', hash: 'SHA-224' });
    const { sha224 } = await import('@noble/hashes/sha2.js');
    const { p384 } = await import('@noble/curves/nist.js');
    const compact = p384.sign(sha224(DATA), ec.privateKey._nobleSecret(), { prehash: false, format: 'compact' });
    const der = encodeDer((w) => w.sequence((w) => w.integerFromUnsigned(compact.subarray(0, 48)).integerFromUnsigned(compact.subarray(48))));
    expect(verifySignatureSync(ec.publicKey, alg224, DATA, der)).toBe(true);
    expect(await verifySignature(ec.publicKey, alg224, DATA, der)).toBe(true);
    expect((await errAsync(verifySignature(ec.publicKey, alg224, DATA, der, { backend: 'webcrypto' }))).code).toBe('unsupported-by-backend');
    expect(s224.algorithm.oid).toBe(SIGNATURE_OID['ecdsa-with-SHA384']);
    await expect(verifySignature(ec.publicKey, alg224, DATA, der, { backend: 'fast' as never })).rejects.toThrow(RangeError);
  });

  it('property: the pure and WebCrypto paths agree on mutated signatures and data', async () => {
    const cases: { kp: KeyPair; alg: AlgorithmIdentifier; sig: Uint8Array }[] = [];
    for (const name of ['P-256', 'Ed25519', 'RSA-2048'] as const) {
      const kp = keys.get(name)!;
      const s = signerFromPrivateKey(kp.privateKey, name === 'RSA-2048' ? { pss: true } : {});
      cases.push({ kp, alg: s.algorithm, sig: await s.sign(DATA) });
    }
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.boolean(), async (which, pos, val, mutateData) => {
        const c = cases[which % cases.length]!;
        const sig = c.sig.slice();
        const data = DATA.slice();
        if (mutateData) data[pos % data.length] = val;
        else sig[pos % sig.length] = val;
        const pure = verifySignatureSync(c.kp.publicKey, c.alg, data, sig);
        const fast = await verifySignature(c.kp.publicKey, c.alg, data, sig, { backend: 'webcrypto' });
        expect(fast).toBe(pure);
      }),
      { numRuns: 300 },
    );
  });
});

describe('signers', () => {
  it('signerFromCryptoKeyPair: ECDSA (DER output), RSA PKCS#1 and PSS, Ed25519', async () => {
    const pairs: [CryptoKeyPair, string][] = [
      [(await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, false, ['sign', 'verify'])) as CryptoKeyPair, 'ecdsa-with-SHA384'],
      [
        (await crypto.subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: Uint8Array.of(1, 0, 1), hash: 'SHA-384' }, false, ['sign', 'verify'])) as CryptoKeyPair,
        'sha384WithRSAEncryption',
      ],
      [
        (await crypto.subtle.generateKey({ name: 'RSA-PSS', modulusLength: 2048, publicExponent: Uint8Array.of(1, 0, 1), hash: 'SHA-256' }, false, ['sign', 'verify'])) as CryptoKeyPair,
        'RSASSA-PSS (SHA-256, MGF1 SHA-256, salt 32)',
      ],
      [(await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as CryptoKeyPair, 'Ed25519'],
    ];
    for (const [pair, name] of pairs) {
      const s = await signerFromCryptoKeyPair(pair);
      expect(describeSignatureAlgorithm(s.algorithm)).toBe(name);
      const sig = await s.sign(DATA);
      expect(verifySignatureSync(s.publicKey, s.algorithm, DATA, sig)).toBe(true);
    }
  }, 30_000);

  it('createSigner checks the algorithm against the key (remote / KMS signers)', async () => {
    const kp = keys.get('P-256')!;
    const local = signerFromPrivateKey(kp.privateKey);
    const remote = createSigner({ algorithm: local.algorithm, publicKey: kp.publicKey.spki, sign: (d) => local.sign(d) });
    expect(verifySignatureSync(remote.publicKey, remote.algorithm, DATA, await remote.sign(DATA))).toBe(true);
    expect(err(() => createSigner({ algorithm: { oid: SIGNATURE_OID.Ed25519 }, publicKey: kp.publicKey, sign: local.sign })).code).toBe('key-mismatch');
    const empty = createSigner({ algorithm: local.algorithm, publicKey: kp.publicKey, sign: async () => new Uint8Array(0) });
    expect((await errAsync(empty.sign(DATA))).code).toBe('signing-failed');
  });

  it('signer options: hashes, PSS, and what does not apply', async () => {
    const rsa = keys.get('RSA-2048')!.privateKey;
    const s = signerFromPrivateKey(rsa, { hash: 'SHA-512', pss: { saltLength: 0 } });
    expect(describeSignatureAlgorithm(s.algorithm)).toBe('RSASSA-PSS (SHA-512, MGF1 SHA-512, salt 0)');
    expect(verifySignatureSync(s.publicKey, s.algorithm, DATA, await s.sign(DATA))).toBe(true);
    expect(describeSignatureAlgorithm(signerFromPrivateKey(keys.get('P-256')!.privateKey, { hash: 'SHA-512' }).algorithm)).toBe('ecdsa-with-SHA512');
    expect(() => signerFromPrivateKey(keys.get('Ed25519')!.privateKey, { hash: 'SHA-256' })).toThrow(RangeError);
    expect(() => signerFromPrivateKey(keys.get('P-256')!.privateKey, { hash: 'SHA-1' as never })).toThrow(RangeError);
    expect(() => signerFromPrivateKey({} as never)).toThrow(TypeError);
    await expect(signerFromPrivateKey(keys.get('P-256')!.privateKey).sign('x' as never)).rejects.toThrow(TypeError);
  });
});

describe('ML-DSA known answer (RFC 9881 example certificate, key from seed 00..1f)', () => {
  const pem = readFileSync(join(__dirname, 'vectors/lamps-dilithium-certificates/ML-DSA-44.crt'), 'utf8');
  const der = decodePem(pem).der;
  const cert = new DerReader(der).enter();
  const tbsTlv = cert.readTlv();
  const alg = parseAlgorithmIdentifier(cert);
  const sig = cert.readBitString().bytes;
  const tbs = new DerReader(der, {}, tbsTlv.valueOffset, tbsTlv.end);
  for (let i = 0; i < 6; i++) tbs.readTlv(); // version, serial, signature, issuer, validity, subject
  const spki = tbs.readTlv().raw;

  it('verifies the certificate signature (pure ML-DSA, empty context)', async () => {
    expect(describeSignatureAlgorithm(alg)).toBe('ML-DSA-44');
    expect(verifySignatureSync(spki, alg, tbsTlv.raw, sig)).toBe(true);
    expect(await verifySignature(spki, alg, tbsTlv.raw, sig)).toBe(true);
    const bad = tbsTlv.raw.slice();
    bad[10]! ^= 1;
    expect(verifySignatureSync(spki, alg, bad, sig)).toBe(false);
  });

  it('the seed-form private key 00..1f gives the certificate public key', () => {
    const seed = Uint8Array.from({ length: 32 }, (_, i) => i);
    const pkcs8 = encodeDer((w) =>
      w.sequence((w) => {
        w.integer(0);
        w.sequence((w) => w.oid('2.16.840.1.101.3.4.3.17'));
        w.octetStringWrapping((w) => w.element(0x80, seed));
      }),
    );
    const key = importPrivateKey(pkcs8);
    expect(toHex(key.publicKey.spki)).toBe(toHex(parsePublicKey(spki).spki));
    expect(toHex(key.toPkcs8())).toBe(toHex(pkcs8));
  });
});
