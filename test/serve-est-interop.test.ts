/**
 * `certkit serve` with real clients, as RFC 7030's examples do it: curl and openssl against the
 * bundled CLI serving a `certkit ca init` directory over HTTPS on a free port. cacerts (base64
 * PKCS#7 opened with `openssl pkcs7 -print_certs`), simpleenroll (HTTP Basic, an openssl CSR),
 * simplereenroll (TLS client certificate), csrattrs (`openssl asn1parse`), serverkeygen (multipart:
 * the key matches the certificate), every chain checked by `openssl verify`; the CRL fetched from
 * the CDP URL of an issued certificate before and after a revocation through the JSON API; the
 * JSON API with a bearer token; bad input over the wire; graceful shutdown on SIGTERM.
 * curl and openssl are required: the tests fail when either is missing.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle, runNodeAsync, scratch } from './cli-test-helpers';
import { curl, header, opensslBin, startServe, type Served } from './serve-test-helpers';

let bin: string;
let dir: string;
let ca: string;
let served: Served;
let adminToken: string;
let requesterToken: string;
const PASSWORD = 'alice-est-password-1';

function ossl(args: string[], input?: string | Buffer): { code: number | null; out: string; stdout: Buffer } {
  const r = opensslBin(args, { cwd: dir, ...(input !== undefined ? { input } : {}) });
  return { code: r.code, out: r.stdout.toString('utf8') + r.stderr, stdout: r.stdout };
}

async function ck(...args: string[]): Promise<string> {
  const r = await runNodeAsync(bin, args, { cwd: dir });
  expect(r.code, `certkit ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

/** curl against the server, trusting only the CA's root. */
function est(pathname: string, args: string[] = []): ReturnType<typeof curl> {
  return curl(['--cacert', path.join(ca, 'root', 'cert.pem'), ...args, `${served.url}${pathname}`], { cwd: dir });
}

/** An openssl key and CSR (DER, then base64 as EST sends it). */
function opensslCsr(name: string, subject: string): string {
  const r = ossl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-subj', subject, '-outform', 'DER', '-out', `${name}.csr.der`]);
  expect(r.code, r.out).toBe(0);
  expect(ossl(['base64', '-in', `${name}.csr.der`, '-out', `${name}.csr.b64`]).code).toBe(0);
  return `${name}.csr.b64`;
}

/** A base64 certs-only PKCS#7 body → the PEM certificates openssl prints (and writes to `file`). */
function printCerts(body: Buffer, file: string): string {
  fs.writeFileSync(path.join(dir, `${file}.p7.b64`), body);
  const der = ossl(['base64', '-d', '-in', `${file}.p7.b64`]);
  expect(der.code).toBe(0);
  const p = ossl(['pkcs7', '-inform', 'DER', '-print_certs', '-out', `${file}.pem`], der.stdout);
  expect(p.code, p.out).toBe(0);
  return fs.readFileSync(path.join(dir, `${file}.pem`), 'utf8');
}

function verify(leafFile: string, extra: string[] = []): { code: number | null; out: string } {
  return ossl(['verify', '-CAfile', path.join(ca, 'root', 'cert.pem'), '-untrusted', path.join(ca, 'chain.pem'), ...extra, leafFile]);
}

beforeAll(async () => {
  expect(opensslBin(['version']).stdout.toString()).toMatch(/^OpenSSL 3\./);
  bin = (await bundle({ certkit: 'src/cli/main.ts' })).certkit!;
  dir = scratch('serve-est');
  ca = path.join(dir, 'ca');
  await ck('ca', 'init', ca);
  await ck('serve', 'user', 'add', 'alice', '--role', 'requester', '--password', `pass:${PASSWORD}`, '--ca', ca);
  adminToken = /secret \(shown once\): (\S+)/.exec(await ck('serve', 'token', 'create', 'ops', '--role', 'admin', '--ca', ca))![1]!;
  requesterToken = /secret \(shown once\): (\S+)/.exec(await ck('serve', 'token', 'create', 'ci-bot', '--role', 'requester', '--ca', ca))![1]!;
  fs.writeFileSync(path.join(dir, 'serve.json'), JSON.stringify({ labels: { routers: { profile: 'tls-client' } }, maxBodyBytes: 16384 }));
  served = await startServe(bin, ['--ca', ca, '--listen', '127.0.0.1:0', '--config', path.join(dir, 'serve.json')], dir);
}, 120_000);

