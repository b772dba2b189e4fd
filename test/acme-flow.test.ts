/**
 * ACME (RFC 8555) in-process, the happy path step by step: directory, newNonce, newAccount
 * (onlyReturnExisting, contact, terms), newOrder with dns/ip/wildcard, http-01 through the
 * pluggable fetcher, the §7.1.6 state machine, finalize through the CA (store + audit), download.
 */
import { describe, expect, it } from 'vitest';
import { base64url, jwkThumbprint, NonceBook } from '../src/acme/index';
import { publicKeyFromJwk } from '../src/keys/index';
import { parseCertificate } from '../src/index';
import { formatIpAddress, getExtension, subjectAltNameCodec } from '../src/x509/index';
import { decodePemAll } from '../src/pem/index';
import { acmeFixture, csrFor, DIR, TestClient } from './acme-helpers';

describe('acme: directory and nonces', () => {
  it('serves the directory with absolute URLs under /acme', async () => {
    const f = await acmeFixture();
    const res = await f.service.handle(new Request(DIR));
    expect(res.status).toBe(200);
    const d = (await res.json()) as Record<string, unknown>;
    expect(d.newNonce).toBe('http://ca.test/acme/new-nonce');
    expect(d.newAccount).toBe('http://ca.test/acme/new-account');
    expect(d.newOrder).toBe('http://ca.test/acme/new-order');
    expect((d.meta as Record<string, unknown>).externalAccountRequired).toBe(false);
  });
  it('HEAD newNonce is 200, GET is 204, both with a fresh no-store Replay-Nonce', async () => {
    const f = await acmeFixture();
    const a = await f.service.handle(new Request('http://ca.test/acme/new-nonce', { method: 'HEAD' }));
    const b = await f.service.handle(new Request('http://ca.test/acme/new-nonce'));
    expect(a.status).toBe(200);
    expect(b.status).toBe(204);
    expect(a.headers.get('cache-control')).toBe('no-store');
    expect(a.headers.get('replay-nonce')).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(a.headers.get('replay-nonce')).not.toBe(b.headers.get('replay-nonce'));
  });
  it('the nonce book is single-use and bounded (oldest forgotten first)', () => {
    const book = new NonceBook({ capacity: 3 });
    const n = [book.issue(), book.issue(), book.issue(), book.issue()];
    expect(book.size).toBe(3);
    expect(book.consume(n[0]!)).toBe(false);
    expect(book.consume(n[1]!)).toBe(true);
    expect(book.consume(n[1]!)).toBe(false);
    let t = 0;
    const timed = new NonceBook({ lifetimeMs: 10, now: () => t });
    const x = timed.issue();
    t = 11;
    expect(timed.consume(x)).toBe(false);
  });
});

