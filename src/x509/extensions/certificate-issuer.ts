/**
 * certificateIssuer (RFC 5280 §5.3.3): the issuer of the certificate a CRL entry is about, in
 * indirect CRLs (CRL entry extension).
 *
 * Scope: decode, encode, format. Non-goals: indirect CRL processing.
 * @module
 */
import { EXTENSION } from '../../oid/index';
import { formatGeneralName, parseGeneralNames, writeGeneralNames, type GeneralName } from '../general-name';
import { _decode, _encode, type ExtensionCodec } from './_common';

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
export function decodeCertificateIssuer(value: Uint8Array, offsetBase = 0, lenient = false): CertificateIssuer {
  return _decode(value, offsetBase, lenient, 'certificateIssuer', (r) => parseGeneralNames(r, { context: 'other' }));
}

/**
 * Encodes certificateIssuer.
 * @example
 * ```ts
 * encodeCertificateIssuer([dn('CN=Other CA')])
 * ```
 */
export function encodeCertificateIssuer(v: CertificateIssuer): Uint8Array {
  return _encode((w) => writeGeneralNames(w, v));
}

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
  oid: EXTENSION.certificateIssuer, name: 'certificateIssuer', title: 'X509v3 Certificate Issuer', defaultCritical: true, decode: decodeCertificateIssuer,
};
