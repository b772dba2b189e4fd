/**
 * Peer adapter: jsrsasign CRLs (`X509CRL`): parse a CRL given as hex and find one serial with
 * `findRevCertBySN` (which parses every entry, then scans them). jsrsasign works on hex strings:
 * inputs are converted outside the timed loops.
 * @module
 */
import jsrsasign from 'jsrsasign';
import { createRequire } from 'node:module';

/** The installed jsrsasign version. */
export const version: string = (createRequire(import.meta.url)('jsrsasign/package.json') as { version: string }).version;

const { X509CRL } = jsrsasign as unknown as { X509CRL: new (hex: string) => { findRevCertBySN(snHex: string): { sn: { hex: string } } | null } };

/**
 * Parses the CRL (hex) and looks up a serial (hex of the INTEGER contents, as jsrsasign keeps it).
 * @example
 * ```ts
 * parseAndFind(crlHex, '1a2b') // true when listed
 * ```
 */
export function parseAndFind(crlHex: string, serialHex: string): boolean {
  return new X509CRL(crlHex).findRevCertBySN(serialHex) !== null;
}
