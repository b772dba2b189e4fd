/**
 * The certificate authority: issuance per profile (extensions exactly as the profile says,
 * requested extensions dropped or refused as documented, keys, names, validity), refusals with
 * their finding codes, user-defined profiles, revocation, status, inventory, CRLs, the
 * root → intermediate set-up, and serial uniqueness (100,000 serials through the generator and
 * the store's reservation; a few hundred real issuances).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BUILTIN_PROFILES,
  CaError,
  CertificateAuthority,
  MemoryCaStore,
  createHierarchy,
  defineProfile,
  generateSerial,
  type CertificateProfile,
  type Hierarchy,
  type IssuanceFinding,
} from '../src/ca/index';
import { CsrBuilder, CertificateBuilder, generateKeyPair, parseCrl, signerFromPrivateKey, uri, verifyCrl, verifyCrlSync, email as emailName, type Csr, type PrivateKey } from '../src/index';
import { EXTENSION, KEY_PURPOSE } from '../src/oid/index';
import { encodeKeyUsage } from '../src/x509/index';
import { verifyChainSync } from '../src/path/index';
import {
  authorityInfoAccessCodec,
  authorityKeyIdentifierCodec,
  basicConstraintsCodec,
  certificateDnsNames,
  certificateEmailAddresses,
  certificateIpAddresses,
  certificatePoliciesCodec,
  certificatePublicKey,
  crlDistributionPointsCodec,
  extKeyUsageCodec,
  getExtension,
  isSelfSignedSync,
  keyUsageCodec,
  subjectKeyIdentifierCodec,
} from '../src/x509/index';
import { crlNumberCodec } from '../src/x509/index';
import { findCrlEntry } from '../src/crl/index';
import { invalidityDateCodec, reasonCodeCodec } from '../src/x509/index';
import { nameEquals } from '../src/x509/index';

const NOW = new Date('2025-06-01T12:00:00Z');
const clock = (): Date => new Date(NOW.getTime());
const DAY = 86_400_000;

let h: Hierarchy;
const keys: Record<string, PrivateKey> = {};

beforeAll(async () => {
  h = await createHierarchy({ root: { subject: { CN: 'Test Root CA', O: 'certkit tests' } }, intermediate: { subject: { CN: 'Test Issuing CA', O: 'certkit tests' } }, clock });
  const gen = async (name: string, alg: Parameters<typeof generateKeyPair>[0]): Promise<void> => {
    keys[name] = (await generateKeyPair(alg)).privateKey;
  };
  await Promise.all([
    gen('p256', 'P-256'),
    gen('p256b', 'P-256'),
    gen('p256c', 'P-256'),
    gen('p384', 'P-384'),
    gen('ed25519', 'Ed25519'),
    gen('ed448', 'Ed448'),
    gen('rsa2048', 'RSA-2048'),
    gen('rsa3072', 'RSA-3072'),
    gen('rsa1024', { rsa: 1024, allowWeak: true }),
  ]);
});

interface CsrSpec {
  subject?: Record<string, string> | string;
  sans?: Parameters<CsrBuilder['subjectAltNames']>;
  eku?: string[];
  ku?: Parameters<CsrBuilder['keyUsage']>[0];
  ca?: boolean;
  raw?: { oid: string; value: Uint8Array; critical?: boolean };
}

async function csr(key: PrivateKey, spec: CsrSpec = {}): Promise<Csr> {
  let b = CsrBuilder.create().subject(spec.subject ?? { CN: 'www.example.com' });
  if (spec.sans) b = b.subjectAltNames(...spec.sans);
  if (spec.eku) b = b.extKeyUsage(spec.eku);
  if (spec.ku) b = b.keyUsage(spec.ku);
  if (spec.ca) b = b.basicConstraints({ cA: true });
  if (spec.raw) b = b.extension(spec.raw);
  return b.sign(signerFromPrivateKey(key));
}

async function refused(p: Promise<unknown>): Promise<IssuanceFinding[]> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(CaError);
    expect((e as CaError).code).toBe('issuance-refused');
    return [...(e as CaError).findings];
  }
  throw new Error('expected the issuance to be refused');
}

const errorCodes = (f: readonly IssuanceFinding[]): string[] =>
  f
    .filter((x) => x.severity === 'error')
    .map((x) => x.code)
    .sort();

/** extnID and critical of every extension, in order. */
function shape(c: { extensions: readonly { oid: string; critical: boolean }[] }): string[] {
  const names = Object.fromEntries(Object.entries(EXTENSION).map(([k, v]) => [v, k]));
  return c.extensions.map((e) => `${names[e.oid] ?? e.oid}${e.critical ? '!' : ''}`);
}

