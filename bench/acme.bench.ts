/**
 * Benchmark: complete ACME orders per second (RFC 8555: newOrder → authorization → http-01
 * challenge → validation → finalize with a CSR → certificate download) with 20 concurrent
 * accounts, each placing its orders one after another. Two set-ups, in interleaved rounds:
 *
 * - in-process: `createCaService({ acme })` called as a function (`service.handle(request)`),
 *   the http-01 answer from a map (no sockets): what the ACME handler and the CA cost.
 * - over HTTPS: the same service served by `certkit/node`'s `startCaServer` (TLS 1.3, keep-alive)
 *   in its own Node process, forked from this one, and its http-01 validations fetched over HTTP
 *   from a small server in this process, as a real deployment does them.
 *
 * The clients sign their JWS (ES256) and CSRs in this process with WebCrypto keys (real clients
 * sign with OpenSSL; certkit's pure-JS signer here would make the clients, not the server, the
 * bottleneck); account and certificate keys are P-256, made before the timed rounds. The CA signs
 * certificates with its key through `signerFromPrivateKey`, as `certkit serve` does. Every order is checked (status
 * `valid`, a PEM chain). Rates are orders per second of wall-clock time (the work waits on the
 * other process and on sockets): the median round, with every round listed.
 * `npm run bench -- acme` (or `npx tsx bench/run.ts acme`) runs it and rewrites its README section.
 * @module
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import * as https from 'node:https';
import { fileURLToPath } from 'node:url';
import { base64url, keyAuthorization, signAcmeRequest } from '../src/acme/index';
import { BUILTIN_PROFILES, CertificateAuthority, MemoryCaStore, createHierarchy, type Hierarchy } from '../src/ca/index';
import { CsrBuilder } from '../src/csr/index';
import { generateKeyPair, parsePublicKey } from '../src/keys/index';
import { startCaServer } from '../src/node/index';
import { MemoryAuthStore, createCaService, type CaService } from '../src/server/index';
import { signerFromCryptoKeyPair, signerFromPrivateKey, type Signer } from '../src/sig/index';
import { certificateToPem, dns, ip } from '../src/x509/index';
import type { BenchRow, BenchSection } from './harness';

const ACCOUNTS = 20;
const ORDERS_PER_ACCOUNT = 5;
const ROUNDS = 5;
const PER_ROUND = ACCOUNTS * ORDERS_PER_ACCOUNT;

/** A minimal response: what the client below reads. */
interface Answer {
  status: number;
  header(name: string): string | null;
  text: string;
}
type Send = (url: string, method: string, body?: string) => Promise<Answer>;

function caOf(h: Hierarchy, store = new MemoryCaStore()): CertificateAuthority {
  return new CertificateAuthority({
    certificate: h.intermediate.certificate,
    signer: signerFromPrivateKey(h.intermediateKey),
    store,
    chain: [h.root.certificate],
    profiles: Object.values(BUILTIN_PROFILES),
  });
}

/** The server process: the ACME service over HTTPS; http-01 goes to the parent's port. */
async function serverMain(challengePort: number): Promise<void> {
  const h = await createHierarchy({ root: { subject: { CN: 'Bench Root' } }, intermediate: { subject: { CN: 'Bench Issuing CA' } } });
  const tlsKey = await generateKeyPair('P-256');
  const tlsCsr = await CsrBuilder.create().subject({ CN: '127.0.0.1' }).subjectAltNames(ip('127.0.0.1'), dns('localhost')).sign(signerFromPrivateKey(tlsKey.privateKey));
  const tls = await h.intermediate.issue(tlsCsr, { profile: 'tls-server' });
  let service: CaService | undefined;
  const server = await startCaServer({
    listen: '127.0.0.1:0',
    tls: { cert: certificateToPem(tls.certificate) + certificateToPem(h.intermediate.certificate), key: tlsKey.privateKey.toPem() },
    handler: (req, ctx) => service!.handle(req, ctx),
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: ACCOUNTS });
  service = createCaService({
    ca: caOf(h),
    auth: new MemoryAuthStore(),
    baseUrl: server.url,
    acme: {
      http01Fetch: (url) =>
        new Promise((resolve, reject) => {
          http
            .get(`http://127.0.0.1:${challengePort}${new URL(url).pathname}`, { agent }, (res) => {
              let body = '';
              res
                .setEncoding('utf8')
                .on('data', (d: string) => (body += d))
                .on('end', () => resolve(new Response(body, { status: res.statusCode! })));
            })
            .on('error', reject);
        }),
    },
  });
  process.send!({ url: server.url, root: certificateToPem(h.root.certificate) });
  process.once('disconnect', () => void server.close({ graceMs: 1000 }).then(() => process.exit(0)));
}

if (process.env.CERTKIT_BENCH_ACME_CHALLENGE_PORT !== undefined && process.send !== undefined) {
  void serverMain(Number(process.env.CERTKIT_BENCH_ACME_CHALLENGE_PORT));
}

