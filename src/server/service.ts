/**
 * The CA as a network service: one handler of the web platform's shape,
 * `(request: Request, context?) => Promise<Response>`, that runs unchanged under a Node adapter,
 * `Deno.serve`, `Bun.serve` and Cloudflare Workers.
 *
 * Scope: {@link createCaService} (options, checks, the route table) and the dispatcher: every
 * route validates its input first (size, content type, credentials) and then does one thing
 * through the CA; every refusal is answered as JSON `{ error: { code, message, findings? } }`
 * with a 4xx (5xx only for our own failures, with a generic message) and appended to the audit
 * log. Routes: EST (RFC 7030) under `/.well-known/est/[<label>/]` (`est.ts`), the JSON API under
 * `/api/v1/` (`api.ts`), and publishing at `/crl/<name>.crl` and `/ca/<name>.crt`
 * (`publish.ts`), the OCSP responder at `/ocsp` (`ocsp.ts`, when the `ocsp` option is given),
 * and with the `acme` option ACME under `/acme/` (`certkit/acme`), and with the `console` option
 * the web console's page under `/ui` (its assets come from the console layer, above this one). Runtime-neutral: no timers,
 * no `node:*`. Non-goals: TLS (the adapter's), rate limiting.
 * @module
 */
import type { CertificateAuthority } from '../ca/index';
import { createAcmeServer, type AcmeServerOptions } from '../acme/index';
import { createCertId } from '../ocsp/index';
import { PasswordCache, type AuthStore } from './auth';
import { describeError, errorResponse, ServerError } from './errors';
import { _apiRoutes } from './api';
import { _estRoute } from './est';
import { _caCertificate, _crl, _CrlKeeper, _publicationPath, publicationUrls } from './publish';
import { _ocspRoute, _OcspResponder, type OcspResponderOptions } from './ocsp';
import { _auditFor, type _Call, type _Core, type _Label } from './_core';

/**
 * What a runtime adapter passes with each request.
 * @example
 * ```ts
 * const res = await service.handle(request, { clientCertificates: [leafDer, issuerDer], remoteAddress: '192.0.2.7' });
 * ```
 */
export interface RequestContext {
  /** The TLS client's certificate chain as presented, DER, leaf first. NOT verified by the adapter: the handler validates it against the CA. */
  readonly clientCertificates?: readonly Uint8Array[];
  /** The client's address, for requester metadata and the audit log. */
  readonly remoteAddress?: string;
}

/**
 * The handler's type.
 * @example
 * ```ts
 * const handler: CaHandler = service.handle; Deno.serve((req) => handler(req));
 * ```
 */
export type CaHandler = (request: Request, context?: RequestContext) => Promise<Response>;

/**
 * Serves the web console's assets (`GET /ui`, `/ui/...`): `consoleHandler` of the console layer
 * (`src/console`), which sits above `server` and is therefore passed in rather than imported.
 * @example
 * ```ts
 * const service = createCaService({ ca, auth, baseUrl, console: consoleHandler });
 * ```
 */
export type ConsoleHandler = (request: Request) => Response | Promise<Response>;

/**
 * An EST label (`/.well-known/est/<label>/...`): the profile it enrolls under.
 * @example
 * ```ts
 * const labels: Record<string, EstLabel> = { routers: { profile: 'tls-client' }, web: { profile: 'tls-server' } };
 * ```
 */
export interface EstLabel {
  /** The CA profile requests under this label are issued with. */
  readonly profile: string;
  /** simplereenroll may change the subject and subjectAltNames (default false: they must match). */
  readonly allowNameChange?: boolean;
}

/**
 * Options of {@link createCaService}.
 * @example
 * ```ts
 * const service = createCaService({ ca, auth, baseUrl: 'http://ca.example.com', labels: { routers: { profile: 'tls-client' } } });
 * ```
 */
