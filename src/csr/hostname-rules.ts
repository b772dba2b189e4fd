/**
 * Rules for the names a TLS certificate may carry, as the linter applies them: hostname syntax
 * (RFC 1034 §3.5 preferred name syntax, RFC 1123 §2.1, RFC 5890 A-labels), wildcards
 * (RFC 6125 §6.4.3 as the CA/Browser Forum Baseline Requirements restrict them), a small public
 * suffix list, internal names and reserved IP ranges (CA/B BR §1.6.1 definitions).
 *
 * Public suffixes: the full Public Suffix List (publicsuffix.org) has about 10,000 rules and
 * changes every week, which a library without network access cannot keep current. Instead,
 * every single label (a TLD) counts as a public suffix, plus a short embedded list of the
 * multi-label suffixes where wildcard mistakes are common: country-code second levels used like
 * TLDs (`co.uk`, `com.au`, `co.jp`, `com.br`, ...) and the best-known hosting platforms whose
 * customers get subdomains (`github.io`, `herokuapp.com`, `pages.dev`, ...). A CA must still
 * use the full list; this catches the usual errors (`*.com`, `*.co.uk`, `*.github.io`).
 *
 * Internal names: without the IANA root zone list, a name is "internal" when it has a single
 * label or ends in a special-use or never-delegated suffix (RFC 6761, RFC 6762, RFC 8375, the
 * ICANN-reserved `.internal`, and the suffixes that ICANN's name-collision work found in wide
 * private use: `corp`, `home`, `lan`, `localdomain`, `intranet`, `private`).
 *
 * Non-goals: hostname matching for path validation (`src/path/`), IDNA2008 mapping of U-labels
 * (certkit reports a U-label; it does not convert it), the full PSL.
 * @module
 */
import { parseIpAddress } from './_x509';

/** A problem with one name: a lint finding code and a sentence about it. */
export interface NameProblem {
  /** Finding code (see `lint.ts`). */
  code: string;
  /** What is wrong, for a person. */
  message: string;
}

// Multi-label public suffixes (see the module comment for the choice).
const _SUFFIXES =
  'co.uk org.uk ac.uk gov.uk ltd.uk plc.uk me.uk net.uk sch.uk nhs.uk ' +
  'com.au net.au org.au edu.au gov.au asn.au id.au ' +
  'co.nz net.nz org.nz govt.nz ac.nz ' +
  'co.jp ne.jp or.jp ac.jp go.jp ad.jp ed.jp gr.jp lg.jp ' +
  'com.br net.br org.br gov.br edu.br ' +
  'com.cn net.cn org.cn gov.cn edu.cn ac.cn ' +
  'co.in net.in org.in gov.in ac.in firm.in gen.in ind.in ' +
  'co.kr or.kr ne.kr go.kr ac.kr ' +
  'com.mx org.mx gob.mx net.mx edu.mx com.ar gob.ar com.co com.pe com.ve com.uy ' +
  'co.za org.za gov.za ac.za co.ke co.tz co.ug com.ng com.gh com.eg ' +
  'com.tr gov.tr org.tr com.sa com.kw co.il org.il ac.il gov.il com.pk ' +
  'com.sg edu.sg gov.sg com.hk org.hk gov.hk com.tw org.tw gov.tw com.my co.id or.id ac.id ' +
  'com.ph co.th in.th ac.th go.th com.vn ' +
  'com.ua co.at or.at ac.at gv.at com.pl net.pl org.pl com.es com.pt com.gr com.cy co.hu ' +
  'github.io gitlab.io herokuapp.com appspot.com blogspot.com azurewebsites.net cloudapp.net ' +
  'cloudfront.net s3.amazonaws.com elasticbeanstalk.com firebaseapp.com web.app netlify.app vercel.app ' +
  'pages.dev workers.dev fly.dev onrender.com ngrok.io ngrok-free.app glitch.me repl.co ' +
  'duckdns.org no-ip.org dyndns.org ddns.net myshopify.com wordpress.com';

