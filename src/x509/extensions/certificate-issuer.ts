/**
 * certificateIssuer (RFC 5280 §5.3.3): the issuer of the certificate a CRL entry is about, in
 * indirect CRLs (CRL entry extension).
 *
 * Scope: decode, encode, format. Non-goals: indirect CRL processing.
 * @module
 */
import { _generalNamesAt, type GeneralName } from '../general-name';
import { formatGeneralName } from '../general-name-format';
import { _decodeAt, type ExtensionCodec } from './_common';
import { encodeSubjectAltName } from './subject-alt-name';

/**
 * The decoded certificateIssuer: `CertificateIssuer ::= GeneralNames`.
 * @example
 * ```ts
 * const ci: CertificateIssuer = [dn('CN=Other CA')]
 * ```
 */
export type CertificateIssuer = readonly GeneralName[];

/**
 * Decodes certificateIssuer.
 * @throws NameError, DerError.
 * @example
 * ```ts
 * decodeCertificateIssuer(der)
 * ```
 */
export function decodeCertificateIssuer(value: Uint8Array, offsetBase?: number, lenient?: boolean): CertificateIssuer {
  return _decodeAt(value, offsetBase, lenient, 'certificateIssuer', (c) => _generalNamesAt(c, 'other', 64));
}

/**
 * Encodes certificateIssuer (GeneralNames, as subjectAltName).
 * @example
 * ```ts
 * encodeCertificateIssuer([dn('CN=Other CA')])
 * ```
 */
export const encodeCertificateIssuer: (v: CertificateIssuer) => Uint8Array = encodeSubjectAltName;

/**
 * OpenSSL's text.
 * @example
 * ```ts
 * formatCertificateIssuer([dn('CN=x')]) // ['DirName:/CN=x']
 * ```
 */
export function formatCertificateIssuer(v: CertificateIssuer): string[] {
  return v.map((n) => formatGeneralName(n));
}

/**
 * The certificateIssuer codec (MUST be critical, §5.3.3).
 * @example
 * ```ts
 * certificateIssuerCodec.decode(ext.value, ext.valueOffset, false)
 * ```
 */
export const certificateIssuerCodec: ExtensionCodec<CertificateIssuer> = {
  // EXTENSION.certificateIssuer, written out so a parser bundles no OID table
  oid: '2.5.29.29',
  name: 'certificateIssuer',
  title: 'X509v3 Certificate Issuer',
  defaultCritical: true,
  decode: decodeCertificateIssuer,
};
