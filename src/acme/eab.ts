/**
 * @internal External Account Binding (RFC 8555 §7.3.4): a new account carries a JWS, MACed with
 * a key the CA handed out beforehand, over the account's own public key; the CA thereby ties the
 * ACME account to a pre-registered identity. Scope: checking that inner JWS (HS256, HS384,
 * HS512; `kid`, `url`, no `nonce`; payload = the outer `jwk`). The keys come from the
 * operator's `lookup`. Not exported from the layer.
 * @module
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import type { PublicKey } from '../keys/index';
import { AcmeError } from './errors';
import { fromBase64url, jwkThumbprint } from './jws';
import { publicKeyFromJwk } from '../keys/index';

/**
 * External Account Binding settings of {@link createAcmeServer}.
 * @example
 * ```ts
 * const eab: AcmeExternalAccountOptions = { required: true, lookup: async (kid) => keys.get(kid) };
 * ```
 */
export interface AcmeExternalAccountOptions {
  /** New accounts must carry a binding (directory `meta.externalAccountRequired`). Default true. */
  readonly required?: boolean;
  /** The MAC key (and who it stands for) of a key id the CA handed out; `undefined` when unknown. */
  lookup(kid: string): Promise<{ readonly key: Uint8Array; readonly principal?: string } | undefined>;
}

const _HASH = { HS256: sha256, HS384: sha384, HS512: sha512 } as const;

function _equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}

/** @internal Checks `externalAccountBinding` against the account key; returns the binding's kid and principal. */
export async function _checkBinding(eab: AcmeExternalAccountOptions, binding: unknown, accountKey: PublicKey, newAccountUrl: string): Promise<{ kid: string; principal: string | undefined }> {
  if (binding === null || typeof binding !== 'object' || Array.isArray(binding)) throw new AcmeError('malformed', 'externalAccountBinding must be a flattened JWS object');
  const o = binding as Record<string, unknown>;
  if (typeof o.protected !== 'string' || typeof o.payload !== 'string' || typeof o.signature !== 'string' || Object.keys(o).length !== 3) {
    throw new AcmeError('malformed', 'externalAccountBinding needs exactly protected, payload and signature');
  }
  let h: Record<string, unknown>;
  let payload: unknown;
  try {
    h = JSON.parse(new TextDecoder().decode(fromBase64url(o.protected, 'externalAccountBinding.protected'))) as Record<string, unknown>;
    payload = JSON.parse(new TextDecoder().decode(fromBase64url(o.payload, 'externalAccountBinding.payload')));
  } catch (e) {
    if (e instanceof AcmeError) throw e;
    throw new AcmeError('malformed', 'externalAccountBinding protected header or payload is not JSON', { cause: e });
  }
  const hash = _HASH[h.alg as keyof typeof _HASH];
  if (hash === undefined) throw new AcmeError('bad-signature-algorithm', 'externalAccountBinding alg must be HS256, HS384 or HS512 (RFC 8555 §7.3.4)');
  if (typeof h.kid !== 'string' || h.kid.length === 0 || h.kid.length > 256) throw new AcmeError('malformed', 'externalAccountBinding needs a kid');
  if (h.nonce !== undefined) throw new AcmeError('malformed', 'externalAccountBinding must not have a nonce (RFC 8555 §7.3.4)');
  if (h.url !== newAccountUrl) throw new AcmeError('malformed', 'externalAccountBinding url must be the newAccount URL');
  const entry = await eab.lookup(h.kid);
  if (entry === undefined) throw new AcmeError('unauthorized', 'unknown externalAccountBinding kid');
  const mac = hmac(hash, entry.key, new TextEncoder().encode(`${o.protected}.${o.payload}`));
  if (!_equal(mac, fromBase64url(o.signature, 'externalAccountBinding.signature'))) throw new AcmeError('unauthorized', 'the externalAccountBinding MAC does not verify');
  let bound: PublicKey;
  try {
    bound = publicKeyFromJwk(payload as never);
  } catch (e) {
    throw new AcmeError('malformed', 'the externalAccountBinding payload is not a JWK', { cause: e });
  }
  if (jwkThumbprint(bound) !== jwkThumbprint(accountKey)) throw new AcmeError('unauthorized', 'the externalAccountBinding binds another key than the account key');
  return { kid: h.kid, principal: entry.principal };
}
