/**
 * issuerAltName (RFC 5280 §4.2.1.7, §5.2.2): identities of the issuer, encoded as subjectAltName.
 *
 * Scope: decode, encode, format. Non-goals: using it in path building (it is never used for
 * chaining, §4.2.1.7).
 * @module
 */
import { _generalNamesAt, type GeneralName } from '../general-name';
import { _decodeAt, type ExtensionCodec } from './_common';
import { encodeSubjectAltName, formatSubjectAltName } from './subject-alt-name';

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
export function decodeIssuerAltName(value: Uint8Array, offsetBase?: number, lenient?: boolean): IssuerAltName {
  return _decodeAt(value, offsetBase, lenient, 'issuerAltName', (c) => _generalNamesAt(c, 'san', 64));
}

/**
 * Encodes issuerAltName (the subjectAltName encoding).
 * @example
 * ```ts
 * encodeIssuerAltName([email('ca@example.com')])
 * ```
 */
export const encodeIssuerAltName: (v: IssuerAltName) => Uint8Array = encodeSubjectAltName;

/**
 * OpenSSL's text, as for subjectAltName.
 * @example
 * ```ts
 * formatIssuerAltName([uri('http://ca.example/')]) // ['URI:http://ca.example/']
 * ```
 */
export const formatIssuerAltName: (v: IssuerAltName) => string[] = formatSubjectAltName;

/**
 * The issuerAltName codec.
 * @example
 * ```ts
 * issuerAltNameCodec.decode(ext.value, ext.valueOffset, false)
 * ```
 */
export const issuerAltNameCodec: ExtensionCodec<IssuerAltName> = {
  // EXTENSION.issuerAltName, written out so a parser bundles no OID table
  oid: '2.5.29.18',
  name: 'issuerAltName',
  title: 'X509v3 Issuer Alternative Name',
  defaultCritical: false,
  decode: decodeIssuerAltName,
};
