/**
 * EST (RFC 7030) through the service handler, in-process with `Request` objects: every
 * operation, both authentication methods, and every bad input with its status, its audit entry
 * and nothing half-written in the store.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DerReader } from '../src/der/index';
import { importPrivateKey, parseCertificate, type PrivateKey } from '../src/index';
import { decodeBase64 } from '../src/pem/index';
import { verifyChain } from '../src/path/index';
import { authorityInfoAccessCodec, crlDistributionPointsCodec, getExtension } from '../src/x509/index';
import { BASE, NOW, basic, certsOf, csrDer, errorOf, estPost, makeFixture, p256, type Fixture } from './server-fixture';

let f: Fixture;
let key: PrivateKey;

beforeAll(async () => {
  f = await makeFixture();
  key = await p256();
});

const EST = '/.well-known/est';

async function counts(fx: Fixture): Promise<{ records: number; audit: number }> {
  return { records: (await fx.store.list()).length, audit: (await fx.store.listAudit({ limit: 1000 })).entries.length };
}

async function lastAudit(fx: Fixture) {
  const all = (await fx.store.listAudit({ limit: 1000 })).entries;
  return all[all.length - 1]!;
}

describe('cacerts and csrattrs', () => {
  it('cacerts returns the CA and its chain as base64 certs-only, with the RFC content type', async () => {
    for (const path of [`${EST}/cacerts`, `${EST}/iot/cacerts`]) {
      const res = await f.service.handle(new Request(`${BASE}${path}`));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pkcs7-mime; smime-type=certs-only');
      expect(res.headers.get('content-transfer-encoding')).toBe('base64');
      const certs = certsOf(await res.text());
      expect(certs.map((c) => c.subject.commonName).sort()).toEqual(['Server Test Issuing CA', 'Server Test Root']);
    }
  });

  it('csrattrs is a DER CsrAttrs (SEQUENCE OF AttrOrOID) naming what the profile needs', async () => {
    const res = await f.service.handle(new Request(`${BASE}${EST}/web/csrattrs`));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/csrattrs');
    const der = decodeBase64((await res.text()).replace(/\s+/g, ''));
    const oids: string[] = [];
    const r = new DerReader(der).enter();
    while (!r.atEnd) {
      if (r.peekTag() === 0x06) oids.push(r.readOid());
      else {
        const a = r.enter();
        oids.push(`attr:${a.readOid()}`);
        expect(a.enterSetOf().readOid()).toBe('1.2.840.10045.3.1.7'); // secp256r1
      }
    }
    // ecdsa-with-SHA256, the P-256 key attribute, subjectAltName (tls-server requires one).
    expect(oids).toEqual(['1.2.840.10045.4.3.2', 'attr:1.2.840.10045.2.1', '2.5.29.17']);
    const iot = decodeBase64((await (await f.service.handle(new Request(`${BASE}${EST}/iot/csrattrs`))).text()).replace(/\s+/g, ''));
    expect(iot).not.toEqual(der); // tls-client requires a CN, not a SAN
  });
});

describe('simpleenroll', () => {
  it("issues under the label's profile with HTTP Basic, records who asked, and the certificate carries fetchable CDP/AIA URLs", async () => {
    const before = await counts(f);
    const res = await f.service.handle(estPost(`${EST}/iot/simpleenroll`, await csrDer(key), { authorization: basic('device-1', 'pass-1'), 'user-agent': 'est-test/1' }), {
      remoteAddress: '192.0.2.10',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pkcs7-mime; smime-type=certs-only');
    const [cert] = certsOf(await res.text());
    expect(cert!.subject.commonName).toBe('device-1');
    const rec = (await f.store.get(cert!.serialNumberHex))!;
    expect(rec.profile).toBe('tls-client');
    expect(rec.requester).toEqual({ principal: 'device-1', method: 'est', address: '192.0.2.10', userAgent: 'est-test/1' });
    const after = await counts(f);
    expect(after).toEqual({ records: before.records + 1, audit: before.audit + 1 });
    expect(await lastAudit(f)).toMatchObject({ action: 'issue', principal: 'device-1', serial: rec.serial, method: 'est', address: '192.0.2.10' });
    const cdp = getExtension(cert!, crlDistributionPointsCodec)!;
    expect(JSON.stringify(cdp)).toContain(`${BASE}/crl/ca.crl`);
    expect(JSON.stringify(getExtension(cert!, authorityInfoAccessCodec))).toContain(`${BASE}/ca/ca.crt`);
    await verifyChain(cert!, { anchors: [f.h.root.certificate], intermediates: [f.ca.certificate], time: NOW });
  });

  it('answers 401 with a Basic challenge without credentials or with wrong ones, and audits the denial', async () => {
    for (const headers of [{} as Record<string, string>, { authorization: basic('device-1', 'wrong') }, { authorization: basic('nobody', 'x') }, { authorization: 'Bearer abc' }]) {
      const before = await counts(f);
      const res = await f.service.handle(estPost(`${EST}/simpleenroll`, await csrDer(key), headers));
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm="certkit"/);
      expect((await errorOf(res)).code).toBe('unauthorized');
      const after = await counts(f);
      expect(after).toEqual({ records: before.records, audit: before.audit + 1 });
      expect(await lastAudit(f)).toMatchObject({ action: 'deny', code: 'unauthorized' });
    }
  });

  const bad: [string, () => Promise<Request>, number, string, string?][] = [
    [
      'a wrong content type',
      async () => estPost(`${EST}/simpleenroll`, await csrDer(key), { authorization: basic('device-1', 'pass-1'), 'content-type': 'application/json' }),
      415,
      'unsupported-media-type',
    ],
    ['garbage base64', async () => estPost(`${EST}/simpleenroll`, '!!!not base64***', { authorization: basic('device-1', 'pass-1') }), 400, 'bad-base64'],
    [
      'base64 of something that is not a CSR',
      async () => estPost(`${EST}/simpleenroll`, new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]), { authorization: basic('device-1', 'pass-1') }),
      400,
      'bad-csr',
    ],
    ['an unknown label', async () => estPost(`${EST}/nope/simpleenroll`, await csrDer(key), { authorization: basic('device-1', 'pass-1') }), 404, 'unknown-label', 'anonymous'],
    ['a body over the limit by Content-Length', async () => estPost(`${EST}/simpleenroll`, 'A'.repeat(9000), { authorization: basic('device-1', 'pass-1') }), 413, 'body-too-large'],
    [
      'a body over the limit while streaming (no Content-Length)',
      async () => {
        const stream = new ReadableStream<Uint8Array>({
          start(c) {
            for (let i = 0; i < 10; i++) c.enqueue(new TextEncoder().encode('QUFB'.repeat(256)));
            c.close();
          },
        });
        return new Request(`${BASE}${EST}/simpleenroll`, {
          method: 'POST',
          headers: { 'content-type': 'application/pkcs10', authorization: basic('device-1', 'pass-1') },
          body: stream,
          duplex: 'half',
        } as RequestInit);
      },
      413,
      'body-too-large',
    ],
    ['GET on simpleenroll', async () => new Request(`${BASE}${EST}/simpleenroll`, { headers: { authorization: basic('device-1', 'pass-1') } }), 405, 'method-not-allowed', 'anonymous'],
  ];
  it.each(bad)('refuses %s with the right 4xx, an audit entry and nothing issued', async (_name, make, status, code, principal = 'device-1') => {
    const before = await counts(f);
    const res = await f.service.handle(await make());
    expect(res.status).toBe(status);
    if (status === 405) expect(res.headers.get('allow')).toBe('POST');
    const err = await errorOf(res);
    expect(err.code).toBe(code);
    expect(JSON.stringify(err)).not.toMatch(/at .*\.ts:\d+/); // never a stack trace
    expect(await counts(f)).toEqual({ records: before.records, audit: before.audit + 1 });
    // Checks before authentication (route, label, method) are refused for an anonymous caller.
    expect(await lastAudit(f)).toMatchObject({ action: 'refuse', code, principal, method: 'est' });
  });

  it('refuses a CSR whose signature fails (422 with the finding), audited by the CA with its findings', async () => {
    const der = await csrDer(key);
    const broken = der.slice();
    broken[broken.length - 5]! ^= 0xff; // inside the signature
    const before = await counts(f);
    const res = await f.service.handle(estPost(`${EST}/simpleenroll`, broken, { authorization: basic('device-1', 'pass-1') }));
    expect(res.status).toBe(422);
    const err = await errorOf(res);
    expect(err.code).toBe('issuance-refused');
    expect(err.findings!.map((x) => x.code)).toContain('csr-signature-invalid');
    expect(await counts(f)).toEqual({ records: before.records, audit: before.audit + 1 });
    const e = await lastAudit(f);
    expect(e).toMatchObject({ action: 'refuse', code: 'issuance-refused', principal: 'device-1', method: 'est' });
    expect(e.findings!.map((x) => x.code)).toContain('csr-signature-invalid');
  });

  it('refuses a CSR that fails the profile (a tls-server request without a SAN) with its lint findings', async () => {
    const before = await counts(f);
    const res = await f.service.handle(estPost(`${EST}/web/simpleenroll`, await csrDer(key, { CN: 'host.example' }), { authorization: basic('device-1', 'pass-1') }));
    expect(res.status).toBe(422);
    const err = await errorOf(res);
    expect(err.findings!.length).toBeGreaterThan(0);
    expect(await counts(f)).toEqual({ records: before.records, audit: before.audit + 1 });
  });
});

describe('simplereenroll', () => {
  let fx: Fixture;
  let oldKey: PrivateKey;
  let oldCert: Uint8Array;

  beforeAll(async () => {
    fx = await makeFixture();
    oldKey = await p256();
    const res = await fx.service.handle(estPost(`${EST}/iot/simpleenroll`, await csrDer(oldKey, { CN: 'sensor-7' }, ['sensor-7.example']), { authorization: basic('device-1', 'pass-1') }));
    expect(res.status).toBe(200);
    oldCert = certsOf(await res.text())[0]!.raw;
  });

  it('needs the TLS client certificate being renewed', async () => {
    const res = await fx.service.handle(estPost(`${EST}/iot/simplereenroll`, await csrDer(oldKey, { CN: 'sensor-7' }, ['sensor-7.example']), { authorization: basic('device-1', 'pass-1') }));
    expect(res.status).toBe(401);
  });

  it('refuses a certificate this CA did not issue (its own CA certificate, a self-made one)', async () => {
    const before = await counts(fx);
    const res = await fx.service.handle(estPost(`${EST}/iot/simplereenroll`, await csrDer(oldKey, { CN: 'sensor-7' })), { clientCertificates: [fx.h.root.certificate.raw] });
    expect(res.status).toBe(401);
    expect(await counts(fx)).toEqual({ records: before.records, audit: before.audit + 1 });
    expect(await lastAudit(fx)).toMatchObject({ action: 'deny', code: 'unauthorized' });
  });

  it('refuses a changed subject or SAN (403 reenroll-mismatch, audited), then renews a matching request once', async () => {
    for (const [subject, sans] of [
      [{ CN: 'sensor-8' }, ['sensor-7.example']],
      [{ CN: 'sensor-7' }, ['other.example']],
      [{ CN: 'sensor-7' }, []],
    ] as const) {
      const before = await counts(fx);
      const res = await fx.service.handle(estPost(`${EST}/iot/simplereenroll`, await csrDer(await p256(), subject, [...sans])), { clientCertificates: [oldCert] });
      expect(res.status).toBe(403);
      expect((await errorOf(res)).code).toBe('reenroll-mismatch');
      expect(await counts(fx)).toEqual({ records: before.records, audit: before.audit + 1 });
      expect(await lastAudit(fx)).toMatchObject({ action: 'deny', code: 'reenroll-mismatch', principal: expect.stringMatching(/^cert:/) });
    }
    const newKey = await p256();
    const res = await fx.service.handle(estPost(`${EST}/iot/simplereenroll`, await csrDer(newKey, { CN: 'sensor-7' }, ['sensor-7.example'])), {
      clientCertificates: [oldCert],
      remoteAddress: '198.51.100.4',
    });
    expect(res.status).toBe(200);
    const renewed = certsOf(await res.text())[0]!;
    const oldSerial = parseCertificate(oldCert).serialNumberHex.replace(/^0+/, '');
    const rec = (await fx.store.get(renewed.serialNumberHex))!;
    expect(rec.requester).toMatchObject({ principal: `cert:${oldSerial}`, method: 'est', renewalOf: oldSerial, address: '198.51.100.4' });
    // A replay with the old certificate is refused.
    const before = await counts(fx);
    const again = await fx.service.handle(estPost(`${EST}/iot/simplereenroll`, await csrDer(newKey, { CN: 'sensor-7' }, ['sensor-7.example'])), { clientCertificates: [oldCert] });
    expect(again.status).toBe(409);
    expect((await errorOf(again)).code).toBe('reenroll-replay');
    expect(await counts(fx)).toEqual({ records: before.records, audit: before.audit + 1 });
  });

  it('lets a label that allows it change the names; refuses a revoked certificate', async () => {
    const k = await p256();
    const first = await fx.service.handle(estPost(`${EST}/roam/simpleenroll`, await csrDer(k, { CN: 'laptop-1' }), { authorization: basic('device-1', 'pass-1') }));
    const cert = certsOf(await first.text())[0]!;
    const res = await fx.service.handle(estPost(`${EST}/roam/simplereenroll`, await csrDer(await p256(), { CN: 'laptop-renamed' })), { clientCertificates: [cert.raw] });
    expect(res.status).toBe(200);
    expect(certsOf(await res.text())[0]!.subject.commonName).toBe('laptop-renamed');
    const k2 = await p256();
    const second = certsOf(await (await fx.service.handle(estPost(`${EST}/iot/simpleenroll`, await csrDer(k2, { CN: 'gone' }), { authorization: basic('device-1', 'pass-1') }))).text())[0]!;
    await fx.ca.revoke(second.serialNumberHex, 'keyCompromise');
    const r2 = await fx.service.handle(estPost(`${EST}/iot/simplereenroll`, await csrDer(k2, { CN: 'gone' })), { clientCertificates: [second.raw] });
    expect(r2.status).toBe(401);
    expect((await errorOf(r2)).message).toContain('revoked');
  });

  it('two concurrent re-enrollments with one certificate: one renews, the other is a replay', async () => {
    const k = await p256();
    const first = await fx.service.handle(estPost(`${EST}/iot/simpleenroll`, await csrDer(k, { CN: 'twice' }), { authorization: basic('device-1', 'pass-1') }));
    const cert = certsOf(await first.text())[0]!;
    const before = await counts(fx);
    const rs = await Promise.all([0, 1].map(async () => fx.service.handle(estPost(`${EST}/iot/simplereenroll`, await csrDer(await p256(), { CN: 'twice' })), { clientCertificates: [cert.raw] })));
    expect(rs.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await counts(fx)).toEqual({ records: before.records + 1, audit: before.audit + 2 });
  });

  it('with HTTP Basic, simpleenroll does not look at a TLS client certificate from elsewhere', async () => {
    const res = await fx.service.handle(estPost(`${EST}/iot/simpleenroll`, await csrDer(await p256(), { CN: 'basic-wins' }), { authorization: basic('device-1', 'pass-1') }), {
      clientCertificates: [fx.h.root.certificate.raw],
    });
    expect(res.status).toBe(200);
    const rec = (await fx.store.get(certsOf(await res.text())[0]!.serialNumberHex))!;
    expect(rec.requester!.principal).toBe('device-1');
  });

  it('accepts a TLS client certificate of this CA for simpleenroll too (principal cert:<serial>)', async () => {
    const res = await fx.service.handle(estPost(`${EST}/iot/simpleenroll`, await csrDer(await p256(), { CN: 'extra' })), { clientCertificates: [oldCert] });
    expect(res.status).toBe(200);
    const rec = (await fx.store.get(certsOf(await res.text())[0]!.serialNumberHex))!;
    expect(rec.requester!.principal).toMatch(/^cert:[0-9a-f]+$/);
  });
});

describe('serverkeygen', () => {
  it('returns multipart/mixed with the PKCS#8 key and the certs-only certificate for that key', async () => {
    const res = await f.service.handle(estPost(`${EST}/iot/serverkeygen`, await csrDer(key, { CN: 'keygen-1' }), { authorization: basic('device-1', 'pass-1') }));
    expect(res.status).toBe(200);
    const ct = res.headers.get('content-type')!;
    const m = /^multipart\/mixed; boundary=([A-Za-z0-9-]+)$/.exec(ct);
    expect(m).not.toBeNull();
    const text = await res.text();
    const parts = text
      .split(`--${m![1]}`)
      .slice(1, -1)
      .map((p) => p.replace(/^\r\n/, ''));
    expect(parts).toHaveLength(2);
    const [h1, b1] = parts[0]!.split('\r\n\r\n');
    const [h2, b2] = parts[1]!.split('\r\n\r\n');
    expect(h1).toContain('Content-Type: application/pkcs8');
    expect(h1).toContain('Content-Transfer-Encoding: base64');
    expect(h2).toContain('Content-Type: application/pkcs7-mime; smime-type=certs-only');
    const priv = importPrivateKey(decodeBase64(b1!.replace(/\s+/g, '')));
    const cert = certsOf(b2!)[0]!;
    expect(cert.subject.commonName).toBe('keygen-1');
    expect(cert.rawSpki).toEqual(priv.publicKey.spki);
    const rec = (await f.store.get(cert.serialNumberHex))!;
    expect(rec.requester!.principal).toBe('device-1');
  });
});
