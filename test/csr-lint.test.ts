/**
 * lintCsr: a test per finding code, positive (the code is reported, at the right field, with
 * the right severity) and negative (a clean request or certificate reports nothing, and each
 * positive case has a near-identical negative twin), the profiles, the classic wildcard
 * example, and the certificate checks. A fixed clock for certificates.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CsrBuilder, checkDnsName, isPublicSuffix, lintCsr, parseCsr, reservedIpRange, wildcardCovers, type Csr, type LintCode, type LintFinding, type LintOptions } from '../src/csr/index';
import { DerWriter, Tag } from '../src/der/index';
import { generateKeyPair, type KeyPair } from '../src/keys/index';
import { PKCS9 } from '../src/oid/index';
import { signerFromPrivateKey, type Signer } from '../src/sig/index';
import { type Certificate, CertificateBuilder, encodeSubjectAltName, parseIpAddress, type GeneralName, nameFrom, nameFromAttributes, nameFromRdns } from '../src/x509/index';
import { algId, extReq, info, pyca, signed, str, wrap } from './csr-helpers';

const NOW = new Date('2026-01-15T10:00:00Z');
let p256: KeyPair;
let signer: Signer;
let good: Csr;
let rootCert: Certificate;
let rootSigner: Signer;

const GOOD_SUBJECT = { C: 'US', O: 'Acme', CN: 'www.example.com' };

beforeAll(async () => {
  p256 = await generateKeyPair('P-256');
  signer = signerFromPrivateKey(p256.privateKey);
  good = await CsrBuilder.create().subject(GOOD_SUBJECT).subjectAltNames('www.example.com', 'example.com').extKeyUsage(['serverAuth']).sign(signer);
  const root = await generateKeyPair('P-256');
  rootSigner = signerFromPrivateKey(root.privateKey);
  rootCert = await CertificateBuilder.selfSignedCa({ CN: 'Test Root', O: 'Acme' }).notBefore(new Date('2025-01-01T00:00:00Z')).validityDays(3650).sign(rootSigner, { now: NOW });
});

function codes(f: LintFinding[]): string[] {
  return f.map((x) => x.code);
}

function expectFinding(findings: LintFinding[], code: LintCode, field?: string, severity?: string): LintFinding {
  const f = findings.find((x) => x.code === code && (field === undefined || x.field === field));
  if (f === undefined) throw new Error(`expected ${code}${field ? ` at ${field}` : ''}, got ${JSON.stringify(findings.map((x) => `${x.code}@${x.field}`))}`);
  if (severity !== undefined) expect(f.severity).toBe(severity);
  expect(f.message.length).toBeGreaterThan(20);
  return f;
}

/** A request for `names` as DNS SANs (GeneralName objects, so no builder-side checks). */
function sanCsr(names: GeneralName[], subject: object = { CN: 'www.example.com' }, critical = false): Promise<Uint8Array> {
  return signed(signer, { subject: nameFrom(subject as Record<string, string>).raw, attributes: [extReq([{ oid: '2.5.29.17', critical, value: encodeSubjectAltName(names) }])] });
}

const dnsName = (value: string): GeneralName => ({ type: 'dns', value });

async function lintSan(names: string[], options?: LintOptions): Promise<LintFinding[]> {
  return lintCsr(parseCsr(await sanCsr(names.map(dnsName))), options);
}

/** An RSA SubjectPublicKeyInfo with a chosen modulus and exponent. */
function rsaSpki(n: bigint, e: bigint): Uint8Array {
  const inner = new DerWriter();
  inner.sequence((w) => {
    w.integer(n);
    w.integer(e);
  });
  const w = new DerWriter();
  w.sequence((w) => {
    w.raw(algId('1.2.840.113549.1.1.1', true));
    w.bitString(inner.finish());
  });
  return w.finish();
}

