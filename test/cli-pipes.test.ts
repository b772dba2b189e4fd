/**
 * The CLI in pipes (issue 20): a reader that closes early (`| head -1`) ends the run quietly, `-`
 * reads standard input whatever the writer's pace, and under `--json` errors are JSON on stdout.
 * Real shell pipelines over the bundled CLI.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle, runNodeAsync, scratch } from './cli-test-helpers';

let bin: string;
let dir: string;

beforeAll(async () => {
  bin = (await bundle({ certkit: 'src/cli/main.ts' })).certkit!;
  dir = scratch('cli-pipes');
  const run = async (...a: string[]) => {
    const r = await runNodeAsync(bin, a, { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
  };
  await run('key', 'new', '--type', 'ec-p256', '--out', 'k.pem');
  await run('cert', 'self-signed', '--key', 'k.pem', '--subject', 'CN=pipe.example', '--dns', 'pipe.example', '--out', 'c.pem');
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(path.dirname(bin), { recursive: true, force: true });
});

function sh(script: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync('bash', ['-o', 'pipefail', '-c', script], { cwd: dir, encoding: 'utf8', env: { ...process.env, CK: `${process.execPath} ${bin}` }, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('pipes', () => {
  it('a reader that closes early ends the run quietly (no EPIPE stack trace)', () => {
    // Many certificates, so the output is larger than the pipe buffer when head exits.
    fs.writeFileSync(path.join(dir, 'many.pem'), fs.readFileSync(path.join(dir, 'c.pem'), 'utf8').repeat(400));
    const r = sh('$CK inspect many.pem | head -1; echo "status=${PIPESTATUS[0]}" >&2');
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).not.toMatch(/EPIPE|Error|at /);
    expect(r.stderr).toContain('status=0');
  });

  it('`-` reads standard input from a slow writer', () => {
    const r = sh('(sleep 0.5; head -c 100 c.pem; sleep 0.5; tail -c +101 c.pem) | $CK inspect -');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Subject: CN = pipe\.example/);
  });

  it('`-` twice in one run is a usage error, not a hang', () => {
    const r = sh('cat c.pem | $CK inspect - -');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("standard input ('-') can be read once per run");
  });
});

describe('passphrases', () => {
  it('--pass fd:N reads the first line of an open file descriptor, as OpenSSL does', () => {
    fs.writeFileSync(path.join(dir, 'pw.txt'), 'fd secret\nsecond line\n');
    const enc = sh('$CK key encrypt k.pem --pass fd:3 3<pw.txt');
    expect(enc.code, enc.stderr).toBe(0);
    expect(enc.stdout).toContain('BEGIN ENCRYPTED PRIVATE KEY');
    fs.writeFileSync(path.join(dir, 'k.enc.pem'), enc.stdout);
    // The same passphrase from another source opens it; a wrong one does not.
    expect(sh("$CK key decrypt k.enc.pem --pass 'pass:fd secret'").code).toBe(0);
    expect(sh("$CK key decrypt k.enc.pem --pass 'pass:second line'").code).toBe(2);
    const bad = sh('$CK key encrypt k.pem --pass fd:9');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('cannot read file descriptor 9');
  });
});

describe('--json errors', () => {
  it('a usage error under --json is JSON on stdout (and a message on stderr)', () => {
    const r = sh('$CK inspect missing.pem --json');
    expect(r.code).toBe(2);
    const j = JSON.parse(r.stdout) as { error: { code: string; message: string; exitCode: number } };
    expect(j.error).toMatchObject({ code: 'usage', exitCode: 2 });
    expect(j.error.message).toContain('no such file: missing.pem');
    expect(r.stderr).toContain('no such file: missing.pem');
  });

  it('text without a PEM block is reported as such, not as bad DER', () => {
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'hello, this is not a certificate\n');
    const r = sh('$CK inspect notes.txt');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("notes.txt is text without a PEM block ('-----BEGIN ...-----')");
    expect(r.stderr).not.toContain('content octets');
  });

  it('a parse error under --json carries the library error code', () => {
    fs.writeFileSync(path.join(dir, 'bad.der'), new Uint8Array([0x30, 0x03, 0x02, 0x01]));
    const r = sh('$CK inspect bad.der --json');
    expect(r.code).toBe(2);
    const j = JSON.parse(r.stdout) as { error: { code: string; message: string } };
    expect(j.error.code).not.toBe('internal-error');
    expect(j.error.message.length).toBeGreaterThan(10);
  });
});
