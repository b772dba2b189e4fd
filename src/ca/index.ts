/**
 * `certkit/ca`: a certificate authority on web standards.
 *
 * - {@link CertificateAuthority}: issue from CSRs under profiles, revoke, status, list, CRLs;
 *   `issueWithGeneratedKey` makes the key pair and returns a PKCS#12 (server-side key generation).
 * - {@link createHierarchy}: a root and an issuing intermediate in one call.
 * - Profiles: {@link BUILTIN_PROFILES} (`tls-server`, `tls-client`, `email`, `code-signing`,
 *   `sub-ca`) and {@link defineProfile} for user-defined ones.
 * - {@link CaStore}: the inventory interface (atomic per issuance and per revocation, each with
 *   its audit entry), requester metadata, the audit log and cursor-paged queries
 *   ({@link queryRecords}), with {@link MemoryCaStore}; the CLI adds a crash-safe file-system store.
 *
 * Non-goals: OCSP, ACME, domain validation.
 * @module
 */
export { CaError, type CaErrorCode, type CaFindingCode, type IssuanceFinding } from './errors';
export { BUILTIN_PROFILES, defineProfile, keyAllowed, type CertificateProfile, type KeyPolicy, type SanKind, type SanPolicy } from './profiles';
export { MemoryCaStore, canonicalSerial, type CaStore, type CertificateRecord, type CommitOptions, type CrlRecord, type RequesterInfo, type RevocationInfo, type RevokedEntry } from './store';
export {
  auditPageLimit,
  checkRequesterMetadata,
  queryOrder,
  queryRecords,
  type AuditEntry,
  type AuditEntryInit,
  type AuditPage,
  type CertificateQuery,
  type QueryFilters,
  type QueryPage,
} from './query';
export { CertificateAuthority, type CertificateAuthorityOptions, type CertificateStatus, type IssueOptions, type IssueResult, type RevocationReason } from './authority';
export { generateSerial } from './issuance';
export { createHierarchy, type Hierarchy, type HierarchyLevel } from './hierarchy';
export type { IssueWithGeneratedKeyOptions, IssueWithGeneratedKeyResult } from './server-keygen';
