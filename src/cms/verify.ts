/**
 * Verifying a SignedData (RFC 5652 §5.6): for each SignerInfo, find the signer's certificate by
 * its identifier, check the message digest against the content, the content-type attribute
 * against eContentType, the signature over the DER `SET OF` signed attributes (§5.4), and,
 * on request, the certificate's chain through `certkit/path`.
 *
 * Scope: attached and detached content; issuerAndSerialNumber and subjectKeyIdentifier signers
 * found among the embedded certificates and the caller's; every signature algorithm `certkit/sig`
 * verifies, plus rsaEncryption as the SignerInfo signature algorithm (what OpenSSL writes; the
 * hash is the digestAlgorithm's, RFC 5754 §3.2). {@link verifySignedData} uses WebCrypto where it
 * can; {@link verifySignedDataSync} runs on noble; the checks before the signature are the
 * same code (`_prepare`), so both give the same answers and the same errors.
 * Non-goals: countersignatures, other signed attributes' semantics, revocation beyond what the
 * caller's path options ask for, the validity of the signing-time claim.
 * @module
 */
import { Tag, bytesEqual, decodeOid, decodeTimeTlv, readTlvAt, withPath, CertkitError } from '../der/index';
import { verifySignature, verifySignatureSync, type AlgorithmIdentifier, type VerifyBackend, type VerifyPolicy } from '../sig/index';
import { getExtension, nameEquals, parseCertificate, parseName, subjectKeyIdentifierCodec, type Certificate } from '../x509/index';
import { verifyChain, verifyChainSync, type ValidationOptions } from '../path/index';
import { _digestByAlgorithm } from './_digest';
import { CmsError, _fail } from './errors';
import { CMS_OID } from './oids';
import { parseSignedData, type ParseSignedDataOptions, type SignedData, type SignerInfo } from './signed-data';

const PKCS9_CONTENT_TYPE = '1.2.840.113549.1.9.3';
const PKCS9_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
const PKCS9_SIGNING_TIME = '1.2.840.113549.1.9.5';
const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const RSA_WITH: Record<string, string> = {
  'SHA-1': '1.2.840.113549.1.1.5',
  'SHA-224': '1.2.840.113549.1.1.14',
  'SHA-256': '1.2.840.113549.1.1.11',
  'SHA-384': '1.2.840.113549.1.1.12',
  'SHA-512': '1.2.840.113549.1.1.13',
};

/** Options of {@link verifySignedData} and {@link verifySignedDataSync}. */
export interface VerifySignedDataOptions extends VerifyPolicy {
  /** The content of a detached signature (required when the SignedData carries none). */
  content?: Uint8Array;
  /** More candidate signer certificates, for SignedData that does not embed them. */
  certificates?: readonly (Certificate | Uint8Array)[];
  /**
   * Validate each signer's certificate with `verifyChain` under these options; the embedded
   * certificates are added to `intermediates`. Default: no chain validation (the signature is
   * checked against the certificate found, whoever issued it).
   */
  trust?: ValidationOptions;
  /** WebCrypto or noble for the async entry point (default `auto`). */
  backend?: VerifyBackend;
  /** Bounds for parsing when the input is bytes or PEM. */
  parse?: ParseSignedDataOptions;
}

/** One signer that verified. */
export interface VerifiedSigner {
  readonly signerInfo: SignerInfo;
  /** The certificate whose key verified the signature. */
  readonly certificate: Certificate;
  /** The signing-time attribute, when present (a claim of the signer, not a proof). */
  readonly signingTime: Date | undefined;
  /** The validated path, end entity first, when `trust` was given. */
  readonly chain: readonly Certificate[] | undefined;
}

/** What {@link verifySignedData} returns when every signer verifies. */
export interface SignedDataVerification {
  /** The content that was signed (encapsulated or the detached one given). */
  readonly content: Uint8Array;
  /** eContentType. */
  readonly contentType: string;
  readonly signers: readonly VerifiedSigner[];
}

interface _Check {
  si: SignerInfo;
  path: string;
  cert: Certificate;
  alg: AlgorithmIdentifier;
  data: Uint8Array;
  signingTime: Date | undefined;
}

interface _Prepared {
  sd: SignedData;
  content: Uint8Array;
  embedded: Certificate[];
  checks: _Check[];
}

function _parseCerts(list: readonly (Certificate | Uint8Array)[], path: string): Certificate[] {
  return list.map((c, i) => (c instanceof Uint8Array ? withPath(`${path}[${i}]`, () => parseCertificate(c)) : c));
}

