/**
 * Signature AlgorithmIdentifiers: decoding with the strict parameter rules, encoding, comparison,
 * names for people, and resolution to a signature scheme.
 *
 * Scope: RSASSA-PKCS1-v1_5 (RFC 8017, RFC 4055 §5: parameters NULL), RSASSA-PSS (RFC 4055 §3.1:
 * full RSASSA-PSS-params), ECDSA (RFC 5758 §3.2: parameters absent), Ed25519/Ed448 (RFC 8410 §3:
 * absent), ML-DSA (RFC 9881 §2: absent); the key algorithm OIDs of an SPKI are accepted too.
 * Unknown OIDs decode (a certificate with an exotic algorithm still parses) and are named by OID
 * when something tries to use them.
 * Non-goals: DSA, GOST, SM2, SHA-3 based signatures, composite signatures.
 * @module
 */
import { bytesEqual, checkOid, contextTag, DerReader, DerWriter, enter, expect, leave, next, Tag, type DerCursor, type DerWriter as DerWriterType } from '../der/index';
import type { AlgorithmIdentifier } from '../keys/index';
import { _hash, _hashByOid, type HashName } from './_hashes';
import { SignatureError } from './errors';

export type { AlgorithmIdentifier, HashName };

/**
 * Signature algorithm OIDs (RFC 3279, RFC 4055, RFC 5758, RFC 8410, RFC 9881).
 * @example
 * ```ts
 * await verifySignature(spki, { oid: SIGNATURE_OID['ecdsa-with-SHA256'] }, data, sig)
 * ```
 */
export const SIGNATURE_OID = {
  md5WithRSAEncryption: '1.2.840.113549.1.1.4',
  sha1WithRSAEncryption: '1.2.840.113549.1.1.5',
  sha224WithRSAEncryption: '1.2.840.113549.1.1.14',
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  sha384WithRSAEncryption: '1.2.840.113549.1.1.12',
  sha512WithRSAEncryption: '1.2.840.113549.1.1.13',
  'sha512-224WithRSAEncryption': '1.2.840.113549.1.1.15',
  'sha512-256WithRSAEncryption': '1.2.840.113549.1.1.16',
  rsassaPss: '1.2.840.113549.1.1.10',
  'ecdsa-with-SHA1': '1.2.840.10045.4.1',
  'ecdsa-with-SHA224': '1.2.840.10045.4.3.1',
  'ecdsa-with-SHA256': '1.2.840.10045.4.3.2',
  'ecdsa-with-SHA384': '1.2.840.10045.4.3.3',
  'ecdsa-with-SHA512': '1.2.840.10045.4.3.4',
  Ed25519: '1.3.101.112',
  Ed448: '1.3.101.113',
  'ML-DSA-44': '2.16.840.1.101.3.4.3.17',
  'ML-DSA-65': '2.16.840.1.101.3.4.3.18',
  'ML-DSA-87': '2.16.840.1.101.3.4.3.19',
} as const;

const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const MGF1 = '1.2.840.113549.1.1.8';
const EC_PUBLIC_KEY = '1.2.840.10045.2.1';
/** OIW sha-1WithRSASignature, an old alias of sha1WithRSAEncryption still found in old roots. */
const OIW_SHA1_RSA = '1.3.14.3.2.29';

/** What a signature AlgorithmIdentifier means. */
export type SignatureScheme =
  | { readonly kind: 'ecdsa'; readonly hash: HashName }
  | { readonly kind: 'rsa-pkcs1'; readonly hash: HashName }
  | { readonly kind: 'rsa-pss'; readonly hash: HashName; readonly mgfHash: HashName; readonly saltLength: number }
  | { readonly kind: 'eddsa'; readonly curve: 'Ed25519' | 'Ed448' }
  | { readonly kind: 'ml-dsa'; readonly parameterSet: 'ML-DSA-44' | 'ML-DSA-65' | 'ML-DSA-87' };

type ParamRule = 'null' | 'absent' | 'pss' | 'named-curve' | 'any';

interface _AlgInfo {
  readonly name: string;
  readonly rule: ParamRule;
  readonly scheme?: SignatureScheme;
}

let algTable: Map<string, _AlgInfo> | undefined;

