/**
 * An immutable, fluent certificate builder in the style of pyca/cryptography's
 * `CertificateBuilder`: each setter returns a new builder, each field can be set once, values
 * are checked when they are set, and `await builder.sign(signer)` is the only terminal step.
 *
 * Scope: X.509 v3 certificates (RFC 5280 §4.1) with any extension, typed (through the extension
 * codecs) or raw. Safe defaults: a 16-octet CSPRNG serial made positive (CA/Browser Forum BR
 * §7.1: at least 64 bits of entropy), `notBefore` at signing time, validity encoded per
 * RFC 5280 §4.1.2.5 (UTCTime through 2049, GeneralizedTime from 2050, no fractional seconds),
 * subjectKeyIdentifier and authorityKeyIdentifier computed from the keys (RFC 5280 §4.2.1.1,
 * §4.2.1.2), self-signed roots when no issuer is given. After signing, the result is parsed
 * and its signature verified against the signer's public key before it is returned, so a
 * broken signer (wrong key, bad HSM answer) is caught here and not by a relying party.
 *
 * Non-goals: issuance policy (profiles, linting: see `src/ca/`), v1/v2 certificates, CSRs.
 * @module
 */
import { CertkitError, DerWriter, Tag, bytesEqual, type ErrorLocation } from '../der/index';
import { parsePublicKey, type PublicKey } from '../keys/index';
import { EXTENSION, KEY_PURPOSE } from '../oid/index';
import { signTbs, verifySignature, writeAlgorithmIdentifier, type Signer } from '../sig/index';
import { Certificate, parseCertificate } from './certificate';
import {
  encodeAuthorityKeyIdentifier,
  encodeBasicConstraints,
  encodeExtKeyUsage,
  encodeKeyUsage,
  encodeSubjectAltName,
  encodeSubjectKeyIdentifier,
  decodeSubjectKeyIdentifier,
  encodeExtensionValue,
  type BasicConstraints,
  type ExtensionCodec,
  type ExtKeyUsage,
  type KeyUsage,
} from './extensions/index';
import type { GeneralName } from './general-name';
import { dns, email, ip, uri } from './general-name-build';
import { Name } from './name';
import { certificatePublicKey } from './certificate-info';
import { findRawExtension } from './get-extension';
import { nameFrom, parseNameString, type NameInit } from './name-build';
import { nameEquals } from './name-compare';

/** Codes a {@link CertificateBuilderError} can carry. */
export type CertificateBuilderErrorCode =
  | 'already-set' // pyca style: each field is set once
  | 'missing-fields' // sign() found required fields unset
  | 'invalid-validity' // notAfter before notBefore
  | 'issuer-key-mismatch' // the signer's key is not the issuer certificate's key
  | 'issuer-name-mismatch' // issuer() disagrees with the issuer certificate's subject
  | 'empty-subject' // RFC 5280 §4.1.2.6: empty subject needs a critical subjectAltName
  | 'duplicate-extension' // RFC 5280 §4.2: one instance of each extension
  | 'self-check-failed'; // the signature made by the signer does not verify

/**
 * A misuse of {@link CertificateBuilder} or a failed self-check after signing.
 *
 * @example
 * ```ts
 * try { await builder.sign(signer) } catch (e) {
 *   if (e instanceof CertificateBuilderError && e.code === 'missing-fields') console.log(e.message)
 * }
 * ```
 */
export class CertificateBuilderError extends CertkitError {
  declare readonly code: CertificateBuilderErrorCode;
  constructor(code: CertificateBuilderErrorCode, message: string, location: ErrorLocation = {}) {
    super(code, message, location);
    this.name = 'CertificateBuilderError';
  }
}

/**
 * An extension to include: OID, criticality and the contents of `extnValue` (DER).
 * @example
 * ```ts
 * builder.extension({ oid: '1.3.6.1.4.1.11129.2.4.3', critical: true, value: Uint8Array.of(5, 0) })
 * ```
 */
