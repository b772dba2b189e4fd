/**
 * Findings from review on the path layer, each a case that was silently accepted before its fix:
 * - a uniformResourceIdentifier whose authority holds a backslash (`http://evil.com\@good.test/`)
 *   passed a URI name constraint on `good.test`, while WHATWG URL parsers (browsers, Node's URL)
 *   read its host as `evil.com`; RFC 3986 allows no backslash in a URI, so the name is malformed;
 * - an IPv4-mapped IPv6 iPAddress SAN (`::ffff:10.0.0.1`, RFC 4291 §2.5.5.2) escaped an excluded
 *   IPv4 subtree (`10.0.0.0/8`) although it names the same IPv4 host;
 * - a reference host name with a non-ASCII character that `toLowerCase` folds into ASCII (KELVIN
 *   SIGN U+212A → `k`) matched the dNSName SAN of a different host.
 *
 * - a trust anchor certificate whose subject does not decode made every validation throw a
 *   TypeError, so one odd root in a trust store broke all of them; it is now an anchor that
 *   issues nothing;
 * - the pool index compared every certificate with every other of the same subject byte for
 *   byte: 5,000 certificates with one subject differing only in their last octets took 10 s,
 *   20,000 took 115 s (now 0.5 s and 0.8 s);
 * - a reference host whose last label is a number (`1.2.3.4.`, `010.0.0.1`), which URL parsers
 *   and resolvers read as an IPv4 address, was compared with dNSName SANs;
 * - the policy tree was processed with a scan of a whole level per policy and per mapping, and
 *   nodes were deleted one indexOf/splice at a time: an intermediate with 50,000 policies below
 *   one with 9,000 took 7 s, 100,000 policyMappings over 9,000 nodes 5 s (now ~0.1 s each).
 *
 * Non-goals: the rules already covered by path-validation.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, type KeyPair } from '../src/keys/index';
import { signerFromPrivateKey } from '../src/sig/index';
import { CertkitError } from '../src/der/index';
import {
  CertificateBuilder,
  certificatePoliciesCodec,
  dns,
  email,
  ip,
  nameConstraintsCodec,
  parseCertificate,
  parseIpAddress,
  policyMappingsCodec,
  uri,
  type Certificate,
  type GeneralName,
  type NameConstraints,
} from '../src/x509/index';
import { MAX_POLICY_NODES, matchesEmail, matchesHostname, validatePathSync, verifyChainSync, ValidationError, type ValidationOptions } from '../src/path/index';

const T0 = new Date('2025-01-01T00:00:00Z');
const NOW = new Date('2025-06-01T00:00:00Z');
const END = new Date('2030-01-01T00:00:00Z');

let rootKey: KeyPair, icaKey: KeyPair, leafKey: KeyPair;
let root: Certificate;

beforeAll(async () => {
  [rootKey, icaKey, leafKey] = await Promise.all([generateKeyPair('P-256'), generateKeyPair('P-256'), generateKeyPair('P-256')]);
  root = await CertificateBuilder.selfSignedCa('CN=Review Root').notBefore(T0).notAfter(END).sign(signerFromPrivateKey(rootKey.privateKey), { now: T0 });
});

function constrainedCa(nc: NameConstraints): Promise<Certificate> {
  return CertificateBuilder.create()
    .subject('CN=Review ICA')
    .publicKey(icaKey.publicKey)
    .notBefore(T0)
    .notAfter(END)
    .basicConstraints({ cA: true })
    .keyUsage(['keyCertSign', 'cRLSign'])
    .extension(nameConstraintsCodec, nc, true)
    .sign(signerFromPrivateKey(rootKey.privateKey), { issuerCertificate: root, now: T0 });
}

function leafOf(ica: Certificate, sans: GeneralName[]): Promise<Certificate> {
  return CertificateBuilder.create()
    .subject('CN=leaf')
    .publicKey(leafKey.publicKey)
    .notBefore(T0)
    .notAfter(END)
    .subjectAltNames(...sans)
    .extKeyUsage(['serverAuth'])
    .sign(signerFromPrivateKey(icaKey.privateKey), { issuerCertificate: ica, now: T0 });
}

function outcome(f: () => unknown): string {
  try {
    f();
    return 'valid';
  } catch (e) {
    if (e instanceof ValidationError) return e.code;
    throw e;
  }
}

const opts = (ica: Certificate, o: Partial<ValidationOptions> = {}): ValidationOptions => ({ anchors: [root], intermediates: [ica], time: NOW, profile: 'rfc5280', ...o });

describe('name constraints: URI with a backslash in its authority', () => {
  it('a URI SAN whose WHATWG host differs from its RFC 3986 host fails a permitted URI subtree', async () => {
    const ica = await constrainedCa({ permitted: [{ base: { type: 'uri', value: 'good.example.com' } }] });
    const bad = await leafOf(ica, [uri('http://evil.com\\@good.example.com/')]);
    expect(new URL('http://evil.com\\@good.example.com/').hostname).toBe('evil.com');
    expect(outcome(() => verifyChainSync(bad, opts(ica)))).toBe('name-constraints');
    // A well-formed URI on the permitted host, with userinfo, still passes.
    const good = await leafOf(ica, [uri('http://user@good.example.com:8443/a?b#c')]);
    expect(outcome(() => verifyChainSync(good, opts(ica)))).toBe('valid');
  });

  it('the same URI is caught by an excluded subtree on the host WHATWG sees', async () => {
    const ica = await constrainedCa({ excluded: [{ base: { type: 'uri', value: 'evil.com' } }] });
    const bad = await leafOf(ica, [uri('http://evil.com\\@good.example.com/')]);
    expect(outcome(() => verifyChainSync(bad, opts(ica)))).toBe('name-constraints');
  });
});

describe('name constraints: IPv4-mapped IPv6 addresses', () => {
  const v4net = (addr: string, mask: string): GeneralName => ({ type: 'ip', value: parseIpAddress(addr), mask: parseIpAddress(mask), text: `${addr}/${mask}` }) as GeneralName;

  it('::ffff:10.0.0.1 is in an excluded 10.0.0.0/8 subtree', async () => {
    const ica = await constrainedCa({ excluded: [{ base: v4net('10.0.0.0', '255.0.0.0') }] });
    const mapped = await leafOf(ica, [ip('::ffff:10.0.0.1')]);
    expect(outcome(() => verifyChainSync(mapped, opts(ica, { purposes: ['serverAuth'], hostname: '::ffff:10.0.0.1' })))).toBe('name-constraints');
    // Outside the excluded network, and a plain IPv6 address, still pass.
    const other = await leafOf(ica, [ip('::ffff:192.0.2.1'), ip('2001:db8::1')]);
    expect(outcome(() => verifyChainSync(other, opts(ica)))).toBe('valid');
  });
});

describe('identity checks: only ASCII case folding', () => {
  it('KELVIN SIGN in the reference host does not fold into a matching k', async () => {
    const ica = await constrainedCa({ permitted: [{ base: dns('example.com') }] });
    const cert = await leafOf(ica, [dns('key.example.com'), email('k@key.example.com')]);
    expect(matchesHostname(cert, 'KEY.example.com')).toBe(true);
    expect(matchesHostname(cert, '\u212Aey.example.com')).toBe(false);
    expect(matchesEmail(cert, 'k@KEY.example.com')).toBe(true);
    expect(matchesEmail(cert, 'k@\u212Aey.example.com')).toBe(false);
    expect(outcome(() => verifyChainSync(cert, opts(ica, { purposes: ['serverAuth'], hostname: '\u212Aey.example.com' })))).toBe('hostname-mismatch');
  });
});

describe('trust anchors: one malformed certificate in the store', () => {
  it('an anchor whose subject does not decode is unusable, not a TypeError for every validation', async () => {
    const ica = await constrainedCa({ permitted: [{ base: dns('example.com') }] });
    const leaf = await leafOf(ica, [dns('app.example.com')]);
    // Corrupt the subject's PrintableString (the second "Review Root"; the first is the issuer).
    const der = root.raw.slice();
    const needle = new TextEncoder().encode('Review Root');
    const hits: number[] = [];
    for (let i = 0; i + needle.length <= der.length; i++) if (needle.every((b, j) => der[i + j] === b)) hits.push(i);
    expect(hits.length).toBe(2);
    der[hits[1]!] = 0xe3; // not a PrintableString character
    const broken = parseCertificate(der);
    expect(() => broken.subject).toThrow(CertkitError);
    expect(outcome(() => verifyChainSync(leaf, opts(ica, { anchors: [broken, root] })))).toBe('valid');
    expect(outcome(() => verifyChainSync(leaf, opts(ica, { anchors: [broken] })))).toBe('unknown-issuer');
    expect(outcome(() => validatePathSync([leaf, ica], opts(ica, { anchors: [broken] })))).toBe('unknown-issuer');
  });
});

describe('policy tree: linear in the policies and mappings of a certificate', () => {
  const policies = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ policyIdentifier: `${prefix}.${i}` }));
  // The test timeout is the hang guard (no timing assertions): before the fix each took longer.
  it('50,000 policies under 9,000 nodes', { timeout: 5_000 }, async () => {
    const k2 = await generateKeyPair('P-256');
    const i1 = await CertificateBuilder.create()
      .subject('CN=P1')
      .publicKey(icaKey.publicKey)
      .notBefore(T0)
      .notAfter(END)
      .basicConstraints({ cA: true })
      .keyUsage(['keyCertSign'])
      .extension(certificatePoliciesCodec, policies('1.2.3', 9000))
      .sign(signerFromPrivateKey(rootKey.privateKey), { issuerCertificate: root, now: T0 });
    const i2 = await CertificateBuilder.create()
      .subject('CN=P2')
      .publicKey(k2.publicKey)
      .notBefore(T0)
      .notAfter(END)
      .basicConstraints({ cA: true })
      .keyUsage(['keyCertSign'])
      .extension(certificatePoliciesCodec, [{ policyIdentifier: '1.2.3.7' }, ...policies('1.2.4', 50_000)])
      .sign(signerFromPrivateKey(icaKey.privateKey), { issuerCertificate: i1, now: T0 });
    const leaf = await CertificateBuilder.create()
      .subject('CN=leaf')
      .publicKey(leafKey.publicKey)
      .notBefore(T0)
      .notAfter(END)
      .subjectAltNames(dns('a.example.com'))
      .extension(certificatePoliciesCodec, [{ policyIdentifier: '1.2.3.7' }])
      .sign(signerFromPrivateKey(k2.privateKey), { issuerCertificate: i2, now: T0 });
    expect(verifyChainSync(leaf, { anchors: [root], intermediates: [i1, i2], time: NOW, profile: 'rfc5280' }).policies).toEqual(['1.2.3.7']);
  });

  it('100,000 policyMappings over 9,000 nodes, with and without initial-policy-mapping-inhibit', { timeout: 5_000 }, async () => {
    const i1 = await CertificateBuilder.create()
      .subject('CN=M1')
      .publicKey(icaKey.publicKey)
      .notBefore(T0)
      .notAfter(END)
      .basicConstraints({ cA: true })
      .keyUsage(['keyCertSign'])
      .extension(certificatePoliciesCodec, policies('1.2.3', 9000))
      .extension(
        policyMappingsCodec,
        Array.from({ length: 100_000 }, (_, i) => ({ issuerDomainPolicy: `1.2.3.${i}`, subjectDomainPolicy: `1.2.5.${i}` })),
        true,
      )
      .sign(signerFromPrivateKey(rootKey.privateKey), { issuerCertificate: root, now: T0 });
    const leaf = await CertificateBuilder.create()
      .subject('CN=leaf')
      .publicKey(leafKey.publicKey)
      .notBefore(T0)
      .notAfter(END)
      .subjectAltNames(dns('a.example.com'))
      .extension(certificatePoliciesCodec, [{ policyIdentifier: '1.2.5.0' }, { policyIdentifier: '1.2.3.1' }])
      .sign(signerFromPrivateKey(icaKey.privateKey), { issuerCertificate: i1, now: T0 });
    for (const inhibit of [false, true]) {
      const out = verifyChainSync(leaf, { anchors: [root], intermediates: [i1], time: NOW, profile: 'rfc5280', policy: { initialPolicyMappingInhibit: inhibit } }).policies;
      // Mapped, 1.2.3.0 → 1.2.5.0 is the leaf's valid policy; with mapping inhibited, every
      // mapped node is deleted and the leaf's policies find no parent (RFC 5280 §6.1.4 (b)(2)).
      expect(out).toEqual(inhibit ? [] : ['1.2.5.0']);
    }
  });
});

describe('policy tree: mappings that multiply it at every level (the shape of CVE-2023-0464)', () => {
  // Each CA lists k policies and maps every one of them to all k policies of the other family, so
  // every node gets k children at the next level: k, k², k³, k⁴ nodes. With k = 20 the leaf's level
  // would hold 160,000 nodes; the tree must stop at MAX_POLICY_NODES with budget-exceeded.
  const family = (prefix: string, k: number) => Array.from({ length: k }, (_, i) => `${prefix}.${i}`);
  async function chain(k: number) {
    const p = family('1.2.3', k);
    const q = family('1.2.4', k);
    const all = (from: string[], to: string[]) => from.flatMap((a) => to.map((b) => ({ issuerDomainPolicy: a, subjectDomainPolicy: b })));
    const keys = [icaKey, await generateKeyPair('P-256'), await generateKeyPair('P-256')];
    const cas: Certificate[] = [];
    let issuer = root;
    let issuerKey = rootKey;
    for (let level = 0; level < 3; level++) {
      const [own, other] = level % 2 === 0 ? [p, q] : [q, p];
      const ca = await CertificateBuilder.create()
        .subject(`CN=Mapping CA ${level}`)
        .publicKey(keys[level]!.publicKey)
        .notBefore(T0)
        .notAfter(END)
        .basicConstraints({ cA: true })
        .keyUsage(['keyCertSign'])
        .extension(
          certificatePoliciesCodec,
          own.map((policyIdentifier) => ({ policyIdentifier })),
        )
        .extension(policyMappingsCodec, all(own, other), true)
        .sign(signerFromPrivateKey(issuerKey.privateKey), { issuerCertificate: issuer, now: T0 });
      cas.push(ca);
      issuer = ca;
      issuerKey = keys[level]!;
    }
    const leaf = await CertificateBuilder.create()
      .subject('CN=leaf')
      .publicKey(leafKey.publicKey)
      .notBefore(T0)
      .notAfter(END)
      .subjectAltNames(dns('a.example.com'))
      .extension(
        certificatePoliciesCodec,
        q.map((policyIdentifier) => ({ policyIdentifier })),
      )
      .sign(signerFromPrivateKey(issuerKey.privateKey), { issuerCertificate: issuer, now: T0 });
    return { leaf, cas, q };
  }

  it('k = 3 (120 nodes) validates with the mapped policies; k = 20 stops at the node budget', { timeout: 20_000 }, async () => {
    const small = await chain(3);
    const r = verifyChainSync(small.leaf, { anchors: [root], intermediates: small.cas, time: NOW, profile: 'rfc5280' });
    expect([...r.policies].sort()).toEqual(small.q);
    const big = await chain(20);
    expect(20 + 20 ** 2 + 20 ** 3).toBeLessThan(MAX_POLICY_NODES); // the three CAs' levels fit…
    expect(20 ** 4).toBeGreaterThan(MAX_POLICY_NODES); // …the leaf's level does not
    const opts = { anchors: [root], intermediates: big.cas, time: NOW, profile: 'rfc5280' } as const;
    expect(outcome(() => verifyChainSync(big.leaf, opts))).toBe('budget-exceeded');
    // With policy mapping inhibited from the start, the tree stays at k nodes a level and is pruned.
    expect(outcome(() => verifyChainSync(big.leaf, { ...opts, policy: { initialPolicyMappingInhibit: true } }))).not.toBe('budget-exceeded');
  });
});

describe('identity checks: a reference host that is an IPv4 address to URL parsers', () => {
  it('never matches a dNSName SAN holding the same text', async () => {
    const ica = await constrainedCa({ excluded: [{ base: dns('evil.test') }] });
    // Private CAs often (wrongly) put addresses in dNSName SANs.
    const cert = await leafOf(ica, [dns('1.2.3.4'), dns('010.0.0.1'), dns('0x7f.1'), dns('app.example.com')]);
    expect(new URL('http://1.2.3.4./').hostname).toBe('1.2.3.4');
    expect(new URL('http://010.0.0.1/').hostname).toBe('8.0.0.1');
    expect(matchesHostname(cert, '1.2.3.4.')).toBe(false);
    expect(matchesHostname(cert, '010.0.0.1')).toBe(false);
    expect(matchesHostname(cert, '0x7f.1')).toBe(false);
    expect(matchesHostname(cert, '1.2.3.4')).toBe(false); // an IP literal: iPAddress SANs only
    expect(matchesHostname(cert, 'app.example.com')).toBe(true);
    expect(matchesHostname(cert, 'app.example.com.')).toBe(false); // absolute names are refused (docs/conformance.md)
  });
});

describe('path building: a large pool with one subject', () => {
  // The test timeout is the hang guard (no timing assertions): before the fix this took 8 s.
  it('5,000 near-identical certificates, and 5,000 copies of the right one, index in linear time', { timeout: 5_000 }, async () => {
    const ica = await constrainedCa({ permitted: [{ base: dns('example.com') }] });
    const leaf = await leafOf(ica, [dns('app.example.com')]);
    const junk: Certificate[] = [];
    for (let i = 0; junk.length < 5000; i++) {
      const d = ica.raw.slice();
      d[d.length - 1] = i & 0xff;
      d[d.length - 2] = (i >> 8) & 0xff;
      try {
        junk.push(parseCertificate(d));
      } catch {
        // an ECDSA signature whose last INTEGER became non-minimal: skip it
      }
    }
    // Every junk certificate costs a signature check: the budget stops the search, quickly.
    expect(outcome(() => verifyChainSync(leaf, opts(ica, { intermediates: [...junk, ica] })))).toBe('budget-exceeded');
    const copies = Array.from({ length: 5000 }, () => parseCertificate(ica.raw.slice()));
    expect(outcome(() => verifyChainSync(leaf, opts(ica, { intermediates: copies })))).toBe('valid');
  });
});
