/**
 * The `Extensions` list as received, shared by the CSR (extensionRequest) and CRL (crlExtensions,
 * crlEntryExtensions) parsers.
 *
 * Scope: the strict walk of `Extension` elements with field paths, duplicate detection in linear
 * time, and zero-copy {@link RawExtension} records. The caller owns the error class and the
 * empty-list rule (each profile words it differently). Non-goals: decoding extension bodies (see
 * `extensions/`), the certificate's own fast walk (`certificate.ts`, tuned for root stores).
 * @module
 */
import { Tag, decodeOid, type DerReader } from '../der/index';
import type { RawExtension } from './certificate';

class _RawExtension implements RawExtension {
  constructor(
    private readonly _buf: Uint8Array,
    readonly oid: string,
    readonly critical: boolean,
    readonly offset: number,
    readonly valueOffset: number,
    private readonly _end: number,
  ) {}
  get value(): Uint8Array {
    return this._buf.subarray(this.valueOffset, this._end);
  }
}

/**
 * Reads every `Extension` left in `list` (a reader over the contents of an `Extensions`
 * SEQUENCE).
 * ```asn1
 * Extensions  ::=  SEQUENCE SIZE (1..MAX) OF Extension
 * Extension  ::=  SEQUENCE  { extnID OBJECT IDENTIFIER, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
 * ```
 * `setPath` is told the field being read (`${base}[i].extnID`, ...) so the caller can attach it
 * to an error; `onDuplicate` is called for the second instance of an extnID (RFC 5280 §4.2: one
 * instance of each) with the offsets of the first and of this one, and must throw.
 * @throws DerError for any DER rule, or whatever `onDuplicate` throws.
 * @example
 * ```ts
 * const exts = readExtensionList(list, 'tbsCertList.crlExtensions', (p) => (path = p), (oid, first, at) => {
 *   throw new CrlError('duplicate-extension', `extension ${oid} appears twice (first at ${first})`, { offset: at });
 * });
 * ```
 */
export function readExtensionList(list: DerReader, base: string, setPath: (path: string) => void, onDuplicate: (oid: string, firstOffset: number, offset: number) => never): RawExtension[] {
  const out: RawExtension[] = [];
  // extnID → offset of its first occurrence: duplicates found in linear time.
  const seen = new Map<string, number>();
  for (let i = 0; !list.atEnd; i++) {
    const p = `${base}[${i}]`;
    setPath(p);
    const t = list.read(Tag.SEQUENCE, 'Extension');
    const er = list.enterTlv(t);
    setPath(p + '.extnID');
    const oidTlv = er.read(Tag.OID, 'extnID');
    const oid = decodeOid(oidTlv.value, oidTlv.valueOffset);
    setPath(p + '.critical');
    const critical = er.readDefaultBoolean(false, Tag.BOOLEAN, 'critical');
    setPath(p + '.extnValue');
    const valTlv = er.read(Tag.OCTET_STRING, 'extnValue');
    setPath(p);
    er.finish('Extension');
    const firstAt = seen.get(oid);
    if (firstAt !== undefined) onDuplicate(oid, firstAt, t.offset);
    seen.set(oid, t.offset);
    out.push(new _RawExtension(t.buf, oid, critical, t.offset, valTlv.valueOffset, valTlv.end));
  }
  return out;
}
