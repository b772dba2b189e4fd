/**
 * PBES2 (RFC 8018 §6.2): a password-based key derivation (PBKDF2, RFC 8018 §5.2, or scrypt,
 * RFC 7914) followed by a CBC cipher — AES-128/192/256 (`@noble/ciphers`) and, through a
 * {@link LegacyCipher}, DES-EDE3-CBC.
 *
 * Scope: reading and writing `PBES2-params`, deriving the key, encrypting and decrypting with
 * PKCS#7 padding checked here. The password is encoded as UTF-8 (RFC 8018 §3 leaves the encoding
 * open; OpenSSL, Java and RFC 9579 §5 use UTF-8, also inside PKCS#12).
 * Non-goals: RC2-CBC and RC5 under PBES2 (never seen in practice), PBKDF2 `otherSource` salts,
 * writing DES-EDE3.
 * @module
 */
import { cbc } from '@noble/ciphers/aes.js';
import { pbkdf2Async } from '@noble/hashes/pbkdf2.js';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { type DerWriter, Tag, type DerReader } from '../der/index';
import { _hashByName, _hashes, _pad, _readAlgId, _readCount, _unpad, _utf8Password, type _AlgId, type PbeHash } from './_util';
import { Pkcs12Error } from './errors';
import type { LegacyCipher } from './legacy-cipher';
import { PBE_OID } from './oids';

/** The PBES2 ciphers certkit writes. */
export type Pbes2Cipher = 'aes-128-cbc' | 'aes-192-cbc' | 'aes-256-cbc';

/** Limits applied to parameters read from a file, so a hostile file cannot burn CPU or memory. */
export interface PbeLimits {
  /**
   * Highest PBKDF2 / PKCS#12 KDF iteration count accepted. Default 2,000,000: 20 times certkit's
   * own default and about 3 s of pure-JavaScript PBKDF2-HMAC-SHA-256 on one core.
   */
  maxIterations?: number;
  /** Highest scrypt memory (128 · r · N bytes) accepted. Default 256 MiB (OpenSSL's own limit is 32 MiB by default). */
  maxScryptMemory?: number;
}

/** @internal the limits with defaults filled in. */
export interface _Limits {
  maxIterations: number;
  maxScryptMemory: number;
}

/** @internal fills in {@link PbeLimits} defaults and checks them. */
export function _limits(l: PbeLimits): _Limits {
  const maxIterations = l.maxIterations ?? 2_000_000;
  const maxScryptMemory = l.maxScryptMemory ?? 256 * 1024 * 1024;
  if (!Number.isSafeInteger(maxIterations) || maxIterations < 1) throw new RangeError('maxIterations must be a positive integer');
  if (!Number.isSafeInteger(maxScryptMemory) || maxScryptMemory < 1024) throw new RangeError('maxScryptMemory must be an integer of at least 1024');
  return { maxIterations, maxScryptMemory };
}

/** @internal PBES2 parameters, as read or as about to be written. */
export interface _Pbes2Params {
  kdf: { kind: 'pbkdf2'; salt: Uint8Array; iterations: number; prf: PbeHash } | { kind: 'scrypt'; salt: Uint8Array; N: number; r: number; p: number };
  cipher: { name: Pbes2Cipher | 'des-ede3-cbc'; keyLength: number; iv: Uint8Array };
}

const _AES: Record<string, Pbes2Cipher> = { [PBE_OID.aes128CbcPad]: 'aes-128-cbc', [PBE_OID.aes192CbcPad]: 'aes-192-cbc', [PBE_OID.aes256CbcPad]: 'aes-256-cbc' };

/** @internal the AES key length of a cipher name. */
export function _aesKeyLength(name: Pbes2Cipher): number {
  switch (name) {
    case 'aes-128-cbc':
      return 16;
    case 'aes-192-cbc':
      return 24;
    case 'aes-256-cbc':
      return 32;
    default:
      throw new RangeError(`unknown cipher ${String(name)}; use aes-128-cbc, aes-192-cbc or aes-256-cbc`);
  }
}

