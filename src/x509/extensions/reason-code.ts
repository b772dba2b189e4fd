/**
 * reasonCode (RFC 5280 §5.3.1): why a certificate was revoked (CRL entry extension).
 *
 * Scope: decode, encode, format. Non-goals: revocation decisions.
 * @module
 */
import { Tag } from '../../der/index';
import { _decode, _encode, _fail, type ExtensionCodec } from './_common';

/**
 * CRLReason values by name (RFC 5280 §5.3.1; 7 is not used).
 * @example
 * ```ts
 * CRL_REASON.removeFromCRL === 8
 * ```
 */
export const CRL_REASON = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  removeFromCRL: 8,
  privilegeWithdrawn: 9,
  aACompromise: 10,
} as const;

/**
 * One CRLReason name.
 * @example
 * ```ts
 * const r: CrlReason = 'keyCompromise'
 * ```
 */
export type CrlReason = keyof typeof CRL_REASON;

const _TITLES: Record<CrlReason, string> = {
  unspecified: 'Unspecified',
  keyCompromise: 'Key Compromise',
  cACompromise: 'CA Compromise',
  affiliationChanged: 'Affiliation Changed',
  superseded: 'Superseded',
  cessationOfOperation: 'Cessation Of Operation',
  certificateHold: 'Certificate Hold',
  removeFromCRL: 'Remove From CRL',
  privilegeWithdrawn: 'Privilege Withdrawn',
  aACompromise: 'AA Compromise',
};

/**
 * Decodes reasonCode: `CRLReason ::= ENUMERATED { unspecified (0), ..., certificateHold (6),
 * -- value 7 is not used
 * removeFromCRL (8), privilegeWithdrawn (9), aACompromise (10) }`.
 * @throws ExtensionError `invalid-reason-code` for 7 or a value above 10; DerError.
 * @example
 * ```ts
 * decodeReasonCode(Uint8Array.of(0x0a, 1, 1)) // 'keyCompromise'
 * ```
 */
export function decodeReasonCode(value: Uint8Array, offsetBase = 0, lenient = false): CrlReason {
  return _decode(value, offsetBase, lenient, 'reasonCode', (r) => {
    const at = r.pos;
    const n = r.readEnumerated(Tag.ENUMERATED, 'CRLReason');
    const name = (Object.keys(CRL_REASON) as CrlReason[]).find((k) => CRL_REASON[k] === n);
    if (name === undefined) _fail('invalid-reason-code', `CRLReason ${n} is not defined (RFC 5280 §5.3.1: 0-6, 8-10)`, at);
    return name;
  });
}

/**
 * Encodes reasonCode.
 * @throws RangeError for an unknown name.
 * @example
 * ```ts
 * encodeReasonCode('keyCompromise')
 * ```
 */
export function encodeReasonCode(v: CrlReason): Uint8Array {
  const n = CRL_REASON[v];
  if (n === undefined) throw new RangeError(`unknown CRL reason '${String(v)}'`);
  return _encode((w) => w.enumerated(n));
}

/**
 * OpenSSL's text: `Key Compromise`.
 * @example
 * ```ts
 * formatReasonCode('certificateHold') // ['Certificate Hold']
 * ```
 */
export function formatReasonCode(v: CrlReason): string[] {
  return [_TITLES[v]];
}

/**
 * The reasonCode codec (non-critical, §5.3.1).
 * @example
 * ```ts
 * reasonCodeCodec.decode(ext.value, ext.valueOffset, false)
 * ```
 */
export const reasonCodeCodec: ExtensionCodec<CrlReason> = {
  // EXTENSION.reasonCode, written out so a parser bundles no OID table
  oid: '2.5.29.21',
  name: 'reasonCode',
  title: 'X509v3 CRL Reason Code',
  defaultCritical: false,
  decode: decodeReasonCode,
};
