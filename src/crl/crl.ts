/**
 * Certificate revocation lists (RFC 5280 §5): the one CRL parser, a strict, synchronous,
 * zero-copy walk that fills a small record with no behaviour, with an O(1) serial-number index
 * that stays practical at a million entries.
 *
 * Scope: `parseCrl()` walks CertificateList and TBSCertList (v1 and v2) and every
 * revokedCertificates entry once. The entries go through the linear pass of `entry-index.ts`,
 * which checks each entry and records only where it is, in typed arrays (no object per entry),
 * then builds the serial index. The {@link Crl} record keeps views of the exact bytes received
 * (`raw`, `rawTbs`, `rawIssuer`, ...): signatures are verified, and names compared, over what
 * was received. Everything else is a free function: entries and lookups (`entries.ts`), the
 * signature algorithm, fingerprints and PEM (`crl-info.ts`), extension values
 * (`getExtension(crl, crlNumberCodec)` of `certkit/x509`), text (`format.ts`) and JSON
 * (`json.ts`). Parsed CRLs alias the caller's buffer: do not modify it while the CRL is in use.
 *
 * Non-goals: deciding a certificate's status (see `revocation.ts`), building CRLs (see
 * `crl-builder.ts`), fetching CRLs, BER.
 * @module
 */
import {
  DerError,
  DerReader,
  Tlv,
  addPath,
  bytesEqual,
  bytesToSafeInteger,
  checkBitString,
  checkInteger,
  decodeTimeTlv,
  derCursor,
  enter,
  enterLast,
  expect,
  leave,
  next,
  optional,
  type DerCursor,
} from '../der/index';
import { pemBlockToDer } from '../pem/index';
import { checkAlgorithmIdentifier } from '../sig/index';
import { type Name, readName, type CrlReason, type RawExtension } from '../x509/index';
import { _KNOWN_CRL, _fail, _walkExtensions } from './_shared';
import { _EntryTable, _Index, _countEntries, _pass, type _PassState } from './entry-index';

export { CrlError, type CrlErrorCode } from './_shared';
export type { CrlReason };

/** Options of {@link parseCrl}. */
export interface ParseCrlOptions {
  /**
   * Accept the deviations real CRLs carry, each documented where it is allowed:
   * - entry serial numbers that are zero, negative or longer than 20 octets (RFC 5280 §4.1.2.2
   *   asks users to "gracefully handle" such serials; pyca's and r509's test CRLs revoke serial 0);
   * - an empty revokedCertificates SEQUENCE (§5.1.2.6 says to omit it; some CAs write it empty)
   *   and an empty crlEntryExtensions SEQUENCE (rustls-webpki documents CAs that encode "no
   *   extensions" that way);
   * - an explicitly encoded v1 version, and an empty crlExtensions list;
   * - the DER leniencies of `DerReaderOptions.lenient` (explicit `critical FALSE`, non-minimal
   *   INTEGERs: such serials are indexed by their minimal form);
   * - a signature BIT STRING that is not octet-aligned.
   * Tag and length rules, trailing data, duplicate extensions and mismatched signature algorithms
   * are never relaxed. Default `false`.
   */
  lenient?: boolean;
}

/**
 * Why a CRL must not be used to decide any certificate's status (RFC 5280 §5.2, §5.3): it
 * carries a critical extension, or an entry carries a critical entry extension, that certkit
 * does not implement. The CRL still parses, so it can be shown and inspected.
 */
export interface CrlUnusable {
  /** `unknown-critical-extension` (a CRL extension) or `unknown-critical-entry-extension`. */
  readonly code: 'unknown-critical-extension' | 'unknown-critical-entry-extension';
  /** The extension's OID. */
  readonly oid: string;
  /** Index of the entry, for an entry extension. */
  readonly entryIndex?: number;
  /** A sentence for people. */
  readonly message: string;
}

// TBSCertList tags (RFC 5280 §5.1).
const TAG_CRL_EXTENSIONS = 0xa0; // [0] EXPLICIT Extensions

const _NO_EXTENSIONS: readonly RawExtension[] = /* @__PURE__ */ Object.freeze([]);

interface _Fields {
  crl: Tlv;
  tbs: Tlv;
  version: 1 | 2;
  signature: Tlv;
  issuer: Tlv;
  thisUpdate: Date;
  nextUpdate: Date | undefined;
  revokedList: Tlv | undefined;
  extensions: readonly RawExtension[];
  extensionList: Tlv | undefined;
  signatureAlgorithm: Tlv;
  signatureValue: Tlv;
  table: _EntryTable;
  unusableEntry: { index: number; oid: string } | undefined;
  lenient: boolean;
}

