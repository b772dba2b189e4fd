/**
 * X.509 v3 certificates (RFC 5280 §4.1): a strict, synchronous, zero-copy, lazy parser.
 *
 * Scope: `parseCertificate()` walks the outer structure and every TBSCertificate field eagerly,
 * checking DER and the RFC 5280 structural rules (version, serial number, matching signature
 * algorithms, validity encoding, unique identifiers, the extension list and its duplicates, no
 * trailing data anywhere). Everything costly is decoded on first access and cached: the issuer
 * and subject names, the public key, the signature algorithm, and each extension body.
 * The parsed object keeps views of the exact bytes received (`raw`, `rawTbs`, `rawIssuer`, ...):
 * signatures are verified, and names compared, over what was received.
 *
 * Parsed certificates alias the caller's buffer: do not modify it while the certificate is used
 * (copy it first if you must).
 *
 * Non-goals: path validation (see `src/path/`), revocation, policy processing, building
 * certificates (see `certificate-builder.ts`), the text dump (see `format.ts`).
 * @module
 */
import {
  CertkitError, DerError, DerReader, Tag, addPath, bytesEqual, bytesToBigInt, toHex, type Tlv,
  type BitString, decodeBitString, decodeOid, encodeOid,
} from '../der/index';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { parsePublicKey, type PublicKey } from '../keys/index';
import { encodePem, toDer } from '../pem/index';
import { EXTENSION } from '../oid/index';
import {
  parseAlgorithmIdentifier, verifySignatureSync as _verify, verifySignature as _verifyAsync,
  describeSignatureAlgorithm, type AlgorithmIdentifier, type VerifyOptions as VerifyAsyncOptions, type VerifyPolicy,
} from '../sig/index';
import {
  decodeAuthorityInfoAccess, decodeAuthorityKeyIdentifier, decodeBasicConstraints, decodeCertificatePolicies,
  decodeCrlDistributionPoints, decodeExtKeyUsage, decodeExtension, decodeFreshestCrl, decodeInhibitAnyPolicy,
  decodeIssuerAltName, decodeKeyUsage, decodeNameConstraints, decodePolicyConstraints, decodePolicyMappings,
  decodeSignedCertificateTimestamps, decodeSubjectAltName, decodeSubjectInfoAccess, decodeSubjectKeyIdentifier,
  decodeTlsFeature, extensionCodec, formatExtension,
  type AuthorityInfoAccess, type AuthorityKeyIdentifier, type BasicConstraints, type CertificatePolicies,
  type CrlDistributionPoints, type DecodedExtension, type ExtKeyUsage, type FreshestCrl, type KeyUsage,
  type NameConstraints, type PolicyConstraints, type PolicyMappings, type SignedCertificateTimestampList,
  type SubjectAltName, type SubjectInfoAccess, type TlsFeature,
} from './extensions/index';
import { _formatCertificate } from './format';
import { _hdr, _hEnd } from './_fast-der';
import { Name } from './name';

/** Codes a {@link CertificateError} can carry. */
export type CertificateErrorCode =
  | 'invalid-version' // RFC 5280 §4.1.2.1: v1, v2 or v3 only
  | 'version-mismatch' // §4.1.2.8/§4.1.2.9: unique IDs need v2+, extensions need v3
  | 'invalid-serial-number' // §4.1.2.2: positive, at most 20 octets
  | 'signature-algorithm-mismatch' // §4.1.1.2: signatureAlgorithm equals tbsCertificate.signature
  | 'empty-extensions' // §4.1: Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension
  | 'duplicate-extension' // §4.2: a certificate MUST NOT include more than one instance of an extension
  | 'invalid-signature-value' // the signature BIT STRING is not octet-aligned
  | 'missing-extension' // a required extension is absent (used by getters that demand one)
  | 'invalid-input'; // the input is neither DER nor PEM holding a certificate

/**
 * An error in a certificate's structure beyond the DER rules (those raise `DerError`).
 * `path` names the field (`tbsCertificate.serialNumber`) and `offset` the byte.
 *
 * @example
 * ```ts
 * try { parseCertificate(der) } catch (e) {
 *   if (e instanceof CertificateError && e.code === 'duplicate-extension') console.log(e.path)
 * }
 * ```
 */
export class CertificateError extends CertkitError {
  declare readonly code: CertificateErrorCode;
  constructor(code: CertificateErrorCode, message: string, location: { offset?: number; path?: string; cause?: unknown } = {}) {
    super(code, message, location);
    this.name = 'CertificateError';
  }
}

/**
 * Options of {@link parseCertificate}.
 * @example
 * ```ts
 * parseCertificate(oldCaCert, { lenient: true })
 * ```
 */
export interface ParseCertificateOptions {
  /**
   * Accept the deviations real certificates carry, each one documented where it is allowed:
   * - serial numbers that are negative or longer than 20 octets (RFC 5280 §4.1.2.2 asks
   *   users to "gracefully handle" them; old CAs issued such serials);
   * - the DER leniencies of {@link DerReaderOptions.lenient} (explicit `critical FALSE`, an
   *   explicitly encoded v1 version, non-minimal INTEGERs, PrintableString with `*`/`@`/`&`/`_`);
   * - an empty Extensions list, and a signature BIT STRING that is not octet-aligned.
   * Tag and length rules, trailing data, duplicate extensions and mismatched signature
   * algorithms are never relaxed. Default `false`.
   */
  lenient?: boolean;
}

/**
 * One extension as received: OID, critical flag and the contents of `extnValue` (a view).
 * Structurally the same as the extension layer's `Extension`, so `decodeExtension(raw)` works.
 * @example
 * ```ts
 * for (const e of cert.extensions) console.log(e.oid, e.critical, e.value.length);
 * ```
 */
export interface RawExtension {
  /** `extnID` as a dotted string. */
  readonly oid: string;
  /** `critical`, `false` when absent. */
  readonly critical: boolean;
  /** The contents of the `extnValue` OCTET STRING (the DER of the extension's own syntax). */
  readonly value: Uint8Array;
  /** Absolute offset of the `Extension` SEQUENCE in the parsed buffer. */
  readonly offset: number;
  /** Absolute offset of the first `extnValue` contents octet. */
  readonly valueOffset: number;
}

// Tags of the optional TBSCertificate fields (RFC 5280 §4.1, IMPLICIT/EXPLICIT as the module says).
const TAG_VERSION = 0xa0; // [0] EXPLICIT Version
const TAG_ISSUER_UID = 0x81; // [1] IMPLICIT UniqueIdentifier (BIT STRING, primitive)
const TAG_SUBJECT_UID = 0x82; // [2] IMPLICIT UniqueIdentifier
const TAG_EXTENSIONS = 0xa3; // [3] EXPLICIT Extensions

/**
 * Offsets found by the eager walk (absolute, into `buf`); {@link Certificate} makes views and
 * decodes from these. `xS`/`xE` are the start and end of an element, header included; `xV` the
 * first contents octet. A class with numeric fields so that both walks build the same shape.
 */
class _Fields {
  certS = 0;
  certE = 0;
  tbsS = 0;
  tbsE = 0;
  version: 1 | 2 | 3 = 1;
  serialV = 0;
  serialE = 0;
  algS = 0;
  algE = 0;
  issuerS = 0;
  issuerE = 0;
  validityS = 0;
  validityE = 0;
  /** Decoded times (set by the slow walk; the fast walk leaves them to first read). */
  notBefore: Date | undefined = undefined;
  notAfter: Date | undefined = undefined;
  /** Contents offsets of the two Time elements and whether each is a GeneralizedTime. */
  nbV = 0;
  nbE = 0;
  nbGen = false;
  naV = 0;
  naE = 0;
  naGen = false;
  subjectS = 0;
  subjectE = 0;
  spkiS = 0;
  spkiE = 0;
  issuerUniqueId: BitString | undefined = undefined;
  subjectUniqueId: BitString | undefined = undefined;
  extensions: RawExtension[] = _NO_EXTENSIONS;
  extListS = -1;
  extListE = -1;
  sigV = 0; // the unused-bits octet of signatureValue
  sigE = 0;
  constructor(
    readonly buf: Uint8Array,
    readonly lenient: boolean,
  ) {}
}


