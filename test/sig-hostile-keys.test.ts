/**
 * Findings from review on the signature layer, each a rule that once failed:
 * (1) a hostile RSA key (huge modulus or huge public exponent) is refused with a typed error
 *     before any modular exponentiation, so verification time stays bounded;
 * (2) Ed25519/Ed448 signatures whose R carries a small-order component (valid under the
 *     cofactored equation only) get the same answer, `false`, on the pure and WebCrypto paths.
 *
 * Non-goals: the layer's general rules (sig-verify.test.ts), Wycheproof (wycheproof.test.ts).
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { ed448 } from '@noble/curves/ed448.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { shake256 } from '@noble/hashes/sha3.js';
import { describe, expect, it } from 'vitest';
import { CertkitError, concatBytes, DerWriter, fromHex } from '../src/der/index';
import { encodeSpki, parsePublicKey } from '../src/keys/index';
import { SIGNATURE_OID, verifySignatureSync, verifySignature } from '../src/sig/index';

const PKCS1_SHA256 = { oid: SIGNATURE_OID.sha256WithRSAEncryption, parameters: Uint8Array.of(5, 0) };

/** An rsaEncryption SPKI for any n and e (no checks: that is the point). */
function rsaSpki(n: bigint, e: bigint): Uint8Array {
  const key = new DerWriter().sequence((w) => w.integer(n).integer(e)).finish();
  return encodeSpki({ oid: '1.2.840.113549.1.1.1', parameters: Uint8Array.of(5, 0) }, key);
}

/** A deterministic odd number of exactly `bits` bits. */
function oddOfBits(bits: number, seed: number): bigint {
  let x = 1n;
  let s = seed;
  for (let i = 1; i < bits; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    x = (x << 1n) | BigInt((s >> 16) & 1);
  }
  return x | 1n;
}

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof CertkitError) return e.code;
    throw e;
  }
  throw new Error('expected a CertkitError');
}

