/**
 * The same CA handler (`scripts/portable/serve/app.ts`: `createCaService` over a MemoryCaStore)
 * bundled once into a platform-neutral ESM file and served by `Deno.serve`, `Bun.serve`, workerd
 * (the Workers runtime, no Node compatibility) and Node (`certkit/node`'s `startCaServer`), each
 * in its own process on a free port of 127.0.0.1; over real HTTP each one answers EST cacerts
 * (a certs-only PKCS#7), enrolls a CSR with HTTP Basic, takes a CSR through the JSON API with a
 * bearer token, publishes the CRL at the URL of the issued certificate's CDP, and refuses a
 * request without credentials with 401 + WWW-Authenticate. The runtimes are the npm binaries the
 * portable suite uses (tools/runtimes/node_modules/.bin, installed by `npm ci --prefix
 * tools/runtimes`); a missing one fails the test. It runs in the runtime matrix
 * (scripts/ci-runtimes.sh), not in `npm test`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSignedData } from '../../src/cms/index';
import { parseCrl } from '../../src/crl/index';
import { CsrBuilder, csrToPem } from '../../src/csr/index';
import { generateKeyPair } from '../../src/keys/index';
import { decodeBase64 } from '../../src/pem/index';
import { signerFromPrivateKey } from '../../src/sig/index';
import { crlDistributionPointsCodec, getExtension, parseCertificate } from '../../src/x509/index';
import { ROOT, scratch } from '../cli-test-helpers';
import { ADMIN_TOKEN, EST_PASSWORD, EST_USER } from '../../scripts/portable/serve/app';

let dir: string;
let app: string;
const procs: ChildProcess[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Starts a server process and resolves with its base URL once it prints "LISTENING <port>". */
function launch(cmd: string, args: string[]): Promise<{ url: string; banner: string }> {
  if (!fs.existsSync(cmd)) throw new Error(`${cmd} is missing: npm ci installs the runtimes`);
  const p = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  procs.push(p);
  let out = '';
  let err = '';
  p.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${cmd} did not listen in 60 s\n${out}\n${err}`)), 60_000);
    p.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /LISTENING (\d+)(.*)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: `http://127.0.0.1:${m[1]}`, banner: m[2]!.trim() });
      }
    });
    p.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${cmd} exited (${code}) before listening\n${out}\n${err}`));
    });
  });
}

beforeAll(async () => {
  dir = scratch('serve-runtimes');
  app = path.join(dir, 'app.mjs');
  const r = await build({
    entryPoints: [path.join(ROOT, 'scripts/portable/serve/app.ts')],
    outfile: app,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2022',
    logLevel: 'silent',
    metafile: true,
  });
  // Portable: nothing from Node in the bundle the runtimes run.
  expect(Object.keys(r.metafile.inputs).filter((i) => i.startsWith('node:'))).toEqual([]);
  fs.writeFileSync(
    path.join(dir, 'node.mjs'),
    `import { startCaServer } from ${JSON.stringify(path.join(ROOT, 'src/node/index.ts'))};
