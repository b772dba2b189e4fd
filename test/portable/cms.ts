/**
 * Portable CMS tests: a certs-only bundle built, parsed back (DER and PEM) with its certificates
 * and CRL; a P-384 signer's attached and detached SignedData signed, parsed and verified on both
 * paths with the chain validated; a modified content refused with `digest-mismatch`.
 * Non-goals: OpenSSL interop and the single strictness rules (test/cms-*.test.ts).
 * @module
 */
import {
  CertificateBuilder,
  CmsError,
  CrlBuilder,
  bytesEqual,
  encodeCertsOnly,
  generateKeyPair,
  parseSignedData,
  signData,
  signedDataToPem,
  signerFromPrivateKey,
  verifySignedData,
  verifySignedDataSync,
} from './certkit';
import { assert, assertEquals, assertThrows, test } from './harness';
import { NOW, buildChainWithKeys } from './x509';

const DAY = 86_400_000;

test('cms: certs-only bundle round trip (DER and PEM, certificates and a CRL)', async () => {
  const { root, inter, leaf, interSigner } = await buildChainWithKeys();
  const crl = await CrlBuilder.create()
    .thisUpdate(new Date(NOW.getTime() - DAY))
    .nextUpdate(new Date(NOW.getTime() + 7 * DAY))
    .crlNumber(1)
    .sign(interSigner, { issuerCertificate: inter });
  const p7 = encodeCertsOnly([leaf.raw, inter.raw, root.raw], [crl.raw]);
  for (const input of [p7, signedDataToPem(p7)]) {
    const sd = parseSignedData(input);
    assertEquals(sd.version, 1);
    assertEquals(sd.signerInfos.length, 0);
    assertEquals(sd.certificates.length, 3);
    for (const c of [leaf, inter, root])
      assert(
        sd.certificates.some((d) => bytesEqual(d, c.raw)),
        `certificate ${c.subject.toString()}`,
      );
    assertEquals(sd.crls.length, 1);
    assert(bytesEqual(sd.crls[0]!, crl.raw), 'the CRL');
  }
});

test('cms: sign attached and detached with P-384, verify on both paths with the chain', async () => {
  const { root, inter, interSigner } = await buildChainWithKeys();
  const keys = await generateKeyPair('P-384');
  const cert = await CertificateBuilder.create()
    .subject({ CN: 'portable signer' })
    .publicKey(keys.publicKey)
    .serialNumber(0x2001n)
    .notBefore(new Date(NOW.getTime() - DAY))
    .notAfter(new Date(NOW.getTime() + 90 * DAY))
    .keyUsage(['digitalSignature'])
    .sign(interSigner, { issuerCertificate: inter, now: NOW });
  const signer = signerFromPrivateKey(keys.privateKey);
  const content = new TextEncoder().encode('portable CMS content');
  const trust = { anchors: [root], time: NOW };
  const attached = await signData({ content, signer, certificate: cert, chain: [inter], signingTime: NOW });
  const detached = await signData({ content, detached: true, signer, certificate: cert, chain: [inter], signerIdentifier: 'subjectKeyIdentifier', signingTime: NOW });
  const sync = verifySignedDataSync(attached, { trust });
  assert(bytesEqual(sync.content, content), 'attached content');
  assertEquals(sync.signers[0]!.chain!.length, 3);
  assertEquals(sync.signers[0]!.signingTime!.toISOString(), NOW.toISOString());
  const sd = parseSignedData(signedDataToPem(detached));
  assertEquals(sd.version, 3);
  assertEquals(sd.content, undefined);
  const async_ = await verifySignedData(sd, { content, trust, backend: 'auto' });
  assertEquals(async_.signers[0]!.certificate.serialNumber, 0x2001n);
  const e = assertThrows(() => verifySignedDataSync(sd, { content: new TextEncoder().encode('other') }));
  assert(e instanceof CmsError && e.code === 'digest-mismatch', `digest-mismatch, got ${String(e)}`);
});
