/**
 * `certkit/acme`: an ACME server (RFC 8555) over a certkit CA, on web standards.
 *
 * - {@link createAcmeServer}: one handler `(request: Request) => Promise<Response>` with the
 *   directory, nonces, accounts, orders (dns, wildcard, ip), `http-01` / `dns-01` validation
 *   through a pluggable fetcher and resolver, finalize through the CA, certificate download.
 *   `createCaService({ acme: {...} })` routes `/acme/...` to it.
 * - Storage: {@link AcmeStore}, {@link MemoryAcmeStore}, {@link NonceBook} (persistent stores:
 *   `FsAcmeStore` in `certkit/node`, `PostgresAcmeStore` in `certkit/store/postgres`).
 * - Operations: rate limits per account and per identifier ({@link AcmeRateLimits}), alternate
 *   chains, `onRevoke` (CRL republished on revocation).
 * - JWS: {@link verifyJws}, {@link signAcmeRequest} (for in-process clients), {@link jwkThumbprint},
 *   {@link keyAuthorization}, {@link base64url}.
 * - Errors: {@link AcmeError} and {@link problemDocument} (`urn:ietf:params:acme:error:*`).
 *
 * - CAA (RFC 8659, RFC 8657): {@link checkCaa}, {@link evaluateCaa}, through a pluggable resolver.
 *
 * Also revokeCert, keyChange, ARI (RFC 9773), External Account Binding, and `tls-alpn-01`
 * through a pluggable validator (`createTlsAlpn01Validator` in `certkit/node`).
 * @module
 */
export { AcmeError, acmeErrorType, problemDocument, type AcmeErrorCode, type AcmeSubproblem } from './errors';
export { ACME_JWS_ALGORITHMS, base64url, fromBase64url, jwkThumbprint, keyAuthorization, signAcmeRequest, verifyJws, type AcmeJwsAlgorithm, type VerifiedJws } from './jws';
export {
  MemoryAcmeStore,
  NonceBook,
  type AcmeAccount,
  type AcmeAuthorization,
  type AcmeCertificate,
  type AcmeChallenge,
  type AcmeIdentifier,
  type AcmeOrder,
  type AcmeOrderCount,
  type AcmeStore,
} from './store';
export type { AcmeRateLimits } from './limits';
export { createAcmeServer, type AcmeServer, type AcmeServerOptions } from './server';
export type { AcmeExternalAccountOptions } from './eab';
export { checkCaa, evaluateCaa, type CaaRecord, type CaaRequest } from './caa';
