/**
 * Real ACME clients from Debian against `certkit serve` with ACME on (the bundled CLI serving a
 * `certkit ca init` directory over HTTPS on a free port): certbot (`certonly --standalone`, a
 * forced renewal, `revoke --reason keycompromise`), lego (`--http`, `revoke --reason 4`) and
 * dehydrated (a `CA=` config, its challenge directory served by a small HTTP server here; `--force`
 * renewal, `--revoke`), each over http-01 with the server's validations sent to the client's port
 * on 127.0.0.1 (`acme.http01Address`). Every certificate must pass `openssl verify` against the
 * certkit root and land in the CA store with requester method `acme`; each revocation must be in
 * the store (`certkit ca list --status revoked`) and in the CRL the running server publishes at
 * `/crl/ca.crl`, with its reason, and that CRL must make `openssl verify -crl_check` refuse.
 * certbot, lego, dehydrated and openssl are required (`.ci/run` installs them): a missing binary
 * fails the test.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle, runNodeAsync, scratch } from './cli-test-helpers';
import { curl, opensslBin, startServe, type Served } from './serve-test-helpers';

let bin: string;
let dir: string;
let ca: string;
let served: Served;
let port: number;
/** The serial (openssl's upper-case hex) each client revoked, filled in by its test. */
const revokedSerials: Record<string, string> = {};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

