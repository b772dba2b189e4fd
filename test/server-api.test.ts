/**
 * The JSON API through the service handler, in-process: submit, get, list with every filter and
 * cursor paging, revoke (with the CRL re-issued), the audit log; roles; every bad input with its
 * status, its audit entry and nothing half-written.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { csrToPem, parseCsr } from '../src/csr/index';
import { parseCertificate } from '../src/index';
import { api, csrDer, errorOf, makeFixture, p256, type Fixture } from './server-fixture';

let f: Fixture;

beforeAll(async () => {
  f = await makeFixture();
});

async function pem(subject: Record<string, string> = { CN: 'svc.example' }, sans: string[] = ['svc.example']): Promise<string> {
  return csrToPem(parseCsr(await csrDer(await p256(), subject, sans)));
}

async function counts(): Promise<{ records: number; audit: number }> {
  return { records: (await f.store.list()).length, audit: (await f.store.listAudit({ limit: 1000 })).entries.length };
}

async function lastAudit() {
  const all = (await f.store.listAudit({ limit: 1000 })).entries;
  return all[all.length - 1]!;
}

describe('submit', () => {
  it('issues from a PEM CSR: 201 with the certificate, its chain, the warnings and the record with metadata', async () => {
    const res = await f.service.handle(
      api('/api/v1/certificates', f.tokens.alice, {
        json: { csr: await pem(), profile: 'tls-server', metadata: { os: 'Debian 13', mac: '00:11:22:33:44:55' } },
        headers: { 'user-agent': 'api-test' },
      }),
      { remoteAddress: '203.0.113.9' },
    );
    expect(res.status).toBe(201);
    const j = (await res.json()) as { serial: string; certificate: string; chain: string[]; warnings: unknown[]; record: Record<string, unknown> };
    expect(parseCertificate(j.certificate).serialNumberHex.replace(/^0+/, '')).toBe(j.serial);
    expect(j.chain.map((c) => parseCertificate(c).subject.commonName)).toEqual(['svc.example', 'Server Test Issuing CA', 'Server Test Root']);
    expect(Array.isArray(j.warnings)).toBe(true);
    expect(j.record.requester).toEqual({ principal: 'alice', method: 'api', address: '203.0.113.9', userAgent: 'api-test', metadata: { os: 'Debian 13', mac: '00:11:22:33:44:55' } });
    expect(await lastAudit()).toMatchObject({ action: 'issue', principal: 'alice', serial: j.serial, method: 'api' });
  });

  const cases: [string, () => Promise<Request>, number, string][] = [
    ['no token', async () => api('/api/v1/certificates', undefined, { json: { csr: await pem(), profile: 'tls-server' } }), 401, 'unauthorized'],
    ['a wrong token', async () => api('/api/v1/certificates', `${f.tokens.alice.slice(0, -4)}AAAA`, { json: { csr: await pem(), profile: 'tls-server' } }), 401, 'unauthorized'],
    [
      'a non-JSON content type',
      async () => api('/api/v1/certificates', f.tokens.alice, { json: JSON.stringify({ csr: await pem(), profile: 'tls-server' }), headers: { 'content-type': 'text/plain' } }),
      415,
      'unsupported-media-type',
    ],
    ['malformed JSON', async () => api('/api/v1/certificates', f.tokens.alice, { json: '{"csr": ' }), 400, 'bad-request'],
    ['a missing profile', async () => api('/api/v1/certificates', f.tokens.alice, { json: { csr: await pem() } }), 400, 'bad-request'],
    ['an unknown profile', async () => api('/api/v1/certificates', f.tokens.admin, { json: { csr: await pem(), profile: 'nope' } }), 400, 'unknown-profile'],
    ['a profile requesters may not use', async () => api('/api/v1/certificates', f.tokens.alice, { json: { csr: await pem(), profile: 'sub-ca' } }), 403, 'forbidden'],
    ['a CSR that is not PEM', async () => api('/api/v1/certificates', f.tokens.alice, { json: { csr: 'hello', profile: 'tls-server' } }), 400, 'bad-csr'],
    [
      'too many metadata keys',
      async () =>
        api('/api/v1/certificates', f.tokens.alice, { json: { csr: await pem(), profile: 'tls-server', metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v'])) } }),
      400,
      'invalid-metadata',
    ],
    [
      'a metadata value too long',
      async () => api('/api/v1/certificates', f.tokens.alice, { json: { csr: await pem(), profile: 'tls-server', metadata: { note: 'x'.repeat(257) } } }),
      400,
      'invalid-metadata',
    ],
    [
      'a metadata value that is not a string',
      async () => api('/api/v1/certificates', f.tokens.alice, { json: { csr: await pem(), profile: 'tls-server', metadata: { n: 1 } } }),
      400,
      'invalid-metadata',
    ],
    ['a body over the limit', async () => api('/api/v1/certificates', f.tokens.alice, { json: { csr: 'A'.repeat(9000), profile: 'tls-server' } }), 413, 'body-too-large'],
    [
      'a CSR failing lint (no SAN under tls-server)',
      async () => api('/api/v1/certificates', f.tokens.alice, { json: { csr: await pem({ CN: 'x' }, []), profile: 'tls-server' } }),
      422,
      'issuance-refused',
    ],
  ];
  it.each(cases)('refuses %s with the right status, an audit entry and no record', async (_n, make, status, code) => {
    const before = await counts();
    const res = await f.service.handle(await make());
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const err = await errorOf(res);
    expect(err.code).toBe(code);
    if (status === 401) expect(res.headers.get('www-authenticate')).toBe('Bearer realm="certkit"');
    if (code === 'issuance-refused') expect(err.findings!.length).toBeGreaterThan(0);
    expect(await counts()).toEqual({ records: before.records, audit: before.audit + 1 });
    expect(await lastAudit()).toMatchObject({ action: status === 401 || status === 403 ? 'deny' : 'refuse', code, method: 'api' });
  });
});

describe('read, list, revoke, audit', () => {
  const serials: Record<string, string> = {};

  beforeAll(async () => {
    const submit = async (token: string, cn: string, profile: string, metadata: Record<string, string>, validityDays?: number): Promise<void> => {
      const res = await f.service.handle(
        api('/api/v1/certificates', token, { json: { csr: await pem({ CN: cn }, profile === 'tls-server' ? [cn] : []), profile, metadata, ...(validityDays ? { validityDays } : {}) } }),
      );
      expect(res.status).toBe(201);
      serials[cn] = ((await res.json()) as { serial: string }).serial;
    };
    await submit(f.tokens.alice, 'printer-1.example', 'tls-server', { os: 'PrinterOS', room: 'B12' }, 30);
    await submit(f.tokens.alice, 'printer-2.example', 'tls-server', { os: 'PrinterOS', room: 'C3' });
    await submit(f.tokens.bob, 'bob-laptop', 'tls-client', { os: 'macOS 15' });
  });

  it('a requester reads its own certificate; another requester gets 404 as for a missing serial (no probing) and an audit entry; an admin reads any', async () => {
    const own = await f.service.handle(api(`/api/v1/certificates/${serials['printer-1.example']}`, f.tokens.alice));
    expect(own.status).toBe(200);
    expect(((await own.json()) as { subject: string }).subject).toBe('CN=printer-1.example');
    const before = await counts();
    const other = await f.service.handle(api(`/api/v1/certificates/${serials['printer-1.example']}`, f.tokens.bob));
    expect(other.status).toBe(404);
    const missing = await f.service.handle(api('/api/v1/certificates/7f00ff', f.tokens.bob));
    expect(missing.status).toBe(404);
    // The same answer, apart from the serial, for someone else's certificate and for none at all.
    const body = (await other.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('not-found');
    expect(body.error.message.replace(serials['printer-1.example']!, 'S')).toBe(((await missing.json()) as { error: { message: string } }).error.message.replace('7f00ff', 'S'));
    expect(await counts()).toEqual({ records: before.records, audit: before.audit + 2 });
    expect((await f.service.handle(api(`/api/v1/certificates/${serials['printer-1.example']}`, f.tokens.admin))).status).toBe(200);
    expect((await f.service.handle(api('/api/v1/certificates/7f00ff', f.tokens.admin))).status).toBe(404);
    expect((await f.service.handle(api('/api/v1/certificates/xyz', f.tokens.admin))).status).toBe(400);
  });

  it('lists with filters: a requester sees only its own; status, profile, text, metadata, expiringBefore, requester', async () => {
    const list = async (token: string, q: string): Promise<string[]> => {
      const res = await f.service.handle(api(`/api/v1/certificates?${q}`, token));
      expect(res.status).toBe(200);
      return ((await res.json()) as { certificates: { subject: string }[] }).certificates.map((c) => c.subject);
    };
    expect(await list(f.tokens.bob, '')).toEqual(['CN=bob-laptop']);
    // Same issuedAt (the fixed clock): ordered by serial, so compare as sets.
    expect((await list(f.tokens.alice, 'q=printer')).sort()).toEqual(['CN=printer-1.example', 'CN=printer-2.example']);
    expect(await list(f.tokens.admin, 'q=PRINTER-2')).toEqual(['CN=printer-2.example']);
    expect(await list(f.tokens.admin, 'profile=tls-client&q=laptop')).toEqual(['CN=bob-laptop']);
    expect(await list(f.tokens.admin, 'meta.room=b1')).toEqual(['CN=printer-1.example']);
    expect(await list(f.tokens.admin, 'meta.os=macos')).toEqual(['CN=bob-laptop']);
    expect(await list(f.tokens.admin, 'requester=bob')).toEqual(['CN=bob-laptop']);
    expect(await list(f.tokens.admin, `expiringBefore=${new Date(f.clock.now.getTime() + 31 * 86_400_000).toISOString()}&q=printer`)).toEqual(['CN=printer-1.example']);
    expect((await f.service.handle(api('/api/v1/certificates?requester=alice', f.tokens.bob))).status).toBe(403);
    for (const q of ['status=gone', 'limit=0', 'limit=5000', 'expiringBefore=soon', 'cursor=zzz', 'colour=red']) {
      const r = await f.service.handle(api(`/api/v1/certificates?${q}`, f.tokens.admin));
      expect(r.status, q).toBe(400);
    }
  });

  it('pages with a cursor: every record once, in issuance order', async () => {
    const all = (await f.store.list()).length;
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await f.service.handle(api(`/api/v1/certificates?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, f.tokens.admin));
      const j = (await res.json()) as { certificates: { serial: string }[]; next?: string };
      seen.push(...j.certificates.map((c) => c.serial));
      cursor = j.next;
      pages++;
    } while (cursor !== undefined && pages < 100);
    expect(seen).toHaveLength(all);
    expect(new Set(seen).size).toBe(all);
    expect(pages).toBe(Math.ceil(all / 2));
  });

  it('revokes (admin only), re-issues the CRL at once, and audits both; a second revocation is 409', async () => {
    const s = serials['printer-2.example']!;
    const denied = await f.service.handle(api(`/api/v1/certificates/${s}/revoke`, f.tokens.alice, { json: { reason: 'keyCompromise' } }));
    expect(denied.status).toBe(403);
    const crlBefore = (await f.store.latestCrl())?.number ?? 0n;
    const res = await f.service.handle(api(`/api/v1/certificates/${s}/revoke`, f.tokens.admin, { json: { reason: 'keyCompromise' } }));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { status: string }).status).toBe('revoked');
    expect((await f.store.latestCrl())!.number).toBeGreaterThan(crlBefore);
    const audit = (await f.store.listAudit({ limit: 1000 })).entries;
    expect(audit.slice(-2).map((e) => [e.action, e.principal])).toEqual([
      ['revoke', 'root-admin'],
      ['crl', 'root-admin'],
    ]);
    const again = await f.service.handle(api(`/api/v1/certificates/${s}/revoke`, f.tokens.admin, { json: { reason: 'keyCompromise' } }));
    expect(again.status).toBe(409);
    expect((await errorOf(again)).code).toBe('already-revoked');
    const bad = await f.service.handle(api(`/api/v1/certificates/${serials['printer-1.example']}/revoke`, f.tokens.admin, { json: { reason: 'certificateHold' } }));
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).code).toBe('invalid-reason');
    const list = await f.service.handle(api('/api/v1/certificates?status=revoked', f.tokens.admin));
    expect(((await list.json()) as { certificates: { serial: string }[] }).certificates.map((c) => c.serial)).toEqual([s]);
  });

  it('the audit log is admin-only and pages with a cursor', async () => {
    expect((await f.service.handle(api('/api/v1/audit', f.tokens.alice))).status).toBe(403);
    const total = (await f.store.listAudit({ limit: 1000 })).entries.length;
    const ids: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 100; i++) {
      const res = await f.service.handle(api(`/api/v1/audit?limit=7${cursor ? `&cursor=${cursor}` : ''}`, f.tokens.admin));
      expect(res.status).toBe(200);
      const j = (await res.json()) as { entries: { id: string; action: string }[]; next?: string };
      ids.push(...j.entries.map((e) => e.id));
      cursor = j.next;
      if (cursor === undefined) break;
    }
    // The denied read above added one entry after `total` was taken.
    expect(ids.length).toBeGreaterThanOrEqual(total);
    expect(new Set(ids).size).toBe(ids.length);
    expect((await f.service.handle(api('/api/v1/audit?cursor=nope', f.tokens.admin))).status).toBe(400);
  });

  it('an unknown route is 404 and a wrong method 405, as JSON', async () => {
    const r = await f.service.handle(api('/api/v2/x', f.tokens.admin));
    expect(r.status).toBe(404);
    expect((await errorOf(r)).code).toBe('not-found');
    const m = await f.service.handle(api('/api/v1/audit', f.tokens.admin, { method: 'DELETE' }));
    expect(m.status).toBe(405);
    expect(m.headers.get('allow')).toBe('GET');
  });
});
