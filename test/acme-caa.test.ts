/**
 * CAA (RFC 8659, RFC 8657) in the ACME server, with an in-process resolver: the decision rules of
 * evaluateCaa (issue / issuewild, empty issuer, malformed values, unknown critical tags,
 * accounturi, validationmethods), the tree climbing of checkCaa (closest non-empty RRset wins, a
 * failed lookup refuses with `dns`), and the server: refusal on the authorization as
 * `urn:ietf:params:acme:error:caa`, the directory's `meta.caaIdentities`, the finalize re-check
 * once the validation is older than 8 hours, and tls-alpn-01 offered only with a validator.
 */
import { describe, expect, it } from 'vitest';
import { AcmeError, base64url, checkCaa, createAcmeServer, evaluateCaa, type CaaRecord } from '../src/acme/index';
import { acmeFixture, csrFor, DIR, TestClient } from './acme-helpers';

const ME = { identities: ['ca.test'], wildcard: false };
const rec = (tag: string, value: string, flags = 0): CaaRecord => ({ flags, tag, value });

describe('evaluateCaa (RFC 8659 §4)', () => {
  it('permits with no records, or with only iodef / issuewild for a plain name', () => {
    expect(evaluateCaa([], ME)).toBeUndefined();
    expect(evaluateCaa([rec('iodef', 'mailto:sec@example.org'), rec('issuewild', 'other.example')], ME)).toBeUndefined();
  });
  it('issue must name one of the identities (case-insensitive, spaces allowed)', () => {
    expect(evaluateCaa([rec('issue', '  CA.test  ')], ME)).toBeUndefined();
    expect(evaluateCaa([rec('issue', 'other-ca.example'), rec('issue', 'ca.test')], ME)).toBeUndefined();
    expect(evaluateCaa([rec('issue', 'other-ca.example')], ME)).toMatch(/^CAA issue names other-ca\.example, not this CA \(ca\.test\)$/);
    expect(evaluateCaa([rec('ISSUE', 'other-ca.example')], ME)).toMatch(/names other-ca\.example/);
  });
  it('an empty issuer (";") forbids everyone; a malformed value authorizes no one', () => {
    expect(evaluateCaa([rec('issue', ';')], ME)).toMatch(/empty issuer/);
    expect(evaluateCaa([rec('issue', 'ca.test; =broken')], ME)).toMatch(/malformed value/);
    expect(evaluateCaa([rec('issue', 'ca..test')], ME)).toMatch(/malformed value/);
  });
  it('wildcards: issuewild decides when present, else issue', () => {
    const W = { ...ME, wildcard: true };
    expect(evaluateCaa([rec('issue', 'ca.test'), rec('issuewild', ';')], W)).toMatch(/^CAA issuewild an empty issuer/);
    expect(evaluateCaa([rec('issue', 'other.example'), rec('issuewild', 'ca.test')], W)).toBeUndefined();
    expect(evaluateCaa([rec('issue', 'other.example')], W)).toMatch(/^CAA issue names other\.example/);
    expect(evaluateCaa([rec('issue', 'ca.test')], W)).toBeUndefined();
  });
  it('a critical unknown tag forbids issuance; a non-critical one is ignored; a critical known one is fine', () => {
    expect(evaluateCaa([rec('issue', 'ca.test'), rec('tbs', 'x', 128)], ME)).toMatch(/critical CAA property with the unknown tag "tbs"/);
    expect(evaluateCaa([rec('issue', 'ca.test'), rec('tbs', 'x', 0)], ME)).toBeUndefined();
    expect(evaluateCaa([rec('issue', 'ca.test', 128)], ME)).toBeUndefined();
    // The critical flag is bit 0 (128); other flag bits are reserved and mean nothing.
    expect(evaluateCaa([rec('issue', 'ca.test'), rec('tbs', 'x', 1)], ME)).toBeUndefined();
  });
  it('accounturi (RFC 8657 §3) must be the account; validationmethods (§4) must list the method', () => {
    const acct = 'https://ca.test/acme/acct/abc';
    const req = { ...ME, accountUri: acct, method: 'dns-01' };
    expect(evaluateCaa([rec('issue', `ca.test; accounturi=${acct}`)], req)).toBeUndefined();
    expect(evaluateCaa([rec('issue', 'ca.test; accounturi=https://ca.test/acme/acct/other')], req)).toMatch(/accounturi .* is not this account/);
    expect(evaluateCaa([rec('issue', 'ca.test; validationmethods=http-01,dns-01')], req)).toBeUndefined();
    expect(evaluateCaa([rec('issue', 'ca.test; validationmethods=http-01')], req)).toMatch(/validationmethods http-01 does not allow dns-01/);
    expect(evaluateCaa([rec('issue', `ca.test; validationmethods=dns-01; accounturi=${acct}; unknownparam=1`)], req)).toBeUndefined();
    // One property may refuse while another authorizes.
    expect(evaluateCaa([rec('issue', 'ca.test; validationmethods=http-01'), rec('issue', 'ca.test; validationmethods=dns-01')], req)).toBeUndefined();
  });
});

