/**
 * The PKCS#12 key derivation function (RFC 7292 Appendix B.2), used by the PKCS#12 MAC and by
 * the legacy `pbeWithSHAAnd...` encryption schemes (Appendix C).
 *
 * Scope: the KDF for any Merkle–Damgård hash noble provides (SHA-1, SHA-2), with the BMPString
 * password encoding of Appendix B.1 done by the caller (`_bmpPassword`). The iterated hash uses
 * noble's hash functions; nothing here is a hand-rolled primitive.
 * Non-goals: PBKDF2 and scrypt (`@noble/hashes` has them), password policy.
 * @module
 */
import { asyncLoop } from '@noble/hashes/utils.js';
import { _bmpPassword, _checkPassword, _hashByName, type _NobleHash, type PbeHash } from './_util';

/** The purpose byte of RFC 7292 Appendix B.3: 1 key material, 2 IV, 3 MAC key. */
export type Pkcs12KdfPurpose = 1 | 2 | 3;

/**
 * Derives `length` bytes with the PKCS#12 KDF (RFC 7292 Appendix B.2).
 *
 * `password` is a string (encoded as a NUL-terminated BMPString per Appendix B.1) or the already
 * encoded bytes (for the rare files made with an empty, unterminated password).
 *
 * @throws RangeError for an iteration count or length below 1; TypeError for a wrong password type.
 * @example
 * ```ts
 * const macKey = await pkcs12Kdf('SHA-256', 'secret', salt, 3, 2048, 32);
 * ```
 */
export async function pkcs12Kdf(hash: PbeHash, password: string | Uint8Array, salt: Uint8Array, purpose: Pkcs12KdfPurpose, iterations: number, length: number): Promise<Uint8Array> {
  const h = _hashByName(hash).noble;
  const pw = password instanceof Uint8Array ? password : _bmpPassword(_checkPassword(password));
  if (!(salt instanceof Uint8Array)) throw new TypeError('salt must be a Uint8Array');
  if (purpose !== 1 && purpose !== 2 && purpose !== 3) throw new RangeError('purpose must be 1 (key), 2 (IV) or 3 (MAC)');
  if (!Number.isSafeInteger(iterations) || iterations < 1) throw new RangeError(`iterations must be a positive integer, got ${iterations}`);
  if (!Number.isSafeInteger(length) || length < 1 || length > 1024) throw new RangeError(`length must be 1..1024, got ${length}`);
  return _pkcs12Kdf(h, pw, salt, purpose, iterations, length);
}

/** @internal the KDF on encoded inputs. */
export async function _pkcs12Kdf(h: _NobleHash, pw: Uint8Array, salt: Uint8Array, purpose: number, iterations: number, length: number): Promise<Uint8Array> {
  const u = h.outputLen;
  const v = h.blockLen; // 64 for SHA-1/224/256, 128 for SHA-384/512
  // Steps 1-4: D = v copies of the purpose byte; I = S || P, each the input repeated to a multiple of v.
  const D = new Uint8Array(v).fill(purpose);
  const repeat = (x: Uint8Array): Uint8Array => {
    const out = new Uint8Array(v * Math.ceil(x.length / v));
    for (let i = 0; i < out.length; i++) out[i] = x[i % x.length]!;
    return out;
  };
  const I = new Uint8Array([...repeat(salt), ...repeat(pw)]);
  const c = Math.ceil(length / u); // step 5
  const out = new Uint8Array(c * u);
  const B = new Uint8Array(v);
  for (let i = 0; i < c; i++) {
    // Step 6a: A_i = H^r(D || I).
    let A = h.create().update(D).update(I).digest();
    await asyncLoop(iterations - 1, 10, () => {
      A = h(A);
    });
    out.set(A, i * u);
    if (i === c - 1) break;
    // Step 6b: B = A_i repeated to v bytes; 6c: each v-byte block I_j = (I_j + B + 1) mod 2^(8v).
    for (let k = 0; k < v; k++) B[k] = A[k % u]!;
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const s = I[j + k]! + B[k]! + carry;
        I[j + k] = s & 0xff;
        carry = s >>> 8;
      }
    }
  }
  return out.subarray(0, length);
}
