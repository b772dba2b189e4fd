/**
 * Signing without a CA directory (issue 20): `certkit sign` with any CA certificate and key (an
 * OpenSSL-made CA here, like `openssl x509 -req -CA`), `certkit cert self-signed`, key + CSR in
 * one command (`csr new --new-key`), OpenSSL's `/C=../O=../CN=..` subject form, and
 * `verify --host` implying serverAuth. OpenSSL checks what comes out.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle, openssl, runNodeAsync, scratch } from './cli-test-helpers';

let bin: string;
let dir: string;

beforeAll(async () => {
  expect(openssl(['version']).stdout).toMatch(/^OpenSSL 3\./);
  bin = (await bundle({ certkit: 'src/cli/main.ts' })).certkit!;
  dir = scratch('cli-sign');
  // An OpenSSL-made root CA: certkit signs with a CA it did not create.
  const r = openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'ossl-ca.key',
      '-out',
      'ossl-ca.pem',
      '-days',
      '60',
      '-subj',
      '/C=US/O=Interop/CN=OpenSSL Root',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    { cwd: dir },
  );
  expect(r.code, r.stderr).toBe(0);
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(path.dirname(bin), { recursive: true, force: true });
});

const ck = (...args: string[]) => runNodeAsync(bin, args, { cwd: dir });
function ossl(args: string[]): { code: number | null; out: string } {
  const r = openssl(args, { cwd: dir });
  return { code: r.code, out: r.stdout + r.stderr };
}

describe('csr new --new-key and the OpenSSL subject form', () => {
  it('makes the key and the request in one command; the subject is encoded in OpenSSL order', async () => {
    const r = await ck('csr', 'new', '--new-key', 'ec-p256', '--key-out', 'web.key', '--subject', '/C=US/O=Example\\/Slash/CN=www.example.com', '--dns', 'www.example.com', '--out', 'web.csr');
    expect(r.code, r.stderr).toBe(0);
    expect((fs.statSync(path.join(dir, 'web.key')).mode & 0o777).toString(8)).toBe('600');
    const v = ossl(['req', '-in', 'web.csr', '-verify', '-noout', '-subject', '-nameopt', 'compat']);
    expect(v.code, v.out).toBe(0);
    expect(v.out).toContain('subject=/C=US/O=Example\\/Slash/CN=www.example.com');
    // The request carries the key written to --key-out.
    expect(ossl(['req', '-in', 'web.csr', '-pubkey', '-noout']).out).toBe(ossl(['pkey', '-in', 'web.key', '-pubout']).out);
    // A second run never overwrites the key.
    const again = await ck('csr', 'new', '--new-key', 'ec-p256', '--key-out', 'web.key', '--subject', 'CN=x');
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists/);
  });

  it('refuses --new-key without --key-out, and --key with --new-key', async () => {
    expect((await ck('csr', 'new', '--new-key', 'ec-p256', '--subject', 'CN=x')).stderr).toMatch(/--key-out/);
    expect((await ck('csr', 'new', '--new-key', 'ec-p256', '--key', 'web.key', '--key-out', 'k2', '--subject', 'CN=x')).code).toBe(2);
    expect((await ck('csr', 'new', '--new-key', 'dsa-1024', '--key-out', 'k3', '--subject', 'CN=x')).stderr).toMatch(/unknown key type/);
  });

  it('says in which order a comma subject that looks like OpenSSL display order is encoded', async () => {
    await ck('key', 'new', '--type', 'ec-p256', '--out', 'order.key');
    const r = await ck('csr', 'new', '--key', 'order.key', '--subject', 'C=US,O=Example,CN=order.example.com', '--out', 'order.csr');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('read as RFC 4514 (most specific first)');
    expect(r.stderr).toContain('CN = order.example.com, O = Example, C = US');
    // And the RFC 4514 form in RFC 4514 order gives no note.
    const ok = await ck('csr', 'new', '--key', 'order.key', '--subject', 'CN=order.example.com,O=Example,C=US', '--out', 'order2.csr');
    expect(ok.stderr).not.toContain('note:');
    expect(ossl(['req', '-in', 'order2.csr', '-noout', '-subject', '-nameopt', 'compat']).out).toContain('subject=/C=US/O=Example/CN=order.example.com');
  });

  it('refuses a malformed OpenSSL subject with a usage error', async () => {
    const r = await ck('csr', 'new', '--key', 'order.key', '--subject', '/C=US/garbage');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--subject: 'garbage' is not TYPE=VALUE \(in '\/C=US\/garbage'\)/);
  });
});

describe('csr new --config', () => {
  it('reads subject, names, key usage and EKU from a JSON file; flags add names and --subject replaces the subject', async () => {
    fs.writeFileSync(
      path.join(dir, 'req.json'),
      JSON.stringify({ subject: 'CN=api.example.com,O=Example,C=US', dns: ['api.example.com'], ip: ['192.0.2.10'], keyUsage: ['digitalSignature'], eku: ['serverAuth', 'clientAuth'] }),
    );
    const r = await ck('csr', 'new', '--new-key', 'ec-p256', '--key-out', 'api.key', '--config', 'req.json', '--dns', 'api2.example.com', '--out', 'api.csr');
    expect(r.code, r.stderr).toBe(0);
    const text = ossl(['req', '-in', 'api.csr', '-noout', '-text', '-nameopt', 'compat']).out;
    expect(text).toContain('Subject: C=US, O=Example, CN=api.example.com');
    expect(text).toContain('DNS:api.example.com, DNS:api2.example.com, IP Address:192.0.2.10');
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature/);
    expect(text).toContain('TLS Web Server Authentication, TLS Web Client Authentication');
    const over = await ck('csr', 'new', '--key', 'api.key', '--config', 'req.json', '--subject', 'CN=other.example.com');
    expect(over.code, over.stderr).toBe(0);
    expect(over.stderr).toContain('request for CN=other.example.com');
  });

  it('refuses unknown keys, wrong types and non-JSON with the file name', async () => {
    fs.writeFileSync(path.join(dir, 'typo.json'), JSON.stringify({ subject: 'CN=x', dnsNames: ['x'] }));
    fs.writeFileSync(path.join(dir, 'types.json'), JSON.stringify({ subject: 'CN=x', dns: 'x' }));
    fs.writeFileSync(path.join(dir, 'notjson.json'), 'subject = "CN=x"');
    const typo = await ck('csr', 'new', '--key', 'api.key', '--config', 'typo.json');
    expect([typo.code, typo.stderr]).toEqual([2, expect.stringContaining('typo.json: unknown key "dnsNames"')]);
    expect((await ck('csr', 'new', '--key', 'api.key', '--config', 'types.json')).stderr).toContain('"dns" is a list of strings');
    expect((await ck('csr', 'new', '--key', 'api.key', '--config', 'notjson.json')).stderr).toContain('notjson.json is not JSON');
  });
});

describe('sign with any CA certificate and key', () => {
  it('issues from a CSR with an OpenSSL-made CA; openssl verify accepts it for the host and purpose', async () => {
    const r = await ck(
      'sign',
      '--ca-cert',
      'ossl-ca.pem',
      '--ca-key',
      'ossl-ca.key',
      '--csr',
      'web.csr',
      '--profile',
      'tls-server',
      '--days',
      '30',
      '--out',
      'web.pem',
      '--chain-out',
      'web-chain.pem',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/issued serial [0-9a-f]+ under tls-server \(not recorded/);
    const v = ossl(['verify', '-x509_strict', '-CAfile', 'ossl-ca.pem', '-purpose', 'sslserver', '-verify_hostname', 'www.example.com', 'web.pem']);
    expect(v.code, v.out).toBe(0);
    expect(v.out).toContain('web.pem: OK');
    const text = ossl(['x509', '-in', 'web.pem', '-noout', '-text']).out;
    expect(text).toContain('TLS Web Server Authentication');
    expect(text).toContain('DNS:www.example.com');
    // The chain a server sends: the leaf only (the root is self-signed and not sent).
    expect(fs.readFileSync(path.join(dir, 'web-chain.pem'), 'utf8').match(/BEGIN CERTIFICATE/g)).toHaveLength(1);
    // certkit's own validation agrees, and --host implies serverAuth.
    const cv = await ck('verify', 'web.pem', '--trust', 'ossl-ca.pem', '--host', 'www.example.com');
    expect(cv.code, cv.stdout + cv.stderr).toBe(0);
    expect(cv.stdout).toContain('purpose: serverAuth allowed');
  });

  it('--json: the result on stdout with the certificate in it, and the serial in the form inspect prints', async () => {
    const r = await ck('sign', '--ca-cert', 'ossl-ca.pem', '--ca-key', 'ossl-ca.key', '--csr', 'web.csr', '--profile', 'tls-server', '--days', '20', '--json');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { serial: string; certificate: string };
    expect(j.certificate).toMatch(/^-----BEGIN CERTIFICATE-----/);
    fs.writeFileSync(path.join(dir, 'json.pem'), j.certificate);
    expect(j.serial.length % 2).toBe(0);
    expect(ossl(['x509', '-in', 'json.pem', '-noout', '-serial']).out.trim()).toBe(`serial=${j.serial.toUpperCase()}`);
    expect((JSON.parse((await ck('inspect', 'json.pem', '--json')).stdout) as Array<{ serialNumber: string }>)[0]!.serialNumber).toBe(j.serial);
  });

  it('the tls-server-client profile: one certificate OpenSSL accepts for both TLS purposes', async () => {
    const r = await ck('sign', '--ca-cert', 'ossl-ca.pem', '--ca-key', 'ossl-ca.key', '--csr', 'web.csr', '--profile', 'tls-server-client', '--days', '30', '--out', 'both.pem');
    expect(r.code, r.stderr).toBe(0);
    for (const purpose of ['sslserver', 'sslclient']) {
      const v = ossl(['verify', '-x509_strict', '-CAfile', 'ossl-ca.pem', '-purpose', purpose, 'both.pem']);
      expect(v.code, `${purpose}: ${v.out}`).toBe(0);
    }
    expect(ossl(['x509', '-in', 'both.pem', '-noout', '-ext', 'extendedKeyUsage']).out).toContain('TLS Web Server Authentication, TLS Web Client Authentication');
  });

  it('refuses a request the profile refuses (exit 1 with the findings) and a key that is not the CA key (exit 2)', async () => {
    await ck('csr', 'new', '--new-key', 'ec-p256', '--key-out', 'bad.key', '--subject', 'CN=no names here', '--out', 'bad.csr');
    const refused = await ck('sign', '--ca-cert', 'ossl-ca.pem', '--ca-key', 'ossl-ca.key', '--csr', 'bad.csr', '--profile', 'tls-server');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/issuance refused under profile tls-server/);
    const wrongKey = await ck('sign', '--ca-cert', 'ossl-ca.pem', '--ca-key', 'bad.key', '--csr', 'web.csr', '--profile', 'tls-server');
    expect(wrongKey.code).toBe(2);
    expect(wrongKey.stderr).toMatch(/key/i);
    const missing = await ck('sign', '--ca-cert', 'ossl-ca.pem', '--csr', 'web.csr', '--profile', 'tls-server');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--ca-key is required');
  });
});

describe('cert self-signed', () => {
  it('an end-entity certificate for a key that openssl verifies as its own anchor for the host', async () => {
    await ck('key', 'new', '--type', 'ec-p384', '--out', 'self.key');
    const r = await ck('cert', 'self-signed', '--key', 'self.key', '--subject', 'CN=self.example.com', '--dns', 'self.example.com', '--days', '10', '--purpose', 'server-client', '--out', 'self.pem');
    expect(r.code, r.stderr).toBe(0);
    const v = ossl(['verify', '-x509_strict', '-CAfile', 'self.pem', '-partial_chain', '-purpose', 'sslclient', '-verify_hostname', 'self.example.com', 'self.pem']);
    expect(v.code, v.out).toBe(0);
    const text = ossl(['x509', '-in', 'self.pem', '-noout', '-text']).out;
    expect(text).toContain('CA:FALSE');
    expect(text).toContain('TLS Web Server Authentication, TLS Web Client Authentication');
    expect(text).toMatch(/Not After : .*\n/);
    const days =
      (Date.parse(ossl(['x509', '-in', 'self.pem', '-noout', '-enddate']).out.split('=')[1]!) - Date.parse(ossl(['x509', '-in', 'self.pem', '-noout', '-startdate']).out.split('=')[1]!)) / 86_400_000;
    expect(days).toBe(10);
  });

  it('a root CA that then signs with certkit sign', async () => {
    await ck('key', 'new', '--type', 'ed25519', '--out', 'root.key');
    const r = await ck('cert', 'self-signed', '--key', 'root.key', '--subject', '/C=US/O=Self/CN=Self Root', '--ca', '--path-length', '0', '--days', '100', '--out', 'root.pem');
    expect(r.code, r.stderr).toBe(0);
    expect(ossl(['x509', '-in', 'root.pem', '-noout', '-text']).out).toMatch(/CA:TRUE, pathlen:0/);
    const s = await ck('sign', '--ca-cert', 'root.pem', '--ca-key', 'root.key', '--csr', 'web.csr', '--profile', 'tls-server', '--out', 'web2.pem');
    expect(s.code, s.stderr).toBe(0);
    const v = ossl(['verify', '-x509_strict', '-CAfile', 'root.pem', '-verify_hostname', 'www.example.com', 'web2.pem']);
    expect(v.code, v.out).toBe(0);
  });

  it('inspect shows the fingerprints OpenSSL computes and whether the certificate has expired', async () => {
    const r = await ck('inspect', 'self.pem');
    expect(r.code, r.stderr).toBe(0);
    const sha256 = ossl(['x509', '-in', 'self.pem', '-noout', '-fingerprint', '-sha256']).out.trim().split('=')[1]!;
    const sha1 = ossl(['x509', '-in', 'self.pem', '-noout', '-fingerprint', '-sha1']).out.trim().split('=')[1]!;
    expect(r.stdout).toContain(`SHA-256 Fingerprint: ${sha256}`);
    expect(r.stdout).toContain(`SHA-1 Fingerprint:   ${sha1}`);
    expect(r.stdout).toMatch(/Status: valid now; expires in (9|10) day\(s\)/);
    const later = await ck('inspect', 'self.pem', '--now', new Date(Date.now() + 40 * 86_400_000).toISOString());
    expect(later.stdout).toMatch(/Status: EXPIRED (29|30) day\(s\) ago/);
    const j = JSON.parse((await ck('inspect', 'self.pem', '--json', '--now', new Date(Date.now() + 40 * 86_400_000).toISOString())).stdout) as Array<{
      status: string;
      fingerprints: { sha256: string };
    }>;
    expect(j[0]).toMatchObject({ status: 'expired', fingerprints: { sha256: sha256.replace(/:/g, '').toLowerCase() } });
  });

  it('refuses option combinations that make no sense', async () => {
    expect((await ck('cert', 'self-signed', '--key', 'self.key', '--subject', 'CN=x', '--path-length', '1')).stderr).toMatch(/--path-length goes with --ca/);
    expect((await ck('cert', 'self-signed', '--key', 'self.key', '--subject', 'CN=x', '--ca', '--purpose', 'server')).code).toBe(2);
    expect((await ck('cert', 'self-signed', '--key', 'self.key', '--subject', 'CN=x', '--purpose', 'mail')).stderr).toMatch(/--purpose must be one of/);
    expect((await ck('cert', 'self-signed', '--key', 'self.key')).stderr).toMatch(/--subject/);
  });
});

describe('ca import', () => {
  it('an OpenSSL-made root and intermediate come under management: issue, revoke and CRL work, root operations are refused', async () => {
    // root -> intermediate, both by OpenSSL.
    let r = openssl(
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        'imp-root.key',
        '-out',
        'imp-root.pem',
        '-days',
        '365',
        '-subj',
        '/O=Imported/CN=Imported Root',
        '-addext',
        'basicConstraints=critical,CA:TRUE',
        '-addext',
        'keyUsage=critical,keyCertSign,cRLSign',
      ],
      { cwd: dir },
    );
    expect(r.code, r.stderr).toBe(0);
    r = openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'imp-int.key', '-out', 'imp-int.csr', '-subj', '/O=Imported/CN=Imported Issuing CA'], {
      cwd: dir,
    });
    expect(r.code, r.stderr).toBe(0);
    fs.writeFileSync(path.join(dir, 'int.ext'), 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n');
    r = openssl(['x509', '-req', '-in', 'imp-int.csr', '-CA', 'imp-root.pem', '-CAkey', 'imp-root.key', '-CAcreateserial', '-days', '200', '-extfile', 'int.ext', '-out', 'imp-int.pem'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const imp = await ck('ca', 'import', 'imported', '--cert', 'imp-int.pem', '--key', 'imp-int.key', '--chain', 'imp-root.pem');
    expect(imp.code, imp.stderr).toBe(0);
    expect(imp.stdout).toContain('the CA and 1 issuer');
    const issued = await ck('ca', 'issue', 'imported', '--csr', 'web.csr', '--profile', 'tls-server', '--days', '30', '--out', 'imp-leaf.pem', '--chain-out', 'imp-full.pem');
    expect(issued.code, issued.stderr).toBe(0);
    const v = ossl(['verify', '-x509_strict', '-CAfile', 'imp-root.pem', '-untrusted', 'imp-int.pem', '-verify_hostname', 'www.example.com', 'imp-leaf.pem']);
    expect(v.code, v.out).toBe(0);
    const serial = ossl(['x509', '-in', 'imp-leaf.pem', '-noout', '-serial']).out.trim().split('=')[1]!;
    expect((await ck('ca', 'revoke', 'imported', '--serial', serial, '--reason', 'keyCompromise')).code).toBe(0);
    const crl = await ck('ca', 'crl', 'imported');
    expect(crl.code, crl.stderr).toBe(0);
    // The issuing CA's CRL lists the revocation and OpenSSL checks it with the imported chain ...
    const crlFile = path.join(dir, 'imported', 'intermediate', 'crl.pem');
    const text = ossl(['crl', '-in', crlFile, '-noout', '-text']).out;
    expect(text).toContain(`Serial Number: ${serial}`);
    const rv = ossl(['verify', '-crl_check', '-CAfile', 'imp-root.pem', '-untrusted', 'imp-int.pem', '-CRLfile', crlFile, 'imp-leaf.pem']);
    expect(rv.code).not.toBe(0);
    expect(rv.out).toContain('certificate revoked');
    // ... and the root's CRL is not made: its key was not imported.
    expect(crl.stdout).toContain("no key (imported CA directory); the root's CRL is not published here");
  });

  it('a self-signed CA imports with an empty chain; a key that is not the certificate key, or a non-CA certificate, is refused and nothing is written', async () => {
    const self = await ck('ca', 'import', 'imported-root', '--cert', 'imp-root.pem', '--key', 'imp-root.key');
    expect(self.code, self.stderr).toBe(0);
    expect(self.stdout).toContain('the CA only: it is self-signed');
    const issued = await ck('ca', 'issue', 'imported-root', '--csr', 'web.csr', '--profile', 'tls-server', '--days', '30', '--out', 'imp-leaf2.pem');
    expect(issued.code, issued.stderr).toBe(0);
    expect(ossl(['verify', '-x509_strict', '-CAfile', 'imp-root.pem', 'imp-leaf2.pem']).code).toBe(0);
    const wrongKey = await ck('ca', 'import', 'imported-bad', '--cert', 'imp-root.pem', '--key', 'imp-int.key');
    expect(wrongKey.code).toBe(2);
    expect(wrongKey.stderr).toContain("the key is not the certificate's key");
    expect(fs.existsSync(path.join(dir, 'imported-bad'))).toBe(false);
    const notCa = await ck('ca', 'import', 'imported-leaf', '--cert', 'imp-leaf2.pem', '--key', 'web.key');
    expect(notCa.code).toBe(2);
    expect(fs.existsSync(path.join(dir, 'imported-leaf'))).toBe(false);
  });
});