interface Account {
  post(url: string, payload: unknown): Promise<Answer>;
  thumbprintKey: ReturnType<typeof parsePublicKey>;
  certSigner: Signer;
}

/** A client's P-256 key in WebCrypto (non-extractable), as real clients keep theirs in OpenSSL. */
async function webCryptoSigner(): Promise<Signer> {
  return signerFromCryptoKeyPair(await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']));
}

/** Registers one account (outside the timed rounds). */
async function register(send: Send, dir: Record<string, string>): Promise<Account> {
  const signer = await webCryptoSigner();
  let nonce = (await send(dir.newNonce!, 'HEAD')).header('replay-nonce')!;
  let kid: string | undefined;
  const post = async (url: string, payload: unknown): Promise<Answer> => {
    const body = await signAcmeRequest(signer, { url, nonce, ...(kid ? { kid } : {}) }, payload);
    const res = await send(url, 'POST', JSON.stringify(body));
    nonce = res.header('replay-nonce')!;
    return res;
  };
  const acct = await post(dir.newAccount!, { termsOfServiceAgreed: true });
  if (acct.status !== 201) throw new Error(`newAccount: HTTP ${acct.status} ${acct.text}`);
  kid = acct.header('location')!;
  return { post, thumbprintKey: parsePublicKey(signer.publicKey), certSigner: await webCryptoSigner() };
}

/** One complete order; returns its latency in ms. */
async function order(a: Account, dir: Record<string, string>, name: string, answers: Map<string, string>): Promise<number> {
  const t0 = performance.now();
  const o = JSON.parse((await a.post(dir.newOrder!, { identifiers: [{ type: 'dns', value: name }] })).text) as { authorizations: string[]; finalize: string };
  const z = JSON.parse((await a.post(o.authorizations[0]!, undefined)).text) as { challenges: { type: string; url: string; token: string }[] };
  const ch = z.challenges.find((c) => c.type === 'http-01')!;
  answers.set(ch.token, keyAuthorization(ch.token, a.thumbprintKey));
  const done = JSON.parse((await a.post(ch.url, {})).text) as { status: string };
  answers.delete(ch.token);
  if (done.status !== 'valid') throw new Error(`challenge ${done.status}`);
  const csr = (await CsrBuilder.create().subject({}).subjectAltNames(name).sign(a.certSigner)).raw;
  const fin = JSON.parse((await a.post(o.finalize, { csr: base64url(csr) })).text) as { status: string; certificate: string };
  if (fin.status !== 'valid') throw new Error(`order not valid: ${JSON.stringify(fin)}`);
  const pem = (await a.post(fin.certificate, undefined)).text;
  if (!pem.startsWith('-----BEGIN CERTIFICATE-----')) throw new Error('no certificate');
  return performance.now() - t0;
}

/** One round: every account places ORDERS_PER_ACCOUNT orders, the accounts concurrently. */
async function round(accounts: Account[], dir: Record<string, string>, answers: Map<string, string>, tag: string): Promise<{ ms: number; latencies: number[] }> {
  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    accounts.map(async (a, i) => {
      for (let k = 0; k < ORDERS_PER_ACCOUNT; k++) latencies.push(await order(a, dir, `h${k}.a${i}.${tag}.bench.example`, answers));
    }),
  );
  return { ms: performance.now() - t0, latencies };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

type Round = { ms: number; latencies: number[] };

function row(name: string, library: string, rounds: Round[]): BenchRow {
  const rates = rounds.map((x) => (PER_ROUND * 1000) / x.ms);
  const sorted = [...rates].sort((p, q) => p - q);
  const lat = rounds.flatMap((x) => x.latencies).sort((p, q) => p - q);
  const med = sorted[Math.floor(sorted.length / 2)]!;
  const spread = (sorted[Math.floor((sorted.length * 3) / 4)]! - sorted[Math.floor(sorted.length / 4)]!) / 2 / med;
  return {
    name,
    library,
    opsPerSec: med,
    spread,
    note: `order p50 ${percentile(lat, 50).toFixed(0)} ms, p99 ${percentile(lat, 99).toFixed(0)} ms; rounds ${rates.map((x) => x.toFixed(0)).join(', ')}/s`,
  };
}

export async function bench(): Promise<BenchSection> {
  // In-process: the handler as a function, http-01 answered from a map.
  const h = await createHierarchy({ root: { subject: { CN: 'Bench Root' } }, intermediate: { subject: { CN: 'Bench Issuing CA' } } });
  const localAnswers = new Map<string, string>();
  const BASE = 'http://ca.bench';
  const service = createCaService({
    ca: caOf(h),
    auth: new MemoryAuthStore(),
    baseUrl: BASE,
    acme: {
      http01Fetch: async (url) => {
        const a = localAnswers.get(url.split('/').pop()!);
        return new Response(a ?? '', { status: a === undefined ? 404 : 200 });
      },
    },
  });
  const local: Send = async (url, method, body) => {
    const res = await service.handle(new Request(url, { method, ...(body !== undefined ? { body, headers: { 'content-type': 'application/jose+json' } } : {}) }));
    const text = method === 'HEAD' ? '' : await res.text();
    return { status: res.status, header: (n) => res.headers.get(n), text };
  };

  // Over HTTPS: the server in its own process; its http-01 validations come back here over HTTP.
  const remoteAnswers = new Map<string, string>();
  const challenges = http.createServer((req, res) => {
    const a = remoteAnswers.get((req.url ?? '').split('/').pop()!);
    if (a === undefined) res.writeHead(404).end();
    else res.writeHead(200, { 'content-type': 'text/plain' }).end(a);
  });
  challenges.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => challenges.listen(0, '127.0.0.1', resolve));
  const challengePort = (challenges.address() as { port: number }).port;
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [], {
    execArgv: process.execArgv,
    env: { ...process.env, CERTKIT_BENCH_ACME_CHALLENGE_PORT: String(challengePort) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const ready = await new Promise<{ url: string; root: string }>((resolve, reject) => {
      child.once('message', (m) => resolve(m as { url: string; root: string }));
      child.once('exit', (c) => reject(new Error(`the bench server exited (${c})`)));
    });
    const agent = new https.Agent({ keepAlive: true, maxSockets: ACCOUNTS, ca: ready.root });
    const remote: Send = (url, method, body) =>
      new Promise((resolve, reject) => {
        const req = https.request(url, { method, agent, headers: body !== undefined ? { 'content-type': 'application/jose+json', 'content-length': Buffer.byteLength(body) } : {} }, (res) => {
          let text = '';
          res
            .setEncoding('utf8')
            .on('data', (d: string) => (text += d))
            .on('end', () =>
              resolve({
                status: res.statusCode!,
                text,
                header: (n) => {
                  const v = res.headers[n.toLowerCase()];
                  return v === undefined ? null : String(v);
                },
              }),
            );
        });
        req.on('error', reject);
        req.end(body);
      });

    const localDir = JSON.parse((await local(`${BASE}/acme/directory`, 'GET')).text) as Record<string, string>;
    const remoteDir = JSON.parse((await remote(`${ready.url}/acme/directory`, 'GET')).text) as Record<string, string>;
    const localAccounts = await Promise.all(Array.from({ length: ACCOUNTS }, () => register(local, localDir)));
    const remoteAccounts = await Promise.all(Array.from({ length: ACCOUNTS }, () => register(remote, remoteDir)));
    // A warm-up round of each (JIT, TLS sessions, keep-alive sockets), then interleaved rounds.
    await round(localAccounts, localDir, localAnswers, 'w');
    await round(remoteAccounts, remoteDir, remoteAnswers, 'w');
    const res = { local: [] as Round[], remote: [] as Round[] };
    for (let r = 0; r < ROUNDS; r++) {
      res.local.push(await round(localAccounts, localDir, localAnswers, `r${r}`));
      res.remote.push(await round(remoteAccounts, remoteDir, remoteAnswers, `r${r}`));
    }
    agent.destroy();
    return {
      title: `ACME: complete orders per second (${ACCOUNTS} concurrent accounts, P-256)`,
      unit: { name: 'orders', perOp: 1 },
      note: `One order is newOrder → authorization → http-01 challenge → the server's validation → finalize (a CSR for the one dNSName) → certificate download (\`application/pem-certificate-chain\`), all RFC 8555 JWS requests signed ES256 in this process (WebCrypto keys through \`signerFromCryptoKeyPair\`, as real clients sign with OpenSSL), each order checked; the CA signs with \`signerFromPrivateKey\` (pure JS), as \`certkit serve\` does. ${ACCOUNTS} accounts (registered beforehand) run concurrently, each placing ${ORDERS_PER_ACCOUNT} orders one after another: ${PER_ROUND} orders a round, ${ROUNDS} interleaved rounds per set-up after a warm-up round. **in-process**: \`createCaService({ acme })\` called as a function, the http-01 answer from a map, a \`MemoryCaStore\` (the ACME handler, JWS checks and issuance, and the clients' signing, in one process). **over HTTPS**: the same service behind \`certkit/node\`'s \`startCaServer\` (TLS 1.3, keep-alive) in its own Node process, its http-01 validations fetched over HTTP from this process (clients and challenge server on one core, the server on the other). Rates: orders per second of wall-clock time (median round); latency percentiles over every timed order.`,
      rows: [row('complete order', 'in-process (service.handle)', res.local), row('complete order', 'certkit/node over HTTPS, own process', res.remote)],
    };
  } finally {
    child.disconnect?.();
    await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r(null)));
    challenges.closeAllConnections();
    await new Promise<void>((resolve) => challenges.close(() => resolve()));
  }
}