/**
 * An extension as received. The OID string and the `value` view are made on first read (most
 * extensions of most certificates are never read); lookups by OID compare encodings.
 */
class _RawExtension implements RawExtension {
  private _oid: string | undefined;
  constructor(
    private readonly _buf: Uint8Array,
    /** Offsets of the extnID contents. */
    readonly _oidV: number,
    readonly _oidE: number,
    readonly critical: boolean,
    readonly offset: number,
    readonly valueOffset: number,
    private readonly _end: number,
  ) {}
  get oid(): string {
    return (this._oid ??= decodeOid(this._buf.subarray(this._oidV, this._oidE), this._oidV));
  }
  get value(): Uint8Array {
    return this._buf.subarray(this.valueOffset, this._end);
  }
  /** Whether extnID's contents equal `enc` (an encoded OID's contents). */
  _is(enc: Uint8Array): boolean {
    const n = enc.length;
    if (this._oidE - this._oidV !== n) return false;
    const b = this._buf;
    const o = this._oidV;
    for (let i = 0; i < n; i++) if (b[o + i] !== enc[i]) return false;
    return true;
  }
  toJSON(): { oid: string; critical: boolean; value: string } {
    return { oid: this.oid, critical: this.critical, value: toHex(this.value) };
  }
}

let _oidEncodings: Map<string, Uint8Array> | undefined;
/** Contents octets of a dotted OID, cached (lookups compare these to extnID bytes). */
function _encodedOid(oid: string): Uint8Array {
  _oidEncodings ??= new Map();
  let e = _oidEncodings.get(oid);
  if (e === undefined) {
    e = encodeOid(oid);
    if (_oidEncodings.size < 1024) _oidEncodings.set(oid, e);
  }
  return e;
}

function _fail(code: CertificateErrorCode, message: string, offset: number): never {
  throw new CertificateError(code, message, { offset });
}

/**
 * AlgorithmIdentifier (RFC 5280 §4.1.1.2), checked for shape only here:
 * ```asn1
 * AlgorithmIdentifier  ::=  SEQUENCE  {
 *      algorithm               OBJECT IDENTIFIER,
 *      parameters              ANY DEFINED BY algorithm OPTIONAL  }
 * ```
 */
function _checkAlgorithmIdentifier(r: DerReader): Tlv {
  const t = r.read(Tag.SEQUENCE, 'AlgorithmIdentifier');
  const a = r.enterTlv(t);
  a.readOid('algorithm');
  if (!a.atEnd) a.readTlv(); // parameters: ANY, checked by the signature layer when used
  a.finish('AlgorithmIdentifier');
  return t;
}

/**
 * Time in a validity field (RFC 5280 §4.1.2.5). The profile's "UTCTime through 2049" is a rule
 * for CAs, and it is not enforced here: Certum Trusted Network CA 2, in the Mozilla root store,
 * has a GeneralizedTime notBefore in 2011, and refusing a trust anchor helps nobody. The builder
 * always follows the rule. The DER form of each time (seconds, `Z`, no fraction) is enforced.
 */
function _readValidityTime(r: DerReader, what: string): Date {
  return r.readTime(what);
}

/**
 * The eager walk over Certificate and TBSCertificate (RFC 5280 §4.1):
 * ```asn1
 * Certificate  ::=  SEQUENCE  {
 *      tbsCertificate       TBSCertificate,
 *      signatureAlgorithm   AlgorithmIdentifier,
 *      signatureValue       BIT STRING  }
 *
 * TBSCertificate  ::=  SEQUENCE  {
 *      version         [0]  EXPLICIT Version DEFAULT v1,
 *      serialNumber         CertificateSerialNumber,
 *      signature            AlgorithmIdentifier,
 *      issuer               Name,
 *      validity             Validity,
 *      subject              Name,
 *      subjectPublicKeyInfo SubjectPublicKeyInfo,
 *      issuerUniqueID  [1]  IMPLICIT UniqueIdentifier OPTIONAL,
 *                           -- If present, version MUST be v2 or v3
 *      subjectUniqueID [2]  IMPLICIT UniqueIdentifier OPTIONAL,
 *                           -- If present, version MUST be v2 or v3
 *      extensions      [3]  EXPLICIT Extensions OPTIONAL
 *                           -- If present, version MUST be v3
 *      }
 * ```
 * One try/catch tracks the current field path instead of a closure per field (this runs for
 * every certificate of a root store; see bench/x509.bench.ts).
 */
