/**
 * CSR attributes (RFC 2986 §4.1) and the PKCS#9 attribute syntaxes a request carries (RFC 2985).
 *
 * Scope: the raw attribute model (`CsrAttribute`: type and the encodings of its values), the
 * value codecs of challengePassword (§5.4.1, DirectoryString) and unstructuredName (§5.2.2,
 * PKCS9String), which attribute types are single-valued, and their display names.
 * The extensionRequest attribute (§5.4.2) is walked by `csr.ts`, because its contents are
 * the same `Extensions` a certificate has.
 * Non-goals: other PKCS#9 attributes (kept raw), CMS signed attributes.
 * @module
 */
import { DerWriter, Tag, decodeString, encodeString, fitsPrintable, tagName } from '../der/index';
import { PKCS9 } from '../oid/index';
import { CsrError } from './errors';

/**
 * One attribute as received:
 * ```asn1
 * Attribute { ATTRIBUTE:IOSet } ::= SEQUENCE {
 *      type   ATTRIBUTE.&id({IOSet}),
 *      values SET SIZE(1..MAX) OF ATTRIBUTE.&Type({IOSet}{@type})
 * }
 * ```
 * `values` are the whole encodings of the values (tag and length included), as views into the
 * parsed buffer, in encoded order.
 */
export interface CsrAttribute {
  /** The attribute type, dotted. */
  readonly oid: string;
  /** Each value's encoding (header included), zero-copy. */
  readonly values: readonly Uint8Array[];
  /** Absolute offset of the `Attribute` SEQUENCE in the parsed buffer. */
  readonly offset: number;
  /** Absolute offset of each value's first octet, parallel to `values`. */
  readonly valueOffsets: readonly number[];
}

/**
 * PKCS#9 upper bound of challengePassword and unstructuredName (RFC 2985 `pkcs-9-ub-pkcs9String`).
 * @example
 * ```ts
 * CsrBuilder.create().challengePassword('x'.repeat(PKCS9_STRING_MAX)) // longest allowed
 * ```
 */
export const PKCS9_STRING_MAX = 255;

// DirectoryString (RFC 5280 §4.1.2.4 / RFC 2985 §5.4.1): the five string types of the CHOICE.
const _DIRECTORY_STRING_TAGS: readonly number[] = [Tag.TELETEX_STRING, Tag.PRINTABLE_STRING, Tag.UNIVERSAL_STRING, Tag.UTF8_STRING, Tag.BMP_STRING];

/**
 * Whether an attribute type allows one value only. RFC 2985 §5.4.1 and §5.4.2 declare
 * challengePassword and extensionRequest `SINGLE VALUE TRUE`; Microsoft's older extension request
 * (1.3.6.1.4.1.311.2.1.14) carries one Extensions value the same way. unstructuredName is
 * multi-valued (§5.2.2 has no SINGLE VALUE clause).
 * @example
 * ```ts
 * isSingleValuedAttribute(PKCS9.challengePassword) // true
 * ```
 */
export function isSingleValuedAttribute(oid: string): boolean {
  return oid === PKCS9.challengePassword || oid === PKCS9.extensionRequest || oid === PKCS9.msExtensionRequest;
}

/**
 * Whether `oid` is an attribute certkit knows in a certification request: challengePassword,
 * unstructuredName, unstructuredAddress, extensionRequest and Microsoft's extension request.
 * @example
 * ```ts
 * isKnownCsrAttribute('1.2.840.113549.1.9.7') // true
 * ```
 */
export function isKnownCsrAttribute(oid: string): boolean {
  return oid === PKCS9.challengePassword || oid === PKCS9.unstructuredName || oid === PKCS9.extensionRequest || oid === PKCS9.msExtensionRequest || oid === PKCS9.unstructuredAddress;
}

/** Reads one string TLV from a value encoding: tag, length, contents; the value fills it. */
function _stringValue(value: Uint8Array, offset: number, allowed: readonly number[], what: string, lenient: boolean): string {
  const tag = value[0];
  if (tag === undefined || !allowed.includes(tag)) {
    throw new CsrError('invalid-attribute', `${what} must be one of ${allowed.map(tagName).join(', ')}, found ${tag === undefined ? 'nothing' : tagName(tag)}`, { offset });
  }
  // The value was already read as one well-formed TLV by the walk: only the header size is needed.
  const l = value[1]!;
  const header = l < 0x80 ? 2 : 2 + (l & 0x7f);
  const text = decodeString(tag, value.subarray(header), offset + header, lenient);
  const chars = [...text].length;
  if (chars < 1 || (chars > PKCS9_STRING_MAX && !lenient)) {
    throw new CsrError('invalid-attribute', `${what} has ${chars} characters; RFC 2985 allows 1..${PKCS9_STRING_MAX}`, { offset });
  }
  return text;
}

