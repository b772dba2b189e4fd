/**
 * Regenerates the outputs in `docs/cli.md` from real runs, so the document cannot drift from the
 * tool: every `$ command` line of a `text` or `console` block is run, in document order, in one
 * scratch directory, with the CLI built from the sources (esbuild, as the tests build it) first
 * on PATH as `certkit`, and the output under it is replaced by what the command printed (standard
 * output and error together, as a terminal shows them), followed by `[exit N]` in blocks that show
 * exit codes.
 *
 * Directives, HTML comments the rendered page does not show:
 * - `<!-- cli-doc: setup: CMD -->` runs CMD there, unseen (a second key, a CSR for a refusal);
 *   the generator stops when it fails;
 * - `<!-- cli-doc: cd DIR -->` runs what follows in DIR (under the scratch directory; `.` is it);
 * - `<!-- cli-doc: skip -->` leaves the next block as written.
 * `P12_PASS` is set in the environment, `NODE_OPTIONS` is not.
 *
 * Usage: `npx tsx scripts/gen-cli-doc.ts` rewrites `docs/cli.md`; `--check` exits 1 when the
 * document differs from a fresh run other than in what changes on every run (serials, keys,
 * fingerprints, times: {@link normaliseCliDoc}). `test/cli-doc.test.ts` runs the check.
 * @module
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_DOC = path.join(ROOT, 'docs', 'cli.md');

/** Builds the CLI into .tmp/ and puts a `certkit` script that runs it in a directory for PATH. */
async function _certkitOnPath(): Promise<{ bin: string; cleanup: () => void }> {
  const out = fs.mkdtempSync(path.join(ROOT, '.tmp', 'gen-cli-doc-'));
  await build({
    entryPoints: { certkit: path.join(ROOT, 'src/cli/main.ts') },
    outdir: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outExtension: { '.js': '.mjs' },
    logLevel: 'silent',
  });
  const bin = path.join(out, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'certkit'), `#!/bin/sh\nexec '${process.execPath}' '${path.join(out, 'certkit.mjs')}' "$@"\n`, { mode: 0o755 });
  return { bin, cleanup: () => fs.rmSync(out, { recursive: true, force: true }) };
}

