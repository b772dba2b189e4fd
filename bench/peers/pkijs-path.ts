/**
 * Peer adapter: pkijs chain validation (`CertificateChainValidationEngine`): parse the three
 * certificates with `Certificate.fromBER`, then `verify()` with the root as trusted and a fixed
 * `checkDate`. It checks signatures (WebCrypto), validity, basicConstraints and keyUsage, policies
 * and name constraints; it does not check pathLenConstraint, extended key usage or a host name.
 * Non-goals: CRLs/OCSP (none are given).
 * @module
 */
import { createRequire } from 'node:module';
import * as pkijs from 'pkijs';

/** The installed pkijs version. */
export const version: string = (createRequire(import.meta.url)('pkijs/package.json') as { version: string }).version;

/**
 * Parses and validates leaf → intermediate → root; throws when pkijs does not accept it.
 * @example
 * ```ts
 * await validate(rootDer, icaDer, leafDer, new Date())
 * ```
 */
export async function validate(root: ArrayBuffer, ica: ArrayBuffer, leaf: ArrayBuffer, time: Date): Promise<unknown> {
  const trusted = pkijs.Certificate.fromBER(root);
  const engine = new pkijs.CertificateChainValidationEngine({ trustedCerts: [trusted], certs: [pkijs.Certificate.fromBER(leaf), pkijs.Certificate.fromBER(ica)], checkDate: time });
  const r = await engine.verify();
  if (!r.result) throw new Error(`pkijs: ${r.resultMessage}`);
  return r;
}
