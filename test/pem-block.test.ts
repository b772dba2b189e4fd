/**
 * `pemBlockToDer` (src/pem/block.ts) gives the answers of `toDer` (src/pem/pem.ts): the same
 * bytes, or a PemError with the same code, line, column and offset, and the same TypeError /
 * RangeError for bad arguments. Checked over every PEM file of the test vectors (as text and as
 * bytes, for several labels), Node's root store, the error cases of the PEM tests, and random
 * and mutated PEM (fast-check).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rootCertificates } from 'node:tls';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PemError, encodePem, pemBlockToDer, toDer } from '../src/pem/index';

type Out = { ok: string } | { err: { name: string; code?: string; line?: number; column?: number; offset?: number } };

function run(fn: () => Uint8Array): Out {
  try {
    return { ok: Buffer.from(fn()).toString('hex') };
  } catch (e) {
    if (e instanceof PemError) return { err: { name: e.name, code: e.code, line: e.line, column: e.column, offset: e.offset } };
    if (e instanceof TypeError || e instanceof RangeError) return { err: { name: e.name } };
    throw e;
  }
}

/** Both functions on the same input; returns whether it was accepted. */
function same(input: string | Uint8Array, label: string): boolean {
  const a = run(() => toDer(input, label));
  expect(run(() => pemBlockToDer(input, label))).toEqual(a);
  return 'ok' in a;
}

const LABELS = ['CERTIFICATE', 'CERTIFICATE REQUEST', 'PRIVATE KEY', 'X509 CRL', 'A'];

function pemFiles(): string[] {
  const root = fileURLToPath(new URL('./vectors/', import.meta.url));
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(pem|crt|csr|key|txt)$/i.test(e)) out.push(p);
    }
  };
  walk(root);
  return out;
}

