/**
 * `certkit/x509/view`: a lean, read-only certificate view for applications that only read
 * certificates (PEM → subject, issuer, validity, SANs) and must stay small in a browser or edge
 * bundle.
 *
 * Scope: `parseCertificateView()` applies exactly the checks of `parseCertificate()` (RFC 5280
 * §4.1 structure and every DER rule, eagerly; names and the subjectAltName when first read),
 * with the same error classes, codes, offsets and paths (the messages are shorter: the error's
 * `path` names the field), and serves the exact bytes (`raw`,
 * `rawTbs`, `rawIssuer`, ...), version, serial number, validity, issuer and subject (as a
 * {@link NameView}), the extension list as received, and the dNSName / iPAddress / rfc822Name
 * entries of subjectAltName. `test/x509-view.test.ts` holds the view and the full parser to the
 * same answers on real and mutated certificates. It pulls in no signature, hash, key or
 * extension-registry code, nor the `DerReader` class, the `Tag` table or the full PEM parser
 * (it reads with the der layer's standalone functions and `pemBlockToDer`).
 *
 * Parsed views alias the caller's buffer: do not modify it while the view is used.
 *
 * Non-goals: signature verification, the public key, typed extension getters, fingerprints,
 * the text dump and name comparison. For those, parse with `parseCertificate` from
 * `certkit/x509` (the same bytes give the full `Certificate`); there is deliberately no
 * `toCertificate()` here, since it would pull all of that into every bundle that imports the view.
 * @module
 */
import {
  DerError, addPath, bytesEqual, decodeBitString, decodeBooleanTlv, decodeGeneralizedTime, decodeOid, decodeUtcTime, toHex,
  type BitString, type Tlv,
} from '../der/index';
import { pemBlockToDer } from '../pem/index';
import { CertificateError, type CertificateErrorCode, type ParseCertificateOptions, type RawExtension } from './certificate';
import { decodeSubjectAltName, type SubjectAltName } from './extensions/subject-alt-name';
import { NameView, _fin, _get, _in, _next, _opt, _readNameView, type _Cur } from './_name-view';
import { _readSanLists, type _SanLists } from './_san-view';

export { NameView } from './_name-view';
export type { ParseCertificateOptions, RawExtension } from './certificate';

// Universal tags (X.680 §8.4) as module constants: `Tag.X` would bring the whole `Tag` object
// into a parse-only bundle.
const _BIT_STRING = 0x03;
const _BOOLEAN = 0x01;
const _GENERALIZED_TIME = 0x18;
const _INTEGER = 0x02;
const _OCTET_STRING = 0x04;
const _OID = 0x06;
const _SEQUENCE = 0x30;
const _UTC_TIME = 0x17;

/** id-ce-subjectAltName (RFC 5280 §4.2.1.6). */
const SAN_OID = '2.5.29.17';

function _fail(code: CertificateErrorCode, message: string, offset: number): never {
  throw new CertificateError(code, message, { offset });
}

function _derFail(code: 'empty-integer' | 'non-minimal-integer' | 'explicit-default' | 'integer-too-large' | 'negative-integer' | 'unexpected-tag', message: string, offset: number): never {
  throw new DerError(code, message, { offset });
}

/** `Time ::= CHOICE { utcTime UTCTime, generalTime GeneralizedTime }` (RFC 5280 §4.1), as `DerReader.readTime`. */
function _time(c: _Cur): Date {
  const t = _next(c);
  if (t.tag === _UTC_TIME) return decodeUtcTime(t.value, t.valueOffset);
  if (t.tag === _GENERALIZED_TIME) return decodeGeneralizedTime(t.value, t.valueOffset, false);
  return _derFail('unexpected-tag', `expected a UTCTime or GeneralizedTime but found tag 0x${t.tag.toString(16)}`, t.offset);
}

/** INTEGER contents (two's complement, at least one octet) as a bigint (X.690 §8.3.3). */
function _big(v: Uint8Array): bigint {
  const x = BigInt(`0x${toHex(v)}`);
  return v[0]! >= 0x80 ? x - (1n << BigInt(8 * v.length)) : x;
}

/**
 * The INTEGER rules of X.690 §8.3 as `checkInteger` applies them (codes and offsets): contents
 * present, and, unless `lenient`, in the shortest form.
 */
