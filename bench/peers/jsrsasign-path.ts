/**
 * Peer adapter: jsrsasign, which has no chain validator: per link, parse both certificates
 * (`X509.readCertHex`, hex made outside the timed loop), compare the issuer name with the
 * issuer's subject (as hex DER), verify the signature with the issuer's public key
 * (`verifySignature`, pure JS), and check each validity period against the time. No
 * constraints, key usage or host name.
 * @module
 */
import jsrsasign from 'jsrsasign';
import { createRequire } from 'node:module';

/** The installed jsrsasign version. */
export const version: string = (createRequire(import.meta.url)('jsrsasign/package.json') as { version: string }).version;

interface _X509 {
  readCertHex(h: string): void;
  getIssuerHex(): string;
  getSubjectHex(): string;
  getPublicKey(): unknown;
  verifySignature(key: unknown): boolean;
  getNotBefore(): string;
  getNotAfter(): string;
}
const { X509, zulutodate } = jsrsasign as unknown as { X509: new () => _X509; zulutodate(s: string): Date };

function read(hex: string): _X509 {
  const x = new X509();
  x.readCertHex(hex);
  return x;
}

/**
 * Parses and checks leaf → intermediate → root link by link (hex input); throws on a failure.
 * @example
 * ```ts
 * validate(rootHex, icaHex, leafHex, new Date())
 * ```
 */
export function validate(root: string, ica: string, leaf: string, time: Date): unknown {
  const chain = [read(leaf), read(ica), read(root)];
  for (let i = 0; i < 2; i++) {
    const c = chain[i]!,
      issuer = chain[i + 1]!;
    if (c.getIssuerHex() !== issuer.getSubjectHex() || !c.verifySignature(issuer.getPublicKey())) throw new Error('jsrsasign: link does not verify');
  }
  for (const c of chain) if (time < zulutodate(c.getNotBefore()) || time > zulutodate(c.getNotAfter())) throw new Error('jsrsasign: outside the validity period');
  return chain;
}
