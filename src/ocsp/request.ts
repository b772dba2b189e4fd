/**
 * OCSP requests (RFC 6960 §4.1): building the unsigned request clients send, and parsing any
 * request (a responder's side), signed ones included.
 *
 * Scope: one or more CertIDs, the nonce extension (RFC 8954: 1 to 32 octets; 32 random octets
 * by default when asked for), requestorName and the optional signature kept as received.
 * Non-goals: signing requests (RFC 6960 makes it optional and few responders use it), the
 * per-request extensions' semantics (they are returned raw).
 * @module
 */
import { DerReader, Tag, contextTag, encodeDer } from '../der/index';
import { encodePem } from '../pem/index';
import { parseAlgorithmIdentifier, type AlgorithmIdentifier } from '../sig/index';
import type { RawExtension } from '../x509/index';
import { _checkNonce, _extensions, _input, _limits, _nonce, _walk, _writeNonceExtensions, type OcspParseOptions } from './_common';
import { _readCertId, _writeCertId, type CertId } from './cert-id';
import { _fail } from './errors';

/** Options of {@link encodeOcspRequest}. */
export interface OcspRequestOptions {
  /** `true`: a fresh 32-octet random nonce (RFC 8954 §2.1); or the nonce itself (1 to 32 octets). */
  nonce?: boolean | Uint8Array;
}

/** One entry of a request's requestList. */
export interface OcspSingleRequest {
  readonly certId: CertId;
  readonly extensions: readonly RawExtension[];
}

/** A parsed OCSPRequest. Byte fields are views into the input. */
export interface OcspRequest {
  readonly raw: Uint8Array;
  /** The TBSRequest encoding (what an optional signature covers). */
  readonly rawTbs: Uint8Array;
  /** 1 (v1, the only version). */
  readonly version: 1;
  /** requestorName's GeneralName DER, when present. */
  readonly rawRequestorName: Uint8Array | undefined;
  readonly requests: readonly OcspSingleRequest[];
  readonly extensions: readonly RawExtension[];
  /** The nonce's octets (RFC 8954), when the request has one. */
  readonly nonce: Uint8Array | undefined;
  /** The optional signature, as received (certkit does not check request signatures). */
  readonly signature: { readonly algorithm: AlgorithmIdentifier; readonly value: Uint8Array; readonly certificates: readonly Uint8Array[] } | undefined;
}

/**
 * Builds an unsigned OCSPRequest (RFC 6960 §4.1.1) for one or more certificates.
 * @returns the DER and the nonce sent (to check the response's with `verifyOcspResponse`).
 * @throws OcspError `invalid-nonce`; TypeError for wrong argument kinds.
 * @example
 * ```ts
 * const { der, nonce } = encodeOcspRequest([createCertId(ca, leaf)], { nonce: true });
 * const res = await fetch(url, { method: 'POST', body: der, headers: { 'content-type': 'application/ocsp-request' } });
 * ```
 */
export function encodeOcspRequest(certIds: readonly CertId[], options: OcspRequestOptions = {}): { der: Uint8Array; nonce: Uint8Array | undefined } {
  if (!Array.isArray(certIds) || certIds.length === 0) throw new TypeError('certIds must be a non-empty array of CertID');
  let nonce: Uint8Array | undefined;
  if (options.nonce === true) nonce = crypto.getRandomValues(new Uint8Array(32));
  else if (options.nonce instanceof Uint8Array) nonce = options.nonce;
  else if (options.nonce !== undefined && options.nonce !== false) throw new TypeError('nonce must be a boolean or a Uint8Array');
  if (nonce !== undefined) _checkNonce(nonce);
  const der = encodeDer((w) =>
    w.sequence((w) =>
      w.sequence((w) => {
        // version [0] EXPLICIT DEFAULT v1: omitted (X.690 §11.5)
        w.sequence((w) => {
          for (const id of certIds) w.sequence((w) => _writeCertId(w, id));
        });
        if (nonce !== undefined) _writeNonceExtensions(w, 2, nonce);
      }),
    ),
  );
  return { der, nonce };
}

/**
 * PEM armor for an OCSP request (`-----BEGIN OCSP REQUEST-----`, as OpenSSL writes it).
 * @example
 * ```ts
 * console.log(ocspRequestToPem(der));
 * ```
 */
export function ocspRequestToPem(der: Uint8Array): string {
  return encodePem('OCSP REQUEST', der);
}

