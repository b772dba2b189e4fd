/**
 * Peer adapter: pkijs CRLs (`CertificateRevocationList`): parse, then scan `revokedCertificates`
 * for one serial. `CertificateRevocationList.fromBER` runs asn1js with its default cap of 10,000
 * ASN.1 nodes, which a 10,000-entry CRL exceeds; this adapter calls `asn1js.fromBER` itself with
 * `maxNodes: Infinity` (the knob asn1js exposes) and builds the CRL from that schema, which is
 * what `fromBER` does internally.
 * @module
 */
import * as asn1js from 'asn1js';
import { createRequire } from 'node:module';
import * as pkijs from 'pkijs';

/** The installed pkijs version. */
export const version: string = (createRequire(import.meta.url)('pkijs/package.json') as { version: string }).version;

/**
 * Parses the CRL and looks up a serial given as INTEGER contents.
 * @example
 * ```ts
 * parseAndFind(der, serialContents)
 * ```
 */
export function parseAndFind(der: ArrayBuffer, serial: Uint8Array): boolean {
  const asn = asn1js.fromBER(der, { maxNodes: Number.MAX_SAFE_INTEGER, maxContentLength: Number.MAX_SAFE_INTEGER });
  if (asn.offset === -1) throw new Error(`pkijs/asn1js: ${asn.result.error}`);
  const crl = new pkijs.CertificateRevocationList({ schema: asn.result });
  const want = new asn1js.Integer({ valueHex: serial });
  for (const rc of crl.revokedCertificates ?? []) if (rc.userCertificate.isEqual(want)) return true;
  return false;
}
