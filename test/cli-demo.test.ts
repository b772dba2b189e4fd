/**
 * The lifecycle demo: the README's main command (`npm run demo`, i.e. `tsx examples/demo.ts`,
 * straight from the sources) and `certkit demo --keep DIR` both run every step green and exit 0.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCertificate, parseCrl } from '../src/index';
import { ROOT, bundle, runNodeAsync, scratch } from './cli-test-helpers';
import { certificateDnsNames } from '../src/x509/index';
import { isSerialRevoked } from '../src/crl/index';

let bin: string;
let dir: string;
beforeAll(async () => {
  bin = (await bundle({ certkit: 'src/cli/main.ts' })).certkit!;
  dir = scratch('cli-demo');
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(path.dirname(bin), { recursive: true, force: true });
});

describe('the lifecycle demo', () => {
  it('npm run demo (tsx examples/demo.ts) passes every step', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.demo).toBe('tsx examples/demo.ts');
    const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['examples/demo.ts'], { cwd: ROOT, encoding: 'utf8', timeout: 90_000 });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    for (let i = 1; i <= 10; i++) expect(r.stdout).toContain(`[${i}/10] `);
    expect(r.stdout.match(/\u2714 as expected/g)).toHaveLength(10);
    expect(r.stdout).not.toContain('\u2718');
    expect(r.stdout).toMatch(/\u2714 10\/10 steps behaved as expected/);
    expect(r.stdout).toMatch(/GET https:\/\/localhost:\d+\/ {2}-> 200, TLSv1\.3/);
    expect(r.stdout).toContain('certkit: revoked');
    expect(r.stdout).toContain('Node TLS client given the CRLs: CERT_REVOKED');
    // The temporary directory is removed.
    const work = /work directory: (\S+)/.exec(r.stdout)![1]!;
    expect(fs.existsSync(work)).toBe(false);
  });

  it('certkit demo --keep DIR keeps the files; a non-empty DIR is refused', async () => {
    const keep = path.join(dir, 'kept');
    const r = await runNodeAsync(bin, ['demo', '--keep', keep]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`files kept in ${keep}`);
    const leaf = parseCertificate(fs.readFileSync(path.join(keep, 'localhost.crt'), 'utf8'));
    expect(certificateDnsNames(leaf)).toEqual(['localhost']);
    const crl = parseCrl(fs.readFileSync(path.join(keep, 'ca', 'intermediate', 'crl.pem'), 'utf8'));
    expect(isSerialRevoked(crl, leaf.serialNumber)).toBe(true);
    const again = await runNodeAsync(bin, ['demo', '--keep', keep]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('not an empty directory');
  });
});