function _slowWalk(der: Uint8Array, lenient: boolean): _Fields {
  let path = 'certificate';
  try {
    const top = new DerReader(der, { lenient });
    const certTlv = top.read(Tag.SEQUENCE, 'Certificate');
    top.finish('the certificate (trailing data after the Certificate SEQUENCE)');
    const cert = top.enterTlv(certTlv);

    path = 'tbsCertificate';
    const tbsTlv = cert.read(Tag.SEQUENCE, 'TBSCertificate');
    const tbs = cert.enterTlv(tbsTlv);

    // version [0] EXPLICIT Version DEFAULT v1; Version ::= INTEGER { v1(0), v2(1), v3(2) }
    path = 'tbsCertificate.version';
    let version: 1 | 2 | 3 = 1;
    const vTlv = tbs.readOptional(TAG_VERSION);
    if (vTlv !== undefined) {
      const vr = tbs.enterTlv(vTlv);
      const vAt = vr.pos;
      const v = vr.readSmallInteger(Tag.INTEGER, 'Version');
      vr.finish('version');
      if (v > 2) _fail('invalid-version', `version ${v} (v${v + 1}) is not v1, v2 or v3 (RFC 5280 §4.1.2.1)`, vAt);
      if (v === 0 && !lenient) {
        // X.690 §11.5: a DEFAULT value is omitted in DER; some old CAs wrote v1 explicitly.
        throw new DerError('explicit-default', 'version v1 is encoded explicitly; DER omits the DEFAULT (X.690 §11.5; lenient mode accepts it)', { offset: vTlv.offset });
      }
      version = (v + 1) as 1 | 2 | 3;
    }

    // CertificateSerialNumber ::= INTEGER (§4.1.2.2)
    path = 'tbsCertificate.serialNumber';
    const serialTlv = tbs.read(Tag.INTEGER, 'serialNumber');
    _checkSerial(serialTlv, lenient);

    path = 'tbsCertificate.signature';
    const innerAlg = _checkAlgorithmIdentifier(tbs);

    path = 'tbsCertificate.issuer';
    const issuerTlv = tbs.read(Tag.SEQUENCE, 'issuer Name');

    // Validity ::= SEQUENCE { notBefore Time, notAfter Time }
    path = 'tbsCertificate.validity';
    const validityTlv = tbs.read(Tag.SEQUENCE, 'Validity');
    const vr = tbs.enterTlv(validityTlv);
    path = 'tbsCertificate.validity.notBefore';
    const notBefore = _readValidityTime(vr, 'notBefore');
    path = 'tbsCertificate.validity.notAfter';
    const notAfter = _readValidityTime(vr, 'notAfter');
    path = 'tbsCertificate.validity';
    vr.finish('Validity');

    path = 'tbsCertificate.subject';
    const subjectTlv = tbs.read(Tag.SEQUENCE, 'subject Name');

    // SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }
    path = 'tbsCertificate.subjectPublicKeyInfo';
    const spkiTlv = tbs.read(Tag.SEQUENCE, 'SubjectPublicKeyInfo');
    const sr = tbs.enterTlv(spkiTlv);
    path = 'tbsCertificate.subjectPublicKeyInfo.algorithm';
    _checkAlgorithmIdentifier(sr);
    path = 'tbsCertificate.subjectPublicKeyInfo.subjectPublicKey';
    sr.readBitString(Tag.BIT_STRING, 'subjectPublicKey');
    path = 'tbsCertificate.subjectPublicKeyInfo';
    sr.finish('SubjectPublicKeyInfo');

    // UniqueIdentifier ::= BIT STRING (§4.1.2.8): only in v2 and v3.
    path = 'tbsCertificate.issuerUniqueID';
    let issuerUniqueId: BitString | undefined;
    const iu = tbs.readOptional(TAG_ISSUER_UID);
    if (iu !== undefined) {
      if (version === 1) _fail('version-mismatch', 'issuerUniqueID in a v1 certificate; it needs v2 or v3 (RFC 5280 §4.1.2.8)', iu.offset);
      issuerUniqueId = decodeBitString(iu.value, iu.valueOffset);
    }
    path = 'tbsCertificate.subjectUniqueID';
    let subjectUniqueId: BitString | undefined;
    const su = tbs.readOptional(TAG_SUBJECT_UID);
    if (su !== undefined) {
      if (version === 1) _fail('version-mismatch', 'subjectUniqueID in a v1 certificate; it needs v2 or v3 (RFC 5280 §4.1.2.8)', su.offset);
      subjectUniqueId = decodeBitString(su.value, su.valueOffset);
    }

    path = 'tbsCertificate.extensions';
    let extensions: RawExtension[] = _NO_EXTENSIONS;
    let extensionList: Tlv | undefined;
    const extTlv = tbs.readOptional(TAG_EXTENSIONS);
    if (extTlv !== undefined) {
      if (version !== 3) _fail('version-mismatch', `extensions in a v${version} certificate; they need v3 (RFC 5280 §4.1.2.9)`, extTlv.offset);
      const er = tbs.enterTlv(extTlv);
      const listTlv = er.read(Tag.SEQUENCE, 'Extensions');
      er.finish('extensions');
      extensionList = listTlv;
      extensions = _walkExtensions(er.enterTlv(listTlv), lenient, (p) => (path = p));
      path = 'tbsCertificate.extensions';
    }
    path = 'tbsCertificate';
    tbs.finish('TBSCertificate');

    path = 'signatureAlgorithm';
    const outerAlg = _checkAlgorithmIdentifier(cert);
    // RFC 5280 §4.1.1.2: this field MUST contain the same algorithm identifier as the signature
    // field in the sequence tbsCertificate. Compared byte for byte: two encodings of the "same"
    // parameters (absent vs NULL) are a mismatch an attacker could use to confuse verifiers.
    if (!bytesEqual(outerAlg.raw, innerAlg.raw)) {
      _fail('signature-algorithm-mismatch', 'signatureAlgorithm differs from tbsCertificate.signature; RFC 5280 §4.1.1.2 requires the same AlgorithmIdentifier', outerAlg.offset);
    }

    path = 'signatureValue';
    const sigTlv = cert.read(Tag.BIT_STRING, 'signatureValue');
    const unused = decodeBitString(sigTlv.value, sigTlv.valueOffset).unusedBits;
    if (unused !== 0 && !lenient) {
      _fail('invalid-signature-value', `signatureValue has ${unused} unused bits; every signature algorithm in use produces whole octets`, sigTlv.valueOffset);
    }
    path = 'certificate';
    cert.finish('Certificate');

    const f = new _Fields(der, lenient);
    f.certS = certTlv.offset;
    f.certE = certTlv.end;
    f.tbsS = tbsTlv.offset;
    f.tbsE = tbsTlv.end;
    f.version = version;
    f.serialV = serialTlv.valueOffset;
    f.serialE = serialTlv.end;
    f.algS = outerAlg.offset;
    f.algE = outerAlg.end;
    f.issuerS = issuerTlv.offset;
    f.issuerE = issuerTlv.end;
    f.validityS = validityTlv.offset;
    f.validityE = validityTlv.end;
    f.notBefore = notBefore;
    f.notAfter = notAfter;
    f.subjectS = subjectTlv.offset;
    f.subjectE = subjectTlv.end;
    f.spkiS = spkiTlv.offset;
    f.spkiE = spkiTlv.end;
    f.issuerUniqueId = issuerUniqueId;
    f.subjectUniqueId = subjectUniqueId;
    f.extensions = extensions;
    if (extensionList !== undefined) {
      f.extListS = extensionList.offset;
      f.extListE = extensionList.end;
    }
    f.sigV = sigTlv.valueOffset;
    f.sigE = sigTlv.end;
    return f;
  } catch (e) {
    throw addPath(e, path);
  }
}

/**
 * Errors from a parser that was handed a view (`rawSpki`, an extension's value) carry offsets into
 * that view; this makes them absolute offsets into the certificate buffer and adds the path.
 */
function _rebase(e: unknown, base: number, path: string): unknown {
  if (e instanceof CertkitError && e.offset !== undefined) e.offset += base;
  return addPath(e, path);
}

function _parseName(buf: Uint8Array, start: number, end: number, lenient: boolean, path: string): Name {
  try {
    return Name._at(buf, start, end, lenient);
  } catch (e) {
    throw addPath(e, path);
  }
}

const _NO_EXTENSIONS: RawExtension[] = /* @__PURE__ */ Object.freeze([]) as unknown as RawExtension[];

// ---------------------------------------------------------------------------------------------
// The fast walk. Same checks as `_slowWalk`, over plain offsets with no allocation per element,
// for the certificates that are well-formed, which is nearly all of them. It never reports an
// error: on anything unusual (a rule broken, a rare form such as unique identifiers, a high tag
// number, an explicit v1, `critical FALSE`) it returns `undefined` and `_slowWalk` runs,
// which is the specification and produces the error with its path and offset. So the fast walk
// only has to accept nothing that `_slowWalk` refuses and to find the same fields; a property
// test (`test/x509-certificate-parse.test.ts`) holds it to that on mutated certificates.


/** X.690 §8.19: non-empty, minimal subidentifiers, last one complete. */
function _oidOk(b: Uint8Array, v: number, e: number): boolean {
  if (v >= e || (b[e - 1]! & 0x80) !== 0) return false;
  let start = true;
  for (let i = v; i < e; i++) {
    const c = b[i]!;
    if (start && c === 0x80) return false;
    start = (c & 0x80) === 0;
  }
  return true;
}

/** AlgorithmIdentifier with an OID and at most one NULL, OID or SEQUENCE parameter; returns its end. */
function _alg(b: Uint8Array, p: number, end: number): number {
  const v = _hdr(b, p, end, 0x30);
  if (v < 0) return -1;
  const e = _hEnd;
  const ov = _hdr(b, v, e, 0x06);
  if (ov < 0 || !_oidOk(b, ov, _hEnd)) return -1;
  let q = _hEnd;
  if (q < e) {
    const t = b[q];
    if ((t !== 0x05 && t !== 0x06 && t !== 0x30) || _hdr(b, q, e, t) < 0) return -1;
    q = _hEnd;
  }
  return q === e ? e : -1;
}

function _d2(b: Uint8Array, i: number): number {
  const x = b[i]! - 0x30;
  const y = b[i + 1]! - 0x30;
  return x < 0 || x > 9 || y < 0 || y > 9 ? -1 : x * 10 + y;
}

/**
 * Checks a UTCTime `YYMMDDHHMMSSZ` or GeneralizedTime `YYYYMMDDHHMMSSZ` (years 1000-9999) as
 * `decodeUtcTime`/`decodeGeneralizedTime` would, without making the `Date` (made on first
 * read). Returns 1 for a UTCTime, 2 for a GeneralizedTime, 0 to go slow; `_hEnd` is the element end.
 */
