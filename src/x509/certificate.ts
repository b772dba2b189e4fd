/**
 * X.509 v3 certificates (RFC 5280 §4.1): the one certificate parser, a strict, synchronous,
 * zero-copy walk that fills a small immutable record. (Over 600 lines on purpose: the walk and
 * the record it fills share the offsets layout and are read together; most lines are the
 * RFC text and TSDoc.)
 *
 * Scope: `parseCertificate()` walks the outer structure and every TBSCertificate field once,
 * with the der layer's one cursor, checking DER and the RFC 5280 structural rules (version,
 * serial number, matching signature algorithms, validity encoding, unique identifiers, the
 * extension list and its duplicates, no trailing data anywhere). The record keeps the offsets
 * it found and serves views of the exact bytes received (`raw`, `rawTbs`, `rawIssuer`, ...);
 * names and the serial number as a bigint are decoded on first read. Extension bodies are
 * decoded by the codec the caller imports (`getExtension(cert, basicConstraintsCodec)` in
 * `get-extension.ts`), at most once per record.
 *
 * Parsed certificates alias the caller's buffer: do not modify it while the certificate is used.
 *
 * Non-goals: everything that needs more than the parser: keys and signatures (`verify.ts`,
 * `certificate-info.ts`), the text dump (`format.ts`), JSON (`json.ts`), path validation
 * (`certkit/path`), building (`certificate-builder.ts`).
 * @module
 */
import {
  CertkitError,
  DerError,
  addPath,
  bytesToBigInt,
  checkBitString,
  checkOid,
  decodeBitString,
  decodeOid,
  derCursor,
  readTimeMillis,
  enter,
  enterLast,
  expect,
  leave,
  optional,
  toHex,
  type BitString,
  type DerCursor,
} from '../der/index';
import { pemBlockToDer } from '../pem/index';
import { checkAlgorithmIdentifier } from '../sig/index';
import { _nameAt, type Name } from './name';

/** Codes a {@link CertificateError} can carry. */
export type CertificateErrorCode =
  | 'invalid-version' // RFC 5280 §4.1.2.1: v1, v2 or v3 only
  | 'version-mismatch' // §4.1.2.8/§4.1.2.9: unique IDs need v2+, extensions need v3
  | 'invalid-serial-number' // §4.1.2.2: positive, at most 20 octets
  | 'signature-algorithm-mismatch' // §4.1.1.2: signatureAlgorithm equals tbsCertificate.signature
  | 'empty-extensions' // §4.1: Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension
  | 'duplicate-extension' // §4.2: a certificate MUST NOT include more than one instance of an extension
  | 'invalid-signature-value' // the signature BIT STRING is not octet-aligned
  | 'missing-extension' // a required extension is absent (used by callers that demand one)
  | 'input-too-large' // the input is over `maxInputSize`
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
 * The default {@link ParseCertificateOptions.maxInputSize}: 1 MiB (real certificates are under 16 KiB).
 * @example
 * ```ts
 * parseCertificate(der, { maxInputSize: 4 * MAX_CERTIFICATE_SIZE }) // a certificate with a huge CRL-like extension
 * ```
 */
export const MAX_CERTIFICATE_SIZE = 1 << 20;

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
   * - the DER leniencies of `DerReaderOptions.lenient` (explicit `critical FALSE`, an
   *   explicitly encoded v1 version, non-minimal INTEGERs, PrintableString with `*`/`@`/`&`/`_`);
   * - an empty Extensions list, and a signature BIT STRING that is not octet-aligned.
   * Tag and length rules, trailing data, duplicate extensions and mismatched signature
   * algorithms are never relaxed. Default `false`.
   */
  lenient?: boolean;
  /**
   * Largest DER input accepted, in bytes, checked before anything is read; default
   * {@link MAX_CERTIFICATE_SIZE} (1 MiB). Larger inputs fail with `input-too-large`.
   */
  maxInputSize?: number;
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

