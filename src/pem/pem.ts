/**
 * PEM armor (RFC 7468): encode DER as text, and find and decode the blocks in a text.
 *
 * Scope: the RFC 7468 §3 lax parser (explanatory text before, between and after blocks;
 * CRLF, LF or CR line ends; whitespace and blank lines inside the base64 body), label checks
 * (the RFC 7468 §3 label grammar; BEGIN and END labels must match), the two legacy labels
 * RFC 7468 §5.1 and §7 describe (`X509 CERTIFICATE`, `NEW CERTIFICATE REQUEST`), and errors
 * that say which line is at fault. The encoder writes the strict form: 64-column lines,
 * LF line ends, a final newline (RFC 7468 §2).
 * Non-goals: RFC 1421 encapsulated headers and encrypted "traditional" keys (refused with
 * their own error codes), OpenSSH and OpenPGP armor.
 * @module
 */

import { CertkitError } from '../der/index';
import type { ErrorLocation } from '../der/index';
import { Base64Error, _decodeFast, _latin1, decodeBase64, encodeBase64 } from './base64';

/** Codes a {@link PemError} can carry. */
export type PemErrorCode =
  | 'no-pem-block' // no -----BEGIN line in the input
  | 'missing-end-line' // a block has no -----END line (end of input, or another BEGIN, first)
  | 'label-mismatch' // RFC 7468 §2: the END label differs from the BEGIN label
  | 'unexpected-label' // there are blocks, but none with the label the caller asked for
  | 'invalid-base64' // RFC 7468 §3 / RFC 4648 §4: a character, the padding or the length of the body
  | 'invalid-label' // RFC 7468 §3: the label breaks the grammar (e.g. a leading hyphen, two spaces)
  | 'invalid-boundary' // a line starting -----BEGIN / -----END that is not `-----BEGIN label-----`
  | 'encrypted-pem-unsupported' // RFC 1421 `Proc-Type: 4,ENCRYPTED` (OpenSSL "traditional" encrypted key)
  | 'pem-header-unsupported'; // RFC 7468 §2: other RFC 1421 headers (`Name: value`) inside a block

/**
 * An error in PEM text. `line` is the 1-based line number at fault (it is also in the message,
 * with the `column` for bad base64); `offset` is the index of the character at fault in the text (in the bytes, for a `Uint8Array`
 * given to {@link toDer}).
 *
 * @example
 * ```ts
 * try { decodePem(text, 'CERTIFICATE') } catch (e) {
 *   if (e instanceof PemError) console.log(e.code, e.line); // 'missing-end-line' 12
 * }
 * ```
 */
export class PemError extends CertkitError {
  declare readonly code: PemErrorCode;
  /** 1-based line number of the line at fault. */
  readonly line: number;
  /** 1-based column of the character at fault, for `invalid-base64`. */
  readonly column: number | undefined;
  constructor(code: PemErrorCode, message: string, line: number, location: ErrorLocation & { column?: number } = {}) {
    const where = location.column === undefined ? `line ${line}` : `line ${line}, column ${location.column}`;
    super(code, `${where}: ${message}`, location);
    this.name = 'PemError';
    this.line = line;
    this.column = location.column;
  }
}

/** One decoded PEM block. */
export interface PemBlock {
  /** The label as written after `-----BEGIN ` (a legacy label is not rewritten). */
  label: string;
  /** The decoded body, usually DER. A fresh buffer: it does not alias the text. */
  der: Uint8Array;
  /** 1-based line number of the `-----BEGIN` line. */
  line: number;
}

export interface _Line {
  text: string;
  /** 1-based line number */
  no: number;
  /** index of the line's first character in the input */
  offset: number;
}

interface RawBlock {
  label: string;
  begin: _Line;
  body: _Line[];
}

// RFC 7468 §3: label = [ labelchar *( ["-" / SP] labelchar ) ], labelchar = %x21-2C / %x2E-7E.
// A labelchar is never a separator, so this regex cannot backtrack. (Shared with `block.ts`, as
// are the other `export`ed `_` helpers below: internal to `certkit/pem`.)
export const _LABEL_RE = /^(?:[\x21-\x2c\x2e-\x7e](?:[- ]?[\x21-\x2c\x2e-\x7e])*)?$/;
// RFC 7468 §3: WSP plus VT and FF are whitespace inside the lax body (CR and LF end lines).
const BODY_WS_RE = /[ \t\v\f]+/g;