export interface ExtensionInput {
  /** `extnID`, dotted. */
  oid: string;
  /** `critical`; default `false`. */
  critical?: boolean;
  /** The DER of the extension's own syntax (the contents of `extnValue`). */
  value: Uint8Array;
}

/**
 * Options of {@link CertificateBuilder.sign}.
 * @example
 * ```ts
 * await builder.sign(caSigner, { issuerCertificate: caCert, now: new Date('2030-01-01T00:00:00Z') })
 * ```
 */
export interface SignOptions {
  /**
   * The issuer's certificate: its subject becomes the issuer name (copied byte for byte, so that
   * name chaining matches exactly), its subjectKeyIdentifier the authorityKeyIdentifier, and the
   * signer's public key must be its key. Absent: the certificate is self-issued (issuer = subject
   * unless {@link CertificateBuilder.issuer} was set) and signed by the signer's key.
   */
  issuerCertificate?: Certificate;
  /** The signing time used for the default `notBefore` (default: now). Tests pass a fixed clock. */
  now?: Date;
}

interface _State {
  readonly subject?: Name;
  readonly issuer?: Name;
  readonly publicKey?: PublicKey;
  readonly serial?: Uint8Array; // INTEGER contents, positive
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  readonly validityDays?: number;
  readonly extensions: readonly ExtensionInput[];
  readonly ski?: Uint8Array | false;
  readonly aki?: Uint8Array | false;
}

const _DAY = 86_400_000;
/** Days from 1950-01-01 to 9999-12-31, the longest validity the encodings can express. */
const _MAX_DAYS = 2_940_201;

function _already(field: string): never {
  throw new CertificateBuilderError('already-set', `${field} is already set; a builder sets each field once (make a new builder to change it)`);
}

function _toName(v: unknown, what: string): Name {
  if (v instanceof Name) return v;
  if (typeof v === 'string') return parseNameString(v);
  if (v !== null && typeof v === 'object') return nameFrom(v as NameInit);
  throw new TypeError(`${what} expects a Name, an object such as { CN: 'x' } or an RFC 4514 string`);
}

function _checkDate(v: unknown, what: string): Date {
  if (!(v instanceof Date)) throw new TypeError(`${what} expects a Date`);
  const t = v.getTime();
  if (Number.isNaN(t)) throw new RangeError(`${what}: invalid Date`);
  // GeneralizedTime has four year digits; before 1950 UTCTime cannot express it and nothing
  // issues certificates that old.
  const y = v.getUTCFullYear();
  if (y < 1950 || y > 9999) throw new RangeError(`${what}: year ${y} is outside 1950-9999`);
  // RFC 5280 §4.1.2.5.1/.2: seconds, no fractions. Milliseconds are dropped, not rounded.
  return new Date(Math.floor(t / 1000) * 1000);
}

/** Minimal positive INTEGER contents for a serial given in any accepted form. */
function _serialContents(v: unknown): Uint8Array {
  let x: bigint;
  if (typeof v === 'bigint') x = v;
  else if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new RangeError(`serialNumber must be a safe integer, got ${v}`);
    x = BigInt(v);
  } else if (v instanceof Uint8Array) {
    x = 0n;
    for (const b of v) x = (x << 8n) | BigInt(b);
  } else if (typeof v === 'string') {
    const hex = v.replace(/:/g, '');
    if (!/^[0-9a-fA-F]+$/.test(hex)) throw new RangeError('serialNumber as a string must be hex (colons allowed)');
    x = BigInt('0x' + hex);
  } else {
    throw new TypeError('serialNumber expects a bigint, a safe integer, unsigned big-endian bytes or a hex string');
  }
  // RFC 5280 §4.1.2.2: positive, at most 20 octets.
  if (x <= 0n) throw new RangeError('serialNumber must be positive (RFC 5280 §4.1.2.2)');
  if (x >= 1n << 160n) throw new RangeError('serialNumber must fit in 20 octets (RFC 5280 §4.1.2.2)');
  let hex = x.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  if (parseInt(hex.slice(0, 2), 16) >= 0x80) hex = '00' + hex;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * 16 octets from the CSPRNG, made positive by clearing the top bit (127 bits of entropy;
 * CA/Browser Forum BR §7.1 asks for at least 64) and never zero.
 */
