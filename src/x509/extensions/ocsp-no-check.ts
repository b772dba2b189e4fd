/**
 * OCSP no-check (RFC 6960 §4.2.2.2.1): an OCSP responder certificate whose revocation status
 * is not to be checked.
 *
 * Scope: decode, encode, format. Non-goals: OCSP.
 * @module
 */
import { _decode, _encode, type ExtensionCodec } from './_common';

/**
 * The decoded value: `id-pkix-ocsp-nocheck` has the value NULL.
 * @example
 * ```ts
 * const v: OcspNoCheck = null
 * ```
 */
export type OcspNoCheck = null;

/**
 * Decodes OCSP no-check (`NULL`).
 * @throws DerError `invalid-null`, `unexpected-tag`.
 * @example
 * ```ts
 * decodeOcspNoCheck(Uint8Array.of(5, 0)) // null
 * ```
 */
export function decodeOcspNoCheck(value: Uint8Array, offsetBase = 0, lenient = false): OcspNoCheck {
  return _decode(value, offsetBase, lenient, 'ocspNoCheck', (r) => r.readNull());
}

/**
 * Encodes OCSP no-check (`05 00`).
 * @example
 * ```ts
 * encodeOcspNoCheck(null)
 * ```
 */
export function encodeOcspNoCheck(_v: OcspNoCheck = null): Uint8Array {
  return _encode((w) => w.null());
}

/**
 * OpenSSL prints an empty body.
 * @example
 * ```ts
 * formatOcspNoCheck(null) // ['']
 * ```
 */
export function formatOcspNoCheck(_v: OcspNoCheck): string[] {
  return [''];
}

/**
 * The OCSP no-check codec.
 * @example
 * ```ts
 * ocspNoCheckCodec.decode(ext.value, ext.valueOffset, false)
 * ```
 */
export const ocspNoCheckCodec: ExtensionCodec<OcspNoCheck> = {
  // EXTENSION.ocspNoCheck, written out so a parser bundles no OID table
  oid: '1.3.6.1.5.5.7.48.1.5',
  name: 'ocspNoCheck',
  title: 'OCSP No Check',
  defaultCritical: false,
  decode: decodeOcspNoCheck,
};
