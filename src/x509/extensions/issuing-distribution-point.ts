/**
 * issuingDistributionPoint (RFC 5280 §5.2.5): the scope of a CRL.
 *
 * Scope: decode, encode, format. Non-goals: CRL scope checks (`src/path/revocation.ts`).
 * @module
 */
import { Tag, contextTag } from '../../der/index';
import { _decode, _encode, _fail, type ExtensionCodec } from './_common';
import {
  _formatDistributionPointName,
  _formatReasons,
  _readDistributionPointName,
  _readReasons,
  _writeDistributionPointName,
  _writeReasons,
  type DistributionPointName,
  type ReasonFlag,
} from './crl-distribution-points';

/**
 * The decoded issuingDistributionPoint (absent booleans are `false`, their DEFAULT).
 * @example
 * ```ts
 * if (decodeIssuingDistributionPoint(der).onlyContainsCACerts) ...
 * ```
 */
export interface IssuingDistributionPoint {
  readonly distributionPoint?: DistributionPointName;
  readonly onlyContainsUserCerts: boolean;
  readonly onlyContainsCACerts: boolean;
  readonly onlySomeReasons?: readonly ReasonFlag[];
  readonly indirectCRL: boolean;
  readonly onlyContainsAttributeCerts: boolean;
}

/**
 * Input of {@link encodeIssuingDistributionPoint}: booleans may be left out.
 * @example
 * ```ts
 * const idp: IssuingDistributionPointInit = { onlyContainsUserCerts: true }
 * ```
 */
export type IssuingDistributionPointInit = Partial<IssuingDistributionPoint>;

/**
 * Decodes issuingDistributionPoint.
 *
 * ```asn1
 * IssuingDistributionPoint ::= SEQUENCE {
 *      distributionPoint          [0] DistributionPointName OPTIONAL,
 *      onlyContainsUserCerts      [1] BOOLEAN DEFAULT FALSE,
 *      onlyContainsCACerts        [2] BOOLEAN DEFAULT FALSE,
 *      onlySomeReasons            [3] ReasonFlags OPTIONAL,
 *      indirectCRL                [4] BOOLEAN DEFAULT FALSE,
 *      onlyContainsAttributeCerts [5] BOOLEAN DEFAULT FALSE }
 * ```
 * @throws ExtensionError `invalid-issuing-distribution-point` (§5.2.5: at most one of the
 * onlyContains* fields TRUE; "MUST NOT issue ... an empty sequence"); DerError
 * `explicit-default` for an encoded FALSE in strict mode.
 * @example
 * ```ts
 * decodeIssuingDistributionPoint(der).onlyContainsCACerts
 * ```
 */
export function decodeIssuingDistributionPoint(value: Uint8Array, offsetBase = 0, lenient = false): IssuingDistributionPoint {
  return _decode(value, offsetBase, lenient, 'issuingDistributionPoint', (r) => {
    const at = r.pos;
    const s = r.enter(Tag.SEQUENCE, 'IssuingDistributionPoint');
    const distributionPoint = s.peekTag() === contextTag(0, true) ? _readDistributionPointName(s) : undefined;
    const onlyContainsUserCerts = s.readDefaultBoolean(false, contextTag(1), 'onlyContainsUserCerts');
    const onlyContainsCACerts = s.readDefaultBoolean(false, contextTag(2), 'onlyContainsCACerts');
    const onlySomeReasons = s.peekTag() === contextTag(3) ? _readReasons(s, contextTag(3)) : undefined;
    const indirectCRL = s.readDefaultBoolean(false, contextTag(4), 'indirectCRL');
    const onlyContainsAttributeCerts = s.readDefaultBoolean(false, contextTag(5), 'onlyContainsAttributeCerts');
    s.finish('IssuingDistributionPoint');
    const out: IssuingDistributionPoint = {
      ...(distributionPoint !== undefined ? { distributionPoint } : {}),
      onlyContainsUserCerts,
      onlyContainsCACerts,
      ...(onlySomeReasons !== undefined ? { onlySomeReasons } : {}),
      indirectCRL,
      onlyContainsAttributeCerts,
    };
    _checkIdp(out, at);
    return out;
  });
}