describe('checkCaa (RFC 8659 §3 tree climbing)', () => {
  const zone = (z: Record<string, CaaRecord[]>) => {
    const asked: string[] = [];
    return { asked, resolve: async (n: string) => (asked.push(n), z[n] ?? []) };
  };
  it('climbs to the closest non-empty RRset and stops there', async () => {
    const z = zone({ 'example.org': [rec('issue', 'ca.test')], org: [rec('issue', ';')] });
    await checkCaa('a.b.example.org', z.resolve, ME);
    expect(z.asked).toEqual(['a.b.example.org', 'b.example.org', 'example.org']);
    const deny = zone({ 'b.example.org': [rec('issue', 'other.example')], 'example.org': [rec('issue', 'ca.test')] });
    const e = await checkCaa('a.b.example.org', deny.resolve, ME).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AcmeError);
    expect((e as AcmeError).code).toBe('caa');
    expect((e as AcmeError).type).toBe('urn:ietf:params:acme:error:caa');
    expect((e as AcmeError).message).toContain('CAA at b.example.org');
    expect(deny.asked).toEqual(['a.b.example.org', 'b.example.org']);
  });
  it('asks every label up to the TLD when nothing is published, and permits', async () => {
    const z = zone({});
    await checkCaa('www.example.org.', z.resolve, ME);
    expect(z.asked).toEqual(['www.example.org', 'example.org', 'org']);
  });
  it('a failed lookup refuses with dns (never silently permits)', async () => {
    const e = await checkCaa(
      'www.example.org',
      async () => {
        throw new Error('SERVFAIL');
      },
      ME,
    ).catch((x: unknown) => x);
    expect((e as AcmeError).code).toBe('dns');
    expect((e as AcmeError).message).toContain('SERVFAIL');
  });
});

type Z = { status: string; challenges: { type: string; url: string; token: string; status: string; error?: { type: string; detail: string } }[] };

async function setUp(caa: Map<string, CaaRecord[]>, extra: Record<string, unknown> = {}) {
  const f = await acmeFixture({ resolveCaa: async (n: string) => caa.get(n) ?? [], caaIdentities: ['ca.test'], ...extra });
  const c = await TestClient.create(f);
  await c.register();
  return { f, c };
}

async function order(c: TestClient, name: string): Promise<{ url: string; authz: string; finalize: string }> {
  const res = await c.post(c.dir.newOrder!, { identifiers: [{ type: 'dns', value: name }] });
  expect(res.status).toBe(201);
  const o = (await res.json()) as { authorizations: string[]; finalize: string };
  return { url: res.headers.get('location')!, authz: o.authorizations[0]!, finalize: o.finalize };
}

async function answerHttp01(f: Awaited<ReturnType<typeof setUp>>['f'], c: TestClient, authz: string): Promise<Record<string, unknown>> {
  const z = (await (await c.post(authz, undefined)).json()) as Z;
  const ch = z.challenges.find((x) => x.type === 'http-01')!;
  f.served.set(ch.token, c.keyAuthorization(ch.token));
  return (await (await c.post(ch.url, {})).json()) as Record<string, unknown>;
}

