/**
 * The AcmeStore conformance suite: the same tests, with the same expected results, against every
 * AcmeStore (memory, file system, PostgreSQL). Each test/acme-store-*.test.ts calls
 * {@link describeAcmeStoreConformance} with a factory that returns a fresh, empty store and a way
 * to open a second handle on the same data (another process or a restart; the memory store
 * returns itself).
 */
import { describe, expect, it } from 'vitest';
import type { AcmeAccount, AcmeAuthorization, AcmeOrder, AcmeStore } from '../src/acme/index';

export interface AcmeStoreHandles {
  store: AcmeStore;
  /** Another handle on the same data (after a restart). */
  reopen(): Promise<AcmeStore>;
  close?(): Promise<void>;
}

const T0 = Date.parse('2026-03-01T00:00:00.000Z');
const iso = (ms: number): string => new Date(ms).toISOString();

function account(i: number, over: Partial<AcmeAccount> = {}): AcmeAccount {
  return {
    id: `acct${i}`,
    status: 'valid',
    contact: [`mailto:ops${i}@example.com`],
    termsOfServiceAgreed: i % 2 === 0,
    jwk: { kty: 'EC', crv: 'P-256', x: `x${i}`, y: `y${i}` } as AcmeAccount['jwk'],
    thumbprint: `tp${i}`,
    createdAt: iso(T0 + i),
    ...(i % 3 === 0 ? { externalAccount: `eab-${i}` } : {}),
    ...over,
  };
}

function order(i: number, accountId: string, createdMs: number, keys: string[], over: Partial<AcmeOrder> = {}): AcmeOrder {
  return {
    id: `ord${i}`,
    accountId,
    status: 'pending',
    expires: iso(createdMs + 7 * 86_400_000),
    identifiers: [
      { type: 'dns', value: `h${i}.example.com` },
      { type: 'ip', value: '192.0.2.7' },
    ],
    authorizations: [`az${i}a`, `az${i}b`],
    created: iso(createdMs),
    limitKeys: keys,
    ...over,
  };
}

function authz(i: number): AcmeAuthorization {
  return {
    id: `az${i}`,
    accountId: 'acct1',
    identifier: { type: 'dns', value: `h${i}.example.com` },
    wildcard: i % 2 === 1,
    status: 'pending',
    expires: iso(T0 + 86_400_000),
    challenges: [
      { type: 'http-01', token: `tok${i}`, status: 'pending' },
      { type: 'dns-01', token: `tokd${i}`, status: 'pending' },
    ],
  };
}

