/**
 * The store conformance suite: the same tests, with the same expected results, against every
 * CaStore (memory, file system, PostgreSQL). Each test-*.test.ts file calls
 * {@link describeStoreConformance} with a factory that returns a fresh, empty store.
 * The reference for queries is `queryRecords` over `list()`, the in-memory implementation.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CaError, CertificateAuthority, createHierarchy, queryRecords, type CaStore, type CertificateQuery, type CertificateRecord, type Hierarchy } from '../src/ca/index';
import { CrlBuilder, crlEntries, parseCrl } from '../src/crl/index';
import { CsrBuilder, generateKeyPair, signerFromPrivateKey } from '../src/index';

export type StoreFactory = () => Promise<CaStore & { close?: () => Promise<void> }>;

const T0 = Date.parse('2026-03-01T00:00:00.000Z');
const iso = (ms: number): string => new Date(ms).toISOString();

/** A synthetic record (the DER is not a certificate: stores never parse it). */
export function syntheticRecord(i: number, over: Partial<CertificateRecord> = {}): CertificateRecord {
  const der = new Uint8Array(64 + (i % 7));
  for (let k = 0; k < der.length; k++) der[k] = (i * 31 + k * 7) & 0xff;
  const people = ['alice', 'bob', 'carol', 'dave'];
  return {
    serial: (0x1000 + i * 13).toString(16),
    profile: i % 3 === 0 ? 'tls-server' : 'tls-client',
    subject: i % 3 === 0 ? `CN=Host-${i}.Example` : `CN=user-${i},O=Acme Ünïcode`,
    sans: i % 3 === 0 ? [`DNS:host-${i}.example`, `IP:192.0.2.${i % 250}`] : [],
    notBefore: iso(T0 + i * 60_000),
    notAfter: iso(T0 + (i % 5) * 86_400_000 + 86_400_000),
    issuedAt: iso(T0 + Math.floor(i / 2) * 60_000), // pairs share an issuedAt: the serial breaks the tie
    keyFingerprint: (i % 11).toString(16).padStart(64, '0'),
    der,
    ...(i % 4 === 3
      ? {}
      : {
          requester: {
            principal: people[i % 4]!,
            method: (['est', 'api', 'cli'] as const)[i % 3]!,
            address: '192.0.2.9',
            metadata: { os: i % 2 ? 'Linux 6.8' : 'Windows 11', idx: String(i) },
            ...(i % 5 === 4 ? { renewalOf: '1000' } : {}),
          },
        }),
    ...over,
  };
}

async function commit(store: CaStore, r: CertificateRecord, uniqueKey = false, now = new Date(T0)): Promise<void> {
  expect(await store.reserveSerial(r.serial)).toBe(true);
  await store.commitIssuance(r, { uniqueKey, now, audit: { time: r.issuedAt, action: 'issue', principal: r.requester?.principal ?? 'cli', serial: r.serial, profile: r.profile } });
}

async function all(store: CaStore, q: CertificateQuery): Promise<CertificateRecord[]> {
  const out: CertificateRecord[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await store.query({ ...q, ...(cursor !== undefined ? { cursor } : {}) });
    out.push(...page.records);
    if (page.next === undefined) return out;
    cursor = page.next;
  }
  throw new Error('query paging did not end');
}

