/**
 * RFC 7468 PEM and the strict base64 under it: round trips (fast-check), the strict encoder
 * form, the lax parser (explanatory text, CRLF/CR, whitespace), legacy labels, every error
 * code with its line, and interop with OpenSSL, Node (`Buffer` as a base64 oracle,
 * `X509Certificate`, `tls.rootCertificates`) and the pyca vectors.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rootCertificates } from 'node:tls';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CertkitError } from '../src/der/errors';
import { Base64Error, PemError, decodeBase64, decodePem, decodePemAll, encodeBase64, encodePem, toDer } from '../src/pem/index';
import type { PemErrorCode } from '../src/pem/index';

const VECTORS = fileURLToPath(new URL('./vectors/pyca-x509/x509/', import.meta.url));
const vector = (p: string): Buffer => readFileSync(join(VECTORS, p));
const vectorText = (p: string): string => readFileSync(join(VECTORS, p), 'latin1');

/** An independent PEM reader for the oracle: everything between the markers, through Buffer. */
function oracleBlocks(text: string): Array<{ label: string; der: Buffer }> {
  const re = /-----BEGIN ([^-\r\n]*)-----([\s\S]*?)-----END \1-----/g;
  return [...text.matchAll(re)].map((m) => ({ label: m[1]!, der: Buffer.from(m[2]!.replace(/\s+/g, ''), 'base64') }));
}

function pemError(fn: () => unknown): PemError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PemError);
    expect(e).toBeInstanceOf(CertkitError);
    return e as PemError;
  }
  throw new Error('expected a PemError');
}

function base64Error(fn: () => unknown): Base64Error {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(Base64Error);
    expect(e).toBeInstanceOf(CertkitError);
    return e as Base64Error;
  }
  throw new Error('expected a Base64Error');
}

// RFC 7468 §3: label = [ labelchar *( ["-" / SP] labelchar ) ]
const LABEL_CHARS = Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i)).filter((c) => c !== '-');
const labelArb = fc.array(fc.tuple(fc.constantFrom('', '-', ' '), fc.constantFrom(...LABEL_CHARS)), { maxLength: 24 }).map((parts) => parts.map(([sep, c], i) => (i === 0 ? c : sep + c)).join(''));
const bytesArb = fc.uint8Array({ maxLength: 600 });
// explanatory text: printable lines that never start a boundary
const textLineArb = fc.string({ maxLength: 70 }).filter((s) => !/[\r\n]/.test(s) && !s.trim().startsWith('-----'));
const textArb = fc.array(textLineArb, { maxLength: 4 }).map((lines) => lines.map((l) => `${l}\n`).join(''));