function _time(b: Uint8Array, p: number, end: number): number {
  let v = _hdr(b, p, end, 0x17);
  let y: number;
  let kind = 1;
  if (v >= 0) {
    if (_hEnd - v !== 13) return 0;
    const yy = _d2(b, v);
    if (yy < 0) return 0;
    y = yy >= 50 ? 1900 + yy : 2000 + yy; // RFC 5280 §4.1.2.5.1
    v += 2;
  } else {
    v = _hdr(b, p, end, 0x18);
    if (v < 0 || _hEnd - v !== 15) return 0;
    kind = 2;
    const hi = _d2(b, v);
    const lo = _d2(b, v + 2);
    if (hi < 10 || lo < 0) return 0;
    y = hi * 100 + lo;
    v += 4;
  }
  const mo = _d2(b, v), d = _d2(b, v + 2), h = _d2(b, v + 4), mi = _d2(b, v + 6), sec = _d2(b, v + 8);
  if (b[v + 10] !== 0x5a || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return 0;
  const dim = mo === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
  return d > dim ? 0 : kind;
}

/** The eager walk over offsets; `undefined` sends the input to `_slowWalk`. */
function _fastWalk(b: Uint8Array, lenient: boolean): _Fields | undefined {
  const n = b.length;
  const certV = _hdr(b, 0, n, 0x30);
  if (certV < 0 || _hEnd !== n) return undefined;
  const f = new _Fields(b, lenient);
  f.certS = 0;
  f.certE = n;
  // TBSCertificate
  let p = _hdr(b, certV, n, 0x30);
  if (p < 0) return undefined;
  const tbsE = _hEnd;
  f.tbsS = certV;
  f.tbsE = tbsE;
  // version [0] EXPLICIT: only v2 and v3 here (v1 is absent; an explicit v1 goes slow).
  if (b[p] === 0xa0) {
    const vv = _hdr(b, p, tbsE, 0xa0);
    if (vv < 0) return undefined;
    const ve = _hEnd;
    const iv = _hdr(b, vv, ve, 0x02);
    if (iv < 0 || _hEnd !== ve || ve - iv !== 1) return undefined;
    const x = b[iv]!;
    if (x !== 1 && x !== 2) return undefined;
    f.version = (x + 1) as 2 | 3;
    p = ve;
  }
  // serialNumber: minimal, positive, at most 20 value octets (see _checkSerial).
  const sv = _hdr(b, p, tbsE, 0x02);
  if (sv < 0) return undefined;
  const se = _hEnd;
  const sl = se - sv;
  if (sl === 0 || sl > 21 || b[sv]! >= 0x80) return undefined;
  if (sl > 1 && b[sv] === 0 && b[sv + 1]! < 0x80) return undefined;
  if (sl === 21 && b[sv] !== 0) return undefined;
  f.serialV = sv;
  f.serialE = se;
  // signature
  const innerS = se;
  const innerE = _alg(b, se, tbsE);
  if (innerE < 0) return undefined;
  // issuer, validity, subject
  if (_hdr(b, innerE, tbsE, 0x30) < 0) return undefined;
  f.issuerS = innerE;
  f.issuerE = _hEnd;
  const vs = _hEnd;
  const vv = _hdr(b, vs, tbsE, 0x30);
  if (vv < 0) return undefined;
  const vE = _hEnd;
  const nb = _time(b, vv, vE);
  if (nb === 0) return undefined;
  f.nbV = _hEnd - (nb === 1 ? 13 : 15);
  f.nbE = _hEnd;
  f.nbGen = nb === 2;
  const na = _time(b, _hEnd, vE);
  if (na === 0 || _hEnd !== vE) return undefined;
  f.naV = _hEnd - (na === 1 ? 13 : 15);
  f.naE = _hEnd;
  f.naGen = na === 2;
  f.validityS = vs;
  f.validityE = vE;
  if (_hdr(b, vE, tbsE, 0x30) < 0) return undefined;
  f.subjectS = vE;
  f.subjectE = _hEnd;
  // SubjectPublicKeyInfo
  const ks = _hEnd;
  const kv = _hdr(b, ks, tbsE, 0x30);
  if (kv < 0) return undefined;
  const kE = _hEnd;
  const ka = _alg(b, kv, kE);
  if (ka < 0) return undefined;
  const bv = _hdr(b, ka, kE, 0x03);
  if (bv < 0 || _hEnd !== kE || !_bitsOk(b, bv, kE)) return undefined;
  f.spkiS = ks;
  f.spkiE = kE;
  p = kE;
  // extensions [3] EXPLICIT (unique identifiers go slow)
  if (p < tbsE) {
    if (f.version !== 3) return undefined;
    const xv = _hdr(b, p, tbsE, 0xa3);
    if (xv < 0 || _hEnd !== tbsE) return undefined;
    const lv = _hdr(b, xv, tbsE, 0x30);
    if (lv < 0 || _hEnd !== tbsE || lv === tbsE) return undefined;
    f.extListS = xv;
    f.extListE = tbsE;
    const exts: _RawExtension[] = [];
    let q = lv;
    while (q < tbsE) {
      const ev = _hdr(b, q, tbsE, 0x30);
      if (ev < 0) return undefined;
      const eE = _hEnd;
      const ov = _hdr(b, ev, eE, 0x06);
      if (ov < 0) return undefined;
      const oE = _hEnd;
      if (!_oidOk(b, ov, oE)) return undefined;
      let r = oE;
      let critical = false;
      if (b[r] === 0x01) {
        // critical TRUE only; an explicit FALSE (DEFAULT) goes slow.
        const cv = _hdr(b, r, eE, 0x01);
        if (cv < 0 || _hEnd - cv !== 1 || b[cv] !== 0xff) return undefined;
        critical = true;
        r = _hEnd;
      }
      const valV = _hdr(b, r, eE, 0x04);
      if (valV < 0 || _hEnd !== eE) return undefined;
      // RFC 5280 §4.2: no duplicates (long lists go slow, which uses a Set).
      if (exts.length >= 16) return undefined;
      for (const prev of exts) {
        if (prev._oidE - prev._oidV === oE - ov && _same(b, prev._oidV, ov, oE - ov)) return undefined;
      }
      exts.push(new _RawExtension(b, ov, oE, critical, q, valV, eE));
      q = eE;
    }
    f.extensions = exts;
  }
  // signatureAlgorithm, equal to the inner one byte for byte (RFC 5280 §4.1.1.2)
  const outerE = _alg(b, tbsE, n);
  if (outerE < 0 || outerE - tbsE !== innerE - innerS || !_same(b, tbsE, innerS, innerE - innerS)) return undefined;
  f.algS = tbsE;
  f.algE = outerE;
  // signatureValue: octet-aligned BIT STRING, last element
  const gv = _hdr(b, outerE, n, 0x03);
  if (gv < 0 || _hEnd !== n || gv === n || b[gv] !== 0) return undefined;
  f.sigV = gv;
  f.sigE = n;
  return f;
}

/** BIT STRING contents rules of X.690 §8.6.2 and §11.2.1. */
/** OCSP no-check: `NULL` (RFC 6960 §4.2.2.2.1). */
function _decodeNull(value: Uint8Array, offsetBase: number): null {
  const r = new DerReader(value);
  try {
    r.readNull();
    r.finish('OCSP no-check');
  } catch (e) {
    throw _rebase(e, offsetBase, '');
  }
  return null;
}

/** The key for {@link Certificate.verifySignature}'s `issuer` argument. */
function _issuerKey(issuer: PublicKey | Uint8Array | Certificate): PublicKey | Uint8Array {
  if (issuer instanceof Certificate) return issuer.publicKey;
  if (issuer instanceof Uint8Array) return issuer;
  if (issuer !== null && typeof issuer === 'object' && (issuer as PublicKey).spki instanceof Uint8Array) return issuer;
  throw new TypeError('verifySignature expects the issuer PublicKey, SPKI DER or Certificate');
}

/** Makes decoded extension values JSON-friendly: bytes to hex, bigints to strings, Names to text. */
function _jsonable(v: unknown): unknown {
  if (v instanceof Uint8Array) return toHex(v);
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Name) return v.toString();
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(_jsonable);
  if (v !== null && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = _jsonable(x);
    return o;
  }
  return v;
}

