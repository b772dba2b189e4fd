/**
 * The PKCS#12 integrity MAC (RFC 7292 §5.1, Appendix B): HMAC over the `authSafe` content, keyed
 * by the PKCS#12 KDF (purpose 3) of the BMPString password.
 *
 * Scope: reading and writing `MacData` for HMAC with SHA-1 and SHA-2, verification in constant
 * time. Non-goals: PBMAC1 (RFC 9579): OpenSSL 3.0–3.3 and Java 17 cannot verify it, so files
 * using it would not reach the importers this layer writes for; reading it is refused with
 * `unsupported-algorithm` rather than skipped.
 * @module
 */
import { hmac } from '@noble/hashes/hmac.js';
import { type DerWriter, Tag, type DerReader } from '../der/index';
import { _pkcs12Kdf } from './pkcs12-kdf';
import { _bmpPassword, _hashByName, _hashes, _readAlgId, _readCount, _timingSafeEqual, type PbeHash } from './_util';
import { Pkcs12Error } from './errors';
import type { _Limits } from './pbes2';
import { PBE_OID } from './oids';

/** The MAC parameters of a parsed PFX. */
export interface Pkcs12MacInfo {
  /** The HMAC hash. */
  hash: PbeHash;
  /** The PKCS#12 KDF iteration count. */
  iterations: number;
  /** The salt length in bytes. */
  saltLength: number;
}

/** @internal MacData as read. */
export interface _MacData extends Pkcs12MacInfo {
  salt: Uint8Array;
  digest: Uint8Array;
  offset: number;
}

/**
 * ```asn1
 * MacData ::= SEQUENCE {
 *   mac        DigestInfo,
 *   macSalt    OCTET STRING,
 *   iterations INTEGER DEFAULT 1 }   -- RFC 7292 §4: the default is deprecated
 * DigestInfo ::= SEQUENCE { digestAlgorithm DigestAlgorithmIdentifier, digest Digest }
 * ```
 * @internal
 */
export function _readMacData(r: DerReader, limits: _Limits): _MacData {
  const offset = r.pos;
  const m = r.enter(Tag.SEQUENCE, 'MacData');
  const di = m.enter(Tag.SEQUENCE, 'mac');
  const alg = _readAlgId(di, 'digestAlgorithm');
  if (alg.oid === PBE_OID.pbmac1) {
    throw new Pkcs12Error('unsupported-algorithm', 'PBMAC1 (RFC 9579) PKCS#12 MACs are not supported yet; re-export with an HMAC MAC (openssl pkcs12 -export -macalg sha256)', {
      offset: alg.offset,
      oid: alg.oid,
      path: 'macData.mac.digestAlgorithm',
    });
  }
  const h = _hashes().find((x) => x.digestOid === alg.oid);
  if (h === undefined)
    throw new Pkcs12Error('unsupported-algorithm', `MAC digest ${alg.oid} is not supported (SHA-1 and SHA-2 are)`, { offset: alg.offset, oid: alg.oid, path: 'macData.mac.digestAlgorithm' });
  // RFC 5754 §2: hash parameters are absent or NULL.
  if (alg.params !== undefined && (alg.params.tag !== Tag.NULL || alg.params.length !== 0)) {
    throw new Pkcs12Error('invalid-parameters', 'MAC digest parameters must be NULL or absent', { offset: alg.params.offset });
  }
  const digest = di.readOctetString(Tag.OCTET_STRING, 'digest');
  di.finish('DigestInfo');
  const salt = m.readOctetString(Tag.OCTET_STRING, 'macSalt');
  const iterations = m.atEnd ? 1 : _readCount(m, 'MAC iterations', limits.maxIterations);
  m.finish('MacData');
  return { hash: h.name, iterations, saltLength: salt.length, salt, digest, offset };
}

/** @internal the HMAC of RFC 7292 §5.1 over `content` (the authSafe OCTET STRING's contents). */
export async function _computeMac(hash: PbeHash, password: string, salt: Uint8Array, iterations: number, content: Uint8Array): Promise<Uint8Array> {
  const h = _hashByName(hash).noble;
  // Appendix B.3 / B.4: purpose 3, key as long as the hash output.
  const key = await _pkcs12Kdf(h, _bmpPassword(password), salt, 3, iterations, h.outputLen);
  return hmac(h, key, content);
}

/** @internal verifies MacData. @throws Pkcs12Error `mac-mismatch`. */
export async function _verifyMac(mac: _MacData, password: string, content: Uint8Array): Promise<void> {
  const expected = await _computeMac(mac.hash, password, mac.salt, mac.iterations, content);
  if (!_timingSafeEqual(expected, mac.digest)) {
    throw new Pkcs12Error('mac-mismatch', 'the PKCS#12 MAC does not verify: the password is wrong, or the file was modified', { offset: mac.offset, path: 'macData' });
  }
}

/** @internal writes MacData. */
export function _writeMacData(w: DerWriter, hash: PbeHash, salt: Uint8Array, iterations: number, digest: Uint8Array): void {
  w.sequence((w) => {
    w.sequence((w) => {
      w.sequence((w) => w.oid(_hashByName(hash).digestOid).null());
      w.octetString(digest);
    });
    w.octetString(salt);
    if (iterations !== 1) w.integer(iterations); // DER: DEFAULT 1 is omitted
  });
}
