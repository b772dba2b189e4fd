/**
 * Reading PKCS#12 / PFX files (RFC 7292): the MAC is verified first, then the safes are
 * decrypted and the key and certificate bags returned with their attributes.
 *
 * Scope: password integrity mode (HMAC MacData), password privacy mode (`data` and
 * `encryptedData` safes; PBES2 or, through a {@link LegacyCipher}, the RFC 7292 Appendix C
 * schemes), keyBag, pkcs8ShroudedKeyBag, certBag (X.509), safeContentsBag, friendlyName and
 * localKeyId attributes (other attributes are returned raw). Files from OpenSSL 3 (default and
 * `-legacy`), Java keytool and certkit are tested.
 * Non-goals: public-key integrity and privacy modes (signedData / envelopedData), CRL, secret and
 * SDSI certificate bags (refused with `unsupported-bag` unless skipped on request), BER
 * indefinite-length encodings, PBMAC1.
 * @module
 */
import { DerReader, Tag, addPath, concatBytes, contextTag, decodeBmp, withPath } from '../der/index';
import { importPrivateKey, type PrivateKey } from '../keys/index';
import { parseCertificate, type Certificate } from '../x509/index';
import { _checkPassword, _readAlgId } from './_util';
import { _decryptEpki } from './encrypted-private-key';
import { Pkcs12Error } from './errors';
import type { LegacyCipher } from './legacy-cipher';
import { _readMacData, _verifyMac, type Pkcs12MacInfo } from './mac';
import { PKCS12_OID } from './oids';
import { _decrypt, _describeScheme, _readScheme } from './pbe';
import { _limits, type _Limits, type PbeLimits } from './pbes2';

/** A bag attribute (RFC 7292 §4.2): its type and the DER of each value. */
export interface Pkcs12Attribute {
  oid: string;
  values: Uint8Array[];
}

/** A private key found in a PFX. */
export interface Pkcs12KeyEntry {
  key: PrivateKey;
  /** The PKCS#8 DER the key came in (secret). */
  pkcs8: Uint8Array;
  /** The `friendlyName` attribute (PKCS#9 §5.5.1; Java's alias). */
  friendlyName?: string;
  /** The `localKeyId` attribute, linking the key to its certificate. */
  localKeyId?: Uint8Array;
  /** Every bag attribute, friendlyName and localKeyId included. */
  attributes: Pkcs12Attribute[];
  /** How the key was protected (`PBES2 (...)`), or `undefined` for an unencrypted keyBag. */
  encryption: string | undefined;
}

/** A certificate found in a PFX. */
export interface Pkcs12CertificateEntry {
  certificate: Certificate;
  friendlyName?: string;
  localKeyId?: Uint8Array;
  attributes: Pkcs12Attribute[];
  /** How the safe holding it was encrypted, or `undefined` for a plain `data` safe. */
  encryption: string | undefined;
}

/** A bag skipped under {@link ParsePkcs12Options.skipUnsupportedBags}. */
export interface Pkcs12SkippedBag {
  bagId: string;
  path: string;
}

/** The contents of a PFX. */
export interface Pkcs12Contents {
  keys: Pkcs12KeyEntry[];
  certificates: Pkcs12CertificateEntry[];
  /** The MAC parameters, or `undefined` for a file without MAC (only with `allowMissingMac`). */
  mac: Pkcs12MacInfo | undefined;
  /** Bags skipped under `skipUnsupportedBags`. */
  skippedBags: Pkcs12SkippedBag[];
}

/** Options of {@link parsePkcs12}. */
export interface ParsePkcs12Options extends PbeLimits {
  /** Triple-DES and RC2 for legacy files (OpenSSL `-legacy`, old Windows/Java); see {@link LegacyCipher}. */
  legacyCipher?: LegacyCipher;
  /**
   * Read a file that has no MAC (`openssl pkcs12 -nomac`). Nothing then proves the file was not
   * altered, and a wrong password shows only when a safe fails to decrypt. Default `false`.
   */
  allowMissingMac?: boolean;
  /** Skip CRL, secret and unknown bags instead of refusing the file (they are listed in `skippedBags`). Default `false`. */
  skipUnsupportedBags?: boolean;
}

