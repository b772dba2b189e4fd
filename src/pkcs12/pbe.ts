/**
 * Password-based encryption dispatch: given an encryption AlgorithmIdentifier, decrypt with the
 * matching scheme (PBES2, RFC 8018 §6.2; PKCS#12 PBE, RFC 7292 Appendix C), or build the
 * parameters certkit writes.
 *
 * Scope: the choice of scheme, the wrong-password rule (bad padding becomes `wrong-password`,
 * never an exception from a cipher), and human-readable descriptions for `inspect` output.
 * Non-goals: the schemes themselves (`pbes2.ts`, `pbes1.ts`).
 * @module
 */
import type { DerWriter } from '../der/index';
import { _hashByName, _random, type _AlgId, type PbeHash } from './_util';
import { Pkcs12Error } from './errors';
import type { LegacyCipher } from './legacy-cipher';
import { PBE_OID } from './oids';
import { _describePkcs12Pbe, _isPkcs12Pbe, _pkcs12PbeDecrypt, _pkcs12PbeEncrypt, _readPkcs12PbeParams, _writePkcs12PbeAlgId, type _Pkcs12PbeParams, type Pkcs12PbeCipher } from './pbes1';
import { _aesKeyLength, _describePbes2, _pbes2Decrypt, _pbes2Encrypt, _readPbes2Params, _writePbes2AlgId, type _Limits, type _Pbes2Params, type Pbes2Cipher } from './pbes2';

/**
 * How certkit encrypts (PBES2 only for new data, RFC 8018 §6.2).
 *
 * Defaults: PBKDF2 with HMAC-SHA-256, 100,000 iterations, a 16-byte salt, AES-256-CBC. The
 * iteration count is about 50× OpenSSL 3's 2048 and 10× Java 17's 10,000, and costs about 0.15 s
 * in pure JavaScript (noble) on a 2020s laptop core — affordable for each import, expensive for an
 * attacker guessing passwords. OWASP suggests 600,000 for stored password hashes; a delivery
 * password for a key file is a different trade-off, and callers can raise `iterations`.
 */
export interface PbeOptions {
  /** The cipher; default `aes-256-cbc`. */
  cipher?: Pbes2Cipher;
  /** The key derivation function; default `pbkdf2`. */
  kdf?: 'pbkdf2' | 'scrypt';
  /** The PBKDF2 PRF (HMAC with this hash); default `SHA-256`. */
  prf?: PbeHash;
  /** PBKDF2 iterations (RFC 8018 §4.2: at least 1000; certkit requires at least 1000); default 100,000. */
  iterations?: number;
  /** scrypt parameters; default N = 2^15, r = 8, p = 1 (RFC 7914 §2 example, 32 MiB). */
  scrypt?: { N: number; r: number; p: number };
  /** The salt (default 16 random bytes). For reproducible output in tests only. */
  salt?: Uint8Array;
  /** The IV (default 16 random bytes). For reproducible output in tests only. */
  iv?: Uint8Array;
}

/**
 * The default PBKDF2 and PKCS#12 MAC iteration count (see {@link PbeOptions} for why).
 *
 * @example
 * ```ts
 * await encryptPrivateKey(key, pw, { iterations: DEFAULT_ITERATIONS * 6 }); // OWASP's 600,000
 * ```
 */
export const DEFAULT_ITERATIONS = 100_000;

/** @internal checks an iteration count given by the caller. */
export function _checkIterations(n: unknown, what: string, min = 1000): number {
  if (typeof n !== 'number') throw new TypeError(`${what} must be a number`);
  // RFC 8018 §4.2 recommends at least 1000; lower counts are only useful for tests, which pass _unsafe.
  if (!Number.isSafeInteger(n) || n < min || n > 100_000_000) throw new RangeError(`${what} must be an integer in ${min}..100000000, got ${n}`);
  return n;
}

