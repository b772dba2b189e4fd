/**
 * extKeyUsage (RFC 5280 §4.2.1.12): the purposes the certified key may be used for.
 *
 * Scope: decode, encode, format (OpenSSL's long names). Non-goals: purpose checks (`src/path/`).
 * @module
 */
import { _decode, _encode, _readList, _writeList, type ExtensionCodec } from './_common';

/**
 * The decoded extKeyUsage: KeyPurposeId OIDs in encoded order.
 * @example
 * ```ts
 * const eku: ExtKeyUsage = [KEY_PURPOSE.serverAuth]
 * ```
 */
export type ExtKeyUsage = readonly string[];

let _titles: Map<string, string> | undefined;
function _title(oid: string): string {
  // OpenSSL's long names (crypto/objects/objects.txt) for the purposes it prints.
  _titles ??= new Map([
    ['2.5.29.37.0', 'Any Extended Key Usage'],
    ['1.3.6.1.5.5.7.3.1', 'TLS Web Server Authentication'],
    ['1.3.6.1.5.5.7.3.2', 'TLS Web Client Authentication'],
    ['1.3.6.1.5.5.7.3.3', 'Code Signing'],
    ['1.3.6.1.5.5.7.3.4', 'E-mail Protection'],
    ['1.3.6.1.5.5.7.3.5', 'IPSec End System'],
    ['1.3.6.1.5.5.7.3.6', 'IPSec Tunnel'],
    ['1.3.6.1.5.5.7.3.7', 'IPSec User'],
    ['1.3.6.1.5.5.7.3.8', 'Time Stamping'],
    ['1.3.6.1.5.5.7.3.9', 'OCSP Signing'],
    ['1.3.6.1.5.5.7.3.17', 'ipsec Internet Key Exchange'],
    ['1.3.6.1.5.5.7.3.21', 'SSH Client'],
    ['1.3.6.1.5.5.7.3.22', 'SSH Server'],
    ['1.3.6.1.4.1.311.20.2.2', 'Microsoft Smartcard Login'],
    ['1.3.6.1.4.1.311.10.3.3', 'Microsoft Server Gated Crypto'],
    ['1.3.6.1.4.1.311.10.3.4', 'Microsoft Encrypted File System'],
    ['2.16.840.1.113730.4.1', 'Netscape Server Gated Crypto'],
  ]);
  return _titles.get(oid) ?? oid;
}

/**
 * Decodes extKeyUsage.
 *
 * ```asn1
 * ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId
 * KeyPurposeId ::= OBJECT IDENTIFIER
 * ```
 * @throws ExtensionError `empty-sequence`; DerError for malformed DER.
 * @example
 * ```ts
 * decodeExtKeyUsage(der) // ['1.3.6.1.5.5.7.3.1']
 * ```
 */
export function decodeExtKeyUsage(value: Uint8Array, offsetBase = 0, lenient = false): ExtKeyUsage {
  return _decode(value, offsetBase, lenient, 'extKeyUsage', (r) => {
    return _readList(r, 'ExtKeyUsageSyntax', (s) => s.readOid('KeyPurposeId'));
  });
}

/**
 * Encodes extKeyUsage.
 * @throws ExtensionError `empty-sequence` for an empty list.
 * @example
 * ```ts
 * encodeExtKeyUsage([KEY_PURPOSE.serverAuth, KEY_PURPOSE.clientAuth])
 * ```
 */
export function encodeExtKeyUsage(v: ExtKeyUsage): Uint8Array {
  return _encode((w) => _writeList(w, v, 'ExtKeyUsageSyntax', (w, oid) => w.oid(oid)));
}

/**
 * OpenSSL's text: `TLS Web Server Authentication, 1.2.3.4`.
 * @example
 * ```ts
 * formatExtKeyUsage(['1.3.6.1.5.5.7.3.1']) // ['TLS Web Server Authentication']
 * ```
 */
export function formatExtKeyUsage(v: ExtKeyUsage): string[] {
  return [v.map(_title).join(', ')];
}

/**
 * The extKeyUsage codec.
 * @example
 * ```ts
 * extKeyUsageCodec.decode(ext.value, ext.valueOffset, false)
 * ```
 */
export const extKeyUsageCodec: ExtensionCodec<ExtKeyUsage> = {
  // EXTENSION.extKeyUsage, written out so a parser bundles no OID table
  oid: '2.5.29.37',
  name: 'extKeyUsage',
  title: 'X509v3 Extended Key Usage',
  defaultCritical: false,
  decode: decodeExtKeyUsage,
};
