/**
 * `certkit serve`'s own behaviour, apart from the EST/API routes: users and tokens managed by
 * `serve user` / `serve token` (secrets printed once, stored hashed, a revoked token refused by a
 * running server without a restart), the config file's checks, the HTTPS certificate kept in the
 * CA directory and reused on the next start, a certificate given with --tls-cert/--tls-key, and
 * the usage errors (exit code 2).
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main';
import { _loadConfig, _tlsNames } from '../src/cli/serve-commands';
import { formatGeneralName } from '../src/x509/index';
import { bundle, openssl, scratch } from './cli-test-helpers';
import { curl, opensslBin, startServe } from './serve-test-helpers';

let bin: string;
let dir: string;
let ca: string;

async function ck(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(args, { stdout: (s) => (out += s), stderr: (s) => (err += s), env: {} });
  return { code, out, err };
}

beforeAll(async () => {
  bin = (await bundle({ certkit: 'src/cli/main.ts' })).certkit!;
  dir = scratch('serve-cli');
  ca = path.join(dir, 'ca');
  expect((await ck('ca', 'init', ca)).code).toBe(0);
}, 60_000);

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(path.dirname(bin), { recursive: true, force: true });
});

describe('serve user and serve token', () => {
  it('adds a user with a generated password shown once, stored only as a scrypt hash; removes it', async () => {
    const r = await ck('serve', 'user', 'add', 'bob', '--role', 'admin', '--ca', ca);
    expect(r.code, r.err).toBe(0);
    const password = /password \(shown once\): (\S+)/.exec(r.out)![1]!;
    expect(password.length).toBeGreaterThanOrEqual(20);
    const auth = fs.readFileSync(path.join(ca, 'serve', 'auth.json'), 'utf8');
    expect(auth).not.toContain(password);
    expect(JSON.parse(auth).users.bob).toMatchObject({ name: 'bob', role: 'admin', passwordHash: expect.stringMatching(/^\$scrypt\$ln=15,r=8,p=1\$/) });
    expect((await ck('serve', 'user', 'remove', 'bob', '--ca', ca)).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(ca, 'serve', 'auth.json'), 'utf8')).users.bob).toBeUndefined();
    expect((await ck('serve', 'user', 'remove', 'bob', '--ca', ca)).code).toBe(1);
  });

  it('refuses bad roles, names, short passwords, unknown actions and a directory that is not a CA', async () => {
    expect((await ck('serve', 'user', 'add', 'x', '--role', 'root', '--ca', ca)).code).toBe(2);
    expect((await ck('serve', 'user', 'add', 'a:b', '--role', 'admin', '--ca', ca)).code).toBe(2);
    expect((await ck('serve', 'user', 'add', 'carol', '--role', 'admin', '--password', 'pass:short', '--ca', ca)).code).toBe(2);
    expect((await ck('serve', 'user', 'rename', 'carol', '--ca', ca)).code).toBe(2);
    expect((await ck('serve', 'token', 'create', 'bot', '--ca', ca)).code).toBe(2);
    const notCa = await ck('serve', 'token', 'create', 'bot', '--role', 'admin', '--ca', dir);
    expect(notCa.code).toBe(2);
    expect(notCa.err).toContain('is not a certkit CA directory');
    expect((await ck('serve', '--ca', ca, '--listen', 'nowhere')).code).toBe(2);
    expect((await ck('serve')).err).toContain('--ca DIR is required');
  });

  it('a token revoked while the server runs is refused on the next request', async () => {
    const t = await ck('serve', 'token', 'create', 'ci', '--role', 'admin', '--ca', ca);
    const [, id, secret] = /token (\S+) .*secret \(shown once\): (\S+)/.exec(t.out)!;
    expect(fs.readFileSync(path.join(ca, 'serve', 'auth.json'), 'utf8')).not.toContain(secret!);
    const s = await startServe(bin, ['--ca', ca, '--listen', '127.0.0.1:0'], dir);
    try {
      const get = (): number => curl(['--cacert', path.join(ca, 'root', 'cert.pem'), '-H', `Authorization: Bearer ${secret}`, `${s.url}/api/v1/certificates`]).status;
      expect(get()).toBe(200);
      expect((await ck('serve', 'token', 'revoke', id!, '--ca', ca)).code).toBe(0);
      expect(get()).toBe(401);
      expect((await ck('serve', 'token', 'revoke', id!, '--ca', ca)).code).toBe(1);
    } finally {
      expect((await s.stop('SIGINT')).code).toBe(0);
    }
  }, 60_000);
});

describe('the HTTPS certificate', () => {
  it('is issued on first start for the listen host, localhost and 127.0.0.1, and reused on the next start', async () => {
    const certFile = path.join(ca, 'serve', 'tls', 'cert.pem');
    const serial = (): string => openssl(['x509', '-in', certFile, '-noout', '-serial']).stdout;
    const first = serial();
    expect(first).toMatch(/^serial=/);
    expect(fs.statSync(path.join(ca, 'serve', 'tls', 'key.pem')).mode & 0o077).toBe(0);
    const s = await startServe(bin, ['--ca', ca, '--listen', '127.0.0.1:0'], dir);
    await s.stop();
    expect(serial()).toBe(first);
    expect(s.stderr()).not.toContain('issued the HTTPS certificate');
    expect(_tlsNames('0.0.0.0').map((n) => formatGeneralName(n))).toEqual(expect.arrayContaining(['DNS:localhost', 'IP Address:127.0.0.1']));
    expect(_tlsNames('ca.example.net').map((n) => formatGeneralName(n))[0]).toBe('DNS:ca.example.net');
  }, 60_000);

  it('--tls-cert/--tls-key serve the given certificate instead', async () => {
    // A certificate issued by the CA's CLI for 127.0.0.1, served as given.
    expect((await ck('key', 'new', '--type', 'ec-p256', '--out', path.join(dir, 'own.key'))).code).toBe(0);
    expect((await ck('csr', 'new', '--key', path.join(dir, 'own.key'), '--subject', 'CN=own.example', '--dns', 'own.example', '--ip', '127.0.0.1', '--out', path.join(dir, 'own.csr'))).code).toBe(0);
    const issued = await ck('ca', 'issue', ca, '--csr', path.join(dir, 'own.csr'), '--profile', 'tls-server', '--out', path.join(dir, 'own.pem'));
    expect(issued.code, issued.err).toBe(0);
    fs.appendFileSync(path.join(dir, 'own.pem'), fs.readFileSync(path.join(ca, 'intermediate', 'cert.pem')));
    expect((await ck('serve', '--ca', ca, '--tls-cert', path.join(dir, 'own.pem'))).code).toBe(2); // --tls-key missing
    const s = await startServe(bin, ['--ca', ca, '--listen', '127.0.0.1:0', '--tls-cert', path.join(dir, 'own.pem'), '--tls-key', path.join(dir, 'own.key')], dir);
    try {
      const r = curl(['--cacert', path.join(ca, 'root', 'cert.pem'), '-v', `${s.url}/ca/ca.crt`, '-o', '/dev/null']);
      expect(r.status).toBe(200);
      expect(r.stderr).toMatch(/subject: CN=own\.example/);
    } finally {
      await s.stop();
    }
  }, 60_000);
});

describe('--http-listen: the CRL and CA certificate over plain HTTP', () => {
  it('certificates name the HTTP URLs; openssl verify -crl_download fetches the CRL, before and after a revocation; EST stays off HTTP', async () => {
    await ck('serve', 'user', 'add', 'dl-user', '--role', 'requester', '--password', 'pass:dl-user-password', '--ca', ca);
    const admin = /secret \(shown once\): (\S+)/.exec((await ck('serve', 'token', 'create', 'dl-admin', '--role', 'admin', '--ca', ca)).out)![1]!;
    const s = await startServe(bin, ['--ca', ca, '--listen', '127.0.0.1:0', '--http-listen', '127.0.0.1:0'], dir);
    try {
      const httpUrl = /publishing the CRL and CA certificate on (http:\/\/\S+)/.exec(s.stdout())![1]!;
      const root = path.join(ca, 'root', 'cert.pem');
      const o = (args: string[], input?: Buffer): { code: number | null; out: string } => {
        const r = opensslBin(args, { cwd: dir, ...(input !== undefined ? { input } : {}) });
        return { code: r.code, out: r.stdout.toString('utf8') + r.stderr };
      };
      expect(o(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'dl.key', '-subj', '/CN=dl-device', '-outform', 'DER', '-out', 'dl.csr.der']).code).toBe(0);
      expect(o(['base64', '-in', 'dl.csr.der', '-out', 'dl.csr.b64']).code).toBe(0);
      const enr = curl(
        ['--cacert', root, '-u', 'dl-user:dl-user-password', '-H', 'Content-Type: application/pkcs10', '--data-binary', '@dl.csr.b64', '-o', 'dl.p7.b64', `${s.url}/.well-known/est/simpleenroll`],
        { cwd: dir },
      );
      expect(enr.status).toBe(200);
      const p7 = opensslBin(['base64', '-d', '-in', 'dl.p7.b64'], { cwd: dir });
      expect(o(['pkcs7', '-inform', 'DER', '-print_certs', '-out', 'dl.pem'], p7.stdout).code).toBe(0);
      expect(o(['x509', '-in', 'dl.pem', '-noout', '-ext', 'crlDistributionPoints']).out).toContain(`URI:${httpUrl}/crl/ca.crl`);
      const verify = (): { code: number | null; out: string } => o(['verify', '-crl_download', '-crl_check', '-CAfile', root, '-untrusted', path.join(ca, 'chain.pem'), 'dl.pem']);
      const before = verify();
      expect(before.code, before.out).toBe(0);
      // EST and the API are not served over plain HTTP.
      expect(curl(['-H', 'Content-Type: application/pkcs10', '--data-binary', '@dl.csr.b64', `${httpUrl}/.well-known/est/simpleenroll`], { cwd: dir }).status).toBe(404);
      expect(curl([`${httpUrl}/ca/ca.crt`, '-o', 'ca.der'], { cwd: dir }).status).toBe(200);
      const serial = o(['x509', '-in', 'dl.pem', '-noout', '-serial']).out.trim().split('=')[1]!.toLowerCase();
      const rev = curl(
        ['--cacert', root, '-H', `Authorization: Bearer ${admin}`, '-H', 'Content-Type: application/json', '--data', '{"reason":"superseded"}', `${s.url}/api/v1/certificates/${serial}/revoke`],
        { cwd: dir },
      );
      expect(rev.status, rev.body.toString()).toBe(200);
      const after = verify();
      expect(after.code).not.toBe(0);
      expect(after.out).toContain('certificate revoked');
    } finally {
      expect((await s.stop()).code).toBe(0);
    }
  }, 60_000);
});

describe('the config file', () => {
  it('reads labels, base URL, default profile and body limit, and refuses anything else with the reason', () => {
    const f = path.join(dir, 'c.json');
    const load = (v: unknown): ReturnType<typeof _loadConfig> => {
      fs.writeFileSync(f, typeof v === 'string' ? v : JSON.stringify(v));
      return _loadConfig(f);
    };
    expect(load({ baseUrl: 'https://ca.example.net:8443/', labels: { routers: { profile: 'tls-client', allowNameChange: true } }, defaultProfile: 'tls-client', maxBodyBytes: 4096 })).toEqual({
      baseUrl: 'https://ca.example.net:8443',
      labels: { routers: { profile: 'tls-client', allowNameChange: true } },
      defaultProfile: 'tls-client',
      maxBodyBytes: 4096,
    });
    for (const [bad, why] of [
      ['{', 'JSON'],
      [[], 'object'],
      [{ port: 1 }, "unknown key 'port'"],
      [{ baseUrl: 'ftp://x' }, 'baseUrl'],
      [{ baseUrl: 'https://x/path' }, 'baseUrl'],
      [{ labels: { 'Bad Label': { profile: 'x' } } }, 'label'],
      [{ labels: { a: {} } }, 'profile'],
      [{ labels: { a: { profile: 'x', extra: 1 } } }, "unknown key 'extra'"],
      [{ maxBodyBytes: 10 }, 'maxBodyBytes'],
      [{ defaultProfile: 3 }, 'defaultProfile'],
    ] as Array<[unknown, string]>) {
      expect(() => load(bad), JSON.stringify(bad)).toThrow(why);
    }
  });

  it('a port already in use stops serve with exit code 2 and the reason', async () => {
    const busy = net.createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    try {
      const r = await ck('serve', '--ca', ca, '--listen', `127.0.0.1:${(busy.address() as net.AddressInfo).port}`);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/cannot listen on 127\.0\.0\.1:\d+: .*EADDRINUSE/);
    } finally {
      busy.close();
    }
  }, 60_000);

  it('a label with a profile the CA does not have stops serve with exit code 2', async () => {
    fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ labels: { x: { profile: 'no-such-profile' } } }));
    const r = await ck('serve', '--ca', ca, '--listen', '127.0.0.1:0', '--config', path.join(dir, 'bad.json'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('no-such-profile');
  }, 60_000);
});
