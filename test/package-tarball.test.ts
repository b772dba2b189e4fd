/**
 * Proves the published package works for a user: the package is built (tsup, into a staging
 * directory so the working tree's dist/ is never touched) and packed with `npm pack`; the
 * tarball holds only what users need (dist/, README.md, LICENSE, package.json); a fresh project
 * outside the repository (so nothing resolves from the repo's node_modules) installs the tarball
 * with `npm install --prefer-offline` (dependencies from the npm cache, else the registry), and every subpath
 * export then imports as ESM and as CJS with the same names, and real work runs through both
 * (a P-256 CSR built, signed, parsed and verified; a DER integer read).
 *
 * Leaves .tmp/pack/stage/ (the staged package) and .tmp/pack/certkit-<version>.tgz for publint
 * and attw (scripts/ci-runtimes.sh). Needs npm and network-free access to the npm cache.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..');
const PACK = join(ROOT, '.tmp/pack');
const STAGE = join(PACK, 'stage');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; files: string[]; exports: Record<string, unknown>; dependencies: Record<string, string> };
const SUBPATHS = Object.keys(pkg.exports).filter((k) => k !== './package.json');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

let consumer: string;
let tarball: string;
let packed: Array<{ path: string }>;

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false' } });
}

beforeAll(() => {
  rmSync(PACK, { recursive: true, force: true });
  mkdirSync(STAGE, { recursive: true });
  for (const f of ['package.json', 'README.md', 'LICENSE']) copyFileSync(join(ROOT, f), join(STAGE, f));
  mkdirSync(join(STAGE, 'bin'));
  copyFileSync(join(ROOT, 'bin/certkit.mjs'), join(STAGE, 'bin/certkit.mjs'));
  // tsup reads tsup.config.ts from the repository; only the output goes to the stage.
  run(process.execPath, [join(ROOT, 'node_modules/tsup/dist/cli-default.js'), '--out-dir', join(STAGE, 'dist')], ROOT);
  const out = JSON.parse(run(NPM, ['pack', '--json', '--pack-destination', PACK], STAGE)) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = join(PACK, out[0]!.filename);
  packed = out[0]!.files;
  consumer = mkdtempSync(join(tmpdir(), 'certkit-consumer-'));
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'certkit-consumer', private: true, version: '1.0.0' }));
  run(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], consumer);
}, 300_000);

afterAll(() => {
  if (consumer) rmSync(consumer, { recursive: true, force: true });
});

/** Runs a script in the consumer project with this Node and returns its stdout parsed as JSON. */
function runInConsumer(file: string, source: string): Record<string, unknown> {
  writeFileSync(join(consumer, file), source);
  return JSON.parse(run(process.execPath, [file], consumer)) as Record<string, unknown>;
}

const WORK = `
  const { generateKeyPair, signerFromPrivateKey, CsrBuilder, parseCsr, verifyCsr, csrToPem, csrDnsNames } = certkit;
  const { DerReader } = certkitDer; // the root is curated: layer APIs come from their subpaths
  const { privateKey } = await generateKeyPair('P-256');
  const csr = await CsrBuilder.create().subject({ CN: 'tarball.example.com' }).subjectAltNames('tarball.example.com').sign(signerFromPrivateKey(privateKey));
  const back = parseCsr(csrToPem(csr));
  result.work = { dns: csrDnsNames(back), verified: await verifyCsr(back), int: String(new DerReader(Uint8Array.of(2, 1, 5)).readInteger()) };
`;

describe('the packed tarball', () => {
  it('contains only dist/, the bin launcher, README.md, LICENSE and package.json', () => {
    const paths = packed.map((f) => f.path);
    const stray = paths.filter((p) => !(p.startsWith('dist/') || ['README.md', 'LICENSE', 'package.json', 'bin/certkit.mjs'].includes(p)));
    expect(stray).toEqual([]);
    expect(paths).toContain('dist/index.js');
    expect(paths).toContain('dist/index.cjs');
    expect(paths).toContain('dist/index.d.ts');
    expect(paths.some((p) => /\.(ts|map)$/.test(p) && !p.endsWith('.d.ts') && !p.endsWith('.d.cts'))).toBe(false);
  });

  it('installs offline in a fresh project with only its declared dependencies', () => {
    const installed = JSON.parse(readFileSync(join(consumer, 'node_modules/certkit/package.json'), 'utf8')) as { version: string };
    expect(installed.version).toBe(pkg.version);
    for (const dep of Object.keys(pkg.dependencies)) {
      expect(() => readFileSync(join(consumer, 'node_modules', dep, 'package.json'))).not.toThrow();
    }
  });

  it('installs the certkit command, which runs the built CLI', () => {
    const out = run(process.execPath, [join(consumer, 'node_modules/.bin/certkit'), '--help'], consumer);
    expect(out).toContain('Usage: certkit <command>');
    expect(out).toContain('ca issue');
  });

  it('imports every entry point as ESM and does real work', () => {
    const r = runInConsumer(
      'esm.mjs',
      `
      const result = { names: {} };
      for (const s of ${JSON.stringify(SUBPATHS)}) {
        const m = await import(s === '.' ? 'certkit' : 'certkit' + s.slice(1));
        result.names[s] = Object.keys(m).filter((k) => k !== 'default').sort();
      }
      const certkit = await import('certkit');
      const certkitDer = await import('certkit/der');
      ${WORK}
      console.log(JSON.stringify(result));
    `,
    );
    expect(r.work).toEqual({ dns: ['tarball.example.com'], verified: true, int: '5' });
    const names = r.names as Record<string, string[]>;
    for (const s of SUBPATHS) expect(names[s]!.length, s).toBeGreaterThan(0);
    expect(names['.']).toContain('parseCertificate');
  });

  it('requires every entry point as CJS with the same names as ESM, and does real work', () => {
    const esm = runInConsumer(
      'names.mjs',
      `
      const names = {};
      for (const s of ${JSON.stringify(SUBPATHS)}) names[s] = Object.keys(await import(s === '.' ? 'certkit' : 'certkit' + s.slice(1))).filter((k) => k !== 'default').sort();
      console.log(JSON.stringify(names));
    `,
    );
    const r = runInConsumer(
      'cjs.cjs',
      `
      (async () => {
        const result = { names: {} };
        for (const s of ${JSON.stringify(SUBPATHS)}) {
          const m = require(s === '.' ? 'certkit' : 'certkit' + s.slice(1));
          result.names[s] = Object.keys(m).filter((k) => k !== 'default' && k !== '__esModule').sort();
        }
        const certkit = require('certkit');
        const certkitDer = require('certkit/der');
        ${WORK}
        console.log(JSON.stringify(result));
      })().catch((e) => { console.error(e); process.exit(1); });
    `,
    );
    expect(r.work).toEqual({ dns: ['tarball.example.com'], verified: true, int: '5' });
    expect(r.names).toEqual(esm);
  });
});
