/**
 * Proves key import/export: every key type round-trips through every format that holds it
 * (PKCS#8, PKCS#1, SEC1, SPKI, JWK; DER and PEM), key facts are right (fingerprint, subject key
 * identifiers), keyMatches answers correctly, and each rejection rule gives its error code.
 */
import { createHash, createPublicKey } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { CertkitError, concatBytes, DerError, encodeDer, fromHex, toHex } from '../src/der/index';
import { encodeSpki, generateKeyPair, importPrivateKey, KeyError, keyMatches, parsePublicKey, publicKeyFromJwk, publicKeyFromPkcs1, type KeyPair, type KeyPairAlgorithm } from '../src/keys/index';

const ALGS = ['P-256', 'P-384', 'P-521', 'Ed25519', 'Ed448', 'RSA-2048', 'ML-DSA-44', 'ML-DSA-65', 'ML-DSA-87'] as const;
const pairs = new Map<string, KeyPair>();

beforeAll(async () => {
  for (const a of ALGS) pairs.set(a, await generateKeyPair(a as KeyPairAlgorithm));
}, 60_000);

function codeOf(fn: () => unknown): { code: string; offset: number | undefined; name: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof CertkitError) return { code: e.code, offset: e.offset, name: e.name };
    throw e;
  }
  throw new Error('expected an error');
}

// A fixed P-256 key (from RFC 6979 A.2.5) so offsets and bytes are stable.
const P256_D = fromHex('c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721');
const P256_POINT = fromHex('0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb67903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299');
const P256_SPKI = fromHex('3059301306072a8648ce3d020106082a8648ce3d030107034200').length ? concatBytes(fromHex('3059301306072a8648ce3d020106082a8648ce3d030107034200'), P256_POINT) : new Uint8Array();

describe('round trips', () => {
  for (const a of ALGS) {
    it(`${a}: PKCS#8 DER/PEM, JWK and SPKI DER/PEM/JWK`, () => {
      const { privateKey, publicKey } = pairs.get(a)!;
      const pkcs8 = privateKey.toPkcs8();
      const back = importPrivateKey(pkcs8);
      expect(back.publicKey.equals(publicKey)).toBe(true);
      expect(toHex(back.toPkcs8())).toBe(toHex(pkcs8));
      expect(toHex(importPrivateKey(privateKey.toPem()).toPkcs8())).toBe(toHex(pkcs8));
      const jwk = privateKey.toJwk();
      expect(toHex(importPrivateKey(JSON.parse(JSON.stringify(jwk))).toPkcs8())).toBe(toHex(pkcs8));
      expect(toHex(parsePublicKey(publicKey.toPem()).spki)).toBe(toHex(publicKey.spki));
      expect(toHex(parsePublicKey(publicKey.toDer()).spki)).toBe(toHex(publicKey.spki));
      expect(toHex(publicKeyFromJwk(publicKey.toJwk()).spki)).toBe(toHex(publicKey.spki));
      expect(keyMatches(back, publicKey)).toBe(true);
    });
  }

  it('RSA: PKCS#1 private and public, DER and PEM', () => {
    const { privateKey, publicKey } = pairs.get('RSA-2048')!;
    expect(privateKey.bits).toBe(2048);
    const pkcs1 = privateKey.toPkcs1();
    expect(toHex(importPrivateKey(pkcs1).toPkcs8())).toBe(toHex(privateKey.toPkcs8()));
    expect(toHex(importPrivateKey(privateKey.toPem('pkcs1')).toPkcs1())).toBe(toHex(pkcs1));
    expect(publicKeyFromPkcs1(publicKey.toPkcs1()).equals(publicKey)).toBe(true);
    expect(parsePublicKey(publicKey.toPkcs1Pem()).equals(publicKey)).toBe(true);
    expect(privateKey.toPem('pkcs1')).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
  });

  it('EC: SEC1 DER and PEM carry the curve and the public key', () => {
    for (const a of ['P-256', 'P-384', 'P-521'] as const) {
      const { privateKey } = pairs.get(a)!;
      const sec1 = privateKey.toSec1();
      expect(toHex(importPrivateKey(sec1).toPkcs8())).toBe(toHex(privateKey.toPkcs8()));
      expect(importPrivateKey(privateKey.toPem('sec1')).curve).toBe(a);
    }
  });

  it('ML-DSA private keys are written in the RFC 9881 seed form: [0] IMPLICIT OCTET STRING (32)', () => {
    const pkcs8 = pairs.get('ML-DSA-65')!.privateKey.toPkcs8();
    // ... 04 22 80 20 <32-byte seed>: privateKey OCTET STRING wrapping the [0] seed.
    expect(toHex(pkcs8.subarray(pkcs8.length - 36, pkcs8.length - 32))).toBe('04228020');
    expect(pkcs8.length).toBe(54);
  });

  it('fixed P-256 key: import from scalar JWK gives the known point', () => {
    const b64 = (u: Uint8Array): string => Buffer.from(u).toString('base64url');
    const key = importPrivateKey({ kty: 'EC', crv: 'P-256', d: b64(P256_D), x: b64(P256_POINT.subarray(1, 33)), y: b64(P256_POINT.subarray(33)) });
    expect(toHex(key.publicKey.spki)).toBe(toHex(P256_SPKI));
  });
});

