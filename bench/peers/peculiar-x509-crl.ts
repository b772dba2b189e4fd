/**
 * Peer adapter: @peculiar/x509 CRLs (`X509Crl`): parse, then `findRevoked(serialHex)` (a scan).
 * Its parser goes through asn1js, capped by default at 10,000 ASN.1 nodes; `X509Crl` passes its
 * second argument to `AsnParser.parse`, so `{ berOptions: { maxNodes } }` raises the cap.
 * @module
 */
import './_reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createRequire } from 'node:module';

/** The installed @peculiar/x509 version. */
export const version: string = (createRequire(import.meta.url)('@peculiar/x509/package.json') as { version: string }).version;

const OPTIONS = { berOptions: { maxNodes: Number.MAX_SAFE_INTEGER, maxContentLength: Number.MAX_SAFE_INTEGER } };

/**
 * Parses the CRL and looks up a serial (hex).
 * @example
 * ```ts
 * parseAndFind(der, '1a2b')
 * ```
 */
export function parseAndFind(der: ArrayBuffer, serialHex: string): boolean {
  const crl = new (x509.X509Crl as unknown as new (raw: ArrayBuffer, options: unknown) => x509.X509Crl)(der, OPTIONS);
  return crl.findRevoked(serialHex) !== null;
}
