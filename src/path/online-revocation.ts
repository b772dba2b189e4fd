/**
 * Revocation checking of a validated path by OCSP and CRL, the way a relying party does it
 * online (RFC 6960, RFC 5280 §6.3): for each certificate of the path (end entity first, the
 * anchor excluded), the methods in the caller's order until one answers good or revoked.
 *
 * Scope: OCSP from stapled responses (a TLS server's, RFC 6066 §8) and from the responders of
 * the certificate's AIA (POST, RFC 6960 Appendix A.1); CRLs given by the caller and fetched
 * from the certificate's CRL distribution points (http/https fullName URIs). Every response is
 * verified (`verifyOcspResponse`: the CA or its delegated responder; `checkRevocationSync`: the
 * issuer's signature on the CRL). Fetching goes through the caller's `fetch` (default the
 * platform's), inside one time budget for the whole path and a size cap per response; answers
 * are kept in a {@link RevocationCache} until their nextUpdate. Whether "nobody could answer"
 * fails the path (`hard`) or is only reported (`soft`) is the caller's explicit choice; a revoked
 * certificate always fails. The report says which check answered, for which certificate.
 * Non-goals: signed OCSP requests, delta CRLs fetched from freshestCRL, LDAP URLs, checking a
 * delegated responder's own revocation (RFC 6960 §4.2.2.2.1 leaves it to local policy).
 * @module
 */
import { readStreamLimited } from '../der/index';
import { checkRevocationSync, parseCrl, type Crl } from '../crl/index';
import { createCertId, encodeOcspRequest, verifyOcspResponse, type OcspVerification } from '../ocsp/index';
import { authorityInfoAccessCodec, crlDistributionPointsCodec, getExtension, type Certificate } from '../x509/index';
import { ValidationError } from './errors';

/**
 * Where an answer came from: a stapled OCSP response, an AIA responder, a CRL given by the
 * caller, or a CRL fetched from a distribution point.
 * @example
 * ```ts
 * const fromNetwork = (s: RevocationSource) => s === 'ocsp' || s === 'crl-fetched';
 * ```
 */
export type RevocationSource = 'ocsp-stapled' | 'ocsp' | 'crl' | 'crl-fetched';

/**
 * Options of the online revocation check (`verifyChain(leaf, { onlineRevocation })`).
 * @example
 * ```ts
 * const r = await verifyChain(leaf, { anchors, intermediates, onlineRevocation: onlineRevocation({ methods: ['ocsp', 'crl'], failure: 'soft', stapled: [ocspDer] }) });
 * for (const c of r.revocationChecks ?? []) console.log(c.certIndex, c.status, c.source);
 * ```
 */
export interface OnlineRevocationOptions {
  /** The methods, tried in this order for each certificate; default `['ocsp', 'crl']`. */
  readonly methods?: readonly ('ocsp' | 'crl')[];
  /** `hard`: a certificate no method could answer for fails the path (revocation-unknown); `soft`: it is reported, the path passes. Required. */
  readonly failure: 'hard' | 'soft';
  /** OCSP responses already at hand (stapled by a TLS server), DER or PEM. */
  readonly stapled?: ReadonlyArray<Uint8Array | string>;
  /** CRLs already at hand, parsed or DER / PEM. */
  readonly crls?: ReadonlyArray<Crl | Uint8Array | string>;
  /** The fetch used for AIA OCSP and CRL distribution points (default `globalThis.fetch`); `false`: no network. */
  readonly fetch?: typeof fetch | false;
  /** Time budget for all fetching of one path, in ms; default 10000. */
  readonly timeoutMs?: number;
  /** Largest response accepted (OCSP or CRL), in bytes; default 1 MiB. */
  readonly maxResponseBytes?: number;
  /** Keeps answers until their nextUpdate, across calls; default: none. */
  readonly cache?: RevocationCache;
  /** Send a nonce in OCSP requests (RFC 8954); default false (responders answer from their cache). */
  readonly nonce?: boolean;
  /** Check only the end entity; default false (every certificate but the anchor). */
  readonly leafOnly?: boolean;
}

/**
 * What the check found for one certificate.
 * @example
 * ```ts
 * const c: RevocationCheck = { certIndex: 0, subject: 'CN=leaf', status: 'good', source: 'ocsp', url: 'http://ca/ocsp', attempts: [] };
 * ```
 */
