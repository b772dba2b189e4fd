/**
 * docs/cli.md cannot drift: every command it shows is run again, in order, in a scratch
 * directory (`scripts/gen-cli-doc.ts`), and the page must equal the fresh run except for what
 * changes on every run (serials, keys, fingerprints, times: `normaliseCliDoc`). Needs openssl and
 * keytool, as the page shows them: the test fails without them.
 */
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLI_DOC, generateCliDoc, normaliseCliDoc } from '../scripts/gen-cli-doc';

describe('docs/cli.md is what the commands print', () => {
  it('a fresh run of every command gives the page (up to serials, keys, fingerprints and times)', async () => {
    const doc = fs.readFileSync(CLI_DOC, 'utf8');
    const commands = doc.split('\n').filter((l) => l.startsWith('$ '));
    expect(commands.length).toBeGreaterThan(50);
    const fresh = await generateCliDoc(doc);
    expect(fresh).not.toMatch(/internal error|command not found/);
    expect(fresh.split('\n').filter((l) => l.startsWith('$ '))).toEqual(commands);
    expect(normaliseCliDoc(fresh)).toBe(normaliseCliDoc(doc)); // if not: npx tsx scripts/gen-cli-doc.ts
  }, 600_000);

  it('the normalisation keeps what matters', () => {
    expect(normaliseCliDoc('issued serial 7b092835ce73fc777e03b05817dfacde, valid 2026-12-07T19:14:38.000Z')).toBe('issued serial <hex>, valid <time>');
    expect(normaliseCliDoc('INVALID: revoked at [0]')).not.toBe(normaliseCliDoc('INVALID: expired at [0]'));
    expect(normaliseCliDoc('[exit 0]')).not.toBe(normaliseCliDoc('[exit 1]'));
  });
});