function _int(t: Tlv, what: string, lenient: boolean): Uint8Array {
  const v = t.value;
  if (v.length === 0) _derFail('empty-integer', `empty ${what} (X.690 §8.3.1)`, t.valueOffset);
  if (!lenient && v.length > 1 && ((v[0] === 0 && v[1]! < 0x80) || (v[0] === 0xff && v[1]! >= 0x80))) {
    _derFail('non-minimal-integer', `non-minimal ${what} (X.690 §8.3.2)`, t.valueOffset);
  }
  return v;
}

/**
 * AlgorithmIdentifier (RFC 5280 §4.1.1.2), checked for shape only (the parameters are the
 * signature layer's business):
 * ```asn1
 * AlgorithmIdentifier  ::=  SEQUENCE  {
 *      algorithm               OBJECT IDENTIFIER,
 *      parameters              ANY DEFINED BY algorithm OPTIONAL  }
 * ```
 */
function _algorithm(r: _Cur): Tlv {
  const t = _get(r, _SEQUENCE);
  const a = _in(r, t);
  const o = _get(a, _OID);
  decodeOid(o.value, o.valueOffset);
  if (a.p < a.e) _next(a);
  _fin(a);
  return t;
}

/**
 * RFC 5280 §4.1.2.2: "The serial number MUST be a positive integer ... Conforming CAs MUST NOT
 * use serialNumber values longer than 20 octets": 20 octets of value, a leading 00 sign octet
 * allowed. Zero is accepted (six roots of the Mozilla store have serial 0, and §4.1.2.2 asks
 * users to "gracefully handle" such values); lenient mode also accepts negative and longer
 * serials and a non-minimal encoding. The same rules as `parseCertificate`.
 */
function _serial(t: Tlv, lenient: boolean): void {
  const v = _int(t, 'serialNumber', lenient);
  if (lenient) return;
  if (v[0]! >= 0x80) _fail('invalid-serial-number', 'negative serialNumber (RFC 5280 §4.1.2.2; lenient mode accepts it)', t.valueOffset);
  const magnitude = v[0] === 0 ? v.length - 1 : v.length;
  if (magnitude > 20) _fail('invalid-serial-number', `serialNumber of ${magnitude} octets, over 20 (RFC 5280 §4.1.2.2; lenient mode accepts it)`, t.valueOffset);
}

/** What the walk found: element views and decoded eager fields. */
interface _Parts {
  cert: Tlv;
  tbs: Tlv;
  version: 1 | 2 | 3;
  serial: Tlv;
  alg: Tlv;
  issuer: Tlv;
  validity: Tlv;
  notBefore: Date;
  notAfter: Date;
  subject: Tlv;
  spki: Tlv;
  issuerUniqueId: BitString | undefined;
  subjectUniqueId: BitString | undefined;
  extList: Tlv | undefined;
  extensions: RawExtension[];
  sig: Tlv;
}

/**
 * The eager walk (RFC 5280 §4.1), with the checks and the field paths of `parseCertificate`:
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
 *      subjectUniqueID [2]  IMPLICIT UniqueIdentifier OPTIONAL,
 *      extensions      [3]  EXPLICIT Extensions OPTIONAL }
 *
 * Extensions  ::=  SEQUENCE SIZE (1..MAX) OF Extension
 * Extension  ::=  SEQUENCE  {
 *      extnID      OBJECT IDENTIFIER,
 *      critical    BOOLEAN DEFAULT FALSE,
 *      extnValue   OCTET STRING  }
 * ```
 */
