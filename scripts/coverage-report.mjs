#!/usr/bin/env node
/**
 * Per-layer coverage report (issue 22), run by `npm run coverage` after `vitest run --coverage`:
 *
 * 1. reads what vitest's V8 provider measured in the test processes (coverage/coverage-final.json);
 * 2. reads the raw V8 coverage that child processes wrote through NODE_V8_COVERAGE
 *    (.tmp/coverage-children/, see vitest.config.ts): the CLI, serve and store tests run certkit
 *    as esbuild bundles under .tmp/ with source maps (`.mjs.map`), copied to .tmp/coverage-children/bundles/
 *    (test/cli-test-helpers.ts); the raw counts of each distinct bundle are merged across processes
 *    with @bcoe/v8-coverage and converted once with ast-v8-to-istanbul, which is how vitest's own
 *    provider merges and converts the test processes' coverage;
 * 3. merges the two by source location: vitest's map of a file is the skeleton (it lists every
 *    statement, branch and function of the file), and a child's count is added where the child's
 *    item has the same location; a child's item with no twin is dropped and counted as
 *    "unmatched" (so a location the two transforms place differently can only lower coverage,
 *    never raise it); files only the children loaded are taken whole;
 * 4. sums lines, branches and functions per `src/<layer>`, writes coverage/coverage.md and
 *    coverage/coverage-layers.json, and fails (exit 1) when a layer is below a floor: MERGED_FLOORS
 *    below on the merged figures, and the `thresholds` of vitest.config.ts on the in-process ones
 *    (vitest checks those too; checking them here again shows every failure in one list).
 *
 * `--no-floors` (a run on some test files): no floor check, the table goes to coverage/coverage.md.
 * `--update-floors` rewrites both sets of floors (today's figures rounded down, less a margin)
 * and docs/coverage.md.
 * Scope: reporting only. Non-goals: running the tests (scripts/coverage-run.mjs does).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { mergeProcessCovs } from '@bcoe/v8-coverage';
import { convert } from 'ast-v8-to-istanbul';
import libCoverage from 'istanbul-lib-coverage';
import { parseAstAsync } from 'vitest/node';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const SRC = join(ROOT, 'src') + sep;
const TMP = join(ROOT, '.tmp') + sep;
const CHILD_DIR = resolve(process.env.CERTKIT_CHILD_COVERAGE ?? join(ROOT, '.tmp', 'coverage-children'));
const FINAL = join(ROOT, 'coverage', 'coverage-final.json');
const CONFIG = join(ROOT, 'vitest.config.ts');
const SUBSET = process.argv.includes('--no-floors');
// docs/coverage.md is rewritten only with --update-floors (the maintainer's step), so `npm test`
// leaves the working tree as it found it; every run writes coverage/coverage.md.
const DOC = process.argv.includes('--update-floors') ? join(ROOT, 'docs', 'coverage.md') : join(ROOT, 'coverage', 'coverage.md');

/**
 * Floors on the merged figures, per layer (lines, branches, functions in %). vitest checks its own
 * thresholds on what it saw in the test processes (vitest.config.ts); the layers the tests run in
 * child processes (the CLI at about a fifth of its lines in-process, the Node adapter, the server
 * and the stores in part) are held here to what the merged figures reach.
 */
const MERGED_FLOORS = {
  // MERGED-FLOORS-START (node scripts/coverage-report.mjs --update-floors rewrites this block)
  acme: { lines: 93, branches: 79, functions: 92 },
  ca: { lines: 94, branches: 82, functions: 98 },
  cli: { lines: 92, branches: 75, functions: 90 },
  cms: { lines: 94, branches: 77, functions: 93 },
  console: { lines: 3, branches: 1, functions: 2 },
  crl: { lines: 91, branches: 82, functions: 93 },
  csr: { lines: 96, branches: 87, functions: 98 },
  der: { lines: 96, branches: 92, functions: 96 },
  keys: { lines: 93, branches: 80, functions: 98 },
  node: { lines: 92, branches: 74, functions: 91 },
  ocsp: { lines: 97, branches: 81, functions: 96 },
  oid: { lines: 99, branches: 89, functions: 99 },
  path: { lines: 95, branches: 84, functions: 96 },
  pem: { lines: 97, branches: 90, functions: 99 },
  pkcs12: { lines: 97, branches: 84, functions: 99 },
  server: { lines: 93, branches: 81, functions: 92 },
  sig: { lines: 93, branches: 81, functions: 96 },
  store: { lines: 95, branches: 86, functions: 95 },
  x509: { lines: 97, branches: 85, functions: 98 },
  // MERGED-FLOORS-END
};

