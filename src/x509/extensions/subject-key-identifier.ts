/**
 * subjectKeyIdentifier (RFC 5280 §4.2.1.2): an identifier of the subject's public key.
 *
 * Scope: decode, encode, format. Non-goals: computing the identifier from a key (RFC 5280
 * §4.2.1.2 method 1 / RFC 7093; the certificate builder does that).
 * @module
 */
import { Tag } from '../../der/index';
import { _decode, _encode, _hexColon, type ExtensionCodec } from './_common';

/**
 * The decoded subjectKeyIdentifier: the key identifier octets (a view).
 * @example
 * ```ts
 * const ski: SubjectKeyIdentifier = sha1(subjectPublicKey)
 * ```
 */
export type SubjectKeyIdentifier = Uint8Array;

/**
 * Decodes subjectKeyIdentifier: `SubjectKeyIdentifier ::= KeyIdentifier` (OCTET STRING).
 * @throws DerError.
 * @example
 * ```ts
 * toHex(decodeSubjectKeyIdentifier(der))
 * ```
 */
export function decodeSubjectKeyIdentifier(value: Uint8Array, offsetBase = 0, lenient = false): SubjectKeyIdentifier {
  return _decode(value, offsetBase, lenient, 'subjectKeyIdentifier', (r) => r.readOctetString(Tag.OCTET_STRING, 'KeyIdentifier'));
}

/**
 * Encodes subjectKeyIdentifier.
 * @throws RangeError for an empty identifier.
 * @example
 * ```ts
 * encodeSubjectKeyIdentifier(sha1(spki.subjectPublicKey))
 * ```
 */
export function encodeSubjectKeyIdentifier(v: SubjectKeyIdentifier): Uint8Array {
  if (!(v instanceof Uint8Array)) throw new TypeError('subjectKeyIdentifier must be a Uint8Array');
  if (v.length === 0) throw new RangeError('subjectKeyIdentifier must not be empty');
  return _encode((w) => w.octetString(v));
}

/**
 * OpenSSL's text: `AB:CD:...`.
 * @example
 * ```ts
 * formatSubjectKeyIdentifier(Uint8Array.of(1, 2)) // ['01:02']
 * ```
 */
export function formatSubjectKeyIdentifier(v: SubjectKeyIdentifier): string[] {
  return [_hexColon(v)];
}

/**
 * The subjectKeyIdentifier codec.
 * @example
 * ```ts
 * subjectKeyIdentifierCodec.decode(ext.value, ext.valueOffset, false)
 * ```
 */
export const subjectKeyIdentifierCodec: ExtensionCodec<SubjectKeyIdentifier> = {
  // EXTENSION.subjectKeyIdentifier, written out so a parser bundles no OID table
  oid: '2.5.29.14',
  name: 'subjectKeyIdentifier',
  title: 'X509v3 Subject Key Identifier',
  defaultCritical: false,
  decode: decodeSubjectKeyIdentifier,
};