/** SP, HT, VT, FF: the `W` of RFC 7468 §3 that can occur within a line. */
export function _isWs(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0b || c === 0x0c;
}

/**
 * Trims whitespace (and a leading byte order mark) from both ends of a line. A loop, not
 * `/\s+$/`: an end-anchored regex retries every start position in a run of spaces, which is
 * quadratic on a hostile line.
 */
export function _trimEdges(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && (_isWs(s.charCodeAt(a)) || s.charCodeAt(a) === 0xfeff)) a++;
  while (b > a && _isWs(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/**
 * RFC 7468 §5.1 (`X509 CERTIFICATE`, written by old OpenSSL and Netscape tools) and §7
 * (`NEW CERTIFICATE REQUEST`, written by Netscape and Windows): accepted where the modern
 * label is expected, never written.
 */
function _legacyOf(label: string): string | undefined {
  switch (label) {
    case 'X509 CERTIFICATE':
      return 'CERTIFICATE';
    case 'NEW CERTIFICATE REQUEST':
      return 'CERTIFICATE REQUEST';
    default:
      return undefined;
  }
}

export function _labelMatches(label: string, expected: string): boolean {
  return label === expected || _legacyOf(label) === expected;
}

/** The last label `_checkLabelArg` accepted (a string: nothing to share but a value). */
let _labelOk = '';

function _checkLabelArg(fn: string, label: unknown): string {
  if (typeof label !== 'string') throw new TypeError(`${fn}: label must be a string`);
  if (label === _labelOk) return label;
  if (!_LABEL_RE.test(label)) {
    throw new RangeError(`${fn}: ${JSON.stringify(label)} is not an RFC 7468 label (printable ASCII, single inner spaces or hyphens)`);
  }
  _labelOk = label;
  return label;
}

/** Splits on CRLF, LF or CR; the last line may be empty. */
function* _lines(text: string): Generator<_Line> {
  let no = 1;
  let start = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) {
      yield { text: text.slice(start, i), no, offset: start };
      if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) i++;
      start = i + 1;
      no++;
    }
  }
  yield { text: text.slice(start), no, offset: start };
}

/** Number of lines as an editor shows them: CRLF ends one line, a final line end adds none. */
export function _countLines(text: string): number {
  const ends = text.match(/\r\n|\r|\n/g)?.length ?? 0;
  return Math.max(1, /[\r\n]$/.test(text) ? ends : ends + 1);
}

/** Parses `-----BEGIN label-----` / `-----END label-----` (already trimmed) and returns the label. */
function _boundary(s: string, kind: 'BEGIN' | 'END', ln: _Line): string {
  const prefix = `-----${kind} `;
  const at = { offset: ln.offset + ln.text.indexOf('-') };
  if (!s.startsWith(prefix) || !s.endsWith('-----') || s.length < prefix.length + 5) {
    throw new PemError('invalid-boundary', `malformed ${kind} line ${JSON.stringify(_clip(s))}: expected '-----${kind} <label>-----' alone on its line`, ln.no, at);
  }
  const label = s.slice(prefix.length, s.length - 5);
  if (!_LABEL_RE.test(label)) {
    throw new PemError('invalid-label', `${kind} label ${JSON.stringify(_clip(label))} is not an RFC 7468 label (printable ASCII, no leading, trailing or doubled spaces or hyphens)`, ln.no, at);
  }
  return label;
}

function _clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/**
 * Finds the blocks in order, checking their structure (boundaries, labels, END present).
 * Bodies are decoded later, only for the blocks the caller wants.
 */
