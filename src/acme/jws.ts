/**
 * JWS for ACME (RFC 8555 §6.2, RFC 7515 flattened JSON serialization): reading and checking a
 * request's JWS, signing one (for in-process clients and tests), base64url, and the JWK
 * thumbprint (RFC 7638) that key authorizations are made of (RFC 8555 §8.1).
 *
 * Scope: the algorithms ES256, ES384, ES512, RS256, RS384, RS512, PS256, PS384, PS512 and EdDSA
 * (Ed25519, Ed448), verified through `certkit/sig` with keys read by `certkit/keys` (no JOSE
 * library: ACME needs one serialization, one header shape and these algorithms, all of which
 * certkit's own key and signature layers already verify). `none` and the MAC algorithms are
 * refused. Non-goals: the compact and general serializations, unprotected headers, `crit`, JWE.
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { DerReader } from '../der/index';
import { decodeBase64, encodeBase64 } from '../pem/index';
import { parsePublicKey, publicKeyFromJwk, type PublicJwk, type PublicKey } from '../keys/index';
import { signatureAlgorithmIdentifier, verifySignature, type SignatureScheme, type Signer } from '../sig/index';
import { AcmeError } from './errors';

const _B64URL = /^[A-Za-z0-9_-]*$/;

/**
 * base64url without padding (RFC 7515 §2).
 * @example
 * ```ts
 * base64url(new TextEncoder().encode('{}')) // 'e30'
 * ```
 */