const METRICS = ['lines', 'branches', 'functions'];

// ---- 1. in-process coverage ------------------------------------------------------------------
if (!existsSync(FINAL)) {
  process.stderr.write(`coverage-report: ${relative(ROOT, FINAL)} is missing; run npm run coverage\n`);
  process.exit(2);
}
const inProcess = JSON.parse(readFileSync(FINAL, 'utf8'));

// ---- 2. child-process coverage ----------------------------------------------------------------
// Every test file bundles the CLI into its own folder, so the same code runs under many URLs and
// hundreds of processes. The raw V8 counts of one code are merged first (@bcoe/v8-coverage, what
// vitest's provider merges with), then converted once per distinct bundle.
const childMap = libCoverage.createCoverageMap({});
let childProcesses = 0;
let childScripts = 0;
const byCode = new Map(); // sha256 of the bundle → { path (the copy), ran (a URL it ran at), script (merged ScriptCov) }
const hashOf = new Map(); // bundle copy path → sha256
if (existsSync(CHILD_DIR)) {
  for (const name of readdirSync(CHILD_DIR).filter((n) => n.endsWith('.json'))) {
    let dump;
    try {
      dump = JSON.parse(readFileSync(join(CHILD_DIR, name), 'utf8'));
    } catch {
      continue; // a child killed while writing leaves a partial file
    }
    childProcesses++;
    for (const script of dump.result ?? []) {
      if (!script.url.startsWith('file://')) continue;
      const ran = fileURLToPath(script.url);
      // Only the bundles the tests build under .tmp/ (with their maps); Node's own modules and
      // node_modules are not ours. The tests delete their bundles, so bundle() keeps a copy in
      // <coverage dir>/bundles/<its folder>/ (test/cli-test-helpers.ts).
      if (!ran.startsWith(TMP) || !ran.endsWith('.mjs')) continue;
      const path = join(CHILD_DIR, 'bundles', relative(TMP, ran));
      if (!existsSync(path) || !existsSync(`${path}.map`)) continue;
      let hash = hashOf.get(path);
      if (hash === undefined) hashOf.set(path, (hash = createHash('sha256').update(readFileSync(path)).digest('hex')));
      const url = `file:///certkit-bundle/${hash}.mjs`;
      const entry = byCode.get(hash);
      const cov = { scriptId: '0', url, functions: script.functions };
      byCode.set(hash, { path, ran: script.url, script: entry ? mergeProcessCovs([{ result: [entry.script] }, { result: [cov] }]).result[0] : cov });
      childScripts++;
    }
  }
}
for (const { path, ran, script } of byCode.values()) {
  const code = readFileSync(path, 'utf8');
  const sourceMap = JSON.parse(readFileSync(`${path}.map`, 'utf8'));
  const data = await convert({ code, ast: await parseAstAsync(code), sourceMap, wrapperLength: 0, coverage: { url: ran, functions: script.functions } }); // the map's sources are relative to where it ran
  for (const [file, fc] of Object.entries(data)) if (resolve(file).startsWith(SRC)) childMap.merge({ [resolve(file)]: fc });
}

