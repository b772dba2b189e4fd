/**
 * Passwords asked on a terminal without echo, for real: each command runs under util-linux
 * `script`, which gives it a pseudo-terminal as standard input, output and error; the test waits
 * for the prompt, types the password (and Enter) into the terminal, and checks the command used
 * it (OpenSSL opens the PKCS#12 with it; the key decrypts) and that the password never appears in
 * what the terminal showed. Without a terminal and without `--pass`, each command refuses with a
 * usage error at once instead of waiting for input. `script` is required: the test fails when it
 * is missing.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle, openssl, runNodeAsync, scratch, type RunResult } from './cli-test-helpers';

const NOW = '2025-06-01T12:00:00Z';
const SECRET = 'Tr0ub4dor-and-3';
let bin: string;
let dir: string;

beforeAll(async () => {
  const s = spawnSync('script', ['--version'], { encoding: 'utf8' });
  if (s.error) throw new Error(`util-linux script is required for this test: ${s.error.message}`);
  bin = (await bundle({ certkit: 'src/cli/main.ts' })).certkit!;
  dir = scratch('cli-password-prompt');
  for (const args of [
    ['ca', 'init', 'ca', '--now', NOW],
    ['ca', 'init', 'enc-ca', '--now', NOW, '--pass', `pass:${SECRET}`],
    ['key', 'new', '--type', 'ec-p256', '--out', 'leaf.key'],
    ['key', 'new', '--type', 'ec-p256', '--out', 'leaf.enc.key', '--pass', `pass:${SECRET}`],
    ['csr', 'new', '--key', 'leaf.key', '--subject', 'CN=www.example.com', '--dns', 'www.example.com', '--out', 'leaf.csr'],
    ['ca', 'issue', 'ca', '--csr', 'leaf.csr', '--profile', 'tls-server', '--out', 'leaf.pem', '--now', NOW],
  ]) {
    const r = await runNodeAsync(bin, args, { cwd: dir });
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  }
}, 60_000);
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(path.dirname(bin), { recursive: true, force: true });
});

function q(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Runs certkit on a pseudo-terminal (`script -q -e -c CMD /dev/null`) and types `answers[i]` +
 * Enter each time the i-th prompt ending in ':' has appeared. Returns everything the terminal
 * showed (standard output and error share it) and the exit code (`-e`: the command's).
 */
