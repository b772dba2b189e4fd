/**
 * Public keys: the SubjectPublicKeyInfo parser and the `PublicKey` value.
 *
 * Scope: strict parsing of SPKI (RFC 5280 §4.1.2.7) for RSA (RFC 3279 §2.3.1, RFC 4055 §1.2),
 * ECDSA on P-256/P-384/P-521 (RFC 5480), Ed25519/Ed448/X25519/X448 (RFC 8410) and ML-DSA
 * (RFC 9881); PKCS#1 `RSAPublicKey`; public JWKs (RFC 7517, RFC 7518 §6, RFC 8037); key facts
 * (fingerprint, subject key identifiers of RFC 5280 §4.2.1.2 and RFC 7093).
 * Non-goals: DSA and Diffie-Hellman keys, explicit EC parameters (RFC 5480 §2.1.1 forbids them),
 * signature verification (`src/sig/`).
 *
 * Parsed keys alias the caller's buffer: `spki` and `keyBytes` are views, not copies.
 * @module
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { ed448 } from '@noble/curves/ed448.js';
import { bytesEqual, CertkitError, DerReader, DerWriter, Tag, toHex, withPath } from '../der/index';
import { _curveByName, _curveByOid, _KEY_OID, _ML_DSA, _OKP_LENGTH, type NamedCurve } from './_algorithms';
import { _b64url, _bigintToBytes, _bitLength, _bytesToBigint, _fromB64url, _readPem, _toPem } from './_encoding';
import { KeyError } from './errors';

/** `AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL }` */
export interface AlgorithmIdentifier {
  /** The algorithm OID, dotted. */
  oid: string;
  /** Raw DER of the parameters element; `undefined` when absent. */
  parameters?: Uint8Array;
}

/** Key algorithms certkit handles. */
export type KeyAlgorithm = 'ECDSA' | 'RSA' | 'Ed25519' | 'Ed448' | 'X25519' | 'X448' | 'ML-DSA-44' | 'ML-DSA-65' | 'ML-DSA-87';

export type { NamedCurve };

/**
 * Subject key identifier methods: RFC 5280 §4.2.1.2 (1) and (2); RFC 7093 §2 (1)-(3) (SHA-256,
 * SHA-384, SHA-512 of the subjectPublicKey bits, leftmost 160 bits) and (4) (a hash of the whole
 * SubjectPublicKeyInfo DER, here with SHA-256, SHA-384 or SHA-512).
 */
export type SubjectKeyIdentifierMethod = 'rfc5280-1' | 'rfc5280-2' | 'rfc7093-1' | 'rfc7093-2' | 'rfc7093-3' | 'rfc7093-4-sha256' | 'rfc7093-4-sha384' | 'rfc7093-4-sha512';

/** Options of {@link parsePublicKey}. */
export interface ParsePublicKeyOptions {
  /**
   * Accept compressed EC points (RFC 5480 §2.2 lets implementations choose; the CA/Browser
   * Forum requires uncompressed points in certificates). Default `false`.
   */
  allowCompressedPoints?: boolean;
  /**
   * Lenient mode: accept an rsaEncryption AlgorithmIdentifier with absent parameters (seen in
   * some hand-made keys; RFC 3279 §2.3.1 says the parameters MUST be NULL). Default `false`.
   */
  lenient?: boolean;
}

/** A public JSON Web Key as certkit reads and writes it. */
export interface PublicJwk {
  kty: string;
  crv?: string;
  x?: string;
  y?: string;
  n?: string;
  e?: string;
  alg?: string;
  pub?: string;
  [member: string]: unknown;
}

/**
 * A parsed public key. Construct with {@link parsePublicKey} or {@link publicKeyFromJwk}.
 *
 * @example
 * ```ts
 * const key = parsePublicKey(pem);
 * key.algorithm;              // 'ECDSA'
 * key.curve;                  // 'P-256'
 * key.fingerprint256();       // 'a1b2…'
 * toHex(key.subjectKeyIdentifier());
 * ```
 */
