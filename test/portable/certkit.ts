/**
 * The one place the portable suite imports certkit from: the public entry point `src/index.ts`
 * (bundled by esbuild for Deno, Bun, Node 22/24, workerd and Chromium; loaded from source under
 * vitest on Node 20). Test files import from here, never from a layer directly.
 *
 * Layers not yet exported by `src/index.ts` are re-exported below, each in a marked block; when
 * the root exports the layer, delete its block (a duplicate `export *` would be an error).
 * @module
 */
export * from '../../src/index';

// ---- PORTABLE-LAYER-GAP path: delete this block once src/index.ts has `export * from './path/index'`.
export { verifyChain, validatePath, ValidationError, type ValidationOptions } from '../../src/path/index';
// ---- end path
