/**
 * Known answers for the DER engine:
 * - the reader against `openssl asn1parse` on real certificates (every element's offset, depth,
 *   header length, length, form and tag name, and the INTEGER, BOOLEAN and time values);
 * - `dumpDer` against the same output, line for line;
 * - the writer against DER bytes published in A Layman's Guide to a Subset of ASN.1, BER, and
 *   DER (Kaliski, RSA Laboratories, 1993), X.690 §8.19.5, RFC 8410 §10.1/§10.3, and against
 *   `openssl asn1parse -genconf` output for a structure with every tagging form.
 *
 * OpenSSL 3 must be installed: these tests fail, never skip, without it.
 * Non-goals: rule-by-rule rejection (der-strictness.test.ts), random inputs (der-properties.test.ts).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { DerReader, type DerWriter, Tag, TagClass, contextTag, dumpDer, encodeDer, formatGeneralizedTime, formatUtcTime, fromHex, makeTag, tagName, toHex } from '../src/der/index';

const work = mkdtempSync(join(tmpdir(), 'certkit-der-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function openssl(args: string[]): string {
  return execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function pemBlocks(text: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const m of text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g)) {
    out.push(new Uint8Array(Buffer.from(m[2]!.replace(/\s+/g, ''), 'base64')));
  }
  return out;
}

const b64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));

/** One line of `openssl asn1parse` output. */
interface Line {
  offset: number;
  depth: number;
  hl: number;
  l: number;
  form: 'cons' | 'prim';
  name: string;
  value?: string;
}

const LINE = /^\s*(\d+):d=(\d+)\s+hl=(\d+)\s+l=\s*(\d+)\s+(cons|prim):\s*(.*)$/;

function parseAsn1parse(text: string): Line[] {
  const out: Line[] = [];
  for (const raw of text.split('\n')) {
    if (!raw.trim()) continue;
    const m = LINE.exec(raw);
    if (!m) throw new Error(`unexpected asn1parse line: ${raw}`);
    const rest = m[6]!;
    const colon = rest.indexOf(':');
    const name = (colon < 0 ? rest : rest.slice(0, colon)).replace(/\s*\[HEX DUMP\]\s*$/, '').trim();
    const line: Line = { offset: +m[1]!, depth: +m[2]!, hl: +m[3]!, l: +m[4]!, form: m[5] as 'cons' | 'prim', name };
    if (colon >= 0) line.value = rest.slice(colon + 1);
    out.push(line);
  }
  return out;
}

/** Our reader's view of the same elements, in the same (pre-)order, with OpenSSL's value formats. */
function ourLines(der: Uint8Array): Line[] {
  const out: Line[] = [];
  const visit = (r: DerReader): void => {
    while (!r.atEnd) {
      const save = r.pos;
      const t = r.readTlv();
      const line: Line = { offset: t.offset, depth: r.depth, hl: t.headerLength, l: t.length, form: t.constructed ? 'cons' : 'prim', name: tagName(t.tag) };
      out.push(line);
      if (t.constructed) {
        visit(r.enterTlv(t));
        continue;
      }
      const sub = new DerReader(der, { lenient: true }, save, t.end, r.depth);
      if (t.tag === Tag.INTEGER) {
        // OpenSSL prints the magnitude in whole hex bytes, upper case, '-' for negatives.
        const v = sub.readInteger();
        let hex = (v < 0n ? -v : v).toString(16).toUpperCase();
        if (hex.length % 2) hex = '0' + hex;
        line.value = (v < 0n ? '-' : '') + hex;
      } else if (t.tag === Tag.BOOLEAN) {
        line.value = sub.readBoolean() ? '255' : '0';
      } else if (t.tag === Tag.UTC_TIME) {
        line.value = formatUtcTime(sub.readTime());
      } else if (t.tag === Tag.GENERALIZED_TIME) {
        line.value = formatGeneralizedTime(sub.readTime());
      }
    }
  };
  visit(new DerReader(der));
  return out;
}

/** The fields both sides print; values only for the types whose formats are compared. */
function comparable(lines: Line[]): unknown[] {
  return lines.map((x) => {
    const compareValue = ['INTEGER', 'BOOLEAN', 'UTCTIME', 'GENERALIZEDTIME'].includes(x.name);
    return [x.offset, x.depth, x.hl, x.l, x.form, x.name, compareValue ? x.value?.trim() : undefined];
  });
}

