/**
 * The `SIGNED{}` envelope of X.509 structures: `SEQUENCE { toBeSigned, signatureAlgorithm,
 * signatureValue BIT STRING }` (RFC 5280 §4.1 certificates, §5.1 CRLs; RFC 2986 §4 CSRs).
 *
 * Scope: signing DER `toBeSigned` bytes with a {@link Signer} and writing the envelope around
 * them, shared by the certificate, CSR and CRL builders. Non-goals: building the `toBeSigned`
 * part, checking the result (each builder parses and verifies what it made).
 * @module
 */
import { DerWriter } from '../der/index';
import type { AlgorithmIdentifier } from '../keys/index';
import { writeAlgorithmIdentifier } from './algorithm-identifier';
import type { Signer } from './signer';

/**
 * Signs `tbs` (the DER of a TBSCertificate, CertificationRequestInfo or TBSCertList) and returns
 * `SEQUENCE { tbs, alg, signature }`. `alg` is the identifier the caller also wrote inside `tbs`
 * where the structure repeats it (certificates and CRLs); it defaults to the signer's.
 * @throws TypeError when the signer returns something other than a Uint8Array; the signer's errors.
 * @example
 * ```ts
 * const der = await signTbs(signer, tbsDer); // then parseCertificate(der) and check it
 * ```
 */
export async function signTbs(signer: Signer, tbs: Uint8Array, alg: AlgorithmIdentifier = signer.algorithm): Promise<Uint8Array> {
  const signature = await signer.sign(tbs);
  if (!(signature instanceof Uint8Array)) throw new TypeError('the signer returned something other than a Uint8Array');
  const out = new DerWriter();
  out.sequence((w) => {
    w.raw(tbs);
    writeAlgorithmIdentifier(w, alg);
    w.bitString(signature);
  });
  return out.finish();
}
