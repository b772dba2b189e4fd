/**
 * The web console's files and how the service serves them: the committed bundle
 * (src/console/_assets.ts) is what scripts/build-console.mjs makes from src/console/page/ today;
 * /ui answers with a strict CSP, nosniff, cache headers and ETags; the page loads only its own
 * hashed script and style (no external URL anywhere in the HTML); the console is off unless the
 * `console` option is given.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONSOLE_CSP, consoleHandler } from '../src/console/index';
import { _loadConfig } from '../src/cli/serve-commands';
import { ROOT, scratch } from './cli-test-helpers';
import { BASE, makeFixture } from './server-fixture';

const get = (path: string, headers: Record<string, string> = {}, method = 'GET') => new Request(`${BASE}${path}`, { method, headers });

describe('the committed bundle', () => {
  it('is up to date with src/console/page (rebuilt in memory and compared)', () => {
    const out = execFileSync(process.execPath, ['scripts/build-console.mjs', '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect(out).toContain('up to date');
  }, 120_000);
});

describe('consoleHandler', () => {
  it('serves the page with the strict CSP, nosniff, no framing and a revalidated cache', async () => {
    const res = consoleHandler(get('/ui/'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
    expect(CONSOLE_CSP).toBe("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const html = await res.text();
    expect(html).toContain('<title>certkit console</title>');
    // Only relative references: no http(s) URL, no inline script or style.
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).not.toMatch(/<script>|<style|style="/);
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs).toHaveLength(2);
    for (const r of refs) {
      expect(r).toMatch(/^app-[0-9a-f]{12}\.(js|css)$/);
      const a = consoleHandler(get(`/ui/${r}`));
      expect(a.status).toBe(200);
      expect(a.headers.get('content-type')).toMatch(r.endsWith('.js') ? /^text\/javascript/ : /^text\/css/);
      expect(a.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const body = await a.text();
      expect(body.length).toBeGreaterThan(r.endsWith('.js') ? 10_000 : 500);
      // No absolute URL the browser would fetch: the bundle talks to /api/v1 on its own origin.
      if (r.endsWith('.js')) expect(body).toContain('/api/v1/certificates');
    }
  });

  it('answers 304 to a matching If-None-Match, redirects /ui to /ui/, and 404s unknown files with the CSP', async () => {
    const first = consoleHandler(get('/ui/'));
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(consoleHandler(get('/ui/', { 'if-none-match': etag })).status).toBe(304);
    expect(consoleHandler(get('/ui/', { 'if-none-match': '"other"' })).status).toBe(200);
    const r = consoleHandler(get('/ui'));
    expect(r.status).toBe(301);
    expect(r.headers.get('location')).toBe('/ui/');
    for (const p of ['/ui/nope.js', '/ui/../package.json', '/ui/constructor', '/ui/__proto__']) {
      const n = consoleHandler(get(p));
      expect(n.status, p).toBe(404);
      expect(n.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
      expect(((await n.json()) as { error: { code: string } }).error.code).toBe('not-found');
    }
  });

  it('answers HEAD without a body', async () => {
    const res = consoleHandler(get('/ui/', {}, 'HEAD'));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });
});

describe('createCaService console option', () => {
  it('serves /ui and redirects / when on', async () => {
    const f = await makeFixture({ console: consoleHandler });
    const res = await f.service.handle(get('/ui/'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
    const root = await f.service.handle(get('/'));
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/ui/');
    expect((await f.service.handle(new Request(`${BASE}/ui/`, { method: 'POST' }))).status).toBe(405);
    // page views are not audit events
    expect((await f.store.listAudit()).entries).toHaveLength(0);
  });

  it('is off without the option (404), and refuses a console that is not a handler', async () => {
    const f = await makeFixture();
    expect((await f.service.handle(get('/ui/'))).status).toBe(404);
    await expect(makeFixture({ console: true as never })).rejects.toThrow(TypeError);
  });
});

describe('certkit serve config key "console"', () => {
  it('is on unless the config says false, and must be a boolean', () => {
    const dir = scratch('console-config');
    const write = (o: unknown) => {
      const f = path.join(dir, 'c.json');
      fs.writeFileSync(f, JSON.stringify(o));
      return f;
    };
    expect(_loadConfig(write({})).console).toBeUndefined();
    expect(_loadConfig(write({ console: false })).console).toBe(false);
    expect(_loadConfig(write({ console: true })).console).toBeUndefined();
    expect(() => _loadConfig(write({ console: 'yes' }))).toThrow(/console must be true or false/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
