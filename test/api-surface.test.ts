/**
 * The public surface stays curated (issue 14): the root `certkit` exports at most 80 runtime
 * names, all of them the lifecycle's (each also on its layer's subpath, so nothing is reachable
 * only from the root); no entry point exports a name starting with `_`; every layer entry point
 * in package.json "exports" exists.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const exportsField = (JSON.parse(readFileSync('package.json', 'utf8')) as { exports: Record<string, unknown> }).exports;
const SUBPATHS = Object.keys(exportsField).filter((k) => k !== '.' && k !== './package.json');
const srcOf = (sub: string): string => `../src/${sub.slice(2)}/index.ts`;

describe('public surface', () => {
  it('the root exports at most 80 runtime names, each also on a layer subpath (dumpDer aside: the root adds OID names)', async () => {
    const root = (await import('../src/index')) as Record<string, unknown>;
    const names = Object.keys(root);
    expect(names.length).toBeGreaterThan(40);
    expect(names.length).toBeLessThanOrEqual(80);
    const layers = await Promise.all(SUBPATHS.map(async (s) => (await import(/* @vite-ignore */ new URL(srcOf(s), import.meta.url).href)) as Record<string, unknown>));
    for (const n of names) {
      if (n === 'dumpDer') continue;
      const home = layers.find((m) => n in m);
      expect(home, `${n} is on no layer subpath`).toBeDefined();
      expect(home![n], `${n} on the root is the layer's own binding`).toBe(root[n]);
    }
  });

  it('no entry point exports a name starting with an underscore', async () => {
    const mods: Array<[string, Record<string, unknown>]> = [['.', (await import('../src/index')) as Record<string, unknown>]];
    for (const s of SUBPATHS) mods.push([s, (await import(/* @vite-ignore */ new URL(srcOf(s), import.meta.url).href)) as Record<string, unknown>]);
    const bad = mods.flatMap(([s, m]) =>
      Object.keys(m)
        .filter((n) => n.startsWith('_'))
        .map((n) => `${s}: ${n}`),
    );
    expect(bad).toEqual([]);
    expect(mods.length).toBe(SUBPATHS.length + 1);
  });

  it('the lifecycle is reachable from the root: key, CSR, certificate, chain, CRL, CA, PKCS#12', async () => {
    const root = (await import('../src/index')) as Record<string, unknown>;
    for (const n of [
      'generateKeyPair',
      'signerFromPrivateKey',
      'CsrBuilder',
      'parseCsr',
      'lintCsr',
      'verifyCsr',
      'CertificateBuilder',
      'parseCertificate',
      'getExtension',
      'verifyChain',
      'verifyChainSync',
      'ValidationError',
      'CrlBuilder',
      'parseCrl',
      'checkRevocation',
      'CertificateAuthority',
      'createPkcs12',
      'parsePkcs12',
      'CertkitError',
    ]) {
      expect(typeof root[n], n).toBe('function');
    }
  });
});
