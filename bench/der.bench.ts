/**
 * DER decode and encode throughput on real certificates: certkit against asn1js,
 * @peculiar/asn1-schema and node-forge.
 *
 * Corpus: Node's `tls.rootCertificates` (Mozilla's root store as shipped with this Node), PEM
 * decoded to DER outside the timed loops. One timed call processes the whole corpus, one
 * certificate at a time.
 * - decode: a full walk that visits every element and materialises every value into the shared
 *   {@link DerValue} tree (INTEGER → bigint, OID → dotted string, strings → JS string, times →
 *   Date, BIT/OCTET STRING → bytes), with certkit's strict `DerReader` (SET OF order checked).
 * - encode: the same tree, decoded once outside the loop, written back with certkit's
 *   `encodeDer` (its `DerWriter`; SETs through `setOf`, so sorted as DER wants).
 * Before timing, every library's decoded tree is compared with certkit's and every encoding
 * with the original bytes, so the figures are for correct work. Non-goals: X.509 semantics.
 * @module
 */
import { rootCertificates } from 'node:tls';
import { CONSTRUCTED, DerReader, type DerWriter, Tag, encodeDer, isStringTag } from '../src/der/index';
import { diffTrees, toBinaryStrings, type DerValue } from './der-value-tree';
import { measureInterleaved, type BenchRow, type BenchSection, type MeasureOptions } from './harness';
import * as asn1jsPeer from './peers/asn1js';
import * as forgePeer from './peers/node-forge';
import * as peculiarPeer from './peers/peculiar-asn1-schema';

// ---------------------------------------------------------------------------------------------
// certkit: decode with DerReader into the value tree, encode the tree with DerWriter.

function _readAll(r: DerReader, out: DerValue[]): void {
  while (!r.atEnd) {
    const tag = r.peekTag();
    switch (tag) {
      case Tag.SEQUENCE: {
        const children: DerValue[] = [];
        _readAll(r.enter(Tag.SEQUENCE), children);
        out.push({ kind: 'constructed', tag, children });
        break;
      }
      case Tag.SET: {
        const children: DerValue[] = [];
        _readAll(r.enterSetOf(Tag.SET), children);
        out.push({ kind: 'constructed', tag, children });
        break;
      }
      case Tag.INTEGER:
        out.push({ kind: 'integer', value: r.readInteger() });
        break;
      case Tag.OID:
        out.push({ kind: 'oid', value: r.readOid() });
        break;
      case Tag.BOOLEAN:
        out.push({ kind: 'boolean', value: r.readBoolean() });
        break;
      case Tag.NULL:
        r.readNull();
        out.push({ kind: 'null' });
        break;
      case Tag.BIT_STRING: {
        const bs = r.readBitString();
        out.push({ kind: 'bitString', bytes: bs.bytes, unusedBits: bs.unusedBits });
        break;
      }
      case Tag.OCTET_STRING:
        out.push({ kind: 'octetString', bytes: r.readOctetString() });
        break;
      case Tag.UTC_TIME:
      case Tag.GENERALIZED_TIME:
        out.push({ kind: 'time', tag, value: r.readTime() });
        break;
      default:
        if (isStringTag(tag)) {
          const s = r.readString();
          out.push({ kind: 'string', tag: s.tag, value: s.value });
        } else if (tag & CONSTRUCTED) {
          const children: DerValue[] = [];
          _readAll(r.enter(tag), children);
          out.push({ kind: 'constructed', tag, children });
        } else {
          out.push({ kind: 'primitive', tag, bytes: r.readTlv().value });
        }
    }
  }
}

/**
 * certkit's side of the decode benchmark: one DER value to the value tree, strictly.
 * @example
 * ```ts
 * certkitDecode(der).kind === 'constructed'
 * ```
 */
export function certkitDecode(der: Uint8Array): DerValue {
  const out: DerValue[] = [];
  const r = new DerReader(der);
  _readAll(r, out);
  if (out.length !== 1) throw new Error('expected one top-level element');
  return out[0]!;
}

