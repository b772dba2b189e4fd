/**
 * Importing private keys: PKCS#8 (RFC 5958), PKCS#1 (RFC 8017 §A.1.2), SEC1 (RFC 5915), RFC 8410
 * curve keys, RFC 9881 ML-DSA keys and JWK, from DER or PEM, each checked so that the private and
 * public halves agree. The `PrivateKey` value and its export forms live in `private-key.ts`.
 *
 * Non-goals: encrypted PKCS#8 (`certkit/pkcs12`), multi-prime RSA, X25519/X448 private keys.
 * @module
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { ed448 } from '@noble/curves/ed448.js';
import { bytesEqual, contextTag, DerReader, Tag, withPath } from '../der/index';
import { _curveByName, _curveByOid, _KEY_OID, _ML_DSA, _OKP_LENGTH, type NamedCurve } from './_algorithms';
import { _b64url, _bigintToBytes, _bitLength, _bufferSource, _bytesToBigint, _fromB64url, _readPem, _toPem } from './_encoding';
import { KeyError } from './errors';
import { NULL_DER, PrivateKey, _mlDsa, type ImportPrivateKeyOptions, type PrivateJwk, type RsaCryptoKeyAlgorithm, type RsaPrivateParts } from './private-key';
import { _ecSpki, _encodeRsaPublicKey, encodeSpki, parsePublicKey, type AlgorithmIdentifier } from './public-key';

/**
 * Imports a private key from PKCS#8, PKCS#1 or SEC1 (DER or PEM) or a JWK. The format is
 * recognised from the PEM label, the DER structure, or the JWK `kty`.
 *
 * Every import checks consistency: an embedded public key must be the one the private key
 * derives, RSA CRT components must agree with the modulus, EC scalars must be in range.
 *
 * @throws KeyError `malformed-key`, `unsupported-algorithm`, `unsupported-curve`,
 * `invalid-parameters`, `invalid-key-size`, `key-mismatch`, `weak-key` (RSA below 2048 bits
 * without `allowWeak`), `unsupported-format` (e.g. `ENCRYPTED PRIVATE KEY`); DerError.
 * @throws TypeError for an argument that is neither bytes, a string nor an object.
 * @example
 * ```ts
 * const key = importPrivateKey(readFileSync('key.pem', 'utf8'));
 * key.publicKey.fingerprint256();
 * ```
 */
export function importPrivateKey(input: Uint8Array | string | PrivateJwk, options: ImportPrivateKeyOptions = {}): PrivateKey {
  if (typeof input === 'string') {
    const { label, der } = _readPem(input);
    switch (label) {
      case 'PRIVATE KEY':
        return _importPkcs8(der, options);
      case 'RSA PRIVATE KEY':
        return _importPkcs1(der, 0, der.length, options, undefined);
      case 'EC PRIVATE KEY':
        return _importSec1(der, 0, der.length, undefined);
      case 'ENCRYPTED PRIVATE KEY':
        throw new KeyError('unsupported-format', 'encrypted PKCS#8 keys are not supported; decrypt first (openssl pkcs8 -in key.pem -out plain.pem)');
      default:
        throw new KeyError('unsupported-format', `expected a PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY PEM block, found "${label}"`);
    }
  }
  if (input instanceof Uint8Array) return _importDer(input, options);
  if (input !== null && typeof input === 'object') return _importJwk(input, options);
  throw new TypeError('importPrivateKey expects DER bytes, PEM text or a JWK object');
}

function _importDer(der: Uint8Array, options: ImportPrivateKeyOptions): PrivateKey {
  // Tell the three DER formats apart by their second and third fields:
  //   PKCS#8: INTEGER, SEQUENCE, OCTET STRING; PKCS#1: INTEGER, INTEGER, ...; SEC1: INTEGER(1), OCTET STRING.
  const r = new DerReader(der);
  const body = r.enter(Tag.SEQUENCE, 'private key');
  r.finish('the private key');
  body.readTlv();
  const second = body.peekTag();
  if (second === Tag.SEQUENCE) return _importPkcs8(der, options);
  if (second === Tag.INTEGER) return _importPkcs1(der, 0, der.length, options, undefined);
  if (second === Tag.OCTET_STRING) return _importSec1(der, 0, der.length, undefined);
  throw new KeyError('malformed-key', 'DER is not a PKCS#8, PKCS#1 or SEC1 private key', { offset: body.pos });
}

