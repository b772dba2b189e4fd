/**
 * Shared fixtures of the CRL tests: a P-256 CA hierarchy built with certkit at a fixed clock.
 * Not a test file itself (vitest runs `*.test.ts` only).
 */
import { generateKeyPair, type PrivateKey } from '../src/keys/index';
import { signerFromPrivateKey, type Signer } from '../src/sig/index';
import { CertificateBuilder } from '../src/x509/certificate-builder';
import type { Certificate } from '../src/x509/certificate';
import { encodeCrlDistributionPoints, type DistributionPoint, type KeyUsage } from '../src/x509/extensions/index';
import { EXTENSION } from '../src/oid/index';

/** The fixed clock of every CRL test. */
export const NOW = new Date('2030-06-01T00:00:00Z');
const DAY = 86_400_000;
export const at = (days: number): Date => new Date(NOW.getTime() + days * DAY);

export interface Ca {
  cert: Certificate;
  key: PrivateKey;
  signer: Signer;
}

export async function makeCa(cn: string, options: { parent?: Ca; keyUsage?: KeyUsage } = {}): Promise<Ca> {
  const { privateKey, publicKey } = await generateKeyPair('P-256');
  let b = CertificateBuilder.create()
    .subject({ CN: cn, O: 'certkit tests' })
    .publicKey(publicKey)
    .notBefore(at(-365))
    .notAfter(at(3650))
    .basicConstraints({ cA: true })
    .keyUsage(options.keyUsage ?? ['keyCertSign', 'cRLSign']);
  const parent = options.parent;
  const cert = parent === undefined ? await b.sign(signerFromPrivateKey(privateKey)) : await b.issuer(parent.cert.subject).sign(parent.signer, { issuerCertificate: parent.cert });
  void b;
  return { cert, key: privateKey, signer: signerFromPrivateKey(privateKey) };
}

export async function makeLeaf(ca: Ca, serial: bigint, options: { cdp?: DistributionPoint[]; ca?: boolean; cn?: string } = {}): Promise<Certificate> {
  const { publicKey } = await generateKeyPair('P-256');
  let b = CertificateBuilder.create()
    .subject({ CN: options.cn ?? `leaf ${serial}` })
    .publicKey(publicKey)
    .serialNumber(serial)
    .notBefore(at(-30))
    .notAfter(at(365));
  if (options.ca) b = b.basicConstraints({ cA: true }).keyUsage(['keyCertSign', 'cRLSign']);
  if (options.cdp) b = b.extension({ oid: EXTENSION.cRLDistributionPoints, value: encodeCrlDistributionPoints(options.cdp) });
  return b.sign(ca.signer, { issuerCertificate: ca.cert });
}
