/**
 * PKCS#10 certification requests (RFC 2986): a strict, synchronous, zero-copy, lazy parser.
 *
 * Scope: `parseCsr()` walks the outer structure, the CertificationRequestInfo fields, every
 * attribute (types, value counts, SET OF order, duplicates) and the requested extensions (shape
 * and duplicates) eagerly, checking DER and the RFC 2986 / RFC 2985 rules. What is costly is
 * decoded on first access and cached: the subject name, the public key, the signature
 * algorithm, the PKCS#9 attribute values and each requested extension's body. The self-signature
 * (proof of possession of the private key, RFC 2986 §3) is checked by `verifyCsr` /
 * `verifyCsrSync` (`verify.ts`).
 * The parsed object keeps views of the exact bytes received (`raw`, `rawInfo`, `rawSubject`,
 * `rawSpki`, ...): the signature is verified over what was received.
 *
 * Parsed requests alias the caller's buffer: do not modify it while the request is used.
 *
 * Non-goals: building requests (`csr-builder.ts`), judging them (`lint.ts`), the text dump
 * (`format.ts`), issuing certificates from them (`src/ca/`).
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js';
import {
  CertkitError, DerError, DerReader, Tag, addPath, compareEncodings, decodeBitString, tagName, toHex,
  type Tlv,
} from '../der/index';
import { parsePublicKey, type PublicKey } from '../keys/index';
import { EXTENSION, PKCS9 } from '../oid/index';
import { encodePem, toDer } from '../pem/index';
import {
  describeSignatureAlgorithm, parseAlgorithmIdentifier, type AlgorithmIdentifier,
} from '../sig/index';
import {
  Name, decodeBasicConstraints, decodeExtKeyUsage, decodeKeyUsage, decodeSubjectAltName, decodeSubjectKeyIdentifier,
  formatIpAddress, readExtensionList, type BasicConstraints, type ExtKeyUsage, type GeneralName, type KeyUsage,
  type RawExtension,
} from './_x509';
import { decodeChallengePassword, decodeUnstructuredName, isSingleValuedAttribute, type CsrAttribute } from './attributes';
import { CsrError, type CsrErrorCode } from './errors';
import { _formatCsr, _csrToJson, type CsrJson } from './format';
import { readName } from '../x509/index';

/** Options of {@link parseCsr}. */
export interface ParseCsrOptions {
  /**
   * Accept the deviations real requests carry, each documented where it is allowed:
   * - the DER leniencies of the reader (explicit `critical FALSE`, which FreeIPA's requests
   *   carry; non-minimal INTEGERs; PrintableString with `*`/`@`/`&`/`_`);
   * - an absent `[0]` attributes field (not OPTIONAL in RFC 2986, but OpenSSL reads requests
   *   without it, "seen in the wild" as its ASN.1 template says);
   * - attributes and attribute values not in DER SET OF order;
   * - an attribute with an empty values SET (seen in a Mitel phone's request: an
   *   extensionRequest with no value), kept with no values;
   * - an extensionRequest holding an empty Extensions list;
   * - a challengePassword or unstructuredName longer than 255 characters;
   * - a signature BIT STRING that is not octet-aligned.
   * Tag and length rules, trailing data, the version, duplicate attributes, duplicate
   * extensions and multi-valued single-value attributes are never relaxed. Default `false`.
   */
  lenient?: boolean;
}

// CertificationRequestInfo.attributes: [0] IMPLICIT SET OF Attribute (constructed).
const TAG_ATTRIBUTES = 0xa0;

/** Elements found by the eager walk. */
interface _Fields {
  csr: Tlv;
  info: Tlv;
  subject: Tlv;
  spki: Tlv;
  attributeSet: Tlv | undefined;
  attributes: CsrAttribute[];
  extensionRequestIndex: number;
  extensionList: Tlv | undefined;
  extensions: RawExtension[];
  signatureAlgorithm: Tlv;
  signatureValue: Tlv;
  lenient: boolean;
}

function _fail(code: CsrErrorCode, message: string, offset: number): never {
  throw new CsrError(code, message, { offset });
}

/** AlgorithmIdentifier, checked for shape here (the signature layer checks parameters when used). */
function _checkAlgorithmIdentifier(r: DerReader): Tlv {
  const t = r.read(Tag.SEQUENCE, 'AlgorithmIdentifier');
  const a = r.enterTlv(t);
  a.readOid('algorithm');
  if (!a.atEnd) a.readTlv();
  a.finish('AlgorithmIdentifier');
  return t;
}

