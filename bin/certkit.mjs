#!/usr/bin/env node
// The `certkit` command (package.json "bin"). Runs the built CLI (dist/cli/main.js); in a source
// checkout that has not been built, it runs the TypeScript sources through tsx (a dev
// dependency), so `node bin/certkit.mjs demo` works straight after `npm ci`.
const built = new URL('../dist/cli/main.js', import.meta.url);
let cli;
try {
  cli = await import(built.href);
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND' || !String(e.message).includes('dist/cli/main.js')) throw e;
  let tsImport;
  try {
    ({ tsImport } = await import('tsx/esm/api'));
  } catch {
    process.stderr.write('certkit: the CLI is not built (npm run build) and tsx is not installed to run it from source\n');
    process.exit(2);
  }
  cli = await tsImport('../src/cli/main.ts', import.meta.url);
}
process.exitCode = await cli.run(process.argv.slice(2));
