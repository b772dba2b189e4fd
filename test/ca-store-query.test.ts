/**
 * The CA store's requester metadata, audit log and cursor-paged queries, on both stores
 * (MemoryCaStore and the file-system store give the same answers): every filter, paging that
 * returns each record once, malformed cursors and limits refused, metadata bounds, and the audit
 * entries the CA writes for issuance, refusal, revocation and CRLs.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CertificateAuthority, MemoryCaStore, checkRequesterMetadata, createHierarchy, queryRecords, type CaStore, type CertificateRecord, type Hierarchy } from '../src/ca/index';
import { FsCaStore } from '../src/node/fs-store';
import { CsrBuilder, generateKeyPair, signerFromPrivateKey } from '../src/index';

const NOW = new Date('2026-02-01T00:00:00Z');
let h: Hierarchy;
beforeAll(async () => {
  h = await createHierarchy({ root: { subject: { CN: 'Q Root' } }, intermediate: { subject: { CN: 'Q CA' } }, clock: () => NOW });
});

async function populate(store: CaStore): Promise<CertificateAuthority> {
  let t = NOW.getTime();
  const ca = new CertificateAuthority({ certificate: h.intermediate.certificate, signer: signerFromPrivateKey(h.intermediateKey), store, chain: [h.root.certificate], clock: () => new Date(t) });
  const people = ['alice', 'bob', 'carol'];
  for (let i = 0; i < 9; i++) {
    t += 60_000; // one minute apart: a total order by issuedAt
    const key = (await generateKeyPair('P-256')).privateKey;
    const server = i % 3 === 0;
    let b = CsrBuilder.create().subject({ CN: server ? `host-${i}.example` : `user-${i}` });
    if (server) b = b.subjectAltNames(`host-${i}.example`);
    const csr = await b.sign(signerFromPrivateKey(key));
    await ca.issue(csr, {
      profile: server ? 'tls-server' : 'tls-client',
      validity: 10 + i,
      requester: { principal: people[i % 3]!, method: i % 2 ? 'api' : 'est', metadata: { os: i < 4 ? 'Linux' : 'Windows', idx: String(i) } },
    });
  }
  const list = await store.list();
  t += 60_000;
  await ca.revoke(list.find((r) => r.subject === 'CN=user-4')!.serial, 'superseded', { principal: 'ops' });
  await ca.generateCrl({ principal: 'ops' });
  const bad = await CsrBuilder.create()
    .subject({ CN: 'nosan' })
    .sign(signerFromPrivateKey((await generateKeyPair('P-256')).privateKey));
  await expect(ca.issue(bad, { profile: 'tls-server', requester: { principal: 'bob', method: 'api' } })).rejects.toMatchObject({ code: 'issuance-refused' });
  return ca;
}

const stores: [string, () => Promise<CaStore>][] = [
  ['MemoryCaStore', async () => new MemoryCaStore()],
  ['FsCaStore', async () => FsCaStore.open(fs.mkdtempSync(path.join(os.tmpdir(), 'certkit-q-')))],
];

describe.each(stores)('%s', (_name, make) => {
  let store: CaStore;
  beforeAll(async () => {
    store = await make();
    await populate(store);
  });
  const subjects = (rs: CertificateRecord[]): string[] => rs.map((r) => r.subject);
  const at = new Date(NOW.getTime() + 12 * 86_400_000); // the first two have expired by then

  it('filters by status, profile, text, expiry, requester, method and metadata', async () => {
    const q = async (filters: object): Promise<string[]> => subjects((await store.query({ filters, at, limit: 1000 })).records);
    expect(await q({ status: 'revoked' })).toEqual(['CN=user-4']);
    expect(await q({ status: 'expired' })).toEqual(['CN=host-0.example', 'CN=user-1']);
    expect((await q({ status: 'active' })).length).toBe(6);
    expect(await q({ profile: 'tls-server' })).toEqual(['CN=host-0.example', 'CN=host-3.example', 'CN=host-6.example']);
    expect(await q({ text: 'HOST-6' })).toEqual(['CN=host-6.example']);
    expect(await q({ text: 'dns:host-3' })).toEqual(['CN=host-3.example']);
    expect(await q({ expiringBefore: new Date(NOW.getTime() + 13.5 * 86_400_000) })).toEqual(['CN=host-0.example', 'CN=user-1', 'CN=user-2', 'CN=host-3.example']);
    expect(await q({ requester: 'carol' })).toEqual(['CN=user-2', 'CN=user-5', 'CN=user-8']);
    expect(await q({ method: 'api', requester: 'bob' })).toEqual(['CN=user-1', 'CN=user-7']);
    expect(await q({ metadata: { os: 'lin', idx: '3' } })).toEqual(['CN=host-3.example']);
    expect(await q({ metadata: { nope: 'x' } })).toEqual([]);
  });

  it('pages with a cursor: each record once, in issuance order; bad cursors and limits are refused', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.query({ limit: 4, ...(cursor ? { cursor } : {}) });
      expect(page.records.length).toBeLessThanOrEqual(4);
      seen.push(...subjects(page.records));
      cursor = page.next;
    } while (cursor !== undefined);
    expect(seen).toEqual(subjects((await store.query({ limit: 1000 })).records));
    expect(seen).toHaveLength(9);
    await expect(store.query({ cursor: 'garbage' })).rejects.toThrow(RangeError);
    await expect(store.query({ limit: 0 })).rejects.toThrow(RangeError);
    await expect(store.query({ limit: 1001 })).rejects.toThrow(RangeError);
    await expect(store.listAudit({ cursor: 'garbage' })).rejects.toThrow(RangeError);
  });

  it('keeps the requester on each record and every issuance, refusal, revocation and CRL in the audit log', async () => {
    const r = (await store.query({ filters: { text: 'user-5' } })).records[0]!;
    expect(r.requester).toEqual({ principal: 'carol', method: 'api', metadata: { os: 'Windows', idx: '5' } });
    const all: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.listAudit({ limit: 5, ...(cursor ? { cursor } : {}) });
      all.push(...page.entries.map((e) => `${e.action}:${e.principal}`));
      cursor = page.next;
    } while (cursor !== undefined);
    expect(all).toEqual(['issue:alice', 'issue:bob', 'issue:carol', 'issue:alice', 'issue:bob', 'issue:carol', 'issue:alice', 'issue:bob', 'issue:carol', 'revoke:ops', 'crl:ops', 'refuse:bob']);
    const refusal = (await store.listAudit({ limit: 1000 })).entries.at(-1)!;
    expect(refusal.findings!.some((f) => f.severity === 'error')).toBe(true);
  });
});

describe('requester metadata bounds', () => {
  it('takes up to 16 string values of up to 256 characters under simple keys', () => {
    expect(checkRequesterMetadata({ os: 'Linux', 'mac.addr': '00:11', desc_1: 'x'.repeat(256) })).toEqual({ os: 'Linux', 'mac.addr': '00:11', desc_1: 'x'.repeat(256) });
    expect(() => checkRequesterMetadata(Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v'])))).toThrow(RangeError);
    expect(() => checkRequesterMetadata({ note: 'x'.repeat(257) })).toThrow(RangeError);
    expect(() => checkRequesterMetadata({ '1bad': 'v' })).toThrow(RangeError);
    expect(() => checkRequesterMetadata({ 'a b': 'v' })).toThrow(RangeError);
    expect(() => checkRequesterMetadata({ note: 'line\nbreak' })).toThrow(RangeError);
    expect(() => checkRequesterMetadata({ n: 5 })).toThrow(TypeError);
    expect(() => checkRequesterMetadata(['a'])).toThrow(TypeError);
    expect(() => checkRequesterMetadata(null)).toThrow(TypeError);
  });

  it('queryRecords is the same function both stores use', () => {
    expect(queryRecords([], {})).toEqual({ records: [] });
  });
});