import { handler } from './app.mjs';
const s = await startCaServer({ handler, listen: '127.0.0.1:0' });
console.log('LISTENING ' + s.port + ' node ' + process.version);
for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => void s.close());
`,
  );
}, 60_000);

afterAll(async () => {
  // SIGTERM first: the workerd wrapper passes it on to workerd; SIGKILL whatever is left.
  await Promise.all(
    procs.map(
      (p) =>
        new Promise<void>((resolve) => {
          if (p.exitCode !== null || p.signalCode !== null) return resolve();
          const t = setTimeout(() => p.kill('SIGKILL'), 5000);
          p.once('exit', () => {
            clearTimeout(t);
            resolve();
          });
          p.kill('SIGTERM');
        }),
    ),
  );
  fs.rmSync(dir, { recursive: true, force: true });
}, 30_000);

async function enrollEverywhere(url: string): Promise<void> {
  // cacerts: base64 certs-only PKCS#7 with the issuing CA.
  const ca = await fetch(`${url}/.well-known/est/cacerts`);
  expect(ca.status).toBe(200);
  expect(ca.headers.get('content-type')).toMatch(/^application\/pkcs7-mime/);
  const cas = parseSignedData(decodeBase64((await ca.text()).replace(/\s+/g, ''))).certificates.map((d) => parseCertificate(d).subject.toString());
  expect(cas.join('|')).toContain('Runtime Test Issuing CA');

  // simpleenroll with HTTP Basic.
  const key = await generateKeyPair('P-256');
  const csr = await CsrBuilder.create().subject({ CN: 'runtime-device' }).sign(signerFromPrivateKey(key.privateKey));
  const b64 = btoa(String.fromCharCode(...csr.raw));
  const noAuth = await fetch(`${url}/.well-known/est/simpleenroll`, { method: 'POST', headers: { 'content-type': 'application/pkcs10' }, body: b64 });
  expect(noAuth.status).toBe(401);
  expect(noAuth.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
  await noAuth.arrayBuffer();
  const enr = await fetch(`${url}/.well-known/est/routers/simpleenroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/pkcs10', authorization: `Basic ${btoa(`${EST_USER}:${EST_PASSWORD}`)}` },
    body: b64,
  });
  expect(enr.status, await enr.clone().text()).toBe(200);
  const issued = parseSignedData(decodeBase64((await enr.text()).replace(/\s+/g, ''))).certificates.map((d) => parseCertificate(d));
  const leaf = issued.find((c) => c.subject.toString() === 'CN=runtime-device')!;
  expect(leaf).toBeDefined();

  // The JSON API with the bearer token.
  const csr2 = await CsrBuilder.create().subject({ CN: 'runtime-api' }).sign(signerFromPrivateKey(key.privateKey));
  const sub = await fetch(`${url}/api/v1/certificates`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({ csr: csrToPem(csr2), profile: 'tls-client', metadata: { os: 'test' } }),
  });
  expect(sub.status, await sub.clone().text()).toBe(201);
  expect(((await sub.json()) as { certificate: string }).certificate).toMatch(/BEGIN CERTIFICATE/);

  // The CRL at the certificate's CDP URL.
  const cdp = getExtension(leaf, crlDistributionPointsCodec)!;
  const crlUrl = JSON.stringify(cdp).match(/https?:\/\/[^"]+\.crl/)![0];
  expect(crlUrl.startsWith(url)).toBe(true);
  const crl = await fetch(crlUrl);
  expect(crl.status).toBe(200);
  expect(crl.headers.get('content-type')).toBe('application/pkix-crl');
  expect(parseCrl(new Uint8Array(await crl.arrayBuffer())).issuer.toString()).toContain('Runtime Test Issuing CA');
}

describe('one handler, four runtimes, real HTTP', () => {
  it('Deno.serve', async () => {
    const { url, banner } = await launch(path.join(ROOT, 'tools/runtimes/node_modules/.bin/deno'), ['run', `--allow-net=127.0.0.1`, `--allow-read=${dir}`, 'scripts/portable/serve/deno.mjs', app]);
    expect(banner).toMatch(/^deno \d/);
    await enrollEverywhere(url);
  }, 120_000);

  it('Bun.serve', async () => {
    const { url, banner } = await launch(path.join(ROOT, 'tools/runtimes/node_modules/.bin/bun'), ['scripts/portable/serve/bun.mjs', app]);
    expect(banner).toMatch(/^bun \d/);
    await enrollEverywhere(url);
  }, 120_000);

  it('workerd (Cloudflare Workers runtime)', async () => {
    const port = await freePort();
    const { url, banner } = await launch(process.execPath, ['scripts/portable/serve/workerd.mjs', dir, String(port)]);
    expect(banner).toBe('workerd');
    await enrollEverywhere(url);
  }, 120_000);

  it('Node (certkit/node startCaServer)', async () => {
    const { url, banner } = await launch(process.execPath, ['--import', 'tsx', path.join(dir, 'node.mjs')]);
    expect(banner).toMatch(/^node v\d/);
    await enrollEverywhere(url);
  }, 120_000);
});
