/**
 * The `Signer` interface and its adapters: a certkit private key, a WebCrypto `CryptoKeyPair`,
 * and any remote signer (HSM, cloud KMS) through {@link createSigner}.
 *
 * Scope: choosing the signature algorithm for a key (P-256 → ecdsa-with-SHA256, P-384 → SHA384,
 * P-521 → SHA512, RSA → sha256WithRSAEncryption or RSASSA-PSS on request, Ed25519, Ed448,
 * ML-DSA), producing the X.509 signature value (DER ECDSA-Sig-Value for ECDSA). ECDSA, EdDSA and
 * ML-DSA sign through noble; RSA signs through WebCrypto only. Non-goals: verification (see
 * `verify.ts`), key storage.
 * @module
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { ed448 } from '@noble/curves/ed448.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { ml_dsa44, ml_dsa65, ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';
import { DerWriter } from '../der/index';
import { parsePublicKey, PrivateKey, PublicKey, type AlgorithmIdentifier } from '../keys/index';
import { _hash, type HashName } from './_hashes';
import { parseRsaPssParameters, resolveSignatureScheme, signatureAlgorithmIdentifier, _pssScheme, type SignatureScheme } from './algorithm-identifier';
import { SignatureError } from './errors';

/**
 * Something that signs: it names the signature algorithm it produces, gives its public key, and
 * signs bytes. Keys in memory, in WebCrypto, in an HSM or a cloud KMS all fit.
 *
 * @example
 * ```ts
 * const signer = signerFromPrivateKey(key);
 * const sig = await signer.sign(tbsBytes);
 * ```
 */
export interface Signer {
  /** The signatureAlgorithm this signer produces. */
  readonly algorithm: AlgorithmIdentifier;
  /** The signer's SubjectPublicKeyInfo DER. */
  readonly publicKey: Uint8Array;
  /** Signs `data`, returning the X.509 signature value (DER ECDSA-Sig-Value for ECDSA). */
  sign(data: Uint8Array): Promise<Uint8Array>;
}

/** Hashes a signer may use with ECDSA and RSA. */
export type SignerHash = 'SHA-256' | 'SHA-384' | 'SHA-512';

/** Options of {@link signerFromPrivateKey} and {@link signerFromCryptoKeyPair}. */
export interface SignerOptions {
  /** Hash for ECDSA and RSA; default SHA-256 for RSA and the curve's hash for ECDSA. */
  hash?: SignerHash;
  /** RSA only: sign with RSASSA-PSS (MGF1 with the same hash; salt = hash length unless given). */
  pss?: boolean | { saltLength?: number };
}

function _schemeFor(algorithm: string, curve: string | undefined, options: SignerOptions, pssOnly: boolean, keyPssParams: Uint8Array | undefined): SignatureScheme {
  if (options.hash !== undefined && options.hash !== 'SHA-256' && options.hash !== 'SHA-384' && options.hash !== 'SHA-512') {
    throw new RangeError(`signer hash must be SHA-256, SHA-384 or SHA-512, got ${String(options.hash)}`);
  }
  switch (algorithm) {
    case 'ECDSA': {
      if (options.pss) throw new RangeError('pss applies to RSA keys only');
      // RFC 5480 §4: P-256 with SHA-256, P-384 with SHA-384, P-521 with SHA-512.
      const def: SignerHash = curve === 'P-384' ? 'SHA-384' : curve === 'P-521' ? 'SHA-512' : 'SHA-256';
      return { kind: 'ecdsa', hash: options.hash ?? def };
    }
    case 'RSA': {
      if (keyPssParams !== undefined) {
        // A key with RSASSA-PSS-params signs with exactly those (RFC 4055 §3.1).
        const ks = _pssScheme(parseRsaPssParameters(keyPssParams)) as Extract<SignatureScheme, { kind: 'rsa-pss' }>;
        if (options.hash !== undefined && options.hash !== ks.hash) {
          throw new SignatureError('invalid-parameters', `this RSA-PSS key is restricted to ${ks.hash}`);
        }
        return ks;
      }
      const hash: HashName = options.hash ?? 'SHA-256';
      if (options.pss || pssOnly) {
        const salt = typeof options.pss === 'object' && options.pss.saltLength !== undefined ? options.pss.saltLength : _hash(hash).length;
        if (!Number.isSafeInteger(salt) || salt < 0) throw new RangeError(`PSS salt length must be a non-negative integer, got ${salt}`);
        return { kind: 'rsa-pss', hash, mgfHash: hash, saltLength: salt };
      }
      return { kind: 'rsa-pkcs1', hash };
    }
    case 'Ed25519':
    case 'Ed448':
      if (options.hash !== undefined || options.pss) throw new RangeError(`${algorithm} takes no hash or PSS option`);
      return { kind: 'eddsa', curve: algorithm };
    case 'ML-DSA-44':
    case 'ML-DSA-65':
    case 'ML-DSA-87':
      if (options.hash !== undefined || options.pss) throw new RangeError(`${algorithm} takes no hash or PSS option (pure ML-DSA)`);
      return { kind: 'ml-dsa', parameterSet: algorithm };
    default:
      throw new SignatureError('unsupported-algorithm', `${algorithm} keys cannot sign`);
  }
}

