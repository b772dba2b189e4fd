/**
 * Object identifiers of certificate policies.
 *
 * Scope: `anyPolicy` (RFC 5280 §4.2.1.4) and the policy identifiers the CA/Browser Forum
 * reserves for TLS (Baseline Requirements §7.1.6.1, EV Guidelines), code signing
 * (Code Signing Baseline Requirements §7.1.6.1) and S/MIME (S/MIME Baseline Requirements
 * §7.1.6.1) certificates, under `2.23.140.1`.
 * Non-goals: policy processing (see `src/path/policy.ts`).
 * @module
 */

/**
 * Certificate policy identifiers.
 *
 * Keys of the CA/Browser Forum policies start with `cabf` so that their registry names do not
 * collide with key purposes of the same meaning (`codeSigning`, `timeStamping`).
 *
 * @example
 * ```ts
 * import { CERTIFICATE_POLICY } from 'certkit/oid';
 * policies.includes(CERTIFICATE_POLICY.cabfDomainValidated);
 * ```
 */
export const CERTIFICATE_POLICY = {
  // RFC 5280 §4.2.1.4: anyPolicy = { id-ce-certificatePolicies 0 }
  anyPolicy: '2.5.29.32.0',
  // CA/B EV Guidelines (EV policy identifier): { ca-browser-forum(140) certificate-policies(1) ev-guidelines(1) }
  cabfExtendedValidation: '2.23.140.1.1',
  // CA/B Baseline Requirements §7.1.6.1: baseline-requirements(2) {domain,organization,individual}-validated
  cabfDomainValidated: '2.23.140.1.2.1',
  cabfOrganizationValidated: '2.23.140.1.2.2',
  cabfIndividualValidated: '2.23.140.1.2.3',
  // CA/B Code Signing BRs §7.1.6.1: ev-code-signing(3), code-signing-requirements(4) {code-signing(1), timestamping(2)}
  cabfEvCodeSigning: '2.23.140.1.3',
  cabfCodeSigning: '2.23.140.1.4.1',
  cabfTimestamping: '2.23.140.1.4.2',
  // CA/B S/MIME BRs §7.1.6.1: smime-baseline(5) {mailbox(1), organization(2), sponsor(3),
  // individual(4)}-validated {legacy(1), multipurpose(2), strict(3)}
  cabfSmimeMailboxLegacy: '2.23.140.1.5.1.1',
  cabfSmimeMailboxMultipurpose: '2.23.140.1.5.1.2',
  cabfSmimeMailboxStrict: '2.23.140.1.5.1.3',
  cabfSmimeOrganizationLegacy: '2.23.140.1.5.2.1',
  cabfSmimeOrganizationMultipurpose: '2.23.140.1.5.2.2',
  cabfSmimeOrganizationStrict: '2.23.140.1.5.2.3',
  cabfSmimeSponsorLegacy: '2.23.140.1.5.3.1',
  cabfSmimeSponsorMultipurpose: '2.23.140.1.5.3.2',
  cabfSmimeSponsorStrict: '2.23.140.1.5.3.3',
  cabfSmimeIndividualLegacy: '2.23.140.1.5.4.1',
  cabfSmimeIndividualMultipurpose: '2.23.140.1.5.4.2',
  cabfSmimeIndividualStrict: '2.23.140.1.5.4.3',
} as const;

/** Any dotted OID in {@link CERTIFICATE_POLICY}. */
export type CertificatePolicyOid = (typeof CERTIFICATE_POLICY)[keyof typeof CERTIFICATE_POLICY];
