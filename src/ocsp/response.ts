/**
 * OCSP responses (RFC 6960 §4.2): parsing OCSPResponse / BasicOCSPResponse into a record of
 * views, and building and signing one (a responder's side) through certkit's `Signer`.
 *
 * Scope: every responseStatus; id-pkix-ocsp-basic response bytes; ResponderID by name and by
 * key hash; SingleResponses good / revoked (time and optional reason) / unknown with
 * thisUpdate / nextUpdate; the nonce; the certificates. GeneralizedTime only, as §4.2.2.1 asks.
 * Non-goals: verification (`verify.ts`), other response types.
 * @module
 */
import { DerReader, Tag, contextTag, decodeTimeTlv, encodeDer, type DerWriter } from '../der/index';
import { encodePem } from '../pem/index';
import { parseAlgorithmIdentifier, writeAlgorithmIdentifier, type AlgorithmIdentifier, type Signer } from '../sig/index';
import { CRL_REASON, readName, type Certificate, type CrlReason, type Name, type RawExtension } from '../x509/index';
import { OCSP_BASIC, _checkNonce, _extensions, _input, _limits, _nonce, _walk, _writeNonceExtensions, type OcspParseOptions } from './_common';
import { _keyHash, _readCertId, _writeCertId, type CertId } from './cert-id';
import { _fail } from './errors';

/** OCSPResponseStatus (RFC 6960 §4.2.1). */
export type OcspResponseStatus = 'successful' | 'malformedRequest' | 'internalError' | 'tryLater' | 'sigRequired' | 'unauthorized';

const STATUS: readonly (OcspResponseStatus | undefined)[] = ['successful', 'malformedRequest', 'internalError', 'tryLater', undefined, 'sigRequired', 'unauthorized'];

/** Who signed a response (RFC 6960 §4.2.1 ResponderID). */
export type ResponderId =
  { readonly type: 'byName'; readonly rawName: Uint8Array; readonly name: Name } | { readonly type: 'byKey'; /** SHA-1 of the responder's subjectPublicKey bits. */ readonly keyHash: Uint8Array };

/** One SingleResponse. */
export interface OcspSingleResponse {
  readonly certId: CertId;
  readonly status: 'good' | 'revoked' | 'unknown';
  /** For `revoked`. */
  readonly revocationTime: Date | undefined;
  /** For `revoked`, when the responder gave one. */
  readonly revocationReason: CrlReason | undefined;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date | undefined;
  readonly extensions: readonly RawExtension[];
}

/** A BasicOCSPResponse. Byte fields are views into the input. */
export interface BasicOcspResponse {
  /** The ResponseData encoding: what the signature covers. */
  readonly rawTbs: Uint8Array;
  readonly responderId: ResponderId;
  readonly producedAt: Date;
  readonly responses: readonly OcspSingleResponse[];
  readonly extensions: readonly RawExtension[];
  readonly nonce: Uint8Array | undefined;
  readonly signatureAlgorithm: AlgorithmIdentifier;
  readonly signature: Uint8Array;
  /** The certificates sent with the response (a delegated responder's, often), as DER. */
  readonly certificates: readonly Uint8Array[];
}

/** A parsed OCSPResponse. */
export interface OcspResponse {
  readonly raw: Uint8Array;
  readonly status: OcspResponseStatus;
  /** Present when `status` is `successful`. */
  readonly basic: BasicOcspResponse | undefined;
}

/*
 * SingleResponse ::= SEQUENCE {
 *   certID CertID, certStatus CertStatus, thisUpdate GeneralizedTime,
 *   nextUpdate [0] EXPLICIT GeneralizedTime OPTIONAL, singleExtensions [1] EXPLICIT Extensions OPTIONAL }
 * CertStatus ::= CHOICE { good [0] IMPLICIT NULL, revoked [1] IMPLICIT RevokedInfo, unknown [2] IMPLICIT UnknownInfo }
 * RevokedInfo ::= SEQUENCE { revocationTime GeneralizedTime, revocationReason [0] EXPLICIT CRLReason OPTIONAL }
 */
