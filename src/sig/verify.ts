/**
 * Signature verification: {@link verifySignature} (asynchronous, WebCrypto where the runtime has
 * the algorithm) and its twin {@link verifySignatureSync} (synchronous, pure JS on noble), with
 * the same answers and the same typed errors (docs/architecture.md, "Sync and async").
 *
 * Scope: ECDSA (noble, the message hashed here with the algorithm's hash, `lowS: false`, strict
 * DER signatures), Ed25519/Ed448 (noble, `zip215: false`: RFC 8032 §5.1.7 strict decoding),
 * ML-DSA (noble, pure ML-DSA with the empty context, RFC 9881 §3), RSASSA-PKCS1-v1_5 and
 * RSASSA-PSS on bigint (`rsa.ts`); the policy knobs of validation (minimum RSA size, refusal of
 * MD5/SHA-1); key and algorithm consistency, including RSA-PSS keys whose parameters restrict
 * their signatures (RFC 4055 §3.1). Non-goals: DSA, SHA-3, batch verification.
 *
 * Answers: `true` for a valid signature; `false` for a signature that does not verify, including
 * one that is not even well-formed (wrong length, non-DER ECDSA-Sig-Value, r or s out of range);
 * a `SignatureError` when the question cannot be asked (unknown or forbidden algorithm, key that
 * does not fit the algorithm, malformed public key, key below the minimum size).
 * @module
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { ed448 } from '@noble/curves/ed448.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { ml_dsa44, ml_dsa65, ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';
import { bytesToBigInt, CertkitError, concatBytes, DerReader, Tag } from '../der/index';
import { parsePublicKey, PublicKey, type AlgorithmIdentifier } from '../keys/index';
import { _hash, type HashName } from './_hashes';
import { parseRsaPssParameters, resolveSignatureScheme, _pssScheme, type SignatureScheme } from './algorithm-identifier';
import { SignatureError } from './errors';
import { _verifyPkcs1v15, _verifyPss } from './rsa';

/** Policy knobs for verification (the validation layer passes its own). */
export interface VerifyPolicy {
  /** Smallest RSA modulus accepted, in bits. Default 2048. */
  minRsaBits?: number;
  /** Accept SHA-1 based signatures. Default `false` (SHA-1 collisions are practical). */
  allowSha1?: boolean;
  /** Accept MD5 based signatures. Default `false`. */
  allowMd5?: boolean;
  /**
   * Encoding of ECDSA signatures: `'der'` (the X.509 ECDSA-Sig-Value, RFC 5758 §3.2, default) or
   * `'ieee-p1363'` (r || s, as JWS and WebCrypto use).
   */
  signatureFormat?: 'der' | 'ieee-p1363';
  /** Lenient AlgorithmIdentifier rules (see `parseAlgorithmIdentifier`). Default `false`. */
  lenient?: boolean;
  /** Accept compressed EC points in the SPKI. Default `false`. */
  allowCompressedPoints?: boolean;
}

/** Which implementation verifies. */
export type VerifyBackend = 'auto' | 'webcrypto' | 'noble';

/** Options of {@link verifySignature}. */
export interface VerifyOptions extends VerifyPolicy {
  /**
   * `'noble'`: the pure path of {@link verifySignatureSync}. `'webcrypto'`: `crypto.subtle.verify`,
   * throwing `unsupported-by-backend` when the runtime lacks the algorithm. `'auto'` (default):
   * WebCrypto where it has the algorithm, else the pure path.
   */
  backend?: VerifyBackend;
}

interface _Prepared {
  key: PublicKey;
  scheme: SignatureScheme;
}

function _parseKey(spki: Uint8Array | PublicKey, policy: VerifyPolicy): PublicKey {
  if (spki instanceof PublicKey) return spki;
  if (!(spki instanceof Uint8Array)) throw new TypeError('expected SPKI DER bytes or a PublicKey');
  try {
    return parsePublicKey(spki, { allowCompressedPoints: policy.allowCompressedPoints === true, lenient: policy.lenient === true });
  } catch (e) {
    if (!(e instanceof CertkitError)) throw e;
    throw new SignatureError('malformed-public-key', `the public key cannot be used: ${e.message}`, { offset: e.offset, path: e.path, cause: e, oid: (e as { oid?: string }).oid });
  }
}

