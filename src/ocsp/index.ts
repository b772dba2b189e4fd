/**
 * `certkit/ocsp`: OCSP structures (RFC 6960), runtime-neutral.
 *
 * - CertID: {@link createCertId} (SHA-1 by default, SHA-256/384/512), {@link certIdEquals}.
 * - Requests: {@link encodeOcspRequest} (with an RFC 8954 nonce), {@link parseOcspRequest}.
 * - Responses: {@link parseOcspResponse}, {@link signOcspResponse} through any `Signer`,
 *   {@link encodeOcspErrorResponse}.
 * - {@link verifyOcspResponse} / {@link verifyOcspResponseSync}: responder authority (the CA or
 *   a delegated OCSP signer), signature, CertID, time window, nonce.
 *
 * Non-goals: fetching and caching (the client in path validation), the responder service.
 * @module
 */
export { OcspError, type OcspErrorCode } from './errors';
export { OCSP_NONCE, OCSP_BASIC, type OcspParseOptions } from './_common';
export { createCertId, certIdEquals, certIdIssuedBy, type CertId, type CertIdHash } from './cert-id';
export { encodeOcspRequest, parseOcspRequest, ocspRequestToPem, type OcspRequest, type OcspSingleRequest, type OcspRequestOptions } from './request';
export {
  parseOcspResponse,
  signOcspResponse,
  encodeOcspErrorResponse,
  ocspResponseToPem,
  type OcspResponse,
  type OcspResponseStatus,
  type BasicOcspResponse,
  type OcspSingleResponse,
  type ResponderId,
  type OcspSingleResponseInit,
  type SignOcspResponseOptions,
} from './response';
export { verifyOcspResponse, verifyOcspResponseSync, type VerifyOcspResponseOptions, type OcspVerification } from './verify';
