/**
 * CAA (RFC 8659): may this CA issue for a DNS name? The answer comes from the CAA records the
 * caller's resolver returns, so tests and split-horizon set-ups plug in their own DNS.
 *
 * Scope: {@link checkCaa} climbs the DNS tree from the name to its closest CAA RRset (§3), then
 * {@link evaluateCaa} decides with that RRset alone (§4): `issue` (or `issuewild` for a wildcard,
 * when present) must name one of the CA's issuer domain names; the parameters `accounturi` and
 * `validationmethods` (RFC 8657) restrict which account and which challenge may use it; a
 * critical property with a tag the CA does not know forbids issuance. A refusal is an
 * {@link AcmeError} `caa` (RFC 8555 §6.7), a failed lookup an `AcmeError` `dns`.
 * Non-goals: DNS itself (the resolver follows CNAMEs and does DNSSEC, if any), `iodef` reports,
 * IP identifiers (CAA is defined for DNS names only; RFC 8738 leaves IP addresses out).
 * @module
 */
import { AcmeError } from './errors';

/**
 * One CAA resource record (RFC 8659 §4.1): flags (bit 128 is "issuer critical"), tag and value,
 * the value as the text between the quotes of the zone file.
 * @example
 * ```ts
 * const r: CaaRecord = { flags: 0, tag: 'issue', value: 'ca.example.net; validationmethods=dns-01' };
 * ```
 */
export interface CaaRecord {
  readonly flags: number;
  readonly tag: string;
  readonly value: string;
}

/**
 * What {@link evaluateCaa} judges a CAA RRset against: the CA's issuer domain names, the account
 * URL and the validation method (`http-01`, `dns-01`, `tls-alpn-01`) of this authorization, and
 * whether the certificate will hold a wildcard.
 * @example
 * ```ts
 * const req: CaaRequest = { identities: ['ca.example.net'], accountUri: 'https://ca.example.net/acme/acct/1', method: 'dns-01', wildcard: false };
 * ```
 */
export interface CaaRequest {
  readonly identities: readonly string[];
  readonly accountUri?: string;
  readonly method?: string;
  readonly wildcard: boolean;
}

// RFC 8659 §4.1 and the IANA registry: the tags this CA understands (so a critical one of them is
// not "unknown"). issuemail (RFC 9495) and the CA/B contact tags concern other certificates.
const _KNOWN = new Set(['issue', 'issuewild', 'iodef', 'issuemail', 'contactemail', 'contactphone']);
const _CRITICAL = 128;
// RFC 8659 §4.2: issuer-domain-name = label *("." label); label = (ALPHA / DIGIT) *( *("-") (ALPHA / DIGIT))
const _DOMAIN = /^[A-Za-z0-9](?:-*[A-Za-z0-9])*(?:\.[A-Za-z0-9](?:-*[A-Za-z0-9])*)*$/;
// tag = (ALPHA / DIGIT) *( *("-") (ALPHA / DIGIT)); value = *(%x21-3A / %x3C-7E)
const _PARAM = /^([A-Za-z0-9](?:-*[A-Za-z0-9])*)[ \t]*=[ \t]*([\x21-\x3a\x3c-\x7e]*)$/;

/**
 * The issuer domain name and parameters of an `issue`/`issuewild` value (RFC 8659 §4.2), or
 * `undefined` when the value does not follow the grammar (such a property authorizes no one).
 * An empty issuer (`";"`) is `domain: ''`.
 */
function _parseIssueValue(value: string): { domain: string; params: Map<string, string> } | undefined {
  const semi = value.indexOf(';');
  const domain = (semi < 0 ? value : value.slice(0, semi)).replace(/^[ \t]+|[ \t]+$/g, '');
  if (domain !== '' && !_DOMAIN.test(domain)) return undefined;
  const params = new Map<string, string>();
  if (semi >= 0) {
    const rest = value.slice(semi + 1).replace(/^[ \t]+|[ \t]+$/g, '');
    if (rest !== '') {
      for (const part of rest.split(';')) {
        const m = _PARAM.exec(part.replace(/^[ \t]+|[ \t]+$/g, ''));
        if (m === null) return undefined;
        params.set(m[1]!.toLowerCase(), m[2]!);
      }
    }
  }
  return { domain: domain.toLowerCase(), params };
}

