/**
 * Proves `Name`: parsing and building (RFC 5280 §4.1.2.4), RFC 4514 formatting against
 * `openssl -nameopt RFC2253` and the one-line form against OpenSSL's default, for every root in
 * Node's store and for OpenSSL-built names with every escaping case; the RFC 4514 parser; the
 * RFC 5280 §7.1 comparison; the rejections with their codes; and fast-check round trips.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CertkitError, DerReader, Tag, bytesEqual, contextTag, encodeDer, fromHex, toHex } from '../src/der/index';
import {
  NAME_ORDER,
  type Name,
  NameError,
  attributeTypeOid,
  nameCanonicalKey,
  nameEquals,
  nameFrom,
  nameFromRdns,
  nameToDer,
  nameToJson,
  nameToOpenSslString,
  parseName,
  parseNameString,
  readName,
} from '../src/x509/index';

function pemToDer(pem: string): Uint8Array {
  return new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64'));
}

/** Issuer and subject of a certificate (a test-local walk, independent of certificate.ts). */
function certNames(der: Uint8Array, lenient = false): { issuer: Name; subject: Name } {
  const r = new DerReader(der, { lenient });
  const tbs = r.enter().enter();
  if (tbs.peekTag() === contextTag(0, true)) tbs.skip();
  tbs.skip(); // serial
  tbs.skip(); // signature
  const issuer = readName(tbs);
  tbs.skip(); // validity
  const subject = readName(tbs);
  return { issuer, subject };
}

function opensslNames(pem: string, nameopt?: string): { subject: string; issuer: string } {
  const args = ['x509', '-noout', '-subject', '-issuer'];
  if (nameopt) args.push('-nameopt', nameopt);
  const out = execFileSync('openssl', args, { input: pem, encoding: 'utf8' });
  const lines = out.split('\n');
  return { subject: lines[0]!.replace(/^subject=/, ''), issuer: lines[1]!.replace(/^issuer=/, '') };
}

function err(fn: () => unknown): CertkitError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CertkitError);
    return e as CertkitError;
  }
  throw new Error('no error');
}

describe("Node's root store against OpenSSL", () => {
  it('RFC 4514 form equals `openssl -nameopt RFC2253` and the one-line form equals OpenSSL 3 default, for every subject and issuer', () => {
    let n = 0;
    for (const pem of rootCertificates) {
      const { issuer, subject } = certNames(pemToDer(pem), true);
      const rfc = opensslNames(pem, 'RFC2253');
      expect(subject.toString({ asciiOnly: true })).toBe(rfc.subject);
      expect(issuer.toString({ asciiOnly: true })).toBe(rfc.issuer);
      const one = opensslNames(pem);
      expect(nameToOpenSslString(subject)).toBe(one.subject);
      expect(nameToOpenSslString(issuer)).toBe(one.issuer);
      expect(nameEquals(parseName(nameToDer(subject), { lenient: true }), subject)).toBe(true);
      expect(subject.commonName ?? subject.get('OU').at(-1)).toBeDefined();
      n++;
    }
    expect(n).toBe(rootCertificates.length);
    expect(n).toBeGreaterThan(100);
  });

  it('self-signed roots: issuer equals subject and their canonical keys agree', () => {
    let selfIssued = 0;
    for (const pem of rootCertificates) {
      const { issuer, subject } = certNames(pemToDer(pem), true);
      expect(nameEquals(issuer, subject)).toBe(nameCanonicalKey(issuer) === nameCanonicalKey(subject));
      if (nameEquals(issuer, subject)) selfIssued++;
    }
    expect(selfIssued).toBeGreaterThan(rootCertificates.length * 0.9);
  });
});

describe('OpenSSL-built names with every escaping case', () => {
  const subjects = [
    '/C=US/ST=CA/O=Acme\\, Inc./OU=R&D <lab>; "x"/CN=back\\\\slash',
    '/CN=multi+UID=jd/O=Org/DC=example/DC=com',
    '/CN=#leading hash/O= leading space/OU=trailing space /L=a=b',
    '/CN=Zoë Ünïcödé ☃/O=日本語',
    '/emailAddress=a@example.com/serialNumber=12345/CN=x/title=Dr/GN=Jane/SN=Doe/street=1 Main St/postalCode=12345',
  ];
  const dir = mkdtempSync(join(tmpdir(), 'certkit-name-'));
  for (const [i, subj] of subjects.entries()) {
    it(`matches OpenSSL for ${JSON.stringify(subj)}`, () => {
      const key = join(dir, `k${i}.pem`);
      const pem = execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-subj', subj, '-multivalue-rdn', '-utf8', '-days', '1'], {
        encoding: 'utf8',
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const { subject } = certNames(pemToDer(pem));
      const rfc = opensslNames(pem, 'RFC2253').subject;
      // OpenSSL spells streetAddress `street`; RFC 4514 §3 says STREET.
      expect(subject.toString({ asciiOnly: true })).toBe(rfc.replace('street=', 'STREET='));
      expect(nameToOpenSslString(subject)).toBe(opensslNames(pem).subject);
      // Our RFC 4514 output parses back to the same name, and OpenSSL's own RFC 2253 output too.
      expect(nameEquals(parseNameString(subject.toString()), subject)).toBe(true);
      expect(nameEquals(parseNameString(rfc), subject)).toBe(true);
    });
  }
  it('unknown types use the #hex form (RFC 4514 §2.4)', () => {
    const n = nameFromRdns([[['1.2.3.4.5', 'custom']], [['CN', 'x']]]);
    expect(n.toString()).toBe('CN=x,1.2.3.4.5=#1306637573746f6d');
    expect(n.rdns[0]![0]!.value).toBe('custom');
    expect(nameToOpenSslString(n)).toBe('1.2.3.4.5 = custom, CN = x');
  });
});