describe('issuance per profile: extensions exactly as the profile says', () => {
  it('tls-server, ECDSA key: no keyEncipherment (RFC 8813), serverAuth, SANs, cA FALSE', async () => {
    const r = await h.intermediate.issue(await csr(keys.p256!, { subject: { CN: 'www.example.com', O: 'Example', C: 'US' }, sans: ['www.example.com', 'example.com', '192.0.2.1'] }), {
      profile: 'tls-server',
    });
    const c = r.certificate;
    expect(shape(c)).toEqual(['subjectKeyIdentifier', 'authorityKeyIdentifier', 'basicConstraints!', 'keyUsage!', 'extKeyUsage', 'subjectAltName']);
    expect(getExtension(c, basicConstraintsCodec)).toEqual({ cA: false });
    expect(getExtension(c, keyUsageCodec)).toEqual(['digitalSignature']);
    expect(getExtension(c, extKeyUsageCodec)).toEqual([KEY_PURPOSE.serverAuth]);
    expect(certificateDnsNames(c)).toEqual(['www.example.com', 'example.com']);
    expect(certificateIpAddresses(c)).toEqual(['192.0.2.1']);
    expect(c.subject.toString()).toBe('CN=www.example.com,O=Example,C=US');
    expect(nameEquals(c.issuer, h.intermediate.certificate.subject)).toBe(true);
    expect(getExtension(c, authorityKeyIdentifierCodec)?.keyIdentifier).toEqual(getExtension(h.intermediate.certificate, subjectKeyIdentifierCodec));
    expect(getExtension(c, subjectKeyIdentifierCodec)).toEqual(keys.p256!.publicKey.subjectKeyIdentifier());
    // Default validity: 90 days, both ends inclusive (RFC 5280 §4.1.2.5).
    expect(c.notBefore).toEqual(NOW);
    expect(c.notAfter.getTime()).toBe(NOW.getTime() + 90 * DAY - 1000);
    expect(r.chain.map((x) => x.subject.commonName)).toEqual(['www.example.com', 'Test Issuing CA', 'Test Root CA']);
    expect(r.warnings.map((w) => `${w.severity} ${w.code} ${w.field}`)).toEqual(['warning reserved-ip extensions.subjectAltName[2]']); // 192.0.2.0/24 is TEST-NET-1
    expect(r.record).toMatchObject({ serial: r.serial, profile: 'tls-server', sans: ['DNS:www.example.com', 'DNS:example.com', 'IP:192.0.2.1'] });
    const v = verifyChainSync(c, { anchors: [h.root.certificate], intermediates: [h.intermediate.certificate], hostname: 'example.com', purposes: ['serverAuth'], time: NOW });
    expect(v.chain).toHaveLength(3);
  });

  it('tls-server, RSA key: digitalSignature and keyEncipherment', async () => {
    const r = await h.intermediate.issue(await csr(keys.rsa2048!, { sans: ['www.example.com'] }), { profile: 'tls-server', validity: 30 });
    expect(getExtension(r.certificate, keyUsageCodec)).toEqual(['digitalSignature', 'keyEncipherment']);
    expect(r.certificate.notAfter.getTime()).toBe(NOW.getTime() + 30 * DAY - 1000);
  });

  it('tls-client: clientAuth, no SAN needed, CN required', async () => {
    const r = await h.intermediate.issue(await csr(keys.ed25519!, { subject: { CN: 'alice', O: 'Example' } }), { profile: 'tls-client' });
    expect(shape(r.certificate)).toEqual(['subjectKeyIdentifier', 'authorityKeyIdentifier', 'basicConstraints!', 'keyUsage!', 'extKeyUsage']);
    expect(getExtension(r.certificate, extKeyUsageCodec)).toEqual([KEY_PURPOSE.clientAuth]);
    expect(errorCodes(await refused(h.intermediate.issue(await csr(keys.ed25519!, { subject: { O: 'Example' } }), { profile: 'tls-client' })))).toEqual(['subject-missing-cn']);
  });

  it('email: emailProtection, rfc822Name SAN, emailAddress kept in the subject', async () => {
    const r = await h.intermediate.issue(await csr(keys.rsa2048!, { subject: { CN: 'Alice', emailAddress: 'alice@example.com' }, sans: [emailName('alice@example.com')] }), { profile: 'email' });
    expect(getExtension(r.certificate, keyUsageCodec)).toEqual(['digitalSignature', 'nonRepudiation', 'keyEncipherment']);
    expect(getExtension(r.certificate, extKeyUsageCodec)).toEqual([KEY_PURPOSE.emailProtection]);
    expect(certificateEmailAddresses(r.certificate)).toEqual(['alice@example.com']);
    expect(r.certificate.subject.get('emailAddress')).toEqual(['alice@example.com']);
    expect(r.certificate.notAfter.getTime()).toBe(NOW.getTime() + 365 * DAY - 1000);
    // No mailbox: refused (the linter's email-san-missing).
    expect(errorCodes(await refused(h.intermediate.issue(await csr(keys.rsa2048!, { subject: { CN: 'Alice' } }), { profile: 'email' })))).toEqual(['email-san-missing']);
  });

  it('code-signing: codeSigning, RSA 3072+ or P-256/P-384 only', async () => {
    const r = await h.intermediate.issue(await csr(keys.rsa3072!, { subject: { CN: 'Example Code Signer', O: 'Example' } }), { profile: 'code-signing' });
    expect(getExtension(r.certificate, extKeyUsageCodec)).toEqual([KEY_PURPOSE.codeSigning]);
    expect(getExtension(r.certificate, keyUsageCodec)).toEqual(['digitalSignature']);
    const f = await refused(h.intermediate.issue(await csr(keys.rsa2048!, { subject: { CN: 'Example Code Signer' } }), { profile: 'code-signing' }));
    expect(errorCodes(f)).toEqual(['key-not-allowed', 'rsa-key-too-small']);
  });

  it('sub-ca: cA TRUE with pathLenConstraint 0, keyCertSign and cRLSign, no extKeyUsage', async () => {
    const sub = await csr(keys.p384!, { subject: { CN: 'Another Issuing CA', O: 'Example' } });
    const r = await h.root.issue(sub, { profile: 'sub-ca' });
    expect(shape(r.certificate)).toEqual(['subjectKeyIdentifier', 'authorityKeyIdentifier', 'basicConstraints!', 'keyUsage!']);
    expect(getExtension(r.certificate, basicConstraintsCodec)).toEqual({ cA: true, pathLenConstraint: 0 });
    expect(getExtension(r.certificate, keyUsageCodec)).toEqual(['digitalSignature', 'keyCertSign', 'cRLSign']);
    expect(r.certificate.notAfter.getTime()).toBe(NOW.getTime() + 1825 * DAY - 1000);
    // pathLenConstraint 0 at the intermediate: it cannot certify another CA (RFC 5280 §4.2.1.9).
    const child = await refused(h.intermediate.issue(await csr(keys.p256c!, { subject: { CN: 'Too Deep CA' } }), { profile: 'sub-ca', validity: 365 }));
    expect(errorCodes(child)).toEqual(['path-length-exceeded']);
    expect(errorCodes(await refused(h.root.issue(sub, { profile: 'sub-ca', validity: 3651 })))).toEqual(['outlives-issuer', 'validity-too-long']);
  });
});

