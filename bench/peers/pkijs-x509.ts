/**
 * Peer adapter: pkijs (https://github.com/PeculiarVentures/PKI.js) certificates: parse with
 * `Certificate.fromBER` and read the summary fields; build and sign a leaf with WebCrypto.
 * Non-goals: pkijs chain validation.
 * @module
 */
import * as asn1js from 'asn1js';
import { createRequire } from 'node:module';
import * as pkijs from 'pkijs';
import type { CertSummary, LeafSpec } from './x509-common';

/** The installed pkijs version. */
export const version: string = (createRequire(import.meta.url)('pkijs/package.json') as { version: string }).version;

function attr(type: string, value: string): pkijs.AttributeTypeAndValue {
  return new pkijs.AttributeTypeAndValue({ type, value: new asn1js.Utf8String({ value }) });
}

/** Parses one certificate and reads subject CN, issuer, notAfter and the DNS SANs. */
export function summary(der: ArrayBuffer): CertSummary {
  const c = pkijs.Certificate.fromBER(der);
  let cn: string | undefined;
  for (const tv of c.subject.typesAndValues) if (tv.type === '2.5.4.3') cn = tv.value.valueBlock.value as string;
  const issuer = c.issuer.typesAndValues.map((tv) => `${tv.type}=${tv.value.valueBlock.value as string}`);
  const dns: string[] = [];
  for (const e of c.extensions ?? []) {
    if (e.extnID !== '2.5.29.17') continue;
    for (const n of (e.parsedValue as pkijs.AltName).altNames) if (n.type === 2) dns.push(n.value as string);
  }
  return { cn, issuer, notAfter: c.notAfter.value.getTime(), dns };
}

/** Builds and signs a P-256 leaf (ECDSA with SHA-256 through WebCrypto); returns its DER. */
export async function buildLeaf(spec: LeafSpec, subjectKey: CryptoKey, issuerKey: CryptoKey, issuerKeyId: ArrayBuffer): Promise<ArrayBuffer> {
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ valueHex: hexToBuf(spec.serialHex) });
  cert.issuer.typesAndValues.push(attr('2.5.4.3', spec.issuerCn));
  cert.subject.typesAndValues.push(attr('2.5.4.10', spec.subjectO), attr('2.5.4.3', spec.subjectCn));
  cert.notBefore.value = spec.notBefore;
  cert.notAfter.value = spec.notAfter;
  await cert.subjectPublicKeyInfo.importKey(subjectKey);
  const ski = await crypto.subtle.digest('SHA-1', cert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView.slice());
  cert.extensions = [
    new pkijs.Extension({ extnID: '2.5.29.14', critical: false, extnValue: new asn1js.OctetString({ valueHex: ski }).toBER(false) }),
    new pkijs.Extension({
      extnID: '2.5.29.35',
      critical: false,
      extnValue: new pkijs.AuthorityKeyIdentifier({ keyIdentifier: new asn1js.OctetString({ valueHex: issuerKeyId }) }).toSchema().toBER(false),
    }),
    new pkijs.Extension({ extnID: '2.5.29.19', critical: true, extnValue: new pkijs.BasicConstraints({ cA: false }).toSchema().toBER(false) }),
    new pkijs.Extension({ extnID: '2.5.29.15', critical: true, extnValue: new asn1js.BitString({ valueHex: new Uint8Array([0x80]).buffer, unusedBits: 7 }).toBER(false) }),
    new pkijs.Extension({ extnID: '2.5.29.37', critical: false, extnValue: new pkijs.ExtKeyUsage({ keyPurposes: ['1.3.6.1.5.5.7.3.1'] }).toSchema().toBER(false) }),
    new pkijs.Extension({
      extnID: '2.5.29.17',
      critical: false,
      extnValue: new pkijs.AltName({ altNames: spec.dnsNames.map((d) => new pkijs.GeneralName({ type: 2, value: d })) }).toSchema().toBER(false),
    }),
  ];
  await cert.sign(issuerKey, 'SHA-256');
  return cert.toSchema(true).toBER(false);
}

function hexToBuf(hex: string): ArrayBuffer {
  const b = new Uint8Array(hex.length / 2);
  for (let i = 0; i < b.length; i++) b[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return b.buffer;
}
