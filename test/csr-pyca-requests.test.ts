/**
 * pyca/cryptography's `requests/` vectors: every file's expected outcome is a row of
 * `test/csr-pyca-requests.md`; this test recomputes each row with certkit (and the `openssl`
 * column with `openssl req -verify`) and fails on any difference, so the table cannot drift.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsr, verifyCsrSync, type Csr } from '../src/csr/index';
import { CertkitError } from '../src/der/index';
import { decodeExtension } from '../src/x509/index';
import { PYCA, pyca } from './csr-helpers';
import { csrChallengePassword, csrPublicKey, csrUnstructuredNames } from '../src/csr/index';

interface Row {
  file: string;
  strict: string;
  lenient: string;
  verify: string;
  deep: string;
  openssl: string;
}

function tableRows(): Row[] {
  const md = readFileSync(join(__dirname, 'csr-pyca-requests.md'), 'utf8');
  return md
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .map((l) => {
      const c = l
        .split('|')
        .slice(1, -1)
        .map((s) => s.trim());
      return { file: c[0]!.replace(/`/g, ''), strict: c[1]!, lenient: c[2]!, verify: c[3]!, deep: c[4]!, openssl: c[5]! };
    });
}

function code(e: unknown): string {
  if (e instanceof CertkitError) return e.code;
  throw e;
}

function certkitRow(file: string): Omit<Row, 'openssl'> {
  const input = pyca(file);
  const out: string[] = [];
  let csr: Csr | undefined;
  for (const lenient of [false, true]) {
    try {
      const c = parseCsr(input, { lenient });
      csr ??= c;
      out.push('ok');
    } catch (e) {
      out.push(code(e));
    }
  }
  let verify = '-';
  let deep = '-';
  if (csr !== undefined) {
    try {
      verify = String(verifyCsrSync(csr, { allowSha1: true, allowMd5: true, minRsaBits: 0 }));
    } catch (e) {
      verify = code(e);
    }
    try {
      void csr.subject;
      void csrPublicKey(csr);
      void csrChallengePassword(csr);
      void csrUnstructuredNames(csr);
      for (const e of csr.extensions) decodeExtension(e, csr.lenient);
      deep = 'ok';
    } catch (e) {
      deep = code(e);
    }
  }
  return { file, strict: out[0]!, lenient: out[1]!, verify, deep };
}

describe('pyca requests/ vectors', () => {
  const rows = tableRows();

  it('the table lists every vector file once', () => {
    const files = ['x509/requests', 'x509-head-additions/requests'].flatMap((d) => readdirSync(join(PYCA, d)).map((f) => `${d}/${f}`)).sort();
    expect(rows.map((r) => r.file).sort()).toEqual(files);
  });

  for (const row of tableRows()) {
    it(`${row.file}: ${row.strict}/${row.lenient}, verify ${row.verify}, deep ${row.deep}`, () => {
      expect(certkitRow(row.file)).toEqual({ file: row.file, strict: row.strict, lenient: row.lenient, verify: row.verify, deep: row.deep });
      const inform = row.file.endsWith('.der') ? 'DER' : 'PEM';
      const r = spawnSync('openssl', ['req', '-in', join(PYCA, row.file), '-inform', inform, '-verify', '-noout'], { encoding: 'utf8' });
      if (r.error) throw new Error(`openssl is required: ${r.error.message}`);
      const said = `${r.stdout}${r.stderr}`;
      expect(/verify OK/.test(said) ? 'OK' : /verify failure/.test(said) ? 'failure' : said).toBe(row.openssl);
      // where both check the signature, they agree
      if (row.verify === 'true') expect(row.openssl).toBe('OK');
      if (row.verify === 'false') expect(row.openssl).toBe('failure');
    });
  }

  it('the tally in the table matches the rows', () => {
    const md = readFileSync(join(__dirname, 'csr-pyca-requests.md'), 'utf8');
    const n = (f: (r: Row) => boolean): number => rows.filter(f).length;
    expect(md).toContain(
      `Tally (${rows.length} files): strict parse ${n((r) => r.strict === 'ok')} ok / ${n((r) => r.strict !== 'ok')} refused (${n((r) => r.strict !== 'ok' && r.lenient === 'ok')} of them accepted in lenient mode`,
    );
    expect(md).toContain(`self-signature ${n((r) => r.verify === 'true')} true, ${n((r) => r.verify === 'false')} false,\n${n((r) => !['true', 'false', '-'].includes(r.verify))} not checkable`);
    expect(md).toContain(`deep access ${n((r) => r.deep === 'ok')} ok, ${n((r) => r.deep !== 'ok' && r.deep !== '-')} typed errors`);
  });
});
