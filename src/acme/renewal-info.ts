/**
 * @internal ACME Renewal Information (RFC 9773): the certID of a certificate
 * (`base64url(AKI keyIdentifier) "." base64url(serial)`, §4.1), the suggested renewal window of
 * a certificate record (§4.2), and the lookup of a certID among the CA's records (for the
 * `renewalInfo` resource and the `replaces` field of newOrder, §5). Not exported from the layer.
 * @module
 */
import { canonicalSerial, type CertificateAuthority, type CertificateRecord } from '../ca/index';
import { bytesEqual, toHex } from '../der/index';
import { authorityKeyIdentifierCodec, getExtension, parseCertificate } from '../x509/index';
import { AcmeError } from './errors';
import { base64url, fromBase64url } from './jws';

/** @internal The certID of a certificate; `undefined` without an AKI keyIdentifier. */
function _certId(der: Uint8Array): string | undefined {
  const cert = parseCertificate(der);
  const aki = getExtension(cert, authorityKeyIdentifierCodec)?.keyIdentifier;
  // rawSerial is the INTEGER's content octets, as §4.1 wants them.
  return aki === undefined ? undefined : `${base64url(aki)}.${base64url(cert.rawSerial)}`;
}

/** @internal The record a certID names, checked to be this CA's; `malformed` / `not-found` otherwise. */
export async function _recordOf(ca: CertificateAuthority, certId: string): Promise<CertificateRecord> {
  const parts = certId.split('.');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') throw new AcmeError('malformed', 'a certID is base64url(keyIdentifier) "." base64url(serial) (RFC 9773 §4.1)');
  const aki = fromBase64url(parts[0]!, 'certID keyIdentifier');
  const serialBytes = fromBase64url(parts[1]!, 'certID serial');
  if (serialBytes.length === 0 || serialBytes.length > 21) throw new AcmeError('malformed', 'the certID serial must be 1-21 octets');
  const rec = (await ca.status(canonicalSerial(BigInt(`0x${toHex(serialBytes)}`)))).record;
  if (rec === undefined) throw new AcmeError('not-found', 'this CA issued no certificate with that serial');
  const own = getExtension(parseCertificate(rec.der), authorityKeyIdentifierCodec)?.keyIdentifier;
  if (own === undefined || !bytesEqual(own, aki)) throw new AcmeError('not-found', "the certID keyIdentifier is not this CA's");
  return rec;
}

/**
 * @internal §4.2: the window in which to renew. The last third of the validity, from two thirds
 * to five sixths of the way (so a client renewing late still has a sixth left); a revoked
 * certificate's window is in the past (renew now).
 */
export function _suggestedWindow(rec: CertificateRecord, now: Date): { start: string; end: string } {
  if (rec.revocation !== undefined) {
    return { start: new Date(now.getTime() - 2 * 86_400_000).toISOString(), end: new Date(now.getTime() - 86_400_000).toISOString() };
  }
  const nb = Date.parse(rec.notBefore);
  const life = Date.parse(rec.notAfter) - nb;
  return { start: new Date(nb + Math.floor((life * 2) / 3)).toISOString(), end: new Date(nb + Math.floor((life * 5) / 6)).toISOString() };
}
