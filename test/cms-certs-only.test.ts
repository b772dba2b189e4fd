/**
 * The certs-only SignedData (`.p7b`, EST `cacerts`): certkit's encoding is read by `openssl
 * pkcs7 -print_certs` with every certificate and CRL, and is DER (SET OF sorted); bundles written
 * by `openssl crl2pkcs7` (DER and PEM) parse in certkit to the same certificates in the same
 * order. Fails (does not skip) when openssl is missing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CMS_OID, encodeCertsOnly, parseSignedData, signedDataToPem } from '../src/cms/index';
import { CrlBuilder, crlToPem } from '../src/crl/index';
import { bytesEqual, compareEncodings } from '../src/der/index';
import { certificateToPem, parseCertificate, type Certificate } from '../src/x509/index';
import { at, makeCa, makeLeaf, type Ca } from './crl-fixtures';

let dir: string;
let ca: Ca;
let inter: Ca;
let leaf: Certificate;
let crlDer: Uint8Array;

function openssl(args: string[]): { ok: boolean; out: string; stdout: Buffer } {
  const r = spawnSync('openssl', args, { cwd: dir });
  if (r.error) throw new Error(`openssl cannot run (this interop test needs it): ${r.error.message}`);
  return { ok: r.status === 0, out: `${r.stdout.toString('latin1')}${r.stderr.toString('latin1')}`, stdout: r.stdout };
}

beforeAll(async () => {
  expect(openssl(['version']).out).toMatch(/^OpenSSL 3\./);
  dir = mkdtempSync(join(tmpdir(), 'certkit-cms-'));
  ca = await makeCa('CMS Root');
  inter = await makeCa('CMS Intermediate', { parent: ca });
  leaf = await makeLeaf(inter, 0x77n, { cn: 'cms leaf' });
  const crl = await CrlBuilder.create()
    .thisUpdate(at(-1))
    .nextUpdate(at(6))
    .crlNumber(3)
    .revoke({ serial: 0x99n, revocationDate: at(-2) })
    .sign(inter.signer, { issuerCertificate: inter.cert });
  crlDer = crl.raw;
  writeFileSync(join(dir, 'root.pem'), certificateToPem(ca.cert));
  writeFileSync(join(dir, 'inter.pem'), certificateToPem(inter.cert));
  writeFileSync(join(dir, 'leaf.pem'), certificateToPem(leaf));
  writeFileSync(join(dir, 'crl.pem'), crlToPem(crl));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const subjects = (text: string): string[] => [...text.matchAll(/^subject=(.*)$/gm)].map((m) => m[1]!.trim());

describe('certkit writes, openssl reads', () => {
  it('openssl pkcs7 -print_certs lists every certificate and the CRL of a certkit bundle', () => {
    const p7 = encodeCertsOnly([leaf.raw, inter.cert.raw, ca.cert.raw], [crlDer]);
    writeFileSync(join(dir, 'ck.p7b'), p7);
    const r = openssl(['pkcs7', '-inform', 'DER', '-in', 'ck.p7b', '-print_certs', '-noout']);
    expect(r.ok, r.out).toBe(true);
    expect(subjects(r.out).sort()).toEqual(['O = certkit tests, CN = CMS Intermediate', 'O = certkit tests, CN = CMS Root', 'CN = cms leaf'].sort());
    expect(r.out).toMatch(/Certificate Revocation List/);
    // PEM too, and `openssl pkcs7 -print` sees version 1 and no signers
    writeFileSync(join(dir, 'ck.pem'), signedDataToPem(p7));
    const t = openssl(['pkcs7', '-in', 'ck.pem', '-print']);
    expect(t.ok, t.out).toBe(true);
    expect(t.out).toMatch(/version: 1/);
    expect(t.out).toMatch(/signer_info:\s*<EMPTY>/);
  });

  it('is DER: the certificates SET OF is sorted, and openssl re-encodes it byte for byte', () => {
    const p7 = encodeCertsOnly([leaf.raw, inter.cert.raw, ca.cert.raw]);
    const sd = parseSignedData(p7);
    for (let i = 1; i < sd.certificates.length; i++) expect(compareEncodings(sd.certificates[i - 1]!, sd.certificates[i]!)).toBeLessThan(0);
    writeFileSync(join(dir, 'sorted.p7b'), p7);
    const r = openssl(['pkcs7', '-inform', 'DER', '-in', 'sorted.p7b', '-outform', 'DER']);
    expect(r.ok, r.out).toBe(true);
    expect(bytesEqual(new Uint8Array(r.stdout), p7)).toBe(true);
    expect(sd.version).toBe(1);
    expect(sd.digestAlgorithms).toEqual([]);
    expect(sd.contentType).toBe(CMS_OID.data);
    expect(sd.content).toBeUndefined();
    expect(sd.crls).toEqual([]);
    expect(sd.signerInfos).toEqual([]);
  });

  it('an empty bundle (no certificates) is still a valid certs-only SignedData for openssl', () => {
    writeFileSync(join(dir, 'empty.p7b'), encodeCertsOnly([]));
    const r = openssl(['pkcs7', '-inform', 'DER', '-in', 'empty.p7b', '-print_certs']);
    expect(r.ok, r.out).toBe(true);
    expect(parseSignedData(encodeCertsOnly([])).certificates).toEqual([]);
  });
});

describe('openssl writes, certkit reads', () => {
  it('crl2pkcs7 -nocrl -certfile (DER and PEM): the same certificates in the same order', () => {
    for (const form of ['DER', 'PEM']) {
      const r = openssl(['crl2pkcs7', '-nocrl', '-certfile', 'leaf.pem', '-certfile', 'inter.pem', '-certfile', 'root.pem', '-outform', form, '-out', `o.${form}`]);
      expect(r.ok, r.out).toBe(true);
      const input = form === 'DER' ? new Uint8Array(readFileSync(join(dir, `o.${form}`))) : readFileSync(join(dir, `o.${form}`), 'utf8');
      const sd = parseSignedData(input);
      expect(sd.certificates.map((d) => parseCertificate(d).subject.toString())).toEqual(['CN=cms leaf', 'CN=CMS Intermediate,O=certkit tests', 'CN=CMS Root,O=certkit tests']);
      expect(bytesEqual(sd.certificates[0]!, leaf.raw)).toBe(true);
      expect(sd.signerInfos).toHaveLength(0);
    }
  });

  it('crl2pkcs7 with a CRL: the CRL view is the CRL', () => {
    const r = openssl(['crl2pkcs7', '-in', 'crl.pem', '-certfile', 'inter.pem', '-outform', 'DER', '-out', 'withcrl.p7b']);
    expect(r.ok, r.out).toBe(true);
    const sd = parseSignedData(new Uint8Array(readFileSync(join(dir, 'withcrl.p7b'))));
    expect(sd.crls).toHaveLength(1);
    expect(bytesEqual(sd.crls[0]!, crlDer)).toBe(true);
    expect(bytesEqual(sd.certificates[0]!, inter.cert.raw)).toBe(true);
  });

  it('a certkit bundle read back is byte-identical to what openssl prints', () => {
    const p7 = encodeCertsOnly([ca.cert.raw]);
    writeFileSync(join(dir, 'one.p7b'), p7);
    const r = openssl(['pkcs7', '-inform', 'DER', '-in', 'one.p7b', '-print_certs']);
    expect(r.ok, r.out).toBe(true);
    const pem = r.out.slice(r.out.indexOf('-----BEGIN CERTIFICATE-----'));
    expect(bytesEqual(parseCertificate(pem).raw, ca.cert.raw)).toBe(true);
  });
});
