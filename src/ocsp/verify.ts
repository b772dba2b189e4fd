/**
 * Verifying an OCSP response (RFC 6960 §3.2, §4.2.2.2): the responder's authority, the
 * signature, the CertID asked about, the time window, and the nonce.
 *
 * Scope: a response signed by the CA itself, or by a delegated responder whose certificate
 * (sent in the response) the CA issued and signed, with id-kp-OCSPSigning in its extKeyUsage
 * and valid at the validation time; the id-pkix-ocsp-nocheck extension is reported (such a
 * responder's own revocation need not be checked, §4.2.2.2.1), never required. The CertID is
 * matched by the issuer's name and key hashes under whatever hash the responder used, and the
 * serial. thisUpdate / producedAt may be ahead and nextUpdate behind the validation time by
 * `maxSkewMs`. {@link verifyOcspResponse} verifies signatures with WebCrypto where it can,
 * {@link verifyOcspResponseSync} on noble; the rest is one shared function.
 * Non-goals: responders trusted locally (§4.2.2.2 case 1), fetching, caching.
 * @module
 */
import { bytesEqual, withPath } from '../der/index';
import { verifySignature, verifySignatureSync, type VerifyBackend, type VerifyPolicy } from '../sig/index';
import { extKeyUsageCodec, getExtension, isValidAt, nameEquals, ocspNoCheckCodec, parseCertificate, verifyCertificate, verifyCertificateSync, type Certificate } from '../x509/index';
import { _keyHash, certIdEquals, certIdIssuedBy, type CertId } from './cert-id';
import { OcspError, _fail } from './errors';
import { parseOcspResponse, type BasicOcspResponse, type OcspResponse, type OcspSingleResponse } from './response';

const OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';

/** Options of {@link verifyOcspResponse}. */
export interface VerifyOcspResponseOptions extends VerifyPolicy {
  /** The CA that issued the certificate asked about. */
  issuer: Certificate;
  /** The certificate asked about (or give `certId`). */
  certificate?: Certificate;
  /** The CertID asked about (or give `certificate`). */
  certId?: CertId;
  /** The validation time; default now. */
  time?: Date;
  /** Clock skew allowed around thisUpdate, producedAt and nextUpdate; default 5 minutes. */
  maxSkewMs?: number;
  /** The nonce sent in the request: the response must echo it (RFC 8954). */
  nonce?: Uint8Array;
  /** WebCrypto or noble for the async entry point (default `auto`). */
  backend?: VerifyBackend;
}

/** What a verified response says about the certificate. */
export interface OcspVerification {
  readonly status: 'good' | 'revoked' | 'unknown';
  readonly revocationTime: Date | undefined;
  readonly revocationReason: OcspSingleResponse['revocationReason'];
  readonly thisUpdate: Date;
  readonly nextUpdate: Date | undefined;
  readonly producedAt: Date;
  /** The certificate whose key signed the response (the issuer, or the delegated responder). */
  readonly responder: Certificate;
  /** Whether a delegated responder signed (RFC 6960 §4.2.2.2 case 3). */
  readonly delegated: boolean;
  /** Whether the delegated responder's certificate carries id-pkix-ocsp-nocheck. */
  readonly noCheck: boolean;
  readonly single: OcspSingleResponse;
}

interface _Prepared {
  basic: BasicOcspResponse;
  responder: Certificate;
  delegated: boolean;
  single: OcspSingleResponse;
}

function _matchesResponderId(cert: Certificate, basic: BasicOcspResponse): boolean {
  const id = basic.responderId;
  return id.type === 'byName' ? bytesEqual(cert.rawSubject, id.rawName) || nameEquals(cert.subject, id.name) : bytesEqual(_keyHash(cert), id.keyHash);
}

