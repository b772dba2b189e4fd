/**
 * `openssl ocsp -issuer -cert -url` against the responder of `certkit serve` (over its plain-HTTP
 * listener, as RFC 6960 Appendix A has it): good, revoked (after a revocation through the JSON
 * API, which drops the cached answer), unknown, with and without a nonce, and signed by a
 * delegated responder made by `certkit ca ocsp-signer` (`serve --ocsp-signer`). OpenSSL checks
 * each response's signature and the responder's authority (`Response verify OK`).
 * openssl and curl are required: the tests fail when either is missing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle, runNodeAsync, scratch } from './cli-test-helpers';
import { curl, opensslBin, startServe, type Served } from './serve-test-helpers';

let bin: string;
let dir: string;
let ca: string;
let served: Served;
let delegated: Served;
let adminToken: string;

function ossl(args: string[]): { code: number | null; out: string } {
  const r = opensslBin(args, { cwd: dir });
  return { code: r.code, out: r.stdout.toString('utf8') + r.stderr };
}

async function ck(...args: string[]): Promise<string> {
  const r = await runNodeAsync(bin, args, { cwd: dir });
  expect(r.code, `certkit ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout + r.stderr;
}

function httpUrl(s: Served): string {
  const m = /publishing the CRL and CA certificate on (http:\/\/\S+)/.exec(s.stdout());
  expect(m, s.stdout()).not.toBeNull();
  return m![1]!;
}

async function leaf(name: string): Promise<string> {
  expect(ossl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-subj', `/CN=${name}`, '-out', `${name}.csr`]).code).toBe(0);
  await ck('ca', 'issue', ca, '--csr', `${name}.csr`, '--profile', 'tls-client', '--out', `${name}.pem`);
  return `${name}.pem`;
}

function ocsp(url: string, cert: string, extra: string[] = []): { code: number | null; out: string } {
  return ossl(['ocsp', '-issuer', path.join(ca, 'intermediate', 'cert.pem'), '-cert', cert, '-url', `${url}/ocsp`, '-CAfile', path.join(ca, 'chain.pem'), '-resp_text', ...extra]);
}

beforeAll(async () => {
  expect(opensslBin(['version']).stdout.toString()).toMatch(/^OpenSSL 3\./);
  bin = (await bundle({ certkit: 'src/cli/main.ts' })).certkit!;
  dir = scratch('serve-ocsp');
  ca = path.join(dir, 'ca');
  await ck('ca', 'init', ca);
  adminToken = /secret \(shown once\): (\S+)/.exec(await ck('serve', 'token', 'create', 'ops', '--role', 'admin', '--ca', ca))![1]!;
  expect(await ck('ca', 'ocsp-signer', ca)).toMatch(/issued the OCSP responder certificate/);
  served = await startServe(bin, ['--ca', ca, '--listen', '127.0.0.1:0', '--http-listen', '127.0.0.1:0'], dir);
  delegated = await startServe(bin, ['--ca', ca, '--listen', '127.0.0.1:0', '--http-listen', '127.0.0.1:0', '--ocsp-signer'], dir);
}, 180_000);

afterAll(async () => {
  await served?.stop('SIGKILL');
  await delegated?.stop('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(path.dirname(bin), { recursive: true, force: true });
});

describe('openssl ocsp against certkit serve', () => {
  it('good with and without a nonce, then revoked at once after a revocation through the API', async () => {
    const cert = await leaf('alice');
    const url = httpUrl(served);
    const withNonce = ocsp(url, cert);
    expect(withNonce.code, withNonce.out).toBe(0);
    expect(withNonce.out).toMatch(/Response verify OK/);
    expect(withNonce.out).toMatch(/alice\.pem: good/);
    expect(withNonce.out).toMatch(/OCSP Nonce/);
    const noNonce = ocsp(url, cert, ['-no_nonce']);
    expect(noNonce.code, noNonce.out).toBe(0);
    expect(noNonce.out).toMatch(/alice\.pem: good/);
    expect(noNonce.out).not.toMatch(/OCSP Nonce/);

    const serial = /serial=([0-9A-F]+)/.exec(ossl(['x509', '-in', cert, '-noout', '-serial']).out)![1]!;
    const r = curl(
      [
        '--cacert',
        path.join(ca, 'root', 'cert.pem'),
        '-H',
        `authorization: Bearer ${adminToken}`,
        '-H',
        'content-type: application/json',
        '--data',
        JSON.stringify({ reason: 'keyCompromise' }),
        `${served.url}/api/v1/certificates/${serial}/revoke`,
      ],
      { cwd: dir },
    );
    expect(r.status, r.body.toString()).toBe(200);
    for (const extra of [['-no_nonce'], []]) {
      const rev = ocsp(url, cert, extra);
      expect(rev.code, rev.out).toBe(0);
      expect(rev.out).toMatch(/Response verify OK/);
      expect(rev.out).toMatch(/alice\.pem: revoked/);
      expect(rev.out).toMatch(/Reason: keyCompromise/);
    }
  });

  it('RFC 5019 GET with curl: an openssl request, URL-encoded base64 in the path; the response passes openssl ocsp -respin, with the caching headers', async () => {
    const cert = await leaf('carol');
    const url = httpUrl(served);
    const req = opensslBin(['ocsp', '-issuer', path.join(ca, 'intermediate', 'cert.pem'), '-cert', cert, '-no_nonce', '-reqout', '-'], { cwd: dir });
    expect(req.code).toBe(0);
    const b64 = encodeURIComponent(req.stdout.toString('base64'));
    const r = curl(['-o', 'carol.ocsp', `${url}/ocsp/${b64}`], { cwd: dir });
    expect(r.status, r.headers).toBe(200);
    expect(r.headers).toMatch(/content-type: application\/ocsp-response/i);
    expect(r.headers).toMatch(/cache-control: max-age=\d+, public, no-transform, must-revalidate/i);
    expect(r.headers).toMatch(/etag: "[0-9a-f]{32}"/i);
    expect(r.headers).toMatch(/last-modified: .* GMT/i);
    expect(r.headers).toMatch(/expires: .* GMT/i);
    const v = ossl(['ocsp', '-respin', 'carol.ocsp', '-issuer', path.join(ca, 'intermediate', 'cert.pem'), '-cert', cert, '-CAfile', path.join(ca, 'chain.pem')]);
    expect(v.code, v.out).toBe(0);
    expect(v.out).toMatch(/Response verify OK/);
    expect(v.out).toMatch(/carol\.pem: good/);
  });

  it('unknown for a certificate the CA never issued', async () => {
    const url = httpUrl(served);
    expect(ossl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'stray.key', '-subj', '/CN=stray', '-out', 'stray.csr']).code).toBe(0);
    // signed by the intermediate's key but never recorded by the CA
    const s = ossl([
      'x509',
      '-req',
      '-in',
      'stray.csr',
      '-CA',
      path.join(ca, 'intermediate', 'cert.pem'),
      '-CAkey',
      path.join(ca, 'intermediate', 'key.pem'),
      '-set_serial',
      '0x5eed',
      '-days',
      '2',
      '-out',
      'stray.pem',
    ]);
    expect(s.code, s.out).toBe(0);
    const u = ocsp(url, 'stray.pem');
    expect(u.code, u.out).toBe(0);
    expect(u.out).toMatch(/Response verify OK/);
    expect(u.out).toMatch(/stray\.pem: unknown/);
  });

  it('a delegated responder (certkit ca ocsp-signer, serve --ocsp-signer), with and without a nonce', async () => {
    const cert = await leaf('bob');
    const url = httpUrl(delegated);
    for (const extra of [[], ['-no_nonce']]) {
      const d = ocsp(url, cert, extra);
      expect(d.code, d.out).toBe(0);
      expect(d.out).toMatch(/Response verify OK/);
      expect(d.out).toMatch(/bob\.pem: good/);
      expect(d.out).toMatch(/Responder Id: .*OCSP Responder|Responder Id: [0-9A-F]{40}/);
      expect(d.out).toMatch(/OCSP Signing/);
      expect(d.out).toMatch(/OCSP No Check/);
    }
  });
});