describe('key facts', () => {
  it('fingerprint256 is SHA-256 of the SPKI, as node computes it', () => {
    for (const a of ALGS) {
      const pub = pairs.get(a)!.publicKey;
      expect(pub.fingerprint256()).toBe(createHash('sha256').update(pub.spki).digest('hex'));
    }
  });

  it('subject key identifiers: RFC 5280 methods 1 and 2, RFC 7093 methods 1-4', () => {
    const pub = parsePublicKey(P256_SPKI);
    const bits = P256_POINT;
    const h = (alg: string, d: Uint8Array): string => createHash(alg).update(d).digest('hex');
    expect(toHex(pub.subjectKeyIdentifier())).toBe(h('sha1', bits));
    const m2 = pub.subjectKeyIdentifier('rfc5280-2');
    expect(m2.length).toBe(8);
    expect(m2[0]! >> 4).toBe(4);
    expect(toHex(m2).slice(1)).toBe(h('sha1', bits).slice(25));
    expect(toHex(pub.subjectKeyIdentifier('rfc7093-1'))).toBe(h('sha256', bits).slice(0, 40));
    expect(toHex(pub.subjectKeyIdentifier('rfc7093-2'))).toBe(h('sha384', bits).slice(0, 40));
    expect(toHex(pub.subjectKeyIdentifier('rfc7093-3'))).toBe(h('sha512', bits).slice(0, 40));
    expect(toHex(pub.subjectKeyIdentifier('rfc7093-4-sha256'))).toBe(h('sha256', P256_SPKI));
    expect(() => pub.subjectKeyIdentifier('nope' as never)).toThrow(RangeError);
  });

  it('algorithm, curve and bits', () => {
    expect(pairs.get('P-521')!.publicKey).toMatchObject({ algorithm: 'ECDSA', curve: 'P-521', bits: 521 });
    expect(pairs.get('Ed448')!.publicKey).toMatchObject({ algorithm: 'Ed448', bits: 448 });
    expect(pairs.get('RSA-2048')!.publicKey).toMatchObject({ algorithm: 'RSA', bits: 2048 });
    expect(pairs.get('ML-DSA-87')!.publicKey.algorithm).toBe('ML-DSA-87');
  });

  it('node reads certkit SPKIs as the same key', () => {
    for (const a of ['P-256', 'Ed25519', 'RSA-2048'] as const) {
      const pub = pairs.get(a)!.publicKey;
      const der = createPublicKey({ key: Buffer.from(pub.spki), format: 'der', type: 'spki' }).export({ format: 'der', type: 'spki' });
      expect(toHex(new Uint8Array(der))).toBe(toHex(pub.spki));
    }
  });
});

describe('keyMatches', () => {
  it('answers for PublicKey, SPKI, PEM and objects carrying a key', () => {
    const a = pairs.get('P-256')!;
    const b = pairs.get('P-384')!;
    expect(keyMatches(a.privateKey, a.publicKey)).toBe(true);
    expect(keyMatches(a.privateKey, a.publicKey.spki)).toBe(true);
    expect(keyMatches(a.privateKey, a.publicKey.toPem())).toBe(true);
    expect(keyMatches(a.privateKey, { publicKey: a.publicKey })).toBe(true);
    expect(keyMatches(a.privateKey, { rawSubjectPublicKeyInfo: a.publicKey.spki })).toBe(true);
    expect(keyMatches(a.privateKey, b.publicKey)).toBe(false);
    expect(keyMatches(pairs.get('Ed25519')!.privateKey, a.publicKey)).toBe(false);
    expect(keyMatches(a.privateKey, Uint8Array.of(0x30, 0x00))).toBe(false);
    expect(() => keyMatches(a.privateKey, {} as never)).toThrow(TypeError);
  });
});