function run(cmd: string, args: string[], env: Record<string, string> = {}): { code: number | null; out: string } {
  const r = spawnSync(cmd, args, { cwd: dir, env: { ...process.env, ...env }, timeout: 120_000, encoding: 'utf8' });
  if (r.error) throw new Error(`${cmd} is required for this test (apt-get install ${cmd}): ${r.error.message}`);
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

function verify(file: string): string {
  const r = opensslBin(['verify', '-CAfile', path.join(ca, 'root', 'cert.pem'), '-untrusted', path.join(ca, 'chain.pem'), file], { cwd: dir });
  return r.stdout.toString('utf8') + r.stderr;
}

function serial(file: string): string {
  return opensslBin(['x509', '-noout', '-serial', '-in', file], { cwd: dir }).stdout.toString('utf8').trim();
}

function sans(file: string): string {
  return opensslBin(['x509', '-noout', '-ext', 'subjectAltName', '-in', file], { cwd: dir }).stdout.toString('utf8');
}

async function ck(...args: string[]): Promise<string> {
  const r = await runNodeAsync(bin, args, { cwd: dir });
  expect(r.code, `certkit ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

beforeAll(async () => {
  expect(opensslBin(['version']).stdout.toString()).toMatch(/^OpenSSL 3\./);
  bin = (await bundle({ certkit: 'src/cli/main.ts' })).certkit!;
  dir = scratch('acme-clients');
  ca = path.join(dir, 'ca');
  const init = await runNodeAsync(bin, ['ca', 'init', ca], { cwd: dir });
  expect(init.code, init.stderr).toBe(0);
  port = await freePort();
  fs.writeFileSync(path.join(dir, 'serve.json'), JSON.stringify({ acme: { profile: 'tls-server', http01Address: `127.0.0.1:${port}` } }));
  served = await startServe(bin, ['--ca', ca, '--listen', '127.0.0.1:0', '--config', path.join(dir, 'serve.json')], dir);
  expect(served.stdout()).toContain(`ACME directory ${served.url}/acme/directory`);
}, 120_000);

afterAll(async () => {
  await served?.stop('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(path.dirname(bin), { recursive: true, force: true });
});

describe('certkit serve with ACME, real clients over http-01', () => {
  it('certbot certonly --standalone obtains a certificate that openssl verifies, renews it and revokes it (keyCompromise)', () => {
    const cb = (extra: string[]): { code: number | null; out: string } =>
      run(
        'certbot',
        [
          ...extra,
          '--non-interactive',
          '--server',
          `${served.url}/acme/directory`,
          '--config-dir',
          path.join(dir, 'certbot', 'config'),
          '--work-dir',
          path.join(dir, 'certbot', 'work'),
          '--logs-dir',
          path.join(dir, 'certbot', 'logs'),
        ],
        { REQUESTS_CA_BUNDLE: path.join(ca, 'root', 'cert.pem') },
      );
    const r = cb([
      'certonly',
      '--standalone',
      '--http-01-port',
      String(port),
      '--http-01-address',
      '127.0.0.1',
      '--register-unsafely-without-email',
      '--agree-tos',
      '-d',
      'certbot.acme.test',
      '-d',
      'www.certbot.acme.test',
    ]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('Successfully received certificate');
    const live = path.join(dir, 'certbot', 'config', 'live', 'certbot.acme.test');
    expect(verify(path.join(live, 'cert.pem'))).toContain(': OK');
    expect(sans(path.join(live, 'cert.pem'))).toMatch(/DNS:certbot\.acme\.test, DNS:www\.certbot\.acme\.test/);
    const first = serial(path.join(live, 'cert.pem'));
    const again = cb(['renew', '--force-renewal', '--no-random-sleep-on-renew', '--cert-name', 'certbot.acme.test', '--standalone', '--http-01-port', String(port), '--http-01-address', '127.0.0.1']);
    expect(again.code, again.out).toBe(0);
    expect(again.out).toMatch(/renewed|success/i);
    const second = serial(path.join(live, 'cert.pem'));
    expect(second).toMatch(/^serial=[0-9A-F]+$/);
    expect(second).not.toBe(first);
    expect(verify(path.join(live, 'cert.pem'))).toContain(': OK');
    // Revoked by certbot with its account key, reason keyCompromise.
    const rv = cb(['revoke', '--cert-path', path.join(live, 'cert.pem'), '--reason', 'keycompromise', '--no-delete-after-revoke']);
    expect(rv.code, rv.out).toBe(0);
    expect(rv.out).toContain('Congratulations! You have successfully revoked the certificate');
    revokedSerials.certbot = second.slice('serial='.length);
  }, 240_000);

  it('lego --http obtains a certificate that openssl verifies and revokes it (superseded)', () => {
    const r = run(
      'lego',
      [
        '--server',
        `${served.url}/acme/directory`,
        '--accept-tos',
        '--email',
        'ops@example.com',
        '--domains',
        'lego.acme.test',
        '--http',
        '--http.port',
        `127.0.0.1:${port}`,
        '--path',
        path.join(dir, 'lego'),
        'run',
      ],
      { LEGO_CA_CERTIFICATES: path.join(ca, 'root', 'cert.pem') },
    );
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('The server validated our request');
    const crt = path.join(dir, 'lego', 'certificates', 'lego.acme.test.crt');
    expect(verify(crt)).toContain(': OK');
    expect(sans(crt)).toContain('DNS:lego.acme.test');
    revokedSerials.lego = serial(crt).slice('serial='.length);
    const rv = run(
      'lego',
      ['--server', `${served.url}/acme/directory`, '--accept-tos', '--email', 'ops@example.com', '--domains', 'lego.acme.test', '--path', path.join(dir, 'lego'), 'revoke', '--reason', '4'],
      { LEGO_CA_CERTIFICATES: path.join(ca, 'root', 'cert.pem') },
    );
    expect(rv.code, rv.out).toBe(0);
    expect(rv.out).toContain('Certificate was revoked');
  }, 180_000);

  it('dehydrated (CA= config, challenge files served over HTTP) obtains a certificate that openssl verifies, renews it (--force) and revokes it', async () => {
    const base = path.join(dir, 'dehydrated');
    const wellKnown = path.join(base, 'challenges');
    fs.mkdirSync(wellKnown, { recursive: true });
    fs.writeFileSync(
      path.join(base, 'config'),
      [`CA="${served.url}/acme/directory"`, `BASEDIR="${base}"`, `WELLKNOWN="${wellKnown}"`, 'CHALLENGETYPE="http-01"', 'CONTACT_EMAIL="ops@example.com"', ''].join('\n'),
    );
    // The client's web server: /.well-known/acme-challenge/<token> from dehydrated's directory.
    const seen: string[] = [];
    const cert = path.join(base, 'certs', 'dehydrated.acme.test', 'cert.pem');
    let first = '';
    let second = '';
    const web = http.createServer((req, res) => {
      const m = /^\/\.well-known\/acme-challenge\/([A-Za-z0-9_-]+)$/.exec(req.url ?? '');
      seen.push(`${req.headers.host} ${req.url}`);
      const f = m ? path.join(wellKnown, m[1]!) : '';
      if (m && fs.existsSync(f)) res.end(fs.readFileSync(f));
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => web.listen(port, '127.0.0.1', resolve));
    try {
      const env = { CURL_CA_BUNDLE: path.join(ca, 'root', 'cert.pem') };
      // Asynchronously: this process serves the challenge files while dehydrated runs.
      const reg = await runAsync('dehydrated', ['--config', path.join(base, 'config'), '--register', '--accept-terms'], env);
      expect(reg.code, reg.out).toBe(0);
      const r = await runAsync('dehydrated', ['--config', path.join(base, 'config'), '-c', '-d', 'dehydrated.acme.test'], env);
      expect(r.code, r.out).toBe(0);
      expect(r.out).toContain('Challenge is valid!');
      expect(verify(cert)).toContain(': OK');
      first = serial(cert);
      // Renewal: --force orders again although the certificate is far from expiry.
      const again = await runAsync('dehydrated', ['--config', path.join(base, 'config'), '-c', '-d', 'dehydrated.acme.test', '--force'], env);
      expect(again.code, again.out).toBe(0);
      expect(again.out).toContain('Ignoring because renew was forced!');
      expect(again.out).toContain('Challenge is valid!');
      second = serial(cert);
      expect(second).toMatch(/^serial=[0-9A-F]+$/);
      expect(second).not.toBe(first);
      expect(verify(cert)).toContain(': OK');
      // Revocation by the account (dehydrated sends no reason: unspecified).
      const rv = await runAsync('dehydrated', ['--config', path.join(base, 'config'), '--revoke', cert], env);
      expect(rv.code, rv.out).toBe(0);
      expect(rv.out).toContain('Revoking');
      expect(rv.out).toContain('Done');
    } finally {
      await new Promise<void>((resolve) => web.close(() => resolve()));
    }
    expect(seen.some((s) => s.startsWith('dehydrated.acme.test '))).toBe(true);
    // dehydrated renames what it revoked to cert-<time>.pem-revoked.
    expect(fs.readdirSync(path.join(base, 'certs', 'dehydrated.acme.test')).some((f) => f.endsWith('.pem-revoked'))).toBe(true);
    revokedSerials.dehydrated = second.slice('serial='.length);
  }, 240_000);

  it('every certificate is in the CA store with requester method acme; the revocations are in the store and in the CRL the server publishes', async () => {
    const list = JSON.parse(await ck('ca', 'list', ca, '--json')) as { subject: string }[];
    const subjects = list.map((r) => r.subject);
    for (const name of ['certbot.acme.test', 'lego.acme.test', 'dehydrated.acme.test']) expect(subjects).toContain(`CN=${name}`);
    const audit = (await ck('ca', 'audit', ca, '--json'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { action: string; method?: string; principal: string });
    const issued = audit.filter((e) => e.action === 'issue' && e.method === 'acme');
    // certbot twice (first and renewal), lego, dehydrated twice (first and --force).
    expect(issued).toHaveLength(5);
    for (const e of issued) expect(e.principal).toMatch(/^acme:[A-Za-z0-9_-]+$/);
    const revokes = audit.filter((e) => e.action === 'revoke');
    expect(revokes).toHaveLength(3);
    for (const e of revokes) expect(e.principal).toMatch(/^acme:[A-Za-z0-9_-]+$/);

    // The store: certbot's renewed certificate (keyCompromise), lego's (superseded), dehydrated's renewed one (unspecified).
    expect(Object.keys(revokedSerials).sort()).toEqual(['certbot', 'dehydrated', 'lego']);
    const hex = (s: string): string => s.toLowerCase().replace(/^0+/, '');
    const revoked = JSON.parse(await ck('ca', 'list', ca, '--status', 'revoked', '--json')) as { serial: string; subject: string; revocation: { reason: string } }[];
    expect(revoked.map((r) => [r.subject, hex(r.serial), r.revocation.reason]).sort()).toEqual([
      ['CN=certbot.acme.test', hex(revokedSerials.certbot!), 'keyCompromise'],
      ['CN=dehydrated.acme.test', hex(revokedSerials.dehydrated!), 'unspecified'],
      ['CN=lego.acme.test', hex(revokedSerials.lego!), 'superseded'],
    ]);

    // The CRL the running server publishes (no restart, no admin call): all three, with their reasons.
    const got = curl(['--cacert', path.join(ca, 'root', 'cert.pem'), '-o', 'served.crl', `${served.url}/crl/ca.crl`], { cwd: dir });
    expect(got.status).toBe(200);
    const text = opensslBin(['crl', '-inform', 'DER', '-in', 'served.crl', '-noout', '-text'], { cwd: dir }).stdout.toString('utf8');
    const entries = new Map(
      [...text.matchAll(/Serial Number: ([0-9A-F]+)\n\s+Revocation Date: [^\n]+(?:\n\s+CRL entry extensions: *\n\s+X509v3 CRL Reason Code: *\n\s+([^\n]+))?/g)].map((m) => [
        hex(m[1]!),
        m[2]?.trim() ?? '(none)',
      ]),
    );
    expect(entries, text).toEqual(
      new Map([
        [hex(revokedSerials.certbot!), 'Key Compromise'],
        [hex(revokedSerials.dehydrated!), '(none)'],
        [hex(revokedSerials.lego!), 'Superseded'],
      ]),
    );
    // openssl refuses certbot's certificate with that CRL.
    expect(opensslBin(['crl', '-inform', 'DER', '-in', 'served.crl', '-out', 'served-crl.pem'], { cwd: dir }).code).toBe(0);
    const live = path.join(dir, 'certbot', 'config', 'live', 'certbot.acme.test', 'cert.pem');
    const v = opensslBin(['verify', '-crl_check', '-CRLfile', 'served-crl.pem', '-CAfile', path.join(ca, 'root', 'cert.pem'), '-untrusted', path.join(ca, 'chain.pem'), live], { cwd: dir });
    expect(v.code).not.toBe(0);
    expect(`${v.stdout.toString('utf8')}${v.stderr}`).toContain('certificate revoked');
  });
});

function runAsync(cmd: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd: dir, env: { ...process.env, ...env } });
    let out = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    p.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    const timer = setTimeout(() => p.kill('SIGKILL'), 120_000);
    p.on('error', (e) => reject(new Error(`${cmd} is required for this test (apt-get install ${cmd}): ${e.message}`)));
    p.on('exit', (code) => (clearTimeout(timer), resolve({ code, out })));
  });
}
