/**
 * Encoding a certkit codec's value: the table from extension OID to encoder that builders use.
 *
 * Scope: {@link encodeExtensionValue}. Codecs hold only their decoder, so a parse-only bundle
 * carries no DER writer; this table is what a builder (`CertificateBuilder.extension`,
 * `CsrBuilder.extension`, `makeExtension`) brings in instead. Non-goals: decoding, formatting.
 * @module
 */
import { EXTENSION } from '../../oid/index';
import { _pick, type ExtensionCodec } from './_common';
import { encodeAuthorityInfoAccess } from './authority-info-access';
import { encodeAuthorityKeyIdentifier } from './authority-key-identifier';
import { encodeBasicConstraints } from './basic-constraints';
import { encodeCertificateIssuer } from './certificate-issuer';
import { encodeCertificatePolicies } from './certificate-policies';
import { encodeCrlDistributionPoints } from './crl-distribution-points';
import { encodeCrlNumber } from './crl-number';
import { encodeDeltaCrlIndicator } from './delta-crl-indicator';
import { encodeExtKeyUsage } from './ext-key-usage';
import { encodeFreshestCrl } from './freshest-crl';
import { encodeHoldInstructionCode } from './hold-instruction-code';
import { encodeInhibitAnyPolicy } from './inhibit-any-policy';
import { encodeInvalidityDate } from './invalidity-date';
import { encodeIssuerAltName } from './issuer-alt-name';
import { encodeIssuingDistributionPoint } from './issuing-distribution-point';
import { encodeKeyUsage } from './key-usage';
import { encodeNameConstraints } from './name-constraints';
import { encodeOcspNoCheck } from './ocsp-no-check';
import { encodePolicyConstraints } from './policy-constraints';
import { encodePolicyMappings } from './policy-mappings';
import { encodePrivateKeyUsagePeriod } from './private-key-usage-period';
import { encodeReasonCode } from './reason-code';
import { encodeSignedCertificateTimestamps } from './signed-certificate-timestamps';
import { encodeSubjectAltName } from './subject-alt-name';
import { encodeSubjectInfoAccess } from './subject-info-access';
import { encodeSubjectKeyIdentifier } from './subject-key-identifier';
import { encodeTlsFeature } from './tls-feature';
type _Encoder = (value: never) => Uint8Array;
let _table: Map<string, _Encoder> | undefined;

/** The encoder of a certkit extension by OID, or `undefined`. */
function _encoderOf(oid: string): _Encoder | undefined {
  _table ??= new Map<string, _Encoder>([
    [EXTENSION.authorityInfoAccess, encodeAuthorityInfoAccess],
    [EXTENSION.authorityKeyIdentifier, encodeAuthorityKeyIdentifier],
    [EXTENSION.basicConstraints, encodeBasicConstraints],
    [EXTENSION.certificateIssuer, encodeCertificateIssuer],
    [EXTENSION.certificatePolicies, encodeCertificatePolicies],
    [EXTENSION.cRLDistributionPoints, encodeCrlDistributionPoints],
    [EXTENSION.cRLNumber, encodeCrlNumber],
    [EXTENSION.deltaCRLIndicator, encodeDeltaCrlIndicator],
    [EXTENSION.extKeyUsage, encodeExtKeyUsage],
    [EXTENSION.freshestCRL, encodeFreshestCrl],
    [EXTENSION.holdInstructionCode, encodeHoldInstructionCode],
    [EXTENSION.inhibitAnyPolicy, encodeInhibitAnyPolicy],
    [EXTENSION.invalidityDate, encodeInvalidityDate],
    [EXTENSION.issuerAltName, encodeIssuerAltName],
    [EXTENSION.issuingDistributionPoint, encodeIssuingDistributionPoint],
    [EXTENSION.keyUsage, encodeKeyUsage],
    [EXTENSION.nameConstraints, encodeNameConstraints],
    [EXTENSION.ocspNoCheck, encodeOcspNoCheck],
    [EXTENSION.policyConstraints, encodePolicyConstraints],
    [EXTENSION.policyMappings, encodePolicyMappings],
    [EXTENSION.privateKeyUsagePeriod, encodePrivateKeyUsagePeriod],
    [EXTENSION.reasonCode, encodeReasonCode],
    [EXTENSION.signedCertificateTimestampList, encodeSignedCertificateTimestamps],
    [EXTENSION.subjectAltName, encodeSubjectAltName],
    [EXTENSION.subjectInfoAccess, encodeSubjectInfoAccess],
    [EXTENSION.subjectKeyIdentifier, encodeSubjectKeyIdentifier],
    [EXTENSION.tlsFeature, encodeTlsFeature],
  ]);
  return _table.get(oid);
}

/**
 * Encodes a value with a codec's encoder: the codec's own `encode` when it has one (a codec of
 * your own), else certkit's encoder for that extension.
 * @throws TypeError for a codec with no encoder; the encoder's errors for a bad value.
 * @example
 * ```ts
 * encodeExtensionValue(basicConstraintsCodec, { cA: true }) // Uint8Array [0x30, 0x03, 0x01, 0x01, 0xff]
 * ```
 */
export function encodeExtensionValue<T>(codec: ExtensionCodec<T>, value: T): Uint8Array {
  return _pick(codec, codec?.encode, _encoderOf, 'encodeExtensionValue', 'encoder')(value as never);
}
