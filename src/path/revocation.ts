/**
 * Revocation of every certificate of a validated path with caller-supplied CRLs (RFC 5280
 * §6.1.3 (a)(3), §6.3), through the CRL layer's `checkRevocationSync` (CRL signatures on
 * noble, under the asynchronous `verifyChain` too).
 *
 * Scope: the modes `off`, `prefer` and `require`; the CRL's signer checked as the RFC requires:
 * the issuer's own key, or a separate CRL signer (indirect CRLs, a CA's CRL-signing certificate
 * or previous key) that must itself have a valid path to one of the anchors, found through the
 * same path builder (`findSigners`, with the nesting bounded). Non-goals: fetching CRLs, OCSP.
 *
 * Decision for `prefer`: a certificate with no CRL in scope passes; one whose CRLs are in scope
 * but unusable (stale, badly signed, unusable critical extension, malformed) fails with
 * revocation-unknown, since the issuer published revocation information the caller gave us and
 * it cannot be read.
 * @module
 */
import { ValidationError } from './errors';
import { checkRevocationSync, type Certificate, type RevocationStatus } from './_x509';
import type { _Anchor, _Ctx } from './validate';
import { crlNumberCodec, getExtension, type Crl } from './_x509';

function _crlNumber(c: Crl): bigint | undefined {
  try {
    return getExtension(c, crlNumberCodec);
  } catch {
    return undefined;
  }
}

/**
 * The CRL extensions whose criticality RFC 5280 §5.2 fixes: authorityKeyIdentifier (§5.2.1, as
 * §4.2.1.1: non-critical), cRLNumber (§5.2.3: non-critical), deltaCRLIndicator (§5.2.4:
 * critical), issuingDistributionPoint (§5.2.5: critical), freshestCRL (§5.2.6: non-critical).
 */
const _CRL_CRITICALITY: ReadonlyMap<string, { critical: boolean; name: string; section: string }> = /* @__PURE__ */ new Map([
  ['2.5.29.35', { critical: false, name: 'authorityKeyIdentifier', section: '§5.2.1' }],
  ['2.5.29.20', { critical: false, name: 'cRLNumber', section: '§5.2.3' }],
  ['2.5.29.27', { critical: true, name: 'deltaCRLIndicator', section: '§5.2.4' }],
  ['2.5.29.28', { critical: true, name: 'issuingDistributionPoint', section: '§5.2.5' }],
  ['2.5.29.46', { critical: false, name: 'freshestCRL', section: '§5.2.6' }],
]);

/** Why a CRL breaks a criticality rule of RFC 5280 §5.2, or `undefined`. */
function _crlCriticality(c: Crl): string | undefined {
  for (const x of c.extensions) {
    const rule = _CRL_CRITICALITY.get(x.oid);
    if (rule !== undefined && x.critical !== rule.critical)
      return `its ${rule.name} is ${x.critical ? '' : 'not '}critical (RFC 5280 ${rule.section} requires it ${rule.critical ? 'critical' : 'non-critical'})`;
  }
  return undefined;
}

/**
 * Checks revocation for each certificate of `certs` (end entity first, anchor excluded).
 * `findSigners(cert)` returns extra CRL signer certificates whose paths validated.
 * @throws ValidationError revoked or revocation-unknown.
 */
export function _checkPathRevocation(certs: readonly Certificate[], anchor: _Anchor, ctx: _Ctx, findSigners: () => readonly Certificate[]): void {
  if (ctx.revocationMode === 'off') return;
  const chain = anchor.cert === undefined ? certs : [...certs, anchor.cert];
  let signers: readonly Certificate[] | undefined;
  for (let i = certs.length - 1; i >= 0; i--) {
    const cert = certs[i]!;
    const issuer = i + 1 < certs.length ? certs[i + 1]! : anchor.cert;
    const what = i === 0 ? 'the end-entity certificate' : `intermediate ${cert.subject.toString()}`;
    if (issuer === undefined) {
      if (ctx.revocationMode === 'require') {
        throw new ValidationError('revocation-unknown', `${what} is issued by a trust anchor given as name and key; its CRLs cannot be checked without the anchor's certificate`, {
          certIndex: i,
          certificate: cert,
          chain,
        });
      }
      continue;
    }
    const opts = { time: ctx.time, policy: ctx.sigPolicy };
    let s: RevocationStatus = checkRevocationSync(cert, issuer, ctx.crls, opts);
    if (s.status === 'unknown' && (s.code === 'no-crl-signer' || s.code === 'bad-signature')) {
      signers ??= findSigners();
      if (signers.length > 0) s = checkRevocationSync(cert, issuer, ctx.crls, { ...opts, crlIssuers: signers });
    }
    if (s.status === 'good') {
      // RFC 5280 §5.2.3: conforming CRL issuers MUST include cRLNumber; a complete CRL without
      // one cannot be ordered against others and is not relied on (checked here: the CRL
      // layer's checkRevocationSync does not).
      const bad = s.crls.find((c) => _crlNumber(c) === undefined);
      if (bad !== undefined) {
        throw new ValidationError('revocation-unknown', `the CRL of ${bad.issuer.toString()} that covers ${what} has no cRLNumber (RFC 5280 §5.2.3 requires it)`, {
          certIndex: i,
          certificate: cert,
          chain,
        });
      }
      // A CRL whose extensions have the wrong criticality is not relied on to say "good" (a
      // non-critical deltaCRLIndicator or issuingDistributionPoint could be read as a complete,
      // full-scope CRL by a client that skips it). Switched off with strictCriticality.
      if (ctx.strictCriticality) {
        for (const c of s.crls) {
          const why = _crlCriticality(c);
          if (why !== undefined)
            throw new ValidationError('revocation-unknown', `the CRL of ${c.issuer.toString()} that covers ${what} is not used: ${why}`, { certIndex: i, certificate: cert, chain });
        }
      }
    }
    if (s.status === 'revoked') {
      throw new ValidationError('revoked', `${what} was revoked on ${s.revocationDate.toISOString()}${s.reason !== undefined ? ` (${s.reason})` : ''} (RFC 5280 §6.1.3 (a)(3))`, {
        certIndex: i,
        certificate: cert,
        chain,
      });
    }
    if (s.status === 'unknown' && (ctx.revocationMode === 'require' || s.code !== 'no-crl')) {
      throw new ValidationError('revocation-unknown', `the revocation status of ${what} is unknown: ${s.why}`, { certIndex: i, certificate: cert, chain });
    }
  }
}