describe('base64', () => {
  it('encodes and decodes like Node Buffer (property)', () => {
    fc.assert(
      fc.property(bytesArb, (bytes) => {
        const b64 = encodeBase64(bytes);
        expect(b64).toBe(Buffer.from(bytes).toString('base64'));
        expect(decodeBase64(b64)).toEqual(new Uint8Array(bytes));
      }),
      { numRuns: 500 },
    );
  });

  it('handles the RFC 4648 §10 test vectors', () => {
    const vectors: Array<[string, string]> = [
      ['', ''],
      ['f', 'Zg=='],
      ['fo', 'Zm8='],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg=='],
      ['fooba', 'Zm9vYmE='],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, b64] of vectors) {
      expect(encodeBase64(new TextEncoder().encode(plain))).toBe(b64);
      expect(new TextDecoder().decode(decodeBase64(b64))).toBe(plain);
    }
  });

  it('encodes and decodes large inputs (no call-stack limit)', () => {
    const big = new Uint8Array(3_000_001).map((_, i) => (i * 7) & 255);
    const b64 = encodeBase64(big);
    // compare with Buffer.compare: vitest's deep equality is slow on megabyte arrays
    expect(b64 === Buffer.from(big).toString('base64')).toBe(true);
    expect(Buffer.compare(decodeBase64(b64), big)).toBe(0);
    const pem = encodePem('BIG', big);
    expect(Buffer.compare(decodePem(pem, 'BIG').der, big)).toBe(0);
  });

  it('rejects a character outside the alphabet with its index (property)', () => {
    const bad = fc.constantFrom(' ', '\n', '\t', '-', '_', '.', '!', '*', '\u00e9', '\u{1F600}', '\0', ':');
    fc.assert(
      fc.property(bytesArb, bad, fc.nat(), (bytes, c, k) => {
        const b64 = encodeBase64(bytes);
        const dataEnd = b64.replace(/=+$/, '').length;
        const at = k % (dataEnd + 1);
        const e = base64Error(() => decodeBase64(b64.slice(0, at) + c + b64.slice(at)));
        expect(e.code).toBe('invalid-base64');
        expect(e.offset).toBe(at);
        expect(e.message).toContain(`at index ${at}`);
      }),
    );
  });

  it('rejects padding before the end, with its index', () => {
    for (const [s, at] of [
      ['Zg==Zm8=', 2],
      ['=Zm9', 0],
      ['Z===', 1],
      ['====', 0],
      ['Zm=v', 2],
    ] as const) {
      const e = base64Error(() => decodeBase64(s));
      expect(e.offset, s).toBe(at);
      expect(e.reason).toContain("padding '='");
    }
  });

  it('rejects a length that is not a multiple of 4, at the end of the input', () => {
    for (const s of ['Z', 'Zg', 'Zg=', 'Zm9', 'Zm9vY', 'Zm9vYg']) {
      const e = base64Error(() => decodeBase64(s));
      expect(e.offset, s).toBe(s.length);
      expect(e.reason).toContain('not a multiple of 4');
    }
  });

  it('rejects non-zero padding bits (RFC 4648 §3.5), which Buffer accepts', () => {
    expect(decodeBase64('QQ==')).toEqual(new Uint8Array([0x41]));
    expect(decodeBase64('QUI=')).toEqual(new Uint8Array([0x41, 0x42]));
    for (const [s, at] of [
      ['QR==', 1],
      ['QUJ=', 2],
      ['Zm9vYh==', 5],
    ] as const) {
      expect(Buffer.from(s, 'base64').length).toBeGreaterThan(0);
      const e = base64Error(() => decodeBase64(s));
      expect(e.offset, s).toBe(at);
      expect(e.reason).toContain('non-zero padding bits');
    }
  });

  it('gives a value or a Base64Error for any string (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[A-Za-z0-9+/=]*$/)), (s) => {
        try {
          const out = decodeBase64(s);
          // whatever is accepted is the canonical encoding of the result
          expect(encodeBase64(out)).toBe(s);
        } catch (e) {
          expect(e).toBeInstanceOf(Base64Error);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses wrong argument types with a TypeError', () => {
    expect(() => encodeBase64('abc' as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => decodeBase64(new Uint8Array(4) as unknown as string)).toThrow(TypeError);
  });
});

describe('encodePem', () => {
  it('writes 64-column lines, LF line ends and a final newline (RFC 7468 §2)', () => {
    const der = new Uint8Array(200).map((_, i) => i);
    const pem = encodePem('CERTIFICATE', der);
    expect(pem.includes('\r')).toBe(false);
    expect(pem.endsWith('-----END CERTIFICATE-----\n')).toBe(true);
    const lines = pem.split('\n');
    expect(lines[0]).toBe('-----BEGIN CERTIFICATE-----');
    expect(lines.at(-1)).toBe('');
    const body = lines.slice(1, -2);
    expect(body.slice(0, -1).every((l) => l.length === 64)).toBe(true);
    expect(body.at(-1)!.length).toBeLessThanOrEqual(64);
    expect(body.join('')).toBe(Buffer.from(der).toString('base64'));
  });

  it('writes an empty body as BEGIN and END lines only', () => {
    expect(encodePem('X', new Uint8Array(0))).toBe('-----BEGIN X-----\n-----END X-----\n');
    expect(decodePem(encodePem('X', new Uint8Array(0)))).toEqual({ label: 'X', der: new Uint8Array(0), line: 1 });
  });

  it('refuses labels outside the RFC 7468 grammar with a RangeError', () => {
    for (const bad of ['-X', 'X-', 'A  B', 'A--B', 'A -B', ' A', 'A\nB', 'CERT\u00c9', 'A---B']) {
      expect(() => encodePem(bad, new Uint8Array(1)), JSON.stringify(bad)).toThrow(RangeError);
    }
    expect(() => encodePem('X', [1, 2] as unknown as Uint8Array)).toThrow(TypeError);
  });
});

