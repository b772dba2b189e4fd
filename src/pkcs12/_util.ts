/**
 * Private helpers of the PKCS#12 layer: the hash table, password encodings, CBC padding,
 * constant-time comparison, randomness and AlgorithmIdentifier reading.
 *
 * Scope: small shared pieces. Non-goals: anything exported from the layer.
 * @module
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { DerReader, Tag, type Tlv } from '../der/index';
import { Pkcs12Error } from './errors';
import { PBE_OID } from './oids';

/** Hash functions a PRF, the PKCS#12 KDF or the MAC may use. */
export type PbeHash = 'SHA-1' | 'SHA-224' | 'SHA-256' | 'SHA-384' | 'SHA-512';

/** A noble hash constructor (the shape `pbkdf2`/`hmac` take). */
export type _NobleHash = typeof sha256 | typeof sha1;

interface _HashInfo {
  name: PbeHash;
  /** The digest OID (NIST / OIW), used by the PKCS#12 MacData DigestInfo. */
  digestOid: string;
  /** The HMAC OID, used as the PBKDF2 PRF (RFC 8018 Appendix B.1). */
  hmacOid: string;
  noble: _NobleHash;
}

/** @internal the hash table, built on first use. */
export function _hashes(): readonly _HashInfo[] {
  return (_hashTable ??= [
    { name: 'SHA-1', digestOid: '1.3.14.3.2.26', hmacOid: PBE_OID.hmacWithSHA1, noble: sha1 },
    { name: 'SHA-224', digestOid: '2.16.840.1.101.3.4.2.4', hmacOid: PBE_OID.hmacWithSHA224, noble: sha224 as _NobleHash },
    { name: 'SHA-256', digestOid: '2.16.840.1.101.3.4.2.1', hmacOid: PBE_OID.hmacWithSHA256, noble: sha256 },
    { name: 'SHA-384', digestOid: '2.16.840.1.101.3.4.2.2', hmacOid: PBE_OID.hmacWithSHA384, noble: sha384 as _NobleHash },
    { name: 'SHA-512', digestOid: '2.16.840.1.101.3.4.2.3', hmacOid: PBE_OID.hmacWithSHA512, noble: sha512 as _NobleHash },
  ]);
}
let _hashTable: _HashInfo[] | undefined;

/** @internal the table entry for a hash name. @throws RangeError for another name. */
export function _hashByName(name: PbeHash): _HashInfo {
  const h = _hashes().find((x) => x.name === name);
  if (h === undefined) throw new RangeError(`unknown hash ${String(name)}; use SHA-1, SHA-224, SHA-256, SHA-384 or SHA-512`);
  return h;
}

/** @internal checks a password argument. */
export function _checkPassword(password: unknown): string {
  if (typeof password !== 'string') throw new TypeError('the password must be a string');
  return password;
}

/** @internal UTF-8 bytes of the password: the PBKDF2/scrypt input (RFC 8018 §3 leaves the encoding to the application; OpenSSL and Java use UTF-8). */
export function _utf8Password(password: string): Uint8Array {
  if (/[\uD800-\uDFFF]/.test(password.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))) {
    throw new RangeError('the password contains a lone surrogate, which has no UTF-8 encoding');
  }
  return new TextEncoder().encode(password);
}

/**
 * @internal The PKCS#12 KDF's password: RFC 7292 Appendix B.1, a BMPString (UTF-16 big-endian)
 * with a two-byte NUL terminator. Characters outside the BMP become surrogate pairs, as OpenSSL
 * (`OPENSSL_utf82uni`) and Java write them. The empty password is the terminator alone.
 */
export function _bmpPassword(password: string): Uint8Array {
  const out = new Uint8Array(password.length * 2 + 2);
  for (let i = 0; i < password.length; i++) {
    const c = password.charCodeAt(i);
    out[2 * i] = c >> 8;
    out[2 * i + 1] = c & 0xff;
  }
  return out;
}

/** @internal `n` bytes from `globalThis.crypto.getRandomValues`. */
export function _random(n: number): Uint8Array {
  const c = globalThis.crypto;
  if (c === undefined || typeof c.getRandomValues !== 'function') {
    throw new Pkcs12Error('unsupported-algorithm', 'salts and IVs need globalThis.crypto.getRandomValues');
  }
  return c.getRandomValues(new Uint8Array(n));
}

/** @internal PKCS#7 padding (RFC 8018 §6.1.1 step 4, RFC 5652 §6.3) to a multiple of `block`. */
export function _pad(data: Uint8Array, block: number): Uint8Array {
  const n = block - (data.length % block);
  const out = new Uint8Array(data.length + n);
  out.set(data);
  out.fill(n, data.length);
  return out;
}

/**
 * @internal Removes PKCS#7 padding, or returns `undefined` when it is not valid padding (the
 * caller turns that into `wrong-password`). Looks at every padding byte without early exit.
 */
export function _unpad(data: Uint8Array, block: number): Uint8Array | undefined {
  if (data.length === 0 || data.length % block !== 0) return undefined;
  const n = data[data.length - 1]!;
  if (n === 0 || n > block) return undefined;
  let bad = 0;
  for (let i = data.length - n; i < data.length; i++) bad |= data[i]! ^ n;
  return bad === 0 ? data.subarray(0, data.length - n) : undefined;
}

/** @internal constant-time equality (for MACs). */
export function _timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}

/** @internal An AlgorithmIdentifier as read: OID, the parameters element (if any), and where it was. */
export interface _AlgId {
  oid: string;
  params: Tlv | undefined;
  offset: number;
  /** A reader over `params` (same buffer, so offsets stay absolute), or `undefined`. */
  reader(): DerReader | undefined;
}

/**
 * @internal Reads `AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL }`
 * (RFC 5280 §4.1.1.2) from `r`.
 */
export function _readAlgId(r: DerReader, what: string): _AlgId {
  const offset = r.pos;
  const a = r.enter(Tag.SEQUENCE, what);
  const oid = a.readOid(`${what}.algorithm`);
  const params = a.atEnd ? undefined : a.readTlv();
  a.finish(what);
  return { oid, params, offset, reader: () => (params === undefined ? undefined : new DerReader(params.buf, {}, params.offset, params.end, r.depth + 2)) };
}

/** @internal A small integer field that must be in 1..max (iteration counts, key lengths). */
export function _readCount(r: DerReader, what: string, max: number, code: 'invalid-parameters' | 'too-expensive' = 'too-expensive'): number {
  const at = r.pos;
  const v = r.readInteger(Tag.INTEGER, what);
  if (v < 1n) throw new Pkcs12Error('invalid-parameters', `${what} must be at least 1, found ${v}`, { offset: at });
  if (v > BigInt(max)) throw new Pkcs12Error(code, `${what} ${v} is above the limit of ${max}`, { offset: at });
  return Number(v);
}
