/**
 * What can be derived from a parsed request beyond its fields: the requested public key, the
 * signature algorithm, the PKCS#9 attribute values, the requested subjectAltName entries by
 * type, the fingerprint and PEM. Free functions, so a bundle carries only the ones it calls (the
 * key parser, the signature layer and hashes stay out of parse-only bundles).
 *
 * Scope: derivations cached per request record where they cost (key, algorithm, attribute
 * values, fingerprint). Requested extension values are read with `getExtension(csr, codec)` of
 * `certkit/x509`. Non-goals: the self-signature (`verify.ts`), text and JSON (`format.ts`).
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { CertkitError, DerReader, addPath, toHex } from '../der/index';
import { parsePublicKey, type PublicKey } from '../keys/index';
import { PKCS9 } from '../oid/index';
import { encodePem } from '../pem/index';
import { describeSignatureAlgorithm, parseAlgorithmIdentifier, type AlgorithmIdentifier } from '../sig/index';
import { getExtension, subjectAltNameCodec, type GeneralName } from './_x509';
import { decodeChallengePassword, decodeUnstructuredName, type CsrAttribute } from './attributes';
import type { Csr } from './csr';

// One WeakMap per derived value, made on first use (no import-time work). Errors are not
// cached: a malformed part throws again on the next call, as it did when first asked.
let _caches: Map<string, WeakMap<Csr, unknown>> | undefined;

function _memo<T>(csr: Csr, key: string, make: () => T): T {
  _caches ??= new Map();
  let m = _caches.get(key);
  if (m === undefined) _caches.set(key, (m = new WeakMap()));
  if (m.has(csr)) return m.get(csr) as T;
  const v = make();
  m.set(csr, v);
  return v;
}

/**
 * The requested public key, parsed from `rawSpki` on first call and cached.
 * @throws KeyError / DerError with `path` `certificationRequestInfo.subjectPKInfo...` and an
 * absolute offset for a key certkit cannot read (an unknown algorithm such as DSA is
 * `unsupported-algorithm`).
 * @example
 * ```ts
 * csrPublicKey(csr).algorithm // 'ECDSA'
 * ```
 */
export function csrPublicKey(csr: Csr): PublicKey {
  return _memo(csr, 'key', () => {
    try {
      return parsePublicKey(csr.rawSpki, { lenient: csr.lenient, allowCompressedPoints: csr.lenient });
    } catch (e) {
      if (e instanceof CertkitError && e.offset !== undefined) e.offset += csr.spkiOffset;
      throw addPath(e, 'certificationRequestInfo.subjectPKInfo');
    }
  });
}

/**
 * The signature AlgorithmIdentifier, with its parameters checked (RSASSA-PSS, NULL rules),
 * parsed on first call and cached.
 * @throws SignatureError `invalid-parameters`, DerError, with `path` `signatureAlgorithm`.
 * @example
 * ```ts
 * csrSignatureAlgorithm(csr).oid // '1.2.840.10045.4.3.2'
 * ```
 */
export function csrSignatureAlgorithm(csr: Csr): AlgorithmIdentifier {
  return _memo(csr, 'alg', () => {
    try {
      return parseAlgorithmIdentifier(new DerReader(csr.rawSignatureAlgorithm, { lenient: csr.lenient }));
    } catch (e) {
      throw addPath(e, 'signatureAlgorithm');
    }
  });
}

/**
 * The signature algorithm for people (`ecdsa-with-SHA256`, `RSASSA-PSS (SHA-256, ...)`); the
 * OID when certkit does not know it. Never throws.
 * @example
 * ```ts
 * csrSignatureAlgorithmName(csr) // 'ecdsa-with-SHA256'
 * ```
 */
export function csrSignatureAlgorithmName(csr: Csr): string {
  try {
    return describeSignatureAlgorithm(csrSignatureAlgorithm(csr));
  } catch {
    return new DerReader(csr.rawSignatureAlgorithm).enter().readOid();
  }
}

/**
 * The attribute of this type as received, or `undefined`.
 * @example
 * ```ts
 * csrAttribute(csr, '1.2.840.113549.1.9.7')?.values.length
 * ```
 */