describe('building', () => {
  it('orders object keys DC, C, ST, L, O, OU, CN, then the rest, one RDN each', () => {
    const n = nameFrom({ CN: 'x', emailAddress: 'a@b.c', OU: ['u1', 'u2'], C: 'US', DC: ['example', 'com'], O: 'Acme', L: 'Town', ST: 'State' });
    expect(n.rdns.map((r) => r[0]!.type)).toEqual([...['DC', 'DC', 'C', 'ST', 'L', 'O', 'OU', 'OU', 'CN', 'emailAddress'].map(attributeTypeOid)]);
    expect(NAME_ORDER).toEqual(['DC', 'C', 'ST', 'L', 'O', 'OU', 'CN']);
    expect(n.toString()).toBe('emailAddress=a@b.c,CN=x,OU=u2,OU=u1,O=Acme,L=Town,ST=State,C=US,DC=com,DC=example');
  });
  it('keeps the order of [type, value] pairs', () => {
    expect(
      nameFrom([
        ['CN', 'a'],
        ['C', 'US'],
      ]).toString(),
    ).toBe('C=US,CN=a');
  });
  it('chooses string types as RFC 5280 wants', () => {
    const n = nameFrom({ C: 'US', O: 'Acme', OU: 'Zoë', emailAddress: 'a@b.c', DC: 'example', serialNumber: 'ABC-123', '2.5.4.97': 'VATDE-123' });
    const tags = Object.fromEntries(n.rdns.flat().map((a) => [a.type, a.tag]));
    expect(tags[attributeTypeOid('C')]).toBe(Tag.PRINTABLE_STRING);
    expect(tags[attributeTypeOid('O')]).toBe(Tag.PRINTABLE_STRING);
    expect(tags[attributeTypeOid('OU')]).toBe(Tag.UTF8_STRING);
    expect(tags[attributeTypeOid('emailAddress')]).toBe(Tag.IA5_STRING);
    expect(tags[attributeTypeOid('DC')]).toBe(Tag.IA5_STRING);
    expect(tags[attributeTypeOid('serialNumber')]).toBe(Tag.PRINTABLE_STRING);
    expect(tags['2.5.4.97']).toBe(Tag.PRINTABLE_STRING);
    expect(n.get('organizationIdentifier')).toEqual(['VATDE-123']);
  });
  it('refuses values their type cannot hold (RangeError) and bad arguments (TypeError)', () => {
    expect(() => nameFrom({ C: 'USA' })).toThrow(RangeError);
    expect(() => nameFrom({ C: 'U1' })).toThrow(RangeError);
    expect(() => nameFrom({ CN: '' })).toThrow(RangeError);
    expect(() => nameFrom({ CN: 'x'.repeat(65) })).toThrow(/at most 64/);
    expect(() => nameFrom({ emailAddress: 'zoë@x' })).toThrow(RangeError);
    expect(() => nameFrom({ serialNumber: 'a*b' })).toThrow(RangeError);
    expect(() => nameFrom({ NOPE: 'x' })).toThrow(RangeError);
    expect(() => nameFrom({ CN: 5 as unknown as string })).toThrow(TypeError);
    expect(() => nameFrom(null as never)).toThrow(TypeError);
    expect(() => nameFromRdns([[]])).toThrow(RangeError);
  });
  it('sorts multi-valued RDNs into DER SET OF order', () => {
    const n = nameFromRdns([
      [
        ['UID', 'z'],
        ['CN', 'a'],
      ],
    ]);
    expect(n.rdns[0]!.map((a) => a.type)).toEqual([attributeTypeOid('CN'), attributeTypeOid('UID')]);
    expect(nameEquals(parseName(nameToDer(n)), n)).toBe(true);
  });
  it('an empty name encodes as an empty SEQUENCE', () => {
    const n = nameFrom({});
    expect(toHex(nameToDer(n))).toBe('3000');
    expect(n.isEmpty).toBe(true);
    expect(n.toString()).toBe('');
  });
});

