/**
 * Encrypted PKCS#8 (`EncryptedPrivateKeyInfo`, RFC 5958 §3; PEM label `ENCRYPTED PRIVATE KEY`,
 * RFC 7468 §11): encrypt a private key with a password, and decrypt one.
 *
 * Scope: writing PBES2 (PBKDF2 or scrypt, AES-CBC); reading PBES2 (PBKDF2 with HMAC-SHA-1/2,
 * scrypt; AES-CBC, DES-EDE3-CBC through a {@link LegacyCipher}) and the PKCS#12 schemes of
 * RFC 7292 Appendix C (`openssl pkcs8 -v1 PBE-SHA1-3DES`, through a {@link LegacyCipher}).
 * A wrong password is reported as `wrong-password` whether it shows as bad padding or as bytes
 * that are not a PrivateKeyInfo.
 * Non-goals: PKCS#5 v1.5 PBES1 (single DES), OpenSSL's traditional `Proc-Type: 4,ENCRYPTED` PEM.
 * @module
 */
import { DerError, DerReader, DerWriter, Tag } from '../der/index';
import { importPrivateKey, PrivateKey } from '../keys/index';
import { encodePem, toDer } from '../pem/index';
import { _checkPassword, _readAlgId } from './_util';
import { Pkcs12Error } from './errors';
import type { LegacyCipher } from './legacy-cipher';
import { _decrypt, _describeScheme, _encrypt, _pbes2FromOptions, _readScheme, _writeScheme, type _Scheme, type PbeOptions } from './pbe';
import { _limits, type PbeLimits } from './pbes2';

/** Options of {@link encryptPrivateKey}. */
export interface EncryptPrivateKeyOptions extends PbeOptions {
  /** `der` (default) returns bytes; `pem` returns `-----BEGIN ENCRYPTED PRIVATE KEY-----` text. */
  format?: 'der' | 'pem';
}

/** Options of {@link decryptPrivateKey} and {@link decryptPrivateKeyInfo}. */
export interface DecryptPrivateKeyOptions extends PbeLimits {
  /** Triple-DES for `PBE-SHA1-3DES` and PBES2 `des3` keys (certkit has none of its own). */
  legacyCipher?: LegacyCipher;
}

/** What {@link decryptPrivateKeyInfo} returns. */
export interface DecryptedPrivateKeyInfo {
  /** The PKCS#8 `PrivateKeyInfo` / `OneAsymmetricKey` DER (secret). */
  pkcs8: Uint8Array;
  /** How it was protected, e.g. `PBES2 (PBKDF2 HMAC-SHA-256, 2048 iterations; AES-256-CBC)`. */
  encryption: string;
}

const LABEL = 'ENCRYPTED PRIVATE KEY';

/**
 * Encrypts a private key as an `EncryptedPrivateKeyInfo` (RFC 5958 §3) with PBES2.
 *
 * Defaults (see {@link PbeOptions}): PBKDF2-HMAC-SHA-256, 100,000 iterations, AES-256-CBC. The
 * password is used as UTF-8.
 *
 * @param key a {@link PrivateKey} or PKCS#8 DER
 * @throws TypeError for a wrong argument type; RangeError for bad options.
 * @example
 * ```ts
 * const pem = await encryptPrivateKey(key, 'correct horse', { format: 'pem' });
 * // openssl pkey -in key.pem -passin pass:'correct horse'
 * ```
 */
export async function encryptPrivateKey(key: PrivateKey | Uint8Array, password: string, options: EncryptPrivateKeyOptions & { format: 'pem' }): Promise<string>;
export async function encryptPrivateKey(key: PrivateKey | Uint8Array, password: string, options?: EncryptPrivateKeyOptions & { format?: 'der' }): Promise<Uint8Array>;
export async function encryptPrivateKey(key: PrivateKey | Uint8Array, password: string, options?: EncryptPrivateKeyOptions): Promise<Uint8Array | string>;
export async function encryptPrivateKey(key: PrivateKey | Uint8Array, password: string, options: EncryptPrivateKeyOptions = {}): Promise<Uint8Array | string> {
  const pkcs8 = _pkcs8Of(key);
  _checkPassword(password);
  const format = options.format ?? 'der';
  if (format !== 'der' && format !== 'pem') throw new RangeError(`format must be der or pem, got ${String(format)}`);
  const scheme: _Scheme = { kind: 'pbes2', params: _pbes2FromOptions(options, 1000) };
  const der = await _encryptedPrivateKeyInfo(scheme, password, pkcs8, undefined);
  return format === 'pem' ? encodePem(LABEL, der) : der;
}

/** @internal PKCS#8 DER of a key argument (a PrivateKey, or DER checked to be a PrivateKeyInfo). */
export function _pkcs8Of(key: PrivateKey | Uint8Array): Uint8Array {
  if (key instanceof PrivateKey) return key.toPkcs8();
  if (key instanceof Uint8Array) {
    _checkPrivateKeyInfo(key); // throws DerError for something else
    return key;
  }
  throw new TypeError('expected a PrivateKey or PKCS#8 DER bytes');
}

