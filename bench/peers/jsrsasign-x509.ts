/**
 * Peer adapter: jsrsasign (https://github.com/kjur/jsrsasign): parse with `X509.readCertHex`
 * and read the summary fields; build with `KJUR.asn1.x509.Certificate` (its own pure-JS ECDSA).
 * jsrsasign works on hex strings: inputs are converted outside the timed loops.
 * @module
 */
import jsrsasign from 'jsrsasign';
import { createRequire } from 'node:module';
import type { CertSummary, LeafSpec } from './x509-common';

/** The installed jsrsasign version. */
export const version: string = (createRequire(import.meta.url)('jsrsasign/package.json') as { version: string }).version;

const { X509, KJUR, KEYUTIL, zulutodate } = jsrsasign as unknown as {
  X509: new () => {
    readCertHex(h: string): void;
    getSubject(): { array: Array<Array<{ type: string; value: string }>> };
    getIssuerString(): string;
    getNotAfter(): string;
    getExtSubjectAltName(): { array: Array<Record<string, string>> } | undefined;
  };
  KJUR: { asn1: { x509: { Certificate: new (p: unknown) => { getEncodedHex(): string } } } };
  KEYUTIL: { getKey(k: unknown): unknown };
  zulutodate(s: string): Date;
};

/** Parses one certificate (hex) and reads subject CN, issuer, notAfter and the DNS SANs. */
export function summary(hex: string): CertSummary {
  const x = new X509();
  x.readCertHex(hex);
  let cn: string | undefined;
  for (const rdn of x.getSubject().array) for (const a of rdn) if (a.type === 'CN') cn = a.value;
  const san = x.getExtSubjectAltName();
  const dns = san ? san.array.filter((n) => n.dns !== undefined).map((n) => n.dns!) : [];
  return { cn, issuer: x.getIssuerString(), notAfter: zulutodate(x.getNotAfter()).getTime(), dns };
}

/** Loads a PKCS#8 PEM private key and an SPKI PEM public key into jsrsasign key objects. */
export function keys(pkcs8Pem: string, spkiPem: string): { prv: unknown; pub: unknown } {
  return { prv: KEYUTIL.getKey(pkcs8Pem), pub: KEYUTIL.getKey(spkiPem) };
}

/** Builds and signs a P-256 leaf (pure-JS ECDSA); returns its DER as hex. */
export function buildLeaf(spec: LeafSpec, subjectPub: unknown, issuerPrv: unknown, issuerKeyIdHex: string, subjectKeyIdHex: string): string {
  const fmt = (d: Date): string => d.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
  const cert = new KJUR.asn1.x509.Certificate({
    version: 3,
    serial: { hex: spec.serialHex },
    issuer: { str: `/CN=${spec.issuerCn}` },
    notbefore: fmt(spec.notBefore),
    notafter: fmt(spec.notAfter),
    subject: { str: `/O=${spec.subjectO}/CN=${spec.subjectCn}` },
    sbjpubkey: subjectPub,
    ext: [
      { extname: 'subjectKeyIdentifier', kid: { hex: subjectKeyIdHex } },
      { extname: 'authorityKeyIdentifier', kid: { hex: issuerKeyIdHex } },
      { extname: 'basicConstraints', critical: true, cA: false },
      { extname: 'keyUsage', critical: true, names: ['digitalSignature'] },
      { extname: 'extKeyUsage', array: ['serverAuth'] },
      { extname: 'subjectAltName', array: spec.dnsNames.map((d) => ({ dns: d })) },
    ],
    sigalg: 'SHA256withECDSA',
    cakey: issuerPrv,
  });
  return cert.getEncodedHex();
}
