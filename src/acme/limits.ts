/**
 * ACME rate limits: new orders per account an hour and per identifier a week, counted from the
 * {@link AcmeStore} (each order carries its `limitKeys`), so every server sharing one store
 * enforces the same limits and a restart forgets nothing.
 *
 * Scope: the options ({@link AcmeRateLimits}), the keys an order counts against, the checks
 * (`rateLimited`, HTTP 429, `Retry-After` = when the oldest counted order leaves the window).
 * Non-goals: exact limits under concurrency. The count and the new order are two steps, so
 * requests racing on several instances may each pass a limit that only one of them should; the
 * excess is bounded by the requests in flight, which is what a limit meant to stop runaway
 * clients needs. No public suffix list: `limitKey` maps an identifier to what is counted.
 * @module
 */
import { AcmeError, type AcmeSubproblem } from './errors';
import type { AcmeIdentifier, AcmeStore } from './store';

/**
 * Per-identifier limits of `createAcmeServer` (`rateLimits`).
 * @example
 * ```ts
 * // at most 50 orders a week for names under one registered domain (two last labels here)
 * const limits: AcmeRateLimits = {
 *   maxOrdersPerIdentifierPerWeek: 50,
 *   limitKey: (id) => (id.type === 'dns' ? id.value.replace(/^\*\./, '').split('.').slice(-2).join('.') : id.value),
 * };
 * ```
 */
export interface AcmeRateLimits {
  /** Most new orders naming one identifier (one `limitKey`) in the window; default unlimited. */
  readonly maxOrdersPerIdentifierPerWeek?: number;
  /** The window in hours (default 168, a week). */
  readonly identifierWindowHours?: number;
  /**
   * What is counted for an identifier (default: the name without a wildcard's `*.`, or the IP
   * address). Map names to their registered domain here to limit per domain.
   */
  readonly limitKey?: (identifier: AcmeIdentifier) => string;
}

/** @internal The limits, checked and with defaults. */
export interface _Limits {
  readonly perAccountHour: number;
  readonly perIdentifier: number;
  readonly windowMs: number;
  readonly key: (identifier: AcmeIdentifier) => string;
}

const _HOUR = 3_600_000;

/** The default key: what an order names, without the wildcard label. */
function _defaultKey(id: AcmeIdentifier): string {
  return id.type === 'dns' ? id.value.replace(/^\*\./, '') : id.value;
}

/** @internal */
export function _limitOptions(maxOrdersPerHour: number | undefined, rl: AcmeRateLimits | undefined): _Limits {
  const perAccountHour = maxOrdersPerHour ?? Infinity;
  if (!(perAccountHour >= 1)) throw new RangeError('maxOrdersPerHour must be at least 1');
  if (rl !== undefined && (rl === null || typeof rl !== 'object')) throw new TypeError('rateLimits must be an object');
  const perIdentifier = rl?.maxOrdersPerIdentifierPerWeek ?? Infinity;
  if (!(perIdentifier >= 1)) throw new RangeError('rateLimits.maxOrdersPerIdentifierPerWeek must be at least 1');
  const windowHours = rl?.identifierWindowHours ?? 168;
  if (!(windowHours > 0) || !Number.isFinite(windowHours)) throw new RangeError('rateLimits.identifierWindowHours must be a positive number');
  if (rl?.limitKey !== undefined && typeof rl.limitKey !== 'function') throw new TypeError('rateLimits.limitKey must be a function');
  return { perAccountHour, perIdentifier, windowMs: windowHours * _HOUR, key: rl?.limitKey ?? _defaultKey };
}

const _accountKey = (accountId: string): string => `account:${accountId}`;
const _identifierKey = (limits: _Limits, id: AcmeIdentifier): string => `identifier:${String(limits.key(id)).toLowerCase().slice(0, 300)}`;

/** @internal The counters a new order counts against (always recorded, so a limit set later counts the past). */
export function _limitKeys(limits: _Limits, accountId: string, ids: readonly AcmeIdentifier[]): string[] {
  return [_accountKey(accountId), ...new Set(ids.map((id) => _identifierKey(limits, id)))];
}

const _retryAfter = (oldest: string | undefined, windowMs: number, now: Date): string =>
  String(Math.max(1, Math.ceil(((oldest ? Date.parse(oldest) : now.getTime()) + windowMs - now.getTime()) / 1000)));

/** The window's first counted instant: an order placed exactly one window ago has left it (Retry-After's moment). */
const _since = (now: Date, windowMs: number): string => new Date(now.getTime() - windowMs + 1).toISOString();

/** @internal The account's new orders in the last hour. */
export async function _checkAccountLimit(store: AcmeStore, limits: _Limits, accountId: string, now: Date): Promise<void> {
  if (limits.perAccountHour === Infinity) return;
  const c = await store.countOrders(_accountKey(accountId), _since(now, _HOUR));
  if (c.count >= limits.perAccountHour) {
    throw new AcmeError('rate-limited', `at most ${limits.perAccountHour} new orders an hour per account`, { headers: { 'retry-after': _retryAfter(c.oldest, _HOUR, now) } });
  }
}

/** @internal Every identifier's new orders in the window; the refusal names each identifier over its limit. */
export async function _checkIdentifierLimits(store: AcmeStore, limits: _Limits, ids: readonly AcmeIdentifier[], now: Date): Promise<void> {
  if (limits.perIdentifier === Infinity) return;
  const since = _since(now, limits.windowMs);
  const over: AcmeSubproblem[] = [];
  let wait = 0;
  const seen = new Map<string, number>();
  for (const id of ids) {
    const key = _identifierKey(limits, id);
    let count = seen.get(key);
    if (count === undefined) {
      const c = await store.countOrders(key, since);
      count = c.count;
      seen.set(key, count);
      if (count >= limits.perIdentifier) wait = Math.max(wait, Number(_retryAfter(c.oldest, limits.windowMs, now)));
    }
    if (count >= limits.perIdentifier) {
      over.push({
        code: 'rate-limited',
        detail: `${count} orders for ${key.slice('identifier:'.length)} in the last ${limits.windowMs / _HOUR} hours (at most ${limits.perIdentifier})`,
        identifier: id,
      });
    }
  }
  if (over.length > 0) {
    throw new AcmeError(
      'rate-limited',
      `too many new orders for ${over.map((o) => o.identifier!.value).join(', ')}: at most ${limits.perIdentifier} per identifier in ${limits.windowMs / _HOUR} hours`,
      { subproblems: over, headers: { 'retry-after': String(wait) } },
    );
  }
}
