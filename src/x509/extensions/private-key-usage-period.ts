/**
 * privateKeyUsagePeriod (RFC 3280 §4.2.1.4, kept in RFC 5280's ASN.1 module): when the private
 * key may be used. RFC 5280 deprecates issuing it; it is decoded for old certificates.
 *
 * Scope: decode, encode, format. Non-goals: enforcing it.
 * @module
 */
import { contextTag, decodeGeneralizedTime, formatGeneralizedTime } from '../../der/index';
import { _decode, _encode, _fail, _readSomeOf, type ExtensionCodec } from './_common';

/**
 * The decoded privateKeyUsagePeriod.
 * @example
 * ```ts
 * const p: PrivateKeyUsagePeriod = { notAfter: new Date('2030-01-01T00:00:00Z') }
 * ```
 */
export interface PrivateKeyUsagePeriod {
  readonly notBefore?: Date;
  readonly notAfter?: Date;
}

/**
 * Decodes privateKeyUsagePeriod.
 *
 * ```asn1
 * PrivateKeyUsagePeriod ::= SEQUENCE {
 *      notBefore       [0]     GeneralizedTime OPTIONAL,
 *      notAfter        [1]     GeneralizedTime OPTIONAL }
 * ```
 * @throws ExtensionError `invalid-extension` when both are absent (RFC 3280 §4.2.1.4); DerError.
 * @example
 * ```ts
 * decodePrivateKeyUsagePeriod(der).notAfter
 * ```
 */
export function decodePrivateKeyUsagePeriod(value: Uint8Array, offsetBase = 0, lenient = false): PrivateKeyUsagePeriod {
  return _decode(value, offsetBase, lenient, 'privateKeyUsagePeriod', (r) => {
    return _readSomeOf(
      r,
      'PrivateKeyUsagePeriod',
      (s) => {
        const out: { notBefore?: Date; notAfter?: Date } = {};
        const nb = s.readOptional(contextTag(0));
        if (nb !== undefined) out.notBefore = decodeGeneralizedTime(nb.value, nb.valueOffset);
        const na = s.readOptional(contextTag(1));
        if (na !== undefined) out.notAfter = decodeGeneralizedTime(na.value, na.valueOffset);
        return out;
      },
      'invalid-extension',
      'privateKeyUsagePeriod needs notBefore or notAfter (RFC 3280 §4.2.1.4)',
    );
  });
}

/**
 * Encodes privateKeyUsagePeriod.
 * @example
 * ```ts
 * encodePrivateKeyUsagePeriod({ notAfter: new Date('2030-01-01T00:00:00Z') })
 * ```
 */
export function encodePrivateKeyUsagePeriod(v: PrivateKeyUsagePeriod): Uint8Array {
  if (v.notBefore === undefined && v.notAfter === undefined) _fail('invalid-extension', 'give notBefore or notAfter');
  const te = new TextEncoder();
  return _encode((w) =>
    w.sequence((w) => {
      if (v.notBefore !== undefined) w.element(contextTag(0), te.encode(formatGeneralizedTime(v.notBefore)));
      if (v.notAfter !== undefined) w.element(contextTag(1), te.encode(formatGeneralizedTime(v.notAfter)));
    }),
  );
}

/**
 * Text: `Not Before: <ISO time>, Not After: <ISO time>`.
 * @example
 * ```ts
 * formatPrivateKeyUsagePeriod({ notAfter: new Date(0) })
 * ```
 */
export function formatPrivateKeyUsagePeriod(v: PrivateKeyUsagePeriod): string[] {
  const parts: string[] = [];
  if (v.notBefore !== undefined) parts.push(`Not Before: ${v.notBefore.toISOString()}`);
  if (v.notAfter !== undefined) parts.push(`Not After: ${v.notAfter.toISOString()}`);
  return [parts.join(', ')];
}

/**
 * The privateKeyUsagePeriod codec.
 * @example
 * ```ts
 * privateKeyUsagePeriodCodec.decode(ext.value, ext.valueOffset, false)
 * ```
 */
export const privateKeyUsagePeriodCodec: ExtensionCodec<PrivateKeyUsagePeriod> = {
  // EXTENSION.privateKeyUsagePeriod, written out so a parser bundles no OID table
  oid: '2.5.29.16',
  name: 'privateKeyUsagePeriod',
  title: 'X509v3 Private Key Usage Period',
  defaultCritical: false,
  decode: decodePrivateKeyUsagePeriod,
};