function _single(r: DerReader, base: string, path: { p: string }): OcspSingleResponse {
  const s = r.enter(Tag.SEQUENCE, 'SingleResponse');
  path.p = `${base}.certID`;
  const certId = _readCertId(s);
  path.p = `${base}.certStatus`;
  const st = s.readTlv();
  let status: OcspSingleResponse['status'];
  let revocationTime: Date | undefined;
  let revocationReason: CrlReason | undefined;
  if (st.tag === contextTag(0, false) || st.tag === contextTag(2, false)) {
    if (st.value.length !== 0) _fail('malformed', 'good / unknown certStatus must be an empty NULL', st.offset);
    status = st.tag === contextTag(0, false) ? 'good' : 'unknown';
  } else if (st.tag === contextTag(1, true)) {
    status = 'revoked';
    const ri = s.enterTlv(st);
    revocationTime = decodeTimeTlv(ri.read(Tag.GENERALIZED_TIME, 'revocationTime'), 'revocationTime');
    const rr = ri.readOptional(contextTag(0, true));
    if (rr !== undefined) {
      const code = ri.enterTlv(rr).readEnumerated(Tag.ENUMERATED, 'revocationReason');
      revocationReason = (Object.keys(CRL_REASON) as CrlReason[]).find((k) => CRL_REASON[k] === code);
      if (revocationReason === undefined) _fail('malformed', `revocationReason ${code} is not a CRLReason`, rr.offset, `${base}.certStatus.revocationReason`);
    }
    ri.finish('RevokedInfo');
  } else {
    return _fail('malformed', `certStatus has tag 0x${st.tag.toString(16)}: not good [0], revoked [1] or unknown [2]`, st.offset);
  }
  path.p = `${base}.thisUpdate`;
  const thisUpdate = decodeTimeTlv(s.read(Tag.GENERALIZED_TIME, 'thisUpdate'), 'thisUpdate');
  let nextUpdate: Date | undefined;
  const nu = s.readOptional(contextTag(0, true));
  if (nu !== undefined) {
    path.p = `${base}.nextUpdate`;
    const n = s.enterTlv(nu);
    nextUpdate = decodeTimeTlv(n.read(Tag.GENERALIZED_TIME, 'nextUpdate'), 'nextUpdate');
    n.finish('nextUpdate');
  }
  const extensions = _extensions(s, 1, `${base}.singleExtensions`, path);
  path.p = base;
  s.finish('SingleResponse');
  return { certId, status, revocationTime, revocationReason, thisUpdate, nextUpdate, extensions };
}

/**
 * Parses an OCSPResponse (RFC 6960 §4.2.1), DER or PEM (`OCSP RESPONSE`), strictly; a
 * successful one with its BasicOCSPResponse.
 *
 * ```asn1
 * OCSPResponse ::= SEQUENCE { responseStatus OCSPResponseStatus, responseBytes [0] EXPLICIT ResponseBytes OPTIONAL }
 * ResponseBytes ::= SEQUENCE { responseType OBJECT IDENTIFIER, response OCTET STRING }
 * BasicOCSPResponse ::= SEQUENCE {
 *   tbsResponseData ResponseData, signatureAlgorithm AlgorithmIdentifier, signature BIT STRING,
 *   certs [0] EXPLICIT SEQUENCE OF Certificate OPTIONAL }
 * ResponseData ::= SEQUENCE {
 *   version [0] EXPLICIT Version DEFAULT v1, responderID ResponderID, producedAt GeneralizedTime,
 *   responses SEQUENCE OF SingleResponse, responseExtensions [1] EXPLICIT Extensions OPTIONAL }
 * ResponderID ::= CHOICE { byName [1] Name, byKey [2] KeyHash }
 * ```
 * @throws OcspError `malformed`, `unsupported-response-type`, `invalid-nonce`,
 * `duplicate-extension`, `input-too-large`, `too-many-elements`; DerError; each with `offset`
 * and `path`.
 * @example
 * ```ts
 * const resp = parseOcspResponse(new Uint8Array(await res.arrayBuffer()));
 * if (resp.status === 'successful') console.log(resp.basic!.responses[0].status);
 * ```
 */
