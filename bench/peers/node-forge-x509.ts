/**
 * Peer adapter: node-forge's X.509 layer (`forge.pki`): parse with `certificateFromAsn1` and read
 * the summary fields. forge's certificate reader only takes RSA keys (it throws "OID is not RSA"
 * for EC and EdDSA keys) and it cannot sign with ECDSA, so it has no "build a P-256 leaf" row.
 * Inputs are forge's binary strings, made outside the timed loops.
 * @module
 */
import forge from 'node-forge';
import { createRequire } from 'node:module';
import type { CertSummary } from './x509-common';

/** The installed node-forge version. */
export const version: string = (createRequire(import.meta.url)('node-forge/package.json') as { version: string }).version;

/** Whether forge can read this certificate (RSA key). */
export function canRead(binary: string): boolean {
  try {
    forge.pki.certificateFromAsn1(forge.asn1.fromDer(binary));
    return true;
  } catch {
    return false;
  }
}

/** Parses one certificate (binary string) and reads subject CN, issuer, notAfter and the DNS SANs. */
export function summary(binary: string): CertSummary {
  const c = forge.pki.certificateFromAsn1(forge.asn1.fromDer(binary));
  const cnAttr = c.subject.getField('CN') as { value: string; valueTagClass: number } | null;
  // forge leaves UTF8String values as UTF-8 binary strings; decoding is part of reading the CN.
  const cn = cnAttr === null ? undefined : cnAttr.valueTagClass === forge.asn1.Type.UTF8 ? forge.util.decodeUtf8(cnAttr.value) : cnAttr.value;
  const san = c.getExtension('subjectAltName') as { altNames?: Array<{ type: number; value: string }> } | undefined;
  const dns = san?.altNames ? san.altNames.filter((n) => n.type === 2).map((n) => n.value) : [];
  return { cn, issuer: c.issuer.attributes.map((a) => `${a.shortName ?? a.type}=${String(a.value)}`), notAfter: c.validity.notAfter.getTime(), dns };
}