describe('requested extensions', () => {
  it("are replaced by the profile's or dropped, with warnings, under requestedExtensions 'drop'", async () => {
    const req = await csr(keys.p256!, {
      sans: ['www.example.com'],
      ku: ['keyCertSign', 'digitalSignature'],
      eku: ['serverAuth', 'clientAuth'],
      ca: true,
      raw: { oid: '1.3.6.1.4.1.55555.1', value: Uint8Array.of(0x05, 0x00) },
    });
    const r = await h.intermediate.issue(req, { profile: 'tls-server' });
    expect(getExtension(r.certificate, keyUsageCodec)).toEqual(['digitalSignature']);
    expect(getExtension(r.certificate, extKeyUsageCodec)).toEqual([KEY_PURPOSE.serverAuth]);
    expect(getExtension(r.certificate, basicConstraintsCodec)).toEqual({ cA: false });
    expect(r.certificate.extensions.some((e) => e.oid === '1.3.6.1.4.1.55555.1')).toBe(false);
    expect(r.warnings.map((w) => `${w.code}@${w.field}`).sort()).toEqual([
      'ca-requested@extensions.basicConstraints', // the linter's
      'request-extension-dropped@extensions.1.3.6.1.4.1.55555.1',
      'request-extension-overridden@extensions.basicConstraints',
      'request-extension-overridden@extensions.extKeyUsage',
      'request-extension-overridden@extensions.keyUsage',
    ]);
  });

  it("refuse the request under requestedExtensions 'refuse'", async () => {
    const f = await refused(h.intermediate.issue(await csr(keys.p256b!, { subject: { CN: 'Signer' }, eku: ['codeSigning', 'serverAuth'] }), { profile: 'code-signing' }));
    expect(errorCodes(f)).toEqual(['request-extension-refused']);
    expect(f.find((x) => x.code === 'request-extension-refused')?.field).toBe('extensions.extKeyUsage');
    // Asking for exactly what the profile gives is fine.
    const ok = await h.intermediate.issue(await csr(keys.p256b!, { subject: { CN: 'Signer' }, eku: ['codeSigning'] }), { profile: 'code-signing' });
    expect(ok.warnings.filter((w) => w.code.startsWith('request-'))).toEqual([]);
  });

  it('subjectAltName kinds and wildcards follow the profile; a name is never silently dropped', async () => {
    let f = await refused(h.intermediate.issue(await csr(keys.p256!, { sans: ['www.example.com', emailName('ops@example.com')] }), { profile: 'tls-server' }));
    expect(errorCodes(f)).toEqual(['san-kind-not-allowed']);
    expect(f[0]!.field).toBe('extensions.subjectAltName[1]');
    f = await refused(h.intermediate.issue(await csr(keys.p256!, { subject: { CN: 'dev' }, sans: ['*.example.com'] }), { profile: 'tls-client' }));
    expect(errorCodes(f)).toEqual(['wildcard-not-allowed']);
    const wild = await h.intermediate.issue(await csr(keys.p256!, { subject: { CN: '*.example.com' }, sans: ['*.example.com'] }), { profile: 'tls-server' });
    expect(certificateDnsNames(wild.certificate)).toEqual(['*.example.com']);
    const few = new CertificateAuthority({
      certificate: h.intermediate.certificate,
      signer: signerFromPrivateKey(h.intermediateKey),
      store: new MemoryCaStore(),
      chain: h.intermediate.chain,
      clock,
      profiles: [defineProfile({ ...BUILTIN_PROFILES['tls-server'], name: 'two-names', san: { required: true, allowed: ['dns'], wildcards: false, max: 2 } })],
    });
    f = await refused(few.issue(await csr(keys.p256!, { subject: { CN: 'a.example.com' }, sans: ['a.example.com', 'b.example.com', 'c.example.com'] }), { profile: 'two-names' }));
    expect(errorCodes(f)).toEqual(['too-many-sans']);
  });

  it('subject attributes the profile does not copy are dropped with a warning', async () => {
    const r = await h.intermediate.issue(await csr(keys.p256!, { subject: { CN: 'www.example.com', O: 'Example', emailAddress: 'x@example.com', title: 'Boss' }, sans: ['www.example.com'] }), {
      profile: 'tls-server',
    });
    expect(r.certificate.subject.toString()).toBe('CN=www.example.com,O=Example');
    expect(r.warnings.map((w) => w.code)).toEqual(['subject-attribute-dropped', 'subject-attribute-dropped']);
  });
});