export class PublicKey {
  /** The key's algorithm family. */
  readonly algorithm: KeyAlgorithm;
  /** The NIST curve, for ECDSA keys. */
  readonly curve: NamedCurve | undefined;
  /** RSA modulus bits, EC field bits, or the nominal size of other keys. */
  readonly bits: number;
  /** The DER SubjectPublicKeyInfo (a view of the parsed input). */
  readonly spki: Uint8Array;
  /** The SPKI's AlgorithmIdentifier (for RSA-PSS keys its parameters restrict signatures). */
  readonly algorithmIdentifier: AlgorithmIdentifier;
  /** Contents of the subjectPublicKey BIT STRING: EC point, raw EdDSA/ML-DSA key, or DER RSAPublicKey. */
  readonly keyBytes: Uint8Array;
  /** For RSA: modulus and public exponent. */
  readonly rsa: { readonly n: bigint; readonly e: bigint } | undefined;
  /** Whether this RSA key is an id-RSASSA-PSS key (RFC 4055 §1.2), usable only for RSASSA-PSS. */
  readonly rsaPssOnly: boolean;

  /** @internal use {@link parsePublicKey}. */
  constructor(fields: {
    algorithm: KeyAlgorithm;
    curve?: NamedCurve;
    bits: number;
    spki: Uint8Array;
    algorithmIdentifier: AlgorithmIdentifier;
    keyBytes: Uint8Array;
    rsa?: { n: bigint; e: bigint };
    rsaPssOnly?: boolean;
  }) {
    this.algorithm = fields.algorithm;
    this.curve = fields.curve;
    this.bits = fields.bits;
    this.spki = fields.spki;
    this.algorithmIdentifier = fields.algorithmIdentifier;
    this.keyBytes = fields.keyBytes;
    this.rsa = fields.rsa;
    this.rsaPssOnly = fields.rsaPssOnly === true;
  }

  /** Lower-case hex SHA-256 of the SPKI DER (as `openssl pkey -pubin -outform DER | sha256sum`). */
  fingerprint256(): string {
    return toHex(sha256(this.spki));
  }

  /**
   * The subject key identifier for this key (RFC 5280 §4.2.1.2, RFC 7093 §2).
   * @param method default `'rfc5280-1'`: SHA-1 of the subjectPublicKey bits.
   * @throws RangeError for an unknown method.
   */
  subjectKeyIdentifier(method: SubjectKeyIdentifierMethod = 'rfc5280-1'): Uint8Array {
    const k = this.keyBytes;
    switch (method) {
      case 'rfc5280-1':
        return sha1(k);
      case 'rfc5280-2': {
        // RFC 5280 §4.2.1.2 (2): four-bit type field 0100 then the least significant 60 bits.
        const out = sha1(k).slice(12);
        out[0] = 0x40 | (out[0]! & 0x0f);
        return out;
      }
      case 'rfc7093-1':
        return sha256(k).slice(0, 20);
      case 'rfc7093-2':
        return sha384(k).slice(0, 20);
      case 'rfc7093-3':
        return sha512(k).slice(0, 20);
      case 'rfc7093-4-sha256':
        return sha256(this.spki);
      case 'rfc7093-4-sha384':
        return sha384(this.spki);
      case 'rfc7093-4-sha512':
        return sha512(this.spki);
      default:
        throw new RangeError(`unknown subject key identifier method ${String(method)}`);
    }
  }

  /** The SPKI DER (a copy). */
  toDer(): Uint8Array {
    return this.spki.slice();
  }

  /** `-----BEGIN PUBLIC KEY-----` (RFC 7468 §13). */
  toPem(): string {
    return _toPem('PUBLIC KEY', this.spki);
  }

  /**
   * PKCS#1 `RSAPublicKey` DER (RFC 8017 §A.1.1), for RSA keys.
   * @throws KeyError `unsupported-format` for other keys.
   */
  toPkcs1(): Uint8Array {
    if (this.algorithm !== 'RSA') throw new KeyError('unsupported-format', `PKCS#1 holds RSA keys, not ${this.algorithm}`);
    return this.keyBytes.slice();
  }

