/**
 * `certkit inspect` on PKCS#7 bundles and `certkit convert` to and from `.p7b`, as a subprocess
 * on real files: a bundle written by `convert` is read by `openssl pkcs7 -print_certs`; one
 * written by `openssl crl2pkcs7` is listed by `inspect` (text and JSON) and converted back to
 * PEM byte for byte; bad input gets exit 2 with a message. Fails when openssl is missing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSignedData } from '../src/cms/index';
import { CrlBuilder, crlToPem } from '../src/crl/index';
import { bytesEqual } from '../src/der/index';
import { certificateToPem, parseCertificate } from '../src/x509/index';
import { bundle, openssl, runNodeAsync, scratch, type RunResult } from './cli-test-helpers';
import { at, makeHierarchy, makeSigner, type Ca, type SignerFixture } from './cms-helpers';

let bin: string;
let dir: string;
let root: Ca;
let inter: Ca;
let leaf: SignerFixture;

const f = (name: string): string => path.join(dir, name);

async function cli(args: string[]): Promise<RunResult> {
  const r = await runNodeAsync(bin, args, { cwd: dir });
  expect(r.stderr, `certkit ${args.join(' ')}`).not.toMatch(/internal error/);
  return r;
}

beforeAll(async () => {
  expect(openssl(['version']).stdout).toMatch(/^OpenSSL 3\./);
  bin = (await bundle({ certkit: 'src/cli/main.ts' })).certkit!;
  dir = scratch('cli-cms');
  ({ root, inter } = await makeHierarchy());
  leaf = await makeSigner(inter, 'P-256', {}, 'cli leaf');
  const crl = await CrlBuilder.create().thisUpdate(at(-1)).nextUpdate(at(6)).crlNumber(1).sign(inter.signer, { issuerCertificate: inter.cert });
  fs.writeFileSync(f('chain.pem'), certificateToPem(leaf.cert) + certificateToPem(inter.cert) + certificateToPem(root.cert));
  fs.writeFileSync(f('leaf.pem'), certificateToPem(leaf.cert));
  fs.writeFileSync(f('inter.pem'), certificateToPem(inter.cert));
  fs.writeFileSync(f('crl.pem'), crlToPem(crl));
  fs.writeFileSync(f('key.pem'), leaf.key.toPem());
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(path.dirname(bin), { recursive: true, force: true });
});

describe('certkit convert', () => {
  it('PEM chain + CRL to .p7b (by extension), read by openssl pkcs7 -print_certs', async () => {
    const r = await cli(['convert', 'chain.pem', 'crl.pem', '--out', 'chain.p7b']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('3 certificates and 1 CRL -> chain.p7b (p7b)');
    const o = openssl(['pkcs7', '-inform', 'DER', '-in', 'chain.p7b', '-print_certs', '-noout'], { cwd: dir });
    expect(o.code, o.stderr).toBe(0);
    expect(o.stdout.match(/^subject=/gm)).toHaveLength(3);
    expect(o.stdout).toMatch(/CN = cli leaf/);
    expect(o.stdout).toMatch(/Certificate Revocation List/);
    expect(parseSignedData(new Uint8Array(fs.readFileSync(f('chain.p7b')))).crls).toHaveLength(1);
  });

  it('--to p7b-pem writes PKCS7 PEM to standard output; openssl reads it', async () => {
    const r = await cli(['convert', 'chain.pem', '--to', 'p7b-pem']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^-----BEGIN PKCS7-----/);
    const o = openssl(['pkcs7', '-print_certs', '-noout'], { cwd: dir, input: r.stdout });
    expect(o.code, o.stderr).toBe(0);
    expect(o.stdout.match(/^subject=/gm)).toHaveLength(3);
  });

  it('an openssl crl2pkcs7 bundle back to PEM (same certificates, chain order) and one certificate to DER', async () => {
    const o = openssl(['crl2pkcs7', '-nocrl', '-certfile', 'chain.pem', '-outform', 'DER', '-out', 'ossl.p7b'], { cwd: dir });
    expect(o.code, o.stderr).toBe(0);
    const r = await cli(['convert', 'ossl.p7b', '--out', 'back.pem']);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readFileSync(f('back.pem'), 'utf8')).toBe(fs.readFileSync(f('chain.pem'), 'utf8'));
    const d = await cli(['convert', 'leaf.pem', '--out', 'leaf.der']);
    expect(d.code, d.stderr).toBe(0);
    expect(bytesEqual(new Uint8Array(fs.readFileSync(f('leaf.der'))), leaf.cert.raw)).toBe(true);
    // PEM PKCS7 in, p7b out
    fs.writeFileSync(f('ossl.pem'), openssl(['crl2pkcs7', '-nocrl', '-certfile', 'inter.pem'], { cwd: dir }).stdout);
    const p = await cli(['convert', 'ossl.pem', '--out', 'inter.p7c']);
    expect(p.code, p.stderr).toBe(0);
    expect(bytesEqual(parseSignedData(new Uint8Array(fs.readFileSync(f('inter.p7c')))).certificates[0]!, inter.cert.raw)).toBe(true);
  });

  it('refuses keys, several objects as DER, binary to standard output, unknown formats (exit 2)', async () => {
    const cases: Array<[string[], string]> = [
      [['convert', 'key.pem', '--out', 'x.p7b'], 'convert handles certificates and CRLs only'],
      [['convert', 'chain.pem', '--out', 'x.der'], 'DER holds one object and the input has 3'],
      [['convert', 'chain.pem', '--to', 'p7b'], 'give --out FILE'],
      [['convert', 'chain.pem', '--to', 'pfx'], '--to must be one of'],
      [['convert', 'chain.pem', '--out', 'x.zip'], 'cannot tell the output format'],
    ];
    for (const [args, msg] of cases) {
      const r = await cli(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain(msg);
    }
  });
});

describe('certkit inspect on bundles', () => {
  it('prints each certificate and the CRL of a .p7b, text and JSON', async () => {
    const r = await cli(['inspect', 'chain.p7b']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.match(/^== chain\.p7b \[\d\/4\]: certificate \(PKCS#7 DER\)$/gm)).toHaveLength(3);
    expect(r.stdout).toMatch(/^== chain\.p7b \[4\/4\]: CRL \(PKCS#7 DER\)$/m);
    expect(r.stdout).toMatch(/Subject: .*CN = cli leaf/);
    const j = await cli(['inspect', 'chain.p7b', '--json']);
    expect(j.code, j.stderr).toBe(0);
    const items = JSON.parse(j.stdout) as Array<{ type: string; container?: string }>;
    expect(items.map((i) => i.type).sort()).toEqual(['certificate', 'certificate', 'certificate', 'crl']);
    expect(items.every((i) => i.container === 'PKCS#7')).toBe(true);
  });

  it('reads an openssl cms -sign .p7s (its certificates) and PEM PKCS7', async () => {
    const s = openssl(['cms', '-sign', '-in', 'leaf.pem', '-signer', 'leaf.pem', '-inkey', 'key.pem', '-certfile', 'inter.pem', '-outform', 'DER', '-out', 'sig.p7s'], { cwd: dir });
    expect(s.code, s.stderr).toBe(0);
    const r = await cli(['inspect', 'sig.p7s', 'ossl.pem']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.match(/: certificate \(PKCS#7 DER\)$/gm)).toHaveLength(2);
    expect(r.stdout).toMatch(/^== ossl\.pem: certificate \(PKCS#7 PEM\)$/m);
    expect(parseCertificate(fs.readFileSync(f('inter.pem'), 'utf8')).subject.toString()).toContain('CMS Test Intermediate');
  });

  it('a broken bundle is an input error with the CMS error code', async () => {
    const good = new Uint8Array(fs.readFileSync(f('chain.p7b')));
    fs.writeFileSync(f('broken.p7b'), good.subarray(0, good.length - 10));
    const r = await cli(['inspect', 'broken.p7b']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken\.p7b is a PKCS#7 \/ CMS file that does not parse: .*\[(truncated|length-exceeds-input)/);
  });
});
