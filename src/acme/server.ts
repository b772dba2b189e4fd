/**
 * The ACME server (RFC 8555): one handler `(request: Request, context?) => Promise<Response>` that
 * `createCaService` routes `/acme/...` to, or that runs on its own.
 *
 * Scope: {@link createAcmeServer}: the directory, `newNonce`, accounts (`newAccount` with
 * `onlyReturnExisting`, contact, terms; account update and deactivation), `newOrder` (dns with
 * wildcards, ip per RFC 8738), authorizations and challenges (`http-01`; `dns-01` when a TXT
 * resolver is configured; `tls-alpn-01` when a validator is, such as `certkit/node`'s), CAA
 * (RFC 8659) when a CAA resolver is configured, `finalize` through the CA (profile, lint, store, audit), certificate
 * download as `application/pem-certificate-chain`. Every POST is a JWS checked for shape, alg,
 * url, nonce (single use) and signature before anything else happens; every refusal is a problem
 * document of type `urn:ietf:params:acme:error:*` with a fresh `Replay-Nonce`, and appended to
 * the CA's audit log. `revokeCert` (by the ordering account or the certificate key) and
 * `keyChange` (key rollover); ACME Renewal Information (RFC 9773: `renewalInfo`, `replaces`).
 * External Account Binding (`eab.ts`); rate limits per account and per identifier, counted from
 * the store so they hold across instances (`limits.ts`); alternate chains by `Link` headers
 * (RFC 8555 §7.4.2, `chains.ts`); `onRevoke` so a service republishes its CRL at once;
 * tls-alpn-01 (RFC 8737) and CAA (RFC 8659, `caa.ts`) through pluggable validators.
 * @module
 */
import { CaError, canonicalSerial, type CertificateAuthority, type RevocationReason, type RequesterInfo } from '../ca/index';
import { bytesEqual, readStreamLimited } from '../der/index';
import { parseCertificate, type Certificate } from '../x509/index';
import { encodePem } from '../pem/index';
import { parsePublicKey, publicKeyFromJwk, type PublicKey } from '../keys/index';
import { AcmeError, problemDocument } from './errors';
import { base64url, fromBase64url, jwkThumbprint, verifyJws, _keyFromJwk, _parseJws, _verifyParsed, type VerifiedJws } from './jws';
import { _authzIdentifier, _authzStatus, _checkCsr, _checkIdentifier, _challengeErrorCode, _recheckOrderCaa, _refreshOrder, _validateChallenge, type _Validators } from './orders';
import type { CaaRecord } from './caa';
import { _recordOf, _suggestedWindow } from './renewal-info';
import { _checkBinding, type AcmeExternalAccountOptions } from './eab';
import { _checkAccountLimit, _checkIdentifierLimits, _limitKeys, _limitOptions, type AcmeRateLimits } from './limits';
import { _alternateChains, _chainPem, _linkAlternates } from './chains';
import { MemoryAcmeStore, NonceBook, type AcmeAccount, type AcmeAuthorization, type AcmeIdentifier, type AcmeOrder, type AcmeStore } from './store';

/**
 * Options of {@link createAcmeServer}.
 * @example
 * ```ts
 * const o: AcmeServerOptions = { ca, baseUrl: 'https://ca.example.net/acme', profile: 'tls-server' };
 * ```
 */
