/**
 * The CA layer's errors: why a certificate was not issued or revoked, or why a store refused an
 * operation.
 *
 * Scope: {@link CaError} with its string codes and, for refused issuances, the
 * {@link IssuanceFinding}s that decided it (the linter's findings and the CA's own). Non-goals:
 * parse errors of the inputs (those stay the `CsrError`, `DerError`, ... of their layers).
 * @module
 */
import { CertkitError, type ErrorLocation } from '../der/index';
import type { LintCode, LintSeverity } from '../csr/index';

/**
 * Codes a {@link CaError} can carry.
 * @example
 * ```ts
 * if (e instanceof CaError && e.code === 'issuance-refused') console.log(e.findings);
 * ```
 */
export type CaErrorCode =
  | 'issuance-refused' // the request or the options break the profile; `findings` says how
  | 'unknown-profile' // no profile of that name
  | 'invalid-profile' // a profile definition that cannot work (e.g. default validity above the maximum)
  | 'not-a-ca' // the CA certificate is not a CA (basicConstraints cA, keyUsage keyCertSign)
  | 'signer-mismatch' // the signer's key is not the CA certificate's key
  | 'unknown-serial' // revoke/status of a serial the store never issued
  | 'already-revoked' // revoke of a revoked certificate
  | 'invalid-reason' // a revocation reason the CA does not use (removeFromCRL, certificateHold)
  | 'serial-exhausted' // the serial generator kept producing serials already taken (a broken RNG)
  | 'serial-not-reserved' // commitIssuance of a serial reserveSerial never handed out
  | 'serial-in-use' // commitIssuance of a serial that already has a record
  | 'duplicate-key' // an active certificate already certifies this key and the profile forbids a second
  | 'delivery-failed' // issueWithGeneratedKey: issued, but the PKCS#12 could not be made (the certificate is revoked)
  | 'store-locked' // the store's lock could not be taken in time
  | 'store-corrupt' // a record in the store cannot be read
  | 'store-unavailable' // the database cannot be reached or the connection broke mid-operation: retryable, nothing was half-written
  | 'store-read-only' // the database refuses writes (a read-only replica, default_transaction_read_only): point the CA at the primary
  | 'store-schema-too-new' // the database schema is newer than this certkit: upgrade certkit, never downgrade the schema
  | 'store-schema-too-old' // the database schema predates this certkit and migrations were not allowed: run `certkit ca migrate`
  | 'store-driver-missing'; // the optional database driver (the `pg` package) is not installed

/**
 * Finding codes the CA adds to the linter's ({@link LintCode}); each is a rule of the profile.
 * @example
 * ```ts
 * const refusedForKey = findings.some((f) => f.code === 'key-not-allowed');
 * ```
 */
export type CaFindingCode =
  | 'csr-signature-invalid' // RFC 2986 §3: proof of possession fails
  | 'key-not-allowed' // the profile does not allow this key type or size
  | 'ca-key-reuse' // the request is for the CA's own key (or a key of its chain)
  | 'duplicate-key' // an active certificate already has this key and the profile forbids reuse
  | 'validity-too-long' // more days than the profile's maximum
  | 'outlives-issuer' // notAfter after the issuing CA's notAfter
  | 'path-length-exceeded' // a CA certificate below a CA whose pathLenConstraint does not allow it (RFC 5280 §4.2.1.9)
  | 'san-required' // the profile requires a subjectAltName and none was given
  | 'san-kind-not-allowed' // a subjectAltName of a kind the profile does not allow
  | 'too-many-sans' // more names than the profile allows
  | 'wildcard-not-allowed' // a wildcard dNSName under a profile that forbids them
  | 'subject-attribute-dropped' // a subject attribute the profile does not copy
  | 'subject-missing-cn' // the profile requires a commonName
  | 'request-extension-dropped' // a requested extension the profile does not copy
  | 'request-extension-overridden' // a requested keyUsage/extKeyUsage/basicConstraints the profile replaces
  | 'request-extension-refused'; // as the two above, under a profile that refuses instead of dropping

/**
 * One reason (or remark) about an issuance: a linter finding or one of the CA's own.
 * @example
 * ```ts
 * for (const f of result.warnings) console.log(`${f.severity} ${f.code} (${f.field}): ${f.message}`);
 * ```
 */
export interface IssuanceFinding {
  /** Stable machine-readable code. */
  code: LintCode | CaFindingCode;
  /** `error` refuses issuance; `warning` and `info` are returned with the certificate. */
  severity: LintSeverity;
  /** What is wrong and what to do, for a person. */
  message: string;
  /** The field it is about (`subject.CN`, `extensions.subjectAltName[1]`, `validity`, ...). */
  field: string;
}

/**
 * A refused CA or store operation.
 *
 * @example
 * ```ts
 * try { await ca.issue(csr, { profile: 'tls-server' }) } catch (e) {
 *   if (e instanceof CaError && e.code === 'issuance-refused') for (const f of e.findings) console.log(f.code, f.message);
 * }
 * ```
 */
export class CaError extends CertkitError {
  declare readonly code: CaErrorCode;
  /** For `issuance-refused`: every finding, errors first. Empty otherwise. */
  readonly findings: readonly IssuanceFinding[];

  constructor(code: CaErrorCode, message: string, options: ErrorLocation & { findings?: readonly IssuanceFinding[] } = {}) {
    super(code, message, options);
    this.name = 'CaError';
    this.findings = options.findings ?? [];
  }
}
