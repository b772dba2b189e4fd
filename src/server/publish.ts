/**
 * Publishing: the CA certificate and the current CRL at the URLs the CA embeds in what it
 * issues (AIA caIssuers, RFC 5280 §4.2.2.1; CRL distribution points, §4.2.1.13), with HTTP
 * caching (RFC 9111 `Cache-Control`, RFC 9110 `ETag`/`Last-Modified`, `If-None-Match` → 304).
 *
 * Scope: {@link publicationUrls} and {@link withPublicationUrls} (profiles that embed those URLs),
 * the CRL keeper (re-issued after a revocation and, lazily on a request, when the latest is
 * close to its nextUpdate: no timers, so it runs on every runtime), and the two GET routes.
 * Content types per RFC 2585 §3 and §4 (`application/pkix-cert`, `application/pkix-crl`, DER).
 * Non-goals: delta CRLs, OCSP, partitioned CRLs.
 * @module
 */
import { parseCrl } from '../crl/index';
import { toHex } from '../der/index';
import { crlNumberCodec, getExtension } from '../x509/index';
import type { CertificateProfile } from '../ca/index';
import { sha256 } from '@noble/hashes/sha2.js';
import { ServerError } from './errors';
import type { _Core } from './_core';

/**
 * The URLs a service at `baseUrl` publishes: the CRL and the CA certificate.
 * @throws TypeError for a base URL that is not an absolute http(s) URL.
 * @example
 * ```ts
 * publicationUrls('https://ca.example.com') // { crl: '…/crl/ca.crl', caCertificate: '…/ca/ca.crt', ocsp: 'https://ca.example.com/ocsp' }
 * ```
 */