  /** `-----BEGIN RSA PUBLIC KEY-----` for RSA keys. */
  toPkcs1Pem(): string {
    return _toPem('RSA PUBLIC KEY', this.toPkcs1());
  }

  /**
   * The key as a public JWK: RFC 7518 §6.2 (EC), §6.3 (RSA), RFC 8037 (OKP), and for ML-DSA the
   * `AKP` key type of draft-ietf-cose-dilithium (`alg` names the parameter set, `pub` the key).
   */
  toJwk(): PublicJwk {
    switch (this.algorithm) {
      case 'ECDSA': {
        const p = this.uncompressedPoint();
        const size = (p.length - 1) / 2;
        return { kty: 'EC', crv: this.curve!, x: _b64url(p.subarray(1, 1 + size)), y: _b64url(p.subarray(1 + size)) };
      }
      case 'RSA':
        return { kty: 'RSA', n: _b64url(_bigintToBytes(this.rsa!.n)), e: _b64url(_bigintToBytes(this.rsa!.e)) };
      case 'Ed25519':
      case 'Ed448':
      case 'X25519':
      case 'X448':
        return { kty: 'OKP', crv: this.algorithm, x: _b64url(this.keyBytes) };
      default:
        return { kty: 'AKP', alg: this.algorithm, pub: _b64url(this.keyBytes) };
    }
  }

  /** For ECDSA: the uncompressed point `04 || x || y` (decompressing a compressed one). */
  uncompressedPoint(): Uint8Array {
    if (this.algorithm !== 'ECDSA') throw new KeyError('unsupported-format', `${this.algorithm} keys have no EC point`);
    if (this.keyBytes[0] === 0x04) return this.keyBytes;
    return _curveByName(this.curve!)!.noble.Point.fromBytes(this.keyBytes).toBytes(false);
  }

  /**
   * Whether two keys hold the same public key material (same algorithm and point or modulus and
   * exponent; a compressed and an uncompressed encoding of one point are equal).
   */
  equals(other: PublicKey): boolean {
    if (!(other instanceof PublicKey)) return false;
    if (this.algorithm !== other.algorithm || this.curve !== other.curve) return false;
    if (this.algorithm === 'RSA') return this.rsa!.n === other.rsa!.n && this.rsa!.e === other.rsa!.e;
    if (this.algorithm === 'ECDSA') return bytesEqual(this.uncompressedPoint(), other.uncompressedPoint());
    return bytesEqual(this.keyBytes, other.keyBytes);
  }
}

function _fail(code: ConstructorParameters<typeof KeyError>[0], message: string, offset?: number, oid?: string): never {
  throw new KeyError(code, message, { offset, oid });
}

/** Wraps anything a dependency throws into a KeyError so callers only ever see certkit errors. */
function _guard<T>(code: ConstructorParameters<typeof KeyError>[0], what: string, offset: number, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof CertkitError) throw e;
    throw new KeyError(code, `${what}: ${(e as Error)?.message ?? String(e)}`, { offset, cause: e });
  }
}

/**
 * Parses a SubjectPublicKeyInfo from DER or PEM (`PUBLIC KEY`; `RSA PUBLIC KEY` is accepted and
 * wrapped in an rsaEncryption SPKI).
 *
 * ```asn1
 * SubjectPublicKeyInfo ::= SEQUENCE {
 *   algorithm         AlgorithmIdentifier,
 *   subjectPublicKey  BIT STRING }
 * ```
 *
 * Checks: DER, no trailing data, parameters exactly as each algorithm's RFC requires, EC points on
 * the curve (and uncompressed unless allowed), EdDSA keys decodable, key lengths.
 *
 * @throws KeyError `malformed-key`, `unsupported-algorithm` (the OID is in the message and in
 * `oid`), `unsupported-curve`, `invalid-parameters`, `invalid-point`, `compressed-point`,
 * `invalid-key-size`, `weak-key`; DerError for DER violations (both carry the offset).
 * @throws TypeError when the input is neither bytes nor a string.
 * @example
 * ```ts
 * const key = parsePublicKey('-----BEGIN PUBLIC KEY-----\n…');
 * key.algorithm // 'Ed25519'
 * ```
 */