function _algs(): Map<string, _AlgInfo> {
  if (algTable) return algTable;
  const m = new Map<string, _AlgInfo>();
  const rsa = (oid: string, name: string, hash: HashName): void => {
    m.set(oid, { name, rule: 'null', scheme: { kind: 'rsa-pkcs1', hash } });
  };
  rsa(SIGNATURE_OID.md5WithRSAEncryption, 'md5WithRSAEncryption', 'MD5');
  rsa(SIGNATURE_OID.sha1WithRSAEncryption, 'sha1WithRSAEncryption', 'SHA-1');
  rsa(OIW_SHA1_RSA, 'sha1WithRSASignature (OIW)', 'SHA-1');
  rsa(SIGNATURE_OID.sha224WithRSAEncryption, 'sha224WithRSAEncryption', 'SHA-224');
  rsa(SIGNATURE_OID.sha256WithRSAEncryption, 'sha256WithRSAEncryption', 'SHA-256');
  rsa(SIGNATURE_OID.sha384WithRSAEncryption, 'sha384WithRSAEncryption', 'SHA-384');
  rsa(SIGNATURE_OID.sha512WithRSAEncryption, 'sha512WithRSAEncryption', 'SHA-512');
  rsa(SIGNATURE_OID['sha512-224WithRSAEncryption'], 'sha512-224WithRSAEncryption', 'SHA-512/224');
  rsa(SIGNATURE_OID['sha512-256WithRSAEncryption'], 'sha512-256WithRSAEncryption', 'SHA-512/256');
  const ec = (oid: string, name: string, hash: HashName): void => {
    m.set(oid, { name, rule: 'absent', scheme: { kind: 'ecdsa', hash } });
  };
  ec(SIGNATURE_OID['ecdsa-with-SHA1'], 'ecdsa-with-SHA1', 'SHA-1');
  ec(SIGNATURE_OID['ecdsa-with-SHA224'], 'ecdsa-with-SHA224', 'SHA-224');
  ec(SIGNATURE_OID['ecdsa-with-SHA256'], 'ecdsa-with-SHA256', 'SHA-256');
  ec(SIGNATURE_OID['ecdsa-with-SHA384'], 'ecdsa-with-SHA384', 'SHA-384');
  ec(SIGNATURE_OID['ecdsa-with-SHA512'], 'ecdsa-with-SHA512', 'SHA-512');
  m.set(SIGNATURE_OID.rsassaPss, { name: 'RSASSA-PSS', rule: 'pss' });
  m.set(SIGNATURE_OID.Ed25519, { name: 'Ed25519', rule: 'absent', scheme: { kind: 'eddsa', curve: 'Ed25519' } });
  m.set(SIGNATURE_OID.Ed448, { name: 'Ed448', rule: 'absent', scheme: { kind: 'eddsa', curve: 'Ed448' } });
  for (const p of ['ML-DSA-44', 'ML-DSA-65', 'ML-DSA-87'] as const) {
    m.set(SIGNATURE_OID[p], { name: p, rule: 'absent', scheme: { kind: 'ml-dsa', parameterSet: p } });
  }
  // Key algorithms that appear in SubjectPublicKeyInfo (parsed here too so one reader serves both).
  m.set(RSA_ENCRYPTION, { name: 'rsaEncryption', rule: 'null' });
  m.set(EC_PUBLIC_KEY, { name: 'id-ecPublicKey', rule: 'named-curve' });
  m.set('1.3.101.110', { name: 'X25519', rule: 'absent' });
  m.set('1.3.101.111', { name: 'X448', rule: 'absent' });
  return (algTable = m);
}

/** Decoded RSASSA-PSS-params with OIDs resolved where certkit knows them. */
export interface RsaPssParameters {
  /** hashAlgorithm OID (default id-sha1). */
  hashOid: string;
  /** maskGenAlgorithm OID (default id-mgf1). */
  mgfOid: string;
  /** MGF1's hash OID (default id-sha1). */
  mgfHashOid: string;
  /** saltLength (default 20). */
  saltLength: number;
  /** trailerField (default 1, the only value RFC 4055 allows). */
  trailerField: number;
}

function _bad(message: string, offset?: number, oid?: string): never {
  throw new SignatureError('invalid-parameters', message, { offset, oid });
}

/**
 * Reads a hash AlgorithmIdentifier: RFC 4055 §2.1 says implementations MUST accept both NULL
 * and absent parameters for the SHA family.
 */
function _readHashAlgorithm(r: DerReader, what: string): string {
  const h = r.enter(Tag.SEQUENCE, what);
  const oid = h.readOid(`${what} OID`);
  if (!h.atEnd) {
    const at = h.pos;
    const p = h.readTlv();
    if (p.tag !== Tag.NULL || p.length !== 0) _bad(`${what} parameters must be NULL or absent (RFC 4055 §2.1)`, at, oid);
  }
  h.finish(what);
  return oid;
}

