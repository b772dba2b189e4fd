/**
 * When the CA's store is down (a database restarting: `store-unavailable`), the service answers
 * 503 with Retry-After and a message that names nothing of the store, and records nothing.
 */
import { describe, expect, it } from 'vitest';
import { CaError, MemoryCaStore, type CertificateRecord, type CommitOptions } from '../src/ca/index';
import { api, csrDer, makeFixture, p256 } from './server-fixture';
import { csrToPem, parseCsr } from '../src/csr/index';

class FlakyStore extends MemoryCaStore {
  down = false;
  override async commitIssuance(record: CertificateRecord, options: CommitOptions): Promise<void> {
    if (this.down) throw new CaError('store-unavailable', 'the CA database is unavailable (connect ECONNREFUSED 10.0.0.5:5432); nothing was half-written, retry');
    return super.commitIssuance(record, options);
  }
}

describe('the store is unavailable', () => {
  it('503 with Retry-After, no detail of the store, nothing recorded; then it works again', async () => {
    const store = new FlakyStore();
    const f = await makeFixture({ store });
    const pem = csrToPem(parseCsr(await csrDer(await p256(), { CN: 'db.example' }, ['db.example'])));
    store.down = true;
    const res = await f.service.handle(api('/api/v1/certificates', f.tokens.alice, { json: { csr: pem, profile: 'tls-server' } }));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('service-unavailable');
    expect(body.error.message).not.toMatch(/10\.0\.0\.5|ECONNREFUSED|5432/);
    expect(await store.list()).toHaveLength(0);
    store.down = false;
    const ok = await f.service.handle(api('/api/v1/certificates', f.tokens.alice, { json: { csr: pem, profile: 'tls-server' } }));
    expect(ok.status).toBe(201);
    expect(await store.list()).toHaveLength(1);
  });
});
