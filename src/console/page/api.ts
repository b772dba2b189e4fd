/**
 * The console's client of the service's JSON API (`/api/v1/`, same origin: the CSP allows
 * `connect-src 'self'` only). Calls never throw for an HTTP refusal: they resolve to a result
 * with the service's `{ code, message, findings? }`, which the views show next to the field
 * concerned. Browser-only.
 * @module
 */

/** One issuance finding as the API reports it. */
export interface Finding {
  readonly code: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly field: string;
  readonly message: string;
}

/** A refusal: the service's error body (or a network failure, code `network`). */
interface Problem {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly findings?: readonly Finding[];
}

/** What an API call resolves to. */
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: Problem };

/** A profile with the rules the request form shows (`GET /api/v1/me`). */
export interface ProfileRules {
  readonly name: string;
  readonly description: string;
  readonly validity: { readonly defaultDays: number; readonly maxDays: number };
  readonly keys: { readonly rsa?: { minBits: number; maxBits?: number }; readonly ecdsa?: readonly string[]; readonly ed25519?: boolean; readonly ed448?: boolean; readonly mlDsa?: readonly string[] };
  readonly san: { readonly required: boolean; readonly allowed: readonly string[]; readonly wildcards: boolean; readonly max?: number };
  readonly subject: { readonly copy: readonly string[] | 'any'; readonly requireCommonName?: boolean };
  readonly extKeyUsage?: readonly string[];
  readonly lint: string;
  readonly lintSeverity?: Readonly<Record<string, string>>;
  /** A CA certificate profile (not offered in the request form). */
  readonly ca?: boolean;
}

/** `GET /api/v1/me`. */
export interface Me {
  readonly principal: string;
  readonly role: 'requester' | 'admin';
  readonly profiles: readonly ProfileRules[];
}

/** A certificate record as the API shows it. */
export interface CertificateJson {
  readonly serial: string;
  readonly status: 'active' | 'revoked' | 'expired';
  readonly profile: string;
  readonly subject: string;
  readonly sans: readonly string[];
  readonly notBefore: string;
  readonly notAfter: string;
  readonly issuedAt: string;
  readonly revocation?: { readonly date: string; readonly reason: string; readonly invalidityDate?: string };
  readonly requester?: {
    readonly principal: string;
    readonly method: string;
    readonly address?: string;
    readonly userAgent?: string;
    readonly metadata?: Readonly<Record<string, string>>;
    readonly renewalOf?: string;
  };
  readonly certificate: string;
}

/** `POST /api/v1/certificates`. */
export interface Issued {
  readonly serial: string;
  readonly certificate: string;
  readonly chain: readonly string[];
  readonly warnings: readonly Finding[];
  readonly record: CertificateJson;
}

/** `GET /api/v1/summary`. */
export interface Summary {
  readonly issued: number;
  readonly active: number;
  readonly expiringWithin30Days: number;
  readonly revoked: number;
  readonly expired: number;
  readonly crl?: { readonly number: string; readonly thisUpdate: string };
}

/** One audit entry. */
export interface AuditJson {
  readonly id: string;
  readonly time: string;
  readonly action: string;
  readonly principal: string;
  readonly code?: string;
  readonly message?: string;
  readonly method?: string;
  readonly address?: string;
}

/** Calls the API with the token; resolves to the JSON value or the problem. */
export async function apiCall<T>(token: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Result<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch (e) {
    return { ok: false, problem: { status: 0, code: 'network', message: `the service did not answer: ${(e as Error).message}` } };
  }
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    return { ok: false, problem: { status: res.status, code: 'bad-response', message: `the service answered ${res.status} without JSON` } };
  }
  if (res.ok) return { ok: true, value: json as T };
  const err = (json as { error?: Problem }).error;
  return { ok: false, problem: { status: res.status, code: err?.code ?? 'error', message: err?.message ?? `HTTP ${res.status}`, ...(err?.findings ? { findings: err.findings } : {}) } };
}
