/**
 * The README's two commands on a fresh clone, as a new user runs them. The repository is cloned
 * at HEAD (`git clone`: what is committed, not the working tree's uncommitted changes) into a
 * temporary directory, with an environment cleaned of the parent's npm variables and of this
 * checkout's `node_modules/.bin`, and then:
 *
 * 1. the demo line is run exactly as the README writes it (`sh -c` on the line, its comment
 *    included), and must exit 0 with every demo step as expected;
 * 2. the test line: its install part (`npm ci`) exactly as written, then `npm test` with one small
 *    test file after `--` (`npm test -- test/readme-example.test.ts`: the typecheck of the whole
 *    project, then that file). Running the whole suite again from inside the suite would double
 *    CI time (6+ minutes on two cores) for nothing the suite itself does not already show; what
 *    this checks is that a fresh clone installs and that `npm test` runs there without anything
 *    `.ci/run` installs.
 *
 * The `npm ci` time and the size of `node_modules` (on disk and apparent) are printed and written
 * to `.tmp/fresh-clone.json`; the install must stay under 150 MB on disk (issue 20's goal). npm
 * uses its cache as usual (no `--prefer-offline`: the README does not say it). git and npm are
 * required: the test fails without them.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './cli-test-helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'certkit-fresh-clone-'));
const repo = path.join(tmp, 'certkit');
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The parent's environment without npm's per-run variables and without this checkout's tools on PATH. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && k !== 'INIT_CWD' && k !== 'VITEST' && !k.startsWith('VITEST_')) env[k] = v;
  env.PATH = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((p) => !p.startsWith(ROOT))
    .join(path.delimiter);
  env.NODE_ENV = 'development';
  return env;
}

function sh(line: string, cwd: string): { code: number | null; out: string; ms: number } {
  const t0 = performance.now();
  const r = spawnSync('sh', ['-c', line], { cwd, env: cleanEnv(), encoding: 'utf8', timeout: 15 * 60_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`cannot run '${line}': ${r.error.message}`);
  // eslint-disable-next-line no-control-regex -- strips the ANSI colour codes (ESC) from npm's and vitest's output
  return { code: r.status, out: `${r.stdout}\n${r.stderr}`.replace(/\x1b\[[0-9;]*m/g, ''), ms: performance.now() - t0 };
}

function duKiB(dir: string, apparent: boolean): number {
  const r = spawnSync('du', ['-sk', ...(apparent ? ['--apparent-size'] : []), dir], { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`du failed: ${r.error?.message ?? r.stderr}`);
  return Number(r.stdout.split(/\s/)[0]);
}

describe('a fresh clone runs the README two commands', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const block = /## The two commands[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  const lines = block.split('\n').filter((l) => l.trim() !== '');
  const demoLine = lines.find((l) => /\bnpm run demo\b/.test(l));
  const testLine = lines.find((l) => /\bnpm test\b/.test(l));

  it('the README has the two commands', () => {
    expect(lines).toHaveLength(2);
    expect(demoLine).toMatch(/^npm ci && npm run demo\b/);
    expect(testLine).toMatch(/^npm ci && npm test\b/);
  });

  it(
    'clone, then the demo line exactly as written',
    () => {
      const git = spawnSync('git', ['clone', '-q', ROOT, repo], { encoding: 'utf8' });
      if (git.error) throw new Error(`git is required for this test: ${git.error.message}`);
      expect(git.status, git.stderr).toBe(0);
      expect(fs.existsSync(path.join(repo, 'node_modules'))).toBe(false); // nothing carried over
      const r = sh(demoLine!, repo);
      expect(r.code, r.out.slice(-4000)).toBe(0);
      expect(r.out).toMatch(/✔ (\d+)\/\1 steps behaved as expected/);
    },
    15 * 60_000,
  );

  it(
    'then the test line: its npm ci exactly, and npm test on one small file',
    () => {
      expect(fs.existsSync(path.join(repo, 'package.json'))).toBe(true);
      const install = testLine!.split('&&')[0]!.trim();
      expect(install).toBe('npm ci');
      const ci = sh(install, repo);
      expect(ci.code, ci.out.slice(-4000)).toBe(0);
      expect(ci.out).not.toMatch(/npm warn/i); // no skipped install scripts, no deprecations to wade through
      const nm = path.join(repo, 'node_modules');
      const size = { npmCiSeconds: Math.round(ci.ms / 100) / 10, diskKiB: duKiB(nm, false), apparentKiB: duKiB(nm, true), topLevelEntries: fs.readdirSync(nm).length };
      console.log(`fresh clone: npm ci ${size.npmCiSeconds} s, node_modules ${(size.diskKiB / 1024).toFixed(1)} MiB on disk, ${(size.apparentKiB / 1024).toFixed(1)} MiB apparent`);
      fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
      fs.writeFileSync(path.join(ROOT, '.tmp', 'fresh-clone.json'), JSON.stringify(size, null, 2) + '\n');
      expect(size.diskKiB * 1024).toBeLessThan(150e6);
      const test = sh('npm test -- test/readme-example.test.ts', repo);
      expect(test.code, test.out.slice(-4000)).toBe(0);
      expect(test.out).toMatch(/Test Files\s+1 passed \(1\)/);
    },
    15 * 60_000,
  );
});
