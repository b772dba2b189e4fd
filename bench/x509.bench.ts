/**
 * X.509 certificates: parse Node's root store, and build + sign a P-256 leaf, side by side with
 * pkijs, @peculiar/x509, node-forge, jsrsasign and Node's native `X509Certificate`.
 *
 * - parse: one call processes the whole corpus (`tls.rootCertificates`, DER decoded outside the
 *   loop and converted to each library's input form: ArrayBuffer, Buffer, hex or binary string)
 *   and reads, for each certificate, the subject CN, the issuer, notAfter and the subjectAltName
 *   dNSNames. certkit: `parseCertificate(der)` then `subject.commonName`, `issuer.toString()`
 *   (RFC 4514), `notAfter`, `dnsNames`; names, SAN and dates are decoded lazily, on these reads.
 *   Before timing, every library's CN, notAfter and DNS names are checked against certkit's.
 * - build: a leaf with subject (CN, O), issuer CN, serial, validity, SKI, AKI, basicConstraints,
 *   keyUsage, extKeyUsage and two DNS names, signed ECDSA P-256 / SHA-256 by an issuer key,
 *   output DER. WebCrypto keys for certkit (`signerFromCryptoKeyPair`), pkijs and @peculiar/x509;
 *   jsrsasign signs in its own JS. certkit's `sign()` also parses the result and verifies its
 *   signature (WebCrypto), which the others do not do. A second certkit row signs with noble
 *   (pure JS, `signerFromPrivateKey`).
 * @module
 */
import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { parsePublicKey } from '../src/keys/index';
import { signerFromCryptoKeyPair, signerFromPrivateKey } from '../src/sig/index';
import { CertificateBuilder, parseCertificate, type Certificate } from '../src/x509/index';
import { measureInterleaved, type BenchRow, type BenchSection } from './harness';
import * as jsrsasignPeer from './peers/jsrsasign-x509';
import * as forgePeer from './peers/node-forge-x509';
import * as nodePeer from './peers/node-x509';
import * as peculiarPeer from './peers/peculiar-x509';
import * as pkijsPeer from './peers/pkijs-x509';
import type { CertSummary, LeafSpec } from './peers/x509-common';
import { certificateDnsNames, verifyCertificateSync } from '../src/x509/index';

function certkitSummary(der: Uint8Array): CertSummary {
  const c = parseCertificate(der);
  return { cn: c.subject.commonName, issuer: c.issuer.toString(), notAfter: c.notAfter.getTime(), dns: certificateDnsNames(c) };
}

/** The same from PEM text (Node's root store strings as they are): the PEM layer's cost on top. */
function certkitSummaryPem(pem: string): CertSummary {
  const c = parseCertificate(pem);
  return { cn: c.subject.commonName, issuer: c.issuer.toString(), notAfter: c.notAfter.getTime(), dns: certificateDnsNames(c) };
}

function check(name: string, got: CertSummary[], want: CertSummary[]): void {
  const clean = (s: string | undefined): string | undefined => s?.replace(/\\/g, '');
  let bad = 0;
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    if (clean(g.cn) !== clean(w.cn) || g.notAfter !== w.notAfter || g.dns.join() !== w.dns.join()) {
      bad++;
      if (bad <= 3) console.error(`${name} differs on certificate ${i}:`, { got: { cn: g.cn, notAfter: g.notAfter, dns: g.dns }, want: { cn: w.cn, notAfter: w.notAfter, dns: w.dns } });
    }
  }
  if (bad > 0) throw new Error(`${name}: ${bad} certificates read differently from certkit`);
}

