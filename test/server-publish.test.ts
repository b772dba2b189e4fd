/**
 * Publishing through the service handler: the CA certificate and the CRL at the URLs the issued
 * certificates embed, with ETag / Last-Modified / Cache-Control and 304s; the CRL re-issued on
 * revocation and lazily near nextUpdate. Then the same service over the crash-safe file store:
 * records with their requester, the audit log, and `certkit ca audit` printing it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_PROFILES } from '../src/ca/index';
import { findCrlEntry } from '../src/crl/index';
import { parseCrl, verifyCrl } from '../src/index';
import { FsCaStore } from '../src/node/fs-store';
import { run } from '../src/cli/main';
import { openCaDir } from '../src/cli/ca-dir';
import { MemoryAuthStore, createCaService, withPublicationUrls } from '../src/server/index';
import { crlNumberCodec, getExtension, reasonCodeCodec } from '../src/x509/index';
import { BASE, NOW, api, basic, certsOf, csrDer, makeFixture, p256, estPost, type Fixture } from './server-fixture';
import { csrToPem, parseCsr } from '../src/csr/index';

let f: Fixture;
beforeAll(async () => {
  f = await makeFixture();
});

const get = (p: string, headers: Record<string, string> = {}, method = 'GET'): Request => new Request(`${BASE}${p}`, { method, headers });

describe('the CA certificate', () => {
  it('is served as DER application/pkix-cert with caching headers, and 304 for its ETag', async () => {
    const res = await f.service.handle(get('/ca/ca.crt'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pkix-cert');
    const der = new Uint8Array(await res.arrayBuffer());
    expect(der).toEqual(f.ca.certificate.raw);
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=86400');
    expect(new Date(res.headers.get('last-modified')!).getTime()).toBe(f.ca.certificate.notBefore.getTime());
    const again = await f.service.handle(get('/ca/ca.crt', { 'if-none-match': etag }));
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const head = await f.service.handle(get('/ca/ca.crt', {}, 'HEAD'));
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(der.length));
    expect((await f.service.handle(get('/ca/other.crt'))).status).toBe(404);
    expect((await f.service.handle(get('/ca/ca.crt', {}, 'POST'))).status).toBe(405);
  });
});

describe('the CRL', () => {
  it('is issued on first request, cached until nextUpdate, re-issued on revocation and when close to nextUpdate', async () => {
    const fx = await makeFixture();
    const auditBefore = (await fx.store.listAudit({ limit: 1000 })).entries.length;
    const r1 = await fx.service.handle(get('/crl/ca.crl'));
    expect(r1.status).toBe(200);
    expect(r1.headers.get('content-type')).toBe('application/pkix-crl');
    const crl1 = parseCrl(new Uint8Array(await r1.arrayBuffer()));
    expect(await verifyCrl(crl1, fx.ca.certificate)).toBe(true);
    expect(getExtension(crl1, crlNumberCodec)).toBe(1n);
    expect(r1.headers.get('etag')).toBe('"crl-1"');
    expect(r1.headers.get('cache-control')).toBe(`public, max-age=${7 * 86400}`);
    expect(new Date(r1.headers.get('last-modified')!).getTime()).toBe(NOW.getTime());
    const audit = (await fx.store.listAudit({ limit: 1000 })).entries;
    expect(audit.length).toBe(auditBefore + 1);
    expect(audit[audit.length - 1]).toMatchObject({ action: 'crl', code: 'crl-1' });

    // Unchanged: the same CRL, 304 for its ETag, max-age counting down.
    fx.clock.now = new Date(NOW.getTime() + 3600_000);
    const r2 = await fx.service.handle(get('/crl/ca.crl', { 'if-none-match': '"crl-1"' }));
    expect(r2.status).toBe(304);
    expect(r2.headers.get('cache-control')).toBe(`public, max-age=${7 * 86400 - 3600}`);

    // A revocation through the API re-issues it at once.
    const sub = await fx.service.handle(
      api('/api/v1/certificates', fx.tokens.alice, { json: { csr: csrToPem(parseCsr(await csrDer(await p256(), { CN: 'r.example' }, ['r.example']))), profile: 'tls-server' } }),
    );
    const serial = ((await sub.json()) as { serial: string }).serial;
    expect((await fx.service.handle(api(`/api/v1/certificates/${serial}/revoke`, fx.tokens.admin, { json: { reason: 'superseded' } }))).status).toBe(200);
    const r3 = await fx.service.handle(get('/crl/ca.crl', { 'if-none-match': '"crl-1"' }));
    expect(r3.status).toBe(200);
    expect(r3.headers.get('etag')).toBe('"crl-2"');
    const crl2 = parseCrl(new Uint8Array(await r3.arrayBuffer()));
    expect(getExtension(findCrlEntry(crl2, BigInt('0x' + serial))!, reasonCodeCodec)).toBe('superseded');

    // Within crlRefreshHours (24) of nextUpdate: the next request re-issues it.
    fx.clock.now = new Date(crl2.nextUpdate!.getTime() - 23 * 3600_000);
    const r4 = await fx.service.handle(get('/crl/ca.crl'));
    expect(r4.headers.get('etag')).toBe('"crl-3"');
    const crl3 = parseCrl(new Uint8Array(await r4.arrayBuffer()));
    expect(crl3.thisUpdate.getTime()).toBe(fx.clock.now.getTime());
    expect(findCrlEntry(crl3, BigInt('0x' + serial))).toBeDefined();
    // Concurrent requests share one issuance.
    fx.clock.now = new Date(crl3.nextUpdate!.getTime() - 3600_000);
    const many = await Promise.all(Array.from({ length: 5 }, () => fx.service.handle(get('/crl/ca.crl'))));
    expect(new Set(many.map((r) => r.headers.get('etag')))).toEqual(new Set(['"crl-4"']));
  });
});

describe('over the file store', () => {
  it('keeps records with their requester and the audit log durable; certkit ca audit prints it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certkit-server-'));
    const caDir = path.join(dir, 'ca');
    const out: string[] = [];
    const io = { stdout: (s: string) => void out.push(s), stderr: (s: string) => void out.push(s) };
    expect(await run(['ca', 'init', caDir, '--now', NOW.toISOString()], io)).toBe(0);
    // The CA directory's profiles embed the service's URLs (profiles.json replaces the built-ins).
    fs.writeFileSync(path.join(caDir, 'profiles.json'), JSON.stringify(Object.values(BUILTIN_PROFILES).map((p) => withPublicationUrls(p, BASE))));
    const opened = await openCaDir(caDir, { clock: () => new Date(NOW.getTime()), loadKeys: true });
    const auth = new MemoryAuthStore();
    await auth.addUser('device-1', 'pass-1', { logN: 10 });
    const admin = auth.addToken('ops', 'admin');
    const service = createCaService({ ca: opened.intermediate, auth, baseUrl: BASE, now: () => new Date(NOW.getTime()) });
    const res = await service.handle(estPost('/.well-known/est/simpleenroll', await csrDer(await p256(), { CN: 'fs-device' }), { authorization: basic('device-1', 'pass-1') }), {
      remoteAddress: '192.0.2.99',
    });
    expect(res.status).toBe(200);
    const cert = certsOf(await res.text())[0]!;
    const bad = await service.handle(estPost('/.well-known/est/simpleenroll', 'garbage!', { authorization: basic('device-1', 'pass-1') }));
    expect(bad.status).toBe(400);
    const rev = await service.handle(api(`/api/v1/certificates/${cert.serialNumberHex}/revoke`, admin, { json: { reason: 'keyCompromise' } }));
    expect(rev.status).toBe(200);

    // A fresh process's view: reopen the directory.
    const reopened = await FsCaStore.open(path.join(caDir, 'intermediate', 'store'));
    const rec = (await reopened.get(cert.serialNumberHex))!;
    expect(rec.requester).toEqual({ principal: 'device-1', method: 'est', address: '192.0.2.99' });
    expect(rec.revocation?.reason).toBe('keyCompromise');
    const page = await reopened.query({ filters: { requester: 'device-1', status: 'revoked' }, at: NOW });
    expect(page.records.map((r) => r.serial)).toEqual([rec.serial]);
    const actions = (await reopened.listAudit()).entries.map((e) => `${e.action}:${e.principal}`);
    expect(actions).toEqual(['issue:device-1', 'refuse:device-1', 'revoke:ops', 'crl:ops']);
    const crl = parseCrl((await reopened.latestCrl())!.der);
    expect(getExtension(findCrlEntry(crl, BigInt('0x' + rec.serial))!, reasonCodeCodec)).toBe('keyCompromise');

    out.length = 0;
    expect(await run(['ca', 'audit', caDir], io)).toBe(0);
    const text = out.join('');
    expect(text).toMatch(/issue\s+device-1 via est from 192\.0\.2\.99\s+serial [0-9a-f]+\s+profile tls-client/);
    expect(text).toMatch(/refuse\s+device-1 via est.*bad-base64/);
    expect(text).toMatch(/revoke\s+ops via api.*keyCompromise|revoke\s+ops\s+serial [0-9a-f]+\s+keyCompromise/);
    expect(text).toMatch(/crl\s+ops\s+crl-1/);
    out.length = 0;
    expect(await run(['ca', 'audit', caDir, '--action', 'revoke', '--json'], io)).toBe(0);
    const lines = out
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { action: string; serial: string });
    expect(lines).toEqual([expect.objectContaining({ action: 'revoke', serial: rec.serial })]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
