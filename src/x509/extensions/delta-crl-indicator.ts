/**
 * deltaCRLIndicator (RFC 5280 §5.2.4): marks a delta CRL and names its base CRL number.
 *
 * Scope: decode, encode, format. Non-goals: delta CRL processing.
 * @module
 */
import { Tag } from '../../der/index';
import { _decode, _encode, type ExtensionCodec } from './_common';
import { _crlNumberContents, _formatCrlNumber, _readCrlNumber } from './crl-number';

/**
 * The decoded deltaCRLIndicator: `BaseCRLNumber ::= CRLNumber`.
 * @example
 * ```ts
 * const base: DeltaCrlIndicator = 41n
 * ```
 */
export type DeltaCrlIndicator = bigint;

/**
 * Decodes deltaCRLIndicator.
 * @throws as {@link decodeCrlNumber}.
 * @example
 * ```ts
 * decodeDeltaCrlIndicator(Uint8Array.of(2, 1, 3)) // 3n
 * ```
 */
export function decodeDeltaCrlIndicator(value: Uint8Array, offsetBase = 0, lenient = false): DeltaCrlIndicator {
  return _decode(value, offsetBase, lenient, 'deltaCRLIndicator', (r) => _readCrlNumber(r, 'BaseCRLNumber'));
}

/**
 * Encodes deltaCRLIndicator.
 * @example
 * ```ts
 * encodeDeltaCrlIndicator(3n)
 * ```
 */
export function encodeDeltaCrlIndicator(v: DeltaCrlIndicator): Uint8Array {
  const c = _crlNumberContents(v, 'BaseCRLNumber');
  return _encode((w) => w.element(Tag.INTEGER, c));
}

/**
 * OpenSSL's text: the number in decimal.
 * @example
 * ```ts
 * formatDeltaCrlIndicator(3n) // ['3']
 * ```
 */
export function formatDeltaCrlIndicator(v: DeltaCrlIndicator): string[] {
  return [_formatCrlNumber(v)];
}

/**
 * The deltaCRLIndicator codec (MUST be critical, §5.2.4).
 * @example
 * ```ts
 * deltaCrlIndicatorCodec.decode(ext.value, ext.valueOffset, false)
 * ```
 */
export const deltaCrlIndicatorCodec: ExtensionCodec<DeltaCrlIndicator> = {
  // EXTENSION.deltaCRLIndicator, written out so a parser bundles no OID table
  oid: '2.5.29.27',
  name: 'deltaCRLIndicator',
  title: 'X509v3 Delta CRL Indicator',
  defaultCritical: true,
  decode: decodeDeltaCrlIndicator,
};