export function describeAcmeStoreConformance(name: string, open: () => Promise<AcmeStoreHandles>): void {
  const withStore = (fn: (h: AcmeStoreHandles) => Promise<void>) => async () => {
    const h = await open();
    try {
      await fn(h);
    } finally {
      await h.close?.();
    }
  };

  describe(`AcmeStore conformance: ${name}`, () => {
    it(
      'accounts: put, get, find by thumbprint; unknown ids and thumbprints are undefined',
      withStore(async ({ store }) => {
        expect(await store.getAccount('acct1')).toBeUndefined();
        expect(await store.findAccountByThumbprint('tp1')).toBeUndefined();
        for (const i of [1, 2, 3]) await store.putAccount(account(i));
        expect(await store.getAccount('acct3')).toEqual(account(3));
        expect(await store.findAccountByThumbprint('tp2')).toEqual(account(2));
        expect(await store.getAccount('nope')).toBeUndefined();
        expect(await store.findAccountByThumbprint('tp9')).toBeUndefined();
      }),
    );

    it(
      'accounts: an update replaces the record; a key change re-indexes the thumbprint',
      withStore(async ({ store }) => {
        await store.putAccount(account(1));
        await store.putAccount(account(1, { status: 'deactivated', contact: [] }));
        expect(await store.getAccount('acct1')).toEqual(account(1, { status: 'deactivated', contact: [] }));
        await store.putAccount(account(1, { thumbprint: 'tpNEW', jwk: { kty: 'OKP', crv: 'Ed25519', x: 'new' } as AcmeAccount['jwk'] }));
        expect(await store.findAccountByThumbprint('tp1')).toBeUndefined();
        expect((await store.findAccountByThumbprint('tpNEW'))?.id).toBe('acct1');
        expect((await store.getAccount('acct1'))?.jwk).toEqual({ kty: 'OKP', crv: 'Ed25519', x: 'new' });
      }),
    );

    it(
      'accounts: a key another account has is refused (two servers registering one key at once); the first keeps it',
      withStore(async ({ store, reopen }) => {
        await store.putAccount(account(1));
        const other = await reopen();
        await expect(other.putAccount(account(2, { thumbprint: 'tp1' }))).rejects.toMatchObject({ name: 'AcmeError', code: 'malformed' });
        expect((await store.findAccountByThumbprint('tp1'))?.id).toBe('acct1');
        expect(await store.getAccount('acct2')).toBeUndefined();
        // once account 1 moved to another key, its old one is free
        await store.putAccount(account(1, { thumbprint: 'tp1b' }));
        await other.putAccount(account(2, { thumbprint: 'tp1' }));
        expect((await store.findAccountByThumbprint('tp1'))?.id).toBe('acct2');
        expect((await store.findAccountByThumbprint('tp1b'))?.id).toBe('acct1');
        // a real race: eight new accounts with one key, through two handles, at once
        const racers = Array.from({ length: 8 }, (_, i) => (i % 2 ? store : other).putAccount(account(10 + i, { thumbprint: 'tpRACE' })));
        const settled = await Promise.allSettled(racers);
        expect(settled.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const winner = await store.findAccountByThumbprint('tpRACE');
        expect(winner?.id).toBe(`acct${10 + settled.findIndex((r) => r.status === 'fulfilled')}`);
      }),
    );

    it(
      'orders: put, get, update in place; listOrders is per account, oldest first, without duplicates',
      withStore(async ({ store }) => {
        await store.putOrder(order(1, 'acct1', T0 + 1000, []));
        await store.putOrder(order(2, 'acct2', T0 + 2000, []));
        await store.putOrder(order(3, 'acct1', T0 + 3000, []));
        await store.putOrder(order(4, 'acct1', T0 + 4000, []));
        const valid = order(3, 'acct1', T0 + 3000, [], { status: 'valid', certificateId: 'c3', serial: '0a1b', error: { type: 'x', detail: 'ü' } });
        await store.putOrder(valid);
        expect(await store.getOrder('ord3')).toEqual(valid);
        expect(await store.getOrder('ord9')).toBeUndefined();
        expect(await store.listOrders('acct1')).toEqual(['ord1', 'ord3', 'ord4']);
        expect(await store.listOrders('acct2')).toEqual(['ord2']);
        expect(await store.listOrders('acct7')).toEqual([]);
      }),
    );

    it(
      'replaceOrderIf: compare-and-set on the status; of racing servers exactly one wins',
      withStore(async ({ store, reopen }) => {
        const ready = order(7, 'acct1', T0, [], { status: 'ready' });
        expect(await store.replaceOrderIf({ ...ready, status: 'processing' }, 'ready')).toBe(false); // no such order yet
        await store.putOrder(ready);
        expect(await store.replaceOrderIf({ ...ready, status: 'processing' }, 'pending')).toBe(false);
        expect((await store.getOrder('ord7'))?.status).toBe('ready');
        const other = await reopen();
        const tries = Array.from({ length: 8 }, (_, i) => (i % 2 ? store : other).replaceOrderIf({ ...ready, status: 'processing', serial: `0${i + 1}` }, 'ready'));
        const won = (await Promise.all(tries)).map((ok, i) => (ok ? i : -1)).filter((i) => i >= 0);
        expect(won).toHaveLength(1);
        expect(await store.getOrder('ord7')).toEqual({ ...ready, status: 'processing', serial: `0${won[0]! + 1}` });
        expect(await other.replaceOrderIf({ ...ready, status: 'valid' }, 'processing')).toBe(true);
        expect((await store.getOrder('ord7'))?.status).toBe('valid');
        expect(await store.listOrders('acct1')).toEqual(['ord7']);
      }),
    );

    it(
      'countOrders: by key, from `since` on, with the oldest; updates do not count twice',
      withStore(async ({ store }) => {
        const H = 3_600_000;
        await store.putOrder(order(1, 'acct1', T0, ['account:acct1', 'identifier:example.com']));
        await store.putOrder(order(2, 'acct1', T0 + H, ['account:acct1', 'identifier:example.com', 'identifier:other.test']));
        await store.putOrder(order(3, 'acct2', T0 + 2 * H, ['account:acct2', 'identifier:example.com']));
        await store.putOrder(order(2, 'acct1', T0 + H, ['account:acct1', 'identifier:example.com', 'identifier:other.test'], { status: 'ready' }));
        expect(await store.countOrders('identifier:example.com', iso(T0))).toEqual({ count: 3, oldest: iso(T0) });
        expect(await store.countOrders('identifier:example.com', iso(T0 + 1))).toEqual({ count: 2, oldest: iso(T0 + H) });
        expect(await store.countOrders('identifier:example.com', iso(T0 + 3 * H))).toEqual({ count: 0 });
        expect(await store.countOrders('account:acct1', iso(T0 - H))).toEqual({ count: 2, oldest: iso(T0) });
        expect(await store.countOrders('identifier:other.test', iso(T0))).toEqual({ count: 1, oldest: iso(T0 + H) });
        expect(await store.countOrders('identifier:nothing.test', iso(T0))).toEqual({ count: 0 });
      }),
    );

    it(
      'authorizations and certificates round-trip and update',
      withStore(async ({ store }) => {
        await store.putAuthorization(authz(1));
        await store.putAuthorization(authz(2));
        expect(await store.getAuthorization('az1')).toEqual(authz(1));
        const done: AcmeAuthorization = { ...authz(2), status: 'valid', challenges: [{ type: 'http-01', token: 'tok2', status: 'valid', validated: iso(T0) }, authz(2).challenges[1]!] };
        await store.putAuthorization(done);
        expect(await store.getAuthorization('az2')).toEqual(done);
        expect(await store.getAuthorization('az3')).toBeUndefined();
        const pem = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n';
        await store.putCertificate('cert1', { accountId: 'acct1', serial: '01ff', pem });
        expect(await store.getCertificate('cert1')).toEqual({ accountId: 'acct1', serial: '01ff', pem });
        expect(await store.getCertificate('cert2')).toBeUndefined();
      }),
    );

    it(
      'a second handle (a restart, another server) sees every record and count',
      withStore(async ({ store, reopen }) => {
        await store.putAccount(account(5));
        await store.putOrder(order(5, 'acct5', T0, ['identifier:shared.example']));
        await store.putAuthorization(authz(5));
        await store.putCertificate('cert5', { accountId: 'acct5', serial: '05', pem: 'x' });
        const other = await reopen();
        expect((await other.findAccountByThumbprint('tp5'))?.id).toBe('acct5');
        expect(await other.getOrder('ord5')).toEqual(order(5, 'acct5', T0, ['identifier:shared.example']));
        expect(await other.listOrders('acct5')).toEqual(['ord5']);
        expect(await other.getAuthorization('az5')).toEqual(authz(5));
        expect((await other.getCertificate('cert5'))?.serial).toBe('05');
        await other.putOrder(order(6, 'acct5', T0 + 1, ['identifier:shared.example']));
        expect((await store.countOrders('identifier:shared.example', iso(T0))).count).toBe(2);
      }),
    );
  });
}