describe('RSA keys that would make verification slow are refused', () => {
  it('a 32768-bit modulus is refused (key-too-large) before any RSA arithmetic, on both paths', async () => {
    const n = oddOfBits(32768, 7);
    const spki = rsaSpki(n, 65537n);
    const sig = new Uint8Array(4096).fill(1);
    expect(code(() => verifySignatureSync(spki, PKCS1_SHA256, new Uint8Array(3), sig))).toBe('key-too-large');
    await expect(verifySignature(spki, PKCS1_SHA256, new Uint8Array(3), sig)).rejects.toMatchObject({ code: 'key-too-large' });
  });

  it('a public exponent above 64 bits is refused (key-too-large) before any RSA arithmetic', () => {
    const n = oddOfBits(4096, 11);
    const e = (n >> 2n) | 1n; // a 4094-bit exponent: ~4000 modular squarings per verification
    const spki = rsaSpki(n, e);
    const sig = new Uint8Array(512).fill(1);
    expect(code(() => verifySignatureSync(spki, PKCS1_SHA256, new Uint8Array(3), sig))).toBe('key-too-large');
  });

  it('the largest accepted shapes still verify to an answer: 16384-bit modulus, 64-bit exponent', () => {
    const n = oddOfBits(16384, 3);
    const sig = new Uint8Array(2048).fill(1);
    expect(verifySignatureSync(rsaSpki(n, 65537n), PKCS1_SHA256, new Uint8Array(3), sig)).toBe(false);
    expect(verifySignatureSync(rsaSpki(n, (1n << 64n) - 1n), PKCS1_SHA256, new Uint8Array(3), sig)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// EdDSA: R = rB + T with T of small order. S = r + k·a with k computed over the encoding of R.
// The cofactored equation [8][S]B = [8]R + [8][k]A holds; the cofactorless one [S]B = R + [k]A
// does not. RFC 8032 §5.1.7 allows either check; OpenSSL (WebCrypto in Node), Go and BoringSSL
// use the cofactorless one, so the pure path must too for the two backends to agree.

function le(b: Uint8Array): bigint {
  let x = 0n;
  for (let i = b.length - 1; i >= 0; i--) x = (x << 8n) | BigInt(b[i]!);
  return x;
}
function toLe(x: bigint, n: number): Uint8Array {
  const o = new Uint8Array(n);
  for (let i = 0; i < n; i++, x >>= 8n) o[i] = Number(x & 0xffn);
  return o;
}

describe('EdDSA with a small-order component in R: the same answer on both backends', () => {
  const msg = new TextEncoder().encode('mixed-order R');

  it('Ed25519', async () => {
    const P = ed25519.Point;
    const L = P.Fn.ORDER;
    const a = 0x1234567890abcdefn;
    const A = P.BASE.multiply(a).toBytes();
    // A point of order 8 (from the well-known list of Curve25519 small-order points).
    const T = P.fromBytes(fromHex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a'));
    expect(T.multiplyUnsafe(8n).is0() && !T.is0()).toBe(true);
    const r = 0xfedcba987654321n;
    const R = P.BASE.multiply(r).add(T).toBytes();
    const k = le(sha512(concatBytes(R, A, msg))) % L;
    const sig = concatBytes(R, toLe((r + k * a) % L, 32));
    const key = parsePublicKey(encodeSpki({ oid: SIGNATURE_OID.Ed25519 }, A));
    const alg = { oid: SIGNATURE_OID.Ed25519 };
    expect(await verifySignature(key, alg, msg, sig, { backend: 'webcrypto' })).toBe(false);
    expect(verifySignatureSync(key, alg, msg, sig)).toBe(false);
    // Control: the same construction without T verifies on both.
    const R0 = P.BASE.multiply(r).toBytes();
    const k0 = le(sha512(concatBytes(R0, A, msg))) % L;
    const sig0 = concatBytes(R0, toLe((r + k0 * a) % L, 32));
    expect(verifySignatureSync(key, alg, msg, sig0)).toBe(true);
    expect(await verifySignature(key, alg, msg, sig0, { backend: 'webcrypto' })).toBe(true);
  });

  it('Ed448 (agreement only)', async () => {
    const P = ed448.Point;
    const L = P.Fn.ORDER;
    const a = 0x1234567890abcdefn;
    const A = P.BASE.multiply(a).toBytes();
    // (0, -1) has order 2 on the untwisted Edwards curve x^2 + y^2 = 1 + d x^2 y^2.
    const T = P.fromAffine({ x: 0n, y: P.Fp.neg(1n) });
    expect(T.double().is0() && !T.is0()).toBe(true);
    const r = 0xfedcba987654321n;
    const dom4 = concatBytes(new TextEncoder().encode('SigEd448'), Uint8Array.of(0, 0));
    const sign = (Rb: Uint8Array): Uint8Array => {
      const k = le(shake256(concatBytes(dom4, Rb, A, msg), { dkLen: 114 })) % L;
      return concatBytes(Rb, toLe((r + k * a) % L, 57));
    };
    const key = parsePublicKey(encodeSpki({ oid: SIGNATURE_OID.Ed448 }, A));
    const alg = { oid: SIGNATURE_OID.Ed448 };
    // OpenSSL's Ed448 works on a 4-isogenous curve, so torsion of order 2 or 4 in R vanishes and
    // WebCrypto accepts; the pure path must give that same answer.
    const sig = sign(P.BASE.multiply(r).add(T).toBytes());
    const fast = await verifySignature(key, alg, msg, sig, { backend: 'webcrypto' });
    expect(verifySignatureSync(key, alg, msg, sig)).toBe(fast);
    const sig0 = sign(P.BASE.multiply(r).toBytes());
    expect(verifySignatureSync(key, alg, msg, sig0)).toBe(true);
    expect(await verifySignature(key, alg, msg, sig0, { backend: 'webcrypto' })).toBe(true);
  });
});
