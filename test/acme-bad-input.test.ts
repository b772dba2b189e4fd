/**
 * ACME (RFC 8555) refusals, in-process: each bad input of issue 17 gets the RFC's error type, a
 * fresh Replay-Nonce, nothing stored, and an audit entry.
 */
import { describe, expect, it } from 'vitest';
import { base64url, signAcmeRequest } from '../src/acme/index';
import { parsePublicKey } from '../src/keys/index';
import { acmeFixture, csrFor, TestClient } from './acme-helpers';

type Problem = { type: string; detail: string; status: number; subproblems?: { type: string; identifier?: { value: string } }[] };

async function problem(res: Response): Promise<Problem> {
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  expect(res.headers.get('replay-nonce')).toMatch(/^[A-Za-z0-9_-]{22}$/);
  return (await res.json()) as Problem;
}

async function setup(extra: Record<string, unknown> = {}) {
  const f = await acmeFixture(extra);
  const c = await TestClient.create(f);
  await c.register();
  return { f, c };
}

const E = (t: string): string => `urn:ietf:params:acme:error:${t}`;

async function auditCodes(f: Awaited<ReturnType<typeof acmeFixture>>): Promise<string[]> {
  return (await f.store.listAudit()).entries.filter((e) => e.method === 'acme').map((e) => e.code ?? '');
}

