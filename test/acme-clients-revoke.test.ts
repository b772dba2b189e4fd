/**
 * What an ACME client's revocation does to what relying parties see, in-process: after
 * `revokeCert` (RFC 8555 §7.6) through `createCaService`, the CRL served at `/crl/ca.crl` lists
 * the certificate with its reason and the OCSP responder answers revoked, although both had
 * answered (and cached) before the revocation; an `acme.onRevoke` hook of the caller still runs.
 * The real clients (certbot, lego, dehydrated) do the same over HTTPS in acme-clients.test.ts,
 * acme-client on Node, Deno and Bun in test/runtimes/acme-client-runtimes.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { base64url, signAcmeRequest } from '../src/acme/index';
import { findCrlEntry, parseCrl } from '../src/crl/index';
import { signerFromPrivateKey } from '../src/index';
import { createCertId, encodeOcspRequest, verifyOcspResponse } from '../src/ocsp/index';
import { decodePemAll } from '../src/pem/index';
import { getExtension, parseCertificate, reasonCodeCodec, type Certificate } from '../src/x509/index';
import { acmeFixture, csrFor, TestClient, type Served } from './acme-helpers';
import { BASE, NOW, makeFixture, type Fixture } from './server-fixture';

type F = Fixture & { served: Served };

/** acmeFixture's set-up, plus the service options the test needs (an OCSP responder). */
async function withOcsp(): Promise<F> {
  const served: Served = new Map();
  const probe = await makeFixture(); // the fixtures share one hierarchy: its key signs OCSP
  const f = await makeFixture({
    acme: { http01Fetch: async (url: string) => new Response(served.get(url.split('/').pop()!) ?? 'nope', { status: served.has(url.split('/').pop()!) ? 200 : 404 }) },
    ocsp: { signer: signerFromPrivateKey(probe.h.intermediateKey) },
  });
  return { ...f, served };
}

async function issued(f: F, c: TestClient, name: string): Promise<{ cert: Certificate; key: Awaited<ReturnType<typeof csrFor>>['key'] }> {
  const { order } = await c.readyOrder(f.served, [{ type: 'dns', value: name }]);
  const { der: csr, key } = await csrFor([name]);
  const done = (await (await c.post(order.finalize as string, { csr: base64url(csr) })).json()) as { certificate: string };
  return { cert: parseCertificate(decodePemAll(await (await c.post(done.certificate, undefined)).text())[0]!.der), key };
}

async function crlReason(f: F, cert: Certificate): Promise<string | undefined> {
  const res = await f.service.handle(new Request(`${BASE}/crl/ca.crl`));
  expect(res.status).toBe(200);
  const entry = findCrlEntry(parseCrl(new Uint8Array(await res.arrayBuffer())), cert.serialNumber);
  return entry === undefined ? undefined : (getExtension(entry, reasonCodeCodec) ?? 'no reasonCode');
}

async function ocspStatus(f: F, cert: Certificate): Promise<string> {
  const issuer = f.h.intermediate.certificate;
  const { der } = encodeOcspRequest([createCertId(issuer, cert)]);
  const res = await f.service.handle(new Request(`${BASE}/ocsp`, { method: 'POST', body: der as Uint8Array<ArrayBuffer>, headers: { 'content-type': 'application/ocsp-request' } }));
  expect(res.status).toBe(200);
  return (await verifyOcspResponse(new Uint8Array(await res.arrayBuffer()), { issuer, certificate: cert, time: NOW })).status;
}

describe('acme: a revocation reaches the published CRL and OCSP at once', () => {
  it("by the account (keyCompromise) and by the certificate key (superseded); the caller's onRevoke runs too", async () => {
    const hooked: unknown[] = [];
    const f = await acmeFixture({ onRevoke: (r: unknown) => void hooked.push(r) });
    const c = await TestClient.create(f);
    await c.register();
    const a = await issued(f, c, 'by-account.example');
    const b = await issued(f, c, 'by-key.example');
    // Both published (and cached) while the certificates are good.
    expect(await crlReason(f, a.cert)).toBeUndefined();
    expect(await crlReason(f, b.cert)).toBeUndefined();

    expect((await c.post(c.dir.revokeCert!, { certificate: base64url(a.cert.raw), reason: 1 })).status).toBe(200);
    expect(await crlReason(f, a.cert)).toBe('keyCompromise');
    expect(await crlReason(f, b.cert)).toBeUndefined();

    const url = c.dir.revokeCert!;
    const byKey = await signAcmeRequest(signerFromPrivateKey(b.key), { url, nonce: await c.freshNonce() }, { certificate: base64url(b.cert.raw), reason: 4 });
    expect((await c.raw(url, byKey)).status).toBe(200);
    expect(await crlReason(f, b.cert)).toBe('superseded');
    expect(await crlReason(f, a.cert)).toBe('keyCompromise');

    const acct = /\/acct\/([^/]+)$/.exec(c.kid!)![1]!;
    expect(hooked).toEqual([
      { serial: a.cert.serialNumber.toString(16), reason: 'keyCompromise', principal: `acme:${acct}` },
      { serial: b.cert.serialNumber.toString(16), reason: 'superseded', principal: 'acme:certificate-key' },
    ]);
    // Each revocation issued a CRL, signed by the CA, with its principal in the audit log.
    const audit = (await f.store.listAudit({ limit: 1000 })).entries.filter((e) => e.action === 'crl');
    expect(audit.map((e) => e.principal).slice(-2)).toEqual([`acme:${acct}`, 'acme:certificate-key']);
  });

  it('OCSP answers revoked after the revocation, though it answered good (and cached it) before', async () => {
    const f = await withOcsp();
    const c = await TestClient.create(f);
    await c.register();
    const { cert } = await issued(f, c, 'ocsp.example');
    expect(await ocspStatus(f, cert)).toBe('good');
    expect((await c.post(c.dir.revokeCert!, { certificate: base64url(cert.raw), reason: 1 })).status).toBe(200);
    expect(await ocspStatus(f, cert)).toBe('revoked');
  });
});
