/**
 * Shared plumbing of the extension codecs: the error class, the decode/encode wrappers that
 * turn offsets inside `extnValue` into offsets in the caller's buffer, and small formatters.
 *
 * Scope: private to `src/x509/extensions/` (re-exported by its index where public).
 * Non-goals: any extension's syntax.
 * @module
 */
import { CertkitError, DerReader, DerWriter, Tag, derCursor, leave, toHex, type DerCursor, type ErrorLocation } from '../../der/index';

/**
 * Codes an {@link ExtensionError} can carry; each is one RFC 5280 rule.
 * @example
 * ```ts
 * if (e instanceof ExtensionError && e.code === 'duplicate-policy') ...
 * ```
 */
export type ExtensionErrorCode =
  | 'empty-sequence' // a SEQUENCE SIZE (1..MAX) OF with no element
  | 'empty-key-usage' // §4.2.1.3: at least one bit MUST be set
  | 'named-bits-trailing-zero' // X.690 §11.2.2: named bit lists without trailing 0 bits
  | 'invalid-path-length' // §4.2.1.9: pathLenConstraint only with cA TRUE (encoding side)
  | 'inconsistent-authority-cert-issuer' // §4.2.1.1 / X.509 §8.2.2.1: issuer and serial both or neither
  | 'invalid-distribution-point' // §4.2.1.13: distributionPoint or cRLIssuer MUST be present
  | 'duplicate-policy' // §4.2.1.4: a policy OID MUST NOT appear more than once
  | 'invalid-policy-qualifier' // §4.2.1.4: a qualifier does not match its id
  | 'empty-name-constraints' // §4.2.1.10: permitted or excluded MUST be present
  | 'invalid-general-subtree' // §4.2.1.10: minimum MUST be zero, maximum MUST be absent
  | 'empty-policy-constraints' // §4.2.1.11: MUST NOT be an empty sequence
  | 'invalid-reason-code' // §5.3.1: CRLReason values 0-6, 8-10
  | 'invalid-issuing-distribution-point' // §5.2.5: at most one onlyContains* TRUE; not empty
  | 'duplicate-extension' // §4.2: one instance of each extension
  | 'invalid-extension'; // any other contents that break the extension's syntax

/**
 * An error in the contents of an extension.
 *
 * @example
 * ```ts
 * try { decodeExtension(ext) } catch (e) { if (e instanceof ExtensionError) console.log(e.code, e.offset) }
 * ```
 */
export class ExtensionError extends CertkitError {
  declare readonly code: ExtensionErrorCode;
  constructor(code: ExtensionErrorCode, message: string, location: ErrorLocation = {}) {
    super(code, message, location);
    this.name = 'ExtensionError';
  }
}

/** Throws an {@link ExtensionError} (offset relative to `extnValue`; {@link _decode} rebases it). */
export function _fail(code: ExtensionErrorCode, message: string, offset?: number): never {
  throw new ExtensionError(code, message, offset === undefined ? {} : { offset });
}

/**
 * Runs `fn` over a reader of `value`, checks that it consumed everything, and moves error
 * offsets by `offsetBase` (the absolute offset of `value[0]` in the caller's buffer).
 */
export function _decode<T>(value: Uint8Array, offsetBase: number, lenient: boolean, what: string, fn: (r: DerReader) => T): T {
  return _decodeAt(value, offsetBase, lenient, what, (c) => {
    const r = new DerReader(value, { lenient });
    const out = fn(r);
    r.finish(what);
    c.pos = r.pos;
    return out;
  });
}

/**
 * {@link _decode} on the DER cursor itself, for decoders that walk with it (those a parse-only
 * bundle needs, which then carries no `DerReader`).
 */
export function _decodeAt<T>(value: Uint8Array, offsetBase: number | undefined, lenient: boolean | undefined, what: string, fn: (c: DerCursor) => T): T {
  if (!(value instanceof Uint8Array)) throw new TypeError(`${what}: extnValue must be a Uint8Array`);
  try {
    const c = derCursor(value, 0, value.length, lenient);
    const out = fn(c);
    leave(c, value.length); // DerError trailing-data for bytes after the value
    return out;
  } catch (e) {
    if (e instanceof CertkitError && e.offset !== undefined && offsetBase) e.offset += offsetBase;
    throw e;
  }
}

/**
 * Reads `SEQUENCE SIZE (1..MAX) OF` (or `tag` for IMPLICIT tagging) with `item` for each element;
 * `what` names the list in errors (`empty-sequence` for an empty one).
 */
