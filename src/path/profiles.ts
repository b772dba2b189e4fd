/**
 * Validation profiles: `rfc5280` (the RFC as written) and `webpki` (what browsers and
 * rustls-webpki enforce for TLS under the CA/Browser Forum Baseline Requirements).
 *
 * Scope: the certificate-level rules each profile adds to RFC 5280 §6.1, as one function per
 * role in the path (end entity, intermediate, trust anchor certificate). §6.1 itself (validity,
 * basicConstraints, path length, keyCertSign, name constraints, policies, critical extensions)
 * is `validate.ts`'s and applies to both.
 *
 * Rules of both profiles (RFC 5280 §4 "MUST"s a relying party can check; the criticality rules
 * are switched off by the `strictCriticality: false` option):
 * - authorityKeyIdentifier and subjectKeyIdentifier non-critical (§4.2.1.1, §4.2.1.2);
 *   authorityKeyIdentifier with keyIdentifier present in every certificate that is not
 *   self-signed, trust anchors included (§4.2.1.1); subjectKeyIdentifier in intermediates
 *   (§4.2.1.2).
 * - nameConstraints only in CA certificates (§4.2.1.10); policyConstraints and
 *   inhibitAnyPolicy critical (§4.2.1.11, §4.2.1.14).
 * - a non-empty issuer (§4.1.2.4); a non-empty subject for CAs (§4.1.2.6); subjectAltName
 *   critical when the subject is empty (§4.2.1.6); a serial number that is not zero (§4.1.2.2).
 * - a CA trust anchor of version 3 has basicConstraints cA and, with keyUsage, keyCertSign.
 * - basicConstraints critical in intermediates (§4.2.1.9); no pathLenConstraint without cA TRUE
 *   (§4.2.1.9).
 *
 * `rfc5280` only:
 * - basicConstraints critical in trust anchor certificates (§4.2.1.9) and nameConstraints
 *   critical (§4.2.1.10). The web PKI tolerates both: non-critical name constraints are the
 *   deployed way to constrain a CA without breaking old clients, and roots of the Mozilla store
 *   (Go Daddy and Starfield Class 2) have a non-critical basicConstraints.
 * - the end entity may be a CA certificate (the RFC makes no rule about the leaf position).
 *
 * `webpki` only (CA/Browser Forum BR §7.1, as rustls-webpki and browsers apply it):
 * - the end entity is not a CA: no basicConstraints cA TRUE, no keyCertSign (BR 7.1.2.7.8,
 *   7.1.2.7.11);
 * - the end entity has a subjectAltName (BR 7.1.2.7.12);
 * - the end entity has a non-critical extKeyUsage (BR 7.1.2.7.6) and root certificates have
 *   none (BR 7.1.2.1.2); an intermediate's extKeyUsage, when present, must allow the purpose;
 * - keys: RSA of at least 2048 bits and a multiple of 8, ECDSA on P-256/P-384/P-521, Ed25519
 *   (BR 6.1.5, 7.1.3.1; Ed25519 as rustls-webpki accepts it);
 * - a root's authorityKeyIdentifier, when present, has a keyIdentifier equal to its
 *   subjectKeyIdentifier and no issuer/serial (BR 7.1.2.1.3).
 * - intermediates carry keyUsage (RFC 5280 §4.2.1.3, BR 7.1.2.10.7); an end entity's keyUsage,
 *   when present, allows the TLS purpose asked (RFC 5280 §4.2.1.12, BR 7.1.2.7.11); its SAN is
 *   not critical beside a non-empty subject (BR 7.1.2.7.12); below the anchor, validity times
 *   before 2050 are UTCTime (RFC 5280 §4.1.2.5) and serials have at most 20 octets (BR); a
 *   permitted dNSName constraint is not empty (BR 7.1.2.10.8); RSA keys have at most 8,192 bits
 *   and use rsaEncryption (BR 7.1.3.1.1); trust anchors are v3 (BR 7.1.2.1). An anchor is
 *   otherwise trusted as given (see docs/conformance.md, "Strictness decisions").
 *
 * Option of both (`commonNameInSan`, off by default): every commonName of the end entity's
 * subject is a character-for-character copy of one of its dNSName or iPAddress SANs (BR
 * 7.1.4.3). An issuance rule that clients do not enforce (BetterTLS expects them not to), so it
 * is opt-in.
 * Non-goals: Certificate Transparency, public suffix lists, revocation policy.
 * @module
 */