function _prepare(input: OcspResponse | Uint8Array | string, o: VerifyOcspResponseOptions): _Prepared {
  if (o === null || typeof o !== 'object' || o.issuer === null || typeof o.issuer !== 'object') throw new TypeError('options.issuer (a Certificate) is required');
  if (o.certificate === undefined && o.certId === undefined) throw new TypeError('give options.certificate or options.certId');
  const time = o.time ?? new Date();
  if (!(time instanceof Date) || Number.isNaN(time.getTime())) throw new TypeError('time must be a valid Date');
  const skew = o.maxSkewMs ?? 300_000;
  if (!Number.isFinite(skew) || skew < 0) throw new RangeError('maxSkewMs must be a non-negative number');
  const resp = typeof input === 'string' || input instanceof Uint8Array ? parseOcspResponse(input) : input;
  if (resp.status !== 'successful' || resp.basic === undefined) {
    throw new OcspError('unsuccessful-response', `the responder answered ${resp.status}`, { path: 'responseStatus' });
  }
  const basic = resp.basic;

  // RFC 6960 §4.2.2.2: the CA itself (case 2) or a delegated responder it certified (case 3).
  let responder: Certificate | undefined;
  let delegated = false;
  if (_matchesResponderId(o.issuer, basic)) responder = o.issuer;
  else {
    const certs = basic.certificates.map((d, i) => withPath(`certs[${i}]`, () => parseCertificate(d)));
    const cand = certs.find((c) => _matchesResponderId(c, basic));
    if (cand === undefined) _fail('responder-not-authorized', 'the responder is neither the issuer nor a certificate sent with the response', undefined, 'tbsResponseData.responderID');
    if (!nameEquals(cand.issuer, o.issuer.subject)) {
      _fail('responder-not-authorized', `the delegated responder ${cand.subject.toString()} was not issued by ${o.issuer.subject.toString()} (RFC 6960 §4.2.2.2)`, undefined, 'certs');
    }
    const eku = getExtension(cand, extKeyUsageCodec);
    if (eku === undefined || !eku.includes(OCSP_SIGNING)) {
      _fail('responder-not-authorized', `the delegated responder ${cand.subject.toString()} lacks id-kp-OCSPSigning in extKeyUsage (RFC 6960 §4.2.2.2)`, undefined, 'certs');
    }
    if (!isValidAt(cand, time)) _fail('responder-not-authorized', `the delegated responder certificate is not valid at ${time.toISOString()}`, undefined, 'certs');
    responder = cand;
    delegated = true;
  }

  // The SingleResponse about the certificate asked about.
  const single = basic.responses.find((r) =>
    o.certId !== undefined
      ? certIdEquals(r.certId, o.certId) || (certIdIssuedBy(r.certId, o.issuer) && r.certId.serialNumber === o.certId.serialNumber && certIdIssuedBy(o.certId, o.issuer))
      : certIdIssuedBy(r.certId, o.issuer) && r.certId.serialNumber === o.certificate!.serialNumber,
  );
  if (single === undefined) _fail('cert-id-not-found', 'the response says nothing about the certificate asked about', undefined, 'tbsResponseData.responses');

  const t = time.getTime();
  if (single.thisUpdate.getTime() > t + skew) _fail('not-yet-valid', `thisUpdate ${single.thisUpdate.toISOString()} is after ${time.toISOString()}`, undefined, 'tbsResponseData.responses.thisUpdate');
  if (basic.producedAt.getTime() > t + skew) _fail('not-yet-valid', `producedAt ${basic.producedAt.toISOString()} is after ${time.toISOString()}`, undefined, 'tbsResponseData.producedAt');
  if (single.nextUpdate !== undefined && single.nextUpdate.getTime() < t - skew) {
    _fail('expired', `nextUpdate ${single.nextUpdate.toISOString()} is before ${time.toISOString()}: the response is stale`, undefined, 'tbsResponseData.responses.nextUpdate');
  }
  if (o.nonce !== undefined && (basic.nonce === undefined || !bytesEqual(basic.nonce, o.nonce))) {
    _fail(
      'nonce-mismatch',
      basic.nonce === undefined ? 'the response has no nonce but the request sent one' : 'the response nonce differs from the request nonce',
      undefined,
      'tbsResponseData.responseExtensions',
    );
  }
  return { basic, responder, delegated, single };
}

function _result(p: _Prepared): OcspVerification {
  const s = p.single;
  return {
    status: s.status,
    revocationTime: s.revocationTime,
    revocationReason: s.revocationReason,
    thisUpdate: s.thisUpdate,
    nextUpdate: s.nextUpdate,
    producedAt: p.basic.producedAt,
    responder: p.responder,
    delegated: p.delegated,
    noCheck: p.delegated && getExtension(p.responder, ocspNoCheckCodec) !== undefined,
    single: s,
  };
}

function _notAuthorized(): never {
  return _fail('responder-not-authorized', "the delegated responder's certificate is not signed by the issuer", undefined, 'certs');
}

function _badSignature(): never {
  return _fail('signature-invalid', "the response signature does not verify with the responder's key", undefined, 'signature');
}

/**
 * Verifies an OCSP response on noble (synchronously) and returns what it says about the
 * certificate: the responder is the issuer or a delegated responder it certified for OCSP
 * signing, the signature verifies, the response covers the certificate, it is current at
 * `time` (within `maxSkewMs`), and it echoes the request's nonce when one is given.
 * @throws OcspError `unsuccessful-response`, `responder-not-authorized`, `signature-invalid`,
 * `cert-id-not-found`, `not-yet-valid`, `expired`, `nonce-mismatch`; the parse errors; SignatureError.
 * @example
 * ```ts
 * const { status, revocationTime } = verifyOcspResponseSync(der, { issuer: ca, certificate: leaf, nonce });
 * ```
 */
export function verifyOcspResponseSync(input: OcspResponse | Uint8Array | string, options: VerifyOcspResponseOptions): OcspVerification {
  const p = _prepare(input, options);
  if (p.delegated && !verifyCertificateSync(p.responder, options.issuer, options)) _notAuthorized();
  if (!verifySignatureSync(p.responder.rawSpki, p.basic.signatureAlgorithm, p.basic.rawTbs, p.basic.signature, options)) _badSignature();
  return _result(p);
}

/**
 * As {@link verifyOcspResponseSync}, verifying signatures with WebCrypto where the runtime
 * has the algorithm; same answers, and it rejects with the same errors.
 * @throws (rejects with) the errors of {@link verifyOcspResponseSync}.
 * @example
 * ```ts
 * const v = await verifyOcspResponse(parseOcspResponse(body), { issuer: ca, certificate: leaf, time: new Date() });
 * if (v.status === 'revoked') console.log('revoked at', v.revocationTime);
 * ```
 */
export async function verifyOcspResponse(input: OcspResponse | Uint8Array | string, options: VerifyOcspResponseOptions): Promise<OcspVerification> {
  const p = _prepare(input, options);
  if (p.delegated && !(await verifyCertificate(p.responder, options.issuer, options))) _notAuthorized();
  if (!(await verifySignature(p.responder.rawSpki, p.basic.signatureAlgorithm, p.basic.rawTbs, p.basic.signature, options))) _badSignature();
  return _result(p);
}