/** An extension as received; the OID string and the value view are made on first read. */
class _RawExtension implements RawExtension {
  private _oid: string | undefined;
  constructor(
    private readonly _buf: Uint8Array,
    private readonly _oidV: number,
    private readonly _oidE: number,
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

  toJSON(): { oid: string; critical: boolean; value: string } {
    return { oid: this.oid, critical: this.critical, value: toHex(this.value) };
  }
}

const _NO_EXTENSIONS: readonly RawExtension[] = /* @__PURE__ */ Object.freeze([]);

/** Where the walk found each field (absolute offsets into `buf`; `S`/`E` start and end, header included). */
interface _Offsets {
  certE: number;
  tbsS: number;
  tbsE: number;
  serialV: number;
  serialE: number;
  algS: number;
  algE: number;
  issuerS: number;
  issuerE: number;
  validityS: number;
  validityE: number;
  subjectS: number;
  subjectE: number;
  spkiS: number;
  spkiE: number;
  extListS: number;
  extListE: number;
  sigV: number;
  sigE: number;
}

/**
 * A parsed certificate: a record of the fields of RFC 5280 §4.1 over the bytes received. Made
 * by {@link parseCertificate}; it has no behaviour of its own: verification, keys, extension
 * values, text and JSON are free functions (`verifyCertificate`, `certificatePublicKey`,
 * `getExtension`, `formatCertificate`, `certificateToJson`), so an application ships only what
 * it calls. Every `raw*` member is a view of the parsed buffer.
 *
 * @example
 * ```ts
 * const cert = parseCertificate(pem);
 * cert.subject.commonName;   // 'example.com'
 * cert.notAfter;             // Date
 * getExtension(cert, subjectAltNameCodec); // [{ type: 'dns', value: 'example.com' }]
 * ```
 */
export class Certificate {
  /** 1, 2 or 3 (the ASN.1 value plus one). */
  readonly version: 1 | 2 | 3;
  /** `issuerUniqueID` (RFC 5280 §4.1.2.8), when present. */
  readonly issuerUniqueId: BitString | undefined;
  /** `subjectUniqueID`, when present. */
  readonly subjectUniqueId: BitString | undefined;
  /** Whether the certificate was parsed in lenient mode (names and extension values follow it). */
  readonly lenient: boolean;

  private readonly _buf: Uint8Array;
  private readonly _o: _Offsets;
  private _issuer: Name | undefined;
  private _subject: Name | undefined;
  private _serial: bigint | undefined;
  private readonly _x: readonly number[] | undefined;
  private _exts: readonly RawExtension[] | undefined;
  private readonly _nb: number;
  private readonly _na: number;
  private _notBefore: Date | undefined;
  private _notAfter: Date | undefined;

  /** @internal Use {@link parseCertificate}. */
  constructor(
    buf: Uint8Array,
    o: _Offsets,
    version: 1 | 2 | 3,
    notBefore: number,
    notAfter: number,
    issuerUniqueId: BitString | undefined,
    subjectUniqueId: BitString | undefined,
    x: readonly number[] | undefined,
    lenient: boolean,
  ) {
    this._buf = buf;
    this._o = o;
    this.version = version;
    this._nb = notBefore;
    this._na = notAfter;
    this.issuerUniqueId = issuerUniqueId;
    this.subjectUniqueId = subjectUniqueId;
    this._x = x;
    this.lenient = lenient;
  }

  /** The extensions as received, in order (bodies undecoded; see `getExtension`), made on first read. */
  get extensions(): readonly RawExtension[] {
    if (this._exts === undefined) {
      const x = this._x;
      if (x === undefined || x.length === 0) return (this._exts = _NO_EXTENSIONS);
      const out: RawExtension[] = [];
      for (let i = 0; i < x.length; i += _X) out.push(new _RawExtension(this._buf, x[i + 1]!, x[i + 2]!, x[i + 5] === 1, x[i]!, x[i + 3]!, x[i + 4]!));
      this._exts = Object.freeze(out);
    }
    return this._exts;
  }

  /** Start of the validity period (RFC 5280 §4.1.2.5), inclusive (checked by the parser, made a Date on first read). */
  get notBefore(): Date {
    return (this._notBefore ??= new Date(this._nb));
  }
  /** End of the validity period, inclusive; 9999-12-31T23:59:59Z means no well-defined expiry. */
  get notAfter(): Date {
    return (this._notAfter ??= new Date(this._na));
  }