let _suffixSet: Set<string> | undefined;

/**
 * Whether `name` (lower case, no trailing dot) is a public suffix: a single label (any TLD) or
 * one of the embedded multi-label suffixes.
 * @example
 * ```ts
 * isPublicSuffix('co.uk') // true
 * isPublicSuffix('example.co.uk') // false
 * ```
 */
export function isPublicSuffix(name: string): boolean {
  const n = name.toLowerCase();
  if (n.length > 0 && !n.includes('.')) return true;
  _suffixSet ??= new Set(_SUFFIXES.split(' '));
  return _suffixSet.has(n);
}

// RFC 6761 §6 (test, localhost, invalid, example), RFC 6762 (local), RFC 8375 (home.arpa),
// ICANN 2024 (internal), RFC 7686 (onion: not in the root zone), and suffixes in wide private use.
const _INTERNAL_TLDS = new Set([
  'localhost', 'local', 'localdomain', 'test', 'example', 'invalid', 'internal', 'intranet', 'lan', 'home',
  'corp', 'private', 'onion', 'arpa',
]);

/**
 * Whether a DNS name is an internal name in the CA/B sense (BR §1.6.1: it cannot be verified as
 * globally unique because it does not end in a TLD of the root zone), by the approximation of
 * the module comment.
 * @example
 * ```ts
 * isInternalName('intranet') // true
 * isInternalName('printer.corp') // true
 * isInternalName('www.example.com') // false
 * ```
 */
export function isInternalName(name: string): boolean {
  const n = name.toLowerCase().replace(/\.$/, '');
  const labels = n.split('.');
  if (labels.length < 2) return true;
  const tld = labels[labels.length - 1]!;
  if (n.endsWith('.home.arpa')) return true;
  return _INTERNAL_TLDS.has(tld);
}

/**
 * Whether `text` is an IPv4 or IPv6 address literal (what an iPAddress SAN should hold).
 * @example
 * ```ts
 * looksLikeIpAddress('192.0.2.1') // true
 * ```
 */