describe('acme: accounts', () => {
  it('creates an account (201, Location), finds it again by key (200), onlyReturnExisting', async () => {
    const f = await acmeFixture();
    const c = await TestClient.create(f);
    const res = await c.register({ termsOfServiceAgreed: true, contact: ['mailto:ops@example.com'] });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toMatch(/^http:\/\/ca\.test\/acme\/acct\/[A-Za-z0-9_-]+$/);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'valid', contact: ['mailto:ops@example.com'], termsOfServiceAgreed: true });
    const again = await c.post(c.dir.newAccount!, { onlyReturnExisting: true }, {}, true);
    expect(again.status).toBe(200);
    expect(again.headers.get('location')).toBe(c.kid);
    const other = await TestClient.create(f, 'Ed25519');
    const none = await other.post(other.dir.newAccount!, { onlyReturnExisting: true }, {}, true);
    expect(none.status).toBe(400);
    expect(((await none.json()) as { type: string }).type).toBe('urn:ietf:params:acme:error:accountDoesNotExist');
  });
  it('refuses non-mailto contacts and requires the terms when configured', async () => {
    const f = await acmeFixture({ termsOfService: 'https://ca.test/tos' });
    const c = await TestClient.create(f);
    expect(((await (await c.register({ termsOfServiceAgreed: true, contact: ['tel:+123'] })).json()) as { type: string }).type).toBe('urn:ietf:params:acme:error:unsupportedContact');
    expect(((await (await c.register({ termsOfServiceAgreed: true, contact: ['mailto:a@b.example?subject=x'] })).json()) as { type: string }).type).toBe('urn:ietf:params:acme:error:invalidContact');
    const r = await c.register({});
    expect(r.status).toBe(403);
    expect(((await r.json()) as { type: string }).type).toBe('urn:ietf:params:acme:error:userActionRequired');
    expect(((await (await f.service.handle(new Request(DIR))).json()) as { meta: { termsOfService: string } }).meta.termsOfService).toBe('https://ca.test/tos');
  });
  it('accepts ES256, ES384, RS256, PS256 and EdDSA account keys', async () => {
    const f = await acmeFixture();
    const cases: [Parameters<typeof TestClient.create>[1], Parameters<typeof TestClient.create>[2]][] = [
      ['P-256', {}],
      ['P-384', {}],
      ['RSA-2048', {}],
      ['RSA-2048', { pss: true }],
      ['Ed25519', {}],
    ];
    for (const [alg, opts] of cases) {
      const c = await TestClient.create(f, alg, opts);
      const res = await c.register();
      expect(res.status, `${alg} ${JSON.stringify(opts)}`).toBe(201);
      const alg2 = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob((await c.jws(c.dir.newOrder!, {})).protected!.replace(/-/g, '+').replace(/_/g, '/')), (ch) => ch.charCodeAt(0)))).alg;
      expect(alg2).toBe({ 'P-256': 'ES256', 'P-384': 'ES384', 'RSA-2048': opts?.pss ? 'PS256' : 'RS256', Ed25519: 'EdDSA' }[alg as string]);
    }
  });
  it('updates contacts and deactivates; a deactivated account is unauthorized', async () => {
    const f = await acmeFixture();
    const c = await TestClient.create(f);
    await c.register();
    const up = await c.post(c.kid!, { contact: ['mailto:new@example.com'] });
    expect(((await up.json()) as { contact: string[] }).contact).toEqual(['mailto:new@example.com']);
    const d = await c.post(c.kid!, { status: 'deactivated' });
    expect(((await d.json()) as { status: string }).status).toBe('deactivated');
    const after = await c.post(c.dir.newOrder!, { identifiers: [{ type: 'dns', value: 'a.example' }] });
    expect(after.status).toBe(403);
    expect(((await after.json()) as { type: string }).type).toBe('urn:ietf:params:acme:error:unauthorized');
  });
  it('computes the RFC 7638 thumbprint of its example key', () => {
    // RFC 7638 §3.1: the example RSA key's thumbprint.
    const jwk = {
      kty: 'RSA',
      e: 'AQAB',
      n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
    };
    expect(jwkThumbprint(publicKeyFromJwk(jwk as never))).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
    expect(base64url(new TextEncoder().encode('{}'))).toBe('e30');
  });
});

