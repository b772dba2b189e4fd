/**
 * Identity checks on a certificate (RFC 9525 §6): does it name this host, IP address or email
 * address?
 *
 * Scope: the certificate-level entry points only. The rules themselves (DNS name syntax,
 * wildcards, IP literals, mailboxes, reference host names) are x509's identity module
 * (`src/x509/identity.ts`), which the CSR linter uses too; this file hands it the certificate's
 * decoded subjectAltName (and, on request, its subject CNs). Non-goals: any rule of its own.
 * @module
 */
import { generalNamesMatchEmail, generalNamesMatchHost, type Certificate, type GeneralName } from './_x509';
import { _info } from './_cert-info';

/** Options of {@link matchesHostname}. */
export interface HostnameOptions {
  /**
   * Fall back to the subject's commonName when the certificate has no dNSName/iPAddress SAN
   * (legacy RFC 2818 behaviour; off by default as RFC 9525 §6.3 requires).
   */
  cnFallback?: boolean;
}

function _san(cert: Certificate): readonly GeneralName[] {
  return _info(cert).subjectAltName?.value ?? [];
}

/**
 * Whether the certificate is valid for the host name or IP address `host`.
 *
 * An IPv4 or IPv6 literal (bracketed or not) is compared only with iPAddress SANs, as octets (so
 * `::1` and `0:0::1` are the same address); anything else must be a valid DNS name in A-label
 * form, without a trailing dot, and is compared with the dNSName SANs (RFC 9525 §6.3). A
 * wildcard matches exactly one leftmost label: `*.example.com` covers `app.example.com` but
 * neither `example.com` nor `a.b.example.com`. An absolute name (`www.example.com.`) matches
 * nothing: strip the root dot first (see `docs/conformance.md`, "Reference host names").
 *
 * @throws TypeError when `host` is not a string.
 * @example
 * ```ts
 * matchesHostname(cert, 'app.samplename.com')  // true for a *.samplename.com certificate
 * matchesHostname(cert, '192.0.2.1')           // true only with that iPAddress SAN
 * ```
 */
export function matchesHostname(cert: Certificate, host: string, options: HostnameOptions = {}): boolean {
  if (typeof host !== 'string') throw new TypeError('matchesHostname expects the host name as a string');
  return generalNamesMatchHost(_san(cert), host, options.cnFallback === true ? cert.subject.get('CN') : undefined);
}

/**
 * Whether the certificate names the email address `address` in an rfc822Name SAN (RFC 5280
 * §4.2.1.6; RFC 8398 for internationalized local parts is not covered): the local part is
 * compared exactly, the domain case-insensitively.
 * @throws TypeError when `address` is not a string.
 * @example
 * ```ts
 * matchesEmail(cert, 'alice@Example.com') // true for a SAN rfc822Name alice@example.com
 * ```
 */
export function matchesEmail(cert: Certificate, address: string): boolean {
  if (typeof address !== 'string') throw new TypeError('matchesEmail expects the address as a string');
  return generalNamesMatchEmail(_san(cert), address);
}
