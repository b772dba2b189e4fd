/**
 * The registry of certkit's extension codecs, by OID and by ASN.1 name.
 *
 * Scope: {@link extensionCodec} and the private lookup the extension list functions use. Every
 * codec is reachable from here, so only by-name or by-OID APIs (`decodeExtension`,
 * `getDecodedExtension`, formatting) import it; `getExtension(cert, someCodec)` does not.
 * Non-goals: encoding (`encode.ts`), formatting (`format.ts`).
 * @module
 */
import type { ExtensionCodec } from './_common';
import type { ExtensionName, ExtensionValues } from './index';
import { authorityInfoAccessCodec } from './authority-info-access';
import { authorityKeyIdentifierCodec } from './authority-key-identifier';
import { basicConstraintsCodec } from './basic-constraints';
import { certificateIssuerCodec } from './certificate-issuer';
import { certificatePoliciesCodec } from './certificate-policies';
import { crlDistributionPointsCodec } from './crl-distribution-points';
import { crlNumberCodec } from './crl-number';
import { deltaCrlIndicatorCodec } from './delta-crl-indicator';
import { extKeyUsageCodec } from './ext-key-usage';
import { freshestCrlCodec } from './freshest-crl';
import { holdInstructionCodeCodec } from './hold-instruction-code';
import { inhibitAnyPolicyCodec } from './inhibit-any-policy';
import { invalidityDateCodec } from './invalidity-date';
import { issuerAltNameCodec } from './issuer-alt-name';
import { issuingDistributionPointCodec } from './issuing-distribution-point';
import { keyUsageCodec } from './key-usage';
import { nameConstraintsCodec } from './name-constraints';
import { ocspNoCheckCodec } from './ocsp-no-check';
import { policyConstraintsCodec } from './policy-constraints';
import { policyMappingsCodec } from './policy-mappings';
import { privateKeyUsagePeriodCodec } from './private-key-usage-period';
import { reasonCodeCodec } from './reason-code';
import { signedCertificateTimestampsCodec } from './signed-certificate-timestamps';
import { subjectAltNameCodec } from './subject-alt-name';
import { subjectInfoAccessCodec } from './subject-info-access';
import { subjectKeyIdentifierCodec } from './subject-key-identifier';
import { tlsFeatureCodec } from './tls-feature';

let _byOid: Map<string, ExtensionCodec<unknown>> | undefined;
let _byName: Map<string, ExtensionCodec<unknown>> | undefined;

function _registry(): Map<string, ExtensionCodec<unknown>> {
  if (_byOid !== undefined) return _byOid;
  const all = [
    basicConstraintsCodec,
    keyUsageCodec,
    extKeyUsageCodec,
    subjectAltNameCodec,
    issuerAltNameCodec,
    authorityKeyIdentifierCodec,
    subjectKeyIdentifierCodec,
    crlDistributionPointsCodec,
    freshestCrlCodec,
    authorityInfoAccessCodec,
    subjectInfoAccessCodec,
    certificatePoliciesCodec,
    policyMappingsCodec,
    nameConstraintsCodec,
    policyConstraintsCodec,
    inhibitAnyPolicyCodec,
    ocspNoCheckCodec,
    tlsFeatureCodec,
    signedCertificateTimestampsCodec,
    privateKeyUsagePeriodCodec,
    crlNumberCodec,
    deltaCrlIndicatorCodec,
    issuingDistributionPointCodec,
    reasonCodeCodec,
    invalidityDateCodec,
    certificateIssuerCodec,
    holdInstructionCodeCodec,
  ] as unknown as ExtensionCodec<unknown>[];
  _byOid = new Map(all.map((c) => [c.oid, c]));
  _byName = new Map(all.map((c) => [c.name, c]));
  return _byOid;
}

/**
 * The codec of an extension by OID or ASN.1 name, or `undefined` when certkit does not know it.
 * @example
 * ```ts
 * extensionCodec('basicConstraints')?.oid === '2.5.29.19'
 * ```
 */
export function extensionCodec<K extends ExtensionName>(nameOrOid: K): ExtensionCodec<ExtensionValues[K]>;
export function extensionCodec(nameOrOid: string): ExtensionCodec<unknown> | undefined;
export function extensionCodec(nameOrOid: string): ExtensionCodec<unknown> | undefined {
  const byOid = _registry();
  return byOid.get(nameOrOid) ?? _byName!.get(nameOrOid);
}

/** The codec of a certkit extension by OID, or `undefined`. */
export function _codecOf(oid: string): ExtensionCodec<unknown> | undefined {
  return _registry().get(oid);
}
