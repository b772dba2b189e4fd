/**
 * Formatting a certkit codec's value: the table from extension OID to OpenSSL-style formatter.
 *
 * Scope: {@link formatExtensionValue} and {@link formatExtension} (the `openssl x509 -text`
 * lines of one extension). Kept apart from the codecs so that parsing bundles no formatter.
 * Non-goals: decoding, encoding, the certificate's text (`x509/format.ts`).
 * @module
 */
import { oidName } from '../../oid/index';
import { _pick, type ExtensionCodec } from './_common';
import type { Extension } from './index';
import { _codecOf } from './registry';
import { formatAuthorityInfoAccess } from './authority-info-access';
import { formatAuthorityKeyIdentifier } from './authority-key-identifier';
import { formatBasicConstraints } from './basic-constraints';
import { formatCertificateIssuer } from './certificate-issuer';
import { formatCertificatePolicies } from './certificate-policies';
import { formatCrlDistributionPoints } from './crl-distribution-points';
import { formatCrlNumber } from './crl-number';
import { formatDeltaCrlIndicator } from './delta-crl-indicator';
import { formatExtKeyUsage } from './ext-key-usage';
import { formatFreshestCrl } from './freshest-crl';
import { formatHoldInstructionCode } from './hold-instruction-code';
import { formatInhibitAnyPolicy } from './inhibit-any-policy';
import { formatInvalidityDate } from './invalidity-date';
import { formatIssuerAltName } from './issuer-alt-name';
import { formatIssuingDistributionPoint } from './issuing-distribution-point';
import { formatKeyUsage } from './key-usage';
import { formatNameConstraints } from './name-constraints';
import { formatOcspNoCheck } from './ocsp-no-check';
import { formatPolicyConstraints } from './policy-constraints';
import { formatPolicyMappings } from './policy-mappings';
import { formatPrivateKeyUsagePeriod } from './private-key-usage-period';
import { formatReasonCode } from './reason-code';
import { formatSignedCertificateTimestamps } from './signed-certificate-timestamps';
import { formatSubjectAltName } from './subject-alt-name';
import { formatSubjectInfoAccess } from './subject-info-access';
import { formatSubjectKeyIdentifier } from './subject-key-identifier';
import { formatTlsFeature } from './tls-feature';
type _Formatter = (value: never) => string[];
let _table: Readonly<Record<string, _Formatter>> | undefined;

/** certkit's formatter of the extension with this OID, found through its codec's name. */
function _formatterOf(oid: string): _Formatter | undefined {
  const name = _codecOf(oid)?.name;
  if (name === undefined) return undefined;
  _table ??= {
    authorityInfoAccess: formatAuthorityInfoAccess,
    authorityKeyIdentifier: formatAuthorityKeyIdentifier,
    basicConstraints: formatBasicConstraints,
    certificateIssuer: formatCertificateIssuer,
    certificatePolicies: formatCertificatePolicies,
    cRLDistributionPoints: formatCrlDistributionPoints,
    cRLNumber: formatCrlNumber,
    deltaCRLIndicator: formatDeltaCrlIndicator,
    extKeyUsage: formatExtKeyUsage,
    freshestCRL: formatFreshestCrl,
    holdInstructionCode: formatHoldInstructionCode,
    inhibitAnyPolicy: formatInhibitAnyPolicy,
    invalidityDate: formatInvalidityDate,
    issuerAltName: formatIssuerAltName,
    issuingDistributionPoint: formatIssuingDistributionPoint,
    keyUsage: formatKeyUsage,
    nameConstraints: formatNameConstraints,
    ocspNoCheck: formatOcspNoCheck,
    policyConstraints: formatPolicyConstraints,
    policyMappings: formatPolicyMappings,
    privateKeyUsagePeriod: formatPrivateKeyUsagePeriod,
    reasonCode: formatReasonCode,
    signedCertificateTimestampList: formatSignedCertificateTimestamps,
    subjectAltName: formatSubjectAltName,
    subjectInfoAccess: formatSubjectInfoAccess,
    subjectKeyIdentifier: formatSubjectKeyIdentifier,
    tlsFeature: formatTlsFeature,
  };
  return _table[name];
}

/**
 * A decoded value as `openssl x509 -text` prints the extension's body: the codec's own `format`
 * when it has one (a codec of your own), else certkit's formatter for that extension.
 * @throws TypeError for a codec with no formatter.
 * @example
 * ```ts
 * formatExtensionValue(basicConstraintsCodec, { cA: true, pathLenConstraint: 0 }) // ['CA:TRUE, pathlen:0']
 * ```
 */
export function formatExtensionValue<T>(codec: ExtensionCodec<T>, value: T): string[] {
  return _pick(codec, codec?.format, _formatterOf, 'formatExtensionValue', 'formatter')(value as never);
}

/**
 * An extension as `openssl x509 -text` prints it: a heading (`X509v3 Basic Constraints:
 * critical`) and the body lines, without indentation. Unknown extensions (and bodies that do
 * not decode) are shown as hex, as OpenSSL does for extensions it does not know.
 * @example
 * ```ts
 * formatExtension(ext) // ['X509v3 Basic Constraints: critical', 'CA:TRUE']
 * ```
 */
export function formatExtension(ext: Extension): string[] {
  const codec = _codecOf(ext.oid);
  const heading = `${codec?.title ?? oidName(ext.oid) ?? ext.oid}:${ext.critical ? ' critical' : ''}`;
  if (codec !== undefined) {
    try {
      return [heading, ...formatExtensionValue(codec, codec.decode(ext.value, 0, true))];
    } catch (e) {
      if (!(e instanceof Error)) throw e;
    }
  }
  const lines: string[] = [];
  for (let i = 0; i < ext.value.length; i += 16) {
    lines.push(Array.from(ext.value.subarray(i, i + 16), (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':'));
  }
  return [heading, ...lines];
}
