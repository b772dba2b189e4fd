/**
 * Helpers for the CLI and file-store tests: build the CLI (and the fault-injection child) once
 * per test file with esbuild into .tmp/, run them as subprocesses with `node`, and make scratch
 * directories. Building first keeps each subprocess at plain Node start-up cost instead of a
 * TypeScript transpile per run; the demo test also runs the README path (`tsx examples/demo.ts`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Bundles entry points (paths relative to the repo) into a fresh directory under .tmp/. */
export async function bundle(entries: Record<string, string>): Promise<Record<string, string>> {
  const outdir = path.join(ROOT, '.tmp', `cli-test-${process.pid}-${randomBytes(4).toString('hex')}`);
  fs.mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, path.join(ROOT, v)])),
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external', // @noble/* resolve from the repo's node_modules
    outExtension: { '.js': '.mjs' },
    logLevel: 'silent',
    // Under `npm run coverage` the children write V8 coverage; the map leads it back to src/. A
    // map file without a sourceMappingURL comment, so Node does not copy it into every dump.
    sourcemap: process.env.NODE_V8_COVERAGE ? 'external' : false,
  });
  // The tests delete their bundles; scripts/coverage-report.mjs needs the code the children ran.
  if (process.env.NODE_V8_COVERAGE) fs.cpSync(outdir, path.join(process.env.NODE_V8_COVERAGE, 'bundles', path.basename(outdir)), { recursive: true });
  return Object.fromEntries(Object.keys(entries).map((k) => [k, path.join(outdir, `${k}.mjs`)]));
}

/** A new empty scratch directory under .tmp/. */
export function scratch(name: string): string {
  const d = path.join(ROOT, '.tmp', `${name}-${process.pid}-${randomBytes(4).toString('hex')}`);
  fs.mkdirSync(d, { recursive: true });
  return d;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a bundled script with node, asynchronously (concurrent processes, parallel cases). */
export function runNodeAsync(script: string, args: readonly string[], options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [script, ...args], { cwd: options.cwd ?? ROOT, env: { ...process.env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    p.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    p.stdin.on('error', () => {}); // the child may exit before reading its input
    p.stdin.end(options.input ?? '');
    const timer = setTimeout(() => p.kill('SIGKILL'), 60_000);
    p.on('error', reject);
    p.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Runs `fn` over `items`, at most `limit` at a time, results in order. */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

/** The openssl binary, required: interop tests fail when it is missing. */
export function openssl(args: readonly string[], options: { cwd?: string; input?: string } = {}): RunResult {
  const r = spawnSync('openssl', args, { cwd: options.cwd ?? ROOT, input: options.input ?? '', encoding: 'utf8', timeout: 30_000 });
  if (r.error) throw new Error(`openssl is required for this test: ${r.error.message}`);
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}
