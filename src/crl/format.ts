/**
 * The text dump of a CRL in the layout of `openssl crl -text -noout`.
 *
 * Scope: version, signature algorithm, issuer, times, CRL extensions and every entry with its
 * extensions (through the extension codecs, so this module pulls them all into a bundle).
 * Non-goals: byte-identical output with OpenSSL.
 * @module
 */
import { toHex } from '../der/index';
import { formatExtension, type RawExtension } from '../x509/index';
import type { Crl } from './crl';
import { crlSignatureAlgorithm } from './crl-info';
import { crlEntries } from './entries';
import { nameToOpenSslString } from '../x509/index';

function _formatX(x: RawExtension): { title: string; body: string[] } {
  const [head, ...body] = formatExtension(x);
  return { title: head!.replace(/:( critical)?$/, ''), body };
}

function _opensslTime(d: Date): string {
  const m = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()]!;
  const day = String(d.getUTCDate()).padStart(2, ' ');
  const t = [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()].map((x) => String(x).padStart(2, '0')).join(':');
  return `${m} ${day} ${t} ${d.getUTCFullYear()} GMT`;
}

/**
 * A text dump in the layout of `openssl crl -text -noout` (every entry: mind the size of large
 * CRLs).
 * @example
 * ```ts
 * console.log(formatCrl(parseCrl(pem)));
 * ```
 */
export function formatCrl(crl: Crl): string {
  const L: string[] = [];
  L.push('Certificate Revocation List (CRL):');
  L.push(`        Version ${crl.version} (0x${(crl.version - 1).toString(16)})`);
  let alg: string;
  try {
    alg = _algName(crlSignatureAlgorithm(crl).oid);
  } catch {
    alg = 'unknown';
  }
  L.push(`        Signature Algorithm: ${alg}`);
  L.push(`        Issuer: ${nameToOpenSslString(crl.issuer)}`);
  L.push(`        Last Update: ${_opensslTime(crl.thisUpdate)}`);
  L.push(`        Next Update: ${crl.nextUpdate ? _opensslTime(crl.nextUpdate) : 'NONE'}`);
  if (crl.extensions.length) {
    L.push('        CRL extensions:');
    for (const x of crl.extensions) {
      const { title, body } = _formatX(x);
      L.push(`            ${title}:${x.critical ? ' critical' : ''}`);
      for (const b of body) L.push(`                ${b}`);
    }
  }
  if (crl.size === 0) L.push('No Revoked Certificates.');
  else {
    L.push('Revoked Certificates:');
    for (const e of crlEntries(crl)) {
      L.push(`    Serial Number: ${e.serialNumberHex.toUpperCase()}`);
      L.push(`        Revocation Date: ${_opensslTime(e.revocationDate)}`);
      if (e.extensions.length) {
        L.push('        CRL entry extensions:');
        for (const x of e.extensions) {
          const { title, body } = _formatX(x);
          L.push(`            ${title}:${x.critical ? ' critical' : ''}`);
          for (const b of body) L.push(`                ${b}`);
        }
      }
    }
  }
  L.push(`    Signature Algorithm: ${alg}`);
  L.push('    Signature Value:');
  const hex = toHex(crl.rawSignatureValue, ':');
  for (let i = 0; i < hex.length; i += 54) L.push('        ' + hex.slice(i, i + 54));
  return L.join('\n') + '\n';
}

const _ALG_NAMES: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'rsassaPss',
  '1.2.840.113549.1.1.2': 'md2WithRSAEncryption',
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.3.101.112': 'ED25519',
  '1.3.101.113': 'ED448',
};

function _algName(oid: string): string {
  return _ALG_NAMES[oid] ?? oid;
}
