/**
 * The delivery commands as subprocesses: `certkit pkcs12 create|inspect|extract`,
 * `certkit key encrypt|decrypt` and `certkit ca issue --generate-key --p12`, with OpenSSL 3 and
 * Java keytool reading what certkit writes (default and `--legacy`), certkit reading OpenSSL's
 * files (default, `-legacy` with RC2-40 through Node's legacy provider, PBE-SHA1-3DES keys),
 * and the documented exit codes: 0 ok, 1 issuance refused, 2 usage or input error (a wrong
 * password included), never an internal error.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, importPrivateKey, keyMatches, parseCertificate } from '../src/index';
import { parsePkcs12 } from '../src/pkcs12/index';
import { bundle, openssl, pool, runNodeAsync, scratch, type RunResult } from './cli-test-helpers';
import { certificatePublicKey } from '../src/x509/index';

const NOW = '2025-06-01T12:00:00Z';
// ASCII: Java's PBES2 refuses other passwords ("Password is not ASCII"; see the non-ASCII test).
const P12_PASS = 'p12 password';
let bin: string;
let dir: string;

beforeAll(async () => {
  bin = (await bundle({ certkit: 'src/cli/main.ts' })).certkit!;
  dir = scratch('cli-pkcs12');
  const r = await cli(['ca', 'init', 'ca', '--now', NOW]);
  expect(r.code, r.stderr).toBe(0);
  // A leaf key and certificate issued the ordinary way, for pkcs12 create.
  expect((await cli(['key', 'new', '--type', 'ec-p256', '--out', 'leaf.key'])).code).toBe(0);
  expect((await cli(['csr', 'new', '--key', 'leaf.key', '--subject', 'CN=www.example.com', '--dns', 'www.example.com', '--out', 'leaf.csr'])).code).toBe(0);
  const i = await cli(['ca', 'issue', 'ca', '--csr', 'leaf.csr', '--profile', 'tls-server', '--out', 'leaf.pem', '--now', NOW]);
  expect(i.code, i.stderr).toBe(0);
}, 30_000);
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(path.dirname(bin), { recursive: true, force: true });
});

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  const r = await runNodeAsync(bin, args, { cwd: dir, env: { NODE_OPTIONS: '', ...env } });
  expect(r.stderr, `certkit ${args.join(' ')}`).not.toMatch(/internal error/);
  return r;
}

function f(name: string): string {
  return path.join(dir, name);
}

function ossl(args: string[]): RunResult {
  return openssl(args, { cwd: dir });
}

/** Runs an external tool asynchronously (so JVM start-ups overlap); rejects when it is missing. */
function tool(cmd: string, args: string[]): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    p.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    p.on('error', (e) => reject(new Error(`${cmd} is required for this test: ${e.message}`)));
    p.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Java keytool (Java 17), required: the test fails when it is missing. */
function keytool(args: string[]): Promise<RunResult> {
  return tool('keytool', ['-J-Duser.language=en', ...args]);
}

/** OpenSSL, asynchronously. */
function osslAsync(args: string[]): Promise<RunResult> {
  return tool('openssl', args);
}

/** Runs independent failing cases in parallel; each must exit with `code` and say `msg` on stderr. */
async function fails(code: 1 | 2, cases: ReadonlyArray<readonly [string[], string | RegExp]>): Promise<void> {
  const results = await pool(cases, 4, ([args]) => cli(args));
  results.forEach((r, i) => {
    const [args, msg] = cases[i]!;
    expect(r.code, `certkit ${args.join(' ')}: ${r.stderr}`).toBe(code);
    if (typeof msg === 'string') expect(r.stderr, `certkit ${args.join(' ')}`).toContain(msg);
    else expect(r.stderr, `certkit ${args.join(' ')}`).toMatch(msg);
  });
}

