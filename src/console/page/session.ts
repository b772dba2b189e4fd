/**
 * The signed-in session: the API token (in this tab's memory and `sessionStorage`, never
 * `localStorage` or a cookie), who it belongs to and its role. Browser-only.
 * @module
 */
import type { Me } from './api';

/** What the views share. */
export interface Session {
  readonly token: string;
  readonly me: Me;
  /** The service refused the token (revoked, or gone): back to the sign-in form with the reason. */
  expired(message: string): void;
  /** Something changed on the service (an issuance, a revocation): refresh the dashboard. */
  changed(): void;
}

const _KEY = 'certkit.console.token';

/** The token kept for this tab, if any. */
export function storedToken(): string | undefined {
  try {
    return sessionStorage.getItem(_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Keeps (or, with `undefined`, forgets) the token for this tab only. */
export function storeToken(token: string | undefined): void {
  try {
    if (token === undefined) sessionStorage.removeItem(_KEY);
    else sessionStorage.setItem(_KEY, token);
  } catch {
    // storage disabled: the token lives in memory only
  }
}