describe('operator options', () => {
  it('extraSans complete a request without names; subjectOverride replaces the subject', async () => {
    const bare = await csr(keys.p256!, { subject: { CN: 'app.example.com' } });
    expect(errorCodes(await refused(h.intermediate.issue(bare, { profile: 'tls-server' })))).toEqual(['san-missing']);
    const r = await h.intermediate.issue(bare, { profile: 'tls-server', extraSans: ['app.example.com', 'IP:198.51.100.7'] });
    expect(certificateDnsNames(r.certificate)).toEqual(['app.example.com']);
    expect(certificateIpAddresses(r.certificate)).toEqual(['198.51.100.7']);
    const o = await h.intermediate.issue(await csr(keys.p256!, { subject: { CN: 'ignored', C: 'UK' } }), {
      profile: 'tls-server',
      subjectOverride: 'CN=chosen.example.com,O=Operator',
      extraSans: ['chosen.example.com'],
    });
    expect(o.certificate.subject.toString()).toBe('CN=chosen.example.com,O=Operator');
    expect(errorCodes(await refused(h.intermediate.issue(bare, { profile: 'tls-server', extraSans: ['bad_name.example.com'] })))).toEqual(['hostname-underscore']);
  });

  it('validity: explicit times, the maximum, and never past the issuer', async () => {
    const req = await csr(keys.p256!, { sans: ['www.example.com'] });
    const nb = new Date('2025-06-02T00:00:00Z');
    const r = await h.intermediate.issue(req, { profile: 'tls-server', validity: { notBefore: nb, notAfter: new Date('2025-07-01T23:59:59Z') } });
    expect([r.certificate.notBefore, r.certificate.notAfter]).toEqual([nb, new Date('2025-07-01T23:59:59Z')]);
    expect(errorCodes(await refused(h.intermediate.issue(req, { profile: 'tls-server', validity: 399 })))).toEqual(['validity-too-long']);
    await h.intermediate.issue(req, { profile: 'tls-server', validity: 398 });
    await expect(h.intermediate.issue(req, { profile: 'tls-server', validity: 0 })).rejects.toThrow(RangeError);
    await expect(h.intermediate.issue(req, { profile: 'tls-server', validity: 1.5 })).rejects.toThrow(RangeError);
    await expect(h.intermediate.issue(req, { profile: 'tls-server', validity: '30' as unknown as number })).rejects.toThrow(TypeError);
    await expect(h.intermediate.issue(req, { profile: 'nope' })).rejects.toMatchObject({ code: 'unknown-profile' });
  });
});

