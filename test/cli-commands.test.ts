/**
 * Every `certkit` subcommand run as a subprocess on real files: the happy paths, `--help`, and
 * bad input (missing files, wrong file types, garbage, empty files, bad options, wrong
 * passphrases), with the documented exit codes (0 ok, 1 a negative answer, 2 usage or input
 * error) and no internal errors.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsrBuilder, generateKeyPair, importPrivateKey, parseCertificate, parseCrl, parseCsr, signerFromPrivateKey, verifyCsrSync } from '../src/index';
import { bundle, pool, runNodeAsync, scratch, type RunResult } from './cli-test-helpers';
import { certificateDnsNames } from '../src/x509/index';
import { csrChallengePassword, csrDnsNames, csrEmailAddresses, csrIpAddresses, csrToPem } from '../src/csr/index';
import { extKeyUsageCodec, getExtension, invalidityDateCodec, reasonCodeCodec } from '../src/x509/index';
import { crlToPem, findCrlEntry } from '../src/crl/index';

const NOW = '2025-06-01T12:00:00Z';
let bin: string;
let dir: string;

beforeAll(async () => {
  bin = (await bundle({ certkit: 'src/cli/main.ts' })).certkit!;
  dir = scratch('cli');
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(path.dirname(bin), { recursive: true, force: true });
});

async function cli(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  const r = await runNodeAsync(bin, args, { cwd: dir, ...options });
  expect(r.stderr, `certkit ${args.join(' ')}`).not.toMatch(/internal error/);
  return r;
}

/** Runs independent failing cases in parallel; each must exit with `code` and say `msg` on stderr. */
async function fails(code: 1 | 2, cases: ReadonlyArray<readonly [string[], string]>): Promise<void> {
  const results = await pool(cases, 4, ([args]) => cli(args));
  results.forEach((r, i) => {
    const [args, msg] = cases[i]!;
    expect(r.code, `certkit ${args.join(' ')}: ${r.stderr}`).toBe(code);
    expect(r.stderr, `certkit ${args.join(' ')}`).toContain(msg);
  });
}

function f(name: string): string {
  return path.join(dir, name);
}