describe('acme: CAA in the server', () => {
  it('the directory advertises meta.caaIdentities', async () => {
    const { f } = await setUp(new Map());
    const d = (await (await f.service.handle(new Request(DIR))).json()) as { meta: Record<string, unknown> };
    expect(d.meta.caaIdentities).toEqual(['ca.test']);
  });

  it('resolveCaa without caaIdentities is a configuration error', async () => {
    const f = await acmeFixture();
    expect(() => createAcmeServer({ ca: f.ca, baseUrl: 'http://ca.test/acme', resolveCaa: async () => [] })).toThrow(/caaIdentities/);
  });

  it('a name whose CAA names another CA: the challenge and authorization become invalid with type caa, the order invalid', async () => {
    const caa = new Map([['example.net', [rec('issue', 'other-ca.example')]]]);
    const { f, c } = await setUp(caa);
    const o = await order(c, 'www.example.net');
    const ch = await answerHttp01(f, c, o.authz);
    expect(ch.status).toBe('invalid');
    expect(ch.error).toMatchObject({ type: 'urn:ietf:params:acme:error:caa', status: 403 });
    expect(String((ch.error as { detail: string }).detail)).toContain('CAA issue names other-ca.example, not this CA (ca.test)');
    expect(((await (await c.post(o.authz, undefined)).json()) as Z).status).toBe('invalid');
    expect(((await (await c.post(o.url, undefined)).json()) as { status: string }).status).toBe('invalid');
    // Nothing issued; the refusal is in the audit log.
    expect((await f.store.list()).length).toBe(0);
    const audit = (await f.store.listAudit()).entries;
    expect(audit.some((e) => e.method === 'acme' && e.action === 'refuse' && e.code === 'caa' && /CAA issue names other-ca\.example/.test(e.message ?? ''))).toBe(true);
  });

  it('a name whose CAA names this CA (with validationmethods=http-01) is issued', async () => {
    const caa = new Map([['example.net', [rec('issue', 'ca.test; validationmethods=http-01')]]]);
    const { f, c } = await setUp(caa);
    const o = await order(c, 'ok.example.net');
    expect((await answerHttp01(f, c, o.authz)).status).toBe('valid');
    const fin = await c.post(o.finalize, { csr: base64url((await csrFor(['ok.example.net'])).der) });
    expect(fin.status).toBe(200);
    expect(((await fin.json()) as { status: string }).status).toBe('valid');
  });

  it('validationmethods=dns-01 refuses an http-01 validation; accounturi of another account refuses', async () => {
    const caa = new Map([
      ['example.net', [rec('issue', 'ca.test; validationmethods=dns-01')]],
      ['example.com', [rec('issue', 'ca.test; accounturi=http://ca.test/acme/acct/someone-else')]],
    ]);
    const { f, c } = await setUp(caa);
    const a = await answerHttp01(f, c, (await order(c, 'm.example.net')).authz);
    expect(a.error).toMatchObject({ type: 'urn:ietf:params:acme:error:caa' });
    expect(String((a.error as { detail: string }).detail)).toContain('does not allow http-01');
    const b = await answerHttp01(f, c, (await order(c, 'm.example.com')).authz);
    expect(String((b.error as { detail: string }).detail)).toMatch(/accounturi .* is not this account/);
    // With this account's own URL it passes.
    caa.set('example.com', [rec('issue', `ca.test; accounturi=${c.kid}`)]);
    expect((await answerHttp01(f, c, (await order(c, 'n.example.com')).authz)).status).toBe('valid');
  });

  it('a critical unknown tag refuses; a failed CAA lookup refuses with type dns', async () => {
    const caa = new Map([['crit.example', [rec('issue', 'ca.test'), rec('future', 'x', 128)]]]);
    const { f, c } = await setUp(caa, {});
    const a = await answerHttp01(f, c, (await order(c, 'crit.example')).authz);
    expect(a.error).toMatchObject({ type: 'urn:ietf:params:acme:error:caa' });
    const g = await acmeFixture({
      resolveCaa: async () => {
        throw new Error('SERVFAIL');
      },
      caaIdentities: ['ca.test'],
    });
    const d = await TestClient.create(g);
    await d.register();
    const b = await answerHttp01(g, d, (await order(d, 'fail.example')).authz);
    expect(b.error).toMatchObject({ type: 'urn:ietf:params:acme:error:dns' });
  });

  it('finalize re-checks CAA when the validation is older than 8 hours (BR §3.2.2.8), not before', async () => {
    const caa = new Map<string, CaaRecord[]>();
    const { f, c } = await setUp(caa);
    const early = await order(c, 'early.example.org');
    expect((await answerHttp01(f, c, early.authz)).status).toBe('valid');
    const late = await order(c, 'late.example.org');
    expect((await answerHttp01(f, c, late.authz)).status).toBe('valid');
    // The domain now forbids this CA.
    caa.set('example.org', [rec('issue', 'other-ca.example')]);
    f.clock.now = new Date(f.clock.now.getTime() + 7 * 3_600_000);
    await c.freshNonce().then((n) => (c.nonce = n));
    const ok = await c.post(early.finalize, { csr: base64url((await csrFor(['early.example.org'])).der) });
    expect(ok.status).toBe(200);
    f.clock.now = new Date(f.clock.now.getTime() + 2 * 3_600_000);
    c.nonce = await c.freshNonce();
    const refused = await c.post(late.finalize, { csr: base64url((await csrFor(['late.example.org'])).der) });
    expect(refused.status).toBe(403);
    const body = (await refused.json()) as { type: string; subproblems: { identifier: { value: string } }[] };
    expect(body.type).toBe('urn:ietf:params:acme:error:caa');
    expect(body.subproblems[0]!.identifier.value).toBe('late.example.org');
    expect((await f.store.list()).length).toBe(1);
  });

  it('ip identifiers are not CAA-checked (CAA is defined for DNS names)', async () => {
    const asked: string[] = [];
    const { f, c } = await setUp(new Map(), { resolveCaa: async (n: string) => (asked.push(n), [rec('issue', ';')]) });
    const res = await c.post(c.dir.newOrder!, { identifiers: [{ type: 'ip', value: '192.0.2.10' }] });
    const o = (await res.json()) as { authorizations: string[] };
    expect((await answerHttp01(f, c, o.authorizations[0]!)).status).toBe('valid');
    expect(asked).toEqual([]);
  });
});

