/**
 * OpenSSL 3 interop for signed CMS: what certkit signs (every algorithm OpenSSL 3.0 has for CMS: ECDSA
 * P-256/384/521, RSA PKCS#1 v1.5 and PSS; attached and detached; signer by
 * issuerAndSerialNumber and by subjectKeyIdentifier) passes `openssl cms -verify` with the root
 * as the only trust; what `openssl cms -sign` writes (detached, -nodetach, -keyid, -md, PSS,
 * -certfile) verifies in certkit, both entry points, with the chain validated by certkit/path.
 * Fails (does not skip) when openssl is missing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CMS_OID, parseSignedData, signData, signedDataToPem, verifySignedData, verifySignedDataSync } from '../src/cms/index';
import { bytesEqual } from '../src/der/index';
import type { KeyPairAlgorithm } from '../src/keys/index';
import { certificateToPem } from '../src/x509/index';
import { NOW, makeHierarchy, makeSigner, type Ca, type SignerFixture } from './cms-helpers';

let dir: string;
let root: Ca;
let inter: Ca;
const content = new TextEncoder().encode('certkit CMS interop\r\nline two\n\x00\xff binary tail');
const attime = String(Math.floor(NOW.getTime() / 1000));

function openssl(args: string[]): { ok: boolean; out: string } {
  const r = spawnSync('openssl', args, { cwd: dir });
  if (r.error) throw new Error(`openssl cannot run (this interop test needs it): ${r.error.message}`);
  return { ok: r.status === 0, out: `${r.stdout.toString('latin1')}${r.stderr.toString('latin1')}` };
}

const file = (name: string): Uint8Array => new Uint8Array(readFileSync(join(dir, name)));

beforeAll(async () => {
  expect(openssl(['version']).out).toMatch(/^OpenSSL 3\./);
  dir = mkdtempSync(join(tmpdir(), 'certkit-cms-'));
  ({ root, inter } = await makeHierarchy());
  writeFileSync(join(dir, 'root.pem'), certificateToPem(root.cert));
  writeFileSync(join(dir, 'inter.pem'), certificateToPem(inter.cert));
  writeFileSync(join(dir, 'content.bin'), content);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const trust = () => ({ anchors: [root.cert], time: NOW, purposes: ['emailProtection'] });

const CASES: Array<[string, KeyPairAlgorithm, { pss?: boolean }]> = [
  ['P-256', 'P-256', {}],
  ['P-384', 'P-384', {}],
  ['P-521', 'P-521', {}],
  ['RSA PKCS#1 v1.5', 'RSA-2048', {}],
  ['RSA-PSS', 'RSA-2048', { pss: true }],
];
// Ed25519/Ed448 (RFC 8419) are not here: OpenSSL 3.0's CMS cannot sign or verify EdDSA (it hands
// the message digest to the EdDSA provider: "eddsa_digest_signverify_init:invalid digest").
// test/cms-signed.test.ts covers them with certkit on both sides and checks the RFC 8419 digests.

describe('certkit signs, openssl cms -verify accepts', () => {
  CASES.forEach(([name, alg, opts], i) => {
    it(`${name}: attached with issuerAndSerialNumber, detached with subjectKeyIdentifier`, async () => {
      const s: SignerFixture = await makeSigner(inter, alg, opts);
      const attached = await signData({ content, signer: s.signer, certificate: s.cert, chain: [inter.cert], signingTime: NOW });
      const detached = await signData({ content, detached: true, signer: s.signer, certificate: s.cert, chain: [inter.cert], signerIdentifier: 'subjectKeyIdentifier', signingTime: NOW });
      writeFileSync(join(dir, `a${i}.p7m`), attached);
      writeFileSync(join(dir, `d${i}.pem`), signedDataToPem(detached));
      const a = openssl(['cms', '-verify', '-inform', 'DER', '-in', `a${i}.p7m`, '-CAfile', 'root.pem', '-attime', attime, '-binary', '-out', `a${i}.out`]);
      expect(a.ok, a.out).toBe(true);
      expect(bytesEqual(file(`a${i}.out`), content)).toBe(true);
      const d = openssl(['cms', '-verify', '-inform', 'PEM', '-in', `d${i}.pem`, '-CAfile', 'root.pem', '-attime', attime, '-binary', '-content', 'content.bin', '-out', `d${i}.out`]);
      expect(d.ok, d.out).toBe(true);
      // openssl's view of the structure: SignerInfo v3 and SignedData v3 for the key identifier form
      const cmsout = openssl(['cms', '-cmsout', '-print', '-inform', 'PEM', '-in', `d${i}.pem`, '-noout']);
      expect(cmsout.ok, cmsout.out).toBe(true);
      expect(cmsout.out).toMatch(/subjectKeyIdentifier/);
      // certkit agrees on its own output, sync and async, with the chain validated
      const v = verifySignedDataSync(attached, { trust: trust() });
      expect(bytesEqual(v.content, content)).toBe(true);
      expect(v.signers[0]!.chain!.length).toBe(3);
      expect(v.signers[0]!.signingTime).toEqual(NOW);
      const w = await verifySignedData(parseSignedData(detached), { content, trust: trust() });
      expect(w.signers[0]!.certificate.serialNumber).toBe(s.cert.serialNumber);
    });
  });

  it('a tampered copy fails openssl too (the test can fail)', async () => {
    const s = await makeSigner(inter, 'P-256');
    const detached = await signData({ content, detached: true, signer: s.signer, certificate: s.cert, chain: [inter.cert], signingTime: NOW });
    writeFileSync(join(dir, 'tampered.bin'), new TextEncoder().encode('something else'));
    writeFileSync(join(dir, 't.p7s'), detached);
    const r = openssl(['cms', '-verify', '-inform', 'DER', '-in', 't.p7s', '-CAfile', 'root.pem', '-attime', attime, '-binary', '-content', 'tampered.bin', '-out', 't.out']);
    expect(r.ok).toBe(false);
    expect(r.out).toMatch(/verification failure/i);
  });
});

describe('openssl cms -sign, certkit verifies', () => {
  const variants: Array<[string, KeyPairAlgorithm, string[]]> = [
    ['P-256 detached (the default)', 'P-256', []],
    ['P-256 -nodetach', 'P-256', ['-nodetach']],
    ['P-384 -keyid -nodetach -md sha384', 'P-384', ['-keyid', '-nodetach', '-md', 'sha384']],
    ['P-521 -md sha512', 'P-521', ['-md', 'sha512']],
    ['RSA PKCS#1 v1.5 -nodetach', 'RSA-2048', ['-nodetach']],
    ['RSA-PSS -keyid', 'RSA-2048', ['-keyid', '-keyopt', 'rsa_padding_mode:pss']],
  ];
  variants.forEach(([name, alg, extra], i) => {
    it(name, async () => {
      const s = await makeSigner(inter, alg);
      writeFileSync(join(dir, `s${i}.pem`), certificateToPem(s.cert));
      writeFileSync(join(dir, `k${i}.pem`), s.key.toPem());
      const r = openssl(['cms', '-sign', '-binary', '-in', 'content.bin', '-signer', `s${i}.pem`, '-inkey', `k${i}.pem`, '-certfile', 'inter.pem', '-outform', 'DER', '-out', `o${i}.p7s`, ...extra]);
      expect(r.ok, r.out).toBe(true);
      const der = file(`o${i}.p7s`);
      const sd = parseSignedData(der);
      const attached = extra.includes('-nodetach');
      expect(sd.content === undefined).toBe(!attached);
      expect(sd.contentType).toBe(CMS_OID.data);
      expect(sd.signerInfos[0]!.sid.type).toBe(extra.includes('-keyid') ? 'subjectKeyIdentifier' : 'issuerAndSerialNumber');
      expect(sd.version).toBe(extra.includes('-keyid') ? 3 : 1);
      const opts = attached ? { trust: trust() } : { content, trust: trust() };
      const v = verifySignedDataSync(sd, opts);
      expect(bytesEqual(v.content, content)).toBe(true);
      expect(v.signers[0]!.chain!.map((c) => c.subject.toString())).toEqual([s.cert.subject.toString(), inter.cert.subject.toString(), root.cert.subject.toString()]);
      const w = await verifySignedData(der, opts);
      expect(w.signers[0]!.signingTime).toBeInstanceOf(Date);
      // and the same signature over other content is refused
      const other = new TextEncoder().encode('not what was signed');
      expect(() => verifySignedDataSync(sd, { content: other })).toThrow(attached ? /different content/ : /digest/);
    });
  });

  it('two signers (RSA and P-256, -md sha512): both verify, each with its chain', async () => {
    const a = await makeSigner(inter, 'P-256', {}, 'first signer');
    const b = await makeSigner(inter, 'RSA-2048', {}, 'second signer');
    for (const [n, s] of [
      ['a', a],
      ['b', b],
    ] as const) {
      writeFileSync(join(dir, `two-${n}.pem`), certificateToPem(s.cert));
      writeFileSync(join(dir, `two-${n}.key`), s.key.toPem());
    }
    const r = openssl([
      'cms',
      '-sign',
      '-binary',
      '-nodetach',
      '-in',
      'content.bin',
      '-md',
      'sha512',
      '-certfile',
      'inter.pem',
      '-signer',
      'two-a.pem',
      '-inkey',
      'two-a.key',
      '-signer',
      'two-b.pem',
      '-inkey',
      'two-b.key',
      '-outform',
      'DER',
      '-out',
      'two.p7m',
    ]);
    expect(r.ok, r.out).toBe(true);
    const v = await verifySignedData(file('two.p7m'), { trust: trust() });
    expect(v.signers.map((x) => x.certificate.subject.commonName).sort()).toEqual(['first signer', 'second signer']);
    expect(v.signers.every((x) => x.chain!.length === 3)).toBe(true);
  });

  it('-stream writes BER: refused with indefinite-length and a hint; the -cmsout DER re-encoding verifies', async () => {
    const s = await makeSigner(inter, 'P-256');
    writeFileSync(join(dir, 'st.pem'), certificateToPem(s.cert));
    writeFileSync(join(dir, 'st.key'), s.key.toPem());
    const r = openssl(['cms', '-sign', '-binary', '-stream', '-nodetach', '-in', 'content.bin', '-signer', 'st.pem', '-inkey', 'st.key', '-outform', 'DER', '-out', 'st.p7m']);
    expect(r.ok, r.out).toBe(true);
    expect(() => parseSignedData(file('st.p7m'))).toThrow(expect.objectContaining({ code: 'indefinite-length', offset: 1, message: expect.stringMatching(/-cmsout/) }));
    const d = openssl(['cms', '-cmsout', '-inform', 'DER', '-in', 'st.p7m', '-outform', 'DER', '-out', 'st-der.p7m']);
    expect(d.ok, d.out).toBe(true);
    expect(bytesEqual(verifySignedDataSync(file('st-der.p7m')).content, content)).toBe(true);
  });

  it('openssl smime -sign (PKCS#7 signedData) verifies too', async () => {
    const s = await makeSigner(inter, 'P-384');
    writeFileSync(join(dir, 'sm.pem'), certificateToPem(s.cert));
    writeFileSync(join(dir, 'sm.key'), s.key.toPem());
    const r = openssl(['smime', '-sign', '-binary', '-nodetach', '-in', 'content.bin', '-signer', 'sm.pem', '-inkey', 'sm.key', '-certfile', 'inter.pem', '-outform', 'DER', '-out', 'sm.p7m']);
    expect(r.ok, r.out).toBe(true);
    const v = await verifySignedData(file('sm.p7m'), { trust: trust() });
    expect(bytesEqual(v.content, content)).toBe(true);
    expect(v.signers[0]!.chain!.length).toBe(3);
  });

  it('-noattr (no signed attributes): the signature is over the content itself', async () => {
    const s = await makeSigner(inter, 'P-256');
    writeFileSync(join(dir, 'na.pem'), certificateToPem(s.cert));
    writeFileSync(join(dir, 'na.key'), s.key.toPem());
    const r = openssl([
      'cms',
      '-sign',
      '-binary',
      '-nodetach',
      '-noattr',
      '-in',
      'content.bin',
      '-signer',
      'na.pem',
      '-inkey',
      'na.key',
      '-certfile',
      'inter.pem',
      '-outform',
      'DER',
      '-out',
      'na.p7m',
    ]);
    expect(r.ok, r.out).toBe(true);
    const sd = parseSignedData(file('na.p7m'));
    expect(sd.signerInfos[0]!.signedAttributes).toBeUndefined();
    const v = verifySignedDataSync(sd, { trust: trust() });
    expect(v.signers[0]!.signingTime).toBeUndefined();
    const bad = file('na.p7m');
    const at = Buffer.from(bad).indexOf(Buffer.from(content.subarray(0, 12)));
    bad[at] = bad[at]! ^ 1;
    expect(() => verifySignedDataSync(bad)).toThrow(/does not verify/);
  });
});