/**
 * Reads `PBES2-params` (RFC 8018 Appendix A.4):
 * ```asn1
 * PBES2-params ::= SEQUENCE {
 *   keyDerivationFunc AlgorithmIdentifier {{PBES2-KDFs}},
 *   encryptionScheme  AlgorithmIdentifier {{PBES2-Encs}} }
 * PBKDF2-params ::= SEQUENCE {
 *   salt CHOICE { specified OCTET STRING, otherSource AlgorithmIdentifier {{PBKDF2-SaltSources}} },
 *   iterationCount INTEGER (1..MAX),
 *   keyLength INTEGER (1..MAX) OPTIONAL,
 *   prf AlgorithmIdentifier {{PBKDF2-PRFs}} DEFAULT algid-hmacWithSHA1 }
 * scrypt-params ::= SEQUENCE {               -- RFC 7914 §7
 *   salt OCTET STRING, costParameter INTEGER (1..MAX), blockSize INTEGER (1..MAX),
 *   parallelizationParameter INTEGER (1..MAX), keyLength INTEGER (1..MAX) OPTIONAL }
 * ```
 * @internal
 */
export function _readPbes2Params(alg: _AlgId, limits: _Limits): _Pbes2Params {
  const pr = alg.reader();
  if (pr === undefined) throw new Pkcs12Error('invalid-parameters', 'PBES2 needs parameters', { offset: alg.offset, oid: alg.oid });
  const r = pr.enter(Tag.SEQUENCE, 'PBES2-params');
  pr.finish('PBES2-params');
  const kdfAlg = _readAlgId(r, 'keyDerivationFunc');
  const encAlg = _readAlgId(r, 'encryptionScheme');
  r.finish('PBES2-params');

  // The cipher first: its key length is what the KDF must produce.
  let cipher: _Pbes2Params['cipher'];
  const aes = _AES[encAlg.oid];
  if (aes !== undefined || encAlg.oid === PBE_OID.desEde3Cbc) {
    const name = aes ?? 'des-ede3-cbc';
    const ivLength = aes !== undefined ? 16 : 8;
    const er = encAlg.reader();
    if (er === undefined) throw new Pkcs12Error('invalid-parameters', `${name} needs an IV parameter`, { offset: encAlg.offset, oid: encAlg.oid });
    const ivAt = er.pos;
    const iv = er.readOctetString(Tag.OCTET_STRING, 'IV');
    er.finish('the IV');
    // RFC 8018 Appendix B.2.5: AES-CBC-Pad's IV is OCTET STRING (SIZE(16)); B.2.2 DES-EDE3: SIZE(8).
    if (iv.length !== ivLength) throw new Pkcs12Error('invalid-parameters', `${name} needs a ${ivLength}-byte IV, found ${iv.length} bytes`, { offset: ivAt });
    cipher = { name, keyLength: aes !== undefined ? _aesKeyLength(aes) : 24, iv };
  } else {
    throw new Pkcs12Error('unsupported-algorithm', `PBES2 encryption scheme ${encAlg.oid} is not supported (AES-128/192/256-CBC and DES-EDE3-CBC are)`, {
      offset: encAlg.offset,
      oid: encAlg.oid,
      path: 'encryptionScheme',
    });
  }

  const kr = kdfAlg.reader();
  if (kr === undefined) throw new Pkcs12Error('invalid-parameters', 'the key derivation function needs parameters', { offset: kdfAlg.offset, oid: kdfAlg.oid });
  const checkKeyLength = (k: DerReader, what: string): void => {
    if (k.atEnd || k.peekTag() !== Tag.INTEGER) return;
    const at = k.pos;
    const keyLength = _readCount(k, `${what} keyLength`, 1024, 'invalid-parameters');
    if (keyLength !== cipher.keyLength) {
      throw new Pkcs12Error('invalid-parameters', `${what} keyLength ${keyLength} does not match ${cipher.name}'s ${cipher.keyLength}-byte key`, { offset: at });
    }
  };
  if (kdfAlg.oid === PBE_OID.pbkdf2) {
    const k = kr.enter(Tag.SEQUENCE, 'PBKDF2-params');
    kr.finish('PBKDF2-params');
    if (k.peekTag() !== Tag.OCTET_STRING) {
      throw new Pkcs12Error('unsupported-algorithm', 'PBKDF2 salts from an otherSource are not supported (RFC 8018 reserves them for future use)', { offset: k.pos });
    }
    const salt = k.readOctetString(Tag.OCTET_STRING, 'salt');
    const iterations = _readCount(k, 'PBKDF2 iterationCount', limits.maxIterations);
    checkKeyLength(k, 'PBKDF2');
    let prf: PbeHash = 'SHA-1'; // DEFAULT algid-hmacWithSHA1
    if (!k.atEnd) {
      const prfAlg = _readAlgId(k, 'prf');
      const h = _hashes().find((x) => x.hmacOid === prfAlg.oid);
      if (h === undefined) throw new Pkcs12Error('unsupported-algorithm', `PBKDF2 PRF ${prfAlg.oid} is not supported (HMAC with SHA-1 or SHA-2 is)`, { offset: prfAlg.offset, oid: prfAlg.oid });
      // RFC 8018 Appendix B.1: the HMAC parameters are NULL (absent is accepted: some writers omit them).
      if (prfAlg.params !== undefined && (prfAlg.params.tag !== Tag.NULL || prfAlg.params.length !== 0)) {
        throw new Pkcs12Error('invalid-parameters', 'the PBKDF2 PRF parameters must be NULL', { offset: prfAlg.params.offset });
      }
      prf = h.name;
    }
    k.finish('PBKDF2-params');
    return { kdf: { kind: 'pbkdf2', salt, iterations, prf }, cipher };
  }
  if (kdfAlg.oid === PBE_OID.scrypt) {
    const k = kr.enter(Tag.SEQUENCE, 'scrypt-params');
    kr.finish('scrypt-params');
    const salt = k.readOctetString(Tag.OCTET_STRING, 'salt');
    const nAt = k.pos;
    const N = _readCount(k, 'scrypt costParameter', 2 ** 30, 'invalid-parameters');
    const r = _readCount(k, 'scrypt blockSize', 1024, 'invalid-parameters');
    const p = _readCount(k, 'scrypt parallelizationParameter', 1024, 'invalid-parameters');
    checkKeyLength(k, 'scrypt');
    k.finish('scrypt-params');
    // RFC 7914 §2: N is a power of two greater than 1.
    if (N < 2 || (N & (N - 1)) !== 0) throw new Pkcs12Error('invalid-parameters', `scrypt N must be a power of two above 1, found ${N}`, { offset: nAt });
    const memory = 128 * r * N;
    if (memory > limits.maxScryptMemory || memory * p > 8 * limits.maxScryptMemory) {
      throw new Pkcs12Error('too-expensive', `scrypt N=${N} r=${r} p=${p} needs more memory/work than the limit of ${limits.maxScryptMemory} bytes`, { offset: nAt });
    }
    return { kdf: { kind: 'scrypt', salt, N, r, p }, cipher };
  }
  throw new Pkcs12Error('unsupported-algorithm', `PBES2 key derivation function ${kdfAlg.oid} is not supported (PBKDF2 and scrypt are)`, {
    offset: kdfAlg.offset,
    oid: kdfAlg.oid,
    path: 'keyDerivationFunc',
  });
}

