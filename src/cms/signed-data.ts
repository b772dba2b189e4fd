/**
 * The one CMS SignedData parser (RFC 5652 §3, §5): a strict, synchronous, zero-copy walk with
 * the DER cursor that fills a plain record of views into the caller's buffer.
 *
 * Scope: ContentInfo carrying id-signedData; SignedData with its digest algorithms, the
 * encapsulated content (present or detached), certificates and CRLs as raw DER views (the other
 * CertificateChoices and RevocationInfoChoice alternatives kept aside by tag), and each
 * SignerInfo with both SignerIdentifier forms, the signed attributes as received (the bytes the
 * signature covers, RFC 5652 §5.4) and the unsigned ones. Versions are checked against the
 * rules of §5.1 and §5.3; bounds (input size, counts) are the caller's. PEM with the labels
 * `PKCS7` and `CMS` (RFC 7468 §9, §10) is accepted.
 *
 * Strict DER everywhere (indefinite lengths are refused with `indefinite-length`), with one
 * documented order leniency: the SET OF certificates, CRLs, SignerInfos and unsigned attributes
 * may be in any order, because RFC 5652 requires DER only for the signed attributes (§5.3) and
 * OpenSSL, like most encoders, writes certificates in the order given (chain order). The digest
 * algorithm SET and the signed attributes must be in DER order.
 *
 * Non-goals: BER (streamed, indefinite-length messages), EnvelopedData and the other content
 * types, decoding certificates (the caller parses the views it needs), verification (`verify.ts`).
 * Parsed records alias the input buffer: do not modify it while the record is in use.
 * @module
 */
import {
  CertkitError,
  Tag,
  bytesToBigInt,
  bytesToSafeInteger,
  checkInteger,
  compareEncodings,
  contextTag,
  decodeOid,
  derCursor,
  enter,
  enterLast,
  expect,
  leave,
  next,
  readHeader,
  DerReader,
  type DerCursor,
} from '../der/index';
import { PemError, toDer } from '../pem/index';
import { checkAlgorithmIdentifier, parseAlgorithmIdentifier, type AlgorithmIdentifier } from '../sig/index';
import { _fail } from './errors';
import { CMS_OID } from './oids';

/**
 * Largest input {@link parseSignedData} reads unless told otherwise (16 MiB).
 * @example
 * ```ts
 * parseSignedData(bytes, { maxInputSize: MAX_CMS_SIZE / 16 }); // 1 MiB for a bundle from the network
 * ```
 */
export const MAX_CMS_SIZE = 16 * 1024 * 1024;

/** Options of {@link parseSignedData}. */
export interface ParseSignedDataOptions {
  /** Largest input accepted, in bytes; default {@link MAX_CMS_SIZE}. */
  maxInputSize?: number;
  /** Most certificates (of any choice) accepted; default 1000. */
  maxCertificates?: number;
  /** Most CRLs (of any choice) accepted; default 100. */
  maxCrls?: number;
  /** Most SignerInfos accepted; default 16. */
  maxSigners?: number;
  /** Most attributes per SignerInfo (signed and unsigned each); default 64. */
  maxAttributes?: number;
}

/** A CertificateChoices or RevocationInfoChoice alternative other than the plain X.509 one. */
export interface CmsOtherChoice {
  /** The choice's tag (`0xa1` v1AttrCert, `0xa2` v2AttrCert, `0xa3` other; `0xa1` other CRL format). */
  readonly tag: number;
  /** Its encoding as received. */
  readonly raw: Uint8Array;
}

/** One attribute (RFC 5652 §5.3: `Attribute ::= SEQUENCE { attrType, attrValues SET OF ... }`). */
export interface CmsAttribute {
  /** The attribute type, dotted. */
  readonly oid: string;
  /** The DER of each value, as received. */
  readonly values: readonly Uint8Array[];
  /** The whole Attribute encoding. */
  readonly raw: Uint8Array;
}