function parseRows(opts: { minTimeMs: number }): Promise<{ rows: BenchRow[]; count: number; bytes: number }> {
  const ders = rootCertificates.map((p) => new Uint8Array(new X509Certificate(p).raw));
  const count = ders.length;
  const bytes = ders.reduce((n, d) => n + d.length, 0);
  const buffers = ders.map((d) => d.slice().buffer);
  const nodeBufs = ders.map((d) => Buffer.from(d));
  const hexes = ders.map((d) => Buffer.from(d).toString('hex'));
  const binaries = ders.map((d) => Buffer.from(d).toString('binary'));
  // forge reads RSA certificates only: its corpus is the RSA ones, cycled to the same count.
  const forgeOk = binaries.filter(forgePeer.canRead);
  const forgeCorpus = Array.from({ length: count }, (_, i) => forgeOk[i % forgeOk.length]!);
  const forgeIdx = Array.from({ length: count }, (_, i) => binaries.indexOf(forgeOk[i % forgeOk.length]!));

  const want = ders.map(certkitSummary);
  const pems = [...rootCertificates];
  check('certkit from PEM', pems.map(certkitSummaryPem), want);
  check('pkijs', buffers.map(pkijsPeer.summary), want);
  check('@peculiar/x509', buffers.map(peculiarPeer.summary), want);
  check('jsrsasign', hexes.map(jsrsasignPeer.summary), want);
  check('node', nodeBufs.map(nodePeer.summary), want);
  check(
    'node-forge',
    forgeCorpus.map(forgePeer.summary),
    forgeIdx.map((i) => want[i]!),
  );

  const run =
    <T>(inputs: T[], f: (x: T) => CertSummary) =>
    (): unknown => {
      let last: unknown;
      for (let i = 0; i < inputs.length; i++) last = f(inputs[i]!);
      return last;
    };
  const fns = [
    run(ders, certkitSummary),
    run(pems, certkitSummaryPem),
    run(buffers, pkijsPeer.summary),
    run(buffers, peculiarPeer.summary),
    run(forgeCorpus, forgePeer.summary),
    run(hexes, jsrsasignPeer.summary),
    run(nodeBufs, nodePeer.summary),
  ];
  const libs = [
    'certkit',
    'certkit (from PEM)',
    `pkijs ${pkijsPeer.version}`,
    `@peculiar/x509 ${peculiarPeer.version}`,
    `node-forge ${forgePeer.version}`,
    `jsrsasign ${jsrsasignPeer.version}`,
    nodePeer.version,
  ];
  return measureInterleaved(fns, { minTimeMs: opts.minTimeMs }).then((ms) => ({
    rows: ms.map((m, i): BenchRow => ({
      name: 'parse root store (CN, issuer, notAfter, DNS SANs)',
      library: libs[i]!,
      opsPerSec: m.opsPerSec,
      spread: m.spread,
      ...(libs[i]!.startsWith('node-forge') ? { note: `RSA certificates only: ${forgeOk.length} of ${count}, cycled` } : {}),
    })),
    count,
    bytes,
  }));
}

