/**
 * `verifyChain(leaf, { onlineRevocation })` against certkit's own service, in-process through a
 * `fetch` that calls its handler: OCSP from the AIA URL and CRLs from the distribution point, in
 * the caller's order; stapled responses; the cache until nextUpdate; revoked always fails;
 * hard-fail and soft-fail when nothing answers (fetch failing, over the size cap, over the time
 * budget), each reported with the certificate and the check that answered.
 */
import { describe, expect, it } from 'vitest';
import { BUILTIN_PROFILES, CertificateAuthority, MemoryCaStore } from '../src/ca/index';
import { createCertId, encodeOcspRequest } from '../src/ocsp/index';
import { RevocationCache, ValidationError, onlineRevocation, verifyChain, verifyChainSync, type OnlineRevocationOptions } from '../src/path/index';
import { MemoryAuthStore, createCaService, withPublicationUrls } from '../src/server/index';
import { signerFromPrivateKey } from '../src/sig/index';
import { BASE, NOW, csrDer, makeFixture, p256 } from './server-fixture';

async function setup() {
  const { h } = await makeFixture();
  const ca = new CertificateAuthority({
    certificate: h.intermediate.certificate,
    signer: signerFromPrivateKey(h.intermediateKey),
    store: new MemoryCaStore(),
    chain: [h.root.certificate],
    profiles: Object.values(BUILTIN_PROFILES).map((p) => withPublicationUrls(p, BASE, 'ca', { ocsp: true })),
    clock: () => NOW,
  });
  const service = createCaService({ ca, auth: new MemoryAuthStore(), baseUrl: BASE, now: () => NOW, ocsp: { signer: signerFromPrivateKey(h.intermediateKey) } });
  const calls: string[] = [];
  const fetch = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push(`${init?.method ?? 'GET'} ${String(url)}`);
    return service.handle(new Request(url, init));
  }) as typeof globalThis.fetch;
  const leaf = (await ca.issue(await csrDer(await p256(), { CN: 'leaf' }), { profile: 'tls-client' })).certificate;
  const base = { anchors: [h.root.certificate], intermediates: [h.intermediate.certificate], time: NOW };
  return { h, ca, service, fetch, calls, leaf, base };
}

