/**
 * Peer adapter: Node's own `crypto.sign` / `crypto.verify` (OpenSSL underneath), the native
 * reference for the key and signature benchmarks.
 *
 * Scope: one-shot sign and verify with a `KeyObject` made once from certkit's PKCS#8 / SPKI
 * bytes, for ECDSA (DER signatures), EdDSA, RSASSA-PKCS1-v1_5 and RSASSA-PSS.
 * Non-goals: streaming `createSign`/`createVerify`.
 * @module
 */
import { constants, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/** Node's version (its crypto is OpenSSL's). */
export const version = `node ${process.versions.node} (OpenSSL ${process.versions.openssl})`;

/** How to sign or verify: a Node digest name (or null for EdDSA) and optional PSS salt length. */
export interface NodeScheme {
  digest: 'sha256' | 'sha384' | 'sha512' | null;
  pssSaltLength?: number;
}

/** A verifier bound to an SPKI, made once outside the timed loop. */
export function nodeVerifier(spki: Uint8Array, scheme: NodeScheme): (data: Uint8Array, sig: Uint8Array) => boolean {
  const key: KeyObject = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  const opts = scheme.pssSaltLength === undefined ? key : { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: scheme.pssSaltLength };
  return (data, sig) => verify(scheme.digest, data, opts, sig);
}

/** A signer bound to a PKCS#8 key, made once outside the timed loop. */
export function nodeSigner(pkcs8: Uint8Array, scheme: NodeScheme): (data: Uint8Array) => Uint8Array {
  const key: KeyObject = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
  const opts = scheme.pssSaltLength === undefined ? key : { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: scheme.pssSaltLength };
  return (data) => sign(scheme.digest, data, opts);
}
