/**
 * Writing PKCS#12 / PFX files (RFC 7292) in the form OpenSSL 3 writes by default, so that OpenSSL,
 * Java keytool (8u301+) and Windows 10 1709+ / Server 2019+ import them: the certificates in an
 * encrypted safe, the private key in a pkcs8ShroudedKeyBag, both under PBES2 (PBKDF2-HMAC-SHA-256,
 * AES-256-CBC), and an HMAC-SHA-256 MAC keyed by the PKCS#12 KDF.
 *
 * Scope: one private key (optional), its certificate, the chain, friendlyName and localKeyId
 * attributes; the legacy form (Triple-DES key bag, RC2-40 or Triple-DES certificates, SHA-1 MAC)
 * through a caller-supplied {@link LegacyCipher}.
 * Non-goals: several keys per file, CRL and secret bags, public-key integrity/privacy modes,
 * PBMAC1 (RFC 9579: OpenSSL before 3.4 and Java 17 cannot verify it).
 * @module
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { DerWriter, Tag, contextTag } from '../der/index';
import { importPrivateKey, keyMatches, PrivateKey } from '../keys/index';
import { Certificate, parseCertificate } from '../x509/index';
import { _checkPassword, _hashByName, _random, type PbeHash } from './_util';
import { _encryptedPrivateKeyInfo, _pkcs8Of, _schemeAlgId } from './encrypted-private-key';
import { Pkcs12Error } from './errors';
import type { LegacyCipher } from './legacy-cipher';
import { _computeMac, _writeMacData } from './mac';
import { PKCS12_OID } from './oids';
import { _checkIterations, _encrypt, _legacyScheme, _pbes2FromOptions, DEFAULT_ITERATIONS, type _Scheme } from './pbe';
import type { Pbes2Cipher } from './pbes2';
import { certificatePublicKey } from '../x509/index';

/** What {@link createPkcs12} stores and how. */
export interface CreatePkcs12Options {
  /** The private key (a {@link PrivateKey} or PKCS#8 DER). Optional: a PFX may hold certificates only. */
  key?: PrivateKey | Uint8Array;
  /** The key's certificate (parsed, DER or PEM). */
  certificate?: Certificate | Uint8Array | string;
  /** Further certificates (the chain, issuer first), stored without attributes as OpenSSL does. */
  chain?: readonly (Certificate | Uint8Array | string)[];
  /** `friendlyName` on the key and its certificate: the alias Java and Windows show. */
  friendlyName?: string;
  /** `localKeyId` linking key and certificate; default the SHA-1 of the certificate DER, as OpenSSL writes. */
  localKeyId?: Uint8Array;
  /** The password (UTF-8 for PBES2, BMPString for the MAC, as OpenSSL and Java use it). */
  password: string;
  /**
   * Iterations of PBKDF2 (key and certificate encryption) and of the MAC's KDF. Default 100,000
   * (see {@link PbeOptions}); 2048 in the legacy form, as OpenSSL `-legacy` writes. Minimum 1000.
   */
  iterations?: number;
  /** MAC KDF iterations, default `iterations` (a weaker MAC would be the cheaper target for password guessing). */
  macIterations?: number;
  /** The MAC hash; default `SHA-256` (`SHA-1` in the legacy form). */
  macHash?: PbeHash;
  /** The PBES2 cipher; default `aes-256-cbc`. */
  cipher?: Pbes2Cipher;
  /** Encrypt the certificate safe (default `true`, as OpenSSL does; `false` is `-certpbe NONE`). */
  encryptCertificates?: boolean;
  /**
   * Write the legacy form for importers that predate PBES2 in PKCS#12 (Windows before 10 1709 /
   * Server 2016, Java before 8u301, macOS Keychain before 14, many embedded devices):
   * `pbeWithSHAAnd3-KeyTripleDES-CBC` for the key, `pbewithSHAAnd40BitRC2-CBC` (or Triple-DES, or
   * nothing) for the certificates, and an HMAC-SHA-1 MAC.
   *
   * **Warning**: RC2-40 gives the certificates no real confidentiality, Triple-DES has a 64-bit
   * block and SHA-1-era parameters; use it only when the importer cannot read the default form.
   * certkit has no DES or RC2, so `cipher` must provide them (see {@link LegacyCipher}).
   */
  legacy?: { cipher: LegacyCipher; certificates?: 'rc2-40' | '3des' | 'none' };
}

