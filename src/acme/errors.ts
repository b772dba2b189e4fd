/**
 * The ACME server's errors and the problem documents (RFC 7807) it answers them with.
 *
 * Scope: {@link AcmeError} with kebab-case codes, each mapped to its RFC 8555 §6.7 error type
 * (`urn:ietf:params:acme:error:<type>`) and HTTP status, and {@link problemDocument}, which turns
 * any thrown value into `{ type, detail, status, subproblems? }` (a failure of ours becomes a
 * generic `serverInternal`, its cause never sent). Non-goals: logging, HTTP headers (the handler
 * adds `Replay-Nonce` and `Link`).
 * @module
 */
import { CertkitError } from '../der/index';

/**
 * Codes an {@link AcmeError} can carry; {@link acmeErrorType} gives the RFC 8555 type of each.
 * @example
 * ```ts
 * if (e instanceof AcmeError && e.code === 'bad-nonce') console.log(e.status); // 400
 * ```
 */
export type AcmeErrorCode =
  | 'malformed' // the request is not a well-formed ACME request (JWS, JSON, url, fields)
  | 'bad-nonce' // the JWS nonce is missing, unknown or already used (the answer carries a fresh one)
  | 'bad-signature-algorithm' // the JWS alg is not one the server accepts (none and MACs never are)
  | 'bad-public-key' // the JWS key cannot be read, is too weak, or does not fit its alg
  | 'unauthorized' // the signature does not verify, the account is deactivated, or the resource is another account's
  | 'account-does-not-exist' // the kid names no account, or onlyReturnExisting found none
  | 'unsupported-contact' // a contact URL scheme other than mailto:
  | 'invalid-contact' // a mailto: contact that is not one plain address
  | 'user-action-required' // the terms of service were not agreed to
  | 'external-account-required' // the server requires an External Account Binding and none was given
  | 'rejected-identifier' // the server will not issue for this identifier (policy, wildcard without dns-01)
  | 'unsupported-identifier' // an identifier type other than dns and ip
  | 'bad-csr' // finalize: the CSR does not parse, names other identifiers than the order, or the CA refused it
  | 'order-not-ready' // finalize on an order that is not ready
  | 'incorrect-response' // challenge: the response did not match the key authorization
  | 'connection' // challenge: the server could not reach the client
  | 'dns' // challenge: the DNS lookup failed
  | 'caa' // CAA records (RFC 8659) forbid this CA to issue for the identifier
  | 'not-found' // no such ACME resource (answered as malformed, 404)
  | 'method-not-allowed' // the resource exists with another method (malformed, 405)
  | 'unsupported-media-type' // a POST that is not application/jose+json (malformed, 415)
  | 'body-too-large' // the JWS is over the configured size (malformed, 413)
  | 'already-revoked' // revokeCert of a certificate already revoked
  | 'bad-revocation-reason' // revokeCert with a reason code the CA does not use
  | 'rate-limited' // more new orders than a limit allows: per account an hour, or per identifier in its window (429 with Retry-After)
  | 'server-internal'; // ours: nothing about it is sent

const _TYPE: Record<AcmeErrorCode, readonly [string, number]> = {
  malformed: ['malformed', 400],
  'bad-nonce': ['badNonce', 400],
  'bad-signature-algorithm': ['badSignatureAlgorithm', 400],
  'bad-public-key': ['badPublicKey', 400],
  unauthorized: ['unauthorized', 403],
  'account-does-not-exist': ['accountDoesNotExist', 400],
  'unsupported-contact': ['unsupportedContact', 400],
  'invalid-contact': ['invalidContact', 400],
  'user-action-required': ['userActionRequired', 403],
  'external-account-required': ['externalAccountRequired', 403],
  'rejected-identifier': ['rejectedIdentifier', 400],
  'unsupported-identifier': ['unsupportedIdentifier', 400],
  'bad-csr': ['badCSR', 400],
  'order-not-ready': ['orderNotReady', 403],
  'incorrect-response': ['incorrectResponse', 403],
  connection: ['connection', 400],
  dns: ['dns', 400],
  caa: ['caa', 403],
  'not-found': ['malformed', 404],
  'method-not-allowed': ['malformed', 405],
  'unsupported-media-type': ['malformed', 415],
  'body-too-large': ['malformed', 413],
  'already-revoked': ['alreadyRevoked', 400],
  'bad-revocation-reason': ['badRevocationReason', 400],
  'rate-limited': ['rateLimited', 429],
  'server-internal': ['serverInternal', 500],
};