export function parsePublicKey(input: Uint8Array | string, options: ParsePublicKeyOptions = {}): PublicKey {
  if (typeof input === 'string') {
    const { label, der } = _readPem(input);
    if (label === 'PUBLIC KEY') return parsePublicKey(der, options);
    if (label === 'RSA PUBLIC KEY') return publicKeyFromPkcs1(der);
    return _fail('unsupported-format', `expected a PUBLIC KEY or RSA PUBLIC KEY PEM block, found "${label}"`);
  }
  if (!(input instanceof Uint8Array)) throw new TypeError('parsePublicKey expects DER bytes or PEM text');
  const r = new DerReader(input, { lenient: options.lenient === true });
  const spkiTlv = withPath('subjectPublicKeyInfo', () => r.read(Tag.SEQUENCE, 'SubjectPublicKeyInfo'));
  r.finish('the SubjectPublicKeyInfo');
  return withPath('subjectPublicKeyInfo', () => _parseSpkiBody(r.enterTlv(spkiTlv), spkiTlv.raw, options));
}

function _parseSpkiBody(r: DerReader, spki: Uint8Array, options: ParsePublicKeyOptions): PublicKey {
  const algR = withPath('algorithm', () => r.enter(Tag.SEQUENCE, 'AlgorithmIdentifier'));
  const oidAt = algR.pos;
  const oid = withPath('algorithm.algorithm', () => algR.readOid('algorithm OID'));
  const paramsTlv = algR.atEnd ? undefined : algR.readTlv();
  withPath('algorithm', () => algR.finish('AlgorithmIdentifier'));
  const algorithmIdentifier: AlgorithmIdentifier = paramsTlv ? { oid, parameters: paramsTlv.raw } : { oid };
  const bitsAt = r.pos;
  const bs = withPath('subjectPublicKey', () => r.readBitString(Tag.BIT_STRING, 'subjectPublicKey'));
  r.finish('SubjectPublicKeyInfo');
  if (bs.unusedBits !== 0) {
    _fail('malformed-key', 'subjectPublicKey must be a whole number of octets (unused bits 0)', bitsAt + 2);
  }
  const key = bs.bytes;
  const keyAt = bitsAt + _headerLength(r.buf, bitsAt) + 1; // after tag, length and unused-bits octet
  const common = { spki, algorithmIdentifier, keyBytes: key };

  const requireAbsent = (name: string): void => {
    // RFC 8410 §3 and RFC 9881 §2: the parameters MUST be absent.
    if (paramsTlv !== undefined) {
      _fail('invalid-parameters', `${name} AlgorithmIdentifier parameters must be absent`, paramsTlv.offset, oid);
    }
  };

  switch (oid) {
    case _KEY_OID.rsaEncryption: {
      // RFC 3279 §2.3.1: the parameters field MUST have ASN.1 type NULL.
      if (paramsTlv === undefined) {
        if (!r.lenient) _fail('invalid-parameters', 'rsaEncryption parameters must be NULL, found them absent (RFC 3279 §2.3.1)', oidAt, oid);
      } else if (paramsTlv.tag !== Tag.NULL || paramsTlv.length !== 0) {
        _fail('invalid-parameters', 'rsaEncryption parameters must be NULL (RFC 3279 §2.3.1)', paramsTlv.offset, oid);
      }
      const rsa = withPath('subjectPublicKey', () => _parseRsaPublicKey(r.buf, keyAt, keyAt + key.length));
      return new PublicKey({ ...common, algorithm: 'RSA', bits: _bitLength(rsa.n), rsa });
    }
    case _KEY_OID.rsassaPss: {
      // RFC 4055 §1.2: parameters absent (any PSS parameters) or RSASSA-PSS-params (checked by sig).
      if (paramsTlv !== undefined && paramsTlv.tag !== Tag.SEQUENCE) {
        _fail('invalid-parameters', 'id-RSASSA-PSS key parameters must be absent or RSASSA-PSS-params (RFC 4055 §3.1)', paramsTlv.offset, oid);
      }
      const rsa = withPath('subjectPublicKey', () => _parseRsaPublicKey(r.buf, keyAt, keyAt + key.length));
      return new PublicKey({ ...common, algorithm: 'RSA', bits: _bitLength(rsa.n), rsa, rsaPssOnly: true });
    }
    case _KEY_OID.ecPublicKey: {
      // RFC 5480 §2.1.1: ECParameters ::= CHOICE { namedCurve OBJECT IDENTIFIER, ... };
      // implicitCurve and specifiedCurve MUST NOT be used.
      if (paramsTlv === undefined) _fail('invalid-parameters', 'id-ecPublicKey needs the namedCurve parameter (RFC 5480 §2.1.1)', oidAt, oid);
      if (paramsTlv.tag !== Tag.OID) {
        _fail('invalid-parameters', 'id-ecPublicKey parameters must be a namedCurve OID; explicit curve parameters are not allowed (RFC 5480 §2.1.1)', paramsTlv.offset, oid);
      }
      const curveOid = withPath('algorithm.parameters', () => new DerReader(r.buf, {}, paramsTlv.offset, paramsTlv.end).readOid('namedCurve'));
      const curve = _curveByOid(curveOid);
      if (!curve) throw new KeyError('unsupported-curve', `EC curve ${curveOid} is not supported (P-256, P-384, P-521 are)`, { offset: paramsTlv.offset, oid: curveOid });
      _checkEcPoint(curve.name, key, keyAt, options.allowCompressedPoints === true);
      return new PublicKey({ ...common, algorithm: 'ECDSA', curve: curve.name, bits: curve.bits });
    }
    case _KEY_OID.Ed25519:
    case _KEY_OID.Ed448:
    case _KEY_OID.X25519:
    case _KEY_OID.X448: {
      const name = (['Ed25519', 'Ed448', 'X25519', 'X448'] as const).find((n) => _KEY_OID[n] === oid)!;
      requireAbsent(name);
      const len = _OKP_LENGTH[name];
      if (key.length !== len) _fail('invalid-key-size', `${name} public key must be ${len} bytes, found ${key.length}`, keyAt);
      if (name === 'Ed25519' || name === 'Ed448') _checkEdPoint(name, key, keyAt);
      const bits = name === 'Ed25519' || name === 'X25519' ? 256 : 448;
      return new PublicKey({ ...common, algorithm: name, bits });
    }
    case _KEY_OID['ML-DSA-44']:
    case _KEY_OID['ML-DSA-65']:
    case _KEY_OID['ML-DSA-87']: {
      const name = (['ML-DSA-44', 'ML-DSA-65', 'ML-DSA-87'] as const).find((n) => _KEY_OID[n] === oid)!;
      requireAbsent(name);
      const len = _ML_DSA[name].publicKey;
      if (key.length !== len) _fail('invalid-key-size', `${name} public key must be ${len} bytes (FIPS 204), found ${key.length}`, keyAt);
      return new PublicKey({ ...common, algorithm: name, bits: len * 8 });
    }
    default:
      throw new KeyError('unsupported-algorithm', `public key algorithm ${oid} is not supported`, { offset: oidAt, oid });
  }
}