function* _blocks(text: string): Generator<RawBlock> {
  let open: RawBlock | undefined;
  for (const ln of _lines(text)) {
    // RFC 7468 §3 (lax): whitespace may precede a boundary and follow it on its line;
    // a byte order mark before the first line is ignored too.
    const s = _trimEdges(ln.text);
    if (open === undefined) {
      // anything else outside a block is explanatory text (RFC 7468 §2)
      if (s.startsWith('-----BEGIN')) open = { label: _boundary(s, 'BEGIN', ln), begin: ln, body: [] };
      continue;
    }
    if (s.startsWith('-----END')) {
      const label = _boundary(s, 'END', ln);
      if (label !== open.label) {
        throw new PemError('label-mismatch', `END label ${JSON.stringify(_clip(label))} does not match the BEGIN label ${JSON.stringify(_clip(open.label))} of line ${open.begin.no}`, ln.no, {
          offset: ln.offset,
        });
      }
      yield open;
      open = undefined;
    } else if (s.startsWith('-----BEGIN')) {
      throw new PemError('missing-end-line', `the ${_clip(open.label)} block has no '-----END ${_clip(open.label)}-----' line before the next BEGIN line (line ${ln.no})`, open.begin.no, {
        offset: open.begin.offset,
      });
    } else {
      open.body.push(ln);
    }
  }
  if (open !== undefined) {
    throw new PemError('missing-end-line', `the ${_clip(open.label)} block has no '-----END ${_clip(open.label)}-----' line before the end of the input`, open.begin.no, { offset: open.begin.offset });
  }
}

/** Decodes one block's body: refuses RFC 1421 headers, strips whitespace, decodes base64. */
function _decodeBlock(raw: RawBlock): PemBlock {
  const { body, label } = raw;
  const first = body.find((l) => _trimEdges(l.text) !== '');
  if (first !== undefined && first.text.includes(':')) {
    // RFC 1421 §4.6 encapsulated headers run from the first body line to a blank line.
    // RFC 7468 §2 does not allow them; OpenSSL writes them for encrypted "traditional" keys.
    for (let i = body.indexOf(first); i < body.length; i++) {
      const l = body[i]!;
      if (_trimEdges(l.text) === '') break;
      if (/^Proc-Type\s*:\s*4\s*,\s*ENCRYPTED$/i.test(_trimEdges(l.text))) {
        throw new PemError(
          'encrypted-pem-unsupported',
          `the ${_clip(label)} block is encrypted with RFC 1421 headers (Proc-Type: 4,ENCRYPTED); decrypt it first (e.g. 'openssl pkey -in key.pem -out plain.pem') or use PKCS#8 'ENCRYPTED PRIVATE KEY'`,
          l.no,
          { offset: l.offset },
        );
      }
    }
    throw new PemError('pem-header-unsupported', `the ${_clip(label)} block has an RFC 1421 header line (${JSON.stringify(_clip(_trimEdges(first.text)))}); RFC 7468 PEM has no headers`, first.no, {
      offset: first.offset,
    });
  }
  const parts: string[] = [];
  const starts: number[] = [];
  let total = 0;
  for (const l of body) {
    const p = l.text.replace(BODY_WS_RE, '');
    starts.push(total);
    parts.push(p);
    total += p.length;
  }
  const b64 = parts.join('');
  try {
    return { label, der: decodeBase64(b64), line: raw.begin.no };
  } catch (e) {
    if (!(e instanceof Base64Error)) throw e;
    throw _locateBase64Error(e, raw, starts, parts);
  }
}

/** Maps an index in the joined body back to the line and column it came from. */
function _locateBase64Error(e: Base64Error, raw: RawBlock, starts: number[], parts: string[]): PemError {
  const index = e.offset ?? 0;
  // the last body line holding characters at or before `index` (for a bad length, index === total)
  let k = -1;
  for (let j = 0; j < parts.length; j++) {
    if (parts[j]!.length > 0 && starts[j]! <= index) k = j;
  }
  const ln = raw.body[k] ?? raw.begin;
  const within = k >= 0 ? index - starts[k]! : 0;
  // column of the `within`-th non-whitespace character of the original line (1-based)
  let col = ln.text.length;
  for (let i = 0, seen = 0; i < ln.text.length; i++) {
    if (_isWs(ln.text.charCodeAt(i))) continue;
    if (seen === within) {
      col = i;
      break;
    }
    seen++;
  }
  return new PemError('invalid-base64', `invalid base64 in the ${_clip(raw.label)} block: ${e.reason}`, ln.no, { offset: ln.offset + col, column: col + 1, cause: e });
}

