/**
 * subjectInfoAccess (RFC 5280 §4.2.2.2): where services of the subject are.
 *
 * Scope: decode, encode, format. Non-goals: fetching.
 * @module
 */
import { _decode, type ExtensionCodec } from './_common';
import { _readAccessDescriptions, encodeAuthorityInfoAccess, formatAuthorityInfoAccess, type AccessDescription } from './authority-info-access';

/**
 * The decoded subjectInfoAccess: `SubjectInfoAccessSyntax ::= SEQUENCE SIZE (1..MAX) OF AccessDescription`.
 * @example
 * ```ts
 * const sia: SubjectInfoAccess = [{ method: ACCESS_METHOD.caRepository, location: uri('rsync://repo.example/') }]
 * ```
 */
export type SubjectInfoAccess = readonly AccessDescription[];

/**
 * Decodes subjectInfoAccess.
 * @throws ExtensionError `empty-sequence`; NameError, DerError.
 * @example
 * ```ts
 * decodeSubjectInfoAccess(der)
 * ```
 */
export function decodeSubjectInfoAccess(value: Uint8Array, offsetBase = 0, lenient = false): SubjectInfoAccess {
  return _decode(value, offsetBase, lenient, 'subjectInfoAccess', _readAccessDescriptions);
}

/**
 * Encodes subjectInfoAccess (the authorityInfoAccess syntax).
 * @example
 * ```ts
 * encodeSubjectInfoAccess([{ method: ACCESS_METHOD.caRepository, location: uri('http://repo.example/') }])
 * ```
 */
export const encodeSubjectInfoAccess: (v: SubjectInfoAccess) => Uint8Array = encodeAuthorityInfoAccess;

/**
 * OpenSSL's text, as for authorityInfoAccess.
 * @example
 * ```ts
 * formatSubjectInfoAccess(v) // ['CA Repository - URI:http://repo.example/']
 * ```
 */
export const formatSubjectInfoAccess: (v: SubjectInfoAccess) => string[] = formatAuthorityInfoAccess;

/**
 * The subjectInfoAccess codec (MUST be non-critical, §4.2.2.2).
 * @example
 * ```ts
 * subjectInfoAccessCodec.decode(ext.value, ext.valueOffset, false)
 * ```
 */
export const subjectInfoAccessCodec: ExtensionCodec<SubjectInfoAccess> = {
  // EXTENSION.subjectInfoAccess, written out so a parser bundles no OID table
  oid: '1.3.6.1.5.5.7.1.11',
  name: 'subjectInfoAccess',
  title: 'Subject Information Access',
  defaultCritical: false,
  decode: decodeSubjectInfoAccess,
};
