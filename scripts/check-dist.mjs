// Checks the built package: every export in package.json resolves to files that exist, the ESM
// and CJS entry points load and expose the same names, and type declarations are present for
// both. Run after `npm run build`.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const require = createRequire(import.meta.url);
let failures = 0;
let checked = 0;
for (const [subpath, spec] of Object.entries(pkg.exports)) {
  if (typeof spec === 'string') continue;
  const files = [spec.import.types, spec.import.default, spec.require.types, spec.require.default];
  for (const f of files) {
    if (!existsSync(f)) {
      console.error(`missing ${f} for ${subpath}`);
      failures++;
    }
  }
  if (failures) continue;
  const esm = await import(pathToFileURL(resolve(spec.import.default)).href);
  const cjs = require(resolve(spec.require.default));
  const a = Object.keys(esm)
    .filter((k) => k !== 'default')
    .sort();
  const b = Object.keys(cjs)
    .filter((k) => k !== 'default' && k !== '__esModule')
    .sort();
  if (a.length === 0 || JSON.stringify(a) !== JSON.stringify(b)) {
    console.error(`${subpath}: ESM exports [${a.length}] and CJS exports [${b.length}] differ or are empty`);
    failures++;
  }
  checked++;
}
// A real call through each format: decode a small DER INTEGER.
const esmDer = await import(pathToFileURL(resolve('dist/der/index.js')).href);
const cjsDer = require(resolve('dist/der/index.cjs'));
for (const m of [esmDer, cjsDer]) {
  const v = new m.DerReader(Uint8Array.of(2, 1, 5)).readInteger();
  if (v !== 5n) {
    console.error('DerReader from dist returned', v);
    failures++;
  }
}
if (failures) {
  console.error(`dist check: ${failures} problem(s)`);
  process.exit(1);
}
console.log(`dist check: ${checked} entry points load as ESM and CJS with matching exports and types`);