function _checkText(fn: string, text: unknown): string {
  if (typeof text !== 'string') throw new TypeError(`${fn}: text must be a string`);
  return text;
}

/**
 * Encodes DER (or any bytes) as a PEM block: `-----BEGIN label-----`, base64 in 64-column
 * lines, `-----END label-----`, LF line ends and a final newline (RFC 7468 §2, the strict
 * form every parser accepts).
 *
 * @throws TypeError if `der` is not a `Uint8Array`; RangeError if `label` breaks the RFC 7468
 *   label grammar.
 * @example
 * ```ts
 * const pem = encodePem('CERTIFICATE', certDer);
 * // '-----BEGIN CERTIFICATE-----\nMIIB...\n-----END CERTIFICATE-----\n'
 * ```
 */
export function encodePem(label: string, der: Uint8Array): string {
  _checkLabelArg('encodePem', label);
  if (!(der instanceof Uint8Array)) throw new TypeError('encodePem: der must be a Uint8Array');
  const b64 = encodeBase64(der);
  const lines: string[] = [`-----BEGIN ${label}-----`];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  lines.push(`-----END ${label}-----`, '');
  return lines.join('\n');
}

/**
 * Decodes the first PEM block of a text, or, given `expectedLabel`, the first block with that
 * label (blocks with other labels are skipped, as OpenSSL does, so a key or a chain around a
 * certificate does not get in the way). `X509 CERTIFICATE` counts as `CERTIFICATE` and
 * `NEW CERTIFICATE REQUEST` as `CERTIFICATE REQUEST` (RFC 7468 §5.1, §7).
 *
 * Lax per RFC 7468 §3: explanatory text around blocks, CRLF/LF/CR line ends, and whitespace or
 * blank lines inside the body are accepted. The base64 itself is strict (see `decodeBase64`).
 * Blocks after the one returned are not examined.
 *
 * @throws PemError: `no-pem-block`, `unexpected-label`, `missing-end-line`, `label-mismatch`,
 *   `invalid-label`, `invalid-boundary`, `invalid-base64`, `encrypted-pem-unsupported`,
 *   `pem-header-unsupported`, each with the `line` at fault.
 * @example
 * ```ts
 * const { der, label, line } = decodePem(text, 'CERTIFICATE');
 * ```
 */
export function decodePem(text: string, expectedLabel?: string): PemBlock {
  _checkText('decodePem', text);
  if (expectedLabel !== undefined) {
    _checkLabelArg('decodePem', expectedLabel);
    const der = _fastBlock(text, expectedLabel);
    if (der !== undefined) return { label: expectedLabel, der, line: 1 };
  }
  // the first few blocks with other labels, for the error message; a count of the rest
  const seen: Array<{ label: string; line: number; offset: number }> = [];
  let others = 0;
  for (const raw of _blocks(text)) {
    if (expectedLabel === undefined || _labelMatches(raw.label, expectedLabel)) return _decodeBlock(raw);
    if (seen.length < 5) seen.push({ label: raw.label, line: raw.begin.no, offset: raw.begin.offset });
    others++;
  }
  const first = seen[0];
  if (first === undefined) {
    const lines = _countLines(text);
    throw new PemError('no-pem-block', `no '-----BEGIN ...-----' line in the input (${lines} line${lines === 1 ? '' : 's'})`, lines, { offset: text.length });
  }
  const more = others > seen.length ? ` and ${others - seen.length} more` : '';
  const found = seen.map((b) => `${_clip(b.label)} (line ${b.line})`).join(', ') + more;
  throw new PemError('unexpected-label', `expected a ${expectedLabel} block, found ${found}`, first.line, { offset: first.offset });
}

/**
 * Decodes every PEM block of a text, in order (a certificate chain, a CA bundle). Returns an
 * empty array when there is none. Same lax rules and errors as {@link decodePem}; one bad
 * block fails the whole call.
 *
 * @throws PemError (any code but `no-pem-block` and `unexpected-label`), with its `line`.
 * @example
 * ```ts
 * const chain = decodePemAll(bundle).filter((b) => b.label === 'CERTIFICATE').map((b) => b.der);
 * ```
 */
