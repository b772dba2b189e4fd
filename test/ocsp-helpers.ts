/**
 * Shared fixtures of the OCSP tests: a CA, a delegated responder (id-kp-OCSPSigning), a
 * certificate that is not a responder, and three leaves, all valid around a given time.
 * Not a test file itself (vitest runs `*.test.ts` only).
 */
import { generateKeyPair, type KeyPairAlgorithm, type PrivateKey } from '../src/keys/index';
import { signerFromPrivateKey, type Signer } from '../src/sig/index';
import { CertificateBuilder, encodeOcspNoCheck, type Certificate } from '../src/x509/index';
import { EXTENSION } from '../src/oid/index';

export const DAY = 86_400_000;

export interface Party {
  cert: Certificate;
  key: PrivateKey;
  signer: Signer;
}

/** The parties, valid from a day before `at` (the CA from ten days before) for 90 days. */
export async function makeOcspParties(
  at: Date = new Date(),
  options: { caName?: string } = {},
): Promise<{ ca: Party; responder: Party; noCheck: Party; good: Party; revoked: Party; unknown: Party; other: Party }> {
  const t = (d: number): Date => new Date(at.getTime() + d * DAY);
  const keys = async (alg: KeyPairAlgorithm = 'P-256') => generateKeyPair(alg);
  const ck = await keys();
  const caSigner = signerFromPrivateKey(ck.privateKey);
  const caCert = await CertificateBuilder.create()
    .subject({ CN: options.caName ?? 'OCSP Test CA', O: 'certkit tests' })
    .publicKey(ck.publicKey)
    .notBefore(t(-10))
    .notAfter(t(3650))
    .basicConstraints({ cA: true })
    .keyUsage(['keyCertSign', 'cRLSign'])
    .sign(caSigner);
  const ca = { cert: caCert, key: ck.privateKey, signer: caSigner };
  let serial = 0x7000n;
  const issue = async (cn: string, f: (b: CertificateBuilder) => CertificateBuilder = (b) => b, by: Party = ca): Promise<Party> => {
    const k = await keys();
    const cert = await f(CertificateBuilder.create().subject({ CN: cn }).publicKey(k.publicKey).serialNumber(serial++).notBefore(t(-1)).notAfter(t(90))).sign(by.signer, {
      issuerCertificate: by.cert,
    });
    return { cert, key: k.privateKey, signer: signerFromPrivateKey(k.privateKey) };
  };
  const responder = await issue('OCSP Responder', (b) => b.keyUsage(['digitalSignature']).extKeyUsage(['OCSPSigning']));
  const noCheck = await issue('OCSP Responder nocheck', (b) => b.keyUsage(['digitalSignature']).extKeyUsage(['OCSPSigning']).extension({ oid: EXTENSION.ocspNoCheck, value: encodeOcspNoCheck() }));
  const other = await issue('not a responder', (b) => b.keyUsage(['digitalSignature']).extKeyUsage(['serverAuth']));
  return { ca, responder, noCheck, other, good: await issue('good.example'), revoked: await issue('revoked.example'), unknown: await issue('unknown.example') };
}
