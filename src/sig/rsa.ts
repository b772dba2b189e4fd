/**
 * RSA signature verification on `bigint` (RFC 8017), pure and synchronous.
 *
 * Scope: RSAVP1 (§5.2.2), RSASSA-PKCS1-v1_5 verification by building the expected
 * EMSA-PKCS1-v1_5 encoding and comparing bytes (§8.2.2, §9.2: the padding is never parsed), and
 * EMSA-PSS verification (§9.1.2) with MGF1 (§B.2.1). Only the public operation is done here:
 * RSA signing goes through WebCrypto. Non-goals: constant time (public data only), RSAES.
 * @module
 */
import { DerWriter } from '../der/index';
import { _hash, type HashName } from './_hashes';

/** Bytes to a non-negative bigint (OS2IP, RFC 8017 §4.2). */
function _os2ip(b: Uint8Array): bigint {
  let x = 0n;
  for (let i = 0; i < b.length; i++) x = (x << 8n) | BigInt(b[i]!);
  return x;
}

/** I2OSP (RFC 8017 §4.1): `undefined` when x does not fit in len bytes. */
function _i2osp(x: bigint, len: number): Uint8Array | undefined {
  const out = new Uint8Array(len);
  for (let i = len - 1; i >= 0; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return x === 0n ? out : undefined;
}

/** Modular exponentiation, left-to-right square and multiply (public exponent, public data). */
function _modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  base %= mod;
  const bits = exp.toString(2);
  for (let i = 0; i < bits.length; i++) {
    result = (result * result) % mod;
    if (bits[i] === '1') result = (result * base) % mod;
  }
  return result;
}

function _bitLen(x: bigint): number {
  return x.toString(2).length;
}

/**
 * RSAVP1 on a signature octet string (RFC 8017 §8.2.2 steps 1-2): the message representative as
 * `emLen` bytes, or `undefined` when the signature is the wrong length, not below n, or the
 * representative does not fit.
 */
function _rsavp1(n: bigint, e: bigint, signature: Uint8Array, emLen: number): Uint8Array | undefined {
  const k = Math.ceil(_bitLen(n) / 8);
  if (signature.length !== k) return undefined; // §8.2.2 step 1
  const s = _os2ip(signature);
  if (s >= n) return undefined; // §5.2.2 step 1
  return _i2osp(_modPow(s, e, n), emLen);
}

let digestInfoCache: Map<HashName, Uint8Array> | undefined;

/**
 * The DigestInfo prefix for a hash (RFC 8017 §9.2 note 1): DER of
 * `SEQUENCE { SEQUENCE { hashOID, NULL }, OCTET STRING (hLen bytes) }` without the digest.
 */
function _digestInfoPrefix(hash: HashName): Uint8Array {
  digestInfoCache ??= new Map();
  let p = digestInfoCache.get(hash);
  if (p === undefined) {
    const h = _hash(hash);
    const w = new DerWriter();
    w.sequence((w) => {
      w.sequence((w) => w.oid(h.oid).null());
      w.octetString(new Uint8Array(h.length));
    });
    const full = w.finish();
    p = full.subarray(0, full.length - h.length);
    digestInfoCache.set(hash, p);
  }
  return p;
}

/**
 * RSASSA-PKCS1-v1_5-VERIFY (RFC 8017 §8.2.2) given the message digest: computes the expected
 * EMSA-PKCS1-v1_5 encoding `00 01 FF..FF 00 || DigestInfo` and compares it byte for byte with the
 * recovered representative. Only the DigestInfo with NULL parameters is accepted.
 * @example
 * ```ts
 * _verifyPkcs1v15(n, e, 'SHA-256', sha256(data), sig)
 * ```
 */