export interface RevocationCheck {
  /** Position in the chain (0: the end entity). */
  readonly certIndex: number;
  readonly subject: string;
  readonly status: 'good' | 'revoked' | 'unknown';
  /** The check that answered (absent when none did). */
  readonly source?: RevocationSource;
  /** The URL fetched, when the answer was fetched. */
  readonly url?: string;
  readonly revocationTime?: Date;
  readonly reason?: string;
  /** Whether the answer came from the cache. */
  readonly cached?: boolean;
  /** Why each method that was tried did not answer. */
  readonly attempts: readonly string[];
}

interface _Cached {
  readonly until: number;
  readonly value: { kind: 'ocsp'; v: OcspVerification } | { kind: 'crl'; crl: Crl };
}

/**
 * Keeps verified OCSP answers (by issuer key and serial) and fetched CRLs (by URL) until their
 * nextUpdate; answers without a nextUpdate are not kept. Bounded: the oldest entry goes first.
 * @example
 * ```ts
 * const cache = new RevocationCache({ maxEntries: 10_000 });
 * await verifyChain(leaf, { anchors, onlineRevocation: onlineRevocation({ failure: 'hard', cache }) });
 * ```
 */
export class RevocationCache {
  readonly #map = new Map<string, _Cached>();
  readonly #max: number;