function _matches(cert: Certificate, si: SignerInfo): boolean {
  const sid = si.sid;
  if (sid.type === 'subjectKeyIdentifier') {
    const ski = getExtension(cert, subjectKeyIdentifierCodec);
    return ski !== undefined && bytesEqual(ski, sid.keyIdentifier);
  }
  if (cert.serialNumber !== sid.serialNumber) return false;
  return bytesEqual(cert.rawIssuer, sid.rawIssuer) || nameEquals(cert.issuer, parseName(sid.rawIssuer));
}

function _attr(si: SignerInfo, oid: string): Uint8Array | undefined {
  return si.signedAttributes?.find((a) => a.oid === oid)?.values[0];
}

/** Everything but the signature and chain checks; shared by the sync and async entry points. */
function _prepare(input: SignedData | Uint8Array | string, options: VerifySignedDataOptions): _Prepared {
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
  const sd = typeof input === 'string' || input instanceof Uint8Array ? parseSignedData(input, options.parse) : input;
  if (sd === null || typeof sd !== 'object' || !Array.isArray(sd.signerInfos)) throw new TypeError('expected a SignedData record, its DER or PEM');
  if (options.content !== undefined && !(options.content instanceof Uint8Array)) throw new TypeError('content must be a Uint8Array');
  if (sd.signerInfos.length === 0) _fail('no-signers', 'the SignedData has no SignerInfo (a certs-only bundle): nothing to verify', undefined, 'signedData.signerInfos');
  let content = sd.content;
  if (options.content !== undefined) {
    if (content !== undefined && !bytesEqual(content, options.content)) {
      _fail('content-conflict', 'content was passed for a SignedData that encapsulates different content', undefined, 'signedData.encapContentInfo.eContent');
    }
    content = options.content;
  }
  if (content === undefined) _fail('missing-content', 'the signature is detached: pass the signed content as options.content', undefined, 'signedData.encapContentInfo');

  const embedded = _parseCerts(sd.certificates, 'signedData.certificates');
  const candidates = [...embedded, ..._parseCerts(options.certificates ?? [], 'options.certificates')];
  const checks: _Check[] = [];
  sd.signerInfos.forEach((si, i) => {
    const path = `signedData.signerInfos[${i}]`;
    const cert = candidates.find((c) => _matches(c, si));
    if (cert === undefined) {
      const who = si.sid.type === 'issuerAndSerialNumber' ? `issuer and serial 0x${si.sid.serialNumber.toString(16)}` : 'subject key identifier';
      _fail('signer-not-found', `no certificate matches signer ${i}'s ${who}`, si.offset, `${path}.sid`);
    }
    const digest = _digestByAlgorithm(si.digestAlgorithm, options.allowSha1 === true, si.offset);
    let data: Uint8Array;
    let signingTime: Date | undefined;
    if (si.signedAttributes !== undefined) {
      const at = `${path}.signedAttrs`;
      const ct = _attr(si, PKCS9_CONTENT_TYPE);
      const md = _attr(si, PKCS9_MESSAGE_DIGEST);
      // RFC 5652 §5.3: with signed attributes, content-type and message-digest MUST be present.
      if (ct === undefined) _fail('missing-attribute', 'signed attributes without the content-type attribute (RFC 5652 §5.3)', si.offset, at);
      if (md === undefined) _fail('missing-attribute', 'signed attributes without the message-digest attribute (RFC 5652 §5.3)', si.offset, at);
      const ctType = withPath(`${at}.contentType`, () => {
        const t = readTlvAt(ct, 0, ct.length);
        if (t.tag !== Tag.OID || t.end !== ct.length) _fail('malformed', 'the content-type attribute value is not one OBJECT IDENTIFIER');
        return decodeOid(t.value, 0);
      });
      if (ctType !== sd.contentType) {
        _fail('content-type-mismatch', `the content-type attribute says ${ctType} but eContentType is ${sd.contentType} (RFC 5652 §11.1)`, si.offset, `${at}.contentType`);
      }
      const mdValue = withPath(`${at}.messageDigest`, () => {
        const t = readTlvAt(md, 0, md.length);
        if (t.tag !== Tag.OCTET_STRING || t.end !== md.length) _fail('malformed', 'the message-digest attribute value is not one OCTET STRING');
        return t.value;
      });
      if (!bytesEqual(mdValue, digest.fn(content))) {
        _fail('digest-mismatch', `the content's ${digest.name} digest differs from the message-digest attribute: the content was modified or is not the one signed`, si.offset, `${at}.messageDigest`);
      }
      const st = _attr(si, PKCS9_SIGNING_TIME);
      if (st !== undefined) signingTime = withPath(`${at}.signingTime`, () => decodeTimeTlv(readTlvAt(st, 0, st.length), 'signingTime'));
      // RFC 5652 §5.4: the signature covers the DER SET OF, not the [0] IMPLICIT tag received.
      data = si.rawSignedAttributes!.slice();
      data[0] = Tag.SET;
    } else {
      if (sd.contentType !== CMS_OID.data) {
        _fail('missing-attribute', 'signed attributes are required when eContentType is not id-data (RFC 5652 §5.3)', si.offset, path);
      }
      data = content;
    }
    let alg = si.signatureAlgorithm;
    if (alg.oid === RSA_ENCRYPTION) {
      const oid = RSA_WITH[digest.name];
      if (oid === undefined) _fail('unsupported-digest-algorithm', `rsaEncryption with ${digest.name}`, si.offset, `${path}.signatureAlgorithm`);
      alg = { oid, parameters: alg.parameters };
    }
    checks.push({ si, path, cert, alg, data, signingTime });
  });
  return { sd, content, embedded, checks };
}

