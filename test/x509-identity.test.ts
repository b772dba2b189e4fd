/**
 * x509's identity module (`src/x509/identity.ts`): the one set of name rules the CSR linter and
 * chain validation share. Pins the agreement between the linter's findings and the validator's
 * syntax predicate, the choices made where the two former copies disagreed, and reference
 * identity matching (RFC 9525 §6).
 */
import { describe, expect, it } from 'vitest';
import {
  asciiLower,
  checkDnsName,
  checkEmailAddress,
  dnsNameMatches,
  generalNamesMatchEmail,
  generalNamesMatchHost,
  isValidDnsName,
  normalizeReferenceHost,
  parseIpAddress,
  parseReferenceIp,
  splitMailbox,
  wildcardCovers,
  type GeneralName,
} from '../src/x509/index';

const d = (value: string): GeneralName => ({ type: 'dns', value });
const m = (value: string): GeneralName => ({ type: 'email', value });
const a = (text: string): GeneralName => ({ type: 'ip', value: parseIpAddress(text), text });

// The lint codes that are syntax errors under RFC 1034 §3.5 / RFC 1123 §2.1 (everything else
// checkDnsName reports is issuance advice that validation does not apply).
const SYNTAX = new Set([
  'hostname-empty',
  'hostname-empty-label',
  'hostname-trailing-dot',
  'hostname-too-long',
  'hostname-label-too-long',
  'hostname-underscore',
  'hostname-invalid-character',
  'idn-not-a-label',
  'wildcard-partial-label',
  'wildcard-not-leftmost',
  'wildcard-multiple',
]);

const NAMES = [
  'example.com',
  'WWW.Example.COM',
  'a.b.c.d.e',
  'x',
  '1.2.3.4',
  'www.example.123',
  'a..b',
  '.example.com',
  'example.com.',
  '-a.example.com',
  'a-.example.com',
  'a-b.example.com',
  'ab--cd.example.com',
  'xn--bcher-kva.example',
  'xn--abc-.example.com',
  'xn--zz.example.com',
  '_dmarc.example.com',
  'exa mple.com',
  'a/b.example.com',
  'bücher.example',
  '\u212Aey.example.com',
  `${'a'.repeat(63)}.com`,
  `${'a'.repeat(64)}.com`,
  `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.example.com`,
  '*.example.com',
  '*.com',
  '*',
  'w*.example.com',
  'www.*.example.com',
  '*.*.example.com',
  '*.co.uk',
];

describe('DNS name syntax: one scanner for lint and validation', () => {
  it('isValidDnsName fails exactly when checkDnsName reports a syntax error (wildcards aside)', () => {
    for (const n of NAMES) {
      if (n.includes('*')) continue;
      // hostname-invalid-hyphen is syntax for a leading/trailing hyphen (RFC 1123 §2.1), advice
      // for '--' in positions 3-4 (RFC 5891 §4.2.3.1).
      const syntax = checkDnsName(n).filter((p) => SYNTAX.has(p.code) || (p.code === 'hostname-invalid-hyphen' && p.message.includes('starts or ends')));
      expect({ n, valid: isValidDnsName(n) }).toEqual({ n, valid: syntax.length === 0 });
    }
  });

  it('a wildcard is valid syntax only as the whole leftmost label, under at least two labels', () => {
    expect(isValidDnsName('*.example.com', true)).toBe(true);
    expect(isValidDnsName('*.example.com')).toBe(false);
    for (const n of ['*.com', '*', 'w*.example.com', 'www.*.example.com', '*.*.example.com', '*.']) expect(isValidDnsName(n, true)).toBe(false);
    // Syntax allows *.co.uk; the linter's public-suffix rule is issuance advice.
    expect(isValidDnsName('*.co.uk', true)).toBe(true);
    expect(checkDnsName('*.co.uk').map((p) => p.code)).toEqual(['wildcard-public-suffix']);
  });

  it('issuance advice of the linter is not a syntax error for validation', () => {
    for (const [n, code] of [
      ['ab--cd.example.com', 'hostname-invalid-hyphen'],
      ['xn--zz.example.com', 'idn-invalid-a-label'],
      ['www.example.123', 'hostname-numeric-tld'],
      ['1.2.3.4', 'ip-in-dns-name'],
    ] as const) {
      expect(checkDnsName(n).map((p) => p.code)).toContain(code);
      expect(isValidDnsName(n)).toBe(true);
    }
  });

  it('A-labels: real Punycode passes, broken Punycode and U-labels do not', () => {
    expect(checkDnsName('xn--mnchen-3ya.example.com')).toEqual([]);
    expect(checkDnsName('XN--MNCHEN-3YA.example.com')).toEqual([]);
    expect(checkDnsName('xn--zz.example.com').map((p) => p.code)).toEqual(['idn-invalid-a-label']); // not Punycode
    expect(checkDnsName('xn--abc-.example.com').map((p) => p.code)).toEqual(['hostname-invalid-hyphen', 'idn-invalid-a-label']);
    expect(checkDnsName('münchen.example.com').map((p) => p.code)).toEqual(['idn-not-a-label']);
    expect(isValidDnsName('münchen.example.com')).toBe(false);
  });

  it('case folding is ASCII only (RFC 4343 §3)', () => {
    expect(asciiLower('WWW.Example.COM')).toBe('www.example.com');
    expect(asciiLower('\u212Aey')).toBe('\u212Aey');
  });
});

