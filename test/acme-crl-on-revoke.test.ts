/**
 * A revokeCert through ACME reaches the CRL and OCSP at once: no manual publish, no waiting for
 * nextUpdate or the OCSP recheck. The service's `onRevoke` hook republishes the CRL and drops the
 * pre-signed OCSP answers; a caller's own `onRevoke` still runs; a failing hook is audited and
 * the revocation stands.
 */
import { describe, expect, it } from 'vitest';
import { base64url, createAcmeServer } from '../src/acme/index';
import { canonicalSerial } from '../src/ca/index';
import { crlEntries, parseCrl } from '../src/crl/index';
import { createCertId, encodeOcspRequest, verifyOcspResponse } from '../src/ocsp/index';
import { decodePemAll } from '../src/pem/index';
import { signerFromPrivateKey } from '../src/sig/index';
import { getExtension, parseCertificate, reasonCodeCodec } from '../src/x509/index';
import { csrFor, TestClient, type Served } from './acme-helpers';
import { BASE, makeFixture, type Fixture } from './server-fixture';

async function fixture(onRevoke?: (revoked: { readonly serial: string }) => void): Promise<Fixture & { served: Served }> {
  const served: Served = new Map();
  const base = await makeFixture();
  const f = await makeFixture({
    ocsp: { signer: signerFromPrivateKey(base.h.intermediateKey), validityHours: 24, refreshHours: 8 },
    acme: {
      http01Fetch: async (url: string) => new Response(served.get(url.split('/').pop()!) ?? 'nope', { status: served.has(url.split('/').pop()!) ? 200 : 404 }),
      ...(onRevoke ? { onRevoke } : {}),
    },
  });
  return { ...f, served };
}

async function issued(f: Fixture & { served: Served }, c: TestClient, name: string): Promise<Uint8Array> {
  const { order } = await c.readyOrder(f.served, [{ type: 'dns', value: name }]);
  const { der: csr } = await csrFor([name]);
  const done = (await (await c.post(order.finalize as string, { csr: base64url(csr) })).json()) as { certificate: string };
  return decodePemAll(await (await c.post(done.certificate, undefined)).text())[0]!.der;
}

async function crlSerials(f: Fixture): Promise<Map<string, string | undefined>> {
  const res = await f.service.handle(new Request(`${BASE}/crl/ca.crl`));
  expect(res.status).toBe(200);
  const crl = parseCrl(new Uint8Array(await res.arrayBuffer()));
  return new Map([...crlEntries(crl)].map((e) => [canonicalSerial(e.serialNumberHex), getExtension(e, reasonCodeCodec)]));
}

async function ocspStatus(f: Fixture, der: Uint8Array): Promise<string> {
  const leaf = parseCertificate(der);
  const issuer = f.h.intermediate.certificate;
  const req = encodeOcspRequest([createCertId(issuer, leaf)]).der;
  const res = await f.service.handle(new Request(`${BASE}/ocsp`, { method: 'POST', body: req as Uint8Array<ArrayBuffer>, headers: { 'content-type': 'application/ocsp-request' } }));
  return (await verifyOcspResponse(new Uint8Array(await res.arrayBuffer()), { issuer, certificate: leaf, time: f.clock.now })).status;
}

describe('acme: revokeCert reaches the CRL and OCSP at once', () => {
  it('by the account: the next GET /crl/ca.crl lists the serial with its reason, OCSP says revoked', async () => {
    const seen: string[] = [];
    const f = await fixture((r) => {
      seen.push(r.serial);
    });
    const c = await TestClient.create(f);
    await c.register();
    const der = await issued(f, c, 'crl.example');
    const serial = canonicalSerial(parseCertificate(der).serialNumberHex);
    await f.service.publishCrl();
    expect(await f.service.presignOcsp()).toBeGreaterThan(0);
    expect((await crlSerials(f)).has(serial)).toBe(false); // the cached CRL, before
    expect(await ocspStatus(f, der)).toBe('good'); // the pre-signed answer, before

    const r = await c.post(c.dir.revokeCert!, { certificate: base64url(der), reason: 4 });
    expect(r.status).toBe(200);
    const after = await crlSerials(f);
    expect(after.get(serial)).toBe('superseded');
    expect(await ocspStatus(f, der)).toBe('revoked'); // same clock: not the recheck, the hook
    expect(seen).toEqual([serial]); // the caller's own hook ran too
    const audit = (await f.store.listAudit({ limit: 1000 })).entries;
    expect(audit.filter((e) => e.action === 'crl').length).toBeGreaterThanOrEqual(2);
  });

  it('by the certificate key (jwk): the CRL lists it too', async () => {
    const f = await fixture();
    const c = await TestClient.create(f);
    await c.register();
    const { order } = await c.readyOrder(f.served, [{ type: 'dns', value: 'keyrev.example' }]);
    const { der: csr, key } = await csrFor(['keyrev.example']);
    const done = (await (await c.post(order.finalize as string, { csr: base64url(csr) })).json()) as { certificate: string };
    const der = decodePemAll(await (await c.post(done.certificate, undefined)).text())[0]!.der;
    await f.service.publishCrl();
    const holder = new TestClient(f, key, signerFromPrivateKey(key));
    holder.dir = c.dir;
    expect((await holder.post(c.dir.revokeCert!, { certificate: base64url(der), reason: 1 }, {}, true)).status).toBe(200);
    expect((await crlSerials(f)).get(canonicalSerial(parseCertificate(der).serialNumberHex))).toBe('keyCompromise');
  });

  it('a failing onRevoke is audited; the revocation stands and the client gets 200', async () => {
    const f = await makeFixture();
    const served: Served = new Map();
    const acme = createAcmeServer({
      ca: f.ca,
      baseUrl: `${BASE}/acme`,
      now: () => f.clock.now,
      http01Fetch: async (url: string) => new Response(served.get(url.split('/').pop()!) ?? ''),
      onRevoke: () => {
        throw new Error('CRL signer offline');
      },
    });
    const g = { ...f, service: { ...f.service, handle: (req: Request) => acme.handle(req) }, served } as Fixture & { served: Served };
    const c = await TestClient.create(g);
    await c.register();
    const der = await issued(g, c, 'fail.example');
    expect((await c.post(c.dir.revokeCert!, { certificate: base64url(der) })).status).toBe(200);
    const serial = canonicalSerial(parseCertificate(der).serialNumberHex);
    expect((await f.ca.status(serial)).status).toBe('revoked');
    const audit = (await f.store.listAudit({ limit: 1000 })).entries;
    expect(audit.find((e) => e.code === 'publish-failed')?.message).toContain('CRL signer offline');
  });
});