import { bytesEqual, DerReader } from '../der/index';
import { formatIpAddress, type KeyUsage } from './_x509';
import { _publicKey, type _Info } from './_cert-info';
import type { ValidationErrorCode } from './errors';
import { MAX_RSA_MODULUS_BITS } from './budget';

/**
 * Key purpose names accepted in `ValidationOptions.purposes`.
 * @example
 * ```ts
 * await verifyChain(leaf, { anchors, purposes: ['serverAuth'] }) // a name from KEY_PURPOSES or an OID
 * ```
 */
export const KEY_PURPOSES = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  OCSPSigning: '1.3.6.1.5.5.7.3.9',
} as const;

/**
 * A key purpose by its name in {@link KEY_PURPOSES} (or anyExtendedKeyUsage), else its OID: messages
 * use names without pulling the whole OID registry into every verifyChain bundle.
 */
export function _purposeName(oid: string): string {
  if (oid === '2.5.29.37.0') return 'anyExtendedKeyUsage';
  for (const [name, o] of Object.entries(KEY_PURPOSES)) if (o === oid) return name;
  return oid;
}

/** A validation profile. */
export type Profile = 'rfc5280' | 'webpki';

/** A profile rule that failed. */
export interface _RuleFailure {
  code: ValidationErrorCode;
  message: string;
}

const ANY_EKU = '2.5.29.37.0';

function _fail(code: ValidationErrorCode, message: string): _RuleFailure {
  return { code, message };
}

/** Rules common to every role. */
function _common(info: _Info, profile: Profile, isCa: boolean, strict: boolean, isAnchor = false): _RuleFailure | undefined {
  const c = info.cert;
  if (info.authorityKeyIdentifier?.critical) return _fail('invalid-extension', 'authorityKeyIdentifier is critical; RFC 5280 §4.2.1.1 requires it non-critical');
  if (info.subjectKeyIdentifier?.critical) return _fail('invalid-extension', 'subjectKeyIdentifier is critical; RFC 5280 §4.2.1.2 requires it non-critical');
  if (strict && info.policyConstraints !== undefined && !info.policyConstraints.critical)
    return _fail('invalid-extension', 'policyConstraints is not critical; RFC 5280 §4.2.1.11 requires it critical');
  if (strict && info.inhibitAnyPolicy !== undefined && !info.inhibitAnyPolicy.critical) return _fail('invalid-extension', 'inhibitAnyPolicy is not critical; RFC 5280 §4.2.1.14 requires it critical');
  if (c.issuer.isEmpty) return _fail('profile', 'the issuer name is empty; RFC 5280 §4.1.2.4 requires a non-empty issuer');
  if (isCa && c.subject.isEmpty) return _fail('profile', 'a CA certificate has an empty subject; RFC 5280 §4.1.2.6 requires a non-empty one');
  if (c.subject.isEmpty && info.subjectAltName !== undefined && !info.subjectAltName.critical) {
    return _fail('invalid-extension', 'the subject is empty and subjectAltName is not critical; RFC 5280 §4.2.1.6 requires it critical then');
  }
  // Not for anchors: trusted out of band, and a few deployed roots carry serial 0.
  if (!isAnchor && c.rawSerial.length === 1 && c.rawSerial[0] === 0) return _fail('profile', 'the serial number is zero; RFC 5280 §4.1.2.2 requires a positive integer');
  if (!info.selfIssued && info.authorityKeyIdentifier?.value.keyIdentifier === undefined) {
    return _fail('profile', 'authorityKeyIdentifier with a keyIdentifier is missing in a certificate that is not self-issued (RFC 5280 §4.2.1.1)');
  }
  if (strict && profile === 'rfc5280' && info.nameConstraints !== undefined && !info.nameConstraints.critical) {
    return _fail('invalid-extension', 'nameConstraints is not critical; RFC 5280 §4.2.1.10 requires it critical (the webpki profile accepts it)');
  }
  if (profile === 'webpki' && !isAnchor) {
    // RFC 5280 §4.1.2.2 asks relying parties to handle serials longer than 20 octets gracefully
    // (the `rfc5280` profile does, for a certificate parsed leniently); the BRs (7.1.2.1 ff.)
    // require less than 2^159.
    if (c.rawSerial.length > 20) return _fail('profile', `the serial number has ${c.rawSerial.length} octets; the web PKI requires a positive number below 2^159 (CA/B BR 7.1.2.7, RFC 5280 §4.1.2.2)`);
    const gt = _generalizedTimeBefore2050(c.rawValidity);
    if (gt !== undefined) return _fail('profile', `${gt} is encoded as GeneralizedTime before 2050; RFC 5280 §4.1.2.5 requires UTCTime through 2049`);
  }
  if (profile === 'webpki') return _webpkiKey(info);
  return undefined;
}

