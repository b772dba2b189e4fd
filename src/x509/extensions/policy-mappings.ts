/**
 * policyMappings (RFC 5280 §4.2.1.5): issuer-domain policies a CA considers equivalent to
 * subject-domain policies.
 *
 * Scope: decode, encode, format. Non-goals: applying mappings, and the anyPolicy mapping check
 * (path validation, §6.1.4 (a)).
 * @module
 */
import { Tag } from '../../der/index';
import { _decode, _encode, _readList, _writeList, type ExtensionCodec } from './_common';

/**
 * One mapping.
 * @example
 * ```ts
 * const m: PolicyMapping = { issuerDomainPolicy: '1.2.3', subjectDomainPolicy: '1.2.4' }
 * ```
 */
export interface PolicyMapping {
  readonly issuerDomainPolicy: string;
  readonly subjectDomainPolicy: string;
}

/**
 * The decoded policyMappings.
 * @example
 * ```ts
 * const pm: PolicyMappings = [{ issuerDomainPolicy: '1.2.3', subjectDomainPolicy: '1.2.4' }]
 * ```
 */
export type PolicyMappings = readonly PolicyMapping[];

/**
 * Decodes policyMappings.
 *
 * ```asn1
 * PolicyMappings ::= SEQUENCE SIZE (1..MAX) OF SEQUENCE {
 *      issuerDomainPolicy      CertPolicyId,
 *      subjectDomainPolicy     CertPolicyId }
 * ```
 * @throws ExtensionError `empty-sequence`; DerError.
 * @example
 * ```ts
 * decodePolicyMappings(der)[0]?.subjectDomainPolicy
 * ```
 */
export function decodePolicyMappings(value: Uint8Array, offsetBase = 0, lenient = false): PolicyMappings {
  return _decode(value, offsetBase, lenient, 'policyMappings', (r) => {
    return _readList(r, 'PolicyMappings', (s) => {
      const m = s.enter(Tag.SEQUENCE, 'PolicyMapping');
      const issuerDomainPolicy = m.readOid('issuerDomainPolicy');
      const subjectDomainPolicy = m.readOid('subjectDomainPolicy');
      m.finish('PolicyMapping');
      return { issuerDomainPolicy, subjectDomainPolicy };
    });
  });
}

/**
 * Encodes policyMappings.
 * @example
 * ```ts
 * encodePolicyMappings([{ issuerDomainPolicy: '1.2.3', subjectDomainPolicy: '1.2.4' }])
 * ```
 */
export function encodePolicyMappings(v: PolicyMappings): Uint8Array {
  return _encode((w) =>
    _writeList(w, v, 'PolicyMappings', (w, m) =>
      w.sequence((w) => {
        w.oid(m.issuerDomainPolicy);
        w.oid(m.subjectDomainPolicy);
      }),
    ),
  );
}

/**
 * OpenSSL's text: `1.2.3:1.2.4, ...`.
 * @example
 * ```ts
 * formatPolicyMappings([{ issuerDomainPolicy: '1.2.3', subjectDomainPolicy: '1.2.4' }]) // ['1.2.3:1.2.4']
 * ```
 */
export function formatPolicyMappings(v: PolicyMappings): string[] {
  return [v.map((m) => `${m.issuerDomainPolicy}:${m.subjectDomainPolicy}`).join(', ')];
}

/**
 * The policyMappings codec (SHOULD be critical, §4.2.1.5).
 * @example
 * ```ts
 * policyMappingsCodec.decode(ext.value, ext.valueOffset, false)
 * ```
 */
export const policyMappingsCodec: ExtensionCodec<PolicyMappings> = {
  // EXTENSION.policyMappings, written out so a parser bundles no OID table
  oid: '2.5.29.33',
  name: 'policyMappings',
  title: 'X509v3 Policy Mappings',
  defaultCritical: true,
  decode: decodePolicyMappings,
};
