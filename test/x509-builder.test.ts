/**
 * CertificateBuilder: immutability, set-once fields, values checked when set, `sign()` listing
 * what is missing, the defaults (serial, validity encoding, SKI/AKI, self-signed), issuer
 * handling, the self-check after signing, every extension round-tripping typed, and
 * byte-identical re-signing. A fixed clock everywhere.
 */
import { sha1 } from '@noble/hashes/legacy.js';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { CertkitError, DerReader, Tag, bytesEqual, fromHex, toHex } from '../src/der/index';
import { generateKeyPair, parsePublicKey, type KeyPair } from '../src/keys/index';
import { signerFromPrivateKey, type Signer } from '../src/sig/index';
import {
  type Certificate,
  CertificateBuilder,
  CertificateBuilderError,
  Name,
  dn,
  dns,
  email,
  ip,
  makeExtension,
  parseCertificate,
  registeredId,
  upn,
  uri,
  type ExtensionValues,
  nameFromRdns,
} from '../src/x509/index';
import {
  decodeAllExtensions,
  authorityKeyIdentifierCodec,
  basicConstraintsCodec,
  certificateDnsNames,
  certificateEmailAddresses,
  certificateIpAddresses,
  certificatePublicKey,
  extKeyUsageCodec,
  findRawExtension,
  getDecodedExtension,
  getExtension,
  inhibitAnyPolicyCodec,
  isSelfIssued,
  isSelfSignedSync,
  keyUsageCodec,
  ocspNoCheckCodec,
  policyConstraintsCodec,
  subjectKeyIdentifierCodec,
  tlsFeatureCodec,
  verifyCertificate,
  verifyCertificateSync,
} from '../src/x509/index';

const NOW = new Date('2026-01-15T10:20:30.456Z');
let root: KeyPair;
let inter: KeyPair;
let leaf: KeyPair;
let rootSigner: Signer;
let interSigner: Signer;

beforeAll(async () => {
  [root, inter, leaf] = await Promise.all([generateKeyPair('P-256'), generateKeyPair('P-256'), generateKeyPair('Ed25519')]);
  rootSigner = signerFromPrivateKey(root.privateKey);
  interSigner = signerFromPrivateKey(inter.privateKey);
});

async function expectBuilderError(p: Promise<unknown> | (() => unknown), code: string): Promise<CertificateBuilderError> {
  try {
    if (typeof p === 'function') p();
    else await p;
  } catch (e) {
    expect(e).toBeInstanceOf(CertificateBuilderError);
    expect((e as CertificateBuilderError).code).toBe(code);
    return e as CertificateBuilderError;
  }
  throw new Error(`expected CertificateBuilderError ${code}`);
}

/** The raw Time elements of a certificate's validity. */
function validityElements(cert: Certificate): Array<{ tag: number; text: string }> {
  const r = new DerReader(cert.rawValidity).enter();
  const out = [];
  while (!r.atEnd) {
    const t = r.readTlv();
    out.push({ tag: t.tag, text: new TextDecoder().decode(t.value) });
  }
  return out;
}

