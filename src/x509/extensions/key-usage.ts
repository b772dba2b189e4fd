/**
 * keyUsage (RFC 5280 §4.2.1.3): the purposes the key may be used for.
 *
 * Scope: decode, encode, format. Non-goals: checking consistency with the key type or with
 * extKeyUsage (see `src/path/`).
 * @module
 */
import { Tag } from '../../der/index';
import { _decode, _encode, _fail, type ExtensionCodec } from './_common';
import { _readNamedBits, _writeNamedBits } from './_named-bits';

/**
 * KeyUsage bit names, in bit order (RFC 5280 §4.2.1.3; bit 1 is also called contentCommitment).
 * @example
 * ```ts
 * KEY_USAGE_BITS[5] === 'keyCertSign'
 * ```
 */
export const KEY_USAGE_BITS = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly'] as const;

/**
 * One keyUsage bit name.
 * @example
 * ```ts
 * const k: KeyUsageName = 'digitalSignature'
 * ```
 */
export type KeyUsageName = (typeof KEY_USAGE_BITS)[number];

/**
 * The decoded keyUsage: the names of the bits set, in bit order.
 * @example
 * ```ts
 * const ku: KeyUsage = ['keyCertSign', 'cRLSign']
 * ```
 */
export type KeyUsage = readonly KeyUsageName[];

const _TITLES: Record<KeyUsageName, string> = {
  digitalSignature: 'Digital Signature',
  nonRepudiation: 'Non Repudiation',
  keyEncipherment: 'Key Encipherment',
  dataEncipherment: 'Data Encipherment',
  keyAgreement: 'Key Agreement',
  keyCertSign: 'Certificate Sign',
  cRLSign: 'CRL Sign',
  encipherOnly: 'Encipher Only',
  decipherOnly: 'Decipher Only',
};

/**
 * Decodes keyUsage.
 *
 * ```asn1
 * KeyUsage ::= BIT STRING { digitalSignature (0), nonRepudiation (1), keyEncipherment (2),
 *      dataEncipherment (3), keyAgreement (4), keyCertSign (5), cRLSign (6),
 *      encipherOnly (7), decipherOnly (8) }
 * ```
 * @throws ExtensionError `empty-key-usage` (§4.2.1.3: at least one bit MUST be set),
 * `named-bits-trailing-zero` (strict mode).
 * @example
 * ```ts
 * decodeKeyUsage(Uint8Array.of(0x03, 0x02, 0x01, 0x86)) // ['digitalSignature', 'keyCertSign', 'cRLSign']
 * ```
 */
export function decodeKeyUsage(value: Uint8Array, offsetBase = 0, lenient = false): KeyUsage {
  return _decode(value, offsetBase, lenient, 'keyUsage', (r) => {
    const at = r.pos;
    const names = _readNamedBits(r, Tag.BIT_STRING, KEY_USAGE_BITS, 'keyUsage');
    if (names.length === 0) _fail('empty-key-usage', 'keyUsage has no bit set; RFC 5280 §4.2.1.3 requires at least one', at);
    return names;
  });
}

/**
 * Encodes keyUsage (minimal named-bit form).
 * @throws RangeError for an unknown name; ExtensionError `empty-key-usage` for an empty list.
 * @example
 * ```ts
 * encodeKeyUsage(['digitalSignature'])
 * ```
 */
export function encodeKeyUsage(v: KeyUsage): Uint8Array {
  if (Array.isArray(v) && v.length === 0) _fail('empty-key-usage', 'keyUsage needs at least one bit (RFC 5280 §4.2.1.3)');
  return _encode((w) => _writeNamedBits(w, Tag.BIT_STRING, KEY_USAGE_BITS, v, 'keyUsage'));
}

/**
 * OpenSSL's text: `Digital Signature, Certificate Sign, CRL Sign`.
 * @example
 * ```ts
 * formatKeyUsage(['keyCertSign']) // ['Certificate Sign']
 * ```
 */
export function formatKeyUsage(v: KeyUsage): string[] {
  return [v.map((n) => _TITLES[n]).join(', ')];
}

/**
 * The keyUsage codec (critical by default: RFC 5280 §4.2.1.3 SHOULD).
 * @example
 * ```ts
 * keyUsageCodec.decode(ext.value, ext.valueOffset, false)
 * ```
 */
export const keyUsageCodec: ExtensionCodec<KeyUsage> = {
  // EXTENSION.keyUsage, written out so a parser bundles no OID table
  oid: '2.5.29.15',
  name: 'keyUsage',
  title: 'X509v3 Key Usage',
  defaultCritical: true,
  decode: decodeKeyUsage,
};
