/**
 * Peer adapter: @peculiar/x509 (https://github.com/PeculiarVentures/x509): parse with
 * `new X509Certificate(der)` and read the summary fields; build with
 * `X509CertificateGenerator.create` (WebCrypto signing).
 * @module
 */
import './_reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createRequire } from 'node:module';
import type { CertSummary, LeafSpec } from './x509-common';

/** The installed @peculiar/x509 version. */
export const version: string = (createRequire(import.meta.url)('@peculiar/x509/package.json') as { version: string }).version;

x509.cryptoProvider.set(globalThis.crypto);

/** Parses one certificate and reads subject CN, issuer, notAfter and the DNS SANs. */
export function summary(der: ArrayBuffer): CertSummary {
  const c = new x509.X509Certificate(der);
  const cns = c.subjectName.getField('CN');
  const san = c.getExtension(x509.SubjectAlternativeNameExtension);
  const dns = san ? san.names.items.filter((n) => n.type === 'dns').map((n) => n.value) : [];
  return { cn: cns[cns.length - 1], issuer: c.issuer, notAfter: c.notAfter.getTime(), dns };
}

/** Builds and signs a P-256 leaf; returns its DER. */
export async function buildLeaf(spec: LeafSpec, subjectKey: CryptoKey, issuerKey: CryptoKey, issuerKeyId: ArrayBuffer): Promise<ArrayBuffer> {
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: spec.serialHex,
    issuer: `CN=${spec.issuerCn}`,
    subject: `CN=${spec.subjectCn}, O=${spec.subjectO}`,
    notBefore: spec.notBefore,
    notAfter: spec.notAfter,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    publicKey: subjectKey,
    signingKey: issuerKey,
    extensions: [
      await x509.SubjectKeyIdentifierExtension.create(subjectKey),
      new x509.AuthorityKeyIdentifierExtension(Buffer.from(issuerKeyId).toString('hex')),
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension(['1.3.6.1.5.5.7.3.1']),
      new x509.SubjectAlternativeNameExtension(spec.dnsNames.map((d) => ({ type: 'dns' as const, value: d }))),
    ],
  });
  return cert.rawData;
}