// ---- 3. merge by location --------------------------------------------------------------------
// An item's location: JSON turned the converter's `Infinity` end columns (to the end of the line)
// into null, so both read 'E'. The two transforms (vite's per file, esbuild's bundle) map some
// items to slightly different columns, so a child item without an exact twin is matched on its
// start, then on its end, when exactly one in-process item has it.
const pos = (p) => `${p.line}:${p.column === null || p.column === Infinity ? 'E' : p.column}`;
const locKeys = (l) => [`${pos(l.start)}-${pos(l.end)}`, `s${pos(l.start)}`, `e${pos(l.end)}`];
function index(items, keyOf) {
  const m = new Map();
  for (const [k, item] of Object.entries(items)) for (const key of keyOf(item)) m.set(key, m.has(key) ? null : k);
  return m;
}
function twinOf(idx, keys) {
  for (const key of keys) {
    const k = idx.get(key);
    if (k !== undefined && k !== null) return k;
  }
  return undefined;
}
const merged = libCoverage.createCoverageMap({});
let matched = 0;
let unmatched = 0;
const stats = (twin) => (twin === undefined ? unmatched++ : matched++, twin);
for (const [file, base] of Object.entries(inProcess)) {
  const fc = structuredClone(base);
  const child = childMap.data[file] ? childMap.fileCoverageFor(file).data : undefined;
  if (child) {
    const st = index(fc.statementMap, locKeys);
    for (const [k, l] of Object.entries(child.statementMap)) {
      const twin = stats(twinOf(st, locKeys(l)));
      if (twin !== undefined) fc.s[twin] += child.s[k];
    }
    const fnKeys = (f) => locKeys(f.loc);
    const fn = index(fc.fnMap, fnKeys);
    for (const [k, f] of Object.entries(child.fnMap)) {
      const twin = stats(twinOf(fn, fnKeys(f)));
      if (twin !== undefined) fc.f[twin] += child.f[k];
    }
    const brKeys = (b) => locKeys(b.loc).map((key) => `${b.type}|${b.locations.length}|${key}`);
    const br = index(fc.branchMap, brKeys);
    for (const [k, b] of Object.entries(child.branchMap)) {
      const twin = stats(twinOf(br, brKeys(b)));
      if (twin !== undefined) fc.b[twin] = fc.b[twin].map((n, i) => n + (child.b[k][i] ?? 0));
    }
  }
  merged.merge({ [file]: fc });
}
for (const file of childMap.files()) if (!inProcess[file]) merged.merge({ [file]: childMap.fileCoverageFor(file).data });

// ---- 4. per-layer table, floors --------------------------------------------------------------
const layerOf = (file) => {
  const rel = relative(SRC, file).split(sep);
  return rel.length === 1 ? '(root)' : rel[0];
};
function perLayer(map) {
  const out = new Map();
  for (const file of map.files()) {
    const layer = layerOf(file);
    const sum = map.fileCoverageFor(file).toSummary();
    const acc = out.get(layer) ?? Object.fromEntries(METRICS.map((m) => [m, { covered: 0, total: 0 }]));
    for (const m of METRICS) ((acc[m].covered += sum[m].covered), (acc[m].total += sum[m].total));
    out.set(layer, acc);
  }
  return out;
}
const layers = perLayer(merged);
const layersIn = perLayer(libCoverage.createCoverageMap(inProcess));
const pct = (c) => (c.total === 0 ? 100 : (100 * c.covered) / c.total);
const fmt = (c) => `${(Math.floor(pct(c) * 10) / 10).toFixed(1)}% (${c.covered}/${c.total})`;
const short = (c) => (Math.floor(pct(c) * 10) / 10).toFixed(1);
const floorText = (f) => (f ? METRICS.map((m) => `${f[m]}`).join(' / ') : '—');

// The two sets of floors: vitest's (in-process figures, vitest.config.ts) and the merged ones
// (this file, MERGED_FLOORS), each between markers that --update-floors rewrites.
const configText = readFileSync(CONFIG, 'utf8');
const SELF = fileURLToPath(import.meta.url);
const selfText = readFileSync(SELF, 'utf8');
const vitestBlock = /(\/\/ FLOORS-START[^\n]*)([\s\S]*?)(\n\s*\/\/ FLOORS-END)/.exec(configText);
const mergedBlock = /(\/\/ MERGED-FLOORS-START[^\n]*)([\s\S]*?)(\n\s*\/\/ MERGED-FLOORS-END)/.exec(selfText);
if (!vitestBlock || !mergedBlock) throw new Error('the FLOORS-START … FLOORS-END markers are missing');
const vitestFloors = {};
for (const m of vitestBlock[2].matchAll(/'src\/([\w-]+)\/\*\*': \{ lines: ([\d.]+), branches: ([\d.]+), functions: ([\d.]+) \}/g)) {
  vitestFloors[m[1]] = { lines: Number(m[2]), branches: Number(m[3]), functions: Number(m[4]) };
}

const names = [...layers.keys()].sort();
const failures = [];
const rows = names.map((name) => {
  const c = layers.get(name);
  const cIn = layersIn.get(name);
  for (const m of METRICS) {
    const floor = MERGED_FLOORS[name]?.[m];
    if (floor !== undefined && pct(c[m]) < floor) failures.push(`${name} ${m} ${pct(c[m]).toFixed(2)}% < floor ${floor}%`);
    const vf = vitestFloors[name]?.[m];
    if (vf !== undefined && cIn && pct(cIn[m]) < vf) failures.push(`${name} ${m} in the test processes ${pct(cIn[m]).toFixed(2)}% < floor ${vf}%`);
  }
  const inText = cIn ? METRICS.map((m) => short(cIn[m])).join(' / ') : '—';
  return `| \`${name === '(root)' ? 'src/index.ts' : `src/${name}`}\` | ${METRICS.map((m) => fmt(c[m])).join(' | ')} | ${floorText(MERGED_FLOORS[name])} | ${inText} | ${floorText(vitestFloors[name])} |`;
});
const total = Object.fromEntries(METRICS.map((m) => [m, { covered: 0, total: 0 }]));
for (const c of layers.values()) for (const m of METRICS) ((total[m].covered += c[m].covered), (total[m].total += c[m].total));