describe('decodePem and decodePemAll: round trips (properties)', () => {
  it('decodePem(encodePem(label, der)) gives back label, der and line 1', () => {
    fc.assert(
      fc.property(labelArb, bytesArb, (label, der) => {
        expect(decodePem(encodePem(label, der))).toEqual({ label, der, line: 1 });
        expect(decodePem(encodePem(label, der), label).der).toEqual(der);
      }),
      { numRuns: 300 },
    );
  });

  it('survives CRLF or CR line ends, explanatory text, and whitespace in the body (RFC 7468 §3)', () => {
    const eol = fc.constantFrom('\n', '\r\n', '\r');
    const ws = fc.constantFrom('', ' ', '\t', '  ', '\v', '\f');
    fc.assert(
      fc.property(labelArb, bytesArb, textArb, textArb, eol, ws, fc.nat(), (label, der, before, after, nl, w, seed) => {
        const pem = encodePem(label, der);
        const lines = pem.trimEnd().split('\n');
        // sprinkle whitespace inside base64 lines and a blank line, as the lax grammar allows
        const body = lines.slice(1, -1).map((l, i) => {
          const at = (seed + i) % (l.length + 1);
          return `${w}${l.slice(0, at)}${w}${l.slice(at)}${w}`;
        });
        if (body.length > 1) body.splice(1, 0, w);
        const mangled = [`${w}${lines[0]}${w}`, ...body, `${lines.at(-1)}${w}`].join(nl);
        const text = (before + mangled + nl + after).replace(/\n/g, nl);
        const beginLine = (before.match(/\n/g)?.length ?? 0) + 1;
        expect(decodePem(text, label)).toEqual({ label, der, line: beginLine });
        expect(decodePemAll(text)).toEqual([{ label, der, line: beginLine }]);
      }),
      { numRuns: 300 },
    );
  });

  it('decodePemAll finds every block in order, with their lines, matching the Buffer oracle', () => {
    const block = fc.tuple(labelArb, bytesArb, textArb);
    fc.assert(
      fc.property(fc.array(block, { maxLength: 5 }), textArb, fc.constantFrom('\n', '\r\n'), (blocks, tail, nl) => {
        let text = '';
        const expected: Array<{ label: string; der: Uint8Array; line: number }> = [];
        for (const [label, der, before] of blocks) {
          text += before;
          expected.push({ label, der, line: (text.match(/\n/g)?.length ?? 0) + 1 });
          text += encodePem(label, der);
        }
        text = (text + tail).replace(/\n/g, nl);
        expect(decodePemAll(text)).toEqual(expected);
        // labels with '-' inside confuse the naive oracle regex; compare where it applies
        if (blocks.every(([label]) => !label.includes('-'))) {
          expect(oracleBlocks(text).map((b) => new Uint8Array(b.der))).toEqual(expected.map((b) => b.der));
        }
        if (expected.length === 0) expect(pemError(() => decodePem(text)).code).toBe('no-pem-block');
        else expect(decodePem(text)).toEqual(expected[0]);
      }),
      { numRuns: 200 },
    );
  });

  it('gives blocks or a PemError for any text, and for mutated PEM (property)', () => {
    const pem = fc.tuple(labelArb, bytesArb).map(([l, d]) => encodePem(l, d));
    const mutated = fc.tuple(pem, fc.array(fc.tuple(fc.nat(), fc.string({ maxLength: 3 }), fc.nat({ max: 3 })), { maxLength: 4 })).map(([text, edits]) => {
      let t = text;
      for (const [at, ins, del] of edits) {
        const i = at % (t.length + 1);
        t = t.slice(0, i) + ins + t.slice(i + del);
      }
      return t;
    });
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), mutated), (text) => {
        for (const run of [() => decodePemAll(text), () => decodePem(text), () => decodePem(text, 'CERTIFICATE')]) {
          try {
            run();
          } catch (e) {
            expect(e).toBeInstanceOf(PemError);
            const pe = e as PemError;
            expect(pe.line).toBeGreaterThanOrEqual(1);
            expect(pe.message.startsWith(`line ${pe.line}`)).toBe(true);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('hostile input takes linear time', () => {
  // each input is about 1 MB; a quadratic step would take minutes, not milliseconds
  const n = 1_000_000;
  const inputs: Array<[string, string]> = [
    ['a line of spaces between two characters', `x${' '.repeat(n)}x\n`],
    ['a BEGIN line padded with spaces', `-----BEGIN A-----${' '.repeat(n)}x\n`],
    ['a huge invalid label', `-----BEGIN ${'A '.repeat(n / 2)}-----\n`],
    ['a huge valid label without END', `-----BEGIN ${'A'.repeat(n)}-----\nQUJD\n`],
    ['a huge label in a matching pair', `-----BEGIN ${'A'.repeat(n)}-----\nQU!D\n-----END ${'A'.repeat(n)}-----\n`],
    ['a million empty lines', '\n'.repeat(n)],
    ['a million CRs inside a block', `-----BEGIN A-----${'\r'.repeat(n)}-----END A-----`],
    ['a body line of spaces and tabs', `-----BEGIN A-----\n${' \t'.repeat(n / 2)}!\n-----END A-----\n`],
    ['many BEGIN lines', '-----BEGIN A-----\n'.repeat(n / 18)],
    ['many small blocks', '-----BEGIN A-----\nQUJD\n-----END A-----\n'.repeat(n / 36)],
  ];
  for (const [what, text] of inputs) {
    // A hostile input must not hang: the test's own timeout is the guard (no timing assertion).
    it(what, { timeout: 30_000 }, () => {
      for (const run of [() => decodePemAll(text), () => decodePem(text, 'B')]) {
        try {
          run();
        } catch (e) {
          expect(e).toBeInstanceOf(PemError);
          expect((e as PemError).message.length).toBeLessThan(1000);
        }
      }
    });
  }
});

describe('labels', () => {
  const cert = encodePem('CERTIFICATE', new Uint8Array([0x30, 0x00]));
  const legacy = cert.replace(/CERTIFICATE/g, 'X509 CERTIFICATE');

  it('skips blocks with other labels when a label is expected', () => {
    const key = encodePem('PRIVATE KEY', new Uint8Array([1, 2, 3]));
    const text = `${key}${cert}`;
    expect(decodePem(text).label).toBe('PRIVATE KEY');
    expect(decodePem(text, 'CERTIFICATE')).toEqual({ label: 'CERTIFICATE', der: new Uint8Array([0x30, 0]), line: 4 });
  });

  it('does not decode the bodies of skipped blocks', () => {
    const broken = '-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n';
    expect(decodePem(broken + cert, 'CERTIFICATE').der).toEqual(new Uint8Array([0x30, 0]));
    expect(pemError(() => decodePemAll(broken + cert)).code).toBe('invalid-base64');
  });

  it('accepts the legacy labels for the modern ones, and reports the label as written (RFC 7468 §5.1, §7)', () => {
    expect(decodePem(legacy, 'CERTIFICATE')).toEqual({ label: 'X509 CERTIFICATE', der: new Uint8Array([0x30, 0]), line: 1 });
    const csr = encodePem('NEW CERTIFICATE REQUEST', new Uint8Array([0x30, 0]));
    expect(decodePem(csr, 'CERTIFICATE REQUEST').label).toBe('NEW CERTIFICATE REQUEST');
    // not the other way round, and no other aliases
    expect(pemError(() => decodePem(cert, 'X509 CERTIFICATE')).code).toBe('unexpected-label');
    expect(pemError(() => decodePem(encodePem('TRUSTED CERTIFICATE', new Uint8Array(1)), 'CERTIFICATE')).code).toBe('unexpected-label');
  });

  it('matches labels exactly otherwise (case and spacing count)', () => {
    expect(pemError(() => decodePem(cert, 'Certificate')).code).toBe('unexpected-label');
    expect(() => decodePem(cert, 'CERTIFICATE ')).toThrow(RangeError);
  });
});

describe('errors: each code with its line', () => {
  const cases: Array<[string, string, PemErrorCode, number, number?]> = [
    ['no BEGIN line at all', 'hello\nworld\n', 'no-pem-block', 2],
    ['empty input', '', 'no-pem-block', 1],
    ['END line missing at end of input', 'intro\n-----BEGIN A-----\nQUJD\n', 'missing-end-line', 2],
    ['END line missing before the next BEGIN', '-----BEGIN A-----\nQUJD\n\n-----BEGIN B-----\nQUJD\n-----END B-----\n', 'missing-end-line', 1],
    ['END label differs', 'x\ny\n-----BEGIN A-----\nQUJD\n-----END B-----\n', 'label-mismatch', 5],
    ['unexpected label', 'text\n\n-----BEGIN PRIVATE KEY-----\nQUJD\n-----END PRIVATE KEY-----\n', 'unexpected-label', 3],
    ['bad base64 character', '-----BEGIN A-----\nQUJD\nQU*D\n-----END A-----\n', 'invalid-base64', 3, 3],
    ['bad base64 after whitespace', '-----BEGIN A-----\n  QU JD\n\tQ UJ!\n-----END A-----\n', 'invalid-base64', 3, 6],
    ['padding in the middle (two blocks glued)', '-----BEGIN A-----\nQQ==\nQUJD\n-----END A-----\n', 'invalid-base64', 2, 3],
    ['truncated body', '-----BEGIN A-----\nQUJDRA\n\n-----END A-----\n', 'invalid-base64', 2, 7],
    ['non-canonical padding bits', '-----BEGIN A-----\r\nQUJ=\r\n-----END A-----\r\n', 'invalid-base64', 2, 3],
    ['label with a leading hyphen', '-----BEGIN -A-----\nQUJD\n-----END -A-----\n', 'invalid-label', 1],
    ['label with two spaces', '\n-----BEGIN A  B-----\nQUJD\n-----END A  B-----\n', 'invalid-label', 2],
    ['bad END label', '-----BEGIN A-----\nQUJD\n-----END A\u00e9-----\n', 'invalid-label', 3],
    ['BEGIN line with data after it', '-----BEGIN A-----QUJD\n-----END A-----\n', 'invalid-boundary', 1],
    ['BEGIN without a space', '-----BEGIN-----\n-----END-----\n', 'invalid-boundary', 1],
    ['END line cut short', '-----BEGIN A-----\nQUJD\n-----END A---\n', 'invalid-boundary', 3],
    ['OpenSSL traditional encrypted key', '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nQUJD\n-----END RSA PRIVATE KEY-----\n', 'encrypted-pem-unsupported', 2],
    ['Proc-Type after another header', '-----BEGIN A-----\n\nComment: x\nProc-Type: 4,ENCRYPTED\n\nQUJD\n-----END A-----\n', 'encrypted-pem-unsupported', 4],
    ['other RFC 1421 header', '-----BEGIN A-----\nComment: hello\n\nQUJD\n-----END A-----\n', 'pem-header-unsupported', 2],
  ];
  for (const [what, text, code, line, column] of cases) {
    it(`${code}: ${what} (line ${line})`, () => {
      const run = code === 'unexpected-label' ? () => decodePem(text, 'CERTIFICATE') : () => decodePemAll(text);
      const e = pemError(code === 'no-pem-block' ? () => decodePem(text) : run);
      expect(e.code).toBe(code);
      expect(e.line).toBe(line);
      expect(e.message.startsWith(column === undefined ? `line ${line}: ` : `line ${line}, column ${column}: `)).toBe(true);
      expect(e.column).toBe(column);
      expect(typeof e.offset).toBe('number');
      if (code !== 'no-pem-block') {
        // offset points into the line at fault (column - 1 characters in, for base64 errors)
        const lineStarts = [0, ...[...text.matchAll(/\r\n|\r|\n/g)].map((m) => m.index! + m[0].length)];
        const start = lineStarts[line - 1]!;
        if (column !== undefined) expect(e.offset).toBe(start + column - 1);
        else expect(e.offset! >= start && e.offset! < (lineStarts[line] ?? text.length + 1)).toBe(true);
      }
    });
  }

  it('keeps the Base64Error as the cause of invalid-base64', () => {
    const e = pemError(() => decodePemAll('-----BEGIN A-----\nQU*D\n-----END A-----'));
    expect(e.cause).toBeInstanceOf(Base64Error);
  });

  it('reports the same line numbers with CRLF and CR line ends', () => {
    const text = 'a\nb\n-----BEGIN A-----\nQUJD\nQU*D\n-----END A-----\n';
    for (const nl of ['\r\n', '\r']) {
      const e = pemError(() => decodePemAll(text.replace(/\n/g, nl)));
      expect([e.code, e.line, e.column]).toEqual(['invalid-base64', 5, 3]);
    }
  });

  it('refuses a real OpenSSL traditional encrypted key', () => {
    const key = execFileSync('openssl', ['genrsa', '-traditional', '-aes128', '-passout', 'pass:certkit', '1024'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expect(key).toContain('Proc-Type: 4,ENCRYPTED');
    const e = pemError(() => decodePem(key, 'RSA PRIVATE KEY'));
    expect([e.code, e.line]).toEqual(['encrypted-pem-unsupported', 2]);
  });

  it('refuses wrong argument types with a TypeError', () => {
    expect(() => decodePem(new Uint8Array(2) as unknown as string)).toThrow(TypeError);
    expect(() => decodePemAll(null as unknown as string)).toThrow(TypeError);
    expect(() => toDer(42 as unknown as string, 'CERTIFICATE')).toThrow(TypeError);
  });
});

describe('toDer', () => {
  const der = new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x05]);
  const pem = encodePem('CERTIFICATE', der);

  it('decodes PEM strings and returns DER bytes as they are', () => {
    expect(toDer(pem, 'CERTIFICATE')).toEqual(der);
    expect(toDer(der, 'CERTIFICATE')).toBe(der);
  });

  it('reads PEM bytes starting with "-", after whitespace or a UTF-8 BOM', () => {
    const enc = new TextEncoder();
    expect(toDer(enc.encode(pem), 'CERTIFICATE')).toEqual(der);
    expect(toDer(enc.encode(`\r\n  ${pem}`), 'CERTIFICATE')).toEqual(der);
    expect(toDer(new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode(pem)]), 'CERTIFICATE')).toEqual(der);
  });

  it('reports byte offsets for PEM bytes, even after non-ASCII explanatory text', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('-----BEGIN CERTIFICATE-----\nQU*D\n-----END CERTIFICATE-----\n')]);
    const e = pemError(() => toDer(bytes, 'CERTIFICATE'));
    expect([e.code, e.line, e.offset]).toEqual(['invalid-base64', 2, 30]);
    const withText = new TextEncoder().encode(`${pem}caf\u00e9 \u{1F600}\n-----BEGIN X-----\n`);
    const e2 = pemError(() => toDer(withText, 'CERTIFICATE REQUEST'));
    expect(e2.code).toBe('missing-end-line');
    expect(withText[e2.offset!]).toBe(0x2d);
    expect(new TextDecoder().decode(withText.subarray(e2.offset!, e2.offset! + 17))).toBe('-----BEGIN X-----');
  });

  it('treats bytes with text before the armor as DER (documented: pass a string instead)', () => {
    const garbage = vector('cryptography.io.with_garbage.pem');
    expect(toDer(garbage, 'CERTIFICATE')).toBe(garbage);
    expect(toDer(garbage.toString('latin1'), 'CERTIFICATE')[0]).toBe(0x30);
  });

  it('checks the expected label', () => {
    expect(pemError(() => toDer(pem, 'X509 CRL')).code).toBe('unexpected-label');
    expect(() => toDer(der, 'bad--label')).toThrow(RangeError);
  });
});