/**
 * ```asn1
 * EncryptedPrivateKeyInfo ::= SEQUENCE {
 *   encryptionAlgorithm  EncryptionAlgorithmIdentifier,
 *   encryptedData        EncryptedData }                -- OCTET STRING
 * ```
 * @internal
 */
export async function _encryptedPrivateKeyInfo(scheme: _Scheme, password: string, pkcs8: Uint8Array, legacy: LegacyCipher | undefined): Promise<Uint8Array> {
  const ct = await _encrypt(scheme, password, pkcs8, legacy);
  const w = new DerWriter();
  w.sequence((w) => {
    w.raw(_schemeAlgId(scheme));
    w.octetString(ct);
  });
  return w.finish();
}

/** @internal the encoded AlgorithmIdentifier of a scheme. */
export function _schemeAlgId(scheme: _Scheme): Uint8Array {
  const w = new DerWriter();
  _writeScheme(w, scheme);
  return w.finish();
}

/**
 * Checks that decrypted bytes look like a `PrivateKeyInfo`: SEQUENCE { INTEGER, SEQUENCE, OCTET STRING, ... }.
 * @internal
 */
function _checkPrivateKeyInfo(der: Uint8Array): void {
  const top = new DerReader(der);
  const r = top.enter(Tag.SEQUENCE, 'PrivateKeyInfo');
  top.finish('PrivateKeyInfo');
  r.readInteger(Tag.INTEGER, 'version');
  r.read(Tag.SEQUENCE, 'privateKeyAlgorithm');
  r.read(Tag.OCTET_STRING, 'privateKey');
}

/**
 * @internal Decrypts an `EncryptedPrivateKeyInfo` read from `r` (the shrouded key bag shares this).
 * Bytes that decrypt with valid padding but are not a PrivateKeyInfo also mean `wrong-password`
 * (valid padding by chance happens about once in 256 wrong passwords).
 */
export async function _decryptEpki(r: DerReader, password: string, options: DecryptPrivateKeyOptions): Promise<DecryptedPrivateKeyInfo> {
  const limits = _limits(options);
  const start = r.pos;
  const body = r.enter(Tag.SEQUENCE, 'EncryptedPrivateKeyInfo');
  const alg = _readAlgId(body, 'encryptionAlgorithm');
  const scheme = _readScheme(alg, limits);
  const dataAt = body.pos;
  const data = body.readOctetString(Tag.OCTET_STRING, 'encryptedData');
  body.finish('EncryptedPrivateKeyInfo');
  const pkcs8 = await _decrypt(scheme, password, data, options.legacyCipher, 'the private key', dataAt);
  try {
    _checkPrivateKeyInfo(pkcs8);
  } catch (e) {
    if (e instanceof DerError) {
      throw new Pkcs12Error('wrong-password', 'the private key does not decrypt with this password (the result is not a PKCS#8 key)', { offset: start, cause: e });
    }
    throw e;
  }
  return { pkcs8, encryption: _describeScheme(scheme) };
}

/**
 * Decrypts an `EncryptedPrivateKeyInfo` to the PKCS#8 DER inside, without interpreting the key
 * (useful for key types certkit's key layer does not handle).
 *
 * @param input DER bytes, or PEM (`ENCRYPTED PRIVATE KEY`) as a string or bytes
 * @throws Pkcs12Error `wrong-password`, `unsupported-algorithm`, `legacy-cipher-unavailable`,
 * `invalid-parameters`, `too-expensive`; DerError / PemError for malformed input.
 * @example
 * ```ts
 * const { pkcs8, encryption } = await decryptPrivateKeyInfo(pem, 'secret');
 * ```
 */
export async function decryptPrivateKeyInfo(input: Uint8Array | string, password: string, options: DecryptPrivateKeyOptions = {}): Promise<DecryptedPrivateKeyInfo> {
  _checkPassword(password);
  const der = toDer(input, LABEL);
  const r = new DerReader(der);
  const out = await _decryptEpki(r, password, options);
  r.finish('EncryptedPrivateKeyInfo');
  return out;
}

/**
 * Decrypts an `ENCRYPTED PRIVATE KEY` (RFC 5958 §3) to a {@link PrivateKey}.
 *
 * @param input DER bytes, or PEM as a string or bytes
 * @throws Pkcs12Error `wrong-password` (never a padding or parse exception for a wrong password),
 * `unsupported-algorithm`, `legacy-cipher-unavailable`, `invalid-parameters`, `too-expensive`;
 * KeyError when the decrypted key is of a type certkit does not support; DerError / PemError for
 * malformed input.
 * @example
 * ```ts
 * const key = await decryptPrivateKey(readFileSync('key.enc.pem', 'utf8'), 'secret');
 * key.algorithm; // 'ECDSA'
 * ```
 */
export async function decryptPrivateKey(input: Uint8Array | string, password: string, options: DecryptPrivateKeyOptions = {}): Promise<PrivateKey> {
  const { pkcs8 } = await decryptPrivateKeyInfo(input, password, options);
  return importPrivateKey(pkcs8);
}
