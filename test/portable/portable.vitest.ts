/**
 * The portable suite under vitest on the machine's Node (Node 20): the same test files as on the
 * other runtimes, imported from source (not the bundle), one vitest test per portable test.
 * Named `.vitest.ts`, not `.test.ts`, so `npm test` does not run it a second time beside the Node
 * suites it overlaps (test/wycheproof.test.ts…); scripts/ci-runtimes.sh runs it with
 * `vitest run --config scripts/portable/vitest.config.mjs`. Writes
 * .tmp/portable/results/node20-vitest.json (digest included) like the other drivers.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { registeredTests, runTests, type PortableRunResult } from './suite';

const ROOT = join(__dirname, '../..');
const VECTORS = join(ROOT, 'test/vectors');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [relative(VECTORS, p).split('\\').join('/')];
  });
}

let result: PortableRunResult;
beforeAll(async () => {
  const files = walk(VECTORS).sort();
  result = await runTests({ runtime: `node ${process.version.slice(1)} (vitest)`, files, load: async (name) => new Uint8Array(readFileSync(join(VECTORS, name))) });
  mkdirSync(join(ROOT, '.tmp/portable/results'), { recursive: true });
  const { runtime, passed, failed, ms, digest } = result;
  writeFileSync(join(ROOT, '.tmp/portable/results/node20-vitest.json'), JSON.stringify({ label: 'node20-vitest', runtime, passed, failed, ms, digest }) + '\n');
});

describe('portable suite', () => {
  for (const t of registeredTests()) {
    it(t.name, () => {
      const r = result.results.find((x) => x.name === t.name);
      expect(r, 'ran').toBeDefined();
      expect(r!.error ?? 'ok').toBe('ok');
    });
  }
});
