/**
 * invalidityDate (RFC 5280 §5.3.2): when the key is known or suspected to have been
 * compromised (CRL entry extension).
 *
 * Scope: decode, encode, format. Non-goals: revocation decisions.
 * @module
 */
import { Tag, decodeGeneralizedTime, formatGeneralizedTime } from '../../der/index';
import { _decode, _encode, type ExtensionCodec } from './_common';

/**
 * The decoded invalidityDate.
 * @example
 * ```ts
 * const d: InvalidityDate = new Date('2026-01-01T00:00:00Z')
 * ```
 */
export type InvalidityDate = Date;

/**
 * Decodes invalidityDate: `InvalidityDate ::= GeneralizedTime` (UTCTime is refused).
 * @throws DerError `unexpected-tag`, `invalid-time`.
 * @example
 * ```ts
 * decodeInvalidityDate(der).toISOString()
 * ```
 */
export function decodeInvalidityDate(value: Uint8Array, offsetBase = 0, lenient = false): InvalidityDate {
  return _decode(value, offsetBase, lenient, 'invalidityDate', (r) => {
    const t = r.read(Tag.GENERALIZED_TIME, 'InvalidityDate (GeneralizedTime)');
    return decodeGeneralizedTime(t.value, t.valueOffset);
  });
}

/**
 * Encodes invalidityDate.
 * @example
 * ```ts
 * encodeInvalidityDate(new Date('2026-01-01T00:00:00Z'))
 * ```
 */
export function encodeInvalidityDate(v: InvalidityDate): Uint8Array {
  if (!(v instanceof Date) || Number.isNaN(v.getTime())) throw new TypeError('invalidityDate must be a valid Date');
  return _encode((w) => w.element(Tag.GENERALIZED_TIME, new TextEncoder().encode(formatGeneralizedTime(v))));
}

/**
 * OpenSSL's text: `Jan  1 00:00:00 2026 GMT`.
 * @example
 * ```ts
 * formatInvalidityDate(new Date(0)) // ['Jan  1 00:00:00 1970 GMT']
 * ```
 */
export function formatInvalidityDate(v: InvalidityDate): string[] {
  return [formatOpenSslTime(v)];
}

/**
 * A time as OpenSSL prints it (`ASN1_TIME_print`): `Mon dd hh:mm:ss yyyy GMT`.
 * @example
 * ```ts
 * formatOpenSslTime(new Date(0)) === 'Jan  1 00:00:00 1970 GMT'
 * ```
 */
export function formatOpenSslTime(d: Date): string {
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()]!;
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${mon} ${String(d.getUTCDate()).padStart(2, ' ')} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${d.getUTCFullYear()} GMT`;
}

/**
 * The invalidityDate codec (non-critical, §5.3.2).
 * @example
 * ```ts
 * invalidityDateCodec.decode(ext.value, ext.valueOffset, false)
 * ```
 */
export const invalidityDateCodec: ExtensionCodec<InvalidityDate> = {
  // EXTENSION.invalidityDate, written out so a parser bundles no OID table
  oid: '2.5.29.24',
  name: 'invalidityDate',
  title: 'Invalidity Date',
  defaultCritical: false,
  decode: decodeInvalidityDate,
};