/**
 * ```asn1
 * OneAsymmetricKey ::= SEQUENCE {
 *   version                   Version,              -- v1(0) or v2(1)
 *   privateKeyAlgorithm       PrivateKeyAlgorithmIdentifier,
 *   privateKey                PrivateKey,           -- OCTET STRING
 *   attributes            [0] Attributes OPTIONAL,
 *   ...,
 *   [[2: publicKey        [1] PublicKey OPTIONAL ]],
 *   ... }
 * ```
 */
function _importPkcs8(der: Uint8Array, options: ImportPrivateKeyOptions): PrivateKey {
  const top = new DerReader(der);
  const r = top.enter(Tag.SEQUENCE, 'OneAsymmetricKey');
  top.finish('OneAsymmetricKey');
  const versionAt = r.pos;
  const version = withPath('version', () => r.readSmallInteger());
  if (version !== 0 && version !== 1) throw new KeyError('malformed-key', `OneAsymmetricKey version must be 0 or 1, found ${version}`, { offset: versionAt });
  const algR = withPath('privateKeyAlgorithm', () => r.enter(Tag.SEQUENCE, 'privateKeyAlgorithm'));
  const oidAt = algR.pos;
  const oid = withPath('privateKeyAlgorithm.algorithm', () => algR.readOid());
  const params = algR.atEnd ? undefined : algR.readTlv();
  withPath('privateKeyAlgorithm', () => algR.finish('privateKeyAlgorithm'));
  const pk = withPath('privateKey', () => r.read(Tag.OCTET_STRING, 'privateKey'));
  withPath('attributes', () => r.readOptional(contextTag(0, true)));
  const pubTlv = r.readOptional(contextTag(1, false));
  r.finish('OneAsymmetricKey');
  if (pubTlv !== undefined && version !== 1) {
    // RFC 5958 §2: "If publicKey is present, then the version is set to v2".
    throw new KeyError('malformed-key', 'OneAsymmetricKey has a publicKey but version 0 (RFC 5958 §2 requires v2)', { offset: versionAt });
  }
  let embeddedPublic: Uint8Array | undefined;
  if (pubTlv !== undefined) {
    const bs = new DerReader(der, {}, pubTlv.offset, pubTlv.end).readBitString(contextTag(1, false), 'publicKey');
    if (bs.unusedBits !== 0) throw new KeyError('malformed-key', 'publicKey must be a whole number of octets', { offset: pubTlv.offset });
    embeddedPublic = bs.bytes;
  }
  const absent = (name: string): void => {
    if (params !== undefined) throw new KeyError('invalid-parameters', `${name} AlgorithmIdentifier parameters must be absent`, { offset: params.offset, oid });
  };
  let key: PrivateKey;
  switch (oid) {
    case _KEY_OID.rsaEncryption:
      if (params === undefined || params.tag !== Tag.NULL || params.length !== 0) {
        throw new KeyError('invalid-parameters', 'rsaEncryption parameters must be NULL (RFC 3279 §2.3.1)', { offset: params?.offset ?? oidAt, oid });
      }
      key = withPath('privateKey', () => _importPkcs1(der, pk.valueOffset, pk.end, options, undefined));
      break;
    case _KEY_OID.rsassaPss:
      if (params !== undefined && params.tag !== Tag.SEQUENCE) {
        throw new KeyError('invalid-parameters', 'id-RSASSA-PSS parameters must be absent or RSASSA-PSS-params (RFC 4055 §3.1)', { offset: params.offset, oid });
      }
      key = withPath('privateKey', () => _importPkcs1(der, pk.valueOffset, pk.end, options, { parameters: params?.raw }));
      break;
    case _KEY_OID.ecPublicKey: {
      if (params === undefined || params.tag !== Tag.OID) {
        throw new KeyError('invalid-parameters', 'id-ecPublicKey needs a namedCurve OID parameter (RFC 5480 §2.1.1)', { offset: params?.offset ?? oidAt, oid });
      }
      const curveOid = new DerReader(der, {}, params.offset, params.end).readOid('namedCurve');
      const curve = _curveByOid(curveOid);
      if (!curve) throw new KeyError('unsupported-curve', `EC curve ${curveOid} is not supported`, { offset: params.offset, oid: curveOid });
      key = withPath('privateKey', () => _importSec1(der, pk.valueOffset, pk.end, curve.name));
      break;
    }
    case _KEY_OID.Ed25519:
    case _KEY_OID.Ed448: {
      const name = oid === _KEY_OID.Ed25519 ? 'Ed25519' : 'Ed448';
      absent(name);
      // RFC 8410 §7: CurvePrivateKey ::= OCTET STRING
      const inner = new DerReader(der, {}, pk.valueOffset, pk.end);
      const seedTlv = withPath('privateKey', () => inner.read(Tag.OCTET_STRING, 'CurvePrivateKey'));
      withPath('privateKey', () => inner.finish('CurvePrivateKey'));
      key = _edKey(name, seedTlv.value, seedTlv.valueOffset);
      break;
    }
    case _KEY_OID['ML-DSA-44']:
    case _KEY_OID['ML-DSA-65']:
    case _KEY_OID['ML-DSA-87']: {
      const name = (['ML-DSA-44', 'ML-DSA-65', 'ML-DSA-87'] as const).find((n) => _KEY_OID[n] === oid)!;
      absent(name);
      key = withPath('privateKey', () => _importMlDsa(name, der, pk.valueOffset, pk.end));
      break;
    }
    case _KEY_OID.X25519:
    case _KEY_OID.X448:
      throw new KeyError('unsupported-algorithm', `${oid === _KEY_OID.X25519 ? 'X25519' : 'X448'} private keys are for key agreement, which certkit does not do`, { offset: oidAt, oid });
    default:
      throw new KeyError('unsupported-algorithm', `private key algorithm ${oid} is not supported`, { offset: oidAt, oid });
  }
  if (embeddedPublic !== undefined) _checkEmbeddedPublic(key, embeddedPublic, pubTlv!.offset);
  return key;
}