export interface AcmeServerOptions {
  /** The CA that issues; its store keeps the certificates (requester method `acme`) and the audit log. */
  readonly ca: CertificateAuthority;
  /** The public URL of the ACME root, e.g. `https://ca.example.net/acme`; the directory is `<baseUrl>/directory`. */
  readonly baseUrl: string;
  /** The CA profile orders are issued under (default `tls-server`). */
  readonly profile?: string;
  /** Accounts, orders, authorizations (default a new {@link MemoryAcmeStore}). */
  readonly store?: AcmeStore;
  /** A terms-of-service URL: when set, new accounts must agree to it. */
  readonly termsOfService?: string;
  /** `meta.website` of the directory. */
  readonly website?: string;
  /**
   * The http-01 fetcher: gets `http://<identifier>/.well-known/acme-challenge/<token>` (default
   * the global `fetch`). Tests and split-horizon set-ups point names elsewhere through it.
   */
  readonly http01Fetch?: (url: string, identifier: AcmeIdentifier) => Promise<Response>;
  /** The TXT resolver of dns-01 (and so of wildcard names); without it dns-01 is not offered. */
  readonly resolveTxt?: (name: string) => Promise<readonly string[]>;
  /**
   * The tls-alpn-01 validator (RFC 8737): connects to the identifier with ALPN `acme-tls/1` and
   * resolves when its certificate proves the key authorization, else throws (an `AcmeError` such
   * as `incorrect-response` is reported as is). Without it tls-alpn-01 is not offered. On Node:
   * `createTlsAlpn01Validator()` from `certkit/node`.
   */
  readonly tlsAlpn01?: (identifier: AcmeIdentifier, keyAuthorization: string) => Promise<void>;
  /**
   * The CAA resolver (RFC 8659): the CAA records at exactly this name, `[]` when it has none;
   * throws when DNS fails. With it, every validated dns identifier is checked (and re-checked at
   * finalize when the check is over 8 hours old); needs `caaIdentities`.
   */
  readonly resolveCaa?: (name: string) => Promise<readonly CaaRecord[]>;
  /** The issuer domain names CAA `issue` records name this CA by; also the directory's `meta.caaIdentities`. */
  readonly caaIdentities?: readonly string[];
  /** External Account Binding (RFC 8555 §7.3.4): pre-registered MAC keys, required by default when set. */
  readonly externalAccount?: AcmeExternalAccountOptions;
  /** Which identifiers the server will issue for (default all); `false` or a reason string refuses. */
  readonly allowIdentifier?: (identifier: AcmeIdentifier) => boolean | string;
  /** Most new orders one account may place in an hour (default unlimited); more are `rateLimited`. */
  readonly maxOrdersPerHour?: number;
  /** Per-identifier limits, counted in the store so they hold across servers ({@link AcmeRateLimits}; default none). */
  readonly rateLimits?: AcmeRateLimits;
  /**
   * Alternate chains (RFC 8555 §7.4.2), each starting with the issuing CA as another issuer signed
   * it (a cross-signed intermediate): served at `/cert/<id>/<n>`, linked `rel="alternate"` (docs/acme.md).
   */
  readonly alternateChains?: readonly (readonly Certificate[])[];
  /** Most identifiers in one order (default 100). */
  readonly maxIdentifiers?: number;
  /** Largest JWS body in bytes (default 65536). */
  readonly maxBodyBytes?: number;
  /** Lifetime of orders and authorizations in hours (default 168 = 7 days). */
  readonly orderLifetimeHours?: number;
  /** Time a challenge validation may take, in ms (default 10000). */
  readonly validationTimeoutMs?: number;
  /** Outstanding nonces kept (default 10000; the oldest are forgotten first). */
  readonly nonceCapacity?: number;
  /** The clock (default `() => new Date()`). */
  readonly now?: () => Date;
  /**
   * Called once `revokeCert` has revoked a certificate, before the client gets its answer;
   * `createCaService` publishes a new CRL (and drops cached OCSP answers) here, as for a revocation
   * through its API. What it throws is audited (`publish-failed`); the revocation stands and the
   * client gets its 200.
   */
  readonly onRevoke?: (revoked: { readonly serial: string; readonly reason: RevocationReason; readonly principal: string }) => Promise<void> | void;
}

/**
 * A running ACME server.
 * @example
 * ```ts
 * const acme = createAcmeServer({ ca, baseUrl: 'http://localhost:8080/acme' });
 * Deno.serve((req) => acme.handle(req));
 * ```
 */
export interface AcmeServer {
  /** The handler (bound). */
  readonly handle: (request: Request, context?: { readonly remoteAddress?: string }) => Promise<Response>;
  /** The directory URL. */
  readonly directoryUrl: string;
  /** The store it keeps accounts and orders in. */
  readonly store: AcmeStore;
}

const _JOSE = 'application/jose+json';

interface _Ctx {
  readonly request: Request;
  readonly address: string | undefined;
  readonly userAgent: string | undefined;
  account?: AcmeAccount;
}

/**
 * Creates an ACME server over a CA.
 * @throws TypeError / RangeError for bad options; CaError `unknown-profile` when the CA has no such profile.
 * @example
 * ```ts
 * const acme = createAcmeServer({ ca, baseUrl: 'https://ca.example.net/acme', http01Fetch: (url) => fetch(url) });
 * const res = await acme.handle(new Request('https://ca.example.net/acme/directory'));
 * ```
 */
