/**
 * The sync/async naming rule (docs/architecture.md, "Sync and async"), enforced on every public
 * entry point of package.json: the plain name is the asynchronous function and its `…Sync` twin
 * is synchronous. For every exported `xSync`, `x` is exported too and returns a Promise for a
 * valid input, with the same answer; for an invalid input `x` rejects (never throws) with the
 * error `xSync` throws. No exported name ends in `Async`.
 *
 * A new `xSync` export fails this test until it has a fixture in `VALID` below.
 */
import { certificatePublicKey } from '../src/x509/index';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { signData } from '../src/cms/index';
import { createCertId, signOcspResponse } from '../src/ocsp/index';
import { CrlBuilder, type Crl } from '../src/crl/index';
import { CsrBuilder, type Csr } from '../src/csr/index';
import type { Certificate } from '../src/x509/index';
import { NOW, at, makeCa, makeLeaf, type Ca } from './crl-fixtures';

/** The package's public entry points, mapped to their sources as tsup.config.ts builds them. */
const ENTRY_POINTS: ReadonlyArray<readonly [string, string]> = Object.keys((JSON.parse(readFileSync('package.json', 'utf8')) as { exports: Record<string, unknown> }).exports)
  .filter((k) => k !== './package.json')
  .map((k) => {
    const sub = k === '.' ? '' : k.slice(2);
    const src = sub === '' ? 'src/index.ts' : sub === 'x509/view' ? 'src/x509/view.ts' : `src/${sub}/index.ts`;
    return [k === '.' ? 'certkit' : `certkit/${sub}`, src] as const;
  });

type Api = Record<string, unknown>;
const modules = new Map<string, Api>();

let ca: Ca;
let leaf: Certificate;
let crl: Crl;
let csr: Csr;
let data: Uint8Array;
let signature: Uint8Array;
let signedData: Uint8Array;
let ocspResponse: Uint8Array;

beforeAll(async () => {
  for (const [name, src] of ENTRY_POINTS) modules.set(name, (await import(/* @vite-ignore */ new URL(`../${src}`, import.meta.url).href)) as Api);
  ca = await makeCa('Sync Async CA');
  leaf = await makeLeaf(ca, 0x51n);
  crl = await CrlBuilder.create()
    .thisUpdate(at(-1))
    .nextUpdate(at(6))
    .crlNumber(1)
    .revoke({ serial: 0x51n, revocationDate: at(-1), reason: 'keyCompromise' })
    .sign(ca.signer, { issuerCertificate: ca.cert });
  csr = await CsrBuilder.create().subject({ CN: 'sync.example' }).subjectAltNames('sync.example').sign(ca.signer);
  data = new TextEncoder().encode('one rule for the whole library');
  signature = await ca.signer.sign(data);
  signedData = await signData({ content: data, signer: ca.signer, certificate: ca.cert, signingTime: NOW });
  ocspResponse = await signOcspResponse({ signer: ca.signer, responderCertificate: ca.cert, producedAt: NOW, responses: [{ certId: createCertId(ca.cert, leaf), status: 'good', thisUpdate: NOW }] });
}, 60_000);

/** A valid input for each pair, by the async name; a new pair needs an entry here. */
const VALID: Record<string, () => unknown[]> = {
  verifyCertificate: () => [leaf, ca.cert],
  isSelfSigned: () => [ca.cert],
  verifySignature: () => [certificatePublicKey(ca.cert), ca.signer.algorithm, data, signature],
  verifyCsr: () => [csr],
  verifyCrl: () => [crl, ca.cert],
  checkRevocation: () => [leaf, ca.cert, [crl], { time: NOW }],
  verifyChain: () => [leaf, { anchors: [ca.cert], time: NOW, profile: 'rfc5280' }],
  validatePath: () => [[leaf], { anchors: [ca.cert], time: NOW, profile: 'rfc5280' }],
  verifySignedData: () => [signedData],
  verifyOcspResponse: () => [ocspResponse, { issuer: ca.cert, certificate: leaf, time: NOW }],
};

