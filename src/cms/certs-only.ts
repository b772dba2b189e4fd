/**
 * The certs-only SignedData (RFC 5652 §5.1 with no signers; RFC 8551 §3.2.2 "degenerate"
 * signed-data): the `.p7b` / `.p7c` bundle and what EST (RFC 7030 §4.1.3, §4.2.3) returns.
 *
 * Scope: encoding certificates and CRLs given as DER into a ContentInfo, DER throughout (the
 * `[0]` and `[1]` SET OF components sorted, X.690 §11.6), and listing a bundle's contents.
 * Non-goals: signing (see `sign.ts`); checking the certificates (they are inserted as given
 * after one DER header check; parse them with `parseCertificate` for more).
 * @module
 */
import { Tag, contextTag, encodeDer, readExpectedAt } from '../der/index';
import { encodePem } from '../pem/index';
import { _fail } from './errors';
import { CMS_OID } from './oids';

function _checkDerList(list: readonly Uint8Array[] | undefined, what: string): void {
  if (list === undefined) return;
  if (!Array.isArray(list)) throw new TypeError(`${what} must be an array of Uint8Array`);
  list.forEach((der, i) => {
    if (!(der instanceof Uint8Array)) throw new TypeError(`${what}[${i}] must be a Uint8Array`);
    // one element, a SEQUENCE, nothing after it: a Certificate / CertificateList encoding
    const t = readExpectedAt(der, 0, der.length, Tag.SEQUENCE, what);
    if (t.end !== der.length) _fail('malformed', `${what}[${i}] has ${der.length - t.end} byte(s) after its SEQUENCE`, t.end, `${what}[${i}]`);
  });
}

/**
 * Encodes a certs-only SignedData in a ContentInfo: version 1, no digest algorithms,
 * encapContentInfo id-data without content, the certificates (`[0] IMPLICIT`) and CRLs
 * (`[1] IMPLICIT`, omitted when none), and no signers. DER: each SET OF is sorted by encoding,
 * so the order of the input does not survive (OpenSSL writes the order given; both read either).
 * @param certificates each certificate's DER (e.g. `cert.raw`).
 * @param crls each CRL's DER.
 * @throws TypeError for a non-array or non-bytes element; DerError for an element that is not
 * one DER SEQUENCE; CmsError `malformed` for trailing bytes after it.
 * @example
 * ```ts
 * const p7b = encodeCertsOnly([leaf.raw, intermediate.raw]);
 * // EST /cacerts body: base64 of p7b; a .p7b file: p7b, or signedDataToPem(p7b)
 * ```
 */
export function encodeCertsOnly(certificates: readonly Uint8Array[], crls?: readonly Uint8Array[]): Uint8Array {
  _checkDerList(certificates, 'certificates');
  _checkDerList(crls, 'crls');
  return encodeDer((w) =>
    w.sequence((w) => {
      w.oid(CMS_OID.signedData);
      w.explicit(0, (w) =>
        w.sequence((w) => {
          w.integer(1);
          w.setOf(() => {}); // digestAlgorithms: none
          w.sequence((w) => w.oid(CMS_OID.data)); // eContent absent
          // certificates [0] IMPLICIT CertificateSet: the SET OF header re-tagged, sorted by setOf
          _implicitSet(w, 0, certificates);
          if (crls !== undefined && crls.length > 0) _implicitSet(w, 1, crls);
          w.setOf(() => {}); // signerInfos: none
        }),
      );
    }),
  );
}

/** `[n] IMPLICIT SET OF` with the components in DER order. */
function _implicitSet(w: { raw(b: Uint8Array): unknown }, n: number, items: readonly Uint8Array[]): void {
  const set = encodeDer((s) =>
    s.setOf((s) => {
      for (const it of items) s.raw(it);
    }),
  );
  const tagged = set.slice();
  tagged[0] = contextTag(n, true);
  w.raw(tagged);
}

/**
 * PEM armor for a SignedData (`-----BEGIN PKCS7-----`, the label OpenSSL writes and RFC 7468
 * §9 lists).
 * @example
 * ```ts
 * writeFileSync('chain.p7b', signedDataToPem(encodeCertsOnly([leaf.raw, ca.raw])));
 * ```
 */
export function signedDataToPem(der: Uint8Array): string {
  return encodePem('PKCS7', der);
}
