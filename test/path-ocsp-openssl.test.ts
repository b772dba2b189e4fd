/**
 * certkit's OCSP client against the OpenSSL responder (`openssl ocsp -index -port`): leaves whose
 * AIA names that responder are checked by `verifyChain(..., { onlineRevocation })` (good, revoked
 * under soft-fail, unknown under hard-fail), by `certkit ocsp --issuer --cert` and by
 * `certkit verify --ocsp`; responses saved by `openssl ocsp -respout` are checked offline as
 * stapled responses and by `certkit ocsp --respin`. openssl is required: the test fails without it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from '../src/keys/index';
import { ValidationError, onlineRevocation, verifyChain } from '../src/path/index';
import { CertificateBuilder, authorityInfoAccessCodec, certificateToPem, type Certificate } from '../src/x509/index';
import { bundle, runNodeAsync } from './cli-test-helpers';
import { DAY, makeOcspParties } from './ocsp-helpers';

let dir: string;
let responder: ChildProcess;
let url: string;
let bin: string;
let p: Awaited<ReturnType<typeof makeOcspParties>>;
const leaves: Record<'good' | 'revoked' | 'unknown', Certificate> = {} as never;

function openssl(args: string[]): { ok: boolean; out: string } {
  const r = spawnSync('openssl', args, { cwd: dir });
  if (r.error) throw new Error(`openssl cannot run (this interop test needs it): ${r.error.message}`);
  return { ok: r.status === 0, out: `${r.stdout.toString('latin1')}${r.stderr.toString('latin1')}` };
}
const ossl = (d: Date): string => d.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  expect(openssl(['version']).out).toMatch(/^OpenSSL 3\./);
  dir = mkdtempSync(join(tmpdir(), 'certkit-ocsp-client-'));
  const now = new Date();
  p = await makeOcspParties(now);
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  let serial = 0x9100n;
  for (const name of ['good', 'revoked', 'unknown'] as const) {
    const k = await generateKeyPair('P-256');
    leaves[name] = await CertificateBuilder.create()
      .subject({ CN: `${name}.example` })
      .publicKey(k.publicKey)
      .serialNumber(serial++)
      .notBefore(new Date(now.getTime() - DAY))
      .notAfter(new Date(now.getTime() + 30 * DAY))
      .extension(authorityInfoAccessCodec, [{ method: '1.3.6.1.5.5.7.48.1', location: { type: 'uri', value: url } }])
      .sign(p.ca.signer, { issuerCertificate: p.ca.cert });
    writeFileSync(join(dir, `${name}.pem`), certificateToPem(leaves[name]));
  }
  writeFileSync(join(dir, 'ca.pem'), certificateToPem(p.ca.cert));
  writeFileSync(join(dir, 'ca.key'), p.ca.key.toPem());
  const exp = ossl(new Date(now.getTime() + 30 * DAY));
  const hex = (c: Certificate): string => c.serialNumber.toString(16).toUpperCase();
  writeFileSync(
    join(dir, 'index.txt'),
    [
      `V\t${exp}\t\t${hex(leaves.good)}\tunknown\t/CN=good.example`,
      `R\t${exp}\t${ossl(new Date(now.getTime() - 3600_000))},keyCompromise\t${hex(leaves.revoked)}\tunknown\t/CN=revoked.example`,
      '',
    ].join('\n'),
  );
  responder = spawn('openssl', ['ocsp', '-index', 'index.txt', '-port', String(port), '-rsigner', 'ca.pem', '-rkey', 'ca.key', '-CA', 'ca.pem', '-nmin', '60'], { cwd: dir, stdio: 'ignore' });
  responder.on('error', () => undefined);
  // the responder is up once it answers a request
  for (let i = 0; i < 100; i++) {
    const r = openssl(['ocsp', '-issuer', 'ca.pem', '-cert', 'good.pem', '-url', url, '-CAfile', 'ca.pem', '-respout', 'good.der']);
    if (r.ok) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  bin = (await bundle({ certkit: 'src/cli/main.ts' })).certkit!;
}, 120_000);

afterAll(() => {
  responder?.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (bin) rmSync(join(bin, '..'), { recursive: true, force: true });
});

describe("certkit's OCSP client against openssl ocsp -index -port", () => {
  it('verifyChain: good, revoked, unknown (hard-fail), with and without a nonce', async () => {
    for (const nonce of [false, true]) {
      const g = await verifyChain(leaves.good, { anchors: [p.ca.cert], onlineRevocation: onlineRevocation({ failure: 'hard', nonce }) });
      expect(g.revocationChecks![0]).toMatchObject({ status: 'good', source: 'ocsp', url });
      let e: unknown;
      await verifyChain(leaves.revoked, { anchors: [p.ca.cert], onlineRevocation: onlineRevocation({ failure: 'soft', nonce }) }).catch((x) => (e = x));
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).code).toBe('revoked');
      expect((e as ValidationError).message).toMatch(/keyCompromise/);
      e = undefined;
      await verifyChain(leaves.unknown, { anchors: [p.ca.cert], onlineRevocation: onlineRevocation({ failure: 'hard', nonce }) }).catch((x) => (e = x));
      expect((e as ValidationError).code).toBe('revocation-unknown');
      expect((e as ValidationError).message).toMatch(/responder says unknown/);
    }
  });

  it('certkit ocsp and certkit verify --ocsp; saved responses checked offline', async () => {
    const good = await runNodeAsync(bin, ['ocsp', '--issuer', 'ca.pem', '--cert', 'good.pem', '--respout', 'ck-good.der'], { cwd: dir });
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toMatch(/good\.pem: good/);
    expect(good.stdout).toMatch(/nonce echoed/);
    const rev = await runNodeAsync(bin, ['ocsp', '--issuer', 'ca.pem', '--cert', 'revoked.pem', '--url', url, '--no-nonce'], { cwd: dir });
    expect(rev.code).toBe(1);
    expect(rev.stdout).toMatch(/revoked\.pem: revoked\n {2}revoked at .*, reason keyCompromise/);
    const v = await runNodeAsync(bin, ['verify', 'good.pem', '--trust', 'ca.pem', '--ocsp'], { cwd: dir });
    expect(v.code, v.stdout + v.stderr).toBe(0);
    expect(v.stdout).toMatch(/revocation \[0\] CN=good\.example: good \(ocsp http:\/\/127\.0\.0\.1:\d+\)/);
    const vr = await runNodeAsync(bin, ['verify', 'revoked.pem', '--trust', 'ca.pem', '--ocsp'], { cwd: dir });
    expect(vr.code).toBe(1);
    expect(vr.stdout).toMatch(/INVALID: revoked/);
    // offline: the response openssl saved (good.der), and the one certkit saved
    for (const f of ['good.der', 'ck-good.der']) {
      const saved = new Uint8Array(readFileSync(join(dir, f)));
      const r = await verifyChain(leaves.good, { anchors: [p.ca.cert], onlineRevocation: onlineRevocation({ failure: 'hard', fetch: false, stapled: [saved] }) });
      expect(r.revocationChecks![0]).toMatchObject({ status: 'good', source: 'ocsp-stapled' });
      const cli = await runNodeAsync(bin, ['ocsp', '--issuer', 'ca.pem', '--cert', 'good.pem', '--respin', f], { cwd: dir });
      expect(cli.code, cli.stderr).toBe(0);
      const off = await runNodeAsync(bin, ['verify', 'good.pem', '--trust', 'ca.pem', '--ocsp-response', f], { cwd: dir });
      expect(off.stdout).toMatch(/good \(ocsp-stapled\)/);
    }
    // a saved response is about good.pem, not revoked.pem: no answer, hard-fail
    const wrong = await runNodeAsync(bin, ['verify', 'revoked.pem', '--trust', 'ca.pem', '--ocsp-response', 'good.der'], { cwd: dir });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toMatch(/INVALID: revocation-unknown/);
  });
});