describe('immutability and set-once', () => {
  it('each setter returns a new builder and leaves the old one unchanged', async () => {
    const a = CertificateBuilder.create();
    const b = a.subject({ CN: 'x' });
    expect(b).not.toBe(a);
    const c = b.notAfter(new Date('2027-01-01T00:00:00Z'));
    // `a` still lacks everything, `b` still lacks notAfter
    const ea = await expectBuilderError(a.sign(rootSigner, { now: NOW }), 'missing-fields');
    expect(ea.message).toContain('subject');
    const eb = await expectBuilderError(b.sign(rootSigner, { now: NOW }), 'missing-fields');
    expect(eb.message).toContain('notAfter');
    expect(eb.message).not.toContain('subject');
    const cert = await c.sign(rootSigner, { now: NOW });
    expect(cert.subject.commonName).toBe('x');
  });

  it('refuses to set a field twice', async () => {
    const b = CertificateBuilder.create().subject('CN=a').serialNumber(5n).notBefore(NOW).validityDays(1);
    await expectBuilderError(() => b.subject('CN=b'), 'already-set');
    await expectBuilderError(() => b.serialNumber(6n), 'already-set');
    await expectBuilderError(() => b.notBefore(NOW), 'already-set');
    await expectBuilderError(() => b.notAfter(NOW), 'already-set');
    await expectBuilderError(() => b.validityDays(2), 'already-set');
    await expectBuilderError(() => b.noExpiry(), 'already-set');
    const k = b.publicKey(leaf.publicKey);
    await expectBuilderError(() => k.publicKey(leaf.publicKey), 'already-set');
    const s = b.subjectKeyIdentifier(Uint8Array.of(1));
    await expectBuilderError(() => s.subjectKeyIdentifier(false), 'already-set');
    await expectBuilderError(() => s.extension(makeExtension('subjectKeyIdentifier', Uint8Array.of(2))), 'duplicate-extension');
    const e = b.basicConstraints({ cA: false });
    await expectBuilderError(() => e.basicConstraints({ cA: true }), 'duplicate-extension');
    await expectBuilderError(() => e.extension({ oid: '2.5.29.19', value: fromHex('3000') }), 'duplicate-extension');
  });

  it('checks values when they are set', () => {
    const b = CertificateBuilder.create();
    expect(() => b.serialNumber(0n)).toThrow(RangeError);
    expect(() => b.serialNumber(-1)).toThrow(RangeError);
    expect(() => b.serialNumber(1n << 160n)).toThrow(RangeError);
    expect(() => b.serialNumber(1.5)).toThrow(RangeError);
    expect(() => b.serialNumber('xyz')).toThrow(RangeError);
    expect(() => b.serialNumber({} as unknown as bigint)).toThrow(TypeError);
    expect(() => b.notBefore(new Date(NaN))).toThrow(RangeError);
    expect(() => b.notBefore('2020-01-01' as unknown as Date)).toThrow(TypeError);
    expect(() => b.notAfter(new Date('1949-12-31T23:59:59Z'))).toThrow(RangeError);
    expect(() => b.notBefore(new Date('2030-01-01T00:00:00Z')).notAfter(new Date('2029-01-01T00:00:00Z'))).toThrow(RangeError);
    expect(() => b.notAfter(new Date('2029-01-01T00:00:00Z')).notBefore(new Date('2030-01-01T00:00:00Z'))).toThrow(RangeError);
    expect(() => b.validityDays(0)).toThrow(RangeError);
    expect(() => b.validityDays('1' as unknown as number)).toThrow(TypeError);
    expect(() => b.subject(42 as unknown as string)).toThrow(TypeError);
    expect(() => b.subject('not a dn')).toThrow(CertkitError);
    expect(() => b.subject({ C: 'USA' })).toThrow(RangeError);
    expect(() => b.publicKey(Uint8Array.of(1, 2, 3))).toThrow(CertkitError);
    expect(() => b.publicKey(5 as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => b.subjectAltNames()).toThrow(RangeError);
    expect(() => b.subjectAltNames('bad name!')).toThrow();
    expect(() => b.subjectAltNames('1.2.3.4.5')).toThrow();
    expect(() => b.extKeyUsage(['noSuchPurpose'])).toThrow(RangeError);
    expect(() => b.keyUsage([])).toThrow(CertkitError);
    expect(() => b.extension({ oid: 'x', value: new Uint8Array(0) })).toThrow();
    expect(() => b.extension({ oid: '1.2.3', value: 'x' as unknown as Uint8Array })).toThrow(TypeError);
    expect(() => b.subjectKeyIdentifier(new Uint8Array(0))).toThrow(RangeError);
  });

  it('sign() lists everything that is missing', async () => {
    const e = await expectBuilderError(CertificateBuilder.create().sign(rootSigner, { issuerCertificate: await selfSignedRoot() }), 'missing-fields');
    expect(e.message).toMatch(/subject.*publicKey.*notAfter/);
  });
});

async function selfSignedRoot(): Promise<Certificate> {
  return CertificateBuilder.selfSignedCa({ CN: 'Test Root', O: 'certkit', C: 'US' }, { pathLength: 1 })
    .notBefore(new Date('2026-01-01T00:00:00Z'))
    .notAfter(new Date('2036-01-01T00:00:00Z'))
    .serialNumber(1n)
    .sign(rootSigner, { now: NOW });
}

describe('defaults', () => {
  it('self-signed roots in one call: issuer = subject, signer key, SKI = AKI, v3, CA extensions', async () => {
    const r = await selfSignedRoot();
    expect(r.version).toBe(3);
    expect(bytesEqual(r.rawIssuer, r.rawSubject)).toBe(true);
    expect(bytesEqual(r.rawSpki, rootSigner.publicKey)).toBe(true);
    expect(isSelfIssued(r)).toBe(true);
    expect(isSelfSignedSync(r)).toBe(true);
    expect(getExtension(r, basicConstraintsCodec)).toEqual({ cA: true, pathLenConstraint: 1 });
    expect(findRawExtension(r, '2.5.29.19')!.critical).toBe(true);
    expect([...getExtension(r, keyUsageCodec)!]).toEqual(['keyCertSign', 'cRLSign']);
    // RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING contents
    const key = parsePublicKey(r.rawSpki);
    expect(toHex(getExtension(r, subjectKeyIdentifierCodec)!)).toBe(toHex(sha1(key.keyBytes)));
    expect(toHex(getExtension(r, authorityKeyIdentifierCodec)!.keyIdentifier!)).toBe(toHex(getExtension(r, subjectKeyIdentifierCodec)!));
    expect(r.extensions.map((e) => e.oid).slice(0, 2)).toEqual(['2.5.29.14', '2.5.29.35']);
  });

  it('a random positive 16-octet serial, different each time', async () => {
    const b = CertificateBuilder.create().subject('CN=s').notBefore(NOW).validityDays(1);
    const serials = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const c = await b.sign(rootSigner, { now: NOW });
      expect(c.rawSerial.length).toBe(16);
      expect(c.rawSerial[0]).toBeGreaterThan(0);
      expect(c.rawSerial[0]).toBeLessThan(0x80);
      expect(c.serialNumber > 0n).toBe(true);
      serials.add(c.serialNumberHex);
    }
    expect(serials.size).toBe(8);
  });

  it('notBefore defaults to the signing time without milliseconds; validityDays counts from it', async () => {
    const c = await CertificateBuilder.create().subject('CN=t').validityDays(90).sign(rootSigner, { now: NOW });
    expect(c.notBefore.toISOString()).toBe('2026-01-15T10:20:30.000Z');
    expect(c.notAfter.toISOString()).toBe('2026-04-15T10:20:30.000Z');
    expect(validityElements(c)).toEqual([
      { tag: Tag.UTC_TIME, text: '260115102030Z' },
      { tag: Tag.UTC_TIME, text: '260415102030Z' },
    ]);
  });

  it('encodes validity per RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050, 99991231235959Z', async () => {
    const base = CertificateBuilder.create().subject('CN=t');
    const a = await base.notBefore(new Date('2049-12-31T23:59:59Z')).notAfter(new Date('2050-01-01T00:00:00Z')).sign(rootSigner, { now: NOW });
    expect(validityElements(a)).toEqual([
      { tag: Tag.UTC_TIME, text: '491231235959Z' },
      { tag: Tag.GENERALIZED_TIME, text: '20500101000000Z' },
    ]);
    const b = await base.notBefore(new Date('1950-01-01T00:00:00Z')).noExpiry().sign(rootSigner, { now: NOW });
    expect(validityElements(b)).toEqual([
      { tag: Tag.UTC_TIME, text: '500101000000Z' },
      { tag: Tag.GENERALIZED_TIME, text: '99991231235959Z' },
    ]);
    expect(b.notAfter.toISOString()).toBe('9999-12-31T23:59:59.000Z');
  });

  it('property: any validity in 1950-9999 round-trips to the second', async () => {
    const cases = fc.sample(fc.tuple(fc.date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }), fc.integer({ min: 0, max: 1e11 })), 25);
    for (const [d, extra] of cases) {
      const nb = new Date(Math.floor(d.getTime() / 1000) * 1000);
      const na = new Date(Math.min(nb.getTime() + extra * 1000, Date.UTC(9999, 11, 31, 23, 59, 59)));
      const c = await CertificateBuilder.create().subject('CN=p').notBefore(d).notAfter(na).sign(rootSigner, { now: NOW });
      expect(c.notBefore.getTime()).toBe(nb.getTime());
      expect(c.notAfter.getTime()).toBe(Math.floor(na.getTime() / 1000) * 1000);
      const [x, y] = validityElements(c);
      expect(x!.tag).toBe(nb.getUTCFullYear() < 2050 ? Tag.UTC_TIME : Tag.GENERALIZED_TIME);
      expect(y!.tag).toBe(na.getUTCFullYear() < 2050 ? Tag.UTC_TIME : Tag.GENERALIZED_TIME);
    }
  });

  it('SKI and AKI can be chosen or left out', async () => {
    const c = await CertificateBuilder.create().subject('CN=k').validityDays(1).subjectKeyIdentifier(fromHex('0102')).authorityKeyIdentifier(false).sign(rootSigner, { now: NOW });
    expect(toHex(getExtension(c, subjectKeyIdentifierCodec)!)).toBe('0102');
    expect(getExtension(c, authorityKeyIdentifierCodec)).toBeUndefined();
    const d = await CertificateBuilder.create().subject('CN=k').validityDays(1).subjectKeyIdentifier(false).sign(rootSigner, { now: NOW });
    expect(getExtension(d, subjectKeyIdentifierCodec)).toBeUndefined();
    expect(getExtension(d, authorityKeyIdentifierCodec)!.keyIdentifier!.length).toBe(20);
  });
});

