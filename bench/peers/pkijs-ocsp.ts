/**
 * Peer adapter: pkijs OCSP (`OCSPResponse`, `BasicOCSPResponse`): parse a response, verify its
 * signature against the issuer (`BasicOCSPResponse.verify({ trustedCerts })`, which also validates the signer's chain to the root, WebCrypto through
 * pkijs's default engine; the issuer attached as the signer's certificate, see below) and read the certificate's status (`getCertificateStatus`).
 * @module
 */
import { createRequire } from 'node:module';
import * as pkijs from 'pkijs';

/** The installed pkijs version. */
export const version: string = (createRequire(import.meta.url)('pkijs/package.json') as { version: string }).version;

/**
 * The certificates pkijs needs, parsed once outside the timed loop.
 * @example
 * ```ts
 * const ctx = prepare(issuerDer, leafDer, rootDer);
 * ```
 */
export function prepare(issuer: Uint8Array, leaf: Uint8Array, root: Uint8Array): { issuer: pkijs.Certificate; leaf: pkijs.Certificate; root: pkijs.Certificate } {
  return { issuer: pkijs.Certificate.fromBER(issuer.slice()), leaf: pkijs.Certificate.fromBER(leaf.slice()), root: pkijs.Certificate.fromBER(root.slice()) };
}

/**
 * Parses and verifies a response; resolves to the status (0 good, 1 revoked, 2 unknown).
 * @example
 * ```ts
 * await parseAndVerify(der, ctx)
 * ```
 */
export async function parseAndVerify(der: ArrayBuffer, ctx: { issuer: pkijs.Certificate; leaf: pkijs.Certificate; root: pkijs.Certificate }): Promise<number> {
  const resp = pkijs.OCSPResponse.fromBER(der);
  if (resp.responseBytes === undefined) throw new Error('pkijs: not a successful response');
  const basic = pkijs.BasicOCSPResponse.fromBER(resp.responseBytes.response.valueBlock.valueHexView.slice());
  // pkijs looks for the signer among the response's certificates only; a CA-signed response
  // carries none (RFC 6960 §4.2.2.2 case 1), so the issuer is attached as the signer candidate.
  basic.certs ??= [ctx.issuer];
  if (!(await basic.verify({ trustedCerts: [ctx.root] }))) throw new Error('pkijs: the response does not verify');
  const st = await basic.getCertificateStatus(ctx.leaf, ctx.issuer);
  if (!st.isForCertificate) throw new Error('pkijs: not about this certificate');
  return st.status;
}