function _headerLength(buf: Uint8Array, at: number): number {
  const b = buf[at + 1];
  return b === undefined || b < 0x80 ? 2 : 2 + (b & 0x7f);
}

/**
 * ```asn1
 * RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }  -- RFC 8017 §A.1.1
 * ```
 */
function _parseRsaPublicKey(buf: Uint8Array, keyAt: number, end: number): { n: bigint; e: bigint } {
  // Read inside the caller's buffer so that error offsets stay absolute.
  const r = new DerReader(buf, {}, keyAt, end);
  const seq = r.enter(Tag.SEQUENCE, 'RSAPublicKey');
  r.finish('RSAPublicKey');
  const n = withPath('modulus', () => seq.readInteger(Tag.INTEGER, 'modulus'));
  const e = withPath('publicExponent', () => seq.readInteger(Tag.INTEGER, 'publicExponent'));
  seq.finish('RSAPublicKey');
  if (n <= 0n) _fail('malformed-key', 'RSA modulus must be positive', keyAt);
  if ((n & 1n) === 0n) _fail('weak-key', 'RSA modulus is even, so it is not a product of two odd primes', keyAt);
  // RFC 8017 §3.1: 3 <= e <= n - 1, and e is odd for any usable key.
  if (e < 3n || e >= n || (e & 1n) === 0n) _fail('weak-key', `RSA public exponent ${e} is unusable (must be odd, at least 3 and below the modulus)`, keyAt);
  return { n, e };
}