/** An optional `[n] EXPLICIT INTEGER` and the offset of the INTEGER, or `undefined` when absent. */
function _explicitInteger(r: DerReader, n: number, what: string): [bigint, number] | undefined {
  const s = r.enterOptional(contextTag(n, true));
  if (s === undefined) return undefined;
  const at = s.pos;
  const v = s.readInteger(Tag.INTEGER, what);
  s.finish(what);
  return [v, at];
}

/**
 * Decodes RSASSA-PSS-params (RFC 4055 §3.1) from a reader positioned on the SEQUENCE.
 *
 * ```asn1
 * RSASSA-PSS-params ::= SEQUENCE {
 *   hashAlgorithm      [0] HashAlgorithm      DEFAULT sha1Identifier,
 *   maskGenAlgorithm   [1] MaskGenAlgorithm   DEFAULT mgf1SHA1Identifier,
 *   saltLength         [2] INTEGER            DEFAULT 20,
 *   trailerField       [3] INTEGER            DEFAULT 1 }
 * ```
 * DER omits a DEFAULT value (X.690 §11.5); lenient mode accepts an explicit one.
 * @throws SignatureError `invalid-parameters`; DerError.
 */
function _readPssParameters(outer: DerReader): RsaPssParameters {
  const r = outer.enter(Tag.SEQUENCE, 'RSASSA-PSS-params');
  const out: RsaPssParameters = { hashOid: _hash('SHA-1').oid, mgfOid: MGF1, mgfHashOid: _hash('SHA-1').oid, saltLength: 20, trailerField: 1 };
  const strictDefault = (isDefault: boolean, what: string, at: number): void => {
    if (isDefault && !r.lenient) _bad(`RSASSA-PSS-params ${what} is encoded with its DEFAULT value; DER omits it (X.690 §11.5)`, at);
  };
  let at = r.pos;
  const h = r.enterOptional(contextTag(0, true));
  if (h) {
    out.hashOid = _readHashAlgorithm(h, 'hashAlgorithm');
    h.finish('hashAlgorithm');
    strictDefault(out.hashOid === _hash('SHA-1').oid, 'hashAlgorithm', at);
  }
  at = r.pos;
  const m = r.enterOptional(contextTag(1, true));
  if (m) {
    const mg = m.enter(Tag.SEQUENCE, 'maskGenAlgorithm');
    m.finish('maskGenAlgorithm');
    out.mgfOid = mg.readOid('maskGenAlgorithm OID');
    if (out.mgfOid === MGF1) {
      out.mgfHashOid = _readHashAlgorithm(mg, 'MGF1 hash');
    } else if (!mg.atEnd) {
      mg.readTlv();
    }
    mg.finish('maskGenAlgorithm');
    strictDefault(out.mgfOid === MGF1 && out.mgfHashOid === _hash('SHA-1').oid, 'maskGenAlgorithm', at);
  }
  at = r.pos;
  const salt = _explicitInteger(r, 2, 'saltLength');
  if (salt !== undefined) {
    const [v, sAt] = salt;
    if (v < 0n || v > 65536n) _bad(`RSASSA-PSS saltLength ${v} is out of range`, sAt);
    out.saltLength = Number(v);
    strictDefault(out.saltLength === 20, 'saltLength', at);
  }
  at = r.pos;
  const trailer = _explicitInteger(r, 3, 'trailerField');
  if (trailer !== undefined) {
    const [tf, tAt] = trailer;
    // RFC 4055 §3.1: trailerFieldBC (1) is the only value; RFC 8017 §A.2.3 likewise.
    if (tf !== 1n) _bad(`RSASSA-PSS trailerField must be 1 (trailerFieldBC), found ${tf}`, tAt);
    strictDefault(true, 'trailerField', at);
  }
  r.finish('RSASSA-PSS-params');
  return out;
}

/**
 * Decodes RSASSA-PSS-params from their DER.
 * @throws SignatureError `invalid-parameters`; DerError.
 * @example
 * ```ts
 * const p = parseRsaPssParameters(alg.parameters!, { lenient: false });
 * p.saltLength // 32
 * ```
 */
export function parseRsaPssParameters(der: Uint8Array, options: { lenient?: boolean } = {}): RsaPssParameters {
  const r = new DerReader(der, { lenient: options.lenient === true });
  const p = _readPssParameters(r);
  r.finish('RSASSA-PSS-params');
  return p;
}