  /** The whole Certificate encoding as received. */
  get raw(): Uint8Array {
    return this._buf.subarray(0, this._o.certE);
  }
  /** The TBSCertificate encoding: the bytes the signature covers. */
  get rawTbs(): Uint8Array {
    return this._buf.subarray(this._o.tbsS, this._o.tbsE);
  }
  /** Contents octets of the serialNumber INTEGER (two's complement, as received). */
  get rawSerial(): Uint8Array {
    return this._buf.subarray(this._o.serialV, this._o.serialE);
  }
  /** The `signatureAlgorithm` AlgorithmIdentifier encoding (equal to `tbsCertificate.signature`). */
  get rawSignatureAlgorithm(): Uint8Array {
    return this._buf.subarray(this._o.algS, this._o.algE);
  }
  /** The issuer Name encoding. */
  get rawIssuer(): Uint8Array {
    return this._buf.subarray(this._o.issuerS, this._o.issuerE);
  }
  /** The subject Name encoding. */
  get rawSubject(): Uint8Array {
    return this._buf.subarray(this._o.subjectS, this._o.subjectE);
  }
  /** The SubjectPublicKeyInfo encoding. */
  get rawSpki(): Uint8Array {
    return this._buf.subarray(this._o.spkiS, this._o.spkiE);
  }
  /** Absolute offset of the SubjectPublicKeyInfo in the parsed buffer (for error offsets). */
  get spkiOffset(): number {
    return this._o.spkiS;
  }
  /** The Validity encoding. */
  get rawValidity(): Uint8Array {
    return this._buf.subarray(this._o.validityS, this._o.validityE);
  }
  /** The `Extensions` SEQUENCE encoding (inside `[3]`), when present. */
  get rawExtensions(): Uint8Array | undefined {
    return this._o.extListS < 0 ? undefined : this._buf.subarray(this._o.extListS, this._o.extListE);
  }
  /** The signature octets: the `signatureValue` BIT STRING without its unused-bits octet. */
  get rawSignatureValue(): Uint8Array {
    return this._buf.subarray(this._o.sigV + 1, this._o.sigE);
  }

  /** The serial number (RFC 5280 §4.1.2.2); negative only in lenient mode. */
  get serialNumber(): bigint {
    return (this._serial ??= bytesToBigInt(this.rawSerial));
  }

  /** The serial number as lower-case hex of its contents octets, a leading 00 sign octet removed. */
  get serialNumberHex(): string {
    const v = this.rawSerial;
    return toHex(v.length > 1 && v[0] === 0 ? v.subarray(1) : v);
  }

  /**
   * The issuer name (RFC 5280 §4.1.2.4), read on first access.
   * @throws DerError / NameError with `path` `tbsCertificate.issuer...` when it is malformed.
   */
  get issuer(): Name {
    return (this._issuer ??= this._sameName(this._subject) ?? this._name(this._o.issuerS, this._o.issuerE, 'tbsCertificate.issuer'));
  }

  /**
   * The subject name (RFC 5280 §4.1.2.6), read on first access.
   * @throws DerError / NameError with `path` `tbsCertificate.subject...` when it is malformed.
   */
  get subject(): Name {
    return (this._subject ??= this._sameName(this._issuer) ?? this._name(this._o.subjectS, this._o.subjectE, 'tbsCertificate.subject'));
  }

  private _name(s: number, e: number, path: string): Name {
    try {
      return _nameAt(this._buf, s, e, this.lenient);
    } catch (err) {
      throw addPath(err, path);
    }
  }

