/**
 * An immutable, fluent PKCS#10 request builder in the style of pyca/cryptography's
 * `CertificateSigningRequestBuilder` (and of certkit's `CertificateBuilder`): each setter returns
 * a new builder, each field is set once, values are checked (and encoded) when they are set,
 * and `await builder.sign(signer)` is the only terminal step.
 *
 * Scope: the subject (object, RFC 4514 string or `Name`), requested extensions in the
 * extensionRequest attribute (RFC 2985 §5.4.2): subjectAltName, keyUsage, extKeyUsage,
 * basicConstraints through their codecs, any other extension typed or raw; the
 * challengePassword (§5.4.1) and unstructuredName (§5.2.2) attributes, and any attribute raw.
 * The request is signed by the signer's key (it is the requested key: RFC 2986 §3), its
 * signature is verified with that key before the request is returned, and the result is a
 * parsed {@link Csr} (DER via `raw`, PEM via `csrToPem`).
 *
 * Non-goals: deciding what a CA will accept (see `lint.ts`), the Microsoft extension request
 * alias (read only), PKCS#10 versions other than v1.
 * @module
 */
import { DerReader, DerWriter, compareEncodings } from '../der/index';
import { EXTENSION, KEY_PURPOSE, PKCS9 } from '../oid/index';
import { signTbs, verifySignature, type Signer } from '../sig/index';
import {
  Name,
  dns,
  encodeExtensionValue,
  encodeBasicConstraints,
  encodeExtKeyUsage,
  encodeKeyUsage,
  encodeSubjectAltName,
  ip,
  type BasicConstraints,
  type ExtKeyUsage,
  type ExtensionCodec,
  type GeneralName,
  type KeyUsage,
  type NameInit,
} from './_x509';
import { encodeChallengePassword, encodeUnstructuredName } from './attributes';
import { type Csr, parseCsr } from './csr';
import { CsrError } from './errors';
import { nameFrom, parseNameString } from '../x509/index';

/** An extension to request: OID, criticality and the DER of its syntax (the `extnValue` contents). */
export interface CsrExtensionInput {
  /** `extnID`, dotted. */
  oid: string;
  /** `critical`; default `false`. */
  critical?: boolean;
  /** The DER of the extension's own syntax. */
  value: Uint8Array;
}

/** A key purpose name of the OID registry (`serverAuth`, `clientAuth`, `codeSigning`, ...). */
export type KeyPurposeName = keyof typeof KEY_PURPOSE;

interface _State {
  readonly subject: Name | undefined;
  readonly extensions: readonly Required<CsrExtensionInput>[];
  /** Attributes other than extensionRequest: type and value encodings. */
  readonly attributes: ReadonlyArray<{ readonly oid: string; readonly values: readonly Uint8Array[] }>;
}

const _EMPTY: _State = { subject: undefined, extensions: [], attributes: [] };

function _already(field: string): never {
  throw new CsrError('already-set', `${field} is already set; a builder sets each field once (make a new builder to change it)`);
}

function _toName(v: unknown): Name {
  if (v instanceof Name) return v;
  if (typeof v === 'string') return parseNameString(v);
  if (v !== null && typeof v === 'object') return nameFrom(v as NameInit);
  throw new TypeError("subject expects a Name, an object such as { CN: 'example.com', O: 'Acme' } or an RFC 4514 string");
}

function _toGeneralName(v: unknown): GeneralName {
  if (typeof v === 'string') {
    // An IP literal becomes an iPAddress, anything else a dNSName (its syntax checked by dns()).
    if (/^[0-9.]+$/.test(v) || v.includes(':')) return ip(v);
    return dns(v);
  }
  if (v !== null && typeof v === 'object' && typeof (v as { type?: unknown }).type === 'string') return v as GeneralName;
  throw new TypeError('a subject alternative name is a GeneralName (dns(), ip(), email(), uri(), upn(), ...) or a DNS name / IP string');
}

function _checkCritical(c: unknown): boolean {
  if (typeof c !== 'boolean') throw new TypeError('critical must be a boolean');
  return c;
}

/** Checks that `der` is exactly one DER element (the encoding of one attribute value). */
function _checkOneElement(der: unknown, what: string): Uint8Array {
  if (!(der instanceof Uint8Array)) throw new TypeError(`${what} must be a Uint8Array holding one DER element`);
  try {
    const r = new DerReader(der);
    r.readTlv();
    r.finish(what);
  } catch (e) {
    throw new RangeError(`${what} is not one DER element: ${(e as Error).message}`, { cause: e });
  }
  return der.slice();
}