/**
 * The validity field (`notBefore` or `notAfter`) encoded as GeneralizedTime with a year before
 * 2050, which RFC 5280 §4.1.2.5 forbids ("MUST be encoded as UTCTime" through 2049). Read from
 * the Validity encoding here rather than in the x509 parser, which accepts both encodings.
 */
function _generalizedTimeBefore2050(rawValidity: Uint8Array): string | undefined {
  try {
    const v = new DerReader(rawValidity, { lenient: true }).enter();
    for (const field of ['notBefore', 'notAfter']) {
      const t = v.readTlv();
      if (t.tag !== 0x18) continue; // UTCTime (0x17)
      const year = Number(String.fromCharCode(...t.value.subarray(0, 4)));
      if (year < 2050) return field;
    }
  } catch {
    // The parser already read this Validity; a failure here leaves the field to it.
  }
  return undefined;
}

/** BR 6.1.5 / 7.1.3.1 key rules of the webpki profile. */
function _webpkiKey(info: _Info): _RuleFailure | undefined {
  const k = _publicKey(info.cert);
  if ('error' in k) return _fail('unsupported-algorithm', `the public key cannot be used: ${(k.error as Error).message}`);
  switch (k.algorithm) {
    case 'RSA':
      if (k.rsaPssOnly) return _fail('weak-algorithm', 'the RSA key is an id-RSASSA-PSS key; the web PKI requires rsaEncryption (CA/B BR 7.1.3.1.1)');
      if (k.bits > MAX_RSA_MODULUS_BITS.webpki) return _fail('unsupported-algorithm', `RSA key of ${k.bits} bits; the webpki profile accepts at most ${MAX_RSA_MODULUS_BITS.webpki} (as browsers do)`);
      if (k.bits < 2048) return _fail('weak-algorithm', `RSA key of ${k.bits} bits; the web PKI requires at least 2048 (CA/B BR 6.1.5)`);
      if (k.bits % 8 !== 0) return _fail('weak-algorithm', `RSA key of ${k.bits} bits is not a multiple of 8 (CA/B BR 6.1.5)`);
      return undefined;
    case 'ECDSA':
      return undefined; // P-256, P-384, P-521 are the only curves the keys layer parses
    case 'Ed25519':
      return undefined;
    default:
      return _fail('weak-algorithm', `${k.algorithm} keys are not allowed in the web PKI (CA/B BR 6.1.5)`);
  }
}

