/**
 * Identity rules, in one place for the CSR/certificate linter (`certkit/csr`) and chain
 * validation (`certkit/path`): the syntax of the names a certificate carries and the matching of
 * a reference identity (a host name, an IP address, a mailbox) against them.
 *
 * - DNS names: one label scanner ({@link checkDnsName} for the linter's findings,
 *   {@link isValidDnsName} for the RFC 5280 §4.2.1.6 "preferred name syntax" that validation and
 *   name constraints require: RFC 1034 §3.5 as relaxed by RFC 1123 §2.1); IDNA A-labels
 *   (RFC 5890 §2.3.2.1, Punycode RFC 3492) and R-LDH labels (RFC 5891 §4.2.3.1) are checked by
 *   the linter; wildcards as the CA/Browser Forum and RFC 9525 §6.3 restrict them.
 * - Reference identities (RFC 9525 §6): {@link normalizeReferenceHost},
 *   {@link dnsNameMatches}, {@link generalNamesMatchHost}, {@link generalNamesMatchEmail};
 *   an IP reference matches iPAddress names only, as octets.
 * - Mailboxes (RFC 5321 §4.1.2, which RFC 5280 §4.2.1.6 uses for rfc822Name):
 *   {@link splitMailbox} and {@link checkEmailAddress} share one local-part and one domain rule.
 * - Issuance hints for the linter live in `identity-hints.ts`: a small public suffix list, internal
 *   names and reserved IP ranges (CA/B BR §1.6.1).
 *
 * Non-goals: IDNA2008 mapping of U-labels (certkit reports or refuses a U-label; it does not
 * convert it), the full PSL, SmtpUTF8Mailbox (RFC 8398).
 * @module
 */
import { bytesEqual } from '../der/index';
import { parseIpAddress, type GeneralName } from './general-name';
import { isPublicSuffix, looksLikeIpAddress } from './identity-hints';

/** A problem with one name: a lint finding code and a sentence about it. */
export interface NameProblem {
  /** Finding code (see `certkit/csr`'s `LintCode`). */
  code: string;
  /** What is wrong, for a person. */
  message: string;
}

// ---------------------------------------------------------------------------------------------
// Case

/**
 * Lower-cases A-Z only (RFC 4343 §3: DNS case-insensitivity is ASCII's). `toLowerCase` would
 * also fold non-ASCII characters into ASCII (KELVIN SIGN U+212A → `k`), making a host name that
 * is not in A-label form equal to a different ASCII name.
 * @example
 * ```ts
 * asciiLower('WWW.Example.COM') // 'www.example.com'
 * asciiLower('\u212Aey')        // '\u212Aey' (unchanged)
 * ```
 */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

// ---------------------------------------------------------------------------------------------
// DNS labels: one scanner for the linter and for validation

const L_EMPTY = 1;
const L_LONG = 2; // > 63 octets, RFC 1035 §2.3.4
const L_NON_ASCII = 4; // a U-label (or worse)
const L_UNDERSCORE = 8;
const L_BAD_CHAR = 16; // ASCII other than letters, digits, '-', '_' and '*'
const L_HYPHEN_EDGE = 32; // RFC 1123 §2.1: no leading or trailing hyphen
const L_RLDH = 64; // '--' in positions 3-4 without 'xn' (RFC 5891 §4.2.3.1)
const L_XN = 128; // an 'xn--' label: an A-label candidate
const L_STAR = 256; // holds '*'

/** What is wrong with (or special about) one label; bits above. */
function _labelFlags(label: string): number {
  const len = label.length;
  if (len === 0) return L_EMPTY;
  let f = len > 63 ? L_LONG : 0;
  for (let i = 0; i < len; i++) {
    const c = label.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || c === 0x2d) continue;
    if (c >= 0x80) f |= L_NON_ASCII;
    else if (c === 0x5f) f |= L_UNDERSCORE;
    else if (c === 0x2a) f |= L_STAR;
    else f |= L_BAD_CHAR;
  }
  if (label.charCodeAt(0) === 0x2d || label.charCodeAt(len - 1) === 0x2d) f |= L_HYPHEN_EDGE;
  if (len >= 4 && label.charCodeAt(2) === 0x2d && label.charCodeAt(3) === 0x2d) {
    f |= asciiLower(label.slice(0, 2)) === 'xn' ? L_XN : L_RLDH;
  }
  return f;
}

