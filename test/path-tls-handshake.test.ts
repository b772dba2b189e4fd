/**
 * A real TLS handshake over loopback: a Node `tls` server on 127.0.0.1 (port 0) presents a
 * certkit-issued chain (root → intermediate → leaf for localhost and 127.0.0.1), a Node
 * `tls.connect` client trusting only the certkit root accepts it, and certkit's `verifyChain`
 * validates the same chain for the same name; a revoked leaf (client given the CRLs of both CAs)
 * and a wrong host name are refused by both. Bounded: every connection has a timeout, the
 * servers close after the tests, nothing leaves 127.0.0.1.
 *
 * Clock: OpenSSL inside Node validates at the real current time, so the certificates and CRLs
 * here are built around the time the test starts, and certkit is given that same instant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, createServer, type Server } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { generateKeyPair, type KeyPair } from '../src/keys/index';
import { signerFromPrivateKey } from '../src/sig/index';
import { CertificateBuilder, dns, ip, type Certificate, nameEquals } from '../src/x509/index';
import { CrlBuilder, type Crl } from '../src/crl/index';
import { verifyChain, ValidationError } from '../src/path/index';
import { certificateToPem } from '../src/x509/index';
import { crlToPem } from '../src/crl/index';

const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);
const DAY = 86_400_000;
const at = (days: number): Date => new Date(NOW.getTime() + days * DAY);
const CONNECT_TIMEOUT_MS = 5_000;

interface Pki {
  root: Certificate;
  ica: Certificate;
  good: { cert: Certificate; key: KeyPair };
  revoked: { cert: Certificate; key: KeyPair };
  crls: Crl[];
}

async function pki(alg: 'P-256' | 'RSA-2048'): Promise<Pki> {
  const [rk, ik, gk, vk] = await Promise.all([generateKeyPair(alg), generateKeyPair(alg), generateKeyPair(alg), generateKeyPair(alg)]);
  const root = await CertificateBuilder.selfSignedCa({ CN: `TLS Test Root ${alg}` })
    .publicKey(rk.publicKey)
    .notBefore(at(-10))
    .notAfter(at(3650))
    .sign(signerFromPrivateKey(rk.privateKey), { now: NOW });
  const ica = await CertificateBuilder.create()
    .subject({ CN: `TLS Test ICA ${alg}` })
    .publicKey(ik.publicKey)
    .notBefore(at(-10))
    .notAfter(at(1825))
    .basicConstraints({ cA: true, pathLenConstraint: 0 })
    .keyUsage(['keyCertSign', 'cRLSign'])
    .sign(signerFromPrivateKey(rk.privateKey), { issuerCertificate: root, now: NOW });
  const leaf = (key: KeyPair, serial: bigint): Promise<Certificate> =>
    CertificateBuilder.create()
      .subject({ CN: 'localhost' })
      .publicKey(key.publicKey)
      .serialNumber(serial)
      .notBefore(at(-1))
      .notAfter(at(30))
      .keyUsage(['digitalSignature', ...(alg === 'RSA-2048' ? ['keyEncipherment' as const] : [])])
      .subjectAltNames(dns('localhost'), ip('127.0.0.1'))
      .extKeyUsage(['1.3.6.1.5.5.7.3.1'])
      .sign(signerFromPrivateKey(ik.privateKey), { issuerCertificate: ica, now: NOW });
  const good = await leaf(gk, 0x2001n);
  const revoked = await leaf(vk, 0x2002n);
  const crls = [
    await CrlBuilder.create().thisUpdate(at(-1)).nextUpdate(at(7)).crlNumber(1).sign(signerFromPrivateKey(rk.privateKey), { issuerCertificate: root }),
    await CrlBuilder.create()
      .thisUpdate(at(-1))
      .nextUpdate(at(7))
      .crlNumber(1)
      .revoke({ serial: 0x2002n, revocationDate: at(-1), reason: 'keyCompromise' })
      .sign(signerFromPrivateKey(ik.privateKey), { issuerCertificate: ica }),
  ];
  return { root, ica, good: { cert: good, key: gk }, revoked: { cert: revoked, key: vk }, crls };
}

/** A TLS server presenting `leaf` + `ica`; replies "hello" and closes. */
function serve(leaf: { cert: Certificate; key: KeyPair }, ica: Certificate): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = createServer({ key: leaf.key.privateKey.toPem(), cert: certificateToPem(leaf.cert) + certificateToPem(ica) }, (s) => {
      s.end('hello');
    });
    // Handshake failures on the server side are expected in the refusal cases.
    server.on('tlsClientError', () => {});
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port }));
  });
}

