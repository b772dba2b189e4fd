/**
 * The message digests of CMS signer infos (private module): which digest goes with which
 * signature scheme when signing, and the digest an AlgorithmIdentifier names when verifying.
 *
 * Scope: SHA-2 (RFC 5754 §2: parameters absent, NULL accepted on read), SHA-1 on request only,
 * SHA-512 for Ed25519 (RFC 8419 §3.1) and ML-DSA (RFC 9882 §3.3), SHAKE256 with 512 bits of
 * output for Ed448 (id-shake256-len with the parameter 512, RFC 8419 §3.1, RFC 8702 §2).
 * Hashes come from `@noble/hashes`. Non-goals: SHA-3, MD5.
 * @module
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { shake256 } from '@noble/hashes/sha3.js';
import { Tag, bytesToSafeInteger, encodeDer, readTlvAt } from '../der/index';
import type { AlgorithmIdentifier, SignatureScheme } from '../sig/index';
import { _fail } from './errors';
import { CMS_OID } from './oids';

/** id-shake256-len (RFC 8702 §2): SHAKE256 with the output length as parameter. */
const _SHAKE256_LEN = '2.16.840.1.101.3.4.2.18';

/** One digest: its name, the AlgorithmIdentifier written when signing, and the function. */
export interface _Digest {
  readonly name: string;
  readonly algorithm: AlgorithmIdentifier;
  readonly fn: (data: Uint8Array) => Uint8Array;
}

const _shake512 = (d: Uint8Array): Uint8Array => shake256(d, { dkLen: 64 });

function _d(name: string, oid: string, fn: (data: Uint8Array) => Uint8Array, parameters?: Uint8Array): _Digest {
  return { name, algorithm: parameters === undefined ? { oid } : { oid, parameters }, fn };
}

/** The digest a signer of this scheme uses (RFC 5754 §3 for RSA and ECDSA: the signature's hash). */
export function _digestForScheme(scheme: SignatureScheme): _Digest {
  switch (scheme.kind) {
    case 'ecdsa':
    case 'rsa-pkcs1':
    case 'rsa-pss':
      switch (scheme.hash) {
        case 'SHA-256':
          return _d('SHA-256', CMS_OID.sha256, sha256);
        case 'SHA-384':
          return _d('SHA-384', CMS_OID.sha384, sha384);
        case 'SHA-512':
          return _d('SHA-512', CMS_OID.sha512, sha512);
        default:
          return _fail('invalid-argument', `signing CMS with ${scheme.hash} is not supported (use SHA-256, SHA-384 or SHA-512)`);
      }
    case 'eddsa':
      return scheme.curve === 'Ed25519'
        ? _d('SHA-512', CMS_OID.sha512, sha512)
        : _d(
            'SHAKE256/512',
            _SHAKE256_LEN,
            _shake512,
            encodeDer((w) => w.integer(512)),
          );
    case 'ml-dsa':
      return _d('SHA-512', CMS_OID.sha512, sha512);
  }
}

/**
 * The digest function a SignerInfo's digestAlgorithm names.
 * @throws CmsError `unsupported-digest-algorithm` (unknown OID, SHA-1 without `allowSha1`,
 * parameters other than absent/NULL for SHA-2 or other than 512 for id-shake256-len).
 */
export function _digestByAlgorithm(alg: AlgorithmIdentifier, allowSha1: boolean, offset?: number): _Digest {
  const p = alg.parameters;
  const isNull = p !== undefined && p.length === 2 && p[0] === Tag.NULL && p[1] === 0;
  const sha2 = (name: string, fn: (d: Uint8Array) => Uint8Array): _Digest => {
    if (p !== undefined && !isNull) _fail('unsupported-digest-algorithm', `${name} parameters must be absent or NULL (RFC 5754 §2)`, offset);
    return _d(name, alg.oid, fn);
  };
  switch (alg.oid) {
    case CMS_OID.sha224:
      return sha2('SHA-224', sha224);
    case CMS_OID.sha256:
      return sha2('SHA-256', sha256);
    case CMS_OID.sha384:
      return sha2('SHA-384', sha384);
    case CMS_OID.sha512:
      return sha2('SHA-512', sha512);
    case CMS_OID.sha1:
      if (!allowSha1) _fail('unsupported-digest-algorithm', 'SHA-1 message digests are refused (pass allowSha1 to accept them)', offset);
      return sha2('SHA-1', sha1);
    case CMS_OID.shake256:
      if (p !== undefined) _fail('unsupported-digest-algorithm', 'id-shake256 parameters must be absent (RFC 8702 §2)', offset);
      return _d('SHAKE256/512', alg.oid, _shake512);
    case _SHAKE256_LEN: {
      if (p === undefined) _fail('unsupported-digest-algorithm', 'id-shake256-len needs its output length parameter (RFC 8702 §2)', offset);
      const t = readTlvAt(p, 0, p.length);
      if (t.tag !== Tag.INTEGER || t.end !== p.length || bytesToSafeInteger(t.value, 0) !== 512) {
        _fail('unsupported-digest-algorithm', 'id-shake256-len is supported with 512 bits of output only (RFC 8419 §3.1)', offset);
      }
      return _d('SHAKE256/512', alg.oid, _shake512);
    }
    default:
      return _fail('unsupported-digest-algorithm', `digest algorithm ${alg.oid} is not supported`, offset);
  }
}