/** Bits that take a label out of RFC 1034 §3.5 / RFC 1123 §2.1 preferred name syntax. */
const _NOT_LDH = L_EMPTY | L_LONG | L_NON_ASCII | L_UNDERSCORE | L_BAD_CHAR | L_HYPHEN_EDGE | L_STAR;

/**
 * Whether `name` is a DNS name in "preferred name syntax", as RFC 5280 §4.2.1.6 requires of a
 * dNSName (RFC 1034 §3.5 as relaxed by RFC 1123 §2.1): labels of ASCII letters, digits and
 * hyphens, 1-63 octets, not starting or ending with a hyphen; 253 octets at most; no root dot.
 * With `allowWildcard`, the leftmost label may be exactly `*` (RFC 9525 §6.3) followed by at
 * least two labels (`*` alone or `*.com` would cover every name or a whole top-level domain).
 *
 * This is the rule validation applies (SANs, name constraints, reference names). The linter's
 * {@link checkDnsName} reports the same syntax errors and more (A-labels, R-LDH labels, numeric
 * TLDs, public-suffix wildcards): those are issuance rules, not syntax.
 * @example
 * ```ts
 * isValidDnsName('www.example.com')        // true
 * isValidDnsName('www.example.com.')       // false (root dot)
 * isValidDnsName('*.example.com', true)    // true
 * isValidDnsName('*.com', true)            // false
 * ```
 */
export function isValidDnsName(name: string, allowWildcard = false): boolean {
  if (name.length === 0 || name.length > 253) return false;
  let start = 0;
  let index = 0;
  for (;;) {
    const dot = name.indexOf('.', start);
    const label = dot < 0 ? name.slice(start) : name.slice(start, dot);
    if (index === 0 && allowWildcard && label === '*') {
      // At least two more labels: count the dots left.
      if (dot < 0 || name.indexOf('.', dot + 1) < 0) return false;
    } else if ((_labelFlags(label) & _NOT_LDH) !== 0) return false;
    if (dot < 0) return true;
    start = dot + 1;
    index++;
  }
}

/**
 * Decodes a Punycode string (RFC 3492 §6.2), or returns `undefined` when it is not valid
 * Punycode. Used to check that an `xn--` label is a real A-label.
 */
function _punycodeDecode(input: string): string | undefined {
  const base = 36,
    tMin = 1,
    tMax = 26,
    skew = 38,
    damp = 700;
  let n = 128,
    i = 0,
    bias = 72;
  const b = input.lastIndexOf('-');
  const out: number[] = [];
  for (let j = 0; j < Math.max(b, 0); j++) {
    const c = input.charCodeAt(j);
    if (c >= 0x80) return undefined;
    out.push(c);
  }
  const adapt = (delta: number, numPoints: number, first: boolean): number => {
    delta = first ? Math.floor(delta / damp) : delta >> 1;
    delta += Math.floor(delta / numPoints);
    let k = 0;
    while (delta > ((base - tMin) * tMax) >> 1) {
      delta = Math.floor(delta / (base - tMin));
      k += base;
    }
    return k + Math.floor(((base - tMin + 1) * delta) / (delta + skew));
  };
  for (let p = b > 0 ? b + 1 : 0; p < input.length;) {
    const oldi = i;
    let w = 1;
    for (let k = base; ; k += base) {
      if (p >= input.length) return undefined;
      const c = input.charCodeAt(p++);
      const digit = c >= 0x30 && c <= 0x39 ? c - 22 : c >= 0x41 && c <= 0x5a ? c - 0x41 : c >= 0x61 && c <= 0x7a ? c - 0x61 : base;
      if (digit >= base) return undefined;
      i += digit * w;
      if (i > 0x10ffff * (out.length + 1)) return undefined;
      const t = k <= bias ? tMin : k >= bias + tMax ? tMax : k - bias;
      if (digit < t) break;
      w *= base - t;
    }
    bias = adapt(i - oldi, out.length + 1, oldi === 0);
    n += Math.floor(i / (out.length + 1));
    i %= out.length + 1;
    if (n > 0x10ffff) return undefined;
    out.splice(i, 0, n);
    i++;
  }
  return String.fromCodePoint(...out);
}

