/**
 * Chains described as data, for the differential and rule-table tests: one {@link Spec} per
 * certificate (validity, each extension with its criticality, names, encodings), encoded with
 * the CertificateBuilder and, for encodings the builder refuses to make (a v1 certificate,
 * GeneralizedTime before 2050, a zero serial, an empty issuer), re-signed after editing the
 * TBSCertificate.
 */
import { DerReader, DerWriter } from '../src/der/index';
import type { KeyPair } from '../src/keys/index';
import { signerFromPrivateKey, type Signer } from '../src/sig/index';
import { EXTENSION } from '../src/oid/index';
import {
  CertificateBuilder,
  dns,
  encodeAuthorityKeyIdentifier,
  encodeBasicConstraints,
  encodeExtKeyUsage,
  encodeInhibitAnyPolicy,
  encodeKeyUsage,
  encodePolicyConstraints,
  encodeSubjectAltName,
  encodeSubjectKeyIdentifier,
  nameConstraintsCodec,
  parseCertificate,
  type Certificate,
  type KeyUsage,
  type NameConstraints,
} from '../src/x509/index';

export const NOW = new Date('2030-06-01T00:00:00Z');
const DAY = 86_400_000;
export const at = (days: number): Date => new Date(NOW.getTime() + days * DAY);
export const HOST = 'www.example.com';
export const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
export const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

/** What one certificate of a chain should look like before encoding. */
export interface Spec {
  role: 'root' | 'ica' | 'leaf';
  subject: string;
  notBefore: Date;
  notAfter: Date;
  bc: { cA: boolean; pathLen?: number; critical: boolean; rawPathLenNoCa?: boolean } | null;
  ku: { bits: KeyUsage; critical: boolean } | null;
  eku: { oids: string[]; critical: boolean } | null;
  san: { names: string[]; critical: boolean } | null;
  nc: NameConstraints | null;
  ncCritical: boolean;
  ski: boolean;
  aki: boolean;
  unknownCritical: boolean;
  issuerOverride?: string;
  v1: boolean;
  generalizedTime: boolean;
  /** Extra encodings and extensions (rule-table rows). */
  serialZero?: boolean;
  emptyIssuer?: boolean;
  emptySubject?: boolean;
  akiCritical?: boolean;
  skiCritical?: boolean;
  policyConstraints?: { critical: boolean };
  inhibitAnyPolicy?: { critical: boolean };
  /** Sign with another key than the issuer's (a bad signature). */
  wrongSigner?: boolean;
}

export function baseSpec(role: Spec['role'], subject: string): Spec {
  const ca = role !== 'leaf';
  return {
    role,
    subject,
    notBefore: at(role === 'root' ? -3650 : -30),
    notAfter: at(role === 'root' ? 3650 : 365),
    bc: ca ? { cA: true, critical: true } : null,
    ku: ca ? { bits: ['keyCertSign', 'cRLSign'], critical: true } : { bits: ['digitalSignature'], critical: true },
    eku: ca ? null : { oids: [SERVER_AUTH], critical: false },
    san: ca ? null : { names: [HOST], critical: false },
    nc: null,
    ncCritical: true,
    ski: true,
    aki: role !== 'root',
    unknownCritical: false,
    v1: false,
    generalizedTime: false,
  };
}

/** Re-signs `cert` after editing its TBSCertificate elements (encodings the builder refuses). */
async function resign(cert: Certificate, signer: Signer, edit: (parts: Uint8Array[]) => Uint8Array[]): Promise<Certificate> {
  const r = new DerReader(cert.rawTbs).enter();
  const parts: Uint8Array[] = [];
  while (!r.atEnd) parts.push(r.readTlv().raw);
  const tbs = new DerWriter()
    .sequence((w) => {
      for (const p of edit(parts)) w.raw(p);
    })
    .finish();
  const sig = await signer.sign(tbs);
  return parseCertificate(new DerWriter().sequence((w) => w.raw(tbs).raw(cert.rawSignatureAlgorithm).bitString(sig)).finish());
}

let serial = 0x10000n;

