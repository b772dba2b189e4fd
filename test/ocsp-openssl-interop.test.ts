/**
 * OCSP structures against OpenSSL 3 (RFC 6960): requests written by `openssl ocsp -reqout`
 * (SHA-1 and SHA-256 CertIDs, with and without nonce) parse in certkit to the CertID certkit
 * computes; certkit's requests are read by `openssl ocsp -reqin -req_text` and answered by the
 * OpenSSL responder (`-index`, signed by the CA or a delegated responder), whose responses
 * verify in certkit as good, revoked (time and reason) and unknown, nonce echoed; responses
 * certkit signs pass `openssl ocsp -respin -CAfile -issuer -cert`. Fails when openssl is missing.
 * The clock is real here: OpenSSL stamps thisUpdate and producedAt with the current time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesEqual } from '../src/der/index';
import { certIdEquals, createCertId, encodeOcspRequest, parseOcspRequest, parseOcspResponse, signOcspResponse, verifyOcspResponse, verifyOcspResponseSync } from '../src/ocsp/index';
import { certificateToPem } from '../src/x509/index';
import { DAY, makeOcspParties } from './ocsp-helpers';

const now = new Date();
let dir: string;

let p: Awaited<ReturnType<typeof makeOcspParties>>;

function openssl(args: string[]): { ok: boolean; out: string } {
  const r = spawnSync('openssl', args, { cwd: dir });
  if (r.error) throw new Error(`openssl cannot run (this interop test needs it): ${r.error.message}`);
  return { ok: r.status === 0, out: `${r.stdout.toString('latin1')}${r.stderr.toString('latin1')}` };
}
const file = (n: string): Uint8Array => new Uint8Array(readFileSync(join(dir, n)));
const hex = (n: bigint): string => n.toString(16).toUpperCase().padStart(2, '0');
const ossl = (d: Date): string => d.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';

beforeAll(async () => {
  expect(openssl(['version']).out).toMatch(/^OpenSSL 3\./);
  dir = mkdtempSync(join(tmpdir(), 'certkit-ocsp-'));
  p = await makeOcspParties(now);
  for (const [n, party] of Object.entries(p)) {
    writeFileSync(join(dir, `${n}.pem`), certificateToPem(party.cert));
    writeFileSync(join(dir, `${n}.key`), party.key.toPem());
  }
  // the OpenSSL CA database: good is valid, revoked is revoked (keyCompromise), unknown is absent
  const exp = ossl(new Date(now.getTime() + 90 * DAY));
  writeFileSync(
    join(dir, 'index.txt'),
    [
      `V\t${exp}\t\t${hex(p.good.cert.serialNumber)}\tunknown\t/CN=good.example`,
      `R\t${exp}\t${ossl(new Date(now.getTime() - 3600_000))},keyCompromise\t${hex(p.revoked.cert.serialNumber)}\tunknown\t/CN=revoked.example`,
      '',
    ].join('\n'),
  );
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('requests', () => {
  it('openssl ocsp -reqout (SHA-1, SHA-256; nonce or not) parses to the CertID certkit computes', () => {
    for (const [hash, extra] of [
      ['SHA-1', ['-nonce']],
      ['SHA-256', ['-sha256', '-no_nonce']],
    ] as const) {
      const r = openssl(['ocsp', ...extra, '-issuer', 'ca.pem', '-cert', 'good.pem', '-cert', 'revoked.pem', '-reqout', 'req.der']);
      expect(r.ok, r.out).toBe(true);
      const req = parseOcspRequest(file('req.der'));
      expect(req.requests).toHaveLength(2);
      expect(certIdEquals(req.requests[0]!.certId, createCertId(p.ca.cert, p.good.cert, hash))).toBe(true);
      expect(certIdEquals(req.requests[1]!.certId, createCertId(p.ca.cert, p.revoked.cert, hash))).toBe(true);
      if (extra[0] === '-nonce') expect(req.nonce?.length).toBe(16);
      else expect(req.nonce).toBeUndefined();
    }
  });

  it('a signed request (openssl ocsp -signer): requestorName and the signature with its certificate kept as received', () => {
    const r = openssl(['ocsp', '-issuer', 'ca.pem', '-cert', 'good.pem', '-signer', 'other.pem', '-signkey', 'other.key', '-reqout', 'signed.der']);
    expect(r.ok, r.out).toBe(true);
    const req = parseOcspRequest(file('signed.der'));
    expect(req.signature).toBeDefined();
    expect(req.signature!.algorithm.oid).toBe('1.2.840.10045.4.3.2');
    expect(req.signature!.certificates).toHaveLength(1);
    expect(bytesEqual(req.signature!.certificates[0]!, p.other.cert.raw)).toBe(true);
    expect(req.rawRequestorName).toBeDefined();
    expect(certIdEquals(req.requests[0]!.certId, createCertId(p.ca.cert, p.good.cert))).toBe(true);
  });

  it('certkit requests are read by openssl -req_text', () => {
    const { der, nonce } = encodeOcspRequest([createCertId(p.ca.cert, p.good.cert), createCertId(p.ca.cert, p.revoked.cert, 'SHA-256')], { nonce: true });
    writeFileSync(join(dir, 'ck-req.der'), der);
    const r = openssl(['ocsp', '-reqin', 'ck-req.der', '-req_text', '-noverify']);
    expect(r.ok, r.out).toBe(true);
    expect(r.out).toContain(`Serial Number: ${hex(p.good.cert.serialNumber)}`);
    expect(r.out).toMatch(/Hash Algorithm: sha256/);
    expect(r.out).toMatch(/OCSP Nonce/);
    expect(r.out.replace(/[\s:]/g, '').toLowerCase()).toContain(Buffer.from(nonce!).toString('hex'));
  });
});

describe('the OpenSSL responder, verified by certkit', () => {
  for (const [signer, rsigner] of [
    ['the CA', 'ca'],
    ['a delegated responder', 'responder'],
  ] as const) {
    it(`good, revoked (time, reason) and unknown, signed by ${signer}, nonce echoed`, async () => {
      for (const [who, expected] of [
        ['good', 'good'],
        ['revoked', 'revoked'],
        ['unknown', 'unknown'],
      ] as const) {
        const { der, nonce } = encodeOcspRequest([createCertId(p.ca.cert, p[who].cert)], { nonce: true });
        writeFileSync(join(dir, 'q.der'), der);
        const r = openssl(['ocsp', '-index', 'index.txt', '-CA', 'ca.pem', '-rsigner', `${rsigner}.pem`, '-rkey', `${rsigner}.key`, '-reqin', 'q.der', '-respout', 'a.der', '-ndays', '1']);
        expect(r.ok, r.out).toBe(true);
        const v = verifyOcspResponseSync(file('a.der'), { issuer: p.ca.cert, certificate: p[who].cert, nonce });
        expect(v.status).toBe(expected);
        expect(v.delegated).toBe(rsigner === 'responder');
        expect(v.nextUpdate!.getTime()).toBeGreaterThan(now.getTime());
        if (expected === 'revoked') {
          expect(v.revocationReason).toBe('keyCompromise');
          expect(Math.abs(v.revocationTime!.getTime() - (now.getTime() - 3600_000))).toBeLessThan(1000);
        }
        const a = await verifyOcspResponse(parseOcspResponse(file('a.der')), { issuer: p.ca.cert, certificate: p[who].cert, nonce });
        expect(a.status).toBe(expected);
        // the wrong nonce is refused
        expect(() => verifyOcspResponseSync(file('a.der'), { issuer: p.ca.cert, certificate: p[who].cert, nonce: new Uint8Array(32) })).toThrow(expect.objectContaining({ code: 'nonce-mismatch' }));
      }
    });
  }
});

describe('certkit responses, verified by openssl', () => {
  it('CA-signed byKey and delegated byName with nonce pass openssl ocsp -respin', async () => {
    const id = createCertId(p.ca.cert, p.good.cert);
    const rid = createCertId(p.ca.cert, p.revoked.cert);
    const resp1 = await signOcspResponse({
      signer: p.ca.signer,
      responderCertificate: p.ca.cert,
      producedAt: now,
      responses: [
        { certId: id, status: 'good', thisUpdate: now, nextUpdate: new Date(now.getTime() + DAY) },
        { certId: rid, status: 'revoked', revocationTime: new Date(now.getTime() - DAY), revocationReason: 'superseded', thisUpdate: now },
      ],
    });
    writeFileSync(join(dir, 'r1.der'), resp1);
    const a = openssl(['ocsp', '-respin', 'r1.der', '-CAfile', 'ca.pem', '-issuer', 'ca.pem', '-cert', 'good.pem', '-cert', 'revoked.pem', '-resp_text']);
    expect(a.ok, a.out).toBe(true);
    expect(a.out).toMatch(/Response verify OK/);
    expect(a.out).toMatch(/good\.pem: good/);
    expect(a.out).toMatch(/revoked\.pem: revoked/);
    expect(a.out).toMatch(/Reason: superseded/);
    expect(a.out).toMatch(/Responder Id: [0-9A-F]{40}/);
    // the request (with a nonce) that openssl checks the response's nonce against
    const { der: q2, nonce } = encodeOcspRequest([id], { nonce: true });
    writeFileSync(join(dir, 'q2.der'), q2);
    const resp2 = await signOcspResponse({
      signer: p.responder.signer,
      responderCertificate: p.responder.cert,
      responderId: 'byName',
      producedAt: now,
      nonce,
      certificates: [p.responder.cert],
      responses: [{ certId: id, status: 'good', thisUpdate: now, nextUpdate: new Date(now.getTime() + DAY) }],
    });
    writeFileSync(join(dir, 'r2.der'), resp2);
    const b = openssl(['ocsp', '-reqin', 'q2.der', '-respin', 'r2.der', '-CAfile', 'ca.pem', '-resp_text']);
    expect(b.ok, b.out).toBe(true);
    expect(b.out).toMatch(/Response verify OK/);
    expect(b.out).not.toMatch(/Nonce Verify error/);
    // a response echoing another nonce: openssl reports it
    const resp3 = await signOcspResponse({
      signer: p.responder.signer,
      responderCertificate: p.responder.cert,
      producedAt: now,
      nonce: new Uint8Array(32).fill(7),
      certificates: [p.responder.cert],
      responses: [{ certId: id, status: 'good', thisUpdate: now }],
    });
    writeFileSync(join(dir, 'r3.der'), resp3);
    expect(openssl(['ocsp', '-reqin', 'q2.der', '-respin', 'r3.der', '-CAfile', 'ca.pem']).out).toMatch(/Nonce Verify error/);
    expect(b.out).toMatch(/Responder Id: CN = OCSP Responder/);
    const v = verifyOcspResponseSync(resp2, { issuer: p.ca.cert, certificate: p.good.cert, nonce: nonce!, time: now });
    expect(v.delegated).toBe(true);
    expect(bytesEqual(parseOcspResponse(resp2).basic!.nonce!, nonce!)).toBe(true);
  });
});