function _checkEcPoint(curveName: NamedCurve, p: Uint8Array, at: number, allowCompressed: boolean): void {
  const curve = _curveByName(curveName)!;
  const size = curve.size;
  const first = p[0];
  // SEC 1 v2 §2.3.3: 04 || X || Y (uncompressed), 02/03 || X (compressed). Hybrid forms are refused.
  if (first === 0x04) {
    if (p.length !== 1 + 2 * size) _fail('invalid-point', `uncompressed ${curveName} point must be ${1 + 2 * size} bytes, found ${p.length}`, at);
  } else if (first === 0x02 || first === 0x03) {
    if (!allowCompressed) _fail('compressed-point', `compressed ${curveName} points are not accepted here (use the uncompressed form)`, at);
    if (p.length !== 1 + size) _fail('invalid-point', `compressed ${curveName} point must be ${1 + size} bytes, found ${p.length}`, at);
  } else {
    _fail('invalid-point', `EC point must start with 0x04 (uncompressed)${allowCompressed ? ' or 0x02/0x03' : ''}`, at);
  }
  _guard('invalid-point', `not a valid ${curveName} point`, at, () => {
    const pt = curve.noble.Point.fromBytes(p);
    pt.assertValidity();
    if (pt.is0()) throw new Error('the point at infinity is not a public key');
  });
}

function _checkEdPoint(name: 'Ed25519' | 'Ed448', p: Uint8Array, at: number): void {
  // RFC 8032 §5.1.3 / §5.2.3: decoding fails for y >= p or a non-square x^2; such a key is invalid.
  _guard('invalid-point', `not a valid ${name} public key`, at, () => {
    if (name === 'Ed25519') ed25519.Point.fromBytes(p, false);
    else ed448.Point.fromBytes(p, false);
  });
}

/**
 * Builds the DER SubjectPublicKeyInfo for an algorithm and key bits.
 * @example
 * ```ts
 * const spki = encodeSpki({ oid: '1.3.101.112' }, rawEd25519Key);
 * ```
 */
export function encodeSpki(algorithm: AlgorithmIdentifier, keyBytes: Uint8Array): Uint8Array {
  const w = new DerWriter();
  w.sequence((w) => {
    w.sequence((w) => {
      w.oid(algorithm.oid);
      if (algorithm.parameters !== undefined) w.raw(algorithm.parameters);
    });
    w.bitString(keyBytes);
  });
  return w.finish();
}

const NULL_DER = /* @__PURE__ */ Uint8Array.of(0x05, 0x00);

/**
 * Parses a PKCS#1 `RSAPublicKey` (DER or `RSA PUBLIC KEY` PEM) into an rsaEncryption key.
 * @throws KeyError `malformed-key`, `weak-key`; DerError.
 * @example
 * ```ts
 * const key = publicKeyFromPkcs1(pkcs1Der);
 * key.bits // 2048
 * ```
 */
export function publicKeyFromPkcs1(input: Uint8Array | string): PublicKey {
  let der: Uint8Array;
  if (typeof input === 'string') {
    const b = _readPem(input);
    if (b.label !== 'RSA PUBLIC KEY') _fail('unsupported-format', `expected an RSA PUBLIC KEY PEM block, found "${b.label}"`);
    der = b.der;
  } else if (input instanceof Uint8Array) der = input;
  else throw new TypeError('publicKeyFromPkcs1 expects DER bytes or PEM text');
  _parseRsaPublicKey(der, 0, der.length);
  return parsePublicKey(encodeSpki({ oid: _KEY_OID.rsaEncryption, parameters: NULL_DER }, der));
}