afterAll(async () => {
  await served?.stop('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(path.dirname(bin), { recursive: true, force: true });
});

describe('EST with curl and openssl (RFC 7030 §4)', () => {
  it('the HTTPS certificate was issued by the CA for 127.0.0.1 and localhost; auth secrets are stored hashed', () => {
    const r = verify(path.join(ca, 'serve', 'tls', 'cert.pem'), ['-purpose', 'sslserver', '-verify_ip', '127.0.0.1']);
    expect(r.code, r.out).toBe(0);
    const auth = fs.readFileSync(path.join(ca, 'serve', 'auth.json'), 'utf8');
    expect(auth).toContain('alice');
    expect(auth).not.toContain(PASSWORD);
    expect(auth).not.toContain(adminToken);
    expect(fs.statSync(path.join(ca, 'serve', 'auth.json')).mode & 0o077).toBe(0);
  });

  it('cacerts: a base64 certs-only PKCS#7 that openssl opens, with the issuing CA', () => {
    const r = est('/.well-known/est/cacerts', ['-o', 'cacerts.p7.b64']);
    expect(r.status).toBe(200);
    expect(header(r.headers, 'content-type')).toMatch(/^application\/pkcs7-mime/);
    const pem = printCerts(fs.readFileSync(path.join(dir, 'cacerts.p7.b64')), 'cacerts');
    expect(pem).toContain('Issuing CA');
  });

  it('simpleenroll: HTTP Basic and an openssl CSR; the certificate verifies with openssl', () => {
    const csr = opensslCsr('device1', '/CN=device-1/O=Example');
    const r = est('/.well-known/est/simpleenroll', ['-u', `alice:${PASSWORD}`, '-H', 'Content-Type: application/pkcs10', '--data-binary', `@${csr}`]);
    expect(r.status, r.body.toString()).toBe(200);
    expect(header(r.headers, 'content-type')).toMatch(/^application\/pkcs7-mime/);
    const pem = printCerts(r.body, 'device1.cert');
    expect(pem).toMatch(/subject=.*CN ?= ?device-1/);
    const v = verify('device1.cert.pem', ['-purpose', 'sslclient']);
    expect(v.code, v.out).toBe(0);
    expect(v.out).toContain('OK');
    // The certificate carries the key of the CSR.
    expect(ossl(['x509', '-in', 'device1.cert.pem', '-pubkey', '-noout']).out).toBe(ossl(['pkey', '-in', 'device1.key', '-pubout']).out);
  });

  it('simpleenroll under a label from the config file', () => {
    const csr = opensslCsr('router1', '/CN=router-1');
    const r = est('/.well-known/est/routers/simpleenroll', ['-u', `alice:${PASSWORD}`, '-H', 'Content-Type: application/pkcs10', '--data-binary', `@${csr}`]);
    expect(r.status, r.body.toString()).toBe(200);
    expect(printCerts(r.body, 'router1.cert')).toMatch(/CN ?= ?router-1/);
    expect(est('/.well-known/est/no-such-label/simpleenroll', ['-u', `alice:${PASSWORD}`, '-H', 'Content-Type: application/pkcs10', '--data-binary', `@${csr}`]).status).toBe(404);
  });

  it('simplereenroll: the client authenticates with the certificate being renewed', () => {
    const csr = opensslCsr('device1-renew', '/CN=device-1/O=Example');
    const r = est('/.well-known/est/simplereenroll', ['--cert', 'device1.cert.pem', '--key', 'device1.key', '-H', 'Content-Type: application/pkcs10', '--data-binary', `@${csr}`]);
    expect(r.status, r.body.toString()).toBe(200);
    printCerts(r.body, 'device1-renew.cert');
    const v = verify('device1-renew.cert.pem');
    expect(v.code, v.out).toBe(0);
    const serial = (f: string): string => ossl(['x509', '-in', f, '-noout', '-serial']).out;
    expect(serial('device1-renew.cert.pem')).not.toBe(serial('device1.cert.pem'));
    // Without a client certificate (or with Basic only), re-enrollment is refused.
    const anon = est('/.well-known/est/simplereenroll', ['-H', 'Content-Type: application/pkcs10', '--data-binary', `@${csr}`]);
    expect(anon.status).toBe(401);
  });

  it('csrattrs: a DER sequence that openssl asn1parse reads', () => {
    const r = est('/.well-known/est/csrattrs', ['-o', 'csrattrs.b64']);
    expect([200, 204]).toContain(r.status);
    if (r.status === 200) {
      expect(header(r.headers, 'content-type')).toMatch(/^application\/csrattrs/);
      const der = ossl(['base64', '-d', '-in', 'csrattrs.b64']);
      const a = ossl(['asn1parse', '-inform', 'DER'], der.stdout);
      expect(a.code, a.out).toBe(0);
      expect(a.out).toMatch(/SEQUENCE/);
    }
  });

  it('serverkeygen: a multipart response whose PKCS#8 key matches the certificate', () => {
    const csr = opensslCsr('kg', '/CN=keygen-device');
    const r = est('/.well-known/est/serverkeygen', ['-u', `alice:${PASSWORD}`, '-H', 'Content-Type: application/pkcs10', '--data-binary', `@${csr}`]);
    expect(r.status, r.body.toString()).toBe(200);
    const ct = header(r.headers, 'content-type')!;
    expect(ct).toMatch(/^multipart\/mixed/);
    const boundary = /boundary="?([^";]+)"?/.exec(ct)![1]!;
    const parts = r.body
      .toString('latin1')
      .split(`--${boundary}`)
      .slice(1, -1)
      .map((p) => {
        const [head, ...rest] = p.replace(/^\r?\n/, '').split(/\r?\n\r?\n/);
        return { head: head!, body: rest.join('\n\n').trim() };
      });
    expect(parts).toHaveLength(2);
    const keyPart = parts.find((p) => /application\/pkcs8/i.test(p.head))!;
    const certPart = parts.find((p) => /application\/pkcs7-mime/i.test(p.head))!;
    expect(keyPart).toBeDefined();
    expect(certPart).toBeDefined();
    fs.writeFileSync(path.join(dir, 'kg.key.b64'), keyPart.body + '\n');
    const keyDer = ossl(['base64', '-d', '-in', 'kg.key.b64']).stdout;
    const pub = ossl(['pkey', '-inform', 'DER', '-pubout'], keyDer);
    expect(pub.code, pub.out).toBe(0);
    printCerts(Buffer.from(certPart.body + '\n'), 'kg.cert');
    expect(ossl(['x509', '-in', 'kg.cert.pem', '-pubkey', '-noout']).out).toBe(pub.out);
    expect(verify('kg.cert.pem').code).toBe(0);
    // Not the key of the CSR: the server made a new one.
    expect(pub.out).not.toBe(ossl(['pkey', '-in', 'kg.key', '-pubout']).out);
  });
});

