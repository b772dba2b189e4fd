/**
 * The OCSP responder of the service (RFC 6960, with the lightweight profile of RFC 5019):
 * `POST /ocsp` with an `application/ocsp-request` body and `GET /ocsp/<base64 request>`
 * (RFC 5019 §5: the DER request, base64, URL-encoded), answered from the CA store.
 *
 * Scope: good / revoked (time and reason) / unknown for every serial asked about; a CertID of
 * another issuer gets `unauthorized` and anything unreadable `malformedRequest` (RFC 6960
 * §2.3), both as OCSP responses; a body over the limit is refused (413) before it is read.
 * Responses are signed by the CA key or by a delegated responder (id-kp-OCSPSigning, RFC 6960
 * §4.2.2.2), whose certificate is sent with them. A request without a nonce is answered from a
 * cache of pre-signed responses, one per (serial, CertID hash; `unknown` answers are not kept;
 * at most 200,000, the oldest dropped first), re-signed when less than
 * `refreshHours` remain before nextUpdate, dropped when the service revokes (the same hook
 * that re-issues the CRL) and compared with the store every `recheckSeconds` (revocations by
 * another process); a request with a nonce (RFC 8954) is signed on demand. HTTP caching
 * per RFC 5019 §6.2: `Last-Modified` (thisUpdate), `Expires` (nextUpdate), `ETag`, `Cache-Control`
 * with max-age up to nextUpdate, for GET; a nonce response is `no-store`.
 * Non-goals: signed requests (not checked, RFC 6960 §4.1.2 makes them optional), several CAs.
 * @module
 */
import { bytesEqual, toHex } from '../der/index';
import { decodeBase64 } from '../pem/index';
import { certIdIssuedBy, encodeOcspErrorResponse, parseOcspRequest, signOcspResponse, type CertId, type OcspRequest, type OcspResponseStatus, type OcspSingleResponseInit } from '../ocsp/index';
import type { Signer } from '../sig/index';
import { nameEquals, type Certificate } from '../x509/index';
import { sha256 } from '@noble/hashes/sha2.js';
import { ServerError } from './errors';
import { mediaType, readBody } from './http';
import type { _Core } from './_core';

/**
 * How the service's OCSP responder signs (option `ocsp` of `createCaService`).
 * @example
 * ```ts
 * const ocsp: OcspResponderOptions = { signer: signerFromPrivateKey(responderKey), certificate: responderCert, validityHours: 24 };
 * ```
 */
export interface OcspResponderOptions {
  /** The CA's key, or a delegated responder's. */
  readonly signer: Signer;
  /** The signer's certificate: the CA certificate (default) or a delegated responder certificate the CA issued with id-kp-OCSPSigning. */
  readonly certificate?: Certificate;
  /** nextUpdate - thisUpdate of the responses, in hours; default 24. */
  readonly validityHours?: number;
  /** A cached response is re-signed when fewer hours than this remain; default 8. */
  readonly refreshHours?: number;
  /**
   * A cached answer is compared with the store again when it is older than this many seconds
   * (default 60): a revocation made outside the service (another process on the same store)
   * is answered within that time. Revocations through the service drop the cache at once.
   */
  readonly recheckSeconds?: number;
  /** Largest OCSP request accepted, in bytes (POST body or decoded GET path); default 8192. */
  readonly maxRequestBytes?: number;
}

interface _Entry {
  readonly der: Uint8Array;
  /** Whether it may be kept: answers about serials the CA never issued are not (anyone can ask for any serial). */
  readonly keep: boolean;
  /** Whether it says revoked (compared with the store on a recheck). */
  readonly revoked: boolean;
  /** When the store was last read for it (ms). */
  checkedAt: number;
  readonly etag: string;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date;
}

const _MEDIA = 'application/ocsp-response';
const _MAX_CACHED = 200_000;

/** @internal The responder's state: signer, cache, single-flight signing. */
export class _OcspResponder {
  readonly #core: () => _Core;
  readonly #signer: Signer;
  readonly #cert: Certificate;
  readonly #delegated: boolean;
  readonly #validityMs: number;
  readonly #refreshMs: number;
  readonly #recheckMs: number;
  readonly maxRequestBytes: number;
  readonly #cache = new Map<string, _Entry>();
  readonly #pending = new Map<string, Promise<_Entry>>();
  #generation = 0;

