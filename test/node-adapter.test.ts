/**
 * certkit/node, the Node adapter, over real loopback sockets: IncomingMessage → Request (method,
 * absolute URL, headers as received, streamed body) and Response → ServerResponse (status,
 * several Set-Cookie lines, streamed body with backpressure, cancellation when the client goes
 * away), the body limit (declared and counted), a handler that throws, a bad Host, the TLS client
 * chain (DER, leaf first, the self-issued root once) and graceful shutdown.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, type KeyPair } from '../src/keys/index';
import { NodeAdapterError, parseListenAddress, startCaServer, toNodeListener, type NodeRequestContext, type RunningCaServer } from '../src/node/index';
import { signerFromPrivateKey } from '../src/sig/index';
import { CertificateBuilder, certificateToPem, dns, ip, parseCertificate, type Certificate } from '../src/x509/index';

const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);
const DAY = 86_400_000;
const at = (d: number): Date => new Date(NOW.getTime() + d * DAY);

interface Leaf {
  cert: Certificate;
  key: KeyPair;
}
let root: Certificate;
let ica: Certificate;
let serverLeaf: Leaf;
let clientLeaf: Leaf;

beforeAll(async () => {
  const [rk, ik, sk, ck] = await Promise.all([generateKeyPair('P-256'), generateKeyPair('P-256'), generateKeyPair('P-256'), generateKeyPair('P-256')]);
  root = await CertificateBuilder.selfSignedCa({ CN: 'Adapter Test Root' }).publicKey(rk.publicKey).notBefore(at(-1)).notAfter(at(30)).sign(signerFromPrivateKey(rk.privateKey), { now: NOW });
  ica = await CertificateBuilder.create()
    .subject({ CN: 'Adapter Test ICA' })
    .publicKey(ik.publicKey)
    .notBefore(at(-1))
    .notAfter(at(30))
    .basicConstraints({ cA: true, pathLenConstraint: 0 })
    .keyUsage(['keyCertSign', 'cRLSign'])
    .sign(signerFromPrivateKey(rk.privateKey), { issuerCertificate: root, now: NOW });
  const leaf = async (key: KeyPair, cn: string, eku: string): Promise<Leaf> => ({
    key,
    cert: await CertificateBuilder.create()
      .subject({ CN: cn })
      .publicKey(key.publicKey)
      .notBefore(at(-1))
      .notAfter(at(10))
      .keyUsage(['digitalSignature'])
      .subjectAltNames(dns('localhost'), ip('127.0.0.1'))
      .extKeyUsage([eku])
      .sign(signerFromPrivateKey(ik.privateKey), { issuerCertificate: ica, now: NOW }),
  });
  serverLeaf = await leaf(sk, 'localhost', '1.3.6.1.5.5.7.3.1');
  clientLeaf = await leaf(ck, 'device-17', '1.3.6.1.5.5.7.3.2');
});

const servers: RunningCaServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close({ graceMs: 100 })));
});

async function serve(handler: (r: Request, c?: NodeRequestContext) => Promise<Response>, o: { tls?: boolean; maxBodyBytes?: number; onError?: (e: unknown) => void } = {}): Promise<RunningCaServer> {
  const s = await startCaServer({
    handler,
    listen: '127.0.0.1:0',
    ...(o.tls ? { tls: { cert: certificateToPem(serverLeaf.cert) + certificateToPem(ica), key: serverLeaf.key.privateKey.toPem(), ca: [certificateToPem(root)] } } : {}),
    ...(o.maxBodyBytes !== undefined ? { maxBodyBytes: o.maxBodyBytes } : {}),
    ...(o.onError ? { onError: o.onError } : {}),
  });
  servers.push(s);
  return s;
}

/** A raw HTTP/1.1 exchange: what the server wrote, until it closes the connection. */
function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1', () => sock.end(text));
    let out = '';
    sock
      .setEncoding('utf8')
      .on('data', (d: string) => (out += d))
      .on('close', () => resolve(out))
      .on('error', reject);
    sock.setTimeout(10_000, () => sock.destroy(new Error('raw exchange timed out')));
  });
}