/** X.690 §11.6 for a SET OF whose elements were collected: each not above the next. */
function _checkOrder(items: readonly Tlv[], what: string): void {
  for (let i = 1; i < items.length; i++) {
    if (compareEncodings(items[i - 1]!.raw, items[i]!.raw) > 0) {
      throw new DerError('set-order', `${what} are not in ascending order of their encodings (X.690 §11.6; lenient mode accepts it)`, { offset: items[i]!.offset });
    }
  }
}

const _NO_EXTENSIONS: RawExtension[] = [];

/**
 * The eager walk (RFC 2986 §4.1 and §4.2):
 * ```asn1
 * CertificationRequest ::= SEQUENCE {
 *      certificationRequestInfo CertificationRequestInfo,
 *      signatureAlgorithm AlgorithmIdentifier{{ SignatureAlgorithms }},
 *      signature          BIT STRING
 * }
 * CertificationRequestInfo ::= SEQUENCE {
 *      version       INTEGER { v1(0) } (v1,...),
 *      subject       Name,
 *      subjectPKInfo SubjectPublicKeyInfo{{ PKInfoAlgorithms }},
 *      attributes    [0] Attributes{{ CRIAttributes }}
 * }
 * Attributes { ATTRIBUTE:IOSet } ::= SET OF Attribute{{ IOSet }}
 * ```
 * One try/catch tracks the field path, as the certificate parser does.
 */