describe('acme: orders, http-01, finalize, download', () => {
  it('runs an order from pending to valid and the certificate lands in the CA store with method acme', async () => {
    const f = await acmeFixture();
    const c = await TestClient.create(f);
    await c.register();
    const res = await c.post(c.dir.newOrder!, {
      identifiers: [
        { type: 'dns', value: 'WWW.Example.com' },
        { type: 'ip', value: '192.0.2.10' },
      ],
    });
    expect(res.status).toBe(201);
    const orderUrl = res.headers.get('location')!;
    const order = (await res.json()) as { status: string; identifiers: unknown; authorizations: string[]; finalize: string };
    expect(order.status).toBe('pending');
    expect(order.identifiers).toEqual([
      { type: 'dns', value: 'www.example.com' },
      { type: 'ip', value: '192.0.2.10' },
    ]);
    expect(order.authorizations).toHaveLength(2);
    // Finalize before the authorizations are valid: orderNotReady.
    const early = await c.post(order.finalize, { csr: base64url((await csrFor(['www.example.com', '192.0.2.10'])).der) });
    expect(early.status).toBe(403);
    expect(((await early.json()) as { type: string }).type).toBe('urn:ietf:params:acme:error:orderNotReady');
    for (const a of order.authorizations) {
      const z = (await (await c.post(a, undefined)).json()) as { status: string; identifier: { value: string }; challenges: { type: string; url: string; token: string; status: string }[] };
      expect(z.status).toBe('pending');
      const ch = z.challenges.find((x) => x.type === 'http-01')!;
      expect(ch.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      f.served.set(ch.token, `${c.keyAuthorization(ch.token)}\n`);
      const r = await c.post(ch.url, {});
      expect(r.headers.get('link')).toContain('rel="up"');
      expect(((await r.json()) as { status: string }).status).toBe('valid');
      expect(((await (await c.post(a, undefined)).json()) as { status: string }).status).toBe('valid');
    }
    expect(f.fetched).toContain(`http://192.0.2.10/.well-known/acme-challenge/${f.fetched[1]!.split('/').pop()}`);
    expect(f.fetched[0]).toMatch(/^http:\/\/www\.example\.com\/\.well-known\/acme-challenge\//);
    const ready = (await (await c.post(orderUrl, undefined)).json()) as { status: string };
    expect(ready.status).toBe('ready');
    const { der } = await csrFor(['www.example.com', '192.0.2.10'], { CN: 'www.example.com' });
    const fin = await c.post(order.finalize, { csr: base64url(der) });
    expect(fin.status).toBe(200);
    const done = (await fin.json()) as { status: string; certificate: string };
    expect(done.status).toBe('valid');
    const cert = await c.post(done.certificate, undefined);
    expect(cert.headers.get('content-type')).toBe('application/pem-certificate-chain');
    const blocks = decodePemAll(await cert.text());
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    const leaf = parseCertificate(blocks[0]!.der);
    expect(getExtension(leaf, subjectAltNameCodec)!.map((g) => (g.type === 'ip' ? formatIpAddress(g.value) : g.type === 'dns' ? g.value : g.type))).toEqual(['www.example.com', '192.0.2.10']);
    const page = await f.store.query({ filters: { method: 'acme' } });
    expect(page.records).toHaveLength(1);
    expect(page.records[0]!.requester).toMatchObject({ method: 'acme', address: '192.0.2.9' });
    expect(page.records[0]!.requester!.principal).toMatch(/^acme:/);
    const audit = (await f.store.listAudit()).entries;
    expect(audit.some((e) => e.action === 'issue' && e.serial === page.records[0]!.serial)).toBe(true);
    // Finalizing again: the order is valid, not ready.
    expect((await c.post(order.finalize, { csr: base64url(der) })).status).toBe(403);
  });

  it('a wrong key authorization makes the challenge, authorization and order invalid (§7.1.6)', async () => {
    const f = await acmeFixture();
    const c = await TestClient.create(f);
    await c.register();
    const res = await c.post(c.dir.newOrder!, { identifiers: [{ type: 'dns', value: 'bad.example' }] });
    const orderUrl = res.headers.get('location')!;
    const order = (await res.json()) as { authorizations: string[] };
    const z = (await (await c.post(order.authorizations[0]!, undefined)).json()) as { challenges: { url: string; token: string }[] };
    f.served.set(z.challenges[0]!.token, `${z.challenges[0]!.token}.wrongthumbprint`);
    const r = (await (await c.post(z.challenges[0]!.url, {})).json()) as { status: string; error: { type: string } };
    expect(r.status).toBe('invalid');
    expect(r.error.type).toBe('urn:ietf:params:acme:error:incorrectResponse');
    expect(((await (await c.post(order.authorizations[0]!, undefined)).json()) as { status: string }).status).toBe('invalid');
    expect(((await (await c.post(orderUrl, undefined)).json()) as { status: string }).status).toBe('invalid');
  });

  it('an order expires: pending becomes invalid after its lifetime', async () => {
    const f = await acmeFixture({ orderLifetimeHours: 1 });
    const c = await TestClient.create(f);
    await c.register();
    const res = await c.post(c.dir.newOrder!, { identifiers: [{ type: 'dns', value: 'slow.example' }] });
    const orderUrl = res.headers.get('location')!;
    f.clock.now = new Date(f.clock.now.getTime() + 2 * 3_600_000);
    // The nonce of the last answer expired with the clock (nonces live an hour): badNonce first.
    expect(((await (await c.post(orderUrl, undefined)).json()) as { type: string }).type).toBe('urn:ietf:params:acme:error:badNonce');
    expect(((await (await c.post(orderUrl, undefined)).json()) as { status: string }).status).toBe('invalid');
  });

  it('wildcards: refused without a resolver, dns-01 only with one, validated by the TXT digest', async () => {
    const f0 = await acmeFixture();
    const c0 = await TestClient.create(f0);
    await c0.register();
    const refused = await c0.post(c0.dir.newOrder!, { identifiers: [{ type: 'dns', value: '*.example.com' }] });
    expect((await refused.json()) as { type: string; subproblems: unknown[] }).toMatchObject({
      type: 'urn:ietf:params:acme:error:rejectedIdentifier',
      subproblems: [{ identifier: { type: 'dns', value: '*.example.com' } }],
    });
    const txt = new Map<string, string[]>();
    const f = await acmeFixture({ resolveTxt: async (name: string) => txt.get(name) ?? [] });
    const c = await TestClient.create(f);
    await c.register();
    const res = await c.post(c.dir.newOrder!, { identifiers: [{ type: 'dns', value: '*.example.com' }] });
    expect(res.status).toBe(201);
    const order = (await res.json()) as { authorizations: string[]; finalize: string };
    const z = (await (await c.post(order.authorizations[0]!, undefined)).json()) as { wildcard: boolean; identifier: { value: string }; challenges: { type: string; url: string; token: string }[] };
    expect(z.wildcard).toBe(true);
    expect(z.identifier.value).toBe('example.com');
    expect(z.challenges.map((x) => x.type)).toEqual(['dns-01']);
    const { sha256 } = await import('@noble/hashes/sha2.js');
    txt.set('_acme-challenge.example.com', ['other', base64url(sha256(new TextEncoder().encode(c.keyAuthorization(z.challenges[0]!.token))))]);
    expect(((await (await c.post(z.challenges[0]!.url, {})).json()) as { status: string }).status).toBe('valid');
    const fin = await c.post(order.finalize, { csr: base64url((await csrFor(['*.example.com'])).der) });
    expect(fin.status).toBe(200);
  });

  it('notBefore/notAfter of the order become the certificate validity', async () => {
    const f = await acmeFixture();
    const c = await TestClient.create(f);
    await c.register();
    const nb = new Date(f.clock.now.getTime() + 3_600_000);
    const na = new Date(nb.getTime() + 10 * 86_400_000);
    const res = await c.post(c.dir.newOrder!, { identifiers: [{ type: 'dns', value: 'timed.example' }], notBefore: nb.toISOString(), notAfter: na.toISOString() });
    const url = res.headers.get('location')!;
    const order = (await res.json()) as { authorizations: string[]; finalize: string };
    for (const a of order.authorizations) {
      const z = (await (await c.post(a, undefined)).json()) as { challenges: { url: string; token: string }[] };
      f.served.set(z.challenges[0]!.token, c.keyAuthorization(z.challenges[0]!.token));
      await c.post(z.challenges[0]!.url, {});
    }
    expect(((await (await c.post(url, undefined)).json()) as { status: string }).status).toBe('ready');
    const done = (await (await c.post(order.finalize, { csr: base64url((await csrFor(['timed.example'])).der) })).json()) as { certificate: string };
    const leaf = parseCertificate(decodePemAll(await (await c.post(done.certificate, undefined)).text())[0]!.der);
    expect(leaf.notBefore.getTime()).toBe(nb.getTime());
  });
});