export interface CaServiceOptions {
  /** The CA; its `store` keeps certificates, requester metadata, CRLs and the audit log. */
  readonly ca: CertificateAuthority;
  /** Users (HTTP Basic, EST) and API tokens (Bearer). */
  readonly auth: AuthStore;
  /** The public base URL; the CRL and CA certificate are published under it ({@link publicationUrls}). */
  readonly baseUrl: string;
  /** The file name the CRL and CA certificate are published under (`/crl/<name>.crl`, `/ca/<name>.crt`); default `ca`. */
  readonly publicationName?: string;
  /** EST labels; a label name is 1-64 characters of a-z, 0-9, `.`, `_`, `-`. */
  readonly labels?: Readonly<Record<string, EstLabel>>;
  /** The profile of `/.well-known/est/` without a label; default `tls-client`. */
  readonly defaultProfile?: string;
  /** Profiles a `requester` token may submit to over the API (default every profile but `sub-ca`); admins may use any. */
  readonly requesterProfiles?: readonly string[];
  /** Largest request body in bytes; default 65536. */
  readonly maxBodyBytes?: number;
  /** Validity of the CRLs the service issues, in days (default 7); re-issued when less than `crlRefreshHours` (default 24) remain. */
  readonly crlDays?: number;
  readonly crlRefreshHours?: number;
  /** The realm of the `WWW-Authenticate` challenges; default `certkit`. */
  readonly realm?: string;
  /** The clock (default `() => new Date()`). */
  readonly now?: () => Date;
  /** Runs the OCSP responder at `/ocsp` (RFC 6960 / RFC 5019), signing with the CA key or a delegated responder's; absent: no responder. */
  readonly ocsp?: OcspResponderOptions;
  /**
   * ACME (RFC 8555, `certkit/acme`) under `/acme/` (directory `/acme/directory`); off when absent.
   * Its `baseUrl` (default `<baseUrl>/acme`) is the public URL clients sign requests for.
   */
  readonly acme?: Omit<AcmeServerOptions, 'ca' | 'baseUrl' | 'now'> & { readonly baseUrl?: string };
  /**
   * The web console at `/ui` (and `/` redirecting to it); off when absent. Pass the console
   * layer's `consoleHandler`. The page talks to this service's JSON API only.
   */
  readonly console?: ConsoleHandler;
  /**
   * Told about our own failures (5xx), for the operator's log: the route and the error's name
   * and code only (never request bodies or credentials).
   */
  readonly onInternalError?: (info: { method: string; path: string; error: string }) => void;
}

/**
 * A running service.
 * @example
 * ```ts
 * const { handle, urls } = createCaService(options);
 * ```
 */
export interface CaService {
  /** The request handler (bound; pass it around freely). */
  readonly handle: CaHandler;
  /** Where the CRL and CA certificate are published. */
  readonly urls: { readonly crl: string; readonly caCertificate: string; readonly ocsp: string };
  /** Issues a fresh CRL now (e.g. at start-up). */
  publishCrl(): Promise<void>;
  /**
   * Signs the no-nonce OCSP response of every certificate in the store ahead of requests (at
   * start-up); resolves to how many. 0 without a responder.
   */
  presignOcsp(): Promise<number>;
  /** Waits for work in flight (a CRL being issued); the service holds no timers or sockets. */
  close(): Promise<void>;
}

const _LABEL = /^[a-z0-9][a-z0-9._-]{0,63}$/;

type _Route = (core: _Core, call: _Call, m: RegExpExecArray) => Promise<Response> | Response;

/**
 * Creates the service: checks the options (the profiles of the labels must exist) and returns
 * its handler.
 * @throws TypeError / RangeError for bad options; CaError `unknown-profile` for a label whose
 * profile the CA does not have.
 * @example
 * ```ts
 * const auth = new MemoryAuthStore(); await auth.addUser('device-42', 's3cret');
 * const service = createCaService({ ca, auth, baseUrl: 'http://ca.example.com', labels: { iot: { profile: 'tls-client' } } });
 * Deno.serve((req) => service.handle(req));
 * ```
 */
