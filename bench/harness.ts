/**
 * The certkit benchmark harness: timing, and the markdown tables `bench/README.md` is made of.
 *
 * ## Contract for a bench file
 *
 * `bench/run.ts` (`npm run bench`, or `npm run bench -- der keys` for some of them) runs every
 * `bench/<name>.bench.ts`, each in its own Node process so one bench's JIT state cannot colour
 * another's. A bench file exports an async function `bench` that returns a {@link BenchSection}:
 *
 * ```ts
 * import { measureInterleaved, type BenchSection } from './harness';
 *
 * export async function bench(): Promise<BenchSection> {
 *   const input = prepareOutsideTheTimedLoop();
 *   // Interleaved rounds, so a machine that changes speed mid-run moves both rows alike.
 *   const [ours, theirs] = await measureInterleaved([() => certkitWork(input), () => peerWork(input)]);
 *   return {
 *     title: 'What is measured',
 *     note: 'How, on what corpus, and anything that makes the comparison less than equal.',
 *     baseline: 'asn1js',                       // ratio column: each row vs this library's row
 *     unit: { name: 'certs', perOp: corpus.length, bytesPerOp: corpusBytes },
 *     rows: [
 *       { name: 'decode', library: 'certkit', ...ours },
 *       { name: 'decode', library: 'asn1js', ...theirs },
 *     ],
 *   };
 * }
 * ```
 *
 * Rules: prepare inputs outside the measured function; have the measured function return what it
 * computed (the harness keeps it alive so the engine cannot drop the work); make each library do
 * the same work and say in `note` where it cannot. Peer-library adapters live in
 * `bench/peers/<library>.ts`, one small file per peer, so every bench uses a peer the same way.
 * The section name (the `<!-- bench:NAME:start -->` marker in the README) is the file name
 * without `.bench.ts`.
 *
 * Non-goals: statistics beyond a median and a spread; micro-benchmarks under a microsecond
 * (batching keeps timer resolution out of the figures, but not the cost of the closure call).
 * @module
 */

/** How long to measure. */
export interface MeasureOptions {
  /** Total time spent in measured rounds (default 2000 ms). */
  minTimeMs?: number;
  /** Time spent running the function before measuring, to let the JIT settle (default 500 ms). */
  warmupMs?: number;
  /** Number of measured rounds; the reported figure is their median (default 9). */
  rounds?: number;
  /**
   * What a second is (default `'cpu'`): `'cpu'` counts the CPU time of this process (user +
   * system, all its threads, from `process.cpuUsage()`), so time the OS gives to other processes
   * on a shared machine does not count against the code measured; `'wall'` counts elapsed time
   * (use it for work that waits, such as I/O or a thread pool).
   */
  clock?: 'cpu' | 'wall';
}

/** The result of {@link measure}. */
export interface Measurement {
  /** Median over rounds of calls per second. */
  opsPerSec: number;
  /**
   * Half the interquartile range of the rounds (middle half of them), as a fraction of the
   * median: how much the machine wobbled, robust to a few rounds disturbed by other work.
   */
  spread: number;
  /** Calls per second of each round. */
  samples: number[];
}

/** One line of a table. */
export interface BenchRow {
  /** What is done, e.g. `decode (full walk)`. Rows with the same name are compared. */
  name: string;
  /** Who does it, e.g. `certkit`, `asn1js 3.0.6`. */
  library: string;
  /** Calls of the measured function per second (median). */
  opsPerSec: number;
  /** Optional spread from {@link Measurement.spread}, printed as ±%. */
  spread?: number;
  /** Optional short remark for this row. */
  note?: string;
}

/** What a bench file returns: one titled table. */
export interface BenchSection {
  /** Heading of the section. */
  title: string;
  /** Paragraph under the heading: method, corpus, fairness caveats. */
  note?: string;
  /**
   * The library every row is compared to: a row's ratio is its ops/s divided by the ops/s of the
   * row with the same `name` and this `library`. No ratio column when absent.
   */
  baseline?: string;
  /**
   * When a call processes a batch of items, their name, how many per call and how many bytes:
   * the table then shows items/s and MB/s instead of raw calls/s.
   */
  unit?: { name: string; perOp: number; bytesPerOp?: number };
  /** The rows, in the order they are printed. */
  rows: BenchRow[];
}

/** Keeps results reachable so the engine cannot prove the benchmarked work is dead. */
let sink: unknown;
/** @internal Read by nobody; exported so bundlers and the JIT cannot drop the stores. */
export function _sink(): unknown {
  return sink;
}

const clocksUsed = new Set<'cpu' | 'wall'>();
/** @internal The clocks {@link measureInterleaved} used in this process (the runner prints them). */
export function _clocksUsed(): Array<'cpu' | 'wall'> {
  return [...clocksUsed];
}

const wallMs = (): number => performance.now();
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * Times `fn`: warms it up, picks a batch size so each timed batch takes at least a few
 * milliseconds, then runs `rounds` rounds and reports the median calls per second (per second of
 * CPU time unless `clock: 'wall'`).
 *
 * @example
 * ```ts
 * const m = await measure(() => JSON.parse(text), { minTimeMs: 1000 });
 * console.log(m.opsPerSec);
 * ```
 */
