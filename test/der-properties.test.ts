/**
 * Properties of the DER engine, checked with fast-check:
 * (a) decode(encode(v)) equals v for random value trees;
 * (b) encode(decode(b)) is byte-identical for valid DER b (random trees and real certificates);
 * (c) any bytes — random, DER-flavoured, or mutated real certificates (Node's `tls.rootCertificates`
 *     and pyca/cryptography's odd certificates) — give a value or a CertkitError, never anything
 *     else, through a full typed walk and through `dumpDer`;
 * (d) OIDs with huge arcs and every time form round-trip;
 * plus the work of a walk counted (not timed) on 1 MB inputs, and deep nesting bounded.
 *
 * Non-goals: single-rule checks (der-strictness.test.ts), OpenSSL comparison
 * (der-known-answers.test.ts).
 */
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CertkitError,
  DerError,
  DerReader,
  type DerWriter,
  MAX_OID_ARC_OCTETS,
  Tag,
  TagClass,
  bytesEqual,
  compareEncodings,
  contextTag,
  decodeGeneralizedTime,
  decodeOid,
  decodeUtcTime,
  dumpDer,
  encodeDer,
  encodeOid,
  formatGeneralizedTime,
  formatUtcTime,
  isStringTag,
  makeTag,
  toHex,
} from '../src/der/index';

// How many inputs each property sees. Quoted in the issue notes; keep the names stable.
/** (a) random value trees: encode, decode, compare. */
const ROUND_TRIP_TREE_RUNS = 2_000;
/** (b) random trees: generic decode and re-encode byte for byte. */
const REENCODE_TREE_RUNS = 2_000;
/** (c) uniformly random byte strings. */
const RANDOM_BYTES_RUNS = 10_000;
/** (c) byte strings made of DER-looking tokens (tags, length forms). */
const DER_TOKEN_RUNS = 10_000;
/** (c) mutated real certificates (1 to 4 mutations each). */
const MUTATION_RUNS = 20_000;
/** (d) OIDs with arcs up to 2^224 through encodeOid/decodeOid and the writer/reader. */
const OID_RUNS = 5_000;
/** (d) UTCTime and GeneralizedTime texts (with and without fractions). */
const TIME_RUNS = 5_000;

// ---------------------------------------------------------------------------------------------
// Corpus: Node's root store and a few pyca/cryptography certificates (test/vectors/pyca-x509).

/** Every PEM block's bytes (RFC 7468), decoded with node's Buffer (tests may use node APIs). */
function pemBlocks(text: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const m of text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g)) {
    out.push(new Uint8Array(Buffer.from(m[2]!.replace(/\s+/g, ''), 'base64')));
  }
  return out;
}

const PYCA_FILES = [
  'x509/bigoid.pem',
  'x509/badasn1time.pem',
  'x509/custom/negative_serial.pem',
  'x509/custom/invalid_utf8_common_name.pem',
  'x509/custom/invalid_version.pem',
  'x509/custom/two_basic_constraints.pem',
  'x509/custom/utf8_common_name.pem',
  'x509/custom/san_other_name.pem',
  'x509/custom/san_registered_id.pem',
  'x509/custom/bad_country.pem',
  'x509/custom/long-form-name-attribute.pem',
  'x509/custom/crl_invalid_time.der',
  'x509/custom/cp_invalid2.der',
  'x509/custom/post2000utctime.pem',
  'x509/wosign-bc-invalid.pem',
  'x509/e-trust.ru.der',
  'x509/unique_identifier.pem',
  'x509/san_edipartyname.der',
  'x509/san_x400address.der',
  'x509/scottishpower-bitstring-dn.pem',
  'x509/utf8-dnsname.pem',
  'x509/v1_cert.pem',
  'x509/ed25519/ed25519-rfc8410.pem',
  'x509/ed448/root-ed448.pem',
  'x509/ecdsa_root.pem',
  'x509/verisign_md2_root.pem',
  'x509-head-additions/custom/name_attribute_unsupported_tag.pem',
  'x509-head-additions/custom/malformed-san.pem',
];

function loadPyca(): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const f of PYCA_FILES) {
    const raw = readFileSync(new URL(`./vectors/pyca-x509/${f}`, import.meta.url));
    if (f.endsWith('.der')) out.push(new Uint8Array(raw));
    else out.push(...pemBlocks(raw.toString('latin1')));
  }
  return out;
}

const ROOTS: Uint8Array[] = rootCertificates.flatMap((pem) => pemBlocks(pem));
const PYCA: Uint8Array[] = loadPyca();
const CORPUS: Uint8Array[] = [...ROOTS, ...PYCA];

// ---------------------------------------------------------------------------------------------
// Generic walks: every constructed element entered, every primitive decoded by its tag.

