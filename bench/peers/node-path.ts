/**
 * Peer adapter: Node's native per-link check (`crypto.X509Certificate`, OpenSSL): parse the
 * three certificates, then for each link `checkIssued` (names, and AKI/keyUsage as OpenSSL's
 * `X509_check_issued` does) and `verify(issuer.publicKey)` (the signature). Node has no path
 * validator: no validity period, basicConstraints, extended key usage or host name here.
 * @module
 */
import { X509Certificate } from 'node:crypto';

/** Node's version (its X.509 code is OpenSSL's). */
export const version = `node ${process.versions.node} (OpenSSL ${process.versions.openssl})`;

/**
 * Parses and checks leaf → intermediate → root link by link; throws on a failure.
 * @example
 * ```ts
 * validate(rootDer, icaDer, leafDer)
 * ```
 */
export function validate(root: Uint8Array, ica: Uint8Array, leaf: Uint8Array): unknown {
  const r = new X509Certificate(root);
  const i = new X509Certificate(ica);
  const l = new X509Certificate(leaf);
  if (!l.checkIssued(i) || !l.verify(i.publicKey) || !i.checkIssued(r) || !i.verify(r.publicKey)) throw new Error('node: chain does not verify');
  return l;
}