  constructor(core: () => _Core, ca: Certificate, options: OcspResponderOptions) {
    if (options === null || typeof options !== 'object') throw new TypeError('ocsp must be { signer, certificate? }');
    const { signer } = options;
    if (signer === null || typeof signer !== 'object' || typeof signer.sign !== 'function') throw new TypeError('ocsp.signer must be a Signer');
    this.#core = core;
    this.#signer = signer;
    this.#cert = options.certificate ?? ca;
    this.#delegated = !bytesEqual(this.#cert.raw, ca.raw);
    if (this.#delegated && !nameEquals(this.#cert.issuer, ca.subject)) throw new RangeError('the delegated OCSP responder certificate must be issued by the CA');
    const validity = options.validityHours ?? 24;
    const refresh = options.refreshHours ?? 8;
    if (!(validity > 0) || !(refresh >= 0) || refresh >= validity) throw new RangeError('ocsp.validityHours must be positive and refreshHours below it');
    this.#validityMs = validity * 3_600_000;
    this.#refreshMs = refresh * 3_600_000;
    this.#recheckMs = (options.recheckSeconds ?? 60) * 1000;
    if (!(this.#recheckMs >= 0)) throw new RangeError('ocsp.recheckSeconds must be 0 or more');
    this.maxRequestBytes = options.maxRequestBytes ?? 8192;
    if (!Number.isSafeInteger(this.maxRequestBytes) || this.maxRequestBytes < 64) throw new RangeError('ocsp.maxRequestBytes must be an integer of at least 64');
  }

  /** Drops every cached response (after a revocation: the next request is signed afresh). */
  invalidate(): void {
    this.#generation++;
    this.#cache.clear();
    this.#pending.clear();
  }

  /** Number of cached responses. */
  get size(): number {
    return this.#cache.size;
  }

  /** What the store says about each CertID, at `now`. */
  async #statuses(certIds: readonly CertId[], now: Date): Promise<OcspSingleResponseInit[]> {
    const store = this.#core().store;
    const nextUpdate = new Date(now.getTime() + this.#validityMs);
    return Promise.all(
      certIds.map(async (certId) => {
        const rec = await store.get(certId.serialNumber.toString(16));
        const base = { certId, thisUpdate: now, nextUpdate };
        if (rec === undefined) return { ...base, status: 'unknown' as const };
        if (rec.revocation === undefined) return { ...base, status: 'good' as const };
        const r = rec.revocation;
        return {
          ...base,
          status: 'revoked' as const,
          revocationTime: new Date(r.date),
          // RFC 5280 §5.3.1: unspecified is better left out
          ...(r.reason !== 'unspecified' ? { revocationReason: r.reason } : {}),
        };
      }),
    );
  }

  /** Signs a response for these CertIDs (with the nonce, when given). */
  async sign(certIds: readonly CertId[], nonce: Uint8Array | undefined): Promise<_Entry> {
    const now = this.#core().now();
    const responses = await this.#statuses(certIds, now);
    const der = await signOcspResponse({
      signer: this.#signer,
      responderCertificate: this.#cert,
      responses,
      producedAt: now,
      ...(nonce !== undefined ? { nonce } : {}),
      ...(this.#delegated ? { certificates: [this.#cert] } : {}),
    });
    return {
      der,
      keep: responses.every((r) => r.status !== 'unknown'),
      revoked: responses[0]!.status === 'revoked',
      checkedAt: now.getTime(),
      etag: `"${toHex(sha256(der)).slice(0, 32)}"`,
      thisUpdate: now,
      nextUpdate: responses[0]!.nextUpdate!,
    };
  }

  /** The pre-signed response for one CertID: cached, re-signed near nextUpdate, one signing at a time. */
  async cached(certId: CertId): Promise<_Entry> {
    const key = `${certId.hashAlgorithm.oid}:${certId.serialNumber.toString(16)}`;
    const hit = this.#cache.get(key);
    const now = this.#core().now().getTime();
    if (hit !== undefined && hit.nextUpdate.getTime() - now > this.#refreshMs && hit.thisUpdate.getTime() <= now) {
      if (now - hit.checkedAt < this.#recheckMs) return hit;
      // a revocation by another process on the same store is seen here
      const rec = await this.#core().store.get(certId.serialNumber.toString(16));
      if ((rec?.revocation !== undefined) === hit.revoked) {
        hit.checkedAt = now;
        return hit;
      }
    }
    const inFlight = this.#pending.get(key);
    if (inFlight !== undefined) return inFlight;
    const gen = this.#generation;
    const p = this.sign([certId], undefined);
    this.#pending.set(key, p);
    try {
      const e = await p;
      // a revocation while signing: this answer may be stale, so it is served once, not kept
      if (gen === this.#generation && e.keep) {
        this.#cache.delete(key);
        // bounded: the oldest answer goes first (it is re-signed when asked for again)
        if (this.#cache.size >= _MAX_CACHED) this.#cache.delete(this.#cache.keys().next().value!);
        this.#cache.set(key, e);
      }
      return e;
    } finally {
      if (this.#pending.get(key) === p) this.#pending.delete(key);
    }
  }
}

function _error(status: Exclude<OcspResponseStatus, 'successful'>, http = 200): Response {
  const body = encodeOcspErrorResponse(status);
  return new Response(body as Uint8Array<ArrayBuffer>, { status: http, headers: { 'content-type': _MEDIA, 'content-length': String(body.length), 'cache-control': 'no-store' } });
}

/** The request's DER: the POST body, or the GET path's base64 (RFC 5019 §5, URL-encoded). */
async function _requestBytes(r: _OcspResponder, request: Request, encoded: string | undefined): Promise<Uint8Array> {
  if (request.method === 'POST') {
    if (mediaType(request) !== 'application/ocsp-request') throw new ServerError('unsupported-media-type', 'an OCSP request is application/ocsp-request');
    return readBody(request, r.maxRequestBytes);
  }
  if (encoded === undefined || encoded === '') throw new ServerError('bad-request', 'GET /ocsp/<base64 request>');
  if (encoded.length > r.maxRequestBytes * 2) throw new ServerError('body-too-large', `the encoded request is over ${r.maxRequestBytes * 2} characters`);
  let b64: string;
  try {
    b64 = decodeURIComponent(encoded);
  } catch (e) {
    throw new ServerError('bad-base64', 'the request path is not URL-encoded base64', { cause: e });
  }
  try {
    return decodeBase64(b64.replace(/ /g, '+'));
  } catch (e) {
    throw new ServerError('bad-base64', 'the request path is not base64', { cause: e });
  }
}

/** @internal POST /ocsp and GET /ocsp/<base64>. */
export async function _ocspRoute(core: _Core, r: _OcspResponder | undefined, request: Request, encoded: string | undefined): Promise<Response> {
  if (r === undefined) throw new ServerError('not-found', 'this service has no OCSP responder');
  let req: OcspRequest;
  try {
    req = parseOcspRequest(await _requestBytes(r, request, encoded), { maxInputSize: r.maxRequestBytes, maxEntries: 100 });
  } catch (e) {
    if (e instanceof ServerError && e.code === 'body-too-large') return _error('malformedRequest', 413);
    if (e instanceof ServerError && e.code === 'unsupported-media-type') return _error('malformedRequest', 415);
    return _error('malformedRequest');
  }
  const ids = req.requests.map((q) => q.certId);
  if (!ids.every((id) => certIdIssuedBy(id, core.ca.certificate))) return _error('unauthorized');
  let entry: _Entry;
  try {
    entry = req.nonce === undefined && ids.length === 1 ? await r.cached(ids[0]!) : await r.sign(ids, req.nonce);
  } catch {
    return _error('internalError', 500);
  }
  const headers: Record<string, string> = { 'content-type': _MEDIA, 'content-length': String(entry.der.length) };
  if (req.nonce !== undefined) headers['cache-control'] = 'no-store';
  else {
    // RFC 5019 §6.2: caches may keep the response until nextUpdate, and no longer
    const maxAge = Math.max(0, Math.floor((entry.nextUpdate.getTime() - core.now().getTime()) / 1000));
    Object.assign(headers, {
      'cache-control': `max-age=${maxAge}, public, no-transform, must-revalidate`,
      'last-modified': entry.thisUpdate.toUTCString(),
      expires: entry.nextUpdate.toUTCString(),
      etag: entry.etag,
    });
    const inm = request.headers.get('if-none-match');
    if (request.method !== 'POST' && inm !== null && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === entry.etag)) {
      delete headers['content-length'];
      return new Response(null, { status: 304, headers });
    }
  }
  return new Response(request.method === 'HEAD' ? null : (entry.der as Uint8Array<ArrayBuffer>), { status: 200, headers });
}
