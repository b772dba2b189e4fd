/**
 * Signed certificate timestamps (RFC 6962 §3.3): the SCT list embedded by CT-logging CAs.
 *
 * Scope: the OCTET STRING holding the TLS-encoded `SignedCertificateTimestampList` is kept raw;
 * the list is split into SCTs with their version, log ID and timestamp for display.
 * Non-goals: SCT signature verification, CT policy.
 * @module
 */
import { Tag, toHex } from '../../der/index';
import { _decode, _encode, _fail, type ExtensionCodec } from './_common';

/**
 * One SCT as seen for display.
 * @example
 * ```ts
 * decodeSignedCertificateTimestamps(der).scts.map((s: SctSummary) => s.timestamp)
 * ```
 */
export interface SctSummary {
  readonly version: number;
  /** 32-octet log ID (a view). */
  readonly logId: Uint8Array;
  /** Milliseconds since the epoch (RFC 6962 §3.2 `uint64 timestamp`). */
  readonly timestamp: Date;
  /** The whole `SerializedSCT` (a view). */
  readonly raw: Uint8Array;
}

/**
 * The decoded extension: the TLS-encoded list (a view) and its SCTs.
 * @example
 * ```ts
 * const { list, scts }: SignedCertificateTimestampList = decodeSignedCertificateTimestamps(der)
 * ```
 */
export interface SignedCertificateTimestampList {
  readonly list: Uint8Array;
  readonly scts: readonly SctSummary[];
}

/**
 * Decodes the SCT list extension: `OCTET STRING` holding
 * `opaque SerializedSCT<1..2^16-1>; SerializedSCT sct_list <1..2^16-1>` (RFC 6962 §3.3).
 * @throws ExtensionError `invalid-extension` when the TLS framing is broken; DerError.
 * @example
 * ```ts
 * decodeSignedCertificateTimestamps(der).scts.length
 * ```
 */
export function decodeSignedCertificateTimestamps(value: Uint8Array, offsetBase = 0, lenient = false): SignedCertificateTimestampList {
  return _decode(value, offsetBase, lenient, 'signedCertificateTimestampList', (r) => {
    const t = r.read(Tag.OCTET_STRING, 'SignedCertificateTimestampList');
    const list = t.value;
    const base = t.valueOffset;
    const u16 = (i: number): number => (list[i]! << 8) | list[i + 1]!;
    if (list.length < 2 || u16(0) !== list.length - 2) _fail('invalid-extension', 'SCT list length prefix does not match its contents (RFC 6962 §3.3)', base);
    const scts: SctSummary[] = [];
    let p = 2;
    while (p < list.length) {
      if (p + 2 > list.length) _fail('invalid-extension', 'SCT list ends inside a length prefix', base + p);
      const n = u16(p);
      if (n === 0 || p + 2 + n > list.length) _fail('invalid-extension', 'an SCT length runs past the list', base + p);
      const sct = list.subarray(p + 2, p + 2 + n);
      if (sct.length < 41) _fail('invalid-extension', 'an SCT is shorter than version, log ID and timestamp', base + p);
      let ms = 0;
      for (let i = 33; i < 41; i++) ms = ms * 256 + sct[i]!;
      scts.push({ version: sct[0]!, logId: sct.subarray(1, 33), timestamp: new Date(ms), raw: sct });
      p += 2 + n;
    }
    return { list, scts };
  });
}

/**
 * Encodes the extension from the TLS-encoded list.
 * @example
 * ```ts
 * encodeSignedCertificateTimestamps({ list, scts: [] })
 * ```
 */
export function encodeSignedCertificateTimestamps(v: SignedCertificateTimestampList): Uint8Array {
  if (!(v?.list instanceof Uint8Array)) throw new TypeError('the SCT list must be a Uint8Array');
  return _encode((w) => w.octetString(v.list));
}

/**
 * A short text per SCT (OpenSSL prints more: it also decodes the signature).
 * @example
 * ```ts
 * formatSignedCertificateTimestamps(v) // ['Signed Certificate Timestamp:', '  Version: v1 (0x0)', ...]
 * ```
 */
export function formatSignedCertificateTimestamps(v: SignedCertificateTimestampList): string[] {
  const out: string[] = [];
  for (const s of v.scts) {
    out.push(
      'Signed Certificate Timestamp:',
      `  Version   : v${s.version + 1} (0x${s.version.toString(16)})`,
      `  Log ID    : ${toHex(s.logId, ':').toUpperCase()}`,
      `  Timestamp : ${s.timestamp.toISOString()}`,
    );
  }
  return out;
}

/**
 * The SCT list codec.
 * @example
 * ```ts
 * signedCertificateTimestampsCodec.decode(ext.value, ext.valueOffset, false)
 * ```
 */
export const signedCertificateTimestampsCodec: ExtensionCodec<SignedCertificateTimestampList> = {
  // EXTENSION.signedCertificateTimestampList, written out so a parser bundles no OID table
  oid: '1.3.6.1.4.1.11129.2.4.2',
  name: 'signedCertificateTimestampList',
  title: 'CT Precertificate SCTs',
  defaultCritical: false,
  decode: decodeSignedCertificateTimestamps,
};