function _randomSerial(): Uint8Array {
  const c = globalThis.crypto;
  if (c === undefined || typeof c.getRandomValues !== 'function') {
    throw new TypeError('a random serial number needs globalThis.crypto.getRandomValues; set one with .serialNumber()');
  }
  const b = c.getRandomValues(new Uint8Array(16));
  b[0]! &= 0x7f;
  if (b[0] === 0) b[0] = 0x01; // keep 16 octets, so the serial never shrinks below 120 bits
  return b;
}

function _toPublicKey(v: unknown): PublicKey {
  if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array) && 'spki' in v && (v as PublicKey).spki instanceof Uint8Array) {
    return v as PublicKey;
  }
  if (v instanceof Uint8Array || typeof v === 'string') return parsePublicKey(v);
  throw new TypeError('publicKey expects a PublicKey, SubjectPublicKeyInfo DER or PEM');
}

function _toGeneralName(v: unknown): GeneralName {
  if (typeof v === 'string') {
    // An IP literal becomes an iPAddress, anything else a dNSName (checked by dns()).
    if (/^[0-9.]+$/.test(v) || v.includes(':')) return ip(v);
    return dns(v);
  }
  if (v !== null && typeof v === 'object' && typeof (v as { type?: unknown }).type === 'string') {
    // A GeneralName object made by hand gets the checks its constructor makes (dns(), email(),
    // uri()), as a SAN: a mailbox, not a constraint's domain; an address without a mask.
    const g = v as GeneralName;
    switch (g.type) {
      case 'dns':
        return dns(g.value);
      case 'email':
        if (typeof g.value === 'string' && !/^[^@]+@[^@]+$/.test(g.value)) throw new RangeError(`rfc822Name '${g.value}' in a subjectAltName must be a mailbox local@domain (RFC 5280 §4.2.1.6)`);
        return email(g.value);
      case 'uri':
        return uri(g.value);
      case 'ip':
        if (g.mask !== undefined) throw new RangeError('an iPAddress subjectAltName has no mask; the address/mask form is for name constraints (RFC 5280 §4.2.1.6)');
        return g;
      default:
        return g;
    }
  }
  throw new TypeError('a subject alternative name is a GeneralName (dns(), ip(), email(), uri(), ...) or a DNS name/IP string');
}

/**
 * Builds and signs an X.509 v3 certificate.
 *
 * @example
 * ```ts
 * const { privateKey, publicKey } = await generateKeyPair('P-256');
 * const root = await CertificateBuilder.create()
 *   .subject({ CN: 'Example Root', O: 'Example' })
 *   .publicKey(publicKey)
 *   .validityDays(3650)
 *   .basicConstraints({ cA: true })
 *   .keyUsage(['keyCertSign', 'cRLSign'])
 *   .sign(await signerFromPrivateKey(privateKey));
 * ```
 */
export class CertificateBuilder {
  private readonly _s: _State;

  private constructor(s: _State) {
    this._s = Object.freeze(s);
  }

  /**
   * An empty builder.
   * @example
   * ```ts
   * const b = CertificateBuilder.create().subject('CN=example.com');
   * ```
   */
  static create(): CertificateBuilder {
    return new CertificateBuilder({ extensions: [] });
  }

  /**
   * A builder for a self-signed CA root in one call: subject (= issuer), the signer's key as
   * subject key unless `publicKey` is given later, basicConstraints `cA TRUE` (critical) and
   * keyUsage keyCertSign + cRLSign (critical). Add validity and sign with the root's key.
   * @example
   * ```ts
   * const root = await CertificateBuilder.selfSignedCa({ CN: 'Root' }).validityDays(3650).sign(signer);
   * ```
   */
  static selfSignedCa(subject: Name | NameInit | string, options: { pathLength?: number } = {}): CertificateBuilder {
    const bc: BasicConstraints = options.pathLength === undefined ? { cA: true } : { cA: true, pathLenConstraint: options.pathLength };
    return CertificateBuilder.create().subject(subject).basicConstraints(bc).keyUsage(['keyCertSign', 'cRLSign']);
  }

