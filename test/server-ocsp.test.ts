/**
 * The service's OCSP responder, in-process (RFC 6960, RFC 5019): POST and GET, good / revoked /
 * unknown, unauthorized and malformed requests, the body limit, the HTTP caching headers, the
 * cache of pre-signed responses (one signature per certificate, dropped on revocation), nonces
 * signed on demand, and a delegated responder; every answer verified with `verifyOcspResponse`.
 */
import { describe, expect, it } from 'vitest';
import { createCertId, encodeOcspRequest, parseOcspResponse, verifyOcspResponse } from '../src/ocsp/index';
import { encodeBase64 } from '../src/pem/index';
import { signerFromPrivateKey, type Signer } from '../src/sig/index';
import { CertificateBuilder, encodeOcspNoCheck, type Certificate } from '../src/x509/index';
import { EXTENSION } from '../src/oid/index';
import { generateKeyPair } from '../src/keys/index';
import { BASE, NOW, api, csrDer, makeFixture, p256, type Fixture } from './server-fixture';

async function fixture(delegated = false): Promise<Fixture & { signs: () => number; responder: Certificate }> {
  const base = await makeFixture();
  const caSigner = signerFromPrivateKey(base.h.intermediateKey);
  let responder = base.h.intermediate.certificate;
  let inner: Signer = caSigner;
  if (delegated) {
    const k = await generateKeyPair('P-256');
    responder = await CertificateBuilder.create()
      .subject({ CN: 'OCSP Responder' })
      .publicKey(k.publicKey)
      .serialNumber(0x4242n)
      .notBefore(new Date(NOW.getTime() - 86_400_000))
      .notAfter(new Date(NOW.getTime() + 30 * 86_400_000))
      .keyUsage(['digitalSignature'])
      .extKeyUsage(['OCSPSigning'])
      .extension({ oid: EXTENSION.ocspNoCheck, value: encodeOcspNoCheck() })
      .sign(caSigner, { issuerCertificate: base.h.intermediate.certificate });
    inner = signerFromPrivateKey(k.privateKey);
  }
  let n = 0;
  const counting: Signer = { algorithm: inner.algorithm, publicKey: inner.publicKey, sign: (d) => (n++, inner.sign(d)) };
  const f = await makeFixture({ ocsp: { signer: counting, ...(delegated ? { certificate: responder } : {}), validityHours: 24, refreshHours: 8 } });
  return { ...f, signs: () => n, responder };
}

async function issue(f: Fixture): Promise<Certificate> {
  return (await f.ca.issue(await csrDer(await p256(), { CN: 'leaf' }), { profile: 'tls-client' })).certificate;
}

function post(der: Uint8Array, headers: Record<string, string> = {}): Request {
  return new Request(`${BASE}/ocsp`, { method: 'POST', body: der as Uint8Array<ArrayBuffer>, headers: { 'content-type': 'application/ocsp-request', ...headers } });
}

function get(der: Uint8Array, headers: Record<string, string> = {}): Request {
  return new Request(`${BASE}/ocsp/${encodeURIComponent(encodeBase64(der))}`, { headers });
}

async function body(res: Response): Promise<Uint8Array> {
  return new Uint8Array(await res.arrayBuffer());
}