function _walk(der: Uint8Array, lenient: boolean): _Parts {
  const T = 'tbsCertificate';
  let path = 'certificate';
  try {
    const top: _Cur = { b: der, p: 0, e: der.length, l: lenient };
    const cert = _get(top, _SEQUENCE);
    _fin(top);
    const cr = _in(top, cert);

    path = T;
    const tbs = _get(cr, _SEQUENCE);
    const tr = _in(cr, tbs);

    // version [0] EXPLICIT Version DEFAULT v1; Version ::= INTEGER { v1(0), v2(1), v3(2) }
    path = `${T}.version`;
    let version: 1 | 2 | 3 = 1;
    const vt = _opt(tr, 0xa0);
    if (vt !== undefined) {
      const vr = _in(tr, vt);
      const at = vr.p;
      // as DerReader.readSmallInteger: minimal (even in lenient mode), a safe integer, non-negative
      const it = _get(vr, _INTEGER);
      const big = _big(_int(it, 'Version', false));
      if (big > 2n ** 53n - 1n || big < 1n - 2n ** 53n) _derFail('integer-too-large', 'Version too large', it.valueOffset);
      if (big < 0n) _derFail('negative-integer', 'negative Version', it.valueOffset);
      const v = Number(big);
      _fin(vr);
      if (v > 2) _fail('invalid-version', `version ${v} is not v1, v2 or v3 (RFC 5280 §4.1.2.1)`, at);
      // X.690 §11.5: a DEFAULT value is omitted in DER; some old CAs wrote v1 explicitly.
      if (v === 0 && !lenient) _derFail('explicit-default', 'explicit DEFAULT version v1 (X.690 §11.5; lenient mode accepts it)', vt.offset);
      version = (v + 1) as 1 | 2 | 3;
    }

    path = `${T}.serialNumber`;
    const serial = _get(tr, _INTEGER);
    _serial(serial, lenient);

    path = `${T}.signature`;
    const inner = _algorithm(tr);

    path = `${T}.issuer`;
    const issuer = _get(tr, _SEQUENCE);

    // Validity ::= SEQUENCE { notBefore Time, notAfter Time }. The DER form of each Time is
    // enforced; "UTCTime through 2049" is a rule for CAs and is not (a Mozilla root breaks it).
    const V = `${T}.validity`;
    path = V;
    const validity = _get(tr, _SEQUENCE);
    const vr = _in(tr, validity);
    path = `${V}.notBefore`;
    const notBefore = _time(vr);
    path = `${V}.notAfter`;
    const notAfter = _time(vr);
    path = V;
    _fin(vr);

    path = `${T}.subject`;
    const subject = _get(tr, _SEQUENCE);

    // SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }
    const S = `${T}.subjectPublicKeyInfo`;
    path = S;
    const spki = _get(tr, _SEQUENCE);
    const sr = _in(tr, spki);
    path = `${S}.algorithm`;
    _algorithm(sr);
    path = `${S}.subjectPublicKey`;
    const pk = _get(sr, _BIT_STRING);
    decodeBitString(pk.value, pk.valueOffset);
    path = S;
    _fin(sr);

    // UniqueIdentifier ::= BIT STRING, only in v2 and v3 (RFC 5280 §4.1.2.8).
    const uid = (tag: number, what: string): BitString | undefined => {
      path = `${T}.${what}`;
      const u = _opt(tr, tag);
      if (u === undefined) return undefined;
      if (version === 1) _fail('version-mismatch', `${what} in a v1 certificate (RFC 5280 §4.1.2.8)`, u.offset);
      return decodeBitString(u.value, u.valueOffset);
    };
    const issuerUniqueId = uid(0x81, 'issuerUniqueID');
    const subjectUniqueId = uid(0x82, 'subjectUniqueID');

    path = `${T}.extensions`;
    const extensions: RawExtension[] = [];
    let extList: Tlv | undefined;
    const xt = _opt(tr, 0xa3);
    if (xt !== undefined) {
      if (version !== 3) _fail('version-mismatch', `extensions in a v${version} certificate (RFC 5280 §4.1.2.9)`, xt.offset);
      const xr = _in(tr, xt);
      extList = _get(xr, _SEQUENCE);
      _fin(xr);
      const lr = _in(xr, extList);
      const seen = new Map<string, number>();
      for (let i = 0; lr.p < lr.e; i++) {
        const base = `${T}.extensions[${i}]`;
        path = base;
        const et = _get(lr, _SEQUENCE);
        const er = _in(lr, et);
        path = base + '.extnID';
        const ot = _get(er, _OID);
        const oid = decodeOid(ot.value, ot.valueOffset);
        path = base + '.critical';
        // critical BOOLEAN DEFAULT FALSE: X.690 §11.5 omits the default; lenient mode accepts it
        // (as DerReader.readDefaultBoolean)
        const ct = _opt(er, _BOOLEAN);
        const critical = ct !== undefined && decodeBooleanTlv(ct);
        if (ct !== undefined && !critical && !lenient) _derFail('explicit-default', 'explicit DEFAULT critical FALSE (X.690 §11.5; lenient mode accepts it)', ct.offset);
        path = base + '.extnValue';
        const val = _get(er, _OCTET_STRING);
        path = base;
        _fin(er);
        // RFC 5280 §4.2: "A certificate MUST NOT include more than one instance of a particular extension."
        // A Map keeps a hostile list of thousands of extensions linear.
        const first = seen.get(oid);
        if (first !== undefined) _fail('duplicate-extension', `extension ${oid} repeated (first at offset ${first}; RFC 5280 §4.2)`, et.offset);
        seen.set(oid, et.offset);
        extensions.push(Object.freeze({ oid, critical, value: val.value, offset: et.offset, valueOffset: val.valueOffset }));
      }
      // RFC 5280 §4.1: Extensions ::= SEQUENCE SIZE (1..MAX); lenient mode accepts an empty list.
      if (extensions.length === 0 && !lenient) _fail('empty-extensions', 'empty Extensions (RFC 5280 §4.1: SIZE (1..MAX); omit the field)', extList.valueOffset);
      path = `${T}.extensions`;
    }
    path = T;
    _fin(tr);

    // RFC 5280 §4.1.1.2: signatureAlgorithm MUST equal tbsCertificate.signature, byte for byte here
    // (absent vs NULL parameters are a mismatch an attacker could use to confuse verifiers).
    path = 'signatureAlgorithm';
    const alg = _algorithm(cr);
    if (!bytesEqual(alg.raw, inner.raw)) _fail('signature-algorithm-mismatch', 'signatureAlgorithm differs from tbsCertificate.signature (RFC 5280 §4.1.1.2)', alg.offset);

    path = 'signatureValue';
    const sig = _get(cr, _BIT_STRING);
    const unused = decodeBitString(sig.value, sig.valueOffset).unusedBits;
    // Every signature algorithm in use produces whole octets; lenient mode accepts the rest.
    if (unused !== 0 && !lenient) _fail('invalid-signature-value', `signatureValue has ${unused} unused bits (lenient mode accepts it)`, sig.valueOffset);
    path = 'certificate';
    _fin(cr);
    return { cert, tbs, version, serial, alg, issuer, validity, notBefore, notAfter, subject, spki, issuerUniqueId, subjectUniqueId, extList, extensions: Object.freeze(extensions) as RawExtension[], sig };
  } catch (e) {
    throw addPath(e, path);
  }
}