function _checkIdp(v: IssuingDistributionPoint, at?: number): void {
  const only = [v.onlyContainsUserCerts, v.onlyContainsCACerts, v.onlyContainsAttributeCerts].filter(Boolean).length;
  if (only > 1) _fail('invalid-issuing-distribution-point', 'at most one of onlyContainsUserCerts, onlyContainsCACerts and onlyContainsAttributeCerts may be TRUE (RFC 5280 §5.2.5)', at);
  if (v.distributionPoint === undefined && only === 0 && v.onlySomeReasons === undefined && !v.indirectCRL) {
    _fail('invalid-issuing-distribution-point', 'issuingDistributionPoint must not be an empty sequence (RFC 5280 §5.2.5)', at);
  }
}

/**
 * Encodes issuingDistributionPoint.
 * @throws ExtensionError `invalid-issuing-distribution-point`.
 * @example
 * ```ts
 * encodeIssuingDistributionPoint({ distributionPoint: { type: 'fullName', names: [uri('http://crl.example/ca.crl')] }, onlyContainsUserCerts: true })
 * ```
 */
export function encodeIssuingDistributionPoint(v: IssuingDistributionPointInit): Uint8Array {
  if (v === null || typeof v !== 'object') throw new TypeError('issuingDistributionPoint must be an object');
  const full: IssuingDistributionPoint = {
    ...v,
    onlyContainsUserCerts: v.onlyContainsUserCerts === true,
    onlyContainsCACerts: v.onlyContainsCACerts === true,
    indirectCRL: v.indirectCRL === true,
    onlyContainsAttributeCerts: v.onlyContainsAttributeCerts === true,
  };
  _checkIdp(full);
  return _encode((w) =>
    w.sequence((w) => {
      if (full.distributionPoint !== undefined) _writeDistributionPointName(w, full.distributionPoint);
      if (full.onlyContainsUserCerts) w.boolean(true, contextTag(1));
      if (full.onlyContainsCACerts) w.boolean(true, contextTag(2));
      if (full.onlySomeReasons !== undefined) _writeReasons(w, contextTag(3), full.onlySomeReasons);
      if (full.indirectCRL) w.boolean(true, contextTag(4));
      if (full.onlyContainsAttributeCerts) w.boolean(true, contextTag(5));
    }),
  );
}

/**
 * OpenSSL's text.
 * @example
 * ```ts
 * formatIssuingDistributionPoint(idp)
 * ```
 */
export function formatIssuingDistributionPoint(v: IssuingDistributionPoint): string[] {
  const out: string[] = [];
  if (v.distributionPoint !== undefined) out.push(..._formatDistributionPointName(v.distributionPoint));
  if (v.onlyContainsUserCerts) out.push('Only User Certificates');
  if (v.onlyContainsCACerts) out.push('Only CA Certificates');
  if (v.indirectCRL) out.push('Indirect CRL');
  if (v.onlySomeReasons !== undefined) out.push('Only Some Reasons:', `  ${_formatReasons(v.onlySomeReasons)}`);
  if (v.onlyContainsAttributeCerts) out.push('Only Attribute Certificates');
  return out;
}

/**
 * The issuingDistributionPoint codec (critical, §5.2.5).
 * @example
 * ```ts
 * issuingDistributionPointCodec.decode(ext.value, ext.valueOffset, false)
 * ```
 */
export const issuingDistributionPointCodec: ExtensionCodec<IssuingDistributionPoint> = {
  // EXTENSION.issuingDistributionPoint, written out so a parser bundles no OID table
  oid: '2.5.29.28',
  name: 'issuingDistributionPoint',
  title: 'X509v3 Issuing Distribution Point',
  defaultCritical: true,
  decode: decodeIssuingDistributionPoint,
};
