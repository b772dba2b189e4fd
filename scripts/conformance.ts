/**
 * The conformance runner: `npm run conformance -- <suite> <path> [--json out.json]`.
 *
 * Runs one suite (a file in `scripts/conformance/`) over test data at `<path>`, prints a table
 * per file and a final `N passed, M failed` line, optionally writes the result as JSON
 * (`{ suite, total, passed, failed, skipped, files, failures, skips }`, plus `cases`, one
 * `{ id, group, expected, actual, reason, exception? }` per case, for limbo and pkits), and exits non-zero when
 * anything failed. Suites: `wycheproof <dir>` (this file's registry lists the rest).
 *
 * This is a Node script (it reads files); the library itself stays on web standards.
 * @module
 */
import { writeFileSync } from 'node:fs';
import type { Suite, SuiteResult } from './conformance/types';

/** The registry: suite name → module. Later suites (`limbo`, `pkits`) add a line here. */
const SUITES: Record<string, () => Promise<{ suite: Suite }>> = {
  wycheproof: () => import('./conformance/wycheproof'),
  limbo: () => import('./conformance/limbo'),
  pkits: () => import('./conformance/pkits'),
};

function usage(): never {
  console.error(`usage: npm run conformance -- <suite> <path> [--json out.json]\nsuites: ${Object.keys(SUITES).join(', ')}`);
  process.exit(2);
}

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

/** Prints one table: a row per file with passed/failed/skipped and the suite's own counters. */
export function printTable(suite: Suite, result: SuiteResult): void {
  const names = Object.keys(result.files);
  const w = Math.max(4, ...names.map((n) => n.length));
  const cols = ['total', 'passed', 'failed', 'skipped', ...suite.columns];
  const widths = cols.map((c) => Math.max(c.length, 6));
  console.log(`${pad('file', w)}  ${cols.map((c, i) => pad(c, widths[i]!, true)).join('  ')}`);
  console.log(`${'-'.repeat(w)}  ${widths.map((x) => '-'.repeat(x)).join('  ')}`);
  for (const name of names) {
    const f = result.files[name]!;
    const vals = [f.total, f.passed, f.failed, f.skipped, ...suite.columns.map((c) => f.counts[c] ?? 0)];
    console.log(`${pad(name, w)}  ${vals.map((v, i) => pad(String(v), widths[i]!, true)).join('  ')}`);
    for (const note of f.notes) console.log(`${' '.repeat(Math.min(w, 4))}  · ${note}`);
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let jsonOut: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--json') {
      jsonOut = args[++i];
      if (jsonOut === undefined) usage();
    } else rest.push(args[i]!);
  }
  const [name, path] = rest;
  if (name === undefined || path === undefined || rest.length !== 2) usage();
  const load = SUITES[name];
  if (load === undefined) {
    console.error(`unknown suite "${name}"`);
    usage();
  }
  const suite = (await load()).suite;
  const started = performance.now();
  const result = await suite.run(path);
  const ms = performance.now() - started;
  printTable(suite, result);
  if (result.failures.length) {
    console.log(`\nfailures (${result.failures.length}):`);
    for (const f of result.failures.slice(0, 200)) console.log(`  ${f.file} #${f.tcId}: expected ${f.expected}, got ${f.actual}: ${f.reason}`);
    if (result.failures.length > 200) console.log(`  … ${result.failures.length - 200} more (see --json)`);
  }
  if (jsonOut !== undefined) writeFileSync(jsonOut, JSON.stringify(result, null, 2) + '\n');
  console.log(`\n${result.suite}: ${result.total} cases in ${(ms / 1000).toFixed(1)} s, ${result.skipped} skipped`);
  console.log(`${result.passed} passed, ${result.failed} failed`);
  process.exitCode = result.failed === 0 ? 0 : 1;
}

await main();