/**
 * A parsed certificate, read-only and lean: the exact bytes, the fields every application
 * reads, and the common subjectAltName entries. Made by {@link parseCertificateView}. Every
 * `raw*` member is a view of the parsed buffer. For verification, keys, typed extensions and
 * the text dump, use `parseCertificate` from `certkit/x509` on the same bytes.
 * @example
 * ```ts
 * const v = parseCertificateView(pem);
 * v.subject.toString();  // 'CN=example.com'
 * v.notAfter;            // Date
 * v.dnsNames;            // ['example.com', 'www.example.com']
 * ```
 */
export class CertificateView {
  /** 1, 2 or 3 (the ASN.1 value plus one). */
  readonly version: 1 | 2 | 3;
  /** Start of the validity period (RFC 5280 §4.1.2.5), inclusive. */
  readonly notBefore: Date;
  /** End of the validity period, inclusive; 9999-12-31T23:59:59Z means no well-defined expiry. */
  readonly notAfter: Date;
  /** `issuerUniqueID` (RFC 5280 §4.1.2.8), when present. */
  readonly issuerUniqueId: BitString | undefined;
  /** `subjectUniqueID`, when present. */
  readonly subjectUniqueId: BitString | undefined;
  /** The extensions as received, in order (bodies undecoded). */
  readonly extensions: readonly RawExtension[];
  /** Whether the certificate was read in lenient mode (names and the SAN follow it). */
  readonly lenient: boolean;

  private readonly _p: _Parts;
  private _issuer: NameView | undefined;
  private _subject: NameView | undefined;
  private _san: _SanLists | null | undefined;