export function parseOcspResponse(input: Uint8Array | string, options: OcspParseOptions = {}): OcspResponse {
  const lim = _limits(options);
  const der = _input(input, 'OCSP RESPONSE', lim.maxInputSize);
  const path = { p: 'ocspResponse' };
  return _walk(path, () => {
    const top = new DerReader(der);
    const tOuter = top.read(Tag.SEQUENCE, 'OCSPResponse');
    top.finish('the OCSPResponse');
    const o = top.enterTlv(tOuter);
    path.p = 'responseStatus';
    const statusAt = o.pos;
    const code = o.readEnumerated(Tag.ENUMERATED, 'responseStatus');
    const status = STATUS[code];
    if (status === undefined) _fail('malformed', `responseStatus ${code} is not defined (RFC 6960 §4.2.1)`, statusAt);
    const rb = o.readOptional(contextTag(0, true));
    path.p = 'ocspResponse';
    o.finish('OCSPResponse');
    const raw = der.subarray(tOuter.offset, tOuter.end);
    if (status !== 'successful') {
      if (rb !== undefined) _fail('malformed', `a ${status} response carries responseBytes (RFC 6960 §4.2.1)`, rb.offset, 'responseBytes');
      return { raw, status, basic: undefined };
    }
    if (rb === undefined) _fail('malformed', 'a successful response without responseBytes', tOuter.offset, 'responseBytes');
    path.p = 'responseBytes';
    const b = o.enterTlv(rb).enter(Tag.SEQUENCE, 'ResponseBytes');
    const typeAt = b.pos;
    const type = b.readOid('responseType');
    if (type !== OCSP_BASIC) _fail('unsupported-response-type', `responseType ${type} is not id-pkix-ocsp-basic`, typeAt, 'responseBytes.responseType');
    const resp = b.read(Tag.OCTET_STRING, 'response');
    b.finish('ResponseBytes');
    path.p = 'basicOcspResponse';
    const br = new DerReader(der, {}, resp.valueOffset, resp.end);
    const tb = br.read(Tag.SEQUENCE, 'BasicOCSPResponse');
    br.finish('the response OCTET STRING');
    const bo = br.enterTlv(tb);
    path.p = 'tbsResponseData';
    const tTbs = bo.read(Tag.SEQUENCE, 'ResponseData');
    const t = bo.enterTlv(tTbs);
    const v = t.readOptional(contextTag(0, true));
    if (v !== undefined) _fail('malformed', 'tbsResponseData.version is present; only v1 exists and DER omits it', v.offset, 'tbsResponseData.version');
    path.p = 'tbsResponseData.responderID';
    const rid = t.readTlv();
    let responderId: ResponderId;
    if (rid.tag === contextTag(1, true)) {
      const n = t.enterTlv(rid);
      const nameAt = n.pos;
      const name = readName(n);
      n.finish('responderID');
      responderId = { type: 'byName', rawName: der.subarray(nameAt, rid.end), name };
    } else if (rid.tag === contextTag(2, true)) {
      const k = t.enterTlv(rid);
      const keyHash = k.readOctetString(Tag.OCTET_STRING, 'KeyHash');
      k.finish('responderID');
      if (keyHash.length !== 20) _fail('malformed', `a byKey responderID of ${keyHash.length} octets; it is a SHA-1 hash (RFC 6960 §4.2.1)`, rid.offset);
      responderId = { type: 'byKey', keyHash };
    } else {
      return _fail('malformed', `responderID has tag 0x${rid.tag.toString(16)}: not byName [1] or byKey [2]`, rid.offset);
    }
    path.p = 'tbsResponseData.producedAt';
    const producedAt = decodeTimeTlv(t.read(Tag.GENERALIZED_TIME, 'producedAt'), 'producedAt');
    path.p = 'tbsResponseData.responses';
    const list = t.enter(Tag.SEQUENCE, 'responses');
    const responses: OcspSingleResponse[] = [];
    while (!list.atEnd) {
      const base = `tbsResponseData.responses[${responses.length}]`;
      path.p = base;
      if (responses.length >= lim.maxEntries) _fail('too-many-elements', `more than ${lim.maxEntries} responses`, list.pos);
      responses.push(_single(list, base, path));
    }
    const extensions = _extensions(t, 1, 'tbsResponseData.responseExtensions', path);
    path.p = 'tbsResponseData';
    t.finish('ResponseData');
    path.p = 'signatureAlgorithm';
    const signatureAlgorithm = parseAlgorithmIdentifier(bo);
    path.p = 'signature';
    const signature = bo.readBitString(Tag.BIT_STRING, 'signature').bytes;
    const certificates: Uint8Array[] = [];
    const certs = bo.readOptional(contextTag(0, true));
    if (certs !== undefined) {
      path.p = 'certs';
      const l = bo.enterTlv(certs).enter(Tag.SEQUENCE, 'certs');
      while (!l.atEnd) {
        if (certificates.length >= lim.maxCertificates) _fail('too-many-elements', `more than ${lim.maxCertificates} certificates`, l.pos);
        certificates.push(l.read(Tag.SEQUENCE, 'Certificate').raw);
      }
    }
    path.p = 'basicOcspResponse';
    bo.finish('BasicOCSPResponse');
    return {
      raw,
      status,
      basic: { rawTbs: tTbs.raw, responderId, producedAt, responses, extensions, nonce: _nonce(extensions, 'tbsResponseData.responseExtensions'), signatureAlgorithm, signature, certificates },
    };
  });
}

/** One SingleResponse to sign. */
export interface OcspSingleResponseInit {
  certId: CertId;
  status: 'good' | 'revoked' | 'unknown';
  revocationTime?: Date;
  revocationReason?: CrlReason;
  thisUpdate: Date;
  nextUpdate?: Date;
}

/** Options of {@link signOcspResponse}. */
export interface SignOcspResponseOptions {
  /** Signs the ResponseData: the CA's key or a delegated responder's. */
  signer: Signer;
  /** The signer's certificate (names the responder). */
  responderCertificate: Certificate;
  /** ResponderID form; default `byKey` (RFC 5019 §2.2.3 recommends it). */
  responderId?: 'byKey' | 'byName';
  responses: readonly OcspSingleResponseInit[];
  /** producedAt; default now. */
  producedAt?: Date;
  /** The request's nonce, echoed (RFC 8954). */
  nonce?: Uint8Array;
  /** Certificates to include (a delegated responder's certificate). */
  certificates?: readonly Certificate[];
}