/**
 * The walk over CertificateList and TBSCertList (RFC 5280 §5.1):
 * ```asn1
 * CertificateList  ::=  SEQUENCE  {
 *      tbsCertList          TBSCertList,
 *      signatureAlgorithm   AlgorithmIdentifier,
 *      signatureValue       BIT STRING  }
 *
 * TBSCertList  ::=  SEQUENCE  {
 *      version                 Version OPTIONAL,
 *                                   -- if present, MUST be v2
 *      signature               AlgorithmIdentifier,
 *      issuer                  Name,
 *      thisUpdate              Time,
 *      nextUpdate              Time OPTIONAL,
 *      revokedCertificates     SEQUENCE OF SEQUENCE  { ... }  OPTIONAL,
 *      crlExtensions           [0]  EXPLICIT Extensions OPTIONAL
 *                                   -- if present, version MUST be v2
 *                           }
 * ```
 */
function _walk(der: Uint8Array, lenient: boolean): _Fields {
  let path = 'certificateList';
  try {
    const c = derCursor(der, 0, der.length, lenient);
    const b = der;
    const top = enter(c, 0x30);
    const crlTlv = _tlv(c);
    // Nothing may follow the CRL (checked first, as the outer element is read).
    if (c.ve < der.length) throw new DerError('trailing-data', `${der.length - c.ve} unexpected byte(s) after the CertificateList SEQUENCE`, { offset: c.ve });

    path = 'tbsCertList';
    const tbsOuter = enter(c, 0x30);
    const tbsTlv = _tlv(c);

    // Version ::= INTEGER { v1(0), v2(1), v3(2) }; untagged and OPTIONAL here.
    path = 'tbsCertList.version';
    let version: 1 | 2 = 1;
    const at = c.pos;
    if (optional(c, 0x02)) {
      const v = b.subarray(c.vs, c.ve);
      checkInteger(v, c.vs, false);
      const n = bytesToSafeInteger(v, c.vs);
      if (n < 0) throw new DerError('negative-integer', 'version must not be negative', { offset: c.vs });
      if (n === 1) version = 2;
      else if (n === 0) {
        // §5.1.2.1: "if present, MUST be v2". Some old issuers wrote v1 explicitly.
        if (!lenient) _fail('invalid-version', 'version v1 is encoded explicitly; RFC 5280 §5.1.2.1 says the field is absent for v1 and v2 when present (lenient mode accepts it)', at);
      } else {
        _fail('invalid-version', `version ${n} (v${n + 1}) is not a CRL version; RFC 5280 §5.1.2.1 allows v1 (absent) and v2`, at);
      }
    }

    path = 'tbsCertList.signature';
    const innerAlg = _algorithm(c);

    path = 'tbsCertList.issuer';
    expect(c, 0x30);
    const issuerTlv = _tlv(c);

    // RFC 5280 §5.1.2.4/§5.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. As in the
    // certificate parser, the choice is not enforced (only each form's DER rules); the builder
    // follows it.
    path = 'tbsCertList.thisUpdate';
    if (c.pos >= c.end) expect(c, 0x17); // truncated: the cursor's error
    next(c);
    const thisUpdate = decodeTimeTlv(_tlv(c), 'thisUpdate');
    path = 'tbsCertList.nextUpdate';
    let nextUpdate: Date | undefined;
    if (optional(c, 0x17) || optional(c, 0x18)) nextUpdate = decodeTimeTlv(_tlv(c), 'nextUpdate');

    path = 'tbsCertList.revokedCertificates';
    const st: _PassState = { buf: der, lenient, version, t: new _EntryTable(0), unusableEntry: undefined };
    let revokedList: Tlv | undefined;
    if (optional(c, 0x30)) {
      revokedList = _tlv(c);
      if (c.ve === c.vs && !lenient) {
        _fail('empty-revoked-certificates', 'revokedCertificates is an empty SEQUENCE; RFC 5280 §5.1.2.6 says the list MUST be absent when nothing is revoked (lenient mode accepts it)', c.start);
      }
      // Size the entry table exactly (a header-only walk), so a large CRL allocates it once.
      st.t = new _EntryTable(_countEntries(der, c.vs, c.ve));
      _pass(st, c.vs, c.ve);
    }

    path = 'tbsCertList.crlExtensions';
    let extensions: readonly RawExtension[] = _NO_EXTENSIONS;
    let extensionList: Tlv | undefined;
    if (optional(c, TAG_CRL_EXTENSIONS)) {
      if (version !== 2) _fail('version-mismatch', 'crlExtensions in a v1 CRL; RFC 5280 §5.1.2.1 requires version v2 when extensions are used', c.start);
      const xOuter = enterLast(c);
      expect(c, 0x30);
      extensionList = _tlv(c);
      leave(c, xOuter);
      const er = new DerReader(b, { lenient }, extensionList.valueOffset, extensionList.end, 3);
      extensions = _walkExtensions(er, extensionList.offset, lenient, 'tbsCertList.crlExtensions', (p) => (path = p));
      path = 'tbsCertList.crlExtensions';
    }
    path = 'tbsCertList';
    leave(c, tbsOuter);

    path = 'signatureAlgorithm';
    const outerAlg = _algorithm(c);
    // RFC 5280 §5.1.1.2: "MUST contain the same algorithm identifier as the signature field in
    // the sequence tbsCertList". Compared byte for byte, as for certificates.
    if (!bytesEqual(outerAlg.raw, innerAlg.raw)) {
      _fail('signature-algorithm-mismatch', 'signatureAlgorithm differs from tbsCertList.signature; RFC 5280 §5.1.1.2 requires the same AlgorithmIdentifier', outerAlg.offset);
    }
    path = 'signatureValue';
    const sv = expect(c, 0x03);
    const sigTlv = _tlv(c);
    const unused = checkBitString(b, sv, c.ve);
    if (unused !== 0 && !lenient) {
      _fail('invalid-signature-value', `signatureValue has ${unused} unused bits; every signature algorithm in use produces whole octets`, sv);
    }
    path = 'certificateList';
    leave(c, top);

    return {
      crl: crlTlv,
      tbs: tbsTlv,
      version,
      signature: innerAlg,
      issuer: issuerTlv,
      thisUpdate,
      nextUpdate,
      revokedList,
      extensions,
      extensionList,
      signatureAlgorithm: outerAlg,
      signatureValue: sigTlv,
      table: st.t,
      unusableEntry: st.unusableEntry,
      lenient,
    };
  } catch (e) {
    throw addPath(e, path);
  }
}

