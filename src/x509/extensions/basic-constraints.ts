/**
 * basicConstraints (RFC 5280 §4.2.1.9): whether the subject is a CA, and the path length limit.
 *
 * Scope: decode, encode, format. Non-goals: the path-validation checks that use it (§6.1.4 (k), (l), (m)).
 * @module
 */
import { Tag } from '../../der/index';
import { _checkCount, _decode, _encode, _fail, type ExtensionCodec } from './_common';

/**
 * The decoded basicConstraints value.
 * @example
 * ```ts
 * const bc: BasicConstraints = { cA: true, pathLenConstraint: 0 }
 * ```
 */
export interface BasicConstraints {
  /** `cA`, `false` when absent (DEFAULT FALSE). */
  readonly cA: boolean;
  /** `pathLenConstraint`, when present. */
  readonly pathLenConstraint?: number;
}

/**
 * Decodes basicConstraints.
 *
 * ```asn1
 * BasicConstraints ::= SEQUENCE {
 *      cA                      BOOLEAN DEFAULT FALSE,
 *      pathLenConstraint       INTEGER (0..MAX) OPTIONAL }
 * ```
 * An explicit `cA FALSE` is refused in strict mode (X.690 §11.5) and accepted in lenient mode
 * (older CAs wrote it). A pathLenConstraint without `cA TRUE` is decoded as is: RFC 5280 makes it
 * a CA-side rule and path validation ignores it then.
 * @throws DerError (`explicit-default`, `negative-integer`, ...).
 * @example
 * ```ts
 * decodeBasicConstraints(Uint8Array.of(0x30, 0x03, 0x01, 0x01, 0xff)) // { cA: true }
 * ```
 */
export function decodeBasicConstraints(value: Uint8Array, offsetBase = 0, lenient = false): BasicConstraints {
  return _decode(value, offsetBase, lenient, 'basicConstraints', (r) => {
    const s = r.enter(Tag.SEQUENCE, 'BasicConstraints');
    const cA = s.readDefaultBoolean(false, Tag.BOOLEAN, 'cA');
    const out: { cA: boolean; pathLenConstraint?: number } = { cA };
    if (!s.atEnd) out.pathLenConstraint = s.readSmallInteger(Tag.INTEGER, 'pathLenConstraint');
    s.finish('BasicConstraints');
    return out;
  });
}

/**
 * Encodes basicConstraints.
 * @throws ExtensionError `invalid-path-length` for a pathLenConstraint without `cA` (RFC 5280
 * §4.2.1.9: "CAs MUST NOT include the pathLenConstraint field unless the cA boolean is asserted").
 * @example
 * ```ts
 * encodeBasicConstraints({ cA: true, pathLenConstraint: 0 })
 * ```
 */
export function encodeBasicConstraints(v: BasicConstraints): Uint8Array {
  if (v === null || typeof v !== 'object' || typeof v.cA !== 'boolean') throw new TypeError('basicConstraints needs a boolean cA');
  if (v.pathLenConstraint !== undefined) {
    _checkCount(v.pathLenConstraint, 'pathLenConstraint');
    if (!v.cA) _fail('invalid-path-length', 'pathLenConstraint needs cA TRUE (RFC 5280 §4.2.1.9)');
  }
  return _encode((w) =>
    w.sequence((w) => {
      if (v.cA) w.boolean(true);
      if (v.pathLenConstraint !== undefined) w.integer(v.pathLenConstraint);
    }),
  );
}

/**
 * OpenSSL's text: `CA:TRUE, pathlen:3`.
 * @example
 * ```ts
 * formatBasicConstraints({ cA: false }) // ['CA:FALSE']
 * ```
 */
export function formatBasicConstraints(v: BasicConstraints): string[] {
  return [`CA:${v.cA ? 'TRUE' : 'FALSE'}${v.pathLenConstraint !== undefined ? `, pathlen:${v.pathLenConstraint}` : ''}`];
}

/**
 * The basicConstraints codec (critical by default: RFC 5280 §4.2.1.9 wants it critical in CA certificates).
 * @example
 * ```ts
 * basicConstraintsCodec.decode(ext.value, ext.valueOffset, false)
 * ```
 */
export const basicConstraintsCodec: ExtensionCodec<BasicConstraints> = {
  // EXTENSION.basicConstraints, written out so a parser bundles no OID table
  oid: '2.5.29.19',
  name: 'basicConstraints',
  title: 'X509v3 Basic Constraints',
  defaultCritical: true,
  decode: decodeBasicConstraints,
};