export function _readList<T>(r: DerReader, what: string, item: (s: DerReader) => T, tag: number = Tag.SEQUENCE): T[] {
  const at = r.pos;
  const s = r.enter(tag, what);
  const out: T[] = [];
  while (!s.atEnd) out.push(item(s));
  if (out.length === 0) _fail('empty-sequence', `${what} must hold at least one element (SIZE (1..MAX))`, at);
  return out;
}

/** Writes `SEQUENCE SIZE (1..MAX) OF` (or `tag`) with `item` for each element, after checking the list. */
export function _writeList<T>(w: DerWriter, v: readonly T[], what: string, item: (w: DerWriter, x: T) => void, tag: number = Tag.SEQUENCE): void {
  if (!Array.isArray(v)) throw new TypeError(`${what} must be an array`);
  if (v.length === 0) _fail('empty-sequence', `${what} needs at least one element (SIZE (1..MAX)); leave it out instead`);
  w.constructed(tag, (w) => {
    for (const x of v) item(w, x);
  });
}

/**
 * Reads a `SEQUENCE` of OPTIONAL fields of which at least one must be present (`fields` reads
 * them into an object that holds only the present ones): `code` with `message` when none is.
 */
export function _readSomeOf<T extends object>(r: DerReader, what: string, fields: (s: DerReader) => T, code: ExtensionErrorCode, message: string): T {
  const at = r.pos;
  const s = r.enter(Tag.SEQUENCE, what);
  const out = fields(s);
  s.finish(what);
  if (Object.keys(out).length === 0) _fail(code, message, at);
  return out;
}

/** Encodes with a fresh writer. */
export function _encode(fn: (w: DerWriter) => void): Uint8Array {
  const w = new DerWriter();
  fn(w);
  return w.finish();
}

/**
 * A codec's own function (`own`: its `encode` or `format`, for a codec of your own) or else the
 * one `table` has for its OID.
 * @throws TypeError for something that is no codec, or a codec with neither.
 */
export function _pick<F>(codec: { readonly oid: string; readonly name: string }, own: F | undefined, table: (oid: string) => F | undefined, caller: string, what: string): F {
  if (codec === null || typeof codec !== 'object' || typeof codec.oid !== 'string') throw new TypeError(`${caller} expects an extension codec`);
  const f = own ?? table(codec.oid);
  if (f === undefined) throw new TypeError(`extension codec '${codec.name}' (${codec.oid}) has no ${what}`);
  return f;
}

/** `AB:CD:EF` as OpenSSL prints key identifiers and serials. */
export function _hexColon(b: Uint8Array): string {
  return toHex(b, ':').toUpperCase();
}

/** Checks a non-negative safe integer argument. */
export function _checkCount(v: unknown, what: string): number {
  if (typeof v !== 'number') throw new TypeError(`${what} must be a number`);
  if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${what} must be a non-negative integer, got ${v}`);
  return v;
}

/**
 * A codec for one extension: its identity and its decoder. It carries no encoder or formatter
 * of its own, so that `getExtension(cert, subjectAltNameCodec)` in a parse-only application
 * bundles the decoder alone; builders encode a certkit codec's value through
 * {@link encodeExtensionValue} and formatting goes through {@link formatExtensionValue}. A codec
 * of your own (a private extension) may carry `encode` and `format`, which those two use.
 * @example
 * ```ts
 * const c: ExtensionCodec<BasicConstraints> = basicConstraintsCodec; getExtension(cert, c)?.cA
 * ```
 */
export interface ExtensionCodec<T> {
  /** `extnID`. */
  readonly oid: string;
  /** ASN.1 name (`basicConstraints`). */
  readonly name: string;
  /** OpenSSL's `-text` heading (`X509v3 Basic Constraints`). */
  readonly title: string;
  /** The criticality RFC 5280 asks for (used when a caller does not choose). */
  readonly defaultCritical: boolean;
  /** Decodes the contents of `extnValue`. */
  decode(value: Uint8Array, offsetBase?: number, lenient?: boolean): T;
  /** Encodes the contents of `extnValue` (codecs of your own; certkit's are in {@link encodeExtensionValue}). */
  encode?(value: T): Uint8Array;
  /** Lines as `openssl x509 -text` prints the body (codecs of your own; see {@link formatExtensionValue}). */
  format?(value: T): string[];
}