describe('pemBlockToDer answers as toDer', () => {
  it('on every PEM file of the test vectors, as text and as bytes, for several labels', () => {
    const files = pemFiles();
    expect(files.length).toBeGreaterThan(50);
    let accepted = 0;
    let refused = 0;
    for (const f of files) {
      const bytes = readFileSync(f);
      const text = bytes.toString('latin1');
      for (const label of LABELS) {
        for (const input of [text, new Uint8Array(bytes)]) {
          if (same(input, label)) accepted++;
          else refused++;
        }
      }
    }
    expect(accepted).toBeGreaterThan(50);
    expect(refused).toBeGreaterThan(50);
  });

  it("on Node's root store, one by one and as one CRLF bundle", () => {
    for (const pem of rootCertificates) expect(same(pem, 'CERTIFICATE')).toBe(true);
    const bundle = rootCertificates.join('\r\n');
    expect(same(bundle, 'CERTIFICATE')).toBe(true);
    expect(same(bundle, 'X509 CRL')).toBe(false);
  });

  it('on each error case of the PEM tests', () => {
    const cases = [
      'hello\nworld\n',
      '',
      'intro\n-----BEGIN A-----\nQUJD\n',
      '-----BEGIN A-----\nQUJD\n\n-----BEGIN B-----\nQUJD\n-----END B-----\n',
      'x\ny\n-----BEGIN A-----\nQUJD\n-----END B-----\n',
      'text\n\n-----BEGIN PRIVATE KEY-----\nQUJD\n-----END PRIVATE KEY-----\n',
      '-----BEGIN A-----\nQUJD\nQU*D\n-----END A-----\n',
      '-----BEGIN A-----\n  QU JD\n\tQ UJ!\n-----END A-----\n',
      '-----BEGIN A-----\nQQ==\nQUJD\n-----END A-----\n',
      '-----BEGIN A-----\nQUJDRA\n\n-----END A-----\n',
      '-----BEGIN A-----\r\nQUJ=\r\n-----END A-----\r\n',
      '-----BEGIN -A-----\nQUJD\n-----END -A-----\n',
      '\n-----BEGIN A  B-----\nQUJD\n-----END A  B-----\n',
      '-----BEGIN A-----\nQUJD\n-----END A\u00e9-----\n',
      '-----BEGIN A-----QUJD\n-----END A-----\n',
      '-----BEGIN-----\n-----END-----\n',
      '-----BEGIN A-----\nQUJD\n-----END A---\n',
      '-----BEGIN A-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nQUJD\n-----END A-----\n',
      '-----BEGIN A-----\n\nComment: x\nProc-Type: 4,ENCRYPTED\n\nQUJD\n-----END A-----\n',
      '-----BEGIN A-----\nComment: hello\n\nQUJD\n-----END A-----\n',
      '-----BEGIN A-----\n\n-----END A-----',
      '\uFEFF  -----BEGIN A-----\r\r\n QUJD \n-----END A-----  \r',
      '-----BEGIN X509 CERTIFICATE-----\nQUJD\n-----END X509 CERTIFICATE-----\n',
    ];
    const codes = new Set<string>();
    for (const text of cases) {
      for (const label of ['A', 'CERTIFICATE', 'B']) {
        same(text, label);
        same(new TextEncoder().encode(text), label);
        const r = run(() => pemBlockToDer(text, label));
        if ('err' in r && r.err.code !== undefined) codes.add(r.err.code);
      }
    }
    // every PemError code was compared
    expect([...codes].sort()).toEqual([
      'encrypted-pem-unsupported',
      'invalid-base64',
      'invalid-boundary',
      'invalid-label',
      'label-mismatch',
      'missing-end-line',
      'no-pem-block',
      'pem-header-unsupported',
      'unexpected-label',
    ]);
  });

  it('on bad arguments (TypeError, RangeError) and on DER bytes (returned as they are)', () => {
    for (const [input, label] of [
      [42, 'A'],
      ['x', 42],
      ['x', 'bad--label'],
      [Uint8Array.of(0x30), ' A'],
    ] as Array<[unknown, unknown]>) {
      same(input as string, label as string);
      expect('err' in run(() => pemBlockToDer(input as string, label as string))).toBe(true);
    }
    const der = Uint8Array.of(0x30, 0x00);
    expect(pemBlockToDer(der, 'CERTIFICATE')).toBe(der);
  });

  it('on random, encoded and mutated PEM, as text and as bytes (property)', () => {
    const LABEL_CHARS = Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i)).filter((c) => c !== '-');
    const labelArb = fc.oneof(
      fc.constantFrom('CERTIFICATE', 'X509 CERTIFICATE', 'A', 'B'),
      fc.array(fc.constantFrom(...LABEL_CHARS), { minLength: 1, maxLength: 5 }).map((a) => a.join('')),
    );
    const textArb = fc.array(fc.constantFrom('hello', ' ', '', 'Comment: x', 'Proc-Type: 4,ENCRYPTED', '\t', '-----', 'QUJD'), { maxLength: 3 }).map((l) => l.join('\n'));
    const pem = fc.tuple(fc.array(fc.tuple(labelArb, fc.uint8Array({ maxLength: 80 }), textArb), { minLength: 1, maxLength: 3 }), fc.constantFrom('\n', '\r\n', '\r')).map(([blocks, eol]) =>
      blocks
        .map(([l, d, t]) => `${t}\n${encodePem(l, d)}`)
        .join('')
        .replace(/\n/g, eol),
    );
    const mutated = fc
      .tuple(pem, fc.array(fc.tuple(fc.nat(), fc.constantFrom('-', ' ', '=', '\n', '\r', ':', '*', 'A', '-----BEGIN A-----\n', '-----END A-----\n', '\uFEFF'), fc.nat({ max: 3 })), { maxLength: 4 }))
      .map(([text, edits]) => {
        let t = text;
        for (const [at, ins, del] of edits) {
          const i = at % (t.length + 1);
          t = t.slice(0, i) + ins + t.slice(i + del);
        }
        return t;
      });
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.oneof(fc.string(), pem, mutated, mutated), fc.constantFrom('CERTIFICATE', 'A', 'B'), (text, label) => {
        if (same(text, label)) accepted++;
        else refused++;
        // eslint-disable-next-line no-control-regex -- Latin-1 text: every code unit from 0x00 up
        if (/^[\x00-\xff]*$/.test(text))
          same(
            Uint8Array.from(text, (c) => c.charCodeAt(0)),
            label,
          );
      }),
      { numRuns: 4000 },
    );
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });
});