/** Reads the primitive element at the cursor with the typed reader its universal tag calls for. */
function readPrimitive(r: DerReader, tag: number): unknown {
  switch (tag) {
    case Tag.BOOLEAN:
      return r.readBoolean();
    case Tag.INTEGER:
      return r.readInteger();
    case Tag.ENUMERATED:
      return r.readInteger(Tag.ENUMERATED);
    case Tag.BIT_STRING:
      return r.readBitString();
    case Tag.OCTET_STRING:
      return r.readOctetString();
    case Tag.NULL:
      return r.readNull();
    case Tag.OID:
      return r.readOid();
    case Tag.UTC_TIME:
    case Tag.GENERALIZED_TIME:
      return r.readTime('Time', true);
    default:
      if (isStringTag(tag)) return r.readString();
      return r.readTlv().value;
  }
}

/** Full typed walk; returns the number of elements visited. Recursion is bounded by maxDepth. */
function walk(r: DerReader): number {
  let n = 0;
  while (!r.atEnd) {
    const save = r.pos;
    const t = r.readTlv();
    n++;
    if (t.constructed) {
      if (t.tag === Tag.SET) {
        r.pos = save;
        n += walk(r.enterSetOf());
      } else {
        n += walk(r.enterTlv(t));
      }
      continue;
    }
    r.pos = save;
    readPrimitive(r, t.tag);
  }
  return n;
}

/** A decoded element: constructed with children, or primitive with a typed value. */
type G = { tag: number; children: G[] } | { tag: number; value: unknown };

function decodeGeneric(r: DerReader): G[] {
  const out: G[] = [];
  while (!r.atEnd) {
    const save = r.pos;
    const t = r.readTlv();
    if (t.constructed) {
      r.pos = save;
      out.push({ tag: t.tag, children: decodeGeneric(t.tag === Tag.SET ? r.enterSetOf() : r.enter(t.tag)) });
    } else {
      r.pos = save;
      out.push({ tag: t.tag, value: readPrimitive(r, t.tag) });
    }
  }
  return out;
}

const WRITER_STRING_TAGS = new Set<number>([Tag.UTF8_STRING, Tag.PRINTABLE_STRING, Tag.IA5_STRING, Tag.NUMERIC_STRING, Tag.VISIBLE_STRING, Tag.TELETEX_STRING, Tag.BMP_STRING, Tag.UNIVERSAL_STRING]);

/** Writes a generic tree back with the writer's typed methods (not by copying bytes). */
function encodeGeneric(w: DerWriter, gs: G[]): void {
  for (const g of gs) {
    if ('children' in g) {
      if (g.tag === Tag.SET) w.setOf((s) => encodeGeneric(s, g.children));
      else w.constructed(g.tag, (c) => encodeGeneric(c, g.children));
      continue;
    }
    const v = g.value;
    switch (g.tag) {
      case Tag.BOOLEAN:
        w.boolean(v as boolean);
        break;
      case Tag.INTEGER:
        w.integer(v as bigint);
        break;
      case Tag.ENUMERATED:
        w.integer(v as bigint, Tag.ENUMERATED);
        break;
      case Tag.BIT_STRING:
        w.bitString(v as { bytes: Uint8Array; unusedBits: number });
        break;
      case Tag.OCTET_STRING:
        w.octetString(v as Uint8Array);
        break;
      case Tag.NULL:
        w.null();
        break;
      case Tag.OID:
        w.oid(v as string);
        break;
      case Tag.UTC_TIME:
        w.utcTime(v as Date);
        break;
      case Tag.GENERALIZED_TIME:
        w.generalizedTime(v as Date);
        break;
      default:
        if (WRITER_STRING_TAGS.has(g.tag)) w.string(g.tag, (v as { value: string }).value);
        else if (v instanceof Uint8Array) w.element(g.tag, v);
        else throw new Error(`no writer for tag ${g.tag}`);
    }
  }
}

/** Throws unless `fn` returns or throws a CertkitError whose offset lies inside the input. */
function valueOrCertkitError(fn: () => unknown, input: Uint8Array): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof CertkitError)) throw e;
    if (e.offset !== undefined && !(Number.isInteger(e.offset) && e.offset >= 0 && e.offset <= input.length)) {
      throw new Error(`error offset ${e.offset} outside the ${input.length}-byte input`, { cause: e });
    }
  }
}

/** Every way the test suite looks at untrusted bytes. */
function lookAtEverything(b: Uint8Array): void {
  valueOrCertkitError(() => walk(new DerReader(b)), b);
  valueOrCertkitError(() => walk(new DerReader(b, { lenient: true })), b);
  valueOrCertkitError(() => {
    const r = new DerReader(b);
    const c = r.enter();
    r.finish();
    c.readTlv();
    c.readTlv();
  }, b);
  // dumpDer never throws on bad input: it prints the first error as its last line.
  const text = dumpDer(b);
  if (typeof text !== 'string') throw new Error('dumpDer returned a non-string');
}