describe('Request in, Response out', () => {
  it('passes method, absolute URL, every header and the streamed body to the handler; writes status, headers and body back', async () => {
    let seen: { method: string; url: string; type: string | null; custom: string | null; body: string; remote?: string } | undefined;
    const s = await serve(async (req, ctx) => {
      seen = {
        method: req.method,
        url: req.url,
        type: req.headers.get('content-type'),
        custom: req.headers.get('x-device'),
        body: await req.text(),
        ...(ctx?.remoteAddress ? { remote: ctx.remoteAddress } : {}),
      };
      const h = new Headers({ 'content-type': 'application/json', 'x-answer': '42' });
      h.append('set-cookie', 'a=1; Path=/');
      h.append('set-cookie', 'b=2; Path=/');
      return new Response(JSON.stringify({ ok: true }), { status: 201, headers: h });
    });
    const r = await fetch(`${s.url}/api/v1/certificates?x=1&y=%20`, { method: 'POST', headers: { 'content-type': 'application/pkcs10', 'x-device': 'router 7' }, body: 'MIIB...' });
    expect(r.status).toBe(201);
    expect(r.headers.get('x-answer')).toBe('42');
    expect(r.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(await r.json()).toEqual({ ok: true });
    expect(seen).toEqual({ method: 'POST', url: `${s.url}/api/v1/certificates?x=1&y=%20`, type: 'application/pkcs10', custom: 'router 7', body: 'MIIB...', remote: '127.0.0.1' });
  });

  it('HEAD gets the headers and no body; GET has no body', async () => {
    const s = await serve(async (req) => new Response(req.body === null ? 'no body' : 'body', { headers: { 'x-m': req.method } }));
    const head = await fetch(`${s.url}/x`, { method: 'HEAD' });
    expect(head.headers.get('x-m')).toBe('HEAD');
    expect(await head.text()).toBe('');
    expect(await (await fetch(`${s.url}/x`)).text()).toBe('no body');
  });

  it('a handler that throws gives a 500 problem document without the error, and onError gets it', async () => {
    const errors: unknown[] = [];
    const s = await serve(
      async () => {
        throw new Error('secret internals at /srv/ca/key.pem');
      },
      { onError: (e) => errors.push(e) },
    );
    const r = await fetch(`${s.url}/boom`);
    expect(r.status).toBe(500);
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const text = await r.text();
    expect(text).not.toContain('secret');
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'internal-error' } });
    expect(errors).toHaveLength(1);
  });

  it('a Host header that is not host[:port] is a 400 and never reaches the handler', async () => {
    let called = 0;
    const s = await serve(async () => (called++, new Response('x')));
    const out = await raw(s.port, 'GET / HTTP/1.1\r\nHost: evil.example/path@x\r\nConnection: close\r\n\r\n');
    expect(out).toMatch(/^HTTP\/1\.1 400 /);
    expect(out).toContain('"code":"bad-request"');
    expect(called).toBe(0);
  });
});

describe('the body limit', () => {
  it('a declared Content-Length over the limit is 413 before the handler runs', async () => {
    let called = 0;
    const s = await serve(async () => (called++, new Response('x')), { maxBodyBytes: 1000 });
    const r = await fetch(`${s.url}/.well-known/est/simpleenroll`, { method: 'POST', body: 'x'.repeat(1001) });
    expect(r.status).toBe(413);
    expect((await r.json()) as unknown).toMatchObject({ error: { code: 'body-too-large' } });
    expect(called).toBe(0);
    const ok = await fetch(`${s.url}/`, { method: 'POST', body: 'x'.repeat(1000) });
    expect(ok.status).toBe(200);
    expect(called).toBe(1);
  });

  it('a chunked body is counted while read: the handler sees body-too-large and the client gets 413', async () => {
    let error: unknown;
    const s = await serve(
      async (req) => {
        try {
          await req.arrayBuffer();
        } catch (e) {
          error = e;
        }
        return new Response('the handler answered 200');
      },
      { maxBodyBytes: 10_000 },
    );
    const chunk = 'y'.repeat(4096);
    const out = await raw(s.port, `POST /api HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${`1000\r\n${chunk}\r\n`.repeat(4)}0\r\n\r\n`);
    expect(out).toMatch(/^HTTP\/1\.1 413 /);
    expect(out).not.toContain('the handler answered 200');
    expect(error).toBeInstanceOf(NodeAdapterError);
    expect((error as NodeAdapterError).code).toBe('body-too-large');
  });
});

