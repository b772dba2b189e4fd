/**
 * PKCS#10 certification requests (RFC 2986): the one request parser, a strict, synchronous,
 * zero-copy walk that fills a small record with no behaviour.
 *
 * Scope: `parseCsr()` walks the outer structure, the CertificationRequestInfo fields, every
 * attribute (types, value counts, SET OF order, duplicates) and the requested extensions (shape
 * and duplicates) once, checking DER and the RFC 2986 / RFC 2985 rules. The {@link Csr} record
 * keeps views of the exact bytes received (`raw`, `rawInfo`, `rawSubject`, `rawSpki`, ...) and
 * reads the subject on first access. Everything else is a free function: the key, attribute
 * values and fingerprints (`csr-info.ts`), requested extension values (`getExtension(csr,
 * codec)` of `certkit/x509`), the self-signature (`verify.ts`), text and JSON (`format.ts`).
 *
 * Parsed requests alias the caller's buffer: do not modify it while the request is used.
 *
 * Non-goals: building requests (`csr-builder.ts`), judging them (`lint.ts`), issuing
 * certificates from them (`src/ca/`).
 * @module
 */
import {
  DerError,
  DerReader,
  Tag,
  Tlv,
  addPath,
  bytesToSafeInteger,
  checkBitString,
  checkInteger,
  compareEncodings,
  decodeOid,
  derCursor,
  enter,
  enterLast,
  expect,
  leave,
  next,
  optional,
  tagName,
  type DerCursor,
} from '../der/index';
import { PKCS9 } from '../oid/index';
import { pemBlockToDer } from '../pem/index';
import { checkAlgorithmIdentifier } from '../sig/index';
import { type Name, readExtensionList, readName, type RawExtension } from './_x509';
import { isSingleValuedAttribute, type CsrAttribute } from './attributes';
import { CsrError, type CsrErrorCode } from './errors';

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

/** The element the cursor read last, as a Tlv (a handful per request, for the record's views). */
function _tlv(c: DerCursor): Tlv {
  return new Tlv(c.buf, c.tag, c.start, c.vs, c.ve);
}