describe('acme: malformed JWS', () => {
  it('refuses a body that is not JSON, not flattened, with unprotected headers or extra members', async () => {
    const { f, c } = await setup();
    const url = c.dir.newOrder!;
    expect((await problem(await c.raw(url, 'not json'))).type).toBe(E('malformed'));
    const good = await c.jws(url, { identifiers: [{ type: 'dns', value: 'a.example' }] });
    expect((await problem(await c.raw(url, { signatures: [good] }))).type).toBe(E('malformed'));
    expect((await problem(await c.raw(url, { ...good, header: { kid: 'x' } }))).detail).toContain('unprotected');
    expect((await problem(await c.raw(url, { protected: good.protected, payload: good.payload }))).type).toBe(E('malformed'));
    expect((await problem(await c.raw(url, { ...good, protected: 'e30=' }))).detail).toContain('base64url');
    expect((await problem(await c.raw(url, { ...good, protected: base64url(new TextEncoder().encode('[1]')) }))).type).toBe(E('malformed'));
    expect(await auditCodes(f)).toContain('malformed');
  });
  it('refuses crit, both or neither of jwk and kid, a kid that is not a string, a jwk that is not an object, no url, and a jwk holding a private key', async () => {
    const { f, c } = await setup();
    const url = c.dir.newOrder!;
    const enc = (o: unknown): string => base64url(new TextEncoder().encode(JSON.stringify(o)));
    const body = async (h: Record<string, unknown>) => ({ protected: enc({ alg: 'ES256', nonce: await c.freshNonce(), ...h }), payload: enc({}), signature: 'AAAA' });
    const jwk = parsePublicKey(c.signer.publicKey).toJwk();
    const cases: [Record<string, unknown>, string][] = [
      [{ kid: c.kid, url, crit: ['b64'] }, 'crit'],
      [{ kid: c.kid, jwk, url }, 'exactly one of jwk and kid'],
      [{ url }, 'exactly one of jwk and kid'],
      [{ kid: 7, url }, 'kid must be a string'],
      [{ jwk: [jwk], url }, 'jwk must be a JSON object'],
      [{ kid: c.kid }, 'no url'],
    ];
    for (const [header, detail] of cases) {
      const p = await problem(await c.raw(url, await body(header)));
      expect([p.type, p.detail], JSON.stringify(header)).toEqual([E('malformed'), expect.stringContaining(detail)]);
    }
    const priv = await problem(await c.raw(c.dir.newAccount!, await body({ jwk: { ...jwk, d: 'AAAA' }, url: c.dir.newAccount })));
    expect([priv.type, priv.detail]).toEqual([E('badPublicKey'), expect.stringContaining('private key')]);
    const codes = await auditCodes(f);
    expect(codes.filter((x) => x === 'malformed').length).toBeGreaterThanOrEqual(cases.length);
    expect(codes).toContain('bad-public-key');
  });
  it('refuses a JSON body sent as application/json (415) and a GET on a POST resource (405)', async () => {
    const { c } = await setup();
    const good = await c.jws(c.dir.newOrder!, {});
    const r = await c.raw(c.dir.newOrder!, good, { 'content-type': 'application/json' });
    expect(r.status).toBe(415);
    expect((await problem(r)).type).toBe(E('malformed'));
    const g = await c.f.service.handle(new Request(c.dir.newOrder!));
    expect(g.status).toBe(405);
    expect(g.headers.get('allow')).toBe('POST');
  });
  it('refuses alg none and HS256 with badSignatureAlgorithm, and an alg that does not fit the key', async () => {
    const { c } = await setup();
    const url = c.dir.newOrder!;
    for (const alg of ['none', 'HS256']) {
      const nonce = await c.freshNonce();
      const prot = base64url(new TextEncoder().encode(JSON.stringify({ alg, kid: c.kid, nonce, url })));
      const r = await c.raw(url, { protected: prot, payload: base64url(new TextEncoder().encode('{}')), signature: '' });
      expect((await problem(r)).type, alg).toBe(E('badSignatureAlgorithm'));
    }
    // A P-256 key signing under a header that says ES384.
    const signed = await c.jws(url, { identifiers: [{ type: 'dns', value: 'a.example' }] });
    const h = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(signed.protected!.replace(/-/g, '+').replace(/_/g, '/')), (x) => x.charCodeAt(0))));
    const prot = base64url(new TextEncoder().encode(JSON.stringify({ ...h, alg: 'ES384', nonce: await c.freshNonce() })));
    expect((await problem(await c.raw(url, { ...signed, protected: prot }))).type).toBe(E('badSignatureAlgorithm'));
  });
  it('refuses a signature that does not verify (unauthorized) and a body over the limit (413)', async () => {
    const { f, c } = await setup({ maxBodyBytes: 2048 });
    const url = c.dir.newOrder!;
    const a = await c.jws(url, { identifiers: [{ type: 'dns', value: 'a.example' }] });
    const b = await c.jws(url, { identifiers: [{ type: 'dns', value: 'b.example' }] });
    const r = await c.raw(url, { protected: b.protected, payload: a.payload, signature: a.signature });
    expect(r.status).toBe(403);
    expect((await problem(r)).type).toBe(E('unauthorized'));
    const big = await c.raw(url, await c.jws(url, { identifiers: [{ type: 'dns', value: 'a.example' }], pad: 'x'.repeat(4000) }));
    expect(big.status).toBe(413);
    expect((await problem(big)).type).toBe(E('malformed'));
    expect((await f.store.query({})).records).toHaveLength(0);
  });
});