describe('help', () => {
  it('the new commands are listed and each has --help', async () => {
    const cmds = ['pkcs12 create', 'pkcs12 inspect', 'pkcs12 extract', 'key encrypt', 'key decrypt'];
    const main = await cli(['--help']);
    for (const c of cmds) expect(main.stdout).toContain(`  ${c} `);
    const rs = await pool(cmds, 5, (c) => cli([...c.split(' '), '--help']));
    rs.forEach((r, i) => {
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: certkit ${cmds[i]}`));
    });
    const group = await cli(['pkcs12']);
    expect([group.code, group.stderr]).toEqual([2, expect.stringContaining('certkit pkcs12 <create|inspect|extract>')]);
    expect((await cli(['ca', 'issue', '--help'])).stdout).toContain('--generate-key');
  });
});

describe('certkit ca issue --generate-key', () => {
  it('writes a PKCS#12 that certkit, OpenSSL and keytool open, with key, certificate and chain', async () => {
    const r = await cli([
      'ca',
      'issue',
      'ca',
      '--generate-key',
      '--key-type',
      'rsa-2048',
      '--profile',
      'tls-client',
      '--subject',
      'CN=alice,O=Example',
      '--email',
      'alice@example.com',
      '--p12',
      'alice.p12',
      '--p12-pass',
      `pass:${P12_PASS}`,
      '--name',
      'alice',
      '--out',
      'alice.pem',
      '--now',
      NOW,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/issued serial [0-9a-f]+ under tls-client\n {2}subject {2}CN=alice,O=Example\n {2}names {4}email:alice@example.com\n/);
    expect(r.stderr).toContain('pkcs12   alice.p12: RSA (2048 bit) key (generated here, not kept), certificate and 2 chain certificates');
    expect(fs.statSync(f('alice.p12')).mode & 0o777).toBe(0o600);

    const p = await parsePkcs12(new Uint8Array(fs.readFileSync(f('alice.p12'))), P12_PASS);
    const cert = parseCertificate(fs.readFileSync(f('alice.pem'), 'utf8'));
    expect(p.keys).toHaveLength(1);
    expect(keyMatches(p.keys[0]!.key, certificatePublicKey(cert))).toBe(true);
    expect(p.keys[0]!.friendlyName).toBe('alice');
    expect(p.certificates.map((c) => c.certificate.subject.toString())).toEqual(['CN=alice,O=Example', 'CN=ca Issuing CA', 'CN=ca Root CA']);

    const [info, nodes, kt, list] = await Promise.all([
      osslAsync(['pkcs12', '-in', 'alice.p12', '-info', '-noout', '-passin', `pass:${P12_PASS}`]),
      osslAsync(['pkcs12', '-in', 'alice.p12', '-nodes', '-nocerts', '-passin', `pass:${P12_PASS}`]),
      keytool(['-list', '-v', '-keystore', 'alice.p12', '-storetype', 'PKCS12', '-storepass', P12_PASS]),
      cli(['ca', 'list', 'ca', '--now', NOW]),
    ]);
    // OpenSSL 3: MAC verifies, PBES2 everywhere; the key it decrypts is the certificate's.
    expect(info.code, info.stderr).toBe(0);
    expect(info.stderr).toContain('MAC: sha256, Iteration 100000');
    expect(info.stderr).toContain('Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 100000, PRF hmacWithSHA256');
    expect(info.stderr.match(/Certificate bag/g)).toHaveLength(3);
    expect(nodes.code).toBe(0);
    expect(keyMatches(importPrivateKey(nodes.stdout.slice(nodes.stdout.indexOf('-----BEGIN'))), certificatePublicKey(cert))).toBe(true);

    // Java 17 keytool: one PrivateKeyEntry under the friendlyName, chain of 3.
    expect(kt.code, kt.stderr).toBe(0);
    expect(kt.stdout).toContain('Alias name: alice');
    expect(kt.stdout).toContain('Entry type: PrivateKeyEntry');
    expect(kt.stdout).toContain('Certificate chain length: 3');
    expect(kt.stdout).toContain('Owner: CN=alice, O=Example');

    // the CA recorded it
    expect(list.stdout).toMatch(/active\s+tls-client\s.*CN=alice,O=Example/);
  });

  it('the profile still decides: a refused issuance exits 1 and writes no file', async () => {
    const r = await cli([
      'ca',
      'issue',
      'ca',
      '--generate-key',
      '--profile',
      'tls-server',
      '--subject',
      'CN=mail',
      '--email',
      'a@example.com',
      '--p12',
      'refused.p12',
      '--p12-pass',
      'pass:x',
      '--now',
      NOW,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('issuance refused under profile tls-server');
    expect(r.stderr).toContain('san-kind-not-allowed');
    expect(fs.existsSync(f('refused.p12'))).toBe(false);
  });

  it('usage errors exit 2', async () => {
    fs.writeFileSync(f('exists.p12'), 'x');
    await fails(2, [
      [['ca', 'issue', 'ca', '--generate-key', '--profile', 'tls-client', '--subject', 'CN=a', '--p12-pass', 'pass:x'], '--generate-key needs --p12 FILE'],
      [['ca', 'issue', 'ca', '--generate-key', '--profile', 'tls-client', '--subject', 'CN=a', '--p12', 'a.p12'], '--generate-key needs --p12-pass SRC'],
      [['ca', 'issue', 'ca', '--generate-key', '--profile', 'tls-client', '--p12', 'a.p12', '--p12-pass', 'pass:x'], '--generate-key needs --subject'],
      [['ca', 'issue', 'ca', '--generate-key', '--csr', 'leaf.csr', '--profile', 'tls-client'], 'give --csr or --generate-key, not both'],
      [['ca', 'issue', 'ca', '--csr', 'leaf.csr', '--profile', 'tls-server', '--p12', 'a.p12'], '--p12 goes with --generate-key'],
      [['ca', 'issue', 'ca', '--generate-key', '--key-type', 'dsa', '--profile', 'tls-client', '--subject', 'CN=a', '--p12', 'a.p12', '--p12-pass', 'pass:x'], "unknown key type 'dsa'"],
      [['ca', 'issue', 'ca', '--generate-key', '--profile', 'tls-client', '--subject', 'CN=a', '--p12', 'exists.p12', '--p12-pass', 'pass:x'], 'exists.p12 already exists'],
      [['ca', 'issue', 'ca', '--generate-key', '--profile', 'tls-client', '--subject', 'CN=a', '--p12', 'a.p12', '--p12-pass', 'env:NO_SUCH_VAR_X'], 'NO_SUCH_VAR_X is not set'],
    ]);
    expect(fs.existsSync(f('a.p12'))).toBe(false);
  });
});

describe('certkit pkcs12 create / inspect / extract', () => {
  it('create (default form): OpenSSL and keytool read it; inspect shows it; extract gives the same key and certificates back', async () => {
    const c = await cli(['pkcs12', 'create', '--key', 'leaf.key', '--cert', 'leaf.pem', '--chain', 'ca/chain.pem', '--name', 'www', '--pass', `pass:${P12_PASS}`, '--out', 'www.p12']);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stderr).toContain("wrote www.p12: ECDSA P-256 (256 bit) key, certificate CN=www.example.com, 2 chain certificates, friendlyName 'www'");
    const [info, kt, text, json, x, s, e] = await Promise.all([
      osslAsync(['pkcs12', '-in', 'www.p12', '-info', '-noout', '-passin', `pass:${P12_PASS}`]),
      keytool(['-list', '-v', '-keystore', 'www.p12', '-storetype', 'PKCS12', '-storepass', P12_PASS]),
      cli(['pkcs12', 'inspect', 'www.p12', '--pass', `pass:${P12_PASS}`]),
      cli(['pkcs12', 'inspect', 'www.p12', '--pass', `pass:${P12_PASS}`, '--json']),
      cli(['pkcs12', 'extract', 'www.p12', '--pass', `pass:${P12_PASS}`, '--key-out', 'x.key', '--cert-out', 'x.pem', '--chain-out', 'x-chain.pem']),
      cli(['pkcs12', 'extract', 'www.p12', '--pass', `pass:${P12_PASS}`]),
      cli(['pkcs12', 'extract', 'www.p12', '--pass', `pass:${P12_PASS}`, '--key-out', 'xe.key', '--key-pass', 'pass:kp']),
    ]);
    expect(info.code, info.stderr).toBe(0);
    expect(info.stderr).toContain('MAC: sha256, Iteration 100000');
    expect(kt.stdout).toContain('Alias name: www');
    expect(kt.stdout).toContain('Certificate chain length: 3');

    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^www\.p12: PKCS#12, MAC HMAC-SHA-256 \(100000 iterations, 16-byte salt\) verified\nPrivate key \[0\]: ECDSA P-256 \(256 bit\)\n/);
    expect(text.stdout).toContain('    certificate:   [0] (the key belongs to it)');
    expect(text.stdout).toContain('Certificate [2]: CN=ca Root CA');
    expect(text.stdout).not.toContain('PRIVATE KEY');
    const j = JSON.parse(json.stdout) as { mac: { hash: string }; keys: { friendlyName: string; certificate: number; spkiSha256: string }[]; certificates: { subject: string }[] };
    expect(j.mac.hash).toBe('SHA-256');
    expect(j.keys).toEqual([expect.objectContaining({ friendlyName: 'www', certificate: 0, spkiSha256: importPrivateKey(fs.readFileSync(f('leaf.key'), 'utf8')).publicKey.fingerprint256() })]);
    expect(j.certificates.map((x) => x.subject)).toEqual(['CN=www.example.com', 'CN=ca Issuing CA', 'CN=ca Root CA']);

    expect(x.code, x.stderr).toBe(0);
    expect(importPrivateKey(fs.readFileSync(f('x.key'), 'utf8')).toPkcs8()).toEqual(importPrivateKey(fs.readFileSync(f('leaf.key'), 'utf8')).toPkcs8());
    expect(fs.statSync(f('x.key')).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(f('x.pem'), 'utf8')).toBe(fs.readFileSync(f('leaf.pem'), 'utf8'));
    expect(fs.readFileSync(f('x-chain.pem'), 'utf8')).toBe(fs.readFileSync(f('ca/chain.pem'), 'utf8'));
    // without --*-out: the certificates as PEM on stdout, no key
    expect(s.stdout).toBe(fs.readFileSync(f('leaf.pem'), 'utf8') + fs.readFileSync(f('ca/chain.pem'), 'utf8'));
    // extract with --key-pass: an encrypted key that openssl decrypts
    expect(e.code).toBe(0);
    expect(fs.readFileSync(f('xe.key'), 'utf8')).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    expect(ossl(['pkey', '-in', 'xe.key', '-passin', 'pass:kp', '-noout']).code).toBe(0);
  });

  it('create --legacy (Triple-DES, SHA-1 MAC): openssl pkcs12 -legacy and keytool read it', async () => {
    const c = await cli(['pkcs12', 'create', '--legacy', '--key', 'leaf.key', '--cert', 'leaf.pem', '--chain', 'ca/chain.pem', '--name', 'old', '--pass', 'pass:legacy', '--out', 'old.p12']);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stderr).toContain('legacy form: pbeWithSHAAnd3-KeyTripleDES-CBC, HMAC-SHA-1 MAC, 2048 iterations (weak; only for old importers)');
    const [info, nodes, kt, bad, i] = await Promise.all([
      osslAsync(['pkcs12', '-in', 'old.p12', '-info', '-noout', '-legacy', '-passin', 'pass:legacy']),
      osslAsync(['pkcs12', '-in', 'old.p12', '-nodes', '-nocerts', '-legacy', '-passin', 'pass:legacy']),
      keytool(['-list', '-v', '-keystore', 'old.p12', '-storetype', 'PKCS12', '-storepass', 'legacy']),
      keytool(['-list', '-keystore', 'old.p12', '-storetype', 'PKCS12', '-storepass', 'nope']),
      cli(['pkcs12', 'inspect', 'old.p12', '--pass', 'pass:legacy']),
    ]);
    expect(info.code, info.stderr).toBe(0);
    expect(info.stderr).toContain('MAC: sha1, Iteration 2048');
    expect(info.stderr).toContain('PKCS7 Encrypted data: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048');
    expect(info.stderr).toContain('Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048');
    expect(importPrivateKey(nodes.stdout.slice(nodes.stdout.indexOf('-----BEGIN'))).toPkcs8()).toEqual(importPrivateKey(fs.readFileSync(f('leaf.key'), 'utf8')).toPkcs8());
    expect(kt.code, kt.stderr).toBe(0);
    expect(kt.stdout).toContain('Alias name: old');
    expect(kt.stdout).toContain('Certificate chain length: 3');
    expect(bad.code).not.toBe(0);
    expect(bad.stdout + bad.stderr).toContain('keystore password was incorrect');
    expect(i.stdout).toContain('MAC HMAC-SHA-1 (2048 iterations');
    expect(i.stdout).toContain('encryption:    pbeWithSHAAnd3-KeyTripleDES-CBC, 2048 iterations');
  });

  it('a non-ASCII password works with certkit and OpenSSL, and create warns that Java keytool refuses it', async () => {
    const c = await cli(['pkcs12', 'create', '--key', 'leaf.key', '--cert', 'leaf.pem', '--pass', 'pass:pässwörd-€', '--out', 'unicode.p12', '--iterations', '2048']);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stderr).toContain('note: the password is not ASCII; Java keytool cannot open PKCS#12 files with such passwords');
    const [o, c2, kt] = await Promise.all([
      osslAsync(['pkcs12', '-in', 'unicode.p12', '-info', '-noout', '-passin', 'pass:pässwörd-€']),
      cli(['pkcs12', 'inspect', 'unicode.p12', '--pass', 'pass:pässwörd-€']),
      keytool(['-list', '-keystore', 'unicode.p12', '-storetype', 'PKCS12', '-storepass', 'pässwörd-€']),
    ]);
    expect(o.code, o.stderr).toBe(0);
    expect(c2.code, c2.stderr).toBe(0);
    // OpenJDK 17: "Password is not ASCII" (PBES2) or "keystore password was incorrect"
    expect(kt.code).not.toBe(0);
    expect(kt.stdout + kt.stderr).toMatch(/Password is not ASCII|keystore password was incorrect/);
  });

  it('reads OpenSSL files: -export (default), and -export -legacy (RC2-40 certificates) only with the legacy provider', async () => {
    expect(ossl(['pkcs12', '-export', '-inkey', 'leaf.key', '-in', 'leaf.pem', '-certfile', 'ca/chain.pem', '-name', 'ossl', '-passout', 'pass:o', '-out', 'ossl.p12']).code).toBe(0);
    expect(ossl(['pkcs12', '-export', '-legacy', '-inkey', 'leaf.key', '-in', 'leaf.pem', '-passout', 'pass:o', '-out', 'ossl-legacy.p12']).code).toBe(0);
    const [d, noRc2, rc2] = await Promise.all([
      cli(['pkcs12', 'inspect', 'ossl.p12', '--pass', 'pass:o']),
      cli(['pkcs12', 'inspect', 'ossl-legacy.p12', '--pass', 'pass:o']),
      cli(['pkcs12', 'inspect', 'ossl-legacy.p12', '--pass', 'pass:o'], { NODE_OPTIONS: '--openssl-legacy-provider' }),
    ]);
    expect(d.code, d.stderr).toBe(0);
    expect(d.stdout).toContain('MAC HMAC-SHA-256 (2048 iterations, 8-byte salt) verified');
    expect(d.stdout).toContain('friendlyName:  ossl');
    expect(noRc2.code).toBe(2);
    expect(noRc2.stderr).toContain('uses RC2');
    expect(noRc2.stderr).toContain('NODE_OPTIONS=--openssl-legacy-provider');
    expect(noRc2.stderr).toContain('[legacy-cipher-unavailable');
    expect(rc2.code, rc2.stderr).toBe(0);
    expect(rc2.stdout).toContain('encryption:    pbewithSHAAnd40BitRC2-CBC, 2048 iterations');
    expect(rc2.stdout).toContain('Certificate [0]: CN=www.example.com');
  });

  it('wrong passwords, wrong files and bad options exit 2 with a message', async () => {
    const p12 = fs.readFileSync(f('www.p12'));
    fs.writeFileSync(f('truncated.p12'), p12.subarray(0, p12.length - 40));
    const tampered = Buffer.from(p12);
    tampered[tampered.length - 60]! ^= 1;
    fs.writeFileSync(f('tampered.p12'), tampered);
    fs.writeFileSync(f('garbage.p12'), 'not a pkcs12 file at all');
    fs.writeFileSync(f('empty.p12'), '');
    const { privateKey } = await generateKeyPair('P-256');
    fs.writeFileSync(f('other.key'), privateKey.toPem('pkcs8'));
    await fails(2, [
      [['pkcs12', 'inspect', 'www.p12', '--pass', 'pass:wrong'], 'wrong password for www.p12 (its MAC does not verify'],
      [['pkcs12', 'extract', 'www.p12', '--pass', 'pass:wrong', '--cert-out', 'never.pem'], 'wrong password for www.p12'],
      [['pkcs12', 'inspect', 'tampered.p12', '--pass', `pass:${P12_PASS}`], /wrong password for tampered\.p12|tampered\.p12: /],
      [['pkcs12', 'inspect', 'truncated.p12', '--pass', `pass:${P12_PASS}`], 'truncated.p12: '],
      [['pkcs12', 'inspect', 'garbage.p12', '--pass', 'pass:x'], 'garbage.p12: '],
      [['pkcs12', 'inspect', 'empty.p12', '--pass', 'pass:x'], 'empty.p12 is empty'],
      [['pkcs12', 'inspect', 'leaf.pem', '--pass', 'pass:x'], 'leaf.pem is PEM text; a PKCS#12 file is binary'],
      [['pkcs12', 'inspect', 'missing.p12', '--pass', 'pass:x'], 'no such file: missing.p12'],
      [['pkcs12', 'inspect', 'www.p12'], '--pass is required'],
      [['pkcs12', 'create', '--key', 'other.key', '--cert', 'leaf.pem', '--pass', 'pass:x', '--out', 'mismatch.p12'], 'does not belong to the certificate'],
      [['pkcs12', 'create', '--key', 'leaf.key', '--cert', 'leaf.pem', '--pass', 'pass:x', '--out', 'www.p12'], 'www.p12 already exists'],
      [['pkcs12', 'create', '--key', 'leaf.key', '--cert', 'leaf.pem', '--pass', 'pass:x'], '--out is required'],
      [['pkcs12', 'create', '--key', 'leaf.key', '--cert', 'leaf.csr', '--pass', 'pass:x', '--out', 'y.p12'], 'holds a certificate request, not certificates'],
      [['pkcs12', 'create', '--key', 'leaf.key', '--cert', 'leaf.pem', '--pass', 'pass:x', '--out', 'y.p12', '--iterations', '5'], '--iterations must be a whole number'],
      [['pkcs12', 'extract', 'www.p12', '--pass', `pass:${P12_PASS}`, '--key-pass', 'pass:k'], '--key-pass encrypts the key written to --key-out'],
      [['pkcs12', 'extract', 'www.p12', '--pass', `pass:${P12_PASS}`, '--cert-out', 'leaf.pem'], 'leaf.pem already exists'],
      [['inspect', 'www.p12'], 'www.p12 is a PKCS#12 (.p12/.pfx) file; use: certkit pkcs12 inspect'],
    ]);
    for (const n of ['mismatch.p12', 'y.p12', 'never.pem']) expect(fs.existsSync(f(n))).toBe(false);
  });
});

describe('certkit key encrypt / decrypt', () => {
  it('encrypt: openssl pkey decrypts it; decrypt: certkit decrypts openssl pkcs8 -topk8 -v2 aes-256-cbc and -v1 PBE-SHA1-3DES', async () => {
    const e = await cli(['key', 'encrypt', 'leaf.key', '--pass', 'pass:enc', '--out', 'leaf.enc.pem']);
    expect(e.code, e.stderr).toBe(0);
    expect(e.stderr).toContain('encrypted ECDSA P-256 (256 bit) key: PBES2, PBKDF2-HMAC-SHA-256 (100000 iterations), AES-256-CBC -> leaf.enc.pem');
    expect(fs.statSync(f('leaf.enc.pem')).mode & 0o777).toBe(0o600);
    const pk = ossl(['pkey', '-in', 'leaf.enc.pem', '-passin', 'pass:enc']);
    expect(pk.code, pk.stderr).toBe(0);
    expect(importPrivateKey(pk.stdout).toPkcs8()).toEqual(importPrivateKey(fs.readFileSync(f('leaf.key'), 'utf8')).toPkcs8());
    const asn = ossl(['asn1parse', '-in', 'leaf.enc.pem']);
    expect(asn.stdout).toMatch(/hmacWithSHA256/);
    expect(asn.stdout).toMatch(/aes-256-cbc/);
    const e128 = await cli(['key', 'encrypt', 'leaf.key', '--pass', 'pass:enc', '--cipher', 'aes-128-cbc', '--iterations', '2048']);
    fs.writeFileSync(f('leaf.enc128.pem'), e128.stdout);
    expect(ossl(['pkey', '-in', 'leaf.enc128.pem', '-passin', 'pass:enc', '-noout']).code).toBe(0);
    expect(ossl(['asn1parse', '-in', 'leaf.enc128.pem']).stdout).toMatch(/aes-128-cbc/);

    expect(ossl(['pkcs8', '-topk8', '-v2', 'aes-256-cbc', '-in', 'leaf.key', '-passout', 'pass:ossl', '-out', 'ossl.enc.pem']).code).toBe(0);
    expect(ossl(['pkcs8', '-topk8', '-v1', 'PBE-SHA1-3DES', '-in', 'leaf.key', '-passout', 'pass:ossl', '-out', 'ossl.3des.pem']).code).toBe(0);
    const [d1, d2] = await Promise.all([cli(['key', 'decrypt', 'ossl.enc.pem', '--pass', 'pass:ossl', '--out', 'dec1.key']), cli(['key', 'decrypt', 'ossl.3des.pem', '--pass', 'pass:ossl'])]);
    expect(d1.code, d1.stderr).toBe(0);
    expect(d2.code, d2.stderr).toBe(0);
    const want = importPrivateKey(fs.readFileSync(f('leaf.key'), 'utf8')).toPkcs8();
    expect(importPrivateKey(fs.readFileSync(f('dec1.key'), 'utf8')).toPkcs8()).toEqual(want);
    expect(importPrivateKey(d2.stdout).toPkcs8()).toEqual(want);
    expect(d2.stdout).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
  });

  it('wrong passphrases and wrong inputs exit 2', async () => {
    await fails(2, [
      [['key', 'decrypt', 'leaf.enc.pem', '--pass', 'pass:wrong'], 'wrong passphrase for leaf.enc.pem'],
      [['key', 'decrypt', 'leaf.enc.pem'], '--pass is required'],
      [['key', 'decrypt', 'leaf.key', '--pass', 'pass:x'], 'leaf.key is not encrypted'],
      [['key', 'encrypt', 'leaf.enc.pem', '--pass', 'pass:x'], 'leaf.enc.pem is already encrypted'],
      [['key', 'encrypt', 'leaf.pem', '--pass', 'pass:x'], 'holds a certificate, not one private key'],
      [['key', 'encrypt', 'leaf.key', '--pass', 'pass:x', '--cipher', 'des-cbc'], '--cipher must be one of aes-128-cbc, aes-192-cbc, aes-256-cbc'],
      [['key', 'encrypt', 'leaf.key', '--pass', 'pass:x', '--out', 'leaf.key'], 'leaf.key already exists'],
      [['key', 'encrypt', 'leaf.key', '--pass', 'bogus'], '--pass must be pass:TEXT, env:VARIABLE, file:PATH or fd:N'],
    ]);
  });
});