  constructor(options: { maxEntries?: number } = {}) {
    this.#max = options.maxEntries ?? 1000;
    if (!Number.isSafeInteger(this.#max) || this.#max < 1) throw new RangeError('maxEntries must be a positive integer');
  }

  /** Entries kept now. */
  get size(): number {
    return this.#map.size;
  }

  /** Drops everything. */
  clear(): void {
    this.#map.clear();
  }

  /** @internal */
  get(key: string, at: Date): _Cached['value'] | undefined {
    const e = this.#map.get(key);
    if (e === undefined) return undefined;
    if (e.until <= at.getTime()) {
      this.#map.delete(key);
      return undefined;
    }
    return e.value;
  }

  /** @internal */
  set(key: string, until: Date | undefined, value: _Cached['value']): void {
    if (until === undefined) return;
    this.#map.delete(key);
    if (this.#map.size >= this.#max) this.#map.delete(this.#map.keys().next().value!);
    this.#map.set(key, { until: until.getTime(), value });
  }
}

interface _Run {
  readonly o: OnlineRevocationOptions;
  readonly time: Date;
  readonly fetch: typeof fetch | undefined;
  readonly deadline: number;
  readonly max: number;
  readonly crls: (Crl | Uint8Array | string)[];
}

/** Reads a response body up to `max` bytes (refused beyond, without reading the rest). */
async function _read(res: Response, max: number): Promise<Uint8Array> {
  const cl = res.headers.get('content-length');
  if (cl !== null && Number(cl) > max) throw new RangeError(`the response is ${cl} bytes, over maxResponseBytes (${max})`);
  const body = await readStreamLimited(res.body, max);
  if (body === undefined) throw new RangeError(`the response is over maxResponseBytes (${max})`);
  return body;
}

async function _get(run: _Run, url: string, init: RequestInit): Promise<Uint8Array> {
  const left = run.deadline - Date.now();
  if (left <= 0) throw new RangeError('the time budget for fetching is spent');
  const res = await run.fetch!(url, { ...init, signal: AbortSignal.timeout(left), redirect: 'follow' });
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new RangeError(`HTTP ${res.status}`);
  }
  return _read(res, run.max);
}

function _uris(names: readonly { type: string; value?: unknown }[]): string[] {
  return names.filter((n) => n.type === 'uri' && typeof n.value === 'string' && /^https?:\/\//i.test(n.value)).map((n) => n.value as string);
}

function _why(e: unknown): string {
  return e instanceof Error ? `${(e as { code?: string }).code ?? e.name}: ${e.message}` : String(e);
}

type _Answer = Omit<RevocationCheck, 'certIndex' | 'subject' | 'attempts'>;

function _fromOcsp(v: OcspVerification, source: RevocationSource, url?: string, cached?: boolean): _Answer | undefined {
  if (v.status === 'unknown') return undefined;
  return {
    status: v.status,
    source,
    ...(url !== undefined ? { url } : {}),
    ...(cached ? { cached } : {}),
    ...(v.status === 'revoked' ? { revocationTime: v.revocationTime!, ...(v.revocationReason !== undefined ? { reason: v.revocationReason } : {}) } : {}),
  };
}

async function _ocsp(run: _Run, cert: Certificate, issuer: Certificate, attempts: string[]): Promise<_Answer | undefined> {
  for (const s of run.o.stapled ?? []) {
    try {
      const a = _fromOcsp(await verifyOcspResponse(s, { issuer, certificate: cert, time: run.time }), 'ocsp-stapled');
      if (a !== undefined) return a;
      attempts.push('stapled OCSP: the responder says unknown');
    } catch (e) {
      if ((e as { code?: string }).code !== 'cert-id-not-found') attempts.push(`stapled OCSP: ${_why(e)}`);
    }
  }
  const key = `ocsp:${createCertId(issuer, cert).issuerKeyHash.join(',')}:${cert.serialNumber.toString(16)}`;
  const hit = run.o.cache?.get(key, run.time);
  if (hit?.kind === 'ocsp') return _fromOcsp(hit.v, 'ocsp', undefined, true);
  const aia = getExtension(cert, authorityInfoAccessCodec) ?? [];
  const urls = _uris(aia.filter((d) => d.method === '1.3.6.1.5.5.7.48.1').map((d) => d.location));
  if (urls.length === 0) attempts.push('OCSP: no responder URL in the AIA');
  else if (run.fetch === undefined) attempts.push('OCSP: fetching is off');
  else {
    for (const url of urls) {
      try {
        const { der, nonce } = encodeOcspRequest([createCertId(issuer, cert)], { nonce: run.o.nonce === true });
        const body = await _get(run, url, { method: 'POST', body: der as Uint8Array<ArrayBuffer>, headers: { 'content-type': 'application/ocsp-request' } });
        const v = await verifyOcspResponse(body, { issuer, certificate: cert, time: run.time, ...(nonce !== undefined ? { nonce } : {}) });
        run.o.cache?.set(key, v.nextUpdate, { kind: 'ocsp', v });
        const a = _fromOcsp(v, 'ocsp', url);
        if (a !== undefined) return a;
        attempts.push(`OCSP ${url}: the responder says unknown`);
      } catch (e) {
        attempts.push(`OCSP ${url}: ${_why(e)}`);
      }
    }
  }
  return undefined;
}

function _fromCrl(cert: Certificate, issuer: Certificate, crls: ReadonlyArray<Crl | Uint8Array | string>, time: Date, source: RevocationSource, url?: string): _Answer | string {
  const s = checkRevocationSync(cert, issuer, crls, { time });
  if (s.status === 'good') return { status: 'good', source, ...(url !== undefined ? { url } : {}) };
  if (s.status === 'revoked') return { status: 'revoked', source, revocationTime: s.revocationDate, ...(s.reason !== undefined ? { reason: s.reason } : {}), ...(url !== undefined ? { url } : {}) };
  return s.why;
}

async function _crl(run: _Run, cert: Certificate, issuer: Certificate, attempts: string[]): Promise<_Answer | undefined> {
  if (run.crls.length > 0) {
    const a = _fromCrl(cert, issuer, run.crls, run.time, 'crl');
    if (typeof a !== 'string') return a;
    attempts.push(`CRL given: ${a}`);
  }
  const dps = getExtension(cert, crlDistributionPointsCodec) ?? [];
  const urls = _uris(dps.flatMap((d) => (d.distributionPoint?.type === 'fullName' ? d.distributionPoint.names : [])));
  if (urls.length === 0) attempts.push('CRL: no http distribution point');
  else if (run.fetch === undefined && !urls.some((u) => run.o.cache?.get(`crl:${u}`, run.time) !== undefined)) attempts.push('CRL: fetching is off');
  else {
    for (const url of urls) {
      try {
        const hit = run.o.cache?.get(`crl:${url}`, run.time);
        let crl: Crl;
        if (hit?.kind === 'crl') crl = hit.crl;
        else if (run.fetch === undefined) continue;
        else {
          crl = parseCrl(await _get(run, url, { method: 'GET' }));
          run.o.cache?.set(`crl:${url}`, crl.nextUpdate, { kind: 'crl', crl });
        }
        const a = _fromCrl(cert, issuer, [crl], run.time, 'crl-fetched', url);
        if (typeof a !== 'string') return { ...a, ...(hit !== undefined ? { cached: true } : {}) };
        attempts.push(`CRL ${url}: ${a}`);
      } catch (e) {
        attempts.push(`CRL ${url}: ${_why(e)}`);
      }
    }
  }
  return undefined;
}

/**
 * What `verifyChain`'s `onlineRevocation` option takes: made by {@link onlineRevocation}. A
 * separate object (rather than plain options) so an application that never checks revocation
 * online does not bundle the OCSP and CRL-fetching client.
 * @example
 * ```ts
 * const checker: OnlineRevocationChecker = onlineRevocation({ failure: 'soft' });
 * ```
 */
export interface OnlineRevocationChecker {
  /** The options it was made with. */
  readonly options: OnlineRevocationOptions;
  /**
   * Checks the path `chain` (end entity first; the last element is the anchor's certificate
   * when `anchorIncluded`) at `time` and returns what it found.
   * @throws ValidationError `revoked`, or `revocation-unknown` under `failure: 'hard'`.
   */
  check(chain: readonly Certificate[], anchorIncluded: boolean, time: Date): Promise<RevocationCheck[]>;
}

/**
 * Online revocation for {@link verifyChain}: OCSP (stapled responses, then the AIA responders)
 * and CRLs (given, then fetched from the distribution points), in the order of `methods`.
 * @throws TypeError / RangeError for bad options (checked here, before any validation).
 * @example
 * ```ts
 * const r = await verifyChain(leaf, { anchors, onlineRevocation: onlineRevocation({ failure: 'hard', stapled: [ocspDer] }) });
 * ```
 */
export function onlineRevocation(options: OnlineRevocationOptions): OnlineRevocationChecker {
  _checkOptions(options);
  return { options, check: (chain, anchorIncluded, time) => _checkOnline(chain, anchorIncluded, time, options) };
}

function _checkOptions(o: OnlineRevocationOptions): void {
  if (o === null || typeof o !== 'object') throw new TypeError('onlineRevocation expects an options object');
  if (o.failure !== 'hard' && o.failure !== 'soft') throw new TypeError("onlineRevocation: failure must be 'hard' or 'soft' (an explicit choice)");
  const methods = o.methods ?? ['ocsp', 'crl'];
  if (!Array.isArray(methods) || methods.length === 0 || methods.some((m) => m !== 'ocsp' && m !== 'crl')) throw new RangeError("onlineRevocation: methods lists 'ocsp' and/or 'crl'");
  if (o.fetch !== undefined && o.fetch !== false && typeof o.fetch !== 'function') throw new TypeError('onlineRevocation: fetch must be a fetch function or false');
}

/**
 * Checks the path `chain` (end entity first; the last element is the anchor's certificate when
 * `anchorIncluded`) and returns what it found.
 * @throws ValidationError `revoked`, or `revocation-unknown` under `failure: 'hard'`.
 */
async function _checkOnline(chain: readonly Certificate[], anchorIncluded: boolean, time: Date, o: OnlineRevocationOptions): Promise<RevocationCheck[]> {
  const methods = o.methods ?? ['ocsp', 'crl'];
  const f = o.fetch === false ? undefined : (o.fetch ?? globalThis.fetch);
  if (f !== undefined && typeof f !== 'function') throw new TypeError('onlineRevocation: this runtime has no fetch; pass one, or fetch: false');
  const run: _Run = { o, time, fetch: f, deadline: Date.now() + (o.timeoutMs ?? 10_000), max: o.maxResponseBytes ?? 1 << 20, crls: [...(o.crls ?? [])] };
  const last = anchorIncluded ? chain.length - 1 : chain.length;
  const n = o.leafOnly === true ? Math.min(1, last) : last;
  const out: RevocationCheck[] = [];
  for (let i = 0; i < n; i++) {
    const cert = chain[i]!;
    const issuer = chain[i + 1];
    const attempts: string[] = [];
    let answer: _Answer | undefined;
    if (issuer === undefined) attempts.push('the issuer is a trust anchor given as name and key');
    else {
      for (const m of methods) {
        answer = m === 'ocsp' ? await _ocsp(run, cert, issuer, attempts) : await _crl(run, cert, issuer, attempts);
        if (answer !== undefined) break;
      }
    }
    const check: RevocationCheck = { certIndex: i, subject: cert.subject.toString(), ...(answer ?? { status: 'unknown' }), attempts };
    out.push(check);
    const what = i === 0 ? 'the end-entity certificate' : `intermediate ${check.subject}`;
    if (check.status === 'revoked') {
      throw new ValidationError(
        'revoked',
        `${what} was revoked on ${check.revocationTime!.toISOString()}${check.reason ? ` (${check.reason})` : ''}, says ${check.source}${check.url ? ` ${check.url}` : ''}`,
        { certIndex: i, certificate: cert, chain },
      );
    }
    if (check.status === 'unknown' && o.failure === 'hard') {
      throw new ValidationError('revocation-unknown', `no revocation check answered for ${what} (hard-fail): ${attempts.join('; ') || 'nothing to try'}`, { certIndex: i, certificate: cert, chain });
    }
  }
  return out;
}
