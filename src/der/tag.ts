/**
 * ASN.1 tags as certkit represents them.
 *
 * Scope: tag constants for the universal types, and helpers for context-specific, application
 * and private tags (X.690 §8.1.2). A tag is one `number`: for tag numbers below 31 it equals the
 * single identifier octet (so `0x30` is SEQUENCE and `0xa0` is `[0]` constructed); for high tag
 * numbers it is `firstOctet + number * 256`, where `firstOctet` has its low five bits set.
 * Non-goals: BER-only forms.
 * @module
 */

/**
 * Tag class bits (X.690 §8.1.2.2, Table 1).
 * @example
 * ```ts
 * makeTag(TagClass.application, true, 1) === 0x61
 * ```
 */
export const TagClass = { universal: 0x00, application: 0x40, contextSpecific: 0x80, private: 0xc0 } as const;
/** One of the four tag classes. */
export type TagClass = (typeof TagClass)[keyof typeof TagClass];

/**
 * The constructed bit of the identifier octet (X.690 §8.1.2.5).
 * @example
 * ```ts
 * (0xa0 & CONSTRUCTED) !== 0 // [0] EXPLICIT is constructed
 * ```
 */
export const CONSTRUCTED = 0x20;

/**
 * Universal tags as used in DER (constructed bit included for SEQUENCE and SET).
 * @example
 * ```ts
 * new DerReader(der).enter(Tag.SEQUENCE).readInteger(Tag.INTEGER)
 * ```
 */
export const Tag = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  OBJECT_DESCRIPTOR: 0x07,
  REAL: 0x09,
  ENUMERATED: 0x0a,
  UTF8_STRING: 0x0c,
  RELATIVE_OID: 0x0d,
  SEQUENCE: 0x30,
  SET: 0x31,
  NUMERIC_STRING: 0x12,
  PRINTABLE_STRING: 0x13,
  TELETEX_STRING: 0x14,
  VIDEOTEX_STRING: 0x15,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  GRAPHIC_STRING: 0x19,
  VISIBLE_STRING: 0x1a,
  GENERAL_STRING: 0x1b,
  UNIVERSAL_STRING: 0x1c,
  BMP_STRING: 0x1e,
} as const;

/**
 * Builds a tag value from class, constructed flag and tag number.
 *
 * @throws RangeError for a negative or too large number.
 * @example
 * ```ts
 * makeTag(TagClass.contextSpecific, true, 0) === 0xa0
 * ```
 */
export function makeTag(cls: TagClass, constructed: boolean, number: number): number {
  if (!Number.isSafeInteger(number) || number < 0 || number > 0x7fffffff) {
    throw new RangeError(`tag number must be an integer in 0..2^31-1, got ${number}`);
  }
  const first = cls | (constructed ? CONSTRUCTED : 0);
  return number < 31 ? first | number : (first | 0x1f) + number * 256;
}

/**
 * Context-specific tag `[n]`: constructed for EXPLICIT tagging and for IMPLICIT tagging of a
 * constructed type, primitive for IMPLICIT tagging of a primitive type.
 *
 * @example
 * ```ts
 * contextTag(0, true) === 0xa0; contextTag(2) === 0x82
 * ```
 */
export function contextTag(number: number, constructed = false): number {
  return makeTag(TagClass.contextSpecific, constructed, number);
}

/**
 * Class bits of a tag value.
 * @example
 * ```ts
 * tagClass(0xa3) === TagClass.contextSpecific
 * ```
 */
export function tagClass(tag: number): TagClass {
  return (tag & 0xff & 0xc0) as TagClass;
}

/**
 * Whether a tag value has the constructed bit.
 * @example
 * ```ts
 * isConstructed(0x30) === true; isConstructed(0x02) === false
 * ```
 */
export function isConstructed(tag: number): boolean {
  return (tag & CONSTRUCTED) !== 0;
}

/**
 * Tag number of a tag value.
 * @example
 * ```ts
 * tagNumber(0xa3) === 3; tagNumber(makeTag(TagClass.private, false, 200)) === 200
 * ```
 */
export function tagNumber(tag: number): number {
  return tag < 256 && (tag & 0x1f) !== 0x1f ? tag & 0x1f : Math.floor(tag / 256);
}

const UNIVERSAL_NAMES: Record<number, string> = {
  1: 'BOOLEAN',
  2: 'INTEGER',
  3: 'BIT STRING',
  4: 'OCTET STRING',
  5: 'NULL',
  6: 'OBJECT',
  7: 'ObjectDescriptor',
  8: 'EXTERNAL',
  9: 'REAL',
  10: 'ENUMERATED',
  11: 'EMBEDDED PDV',
  12: 'UTF8STRING',
  13: 'RELATIVE-OID',
  16: 'SEQUENCE',
  17: 'SET',
  18: 'NUMERICSTRING',
  19: 'PRINTABLESTRING',
  20: 'T61STRING',
  21: 'VIDEOTEXSTRING',
  22: 'IA5STRING',
  23: 'UTCTIME',
  24: 'GENERALIZEDTIME',
  25: 'GRAPHICSTRING',
  26: 'VISIBLESTRING',
  27: 'GENERALSTRING',
  28: 'UNIVERSALSTRING',
  30: 'BMPSTRING',
};

/**
 * A readable name for a tag, in the style of `openssl asn1parse`: `SEQUENCE`, `cont [ 0 ]`,
 * `appl [ 3 ]`, `priv [ 1 ]`.
 *
 * @example
 * ```ts
 * tagName(0x30) === 'SEQUENCE'; tagName(0xa3) === 'cont [ 3 ]'
 * ```
 */
export function tagName(tag: number): string {
  const cls = tagClass(tag);
  const n = tagNumber(tag);
  if (cls === TagClass.universal) return UNIVERSAL_NAMES[n] ?? `univ [ ${n} ]`;
  const prefix = cls === TagClass.contextSpecific ? 'cont' : cls === TagClass.application ? 'appl' : 'priv';
  return `${prefix} [ ${n} ]`;
}
