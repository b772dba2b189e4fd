/**
 * @internal Orders, authorizations and challenges (RFC 8555 §7.1.3-§7.1.6, §7.4, §8): identifier
 * checks (dns with wildcards, ip per RFC 8738), the status rules of §7.1.6, challenge validation
 * (`http-01` through a pluggable fetcher, `dns-01` through a pluggable TXT resolver, `tls-alpn-01`
 * through a pluggable validator), the CAA check (RFC 8659, `caa.ts`) after a successful
 * validation and again at finalize when it is old, and the CSR check of finalize. Not exported from the layer; `server.ts` routes to it.
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { readStreamLimited } from '../der/index';
import { parseCsr, type Csr } from '../csr/index';
import { formatIpAddress, getExtension, parseIpAddress, subjectAltNameCodec } from '../x509/index';
import { publicKeyFromJwk, parsePublicKey, type PublicKey } from '../keys/index';
import { AcmeError, acmeErrorType, problemDocument, type AcmeErrorCode, type AcmeSubproblem } from './errors';
import { base64url, keyAuthorization } from './jws';
import { checkCaa, type CaaRecord } from './caa';
import type { AcmeAccount, AcmeAuthorization, AcmeChallenge, AcmeIdentifier, AcmeOrder, AcmeStore } from './store';

/** @internal What validation needs from the server's options. */
export interface _Validators {
  readonly fetch: (url: string, identifier: AcmeIdentifier) => Promise<Response>;
  readonly resolveTxt: ((name: string) => Promise<readonly string[]>) | undefined;
  readonly tlsAlpn01: ((identifier: AcmeIdentifier, keyAuthorization: string) => Promise<void>) | undefined;
  readonly resolveCaa: ((name: string) => Promise<readonly CaaRecord[]>) | undefined;
  readonly caaIdentities: readonly string[];
  /** The account URL (`accounturi` of RFC 8657). */
  readonly accountUrl: (id: string) => string;
  readonly timeoutMs: number;
}

/**
 * @internal The CAA check of one authorization (RFC 8659; dns identifiers only), with the method
 * of the challenge that validated it (RFC 8657 validationmethods).
 */
async function _checkAuthzCaa(v: _Validators, z: AcmeAuthorization, method: string): Promise<void> {
  if (v.resolveCaa === undefined || z.identifier.type !== 'dns') return;
  await checkCaa(z.identifier.value, v.resolveCaa, { identities: v.caaIdentities, accountUri: v.accountUrl(z.accountId), method, wildcard: z.wildcard });
}

/** BR §3.2.2.8: a CAA answer may be relied on for 8 hours; finalize re-checks older ones. */
const _CAA_REUSE_MS = 8 * 3_600_000;

/**
 * @internal Finalize's CAA re-check (BR §3.2.2.8): every authorization of the order whose
 * validation (and so its CAA check) is older than 8 hours is checked again.
 * @throws AcmeError `caa` or `dns`, with a subproblem per refused identifier.
 */
export async function _recheckOrderCaa(store: AcmeStore, v: _Validators, order: AcmeOrder, now: Date): Promise<void> {
  if (v.resolveCaa === undefined) return;
  for (const id of order.authorizations) {
    const z = await store.getAuthorization(id);
    const ch = z?.challenges.find((c) => c.status === 'valid');
    if (z === undefined || ch === undefined) continue;
    if (ch.validated !== undefined && now.getTime() - Date.parse(ch.validated) < _CAA_REUSE_MS) continue;
    await _withTimeout(_checkAuthzCaa(v, z, ch.type), v.timeoutMs);
  }
}