/**
 * Builds and signs a PKCS#10 certification request.
 *
 * @example
 * ```ts
 * const { privateKey } = await generateKeyPair('P-256');
 * const csr = await CsrBuilder.create()
 *   .subject({ CN: 'example.com', O: 'Acme', C: 'US' })
 *   .subjectAltNames('example.com', 'www.example.com')
 *   .extKeyUsage(['serverAuth'])
 *   .sign(signerFromPrivateKey(privateKey));
 * writeFileSync('req.pem', csrToPem(csr));
 * ```
 */
export class CsrBuilder {
  private readonly _s: _State;

  private constructor(s: _State) {
    this._s = s;
  }

  /**
   * An empty builder.
   * @example
   * ```ts
   * const b = CsrBuilder.create();
   * ```
   */
  static create(): CsrBuilder {
    return new CsrBuilder(_EMPTY);
  }

  private _with(patch: Partial<_State>): CsrBuilder {
    return new CsrBuilder({ ...this._s, ...patch });
  }

  /**
   * The subject: a `Name`, an object (`{ CN, O, OU, L, ST, C, emailAddress, serialNumber, ... }`,
   * any registered type by short name, long name or dotted OID; arrays for several values) or an
   * RFC 4514 string. `{}` is an empty subject, which needs a subjectAltName (RFC 5280 §4.1.2.6).
   * @throws CsrError `already-set`; RangeError / NameError for a bad value; TypeError.
   * @example
   * ```ts
   * b.subject({ CN: 'example.com', O: 'Acme', C: 'US' });
   * b.subject('CN=example.com,O=Acme\\, Inc.,C=US');
   * ```
   */
  subject(name: Name | NameInit | string): CsrBuilder {
    if (this._s.subject !== undefined) _already('subject');
    return this._with({ subject: _toName(name) });
  }

  /**
   * Requests an extension, typed through its codec or raw.
   * - `extension(codec, value, critical?)`: encoded now by the codec; criticality as the codec's
   *   RFC 5280 default unless given.
   * - `extension({ oid, critical?, value })`: `value` is the DER of the extension's syntax.
   * @throws CsrError `already-set` when that extension is already requested; TypeError;
   * whatever the codec throws for a bad value.
   * @example
   * ```ts
   * b.extension(extKeyUsageCodec, ['clientAuth'])
   * b.extension({ oid: '1.3.6.1.4.1.311.20.2', value: Uint8Array.of(0x1e, 0x02, 0x00, 0x41) })
   * ```
   */
  extension<T>(codecOrRaw: ExtensionCodec<T> | CsrExtensionInput, value?: T, critical?: boolean): CsrBuilder {
    let ext: Required<CsrExtensionInput>;
    if (codecOrRaw !== null && typeof codecOrRaw === 'object' && 'decode' in codecOrRaw && typeof codecOrRaw.decode === 'function') {
      const codec = codecOrRaw;
      const c = critical === undefined ? codec.defaultCritical : _checkCritical(critical);
      ext = { oid: codec.oid, critical: c, value: encodeExtensionValue(codec, value as T) };
    } else if (codecOrRaw !== null && typeof codecOrRaw === 'object' && typeof (codecOrRaw as CsrExtensionInput).oid === 'string') {
      const raw = codecOrRaw as CsrExtensionInput;
      const c = raw.critical === undefined ? false : _checkCritical(raw.critical);
      // The OID and the value are checked now rather than at signing.
      new DerWriter().oid(raw.oid).finish();
      ext = { oid: raw.oid, critical: c, value: _checkOneElement(raw.value, `extension ${raw.oid} value`) };
    } else {
      throw new TypeError('extension() expects an extension codec and a value, or { oid, critical?, value }');
    }
    return this._addExtension(ext);
  }

  private _addExtension(ext: Required<CsrExtensionInput>): CsrBuilder {
    if (this._s.extensions.some((e) => e.oid === ext.oid)) _already(`extension ${ext.oid}`);
    return this._with({ extensions: [...this._s.extensions, ext] });
  }

  /**
   * Requests subjectAltName (RFC 5280 §4.2.1.6) from general names or strings: an IP literal
   * (v4 or v6) becomes an iPAddress, any other string a dNSName (A-labels only, checked now).
   * Use `email()`, `uri()`, `upn()` (Microsoft UPN otherName), `dn()`, `registeredId()` for the
   * other choices. Critical exactly when the subject is empty (decided at signing, §4.1.2.6).
   * @throws CsrError `already-set`; RangeError for an empty list or a malformed name.
   * @example
   * ```ts
   * b.subjectAltNames('example.com', '*.example.com', '192.0.2.1', '2001:db8::1', email('a@example.com'), upn('jane@corp.example'))
   * ```
   */
  subjectAltNames(...names: Array<GeneralName | string>): CsrBuilder {
    if (names.length === 0) throw new RangeError('subjectAltNames needs at least one name (GeneralNames ::= SEQUENCE SIZE (1..MAX))');
    const list = names.map(_toGeneralName);
    return this._addExtension({ oid: EXTENSION.subjectAltName, critical: false, value: encodeSubjectAltName(list) });
  }