function ecSpki(curveOid: string, pointLen: number): Uint8Array {
  const w = new DerWriter();
  w.sequence((w) => {
    w.sequence((w) => {
      w.oid('1.2.840.10045.2.1');
      w.oid(curveOid);
    });
    const pt = new Uint8Array(pointLen).fill(7);
    pt[0] = 4;
    w.bitString(pt);
  });
  return w.finish();
}

/** A request around a hand-made SPKI (its signature cannot verify: only key findings are looked at). */
function keyCsr(spki: Uint8Array, sigAlg = '1.2.840.113549.1.1.11'): Csr {
  return parseCsr(wrap(info({ spki, subject: nameFrom(GOOD_SUBJECT).raw }), algId(sigAlg, sigAlg.startsWith('1.2.840.113549')), new Uint8Array(64)));
}

const RSA2048 = (1n << 2047n) + 12345n * 2n + 1n;

describe('a clean request and a clean certificate', () => {
  it('report nothing under tls-server', async () => {
    expect(lintCsr(good)).toEqual([]);
    const leaf = await CertificateBuilder.create()
      .subject(GOOD_SUBJECT)
      .publicKey(p256.publicKey)
      .subjectAltNames('www.example.com', 'example.com')
      .extKeyUsage(['1.3.6.1.5.5.7.3.1'])
      .notBefore(NOW)
      .validityDays(90)
      .sign(rootSigner, { issuerCertificate: rootCert, now: NOW });
    expect(lintCsr(leaf)).toEqual([]);
  });

  it('checks its arguments', () => {
    expect(() => lintCsr({} as Csr)).toThrow(TypeError);
    expect(() => lintCsr(good, { profile: 'web' as never })).toThrow(RangeError);
  });
});

describe('keys', () => {
  it('rsa-key-too-small (2048, 3072 for code signing)', async () => {
    expectFinding(lintCsr(keyCsr(rsaSpki((1n << 1023n) + 1n, 65537n))), 'rsa-key-too-small', 'subjectPublicKeyInfo', 'error');
    expect(codes(lintCsr(keyCsr(rsaSpki(RSA2048, 65537n))))).not.toContain('rsa-key-too-small');
    expectFinding(lintCsr(keyCsr(rsaSpki(RSA2048, 65537n)), { profile: 'code-signing' }), 'rsa-key-too-small');
    expect(codes(lintCsr(keyCsr(rsaSpki((1n << 3071n) + 1n, 65537n)), { profile: 'code-signing' }))).not.toContain('rsa-key-too-small');
  });

  it('rsa-modulus-not-byte-multiple', () => {
    expectFinding(lintCsr(keyCsr(rsaSpki((1n << 2050n) + 1n, 65537n))), 'rsa-modulus-not-byte-multiple', 'subjectPublicKeyInfo', 'error');
    expect(codes(lintCsr(keyCsr(rsaSpki(RSA2048, 65537n))))).not.toContain('rsa-modulus-not-byte-multiple');
  });

  it('rsa-exponent-invalid and rsa-exponent-small', () => {
    expectFinding(lintCsr(keyCsr(rsaSpki(RSA2048, 65536n))), 'rsa-exponent-invalid', 'subjectPublicKeyInfo', 'error');
    expectFinding(lintCsr(keyCsr(rsaSpki(RSA2048, 3n))), 'rsa-exponent-small', 'subjectPublicKeyInfo', 'warning');
    const ok = codes(lintCsr(keyCsr(rsaSpki(RSA2048, 65537n))));
    expect(ok).not.toContain('rsa-exponent-small');
    expect(ok).not.toContain('rsa-exponent-invalid');
  });

  it('ec-curve-weak and ec-curve-not-allowed', () => {
    expectFinding(lintCsr(keyCsr(ecSpki('1.2.840.10045.3.1.1', 49), '1.2.840.10045.4.3.2')), 'ec-curve-weak', 'subjectPublicKeyInfo', 'error');
    expectFinding(lintCsr(keyCsr(ecSpki('1.3.132.0.10', 65), '1.2.840.10045.4.3.2')), 'ec-curve-not-allowed', 'subjectPublicKeyInfo', 'error');
    expectFinding(lintCsr(keyCsr(ecSpki('1.3.36.3.3.2.8.1.1.7', 65), '1.2.840.10045.4.3.2'), { profile: 'none' }), 'ec-curve-not-allowed', undefined, 'warning');
    expect(codes(lintCsr(good)).filter((c) => c.startsWith('ec-'))).toEqual([]);
  });

  it('key-algorithm-not-allowed (EdDSA for public TLS, ML-DSA anywhere public)', async () => {
    const ed = await CsrBuilder.create()
      .subject(GOOD_SUBJECT)
      .subjectAltNames('www.example.com')
      .sign(signerFromPrivateKey((await generateKeyPair('Ed25519')).privateKey));
    expectFinding(lintCsr(ed), 'key-algorithm-not-allowed', 'subjectPublicKeyInfo', 'error');
    expect(codes(lintCsr(ed, { profile: 'email' }))).not.toContain('key-algorithm-not-allowed');
    const ml = await CsrBuilder.create()
      .subject(GOOD_SUBJECT)
      .sign(signerFromPrivateKey((await generateKeyPair('ML-DSA-44')).privateKey));
    expectFinding(lintCsr(ml, { profile: 'tls-client' }), 'key-algorithm-not-allowed', undefined, 'warning');
    expect(codes(lintCsr(ml, { profile: 'none' }))).not.toContain('key-algorithm-not-allowed');
  });

  it('public-key-unsupported (pyca dsa_sha1.pem)', () => {
    expectFinding(lintCsr(parseCsr(pyca('x509/requests/dsa_sha1.pem'))), 'public-key-unsupported', 'subjectPublicKeyInfo', 'error');
    expect(codes(lintCsr(good))).not.toContain('public-key-unsupported');
  });
});

