/**
 * cRLDistributionPoints (RFC 5280 §4.2.1.13), and the DistributionPoint pieces shared with
 * freshestCRL (§4.2.1.15) and issuingDistributionPoint (§5.2.5).
 *
 * Scope: decode, encode, format. Non-goals: fetching CRLs, matching a CRL to a distribution
 * point (`src/path/revocation.ts`).
 * @module
 */
import { Tag, contextTag, type DerReader, type DerWriter } from '../../der/index';
import { parseGeneralNames, type GeneralName } from '../general-name';
import { writeGeneralNames } from '../general-name-build';
import { formatGeneralName } from '../general-name-format';
import { parseRdn, type Rdn } from '../name';
import { _decode, _encode, _fail, _readList, _writeList, type ExtensionCodec } from './_common';
import { _readNamedBits, _writeNamedBits } from './_named-bits';
import { nameFromAttributes, writeRdn } from '../name-build';
import { nameToOpenSslString } from '../name-format';

/**
 * ReasonFlags bit names, in bit order (RFC 5280 §4.2.1.13).
 * @example
 * ```ts
 * REASON_FLAGS[1] === 'keyCompromise'
 * ```
 */
export const REASON_FLAGS = ['unused', 'keyCompromise', 'cACompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'certificateHold', 'privilegeWithdrawn', 'aACompromise'] as const;

/**
 * One ReasonFlags bit name.
 * @example
 * ```ts
 * const r: ReasonFlag[] = ['keyCompromise', 'cACompromise']
 * ```
 */
export type ReasonFlag = (typeof REASON_FLAGS)[number];

/**
 * `DistributionPointName ::= CHOICE { fullName [0] GeneralNames, nameRelativeToCRLIssuer [1] RelativeDistinguishedName }`
 * @example
 * ```ts
 * const n: DistributionPointName = { type: 'fullName', names: [uri('http://crl.example/ca.crl')] }
 * ```
 */
export type DistributionPointName = { readonly type: 'fullName'; readonly names: readonly GeneralName[] } | { readonly type: 'nameRelativeToCRLIssuer'; readonly rdn: Rdn };

/**
 * One DistributionPoint.
 * @example
 * ```ts
 * const dp: DistributionPoint = { distributionPoint: { type: 'fullName', names: [uri('http://crl.example/ca.crl')] } }
 * ```
 */
export interface DistributionPoint {
  readonly distributionPoint?: DistributionPointName;
  readonly reasons?: readonly ReasonFlag[];
  readonly cRLIssuer?: readonly GeneralName[];
}

/**
 * The decoded cRLDistributionPoints (and freshestCRL).
 * @example
 * ```ts
 * const dps: CrlDistributionPoints = [{ cRLIssuer: [dn('CN=CRL Issuer')] }]
 * ```
 */
export type CrlDistributionPoints = readonly DistributionPoint[];

/** Reads a `[0] DistributionPointName` (EXPLICIT, since it is a CHOICE). */
export function _readDistributionPointName(r: DerReader): DistributionPointName {
  const c = r.enter(contextTag(0, true), 'distributionPoint');
  let out: DistributionPointName;
  if (c.peekTag() === contextTag(0, true)) out = { type: 'fullName', names: parseGeneralNames(c, { context: 'other' }, contextTag(0, true)) };
  else if (c.peekTag() === contextTag(1, true)) out = { type: 'nameRelativeToCRLIssuer', rdn: parseRdn(c, contextTag(1, true)) };
  else return _fail('invalid-extension', 'DistributionPointName must be fullName [0] or nameRelativeToCRLIssuer [1]', c.pos);
  c.finish('DistributionPointName');
  return out;
}

/** Writes a `[0] DistributionPointName`. */
export function _writeDistributionPointName(w: DerWriter, d: DistributionPointName): void {
  w.explicit(0, (w) => {
    if (d.type === 'fullName') writeGeneralNames(w, d.names, contextTag(0, true));
    else if (d.type === 'nameRelativeToCRLIssuer') writeRdn(w, d.rdn, contextTag(1, true));
    else throw new TypeError('DistributionPointName type must be fullName or nameRelativeToCRLIssuer');
  });
}

/** Reads ReasonFlags with an IMPLICIT tag. */
export function _readReasons(r: DerReader, tag: number): ReasonFlag[] {
  return _readNamedBits(r, tag, REASON_FLAGS, 'ReasonFlags');
}

/** Writes ReasonFlags with an IMPLICIT tag. */
export function _writeReasons(w: DerWriter, tag: number, reasons: readonly ReasonFlag[]): void {
  _writeNamedBits(w, tag, REASON_FLAGS, reasons, 'reason flag');
}

const _REASON_TITLES: Record<ReasonFlag, string> = {
  unused: 'Unused',
  keyCompromise: 'Key Compromise',
  cACompromise: 'CA Compromise',
  affiliationChanged: 'Affiliation Changed',
  superseded: 'Superseded',
  cessationOfOperation: 'Cessation Of Operation',
  certificateHold: 'Certificate Hold',
  privilegeWithdrawn: 'Privilege Withdrawn',
  aACompromise: 'AA Compromise',
};

/** OpenSSL's text of ReasonFlags: `Key Compromise, CA Compromise`. */
export function _formatReasons(reasons: readonly ReasonFlag[]): string {
  return reasons.map((x) => _REASON_TITLES[x]).join(', ');
}

/** OpenSSL's lines of a DistributionPointName (`Full Name:` then indented names). */
export function _formatDistributionPointName(d: DistributionPointName): string[] {
  if (d.type === 'fullName') return ['Full Name:', ...d.names.map((n) => `  ${formatGeneralName(n, 'print')}`)];
  return ['Relative Name:', `  ${nameToOpenSslString(nameFromAttributes([d.rdn]))}`];
}

/**
 * Decodes cRLDistributionPoints (freshestCRL has the same syntax).
 *
 * ```asn1
 * CRLDistributionPoints ::= SEQUENCE SIZE (1..MAX) OF DistributionPoint
 * DistributionPoint ::= SEQUENCE {
 *      distributionPoint       [0]     DistributionPointName OPTIONAL,
 *      reasons                 [1]     ReasonFlags OPTIONAL,
 *      cRLIssuer               [2]     GeneralNames OPTIONAL }
 * ```
 * @throws ExtensionError `empty-sequence`, `invalid-distribution-point` (§4.2.1.13: "either
 * distributionPoint or cRLIssuer MUST be present"); NameError, DerError.
 * @example
 * ```ts
 * decodeCrlDistributionPoints(der)[0]?.distributionPoint
 * ```
 */
export function decodeCrlDistributionPoints(value: Uint8Array, offsetBase = 0, lenient = false): CrlDistributionPoints {
  return _decode(value, offsetBase, lenient, 'cRLDistributionPoints', _readDistributionPoints);
}

/** Reads `CRLDistributionPoints` from a reader. */
export function _readDistributionPoints(r: DerReader): DistributionPoint[] {
  return _readList(r, 'CRLDistributionPoints', (s) => {
    const dpAt = s.pos;
    const d = s.enter(Tag.SEQUENCE, 'DistributionPoint');
    const dp: { distributionPoint?: DistributionPointName; reasons?: ReasonFlag[]; cRLIssuer?: GeneralName[] } = {};
    if (d.peekTag() === contextTag(0, true)) dp.distributionPoint = _readDistributionPointName(d);
    if (d.peekTag() === contextTag(1)) dp.reasons = _readReasons(d, contextTag(1));
    if (d.peekTag() === contextTag(2, true)) dp.cRLIssuer = parseGeneralNames(d, { context: 'other' }, contextTag(2, true));
    d.finish('DistributionPoint');
    if (dp.distributionPoint === undefined && dp.cRLIssuer === undefined) {
      _fail('invalid-distribution-point', 'a DistributionPoint needs distributionPoint or cRLIssuer (RFC 5280 §4.2.1.13)', dpAt);
    }
    return dp;
  });
}

/**
 * Encodes cRLDistributionPoints.
 * @throws ExtensionError `empty-sequence`, `invalid-distribution-point`.
 * @example
 * ```ts
 * encodeCrlDistributionPoints([{ distributionPoint: { type: 'fullName', names: [uri('http://crl.example/ca.crl')] } }])
 * ```
 */
export function encodeCrlDistributionPoints(v: CrlDistributionPoints): Uint8Array {
  return _encode((w) =>
    _writeList(w, v, 'CRLDistributionPoints', (w, dp) => {
      if (dp.distributionPoint === undefined && dp.cRLIssuer === undefined) {
        _fail('invalid-distribution-point', 'a DistributionPoint needs distributionPoint or cRLIssuer (RFC 5280 §4.2.1.13)');
      }
      w.sequence((w) => {
        if (dp.distributionPoint !== undefined) _writeDistributionPointName(w, dp.distributionPoint);
        if (dp.reasons !== undefined) _writeReasons(w, contextTag(1), dp.reasons);
        if (dp.cRLIssuer !== undefined) writeGeneralNames(w, dp.cRLIssuer, contextTag(2, true));
      });
    }),
  );
}

/**
 * OpenSSL's text (`Full Name:` / `  URI:...` / `Reasons:` / `CRL Issuer:`).
 * @example
 * ```ts
 * formatCrlDistributionPoints(dps).join('\n')
 * ```
 */
export function formatCrlDistributionPoints(v: CrlDistributionPoints): string[] {
  const out: string[] = [];
  for (const dp of v) {
    if (dp.distributionPoint !== undefined) out.push(..._formatDistributionPointName(dp.distributionPoint));
    if (dp.reasons !== undefined) out.push('Reasons:', `  ${_formatReasons(dp.reasons)}`);
    if (dp.cRLIssuer !== undefined) out.push('CRL Issuer:', ...dp.cRLIssuer.map((n) => `  ${formatGeneralName(n, 'print')}`));
  }
  return out;
}

/**
 * The cRLDistributionPoints codec.
 * @example
 * ```ts
 * crlDistributionPointsCodec.decode(ext.value, ext.valueOffset, false)
 * ```
 */
export const crlDistributionPointsCodec: ExtensionCodec<CrlDistributionPoints> = {
  // EXTENSION.cRLDistributionPoints, written out so a parser bundles no OID table
  oid: '2.5.29.31',
  name: 'cRLDistributionPoints',
  title: 'X509v3 CRL Distribution Points',
  defaultCritical: false,
  decode: decodeCrlDistributionPoints,
};
