/**
 * An in-process ACME client for test/acme-*.test.ts: signs requests with certkit's own signers
 * (signAcmeRequest), keeps the last Replay-Nonce, and serves http-01 answers from a map that the
 * server's fetcher reads.
 */
import { generateKeyPair, signerFromPrivateKey, type KeyPairAlgorithm, type PrivateKey, type Signer } from '../src/index';
import { parsePublicKey } from '../src/keys/index';
import { keyAuthorization, signAcmeRequest } from '../src/acme/index';
import { makeFixture, BASE, type Fixture } from './server-fixture';
import { CsrBuilder } from '../src/index';

export const DIR = `${BASE}/acme/directory`;

/** What the "client's web server" answers at /.well-known/acme-challenge/<token>. */
export type Served = Map<string, string>;

export async function acmeFixture(extra: Record<string, unknown> = {}): Promise<Fixture & { served: Served; fetched: string[] }> {
  const served: Served = new Map();
  const fetched: string[] = [];
  const f = await makeFixture({
    acme: {
      http01Fetch: async (url: string) => {
        fetched.push(url);
        const token = url.split('/').pop()!;
        const body = served.get(token);
        return body === undefined ? new Response('nope', { status: 404 }) : new Response(body);
      },
      ...extra,
    },
  });
  return { ...f, served, fetched };
}

export class TestClient {
  nonce: string | undefined;
  kid: string | undefined;
  dir!: Record<string, string>;
  constructor(
    readonly f: Fixture,
    readonly key: PrivateKey,
    readonly signer: Signer,
  ) {}

  static async create(f: Fixture, alg: KeyPairAlgorithm = 'P-256', signerOptions: Parameters<typeof signerFromPrivateKey>[1] = {}): Promise<TestClient> {
    const key = (await generateKeyPair(alg)).privateKey;
    const c = new TestClient(f, key, signerFromPrivateKey(key, signerOptions));
    c.dir = (await (await f.service.handle(new Request(DIR))).json()) as Record<string, string>;
    return c;
  }

  get publicKey() {
    return parsePublicKey(this.signer.publicKey);
  }

  async freshNonce(): Promise<string> {
    const res = await this.f.service.handle(new Request(this.dir.newNonce!, { method: 'HEAD' }));
    return res.headers.get('replay-nonce')!;
  }

  async raw(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const res = await this.f.service.handle(
      new Request(url, { method: 'POST', headers: { 'content-type': 'application/jose+json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) }),
      { remoteAddress: '192.0.2.9' },
    );
    const n = res.headers.get('replay-nonce');
    if (n) this.nonce = n;
    return res;
  }

  async jws(url: string, payload: unknown, header: Record<string, unknown> = {}, useJwk = this.kid === undefined): Promise<Record<string, string>> {
    const nonce = this.nonce ?? (await this.freshNonce());
    this.nonce = undefined;
    return signAcmeRequest(this.signer, { url, nonce, ...(useJwk ? {} : { kid: this.kid }), ...header } as { url: string }, payload);
  }

  async post(url: string, payload: unknown, header: Record<string, unknown> = {}, useJwk?: boolean): Promise<Response> {
    return this.raw(url, await this.jws(url, payload, header, useJwk));
  }

  async register(payload: Record<string, unknown> = { termsOfServiceAgreed: true }): Promise<Response> {
    const res = await this.post(this.dir.newAccount!, payload, {}, true);
    if (res.status === 201 || res.status === 200) this.kid = res.headers.get('location')!;
    return res;
  }

  keyAuthorization(token: string): string {
    return keyAuthorization(token, this.publicKey);
  }

  /** newOrder → answer every http-01 → ready order (json and url). */
  async readyOrder(served: Served, identifiers: { type: string; value: string }[]): Promise<{ order: Record<string, unknown>; url: string }> {
    const res = await this.post(this.dir.newOrder!, { identifiers });
    if (res.status !== 201) throw new Error(`newOrder: ${res.status} ${await res.text()}`);
    const url = res.headers.get('location')!;
    const order = (await res.json()) as { authorizations: string[] };
    for (const a of order.authorizations) {
      const z = (await (await this.post(a, undefined)).json()) as { challenges: { type: string; url: string; token: string }[] };
      const ch = z.challenges.find((c) => c.type === 'http-01')!;
      served.set(ch.token, this.keyAuthorization(ch.token));
      const r = await this.post(ch.url, {});
      if (r.status !== 200) throw new Error(`challenge: ${r.status} ${await r.text()}`);
    }
    return { order: (await (await this.post(url, undefined)).json()) as Record<string, unknown>, url };
  }
}

export async function csrFor(names: string[], subject: Record<string, string> | undefined = undefined, key?: PrivateKey): Promise<{ der: Uint8Array; key: PrivateKey }> {
  const k = key ?? (await generateKeyPair('P-256')).privateKey;
  let b = CsrBuilder.create().subject(subject ?? {});
  if (names.length > 0) b = b.subjectAltNames(...names);
  return { der: (await b.sign(signerFromPrivateKey(k))).raw, key: k };
}
