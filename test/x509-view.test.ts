/**
 * The lean certificate view (`src/x509/view.ts`) gives the same answers as the full parser
 * (`parseCertificate`): the same inputs accepted and refused (same error class, code, offset
 * and path), the same field values, the same names (RFC 4514 text, commonName, attributes) and
 * the same subjectAltName entries, in strict and lenient mode. Inputs: every root of Node's
 * `tls.rootCertificates`, the pyca/cryptography certificate corpus, certificates assembled here
 * to break one rule each, and fast-check mutations of real certificates aimed at the whole
 * certificate, the names and the subjectAltName.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CertkitError, DerWriter, Tag, Tlv, decodeString, fromHex, isStringTag, toHex } from '../src/der/index';
import { ATTRIBUTE } from '../src/oid/index';
import { decodePemAll } from '../src/pem/index';
import { parseCertificate, type Certificate } from '../src/x509/certificate';
import { attributeShortName, type Name } from '../src/x509/name';
import { _stringValue, _viewAttributeName } from '../src/x509/_name-view';
import { CertificateView, parseCertificateView, subjectAltNameOf, type NameView } from '../src/x509/view';

const PYCA = join(__dirname, 'vectors/pyca-x509/x509');

/** Every certificate of the pyca corpus (each PEM block, or the DER file), with its file name. */
function pycaCorpus(): Array<{ name: string; der: Uint8Array }> {
  const out: Array<{ name: string; der: Uint8Array }> = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.der')) out.push({ name: p, der: new Uint8Array(readFileSync(p)) });
      else if (e.name.endsWith('.pem')) {
        let blocks;
        try {
          blocks = decodePemAll(readFileSync(p, 'latin1'));
        } catch {
          continue; // deliberately broken PEM files: the PEM layer's own tests cover them
        }
        blocks.forEach((b, i) => { if (b.label === 'CERTIFICATE' || b.label === 'X509 CERTIFICATE') out.push({ name: `${p}#${i}`, der: b.der }); });
      }
    }
  };
  walk(PYCA);
  return out;
}

const ROOTS = rootCertificates.map((pem) => decodePemAll(pem)[0]!.der);
const CORPUS = pycaCorpus();

type Outcome = { ok: unknown } | { err: { name: string; code: string; offset: number | undefined; path: string | undefined } };

function outcome(fn: () => unknown): Outcome {
  try {
    return { ok: fn() };
  } catch (e) {
    if (!(e instanceof CertkitError)) throw e; // anything else is a failure of the test
    return { err: { name: e.name, code: e.code, offset: e.offset, path: e.path } };
  }
}

/** What a name shows, for `Name` and `NameView` alike. */
function nameFields(n: Name | NameView): unknown {
  return {
    text: n.toString(),
    ascii: n.toString({ asciiOnly: true }),
    cn: n.commonName ?? null,
    len: n.length,
    empty: n.isEmpty,
    raw: toHex(n.raw),
    attrs: n.attributes().map((a) => [a.type, a.tag, a.value ?? null, toHex(a.rawValue)]),
  };
}

/** Everything a caller of the view can read, from either object. */
function fields(c: Certificate | CertificateView): Record<string, Outcome> {
  return {
    top: outcome(() => ({
      version: c.version,
      serial: c.serialNumber.toString(),
      serialHex: c.serialNumberHex,
      notBefore: c.notBefore.getTime(),
      notAfter: c.notAfter.getTime(),
      raw: [c.raw, c.rawTbs, c.rawSerial, c.rawSignatureAlgorithm, c.rawIssuer, c.rawSubject, c.rawSpki, c.rawValidity, c.rawSignatureValue].map((b) => toHex(b)),
      rawExtensions: c.rawExtensions === undefined ? null : toHex(c.rawExtensions),
      uids: [c.issuerUniqueId, c.subjectUniqueId].map((u) => (u === undefined ? null : [toHex(u.bytes), u.unusedBits])),
      extensions: c.extensions.map((e) => [e.oid, e.critical, e.offset, e.valueOffset, toHex(e.value)]),
      lenient: c.lenient,
    })),
    issuer: outcome(() => nameFields(c.issuer)),
    subject: outcome(() => nameFields(c.subject)),
    dns: outcome(() => c.dnsNames),
    ip: outcome(() => c.ipAddresses),
    email: outcome(() => c.emailAddresses),
  };
}

