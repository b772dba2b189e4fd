// Runs the bundled portable suite (.tmp/portable/suite.mjs) on a runtime with a file system:
// Node 22/24, Deno (`deno run --allow-read --allow-write=.tmp`), Bun. Vectors are read with
// node:fs, which all three provide. Prints the suite's lines, writes the result to
// .tmp/portable/results/<label>.json and exits non-zero when a test failed.
// Usage: <runtime> scripts/portable/run-fs.mjs <label>
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import process from 'node:process';

const label = process.argv[2] ?? 'unknown';
const root = new URL('../../', import.meta.url);
const { runTests } = await import(new URL('.tmp/portable/suite.mjs', root).href);
const files = JSON.parse(await readFile(new URL('.tmp/portable/vectors.json', root), 'utf8'));

const g = globalThis;
const runtime = g.Deno ? `deno ${g.Deno.version.deno}` : g.Bun ? `bun ${g.Bun.version}` : `node ${process.version.slice(1)}`;

const r = await runTests({
  runtime,
  files,
  async load(name) {
    if (!files.includes(name)) throw new Error(`not a listed vector: ${name}`);
    return new Uint8Array(await readFile(new URL(`test/vectors/${name}`, root)));
  },
});
await mkdir(new URL('.tmp/portable/results/', root), { recursive: true });
await writeFile(new URL(`.tmp/portable/results/${label}.json`, root), JSON.stringify({ label, runtime: r.runtime, passed: r.passed, failed: r.failed, ms: r.ms, digest: r.digest }) + '\n');
process.exitCode = r.failed > 0 || r.passed === 0 ? 1 : 0;
