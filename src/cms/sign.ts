/**
 * Signing: a SignedData with one signer (RFC 5652 §5), through certkit's `Signer` interface so
 * keys in memory, WebCrypto, an HSM or a KMS all work.
 *
 * Scope: attached or detached content of any content type; the signed attributes content-type,
 * message-digest and signing-time (RFC 5652 §11.1-§11.3; UTCTime through 2049, GeneralizedTime
 * after), encoded DER and signed as a `SET OF` (§5.4); the signer named by issuerAndSerialNumber
 * (SignerInfo v1) or subjectKeyIdentifier (v3); every signature algorithm certkit signs with
 * (ECDSA P-256/384/521, RSA PKCS#1 v1.5 and PSS, Ed25519, Ed448, ML-DSA), with the digest each
 * profile asks for (RFC 5754, RFC 8419, RFC 9882; see `_digest.ts`); the signer's certificate and
 * an optional chain and CRLs in the SignedData.
 * Non-goals: several signers in one call, countersignatures, other signed attributes, BER output.
 * @module
 */
import { Tag, bytesEqual, contextTag, encodeDer, type DerWriter } from '../der/index';
import { writeAlgorithmIdentifier, resolveSignatureScheme, type Signer } from '../sig/index';
import { getExtension, parseCertificate, subjectKeyIdentifierCodec, type Certificate } from '../x509/index';
import { _digestForScheme } from './_digest';
import { CmsError, _fail } from './errors';
import { CMS_OID } from './oids';

const PKCS9_CONTENT_TYPE = '1.2.840.113549.1.9.3';
const PKCS9_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
const PKCS9_SIGNING_TIME = '1.2.840.113549.1.9.5';

/** Options of {@link signData}. */
export interface SignDataOptions {
  /** The content to sign. */
  content: Uint8Array;
  /** Leave the content out of the SignedData (a detached signature); default `false`. */
  detached?: boolean;
  /** eContentType; default id-data (`CMS_OID.data`). */
  contentType?: string;
  /** Signs the DER signed attributes; its public key must be the certificate's. */
  signer: Signer;
  /** The signer's certificate (a parsed certificate or its DER). */
  certificate: Certificate | Uint8Array;
  /** More certificates to include (intermediates), after the signer's. */
  chain?: readonly (Certificate | Uint8Array)[];
  /** CRLs to include (DER). */
  crls?: readonly Uint8Array[];
  /** How the SignerInfo names the certificate; default `issuerAndSerialNumber`. */
  signerIdentifier?: 'issuerAndSerialNumber' | 'subjectKeyIdentifier';
  /** The signing-time attribute; default now; `null` leaves the attribute out. */
  signingTime?: Date | null;
  /** Leave the signer's certificate and chain out of the SignedData; default `false`. */
  omitCertificates?: boolean;
}

function _cert(c: Certificate | Uint8Array, what: string): Certificate {
  if (c instanceof Uint8Array) return parseCertificate(c);
  if (c === null || typeof c !== 'object' || !(c.raw instanceof Uint8Array)) throw new TypeError(`${what} must be a Certificate or its DER`);
  return c;
}

function _attribute(w: DerWriter, oid: string, value: (w: DerWriter) => void): void {
  w.sequence((w) => {
    w.oid(oid);
    w.setOf(value);
  });
}

/** `[n] IMPLICIT SET OF` of pre-encoded components in DER order. */
function _implicitSetOf(w: DerWriter, n: number, items: readonly Uint8Array[]): void {
  const set = encodeDer((s) =>
    s.setOf((s) => {
      for (const it of items) s.raw(it);
    }),
  );
  set[0] = contextTag(n, true);
  w.raw(set);
}

/**
 * Signs `content` into a CMS SignedData (in a ContentInfo, DER) with one SignerInfo carrying the
 * content-type, message-digest and signing-time signed attributes. The signature covers the DER
 * `SET OF` signed attributes (RFC 5652 §5.4), not the content itself.
 * @returns the ContentInfo DER (`.p7s` / `.p7m`; PEM with `signedDataToPem`).
 * @throws (rejects with) CmsError `invalid-argument` (signer key is not the certificate's key,
 * subjectKeyIdentifier requested for a certificate without the extension, a hash CMS does not
 * sign with); SignatureError from the signer; TypeError for wrong argument kinds.
 * @example
 * ```ts
 * const p7s = await signData({
 *   content: new TextEncoder().encode('hello'),
 *   signer: signerFromPrivateKey(key), certificate: cert, detached: true,
 * });
 * ```
 */