/** A GeneralName list made comparable (directory names as text). */
function sanText(san: readonly unknown[] | undefined): unknown {
  return san?.map((n) => {
    const g = n as { type: string; value: unknown };
    return g.type === 'dn' ? { ...g, value: (g.value as Name).toString() } : g;
  });
}

/** Parses with both and checks they agree on everything; returns whether the input was accepted. */
function agree(input: Uint8Array | string, lenient: boolean): boolean {
  let full: Certificate | undefined;
  let view: CertificateView | undefined;
  const a = outcome(() => (full = parseCertificate(input, { lenient })) && 'parsed');
  const b = outcome(() => (view = parseCertificateView(input, { lenient })) && 'parsed');
  expect(b).toEqual(a);
  if (full === undefined || view === undefined) return false;
  expect(fields(view)).toEqual(fields(full));
  const f = full;
  const v = view;
  expect(outcome(() => sanText(subjectAltNameOf(v)))).toEqual(outcome(() => sanText(f.subjectAltName)));
  for (const e of full.extensions) expect(view.getExtension(e.oid)?.offset).toBe(e.offset);
  return true;
}

describe('the view agrees with parseCertificate on real certificates', () => {
  it(`every root of Node's store (${ROOTS.length}), strict and lenient, DER and PEM`, () => {
    expect(ROOTS.length).toBeGreaterThan(100);
    let accepted = 0;
    for (const der of ROOTS) {
      for (const lenient of [false, true]) if (agree(der, lenient)) accepted++;
    }
    for (const pem of rootCertificates.slice(0, 20)) expect(agree(pem, false)).toBe(true);
    // the store is readable in lenient mode at least (strict mode refuses a few old roots)
    expect(accepted).toBeGreaterThan(ROOTS.length);
  });

  it(`the pyca corpus (${CORPUS.length} certificates), strict and lenient`, () => {
    expect(CORPUS.length).toBeGreaterThan(100);
    let accepted = 0;
    let refused = 0;
    for (const { der } of CORPUS) {
      for (const lenient of [false, true]) {
        if (agree(der, lenient)) accepted++;
        else refused++;
      }
    }
    // the corpus holds both kinds, so both paths were compared
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(5);
  });

  it('certificates with subjectAltNames give the same dNSName, iPAddress and rfc822Name entries', () => {
    let withSan = 0;
    for (const { der } of CORPUS) {
      let c: Certificate;
      try {
        c = parseCertificate(der, { lenient: true });
        if (c.subjectAltName === undefined) continue;
      } catch {
        continue;
      }
      withSan++;
      const v = parseCertificateView(der, { lenient: true });
      expect([v.dnsNames, v.ipAddresses, v.emailAddresses]).toEqual([c.dnsNames, c.ipAddresses, c.emailAddresses]);
    }
    expect(withSan).toBeGreaterThan(20);
  });
});

// ---------------------------------------------------------------------------------------------
// Mutations

/** Offsets of the bytes worth mutating in a certificate: names, the SAN value, everything. */
function regions(der: Uint8Array): { all: [number, number]; names: Array<[number, number]>; san: [number, number] | undefined } {
  const c = parseCertificate(der, { lenient: true });
  const off = (v: Uint8Array): number => v.byteOffset - der.byteOffset;
  const names: Array<[number, number]> = [[off(c.rawIssuer), off(c.rawIssuer) + c.rawIssuer.length], [off(c.rawSubject), off(c.rawSubject) + c.rawSubject.length]];
  const s = c.getExtension('2.5.29.17');
  return { all: [0, der.length], names, san: s === undefined ? undefined : [s.valueOffset, s.valueOffset + s.value.length] };
}

// Bases: a few roots (names with several RDNs and string types) and corpus certificates with a SAN.
const BASES: Uint8Array[] = (() => {
  const out: Uint8Array[] = ROOTS.slice(0, 6);
  for (const { der } of CORPUS) {
    if (out.length >= 16) break;
    try {
      const c = parseCertificate(der);
      if (c.subjectAltName !== undefined && c.raw.length < 3000) out.push(der);
    } catch {
      // not a base
    }
  }
  return out;
})();

const edit = fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'insert', 'delete'));