describe('interop: OpenSSL', () => {
  it('decodes what `openssl req -new -x509` writes, and encodes it back byte for byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'certkit-pem-'));
    try {
      const key = join(dir, 'key.pem');
      const cert = join(dir, 'cert.pem');
      execFileSync('openssl', ['req', '-new', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=certkit pem test', '-days', '1', '-keyout', key, '-out', cert], {
        stdio: 'ignore',
      });
      const certPem = readFileSync(cert, 'utf8');
      const certDer = new Uint8Array(execFileSync('openssl', ['x509', '-in', cert, '-outform', 'DER']));
      expect(decodePem(certPem, 'CERTIFICATE').der).toEqual(certDer);
      expect(encodePem('CERTIFICATE', certDer)).toBe(certPem);
      expect(new Uint8Array(new X509Certificate(certPem).raw)).toEqual(certDer);

      const keyPem = readFileSync(key, 'utf8');
      const keyDer = new Uint8Array(execFileSync('openssl', ['pkcs8', '-topk8', '-nocrypt', '-in', key, '-outform', 'DER']));
      expect(decodePem(keyPem, 'PRIVATE KEY').der).toEqual(keyDer);
      expect(encodePem('PRIVATE KEY', keyDer)).toBe(keyPem);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes PEM that OpenSSL reads back to the same DER', () => {
    const der = new Uint8Array(vector('requests/rsa_sha256.der'));
    const pem = encodePem('CERTIFICATE REQUEST', der);
    const back = execFileSync('openssl', ['req', '-inform', 'PEM', '-outform', 'DER'], { input: pem });
    expect(new Uint8Array(back)).toEqual(der);
  });
});

