/**
 * The OID layer's public face: the registry functions and the OID tables, one per family.
 *
 * Scope: re-exports only. Each table is a plain `as const` object, so bundlers keep only the
 * ones a program uses; the name lookup tables are built on the first registry call.
 * Non-goals: OID encoding (see `certkit/der`).
 * @module
 */

export { ACCESS_METHOD, POLICY_QUALIFIER } from './access-methods';
export type { AccessMethodOid, PolicyQualifierOid } from './access-methods';
export { HASH_ALGORITHM, MAC_ALGORITHM, NAMED_CURVE, PUBLIC_KEY_ALGORITHM, RSA_PARAMETER, SIGNATURE_ALGORITHM } from './algorithms';
export type { HashAlgorithmOid, MacAlgorithmOid, NamedCurveOid, PublicKeyAlgorithmOid, RsaParameterOid, SignatureAlgorithmOid } from './algorithms';
export { ATTRIBUTE } from './attributes';
export type { AttributeOid } from './attributes';
export { EXTENSION, HOLD_INSTRUCTION } from './extensions';
export type { ExtensionOid, HoldInstructionOid } from './extensions';
export { KEY_PURPOSE } from './key-purposes';
export type { KeyPurposeOid } from './key-purposes';
export { OTHER_NAME } from './other-names';
export type { OtherNameOid } from './other-names';
export { PKCS9 } from './pkcs9';
export type { Pkcs9Oid } from './pkcs9';
export { CERTIFICATE_POLICY } from './policies';
export type { CertificatePolicyOid } from './policies';
export { describeOid, isValidOidString, oidFromName, oidName, oidNames, registeredOids } from './registry';
