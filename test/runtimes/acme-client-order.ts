/**
 * One complete ACME order by the npm `acme-client` package (5.4.0, from tools/runtimes/node_modules)
 * against certkit's CA handler, in whichever runtime runs this file: `Deno.serve`, `Bun.serve`
 * or Node (`certkit/node`'s `startCaServer`) serves `createCaService({ acme })` on a free port of
 * 127.0.0.1, and the same listener answers `/.well-known/acme-challenge/<token>` from what
 * acme-client's `challengeCreateFn` deployed. The handler's http-01 fetcher sends each validation
 * over real HTTP to that port (the identifier in an `x-acme-identifier` header, since the invented
 * names resolve nowhere). acme-client then creates an account, orders two names, completes http-01,
 * finalizes a CSR it made itself, downloads the chain and revokes it (keyCompromise); the CA's
 * store and the CRL the handler serves at `/crl/ca.crl` are read back for the revocation. Everything is printed as one `RESULT <json>` line for
 * `test/runtimes/acme-client-runtimes.test.ts`, which bundles this file with esbuild (acme-client and
 * its dependencies included, so no runtime resolves npm packages) and checks the chain.
 * @module
 */
import * as acme from 'acme-client';
import { BUILTIN_PROFILES, CertificateAuthority, MemoryCaStore, createHierarchy } from '../../src/ca/index';
import { createCaService, MemoryAuthStore, type CaService } from '../../src/server/index';
import { signerFromPrivateKey } from '../../src/sig/index';
import { findCrlEntry, parseCrl } from '../../src/crl/index';
import { certificateToPem, getExtension, reasonCodeCodec } from '../../src/x509/index';

declare const Deno:
  { serve: (o: object, h: (r: Request) => Promise<Response>) => { finished: Promise<void>; shutdown(): Promise<void> }; version: { deno: string }; exit(code: number): never } | undefined;
declare const Bun: { serve: (o: object) => { port: number; stop(force?: boolean): void }; version: string } | undefined;

const NAMES = ['app.acme-client.test', 'www.acme-client.test'];

/** The token → key authorization answers acme-client deploys, served on the handler's own port. */
const answers = new Map<string, string>();
const validations: string[] = [];
let service: CaService | undefined;

async function handle(request: Request): Promise<Response> {
  const m = /^\/\.well-known\/acme-challenge\/([A-Za-z0-9_-]+)$/.exec(new URL(request.url).pathname);
  if (m) {
    validations.push(`${request.headers.get('x-acme-identifier')} ${m[1]}`);
    const a = answers.get(m[1]!);
    return a === undefined ? new Response('no such token', { status: 404 }) : new Response(a, { headers: { 'content-type': 'text/plain' } });
  }
  return service!.handle(request);
}

/** Serves `handle` with the runtime's own server; resolves with the port and a stop function. */
async function listen(): Promise<{ port: number; runtime: string; stop: () => Promise<void> }> {
  if (typeof Deno !== 'undefined') {
    let ready!: (p: number) => void;
    const port = new Promise<number>((r) => (ready = r));
    const s = Deno.serve({ hostname: '127.0.0.1', port: 0, onListen: ({ port: p }: { port: number }) => ready(p) }, handle);
    return { port: await port, runtime: `deno ${Deno.version.deno}`, stop: () => s.shutdown() };
  }
  if (typeof Bun !== 'undefined') {
    const s = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: handle });
    return { port: s.port, runtime: `bun ${Bun.version}`, stop: async () => s.stop(true) };
  }
  const { startCaServer } = await import('../../src/node/index');
  const s = await startCaServer({ handler: handle, listen: '127.0.0.1:0' });
  return { port: s.port, runtime: `node ${globalThis.process.version}`, stop: () => s.close() };
}

