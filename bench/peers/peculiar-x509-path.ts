/**
 * Peer adapter: @peculiar/x509 chain building (`X509ChainBuilder`): parse the three certificates,
 * `build(leaf)` over the intermediate and the root, and accept when the chain ends at the root.
 * The builder picks issuers by name (and AKI/SKI) and verifies each signature (WebCrypto); it
 * checks nothing else, so this adapter adds the validity period of each certificate
 * (`notBefore`/`notAfter` against the time). No constraints, key usage or host name.
 * @module
 */
import './_reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createRequire } from 'node:module';

/** The installed @peculiar/x509 version. */
export const version: string = (createRequire(import.meta.url)('@peculiar/x509/package.json') as { version: string }).version;

x509.cryptoProvider.set(globalThis.crypto);

/**
 * Parses, builds leaf → intermediate → root and checks dates; throws when it does not hold.
 * @example
 * ```ts
 * await validate(rootDer, icaDer, leafDer, new Date())
 * ```
 */
export async function validate(root: ArrayBuffer, ica: ArrayBuffer, leaf: ArrayBuffer, time: Date): Promise<unknown> {
  const r = new x509.X509Certificate(root);
  const builder = new x509.X509ChainBuilder({ certificates: [new x509.X509Certificate(ica), r] });
  const chain = await builder.build(new x509.X509Certificate(leaf));
  if (chain.length !== 3 || chain[2] !== r) throw new Error('@peculiar/x509: no chain to the root');
  for (const c of chain) if (time < c.notBefore || time > c.notAfter) throw new Error('@peculiar/x509: outside the validity period');
  return chain;
}