function _write(w: DerWriter, v: DerValue): void {
  switch (v.kind) {
    case 'constructed':
      if (v.tag === Tag.SET)
        w.setOf((w) => {
          for (const c of v.children) _write(w, c);
        });
      else
        w.constructed(v.tag, (w) => {
          for (const c of v.children) _write(w, c);
        });
      return;
    case 'integer':
      w.integer(v.value);
      return;
    case 'oid':
      w.oid(v.value);
      return;
    case 'boolean':
      w.boolean(v.value);
      return;
    case 'null':
      w.null();
      return;
    case 'bitString':
      w.bitString({ bytes: v.bytes as Uint8Array, unusedBits: v.unusedBits });
      return;
    case 'octetString':
      w.octetString(v.bytes as Uint8Array);
      return;
    case 'time':
      if (v.tag === Tag.UTC_TIME) w.utcTime(v.value);
      else w.generalizedTime(v.value);
      return;
    case 'string':
      w.string(v.tag, v.value);
      return;
    case 'primitive':
      w.element(v.tag, v.bytes as Uint8Array);
      return;
  }
}

/**
 * certkit's side of the encode benchmark: the value tree back to DER.
 * @example
 * ```ts
 * certkitEncode(certkitDecode(der)) // byte-identical to der
 * ```
 */
export function certkitEncode(v: DerValue): Uint8Array {
  return encodeDer((w) => _write(w, v));
}

// ---------------------------------------------------------------------------------------------

function pemToDer(pem: string): Uint8Array {
  const b64 = pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  return new Uint8Array(Buffer.from(b64, 'base64')); // a plain Uint8Array, not a Buffer
}

function same(a: Uint8Array | ArrayBuffer | string, b: Uint8Array): boolean {
  const x = typeof a === 'string' ? Uint8Array.from(a, (c) => c.charCodeAt(0)) : new Uint8Array(a);
  return x.length === b.length && x.every((v, i) => v === b[i]);
}

/** Runs every library once over the corpus and checks it against certkit and the input. */
function verify(corpus: Uint8Array[], trees: DerValue[]): string[] {
  const problems: string[] = [];
  corpus.forEach((der, i) => {
    const tree = trees[i]!;
    if (!same(certkitEncode(tree), der)) problems.push(`certkit encode of cert ${i} differs from the input`);
    const a = diffTrees(tree, asn1jsPeer.decodeTree(der));
    if (a) problems.push(`asn1js decoded cert ${i} differently: ${a}`);
    if (!same(asn1jsPeer.encodeTree(tree), der)) problems.push(`asn1js encode of cert ${i} differs from the input`);
    const bin = forgePeer.toBinaryString(der);
    const f = diffTrees(tree, forgePeer.decodeTree(bin));
    if (f) problems.push(`node-forge decoded cert ${i} differently: ${f}`);
    if (!same(forgePeer.encodeTree(toBinaryStrings(tree)), der)) problems.push(`node-forge encode of cert ${i} differs from the input`);
    if (!same(peculiarPeer.encodeCertificate(peculiarPeer.decodeCertificate(der)), der)) {
      problems.push(`@peculiar/asn1-schema round trip of cert ${i} differs from the input`);
    }
  });
  return problems;
}