  /**
   * A builder holding every field of a parsed v3 certificate as received: names, key, serial,
   * validity and the extensions in their order (so no SKI/AKI is added). Signing it again with
   * the same key and a deterministic algorithm (Ed25519, ECDSA per RFC 6979, RSA PKCS#1 v1.5)
   * reproduces the certificate byte for byte. (To renew, copy the parts you keep onto a fresh
   * builder: fields are set once.)
   * Validity times are re-encoded per RFC 5280 §4.1.2.5, so a GeneralizedTime before 2050 in
   * the original becomes a UTCTime.
   * @throws RangeError for a v1 or v2 certificate (the builder makes v3 only).
   * @example
   * ```ts
   * const copy = await CertificateBuilder.fromCertificate(cert).sign(sameKeySigner);
   * ```
   */
  static fromCertificate(cert: Certificate): CertificateBuilder {
    if (!(cert instanceof Certificate)) throw new TypeError('fromCertificate expects a parsed Certificate');
    if (cert.version !== 3) throw new RangeError(`fromCertificate copies v3 certificates only, this one is v${cert.version}`);
    return new CertificateBuilder({
      subject: cert.subject,
      issuer: cert.issuer,
      publicKey: certificatePublicKey(cert),
      serial: cert.rawSerial.slice(), // as received, even a serial a new certificate could not have
      notBefore: cert.notBefore,
      notAfter: cert.notAfter,
      extensions: cert.extensions.map((e) => ({ oid: e.oid, critical: e.critical, value: e.value.slice() })),
      ski: findRawExtension(cert, EXTENSION.subjectKeyIdentifier) === undefined ? false : undefined,
      aki: findRawExtension(cert, EXTENSION.authorityKeyIdentifier) === undefined ? false : undefined,
    });
  }

  private _with(patch: Partial<_State>): CertificateBuilder {
    return new CertificateBuilder({ ...this._s, ...patch });
  }

  /**
   * The subject name (RFC 5280 §4.1.2.6): a {@link Name}, an object (`{ CN, O, C, ... }`) or an
   * RFC 4514 string.
   * @throws TypeError / RangeError for a value that is not a name; `already-set`.
   */
  subject(name: Name | NameInit | string): CertificateBuilder {
    if (this._s.subject !== undefined) _already('subject');
    return this._with({ subject: _toName(name, 'subject') });
  }

  /**
   * The issuer name. Usually not needed: it comes from `sign()`'s `issuerCertificate`, or equals
   * the subject for a self-signed certificate.
   */
  issuer(name: Name | NameInit | string): CertificateBuilder {
    if (this._s.issuer !== undefined) _already('issuer');
    return this._with({ issuer: _toName(name, 'issuer') });
  }

  /** The subject's public key: a {@link PublicKey}, SubjectPublicKeyInfo DER or PEM. */
  publicKey(key: PublicKey | Uint8Array | string): CertificateBuilder {
    if (this._s.publicKey !== undefined) _already('publicKey');
    return this._with({ publicKey: _toPublicKey(key) });
  }

  /**
   * The serial number: positive, at most 20 octets (RFC 5280 §4.1.2.2). Given as a bigint, a
   * safe integer, unsigned big-endian bytes or hex. Default: 16 random octets.
   * @throws RangeError for zero, negative or too long serials.
   */
  serialNumber(serial: bigint | number | Uint8Array | string): CertificateBuilder {
    if (this._s.serial !== undefined) _already('serialNumber');
    return this._with({ serial: _serialContents(serial) });
  }

