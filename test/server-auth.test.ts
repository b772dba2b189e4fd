/**
 * The service's credentials and failure modes: scrypt password hashes (salted, parameters in the
 * hash, constant-time check), API tokens stored as SHA-256 and shown once, the password cache,
 * and an internal failure answered 500 with a generic message (nothing about the cause sent),
 * the operator told only the route and the error's name.
 */
import { describe, expect, it } from 'vitest';
import { MemoryCaStore, type CaStore } from '../src/ca/index';
import { MemoryAuthStore, PasswordCache, ServerError, checkToken, createToken, describeError, hashPassword, verifyPassword } from '../src/server/index';
import { api, basic, csrDer, errorOf, estPost, makeFixture, p256 } from './server-fixture';

describe('passwords', () => {
  it('hashes with a fresh salt and the parameters in the hash; verifies only the right password', async () => {
    const a = await hashPassword('s3cret', { logN: 10 });
    const b = await hashPassword('s3cret', { logN: 10 });
    expect(a).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('s3cret');
    expect(await verifyPassword('s3cret', a)).toBe(true);
    expect(await verifyPassword('s3cret ', a)).toBe(false);
    expect(await verifyPassword('s3cret', a.replace('ln=10', 'ln=11'))).toBe(false);
    for (const bad of ['', 'plain', '$scrypt$ln=10,r=8,p=1$!!$!!', '$scrypt$ln=99,r=8,p=1$AAAA$AAAA']) expect(await verifyPassword('x', bad)).toBe(false);
    await expect(hashPassword('')).rejects.toThrow(TypeError);
    await expect(hashPassword('x', { logN: 30 })).rejects.toThrow(RangeError);
  });

  it('the cache answers a repeated success without scrypt, and misses on another password or a changed hash', async () => {
    const auth = new MemoryAuthStore();
    await auth.addUser('u', 'p1', { logN: 10 });
    let clock = 0;
    const cache = new PasswordCache({ now: () => new Date(clock), ttlMs: 1000 });
    expect((await cache.verify(auth, 'u', 'p1'))?.name).toBe('u');
    expect(await cache.verify(auth, 'u', 'p2')).toBeUndefined();
    expect(await cache.verify(auth, 'nobody', 'p1')).toBeUndefined();
    expect(await cache.verify(auth, 'a:b', 'p1')).toBeUndefined();
    await auth.addUser('u', 'p2', { logN: 10 }); // a new hash
    expect(await cache.verify(auth, 'u', 'p1')).toBeUndefined();
    expect((await cache.verify(auth, 'u', 'p2'))?.name).toBe('u');
    clock = 5000;
    expect((await cache.verify(auth, 'u', 'p2'))?.name).toBe('u'); // expired: verified again
  });
});

describe('tokens', () => {
  it('are shown once and stored as their SHA-256; a changed, foreign or revoked token is refused', async () => {
    const { token, record } = createToken({ principal: 'alice', role: 'requester', now: new Date('2026-01-01T00:00:00Z') });
    expect(token).toMatch(/^ckt_[0-9a-f]{18}_[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(record)).not.toContain(token.slice(24));
    expect(record).toMatchObject({ principal: 'alice', role: 'requester', created: '2026-01-01T00:00:00.000Z' });
    const auth = new MemoryAuthStore();
    auth.saveToken(record);
    expect((await checkToken(auth, token))?.principal).toBe('alice');
    expect(await checkToken(auth, token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'))).toBeUndefined();
    expect(await checkToken(auth, createToken({ principal: 'alice', role: 'requester' }).token)).toBeUndefined();
    expect(await checkToken(auth, 'nonsense')).toBeUndefined();
    expect(auth.revokeToken(record.id)).toBe(true);
    expect(await checkToken(auth, token)).toBeUndefined();
    expect(() => createToken({ principal: 'a:b', role: 'requester' })).toThrow(RangeError);
    expect(() => createToken({ principal: 'a', role: 'root' as never })).toThrow(RangeError);
  });
});

describe('failures of ours', () => {
  it('a store that fails is a 500 with a generic message; the operator hook gets the route and the error name only', async () => {
    const inner = new MemoryCaStore();
    const broken = new Proxy(inner, {
      get(target, prop, receiver) {
        if (prop === 'commitIssuance')
          return async () => {
            throw new Error('disk on fire at /secret/path');
          };
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    }) as CaStore;
    const told: unknown[] = [];
    const f = await makeFixture({ store: broken, onInternalError: (i) => void told.push(i) });
    const res = await f.service.handle(estPost('/.well-known/est/iot/simpleenroll', await csrDer(await p256()), { authorization: basic('device-1', 'pass-1') }));
    expect(res.status).toBe(500);
    const err = await errorOf(res);
    expect(err).toEqual({ code: 'internal-error', message: 'internal error' });
    expect(told).toEqual([{ method: 'POST', path: '/.well-known/est/iot/simpleenroll', error: 'Error' }]);
    expect(await inner.list()).toEqual([]);
    const audit = (await inner.listAudit()).entries;
    expect(audit[audit.length - 1]).toMatchObject({ action: 'refuse', code: 'internal-error', principal: 'device-1' });
    expect(JSON.stringify(audit)).not.toContain('/secret/path');
  });

  it('describeError maps each kind of error to its status', () => {
    expect(describeError(new ServerError('body-too-large', 'x')).status).toBe(413);
    expect(describeError(new RangeError('bad')).status).toBe(400);
    expect(describeError(new Error('boom'))).toEqual({ status: 500, code: 'internal-error', message: 'internal error' });
  });

  it('a request that is not for this service is a JSON 404, with no audit entry', async () => {
    const f = await makeFixture();
    const before = (await f.store.listAudit()).entries.length;
    const r = await f.service.handle(api('/nothing/here', undefined));
    expect(r.status).toBe(404);
    expect((await errorOf(r)).code).toBe('not-found');
    expect((await f.store.listAudit()).entries.length).toBe(before);
  });
});