/** Whether an `xn--` label decodes (RFC 3492) to text with at least one non-ASCII character. */
function _isALabel(label: string): boolean {
  const decoded = _punycodeDecode(label.slice(4).toLowerCase());
  // eslint-disable-next-line no-control-regex -- 'not ASCII' is the range NUL..DEL negated
  return decoded !== undefined && decoded.length > 0 && /[^\x00-\x7f]/.test(decoded);
}

/**
 * Syntax problems of a DNS name as a TLS certificate carries it (dNSName SAN or CN):
 * - `hostname-empty` / `hostname-empty-label` / `hostname-trailing-dot`: RFC 1034 §3.5 labels,
 *   and the CA/B requirement of a fully-qualified name without the root dot;
 * - `hostname-too-long` (> 253 octets) / `hostname-label-too-long` (> 63), RFC 1035 §2.3.4;
 * - `hostname-underscore` (CA/B ballot SC-12: no underscores since 2019),
 *   `hostname-invalid-character` (letters, digits and hyphens only), `hostname-invalid-hyphen`
 *   (no leading or trailing hyphen, RFC 1123 §2.1; no `--` in positions 3-4 except `xn--`,
 *   RFC 5891 §4.2.3.1), `hostname-numeric-tld` (RFC 3696 §2);
 * - `idn-not-a-label`: non-ASCII characters (a U-label; certificates carry A-labels, RFC 5280
 *   §7.2), `idn-invalid-a-label`: an `xn--` label that is not valid Punycode of non-ASCII text;
 * - `ip-in-dns-name`: an IP address written as a DNS name;
 * - wildcards: `wildcard-partial-label` (`w*.example.com`), `wildcard-not-leftmost`
 *   (`www.*.example.com`), `wildcard-multiple`, `wildcard-public-suffix` (`*.com`, `*.co.uk`).
 *
 * A name with none of these problems (other than a permitted wildcard) also passes
 * {@link isValidDnsName}: both read labels with the same scanner.
 * @example
 * ```ts
 * checkDnsName('w*.example.com').map((p) => p.code) // ['wildcard-partial-label']
 * ```
 */
