/**
 * The one place the portable suite imports certkit from: the public entry point `src/index.ts`
 * (bundled by esbuild for Deno, Bun, Node 22/24, workerd and Chromium; loaded from source under
 * vitest on Node 20). Test files import from here, never from a layer directly.
 * Every layer the suite uses (der, oid, pem, keys, sig, x509, csr, crl, path) is exported by the
 * root; if a new layer is needed before the root exports it, re-export it here in a block marked
 * PORTABLE-LAYER-GAP and delete the block when the root catches up.
 * @module
 */
export * from '../../src/index';
