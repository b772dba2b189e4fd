/**
 * `keyMatches`: does this private key belong to that public key, CSR or certificate?
 *
 * Scope: comparing a private key's public half with a public key given as a `PublicKey`, SPKI
 * DER, PEM, or any object that carries one (`publicKey`, `spki`, `rawSpki`,
 * `rawSubjectPublicKeyInfo`, `subjectPublicKeyInfo`), which is how certificates and CSRs expose
 * theirs. Non-goals: parsing certificates (the x509 layer does that).
 * @module
 */
import { CertkitError } from '../der/index';
import type { PrivateKey } from './private-key';
import { parsePublicKey, PublicKey } from './public-key';

/** Anything {@link keyMatches} can take a public key from. */
export type PublicKeySource =
  | PublicKey
  | Uint8Array
  | string
  | { readonly publicKey: PublicKey | Uint8Array }
  | { readonly spki: Uint8Array }
  | { readonly rawSpki: Uint8Array }
  | { readonly rawSubjectPublicKeyInfo: Uint8Array }
  | { readonly subjectPublicKeyInfo: PublicKey | Uint8Array };

/**
 * The public key a {@link PublicKeySource} carries.
 * @throws TypeError when the value carries no public key; KeyError/DerError when it is malformed.
 * @example
 * ```ts
 * publicKeyOf(certificate).algorithm
 * ```
 */
export function publicKeyOf(source: PublicKeySource): PublicKey {
  if (source instanceof PublicKey) return source;
  if (source instanceof Uint8Array || typeof source === 'string') return parsePublicKey(source);
  if (source !== null && typeof source === 'object') {
    const o = source as Record<string, unknown>;
    for (const k of ['publicKey', 'subjectPublicKeyInfo', 'spki', 'rawSpki', 'rawSubjectPublicKeyInfo']) {
      const v = o[k];
      if (v instanceof PublicKey) return v;
      if (v instanceof Uint8Array) return parsePublicKey(v);
    }
  }
  throw new TypeError('expected a PublicKey, SPKI DER or PEM, or an object with a publicKey / spki');
}

/**
 * Whether `privateKey` is the private half of the public key in `other` (a public key, SPKI, or
 * a certificate or CSR object). A malformed or unsupported public key gives `false`.
 *
 * @throws TypeError when `other` carries no public key at all.
 * @example
 * ```ts
 * if (!keyMatches(key, certificate)) throw new Error('this key does not belong to the certificate');
 * ```
 */
export function keyMatches(privateKey: PrivateKey, other: PublicKeySource): boolean {
  let pub: PublicKey;
  try {
    pub = publicKeyOf(other);
  } catch (e) {
    if (e instanceof CertkitError) return false;
    throw e;
  }
  return privateKey.publicKey.equals(pub);
}