describe('refusals', () => {
  it('a request whose signature does not verify (proof of possession)', async () => {
    const good = await csr(keys.p256!, { sans: ['www.example.com'] });
    const der = good.raw.slice();
    der[der.length - 5]! ^= 0x01; // inside the signature value
    const store = h.intermediate.store as MemoryCaStore;
    const before = store.reservedCount;
    const f = await refused(h.intermediate.issue(der, { profile: 'tls-server' }));
    expect(f.map((x) => x.code)).toEqual(['csr-signature-invalid']);
    expect(store.reservedCount).toBe(before); // refused before a serial was taken
  });

  it("keys the profile does not allow, the CA's own keys, and 1024-bit RSA", async () => {
    // Ed448: the profile's key policy says no; the linter's CA/B rule is a warning for a private CA.
    const ed448 = await refused(h.intermediate.issue(await csr(keys.ed448!, { sans: ['www.example.com'] }), { profile: 'tls-server' }));
    expect(errorCodes(ed448)).toEqual(['key-not-allowed']);
    expect(ed448.find((x) => x.code === 'key-algorithm-not-allowed')?.severity).toBe('warning');
    expect(errorCodes(await refused(h.intermediate.issue(await csr(keys.ed448!, { subject: { CN: 'Signer' } }), { profile: 'code-signing' })))).toEqual(['key-not-allowed']);
    // Ed25519 is in tls-server's key policy: issued, with the CA/B rule as a warning.
    const ed = await h.intermediate.issue(await csr(keys.ed25519!, { sans: ['www.example.com'] }), { profile: 'tls-server' });
    expect(ed.warnings.map((w) => `${w.severity} ${w.code}`)).toEqual(['warning key-algorithm-not-allowed']);
    expect(errorCodes(await refused(h.intermediate.issue(await csr(keys.rsa1024!, { sans: ['www.example.com'] }), { profile: 'tls-server' })))).toEqual(['key-not-allowed', 'rsa-key-too-small']);
    expect(errorCodes(await refused(h.intermediate.issue(await csr(h.intermediateKey, { sans: ['www.example.com'] }), { profile: 'tls-server' })))).toEqual(['ca-key-reuse']);
    expect(errorCodes(await refused(h.intermediate.issue(await csr(h.rootKey, { sans: ['www.example.com'] }), { profile: 'tls-server' })))).toEqual(['ca-key-reuse']);
  });

  it('a second active certificate for one key under a uniqueKey profile', async () => {
    const req = await csr(keys.p256c!, { subject: { CN: 'Unique Signer' } });
    const first = await h.intermediate.issue(req, { profile: 'code-signing' });
    expect(errorCodes(await refused(h.intermediate.issue(req, { profile: 'code-signing' })))).toEqual(['duplicate-key']);
    // tls-server allows reuse; code-signing then sees two active certificates for the key.
    const tls = await h.intermediate.issue(await csr(keys.p256c!, { sans: ['signer.example.com'], subject: { CN: 'signer.example.com' } }), { profile: 'tls-server' });
    await h.intermediate.revoke(first.serial, 'superseded');
    expect(errorCodes(await refused(h.intermediate.issue(req, { profile: 'code-signing' })))).toEqual(['duplicate-key']);
    await h.intermediate.revoke(tls.serial, 'superseded');
    await h.intermediate.issue(req, { profile: 'code-signing' });
  });

  it('linter errors refuse; the private profile makes internal names and reserved IPs warnings', async () => {
    const f = await refused(h.intermediate.issue(await csr(keys.p256!, { subject: { CN: 'other.example.com', C: 'UK' }, sans: ['www.example.com'] }), { profile: 'tls-server' }));
    expect(errorCodes(f)).toEqual(['cn-not-in-san', 'country-invalid']);
    const r = await h.intermediate.issue(await csr(keys.p256!, { subject: { CN: 'localhost' }, sans: ['localhost', '127.0.0.1'] }), { profile: 'tls-server' });
    expect(r.warnings.map((w) => `${w.severity} ${w.code}`)).toEqual(['warning internal-name', 'warning reserved-ip']);
  });
});