function mutate(der: Uint8Array, [lo, hi]: [number, number], edits: Array<[number, number, string]>): Uint8Array {
  let m = Array.from(der);
  for (const [i, b, kind] of edits) {
    const at = lo + (i % Math.max(1, hi - lo));
    if (kind === 'set') m[at] = b;
    else if (kind === 'insert') m.splice(at, 0, b);
    else m.splice(at, 1);
  }
  return Uint8Array.from(m);
}

describe('the view agrees with parseCertificate on mutated certificates', () => {
  it('has bases with subjectAltNames', () => {
    expect(BASES.filter((b) => regions(b).san !== undefined).length).toBeGreaterThanOrEqual(8);
  });

  it('byte edits anywhere in the certificate', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.nat({ max: BASES.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 3 }), fc.boolean(), (w, edits, lenient) => {
        const base = BASES[w]!;
        if (agree(mutate(base, regions(base).all, edits), lenient)) accepted++;
      }),
      { numRuns: 1500 },
    );
    expect(accepted).toBeGreaterThan(50);
  });

  it('byte edits inside the issuer and subject names', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.nat({ max: BASES.length - 1 }), fc.nat({ max: 1 }), fc.array(edit, { minLength: 1, maxLength: 2 }), fc.boolean(), (w, which, edits, lenient) => {
        const base = BASES[w]!;
        if (agree(mutate(base, regions(base).names[which]!, edits), lenient)) accepted++;
      }),
      { numRuns: 1500 },
    );
    expect(accepted).toBeGreaterThan(100);
  });

  it('byte edits inside the subjectAltName value', () => {
    const withSan = BASES.filter((b) => regions(b).san !== undefined);
    let accepted = 0;
    fc.assert(
      fc.property(fc.nat({ max: withSan.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 2 }), fc.boolean(), (w, edits, lenient) => {
        const base = withSan[w]!;
        if (agree(mutate(base, regions(base).san!, edits), lenient)) accepted++;
      }),
      { numRuns: 1500 },
    );
    expect(accepted).toBeGreaterThan(100);
  });

  it('any bytes give a CertificateView or a CertkitError, as for parseCertificate', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, lenient) => {
        agree(bytes, lenient);
      }),
      { numRuns: 500 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Rules, one by one (assembled certificates; their signatures are not valid and need not be)


function nameDer(rdns: Array<Array<[string, number, string]>>): Uint8Array {
  const w = new DerWriter();
  w.sequence((w) => {
    for (const rdn of rdns) w.constructed(Tag.SET, (w) => { for (const [oid, tag, v] of rdn) w.sequence((w) => { w.oid(oid); w.element(tag, new TextEncoder().encode(v)); }); });
  });
  return w.finish();
}

function certDer(o: { subject?: Uint8Array; exts?: Array<[string, boolean, Uint8Array]>; outerAlg?: Uint8Array; serial?: Uint8Array; version?: Uint8Array } = {}): Uint8Array {
  const w = new DerWriter();
  w.sequence((w) => {
    w.sequence((w) => {
      w.explicit(0, (w) => (o.version ? w.element(Tag.INTEGER, o.version) : w.integer(2)));
      w.element(Tag.INTEGER, o.serial ?? Uint8Array.of(1));
      w.raw(ALG);
      w.raw(nameDer([[['2.5.4.3', Tag.UTF8_STRING, 'Issuer']]]));
      w.sequence((w) => { w.time(new Date('2025-01-01T00:00:00Z')); w.time(new Date('2035-01-01T00:00:00Z')); });
      w.raw(o.subject ?? nameDer([[['2.5.4.6', Tag.PRINTABLE_STRING, 'US']], [['2.5.4.3', Tag.UTF8_STRING, 'a, b']]]));
      w.raw(SPKI);
      if (o.exts) w.explicit(3, (w) => w.sequence((w) => { for (const [oid, crit, v] of o.exts!) w.sequence((w) => { w.oid(oid); if (crit) w.boolean(true); w.octetString(v); }); }));
    });
    w.raw(o.outerAlg ?? ALG);
    w.bitString(Uint8Array.of(1, 2, 3));
  });
  return w.finish();
}

describe('attribute values (the view decodes strings by tag number)', () => {
  it('_stringValue answers as isStringTag/decodeString for every one-octet tag, strict and lenient', () => {
    const samples = [[], [0x41, 0x2a], [0xc3, 0xa9], [0xff], [0, 0x41], [0, 0, 0, 0x41], [0x31, 0x20, 0x39]].map((b) => Uint8Array.from(b));
    let decoded = 0;
    for (let tag = 0; tag < 256; tag++) {
      for (const v of samples) {
        const der = Uint8Array.of(tag, v.length, ...v);
        const t = new Tlv(der, tag, 0, 2, der.length);
        for (const lenient of [false, true]) {
          const a = outcome(() => (isStringTag(tag) ? decodeString(tag, v, 2, lenient) : undefined));
          expect(outcome(() => _stringValue(t, lenient))).toEqual(a);
          if ('ok' in a && a.ok !== undefined) decoded++;
        }
      }
    }
    expect(decoded).toBeGreaterThan(50);
  });
});

describe('version INTEGER encodings (the view reads the version without DerReader)', () => {
  it('every version encoding gets the answer of parseCertificate, strict and lenient', () => {
    const versions = [
      [], [0], [1], [2], [3], [0x7f], [0x80], [0xff], [0, 2], [0xff, 0xff], [0, 0x80], [1, 0], [0xfe, 0],
      [0x1f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], [0x20, 0, 0, 0, 0, 0, 0], [0xe0, 0, 0, 0, 0, 0, 1], [0xe0, 0, 0, 0, 0, 0, 0],
      [0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], [0x80, 0, 0, 0, 0, 0, 0, 0, 0],
    ];
    const codes = new Set<string>();
    for (const v of versions) {
      const der = certDer({ version: Uint8Array.from(v) });
      for (const lenient of [false, true]) {
        agree(der, lenient);
        try {
          parseCertificateView(der, { lenient });
        } catch (e) {
          codes.add((e as CertkitError).code);
        }
      }
    }
    expect([...codes].sort()).toEqual(['empty-integer', 'explicit-default', 'integer-too-large', 'invalid-version', 'negative-integer', 'non-minimal-integer']);
  });
});

function err(fn: () => unknown): { name: string; code: string; offset?: number; path?: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof CertkitError) return { name: e.name, code: e.code, offset: e.offset, path: e.path };
    throw e;
  }
  throw new Error('expected an error');
}

