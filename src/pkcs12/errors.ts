/**
 * Typed errors of the PKCS#12 / encrypted PKCS#8 layer.
 *
 * Scope: the `Pkcs12Error` class and its codes, raised when decrypting an
 * `EncryptedPrivateKeyInfo` (RFC 5958 §3), reading or writing a PFX (RFC 7292), or checking the
 * password-based parameters (RFC 8018). Structural DER faults keep their `DerError` code (with a
 * path); key and certificate faults keep theirs (`KeyError`, `CertificateError`).
 * Non-goals: errors of the keys or x509 layers.
 * @module
 */
import { CertkitError, type ErrorLocation } from '../der/index';

/** Codes a {@link Pkcs12Error} can carry. */
export type Pkcs12ErrorCode =
  | 'wrong-password' // decryption gave bad padding or bytes that are not the expected structure
  | 'mac-mismatch' // RFC 7292 §5.1: the PFX MAC does not verify (wrong password or modified file)
  | 'missing-mac' // a PFX without MacData: nothing authenticates it (opt in with allowMissingMac)
  | 'unsupported-algorithm' // an encryption scheme, KDF, PRF, cipher or MAC certkit does not implement
  | 'legacy-cipher-unavailable' // 3DES/RC2 is needed and no LegacyCipher was supplied
  | 'invalid-parameters' // algorithm parameters outside their allowed values (IV size, key length, zero iterations)
  | 'too-expensive' // iteration count or scrypt cost above the caller's limit (a hostile file could burn CPU/memory)
  | 'unsupported-bag' // RFC 7292 §4.2: a SafeBag type certkit does not read (unknown, CRL, secret, SDSI cert)
  | 'unsupported-content' // RFC 7292 §4.1: a ContentInfo type other than data/encryptedData (public-key modes)
  | 'malformed' // the structure breaks RFC 7292/5958 beyond DER (wrong version, wrong content type)
  | 'key-certificate-mismatch' // createPkcs12: the private key is not the certificate's key
  | 'nothing-to-store'; // createPkcs12: neither a key nor a certificate was given

/**
 * An error in a PKCS#12 file or an encrypted private key: wrong password, failed MAC, unsupported
 * algorithm or bag, hostile parameters.
 *
 * @example
 * ```ts
 * try { await parsePkcs12(bytes, password) } catch (e) {
 *   if (e instanceof Pkcs12Error && e.code === 'mac-mismatch') console.log('wrong password?')
 * }
 * ```
 */
export class Pkcs12Error extends CertkitError {
  declare readonly code: Pkcs12ErrorCode;
  /** The algorithm or bag OID the error is about, when there is one. */
  readonly oid: string | undefined;
  constructor(code: Pkcs12ErrorCode, message: string, location: ErrorLocation & { oid?: string } = {}) {
    super(code, message, location);
    this.name = 'Pkcs12Error';
    this.oid = location.oid;
  }
}
