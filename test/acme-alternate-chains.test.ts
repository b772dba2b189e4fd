/**
 * Alternate chains (RFC 8555 §7.4.2): the issuing CA cross-signed by an older root, configured as
 * `alternateChains`; the certificate URL answers the default chain and links each alternate with
 * `rel="alternate"`, each alternate answers the same leaf with its chain and links the others,
 * and `openssl verify` accepts each chain against its own root (openssl is required). End to end:
 * `certkit serve` with `acme.alternateChains` in its config, and lego (required) picking the
 * cross-signed chain with `--preferred-chain`.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { base64url, createAcmeServer } from '../src/acme/index';
import { CertificateBuilder, generateKeyPair, parseCertificate, signerFromPrivateKey, type Certificate } from '../src/index';
import { decodePemAll, encodePem } from '../src/pem/index';
import { bundle, runNodeAsync, scratch } from './cli-test-helpers';
import { startServe } from './serve-test-helpers';
import { acmeFixture, csrFor, TestClient } from './acme-helpers';
import { makeFixture, NOW } from './server-fixture';

/** The fixture's issuing CA, cross-signed by another root (same subject and key, another issuer). */
async function crossSigned(): Promise<{ cross: Certificate; oldRoot: Certificate; intermediate: Certificate; root: Certificate }> {
  const f = await makeFixture();
  return { ...(await crossSign(f.h.intermediate.certificate, NOW)), intermediate: f.h.intermediate.certificate, root: f.h.root.certificate };
}

/** `inter` (its subject and key) certified by a new "Old Root", valid around `at`. */
async function crossSign(inter: Certificate, at: Date): Promise<{ cross: Certificate; oldRoot: Certificate }> {
  // an older root, valid around `at`
  const oldKey = (await generateKeyPair('P-256')).privateKey;
  const oldSigner = signerFromPrivateKey(oldKey);
  const oldCert = await CertificateBuilder.create()
    .subject({ CN: 'Old Root', O: 'certkit tests' })
    .publicKey(oldSigner.publicKey)
    .notBefore(new Date(at.getTime() - 365 * 86_400_000))
    .notAfter(new Date(at.getTime() + 10 * 365 * 86_400_000))
    .basicConstraints({ cA: true })
    .keyUsage(['keyCertSign', 'cRLSign'])
    .sign(oldSigner);
  const old = { cert: oldCert, signer: oldSigner };
  const cross = await CertificateBuilder.create()
    .subject(inter.subject)
    .publicKey(inter.rawSpki)
    .notBefore(new Date(at.getTime() - 86_400_000))
    .notAfter(new Date(at.getTime() + 3 * 365 * 86_400_000))
    .basicConstraints({ cA: true, pathLenConstraint: 0 })
    .keyUsage(['keyCertSign', 'cRLSign'])
    .issuer(old.cert.subject)
    .sign(old.signer, { issuerCertificate: old.cert });
  return { cross, oldRoot: old.cert };
}

function links(res: Response): string[] {
  return (res.headers.get('link') ?? '')
    .split(/,\s*(?=<)/)
    .filter((l) => l.endsWith('rel="alternate"'))
    .map((l) => l.slice(1, l.indexOf('>')));
}

function opensslVerify(root: Certificate, untrusted: Certificate[], leaf: Uint8Array): string {
  const dir = fs.mkdtempSync(path.join(tmpdir(), 'certkit-alt-'));
  const pem = (c: { raw: Uint8Array } | Uint8Array): string => {
    const der = c instanceof Uint8Array ? c : c.raw;
    return `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END CERTIFICATE-----\n`;
  };
  fs.writeFileSync(path.join(dir, 'root.pem'), pem(root));
  fs.writeFileSync(path.join(dir, 'untrusted.pem'), untrusted.map(pem).join(''));
  fs.writeFileSync(path.join(dir, 'leaf.pem'), pem(leaf));
  const r = spawnSync('openssl', ['verify', '-attime', String(Math.floor(NOW.getTime() / 1000) + 3600), '-CAfile', 'root.pem', '-untrusted', 'untrusted.pem', 'leaf.pem'], {
    cwd: dir,
    encoding: 'utf8',
  });
  fs.rmSync(dir, { recursive: true, force: true });
  if (r.error) throw new Error(`openssl is required for this test: ${r.error.message}`);
  return `${r.stdout}${r.stderr}`;
}