/** Registers the conformance tests for one store. */
export function describeStoreConformance(name: string, make: StoreFactory): void {
  describe(`CaStore conformance: ${name}`, () => {
    let h: Hierarchy;
    beforeAll(async () => {
      h = await createHierarchy({ root: { subject: { CN: 'Conf Root' } }, intermediate: { subject: { CN: 'Conf CA' } }, clock: () => new Date(T0) });
    });
    const using = async (fn: (s: CaStore) => Promise<void>): Promise<void> => {
      const s = await make();
      try {
        await fn(s);
      } finally {
        await s.close?.();
      }
    };

    it('reserves a serial once, in canonical form, and only one of concurrent claims wins', () =>
      using(async (s) => {
        expect(await s.reserveSerial('00:7F:01')).toBe(true);
        expect(await s.reserveSerial('7f01')).toBe(false);
        expect(await s.reserveSerial('0x7F01')).toBe(false);
        const wins = await Promise.all(Array.from({ length: 8 }, () => s.reserveSerial('abcdef')));
        expect(wins.filter(Boolean)).toHaveLength(1);
        await expect(s.reserveSerial('0')).rejects.toBeInstanceOf(RangeError);
      }));

    it('commits a record that reads back exactly, refuses unreserved and reused serials', () =>
      using(async (s) => {
        const r = syntheticRecord(3, { requester: { principal: 'alice', method: 'api', userAgent: 'curl/8', metadata: { mac: '00:11:22:33:44:55' }, renewalOf: '77' } });
        await expect(s.commitIssuance(r, { uniqueKey: false, now: new Date(T0) })).rejects.toMatchObject({ code: 'serial-not-reserved' });
        await commit(s, r);
        expect(await s.get(r.serial)).toEqual(r);
        expect(await s.get('00:' + r.serial.toUpperCase())).toEqual(r);
        expect(await s.get('ffff')).toBeUndefined();
        await expect(s.commitIssuance(r, { uniqueKey: false, now: new Date(T0) })).rejects.toMatchObject({ code: 'serial-in-use' });
        expect(await s.list()).toHaveLength(1);
        const audit = (await s.listAudit()).entries;
        expect(audit.map((e) => [e.action, e.serial])).toEqual([['issue', r.serial]]);
      }));

    it('applies the duplicate-key rule inside the commit, also between concurrent commits', () =>
      using(async (s) => {
        const fp = 'ab'.repeat(32);
        const a = syntheticRecord(1, { keyFingerprint: fp });
        await commit(s, a, true);
        const b = syntheticRecord(2, { keyFingerprint: fp });
        expect(await s.reserveSerial(b.serial)).toBe(true);
        await expect(s.commitIssuance(b, { uniqueKey: true, now: new Date(T0), audit: { time: iso(T0), action: 'issue', principal: 'x' } })).rejects.toMatchObject({ code: 'duplicate-key' });
        expect(await s.get(b.serial)).toBeUndefined(); // nothing written, no audit entry either
        expect((await s.listAudit()).entries).toHaveLength(1);
        await s.commitIssuance(b, { uniqueKey: false, now: new Date(T0) }); // the profile allows reuse
        expect((await s.findByKey(fp)).map((r) => r.serial)).toEqual([a.serial, b.serial]);
        // After expiry, the key is free again.
        const c = syntheticRecord(4, { keyFingerprint: fp });
        await commit(s, c, true, new Date(Date.parse(b.notAfter) + 1000));
        // Concurrent commits for a fresh key: exactly one wins.
        const fp2 = 'cd'.repeat(32);
        const rs = Array.from({ length: 6 }, (_, i) => syntheticRecord(20 + i, { keyFingerprint: fp2 }));
        for (const r of rs) expect(await s.reserveSerial(r.serial)).toBe(true);
        const out = await Promise.allSettled(rs.map((r) => s.commitIssuance(r, { uniqueKey: true, now: new Date(T0) })));
        expect(out.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        for (const o of out) if (o.status === 'rejected') expect(o.reason).toMatchObject({ code: 'duplicate-key' });
        expect(await s.findByKey(fp2)).toHaveLength(1);
      }));

    it('revokes atomically with its audit entry; unknown and repeated revocations are refused', () =>
      using(async (s) => {
        const r = syntheticRecord(5);
        await commit(s, r);
        await expect(s.revoke('dead', { date: iso(T0), reason: 'keyCompromise' })).rejects.toMatchObject({ code: 'unknown-serial' });
        const rev = { date: iso(T0 + 5000), reason: 'keyCompromise' as const, invalidityDate: iso(T0) };
        const updated = await s.revoke(r.serial, rev, { audit: { time: rev.date, action: 'revoke', principal: 'ops', code: rev.reason } });
        expect(updated).toEqual({ ...r, revocation: rev });
        expect(await s.get(r.serial)).toEqual({ ...r, revocation: rev });
        const again = s.revoke(r.serial, { date: iso(T0 + 9000), reason: 'superseded' }, { audit: { time: iso(T0), action: 'revoke', principal: 'ops' } });
        await expect(again).rejects.toBeInstanceOf(CaError);
        await expect(again).rejects.toMatchObject({ code: 'already-revoked' });
        expect((await s.listAudit()).entries.map((e) => e.action)).toEqual(['issue', 'revoke']);
        // Concurrent revocations of one serial: exactly one succeeds.
        const r2 = syntheticRecord(6);
        await commit(s, r2);
        const out = await Promise.allSettled(Array.from({ length: 5 }, () => s.revoke(r2.serial, rev)));
        expect(out.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      }));

    it('streams exactly the revoked entries', () =>
      using(async (s) => {
        const rs = Array.from({ length: 12 }, (_, i) => syntheticRecord(40 + i));
        for (const r of rs) await commit(s, r);
        const revoked = rs.filter((_, i) => i % 3 === 1);
        for (const r of revoked) await s.revoke(r.serial, { date: iso(T0), reason: 'superseded' });
        const got: string[] = [];
        for await (const e of s.revokedEntries()) {
          expect(e.revocation).toEqual({ date: iso(T0), reason: 'superseded' });
          got.push(e.serial);
        }
        expect(got.sort()).toEqual(revoked.map((r) => r.serial).sort());
      }));

    it('hands out strictly increasing cRLNumbers, also concurrently, and keeps the highest CRL', () =>
      using(async (s) => {
        const a = await s.nextCrlNumber();
        const b = await s.nextCrlNumber();
        expect(b > a).toBe(true);
        const many = await Promise.all(Array.from({ length: 10 }, () => s.nextCrlNumber()));
        expect(new Set(many.map(String)).size).toBe(10);
        expect(many.every((n) => n > b)).toBe(true);
        expect(await s.latestCrl()).toBeUndefined();
        const signer = signerFromPrivateKey(h.intermediateKey);
        const make = async (n: bigint): Promise<Uint8Array> =>
          (
            await CrlBuilder.create()
              .thisUpdate(new Date(T0))
              .nextUpdate(new Date(T0 + 86_400_000))
              .crlNumber(n)
              .sign(signer, { issuerCertificate: h.intermediate.certificate })
          ).raw.slice();
        await s.saveCrl({ number: 7n, thisUpdate: iso(T0), der: await make(7n) });
        await s.saveCrl({ number: 5n, thisUpdate: iso(T0), der: await make(5n) }, { audit: { time: iso(T0), action: 'crl', principal: 'ca', code: 'crl-5' } });
        const latest = await s.latestCrl();
        expect(latest?.number).toBe(7n);
        expect(latest?.thisUpdate).toBe(iso(T0));
        expect(parseCrl(latest!.der).thisUpdate.toISOString()).toBe(iso(T0));
        expect((await s.listAudit()).entries.map((e) => e.code)).toEqual(['crl-5']);
      }));

    it('pages the audit log by cursor, each entry once, and refuses a foreign cursor', () =>
      using(async (s) => {
        for (let i = 0; i < 25; i++) await s.appendAudit({ time: iso(T0 + i), action: 'deny', principal: `p${i}`, code: 'unauthorized', method: 'api', address: '198.51.100.1' });
        const seen: string[] = [];
        let cursor: string | undefined;
        for (;;) {
          const page = await s.listAudit({ limit: 10, ...(cursor ? { cursor } : {}) });
          expect(page.entries.length).toBeLessThanOrEqual(10);
          seen.push(...page.entries.map((e) => e.principal));
          if (page.next === undefined) break;
          cursor = page.next;
        }
        expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `p${i}`));
        await expect(s.listAudit({ cursor: 'nope' })).rejects.toBeInstanceOf(RangeError);
        await expect(s.listAudit({ limit: 0 })).rejects.toBeInstanceOf(RangeError);
      }));

    it('answers every filter and pages exactly like the reference implementation', () =>
      using(async (s) => {
        const rs = Array.from({ length: 40 }, (_, i) => syntheticRecord(i));
        for (const r of [...rs].reverse()) await commit(s, r); // committed out of issuance order
        for (const r of rs.filter((_, i) => i % 6 === 2)) await s.revoke(r.serial, { date: iso(T0), reason: 'superseded' });
        const list = await s.list();
        expect(list.map((r) => r.serial)).toEqual(queryRecords(list, { limit: 1000 }).records.map((r) => r.serial));
        const at = new Date(T0 + 2.5 * 86_400_000);
        const queries: CertificateQuery[] = [
          {},
          { limit: 7 },
          { filters: { status: 'active' }, at, limit: 5 },
          { filters: { status: 'expired' }, at },
          { filters: { status: 'revoked' }, limit: 3 },
          { filters: { profile: 'tls-server' }, limit: 4 },
          { filters: { text: 'HOST-1' } },
          { filters: { text: 'ünïcode' }, limit: 6 },
          { filters: { text: '192.0.2.1' } },
          { filters: { text: '%' } },
          { filters: { text: '_' } },
          { filters: { expiringBefore: new Date(T0 + 3 * 86_400_000) }, limit: 9 },
          { filters: { requester: 'bob' } },
          { filters: { method: 'est', status: 'active' }, at },
          { filters: { metadata: { os: 'linux' } }, limit: 4 },
          { filters: { metadata: { os: 'win', idx: '1' } } },
          { filters: { renewalOf: '1000' } },
          { filters: { requester: 'nobody' } },
        ];
        for (const q of queries) {
          const want: CertificateRecord[] = [];
          let cursor: string | undefined;
          for (;;) {
            const page = queryRecords(list, { ...q, ...(cursor ? { cursor } : {}) });
            want.push(...page.records);
            if (page.next === undefined) break;
            cursor = page.next;
          }
          const got = await all(s, q);
          expect(
            got.map((r) => r.serial),
            JSON.stringify(q),
          ).toEqual(want.map((r) => r.serial));
          expect(got).toEqual(want);
        }
        await expect(s.query({ cursor: 'garbage' })).rejects.toBeInstanceOf(RangeError);
        await expect(s.query({ limit: 1001 })).rejects.toBeInstanceOf(RangeError);
        // A record issued while a client pages does not shift the pages it has not read.
        const first = await s.query({ limit: 10 });
        await commit(s, syntheticRecord(100, { issuedAt: iso(T0 - 60_000) }));
        const second = await s.query({ limit: 10, cursor: first.next! });
        expect(second.records[0]!.serial).toBe(list[10]!.serial);
      }));

    it('runs a CA: issue, revoke, and a CRL streamed from the store lists every revocation', () =>
      using(async (s) => {
        const ca = new CertificateAuthority({
          certificate: h.intermediate.certificate,
          signer: signerFromPrivateKey(h.intermediateKey),
          store: s,
          chain: [h.root.certificate],
          clock: () => new Date(T0),
        });
        for (let i = 0; i < 4; i++) {
          const key = (await generateKeyPair('P-256')).privateKey;
          const csr = await CsrBuilder.create()
            .subject({ CN: `svc-${i}.example` })
            .subjectAltNames(`svc-${i}.example`)
            .sign(signerFromPrivateKey(key));
          await ca.issue(csr, { profile: 'tls-server', requester: { principal: 'alice', method: 'api' } });
        }
        const list = await s.list();
        expect(list).toHaveLength(4);
        await ca.revoke(list[1]!.serial, 'keyCompromise', { principal: 'ops' });
        await ca.revoke(list[3]!.serial, 'superseded', { principal: 'ops' });
        const crl1 = await ca.generateCrl({ principal: 'ops' });
        const crl2 = await ca.generateCrl({ principal: 'ops' });
        const listed = [...crlEntries(crl2)].map((e) => e.serialNumber.toString(16)).sort();
        expect(listed).toEqual([list[1]!.serial, list[3]!.serial].sort());
        expect(crl1.size).toBe(2);
        expect((await s.latestCrl())!.der).toEqual(crl2.raw);
        expect((await s.listAudit()).entries.map((e) => e.action)).toEqual(['issue', 'issue', 'issue', 'issue', 'revoke', 'revoke', 'crl', 'crl']);
      }));
  });
}