/** AlgorithmIdentifier, checked for shape by the signature layer's one walk of it, as a Tlv for the record. */
function _algorithm(c: DerCursor): Tlv {
  checkAlgorithmIdentifier(c);
  return _tlv(c);
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
 * The one walk (RFC 2986 §4.1 and §4.2), with the der layer's cursor:
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
 * One try/catch tracks the field path, as the certificate parser does. The requested
 * Extensions are walked by the x509 layer's `readExtensionList`, shared with certificates' CAs
 * and CRLs.
 */
function _walk(der: Uint8Array, lenient: boolean): _Fields {
  let path = 'certificationRequest';
  try {
    const c = derCursor(der, 0, der.length, lenient);
    const b = der;
    const top = enter(c, 0x30);
    const csrTlv = _tlv(c);
    // Nothing may follow the request (checked first, as the outer element is read).
    if (c.ve < der.length) throw new DerError('trailing-data', `${der.length - c.ve} unexpected byte(s) after the CertificationRequest SEQUENCE`, { offset: c.ve });

    path = 'certificationRequestInfo';
    const infoOuter = enter(c, 0x30);
    const infoTlv = _tlv(c);

    // version INTEGER { v1(0) } (v1,...): only v1 is defined.
    path = 'certificationRequestInfo.version';
    const vAt = c.pos;
    const vv = expect(c, 0x02);
    checkInteger(b.subarray(vv, c.ve), vv, false);
    const version = bytesToSafeInteger(b.subarray(vv, c.ve), vv);
    if (version < 0) throw new DerError('negative-integer', 'version must not be negative', { offset: vv });
    if (version !== 0) _fail('invalid-version', `version ${version} is not v1 (0), the only version RFC 2986 §4.1 defines`, vAt);

    path = 'certificationRequestInfo.subject';
    expect(c, 0x30);
    const subjectTlv = _tlv(c);

    path = 'certificationRequestInfo.subjectPKInfo';
    const spkiOuter = enter(c, 0x30);
    const spkiTlv = _tlv(c);
    path = 'certificationRequestInfo.subjectPKInfo.algorithm';
    _algorithm(c);
    path = 'certificationRequestInfo.subjectPKInfo.subjectPublicKey';
    const kv = expect(c, 0x03);
    checkBitString(b, kv, c.ve);
    path = 'certificationRequestInfo.subjectPKInfo';
    leave(c, spkiOuter);

    path = 'certificationRequestInfo.attributes';
    const attributes: CsrAttribute[] = [];
    let extensionRequestIndex = -1;
    let extensionList: Tlv | undefined;
    let extensions = _NO_EXTENSIONS;
    // Attribute type → offset of its first occurrence: duplicates found in linear time.
    const seenAttributes = new Map<string, number>();
    let attrTlv: Tlv | undefined;
    if (!optional(c, TAG_ATTRIBUTES)) {
      if (!lenient) {
        _fail('missing-attributes', 'the [0] attributes field is missing; RFC 2986 §4.1 requires it (an empty [0] SET when there are none; lenient mode accepts its absence)', c.pos);
      }
    } else {
      attrTlv = _tlv(c);
      const attrOuter = enterLast(c);
      const items: Tlv[] = [];
      for (let i = 0; c.pos < c.end; i++) {
        const base = `certificationRequestInfo.attributes[${i}]`;
        path = base;
        const aOuter = enter(c, 0x30);
        const t = _tlv(c);
        items.push(t);
        path = base + '.type';
        const ov = expect(c, 0x06);
        const oid = decodeOid(b.subarray(ov, c.ve), ov);
        path = base + '.values';
        const vOuter = enter(c, 0x31);
        const vt = _tlv(c);
        const vals: Tlv[] = [];
        for (let j = 0; c.pos < c.end; j++) {
          path = `${base}.values[${j}]`;
          next(c);
          vals.push(_tlv(c));
        }
        leave(c, vOuter);
        path = base + '.values';
        if (!lenient) _checkOrder(vals, 'the attribute values');
        path = base;
        leave(c, aOuter);
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
            _fail(
              'duplicate-attribute',
              "the request carries both extensionRequest (1.2.840.113549.1.9.14) and Microsoft's 1.3.6.1.4.1.311.2.1.14; only one set of requested extensions is allowed",
              t.offset,
            );
          }
          extensionRequestIndex = i;
          const first = vals[0];
          if (first !== undefined) {
            path = `${base}.values[0]`;
            // ExtensionRequest ::= Extensions (RFC 2985 §5.4.2)
            if (first.tag !== Tag.SEQUENCE) {
              throw new DerError('unexpected-tag', `the extension request value must be Extensions (a SEQUENCE), found ${tagName(first.tag)}`, { offset: first.offset });
            }
            const er = new DerReader(b, { lenient }, first.valueOffset, first.end, 4);
            extensionList = first;
            extensions = _walkExtensions(er, `${base}.values[0]`, lenient, (p) => (path = p));
          }
        }
        attributes.push({ oid, values: vals.map((v) => v.raw), offset: t.offset, valueOffsets: vals.map((v) => v.offset) });
      }
      path = 'certificationRequestInfo.attributes';
      leave(c, attrOuter);
      if (!lenient) _checkOrder(items, 'the attributes');
    }
    path = 'certificationRequestInfo';
    leave(c, infoOuter);

    path = 'signatureAlgorithm';
    const sigAlg = _algorithm(c);

    path = 'signature';
    const sv = expect(c, 0x03);
    const sigTlv = _tlv(c);
    const unused = checkBitString(b, sv, c.ve);
    if (unused !== 0 && !lenient) {
      _fail('invalid-signature-value', `signature has ${unused} unused bits; every signature algorithm in use produces whole octets`, sv);
    }
    path = 'certificationRequest';
    leave(c, top);

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
    _fail('duplicate-extension', `requested extension ${oid} appears more than once (first at offset ${firstAt}); RFC 5280 §4.2 allows one instance`, at),
  );
  if (out.length === 0 && !lenient) {
    setPath(base);
    _fail('empty-extensions', 'the extensionRequest holds an empty Extensions list; RFC 5280 §4.1 says SIZE (1..MAX) (omit the attribute instead; lenient mode accepts it)', listAt);
  }
  return out;
}