export function decodePemAll(text: string): PemBlock[] {
  _checkText('decodePemAll', text);
  const out: PemBlock[] = [];
  for (const raw of _blocks(text)) out.push(_decodeBlock(raw));
  return out;
}

/**
 * @internal The common case of `decodePem(text, label)`, `toDer` and `pemBlockToDer`, without
 * splitting lines: a text that starts with `-----BEGIN label-----` and a line end (CRLF, LF or
 * CR), whose body is base64 in lines of whole four-character groups (line ends only, blank lines
 * included; where the platform decodes base64 natively, spaces, tabs and form feeds too, which
 * the body rules strip) and whose first `-----END label-----` starts a line and ends
 * one (or the text). Returns the DER, or `undefined` for any other input, which the full reader then
 * handles (with its errors). For the inputs it accepts the full reader gives the same bytes: the
 * body holds no `-`, `:` or whitespace, so there is no other boundary, no header and nothing to
 * strip, and the base64 rules are the same (`_decodeFast`).
 */
export function _fastBlock(text: string, label: string): Uint8Array | undefined {
  if (label !== _armorLabel) {
    _armorLabel = label;
    _armorBegin = `-----BEGIN ${label}-----`;
    _armorEnd = `-----END ${label}-----`;
  }
  const begin = _armorBegin;
  if (!text.startsWith(begin)) return undefined;
  let start = begin.length;
  const c = text.charCodeAt(start);
  if (c === 0x0a) start += 1;
  else if (c === 0x0d) start += text.charCodeAt(start + 1) === 0x0a ? 2 : 1;
  else return undefined;
  const end = _armorEnd;
  const at = text.indexOf(end, start);
  if (at < 0) return undefined;
  // the END line starts a line (or the body is empty) and ends at a line end or the text's end
  if (at > start && text.charCodeAt(at - 1) !== 0x0a && text.charCodeAt(at - 1) !== 0x0d) return undefined;
  const after = text.charCodeAt(at + end.length);
  if (at + end.length < text.length && after !== 0x0a && after !== 0x0d) return undefined;
  return _decodeFast(text, start, at, true);
}

/** The boundary lines of the last label `_fastBlock` looked for (values, rebuilt on a new label). */
let _armorLabel: string | undefined;
let _armorBegin = '';
let _armorEnd = '';

/** Whitespace bytes that may come before the armor (RFC 7468 §3 `W`), and a UTF-8 BOM. */
export function _firstSignificantByte(bytes: Uint8Array): number | undefined {
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  for (; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0b && b !== 0x0c && b !== 0x0d) return b;
  }
  return undefined;
}

/**
 * DER bytes from DER or PEM input, for the parsers' `bytesOrPem` arguments.
 *
 * - A string is PEM text: the first block labelled `expectedLabel` is decoded ({@link decodePem}).
 * - A `Uint8Array` whose first byte, after whitespace and a UTF-8 byte order mark, is `-` (0x2D)
 *   is PEM text read from a file; error offsets are then byte offsets.
 * - Any other `Uint8Array` is DER and is returned as is (same object, no copy). A DER
 *   certificate, CSR, CRL or key starts with 0x30, never with `-` or whitespace. PEM bytes with
 *   explanatory text before the armor are not recognised: pass them as a string.
 *
 * @throws PemError as {@link decodePem}; TypeError for other input types.
 * @example
 * ```ts
 * const der = toDer(readFileSync('cert.pem'), 'CERTIFICATE');
 * ```
 */
export function toDer(input: Uint8Array | string, expectedLabel: string): Uint8Array {
  _checkLabelArg('toDer', expectedLabel);
  if (typeof input === 'string') return decodePem(input, expectedLabel).der;
  if (!(input instanceof Uint8Array)) throw new TypeError('toDer: input must be a Uint8Array or a string');
  if (_firstSignificantByte(input) !== 0x2d) return input;
  let text = _latin1(input);
  // a UTF-8 BOM reads as three Latin-1 characters: blank them so offsets stay byte offsets
  if (text.startsWith('\u00ef\u00bb\u00bf')) text = `   ${text.slice(3)}`;
  return decodePem(text, expectedLabel).der;
}