  /**
   * Requests keyUsage (RFC 5280 §4.2.1.3), critical by default.
   * @example
   * ```ts
   * b.keyUsage(['digitalSignature'])
   * ```
   */
  keyUsage(value: KeyUsage, critical = true): CsrBuilder {
    return this._addExtension({ oid: EXTENSION.keyUsage, critical: _checkCritical(critical), value: encodeKeyUsage(value) });
  }

  /**
   * Requests extKeyUsage (RFC 5280 §4.2.1.12): purpose names (`serverAuth`, `clientAuth`,
   * `codeSigning`, `emailProtection`, ...) or OIDs; not critical by default.
   * @example
   * ```ts
   * b.extKeyUsage(['serverAuth', 'clientAuth'])
   * ```
   */
  extKeyUsage(value: ExtKeyUsage | ReadonlyArray<KeyPurposeName | string>, critical = false): CsrBuilder {
    if (!Array.isArray(value)) throw new TypeError('extKeyUsage expects an array of purpose names or OIDs');
    const oids = value.map((p: unknown) => {
      if (typeof p !== 'string') throw new TypeError('a key purpose is a name (serverAuth) or a dotted OID');
      if (Object.prototype.hasOwnProperty.call(KEY_PURPOSE, p)) return KEY_PURPOSE[p as KeyPurposeName];
      if (!/^[0-2](\.(0|[1-9][0-9]*))+$/.test(p))
        throw new RangeError(`unknown key purpose '${p}': use a name of KEY_PURPOSE (serverAuth, clientAuth, codeSigning, emailProtection, ...) or a dotted OID`);
      return p;
    });
    return this._addExtension({ oid: EXTENSION.extKeyUsage, critical: _checkCritical(critical), value: encodeExtKeyUsage(oids) });
  }

  /**
   * Requests basicConstraints (RFC 5280 §4.2.1.9), critical by default.
   * @example
   * ```ts
   * b.basicConstraints({ cA: false })
   * ```
   */
  basicConstraints(value: BasicConstraints, critical = true): CsrBuilder {
    return this._addExtension({ oid: EXTENSION.basicConstraints, critical: _checkCritical(critical), value: encodeBasicConstraints(value) });
  }

  private _addAttribute(oid: string, values: readonly Uint8Array[], field: string): CsrBuilder {
    if (this._s.attributes.some((a) => a.oid === oid)) _already(field);
    return this._with({ attributes: [...this._s.attributes, { oid, values }] });
  }

  /**
   * The challengePassword attribute (RFC 2985 §5.4.1): PrintableString when every character fits,
   * else UTF8String; 1..255 characters. It travels in clear inside the request.
   * @throws CsrError `already-set`; RangeError for an empty or over-long password.
   * @example
   * ```ts
   * b.challengePassword('one-time-secret')
   * ```
   */
  challengePassword(password: string): CsrBuilder {
    return this._addAttribute(PKCS9.challengePassword, [encodeChallengePassword(password)], 'challengePassword');
  }

  /**
   * The unstructuredName attribute (RFC 2985 §5.2.2): IA5String for ASCII, else UTF8String.
   * @throws CsrError `already-set`; RangeError for an empty or over-long name.
   * @example
   * ```ts
   * b.unstructuredName('router-42')
   * ```
   */
  unstructuredName(name: string): CsrBuilder {
    return this._addAttribute(PKCS9.unstructuredName, [encodeUnstructuredName(name)], 'unstructuredName');
  }