describe('acme: alternate chains (RFC 8555 §7.4.2)', () => {
  it('the default chain links each alternate; each alternate answers the same leaf with its chain, and verifies', async () => {
    const { cross, oldRoot, intermediate, root } = await crossSigned();
    const f = await acmeFixture({ alternateChains: [[cross, oldRoot], [intermediate]] });
    const c = await TestClient.create(f);
    await c.register();
    const { order } = await c.readyOrder(f.served, [{ type: 'dns', value: 'alt.example' }]);
    const { der: csr } = await csrFor(['alt.example']);
    const done = (await (await c.post(order.finalize as string, { csr: base64url(csr) })).json()) as { certificate: string };
    const url = done.certificate;

    const main = await c.post(url, undefined);
    expect(main.status).toBe(200);
    expect(main.headers.get('content-type')).toBe('application/pem-certificate-chain');
    expect(links(main)).toEqual([`${url}/1`, `${url}/2`]);
    expect(main.headers.get('link')).toContain('rel="index"');
    const def = decodePemAll(await main.text()).map((b) => b.der);
    expect(def.slice(1)).toEqual([intermediate.raw, root.raw]);
    const leaf = def[0]!;

    const one = await c.post(`${url}/1`, undefined);
    expect(one.status).toBe(200);
    expect(one.headers.get('content-type')).toBe('application/pem-certificate-chain');
    expect(links(one)).toEqual([url, `${url}/2`]);
    const alt = decodePemAll(await one.text()).map((b) => b.der);
    expect(alt).toEqual([leaf, cross.raw, oldRoot.raw]);

    const two = await c.post(`${url}/2`, undefined);
    expect(links(two)).toEqual([url, `${url}/1`]);
    expect(decodePemAll(await two.text()).map((b) => b.der)).toEqual([leaf, intermediate.raw]);

    // a relying party that only trusts the old root gets there through the cross-signed certificate
    expect(opensslVerify(oldRoot, [cross], leaf)).toContain('leaf.pem: OK');
    expect(opensslVerify(root, [intermediate], leaf)).toContain('leaf.pem: OK');
    expect(opensslVerify(oldRoot, [intermediate], leaf)).not.toContain('leaf.pem: OK');

    expect((await c.post(`${url}/3`, undefined)).status).toBe(404);
    expect((await c.post(`${url}/0`, undefined)).status).toBe(404);
    const other = await TestClient.create(f, 'P-384');
    await other.register();
    expect(((await (await other.post(`${url}/1`, undefined)).json()) as { type: string }).type).toBe('urn:ietf:params:acme:error:unauthorized');
  });

  it('without alternateChains there are no alternate links and /cert/<id>/1 is not found', async () => {
    const f = await acmeFixture();
    const c = await TestClient.create(f);
    await c.register();
    const { order } = await c.readyOrder(f.served, [{ type: 'dns', value: 'plain.example' }]);
    const { der: csr } = await csrFor(['plain.example']);
    const done = (await (await c.post(order.finalize as string, { csr: base64url(csr) })).json()) as { certificate: string };
    const res = await c.post(done.certificate, undefined);
    expect(links(res)).toEqual([]);
    expect((await c.post(`${done.certificate}/1`, undefined)).status).toBe(404);
  });

  it('a chain that does not start with the issuing CA is refused when the server is made', async () => {
    const { oldRoot, cross } = await crossSigned();
    const f = await makeFixture();
    expect(() => createAcmeServer({ ca: f.ca, baseUrl: 'http://x/acme', alternateChains: [[oldRoot]] })).toThrow(/not the issuing CA/);
    expect(() => createAcmeServer({ ca: f.ca, baseUrl: 'http://x/acme', alternateChains: [[]] })).toThrow(TypeError);
    expect(() => createAcmeServer({ ca: f.ca, baseUrl: 'http://x/acme', alternateChains: [[cross.raw as never]] })).toThrow(TypeError);
    expect(createAcmeServer({ ca: f.ca, baseUrl: 'http://x/acme', alternateChains: [[cross, oldRoot]] }).directoryUrl).toBe('http://x/acme/directory');
  });

  it('certkit serve with acme.alternateChains: lego --preferred-chain "Old Root" gets the cross-signed chain, openssl verifies it', async () => {
    const bin = (await bundle({ certkit: 'src/cli/main.ts' })).certkit!;
    const dir = scratch('acme-alt-chains');
    const ca = path.join(dir, 'ca');
    // a free port for http-01: lego serves the token on it itself
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    let served: Awaited<ReturnType<typeof startServe>> | undefined;
    try {
      const init = await runNodeAsync(bin, ['ca', 'init', ca], { cwd: dir });
      expect(init.code, init.stderr).toBe(0);
      const inter = parseCertificate(fs.readFileSync(path.join(ca, 'intermediate', 'cert.pem'), 'utf8'));
      const { cross, oldRoot } = await crossSign(inter, new Date());
      fs.writeFileSync(path.join(dir, 'cross-chain.pem'), encodePem('CERTIFICATE', cross.raw) + encodePem('CERTIFICATE', oldRoot.raw));
      fs.writeFileSync(path.join(dir, 'old-root.pem'), encodePem('CERTIFICATE', oldRoot.raw));
      fs.writeFileSync(path.join(dir, 'cross.pem'), encodePem('CERTIFICATE', cross.raw));
      fs.writeFileSync(path.join(dir, 'serve.json'), JSON.stringify({ acme: { http01Address: `127.0.0.1:${port}`, alternateChains: ['cross-chain.pem'] } }));
      served = await startServe(bin, ['--ca', ca, '--listen', '127.0.0.1:0', '--config', path.join(dir, 'serve.json')], dir);
      const lego = (domain: string, extra: string[]) =>
        spawnSync(
          'lego',
          [
            '--server',
            `${served!.url}/acme/directory`,
            '--accept-tos',
            '--email',
            'ops@example.com',
            '--domains',
            domain,
            '--http',
            '--http.port',
            `127.0.0.1:${port}`,
            '--path',
            path.join(dir, 'lego'),
            'run',
            ...extra,
          ],
          { cwd: dir, env: { ...process.env, LEGO_CA_CERTIFICATES: path.join(ca, 'root', 'cert.pem') }, encoding: 'utf8', timeout: 120_000 },
        );
      const r = lego('alt.acme.test', ['--preferred-chain', 'Old Root']);
      if (r.error) throw new Error(`lego is required for this test: ${r.error.message}`);
      expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
      const got = decodePemAll(fs.readFileSync(path.join(dir, 'lego', 'certificates', 'alt.acme.test.crt'), 'utf8')).map((b) => b.der);
      expect(got.slice(1)).toEqual([cross.raw, oldRoot.raw]);
      const verify = (root: string, untrusted: string, leaf: Uint8Array): string => {
        fs.writeFileSync(path.join(dir, 'leaf.pem'), encodePem('CERTIFICATE', leaf));
        const v = spawnSync('openssl', ['verify', '-CAfile', root, '-untrusted', untrusted, 'leaf.pem'], { cwd: dir, encoding: 'utf8' });
        if (v.error) throw new Error(`openssl is required for this test: ${v.error.message}`);
        return `${v.stdout}${v.stderr}`;
      };
      expect(verify('old-root.pem', 'cross.pem', got[0]!)).toContain('leaf.pem: OK');
      // without a preference lego keeps the default chain: the issuing CA and the certkit root
      const d = lego('default.acme.test', []);
      expect(d.status, `${d.stdout}${d.stderr}`).toBe(0);
      const def = decodePemAll(fs.readFileSync(path.join(dir, 'lego', 'certificates', 'default.acme.test.crt'), 'utf8')).map((b) => b.der);
      expect(def[1]).toEqual(inter.raw);
      expect(verify(path.join(ca, 'root', 'cert.pem'), path.join(ca, 'chain.pem'), def[0]!)).toContain('leaf.pem: OK');
    } finally {
      await served?.stop('SIGTERM');
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(path.dirname(bin), { recursive: true, force: true });
    }
  }, 240_000);
});
