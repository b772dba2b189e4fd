/**
 * The pyca/cryptography CRL vectors (`x509/custom/crl_*` and the signature pair): each file's
 * outcome in strict, lenient and deep decoding, as recorded in `test/crl-pyca.md`.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CertkitError } from '../src/der/index';
import { parseCrl, verifyCrl, verifyCrlSync, type Crl } from '../src/crl/index';
import { parseCertificate } from '../src/x509/certificate';
import { crlEntries, crlIndexOf, crlToJson } from '../src/crl/index';

const DIR = join(__dirname, 'vectors/pyca-x509/x509/custom');

function load(file: string): Uint8Array | string {
  const b = readFileSync(join(DIR, file));
  return file.endsWith('.der') ? new Uint8Array(b) : b.toString('utf8');
}

function outcome(file: string, lenient: boolean, deep: boolean): string {
  let c: Crl;
  try {
    c = parseCrl(load(file), { lenient });
    if (deep) crlToJson(c);
  } catch (e) {
    if (!(e instanceof CertkitError)) throw e;
    return `error ${e.code}`;
  }
  return c.unusable ? `unusable ${c.unusable.code}` : `ok ${c.size}`;
}

const rows = readFileSync(join(__dirname, 'crl-pyca.md'), 'utf8')
  .split('\n')
  .filter((l) => l.startsWith('| `'))
  .map((l) => l.split('|').map((c) => c.trim()))
  .map((c) => ({ file: c[1]!.replace(/`/g, ''), strict: c[2]!, lenient: c[3]!, deep: c[4]! }));

describe('pyca CRL vectors (test/crl-pyca.md)', () => {
  it('the table covers every copied crl_* vector', () => {
    expect(rows.length).toBe(24);
  });
  for (const r of rows) {
    it(r.file, () => {
      expect(outcome(r.file, false, false)).toBe(r.strict);
      expect(outcome(r.file, true, false)).toBe(r.lenient);
      expect(outcome(r.file, true, true)).toBe(r.deep);
    });
  }
  it('signatures: valid_signature_crl verifies under its certificate, invalid_signature_crl does not', async () => {
    for (const [name, ok] of [
      ['valid', true],
      ['invalid', false],
    ] as const) {
      const crl = parseCrl(load(`${name}_signature_crl.pem`));
      const cert = parseCertificate(load(`${name}_signature_cert.pem`));
      expect(verifyCrlSync(crl, cert)).toBe(ok);
      expect(await verifyCrl(crl, cert)).toBe(ok);
    }
  });
  it('the 10k CRL: index and entries agree', () => {
    const crl = parseCrl(load('crl_almost_10k.pem'));
    let n = 0;
    for (const e of crlEntries(crl)) {
      expect(crlIndexOf(crl, e.serialNumber)).toBe(e.index);
      n++;
    }
    expect(n).toBe(9999);
    expect(crl.duplicateCount).toBe(0);
  });
});