describe('OCSP responder in the service', () => {
  it('answers good over POST and GET from the cache, with RFC 5019 caching headers, signing once', async () => {
    const f = await fixture();
    const leaf = await issue(f);
    const issuer = f.h.intermediate.certificate;
    const { der } = encodeOcspRequest([createCertId(issuer, leaf)]);
    const r1 = await f.service.handle(post(der));
    expect(r1.status).toBe(200);
    expect(r1.headers.get('content-type')).toBe('application/ocsp-response');
    const b1 = await body(r1);
    const v = await verifyOcspResponse(b1, { issuer, certificate: leaf, time: NOW });
    expect(v.status).toBe('good');
    expect(v.delegated).toBe(false);
    expect(v.nextUpdate!.getTime() - v.thisUpdate.getTime()).toBe(24 * 3_600_000);
    const r2 = await f.service.handle(get(der));
    expect(r2.status).toBe(200);
    expect(await body(r2)).toEqual(b1);
    expect(f.signs()).toBe(1);
    expect(r2.headers.get('cache-control')).toBe('max-age=86400, public, no-transform, must-revalidate');
    expect(r2.headers.get('last-modified')).toBe(NOW.toUTCString());
    expect(r2.headers.get('expires')).toBe(new Date(NOW.getTime() + 86_400_000).toUTCString());
    const etag = r2.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const r3 = await f.service.handle(get(der, { 'if-none-match': etag! }));
    expect(r3.status).toBe(304);
  });

  it('re-signs a cached response when less than refreshHours remain, and at once after a revocation through the API', async () => {
    const f = await fixture();
    const leaf = await issue(f);
    const issuer = f.h.intermediate.certificate;
    const { der } = encodeOcspRequest([createCertId(issuer, leaf)]);
    await f.service.handle(post(der));
    f.clock.now = new Date(NOW.getTime() + 15 * 3_600_000); // 9 h left: still cached
    await f.service.handle(post(der));
    expect(f.signs()).toBe(1);
    f.clock.now = new Date(NOW.getTime() + 17 * 3_600_000); // 7 h left: re-signed
    const fresh = await verifyOcspResponse(await body(await f.service.handle(post(der))), { issuer, certificate: leaf, time: f.clock.now });
    expect(f.signs()).toBe(2);
    expect(fresh.thisUpdate).toEqual(f.clock.now);
    const rev = await f.service.handle(api(`/api/v1/certificates/${leaf.serialNumber.toString(16)}/revoke`, f.tokens.admin, { json: { reason: 'keyCompromise' } }));
    expect(rev.status).toBe(200);
    const v = await verifyOcspResponse(await body(await f.service.handle(get(der))), { issuer, certificate: leaf, time: f.clock.now });
    expect(v.status).toBe('revoked');
    expect(v.revocationReason).toBe('keyCompromise');
    expect(v.revocationTime).toEqual(new Date(f.clock.now.toISOString().replace(/\.\d+Z$/, 'Z')));
  });

  it('sees a revocation made outside the service (same store) once the cached answer is rechecked', async () => {
    const f = await fixture();
    const leaf = await issue(f);
    const issuer = f.h.intermediate.certificate;
    const { der } = encodeOcspRequest([createCertId(issuer, leaf)]);
    await f.service.handle(post(der));
    await f.ca.revoke(leaf.serialNumber, 'superseded'); // not through the service: no hook
    f.clock.now = new Date(NOW.getTime() + 30_000);
    const cached = await verifyOcspResponse(await body(await f.service.handle(post(der))), { issuer, certificate: leaf, time: f.clock.now });
    expect(cached.status).toBe('good'); // within recheckSeconds (60)
    f.clock.now = new Date(NOW.getTime() + 61_000);
    const v = await verifyOcspResponse(await body(await f.service.handle(post(der))), { issuer, certificate: leaf, time: f.clock.now });
    expect(v.status).toBe('revoked');
    expect(v.revocationReason).toBe('superseded');
    expect(f.signs()).toBe(2);
  });

  it('answers unknown for a serial it never issued, and signs nonce requests on demand (no-store)', async () => {
    const f = await fixture();
    const issuer = f.h.intermediate.certificate;
    const id = createCertId(issuer, 0x1234567n);
    const { der, nonce } = encodeOcspRequest([id], { nonce: true });
    const r = await f.service.handle(post(der));
    expect(r.headers.get('cache-control')).toBe('no-store');
    const v = await verifyOcspResponse(await body(r), { issuer, certId: id, nonce, time: NOW });
    expect(v.status).toBe('unknown');
    await f.service.handle(post(der));
    expect(f.signs()).toBe(2);
    const sha256 = createCertId(issuer, 0x1234567n, 'SHA-256');
    const v2 = await verifyOcspResponse(await body(await f.service.handle(post(encodeOcspRequest([sha256]).der))), { issuer, certId: sha256, time: NOW });
    expect(v2.status).toBe('unknown');
    // unknown answers are not kept: anyone may ask for any serial
    const plain = encodeOcspRequest([id]).der;
    await f.service.handle(post(plain));
    await f.service.handle(post(plain));
    expect(f.signs()).toBe(5);
  });

  it('answers unauthorized for another issuer, malformedRequest for garbage, and refuses a large body before reading it', async () => {
    const f = await fixture();
    const leaf = await issue(f);
    const root = f.h.root.certificate;
    const other = await f.service.handle(post(encodeOcspRequest([createCertId(root, leaf)]).der));
    expect(parseOcspResponse(await body(other)).status).toBe('unauthorized');
    const bad = await f.service.handle(post(new Uint8Array([0x30, 0x03, 0x02, 0x01])));
    expect(parseOcspResponse(await body(bad)).status).toBe('malformedRequest');
    const badGet = await f.service.handle(new Request(`${BASE}/ocsp/!!notbase64`));
    expect(parseOcspResponse(await body(badGet)).status).toBe('malformedRequest');
    const big = await f.service.handle(new Request(`${BASE}/ocsp`, { method: 'POST', body: new Uint8Array(9000), headers: { 'content-type': 'application/ocsp-request', 'content-length': '9000' } }));
    expect(big.status).toBe(413);
    const wrongType = await f.service.handle(post(encodeOcspRequest([createCertId(f.h.intermediate.certificate, leaf)]).der, { 'content-type': 'text/plain' }));
    expect(wrongType.status).toBe(415);
    expect(f.signs()).toBe(0);
  });

  it('signs with a delegated responder, sending its certificate', async () => {
    const f = await fixture(true);
    const leaf = await issue(f);
    const issuer = f.h.intermediate.certificate;
    const { der, nonce } = encodeOcspRequest([createCertId(issuer, leaf)], { nonce: true });
    const v = await verifyOcspResponse(await body(await f.service.handle(post(der))), { issuer, certificate: leaf, nonce, time: NOW });
    expect(v.status).toBe('good');
    expect(v.delegated).toBe(true);
    expect(v.noCheck).toBe(true);
    expect(v.responder.raw).toEqual(f.responder.raw);
  });

  it('pre-signs every certificate of the store, and without the ocsp option has no /ocsp', async () => {
    const f = await fixture();
    await issue(f);
    await issue(f);
    expect(await f.service.presignOcsp()).toBe(2);
    expect(f.signs()).toBe(2);
    const none = await makeFixture();
    expect((await none.service.handle(post(new Uint8Array([0x30, 0x00])))).status).toBe(404);
    expect(none.service.urls.ocsp).toBe(`${BASE}/ocsp`);
  });
});