const CTX0 = contextTag(0, true);

/**
 * Creates a PKCS#12 file.
 *
 * @throws TypeError / RangeError for bad options; Pkcs12Error `nothing-to-store`,
 * `key-certificate-mismatch` (the key is not the certificate's), `legacy-cipher-unavailable`;
 * KeyError / CertificateError for keys and certificates that do not parse.
 * @example
 * ```ts
 * const p12 = await createPkcs12({ key, certificate: leaf, chain: [intermediate], friendlyName: 'alice', password });
 * // openssl pkcs12 -in alice.p12 -info -passin pass:...   keytool -list -keystore alice.p12
 * ```
 */
export async function createPkcs12(options: CreatePkcs12Options): Promise<Uint8Array> {
  if (options === null || typeof options !== 'object') throw new TypeError('createPkcs12 expects an options object');
  const password = _checkPassword(options.password);
  const pkcs8 = options.key === undefined ? undefined : _pkcs8Of(options.key);
  const cert = options.certificate === undefined ? undefined : _cert(options.certificate, 'certificate');
  if (options.chain !== undefined && !Array.isArray(options.chain)) throw new TypeError('chain must be an array of certificates');
  const chain = (options.chain ?? []).map((c, i) => _cert(c, `chain[${i}]`));
  if (pkcs8 === undefined && cert === undefined && chain.length === 0) {
    throw new Pkcs12Error('nothing-to-store', 'createPkcs12 needs a key, a certificate or a chain');
  }
  if (pkcs8 !== undefined && cert !== undefined) {
    const key = options.key instanceof PrivateKey ? options.key : importPrivateKey(pkcs8);
    if (!keyMatches(key, certificatePublicKey(cert))) {
      throw new Pkcs12Error('key-certificate-mismatch', `the private key does not belong to the certificate for ${cert.subject.toString()}`);
    }
  }
  if (options.friendlyName !== undefined && typeof options.friendlyName !== 'string') throw new TypeError('friendlyName must be a string');
  if (options.friendlyName !== undefined && /[\uD800-\uDFFF]/.test(options.friendlyName)) {
    throw new RangeError('friendlyName is a BMPString: characters outside the Basic Multilingual Plane cannot be stored');
  }
  if (options.localKeyId !== undefined && (!(options.localKeyId instanceof Uint8Array) || options.localKeyId.length === 0)) {
    throw new TypeError('localKeyId must be a non-empty Uint8Array');
  }

  const legacy = options.legacy;
  if (legacy !== undefined) {
    if (legacy === null || typeof legacy !== 'object' || legacy.cipher === null || typeof legacy.cipher !== 'object') throw new TypeError('legacy must be { cipher: LegacyCipher, certificates? }');
    if (typeof legacy.cipher.encrypt !== 'function') throw new Pkcs12Error('legacy-cipher-unavailable', 'the legacy form needs a LegacyCipher with encrypt()');
  }
  const iterations = _checkIterations(options.iterations ?? (legacy ? 2048 : DEFAULT_ITERATIONS), 'iterations');
  const macIterations = _checkIterations(options.macIterations ?? iterations, 'macIterations');
  const macHash = options.macHash ?? (legacy ? 'SHA-1' : 'SHA-256');
  _hashByName(macHash);
  const pbes2 = (): _Scheme => ({ kind: 'pbes2', params: _pbes2FromOptions({ cipher: options.cipher ?? 'aes-256-cbc', iterations }, 1000) });
  let certScheme: _Scheme | undefined;
  if (legacy !== undefined) {
    const c = legacy.certificates ?? 'rc2-40';
    if (c !== 'rc2-40' && c !== '3des' && c !== 'none') throw new RangeError('legacy.certificates must be rc2-40, 3des or none');
    certScheme = c === 'none' ? undefined : _legacyScheme(c, iterations);
  } else {
    certScheme = options.encryptCertificates === false ? undefined : pbes2();
  }
  const keyScheme: _Scheme = legacy !== undefined ? _legacyScheme('3des', iterations) : pbes2();
  const legacyCipher = legacy?.cipher;

  // RFC 7292 §4.2: localKeyId ties the key bag to its certificate bag.
  const localKeyId = options.localKeyId ?? (cert !== undefined && pkcs8 !== undefined ? sha1(cert.raw) : undefined);
  const attrs = (w: DerWriter): void => {
    if (options.friendlyName === undefined && localKeyId === undefined) return;
    w.setOf((w) => {
      if (options.friendlyName !== undefined) {
        const name = options.friendlyName;
        w.sequence((w) => w.oid(PKCS12_OID.friendlyName).setOf((w) => w.string(Tag.BMP_STRING, name)));
      }
      if (localKeyId !== undefined) w.sequence((w) => w.oid(PKCS12_OID.localKeyId).setOf((w) => w.octetString(localKeyId)));
    });
  };

  const safes: Uint8Array[] = [];
  // The certificate safe first, then the key safe, as OpenSSL orders them.
  if (cert !== undefined || chain.length > 0) {
    const w = new DerWriter();
    w.sequence((w) => {
      const bag = (c: Certificate, withAttrs: boolean): void => {
        w.sequence((w) => {
          w.oid(PKCS12_OID.certBag);
          w.explicit(0, (w) => w.sequence((w) => w.oid(PKCS12_OID.x509Certificate).explicit(0, (w) => w.octetString(c.raw))));
          if (withAttrs) attrs(w);
        });
      };
      if (cert !== undefined) bag(cert, true);
      for (const c of chain) bag(c, false);
    });
    const safeContents = w.finish();
    safes.push(certScheme === undefined ? _dataContentInfo(safeContents) : await _encryptedContentInfo(certScheme, password, safeContents, legacyCipher));
  }
  if (pkcs8 !== undefined) {
    const epki = await _encryptedPrivateKeyInfo(keyScheme, password, pkcs8, legacyCipher);
    const w = new DerWriter();
    w.sequence((w) => {
      w.sequence((w) => {
        w.oid(PKCS12_OID.pkcs8ShroudedKeyBag);
        w.explicit(0, (w) => w.raw(epki));
        attrs(w);
      });
    });
    safes.push(_dataContentInfo(w.finish()));
  }

  const authSafe = new DerWriter()
    .sequence((w) => {
      for (const s of safes) w.raw(s);
    })
    .finish();
  const macSalt = _random(16);
  const digest = await _computeMac(macHash, password, macSalt, macIterations, authSafe);
  const w = new DerWriter();
  w.sequence((w) => {
    w.integer(3);
    w.raw(_dataContentInfo(authSafe));
    _writeMacData(w, macHash, macSalt, macIterations, digest);
  });
  return w.finish();
}

