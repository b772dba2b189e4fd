/**
 * The CA handler as every runtime runs it in `test/runtimes/serve-runtimes.test.ts` (and the snippet
 * `docs/server.md` shows): `certkit/server`'s `createCaService` over a `MemoryCaStore`, a root
 * and an issuing CA made on the first request (Workers allow no random numbers at start-up), the
 * CRL and AIA URLs under the origin of that request, one EST user and one admin API token with
 * fixed test credentials. Bundled by the test into one ESM file (platform neutral, no Node
 * built-ins) and served with `Deno.serve`, `Bun.serve`, workerd and `certkit/node`.
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { BUILTIN_PROFILES, CertificateAuthority, MemoryCaStore, createHierarchy } from '../../../src/ca/index';
import { toHex } from '../../../src/der/index';
import { createCaService, MemoryAuthStore, withPublicationUrls, type CaService, type RequestContext } from '../../../src/server/index';
import { signerFromPrivateKey } from '../../../src/sig/index';

/** Test credentials (a throwaway CA in memory; nothing to protect). */
export const EST_USER = 'device';
export const EST_PASSWORD = 'device-password';
export const ADMIN_TOKEN = 'ckt_0123456789abcdef01_runtimes-test-token-runtimes-test-token-123';

let service: Promise<CaService> | undefined;

async function start(origin: string): Promise<CaService> {
  const h = await createHierarchy({ root: { subject: { CN: 'Runtime Test Root', O: 'certkit' } }, intermediate: { subject: { CN: 'Runtime Test Issuing CA', O: 'certkit' } } });
  const ca = new CertificateAuthority({
    certificate: h.intermediate.certificate,
    signer: signerFromPrivateKey(h.intermediateKey),
    store: new MemoryCaStore(),
    chain: [h.root.certificate],
    profiles: Object.values(BUILTIN_PROFILES).map((p) => withPublicationUrls(p, origin)),
  });
  const auth = new MemoryAuthStore();
  await auth.addUser(EST_USER, EST_PASSWORD, { logN: 10 });
  auth.saveToken({ id: ADMIN_TOKEN.slice(4, 22), principal: 'runtime-admin', role: 'admin', created: new Date().toISOString(), hash: toHex(sha256(new TextEncoder().encode(ADMIN_TOKEN))) });
  return createCaService({ ca, auth, baseUrl: origin, labels: { routers: { profile: 'tls-client' } } });
}

/**
 * The handler: `(Request, context?) => Promise<Response>`, as every runtime calls it.
 * @example
 * ```ts
 * Deno.serve((req, info) => handler(req, { remoteAddress: info.remoteAddr.hostname }));
 * ```
 */
export async function handler(request: Request, context?: RequestContext): Promise<Response> {
  service ??= start(new URL(request.url).origin);
  return (await service).handle(request, context);
}