describe('user-defined profiles', () => {
  it('embed certificate policies, CRL distribution points and AIA exactly', async () => {
    const profile: CertificateProfile = defineProfile({
      ...BUILTIN_PROFILES['tls-server'],
      name: 'intranet',
      description: 'intranet servers',
      validity: { defaultDays: 30, maxDays: 60 },
      policies: [
        {
          policyIdentifier: '1.3.6.1.4.1.55555.1.1',
          qualifiers: [
            { type: 'cps', uri: 'https://pki.example.com/cps' },
            { type: 'userNotice', explicitText: 'Intranet use only' },
          ],
        },
      ],
      crlDistributionPoints: ['http://pki.example.com/issuing.crl'],
      authorityInfoAccess: { ocsp: ['http://ocsp.example.com/'], caIssuers: ['http://pki.example.com/issuing.crt'] },
    });
    const ca = new CertificateAuthority({
      certificate: h.intermediate.certificate,
      signer: signerFromPrivateKey(h.intermediateKey),
      store: new MemoryCaStore(),
      chain: h.intermediate.chain,
      clock,
      profiles: [profile],
    });
    expect(ca.profiles.map((p) => p.name)).toEqual(['tls-server', 'tls-server-client', 'tls-client', 'email', 'code-signing', 'sub-ca', 'intranet']);
    const r = await ca.issue(await csr(keys.p256!, { sans: ['www.example.com'] }), { profile: 'intranet' });
    const c = r.certificate;
    expect(shape(c)).toEqual([
      'subjectKeyIdentifier',
      'authorityKeyIdentifier',
      'basicConstraints!',
      'keyUsage!',
      'extKeyUsage',
      'subjectAltName',
      'certificatePolicies',
      'cRLDistributionPoints',
      'authorityInfoAccess',
    ]);
    expect(getExtension(c, certificatePoliciesCodec)).toEqual([
      {
        policyIdentifier: '1.3.6.1.4.1.55555.1.1',
        qualifiers: [
          { type: 'cps', uri: 'https://pki.example.com/cps' },
          { type: 'userNotice', explicitText: 'Intranet use only', explicitTextTag: 12 },
        ], // UTF8String (RFC 5280 §4.2.1.4)
      },
    ]);
    expect(getExtension(c, crlDistributionPointsCodec)).toEqual([{ distributionPoint: { type: 'fullName', names: [uri('http://pki.example.com/issuing.crl')] } }]);
    expect(getExtension(c, authorityInfoAccessCodec)).toEqual([
      { method: '1.3.6.1.5.5.7.48.1', location: uri('http://ocsp.example.com/') },
      { method: '1.3.6.1.5.5.7.48.2', location: uri('http://pki.example.com/issuing.crt') },
    ]);
    expect(c.notAfter.getTime() - c.notBefore.getTime()).toBe(30 * DAY - 1000);
  });

  it('are checked: invalid-profile names the problem', () => {
    const base = BUILTIN_PROFILES['tls-server'];
    const bad: Array<[Partial<CertificateProfile>, RegExp]> = [
      [{ name: 'Bad Name' }, /profile name/],
      [{ validity: { defaultDays: 500, maxDays: 398 } }, /defaultDays 500 is above/],
      [{ keyUsage: ['digitalSignature', 'flying' as 'digitalSignature'] }, /unknown keyUsage bit 'flying'/],
      [{ keyUsage: ['keyCertSign'] }, /keyCertSign is for CA certificates/],
      [{ ca: {}, keyUsage: ['digitalSignature'] }, /needs keyCertSign/],
      [{ extKeyUsage: ['teleport'] }, /unknown key purpose 'teleport'/],
      [{ keys: {} }, /allows no key/],
      [{ san: { required: true, allowed: ['smtp' as 'dns'], wildcards: false } }, /unknown SAN kind 'smtp'/],
      [{ crlDistributionPoints: ['not a uri'] }, /not an absolute ASCII URI/],
      [{ lint: 'strict' as 'none' }, /unknown lint profile/],
    ];
    for (const [patch, msg] of bad) {
      let err: unknown;
      try {
        defineProfile({ ...base, ...patch } as CertificateProfile);
      } catch (e) {
        err = e;
      }
      expect(err, JSON.stringify(patch)).toBeInstanceOf(CaError);
      expect((err as CaError).code).toBe('invalid-profile');
      expect((err as CaError).message).toMatch(msg);
    }
    expect(() => defineProfile(null as unknown as CertificateProfile)).toThrow(TypeError);
  });
});