interface _Ctx {
  password: string;
  options: ParsePkcs12Options;
  limits: _Limits;
  out: Pkcs12Contents;
}

const CTX0 = contextTag(0, true); // [0] EXPLICIT
const CTX0_PRIMITIVE = contextTag(0); // [0] IMPLICIT OCTET STRING

/**
 * Reads a PKCS#12 file.
 *
 * The MAC is checked before anything else is decrypted or parsed; a wrong password gives
 * `mac-mismatch` (the file cannot tell a wrong password from a modified file). Keys come back as
 * {@link PrivateKey}s, certificates as parsed {@link Certificate}s, in file order. The password is
 * used as a BMPString for the MAC and the Appendix C schemes and as UTF-8 for PBES2, as OpenSSL
 * and Java do.
 *
 * @param input the DER bytes of the PFX
 * @throws Pkcs12Error `mac-mismatch`, `missing-mac`, `wrong-password` (a bag encrypted under
 * another password), `unsupported-algorithm`, `legacy-cipher-unavailable`, `unsupported-bag`,
 * `unsupported-content`, `malformed`, `invalid-parameters`, `too-expensive`; DerError for
 * malformed DER (truncated files: `truncated` / `length-exceeds-input`), KeyError and
 * CertificateError for bad keys and certificates, each with a `path`.
 * @example
 * ```ts
 * const { keys, certificates } = await parsePkcs12(readFileSync('alice.p12'), 'secret');
 * keys[0].key.algorithm;             // 'ECDSA'
 * certificates[0].certificate.subject.toString();
 * ```
 */
export async function parsePkcs12(input: Uint8Array, password: string, options: ParsePkcs12Options = {}): Promise<Pkcs12Contents> {
  if (!(input instanceof Uint8Array)) throw new TypeError('parsePkcs12 expects the DER bytes of a PKCS#12 file');
  _checkPassword(password);
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
  const limits = _limits(options);
  const ctx: _Ctx = { password, options, limits, out: { keys: [], certificates: [], mac: undefined, skippedBags: [] } };

  // PFX ::= SEQUENCE { version INTEGER {v3(3)}, authSafe ContentInfo, macData MacData OPTIONAL }
  const top = new DerReader(input);
  const pfx = top.enter(Tag.SEQUENCE, 'PFX');
  top.finish('PFX');
  const versionAt = pfx.pos;
  const version = withPath('version', () => pfx.readSmallInteger());
  if (version !== 3) throw new Pkcs12Error('malformed', `PFX version must be 3, found ${version}`, { offset: versionAt, path: 'version' });
  const authSafe = withPath('authSafe', () => {
    const ci = pfx.enter(Tag.SEQUENCE, 'authSafe');
    const typeAt = ci.pos;
    const type = ci.readOid('contentType');
    if (type === PKCS12_OID.signedData) {
      throw new Pkcs12Error('unsupported-content', 'this PFX uses public-key integrity mode (signedData), which certkit does not read', { offset: typeAt });
    }
    if (type !== PKCS12_OID.data) throw new Pkcs12Error('malformed', `authSafe must be id-data, found ${type}`, { offset: typeAt });
    const c = ci.enter(CTX0, 'content [0]');
    const octets = c.read(Tag.OCTET_STRING, 'authSafe content');
    c.finish('content');
    ci.finish('authSafe');
    return octets;
  });
  const mac = pfx.atEnd ? undefined : withPath('macData', () => _readMacData(pfx, limits));
  pfx.finish('PFX');

  // RFC 7292 §5.1 / §5.2: authenticate first.
  if (mac !== undefined) {
    await _verifyMac(mac, password, authSafe.value);
    ctx.out.mac = { hash: mac.hash, iterations: mac.iterations, saltLength: mac.saltLength };
  } else if (options.allowMissingMac !== true) {
    throw new Pkcs12Error('missing-mac', 'this PFX has no MAC, so nothing proves it was not altered; pass allowMissingMac: true to read it anyway', { offset: pfx.end, path: 'macData' });
  }

  // AuthenticatedSafe ::= SEQUENCE OF ContentInfo
  const asr = new DerReader(input, {}, authSafe.valueOffset, authSafe.end, 3);
  const seq = withPath('authSafe.content', () => asr.enter(Tag.SEQUENCE, 'AuthenticatedSafe'));
  asr.finish('AuthenticatedSafe');
  for (let i = 0; !seq.atEnd; i++) {
    const path = `authSafe.content[${i}]`;
    try {
      await _readContentInfo(seq, ctx, path);
    } catch (e) {
      throw addPath(e, path);
    }
  }
  return ctx.out;
}

