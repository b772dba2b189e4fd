/**
 * Peer adapter: Node's native `crypto.X509Certificate` (OpenSSL): parse and read the summary
 * fields from its string accessors. Node cannot build certificates.
 * @module
 */
import { X509Certificate } from 'node:crypto';
import type { CertSummary } from './x509-common';

/** Node's version (its X.509 code is OpenSSL's). */
export const version = `node ${process.versions.node} (OpenSSL ${process.versions.openssl})`;

/** Parses one certificate and reads subject CN, issuer, notAfter and the DNS SANs. */
export function summary(der: Buffer): CertSummary {
  const x = new X509Certificate(der);
  let cn: string | undefined;
  for (const line of x.subject.split('\n')) if (line.startsWith('CN=')) cn = line.slice(3);
  const san = x.subjectAltName;
  const dns = san
    ? san
        .split(', ')
        .filter((p) => p.startsWith('DNS:'))
        .map((p) => p.slice(4))
    : [];
  return { cn, issuer: x.issuer, notAfter: new Date(x.validTo).getTime(), dns };
}
