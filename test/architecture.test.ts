/**
 * The layering rule of docs/architecture.md, enforced: a file imports another layer only through
 * that layer's index.ts, and only a layer below its own.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const RANK: Record<string, number> = {
  der: 0,
  oid: 1,
  pem: 1,
  keys: 2,
  sig: 3,
  x509: 4,
  csr: 5,
  crl: 5,
  pkcs12: 5,
  ocsp: 5,
  path: 6,
  cms: 6.5,
  ca: 7,
  acme: 7.5,
  server: 8,
  console: 8.5,
  node: 9,
  'store/postgres': 9,
  cli: 10,
};

/** A layer's name: its folder under src/, or store/<backend> for the stores (certkit/store/postgres). */
function layerOf(parts: string[]): string {
  return parts[0] === 'store' && parts.length > 2 ? `store/${parts[1]}` : parts[0]!;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

export function violations(file: string, text: string): string[] {
  const rel = relative('src', file).split(/[\\/]/);
  const layer = rel.length > 1 ? layerOf(rel) : 'root';
  const out: string[] = [];
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const target = join(file, '..', m[1]!);
    const parts = relative('src', target).split(/[\\/]/);
    const tLayer = layerOf(parts);
    if (tLayer === layer || layer === 'root') continue;
    if (!(tLayer in RANK)) continue;
    const depth = tLayer.split('/').length;
    if (parts.length !== depth + 1 || parts[depth] !== 'index') out.push(`${m[1]} (import another layer through its index.ts)`);
    if (!(layer in RANK)) out.push(`unknown layer ${layer}`);
    else if (RANK[tLayer]! >= RANK[layer]!) out.push(`${m[1]} (${layer} may not depend on ${tLayer})`);
  }
  return out;
}

describe('layers depend only downward, through index.ts', () => {
  const list = files('src');
  for (const f of list) {
    it(f, () => {
      expect(violations(f, readFileSync(f, 'utf8'))).toEqual([]);
    });
  }
  it('the checker catches a deep import and an upward import', () => {
    expect(violations('src/crl/crl.ts', "import { Name } from '../x509/name';")).toHaveLength(1);
    expect(violations('src/der/reader.ts', "import { oidName } from '../oid/index';")).toHaveLength(1);
    expect(violations('src/x509/name.ts', "import { oidName } from '../oid/index';")).toEqual([]);
    // certkit/node sits above the server layer and below the CLI.
    expect(violations('src/node/listener.ts', "import { createCaService } from '../server/index';")).toEqual([]);
    expect(violations('src/server/x.ts', "import { toNodeListener } from '../node/index';")).toHaveLength(1);
    expect(violations('src/node/x.ts', "import { run } from '../cli/index';")).toHaveLength(1);
    // certkit/store/postgres sits above ca and below the CLI, reached through its own index.ts.
    expect(violations('src/store/postgres/store.ts', "import { CaError } from '../../ca/index';")).toEqual([]);
    expect(violations('src/store/postgres/store.ts', "import { run } from '../../cli/index';")).toHaveLength(1);
    expect(violations('src/cli/x.ts', "import { PostgresCaStore } from '../store/postgres/index';")).toEqual([]);
    expect(violations('src/cli/x.ts', "import { PostgresCaStore } from '../store/postgres/store';")).toHaveLength(1);
    expect(violations('src/ca/x.ts', "import { PostgresCaStore } from '../store/postgres/index';")).toHaveLength(1);
  });
});