let fileCounter = 0;
function asn1parse(der: Uint8Array): Line[] {
  const file = join(work, `cert-${fileCounter++}.der`);
  writeFileSync(file, der);
  return parseAsn1parse(openssl(['asn1parse', '-inform', 'DER', '-in', file]));
}

const ROOTS = rootCertificates.flatMap((pem) => pemBlocks(pem));
const PYCA = [
  'x509/bigoid.pem',
  'x509/custom/san_registered_id.pem',
  'x509/custom/san_other_name.pem',
  'x509/unique_identifier.pem',
  'x509/san_x400address.der',
  'x509/san_edipartyname.der',
  'x509/e-trust.ru.der',
  'x509/ed25519/ed25519-rfc8410.pem',
  'x509/ed448/root-ed448.pem',
  'x509/custom/negative_serial.pem',
  'x509/custom/post2000utctime.pem',
].map((f) => {
  const raw = readFileSync(new URL(`./vectors/pyca-x509/${f}`, import.meta.url));
  return { f, der: f.endsWith('.der') ? new Uint8Array(raw) : pemBlocks(raw.toString('latin1'))[0]! };
});

describe('reader against openssl asn1parse', () => {
  it('openssl is installed (these tests fail rather than skip without it)', () => {
    expect(openssl(['version'])).toMatch(/^OpenSSL 3\./);
  });

  it(`matches every element of all ${ROOTS.length} root certificates of Node`, () => {
    expect(ROOTS.length).toBeGreaterThan(100);
    let elements = 0;
    for (const der of ROOTS) {
      const theirs = asn1parse(der);
      const ours = ourLines(der);
      expect(comparable(ours)).toEqual(comparable(theirs));
      elements += ours.length;
    }
    expect(elements).toBeGreaterThan(ROOTS.length * 50);
  });

  for (const { f, der } of PYCA) {
    it(`matches every element of pyca's ${f}`, () => {
      const theirs = asn1parse(der);
      expect(theirs.length).toBeGreaterThan(20);
      expect(comparable(ourLines(der))).toEqual(comparable(theirs));
    });
  }

  it('dumpDer prints the same tree as openssl asn1parse when it does not open encapsulations', () => {
    for (const der of [...ROOTS.slice(0, 20), ...PYCA.map((p) => p.der)]) {
      const ours = parseAsn1parse(dumpDer(der, { openEncapsulated: false }));
      const theirs = asn1parse(der);
      const headers = (ls: Line[]): unknown[] => ls.map((x) => [x.offset, x.depth, x.hl, x.l, x.form, x.name]);
      expect(headers(ours)).toEqual(headers(theirs));
      for (let i = 0; i < ours.length; i++) {
        if (ours[i]!.name === 'INTEGER' && ours[i]!.l <= 2) {
          // Small INTEGERs are decimal in dumpDer, hex in OpenSSL.
          expect(BigInt(ours[i]!.value!.trim())).toBe(BigInt((theirs[i]!.value!.startsWith('-') ? '-0x' : '0x') + theirs[i]!.value!.replace('-', '')));
        }
      }
    }
  });
});

