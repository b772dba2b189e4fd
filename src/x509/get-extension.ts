/**
 * Typed extension values of parsed certificates, decoded on demand by the codec the caller
 * imports, at most once per record and shared by every consumer (lint, path validation, the CA,
 * formatting).
 *
 * Scope: {@link getExtension} (value by codec, cached per record, errors cached too and carrying
 * the extension's field path), {@link getDecodedExtension} (by name or OID through the
 * registry), {@link findRawExtension} (as received). Non-goals: judging the values (`certkit/path`,
 * the linter).
 * @module
 */
import { addPath, encodeOid } from '../der/index';
import { Certificate, _extensionIndex, _extensionValue, type RawExtension } from './certificate';
import { decodeExtension, extensionCodec, type DecodedExtension, type ExtensionCodec } from './extensions/index';

/**
 * A record with an extension list: a certificate, a CSR (its requested extensions), a CRL or a
 * CRL entry (and anything parsed the same way).
 */
export interface HasExtensions {
  readonly extensions: readonly RawExtension[];
  readonly lenient: boolean;
  /**
   * The field path of `extensions`, which error paths start with (`tbsCertList.crlExtensions`,
   * `certificationRequestInfo.attributes[1].values[0]`); a certificate's is
   * `tbsCertificate.extensions`, the default for records with `rawTbs`.
   */
  readonly extensionsPath?: string;
}

type _Slot = { ok: true; v: unknown } | { ok: false; e: unknown };

let _cache: WeakMap<object, Map<string, _Slot>> | undefined;

function _prefix(rec: HasExtensions): string {
  return rec.extensionsPath ?? ('rawTbs' in rec ? 'tbsCertificate.extensions' : 'extensions');
}

let _encodings: Map<string, Uint8Array> | undefined;

/** The encoding of a dotted OID (cached), or `undefined` for a string that is no valid OID. */
function _encoding(oid: string): Uint8Array | undefined {
  _encodings ??= new Map();
  let enc = _encodings.get(oid);
  if (enc === undefined) {
    try {
      enc = encodeOid(oid);
    } catch {
      return undefined;
    }
    if (_encodings.size < 1024) _encodings.set(oid, enc);
  }
  return enc;
}

/**
 * Index of the extension with this OID in `rec.extensions`, or -1. A certificate answers from
 * its walk's numbers by encoding, without decoding an OID or making its extension objects.
 */
function _indexOf(rec: HasExtensions, oid: string): number {
  if (!(rec instanceof Certificate)) return rec.extensions.findIndex((e) => e.oid === oid);
  const enc = _encoding(oid);
  return enc === undefined ? -1 : _extensionIndex(rec, enc);
}

/**
 * The value `make` gives for `key` on this record, computed once (a thrown error is kept and
 * thrown again), for the lifetime of the record. Shared by the x509 layer's free functions.
 * @internal
 */
export function _memo(rec: object, key: string, make: () => unknown): unknown {
  _cache ??= new WeakMap();
  let m = _cache.get(rec);
  if (m === undefined) _cache.set(rec, (m = new Map()));
  let s = m.get(key);
  if (s === undefined) {
    try {
      s = { ok: true, v: make() };
    } catch (e) {
      s = { ok: false, e };
    }
    m.set(key, s);
  }
  return _unwrap(s);
}

function _unwrap(s: _Slot): unknown {
  if (!s.ok) throw s.e;
  return s.v;
}

/**
 * The value of the extension `codec` decodes, or `undefined` when the record (a certificate,
 * a CSR's requested extensions, a CRL or a CRL entry) does not carry it. Decoded on first call and cached for the record's lifetime (a decoding error too),
 * so path validation, lint and formatting share one decode.
 * @throws ExtensionError / DerError / NameError with `path`
 * `tbsCertificate.extensions[i].extnValue...` (a CSR's: `certificationRequestInfo.attributes[j].values[0][i].extnValue`,
 * a CRL's: `tbsCertList.crlExtensions[i].extnValue`) and an absolute `offset` when the value is malformed.
 * @example
 * ```ts
 * import { getExtension, basicConstraintsCodec } from 'certkit/x509';
 * const bc = getExtension(cert, basicConstraintsCodec); // { cA: true, pathLenConstraint: 0 } | undefined
 * ```
 */
export function getExtension<T>(rec: HasExtensions, codec: ExtensionCodec<T>): T | undefined {
  const hit = _cache?.get(rec)?.get(codec.oid);
  if (hit !== undefined) return _unwrap(hit) as T;
  const i = _indexOf(rec, codec.oid);
  if (i < 0) return undefined;
  return _memo(rec, codec.oid, () => {
    const e = rec instanceof Certificate ? undefined : rec.extensions[i]!;
    const [value, offset] = e === undefined ? _extensionValue(rec as Certificate, i) : [e.value, e.valueOffset];
    try {
      return codec.decode(value, offset, rec.lenient);
    } catch (err) {
      throw addPath(err, `${_prefix(rec)}[${i}].extnValue`);
    }
  }) as T;
}

/**
 * The extension with this name or OID, decoded through the registry (`{ name: 'unknown', raw }`
 * for one certkit has no codec for), or `undefined` when absent. Cached as {@link getExtension}.
 * Pulls every codec into a bundle: prefer {@link getExtension} with the codec you need.
 * @throws RangeError for a name that is neither a known extension nor a dotted OID.
 * @example
 * ```ts
 * getDecodedExtension(cert, 'keyUsage'); // { oid: '2.5.29.15', critical: true, name: 'keyUsage', value: {...} }
 * ```
 */
export function getDecodedExtension(rec: HasExtensions, nameOrOid: string): DecodedExtension | undefined {
  if (typeof nameOrOid !== 'string') throw new TypeError('getDecodedExtension expects an OID or an extension name');
  const oid = extensionCodec(nameOrOid)?.oid ?? nameOrOid;
  if (!/^[0-2](\.(0|[1-9][0-9]*))+$/.test(oid)) throw new RangeError(`unknown extension name '${nameOrOid}'`);
  const i = _indexOf(rec, oid);
  if (i < 0) return undefined;
  return _memo(rec, 'decoded:' + oid, () => {
    const e = rec.extensions[i]!;
    try {
      return decodeExtension(e, rec.lenient, e.valueOffset);
    } catch (err) {
      throw addPath(err, `${_prefix(rec)}[${i}].extnValue`);
    }
  }) as DecodedExtension;
}

/**
 * The extension with this OID as received (undecoded), or `undefined`.
 * @example
 * ```ts
 * findRawExtension(cert, '2.5.29.17')?.critical
 * ```
 */
export function findRawExtension(rec: HasExtensions, oid: string): RawExtension | undefined {
  if (typeof oid !== 'string') throw new TypeError('findRawExtension expects a dotted OID string');
  const i = _indexOf(rec, oid);
  return i < 0 ? undefined : rec.extensions[i];
}

/**
 * Decodes the names and every extension once (each is cached), so that no later read can throw.
 * @throws the first error any of them raises, with its `path` and `offset`.
 * @example
 * ```ts
 * decodeAllExtensions(cert); // throws for a certificate with a malformed extension
 * ```
 */
export function decodeAllExtensions(cert: Certificate): void {
  void cert.issuer;
  void cert.subject;
  for (const e of cert.extensions) getDecodedExtension(cert, e.oid);
}