  /** In a self-issued certificate issuer and subject have the same encoding: one Name serves both. */
  private _sameName(other: Name | undefined): Name | undefined {
    if (other === undefined) return undefined;
    const o = this._o;
    const is = o.issuerS;
    const ss = o.subjectS;
    const len = o.issuerE - is;
    if (o.subjectE - ss !== len) return undefined;
    const b = this._buf;
    for (let i = 0; i < len; i++) if (b[is + i] !== b[ss + i]) return undefined;
    return other;
  }
}

/** Field ids of the walk (numbers, so tracking where an error arises costs no string work). */
const _F = {
  CERT: 0,
  TBS: 1,
  VERSION: 2,
  SERIAL: 3,
  SIGNATURE: 4,
  ISSUER: 5,
  VALIDITY: 6,
  NOT_BEFORE: 7,
  NOT_AFTER: 8,
  SUBJECT: 9,
  SPKI: 10,
  SPKI_ALG: 11,
  SPKI_KEY: 12,
  ISSUER_UID: 13,
  SUBJECT_UID: 14,
  EXTENSIONS: 15,
  SIG_ALG: 16,
  SIG_VALUE: 17,
  EXT: 18,
  EXT_ID: 19,
  EXT_CRITICAL: 20,
  EXT_VALUE: 21,
} as const;

/** The path of each field id; the EXT ids are suffixes of `tbsCertificate.extensions[i]`. */
const _PATHS: readonly string[] = [
  'certificate',
  'tbsCertificate',
  'tbsCertificate.version',
  'tbsCertificate.serialNumber',
  'tbsCertificate.signature',
  'tbsCertificate.issuer',
  'tbsCertificate.validity',
  'tbsCertificate.validity.notBefore',
  'tbsCertificate.validity.notAfter',
  'tbsCertificate.subject',
  'tbsCertificate.subjectPublicKeyInfo',
  'tbsCertificate.subjectPublicKeyInfo.algorithm',
  'tbsCertificate.subjectPublicKeyInfo.subjectPublicKey',
  'tbsCertificate.issuerUniqueID',
  'tbsCertificate.subjectUniqueID',
  'tbsCertificate.extensions',
  'signatureAlgorithm',
  'signatureValue',
  '',
  '.extnID',
  '.critical',
  '.extnValue',
];

function _fail(code: CertificateErrorCode, message: string, offset: number): never {
  throw new CertificateError(code, message, { offset });
}

function _derFail(code: 'empty-integer' | 'non-minimal-integer' | 'explicit-default' | 'integer-too-large' | 'negative-integer' | 'invalid-boolean', message: string, offset: number): never {
  throw new DerError(code, message, { offset });
}

/**
 * RFC 5280 §4.1.2.2: "The serial number MUST be a positive integer ... Conforming CAs MUST NOT
 * use serialNumber values longer than 20 octets": 20 octets of value, a leading 00 sign octet
 * allowed. Zero is accepted (six roots of the Mozilla store have serial 0, and §4.1.2.2 asks
 * users to "gracefully handle" such values); lenient mode also accepts negative and longer
 * serials and a non-minimal encoding.
 */
function _serial(b: Uint8Array, v: number, e: number, lenient: boolean): void {
  const n = e - v;
  if (n === 0) _derFail('empty-integer', 'serialNumber has no contents octets (X.690 §8.3.1)', v);
  if (!lenient && n > 1 && ((b[v] === 0 && b[v + 1]! < 0x80) || (b[v] === 0xff && b[v + 1]! >= 0x80))) {
    _derFail('non-minimal-integer', 'serialNumber is not in its shortest form (X.690 §8.3.2; lenient mode accepts it)', v);
  }
  if (lenient) return;
  if (b[v]! >= 0x80) _fail('invalid-serial-number', 'serialNumber is negative; RFC 5280 §4.1.2.2 requires a positive integer (lenient mode accepts it)', v);
  const magnitude = b[v] === 0 ? n - 1 : n;
  if (magnitude > 20) _fail('invalid-serial-number', `serialNumber has ${magnitude} octets; RFC 5280 §4.1.2.2 allows at most 20 (lenient mode accepts it)`, v);
}

/** `[0] EXPLICIT Version DEFAULT v1`, the explicit element already read; `Version ::= INTEGER { v1(0), v2(1), v3(2) }`. */
function _version(c: DerCursor, lenient: boolean): 1 | 2 | 3 {
  const elementAt = c.start; // the [0] element
  const at = c.vs; // the INTEGER
  const outer = enterLast(c);
  const v = expect(c, 0x02);
  const e = c.ve;
  const b = c.buf;
  // As `DerReader.readSmallInteger`: minimal (even in lenient mode), non-negative, small.
  if (v === e) _derFail('empty-integer', 'Version has no contents octets (X.690 §8.3.1)', v);
  if (e - v > 1 && ((b[v] === 0 && b[v + 1]! < 0x80) || (b[v] === 0xff && b[v + 1]! >= 0x80))) {
    _derFail('non-minimal-integer', 'Version is not in its shortest form (X.690 §8.3.2)', v);
  }
  if (b[v]! >= 0x80) _derFail('negative-integer', 'Version is negative', v);
  if (e - v > 6) _derFail('integer-too-large', 'Version is too large', v);
  let n = 0;
  for (let i = v; i < e; i++) n = n * 256 + b[i]!;
  leave(c, outer);
  if (n > 2) _fail('invalid-version', `version ${n} is not v1, v2 or v3 (RFC 5280 §4.1.2.1)`, at);
  // X.690 §11.5: a DEFAULT value is omitted in DER; some old CAs wrote v1 explicitly.
  if (n === 0 && !lenient) _derFail('explicit-default', 'the version is v1 written explicitly; DER omits a DEFAULT value (X.690 §11.5; lenient mode accepts it)', elementAt);
  return (n + 1) as 1 | 2 | 3;
}

/**
 * Extensions (RFC 5280 §4.1), walked for shape and duplicates only; bodies are decoded on demand.
 * The cursor is inside the `[3]` element.
 * ```asn1
 * Extensions  ::=  SEQUENCE SIZE (1..MAX) OF Extension
 * Extension  ::=  SEQUENCE  {
 *      extnID      OBJECT IDENTIFIER,
 *      critical    BOOLEAN DEFAULT FALSE,
 *      extnValue   OCTET STRING  }
 * ```
 */
/** Numbers stored per extension by the walk: start, extnID contents start/end, extnValue contents start/end, critical, extnID hash. */
const _X = 7;

/** Longest probe `_extensions` accepts in its table before it takes the list for crafted collisions. */
const _PROBES = 32;

/** Puts entry offset `j` (hash `h`) into `table`; false when no free slot is within {@link _PROBES} steps. */
function _put(table: Int32Array, h: number, j: number): boolean {
  const mask = table.length - 1;
  let slot = h & mask;
  for (let steps = 0; table[slot] !== 0; steps++) {
    if (steps >= _PROBES) return false;
    slot = (slot + 1) & mask;
  }
  table[slot] = j + 1;
  return true;
}

/** A table of `size` slots (a power of two) holding every entry of `out`, or undefined when one does not fit (see {@link _put}). */
function _table(out: readonly number[], size: number): Int32Array | undefined {
  const t = new Int32Array(size);
  for (let j = 0; j < out.length; j += _X) if (!_put(t, out[j + 6]!, j)) return undefined;
  return t;
}

/** FNV-1a over extnID contents `b[v..e)`, kept to 30 bits so Map keys stay small integers. */
function _oidHash(b: Uint8Array, v: number, e: number): number {
  let h = 0x811c9dc5;
  for (let i = v; i < e; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return h & 0x3fffffff;
}

/** extnID contents `b[v..e)` as text (one char per octet), an exact Map key. */
function _oidText(b: Uint8Array, v: number, e: number): string {
  return String.fromCharCode.apply(null, b.subarray(v, e) as unknown as number[]);
}

/** Whether `b[v1..e1)` and `b[v2..e2)` hold the same octets. */
function _sameOctets(b: Uint8Array, v1: number, e1: number, v2: number, e2: number): boolean {
  if (e1 - v1 !== e2 - v2) return false;
  for (let k = 0; k < e1 - v1; k++) if (b[v1 + k] !== b[v2 + k]) return false;
  return true;
}

function _extensions(c: DerCursor, lenient: boolean): number[] {
  // Seven numbers per extension instead of an object each: a hostile list of 100,000 extensions
  // allocates nothing per element; `Certificate.extensions` makes the objects on first read.
  const out: number[] = [];
  const listAt = c.pos;
  const b = c.buf;
  let table: Int32Array | undefined;
  let used = 15;
  let exact: Map<string, number> | undefined;
  // The field being read, for the error path (`[i]` plus the suffix of `_PATHS`; the caller
  // prefixes `tbsCertificate.extensions`). Locals, not an object: this runs per extension.
  let i = 0;
  let field: number = _F.EXT;
  try {
    for (; c.pos < c.end; i++) {
      field = _F.EXT;
      const start = c.pos;
      const outer = enter(c, 0x30);
      field = _F.EXT_ID;
      const ov = expect(c, 0x06);
      const oe = c.ve;
      checkOid(b, ov, oe);
      field = _F.EXT_CRITICAL;
      let critical = 0;
      if (optional(c, 0x01)) {
        // X.690 §11.1: TRUE is 0xFF; §11.5: the DEFAULT FALSE is omitted (lenient mode accepts it).
        if (c.ve - c.vs !== 1 || (b[c.vs] !== 0 && b[c.vs] !== 0xff)) _derFail('invalid-boolean', 'a DER BOOLEAN is one octet, 0x00 or 0xFF (X.690 §11.1)', c.vs);
        critical = b[c.vs] === 0xff ? 1 : 0;
        if (critical === 0 && !lenient) _derFail('explicit-default', 'critical FALSE written explicitly; DER omits a DEFAULT value (X.690 §11.5; lenient mode accepts it)', c.start);
      }
      field = _F.EXT_VALUE;
      const vv = expect(c, 0x04);
      const ve = c.ve;
      field = _F.EXT;
      leave(c, outer);
      // RFC 5280 §4.2: "A certificate MUST NOT include more than one instance of a particular
      // extension." Compared by hash, then octet by octet, with the handful real certificates
      // carry; past 16, an open-addressing table of entry offsets by hash (a typed array: nothing
      // allocated per extension) keeps a hostile list linear. A probe longer than _PROBES means
      // crafted collisions, and the list switches to exact text keys for good.
      const h = _oidHash(b, ov, oe);
      const j0 = out.length;
      let first = -1;
      if (exact !== undefined) {
        const k = _oidText(b, ov, oe);
        first = exact.get(k) ?? -1;
        if (first < 0) exact.set(k, start);
      } else if (table === undefined) {
        for (let j = 0; j < j0 && first < 0; j += _X) if (out[j + 6] === h && _sameOctets(b, out[j + 1]!, out[j + 2]!, ov, oe)) first = out[j]!;
        if (first < 0 && j0 >= 15 * _X) table = _table(out, 64);
      } else {
        const mask = table.length - 1;
        let slot = h & mask;
        let steps = 0;
        for (let e = table[slot]!; e !== 0 && steps < _PROBES; e = table[slot]!) {
          const j = e - 1;
          if (out[j + 6] === h && _sameOctets(b, out[j + 1]!, out[j + 2]!, ov, oe)) {
            first = out[j]!;
            break;
          }
          slot = (slot + 1) & mask;
          steps++;
        }
        if (first < 0 && steps >= _PROBES) {
          table = undefined;
          exact = new Map();
          for (let m = 0; m < j0; m += _X) exact.set(_oidText(b, out[m + 1]!, out[m + 2]!), out[m]!);
          // The repeat, if any, may sit past the probes looked at.
          const k = _oidText(b, ov, oe);
          first = exact.get(k) ?? -1;
          if (first < 0) exact.set(k, start);
        }
      }
      if (first >= 0) _fail('duplicate-extension', `extension ${decodeOid(b.subarray(ov, oe), ov)} appears more than once (first at offset ${first}); RFC 5280 §4.2 allows one instance`, start);
      // Indexed stores (a push of seven arguments takes the generic path).
      out[j0] = start;
      out[j0 + 1] = ov;
      out[j0 + 2] = oe;
      out[j0 + 3] = vv;
      out[j0 + 4] = ve;
      out[j0 + 5] = critical;
      out[j0 + 6] = h;
      if (table !== undefined) {
        used++;
        // At most half full; a table that cannot take an entry within _PROBES steps means crafted
        // collisions: exact text keys from now on.
        if (used * 2 > table.length) table = _table(out, table.length * 2);
        else if (!_put(table, h, j0)) table = undefined;
        if (table === undefined) {
          exact = new Map();
          for (let m = 0; m < out.length; m += _X) exact.set(_oidText(b, out[m + 1]!, out[m + 2]!), out[m]!);
        }
      }
    }
  } catch (e) {
    throw addPath(e, `[${i}]${_PATHS[field]}`);
  }
  if (out.length === 0 && !lenient) _fail('empty-extensions', 'the Extensions list is empty; RFC 5280 §4.1 says SIZE (1..MAX) (omit the field instead)', listAt);
  return out;
}

/**
 * The one walk over Certificate and TBSCertificate (RFC 5280 §4.1):
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
 *      issuerUniqueID  [1]  IMPLICIT UniqueIdentifier OPTIONAL, -- v2 or v3
 *      subjectUniqueID [2]  IMPLICIT UniqueIdentifier OPTIONAL, -- v2 or v3
 *      extensions      [3]  EXPLICIT Extensions OPTIONAL }      -- v3
 * ```
 * One try/catch tracks the current field path (this runs for every certificate of a root store).
 */
function _walk(der: Uint8Array, lenient: boolean): Certificate {
  let field: number = _F.CERT;
  try {
    const c = derCursor(der, 0, der.length, lenient);
    const b = der;
    const top = enter(c, 0x30);
    const certE = c.end;

    field = _F.TBS;
    const tbsS = c.pos;
    const tbsOuter = enter(c, 0x30);
    const tbsE = c.end;

    field = _F.VERSION;
    let version: 1 | 2 | 3 = 1;
    if (optional(c, 0xa0)) version = _version(c, lenient);

    field = _F.SERIAL;
    const serialV = expect(c, 0x02);
    const serialE = c.ve;
    _serial(b, serialV, serialE, lenient);

    field = _F.SIGNATURE;
    const innerS = c.pos;
    checkAlgorithmIdentifier(c);
    const innerE = c.pos;

    field = _F.ISSUER;
    const issuerS = c.pos;
    expect(c, 0x30);
    const issuerE = c.pos;

    // Validity ::= SEQUENCE { notBefore Time, notAfter Time }. The DER form of each Time is
    // enforced; "UTCTime through 2049" is a rule for CAs, not for this parser (a Mozilla root,
    // Certum Trusted Network CA 2, breaks it); the webpki profile of path validation checks it.
    field = _F.VALIDITY;
    const validityS = c.pos;
    const vOuter = enter(c, 0x30);
    field = _F.NOT_BEFORE;
    const notBefore = readTimeMillis(c);
    field = _F.NOT_AFTER;
    const notAfter = readTimeMillis(c);
    field = _F.VALIDITY;
    leave(c, vOuter);
    const validityE = c.pos;

    field = _F.SUBJECT;
    const subjectS = c.pos;
    expect(c, 0x30);
    const subjectE = c.pos;

    // SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING }
    field = _F.SPKI;
    const spkiS = c.pos;
    const sOuter = enter(c, 0x30);
    field = _F.SPKI_ALG;
    checkAlgorithmIdentifier(c);
    field = _F.SPKI_KEY;
    const pv = expect(c, 0x03);
    checkBitString(b, pv, c.ve);
    field = _F.SPKI;
    leave(c, sOuter);
    const spkiE = c.pos;

    // UniqueIdentifier ::= BIT STRING, only in v2 and v3 (RFC 5280 §4.1.2.8).
    let issuerUniqueId: BitString | undefined;
    let subjectUniqueId: BitString | undefined;
    field = _F.ISSUER_UID;
    if (optional(c, 0x81)) {
      if (version === 1) _fail('version-mismatch', 'issuerUniqueID in a v1 certificate (RFC 5280 §4.1.2.8 requires v2 or v3)', c.start);
      issuerUniqueId = decodeBitString(b.subarray(c.vs, c.ve), c.vs);
    }
    field = _F.SUBJECT_UID;
    if (optional(c, 0x82)) {
      if (version === 1) _fail('version-mismatch', 'subjectUniqueID in a v1 certificate (RFC 5280 §4.1.2.8 requires v2 or v3)', c.start);
      subjectUniqueId = decodeBitString(b.subarray(c.vs, c.ve), c.vs);
    }

    field = _F.EXTENSIONS;
    let extensions: number[] | undefined;
    let extListS = -1;
    let extListE = -1;
    if (optional(c, 0xa3)) {
      if (version !== 3) _fail('version-mismatch', `extensions in a v${version} certificate (RFC 5280 §4.1.2.9 requires v3)`, c.start);
      const xOuter = enterLast(c);
      extListS = c.pos;
      const lOuter = enter(c, 0x30);
      extListE = c.end;
      extensions = _extensions(c, lenient);
      field = _F.EXTENSIONS;
      leave(c, lOuter);
      leave(c, xOuter);
    }
    field = _F.TBS;
    leave(c, tbsOuter);

    // RFC 5280 §4.1.1.2: signatureAlgorithm MUST equal tbsCertificate.signature, byte for byte
    // (absent vs NULL parameters are a mismatch an attacker could use to confuse verifiers).
    field = _F.SIG_ALG;
    const algS = c.pos;
    checkAlgorithmIdentifier(c);
    const algE = c.pos;
    let same = algE - algS === innerE - innerS;
    for (let i = 0; same && i < algE - algS; i++) same = b[algS + i] === b[innerS + i];
    if (!same) _fail('signature-algorithm-mismatch', 'signatureAlgorithm differs from tbsCertificate.signature (RFC 5280 §4.1.1.2)', algS);

    field = _F.SIG_VALUE;
    const sigV = expect(c, 0x03);
    const sigE = c.ve;
    const unused = checkBitString(b, sigV, sigE);
    // Every signature algorithm in use produces whole octets; lenient mode accepts the rest.
    if (unused !== 0 && !lenient) _fail('invalid-signature-value', `signatureValue has ${unused} unused bits; signatures are whole octets (lenient mode accepts it)`, sigV);
    field = _F.CERT;
    leave(c, top);
    // Nothing may follow the certificate.
    if (c.pos < der.length) throw new DerError('trailing-data', `${der.length - c.pos} unexpected byte(s) after the certificate`, { offset: c.pos });
    const o: _Offsets = { certE, tbsS, tbsE, serialV, serialE, algS, algE, issuerS, issuerE, validityS, validityE, subjectS, subjectE, spkiS, spkiE, extListS, extListE, sigV, sigE };
    return new Certificate(der, o, version, notBefore, notAfter, issuerUniqueId, subjectUniqueId, extensions, lenient);
  } catch (e) {
    throw addPath(e, _PATHS[field]!);
  }
}

/**
 * Reads one X.509 certificate from DER bytes or PEM text, synchronously and without copying.
 *
 * Checked eagerly: every DER rule on the outer structure and each TBSCertificate field, the
 * version and the fields it allows, the serial number, equal inner and outer signature
 * algorithms, the validity times, the extension list (shape, no duplicates) and that nothing
 * follows any element. Names are read when first accessed, extension values when a caller asks
 * for them (`getExtension`), with the same error model.
 *
 * @param input DER bytes, or PEM text (string or bytes) holding a `CERTIFICATE` block.
 * @param options `lenient` accepts the documented deviations of real certificates; `maxInputSize`
 * bounds the input (default 1 MiB).
 * @throws TypeError when `input` is not a `Uint8Array` or string.
 * @throws DerError / CertificateError / PemError with `code`, `path` and `offset`.
 * @example
 * ```ts
 * const cert = parseCertificate(pem);
 * console.log(cert.subject.toString(), cert.notAfter.toISOString());
 * ```
 */
export function parseCertificate(input: Uint8Array | string, options: ParseCertificateOptions = {}): Certificate {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) {
    throw new TypeError('parseCertificate expects DER bytes (Uint8Array) or PEM text (string)');
  }
  const max = options.maxInputSize ?? MAX_CERTIFICATE_SIZE;
  // PEM text is about 4/3 of the DER plus headers; bound both before any work.
  if (input.length > (typeof input === 'string' || input[0] !== 0x30 ? Math.ceil(max * 1.4) + 256 : max)) {
    throw new CertificateError('input-too-large', `the input has ${input.length} bytes, over maxInputSize ${max}; raise the option if this certificate is genuine`, { offset: 0 });
  }
  // DER starts with 0x30; anything else may be PEM (pemBlockToDer decides, with the rules and errors of every parser).
  const der = input instanceof Uint8Array && input[0] === 0x30 ? input : pemBlockToDer(input, 'CERTIFICATE');
  if (der.length > max) {
    throw new CertificateError('input-too-large', `the certificate has ${der.length} bytes, over maxInputSize ${max}; raise the option if it is genuine`, { offset: 0 });
  }
  return _walk(der, options.lenient === true);
}

/**
 * @internal For `get-extension.ts`: the index of the extension whose extnID contents equal
 * `enc` (an encoded OID), read from the walk's numbers without making the extension objects; -1
 * when absent.
 */
export function _extensionIndex(cert: Certificate, enc: Uint8Array): number {
  const x = cert['_x'];
  if (x === undefined) return -1;
  const b = cert['_buf'];
  const n = enc.length;
  for (let i = 0; i < x.length; i += _X) {
    const v = x[i + 1]!;
    if (x[i + 2]! - v !== n) continue;
    let same = true;
    for (let k = 0; same && k < n; k++) same = b[v + k] === enc[k];
    if (same) return i / _X;
  }
  return -1;
}

/** @internal For `get-extension.ts`: the extnValue contents of extension `i` and their absolute offset. */
export function _extensionValue(cert: Certificate, i: number): [Uint8Array, number] {
  const x = cert['_x']!;
  return [cert['_buf'].subarray(x[i * _X + 3]!, x[i * _X + 4]!), x[i * _X + 3]!];
}