describe('acme: tls-alpn-01 offering', () => {
  it('offered only with a validator, never for a wildcard; the validator gets the identifier and key authorization', async () => {
    const f0 = await acmeFixture();
    const c0 = await TestClient.create(f0);
    await c0.register();
    const z0 = (await (await c0.post((await order(c0, 'plain.example')).authz, undefined)).json()) as Z;
    expect(z0.challenges.map((x) => x.type)).toEqual(['http-01']);
    const calls: [string, string][] = [];
    const f = await acmeFixture({
      resolveTxt: async () => [],
      tlsAlpn01: async (id: { value: string }, ka: string) => {
        calls.push([id.value, ka]);
        if (id.value === 'bad.example') throw new AcmeError('incorrect-response', 'wrong digest');
        if (id.value === 'down.example') throw new Error('ECONNREFUSED');
      },
    });
    const c = await TestClient.create(f);
    await c.register();
    const good = await order(c, 'alpn.example');
    const z = (await (await c.post(good.authz, undefined)).json()) as Z;
    expect(z.challenges.map((x) => x.type)).toEqual(['http-01', 'dns-01', 'tls-alpn-01']);
    const t = z.challenges[2]!;
    expect(((await (await c.post(t.url, {})).json()) as { status: string }).status).toBe('valid');
    expect(calls).toEqual([['alpn.example', c.keyAuthorization(t.token)]]);
    for (const [name, type] of [
      ['bad.example', 'incorrectResponse'],
      ['down.example', 'connection'],
    ] as const) {
      const zz = (await (await c.post((await order(c, name)).authz, undefined)).json()) as Z;
      const r = (await (await c.post(zz.challenges[2]!.url, {})).json()) as { status: string; error: { type: string } };
      expect(r.status).toBe('invalid');
      expect(r.error.type).toBe(`urn:ietf:params:acme:error:${type}`);
    }
    const wild = (await c.post(c.dir.newOrder!, { identifiers: [{ type: 'dns', value: '*.alpn.example' }] }).then((r) => r.json())) as { authorizations: string[] };
    const zw = (await (await c.post(wild.authorizations[0]!, undefined)).json()) as Z;
    expect(zw.challenges.map((x) => x.type)).toEqual(['dns-01']);
  });
});
