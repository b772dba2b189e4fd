/**
 * Typed errors for every certkit layer.
 *
 * Scope: the `CertkitError` base class, the DER layer's `DerError` with its codes, and the helper
 * that lets higher layers add a field path (`tbsCertificate.extensions[2].extnValue`) to an error
 * raised deep inside without losing its code, offset or cause.
 * Non-goals: localisation, numeric codes.
 * @module
 */

/** Where an error points: the absolute byte offset in the caller's buffer and the field path. */
export interface ErrorLocation {
  /** Absolute byte offset in the buffer the caller passed in. */
  offset?: number;
  /** Dotted field path, e.g. `tbsCertificate.validity.notAfter`. */
  path?: string;
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * Base class of every error certkit throws on bad input or a failed check.
 *
 * @example
 * ```ts
 * try { parseCertificate(bytes) } catch (e) {
 *   if (e instanceof CertkitError) console.log(e.code, e.offset, e.path)
 * }
 * ```
 */
export class CertkitError extends Error {
  /** A stable, machine-readable code such as `non-minimal-length`. */
  readonly code: string;
  /** Absolute byte offset in the caller's buffer, when the error is about bytes. */
  offset: number | undefined;
  /** Field path such as `tbsCertificate.extensions[3].extnValue`, when known. */
  path: string | undefined;

  constructor(code: string, message: string, location: ErrorLocation = {}) {
    super(message, location.cause === undefined ? undefined : { cause: location.cause });
    this.name = 'CertkitError';
    this.code = code;
    this.offset = location.offset;
    this.path = location.path;
  }

  /** The message with offset and path appended, as shown by `toString()`. */
  override toString(): string {
    const where: string[] = [];
    if (this.path !== undefined) where.push(`at ${this.path}`);
    if (this.offset !== undefined) where.push(`offset ${this.offset}`);
    return `${this.name} [${this.code}]: ${this.message}${where.length ? ` (${where.join(', ')})` : ''}`;
  }
}

/** Codes a {@link DerError} can carry; each is one X.690 rule or one input problem. */
export type DerErrorCode =
  | 'truncated' // the input ends inside a tag or length
  | 'length-exceeds-input' // declared length runs past the end of the enclosing element
  | 'indefinite-length' // X.690 §10.1: DER uses the definite form only
  | 'non-minimal-length' // X.690 §10.1: shortest length encoding
  | 'reserved-length' // X.690 §8.1.3.5 (c): 0xFF is reserved
  | 'length-too-large' // a length that cannot describe any real input (> 2^32 - 1)
  | 'non-minimal-tag' // X.690 §8.1.2.4.2 (c): high tag numbers in the fewest octets; numbers < 31 in the short form
  | 'tag-too-large' // tag numbers above 2^31 - 1 are refused
  | 'wrong-constructed-bit' // X.690 §10.2 + §8: primitive/constructed fixed per universal type in DER
  | 'reserved-tag' // universal tag 0 (end-of-contents) outside BER indefinite form
  | 'unexpected-tag' // the schema wanted another tag
  | 'trailing-data' // bytes left after the last expected element
  | 'nesting-too-deep' // more nested levels than the reader allows
  | 'non-minimal-integer' // X.690 §8.3.2: INTEGER in the fewest octets
  | 'empty-integer' // X.690 §8.3.1: INTEGER has at least one octet
  | 'negative-integer' // a negative value where only non-negative ones are allowed
  | 'integer-too-large' // does not fit the caller's range
  | 'invalid-boolean' // X.690 §11.1: DER BOOLEAN is 0x00 or 0xFF, one octet
  | 'invalid-null' // X.690 §8.8.2: NULL has no contents
  | 'invalid-bit-string' // X.690 §8.6.2.2/§11.2.1: unused bits 0..7, 0 when empty, padding bits zero
  | 'set-order' // X.690 §11.6: SET OF components in ascending order of their encodings
  | 'invalid-oid' // X.690 §8.19: minimal arcs, valid first arc, non-empty
  | 'invalid-string' // characters outside the string type's repertoire, or bad UTF-8/UCS
  | 'invalid-time' // UTCTime/GeneralizedTime not in the DER form or not a real instant
  | 'explicit-default' // X.690 §11.5: a DEFAULT value must be omitted
  | 'invalid-value' // a value the writer cannot encode
  | 'unsupported'; // a valid encoding certkit chooses not to handle

/**
 * An error in DER input (X.690 §8 and §10) or in a value given to the DER writer.
 *
 * `offset` is the absolute offset, in the buffer handed to the reader, of the byte at fault.
 *
 * @example
 * ```ts
 * try { new DerReader(bytes).readTlv() } catch (e) {
 *   if (e instanceof DerError && e.code === 'non-minimal-length') ...
 * }
 * ```
 */
export class DerError extends CertkitError {
  declare readonly code: DerErrorCode;
  constructor(code: DerErrorCode, message: string, location: ErrorLocation = {}) {
    super(code, message, location);
    this.name = 'DerError';
  }
}

/**
 * Runs `fn` and, if it throws a {@link CertkitError} without a path, sets `path` on it; if the
 * error already has a relative path (the inner layer knew only its local field), the two are
 * joined. An inner path that already starts with `path` is taken as absolute and left alone, so
 * code may set full paths itself; name relative paths so they do not start with their parent's. Any other exception is re-thrown untouched.
 *
 * @example
 * ```ts
 * const version = withPath('tbsCertificate.version', () => r.readSmallInteger());
 * ```
 */
export function withPath<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw addPath(e, path);
  }
}

/**
 * Prefixes `path` onto a {@link CertkitError}'s path and returns the same error object.
 * @example
 * ```ts
 * try { parse() } catch (e) { throw addPath(e, 'tbsCertificate.subject') }
 * ```
 */
export function addPath(e: unknown, path: string): unknown {
  if (e instanceof CertkitError) {
    if (e.path === undefined || e.path === '') e.path = path;
    else if (!e.path.startsWith(path)) e.path = e.path.startsWith('[') ? path + e.path : `${path}.${e.path}`;
  }
  return e;
}
