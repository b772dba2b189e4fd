/**
 * Peer adapter: jsrsasign PKCS#10 (`KJUR.asn1.csr`): `CSRUtil.getParam` + `verifySignature`
 * (pure JS, PEM input), and `CSRUtil.newCSRPEM` to build and sign.
 * @module
 */
import jsrsasign from 'jsrsasign';
import { createRequire } from 'node:module';
import type { CsrSpec, CsrSummary } from './csr-common';

/** The installed jsrsasign version. */
export const version: string = (createRequire(import.meta.url)('jsrsasign/package.json') as { version: string }).version;

const { KJUR, KEYUTIL } = jsrsasign;
// The type declarations lag the library: getParam's second argument and verifySignature exist in 11.x.
const CSRUtil = KJUR.asn1.csr.CSRUtil as unknown as { getParam(pem: string, withTbs: boolean): unknown; verifySignature(param: unknown): boolean; newCSRPEM(param: unknown): string };

/** Parses (PEM), verifies and reads one request. */
export function parseVerify(pem: string): CsrSummary {
  const p = CSRUtil.getParam(pem, true) as { subject?: { array?: Array<Array<{ type: string; value: string }>> }; extreq?: Array<{ extname: string; array?: Array<{ dns?: string }> }> };
  const ok = CSRUtil.verifySignature(p);
  let cn: string | undefined;
  for (const rdn of p.subject?.array ?? []) for (const a of rdn) if (a.type === 'CN') cn = a.value;
  const dns: string[] = [];
  for (const e of p.extreq ?? []) if (e.extname === 'subjectAltName') for (const n of e.array ?? []) if (n.dns !== undefined) dns.push(n.dns);
  return { ok, cn, dns };
}

/** Key objects from PEM, made once outside the timed loop. */
export function keys(prvPem: string, pubPem: string): { prv: unknown; pub: unknown } {
  return { prv: KEYUTIL.getKey(prvPem), pub: KEYUTIL.getKey(pubPem) };
}

/** Builds and signs the request (pure-JS ECDSA P-256 / SHA-256); returns PEM. */
export function build(spec: CsrSpec, pub: unknown, prv: unknown): string {
  return CSRUtil.newCSRPEM({
    subject: { str: `/C=${spec.c}/O=${spec.o}/CN=${spec.cn}` },
    sbjpubkey: pub as never,
    sigalg: 'SHA256withECDSA',
    sbjprvkey: prv as never,
    extreq: [
      { extname: 'subjectAltName', array: spec.dnsNames.map((d) => ({ dns: d })) },
      { extname: 'extKeyUsage', array: [{ name: 'serverAuth' }] },
    ],
  });
}