export function createCaService(options: CaServiceOptions): CaService {
  if (options === null || typeof options !== 'object') throw new TypeError('createCaService expects { ca, auth, baseUrl }');
  const { ca, auth } = options;
  if (ca === null || typeof ca !== 'object' || typeof ca.issue !== 'function') throw new TypeError('ca must be a CertificateAuthority');
  if (auth === null || typeof auth !== 'object' || typeof auth.findUser !== 'function' || typeof auth.findToken !== 'function') throw new TypeError('auth must implement AuthStore');
  const name = options.publicationName ?? 'ca';
  const urls = publicationUrls(options.baseUrl, name);
  const maxBodyBytes = options.maxBodyBytes ?? 65_536;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1024) throw new RangeError('maxBodyBytes must be an integer of at least 1024');
  const crlDays = options.crlDays ?? 7;
  const refreshHours = options.crlRefreshHours ?? 24;
  if (!(crlDays > 0) || !(refreshHours >= 0) || refreshHours >= crlDays * 24) throw new RangeError('crlDays must be positive and crlRefreshHours below crlDays * 24');
  const now = options.now ?? (() => new Date());
  if (typeof now !== 'function') throw new TypeError('now must be a function returning a Date');
  const labels = new Map<string, _Label>();
  for (const [label, cfg] of Object.entries(options.labels ?? {})) {
    if (!_LABEL.test(label)) throw new RangeError(`EST label ${JSON.stringify(label)} must be 1-64 characters of a-z, 0-9, '.', '_', '-'`);
    if (cfg === null || typeof cfg !== 'object' || typeof cfg.profile !== 'string') throw new TypeError(`label ${label} needs { profile }`);
    ca.profile(cfg.profile);
    labels.set(label, { name: label, profile: cfg.profile, allowNameChange: cfg.allowNameChange === true });
  }
  const defaultProfile = options.defaultProfile ?? 'tls-client';
  ca.profile(defaultProfile);
  const requesterProfiles = options.requesterProfiles ?? ca.profiles.map((p) => p.name).filter((n) => n !== 'sub-ca');
  for (const p of requesterProfiles) ca.profile(p);

  let core: _Core;
  const keeper = new _CrlKeeper(() => core, crlDays, refreshHours * 3_600_000);
  const responder = options.ocsp === undefined ? undefined : new _OcspResponder(() => core, ca.certificate, options.ocsp);
  core = {
    ca,
    store: ca.store,
    auth,
    passwords: new PasswordCache({ now }),
    labels,
    defaultLabel: { name: '', profile: defaultProfile, allowNameChange: false },
    maxBodyBytes,
    renewing: new Set(),
    realm: (options.realm ?? 'certkit').replace(/["\\]/g, ''),
    requesterProfiles,
    publicationName: name,
    now,
    publishCrl: async (principal) => {
      // a revocation: cached OCSP answers are stale from now on (as the CRL is)
      responder?.invalidate();
      await keeper.publish(principal);
    },
  };

  const acmeOptions = options.acme;
  const acme =
    acmeOptions === undefined
      ? undefined
      : createAcmeServer({
          ...acmeOptions,
          ca,
          baseUrl: acmeOptions.baseUrl ?? `${options.baseUrl.replace(/\/+$/, '')}/acme`,
          now,
          // RFC 5280 §5: a revocation by ACME reaches the published CRL (and OCSP) now, as one through the API does.
          onRevoke: async (revoked) => {
            await core.publishCrl(revoked.principal);
            await acmeOptions.onRevoke?.(revoked);
          },
        });
  const ui = options.console;
  if (ui !== undefined && typeof ui !== 'function') throw new TypeError("console must be the console layer's consoleHandler");
  const routes: [string, RegExp, _Route][] = [
    ...(acme ? [['*', /^\/acme\//, (_c, call) => acme.handle(call.request, call.address !== undefined ? { remoteAddress: call.address } : {})] as [string, RegExp, _Route]] : []),
    ['GET', /^\/ca\/([^/]+)$/, (c, call, m) => (_publicationPath(c, 'ca', m[1]!), _caCertificate(c, call.request))],
    ['GET', /^\/crl\/([^/]+)$/, (c, call, m) => (_publicationPath(c, 'crl', m[1]!), _crl(c, keeper, call.request))],
    ['POST', /^\/ocsp\/?$/, (c, call) => _ocspRoute(c, responder, call.request, undefined)],
    ['GET', /^\/ocsp\/(.+)$/, (c, call, m) => _ocspRoute(c, responder, call.request, m[1]!)],
    ['*', /^\/\.well-known\/est\/(?:([^/]+)\/)?(cacerts|simpleenroll|simplereenroll|csrattrs|serverkeygen)$/, _estRoute],
    ..._apiRoutes,
    ...(ui
      ? [
          ['GET', /^\/ui(?:\/[^]*)?$/, (_c, call) => ui(call.request)] as [string, RegExp, _Route],
          ['GET', /^\/$/, () => new Response(null, { status: 302, headers: { location: '/ui/', 'cache-control': 'no-store' } })] as [string, RegExp, _Route],
        ]
      : []),
  ];

  const handle: CaHandler = async (request, context = {}) => {
    let call: _Call | undefined;
    let publishing = false;
    try {
      if (!(request instanceof Request)) throw new TypeError('handle() expects a Request');
      const url = new URL(request.url);
      const certs = Array.isArray(context?.clientCertificates) ? context.clientCertificates.filter((c) => c instanceof Uint8Array) : [];
      const ua = request.headers.get('user-agent');
      call = {
        request,
        url,
        clientCertificates: certs,
        address: typeof context?.remoteAddress === 'string' ? context.remoteAddress.slice(0, 64) : undefined,
        userAgent: ua === null ? undefined : ua.slice(0, 256),
      };
      let allowed: string[] = [];
      for (const [method, re, route] of routes) {
        const m = re.exec(url.pathname);
        if (m === null) continue;
        // publishing and OCSP are anonymous reads: their refusals are not audited
        publishing = (method === 'GET' && !url.pathname.startsWith('/api/')) || url.pathname.startsWith('/ocsp');
        const head = request.method === 'HEAD' && method === 'GET';
        if (method !== '*' && method !== request.method && !head) {
          allowed.push(method);
          continue;
        }
        return await route(core, call, m);
      }
      allowed = [...new Set(allowed)];
      if (allowed.length > 0) throw new ServerError('method-not-allowed', `${request.method} is not allowed here; use ${allowed.join(', ')}`, { headers: { allow: allowed.join(', ') } });
      publishing = true; // an unknown path is not worth an audit entry
      throw new ServerError('not-found', `no route for ${url.pathname}`);
    } catch (e) {
      const d = describeError(e);
      if (d.status >= 500)
        options.onInternalError?.({
          method: request.method,
          path: call?.url.pathname ?? '',
          error: `${(e as Error)?.name ?? 'Error'}${(e as { code?: unknown })?.code ? ` ${String((e as { code?: unknown }).code)}` : ''}`,
        });
      // The CA appends issuance refusals itself; every other refusal of an EST or API call is
      // appended here (a failing audit store does not change the answer).
      if (call !== undefined && !publishing && d.code !== 'issuance-refused') {
        await core.store
          .appendAudit(_auditFor(call, { action: d.status === 401 || d.status === 403 ? 'deny' : 'refuse', code: d.code, message: d.message.slice(0, 500) }, now()))
          .catch(() => undefined);
      }
      const challenge = call?.method === 'api' ? `Bearer realm="${core.realm}"` : `Basic realm="${core.realm}", charset="UTF-8"`;
      return errorResponse(e, challenge);
    }
  };

  return {
    handle,
    urls,
    publishCrl: async () => {
      responder?.invalidate();
      await keeper.publish(ca.certificate.subject.commonName ?? 'ca');
    },
    presignOcsp: async () => {
      if (responder === undefined) return 0;
      let n = 0;
      for (const rec of await ca.store.list()) {
        await responder.cached(createCertId(ca.certificate, BigInt('0x' + rec.serial)));
        n++;
      }
      return n;
    },
    close: async () => {
      await keeper.idle();
    },
  };
}