/** RSAPublicKey DER from n and e. */
export function _encodeRsaPublicKey(n: bigint, e: bigint): Uint8Array {
  const w = new DerWriter();
  w.sequence((w) => {
    w.integer(n);
    w.integer(e);
  });
  return w.finish();
}

/** SPKI for an EC point on a curve. */
export function _ecSpki(curve: NamedCurve, point: Uint8Array): Uint8Array {
  const c = _curveByName(curve)!;
  const params = new DerWriter().oid(c.oid).finish();
  return encodeSpki({ oid: _KEY_OID.ecPublicKey, parameters: params }, point);
}

/** SPKI for an rsaEncryption key. */
function _rsaSpki(n: bigint, e: bigint): Uint8Array {
  return encodeSpki({ oid: _KEY_OID.rsaEncryption, parameters: NULL_DER }, _encodeRsaPublicKey(n, e));
}

/**
 * Reads a public JWK: `EC` (P-256/P-384/P-521), `RSA`, `OKP` (Ed25519, Ed448, X25519, X448) and
 * `AKP` (ML-DSA). Private members, if present, are ignored.
 * @throws KeyError `malformed-key`, `unsupported-algorithm`, `unsupported-curve`, `invalid-point`.
 * @example
 * ```ts
 * const key = publicKeyFromJwk({ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' });
 * ```
 */
export function publicKeyFromJwk(jwk: PublicJwk): PublicKey {
  if (jwk === null || typeof jwk !== 'object') throw new TypeError('publicKeyFromJwk expects a JWK object');
  switch (jwk.kty) {
    case 'EC': {
      const curve = _curveByName(String(jwk.crv));
      if (!curve) throw new KeyError('unsupported-curve', `JWK curve "${String(jwk.crv)}" is not supported`);
      const x = _fromB64url(jwk.x, 'x');
      const y = _fromB64url(jwk.y, 'y');
      // RFC 7518 §6.2.1.2: x and y are the full coordinate length.
      if (x.length !== curve.size || y.length !== curve.size) {
        throw new KeyError('malformed-key', `JWK "x" and "y" must be ${curve.size} bytes for ${curve.name}`);
      }
      const point = new Uint8Array(1 + 2 * curve.size);
      point[0] = 4;
      point.set(x, 1);
      point.set(y, 1 + curve.size);
      return parsePublicKey(_ecSpki(curve.name, point));
    }
    case 'RSA': {
      const n = _fromB64url(jwk.n, 'n');
      const e = _fromB64url(jwk.e, 'e');
      // RFC 7518 §6.3.1: unsigned big-endian, minimal (a leading zero is not allowed).
      if (n.length === 0 || n[0] === 0 || e.length === 0 || e[0] === 0) {
        throw new KeyError('malformed-key', 'JWK "n" and "e" must be minimal unsigned integers (RFC 7518 §6.3.1)');
      }
      return parsePublicKey(_rsaSpki(_bytesToBigint(n), _bytesToBigint(e)));
    }
    case 'OKP': {
      const crv = String(jwk.crv);
      if (crv !== 'Ed25519' && crv !== 'Ed448' && crv !== 'X25519' && crv !== 'X448') {
        throw new KeyError('unsupported-curve', `OKP curve "${crv}" is not supported`);
      }
      return parsePublicKey(encodeSpki({ oid: _KEY_OID[crv] }, _fromB64url(jwk.x, 'x')));
    }
    case 'AKP': {
      const alg = String(jwk.alg);
      if (alg !== 'ML-DSA-44' && alg !== 'ML-DSA-65' && alg !== 'ML-DSA-87') {
        throw new KeyError('unsupported-algorithm', `AKP algorithm "${alg}" is not supported`);
      }
      return parsePublicKey(encodeSpki({ oid: _KEY_OID[alg] }, _fromB64url(jwk.pub, 'pub')));
    }
    default:
      throw new KeyError('unsupported-algorithm', `JWK key type "${String(jwk.kty)}" is not supported`);
  }
}
