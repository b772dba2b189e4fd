/**
 * The CLI's {@link LegacyCipher}: Triple-DES (and RC2, when available) from `node:crypto`, so
 * `certkit pkcs12 create --legacy` can write, and `pkcs12 inspect|extract` and `key decrypt`
 * can read, the PKCS#12 and PKCS#8 forms that predate PBES2 (RFC 7292 Appendix C).
 *
 * Scope: raw CBC with Node's OpenSSL; certkit derives keys and IVs and handles padding.
 * `des-ede3-cbc` is in OpenSSL 3's default provider. RC2 (`rc2-40-cbc`, `rc2-cbc`) is only in
 * its legacy provider, which Node loads with `node --openssl-legacy-provider`
 * (or `NODE_OPTIONS=--openssl-legacy-provider`); without it, RC2 gives a `Pkcs12Error`
 * `legacy-cipher-unavailable` that says what to do.
 * Non-goals: any cipher implementation of our own (none is hand-rolled).
 * @module
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { Pkcs12Error, type LegacyCipher, type LegacyCipherRequest } from '../pkcs12/index';

function _nodeName(r: LegacyCipherRequest): string {
  if (r.cipher === 'des-ede3-cbc') return 'des-ede3-cbc';
  // OpenSSL's RC2 names carry the effective key bits (RFC 2268 §2): 40 and 128 with 5- and 16-byte keys.
  if (r.effectiveKeyBits === 40 && r.key.length === 5) return 'rc2-40-cbc';
  if (r.effectiveKeyBits === 128 && r.key.length === 16) return 'rc2-cbc';
  throw new Pkcs12Error('legacy-cipher-unavailable', `RC2 with a ${r.key.length}-byte key and ${String(r.effectiveKeyBits)} effective bits is not available`);
}

function _run(encrypt: boolean, r: LegacyCipherRequest): Uint8Array {
  const name = _nodeName(r);
  let c;
  try {
    c = encrypt ? createCipheriv(name, r.key, r.iv) : createDecipheriv(name, r.key, r.iv);
  } catch (e) {
    if (r.cipher === 'rc2-cbc') {
      throw new Pkcs12Error(
        'legacy-cipher-unavailable',
        "this file uses RC2 (RC2-40 is what openssl pkcs12 -legacy writes for certificates), which Node has only with OpenSSL's legacy provider: " +
          'run with NODE_OPTIONS=--openssl-legacy-provider, or convert the file: openssl pkcs12 -legacy -in old.p12 -nodes | openssl pkcs12 -export -out new.p12',
        { cause: e },
      );
    }
    throw new Pkcs12Error('legacy-cipher-unavailable', `Node's OpenSSL does not provide ${name}: ${(e as Error).message}`, { cause: e });
  }
  c.setAutoPadding(false);
  const out = Buffer.concat([c.update(r.data), c.final()]);
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

/**
 * Triple-DES (always) and RC2 (with Node's OpenSSL legacy provider) in CBC mode without padding.
 * @example
 * ```ts
 * await parsePkcs12(bytes, password, { legacyCipher: nodeLegacyCipher });
 * await createPkcs12({ key, certificate, password, legacy: { cipher: nodeLegacyCipher, certificates: '3des' } });
 * ```
 */
export const nodeLegacyCipher: LegacyCipher = { decrypt: (r) => _run(false, r), encrypt: (r) => _run(true, r) };
