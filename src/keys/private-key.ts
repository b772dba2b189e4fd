/**
 * Private keys: the `PrivateKey` value and its export in PKCS#8, PKCS#1, SEC1, JWK, DER and PEM
 * (importing is `import-private-key.ts`).
 *
 * Scope: the `PrivateKey` value for ECDSA (P-256/P-384/P-521), Ed25519, Ed448, RSA and ML-DSA;
 * `OneAsymmetricKey` (RFC 5958, RFC 5208), `RSAPrivateKey` (RFC 8017 §A.1.2), `ECPrivateKey`
 * (RFC 5915), RFC 8410 §7 curve private keys, RFC 9881 §6 ML-DSA private keys (seed, expanded,
 * both), and JWK (RFC 7517, RFC 7518 §6, RFC 8037, and the `AKP` type of
 * draft-ietf-cose-dilithium for ML-DSA). Every import checks that the private and public halves
 * agree. Non-goals: encrypted PKCS#8 (`ENCRYPTED PRIVATE KEY`), multi-prime RSA, X25519/X448
 * private keys, signing (`src/sig/`).
 *
 * RSA keys live as bytes and are turned into WebCrypto `CryptoKey`s on demand (one per
 * algorithm and hash, because a WebCrypto RSA key is bound to both).
 * @module
 */