export async function signData(options: SignDataOptions): Promise<Uint8Array> {
  if (options === null || typeof options !== 'object') throw new TypeError('signData expects an options object');
  const { content, signer } = options;
  if (!(content instanceof Uint8Array)) throw new TypeError('content must be a Uint8Array');
  if (signer === null || typeof signer !== 'object' || typeof signer.sign !== 'function') throw new TypeError('signer must be a Signer');
  const cert = _cert(options.certificate, 'certificate');
  const chain = (options.chain ?? []).map((c, i) => _cert(c, `chain[${i}]`));
  const contentType = options.contentType ?? CMS_OID.data;
  if (typeof contentType !== 'string') throw new TypeError('contentType must be a dotted OID string');
  const sidType = options.signerIdentifier ?? 'issuerAndSerialNumber';
  if (sidType !== 'issuerAndSerialNumber' && sidType !== 'subjectKeyIdentifier') {
    throw new RangeError(`signerIdentifier must be issuerAndSerialNumber or subjectKeyIdentifier, got ${String(sidType)}`);
  }
  const signingTime = options.signingTime === undefined ? new Date() : options.signingTime;
  if (signingTime !== null && (!(signingTime instanceof Date) || Number.isNaN(signingTime.getTime()))) {
    throw new TypeError('signingTime must be a valid Date or null');
  }
  if (!bytesEqual(signer.publicKey, cert.rawSpki)) {
    throw new CmsError('invalid-argument', "the signer's public key is not the certificate's subjectPublicKeyInfo");
  }
  let ski: Uint8Array | undefined;
  if (sidType === 'subjectKeyIdentifier') {
    ski = getExtension(cert, subjectKeyIdentifierCodec);
    if (ski === undefined) _fail('invalid-argument', 'the certificate has no subjectKeyIdentifier extension to name the signer by');
  }
  const digest = _digestForScheme(resolveSignatureScheme(signer.algorithm));
  const md = digest.fn(content);

  // RFC 5652 §5.4: the signature is over the DER encoding of the SET OF signed attributes.
  const signedAttrs = encodeDer((w) =>
    w.setOf((w) => {
      _attribute(w, PKCS9_CONTENT_TYPE, (w) => w.oid(contentType));
      if (signingTime !== null) _attribute(w, PKCS9_SIGNING_TIME, (w) => w.time(signingTime)); // §11.3: UTCTime 1950-2049
      _attribute(w, PKCS9_MESSAGE_DIGEST, (w) => w.octetString(md));
    }),
  );
  const signature = await signer.sign(signedAttrs);
  if (!(signature instanceof Uint8Array)) throw new TypeError('the signer returned something other than a Uint8Array');
  const taggedAttrs = signedAttrs.slice();
  taggedAttrs[0] = contextTag(0, true); // signedAttrs [0] IMPLICIT

  // RFC 5652 §5.1: version 3 when a SignerInfo is version 3 or the content is not id-data.
  const version = sidType === 'subjectKeyIdentifier' || contentType !== CMS_OID.data ? 3 : 1;
  const certificates = options.omitCertificates ? [] : [cert.raw, ...chain.map((c) => c.raw)];
  const crls = options.crls ?? [];
  crls.forEach((c, i) => {
    if (!(c instanceof Uint8Array)) throw new TypeError(`crls[${i}] must be a Uint8Array`);
  });

  return encodeDer((w) =>
    w.sequence((w) => {
      w.oid(CMS_OID.signedData);
      w.explicit(0, (w) =>
        w.sequence((w) => {
          w.integer(version);
          w.setOf((w) => writeAlgorithmIdentifier(w, digest.algorithm));
          w.sequence((w) => {
            w.oid(contentType);
            if (!options.detached) w.explicit(0, (w) => w.octetString(content));
          });
          if (certificates.length > 0) _implicitSetOf(w, 0, certificates);
          if (crls.length > 0) _implicitSetOf(w, 1, crls);
          w.setOf((w) =>
            w.sequence((w) => {
              w.integer(sidType === 'subjectKeyIdentifier' ? 3 : 1);
              if (ski !== undefined) w.element(contextTag(0, false), ski);
              else
                w.sequence((w) => {
                  w.raw(cert.rawIssuer);
                  w.element(Tag.INTEGER, cert.rawSerial);
                });
              writeAlgorithmIdentifier(w, digest.algorithm);
              w.raw(taggedAttrs);
              writeAlgorithmIdentifier(w, signer.algorithm);
              w.octetString(signature);
            }),
          );
        }),
      );
    }),
  );
}