describe('issuers and chains', () => {
  it('builds root → intermediate → leaf; names chain byte for byte, AKI = issuer SKI, signatures verify', async () => {
    const r = await selfSignedRoot();
    const i = await CertificateBuilder.create()
      .subject({ CN: 'Test Intermediate', O: 'certkit' })
      .publicKey(inter.publicKey)
      .validityDays(1000)
      .basicConstraints({ cA: true, pathLenConstraint: 0 })
      .keyUsage(['keyCertSign', 'cRLSign'])
      .sign(rootSigner, { issuerCertificate: r, now: NOW });
    const l = await CertificateBuilder.create()
      .subject({ CN: 'leaf.example' })
      .publicKey(leaf.publicKey.toPem())
      .validityDays(90)
      .subjectAltNames('leaf.example', 'www.leaf.example', '192.0.2.7', '2001:db8::7')
      .extKeyUsage(['serverAuth'])
      .sign(interSigner, { issuerCertificate: i, now: NOW });
    expect(bytesEqual(i.rawIssuer, r.rawSubject)).toBe(true);
    expect(bytesEqual(l.rawIssuer, i.rawSubject)).toBe(true);
    expect(toHex(getExtension(i, authorityKeyIdentifierCodec)!.keyIdentifier!)).toBe(toHex(getExtension(r, subjectKeyIdentifierCodec)!));
    expect(toHex(getExtension(l, authorityKeyIdentifierCodec)!.keyIdentifier!)).toBe(toHex(getExtension(i, subjectKeyIdentifierCodec)!));
    expect(verifyCertificateSync(i, r)).toBe(true);
    expect(verifyCertificateSync(l, i)).toBe(true);
    expect(verifyCertificateSync(l, r)).toBe(false);
    expect(await verifyCertificate(l, certificatePublicKey(i))).toBe(true);
    expect(certificateDnsNames(l)).toEqual(['leaf.example', 'www.leaf.example']);
    expect(certificateIpAddresses(l)).toEqual(['192.0.2.7', '2001:db8::7']);
    expect(getExtension(l, extKeyUsageCodec)).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(isSelfIssued(l)).toBe(false);
    expect(isSelfSignedSync(l)).toBe(false);
    expect(certificatePublicKey(l).algorithm).toBe('Ed25519');
  });

  it("refuses a signer whose key is not the issuer certificate's, and a contradicting issuer name", async () => {
    const r = await selfSignedRoot();
    const b = CertificateBuilder.create().subject('CN=x').publicKey(leaf.publicKey).validityDays(1);
    await expectBuilderError(b.sign(interSigner, { issuerCertificate: r, now: NOW }), 'issuer-key-mismatch');
    await expectBuilderError(b.issuer('CN=Someone Else').sign(rootSigner, { issuerCertificate: r, now: NOW }), 'issuer-name-mismatch');
    // an equal name under RFC 5280 §7.1 is fine, and the issuer certificate's bytes are used
    const ok = await b.issuer('CN=test  root,O=CERTKIT,C=us').sign(rootSigner, { issuerCertificate: r, now: NOW });
    expect(bytesEqual(ok.rawIssuer, r.rawSubject)).toBe(true);
    await expect(b.sign(rootSigner, { issuerCertificate: 'x' as unknown as Certificate })).rejects.toThrow(TypeError);
    await expect(b.sign({} as Signer)).rejects.toThrow(TypeError);
  });

  it('refuses an empty subject without subjectAltName, and makes the SAN critical when the subject is empty', async () => {
    const b = CertificateBuilder.create().subject(nameFromRdns([])).validityDays(1);
    await expectBuilderError(b.sign(rootSigner, { now: NOW }), 'empty-subject');
    const c = await b.subjectAltNames(email('a@example.com')).sign(rootSigner, { now: NOW });
    expect(findRawExtension(c, '2.5.29.17')!.critical).toBe(true);
    expect(certificateEmailAddresses(c)).toEqual(['a@example.com']);
  });
});