describe('acme: url, nonce, kid', () => {
  it('refuses a JWS whose url is not the resource it was sent to', async () => {
    const { f, c } = await setup();
    const r = await c.raw(c.dir.newOrder!, await c.jws(c.dir.newAccount!, { identifiers: [{ type: 'dns', value: 'a.example' }] }));
    expect(r.status).toBe(403);
    expect((await problem(r)).detail).toContain('url');
    expect(await auditCodes(f)).toContain('unauthorized');
  });
  it('refuses a replayed nonce, an unknown one and a missing one with badNonce and a fresh nonce', async () => {
    const { f, c } = await setup();
    const url = c.dir.newOrder!;
    const body = await c.jws(url, { identifiers: [{ type: 'dns', value: 'once.example' }] });
    expect((await c.raw(url, body)).status).toBe(201);
    const replay = await c.raw(url, body);
    expect(replay.status).toBe(400);
    const p = await problem(replay);
    expect(p.type).toBe(E('badNonce'));
    // The fresh nonce works.
    expect((await c.post(url, { identifiers: [{ type: 'dns', value: 'twice.example' }] })).status).toBe(201);
    const unknown = await signAcmeRequest(c.signer, { url, nonce: 'AAAAAAAAAAAAAAAAAAAAAA', kid: c.kid }, {});
    expect((await problem(await c.raw(url, unknown))).type).toBe(E('badNonce'));
    const missing = await signAcmeRequest(c.signer, { url, kid: c.kid }, {});
    expect((await problem(await c.raw(url, missing))).type).toBe(E('badNonce'));
    expect(await auditCodes(f)).toContain('bad-nonce');
    // Only the two accepted orders exist.
    const list = (await (await c.post(`${c.kid}/orders`, undefined)).json()) as { orders: string[] };
    expect(list.orders).toHaveLength(2);
  });
  it('refuses an unknown kid with accountDoesNotExist, jwk where kid is needed and kid on newAccount', async () => {
    const { c } = await setup();
    const url = c.dir.newOrder!;
    const r = await c.raw(url, await signAcmeRequest(c.signer, { url, nonce: await c.freshNonce(), kid: 'http://ca.test/acme/acct/nosuchaccount' }, {}));
    expect((await problem(r)).type).toBe(E('accountDoesNotExist'));
    expect((await problem(await c.post(url, {}, {}, true))).detail).toContain('kid');
    const n = await c.raw(c.dir.newAccount!, await c.jws(c.dir.newAccount!, {}, {}, false));
    expect((await problem(n)).detail).toContain('jwk');
  });
  it("refuses another account's order, authorization and certificate", async () => {
    const { f, c } = await setup();
    const { url, order } = await c.readyOrder(f.served, [{ type: 'dns', value: 'mine.example' }]);
    const other = await TestClient.create(f, 'P-384');
    await other.register();
    expect((await problem(await other.post(url, undefined))).type).toBe(E('unauthorized'));
    expect((await problem(await other.post((order.authorizations as string[])[0]!, undefined))).type).toBe(E('unauthorized'));
    expect((await problem(await other.post(c.kid!, undefined))).type).toBe(E('unauthorized'));
  });
});