const doc = `# Test coverage per layer

Generated by \`npm test\` (scripts/coverage-run.mjs, then scripts/coverage-report.mjs \`--update-floors\`); do not edit by hand.
V8 coverage through vitest's provider (@vitest/coverage-v8, the same version as vitest) in the
test processes, plus the child processes that the CLI, serve and store tests start (NODE_V8_COVERAGE,
mapped back to \`src/\` through the test bundles' source maps and merged by source location).

Lines, branches and functions are the merged figures, rounded down to 0.1%. Two sets of floors
(lines / branches / functions, in %) fail \`npm test\` (and so CI) when a layer drops below
them: **floor** on the merged figures (\`MERGED_FLOORS\` in scripts/coverage-report.mjs), and
**vitest floor** on what the test processes alone cover, which vitest itself checks
(\`coverage.thresholds\` in vitest.config.ts; the CLI has none there, as its tests run it in child
processes). Both are the figures of the day they were set, rounded down to the whole percent, less
a margin of 1 point (lines, functions) or 4 points (branches): the property tests flip random
bytes, so the error branches a run reaches move (two clean runs differed by 3 points in cms);
\`node scripts/coverage-report.mjs --update-floors\` after a full \`npm test\` raises them.
\`src/console\` is the web console's page: it runs in Chromium (test/runtimes/console-browser.test.ts,
outside this suite), so only its server side is counted here.

| layer | lines | branches | functions | floor | in test processes | vitest floor |
|---|---|---|---|---|---|---|
${rows.join('\n')}
| **all of src/** | ${METRICS.map((m) => fmt(total[m])).join(' | ')} | | | |

Child processes: ${childProcesses} coverage files, ${childScripts} bundle runs in ${byCode.size} distinct bundles; ${matched} items
matched the in-process map by location, ${unmatched} did not and were left out.
`;
writeFileSync(DOC, doc);
writeFileSync(
  join(ROOT, 'coverage', 'coverage-layers.json'),
  JSON.stringify(Object.fromEntries(names.map((n) => [n, Object.fromEntries(METRICS.map((m) => [m, pct(layers.get(n)[m])]))])), null, 2) + '\n',
);
process.stdout.write(doc.slice(doc.indexOf('| layer')));

if (process.argv.includes('--update-floors')) {
  // Today's figure rounded down, less a margin: which items a run reaches moves a little between
  // runs. Server tests race timers, and the property tests (fast-check) flip random bytes, so the
  // error branches they reach differ: two clean runs of one commit differed by 10 of cms's 327
  // branch arms (3 points). A floor must fail on a real drop, not on that.
  const MARGIN = { lines: 1, branches: 4, functions: 1 };
  const floorOf = (c) => `{ ${METRICS.map((m) => `${m}: ${Math.max(0, Math.floor(pct(c[m])) - MARGIN[m])}`).join(', ')} }`;
  const real = names.filter((n) => n !== '(root)');
  const vitestLines = real.filter((n) => n !== 'cli' && layersIn.has(n)).map((n) => `  'src/${n}/**': ${floorOf(layersIn.get(n))},`);
  const mergedLines = real.map((n) => `  ${n}: ${floorOf(layers.get(n))},`);
  writeFileSync(CONFIG, configText.replace(vitestBlock[0], `${vitestBlock[1]}${vitestLines.map((l) => `\n${l}`).join('')}${vitestBlock[3]}`));
  writeFileSync(SELF, selfText.replace(mergedBlock[0], `${mergedBlock[1]}${mergedLines.map((l) => `\n${l}`).join('')}${mergedBlock[3]}`));
  process.stdout.write(`floors written: ${vitestLines.length} layers in vitest.config.ts, ${mergedLines.length} in scripts/coverage-report.mjs\n`);
} else if (failures.length > 0 && !SUBSET) {
  process.stderr.write(`coverage below the floor:\n  ${failures.join('\n  ')}\n`);
  process.exit(1);
}