/**
 * ```asn1
 * ContentInfo ::= SEQUENCE { contentType ContentType, content [0] EXPLICIT ANY DEFINED BY contentType }
 * EncryptedData ::= SEQUENCE { version CMSVersion, encryptedContentInfo EncryptedContentInfo,
 *                              unprotectedAttrs [1] IMPLICIT UnprotectedAttributes OPTIONAL }
 * EncryptedContentInfo ::= SEQUENCE { contentType ContentType,
 *   contentEncryptionAlgorithm ContentEncryptionAlgorithmIdentifier,
 *   encryptedContent [0] IMPLICIT EncryptedContent OPTIONAL }          -- RFC 5652 §6.1, §8
 * ```
 */
async function _readContentInfo(seq: DerReader, ctx: _Ctx, path: string): Promise<void> {
  const ci = seq.enter(Tag.SEQUENCE, 'ContentInfo');
  const typeAt = ci.pos;
  const type = ci.readOid('contentType');
  const c = ci.enter(CTX0, 'content [0]');
  ci.finish('ContentInfo');
  if (type === PKCS12_OID.data) {
    const t = c.read(Tag.OCTET_STRING, 'data');
    c.finish('content');
    const r = new DerReader(t.buf, {}, t.valueOffset, t.end, c.depth + 1);
    await _readSafeContents(r, ctx, `${path}.safeContents`, undefined, 0);
    return;
  }
  if (type !== PKCS12_OID.encryptedData) {
    throw new Pkcs12Error(
      'unsupported-content',
      type === PKCS12_OID.envelopedData
        ? 'this PFX uses public-key privacy mode (envelopedData), which certkit does not read'
        : `safe content type ${type} is not supported (data and encryptedData are)`,
      { offset: typeAt, oid: type },
    );
  }
  const ed = c.enter(Tag.SEQUENCE, 'EncryptedData');
  c.finish('content');
  const vAt = ed.pos;
  const version = ed.readSmallInteger(Tag.INTEGER, 'version');
  // RFC 7292 writes version 0 (PKCS#7); RFC 5652 §8 uses 2 when unprotectedAttrs are present.
  if (version !== 0 && version !== 2) throw new Pkcs12Error('malformed', `EncryptedData version must be 0 or 2, found ${version}`, { offset: vAt });
  const eci = ed.enter(Tag.SEQUENCE, 'encryptedContentInfo');
  const ctAt = eci.pos;
  const ct = eci.readOid('contentType');
  if (ct !== PKCS12_OID.data) throw new Pkcs12Error('malformed', `the encrypted content type must be id-data, found ${ct}`, { offset: ctAt });
  const alg = _readAlgId(eci, 'contentEncryptionAlgorithm');
  const scheme = _readScheme(alg, ctx.limits);
  const dataAt = eci.pos;
  let data: Uint8Array;
  if (eci.peekTag() === CTX0) {
    // The constructed form (a BER/CER-style string of OCTET STRING segments) is what some CMS
    // writers emit for long contents; the segments are joined. DER writers (OpenSSL, Java) use
    // the primitive form.
    const parts = eci.enter(CTX0);
    const segs: Uint8Array[] = [];
    while (!parts.atEnd) segs.push(parts.readOctetString());
    data = concatBytes(...segs);
  } else {
    const t = eci.readOptional(CTX0_PRIMITIVE);
    if (t === undefined) throw new Pkcs12Error('malformed', 'the encrypted safe has no encryptedContent', { offset: dataAt });
    data = t.value;
  }
  eci.finish('EncryptedContentInfo');
  // unprotectedAttrs [1] are ignored: RFC 7292 does not use them.
  ed.readOptional(contextTag(1, true));
  ed.finish('EncryptedData');
  const plain = await _decrypt(scheme, ctx.password, data, ctx.options.legacyCipher, 'an encrypted safe', dataAt);
  // Offsets inside the decrypted bytes are offsets in the plaintext; the path says where it is.
  await _readSafeContents(new DerReader(plain), ctx, `${path}.encryptedContent`, _describeScheme(scheme), 0);
}