/** @internal writes the PBES2 AlgorithmIdentifier as OpenSSL 3 does (PRF with NULL parameters, no keyLength). */
export function _writePbes2AlgId(w: DerWriter, p: _Pbes2Params): void {
  w.sequence((w) => {
    w.oid(PBE_OID.pbes2);
    w.sequence((w) => {
      w.sequence((w) => {
        if (p.kdf.kind === 'pbkdf2') {
          const kdf = p.kdf;
          w.oid(PBE_OID.pbkdf2);
          w.sequence((w) => {
            w.octetString(kdf.salt);
            w.integer(kdf.iterations);
            // DER (X.690 §11.5): the DEFAULT hmacWithSHA1 is omitted.
            if (kdf.prf !== 'SHA-1') w.sequence((w) => w.oid(_hashByName(kdf.prf).hmacOid).null());
          });
        } else {
          const kdf = p.kdf;
          w.oid(PBE_OID.scrypt);
          w.sequence((w) => {
            w.octetString(kdf.salt).integer(kdf.N).integer(kdf.r).integer(kdf.p);
            w.integer(p.cipher.keyLength); // OpenSSL writes scrypt's keyLength
          });
        }
      });
      w.sequence((w) => {
        const oid = Object.keys(_AES).find((k) => _AES[k] === p.cipher.name);
        if (oid === undefined) throw new RangeError(`certkit writes PBES2 with AES only, not ${p.cipher.name}`);
        w.oid(oid).octetString(p.cipher.iv);
      });
    });
  });
}