function _checkEmbeddedPublic(key: PrivateKey, embedded: Uint8Array, offset: number): void {
  const expected = key.algorithm === 'ECDSA' ? key.publicKey.uncompressedPoint() : key.publicKey.keyBytes;
  let same = bytesEqual(embedded, expected);
  if (!same && key.algorithm === 'ECDSA' && (embedded[0] === 2 || embedded[0] === 3)) {
    const c = _curveByName(key.curve!)!;
    try {
      same = bytesEqual(c.noble.Point.fromBytes(embedded).toBytes(false), expected);
    } catch {
      same = false;
    }
  }
  if (!same) throw new KeyError('key-mismatch', 'the public key stored with the private key is not the one the private key derives', { offset });
}

function _edKey(name: 'Ed25519' | 'Ed448', seed: Uint8Array, offset?: number): PrivateKey {
  const len = _OKP_LENGTH[name];
  if (seed.length !== len) throw new KeyError('invalid-key-size', `${name} private key must be ${len} bytes, found ${seed.length}`, { offset });
  const secret = seed.slice();
  const pub = name === 'Ed25519' ? ed25519.getPublicKey(secret) : ed448.getPublicKey(secret);
  return new PrivateKey({ algorithm: name, publicKey: parsePublicKey(encodeSpki({ oid: _KEY_OID[name] }, pub)), secret });
}

/** @internal An EC private key from its scalar bytes. */
export function _ecKey(curveName: NamedCurve, scalar: Uint8Array, offset?: number): PrivateKey {
  const c = _curveByName(curveName)!;
  // RFC 5915 §3: privateKey is ceiling(log2(n)/8) octets. Shorter strings (leading zeros
  // dropped by some old encoders) are left-padded; longer ones are refused.
  if (scalar.length > c.size || scalar.length === 0) {
    throw new KeyError('invalid-key-size', `${curveName} private key must be ${c.size} bytes, found ${scalar.length}`, { offset });
  }
  const secret = new Uint8Array(c.size);
  secret.set(scalar, c.size - scalar.length);
  if (!c.noble.utils.isValidSecretKey(secret)) {
    throw new KeyError('malformed-key', `${curveName} private key is not in the range 1..n-1`, { offset });
  }
  const point = c.noble.getPublicKey(secret, false);
  return new PrivateKey({ algorithm: 'ECDSA', curve: curveName, publicKey: parsePublicKey(_ecSpki(curveName, point)), secret });
}