describe('signatures', () => {
  it('signature-md5', () => {
    expectFinding(lintCsr(keyCsr(rsaSpki(RSA2048, 65537n), '1.2.840.113549.1.1.4')), 'signature-md5', 'signatureAlgorithm', 'error');
    expect(codes(lintCsr(keyCsr(rsaSpki(RSA2048, 65537n))))).not.toContain('signature-md5');
  });

  it('signature-sha1 (pyca rsa_sha1.pem; a warning under none)', () => {
    const c = parseCsr(pyca('x509/requests/rsa_sha1.pem'));
    expectFinding(lintCsr(c), 'signature-sha1', 'signatureAlgorithm', 'error');
    expectFinding(lintCsr(c, { profile: 'none' }), 'signature-sha1', 'signatureAlgorithm', 'warning');
    expect(codes(lintCsr(parseCsr(pyca('x509/requests/rsa_sha256.pem'))))).not.toContain('signature-sha1');
  });

  it('signature-weak-hash (pyca rsa_md4.pem)', () => {
    expectFinding(lintCsr(parseCsr(pyca('x509/requests/rsa_md4.pem'))), 'signature-weak-hash', 'signatureAlgorithm', 'error');
    expect(codes(lintCsr(good))).not.toContain('signature-weak-hash');
  });

  it('signature-invalid (a tampered request; pyca invalid_signature.pem)', () => {
    const der = good.raw.slice();
    der[der.indexOf(0x77)] = 0x76; // first 'w' of www.example.com in the subject
    expectFinding(lintCsr(parseCsr(der)), 'signature-invalid', 'signature', 'error');
    expectFinding(lintCsr(parseCsr(pyca('x509/requests/invalid_signature.pem'))), 'signature-invalid', 'signature');
    expect(codes(lintCsr(good))).not.toContain('signature-invalid');
  });

  it('signature-unsupported (pyca dsa_sha1.pem: cannot be checked)', () => {
    expectFinding(lintCsr(parseCsr(pyca('x509/requests/dsa_sha1.pem'))), 'signature-unsupported', 'signature', 'warning');
    expect(codes(lintCsr(good))).not.toContain('signature-unsupported');
  });
});

