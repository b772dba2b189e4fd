/**
 * `certkit/path`: chain building, RFC 5280 path validation, identity checks and revocation.
 *
 * - {@link verifyChain} / {@link verifyChainSync}: build a path from an end entity through a
 *   pool of intermediates to a trust anchor and validate it (RFC 5280 §6.1, profile `rfc5280` or
 *   `webpki`, purposes, host name / IP / email, CRLs), with budgets against hostile input.
 * - {@link validatePath} / {@link validatePathSync}: validate one path given in order.
 * - {@link loadTrustStore}: trust anchors from a PEM bundle (`ca-certificates.crt`), with what it skipped.
 * - {@link matchesHostname}, {@link matchesEmail}: RFC 6125 / RFC 9525 identity checks.
 * - {@link nameMatchesSubtree}: one name against one name-constraint subtree.
 * - Online revocation (`onlineRevocation` of {@link verifyChain}): OCSP (stapled, AIA) and CRLs
 *   (given, fetched from distribution points), hard- or soft-fail, with a {@link RevocationCache}.
 * - {@link ValidationError}: the failure value, with a reason `code` and the certificate concerned.
 * @module
 */
export { ValidationError, type ValidationErrorCode } from './errors';
export { Budget, DEFAULT_BUDGET, MAX_RSA_EXPONENT, MAX_RSA_MODULUS_BITS, signatureCost, type BudgetLimits } from './budget';
export { ANY_POLICY, MAX_POLICY_NODES, type PolicyInputs } from './policy';
export type { Profile } from './profiles';
export { matchesHostname, matchesEmail, type HostnameOptions } from './hostname';
export { nameMatchesSubtree } from './name-constraints';
export { validatePath, validatePathSync, KEY_PURPOSES, type TrustAnchor, type ValidationOptions, type ValidationResult, type RevocationOptions } from './validate';
export { verifyChain, verifyChainSync } from './build';
export { RevocationCache, onlineRevocation, type OnlineRevocationChecker, type OnlineRevocationOptions, type RevocationCheck, type RevocationSource } from './online-revocation';
export { loadTrustStore, type LenientCertificate, type SkipReason, type SkippedCertificate, type TrustStore, type TrustStoreOptions } from './trust-store';