export async function measure(fn: () => unknown, options: MeasureOptions = {}): Promise<Measurement> {
  return (await measureInterleaved([fn], options))[0]!;
}

/**
 * Times several functions round-robin: round 1 of each, then round 2 of each, and so on, so a
 * machine that speeds up or slows down during the run (shared or throttled CPUs do, by 2x and
 * more over minutes) moves every figure alike and ratios between them stay meaningful. Prefer
 * this to consecutive {@link measure} calls when rows are compared. `minTimeMs` and `warmupMs`
 * apply to each function.
 *
 * @example
 * ```ts
 * const [ours, theirs] = await measureInterleaved([() => ours(x), () => theirs(x)]);
 * ```
 */
export async function measureInterleaved(fns: ReadonlyArray<() => unknown>, options: MeasureOptions = {}): Promise<Measurement[]> {
  const minTimeMs = options.minTimeMs ?? 2000;
  const warmupMs = options.warmupMs ?? 500;
  const rounds = Math.max(1, options.rounds ?? 9);
  if (!(minTimeMs > 0) || !(warmupMs >= 0)) throw new RangeError('minTimeMs must be > 0 and warmupMs >= 0');
  const roundMs = minTimeMs / rounds;
  const now = options.clock === 'wall' ? wallMs : cpuMs;
  clocksUsed.add(options.clock === 'wall' ? 'wall' : 'cpu');

  // Warm-up, counting calls to size the batches: at least 5 ms per batch keeps timer
  // granularity (and its clamping) below 0.1 %.
  const batches = fns.map((fn) => {
    let calls = 0;
    const w0 = now();
    do {
      sink = fn();
      calls++;
    } while (now() - w0 < warmupMs || calls < 2);
    const perCallMs = (now() - w0) / calls;
    return Math.max(1, Math.ceil(Math.max(5, roundMs / 4) / Math.max(perCallMs, 1e-6)));
  });

  const samples: number[][] = fns.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < fns.length; k++) {
      // Yield to the event loop between rounds so pending timers and finalisers do not pile up.
      await new Promise((resolve) => setImmediate(resolve));
      const fn = fns[k]!;
      const batch = batches[k]!;
      let n = 0;
      const t0 = now();
      let t = t0;
      do {
        for (let i = 0; i < batch; i++) sink = fn();
        n += batch;
        t = now();
      } while (t - t0 < roundMs);
      samples[k]!.push((n * 1000) / (t - t0));
    }
  }
  return samples.map((s) => {
    const sorted = [...s].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    const q = (f: number): number => sorted[Math.min(sorted.length - 1, Math.round(f * (sorted.length - 1)))]!;
    const spread = (q(0.75) - q(0.25)) / 2 / median;
    return { opsPerSec: median, spread, samples: s };
  });
}

/** Three significant digits, thousands separated: `12,300`, `45.6`, `0.123`. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(x))));
  const rounded = Number(x.toPrecision(3));
  return rounded.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A ratio as `12.3x` (or `0.45x`). */
export function formatRatio(x: number): string {
  return `${formatNumber(x)}x`;
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/**
 * The section as markdown: a `###` heading, the note, and a table with a throughput column per
 * unit, the spread, and the ratio to the baseline library when one is named.
 *
 * @example
 * ```ts
 * formatSection({ title: 'JSON', rows: [{ name: 'parse', library: 'v8', opsPerSec: 1e5 }] })
 * ```
 */
export function formatSection(section: BenchSection): string {
  const { unit, baseline } = section;
  const head = ['Operation', 'Library'];
  if (unit) {
    head.push(`${unit.name}/s`);
    if (unit.bytesPerOp !== undefined) head.push('MB/s');
  } else {
    head.push('ops/s');
  }
  head.push('±');
  if (baseline) head.push(`vs ${baseline}`);
  const lines = [head, head.map((_, i) => (i < 2 ? '---' : '---:'))];
  for (const row of section.rows) {
    const cells = [row.name, row.note ? `${row.library} (${row.note})` : row.library];
    if (unit) {
      cells.push(formatNumber(row.opsPerSec * unit.perOp));
      if (unit.bytesPerOp !== undefined) cells.push(formatNumber((row.opsPerSec * unit.bytesPerOp) / 1e6));
    } else {
      cells.push(formatNumber(row.opsPerSec));
    }
    cells.push(row.spread === undefined ? '' : `${(row.spread * 100).toFixed(1)}%`);
    if (baseline) {
      const base = section.rows.find((r) => r.name === row.name && r.library === baseline);
      cells.push(base ? formatRatio(row.opsPerSec / base.opsPerSec) : '');
    }
    lines.push(cells.map(escapeCell));
  }
  const table = lines.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
  return [`### ${section.title}`, section.note ?? '', table].filter((s) => s !== '').join('\n\n');
}