/**
 * The RFC 8555 §6.7 error type URN and HTTP status of a code.
 * @example
 * ```ts
 * acmeErrorType('bad-nonce') // { type: 'urn:ietf:params:acme:error:badNonce', status: 400 }
 * ```
 */
export function acmeErrorType(code: AcmeErrorCode): { type: string; status: number } {
  const t = _TYPE[code] ?? _TYPE['server-internal'];
  return { type: `urn:ietf:params:acme:error:${t[0]}`, status: t[1] };
}

/**
 * A sub-problem (RFC 8555 §6.7.1): one identifier's own error inside a compound refusal.
 * @example
 * ```ts
 * const s: AcmeSubproblem = { code: 'rejected-identifier', detail: 'not ours', identifier: { type: 'dns', value: 'example.org' } };
 * ```
 */
export interface AcmeSubproblem {
  readonly code: AcmeErrorCode;
  readonly detail: string;
  readonly identifier?: { readonly type: string; readonly value: string };
}

/**
 * A request the ACME server refuses, with its RFC 8555 error type and HTTP status.
 * @example
 * ```ts
 * throw new AcmeError('bad-csr', 'the CSR names www.example.org, which the order does not have');
 * ```
 */
export class AcmeError extends CertkitError {
  declare readonly code: AcmeErrorCode;
  /** The HTTP status it is answered with. */
  readonly status: number;
  /** The `urn:ietf:params:acme:error:*` type. */
  readonly type: string;
  /** Per-identifier errors (RFC 8555 §6.7.1). */
  readonly subproblems: readonly AcmeSubproblem[];
  /** Response headers the refusal needs (`Allow` on a 405). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: AcmeErrorCode, message: string, options: { cause?: unknown; subproblems?: readonly AcmeSubproblem[]; headers?: Record<string, string> } = {}) {
    super(code, message, options.cause === undefined ? {} : { cause: options.cause });
    this.name = 'AcmeError';
    const t = acmeErrorType(code);
    this.status = t.status;
    this.type = t.type;
    this.subproblems = options.subproblems ?? [];
    this.headers = options.headers ?? {};
  }
}

/**
 * The problem document (RFC 7807, RFC 8555 §6.7) of any thrown value: an {@link AcmeError} as
 * itself, anything else as a generic `serverInternal` (its message is not sent).
 * @example
 * ```ts
 * const { status, body } = problemDocument(new AcmeError('malformed', 'no payload'));
 * body.type; // 'urn:ietf:params:acme:error:malformed'
 * ```
 */
export function problemDocument(e: unknown): { status: number; code: AcmeErrorCode; body: Record<string, unknown> } {
  if (e instanceof AcmeError) {
    const body: Record<string, unknown> = { type: e.type, detail: e.message, status: e.status };
    if (e.subproblems.length > 0) {
      body.subproblems = e.subproblems.map((s) => ({ type: acmeErrorType(s.code).type, detail: s.detail, ...(s.identifier ? { identifier: s.identifier } : {}) }));
    }
    return { status: e.status, code: e.code, body };
  }
  const t = acmeErrorType('server-internal');
  return { status: 500, code: 'server-internal', body: { type: t.type, detail: 'the server failed to process the request', status: 500 } };
}
