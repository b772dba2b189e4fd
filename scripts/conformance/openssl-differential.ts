/**
 * The documented exception classes of the OpenSSL differential property test
 * (`test/path-openssl-differential.test.ts`): chains certkit's `webpki` profile accepts while
 * `openssl verify -x509_strict -purpose sslserver -verify_hostname` rejects them, on purpose.
 * Each class matches OpenSSL's error text and the mutations applied to the chain, and says why
 * certkit's answer is the intended one. `scripts/conformance-report.ts` publishes the list in
 * `docs/conformance.md`; the test fails on any other chain certkit accepts and OpenSSL rejects.
 *
 * Measured: seed 15, 300 chains (the CI run: 11 chains in these classes) and seed 7, 2,000
 * chains (81): no other class. OpenSSL
 * 3.0 accepts GeneralizedTime before 2050 even with `-x509_strict`, so that rule of certkit's
 * `webpki` profile is on the stricter side, like the others counted as "certkit rejects,
 * OpenSSL accepts" (extKeyUsage required and non-critical in the leaf, a critical SAN beside a
 * subject, no extKeyUsage in a root, no CA as leaf, a SAN required).
 * @module
 */

/** One exception class. */
export interface DifferentialException {
  /** OpenSSL's error text, as `openssl verify` prints it. */
  readonly openssl: RegExp;
  /** The mutation names the chain must carry (at least one) for the class to apply. */
  readonly mutations: readonly string[];
  /** Why certkit accepts. */
  readonly reason: string;
}

/** The classes, by name. */
export const DIFFERENTIAL_EXCEPTIONS: Readonly<Record<string, DifferentialException>> = {
  'root-without-keyusage': {
    openssl: /CA cert does not include key usage extension/,
    mutations: ['root:no-key-usage'],
    reason:
      'A trust anchor is trusted out of band (rustls-webpki, browsers); six roots of the Debian/Mozilla store have no keyUsage, so the `webpki` profile does not require it on an anchor (see "Strictness decisions").',
  },
  'root-basic-constraints-not-critical': {
    openssl: /Basic Constraints of CA cert not marked critical/,
    mutations: ['root:bc-noncritical'],
    reason: 'Go Daddy Class 2, Starfield Class 2 and Chunghwa ePKI roots of the Mozilla store have a non-critical basicConstraints; `webpki` trusts an anchor as given (`rfc5280` refuses it).',
  },
  'root-without-ski': {
    openssl: /Missing Subject Key Identifier/,
    mutations: ['root:no-ski'],
    reason:
      'A trust anchor is trusted out of band, and nothing in path building needs its subjectKeyIdentifier (the AKI/SKI match is only a hint to order candidates); `webpki` does not require it on an anchor, as rustls-webpki. Intermediates without one are refused (RFC 5280 §4.2.1.2).',
  },
};
