/**
 * @internal What the route modules (`est.ts`, `api.ts`, `publish.ts`) share: the service's
 * state and one request's context. Not exported from the layer.
 * @module
 */
import type { AuditEntryInit, CaStore, CertificateAuthority } from '../ca/index';
import type { AuthStore, PasswordCache, Role } from './auth';

/** @internal One EST label. */
export interface _Label {
  readonly name: string;
  readonly profile: string;
  readonly allowNameChange: boolean;
}

/** @internal The service's state. */
export interface _Core {
  readonly ca: CertificateAuthority;
  readonly store: CaStore;
  readonly auth: AuthStore;
  readonly passwords: PasswordCache;
  readonly labels: ReadonlyMap<string, _Label>;
  readonly defaultLabel: _Label;
  readonly maxBodyBytes: number;
  readonly realm: string;
  readonly requesterProfiles: readonly string[] | undefined;
  readonly publicationName: string;
  /** Serials being re-enrolled right now (a second concurrent re-enrollment is a replay). */
  readonly renewing: Set<string>;
  now(): Date;
  /** Re-issues the CRL (after a revocation). */
  publishCrl(principal: string): Promise<void>;
}

/** @internal One request. */
export interface _Call {
  readonly request: Request;
  readonly url: URL;
  readonly clientCertificates: readonly Uint8Array[];
  readonly address: string | undefined;
  readonly userAgent: string | undefined;
  /** Set once authenticated (for the audit entry of a later refusal). */
  principal?: string;
  role?: Role;
  /** The channel, for audit entries. */
  method?: 'est' | 'api';
  /** The profile concerned, when known. */
  profile?: string;
}

/** @internal An audit entry for a call (address and method filled in). */
export function _auditFor(call: _Call, init: Omit<AuditEntryInit, 'time' | 'principal' | 'method' | 'address'>, now: Date): AuditEntryInit {
  return {
    ...init,
    time: now.toISOString(),
    principal: call.principal ?? 'anonymous',
    ...(call.method ? { method: call.method } : {}),
    ...(call.address !== undefined ? { address: call.address } : {}),
    ...(call.profile !== undefined && init.profile === undefined ? { profile: call.profile } : {}),
  };
}