describe('writer against published DER', () => {
  // A Layman's Guide to a Subset of ASN.1, BER, and DER, §5 (examples marked "DER encoding").
  it("reproduces the Layman's Guide examples", () => {
    const cases: Array<[string, (w: DerWriter) => void, string]> = [
      ['INTEGER 0', (w) => w.integer(0), '020100'],
      ['INTEGER 127', (w) => w.integer(127), '02017f'],
      ['INTEGER 128', (w) => w.integer(128n), '02020080'],
      ['INTEGER 256', (w) => w.integer(256), '02020100'],
      ['INTEGER -128', (w) => w.integer(-128), '020180'],
      ['INTEGER -129', (w) => w.integer(-129n), '0202ff7f'],
      ['BIT STRING 011011100101110111', (w) => w.bitString({ bytes: fromHex('6e5dc0'), unusedBits: 6 }), '0304066e5dc0'],
      ['BIT STRING padded with ones is cleaned', (w) => w.bitString({ bytes: fromHex('6e5de0'), unusedBits: 6 }), '0304066e5dc0'],
      ['IA5String test1@rsa.com', (w) => w.string(Tag.IA5_STRING, 'test1@rsa.com'), '160d7465737431407273612e636f6d'],
      ['NULL', (w) => w.null(), '0500'],
      ['OID 1.2.840.113549', (w) => w.oid('1.2.840.113549'), '06062a864886f70d'],
      ['OCTET STRING 0123456789abcdef', (w) => w.octetString(fromHex('0123456789abcdef')), '04080123456789abcdef'],
      ['PrintableString Test User 1', (w) => w.string(Tag.PRINTABLE_STRING, 'Test User 1'), '130b5465737420557365722031'],
      ["T61String cl'es publiques", (w) => w.string(Tag.TELETEX_STRING, 'cl\u00c2es publiques'), '140f636cc26573207075626c6971756573'],
      ['UTCTime 910506234540Z', (w) => w.utcTime(new Date('1991-05-06T23:45:40Z')), '170d3931303530363233343534305a'],
    ];
    for (const [what, write, hex] of cases) expect(toHex(encodeDer(write)), what).toBe(hex);
  });

  it("reproduces the Layman's Guide Name (§6.2.6), with SET OF through setOf()", () => {
    const der = encodeDer((w) =>
      w.sequence((name) => {
        for (const [oid, value] of [
          ['2.5.4.6', 'US'],
          ['2.5.4.10', 'Example Organization'],
          ['2.5.4.3', 'Test User 1'],
        ] as const) {
          name.setOf((rdn) =>
            rdn.sequence((atv) => {
              atv.oid(oid);
              atv.string(Tag.PRINTABLE_STRING, value);
            }),
          );
        }
      }),
    );
    expect(toHex(der)).toBe(
      '3042' +
        '310b' +
        '3009' +
        '0603550406' +
        '13025553' +
        '311d' +
        '301b' +
        '060355040a' +
        '1314' +
        '4578616d706c65204f7267616e697a6174696f6e' +
        '3114' +
        '3012' +
        '0603550403' +
        '130b' +
        '5465737420557365722031',
    );
  });

  it('reproduces X.690 §8.19.5: { 2 999 3 } is 06 03 88 37 03', () => {
    expect(toHex(encodeDer((w) => w.oid('2.999.3')))).toBe('0603883703');
  });

  // RFC 8410 §10.1 and §10.3 (base64 copied from the RFC's examples).
  const RFC8410_PUBLIC = 'MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=';
  const RFC8410_PRIVATE = 'MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC';
  const RFC8410_PRIVATE_V2 = 'MHICAQEwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC' + 'oB8wHQYKKoZIhvcNAQkJFDEPDA1DdXJkbGUgQ2hhaXJzgSEAGb9ECWmEzf6FQbrB' + 'Z9w7lshQhqowtrbLDFw4rXAxZuE=';
  const PUBLIC_KEY = fromHex('19bf44096984cdfe8541bac167dc3b96c85086aa30b6b6cb0c5c38ad703166e1');
  const SEED = fromHex('d4ee72dbf913584ad5b6d8f1f769f8ad3afe7c28cbf1d4fbe097a88f44755842');

  it('reproduces the RFC 8410 §10.1 Ed25519 SubjectPublicKeyInfo', () => {
    const der = encodeDer((w) =>
      w.sequence((spki) => {
        spki.sequence((alg) => alg.oid('1.3.101.112'));
        spki.bitString(PUBLIC_KEY);
      }),
    );
    expect(toHex(der)).toBe(toHex(b64(RFC8410_PUBLIC)));
  });

  it('reproduces the RFC 8410 §10.3 private keys, v1 and v2 with attributes and [1] IMPLICIT public key', () => {
    const v1 = encodeDer((w) =>
      w.sequence((k) => {
        k.integer(0);
        k.sequence((alg) => alg.oid('1.3.101.112'));
        k.octetStringWrapping((o) => o.octetString(SEED)); // CurvePrivateKey ::= OCTET STRING
      }),
    );
    expect(toHex(v1)).toBe(toHex(b64(RFC8410_PRIVATE)));
    const v2 = encodeDer((w) =>
      w.sequence((k) => {
        k.integer(1);
        k.sequence((alg) => alg.oid('1.3.101.112'));
        k.octetStringWrapping((o) => o.octetString(SEED));
        k.constructed(contextTag(0, true), (attrs) =>
          attrs.sequence((attr) => {
            // [0] IMPLICIT Attributes
            attr.oid('1.2.840.113549.1.9.9.20');
            attr.setOf((values) => values.utf8('Curdle Chairs'));
          }),
        );
        k.bitString(PUBLIC_KEY, contextTag(1)); // [1] IMPLICIT PublicKey
      }),
    );
    expect(toHex(v2)).toBe(toHex(b64(RFC8410_PRIVATE_V2)));
    // And the reader takes it apart again.
    const r = new DerReader(v2).enter();
    expect(r.readSmallInteger()).toBe(1);
    expect(r.enter().readOid()).toBe('1.3.101.112');
    expect(toHex(new DerReader(r.readOctetString()).readOctetString())).toBe(toHex(SEED));
    const attr = r.enter(contextTag(0, true)).enter();
    expect(attr.readOid()).toBe('1.2.840.113549.1.9.9.20');
    expect(attr.enterSetOf().readString().value).toBe('Curdle Chairs');
    expect(toHex(r.readBitString(contextTag(1)).bytes)).toBe(toHex(PUBLIC_KEY));
    r.finish();
  });

  it('matches openssl asn1parse -genconf byte for byte (EXPLICIT/IMPLICIT, high tags, all classes, times, SET)', () => {
    const conf = [
      'asn1 = SEQUENCE:top',
      '[top]',
      'a = INTEGER:-129',
      'b = BOOLEAN:TRUE',
      'c = NULL',
      'd = OID:2.999.3',
      'e = EXPLICIT:0,INTEGER:2',
      'f = IMPLICIT:1,INTEGER:5',
      'g = EXPLICIT:200P,UTF8String:hello',
      'h = IMPLICIT:31A,OCTETSTRING:abc',
      'i = UTCTIME:491231235959Z',
      'j = GENERALIZEDTIME:20500101000000Z',
      'k = SETWRAP,SEQUENCE:inner',
      'l = FORMAT:BITLIST,BITSTRING:1,2,4,5,6,9,11,12,13,15,16,17',
      'm = PRINTABLESTRING:Test User 1',
      'n = IA5STRING:test1@rsa.com',
      'o = BMPSTRING:AB',
      'p = ENUMERATED:3',
      'q = IMPLICIT:16383C,SEQUENCE:inner',
      'r = EXPLICIT:100000A,BOOLEAN:FALSE',
      '[inner]',
      'x = INTEGER:0x0102030405060708090A0B0C0D0E0F10',
    ].join('\n');
    const confFile = join(work, 'genconf.cnf');
    const outFile = join(work, 'genconf.der');
    writeFileSync(confFile, conf + '\n');
    openssl(['asn1parse', '-genconf', confFile, '-out', outFile, '-noout']);
    const theirs = new Uint8Array(readFileSync(outFile));
    const inner = (w: DerWriter): void => {
      w.sequence((s) => s.integer(0x0102030405060708090a0b0c0d0e0f10n));
    };
    const ours = encodeDer((w) =>
      w.sequence((s) => {
        s.integer(-129);
        s.boolean(true);
        s.null();
        s.oid('2.999.3');
        s.explicit(0, (e) => e.integer(2));
        s.integer(5, contextTag(1));
        s.constructed(makeTag(TagClass.private, true, 200), (e) => e.utf8('hello'));
        s.octetString(new TextEncoder().encode('abc'), makeTag(TagClass.application, false, 31));
        s.time(new Date('2049-12-31T23:59:59Z'));
        s.time(new Date('2050-01-01T00:00:00Z'));
        s.setOf(inner);
        s.bitString({ bytes: fromHex('6e5dc0'), unusedBits: 6 });
        s.string(Tag.PRINTABLE_STRING, 'Test User 1');
        s.string(Tag.IA5_STRING, 'test1@rsa.com');
        s.string(Tag.BMP_STRING, 'AB');
        s.enumerated(3);
        s.constructed(contextTag(16383, true), (q) => q.integer(0x0102030405060708090a0b0c0d0e0f10n));
        s.constructed(makeTag(TagClass.application, true, 100000), (e) => e.boolean(false));
      }),
    );
    expect(toHex(ours)).toBe(toHex(theirs));
    // The reader agrees with OpenSSL's own parse of it.
    expect(comparable(ourLines(theirs))).toEqual(comparable(asn1parse(theirs)));
  });
});
