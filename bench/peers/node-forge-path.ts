/**
 * Peer adapter: node-forge chain verification (`pki.verifyCertificateChain`): parse the three
 * certificates (forge binary strings, made outside the timed loop) and verify leaf → intermediate
 * against a CA store holding the root, at a fixed time. forge checks signatures, validity,
 * basicConstraints cA, keyUsage keyCertSign and pathLenConstraint; not extended key usage or a
 * host name. forge reads RSA keys only (EC certificates throw "OID is not RSA"), so it has no
 * P-256 row.
 * @module
 */
import forge from 'node-forge';
import { createRequire } from 'node:module';

/** The installed node-forge version. */
export const version: string = (createRequire(import.meta.url)('node-forge/package.json') as { version: string }).version;

const parse = (b: string): forge.pki.Certificate => forge.pki.certificateFromAsn1(forge.asn1.fromDer(b));

/**
 * Parses and verifies leaf → intermediate → root (binary strings); throws when forge refuses.
 * @example
 * ```ts
 * validate(rootBin, icaBin, leafBin, new Date())
 * ```
 */
export function validate(root: string, ica: string, leaf: string, time: Date): unknown {
  const store = forge.pki.createCaStore([parse(root)]);
  const ok = forge.pki.verifyCertificateChain(store, [parse(leaf), parse(ica)], { validityCheckDate: time });
  if (ok !== true) throw new Error('node-forge: chain refused');
  return ok;
}