describe('the CA itself', () => {
  it('refuses a certificate that is not a CA, and a signer that is not its key', async () => {
    const leaf = (await h.intermediate.issue(await csr(keys.p256!, { sans: ['www.example.com'] }), { profile: 'tls-server' })).certificate;
    expect(() => new CertificateAuthority({ certificate: leaf, signer: signerFromPrivateKey(keys.p256!), store: new MemoryCaStore() })).toThrow(expect.objectContaining({ code: 'not-a-ca' }));
    expect(() => new CertificateAuthority({ certificate: h.intermediate.certificate, signer: signerFromPrivateKey(keys.p256!), store: new MemoryCaStore() })).toThrow(
      expect.objectContaining({ code: 'signer-mismatch' }),
    );
    // A CA certificate without keyCertSign cannot issue.
    const noSign = await CertificateBuilder.create()
      .subject({ CN: 'No Sign' })
      .basicConstraints({ cA: true })
      .extension({ oid: EXTENSION.keyUsage, critical: true, value: encodeKeyUsage(['cRLSign']) })
      .validityDays(10)
      .sign(signerFromPrivateKey(keys.p384!), { now: NOW });
    expect(() => new CertificateAuthority({ certificate: noSign, signer: signerFromPrivateKey(keys.p384!), store: new MemoryCaStore() })).toThrow(expect.objectContaining({ code: 'not-a-ca' }));
    expect(() => new CertificateAuthority({ certificate: 'pem' as never, signer: signerFromPrivateKey(keys.p384!), store: new MemoryCaStore() })).toThrow(TypeError);
    expect(() => new CertificateAuthority({ certificate: h.root.certificate, signer: signerFromPrivateKey(h.rootKey), store: {} as never })).toThrow(TypeError);
  });

  it('root → intermediate in one call: the root records the intermediate', async () => {
    expect(isSelfSignedSync(h.root.certificate)).toBe(true);
    expect(getExtension(h.root.certificate, basicConstraintsCodec)).toEqual({ cA: true });
    const recs = await h.root.list();
    expect(recs.find((r) => r.profile === 'sub-ca' && r.subject === 'CN=Test Issuing CA,O=certkit tests')).toBeDefined();
    expect(h.intermediate.chain).toEqual([h.root.certificate]);
  });
});

describe('revocation, status, inventory and CRLs', () => {
  it('revokes, reports status, lists by status and publishes numbered CRLs', async () => {
    let t = NOW.getTime();
    const tick = (): Date => new Date(t);
    const ca = new CertificateAuthority({
      certificate: h.intermediate.certificate,
      signer: signerFromPrivateKey(h.intermediateKey),
      store: new MemoryCaStore(),
      chain: h.intermediate.chain,
      clock: tick,
    });
    const a = await ca.issue(await csr(keys.p256!, { sans: ['a.example.com'], subject: { CN: 'a.example.com' } }), { profile: 'tls-server', validity: 10 });
    const b = await ca.issue(await csr(keys.p256b!, { sans: ['b.example.com'], subject: { CN: 'b.example.com' } }), { profile: 'tls-server', validity: 60 });
    const c = await ca.issue(await csr(keys.p384!, { sans: ['c.example.com'], subject: { CN: 'c.example.com' } }), { profile: 'tls-server', validity: 60 });
    t += DAY;
    const rec = await ca.revoke(b.serial, 'keyCompromise', { invalidityDate: new Date('2025-05-30T00:00:00Z') });
    expect(rec.revocation).toEqual({ date: '2025-06-02T12:00:00.000Z', reason: 'keyCompromise', invalidityDate: '2025-05-30T00:00:00.000Z' });
    await expect(ca.revoke(b.serial, 'keyCompromise')).rejects.toMatchObject({ code: 'already-revoked' });
    await expect(ca.revoke('abcdef', 'keyCompromise')).rejects.toMatchObject({ code: 'unknown-serial' });
    await expect(ca.revoke(c.serial, 'certificateHold' as 'unspecified')).rejects.toMatchObject({ code: 'invalid-reason' });
    await expect(ca.revoke(c.serial, 'removeFromCRL' as 'unspecified')).rejects.toMatchObject({ code: 'invalid-reason' });
    await expect(ca.revoke(c.serial, 'superseded', { invalidityDate: new Date('2030-01-01T00:00:00Z') })).rejects.toThrow(RangeError);
    await expect(ca.revoke('not hex', 'superseded')).rejects.toThrow(RangeError);
    t += 20 * DAY; // a has expired
    expect((await ca.status(a.serial)).status).toBe('expired');
    expect((await ca.status(b.serial)).status).toBe('revoked');
    expect((await ca.status(c.serial)).status).toBe('active');
    expect((await ca.status('1234')).status).toBe('unknown');
    expect((await ca.list({ status: 'active' })).map((r) => r.serial)).toEqual([c.serial]);
    expect((await ca.list({ status: 'revoked' })).map((r) => r.serial)).toEqual([b.serial]);
    expect((await ca.list()).length).toBe(3);

    const crl1 = await ca.generateCrl();
    await ca.revoke(c.serial, 'cessationOfOperation');
    const crl2 = await ca.generateCrl({ nextUpdate: new Date(t + 2 * DAY) });
    expect([getExtension(crl1, crlNumberCodec), getExtension(crl2, crlNumberCodec)]).toEqual([1n, 2n]); // RFC 5280 §5.2.3: monotonically increasing
    expect(crl1.thisUpdate).toEqual(tick());
    expect(crl1.nextUpdate).toEqual(new Date(t + 7 * DAY));
    expect(crl1.size).toBe(1);
    const e = findCrlEntry(crl1, BigInt('0x' + b.serial))!;
    expect([getExtension(e, reasonCodeCodec), getExtension(e, invalidityDateCodec), e.revocationDate]).toEqual(['keyCompromise', new Date('2025-05-30T00:00:00Z'), new Date('2025-06-02T12:00:00Z')]);
    expect(crl2.size).toBe(2);
    expect(verifyCrlSync(crl2, certificatePublicKey(h.intermediate.certificate))).toBe(true);
    expect(await verifyCrl(crl2, certificatePublicKey(h.intermediate.certificate))).toBe(true);
    expect(getExtension(crl2, authorityKeyIdentifierCodec)?.keyIdentifier).toEqual(getExtension(h.intermediate.certificate, subjectKeyIdentifierCodec));
    expect(nameEquals(crl2.issuer, h.intermediate.certificate.subject)).toBe(true);
    const latest = await ca.store.latestCrl();
    expect(getExtension(parseCrl(latest!.der), crlNumberCodec)).toBe(2n);
    await expect(ca.generateCrl({ nextUpdate: new Date(t - DAY) })).rejects.toThrow(RangeError);
    // Path validation sees the revocation.
    expect(() => verifyChainSync(b.certificate, { anchors: [h.root.certificate], intermediates: [h.intermediate.certificate], time: tick(), revocation: { crls: [crl2] } })).toThrow(
      expect.objectContaining({ code: 'revoked' }),
    );
  });
});