// ---------------------------------------------------------------------------------------------
// (a) value trees.

type V =
  | { k: 'int'; v: bigint; tag: number }
  | { k: 'bool'; v: boolean }
  | { k: 'null' }
  | { k: 'oid'; v: string }
  | { k: 'bits'; bytes: Uint8Array; unused: number }
  | { k: 'octets'; v: Uint8Array; tag: number }
  | { k: 'str'; tag: number; v: string }
  | { k: 'utc'; v: Date }
  | { k: 'gen'; v: Date }
  | { k: 'seq'; items: V[] }
  | { k: 'setof'; items: V[] }
  | { k: 'explicit'; n: number; item: V }
  | { k: 'cons'; tag: number; items: V[] };

const tagNumberArb = fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 31, max: 300 }), fc.integer({ min: 0, max: 0x7fffffff }));
const nonUniversalClass = fc.constantFrom<TagClass>(TagClass.application, TagClass.contextSpecific, TagClass.private);
const implicitPrimitiveTag = fc.tuple(nonUniversalClass, tagNumberArb).map(([c, n]) => makeTag(c, false, n));

const bigintArb = fc.oneof(fc.integer().map(BigInt), fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }), fc.bigInt({ min: -(1n << 4096n), max: 1n << 4096n }));

/** Arcs up to 2^224 - 1, the largest a 32-octet subidentifier holds; boundaries at 2^53 and 2^64. */
const arcArb = fc.oneof(
  fc.integer({ min: 0, max: 200 }).map(BigInt),
  fc.integer({ min: 0, max: 0x7fffffff }).map(BigInt),
  fc.constantFrom(2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 64n - 1n, 2n ** 64n, 2n ** 64n + 1n, 2n ** 224n - 1n),
  fc.bigInt({ min: 0n, max: 2n ** 224n - 1n }),
);
const oidArb = fc
  .tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 39 }), fc.bigInt({ min: 0n, max: 2n ** 128n }), fc.array(arcArb, { maxLength: 8 }))
  .map(([a, small, big, rest]) => [a, a < 2 ? small : big, ...rest].join('.'));

const chars = (s: string): fc.Arbitrary<string> => fc.constantFrom(...s.split(''));
const range = (lo: number, hi: number, skip?: (c: number) => boolean): fc.Arbitrary<string> =>
  fc
    .integer({ min: lo, max: hi })
    .filter((c) => !skip?.(c))
    .map((c) => String.fromCharCode(c));
const PRINTABLE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 '()+,-./:=?";
const stringArb: fc.Arbitrary<V> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 20 }).map((v): V => ({ k: 'str', tag: Tag.UTF8_STRING, v })),
  fc.string({ unit: chars(PRINTABLE), maxLength: 20 }).map((v): V => ({ k: 'str', tag: Tag.PRINTABLE_STRING, v })),
  fc.string({ unit: range(0, 0x7f), maxLength: 20 }).map((v): V => ({ k: 'str', tag: Tag.IA5_STRING, v })),
  fc.string({ unit: chars('0123456789 '), maxLength: 20 }).map((v): V => ({ k: 'str', tag: Tag.NUMERIC_STRING, v })),
  fc.string({ unit: range(0x20, 0x7e), maxLength: 20 }).map((v): V => ({ k: 'str', tag: Tag.VISIBLE_STRING, v })),
  fc.string({ unit: range(0, 0xff), maxLength: 20 }).map((v): V => ({ k: 'str', tag: Tag.TELETEX_STRING, v })),
  fc.string({ unit: range(0, 0xffff, (c) => c >= 0xd800 && c <= 0xdfff), maxLength: 20 }).map((v): V => ({ k: 'str', tag: Tag.BMP_STRING, v })),
  fc.string({ unit: 'binary', maxLength: 10 }).map((v): V => ({ k: 'str', tag: Tag.UNIVERSAL_STRING, v })),
);

const seconds = (iso: string): number => Date.parse(iso) / 1000;
const utcArb = fc.integer({ min: seconds('1950-01-01T00:00:00Z'), max: seconds('2049-12-31T23:59:59Z') }).map((s) => new Date(s * 1000));
const genArb = fc.integer({ min: seconds('0000-01-01T00:00:00Z'), max: seconds('9999-12-31T23:59:59Z') }).map((s) => new Date(s * 1000));

