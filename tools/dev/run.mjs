#!/usr/bin/env node
// Runs the contributor's tools installed in tools/dev/node_modules (outside the root install, issue
// 20) for the root package's scripts:
//   npm run lint    ESLint (tools/dev/eslint.config.mjs, type-aware) then `prettier --check`
//   npm run format  `prettier --write` on the same files
//   npm run knip    unused files, exports and dependencies (knip.json)
// Any finding fails with exit code 1; tools/dev not installed fails with exit code 2.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = (p) => fileURLToPath(new URL(`./node_modules/${p}`, import.meta.url));
const tools = { eslint: bin('eslint/bin/eslint.js'), prettier: bin('prettier/bin/prettier.cjs'), knip: bin('knip/bin/knip.js') };
if (!Object.values(tools).every((p) => existsSync(p))) {
  process.stderr.write('The contributor tools are not installed: run npm ci --prefix tools/dev\n');
  process.exit(2);
}

// What ESLint and Prettier look at: the sources, tests, scripts, benchmarks, examples, the CLI's
// launcher and the root config files (.prettierignore keeps data and prose out).
const TARGETS = ['src', 'test', 'scripts', 'bench', 'examples', 'bin', 'vitest.config.ts', 'tsup.config.ts'];

function run(tool, args) {
  const r = spawnSync(process.execPath, [tools[tool], ...args], { cwd: root, stdio: 'inherit' });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

const task = process.argv[2];
const extra = process.argv.slice(3);
let status;
if (task === 'lint') {
  const eslint = run('eslint', ['-c', 'tools/dev/eslint.config.mjs', '--max-warnings', '0', ...extra, ...(extra.length ? [] : TARGETS)]);
  const prettier = run('prettier', ['--check', '--log-level', 'warn', ...(extra.length ? extra : TARGETS)]);
  if (prettier !== 0) process.stderr.write('Prettier: the files above are not formatted (npm run format writes them).\n');
  status = eslint || prettier;
} else if (task === 'format') {
  status = run('prettier', ['--write', '--log-level', 'warn', ...(extra.length ? extra : TARGETS)]);
} else if (task === 'knip') {
  status = run('knip', ['--no-progress', ...extra]);
} else {
  process.stderr.write('usage: node tools/dev/run.mjs lint|format|knip [files…]\n');
  status = 2;
}
process.exit(status);