function _curveImpl(curve: string): typeof p256 {
  return curve === 'P-256' ? p256 : curve === 'P-384' ? p384 : p521;
}

/** DER ECDSA-Sig-Value from r || s (RFC 5758 §3.2). */
function _derFromCompact(compact: Uint8Array): Uint8Array {
  const half = compact.length / 2;
  const w = new DerWriter();
  w.sequence((w) => {
    w.integerFromUnsigned(compact.subarray(0, half));
    w.integerFromUnsigned(compact.subarray(half));
  });
  return w.finish();
}

function _checkData(data: unknown): asserts data is Uint8Array {
  if (!(data instanceof Uint8Array)) throw new TypeError('sign() expects a Uint8Array');
}

/**
 * A {@link Signer} for a certkit private key. Default algorithms: P-256 → ecdsa-with-SHA256,
 * P-384 → ecdsa-with-SHA384, P-521 → ecdsa-with-SHA512, RSA → sha256WithRSAEncryption
 * (RSASSA-PSS with `{ pss: true }`, and always for id-RSASSA-PSS keys), Ed25519, Ed448, ML-DSA.
 * ECDSA signatures are deterministic (RFC 6979) and low-S; ML-DSA signatures are hedged.
 *
 * @throws TypeError when `key` is not a PrivateKey; RangeError for options that do not apply;
 * SignatureError `unsupported-algorithm`, `invalid-parameters`.
 * @example
 * ```ts
 * const { privateKey } = await generateKeyPair('RSA-3072');
 * const signer = signerFromPrivateKey(privateKey, { hash: 'SHA-384', pss: true });
 * describeSignatureAlgorithm(signer.algorithm) // 'RSASSA-PSS (SHA-384, MGF1 SHA-384, salt 48)'
 * ```
 */
