/**
 * The hook through which legacy block ciphers (Triple-DES, RC2) are supplied.
 *
 * certkit does not ship DES or RC2: `@noble/ciphers` and WebCrypto have neither, and a block
 * cipher is not something to hand-roll. Old PKCS#12 files (OpenSSL `-legacy`, Windows before
 * 2018, Java before 8u301) and `openssl pkcs8 -v1 PBE-SHA1-3DES` keys need them, so callers who must
 * read or write those forms pass a {@link LegacyCipher}: on Node, the built-in crypto module has
 * `des-ede3-cbc` (RC2 only with OpenSSL's legacy provider loaded). certkit derives the keys and
 * IVs (PKCS#12 KDF, PBKDF2), adds and checks the padding, and asks the hook for raw CBC only.
 *
 * Non-goals: any cipher implementation.
 * @module
 */

/** The legacy ciphers a {@link LegacyCipher} may be asked for, all in CBC mode with 8-byte blocks. */
export type LegacyCipherName = 'des-ede3-cbc' | 'rc2-cbc';

/** What one call asks for. */
export interface LegacyCipherRequest {
  /** The cipher, always CBC mode. */
  cipher: LegacyCipherName;
  /** The key: 24 bytes for `des-ede3-cbc` (2-key 3DES arrives expanded as K1‖K2‖K1), 5 or 16 for RC2. */
  key: Uint8Array;
  /** For RC2: the effective key bits (RFC 2268 §2), 40 or 128. */
  effectiveKeyBits?: number;
  /** The 8-byte IV. */
  iv: Uint8Array;
  /** The data: a multiple of 8 bytes. Padding is added and removed by certkit, never by the hook. */
  data: Uint8Array;
}

/**
 * A provider of raw CBC encryption and decryption for the legacy ciphers, with no padding.
 *
 * The certkit CLI ships one for Triple-DES built on the platform's crypto module
 * (`src/cli/legacy-cipher.ts`); any audited implementation of raw CBC fits the same shape.
 *
 * @example
 * ```ts
 * const legacyCipher: LegacyCipher = {
 *   decrypt: ({ cipher, key, iv, data }) => myAuditedCbc.decrypt(cipher, key, iv, data),
 *   encrypt: ({ cipher, key, iv, data }) => myAuditedCbc.encrypt(cipher, key, iv, data),
 * };
 * await parsePkcs12(legacyP12, 'secret', { legacyCipher });
 * ```
 */
export interface LegacyCipher {
  /** CBC-decrypts `data` without removing padding; the result has the same length. */
  decrypt(request: LegacyCipherRequest): Uint8Array | Promise<Uint8Array>;
  /** CBC-encrypts already padded `data`; the result has the same length. Needed only for writing. */
  encrypt?(request: LegacyCipherRequest): Uint8Array | Promise<Uint8Array>;
}
