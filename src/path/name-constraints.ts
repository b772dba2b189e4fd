/**
 * Name constraints (RFC 5280 §4.2.1.10, applied by §6.1.3 (b)/(c) and §6.1.4 (g)).
 *
 * Scope: matching one name against one GeneralSubtree for every name form RFC 5280 defines
 * (dNSName, rfc822Name, uniformResourceIdentifier, iPAddress, directoryName), and checking all
 * the names of a certificate (subject, the subject's emailAddress attributes, every SAN) against
 * the constraints of each CA above it. Checking against each CA's constraints in turn is the
 * same as the RFC's running intersection of permitted subtrees and union of excluded ones, and
 * needs no subtree algebra. Work is charged to the call's {@link Budget}.
 *
 * Decisions, each where the RFC is silent or ambiguous:
 * - A constraint on a name form certkit cannot evaluate (otherName, x400Address, ediPartyName,
 *   registeredID), or a subtree with minimum ≠ 0 or a maximum (§4.2.1.10 "MUST NOT" use them),
 *   is refused when the certificate holds a name of that form (the RFC's "process the
 *   constraint or reject the certificate"); otherwise it is a no-op.
 * - A malformed constraint (a dNSName with a leading dot or a wildcard, an email with two `@`,
 *   an IP mask that is not contiguous) matches nothing and fails every name of its form: a CA
 *   cannot be trusted to have meant something else.
 * - A malformed name of a constrained form (a dNSName that is not a DNS name, an email without
 *   one `@`) fails the constraint.
 * - A wildcard dNSName (`*.example.com`) is treated as the set of names it covers (RFC 9525):
 *   it is permitted only if the whole set is, and excluded if any name of the set is
 *   (CVE-2025-61727).
 * - Subject emailAddress attributes are checked as rfc822Names whether or not a SAN exists.
 * - An IPv4-mapped IPv6 iPAddress (`::ffff:10.0.0.1`) is excluded by an excluded IPv4 subtree
 *   that holds its IPv4 address (it reaches the same host); a permitted subtree must hold it in
 *   its own 16-octet form.
 * - A URI whose authority has characters RFC 3986 does not allow there is malformed.
 * @module
 */
import type { Budget } from './budget';
import { type Name, asciiLower, isValidDnsName, splitMailbox, type GeneralName, type NameConstraints } from './_x509';
import { nameFromAttributes, nameCanonicalKey } from '../x509/index';

/** Result of matching one name against one subtree. */
type _Match = 'match' | 'no-match' | 'invalid-constraint' | 'invalid-name';

/** The constraint form of a GeneralName, or `undefined` for forms certkit cannot evaluate. */
function _form(n: GeneralName): 'dns' | 'email' | 'uri' | 'ip' | 'dn' | 'other' {
  switch (n.type) {
    case 'dns':
    case 'email':
    case 'uri':
    case 'ip':
    case 'dn':
      return n.type;
    default:
      return 'other';
  }
}

/** dNSName constraint (§4.2.1.10): the name, or the name with labels added on the left. */
function _matchDns(name: string, base: string): _Match {
  const b = asciiLower(base);
  // An empty constraint is the whole DNS name space (common practice; the RFC allows it by syntax).
  if (b.length !== 0 && !isValidDnsName(b)) return 'invalid-constraint';
  const n = asciiLower(name);
  const wildcard = n.startsWith('*.');
  if (!isValidDnsName(n, wildcard)) return 'invalid-name';
  if (b.length === 0) return 'match';
  if (wildcard) return _inSubtree(n.slice(2), b) ? 'match' : 'no-match';
  return _inSubtree(n, b) ? 'match' : 'no-match';
}

/** Whether DNS name `n` equals `b` or ends with `.b` (label-aligned suffix). */
function _inSubtree(n: string, b: string): boolean {
  return n === b || (n.length > b.length && n.endsWith(b) && n[n.length - b.length - 1] === '.');
}

/** Whether some name covered by the wildcard `*.rest` lies in the subtree `b` (for exclusions). */
function _wildcardTouches(name: string, base: string): boolean {
  const rest = asciiLower(name).slice(2);
  const b = asciiLower(base);
  if (b.length === 0 || _inSubtree(rest, b)) return true;
  // `b` = one label + "." + rest: the wildcard covers b itself.
  const dot = b.indexOf('.');
  return dot > 0 && b.slice(dot + 1) === rest;
}

/**
 * rfc822Name constraint (§4.2.1.10): a mailbox (exact), a host (every mailbox on it), or a
 * domain with a leading dot (every mailbox on a host below it). The local part is compared
 * exactly (`*` is a literal character), domains case-insensitively.
 */