async function buildRows(opts: { minTimeMs: number }): Promise<BenchRow[]> {
  const subtle = globalThis.crypto.subtle;
  const ec = { name: 'ECDSA', namedCurve: 'P-256' } as const;
  const issuerPair = (await subtle.generateKey(ec, true, ['sign', 'verify'])) as CryptoKeyPair;
  const subjectPair = (await subtle.generateKey(ec, true, ['sign', 'verify'])) as CryptoKeyPair;
  const issuerSpki = new Uint8Array(await subtle.exportKey('spki', issuerPair.publicKey));
  const subjectSpki = new Uint8Array(await subtle.exportKey('spki', subjectPair.publicKey));
  const issuerPkcs8 = new Uint8Array(await subtle.exportKey('pkcs8', issuerPair.privateKey));
  const issuerKeyId = parsePublicKey(issuerSpki).subjectKeyIdentifier();
  const subjectKeyId = parsePublicKey(subjectSpki).subjectKeyIdentifier();
  const spec: LeafSpec = {
    subjectCn: 'www.example.com',
    subjectO: 'Example Org',
    issuerCn: 'Example Issuing CA',
    dnsNames: ['www.example.com', 'example.com'],
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2026-04-01T00:00:00Z'),
    serialHex: '5f1e3c2a9b8d7e6f5a4b3c2d1e0f1a2b',
  };

  // certkit: a builder template with everything but the per-certificate serial set once, as a
  // CA would keep it; each call sets the serial and signs (which also parses and self-verifies).
  const webSigner = await signerFromCryptoKeyPair(issuerPair);
  const nobleKey = (await import('../src/keys/index')).importPrivateKey(issuerPkcs8);
  const nobleSigner = signerFromPrivateKey(nobleKey);
  const template = CertificateBuilder.create()
    .subject({ CN: spec.subjectCn, O: spec.subjectO })
    .issuer({ CN: spec.issuerCn })
    .publicKey(subjectSpki)
    .notBefore(spec.notBefore)
    .notAfter(spec.notAfter)
    .authorityKeyIdentifier(issuerKeyId)
    .basicConstraints({ cA: false })
    .keyUsage(['digitalSignature'])
    .extKeyUsage(['serverAuth'])
    .subjectAltNames(...spec.dnsNames);
  const certkitBuild = (signer: typeof webSigner) => (): Promise<Certificate> => template.serialNumber(spec.serialHex).sign(signer);

  const jsKeys = jsrsasignPeer.keys(
    `-----BEGIN PRIVATE KEY-----\n${Buffer.from(issuerPkcs8).toString('base64')}\n-----END PRIVATE KEY-----\n`,
    `-----BEGIN PUBLIC KEY-----\n${Buffer.from(subjectSpki).toString('base64')}\n-----END PUBLIC KEY-----\n`,
  );
  const keyIdBuf = issuerKeyId.slice().buffer;
  const builders: Array<[string, () => unknown]> = [
    ['certkit (WebCrypto signer)', certkitBuild(webSigner)],
    ['certkit (noble signer)', certkitBuild(nobleSigner)],
    [`pkijs ${pkijsPeer.version}`, () => pkijsPeer.buildLeaf(spec, subjectPair.publicKey, issuerPair.privateKey, keyIdBuf)],
    [`@peculiar/x509 ${peculiarPeer.version}`, () => peculiarPeer.buildLeaf(spec, subjectPair.publicKey, issuerPair.privateKey, keyIdBuf)],
    [`jsrsasign ${jsrsasignPeer.version}`, () => jsrsasignPeer.buildLeaf(spec, jsKeys.pub, jsKeys.prv, Buffer.from(issuerKeyId).toString('hex'), Buffer.from(subjectKeyId).toString('hex'))],
  ];

  // Check before timing: every output parses in certkit, verifies with the issuer key, and has the fields.
  for (const [name, fn] of builders) {
    const out = await fn();
    const der = out instanceof Uint8Array ? out : typeof out === 'string' ? Buffer.from(out, 'hex') : new Uint8Array((out as { raw?: Uint8Array }).raw ?? (out as ArrayBuffer));
    const c = parseCertificate(new Uint8Array(der));
    if (!verifyCertificateSync(c, issuerSpki) || c.subject.commonName !== spec.subjectCn || certificateDnsNames(c).join() !== spec.dnsNames.join() || c.serialNumberHex !== spec.serialHex) {
      throw new Error(`${name}: the built certificate is not the one asked for`);
    }
  }

  // The harness times synchronous calls: async builders are measured here, one awaited call at
  // a time, in interleaved rounds (each round gives every builder the same slice of time, so a
  // change in machine load moves them alike); the figure is the median round.
  const rows: BenchRow[] = [];
  const rounds = 9;
  const slice = opts.minTimeMs / rounds;
  for (const [, fn] of builders) {
    const deadline = performance.now() + 200;
    while (performance.now() < deadline) await fn(); // warm-up
  }
  const samples: number[][] = builders.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < builders.length; k++) {
      const fn = builders[k]![1];
      let n = 0;
      const t0 = performance.now();
      while (performance.now() - t0 < slice) {
        await fn();
        n++;
      }
      samples[k]!.push((n * 1000) / (performance.now() - t0));
    }
  }
  builders.forEach(([name], k) => {
    const sorted = [...samples[k]!].sort((a, b) => a - b);
    const median = sorted[rounds >> 1]!;
    const q = (f: number): number => sorted[Math.round(f * (rounds - 1))]!;
    rows.push({ name: 'build + sign a P-256 leaf', library: name, opsPerSec: median, spread: (q(0.75) - q(0.25)) / 2 / median });
  });
  return rows;
}