const _LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** @internal Checks and normalizes one identifier of a new order. */
export function _checkIdentifier(raw: unknown): AcmeIdentifier {
  if (raw === null || typeof raw !== 'object') throw new AcmeError('malformed', 'each identifier must be { type, value }');
  const { type, value } = raw as Record<string, unknown>;
  if (typeof value !== 'string' || value.length === 0) throw new AcmeError('malformed', 'an identifier value must be a non-empty string');
  if (type === 'ip') {
    let bytes: Uint8Array;
    try {
      bytes = parseIpAddress(value);
    } catch (e) {
      throw new AcmeError('malformed', `ip identifier ${JSON.stringify(value.slice(0, 64))} is not an IPv4 or IPv6 address (RFC 8738 §3)`, { cause: e });
    }
    return { type: 'ip', value: formatIpAddress(bytes) };
  }
  if (type !== 'dns') throw new AcmeError('unsupported-identifier', `identifier type ${JSON.stringify(String(type).slice(0, 32))} is not supported (dns, ip)`);
  const v = value.toLowerCase();
  const name = v.startsWith('*.') ? v.slice(2) : v;
  const ok = name.length <= 253 && name.split('.').every((l) => _LABEL.test(l)) && !/^[0-9.]+$/.test(name);
  if (!ok)
    throw new AcmeError('rejected-identifier', `dns identifier ${JSON.stringify(value.slice(0, 64))} is not a host name (LDH labels; a wildcard only as a leading "*.")`, {
      subproblems: [{ code: 'rejected-identifier', detail: 'not a host name', identifier: { type: 'dns', value: value.slice(0, 253) } }],
    });
  return { type: 'dns', value: v };
}

/** @internal The authorization identifier of an order identifier (wildcard stripped). */
export function _authzIdentifier(id: AcmeIdentifier): { identifier: AcmeIdentifier; wildcard: boolean } {
  return id.type === 'dns' && id.value.startsWith('*.') ? { identifier: { type: 'dns', value: id.value.slice(2) }, wildcard: true } : { identifier: id, wildcard: false };
}

/** @internal An authorization's status at a time (§7.1.6: a pending one expires). */
export function _authzStatus(z: AcmeAuthorization, now: Date): AcmeAuthorization['status'] {
  if ((z.status === 'pending' || z.status === 'valid') && Date.parse(z.expires) <= now.getTime()) return 'expired';
  return z.status;
}

/**
 * @internal §7.1.6: an order is pending until all its authorizations are valid (then ready), and
 * invalid when one of them is invalid, deactivated, expired or revoked, or when it expires
 * before it is valid. Stores the change.
 */
export async function _refreshOrder(store: AcmeStore, order: AcmeOrder, now: Date): Promise<AcmeOrder> {
  if (order.status === 'valid' || order.status === 'invalid' || order.status === 'processing') return order;
  let next: AcmeOrder['status'] = order.status;
  let error: Record<string, unknown> | undefined;
  if (Date.parse(order.expires) <= now.getTime()) {
    next = 'invalid';
    error = problemDocument(new AcmeError('malformed', 'the order expired')).body;
  } else if (order.status === 'pending') {
    const statuses = await Promise.all(
      order.authorizations.map(async (id) => {
        const z = await store.getAuthorization(id);
        return z === undefined ? 'invalid' : _authzStatus(z, now);
      }),
    );
    if (statuses.every((s) => s === 'valid')) next = 'ready';
    else if (statuses.some((s) => s !== 'pending' && s !== 'valid')) {
      next = 'invalid';
      error = problemDocument(new AcmeError('unauthorized', 'an authorization of the order failed, expired or was deactivated')).body;
    }
  }
  if (next === order.status) return order;
  const updated: AcmeOrder = { ...order, status: next, ...(error ? { error } : {}) };
  await store.putOrder(updated);
  return updated;
}

async function _readCapped(res: Response, limit: number): Promise<string> {
  const body = await readStreamLimited(res.body, limit);
  if (body === undefined) throw new AcmeError('incorrect-response', `the challenge response is longer than ${limit} bytes`);
  return new TextDecoder().decode(body);
}

