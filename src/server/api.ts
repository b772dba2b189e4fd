/**
 * The JSON API under `/api/v1/`: submit a CSR, read and list certificates, revoke, read the
 * audit log.
 *
 * Scope: Bearer tokens (RFC 6750) with roles: a `requester` submits requests (to the profiles
 * the service allows it) and reads its own certificates; an `admin` reads everything, revokes and
 * reads the audit log. Requester metadata is validated (`checkRequesterMetadata`) and searchable.
 * Routes:
 *
 * ```text
 * POST /api/v1/certificates                 { csr: PEM, profile, metadata?, validityDays? } → 201
 * GET  /api/v1/certificates?status=&profile=&q=&expiringBefore=&requester=&method=&meta.<key>=&cursor=&limit=
 * GET  /api/v1/certificates/<serial>
 * POST /api/v1/certificates/<serial>/revoke { reason, invalidityDate? }   (admin)
 * GET  /api/v1/audit?cursor=&limit=                                        (admin)
 * GET  /api/v1/me            the token's principal and role, the profiles it may use with their rules
 * GET  /api/v1/summary       counts (issued, active, expiring within 30 days, revoked, expired), the latest CRL   (admin)
 * GET  /api/v1/certificates/<serial>/audit   the audit entries about one certificate   (admin)
 * ```
 * The last three serve the web console (`certkit/console`); `summary` and the per-certificate
 * audit walk the store page by page (a dashboard call costs one pass over the inventory, the
 * audit lookup at most {@link _AUDIT_SCAN} entries: fine for a private CA, not for millions).
 * Non-goals: token management over the API (the CLI's), user management.
 * @module
 */
import { checkRequesterMetadata, canonicalSerial, type AuditEntry, type CertificateProfile, type CertificateRecord, type QueryFilters, type RevocationReason } from '../ca/index';
import { encodePem } from '../pem/index';
import { parseCsr } from '../csr/index';
import { certificateToPem } from '../x509/index';
import { checkToken } from './auth';
import { ServerError } from './errors';
import { jsonResponse, readJson } from './http';
import type { _Call, _Core } from './_core';

async function _authenticate(core: _Core, call: _Call): Promise<void> {
  call.method = 'api';
  const h = call.request.headers.get('authorization');
  if (h === null) throw new ServerError('unauthorized', 'the API needs "Authorization: Bearer <token>"');
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(h);
  if (m === null) throw new ServerError('unauthorized', 'the API takes Bearer tokens (RFC 6750)');
  const t = await checkToken(core.auth, m[1]!);
  if (t === undefined) throw new ServerError('unauthorized', 'unknown or revoked token');
  call.principal = t.principal;
  call.role = t.role;
}

function _status(r: CertificateRecord, now: Date): 'active' | 'revoked' | 'expired' {
  if (r.revocation !== undefined) return 'revoked';
  return Date.parse(r.notAfter) < now.getTime() ? 'expired' : 'active';
}

/** A record as the API shows it. */
function _recordJson(r: CertificateRecord, now: Date): Record<string, unknown> {
  return {
    serial: r.serial,
    status: _status(r, now),
    profile: r.profile,
    subject: r.subject,
    sans: r.sans,
    notBefore: r.notBefore,
    notAfter: r.notAfter,
    issuedAt: r.issuedAt,
    ...(r.revocation ? { revocation: r.revocation } : {}),
    ...(r.requester ? { requester: r.requester } : {}),
    certificate: encodePem('CERTIFICATE', r.der),
  };
}

function _str(body: Record<string, unknown>, key: string, required: boolean): string | undefined {
  const v = body[key];
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || v.length === 0) throw new ServerError('bad-request', `${key} must be a non-empty string`);
  return v;
}

async function _submit(core: _Core, call: _Call): Promise<Response> {
  await _authenticate(core, call);
  const body = await readJson(call.request, core.maxBodyBytes);
  const profile = _str(body, 'profile', true)!;
  call.profile = profile.slice(0, 64);
  if (call.role !== 'admin' && !(core.requesterProfiles ?? []).includes(profile)) {
    throw new ServerError('forbidden', `requester tokens may not use profile '${profile.slice(0, 64)}'; allowed: ${(core.requesterProfiles ?? []).join(', ')}`);
  }
  core.ca.profile(profile); // unknown-profile → 400
  let metadata: Record<string, string> | undefined;
  if (body.metadata !== undefined) {
    try {
      metadata = checkRequesterMetadata(body.metadata);
    } catch (e) {
      throw new ServerError('invalid-metadata', (e as Error).message, { cause: e });
    }
  }
  const days = body.validityDays;
  if (days !== undefined && (typeof days !== 'number' || !Number.isSafeInteger(days) || days < 1)) throw new ServerError('bad-request', 'validityDays must be a positive integer');
  let csr;
  try {
    csr = parseCsr(_str(body, 'csr', true)!);
  } catch (e) {
    throw new ServerError('bad-csr', `csr is not a PEM PKCS#10 request: ${(e as Error).message}`, { cause: e });
  }
  const issued = await core.ca.issue(csr, {
    profile,
    ...(days !== undefined ? { validity: days } : {}),
    requester: {
      principal: call.principal!,
      method: 'api',
      ...(call.address !== undefined ? { address: call.address } : {}),
      ...(call.userAgent !== undefined ? { userAgent: call.userAgent } : {}),
      ...(metadata !== undefined ? { metadata } : {}),
    },
  });
  return jsonResponse(
    {
      serial: issued.serial,
      certificate: certificateToPem(issued.certificate),
      chain: issued.chain.map((c) => certificateToPem(c)),
      warnings: issued.warnings,
      record: _recordJson(issued.record, core.now()),
    },
    201,
  );
}

