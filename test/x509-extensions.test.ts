/**
 * Proves the extension codecs: typed round trips for every extension, byte-identical
 * re-encoding of the extensions in Node's root store and in certificates OpenSSL builds, the
 * decoded values against `openssl x509 -text`, and every rejection rule with its code and offset.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DerReader, Tag, bytesEqual, contextTag, encodeDer, fromHex, CertkitError } from '../src/der/index';
import { ACCESS_METHOD, EXTENSION, KEY_PURPOSE } from '../src/oid/index';
import { dn, dns, email, ip, registeredId, upn, uri } from '../src/x509/general-name-build';
import { Name } from '../src/x509/name';
import {
  decodeExtension,
  encodeExtensionValue,
  extensionCodec,
  formatExtension,
  formatExtensionValue,
  type ExtensionCodec,
  makeExtension,
  parseExtensions,
  writeExtensions,
  findExtension,
  getExtensionValue,
  MUST_STAPLE,
  type Extension,
  type ExtensionName,
  type ExtensionValues,
} from '../src/x509/extensions/index';
import { parseNameString } from '../src/x509/index';

function pemToDer(pem: string): Uint8Array {
  const b64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

/** Walks Certificate → TBSCertificate to the [3] extensions (a test-local walk, independent of certificate.ts). */
function certExtensions(der: Uint8Array): Extension[] {
  const r = new DerReader(der, { lenient: true });
  const tbs = r.enter().enter();
  if (tbs.peekTag() === contextTag(0, true)) tbs.skip();
  for (let i = 0; i < 6; i++) tbs.skip(); // serial, signature, issuer, validity, subject, spki
  while (!tbs.atEnd && tbs.peekTag() !== contextTag(3, true)) tbs.skip();
  if (tbs.atEnd) return [];
  const x = tbs.enter(contextTag(3, true));
  return parseExtensions(x);
}