/** Node's client verdict: `ok` with the data read, or the error code it refused with. */
function nodeClient(port: number, o: { ca: Certificate; servername?: string; crls?: Crl[] }): Promise<{ ok: true; data: string } | { ok: false; code: string }> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (v: { ok: true; data: string } | { ok: false; code: string }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      resolve(v);
    };
    const sock = connect({
      host: '127.0.0.1',
      port,
      ca: certificateToPem(o.ca),
      rejectUnauthorized: true,
      ...(o.servername !== undefined ? { servername: o.servername } : {}),
      ...(o.crls !== undefined ? { crl: o.crls.map((c) => crlToPem(c)) } : {}),
    });
    const timer = setTimeout(() => done({ ok: false, code: 'TIMEOUT' }), CONNECT_TIMEOUT_MS);
    let data = '';
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => (data += d));
    sock.on('end', () => done({ ok: true, data }));
    sock.on('error', (e: NodeJS.ErrnoException) => done({ ok: false, code: e.code ?? e.message }));
  });
}

/** certkit's verdict on the chain the server presents. */
async function certkit(p: Pki, leaf: Certificate, host: string, crls?: Crl[]): Promise<string> {
  try {
    const r = await verifyChain(leaf, {
      anchors: [p.root],
      intermediates: [p.ica],
      time: NOW,
      purposes: ['serverAuth'],
      hostname: host,
      ...(crls !== undefined ? { revocation: { mode: 'require' as const, crls } } : {}),
    });
    return `OK ${r.chain.length}`;
  } catch (e) {
    if (e instanceof ValidationError) return e.code;
    throw e;
  }
}

const servers: Server[] = [];

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
});

describe.each(['P-256', 'RSA-2048'] as const)('TLS handshake with a certkit-issued %s chain', (alg) => {
  let p: Pki;
  let goodPort: number;
  let revokedPort: number;

  beforeAll(async () => {
    p = await pki(alg);
    const g = await serve(p.good, p.ica);
    const v = await serve(p.revoked, p.ica);
    servers.push(g.server, v.server);
    goodPort = g.port;
    revokedPort = v.port;
  }, 60_000);

  it('is accepted by a Node client trusting only the root, for localhost and 127.0.0.1, and by certkit', async () => {
    expect(await nodeClient(goodPort, { ca: p.root, servername: 'localhost' })).toEqual({ ok: true, data: 'hello' });
    expect(await nodeClient(goodPort, { ca: p.root })).toEqual({ ok: true, data: 'hello' }); // checks IP SAN 127.0.0.1
    expect(await nodeClient(goodPort, { ca: p.root, servername: 'localhost', crls: p.crls })).toEqual({ ok: true, data: 'hello' });
    expect(await certkit(p, p.good.cert, 'localhost')).toBe('OK 3');
    expect(await certkit(p, p.good.cert, '127.0.0.1')).toBe('OK 3');
    expect(await certkit(p, p.good.cert, 'localhost', p.crls)).toBe('OK 3');
  });

  it('a client trusting an impostor root (same name, other key) refuses the chain, and so does certkit', async () => {
    const other = await pki(alg);
    expect(nameEquals(other.root.subject, p.root.subject)).toBe(true);
    expect(await nodeClient(goodPort, { ca: other.root, servername: 'localhost' })).toEqual({ ok: false, code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' });
    const r = await verifyChain(p.good.cert, { anchors: [other.root], intermediates: [p.ica], time: NOW, purposes: ['serverAuth'], hostname: 'localhost' }).then(
      () => 'OK',
      (e: unknown) => (e instanceof ValidationError ? e.code : 'crash'),
    );
    // The impostor has the intermediate's issuer name, so certkit tries it and reports that its
    // key did not sign the intermediate (OpenSSL, steered by the AKI, finds no issuer at all).
    expect(r).toBe('bad-signature');
  });

  it('a revoked leaf is refused by a client given the CRLs, and by certkit', async () => {
    expect(await nodeClient(revokedPort, { ca: p.root, servername: 'localhost', crls: p.crls })).toEqual({ ok: false, code: 'CERT_REVOKED' });
    expect(await certkit(p, p.revoked.cert, 'localhost', p.crls)).toBe('revoked');
    // Without the CRLs both accept it: the refusal above is the CRL's doing.
    expect(await nodeClient(revokedPort, { ca: p.root, servername: 'localhost' })).toEqual({ ok: true, data: 'hello' });
    expect(await certkit(p, p.revoked.cert, 'localhost')).toBe('OK 3');
  });

  it('a wrong host name is refused by both', async () => {
    expect(await nodeClient(goodPort, { ca: p.root, servername: 'example.com' })).toEqual({ ok: false, code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(await certkit(p, p.good.cert, 'example.com')).toBe('hostname-mismatch');
    expect(await certkit(p, p.good.cert, '127.0.0.2')).toBe('hostname-mismatch');
  });
});