function onTerminal(args: string[], answers: string[], prompt = /(Password|pass phrase[^:]*):\s*$/): Promise<RunResult & { prompts: number }> {
  return new Promise((resolve, reject) => {
    const cmd = [process.execPath, bin, ...args].map(q).join(' ');
    const p = spawn('script', ['-q', '-e', '-c', cmd, '/dev/null'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
    let shown = '';
    let stderr = '';
    let prompts = 0;
    let seen = 0; // the terminal output up to here has been answered
    p.stdout.setEncoding('utf8').on('data', (d: string) => {
      shown += d;
      // A prompt is the last thing on the screen; answer it once.
      if (prompt.test(shown.slice(seen))) {
        seen = shown.length;
        const next = answers[prompts++];
        if (next !== undefined) p.stdin.write(`${next}\r`);
      }
    });
    p.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    p.stdin.on('error', () => {});
    const timer = setTimeout(() => p.kill('SIGKILL'), 60_000);
    p.on('error', reject);
    p.on('close', (code, signal) => {
      clearTimeout(timer);
      p.stdin.destroy();
      resolve({ code, signal, stdout: shown, stderr, prompts });
    });
  });
}

describe('passwords typed on a terminal are not echoed', () => {
  it('pkcs12 create asks for the export password twice, and OpenSSL opens the file with it', async () => {
    const r = await onTerminal(['pkcs12', 'create', '--key', 'leaf.key', '--cert', 'leaf.pem', '--out', 'typed.p12'], [SECRET, SECRET]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.prompts).toBe(2);
    expect(r.stdout).toContain('Enter Export Password:');
    expect(r.stdout).toContain('Verifying - Enter Export Password:');
    expect(r.stdout).not.toContain(SECRET);
    const o = openssl(['pkcs12', '-in', 'typed.p12', '-passin', `pass:${SECRET}`, '-noout'], { cwd: dir });
    expect(o.code, o.stderr).toBe(0);
  }, 60_000);

  it('pkcs12 inspect asks for the import password; a wrong one exits 2', async () => {
    const made = await runNodeAsync(bin, ['pkcs12', 'create', '--key', 'leaf.key', '--cert', 'leaf.pem', '--out', 'given.p12', '--pass', `pass:${SECRET}`], { cwd: dir });
    expect(made.code, made.stderr).toBe(0);
    const ok = await onTerminal(['pkcs12', 'inspect', 'given.p12'], [SECRET]);
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout).toContain('Enter Import Password:');
    expect(ok.stdout).toMatch(/MAC HMAC-SHA-256 .* verified/);
    expect(ok.stdout).not.toContain(SECRET);
    const bad = await onTerminal(['pkcs12', 'inspect', 'given.p12'], ['not-the-password']);
    expect(bad.code, bad.stdout).toBe(2);
    expect(bad.stdout).not.toContain('not-the-password');
  }, 60_000);

  it('two different answers to the confirmation are refused', async () => {
    const r = await onTerminal(['pkcs12', 'create', '--key', 'leaf.key', '--cert', 'leaf.pem', '--out', 'mismatch.p12'], [SECRET, `${SECRET}x`]);
    expect(r.code, r.stdout).toBe(2);
    expect(r.stdout).toContain('the two passwords do not match');
    expect(fs.existsSync(path.join(dir, 'mismatch.p12'))).toBe(false);
  }, 60_000);

  it('an encrypted key is asked for (key decrypt, match), with Backspace honoured', async () => {
    // 'x' then Backspace (DEL): the password typed is SECRET.
    const d = await onTerminal(['key', 'decrypt', 'leaf.enc.key', '--out', 'leaf.dec.key'], [`${SECRET}x\u007f`]);
    expect(d.code, d.stdout).toBe(0);
    expect(d.stdout).toContain('Enter pass phrase for leaf.enc.key:');
    expect(d.stdout).not.toContain(SECRET);
    expect(fs.readFileSync(path.join(dir, 'leaf.dec.key'), 'utf8')).toContain('-----BEGIN PRIVATE KEY-----');
    const m = await onTerminal(['match', 'leaf.enc.key', 'leaf.enc.key'], ['wrong-one']);
    expect(m.code, m.stdout).toBe(2);
    expect(m.stdout).toContain('wrong passphrase for leaf.enc.key');
  }, 60_000);

  it('a CA directory with encrypted keys asks once for both', async () => {
    const r = await onTerminal(['ca', 'crl', 'enc-ca', '--now', NOW], [SECRET, SECRET]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.prompts).toBe(1);
    expect(r.stdout).toContain('Enter pass phrase for the CA keys in enc-ca:');
    expect(r.stdout).not.toContain(SECRET);
  }, 60_000);
});

describe('without a terminal and without --pass, a usage error at once', () => {
  for (const [args, text] of [
    [['pkcs12', 'create', '--key', 'leaf.key', '--cert', 'leaf.pem', '--out', 'never.p12'], '--pass is required'],
    [['pkcs12', 'inspect', 'given.p12'], '--pass is required'],
    [['key', 'decrypt', 'leaf.enc.key'], '--pass is required'],
    [['key', 'encrypt', 'leaf.key'], '--pass is required'],
    [['match', 'leaf.enc.key', 'leaf.pem'], 'leaf.enc.key is encrypted; give its passphrase with --pass'],
    [['ca', 'crl', 'enc-ca'], 'give its passphrase with --pass'],
  ] as const) {
    it(`certkit ${args.join(' ')}`, async () => {
      const r = await runNodeAsync(bin, [...args], { cwd: dir }); // standard input is a pipe
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(text);
      expect(r.stderr).not.toContain('Password:');
    }, 30_000);
  }
});