/** The element the cursor read last, as a Tlv (a few per CRL, for the record's views). */
function _tlv(c: DerCursor): Tlv {
  return new Tlv(c.buf, c.tag, c.start, c.vs, c.ve);
}

/** AlgorithmIdentifier, checked for shape by the signature layer's one walk of it, as a Tlv for the record. */
function _algorithm(c: DerCursor): Tlv {
  checkAlgorithmIdentifier(c);
  return _tlv(c);
}

/**
 * A parsed CRL: a record of the fields of RFC 5280 §5.1 over the bytes received. Made by
 * {@link parseCrl}; it has no behaviour of its own: entries and serial lookups
 * (`crlEntry`, `findCrlEntry`, `isSerialRevoked`), extension values (`getExtension(crl,
 * crlNumberCodec)`), the signature (`verifyCrl`), text and JSON (`formatCrl`, `crlToJson`) are
 * free functions, so an application ships only what it calls. Every `raw*` member is a view of
 * the parsed buffer (zero-copy).
 *
 * @example
 * ```ts
 * const crl = parseCrl(pem);
 * crl.issuer.toString();                  // 'CN=Example CA,O=Example,C=US'
 * crl.size;                               // 1000000
 * isSerialRevoked(crl, 0x1234n);          // true
 * getExtension(findCrlEntry(crl, '12:34')!, reasonCodeCodec); // 'keyCompromise'
 * ```
 */
export class Crl {
  /** 1 or 2 (the ASN.1 value plus one). */
  readonly version: 1 | 2;
  /** `thisUpdate` (RFC 5280 §5.1.2.4). */
  readonly thisUpdate: Date;
  /** `nextUpdate` (§5.1.2.5); conforming issuers always include it. */
  readonly nextUpdate: Date | undefined;
  /** The crlExtensions as received, in order (bodies undecoded; see `getExtension`). */
  readonly extensions: readonly RawExtension[];
  /** The field path of `extensions` (for error paths). */
  readonly extensionsPath = 'tbsCertList.crlExtensions';
  /** Whether the CRL was parsed in lenient mode. */
  readonly lenient: boolean;
  /**
   * Set when the CRL must not be used to decide any certificate's status (RFC 5280 §5.2: an
   * unknown critical CRL extension; §5.3: an unknown critical CRL entry extension — the whole CRL
   * is refused, as §5.3 says, not only that entry). `checkRevocation` answers `unknown` for it.
   */
  readonly unusable: CrlUnusable | undefined;
  /** Whether the entries are in ascending serial order (RFC 5280 does not require it). */
  readonly sortedBySerial: boolean;
  /** Number of revokedCertificates entries. */
  readonly size: number;
  /** Number of entries whose serial number already appeared earlier in the list (see `crlDuplicateSerials`). */
  readonly duplicateCount: number;

  /** @internal The parsed buffer (for `entries.ts`). */
  readonly _buf: Uint8Array;
  /** @internal Where each entry is (for `entries.ts`). */
  readonly _table: _EntryTable;
  /** @internal The serial index (for `entries.ts`). */
  readonly _index: _Index;
  /** @internal End of the revokedCertificates contents. */
  readonly _revokedEnd: number;
  private readonly _f: _Fields;
  private _issuer: Name | undefined;