export function looksLikeIpAddress(text: string): boolean {
  try {
    parseIpAddress(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Decodes a Punycode string (RFC 3492 §6.2), or returns `undefined` when it is not valid
 * Punycode. Used to check that an `xn--` label is a real A-label.
 */
function _punycodeDecode(input: string): string | undefined {
  const base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700;
  let n = 128, i = 0, bias = 72;
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
    if (label.length === 0) {
      add('hostname-empty-label', `'${name}' has an empty label (RFC 1034 §3.5)`);
      return;
    }
    if (label.includes('*')) {
      if (i > 0) add('wildcard-not-leftmost', `'${name}': a wildcard may only be the leftmost label (CA/B BR §7.1.2.7.12, RFC 6125 §6.4.3)`);
      else if (label !== '*') add('wildcard-partial-label', `'${name}': the wildcard must be the whole leftmost label ('*.example.com'), not part of it ('${label}')`);
      return;
    }
    if (label.length > 63) add('hostname-label-too-long', `'${name}' has a label of ${label.length} octets; at most 63 (RFC 1035 §2.3.4)`);
    // eslint-disable-next-line no-control-regex
    if (/[^\x00-\x7f]/.test(label)) {
      add('idn-not-a-label', `'${name}' holds non-ASCII characters (a U-label); certificates carry the A-label form ('xn--...', RFC 5280 §7.2, RFC 5890)`);
      return;
    }
    if (label.includes('_')) add('hostname-underscore', `'${name}' contains an underscore, which hostnames do not allow (RFC 1123 §2.1; CA/B ballot SC-12)`);
    if (/[^A-Za-z0-9_-]/.test(label)) add('hostname-invalid-character', `'${name}' has characters other than letters, digits and hyphens in '${label}' (RFC 1034 §3.5)`);
    if (label.startsWith('-') || label.endsWith('-')) add('hostname-invalid-hyphen', `'${name}': label '${label}' starts or ends with a hyphen (RFC 1123 §2.1)`);
    if (label.length >= 4 && label[2] === '-' && label[3] === '-') {
      if (label.slice(0, 2).toLowerCase() !== 'xn') {
        add('hostname-invalid-hyphen', `'${name}': label '${label}' has '--' in positions 3-4, reserved for IDNA A-labels (RFC 5891 §4.2.3.1)`);
      } else {
        const decoded = _punycodeDecode(label.slice(4).toLowerCase());
        // eslint-disable-next-line no-control-regex
        if (decoded === undefined || decoded.length === 0 || !/[^\x00-\x7f]/.test(decoded)) {
          add('idn-invalid-a-label', `'${name}': '${label}' is not a valid A-label (its Punycode does not decode to non-ASCII text, RFC 5890 §2.3.2.1)`);
        }
      }
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

/**
 * Whether a certificate name (`*.example.com` or `www.example.com`) covers a hostname, with
 * the wildcard restricted as the CA/B Forum and browsers do (RFC 6125 §6.4.3): a wildcard is the
 * whole leftmost label and stands for exactly one non-empty label. Comparison is ASCII
 * case-insensitive; a trailing dot on the hostname is ignored.
 * @example
 * ```ts
 * wildcardCovers('*.samplename.com', 'app.samplename.com')    // true
 * wildcardCovers('*.samplename.com', 'samplename.com')        // false
 * wildcardCovers('*.samplename.com', 'app.eu.samplename.com') // false
 * ```
 */
export function wildcardCovers(pattern: string, hostname: string): boolean {
  if (typeof pattern !== 'string' || typeof hostname !== 'string') throw new TypeError('wildcardCovers expects two strings');
  const p = pattern.toLowerCase().replace(/\.$/, '');
  const h = hostname.toLowerCase().replace(/\.$/, '');
  if (p.length === 0 || h.length === 0) return false;
  if (!p.startsWith('*.')) return p === h;
  const suffix = p.slice(1); // '.samplename.com'
  if (suffix.includes('*')) return false;
  if (!h.endsWith(suffix)) return false;
  const first = h.slice(0, h.length - suffix.length);
  return first.length > 0 && !first.includes('.');
}

interface _Range {
  readonly prefix: Uint8Array;
  readonly bits: number;
  readonly name: string;
}

let _v4: _Range[] | undefined;
let _v6: _Range[] | undefined;

function _ranges(list: ReadonlyArray<readonly [string, string]>): _Range[] {
  return list.map(([cidr, name]) => {
    const [addr, len] = cidr.split('/') as [string, string];
    return { prefix: parseIpAddress(addr), bits: Number(len), name };
  });
}

function _inRange(ip: Uint8Array, r: _Range): boolean {
  if (ip.length !== r.prefix.length) return false;
  for (let i = 0; i < r.bits; i++) {
    const mask = 0x80 >> (i & 7);
    if ((ip[i >> 3]! & mask) !== (r.prefix[i >> 3]! & mask)) return false;
  }
  return true;
}

/**
 * The reserved range an IP address falls in, or `undefined` for a public address. "Reserved"
 * follows CA/B BR §1.6.1: any block of the IANA IPv4 and IPv6 Special-Purpose Address Registries
 * (RFC 6890 and later), plus multicast.
 * @param ip 4 or 16 octets
 * @example
 * ```ts
 * reservedIpRange(parseIpAddress('10.1.2.3')) // 'private-use (RFC 1918)'
 * reservedIpRange(parseIpAddress('8.8.8.8'))  // undefined
 * ```
 */
export function reservedIpRange(ip: Uint8Array): string | undefined {
  if (!(ip instanceof Uint8Array)) throw new TypeError('reservedIpRange expects the address octets');
  _v4 ??= _ranges([
    ['0.0.0.0/8', '"this network" (RFC 791)'], ['10.0.0.0/8', 'private-use (RFC 1918)'],
    ['100.64.0.0/10', 'shared address space (RFC 6598)'], ['127.0.0.0/8', 'loopback (RFC 1122)'],
    ['169.254.0.0/16', 'link-local (RFC 3927)'], ['172.16.0.0/12', 'private-use (RFC 1918)'],
    ['192.0.0.0/24', 'IETF protocol assignments (RFC 6890)'], ['192.0.2.0/24', 'documentation TEST-NET-1 (RFC 5737)'],
    ['192.31.196.0/24', 'AS112-v4 (RFC 7535)'], ['192.52.193.0/24', 'AMT (RFC 7450)'],
    ['192.88.99.0/24', 'deprecated 6to4 relay anycast (RFC 7526)'], ['192.168.0.0/16', 'private-use (RFC 1918)'],
    ['192.175.48.0/24', 'direct delegation AS112 (RFC 7534)'], ['198.18.0.0/15', 'benchmarking (RFC 2544)'],
    ['198.51.100.0/24', 'documentation TEST-NET-2 (RFC 5737)'], ['203.0.113.0/24', 'documentation TEST-NET-3 (RFC 5737)'],
    ['224.0.0.0/4', 'multicast (RFC 5771)'], ['240.0.0.0/4', 'reserved (RFC 1112)'],
  ]);
  _v6 ??= _ranges([
    ['::/128', 'unspecified (RFC 4291)'], ['::1/128', 'loopback (RFC 4291)'],
    ['::ffff:0:0/96', 'IPv4-mapped (RFC 4291)'], ['64:ff9b:1::/48', 'local-use IPv4/IPv6 translation (RFC 8215)'],
    ['100::/64', 'discard-only (RFC 6666)'], ['2001::/23', 'IETF protocol assignments (RFC 2928)'],
    ['2001:db8::/32', 'documentation (RFC 3849)'], ['2002::/16', '6to4 (RFC 3056)'],
    ['3fff::/20', 'documentation (RFC 9637)'], ['5f00::/16', 'segment routing SIDs (RFC 9602)'],
    ['fc00::/7', 'unique-local (RFC 4193)'], ['fe80::/10', 'link-local (RFC 4291)'], ['ff00::/8', 'multicast (RFC 4291)'],
  ]);
  for (const r of ip.length === 4 ? _v4 : _v6) if (_inRange(ip, r)) return r.name;
  return undefined;
}

/**
 * Problems of an email address as an emailAddress attribute or rfc822Name carries it:
 * `local@domain` with an RFC 5321 §4.1.2 dot-atom or quoted local part (ASCII only: RFC 8398
 * puts internationalized addresses in a SmtpUTF8Mailbox otherName), and a domain that passes
 * {@link checkDnsName} without wildcards.
 * @example
 * ```ts
 * checkEmailAddress('jane@example.com') // []
 * checkEmailAddress('jane@') // [{ code: 'email-invalid', ... }]
 * ```
 */
export function checkEmailAddress(address: string): NameProblem[] {
  const bad = (why: string): NameProblem[] => [{ code: 'email-invalid', message: `'${address}' is not a well-formed email address: ${why}` }];
  const at = address.lastIndexOf('@');
  if (at < 0) return bad("no '@'");
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local.length === 0) return bad('the local part is empty');
  if (local.length > 64) return bad('the local part is longer than 64 octets (RFC 5321 §4.5.3.1.1)');
  const dotAtom = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
  // eslint-disable-next-line no-control-regex
  const quoted = /^"([\x20\x21\x23-\x5b\x5d-\x7e]|\\[\x20-\x7e])*"$/;
  if (!dotAtom.test(local) && !quoted.test(local)) return bad('the local part is neither a dot-atom nor a quoted string (RFC 5321 §4.1.2)');
  if (domain.length === 0) return bad('the domain is empty');
  if (domain.includes('*')) return bad('the domain holds a wildcard');
  const dp = checkDnsName(domain).filter((p) => p.code !== 'hostname-underscore');
  if (dp.length > 0) return bad(`the domain: ${dp[0]!.message}`);
  return [];
}
