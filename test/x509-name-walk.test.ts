/**
 * The one walk of `name.ts` (offsets only, values decoded on first read) against a reference
 * reader written here over `DerReader` (the specification: RDNSequence, RDN, AttributeTypeAndValue
 * read element by element): on real names and on mutated ones the walk accepts exactly what the
 * reference accepts, with the same error code and offset when it refuses, and the same
 * attributes, `commonName` and RFC 4514 string when it accepts.
 */
import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CertkitError, DerError, DerReader, Tag, compareEncodings, decodeOid, decodeString, isStringTag } from '../src/der/index';
import {
  type Name,
  NameError,
  attributeShortName,
  nameFrom,
  nameFromRdns,
  parseCertificate,
  parseName,
  parseNameString,
  parseRdn,
  readName,
  type AttributeTypeAndValue,
  type Rdn,
} from '../src/x509/index';

/** One RDN: a non-empty SET OF AttributeTypeAndValue in DER order (unless lenient). */
function referenceRdn(seq: DerReader): Rdn {
  const setTlv = seq.read(Tag.SET);
  const set = seq.enterTlv(setTlv);
  if (set.atEnd) throw new NameError('empty-rdn', 'empty RDN', { offset: setTlv.offset });
  const rdn: AttributeTypeAndValue[] = [];
  let prev: Uint8Array | undefined;
  while (!set.atEnd) {
    const t = set.read(Tag.SEQUENCE);
    if (prev !== undefined && !set.lenient && compareEncodings(prev, t.raw) > 0) throw new DerError('set-order', 'SET OF order', { offset: t.offset });
    prev = t.raw;
    const atv = set.enterTlv(t);
    const oidTlv = atv.read(Tag.OID);
    const type = decodeOid(oidTlv.value, oidTlv.valueOffset);
    const vt = atv.readTlv();
    const value = isStringTag(vt.tag) ? decodeString(vt.tag, vt.value, vt.valueOffset, set.lenient) : undefined;
    atv.finish('AttributeTypeAndValue');
    rdn.push({ type, tag: vt.tag, value, rawValue: vt.raw });
  }
  return rdn;
}

/** `RDNSequence ::= SEQUENCE OF RelativeDistinguishedName`, RDN by RDN. */
function reference(der: Uint8Array, lenient: boolean): Rdn[] {
  const r = new DerReader(der, { lenient });
  const seq = r.enter(Tag.SEQUENCE);
  const rdns: Rdn[] = [];
  while (!seq.atEnd) rdns.push(referenceRdn(seq));
  r.finish('Name');
  return rdns;
}

/** RFC 4514 §2.3–2.4 written out independently of src/: the expected `toString()`. */
function format4514(rdns: Rdn[], asciiOnly: boolean): string {
  const hex = (b: number): string => `\\${b.toString(16).toUpperCase().padStart(2, '0')}`;
  const esc = (s: string): string => {
    const chars = [...s];
    return chars
      .map((ch, i) => {
        const c = ch.codePointAt(0)!;
        if (c < 0x20 || c === 0x7f) return hex(c);
        if ('"+,;<>\\'.includes(ch)) return `\\${ch}`;
        if (i === 0 && (ch === '#' || ch === ' ')) return `\\${ch}`;
        if (i === chars.length - 1 && ch === ' ') return '\\ ';
        if (c >= 0x80 && asciiOnly) return [...new TextEncoder().encode(ch)].map(hex).join('');
        return ch;
      })
      .join('');
  };
  return [...rdns]
    .reverse()
    .map((rdn) =>
      [...rdn]
        .reverse()
        .map((a) => {
          const name = attributeShortName(a.type);
          const known = name !== a.type;
          if (!known || a.value === undefined) return `${name}=#${Buffer.from(a.rawValue).toString('hex')}`;
          return `${name}=${esc(a.value)}`;
        })
        .join('+'),
    )
    .join(',');
}

function plain(rdns: readonly Rdn[]): unknown {
  return rdns.map((rdn) => rdn.map((a) => ({ type: a.type, tag: a.tag, value: a.value, rawValue: Buffer.from(a.rawValue).toString('hex') })));
}

function agree(der: Uint8Array, lenient: boolean): boolean {
  let want: Rdn[] | undefined;
  let wantErr: CertkitError | undefined;
  try {
    want = reference(der, lenient);
  } catch (e) {
    if (!(e instanceof CertkitError)) throw e;
    wantErr = e;
  }
  let got: Name | undefined;
  try {
    got = parseName(der, { lenient });
  } catch (e) {
    if (!(e instanceof CertkitError)) throw e;
    expect(wantErr, `the walk refused what the reference accepts: ${e.message}`).toBeDefined();
    expect([e.code, e.offset]).toEqual([wantErr!.code, wantErr!.offset]);
    return true;
  }
  expect(wantErr?.message, 'the walk accepted what the reference refuses').toBeUndefined();
  expect(plain(got.rdns)).toEqual(plain(want!));
  expect(got.length).toBe(want!.length);
  const cns = want!.flat().filter((a) => a.type === '2.5.4.3' && a.value !== undefined);
  expect(got.commonName).toBe(cns[cns.length - 1]?.value);
  expect(got.toString()).toBe(format4514(want!, false));
  expect(got.toString({ asciiOnly: true })).toBe(format4514(want!, true));
  return true;
}