describe('reference host names (RFC 9525 §6)', () => {
  it('are lower-cased, and refused when not a host name', () => {
    expect(normalizeReferenceHost('WWW.Example.COM')).toBe('www.example.com');
    for (const h of ['', 'a..b', 'bücher.example', '\u212Aey.example.com', '_x.example.com', '*.example.com', '1.2.3.4.', '010.0.0.1', '0x7f.1', 'example.123']) {
      expect(normalizeReferenceHost(h)).toBeUndefined();
    }
  });

  it('an absolute name (trailing dot) is refused, not normalised (issue 15)', () => {
    for (const h of ['www.example.com.', 'WWW.example.com.', 'www.example.com..', '.']) expect(normalizeReferenceHost(h)).toBeUndefined();
    expect(generalNamesMatchHost([d('www.example.com')], 'www.example.com.')).toBe(false);
    expect(generalNamesMatchHost([d('*.example.com')], 'www.example.com.')).toBe(false);
    expect(generalNamesMatchHost([d('www.example.com')], 'www.example.com')).toBe(true);
    expect(wildcardCovers('*.example.com', 'www.example.com.')).toBe(false);
  });

  it('IP literals, bracketed or not, are parsed; host names are not', () => {
    expect(parseReferenceIp('192.0.2.1')).toEqual(Uint8Array.of(192, 0, 2, 1));
    expect(parseReferenceIp('[2001:db8::1]')).toEqual(parseIpAddress('2001:db8::1'));
    expect(parseReferenceIp('example.com')).toBeUndefined();
    expect(parseReferenceIp('1.2.3')).toBeUndefined();
  });

  it('a wildcard matches exactly one leftmost label', () => {
    expect(dnsNameMatches('*.example.com', 'app.example.com')).toBe(true);
    expect(dnsNameMatches('*.EXAMPLE.com', 'app.example.com')).toBe(true);
    expect(dnsNameMatches('*.example.com', 'example.com')).toBe(false);
    expect(dnsNameMatches('*.example.com', 'a.b.example.com')).toBe(false);
    expect(dnsNameMatches('w*.example.com', 'www.example.com')).toBe(false);
    expect(dnsNameMatches('*.com', 'example.com')).toBe(false);
    expect(dnsNameMatches('www.example.com.', 'www.example.com')).toBe(false); // a presented name never has the root dot
  });

  it('generalNamesMatchHost: IPs against iPAddress only, names against dNSName only, the CN only on request', () => {
    const names = [d('*.example.com'), a('192.0.2.7'), a('2001:db8::1'), m('x@example.com')];
    expect(generalNamesMatchHost(names, 'App.Example.com')).toBe(true);
    expect(generalNamesMatchHost(names, '192.0.2.7')).toBe(true);
    expect(generalNamesMatchHost(names, '2001:db8:0::1')).toBe(true);
    expect(generalNamesMatchHost(names, '[2001:db8::1]')).toBe(true);
    expect(generalNamesMatchHost(names, '192.0.2.8')).toBe(false);
    expect(generalNamesMatchHost([d('192.0.2.7')], '192.0.2.7')).toBe(false); // RFC 9525 §6.2
    expect(generalNamesMatchHost([], 'cn.example.com', ['cn.example.com'])).toBe(true);
    expect(generalNamesMatchHost([], 'cn.example.com')).toBe(false);
    expect(generalNamesMatchHost([d('other.example.com')], 'cn.example.com', ['cn.example.com'])).toBe(false); // SAN present: no CN
    expect(generalNamesMatchHost([], '192.0.2.7', ['192.0.2.7'])).toBe(false);
  });
});

describe('where the two former copies disagreed: the stricter rule', () => {
  it('wildcardCovers now applies validation rules (ASCII case, valid patterns, no *.com)', () => {
    expect(wildcardCovers('*.samplename.com', 'app.samplename.com')).toBe(true);
    expect(wildcardCovers('*.com', 'example.com')).toBe(false);
    expect(wildcardCovers('key.example.com', '\u212Aey.example.com')).toBe(false);
    expect(wildcardCovers('*.exa mple.com', 'a.exa mple.com')).toBe(false);
    expect(wildcardCovers('www.example.com.', 'www.example.com')).toBe(false);
    expect(() => wildcardCovers(1 as unknown as string, 'x')).toThrow(TypeError);
  });

  it('one mailbox rule: a dot-atom or quoted local part without @, a host-name domain', () => {
    expect(splitMailbox('Jane@Example.COM')).toEqual({ local: 'Jane', domain: 'example.com' });
    expect(splitMailbox('"jane doe"@example.com')).toEqual({ local: '"jane doe"', domain: 'example.com' });
    for (const bad of ['jane@', '@example.com', 'jane', 'a..b@example.com', 'a(b@example.com', '"a@b"@example.com', 'j@_x.example.com', 'j@*.example.com', `${'a'.repeat(65)}@example.com`]) {
      expect({ bad, split: splitMailbox(bad) }).toEqual({ bad, split: undefined });
      expect(checkEmailAddress(bad).map((p) => p.code)).toEqual(['email-invalid']);
    }
    // Issuance advice on the domain is the linter's only.
    expect(splitMailbox('j@example.123')).toBeDefined();
    expect(checkEmailAddress('j@example.123').map((p) => p.code)).toEqual(['email-invalid']);
  });

  it('generalNamesMatchEmail: local part exact, domain ASCII case-insensitive', () => {
    expect(generalNamesMatchEmail([m('k@key.example.com')], 'k@KEY.example.com')).toBe(true);
    expect(generalNamesMatchEmail([m('k@key.example.com')], 'K@key.example.com')).toBe(false);
    expect(generalNamesMatchEmail([m('k@key.example.com')], 'k@\u212Aey.example.com')).toBe(false);
    expect(generalNamesMatchEmail([m('a..b@example.com')], 'a..b@example.com')).toBe(false);
  });
});
