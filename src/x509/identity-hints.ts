/**
 * Issuance hints for the linter (CA/B BR §1.6.1, §4.2.2, §7.1.2.7.12): a small public suffix
 * list ({@link isPublicSuffix}), internal names ({@link isInternalName}), text that looks like an
 * IP address ({@link looksLikeIpAddress}) and reserved IP ranges ({@link reservedIpRange}).
 * Validation does not use them; `identity.ts` holds the rules both sides share.
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
 * @module
 */
import { parseIpAddress } from './general-name';

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
// Built on first use: no import-time work in the x509 layer (a parse-only bundle drops it).
const _INTERNAL = 'localhost local localdomain test example invalid internal intranet lan home corp private onion arpa';
let _internalTlds: Set<string> | undefined;

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
  _internalTlds ??= new Set(_INTERNAL.split(' '));
  return _internalTlds.has(tld);
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
    ['0.0.0.0/8', '"this network" (RFC 791)'],
    ['10.0.0.0/8', 'private-use (RFC 1918)'],
    ['100.64.0.0/10', 'shared address space (RFC 6598)'],
    ['127.0.0.0/8', 'loopback (RFC 1122)'],
    ['169.254.0.0/16', 'link-local (RFC 3927)'],
    ['172.16.0.0/12', 'private-use (RFC 1918)'],
    ['192.0.0.0/24', 'IETF protocol assignments (RFC 6890)'],
    ['192.0.2.0/24', 'documentation TEST-NET-1 (RFC 5737)'],
    ['192.31.196.0/24', 'AS112-v4 (RFC 7535)'],
    ['192.52.193.0/24', 'AMT (RFC 7450)'],
    ['192.88.99.0/24', 'deprecated 6to4 relay anycast (RFC 7526)'],
    ['192.168.0.0/16', 'private-use (RFC 1918)'],
    ['192.175.48.0/24', 'direct delegation AS112 (RFC 7534)'],
    ['198.18.0.0/15', 'benchmarking (RFC 2544)'],
    ['198.51.100.0/24', 'documentation TEST-NET-2 (RFC 5737)'],
    ['203.0.113.0/24', 'documentation TEST-NET-3 (RFC 5737)'],
    ['224.0.0.0/4', 'multicast (RFC 5771)'],
    ['240.0.0.0/4', 'reserved (RFC 1112)'],
  ]);
  _v6 ??= _ranges([
    ['::/128', 'unspecified (RFC 4291)'],
    ['::1/128', 'loopback (RFC 4291)'],
    ['::ffff:0:0/96', 'IPv4-mapped (RFC 4291)'],
    ['64:ff9b:1::/48', 'local-use IPv4/IPv6 translation (RFC 8215)'],
    ['100::/64', 'discard-only (RFC 6666)'],
    ['2001::/23', 'IETF protocol assignments (RFC 2928)'],
    ['2001:db8::/32', 'documentation (RFC 3849)'],
    ['2002::/16', '6to4 (RFC 3056)'],
    ['3fff::/20', 'documentation (RFC 9637)'],
    ['5f00::/16', 'segment routing SIDs (RFC 9602)'],
    ['fc00::/7', 'unique-local (RFC 4193)'],
    ['fe80::/10', 'link-local (RFC 4291)'],
    ['ff00::/8', 'multicast (RFC 4291)'],
  ]);
  for (const r of ip.length === 4 ? _v4 : _v6) if (_inRange(ip, r)) return r.name;
  return undefined;
}
