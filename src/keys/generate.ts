/**
 * Key pair generation for every key type certkit signs with.
 *
 * Scope: ECDSA P-256/P-384/P-521, Ed25519 and Ed448 through `@noble/curves`; ML-DSA-44/65/87
 * through `@noble/post-quantum` (from a fresh 32-byte seed, FIPS 204 §5.1); RSA through the
 * platform's WebCrypto, because RSA key generation must not be hand-rolled. Randomness comes from
 * `globalThis.crypto.getRandomValues`. Non-goals: key agreement keys, DSA.
 * @module
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { ed448 } from '@noble/curves/ed448.js';
import { _curveByName, _KEY_OID } from './_algorithms';
import { _bytesToBigint, _fromB64url } from './_encoding';
import { KeyError } from './errors';
import { _ecKey, _mlDsaKey, _rsaKey } from './import-private-key';
import { _mlDsa, PrivateKey } from './private-key';
import { encodeSpki, parsePublicKey, type PublicKey } from './public-key';

/** What {@link generateKeyPair} can make. */
export type KeyPairAlgorithm =
  'P-256' | 'P-384' | 'P-521' | 'Ed25519' | 'Ed448' | 'RSA-2048' | 'RSA-3072' | 'RSA-4096' | 'ML-DSA-44' | 'ML-DSA-65' | 'ML-DSA-87' | { rsa: number; allowWeak?: boolean; publicExponent?: number };

/** A private key and its public key. */
export interface KeyPair {
  privateKey: PrivateKey;
  publicKey: PublicKey;
}

function _random(n: number): Uint8Array {
  const c = globalThis.crypto;
  if (c === undefined || typeof c.getRandomValues !== 'function') {
    throw new KeyError('backend-unavailable', 'key generation needs globalThis.crypto.getRandomValues');
  }
  return c.getRandomValues(new Uint8Array(n));
}

/**
 * Generates a key pair.
 *
 * RSA keys are made by WebCrypto (`RSASSA-PKCS1-v1_5`, extractable) with public exponent 65537;
 * sizes below 2048 bits are refused unless `{ rsa: bits, allowWeak: true }`.
 *
 * @throws TypeError for an unknown algorithm; RangeError for an impossible RSA size;
 * KeyError `weak-key` (RSA below 2048 without opt-in), `backend-unavailable` (no WebCrypto).
 * @example
 * ```ts
 * const { privateKey, publicKey } = await generateKeyPair('P-256');
 * const rsa = await generateKeyPair('RSA-3072');
 * const legacy = await generateKeyPair({ rsa: 1024, allowWeak: true });
 * ```
 */
export async function generateKeyPair(algorithm: KeyPairAlgorithm): Promise<KeyPair> {
  let key: PrivateKey;
  if (typeof algorithm === 'object' && algorithm !== null) {
    key = await _generateRsa(algorithm.rsa, algorithm.allowWeak === true, algorithm.publicExponent ?? 65537);
  } else {
    switch (algorithm) {
      case 'P-256':
      case 'P-384':
      case 'P-521': {
        const c = _curveByName(algorithm)!;
        // noble derives a uniformly random scalar from extra random bytes (FIPS 186-5 A.2.1).
        key = _ecKey(algorithm, c.noble.utils.randomSecretKey(_random(c.noble.lengths.seed!)));
        break;
      }
      case 'Ed25519':
      case 'Ed448': {
        const seed = _random(algorithm === 'Ed25519' ? 32 : 57);
        const pub = algorithm === 'Ed25519' ? ed25519.getPublicKey(seed) : ed448.getPublicKey(seed);
        key = new PrivateKey({ algorithm, publicKey: parsePublicKey(encodeSpki({ oid: _KEY_OID[algorithm] }, pub)), secret: seed });
        break;
      }
      case 'RSA-2048':
      case 'RSA-3072':
      case 'RSA-4096':
        key = await _generateRsa(Number(algorithm.slice(4)), false, 65537);
        break;
      case 'ML-DSA-44':
      case 'ML-DSA-65':
      case 'ML-DSA-87': {
        const seed = _random(32);
        key = _mlDsaKey(algorithm, seed, undefined, _mlDsa(algorithm).keygen(seed).publicKey);
        break;
      }
      default:
        throw new TypeError(`unknown key algorithm ${JSON.stringify(algorithm)}`);
    }
  }
  return { privateKey: key, publicKey: key.publicKey };
}

async function _generateRsa(bits: number, allowWeak: boolean, publicExponent: number): Promise<PrivateKey> {
  if (!Number.isSafeInteger(bits) || bits < 512 || bits > 16384 || bits % 8 !== 0) {
    throw new RangeError(`RSA key size must be a multiple of 8 between 512 and 16384 bits, got ${bits}`);
  }
  if (bits < 2048 && !allowWeak) {
    throw new KeyError('weak-key', `RSA-${bits} is below the 2048-bit minimum; pass { rsa: ${bits}, allowWeak: true } to make it anyway`);
  }
  if (publicExponent !== 3 && publicExponent !== 65537) throw new RangeError('RSA public exponent must be 65537 (or 3)');
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) throw new KeyError('backend-unavailable', 'RSA key generation needs WebCrypto (globalThis.crypto.subtle)');
  const e = publicExponent === 3 ? Uint8Array.of(3) : Uint8Array.of(1, 0, 1);
  const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;
  const pair = (await subtle.generateKey({ ...algorithm, modulusLength: bits, publicExponent: e }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const jwk = await subtle.exportKey('jwk', pair.privateKey);
  const get = (m: 'n' | 'e' | 'd' | 'p' | 'q' | 'dp' | 'dq' | 'qi'): bigint => _bytesToBigint(_fromB64url(jwk[m], m));
  return _rsaKey({ n: get('n'), e: get('e'), d: get('d'), p: get('p'), q: get('q'), dp: get('dp'), dq: get('dq'), qi: get('qi') }, { allowWeak }, undefined, undefined, {
    algorithm,
    key: pair.privateKey,
  });
}