/** @internal PBES2 parameters from options (random salt and IV unless given). */
export function _pbes2FromOptions(o: PbeOptions, minIterations: number): _Pbes2Params {
  if (o === null || typeof o !== 'object') throw new TypeError('options must be an object');
  const name = o.cipher ?? 'aes-256-cbc';
  const keyLength = _aesKeyLength(name);
  const salt = o.salt ?? _random(16);
  const iv = o.iv ?? _random(16);
  if (!(salt instanceof Uint8Array) || salt.length < 8) throw new RangeError('salt must be a Uint8Array of at least 8 bytes (RFC 8018 §4.1)');
  if (!(iv instanceof Uint8Array) || iv.length !== 16) throw new RangeError('iv must be 16 bytes');
  const cipher = { name, keyLength, iv };
  const kdf = o.kdf ?? 'pbkdf2';
  if (kdf === 'scrypt') {
    const { N, r, p } = o.scrypt ?? { N: 2 ** 15, r: 8, p: 1 };
    if (!Number.isSafeInteger(N) || N < 2 || (N & (N - 1)) !== 0 || N > 2 ** 24) throw new RangeError('scrypt N must be a power of two in 2..2^24');
    if (!Number.isSafeInteger(r) || r < 1 || r > 64 || !Number.isSafeInteger(p) || p < 1 || p > 64) throw new RangeError('scrypt r and p must be integers in 1..64');
    return { kdf: { kind: 'scrypt', salt, N, r, p }, cipher };
  }
  if (kdf !== 'pbkdf2') throw new RangeError(`unknown kdf ${String(kdf)}; use pbkdf2 or scrypt`);
  const prf = o.prf ?? 'SHA-256';
  _hashByName(prf);
  const iterations = _checkIterations(o.iterations ?? DEFAULT_ITERATIONS, 'iterations', minIterations);
  return { kdf: { kind: 'pbkdf2', salt, iterations, prf }, cipher };
}

/** @internal a scheme ready to encrypt with. */
export type _Scheme = { kind: 'pbes2'; params: _Pbes2Params } | { kind: 'pkcs12-pbe'; params: _Pkcs12PbeParams };

/** @internal a legacy scheme with a fresh 8-byte salt (OpenSSL's PKCS5_SALT_LEN). */
export function _legacyScheme(cipher: Pkcs12PbeCipher, iterations: number): _Scheme {
  return { kind: 'pkcs12-pbe', params: { cipher, iterations, salt: _random(8) } };
}

/** @internal writes the scheme's AlgorithmIdentifier. */
export function _writeScheme(w: DerWriter, s: _Scheme): void {
  if (s.kind === 'pbes2') _writePbes2AlgId(w, s.params);
  else _writePkcs12PbeAlgId(w, s.params);
}

/** @internal encrypts. */
export function _encrypt(s: _Scheme, password: string, plaintext: Uint8Array, legacy: LegacyCipher | undefined): Promise<Uint8Array> {
  return s.kind === 'pbes2' ? _pbes2Encrypt(s.params, password, plaintext) : _pkcs12PbeEncrypt(s.params, password, plaintext, legacy);
}

/** @internal reads a scheme from its AlgorithmIdentifier. */
export function _readScheme(alg: _AlgId, limits: _Limits): _Scheme {
  if (alg.oid === PBE_OID.pbes2) return { kind: 'pbes2', params: _readPbes2Params(alg, limits) };
  if (_isPkcs12Pbe(alg.oid)) return { kind: 'pkcs12-pbe', params: _readPkcs12PbeParams(alg, limits) };
  const where = { offset: alg.offset, oid: alg.oid };
  switch (alg.oid) {
    case PBE_OID.pbeWithMD2AndDESCBC:
    case PBE_OID.pbeWithMD2AndRC2CBC:
    case PBE_OID.pbeWithMD5AndDESCBC:
    case PBE_OID.pbeWithMD5AndRC2CBC:
    case PBE_OID.pbeWithSHA1AndDESCBC:
    case PBE_OID.pbeWithSHA1AndRC2CBC:
      throw new Pkcs12Error(
        'unsupported-algorithm',
        `PKCS#5 v1.5 PBES1 (${alg.oid}, single DES or RC2 with a 64-bit key) is not supported; re-encrypt with openssl pkcs8 -topk8 -v2 aes-256-cbc`,
        where,
      );
    case PBE_OID.pbeWithSHAAnd128BitRC4:
    case PBE_OID.pbeWithSHAAnd40BitRC4:
      throw new Pkcs12Error('unsupported-algorithm', `the RC4 PKCS#12 scheme ${alg.oid} is not supported`, where);
    default:
      throw new Pkcs12Error('unsupported-algorithm', `encryption algorithm ${alg.oid} is not supported (PBES2 and the PKCS#12 Triple-DES/RC2 schemes are)`, where);
  }
}

/** @internal describes a scheme. */
export function _describeScheme(s: _Scheme): string {
  return s.kind === 'pbes2' ? _describePbes2(s.params) : _describePkcs12Pbe(s.params);
}

/**
 * @internal Decrypts `data` under the scheme; bad padding becomes `wrong-password` (`what` names the
 * encrypted thing in the message).
 */
export async function _decrypt(s: _Scheme, password: string, data: Uint8Array, legacy: LegacyCipher | undefined, what: string, offset: number): Promise<Uint8Array> {
  const out = s.kind === 'pbes2' ? await _pbes2Decrypt(s.params, password, data, legacy) : await _pkcs12PbeDecrypt(s.params, password, data, legacy);
  if (out === undefined) throw new Pkcs12Error('wrong-password', `${what} does not decrypt with this password (wrong password, or the data is corrupted)`, { offset });
  return out;
}