/**
 * ```asn1
 * ECPrivateKey ::= SEQUENCE {
 *   version        INTEGER { ecPrivkeyVer1(1) } (ecPrivkeyVer1),
 *   privateKey     OCTET STRING,
 *   parameters [0] ECParameters {{ NamedCurve }} OPTIONAL,
 *   publicKey  [1] BIT STRING OPTIONAL }            -- RFC 5915 §3
 * ```
 */
function _importSec1(der: Uint8Array, start: number, end: number, outerCurve: NamedCurve | undefined): PrivateKey {
  const top = new DerReader(der, {}, start, end);
  const r = top.enter(Tag.SEQUENCE, 'ECPrivateKey');
  top.finish('ECPrivateKey');
  const versionAt = r.pos;
  const version = withPath('version', () => r.readSmallInteger());
  if (version !== 1) throw new KeyError('malformed-key', `ECPrivateKey version must be 1, found ${version}`, { offset: versionAt });
  const d = withPath('privateKey', () => r.read(Tag.OCTET_STRING, 'privateKey'));
  const paramsR = r.enterOptional(contextTag(0, true));
  let curve = outerCurve;
  if (paramsR !== undefined) {
    const at = paramsR.pos;
    if (paramsR.peekTag() !== Tag.OID) throw new KeyError('invalid-parameters', 'ECPrivateKey parameters must be a namedCurve OID (RFC 5915 §3)', { offset: at });
    const oid = withPath('parameters', () => paramsR.readOid('namedCurve'));
    paramsR.finish('parameters');
    const c = _curveByOid(oid);
    if (!c) throw new KeyError('unsupported-curve', `EC curve ${oid} is not supported`, { offset: at, oid });
    if (outerCurve !== undefined && c.name !== outerCurve) {
      throw new KeyError('invalid-parameters', `ECPrivateKey curve ${c.name} disagrees with the PKCS#8 algorithm's ${outerCurve}`, { offset: at });
    }
    curve = c.name;
  }
  if (curve === undefined) throw new KeyError('invalid-parameters', 'a SEC1 EC PRIVATE KEY must name its curve (RFC 5915 §3)', { offset: start });
  const pubR = r.enterOptional(contextTag(1, true));
  let pubAt = 0;
  let embedded: Uint8Array | undefined;
  if (pubR !== undefined) {
    pubAt = pubR.pos;
    const bs = withPath('publicKey', () => pubR.readBitString());
    pubR.finish('publicKey');
    if (bs.unusedBits !== 0) throw new KeyError('malformed-key', 'publicKey must be a whole number of octets', { offset: pubAt });
    embedded = bs.bytes;
  }
  r.finish('ECPrivateKey');
  const key = _ecKey(curve, d.value, d.valueOffset);
  if (embedded !== undefined) _checkEmbeddedPublic(key, embedded, pubAt);
  return key;
}

/**
 * ```asn1
 * RSAPrivateKey ::= SEQUENCE {
 *   version Version, modulus INTEGER, publicExponent INTEGER, privateExponent INTEGER,
 *   prime1 INTEGER, prime2 INTEGER, exponent1 INTEGER, exponent2 INTEGER, coefficient INTEGER,
 *   otherPrimeInfos OtherPrimeInfos OPTIONAL }      -- RFC 8017 §A.1.2
 * ```
 */
function _importPkcs1(der: Uint8Array, start: number, end: number, options: ImportPrivateKeyOptions, pss: { parameters: Uint8Array | undefined } | undefined): PrivateKey {
  const top = new DerReader(der, {}, start, end);
  const r = top.enter(Tag.SEQUENCE, 'RSAPrivateKey');
  top.finish('RSAPrivateKey');
  const versionAt = r.pos;
  const version = withPath('version', () => r.readSmallInteger());
  if (version !== 0) {
    throw new KeyError(version === 1 ? 'unsupported-format' : 'malformed-key', version === 1 ? 'multi-prime RSA keys are not supported' : `RSAPrivateKey version must be 0, found ${version}`, {
      offset: versionAt,
    });
  }
  const names = ['modulus', 'publicExponent', 'privateExponent', 'prime1', 'prime2', 'exponent1', 'exponent2', 'coefficient'] as const;
  const v: bigint[] = [];
  for (const name of names) v.push(withPath(name, () => r.readInteger(Tag.INTEGER, name)));
  r.finish('RSAPrivateKey');
  const [n, e, d, p, q, dp, dq, qi] = v as [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint];
  return _rsaKey({ n, e, d, p, q, dp, dq, qi }, options, pss, start);
}

