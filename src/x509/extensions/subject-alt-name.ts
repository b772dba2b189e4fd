/**
 * subjectAltName (RFC 5280 §4.2.1.6): identities bound to the subject's key.
 *
 * Scope: decode, encode, format. The `san` context rules of `general-name.ts` apply (no empty
 * names, no relative URIs in strict mode). Non-goals: hostname matching (`src/path/`).
 * @module
 */
import { _generalNamesAt, type GeneralName } from '../general-name';
import { writeGeneralNames } from '../general-name-build';
import { formatGeneralName } from '../general-name-format';
import { _decodeAt, _encode, type ExtensionCodec } from './_common';

/**
 * The decoded subjectAltName: its general names in encoded order.
 * @example
 * ```ts
 * const san: SubjectAltName = [dns('example.com'), ip('192.0.2.1')]
 * ```
 */
export type SubjectAltName = readonly GeneralName[];

/**
 * Decodes subjectAltName: `SubjectAltName ::= GeneralNames`.
 * @throws NameError (`invalid-general-name` for an empty list, `empty-general-name`,
 * `invalid-ip-address`, `invalid-uri`); DerError for malformed DER.
 * @example
 * ```ts
 * decodeSubjectAltName(der).filter((n) => n.type === 'dns')
 * ```
 */
export function decodeSubjectAltName(value: Uint8Array, offsetBase?: number, lenient?: boolean): SubjectAltName {
  return _decodeAt(value, offsetBase, lenient, 'subjectAltName', (c) => _generalNamesAt(c, 'san', 64));
}

/**
 * Encodes subjectAltName.
 * @throws RangeError for an empty list or a name its choice cannot hold.
 * @example
 * ```ts
 * encodeSubjectAltName([dns('example.com'), ip('192.0.2.1')])
 * ```
 */
export function encodeSubjectAltName(v: SubjectAltName): Uint8Array {
  return _encode((w) => writeGeneralNames(w, v));
}

/**
 * OpenSSL's text: `DNS:example.com, IP Address:192.0.2.1`.
 * @example
 * ```ts
 * formatSubjectAltName([dns('a.example')]) // ['DNS:a.example']
 * ```
 */
export function formatSubjectAltName(v: SubjectAltName): string[] {
  return [v.map((n) => formatGeneralName(n)).join(', ')];
}

/**
 * The subjectAltName codec (not critical by default; a builder makes it critical when the subject is empty, RFC 5280 §4.2.1.6).
 * @example
 * ```ts
 * subjectAltNameCodec.decode(ext.value, ext.valueOffset, false)
 * ```
 */
export const subjectAltNameCodec: ExtensionCodec<SubjectAltName> = {
  // EXTENSION.subjectAltName, written out so a parser bundles no OID table
  oid: '2.5.29.17',
  name: 'subjectAltName',
  title: 'X509v3 Subject Alternative Name',
  defaultCritical: false,
  decode: decodeSubjectAltName,
};