function _serial(text: string): string {
  try {
    return canonicalSerial(decodeURIComponent(text));
  } catch {
    throw new ServerError('bad-request', `'${text.slice(0, 64)}' is not a serial number (hex)`);
  }
}

async function _get(core: _Core, call: _Call, m: RegExpExecArray): Promise<Response> {
  await _authenticate(core, call);
  const serial = _serial(m[1]!);
  const r = await core.store.get(serial);
  // A requester asking for another requester's certificate gets the same answer as for a serial
  // that does not exist, so serials cannot be probed (the audit log still records the attempt).
  if (r === undefined || (call.role !== 'admin' && r.requester?.principal !== call.principal)) {
    throw new ServerError('not-found', `no certificate with serial ${serial}${call.role === 'admin' ? '' : ` requested by ${call.principal}`}`);
  }
  return jsonResponse(_recordJson(r, core.now()));
}

function _date(v: string, key: string): Date {
  const d = new Date(v);
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}/.test(v) || Number.isNaN(d.getTime())) throw new ServerError('bad-request', `${key} must be an ISO 8601 date`);
  return d;
}

async function _list(core: _Core, call: _Call): Promise<Response> {
  await _authenticate(core, call);
  const p = call.url.searchParams;
  const filters: { -readonly [K in keyof QueryFilters]: QueryFilters[K] } = {};
  const metadata: Record<string, string> = {};
  let cursor: string | undefined;
  let limit: number | undefined;
  for (const [k, v] of p) {
    switch (k) {
      case 'status':
        if (v !== 'active' && v !== 'revoked' && v !== 'expired') throw new ServerError('bad-request', 'status is active, revoked or expired');
        filters.status = v;
        break;
      case 'profile':
        filters.profile = v;
        break;
      case 'q':
        filters.text = v.slice(0, 256);
        break;
      case 'expiringBefore':
        filters.expiringBefore = _date(v, k);
        break;
      case 'requester':
        filters.requester = v;
        break;
      case 'method':
        if (v !== 'est' && v !== 'api' && v !== 'cli') throw new ServerError('bad-request', 'method is est, api or cli');
        filters.method = v;
        break;
      case 'cursor':
        cursor = v;
        break;
      case 'limit':
        if (!/^[0-9]{1,4}$/.test(v) || Number(v) < 1 || Number(v) > 1000) throw new ServerError('bad-request', 'limit is 1 to 1000');
        limit = Number(v);
        break;
      default:
        if (k.startsWith('meta.') && Object.keys(metadata).length < 16) metadata[k.slice(5)] = v.slice(0, 256);
        else throw new ServerError('bad-request', `unknown parameter '${k.slice(0, 64)}'`);
    }
  }
  if (Object.keys(metadata).length > 0) filters.metadata = metadata;
  if (call.role !== 'admin') {
    if (filters.requester !== undefined && filters.requester !== call.principal) throw new ServerError('forbidden', 'requester tokens list their own certificates only');
    filters.requester = call.principal!;
  }
  const now = core.now();
  let page;
  try {
    page = await core.store.query({ filters, at: now, ...(cursor !== undefined ? { cursor } : {}), ...(limit !== undefined ? { limit } : {}) });
  } catch (e) {
    if (e instanceof RangeError) throw new ServerError('bad-request', e.message, { cause: e });
    throw e;
  }
  return jsonResponse({ certificates: page.records.map((r) => _recordJson(r, now)), ...(page.next !== undefined ? { next: page.next } : {}) });
}

async function _revoke(core: _Core, call: _Call, m: RegExpExecArray): Promise<Response> {
  await _authenticate(core, call);
  const serial = _serial(m[1]!);
  if (call.role !== 'admin') throw new ServerError('forbidden', 'revocation needs an admin token');
  const body = await readJson(call.request, core.maxBodyBytes);
  const reason = (_str(body, 'reason', false) ?? 'unspecified') as RevocationReason;
  const inv = _str(body, 'invalidityDate', false);
  const r = await core.ca.revoke(serial, reason, { principal: call.principal!, ...(inv !== undefined ? { invalidityDate: _date(inv, 'invalidityDate') } : {}) });
  // RFC 5280 §5: the next CRL lists it; publish one now rather than at nextUpdate.
  await core.publishCrl(call.principal!);
  return jsonResponse(_recordJson(r, core.now()));
}