/** @internal An RSA private key from its CRT parts, checked. */
export function _rsaKey(
  parts: RsaPrivateParts,
  options: ImportPrivateKeyOptions,
  pss: { parameters: Uint8Array | undefined } | undefined,
  offset?: number,
  cryptoKey?: { algorithm: RsaCryptoKeyAlgorithm; key: CryptoKey },
): PrivateKey {
  const { n, e, d, p, q, dp, dq, qi } = parts;
  const bad = (what: string): never => {
    throw new KeyError('malformed-key', `RSA private key is inconsistent: ${what}`, { offset });
  };
  for (const x of [n, e, d, p, q, dp, dq, qi]) if (x <= 0n) bad('a component is not positive');
  // RFC 8017 §3.2: n = p q, dP = d mod (p-1), dQ = d mod (q-1), qInv = q^-1 mod p.
  if (p * q !== n) bad('n is not p * q');
  if (dp !== d % (p - 1n) || dq !== d % (q - 1n)) bad('the CRT exponents do not match d');
  if ((qi * q) % p !== 1n) bad('the CRT coefficient is not q^-1 mod p');
  if ((e * dp) % (p - 1n) !== 1n || (e * dq) % (q - 1n) !== 1n) bad('d is not the inverse of e');
  const bits = _bitLength(n);
  if (bits < 2048 && options.allowWeak !== true) {
    throw new KeyError('weak-key', `RSA key of ${bits} bits is below the 2048-bit minimum; pass { allowWeak: true } to use it anyway`, { offset });
  }
  const pubDer = _encodeRsaPublicKey(n, e);
  const spkiAlg: AlgorithmIdentifier = pss
    ? pss.parameters
      ? { oid: _KEY_OID.rsassaPss, parameters: pss.parameters }
      : { oid: _KEY_OID.rsassaPss }
    : { oid: _KEY_OID.rsaEncryption, parameters: NULL_DER };
  const publicKey = parsePublicKey(encodeSpki(spkiAlg, pubDer));
  return new PrivateKey({ algorithm: 'RSA', publicKey, rsa: parts, rsaPssOnly: pss !== undefined, rsaPssParameters: pss?.parameters, cryptoKey });
}

function _importMlDsa(name: 'ML-DSA-44' | 'ML-DSA-65' | 'ML-DSA-87', der: Uint8Array, start: number, end: number): PrivateKey {
  const r = new DerReader(der, {}, start, end);
  const tag = r.peekTag();
  const sizes = _ML_DSA[name];
  let seed: Uint8Array | undefined;
  let expanded: Uint8Array | undefined;
  const at = r.pos;
  if (tag === contextTag(0)) {
    seed = r.read(contextTag(0), 'seed').value;
  } else if (tag === Tag.OCTET_STRING) {
    expanded = r.read(Tag.OCTET_STRING, 'expandedKey').value;
  } else if (tag === Tag.SEQUENCE) {
    const both = r.enter(Tag.SEQUENCE, 'both');
    seed = both.read(Tag.OCTET_STRING, 'seed').value;
    expanded = both.read(Tag.OCTET_STRING, 'expandedKey').value;
    both.finish('both');
  } else {
    throw new KeyError('malformed-key', `${name} private key must be seed [0], expandedKey or both (RFC 9881 §6)`, { offset: at });
  }
  r.finish(`${name} private key`);
  if (seed !== undefined && seed.length !== 32) throw new KeyError('invalid-key-size', `${name} seed must be 32 bytes, found ${seed.length}`, { offset: at });
  if (expanded !== undefined && expanded.length !== sizes.secretKey) {
    throw new KeyError('invalid-key-size', `${name} expanded key must be ${sizes.secretKey} bytes, found ${expanded.length}`, { offset: at });
  }
  const impl = _mlDsa(name);
  let publicKey: Uint8Array;
  if (seed !== undefined) {
    const kp = impl.keygen(seed);
    // RFC 9881 §6: with both forms present, the expanded key must be the one the seed gives.
    if (expanded !== undefined && !bytesEqual(kp.secretKey, expanded)) {
      throw new KeyError('key-mismatch', `${name} expandedKey is not the key its seed generates (RFC 9881 §6)`, { offset: at });
    }
    publicKey = kp.publicKey;
    expanded = undefined;
  } else {
    try {
      publicKey = impl.getPublicKey(expanded!);
    } catch (e) {
      throw new KeyError('malformed-key', `${name} expanded key is malformed: ${(e as Error).message}`, { offset: at, cause: e });
    }
  }
  return _mlDsaKey(name, seed, expanded, publicKey);
}