  /**
   * Any other attribute, raw: its type and one or more values, each the DER of one element.
   * extensionRequest, challengePassword and unstructuredName have their own setters.
   * @throws CsrError `already-set`; RangeError for no values, a value that is not one DER
   * element, or a type with its own setter; TypeError.
   * @example
   * ```ts
   * b.attribute('1.2.840.113549.1.9.20', [bmpStringDer]) // friendlyName
   * ```
   */
  attribute(oid: string, values: Uint8Array | readonly Uint8Array[]): CsrBuilder {
    if (typeof oid !== 'string') throw new TypeError('attribute type must be a dotted OID string');
    new DerWriter().oid(oid).finish();
    if (oid === PKCS9.extensionRequest || oid === PKCS9.msExtensionRequest) {
      throw new RangeError('request extensions with extension(), subjectAltNames(), keyUsage(), ... (they go into one extensionRequest attribute)');
    }
    if (oid === PKCS9.challengePassword || oid === PKCS9.unstructuredName) {
      throw new RangeError(`use ${oid === PKCS9.challengePassword ? 'challengePassword()' : 'unstructuredName()'} for this attribute`);
    }
    const list = values instanceof Uint8Array ? [values] : values;
    if (!Array.isArray(list) || list.length === 0) throw new RangeError('an attribute needs at least one value (SET SIZE(1..MAX))');
    return this._addAttribute(
      oid,
      list.map((v, i) => _checkOneElement(v, `attribute ${oid} value ${i}`)),
      `attribute ${oid}`,
    );
  }

  /**
   * Signs the request with `signer` (whose public key is the requested key), verifies the
   * signature with that key, and returns the parsed request.
   *
   * @throws CsrError `missing-fields` (no subject), `empty-subject` (empty subject without a
   * subjectAltName), `self-check-failed` (the signer's signature does not verify with its public
   * key); SignatureError / KeyError for an unusable key or algorithm; whatever the signer throws.
   * @example
   * ```ts
   * const csr = await CsrBuilder.create().subject({ CN: 'device-1' }).sign(signer);
   * csrToPem(csr);
   * ```
   */
  async sign(signer: Signer): Promise<Csr> {
    if (signer === null || typeof signer !== 'object' || typeof signer.sign !== 'function' || !(signer.publicKey instanceof Uint8Array)) {
      throw new TypeError('sign() expects a Signer { algorithm, publicKey, sign(data) }');
    }
    const s = this._s;
    if (s.subject === undefined) {
      throw new CsrError('missing-fields', 'cannot sign, missing: subject (.subject(); .subject({}) for an empty subject with a subjectAltName)');
    }
    const subject = s.subject;
    const hasSan = s.extensions.some((e) => e.oid === EXTENSION.subjectAltName);
    if (subject.isEmpty && !hasSan) {
      throw new CsrError('empty-subject', 'the subject is empty: RFC 5280 §4.1.2.6 then requires a (critical) subjectAltName; add .subjectAltNames(...)');
    }

    // Attributes: [0] IMPLICIT SET OF Attribute, in DER order (X.690 §11.6).
    const encoded: Uint8Array[] = [];
    for (const a of s.attributes) {
      const w = new DerWriter();
      w.sequence((w) => {
        w.oid(a.oid);
        w.setOf((w) => {
          for (const v of a.values) w.raw(v);
        });
      });
      encoded.push(w.finish());
    }
    if (s.extensions.length > 0) {
      const w = new DerWriter();
      w.sequence((w) => {
        w.oid(PKCS9.extensionRequest);
        w.setOf((w) =>
          w.sequence((w) => {
            for (const e of s.extensions) {
              // RFC 5280 §4.1.2.6: with an empty subject, subjectAltName MUST be critical.
              const critical = e.critical || (e.oid === EXTENSION.subjectAltName && subject.isEmpty);
              w.sequence((w) => {
                w.oid(e.oid);
                if (critical) w.boolean(true); // DEFAULT FALSE is omitted (X.690 §11.5)
                w.octetString(e.value);
              });
            }
          }),
        );
      });
      encoded.push(w.finish());
    }
    encoded.sort(compareEncodings);

    const info = new DerWriter();
    info.sequence((w) => {
      w.integer(0); // version v1(0)
      w.raw(subject.raw);
      w.raw(signer.publicKey);
      w.constructed(0xa0, (w) => {
        for (const a of encoded) w.raw(a);
      });
    });
    const infoDer = info.finish();
    const alg = signer.algorithm;
    const csr = parseCsr(await signTbs(signer, infoDer, alg));
    // Proof of possession must hold before anyone sees the request: a broken signer (an HSM
    // answering with another key, a wrong algorithm) is caught here. The policy is permissive on
    // purpose, as in CertificateBuilder: this checks the signer, not the choice of key (a weak
    // key is the linter's and the CA's to refuse, with a finding that says so).
    if (!(await verifySignature(signer.publicKey, alg, csr.rawInfo, csr.rawSignatureValue, { allowSha1: true, minRsaBits: 1024 }))) {
      throw new CsrError('self-check-failed', "the signature the signer produced does not verify with the signer's public key; no request was made");
    }
    return csr;
  }
}
