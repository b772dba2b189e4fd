#!/usr/bin/env node
/**
 * `npm run coverage [-- test files…]`: the suite (or the given test files) under vitest's V8
 * coverage, with NODE_V8_COVERAGE passed to the child processes the tests start, then the
 * per-layer report and floors of scripts/coverage-report.mjs (docs/coverage.md). Extra arguments
 * go to vitest; with test files given, the floors are not checked (a subset cannot reach them)
 * and the table goes to coverage/coverage.md instead of docs/coverage.md.
 * Scope: orchestration. Non-goals: the report itself.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const CHILD_DIR = join(ROOT, '.tmp', 'coverage-children');
const args = process.argv.slice(2);
const subset = args.some((a) => !a.startsWith('-'));

rmSync(CHILD_DIR, { recursive: true, force: true });
rmSync(join(ROOT, 'coverage'), { recursive: true, force: true });
const env = { ...process.env, CERTKIT_CHILD_COVERAGE: CHILD_DIR, ...(subset ? { CERTKIT_COVERAGE_SUBSET: '1' } : {}) };
const vitestArgs = ['run', '--coverage', ...args];
const vitest = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), ...vitestArgs], { cwd: ROOT, env, stdio: 'inherit' });
if (vitest.error) throw vitest.error;
const report = spawnSync(process.execPath, [join(ROOT, 'scripts', 'coverage-report.mjs'), ...(subset ? ['--no-floors'] : [])], { cwd: ROOT, env, stdio: 'inherit' });
if (report.error) throw report.error;
process.exit(vitest.status || report.status || 0);