describe('streaming', () => {
  it('a large response streams with backpressure, and is cancelled when the client goes away', async () => {
    const CHUNK = 64 * 1024;
    const TOTAL = 256 * 1024 * 1024;
    let pulled = 0;
    let cancelled: (v: unknown) => void;
    const cancelledP = new Promise((r) => (cancelled = r));
    const s = await serve(
      async () =>
        new Response(
          new ReadableStream<Uint8Array>(
            {
              pull(c) {
                pulled += CHUNK;
                if (pulled >= TOTAL) c.close();
                else c.enqueue(new Uint8Array(CHUNK));
              },
              cancel(reason) {
                cancelled(reason ?? 'cancelled');
              },
            },
            { highWaterMark: 1 },
          ),
        ),
    );
    const { res, req } = await new Promise<{ res: http.IncomingMessage; req: http.ClientRequest }>((resolve, reject) => {
      const rq = http.get(`${s.url}/big`, (rs) => resolve({ res: rs, req: rq }));
      rq.on('error', reject);
    });
    // Read 1 MiB, then stop reading: the server must stop pulling once the socket buffers fill.
    let got = 0;
    await new Promise<void>((resolve) => {
      res.on('data', (d: Uint8Array) => {
        got += d.byteLength;
        if (got >= 1024 * 1024) {
          res.pause();
          resolve();
        }
      });
    });
    await new Promise((r) => setTimeout(r, 500));
    const pulledWhilePaused = pulled;
    expect(pulledWhilePaused).toBeLessThan(64 * 1024 * 1024);
    req.destroy();
    res.destroy();
    expect(await cancelledP).toBeDefined();
    expect(pulled).toBeLessThan(TOTAL);
  });

  it("the Request's signal aborts when the client goes away before the answer", async () => {
    let aborted!: (reason: unknown) => void;
    const abortedP = new Promise((r) => (aborted = r));
    let entered!: () => void;
    const inHandler = new Promise<void>((r) => (entered = r));
    const s = await serve(async (req) => {
      req.signal.addEventListener('abort', () => aborted(req.signal.reason));
      entered();
      await abortedP;
      return new Response('too late');
    });
    const rq = http.get(`${s.url}/slow`);
    rq.on('error', () => {});
    await inHandler;
    rq.destroy();
    expect(await abortedP).toMatchObject({ code: 'request-aborted' });
  });

  it('a body of one ready chunk is sent with Content-Length; a slow stream sends its first chunk before its second exists', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const s = await serve(async (req) => {
      if (new URL(req.url).pathname === '/small') return new Response('{"ok":true}', { headers: { 'content-type': 'application/json' } });
      let n = 0;
      return new Response(
        new ReadableStream<Uint8Array>(
          {
            async pull(c) {
              n++;
              if (n === 1) c.enqueue(new TextEncoder().encode('first;'));
              else if (n === 2) {
                await gate;
                c.enqueue(new TextEncoder().encode('second'));
              } else c.close();
            },
          },
          { highWaterMark: 0 },
        ),
      );
    });
    const small = await raw(s.port, 'GET /small HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    expect(small).toMatch(/\r\ncontent-length: 11\r\n/i);
    expect(small).not.toMatch(/transfer-encoding/i);
    const firstSeen = await new Promise<string>((resolve, reject) => {
      http
        .get(`${s.url}/slow`, (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (d: string) => {
            if (text === '') resolve(d); // arrived while the second chunk is still held back
            text += d;
            if (text === 'first;') release();
          });
        })
        .on('error', reject);
    });
    expect(firstSeen).toBe('first;');
  });

  it('several Link values reach the client', async () => {
    const s = await serve(async () => {
      const h = new Headers();
      h.append('link', '</ca/ca.crt>; rel="up"');
      h.append('link', '</crl/ca.crl>; rel="alternate"');
      return new Response('x', { headers: h });
    });
    const r = await fetch(`${s.url}/`);
    expect(r.headers.get('link')).toBe('</ca/ca.crt>; rel="up", </crl/ca.crl>; rel="alternate"');
  });

  it('a request body streams into the handler as it arrives', async () => {
    const s = await serve(
      async (req) => {
        let n = 0;
        let chunks = 0;
        for await (const c of req.body as unknown as AsyncIterable<Uint8Array>) {
          n += c.byteLength;
          chunks++;
        }
        return Response.json({ n, chunks });
      },
      { maxBodyBytes: 8 * 1024 * 1024 },
    );
    const r = await fetch(`${s.url}/upload`, { method: 'POST', body: new Uint8Array(4 * 1024 * 1024) });
    const j = (await r.json()) as { n: number; chunks: number };
    expect(j.n).toBe(4 * 1024 * 1024);
    expect(j.chunks).toBeGreaterThan(1);
  });
});