/** The DER section of `bench/README.md`. */
export async function bench(): Promise<BenchSection> {
  const corpus = rootCertificates.map(pemToDer);
  const bytes = corpus.reduce((n, d) => n + d.length, 0);
  const trees = corpus.map(certkitDecode); // strict mode: throws if any root is not valid DER
  const problems = verify(corpus, trees);
  for (const p of problems) console.warn(`  ! ${p}`);
  if (problems.some((p) => p.startsWith('certkit'))) throw new Error('certkit does not round-trip the corpus');

  const forgeCorpus = corpus.map(forgePeer.toBinaryString);
  const forgeTrees = trees.map(toBinaryStrings);
  const peculiarObjects = corpus.map(peculiarPeer.decodeCertificate);

  const asn1jsName = `asn1js ${asn1jsPeer.version}`;
  const forgeName = `node-forge ${forgePeer.version}`;
  const peculiarName = `@peculiar/asn1-schema ${peculiarPeer.version}`;
  const decodeName = 'decode (full walk)';
  const encodeName = 'encode (from value tree)';
  // Each call handles the corpus one certificate at a time and keeps only the last result, as a
  // program that parses (or writes) a certificate, uses it and drops it would; keeping all 144
  // trees alive per call would make the figures mostly about the garbage collector promoting
  // them, and bimodal from one process to the next.
  const each =
    <T, R>(items: readonly T[], fn: (x: T) => R) =>
    (): R | undefined => {
      let last: R | undefined;
      for (let i = 0; i < items.length; i++) last = fn(items[i]!);
      return last;
    };
  const cases: Array<{ name: string; library: string; note?: string; fn: () => unknown }> = [
    { name: decodeName, library: 'certkit', fn: each(corpus, certkitDecode) },
    { name: decodeName, library: asn1jsName, fn: each(corpus, asn1jsPeer.decodeTree) },
    { name: decodeName, library: forgeName, fn: each(forgeCorpus, forgePeer.decodeTree) },
    { name: decodeName, library: peculiarName, note: 'Certificate schema', fn: each(corpus, peculiarPeer.decodeCertificate) },
    { name: encodeName, library: 'certkit', fn: each(trees, certkitEncode) },
    { name: encodeName, library: asn1jsName, fn: each(trees, asn1jsPeer.encodeTree) },
    { name: encodeName, library: forgeName, fn: each(forgeTrees, forgePeer.encodeTree) },
    { name: encodeName, library: peculiarName, note: 'Certificate schema', fn: each(peculiarObjects, peculiarPeer.encodeCertificate) },
  ];
  // All eight interleaved round by round (see measureInterleaved): 30 rounds of 200 ms each
  // after a 1 s warm-up, so a burst of other work on the machine spoils few rounds of each.
  const opts: MeasureOptions = { minTimeMs: 6000, warmupMs: 1000, rounds: 30 };
  console.log(`  measuring ${cases.length} cases interleaved, about ${cases.length * 7} s ...`);
  const results = await measureInterleaved(
    cases.map((c) => c.fn),
    opts,
  );
  const rows: BenchRow[] = cases.map((c, i) => ({ name: c.name, library: c.library, opsPerSec: results[i]!.opsPerSec, spread: results[i]!.spread, ...(c.note ? { note: c.note } : {}) }));

  const note = [
    `Corpus: Node's \`tls.rootCertificates\` (${corpus.length} certificates, ${(bytes / 1024).toFixed(1)} KiB of DER).`,
    'One timed call processes the whole corpus, one certificate at a time, each result dropped before the next',
    '(keeping all of them alive made the figures mostly garbage-collector promotion work, and bimodal between runs).',
    '**Decode** is a full walk that visits every element and materialises every value into the same plain tree for every library',
    '(INTEGER → bigint, OID → dotted string, strings → JS string, UTCTime/GeneralizedTime → Date, BIT/OCTET STRING → bytes);',
    'certkit uses its strict `DerReader` (every DER rule checked, SET OF order included).',
    '**Encode** writes that tree (decoded once, outside the timed loop) back to DER: certkit with `encodeDer` and its `DerWriter`',
    '(SETs through `setOf`, which sorts components that are out of order), asn1js by building its blocks then `toBER`, node-forge by `asn1.create` then `asn1.toDer`.',
    'Equal work: asn1js runs with `parseEmbedded: false` and `copyInput: false` and node-forge with `decodeBitStrings: false`,',
    'so neither speculatively parses BIT/OCTET STRING contents (their defaults do); node-forge reads and writes binary strings,',
    'its native byte form, and keeps byte fields as such.',
    '@peculiar/asn1-schema is schema-driven, not a generic walk: it parses into and serialises from its typed `Certificate`',
    '(from @peculiar/asn1-x509), INTEGERs as ArrayBuffer/number rather than bigint.',
    `Checked before timing: every library's decoded tree equals certkit's and every encoding is byte-identical to the input${problems.length ? `, except: ${problems.join('; ')}` : ''}.`,
  ].join(' ');

  return { title: 'DER decode and encode (Mozilla roots)', note, baseline: asn1jsName, unit: { name: 'certs', perOp: corpus.length, bytesPerOp: bytes }, rows };
}
