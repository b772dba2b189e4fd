/**
 * OpenSSL 3 accepts what the `certkit` CLI produces: keys (plain and encrypted), CSRs,
 * certificates issued by `ca issue` under a root → intermediate made by `ca init` (ECDSA, RSA and
 * Ed25519 CAs), verified with `openssl verify -x509_strict` for the TLS server purpose and host
 * name, and CRLs from `ca crl` (signature verified, revocation seen by `-crl_check_all`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle, openssl, runNodeAsync, scratch } from './cli-test-helpers';

const NOW = '2025-06-01T12:00:00Z';
const AT = String(Date.parse('2025-06-02T00:00:00Z') / 1000);
let bin: string;
let dir: string;

beforeAll(async () => {
  expect(openssl(['version']).stdout).toMatch(/^OpenSSL 3\./);
  bin = (await bundle({ certkit: 'src/cli/main.ts' })).certkit!;
  dir = scratch('cli-openssl');
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(path.dirname(bin), { recursive: true, force: true });
});

async function ck(...args: string[]): Promise<string> {
  const r = await runNodeAsync(bin, args, { cwd: dir });
  expect(r.code, `certkit ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

function ossl(args: string[]): { code: number | null; out: string } {
  const r = openssl(args, { cwd: dir });
  return { code: r.code, out: r.stdout + r.stderr };
}

describe('OpenSSL accepts keys and CSRs made by the CLI', () => {
  it.each(['ec-p256', 'ec-p384', 'ed25519', 'rsa-2048'])('%s key and CSR', async (type) => {
    await ck('key', 'new', '--type', type, '--out', `${type}.key`);
    await ck('key', 'new', '--type', type, '--out', `${type}.enc.key`, '--pass', 'pass:open sesame');
    expect(ossl(['pkey', '-in', `${type}.key`, '-noout']).code).toBe(0);
    expect(ossl(['pkey', '-in', `${type}.enc.key`, '-passin', 'pass:open sesame', '-noout']).code).toBe(0);
    expect(ossl(['pkey', '-in', `${type}.enc.key`, '-passin', 'pass:wrong', '-noout']).code).not.toBe(0);
    // The same public key as OpenSSL derives.
    const mine = ossl(['pkey', '-in', `${type}.key`, '-pubout']).out;
    const theirs = ossl(['pkey', '-in', `${type}.enc.key`, '-passin', 'pass:open sesame', '-pubout']).out;
    expect(mine).toMatch(/BEGIN PUBLIC KEY/);
    expect(theirs).not.toBe(mine); // two different keys ...
    await ck('csr', 'new', '--key', `${type}.key`, '--subject', 'CN=www.example.com,O=Example,C=US', '--dns', 'www.example.com', '--ip', '192.0.2.7', '--out', `${type}.csr`);
    const v = ossl(['req', '-in', `${type}.csr`, '-verify', '-noout', '-text']);
    expect(v.code, v.out).toBe(0);
    expect(v.out).toMatch(/verify OK/);
    expect(v.out).toContain('DNS:www.example.com, IP Address:192.0.2.7');
    // ... and the CSR carries the key of its key file.
    expect(ossl(['req', '-in', `${type}.csr`, '-pubkey', '-noout']).out).toBe(mine);
  });
});

describe('OpenSSL accepts certificates and CRLs from the CLI CA', () => {
  it.each([
    ['ec-p256', 'ec-p256'],
    ['rsa-2048', 'ec-p384'],
    ['ed25519', 'ed25519'],
  ])('%s CA, %s leaf', async (caType, leafType) => {
    const ca = `ca-${caType}`;
    await ck('ca', 'init', ca, '--key-type', caType, '--now', NOW, '--root-subject', `CN=Interop ${caType} Root,O=certkit`, '--subject', `CN=Interop ${caType} Issuing,O=certkit`);
    await ck('key', 'new', '--type', leafType, '--out', `${ca}-leaf.key`);
    await ck('csr', 'new', '--key', `${ca}-leaf.key`, '--subject', 'CN=www.example.com', '--dns', 'www.example.com', '--dns', 'example.com', '--out', `${ca}-leaf.csr`);
    await ck('ca', 'issue', ca, '--csr', `${ca}-leaf.csr`, '--profile', 'tls-server', '--days', '30', '--now', NOW, '--out', `${ca}-leaf.pem`);
    const text = ossl(['x509', '-in', `${ca}-leaf.pem`, '-noout', '-text']).out;
    expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:FALSE/);
    expect(text).toMatch(/X509v3 Extended Key Usage:\s+TLS Web Server Authentication/);
    expect(text).toMatch(/X509v3 Subject Alternative Name:\s+DNS:www.example.com, DNS:example.com/);
    const verifyArgs = [
      'verify',
      '-x509_strict',
      '-purpose',
      'sslserver',
      '-verify_hostname',
      'example.com',
      '-attime',
      AT,
      '-CAfile',
      `${ca}/root/cert.pem`,
      '-untrusted',
      `${ca}/intermediate/cert.pem`,
    ];
    let v = ossl([...verifyArgs, `${ca}-leaf.pem`]);
    expect(v.code, v.out).toBe(0);
    expect(v.out).toContain(`${ca}-leaf.pem: OK`);
    // The intermediate itself, as OpenSSL sees a CA.
    v = ossl(['verify', '-x509_strict', '-attime', AT, '-CAfile', `${ca}/root/cert.pem`, `${ca}/intermediate/cert.pem`]);
    expect(v.code, v.out).toBe(0);
    // Revoke and publish: OpenSSL verifies the CRLs and sees the revocation.
    const serial = ossl(['x509', '-in', `${ca}-leaf.pem`, '-noout', '-serial'])
      .out.trim()
      .replace(/^serial=/, '');
    await ck('ca', 'revoke', ca, '--serial', serial, '--reason', 'keyCompromise', '--now', NOW);
    await ck('ca', 'crl', ca, '--now', '2025-06-01T13:00:00Z');
    for (const [crl, issuer] of [
      [`${ca}/intermediate/crl.pem`, `${ca}/chain.pem`],
      [`${ca}/root/crl.pem`, `${ca}/root/cert.pem`],
    ]) {
      const c = ossl(['crl', '-in', crl!, '-CAfile', issuer!, '-noout']);
      expect(c.code, c.out).toBe(0);
      expect(c.out).toMatch(/verify OK/);
    }
    const crlText = ossl(['crl', '-in', `${ca}/intermediate/crl.pem`, '-noout', '-text']).out;
    expect(crlText).toContain(`Serial Number: ${serial}`);
    expect(crlText).toMatch(/CRL Reason Code:\s+Key Compromise/);
    expect(crlText).toMatch(/X509v3 CRL Number:\s+1/);
    v = ossl([...verifyArgs, '-crl_check_all', '-CRLfile', `${ca}/intermediate/crl.pem`, '-CRLfile', `${ca}/root/crl.pem`, `${ca}-leaf.pem`]);
    expect(v.code).not.toBe(0);
    expect(v.out).toMatch(/error 23 at 0 depth lookup: certificate revoked/);
    // A certificate that is not revoked still passes with the same CRLs.
    await ck('ca', 'issue', ca, '--csr', `${ca}-leaf.csr`, '--profile', 'tls-server', '--now', NOW, '--out', `${ca}-leaf2.pem`);
    v = ossl([...verifyArgs, '-crl_check_all', '-CRLfile', `${ca}/intermediate/crl.pem`, '-CRLfile', `${ca}/root/crl.pem`, `${ca}-leaf2.pem`]);
    expect(v.code, v.out).toBe(0);
  });
});