import { ml_dsa44, ml_dsa65, ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';
import { contextTag, DerWriter } from '../der/index';
import { _curveByName, _curveByOid, _KEY_OID, _ML_DSA, _OKP_LENGTH, type NamedCurve } from './_algorithms';
import { _b64url, _bigintToBytes, _bitLength, _bufferSource, _bytesToBigint, _fromB64url, _readPem, _toPem } from './_encoding';
import { KeyError } from './errors';
import { _ecSpki, _encodeRsaPublicKey, type PublicKey, type AlgorithmIdentifier, type PublicJwk } from './public-key';

/** Algorithms of the private keys certkit holds. */
export type PrivateKeyAlgorithm = 'ECDSA' | 'RSA' | 'Ed25519' | 'Ed448' | 'ML-DSA-44' | 'ML-DSA-65' | 'ML-DSA-87';

/** A private JWK as certkit reads and writes it. */
export interface PrivateJwk extends PublicJwk {
  d?: string;
  p?: string;
  q?: string;
  dp?: string;
  dq?: string;
  qi?: string;
  priv?: string;
}

/** Options of {@link importPrivateKey}. */
export interface ImportPrivateKeyOptions {
  /** Accept RSA keys below 2048 bits. Default `false`. */
  allowWeak?: boolean;
}

/** The CRT form of an RSA private key (RFC 8017 §3.2). */
export interface RsaPrivateParts {
  readonly n: bigint;
  readonly e: bigint;
  readonly d: bigint;
  readonly p: bigint;
  readonly q: bigint;
  readonly dp: bigint;
  readonly dq: bigint;
  readonly qi: bigint;
}

/** WebCrypto parameters an RSA CryptoKey is bound to. */
export type RsaCryptoKeyAlgorithm = { name: 'RSASSA-PKCS1-v1_5' | 'RSA-PSS'; hash: 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512' };

/** @internal The DER NULL (RSA AlgorithmIdentifier parameters). */
export const NULL_DER = /* @__PURE__ */ Uint8Array.of(0x05, 0x00);

/** The noble ML-DSA implementation for a parameter set. */
export function _mlDsa(name: 'ML-DSA-44' | 'ML-DSA-65' | 'ML-DSA-87'): typeof ml_dsa44 {
  return name === 'ML-DSA-44' ? ml_dsa44 : name === 'ML-DSA-65' ? ml_dsa65 : ml_dsa87;
}

/**
 * A private key with its public key. Build one with `generateKeyPair` or
 * {@link importPrivateKey}; sign with `signerFromPrivateKey` from `certkit/sig`.
 *
 * @example
 * ```ts
 * const key = importPrivateKey(pem);
 * key.algorithm;           // 'ECDSA'
 * key.publicKey.toPem();   // its SPKI
 * key.toPem('sec1');       // -----BEGIN EC PRIVATE KEY-----
 * ```
 */
export class PrivateKey {
  /** The key's algorithm family. */
  readonly algorithm: PrivateKeyAlgorithm;
  /** The NIST curve for ECDSA keys. */
  readonly curve: NamedCurve | undefined;
  /** RSA modulus bits, EC field bits, or the nominal size of other keys. */
  readonly bits: number;
  /** The matching public key. */
  readonly publicKey: PublicKey;
  /** For RSA keys imported as id-RSASSA-PSS (RFC 4055): only RSASSA-PSS signatures are allowed. */
  readonly rsaPssOnly: boolean;
  readonly #secret: Uint8Array | undefined; // EC scalar, EdDSA or ML-DSA seed
  readonly #expanded: Uint8Array | undefined; // ML-DSA expanded secret key
  readonly #rsa: RsaPrivateParts | undefined;
  readonly #pssParameters: Uint8Array | undefined;
  readonly #cryptoKeys = new Map<string, Promise<CryptoKey>>();

  /** @internal use {@link importPrivateKey} or `generateKeyPair`. */
  constructor(fields: {
    algorithm: PrivateKeyAlgorithm;
    curve?: NamedCurve;
    publicKey: PublicKey;
    secret?: Uint8Array;
    expanded?: Uint8Array;
    rsa?: RsaPrivateParts;
    rsaPssParameters?: Uint8Array;
    rsaPssOnly?: boolean;
    cryptoKey?: { algorithm: RsaCryptoKeyAlgorithm; key: CryptoKey };
  }) {
    this.algorithm = fields.algorithm;
    this.curve = fields.curve;
    this.publicKey = fields.publicKey;
    this.bits = fields.publicKey.bits;
    this.rsaPssOnly = fields.rsaPssOnly === true;
    this.#secret = fields.secret;
    this.#expanded = fields.expanded;
    this.#rsa = fields.rsa;
    this.#pssParameters = fields.rsaPssParameters;
    if (fields.cryptoKey) this.#cryptoKeys.set(_cacheKey(fields.cryptoKey.algorithm), Promise.resolve(fields.cryptoKey.key));
  }

  /**
   * The raw secret for noble: the EC scalar (curve-size bytes), the EdDSA seed, or the ML-DSA
   * secret key in the form noble signs with (expanded from the seed when needed).
   * @internal used by `src/sig/`; treat the result as secret.
   */
  _nobleSecret(): Uint8Array {
    if (this.algorithm === 'ML-DSA-44' || this.algorithm === 'ML-DSA-65' || this.algorithm === 'ML-DSA-87') {
      return this.#expanded ?? _mlDsa(this.algorithm).keygen(this.#secret!).secretKey;
    }
    if (this.#secret === undefined) throw new KeyError('unsupported-format', `${this.algorithm} keys are signed through WebCrypto`);
    return this.#secret;
  }

  /** For RSA keys: the CRT components (secret). */
  get rsa(): RsaPrivateParts | undefined {
    return this.#rsa;
  }

  /**
   * A WebCrypto `CryptoKey` (usage `sign`) for this RSA key under an algorithm and hash, imported
   * once and cached.
   * @throws KeyError `unsupported-format` for non-RSA keys, `backend-unavailable` without WebCrypto.
   */
  rsaCryptoKey(algorithm: RsaCryptoKeyAlgorithm): Promise<CryptoKey> {
    if (this.#rsa === undefined) return Promise.reject(new KeyError('unsupported-format', `${this.algorithm} keys have no RSA CryptoKey`));
    const k = _cacheKey(algorithm);
    let p = this.#cryptoKeys.get(k);
    if (p === undefined) {
      const subtle = globalThis.crypto?.subtle;
      if (subtle === undefined) return Promise.reject(new KeyError('backend-unavailable', 'RSA signing needs WebCrypto (globalThis.crypto.subtle)'));
      // WebCrypto imports rsaEncryption PKCS#8 only, so id-RSASSA-PSS keys are re-wrapped here.
      const pkcs8 = _encodePkcs8({ oid: _KEY_OID.rsaEncryption, parameters: NULL_DER }, _encodeRsaPrivateKey(this.#rsa));
      p = subtle.importKey('pkcs8', _bufferSource(pkcs8), algorithm, true, ['sign']);
      this.#cryptoKeys.set(k, p);
    }
    return p;
  }

  /**
   * PKCS#8 `OneAsymmetricKey` DER (RFC 5958): version 0, no public key, except ECDSA keys,
   * whose ECPrivateKey carries the public key as OpenSSL writes it, and ML-DSA keys in the seed
   * form of RFC 9881 §6 (the expanded form only when the seed is unknown).
   */
  toPkcs8(): Uint8Array {
    switch (this.algorithm) {
      case 'ECDSA': {
        const c = _curveByName(this.curve!)!;
        return _encodePkcs8({ oid: _KEY_OID.ecPublicKey, parameters: new DerWriter().oid(c.oid).finish() }, this.#ecPrivateKey(false));
      }
      case 'Ed25519':
      case 'Ed448':
        // RFC 8410 §7: CurvePrivateKey ::= OCTET STRING inside the privateKey OCTET STRING.
        return _encodePkcs8({ oid: _KEY_OID[this.algorithm] }, new DerWriter().octetString(this.#secret!).finish());
      case 'RSA':
        return _encodePkcs8(
          this.rsaPssOnly ? (this.#pssParameters ? { oid: _KEY_OID.rsassaPss, parameters: this.#pssParameters } : { oid: _KEY_OID.rsassaPss }) : { oid: _KEY_OID.rsaEncryption, parameters: NULL_DER },
          _encodeRsaPrivateKey(this.#rsa!),
        );
      default: {
        // RFC 9881 §6: ML-DSA-PrivateKey ::= CHOICE { seed [0] IMPLICIT OCTET STRING (SIZE (32)),
        //   expandedKey OCTET STRING, both SEQUENCE { seed, expandedKey } }
        const inner = this.#secret !== undefined ? new DerWriter().element(contextTag(0), this.#secret).finish() : new DerWriter().octetString(this.#expanded!).finish();
        return _encodePkcs8({ oid: _KEY_OID[this.algorithm] }, inner);
      }
    }
  }

  /**
   * PKCS#1 `RSAPrivateKey` DER (RFC 8017 §A.1.2), for RSA keys.
   * @throws KeyError `unsupported-format` for other keys.
   */
  toPkcs1(): Uint8Array {
    if (this.#rsa === undefined) throw new KeyError('unsupported-format', `PKCS#1 holds RSA keys, not ${this.algorithm}`);
    return _encodeRsaPrivateKey(this.#rsa);
  }

  /**
   * SEC1 `ECPrivateKey` DER (RFC 5915) with the namedCurve and the public key, for EC keys.
   * @throws KeyError `unsupported-format` for other keys.
   */
  toSec1(): Uint8Array {
    if (this.algorithm !== 'ECDSA') throw new KeyError('unsupported-format', `SEC1 holds EC keys, not ${this.algorithm}`);
    return this.#ecPrivateKey(true);
  }

  /**
   * PEM: `PRIVATE KEY` (PKCS#8, the default), `RSA PRIVATE KEY` (PKCS#1) or `EC PRIVATE KEY` (SEC1).
   * @throws KeyError `unsupported-format` when the format does not hold this key type.
   */
  toPem(format: 'pkcs8' | 'pkcs1' | 'sec1' = 'pkcs8'): string {
    if (format === 'pkcs1') return _toPem('RSA PRIVATE KEY', this.toPkcs1());
    if (format === 'sec1') return _toPem('EC PRIVATE KEY', this.toSec1());
    if (format !== 'pkcs8') throw new RangeError(`unknown private key format ${String(format)}`);
    return _toPem('PRIVATE KEY', this.toPkcs8());
  }

  /** The key as a private JWK (public members plus `d`, the RSA CRT members, or AKP `priv`). */
  toJwk(): PrivateJwk {
    const pub = this.publicKey.toJwk();
    switch (this.algorithm) {
      case 'ECDSA':
      case 'Ed25519':
      case 'Ed448':
        return { ...pub, d: _b64url(this.#secret!) };
      case 'RSA': {
        const r = this.#rsa!;
        const k = Math.ceil(_bitLength(r.n) / 8);
        const h = Math.ceil(k / 2);
        return {
          ...pub,
          d: _b64url(_bigintToBytes(r.d, k)),
          p: _b64url(_bigintToBytes(r.p)),
          q: _b64url(_bigintToBytes(r.q)),
          dp: _b64url(_bigintToBytes(r.dp, Math.max(h, _byteLen(r.dp)))),
          dq: _b64url(_bigintToBytes(r.dq, Math.max(h, _byteLen(r.dq)))),
          qi: _b64url(_bigintToBytes(r.qi, Math.max(h, _byteLen(r.qi)))),
        };
      }
      default:
        if (this.#secret === undefined) throw new KeyError('unsupported-format', 'an ML-DSA JWK holds the seed, which this key (imported in expanded form) does not have');
        return { ...pub, priv: _b64url(this.#secret) };
    }
  }

  #ecPrivateKey(withParameters: boolean): Uint8Array {
    // RFC 5915 §3: ECPrivateKey ::= SEQUENCE { version INTEGER { ecPrivkeyVer1(1) },
    //   privateKey OCTET STRING, parameters [0] ECParameters OPTIONAL, publicKey [1] BIT STRING OPTIONAL }
    const c = _curveByName(this.curve!)!;
    const w = new DerWriter();
    w.sequence((w) => {
      w.integer(1);
      w.octetString(this.#secret!);
      if (withParameters) w.explicit(0, (w) => w.oid(c.oid));
      w.explicit(1, (w) => w.bitString(this.publicKey.uncompressedPoint()));
    });
    return w.finish();
  }
}

function _byteLen(x: bigint): number {
  return Math.max(1, Math.ceil(_bitLength(x) / 8));
}

function _cacheKey(a: RsaCryptoKeyAlgorithm): string {
  return `${a.name}/${a.hash}`;
}

/** OneAsymmetricKey DER, version v1 (0), no attributes. */
function _encodePkcs8(alg: AlgorithmIdentifier, privateKey: Uint8Array): Uint8Array {
  const w = new DerWriter();
  w.sequence((w) => {
    w.integer(0);
    w.sequence((w) => {
      w.oid(alg.oid);
      if (alg.parameters !== undefined) w.raw(alg.parameters);
    });
    w.octetString(privateKey);
  });
  return w.finish();
}

/** RSAPrivateKey DER, two-prime (version 0). */
function _encodeRsaPrivateKey(r: RsaPrivateParts): Uint8Array {
  const w = new DerWriter();
  w.sequence((w) => {
    w.integer(0);
    for (const v of [r.n, r.e, r.d, r.p, r.q, r.dp, r.dq, r.qi]) w.integer(v);
  });
  return w.finish();
}

// ---------------------------------------------------------------------------------------------
// Import
