/**
 * OCSP stapling on Node's TLS (RFC 6066 §8): a `node:https` server staples a response made by
 * certkit's responder (the `OCSPRequest` event), a client connecting with `requestOCSP: true`
 * receives it (`OCSPResponse`), and certkit validates the server's chain with that stapled
 * response: good first, then `revoked` once the CA revokes the certificate and the server
 * staples the fresh answer.
 */
import * as https from 'node:https';
import * as tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_PROFILES, CertificateAuthority, MemoryCaStore } from '../src/ca/index';
import { createCertId, encodeOcspRequest } from '../src/ocsp/index';
import { ValidationError, onlineRevocation, verifyChain } from '../src/path/index';
import { MemoryAuthStore, createCaService, withPublicationUrls, type CaService } from '../src/server/index';
import { signerFromPrivateKey } from '../src/sig/index';
import { certificateToPem, parseCertificate, type Certificate } from '../src/x509/index';
import { csrDer, makeFixture, p256 } from './server-fixture';

let server: https.Server;
let port: number;
let ca: CertificateAuthority;
let service: CaService;
let root: Certificate;
let intermediate: Certificate;
let leaf: Certificate;
let stapled: Uint8Array;
let ocspRequests = 0;

async function fetchResponse(): Promise<Uint8Array> {
  const { der } = encodeOcspRequest([createCertId(intermediate, leaf)]);
  const res = await service.handle(new Request('http://ca.test/ocsp', { method: 'POST', body: der as Uint8Array<ArrayBuffer>, headers: { 'content-type': 'application/ocsp-request' } }));
  return new Uint8Array(await res.arrayBuffer());
}

/** Connects with requestOCSP and resolves with the stapled response and the server's chain. */
function connect(): Promise<{ ocsp: Buffer | undefined; chain: Certificate[] }> {
  return new Promise((resolve, reject) => {
    let ocsp: Buffer | undefined;
    // requestOCSP is a TLSSocket option that @types/node leaves out of ConnectionOptions
    const opts = { host: '127.0.0.1', port, servername: 'localhost', requestOCSP: true, ca: certificateToPem(root) } as tls.ConnectionOptions;
    const s = tls.connect(opts, () => {
      const chain: Certificate[] = [];
      let c: tls.DetailedPeerCertificate | undefined = s.getPeerCertificate(true);
      while (c !== undefined && c.raw !== undefined && !chain.some((x) => Buffer.from(x.raw).equals(c!.raw))) {
        chain.push(parseCertificate(new Uint8Array(c.raw)));
        c = c.issuerCertificate;
      }
      s.end();
      resolve({ ocsp, chain });
    });
    s.on('OCSPResponse', (r: Buffer) => (ocsp = r));
    s.on('error', reject);
  });
}

beforeAll(async () => {
  const { h } = await makeFixture();
  root = h.root.certificate;
  intermediate = h.intermediate.certificate;
  ca = new CertificateAuthority({
    certificate: intermediate,
    signer: signerFromPrivateKey(h.intermediateKey),
    store: new MemoryCaStore(),
    chain: [root],
    profiles: Object.values(BUILTIN_PROFILES).map((p) => withPublicationUrls(p, 'http://ca.test', 'ca', { ocsp: true })),
  });
  service = createCaService({ ca, auth: new MemoryAuthStore(), baseUrl: 'http://ca.test', ocsp: { signer: signerFromPrivateKey(h.intermediateKey) } });
  const key = await p256();
  leaf = (await ca.issue(await csrDer(key, { CN: 'localhost' }, ['localhost', '127.0.0.1']), { profile: 'tls-server' })).certificate;
  stapled = await fetchResponse();
  server = https.createServer({ key: key.toPem('pkcs8'), cert: certificateToPem(leaf) + certificateToPem(intermediate) }, (_req, res) => res.end('ok'));
  server.on('OCSPRequest', (_cert: Buffer, _issuer: Buffer, cb: (err: Error | null, resp?: Buffer) => void) => {
    ocspRequests++;
    cb(null, Buffer.from(stapled));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as { port: number }).port;
}, 60_000);

afterAll(async () => {
  if (server === undefined) return;
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('OCSP stapling with node:https', () => {
  it('the client receives the stapled response; certkit validates the chain with it, then fails it as revoked after a revocation', async () => {
    const first = await connect();
    expect(ocspRequests).toBe(1);
    expect(first.ocsp).toBeDefined();
    expect(new Uint8Array(first.ocsp!)).toEqual(stapled);
    expect(first.chain[0]!.raw).toEqual(leaf.raw);
    const ok = await verifyChain(first.chain[0]!, {
      anchors: [root],
      intermediates: first.chain.slice(1),
      hostname: 'localhost',
      purposes: ['serverAuth'],
      onlineRevocation: onlineRevocation({ failure: 'hard', fetch: false, stapled: [new Uint8Array(first.ocsp!)], leafOnly: true }),
    });
    expect(ok.revocationChecks![0]).toMatchObject({ certIndex: 0, status: 'good', source: 'ocsp-stapled' });

    await ca.revoke(leaf.serialNumber, 'keyCompromise');
    await service.publishCrl(); // drops the responder's cached answer
    stapled = await fetchResponse();
    const second = await connect();
    expect(ocspRequests).toBe(2);
    let e: unknown;
    await verifyChain(second.chain[0]!, {
      anchors: [root],
      intermediates: second.chain.slice(1),
      hostname: 'localhost',
      onlineRevocation: onlineRevocation({ failure: 'soft', fetch: false, stapled: [new Uint8Array(second.ocsp!)], leafOnly: true }),
    }).catch((x) => (e = x));
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).code).toBe('revoked');
    expect((e as ValidationError).message).toMatch(/keyCompromise.*ocsp-stapled/);
  });
});