async function _validateHttp01(v: _Validators, identifier: AcmeIdentifier, expected: string, token: string): Promise<void> {
  const host = identifier.type === 'ip' && identifier.value.includes(':') ? `[${identifier.value}]` : identifier.value;
  const url = `http://${host}/.well-known/acme-challenge/${token}`;
  let res: Response;
  try {
    res = await v.fetch(url, identifier);
  } catch (e) {
    throw new AcmeError('connection', `fetching ${url} failed: ${(e as Error)?.message ?? String(e)}`, { cause: e });
  }
  if (res.status !== 200) {
    await res.body?.cancel().catch(() => undefined);
    throw new AcmeError('incorrect-response', `${url} answered HTTP ${res.status}, not 200 with the key authorization (RFC 8555 §8.3)`);
  }
  // RFC 8555 §8.3: the server SHOULD ignore whitespace characters at the end of the body.
  const body = (await _readCapped(res, 1024)).replace(/[ \t\r\n]+$/, '');
  if (body !== expected) throw new AcmeError('incorrect-response', `${url} did not answer the key authorization of the account (RFC 8555 §8.3)`);
}

async function _validateDns01(v: _Validators, identifier: AcmeIdentifier, expected: string): Promise<void> {
  const name = `_acme-challenge.${identifier.value}`;
  let records: readonly string[];
  try {
    records = await v.resolveTxt!(name);
  } catch (e) {
    throw new AcmeError('dns', `the TXT lookup of ${name} failed: ${(e as Error)?.message ?? String(e)}`, { cause: e });
  }
  // RFC 8555 §8.4: base64url(SHA-256(key authorization)) in one of the TXT records.
  const digest = base64url(sha256(new TextEncoder().encode(expected)));
  if (!records.includes(digest)) throw new AcmeError('incorrect-response', `no TXT record at ${name} holds the digest of the key authorization (RFC 8555 §8.4)`);
}

async function _validateTlsAlpn01(v: _Validators, identifier: AcmeIdentifier, expected: string): Promise<void> {
  try {
    await v.tlsAlpn01!(identifier, expected);
  } catch (e) {
    if (e instanceof AcmeError) throw e;
    throw new AcmeError('connection', `tls-alpn-01 for ${identifier.value} failed: ${(e as Error)?.message ?? String(e)}`, { cause: e });
  }
}

/**
 * @internal Validates one challenge now (RFC 8555 §7.5.1) and stores the outcome: the challenge
 * and its authorization become valid or invalid. Returns the updated authorization.
 */
export async function _validateChallenge(store: AcmeStore, v: _Validators, z: AcmeAuthorization, index: number, account: AcmeAccount, now: () => Date): Promise<AcmeAuthorization> {
  const ch = z.challenges[index]!;
  const key = publicKeyFromJwk(account.jwk);
  const expected = keyAuthorization(ch.token, key);
  let outcome: AcmeChallenge;
  try {
    const work =
      ch.type === 'http-01'
        ? _validateHttp01(v, z.identifier, expected, ch.token)
        : ch.type === 'tls-alpn-01'
          ? _validateTlsAlpn01(v, z.identifier, expected)
          : _validateDns01(v, z.identifier, expected);
    await _withTimeout(work, v.timeoutMs);
    // RFC 8555 §6.7 / RFC 8659: CAA is checked once control is proven, with the method used.
    await _withTimeout(_checkAuthzCaa(v, z, ch.type), v.timeoutMs);
    outcome = { ...ch, status: 'valid', validated: now().toISOString() };
  } catch (e) {
    const doc = problemDocument(e instanceof AcmeError ? e : new AcmeError('connection', 'the validation failed', { cause: e }));
    outcome = { type: ch.type, token: ch.token, status: 'invalid', error: { ...doc.body, ...(e instanceof AcmeError ? {} : {}) } };
  }
  // §7.1.6: one valid challenge makes the authorization valid; a failed one makes it invalid.
  const updated: AcmeAuthorization = { ...z, status: outcome.status === 'valid' ? 'valid' : 'invalid', challenges: z.challenges.map((c, i) => (i === index ? outcome : c)) };
  await store.putAuthorization(updated);
  return updated;
}

