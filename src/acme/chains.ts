/**
 * Alternate certificate chains (RFC 8555 §7.4.2): the same end-entity certificate served with
 * another issuer chain, e.g. through a cross-signed intermediate for relying parties that trust an
 * older root, or without the root.
 *
 * Scope: checking the configured chains against the issuing CA, and building the PEM of an
 * alternate from the stored default chain. The server announces them with
 * `Link: <…/cert/<id>/<n>>;rel="alternate"`. Non-goals: choosing a chain for the client
 * (clients pick, e.g. certbot's `--preferred-chain`), verifying the alternate's signatures (the
 * operator configures what the CA was cross-signed with).
 * @module
 */
import { bytesEqual } from '../der/index';
import { decodePemAll, encodePem } from '../pem/index';
import { Certificate } from '../x509/index';

/**
 * @internal Checks `alternateChains`: each a non-empty array of certificates whose first is the
 * issuing CA (same subject and key) as some issuer signed it. Copies the arrays.
 */
export function _alternateChains(issuer: Certificate, chains: readonly (readonly Certificate[])[] | undefined): readonly (readonly Certificate[])[] {
  if (chains === undefined) return [];
  if (!Array.isArray(chains)) throw new TypeError('alternateChains must be an array of certificate arrays');
  if (chains.length > 99) throw new RangeError('at most 99 alternate chains');
  return chains.map((chain, i) => {
    if (!Array.isArray(chain) || chain.length === 0 || !chain.every((c) => c instanceof Certificate)) {
      throw new TypeError(`alternateChains[${i}] must be a non-empty array of Certificates (parseCertificate)`);
    }
    const first = chain[0]!;
    // The leaf's issuer name and authority key must match the chain's first certificate, so
    // that certificate must be the issuing CA under another signature (RFC 5280 §4.1.2.4).
    if (!bytesEqual(first.rawSubject, issuer.rawSubject) || !bytesEqual(first.rawSpki, issuer.rawSpki)) {
      throw new RangeError(`alternateChains[${i}][0] is not the issuing CA (its subject and public key must be the CA certificate's)`);
    }
    return [...chain];
  });
}

/** @internal The PEM of the stored chain's end-entity certificate followed by `chain`. */
export function _chainPem(storedPem: string, chain: readonly Certificate[]): string {
  const leaf = decodePemAll(storedPem)[0]!;
  return encodePem('CERTIFICATE', leaf.der) + chain.map((c) => encodePem('CERTIFICATE', c.raw)).join('');
}

/** @internal Adds `Link: <…>;rel="alternate"` for every chain but `n` (0 the default, at `certUrl`; i at `certUrl/i`). */
export function _linkAlternates(res: Response, certUrl: string, n: number, count: number): Response {
  for (let i = 0; i <= count; i++) if (i !== n) res.headers.append('link', `<${i === 0 ? certUrl : `${certUrl}/${i}`}>;rel="alternate"`);
  return res;
}
