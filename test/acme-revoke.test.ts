/**
 * ACME revokeCert (RFC 8555 §7.6) by the ordering account and by the certificate key, and key
 * rollover (§7.3.5), in-process.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { base64url, signAcmeRequest } from '../src/acme/index';
import { generateKeyPair, signerFromPrivateKey } from '../src/index';
import { parsePublicKey } from '../src/keys/index';
import { decodePemAll } from '../src/pem/index';
import { acmeFixture, csrFor, TestClient } from './acme-helpers';

const E = (t: string): string => `urn:ietf:params:acme:error:${t}`;

async function issued(f: Awaited<ReturnType<typeof acmeFixture>>, c: TestClient, name: string) {
  const { order } = await c.readyOrder(f.served, [{ type: 'dns', value: name }]);
  const { der: csr, key } = await csrFor([name]);
  const done = (await (await c.post(order.finalize as string, { csr: base64url(csr) })).json()) as { certificate: string };
  const der = decodePemAll(await (await c.post(done.certificate, undefined)).text())[0]!.der;
  return { der, key };
}

describe('acme: revokeCert', () => {
  it('the ordering account revokes with a reason; a second time is alreadyRevoked; the CA records it', async () => {
    const f = await acmeFixture();
    const c = await TestClient.create(f);
    await c.register();
    const { der } = await issued(f, c, 'rev.example');
    const other = await TestClient.create(f, 'P-384');
    await other.register();
    const stranger = await other.post(c.dir.revokeCert!, { certificate: base64url(der) });
    expect(((await stranger.json()) as { type: string }).type).toBe(E('unauthorized'));
    expect(((await (await c.post(c.dir.revokeCert!, { certificate: base64url(der), reason: 2 })).json()) as { type: string }).type).toBe(E('badRevocationReason'));
    const r = await c.post(c.dir.revokeCert!, { certificate: base64url(der), reason: 4 });
    expect(r.status).toBe(200);
    const rec = (await f.store.query({ filters: { status: 'revoked' } })).records;
    expect(rec).toHaveLength(1);
    expect(rec[0]!.revocation!.reason).toBe('superseded');
    expect(((await (await c.post(c.dir.revokeCert!, { certificate: base64url(der) })).json()) as { type: string }).type).toBe(E('alreadyRevoked'));
  });
  it('the certificate key revokes (jwk), another key may not', async () => {
    const f = await acmeFixture();
    const c = await TestClient.create(f);
    await c.register();
    const { der, key } = await issued(f, c, 'keyrev.example');
    const url = c.dir.revokeCert!;
    const wrong = await signAcmeRequest(signerFromPrivateKey((await generateKeyPair('P-256')).privateKey), { url, nonce: await c.freshNonce() }, { certificate: base64url(der) });
    expect(((await (await c.raw(url, wrong)).json()) as { type: string }).type).toBe(E('unauthorized'));
    const right = await signAcmeRequest(signerFromPrivateKey(key), { url, nonce: await c.freshNonce() }, { certificate: base64url(der), reason: 1 });
    expect((await c.raw(url, right)).status).toBe(200);
    expect((await f.store.query({ filters: { status: 'revoked' } })).records[0]!.revocation!.reason).toBe('keyCompromise');
  });
});

describe('acme: keyChange', () => {
  it('rolls the account over to a new key: the old key no longer works, the new one does', async () => {
    const f = await acmeFixture();
    const c = await TestClient.create(f);
    await c.register();
    const next = signerFromPrivateKey((await generateKeyPair('Ed25519')).privateKey);
    const url = c.dir.keyChange!;
    const inner = await signAcmeRequest(next, { url }, { account: c.kid, oldKey: c.publicKey.toJwk() });
    const res = await c.post(url, inner);
    expect(res.status).toBe(200);
    // The old key (ES256) no longer fits the account's key (Ed25519): refused before anything happens.
    expect(((await (await c.post(c.dir.newOrder!, { identifiers: [{ type: 'dns', value: 'a.example' }] })).json()) as { type: string }).type).toBe(E('badSignatureAlgorithm'));
    const rolled = new TestClient(f, c.key, next);
    rolled.dir = c.dir;
    rolled.kid = c.kid;
    expect((await rolled.post(c.dir.newOrder!, { identifiers: [{ type: 'dns', value: 'a.example' }] })).status).toBe(201);
    // newAccount with the new key finds the same account.
    const found = await rolled.post(c.dir.newAccount!, { onlyReturnExisting: true }, {}, true);
    expect(found.headers.get('location')).toBe(c.kid);
    expect(parsePublicKey(next.publicKey).algorithm).toBe('Ed25519');
  });
  it('refuses an inner JWS with a nonce or for another account', async () => {
    const f = await acmeFixture();
    const c = await TestClient.create(f);
    await c.register();
    const next = signerFromPrivateKey((await generateKeyPair('P-256')).privateKey);
    const url = c.dir.keyChange!;
    const withNonce = await signAcmeRequest(next, { url, nonce: 'x' }, { account: c.kid, oldKey: c.publicKey.toJwk() });
    expect(((await (await c.post(url, withNonce)).json()) as { detail: string }).detail).toContain('nonce');
    const otherAcct = await signAcmeRequest(next, { url }, { account: `${c.kid}x`, oldKey: c.publicKey.toJwk() });
    expect(((await (await c.post(url, otherAcct)).json()) as { type: string }).type).toBe(E('malformed'));
  });
});

describe('acme: renewal information (RFC 9773)', () => {
  /** openssl's view of a certificate: AKI keyid, serial (hex), notBefore, notAfter. */
  function ossl(der: Uint8Array): { aki: string; serial: string; notBefore: number; notAfter: number } {
    const r = spawnSync('openssl', ['x509', '-inform', 'DER', '-noout', '-serial', '-dates', '-ext', 'authorityKeyIdentifier'], { input: der, encoding: 'utf8' });
    if (r.error) throw new Error(`openssl is required for this test: ${r.error.message}`);
    const out = r.stdout;
    return {
      aki: /\n\s+(?:keyid:)?([0-9A-F]{2}(?::[0-9A-F]{2})+)/.exec(out)![1]!.replace(/:/g, ''),
      serial: /serial=([0-9A-F]+)/.exec(out)![1]!,
      notBefore: Date.parse(/notBefore=(.+)/.exec(out)![1]!),
      notAfter: Date.parse(/notAfter=(.+)/.exec(out)![1]!),
    };
  }
  /** certID computed independently of certkit's parser (RFC 9773 §4.1). */
  function certIdOf(der: Uint8Array): string {
    const o = ossl(der);
    let serial = o.serial.length % 2 ? `0${o.serial}` : o.serial;
    if (parseInt(serial.slice(0, 2), 16) >= 0x80) serial = `00${serial}`; // the INTEGER's content octets
    const hex = (h: string): Uint8Array => Uint8Array.from(h.match(/../g)!, (b) => parseInt(b, 16));
    return `${base64url(hex(o.aki))}.${base64url(hex(serial))}`;
  }

  it('serves a suggested window in the last third of the validity, in the past once revoked', async () => {
    const f = await acmeFixture();
    const c = await TestClient.create(f);
    await c.register();
    const { der } = await issued(f, c, 'ari.example');
    expect(c.dir.renewalInfo).toBe('http://ca.test/acme/renewal-info');
    const id = certIdOf(der);
    const res = await f.service.handle(new Request(`${c.dir.renewalInfo}/${id}`));
    expect(res.status).toBe(200);
    expect(res.headers.get('retry-after')).toBe('21600');
    const w = ((await res.json()) as { suggestedWindow: { start: string; end: string } }).suggestedWindow;
    const o = ossl(der);
    const nb = o.notBefore;
    const life = o.notAfter - nb;
    expect(Date.parse(w.start)).toBeGreaterThan(nb + life / 2);
    expect(Date.parse(w.end)).toBeGreaterThan(Date.parse(w.start));
    expect(Date.parse(w.end)).toBeLessThan(o.notAfter);
    await c.post(c.dir.revokeCert!, { certificate: base64url(der), reason: 1 });
    const after = ((await (await f.service.handle(new Request(`${c.dir.renewalInfo}/${id}`))).json()) as { suggestedWindow: { end: string } }).suggestedWindow;
    expect(Date.parse(after.end)).toBeLessThan(f.clock.now.getTime());
    expect((await f.service.handle(new Request(`${c.dir.renewalInfo}/AAAA.AQ`))).status).toBe(404);
    expect((await f.service.handle(new Request(`${c.dir.renewalInfo}/nodot`))).status).toBe(400);
  });

  it('replaces: the new certificate records the one it renews; another account may not replace it', async () => {
    const f = await acmeFixture();
    const c = await TestClient.create(f);
    await c.register();
    const { der } = await issued(f, c, 'renew.example');
    const id = certIdOf(der);
    const other = await TestClient.create(f, 'P-384');
    await other.register();
    const denied = await other.post(other.dir.newOrder!, { identifiers: [{ type: 'dns', value: 'renew.example' }], replaces: id });
    expect(((await denied.json()) as { type: string }).type).toBe(E('unauthorized'));
    const res = await c.post(c.dir.newOrder!, { identifiers: [{ type: 'dns', value: 'renew.example' }], replaces: id });
    expect(res.status).toBe(201);
    const order = (await res.json()) as { authorizations: string[]; finalize: string };
    for (const a of order.authorizations) {
      const z = (await (await c.post(a, undefined)).json()) as { challenges: { url: string; token: string }[] };
      f.served.set(z.challenges[0]!.token, c.keyAuthorization(z.challenges[0]!.token));
      await c.post(z.challenges[0]!.url, {});
    }
    expect((await c.post(order.finalize, { csr: base64url((await csrFor(['renew.example'])).der) })).status).toBe(200);
    const first = (await f.store.query({ filters: { text: 'renew.example' } })).records.find((r) => r.requester?.renewalOf === undefined)!;
    const renewals = (await f.store.query({ filters: { renewalOf: first.serial } })).records;
    expect(renewals).toHaveLength(1);
  });
});