export function signerFromPrivateKey(key: PrivateKey, options: SignerOptions = {}): Signer {
  if (!(key instanceof PrivateKey)) throw new TypeError('signerFromPrivateKey expects a PrivateKey (see importPrivateKey)');
  const pssParams = key.rsaPssOnly ? key.publicKey.algorithmIdentifier.parameters : undefined;
  const scheme = _schemeFor(key.algorithm, key.curve, options, key.rsaPssOnly, pssParams);
  const algorithm = signatureAlgorithmIdentifier(scheme);
  const publicKey = key.publicKey.spki;
  let sign: (data: Uint8Array) => Promise<Uint8Array>;
  switch (scheme.kind) {
    case 'ecdsa': {
      const curve = _curveImpl(key.curve!);
      const hash = _hash(scheme.hash);
      sign = async (data) => {
        _checkData(data);
        const compact = curve.sign(hash.fn(data), key._nobleSecret(), { prehash: false, lowS: true, format: 'compact' });
        return _derFromCompact(compact);
      };
      break;
    }
    case 'eddsa':
      sign = async (data) => {
        _checkData(data);
        return scheme.curve === 'Ed25519' ? ed25519.sign(data, key._nobleSecret()) : ed448.sign(data, key._nobleSecret());
      };
      break;
    case 'ml-dsa': {
      const impl = scheme.parameterSet === 'ML-DSA-44' ? ml_dsa44 : scheme.parameterSet === 'ML-DSA-65' ? ml_dsa65 : ml_dsa87;
      sign = async (data) => {
        _checkData(data);
        // RFC 9881 §3: pure ML-DSA, empty context.
        return impl.sign(data, key._nobleSecret());
      };
      break;
    }
    case 'rsa-pkcs1':
    case 'rsa-pss': {
      const hash = _hash(scheme.hash).webcrypto as SignerHash;
      if (scheme.kind === 'rsa-pss' && scheme.mgfHash !== scheme.hash) {
        throw new SignatureError('unsupported-algorithm', 'RSASSA-PSS signing through WebCrypto needs MGF1 with the message hash');
      }
      const name = scheme.kind === 'rsa-pss' ? 'RSA-PSS' : 'RSASSA-PKCS1-v1_5';
      const params = scheme.kind === 'rsa-pss' ? { name, saltLength: scheme.saltLength } : { name };
      sign = async (data) => {
        _checkData(data);
        const ck = await key.rsaCryptoKey({ name, hash });
        return new Uint8Array(await globalThis.crypto.subtle.sign(params, ck, data as Uint8Array<ArrayBuffer>));
      };
      break;
    }
  }
  return Object.freeze({ algorithm, publicKey, sign });
}

/**
 * A {@link Signer} for a WebCrypto key pair (the private key may be non-extractable; the public
 * key must be exportable as SPKI, which WebCrypto public keys always are). Supported:
 * ECDSA (P-256/384/521), RSASSA-PKCS1-v1_5, RSA-PSS (salt = hash length unless given), Ed25519,
 * Ed448. The hash of an RSA key is the one it was created with.
 *
 * @throws SignatureError `unsupported-algorithm` for other WebCrypto algorithms.
 * @example
 * ```ts
 * const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
 * const signer = await signerFromCryptoKeyPair(pair);
 * ```
 */
export async function signerFromCryptoKeyPair(pair: CryptoKeyPair, options: { hash?: SignerHash; saltLength?: number } = {}): Promise<Signer> {
  if (pair === null || typeof pair !== 'object' || pair.privateKey === undefined || pair.publicKey === undefined) {
    throw new TypeError('signerFromCryptoKeyPair expects a CryptoKeyPair { privateKey, publicKey }');
  }
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) throw new SignatureError('backend-unavailable', 'this runtime has no WebCrypto');
  const spki = new Uint8Array(await subtle.exportKey('spki', pair.publicKey));
  const pub = parsePublicKey(spki);
  const alg = pair.privateKey.algorithm as KeyAlgorithm & { namedCurve?: string; hash?: { name: string } };
  let scheme: SignatureScheme;
  let params: Parameters<SubtleCrypto['sign']>[0];
  let toX509 = (sig: Uint8Array): Uint8Array => sig;
  switch (alg.name) {
    case 'ECDSA': {
      scheme = _schemeFor('ECDSA', alg.namedCurve, { hash: options.hash }, false, undefined);
      params = { name: 'ECDSA', hash: (scheme as { hash: string }).hash };
      toX509 = _derFromCompact; // WebCrypto gives r || s (IEEE P1363)
      break;
    }
    case 'RSASSA-PKCS1-v1_5':
    case 'RSA-PSS': {
      const hash = alg.hash?.name as HashName;
      if (hash !== 'SHA-256' && hash !== 'SHA-384' && hash !== 'SHA-512') {
        throw new SignatureError('unsupported-algorithm', `RSA keys bound to ${hash} are not supported for certificate signing`);
      }
      if (alg.name === 'RSA-PSS') {
        const saltLength = options.saltLength ?? _hash(hash).length;
        scheme = { kind: 'rsa-pss', hash, mgfHash: hash, saltLength };
        params = { name: 'RSA-PSS', saltLength };
      } else {
        scheme = { kind: 'rsa-pkcs1', hash };
        params = { name: 'RSASSA-PKCS1-v1_5' };
      }
      break;
    }
    case 'Ed25519':
    case 'Ed448':
      scheme = { kind: 'eddsa', curve: alg.name };
      params = { name: alg.name };
      break;
    default:
      throw new SignatureError('unsupported-algorithm', `WebCrypto algorithm ${alg.name} cannot sign certificates here`);
  }
  const privateKey = pair.privateKey;
  return Object.freeze({
    algorithm: signatureAlgorithmIdentifier(scheme),
    publicKey: pub.spki,
    async sign(data: Uint8Array): Promise<Uint8Array> {
      _checkData(data);
      return toX509(new Uint8Array(await subtle.sign(params, privateKey, data as Uint8Array<ArrayBuffer>)));
    },
  });
}