function _matchEmail(name: string, base: string): _Match {
  const m = splitMailbox(name);
  if (m === undefined) return 'invalid-name';
  if (base.includes('@')) {
    const c = splitMailbox(base);
    if (c === undefined) return 'invalid-constraint';
    return c.local === m.local && c.domain === m.domain ? 'match' : 'no-match';
  }
  const b = asciiLower(base);
  if (b.startsWith('.')) {
    if (!isValidDnsName(b.slice(1))) return 'invalid-constraint';
    return m.domain.endsWith(b) ? 'match' : 'no-match';
  }
  if (!isValidDnsName(b)) return 'invalid-constraint';
  return m.domain === b ? 'match' : 'no-match';
}

/** The host of a URI's authority (RFC 3986 §3.2), lower-cased; `undefined` when there is none. */
function _uriHost(uri: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(uri);
  if (m === null) return undefined;
  let auth = m[1]!;
  // RFC 3986 §3.2: an authority holds unreserved, pct-encoded and sub-delims characters, ':',
  // '@' and an IP literal's brackets, nothing else. Anything more (a backslash above all, which
  // WHATWG URL parsers read as '/': their host of `http://evil.com\@good.test/` is evil.com)
  // makes the URI malformed rather than giving it a host that others would read differently.
  if (!/^[A-Za-z0-9\-._~%!$&'()*+,;=:@[\]]*$/.test(auth)) return undefined;
  const at = auth.lastIndexOf('@');
  if (at >= 0) auth = auth.slice(at + 1);
  if (auth.startsWith('[')) return undefined; // an IP literal: not a host name a DNS-form constraint can match
  const colon = auth.indexOf(':');
  if (colon >= 0) auth = auth.slice(0, colon);
  return auth.length === 0 ? undefined : asciiLower(auth);
}

/**
 * uniformResourceIdentifier constraint (§4.2.1.10): applied to the host part; a constraint with
 * a leading dot covers hosts below it, otherwise the host must be equal.
 */
function _matchUri(name: string, base: string): _Match {
  const b = asciiLower(base);
  const sub = b.startsWith('.');
  if (!isValidDnsName(sub ? b.slice(1) : b)) return 'invalid-constraint';
  const host = _uriHost(name);
  if (host === undefined || !isValidDnsName(host)) return 'invalid-name';
  return (sub ? host.endsWith(b) : host === b) ? 'match' : 'no-match';
}

/** iPAddress constraint (§4.2.1.10): address and mask of the same family; the mask contiguous. */
function _matchIp(name: Uint8Array, base: Uint8Array, mask: Uint8Array | undefined): _Match {
  if (mask === undefined || mask.length !== base.length) return 'invalid-constraint';
  let ended = false;
  for (const m of mask) {
    if (ended && m !== 0) return 'invalid-constraint';
    if (m !== 0xff) {
      // A byte of a contiguous prefix mask: ones then zeros.
      if ((~m & 0xff & ((~m & 0xff) + 1)) !== 0) return 'invalid-constraint';
      ended = true;
    }
  }
  if (name.length !== 4 && name.length !== 16) return 'invalid-name';
  // IPv4 and IPv6 are different forms: an IPv4 constraint says nothing about IPv6 names.
  if (name.length !== base.length) return 'no-match';
  for (let i = 0; i < name.length; i++) if ((name[i]! & mask[i]!) !== (base[i]! & mask[i]!)) return 'no-match';
  return 'match';
}

let _rdnKeyCache: WeakMap<Name, string[]> | undefined;
/** RFC 5280 §7.1 comparison keys of each RDN of a name (cached). */
function _rdnKeys(n: Name): string[] {
  _rdnKeyCache ??= new WeakMap();
  let k = _rdnKeyCache.get(n);
  if (k === undefined) {
    k = n.rdns.map((rdn) => nameCanonicalKey(nameFromAttributes([rdn])));
    _rdnKeyCache.set(n, k);
  }
  return k;
}

/** directoryName constraint (§4.2.1.10, §7.1): the base's RDNs are a prefix of the name's. */
function _matchDn(name: Name, base: Name): _Match {
  const b = _rdnKeys(base);
  const n = _rdnKeys(name);
  if (b.length > n.length) return 'no-match';
  for (let i = 0; i < b.length; i++) if (b[i] !== n[i]) return 'no-match';
  return 'match';
}

/**
 * Matches one name against one subtree base of the same form.
 * @returns `'match'`, `'no-match'`, `'invalid-constraint'` or `'invalid-name'`.
 * @example
 * ```ts
 * nameMatchesSubtree({ type: 'dns', value: 'a.example.com' }, { type: 'dns', value: 'example.com' }) // 'match'
 * ```
 */
export function nameMatchesSubtree(name: GeneralName, base: GeneralName): _Match {
  if (name.type === 'dns' && base.type === 'dns') return _matchDns(name.value, base.value);
  if (name.type === 'email' && base.type === 'email') return _matchEmail(name.value, base.value);
  if (name.type === 'uri' && base.type === 'uri') return _matchUri(name.value, base.value);
  if (name.type === 'ip' && base.type === 'ip') return _matchIp(name.value, base.value, base.mask);
  if (name.type === 'dn' && base.type === 'dn') return _matchDn(name.value, base.value);
  return 'no-match';
}

/** The names of a certificate that name constraints apply to. */
export interface _ConstrainedNames {
  /** The subject as a directoryName (omitted when empty) and its emailAddress attributes. */
  readonly subject: readonly GeneralName[];
  /** The subjectAltName entries. */
  readonly san: readonly GeneralName[];
}

/** Collects the names of a certificate to check (§6.1.3 (b)/(c)). */
export function _constrainedNames(subject: Name, san: readonly GeneralName[] | undefined): _ConstrainedNames {
  const s: GeneralName[] = [];
  if (!subject.isEmpty) s.push({ type: 'dn', value: subject });
  // §4.2.1.10: rfc822Name constraints apply to the emailAddress attribute of the subject.
  for (const e of subject.get('1.2.840.113549.1.9.1')) s.push({ type: 'email', value: e });
  return { subject: s, san: san ?? [] };
}

/**
 * The IPv4 address an IPv4-mapped IPv6 iPAddress (`::ffff:a.b.c.d`, RFC 4291 §2.5.5.2) stands
 * for; `undefined` for any other name.
 */
function _mappedIpv4(n: GeneralName): GeneralName | undefined {
  if (n.type !== 'ip' || n.value.length !== 16) return undefined;
  const v = n.value;
  for (let i = 0; i < 10; i++) if (v[i] !== 0) return undefined;
  if (v[10] !== 0xff || v[11] !== 0xff) return undefined;
  const value = v.slice(12);
  return { type: 'ip', value, text: Array.from(value).join('.') };
}

function _describe(n: GeneralName): string {
  switch (n.type) {
    case 'dns':
    case 'email':
    case 'uri':
      return `${n.type === 'dns' ? 'DNS' : n.type === 'email' ? 'email' : 'URI'}:${n.value}`;
    case 'ip':
      return `IP:${n.text}`;
    case 'dn':
      return `DirName:${n.value.toString()}`;
    default:
      return n.type;
  }
}

/**
 * Checks a certificate's names against one CA's nameConstraints.
 * @returns `undefined` when every name is allowed, else a sentence saying which name fails and why.
 */
export function _checkNameConstraints(names: _ConstrainedNames, nc: NameConstraints, budget: Budget): string | undefined {
  const all = names.subject.length === 0 ? names.san : names.san.length === 0 ? names.subject : [...names.subject, ...names.san];
  if (all.length === 0) return undefined;
  const permitted = nc.permitted ?? [];
  const excluded = nc.excluded ?? [];
  budget.spendNameComparisons(all.length * Math.max(1, permitted.length + excluded.length));
  const forms = new Set(all.map(_form));
  for (const st of [...permitted, ...excluded]) {
    const f = _form(st.base);
    if (!forms.has(f)) continue;
    if (f === 'other')
      return `a name constraint on the ${st.base.type} form, which certkit cannot evaluate, applies to a ${st.base.type} name of the certificate (RFC 5280 §4.2.1.10: process the constraint or reject)`;
    if ((st.minimum ?? 0) !== 0 || st.maximum !== undefined) return 'a name constraint uses minimum/maximum, which RFC 5280 §4.2.1.10 forbids and certkit cannot evaluate';
  }
  for (const n of all) {
    const f = _form(n);
    if (f === 'other') continue;
    const v4 = _mappedIpv4(n);
    // Excluded subtrees (§6.1.3 (c)).
    for (const st of excluded) {
      if (_form(st.base) !== f) continue;
      let m = nameMatchesSubtree(n, st.base);
      // An IPv4-mapped IPv6 address names the IPv4 host too: an excluded IPv4 subtree covers it.
      if (m === 'no-match' && v4 !== undefined) m = nameMatchesSubtree(v4, st.base);
      if (m === 'no-match' && n.type === 'dns' && st.base.type === 'dns' && n.value.startsWith('*.') && isValidDnsName(st.base.value)) {
        if (_wildcardTouches(n.value, st.base.value)) m = 'match';
      }
      if (m === 'match') return `${_describe(n)} is in the excluded subtree ${_describe(st.base)}`;
      if (m === 'invalid-constraint') return `the excluded subtree ${_describe(st.base)} is malformed`;
      if (m === 'invalid-name') return `${_describe(n)} is malformed and cannot be checked against ${_describe(st.base)}`;
    }
    // Permitted subtrees (§6.1.3 (b)): only forms the CA constrains.
    let constrained = false;
    let ok = false;
    let problem: string | undefined;
    for (const st of permitted) {
      if (_form(st.base) !== f) continue;
      constrained = true;
      const m = nameMatchesSubtree(n, st.base);
      if (m === 'match') {
        ok = true;
        break;
      }
      if (m === 'invalid-constraint') problem ??= `the permitted subtree ${_describe(st.base)} is malformed`;
      if (m === 'invalid-name') problem ??= `${_describe(n)} is malformed and cannot be checked against ${_describe(st.base)}`;
    }
    if (constrained && !ok) return problem ?? `${_describe(n)} is not in any permitted subtree`;
  }
  return undefined;
}