function _gt(w: DerWriter, d: Date): void {
  w.generalizedTime(d);
}

/**
 * Builds and signs a successful OCSPResponse with a BasicOCSPResponse (RFC 6960 §4.2.1).
 * @throws TypeError / RangeError for wrong arguments; OcspError `invalid-nonce`; the signer's errors.
 * @example
 * ```ts
 * const der = await signOcspResponse({
 *   signer, responderCertificate: ca,
 *   responses: [{ certId: request.requests[0].certId, status: 'good', thisUpdate: now, nextUpdate: later }],
 *   nonce: request.nonce,
 * });
 * ```
 */
export async function signOcspResponse(options: SignOcspResponseOptions): Promise<Uint8Array> {
  const { signer, responderCertificate: rc } = options;
  const responses: readonly OcspSingleResponseInit[] = options.responses;
  if (!Array.isArray(options.responses) || responses.length === 0) throw new TypeError('responses must be a non-empty array');
  if (options.nonce !== undefined) _checkNonce(options.nonce);
  const byName = options.responderId === 'byName';
  if (options.responderId !== undefined && !byName && options.responderId !== 'byKey') throw new RangeError('responderId must be byKey or byName');
  for (const r of responses) {
    if (r.status === 'revoked' && !(r.revocationTime instanceof Date)) throw new TypeError('a revoked response needs its revocationTime');
    if (r.revocationReason !== undefined && !(r.revocationReason in CRL_REASON)) throw new RangeError(`unknown revocation reason ${String(r.revocationReason)}`);
  }
  const tbs = encodeDer((w) =>
    w.sequence((w) => {
      if (byName) w.explicit(1, (w) => w.raw(rc.rawSubject));
      else w.explicit(2, (w) => w.octetString(_keyHash(rc)));
      _gt(w, options.producedAt ?? new Date());
      w.sequence((w) => {
        for (const r of responses) {
          w.sequence((w) => {
            _writeCertId(w, r.certId);
            if (r.status === 'good') w.element(contextTag(0, false), new Uint8Array(0));
            else if (r.status === 'unknown') w.element(contextTag(2, false), new Uint8Array(0));
            else {
              w.constructed(contextTag(1, true), (w) => {
                _gt(w, r.revocationTime!);
                if (r.revocationReason !== undefined) w.explicit(0, (w) => w.enumerated(CRL_REASON[r.revocationReason!]));
              });
            }
            _gt(w, r.thisUpdate);
            if (r.nextUpdate !== undefined) w.explicit(0, (w) => _gt(w, r.nextUpdate!));
          });
        }
      });
      if (options.nonce !== undefined) _writeNonceExtensions(w, 1, options.nonce);
    }),
  );
  const signature = await signer.sign(tbs);
  return encodeDer((w) =>
    w.sequence((w) => {
      w.enumerated(0);
      w.explicit(0, (w) =>
        w.sequence((w) => {
          w.oid(OCSP_BASIC);
          w.octetStringWrapping((w) =>
            w.sequence((w) => {
              w.raw(tbs);
              writeAlgorithmIdentifier(w, signer.algorithm);
              w.bitString(signature);
              if (options.certificates !== undefined && options.certificates.length > 0) {
                w.explicit(0, (w) =>
                  w.sequence((w) => {
                    for (const c of options.certificates!) w.raw(c.raw);
                  }),
                );
              }
            }),
          );
        }),
      );
    }),
  );
}

/**
 * An unsuccessful OCSPResponse (no responseBytes): what a responder answers to a malformed
 * request, an unknown issuer (`unauthorized`), or when it cannot sign (`tryLater`).
 * @example
 * ```ts
 * return new Response(encodeOcspErrorResponse('malformedRequest'), { headers: { 'content-type': 'application/ocsp-response' } });
 * ```
 */
export function encodeOcspErrorResponse(status: Exclude<OcspResponseStatus, 'successful'>): Uint8Array {
  const code = STATUS.indexOf(status);
  if (code <= 0) throw new RangeError(`not an unsuccessful OCSP status: ${String(status)}`);
  return encodeDer((w) => w.sequence((w) => w.enumerated(code)));
}

/**
 * PEM armor for an OCSP response (`-----BEGIN OCSP RESPONSE-----`).
 * @example
 * ```ts
 * console.log(ocspResponseToPem(der));
 * ```
 */
export function ocspResponseToPem(der: Uint8Array): string {
  return encodePem('OCSP RESPONSE', der);
}