/**
 * A Time the fast walk has checked (digits, ranges, `Z`), as a Date. Years are 1950-2049 for
 * UTCTime and 1000-9999 for GeneralizedTime, where `Date.UTC` takes the year as given.
 */
function _timeAt(b: Uint8Array, v: number, generalized: boolean): Date {
  let y: number;
  if (generalized) {
    y = _d2(b, v) * 100 + _d2(b, v + 2);
    v += 4;
  } else {
    const yy = _d2(b, v);
    y = yy >= 50 ? 1900 + yy : 2000 + yy;
    v += 2;
  }
  return new Date(Date.UTC(y, _d2(b, v) - 1, _d2(b, v + 2), _d2(b, v + 4), _d2(b, v + 6), _d2(b, v + 8)));
}

function _bitsOk(b: Uint8Array, v: number, e: number): boolean {
  if (v >= e) return false;
  const u = b[v]!;
  if (u > 7 || (u !== 0 && (e - v === 1 || (b[e - 1]! & ((1 << u) - 1)) !== 0))) return false;
  return true;
}

function _same(b: Uint8Array, x: number, y: number, len: number): boolean {
  for (let i = 0; i < len; i++) if (b[x + i] !== b[y + i]) return false;
  return true;
}

/**
 * RFC 5280 §4.1.2.2: "The serial number MUST be a positive integer ... Conforming CAs MUST NOT use
 * serialNumber values longer than 20 octets." The limit is read as 20 octets of *value*: a
 * leading 0x00 sign octet in front of 20 value octets is allowed (as Go and rustls-webpki do),
 * because a CA that draws 160 random bits needs it half the time.
 * Zero is accepted even in strict mode, a documented leniency: six roots of the Mozilla store
 * (Go Daddy Root G2, Starfield Root G2 and Services Root G2, SECOM RootCA2, and the two HARICA
 * 2015 roots) have serial 0, and §4.1.2.2 asks users to "gracefully handle" such values.
 */
function _checkSerial(t: Tlv, lenient: boolean): void {
  const v = t.value;
  // Minimal encoding: checked here (the DER INTEGER rule) with lenient mode relaxing it.
  if (v.length === 0) throw new DerError('empty-integer', 'serialNumber has no contents octets (X.690 §8.3.1)', { offset: t.valueOffset });
  if (!lenient && v.length > 1 && ((v[0] === 0 && v[1]! < 0x80) || (v[0] === 0xff && v[1]! >= 0x80))) {
    throw new DerError('non-minimal-integer', 'serialNumber is not in its shortest form (X.690 §8.3.2; lenient mode accepts it)', { offset: t.valueOffset });
  }
  if (lenient) return;
  if (v[0]! >= 0x80) _fail('invalid-serial-number', 'serialNumber is negative; RFC 5280 §4.1.2.2 requires a positive integer (lenient mode accepts it)', t.valueOffset);
  const magnitude = v[0] === 0 ? v.length - 1 : v.length;
  if (magnitude > 20) {
    _fail('invalid-serial-number', `serialNumber has ${magnitude} octets; RFC 5280 §4.1.2.2 allows at most 20 (lenient mode accepts it)`, t.valueOffset);
  }
}

/**
 * Extensions (RFC 5280 §4.1), walked for shape and duplicates only; bodies are decoded on demand.
 * ```asn1
 * Extensions  ::=  SEQUENCE SIZE (1..MAX) OF Extension
 * Extension  ::=  SEQUENCE  {
 *      extnID      OBJECT IDENTIFIER,
 *      critical    BOOLEAN DEFAULT FALSE,
 *      extnValue   OCTET STRING
 *                  -- contains the DER encoding of an ASN.1 value
 *                  -- corresponding to the extension type identified
 *                  -- by extnID
 *      }
 * ```
 */
function _walkExtensions(r: DerReader, lenient: boolean, setPath: (p: string) => void): RawExtension[] {
  const out: RawExtension[] = [];
  const listAt = r.pos;
  let seen: Set<string> | undefined;
  for (let i = 0; !r.atEnd; i++) {
    const base = `tbsCertificate.extensions[${i}]`;
    setPath(base);
    const t = r.read(Tag.SEQUENCE, 'Extension');
    const er = r.enterTlv(t);
    setPath(base + '.extnID');
    const oidTlv = er.read(Tag.OID, 'extnID');
    const oid = decodeOid(oidTlv.value, oidTlv.valueOffset); // checks the encoding
    setPath(base + '.critical');
    const critical = er.readDefaultBoolean(false, Tag.BOOLEAN, 'critical');
    setPath(base + '.extnValue');
    const valTlv = er.read(Tag.OCTET_STRING, 'extnValue');
    setPath(base);
    er.finish('Extension');
    // RFC 5280 §4.2: "A certificate MUST NOT include more than one instance of a particular
    // extension." Linear scan: certificates carry a handful; a hostile list is bounded by its size
    // and switches to a Set past 16 entries.
    if (out.length < 16) {
      for (const prev of out) {
        if (prev.oid === oid) _fail('duplicate-extension', `extension ${oid} appears more than once (first at offset ${prev.offset}); RFC 5280 §4.2 allows one instance`, t.offset);
      }
    } else {
      seen ??= new Set(out.map((e) => e.oid));
      if (seen.has(oid)) _fail('duplicate-extension', `extension ${oid} appears more than once; RFC 5280 §4.2 allows one instance`, t.offset);
      seen.add(oid);
    }
    out.push(new _RawExtension(t.buf, oidTlv.valueOffset, oidTlv.end, critical, t.offset, valTlv.valueOffset, valTlv.end));
  }
  if (out.length === 0 && !lenient) {
    _fail('empty-extensions', 'the Extensions list is empty; RFC 5280 §4.1 says SIZE (1..MAX) (omit the field instead)', listAt);
  }
  return out;
}

/**
 * A parsed certificate. Construct it with {@link parseCertificate}; every field below is either
 * read by the eager walk (cheap) or decoded on first access and cached.
 *
 * All `raw*` members are views into the buffer that was parsed (zero-copy).
 *
 * @example
 * ```ts
 * const cert = parseCertificate(pem);
 * cert.subject.commonName;   // 'example.com'
 * cert.notAfter;             // Date
 * cert.dnsNames;             // ['example.com', 'www.example.com']
 * ```
 */
export class Certificate {
  /** 1, 2 or 3 (the ASN.1 value plus one). */
  readonly version: 1 | 2 | 3;
  /** `issuerUniqueID` (RFC 5280 §4.1.2.8), when present. */
  readonly issuerUniqueId: BitString | undefined;
  /** `subjectUniqueID`, when present. */
  readonly subjectUniqueId: BitString | undefined;
  /** The extensions as received, in order (bodies undecoded; see {@link extension}). */
  readonly extensions: readonly RawExtension[];
  /** Whether the certificate was parsed in lenient mode (extension decoding follows it). */
  readonly lenient: boolean;

  private readonly _f: _Fields;
  private _cache: Map<string, unknown> | undefined;
  private _issuer: Name | undefined;
  private _subject: Name | undefined;

  /** @internal Use {@link parseCertificate}. */
  constructor(fields: _Fields) {
    this._f = fields;
    this.version = fields.version;
    this.issuerUniqueId = fields.issuerUniqueId;
    this.subjectUniqueId = fields.subjectUniqueId;
    this.extensions = fields.extensions;
    this.lenient = fields.lenient;
  }