/**
 * Decodes a challengePassword value (RFC 2985 §5.4.1):
 * ```asn1
 * challengePassword ATTRIBUTE ::= {
 *         WITH SYNTAX DirectoryString {pkcs-9-ub-challengePassword}
 *         EQUALITY MATCHING RULE caseExactMatch
 *         SINGLE VALUE TRUE
 *         ID pkcs-9-at-challengePassword }
 * ```
 * "PKCS #9 attribute processing systems MUST be able to recognize and process all string types
 * in DirectoryString values", so all five are read.
 * @param value the value's encoding, header included
 * @param offset absolute offset of `value[0]`, for errors
 * @throws CsrError `invalid-attribute` (another type, or outside 1..255 characters); DerError
 * `invalid-string` for bytes outside the string type.
 * @example
 * ```ts
 * decodeChallengePassword(csr.getAttribute(PKCS9.challengePassword)!.values[0]!)
 * ```
 */
export function decodeChallengePassword(value: Uint8Array, offset = 0, lenient = false): string {
  return _stringValue(value, offset, _DIRECTORY_STRING_TAGS, 'challengePassword (DirectoryString)', lenient);
}

/**
 * Decodes an unstructuredName value (RFC 2985 §5.2.2):
 * ```asn1
 * unstructuredName ATTRIBUTE ::= {
 *         WITH SYNTAX PKCS9String {pkcs-9-ub-unstructuredName}
 *         EQUALITY MATCHING RULE pkcs9CaseIgnoreMatch
 *         ID pkcs-9-at-unstructuredName }
 * PKCS9String { INTEGER : maxSize } ::= CHOICE {
 *         ia5String IA5String (SIZE(1..maxSize)),
 *         directoryString DirectoryString {maxSize} }
 * ```
 * @throws CsrError `invalid-attribute`; DerError `invalid-string`.
 * @example
 * ```ts
 * decodeUnstructuredName(bytes) // 'an unstructured field'
 * ```
 */
export function decodeUnstructuredName(value: Uint8Array, offset = 0, lenient = false): string {
  return _stringValue(value, offset, [Tag.IA5_STRING, ..._DIRECTORY_STRING_TAGS], 'unstructuredName (PKCS9String)', lenient);
}

function _checkPkcs9Text(s: unknown, what: string): string {
  if (typeof s !== 'string') throw new TypeError(`${what} must be a string`);
  const n = [...s].length;
  if (n < 1 || n > PKCS9_STRING_MAX) throw new RangeError(`${what} must have 1..${PKCS9_STRING_MAX} characters (RFC 2985), got ${n}`);
  return s;
}

/**
 * Encodes a challengePassword value: PrintableString when every character fits, UTF8String
 * otherwise (the DirectoryString choice RFC 5280 §4.1.2.4 recommends).
 * @throws TypeError for a non-string; RangeError for an empty or over-long (> 255) password.
 * @example
 * ```ts
 * encodeChallengePassword('s3cret') // 13 06 73 33 63 72 65 74
 * ```
 */
export function encodeChallengePassword(password: string): Uint8Array {
  _checkPkcs9Text(password, 'challengePassword');
  const tag = fitsPrintable(password) ? Tag.PRINTABLE_STRING : Tag.UTF8_STRING;
  return new DerWriter().element(tag, encodeString(tag, password)).finish();
}

/**
 * Encodes an unstructuredName value: IA5String when ASCII (as OpenSSL writes it), UTF8String
 * otherwise.
 * @throws TypeError / RangeError as {@link encodeChallengePassword}.
 * @example
 * ```ts
 * encodeUnstructuredName('device 42')
 * ```
 */
export function encodeUnstructuredName(name: string): Uint8Array {
  _checkPkcs9Text(name, 'unstructuredName');
  // eslint-disable-next-line no-control-regex -- the ASCII range test starts at NUL on purpose
  const tag = /^[\x00-\x7f]*$/.test(name) ? Tag.IA5_STRING : Tag.UTF8_STRING;
  return new DerWriter().element(tag, encodeString(tag, name)).finish();
}

/**
 * The name OpenSSL prints for an attribute type (`challengePassword`, `unstructuredName`, ...),
 * or the dotted OID.
 * @example
 * ```ts
 * attributeDisplayName('1.2.840.113549.1.9.7') // 'challengePassword'
 * ```
 */
export function attributeDisplayName(oid: string): string {
  for (const [k, v] of Object.entries(PKCS9)) if (v === oid) return k === 'msExtensionRequest' ? 'msExtReq' : k;
  return oid;
}