const SPKI = fromHex('3059301306072a8648ce3d020106082a8648ce3d03010703420004' +
  '6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296' +
  '4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5');
const ALG = fromHex('300a06082a8648ce3d040302');

// Structure-aware generators: every field of the TBSCertificate, names and SAN entries drawn
// from valid, borderline and invalid encodings, so each rule of both parsers is exercised.

/** Mostly the valid `usual`, sometimes one of the `others`. */
const mostly = <T,>(usual: T, ...others: T[]): fc.Arbitrary<T> => fc.oneof({ weight: 8, arbitrary: fc.constant(usual) }, { weight: 1, arbitrary: fc.constantFrom(...others) });
const bytesOf = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });
const asciiish = fc.oneof(
  fc.constantFrom('', ' ', 'a', 'A b', ' x', 'x ', '#x', 'a,b', 'a+b', 'é', '*@_', 'ab\u0000', 'example.com', 'a@b.example', 'http://x', 'rel'),
  fc.string({ maxLength: 8 }),
).map((s) => new TextEncoder().encode(s));
const tlv = (tag: number, body: Uint8Array): Uint8Array => {
  const w = new DerWriter();
  w.element(tag, body);
  return w.finish();
};
const seqOf = (tag: number, parts: Uint8Array[]): Uint8Array => {
  const w = new DerWriter();
  w.constructed(tag, (w) => { for (const p of parts) w.raw(p); });
  return w.finish();
};
const OIDS = ['2.5.4.3', '2.5.4.6', '2.5.4.10', '2.5.4.11', '2.5.4.5', '1.2.840.113549.1.9.1', '0.9.2342.19200300.100.1.25', '2.5.4.9', '1.2.3.4', '1.3.6.1.4.1.311.20.2.3'];
const oidDer = (oid: string): Uint8Array => { const w = new DerWriter(); w.oid(oid); return w.finish(); };
const attrValue = fc.oneof(
  fc.tuple(fc.constantFrom(0x0c, 0x13, 0x16, 0x1e, 0x14, 0x12, 0x1a, 0x1c, 0x02, 0x04, 0x30), asciiish).map(([t, v]) => (t === 0x30 ? seqOf(0x30, []) : tlv(t, v))),
  bytesOf(0, 4),
);
const atv = fc.tuple(fc.oneof(fc.constantFrom(...OIDS).map(oidDer), fc.constant(fromHex('06028001')), bytesOf(0, 3)), attrValue, fc.boolean())
  .map(([o, v, extra]) => seqOf(0x30, extra ? [o, v, Uint8Array.of(5, 0)] : [o, v]));
