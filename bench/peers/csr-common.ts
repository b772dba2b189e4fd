/**
 * What every CSR peer adapter returns or builds, so the CSR bench compares the same work.
 * @module
 */

/** What a parse + verify reads from a request. */
export interface CsrSummary {
  /** Whether the self-signature verifies. */
  ok: boolean;
  /** The subject commonName. */
  cn: string | undefined;
  /** The requested subjectAltName dNSNames. */
  dns: string[];
}

/** The request every library builds: subject C/O/CN, SAN dNSNames, EKU serverAuth, ECDSA P-256 / SHA-256. */
export interface CsrSpec {
  c: string;
  o: string;
  cn: string;
  dnsNames: string[];
}
