/**
 * Benchmark: parse a CRL and look up one serial number, certkit against jsrsasign, pkijs and
 * @peculiar/x509, on a 10,000-entry and a 10-entry CRL; and a 1,000,000-entry CRL for certkit
 * alone (parse + index, memory, and an O(1) lookup on the parsed CRL).
 *
 * The CRLs are built with certkit (P-256, random 16-octet serials, a reasonCode on every third
 * entry), once, outside the timed loops. Each measured call parses the CRL from its bytes and
 * answers "is this serial listed?" for an entry in the middle.
 * @module
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { CrlBuilder, parseCrl, type Crl, type RevokedEntryInput } from '../src/crl/index';
import { generateKeyPair } from '../src/keys/index';
import { signerFromPrivateKey } from '../src/sig/index';
import { measureInterleaved, measure, type BenchRow, type BenchSection } from './harness';
import * as jsr from './peers/jsrsasign-crl';
import * as pkijs from './peers/pkijs-crl';
import * as peculiar from './peers/peculiar-x509-crl';
import { crlEntry, crlIndexByteLength, isSerialRevoked } from '../src/crl/index';

const T = new Date('2030-01-01T00:00:00Z');

function entries(n: number, seed: number): RevokedEntryInput[] {
  // A small deterministic PRNG (xorshift32) so every run measures the same CRLs.
  let s = seed >>> 0 || 1;
  const next = (): number => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
  const out: RevokedEntryInput[] = [];
  for (let i = 0; i < n; i++) {
    const b = new Uint8Array(16);
    for (let k = 0; k < 16; k += 4) {
      const x = next();
      b[k] = x >>> 24;
      b[k + 1] = x >>> 16;
      b[k + 2] = x >>> 8;
      b[k + 3] = x;
    }
    b[0] = (b[0]! & 0x7f) | 0x01;
    out.push({ serial: b, revocationDate: T, reason: i % 3 === 0 ? 'keyCompromise' : undefined });
  }
  return out;
}

async function build(n: number, seed: number): Promise<Crl> {
  const { privateKey } = await generateKeyPair('P-256');
  return CrlBuilder.create()
    .issuer({ CN: `Bench CA ${n}`, O: 'certkit' })
    .thisUpdate(T)
    .nextUpdate(new Date('2030-01-08T00:00:00Z'))
    .crlNumber(1)
    .revokeAll(entries(n, seed))
    .sign(signerFromPrivateKey(privateKey));
}

function toHex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

function gcFn(): (() => void) | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

export async function bench(): Promise<BenchSection> {
  const rows: BenchRow[] = [];
  for (const n of [10_000, 10]) {
    const crl = await build(n, n);
    const der = crl.raw;
    const ab = der.buffer.slice(der.byteOffset, der.byteOffset + der.byteLength) as ArrayBuffer;
    const hex = toHex(der);
    const target = crlEntry(crl, n >> 1);
    const contents = target.rawSerial.slice();
    const sHex = toHex(contents);
    const fns = [() => isSerialRevoked(parseCrl(der), contents), () => jsr.parseAndFind(hex, sHex), () => pkijs.parseAndFind(ab, contents), () => peculiar.parseAndFind(ab, sHex)];
    for (const f of fns) if (f() !== true) throw new Error('a library did not find the serial');
    const opts = n > 100 ? { minTimeMs: 3000, warmupMs: 800, rounds: 5 } : { minTimeMs: 1500, warmupMs: 300, rounds: 7 };
    const [a, b, c, d] = await measureInterleaved(fns, opts);
    const name = `parse ${n.toLocaleString('en-US')}-entry CRL (${(der.length / 1024).toFixed(0)} KiB) + find 1 serial`;
    rows.push(
      { name, library: 'certkit', ...a! },
      { name, library: `jsrsasign ${jsr.version}`, ...b! },
      { name, library: `pkijs ${pkijs.version}`, ...c!, note: 'asn1js maxNodes raised' },
      { name, library: `@peculiar/x509 ${peculiar.version}`, ...d!, note: 'berOptions.maxNodes raised' },
    );
  }

  // One million entries, certkit only.
  const big = await build(1_000_000, 7);
  const der = big.raw;
  const target = crlEntry(big, 500_000).rawSerial.slice();
  const gc = gcFn();
  gc?.();
  const m0 = process.memoryUsage();
  const t0 = performance.now();
  const one = parseCrl(der);
  const firstMs = performance.now() - t0;
  const m1 = process.memoryUsage();
  if (!isSerialRevoked(one, target) || one.size !== 1_000_000) throw new Error('1M CRL lookup failed');
  const heapMb = (m1.heapUsed - m0.heapUsed) / 2 ** 20;
  const abMb = (m1.arrayBuffers - m0.arrayBuffers) / 2 ** 20;
  const idxMb = crlIndexByteLength(one) / 2 ** 20;
  const bigName = `parse + index 1,000,000-entry CRL (${(der.length / 2 ** 20).toFixed(1)} MiB) + find 1 serial`;
  const m = await measure(() => isSerialRevoked(parseCrl(der), target), { minTimeMs: 4000, warmupMs: 1000, rounds: 5 });
  // CPU time of single parses (user + system), which a busy shared machine inflates less than wall time.
  const cpu: number[] = [];
  for (let i = 0; i < 7; i++) {
    const c0 = process.cpuUsage();
    isSerialRevoked(parseCrl(der), target);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  cpu.sort((x, y) => x - y);
  rows.push({ name: bigName, library: 'certkit', ...m, note: `${(1000 / m.opsPerSec).toFixed(0)} ms wall per parse, median CPU time ${cpu[3]!.toFixed(0)} ms; first (cold) ${firstMs.toFixed(0)} ms` });
  const lookup = await measure(() => isSerialRevoked(one, target), { minTimeMs: 1000, warmupMs: 200, rounds: 5 });
  rows.push({ name: 'isSerialRevoked on the parsed 1,000,000-entry CRL', library: 'certkit', ...lookup });

  return {
    title: 'CRL parse and serial lookup',
    note:
      'CRLs built with certkit (P-256 signature; random 16-octet serials; reasonCode on every third entry). Each call parses the CRL ' +
      'from its bytes and checks one serial from the middle of the list: certkit with `isSerialRevoked(parseCrl(der), serial)` (one linear ' +
      'pass that validates every entry and builds a typed-array hash index, entries decoded on demand); jsrsasign with ' +
      '`new X509CRL(hex).findRevCertBySN()` (hex string input, converted outside the loop); pkijs by `asn1js.fromBER` + ' +
      '`new CertificateRevocationList({ schema })` then a scan of `revokedCertificates`; @peculiar/x509 with `new X509Crl(der, ' +
      'options).findRevoked()`. pkijs and @peculiar/x509 refuse a 10,000-entry CRL with their defaults (asn1js caps a parse at ' +
      '10,000 nodes): the adapters raise `maxNodes` through the knobs each exposes. Memory for one parse of the 1,000,000-entry ' +
      `CRL (after a GC): index and entry table ${idxMb.toFixed(1)} MiB (typed arrays), ArrayBuffer growth ${abMb.toFixed(1)} MiB ` +
      `(includes the table's doubling garbage), JS heap growth ${heapMb.toFixed(1)} MiB; the CRL bytes themselves are not copied.`,
    baseline: `jsrsasign ${jsr.version}`,
    rows,
  };
}