describe('the self-check after signing', () => {
  it('throws self-check-failed when the signature does not verify', async () => {
    const b = CertificateBuilder.create().subject('CN=x').validityDays(1);
    const broken: Signer = {
      algorithm: rootSigner.algorithm,
      publicKey: rootSigner.publicKey,
      sign: async (d) => {
        const s = await rootSigner.sign(d);
        s[s.length - 1]! ^= 1;
        return s;
      },
    };
    const e = await expectBuilderError(b.sign(broken, { now: NOW }), 'self-check-failed');
    expect(e.message).toContain('nothing was issued');
    const liar: Signer = { algorithm: rootSigner.algorithm, publicKey: interSigner.publicKey, sign: (d) => rootSigner.sign(d) };
    await expectBuilderError(b.publicKey(leaf.publicKey).sign(liar, { now: NOW }), 'self-check-failed');
    const wrongType: Signer = { ...rootSigner, sign: async () => 'sig' as unknown as Uint8Array };
    await expect(b.sign(wrongType, { now: NOW })).rejects.toThrow(TypeError);
  });
});

describe('every extension round-trips, typed', () => {
  it('builds a certificate with every RFC 5280 extension and reads back the same values', async () => {
    const values: Partial<ExtensionValues> = {
      basicConstraints: { cA: true, pathLenConstraint: 3 },
      keyUsage: ['digitalSignature', 'keyCertSign', 'cRLSign', 'decipherOnly'],
      extKeyUsage: ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2', '1.2.3.4.5'],
      subjectAltName: [
        dns('a.example'),
        ip('192.0.2.1'),
        ip('2001:db8::1'),
        email('x@a.example'),
        uri('https://a.example/'),
        registeredId('1.2.3.4'),
        dn({ CN: 'Dir', O: 'Org' }),
        upn('u@corp.example'),
      ],
      issuerAltName: [uri('http://issuer.example/')],
      cRLDistributionPoints: [
        { distributionPoint: { type: 'fullName', names: [uri('http://crl.example/a.crl')] }, reasons: ['keyCompromise', 'cACompromise'], cRLIssuer: [dn({ CN: 'CRL Issuer' })] },
        { distributionPoint: { type: 'fullName', names: [uri('http://crl2.example/b.crl')] } },
      ],
      freshestCRL: [{ distributionPoint: { type: 'fullName', names: [uri('http://crl.example/delta.crl')] } }],
      authorityInfoAccess: [
        { method: '1.3.6.1.5.5.7.48.1', location: uri('http://ocsp.example/') },
        { method: '1.3.6.1.5.5.7.48.2', location: uri('http://ca.example/ca.cer') },
      ],
      subjectInfoAccess: [{ method: '1.3.6.1.5.5.7.48.5', location: uri('http://repo.example/') }],
      certificatePolicies: [
        { policyIdentifier: '2.23.140.1.2.1' },
        {
          policyIdentifier: '1.3.6.1.4.1.99999.1',
          qualifiers: [
            { type: 'cps', uri: 'http://cps.example/' },
            { type: 'userNotice', explicitText: 'Notice text' },
          ],
        },
      ],
      policyMappings: [{ issuerDomainPolicy: '1.2.3.4', subjectDomainPolicy: '1.2.3.5' }],
      nameConstraints: { permitted: [{ base: dns('example.com') }], excluded: [{ base: { type: 'ip', value: fromHex('0a000000'), mask: fromHex('ff000000'), text: '10.0.0.0/8' } }] },
      policyConstraints: { requireExplicitPolicy: 1, inhibitPolicyMapping: 2 },
      inhibitAnyPolicy: 3,
      ocspNoCheck: null,
      tlsFeature: [5],
    };
    let b = CertificateBuilder.create().subject({ CN: 'Everything', O: 'certkit' }).validityDays(30).serialNumber('0a:0b:0c');
    for (const [name, value] of Object.entries(values)) {
      b = b.extension(makeExtension(name as keyof ExtensionValues, value as never));
    }
    b = b.extension({ oid: '1.2.3.4.99', critical: true, value: fromHex('0c03616263') });
    const c = await b.sign(rootSigner, { now: NOW });
    expect(c.serialNumberHex).toBe('0a0b0c');
    const again = parseCertificate(c.raw);
    for (const [name, value] of Object.entries(values)) {
      const d = getDecodedExtension(again, name)!;
      expect(d, name).toBeDefined();
      expect(d.name).toBe(name);
      const got = (d as { value: unknown }).value;
      expect(normalise(got), name).toEqual(normalise(value));
    }
    expect(getDecodedExtension(again, '1.2.3.4.99')).toEqual({ oid: '1.2.3.4.99', critical: true, name: 'unknown', raw: fromHex('0c03616263') });
    // the typed getters agree with extension()
    expect(getExtension(again, basicConstraintsCodec)).toEqual(values.basicConstraints);
    expect(getExtension(again, inhibitAnyPolicyCodec)).toBe(3);
    expect(getExtension(again, ocspNoCheckCodec) !== undefined).toBe(true);
    expect([...getExtension(again, tlsFeatureCodec)!]).toEqual([5]);
    expect(getExtension(again, policyConstraintsCodec)).toEqual(values.policyConstraints);
    expect(certificateDnsNames(again)).toEqual(['a.example']);
    // and decoding everything finds nothing wrong
    expect(() => decodeAllExtensions(again)).not.toThrow();
    // every extension re-encodes to the same bytes through its codec
    for (const e of again.extensions) {
      const d = getDecodedExtension(again, e.oid)!;
      if (d.name === 'unknown') continue;
      const re = makeExtension(d.name, d.value as never, e.critical);
      expect(toHex(re.value), d.name).toBe(toHex(e.value));
    }
  });
});

