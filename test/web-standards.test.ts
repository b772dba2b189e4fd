/**
 * src/ must run unchanged on Node, Deno, Bun, Workers and browsers: no Buffer, no node:*
 * imports, no process. src/cli/ and src/node/ (certkit/node, the Node adapter) are the
 * Node-specific layers and are exempt; the portable suite (test/portable) must not import src/node.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const NODE_SPECIFIC = [join('src', 'cli'), join('src', 'node')];

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (NODE_SPECIFIC.includes(p)) continue;
      out.push(...files(p));
    } else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

// Code only: comments are stripped so a doc line that mentions Buffer does not trip the scan.
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

const FORBIDDEN: Array<[string, RegExp]> = [
  ['Buffer', /\bBuffer\b/],
  ['node: import', /from\s+['"]node:|require\(\s*['"]node:|import\(\s*['"]node:/],
  ['bare Node builtin import', /from\s+['"](fs|path|crypto|os|util|zlib|stream|child_process|tls|net|http|https|buffer)['"]/],
  ['process', /\bprocess\s*\./],
];

describe('src/ uses web standards only', () => {
  const list = files('src');
  it('finds the source files', () => {
    expect(list.length).toBeGreaterThan(5);
  });
  for (const f of list) {
    it(`${f} has no Buffer, node:* or process`, () => {
      const c = code(readFileSync(f, 'utf8'));
      const hits = FORBIDDEN.filter(([, re]) => re.test(c)).map(([n]) => n);
      expect(hits, `${f} uses ${hits.join(', ')}`).toEqual([]);
    });
  }
  it('the scanner itself catches each forbidden form', () => {
    for (const sample of ["Buffer.from('x')", "import x from 'node:fs'", "import fs from 'fs'", 'process.env.X']) {
      expect(
        FORBIDDEN.some(([, re]) => re.test(code(sample))),
        sample,
      ).toBe(true);
    }
    expect(FORBIDDEN.some(([, re]) => re.test(code('// Buffer is not used here')))).toBe(false);
  });
});

describe('the Node-specific layers stay out of the portable code', () => {
  const imports = (text: string): string[] => [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
  it('no portable source file and no portable-suite file imports src/node or src/cli', () => {
    const portable = [
      ...files('src'),
      ...readdirSync(join('test', 'portable'))
        .map((n) => join('test', 'portable', n))
        .filter((p) => p.endsWith('.ts')),
    ];
    expect(portable.length).toBeGreaterThan(10);
    const bad = portable.filter((f) => imports(readFileSync(f, 'utf8')).some((i) => /(^|\/)(node|cli)\/index|certkit\/node/.test(i)));
    expect(bad).toEqual([]);
  });
  it('src/store/postgres is an adapter that is still scanned: its one package is pg, loaded only when a store opens', () => {
    const store = files('src').filter((f) => f.startsWith(join('src', 'store', 'postgres')));
    expect(store.length).toBeGreaterThanOrEqual(3);
    for (const f of store) {
      const text = code(readFileSync(f, 'utf8'));
      const bare = imports(text).filter((i) => !i.startsWith('.'));
      expect(
        bare.every((i) => i === 'pg'),
        f,
      ).toBe(true);
      // A static value import of pg would load the driver with the module: only types and import().
      expect(/^import\s+(?!type\b)[^;]*from\s+['"]pg['"]/m.test(text), f).toBe(false);
    }
    expect(store.some((f) => /await import\('pg'\)/.test(readFileSync(f, 'utf8')))).toBe(true);
  });
  it('src/node is scanned as Node-specific and really is', () => {
    expect(files('src').some((f) => f.startsWith(join('src', 'node')))).toBe(false);
    expect(FORBIDDEN.some(([, re]) => re.test(code(readFileSync(join('src', 'node', 'server.ts'), 'utf8'))))).toBe(true);
  });
});