describe('names for TLS', () => {
  it('san-missing (tls-server only)', async () => {
    const c = await CsrBuilder.create().subject(GOOD_SUBJECT).sign(signer);
    expectFinding(lintCsr(c), 'san-missing', 'extensions.subjectAltName', 'error');
    expect(codes(lintCsr(c, { profile: 'tls-client' }))).not.toContain('san-missing');
    expect(codes(lintCsr(good))).not.toContain('san-missing');
  });

  it('cn-not-in-san, and the classic wildcard example', async () => {
    const c = await CsrBuilder.create().subject({ CN: 'samplename.com' }).subjectAltNames('*.samplename.com').sign(signer);
    const f = lintCsr(c, { hostnames: ['app.samplename.com', 'web.samplename.com', 'samplename.com', 'app.eu.samplename.com'] });
    expectFinding(f, 'cn-not-in-san', 'subject.CN', 'error');
    const notCovered = f.filter((x) => x.code === 'hostname-not-covered').map((x) => x.message.match(/'([^']+)'/)![1]);
    expect(notCovered).toEqual(['samplename.com', 'app.eu.samplename.com']);
    expect(wildcardCovers('*.samplename.com', 'app.samplename.com')).toBe(true);
    expect(wildcardCovers('*.samplename.com', 'web.samplename.com')).toBe(true);
    expect(wildcardCovers('*.samplename.com', 'samplename.com')).toBe(false);
    expect(wildcardCovers('*.samplename.com', 'app.eu.samplename.com')).toBe(false);
    // negative: CN one of the SANs, hostnames covered
    const ok = await CsrBuilder.create().subject({ CN: 'samplename.com' }).subjectAltNames('samplename.com', '*.samplename.com').sign(signer);
    expect(lintCsr(ok, { hostnames: ['samplename.com', 'app.samplename.com', 'WEB.samplename.com'] })).toEqual([]);
    // The linter matches hostnames as validation does: an absolute name is not covered.
    expect(codes(lintCsr(ok, { hostnames: ['WEB.samplename.com.'] }))).toEqual(['hostname-not-covered']);
    // a CN covered by a wildcard is still not a SAN value
    const wc = await CsrBuilder.create().subject({ CN: 'app.samplename.com' }).subjectAltNames('*.samplename.com').sign(signer);
    expect(expectFinding(lintCsr(wc), 'cn-not-in-san').message).toMatch(/covers it/);
  });

  it('cn-multiple', async () => {
    const c = await CsrBuilder.create()
      .subject(nameFromRdns([[['CN', 'a.example.com']], [['CN', 'b.example.com']]]))
      .subjectAltNames('a.example.com', 'b.example.com')
      .sign(signer);
    expectFinding(lintCsr(c), 'cn-multiple', 'subject.CN', 'error');
    expect(codes(lintCsr(good))).not.toContain('cn-multiple');
  });

  it('duplicate-san', async () => {
    expectFinding(await lintSan(['www.example.com', 'WWW.example.com']), 'duplicate-san', 'extensions.subjectAltName[1]', 'warning');
    expect(codes(await lintSan(['www.example.com', 'api.example.com']))).not.toContain('duplicate-san');
  });

  it('internal-name', async () => {
    expectFinding(await lintSan(['www.example.com', 'server.local']), 'internal-name', 'extensions.subjectAltName[1]', 'error');
    expectFinding(await lintSan(['www.example.com', 'intranet']), 'internal-name', 'extensions.subjectAltName[1]');
    expectFinding(await lintSan(['www.example.com', '*.corp']), 'internal-name', 'extensions.subjectAltName[1]');
    expect(codes(await lintSan(['www.example.com', 'server.local'], { profile: 'tls-client' }))).not.toContain('internal-name');
    // A wildcard straight over a public suffix is that finding, not an internal name.
    const overCom = codes(await lintSan(['www.example.com', '*.com']));
    expect(overCom).toContain('wildcard-public-suffix');
    expect(overCom).not.toContain('internal-name');
    expect(codes(await lintSan(['www.example.com', 'api.example.org']))).not.toContain('internal-name');
  });

  it('reserved-ip', async () => {
    const der = await sanCsr([dnsName('www.example.com'), { type: 'ip', value: parseIpAddress('10.1.2.3'), text: '10.1.2.3' }, { type: 'ip', value: parseIpAddress('fd00::1'), text: 'fd00::1' }]);
    const f = lintCsr(parseCsr(der));
    expectFinding(f, 'reserved-ip', 'extensions.subjectAltName[1]', 'error');
    expectFinding(f, 'reserved-ip', 'extensions.subjectAltName[2]', 'error');
    const pub = await sanCsr([dnsName('www.example.com'), { type: 'ip', value: parseIpAddress('8.8.8.8'), text: '8.8.8.8' }]);
    expect(codes(lintCsr(parseCsr(pub)))).not.toContain('reserved-ip');
    expect(reservedIpRange(parseIpAddress('100.64.0.1'))).toMatch(/RFC 6598/);
    expect(reservedIpRange(parseIpAddress('2001:db8::1'))).toMatch(/documentation/);
    expect(reservedIpRange(parseIpAddress('2606:4700::1'))).toBeUndefined();
  });

  const hostCases: Array<[LintCode, string, string]> = [
    ['ip-in-dns-name', '192.0.2.1', 'api.example.com'],
    ['hostname-empty-label', 'a..example.com', 'a.example.com'],
    ['hostname-trailing-dot', 'www.example.com.', 'www.example.com'],
    ['hostname-too-long', `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.example.com`, `${'a'.repeat(60)}.example.com`],
    ['hostname-label-too-long', `${'a'.repeat(64)}.example.com`, `${'a'.repeat(63)}.example.com`],
    ['hostname-underscore', '_dmarc.example.com', 'dmarc.example.com'],
    ['hostname-invalid-character', 'exa mple.com', 'exa-mple.com'],
    ['hostname-invalid-hyphen', '-www.example.com', 'w-w.example.com'],
    ['hostname-invalid-hyphen', 'ab--cd.example.com', 'xn--bcher-kva.example.com'],
    ['hostname-numeric-tld', 'www.example.123', 'www.example.xn--p1ai'],
    ['idn-invalid-a-label', 'xn--abc-.example.com', 'xn--mnchen-3ya.example.com'],
    ['wildcard-partial-label', 'w*.example.com', '*.example.com'],
    ['wildcard-not-leftmost', 'www.*.example.com', '*.www.example.com'],
    ['wildcard-multiple', '*.*.example.com', '*.example.com'],
    ['wildcard-public-suffix', '*.com', '*.example.com'],
    ['wildcard-public-suffix', '*.co.uk', '*.example.co.uk'],
    ['wildcard-public-suffix', '*.github.io', '*.project.github.io'],
  ];
  for (const [code, bad, fine] of hostCases) {
    it(`${code}: '${bad.length > 40 ? bad.slice(0, 40) + '...' : bad}' (not '${fine.length > 30 ? fine.slice(0, 30) + '...' : fine}')`, async () => {
      expectFinding(await lintSan(['www.example.com', bad]), code, 'extensions.subjectAltName[1]', 'error');
      expect(codes(await lintSan(['www.example.com', fine]))).not.toContain(code);
    });
  }

  it('idn-not-a-label (a U-label in the CN; SAN dNSNames cannot even hold one)', async () => {
    const c = await CsrBuilder.create().subject({ CN: 'bücher.example' }).sign(signer);
    expectFinding(lintCsr(c), 'idn-not-a-label', 'subject.CN', 'error');
    const a = await CsrBuilder.create().subject({ CN: 'xn--bcher-kva.example' }).sign(signer);
    expect(codes(lintCsr(a))).not.toContain('idn-not-a-label');
    expect(checkDnsName('bücher.example').map((p) => p.code)).toEqual(['idn-not-a-label']);
  });

  it('hostname-empty (through the CN check)', () => {
    expect(checkDnsName('').map((p) => p.code)).toEqual(['hostname-empty']);
    expect(checkDnsName('example.com')).toEqual([]);
    expect(isPublicSuffix('com')).toBe(true);
    expect(isPublicSuffix('example.com')).toBe(false);
  });

  it('hostname-not-covered (IPs too)', async () => {
    const der = await sanCsr([dnsName('www.example.com'), { type: 'ip', value: parseIpAddress('8.8.4.4'), text: '8.8.4.4' }]);
    const f = lintCsr(parseCsr(der), { hostnames: ['8.8.4.4', 'www.example.com', 'api.example.com', '8.8.8.8'] });
    expect(f.filter((x) => x.code === 'hostname-not-covered').map((x) => x.message.match(/'([^']+)'/)![1])).toEqual(['api.example.com', '8.8.8.8']);
  });

  it('email-san-missing (email profile)', async () => {
    expectFinding(lintCsr(good, { profile: 'email' }), 'email-san-missing', 'extensions.subjectAltName', 'error');
    const der = await sanCsr([{ type: 'email', value: 'jane@example.com' }], { CN: 'Jane' });
    expect(codes(lintCsr(parseCsr(der), { profile: 'email' }))).not.toContain('email-san-missing');
  });
});

describe('subject', () => {
  it('country-invalid', async () => {
    for (const c of ['UK', 'us']) {
      const r = await CsrBuilder.create().subject({ C: c, CN: 'www.example.com' }).subjectAltNames('www.example.com').sign(signer);
      expectFinding(lintCsr(r), 'country-invalid', 'subject.C', 'error');
    }
    expect(codes(lintCsr(good))).not.toContain('country-invalid');
  });

  it('attribute-too-long (RFC 5280 upper bounds)', async () => {
    const longO = nameFromAttributes([[{ type: '2.5.4.10', tag: Tag.UTF8_STRING, value: undefined, rawValue: str(Tag.UTF8_STRING, 'O'.repeat(65)) }]]);
    const der = await signed(signer, { subject: longO.raw, attributes: [extReq([{ oid: '2.5.29.17', value: encodeSubjectAltName([dnsName('www.example.com')]) }])] });
    expectFinding(lintCsr(parseCsr(der)), 'attribute-too-long', 'subject.O', 'error');
    const okO = await CsrBuilder.create()
      .subject({ O: 'O'.repeat(64), CN: 'www.example.com' })
      .subjectAltNames('www.example.com')
      .sign(signer);
    expect(codes(lintCsr(okO))).not.toContain('attribute-too-long');
  });

  it('subject-empty-no-san and subject-empty-san-not-critical', async () => {
    const none = await signed(signer, { subject: Uint8Array.of(0x30, 0) });
    expectFinding(lintCsr(parseCsr(none)), 'subject-empty-no-san', 'subject', 'error');
    const notCrit = await sanCsr([dnsName('www.example.com')], {}, false);
    expectFinding(lintCsr(parseCsr(notCrit)), 'subject-empty-san-not-critical', 'extensions.subjectAltName', 'error');
    const crit = await sanCsr([dnsName('www.example.com')], {}, true);
    const f = codes(lintCsr(parseCsr(crit)));
    expect(f).not.toContain('subject-empty-san-not-critical');
    expect(f).not.toContain('subject-empty-no-san');
  });

  it('email-invalid (emailAddress attribute and rfc822Name)', async () => {
    const c = await CsrBuilder.create().subject({ CN: 'www.example.com', emailAddress: 'not-an-address' }).subjectAltNames('www.example.com').sign(signer);
    expectFinding(lintCsr(c), 'email-invalid', 'subject.emailAddress', 'error');
    const san = await sanCsr([dnsName('www.example.com'), { type: 'email', value: 'jane@@example.com' }]);
    expectFinding(lintCsr(parseCsr(san)), 'email-invalid', 'extensions.subjectAltName[1]');
    const ok = await CsrBuilder.create().subject({ CN: 'www.example.com', emailAddress: 'jane.doe+tls@example.com' }).subjectAltNames('www.example.com').sign(signer);
    expect(codes(lintCsr(ok))).not.toContain('email-invalid');
  });

  it('subject-unreadable', async () => {
    const der = await signed(signer, { subject: Uint8Array.of(0x30, 0x02, 0x31, 0x00) }); // an empty RDN
    expectFinding(lintCsr(parseCsr(der)), 'subject-unreadable', 'subject', 'error');
    expect(codes(lintCsr(good))).not.toContain('subject-unreadable');
  });
});

describe('requested extensions and attributes', () => {
  it('extension-unreadable', async () => {
    const der = await signed(signer, { subject: nameFrom(GOOD_SUBJECT).raw, attributes: [extReq([{ oid: '2.5.29.17', value: Uint8Array.of(0x30, 0x00) }])] });
    expectFinding(lintCsr(parseCsr(der)), 'extension-unreadable', 'extensions.subjectAltName', 'error');
    expect(codes(lintCsr(good))).not.toContain('extension-unreadable');
  });

  it('unknown-critical-extension (pyca unsupported_extension_critical.pem)', () => {
    expectFinding(lintCsr(parseCsr(pyca('x509/requests/unsupported_extension_critical.pem'))), 'unknown-critical-extension', 'extensions.1.2.3.4', 'error');
    expect(codes(lintCsr(parseCsr(pyca('x509/requests/unsupported_extension.pem'))))).not.toContain('unknown-critical-extension');
  });

  it('eku-missing-purpose', async () => {
    const c = await CsrBuilder.create().subject(GOOD_SUBJECT).subjectAltNames('www.example.com').extKeyUsage(['clientAuth']).sign(signer);
    expectFinding(lintCsr(c), 'eku-missing-purpose', 'extensions.extKeyUsage', 'warning');
    expect(codes(lintCsr(c, { profile: 'tls-client' }))).not.toContain('eku-missing-purpose');
  });

  it('ca-requested', async () => {
    const c = await CsrBuilder.create().subject(GOOD_SUBJECT).subjectAltNames('www.example.com').basicConstraints({ cA: true }).sign(signer);
    expectFinding(lintCsr(c), 'ca-requested', 'extensions.basicConstraints', 'warning');
    const leaf = await CsrBuilder.create().subject(GOOD_SUBJECT).subjectAltNames('www.example.com').basicConstraints({ cA: false }).sign(signer);
    expect(codes(lintCsr(leaf))).not.toContain('ca-requested');
  });

  it('challenge-password-present (info)', async () => {
    const c = await CsrBuilder.create().subject(GOOD_SUBJECT).subjectAltNames('www.example.com').challengePassword('one-time').sign(signer);
    expectFinding(lintCsr(c), 'challenge-password-present', 'attributes.challengePassword', 'info');
    expect(codes(lintCsr(good))).not.toContain('challenge-password-present');
  });

  it('unusual-attribute (info): an unknown attribute, and the Microsoft extension request', async () => {
    const c = await CsrBuilder.create()
      .subject(GOOD_SUBJECT)
      .subjectAltNames('www.example.com')
      .attribute('1.2.840.113549.1.9.20', Uint8Array.of(0x1e, 0x02, 0x00, 0x41))
      .sign(signer);
    expectFinding(lintCsr(c), 'unusual-attribute', 'attributes[0]', 'info');
    const ms = await signed(signer, {
      subject: nameFrom(GOOD_SUBJECT).raw,
      attributes: [extReq([{ oid: '2.5.29.17', value: encodeSubjectAltName([dnsName('www.example.com')]) }], PKCS9.msExtensionRequest)],
    });
    expectFinding(lintCsr(parseCsr(ms)), 'unusual-attribute', 'attributes[0]', 'info');
    const un = await CsrBuilder.create().subject(GOOD_SUBJECT).subjectAltNames('www.example.com').unstructuredName('x').sign(signer);
    expect(codes(lintCsr(un))).not.toContain('unusual-attribute');
  });

  it('attribute-unreadable (pyca challenge-invalid.der)', () => {
    expectFinding(lintCsr(parseCsr(pyca('x509/requests/challenge-invalid.der'))), 'attribute-unreadable', 'attributes.challengePassword', 'error');
    expect(codes(lintCsr(parseCsr(pyca('x509/requests/challenge.pem'))))).not.toContain('attribute-unreadable');
  });

  it('never throws on odd but parsed requests (every pyca request)', () => {
    for (const f of ['basic_constraints.pem', 'challenge-unstructured.pem', 'freeipa-bad-critical.pem', 'long-form-attribute.pem', 'san_rsa_sha1.pem', 'ec_sha256.pem']) {
      const c = parseCsr(pyca(`x509/requests/${f}`), { lenient: true });
      for (const profile of ['tls-server', 'tls-client', 'email', 'code-signing', 'none'] as const) expect(Array.isArray(lintCsr(c, { profile }))).toBe(true);
    }
  });
});

describe('certificates', () => {
  async function leaf(build: (b: CertificateBuilder) => CertificateBuilder, notBefore = NOW): Promise<Certificate> {
    const b = CertificateBuilder.create().subject(GOOD_SUBJECT).publicKey(p256.publicKey).subjectAltNames('www.example.com').notBefore(notBefore);
    return build(b).sign(rootSigner, { issuerCertificate: rootCert, now: NOW });
  }

  it('validity-too-long (398 days before 2026-03-15, 200 after)', async () => {
    const a = await leaf((b) => b.validityDays(399), new Date('2025-06-01T00:00:00Z'));
    expectFinding(lintCsr(a), 'validity-too-long', 'validity', 'error');
    const b = await leaf((b) => b.validityDays(397), new Date('2025-06-01T00:00:00Z'));
    expect(codes(lintCsr(b))).not.toContain('validity-too-long');
    const c = await leaf((b) => b.validityDays(250), new Date('2026-04-01T00:00:00Z'));
    expect(expectFinding(lintCsr(c), 'validity-too-long').message).toMatch(/at most 200 days/);
    expect(codes(lintCsr(c, { profile: 'tls-client' }))).not.toContain('validity-too-long');
  });

  it('serial-low-entropy', async () => {
    const c = await leaf((b) => b.validityDays(90).serialNumber(5));
    expectFinding(lintCsr(c), 'serial-low-entropy', 'serialNumber', 'error');
    const d = await leaf((b) => b.validityDays(90).serialNumber(1n << 70n));
    expect(codes(lintCsr(d))).not.toContain('serial-low-entropy');
  });

  it('aki-missing and ski-missing', async () => {
    const c = await leaf((b) => b.validityDays(90).authorityKeyIdentifier(false).subjectKeyIdentifier(false));
    expectFinding(lintCsr(c), 'aki-missing', 'extensions.authorityKeyIdentifier', 'error');
    expectFinding(lintCsr(c), 'ski-missing', 'extensions.subjectKeyIdentifier', 'warning');
    expect(codes(lintCsr(rootCert))).not.toContain('aki-missing'); // self-signed
    const d = await leaf((b) => b.validityDays(90));
    expect(codes(lintCsr(d)).filter((x) => x.endsWith('-missing'))).toEqual([]);
  });

  it('ca-flag-on-leaf (tls-server)', async () => {
    const c = await leaf((b) => b.validityDays(90).basicConstraints({ cA: true }));
    expectFinding(lintCsr(c), 'ca-flag-on-leaf', 'extensions.basicConstraints', 'error');
    expect(codes(lintCsr(c, { profile: 'none' }))).not.toContain('ca-flag-on-leaf');
  });
});