  /** Start of validity (milliseconds are dropped). Default: the signing time. */
  notBefore(date: Date): CertificateBuilder {
    if (this._s.notBefore !== undefined) _already('notBefore');
    const d = _checkDate(date, 'notBefore');
    if (this._s.notAfter !== undefined && d > this._s.notAfter) {
      throw new RangeError(`notBefore ${d.toISOString()} is after notAfter ${this._s.notAfter.toISOString()}`);
    }
    return this._with({ notBefore: d });
  }

  /**
   * End of validity, inclusive. `new Date('9999-12-31T23:59:59Z')` (see {@link noExpiry}) is
   * encoded as `99991231235959Z`, "no well-defined expiration date" (RFC 5280 §4.1.2.5).
   */
  notAfter(date: Date): CertificateBuilder {
    if (this._s.notAfter !== undefined || this._s.validityDays !== undefined) _already('notAfter');
    const d = _checkDate(date, 'notAfter');
    if (this._s.notBefore !== undefined && d < this._s.notBefore) {
      throw new RangeError(`notAfter ${d.toISOString()} is before notBefore ${this._s.notBefore.toISOString()}`);
    }
    return this._with({ notAfter: d });
  }

  /** notAfter = notBefore + `days` × 24 h (resolved at signing, when notBefore may default to now). */
  validityDays(days: number): CertificateBuilder {
    if (this._s.notAfter !== undefined || this._s.validityDays !== undefined) _already('notAfter');
    if (typeof days !== 'number') throw new TypeError('validityDays expects a number');
    if (!Number.isFinite(days) || days <= 0) throw new RangeError(`validityDays must be positive, got ${days}`);
    // Checked now rather than at signing: no notBefore (1950 or later) plus more days than this
    // ends by 9999-12-31, the last date GeneralizedTime can hold (RFC 5280 §4.1.2.5.2).
    if (days > _MAX_DAYS) throw new RangeError(`validityDays must be at most ${_MAX_DAYS} (1950-01-01 to 9999-12-31), got ${days}`);
    return this._with({ validityDays: days });
  }

  /** notAfter = 99991231235959Z: no well-defined expiration date (RFC 5280 §4.1.2.5). */
  noExpiry(): CertificateBuilder {
    return this.notAfter(new Date(Date.UTC(9999, 11, 31, 23, 59, 59)));
  }

  /**
   * Adds an extension, typed through its codec or raw.
   *
   * - `extension(basicConstraintsCodec, { cA: true })`: encoded by the codec, critical as the
   *   codec's RFC 5280 default unless `critical` is given.
   * - `extension({ oid, critical, value })`: `value` is the DER of the extension's syntax.
   * @throws CertificateBuilderError `duplicate-extension` when the OID is already present.
   * @example
   * ```ts
   * b.extension(extKeyUsageCodec, ['serverAuth'])
   * b.extension({ oid: '1.3.6.1.4.1.11129.2.4.3', critical: true, value: Uint8Array.of(5, 0) })
   * ```
   */
  extension<T>(codecOrRaw: ExtensionCodec<T> | ExtensionInput, value?: T, critical?: boolean): CertificateBuilder {
    let ext: ExtensionInput;
    if (codecOrRaw !== null && typeof codecOrRaw === 'object' && 'decode' in codecOrRaw && typeof codecOrRaw.decode === 'function') {
      const codec = codecOrRaw;
      if (critical !== undefined && typeof critical !== 'boolean') throw new TypeError('critical must be a boolean');
      ext = { oid: codec.oid, critical: critical ?? codec.defaultCritical, value: encodeExtensionValue(codec, value as T) };
    } else if (codecOrRaw !== null && typeof codecOrRaw === 'object' && typeof (codecOrRaw as ExtensionInput).oid === 'string') {
      const raw = codecOrRaw as ExtensionInput;
      if (!(raw.value instanceof Uint8Array)) throw new TypeError('a raw extension needs value: Uint8Array (the DER of its syntax)');
      if (raw.critical !== undefined && typeof raw.critical !== 'boolean') throw new TypeError('critical must be a boolean');
      // The OID is checked by encoding it now rather than at signing.
      new DerWriter().oid(raw.oid).finish();
      ext = { oid: raw.oid, critical: raw.critical === true, value: raw.value.slice() };
    } else {
      throw new TypeError('extension() expects an extension codec and a value, or { oid, critical?, value }');
    }
    return this._addExtension(ext);
  }