describe('certkit (global)', () => {
  it('prints help, version, and refuses unknown commands with exit 2', async () => {
    let r = await cli(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['key new', 'csr new', 'inspect', 'lint', 'match', 'ca init', 'ca issue', 'ca revoke', 'ca crl', 'ca list', 'ca audit', 'verify', 'demo']) expect(r.stdout).toContain(`  ${c} `);
    expect((await cli([])).code).toBe(2);
    r = await cli(['--version']);
    expect([r.code, r.stdout]).toEqual([0, `certkit ${(JSON.parse(fs.readFileSync('package.json', 'utf8')) as { version: string }).version}\n`]);
    r = await cli(['frobnicate']);
    expect([r.code, r.stderr]).toEqual([2, "certkit: unknown command 'frobnicate'; run 'certkit --help' for the list\n"]);
    r = await cli(['ca']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('certkit ca <init|import|issue|revoke|crl|list|audit|ocsp-signer|migrate>');
    r = await cli(['ca', 'explode']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'ca explode'");
    expect((await cli(['help', 'ca', 'issue'])).stdout).toContain('Usage: certkit ca issue DIR --csr');
  });

  it('every command has --help', async () => {
    const cmds = ['key new', 'csr new', 'inspect', 'lint', 'match', 'ca init', 'ca issue', 'ca revoke', 'ca crl', 'ca list', 'ca audit', 'ca migrate', 'verify', 'demo'];
    const rs = await pool(cmds, 4, (c) => cli([...c.split(' '), '--help']));
    rs.forEach((r, i) => {
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: certkit ${cmds[i]}`));
    });
  });

  it('refuses unknown options and wrong argument counts with exit 2 and the usage', async () => {
    let r = await cli(['key', 'new', '--type', 'ec-p256', '--colour', 'red']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Unknown option '--colour'[\s\S]*usage: certkit key new/);
    r = await cli(['inspect']); // no file, URL or --connect
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('give a FILE, an https:// URL or --connect HOST:PORT to inspect');
    r = await cli(['match', 'a.pem']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('expected 2 arguments, got 1');
    r = await cli(['key', 'new', '--type']);
    expect(r.code).toBe(2);
  });
});

describe('certkit key new', () => {
  it.each([
    ['ec-p256', 'ECDSA'],
    ['ec-p384', 'ECDSA'],
    ['ed25519', 'Ed25519'],
    ['ed448', 'Ed448'],
    ['rsa-2048', 'RSA'],
    ['ml-dsa-44', 'ML-DSA-44'],
  ])('%s', async (type, alg) => {
    const out = f(`key-${type}.pem`);
    const r = await cli(['key', 'new', '--type', type, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const key = importPrivateKey(fs.readFileSync(out, 'utf8'));
    expect(key.algorithm).toBe(alg);
    expect(r.stderr).toContain(`public key SHA-256: ${key.publicKey.fingerprint256()}`);
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
  });

  it('writes to standard output, encrypts with --pass, and refuses bad input', async () => {
    let r = await cli(['key', 'new', '--type', 'ec-p384']);
    expect(r.code).toBe(0);
    expect(importPrivateKey(r.stdout).curve).toBe('P-384');
    r = await cli(['key', 'new', '--type', 'ed25519', '--pass', 'env:CK_PASS', '--out', f('enc.pem')], { env: { CK_PASS: 'correct horse' } });
    expect(r.code).toBe(0);
    expect(fs.readFileSync(f('enc.pem'), 'utf8')).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    r = await cli(['key', 'new']);
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('--type is required')]);
    r = await cli(['key', 'new', '--type', 'rsa-1024']);
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining("unknown key type 'rsa-1024'")]);
    r = await cli(['key', 'new', '--type', 'ec-p256', '--out', f('enc.pem')]);
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('already exists')]);
    r = await cli(['key', 'new', '--type', 'ec-p256', '--pass', 'secret']);
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('--pass must be pass:TEXT, env:VARIABLE, file:PATH or fd:N')]);
    r = await cli(['key', 'new', '--type', 'ec-p256', '--pass', 'env:CK_UNSET_VARIABLE']);
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('is not set')]);
    r = await cli(['key', 'new', '--type', 'ec-p256', '--out', f('no/such/dir/key.pem')]);
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('its directory does not exist')]);
  });
});

describe('certkit csr new', () => {
  beforeAll(async () => {
    expect((await cli(['key', 'new', '--type', 'ec-p256', '--out', f('leaf.key')])).code).toBe(0);
    fs.writeFileSync(f('pw.txt'), 'file secret\n');
    expect((await cli(['key', 'new', '--type', 'ec-p256', '--pass', 'file:pw.txt', '--out', f('leaf-enc.key')])).code).toBe(0);
  });

  it('makes a request with subject, SANs, EKU and challengePassword', async () => {
    const r = await cli([
      'csr',
      'new',
      '--key',
      'leaf.key',
      '--subject',
      'CN=www.example.com,O=Example,C=US',
      '--dns',
      'www.example.com',
      '--dns',
      'example.com',
      '--ip',
      '192.0.2.10',
      '--ip',
      '2001:db8::1',
      '--email',
      'ops@example.com',
      '--uri',
      'https://example.com/',
      '--eku',
      'serverAuth',
      '--eku',
      'clientAuth',
      '--challenge-password',
      'one-time',
      '--out',
      'req.pem',
    ]);
    expect(r.code).toBe(0);
    const csr = parseCsr(fs.readFileSync(f('req.pem'), 'utf8'));
    expect(csr.subject.toString()).toBe('CN=www.example.com,O=Example,C=US');
    expect(csrDnsNames(csr)).toEqual(['www.example.com', 'example.com']);
    expect(csrIpAddresses(csr)).toEqual(['192.0.2.10', '2001:db8::1']);
    expect(csrEmailAddresses(csr)).toEqual(['ops@example.com']);
    expect(getExtension(csr, extKeyUsageCodec)).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
    expect(csrChallengePassword(csr)).toBe('one-time');
    expect(verifyCsrSync(csr)).toBe(true);
    expect(r.stderr).toContain('with 6 subjectAltNames -> req.pem');
  });

  it('asks for the subject field by field with --prompt', async () => {
    const r = await cli(['csr', 'new', '--key', 'leaf.key', '--prompt'], { input: 'US\nCalifornia\n\nExample Inc\n.\nwww.example.com\nops@example.com\n\n' });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Country Name (2 letter code) []:US\n');
    expect(r.stderr).toContain('Subject alternative names: DNS names and IP addresses, comma-separated [www.example.com]:\n');
    const csr = parseCsr(r.stdout);
    // The Email Address answer stays in the subject (PKCS#9 emailAddress), as openssl req keeps it,
    // not an rfc822Name subjectAltName that the tls-server profile would refuse.
    expect(csr.subject.toString()).toMatch(/^(emailAddress|E|1\.2\.840\.113549\.1\.9\.1)=.*,CN=www\.example\.com,O=Example Inc,ST=California,C=US$/);
    expect(csr.subject.rdns[csr.subject.rdns.length - 1]![0]!.value).toBe('ops@example.com');
    expect(csrDnsNames(csr)).toEqual(['www.example.com']);
    expect(csrEmailAddresses(csr)).toEqual([]);
    const short = await cli(['csr', 'new', '--key', 'leaf.key', '--prompt'], { input: 'US\n' });
    expect([short.code, short.stderr]).toEqual([2, expect.stringContaining('the input ended before every question was answered')]);
  });

  it('uses encrypted keys with the right passphrase only', async () => {
    expect((await cli(['csr', 'new', '--key', 'leaf-enc.key', '--subject', 'CN=x', '--pass', 'file:pw.txt'])).code).toBe(0);
    let r = await cli(['csr', 'new', '--key', 'leaf-enc.key', '--subject', 'CN=x', '--pass', 'pass:wrong']);
    expect([r.code, r.stderr]).toEqual([2, 'certkit csr new: error: wrong passphrase for leaf-enc.key\n']);
    r = await cli(['csr', 'new', '--key', 'leaf-enc.key', '--subject', 'CN=x']);
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('leaf-enc.key is encrypted; give its passphrase with --pass')]);
  });

  it('refuses bad input with exit 2', async () => {
    fs.writeFileSync(
      f('garbage.bin'),
      Uint8Array.from({ length: 64 }, (_x, i) => (i * 37 + 11) & 0xff),
    );
    const cases: Array<[string[], string]> = [
      [['--subject', 'CN=x'], '--key is required'],
      [['--key', 'nope.key', '--subject', 'CN=x'], 'no such file: nope.key'],
      [['--key', 'req.pem', '--subject', 'CN=x'], 'req.pem holds a certificate request, not one private key'],
      [['--key', 'garbage.bin', '--subject', 'CN=x'], 'garbage.bin is not a certificate, certificate request, CRL or key'],
      [['--key', 'leaf.key', '--subject', 'CN=x,C=USA'], '--subject:'],
      [['--key', 'leaf.key', '--subject', 'CN=x', '--ip', '300.1.1.1'], '--ip 300.1.1.1:'],
      [['--key', 'leaf.key', '--subject', 'CN=x', '--dns', 'a..b'], '--dns a..b:'],
      [['--key', 'leaf.key', '--subject', 'CN=x', '--eku', 'teleport'], '--eku:'],
      [['--key', 'leaf.key'], 'give --subject'],
    ];
    await fails(
      2,
      cases.map(([args, msg]) => [['csr', 'new', ...args], msg] as const),
    );
  });
});

describe('certkit ca, inspect, lint, match, verify', () => {
  let serial = '';

  beforeAll(async () => {
    const r = await cli(['ca', 'init', 'ca', '--now', NOW, '--root-subject', 'CN=CLI Root CA,O=certkit', '--subject', 'CN=CLI Issuing CA,O=certkit']);
    expect(r.code, r.stderr).toBe(0);
    expect((await cli(['key', 'new', '--type', 'ec-p256', '--out', 'srv.key'])).code).toBe(0);
    expect((await cli(['csr', 'new', '--key', 'srv.key', '--subject', 'CN=www.example.com', '--dns', 'www.example.com', '--dns', 'example.com', '--out', 'srv.csr'])).code).toBe(0);
  });

  it('ca init creates the directory and refuses to reuse one', async () => {
    for (const p of ['certkit-ca.json', 'chain.pem', 'root/cert.pem', 'root/key.pem', 'intermediate/cert.pem', 'intermediate/key.pem', 'root/store/certs', 'intermediate/store/serials']) {
      expect(fs.existsSync(f(`ca/${p}`)), p).toBe(true);
    }
    const root = parseCertificate(fs.readFileSync(f('ca/root/cert.pem'), 'utf8'));
    expect(root.subject.toString()).toBe('CN=CLI Root CA,O=certkit');
    expect(root.notBefore).toEqual(new Date(NOW));
    let r = await cli(['ca', 'init', 'ca']);
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('ca exists and is not an empty directory')]);
    r = await cli(['ca', 'init', 'ca2', '--key-type', 'dsa']);
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining("unknown key type 'dsa'")]);
    r = await cli(['ca', 'init', 'no/such/parent/ca']);
    expect(r.code).toBe(2);
    r = await cli(['ca', 'init', 'ca3', '--days', 'forever']);
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('--days must be a whole number of days')]);
    r = await cli(['ca', 'init', 'ca4', '--now', 'yesterday']);
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('--now must be an ISO 8601 time')]);
    expect(fs.existsSync(f('ca2')) || fs.existsSync(f('ca3')) || fs.existsSync(f('ca4'))).toBe(false);
  });

  it('ca issue issues under a profile, writes the chain, and refuses what the profile forbids', async () => {
    let r = await cli(['ca', 'issue', 'ca', '--csr', 'srv.csr', '--profile', 'tls-server', '--days', '30', '--now', NOW, '--chain-out', 'srv-full.pem']);
    expect(r.code, r.stderr).toBe(0);
    const cert = parseCertificate(r.stdout);
    // The CLI shows serials as whole octets (like `openssl x509 -serial`): '03c7…', never '3c7…'.
    serial = BigInt('0x' + cert.serialNumberHex).toString(16);
    if (serial.length % 2 === 1) serial = `0${serial}`;
    expect(r.stderr).toContain(`issued serial ${serial} under tls-server`);
    expect(certificateDnsNames(cert)).toEqual(['www.example.com', 'example.com']);
    expect(cert.notAfter.getTime() - cert.notBefore.getTime()).toBe(30 * 86_400_000 - 1000);
    const chain = fs.readFileSync(f('srv-full.pem'), 'utf8');
    expect(chain.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    // --out, --json, operator SANs
    r = await cli(['ca', 'issue', 'ca', '--csr', 'srv.csr', '--profile', 'tls-server', '--dns', 'api.example.com', '--out', 'srv2.pem', '--json', '--now', NOW]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ profile: 'tls-server', sans: ['DNS:www.example.com', 'DNS:example.com', 'DNS:api.example.com'] });
    // Refused: a 1024-bit RSA key (exit 1, findings listed).
    const weak = await generateKeyPair({ rsa: 1024, allowWeak: true });
    fs.writeFileSync(f('weak.csr'), csrToPem(await CsrBuilder.create().subject({ CN: 'weak.example.com' }).subjectAltNames('weak.example.com').sign(signerFromPrivateKey(weak.privateKey))));
    r = await cli(['ca', 'issue', 'ca', '--csr', 'weak.csr', '--profile', 'tls-server', '--now', NOW]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('issuance refused under profile tls-server: 2 errors');
    expect(r.stderr).toContain('error   rsa-key-too-small');
    expect(r.stderr).toContain('error   key-not-allowed');
    r = await cli(['ca', 'issue', 'ca', '--csr', 'srv.csr', '--profile', 'tls-server', '--days', '400', '--now', NOW]);
    expect([r.code, r.stderr]).toEqual([1, expect.stringContaining('validity-too-long')]);
    // Input errors: exit 2.
    const bad: Array<[string[], string]> = [
      [['--profile', 'tls-server'], '--csr is required'],
      [['--csr', 'srv.csr'], '--profile is required'],
      [['--csr', 'srv.csr', '--profile', 'web'], "unknown profile 'web'"],
      [['--csr', 'srv-full.pem', '--profile', 'tls-server'], 'srv-full.pem holds a certificate, not a certificate request'],
      [['--csr', 'missing.csr', '--profile', 'tls-server'], 'no such file: missing.csr'],
    ];
    await fails(
      2,
      bad.map(([args, msg]) => [['ca', 'issue', 'ca', ...args], msg] as const),
    );
    r = await cli(['ca', 'issue', 'srv.key', '--csr', 'srv.csr', '--profile', 'tls-server']);
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('is not a certkit CA directory')]);
  });

  it('ca with encrypted keys needs the passphrase to sign, not to list', async () => {
    expect((await cli(['ca', 'init', 'enc-ca', '--pass', 'pass:ca secret', '--now', NOW])).code).toBe(0);
    expect(fs.readFileSync(f('enc-ca/root/key.pem'), 'utf8')).toContain('ENCRYPTED PRIVATE KEY');
    let r = await cli(['ca', 'issue', 'enc-ca', '--csr', 'srv.csr', '--profile', 'tls-server', '--now', NOW]);
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('is encrypted; give its passphrase with --pass')]);
    r = await cli(['ca', 'issue', 'enc-ca', '--csr', 'srv.csr', '--profile', 'tls-server', '--pass', 'pass:nope', '--now', NOW]);
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('wrong passphrase for')]);
    r = await cli(['ca', 'issue', 'enc-ca', '--csr', 'srv.csr', '--profile', 'tls-server', '--pass', 'pass:ca secret', '--now', NOW]);
    expect(r.code, r.stderr).toBe(0);
    expect((await cli(['ca', 'list', 'enc-ca', '--now', NOW])).stdout).toMatch(/active\s+tls-server/);
  });

  it('inspect shows every kind of file, PEM or DER, as text or JSON', async () => {
    fs.writeFileSync(f('srv.der'), parseCertificate(fs.readFileSync(f('srv-full.pem'), 'utf8')).raw);
    fs.writeFileSync(f('srv.csr.der'), parseCsr(fs.readFileSync(f('srv.csr'), 'utf8')).raw);
    fs.writeFileSync(f('srv.pub'), importPrivateKey(fs.readFileSync(f('srv.key'), 'utf8')).publicKey.toPem());
    let r = await cli(['inspect', 'srv-full.pem', 'srv.der', 'srv.csr.der', 'srv.key', 'srv.pub', 'enc.pem']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('== srv-full.pem [1/2]: certificate (PEM)');
    expect(r.stdout).toContain('== srv-full.pem [2/2]: certificate (PEM)');
    expect(r.stdout).toContain('== srv.der: certificate (DER)');
    expect(r.stdout).toContain('== srv.csr.der: certificate request (DER)');
    expect(r.stdout).toContain('== srv.key: private key (PEM)\nPrivate key: ECDSA P-256 (256 bit)');
    expect(r.stdout).not.toMatch(/priv:|BEGIN PRIVATE KEY/);
    expect(r.stdout).toContain('== srv.pub: public key (PEM)');
    expect(r.stdout).toContain('== enc.pem: encrypted private key (PEM)');
    expect(r.stdout).toContain('Subject: CN = www.example.com');
    expect(r.stdout).toContain('Lint (profile none): no findings');
    r = await cli(['inspect', 'srv.csr', '--json', '--profile', 'tls-server']);
    const j = JSON.parse(r.stdout) as Array<{ type: string; format: string; lint: unknown[]; subject: { string: string } }>;
    expect(j).toHaveLength(1);
    expect(j[0]).toMatchObject({ type: 'csr', format: 'PEM', lint: [], subject: { string: 'CN=www.example.com' } });
    fs.writeFileSync(f('empty.pem'), '');
    fs.writeFileSync(f('broken.pem'), '-----BEGIN CERTIFICATE-----\nMIIB\n');
    fs.writeFileSync(f('wrong-label.pem'), '-----BEGIN DH PARAMETERS-----\nMAA=\n-----END DH PARAMETERS-----\n');
    fs.writeFileSync(f('bad-cert.pem'), '-----BEGIN CERTIFICATE-----\nMAMCAQA=\n-----END CERTIFICATE-----\n');
    const bad: Array<[string, string]> = [
      ['nope.pem', 'no such file: nope.pem'],
      ['empty.pem', 'empty.pem is empty'],
      ['garbage.bin', 'is not a certificate, certificate request, CRL or key'],
      ['broken.pem', 'bad PEM'],
      ['wrong-label.pem', "PEM block 'DH PARAMETERS' is not a certificate, CSR, CRL or key"],
      ['bad-cert.pem', 'PEM block 1 (CERTIFICATE) does not parse'],
      ['ca', 'is a directory'],
    ];
    await fails(
      2,
      bad.map(([file, msg]) => [['inspect', file], msg] as const),
    );
    r = await cli(['inspect', 'srv.key', '--profile', 'strict']);
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining("unknown lint profile 'strict'")]);
  });

  it('lint exits 1 on errors, 0 otherwise', async () => {
    let r = await cli(['lint', 'srv.csr', '--profile', 'tls-server']);
    expect([r.code, r.stdout]).toEqual([0, 'srv.csr: certificate request for CN=www.example.com, profile tls-server: no findings\n']);
    expect((await cli(['csr', 'new', '--key', 'srv.key', '--subject', 'CN=localhost', '--dns', 'localhost', '--out', 'local.csr'])).code).toBe(0);
    r = await cli(['lint', 'local.csr']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('1 error, 0 warnings, 0 infos');
    expect(r.stdout).toContain('error   internal-name  (extensions.subjectAltName[0])');
    expect((await cli(['lint', 'local.csr', '--profile', 'tls-client'])).code).toBe(0);
    r = await cli(['lint', 'srv.csr', '--host', 'api.example.com', '--json']);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { results: Array<{ findings: Array<{ code: string }> }> }).results[0]!.findings.map((x) => x.code)).toEqual(['hostname-not-covered']);
    expect((await cli(['lint', 'srv-full.pem', '--profile', 'tls-server'])).code).toBe(0);
    r = await cli(['lint', 'srv.key']);
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('holds no certificate or certificate request to lint')]);
  });

  it('match compares a key with a CSR, certificate or public key', async () => {
    let r = await cli(['match', 'srv.key', 'srv.csr']);
    expect(r.code).toBe(0);
    const fp = importPrivateKey(fs.readFileSync(f('srv.key'), 'utf8')).publicKey.fingerprint256();
    expect(r.stdout.match(new RegExp(fp, 'g'))).toHaveLength(2);
    expect(r.stdout).toContain('match: the key belongs to this certificate request');
    expect((await cli(['match', 'srv.key', 'srv-full.pem'])).code).toBe(0);
    expect((await cli(['match', 'srv.key', 'srv.pub'])).code).toBe(0);
    r = await cli(['match', 'leaf.key', 'srv.csr']);
    expect([r.code, r.stdout]).toEqual([1, expect.stringContaining('MISMATCH: the key does not belong to this certificate request')]);
    r = await cli(['match', 'srv.csr', 'srv.key']);
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('not one private key')]);
    r = await cli(['match', 'enc.pem', 'srv.csr', '--pass', 'env:CK_PASS'], { env: { CK_PASS: 'wrong horse' } });
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('wrong passphrase for enc.pem')]);
  });

  it('verify prints the path, or the failure with its code (exit 1)', async () => {
    const base = ['verify', 'srv-full.pem', '--trust', 'ca/root/cert.pem', '--at', '2025-06-02T00:00:00Z'];
    let r = await cli([...base, '--host', 'example.com', '--purpose', 'serverAuth']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^OK: valid path of 3 certificates \(profile webpki, at 2025-06-02T00:00:00.000Z\)\n {2}\[0\] CN=www.example.com {2}serial /);
    expect(r.stdout).toContain('[2] CN=CLI Root CA,O=certkit  (trust anchor)');
    r = await cli([...base, '--host', 'api.example.com']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^INVALID: hostname-mismatch at \[0\] CN=www.example.com\n/);
    r = await cli([...base, '--purpose', 'codeSigning']);
    expect([r.code, r.stdout]).toEqual([1, expect.stringMatching(/^INVALID: extended-key-usage/)]);
    r = await cli(['verify', 'srv-full.pem', '--trust', 'ca/root/cert.pem', '--at', '2026-06-01T00:00:00Z']);
    expect([r.code, r.stdout]).toEqual([1, expect.stringMatching(/^INVALID: expired at \[0\]/)]);
    r = await cli(['verify', 'srv-full.pem', '--trust', 'enc-ca/root/cert.pem', '--at', '2025-06-02T00:00:00Z', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: false, code: 'unknown-issuer', certIndex: expect.any(Number) });
    r = await cli([...base, '--ip', '192.0.2.1']);
    expect([r.code, r.stdout]).toEqual([1, expect.stringMatching(/^INVALID: hostname-mismatch/)]);
    const bad: Array<[string[], string]> = [
      [['verify', 'srv-full.pem'], '--trust is required'],
      [['verify', 'srv-full.pem', '--trust', 'srv.key'], '--trust srv.key holds a private key, not certificates'],
      [['verify', 'srv.csr', '--trust', 'ca/root/cert.pem'], 'LEAF srv.csr holds a certificate request'],
      [[...base, '--crl', 'srv.csr'], 'srv.csr holds a certificate request, not a CRL'],
      [['verify', 'srv-full.pem', '--trust', 'ca/root/cert.pem', '--at', 'noon'], '--at must be an ISO 8601 time'],
      [[...base, '--profile', 'browser'], '--profile must be webpki or rfc5280'],
      [[...base, '--host', 'a.example', '--ip', '192.0.2.1'], 'give --host or --ip, not both'],
      [[...base, '--ip', '192.0.2'], '--ip 192.0.2:'],
      [[...base, '--purpose', 'flying'], 'unknown key purpose'],
    ];
    await fails(2, bad);
  });

  it('ca revoke, ca crl and ca list: the revocation reaches the CRL and verify', async () => {
    let r = await cli(['ca', 'revoke', 'ca', '--serial', serial.toUpperCase().replace(/(..)(?=.)/g, '$1:'), '--reason', 'keyCompromise', '--invalidity-date', '2025-05-31T00:00:00Z', '--now', NOW]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`revoked ${serial} (CN=www.example.com)`);
    r = await cli(['ca', 'revoke', 'ca', '--serial', serial, '--now', NOW]);
    expect([r.code, r.stderr]).toEqual([1, expect.stringContaining('already-revoked')]); // an answer about the certificate, not a usage error
    r = await cli(['ca', 'revoke', 'ca', '--cert', 'srv-full.pem', '--now', NOW]); // as openssl ca -revoke: the serial read from the certificate
    expect([r.code, r.stderr]).toEqual([1, expect.stringContaining('already-revoked')]);
    await fails(
      2,
      (
        [
          [['--serial', 'abcdef'], 'unknown-serial'],
          [['--serial', 'zz'], "'zz' is not a hex serial number"],
          [[], '--serial or --cert is required'],
          [['--cert', 'srv-full.pem', '--serial', serial], 'give --serial or --cert, not both'],
          [['--cert', 'ca/root/cert.pem'], 'ca/root/cert.pem was issued by CN=CLI Root CA,O=certkit, not by this CA (CN=CLI Issuing CA,O=certkit)'],
          [['--serial', serial, '--reason', 'boredom'], "unknown reason 'boredom'"],
          [['--serial', serial, '--reason', 'certificateHold'], "unknown reason 'certificateHold'"],
        ] as Array<[string[], string]>
      ).map(([args, msg]) => [['ca', 'revoke', 'ca', ...args], msg] as const),
    );
    r = await cli(['ca', 'crl', 'ca', '--now', '2025-06-01T13:00:00Z', '--days', '2', '--out', 'latest.crl']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('ca/intermediate/crl.pem: CRL number 1, 1 revoked, this update 2025-06-01T13:00:00.000Z, next update 2025-06-03T13:00:00.000Z');
    expect(r.stdout).toContain('ca/root/crl.pem: CRL number 1, 0 revoked');
    const crl = parseCrl(fs.readFileSync(f('ca/intermediate/crl.pem'), 'utf8'));
    const entry = findCrlEntry(crl, BigInt('0x' + serial))!;
    expect([getExtension(entry, reasonCodeCodec), getExtension(entry, invalidityDateCodec)]).toEqual(['keyCompromise', new Date('2025-05-31T00:00:00Z')]);
    expect(fs.readFileSync(f('latest.crl'), 'utf8')).toBe(crlToPem(crl));
    expect((await cli(['ca', 'crl', 'ca', '--now', '2025-06-01T14:00:00Z'])).stdout).toContain('CRL number 2');
    r = await cli(['verify', 'srv-full.pem', '--trust', 'ca/root/cert.pem', '--crl', 'ca/intermediate/crl.pem', '--crl', 'ca/root/crl.pem', '--at', '2025-06-02T00:00:00Z']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^INVALID: revoked at \[0\] CN=www.example.com\n {2}the end-entity certificate was revoked on 2025-06-01T12:00:00.000Z \(keyCompromise\)/);
    r = await cli(['ca', 'list', 'ca', '--now', NOW]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^SERIAL\s+STATUS\s+PROFILE\s+NOT AFTER\s+SUBJECT$/);
    expect(r.stdout).toMatch(new RegExp(`${serial}\\s+revoked\\s+tls-server\\s+2025-07-01T11:59:59Z\\s+CN=www.example.com {2}\\(keyCompromise\\)`));
    const all = JSON.parse((await cli(['ca', 'list', 'ca', '--json', '--now', NOW])).stdout) as Array<{ status: string }>;
    expect(all.map((x) => x.status).sort()).toEqual(['active', 'revoked']);
    expect(JSON.parse((await cli(['ca', 'list', 'ca', '--json', '--status', 'revoked', '--now', NOW])).stdout)).toHaveLength(1);
    expect((await cli(['ca', 'list', 'ca', '--status', 'expired', '--now', NOW])).stdout).toBe('no expired certificates\n');
    expect(JSON.parse((await cli(['ca', 'list', 'ca', '--json', '--status', 'expired', '--now', '2026-01-01T00:00:00Z'])).stdout)).toHaveLength(1);
    const rootList = (await cli(['ca', 'list', 'ca', '--root', '--now', NOW])).stdout;
    expect(rootList).toMatch(/active\s+sub-ca\s+\S+\s+CN=CLI Issuing CA,O=certkit/);
    r = await cli(['ca', 'list', 'ca', '--status', 'lost']);
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('--status must be active, revoked or expired')]);
    r = await cli(['ca', 'list', 'nowhere']);
    expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('nowhere is not a certkit CA directory')]);
  });
});