/**
 * Parses an OCSPRequest (RFC 6960 §4.1.1), DER or PEM (`OCSP REQUEST`), strictly.
 *
 * ```asn1
 * OCSPRequest ::= SEQUENCE { tbsRequest TBSRequest, optionalSignature [0] EXPLICIT Signature OPTIONAL }
 * TBSRequest ::= SEQUENCE {
 *   version [0] EXPLICIT Version DEFAULT v1,
 *   requestorName [1] EXPLICIT GeneralName OPTIONAL,
 *   requestList SEQUENCE OF Request,
 *   requestExtensions [2] EXPLICIT Extensions OPTIONAL }
 * Request ::= SEQUENCE { reqCert CertID, singleRequestExtensions [0] EXPLICIT Extensions OPTIONAL }
 * Signature ::= SEQUENCE { signatureAlgorithm AlgorithmIdentifier, signature BIT STRING, certs [0] EXPLICIT SEQUENCE OF Certificate OPTIONAL }
 * ```
 * @throws OcspError `malformed`, `invalid-nonce`, `duplicate-extension`, `input-too-large`,
 * `too-many-elements`; DerError, each with `offset` and `path`.
 * @example
 * ```ts
 * const req = parseOcspRequest(new Uint8Array(await request.arrayBuffer()));
 * for (const { certId } of req.requests) console.log(certId.serialNumber);
 * ```
 */
export function parseOcspRequest(input: Uint8Array | string, options: OcspParseOptions = {}): OcspRequest {
  const lim = _limits(options);
  const der = _input(input, 'OCSP REQUEST', lim.maxInputSize);
  const path = { p: 'ocspRequest' };
  return _walk(path, () => {
    const top = new DerReader(der);
    const tOuter = top.read(Tag.SEQUENCE, 'OCSPRequest');
    top.finish('the OCSPRequest');
    const o = top.enterTlv(tOuter);
    path.p = 'tbsRequest';
    const tTbs = o.read(Tag.SEQUENCE, 'TBSRequest');
    const t = o.enterTlv(tTbs);
    const v = t.readOptional(contextTag(0, true));
    if (v !== undefined) {
      path.p = 'tbsRequest.version';
      // DER: DEFAULT v1 is omitted (X.690 §11.5); v1 is the only version
      _fail('malformed', 'tbsRequest.version is present; only v1 exists and DER omits it', v.offset);
    }
    path.p = 'tbsRequest.requestorName';
    const rn = t.readOptional(contextTag(1, true));
    path.p = 'tbsRequest.requestList';
    const list = t.enter(Tag.SEQUENCE, 'requestList');
    const requests: OcspSingleRequest[] = [];
    while (!list.atEnd) {
      path.p = `tbsRequest.requestList[${requests.length}]`;
      if (requests.length >= lim.maxEntries) _fail('too-many-elements', `more than ${lim.maxEntries} requests`, list.pos);
      const rq = list.enter(Tag.SEQUENCE, 'Request');
      path.p = `tbsRequest.requestList[${requests.length}].reqCert`;
      const certId = _readCertId(rq);
      const extensions = _extensions(rq, 0, `tbsRequest.requestList[${requests.length}].singleRequestExtensions`, path);
      rq.finish('Request');
      requests.push({ certId, extensions });
    }
    if (requests.length === 0) _fail('malformed', 'an empty requestList', tTbs.offset, 'tbsRequest.requestList');
    const extensions = _extensions(t, 2, 'tbsRequest.requestExtensions', path);
    path.p = 'tbsRequest';
    t.finish('TBSRequest');
    let signature: OcspRequest['signature'];
    const sig = o.readOptional(contextTag(0, true));
    if (sig !== undefined) {
      path.p = 'optionalSignature';
      const s = o.enterTlv(sig).enter(Tag.SEQUENCE, 'Signature');
      const algorithm = parseAlgorithmIdentifier(s);
      const value = s.readBitString(Tag.BIT_STRING, 'signature').bytes;
      const certificates: Uint8Array[] = [];
      const certs = s.readOptional(contextTag(0, true));
      if (certs !== undefined) {
        const l = s.enterTlv(certs).enter(Tag.SEQUENCE, 'certs');
        while (!l.atEnd) {
          if (certificates.length >= lim.maxCertificates) _fail('too-many-elements', `more than ${lim.maxCertificates} certificates`, l.pos);
          certificates.push(l.read(Tag.SEQUENCE, 'Certificate').raw);
        }
      }
      s.finish('Signature');
      signature = { algorithm, value, certificates };
    }
    path.p = 'ocspRequest';
    o.finish('OCSPRequest');
    return {
      raw: der.subarray(tOuter.offset, tOuter.end),
      rawTbs: tTbs.raw,
      version: 1,
      rawRequestorName: rn?.value,
      requests,
      extensions,
      nonce: _nonce(extensions, 'tbsRequest.requestExtensions'),
      signature,
    };
  });
}