  private _addExtension(ext: ExtensionInput): CertificateBuilder {
    if (this._s.extensions.some((e) => e.oid === ext.oid)) {
      throw new CertificateBuilderError('duplicate-extension', `extension ${ext.oid} is already set; RFC 5280 §4.2 allows one instance`);
    }
    if ((ext.oid === EXTENSION.subjectKeyIdentifier && this._s.ski !== undefined) || (ext.oid === EXTENSION.authorityKeyIdentifier && this._s.aki !== undefined)) {
      throw new CertificateBuilderError('duplicate-extension', `extension ${ext.oid} is already set through its own setter`);
    }
    return this._with({ extensions: [...this._s.extensions, ext] });
  }

  /** basicConstraints (RFC 5280 §4.2.1.9), critical by default (required for CAs). */
  basicConstraints(value: BasicConstraints, critical = true): CertificateBuilder {
    return this._addExtension({ oid: EXTENSION.basicConstraints, critical, value: encodeBasicConstraints(value) });
  }

  /** keyUsage (RFC 5280 §4.2.1.3), critical by default ("SHOULD mark this extension critical"). */
  keyUsage(value: KeyUsage, critical = true): CertificateBuilder {
    return this._addExtension({ oid: EXTENSION.keyUsage, critical, value: encodeKeyUsage(value) });
  }

  /** extKeyUsage (RFC 5280 §4.2.1.12): key purpose names (`serverAuth`) or OIDs; not critical by default. */
  extKeyUsage(value: ExtKeyUsage, critical = false): CertificateBuilder {
    if (!Array.isArray(value)) throw new TypeError('extKeyUsage expects an array of key purpose names or OIDs');
    const table = KEY_PURPOSE as Record<string, string>;
    const oids = value.map((v) => {
      if (typeof v !== 'string') throw new TypeError('a key purpose is a name (serverAuth) or a dotted OID');
      const oid = Object.prototype.hasOwnProperty.call(table, v) ? table[v]! : v;
      if (!/^[0-2](\.(0|[1-9][0-9]*))+$/.test(oid)) throw new RangeError(`unknown key purpose '${v}'`);
      return oid;
    });
    return this._addExtension({ oid: EXTENSION.extKeyUsage, critical, value: encodeExtKeyUsage(oids) });
  }

  /**
   * subjectAltName (RFC 5280 §4.2.1.6) from general names or strings (an IP literal becomes an
   * iPAddress, any other string a dNSName). Critical only when the subject is empty, as
   * §4.1.2.6 requires (decided at signing).
   * @example
   * ```ts
   * b.subjectAltNames('example.com', 'www.example.com', '192.0.2.1', email('a@example.com'))
   * ```
   */
  subjectAltNames(...names: Array<GeneralName | string>): CertificateBuilder {
    if (names.length === 0) throw new RangeError('subjectAltNames needs at least one name (RFC 5280: GeneralNames SIZE (1..MAX))');
    const list = names.map(_toGeneralName);
    return this._addExtension({ oid: EXTENSION.subjectAltName, critical: false, value: encodeSubjectAltName(list) });
  }

  /**
   * The subjectKeyIdentifier: given octets, or `false` to leave the extension out. Default:
   * SHA-1 of the subjectPublicKey bits (RFC 5280 §4.2.1.2 method 1), as OpenSSL does.
   */
  subjectKeyIdentifier(value: Uint8Array | false): CertificateBuilder {
    if (this._s.ski !== undefined || this._s.extensions.some((e) => e.oid === EXTENSION.subjectKeyIdentifier)) _already('subjectKeyIdentifier');
    if (value !== false && !(value instanceof Uint8Array)) throw new TypeError('subjectKeyIdentifier expects bytes or false');
    if (value !== false && value.length === 0) throw new RangeError('subjectKeyIdentifier must not be empty');
    return this._with({ ski: value === false ? false : value.slice() });
  }

