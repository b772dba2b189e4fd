/**
 * pyca/cryptography's X.509 certificate vectors: `test/pyca-edge-cases.md` records, for each
 * file, what certkit does in strict and lenient mode (parse, then every lazily decoded part) and
 * why, with pyca 50's behaviour beside it. This test recomputes every outcome and fails when the
 * table and the code disagree, checks that the pyca columns are the reference JSON's, and that
 * every file is in the table. Regenerate with `npx tsx scripts/gen-pyca-edge-cases.ts`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CertkitError } from '../src/der/index';
import { parseCertificate } from '../src/x509/index';
import { TABLE, certificateFiles, input, outcome, pycaCell } from '../scripts/gen-pyca-edge-cases';

interface Row {
  file: string;
  strictParse: string;
  strictDeep: string;
  lenientParse: string;
  lenientDeep: string;
  pycaLoad: string;
  pycaDeep: string;
  why: string;
}

function rows(): Row[] {
  const out: Row[] = [];
  for (const line of readFileSync(TABLE, 'utf8').split('\n')) {
    if (!line.startsWith('| `')) continue;
    const cells = line.slice(2, -2).split(' | ');
    expect(cells, line).toHaveLength(8);
    const [file, strictParse, strictDeep, lenientParse, lenientDeep, pycaLoad, pycaDeep, why] = cells as [string, string, string, string, string, string, string, string];
    out.push({ file: file.replace(/`/g, ''), strictParse, strictDeep, lenientParse, lenientDeep, pycaLoad, pycaDeep, why });
  }
  return out;
}

describe('pyca X.509 certificate vectors (test/pyca-edge-cases.md)', () => {
  const table = rows();
  const files = certificateFiles();

  it('lists every certificate of the reference, once, in order', () => {
    expect(files.length).toBe(120);
    expect(table.map((r) => r.file)).toEqual(files.map(([f]) => f));
  });

  it('records pyca 50 as the reference JSON does', () => {
    for (const [file, ref] of files) {
      const r = table.find((x) => x.file === file)!;
      expect([r.pycaLoad, r.pycaDeep], file).toEqual([pycaCell(ref.load), pycaCell(ref.deep)]);
    }
  });

  it('certkit does what the table says, strict and lenient, for every file', () => {
    for (const r of table) {
      const s = outcome(input(r.file), false);
      const l = outcome(input(r.file), true);
      expect({ file: r.file, strict: [s.parse, s.deep], lenient: [l.parse, l.deep] }).toEqual({ file: r.file, strict: [r.strictParse, r.strictDeep], lenient: [r.lenientParse, r.lenientDeep] });
      expect(r.why.length, r.file).toBeGreaterThan(10);
    }
  });

  it('every failure is a CertkitError with a code, never another exception', () => {
    for (const r of table) for (const cell of [r.strictParse, r.strictDeep, r.lenientParse, r.lenientDeep]) expect(cell, r.file).not.toContain('THROWS');
  });

  it('refusals at parse carry an offset into the DER', () => {
    for (const r of table.filter((x) => x.strictParse !== 'ok')) {
      try {
        parseCertificate(input(r.file));
        throw new Error('expected a refusal');
      } catch (e) {
        expect(e, r.file).toBeInstanceOf(CertkitError);
        expect(typeof (e as CertkitError).offset, r.file).toBe('number');
      }
    }
  });

  it('the tally in the table header is the one the rows give', () => {
    const text = readFileSync(TABLE, 'utf8');
    const parsed = table.filter((r) => r.strictParse === 'ok').length;
    const full = table.filter((r) => r.strictDeep === 'ok').length;
    expect(text).toContain(`Tally (strict): ${table.length} certificates, ${parsed} parse, ${full} decode completely;`);
    expect(parsed).toBeGreaterThan(100);
  });
});
