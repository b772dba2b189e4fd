/**
 * issuerAltName (RFC 5280 §4.2.1.7, §5.2.2): identities of the issuer, encoded as subjectAltName.
 *
 * Scope: decode, encode, format. Non-goals: using it in path building (it is never used for
 * chaining, §4.2.1.7).
 * @module
 */
import { _generalNamesAt, type GeneralName } from '../general-name';
import { writeGeneralNames } from '../general-name-build';
import { formatGeneralName } from '../general-name-format';
import { _decodeAt, _encode, type ExtensionCodec } from './_common';

/**
 * The decoded issuerAltName.
 * @example
 * ```ts
 * const ian: IssuerAltName = [email('ca@example.com')]
 * ```
 */
export type IssuerAltName = readonly GeneralName[];

/**
 * Decodes issuerAltName: `IssuerAltName ::= GeneralNames` (the `san` rules apply, §4.2.1.7).
 * @throws NameError, DerError.
 * @example
 * ```ts
 * decodeIssuerAltName(der)
 * ```
 */
export function decodeIssuerAltName(value: Uint8Array, offsetBase = 0, lenient = false): IssuerAltName {
  return _decodeAt(value, offsetBase, lenient, 'issuerAltName', (c) => _generalNamesAt(c, 'san', 64));
}

/**
 * Encodes issuerAltName.
 * @example
 * ```ts
 * encodeIssuerAltName([email('ca@example.com')])
 * ```
 */
export function encodeIssuerAltName(v: IssuerAltName): Uint8Array {
  return _encode((w) => writeGeneralNames(w, v));
}

/**
 * OpenSSL's text.
 * @example
 * ```ts
 * formatIssuerAltName([uri('http://ca.example/')]) // ['URI:http://ca.example/']
 * ```
 */
export function formatIssuerAltName(v: IssuerAltName): string[] {
  return [v.map((n) => formatGeneralName(n)).join(', ')];
}

/**
 * The issuerAltName codec.
 * @example
 * ```ts
 * issuerAltNameCodec.decode(ext.value, ext.valueOffset, false)
 * ```
 */
export const issuerAltNameCodec: ExtensionCodec<IssuerAltName> = { // EXTENSION.issuerAltName, written out so a parser bundles no OID table
  oid: '2.5.29.18', name: 'issuerAltName', title: 'X509v3 Issuer Alternative Name', defaultCritical: false, decode: decodeIssuerAltName,
};