const leafArb: fc.Arbitrary<V> = fc.oneof(
  fc.tuple(bigintArb, fc.oneof({ weight: 3, arbitrary: fc.constant<number>(Tag.INTEGER) }, { weight: 1, arbitrary: implicitPrimitiveTag })).map(([v, tag]): V => ({ k: 'int', v, tag })),
  fc.boolean().map((v): V => ({ k: 'bool', v })),
  fc.constant<V>({ k: 'null' }),
  oidArb.map((v): V => ({ k: 'oid', v })),
  fc.tuple(fc.uint8Array({ maxLength: 40 }), fc.integer({ min: 0, max: 7 })).map(([bytes, unused]): V => ({ k: 'bits', bytes, unused: bytes.length === 0 ? 0 : unused })),
  fc
    .tuple(fc.uint8Array({ maxLength: 300 }), fc.oneof({ weight: 3, arbitrary: fc.constant<number>(Tag.OCTET_STRING) }, { weight: 1, arbitrary: implicitPrimitiveTag }))
    .map(([v, tag]): V => ({ k: 'octets', v, tag })),
  stringArb,
  utcArb.map((v): V => ({ k: 'utc', v })),
  genArb.map((v): V => ({ k: 'gen', v })),
);

const { tree: treeArb } = fc.letrec<{ tree: V }>((tie) => ({
  tree: fc.oneof(
    { maxDepth: 5, depthIdentifier: 'der-tree' },
    leafArb,
    fc.array(tie('tree'), { maxLength: 5 }).map((items): V => ({ k: 'seq', items })),
    fc.array(tie('tree'), { maxLength: 5 }).map((items): V => ({ k: 'setof', items })),
    fc.tuple(tagNumberArb, tie('tree')).map(([n, item]): V => ({ k: 'explicit', n, item })),
    fc.tuple(nonUniversalClass, tagNumberArb, fc.array(tie('tree'), { maxLength: 4 })).map(([c, n, items]): V => ({ k: 'cons', tag: makeTag(c, true, n), items })),
  ),
}));

function write(w: DerWriter, v: V): void {
  switch (v.k) {
    case 'int':
      w.integer(v.v, v.tag);
      break;
    case 'bool':
      w.boolean(v.v);
      break;
    case 'null':
      w.null();
      break;
    case 'oid':
      w.oid(v.v);
      break;
    case 'bits':
      w.bitString({ bytes: v.bytes, unusedBits: v.unused });
      break;
    case 'octets':
      w.octetString(v.v, v.tag);
      break;
    case 'str':
      w.string(v.tag, v.v);
      break;
    case 'utc':
      w.utcTime(v.v);
      break;
    case 'gen':
      w.generalizedTime(v.v);
      break;
    case 'seq':
      w.sequence((s) => v.items.forEach((i) => write(s, i)));
      break;
    case 'setof':
      w.setOf((s) => v.items.forEach((i) => write(s, i)));
      break;
    case 'explicit':
      w.explicit(v.n, (e) => write(e, v.item));
      break;
    case 'cons':
      w.constructed(v.tag, (c) => v.items.forEach((i) => write(c, i)));
      break;
  }
}

const encodeOne = (v: V): Uint8Array => encodeDer((w) => write(w, v));

/** What reading `v` back must give: padding bits cleared, SET OF components in DER order. */
function canonical(v: V): V {
  switch (v.k) {
    case 'bits': {
      const bytes = v.bytes.slice();
      if (v.unused && bytes.length) bytes[bytes.length - 1]! &= 0xff << v.unused;
      return { ...v, bytes };
    }
    case 'seq':
    case 'cons':
      return { ...v, items: v.items.map(canonical) };
    case 'setof': {
      const items = v.items.map((i) => ({ i: canonical(i), der: encodeOne(i) }));
      items.sort((a, b) => compareEncodings(a.der, b.der));
      return { ...v, items: items.map((x) => x.i) };
    }
    case 'explicit':
      return { ...v, item: canonical(v.item) };
    default:
      return v;
  }
}

/** Reads `shape` back with the schema-directed reader calls a real parser would use. */
function read(r: DerReader, shape: V): V {
  switch (shape.k) {
    case 'int':
      return { k: 'int', v: r.readInteger(shape.tag), tag: shape.tag };
    case 'bool':
      return { k: 'bool', v: r.readBoolean() };
    case 'null':
      r.readNull();
      return { k: 'null' };
    case 'oid':
      return { k: 'oid', v: r.readOid() };
    case 'bits': {
      const b = r.readBitString();
      return { k: 'bits', bytes: b.bytes, unused: b.unusedBits };
    }
    case 'octets':
      return { k: 'octets', v: r.readOctetString(shape.tag), tag: shape.tag };
    case 'str': {
      const s = r.readString();
      return { k: 'str', tag: s.tag, v: s.value };
    }
    case 'utc':
    case 'gen': {
      const tag = r.peekTag();
      const d = r.readTime();
      return { k: tag === Tag.UTC_TIME ? 'utc' : 'gen', v: d };
    }
    case 'seq':
    case 'setof':
    case 'cons': {
      const c = shape.k === 'setof' ? r.enterSetOf() : r.enter(shape.k === 'seq' ? Tag.SEQUENCE : shape.tag);
      const items = shape.items.map((i) => read(c, i));
      c.finish();
      return { ...shape, items };
    }
    case 'explicit': {
      const c = r.enter(contextTag(shape.n, true));
      const item = read(c, shape.item);
      c.finish();
      return { ...shape, item };
    }
  }
}

