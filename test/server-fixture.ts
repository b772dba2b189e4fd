/**
 * The service under test, in-process: a root and an issuing CA with the fixed clock, profiles
 * that embed the service's publication URLs, an AuthStore with one EST user and three tokens,
 * and helpers that build `Request`s and read EST responses. Shared by test/server-*.test.ts.
 */
import { BUILTIN_PROFILES, CertificateAuthority, MemoryCaStore, createHierarchy, type CaStore, type Hierarchy } from '../src/ca/index';
import { parseSignedData } from '../src/cms/index';
import { CsrBuilder, generateKeyPair, parseCertificate, signerFromPrivateKey, type Certificate, type PrivateKey } from '../src/index';
import { MemoryAuthStore, createCaService, estBase64, withPublicationUrls, type CaService, type CaServiceOptions } from '../src/server/index';
import { decodeBase64 } from '../src/pem/index';

export const NOW = new Date('2026-03-01T12:00:00Z');
export const BASE = 'http://ca.test';

export interface Fixture {
  h: Hierarchy;
  ca: CertificateAuthority;
  store: CaStore;
  auth: MemoryAuthStore;
  service: CaService;
  tokens: { alice: string; bob: string; admin: string };
  clock: { now: Date };
}

let shared: Hierarchy | undefined;

export async function makeFixture(options: Partial<CaServiceOptions> & { store?: CaStore } = {}): Promise<Fixture> {
  const clock = { now: new Date(NOW.getTime()) };
  shared ??= await createHierarchy({
    root: { subject: { CN: 'Server Test Root', O: 'certkit tests' } },
    intermediate: { subject: { CN: 'Server Test Issuing CA', O: 'certkit tests' } },
    clock: () => new Date(NOW.getTime()),
  });
  const h = shared;
  const store = options.store ?? new MemoryCaStore();
  const ca = new CertificateAuthority({
    certificate: h.intermediate.certificate,
    signer: signerFromPrivateKey(h.intermediateKey),
    store,
    chain: [h.root.certificate],
    profiles: Object.values(BUILTIN_PROFILES).map((p) => withPublicationUrls(p, BASE)),
    clock: () => new Date(clock.now.getTime()),
  });
  const auth = new MemoryAuthStore();
  await auth.addUser('device-1', 'pass-1', { logN: 10 });
  const tokens = { alice: auth.addToken('alice', 'requester'), bob: auth.addToken('bob', 'requester'), admin: auth.addToken('root-admin', 'admin') };
  const service = createCaService({
    ca,
    auth,
    baseUrl: BASE,
    now: () => new Date(clock.now.getTime()),
    labels: { web: { profile: 'tls-server' }, iot: { profile: 'tls-client' }, roam: { profile: 'tls-client', allowNameChange: true } },
    maxBodyBytes: 8192,
    ...options,
  });
  return { h, ca, store, auth, service, tokens, clock };
}

export async function p256(): Promise<PrivateKey> {
  return (await generateKeyPair('P-256')).privateKey;
}

export async function csrDer(key: PrivateKey, subject: Record<string, string> | string = { CN: 'device-1' }, sans: string[] = []): Promise<Uint8Array> {
  let b = CsrBuilder.create().subject(subject);
  if (sans.length > 0) b = b.subjectAltNames(...sans);
  return (await b.sign(signerFromPrivateKey(key))).raw;
}

export function basic(user: string, password: string): string {
  return `Basic ${btoa(`${user}:${password}`)}`;
}

export function estPost(path: string, der: Uint8Array | string, headers: Record<string, string> = {}): Request {
  return new Request(`${BASE}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/pkcs10', 'content-transfer-encoding': 'base64', ...headers },
    body: typeof der === 'string' ? der : estBase64(der),
  });
}

export function api(path: string, token: string | undefined, init: { method?: string; json?: unknown; headers?: Record<string, string> } = {}): Request {
  const headers: Record<string, string> = { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers ?? {}) };
  if (init.json !== undefined) headers['content-type'] ??= 'application/json';
  return new Request(`${BASE}${path}`, {
    method: init.method ?? (init.json !== undefined ? 'POST' : 'GET'),
    headers,
    ...(init.json !== undefined ? { body: typeof init.json === 'string' ? init.json : JSON.stringify(init.json) } : {}),
  });
}

/** The certificates of an EST certs-only response body (base64 of a degenerate SignedData). */
export function certsOf(text: string): Certificate[] {
  return parseSignedData(decodeBase64(text.replace(/\s+/g, ''))).certificates.map((d) => parseCertificate(d));
}

export async function errorOf(res: Response): Promise<{ code: string; message: string; findings?: { code: string }[] }> {
  const j = (await res.json()) as { error: { code: string; message: string; findings?: { code: string }[] } };
  return j.error;
}