describe('the CRL at the CDP URL of an issued certificate, before and after a revocation', () => {
  it('curl fetches it, openssl reads it and verify -crl_check sees the revocation made through the JSON API', () => {
    const ext = ossl(['x509', '-in', 'device1.cert.pem', '-noout', '-ext', 'crlDistributionPoints,authorityInfoAccess']);
    const cdp = /URI:(https?:\/\/\S+)/.exec(ext.out.split('Authority Information Access')[0]!)?.[1];
    expect(cdp, ext.out).toMatch(new RegExp(`^${served.url.replace(/[.]/g, '\\.')}/`));
    const fetchCrl = (name: string): string => {
      const r = curl(['--cacert', path.join(ca, 'root', 'cert.pem'), '-o', `${name}.crl.der`, cdp!], { cwd: dir });
      expect(r.status).toBe(200);
      expect(header(r.headers, 'content-type')).toBe('application/pkix-crl');
      const t = ossl(['crl', '-inform', 'DER', '-in', `${name}.crl.der`, '-out', `${name}.crl.pem`]);
      expect(t.code, t.out).toBe(0);
      return `${name}.crl.pem`;
    };
    // The issuer certificate at the AIA caIssuers URL.
    const aia = /CA Issuers - URI:(https?:\/\/\S+)/.exec(ext.out)?.[1];
    expect(aia).toBeDefined();
    const issuer = curl(['--cacert', path.join(ca, 'root', 'cert.pem'), '-o', 'issuer.der', aia!], { cwd: dir });
    expect(issuer.status).toBe(200);
    expect(ossl(['x509', '-inform', 'DER', '-in', 'issuer.der', '-noout', '-subject']).out).toContain('Issuing CA');

    const before = fetchCrl('before');
    const ok = verify('device1.cert.pem', ['-crl_check', '-CRLfile', before]);
    expect(ok.code, ok.out).toBe(0);

    const serial = ossl(['x509', '-in', 'device1.cert.pem', '-noout', '-serial']).out.trim().split('=')[1]!.toLowerCase();
    const rev = curl(
      [
        '--cacert',
        path.join(ca, 'root', 'cert.pem'),
        '-X',
        'POST',
        '-H',
        `Authorization: Bearer ${adminToken}`,
        '-H',
        'Content-Type: application/json',
        '--data',
        JSON.stringify({ reason: 'keyCompromise' }),
        `${served.url}/api/v1/certificates/${serial}/revoke`,
      ],
      { cwd: dir },
    );
    expect(rev.status, rev.body.toString()).toBe(200);

    const after = fetchCrl('after');
    const text = ossl(['crl', '-in', after, '-noout', '-text']).out;
    expect(text.toLowerCase()).toContain(serial.replace(/^0+/, '').toLowerCase());
    const bad = verify('device1.cert.pem', ['-crl_check', '-CRLfile', after]);
    expect(bad.code).not.toBe(0);
    expect(bad.out).toMatch(/certificate revoked/);
  });
});