describe('TLS client certificates', () => {
  function get(url: string, o: https.RequestOptions): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const rq = https.get(url, { ca: certificateToPem(root), ...o }, (rs) => {
        let b = '';
        rs.setEncoding('utf8')
          .on('data', (d: string) => (b += d))
          .on('end', () => resolve({ status: rs.statusCode!, body: b }));
      });
      rq.on('error', reject);
    });
  }

  it('passes the presented chain, DER, leaf first, each certificate once; none without a client certificate', async () => {
    const chains: Array<readonly Uint8Array[] | undefined> = [];
    const s = await serve(async (_r, ctx) => (chains.push(ctx?.clientCertificates), new Response('ok')), { tls: true });
    expect(s.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect((await get(`${s.url}/`, {})).status).toBe(200);
    const r = await get(`${s.url}/`, { cert: certificateToPem(clientLeaf.cert) + certificateToPem(ica), key: clientLeaf.key.privateKey.toPem(), agent: false });
    expect(r.status).toBe(200);
    const r2 = await get(`${s.url}/`, { cert: certificateToPem(clientLeaf.cert) + certificateToPem(ica) + certificateToPem(root), key: clientLeaf.key.privateKey.toPem(), agent: false });
    expect(r2.status).toBe(200);
    expect(chains[0]).toBeUndefined();
    const subjects = (c: readonly Uint8Array[] | undefined): string[] => (c ?? []).map((d) => parseCertificate(d).subject.toString());
    expect(subjects(chains[1])[0]).toBe('CN=device-17');
    expect(subjects(chains[1])).toContain('CN=Adapter Test ICA');
    expect(subjects(chains[2])).toEqual(['CN=device-17', 'CN=Adapter Test ICA', 'CN=Adapter Test Root']);
    expect(chains[1]![0]).toEqual(clientLeaf.cert.raw);
    expect(Object.getPrototypeOf(chains[1]![0])).toBe(Uint8Array.prototype);
  });
});

describe('graceful shutdown and listen addresses', () => {
  it('close() stops accepting, lets the request in flight finish, then resolves', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inHandler = new Promise<void>((r) => (entered = r));
    const s = await serve(async () => {
      entered();
      await gate;
      return new Response('finished');
    });
    const inflight = fetch(`${s.url}/slow`).then(async (r) => ({ status: r.status, body: await r.text(), connection: r.headers.get('connection') }));
    await inHandler;
    let closed = false;
    const closing = s.close().then(() => (closed = true));
    await expect(fetch(`${s.url}/new`)).rejects.toThrow();
    expect(closed).toBe(false);
    release();
    expect(await inflight).toEqual({ status: 200, body: 'finished', connection: 'close' });
    await closing;
    expect(closed).toBe(true);
  });

  it('parses host:port and refuses the rest', () => {
    expect(parseListenAddress('127.0.0.1:8443')).toEqual({ host: '127.0.0.1', port: 8443 });
    expect(parseListenAddress('[::1]:0')).toEqual({ host: '::1', port: 0 });
    expect(parseListenAddress('localhost:443')).toEqual({ host: 'localhost', port: 443 });
    for (const bad of ['127.0.0.1', ':8443', '::1:8443', '127.0.0.1:70000', 'host:port']) {
      expect(() => parseListenAddress(bad), bad).toThrow(expect.objectContaining({ code: 'invalid-listen-address' }));
    }
  });

  it('toNodeListener checks its arguments', () => {
    expect(() => toNodeListener(async () => new Response(''), { maxBodyBytes: -1 })).toThrow(RangeError);
    expect(() => toNodeListener('x' as never)).toThrow(TypeError);
  });
});
