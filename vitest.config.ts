import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // test/runtimes/ needs the runtime matrix's binaries (tools/runtimes): scripts/ci-runtimes.sh runs it.
    exclude: ['**/node_modules/**', 'test/runtimes/**'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    reporters: ['default', ['json', { outputFile: '.tmp/vitest-results.json' }]],
  },
});
