/**
 * The npm `acme-client` package (5.4.0, installed by `npm ci --prefix tools/runtimes`) completes a
 * whole ACME order against certkit's handler on Node, Deno and Bun: `acme-client-order.ts`, bundled
 * here once by esbuild with acme-client and its dependencies (so no runtime resolves an npm
 * package, and nothing goes to a network), serves `createCaService({ acme })` with the runtime's
 * own server on 127.0.0.1, answers http-01 on the same port, and drives acme-client through
 * account → order → http-01 → finalize → download → revoke. Each chain it returns must validate
 * with certkit's `verifyChain` (serverAuth, both names) and with `openssl verify`; the CA store and
 * the CRL served at `/crl/ca.crl` must hold the revocation with reason keyCompromise. A missing runtime binary fails the test. It runs
 * in the runtime matrix (scripts/ci-runtimes.sh runs test/runtimes/), not in `npm test`.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/path/index';
import { decodePemAll } from '../../src/pem/index';
import { parseCertificate } from '../../src/x509/index';
import { ROOT, scratch } from '../cli-test-helpers';
import { opensslBin } from '../serve-test-helpers';

const RUNTIMES = path.join(ROOT, 'tools/runtimes/node_modules');
const NAMES = ['app.acme-client.test', 'www.acme-client.test'];

interface OrderResult {
  runtime: string;
  chain: string;
  root: string;
  keyIsPem: boolean;
  validations: string[];
  log: string[];
  revoked: { serial: string; reason: string; crlReason: string } | null;
}

let dir: string;
let script: string;

beforeAll(async () => {
  dir = scratch('acme-client-runtimes');
  script = path.join(dir, 'order.mjs');
  const pkg = JSON.parse(fs.readFileSync(path.join(RUNTIMES, 'acme-client', 'package.json'), 'utf8')) as { version: string };
  expect(pkg.version).toBe('5.4.0');
  const r = await build({
    entryPoints: [path.join(ROOT, 'test/runtimes/acme-client-order.ts')],
    outfile: script,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'es2022',
    logLevel: 'silent',
    metafile: true,
    nodePaths: [RUNTIMES],
    // acme-client and axios are CommonJS and require Node built-ins; an ESM bundle needs a require.
    banner: { js: "import { createRequire as __ckRequire } from 'node:module'; const require = __ckRequire(import.meta.url);" },
  });
  // The real package from tools/runtimes is in the bundle, not a stand-in.
  expect(Object.keys(r.metafile.inputs).some((i) => i.includes('tools/runtimes/node_modules/acme-client/src/client.js'))).toBe(true);
}, 120_000);

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs the order script with a runtime and returns its RESULT line. */
function runOrder(cmd: string, args: string[]): Promise<OrderResult> {
  if (!fs.existsSync(cmd)) throw new Error(`${cmd} is missing: npm ci --prefix tools/runtimes installs the runtimes`);
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, [...args, script], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    p.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const timer = setTimeout(() => p.kill('SIGKILL'), 120_000);
    p.on('error', reject);
    p.on('exit', (code) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code !== 0 || !line) return reject(new Error(`${cmd} exited ${code}\n${out}\n${err}`));
      resolve(JSON.parse(line.slice('RESULT '.length)) as OrderResult);
    });
  });
}

async function check(r: OrderResult): Promise<void> {
  expect(r.log.slice(0, 2).map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual(['account valid', 'order pending']);
  expect(r.log).toContain(`http-01 ${NAMES[0]} valid`);
  expect(r.log).toContain(`http-01 ${NAMES[1]} valid`);
  expect(r.log).toContain('finalize valid');
  expect(r.keyIsPem).toBe(true);
  // The server's validations came over HTTP to the script's port, one per name.
  expect(r.validations.map((v) => v.split(' ')[0]).sort()).toEqual(NAMES);

  // application/pem-certificate-chain: leaf, issuing CA, root.
  const certs = decodePemAll(r.chain).map((b) => parseCertificate(b.der));
  expect(certs.map((c) => c.subject.toString())).toEqual([`CN=${NAMES[0]}`, 'CN=acme-client Test Issuing CA,O=certkit', 'CN=acme-client Test Root,O=certkit']);
  const root = parseCertificate(decodePemAll(r.root)[0]!.der);
  for (const hostname of NAMES) {
    const v = await verifyChain(certs[0]!, { anchors: [root], intermediates: certs.slice(1), purposes: ['serverAuth'], hostname });
    expect(v.chain.map((c) => c.subject.toString())).toEqual(certs.map((c) => c.subject.toString()));
  }
  await expect(verifyChain(certs[0]!, { anchors: [root], intermediates: certs.slice(1), purposes: ['serverAuth'], hostname: 'other.acme-client.test' })).rejects.toThrow();

  const tag = r.runtime.split(' ')[0]!;
  fs.writeFileSync(path.join(dir, `${tag}-chain.pem`), r.chain);
  fs.writeFileSync(path.join(dir, `${tag}-root.pem`), r.root);
  const o = opensslBin(['verify', '-CAfile', `${tag}-root.pem`, '-untrusted', `${tag}-chain.pem`, '-purpose', 'sslserver', '-verify_hostname', NAMES[1]!, `${tag}-chain.pem`], { cwd: dir });
  expect(`${o.stdout.toString('utf8')}${o.stderr}`).toBe(`${tag}-chain.pem: OK\n`);
  expect(o.code).toBe(0);

  // acme-client's revokeCertificate (reason 1) reached the CA store and the CRL the handler serves.
  expect(r.revoked).toEqual({ serial: certs[0]!.serialNumber.toString(16), reason: 'keyCompromise', crlReason: 'keyCompromise' });
}

describe('acme-client 5.4.0 completes an order against the handler', () => {
  it('on Node (certkit/node startCaServer)', async () => {
    const r = await runOrder(process.execPath, []);
    expect(r.runtime).toMatch(/^node v\d/);
    await check(r);
  }, 120_000);

  it('on Deno (Deno.serve)', async () => {
    const r = await runOrder(path.join(RUNTIMES, '.bin/deno'), ['run', '--allow-net=127.0.0.1', '--allow-env', `--allow-read=${dir}`]);
    expect(r.runtime).toMatch(/^deno \d/);
    await check(r);
  }, 120_000);

  it('on Bun (Bun.serve)', async () => {
    const r = await runOrder(path.join(RUNTIMES, '.bin/bun'), []);
    expect(r.runtime).toMatch(/^bun \d/);
    await check(r);
  }, 120_000);
});