describe('RFC 4514 strings', () => {
  it('escapes per §2.4', () => {
    const cases: [string, string][] = [
      ['a,b', 'a\\,b'],
      ['a+b', 'a\\+b'],
      ['a"b', 'a\\"b'],
      ['a\\b', 'a\\\\b'],
      ['a<b>', 'a\\<b\\>'],
      ['a;b', 'a\\;b'],
      ['#a', '\\#a'],
      ['a#', 'a#'],
      [' a', '\\ a'],
      ['a ', 'a\\ '],
      ['a b', 'a b'],
      ['a\0b', 'a\\00b'],
      ['a=b', 'a=b'],
    ];
    for (const [v, want] of cases) {
      const n = nameFrom({ CN: v });
      expect(n.toString()).toBe(`CN=${want}`);
      expect(nameEquals(parseNameString(n.toString()), n)).toBe(true);
    }
    expect(nameFrom({ CN: 'é' }).toString({ asciiOnly: true })).toBe('CN=\\C3\\A9');
  });
  it('parses escapes, hex pairs, multi-valued RDNs, #hex values, long names and OIDs', () => {
    const n = parseNameString('CN=Jane\\, Jr.+UID=jd,O=Acm\\C3\\A9,commonName=x,OID.2.5.4.11=u,2.5.4.7=#130454657374, C=US');
    expect(n.rdns.length).toBe(6);
    expect(n.rdns[0]![0]!.value).toBe('US');
    expect(n.get('L')).toEqual(['Test']);
    expect(n.get('O')).toEqual(['Acmé']);
    expect(n.get('CN')).toEqual(['x', 'Jane, Jr.']);
    expect(n.commonName).toBe('Jane, Jr.');
    expect(n.rdns[5]!.length).toBe(2);
  });
  it('refuses malformed strings with invalid-dn-string and the character index', () => {
    const cases: [string, number][] = [
      ['CN', 2],
      ['=x', 0],
      ['CN=a,', 5],
      ['CN=a\\', 4],
      ['CN=a\\zz', 4],
      ['CN=a"b', 4],
      ['CN=#zz', 4],
      ['CN=#0c', 4],
      ['XX=a', 0],
      ['CN=\\ff', 6],
      ['CN=', 3],
      ['CN=#abc', 4],
    ];
    for (const [s, offset] of cases) {
      const e = err(() => parseNameString(s));
      expect([s, e.code, e.offset]).toEqual([s, 'invalid-dn-string', offset]);
      expect(e).toBeInstanceOf(NameError);
    }
  });
});

describe('RFC 5280 §7.1 comparison', () => {
  const eq = (a: string, b: string): boolean => nameEquals(parseNameString(a), parseNameString(b));
  it('ignores case, leading/trailing whitespace and runs of inner whitespace', () => {
    expect(eq('CN=Foo Bar,O=Acme', 'cn=foo   bar,o=ACME')).toBe(true);
    expect(eq('CN=\\ Foo', 'CN=Foo\\ ')).toBe(true);
    expect(eq('CN=Foo Bar', 'CN=FooBar')).toBe(false);
    expect(eq('CN=a', 'CN=b')).toBe(false);
  });
  it('compares PrintableString and UTF8String values by their text', () => {
    const p = nameFrom({ CN: 'Acme' });
    const u = parseName(fromHex('300f310d300b06035504030c0461636d65'));
    expect(u.rdns[0]![0]!.tag).toBe(Tag.UTF8_STRING);
    expect(nameEquals(p, u)).toBe(true);
    expect(nameCanonicalKey(p)).toBe(nameCanonicalKey(u));
  });
  it('needs the same RDN structure and attribute types', () => {
    expect(eq('CN=a+O=b', 'CN=a,O=b')).toBe(false);
    expect(eq('CN=a+O=b', 'O=b+CN=a')).toBe(true);
    expect(eq('CN=a', 'OU=a')).toBe(false);
    expect(eq('CN=a,O=b', 'O=b,CN=a')).toBe(false);
    expect(eq('CN=a', 'CN=a,CN=a')).toBe(false);
  });
  it('compares non-string values by their encoding', () => {
    expect(eq('2.5.4.45=#030100', '2.5.4.45=#030100')).toBe(true);
    expect(eq('2.5.4.45=#030100', '2.5.4.45=#03020001')).toBe(false);
  });
});