async function _audit(core: _Core, call: _Call): Promise<Response> {
  await _authenticate(core, call);
  if (call.role !== 'admin') throw new ServerError('forbidden', 'the audit log needs an admin token');
  const p = call.url.searchParams;
  const limit = p.get('limit');
  if (limit !== null && (!/^[0-9]{1,4}$/.test(limit) || Number(limit) < 1 || Number(limit) > 1000)) throw new ServerError('bad-request', 'limit is 1 to 1000');
  const cursor = p.get('cursor');
  let page;
  try {
    page = await core.store.listAudit({ ...(cursor !== null ? { cursor } : {}), ...(limit !== null ? { limit: Number(limit) } : {}) });
  } catch (e) {
    if (e instanceof RangeError) throw new ServerError('bad-request', e.message, { cause: e });
    throw e;
  }
  return jsonResponse(page);
}

/** The rules of a profile a requester needs to fill in a request (the console shows them beside the fields). */
function _profileJson(p: CertificateProfile): Record<string, unknown> {
  return {
    name: p.name,
    description: p.description,
    validity: p.validity,
    keys: p.keys,
    san: p.san,
    subject: p.subject,
    ...(p.extKeyUsage ? { extKeyUsage: p.extKeyUsage } : {}),
    lint: p.lint,
    ...(p.lintSeverity ? { lintSeverity: p.lintSeverity } : {}),
    uniqueKey: p.uniqueKey,
    requestedExtensions: p.requestedExtensions,
    ca: p.ca !== undefined,
  };
}

async function _me(core: _Core, call: _Call): Promise<Response> {
  await _authenticate(core, call);
  const names = call.role === 'admin' ? core.ca.profiles.map((p) => p.name) : (core.requesterProfiles ?? []);
  return jsonResponse({ principal: call.principal, role: call.role, profiles: names.map((n) => _profileJson(core.ca.profile(n))) });
}

async function _summary(core: _Core, call: _Call): Promise<Response> {
  await _authenticate(core, call);
  if (call.role !== 'admin') throw new ServerError('forbidden', 'the summary needs an admin token');
  const now = core.now();
  const soon = now.getTime() + 30 * 86_400_000;
  const counts = { issued: 0, active: 0, expiringWithin30Days: 0, revoked: 0, expired: 0 };
  let cursor: string | undefined;
  do {
    const page = await core.store.query({ at: now, limit: 1000, ...(cursor !== undefined ? { cursor } : {}) });
    for (const r of page.records) {
      counts.issued++;
      const st = _status(r, now);
      counts[st]++;
      if (st === 'active' && Date.parse(r.notAfter) < soon) counts.expiringWithin30Days++;
    }
    cursor = page.next;
  } while (cursor !== undefined);
  const crl = await core.store.latestCrl();
  return jsonResponse({ ...counts, ...(crl ? { crl: { number: crl.number.toString(), thisUpdate: crl.thisUpdate } } : {}) });
}

/** @internal Most audit entries the per-certificate lookup reads. */
const _AUDIT_SCAN = 100_000;

async function _certificateAudit(core: _Core, call: _Call, m: RegExpExecArray): Promise<Response> {
  await _authenticate(core, call);
  const serial = _serial(m[1]!);
  if (call.role !== 'admin') throw new ServerError('forbidden', 'the audit log needs an admin token');
  if ((await core.store.get(serial)) === undefined) throw new ServerError('not-found', `no certificate with serial ${serial}`);
  const entries: AuditEntry[] = [];
  let cursor: string | undefined;
  let scanned = 0;
  do {
    const page = await core.store.listAudit({ limit: 1000, ...(cursor !== undefined ? { cursor } : {}) });
    scanned += page.entries.length;
    for (const e of page.entries) if (e.serial !== undefined && e.serial === serial) entries.push(e);
    cursor = page.next;
  } while (cursor !== undefined && scanned < _AUDIT_SCAN);
  return jsonResponse({ entries, ...(cursor !== undefined ? { truncated: true } : {}) });
}

/** @internal The API's routes. */
export const _apiRoutes: [string, RegExp, (core: _Core, call: _Call, m: RegExpExecArray) => Promise<Response>][] = [
  ['POST', /^\/api\/v1\/certificates$/, _submit],
  ['GET', /^\/api\/v1\/certificates$/, _list],
  ['GET', /^\/api\/v1\/certificates\/([^/]+)$/, _get],
  ['POST', /^\/api\/v1\/certificates\/([^/]+)\/revoke$/, _revoke],
  ['GET', /^\/api\/v1\/certificates\/([^/]+)\/audit$/, _certificateAudit],
  ['GET', /^\/api\/v1\/audit$/, _audit],
  ['GET', /^\/api\/v1\/me$/, _me],
  ['GET', /^\/api\/v1\/summary$/, _summary],
];
