/**
 * What can be derived from a parsed certificate beyond its fields: the public key, the
 * signature algorithm, fingerprints, PEM, the subjectAltName entries by type, self-issuance and
 * the validity check. Free functions, so a bundle carries only the ones it calls (the key parser
 * and hashes stay out of parse-only bundles).
 *
 * Scope: derivations cached per certificate record where they cost (key, algorithm,
 * fingerprints). Non-goals: signature verification (`verify.ts`), validation (`certkit/path`).
 * @module
 */
import { CertkitError, DerReader, addPath, bytesEqual, toHex } from '../der/index';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { parsePublicKey, type PublicKey } from '../keys/index';
import { encodePem } from '../pem/index';
import { parseAlgorithmIdentifier, type AlgorithmIdentifier } from '../sig/index';
import type { Certificate } from './certificate';
import { _memo as _memoFor, getExtension } from './get-extension';
import { subjectAltNameCodec, type SubjectAltName } from './extensions/index';
import { nameEquals } from './name-compare';

function _memo<T>(cert: Certificate, key: string, make: () => T): T {
  return _memoFor(cert, key, make) as T;
}

/**
 * The subject's public key, parsed from `rawSpki` on first call and cached.
 * @throws KeyError / DerError with `path` `tbsCertificate.subjectPublicKeyInfo...` and an
 * absolute offset for a key certkit cannot read (an unknown algorithm is `unsupported-algorithm`).
 * @example
 * ```ts
 * certificatePublicKey(cert).algorithm // 'ECDSA'
 * ```
 */
export function certificatePublicKey(cert: Certificate): PublicKey {
  return _memo(cert, 'key', () => {
    try {
      return parsePublicKey(cert.rawSpki, { lenient: cert.lenient, allowCompressedPoints: cert.lenient });
    } catch (e) {
      if (e instanceof CertkitError && e.offset !== undefined) e.offset += cert.spkiOffset;
      throw addPath(e, 'tbsCertificate');
    }
  });
}

/**
 * The signature AlgorithmIdentifier, parsed on first call and cached.
 * @throws SignatureError / DerError with `path` `signatureAlgorithm...`.
 * @example
 * ```ts
 * certificateSignatureAlgorithm(cert).name // 'ecdsa-with-SHA256'
 * ```
 */
export function certificateSignatureAlgorithm(cert: Certificate): AlgorithmIdentifier {
  return _memo(cert, 'alg', () => {
    try {
      const raw = cert.rawSignatureAlgorithm;
      return parseAlgorithmIdentifier(new DerReader(raw, { lenient: cert.lenient }));
    } catch (e) {
      throw addPath(e, 'signatureAlgorithm');
    }
  });
}

/**
 * Fingerprint of the whole certificate DER, lower-case hex without separators (Node's
 * `X509Certificate.fingerprint256` is the same digest in upper case with colons).
 * @param algorithm `'SHA-256'` (default) or `'SHA-1'`.
 * @example
 * ```ts
 * certificateFingerprint(cert); certificateFingerprint(cert, 'SHA-1')
 * ```
 */
export function certificateFingerprint(cert: Certificate, algorithm: 'SHA-256' | 'SHA-1' = 'SHA-256'): string {
  if (algorithm !== 'SHA-256' && algorithm !== 'SHA-1') throw new RangeError(`certificateFingerprint: unsupported algorithm ${String(algorithm)}; use 'SHA-256' or 'SHA-1'`);
  return _memo(cert, algorithm, () => toHex(algorithm === 'SHA-256' ? sha256(cert.raw) : sha1(cert.raw)));
}

/**
 * The certificate as PEM (RFC 7468 §5: `-----BEGIN CERTIFICATE-----`).
 * @example
 * ```ts
 * writeFileSync('cert.pem', certificateToPem(cert));
 * ```
 */
export function certificateToPem(cert: Certificate): string {
  return encodePem('CERTIFICATE', cert.raw);
}

function _sanOf(cert: Certificate): SubjectAltName {
  return getExtension(cert, subjectAltNameCodec) ?? [];
}

/**
 * The dNSName entries of subjectAltName, in order (empty when there is none). Does not fall
 * back to the subject CN (RFC 6125 §6.4.4).
 * @throws as `getExtension(cert, subjectAltNameCodec)` for a malformed subjectAltName.
 * @example
 * ```ts
 * certificateDnsNames(cert) // ['example.com', 'www.example.com']
 * ```
 */
export function certificateDnsNames(cert: Certificate): string[] {
  const out: string[] = [];
  for (const n of _sanOf(cert)) if (n.type === 'dns') out.push(n.value);
  return out;
}

/**
 * The iPAddress entries of subjectAltName as text (RFC 5952 for IPv6).
 * @example
 * ```ts
 * certificateIpAddresses(cert) // ['127.0.0.1', '::1']
 * ```
 */
export function certificateIpAddresses(cert: Certificate): string[] {
  const out: string[] = [];
  for (const n of _sanOf(cert)) if (n.type === 'ip') out.push(n.text);
  return out;
}

/**
 * The rfc822Name entries of subjectAltName.
 * @example
 * ```ts
 * certificateEmailAddresses(cert) // ['alice@example.com']
 * ```
 */
export function certificateEmailAddresses(cert: Certificate): string[] {
  const out: string[] = [];
  for (const n of _sanOf(cert)) if (n.type === 'email') out.push(n.value);
  return out;
}

/**
 * Whether issuer and subject are the same name under RFC 5280 §7.1 comparison (byte equality
 * first). RFC 5280 §3.2: such a certificate is "self-issued".
 * @example
 * ```ts
 * isSelfIssued(rootCert) // true
 * ```
 */
export function isSelfIssued(cert: Certificate): boolean {
  if (bytesEqual(cert.rawIssuer, cert.rawSubject)) return true;
  return nameEquals(cert.issuer, cert.subject);
}

/**
 * Whether `at` lies in the validity period (both ends inclusive, RFC 5280 §4.1.2.5).
 * @throws TypeError / RangeError for something that is not a valid Date.
 * @example
 * ```ts
 * isValidAt(cert, new Date('2030-01-01T00:00:00Z'))
 * ```
 */
export function isValidAt(cert: Certificate, at: Date): boolean {
  if (!(at instanceof Date)) throw new TypeError('isValidAt expects a Date');
  const t = at.getTime();
  if (Number.isNaN(t)) throw new RangeError('isValidAt: invalid Date');
  return t >= cert.notBefore.getTime() && t <= cert.notAfter.getTime();
}