/** Which certificate signed (RFC 5652 §5.3 SignerIdentifier). */
export type SignerIdentifier =
  | {
      readonly type: 'issuerAndSerialNumber';
      /** The issuer Name's DER, as received (compare with a certificate's `rawIssuer`). */
      readonly rawIssuer: Uint8Array;
      /** The serial INTEGER's contents octets. */
      readonly rawSerial: Uint8Array;
      readonly serialNumber: bigint;
    }
  | {
      readonly type: 'subjectKeyIdentifier';
      /** The key identifier (compare with a certificate's subjectKeyIdentifier extension). */
      readonly keyIdentifier: Uint8Array;
    };

/** One SignerInfo (RFC 5652 §5.3). */
export interface SignerInfo {
  /** 1 with issuerAndSerialNumber, 3 with subjectKeyIdentifier. */
  readonly version: 1 | 3;
  readonly sid: SignerIdentifier;
  readonly digestAlgorithm: AlgorithmIdentifier;
  /** The signed attributes, or `undefined` when absent (the signature is then over the content). */
  readonly signedAttributes: readonly CmsAttribute[] | undefined;
  /** The `[0] IMPLICIT` signed attributes as received (re-tag to SET to get the signed bytes). */
  readonly rawSignedAttributes: Uint8Array | undefined;
  readonly signatureAlgorithm: AlgorithmIdentifier;
  /** The signature value (DER ECDSA-Sig-Value for ECDSA). */
  readonly signature: Uint8Array;
  readonly unsignedAttributes: readonly CmsAttribute[] | undefined;
  /** The whole SignerInfo encoding. */
  readonly raw: Uint8Array;
  /** Offset of the SignerInfo in the input, for error messages. */
  readonly offset: number;
}

/** A parsed ContentInfo carrying SignedData. Every `Uint8Array` is a view into the input. */
export interface SignedData {
  /** The ContentInfo encoding (the whole input, PEM decoded). */
  readonly raw: Uint8Array;
  /** The SignedData SEQUENCE. */
  readonly rawSignedData: Uint8Array;
  /** 1, 3, 4 or 5 (RFC 5652 §5.1). */
  readonly version: number;
  readonly digestAlgorithms: readonly AlgorithmIdentifier[];
  /** eContentType, dotted (`CMS_OID.data` for plain data). */
  readonly contentType: string;
  /** The eContent OCTET STRING's contents, or `undefined` for detached content. */
  readonly content: Uint8Array | undefined;
  /** Each X.509 certificate's DER, in the order received. */
  readonly certificates: readonly Uint8Array[];
  /** Attribute certificates and other certificate formats, kept as received. */
  readonly otherCertificates: readonly CmsOtherChoice[];
  /** Each CertificateList's DER, in the order received. */
  readonly crls: readonly Uint8Array[];
  /** Other revocation information formats (`[1] IMPLICIT OtherRevocationInfoFormat`). */
  readonly otherCrls: readonly CmsOtherChoice[];
  /** The signers; empty for a certs-only ("degenerate") SignedData. */
  readonly signerInfos: readonly SignerInfo[];
}

const SEQ = Tag.SEQUENCE;
const SET = 0x31;
const A0 = contextTag(0, true);
const A1 = contextTag(1, true);
const SKI_TAG = contextTag(0, false); // subjectKeyIdentifier [0] IMPLICIT OCTET STRING