function _checkHash(hash: HashName, policy: VerifyPolicy, oid: string): void {
  if (hash === 'MD5' && policy.allowMd5 !== true) {
    throw new SignatureError('forbidden-algorithm', 'MD5 signatures are refused (collisions are practical); set allowMd5 to accept them', { oid });
  }
  if (hash === 'SHA-1' && policy.allowSha1 !== true) {
    throw new SignatureError('forbidden-algorithm', 'SHA-1 signatures are refused (collisions are practical); set allowSha1 to accept them', { oid });
  }
}

function _mismatch(scheme: SignatureScheme, key: PublicKey, oid: string): never {
  const what = scheme.kind === 'eddsa' ? scheme.curve : scheme.kind === 'ml-dsa' ? scheme.parameterSet : scheme.kind.toUpperCase();
  throw new SignatureError('key-mismatch', `a ${what} signature algorithm cannot be verified with a${key.curve ? ` ${key.curve}` : ''} ${key.algorithm} key`, { oid });
}

/** Parses the key and the algorithm, applies the policy and checks they fit together. */
function _prepare(spki: Uint8Array | PublicKey, alg: AlgorithmIdentifier, policy: VerifyPolicy): _Prepared {
  if (alg === null || typeof alg !== 'object' || typeof alg.oid !== 'string') throw new TypeError('expected an AlgorithmIdentifier { oid, parameters? }');
  const key = _parseKey(spki, policy);
  const scheme = resolveSignatureScheme(alg, { lenient: policy.lenient === true });
  switch (scheme.kind) {
    case 'ecdsa':
      if (key.algorithm !== 'ECDSA') _mismatch(scheme, key, alg.oid);
      _checkHash(scheme.hash, policy, alg.oid);
      break;
    case 'rsa-pkcs1':
    case 'rsa-pss': {
      if (key.algorithm !== 'RSA') _mismatch(scheme, key, alg.oid);
      _checkHash(scheme.hash, policy, alg.oid);
      if (scheme.kind === 'rsa-pss') _checkHash(scheme.mgfHash, policy, alg.oid);
      if (key.rsaPssOnly) {
        // RFC 4055 §1.2: an id-RSASSA-PSS key is used only with RSASSA-PSS.
        if (scheme.kind !== 'rsa-pss') {
          throw new SignatureError('key-mismatch', 'this RSA key is restricted to RSASSA-PSS (id-RSASSA-PSS) and cannot verify PKCS#1 v1.5 signatures', { oid: alg.oid });
        }
        const kp = key.algorithmIdentifier.parameters;
        if (kp !== undefined) {
          // RFC 4055 §3.1: with parameters on the key, signatures use the same hash and mask
          // generation function and a salt at least as long.
          const ks = _pssScheme(parseRsaPssParameters(kp, { lenient: policy.lenient === true })) as Extract<SignatureScheme, { kind: 'rsa-pss' }>;
          if (ks.hash !== scheme.hash || ks.mgfHash !== scheme.mgfHash || scheme.saltLength < ks.saltLength) {
            throw new SignatureError(
              'invalid-parameters',
              `RSASSA-PSS parameters (${scheme.hash}, MGF1 ${scheme.mgfHash}, salt ${scheme.saltLength}) disagree with the key's (${ks.hash}, MGF1 ${ks.mgfHash}, salt ≥ ${ks.saltLength}) (RFC 4055 §3.1)`,
              { oid: alg.oid },
            );
          }
        }
      }
      const min = policy.minRsaBits ?? 2048;
      if (key.bits < min) {
        throw new SignatureError('weak-key', `RSA key of ${key.bits} bits is below the ${min}-bit minimum of the policy`, { oid: alg.oid });
      }
      // RSAVP1 costs one modular squaring of the modulus per bit of e: a hostile key with a huge
      // modulus and exponent (a few KB of SPKI) would take seconds to minutes. OpenSSL's limits:
      // OPENSSL_RSA_MAX_MODULUS_BITS 16384 and RSA_MAX_PUBEXP_BITS 64 (Go allows e < 2^31 only).
      if (key.bits > _MAX_RSA_BITS) {
        throw new SignatureError('key-too-large', `RSA key of ${key.bits} bits is above the ${_MAX_RSA_BITS}-bit maximum certkit verifies with`, { oid: alg.oid });
      }
      if (key.rsa!.e >= 1n << 64n) {
        throw new SignatureError('key-too-large', 'RSA public exponent is longer than 64 bits; certkit does not verify with such keys (real keys use 65537)', { oid: alg.oid });
      }
      break;
    }
    case 'eddsa':
      if (key.algorithm !== scheme.curve) _mismatch(scheme, key, alg.oid);
      break;
    case 'ml-dsa':
      if (key.algorithm !== scheme.parameterSet) _mismatch(scheme, key, alg.oid);
      break;
  }
  return { key, scheme };
}