export function base64url(bytes: Uint8Array): string {
  return encodeBase64(bytes).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

/**
 * Decodes base64url without padding; throws AcmeError `malformed` on anything else.
 * @example
 * ```ts
 * fromBase64url('e30') // Uint8Array [123, 125]
 * ```
 */
export function fromBase64url(text: string, what = 'value'): Uint8Array {
  if (typeof text !== 'string' || !_B64URL.test(text) || text.length % 4 === 1) throw new AcmeError('malformed', `${what} is not base64url (RFC 7515 §2: no padding, alphabet A-Z a-z 0-9 - _)`);
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  try {
    return decodeBase64(b64);
  } catch (e) {
    throw new AcmeError('malformed', `${what} is not base64url`, { cause: e });
  }
}

/**
 * JWS algorithms the server accepts (RFC 7518 §3.1, RFC 8037), as the `algorithms` a client may use.
 * @example
 * ```ts
 * ACME_JWS_ALGORITHMS.includes('ES256') // true; 'none' and 'HS256' are not there
 * ```
 */
export const ACME_JWS_ALGORITHMS = ['ES256', 'ES384', 'ES512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'EdDSA'] as const;

/**
 * One of {@link ACME_JWS_ALGORITHMS}.
 * @example
 * ```ts
 * const alg: AcmeJwsAlgorithm = 'ES256';
 * ```
 */
export type AcmeJwsAlgorithm = (typeof ACME_JWS_ALGORITHMS)[number];

/** The signature scheme of an alg for a key, or a reason why the key cannot use it. */
function _scheme(alg: AcmeJwsAlgorithm, key: PublicKey): SignatureScheme | string {
  const hash = `SHA-${alg.slice(2)}` as 'SHA-256' | 'SHA-384' | 'SHA-512';
  switch (alg) {
    case 'ES256':
    case 'ES384':
    case 'ES512': {
      const curve = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' }[alg];
      return key.algorithm === 'ECDSA' && key.curve === curve ? { kind: 'ecdsa', hash } : `${alg} needs a ${curve} key (RFC 7518 §3.4)`;
    }
    case 'RS256':
    case 'RS384':
    case 'RS512':
      return key.algorithm === 'RSA' && !key.rsaPssOnly ? { kind: 'rsa-pkcs1', hash } : `${alg} needs an RSA key`;
    case 'PS256':
    case 'PS384':
    case 'PS512':
      // RFC 7518 §3.5: MGF1 with the same hash, salt as long as the hash.
      return key.algorithm === 'RSA' ? { kind: 'rsa-pss', hash, mgfHash: hash, saltLength: Number(alg.slice(2)) / 8 } : `${alg} needs an RSA key`;
    case 'EdDSA':
      return key.algorithm === 'Ed25519' || key.algorithm === 'Ed448' ? { kind: 'eddsa', curve: key.algorithm } : 'EdDSA needs an Ed25519 or Ed448 key (RFC 8037)';
  }
}

/**
 * The JWK thumbprint of a public key (RFC 7638, SHA-256), base64url: the account's key fingerprint
 * in key authorizations.
 * @example
 * ```ts
 * const tp = jwkThumbprint(publicKeyFromJwk(jwk)); // 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs' for RFC 7638's example
 * ```
 */
export function jwkThumbprint(key: PublicKey): string {
  const j = key.toJwk() as unknown as Record<string, string>;
  // RFC 7638 §3.2: only the required members, in lexicographic order, no whitespace.
  const members = j.kty === 'EC' ? ['crv', 'kty', 'x', 'y'] : j.kty === 'RSA' ? ['e', 'kty', 'n'] : j.kty === 'OKP' ? ['crv', 'kty', 'x'] : undefined;
  if (members === undefined) throw new AcmeError('bad-public-key', `no RFC 7638 thumbprint for a ${j.kty} key`);
  const text = `{${members.map((m) => `${JSON.stringify(m)}:${JSON.stringify(j[m])}`).join(',')}}`;
  return base64url(sha256(new TextEncoder().encode(text)));
}

/**
 * The key authorization of a challenge token (RFC 8555 §8.1): `token.thumbprint`.
 * @example
 * ```ts
 * const ka = keyAuthorization(challenge.token, accountKey); // served at /.well-known/acme-challenge/<token>
 * ```
 */
export function keyAuthorization(token: string, key: PublicKey): string {
  return `${token}.${jwkThumbprint(key)}`;
}

/**
 * A request's JWS, checked: its protected header, payload and the key that signed it.
 * @example
 * ```ts
 * const r: VerifiedJws = await verifyJws(body); r.header.url; r.payload;
 * ```
 */
export interface VerifiedJws {
  /** The protected header as sent. */
  readonly header: { readonly alg: AcmeJwsAlgorithm; readonly nonce: string; readonly url: string; readonly kid?: string; readonly jwk?: PublicJwk; readonly [k: string]: unknown };
  /** The payload bytes (empty for POST-as-GET). */
  readonly payload: Uint8Array;
  /** The payload parsed as a JSON object; `undefined` for POST-as-GET (empty payload). */
  readonly json: Record<string, unknown> | undefined;
  /** The `protected` member as sent (for nested JWS such as key rollover). */
  readonly rawProtected: string;
}

/** The result of {@link parseJws}: checked shape, not yet the signature. */
interface _Parsed {
  readonly header: VerifiedJws['header'];
  readonly payload: Uint8Array;
  readonly rawProtected: string;
  readonly rawPayload: string;
  readonly signature: Uint8Array;
}

/**
 * @internal Reads the flattened JSON serialization and its protected header: exactly
 * `protected`, `payload`, `signature`; a known `alg`; exactly one of `jwk`/`kid` when `needNonce`.
 */
export function _parseJws(body: unknown, options: { needNonce: boolean }): _Parsed {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new AcmeError('malformed', 'the body must be a JWS in flattened JSON serialization (RFC 8555 §6.2)');
  const o = body as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (k !== 'protected' && k !== 'payload' && k !== 'signature') {
      throw new AcmeError(
        'malformed',
        k === 'header'
          ? 'unprotected JWS headers are not allowed (RFC 8555 §6.2)'
          : k === 'signatures'
            ? 'only the flattened JSON serialization is accepted (one signature, RFC 8555 §6.2)'
            : `unexpected JWS member ${JSON.stringify(k)}`,
      );
    }
  }
  if (typeof o.protected !== 'string' || typeof o.payload !== 'string' || typeof o.signature !== 'string')
    throw new AcmeError('malformed', 'the JWS needs string members protected, payload and signature');
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(fromBase64url(o.protected, 'protected'))) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof AcmeError) throw e;
    throw new AcmeError('malformed', 'the JWS protected header is not JSON', { cause: e });
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) throw new AcmeError('malformed', 'the JWS protected header must be a JSON object');
  const alg = header.alg;
  if (typeof alg !== 'string') throw new AcmeError('malformed', 'the JWS protected header has no alg');
  if (!(ACME_JWS_ALGORITHMS as readonly string[]).includes(alg)) {
    // RFC 8555 §6.2: none and MAC-based algorithms MUST be refused.
    throw new AcmeError('bad-signature-algorithm', `JWS alg ${JSON.stringify(alg.slice(0, 20))} is not accepted; use one of ${ACME_JWS_ALGORITHMS.join(', ')}`);
  }
  if (header.crit !== undefined) throw new AcmeError('malformed', 'the JWS crit header is not supported');
  if ((header.jwk === undefined) === (header.kid === undefined)) throw new AcmeError('malformed', 'the JWS protected header needs exactly one of jwk and kid (RFC 8555 §6.2)');
  if (header.kid !== undefined && typeof header.kid !== 'string') throw new AcmeError('malformed', 'kid must be a string (the account URL)');
  if (header.jwk !== undefined && (header.jwk === null || typeof header.jwk !== 'object' || Array.isArray(header.jwk))) throw new AcmeError('malformed', 'jwk must be a JSON object');
  if (typeof header.url !== 'string') throw new AcmeError('malformed', 'the JWS protected header has no url (RFC 8555 §6.4)');
  if (options.needNonce && (typeof header.nonce !== 'string' || header.nonce.length === 0)) throw new AcmeError('bad-nonce', 'the JWS protected header has no nonce (RFC 8555 §6.5)');
  const payload = fromBase64url(o.payload, 'payload');
  const signature = fromBase64url(o.signature, 'signature');
  return { header: header as unknown as VerifiedJws['header'], payload, rawProtected: o.protected, rawPayload: o.payload, signature };
}

