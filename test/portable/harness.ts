/**
 * The portable suite's own test harness: `test(name, fn)`, `assert`, `assertEquals`, and a runner
 * that prints `N passed, M failed`. It exists because vitest does not run inside Deno, Bun,
 * workerd or a browser page; this file uses nothing but the language and web standards, so the
 * bundled suite runs unchanged on every runtime.
 *
 * Besides pass/fail, a test can {@link PortableEnv.record} what it observed (an error code, an
 * accepted/rejected decision). The runner hashes those records in order into one SHA-256
 * `digest`; `scripts/ci-runtimes.sh` checks that every runtime printed the same digest, which
 * proves the runtimes not only pass but answer identically, case by case.
 *
 * Non-goals: hooks, filtering, snapshots, timeouts per test (the drivers have a global timeout).
 * @module
 */

/** What a driver gives the suite: where vectors come from and which exist. */
export interface PortableHost {
  /** The runtime's name as printed (`node 24.1.0`, `deno 2.9.6`, `workerd`, `chromium 156`). */
  runtime: string;
  /** Reads a vector file by its path relative to `test/vectors/`. */
  load(name: string): Promise<Uint8Array>;
  /** Every vector file the suite may load (paths relative to `test/vectors/`), sorted. */
  files: readonly string[];
  /** Prints a line (defaults to `console.log`). */
  log?: (line: string) => void;
}

/** What a test body receives. */
export interface PortableEnv extends PortableHost {
  /** Adds an observation to the cross-runtime digest (order matters; keep it deterministic). */
  record(key: string, value: unknown): void;
  /** Prints a note under the test's result line. */
  note(text: string): void;
}

/** A registered test. */
export interface PortableTest {
  name: string;
  fn: (env: PortableEnv) => void | Promise<void>;
}

/** One test's outcome. */
export interface PortableTestResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
  notes: string[];
}

/** The outcome of a whole run. */
export interface PortableRunResult {
  runtime: string;
  passed: number;
  failed: number;
  ms: number;
  /** SHA-256 (hex) over every test's name, status and records, in order. */
  digest: string;
  results: PortableTestResult[];
}

const _tests: PortableTest[] = [];

/**
 * Registers a test. Test files call this at module level; importing the suite registers all.
 * @example
 * ```ts
 * test('integers round-trip', () => assertEquals(1 + 1, 2));
 * ```
 */
export function test(name: string, fn: PortableTest['fn']): void {
  if (_tests.some((t) => t.name === name)) throw new Error(`duplicate portable test name: ${name}`);
  _tests.push({ name, fn });
}

/**
 * The registered tests, in registration order.
 * @example
 * ```ts
 * for (const t of registeredTests()) console.log(t.name);
 * ```
 */
export function registeredTests(): readonly PortableTest[] {
  return _tests;
}

/** Thrown by the assertions. */
export class AssertionError extends Error {
  override name = 'AssertionError';
}

/**
 * Fails unless `cond` is truthy.
 * @example
 * ```ts
 * assert(cert.isSelfSignedSync(), 'root is self-signed');
 * ```
 */
export function assert(cond: unknown, message = 'assertion failed'): asserts cond {
  if (!cond) throw new AssertionError(message);
}

/**
 * A stable text form for comparison and messages: JSON with bigints as `5n` and bytes as hex
 * (Dates appear as their ISO string).
 * @example
 * ```ts
 * show({ n: 5n }) // '{"n":"5n"}'
 * ```
 */
export function show(v: unknown): string {
  return (
    JSON.stringify(v, (_k, x: unknown) => {
      if (typeof x === 'bigint') return `${x}n`;
      if (x instanceof Uint8Array) return `bytes:${Array.from(x, (b) => b.toString(16).padStart(2, '0')).join('')}`;
      return x;
    }) ?? String(v)
  );
}

/**
 * Fails unless `actual` and `expected` are deeply equal (compared through {@link show}).
 * @example
 * ```ts
 * assertEquals(reader.readInteger(), 5n);
 * ```
 */
export function assertEquals(actual: unknown, expected: unknown, message?: string): void {
  const a = show(actual);
  const e = show(expected);
  if (a !== e) {
    const cut = (s: string): string => (s.length > 300 ? `${s.slice(0, 300)}…` : s);
    throw new AssertionError(`${message ? `${message}: ` : ''}expected ${cut(e)}, got ${cut(a)}`);
  }
}

/**
 * Fails unless `fn` throws; returns what it threw.
 * @example
 * ```ts
 * const e = assertThrows(() => parseCertificate(new Uint8Array(3)));
 * ```
 */
export function assertThrows(fn: () => unknown, message = 'expected an exception'): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new AssertionError(message);
}

function _hex(b: ArrayBuffer): string {
  return Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');
}

/**
 * Runs every registered test in order and prints one line per test and a final
 * `N passed, M failed` line.
 * @example
 * ```ts
 * const r = await runTests({ runtime: 'node', load, files });
 * if (r.failed) process.exitCode = 1;
 * ```
 */
export async function runTests(host: PortableHost, filter?: (name: string) => boolean): Promise<PortableRunResult> {
  const log = host.log ?? ((l: string) => console.log(l));
  const records: string[] = [];
  const results: PortableTestResult[] = [];
  const started = performance.now();
  log(`portable suite on ${host.runtime}`);
  for (const t of _tests) {
    if (filter && !filter(t.name)) continue;
    const notes: string[] = [];
    const env: PortableEnv = { ...host, record: (key, value) => records.push(`${t.name}\u0000${key}\u0000${show(value)}`), note: (text) => notes.push(text) };
    const t0 = performance.now();
    let error: string | undefined;
    try {
      await t.fn(env);
    } catch (e) {
      error = e instanceof Error ? `${e.name}: ${e.message}` : `thrown: ${String(e)}`;
    }
    const ms = performance.now() - t0;
    const r: PortableTestResult = { name: t.name, ok: error === undefined, ms, notes };
    if (error !== undefined) r.error = error;
    results.push(r);
    records.push(`${t.name}\u0000status\u0000${r.ok}`);
    log(`${r.ok ? 'ok  ' : 'FAIL'} ${t.name} (${ms.toFixed(0)} ms)${error ? `\n     ${error}` : ''}`);
    for (const n of notes) log(`     · ${n}`);
  }
  const digest = _hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(records.join('\n'))));
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  const ms = performance.now() - started;
  log(`digest ${digest}`);
  log(`${passed} passed, ${failed} failed (${(ms / 1000).toFixed(1)} s on ${host.runtime})`);
  return { runtime: host.runtime, passed, failed, ms, digest, results };
}
