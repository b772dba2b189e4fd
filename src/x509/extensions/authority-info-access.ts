/**
 * authorityInfoAccess (RFC 5280 §4.2.2.1, §5.2.7), and the AccessDescription syntax shared with
 * subjectInfoAccess (§4.2.2.2).
 *
 * Scope: decode, encode, format. Non-goals: fetching issuers or OCSP responses.
 * @module
 */
import { Tag, type DerReader } from '../../der/index';
import { ACCESS_METHOD } from '../../oid/index';
import { parseGeneralName, type GeneralName } from '../general-name';
import { writeGeneralName } from '../general-name-build';
import { formatGeneralName } from '../general-name-format';
import { _decode, _encode, _readList, _writeList, type ExtensionCodec } from './_common';

/**
 * `AccessDescription ::= SEQUENCE { accessMethod OBJECT IDENTIFIER, accessLocation GeneralName }`
 * @example
 * ```ts
 * const ocsp: AccessDescription = { method: ACCESS_METHOD.ocsp, location: uri('http://ocsp.example/') }
 * ```
 */
export interface AccessDescription {
  readonly method: string;
  readonly location: GeneralName;
}

/**
 * The decoded authorityInfoAccess (and subjectInfoAccess).
 * @example
 * ```ts
 * const aia: AuthorityInfoAccess = [{ method: ACCESS_METHOD.caIssuers, location: uri('http://ca.example/ca.crt') }]
 * ```
 */
export type AuthorityInfoAccess = readonly AccessDescription[];

/** Reads `SEQUENCE SIZE (1..MAX) OF AccessDescription`. */
export function _readAccessDescriptions(r: DerReader): AccessDescription[] {
  return _readList(r, 'AccessDescriptions', (s) => {
    const d = s.enter(Tag.SEQUENCE, 'AccessDescription');
    const method = d.readOid('accessMethod');
    const location = parseGeneralName(d, { context: 'other' });
    d.finish('AccessDescription');
    return { method, location };
  });
}

let _methodTitles: Map<string, string> | undefined;

/**
 * Decodes authorityInfoAccess.
 *
 * ```asn1
 * AuthorityInfoAccessSyntax  ::= SEQUENCE SIZE (1..MAX) OF AccessDescription
 * AccessDescription  ::=  SEQUENCE { accessMethod OBJECT IDENTIFIER, accessLocation GeneralName }
 * ```
 * @throws ExtensionError `empty-sequence`; NameError, DerError.
 * @example
 * ```ts
 * decodeAuthorityInfoAccess(der).filter((d) => d.method === ACCESS_METHOD.ocsp)
 * ```
 */
export function decodeAuthorityInfoAccess(value: Uint8Array, offsetBase = 0, lenient = false): AuthorityInfoAccess {
  return _decode(value, offsetBase, lenient, 'authorityInfoAccess', _readAccessDescriptions);
}

/**
 * Encodes authorityInfoAccess.
 * @example
 * ```ts
 * encodeAuthorityInfoAccess([{ method: ACCESS_METHOD.ocsp, location: uri('http://ocsp.example/') }])
 * ```
 */
export function encodeAuthorityInfoAccess(v: AuthorityInfoAccess): Uint8Array {
  return _encode((w) =>
    _writeList(w, v, 'AccessDescriptions', (w, d) =>
      w.sequence((w) => {
        w.oid(d.method);
        writeGeneralName(w, d.location);
      }),
    ),
  );
}

/**
 * OpenSSL's text.
 * @example
 * ```ts
 * formatAuthorityInfoAccess(v) // ['OCSP - URI:http://ocsp.example/']
 * ```
 */
export function formatAuthorityInfoAccess(v: AuthorityInfoAccess): string[] {
  // OpenSSL's lines: `OCSP - URI:http://...`, `CA Issuers - URI:...`.
  _methodTitles ??= new Map([
    [ACCESS_METHOD.ocsp, 'OCSP'],
    [ACCESS_METHOD.caIssuers, 'CA Issuers'],
    [ACCESS_METHOD.timeStamping, 'AD Time Stamping'],
    [ACCESS_METHOD.caRepository, 'CA Repository'],
  ]);
  return v.map((d) => `${_methodTitles!.get(d.method) ?? d.method} - ${formatGeneralName(d.location)}`);
}

/**
 * The authorityInfoAccess codec (MUST be non-critical, §4.2.2.1).
 * @example
 * ```ts
 * authorityInfoAccessCodec.decode(ext.value, ext.valueOffset, false)
 * ```
 */
export const authorityInfoAccessCodec: ExtensionCodec<AuthorityInfoAccess> = {
  // EXTENSION.authorityInfoAccess, written out so a parser bundles no OID table
  oid: '1.3.6.1.5.5.7.1.1',
  name: 'authorityInfoAccess',
  title: 'Authority Information Access',
  defaultCritical: false,
  decode: decodeAuthorityInfoAccess,
};