/**
 * Wraps a remote signer (an HSM, a cloud KMS, a signing service) as a {@link Signer}. The
 * algorithm is checked against the public key here, so a misconfigured KMS key fails at once
 * rather than after producing certificates nobody can verify.
 *
 * @throws SignatureError `unsupported-algorithm`, `invalid-parameters`, `key-mismatch`;
 * KeyError/DerError for a malformed public key.
 * @example
 * ```ts
 * // AWS KMS, ECC_NIST_P256 key, ECDSA_SHA_256: KMS returns the DER ECDSA-Sig-Value already.
 * const signer = createSigner({
 *   algorithm: { oid: '1.2.840.10045.4.3.2' },
 *   publicKey: (await kms.getPublicKey({ KeyId })).PublicKey!,   // SPKI DER
 *   sign: async (data) => (await kms.sign({ KeyId, Message: data, MessageType: 'RAW',
 *     SigningAlgorithm: 'ECDSA_SHA_256' })).Signature!,
 * });
 * ```
 */
export function createSigner(options: { algorithm: AlgorithmIdentifier; publicKey: Uint8Array | PublicKey; sign: (data: Uint8Array) => Promise<Uint8Array> }): Signer {
  if (options === null || typeof options !== 'object' || typeof options.sign !== 'function') {
    throw new TypeError('createSigner expects { algorithm, publicKey, sign }');
  }
  const pub = options.publicKey instanceof PublicKey ? options.publicKey : parsePublicKey(options.publicKey);
  const scheme = resolveSignatureScheme(options.algorithm);
  const ok =
    (scheme.kind === 'ecdsa' && pub.algorithm === 'ECDSA') ||
    ((scheme.kind === 'rsa-pkcs1' || scheme.kind === 'rsa-pss') && pub.algorithm === 'RSA' && !(pub.rsaPssOnly && scheme.kind === 'rsa-pkcs1')) ||
    (scheme.kind === 'eddsa' && pub.algorithm === scheme.curve) ||
    (scheme.kind === 'ml-dsa' && pub.algorithm === scheme.parameterSet);
  if (!ok) throw new SignatureError('key-mismatch', `signature algorithm ${options.algorithm.oid} does not fit a ${pub.algorithm} key`, { oid: options.algorithm.oid });
  const fn = options.sign;
  return Object.freeze({
    algorithm: options.algorithm,
    publicKey: pub.spki,
    async sign(data: Uint8Array): Promise<Uint8Array> {
      _checkData(data);
      const sig = await fn(data);
      if (!(sig instanceof Uint8Array) || sig.length === 0) throw new SignatureError('signing-failed', 'the remote signer returned no signature');
      return sig;
    },
  });
}