const rdn = fc.oneof({ weight: 6, arbitrary: fc.array(atv, { minLength: 1, maxLength: 3 }).map((a) => seqOf(0x31, a)) }, { weight: 1, arbitrary: fc.constant(fromHex('3100')) }, { weight: 1, arbitrary: atv });
const nameArb = fc.array(rdn, { maxLength: 4 }).map((r) => seqOf(0x30, r));
const generalName = fc.oneof(
  fc.tuple(fc.constantFrom(0x81, 0x82, 0x86), asciiish).map(([t, v]) => tlv(t, v)),
  fc.tuple(fc.constantFrom(0, 3, 4, 5, 8, 16, 17), fc.boolean()).map(([n, _]) => tlv(0x87, new Uint8Array(n).fill(7))),
  fc.constantFrom(fromHex('880103'), fromHex('88028001'), fromHex('8800'), fromHex('a30130'), fromHex('a5023000'), fromHex('8901ff')),
  nameArb.map((n) => seqOf(0xa4, [n])),
  fc.tuple(fc.constantFrom(...OIDS).map(oidDer), attrValue, fc.boolean()).map(([o, v, wrap]) => seqOf(0xa0, wrap ? [o, seqOf(0xa0, [v])] : [o, v])),
);
const sanArb = fc.oneof({ weight: 8, arbitrary: fc.array(generalName, { maxLength: 4 }).map((g) => seqOf(0x30, g)) }, { weight: 1, arbitrary: bytesOf(0, 6) });
const extArb = fc.tuple(
  fc.constantFrom('2.5.29.17', '2.5.29.17', '2.5.29.14', '1.2.3.4'),
  mostly<boolean | undefined | 'bad'>(undefined, true, false, 'bad'),
  fc.oneof({ weight: 6, arbitrary: sanArb }, { weight: 1, arbitrary: bytesOf(0, 4) }),
).map(([oid, crit, v]) => {
  const parts = [oidDer(oid)];
  if (crit === true) parts.push(fromHex('0101ff'));
  if (crit === false) parts.push(fromHex('010100'));
  if (crit === 'bad') parts.push(fromHex('010101'));
  parts.push(tlv(0x04, v));
  return seqOf(0x30, parts);
});
const timeArb = mostly('170d3235303130313030303030305a', '180f32303530303130313030303030305a', '170d3235303233303030303030305a', '170b323530313031303030305a', '180f31393939303130313030303030305a', '170d3939313233313233353935395a').map(fromHex);
const tbsArb = fc.record({
  version: mostly<number | null>(2, null, 0, 1, 3, -1),
  serial: fc.oneof({ weight: 3, arbitrary: bytesOf(1, 3).map((b) => Uint8Array.of(1, ...b)) }, { weight: 1, arbitrary: fc.constantFrom(fromHex('00'), fromHex('0001'), fromHex('80'), fromHex('ff80'), new Uint8Array(0), fromHex('00' + 'ff'.repeat(20)), fromHex('7f' + '00'.repeat(20))) }),
  outerSame: mostly(true, false),
  issuer: nameArb,
  nb: timeArb,
  na: timeArb,
  subject: nameArb,
  issuerUid: mostly<Uint8Array | null>(null, fromHex('00'), fromHex('07ff'), fromHex('0180'), fromHex('08')),
  subjectUid: mostly<Uint8Array | null>(null, fromHex('00ab'), fromHex('0101')),
  exts: fc.oneof({ weight: 8, arbitrary: fc.array(extArb, { minLength: 1, maxLength: 3 }) }, { weight: 1, arbitrary: fc.constantFrom<Uint8Array[] | null>(null, []) }),
  sigBits: mostly(fromHex('00010203'), fromHex('010102'), fromHex('0101'), fromHex('00'), fromHex('08ff')),
  trailer: mostly(new Uint8Array(0), fromHex('0500')),
});