  /** Start of the validity period (RFC 5280 §4.1.2.5), inclusive. */
  get notBefore(): Date {
    const f = this._f;
    return (f.notBefore ??= _timeAt(f.buf, f.nbV, f.nbGen));
  }

  /** End of the validity period, inclusive; 9999-12-31T23:59:59Z means no well-defined expiry. */
  get notAfter(): Date {
    const f = this._f;
    return (f.notAfter ??= _timeAt(f.buf, f.naV, f.naGen));
  }

  /** The whole Certificate encoding as received (a view of the parsed buffer). */
  get raw(): Uint8Array {
    return this._f.buf.subarray(this._f.certS, this._f.certE);
  }
  /** The TBSCertificate encoding: the bytes the signature covers. */
  get rawTbs(): Uint8Array {
    return this._f.buf.subarray(this._f.tbsS, this._f.tbsE);
  }
  /** Contents octets of the serialNumber INTEGER (two's complement, as received). */
  get rawSerial(): Uint8Array {
    return this._f.buf.subarray(this._f.serialV, this._f.serialE);
  }
  /** The `signatureAlgorithm` AlgorithmIdentifier encoding (equal to `tbsCertificate.signature`). */
  get rawSignatureAlgorithm(): Uint8Array {
    return this._f.buf.subarray(this._f.algS, this._f.algE);
  }
  /** The issuer Name encoding. */
  get rawIssuer(): Uint8Array {
    return this._f.buf.subarray(this._f.issuerS, this._f.issuerE);
  }
  /** The subject Name encoding. */
  get rawSubject(): Uint8Array {
    return this._f.buf.subarray(this._f.subjectS, this._f.subjectE);
  }
  /** The SubjectPublicKeyInfo encoding. */
  get rawSpki(): Uint8Array {
    return this._f.buf.subarray(this._f.spkiS, this._f.spkiE);
  }
  /** The Validity encoding. */
  get rawValidity(): Uint8Array {
    return this._f.buf.subarray(this._f.validityS, this._f.validityE);
  }
  /** The `Extensions` SEQUENCE encoding (inside `[3]`), when present. */
  get rawExtensions(): Uint8Array | undefined {
    return this._f.extListS < 0 ? undefined : this._f.buf.subarray(this._f.extListS, this._f.extListE);
  }
  /** The signature octets: the `signatureValue` BIT STRING without its unused-bits octet. */
  get rawSignatureValue(): Uint8Array {
    return this._f.buf.subarray(this._f.sigV + 1, this._f.sigE);
  }

  /**
   * The issuer name (RFC 5280 §4.1.2.4), decoded on first read.
   * @throws DerError / NameError with `path` `tbsCertificate.issuer...` when it is malformed.
   */
  get issuer(): Name {
    return (this._issuer ??= this._sameName(this._subject) ?? _parseName(this._f.buf, this._f.issuerS, this._f.issuerE, this.lenient, 'tbsCertificate.issuer'));
  }

  /**
   * The subject name (RFC 5280 §4.1.2.6), decoded on first read.
   * @throws DerError / NameError with `path` `tbsCertificate.subject...` when it is malformed.
   */
  get subject(): Name {
    return (this._subject ??= this._sameName(this._issuer) ?? _parseName(this._f.buf, this._f.subjectS, this._f.subjectE, this.lenient, 'tbsCertificate.subject'));
  }

  /**
   * In a self-issued certificate (every root) issuer and subject have the same encoding: the
   * name already read serves for both (names are immutable, and the same bytes read with the
   * same options give the same Name).
   */
  private _sameName(other: Name | undefined): Name | undefined {
    const f = this._f;
    const len = f.issuerE - f.issuerS;
    return other !== undefined && f.subjectE - f.subjectS === len && _same(f.buf, f.issuerS, f.subjectS, len) ? other : undefined;
  }

  /**
   * Whether issuer and subject are the same name under RFC 5280 §7.1 comparison (byte equality
   * first, then the normalised comparison of {@link Name.equals}). RFC 5280 §3.2: such a
   * certificate is "self-issued".
   */
  get isSelfIssued(): boolean {
    if (bytesEqual(this.rawIssuer, this.rawSubject)) return true;
    return this.issuer.equals(this.subject);
  }

  /**
   * The subject's public key, parsed from `rawSpki` on first read.
   * @throws KeyError / DerError with `path` `tbsCertificate.subjectPublicKeyInfo...` for a key
   * certkit cannot read (an unknown algorithm is `unsupported-algorithm`; the rest of the
   * certificate stays readable).
   */
  get publicKey(): PublicKey {
    return this._memo('publicKey', () => {
      try {
        return parsePublicKey(this.rawSpki, { lenient: this.lenient, allowCompressedPoints: this.lenient });
      } catch (e) {
        throw _rebase(e, this._f.spkiS, 'tbsCertificate');
      }
    });
  }

  /**
   * Fingerprint of the whole certificate DER, lower-case hex without separators (Node's
   * `X509Certificate.fingerprint256` is the same digest in upper case with colons).
   * @param algorithm `'SHA-256'` (default) or `'SHA-1'`.
   * @example
   * ```ts
   * cert.fingerprint(); cert.fingerprint('SHA-1')
   * ```
   */
  fingerprint(algorithm: 'SHA-256' | 'SHA-1' = 'SHA-256'): string {
    if (algorithm !== 'SHA-256' && algorithm !== 'SHA-1') throw new RangeError(`fingerprint: unsupported algorithm ${String(algorithm)}; use 'SHA-256' or 'SHA-1'`);
    return this._memo('fp' + algorithm, () => toHex(algorithm === 'SHA-256' ? sha256(this.raw) : sha1(this.raw)));
  }

  /**
   * The certificate as PEM (RFC 7468 §5: `-----BEGIN CERTIFICATE-----`).
   * @example
   * ```ts
   * writeFileSync('cert.pem', cert.toPem());
   * ```
   */
  toPem(): string {
    return encodePem('CERTIFICATE', this.raw);
  }

  /** A copy of the DER encoding (not aliasing the parsed buffer). */
  toDer(): Uint8Array {
    return this.raw.slice();
  }

  /**
   * Decodes the extension with this OID through `decode(value, offsetBase, lenient)` once and
   * caches the result; `undefined` when absent. Errors get `path`
   * `tbsCertificate.extensions[i].extnValue...` and absolute offsets.
   */
  private _decodeExt<T>(oid: string, decode: (value: Uint8Array, offsetBase: number, lenient: boolean) => T): T | undefined {
    const exts = this.extensions as readonly _RawExtension[];
    const enc = _encodedOid(oid);
    for (let i = 0; i < exts.length; i++) {
      const e = exts[i]!;
      if (!e._is(enc)) continue;
      return this._memo('ext:' + oid, () => {
        try {
          return decode(e.value, e.valueOffset, this.lenient);
        } catch (err) {
          throw addPath(err, `tbsCertificate.extensions[${i}].extnValue`);
        }
      });
    }
    return undefined;
  }

  /** subjectAltName (RFC 5280 §4.2.1.6), decoded on first read; `undefined` when absent. */
  get subjectAltName(): SubjectAltName | undefined {
    return this._decodeExt(EXTENSION.subjectAltName, decodeSubjectAltName);
  }

  /**
   * The dNSName entries of subjectAltName, in order (empty when there is none). Does not fall
   * back to the subject CN (RFC 6125 §6.4.4 and the CA/Browser Forum deprecated that).
   * @example
   * ```ts
   * cert.dnsNames // ['example.com', 'www.example.com']
   * ```
   */
  get dnsNames(): string[] {
    const san = this.subjectAltName;
    const out: string[] = [];
    if (san !== undefined) for (const n of san) if (n.type === 'dns') out.push(n.value);
    return out;
  }