/**
 * Reads the AlgorithmIdentifier at the cursor and checks its shape only (RFC 5280 §4.1.1.2:
 * `SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL }`; the parameters are checked
 * by {@link parseAlgorithmIdentifier} when the algorithm is used). The one walk of this shape for
 * every signed structure's parser (certificates, CSRs, CRLs). Afterwards the cursor is past the
 * element and `c.start`, `c.vs`, `c.ve` describe it, as after `expect`.
 * @throws DerError with the cursor's codes, and `invalid-oid` for a malformed algorithm OID.
 * @example
 * ```ts
 * const c = derCursor(algDer);
 * checkAlgorithmIdentifier(c); // c.start..c.ve is the AlgorithmIdentifier
 * ```
 */
export function checkAlgorithmIdentifier(c: DerCursor): void {
  const outer = enter(c, Tag.SEQUENCE);
  const start = c.start;
  const vs = c.vs;
  const v = expect(c, Tag.OID);
  checkOid(c.buf, v, c.ve);
  if (c.pos < c.end) next(c);
  leave(c, outer);
  c.tag = Tag.SEQUENCE;
  c.start = start;
  c.vs = vs;
  c.ve = c.pos;
}

/**
 * Reads an AlgorithmIdentifier SEQUENCE from a reader, enforcing each known algorithm's
 * parameter rule:
 * - RSASSA-PKCS1-v1_5 and rsaEncryption: NULL (RFC 4055 §5, RFC 3279 §2.3.1); absent is
 *   tolerated in lenient mode only (some old encoders dropped the NULL).
 * - ECDSA: absent (RFC 5758 §3.2); NULL tolerated in lenient mode (seen in early ECDSA certificates).
 * - Ed25519, Ed448, X25519, X448 (RFC 8410 §3) and ML-DSA (RFC 9881 §2): absent.
 * - id-RSASSA-PSS: absent or a valid RSASSA-PSS-params (RFC 4055 §3.1); a signature's
 *   algorithm must have them (checked when verifying).
 * - id-ecPublicKey: a namedCurve OID (RFC 5480 §2.1.1).
 * Unknown OIDs are returned as they are.
 *
 * ```asn1
 * AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY DEFINED BY algorithm OPTIONAL }
 * ```
 * @throws SignatureError `invalid-parameters` (with the absolute offset); DerError.
 * @example
 * ```ts
 * const r = new DerReader(der);
 * const alg = parseAlgorithmIdentifier(r);   // { oid: '1.2.840.10045.4.3.2' }
 * ```
 */
export function parseAlgorithmIdentifier(r: DerReader): AlgorithmIdentifier {
  const seqAt = r.pos;
  const a = r.enter(Tag.SEQUENCE, 'AlgorithmIdentifier');
  const oid = a.readOid('algorithm');
  const params = a.atEnd ? undefined : a.readTlv();
  a.finish('AlgorithmIdentifier');
  const info = _algs().get(oid);
  if (info !== undefined) {
    const isNull = params !== undefined && params.tag === Tag.NULL && params.length === 0;
    switch (info.rule) {
      case 'null':
        if (params === undefined) {
          if (!r.lenient) _bad(`${info.name} parameters must be NULL, found them absent (RFC 4055 §5)`, seqAt, oid);
        } else if (!isNull) _bad(`${info.name} parameters must be NULL (RFC 4055 §5)`, params.offset, oid);
        break;
      case 'absent':
        if (params !== undefined && !(isNull && r.lenient && info.scheme?.kind === 'ecdsa')) {
          _bad(`${info.name} parameters must be absent (${info.scheme?.kind === 'ecdsa' ? 'RFC 5758 §3.2' : info.scheme?.kind === 'ml-dsa' ? 'RFC 9881 §2' : 'RFC 8410 §3'})`, params.offset, oid);
        }
        break;
      case 'pss':
        if (params !== undefined) {
          if (params.tag !== Tag.SEQUENCE) _bad('id-RSASSA-PSS parameters must be RSASSA-PSS-params (RFC 4055 §3.1)', params.offset, oid);
          const pr = new DerReader(r.buf, { lenient: r.lenient }, params.offset, params.end);
          _readPssParameters(pr);
        }
        break;
      case 'named-curve':
        if (params === undefined || params.tag !== Tag.OID) {
          _bad('id-ecPublicKey parameters must be a namedCurve OID (RFC 5480 §2.1.1)', params?.offset ?? seqAt, oid);
        }
        break;
      default:
        break;
    }
  }
  return params === undefined ? { oid } : { oid, parameters: params.raw };
}