function _walk(der: Uint8Array, lenient: boolean): _Fields {
  let path = 'certificationRequest';
  try {
    const top = new DerReader(der, { lenient });
    const csrTlv = top.read(Tag.SEQUENCE, 'CertificationRequest');
    top.finish('the certification request (trailing data after the CertificationRequest SEQUENCE)');
    const csr = top.enterTlv(csrTlv);

    path = 'certificationRequestInfo';
    const infoTlv = csr.read(Tag.SEQUENCE, 'CertificationRequestInfo');
    const info = csr.enterTlv(infoTlv);

    // version INTEGER { v1(0) } (v1,...): only v1 is defined.
    path = 'certificationRequestInfo.version';
    const vAt = info.pos;
    const version = info.readSmallInteger(Tag.INTEGER, 'version');
    if (version !== 0) _fail('invalid-version', `version ${version} is not v1 (0), the only version RFC 2986 §4.1 defines`, vAt);

    path = 'certificationRequestInfo.subject';
    const subjectTlv = info.read(Tag.SEQUENCE, 'subject Name');

    path = 'certificationRequestInfo.subjectPKInfo';
    const spkiTlv = info.read(Tag.SEQUENCE, 'SubjectPublicKeyInfo');
    const sr = info.enterTlv(spkiTlv);
    path = 'certificationRequestInfo.subjectPKInfo.algorithm';
    _checkAlgorithmIdentifier(sr);
    path = 'certificationRequestInfo.subjectPKInfo.subjectPublicKey';
    sr.readBitString(Tag.BIT_STRING, 'subjectPublicKey');
    path = 'certificationRequestInfo.subjectPKInfo';
    sr.finish('SubjectPublicKeyInfo');

    path = 'certificationRequestInfo.attributes';
    const attributes: CsrAttribute[] = [];
    let extensionRequestIndex = -1;
    let extensionList: Tlv | undefined;
    let extensions = _NO_EXTENSIONS;
    // Attribute type → offset of its first occurrence: duplicates found in linear time.
    const seenAttributes = new Map<string, number>();
    const attrTlv = info.readOptional(TAG_ATTRIBUTES);
    if (attrTlv === undefined) {
      if (!lenient) {
        _fail('missing-attributes', 'the [0] attributes field is missing; RFC 2986 §4.1 requires it (an empty [0] SET when there are none; lenient mode accepts its absence)', info.pos);
      }
    } else {
      const ar = info.enterTlv(attrTlv);
      const items: Tlv[] = [];
      for (let i = 0; !ar.atEnd; i++) {
        const base = `certificationRequestInfo.attributes[${i}]`;
        path = base;
        const t = ar.read(Tag.SEQUENCE, 'Attribute');
        items.push(t);
        const a = ar.enterTlv(t);
        path = base + '.type';
        const oid = a.readOid('Attribute type');
        path = base + '.values';
        const vt = a.read(Tag.SET, 'Attribute values (SET OF)');
        const vr = a.enterTlv(vt);
        const vals: Tlv[] = [];
        for (let j = 0; !vr.atEnd; j++) {
          path = `${base}.values[${j}]`;
          vals.push(vr.readTlv());
        }
        path = base + '.values';
        if (!lenient) _checkOrder(vals, 'the attribute values');
        path = base;
        a.finish('Attribute');
        if (vals.length === 0 && !lenient) {
          _fail('empty-attribute', `attribute ${oid} has no values; values is SET SIZE(1..MAX) (RFC 2986 §4.1; lenient mode accepts it)`, vt.offset);
        }
        if (vals.length > 1 && isSingleValuedAttribute(oid)) {
          _fail('multi-valued-attribute', `attribute ${oid} has ${vals.length} values; it is SINGLE VALUE (RFC 2985 §5.4)`, vals[1]!.offset);
        }
        const firstAt = seenAttributes.get(oid);
        if (firstAt !== undefined) _fail('duplicate-attribute', `attribute ${oid} appears more than once (first at offset ${firstAt}); X.501 allows one attribute of each type`, t.offset);
        seenAttributes.set(oid, t.offset);
        if (oid === PKCS9.extensionRequest || oid === PKCS9.msExtensionRequest) {
          if (extensionRequestIndex >= 0) {
            _fail('duplicate-attribute', 'the request carries both extensionRequest (1.2.840.113549.1.9.14) and Microsoft\'s 1.3.6.1.4.1.311.2.1.14; only one set of requested extensions is allowed', t.offset);
          }
          extensionRequestIndex = i;
          const first = vals[0];
          if (first !== undefined) {
            path = `${base}.values[0]`;
            // ExtensionRequest ::= Extensions (RFC 2985 §5.4.2)
            if (first.tag !== Tag.SEQUENCE) {
              throw new DerError('unexpected-tag', `the extension request value must be Extensions (a SEQUENCE), found ${tagName(first.tag)}`, { offset: first.offset });
            }
            const er = a.enterTlv(first);
            extensionList = first;
            extensions = _walkExtensions(er, `${base}.values[0]`, lenient, (p) => (path = p));
          }
        }
        attributes.push({
          oid,
          values: vals.map((v) => v.raw),
          offset: t.offset,
          valueOffsets: vals.map((v) => v.offset),
        });
      }
      path = 'certificationRequestInfo.attributes';
      if (!lenient) _checkOrder(items, 'the attributes');
    }
    path = 'certificationRequestInfo';
    info.finish('CertificationRequestInfo');

    path = 'signatureAlgorithm';
    const sigAlg = _checkAlgorithmIdentifier(csr);

    path = 'signature';
    const sigTlv = csr.read(Tag.BIT_STRING, 'signature');
    const unused = decodeBitString(sigTlv.value, sigTlv.valueOffset).unusedBits;
    if (unused !== 0 && !lenient) {
      _fail('invalid-signature-value', `signature has ${unused} unused bits; every signature algorithm in use produces whole octets`, sigTlv.valueOffset);
    }
    path = 'certificationRequest';
    csr.finish('CertificationRequest');

    return {
      csr: csrTlv,
      info: infoTlv,
      subject: subjectTlv,
      spki: spkiTlv,
      attributeSet: attrTlv,
      attributes,
      extensionRequestIndex,
      extensionList,
      extensions,
      signatureAlgorithm: sigAlg,
      signatureValue: sigTlv,
      lenient,
    };
  } catch (e) {
    throw addPath(e, path);
  }
}

/**
 * The requested Extensions (RFC 2985 §5.4.2, RFC 5280 §4.1), walked for shape and duplicates;
 * bodies are decoded on demand.
 * ```asn1
 * Extensions  ::=  SEQUENCE SIZE (1..MAX) OF Extension
 * Extension  ::=  SEQUENCE  { extnID OBJECT IDENTIFIER, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
 * ```
 */
function _walkExtensions(r: DerReader, base: string, lenient: boolean, setPath: (p: string) => void): RawExtension[] {
  const listAt = r.pos;
  // RFC 5280 §4.2 (one instance of each extension) applies to what is requested: a CA cannot
  // know which of two requested values the applicant meant.
  const out = readExtensionList(r, base, setPath, (oid, firstAt, at) =>
    _fail('duplicate-extension', `requested extension ${oid} appears more than once (first at offset ${firstAt}); RFC 5280 §4.2 allows one instance`, at));
  if (out.length === 0 && !lenient) {
    setPath(base);
    _fail('empty-extensions', 'the extensionRequest holds an empty Extensions list; RFC 5280 §4.1 says SIZE (1..MAX) (omit the attribute instead; lenient mode accepts it)', listAt);
  }
  return out;
}

