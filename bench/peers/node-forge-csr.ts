/**
 * Peer adapter: node-forge PKCS#10 (`pki.certificationRequestFromAsn1`, `csr.verify()`), pure JS.
 * forge's PKI layer reads RSA keys only, so it appears in the RSA row alone.
 * @module
 */
import forge from 'node-forge';
import { createRequire } from 'node:module';
import type { CsrSummary } from './csr-common';

/** The installed node-forge version. */
export const version: string = (createRequire(import.meta.url)('node-forge/package.json') as { version: string }).version;

/** Parses (binary string of DER), verifies and reads one RSA request. */
export function parseVerify(binary: string): CsrSummary {
  const req = forge.pki.certificationRequestFromAsn1(forge.asn1.fromDer(binary));
  const ok = req.verify();
  const cn = req.subject.getField('CN')?.value as string | undefined;
  const dns: string[] = [];
  const ext = req.getAttribute({ name: 'extensionRequest' }) as { extensions?: Array<{ name: string; altNames?: Array<{ type: number; value: string }> }> } | null;
  for (const e of ext?.extensions ?? []) if (e.name === 'subjectAltName') for (const n of e.altNames ?? []) if (n.type === 2) dns.push(n.value);
  return { ok, cn, dns };
}