/** @internal */
export function _mlDsaKey(name: 'ML-DSA-44' | 'ML-DSA-65' | 'ML-DSA-87', seed: Uint8Array | undefined, expanded: Uint8Array | undefined, publicKey: Uint8Array): PrivateKey {
  return new PrivateKey({ algorithm: name, publicKey: parsePublicKey(encodeSpki({ oid: _KEY_OID[name] }, publicKey)), secret: seed?.slice(), expanded: expanded?.slice() });
}

function _importJwk(jwk: PrivateJwk, options: ImportPrivateKeyOptions): PrivateKey {
  let key: PrivateKey;
  switch (jwk.kty) {
    case 'EC': {
      const c = _curveByName(String(jwk.crv));
      if (!c) throw new KeyError('unsupported-curve', `JWK curve "${String(jwk.crv)}" is not supported`);
      const d = _fromB64url(jwk.d, 'd');
      // RFC 7518 §6.2.2.1: "d" is the full scalar length.
      if (d.length !== c.size) throw new KeyError('invalid-key-size', `JWK "d" must be ${c.size} bytes for ${c.name}`);
      key = _ecKey(c.name, d);
      break;
    }
    case 'OKP': {
      const crv = String(jwk.crv);
      if (crv !== 'Ed25519' && crv !== 'Ed448') throw new KeyError('unsupported-curve', `OKP curve "${crv}" private keys are not supported`);
      key = _edKey(crv, _fromB64url(jwk.d, 'd'));
      break;
    }
    case 'RSA': {
      if (jwk.oth !== undefined) throw new KeyError('unsupported-format', 'multi-prime RSA JWKs ("oth") are not supported');
      const get = (m: 'n' | 'e' | 'd' | 'p' | 'q' | 'dp' | 'dq' | 'qi'): bigint => _bytesToBigint(_fromB64url(jwk[m], m));
      key = _rsaKey({ n: get('n'), e: get('e'), d: get('d'), p: get('p'), q: get('q'), dp: get('dp'), dq: get('dq'), qi: get('qi') }, options, undefined);
      break;
    }
    case 'AKP': {
      const alg = String(jwk.alg);
      if (alg !== 'ML-DSA-44' && alg !== 'ML-DSA-65' && alg !== 'ML-DSA-87') throw new KeyError('unsupported-algorithm', `AKP algorithm "${alg}" is not supported`);
      const seed = _fromB64url(jwk.priv, 'priv');
      if (seed.length !== 32) throw new KeyError('invalid-key-size', `${alg} JWK "priv" must be the 32-byte seed`);
      const kp = _mlDsa(alg).keygen(seed);
      key = _mlDsaKey(alg, seed, undefined, kp.publicKey);
      break;
    }
    default:
      throw new KeyError('unsupported-algorithm', `JWK key type "${String(jwk.kty)}" is not supported`);
  }
  // The public members, when present, must describe the same key.
  const hasPublic = jwk.x !== undefined || jwk.n !== undefined || jwk.pub !== undefined;
  if (hasPublic && jwk.kty !== 'RSA') {
    const pubJwk = key.publicKey.toJwk();
    for (const m of ['x', 'y', 'pub'] as const) {
      if (jwk[m] !== undefined && jwk[m] !== pubJwk[m]) throw new KeyError('key-mismatch', `JWK "${m}" is not the public key of "d"`);
    }
  }
  return key;
}