function assemble(t: typeof tbsArb extends fc.Arbitrary<infer T> ? T : never): Uint8Array {
  const parts: Uint8Array[] = [];
  if (t.version !== null) { const w = new DerWriter(); w.explicit(0, (w) => w.integer(t.version!)); parts.push(w.finish()); }
  parts.push(tlv(0x02, t.serial), ALG, t.issuer, seqOf(0x30, [t.nb, t.na]), t.subject, SPKI);
  if (t.issuerUid) parts.push(tlv(0x81, t.issuerUid));
  if (t.subjectUid) parts.push(tlv(0x82, t.subjectUid));
  if (t.exts) parts.push(seqOf(0xa3, [seqOf(0x30, t.exts)]));
  return seqOf(0x30, [seqOf(0x30, parts), t.outerSame ? ALG : fromHex('300c06082a8648ce3d0403020500'), tlv(0x03, t.sigBits), t.trailer]);
}

describe('the view agrees with parseCertificate on generated certificates', () => {
  it('every TBSCertificate field, name and SAN entry drawn from valid and invalid encodings', () => {
    let accepted = 0;
    let sanRead = 0;
    fc.assert(
      fc.property(tbsArb, fc.boolean(), (t, lenient) => {
        // a repeated extension OID is one rule; keep most lists free of it so the rest is reached
        const der = assemble(t);
        if (agree(der, lenient)) {
          accepted++;
          if (outcome(() => parseCertificate(der, { lenient }).dnsNames).hasOwnProperty('ok') && t.exts?.length) sanRead++;
        }
      }),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(100);
    expect(sanRead).toBeGreaterThan(20);
  });
});

describe('rules, with the code, offset and path of the full parser', () => {
  it('reads a well-formed certificate: fields, names, SAN', () => {
    const san = fromHex('3018820b6578616d706c652e636f6d8704c00002018103612062'); // DNS, IP 192.0.2.1, email 'a b'
    const der = certDer({ exts: [['2.5.29.17', false, san]] });
    const v = parseCertificateView(der);
    expect(v.version).toBe(3);
    expect(v.serialNumber).toBe(1n);
    expect(v.notAfter.toISOString()).toBe('2035-01-01T00:00:00.000Z');
    expect(v.subject.toString()).toBe('CN=a\\, b,C=US');
    expect(v.subject.commonName).toBe('a, b');
    expect(v.issuer.toJSON()).toBe('CN=Issuer');
    expect(v.dnsNames).toEqual(['example.com']);
    expect(v.ipAddresses).toEqual(['192.0.2.1']);
    expect(v.emailAddresses).toEqual(['a b']);
    expect(v.hasExtension('2.5.29.17')).toBe(true);
    expect(v.isValidAt(new Date('2030-06-01T00:00:00Z'))).toBe(true);
    expect(v.isValidAt(new Date('2036-06-01T00:00:00Z'))).toBe(false);
    expect(v.raw.buffer).toBe(der.buffer); // zero-copy
    expect(agree(der, false)).toBe(true);
  });

  it('duplicate extension: CertificateError duplicate-extension at the second one', () => {
    const der = certDer({ exts: [['2.5.29.14', false, fromHex('040101')], ['2.5.29.14', false, fromHex('040102')]] });
    const e = err(() => parseCertificateView(der));
    expect(e).toMatchObject({ name: 'CertificateError', code: 'duplicate-extension', path: 'tbsCertificate.extensions[1]' });
    expect(e).toEqual(err(() => parseCertificate(der)));
  });

  it('mismatched signature algorithms: signature-algorithm-mismatch', () => {
    const der = certDer({ outerAlg: fromHex('300c06082a8648ce3d0403020500') });
    const e = err(() => parseCertificateView(der));
    expect(e).toMatchObject({ code: 'signature-algorithm-mismatch', path: 'signatureAlgorithm' });
    expect(e).toEqual(err(() => parseCertificate(der)));
  });

  it('negative serial: invalid-serial-number (strict), accepted in lenient mode', () => {
    const der = certDer({ serial: Uint8Array.of(0x80) });
    const e = err(() => parseCertificateView(der));
    expect(e).toMatchObject({ code: 'invalid-serial-number', path: 'tbsCertificate.serialNumber' });
    expect(e).toEqual(err(() => parseCertificate(der)));
    expect(parseCertificateView(der, { lenient: true }).serialNumber).toBe(-128n);
  });

  it('an unsorted multi-valued RDN: set-order when the subject is read (strict), not in lenient mode', () => {
    const subject = nameDer([[['2.5.4.3', Tag.UTF8_STRING, 'z'], ['2.5.4.3', Tag.UTF8_STRING, 'a']]]);
    const der = certDer({ subject });
    const v = parseCertificateView(der); // names are read lazily, as in parseCertificate
    const e = err(() => v.subject);
    expect(e).toMatchObject({ name: 'DerError', code: 'set-order', path: 'tbsCertificate.subject.rdns[0][1]' });
    expect(e).toEqual(err(() => parseCertificate(der).subject));
    expect(parseCertificateView(der, { lenient: true }).subject.toString()).toBe('CN=a+CN=z');
  });

  it('an empty RDN: NameError empty-rdn', () => {
    const subject = fromHex('30023100');
    const der = certDer({ subject });
    const e = err(() => parseCertificateView(der).subject);
    expect(e).toMatchObject({ name: 'NameError', code: 'empty-rdn', path: 'tbsCertificate.subject.rdns[0]' });
    expect(e).toEqual(err(() => parseCertificate(der).subject));
  });

  it('subjectAltName rules: empty dNSName, bad iPAddress length, relative URI, unknown choice, empty list', () => {
    const cases: Array<[string, string]> = [
      ['30028200', 'empty-general-name'],
      ['3003820120', 'empty-general-name'], // dNSName " "
      ['3005a0030601ff', 'invalid-oid'], // otherName type-id
      ['3003880180', 'invalid-oid'], // registeredID
      ['30058703010203', 'invalid-ip-address'],
      ['300386016a', 'invalid-uri'],
      ['3003890161', 'invalid-general-name'],
      ['3000', 'invalid-general-name'],
      ['30038201ff', 'invalid-string'],
      ['3004a4023000', 'empty-general-name'],
    ];
    for (const [hex, code] of cases) {
      const der = certDer({ exts: [['2.5.29.17', false, fromHex(hex)]] });
      const v = parseCertificateView(der);
      const e = err(() => v.dnsNames);
      expect(e.code).toBe(code);
      expect(e.path?.startsWith('tbsCertificate.extensions[0].extnValue')).toBe(true);
      expect(e).toEqual(err(() => parseCertificate(der).dnsNames));
      expect(e.offset).toBeGreaterThan(0);
    }
    // lenient mode accepts the empty and relative names, as the full parser does
    const lax = parseCertificateView(certDer({ exts: [['2.5.29.17', false, fromHex('30058200860161')]] }), { lenient: true });
    expect(lax.dnsNames).toEqual(['']);
  });

  it('subjectAltNameOf gives the typed list, undefined without a SAN, TypeError for a non-view', () => {
    const der = certDer({ exts: [['2.5.29.17', false, fromHex('300d820b6578616d706c652e636f6d')]] });
    expect(subjectAltNameOf(parseCertificateView(der))).toEqual([{ type: 'dns', value: 'example.com' }]);
    expect(subjectAltNameOf(parseCertificateView(certDer()))).toBeUndefined();
    expect(() => subjectAltNameOf({} as CertificateView)).toThrow(TypeError);
  });

  it('wrong argument kinds are TypeErrors', () => {
    expect(() => parseCertificateView(123 as unknown as string)).toThrow(TypeError);
    const v = parseCertificateView(certDer());
    expect(() => v.getExtension(1 as unknown as string)).toThrow(TypeError);
    expect(() => v.isValidAt('2030' as unknown as Date)).toThrow(TypeError);
    expect(() => v.isValidAt(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('the RFC 4514 attribute names are those of name.ts', () => {
    const oids = new Set<string>([...Object.values(ATTRIBUTE as Record<string, string>), '2.5.4.3', '2.5.4.97', '0.9.2342.19200300.100.1.25', '1.3.6.1.4.1.311.60.2.1.3', '1.2.3.4']);
    let named = 0;
    for (const oid of oids) {
      expect(_viewAttributeName(oid) ?? oid).toBe(attributeShortName(oid));
      if (_viewAttributeName(oid) !== undefined) named++;
    }
    expect(named).toBeGreaterThanOrEqual(20);
  });
});