/** Largest RSA modulus verified, in bits (OpenSSL's OPENSSL_RSA_MAX_MODULUS_BITS). */
const _MAX_RSA_BITS = 16384;

function _checkBytes(data: unknown, signature: unknown): void {
  if (!(data instanceof Uint8Array)) throw new TypeError('data must be a Uint8Array');
  if (!(signature instanceof Uint8Array)) throw new TypeError('signature must be a Uint8Array');
}

function _nobleCurve(curve: string): typeof p256 {
  return curve === 'P-256' ? p256 : curve === 'P-384' ? p384 : p521;
}

/**
 * ECDSA-Sig-Value (RFC 5758 §3.2, RFC 3279 §2.2.3) decoded strictly, or r || s; `undefined`
 * when malformed or when r or s is outside 1..n-1 (SEC 1 §4.1.4 step 1).
 * ```asn1
 * ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }
 * ```
 */
function _ecdsaRs(signature: Uint8Array, curve: string, format: 'der' | 'ieee-p1363'): { r: bigint; s: bigint } | undefined {
  const n = _nobleCurve(curve).Point.Fn.ORDER;
  let r: bigint;
  let s: bigint;
  if (format === 'ieee-p1363') {
    const size = _nobleCurve(curve).Point.Fn.BYTES;
    if (signature.length !== 2 * size) return undefined;
    r = bytesToBigInt(Uint8Array.of(0, ...signature.subarray(0, size)));
    s = bytesToBigInt(Uint8Array.of(0, ...signature.subarray(size)));
  } else {
    try {
      const top = new DerReader(signature);
      const seq = top.enter(Tag.SEQUENCE, 'ECDSA-Sig-Value');
      top.finish('ECDSA-Sig-Value');
      r = seq.readInteger();
      s = seq.readInteger();
      seq.finish('ECDSA-Sig-Value');
    } catch (e) {
      if (e instanceof CertkitError) return undefined;
      throw e;
    }
  }
  if (r <= 0n || r >= n || s <= 0n || s >= n) return undefined;
  return { r, s };
}

