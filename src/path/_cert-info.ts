/**
 * What path validation needs from one certificate, decoded once and cached per certificate.
 *
 * Scope: every extension of the certificate decoded through the x509 layer's registry (a
 * malformed known extension makes the certificate unusable in a path, as in pyca/cryptography),
 * the extensions the validator processes picked out with their critical flags, the first
 * critical extension it does not process, the issuer and subject keys for indexing, the
 * signature AlgorithmIdentifier and the public key (each kept as a value or as the error it
 * raised). Non-goals: judging any of it (`validate.ts`, `profiles.ts` do).
 * @module
 */
import type { AlgorithmIdentifier } from '../sig/index';
import type { PublicKey } from '../keys/index';
import {
  getDecodedExtension,
  certificatePublicKey,
  certificateSignatureAlgorithm,
  type AuthorityKeyIdentifier,
  type BasicConstraints,
  type Certificate,
  type CertificatePolicies,
  type ExtKeyUsage,
  type KeyUsage,
  type NameConstraints,
  type PolicyConstraints,
  type PolicyMappings,
  type SubjectAltName,
} from './_x509';
import { nameCanonicalKey } from '../x509/index';

/** An extension value with its critical flag. */
interface _Ext<T> {
  readonly value: T;
  readonly critical: boolean;
}

/** The decoded view of one certificate. */
export interface _Info {
  readonly cert: Certificate;
  /** The first decoding problem (a malformed extension or name), with `path` set. */
  readonly error: unknown;
  readonly basicConstraints?: _Ext<BasicConstraints>;
  readonly keyUsage?: _Ext<KeyUsage>;
  readonly extKeyUsage?: _Ext<ExtKeyUsage>;
  readonly subjectAltName?: _Ext<SubjectAltName>;
  readonly nameConstraints?: _Ext<NameConstraints>;
  readonly certificatePolicies?: _Ext<CertificatePolicies>;
  readonly policyMappings?: _Ext<PolicyMappings>;
  readonly policyConstraints?: _Ext<PolicyConstraints>;
  readonly inhibitAnyPolicy?: _Ext<number>;
  readonly authorityKeyIdentifier?: _Ext<AuthorityKeyIdentifier>;
  readonly subjectKeyIdentifier?: _Ext<Uint8Array>;
  readonly authorityInfoAccess?: _Ext<unknown>;
  /** OID of the first critical extension that validation does not implement. */
  readonly unknownCritical: string | undefined;
  /** `nameCanonicalKey` of the subject and issuer ('' when the name is malformed). */
  readonly subjectKey: string;
  readonly issuerKey: string;
  readonly selfIssued: boolean;
}

/**
 * Extensions the validator processes, so a critical one is not "unrecognized" (RFC 5280 §4.2:
 * "A certificate-using system MUST reject the certificate if it encounters a critical extension
 * it does not recognize or a critical extension that contains information that it cannot
 * process"). cRLDistributionPoints and freshestCRL are read by the revocation layer.
 */
const _PROCESSED: ReadonlySet<string> = /* @__PURE__ */ new Set([
  '2.5.29.19', // basicConstraints
  '2.5.29.15', // keyUsage
  '2.5.29.37', // extKeyUsage
  '2.5.29.17', // subjectAltName
  '2.5.29.30', // nameConstraints
  '2.5.29.32', // certificatePolicies
  '2.5.29.33', // policyMappings
  '2.5.29.36', // policyConstraints
  '2.5.29.54', // inhibitAnyPolicy
  '2.5.29.31', // cRLDistributionPoints
  '2.5.29.46', // freshestCRL
  '2.5.29.35', // authorityKeyIdentifier (profiles refuse it critical)
  '2.5.29.14', // subjectKeyIdentifier (profiles refuse it critical)
]);

let _cache: WeakMap<Certificate, _Info> | undefined;

/** The decoded view of `cert` (cached for the certificate's lifetime). */
export function _info(cert: Certificate): _Info {
  _cache ??= new WeakMap();
  let i = _cache.get(cert);
  if (i === undefined) {
    i = _decode(cert);
    _cache.set(cert, i);
  }
  return i;
}

function _decode(cert: Certificate): _Info {
  const out: Record<string, unknown> = { cert, error: undefined, unknownCritical: undefined };
  let error: unknown;
  let subjectKey = '';
  let issuerKey = '';
  try {
    subjectKey = nameCanonicalKey(cert.subject);
    issuerKey = nameCanonicalKey(cert.issuer);
  } catch (e) {
    error = e;
  }
  const exts = cert.extensions;
  for (let i = 0; i < exts.length && error === undefined; i++) {
    const e = exts[i]!;
    try {
      // The x509 layer's per-record cache: the same decode serves lint, the CA and formatting.
      const d = getDecodedExtension(cert, e.oid)!;
      if (d.name === 'unknown') {
        if (e.critical && out.unknownCritical === undefined) out.unknownCritical = e.oid;
        continue;
      }
      if (e.critical && !_PROCESSED.has(e.oid) && out.unknownCritical === undefined) out.unknownCritical = e.oid;
      out[d.name] = { value: d.value, critical: e.critical };
    } catch (err) {
      // getDecodedExtension's error already names `tbsCertificate.extensions[i].extnValue...`.
      error = err;
    }
  }
  out.error = error;
  out.subjectKey = subjectKey;
  out.issuerKey = issuerKey;
  out.selfIssued = error === undefined && subjectKey === issuerKey;
  return out as unknown as _Info;
}

/** The certificate's signature AlgorithmIdentifier (cached by the x509 layer), or the error parsing it raised. */
export function _signatureAlgorithm(cert: Certificate): AlgorithmIdentifier | { error: unknown } {
  try {
    return certificateSignatureAlgorithm(cert);
  } catch (e) {
    return { error: e };
  }
}

let _keyOf: WeakMap<Certificate, PublicKey> | undefined;
/**
 * Parsed keys by (lenient flag, SubjectPublicKeyInfo bytes): the key of a root or intermediate,
 * met again in every chain it issued (each parse of the certificate a new record), is parsed and
 * its point checked once. Keys are immutable values, so equal bytes can share one. Bounded: the
 * oldest entry goes beyond {@link _KEYS_MAX}.
 */
let _keys: Map<string, PublicKey> | undefined;
const _KEYS_MAX = 256;

/** The certificate's public key, or the error parsing it raised (errors are not cached). */
export function _publicKey(cert: Certificate): PublicKey | { error: unknown } {
  _keyOf ??= new WeakMap();
  let k = _keyOf.get(cert);
  if (k !== undefined) return k;
  _keys ??= new Map();
  const spki = cert.rawSpki;
  let id = cert.lenient ? 'l' : 's';
  for (let i = 0; i < spki.length; i += 4096) id += String.fromCharCode.apply(null, spki.subarray(i, i + 4096) as unknown as number[]);
  k = _keys.get(id);
  if (k === undefined) {
    try {
      k = certificatePublicKey(cert);
    } catch (e) {
      return { error: e };
    }
    _keys.set(id, k);
    if (_keys.size > _KEYS_MAX) _keys.delete(_keys.keys().next().value!);
  }
  _keyOf.set(cert, k);
  return k;
}