/**
 * Writes an AlgorithmIdentifier SEQUENCE.
 * @example
 * ```ts
 * w.sequence((w) => writeAlgorithmIdentifier(w, { oid: SIGNATURE_OID['ecdsa-with-SHA256'] }));
 * ```
 */
export function writeAlgorithmIdentifier(w: DerWriterType, alg: AlgorithmIdentifier): void {
  w.sequence((w) => {
    w.oid(alg.oid);
    if (alg.parameters !== undefined) w.raw(alg.parameters);
  });
}

/**
 * The DER of an AlgorithmIdentifier.
 * @example
 * ```ts
 * encodeAlgorithmIdentifier({ oid: '1.3.101.112' }) // 30 05 06 03 2b 65 70
 * ```
 */
export function encodeAlgorithmIdentifier(alg: AlgorithmIdentifier): Uint8Array {
  const w = new DerWriter();
  writeAlgorithmIdentifier(w, alg);
  return w.finish();
}

/**
 * Whether two AlgorithmIdentifiers are the same (OID and parameter bytes). RFC 5280 §4.1.1.2
 * requires the certificate's signatureAlgorithm to equal tbsCertificate.signature.
 * @example
 * ```ts
 * algorithmIdentifierEquals(cert.signatureAlgorithm, cert.tbs.signature)
 * ```
 */
export function algorithmIdentifierEquals(a: AlgorithmIdentifier, b: AlgorithmIdentifier): boolean {
  if (a.oid !== b.oid) return false;
  if (a.parameters === undefined || b.parameters === undefined) return a.parameters === b.parameters;
  return bytesEqual(a.parameters, b.parameters);
}

/**
 * What a signature AlgorithmIdentifier means: the scheme and its hashes.
 * @throws SignatureError `unsupported-algorithm` (the OID named), `invalid-parameters`.
 * @example
 * ```ts
 * resolveSignatureScheme({ oid: '1.2.840.10045.4.3.2' }) // { kind: 'ecdsa', hash: 'SHA-256' }
 * ```
 */
export function resolveSignatureScheme(alg: AlgorithmIdentifier, options: { lenient?: boolean } = {}): SignatureScheme {
  const info = _algs().get(alg.oid);
  if (info !== undefined && info.rule === 'pss') {
    // RFC 4055 §3.1: the parameters MUST be present in a signature's algorithm identifier.
    if (alg.parameters === undefined) _bad('RSASSA-PSS signature algorithm must carry RSASSA-PSS-params (RFC 4055 §3.1)', undefined, alg.oid);
    const p = parseRsaPssParameters(alg.parameters, options);
    return _pssScheme(p);
  }
  if (info === undefined || info.scheme === undefined) {
    const known = info ? ` (${info.name} is a key algorithm, not a signature algorithm)` : '';
    throw new SignatureError('unsupported-algorithm', `signature algorithm ${alg.oid}${known} is not supported`, { oid: alg.oid });
  }
  // Parameter rules again for identifiers built by hand rather than parsed.
  const params = alg.parameters;
  const isNull = params !== undefined && params.length === 2 && params[0] === 0x05 && params[1] === 0x00;
  if (info.rule === 'null' && !(isNull || (params === undefined && options.lenient === true))) {
    _bad(`${info.name} parameters must be NULL (RFC 4055 §5)`, undefined, alg.oid);
  }
  if (info.rule === 'absent' && params !== undefined && !(isNull && options.lenient === true && info.scheme.kind === 'ecdsa')) {
    _bad(`${info.name} parameters must be absent`, undefined, alg.oid);
  }
  return info.scheme;
}

/** Scheme from decoded PSS parameters; unknown hashes and MGFs are named by OID. */
export function _pssScheme(p: RsaPssParameters): SignatureScheme {
  const hash = _hashByOid(p.hashOid);
  if (!hash) throw new SignatureError('unsupported-algorithm', `RSASSA-PSS hash ${p.hashOid} is not supported`, { oid: p.hashOid });
  if (p.mgfOid !== MGF1) throw new SignatureError('unsupported-algorithm', `RSASSA-PSS mask generation function ${p.mgfOid} is not supported (only MGF1)`, { oid: p.mgfOid });
  const mgfHash = _hashByOid(p.mgfHashOid);
  if (!mgfHash) throw new SignatureError('unsupported-algorithm', `RSASSA-PSS MGF1 hash ${p.mgfHashOid} is not supported`, { oid: p.mgfHashOid });
  return { kind: 'rsa-pss', hash: hash.name, mgfHash: mgfHash.name, saltLength: p.saltLength };
}

