/**
 * policyConstraints (RFC 5280 §4.2.1.11): when explicit policies become required and when
 * policy mapping stops.
 *
 * Scope: decode, encode, format. Non-goals: policy processing.
 * @module
 */
import { contextTag } from '../../der/index';
import { _checkCount, _decode, _encode, _fail, _readSomeOf, type ExtensionCodec } from './_common';

/**
 * The decoded policyConstraints.
 * @example
 * ```ts
 * const pc: PolicyConstraints = { requireExplicitPolicy: 0 }
 * ```
 */
export interface PolicyConstraints {
  readonly requireExplicitPolicy?: number;
  readonly inhibitPolicyMapping?: number;
}

/**
 * Decodes policyConstraints.
 *
 * ```asn1
 * PolicyConstraints ::= SEQUENCE {
 *      requireExplicitPolicy           [0] SkipCerts OPTIONAL,
 *      inhibitPolicyMapping            [1] SkipCerts OPTIONAL }
 * SkipCerts ::= INTEGER (0..MAX)
 * ```
 * @throws ExtensionError `empty-policy-constraints` (§4.2.1.11: "MUST NOT issue certificates
 * where policy constraints is an empty sequence"); DerError.
 * @example
 * ```ts
 * decodePolicyConstraints(der).requireExplicitPolicy
 * ```
 */
export function decodePolicyConstraints(value: Uint8Array, offsetBase = 0, lenient = false): PolicyConstraints {
  return _decode(value, offsetBase, lenient, 'policyConstraints', (r) => {
    return _readSomeOf(
      r,
      'PolicyConstraints',
      (s) => {
        const out: { requireExplicitPolicy?: number; inhibitPolicyMapping?: number } = {};
        if (s.peekTag() === contextTag(0)) out.requireExplicitPolicy = s.readSmallInteger(contextTag(0), 'requireExplicitPolicy');
        if (s.peekTag() === contextTag(1)) out.inhibitPolicyMapping = s.readSmallInteger(contextTag(1), 'inhibitPolicyMapping');
        return out;
      },
      'empty-policy-constraints',
      'policyConstraints must not be an empty sequence (RFC 5280 §4.2.1.11)',
    );
  });
}

/**
 * Encodes policyConstraints.
 * @throws ExtensionError `empty-policy-constraints`.
 * @example
 * ```ts
 * encodePolicyConstraints({ requireExplicitPolicy: 0 })
 * ```
 */
export function encodePolicyConstraints(v: PolicyConstraints): Uint8Array {
  if (v === null || typeof v !== 'object') throw new TypeError('policyConstraints must be an object');
  if (v.requireExplicitPolicy === undefined && v.inhibitPolicyMapping === undefined) {
    _fail('empty-policy-constraints', 'give requireExplicitPolicy or inhibitPolicyMapping (RFC 5280 §4.2.1.11)');
  }
  return _encode((w) =>
    w.sequence((w) => {
      if (v.requireExplicitPolicy !== undefined) w.integer(_checkCount(v.requireExplicitPolicy, 'requireExplicitPolicy'), contextTag(0));
      if (v.inhibitPolicyMapping !== undefined) w.integer(_checkCount(v.inhibitPolicyMapping, 'inhibitPolicyMapping'), contextTag(1));
    }),
  );
}

/**
 * OpenSSL's text: `Require Explicit Policy:2, Inhibit Policy Mapping:1`.
 * @example
 * ```ts
 * formatPolicyConstraints({ requireExplicitPolicy: 0 }) // ['Require Explicit Policy:0']
 * ```
 */
export function formatPolicyConstraints(v: PolicyConstraints): string[] {
  const parts: string[] = [];
  if (v.requireExplicitPolicy !== undefined) parts.push(`Require Explicit Policy:${v.requireExplicitPolicy}`);
  if (v.inhibitPolicyMapping !== undefined) parts.push(`Inhibit Policy Mapping:${v.inhibitPolicyMapping}`);
  return [parts.join(', ')];
}

/**
 * The policyConstraints codec (MUST be critical, §4.2.1.11).
 * @example
 * ```ts
 * policyConstraintsCodec.decode(ext.value, ext.valueOffset, false)
 * ```
 */
export const policyConstraintsCodec: ExtensionCodec<PolicyConstraints> = {
  // EXTENSION.policyConstraints, written out so a parser bundles no OID table
  oid: '2.5.29.36',
  name: 'policyConstraints',
  title: 'X509v3 Policy Constraints',
  defaultCritical: true,
  decode: decodePolicyConstraints,
};
