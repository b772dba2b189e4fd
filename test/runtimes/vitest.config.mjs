// vitest config of the runtime matrix's interop tests (test/runtimes/): tests that need a runtime
// binary only `npm ci --prefix tools/runtimes` installs (Node 24 for ML-DSA). They run in
// scripts/ci-runtimes.sh, not in `npm test`, so the README's test command needs nothing beyond
// the root install and system packages.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: { include: ['test/runtimes/**/*.test.ts'], testTimeout: 300_000, hookTimeout: 300_000, pool: 'forks', reporters: ['default'] },
});
