/**
 * ACME External Account Binding (RFC 8555 §7.3.4), in-process: required when configured, the MAC
 * and the bound key checked, the binding's identity kept on the account and on issued records.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { base64url } from '../src/acme/index';
import { generateKeyPair } from '../src/index';
import { parsePublicKey } from '../src/keys/index';
import { acmeFixture, csrFor, DIR, TestClient } from './acme-helpers';

const E = (t: string): string => `urn:ietf:params:acme:error:${t}`;
const KEY = new TextEncoder().encode('a 32-byte MAC key for team-web!!');
const enc = (v: unknown): string => base64url(new TextEncoder().encode(JSON.stringify(v)));

function binding(kid: string, key: Uint8Array, jwk: unknown, url: string, extra: Record<string, unknown> = {}): Record<string, string> {
  const prot = enc({ alg: 'HS256', kid, url, ...extra });
  const payload = enc(jwk);
  return { protected: prot, payload, signature: base64url(hmac(sha256, key, new TextEncoder().encode(`${prot}.${payload}`))) };
}

async function fixture() {
  return acmeFixture({ externalAccount: { lookup: async (kid: string) => (kid === 'team-web' ? { key: KEY, principal: 'alice' } : undefined) } });
}

describe('acme: external account binding', () => {
  it('the directory says it is required; an account without one is refused', async () => {
    const f = await fixture();
    expect(((await (await f.service.handle(new Request(DIR))).json()) as { meta: { externalAccountRequired: boolean } }).meta.externalAccountRequired).toBe(true);
    const c = await TestClient.create(f);
    const r = await c.register();
    expect(r.status).toBe(403);
    expect(((await r.json()) as { type: string }).type).toBe(E('externalAccountRequired'));
  });
  it('a valid binding creates the account and its certificates carry the identity', async () => {
    const f = await fixture();
    const c = await TestClient.create(f);
    const r = await c.register({ termsOfServiceAgreed: true, externalAccountBinding: binding('team-web', KEY, c.publicKey.toJwk(), c.dir.newAccount!) });
    expect(r.status).toBe(201);
    const { order } = await c.readyOrder(f.served, [{ type: 'dns', value: 'eab.example' }]);
    expect((await c.post(order.finalize as string, { csr: base64url((await csrFor(['eab.example'])).der) })).status).toBe(200);
    const rec = (await f.store.query({ filters: { method: 'acme' } })).records[0]!;
    expect(rec.requester!.metadata).toMatchObject({ externalAccount: 'alice' });
  });
  it('refuses a wrong MAC, an unknown kid, another key, a nonce, another url and a non-HMAC alg', async () => {
    const f = await fixture();
    const c = await TestClient.create(f);
    const url = c.dir.newAccount!;
    const otherKey = parsePublicKey((await generateKeyPair('P-256')).publicKey.spki).toJwk();
    const cases: [Record<string, string>, string][] = [
      [binding('team-web', new TextEncoder().encode('wrong key wrong key wrong key!!!'), c.publicKey.toJwk(), url), 'unauthorized'],
      [binding('nobody', KEY, c.publicKey.toJwk(), url), 'unauthorized'],
      [binding('team-web', KEY, otherKey, url), 'unauthorized'],
      [binding('team-web', KEY, c.publicKey.toJwk(), url, { nonce: 'abc' }), 'malformed'],
      [binding('team-web', KEY, c.publicKey.toJwk(), `${url}x`), 'malformed'],
      [binding('team-web', KEY, c.publicKey.toJwk(), url, { alg: 'none' }), 'badSignatureAlgorithm'],
    ];
    for (const [eab, type] of cases) {
      const r = await c.register({ termsOfServiceAgreed: true, externalAccountBinding: eab });
      expect(
        ((await r.json()) as { type: string }).type,
        JSON.stringify(JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(eab.protected!.replace(/-/g, '+').replace(/_/g, '/')), (x) => x.charCodeAt(0))))),
      ).toBe(E(type));
    }
    expect(c.kid).toBeUndefined();
  });
});
