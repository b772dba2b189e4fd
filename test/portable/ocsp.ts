/**
 * Portable OCSP tests: a request with a nonce built and parsed back; a response signed by the CA
 * for good and revoked certificates, parsed and verified on both paths; a stale response refused
 * with `expired`. Non-goals: OpenSSL interop and the single rules (test/ocsp-*.test.ts).
 * @module
 */
import { OcspError, createCertId, encodeOcspRequest, parseOcspRequest, signOcspResponse, verifyOcspResponse, verifyOcspResponseSync } from './certkit';
import { assert, assertEquals, assertThrows, test } from './harness';
import { NOW, buildChainWithKeys } from './x509';

test('ocsp: request with nonce, CA-signed response, verify on both paths', async () => {
  const { inter, leaf, interSigner } = await buildChainWithKeys();
  const id = createCertId(inter, leaf);
  const { der, nonce } = encodeOcspRequest([id], { nonce: true });
  const req = parseOcspRequest(der);
  assertEquals(req.requests[0]!.certId.serialNumber, leaf.serialNumber);
  assertEquals(req.nonce!.length, 32);
  const resp = await signOcspResponse({
    signer: interSigner,
    responderCertificate: inter,
    producedAt: NOW,
    nonce: req.nonce,
    responses: [
      {
        certId: req.requests[0]!.certId,
        status: 'revoked',
        revocationTime: new Date(NOW.getTime() - 60_000),
        revocationReason: 'keyCompromise',
        thisUpdate: NOW,
        nextUpdate: new Date(NOW.getTime() + 3_600_000),
      },
    ],
  });
  const sync = verifyOcspResponseSync(resp, { issuer: inter, certificate: leaf, time: NOW, nonce: nonce! });
  assertEquals(sync.status, 'revoked');
  assertEquals(sync.revocationReason, 'keyCompromise');
  const async_ = await verifyOcspResponse(resp, { issuer: inter, certificate: leaf, time: NOW, nonce: nonce!, backend: 'auto' });
  assertEquals(async_.status, 'revoked');
  const e = assertThrows(() => verifyOcspResponseSync(resp, { issuer: inter, certificate: leaf, time: new Date(NOW.getTime() + 86_400_000) }));
  assert(e instanceof OcspError && e.code === 'expired', `expired, got ${String(e)}`);
});