function _rebase(e: unknown, base: number, path: string): unknown {
  if (e instanceof CertkitError && e.offset !== undefined) e.offset += base;
  return addPath(e, path);
}

/**
 * A parsed PKCS#10 certification request. Construct it with {@link parseCsr} (or get one from
 * {@link CsrBuilder.sign}). Fields are read by the eager walk or decoded on first access and
 * cached. All `raw*` members are views into the parsed buffer (zero-copy).
 *
 * @example
 * ```ts
 * const csr = parseCsr(pem);
 * csr.subject.toString();       // 'CN=example.com,O=Acme'
 * csr.dnsNames;                 // ['example.com', 'www.example.com']
 * await verifyCsr(csr);         // true: the applicant holds the private key
 * console.log(csr.toString());  // like `openssl req -text -noout`
 * ```
 */
export class Csr {
  /** Always 1 (the ASN.1 value v1(0) plus one, as `Certificate.version` counts). */
  readonly version = 1 as const;
  /** Every attribute as received, in order (values undecoded). */
  readonly attributes: readonly CsrAttribute[];
  /** The requested extensions (from extensionRequest or Microsoft's alias), bodies undecoded. */
  readonly extensions: readonly RawExtension[];
  /** Whether the request was parsed in lenient mode. */
  readonly lenient: boolean;

  private readonly _f: _Fields;
  private _cache: Map<string, unknown> | undefined;
  private _subject: Name | undefined;

  /** @internal Use {@link parseCsr}. */
  constructor(fields: _Fields) {
    this._f = fields;
    this.attributes = fields.attributes;
    this.extensions = fields.extensions;
    this.lenient = fields.lenient;
  }

  private _memo<T>(key: string, make: () => T): T {
    const c = (this._cache ??= new Map());
    if (c.has(key)) return c.get(key) as T;
    const v = make();
    c.set(key, v);
    return v;
  }

  /** The whole CertificationRequest encoding as received. */
  get raw(): Uint8Array {
    return this._f.csr.raw;
  }
  /** The CertificationRequestInfo encoding: the bytes the signature covers. */
  get rawInfo(): Uint8Array {
    return this._f.info.raw;
  }
  /** The subject Name encoding. */
  get rawSubject(): Uint8Array {
    return this._f.subject.raw;
  }
  /** The SubjectPublicKeyInfo encoding. */
  get rawSpki(): Uint8Array {
    return this._f.spki.raw;
  }
  /** The `[0]` attributes element (header included), or `undefined` when absent (lenient mode). */
  get rawAttributes(): Uint8Array | undefined {
    return this._f.attributeSet?.raw;
  }
  /** The requested `Extensions` SEQUENCE encoding, when there is an extension request. */
  get rawExtensions(): Uint8Array | undefined {
    return this._f.extensionList?.raw;
  }
  /** The signatureAlgorithm AlgorithmIdentifier encoding. */
  get rawSignatureAlgorithm(): Uint8Array {
    return this._f.signatureAlgorithm.raw;
  }
  /** The signature octets (the BIT STRING contents without the unused-bits octet). */
  get rawSignatureValue(): Uint8Array {
    const t = this._f.signatureValue;
    return t.buf.subarray(t.valueOffset + 1, t.end);
  }

  /**
   * The subject name, decoded on first read.
   * @throws DerError / NameError with `path` `certificationRequestInfo.subject...`.
   */
  get subject(): Name {
    if (this._subject !== undefined) return this._subject;
    const t = this._f.subject;
    try {
      return (this._subject = readName(new DerReader(t.buf, { lenient: this.lenient }, t.offset, t.end)));
    } catch (e) {
      throw addPath(e, 'certificationRequestInfo.subject');
    }
  }

  /**
   * The requested public key, parsed on first read.
   * @throws KeyError / DerError with `path` `certificationRequestInfo.subjectPKInfo...` for a key
   * certkit cannot read (an unknown algorithm such as DSA is `unsupported-algorithm`).
   */
  get publicKey(): PublicKey {
    return this._memo('publicKey', () => {
      const t = this._f.spki;
      try {
        return parsePublicKey(t.raw, { lenient: this.lenient, allowCompressedPoints: this.lenient });
      } catch (e) {
        throw _rebase(e, t.offset, 'certificationRequestInfo.subjectPKInfo');
      }
    });
  }

