/**
 * What OCSP requests and responses share (private module): input handling and bounds, the
 * extension lists, and the nonce extension (RFC 6960 §4.4.1, RFC 8954).
 * @module
 */
import { CertkitError, type DerReader, Tag, contextTag, readTlvAt, type DerWriter } from '../der/index';
import { toDer } from '../pem/index';
import { readExtensionList, type RawExtension } from '../x509/index';
import { OcspError, _fail } from './errors';

/**
 * id-pkix-ocsp-nonce (RFC 6960 §4.4.1).
 * @example
 * ```ts
 * const ext = request.extensions.find((e) => e.oid === OCSP_NONCE);
 * ```
 */
export const OCSP_NONCE = '1.3.6.1.5.5.7.48.1.2';
/**
 * id-pkix-ocsp-basic (RFC 6960 §4.2.1), the only responseType certkit reads and writes.
 * @example
 * ```ts
 * OCSP_BASIC === '1.3.6.1.5.5.7.48.1.1'
 * ```
 */
export const OCSP_BASIC = '1.3.6.1.5.5.7.48.1.1';

/** Bounds of the OCSP parsers. */
export interface OcspParseOptions {
  /** Largest input accepted, in bytes; default 1 MiB. */
  maxInputSize?: number;
  /** Most Request / SingleResponse entries; default 1000. */
  maxEntries?: number;
  /** Most certificates in a signature or a BasicOCSPResponse; default 32. */
  maxCertificates?: number;
}

export interface _Limits {
  maxInputSize: number;
  maxEntries: number;
  maxCertificates: number;
}

function _n(v: number | undefined, def: number, name: string): number {
  if (v === undefined) return def;
  if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative integer, got ${String(v)}`);
  return v;
}

export function _limits(o: OcspParseOptions = {}): _Limits {
  return { maxInputSize: _n(o.maxInputSize, 1 << 20, 'maxInputSize'), maxEntries: _n(o.maxEntries, 1000, 'maxEntries'), maxCertificates: _n(o.maxCertificates, 32, 'maxCertificates') };
}

/** DER from bytes or PEM with the given label, within the size bound. */
export function _input(input: Uint8Array | string, label: string, max: number): Uint8Array {
  if (typeof input === 'string' && input.length > max * 2) _fail('input-too-large', `the PEM text is over twice maxInputSize (${max} bytes)`);
  const der = toDer(input, label);
  if (der.length > max) _fail('input-too-large', `the input is ${der.length} bytes, over maxInputSize (${max})`);
  return der;
}

/** Runs a walk; a CertkitError without a path gets the walk's current one. */
export function _walk<T>(path: { p: string }, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof CertkitError && (e.path === undefined || e.path === '')) e.path = path.p;
    throw e;
  }
}

/** `[n] EXPLICIT Extensions`, read if present. */
export function _extensions(r: DerReader, n: number, base: string, path: { p: string }): RawExtension[] {
  const t = r.readOptional(contextTag(n, true));
  if (t === undefined) return [];
  path.p = base;
  const w = r.enterTlv(t);
  const list = w.enter(Tag.SEQUENCE, 'Extensions');
  w.finish(base);
  if (list.atEnd) _fail('malformed', 'an empty Extensions list (RFC 5280 §4.1: SIZE (1..MAX))', t.offset, base);
  return readExtensionList(
    list,
    base,
    (p) => (path.p = p),
    (oid, first, at) => {
      throw new OcspError('duplicate-extension', `extension ${oid} appears twice (first at offset ${first})`, { offset: at, path: path.p });
    },
  );
}

/** The nonce of an extension list (RFC 8954 §2.1: an OCTET STRING of 1 to 32 octets), if any. */
export function _nonce(exts: readonly RawExtension[], path: string): Uint8Array | undefined {
  const e = exts.find((x) => x.oid === OCSP_NONCE);
  if (e === undefined) return undefined;
  const v = e.value;
  const t = readTlvAt(v, 0, v.length);
  if (t.tag !== Tag.OCTET_STRING || t.end !== v.length) _fail('malformed', 'the nonce extension value is not one OCTET STRING (RFC 6960 §4.4.1)', e.valueOffset, path);
  if (t.value.length < 1 || t.value.length > 32) {
    _fail('invalid-nonce', `a nonce of ${t.value.length} octets; RFC 8954 §2.1 allows 1 to 32`, e.valueOffset, path);
  }
  return t.value;
}

/** Checks a nonce given by a caller (RFC 8954 §2.1). */
export function _checkNonce(nonce: Uint8Array): void {
  if (!(nonce instanceof Uint8Array)) throw new TypeError('nonce must be a Uint8Array');
  if (nonce.length < 1 || nonce.length > 32) throw new OcspError('invalid-nonce', `a nonce of ${nonce.length} octets; RFC 8954 §2.1 allows 1 to 32`);
}

/** `[n] EXPLICIT Extensions` with one nonce extension (non-critical). */
export function _writeNonceExtensions(w: DerWriter, n: number, nonce: Uint8Array): void {
  w.explicit(n, (w) =>
    w.sequence((w) =>
      w.sequence((w) => {
        w.oid(OCSP_NONCE);
        w.octetStringWrapping((w) => w.octetString(nonce));
      }),
    ),
  );
}