describe('serial numbers', () => {
  it('100,000 serials from the generator through the store reservation are all distinct, positive, 16 octets', async () => {
    // Signing 100,000 certificates takes minutes (about 3 ms each); the uniqueness guarantee
    // lives in the generator and the store's reservation, which is what an issuance runs
    // through before signing, so that path is measured here at full scale.
    const store = new MemoryCaStore();
    const t0 = performance.now();
    const seen = new Set<string>();
    let refusedReservations = 0;
    let badShape = 0;
    for (let i = 0; i < 100_000; i++) {
      const s = generateSerial();
      if (!(await store.reserveSerial(s))) refusedReservations++;
      seen.add(s);
      // 16 octets: the first octet is 0x01..0x7f (positive, never shorter than 121 bits).
      const v = BigInt('0x' + s);
      if (v < 1n << 120n || v >= 1n << 127n || s !== v.toString(16)) badShape++;
    }
    const ms = performance.now() - t0;
    expect(refusedReservations).toBe(0);
    expect(badShape).toBe(0);
    expect(seen.size).toBe(100_000);
    expect(store.reservedCount).toBe(100_000);
    // The reservation is what makes reuse impossible: every one of them is now refused.
    let again = 0;
    for (const s of seen) if (await store.reserveSerial(s)) again++;
    expect(again).toBe(0);
    console.log(`100,000 serials generated and reserved in ${ms.toFixed(0)} ms`);
  });

  it('real issuances get distinct serials that match the store, and a broken RNG never reuses one', async () => {
    const ca = new CertificateAuthority({ certificate: h.intermediate.certificate, signer: signerFromPrivateKey(h.intermediateKey), store: new MemoryCaStore(), chain: h.intermediate.chain, clock });
    const req = await csr(keys.p256!, { sans: ['www.example.com'] });
    const t0 = performance.now();
    const serials = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const r = await ca.issue(req, { profile: 'tls-server' });
      expect(r.certificate.serialNumberHex.replace(/^0/, '')).toBe(r.serial);
      serials.add(r.serial);
    }
    console.log(`300 issuances in ${(performance.now() - t0).toFixed(0)} ms`);
    expect(serials.size).toBe(300);
    expect((await ca.list()).map((r) => r.serial).sort()).toEqual([...serials].sort());
    // A random source stuck on one value: the first issuance works, the next refuses.
    const stuck = new CertificateAuthority({
      certificate: h.intermediate.certificate,
      signer: signerFromPrivateKey(h.intermediateKey),
      store: new MemoryCaStore(),
      chain: h.intermediate.chain,
      clock,
      random: (n) => new Uint8Array(n).fill(0x42),
    });
    const once = await stuck.issue(req, { profile: 'tls-server' });
    expect(once.serial).toBe('42'.repeat(16));
    await expect(stuck.issue(req, { profile: 'tls-server' })).rejects.toMatchObject({ code: 'serial-exhausted' });
    expect(generateSerial(() => new Uint8Array(16))).toBe('1' + '00'.repeat(15)); // a zero first octet becomes 0x01 (canonical hex drops the leading 0)
    expect(() => generateSerial(() => new Uint8Array(8))).toThrow(TypeError);
  });
});
