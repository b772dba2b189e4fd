/**
 * inhibitAnyPolicy (RFC 5280 §4.2.1.14): after how many certificates anyPolicy stops matching.
 *
 * Scope: decode, encode, format. Non-goals: policy processing.
 * @module
 */
import { Tag } from '../../der/index';
import { _checkCount, _decode, _encode, type ExtensionCodec } from './_common';

/**
 * The decoded inhibitAnyPolicy: `InhibitAnyPolicy ::= SkipCerts` (INTEGER (0..MAX)).
 * @example
 * ```ts
 * const skip: InhibitAnyPolicy = 0
 * ```
 */
export type InhibitAnyPolicy = number;

/**
 * Decodes inhibitAnyPolicy.
 * @throws DerError (`negative-integer`, ...).
 * @example
 * ```ts
 * decodeInhibitAnyPolicy(Uint8Array.of(2, 1, 0)) // 0
 * ```
 */
export function decodeInhibitAnyPolicy(value: Uint8Array, offsetBase = 0, lenient = false): InhibitAnyPolicy {
  return _decode(value, offsetBase, lenient, 'inhibitAnyPolicy', (r) => r.readSmallInteger(Tag.INTEGER, 'SkipCerts'));
}

/**
 * Encodes inhibitAnyPolicy.
 * @example
 * ```ts
 * encodeInhibitAnyPolicy(0)
 * ```
 */
export function encodeInhibitAnyPolicy(v: InhibitAnyPolicy): Uint8Array {
  return _encode((w) => w.integer(_checkCount(v, 'inhibitAnyPolicy')));
}

/**
 * OpenSSL's text: the number.
 * @example
 * ```ts
 * formatInhibitAnyPolicy(4) // ['4']
 * ```
 */
export function formatInhibitAnyPolicy(v: InhibitAnyPolicy): string[] {
  return [String(v)];
}

/**
 * The inhibitAnyPolicy codec (MUST be critical, §4.2.1.14).
 * @example
 * ```ts
 * inhibitAnyPolicyCodec.decode(ext.value, ext.valueOffset, false)
 * ```
 */
export const inhibitAnyPolicyCodec: ExtensionCodec<InhibitAnyPolicy> = {
  // EXTENSION.inhibitAnyPolicy, written out so a parser bundles no OID table
  oid: '2.5.29.54',
  name: 'inhibitAnyPolicy',
  title: 'X509v3 Inhibit Any Policy',
  defaultCritical: true,
  decode: decodeInhibitAnyPolicy,
};