describe('the JSON API with curl and a bearer token', () => {
  it('submits a CSR and gets the certificate, its chain and the lint warnings; reads it back by serial', () => {
    opensslCsr('api1', '/CN=api-device-1');
    const pem = ossl(['req', '-inform', 'DER', '-in', 'api1.csr.der']).stdout.toString();
    const r = curl(
      [
        '--cacert',
        path.join(ca, 'root', 'cert.pem'),
        '-H',
        `Authorization: Bearer ${requesterToken}`,
        '-H',
        'Content-Type: application/json',
        '--data',
        JSON.stringify({ csr: pem, profile: 'tls-client', metadata: { os: 'linux', description: 'test box' } }),
        `${served.url}/api/v1/certificates`,
      ],
      { cwd: dir },
    );
    expect(r.status, r.body.toString()).toBe(201);
    const j = JSON.parse(r.body.toString()) as { serial: string; certificate: string; chain: string[]; warnings: unknown[] };
    expect(j.certificate).toMatch(/BEGIN CERTIFICATE/);
    expect(Array.isArray(j.warnings)).toBe(true);
    fs.writeFileSync(path.join(dir, 'api1.pem'), j.certificate);
    expect(verify('api1.pem').code).toBe(0);
    const g = curl(['--cacert', path.join(ca, 'root', 'cert.pem'), '-H', `Authorization: Bearer ${requesterToken}`, `${served.url}/api/v1/certificates/${j.serial}`], { cwd: dir });
    expect(g.status).toBe(200);
    expect(JSON.parse(g.body.toString())).toMatchObject({ serial: j.serial });
  });
});

