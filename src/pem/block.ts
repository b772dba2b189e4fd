/**
 * A lean PEM reader for parse-only bundles: the DER bytes of the first block with a given
 * label, with the rules, error codes, lines, columns and offsets of `toDer` (`pem.ts`), in a
 * fraction of its code.
 *
 * Scope: exactly the input `toDer(input, label)` accepts, and for what it refuses the same
 * `PemError` code, `line`, `column` and `offset` (RFC 7468 §3 lax parsing: explanatory text,
 * CRLF/LF/CR line ends, whitespace in the body; the legacy labels of §5.1 and §7; RFC 1421
 * headers refused; strict RFC 4648 base64 through the same decoding core as `decodeBase64`).
 * `test/pem-block.test.ts` holds the two to the same answers. The messages are shorter than
 * `toDer`'s, and an `invalid-base64` error has no `Base64Error` cause.
 * Non-goals: the block's label and line, several blocks, encoding: use `decodePem`,
 * `decodePemAll` and `encodePem`.
 * @module
 */

import { _decodeStrict, _latin1 } from './base64';
import { PemError, _LABEL_RE, _countLines, _fastBlock, _firstSignificantByte, _isWs, _labelMatches, _trimEdges, type _Line } from './pem';

/** What is wrong with the base64, by the fault kinds of `_decodeStrict`. */
const _B64_FAULTS = ['bad character', "'=' before the end", 'length not a multiple of 4', 'non-zero padding bits'];

function _err(code: ConstructorParameters<typeof PemError>[0], message: string, ln: { no: number; offset: number }, offset = ln.offset): never {
  throw new PemError(code, message, ln.no, { offset });
}

/**
 * The label of a `-----BEGIN label-----` / `-----END label-----` line (trimmed), as `pem.ts`'s
 * boundary check: `invalid-boundary` for another shape, `invalid-label` for a label outside the
 * RFC 7468 §3 grammar, both at the line's first hyphen.
 */
function _boundary(s: string, kind: string, ln: _Line): string {
  const at = ln.offset + ln.text.indexOf('-');
  const n = kind.length + 6;
  if (!s.startsWith(`-----${kind} `) || !s.endsWith('-----') || s.length < n + 5) _err('invalid-boundary', `malformed ${kind} line`, ln, at);
  const label = s.slice(n, -5);
  if (!_LABEL_RE.test(label)) _err('invalid-label', `${kind} label is not an RFC 7468 label`, ln, at);
  return label;
}

/** RFC 1421 §4.6 headers are refused (RFC 7468 §2), the encrypted "traditional" key form apart. */
function _headers(label: string, body: _Line[]): void {
  const first = body.find((l) => _trimEdges(l.text) !== '');
  if (first === undefined || !first.text.includes(':')) return;
  for (let i = body.indexOf(first); i < body.length; i++) {
    const l = body[i]!;
    const t = _trimEdges(l.text);
    if (t === '') break;
    if (/^Proc-Type\s*:\s*4\s*,\s*ENCRYPTED$/i.test(t)) _err('encrypted-pem-unsupported', `encrypted ${label} block (RFC 1421 Proc-Type); decrypt it first`, l);
  }
  _err('pem-header-unsupported', `RFC 1421 header in the ${label} block (RFC 7468 has none)`, first);
}

/** The body's base64 (whitespace removed), decoded; a fault is reported at its line and column. */
function _body(label: string, begin: _Line, body: _Line[]): Uint8Array {
  _headers(label, body);
  const parts = body.map((l) => l.text.replace(/[ \t\v\f]+/g, ''));
  const r = _decodeStrict(parts.join(''));
  if (r instanceof Uint8Array) return r;
  const [index, kind] = r;
  // the last body line holding characters at or before `index` (for a bad length, index === total)
  let k = -1;
  let kStart = 0;
  for (let j = 0, st = 0; j < parts.length; st += parts[j]!.length, j++) {
    if (parts[j]!.length > 0 && st <= index) {
      k = j;
      kStart = st;
    }
  }
  const ln = body[k] ?? begin;
  const within = k >= 0 ? index - kStart : 0;
  // column of the `within`-th non-whitespace character of the line (0-based here)
  let col = ln.text.length;
  for (let i = 0, seen = 0; i < ln.text.length; i++) {
    if (_isWs(ln.text.charCodeAt(i))) continue;
    if (seen++ === within) {
      col = i;
      break;
    }
  }
  throw new PemError('invalid-base64', `invalid base64 (${_B64_FAULTS[kind]})`, ln.no, { offset: ln.offset + col, column: col + 1 });
}