export function createAcmeServer(options: AcmeServerOptions): AcmeServer {
  if (options === null || typeof options !== 'object') throw new TypeError('createAcmeServer expects { ca, baseUrl }');
  const { ca } = options;
  if (ca === null || typeof ca !== 'object' || typeof ca.issue !== 'function') throw new TypeError('ca must be a CertificateAuthority');
  if (typeof options.baseUrl !== 'string') throw new TypeError('baseUrl must be a string');
  const base = new URL(options.baseUrl);
  if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new RangeError('baseUrl must be http: or https:');
  const root = `${base.origin}${base.pathname.replace(/\/+$/, '')}`;
  const rootPath = base.pathname.replace(/\/+$/, '');
  const profile = options.profile ?? 'tls-server';
  ca.profile(profile);
  const store = options.store ?? new MemoryAcmeStore();
  const now = options.now ?? (() => new Date());
  const maxBody = options.maxBodyBytes ?? 65_536;
  const maxIds = options.maxIdentifiers ?? 100;
  const lifetimeMs = (options.orderLifetimeHours ?? 168) * 3_600_000;
  if (!Number.isSafeInteger(maxBody) || maxBody < 1024) throw new RangeError('maxBodyBytes must be an integer of at least 1024');
  if (!Number.isSafeInteger(maxIds) || maxIds < 1) throw new RangeError('maxIdentifiers must be a positive integer');
  if (!(lifetimeMs > 0)) throw new RangeError('orderLifetimeHours must be positive');
  const nonces = new NonceBook({ capacity: options.nonceCapacity ?? 10_000, now: () => now().getTime() });
  const validators: _Validators = {
    fetch: options.http01Fetch ?? ((url) => fetch(url, { redirect: 'follow' })),
    resolveTxt: options.resolveTxt,
    tlsAlpn01: options.tlsAlpn01,
    resolveCaa: options.resolveCaa,
    caaIdentities: options.caaIdentities ?? [],
    accountUrl: (id) => url(`/acct/${id}`),
    timeoutMs: options.validationTimeoutMs ?? 10_000,
  };
  if (options.caaIdentities !== undefined && (!Array.isArray(options.caaIdentities) || options.caaIdentities.some((d) => typeof d !== 'string' || !/^[a-z0-9.-]{1,253}$/i.test(d))))
    throw new RangeError('caaIdentities must be an array of domain names');
  if (options.resolveCaa !== undefined && validators.caaIdentities.length === 0) throw new RangeError('resolveCaa needs caaIdentities: the issuer domain names CAA records name this CA by');
  const finalizing = new Set<string>();
  const limits = _limitOptions(options.maxOrdersPerHour, options.rateLimits);
  const alternates = _alternateChains(ca.certificate, options.alternateChains);
  const validating = new Set<string>();
  const url = (path: string): string => `${root}${path}`;
  const dir = {
    newNonce: url('/new-nonce'),
    newAccount: url('/new-account'),
    newOrder: url('/new-order'),
    revokeCert: url('/revoke-cert'),
    keyChange: url('/key-change'),
    renewalInfo: url('/renewal-info'),
  };
  const directoryUrl = url('/directory');

  const reply = (status: number, body: unknown, headers: Record<string, string> = {}): Response => {
    const h = new Headers({ 'replay-nonce': nonces.issue(), 'cache-control': 'no-store', link: `<${directoryUrl}>;rel="index"`, ...headers });
    if (body === undefined) return new Response(null, { status, headers: h });
    if (typeof body === 'string') return new Response(body, { status, headers: h });
    h.set('content-type', status >= 400 ? 'application/problem+json' : 'application/json');
    return new Response(JSON.stringify(body), { status, headers: h });
  };

  const audit = async (ctx: _Ctx, action: 'refuse' | 'deny' | 'issue', code: string, message: string): Promise<void> => {
    await ca.store
      .appendAudit({
        time: now().toISOString(),
        action,
        principal: ctx.account ? `acme:${ctx.account.id}` : 'anonymous',
        method: 'acme',
        code,
        message: message.slice(0, 500),
        profile,
        ...(ctx.address !== undefined ? { address: ctx.address } : {}),
      })
      .catch(() => undefined);
  };

  /** Reads the body (bounded) and checks JWS shape, url, nonce, key and signature. */
  const authenticate = async (ctx: _Ctx, path: string, mode: 'kid' | 'jwk'): Promise<VerifiedJws & { key: PublicKey }> => {
    const type = (ctx.request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== _JOSE) throw new AcmeError('unsupported-media-type', `ACME requests are ${_JOSE} (RFC 8555 §6.2)`);
    const text = await _readText(ctx.request, maxBody);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (e) {
      throw new AcmeError('malformed', 'the body is not JSON', { cause: e });
    }
    const p = _parseJws(body, { needNonce: true });
    // RFC 8555 §6.4: the url header must be the URL the request was sent to.
    if (p.header.url !== url(path)) throw new AcmeError('unauthorized', `the JWS url ${JSON.stringify(p.header.url.slice(0, 200))} is not this resource's URL ${url(path)} (RFC 8555 §6.4)`);
    if (!nonces.consume(p.header.nonce)) throw new AcmeError('bad-nonce', 'the nonce is unknown, expired or already used; retry with the Replay-Nonce of this answer (RFC 8555 §6.5)');
    let key: PublicKey;
    if (mode === 'jwk') {
      if (p.header.jwk === undefined) throw new AcmeError('malformed', 'this request must carry the key in a jwk header, not kid (RFC 8555 §6.2)');
      key = _keyFromJwk(p.header.jwk);
    } else {
      if (p.header.kid === undefined) throw new AcmeError('malformed', 'this request must name the account in a kid header, not jwk (RFC 8555 §6.2)');
      const prefix = url('/acct/');
      const id = p.header.kid.startsWith(prefix) ? p.header.kid.slice(prefix.length) : '';
      const account = /^[A-Za-z0-9_-]{1,64}$/.test(id) ? await store.getAccount(id) : undefined;
      if (account === undefined) throw new AcmeError('account-does-not-exist', `no account ${JSON.stringify(p.header.kid.slice(0, 200))}`);
      key = publicKeyFromJwk(account.jwk);
      const verified = await _verifyParsed(p, key);
      ctx.account = account;
      if (account.status !== 'valid') throw new AcmeError('unauthorized', `the account is ${account.status}`);
      return { ...verified, key };
    }
    return { ...(await _verifyParsed(p, key)), key };
  };

  const accountBody = (a: AcmeAccount): Record<string, unknown> => ({ status: a.status, contact: a.contact, termsOfServiceAgreed: a.termsOfServiceAgreed, orders: url(`/acct/${a.id}/orders`) });
  const orderBody = (o: AcmeOrder): Record<string, unknown> => ({
    status: o.status,
    expires: o.expires,
    identifiers: o.identifiers,
    ...(o.notBefore ? { notBefore: o.notBefore } : {}),
    ...(o.notAfter ? { notAfter: o.notAfter } : {}),
    authorizations: o.authorizations.map((id) => url(`/authz/${id}`)),
    finalize: url(`/order/${o.id}/finalize`),
    ...(o.error ? { error: o.error } : {}),
    ...(o.certificateId ? { certificate: url(`/cert/${o.certificateId}`) } : {}),
  });
  const challengeBody = (z: AcmeAuthorization, i: number): Record<string, unknown> => {
    const c = z.challenges[i]!;
    return { type: c.type, url: url(`/chall/${z.id}/${i}`), status: c.status, token: c.token, ...(c.validated ? { validated: c.validated } : {}), ...(c.error ? { error: c.error } : {}) };
  };
  const authzBody = (z: AcmeAuthorization): Record<string, unknown> => {
    const status = _authzStatus(z, now());
    return { status, expires: z.expires, identifier: z.identifier, ...(z.wildcard ? { wildcard: true } : {}), challenges: z.challenges.map((_, i) => challengeBody(z, i)) };
  };

  const contacts = (raw: unknown): string[] => {
    if (raw === undefined) return [];
    if (!Array.isArray(raw) || raw.length > 10) throw new AcmeError('malformed', 'contact must be an array of at most 10 URLs');
    return raw.map((c) => {
      if (typeof c !== 'string') throw new AcmeError('malformed', 'each contact must be a string');
      if (!c.startsWith('mailto:')) throw new AcmeError('unsupported-contact', `contact ${JSON.stringify(c.slice(0, 100))}: only mailto: is supported`);
      // RFC 8555 §7.3: one address, no hfields.
      if (!/^mailto:[^@?,\s]{1,64}@[A-Za-z0-9.-]{1,253}$/.test(c)) throw new AcmeError('invalid-contact', `contact ${JSON.stringify(c.slice(0, 100))} is not one plain mailto: address`);
      return c;
    });
  };

  const ownedBy = <T extends { accountId: string }>(ctx: _Ctx, r: T | undefined, what: string): T => {
    if (r === undefined) throw new AcmeError('not-found', `no such ${what}`);
    if (r.accountId !== ctx.account!.id) throw new AcmeError('unauthorized', `this ${what} belongs to another account`);
    return r;
  };

  const newAccount = async (ctx: _Ctx): Promise<Response> => {
    const jws = await authenticate(ctx, '/new-account', 'jwk');
    const p = jws.json ?? {};
    const thumbprint = jwkThumbprint(jws.key);
    const existing = await store.findAccountByThumbprint(thumbprint);
    if (existing !== undefined) {
      ctx.account = existing;
      return reply(200, accountBody(existing), { location: url(`/acct/${existing.id}`) });
    }
    if (p.onlyReturnExisting === true) throw new AcmeError('account-does-not-exist', 'no account has this key (onlyReturnExisting)');
    const contact = contacts(p.contact);
    if (options.termsOfService !== undefined && p.termsOfServiceAgreed !== true) throw new AcmeError('user-action-required', `agree to the terms of service at ${options.termsOfService}`);
    let binding: { kid: string; principal: string | undefined } | undefined;
    if (options.externalAccount !== undefined && p.externalAccountBinding !== undefined) binding = await _checkBinding(options.externalAccount, p.externalAccountBinding, jws.key, dir.newAccount);
    else if (options.externalAccount !== undefined && options.externalAccount.required !== false)
      throw new AcmeError('external-account-required', 'this server requires an externalAccountBinding (RFC 8555 §7.3.4)');
    const account: AcmeAccount = {
      id: base64url(crypto.getRandomValues(new Uint8Array(12))),
      status: 'valid',
      contact,
      termsOfServiceAgreed: p.termsOfServiceAgreed === true,
      jwk: jws.key.toJwk(),
      thumbprint,
      createdAt: now().toISOString(),
      ...(binding ? { externalAccount: binding.principal ?? binding.kid } : {}),
    };
    await store.putAccount(account);
    ctx.account = account;
    return reply(201, accountBody(account), { location: url(`/acct/${account.id}`) });
  };

  const accountUpdate = async (ctx: _Ctx, id: string): Promise<Response> => {
    const jws = await authenticate(ctx, `/acct/${id}`, 'kid');
    if (ctx.account!.id !== id) throw new AcmeError('unauthorized', 'an account can only be read or changed with its own key');
    let a = ctx.account!;
    if (jws.json !== undefined) {
      if (jws.json.status !== undefined && jws.json.status !== 'deactivated') throw new AcmeError('malformed', 'status can only be set to "deactivated"');
      a = { ...a, ...(jws.json.contact !== undefined ? { contact: contacts(jws.json.contact) } : {}), ...(jws.json.status === 'deactivated' ? { status: 'deactivated' as const } : {}) };
      await store.putAccount(a);
    }
    return reply(200, accountBody(a), { location: url(`/acct/${a.id}`) });
  };

  const accountOrders = async (ctx: _Ctx, id: string): Promise<Response> => {
    await authenticate(ctx, `/acct/${id}/orders`, 'kid');
    if (ctx.account!.id !== id) throw new AcmeError('unauthorized', 'an account can only list its own orders');
    const ids = await store.listOrders(id);
    return reply(200, { orders: ids.slice(-1000).map((o) => url(`/order/${o}`)) });
  };

  const newOrder = async (ctx: _Ctx): Promise<Response> => {
    const jws = await authenticate(ctx, '/new-order', 'kid');
    const p = jws.json;
    await _checkAccountLimit(store, limits, ctx.account!.id, now());
    if (p === undefined || !Array.isArray(p.identifiers) || p.identifiers.length === 0) throw new AcmeError('malformed', 'newOrder needs a non-empty identifiers array');
    if (p.identifiers.length > maxIds) throw new AcmeError('rejected-identifier', `an order may hold at most ${maxIds} identifiers`);
    const ids: AcmeIdentifier[] = [];
    for (const raw of p.identifiers) {
      const id = _checkIdentifier(raw);
      if (!ids.some((x) => x.type === id.type && x.value === id.value)) ids.push(id);
    }
    const refused = ids.flatMap((id) => {
      const verdict = options.allowIdentifier?.(id) ?? true;
      const wildcardNoDns = id.type === 'dns' && id.value.startsWith('*.') && validators.resolveTxt === undefined;
      if (verdict === true && !wildcardNoDns) return [];
      const detail = wildcardNoDns ? 'wildcard names need dns-01, which this server has no resolver for' : typeof verdict === 'string' ? verdict : 'the server does not issue for this identifier';
      return [{ code: 'rejected-identifier' as const, detail, identifier: id }];
    });
    if (refused.length > 0) throw new AcmeError('rejected-identifier', `refused: ${refused.map((r) => `${r.identifier.value} (${r.detail})`).join('; ')}`, { subproblems: refused });
    await _checkIdentifierLimits(store, limits, ids, now());
    const times: { notBefore?: string; notAfter?: string } = {};
    for (const k of ['notBefore', 'notAfter'] as const) {
      if (p[k] === undefined) continue;
      if (typeof p[k] !== 'string' || Number.isNaN(Date.parse(p[k] as string))) throw new AcmeError('malformed', `${k} must be an RFC 3339 date`);
      times[k] = new Date(Date.parse(p[k] as string)).toISOString();
    }
    if (times.notBefore && times.notAfter && times.notBefore >= times.notAfter) throw new AcmeError('malformed', 'notBefore must be before notAfter');
    let replaces: string | undefined;
    if (p.replaces !== undefined) {
      // RFC 9773 §5: a certID of a certificate this account was issued.
      if (typeof p.replaces !== 'string') throw new AcmeError('malformed', 'replaces must be a certID string');
      const rec = await _recordOf(ca, p.replaces);
      if (rec.requester?.principal !== `acme:${ctx.account!.id}`) throw new AcmeError('unauthorized', 'replaces names a certificate this account was not issued');
      replaces = rec.serial;
    }
    const t = now();
    const expires = new Date(t.getTime() + lifetimeMs).toISOString();
    const authzIds: string[] = [];
    for (const id of ids) {
      const { identifier, wildcard } = _authzIdentifier(id);
      const token = (): string => base64url(crypto.getRandomValues(new Uint8Array(32)));
      const challenges = [
        ...(!wildcard ? [{ type: 'http-01' as const, token: token(), status: 'pending' as const }] : []),
        ...(validators.resolveTxt !== undefined && identifier.type === 'dns' ? [{ type: 'dns-01' as const, token: token(), status: 'pending' as const }] : []),
        // RFC 8737 §3: a wildcard is validated by dns-01 only (as public CAs do).
        ...(validators.tlsAlpn01 !== undefined && !wildcard ? [{ type: 'tls-alpn-01' as const, token: token(), status: 'pending' as const }] : []),
      ];
      const z: AcmeAuthorization = { id: base64url(crypto.getRandomValues(new Uint8Array(12))), accountId: ctx.account!.id, identifier, wildcard, status: 'pending', expires, challenges };
      await store.putAuthorization(z);
      authzIds.push(z.id);
    }
    const order: AcmeOrder = {
      id: base64url(crypto.getRandomValues(new Uint8Array(12))),
      accountId: ctx.account!.id,
      status: 'pending',
      expires,
      identifiers: ids,
      authorizations: authzIds,
      ...times,
      ...(replaces ? { replaces } : {}),
      created: t.toISOString(),
      limitKeys: _limitKeys(limits, ctx.account!.id, ids),
    };
    await store.putOrder(order);
    return reply(201, orderBody(order), { location: url(`/order/${order.id}`) });
  };

  const getOrder = async (ctx: _Ctx, id: string): Promise<Response> => {
    await authenticate(ctx, `/order/${id}`, 'kid');
    const o = await _refreshOrder(store, ownedBy(ctx, await store.getOrder(id), 'order'), now());
    return reply(200, orderBody(o), { location: url(`/order/${o.id}`), ...(o.status === 'processing' ? { 'retry-after': '1' } : {}) });
  };

  const getAuthz = async (ctx: _Ctx, id: string): Promise<Response> => {
    const jws = await authenticate(ctx, `/authz/${id}`, 'kid');
    let z = ownedBy(ctx, await store.getAuthorization(id), 'authorization');
    if (jws.json !== undefined) {
      // RFC 8555 §7.5.2: the client may deactivate a pending or valid authorization.
      if (jws.json.status !== 'deactivated') throw new AcmeError('malformed', 'an authorization can only be updated to status "deactivated"');
      const s = _authzStatus(z, now());
      if (s !== 'pending' && s !== 'valid') throw new AcmeError('malformed', `a ${s} authorization cannot be deactivated`);
      z = { ...z, status: 'deactivated' };
      await store.putAuthorization(z);
    }
    return reply(200, authzBody(z), { location: url(`/authz/${z.id}`) });
  };

  const challenge = async (ctx: _Ctx, authzId: string, index: string): Promise<Response> => {
    const jws = await authenticate(ctx, `/chall/${authzId}/${index}`, 'kid');
    let z = ownedBy(ctx, await store.getAuthorization(authzId), 'challenge');
    const i = Number(index);
    if (!Number.isSafeInteger(i) || i < 0 || i >= z.challenges.length) throw new AcmeError('not-found', 'no such challenge');
    const up = { link: `<${url(`/authz/${z.id}`)}>;rel="up"` };
    // POST-as-GET reads; a JSON payload ({}) asks for validation (RFC 8555 §7.5.1).
    if (jws.json === undefined) return reply(200, challengeBody(z, i), up);
    const status = _authzStatus(z, now());
    if (status === 'pending' && z.challenges[i]!.status === 'pending' && !validating.has(z.id)) {
      validating.add(z.id);
      try {
        z = await _validateChallenge(store, validators, z, i, ctx.account!, now);
      } finally {
        validating.delete(z.id);
      }
      if (z.status === 'invalid')
        await audit(ctx, 'refuse', _challengeErrorCode(z.challenges[i]!.error), `${z.challenges[i]!.type} for ${z.identifier.value} failed: ${String(z.challenges[i]!.error?.detail ?? '')}`);
    } else if (status !== 'pending' && z.challenges[i]!.status === 'pending') {
      throw new AcmeError('malformed', `the authorization is ${status}; its challenges can no longer be answered`);
    }
    return reply(200, challengeBody(z, i), up);
  };

  const finalize = async (ctx: _Ctx, id: string): Promise<Response> => {
    const jws = await authenticate(ctx, `/order/${id}/finalize`, 'kid');
    let o = await _refreshOrder(store, ownedBy(ctx, await store.getOrder(id), 'order'), now());
    if (o.status !== 'ready' || finalizing.has(o.id)) throw new AcmeError('order-not-ready', `the order is ${finalizing.has(o.id) ? 'processing' : o.status}, not ready (RFC 8555 §7.4)`);
    if (jws.json === undefined || typeof jws.json.csr !== 'string') throw new AcmeError('malformed', 'finalize needs { csr: base64url(DER) }');
    const der = fromBase64url(jws.json.csr, 'csr');
    const csr = _checkCsr(der, o, jws.key);
    await _recheckOrderCaa(store, validators, o, now());
    finalizing.add(o.id);
    try {
      o = { ...o, status: 'processing' };
      // compare-and-set: another server sharing the store may be finalizing this order right now
      if (!(await store.replaceOrderIf(o, 'ready'))) throw new AcmeError('order-not-ready', 'the order is already being finalized (processing, RFC 8555 §7.4)');
      const requester: RequesterInfo = {
        principal: `acme:${ctx.account!.id}`,
        method: 'acme',
        ...(ctx.address !== undefined ? { address: ctx.address } : {}),
        ...(ctx.userAgent !== undefined ? { userAgent: ctx.userAgent } : {}),
        metadata: { acmeOrder: o.id, ...(ctx.account!.externalAccount ? { externalAccount: ctx.account!.externalAccount.slice(0, 200) } : {}) },
        ...(o.replaces ? { renewalOf: o.replaces } : {}),
      };
      const validity = o.notBefore || o.notAfter ? { ...(o.notBefore ? { notBefore: new Date(o.notBefore) } : {}), ...(o.notAfter ? { notAfter: new Date(o.notAfter) } : {}) } : undefined;
      let issued;
      try {
        // The subject is the CA's choice (RFC 8555 §7.4 leaves it open): the first name that
        // fits a commonName (64 characters), as public ACME CAs do; the CSR's own is not used.
        const cn = o.identifiers.find((i) => i.type === 'dns' && i.value.length <= 64) ?? o.identifiers.find((i) => i.value.length <= 64);
        issued = await ca.issue(csr, { profile, requester, subjectOverride: cn ? { CN: cn.value } : {}, ...(validity ? { validity } : {}) });
      } catch (e) {
        o = { ...o, status: 'ready' };
        await store.putOrder(o);
        if (e instanceof CaError) {
          const f = e.findings?.map((x) => x.message).join('; ');
          throw new AcmeError('bad-csr', `the CA refused the request: ${e.message}${f ? ` (${f})` : ''}`, { cause: e });
        }
        throw e;
      }
      const pem = issued.chain.map((c) => encodePem('CERTIFICATE', c.raw)).join('');
      const certificateId = base64url(crypto.getRandomValues(new Uint8Array(12)));
      await store.putCertificate(certificateId, { accountId: ctx.account!.id, serial: issued.serial, pem });
      o = { ...o, status: 'valid', certificateId, serial: issued.serial };
      await store.putOrder(o);
    } finally {
      finalizing.delete(id);
    }
    return reply(200, orderBody(o), { location: url(`/order/${o.id}`) });
  };

  /** RFC 8555 §7.4.2: the default chain at /cert/<id>, alternates at /cert/<id>/<n>, each linking the others. */
  const certificate = async (ctx: _Ctx, id: string, alt?: string): Promise<Response> => {
    const n = alt === undefined ? 0 : Number(alt);
    await authenticate(ctx, `/cert/${id}${alt === undefined ? '' : `/${alt}`}`, 'kid');
    const c = ownedBy(ctx, await store.getCertificate(id), 'certificate');
    if (n > alternates.length || (alt !== undefined && n < 1)) throw new AcmeError('not-found', `no alternate chain ${alt} (this CA has ${alternates.length})`);
    const res = reply(200, n === 0 ? c.pem : _chainPem(c.pem, alternates[n - 1]!), { 'content-type': 'application/pem-certificate-chain' });
    return _linkAlternates(res, url(`/cert/${id}`), n, alternates.length);
  };

  // RFC 8555 §7.6 / RFC 5280 §5.3.1: the reason codes a subscriber may give.
  const REASONS: Record<number, RevocationReason> = { 0: 'unspecified', 1: 'keyCompromise', 3: 'affiliationChanged', 4: 'superseded', 5: 'cessationOfOperation' };

  /** RFC 8555 §7.6: by the account that ordered it (kid) or by the certificate's own key (jwk). */
  const revokeCert = async (ctx: _Ctx): Promise<Response> => {
    const p = await _peekHeader(ctx.request.clone(), maxBody);
    const jws = await authenticate(ctx, '/revoke-cert', p.jwk !== undefined ? 'jwk' : 'kid');
    if (jws.json === undefined || typeof jws.json.certificate !== 'string') throw new AcmeError('malformed', 'revokeCert needs { certificate: base64url(DER), reason? }');
    const der = fromBase64url(jws.json.certificate, 'certificate');
    let cert;
    try {
      cert = parseCertificate(der);
    } catch (e) {
      throw new AcmeError('malformed', `the certificate does not parse: ${(e as Error).message}`, { cause: e });
    }
    const reasonCode = jws.json.reason ?? 0;
    const reason = typeof reasonCode === 'number' ? REASONS[reasonCode] : undefined;
    if (reason === undefined) throw new AcmeError('bad-revocation-reason', `reason ${JSON.stringify(reasonCode)} is not one of 0, 1, 3, 4, 5 (RFC 5280 §5.3.1)`);
    const serial = canonicalSerial(cert.serialNumberHex);
    const status = await ca.status(serial);
    if (status.record === undefined || !bytesEqual(status.record.der, der)) throw new AcmeError('not-found', 'this CA did not issue that certificate');
    if (ctx.account !== undefined) {
      if (status.record.requester?.principal !== `acme:${ctx.account.id}`) throw new AcmeError('unauthorized', 'the account did not order this certificate; sign with the certificate key instead');
    } else if (!jws.key.equals(parsePublicKey(cert.rawSpki))) {
      throw new AcmeError('unauthorized', "the jwk is not the certificate's key");
    }
    if (status.status === 'revoked') throw new AcmeError('already-revoked', `certificate ${serial} is already revoked`);
    const principal = ctx.account ? `acme:${ctx.account.id}` : 'acme:certificate-key';
    await ca.revoke(serial, reason, { principal });
    // RFC 5280 §5 / RFC 8555 §7.6: the next CRL (and OCSP answer) should show it, now. The
    // revocation stands even when publishing fails; the failure is audited.
    if (options.onRevoke !== undefined) {
      try {
        await options.onRevoke({ serial, reason, principal });
      } catch (e) {
        await audit(ctx, 'refuse', 'publish-failed', `revoked ${serial}, but publishing it failed: ${(e as Error)?.message ?? String(e)}`);
      }
    }
    return reply(200, undefined);
  };

  /** RFC 8555 §7.3.5: an inner JWS by the new key, inside the account's outer JWS. */
  const keyChange = async (ctx: _Ctx): Promise<Response> => {
    const outer = await authenticate(ctx, '/key-change', 'kid');
    const inner = await verifyJws(outer.json);
    if (inner.header.url !== url('/key-change')) throw new AcmeError('malformed', 'the inner JWS url must be the keyChange URL');
    if (inner.header.nonce !== undefined) throw new AcmeError('malformed', 'the inner JWS must not have a nonce (RFC 8555 §7.3.5)');
    const body = inner.json ?? {};
    if (body.account !== url(`/acct/${ctx.account!.id}`)) throw new AcmeError('malformed', 'the inner payload account must be the account URL of the outer kid');
    let oldKey: PublicKey;
    try {
      oldKey = publicKeyFromJwk(body.oldKey as never);
    } catch (e) {
      throw new AcmeError('malformed', 'the inner payload oldKey is not a JWK', { cause: e });
    }
    if (!oldKey.equals(outer.key)) throw new AcmeError('malformed', "oldKey is not the account's current key");
    const thumbprint = jwkThumbprint(inner.key);
    const taken = await store.findAccountByThumbprint(thumbprint);
    if (taken !== undefined) throw new AcmeError('malformed', 'another account already has the new key', { headers: { location: url(`/acct/${taken.id}`) } });
    const a: AcmeAccount = { ...ctx.account!, jwk: inner.key.toJwk(), thumbprint };
    await store.putAccount(a);
    return reply(200, accountBody(a), { location: url(`/acct/${a.id}`) });
  };

  type R = (ctx: _Ctx, ...m: string[]) => Promise<Response>;
  const SEG = '([A-Za-z0-9_-]{1,64})';
  const routes: [RegExp, R][] = [
    [/^\/new-account$/, newAccount],
    [/^\/new-order$/, newOrder],
    [/^\/revoke-cert$/, revokeCert],
    [/^\/key-change$/, keyChange],
    [new RegExp(`^/acct/${SEG}$`), accountUpdate],
    [new RegExp(`^/acct/${SEG}/orders$`), accountOrders],
    [new RegExp(`^/order/${SEG}$`), getOrder],
    [new RegExp(`^/order/${SEG}/finalize$`), finalize],
    [new RegExp(`^/authz/${SEG}$`), getAuthz],
    [new RegExp(`^/chall/${SEG}/([0-9]{1,2})$`), challenge],
    [new RegExp(`^/cert/${SEG}$`), certificate],
    [new RegExp(`^/cert/${SEG}/([0-9]{1,2})$`), certificate],
  ];

  const handle = async (request: Request, context: { readonly remoteAddress?: string } = {}): Promise<Response> => {
    if (!(request instanceof Request)) throw new TypeError('handle() expects a Request');
    const ua = request.headers.get('user-agent');
    const ctx: _Ctx = { request, address: typeof context?.remoteAddress === 'string' ? context.remoteAddress.slice(0, 64) : undefined, userAgent: ua === null ? undefined : ua.slice(0, 256) };
    const pathname = new URL(request.url).pathname;
    const path = pathname.startsWith(`${rootPath}/`) ? pathname.slice(rootPath.length) : pathname;
    try {
      if (path === '/directory') {
        if (request.method !== 'GET' && request.method !== 'HEAD') throw new AcmeError('method-not-allowed', 'the directory is read with GET', { headers: { allow: 'GET, HEAD' } });
        const meta = {
          ...(options.termsOfService ? { termsOfService: options.termsOfService } : {}),
          ...(options.website ? { website: options.website } : {}),
          externalAccountRequired: options.externalAccount !== undefined && options.externalAccount.required !== false,
          ...(validators.caaIdentities.length > 0 ? { caaIdentities: validators.caaIdentities } : {}),
        };
        const res = new Response(JSON.stringify({ ...dir, meta }), { status: 200, headers: { 'content-type': 'application/json', 'cache-control': 'public, max-age=60' } });
        return res;
      }
      if (path === '/new-nonce') {
        // RFC 8555 §7.2: HEAD answers 200, GET 204; never cached.
        if (request.method === 'HEAD') return reply(200, undefined);
        if (request.method === 'GET') return reply(204, undefined);
        throw new AcmeError('method-not-allowed', 'newNonce takes HEAD or GET', { headers: { allow: 'HEAD, GET' } });
      }
      const ari = /^\/renewal-info\/([A-Za-z0-9_.-]{3,200})$/.exec(path);
      if (ari !== null) {
        // RFC 9773 §4.1: a plain GET, no JWS; Retry-After says when to ask again.
        if (request.method !== 'GET') throw new AcmeError('method-not-allowed', 'renewalInfo is read with GET', { headers: { allow: 'GET' } });
        const rec = await _recordOf(ca, ari[1]!);
        return reply(200, { suggestedWindow: _suggestedWindow(rec, now()) }, { 'retry-after': rec.revocation ? '60' : '21600' });
      }
      for (const [re, route] of routes) {
        const m = re.exec(path);
        if (m === null) continue;
        // RFC 8555 §6.3: every other resource is POST (POST-as-GET to read).
        if (request.method !== 'POST') throw new AcmeError('method-not-allowed', 'ACME resources take POST (POST-as-GET to read, RFC 8555 §6.3)', { headers: { allow: 'POST' } });
        return await route(ctx, ...m.slice(1));
      }
      throw new AcmeError('not-found', `no ACME resource at ${pathname}`);
    } catch (e) {
      const doc = problemDocument(e);
      if (doc.code !== 'not-found' && doc.code !== 'method-not-allowed') await audit(ctx, doc.status === 401 || doc.status === 403 ? 'deny' : 'refuse', doc.code, (e as Error)?.message ?? '');
      return reply(doc.status, doc.body, e instanceof AcmeError ? e.headers : {});
    }
  };

  return { handle, directoryUrl, store };
}

/** The `jwk` of a request's protected header, if it has one (to pick the revokeCert mode). */
async function _peekHeader(request: Request, limit: number): Promise<{ jwk?: unknown }> {
  try {
    const o = JSON.parse(await _readText(request, limit)) as { protected?: unknown };
    return typeof o.protected === 'string' ? (JSON.parse(new TextDecoder().decode(fromBase64url(o.protected))) as { jwk?: unknown }) : {};
  } catch {
    return {}; // the real read reports the problem
  }
}

/** The body as text, at most `limit` bytes (by Content-Length and while reading). */
async function _readText(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > limit) throw new AcmeError('body-too-large', `the body is over ${limit} bytes`);
  const all = await readStreamLimited(request.body, limit);
  if (all === undefined) throw new AcmeError('body-too-large', `the body is over ${limit} bytes`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(all);
  } catch (e) {
    throw new AcmeError('malformed', 'the body is not UTF-8', { cause: e });
  }
}
