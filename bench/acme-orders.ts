/**
 * ACME throughput, in-process: complete orders per second (newOrder → http-01 → finalize →
 * download) with N concurrent accounts against createCaService({ acme }), the http-01 fetcher
 * answering from memory (no sockets), P-256 account and certificate keys, a MemoryCaStore.
 * The ACME store is the 4th argument: `memory` (default), `fs` (FsAcmeStore in a temporary
 * directory), `pg` (PostgresAcmeStore in a throwaway cluster, test/pg-cluster.ts), or several
 * separated by commas, run interleaved in each round (an A/B on the same loaded machine).
 * Usage: npx tsx bench/acme-orders.ts [accounts=20] [ordersPerAccount=5] [rounds=3] [stores=memory]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryAcmeStore, type AcmeStore } from '../src/acme/index';
import { FsAcmeStore } from '../src/node/index';
import { PostgresCaStore } from '../src/store/postgres/index';
import { BUILTIN_PROFILES, CertificateAuthority, MemoryCaStore, createHierarchy } from '../src/ca/index';
import { base64url, keyAuthorization, signAcmeRequest } from '../src/acme/index';
import { CsrBuilder, generateKeyPair, signerFromPrivateKey } from '../src/index';
import { parsePublicKey } from '../src/keys/index';
import { MemoryAuthStore, createCaService } from '../src/server/index';

const [accounts = 20, perAccount = 5, rounds = 3] = process.argv.slice(2, 5).map(Number);
const kinds = (process.argv[5] ?? 'memory').split(',');
const BASE = 'http://ca.bench';

let pgCluster: { url(db: string): string; createDatabase(db: string): void; stop(): void } | undefined;
let pgN = 0;
async function openStore(kind: string): Promise<{ store: AcmeStore; close: () => Promise<void> }> {
  if (kind === 'memory') return { store: new MemoryAcmeStore(), close: async () => undefined };
  if (kind === 'fs') {
    const dir = mkdtempSync(join(tmpdir(), 'certkit-bench-acme-'));
    return { store: await FsAcmeStore.open(dir), close: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  if (kind === 'pg') {
    pgCluster ??= (await import('../test/pg-cluster')).startCluster();
    const db = `bench_${++pgN}`;
    pgCluster.createDatabase(db);
    const s = await PostgresCaStore.open(pgCluster.url(db), { max: 20 });
    return { store: s.acmeStore(), close: () => s.close() };
  }
  throw new Error(`unknown store ${kind} (memory, fs, pg)`);
}

async function main(): Promise<void> {
  const h = await createHierarchy({ root: { subject: { CN: 'Bench Root' } }, intermediate: { subject: { CN: 'Bench Issuing' } } });
  for (let round = 1; round <= rounds; round++)
    for (const kind of kinds) {
      const acmeStore = await openStore(kind);
      const served = new Map<string, string>();
      const ca = new CertificateAuthority({
        certificate: h.intermediate.certificate,
        signer: signerFromPrivateKey(h.intermediateKey),
        store: new MemoryCaStore(),
        chain: [h.root.certificate],
        profiles: Object.values(BUILTIN_PROFILES),
      });
      const service = createCaService({
        ca,
        auth: new MemoryAuthStore(),
        baseUrl: BASE,
        acme: { store: acmeStore.store, http01Fetch: async (url) => new Response(served.get(url.split('/').pop()!) ?? '', { status: served.has(url.split('/').pop()!) ? 200 : 404 }) },
      });
      const dir = (await (await service.handle(new Request(`${BASE}/acme/directory`))).json()) as Record<string, string>;
      const nonceOf = async (): Promise<string> => (await service.handle(new Request(dir.newNonce!, { method: 'HEAD' }))).headers.get('replay-nonce')!;
      const clients = await Promise.all(
        Array.from({ length: accounts }, async () => {
          const key = (await generateKeyPair('P-256')).privateKey;
          const signer = signerFromPrivateKey(key);
          let nonce = await nonceOf();
          let kid: string | undefined;
          const post = async (url: string, payload: unknown): Promise<Response> => {
            const body = await signAcmeRequest(signer, { url, nonce, ...(kid ? { kid } : {}) }, payload);
            const res = await service.handle(new Request(url, { method: 'POST', headers: { 'content-type': 'application/jose+json' }, body: JSON.stringify(body) }));
            nonce = res.headers.get('replay-nonce')!;
            return res;
          };
          kid = (await post(dir.newAccount!, { termsOfServiceAgreed: true })).headers.get('location')!;
          const certKey = (await generateKeyPair('P-256')).privateKey;
          return { post, pub: parsePublicKey(signer.publicKey), certKey };
        }),
      );
      let done = 0;
      const t0 = performance.now();
      await Promise.all(
        clients.map(async (c, i) => {
          for (let k = 0; k < perAccount; k++) {
            const name = `host${k}.acct${i}.bench.example`;
            const order = (await (await c.post(dir.newOrder!, { identifiers: [{ type: 'dns', value: name }] })).json()) as { authorizations: string[]; finalize: string };
            const z = (await (await c.post(order.authorizations[0]!, undefined)).json()) as { challenges: { url: string; token: string }[] };
            served.set(z.challenges[0]!.token, keyAuthorization(z.challenges[0]!.token, c.pub));
            await c.post(z.challenges[0]!.url, {});
            const csr = (await CsrBuilder.create().subject({}).subjectAltNames(name).sign(signerFromPrivateKey(c.certKey))).raw;
            const fin = (await (await c.post(order.finalize, { csr: base64url(csr) })).json()) as { status: string; certificate: string };
            if (fin.status !== 'valid') throw new Error(`order not valid: ${JSON.stringify(fin)}`);
            const pem = await (await c.post(fin.certificate, undefined)).text();
            if (!pem.startsWith('-----BEGIN CERTIFICATE-----')) throw new Error('no certificate');
            done++;
          }
        }),
      );
      const s = (performance.now() - t0) / 1000;
      console.log(`round ${round} ${kind}: ${done} orders, ${accounts} concurrent accounts, ${s.toFixed(2)} s, ${(done / s).toFixed(1)} orders/s`);
      await acmeStore.close();
    }
  pgCluster?.stop();
}

void main();