/** @internal The public key of a `jwk` header. */
export function _keyFromJwk(jwk: unknown): PublicKey {
  if (jwk !== null && typeof jwk === 'object' && 'd' in jwk) throw new AcmeError('bad-public-key', 'the jwk holds a private key ("d"): send the public key only');
  try {
    return publicKeyFromJwk(jwk as PublicJwk);
  } catch (e) {
    throw new AcmeError('bad-public-key', `the jwk cannot be read: ${(e as Error).message}`, { cause: e });
  }
}

/** @internal Checks the signature of a parsed JWS with a key; `unauthorized` when it does not verify. */
export async function _verifyParsed(p: _Parsed, key: PublicKey): Promise<VerifiedJws> {
  const scheme = _scheme(p.header.alg, key);
  if (typeof scheme === 'string') throw new AcmeError('bad-signature-algorithm', scheme);
  const input = new TextEncoder().encode(`${p.rawProtected}.${p.rawPayload}`);
  let ok: boolean;
  try {
    ok = await verifySignature(key, signatureAlgorithmIdentifier(scheme), input, p.signature, { signatureFormat: 'ieee-p1363' });
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'weak-key' || code === 'malformed-public-key' || code === 'key-mismatch')
      throw new AcmeError('bad-public-key', `the account key cannot be used: ${(e as Error).message}`, { cause: e });
    throw new AcmeError('malformed', `the JWS signature cannot be checked: ${(e as Error).message}`, { cause: e });
  }
  if (!ok) throw new AcmeError('unauthorized', 'the JWS signature does not verify');
  let json: Record<string, unknown> | undefined;
  if (p.payload.length > 0) {
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(p.payload)) as Record<string, unknown>;
    } catch (e) {
      throw new AcmeError('malformed', 'the JWS payload is not JSON', { cause: e });
    }
    if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new AcmeError('malformed', 'the JWS payload must be a JSON object');
  }
  return { header: p.header, payload: p.payload, json, rawProtected: p.rawProtected };
}