/**
 * The encoding of RSASSA-PSS-params for a hash, MGF1 hash and salt length, with DEFAULT values
 * omitted (DER) and the hash parameters written as NULL, the form the CA/Browser Forum Baseline
 * Requirements §7.1.3.2 fix for SHA-256/384/512.
 * @example
 * ```ts
 * encodeRsaPssParameters({ hash: 'SHA-256' }) // salt 32, MGF1 SHA-256
 * ```
 */
export function encodeRsaPssParameters(p: { hash: HashName; mgfHash?: HashName; saltLength?: number }): Uint8Array {
  const hash = _hash(p.hash);
  const mgfHash = _hash(p.mgfHash ?? p.hash);
  const salt = p.saltLength ?? hash.length;
  if (!Number.isSafeInteger(salt) || salt < 0) throw new RangeError(`PSS salt length must be a non-negative integer, got ${salt}`);
  const w = new DerWriter();
  w.sequence((w) => {
    if (hash.name !== 'SHA-1') w.explicit(0, (w) => w.sequence((w) => w.oid(hash.oid).null()));
    if (mgfHash.name !== 'SHA-1') {
      w.explicit(1, (w) =>
        w.sequence((w) => {
          w.oid(MGF1);
          w.sequence((w) => w.oid(mgfHash.oid).null());
        }),
      );
    }
    if (salt !== 20) w.explicit(2, (w) => w.integer(salt));
  });
  return w.finish();
}

/**
 * The AlgorithmIdentifier for a scheme (NULL parameters for PKCS#1 v1.5, absent for ECDSA,
 * EdDSA and ML-DSA, RSASSA-PSS-params for PSS).
 * @throws SignatureError `unsupported-algorithm` for a combination without an OID.
 * @example
 * ```ts
 * signatureAlgorithmIdentifier({ kind: 'ecdsa', hash: 'SHA-384' }) // { oid: '1.2.840.10045.4.3.3' }
 * ```
 */
export function signatureAlgorithmIdentifier(scheme: SignatureScheme): AlgorithmIdentifier {
  switch (scheme.kind) {
    case 'rsa-pss':
      return { oid: SIGNATURE_OID.rsassaPss, parameters: encodeRsaPssParameters(scheme) };
    case 'eddsa':
      return { oid: SIGNATURE_OID[scheme.curve] };
    case 'ml-dsa':
      return { oid: SIGNATURE_OID[scheme.parameterSet] };
    default: {
      for (const [oid, info] of _algs()) {
        const s = info.scheme;
        if (oid !== OIW_SHA1_RSA && s !== undefined && s.kind === scheme.kind && 'hash' in s && s.hash === scheme.hash) {
          return scheme.kind === 'rsa-pkcs1' ? { oid, parameters: Uint8Array.of(0x05, 0x00) } : { oid };
        }
      }
      throw new SignatureError('unsupported-algorithm', `no ${scheme.kind} signature algorithm with ${scheme.hash}`);
    }
  }
}

/**
 * A name for people: `'ecdsa-with-SHA256'`, `'sha256WithRSAEncryption'`, `'Ed25519'`,
 * `'RSASSA-PSS (SHA-256, MGF1 SHA-256, salt 32)'`; unknown algorithms give their OID.
 * Never throws.
 * @example
 * ```ts
 * describeSignatureAlgorithm(cert.signatureAlgorithm) // 'sha256WithRSAEncryption'
 * ```
 */
export function describeSignatureAlgorithm(alg: AlgorithmIdentifier): string {
  const info = _algs().get(alg.oid);
  if (info === undefined) return alg.oid;
  if (info.rule !== 'pss') return info.name;
  if (alg.parameters === undefined) return 'RSASSA-PSS (no parameters)';
  try {
    const p = parseRsaPssParameters(alg.parameters, { lenient: true });
    const h = _hashByOid(p.hashOid)?.name ?? p.hashOid;
    const mh = _hashByOid(p.mgfHashOid)?.name ?? p.mgfHashOid;
    const mgf = p.mgfOid === MGF1 ? `MGF1 ${mh}` : p.mgfOid;
    return `RSASSA-PSS (${h}, ${mgf}, salt ${p.saltLength})`;
  } catch {
    return 'RSASSA-PSS (malformed parameters)';
  }
}
