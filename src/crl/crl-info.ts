/**
 * What can be derived from a parsed CRL beyond its fields: the signature algorithm, whether it
 * is a delta or an indirect CRL, fingerprints and PEM. Free functions, so a bundle carries only
 * the ones it calls.
 *
 * Scope: derivations of the CRL record. Extension values are read with `getExtension(crl,
 * codec)` of `certkit/x509`; entries with the functions of `entries.ts`. Non-goals: the
 * signature check (`verify.ts`), status decisions (`revocation.ts`).
 * @module
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { DerReader, addPath, toHex } from '../der/index';
import { encodePem } from '../pem/index';
import { parseAlgorithmIdentifier, type AlgorithmIdentifier } from '../sig/index';
import { findRawExtension, getExtension, issuingDistributionPointCodec } from '../x509/index';
import { CRL_EXTENSION_OIDS } from './_shared';
import type { Crl } from './crl';

let _algs: WeakMap<Crl, AlgorithmIdentifier> | undefined;

/**
 * The signature algorithm, decoded on first call and cached.
 * @throws SignatureError `invalid-parameters`, DerError (path `signatureAlgorithm`).
 * @example
 * ```ts
 * crlSignatureAlgorithm(crl).oid // '1.2.840.10045.4.3.2'
 * ```
 */
export function crlSignatureAlgorithm(crl: Crl): AlgorithmIdentifier {
  _algs ??= new WeakMap();
  let a = _algs.get(crl);
  if (a === undefined) {
    try {
      a = parseAlgorithmIdentifier(new DerReader(crl.rawSignatureAlgorithm, { lenient: crl.lenient }));
    } catch (e) {
      throw addPath(e, 'signatureAlgorithm');
    }
    _algs.set(crl, a);
  }
  return a;
}

/**
 * Whether this is a delta CRL (it carries deltaCRLIndicator, RFC 5280 §5.2.4; its value is
 * `getExtension(crl, deltaCrlIndicatorCodec)`, the base CRL number).
 * @example
 * ```ts
 * isDeltaCrl(crl) // false
 * ```
 */
export function isDeltaCrl(crl: Crl): boolean {
  return findRawExtension(crl, CRL_EXTENSION_OIDS.deltaCRLIndicator) !== undefined;
}

/**
 * Whether this is an indirect CRL (issuingDistributionPoint `indirectCRL` TRUE, §5.2.5).
 * @throws as `getExtension(crl, issuingDistributionPointCodec)` for a malformed extension.
 * @example
 * ```ts
 * isIndirectCrl(crl) // false
 * ```
 */
export function isIndirectCrl(crl: Crl): boolean {
  return getExtension(crl, issuingDistributionPointCodec)?.indirectCRL === true;
}

/**
 * Fingerprint of the whole CRL DER, lower-case hex.
 * @param algorithm `'SHA-256'` (default) or `'SHA-1'`.
 * @example
 * ```ts
 * crlFingerprint(crl)
 * ```
 */
export function crlFingerprint(crl: Crl, algorithm: 'SHA-256' | 'SHA-1' = 'SHA-256'): string {
  if (algorithm !== 'SHA-256' && algorithm !== 'SHA-1') throw new RangeError(`crlFingerprint: unsupported algorithm ${String(algorithm)}`);
  return toHex(algorithm === 'SHA-256' ? sha256(crl.raw) : sha1(crl.raw));
}

/**
 * The CRL as PEM (RFC 7468 §9: `-----BEGIN X509 CRL-----`).
 * @example
 * ```ts
 * writeFileSync('ca.crl.pem', crlToPem(crl));
 * ```
 */
export function crlToPem(crl: Crl): string {
  return encodePem('X509 CRL', crl.raw);
}