export async function bench(): Promise<BenchSection> {
  const quick = process.env.CERTKIT_BENCH_QUICK === '1';
  const parse = await parseRows({ minTimeMs: quick ? 1500 : 6000 });
  const build = await buildRows({ minTimeMs: quick ? 1000 : 4000 });
  const parseRowsOut = parse.rows.map((r) => ({ ...r, opsPerSec: r.opsPerSec * parse.count, name: 'parse root store, certs/s' }));
  const buildRowsOut = build.map((r) => ({ ...r, name: 'build + sign P-256 leaf, certs/s' }));
  // The targets, as notes on certkit's rows: parse vs the fastest JS peer, build vs pkijs.
  const jsPeers = parseRowsOut.filter((r) => !r.library.startsWith('certkit') && !r.library.startsWith('node '));
  const fastest = jsPeers.reduce((a, b) => (b.opsPerSec > a.opsPerSec ? b : a));
  const ours = parseRowsOut.find((r) => r.library === 'certkit')!;
  ours.note = `${(ours.opsPerSec / fastest.opsPerSec).toFixed(1)}x the fastest JS peer, ${fastest.library.split(' ')[0]}`;
  const fromPem = parseRowsOut.find((r) => r.library === 'certkit (from PEM)')!;
  fromPem.note = `${(ours.opsPerSec / fromPem.opsPerSec).toFixed(2)}x the time from DER`;
  const pk = buildRowsOut.find((r) => r.library.startsWith('pkijs'))!;
  for (const r of buildRowsOut) if (r.library.startsWith('certkit')) r.note = `${(r.opsPerSec / pk.opsPerSec).toFixed(1)}x pkijs`;
  return {
    title: 'X.509: parse the root store, build a leaf',
    note:
      `**parse**: Node's \`tls.rootCertificates\` (${parse.count} certificates, ${(parse.bytes / 1024).toFixed(1)} KiB of DER), one operation = the whole corpus; ` +
      'each library parses each certificate and reads subject CN, issuer (its string form; pkijs and node-forge have none, so their parsed attribute list), ' +
      'notAfter and the subjectAltName dNSNames, checked against certkit before timing. Inputs are converted outside the loop to what each library takes ' +
      '(ArrayBuffer, Buffer, hex, binary string); the "from PEM" row gives certkit the PEM strings of `tls.rootCertificates` as they are (`parseCertificate(pem)`: the strict RFC 7468 reader and base64 decoding included). certkit checks the whole structure strictly on parse and decodes names, SAN and dates on first read. ' +
      'node-forge reads only RSA certificates, so its corpus is the RSA ones cycled to the same count. ' +
      '**build**: a leaf with subject, issuer, serial, validity, SKI, AKI, basicConstraints, keyUsage, extKeyUsage and two DNS names, signed ECDSA P-256/SHA-256, ' +
      'one call at a time (awaited); WebCrypto keys for certkit, pkijs and @peculiar/x509, jsrsasign signs in JS. certkit additionally parses what it signed ' +
      'and verifies the signature before returning. node-forge cannot sign ECDSA and Node cannot build certificates, so they have no build row.',
    baseline: `jsrsasign ${jsrsasignPeer.version}`,
    rows: [...parseRowsOut, ...buildRowsOut],
  };
}