/**
 * Reads and verifies a JWS whose key is in its `jwk` header (a new account, a key change's inner
 * JWS, a revocation by certificate key). Nonce and url are the caller's to check.
 * @throws AcmeError `malformed`, `bad-signature-algorithm`, `bad-public-key`, `unauthorized`.
 * @example
 * ```ts
 * const { header, json } = await verifyJws(JSON.parse(text));
 * ```
 */
export async function verifyJws(body: unknown): Promise<VerifiedJws & { readonly key: PublicKey }> {
  const p = _parseJws(body, { needNonce: false });
  if (p.header.jwk === undefined) throw new AcmeError('malformed', 'this JWS must carry its key in a jwk header');
  const key = _keyFromJwk(p.header.jwk);
  return { ...(await _verifyParsed(p, key)), key };
}

/** The JWS alg a signer produces. */
function _algOf(signer: Signer): AcmeJwsAlgorithm {
  const key = parsePublicKey(signer.publicKey);
  for (const alg of ACME_JWS_ALGORITHMS) {
    const s = _scheme(alg, key);
    if (typeof s === 'string') continue;
    const id = signatureAlgorithmIdentifier(s);
    if (id.oid === signer.algorithm.oid && (id.parameters === undefined) === (signer.algorithm.parameters === undefined)) {
      if (s.kind !== 'rsa-pss' || id.parameters!.join() === signer.algorithm.parameters!.join()) return alg;
    }
  }
  throw new RangeError('the signer uses no ACME JWS algorithm (ES256/384/512, RS256/384/512, PS256/384/512, EdDSA)');
}

/** DER ECDSA-Sig-Value → r || s (RFC 7518 §3.4), each padded to the curve's size. */
function _p1363(der: Uint8Array, size: number): Uint8Array {
  const r = new DerReader(der).enter();
  const out = new Uint8Array(2 * size);
  for (let i = 0; i < 2; i++) {
    let v = r.readIntegerBytes();
    while (v.length > size && v[0] === 0) v = v.subarray(1);
    out.set(v, (i + 1) * size - v.length);
  }
  return out;
}

/**
 * Signs an ACME request body (RFC 8555 §6.2): a flattened JWS with `alg`, `nonce`, `url` and
 * either the account URL (`kid`) or the signer's public key (`jwk`). `payload` `undefined` is a
 * POST-as-GET (empty payload). For in-process clients and tests.
 * @example
 * ```ts
 * const body = await signAcmeRequest(signer, { url: dir.newAccount, nonce }, { termsOfServiceAgreed: true });
 * await fetch(dir.newAccount, { method: 'POST', headers: { 'content-type': 'application/jose+json' }, body: JSON.stringify(body) });
 * ```
 */
export async function signAcmeRequest(
  signer: Signer,
  header: { readonly url: string; readonly nonce?: string; readonly kid?: string; readonly [k: string]: unknown },
  payload: unknown,
): Promise<{ protected: string; payload: string; signature: string }> {
  const alg = _algOf(signer);
  const key = parsePublicKey(signer.publicKey);
  const h: Record<string, unknown> = { alg, ...header };
  if (header.kid === undefined) h.jwk = key.toJwk();
  const rawProtected = base64url(new TextEncoder().encode(JSON.stringify(h)));
  const rawPayload = payload === undefined ? '' : base64url(payload instanceof Uint8Array ? payload : new TextEncoder().encode(JSON.stringify(payload)));
  let sig = await signer.sign(new TextEncoder().encode(`${rawProtected}.${rawPayload}`));
  if (key.algorithm === 'ECDSA') sig = _p1363(sig, { 'P-256': 32, 'P-384': 48, 'P-521': 66 }[key.curve as string] ?? 32);
  return { protected: rawProtected, payload: rawPayload, signature: base64url(sig) };
}
