/**
 * freshestCRL (RFC 5280 §4.2.1.15, §5.2.6): where delta CRLs are, with the syntax of
 * cRLDistributionPoints.
 *
 * Scope: decode, encode, format. Non-goals: delta CRL processing.
 * @module
 */
import { _decode, type ExtensionCodec } from './_common';
import { _readDistributionPoints, encodeCrlDistributionPoints, formatCrlDistributionPoints, type CrlDistributionPoints } from './crl-distribution-points';

/**
 * The decoded freshestCRL: `FreshestCRL ::= CRLDistributionPoints`.
 * @example
 * ```ts
 * const f: FreshestCrl = [{ distributionPoint: { type: 'fullName', names: [uri('http://crl.example/delta.crl')] } }]
 * ```
 */
export type FreshestCrl = CrlDistributionPoints;

/**
 * Decodes freshestCRL.
 * @throws as {@link decodeCrlDistributionPoints}.
 * @example
 * ```ts
 * decodeFreshestCrl(der)
 * ```
 */
export function decodeFreshestCrl(value: Uint8Array, offsetBase = 0, lenient = false): FreshestCrl {
  return _decode(value, offsetBase, lenient, 'freshestCRL', _readDistributionPoints);
}

/**
 * Encodes freshestCRL (the cRLDistributionPoints syntax).
 * @example
 * ```ts
 * encodeFreshestCrl([{ distributionPoint: { type: 'fullName', names: [uri('http://crl.example/delta.crl')] } }])
 * ```
 */
export const encodeFreshestCrl: (v: FreshestCrl) => Uint8Array = encodeCrlDistributionPoints;

/**
 * OpenSSL's text, as for cRLDistributionPoints.
 * @example
 * ```ts
 * formatFreshestCrl(v)
 * ```
 */
export const formatFreshestCrl: (v: FreshestCrl) => string[] = formatCrlDistributionPoints;

/**
 * The freshestCRL codec (MUST be non-critical, §4.2.1.15).
 * @example
 * ```ts
 * freshestCrlCodec.decode(ext.value, ext.valueOffset, false)
 * ```
 */
export const freshestCrlCodec: ExtensionCodec<FreshestCrl> = {
  // EXTENSION.freshestCRL, written out so a parser bundles no OID table
  oid: '2.5.29.46',
  name: 'freshestCRL',
  title: 'X509v3 Freshest CRL',
  defaultCritical: false,
  decode: decodeFreshestCrl,
};