/** Typed values compared structurally: Names by their string, bytes by hex. */
function normalise(v: unknown): unknown {
  if (v instanceof Name) return `Name(${v.toString()})`;
  if (v instanceof Uint8Array) return toHex(v);
  if (Array.isArray(v)) return v.map(normalise);
  if (v !== null && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined && !k.endsWith('Tag')) o[k] = normalise(x);
    return o;
  }
  return v;
}

describe('byte-identical re-encoding', () => {
  it('fromCertificate + the same deterministic key reproduces a certificate byte for byte', async () => {
    const edSigner = signerFromPrivateKey(leaf.privateKey);
    const c = await CertificateBuilder.create().subject({ CN: 'Ed', O: 'certkit' }).validityDays(10).subjectAltNames('ed.example').sign(edSigner, { now: NOW });
    const again = await CertificateBuilder.fromCertificate(c).sign(edSigner, { now: new Date('2030-01-01T00:00:00Z') });
    expect(toHex(again.raw)).toBe(toHex(c.raw));
    // ECDSA in noble is deterministic (RFC 6979) as well
    const r = await selfSignedRoot();
    expect(toHex((await CertificateBuilder.fromCertificate(r).sign(rootSigner, { now: NOW })).raw)).toBe(toHex(r.raw));
  });

  it('fromCertificate refuses v1 certificates and non-certificates', () => {
    expect(() => CertificateBuilder.fromCertificate({} as Certificate)).toThrow(TypeError);
  });
});