/** Plain data for deep equality (bigint, bytes and dates as strings). */
function plain(x: unknown): unknown {
  if (typeof x === 'bigint') return `bigint:${x}`;
  if (x instanceof Uint8Array) return `bytes:${toHex(x)}`;
  if (x instanceof Date) return `date:${x.toISOString()}`;
  if (Array.isArray(x)) return x.map(plain);
  if (x !== null && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, plain(v)]));
  return x;
}

describe('(a) decode(encode(v)) equals v', () => {
  it(`for ${ROUND_TRIP_TREE_RUNS} random value trees`, () => {
    fc.assert(
      fc.property(treeArb, (v) => {
        const der = encodeOne(v);
        const r = new DerReader(der);
        const back = read(r, canonical(v));
        r.finish();
        expect(plain(back)).toEqual(plain(canonical(v)));
      }),
      { numRuns: ROUND_TRIP_TREE_RUNS },
    );
  });

  it('for lengths in every length form (short, 1, 2, 3 and 4 octets)', () => {
    for (const n of [0, 127, 128, 255, 256, 65535, 65536, 16777215, 16777216]) {
      const v = new Uint8Array(n);
      v[n - 1] = 7;
      const der = encodeDer((w) => w.octetString(v));
      const headerLength = n < 128 ? 2 : n < 256 ? 3 : n < 65536 ? 4 : n < 16777216 ? 5 : 6;
      expect(der.length).toBe(headerLength + n);
      const t = new DerReader(der).readTlv();
      expect([t.headerLength, t.length, t.value[n - 1]]).toEqual([headerLength, n, n ? 7 : undefined]);
    }
  });
});

describe('(b) encode(decode(b)) is byte-identical', () => {
  it(`for ${REENCODE_TREE_RUNS} valid encodings of random trees`, () => {
    fc.assert(
      fc.property(treeArb, (v) => {
        const der = encodeOne(v);
        const g = decodeGeneric(new DerReader(der));
        const again = encodeDer((w) => encodeGeneric(w, g));
        expect(toHex(again)).toBe(toHex(der));
      }),
      { numRuns: REENCODE_TREE_RUNS },
    );
  });

  it('for every root certificate of Node that is strict DER, and the rest are named', () => {
    let identical = 0;
    const notStrict: string[] = [];
    for (const der of ROOTS) {
      let g: G[];
      try {
        g = decodeGeneric(new DerReader(der));
      } catch (e) {
        expect(e).toBeInstanceOf(DerError);
        notStrict.push((e as DerError).code);
        continue;
      }
      const again = encodeDer((w) => encodeGeneric(w, g));
      expect(bytesEqual(again, der)).toBe(true);
      identical++;
    }
    // Each non-strict root fails only on a deviation lenient mode exists for.
    for (const code of notStrict) expect(['invalid-string', 'non-minimal-integer', 'explicit-default']).toContain(code);
    expect(identical + notStrict.length).toBe(ROOTS.length);
    expect(identical).toBeGreaterThan(ROOTS.length * 0.9);
  });
});

// ---------------------------------------------------------------------------------------------
// (c) robustness.

/** Offsets of the first length octet of every element of a (valid) encoding. */
function lengthOctets(der: Uint8Array): number[] {
  const out: number[] = [];
  const visit = (r: DerReader): void => {
    while (!r.atEnd) {
      const t = r.readTlv();
      const lengthBytes = t.length < 0x80 ? 1 : 1 + Math.ceil(Math.log2(t.length + 1) / 8);
      out.push(t.valueOffset - lengthBytes);
      if (t.constructed) visit(r.enterTlv(t));
    }
  };
  try {
    visit(new DerReader(der, { lenient: true }));
  } catch {
    // Broken test certificates (pyca's malformed ones) contribute the headers before the break.
  }
  return out;
}

const LENGTH_OCTETS: number[][] = CORPUS.map(lengthOctets);

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set'; at: number; value: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; count: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'length'; header: number; value: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('length' as const),
    header: fc.nat(),
    // An absolute new first length octet (>= 0), or a nudge of the existing one (< 0 is -1/-2, 256+ is +1/+2).
    value: fc.oneof(fc.constantFrom(0x00, 0x01, 0x7f, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x89, 0xff), fc.constantFrom(-1, -2, 257, 258)),
  }),
);