  /** @internal Use {@link parseCertificateView}. */
  constructor(parts: _Parts, lenient: boolean) {
    this._p = parts;
    this.version = parts.version;
    this.notBefore = parts.notBefore;
    this.notAfter = parts.notAfter;
    this.issuerUniqueId = parts.issuerUniqueId;
    this.subjectUniqueId = parts.subjectUniqueId;
    this.extensions = parts.extensions;
    this.lenient = lenient;
  }

  /** The whole Certificate encoding as received. */
  get raw(): Uint8Array {
    return this._p.cert.raw;
  }
  /** The TBSCertificate encoding: the bytes the signature covers. */
  get rawTbs(): Uint8Array {
    return this._p.tbs.raw;
  }
  /** Contents octets of the serialNumber INTEGER (two's complement, as received). */
  get rawSerial(): Uint8Array {
    return this._p.serial.value;
  }
  /** The `signatureAlgorithm` AlgorithmIdentifier encoding (equal to `tbsCertificate.signature`). */
  get rawSignatureAlgorithm(): Uint8Array {
    return this._p.alg.raw;
  }
  /** The issuer Name encoding. */
  get rawIssuer(): Uint8Array {
    return this._p.issuer.raw;
  }
  /** The subject Name encoding. */
  get rawSubject(): Uint8Array {
    return this._p.subject.raw;
  }
  /** The SubjectPublicKeyInfo encoding. */
  get rawSpki(): Uint8Array {
    return this._p.spki.raw;
  }
  /** The Validity encoding. */
  get rawValidity(): Uint8Array {
    return this._p.validity.raw;
  }
  /** The `Extensions` SEQUENCE encoding (inside `[3]`), when present. */
  get rawExtensions(): Uint8Array | undefined {
    return this._p.extList?.raw;
  }
  /** The signature octets: the `signatureValue` BIT STRING without its unused-bits octet. */
  get rawSignatureValue(): Uint8Array {
    return this._p.sig.value.subarray(1);
  }

  /** The serial number (RFC 5280 §4.1.2.2); negative only in lenient mode. */
  get serialNumber(): bigint {
    return _big(this.rawSerial);
  }

  /**
   * The serial number as lower-case hex of its contents octets, a leading 00 sign octet removed
   * (as `Certificate.serialNumberHex`).
   */
  get serialNumberHex(): string {
    const v = this.rawSerial;
    return toHex(v.length > 1 && v[0] === 0 ? v.subarray(1) : v);
  }

  /**
   * The issuer name (RFC 5280 §4.1.2.4), read on first access.
   * @throws DerError / NameError with `path` `tbsCertificate.issuer.rdns[i][j]...` when it is malformed.
   */
  get issuer(): NameView {
    return (this._issuer ??= this._name(this._p.issuer, 'tbsCertificate.issuer'));
  }

  /**
   * The subject name (RFC 5280 §4.1.2.6), read on first access.
   * @throws DerError / NameError with `path` `tbsCertificate.subject.rdns[i][j]...` when it is malformed.
   */
  get subject(): NameView {
    return (this._subject ??= this._name(this._p.subject, 'tbsCertificate.subject'));
  }

  private _name(t: Tlv, path: string): NameView {
    try {
      return _readNameView({ b: t.buf, p: t.offset, e: t.end, l: this.lenient });
    } catch (e) {
      throw addPath(e, path);
    }
  }

  /** The extension with this OID as received, or `undefined`. */
  getExtension(oid: string): RawExtension | undefined {
    if (typeof oid !== 'string') throw new TypeError('getExtension expects a dotted OID string');
    return this.extensions.find((e) => e.oid === oid);
  }

  /** Whether an extension with this OID is present. */
  hasExtension(oid: string): boolean {
    return this.getExtension(oid) !== undefined;
  }

  /** The subjectAltName entries, checked in full on first read; `null` when there is no SAN. */
  private _sanLists(): _SanLists | null {
    if (this._san !== undefined) return this._san;
    const i = this.extensions.findIndex((e) => e.oid === SAN_OID);
    if (i < 0) return (this._san = null);
    const e = this.extensions[i]!;
    try {
      return (this._san = _readSanLists(this._p.cert.buf, e.valueOffset, e.valueOffset + e.value.length, this.lenient));
    } catch (err) {
      throw addPath(err, `tbsCertificate.extensions[${i}].extnValue`);
    }
  }