function _cert(c: Certificate | Uint8Array | string, what: string): Certificate {
  if (c instanceof Certificate) return c;
  if (c instanceof Uint8Array || typeof c === 'string') return parseCertificate(c);
  throw new TypeError(`${what} must be a Certificate, DER bytes or PEM text`);
}

/** ContentInfo { id-data, [0] EXPLICIT OCTET STRING } */
function _dataContentInfo(content: Uint8Array): Uint8Array {
  return new DerWriter().sequence((w) => w.oid(PKCS12_OID.data).explicit(0, (w) => w.octetString(content))).finish();
}

/** ContentInfo { id-encryptedData, [0] EXPLICIT EncryptedData { version 0, EncryptedContentInfo } } */
async function _encryptedContentInfo(scheme: _Scheme, password: string, content: Uint8Array, legacy: LegacyCipher | undefined): Promise<Uint8Array> {
  const ct = await _encrypt(scheme, password, content, legacy);
  const alg = _schemeAlgId(scheme);
  const w = new DerWriter();
  w.sequence((w) => {
    w.oid(PKCS12_OID.encryptedData);
    w.constructed(CTX0, (w) => {
      w.sequence((w) => {
        w.integer(0);
        w.sequence((w) => {
          w.oid(PKCS12_OID.data);
          w.raw(alg);
          w.element(contextTag(0), ct); // [0] IMPLICIT OCTET STRING
        });
      });
    });
  });
  return w.finish();
}