function mutate(src: Uint8Array, headers: number[], m: Mutation): Uint8Array {
  const n = src.length;
  switch (m.kind) {
    case 'flip': {
      const b = src.slice();
      if (n) b[m.at % n]! ^= 1 << m.bit;
      return b;
    }
    case 'set': {
      const b = src.slice();
      if (n) b[m.at % n] = m.value;
      return b;
    }
    case 'insert': {
      const at = m.at % (n + 1);
      const b = new Uint8Array(n + m.bytes.length);
      b.set(src.subarray(0, at));
      b.set(m.bytes, at);
      b.set(src.subarray(at), at + m.bytes.length);
      return b;
    }
    case 'delete': {
      const at = m.at % (n + 1);
      const b = new Uint8Array(n - Math.min(m.count, n - at));
      b.set(src.subarray(0, at));
      b.set(src.subarray(at + m.count), at);
      return b;
    }
    case 'truncate':
      return src.slice(0, m.at % (n + 1));
    case 'length': {
      const b = src.slice();
      if (!headers.length) return b;
      const at = headers[m.header % headers.length]!;
      if (at >= n) return b;
      b[at] = m.value >= 256 ? (b[at]! + m.value - 256) & 0xff : m.value < 0 ? (b[at]! + m.value) & 0xff : m.value;
      return b;
    }
  }
}

describe('(c) any bytes give a value or a CertkitError', () => {
  it('the corpus itself walks: every root strictly or leniently, dumpDer without an error line', () => {
    expect(ROOTS.length).toBeGreaterThan(100);
    expect(PYCA.length).toBe(PYCA_FILES.length);
    for (const der of ROOTS) {
      expect(walk(new DerReader(der, { lenient: true }))).toBeGreaterThan(20);
      expect(dumpDer(der)).not.toMatch(/^error:/m);
    }
    for (const der of PYCA) lookAtEverything(der);
  });

  it(`for ${RANDOM_BYTES_RUNS} random byte strings`, () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => lookAtEverything(b)),
      { numRuns: RANDOM_BYTES_RUNS },
    );
  });

  it(`for ${DER_TOKEN_RUNS} strings of DER-looking tokens`, () => {
    const token = fc.oneof(
      fc.constantFrom(0x30, 0x31, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0a, 0x0c, 0x12, 0x13, 0x16, 0x17, 0x18, 0x1e, 0x1c, 0xa0, 0xa3, 0x80, 0x9f, 0xbf, 0x1f),
      fc.constantFrom(0x00, 0x01, 0x02, 0x03, 0x7f, 0x80, 0x81, 0x82, 0x84, 0x85, 0xff),
      fc.integer({ min: 0, max: 255 }),
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 120 }), (xs) => lookAtEverything(Uint8Array.from(xs))),
      { numRuns: DER_TOKEN_RUNS },
    );
  });

  it(`for ${MUTATION_RUNS} mutations of ${ROOTS.length} root and ${PYCA.length} pyca certificates`, () => {
    const arb = fc.record({ cert: fc.nat({ max: CORPUS.length - 1 }), mutations: fc.array(mutationArb, { minLength: 1, maxLength: 4 }) });
    fc.assert(
      fc.property(arb, ({ cert, mutations }) => {
        let b = CORPUS[cert]!;
        for (const m of mutations) b = mutate(b, LENGTH_OCTETS[cert]!, m);
        lookAtEverything(b);
      }),
      { numRuns: MUTATION_RUNS },
    );
  });

  it('for every truncation point of one root certificate', () => {
    const der = ROOTS[0]!;
    let errors = 0;
    for (let n = 0; n < der.length; n++) {
      const b = der.subarray(0, n);
      try {
        walk(new DerReader(b));
      } catch (e) {
        expect(e).toBeInstanceOf(DerError);
        errors++;
      }
      expect(dumpDer(b)).toMatch(n === 0 ? /^$/ : /error: .*\[(truncated|length-exceeds-input)\]/);
    }
    expect(errors).toBe(der.length - 1); // every proper prefix but the empty one fails
  });
});

// ---------------------------------------------------------------------------------------------
// (d) OIDs and times.