describe('rejections', () => {
  it('compressed EC points are refused by default, accepted on request, and equal the uncompressed key', () => {
    const compressed = concatBytes(Uint8Array.of(0x02 | (P256_POINT[64]! & 1)), P256_POINT.subarray(1, 33));
    const spki = encodeSpki({ oid: '1.2.840.10045.2.1', parameters: fromHex('06082a8648ce3d030107') }, compressed);
    const e = codeOf(() => parsePublicKey(spki));
    expect(e.code).toBe('compressed-point');
    expect(e.offset).toBe(spki.length - 33);
    const k = parsePublicKey(spki, { allowCompressedPoints: true });
    expect(k.equals(parsePublicKey(P256_SPKI))).toBe(true);
  });

  it('a point off the curve is invalid-point', () => {
    const bad = P256_SPKI.slice();
    bad[bad.length - 1]! ^= 1;
    expect(codeOf(() => parsePublicKey(bad))).toMatchObject({ code: 'invalid-point', offset: 26, name: 'KeyError' });
  });

  it('hybrid and infinity encodings are invalid-point', () => {
    const hybrid = P256_SPKI.slice();
    hybrid[26] = 0x06;
    expect(codeOf(() => parsePublicKey(hybrid)).code).toBe('invalid-point');
  });

  it('rsaEncryption without NULL parameters: invalid-parameters, tolerated in lenient mode', () => {
    const { publicKey } = pairs.get('RSA-2048')!;
    const noNull = encodeSpki({ oid: '1.2.840.113549.1.1.1' }, publicKey.keyBytes);
    expect(codeOf(() => parsePublicKey(noNull)).code).toBe('invalid-parameters');
    expect(parsePublicKey(noNull, { lenient: true }).equals(publicKey)).toBe(true);
  });

  it('Ed25519 with parameters, wrong lengths, unknown algorithms and curves', () => {
    const ed = pairs.get('Ed25519')!.publicKey;
    expect(codeOf(() => parsePublicKey(encodeSpki({ oid: '1.3.101.112', parameters: Uint8Array.of(5, 0) }, ed.keyBytes)))).toMatchObject({ code: 'invalid-parameters', offset: 9 });
    expect(codeOf(() => parsePublicKey(encodeSpki({ oid: '1.3.101.112' }, ed.keyBytes.subarray(1)))).code).toBe('invalid-key-size');
    const e = codeOf(() => parsePublicKey(encodeSpki({ oid: '1.2.840.10040.4.1' }, Uint8Array.of(2, 1, 1))));
    expect(e).toMatchObject({ code: 'unsupported-algorithm', offset: 4 });
    const k1 = codeOf(() => parsePublicKey(encodeSpki({ oid: '1.2.840.10045.2.1', parameters: fromHex('06052b8104000a') }, P256_POINT)));
    expect(k1.code).toBe('unsupported-curve');
    const spec = codeOf(() => parsePublicKey(encodeSpki({ oid: '1.2.840.10045.2.1', parameters: fromHex('3000') }, P256_POINT)));
    expect(spec.code).toBe('invalid-parameters');
  });

  it('trailing data and non-DER are DER errors with offsets', () => {
    const trailing = concatBytes(P256_SPKI, Uint8Array.of(0));
    expect(codeOf(() => parsePublicKey(trailing))).toMatchObject({ code: 'trailing-data', offset: 91, name: 'DerError' });
    const longForm = concatBytes(Uint8Array.of(0x30, 0x81, 0x59), P256_SPKI.subarray(2));
    expect(codeOf(() => parsePublicKey(longForm))).toMatchObject({ code: 'non-minimal-length', offset: 1 });
  });

  it('weak RSA: import and generation refuse below 2048 bits unless allowed', async () => {
    const weak = await generateKeyPair({ rsa: 1024, allowWeak: true });
    expect(weak.publicKey.bits).toBe(1024);
    expect(codeOf(() => importPrivateKey(weak.privateKey.toPkcs8())).code).toBe('weak-key');
    expect(importPrivateKey(weak.privateKey.toPkcs8(), { allowWeak: true }).bits).toBe(1024);
    await expect(generateKeyPair({ rsa: 1024 })).rejects.toMatchObject({ code: 'weak-key' });
    await expect(generateKeyPair({ rsa: 1001, allowWeak: true })).rejects.toThrow(RangeError);
  }, 30_000);

  it('inconsistent private keys: key-mismatch, malformed-key', () => {
    const a = pairs.get('P-256')!.privateKey;
    const b = pairs.get('P-256')!.privateKey;
    // SEC1 with the public key of another key.
    const sec1 = a.toSec1();
    const other = importPrivateKey({ ...b.toJwk(), d: Buffer.from(P256_D).toString('base64url'), x: undefined, y: undefined });
    const otherPoint = other.publicKey.keyBytes;
    const forged = sec1.slice();
    forged.set(otherPoint, forged.length - otherPoint.length);
    expect(codeOf(() => importPrivateKey(forged)).code).toBe('key-mismatch');
    // JWK whose x is not the public key of d.
    expect(codeOf(() => importPrivateKey({ ...a.toJwk(), x: other.publicKey.toJwk().x })).code).toBe('key-mismatch');
    // RSA with a corrupted prime.
    const rsa = pairs.get('RSA-2048')!.privateKey.toJwk();
    expect(codeOf(() => importPrivateKey({ ...rsa, qi: rsa.dp })).code).toBe('malformed-key');
  });

  it('ML-DSA "both" form with an expanded key that does not match its seed is key-mismatch', () => {
    const k = pairs.get('ML-DSA-44')!.privateKey;
    const seed = k.toPkcs8().subarray(-32);
    const expanded = k._nobleSecret().slice();
    expanded[100]! ^= 1;
    const build = (exp: Uint8Array): Uint8Array =>
      encodeDer((w) =>
        w.sequence((w) => {
          w.integer(0);
          w.sequence((w) => w.oid('2.16.840.1.101.3.4.3.17'));
          w.octetStringWrapping((w) => w.sequence((w) => w.octetString(seed).octetString(exp)));
        }),
      );
    expect(codeOf(() => importPrivateKey(build(expanded))).code).toBe('key-mismatch');
    const good = build(k._nobleSecret());
    expect(importPrivateKey(good).publicKey.equals(k.publicKey)).toBe(true);
  });

  it('formats: encrypted PKCS#8, wrong PEM labels, bad JWK base64', () => {
    expect(codeOf(() => importPrivateKey('-----BEGIN ENCRYPTED PRIVATE KEY-----\nMAA=\n-----END ENCRYPTED PRIVATE KEY-----\n')).code).toBe('unsupported-format');
    expect(codeOf(() => parsePublicKey(pairs.get('P-256')!.privateKey.toPem())).code).toBe('unsupported-format');
    expect(codeOf(() => publicKeyFromJwk({ kty: 'OKP', crv: 'Ed25519', x: 'AAAA+' })).code).toBe('malformed-key');
    expect(codeOf(() => publicKeyFromJwk({ kty: 'EC', crv: 'secp256k1', x: 'AA', y: 'AA' })).code).toBe('unsupported-curve');
    expect(codeOf(() => publicKeyFromJwk({ kty: 'oct' })).code).toBe('unsupported-algorithm');
    expect(() => parsePublicKey(42 as never)).toThrow(TypeError);
    expect(() => importPrivateKey(42 as never)).toThrow(TypeError);
  });

  it('X25519 keys parse; their private keys are refused as key-agreement keys', () => {
    const spki = fromHex('302a300506032b656e032100504a36999f489cd2fdbc08baff3d88fa00569ba986cba22548ffde80f9806829');
    expect(parsePublicKey(spki).algorithm).toBe('X25519');
    const pkcs8 = fromHex('302e020100300506032b656e04220420c8a9d5a91091ad851c668b0736c1c9a02936c0d3ad62670858088047ba057475');
    expect(codeOf(() => importPrivateKey(pkcs8)).code).toBe('unsupported-algorithm');
  });
});

describe('properties', () => {
  it('any bytes give a PublicKey or a CertkitError, never anything else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          parsePublicKey(bytes);
        } catch (e) {
          if (!(e instanceof CertkitError)) throw e;
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('mutated SPKIs and PKCS#8 keys give a value or a CertkitError', () => {
    const inputs = [P256_SPKI, pairs.get('Ed25519')!.publicKey.spki, pairs.get('RSA-2048')!.publicKey.spki];
    const priv = [pairs.get('P-384')!.privateKey.toPkcs8(), pairs.get('Ed448')!.privateKey.toPkcs8()];
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.boolean(), (which, pos, val, isPriv) => {
        const src = isPriv ? priv[which % priv.length]! : inputs[which % inputs.length]!;
        const m = src.slice();
        m[pos % m.length] = val;
        try {
          if (isPriv) importPrivateKey(m);
          else parsePublicKey(m);
        } catch (e) {
          if (!(e instanceof CertkitError)) throw e;
          expect(e instanceof KeyError || e instanceof DerError || e.name === 'PemError').toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