  /**
   * The signature AlgorithmIdentifier, with its parameters checked (RSASSA-PSS, NULL rules).
   * @throws SignatureError `invalid-parameters`, DerError, with `path` `signatureAlgorithm`.
   */
  get signatureAlgorithm(): AlgorithmIdentifier {
    return this._memo('sigAlg', () => {
      const t = this._f.signatureAlgorithm;
      try {
        return parseAlgorithmIdentifier(new DerReader(t.buf, { lenient: this.lenient }, t.offset, t.end));
      } catch (e) {
        throw addPath(e, 'signatureAlgorithm');
      }
    });
  }

  /** The signature algorithm for people (`ecdsa-with-SHA256`, `RSASSA-PSS (SHA-256, ...)`); never throws. */
  get signatureAlgorithmName(): string {
    try {
      return describeSignatureAlgorithm(this.signatureAlgorithm);
    } catch {
      const r = new DerReader(this.rawSignatureAlgorithm).enter();
      return r.readOid();
    }
  }

  /** The attribute of this type as received, or `undefined`. */
  getAttribute(oid: string): CsrAttribute | undefined {
    for (const a of this.attributes) if (a.oid === oid) return a;
    return undefined;
  }

  /**
   * The challengePassword (RFC 2985 §5.4.1) as text, or `undefined` when absent.
   * @throws CsrError `invalid-attribute` (not a DirectoryString, or empty/over-long), DerError
   * `invalid-string`, with `path` `certificationRequestInfo.attributes[i].values[0]`.
   */
  get challengePassword(): string | undefined {
    return this._memo('challengePassword', () => {
      const i = this.attributes.findIndex((a) => a.oid === PKCS9.challengePassword);
      const a = this.attributes[i];
      if (a === undefined || a.values.length === 0) return undefined;
      try {
        return decodeChallengePassword(a.values[0]!, a.valueOffsets[0]!, this.lenient);
      } catch (e) {
        throw addPath(e, `certificationRequestInfo.attributes[${i}].values[0]`);
      }
    });
  }

  /**
   * The unstructuredName values (RFC 2985 §5.2.2; the attribute may hold several), empty when
   * absent.
   * @throws CsrError `invalid-attribute`, DerError `invalid-string`, with the value's `path`.
   */
  get unstructuredNames(): readonly string[] {
    return this._memo('unstructuredName', () => {
      const i = this.attributes.findIndex((a) => a.oid === PKCS9.unstructuredName);
      const a = this.attributes[i];
      if (a === undefined) return [];
      return a.values.map((v, j) => {
        try {
          return decodeUnstructuredName(v, a.valueOffsets[j]!, this.lenient);
        } catch (e) {
          throw addPath(e, `certificationRequestInfo.attributes[${i}].values[${j}]`);
        }
      });
    });
  }

  /** The OID of the attribute the extensions came in (`extensionRequest` or Microsoft's), if any. */
  get extensionRequestOid(): string | undefined {
    return this.attributes[this._f.extensionRequestIndex]?.oid;
  }

  /** The requested extension with this OID as received, or `undefined`. */
  getExtension(oid: string): RawExtension | undefined {
    for (const e of this.extensions) if (e.oid === oid) return e;
    return undefined;
  }

  /** Whether an extension with this OID is requested. */
  hasExtension(oid: string): boolean {
    return this.getExtension(oid) !== undefined;
  }

  /** Path of requested extension `ext` for errors. */
  private _extPath(ext: RawExtension): string {
    return `certificationRequestInfo.attributes[${this._f.extensionRequestIndex}].values[0][${this.extensions.indexOf(ext)}].extnValue`;
  }

  /**
   * Decodes a requested extension's body with a decoder, caching it.
   * @throws the decoder's typed error with `path` and absolute `offset`.
   */
  private _ext<T>(oid: string, decode: (v: Uint8Array, base: number, lenient: boolean) => T): T | undefined {
    return this._memo('ext:' + oid, () => {
      const e = this.getExtension(oid);
      if (e === undefined) return undefined;
      try {
        return decode(e.value, e.valueOffset, this.lenient);
      } catch (err) {
        throw addPath(err, this._extPath(e));
      }
    });
  }

