/**
 * cRLNumber (RFC 5280 §5.2.3) and deltaCRLIndicator's BaseCRLNumber share this syntax:
 * `CRLNumber ::= INTEGER (0..MAX)`, at most 20 octets.
 *
 * Scope: decode, encode, format. Non-goals: CRL sequencing checks.
 * @module
 */
import { Tag, encodeIntegerContents, type DerReader } from '../../der/index';
import { _decode, _encode, _fail, type ExtensionCodec } from './_common';

/**
 * The decoded cRLNumber.
 * @example
 * ```ts
 * const n: CrlNumber = 42n
 * ```
 */
export type CrlNumber = bigint;

/** Reads a CRLNumber: non-negative, at most 20 octets (§5.2.3). */
export function _readCrlNumber(r: DerReader, what: string): bigint {
  const at = r.pos;
  const bytes = r.readIntegerBytes(Tag.INTEGER, what);
  if (bytes[0]! & 0x80) _fail('invalid-extension', `${what} must not be negative (INTEGER (0..MAX))`, at);
  if (bytes.length > 20 && !r.lenient) _fail('invalid-extension', `${what} has ${bytes.length} octets; RFC 5280 §5.2.3 allows at most 20`, at);
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/** Checks and writes a CRLNumber. */
export function _crlNumberContents(v: bigint, what: string): Uint8Array {
  if (typeof v !== 'bigint') throw new TypeError(`${what} must be a bigint`);
  if (v < 0n) throw new RangeError(`${what} must not be negative`);
  const c = encodeIntegerContents(v);
  if (c.length > 20) throw new RangeError(`${what} must fit 20 octets (RFC 5280 §5.2.3)`);
  return c;
}

/**
 * Decodes cRLNumber.
 * @throws ExtensionError `invalid-extension` (negative, or longer than 20 octets in strict mode); DerError.
 * @example
 * ```ts
 * decodeCrlNumber(Uint8Array.of(2, 1, 7)) // 7n
 * ```
 */
export function decodeCrlNumber(value: Uint8Array, offsetBase = 0, lenient = false): CrlNumber {
  return _decode(value, offsetBase, lenient, 'cRLNumber', (r) => _readCrlNumber(r, 'cRLNumber'));
}

/**
 * Encodes cRLNumber.
 * @example
 * ```ts
 * encodeCrlNumber(42n)
 * ```
 */
export function encodeCrlNumber(v: CrlNumber): Uint8Array {
  const c = _crlNumberContents(v, 'cRLNumber');
  return _encode((w) => w.element(Tag.INTEGER, c));
}

/** OpenSSL's `i2s_ASN1_INTEGER`: decimal below 128 bits, else `0x` and upper-case hex. */
export function _formatCrlNumber(v: bigint): string {
  return v < 1n << 128n ? v.toString() : `0x${v.toString(16).toUpperCase()}`;
}

/**
 * OpenSSL's text: the number in decimal (hex with `0x` from 128 bits on).
 * @example
 * ```ts
 * formatCrlNumber(42n) // ['42']
 * ```
 */
export function formatCrlNumber(v: CrlNumber): string[] {
  return [_formatCrlNumber(v)];
}

/**
 * The cRLNumber codec (non-critical, §5.2.3).
 * @example
 * ```ts
 * crlNumberCodec.decode(ext.value, ext.valueOffset, false)
 * ```
 */
export const crlNumberCodec: ExtensionCodec<CrlNumber> = {
  // EXTENSION.cRLNumber, written out so a parser bundles no OID table
  oid: '2.5.29.20',
  name: 'cRLNumber',
  title: 'X509v3 CRL Number',
  defaultCritical: false,
  decode: decodeCrlNumber,
};