/** @internal derives the PBES2 key. */
async function _deriveKey(p: _Pbes2Params, password: string): Promise<Uint8Array> {
  const pw = _utf8Password(password);
  const dkLen = p.cipher.keyLength;
  if (p.kdf.kind === 'pbkdf2') {
    return pbkdf2Async(_hashByName(p.kdf.prf).noble, pw, p.kdf.salt, { c: p.kdf.iterations, dkLen, asyncTick: 10 });
  }
  return scryptAsync(pw, p.kdf.salt, { N: p.kdf.N, r: p.kdf.r, p: p.kdf.p, dkLen, asyncTick: 10, maxmem: 2 ** 31 });
}

/**
 * @internal Decrypts with PBES2 (RFC 8018 §6.2.2). Returns `undefined` when the padding is not
 * valid (the usual sign of a wrong password); the caller raises the error.
 */
export async function _pbes2Decrypt(p: _Pbes2Params, password: string, data: Uint8Array, legacy: LegacyCipher | undefined): Promise<Uint8Array | undefined> {
  const block = p.cipher.name === 'des-ede3-cbc' ? 8 : 16;
  if (data.length === 0 || data.length % block !== 0) return undefined;
  if (p.cipher.name === 'des-ede3-cbc' && legacy === undefined) {
    throw new Pkcs12Error(
      'legacy-cipher-unavailable',
      'this key is encrypted with PBES2 DES-EDE3-CBC; certkit has no Triple-DES: pass a legacyCipher (see LegacyCipher) or re-encrypt with openssl pkcs8 -topk8 -v2 aes-256-cbc',
      { oid: PBE_OID.desEde3Cbc },
    );
  }
  const key = await _deriveKey(p, password);
  const padded = p.cipher.name === 'des-ede3-cbc' ? await legacy!.decrypt({ cipher: 'des-ede3-cbc', key, iv: p.cipher.iv, data }) : cbc(key, p.cipher.iv, { disablePadding: true }).decrypt(data);
  if (!(padded instanceof Uint8Array) || padded.length !== data.length) throw new TypeError('the LegacyCipher returned the wrong number of bytes');
  return _unpad(padded, block);
}

/** @internal Encrypts with PBES2 AES (RFC 8018 §6.2.1). */
export async function _pbes2Encrypt(p: _Pbes2Params, password: string, plaintext: Uint8Array): Promise<Uint8Array> {
  if (p.cipher.name === 'des-ede3-cbc') throw new RangeError('certkit writes PBES2 with AES only');
  const key = await _deriveKey(p, password);
  return cbc(key, p.cipher.iv, { disablePadding: true }).encrypt(_pad(plaintext, 16));
}

/** @internal A one-line description, e.g. `PBES2 (PBKDF2 HMAC-SHA-256, 2048 iterations; AES-256-CBC)`. */
export function _describePbes2(p: _Pbes2Params): string {
  const kdf = p.kdf.kind === 'pbkdf2' ? `PBKDF2 HMAC-${p.kdf.prf}, ${p.kdf.iterations} iterations` : `scrypt N=${p.kdf.N} r=${p.kdf.r} p=${p.kdf.p}`;
  return `PBES2 (${kdf}; ${p.cipher.name.toUpperCase()})`;
}