async function fails(p: Promise<unknown>): Promise<ValidationError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return e as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('verifyChain with onlineRevocation', () => {
  it('asks the AIA OCSP responder, reports which check answered for which certificate, and caches until nextUpdate', async () => {
    const s = await setup();
    const cache = new RevocationCache();
    const o: OnlineRevocationOptions = { failure: 'soft', fetch: s.fetch, cache };
    const r = await verifyChain(s.leaf, { ...s.base, onlineRevocation: onlineRevocation(o) });
    expect(r.revocationChecks).toHaveLength(2);
    expect(r.revocationChecks![0]).toMatchObject({ certIndex: 0, subject: 'CN=leaf', status: 'good', source: 'ocsp', url: `${BASE}/ocsp` });
    // the intermediate (made by createHierarchy) names no responder and no CRL: unknown, soft-fail
    expect(r.revocationChecks![1]).toMatchObject({ certIndex: 1, status: 'unknown' });
    expect(r.revocationChecks![1]!.attempts.join(' ')).toMatch(/no responder URL/);
    expect(s.calls).toEqual([`POST ${BASE}/ocsp`]);
    const again = await verifyChain(s.leaf, { ...s.base, onlineRevocation: onlineRevocation(o) });
    expect(again.revocationChecks![0]).toMatchObject({ status: 'good', source: 'ocsp', cached: true });
    expect(s.calls).toHaveLength(1);
    // past nextUpdate (24 h) the cached answer is not used
    await verifyChain(s.leaf, { ...s.base, time: new Date(NOW.getTime() + 25 * 3_600_000), onlineRevocation: onlineRevocation({ ...o, fetch: false }) }).catch(() => undefined);
    expect(cache.size).toBe(0);
  });

  it('hard-fail: a certificate nobody answers for fails the path as revocation-unknown; leafOnly checks only the end entity', async () => {
    const s = await setup();
    const e = await fails(verifyChain(s.leaf, { ...s.base, onlineRevocation: onlineRevocation({ failure: 'hard', fetch: s.fetch }) }));
    expect(e.code).toBe('revocation-unknown');
    expect(e.certIndex).toBe(1);
    const ok = await verifyChain(s.leaf, { ...s.base, onlineRevocation: onlineRevocation({ failure: 'hard', fetch: s.fetch, leafOnly: true }) });
    expect(ok.revocationChecks!.map((c) => c.status)).toEqual(['good']);
    const down = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    const e2 = await fails(verifyChain(s.leaf, { ...s.base, onlineRevocation: onlineRevocation({ failure: 'hard', fetch: down, leafOnly: true }) }));
    expect(e2.code).toBe('revocation-unknown');
    expect(e2.message).toMatch(/fetch failed/);
    const soft = await verifyChain(s.leaf, { ...s.base, onlineRevocation: onlineRevocation({ failure: 'soft', fetch: down, leafOnly: true }) });
    expect(soft.revocationChecks![0]!.status).toBe('unknown');
    expect(soft.revocationChecks![0]!.attempts).toHaveLength(2); // OCSP, then the CRL
  });

  it('revoked fails under soft-fail too, by OCSP and by the fetched CRL', async () => {
    const s = await setup();
    await s.ca.revoke(s.leaf.serialNumber, 'keyCompromise');
    await s.service.publishCrl();
    for (const methods of [
      ['ocsp', 'crl'],
      ['crl', 'ocsp'],
    ] as const) {
      const e = await fails(verifyChain(s.leaf, { ...s.base, onlineRevocation: onlineRevocation({ failure: 'soft', fetch: s.fetch, methods, leafOnly: true }) }));
      expect(e.code).toBe('revoked');
      expect(e.certIndex).toBe(0);
      expect(e.message).toMatch(methods[0] === 'ocsp' ? /says ocsp http:\/\/ca\.test\/ocsp/ : /says crl-fetched http:\/\/ca\.test\/crl\/ca\.crl/);
      expect(e.message).toMatch(/keyCompromise/);
    }
  });

  it('uses stapled responses without fetching, and CRLs given by the caller', async () => {
    const s = await setup();
    const { der } = encodeOcspRequest([createCertId(s.h.intermediate.certificate, s.leaf)]);
    const res = await s.service.handle(new Request(`${BASE}/ocsp`, { method: 'POST', body: der as Uint8Array<ArrayBuffer>, headers: { 'content-type': 'application/ocsp-request' } }));
    const stapled = new Uint8Array(await res.arrayBuffer());
    const r = await verifyChain(s.leaf, { ...s.base, onlineRevocation: onlineRevocation({ failure: 'hard', fetch: false, stapled: [stapled], leafOnly: true }) });
    expect(r.revocationChecks![0]).toMatchObject({ status: 'good', source: 'ocsp-stapled' });
    const crl = await s.ca.generateCrl({ days: 7 });
    const c = await verifyChain(s.leaf, { ...s.base, onlineRevocation: onlineRevocation({ failure: 'hard', fetch: false, crls: [crl.raw], methods: ['crl'], leafOnly: true }) });
    expect(c.revocationChecks![0]).toMatchObject({ status: 'good', source: 'crl' });
    expect(() => verifyChainSync(s.leaf, { ...s.base, onlineRevocation: onlineRevocation({ failure: 'soft' }) })).toThrow(TypeError);
    // The failure mode is an explicit choice, checked when the checker is made; a hand-made object is refused.
    expect(() => onlineRevocation({} as OnlineRevocationOptions)).toThrow(/failure/);
    await expect(verifyChain(s.leaf, { ...s.base, onlineRevocation: { failure: 'soft' } as unknown as ReturnType<typeof onlineRevocation> })).rejects.toThrow(/onlineRevocation\(\{ failure/);
  });

  it('keeps to the size cap and the time budget', async () => {
    const s = await setup();
    const small = await verifyChain(s.leaf, { ...s.base, onlineRevocation: onlineRevocation({ failure: 'soft', fetch: s.fetch, maxResponseBytes: 64, leafOnly: true }) });
    expect(small.revocationChecks![0]!.status).toBe('unknown');
    expect(small.revocationChecks![0]!.attempts.join(' ')).toMatch(/maxResponseBytes/);
    let aborted = 0;
    const hang = ((_u: unknown, init?: RequestInit) =>
      new Promise<Response>((_res, rej) => {
        init?.signal?.addEventListener('abort', () => (aborted++, rej(init.signal!.reason)));
      })) as typeof fetch;
    const slow = await verifyChain(s.leaf, { ...s.base, onlineRevocation: onlineRevocation({ failure: 'soft', fetch: hang, timeoutMs: 50, leafOnly: true }) });
    expect(slow.revocationChecks![0]!.status).toBe('unknown');
    expect(aborted).toBeGreaterThanOrEqual(1);
    expect(slow.revocationChecks![0]!.attempts.join(' ')).toMatch(/TimeoutError|budget/);
  });
});