export function _verifyPkcs1v15(n: bigint, e: bigint, hash: HashName, digest: Uint8Array, signature: Uint8Array): boolean {
  const k = Math.ceil(_bitLen(n) / 8);
  const prefix = _digestInfoPrefix(hash);
  const tLen = prefix.length + digest.length;
  // §9.2 step 3: emLen < tLen + 11 means the modulus is too short.
  if (k < tLen + 11) return false;
  const em = _rsavp1(n, e, signature, k);
  if (em === undefined) return false;
  const expected = new Uint8Array(k);
  expected[0] = 0x00;
  expected[1] = 0x01;
  expected.fill(0xff, 2, k - tLen - 1);
  expected[k - tLen - 1] = 0x00;
  expected.set(prefix, k - tLen);
  expected.set(digest, k - digest.length);
  let diff = 0;
  for (let i = 0; i < k; i++) diff |= em[i]! ^ expected[i]!;
  return diff === 0;
}

/** MGF1 (RFC 8017 §B.2.1). */
function _mgf1(hash: HashName, seed: Uint8Array, maskLen: number): Uint8Array {
  const h = _hash(hash);
  const out = new Uint8Array(maskLen);
  const buf = new Uint8Array(seed.length + 4);
  buf.set(seed);
  for (let counter = 0, off = 0; off < maskLen; counter++, off += h.length) {
    buf[seed.length] = counter >>> 24;
    buf[seed.length + 1] = (counter >>> 16) & 0xff;
    buf[seed.length + 2] = (counter >>> 8) & 0xff;
    buf[seed.length + 3] = counter & 0xff;
    const d = h.fn(buf);
    out.set(d.subarray(0, Math.min(d.length, maskLen - off)), off);
  }
  return out;
}

/**
 * RSASSA-PSS-VERIFY (RFC 8017 §8.1.2) with EMSA-PSS-VERIFY (§9.1.2) given the message digest.
 * @example
 * ```ts
 * _verifyPss(n, e, 'SHA-256', 'SHA-256', 32, sha256(data), sig)
 * ```
 */
export function _verifyPss(n: bigint, e: bigint, hash: HashName, mgfHash: HashName, saltLength: number, mHash: Uint8Array, signature: Uint8Array): boolean {
  const modBits = _bitLen(n);
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  const hLen = _hash(hash).length;
  // §8.1.2 step 2c: EM = I2OSP(m, emLen); a representative that does not fit is "invalid".
  const em = _rsavp1(n, e, signature, emLen);
  if (em === undefined) return false;
  // §9.1.2 step 3.
  if (emLen < hLen + saltLength + 2) return false;
  // Step 4: the rightmost octet must be 0xbc.
  if (em[emLen - 1] !== 0xbc) return false;
  // Step 5.
  const dbLen = emLen - hLen - 1;
  const maskedDB = em.subarray(0, dbLen);
  const H = em.subarray(dbLen, dbLen + hLen);
  // Step 6: the leftmost 8*emLen - emBits bits of maskedDB must be zero.
  const zeroBits = 8 * emLen - emBits;
  const topMask = (0xff << (8 - zeroBits)) & 0xff;
  if ((maskedDB[0]! & topMask) !== 0) return false;
  // Steps 7-9.
  const db = _mgf1(mgfHash, H, dbLen);
  for (let i = 0; i < dbLen; i++) db[i]! ^= maskedDB[i]!;
  db[0]! &= ~topMask & 0xff;
  // Step 10: PS zeros then 0x01.
  const psLen = emLen - hLen - saltLength - 2;
  for (let i = 0; i < psLen; i++) if (db[i] !== 0) return false;
  if (db[psLen] !== 0x01) return false;
  // Steps 11-14.
  const salt = db.subarray(dbLen - saltLength);
  const mPrime = new Uint8Array(8 + mHash.length + saltLength);
  mPrime.set(mHash, 8);
  mPrime.set(salt, 8 + mHash.length);
  const h2 = _hash(hash).fn(mPrime);
  let diff = 0;
  for (let i = 0; i < hLen; i++) diff |= h2[i]! ^ H[i]!;
  return diff === 0;
}
