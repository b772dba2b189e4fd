/**
 * CertID (RFC 6960 §4.1.1): which certificate a request or a response is about, by the hashes
 * of its issuer's name and key and its serial number.
 *
 * Scope: computing a CertID from the issuer certificate and a serial (SHA-1, the hash every
 * responder understands, RFC 5019 §2.1.1; SHA-256/384/512 on request), reading and writing it,
 * and comparing two (the hash algorithm must be the same; the serial by value).
 * Non-goals: finding the issuer of a certificate (the caller passes it).
 * @module
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { type DerReader, Tag, bytesEqual, bytesToBigInt, checkInteger, encodeIntegerContents, type DerWriter } from '../der/index';
import { parsePublicKey } from '../keys/index';
import { parseAlgorithmIdentifier, type AlgorithmIdentifier } from '../sig/index';
import type { Certificate } from '../x509/index';
import { _fail } from './errors';

/** Hashes a CertID may use. */
export type CertIdHash = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

const HASHES: Record<CertIdHash, { oid: string; fn: (d: Uint8Array) => Uint8Array }> = {
  'SHA-1': { oid: '1.3.14.3.2.26', fn: sha1 },
  'SHA-256': { oid: '2.16.840.1.101.3.4.2.1', fn: sha256 },
  'SHA-384': { oid: '2.16.840.1.101.3.4.2.2', fn: sha384 },
  'SHA-512': { oid: '2.16.840.1.101.3.4.2.3', fn: sha512 },
};

/** A CertID. Byte fields of a parsed CertID are views into the input. */
export interface CertId {
  /** The hash, or `undefined` for an algorithm certkit does not compute (the CertID still parses). */
  readonly hash: CertIdHash | undefined;
  readonly hashAlgorithm: AlgorithmIdentifier;
  /** Hash of the issuer's subject Name DER. */
  readonly issuerNameHash: Uint8Array;
  /** Hash of the issuer's subjectPublicKey BIT STRING contents (no tag, length or unused-bits octet). */
  readonly issuerKeyHash: Uint8Array;
  readonly serialNumber: bigint;
}

function _hashByOid(oid: string): CertIdHash | undefined {
  return (Object.keys(HASHES) as CertIdHash[]).find((h) => HASHES[h].oid === oid);
}

/** SHA-1 (or another hash) of a certificate's subjectPublicKey bits: ResponderID byKey (RFC 6960 §4.2.1). */
export function _keyHash(cert: Certificate, hash: CertIdHash = 'SHA-1'): Uint8Array {
  return HASHES[hash].fn(parsePublicKey(cert.rawSpki).keyBytes);
}

/**
 * The CertID of the certificate with `serial` issued by `issuer` (RFC 6960 §4.1.1).
 * @param serial the certificate's serial number, or the certificate itself.
 * @param hash default SHA-1 (RFC 5019 §2.1.1: what every responder answers).
 * @throws RangeError for an unknown hash; TypeError for wrong argument kinds.
 * @example
 * ```ts
 * const id = createCertId(issuerCert, leafCert);           // SHA-1
 * const id256 = createCertId(issuerCert, leafCert.serialNumber, 'SHA-256');
 * ```
 */
export function createCertId(issuer: Certificate, serial: bigint | Certificate, hash: CertIdHash = 'SHA-1'): CertId {
  const h = HASHES[hash];
  if (h === undefined) throw new RangeError(`CertID hash must be one of ${Object.keys(HASHES).join(', ')}, got ${String(hash)}`);
  if (issuer === null || typeof issuer !== 'object' || !(issuer.rawSubject instanceof Uint8Array)) throw new TypeError('issuer must be a Certificate');
  const serialNumber = typeof serial === 'bigint' ? serial : serial.serialNumber;
  if (typeof serialNumber !== 'bigint') throw new TypeError('serial must be a bigint or a Certificate');
  return { hash, hashAlgorithm: { oid: h.oid }, issuerNameHash: h.fn(issuer.rawSubject), issuerKeyHash: _keyHash(issuer, hash), serialNumber };
}

/**
 * Whether two CertIDs name the same certificate: same hash algorithm, equal hashes and serial.
 * @example
 * ```ts
 * const single = resp.responses.find((r) => certIdEquals(r.certId, id));
 * ```
 */
export function certIdEquals(a: CertId, b: CertId): boolean {
  return a.hashAlgorithm.oid === b.hashAlgorithm.oid && a.serialNumber === b.serialNumber && bytesEqual(a.issuerNameHash, b.issuerNameHash) && bytesEqual(a.issuerKeyHash, b.issuerKeyHash);
}

/**
 * Whether `id` names a certificate issued by `issuer` (its name and key hashes, whatever hash
 * algorithm certkit computes); the serial is not compared.
 * @example
 * ```ts
 * if (!certIdIssuedBy(request.requests[0].certId, ca)) console.log('not our CA');
 * ```
 */
export function certIdIssuedBy(id: CertId, issuer: Certificate): boolean {
  if (id.hash === undefined) return false;
  const h = HASHES[id.hash];
  return bytesEqual(id.issuerNameHash, h.fn(issuer.rawSubject)) && bytesEqual(id.issuerKeyHash, _keyHash(issuer, id.hash));
}

/** Writes a CertID. */
export function _writeCertId(w: DerWriter, id: CertId): void {
  w.sequence((w) => {
    w.sequence((w) => {
      w.oid(id.hashAlgorithm.oid);
      if (id.hashAlgorithm.parameters !== undefined) w.raw(id.hashAlgorithm.parameters);
    });
    w.octetString(id.issuerNameHash);
    w.octetString(id.issuerKeyHash);
    w.element(Tag.INTEGER, encodeIntegerContents(id.serialNumber));
  });
}

/*
 * CertID ::= SEQUENCE {
 *   hashAlgorithm AlgorithmIdentifier,
 *   issuerNameHash OCTET STRING, -- Hash of issuer's DN
 *   issuerKeyHash OCTET STRING, -- Hash of issuer's public key
 *   serialNumber CertificateSerialNumber }
 */
export function _readCertId(r: DerReader): CertId {
  const c = r.enter(Tag.SEQUENCE, 'CertID');
  const hashAlgorithm = parseAlgorithmIdentifier(c);
  const hash = _hashByOid(hashAlgorithm.oid);
  const p = hashAlgorithm.parameters;
  if (hash !== undefined && p !== undefined && !(p.length === 2 && p[0] === Tag.NULL && p[1] === 0)) {
    _fail('malformed', 'CertID hash algorithm parameters must be absent or NULL');
  }
  const issuerNameHash = c.readOctetString(Tag.OCTET_STRING, 'issuerNameHash');
  const issuerKeyHash = c.readOctetString(Tag.OCTET_STRING, 'issuerKeyHash');
  const t = c.read(Tag.INTEGER, 'serialNumber');
  checkInteger(t.value, t.offset, true); // RFC 5280 §4.1.2.2: serials as issued, even non-minimal ones
  c.finish('CertID');
  return { hash, hashAlgorithm, issuerNameHash, issuerKeyHash, serialNumber: bytesToBigInt(t.value) };
}