/** SafeContents ::= SEQUENCE OF SafeBag */
async function _readSafeContents(r: DerReader, ctx: _Ctx, path: string, encryption: string | undefined, depth: number): Promise<void> {
  const seq = withPath(path, () => r.enter(Tag.SEQUENCE, 'SafeContents'));
  withPath(path, () => r.finish('SafeContents'));
  for (let j = 0; !seq.atEnd; j++) {
    const bagPath = `${path}[${j}]`;
    try {
      await _readSafeBag(seq, ctx, bagPath, encryption, depth);
    } catch (e) {
      throw addPath(e, bagPath);
    }
  }
}

/**
 * ```asn1
 * SafeBag ::= SEQUENCE {
 *   bagId         BAG-TYPE.&id ({PKCS12BagSet}),
 *   bagValue      [0] EXPLICIT BAG-TYPE.&Type({PKCS12BagSet}{@bagId}),
 *   bagAttributes SET OF PKCS12Attribute OPTIONAL }
 * CertBag ::= SEQUENCE { certId BAG-TYPE.&id ({CertTypes}), certValue [0] EXPLICIT BAG-TYPE.&Type ({CertTypes}{@certId}) }
 * ```
 */
async function _readSafeBag(seq: DerReader, ctx: _Ctx, path: string, encryption: string | undefined, depth: number): Promise<void> {
  const bag = seq.enter(Tag.SEQUENCE, 'SafeBag');
  const idAt = bag.pos;
  const bagId = bag.readOid('bagId');
  const value = bag.enter(CTX0, 'bagValue [0]');
  const attributes = bag.atEnd ? [] : withPath('bagAttributes', () => _readAttributes(bag));
  bag.finish('SafeBag');
  const named = _namedAttributes(attributes);
  switch (bagId) {
    case PKCS12_OID.keyBag:
    case PKCS12_OID.pkcs8ShroudedKeyBag: {
      let pkcs8: Uint8Array;
      let enc: string | undefined;
      if (bagId === PKCS12_OID.keyBag) {
        pkcs8 = value.read(Tag.SEQUENCE, 'PrivateKeyInfo').raw;
        enc = undefined;
      } else {
        ({ pkcs8, encryption: enc } = await _decryptEpki(value, ctx.password, { ...ctx.options, ...ctx.limits }));
      }
      value.finish('bagValue');
      const key = withPath('bagValue', () => importPrivateKey(pkcs8));
      ctx.out.keys.push({ key, pkcs8, ...named, attributes, encryption: enc });
      return;
    }
    case PKCS12_OID.certBag: {
      const cb = value.enter(Tag.SEQUENCE, 'CertBag');
      value.finish('bagValue');
      const certIdAt = cb.pos;
      const certId = cb.readOid('certId');
      if (certId !== PKCS12_OID.x509Certificate) {
        _unsupported(ctx, certId, path, `certificate type ${certId} is not supported (x509Certificate is)`, certIdAt);
        return;
      }
      const cv = cb.enter(CTX0, 'certValue [0]');
      const der = cv.readOctetString(Tag.OCTET_STRING, 'x509Certificate');
      cv.finish('certValue');
      cb.finish('CertBag');
      const certificate = withPath('bagValue.certValue', () => parseCertificate(der));
      ctx.out.certificates.push({ certificate, ...named, attributes, encryption });
      return;
    }
    case PKCS12_OID.safeContentsBag:
      // RFC 7292 §4.2.6: nested SafeContents. Bounded: real files do not nest.
      if (depth >= 4) throw new Pkcs12Error('malformed', 'safeContentsBag nested more than 4 levels', { offset: idAt });
      await _readSafeContents(value, ctx, 'bagValue', encryption, depth + 1);
      return;
    case PKCS12_OID.crlBag:
      _unsupported(ctx, bagId, path, 'CRL bags are not read', idAt);
      return;
    case PKCS12_OID.secretBag:
      _unsupported(ctx, bagId, path, 'secret bags (symmetric keys, e.g. from Java keystores) are not read', idAt);
      return;
    default:
      _unsupported(ctx, bagId, path, `bag type ${bagId} is not a PKCS#12 bag certkit knows`, idAt);
  }
}

