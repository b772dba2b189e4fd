/**
 * The one place the portable suite imports certkit from: the public entry points, the root
 * `src/index.ts` and each layer's subpath (bundled by esbuild for Deno, Bun, Node 22/24, workerd
 * and Chromium; loaded from source under vitest on Node 20). Test files import from here, never
 * from a layer directly. The root is curated (the lifecycle's names); the suite needs every
 * layer's full API, so each subpath is re-exported, and the root's own `dumpDer` (with OID names)
 * wins over `certkit/der`'s.
 * @module
 */
export * from '../../src/der/index';
export * from '../../src/oid/index';
export * from '../../src/pem/index';
export * from '../../src/keys/index';
export * from '../../src/sig/index';
export * from '../../src/x509/index';
export * from '../../src/csr/index';
export * from '../../src/crl/index';
export * from '../../src/path/index';
export * from '../../src/pkcs12/index';
export * from '../../src/ca/index';
export { dumpDer } from '../../src/index';
export * from '../../src/cms/index';
export * from '../../src/ocsp/index';
export * from '../../src/server/index';