interface _Session {
  root: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

function _run(s: _Session, command: string): { code: number; output: string } {
  // `{ ...; } 2>&1`: the whole command line's messages, pipelines included, in the order printed.
  const r = spawnSync('bash', ['-c', `{ ${command}\n} 2>&1`], { cwd: s.cwd, env: s.env, encoding: 'utf8', timeout: 180_000, maxBuffer: 16 * 1024 * 1024 });
  if (r.error) throw new Error(`cannot run '${command}': ${r.error.message}`);
  return { code: r.status ?? 128, output: r.stdout.replace(/\s+$/, '') };
}

/**
 * Runs the commands of `doc` (the text of docs/cli.md) and returns the document with their real
 * outputs.
 * @example
 * ```ts
 * fs.writeFileSync('docs/cli.md', await generateCliDoc(fs.readFileSync('docs/cli.md', 'utf8')));
 * ```
 */
export async function generateCliDoc(doc: string): Promise<string> {
  fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
  const { bin, cleanup } = await _certkitOnPath();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'certkit-cli-doc-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`, P12_PASS: 'correct horse battery', LC_ALL: 'C' };
  delete env.NODE_OPTIONS;
  const s: _Session = { root, cwd: root, env };
  try {
    const lines = doc.split('\n');
    const out: string[] = [];
    let skip = false;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const d = /^<!-- cli-doc: (setup: (.*)|cd (\S+)|skip) -->$/.exec(line);
      if (d !== null) {
        if (d[2] !== undefined) {
          const r = _run(s, d[2]);
          if (r.code !== 0) throw new Error(`setup failed (exit ${r.code}): ${d[2]}\n${r.output}`);
        } else if (d[3] !== undefined) {
          s.cwd = path.resolve(root, d[3]);
          fs.mkdirSync(s.cwd, { recursive: true });
        } else skip = true;
        out.push(line);
        continue;
      }
      const fence = /^```(text|console)$/.exec(line);
      if (fence === null) {
        out.push(line);
        continue;
      }
      const end = lines.indexOf('```', i + 1);
      if (end < 0) throw new Error(`unclosed block at line ${i + 1}`);
      const body = lines.slice(i + 1, end);
      out.push(line, ...(skip ? body : _regenerateBlock(s, body)), '```');
      skip = false;
      i = end;
    }
    return out.join('\n');
  } finally {
    cleanup();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** One block: its commands run, each followed by its output (and `[exit N]` where the block shows them). */
function _regenerateBlock(s: _Session, body: string[]): string[] {
  if (!body.some((l) => l.startsWith('$ '))) return body;
  const showExit = body.some((l) => /^\[exit \d+\]$/.test(l));
  const out: string[] = [];
  for (let j = 0; j < body.length; j++) {
    const l = body[j]!;
    if (!l.startsWith('$ ')) {
      // Text before the first command stays; a blank line before a command stays as a separator.
      if (
        out.length === 0 ||
        (l === '' &&
          body
            .slice(j + 1)
            .find((x) => x !== '')
            ?.startsWith('$ '))
      )
        out.push(l);
      continue;
    }
    const cmd = [l];
    while (cmd.at(-1)!.endsWith('\\') && j + 1 < body.length) cmd.push(body[++j]!);
    const r = _run(s, cmd.join('\n').slice(2));
    out.push(...cmd);
    if (r.output !== '') out.push(...r.output.split('\n').map((x) => x.replace(/\s+$/, '')));
    if (showExit) out.push(`[exit ${r.code}]`);
  }
  return out;
}

/**
 * What changes on every run, replaced by placeholders: times and dates, hex (serials, key
 * identifiers, fingerprints, key and signature bytes), tokens, durations and day counts, and
 * runs of spaces (columns padded to those values).
 * @example
 * ```ts
 * normaliseCliDoc('serial 67565b9fe21dc9ba, expires 2026-12-27T13:35:14.000Z') // 'serial <hex>, expires <time>'
 * ```
 */
export function normaliseCliDoc(text: string): string {
  return text
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g, '<time>')
    .replace(/\b[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}(?: GMT)?/g, '<date>')
    .replace(/\b[A-Z][a-z]{2} \d{1,2}, \d{4}\b/g, '<date>')
    .replace(/ckt_[A-Za-z0-9_-]+/g, '<token>')
    .replace(/(?:[0-9A-Fa-f]{2}:)+[0-9A-Fa-f]{2}:?/g, '<hex>')
    .replace(/\b(?=[0-9a-fA-F]*[0-9])[0-9a-fA-F]{8,}\b/g, '<hex>')
    .replace(/\b\d+ day\(s\)/g, '<n> day(s)')
    .replace(/\(\d+(?:\.\d+)? m?s\)/g, '(<duration>)')
    .replace(/(\n *<hex>)+/g, '\n<hex-lines>')
    .replace(/ {2,}/g, ' ');
}

async function main(argv: string[]): Promise<number> {
  const doc = fs.readFileSync(CLI_DOC, 'utf8');
  const fresh = await generateCliDoc(doc);
  if (!argv.includes('--check')) {
    fs.writeFileSync(CLI_DOC, fresh);
    console.log(`wrote ${path.relative(ROOT, CLI_DOC)}`);
    return 0;
  }
  const a = normaliseCliDoc(doc).split('\n');
  const b = normaliseCliDoc(fresh).split('\n');
  const diffs = a.flatMap((l, k) => (l === b[k] ? [] : [`line ${k + 1}:\n  doc:   ${l}\n  fresh: ${b[k] ?? '<none>'}`]));
  if (a.length !== b.length) diffs.push(`the document has ${a.length} lines, a fresh run ${b.length}`);
  if (diffs.length === 0) {
    console.log(`${path.relative(ROOT, CLI_DOC)} is up to date`);
    return 0;
  }
  console.error(`${path.relative(ROOT, CLI_DOC)} is stale (run: npx tsx scripts/gen-cli-doc.ts):\n${diffs.slice(0, 20).join('\n')}`);
  return 1;
}

if (process.argv[1] !== undefined && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  void main(process.argv.slice(2)).then((c) => (process.exitCode = c));
}