const roots = rootCertificates.flatMap((p) => {
  const c = parseCertificate(new Uint8Array(new X509Certificate(p).raw));
  return [c.rawSubject.slice(), c.rawIssuer.slice()];
});
const built = [
  nameFrom({ C: 'US', O: 'Acme, Inc.', OU: [' lead', 'trail ', '#hash', 'a+b;c<d>e"f\\g'], CN: 'Ünïcödé 名前' }),
  nameFrom({ C: 'US', O: 'Acme, Inc.', OU: [' lead', 'trail ', '#hash', 'a+b;c<d>e"f\\g', 'in#side', 'tab\there', '  '], CN: 'ascii' }),
  nameFrom({ CN: 'x', DC: ['\u0000', '\u007f'] }),
  nameFrom({ CN: 'x', emailAddress: 'a@b.c', DC: ['example', 'com'], UID: 'u1' }),
  nameFromRdns([
    [
      ['CN', 'Jane'],
      ['UID', 'jd'],
      ['O', 'Acme'],
    ],
    [['1.2.3.4', 'custom']],
  ]),
  parseNameString('CN=#0c03616263,O=#1e0400e90041,OU=#14024142,L=#130431323334'),
  parseNameString('CN=x,serialNumber=#120431323334,2.5.4.45=#03020001'),
].map((n) => n.raw.slice());
const corpus = [...roots, ...built];

describe('the Name walk agrees with a reference RDN reader', () => {
  it('on every subject and issuer of the Node root store and on built names, strict and lenient', () => {
    for (const der of corpus) {
      agree(der, false);
      agree(der, true);
    }
  });

  it('on mutated names: same acceptance, errors (code, offset), values and strings', () => {
    const mutation = fc.record({
      i: fc.nat(corpus.length - 1),
      edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'insert', 'delete')), { minLength: 1, maxLength: 3 }),
      lenient: fc.boolean(),
    });
    fc.assert(
      fc.property(mutation, ({ i, edits, lenient }) => {
        const bytes = [...corpus[i]!];
        for (const [at, v, op] of edits) {
          const k = at % (bytes.length + 1);
          if (op === 'insert') bytes.splice(k, 0, v);
          else if (k < bytes.length) {
            if (op === 'set') bytes[k] = v;
            else bytes.splice(k, 1);
          }
        }
        return agree(Uint8Array.from(bytes), lenient);
      }),
      { numRuns: 3000, seed: 4514 },
    );
  });

  it('accepts and decodes the string types it reads as bytes, and decodes the rest at once', () => {
    const n = parseName(built[5]!);
    expect(n.rdns.flat().map((a) => [a.tag, a.value])).toEqual([
      [Tag.PRINTABLE_STRING, '1234'],
      [Tag.TELETEX_STRING, 'AB'],
      [Tag.BMP_STRING, 'éA'],
      [Tag.UTF8_STRING, 'abc'],
    ]);
    expect(n.toString()).toBe('CN=abc,O=éA,OU=AB,L=1234');
    // a BIT STRING value and a NumericString
    const other = parseName(built[6]!);
    expect(other.rdns.flat().map((a) => [a.tag, a.value])).toEqual([
      [Tag.BIT_STRING, undefined],
      [Tag.NUMERIC_STRING, '1234'],
      [Tag.PRINTABLE_STRING, 'x'],
    ]);
    expect(other.toString()).toBe('CN=x,serialNumber=1234,2.5.4.45=#03020001');
    expect(other.commonName).toBe('x');
  });
});

describe('the walk on unusual inputs', () => {
  it('reads names with more distinct attribute types than it interns, with the same values and strings', () => {
    // 1,500 distinct private OIDs: past the interned-type bound, types are kept per name.
    const rdns = Array.from({ length: 1500 }, (_, i) => [[`1.3.6.1.4.1.99999.${i}`, `v${i}`] as [string, string]]);
    const n = nameFromRdns(rdns);
    const again = parseName(n.raw);
    expect(again.length).toBe(1500);
    expect(again.rdns.flat().map((a) => [a.type, a.value])).toEqual(rdns.map((r) => r[0]));
    expect(again.get('1.3.6.1.4.1.99999.1499')).toEqual(['v1499']);
    expect(again.toString()).toBe(n.toString());
    expect(agree(n.raw.slice(), false)).toBe(true);
  });

  it('reports errors in an RDN read alone (parseRdn) with the attribute path', () => {
    // SET { SEQUENCE { OID 2.5.4.3, PrintableString "a*" } }: '*' is outside PrintableString
    const der = Uint8Array.of(0x31, 0x0b, 0x30, 0x09, 0x06, 0x03, 0x55, 0x04, 0x03, 0x13, 0x02, 0x61, 0x2a);
    let e: CertkitError | undefined;
    try {
      parseRdn(new DerReader(der));
    } catch (x) {
      e = x as CertkitError;
    }
    expect([e?.code, e?.offset, e?.path]).toEqual(['invalid-string', 12, '[0].value']);
    expect(parseRdn(new DerReader(der, { lenient: true }))[0]!.value).toBe('a*');
  });

  it("honours the reader's nesting bound", () => {
    const der = nameFrom({ CN: 'x' }).raw;
    expect(readName(new DerReader(der, { maxDepth: 3 })).commonName).toBe('x');
    let e: CertkitError | undefined;
    try {
      readName(new DerReader(der, { maxDepth: 2 }));
    } catch (x) {
      e = x as CertkitError;
    }
    expect(e?.code).toBe('nesting-too-deep');
  });
});

describe('self-issued certificates', () => {
  it('serve issuer and subject from one Name when the encodings are equal, in either reading order', () => {
    const pems = rootCertificates.slice(0, 8);
    for (const [i, p] of pems.entries()) {
      const c = parseCertificate(new Uint8Array(new X509Certificate(p).raw));
      const first = i % 2 === 0 ? c.subject : c.issuer;
      const second = i % 2 === 0 ? c.issuer : c.subject;
      expect(Buffer.from(c.rawIssuer).equals(Buffer.from(c.rawSubject))).toBe(true);
      expect(second).toBe(first);
      expect(second.toString()).toBe(parseName(c.rawIssuer).toString());
    }
  });
});
