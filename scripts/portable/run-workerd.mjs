// Runs the bundled portable suite on workerd (Cloudflare's Workers runtime, the `workerd`
// package): `workerd test .tmp/portable/workerd.capnp` (config written by bundle.mjs, vectors
// embedded as data modules). Echoes its output, writes .tmp/portable/results/workerd.json from
// the worker's PORTABLE-RESULT line, and exits non-zero when workerd failed or no result came.
// Usage: node scripts/portable/run-workerd.mjs
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT = join(ROOT, '.tmp/portable');
const bin = join(ROOT, 'tools/runtimes/node_modules/.bin/workerd');
const child = spawn(bin, ['test', 'workerd.capnp'], { cwd: OUT, stdio: ['ignore', 'pipe', 'pipe'] });
let result;
let buffered = '';
const onData = (chunk) => {
  buffered += chunk.toString('utf8');
  let i;
  while ((i = buffered.indexOf('\n')) >= 0) {
    const line = buffered.slice(0, i);
    buffered = buffered.slice(i + 1);
    const m = /PORTABLE-RESULT (\{.*\})/.exec(line);
    if (m) result = JSON.parse(m[1]);
    else console.log(line);
  }
};
child.stdout.on('data', onData);
child.stderr.on('data', onData);
const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
const status = await new Promise((ok) => child.on('close', (c) => ok(c)));
clearTimeout(timer);
if (buffered) console.log(buffered);
if (result) {
  const v = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim(); // "workerd 2026-11-17"
  if (v) result.runtime = v;
  mkdirSync(join(OUT, 'results'), { recursive: true });
  writeFileSync(join(OUT, 'results/workerd.json'), JSON.stringify({ label: 'workerd', ...result }) + '\n');
}
const ok = status === 0 && result !== undefined && result.failed === 0 && result.passed > 0;
if (!ok) console.error(`workerd: exit ${status}, ${result ? `${result.failed} failed` : 'no result line'}`);
process.exit(ok ? 0 : 1);