function openssl(args: string[], input?: string): string {
  return execFileSync('openssl', args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** `openssl x509 -text` extension section as heading → body text (whitespace collapsed). */
function opensslExtensionText(pem: string): Map<string, string> {
  const text = openssl(['x509', '-noout', '-text'], pem);
  const sect = text.slice(text.indexOf('X509v3 extensions:'), text.indexOf('Signature Algorithm', text.indexOf('X509v3 extensions:')));
  const out = new Map<string, string>();
  let cur: string | undefined;
  let body: string[] = [];
  for (const line of sect.split('\n').slice(1)) {
    if (/^ {12}\S/.test(line)) {
      if (cur !== undefined) out.set(cur, body.join(' ').replace(/\s+/g, ' ').trim());
      cur = line.trim();
      body = [];
    } else body.push(line.trim());
  }
  if (cur !== undefined) out.set(cur, body.join(' ').replace(/\s+/g, ' ').trim());
  return out;
}

const ALL_EXT_CNF = `
[req]
distinguished_name = dn
[dn]
[v3]
basicConstraints = critical, CA:TRUE, pathlen:3
keyUsage = critical, digitalSignature, nonRepudiation, keyEncipherment, dataEncipherment, keyAgreement, keyCertSign, cRLSign, encipherOnly, decipherOnly
extendedKeyUsage = serverAuth, clientAuth, codeSigning, emailProtection, timeStamping, OCSPSigning, 1.2.3.4.5
subjectAltName = @san
issuerAltName = email:ca@example.com, URI:http://ca.example.com/
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always, issuer:always
crlDistributionPoints = crldp
freshestCRL = URI:http://delta.example.com/d.crl
authorityInfoAccess = OCSP;URI:http://ocsp.example.com/, caIssuers;URI:http://ca.example.com/ca.crt
subjectInfoAccess = caRepository;URI:http://repo.example.com/
certificatePolicies = critical, 2.5.29.32.0, @pol1, 1.2.3.4
policyMappings = 1.2.3.4:1.2.3.5, 1.2.3.6:1.2.3.7
nameConstraints = critical, permitted;DNS:.example.com, permitted;IP:10.0.0.0/255.0.0.0, permitted;IP:2001:db8::/ffff:ffff::, excluded;email:bad.example.com, excluded;dirName:ncdn, permitted;URI:.example.org
policyConstraints = requireExplicitPolicy:2, inhibitPolicyMapping:1
inhibitAnyPolicy = 4
noCheck = ignored
tlsfeature = status_request
[san]
DNS.1 = example.com
DNS.2 = *.example.com
IP.1 = 10.0.0.1
IP.2 = 2001:db8::1
email.1 = a@example.com
URI.1 = https://example.com/x
RID.1 = 1.2.3.4
dirName.1 = sandn
otherName.1 = 1.3.6.1.4.1.311.20.2.3;UTF8:jane@corp.example
[sandn]
C = US
O = SAN Org
CN = san cn
[ncdn]
O = Bad
[pol1]
policyIdentifier = 1.3.6.1.4.1.99.1
CPS.1 = http://cps.example.com/
userNotice.1 = @notice
userNotice.2 = @notice2
[notice]
explicitText = "Explicit text here"
organization = "Acme Org"
noticeNumbers = 1, 2, 3
[notice2]
explicitText = "Only text"
[crldp]
fullname = URI:http://crl.example.com/a.crl, URI:http://crl2.example.com/b.crl
reasons = keyCompromise, CACompromise, superseded
CRLissuer = dirName:ncdn
`;

function opensslAllExtensionsCert(): string {
  const dir = mkdtempSync(join(tmpdir(), 'certkit-ext-'));
  writeFileSync(join(dir, 'ext.cnf'), ALL_EXT_CNF);
  openssl([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    join(dir, 'k.pem'),
    '-out',
    join(dir, 'c.pem'),
    '-subj',
    '/C=US/O=Acme/CN=All Ext',
    '-config',
    join(dir, 'ext.cnf'),
    '-extensions',
    'v3',
    '-days',
    '30',
  ]);
  return readFileSync(join(dir, 'c.pem'), 'utf8');
}

describe('OpenSSL-built certificate with every extension', () => {
  const pem = opensslAllExtensionsCert();
  const exts = certExtensions(pemToDer(pem));
  const text = opensslExtensionText(pem);

  it('decodes every extension to a known codec and re-encodes byte-identically', () => {
    expect(exts.length).toBe(18);
    for (const e of exts) {
      const d = decodeExtension(e);
      expect(d.name, e.oid).not.toBe('unknown');
      if (d.name === 'unknown') continue;
      const again = encodeExtensionValue(extensionCodec(d.name)!, d.value as never);
      expect(bytesEqual(again, e.value), d.name).toBe(true);
    }
  });

  it('formats every extension as openssl x509 -text does', () => {
    let compared = 0;
    for (const e of exts) {
      const [heading, ...body] = formatExtension(e);
      expect(text.has(heading!), heading).toBe(true);
      const ours = body.join(' ').replace(/\s+/g, ' ').trim();
      expect(ours, heading).toBe(text.get(heading!));
      compared++;
    }
    expect(compared).toBe(text.size);
  });

  it('gives the values OpenSSL was asked for', () => {
    expect(getExtensionValue(exts, 'basicConstraints')).toEqual({ cA: true, pathLenConstraint: 3 });
    expect(getExtensionValue(exts, 'keyUsage')).toHaveLength(9);
    expect(getExtensionValue(exts, 'extKeyUsage')).toContain(KEY_PURPOSE.OCSPSigning);
    const san = getExtensionValue(exts, 'subjectAltName')!;
    expect(san.map((n) => n.type)).toEqual(['dns', 'dns', 'ip', 'ip', 'email', 'uri', 'registeredId', 'dn', 'otherName']);
    expect(san[3]).toMatchObject({ type: 'ip', text: '2001:db8::1' });
    expect(san[8]).toMatchObject({ type: 'otherName', upn: 'jane@corp.example' });
    const nc = getExtensionValue(exts, 'nameConstraints')!;
    expect(nc.permitted?.map((s) => (s.base.type === 'ip' ? s.base.text : s.base.type))).toEqual(['dns', '10.0.0.0/8', '2001:db8::/32', 'uri']);
    expect(getExtensionValue(exts, 'policyConstraints')).toEqual({ requireExplicitPolicy: 2, inhibitPolicyMapping: 1 });
    expect(getExtensionValue(exts, 'inhibitAnyPolicy')).toBe(4);
    expect(getExtensionValue(exts, 'tlsFeature')).toEqual([MUST_STAPLE]);
    expect(getExtensionValue(exts, 'ocspNoCheck')).toBeNull();
    const cp = getExtensionValue(exts, 'certificatePolicies')!;
    expect(cp[1]!.qualifiers![1]).toMatchObject({ type: 'userNotice', noticeRef: { organization: 'Acme Org', noticeNumbers: [1, 2, 3] }, explicitText: 'Explicit text here' });
    const aki = getExtensionValue(exts, 'authorityKeyIdentifier')!;
    expect(aki.keyIdentifier).toEqual(getExtensionValue(exts, 'subjectKeyIdentifier'));
    expect(aki.authorityCertIssuer?.[0]?.type).toBe('dn');
    expect(findExtension(exts, 'cRLDistributionPoints')?.critical).toBe(false);
  });

  it('re-encodes the whole list byte-identically', () => {
    const r = new DerReader(pemToDer(pem));
    const list = encodeDer((w) => writeExtensions(w, exts));
    expect(
      bytesEqual(
        list,
        encodeDer((w) => writeExtensions(w, parseExtensions(new DerReader(list)))),
      ),
    ).toBe(true);
    expect(r.remaining).toBeGreaterThan(0);
  });
});

describe("Node's root store", () => {
  it('every extension of every root decodes; strict DER ones re-encode byte-identically', () => {
    let total = 0;
    let known = 0;
    const lenientOnly: string[] = [];
    for (const pem of rootCertificates) {
      for (const e of certExtensions(pemToDer(pem))) {
        total++;
        let d;
        try {
          d = decodeExtension(e);
        } catch (err) {
          // Not DER (e.g. keyUsage with trailing zero bits): lenient mode must still read it.
          d = decodeExtension(e, true);
          lenientOnly.push(`${d.name}: ${(err as CertkitError).code}`);
          continue;
        }
        if (d.name === 'unknown') continue;
        known++;
        expect(bytesEqual(encodeExtensionValue(extensionCodec(d.name)!, d.value as never), e.value), `${d.name} in ${pem.slice(28, 80)}`).toBe(true);
      }
    }
    expect(total).toBeGreaterThan(400);
    expect(known / total).toBeGreaterThan(0.9);
    // The root store has a handful of non-DER extensions; each is one of the documented leniencies.
    expect(lenientOnly.length).toBeLessThan(10);
    for (const x of lenientOnly) expect(x).toMatch(/named-bits-trailing-zero|explicit-default/);
  });
});

describe('typed round trips', () => {
  const cases: { [K in ExtensionName]?: ExtensionValues[K][] } = {
    basicConstraints: [{ cA: false }, { cA: true }, { cA: true, pathLenConstraint: 0 }, { cA: true, pathLenConstraint: 200 }],
    keyUsage: [['digitalSignature'], ['keyCertSign', 'cRLSign'], ['decipherOnly'], ['digitalSignature', 'encipherOnly']],
    extKeyUsage: [[KEY_PURPOSE.serverAuth], [KEY_PURPOSE.clientAuth, '1.2.3.4.5.6.7']],
    subjectAltName: [[dns('example.com'), ip('10.0.0.1'), ip('::1'), email('a@b.example'), uri('https://x.example/'), upn('u@corp'), registeredId('1.2.3'), dn('CN=x,O=y')]],
    issuerAltName: [[email('ca@example.com')]],
    authorityKeyIdentifier: [
      { keyIdentifier: fromHex('0102030405') },
      { keyIdentifier: fromHex('01'), authorityCertIssuer: [dn('CN=Root')], authorityCertSerialNumber: 12345678901234567890n },
      { authorityCertIssuer: [dn('CN=Root')], authorityCertSerialNumber: 1n },
    ],
    subjectKeyIdentifier: [fromHex('00112233445566778899aabbccddeeff00112233')],
    cRLDistributionPoints: [
      [{ distributionPoint: { type: 'fullName', names: [uri('http://crl.example/a.crl')] } }],
      [
        { distributionPoint: { type: 'nameRelativeToCRLIssuer', rdn: parseNameString('CN=part1+OU=x').rdns[0]! }, reasons: ['keyCompromise', 'aACompromise'], cRLIssuer: [dn('CN=CRL Issuer')] },
        { cRLIssuer: [dn('CN=Only issuer')] },
      ],
    ],
    freshestCRL: [[{ distributionPoint: { type: 'fullName', names: [uri('http://crl.example/delta.crl')] } }]],
    authorityInfoAccess: [
      [
        { method: ACCESS_METHOD.ocsp, location: uri('http://ocsp.example/') },
        { method: ACCESS_METHOD.caIssuers, location: uri('http://ca.example/ca.crt') },
      ],
    ],
    subjectInfoAccess: [[{ method: ACCESS_METHOD.caRepository, location: uri('rsync://repo.example/') }]],
    certificatePolicies: [
      [{ policyIdentifier: '2.23.140.1.2.1' }],
      [
        {
          policyIdentifier: '1.2.3',
          qualifiers: [
            { type: 'cps', uri: 'http://cps.example/' },
            { type: 'userNotice', explicitText: 'Hé', explicitTextTag: Tag.UTF8_STRING },
            { type: 'userNotice', noticeRef: { organization: 'Org', organizationTag: Tag.VISIBLE_STRING, noticeNumbers: [1, 70000] } },
          ],
        },
        { policyIdentifier: '2.5.29.32.0' },
      ],
    ],
    policyMappings: [[{ issuerDomainPolicy: '1.2.3', subjectDomainPolicy: '1.2.4' }]],
    nameConstraints: [
      { permitted: [{ base: { type: 'dns', value: '.example.com' } }, { base: ip('192.168.0.0/16') }, { base: ip('2001:db8::/32') }] },
      { excluded: [{ base: dn('O=Evil') }, { base: { type: 'email', value: '' } }] },
    ],
    policyConstraints: [{ requireExplicitPolicy: 0 }, { inhibitPolicyMapping: 3 }, { requireExplicitPolicy: 1, inhibitPolicyMapping: 2 }],
    inhibitAnyPolicy: [0, 5, 300],
    ocspNoCheck: [null],
    tlsFeature: [[5], [5, 17]],
    privateKeyUsagePeriod: [{ notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2027-01-01T00:00:00Z') }, { notAfter: new Date('2055-06-01T12:00:00Z') }],
    cRLNumber: [0n, 1n, 2n ** 150n],
    deltaCRLIndicator: [7n],
    issuingDistributionPoint: [
      {
        distributionPoint: { type: 'fullName', names: [uri('http://crl.example/a.crl')] },
        onlyContainsUserCerts: true,
        onlyContainsCACerts: false,
        indirectCRL: false,
        onlyContainsAttributeCerts: false,
      },
      { onlyContainsUserCerts: false, onlyContainsCACerts: true, onlySomeReasons: ['keyCompromise'], indirectCRL: true, onlyContainsAttributeCerts: false },
    ],
    reasonCode: ['unspecified', 'keyCompromise', 'certificateHold', 'removeFromCRL', 'aACompromise'],
    invalidityDate: [new Date('2026-03-04T05:06:07Z')],
    certificateIssuer: [[dn('CN=Other CA,O=Acme')]],
    holdInstructionCode: ['1.2.840.10040.2.2'],
  };

  for (const [name, values] of Object.entries(cases) as [ExtensionName, unknown[]][]) {
    it(`${name}: build → encode → decode gives the same value and the same bytes`, () => {
      const codec = extensionCodec(name);
      for (const v of values) {
        const ext = makeExtension(name, v as never);
        expect(ext.critical).toBe(codec.defaultCritical);
        const d = decodeExtension(ext);
        expect(d.name).toBe(name);
        if (d.name === 'unknown') continue;
        expect(bytesEqual(encodeExtensionValue(codec, d.value as never), ext.value)).toBe(true);
        expect(JSON.stringify(d.value, (_k, x) => (typeof x === 'bigint' ? x.toString() : x instanceof Uint8Array ? Array.from(x) : x instanceof Name ? x.toString() : x))).toBe(
          JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x instanceof Uint8Array ? Array.from(x) : x instanceof Name ? x.toString() : x)),
        );
        expect(formatExtension(ext).length).toBeGreaterThan(1);
      }
    });
  }

  it('covers every registered codec', () => {
    const names = Object.keys(cases);
    for (const n of ['signedCertificateTimestampList']) names.push(n);
    for (const n of names) expect(extensionCodec(n), n).toBeDefined();
    expect(names.length).toBe(27);
    // Codecs write their OID out (so that a parser bundles no OID table): it must be the registry's.
    for (const n of names) expect(extensionCodec(n)!.oid, n).toBe((EXTENSION as Record<string, string>)[n]);
  });

  it('codecs carry only their decoder; encoding and formatting go through the registries or a codec of your own', () => {
    for (const n of ['basicConstraints', 'subjectAltName', 'certificatePolicies'] as const) {
      const codec = extensionCodec(n);
      expect(codec.encode, n).toBeUndefined();
      expect(codec.format, n).toBeUndefined();
    }
    expect(Array.from(encodeExtensionValue(extensionCodec('basicConstraints'), { cA: true }))).toEqual([0x30, 0x03, 0x01, 0x01, 0xff]);
    expect(formatExtensionValue(extensionCodec('basicConstraints'), { cA: true, pathLenConstraint: 2 })).toEqual(['CA:TRUE, pathlen:2']);
    const mine: ExtensionCodec<number> = {
      oid: '1.3.6.1.4.1.55555.7',
      name: 'mine',
      title: 'Mine',
      defaultCritical: false,
      decode: (v) => v[0]!,
      encode: (n) => Uint8Array.of(n),
      format: (n) => [`n=${n}`],
    };
    expect(Array.from(encodeExtensionValue(mine, 7))).toEqual([7]);
    expect(formatExtensionValue(mine, 7)).toEqual(['n=7']);
    const bare: ExtensionCodec<number> = { oid: '1.3.6.1.4.1.55555.8', name: 'bare', title: 'Bare', defaultCritical: false, decode: (v) => v[0]! };
    expect(() => encodeExtensionValue(bare, 1)).toThrow(TypeError);
    expect(() => formatExtensionValue(bare, 1)).toThrow(TypeError);
  });

  it('signed certificate timestamps stay raw and are split for display', () => {
    const sct = new Uint8Array(47);
    sct[0] = 0; // v1
    sct.fill(0xab, 1, 33);
    const ms = 1_700_000_000_000;
    new DataView(sct.buffer).setBigUint64(33, BigInt(ms));
    const list = new Uint8Array(2 + 2 + sct.length);
    new DataView(list.buffer).setUint16(0, sct.length + 2);
    new DataView(list.buffer).setUint16(2, sct.length);
    list.set(sct, 4);
    const ext = makeExtension('signedCertificateTimestampList', { list, scts: [] });
    const d = decodeExtension(ext);
    expect(d.name === 'signedCertificateTimestampList' && d.value.scts[0]!.timestamp.getTime()).toBe(ms);
    expect(d.name === 'signedCertificateTimestampList' && bytesEqual(d.value.list, list)).toBe(true);
  });

  it('keeps unknown extensions raw with their critical flag', () => {
    const e: Extension = { oid: '1.2.3.4.5', critical: true, value: Uint8Array.of(5, 0) };
    expect(decodeExtension(e)).toEqual({ oid: '1.2.3.4.5', critical: true, name: 'unknown', raw: e.value });
    expect(formatExtension(e)).toEqual(['1.2.3.4.5: critical', '05:00']);
  });
});

/** Decodes `hex` as the value of `name` at offset base 100 and returns the error. */
function reject(name: ExtensionName, hex: string, lenient = false): CertkitError {
  try {
    extensionCodec(name).decode(fromHex(hex), 100, lenient);
  } catch (e) {
    expect(e).toBeInstanceOf(CertkitError);
    return e as CertkitError;
  }
  throw new Error(`${name} ${hex} was accepted`);
}

describe('rejections (code and offset)', () => {
  it('basicConstraints: explicit cA FALSE is a DER violation in strict mode only', () => {
    const e = reject('basicConstraints', '3003010100');
    expect([e.code, e.offset]).toEqual(['explicit-default', 102]);
    expect(extensionCodec('basicConstraints').decode(fromHex('3003010100'), 0, true)).toEqual({ cA: false });
    expect(reject('basicConstraints', '30060101ff020101ff').code).toBe('trailing-data');
    expect(reject('basicConstraints', '30060101ff0201ff').code).toBe('negative-integer');
    expect(() => makeExtension('basicConstraints', { cA: false, pathLenConstraint: 1 })).toThrow(expect.objectContaining({ code: 'invalid-path-length' }));
  });
  it('keyUsage: no bit set, trailing zero bits', () => {
    const e = reject('keyUsage', '03020000');
    expect([e.code, e.offset]).toEqual(['empty-key-usage', 100]);
    const t = reject('keyUsage', '03020080'); // bit 0 set but 0 unused bits: 7 trailing zeros
    expect([t.code, t.offset]).toEqual(['named-bits-trailing-zero', 100]);
    expect(extensionCodec('keyUsage').decode(fromHex('03020080'), 0, true)).toEqual(['digitalSignature']);
    expect(() => makeExtension('keyUsage', [])).toThrow(expect.objectContaining({ code: 'empty-key-usage' }));
  });
  it('empty SEQUENCE OF lists', () => {
    for (const n of ['extKeyUsage', 'cRLDistributionPoints', 'authorityInfoAccess', 'certificatePolicies', 'policyMappings', 'tlsFeature'] as const) {
      const e = reject(n, '3000');
      expect([n, e.code, e.offset]).toEqual([n, 'empty-sequence', 100]);
    }
    expect(reject('subjectAltName', '3000').code).toBe('invalid-general-name');
  });
  it('authorityKeyIdentifier: issuer without serial', () => {
    const gn = encodeDer((w) => w.constructed(contextTag(1, true), (w) => w.element(contextTag(2), new TextEncoder().encode('x'))));
    const hex = `30${gn.length.toString(16).padStart(2, '0')}${Buffer.from(gn).toString('hex')}`;
    const e = reject('authorityKeyIdentifier', hex);
    expect([e.code, e.offset]).toEqual(['inconsistent-authority-cert-issuer', 100]);
    expect(() => makeExtension('authorityKeyIdentifier', { authorityCertSerialNumber: 1n })).toThrow(expect.objectContaining({ code: 'inconsistent-authority-cert-issuer' }));
  });
  it('cRLDistributionPoints: a point with neither distributionPoint nor cRLIssuer', () => {
    const e = reject('cRLDistributionPoints', '30023000');
    expect([e.code, e.offset]).toEqual(['invalid-distribution-point', 102]);
  });
  it('certificatePolicies: duplicate policy OIDs, bad qualifiers', () => {
    const e = reject('certificatePolicies', '300c300406022a03300406022a03');
    expect([e.code, e.offset]).toEqual(['duplicate-policy', 108]);
    expect(() => makeExtension('certificatePolicies', [{ policyIdentifier: '1.2.3' }, { policyIdentifier: '1.2.3' }])).toThrow(expect.objectContaining({ code: 'duplicate-policy' }));
    // CPS qualifier that is a UTF8String instead of IA5String
    const bad = encodeDer((w) =>
      w.sequence((w) =>
        w.sequence((w) => {
          w.oid('1.2.3');
          w.sequence((w) =>
            w.sequence((w) => {
              w.oid('1.3.6.1.5.5.7.2.1');
              w.utf8('x');
            }),
          );
        }),
      ),
    );
    const q = reject('certificatePolicies', Buffer.from(bad).toString('hex'));
    expect([q.code, q.offset]).toEqual(['invalid-policy-qualifier', 100 + bad.length - 3]);
  });
  it('nameConstraints: empty, minimum/maximum, SAN-length IP', () => {
    expect([reject('nameConstraints', '3000').code, reject('nameConstraints', '3000').offset]).toEqual(['empty-name-constraints', 100]);
    // permitted [0] { GeneralSubtree { dNSName "a", maximum [1] 5 } }
    const e = reject('nameConstraints', '300aa0083006820161810105');
    expect(e.code).toBe('invalid-general-subtree');
    expect(extensionCodec('nameConstraints').decode(fromHex('300aa0083006820161810105'), 0, true)).toEqual({ permitted: [{ base: { type: 'dns', value: 'a' }, maximum: 5 }] });
    const ip4 = reject('nameConstraints', '300aa00830068704 0a000001'.replaceAll(' ', ''));
    expect([ip4.code, ip4.offset]).toEqual(['invalid-ip-address', 106]);
  });
  it('policyConstraints: empty sequence', () => {
    expect([reject('policyConstraints', '3000').code, reject('policyConstraints', '3000').offset]).toEqual(['empty-policy-constraints', 100]);
  });
  it('reasonCode: 7 and 11 are not CRLReasons', () => {
    expect([reject('reasonCode', '0a0107').code, reject('reasonCode', '0a0107').offset]).toEqual(['invalid-reason-code', 100]);
    expect(reject('reasonCode', '0a010b').code).toBe('invalid-reason-code');
    expect(reject('reasonCode', '020101').code).toBe('unexpected-tag');
  });
  it('issuingDistributionPoint: two onlyContains flags, empty, explicit FALSE', () => {
    expect(reject('issuingDistributionPoint', '30068101ff8201ff').code).toBe('invalid-issuing-distribution-point');
    expect(reject('issuingDistributionPoint', '3000').code).toBe('invalid-issuing-distribution-point');
    expect(reject('issuingDistributionPoint', '3003810100').code).toBe('explicit-default');
  });
  it('invalidityDate: UTCTime is refused', () => {
    expect(reject('invalidityDate', '170d3236303130313030303030305a').code).toBe('unexpected-tag');
  });
  it('cRLNumber: negative and longer than 20 octets', () => {
    expect(reject('cRLNumber', '0201ff').code).toBe('invalid-extension');
    expect(reject('cRLNumber', `0215${'01'.repeat(21)}`).code).toBe('invalid-extension');
  });
  it('ocspNoCheck: NULL with contents', () => {
    expect(reject('ocspNoCheck', '050100').code).toBe('invalid-null');
  });
  it('the Extensions list: duplicates, empty list, explicit critical FALSE', () => {
    const ext = '3009060355041304023000';
    const dup = fromHex(`3016${ext}${ext}`);
    let err: CertkitError | undefined;
    try {
      parseExtensions(new DerReader(dup));
    } catch (e) {
      err = e as CertkitError;
    }
    expect([err?.code, err?.offset, err?.path]).toEqual(['duplicate-extension', 13, '[1]']);
    expect(() => parseExtensions(new DerReader(fromHex('3000')))).toThrow(expect.objectContaining({ code: 'empty-sequence' }));
    expect(() => parseExtensions(new DerReader(fromHex('300c300a0603551d130101000400')))).toThrow(expect.objectContaining({ code: 'explicit-default', path: '[0].critical' }));
    expect(() => encodeDer((w) => writeExtensions(w, [makeExtension('ocspNoCheck', null), makeExtension('ocspNoCheck', null)]))).toThrow(expect.objectContaining({ code: 'duplicate-extension' }));
  });
});

describe('properties (fast-check)', () => {
  const names = [
    'basicConstraints',
    'keyUsage',
    'extKeyUsage',
    'subjectAltName',
    'issuerAltName',
    'authorityKeyIdentifier',
    'subjectKeyIdentifier',
    'cRLDistributionPoints',
    'freshestCRL',
    'authorityInfoAccess',
    'subjectInfoAccess',
    'certificatePolicies',
    'policyMappings',
    'nameConstraints',
    'policyConstraints',
    'inhibitAnyPolicy',
    'ocspNoCheck',
    'tlsFeature',
    'signedCertificateTimestampList',
    'privateKeyUsagePeriod',
    'cRLNumber',
    'deltaCRLIndicator',
    'issuingDistributionPoint',
    'reasonCode',
    'invalidityDate',
    'certificateIssuer',
    'holdInstructionCode',
  ] as const;
  it('any bytes give a value or a CertkitError, for every codec, strict and lenient', () => {
    // Mostly well-formed headers (SEQUENCE and the tags the codecs read) so the fuzz gets past the first check.
    const body = fc.uint8Array({ maxLength: 48 });
    const bytes = fc.oneof(
      body,
      body.map((b) => Uint8Array.of(0x30, b.length, ...b)),
      fc.tuple(fc.constantFrom(0xa0, 0xa1, 0x80, 0x30, 0x82, 0x86), body).map(([t, b]) => {
        const inner = Uint8Array.of(t, b.length, ...b);
        return Uint8Array.of(0x30, inner.length, ...inner);
      }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...names), bytes, fc.boolean(), (name, b, lenient) => {
        try {
          extensionCodec(name).decode(b, 0, lenient);
        } catch (e) {
          return e instanceof CertkitError;
        }
        return true;
      }),
      { numRuns: 3000 },
    );
  });
  it('basicConstraints: a pathLenConstraint without cA is decoded as is, and refused when encoding', () => {
    const v = extensionCodec('basicConstraints').decode(fromHex('300402020080'), 0, false);
    expect(v).toEqual({ cA: false, pathLenConstraint: 128 });
    expect(() => encodeExtensionValue(extensionCodec('basicConstraints'), v)).toThrow(expect.objectContaining({ code: 'invalid-path-length' }));
  });

  it('decoded values re-encode to the same bytes whenever strict decoding accepts them', () => {
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.uint8Array({ maxLength: 40 }), (name, b) => {
        const der = Uint8Array.of(0x30, b.length, ...b);
        let v: unknown;
        try {
          v = extensionCodec(name).decode(der, 0, false);
        } catch {
          return true;
        }
        // The one documented asymmetry: a pathLenConstraint without cA TRUE is decoded as is (path
        // validation ignores it) but never written (RFC 5280 §4.2.1.9 is a rule for CAs). Found by
        // fast-check once in about 150 seeds, e.g. 30 04 02 02 00 80.
        if (name === 'basicConstraints' && (v as { cA: boolean; pathLenConstraint?: number }).pathLenConstraint !== undefined && !(v as { cA: boolean }).cA) {
          try {
            encodeExtensionValue(extensionCodec(name), v as never);
            return false;
          } catch (e) {
            return e instanceof CertkitError && e.code === 'invalid-path-length';
          }
        }
        return bytesEqual(encodeExtensionValue(extensionCodec(name), v as never), der);
      }),
      { numRuns: 3000 },
    );
  });
});