/** Exported functions (classes excluded) of one module. */
function functions(api: Api): string[] {
  return Object.keys(api).filter((k) => typeof api[k] === 'function' && !/^class\b/.test(Function.prototype.toString.call(api[k])));
}

function caught(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('sync/async naming on every public entry point', () => {
  it('covers the entry points of package.json', () => {
    expect(ENTRY_POINTS.map(([n]) => n)).toEqual(expect.arrayContaining(['certkit', 'certkit/sig', 'certkit/csr', 'certkit/crl', 'certkit/path']));
    for (const [name] of ENTRY_POINTS) expect(Object.keys(modules.get(name)!).length, name).toBeGreaterThan(0);
  });

  it('no exported name ends in Async (values, and types in the index sources)', () => {
    for (const [name, src] of ENTRY_POINTS) {
      expect(
        Object.keys(modules.get(name)!).filter((k) => /Async$/.test(k)),
        name,
      ).toEqual([]);
      // Types vanish at run time: read the export statements of the entry point's source.
      const text = readFileSync(src, 'utf8');
      const exported = [...text.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g)]
        .flatMap((m) => m[1]!.split(','))
        .map((s) =>
          s
            .trim()
            .split(/\s+as\s+/)
            .pop()!
            .replace(/^type\s+/, ''),
        );
      expect(
        exported.filter((k) => /Async$/.test(k)),
        src,
      ).toEqual([]);
    }
  });

  it('every xSync has an x that returns a Promise of the same answer for a valid input', async () => {
    const pairs = new Set<string>();
    for (const [name] of ENTRY_POINTS) {
      const api = modules.get(name)!;
      for (const syncName of functions(api).filter((k) => /.Sync$/.test(k))) {
        const asyncName = syncName.slice(0, -'Sync'.length);
        expect(typeof api[asyncName], `${name} exports ${syncName} but not ${asyncName}`).toBe('function');
        expect(VALID[asyncName], `add a valid input for ${asyncName} to VALID`).toBeDefined();
        const args = VALID[asyncName]!();
        const syncFn = api[syncName] as (...a: unknown[]) => unknown;
        const asyncFn = api[asyncName] as (...a: unknown[]) => unknown;
        const expected = syncFn(...args);
        expect(expected, `${syncName} is synchronous`).not.toBeInstanceOf(Promise);
        const p = asyncFn(...args);
        expect(p, `${name}: ${asyncName} returns a Promise`).toBeInstanceOf(Promise);
        expect(await p, `${asyncName} and ${syncName} agree`).toEqual(expected);
        pairs.add(asyncName);
      }
    }
    // The pairs of the rule today (docs/architecture.md); more may come, none may go silently.
    expect([...pairs].sort()).toEqual(expect.arrayContaining(['checkRevocation', 'validatePath', 'verifyChain', 'verifyCrl', 'verifyCsr', 'verifySignature']));
  });

  it('for an invalid input x rejects (never throws) with the error xSync throws', async () => {
    for (const asyncName of Object.keys(VALID)) {
      // The pair's home: the root is curated, so some pairs live on their layer's subpath only.
      const api = [...modules.values()].find((m) => typeof m[asyncName] === 'function' && typeof m[`${asyncName}Sync`] === 'function')!;
      expect(api, `${asyncName} and ${asyncName}Sync are exported together`).toBeDefined();
      const args = VALID[asyncName]!().map(() => null);
      const thrown = caught(() => (api[`${asyncName}Sync`] as (...a: unknown[]) => unknown)(...args)) as Error & { code?: string };
      let p: unknown;
      expect(() => (p = (api[asyncName] as (...a: unknown[]) => unknown)(...args)), `${asyncName} does not throw`).not.toThrow();
      expect(p).toBeInstanceOf(Promise);
      const rejected = (await (p as Promise<unknown>).then(
        () => undefined,
        (e: unknown) => e,
      )) as Error & { code?: string };
      expect(rejected, `${asyncName} rejects`).toBeDefined();
      expect(rejected.constructor, asyncName).toBe(thrown.constructor);
      expect(rejected.code, asyncName).toBe(thrown.code);
      expect(rejected.message, asyncName).toBe(thrown.message);
    }
  });
});