const _CHALLENGE_CODES: readonly AcmeErrorCode[] = ['incorrect-response', 'connection', 'dns', 'caa', 'unauthorized', 'server-internal'];

/** @internal The error code of a failed challenge's stored problem document (for the audit log). */
export function _challengeErrorCode(error: Readonly<Record<string, unknown>> | undefined): AcmeErrorCode {
  return _CHALLENGE_CODES.find((c) => acmeErrorType(c).type === error?.type) ?? 'incorrect-response';
}

function _withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AcmeError('connection', `the validation took longer than ${ms} ms`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/**
 * @internal RFC 8555 §7.4: the CSR must name exactly the order's identifiers (subjectAltName dNSName
 * and iPAddress; a commonName, if any, must be one of them), and its key must not be the
 * account key (§11.1).
 */
export function _checkCsr(der: Uint8Array, order: AcmeOrder, accountKey: PublicKey): Csr {
  let csr: Csr;
  try {
    csr = parseCsr(der);
  } catch (e) {
    throw new AcmeError('bad-csr', `the CSR does not parse: ${(e as Error).message}`, { cause: e });
  }
  let names: { type: string; value: string }[];
  try {
    names = (getExtension(csr, subjectAltNameCodec) ?? []).map((g) => {
      if (g.type === 'dns') return { type: 'dns', value: g.value.toLowerCase() };
      if (g.type === 'ip') return { type: 'ip', value: formatIpAddress(g.value) };
      return { type: g.type, value: '' };
    });
  } catch (e) {
    throw new AcmeError('bad-csr', `the CSR's subjectAltName cannot be read: ${(e as Error).message}`, { cause: e });
  }
  const other = names.find((n) => n.type !== 'dns' && n.type !== 'ip');
  if (other !== undefined) throw new AcmeError('bad-csr', `the CSR asks for a ${other.type} subjectAltName; ACME orders cover dns and ip names only`);
  const want = new Set(order.identifiers.map((i) => `${i.type}:${i.value}`));
  const got = new Set(names.map((n) => `${n.type}:${n.value}`));
  const cn = csr.subject.commonName;
  if (cn !== undefined) {
    const c = cn.toLowerCase();
    let asIp: string | undefined;
    try {
      asIp = formatIpAddress(parseIpAddress(cn));
    } catch {
      asIp = undefined;
    }
    if (!want.has(`dns:${c}`) && !(asIp !== undefined && want.has(`ip:${asIp}`))) {
      throw new AcmeError('bad-csr', `the CSR's commonName ${JSON.stringify(cn.slice(0, 64))} is not an identifier of the order`);
    }
  }
  const extra = [...got].filter((n) => !want.has(n));
  const missing = [...want].filter((n) => !got.has(n));
  if (extra.length > 0 || missing.length > 0) {
    const sub: AcmeSubproblem[] = [
      ...extra.map((n) => ({ code: 'rejected-identifier' as const, detail: 'in the CSR, not in the order', identifier: _id(n) })),
      ...missing.map((n) => ({ code: 'bad-csr' as const, detail: 'in the order, not in the CSR', identifier: _id(n) })),
    ];
    throw new AcmeError(
      'bad-csr',
      `the CSR must name exactly the order's identifiers (RFC 8555 §7.4)${extra.length ? `; not in the order: ${extra.join(', ')}` : ''}${missing.length ? `; missing: ${missing.join(', ')}` : ''}`,
      { subproblems: sub },
    );
  }
  let csrKey: PublicKey;
  try {
    csrKey = parsePublicKey(csr.rawSpki);
  } catch (e) {
    throw new AcmeError('bad-csr', `the CSR's public key cannot be read: ${(e as Error).message}`, { cause: e });
  }
  if (csrKey.equals(accountKey)) throw new AcmeError('bad-csr', 'the CSR must not use the account key (RFC 8555 §11.1)');
  return csr;
}

function _id(n: string): { type: string; value: string } {
  const i = n.indexOf(':');
  return { type: n.slice(0, i), value: n.slice(i + 1) };
}