/** Rules for the end entity. */
export function _leafRules(info: _Info, profile: Profile, purposes: readonly string[], strict = true): _RuleFailure | undefined {
  const bc = info.basicConstraints?.value;
  const isCa = bc?.cA === true;
  const f = _common(info, profile, false, strict);
  if (f !== undefined) return f;
  if (info.nameConstraints !== undefined && !isCa) return _fail('profile', 'nameConstraints in an end-entity certificate; RFC 5280 §4.2.1.10 allows it only in CA certificates');
  if (bc !== undefined && !bc.cA && bc.pathLenConstraint !== undefined) {
    return _fail('invalid-extension', 'basicConstraints has a pathLenConstraint without cA TRUE; RFC 5280 §4.2.1.9: CAs MUST NOT include it unless cA is asserted');
  }
  if (profile === 'webpki') {
    if (info.subjectAltName?.critical === true && !info.cert.subject.isEmpty) {
      return _fail('invalid-extension', 'subjectAltName is critical while the subject is not empty (CA/B BR 7.1.2.7.12 MUST NOT; RFC 5280 §4.2.1.6 SHOULD NOT)');
    }
    const ku = info.keyUsage?.value;
    if (ku !== undefined) {
      for (const p of purposes) {
        const bits = _KU_FOR_PURPOSE[p];
        if (bits !== undefined && !bits.some((b) => ku.includes(b))) {
          return _fail(
            'key-usage',
            `the end-entity certificate's keyUsage (${ku.join(', ') || 'empty'}) allows none of ${bits.join(', ')}, which ${p} needs (RFC 5280 §4.2.1.12: a purpose consistent with both extensions; CA/B BR 7.1.2.7.11)`,
          );
        }
      }
    }
    if (isCa) return _fail('profile', 'the end-entity certificate is a CA (basicConstraints cA TRUE), which the web PKI forbids (CA/B BR 7.1.2.7.8)');
    if (info.keyUsage?.value.includes('keyCertSign')) return _fail('profile', 'the end-entity certificate allows keyCertSign, which the web PKI forbids (CA/B BR 7.1.2.7.11)');
    const san = info.subjectAltName?.value;
    if (san === undefined || san.length === 0) return _fail('profile', 'the end-entity certificate has no subjectAltName; the web PKI names hosts only there (CA/B BR 7.1.2.7.12)');
  }
  if (profile === 'webpki') {
    const eku = info.extKeyUsage;
    if (purposes.length > 0) {
      if (eku === undefined) return _fail('extended-key-usage', 'the end-entity certificate has no extKeyUsage, which the web PKI requires (CA/B BR 7.1.2.7.6)');
      if (eku.critical) return _fail('extended-key-usage', 'extKeyUsage is critical in the end-entity certificate, which the web PKI forbids (CA/B BR 7.1.2.7.6)');
    }
  }
  return undefined;
}

/**
 * keyUsage bits of which the end entity needs one for a TLS purpose (RFC 5280 §4.2.1.12 lists
 * them as the bits consistent with each purpose; TLS signs with digitalSignature, and RSA key
 * transport or (EC)DH key agreement use the other two).
 */
const _KU_FOR_PURPOSE: Readonly<Record<string, KeyUsage>> = {
  '1.3.6.1.5.5.7.3.1': ['digitalSignature', 'keyEncipherment', 'keyAgreement'], // serverAuth
  '1.3.6.1.5.5.7.3.2': ['digitalSignature', 'keyAgreement'], // clientAuth
};

/** Rules for an intermediate (a CA certificate below the anchor). */
export function _intermediateRules(info: _Info, profile: Profile, purposes: readonly string[], strict = true): _RuleFailure | undefined {
  const f = _common(info, profile, true, strict);
  if (f !== undefined) return f;
  if (info.subjectKeyIdentifier === undefined) return _fail('profile', 'the CA certificate has no subjectKeyIdentifier; RFC 5280 §4.2.1.2 requires one');
  if (strict && info.basicConstraints !== undefined && !info.basicConstraints.critical) {
    return _fail('invalid-extension', 'basicConstraints is not critical in a CA certificate; RFC 5280 §4.2.1.9 requires it critical (and CA/B BR 7.1.2.2.3 ff. in the web PKI)');
  }
  if (profile === 'webpki') {
    if (info.keyUsage === undefined)
      return _fail(
        'key-usage',
        'the CA certificate has no keyUsage; RFC 5280 §4.2.1.3 and CA/B BR 7.1.2.10.7 require it (§6.1.4 (n) alone checks it only when present, which the rfc5280 profile follows)',
      );
    const permitted = info.nameConstraints?.value.permitted ?? [];
    if (permitted.some((t) => t.base.type === 'dns' && t.base.value === '')) {
      return _fail(
        'name-constraints',
        'a permitted dNSName subtree is the empty string; the web PKI needs a domain name there (CA/B BR 7.1.2.10.8), so the constraint is malformed rather than "every name"',
      );
    }
    return _caEku(info, purposes);
  }
  return undefined;
}