describe('interop: pyca vectors', () => {
  it('finds the certificate among other blocks and text (cryptography.io.with_garbage.pem)', () => {
    const text = vectorText('cryptography.io.with_garbage.pem');
    const blocks = decodePemAll(text);
    expect(blocks.map((b) => [b.label, b.line])).toEqual([
      ['PRIVATE KEY', 3],
      ['CERTIFICATE', 9],
      ['PRIVATE KEY', 45],
    ]);
    expect(blocks.map((b) => b.der)).toEqual(oracleBlocks(text).map((b) => new Uint8Array(b.der)));
    const cert = decodePem(text, 'CERTIFICATE');
    expect(cert.line).toBe(9);
    const opensslDer = execFileSync('openssl', ['x509', '-outform', 'DER'], { input: text });
    expect(cert.der).toEqual(new Uint8Array(opensslDer));
  });

  it('reads the legacy X509 CERTIFICATE label (cryptography.io.old_header.pem)', () => {
    const old = decodePem(vectorText('cryptography.io.old_header.pem'), 'CERTIFICATE');
    expect(old.label).toBe('X509 CERTIFICATE');
    expect(old.der).toEqual(decodePem(vectorText('cryptography.io.pem'), 'CERTIFICATE').der);
    expect(toDer(vector('cryptography.io.old_header.pem'), 'CERTIFICATE')).toEqual(old.der);
  });

  it('reads the legacy NEW CERTIFICATE REQUEST label (requests/ec_sha256_old_header.pem)', () => {
    const csr = decodePem(vectorText('requests/ec_sha256_old_header.pem'), 'CERTIFICATE REQUEST');
    expect(csr.label).toBe('NEW CERTIFICATE REQUEST');
    expect(csr.der).toEqual(new Uint8Array(vector('requests/ec_sha256.der')));
  });

  it('matches the DER files shipped next to the PEM files', () => {
    for (const name of ['requests/ec_sha256', 'requests/rsa_sha256']) {
      expect(decodePem(vectorText(`${name}.pem`), 'CERTIFICATE REQUEST').der, name).toEqual(new Uint8Array(vector(`${name}.der`)));
    }
  });

  it('reads a chain (cryptography.io.chain.pem) like Node X509Certificate does', () => {
    const text = vectorText('cryptography.io.chain.pem');
    const blocks = decodePemAll(text);
    expect(blocks).toHaveLength(2);
    for (const b of blocks) {
      expect(b.label).toBe('CERTIFICATE');
      expect(new Uint8Array(new X509Certificate(encodePem('CERTIFICATE', b.der)).raw)).toEqual(b.der);
    }
    expect(blocks.map((b) => b.der)).toEqual(oracleBlocks(text).map((b) => new Uint8Array(b.der)));
  });
});

describe('interop: Node tls.rootCertificates', () => {
  it('decodes every root like X509Certificate, one by one and as one CRLF bundle', () => {
    expect(rootCertificates.length).toBeGreaterThan(50);
    const raws = rootCertificates.map((pem) => new Uint8Array(new X509Certificate(pem).raw));
    rootCertificates.forEach((pem, i) => {
      const block = decodePem(pem, 'CERTIFICATE');
      expect(block.der).toEqual(raws[i]);
    });
    const bundle = rootCertificates.map((p, i) => `# root ${i}\r\n${p.replace(/\n/g, '\r\n')}\r\n`).join('');
    const all = decodePemAll(bundle);
    expect(all.map((b) => b.der)).toEqual(raws);
    const second = bundle.indexOf('-----BEGIN', bundle.indexOf('-----END'));
    expect(all[1]!.line).toBe(bundle.slice(0, second).split('\r\n').length);
  });
});