describe('parse rejections', () => {
  it('an empty RDN is refused with empty-rdn, its offset and path', () => {
    const e = err(() => parseName(fromHex('300b310930070603550403130078'.slice(0, 0) + '30 0d 31 09 30 07 06 03 55 04 03 13 00 31 00'.replace(/ /g, ''))));
    expect([e.code, e.offset, e.path]).toEqual(['empty-rdn', 13, 'rdns[1]']);
  });
  it('an unsorted multi-valued RDN is refused in strict mode and read in lenient mode', () => {
    // SET { UID=z, CN=a } : the UID attribute (06 0a ...) sorts after CN (06 03 ...)
    const good = nameToDer(
      nameFromRdns([
        [
          ['CN', 'a'],
          ['UID', 'z'],
        ],
      ]),
    );
    const set = good.subarray(2);
    const inner = set.subarray(2);
    const cn = inner.subarray(0, inner[1]! + 2);
    const uid = inner.subarray(cn.length);
    const bad = Uint8Array.from([...good.subarray(0, 4), ...uid, ...cn]);
    const e = err(() => parseName(bad));
    expect([e.code, e.offset]).toEqual(['set-order', 4 + uid.length]);
    const lenient = parseName(bad, { lenient: true });
    expect(lenient.get('UID')).toEqual(['z']);
    expect(bytesEqual(lenient.raw, bad)).toBe(true);
    expect(nameEquals(lenient, parseName(good))).toBe(true);
  });
  it('attribute paths and offsets point into the caller buffer', () => {
    // CN value is a PrintableString with '*' (outside its repertoire); strict refuses it, lenient reads it
    const der = fromHex('300d310b300906035504031302612a');
    const e = err(() => parseName(der));
    expect([e.code, e.offset, e.path]).toEqual(['invalid-string', 14, 'rdns[0][0].value']);
    expect(parseName(der, { lenient: true }).commonName).toBe('a*');
    const t = err(() => parseName(fromHex('300d310b3009060355040313000500')));
    expect(t.code).toBe('trailing-data');
    expect(err(() => parseName(fromHex('3108300606035504031300'))).code).toBe('unexpected-tag');
  });
  it('keeps non-string values raw and reports them as #hex', () => {
    const n = parseName(
      encodeDer((w) =>
        w.sequence((w) =>
          w.setOf((w) =>
            w.sequence((w) => {
              w.oid('2.5.4.45');
              w.bitString(Uint8Array.of(1));
            }),
          ),
        ),
      ),
    );
    expect(n.rdns[0]![0]!.value).toBeUndefined();
    expect(n.toString()).toBe('x500UniqueIdentifier=#03020001'.replace('x500UniqueIdentifier', '2.5.4.45'));
    expect(nameToJson(n).rdns[0]![0]!.hex).toBe('03020001');
  });
});

describe('properties (fast-check)', () => {
  const noLoneSurrogate = (s: string): boolean => !/[\uD800-\uDFFF]/.test(s.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''));
  const dirValue = fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }).filter(noLoneSurrogate);
  const ascii = fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 20 });
  const attr = fc.oneof(
    fc.tuple(fc.constantFrom('CN', 'O', 'OU', 'L', 'ST', 'STREET', 'UID', 'title', '1.2.3.4'), dirValue),
    fc.tuple(fc.constantFrom('emailAddress', 'DC'), ascii),
    fc.tuple(fc.constant('C'), fc.stringMatching(/^[A-Z]{2}$/)),
  );
  const rdns = fc.array(fc.array(attr, { minLength: 1, maxLength: 3 }), { maxLength: 6 });

  it('build → DER → parse gives the same bytes and an equal name', () => {
    fc.assert(
      fc.property(rdns, (r) => {
        const n = nameFromRdns(r.map((rdn) => rdn.map(([t, v]) => [t, v] as [string, string])));
        const back = parseName(nameToDer(n));
        return bytesEqual(back.raw, n.raw) && nameEquals(back, n) && nameCanonicalKey(back) === nameCanonicalKey(n);
      }),
      { numRuns: 300 },
    );
  });

  it('toString → parseString gives the same bytes (RFC 4514 round trip), ASCII-only form too', () => {
    fc.assert(
      fc.property(rdns, (r) => {
        const n = nameFromRdns(r.map((rdn) => rdn.map(([t, v]) => [t, v] as [string, string])));
        return bytesEqual(parseNameString(n.toString()).raw, n.raw) && bytesEqual(parseNameString(n.toString({ asciiOnly: true })).raw, n.raw);
      }),
      { numRuns: 300 },
    );
  });

  it('any bytes give a Name or a CertkitError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.boolean(), (bytes, lenient) => {
        try {
          parseName(Uint8Array.of(0x30, bytes.length, ...bytes), { lenient });
        } catch (e) {
          return e instanceof CertkitError;
        }
        return true;
      }),
      { numRuns: 500 },
    );
  });
});
