/**
 * The service's errors: why a request was answered with a 4xx or 5xx, and the JSON body that
 * says so.
 *
 * Scope: {@link ServerError} with its codes, the HTTP status of each code, and
 * {@link errorResponse}, which turns any thrown value into `{ error: { code, message,
 * findings? } }` (never a stack trace). Client mistakes are 4xx; only an unexpected failure
 * of ours is a 500, and its message is generic (the cause is not sent). Non-goals: logging.
 * @module
 */
import { CertkitError } from '../der/index';
import { CaError, type IssuanceFinding } from '../ca/index';

/**
 * Codes a {@link ServerError} can carry.
 * @example
 * ```ts
 * if (e instanceof ServerError && e.code === 'body-too-large') console.log(e.status); // 413
 * ```
 */
export type ServerErrorCode =
  | 'not-found' // no route, nothing published at that path, or no certificate with that serial
  | 'method-not-allowed' // the route exists with another method
  | 'unknown-label' // /.well-known/est/<label>/ with a label the service does not have
  | 'unauthorized' // no credentials, or wrong ones (401 with WWW-Authenticate)
  | 'forbidden' // authenticated, but the role does not allow it
  | 'body-too-large' // the body is over the configured limit (by Content-Length or while reading)
  | 'unsupported-media-type' // a Content-Type the route does not take
  | 'bad-base64' // an EST body that is not base64
  | 'bad-request' // malformed JSON, a missing field, a bad parameter
  | 'bad-csr' // the CSR does not parse
  | 'invalid-metadata' // requester metadata over its bounds
  | 'reenroll-mismatch' // simplereenroll: the new request's subject or names differ from the certificate's
  | 'reenroll-replay' // simplereenroll: the certificate was already renewed
  | 'service-unavailable' // ours: the store is locked or unreachable; retry (Retry-After)
  | 'internal-error'; // ours: nothing about it is sent

const _STATUS: Record<ServerErrorCode, number> = {
  'not-found': 404,
  'method-not-allowed': 405,
  'unknown-label': 404,
  unauthorized: 401,
  forbidden: 403,
  'body-too-large': 413,
  'unsupported-media-type': 415,
  'bad-base64': 400,
  'bad-request': 400,
  'bad-csr': 400,
  'invalid-metadata': 400,
  'reenroll-mismatch': 403,
  'reenroll-replay': 409,
  'service-unavailable': 503,
  'internal-error': 500,
};

/**
 * A request the service refuses, with its HTTP status.
 * @example
 * ```ts
 * throw new ServerError('unsupported-media-type', 'simpleenroll takes application/pkcs10');
 * ```
 */
export class ServerError extends CertkitError {
  declare readonly code: ServerErrorCode;
  /** The HTTP status it is answered with. */
  readonly status: number;
  /** For refused issuances: the findings. */
  readonly findings: readonly IssuanceFinding[];
  /** Response headers the refusal needs (`Allow` on a 405). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: ServerErrorCode, message: string, options: { cause?: unknown; findings?: readonly IssuanceFinding[]; headers?: Record<string, string> } = {}) {
    super(code, message, options.cause === undefined ? {} : { cause: options.cause });
    this.name = 'ServerError';
    this.status = _STATUS[code];
    this.findings = options.findings ?? [];
    this.headers = { ...(options.headers ?? {}) };
  }
}

const _CA_STATUS: Partial<Record<string, number>> = {
  'issuance-refused': 422,
  'unknown-profile': 400,
  'unknown-serial': 404,
  'already-revoked': 409,
  'invalid-reason': 400,
  'duplicate-key': 409,
  'store-locked': 503,
  'store-unavailable': 503,
  'store-read-only': 503,
};

// Our side is down (the store): the client should retry; the message names no host or driver detail.
const _RETRY = new Set(['store-locked', 'store-unavailable', 'store-read-only']);

/**
 * What a thrown value is answered with: its status, code, message and findings. A
 * {@link ServerError} keeps its own; a `CaError` maps by code (`issuance-refused` 422 with the
 * findings, `unknown-serial` 404, `already-revoked` 409, the store being locked or unreachable 503
 * `service-unavailable` with `Retry-After` and no detail, otherwise 500);
 * another `CertkitError` (a CSR or DER that does not parse) is the client's: 400; a `TypeError` or
 * `RangeError` from input checks is 400; anything else is ours: 500 `internal-error` with a
 * generic message.
 * @example
 * ```ts
 * const { status, body } = describeError(new ServerError('not-found', 'no such certificate'));
 * ```
 */
export function describeError(e: unknown): { status: number; code: string; message: string; findings?: readonly IssuanceFinding[] } {
  if (e instanceof ServerError) return { status: e.status, code: e.code, message: e.message, ...(e.findings.length ? { findings: e.findings } : {}) };
  if (e instanceof CaError) {
    const status = _CA_STATUS[e.code];
    if (status === undefined) return { status: 500, code: 'internal-error', message: 'the CA could not complete the request' };
    if (_RETRY.has(e.code)) return { status, code: 'service-unavailable', message: 'the CA cannot reach its store just now; nothing was recorded; retry shortly' };
    return { status, code: e.code, message: e.message, ...(e.findings.length ? { findings: e.findings } : {}) };
  }
  if (e instanceof CertkitError) return { status: 400, code: e.code, message: e.message };
  if (e instanceof TypeError || e instanceof RangeError) return { status: 400, code: 'bad-request', message: e.message };
  return { status: 500, code: 'internal-error', message: 'internal error' };
}

/**
 * The JSON error response: `{ error: { code, message, findings? } }` with the status of
 * {@link describeError}, and `WWW-Authenticate: <challenge>` on a 401 (default HTTP Basic, realm `certkit`).
 * @example
 * ```ts
 * return errorResponse(new ServerError('forbidden', 'requesters read their own certificates only'));
 * ```
 */
export function errorResponse(e: unknown, challenge = 'Basic realm="certkit", charset="UTF-8"'): Response {
  const d = describeError(e);
  const headers = new Headers({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  if (d.status === 401) headers.set('www-authenticate', challenge);
  if (d.status === 503) headers.set('retry-after', '5');
  if (e instanceof ServerError) for (const [k, v] of Object.entries(e.headers)) headers.set(k, v);
  const body = { error: { code: d.code, message: d.message, ...(d.findings ? { findings: d.findings } : {}) } };
  return new Response(JSON.stringify(body), { status: d.status, headers });
}
