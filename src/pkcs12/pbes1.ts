/**
 * The PKCS#12 password-based encryption schemes (RFC 7292 Appendix C): `pbeWithSHAAnd3-KeyTripleDES-CBC`,
 * `pbeWithSHAAnd2-KeyTripleDES-CBC`, `pbeWithSHAAnd128BitRC2-CBC` and `pbewithSHAAnd40BitRC2-CBC`,
 * used by OpenSSL `-legacy`, older Windows and Java, and `openssl pkcs8 -v1 PBE-SHA1-3DES`.
 *
 * Scope: reading `pkcs-12PbeParams`, deriving key and IV with the PKCS#12 KDF over SHA-1 (the
 * password as a NUL-terminated BMPString), padding, and calling the caller's
 * {@link LegacyCipher} for the raw CBC step — certkit has no DES or RC2 of its own (see
 * `legacy-cipher.ts`).
 * Non-goals: the RC4 variants (stream ciphers nobody should read keys from), PKCS#5 v1.5 PBES1
 * (single DES with MD5/SHA-1: 56-bit keys).
 * @module
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { type DerWriter, Tag } from '../der/index';
import { _pkcs12Kdf } from './pkcs12-kdf';
import { _bmpPassword, _pad, _readCount, _unpad, type _AlgId } from './_util';
import { Pkcs12Error } from './errors';
import type { LegacyCipher, LegacyCipherRequest } from './legacy-cipher';
import type { _Limits } from './pbes2';
import { PBE_OID } from './oids';

/** The legacy PKCS#12 schemes certkit can write (through a {@link LegacyCipher}). */
export type Pkcs12PbeCipher = '3des' | 'rc2-40' | 'rc2-128';

/** @internal parameters of one PKCS#12 PBE. */
export interface _Pkcs12PbeParams {
  cipher: Pkcs12PbeCipher | '2key-3des';
  salt: Uint8Array;
  iterations: number;
}

const _SCHEMES: Record<string, _Pkcs12PbeParams['cipher']> = {
  [PBE_OID.pbeWithSHAAnd3KeyTripleDESCBC]: '3des',
  [PBE_OID.pbeWithSHAAnd2KeyTripleDESCBC]: '2key-3des',
  [PBE_OID.pbeWithSHAAnd128BitRC2CBC]: 'rc2-128',
  [PBE_OID.pbewithSHAAnd40BitRC2CBC]: 'rc2-40',
};

/** @internal whether `oid` is one of the PKCS#12 PBE schemes certkit handles. */
export function _isPkcs12Pbe(oid: string): boolean {
  return _SCHEMES[oid] !== undefined;
}

/**
 * ```asn1
 * pkcs-12PbeParams ::= SEQUENCE { salt OCTET STRING, iterations INTEGER }  -- RFC 7292 Appendix C
 * ```
 * @internal
 */
export function _readPkcs12PbeParams(alg: _AlgId, limits: _Limits): _Pkcs12PbeParams {
  const cipher = _SCHEMES[alg.oid]!;
  const pr = alg.reader();
  if (pr === undefined) throw new Pkcs12Error('invalid-parameters', 'pkcs-12PbeParams are missing', { offset: alg.offset, oid: alg.oid });
  const r = pr.enter(Tag.SEQUENCE, 'pkcs-12PbeParams');
  pr.finish('pkcs-12PbeParams');
  const salt = r.readOctetString(Tag.OCTET_STRING, 'salt');
  const iterations = _readCount(r, 'iterations', limits.maxIterations);
  r.finish('pkcs-12PbeParams');
  return { cipher, salt, iterations };
}

/** @internal writes the AlgorithmIdentifier. */
export function _writePkcs12PbeAlgId(w: DerWriter, p: _Pkcs12PbeParams): void {
  const oid = Object.keys(_SCHEMES).find((k) => _SCHEMES[k] === p.cipher)!;
  w.sequence((w) => w.oid(oid).sequence((w) => w.octetString(p.salt).integer(p.iterations)));
}

function _keyLength(c: _Pkcs12PbeParams['cipher']): number {
  return c === '3des' ? 24 : c === '2key-3des' || c === 'rc2-128' ? 16 : 5;
}

async function _request(p: _Pkcs12PbeParams, password: string, data: Uint8Array): Promise<LegacyCipherRequest> {
  const pw = _bmpPassword(password);
  // RFC 7292 Appendix B.3: purpose 1 gives key material, purpose 2 the IV; the hash is SHA-1 (Appendix C).
  let key = await _pkcs12Kdf(sha1, pw, p.salt, 1, p.iterations, _keyLength(p.cipher));
  const iv = await _pkcs12Kdf(sha1, pw, p.salt, 2, p.iterations, 8);
  if (p.cipher === '2key-3des') key = new Uint8Array([...key, ...key.subarray(0, 8)]); // K1 K2 K1
  if (p.cipher === 'rc2-40' || p.cipher === 'rc2-128') {
    return { cipher: 'rc2-cbc', key, iv, data, effectiveKeyBits: p.cipher === 'rc2-40' ? 40 : 128 };
  }
  return { cipher: 'des-ede3-cbc', key, iv, data };
}

function _need(p: _Pkcs12PbeParams, legacy: LegacyCipher | undefined, op: 'decrypt' | 'encrypt'): LegacyCipher {
  if (legacy === undefined || (op === 'encrypt' && typeof legacy.encrypt !== 'function')) {
    throw new Pkcs12Error(
      'legacy-cipher-unavailable',
      `${_describePkcs12Pbe(p)} uses ${p.cipher.includes('rc2') ? 'RC2' : 'Triple-DES'}, which certkit does not implement: pass a legacyCipher (see LegacyCipher) or convert the file with openssl (openssl pkcs12 -legacy -in old.p12 -nodes | openssl pkcs12 -export)`,
    );
  }
  return legacy;
}

/** @internal decrypts; `undefined` for bad padding. */
export async function _pkcs12PbeDecrypt(p: _Pkcs12PbeParams, password: string, data: Uint8Array, legacy: LegacyCipher | undefined): Promise<Uint8Array | undefined> {
  const provider = _need(p, legacy, 'decrypt');
  if (data.length === 0 || data.length % 8 !== 0) return undefined;
  const padded = await provider.decrypt(await _request(p, password, data));
  if (!(padded instanceof Uint8Array) || padded.length !== data.length) throw new TypeError('the LegacyCipher returned the wrong number of bytes');
  return _unpad(padded, 8);
}

/** @internal encrypts through the legacy cipher. */
export async function _pkcs12PbeEncrypt(p: _Pkcs12PbeParams, password: string, plaintext: Uint8Array, legacy: LegacyCipher | undefined): Promise<Uint8Array> {
  const provider = _need(p, legacy, 'encrypt');
  const data = _pad(plaintext, 8);
  const out = await provider.encrypt!(await _request(p, password, data));
  if (!(out instanceof Uint8Array) || out.length !== data.length) throw new TypeError('the LegacyCipher returned the wrong number of bytes');
  return out;
}

/** @internal e.g. `pbeWithSHAAnd3-KeyTripleDES-CBC, 2048 iterations`. */
export function _describePkcs12Pbe(p: _Pkcs12PbeParams): string {
  const name = { '3des': 'pbeWithSHAAnd3-KeyTripleDES-CBC', '2key-3des': 'pbeWithSHAAnd2-KeyTripleDES-CBC', 'rc2-128': 'pbeWithSHAAnd128BitRC2-CBC', 'rc2-40': 'pbewithSHAAnd40BitRC2-CBC' }[p.cipher];
  return `${name}, ${p.iterations} iterations`;
}
