/**
 * TLS feature (RFC 7633): TLS extensions the server must use; `status_request` (5) is
 * OCSP must-staple.
 *
 * Scope: decode, encode, format. Non-goals: enforcing it in a TLS handshake.
 * @module
 */
import { Tag } from '../../der/index';
import { _checkCount, _decode, _encode, _readList, _writeList, type ExtensionCodec } from './_common';

/**
 * The decoded TLS feature list: TLS extension type numbers.
 * @example
 * ```ts
 * const f: TlsFeature = [MUST_STAPLE]
 * ```
 */
export type TlsFeature = readonly number[];

/**
 * `status_request` (RFC 6066 §8): listing it is OCSP must-staple.
 * @example
 * ```ts
 * encodeTlsFeature([MUST_STAPLE])
 * ```
 */
export const MUST_STAPLE = 5;

/**
 * Decodes the TLS feature extension: `Features ::= SEQUENCE OF INTEGER` (RFC 7633 §6).
 * @throws ExtensionError `empty-sequence`; DerError.
 * @example
 * ```ts
 * decodeTlsFeature(der).includes(MUST_STAPLE)
 * ```
 */
export function decodeTlsFeature(value: Uint8Array, offsetBase = 0, lenient = false): TlsFeature {
  return _decode(value, offsetBase, lenient, 'tlsFeature', (r) => {
    return _readList(r, 'Features', (s) => s.readSmallInteger(Tag.INTEGER, 'TLS extension type'));
  });
}

/**
 * Encodes the TLS feature extension.
 * @example
 * ```ts
 * encodeTlsFeature([MUST_STAPLE])
 * ```
 */
export function encodeTlsFeature(v: TlsFeature): Uint8Array {
  return _encode((w) => _writeList(w, v, 'Features', (w, n) => w.integer(_checkCount(n, 'TLS extension type'))));
}

/**
 * OpenSSL's text: `status_request`, `status_request_v2`, or the number.
 * @example
 * ```ts
 * formatTlsFeature([5]) // ['status_request']
 * ```
 */
export function formatTlsFeature(v: TlsFeature): string[] {
  return [v.map((n) => (n === 5 ? 'status_request' : n === 17 ? 'status_request_v2' : String(n))).join(', ')];
}

/**
 * The TLS feature codec.
 * @example
 * ```ts
 * tlsFeatureCodec.decode(ext.value, ext.valueOffset, false)
 * ```
 */
export const tlsFeatureCodec: ExtensionCodec<TlsFeature> = {
  // EXTENSION.tlsFeature, written out so a parser bundles no OID table
  oid: '1.3.6.1.5.5.7.1.24',
  name: 'tlsFeature',
  title: 'TLS Feature',
  defaultCritical: false,
  decode: decodeTlsFeature,
};