/**
 * Decides with one CAA RRset (RFC 8659 §4): `undefined` when issuance is permitted, else the
 * reason. An empty set permits. A critical property with an unknown tag forbids. For a wildcard,
 * `issuewild` properties decide when there are any, else `issue`; without either, anyone may
 * issue. A property authorizes this CA when its issuer domain name is one of `identities` and
 * its `accounturi` (RFC 8657 §3), if any, is the account, and its `validationmethods` (RFC 8657
 * §4), if any, lists the method. Other parameters are ignored, as RFC 8659 §4.2 lets a CA do.
 * @example
 * ```ts
 * evaluateCaa([{ flags: 0, tag: 'issue', value: 'other-ca.example' }], { identities: ['ca.example.net'], wildcard: false });
 * // 'CAA issue names other-ca.example, not this CA (ca.example.net)'
 * ```
 */
export function evaluateCaa(records: readonly CaaRecord[], request: CaaRequest): string | undefined {
  if (!Array.isArray(records)) throw new TypeError('evaluateCaa expects an array of { flags, tag, value }');
  const ours = new Set(request.identities.map((d) => d.toLowerCase().replace(/\.$/, '')));
  for (const r of records) {
    if ((r.flags & _CRITICAL) !== 0 && !_KNOWN.has(r.tag.toLowerCase())) {
      return `a critical CAA property with the unknown tag ${JSON.stringify(r.tag.slice(0, 32))} forbids issuance (RFC 8659 §4.1)`;
    }
  }
  const wild = records.filter((r) => r.tag.toLowerCase() === 'issuewild');
  const issue = records.filter((r) => r.tag.toLowerCase() === 'issue');
  const relevant = request.wildcard && wild.length > 0 ? wild : issue;
  if (relevant.length === 0) return undefined;
  const tag = relevant === wild ? 'issuewild' : 'issue';
  const refusals: string[] = [];
  for (const r of relevant) {
    const v = _parseIssueValue(r.value);
    if (v === undefined) {
      refusals.push(`malformed value ${JSON.stringify(r.value.slice(0, 64))}`);
      continue;
    }
    if (v.domain === '' || !ours.has(v.domain)) {
      refusals.push(v.domain === '' ? 'an empty issuer (no CA may issue)' : `names ${v.domain}`);
      continue;
    }
    const account = v.params.get('accounturi');
    if (account !== undefined && account !== request.accountUri) {
      refusals.push(`accounturi ${account.slice(0, 100)} is not this account`);
      continue;
    }
    const methods = v.params.get('validationmethods');
    if (methods !== undefined && (request.method === undefined || !methods.split(',').includes(request.method))) {
      refusals.push(`validationmethods ${methods.slice(0, 100)} does not allow ${request.method ?? 'this method'}`);
      continue;
    }
    return undefined;
  }
  return `CAA ${tag} ${refusals.join('; ')}, not this CA (${[...ours].join(', ')})`;
}

/**
 * Checks CAA for a DNS name (RFC 8659 §3): asks `resolve` for the CAA records at the name, then at
 * each parent up to (not including) the root, and judges the first non-empty set with
 * {@link evaluateCaa}. For a wildcard, pass the name without its `*.`. The resolver returns `[]`
 * when a name has no CAA records (NXDOMAIN or an empty answer) and throws when DNS fails.
 * @throws AcmeError `caa` when the records forbid issuance, `dns` when a lookup fails.
 * @example
 * ```ts
 * await checkCaa('www.example.org', async (name) => (name === 'example.org' ? [{ flags: 0, tag: 'issue', value: 'ca.example.net' }] : []),
 *   { identities: ['ca.example.net'], wildcard: false });
 * ```
 */
export async function checkCaa(name: string, resolve: (name: string) => Promise<readonly CaaRecord[]>, request: CaaRequest): Promise<void> {
  if (typeof name !== 'string' || typeof resolve !== 'function') throw new TypeError('checkCaa expects (name, resolve, request)');
  const labels = name.toLowerCase().replace(/\.$/, '').split('.');
  for (let i = 0; i < labels.length; i++) {
    const at = labels.slice(i).join('.');
    let records: readonly CaaRecord[];
    try {
      records = await resolve(at);
    } catch (e) {
      throw new AcmeError('dns', `the CAA lookup of ${at} failed: ${(e as Error)?.message ?? String(e)}`, { cause: e });
    }
    if (!Array.isArray(records)) throw new AcmeError('dns', `the CAA resolver answered ${at} with something other than an array`);
    if (records.length === 0) continue;
    const reason = evaluateCaa(records, request);
    if (reason !== undefined) {
      throw new AcmeError('caa', `${reason} (CAA at ${at}, RFC 8659)`, { subproblems: [{ code: 'caa', detail: reason, identifier: { type: 'dns', value: name } }] });
    }
    return;
  }
}
