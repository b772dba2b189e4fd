// Runs the bundled portable suite in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core; never a downloaded browser). Serves .tmp/portable/ (page, bundle, vector
// list) and the listed vectors on 127.0.0.1 at a free port, opens the page in a fresh profile,
// echoes the page's console, writes .tmp/portable/results/chromium.json and exits non-zero when a
// test failed or the page did not finish in time.
// Usage: node scripts/portable/run-chromium.mjs
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
// playwright-core belongs to the runtime matrix's tools (tools/runtimes), not the root install.
const { chromium } = createRequire(join(ROOT, 'tools/runtimes/package.json'))('playwright-core');
const OUT = join(ROOT, '.tmp/portable');
const EXECUTABLE = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TIMEOUT_MS = 300_000;
const files = new Set(JSON.parse(readFileSync(join(OUT, 'vectors.json'), 'utf8')));
const TYPES = { '.html': 'text/html; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.json': 'application/json' };

const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  let file;
  if (path === '/' || path === '/index.html') file = join(OUT, 'index.html');
  else if (path === '/suite.mjs' || path === '/vectors.json') file = join(OUT, path.slice(1));
  else if (path.startsWith('/vectors/') && files.has(path.slice(9))) file = join(ROOT, 'test/vectors', path.slice(9));
  if (path === '/favicon.ico') {
    res.writeHead(204).end();
    return;
  }
  if (file === undefined) {
    res.writeHead(404).end('not found');
    return;
  }
  const ext = file.slice(file.lastIndexOf('.'));
  res.writeHead(200, { 'content-type': TYPES[ext] ?? 'application/octet-stream', 'cache-control': 'no-store' });
  res.end(readFileSync(file));
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const url = `http://127.0.0.1:${server.address().port}/`;

const profile = mkdtempSync(join(tmpdir(), 'certkit-chromium-'));
let code = 1;
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: EXECUTABLE,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => console.log(m.text()));
  page.on('pageerror', (e) => console.log(`page error: ${e.stack ?? e}`));
  await page.goto(url);
  await page.waitForFunction(() => window.__portableResult !== undefined, null, { timeout: TIMEOUT_MS, polling: 500 });
  const r = await page.evaluate(() => window.__portableResult);
  // The page sees a reduced user agent (156.0.0.0); the binary knows its full version.
  const v = /([0-9]+\.[0-9.]+)/.exec(execFileSync(EXECUTABLE, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }))?.[1];
  if (v) r.runtime = `chromium ${v}`;
  mkdirSync(join(OUT, 'results'), { recursive: true });
  writeFileSync(join(OUT, 'results/chromium.json'), JSON.stringify({ label: 'chromium', ...r }) + '\n');
  code = r.failed > 0 || r.passed === 0 ? 1 : 0;
} catch (e) {
  console.error(`chromium driver: ${e.stack ?? e}`);
} finally {
  await context?.close().catch(() => {});
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(code);