/**
 * A parsed PKCS#10 certification request: a record of the fields of RFC 2986 §4 over the bytes
 * received. Made by {@link parseCsr} (or returned by {@link CsrBuilder.sign}); it has no
 * behaviour of its own: the key, the signature check, extension values, attribute values, text
 * and JSON are free functions (`csrPublicKey`, `verifyCsr`, `getExtension` from `certkit/x509`,
 * `csrChallengePassword`, `formatCsr`, `csrToJson`), so an application ships only what it calls.
 * Every `raw*` member is a view of the parsed buffer (zero-copy).
 *
 * @example
 * ```ts
 * const csr = parseCsr(pem);
 * csr.subject.toString();       // 'CN=example.com,O=Acme'
 * csrDnsNames(csr);             // ['example.com', 'www.example.com']
 * await verifyCsr(csr);         // true: the applicant holds the private key
 * console.log(formatCsr(csr));  // like `openssl req -text -noout`
 * ```
 */
export class Csr {
  /** Always 1 (the ASN.1 value v1(0) plus one, as `Certificate.version` counts). */
  readonly version = 1 as const;
  /** Every attribute as received, in order (values undecoded). */
  readonly attributes: readonly CsrAttribute[];
  /** The requested extensions (from extensionRequest or Microsoft's alias), bodies undecoded (see `getExtension`). */
  readonly extensions: readonly RawExtension[];
  /** The OID of the attribute the extensions came in (`extensionRequest` or Microsoft's), if any. */
  readonly extensionRequestOid: string | undefined;
  /** The field path of the requested `Extensions` (for error paths: `certificationRequestInfo.attributes[i].values[0]`). */
  readonly extensionsPath: string;
  /** Whether the request was parsed in lenient mode (names and extension values follow it). */
  readonly lenient: boolean;

  private readonly _f: _Fields;
  private _subject: Name | undefined;

  /** @internal Use {@link parseCsr}. */
  constructor(fields: _Fields) {
    this._f = fields;
    this.attributes = fields.attributes;
    this.extensions = fields.extensions;
    this.extensionRequestOid = fields.attributes[fields.extensionRequestIndex]?.oid;
    this.extensionsPath = `certificationRequestInfo.attributes[${fields.extensionRequestIndex}].values[0]`;
    this.lenient = fields.lenient;
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
  /** Absolute offset of the SubjectPublicKeyInfo in the parsed buffer (for error offsets). */
  get spkiOffset(): number {
    return this._f.spki.offset;
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
}

/**
 * Parses a PKCS#10 certification request from DER bytes or PEM text, synchronously and without
 * copying. PEM labels `CERTIFICATE REQUEST` and the legacy `NEW CERTIFICATE REQUEST`
 * (RFC 7468 §7) are accepted.
 *
 * Checked eagerly: every DER rule, version v1 only, the attributes (values present, SET OF
 * order, no duplicate types, single-valued types with one value), the requested extensions
 * (shape, no duplicates), an octet-aligned signature, and nothing after any element. The
 * subject is decoded when first read; the public key, attribute values and extension bodies
 * when a free function asks for them (`csrPublicKey`, `csrChallengePassword`,
 * `getExtension(csr, codec)`), with the same error model.
 *
 * @param input DER bytes, or PEM text (string or bytes).
 * @throws TypeError for another input type; DerError / CsrError / PemError with `code`, `path`
 * (e.g. `certificationRequestInfo.attributes[1].values`) and `offset` (absolute, into the DER).
 * @example
 * ```ts
 * const csr = parseCsr(readFileSync('req.pem', 'utf8'));
 * console.log(csr.subject.toString(), csrDnsNames(csr), await verifyCsr(csr));
 * ```
 */
export function parseCsr(input: Uint8Array | string, options: ParseCsrOptions = {}): Csr {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) {
    throw new TypeError('parseCsr expects DER bytes (Uint8Array) or PEM text (string)');
  }
  const der = pemBlockToDer(input, 'CERTIFICATE REQUEST');
  return new Csr(_walk(der, options.lenient === true));
}