  /** The iPAddress entries of subjectAltName as text (RFC 5952 for IPv6). */
  get ipAddresses(): string[] {
    const san = this.subjectAltName;
    const out: string[] = [];
    if (san !== undefined) for (const n of san) if (n.type === 'ip') out.push(n.text);
    return out;
  }

  /** The rfc822Name entries of subjectAltName. */
  get emailAddresses(): string[] {
    const san = this.subjectAltName;
    const out: string[] = [];
    if (san !== undefined) for (const n of san) if (n.type === 'email') out.push(n.value);
    return out;
  }

  /** basicConstraints (RFC 5280 §4.2.1.9); `undefined` when absent. */
  get basicConstraints(): BasicConstraints | undefined {
    return this._decodeExt(EXTENSION.basicConstraints, decodeBasicConstraints);
  }
  /** keyUsage (RFC 5280 §4.2.1.3): the names of the bits set; `undefined` when absent. */
  get keyUsage(): KeyUsage | undefined {
    return this._decodeExt(EXTENSION.keyUsage, decodeKeyUsage);
  }
  /** extKeyUsage (RFC 5280 §4.2.1.12): key purpose OIDs; `undefined` when absent. */
  get extKeyUsage(): ExtKeyUsage | undefined {
    return this._decodeExt(EXTENSION.extKeyUsage, decodeExtKeyUsage);
  }
  /** issuerAltName (RFC 5280 §4.2.1.7). */
  get issuerAltName(): SubjectAltName | undefined {
    return this._decodeExt(EXTENSION.issuerAltName, decodeIssuerAltName);
  }
  /** authorityKeyIdentifier (RFC 5280 §4.2.1.1). */
  get authorityKeyIdentifier(): AuthorityKeyIdentifier | undefined {
    return this._decodeExt(EXTENSION.authorityKeyIdentifier, decodeAuthorityKeyIdentifier);
  }
  /** subjectKeyIdentifier (RFC 5280 §4.2.1.2): the key identifier octets. */
  get subjectKeyIdentifier(): Uint8Array | undefined {
    return this._decodeExt(EXTENSION.subjectKeyIdentifier, decodeSubjectKeyIdentifier);
  }
  /** cRLDistributionPoints (RFC 5280 §4.2.1.13). */
  get cRLDistributionPoints(): CrlDistributionPoints | undefined {
    return this._decodeExt(EXTENSION.cRLDistributionPoints, decodeCrlDistributionPoints);
  }
  /** freshestCRL (RFC 5280 §4.2.1.15). */
  get freshestCRL(): FreshestCrl | undefined {
    return this._decodeExt(EXTENSION.freshestCRL, decodeFreshestCrl);
  }
  /** authorityInfoAccess (RFC 5280 §4.2.2.1). */
  get authorityInfoAccess(): AuthorityInfoAccess | undefined {
    return this._decodeExt(EXTENSION.authorityInfoAccess, decodeAuthorityInfoAccess);
  }
  /** subjectInfoAccess (RFC 5280 §4.2.2.2). */
  get subjectInfoAccess(): SubjectInfoAccess | undefined {
    return this._decodeExt(EXTENSION.subjectInfoAccess, decodeSubjectInfoAccess);
  }
  /** certificatePolicies (RFC 5280 §4.2.1.4). */
  get certificatePolicies(): CertificatePolicies | undefined {
    return this._decodeExt(EXTENSION.certificatePolicies, decodeCertificatePolicies);
  }
  /** policyMappings (RFC 5280 §4.2.1.5). */
  get policyMappings(): PolicyMappings | undefined {
    return this._decodeExt(EXTENSION.policyMappings, decodePolicyMappings);
  }
  /** nameConstraints (RFC 5280 §4.2.1.10). */
  get nameConstraints(): NameConstraints | undefined {
    return this._decodeExt(EXTENSION.nameConstraints, decodeNameConstraints);
  }
  /** policyConstraints (RFC 5280 §4.2.1.11). */
  get policyConstraints(): PolicyConstraints | undefined {
    return this._decodeExt(EXTENSION.policyConstraints, decodePolicyConstraints);
  }
  /** inhibitAnyPolicy (RFC 5280 §4.2.1.14): SkipCerts. */
  get inhibitAnyPolicy(): number | undefined {
    return this._decodeExt(EXTENSION.inhibitAnyPolicy, decodeInhibitAnyPolicy);
  }
  /** Whether the OCSP no-check extension (RFC 6960 §4.2.2.2.1) is present (its NULL body checked). */
  get ocspNoCheck(): boolean {
    return this._decodeExt(EXTENSION.ocspNoCheck, _decodeNull) !== undefined;
  }
  /** TLS feature (RFC 7633): the listed extension numbers (5 = status_request, must-staple). */
  get tlsFeature(): TlsFeature | undefined {
    return this._decodeExt(EXTENSION.tlsFeature, decodeTlsFeature);
  }
  /** Signed certificate timestamps (RFC 6962 §3.3), kept raw with a summary of each SCT. */
  get signedCertificateTimestamps(): SignedCertificateTimestampList | undefined {
    return this._decodeExt(EXTENSION.signedCertificateTimestampList, decodeSignedCertificateTimestamps);
  }

  /**
   * The extension with this OID or ASN.1 name (`'basicConstraints'`), decoded: typed for the
   * extensions certkit knows, `{ name: 'unknown', raw }` for others; `undefined` when absent.
   * Decoded once, then cached.
   * @throws ExtensionError / NameError / DerError with `path`
   * `tbsCertificate.extensions[i].extnValue...` and the absolute offset.
   * @example
   * ```ts
   * const bc = cert.extension('basicConstraints'); // { name: 'basicConstraints', value: { ca: true }, ... }
   * ```
   */
  extension(oidOrName: string): DecodedExtension | undefined {
    if (typeof oidOrName !== 'string') throw new TypeError('extension() expects an OID or an extension name');
    const oid = extensionCodec(oidOrName)?.oid ?? oidOrName;
    const exts = this.extensions as readonly _RawExtension[];
    if (!/^[0-2](\.(0|[1-9][0-9]*))+$/.test(oid)) throw new RangeError(`unknown extension name '${oidOrName}'`);
    const enc = _encodedOid(oid);
    for (let i = 0; i < exts.length; i++) {
      const e = exts[i]!;
      if (!e._is(enc)) continue;
      return this._memo('dext:' + oid, () => {
        try {
          return decodeExtension(e, this.lenient, e.valueOffset);
        } catch (err) {
          throw addPath(err, `tbsCertificate.extensions[${i}].extnValue`);
        }
      });
    }
    return undefined;
  }

  /**
   * The signature algorithm (RFC 5280 §4.1.1.2), its parameters checked by the signature layer.
   * @throws SignatureError `invalid-parameters` / DerError with `path` `signatureAlgorithm`.
   */
  get signatureAlgorithm(): AlgorithmIdentifier {
    return this._memo('sigalg', () => {
      try {
        return parseAlgorithmIdentifier(new DerReader(this._f.buf, { lenient: this.lenient }, this._f.algS, this._f.algE));
      } catch (e) {
        throw addPath(e, 'signatureAlgorithm');
      }
    });
  }

  /**
   * Verifies this certificate's signature with the issuer's key, synchronously (pure JS).
   * Checks the signature only: no name chaining, validity or extension checks (see `src/path/`).
   * @param issuer the issuer's {@link PublicKey}, SubjectPublicKeyInfo DER, or certificate.
   * @param policy hash, key size and encoding rules (default: no SHA-1/MD5, RSA ≥ 2048 bits).
   * @returns whether the signature is valid.
   * @throws SignatureError for an unsupported or forbidden algorithm, a key of the wrong type.
   * @example
   * ```ts
   * leaf.verifySignature(intermediate) // true
   * ```
   */
  verifySignature(issuer: PublicKey | Uint8Array | Certificate, policy: VerifyPolicy = {}): boolean {
    return _verify(_issuerKey(issuer), this.signatureAlgorithm, this.rawTbs, this.rawSignatureValue, { lenient: this.lenient, ...policy });
  }