export async function encode(s: Spec, key: KeyPair, issuer: { cert: Certificate; key: KeyPair } | undefined): Promise<Certificate> {
  let b = CertificateBuilder.create()
    .subject(s.emptySubject ? '' : s.subject)
    .publicKey(key.publicKey)
    .serialNumber(serial++)
    .notBefore(s.notBefore)
    .notAfter(s.notAfter);
  if (s.bc !== null) {
    const value = s.bc.rawPathLenNoCa
      ? Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x00)
      : encodeBasicConstraints(s.bc.pathLen === undefined ? { cA: s.bc.cA } : { cA: s.bc.cA, pathLenConstraint: s.bc.pathLen });
    b = b.extension({ oid: EXTENSION.basicConstraints, critical: s.bc.critical, value });
  }
  if (s.ku !== null) b = b.extension({ oid: EXTENSION.keyUsage, critical: s.ku.critical, value: encodeKeyUsage(s.ku.bits) });
  if (s.eku !== null) b = b.extension({ oid: EXTENSION.extKeyUsage, critical: s.eku.critical, value: encodeExtKeyUsage(s.eku.oids) });
  if (s.san !== null) b = b.extension({ oid: EXTENSION.subjectAltName, critical: s.san.critical, value: encodeSubjectAltName(s.san.names.map((n) => dns(n))) });
  if (s.nc !== null) b = b.extension(nameConstraintsCodec, s.nc, s.ncCritical);
  if (s.unknownCritical) b = b.extension({ oid: '1.3.6.1.4.1.55555.1', critical: true, value: Uint8Array.of(0x05, 0x00) });
  if (s.policyConstraints) b = b.extension({ oid: EXTENSION.policyConstraints, critical: s.policyConstraints.critical, value: encodePolicyConstraints({ requireExplicitPolicy: 5 }) });
  if (s.inhibitAnyPolicy) b = b.extension({ oid: EXTENSION.inhibitAnyPolicy, critical: s.inhibitAnyPolicy.critical, value: encodeInhibitAnyPolicy(5) });
  if (!s.ski) b = b.subjectKeyIdentifier(false);
  else if (s.skiCritical) b = b.extension({ oid: EXTENSION.subjectKeyIdentifier, critical: true, value: encodeSubjectKeyIdentifier(key.publicKey.subjectKeyIdentifier()) });
  if (!s.aki) b = b.authorityKeyIdentifier(false);
  else if (s.akiCritical)
    b = b.extension({ oid: EXTENSION.authorityKeyIdentifier, critical: true, value: encodeAuthorityKeyIdentifier({ keyIdentifier: (issuer?.key ?? key).publicKey.subjectKeyIdentifier() }) });
  const signerKey = issuer?.key ?? key;
  const signer = signerFromPrivateKey((s.wrongSigner ? key : signerKey).privateKey);
  let cert: Certificate;
  if (issuer === undefined || s.issuerOverride !== undefined) {
    if (issuer !== undefined) b = b.issuer(s.issuerOverride!);
    cert = await b.sign(signer, { now: NOW });
  } else {
    cert = await (s.wrongSigner ? b.issuer(issuer.cert.subject) : b).sign(signer, s.wrongSigner ? { now: NOW } : { issuerCertificate: issuer.cert, now: NOW });
  }
  if (s.v1 || s.generalizedTime || s.serialZero || s.emptyIssuer) {
    const gt = new DerWriter().sequence((w) => w.generalizedTime(s.notBefore).generalizedTime(s.notAfter)).finish();
    cert = await resign(cert, signer, (p) => {
      let out = p;
      const serialAt = out[0]![0] === 0xa0 ? 1 : 0;
      if (s.generalizedTime) out = out.map((x, i) => (i === serialAt + 3 ? gt : x));
      if (s.serialZero) out = out.map((x, i) => (i === serialAt ? Uint8Array.of(0x02, 0x01, 0x00) : x));
      if (s.emptyIssuer) out = out.map((x, i) => (i === serialAt + 2 ? Uint8Array.of(0x30, 0x00) : x));
      if (s.v1) out = out.filter((x) => x[0] !== 0xa0 && x[0] !== 0xa3);
      return out;
    });
  }
  return cert;
}