export function csrAttribute(csr: Csr, oid: string): CsrAttribute | undefined {
  for (const a of csr.attributes) if (a.oid === oid) return a;
  return undefined;
}

/**
 * The challengePassword (RFC 2985 §5.4.1) as text, or `undefined` when absent.
 * @throws CsrError `invalid-attribute` (not a DirectoryString, or empty/over-long), DerError
 * `invalid-string`, with `path` `certificationRequestInfo.attributes[i].values[0]`.
 * @example
 * ```ts
 * csrChallengePassword(csr) // 'secret'
 * ```
 */
export function csrChallengePassword(csr: Csr): string | undefined {
  return _memo(csr, 'challengePassword', () => {
    const i = csr.attributes.findIndex((a) => a.oid === PKCS9.challengePassword);
    const a = csr.attributes[i];
    if (a === undefined || a.values.length === 0) return undefined;
    try {
      return decodeChallengePassword(a.values[0]!, a.valueOffsets[0]!, csr.lenient);
    } catch (e) {
      throw addPath(e, `certificationRequestInfo.attributes[${i}].values[0]`);
    }
  });
}

/**
 * The unstructuredName values (RFC 2985 §5.2.2; the attribute may hold several), empty when
 * absent.
 * @throws CsrError `invalid-attribute`, DerError `invalid-string`, with the value's `path`.
 * @example
 * ```ts
 * csrUnstructuredNames(csr) // ['router-7']
 * ```
 */
export function csrUnstructuredNames(csr: Csr): readonly string[] {
  return _memo(csr, 'unstructuredName', () => {
    const i = csr.attributes.findIndex((a) => a.oid === PKCS9.unstructuredName);
    const a = csr.attributes[i];
    if (a === undefined) return [];
    return a.values.map((v, j) => {
      try {
        return decodeUnstructuredName(v, a.valueOffsets[j]!, csr.lenient);
      } catch (e) {
        throw addPath(e, `certificationRequestInfo.attributes[${i}].values[${j}]`);
      }
    });
  });
}

function _san(csr: Csr): readonly GeneralName[] {
  return getExtension(csr, subjectAltNameCodec) ?? [];
}

/**
 * The dNSName entries of the requested subjectAltName, in order (empty when none is requested).
 * @throws as `getExtension(csr, subjectAltNameCodec)` for a malformed subjectAltName.
 * @example
 * ```ts
 * csrDnsNames(csr) // ['example.com', 'www.example.com']
 * ```
 */
export function csrDnsNames(csr: Csr): string[] {
  const out: string[] = [];
  for (const g of _san(csr)) if (g.type === 'dns') out.push(g.value);
  return out;
}

/**
 * The iPAddress entries of the requested subjectAltName as text (RFC 5952 for IPv6).
 * @example
 * ```ts
 * csrIpAddresses(csr) // ['192.0.2.1']
 * ```
 */
export function csrIpAddresses(csr: Csr): string[] {
  const out: string[] = [];
  for (const g of _san(csr)) if (g.type === 'ip') out.push(g.text);
  return out;
}

/**
 * The rfc822Name entries of the requested subjectAltName.
 * @example
 * ```ts
 * csrEmailAddresses(csr) // ['alice@example.com']
 * ```
 */
export function csrEmailAddresses(csr: Csr): string[] {
  const out: string[] = [];
  for (const g of _san(csr)) if (g.type === 'email') out.push(g.value);
  return out;
}

/**
 * SHA-256 fingerprint of the whole request DER, lower-case hex.
 * @example
 * ```ts
 * csrFingerprint(csr) // '3f1c...'
 * ```
 */
export function csrFingerprint(csr: Csr): string {
  return _memo(csr, 'fp', () => toHex(sha256(csr.raw)));
}

/**
 * The request as PEM (RFC 7468 §7: `-----BEGIN CERTIFICATE REQUEST-----`).
 * @example
 * ```ts
 * writeFileSync('req.pem', csrToPem(csr));
 * ```
 */
export function csrToPem(csr: Csr): string {
  return encodePem('CERTIFICATE REQUEST', csr.raw);
}
