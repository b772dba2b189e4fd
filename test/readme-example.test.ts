/**
 * The README's first example must keep working: it is extracted, pointed at the sources and run,
 * and its output checked (a valid chain, a clean lint).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('README first example', () => {
  it('runs and prints a clean lint and a valid chain', () => {
    const readme = readFileSync('README.md', 'utf8');
    const block = /## A first example\s+```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block, 'README has a "A first example" ts block').toBeDefined();
    const code = block!.replace(/from 'certkit'/g, "from '../src/index'");
    mkdirSync('.tmp', { recursive: true });
    writeFileSync('.tmp/readme-example.ts', code);
    const out = execFileSync(process.execPath, ['--import', 'tsx', '.tmp/readme-example.ts'], { encoding: 'utf8' });
    expect(out).toContain('[]');
    expect(out).toContain('valid: [');
    expect(out).toContain('CN=www.example.com,O=Example,C=US');
  });
});