function _limit(v: number | undefined, def: number, name: string): number {
  if (v === undefined) return def;
  if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative integer, got ${String(v)}`);
  return v;
}

/** DER from bytes or PEM text with the label `PKCS7` or `CMS`. */
function _toDer(input: Uint8Array | string): Uint8Array {
  try {
    return toDer(input, 'PKCS7');
  } catch (e) {
    if (e instanceof PemError && e.code === 'unexpected-label') return toDer(input, 'CMS');
    throw e;
  }
}

function _small(c: DerCursor, what: string): number {
  const v = c.buf.subarray(c.vs, c.ve);
  checkInteger(v, c.start);
  if (v.length > 4) _fail('wrong-version', `${what} is out of range`, c.start);
  return bytesToSafeInteger(v, c.start);
}

function _oid(c: DerCursor): string {
  expect(c, Tag.OID);
  return decodeOid(c.buf.subarray(c.vs, c.ve), c.vs);
}

function _algorithm(c: DerCursor): AlgorithmIdentifier {
  const at = c.pos;
  checkAlgorithmIdentifier(c);
  return parseAlgorithmIdentifier(new DerReader(c.buf, {}, at, c.ve));
}

/**
 * Reads `SET OF Attribute` whose header was just read (any tag: `[0]`/`[1]` IMPLICIT or SET).
 * `der` requires the DER order of the components and single occurrence of the RFC 5652 §11
 * attributes.
 */
function _attributes(c: DerCursor, der: boolean, max: number, path: { p: string }): CmsAttribute[] {
  const out: CmsAttribute[] = [];
  const base = path.p;
  const outer = enterLast(c);
  if (c.pos >= c.end) _fail('malformed', 'an attribute set is empty (RFC 5652 §5.3: SIZE (1..MAX))', c.start, base);
  let prev: Uint8Array | undefined;
  const seen = new Set<string>();
  while (c.pos < c.end) {
    if (out.length >= max) _fail('too-many-elements', `more than ${max} attributes`, c.pos, base);
    path.p = `${base}[${out.length}]`;
    const start = c.pos;
    const o = enter(c, SEQ);
    const raw = c.buf.subarray(start, c.end);
    const oid = _oid(c);
    path.p = `${base}[${out.length}].attrValues`;
    const vo = enter(c, SET);
    const values: Uint8Array[] = [];
    while (c.pos < c.end) {
      const vs = c.pos;
      next(c);
      values.push(c.buf.subarray(vs, c.ve));
    }
    leave(c, vo);
    leave(c, o);
    if (der) {
      if (prev !== undefined && compareEncodings(prev, raw) > 0) {
        _fail('malformed', 'signed attributes are not in DER SET OF order (RFC 5652 §5.3, X.690 §11.6)', start, `${base}[${out.length}]`);
      }
      if (oid === _CT || oid === _MD || oid === _ST) {
        if (seen.has(oid)) _fail('duplicate-attribute', `attribute ${oid} appears twice (RFC 5652 §11)`, start, `${base}[${out.length}]`);
        if (values.length !== 1) _fail('duplicate-attribute', `attribute ${oid} must have exactly one value (RFC 5652 §11)`, start, `${base}[${out.length}]`);
        seen.add(oid);
      }
    }
    if (values.length === 0) _fail('malformed', 'an attribute has no values', start, `${base}[${out.length}]`);
    prev = raw;
    out.push({ oid, values, raw });
  }
  leave(c, outer);
  path.p = base;
  return out;
}

const _CT = '1.2.840.113549.1.9.3';
const _MD = '1.2.840.113549.1.9.4';
const _ST = '1.2.840.113549.1.9.5';

/*
 * SignerInfo ::= SEQUENCE {
 *   version CMSVersion,
 *   sid SignerIdentifier,
 *   digestAlgorithm DigestAlgorithmIdentifier,
 *   signedAttrs [0] IMPLICIT SignedAttributes OPTIONAL,
 *   signatureAlgorithm SignatureAlgorithmIdentifier,
 *   signature SignatureValue,
 *   unsignedAttrs [1] IMPLICIT UnsignedAttributes OPTIONAL }
 * SignerIdentifier ::= CHOICE {
 *   issuerAndSerialNumber IssuerAndSerialNumber,
 *   subjectKeyIdentifier [0] SubjectKeyIdentifier }
 * IssuerAndSerialNumber ::= SEQUENCE { issuer Name, serialNumber CertificateSerialNumber }
 */
function _signerInfo(c: DerCursor, maxAttributes: number, path: { p: string }): SignerInfo {
  const base = path.p;
  const start = c.pos;
  const outer = enter(c, SEQ);
  const raw = c.buf.subarray(start, c.end);
  path.p = `${base}.version`;
  expect(c, Tag.INTEGER);
  const version = _small(c, 'SignerInfo version');
  const versionAt = c.start;
  path.p = `${base}.sid`;
  let sid: SignerIdentifier;
  const tag = readHeader(c);
  if (tag === SEQ) {
    const o = enter(c, SEQ);
    const is = c.pos;
    expect(c, SEQ); // Name: its RDNs are compared as bytes, decoded by the caller if needed
    const rawIssuer = c.buf.subarray(is, c.ve);
    expect(c, Tag.INTEGER);
    const rawSerial = c.buf.subarray(c.vs, c.ve);
    checkInteger(rawSerial, c.start, true);
    leave(c, o);
    sid = { type: 'issuerAndSerialNumber', rawIssuer, rawSerial, serialNumber: bytesToBigInt(rawSerial) };
  } else if (tag === SKI_TAG) {
    expect(c, SKI_TAG);
    sid = { type: 'subjectKeyIdentifier', keyIdentifier: c.buf.subarray(c.vs, c.ve) };
  } else {
    return _fail('malformed', `SignerIdentifier has tag 0x${tag.toString(16)}: neither issuerAndSerialNumber nor [0] subjectKeyIdentifier`, c.start, path.p);
  }
  // RFC 5652 §5.3: version 1 with issuerAndSerialNumber, 3 with subjectKeyIdentifier.
  const want = sid.type === 'issuerAndSerialNumber' ? 1 : 3;
  if (version !== want) {
    _fail('wrong-version', `SignerInfo version is ${version} but its ${sid.type} sid requires ${want} (RFC 5652 §5.3)`, versionAt, `${base}.version`);
  }
  path.p = `${base}.digestAlgorithm`;
  const digestAlgorithm = _algorithm(c);
  let signedAttributes: CmsAttribute[] | undefined;
  let rawSignedAttributes: Uint8Array | undefined;
  path.p = `${base}.signedAttrs`;
  if (c.pos < c.end && readHeader(c) === A0) {
    rawSignedAttributes = c.buf.subarray(c.start, c.ve);
    signedAttributes = _attributes(c, true, maxAttributes, path);
  }
  path.p = `${base}.signatureAlgorithm`;
  const signatureAlgorithm = _algorithm(c);
  path.p = `${base}.signature`;
  expect(c, Tag.OCTET_STRING);
  const signature = c.buf.subarray(c.vs, c.ve);
  let unsignedAttributes: CmsAttribute[] | undefined;
  path.p = `${base}.unsignedAttrs`;
  if (c.pos < c.end) {
    if (readHeader(c) !== A1) expect(c, A1); // reports the unexpected tag
    unsignedAttributes = _attributes(c, false, maxAttributes, path);
  }
  path.p = base;
  leave(c, outer);
  return { version: want, sid, digestAlgorithm, signedAttributes, rawSignedAttributes, signatureAlgorithm, signature, unsignedAttributes, raw, offset: start };
}

/**
 * Parses a CMS ContentInfo carrying SignedData (RFC 5652 §3, §5), signed or certs-only, from
 * DER or PEM (`-----BEGIN PKCS7-----` or `-----BEGIN CMS-----`). One strict walk; the result
 * aliases the input.
 *
 * ```asn1
 * ContentInfo ::= SEQUENCE { contentType ContentType, content [0] EXPLICIT ANY DEFINED BY contentType }
 * SignedData ::= SEQUENCE {
 *   version CMSVersion,
 *   digestAlgorithms SET OF DigestAlgorithmIdentifier,
 *   encapContentInfo EncapsulatedContentInfo,
 *   certificates [0] IMPLICIT CertificateSet OPTIONAL,
 *   crls [1] IMPLICIT RevocationInfoChoices OPTIONAL,
 *   signerInfos SET OF SignerInfo }
 * EncapsulatedContentInfo ::= SEQUENCE { eContentType ContentType, eContent [0] EXPLICIT OCTET STRING OPTIONAL }
 * ```
 * @throws CmsError `unsupported-content-type`, `wrong-version`, `malformed`, `input-too-large`,
 * `too-many-elements`, `duplicate-attribute`; DerError for DER faults (`indefinite-length` for
 * BER input, `truncated`, `trailing-data`, ...), each with `offset` and `path`; PemError for bad
 * PEM; RangeError for bad options.
 * @example
 * ```ts
 * const sd = parseSignedData(readFileSync('bundle.p7b'));
 * const certs = sd.certificates.map((der) => parseCertificate(der));
 * ```
 */
export function parseSignedData(input: Uint8Array | string, options: ParseSignedDataOptions = {}): SignedData {
  const maxInput = _limit(options.maxInputSize, MAX_CMS_SIZE, 'maxInputSize');
  const maxCerts = _limit(options.maxCertificates, 1000, 'maxCertificates');
  const maxCrls = _limit(options.maxCrls, 100, 'maxCrls');
  const maxSigners = _limit(options.maxSigners, 16, 'maxSigners');
  const maxAttributes = _limit(options.maxAttributes, 64, 'maxAttributes');
  if (typeof input === 'string' && input.length > maxInput * 2) {
    _fail('input-too-large', `the PEM text is over twice maxInputSize (${maxInput} bytes)`);
  }
  const der = _toDer(input);
  if (der.length > maxInput) _fail('input-too-large', `the input is ${der.length} bytes, over maxInputSize (${maxInput})`);
  const c = derCursor(der);
  const path = { p: 'contentInfo' };
  try {
    const ci = enter(c, SEQ);
    const raw = der.subarray(0, c.end);
    path.p = 'contentInfo.contentType';
    const typeAt = c.pos;
    const contentType = _oid(c);
    if (contentType !== CMS_OID.signedData) {
      _fail('unsupported-content-type', `ContentInfo carries ${contentType}, not id-signedData (${CMS_OID.signedData})`, typeAt);
    }
    path.p = 'contentInfo.content';
    const explicit = enter(c, A0);
    path.p = 'signedData';
    const sdStart = c.pos;
    const sd = enter(c, SEQ);
    const rawSignedData = der.subarray(sdStart, c.end);
    path.p = 'signedData.version';
    expect(c, Tag.INTEGER);
    const version = _small(c, 'SignedData version');
    const versionAt = c.start;

    path.p = 'signedData.digestAlgorithms';
    const da = enter(c, SET);
    const digestAlgorithms: AlgorithmIdentifier[] = [];
    let prev: Uint8Array | undefined;
    while (c.pos < c.end) {
      if (digestAlgorithms.length >= maxSigners) _fail('too-many-elements', `more than ${maxSigners} digest algorithms`, c.pos, path.p);
      path.p = `signedData.digestAlgorithms[${digestAlgorithms.length}]`;
      const at = c.pos;
      digestAlgorithms.push(_algorithm(c));
      const enc = der.subarray(at, c.ve);
      if (prev !== undefined && compareEncodings(prev, enc) > 0) _fail('malformed', 'digestAlgorithms are not in DER SET OF order (X.690 §11.6)', at, path.p);
      prev = enc;
    }
    leave(c, da);

    path.p = 'signedData.encapContentInfo';
    const eci = enter(c, SEQ);
    path.p = 'signedData.encapContentInfo.eContentType';
    const eContentType = _oid(c);
    let content: Uint8Array | undefined;
    if (c.pos < c.end) {
      path.p = 'signedData.encapContentInfo.eContent';
      const ec = enter(c, A0);
      expect(c, Tag.OCTET_STRING);
      content = der.subarray(c.vs, c.ve);
      leave(c, ec);
    }
    path.p = 'signedData.encapContentInfo';
    leave(c, eci);

    const certificates: Uint8Array[] = [];
    const otherCertificates: CmsOtherChoice[] = [];
    const crls: Uint8Array[] = [];
    const otherCrls: CmsOtherChoice[] = [];
    let tag = c.pos < c.end ? readHeader(c) : -1;
    if (tag === A0) {
      path.p = 'signedData.certificates';
      const o = enterLast(c);
      while (c.pos < c.end) {
        path.p = `signedData.certificates[${certificates.length + otherCertificates.length}]`;
        if (certificates.length + otherCertificates.length >= maxCerts) _fail('too-many-elements', `more than ${maxCerts} certificates`, c.pos, path.p);
        const at = c.pos;
        const t = next(c);
        const enc = der.subarray(at, c.ve);
        if (t === SEQ) certificates.push(enc);
        // CertificateChoices: [0] extendedCertificate (obsolete), [1] v1AttrCert, [2] v2AttrCert, [3] other
        else if (t === A0 || t === A1 || t === contextTag(2, true) || t === contextTag(3, true)) otherCertificates.push({ tag: t, raw: enc });
        else _fail('malformed', `a CertificateChoices element has tag 0x${t.toString(16)}`, at, path.p);
      }
      path.p = 'signedData.certificates';
      leave(c, o);
      tag = c.pos < c.end ? readHeader(c) : -1;
    }
    if (tag === A1) {
      path.p = 'signedData.crls';
      const o = enterLast(c);
      while (c.pos < c.end) {
        path.p = `signedData.crls[${crls.length + otherCrls.length}]`;
        if (crls.length + otherCrls.length >= maxCrls) _fail('too-many-elements', `more than ${maxCrls} CRLs`, c.pos, path.p);
        const at = c.pos;
        const t = next(c);
        const enc = der.subarray(at, c.ve);
        if (t === SEQ) crls.push(enc);
        else if (t === A1)
          otherCrls.push({ tag: t, raw: enc }); // [1] IMPLICIT OtherRevocationInfoFormat
        else _fail('malformed', `a RevocationInfoChoice element has tag 0x${t.toString(16)}`, at, path.p);
      }
      path.p = 'signedData.crls';
      leave(c, o);
    }

    path.p = 'signedData.signerInfos';
    const si = enter(c, SET);
    const signerInfos: SignerInfo[] = [];
    while (c.pos < c.end) {
      path.p = `signedData.signerInfos[${signerInfos.length}]`;
      if (signerInfos.length >= maxSigners) _fail('too-many-elements', `more than ${maxSigners} signers`, c.pos, path.p);
      signerInfos.push(_signerInfo(c, maxAttributes, path));
      path.p = 'signedData.signerInfos';
    }
    leave(c, si);
    path.p = 'signedData';
    leave(c, sd);
    path.p = 'contentInfo.content';
    leave(c, explicit);
    path.p = 'contentInfo';
    leave(c, ci);
    if (c.end !== der.length || c.pos !== der.length) {
      _fail('malformed', `${der.length - c.pos} byte(s) after the ContentInfo`, c.pos, 'contentInfo');
    }

    // RFC 5652 §5.1: the version follows from what the SignedData holds.
    const otherFormat = otherCertificates.some((x) => x.tag === contextTag(3, true)) || otherCrls.length > 0;
    const v2Attr = otherCertificates.some((x) => x.tag === contextTag(2, true));
    const v1Attr = otherCertificates.some((x) => x.tag === A1);
    const expected = otherFormat ? 5 : v2Attr ? 4 : v1Attr || signerInfos.some((s) => s.version === 3) || eContentType !== CMS_OID.data ? 3 : 1;
    if (version !== expected) {
      _fail('wrong-version', `SignedData version is ${version} but its contents require ${expected} (RFC 5652 §5.1)`, versionAt, 'signedData.version');
    }
    return { raw, rawSignedData, version, digestAlgorithms, contentType: eContentType, content, certificates, otherCertificates, crls, otherCrls, signerInfos };
  } catch (e) {
    if (e instanceof CertkitError && (e.path === undefined || e.path === '')) e.path = path.p;
    if (e instanceof CertkitError && e.code === 'indefinite-length') {
      // Streamed CMS (openssl cms -stream, S/MIME tools) is BER; say how to get DER.
      e.message += '; streamed (BER) CMS is not read: sign without -stream, or re-encode with `openssl cms -cmsout -inform DER -outform DER`';
    }
    throw e;
  }
}