  /**
   * {@link verifySignature} through WebCrypto where the runtime has the algorithm (faster for
   * ECDSA and RSA), the pure path otherwise; same answers.
   * @example
   * ```ts
   * await leaf.verifySignatureAsync(intermediate.publicKey)
   * ```
   */
  verifySignatureAsync(issuer: PublicKey | Uint8Array | Certificate, options: VerifyAsyncOptions = {}): Promise<boolean> {
    return _verifyAsync(_issuerKey(issuer), this.signatureAlgorithm, this.rawTbs, this.rawSignatureValue, { lenient: this.lenient, ...options });
  }

  /**
   * Whether the certificate is self-issued (see {@link isSelfIssued}) and its signature verifies
   * with its own key. This is a structural question, not a trust decision, so the default policy
   * accepts SHA-1 and RSA keys from 1024 bits (many roots are signed that way).
   * @throws SignatureError when the algorithm is not supported (MD2, DSA, ...).
   * @example
   * ```ts
   * if (cert.isSelfSigned()) console.log('a root');
   * ```
   */
  isSelfSigned(policy: VerifyPolicy = { allowSha1: true, minRsaBits: 1024 }): boolean {
    if (!this.isSelfIssued) return false;
    return this.verifySignature(this.publicKey, policy);
  }

  /**
   * Decodes everything that is decoded lazily (names, public key, signature algorithm, every
   * extension) and throws the first error; returns `this`. For tools that want all errors up
   * front instead of on first access.
   * @example
   * ```ts
   * const cert = parseCertificate(der).decodeAll();
   * ```
   */
  decodeAll(): this {
    void this.issuer;
    void this.subject;
    void this.signatureAlgorithm;
    void this.publicKey;
    for (const e of this.extensions) this.extension(e.oid);
    return this;
  }

  /**
   * A JSON view for logs and tools: strings, numbers and hex, nothing that aliases the buffer.
   * Parts that fail to decode are given as `{ error }` instead of throwing.
   * @example
   * ```ts
   * JSON.stringify(cert, null, 2)
   * ```
   */
  toJSON(): Record<string, unknown> {
    const safe = (fn: () => unknown): unknown => {
      try {
        return fn();
      } catch (e) {
        return { error: e instanceof Error ? e.message : String(e) };
      }
    };
    return {
      version: this.version,
      serialNumber: this.serialNumberHex,
      signatureAlgorithm: safe(() => describeSignatureAlgorithm(this.signatureAlgorithm)),
      issuer: safe(() => this.issuer.toString()),
      notBefore: this.notBefore.toISOString(),
      notAfter: this.notAfter.toISOString(),
      subject: safe(() => this.subject.toString()),
      publicKey: safe(() => {
        const k = this.publicKey;
        return { algorithm: k.algorithm, ...(k.curve ? { curve: k.curve } : {}), bits: k.bits, fingerprint256: k.fingerprint256() };
      }),
      ...(this.issuerUniqueId ? { issuerUniqueId: toHex(this.issuerUniqueId.bytes) } : {}),
      ...(this.subjectUniqueId ? { subjectUniqueId: toHex(this.subjectUniqueId.bytes) } : {}),
      extensions: this.extensions.map((e) => ({
        oid: e.oid,
        critical: e.critical,
        ...(safe(() => {
          const d = this.extension(e.oid)!;
          return d.name === 'unknown' ? { value: toHex(d.raw) } : { name: d.name, value: _jsonable(d.value) };
        }) as object),
      })),
      fingerprint256: this.fingerprint('SHA-256'),
    };
  }

  /**
   * A text dump in the layout of `openssl x509 -text -noout`. Never throws: parts that fail to
   * decode are shown as such.
   * @example
   * ```ts
   * console.log(cert.toString());
   * ```
   */
  toString(): string {
    return _formatCertificate(this, (cert, i) => formatExtension(cert.extensions[i]!));
  }

  private _memo<T>(key: string, make: () => T): T {
    const c = (this._cache ??= new Map());
    if (c.has(key)) return c.get(key) as T;
    const v = make();
    c.set(key, v);
    return v;
  }

  /** The serial number (RFC 5280 §4.1.2.2); negative only in lenient mode. */
  get serialNumber(): bigint {
    return this._memo('serial', () => bytesToBigInt(this.rawSerial));
  }

  /**
   * The serial number as lower-case hex of its contents octets, a leading 00 sign octet removed
   * (the form `openssl x509 -serial` and Node's `X509Certificate.serialNumber` print, lowercased).
   */
  get serialNumberHex(): string {
    const v = this.rawSerial;
    return toHex(v.length > 1 && v[0] === 0 ? v.subarray(1) : v);
  }

  /** The extension with this OID as received, or `undefined`. */
  getExtension(oid: string): RawExtension | undefined {
    if (typeof oid !== 'string') throw new TypeError('getExtension expects a dotted OID string');
    const enc = _encodedOid(oid);
    for (const e of this.extensions as readonly _RawExtension[]) if (e._is(enc)) return e;
    return undefined;
  }

  /** Whether an extension with this OID is present. */
  hasExtension(oid: string): boolean {
    return this.getExtension(oid) !== undefined;
  }

  /**
   * Whether `at` lies in the validity period (both ends inclusive, RFC 5280 §4.1.2.5).
   * @example
   * ```ts
   * cert.isValidAt(new Date('2030-01-01T00:00:00Z'))
   * ```
   */
  isValidAt(at: Date): boolean {
    if (!(at instanceof Date)) throw new TypeError('isValidAt expects a Date');
    const t = at.getTime();
    if (Number.isNaN(t)) throw new RangeError('isValidAt: invalid Date');
    return t >= this.notBefore.getTime() && t <= this.notAfter.getTime();
  }
}

/**
 * Parses one X.509 certificate from DER bytes or PEM text, synchronously and without copying.
 *
 * Checked eagerly: every DER rule on the outer structure and each TBSCertificate field, the
 * version (v1/v2/v3, and the fields each allows), the serial number (positive, at most 20 octets),
 * equal inner and outer signature algorithms, the validity times, the extension list (shape, no
 * duplicates) and that nothing follows any element. Names, the public key and extension bodies
 * are decoded when first read; their errors are thrown then, with the same `path`/`offset`.
 *
 * @param input DER bytes, or PEM text (string or bytes) holding a `CERTIFICATE` block.
 * @throws TypeError when `input` is not a `Uint8Array` or string.
 * @throws DerError / CertificateError with `code`, `path` (e.g. `tbsCertificate.validity.notAfter`)
 * and `offset` (absolute, into the DER bytes).
 * @example
 * ```ts
 * const cert = parseCertificate(readFileSync('cert.pem', 'utf8'));
 * console.log(cert.subject.toString(), cert.notAfter.toISOString());
 * ```
 */
export function parseCertificate(input: Uint8Array | string, options: ParseCertificateOptions = {}): Certificate {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) {
    throw new TypeError('parseCertificate expects DER bytes (Uint8Array) or PEM text (string)');
  }
  // DER starts with 0x30; anything else may be PEM (toDer decides, as for every parser).
  const der = input instanceof Uint8Array && input[0] === 0x30 ? input : toDer(input, 'CERTIFICATE');
  const lenient = options.lenient === true;
  return new Certificate(_fastWalk(der, lenient) ?? _slowWalk(der, lenient));
}

/**
 * @internal For tests: the two eager walks, to check that the fast one agrees with the slow one.
 * Not part of the API.
 */
export const _walks = { fast: (der: Uint8Array, lenient = false): unknown => _fastWalk(der, lenient), slow: (der: Uint8Array, lenient: boolean): unknown => _slowWalk(der, lenient) };
