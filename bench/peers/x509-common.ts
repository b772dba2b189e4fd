/**
 * What every X.509 peer adapter of `bench/x509.bench.ts` produces, so results can be compared
 * before timing: the fields the "read a root store" task asks for.
 * @module
 */

/** The fields read from each certificate. */
export interface CertSummary {
  /** Last subject commonName, or undefined. */
  cn: string | undefined;
  /** The issuer name as the library's own string form (or its parsed object when it has none). */
  issuer: unknown;
  /** notAfter as milliseconds since the epoch. */
  notAfter: number;
  /** dNSName entries of subjectAltName, in order. */
  dns: string[];
}

/** What the "build a leaf" task gives every peer: names, validity, and the DNS names to put in. */
export interface LeafSpec {
  subjectCn: string;
  subjectO: string;
  issuerCn: string;
  dnsNames: string[];
  notBefore: Date;
  notAfter: Date;
  /** Positive serial as hex (16 octets). */
  serialHex: string;
}
