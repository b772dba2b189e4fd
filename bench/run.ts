/**
 * `npm run bench [-- name ...]`: runs the benchmarks and writes `bench/README.md`.
 *
 * Discovers `bench/*.bench.ts` (or only the names given, e.g. `der` for `bench/der.bench.ts`),
 * runs each in its own Node process (same loader flags, so TypeScript works), prints its table,
 * and replaces that bench's section in the README between `<!-- bench:NAME:start -->` and
 * `<!-- bench:NAME:end -->`, leaving the other sections as they were. Each section records the
 * machine, Node version, date and command it was measured with. See `harness.ts` for the
 * contract a bench file follows. Non-goals: comparing runs over time.
 * @module
 */
import { fork } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { _clocksUsed, formatSection, type BenchSection } from './harness';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const README = join(BENCH_DIR, 'README.md');
const SUFFIX = '.bench.ts';

const HEADER = `# certkit benchmarks

Written by \`npm run bench\` (\`bench/run.ts\`); each section is replaced when its bench runs
(\`npm run bench -- der\` runs \`bench/der.bench.ts\` only). Do not edit between the markers.
Each bench runs in its own Node process; figures are medians over several timed rounds after a
warm-up (\`bench/harness.ts\`). The harness counts seconds of the process's CPU time, so other
work sharing the machine does not count against the code measured (each footer names the clock;
a footer that names none predates that choice and used wall-clock time, or a bench's own loop).
Rows compared with each other are measured in interleaved rounds, so a change in machine speed
during the run moves them alike; ± is half the interquartile range of the rounds, relative to
the median.
`;

function machine(): string {
  let model = cpus()[0]?.model ?? 'unknown CPU';
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m?.[1]) model = m[1].trim();
  } catch {
    // Not Linux: os.cpus() already gave the model.
  }
  return `${model}, ${cpus().length} cores, Node ${process.version}, ${process.platform}-${process.arch}`;
}

function listBenches(): string[] {
  return readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith(SUFFIX))
    .map((f) => f.slice(0, -SUFFIX.length))
    .sort();
}

/** Runs one bench file in a child process and returns its section. */
function runChild(name: string): Promise<{ section: BenchSection; clocks: string[] }> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--child', name], { execArgv: process.execArgv, stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
    let result: { section: BenchSection; clocks: string[] } | undefined;
    child.on('message', (m) => {
      result = m as { section: BenchSection; clocks: string[] };
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (result && code === 0) resolve(result);
      else reject(new Error(`bench '${name}' failed (exit code ${code}${signal ? `, signal ${signal}` : ''})`));
    });
  });
}

async function child(name: string): Promise<void> {
  const mod = (await import(pathToFileURL(join(BENCH_DIR, name + SUFFIX)).href)) as { bench?: unknown };
  if (typeof mod.bench !== 'function') throw new TypeError(`${name}${SUFFIX} must export an async function \`bench\``);
  const section = (await (mod.bench as () => Promise<BenchSection>)()) as BenchSection;
  if (typeof section?.title !== 'string' || !Array.isArray(section.rows)) {
    throw new TypeError(`${name}${SUFFIX} returned something that is not a BenchSection`);
  }
  await new Promise<void>((resolve, reject) => process.send!({ section, clocks: _clocksUsed() }, (e: Error | null) => (e ? reject(e) : resolve())));
}

function markers(name: string): [string, string] {
  return [`<!-- bench:${name}:start -->`, `<!-- bench:${name}:end -->`];
}

/** Replaces (or appends) the named sections, keeping every other one. */
function updateReadme(blocks: Map<string, string>): void {
  let text = existsSync(README) ? readFileSync(README, 'utf8') : HEADER;
  // Keep the header current: everything before the first section is ours to rewrite.
  const first = text.indexOf('<!-- bench:');
  text = first >= 0 ? `${HEADER}\n${text.slice(first)}` : HEADER;
  for (const [name, body] of blocks) {
    const [start, end] = markers(name);
    const block = `${start}\n${body}\n${end}`;
    const i = text.indexOf(start);
    const j = text.indexOf(end);
    if (i >= 0 && j > i) text = text.slice(0, i) + block + text.slice(j + end.length);
    else text = text.replace(/\n*$/, '\n\n') + block + '\n';
  }
  writeFileSync(README, text);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') return child(args[1]!);

  const all = listBenches();
  const wanted = args.length ? args.map((a) => basename(a).replace(/\.bench\.ts$/, '')) : all;
  const unknown = wanted.filter((n) => !all.includes(n));
  if (unknown.length) {
    console.error(`no such bench: ${unknown.join(', ')} (have: ${all.join(', ') || 'none'})`);
    process.exitCode = 2;
    return;
  }
  const info = machine();
  const date = new Date().toISOString().slice(0, 10);
  // Say how this run was started: `npm run bench` puts node_modules/.bin first on PATH, which
  // can change which `node` runs (the Node version is printed with the machine anyway).
  const viaNpm = process.env.npm_lifecycle_event === 'bench';
  const command = `${viaNpm ? 'npm run bench' : 'tsx bench/run.ts'}${args.length ? (viaNpm ? ' -- ' : ' ') + wanted.join(' ') : ''}`;
  console.log(`${info}\n`);
  const blocks = new Map<string, string>();
  let failed = false;
  for (const name of wanted) {
    console.log(`running ${name}${SUFFIX} ...`);
    try {
      // The load average says whether other work shared the CPUs while this bench ran.
      const load = loadavg()[0]!.toFixed(2);
      const { section, clocks } = await runChild(name);
      const after = loadavg()[0]!.toFixed(2);
      const clock = clocks.length === 0 ? '' : ` Rates are per second of ${clocks.map((c) => (c === 'cpu' ? 'process CPU time' : 'wall-clock time')).join(' or ')} (harness clock).`;
      const md = `${formatSection(section)}\n\n_Measured ${date} on ${info}, with \`${command}\`` + ` (1-minute load average ${load} before, ${after} after).${clock}_`;
      console.log(`\n${md}\n`);
      blocks.set(name, md);
    } catch (e) {
      console.error((e as Error).message);
      failed = true;
    }
  }
  if (blocks.size) {
    updateReadme(blocks);
    console.log(`updated ${README} (${[...blocks.keys()].join(', ')})`);
  }
  if (failed) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
