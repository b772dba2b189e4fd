/**
 * Hash functions by name and OID (private module).
 *
 * Scope: the digests X.509 signatures use, their OIDs (RFC 3279 §2.2, RFC 4055 §2.1,
 * RFC 5754 §2), output lengths, WebCrypto names, and noble implementations.
 * Non-goals: SHA-3 and SHAKE (no signature algorithm certkit verifies uses them yet).
 * @module
 */
import { md5, sha1 } from '@noble/hashes/legacy.js';
import { sha224, sha256, sha384, sha512, sha512_224, sha512_256 } from '@noble/hashes/sha2.js';

/** Hash names. */
export type HashName = 'MD5' | 'SHA-1' | 'SHA-224' | 'SHA-256' | 'SHA-384' | 'SHA-512' | 'SHA-512/224' | 'SHA-512/256';

/** One hash function. */
export interface _HashInfo {
  readonly name: HashName;
  readonly oid: string;
  /** Output length in bytes. */
  readonly length: number;
  readonly fn: (data: Uint8Array) => Uint8Array;
  /** The WebCrypto name, when WebCrypto has it. */
  readonly webcrypto: 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512' | undefined;
}

let table: Record<HashName, _HashInfo> | undefined;

/** The hash table, built on first use. */
function _hashes(): Record<HashName, _HashInfo> {
  return (table ??= {
    MD5: { name: 'MD5', oid: '1.2.840.113549.2.5', length: 16, fn: md5, webcrypto: undefined },
    'SHA-1': { name: 'SHA-1', oid: '1.3.14.3.2.26', length: 20, fn: sha1, webcrypto: 'SHA-1' },
    'SHA-224': { name: 'SHA-224', oid: '2.16.840.1.101.3.4.2.4', length: 28, fn: sha224, webcrypto: undefined },
    'SHA-256': { name: 'SHA-256', oid: '2.16.840.1.101.3.4.2.1', length: 32, fn: sha256, webcrypto: 'SHA-256' },
    'SHA-384': { name: 'SHA-384', oid: '2.16.840.1.101.3.4.2.2', length: 48, fn: sha384, webcrypto: 'SHA-384' },
    'SHA-512': { name: 'SHA-512', oid: '2.16.840.1.101.3.4.2.3', length: 64, fn: sha512, webcrypto: 'SHA-512' },
    'SHA-512/224': { name: 'SHA-512/224', oid: '2.16.840.1.101.3.4.2.5', length: 28, fn: sha512_224, webcrypto: undefined },
    'SHA-512/256': { name: 'SHA-512/256', oid: '2.16.840.1.101.3.4.2.6', length: 32, fn: sha512_256, webcrypto: undefined },
  });
}

/** The hash with this OID, or `undefined`. */
export function _hashByOid(oid: string): _HashInfo | undefined {
  const t = _hashes();
  for (const k of Object.keys(t) as HashName[]) if (t[k].oid === oid) return t[k];
  return undefined;
}

/** The hash with this name. */
export function _hash(name: HashName): _HashInfo {
  return _hashes()[name];
}
