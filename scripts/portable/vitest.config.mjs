// vitest config of the portable suite's Node 20 leg (test/portable/portable.vitest.ts), apart
// from the project's vitest.config.ts so `npm test` does not run the suite twice.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: { include: ['test/portable/portable.vitest.ts'], testTimeout: 300_000, hookTimeout: 300_000, pool: 'forks', reporters: ['default'] },
});
