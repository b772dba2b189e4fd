/**
 * `certkit inspect https://host:port` and `--connect host:port` against live `node:tls` servers
 * this test starts with certkit-issued chains: a valid chain for localhost, the same chain asked
 * for another name, a chain from a CA that is not trusted, and an expired leaf. Each shows the
 * certificates the server sent, then the verdict; exit 0 only when valid, 1 when not, 2 when the
 * server cannot be reached.
 */
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle, runNodeAsync, scratch, type RunResult } from './cli-test-helpers';

let bin: string;
let dir: string;
const servers: tls.Server[] = [];
const port: Record<string, number> = {};

function f(name: string): string {
  return path.join(dir, name);
}

async function cli(args: string[]): Promise<RunResult> {
  const r = await runNodeAsync(bin, args, { cwd: dir });
  expect(r.stderr, `certkit ${args.join(' ')}`).not.toMatch(/internal error/);
  return r;
}

async function ok(args: string[]): Promise<void> {
  const r = await cli(args);
  expect(r.code, `certkit ${args.join(' ')}: ${r.stderr}`).toBe(0);
}

/** A TLS server on localhost presenting `chain` (leaf first) for `key`. */
function serve(name: string, key: string, chain: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = tls.createServer({ key: fs.readFileSync(f(key)), cert: fs.readFileSync(f(chain)) }, (socket) => socket.end());
    s.on('tlsClientError', () => {});
    s.once('error', reject);
    s.listen(0, 'localhost', () => {
      port[name] = (s.address() as AddressInfo).port;
      servers.push(s);
      resolve();
    });
  });
}

beforeAll(async () => {
  bin = (await bundle({ certkit: 'src/cli/main.ts' })).certkit!;
  dir = scratch('cli-inspect-remote');
  await ok(['ca', 'init', 'ca']);
  await ok(['ca', 'init', 'other']);
  await ok(['ca', 'init', 'old', '--now', '2024-01-01T00:00:00Z', '--root-days', '7300', '--days', '3650']);
  await ok(['key', 'new', '--type', 'ec-p256', '--out', 'leaf.key']);
  await ok(['csr', 'new', '--key', 'leaf.key', '--subject', 'CN=localhost', '--dns', 'localhost', '--out', 'leaf.csr']);
  await ok(['ca', 'issue', 'ca', '--csr', 'leaf.csr', '--profile', 'tls-server', '--out', 'good.pem', '--chain-out', 'good-chain.pem']);
  await ok(['ca', 'issue', 'old', '--csr', 'leaf.csr', '--profile', 'tls-server', '--days', '30', '--now', '2024-01-02T00:00:00Z', '--out', 'old.pem', '--chain-out', 'old-chain.pem']);
  await serve('good', 'leaf.key', 'good-chain.pem');
  await serve('old', 'leaf.key', 'old-chain.pem');
}, 60_000);
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(path.dirname(bin), { recursive: true, force: true });
});

describe('inspect a live TLS server', () => {
  it('shows the chain the server sent and a VALID verdict for the host, exit 0', async () => {
    const url = `https://localhost:${port.good}`;
    const r = await cli(['inspect', url, '--trust', 'ca/root/cert.pem']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`== ${url} [1/2]: certificate (TLS DER)`);
    expect(r.stdout).toContain(`== ${url} [2/2]: certificate (TLS DER)`);
    expect(r.stdout).toContain('Subject: CN = localhost');
    expect(r.stdout).toContain('SHA-256 Fingerprint:');
    expect(r.stdout).toMatch(/Verdict: VALID for localhost \(serverAuth\), path of 3: \[0\] CN=localhost <- \[1\] CN=ca Issuing CA <- \[2\] CN=ca Root CA/);
    // The fingerprint shown is the one of the file the server was given.
    const local = await cli(['inspect', 'good.pem']);
    const print = /SHA-256 Fingerprint: (\S+)/.exec(local.stdout)![1]!;
    expect(r.stdout).toContain(print);
  }, 30_000);

  it('--connect with --servername: the name asked for is the one checked (hostname-mismatch, exit 1)', async () => {
    const good = await cli(['inspect', '--connect', `127.0.0.1:${port.good}`, '--servername', 'localhost', '--trust', 'ca/root/cert.pem']);
    expect([good.code, good.stdout]).toEqual([0, expect.stringContaining('Verdict: VALID for localhost')]);
    const wrong = await cli(['inspect', '--connect', `localhost:${port.good}`, '--servername', 'www.example.org', '--trust', 'ca/root/cert.pem']);
    expect(wrong.code, wrong.stderr).toBe(1);
    expect(wrong.stdout).toContain('Verdict: INVALID for www.example.org: hostname-mismatch at [0]');
  }, 30_000);

  it('a chain from a CA not trusted is INVALID, exit 1', async () => {
    const r = await cli(['inspect', `https://localhost:${port.good}`, '--trust', 'other/root/cert.pem']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/Verdict: INVALID for localhost: \S+ at \[\d\]/);
    expect(r.stdout).not.toContain('hostname-mismatch');
    expect(r.stdout).toContain('Subject: CN = localhost'); // the chain is still shown
  }, 30_000);

  it('an expired leaf shows EXPIRED and an INVALID verdict, exit 1; --json says the same', async () => {
    const r = await cli(['inspect', `https://localhost:${port.old}`, '--trust', 'old/root/cert.pem']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/Status: EXPIRED \d+ day\(s\) ago/);
    expect(r.stdout).toContain('Verdict: INVALID for localhost: expired at [0]');
    const j = await cli(['inspect', `https://localhost:${port.old}`, '--trust', 'old/root/cert.pem', '--json']);
    expect(j.code).toBe(1);
    const items = JSON.parse(j.stdout) as Array<Record<string, unknown>>;
    expect(items.filter((i) => i.type === 'certificate')).toHaveLength(2);
    expect(items.at(-1)).toMatchObject({ type: 'tls-server', servername: 'localhost', valid: false, code: 'expired', certIndex: 0 });
    // At a time inside its validity the same chain is valid.
    const then = await cli(['inspect', `https://localhost:${port.old}`, '--trust', 'old/root/cert.pem', '--now', '2024-01-10T00:00:00Z']);
    expect([then.code, then.stdout]).toEqual([0, expect.stringContaining('Verdict: VALID for localhost')]);
  }, 30_000);

  it('a server that cannot be reached, or a bad target, is a usage error (exit 2)', async () => {
    const closed = tls.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const p = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const refused = await cli(['inspect', '--connect', `127.0.0.1:${p}`]);
    expect([refused.code, refused.stderr]).toEqual([2, expect.stringContaining(`connection refused by 127.0.0.1:${p}`)]);
    const bad = await cli(['inspect', '--connect', 'no-port-here']);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('--connect needs HOST:PORT')]);
    const http = await cli(['inspect', 'http://localhost/']);
    expect(http.code).toBe(2);
    const none = await cli(['inspect']);
    expect([none.code, none.stderr]).toEqual([2, expect.stringContaining('give a FILE, an https:// URL or --connect')]);
  }, 30_000);
});
