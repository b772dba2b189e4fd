import { readdirSync, existsSync } from 'node:fs';
import { defineConfig } from 'tsup';

// One entry per layer (src/<layer>/index.ts) plus the root, so `certkit/der` etc. are separate
// entry points and a bundler can drop what an application does not import. src/cli is Node-only
// and built separately; src/node (certkit/node, the Node adapter) is an entry point like the
// others but imports node:* builtins, which stay external.
const layers = readdirSync('src', { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'cli' && existsSync(`src/${d.name}/index.ts`))
  .map((d) => d.name);

export default defineConfig([
  {
    entry: Object.fromEntries([
      ['index', 'src/index.ts'],
      ...layers.map((l) => [`${l}/index`, `src/${l}/index.ts`]),
      // The lean parse-only certificate view: no crypto, no extension registry (see bench/size.md).
      // certkit/store/postgres: the PostgreSQL CaStore; its driver `pg` is an optional peer dependency.
      ['store/postgres/index', 'src/store/postgres/index.ts'],
    ]),
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: false,
    clean: false, // the build script empties dist/ first; two configs build in parallel
    splitting: true,
    treeshake: true,
    target: 'es2022',
    platform: 'neutral',
    external: [/^@noble\//, /^node:/, 'pg'],
  },
  {
    // The CLI: the one Node-specific layer, ESM for Node 20+, run by bin/certkit.mjs.
    entry: { 'cli/main': 'src/cli/main.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    dts: false,
    splitting: false,
    clean: false,
    // pg stays external: it is an optional peer dependency, loaded only for --store postgres://.
    external: [/^@noble\//, 'pg'],
  },
]);