function _fixed(x: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = size - 1; i >= 0; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

/** Little-endian bytes to bigint (RFC 8032 §5.1.2). */
function _le(b: Uint8Array): bigint {
  let x = 0n;
  for (let i = b.length - 1; i >= 0; i--) x = (x << 8n) | BigInt(b[i]!);
  return x;
}

/**
 * Ed25519 verification (RFC 8032 §5.1.7) with the cofactorless equation [S]B = R + [k]A, which
 * the RFC allows ("sufficient, but not required") and which OpenSSL (so WebCrypto in Node), Go
 * and BoringSSL use. noble checks the cofactored equation, which also accepts an R carrying a
 * small-order component: the two backends would then disagree on such a signature. Decoding is
 * strict (y < p for R and A, S < L: RFC 8032 §5.1.7 step 1) and small-order keys are refused, as
 * noble's `zip215: false` does. Throws on undecodable points (the caller maps that to `false`).
 */
function _ed25519Verify(signature: Uint8Array, data: Uint8Array, publicKey: Uint8Array): boolean {
  const P = ed25519.Point;
  const L = P.Fn.ORDER;
  const rBytes = signature.subarray(0, 32);
  const s = _le(signature.subarray(32));
  if (s >= L) return false;
  const A = P.fromBytes(publicKey, false);
  if (A.isSmallOrder()) return false;
  const R = P.fromBytes(rBytes, false);
  const h = _hash('SHA-512').fn(concatBytes(rBytes, publicKey, data));
  const k = _le(h) % L;
  return P.BASE.multiplyUnsafe(s).subtract(A.multiplyUnsafe(k)).equals(R);
}

/** The pure verification of a prepared (key, scheme). */
function _verifyPure(p: _Prepared, data: Uint8Array, signature: Uint8Array, policy: VerifyPolicy): boolean {
  const { key, scheme } = p;
  try {
    switch (scheme.kind) {
      case 'ecdsa': {
        const rs = _ecdsaRs(signature, key.curve!, policy.signatureFormat ?? 'der');
        if (rs === undefined) return false;
        const curve = _nobleCurve(key.curve!);
        const size = curve.Point.Fn.BYTES;
        const compact = new Uint8Array(2 * size);
        compact.set(_fixed(rs.r, size), 0);
        compact.set(_fixed(rs.s, size), size);
        const digest = _hash(scheme.hash).fn(data);
        // prehash false: we hashed with the algorithm's hash; lowS false: X.509 accepts both halves.
        return curve.verify(compact, digest, key.keyBytes, { prehash: false, lowS: false, format: 'compact' });
      }
      case 'rsa-pkcs1':
        return _verifyPkcs1v15(key.rsa!.n, key.rsa!.e, scheme.hash, _hash(scheme.hash).fn(data), signature);
      case 'rsa-pss':
        return _verifyPss(key.rsa!.n, key.rsa!.e, scheme.hash, scheme.mgfHash, scheme.saltLength, _hash(scheme.hash).fn(data), signature);
      case 'eddsa':
        if (scheme.curve === 'Ed25519') {
          if (signature.length !== 64) return false;
          return _ed25519Verify(signature, data, key.keyBytes);
        }
        if (signature.length !== 114) return false;
        return ed448.verify(signature, data, key.keyBytes);
      case 'ml-dsa': {
        const impl = scheme.parameterSet === 'ML-DSA-44' ? ml_dsa44 : scheme.parameterSet === 'ML-DSA-65' ? ml_dsa65 : ml_dsa87;
        if (signature.length !== impl.lengths.signature) return false;
        // RFC 9881 §3: pure ML-DSA with the empty context string.
        return impl.verify(signature, data, key.keyBytes);
      }
    }
  } catch {
    // A malformed signature can make a dependency throw; that is a signature that does not verify.
    return false;
  }
}

/**
 * Verifies a signature, synchronously and in pure JS (noble, bigint RSA): the synchronous twin of
 * {@link verifySignature}, with the same answers and errors.
 *
 * @param spki the signer's SubjectPublicKeyInfo DER, or a parsed {@link PublicKey}
 * @param alg the signature AlgorithmIdentifier (e.g. a certificate's `signatureAlgorithm`)
 * @param data the signed bytes (e.g. the raw `tbsCertificate`)
 * @param signature the signature value (DER ECDSA-Sig-Value for ECDSA)
 * @returns `true` when the signature is valid, `false` when it is not.
 * @throws SignatureError `unsupported-algorithm`, `forbidden-algorithm`, `invalid-parameters`,
 * `key-mismatch`, `weak-key`, `malformed-public-key`; TypeError for wrong argument kinds.
 * @example
 * ```ts
 * const ok = verifySignatureSync(issuer.rawSpki, cert.signatureAlgorithm, cert.rawTbs, cert.signature);
 * ```
 */
export function verifySignatureSync(spki: Uint8Array | PublicKey, alg: AlgorithmIdentifier, data: Uint8Array, signature: Uint8Array, policy: VerifyPolicy = {}): boolean {
  _checkBytes(data, signature);
  const p = _prepare(spki, alg, policy);
  return _verifyPure(p, data, signature, policy);
}

// ---------------------------------------------------------------------------------------------
// WebCrypto

/**
 * Imported verification keys by (import parameters, SubjectPublicKeyInfo bytes), so that a key
 * parsed again from the same certificate (an intermediate or root seen on every validation) is
 * not imported again. Bounded: the least recently used entry goes beyond {@link _KEY_CACHE_SIZE}.
 */
let keyCache: Map<string, Promise<CryptoKey>> | undefined;
const _KEY_CACHE_SIZE = 256;
let spkiCache: WeakMap<Uint8Array, PublicKey> | undefined;
let edSupport: Map<string, Promise<boolean>> | undefined;

function _subtle(): SubtleCrypto | undefined {
  return globalThis.crypto?.subtle;
}

function _bs(u: Uint8Array): BufferSource {
  return u as Uint8Array<ArrayBuffer>;
}

/** Whether the runtime's WebCrypto knows an EdDSA curve (probed once per curve). */
function _edSupported(curve: 'Ed25519' | 'Ed448'): Promise<boolean> {
  edSupport ??= new Map();
  let p = edSupport.get(curve);
  if (p === undefined) {
    const subtle = _subtle();
    const raw = new Uint8Array(curve === 'Ed25519' ? 32 : 57);
    // The encoding of the neutral element (y = 1) is a valid point for an import probe.
    raw[0] = 1;
    p =
      subtle === undefined
        ? Promise.resolve(false)
        : subtle.importKey('raw', raw, { name: curve }, false, ['verify']).then(
            () => true,
            () => false,
          );
    edSupport.set(curve, p);
  }
  return p;
}

/** WebCrypto import parameters for a scheme, or `undefined` when WebCrypto has no such algorithm. */
async function _webcryptoParams(p: _Prepared): Promise<{ cacheKey: string; importAlg: Parameters<SubtleCrypto['importKey']>[2]; verifyAlg: Parameters<SubtleCrypto['verify']>[0] } | undefined> {
  const { scheme, key } = p;
  switch (scheme.kind) {
    case 'ecdsa': {
      const hash = _hash(scheme.hash).webcrypto;
      if (hash === undefined) return undefined;
      return { cacheKey: 'ecdsa', importAlg: { name: 'ECDSA', namedCurve: key.curve! }, verifyAlg: { name: 'ECDSA', hash } };
    }
    case 'rsa-pkcs1': {
      const hash = _hash(scheme.hash).webcrypto;
      if (hash === undefined) return undefined;
      return { cacheKey: `pkcs1/${hash}`, importAlg: { name: 'RSASSA-PKCS1-v1_5', hash }, verifyAlg: { name: 'RSASSA-PKCS1-v1_5' } };
    }
    case 'rsa-pss': {
      const hash = _hash(scheme.hash).webcrypto;
      // WebCrypto's RSA-PSS uses MGF1 with the same hash as the message.
      if (hash === undefined || scheme.mgfHash !== scheme.hash) return undefined;
      return { cacheKey: `pss/${hash}`, importAlg: { name: 'RSA-PSS', hash }, verifyAlg: { name: 'RSA-PSS', saltLength: scheme.saltLength } };
    }
    case 'eddsa':
      if (!(await _edSupported(scheme.curve))) return undefined;
      return { cacheKey: scheme.curve, importAlg: { name: scheme.curve }, verifyAlg: { name: scheme.curve } };
    default:
      return undefined;
  }
}

function _importFor(key: PublicKey, cacheKey: string, importAlg: Parameters<SubtleCrypto['importKey']>[2]): Promise<CryptoKey> {
  keyCache ??= new Map();
  const m = keyCache;
  // The SPKI bytes as a string (one char per byte): an exact, collision-free map key.
  const id = `${cacheKey}|${_latin1(key.spki)}`;
  let k = m.get(id);
  if (k !== undefined) {
    m.delete(id); // most recently used last
    m.set(id, k);
  } else {
    const subtle = _subtle()!;
    if (key.algorithm === 'RSA') {
      const jwk = key.toJwk();
      k = subtle.importKey('jwk', { kty: 'RSA', n: jwk.n, e: jwk.e }, importAlg, false, ['verify']);
    } else if (key.algorithm === 'ECDSA') {
      k = subtle.importKey('raw', _bs(key.uncompressedPoint()), importAlg, false, ['verify']);
    } else {
      k = subtle.importKey('raw', _bs(key.keyBytes), importAlg, false, ['verify']);
    }
    const imported = k;
    m.set(id, imported);
    if (m.size > _KEY_CACHE_SIZE) m.delete(m.keys().next().value!);
    // A failed import is not cached, so that a later call can retry or fall back.
    imported.catch(() => {
      if (m.get(id) === imported) m.delete(id);
    });
  }
  return k;
}

/**
 * Verifies a signature with WebCrypto where the runtime has the algorithm (several times faster
 * than pure JS for ECDSA and RSA), falling back to the pure path otherwise; the answers are the
 * same as {@link verifySignatureSync}'s. The same malformed-signature checks run before WebCrypto
 * sees the signature, and imported keys are cached by their SubjectPublicKeyInfo bytes (at most
 * 256, least recently used evicted).
 *
 * @throws (rejects with) SignatureError as {@link verifySignatureSync}; with `backend: 'webcrypto'` also
 * `unsupported-by-backend` (e.g. ML-DSA, SHA-224, PSS with a different MGF1 hash) and
 * `backend-unavailable`.
 * @example
 * ```ts
 * const key = parsePublicKey(issuerSpki);
 * const ok = await verifySignature(key, alg, tbs, sig, { backend: 'auto' });
 * ```
 */
export async function verifySignature(spki: Uint8Array | PublicKey, alg: AlgorithmIdentifier, data: Uint8Array, signature: Uint8Array, options: VerifyOptions = {}): Promise<boolean> {
  _checkBytes(data, signature);
  const backend = options.backend ?? 'auto';
  if (backend !== 'auto' && backend !== 'webcrypto' && backend !== 'noble') throw new RangeError(`unknown backend ${String(backend)}`);
  let key: Uint8Array | PublicKey = spki;
  if (spki instanceof Uint8Array) {
    spkiCache ??= new WeakMap();
    const cached = spkiCache.get(spki);
    if (cached !== undefined) key = cached;
  }
  const p = _prepare(key, alg, options);
  if (spki instanceof Uint8Array) spkiCache!.set(spki, p.key);
  if (backend === 'noble') return _verifyPure(p, data, signature, options);
  const subtle = _subtle();
  if (subtle === undefined) {
    if (backend === 'webcrypto') throw new SignatureError('backend-unavailable', 'this runtime has no WebCrypto (globalThis.crypto.subtle)');
    return _verifyPure(p, data, signature, options);
  }
  const params = await _webcryptoParams(p);
  if (params === undefined) {
    if (backend === 'webcrypto') {
      throw new SignatureError('unsupported-by-backend', `this runtime's WebCrypto cannot verify ${_schemeName(p.scheme)}`, { oid: alg.oid });
    }
    return _verifyPure(p, data, signature, options);
  }
  // The same well-formedness checks as the pure path, so both backends give the same answers.
  let sig: Uint8Array = signature;
  if (p.scheme.kind === 'ecdsa') {
    const rs = _ecdsaRs(signature, p.key.curve!, options.signatureFormat ?? 'der');
    if (rs === undefined) return false;
    const size = _nobleCurve(p.key.curve!).Point.Fn.BYTES;
    sig = new Uint8Array(2 * size);
    sig.set(_fixed(rs.r, size), 0);
    sig.set(_fixed(rs.s, size), size);
  } else if (p.scheme.kind === 'rsa-pkcs1' || p.scheme.kind === 'rsa-pss') {
    const n = p.key.rsa!.n;
    const k = Math.ceil(p.key.bits / 8);
    if (signature.length !== k || bytesToBigInt(Uint8Array.of(0, ...signature)) >= n) return false;
  } else if (p.scheme.kind === 'eddsa') {
    if (signature.length !== (p.scheme.curve === 'Ed25519' ? 64 : 114)) return false;
  }
  let cryptoKey: CryptoKey;
  try {
    cryptoKey = await _importFor(p.key, params.cacheKey, params.importAlg);
  } catch (e) {
    if (backend === 'webcrypto') {
      throw new SignatureError('unsupported-by-backend', `WebCrypto refused the public key: ${(e as Error).message}`, { oid: alg.oid, cause: e });
    }
    return _verifyPure(p, data, signature, options);
  }
  try {
    return await subtle.verify(params.verifyAlg, cryptoKey, _bs(sig), _bs(data));
  } catch {
    // WebCrypto throws (OperationError) for some malformed inputs; that is a failed verification.
    return false;
  }
}

function _schemeName(s: SignatureScheme): string {
  switch (s.kind) {
    case 'ecdsa':
      return `ECDSA with ${s.hash}`;
    case 'rsa-pkcs1':
      return `RSASSA-PKCS1-v1_5 with ${s.hash}`;
    case 'rsa-pss':
      return `RSASSA-PSS with ${s.hash} and MGF1 ${s.mgfHash}`;
    case 'eddsa':
      return s.curve;
    case 'ml-dsa':
      return s.parameterSet;
  }
}

/** Bytes as a Latin-1 string (a Map key), in chunks so a large SPKI cannot overflow the call stack. */
function _latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 4096) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + 4096) as unknown as number[]);
  }
  return s;
}
