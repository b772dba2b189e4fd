/**
 * OCSP verification and strictness in certkit alone (a fixed clock): the responder's authority
 * (RFC 6960 §4.2.2.2: the CA, or a delegated responder the CA certified with id-kp-OCSPSigning;
 * nocheck reported), the signature, the CertID (SHA-1 or SHA-256), the time window and its skew,
 * the nonce (RFC 8954 lengths), unsuccessful statuses, and the parser's rules with code, offset
 * and path; any corruption gives a value or a CertkitError.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CertkitError, DerError, encodeDer, readTlvAt } from '../src/der/index';
import {
  OcspError,
  createCertId,
  encodeOcspErrorResponse,
  encodeOcspRequest,
  ocspRequestToPem,
  ocspResponseToPem,
  parseOcspRequest,
  parseOcspResponse,
  signOcspResponse,
  verifyOcspResponse,
  verifyOcspResponseSync,
  type SignOcspResponseOptions,
} from '../src/ocsp/index';
import { DAY, makeOcspParties } from './ocsp-helpers';

const NOW = new Date('2030-06-01T00:00:00Z');
let p: Awaited<ReturnType<typeof makeOcspParties>>;
let otherCa: Awaited<ReturnType<typeof makeOcspParties>>;
let good: Uint8Array;

function thrown(fn: () => unknown): CertkitError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CertkitError);
    return e as CertkitError;
  }
  throw new Error('expected an error');
}

const sign = (o: Partial<SignOcspResponseOptions> = {}): Promise<Uint8Array> =>
  signOcspResponse({
    signer: p.ca.signer,
    responderCertificate: p.ca.cert,
    producedAt: NOW,
    responses: [{ certId: createCertId(p.ca.cert, p.good.cert), status: 'good', thisUpdate: NOW, nextUpdate: new Date(NOW.getTime() + DAY) }],
    ...o,
  });

beforeAll(async () => {
  p = await makeOcspParties(NOW);
  otherCa = await makeOcspParties(NOW, { caName: 'Another CA' });
  good = await sign();
});

describe('responder authority (RFC 6960 §4.2.2.2)', () => {
  it('the CA itself, byKey and byName; sync and async agree', async () => {
    for (const responderId of ['byKey', 'byName'] as const) {
      const der = await sign({ responderId });
      const v = verifyOcspResponseSync(der, { issuer: p.ca.cert, certificate: p.good.cert, time: NOW });
      expect(v.status).toBe('good');
      expect(v.delegated).toBe(false);
      expect(parseOcspResponse(der).basic!.responderId.type).toBe(responderId);
      expect((await verifyOcspResponse(der, { issuer: p.ca.cert, certificate: p.good.cert, time: NOW })).status).toBe('good');
    }
  });

  it('a delegated responder with id-kp-OCSPSigning; nocheck is reported', async () => {
    for (const [who, noCheck] of [
      ['responder', false],
      ['noCheck', true],
    ] as const) {
      const der = await sign({ signer: p[who].signer, responderCertificate: p[who].cert, certificates: [p[who].cert] });
      const v = verifyOcspResponseSync(der, { issuer: p.ca.cert, certificate: p.good.cert, time: NOW });
      expect(v.delegated).toBe(true);
      expect(v.noCheck).toBe(noCheck);
      expect(v.responder.subject.commonName).toBe(p[who].cert.subject.commonName);
    }
  });

  it('refused: no extKeyUsage OCSPSigning, another CA, certificate not sent, expired responder certificate', async () => {
    const cases: Array<[string, Uint8Array, Date]> = [
      ['not OCSPSigning', await sign({ signer: p.other.signer, responderCertificate: p.other.cert, certificates: [p.other.cert] }), NOW],
      ['another CA', await sign({ signer: otherCa.responder.signer, responderCertificate: otherCa.responder.cert, certificates: [otherCa.responder.cert] }), NOW],
      ['not sent', await sign({ signer: p.responder.signer, responderCertificate: p.responder.cert }), NOW],
      [
        'expired',
        await sign({
          signer: p.responder.signer,
          responderCertificate: p.responder.cert,
          certificates: [p.responder.cert],
          producedAt: new Date(NOW.getTime() + 100 * DAY),
          responses: [{ certId: createCertId(p.ca.cert, p.good.cert), status: 'good', thisUpdate: new Date(NOW.getTime() + 100 * DAY) }],
        }),
        new Date(NOW.getTime() + 100 * DAY),
      ],
    ];
    for (const [name, der, time] of cases) {
      const e = thrown(() => verifyOcspResponseSync(der, { issuer: p.ca.cert, certificate: p.good.cert, time }));
      expect(e.code, name).toBe('responder-not-authorized');
      await expect(verifyOcspResponse(der, { issuer: p.ca.cert, certificate: p.good.cert, time }), name).rejects.toMatchObject({ code: 'responder-not-authorized' });
    }
  });

  it('a tampered response fails the signature check', () => {
    const bad = good.slice();
    const tbs = parseOcspResponse(good).basic!.rawTbs;
    const at = tbs.byteOffset - good.byteOffset + tbs.length - 5; // inside nextUpdate's digits
    bad[at] = bad[at]! ^ 1;
    const e = thrown(() => verifyOcspResponseSync(bad, { issuer: p.ca.cert, certificate: p.good.cert, time: NOW }));
    expect(e.code).toBe('signature-invalid');
    expect(e.path).toBe('signature');
  });
});

describe('what the response covers', () => {
  it('revoked with time and reason; unknown; a SHA-256 CertID; the certificate not covered', async () => {
    const der = await sign({
      responses: [
        { certId: createCertId(p.ca.cert, p.revoked.cert, 'SHA-256'), status: 'revoked', revocationTime: new Date(NOW.getTime() - DAY), revocationReason: 'cessationOfOperation', thisUpdate: NOW },
        { certId: createCertId(p.ca.cert, p.unknown.cert), status: 'unknown', thisUpdate: NOW },
      ],
    });
    const r = verifyOcspResponseSync(der, { issuer: p.ca.cert, certificate: p.revoked.cert, time: NOW });
    expect([r.status, r.revocationReason, r.revocationTime?.getTime()]).toEqual(['revoked', 'cessationOfOperation', NOW.getTime() - DAY]);
    expect(verifyOcspResponseSync(der, { issuer: p.ca.cert, certId: createCertId(p.ca.cert, p.unknown.cert), time: NOW }).status).toBe('unknown');
    const e = thrown(() => verifyOcspResponseSync(der, { issuer: p.ca.cert, certificate: p.good.cert, time: NOW }));
    expect(e.code).toBe('cert-id-not-found');
  });

  it('time window: stale, not yet valid, and the skew', () => {
    const later = new Date(NOW.getTime() + 2 * DAY);
    expect(thrown(() => verifyOcspResponseSync(good, { issuer: p.ca.cert, certificate: p.good.cert, time: later })).code).toBe('expired');
    const early = new Date(NOW.getTime() - 60_000);
    expect(verifyOcspResponseSync(good, { issuer: p.ca.cert, certificate: p.good.cert, time: early }).status).toBe('good'); // within 5 min
    const e = thrown(() => verifyOcspResponseSync(good, { issuer: p.ca.cert, certificate: p.good.cert, time: early, maxSkewMs: 0 }));
    expect(e.code).toBe('not-yet-valid');
  });

  it('nonce: echoed, missing, different; RFC 8954 lengths', async () => {
    const { der: q, nonce } = encodeOcspRequest([createCertId(p.ca.cert, p.good.cert)], { nonce: true });
    const req = parseOcspRequest(ocspRequestToPem(q));
    expect(req.nonce).toEqual(nonce);
    const echoed = await sign({ nonce: req.nonce });
    expect(verifyOcspResponseSync(ocspResponseToPem(echoed), { issuer: p.ca.cert, certificate: p.good.cert, time: NOW, nonce: nonce! }).status).toBe('good');
    expect(thrown(() => verifyOcspResponseSync(good, { issuer: p.ca.cert, certificate: p.good.cert, time: NOW, nonce: nonce! })).code).toBe('nonce-mismatch');
    expect(() => encodeOcspRequest([createCertId(p.ca.cert, p.good.cert)], { nonce: new Uint8Array(33) })).toThrow(OcspError);
    expect(() => encodeOcspRequest([createCertId(p.ca.cert, p.good.cert)], { nonce: new Uint8Array(0) })).toThrow(/1 to 32/);
    // a request with a 33-octet nonce, written by hand: refused on parse with invalid-nonce
    const id = parseOcspRequest(q).requests[0]!.certId;
    const long = encodeDer((w) =>
      w.sequence((w) =>
        w.sequence((w) => {
          w.sequence((w) =>
            w.sequence((w) =>
              w.sequence((w) => {
                w.sequence((w) => {
                  w.oid('1.3.14.3.2.26');
                  w.null();
                });
                w.octetString(id.issuerNameHash);
                w.octetString(id.issuerKeyHash);
                w.integer(id.serialNumber);
              }),
            ),
          );
          w.explicit(2, (w) =>
            w.sequence((w) =>
              w.sequence((w) => {
                w.oid('1.3.6.1.5.5.7.48.1.2');
                w.octetStringWrapping((w) => w.octetString(new Uint8Array(33)));
              }),
            ),
          );
        }),
      ),
    );
    const e = thrown(() => parseOcspRequest(long));
    expect(e.code).toBe('invalid-nonce');
    expect(e.path).toBe('tbsRequest.requestExtensions');
  });

  it('unsuccessful statuses carry no body and fail verification', () => {
    for (const s of ['malformedRequest', 'internalError', 'tryLater', 'sigRequired', 'unauthorized'] as const) {
      const r = parseOcspResponse(encodeOcspErrorResponse(s));
      expect(r.status).toBe(s);
      expect(r.basic).toBeUndefined();
      const e = thrown(() => verifyOcspResponseSync(r, { issuer: p.ca.cert, certificate: p.good.cert, time: NOW }));
      expect(e.code).toBe('unsuccessful-response');
    }
  });
});

describe('parser rules, with code, offset and path', () => {
  it('truncated, trailing data, BER indefinite length', () => {
    const e1 = thrown(() => parseOcspResponse(good.subarray(0, good.length - 1)));
    expect(e1).toBeInstanceOf(DerError);
    expect(e1.offset).toBeTypeOf('number');
    expect(thrown(() => parseOcspResponse(Uint8Array.from([...good, 0]))).code).toBe('trailing-data');
    const inner = readTlvAt(good, 0, good.length);
    const e2 = thrown(() => parseOcspResponse(Uint8Array.from([0x30, 0x80, ...inner.value, 0, 0])));
    expect(e2.code).toBe('indefinite-length');
    expect(e2.offset).toBe(1);
  });

  it('an undefined status, an explicit v1 version, another response type', () => {
    const s = thrown(() => parseOcspResponse(Uint8Array.of(0x30, 0x03, 0x0a, 0x01, 0x04)));
    expect([s.code, s.offset, s.path]).toEqual(['malformed', 2, 'responseStatus']);
    const { der: q } = encodeOcspRequest([createCertId(p.ca.cert, p.good.cert)]);
    // insert version [0] { INTEGER 0 } at the start of TBSRequest: lengths grow by 5
    const tbs = readTlvAt(q, 2, q.length);
    const body = q.subarray(tbs.valueOffset, tbs.end);
    const withVersion = Uint8Array.from([0x30, tbs.end - 2 + 5, 0x30, body.length + 5, 0xa0, 0x03, 0x02, 0x01, 0x00, ...body]);
    const v = thrown(() => parseOcspRequest(withVersion));
    expect([v.code, v.offset, v.path]).toEqual(['malformed', 4, 'tbsRequest.version']);
    const bad = good.slice();
    const oidAt = Buffer.from(good).indexOf(Buffer.from([0x06, 0x09, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x01]));
    bad[oidAt + 10] = 0x09;
    const t = thrown(() => parseOcspResponse(bad));
    expect([t.code, t.offset, t.path]).toEqual(['unsupported-response-type', oidAt, 'responseBytes.responseType']);
  });

  it('bounds', () => {
    expect(thrown(() => parseOcspResponse(good, { maxInputSize: 50 })).code).toBe('input-too-large');
    const { der: q } = encodeOcspRequest([createCertId(p.ca.cert, p.good.cert), createCertId(p.ca.cert, p.revoked.cert)]);
    const e = thrown(() => parseOcspRequest(q, { maxEntries: 1 }));
    expect([e.code, e.path]).toEqual(['too-many-elements', 'tbsRequest.requestList[1]']);
  });

  it('any single-byte change gives a value or a CertkitError (fast-check, fixed seed)', () => {
    fc.assert(
      fc.property(fc.nat(good.length - 1), fc.integer({ min: 1, max: 255 }), (i, x) => {
        const bad = good.slice();
        bad[i] = bad[i]! ^ x;
        try {
          verifyOcspResponseSync(bad, { issuer: p.ca.cert, certificate: p.good.cert, time: NOW });
          return true;
        } catch (e) {
          return e instanceof CertkitError;
        }
      }),
      { seed: 6960, numRuns: 300 },
    );
  });
});
