/**
 * Trust anchors from a PEM bundle (`loadTrustStore`), in the Debian `ca-certificates.crt` format
 * with comments, duplicates and blocks that cannot be anchors, each skip reported with its
 * reason; Node's built-in Mozilla roots as a real bundle; and the CLI's `--trust system`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { encodePem } from '../src/pem/index';
import { generateKeyPair, type KeyPair } from '../src/keys/index';
import { signerFromPrivateKey } from '../src/sig/index';
import { EXTENSION } from '../src/oid/index';
import { CertificateBuilder, dns, type Certificate } from '../src/x509/index';
import { loadTrustStore, verifyChainSync } from '../src/path/index';
import { run } from '../src/cli/main';
import { loadSystemTrust } from '../src/cli/system-trust';
import { certificateToPem } from '../src/x509/index';

const T0 = new Date('2025-01-01T00:00:00Z');
const NOW = new Date('2025-06-01T00:00:00Z');
const END = new Date('2030-01-01T00:00:00Z');

let key: KeyPair;
let root: Certificate, other: Certificate, expired: Certificate, notCa: Certificate, nonDer: Certificate, leaf: Certificate;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'certkit-trust-'));
  key = await generateKeyPair('P-256');
  const s = signerFromPrivateKey(key.privateKey);
  root = await CertificateBuilder.selfSignedCa('CN=Store Root A').notBefore(T0).notAfter(END).sign(s, { now: T0 });
  other = await CertificateBuilder.selfSignedCa('CN=Store Root B').notBefore(T0).notAfter(END).sign(s, { now: T0 });
  expired = await CertificateBuilder.selfSignedCa('CN=Store Root Old').notBefore(new Date('2010-01-01T00:00:00Z')).notAfter(new Date('2020-01-01T00:00:00Z')).sign(s, { now: T0 });
  notCa = await CertificateBuilder.create().subject('CN=Not A CA').publicKey(key.publicKey).notBefore(T0).notAfter(END).basicConstraints({ cA: false }).sign(s, { now: T0 });
  // keyUsage with a trailing zero octet, as two Trustwave roots of the Mozilla store have it.
  nonDer = await CertificateBuilder.create()
    .subject('CN=Store Root NonDER')
    .publicKey(key.publicKey)
    .notBefore(T0)
    .notAfter(END)
    .basicConstraints({ cA: true })
    .extension({ oid: EXTENSION.keyUsage, critical: true, value: Uint8Array.of(0x03, 0x03, 0x01, 0x06, 0x00) })
    .sign(s, { now: T0 });
  leaf = await CertificateBuilder.create()
    .subject('CN=www.example.com')
    .publicKey((await generateKeyPair('P-256')).publicKey)
    .notBefore(T0)
    .notAfter(END)
    .subjectAltNames(dns('www.example.com'))
    .extKeyUsage(['serverAuth'])
    .keyUsage(['digitalSignature'])
    .sign(s, { issuerCertificate: root, now: T0 });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A bundle in the Debian format: comment lines before each certificate. */
function bundle(): string {
  const blocks = [
    `# Store Root A\n${certificateToPem(root)}`,
    `# Store Root B (a comment with ----- dashes)\n${certificateToPem(other)}`,
    `\n# A duplicate of A\n${certificateToPem(root)}`,
    `${encodePem('TRUSTED CERTIFICATE', root.raw)}`,
    '-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n',
    certificateToPem(notCa),
    certificateToPem(expired),
    certificateToPem(nonDer),
  ];
  return blocks.join('\n');
}

describe('loadTrustStore', () => {
  it('takes every usable root and reports each skipped block with its reason and line', () => {
    const r = loadTrustStore(bundle());
    expect(r.anchors.map((c) => c.subject.toString())).toEqual(['CN=Store Root A', 'CN=Store Root B', 'CN=Store Root Old', 'CN=Store Root NonDER']);
    expect(r.skipped.map((s) => [s.index, s.reason])).toEqual([
      [2, 'duplicate'],
      [3, 'not-a-certificate'],
      [4, 'malformed'],
      [5, 'not-a-ca'],
    ]);
    expect(r.skipped[0]!.message).toBe('the same certificate as block 0');
    const text = bundle().split('\n');
    for (const s of r.skipped) expect(text[s.line - 1]).toMatch(/^-----BEGIN /);
    expect(r.lenient.map((x) => x.subject)).toEqual(['CN=Store Root NonDER']);
    expect(r.lenient[0]!.message).toMatch(/trailing zero bits/);
  });

  it('skips expired roots when a time is given, and non-DER ones without the lenient fallback', () => {
    const r = loadTrustStore(new TextEncoder().encode(bundle()), { time: NOW, lenient: false });
    expect(r.anchors.map((c) => c.subject.toString())).toEqual(['CN=Store Root A', 'CN=Store Root B']);
    expect(r.skipped.filter((s) => s.reason === 'expired' || s.reason === 'malformed').map((s) => [s.reason, s.subject])).toEqual([
      ['malformed', undefined],
      ['expired', 'CN=Store Root Old'],
      ['malformed', 'CN=Store Root NonDER'],
    ]);
    expect(() => loadTrustStore(42 as unknown as string)).toThrow(TypeError);
  });

  it('the anchors it returns validate a chain', () => {
    const { anchors } = loadTrustStore(bundle());
    expect(verifyChainSync(leaf, { anchors, time: NOW, purposes: ['serverAuth'], hostname: 'www.example.com' }).chain.length).toBe(2);
  });

  it("reads Node's built-in Mozilla roots: every one taken, the non-DER ones leniently", () => {
    const r = loadTrustStore(tls.rootCertificates.join('\n'));
    expect(r.anchors.length).toBe(tls.rootCertificates.length);
    expect(r.skipped).toEqual([]);
    for (const x of r.lenient) expect(x.message).toMatch(/DER|X\.690/);
  });
});

describe('CLI --trust system', () => {
  async function verify(env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
    const leafFile = join(dir, 'leaf.pem');
    writeFileSync(leafFile, certificateToPem(leaf));
    let out = '',
      err = '';
    const code = await run(['verify', leafFile, '--trust', 'system', '--host', 'www.example.com', '--purpose', 'serverAuth', '--at', NOW.toISOString()], {
      env,
      stdout: (s) => void (out += s),
      stderr: (s) => void (err += s),
    });
    return { code, out, err };
  }

  it('uses SSL_CERT_FILE first and reports what it skipped', async () => {
    const file = join(dir, 'bundle.crt');
    writeFileSync(file, bundle());
    const r = await verify({ SSL_CERT_FILE: file });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^OK: valid path of 2 certificates/);
    expect(r.err).toContain(`trust: 4 roots from ${file}`);
    expect(r.err).toMatch(/block 3 \(line \d+\): skipped, duplicate/);
    expect(r.err).toMatch(/CN=Store Root NonDER: not DER, read leniently/);
  });

  it("falls back to Node's roots when no bundle is found (which do not know this test root)", () => {
    const sys = loadSystemTrust({}, [join(dir, 'nowhere.crt')]);
    expect(sys.source).toBe('node:tls rootCertificates');
    expect(sys.anchors.length).toBe(tls.rootCertificates.length);
  });
});