describe('acme: identifiers and CSRs', () => {
  it('refuses bad identifiers with the RFC types', async () => {
    const { c } = await setup({ allowIdentifier: (id: { value: string }) => (id.value.endsWith('.forbidden') ? 'not our zone' : true) });
    const cases: [unknown, string][] = [
      [{ type: 'email', value: 'a@b.example' }, 'unsupportedIdentifier'],
      [{ type: 'dns', value: 'bad_name.example' }, 'rejectedIdentifier'],
      [{ type: 'dns', value: 'a.*.example' }, 'rejectedIdentifier'],
      [{ type: 'ip', value: '300.1.1.1' }, 'malformed'],
      [{ type: 'dns', value: 'x.forbidden' }, 'rejectedIdentifier'],
    ];
    for (const [id, type] of cases) {
      expect((await problem(await c.post(c.dir.newOrder!, { identifiers: [id] }))).type, JSON.stringify(id)).toBe(E(type));
    }
    expect((await problem(await c.post(c.dir.newOrder!, { identifiers: [] }))).type).toBe(E('malformed'));
    // Nothing was stored: the account has no orders.
    expect(((await (await c.post(`${c.kid}/orders`, undefined)).json()) as { orders: string[] }).orders).toEqual([]);
  });
  it('refuses a CSR with a name not in the order: badCSR with subproblems, order stays ready, nothing issued', async () => {
    const { f, c } = await setup();
    const { url, order } = await c.readyOrder(f.served, [{ type: 'dns', value: 'a.example' }]);
    expect(order.status).toBe('ready');
    const fin = order.finalize as string;
    const extra = await problem(await c.post(fin, { csr: base64url((await csrFor(['a.example', 'evil.example'])).der) }));
    expect(extra.type).toBe(E('badCSR'));
    expect(extra.subproblems?.[0]).toMatchObject({ type: E('rejectedIdentifier'), identifier: { value: 'evil.example' } });
    expect((await problem(await c.post(fin, { csr: base64url((await csrFor([], { CN: 'other.example' })).der) }))).type).toBe(E('badCSR'));
    expect((await problem(await c.post(fin, { csr: base64url((await csrFor(['a.example'], { CN: 'evil.example' })).der) }))).detail).toContain('commonName');
    expect((await problem(await c.post(fin, { csr: base64url(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00])) }))).type).toBe(E('badCSR'));
    expect((await problem(await c.post(fin, { csr: 'not base64url!' }))).type).toBe(E('malformed'));
    expect((await problem(await c.post(fin, { csr: base64url((await csrFor(['a.example'], undefined, c.key)).der) }))).detail).toContain('account key');
    expect((await f.store.query({})).records).toHaveLength(0);
    expect(((await (await c.post(url, undefined)).json()) as { status: string }).status).toBe('ready');
    expect(await auditCodes(f)).toContain('bad-csr');
    // And the right CSR still works afterwards.
    expect((await c.post(fin, { csr: base64url((await csrFor(['a.example'])).der) })).status).toBe(200);
  });
  it('a CSR the CA refuses (its self-signature does not verify) is badCSR, nothing is issued', async () => {
    const { f, c } = await setup();
    const { url, order } = await c.readyOrder(f.served, [{ type: 'dns', value: 'broken.example' }]);
    const { der } = await csrFor(['broken.example']);
    const bad = der.slice();
    bad[bad.length - 5]! ^= 1;
    expect((await problem(await c.post(order.finalize as string, { csr: base64url(bad) }))).type).toBe(E('badCSR'));
    expect((await f.store.query({})).records).toHaveLength(0);
    expect(((await (await c.post(url, undefined)).json()) as { status: string }).status).toBe('ready');
  });
  it('an unreachable http-01 server is a connection error on the challenge', async () => {
    const f = await acmeFixture({
      http01Fetch: async () => {
        throw new TypeError('fetch failed: ECONNREFUSED');
      },
    });
    const c = await TestClient.create(f);
    await c.register();
    const order = (await (await c.post(c.dir.newOrder!, { identifiers: [{ type: 'dns', value: 'down.example' }] })).json()) as { authorizations: string[] };
    const z = (await (await c.post(order.authorizations[0]!, undefined)).json()) as { challenges: { url: string }[] };
    const ch = (await (await c.post(z.challenges[0]!.url, {})).json()) as { status: string; error: { type: string } };
    expect(ch).toMatchObject({ status: 'invalid', error: { type: E('connection') } });
  });
  it('limits new orders per account an hour: rateLimited, 429 with Retry-After, then allowed again', async () => {
    const { f, c } = await setup({ maxOrdersPerHour: 2 });
    const ask = (n: number) => c.post(c.dir.newOrder!, { identifiers: [{ type: 'dns', value: `n${n}.example` }] });
    expect((await ask(1)).status).toBe(201);
    expect((await ask(2)).status).toBe(201);
    const r = await ask(3);
    expect(r.status).toBe(429);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(3000);
    expect((await problem(r)).type).toBe(E('rateLimited'));
    const other = await TestClient.create(f, 'P-384');
    await other.register();
    expect((await other.post(other.dir.newOrder!, { identifiers: [{ type: 'dns', value: 'o.example' }] })).status).toBe(201);
    f.clock.now = new Date(f.clock.now.getTime() + 3_601_000);
    c.nonce = undefined; // the last nonce expired with the clock
    expect((await ask(4)).status).toBe(201);
  });
});
