/**
 * Peer adapter: @peculiar/x509 PKCS#10 (`Pkcs10CertificateRequest`,
 * `Pkcs10CertificateRequestGenerator`), WebCrypto for signatures.
 * @module
 */
import './_reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createRequire } from 'node:module';
import type { CsrSpec, CsrSummary } from './csr-common';

/** The installed @peculiar/x509 version. */
export const version: string = (createRequire(import.meta.url)('@peculiar/x509/package.json') as { version: string }).version;

x509.cryptoProvider.set(globalThis.crypto);

/** Parses, verifies and reads one request. */
export async function parseVerify(der: ArrayBuffer): Promise<CsrSummary> {
  const req = new x509.Pkcs10CertificateRequest(der);
  const ok = await req.verify();
  const cns = req.subjectName.getField('CN');
  const san = req.extensions.find((e): e is x509.SubjectAlternativeNameExtension => e instanceof x509.SubjectAlternativeNameExtension);
  const dns = san ? san.names.items.filter((n) => n.type === 'dns').map((n) => n.value) : [];
  return { ok, cn: cns[cns.length - 1], dns };
}

/** Builds and signs the request; returns its DER. */
export async function build(spec: CsrSpec, publicKey: CryptoKey, privateKey: CryptoKey): Promise<ArrayBuffer> {
  const req = await x509.Pkcs10CertificateRequestGenerator.create({
    name: `C=${spec.c}, O=${spec.o}, CN=${spec.cn}`,
    keys: { publicKey, privateKey },
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    extensions: [new x509.SubjectAlternativeNameExtension(spec.dnsNames.map((d) => ({ type: 'dns' as const, value: d }))), new x509.ExtendedKeyUsageExtension(['1.3.6.1.5.5.7.3.1'])],
  });
  return req.rawData;
}