  /**
   * The dNSName entries of subjectAltName, in order (empty when there is none). Does not fall
   * back to the subject CN (RFC 6125 §6.4.4).
   * @throws NameError / DerError with `path` `tbsCertificate.extensions[i].extnValue...` for a
   * subjectAltName that `parseCertificate(...).subjectAltName` refuses too.
   * @example
   * ```ts
   * view.dnsNames // ['example.com', 'www.example.com']
   * ```
   */
  get dnsNames(): string[] {
    return [...(this._sanLists()?.dns ?? [])];
  }

  /** The iPAddress entries of subjectAltName as text (RFC 5952 for IPv6). */
  get ipAddresses(): string[] {
    return [...(this._sanLists()?.ip ?? [])];
  }

  /** The rfc822Name entries of subjectAltName. */
  get emailAddresses(): string[] {
    return [...(this._sanLists()?.email ?? [])];
  }

  /**
   * Whether `at` lies in the validity period (both ends inclusive, RFC 5280 §4.1.2.5).
   * @example
   * ```ts
   * view.isValidAt(new Date('2030-01-01T00:00:00Z'))
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
 * Reads one X.509 certificate from DER bytes or PEM text, synchronously and without copying,
 * into a lean {@link CertificateView}.
 *
 * Checked eagerly, exactly as `parseCertificate` does: every DER rule on the outer structure
 * and each TBSCertificate field, the version and the fields it allows, the serial number,
 * equal inner and outer signature algorithms, the validity times, the extension list (shape,
 * no duplicates) and that nothing follows any element. Names and the subjectAltName are read
 * when first accessed, with the same errors.
 *
 * @param input DER bytes, or PEM text (string or bytes) holding a `CERTIFICATE` block.
 * @param options `lenient` accepts the documented deviations of real certificates (see
 * `ParseCertificateOptions`).
 * @throws TypeError when `input` is not a `Uint8Array` or string.
 * @throws DerError / CertificateError / PemError with `code`, `path` and `offset`.
 * @example
 * ```ts
 * import { parseCertificateView } from 'certkit/x509/view';
 * const v = parseCertificateView(pem);
 * console.log(v.subject.toString(), v.notAfter.toISOString(), v.dnsNames);
 * ```
 */
export function parseCertificateView(input: Uint8Array | string, options: ParseCertificateOptions = {}): CertificateView {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) {
    throw new TypeError('parseCertificateView expects DER bytes (Uint8Array) or PEM text (string)');
  }
  // DER starts with 0x30; anything else may be PEM (pemBlockToDer decides, with the rules and errors of toDer, as for every parser).
  const der = input instanceof Uint8Array && input[0] === 0x30 ? input : pemBlockToDer(input, 'CERTIFICATE');
  const lenient = options.lenient === true;
  return new CertificateView(_walk(der, lenient), lenient);
}

/**
 * The whole subjectAltName of a view as typed `GeneralName`s (RFC 5280 §4.2.1.6), the same
 * value as `Certificate.subjectAltName`; `undefined` when absent. A separate function so that
 * only bundles that call it include the GeneralName codec and the full `Name` (about 25 KB
 * minified).
 * @throws NameError / DerError with `path` `tbsCertificate.extensions[i].extnValue...`.
 * @example
 * ```ts
 * const san = subjectAltNameOf(view); // [{ type: 'dns', value: 'example.com' }, ...]
 * ```
 */
export function subjectAltNameOf(view: CertificateView): SubjectAltName | undefined {
  if (!(view instanceof CertificateView)) throw new TypeError('subjectAltNameOf expects a CertificateView');
  const i = view.extensions.findIndex((e) => e.oid === SAN_OID);
  if (i < 0) return undefined;
  const e = view.extensions[i]!;
  try {
    return decodeSubjectAltName(e.value, e.valueOffset, view.lenient);
  } catch (err) {
    throw addPath(err, `tbsCertificate.extensions[${i}].extnValue`);
  }
}
