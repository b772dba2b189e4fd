/**
 * Plain data for logs and JSON: {@link crlToJson} and {@link crlEntryToJson}.
 *
 * Scope: the CRL's fields, the extensions certkit processes decoded, the others as hex, and
 * every entry. Non-goals: a stable interchange format.
 * @module
 */
import { toHex } from '../der/index';
import { certificateIssuerCodec, crlNumberCodec, deltaCrlIndicatorCodec, getExtension, invalidityDateCodec, issuingDistributionPointCodec, reasonCodeCodec } from '../x509/index';
import { CRL_ENTRY_EXTENSION_OIDS, _KNOWN_ENTRY } from './_shared';
import type { Crl } from './crl';
import { crlSignatureAlgorithm } from './crl-info';
import { crlEntries, type RevokedCertificate } from './entries';

/**
 * One entry as plain data: serial (hex), revocation date, reason, invalidity date, certificate
 * issuer, and other extensions as hex.
 * @example
 * ```ts
 * crlEntryToJson(crlEntry(crl, 0)).serialNumber
 * ```
 */
export function crlEntryToJson(entry: RevokedCertificate): Record<string, unknown> {
  const out: Record<string, unknown> = { serialNumber: entry.serialNumberHex, revocationDate: entry.revocationDate.toISOString() };
  const reason = getExtension(entry, reasonCodeCodec);
  if (reason !== undefined) out.reason = reason;
  const inv = getExtension(entry, invalidityDateCodec);
  if (inv !== undefined) out.invalidityDate = inv.toISOString();
  const ci = getExtension(entry, certificateIssuerCodec);
  if (ci !== undefined) out.certificateIssuer = ci.map((g) => (g.type === 'dn' ? { type: 'dn', value: g.value.toString() } : g.type === 'ip' ? { type: 'ip', value: g.text } : g));
  const other = entry.extensions.filter((x) => !_KNOWN_ENTRY.has(x.oid) || x.oid === CRL_ENTRY_EXTENSION_OIDS.holdInstructionCode);
  if (other.length) out.extensions = other.map((x) => ({ oid: x.oid, critical: x.critical, value: toHex(x.value) }));
  return out;
}

/**
 * Plain data for logs and JSON: version, issuer, times, extensions, and the entries (all of
 * them; mind the size of large CRLs).
 * @example
 * ```ts
 * JSON.stringify(crlToJson(crl), null, 2)
 * ```
 */
export function crlToJson(crl: Crl): Record<string, unknown> {
  const out: Record<string, unknown> = { version: crl.version, signatureAlgorithm: crlSignatureAlgorithm(crl).oid, issuer: crl.issuer.toString(), thisUpdate: crl.thisUpdate.toISOString() };
  if (crl.nextUpdate) out.nextUpdate = crl.nextUpdate.toISOString();
  const crlNumber = getExtension(crl, crlNumberCodec);
  if (crlNumber !== undefined) out.crlNumber = crlNumber.toString();
  const base = getExtension(crl, deltaCrlIndicatorCodec);
  if (base !== undefined) out.baseCrlNumber = base.toString();
  const idp = getExtension(crl, issuingDistributionPointCodec);
  if (idp) out.issuingDistributionPoint = idp;
  out.extensions = crl.extensions.map((x) => ({ oid: x.oid, critical: x.critical, value: toHex(x.value) }));
  if (crl.unusable) out.unusable = crl.unusable;
  out.revokedCertificates = [...crlEntries(crl)].map((e) => crlEntryToJson(e));
  return out;
}