export function publicationUrls(baseUrl: string, name = 'ca'): { crl: string; caCertificate: string; ocsp: string } {
  let u: URL;
  try {
    u = new URL(baseUrl);
  } catch {
    throw new TypeError(`baseUrl ${JSON.stringify(baseUrl)} is not an absolute URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new TypeError('baseUrl must be an http or https URL');
  if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(name)) throw new TypeError('the publication name is 1-64 characters of a-z, 0-9, ".", "_", "-"');
  const base = u.href.replace(/\/+$/, '');
  return { crl: `${base}/crl/${name}.crl`, caCertificate: `${base}/ca/${name}.crt`, ocsp: `${base}/ocsp` };
}

/**
 * A profile that embeds the service's CRL distribution point and AIA caIssuers URLs (replacing
 * those it had), and with `{ ocsp: true }` the AIA OCSP URL of its responder (`<base>/ocsp`); pass the result to the `CertificateAuthority` the service runs. RFC 5280 §4.2.1.13
 * and §4.2.2.1 call for plain HTTP for both: a relying party fetches them before it trusts
 * anything, so give an `http://` base when the service also listens on HTTP.
 * @example
 * ```ts
 * const profiles = Object.values(BUILTIN_PROFILES).map((p) => withPublicationUrls(p, 'http://ca.example.com', 'ca', { ocsp: true }));
 * const ca = new CertificateAuthority({ certificate, signer, store, profiles });
 * ```
 */
export function withPublicationUrls(profile: CertificateProfile, baseUrl: string, name = 'ca', options: { ocsp?: boolean } = {}): CertificateProfile {
  const urls = publicationUrls(baseUrl, name);
  return {
    ...profile,
    crlDistributionPoints: [urls.crl],
    authorityInfoAccess: {
      ...(profile.authorityInfoAccess ?? {}),
      caIssuers: [urls.caCertificate],
      // RFC 5280 §4.2.2.1 id-ad-ocsp: the service's responder, when it runs one
      ...(options.ocsp === true ? { ocsp: [urls.ocsp] } : {}),
    },
  };
}

interface _CurrentCrl {
  readonly number: bigint;
  readonly der: Uint8Array;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date | undefined;
}

/** @internal Keeps the current CRL: reads the store's latest, re-issues when stale. */
export class _CrlKeeper {
  readonly #core: () => _Core;
  readonly #days: number;
  readonly #refreshMs: number;
  #cached: _CurrentCrl | undefined;
  #pending: Promise<_CurrentCrl> | undefined;
  #checking: Promise<_CurrentCrl> | undefined;

  constructor(core: () => _Core, days: number, refreshMs: number) {
    this.#core = core;
    this.#days = days;
    this.#refreshMs = refreshMs;
  }

  /** Issues a new CRL now (after a revocation); concurrent callers share one issuance. */
  async publish(principal: string): Promise<_CurrentCrl> {
    if (this.#pending !== undefined) await this.#pending.catch(() => undefined);
    const p = (async () => {
      const crl = await this.#core().ca.generateCrl({ days: this.#days, principal });
      const cur = { number: getExtension(crl, crlNumberCodec) ?? 0n, der: crl.raw.slice(), thisUpdate: crl.thisUpdate, nextUpdate: crl.nextUpdate };
      this.#cached = cur;
      return cur;
    })();
    this.#pending = p;
    try {
      return await p;
    } finally {
      if (this.#pending === p) this.#pending = undefined;
    }
  }

  /** Resolves when no CRL is being issued. */
  async idle(): Promise<void> {
    while (this.#pending !== undefined) await this.#pending.catch(() => undefined);
  }

  /**
   * The current CRL: the store's latest, re-issued first when missing or near nextUpdate.
   * Concurrent callers share one check (and so at most one re-issue).
   */
  async current(): Promise<_CurrentCrl> {
    if (this.#pending !== undefined) return this.#pending;
    if (this.#checking !== undefined) return this.#checking;
    const p = this.#check();
    this.#checking = p;
    try {
      return await p;
    } finally {
      if (this.#checking === p) this.#checking = undefined;
    }
  }

  async #check(): Promise<_CurrentCrl> {
    const core = this.#core();
    const latest = await core.store.latestCrl();
    let cur = this.#cached;
    if (latest !== undefined && (cur === undefined || cur.number !== latest.number)) {
      const crl = parseCrl(latest.der);
      cur = { number: latest.number, der: latest.der, thisUpdate: crl.thisUpdate, nextUpdate: crl.nextUpdate };
      this.#cached = cur;
    }
    const now = core.now().getTime();
    if (cur === undefined || latest === undefined || cur.nextUpdate === undefined || cur.nextUpdate.getTime() - now <= this.#refreshMs) {
      return this.publish(core.ca.certificate.subject.commonName ?? 'ca');
    }
    return cur;
  }
}

function _httpDate(d: Date): string {
  return d.toUTCString();
}

function _etagMatches(request: Request, etag: string): boolean {
  const inm = request.headers.get('if-none-match');
  if (inm === null) return false;
  return inm.trim() === '*' || inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

function _cached(request: Request, body: Uint8Array, contentType: string, etag: string, lastModified: Date, maxAge: number): Response {
  const headers = { 'content-type': contentType, etag, 'last-modified': _httpDate(lastModified), 'cache-control': `public, max-age=${Math.max(0, Math.floor(maxAge))}` };
  if (_etagMatches(request, etag)) return new Response(null, { status: 304, headers });
  return new Response(request.method === 'HEAD' ? null : (body as Uint8Array<ArrayBuffer>), { status: 200, headers: { ...headers, 'content-length': String(body.length) } });
}

/** @internal GET /ca/<name>.crt */
export function _caCertificate(core: _Core, request: Request): Response {
  const der = core.ca.certificate.raw;
  const etag = `"${toHex(sha256(der)).slice(0, 32)}"`;
  return _cached(request, der, 'application/pkix-cert', etag, core.ca.certificate.notBefore, 86_400);
}

/** @internal GET /crl/<name>.crl */
export async function _crl(core: _Core, keeper: _CrlKeeper, request: Request): Promise<Response> {
  const cur = await keeper.current();
  const now = core.now().getTime();
  const maxAge = cur.nextUpdate === undefined ? 0 : (cur.nextUpdate.getTime() - now) / 1000;
  return _cached(request, cur.der, 'application/pkix-crl', `"crl-${cur.number}"`, cur.thisUpdate, maxAge);
}

/** @internal The publication route's name part, checked. */
export function _publicationPath(core: _Core, kind: 'crl' | 'ca', file: string): void {
  if (file !== `${core.publicationName}.${kind === 'crl' ? 'crl' : 'crt'}`) throw new ServerError('not-found', `nothing is published at /${kind}/${file}`);
}