export function checkDnsName(name: string): NameProblem[] {
  const out: NameProblem[] = [];
  const add = (code: string, message: string): void => {
    if (!out.some((p) => p.code === code)) out.push({ code, message });
  };
  if (name.length === 0) return [{ code: 'hostname-empty', message: 'the DNS name is empty' }];
  if (looksLikeIpAddress(name)) {
    return [{ code: 'ip-in-dns-name', message: `'${name}' is an IP address written as a DNS name; put it in an iPAddress subjectAltName (CA/B BR §7.1.2.7.12)` }];
  }
  let n = name;
  if (n.endsWith('.')) {
    add('hostname-trailing-dot', `'${name}' ends with a dot; certificates carry names without the root label (RFC 5280 §4.2.1.6, RFC 1034 §3.1)`);
    n = n.slice(0, -1);
  }
  if (new TextEncoder().encode(n).length > 253) add('hostname-too-long', `'${name.slice(0, 40)}...' is longer than 253 octets (RFC 1035 §2.3.4)`);
  const labels = n.split('.');
  const stars = (n.match(/\*/g) ?? []).length;
  if (stars > 1) add('wildcard-multiple', `'${name}' has ${stars} wildcards; at most one, as the whole leftmost label (CA/B BR §7.1.2.7.12, RFC 6125 §6.4.3)`);
  labels.forEach((label, i) => {
    const f = _labelFlags(label);
    if (f & L_EMPTY) {
      add('hostname-empty-label', `'${name}' has an empty label (RFC 1034 §3.5)`);
      return;
    }
    if (f & L_STAR) {
      if (i > 0) add('wildcard-not-leftmost', `'${name}': a wildcard may only be the leftmost label (CA/B BR §7.1.2.7.12, RFC 6125 §6.4.3)`);
      else if (label !== '*') add('wildcard-partial-label', `'${name}': the wildcard must be the whole leftmost label ('*.example.com'), not part of it ('${label}')`);
      return;
    }
    if (f & L_LONG) add('hostname-label-too-long', `'${name}' has a label of ${label.length} octets; at most 63 (RFC 1035 §2.3.4)`);
    if (f & L_NON_ASCII) {
      add('idn-not-a-label', `'${name}' holds non-ASCII characters (a U-label); certificates carry the A-label form ('xn--...', RFC 5280 §7.2, RFC 5890)`);
      return;
    }
    if (f & L_UNDERSCORE) add('hostname-underscore', `'${name}' contains an underscore, which hostnames do not allow (RFC 1123 §2.1; CA/B ballot SC-12)`);
    if (f & L_BAD_CHAR) add('hostname-invalid-character', `'${name}' has characters other than letters, digits and hyphens in '${label}' (RFC 1034 §3.5)`);
    if (f & L_HYPHEN_EDGE) add('hostname-invalid-hyphen', `'${name}': label '${label}' starts or ends with a hyphen (RFC 1123 §2.1)`);
    if (f & L_RLDH) {
      add('hostname-invalid-hyphen', `'${name}': label '${label}' has '--' in positions 3-4, reserved for IDNA A-labels (RFC 5891 §4.2.3.1)`);
    } else if (f & L_XN && !_isALabel(label)) {
      add('idn-invalid-a-label', `'${name}': '${label}' is not a valid A-label (its Punycode does not decode to non-ASCII text, RFC 5890 §2.3.2.1)`);
    }
  });
  const last = labels[labels.length - 1];
  if (labels.length > 1 && last !== undefined && /^[0-9]+$/.test(last)) add('hostname-numeric-tld', `'${name}' ends in an all-numeric label, which no top-level domain is (RFC 3696 §2)`);
  if (stars === 1 && labels[0] === '*') {
    const rest = labels.slice(1).join('.');
    if (rest.length === 0 || isPublicSuffix(rest)) {
      add('wildcard-public-suffix', `'${name}' is a wildcard directly under the public suffix '${rest || '.'}': it would cover every registrant's names (CA/B BR §3.2.2.6)`);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reference identities (RFC 9525 §6)

/**
 * The reference host name in the form it is compared in (ASCII lower case), or `undefined` when
 * it is not a host name certkit will match: not in preferred name syntax (RFC 1034 §3.5,
 * RFC 1123 §2.1; a U-label is refused, not converted: RFC 9525 §6.2 compares A-labels), or
 * ending in a numeric or hex label (RFC 1123 §2.1: a host name's top-level label is not numeric;
 * `1.2.3.4.`, `010.0.0.1` and `0x7f.1` are IPv4 addresses to URL parsers and resolvers, and
 * RFC 9525 §6.2 never matches an IP reference identity against a DNS-ID).
 *
 * An absolute name with a trailing dot (`www.example.com.`) is refused, not normalised. A
 * presented DNS-ID never has the root dot (RFC 5280 §4.2.1.6 preferred name syntax, which has no
 * empty label), and the name a TLS client sends and compares is the one in server_name, which
 * RFC 6066 §3 defines "without a trailing dot". Stripping it here would make the validator the
 * place that decides what an absolute name means (RFC 1034 §3.1: `example.com.` and a relative
 * `example.com` are different names until a resolver's search list is applied), and would disagree
 * with OpenSSL (mismatch) and pyca/cryptography (refused). A caller that accepts absolute names
 * from its user strips the dot before asking, and must send the same form as SNI.
 * @example
 * ```ts
 * normalizeReferenceHost('WWW.Example.com')  // 'www.example.com'
 * normalizeReferenceHost('www.example.com.') // undefined
 * normalizeReferenceHost('1.2.3.4.')         // undefined
 * ```
 */
export function normalizeReferenceHost(host: string): string | undefined {
  const h = asciiLower(host);
  // An absolute name ends in an empty (root) label, which preferred name syntax refuses: the
  // trailing dot is refused here, not removed (see above; issue 15, docs/conformance.md).
  if (!isValidDnsName(h)) return undefined;
  const last = h.slice(h.lastIndexOf('.') + 1);
  if (/^(\d+|0x[0-9a-f]*)$/.test(last)) return undefined;
  return h;
}

/**
 * Whether a presented DNS-ID (a dNSName, possibly a wildcard) matches the reference host name
 * `reference`, already normalised by {@link normalizeReferenceHost}. RFC 9525 §6.3: label by
 * label, ASCII case-insensitive; a wildcard only as the whole leftmost label, matching exactly
 * one non-empty label (never zero, never more), and only under at least two labels. A presented
 * name outside preferred name syntax (a root dot included) matches nothing.
 * @example
 * ```ts
 * dnsNameMatches('*.example.com', 'app.example.com')   // true
 * dnsNameMatches('*.example.com', 'a.b.example.com')   // false
 * dnsNameMatches('*.com', 'example.com')               // false
 * ```
 */
export function dnsNameMatches(presented: string, reference: string): boolean {
  const p = asciiLower(presented);
  if (p.startsWith('*.')) {
    if (!isValidDnsName(p, true)) return false;
    const rest = p.slice(1); // ".example.com"
    if (!reference.endsWith(rest)) return false;
    const first = reference.slice(0, reference.length - rest.length);
    return first.length > 0 && !first.includes('.');
  }
  if (!isValidDnsName(p)) return false;
  return p === reference;
}

/**
 * Whether a certificate name (`*.example.com` or `www.example.com`) covers a host name: the
 * host normalised by {@link normalizeReferenceHost} and compared by {@link dnsNameMatches}, the
 * rules chain validation uses. A host with a trailing dot is not covered (see
 * {@link normalizeReferenceHost}).
 * @throws TypeError when either argument is not a string.
 * @example
 * ```ts
 * wildcardCovers('*.samplename.com', 'app.samplename.com')    // true
 * wildcardCovers('*.samplename.com', 'samplename.com')        // false
 * wildcardCovers('*.samplename.com', 'app.eu.samplename.com') // false
 * ```
 */
export function wildcardCovers(pattern: string, hostname: string): boolean {
  if (typeof pattern !== 'string' || typeof hostname !== 'string') throw new TypeError('wildcardCovers expects two strings');
  const h = normalizeReferenceHost(hostname);
  return h !== undefined && dnsNameMatches(pattern, h);
}

/**
 * The octets of an IP reference identity (`192.0.2.1`, `2001:db8::1`, `[2001:db8::1]`), or
 * `undefined` when `text` is not an IP address literal (it is then a host name).
 * @example
 * ```ts
 * parseReferenceIp('[::1]')       // Uint8Array(16)
 * parseReferenceIp('example.com') // undefined
 * ```
 */
export function parseReferenceIp(text: string): Uint8Array | undefined {
  const t = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  // Only digits and dots (IPv4) or a colon (IPv6) can be an address: a DNS name skips the parser
  // (and the exception it throws, which costs more than the whole comparison).
  if (!t.includes(':') && !/^[0-9.]+$/.test(t)) return undefined;
  try {
    return parseIpAddress(t);
  } catch {
    return undefined;
  }
}

/**
 * Whether a certificate's subjectAltName entries name the host or IP address `host` (RFC 9525
 * §6). An IPv4 or IPv6 literal is compared only with iPAddress names, as octets (so `::1` and
 * `0:0::1` are the same address); anything else is normalised by
 * {@link normalizeReferenceHost} and compared with the dNSName entries by
 * {@link dnsNameMatches}. `commonNames` (the subject's CNs) are consulted only when given and the
 * names hold no dNSName or iPAddress (legacy RFC 2818 fallback; RFC 9525 §6.3 drops it).
 * @example
 * ```ts
 * generalNamesMatchHost([dns('*.example.com')], 'app.example.com') // true
 * generalNamesMatchHost([ip('192.0.2.1')], '192.0.2.1')            // true
 * ```
 */
export function generalNamesMatchHost(names: readonly GeneralName[], host: string, commonNames?: readonly string[]): boolean {
  const ip = parseReferenceIp(host);
  if (ip !== undefined) {
    // RFC 9525 §6.2 (RFC 6125 §6.2.1): an IP reference identity never matches a DNS name or the CN.
    for (const n of names) if (n.type === 'ip' && bytesEqual(n.value, ip)) return true;
    return false;
  }
  const h = normalizeReferenceHost(host);
  if (h === undefined) return false;
  let hasSanId = false;
  for (const n of names) {
    if (n.type === 'dns') {
      hasSanId = true;
      if (dnsNameMatches(n.value, h)) return true;
    } else if (n.type === 'ip') hasSanId = true;
  }
  if (!hasSanId && commonNames !== undefined) {
    for (const cn of commonNames) if (dnsNameMatches(cn, h)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Mailboxes

const _DOT_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

const _QUOTED = /^"([\x20\x21\x23-\x5b\x5d-\x7e]|\\[\x20-\x7e])*"$/;

/**
 * Why a mailbox is malformed, or `undefined`: `local@domain`, the local part a dot-atom or a
 * quoted string of RFC 5321 §4.1.2 (ASCII only: RFC 8398 puts internationalized addresses in a
 * SmtpUTF8Mailbox otherName), at most 64 octets (§4.5.3.1.1) and without `@` (a quoted `@`
 * would let a name read differently by another splitter; certkit refuses it); the domain in
 * preferred name syntax without wildcards (RFC 5321 §4.1.2 `Domain`: letters, digits, hyphens).
 * `domainProblem` judges the domain: preferred name syntax for validation, every
 * {@link checkDnsName} rule for the linter (numeric TLDs, A-labels, ...: issuance advice that
 * validation does not apply to a presented name). Passed in, so that validation bundles do not
 * pull the linter's rules.
 */
function _mailboxProblem(address: string, domainProblem: (domain: string) => string | undefined): string | undefined {
  const at = address.lastIndexOf('@');
  if (at < 0) return "no '@'";
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local.length === 0) return 'the local part is empty';
  if (local.length > 64) return 'the local part is longer than 64 octets (RFC 5321 §4.5.3.1.1)';
  if (!_DOT_ATOM.test(local) && !_QUOTED.test(local)) return 'the local part is neither a dot-atom nor a quoted string (RFC 5321 §4.1.2)';
  if (local.includes('@')) return "the local part holds '@'";
  if (domain.length === 0) return 'the domain is empty';
  if (domain.includes('*')) return 'the domain holds a wildcard';
  return domainProblem(domain);
}

function _domainSyntax(domain: string): string | undefined {
  return isValidDnsName(domain) ? undefined : 'the domain is not a host name (RFC 5321 §4.1.2)';
}

function _domainLint(domain: string): string | undefined {
  const p = checkDnsName(domain)[0];
  // checkDnsName reports every syntax error isValidDnsName refuses, so the fallback is defensive.
  return p !== undefined ? `the domain: ${p.message}` : _domainSyntax(domain);
}

/**
 * Problems of an email address as an emailAddress attribute or rfc822Name carries it: the
 * mailbox rules of {@link splitMailbox}, and the domain also checked by {@link checkDnsName}, as
 * an `email-invalid` finding.
 * @example
 * ```ts
 * checkEmailAddress('jane@example.com') // []
 * checkEmailAddress('jane@') // [{ code: 'email-invalid', ... }]
 * ```
 */
export function checkEmailAddress(address: string): NameProblem[] {
  const why = _mailboxProblem(address, _domainLint);
  return why === undefined ? [] : [{ code: 'email-invalid', message: `'${address}' is not a well-formed email address: ${why}` }];
}

/**
 * Splits a mailbox (RFC 5321 §4.1.2, as RFC 5280 §4.2.1.6 uses it for rfc822Name) at its last
 * `@`, the domain in ASCII lower case; `undefined` when it is malformed (the syntax rules of
 * {@link checkEmailAddress}, without its issuance advice on the domain). The local part is kept exactly: it is compared case-sensitively.
 * @example
 * ```ts
 * splitMailbox('Jane@Example.COM') // { local: 'Jane', domain: 'example.com' }
 * splitMailbox('jane@')            // undefined
 * ```
 */
export function splitMailbox(address: string): { local: string; domain: string } | undefined {
  if (_mailboxProblem(address, _domainSyntax) !== undefined) return undefined;
  const at = address.lastIndexOf('@');
  return { local: address.slice(0, at), domain: asciiLower(address.slice(at + 1)) };
}

/**
 * Whether a certificate's subjectAltName entries name the mailbox `address` in an rfc822Name
 * (RFC 5280 §4.2.1.6): the local part compared exactly, the domain case-insensitively; a
 * malformed address or entry matches nothing.
 * @example
 * ```ts
 * generalNamesMatchEmail([email('alice@example.com')], 'alice@Example.com') // true
 * ```
 */
export function generalNamesMatchEmail(names: readonly GeneralName[], address: string): boolean {
  const want = splitMailbox(address);
  if (want === undefined) return false;
  for (const n of names) {
    if (n.type !== 'email') continue;
    const got = splitMailbox(n.value);
    if (got !== undefined && got.local === want.local && got.domain === want.domain) return true;
  }
  return false;
}