async function main(): Promise<void> {
  const h = await createHierarchy({ root: { subject: { CN: 'acme-client Test Root', O: 'certkit' } }, intermediate: { subject: { CN: 'acme-client Test Issuing CA', O: 'certkit' } } });
  const ca = new CertificateAuthority({
    certificate: h.intermediate.certificate,
    signer: signerFromPrivateKey(h.intermediateKey),
    store: new MemoryCaStore(),
    chain: [h.root.certificate],
    profiles: Object.values(BUILTIN_PROFILES),
  });
  const server = await listen();
  const origin = `http://127.0.0.1:${server.port}`;
  service = createCaService({
    ca,
    auth: new MemoryAuthStore(),
    baseUrl: origin,
    acme: {
      profile: 'tls-server',
      termsOfService: `${origin}/tos`,
      // http://<name>/.well-known/acme-challenge/<token> → the same path on this listener.
      http01Fetch: (url, id) => fetch(`${origin}${new URL(url).pathname}`, { headers: { 'x-acme-identifier': id.value } }),
    },
  });
  const log: string[] = [];
  try {
    const client = new acme.Client({ directoryUrl: `${origin}/acme/directory`, accountKey: await acme.crypto.createPrivateEcdsaKey('P-256') });
    const account = await client.createAccount({ termsOfServiceAgreed: true, contact: ['mailto:ops@example.com'] });
    log.push(`account ${account.status} ${client.getAccountUrl()}`);
    const order = await client.createOrder({ identifiers: NAMES.map((value) => ({ type: 'dns', value })) });
    log.push(`order ${order.status} ${order.url}`);
    for (const authz of await client.getAuthorizations(order)) {
      const challenge = authz.challenges.find((c) => c.type === 'http-01')!;
      answers.set(challenge.token, await client.getChallengeKeyAuthorization(challenge));
      await client.completeChallenge(challenge);
      const done = await client.waitForValidStatus(challenge);
      log.push(`http-01 ${authz.identifier.value} ${done.status}`);
    }
    const [key, csr] = await acme.crypto.createCsr({ altNames: NAMES }, await acme.crypto.createPrivateEcdsaKey('P-256'));
    const finalized = await client.finalizeOrder(order, csr);
    log.push(`finalize ${finalized.status}`);
    const chain = await client.getCertificate(finalized);
    const info = acme.crypto.readCertificateInfo(chain);
    log.push(`certificate ${info.domains.commonName} [${info.domains.altNames.join(', ')}] until ${info.notAfter.toISOString()}`);
    // A CRL is published (and cached by the handler) before the revocation.
    const before = await fetch(`${origin}/crl/ca.crl`);
    log.push(`crl before ${before.status} ${parseCrl(new Uint8Array(await before.arrayBuffer())).thisUpdate.toISOString()}`);
    await client.revokeCertificate(chain, { reason: 1 });
    const [record] = await ca.list({ status: 'revoked' });
    log.push(`revoked ${record?.serial} ${record?.revocation?.reason}`);
    // The CRL the handler serves now lists it.
    const crlRes = await fetch(`${origin}/crl/ca.crl`);
    const entry = crlRes.ok ? findCrlEntry(parseCrl(new Uint8Array(await crlRes.arrayBuffer())), BigInt(`0x${record?.serial ?? 0}`)) : undefined;
    const crlReason = entry ? (getExtension(entry, reasonCodeCodec) ?? 'none') : `not listed (HTTP ${crlRes.status})`;
    log.push(`crl after revocation: ${crlReason}`);
    const result = {
      runtime: server.runtime,
      chain,
      root: certificateToPem(h.root.certificate),
      keyIsPem: key.toString().includes('PRIVATE KEY'),
      validations,
      log,
      revoked: record ? { serial: record.serial, reason: record.revocation?.reason, crlReason } : null,
    };
    console.log(`RESULT ${JSON.stringify(result)}`);
  } finally {
    await server.stop();
  }
}

main().then(
  () => (typeof Deno !== 'undefined' ? Deno.exit(0) : globalThis.process.exit(0)),
  (e: unknown) => {
    console.error('acme-client order failed:', e);
    if (typeof Deno !== 'undefined') Deno.exit(1);
    globalThis.process.exit(1);
  },
);
