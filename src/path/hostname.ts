/**
 * Identity checks (RFC 6125 §6, RFC 9525 §6): does a certificate name this host, IP address or
 * email address?
 *
 * Scope: DNS names compared case-insensitively in A-label form against dNSName SANs, a wildcard
 * only as the entire leftmost label matching exactly one non-empty label; IP addresses (IPv4 and
 * IPv6, compared as octets) only against iPAddress SANs; email addresses against rfc822Name SANs
 * (local part exact, domain case-insensitive); DNS name syntax checks shared with name
 * constraints. The subject CN is never used unless the caller asks (`cnFallback`; RFC 9525 §6.3
 * and the CA/Browser Forum dropped it). Non-goals: IDNA conversion of U-labels (callers pass
 * A-labels), public suffix lists.
 * @module
 */
import { bytesEqual } from '../der/index';
import { parseIpAddress, type Certificate, type GeneralName } from './_x509';
import { _info } from './_cert-info';
import { getExtension, subjectAltNameCodec } from '../x509/index';

/** Options of {@link matchesHostname}. */
export interface HostnameOptions {
  /**
   * Fall back to the subject's commonName when the certificate has no dNSName/iPAddress SAN
   * (legacy RFC 2818 behaviour; off by default as RFC 9525 §6.3 requires).
   */
  cnFallback?: boolean;
}

const _LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Lower-cases A-Z only (RFC 4343 §3: DNS case-insensitivity is ASCII's). `toLowerCase` would
 * also fold non-ASCII characters into ASCII (KELVIN SIGN U+212A → `k`), making a host name that
 * is not in A-label form equal to a different ASCII name.
 */
export function _asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/**
 * Whether `name` is a syntactically valid DNS name in "preferred name syntax" (RFC 1034 §3.5 as
 * relaxed by RFC 1123 §2.1: labels of letters, digits and hyphens, 1-63 octets, not starting or
 * ending with a hyphen; 253 octets at most). With `wildcard`, the leftmost label may be exactly
 * `*` (RFC 6125 §6.4.3, RFC 9525 §6.3), followed by at least two labels.
 */
export function _isValidDnsName(name: string, wildcard = false): boolean {
  if (name.length === 0 || name.length > 253) return false;
  const labels = _asciiLower(name).split('.');
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (i === 0 && wildcard && l === '*') {
      // `*` alone or `*.com` would cover every name or a whole top-level domain.
      if (labels.length < 3) return false;
      continue;
    }
    if (!_LABEL.test(l)) return false;
  }
  return true;
}

/**
 * Whether a presented dNSName (from a SAN, possibly a wildcard) matches the reference DNS name
 * `host` (already lower-case, no trailing dot). RFC 6125 §6.4.1 label-by-label, case-insensitive;
 * §6.4.3 wildcard: only the whole leftmost label, matching one label (never zero, never more).
 */
export function _dnsMatches(presented: string, host: string): boolean {
  const p = _asciiLower(presented);
  if (p.startsWith('*.')) {
    if (!_isValidDnsName(p, true)) return false;
    const rest = p.slice(1); // ".example.com"
    if (!host.endsWith(rest)) return false;
    const first = host.slice(0, host.length - rest.length);
    return first.length > 0 && !first.includes('.');
  }
  if (!_isValidDnsName(p)) return false;
  return p === host;
}

/** Normalises a reference host name: lower case, one trailing dot removed; `undefined` when invalid. */
function _normalizeHost(host: string): string | undefined {
  let h = _asciiLower(host);
  if (h.endsWith('.')) h = h.slice(0, -1);
  // RFC 9525 §6.2: reference identifiers are A-labels; non-ASCII input is refused, not converted.
  if (!_isValidDnsName(h)) return undefined;
  // RFC 1123 §2.1: a host name never has the dotted-decimal form, its top-level label is not
  // numeric. A name whose last label is a number (`1.2.3.4.`, `010.0.0.1`, `0x7f.1`) is an IPv4
  // address to URL parsers and resolvers (WHATWG URL "ends in a number", inet_aton), so it must
  // not match a dNSName (RFC 9525 §6.2: an IP reference identity never matches a DNS-ID).
  const last = h.slice(h.lastIndexOf('.') + 1);
  if (/^(\d+|0x[0-9a-f]*)$/.test(last)) return undefined;
  return h;
}

function _parseIp(text: string): Uint8Array | undefined {
  // Only digits and dots (IPv4) or a colon (IPv6) can be an address: a DNS name skips the parser
  // (and the exception it throws, which costs more than the whole comparison).
  if (!text.includes(':') && !/^[0-9.]+$/.test(text)) return undefined;
  try {
    return parseIpAddress(text);
  } catch {
    return undefined;
  }
}

function _san(cert: Certificate): readonly GeneralName[] {
  return _info(cert).subjectAltName?.value ?? getExtension(cert, subjectAltNameCodec) ?? [];
}

/**
 * Whether the certificate is valid for the host name or IP address `host`.
 *
 * An IPv4 or IPv6 literal is compared only with iPAddress SANs, as octets (so `::1` and
 * `0:0::1` are the same address); anything else must be a valid DNS name in A-label form and is
 * compared with the dNSName SANs (RFC 6125 §6.4). A wildcard matches exactly one leftmost label:
 * `*.example.com` covers `app.example.com` but neither `example.com` nor `a.b.example.com`.
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
  const san = _san(cert);
  const ip = _parseIp(host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host);
  let hasSanId = false;
  if (ip !== undefined) {
    for (const n of san) {
      if (n.type !== 'ip') continue;
      hasSanId = true;
      if (bytesEqual(n.value, ip)) return true;
    }
    // RFC 6125 §6.2.1 / RFC 9525 §6.2: an IP reference identity never matches a DNS name or the CN.
    return false;
  }
  const h = _normalizeHost(host);
  if (h === undefined) return false;
  for (const n of san) {
    if (n.type === 'dns') {
      hasSanId = true;
      if (_dnsMatches(n.value, h)) return true;
    } else if (n.type === 'ip') hasSanId = true;
  }
  if (!hasSanId && options.cnFallback === true) {
    for (const cn of cert.subject.get('CN')) if (_dnsMatches(cn, h)) return true;
  }
  return false;
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
  const want = _splitEmail(address);
  if (want === undefined) return false;
  for (const n of _san(cert)) {
    if (n.type !== 'email') continue;
    const got = _splitEmail(n.value);
    if (got !== undefined && got.local === want.local && got.domain === want.domain) return true;
  }
  return false;
}

/** Splits a mailbox at its single `@`; the domain lower-cased. `undefined` when malformed. */
export function _splitEmail(s: string): { local: string; domain: string } | undefined {
  const at = s.lastIndexOf('@');
  if (at <= 0 || at === s.length - 1) return undefined;
  const local = s.slice(0, at);
  const domain = _asciiLower(s.slice(at + 1));
  // RFC 5321 §4.1.2 dot-atom local parts; a quoted local part may hold `@`, which certkit refuses.
  if (local.includes('@') || !/^[\x21-\x7e]+$/.test(local)) return undefined;
  if (!_isValidDnsName(domain)) return undefined;
  return { local, domain };
}