describe('bad input over the wire', () => {
  it('no credentials: 401 with WWW-Authenticate; a wrong password too', () => {
    const csr = opensslCsr('anon', '/CN=anon');
    const r = est('/.well-known/est/simpleenroll', ['-H', 'Content-Type: application/pkcs10', '--data-binary', `@${csr}`]);
    expect(r.status).toBe(401);
    expect(header(r.headers, 'www-authenticate')).toMatch(/^Basic realm=/);
    expect(est('/.well-known/est/simpleenroll', ['-u', 'alice:wrong-password', '-H', 'Content-Type: application/pkcs10', '--data-binary', `@${csr}`]).status).toBe(401);
    const api = curl(['--cacert', path.join(ca, 'root', 'cert.pem'), `${served.url}/api/v1/certificates`], { cwd: dir });
    expect(api.status).toBe(401);
    expect(header(api.headers, 'www-authenticate')).toMatch(/^Bearer/);
  });

  it('a body over the configured limit: 413; a wrong content type: 415; garbage base64: 400', () => {
    fs.writeFileSync(path.join(dir, 'big.b64'), 'A'.repeat(20_000));
    expect(est('/.well-known/est/simpleenroll', ['-u', `alice:${PASSWORD}`, '-H', 'Content-Type: application/pkcs10', '--data-binary', '@big.b64']).status).toBe(413);
    const csr = opensslCsr('ct', '/CN=ct');
    expect(est('/.well-known/est/simpleenroll', ['-u', `alice:${PASSWORD}`, '-H', 'Content-Type: text/plain', '--data-binary', `@${csr}`]).status).toBe(415);
    const garbage = est('/.well-known/est/simpleenroll', ['-u', `alice:${PASSWORD}`, '-H', 'Content-Type: application/pkcs10', '--data-binary', '!!!not base64!!!']);
    expect(garbage.status).toBe(400);
    expect(garbage.body.toString()).not.toMatch(/at .*\.(ts|js|mjs):\d+/); // no stack trace
  });
});

describe('graceful shutdown', () => {
  it('SIGTERM during a slow upload: that enrollment still completes, then the server exits 0 and the port closes', async () => {
    const csr = opensslCsr('slow', '/CN=slow-device');
    // curl sends the ~0.5 KB body at 100 bytes/s: the request is in flight when SIGTERM arrives.
    const marker = '__STATUS__';
    const upload = new Promise<{ status: number; out: string }>((resolve, reject) => {
      const p = spawn(
        'curl',
        [
          '-sS',
          '--limit-rate',
          '100',
          '--cacert',
          path.join(ca, 'root', 'cert.pem'),
          '-u',
          `alice:${PASSWORD}`,
          '-H',
          'Content-Type: application/pkcs10',
          '--data-binary',
          `@${csr}`,
          '-o',
          'slow.p7.b64',
          '-w',
          `${marker}%{http_code}`,
          `${served.url}/.well-known/est/simpleenroll`,
        ],
        { cwd: dir },
      );
      let out = '';
      p.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      p.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
      p.on('error', (e) => reject(new Error(`curl is required for this test: ${e.message}`)));
      p.on('close', () => resolve({ status: Number(out.split(marker)[1] ?? 0), out }));
    });
    await new Promise((r) => setTimeout(r, 1500));
    const exited = served.stop('SIGTERM');
    const r = await upload;
    expect(r.status, r.out).toBe(200);
    expect(printCerts(fs.readFileSync(path.join(dir, 'slow.p7.b64')), 'slow')).toMatch(/CN ?= ?slow-device/);
    const e = await exited;
    expect(e.code, served.stderr()).toBe(0);
    expect(served.stderr()).toContain('finishing requests in flight');
    expect(served.stderr()).toContain('stopped');
    const after = curl(['--cacert', path.join(ca, 'root', 'cert.pem'), '--max-time', '5', `${served.url}/.well-known/est/cacerts`], { cwd: dir });
    expect(after.status).toBe(0);
    expect(after.code).not.toBe(0);
  }, 60_000);
});
