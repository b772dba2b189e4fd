/**
 * `certkit`: the whole public API in one import. Each layer is also its own entry point
 * (`certkit/der`, `certkit/oid`, `certkit/pem`, `certkit/keys`, `certkit/sig`, ...), which is
 * what bundlers tree-shake best.
 * @module
 */
export * from './der/index';
export * from './oid/index';
export * from './pem/index';
export * from './keys/index';
export * from './sig/index';
export * from './x509/index';
export * from './csr/index';
export * from './crl/index';
export * from './pkcs12/index';
export * from './path/index';
export * from './ca/index';

import { dumpDer as dumpDerPlain, type DumpOptions } from './der/index';
import { oidName } from './oid/index';

/**
 * An indented tree of any DER, like `openssl asn1parse -i`, with OIDs named from the registry
 * (`certkit/der`'s `dumpDer` is the same without the registry, for the smallest bundles).
 * @example
 * ```ts
 * console.log(dumpDer(certificateDer));
 * ```
 */
export function dumpDer(bytes: Uint8Array, options: DumpOptions = {}): string {
  return dumpDerPlain(bytes, { oidName, ...options });
}
