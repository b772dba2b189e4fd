/**
 * The JSON API routes the web console needs, through the service handler in-process:
 * `GET /api/v1/me` (principal, role, the profiles the token may use with their rules),
 * `GET /api/v1/summary` (the dashboard counts and the latest CRL, admin only) and
 * `GET /api/v1/certificates/<serial>/audit` (a certificate's audit entries, admin only).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { csrToPem, parseCsr } from '../src/csr/index';
import { api, csrDer, errorOf, makeFixture, p256, type Fixture } from './server-fixture';

let f: Fixture;
type Counts = Record<'issued' | 'active' | 'expiringWithin30Days' | 'revoked', number>;

beforeAll(async () => {
  f = await makeFixture({ requesterProfiles: ['tls-server', 'tls-client'] });
});

async function issue(token: string, host: string, days?: number): Promise<string> {
  const csr = csrToPem(parseCsr(await csrDer(await p256(), { CN: host }, [host])));
  const res = await f.service.handle(api('/api/v1/certificates', token, { json: { csr, profile: 'tls-server', ...(days ? { validityDays: days } : {}) } }));
  expect(res.status).toBe(201);
  return ((await res.json()) as { serial: string }).serial;
}

describe('GET /api/v1/me', () => {
  it('tells a requester who it is and the profiles it may use, with their rules', async () => {
    const res = await f.service.handle(api('/api/v1/me', f.tokens.alice));
    expect(res.status).toBe(200);
    const j = (await res.json()) as { principal: string; role: string; profiles: { name: string; san: { allowed: string[] }; keys: { ecdsa?: string[] }; lint: string }[] };
    expect(j.principal).toBe('alice');
    expect(j.role).toBe('requester');
    expect(j.profiles.map((p) => p.name)).toEqual(['tls-server', 'tls-client']);
    const server = j.profiles[0]!;
    expect(server.san.allowed).toContain('dns');
    expect(server.keys.ecdsa).toContain('P-256');
    expect(server.lint).toBe('tls-server');
  });

  it('gives an admin every profile, sub-ca included', async () => {
    const j = (await (await f.service.handle(api('/api/v1/me', f.tokens.admin))).json()) as { role: string; profiles: { name: string; ca: boolean }[] };
    expect(j.role).toBe('admin');
    expect(j.profiles.find((p) => p.name === 'sub-ca')?.ca).toBe(true);
  });

  it('refuses a missing or unknown token with 401', async () => {
    expect((await f.service.handle(api('/api/v1/me', undefined))).status).toBe(401);
    const res = await f.service.handle(api('/api/v1/me', `${f.tokens.alice.slice(0, -4)}AAAA`));
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe('unauthorized');
  });
});

describe('GET /api/v1/summary', () => {
  it('counts issued, active, expiring within 30 days and revoked certificates, and dates the latest CRL', async () => {
    const before = (await (await f.service.handle(api('/api/v1/summary', f.tokens.admin))).json()) as Counts;
    await issue(f.tokens.alice, 'long.example');
    await issue(f.tokens.alice, 'short.example', 10);
    const gone = await issue(f.tokens.bob, 'gone.example');
    expect((await f.service.handle(api(`/api/v1/certificates/${gone}/revoke`, f.tokens.admin, { json: { reason: 'superseded' } }))).status).toBe(200);
    const res = await f.service.handle(api('/api/v1/summary', f.tokens.admin));
    expect(res.status).toBe(200);
    const j = (await res.json()) as Counts & { crl?: { number: string; thisUpdate: string } };
    expect(j.issued - before.issued).toBe(3);
    expect(j.active - before.active).toBe(2);
    expect(j.expiringWithin30Days - before.expiringWithin30Days).toBe(1);
    expect(j.revoked - before.revoked).toBe(1);
    expect(j.crl?.thisUpdate).toBe(f.clock.now.toISOString());
    expect(BigInt(j.crl!.number)).toBeGreaterThan(0n);
  });

  it('counts a certificate past its notAfter as expired, not active (judged at the service clock)', async () => {
    const read = async () => (await (await f.service.handle(api('/api/v1/summary', f.tokens.admin))).json()) as Counts & { expired: number };
    await issue(f.tokens.alice, 'brief.example', 1);
    const before = await read();
    const saved = f.clock.now;
    f.clock.now = new Date(saved.getTime() + 2 * 86_400_000);
    try {
      const after = await read();
      expect(after.expired - before.expired).toBeGreaterThanOrEqual(1);
      expect(after.active).toBeLessThan(before.active);
      expect(after.issued).toBe(before.issued);
    } finally {
      f.clock.now = saved;
    }
  });

  it('is for admins only', async () => {
    const res = await f.service.handle(api('/api/v1/summary', f.tokens.alice));
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe('forbidden');
  });
});

describe('GET /api/v1/certificates/<serial>/audit', () => {
  it('lists the issue and revoke entries of one certificate and nothing about others', async () => {
    const s = await issue(f.tokens.alice, 'audited.example');
    await issue(f.tokens.alice, 'other.example');
    await f.service.handle(api(`/api/v1/certificates/${s}/revoke`, f.tokens.admin, { json: { reason: 'keyCompromise' } }));
    const res = await f.service.handle(api(`/api/v1/certificates/${s}/audit`, f.tokens.admin));
    expect(res.status).toBe(200);
    const j = (await res.json()) as { entries: { action: string; serial: string; principal: string; code?: string }[] };
    expect(j.entries.map((e) => e.action)).toEqual(['issue', 'revoke']);
    expect(j.entries.every((e) => e.serial === s)).toBe(true);
    expect(j.entries[0]!.principal).toBe('alice');
    expect(j.entries[1]).toMatchObject({ principal: 'root-admin', code: 'keyCompromise' });
  });

  it('refuses requesters (403), bad serials (400) and unknown ones (404)', async () => {
    const s = await issue(f.tokens.alice, 'mine.example');
    expect((await f.service.handle(api(`/api/v1/certificates/${s}/audit`, f.tokens.alice))).status).toBe(403);
    const bad = await f.service.handle(api('/api/v1/certificates/xyz/audit', f.tokens.admin));
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).code).toBe('bad-request');
    const none = await f.service.handle(api('/api/v1/certificates/0abc0def/audit', f.tokens.admin));
    expect(none.status).toBe(404);
  });
});