function _unsupported(ctx: _Ctx, oid: string, path: string, message: string, offset: number): void {
  if (ctx.options.skipUnsupportedBags === true) {
    ctx.out.skippedBags.push({ bagId: oid, path });
    return;
  }
  throw new Pkcs12Error('unsupported-bag', `${message}; pass skipUnsupportedBags: true to skip it`, { offset, oid });
}

/** PKCS12Attribute ::= SEQUENCE { attrId ATTRIBUTE.&id, attrValues SET OF ATTRIBUTE.&Type } */
function _readAttributes(bag: DerReader): Pkcs12Attribute[] {
  // Leniency: DER wants SET OF components sorted (X.690 §11.6), but Java keytool writes bag
  // attributes in insertion order (friendlyName, localKeyId, ...), so the order is not checked.
  // The attributes are not signed and nothing here depends on their order.
  const set = bag.enter(Tag.SET, 'bagAttributes');
  const out: Pkcs12Attribute[] = [];
  while (!set.atEnd) {
    const a = set.enter(Tag.SEQUENCE, 'PKCS12Attribute');
    const oid = a.readOid('attrId');
    const vs = a.enter(Tag.SET, 'attrValues'); // order not checked either (see above)
    a.finish('PKCS12Attribute');
    const values: Uint8Array[] = [];
    while (!vs.atEnd) values.push(vs.readTlv().raw);
    out.push({ oid, values });
  }
  return out;
}

/** friendlyName (BMPString) and localKeyId (OCTET STRING), RFC 2985 §5.5.1–5.5.2: single-valued. */
function _namedAttributes(attrs: Pkcs12Attribute[]): { friendlyName?: string; localKeyId?: Uint8Array } {
  const out: { friendlyName?: string; localKeyId?: Uint8Array } = {};
  for (const a of attrs) {
    if (a.oid !== PKCS12_OID.friendlyName && a.oid !== PKCS12_OID.localKeyId) continue;
    const name = a.oid === PKCS12_OID.friendlyName ? 'friendlyName' : 'localKeyId';
    if (a.values.length !== 1 || out[name] !== undefined) {
      throw new Pkcs12Error('malformed', `${name} must appear once with one value`, { path: `bagAttributes.${name}` });
    }
    const r = new DerReader(a.values[0]!);
    if (name === 'friendlyName') {
      const t = withPath('bagAttributes.friendlyName', () => r.read(Tag.BMP_STRING, 'friendlyName BMPString'));
      out.friendlyName = withPath('bagAttributes.friendlyName', () => decodeBmp(t.value, t.valueOffset));
    } else {
      out.localKeyId = withPath('bagAttributes.localKeyId', () => r.readOctetString(Tag.OCTET_STRING, 'localKeyId'));
    }
  }
  return out;
}