/**
 * DER bytes from DER or PEM input, as `toDer(input, label)` gives them (same input rules, same
 * result, same error codes and positions), with less code: for bundles that read one kind of
 * block and nothing else of the PEM layer.
 *
 * - A string is PEM text: the first block labelled `label` (or its RFC 7468 legacy form) is
 *   decoded; blocks with other labels before it are checked for structure and skipped.
 * - A `Uint8Array` whose first byte after whitespace and a UTF-8 byte order mark is `-` is PEM
 *   text (error offsets are byte offsets); any other `Uint8Array` is returned as is.
 *
 * @throws PemError `no-pem-block`, `unexpected-label`, `missing-end-line`, `label-mismatch`,
 *   `invalid-label`, `invalid-boundary`, `invalid-base64`, `encrypted-pem-unsupported`,
 *   `pem-header-unsupported`; TypeError for other input types; RangeError for a `label` outside
 *   the RFC 7468 grammar.
 * @example
 * ```ts
 * const der = pemBlockToDer(pemText, 'CERTIFICATE');
 * ```
 */
export function pemBlockToDer(input: Uint8Array | string, label: string): Uint8Array {
  if (typeof label !== 'string') throw new TypeError('pemBlockToDer: label must be a string');
  if (!_LABEL_RE.test(label)) throw new RangeError(`pemBlockToDer: ${JSON.stringify(label)} is not an RFC 7468 label`);
  let text: string;
  if (typeof input === 'string') text = input;
  else if (!(input instanceof Uint8Array)) throw new TypeError('pemBlockToDer: input must be a Uint8Array or a string');
  else {
    if (_firstSignificantByte(input) !== 0x2d) return input;
    text = _latin1(input);
    // a UTF-8 BOM reads as three Latin-1 characters: blank them so offsets stay byte offsets
    if (text.startsWith('\u00ef\u00bb\u00bf')) text = `   ${text.slice(3)}`;
  }
  const fast = _fastBlock(text, label);
  if (fast !== undefined) return fast;
  const n = text.length;
  let open: { label: string; begin: _Line; body: _Line[] } | undefined;
  let other: _Line | undefined;
  // lines end at CRLF, LF or CR; the last one may be empty (as `pem.ts` splits them)
  for (let pos = 0, no = 1; ; no++) {
    let i = pos;
    for (let c = text.charCodeAt(i); i < n && c !== 10 && c !== 13; c = text.charCodeAt(++i));
    const ln: _Line = { text: text.slice(pos, i), no, offset: pos };
    // RFC 7468 §3: whitespace around a boundary (and a byte order mark) is ignored
    const s = _trimEdges(ln.text);
    if (open === undefined) {
      if (s.startsWith('-----BEGIN')) open = { label: _boundary(s, 'BEGIN', ln), begin: ln, body: [] };
    } else if (s.startsWith('-----END')) {
      if (_boundary(s, 'END', ln) !== open.label) _err('label-mismatch', 'END label differs from the BEGIN label', ln);
      if (_labelMatches(open.label, label)) return _body(label, open.begin, open.body);
      other ??= open.begin;
      open = undefined;
    } else if (s.startsWith('-----BEGIN')) _err('missing-end-line', 'no END line before the next BEGIN', open.begin);
    else open.body.push(ln);
    if (i >= n) break;
    pos = i + (text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1);
  }
  if (open !== undefined) _err('missing-end-line', 'no END line', open.begin);
  if (other === undefined) _err('no-pem-block', 'no BEGIN line', { no: _countLines(text), offset: n });
  return _err('unexpected-label', `no ${label} block`, other);
}