describe('(d) OIDs with huge arcs and all time forms round-trip', () => {
  it(`${OID_RUNS} OIDs through encodeOid/decodeOid and through the writer and reader`, () => {
    fc.assert(
      fc.property(oidArb, (oid) => {
        expect(decodeOid(encodeOid(oid), 0)).toBe(oid);
        const der = encodeDer((w) => w.sequence((s) => s.oid(oid)));
        const r = new DerReader(der).enter();
        expect(r.readOid()).toBe(oid);
        r.finish();
      }),
      { numRuns: OID_RUNS },
    );
  });

  it('arcs at 2^53, 2^64 and 2^224 - 1 keep every digit; 2^224 is refused both ways', () => {
    for (const arc of [2n ** 53n, 2n ** 53n + 1n, 2n ** 64n, 2n ** 64n + 1n]) {
      for (const oid of [`1.2.${arc}`, `2.${arc}`, `2.${arc}.${arc}`]) expect(decodeOid(encodeOid(oid), 0)).toBe(oid);
    }
    // Under arc 2 the second arc shares the first subidentifier with 80 (X.690 §8.19.4).
    expect(decodeOid(encodeOid(`1.2.${2n ** 224n - 1n}`), 0)).toBe(`1.2.${2n ** 224n - 1n}`);
    expect(decodeOid(encodeOid(`2.${2n ** 224n - 81n}`), 0)).toBe(`2.${2n ** 224n - 81n}`);
    expect(() => encodeOid(`2.${2n ** 224n - 80n}`)).toThrow(RangeError);
    expect(toHex(encodeOid(`1.2.${2n ** 64n}`))).toBe('2a' + '82808080808080808000');
    expect(() => encodeOid(`1.2.${2n ** 224n}`)).toThrow(RangeError);
    const tooBig = Uint8Array.of(0x2a, ...new Array<number>(MAX_OID_ARC_OCTETS).fill(0x81), 0x00);
    expect(() => decodeOid(tooBig, 10)).toThrow(expect.objectContaining({ code: 'unsupported', offset: 11 }));
  });

  const two = (n: number): string => String(n).padStart(2, '0');
  const fields = fc.record({
    mo: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 31 }),
    h: fc.integer({ min: 0, max: 23 }),
    mi: fc.integer({ min: 0, max: 59 }),
    s: fc.integer({ min: 0, max: 59 }),
  });
  const realDay = (y: number, mo: number, d: number): boolean => {
    const t = new Date(0);
    t.setUTCFullYear(y, mo - 1, d);
    return t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
  };

  it(`${TIME_RUNS} UTCTime texts: decode then format gives the same text, impossible days are refused`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99 }), fields, (yy, f) => {
        const text = two(yy) + two(f.mo) + two(f.d) + two(f.h) + two(f.mi) + two(f.s) + 'Z';
        const bytes = new TextEncoder().encode(text);
        const year = yy >= 50 ? 1900 + yy : 2000 + yy;
        if (!realDay(year, f.mo, f.d)) {
          expect(() => decodeUtcTime(bytes, 0)).toThrow(expect.objectContaining({ code: 'invalid-time' }));
          return;
        }
        const d = decodeUtcTime(bytes, 0);
        expect(d.getUTCFullYear()).toBe(year);
        expect(formatUtcTime(d)).toBe(text);
        expect(toHex(encodeDer((w) => w.time(d)))).toBe('170d' + toHex(bytes));
      }),
      { numRuns: TIME_RUNS },
    );
  });

  it(`${TIME_RUNS} GeneralizedTime texts, with and without a fraction`, () => {
    const fraction = fc.oneof(
      fc.constant(''),
      fc.tuple(fc.stringMatching(/^[0-9]{0,5}$/), fc.integer({ min: 1, max: 9 })).map(([a, last]) => `.${a}${last}`),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), fields, fraction, (y, f, frac) => {
        const base = String(y).padStart(4, '0') + two(f.mo) + two(f.d) + two(f.h) + two(f.mi) + two(f.s);
        const text = base + frac + 'Z';
        const bytes = new TextEncoder().encode(text);
        if (!realDay(y, f.mo, f.d)) {
          expect(() => decodeGeneralizedTime(bytes, 0, true)).toThrow(expect.objectContaining({ code: 'invalid-time' }));
          return;
        }
        if (frac) expect(() => decodeGeneralizedTime(bytes, 0)).toThrow(expect.objectContaining({ code: 'invalid-time' }));
        const d = decodeGeneralizedTime(bytes, 0, true);
        // Date keeps milliseconds: the first three fraction digits.
        expect(d.getUTCMilliseconds()).toBe(Number((frac.slice(1) + '000').slice(0, 3)));
        expect(formatGeneralizedTime(d)).toBe(base + 'Z');
        if (!frac) expect(toHex(encodeDer((w) => w.generalizedTime(d)))).toBe('180f' + toHex(bytes));
      }),
      { numRuns: TIME_RUNS },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Work bounds: counted, never timed.

/** A view whose element reads are counted; `subarray` returns plain views of the same buffer. */
function counting(buf: Uint8Array): { view: Uint8Array; reads: () => number } {
  let reads = 0;
  const view = new Proxy(buf, {
    get(target, prop) {
      if (typeof prop === 'string' && prop.length && prop.charCodeAt(0) >= 48 && prop.charCodeAt(0) <= 57) {
        reads++;
        return target[Number(prop)];
      }
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return { view, reads: () => reads };
}

/** A SEQUENCE holding `count` copies of `element`. */
function many(element: string, count: number): Uint8Array {
  const unit = Uint8Array.from(Buffer.from(element, 'hex'));
  count = Math.floor(count);
  const body = count * unit.length;
  const lengthHex = body.toString(16).padStart(body < 0x100 ? 2 : body < 0x10000 ? 4 : 6, '0');
  const header = Uint8Array.from(Buffer.from('30' + (body < 0x80 ? '' : (0x80 + lengthHex.length / 2).toString(16)) + lengthHex, 'hex'));
  const out = new Uint8Array(header.length + body);
  out.set(header);
  for (let i = 0; i < count; i++) out.set(unit, header.length + i * unit.length);
  return out;
}

/** `levels` SEQUENCE headers nested one in the other (innermost empty), built inside out. */
function nestedHeaders(levels: number): { der: Uint8Array; offsets: number[] } {
  const headerSize = (len: number): number => (len < 0x80 ? 2 : len < 0x100 ? 3 : len < 0x10000 ? 4 : 5);
  const sizes: number[] = new Array<number>(levels); // sizes[i] = total size of level i (0 = outermost)
  let inner = 0;
  for (let i = levels - 1; i >= 0; i--) {
    sizes[i] = headerSize(inner) + inner;
    inner = sizes[i]!;
  }
  const der = new Uint8Array(inner);
  const offsets: number[] = [];
  let p = 0;
  for (let i = 0; i < levels; i++) {
    offsets.push(p);
    const len = sizes[i]! - headerSize(sizes[i + 1] ?? 0);
    der[p++] = 0x30;
    if (len >= 0x80) {
      const k = headerSize(len) - 2;
      der[p++] = 0x80 | k;
      for (let j = k - 1; j >= 0; j--) der[p++] = Math.floor(len / 256 ** j) & 0xff;
    } else der[p++] = len;
  }
  return { der, offsets };
}

describe('work bounds (operations counted, not timed)', () => {
  it('reads each input byte a bounded number of times, and doubling the input doubles the reads', () => {
    const shapes: Array<[string, (n: number) => Uint8Array]> = [
      ['NULLs', (n) => many('0500', n / 2)],
      ['INTEGERs in SETs', (n) => many('3106020101020102', n / 8)],
      ['nested SEQUENCEs', (n) => many('3008300630043002' + '0500', n / 10)],
      ['high-tag elements', (n) => many('bf8148039f1f00', n / 7)],
    ];
    for (const [what, make] of shapes) {
      const perByte: number[] = [];
      let last = 0;
      for (const size of [1 << 18, 1 << 19, 1 << 20]) {
        const { view, reads } = counting(make(size));
        const elements = walk(new DerReader(view));
        expect(elements, what).toBeGreaterThan(size / 12);
        perByte.push(reads() / view.length);
        if (last) expect(reads() / last, what).toBeLessThan(2.1);
        last = reads();
      }
      for (const r of perByte) expect(r, what).toBeLessThan(3);
    }
  });

  it('walks a 1 MB OID of small arcs, and refuses a 1 MB single arc at once', () => {
    const arcs = 1 << 20;
    const small = new Uint8Array(arcs).fill(0x05);
    small[0] = 0x2a;
    const oid = decodeOid(small, 0);
    expect(oid.length).toBe(3 + 2 * (arcs - 1));
    const huge = new Uint8Array(arcs).fill(0xff);
    huge[arcs - 1] = 0x7f;
    expect(() => decodeOid(huge, 0)).toThrow(expect.objectContaining({ code: 'unsupported', offset: 0 }));
  });

  it('gives nesting-too-deep, not a stack overflow, for 10^5 nested valid headers', () => {
    const { der, offsets } = nestedHeaders(100_000);
    expect(der.length).toBeGreaterThan(400_000);
    const { view, reads } = counting(der);
    let caught: unknown;
    try {
      walk(new DerReader(view));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DerError);
    expect((caught as DerError).code).toBe('nesting-too-deep');
    expect((caught as DerError).offset).toBe(offsets[64]);
    // It stopped at the bound: only the first 65 headers were looked at (at most 10 octet reads
    // each: the cursor's fast path reads the identifier and first length octet, and a long-form
    // length falls through to the full rules, which read them again).
    expect(reads()).toBeLessThan(65 * 10);
    expect(dumpDer(der).split('\n').at(-1)).toMatch(/\[nesting-too-deep\] at offset/);
    // A larger bound is honoured exactly.
    expect(() => walk(new DerReader(der, { maxDepth: 1000 }))).toThrow(expect.objectContaining({ code: 'nesting-too-deep', offset: offsets[1000] }));
  });

  it('stops at the first header for 100k nested indefinite-length (30 80) headers', () => {
    const der = new Uint8Array(200_000);
    for (let i = 0; i < der.length; i += 2) der.set([0x30, 0x80], i);
    const { view, reads } = counting(der);
    expect(() => walk(new DerReader(view))).toThrow(expect.objectContaining({ code: 'indefinite-length', offset: 1 }));
    expect(reads()).toBeLessThan(8);
  });
});