  /**
   * The authorityKeyIdentifier keyIdentifier: given octets, or `false` to leave it out. Default:
   * the issuer certificate's subjectKeyIdentifier, else the identifier of the signer's key.
   */
  authorityKeyIdentifier(value: Uint8Array | false): CertificateBuilder {
    if (this._s.aki !== undefined || this._s.extensions.some((e) => e.oid === EXTENSION.authorityKeyIdentifier)) _already('authorityKeyIdentifier');
    if (value !== false && !(value instanceof Uint8Array)) throw new TypeError('authorityKeyIdentifier expects bytes or false');
    if (value !== false && value.length === 0) throw new RangeError('authorityKeyIdentifier must not be empty');
    return this._with({ aki: value === false ? false : value.slice() });
  }

  /**
   * Encodes the TBSCertificate, signs it, parses the result and verifies its signature against
   * the signer's public key.
   *
   * @throws CertificateBuilderError `missing-fields` (listing every missing field),
   * `issuer-key-mismatch`, `issuer-name-mismatch`, `invalid-validity`, `empty-subject`,
   * `self-check-failed`; whatever the signer throws.
   * @example
   * ```ts
   * const leaf = await builder.sign(intermediateSigner, { issuerCertificate: intermediate });
   * ```
   */
  async sign(signer: Signer, options: SignOptions = {}): Promise<Certificate> {
    if (signer === null || typeof signer !== 'object' || typeof signer.sign !== 'function' || !(signer.publicKey instanceof Uint8Array)) {
      throw new TypeError('sign() expects a Signer { algorithm, publicKey, sign(data) }');
    }
    const s = this._s;
    const issuerCert = options.issuerCertificate;
    if (issuerCert !== undefined && !(issuerCert instanceof Certificate)) throw new TypeError('issuerCertificate must be a parsed Certificate');
    const now = options.now === undefined ? new Date() : _checkDate(options.now, 'now');

    // Self-issued without an explicit key: the certificate is for the signer's own key.
    const subjectKey = s.publicKey ?? (issuerCert === undefined ? parsePublicKey(signer.publicKey) : undefined);
    const missing: string[] = [];
    if (s.subject === undefined) missing.push('subject (.subject())');
    if (subjectKey === undefined) missing.push('publicKey (.publicKey(); only a self-signed certificate defaults to the signer key)');
    if (s.notAfter === undefined && s.validityDays === undefined) missing.push('notAfter (.notAfter(), .validityDays() or .noExpiry())');
    if (missing.length > 0) throw new CertificateBuilderError('missing-fields', `cannot sign, missing: ${missing.join(', ')}`);
    const subject = s.subject!;
    const spki = subjectKey!;

    // Issuer name: copied from the issuer certificate's subject bytes when there is one.
    let issuerDer: Uint8Array;
    if (issuerCert !== undefined) {
      if (!bytesEqual(issuerCert.rawSpki, signer.publicKey)) {
        throw new CertificateBuilderError('issuer-key-mismatch', "the signer's public key is not the issuer certificate's subject public key");
      }
      if (s.issuer !== undefined && !nameEquals(s.issuer, issuerCert.subject)) {
        throw new CertificateBuilderError('issuer-name-mismatch', `issuer ${s.issuer.toString()} differs from the issuer certificate's subject ${issuerCert.subject.toString()}`);
      }
      issuerDer = issuerCert.rawSubject;
    } else {
      issuerDer = (s.issuer ?? subject).raw;
    }

    const notBefore = s.notBefore ?? _checkDate(now, 'notBefore');
    const notAfter = s.notAfter ?? _checkDate(new Date(notBefore.getTime() + s.validityDays! * _DAY), 'notAfter');
    if (notAfter < notBefore) {
      throw new CertificateBuilderError('invalid-validity', `notAfter ${notAfter.toISOString()} is before notBefore ${notBefore.toISOString()}`);
    }

    // Extensions: SKI and AKI first (as OpenSSL orders them), then the caller's in order.
    const exts: ExtensionInput[] = [];
    if (s.ski !== false && !s.extensions.some((e) => e.oid === EXTENSION.subjectKeyIdentifier)) {
      exts.push({ oid: EXTENSION.subjectKeyIdentifier, critical: false, value: encodeSubjectKeyIdentifier(s.ski ?? spki.subjectKeyIdentifier()) });
    }
    if (s.aki !== false && !s.extensions.some((e) => e.oid === EXTENSION.authorityKeyIdentifier)) {
      const keyId = s.aki ?? _issuerKeyId(issuerCert, signer.publicKey, spki, s.ski);
      exts.push({ oid: EXTENSION.authorityKeyIdentifier, critical: false, value: encodeAuthorityKeyIdentifier({ keyIdentifier: keyId }) });
    }
    for (const e of s.extensions) {
      // RFC 5280 §4.1.2.6: with an empty subject, subjectAltName MUST be critical.
      if (e.oid === EXTENSION.subjectAltName && subject.isEmpty) exts.push({ ...e, critical: true });
      else exts.push(e);
    }
    if (subject.isEmpty && !exts.some((e) => e.oid === EXTENSION.subjectAltName)) {
      throw new CertificateBuilderError('empty-subject', 'the subject is empty: RFC 5280 §4.1.2.6 then requires a subjectAltName extension');
    }

    const serial = s.serial ?? _randomSerial();
    const alg = signer.algorithm;

    const tbs = new DerWriter();
    tbs.sequence((w) => {
      w.explicit(0, (w) => w.integer(2)); // v3
      w.element(Tag.INTEGER, serial);
      writeAlgorithmIdentifier(w, alg);
      w.raw(issuerDer);
      w.sequence((w) => {
        w.time(notBefore);
        w.time(notAfter);
      });
      w.raw(subject.raw);
      w.raw(spki.spki);
      w.explicit(3, (w) =>
        w.sequence((w) => {
          for (const e of exts) {
            w.sequence((w) => {
              w.oid(e.oid);
              if (e.critical === true) w.boolean(true); // DEFAULT FALSE is omitted (X.690 §11.5)
              w.octetString(e.value);
            });
          }
        }),
      );
    });
    const tbsDer = tbs.finish();
    const built = await signTbs(signer, tbsDer, alg);
    const cert = parseCertificate(built, { maxInputSize: built.length });
    // WebCrypto where the runtime has the algorithm (fast), the pure path otherwise. The policy
    // is permissive on purpose: this checks the signer, not the choice of algorithm.
    const ok = await verifySignature(signer.publicKey, alg, cert.rawTbs, cert.rawSignatureValue, { allowSha1: true, minRsaBits: 1024 });
    if (!ok) {
      throw new CertificateBuilderError('self-check-failed', "the signature the signer produced does not verify with the signer's public key; nothing was issued");
    }
    return cert;
  }
}

/**
 * keyIdentifier for the authorityKeyIdentifier (RFC 5280 §4.2.1.1: "the value of the
 * keyIdentifier field ... SHOULD be derived from the public key used to verify the certificate's
 * signature", and equal to the issuer's subjectKeyIdentifier).
 */
function _issuerKeyId(issuerCert: Certificate | undefined, signerSpki: Uint8Array, subjectKey: PublicKey, ski: Uint8Array | false | undefined): Uint8Array {
  if (issuerCert !== undefined) {
    const e = findRawExtension(issuerCert, EXTENSION.subjectKeyIdentifier);
    if (e !== undefined) return decodeSubjectKeyIdentifier(e.value, e.valueOffset, issuerCert.lenient);
  } else if (ski instanceof Uint8Array && bytesEqual(subjectKey.spki, signerSpki)) {
    // Self-signed with a chosen SKI: AKI repeats it.
    return ski;
  }
  return parsePublicKey(signerSpki).subjectKeyIdentifier();
}