/** An intermediate's extKeyUsage constrains the purposes below it (the web PKI practice). */
function _caEku(info: _Info, purposes: readonly string[]): _RuleFailure | undefined {
  const eku = info.extKeyUsage?.value;
  if (eku === undefined) return undefined;
  for (const p of purposes) {
    if (!eku.includes(p) && !eku.includes(ANY_EKU)) return _fail('extended-key-usage', `the CA certificate's extKeyUsage does not allow ${_purposeName(p)}`);
  }
  return undefined;
}

/** Rules for a trust anchor given as a certificate. */
export function _anchorRules(info: _Info, profile: Profile, strict = true): _RuleFailure | undefined {
  const c = info.cert;
  const f = _common(info, profile, true, strict, true);
  if (f !== undefined) return f;
  const bc = info.basicConstraints;
  if (c.version === 3) {
    if (bc === undefined || !bc.value.cA) return _fail('not-a-ca', 'the trust anchor certificate is not a CA (basicConstraints cA TRUE missing; RFC 5280 §4.2.1.9)');
    if (info.keyUsage !== undefined && !info.keyUsage.value.includes('keyCertSign')) {
      return _fail('key-usage', 'the trust anchor is a CA whose keyUsage lacks keyCertSign (RFC 5280 §4.2.1.3)');
    }
  }
  if (strict && profile === 'rfc5280' && bc !== undefined && !bc.critical) {
    return _fail('invalid-extension', 'basicConstraints is not critical in the trust anchor; RFC 5280 §4.2.1.9 requires it critical in CA certificates');
  }
  if (profile === 'webpki') {
    // A v1/v2 anchor carries no basicConstraints or keyUsage at all: BR 7.1.2.1 requires v3, and
    // no root of the Mozilla/Debian store is older.
    if (c.version !== 3) return _fail('profile', `the trust anchor is a v${c.version} certificate; the web PKI requires v3 (CA/B BR 7.1.2.1)`);
    if (info.selfIssued && info.extKeyUsage !== undefined) return _fail('profile', 'the root certificate has extKeyUsage, which the web PKI forbids (CA/B BR 7.1.2.1.2)');
    const aki = info.authorityKeyIdentifier?.value;
    if (aki !== undefined && info.selfIssued) {
      if (aki.keyIdentifier === undefined) return _fail('profile', "the root's authorityKeyIdentifier has no keyIdentifier (CA/B BR 7.1.2.1.3)");
      if (aki.authorityCertIssuer !== undefined || aki.authorityCertSerialNumber !== undefined) {
        return _fail('profile', "the root's authorityKeyIdentifier carries authorityCertIssuer/SerialNumber (CA/B BR 7.1.2.1.3)");
      }
      const ski = info.subjectKeyIdentifier?.value;
      if (ski !== undefined && !bytesEqual(ski, aki.keyIdentifier)) return _fail('profile', "the root's authorityKeyIdentifier differs from its subjectKeyIdentifier (CA/B BR 7.1.2.1.3)");
    }
  }
  return undefined;
}

/** The opt-in CA/B BR 7.1.4.3 rule: every commonName copies a SAN value exactly. */
export function _commonNameRule(info: _Info): _RuleFailure | undefined {
  const san = info.subjectAltName?.value ?? [];
  const values = new Set<string>();
  for (const n of san) {
    if (n.type === 'dns') values.add(n.value);
    else if (n.type === 'ip') values.add(formatIpAddress(n.value));
  }
  for (const cn of info.cert.subject.get('CN')) {
    if (!values.has(cn)) return _fail('profile', `the subject commonName "${cn}" is not one of the subjectAltName values (CA/B BR 7.1.4.3)`);
  }
  return undefined;
}
