/**
 * `certkit/server`: the CA as a network service on web standards.
 *
 * - {@link createCaService}: one handler `(request: Request, context?) => Promise<Response>` with
 *   EST (RFC 7030), a JSON API, CRL and CA-certificate publishing, requester metadata and the
 *   audit log; it runs unchanged on Node (through `certkit/node`), Deno, Bun and Workers.
 * - Authentication: {@link AuthStore} with {@link MemoryAuthStore}, {@link hashPassword} /
 *   {@link verifyPassword} (scrypt), {@link createToken} / {@link checkToken}.
 * - Publishing helpers: {@link publicationUrls}, {@link withPublicationUrls}.
 * - Errors: {@link ServerError}; every response error is `{ error: { code, message, findings? } }`.
 *
 * - The OCSP responder (`ocsp` option, {@link OcspResponderOptions}): POST and GET `/ocsp` (RFC 6960, RFC 5019).
 *
 * Non-goals: TLS and sockets (the runtime's or the adapter's), ACME.
 * @module
 */
export { ServerError, describeError, errorResponse, type ServerErrorCode } from './errors';
export { MemoryAuthStore, PasswordCache, checkToken, createToken, hashPassword, verifyPassword, type AuthStore, type Role, type TokenRecord, type UserRecord } from './auth';
export { decodeEstBase64, estBase64, readBody } from './http';
export { publicationUrls, withPublicationUrls } from './publish';
export type { OcspResponderOptions } from './ocsp';
export { createCaService, type CaHandler, type CaService, type CaServiceOptions, type ConsoleHandler, type EstLabel, type RequestContext } from './service';
