/**
 * Peer adapter: pkijs PKCS#10 (`CertificationRequest`): parse with `fromBER`, verify (WebCrypto),
 * read CN and the requested SAN dNSNames; build and sign with WebCrypto.
 * @module
 */
import * as asn1js from 'asn1js';
import { createRequire } from 'node:module';
import * as pkijs from 'pkijs';
import type { CsrSpec, CsrSummary } from './csr-common';

/** The installed pkijs version. */
export const version: string = (createRequire(import.meta.url)('pkijs/package.json') as { version: string }).version;

/** Parses, verifies and reads one request. */
export async function parseVerify(der: ArrayBuffer): Promise<CsrSummary> {
  const req = pkijs.CertificationRequest.fromBER(der);
  const ok = await req.verify();
  let cn: string | undefined;
  for (const tv of req.subject.typesAndValues) if (tv.type === '2.5.4.3') cn = tv.value.valueBlock.value as string;
  const dns: string[] = [];
  for (const a of req.attributes ?? []) {
    if (a.type !== '1.2.840.113549.1.9.14') continue;
    const exts = new pkijs.Extensions({ schema: a.values[0] });
    for (const e of exts.extensions) {
      if (e.extnID !== '2.5.29.17') continue;
      for (const n of (e.parsedValue as pkijs.AltName).altNames) if (n.type === 2) dns.push(n.value as string);
    }
  }
  return { ok, cn, dns };
}

const attr = (type: string, value: asn1js.BaseStringBlock | asn1js.Utf8String | asn1js.PrintableString): pkijs.AttributeTypeAndValue => new pkijs.AttributeTypeAndValue({ type, value });

/** Builds and signs the request (ECDSA P-256 / SHA-256 through WebCrypto); returns its DER. */
export async function build(spec: CsrSpec, publicKey: CryptoKey, privateKey: CryptoKey): Promise<ArrayBuffer> {
  const req = new pkijs.CertificationRequest();
  req.subject.typesAndValues.push(
    attr('2.5.4.6', new asn1js.PrintableString({ value: spec.c })),
    attr('2.5.4.10', new asn1js.Utf8String({ value: spec.o })),
    attr('2.5.4.3', new asn1js.Utf8String({ value: spec.cn })),
  );
  await req.subjectPublicKeyInfo.importKey(publicKey);
  const exts = new pkijs.Extensions({
    extensions: [
      new pkijs.Extension({
        extnID: '2.5.29.17',
        critical: false,
        extnValue: new pkijs.AltName({ altNames: spec.dnsNames.map((d) => new pkijs.GeneralName({ type: 2, value: d })) }).toSchema().toBER(false),
      }),
      new pkijs.Extension({ extnID: '2.5.29.37', critical: false, extnValue: new pkijs.ExtKeyUsage({ keyPurposes: ['1.3.6.1.5.5.7.3.1'] }).toSchema().toBER(false) }),
    ],
  });
  req.attributes = [new pkijs.Attribute({ type: '1.2.840.113549.1.9.14', values: [exts.toSchema()] })];
  await req.sign(privateKey, 'SHA-256');
  return req.toSchema().toBER(false);
}