  /** @internal Use {@link parseCrl}. */
  constructor(f: _Fields) {
    this._f = f;
    this.version = f.version;
    this.thisUpdate = f.thisUpdate;
    this.nextUpdate = f.nextUpdate;
    this.extensions = f.extensions;
    this.lenient = f.lenient;
    this.sortedBySerial = f.table.sorted;
    this.size = f.table.n;
    let unusable: CrlUnusable | undefined;
    for (const x of f.extensions) {
      if (x.critical && !_KNOWN_CRL.has(x.oid)) {
        unusable = { code: 'unknown-critical-extension', oid: x.oid, message: `the CRL has a critical extension certkit cannot process (${x.oid}); RFC 5280 §5.2 forbids using it` };
        break;
      }
    }
    if (unusable === undefined && f.unusableEntry !== undefined) {
      const u = f.unusableEntry;
      unusable = {
        code: 'unknown-critical-entry-extension',
        oid: u.oid,
        entryIndex: u.index,
        message: `entry ${u.index} has a critical CRL entry extension certkit cannot process (${u.oid}); RFC 5280 §5.3 forbids using the CRL for any certificate`,
      };
    }
    this._buf = f.crl.buf;
    this._table = f.table;
    this._index = new _Index(f.crl.buf, f.table);
    this._revokedEnd = f.revokedList === undefined ? 0 : f.revokedList.end;
    this.duplicateCount = this._index.duplicates;
    this.unusable = unusable;
  }

  /** The whole CertificateList encoding as received. */
  get raw(): Uint8Array {
    return this._f.crl.raw;
  }
  /** The TBSCertList encoding: the bytes the signature covers. */
  get rawTbs(): Uint8Array {
    return this._f.tbs.raw;
  }
  /** The issuer Name encoding. */
  get rawIssuer(): Uint8Array {
    return this._f.issuer.raw;
  }
  /** The `signatureAlgorithm` encoding (equal to `tbsCertList.signature`). */
  get rawSignatureAlgorithm(): Uint8Array {
    return this._f.signatureAlgorithm.raw;
  }
  /** The signature octets (the BIT STRING without its unused-bits octet). */
  get rawSignatureValue(): Uint8Array {
    const t = this._f.signatureValue;
    return t.buf.subarray(t.valueOffset + 1, t.end);
  }
  /** The revokedCertificates encoding, when present. */
  get rawRevokedCertificates(): Uint8Array | undefined {
    return this._f.revokedList?.raw;
  }

  /** The issuer name (RFC 5280 §5.1.2.3), decoded on first read. */
  get issuer(): Name {
    if (this._issuer === undefined) {
      const t = this._f.issuer;
      try {
        this._issuer = readName(new DerReader(t.buf, { lenient: this.lenient }, t.offset, t.end));
      } catch (e) {
        throw addPath(e, 'tbsCertList.issuer');
      }
    }
    return this._issuer;
  }
}

/**
 * Parses one CRL from DER bytes or PEM text (`X509 CRL`), synchronously and without copying.
 *
 * Checked eagerly, in one linear pass: every DER rule on the outer structure, TBSCertList and
 * each revokedCertificates entry; the version (v1/v2, and that extensions need v2); each entry's
 * serial number (positive, at most 20 octets), revocationDate and the shape of its extensions;
 * equal inner and outer signature algorithms; the crlExtensions list (shape, no duplicates); no
 * trailing data anywhere. The issuer name is decoded when first read; extension bodies and
 * entries when a free function asks for them (`getExtension`, `crlEntry`, `findCrlEntry`). Unknown critical extensions do not make parsing fail: they set
 * {@link Crl.unusable}.
 *
 * Cost: linear in the size of the CRL, with a few typed arrays (about 19 bytes per entry) and no
 * object per entry; a 1,000,000-entry CRL parses in a fraction of a second (bench/crl.bench.ts).
 *
 * @param input DER bytes, or PEM text (string or bytes) holding an `X509 CRL` block.
 * @throws TypeError when `input` is not a `Uint8Array` or string.
 * @throws DerError / CrlError with `code`, `path` (e.g.
 * `tbsCertList.revokedCertificates[12].userCertificate`) and `offset` (absolute, into the DER).
 * @example
 * ```ts
 * const crl = parseCrl(readFileSync('ca.crl'));
 * if (isSerialRevoked(crl, cert.serialNumber)) console.log('revoked');
 * ```
 */
export function parseCrl(input: Uint8Array | string, options: ParseCrlOptions = {}): Crl {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) {
    throw new TypeError('parseCrl expects DER bytes (Uint8Array) or PEM text (string)');
  }
  const der = pemBlockToDer(input, 'X509 CRL');
  return new Crl(_walk(der, options.lenient === true));
}