function _badSignature(c: _Check): never {
  throw new CmsError('signature-invalid', "the signature does not verify with the signer certificate's key", { offset: c.si.offset, path: `${c.path}.signature` });
}

function _withSigPath<T>(c: _Check, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof CertkitError && e.path === undefined) e.path = `${c.path}.signatureAlgorithm`;
    throw e;
  }
}

function _trust(trust: ValidationOptions, embedded: Certificate[]): ValidationOptions {
  return { ...trust, intermediates: [...(trust.intermediates ?? []), ...embedded] };
}

/**
 * Verifies every SignerInfo of a SignedData on noble (synchronously): the signer's certificate
 * is found by its identifier, the message digest must match the content, the content-type
 * attribute must match eContentType, the signature must verify over the DER signed attributes,
 * and with `trust` the certificate's chain must validate (`verifyChainSync`).
 * @returns the content, its type and each signer with its certificate and signing time.
 * @throws CmsError `no-signers`, `missing-content`, `content-conflict`, `signer-not-found`,
 * `unsupported-digest-algorithm`, `missing-attribute`, `content-type-mismatch`,
 * `digest-mismatch`, `signature-invalid`, `malformed`; SignatureError (unsupported or forbidden
 * algorithm, weak key); ValidationError from the chain; the parse errors for bytes or PEM.
 * @example
 * ```ts
 * const { content, signers } = verifySignedDataSync(p7s, { trust: { anchors: [root] } });
 * ```
 */
export function verifySignedDataSync(input: SignedData | Uint8Array | string, options: VerifySignedDataOptions = {}): SignedDataVerification {
  const p = _prepare(input, options);
  const signers: VerifiedSigner[] = [];
  for (const c of p.checks) {
    const ok = _withSigPath(c, () => verifySignatureSync(c.cert.rawSpki, c.alg, c.data, c.si.signature, options));
    if (!ok) _badSignature(c);
    const chain = options.trust === undefined ? undefined : verifyChainSync(c.cert, _trust(options.trust, p.embedded)).chain;
    signers.push({ signerInfo: c.si, certificate: c.cert, signingTime: c.signingTime, chain });
  }
  return { content: p.content, contentType: p.sd.contentType, signers };
}

/**
 * As {@link verifySignedDataSync}, verifying signatures with WebCrypto where the runtime has
 * the algorithm and the chain with `verifyChain`; same answers, and it rejects with the same errors.
 * @throws (rejects with) the errors of {@link verifySignedDataSync}.
 * @example
 * ```ts
 * const { signers } = await verifySignedData(parseSignedData(p7s), { content, trust: { anchors: [root] } });
 * console.log(signers[0].certificate.subject.toString(), signers[0].signingTime);
 * ```
 */
export async function verifySignedData(input: SignedData | Uint8Array | string, options: VerifySignedDataOptions = {}): Promise<SignedDataVerification> {
  const p = _prepare(input, options);
  const signers: VerifiedSigner[] = [];
  for (const c of p.checks) {
    const ok = await _withSigPathAsync(c, () => verifySignature(c.cert.rawSpki, c.alg, c.data, c.si.signature, options));
    if (!ok) _badSignature(c);
    const chain = options.trust === undefined ? undefined : (await verifyChain(c.cert, _trust(options.trust, p.embedded))).chain;
    signers.push({ signerInfo: c.si, certificate: c.cert, signingTime: c.signingTime, chain });
  }
  return { content: p.content, contentType: p.sd.contentType, signers };
}

async function _withSigPathAsync<T>(c: _Check, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof CertkitError && e.path === undefined) e.path = `${c.path}.signatureAlgorithm`;
    throw e;
  }
}