  /** The requested subjectAltName (RFC 5280 §4.2.1.6), decoded; `undefined` when not requested. */
  get subjectAltName(): readonly GeneralName[] | undefined {
    return this._ext(EXTENSION.subjectAltName, decodeSubjectAltName);
  }
  /** The requested keyUsage bits by name, or `undefined`. */
  get keyUsage(): KeyUsage | undefined {
    return this._ext(EXTENSION.keyUsage, decodeKeyUsage);
  }
  /** The requested extKeyUsage purposes (names where known, else OIDs), or `undefined`. */
  get extKeyUsage(): ExtKeyUsage | undefined {
    return this._ext(EXTENSION.extKeyUsage, decodeExtKeyUsage);
  }
  /** The requested basicConstraints, or `undefined`. */
  get basicConstraints(): BasicConstraints | undefined {
    return this._ext(EXTENSION.basicConstraints, decodeBasicConstraints);
  }
  /** The requested subjectKeyIdentifier octets, or `undefined`. */
  get subjectKeyIdentifier(): Uint8Array | undefined {
    return this._ext(EXTENSION.subjectKeyIdentifier, decodeSubjectKeyIdentifier);
  }

  /** The dNSName entries of the requested subjectAltName, in order. */
  get dnsNames(): string[] {
    return (this.subjectAltName ?? []).flatMap((g) => (g.type === 'dns' ? [g.value] : []));
  }
  /** The iPAddress entries of the requested subjectAltName as text (RFC 5952 for IPv6). */
  get ipAddresses(): string[] {
    return (this.subjectAltName ?? []).flatMap((g) => (g.type === 'ip' ? [formatIpAddress(g.value)] : []));
  }
  /** The rfc822Name entries of the requested subjectAltName. */
  get emailAddresses(): string[] {
    return (this.subjectAltName ?? []).flatMap((g) => (g.type === 'email' ? [g.value] : []));
  }

  /**
   * SHA-256 fingerprint of the whole request DER, lower-case hex.
   * @example
   * ```ts
   * csr.fingerprint256()
   * ```
   */
  fingerprint256(): string {
    return this._memo('fp', () => toHex(sha256(this.raw)));
  }

  /**
   * The request as PEM (RFC 7468 §7: `-----BEGIN CERTIFICATE REQUEST-----`).
   * @example
   * ```ts
   * writeFileSync('req.pem', csr.toPem());
   * ```
   */
  toPem(): string {
    return encodePem('CERTIFICATE REQUEST', this.raw);
  }

  /** A copy of the DER encoding (not aliasing the parsed buffer). */
  toDer(): Uint8Array {
    return this.raw.slice();
  }

  /**
   * A JSON view: subject, public key (algorithm, size or curve, SPKI SHA-256 fingerprint),
   * signature algorithm and whether it verifies, each requested extension decoded, each
   * attribute. Never throws: a part that cannot be decoded is reported with its error.
   * @example
   * ```ts
   * JSON.stringify(csr, null, 2)
   * ```
   */
  toJSON(): CsrJson {
    return _csrToJson(this);
  }

  /**
   * A text dump in the layout of `openssl req -text -noout`, plus the SPKI fingerprint and the
   * result of the signature check. Never throws.
   * @example
   * ```ts
   * console.log(csr.toString());
   * ```
   */
  toString(): string {
    return _formatCsr(this);
  }
}

/**
 * Parses a PKCS#10 certification request from DER bytes or PEM text, synchronously and without
 * copying. PEM labels `CERTIFICATE REQUEST` and the legacy `NEW CERTIFICATE REQUEST`
 * (RFC 7468 §7) are accepted.
 *
 * Checked eagerly: every DER rule, version v1 only, the attributes (values present, SET OF
 * order, no duplicate types, single-valued types with one value), the requested extensions
 * (shape, no duplicates), an octet-aligned signature, and nothing after any element. The
 * subject, the public key, attribute values and extension bodies are decoded when first read.
 *
 * @param input DER bytes, or PEM text (string or bytes).
 * @throws TypeError for another input type; DerError / CsrError / PemError with `code`, `path`
 * (e.g. `certificationRequestInfo.attributes[1].values`) and `offset` (absolute, into the DER).
 * @example
 * ```ts
 * const csr = parseCsr(readFileSync('req.pem', 'utf8'));
 * console.log(csr.subject.toString(), csr.dnsNames, await verifyCsr(csr));
 * ```
 */
export function parseCsr(input: Uint8Array | string, options: ParseCsrOptions = {}): Csr {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) {
    throw new TypeError('parseCsr expects DER bytes (Uint8Array) or PEM text (string)');
  }
  const der = toDer(input, 'CERTIFICATE REQUEST');
  return new Csr(_walk(der, options.lenient === true));
}
