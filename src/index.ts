/**
 * `certkit`: what the certificate lifecycle needs, in one import: keys and signers, CSRs,
 * certificates, chain validation, CRLs, the CA and PKCS#12, with their error classes (and every
 * type of every layer). Each layer's full API is on its own subpath (`certkit/der`,
 * `certkit/oid`, `certkit/pem`, `certkit/keys`, `certkit/sig`, `certkit/x509`, `certkit/csr`,
 * `certkit/crl`, `certkit/path`, `certkit/pkcs12`, `certkit/ca`), which is also what bundlers
 * tree-shake best. `test/api-surface.test.ts` holds this list to at most 80 runtime names.
 * @module
 */
export { CertkitError, DerError } from './der/index';
export { PemError, encodePem, decodePem, decodePemAll } from './pem/index';
export { KeyError, PrivateKey, PublicKey, generateKeyPair, importPrivateKey, parsePublicKey, keyMatches } from './keys/index';
export { SignatureError, signerFromPrivateKey, signerFromCryptoKeyPair, createSigner } from './sig/index';
export {
  Certificate,
  CertificateBuilder,
  CertificateBuilderError,
  CertificateError,
  parseCertificate,
  Name,
  NameError,
  ExtensionError,
  getExtension,
  certificatePublicKey,
  certificateToPem,
  certificateFingerprint,
  certificateDnsNames,
  formatCertificate,
  certificateToJson,
  verifyCertificate,
  verifyCertificateSync,
  basicConstraintsCodec,
  keyUsageCodec,
  extKeyUsageCodec,
  subjectAltNameCodec,
  dns,
  ip,
  email,
  uri,
} from './x509/index';
export { Csr, CsrBuilder, CsrError, parseCsr, lintCsr, verifyCsr, verifyCsrSync, csrToPem, csrDnsNames, csrPublicKey } from './csr/index';
export { Crl, CrlBuilder, CrlBuilderError, CrlError, parseCrl, verifyCrl, verifyCrlSync, checkRevocation, checkRevocationSync } from './crl/index';
export { ValidationError, verifyChain, verifyChainSync, loadTrustStore } from './path/index';
export { CertificateAuthority, CaError, MemoryCaStore, createHierarchy, BUILTIN_PROFILES } from './ca/index';
export { Pkcs12Error, createPkcs12, parsePkcs12, encryptPrivateKey, decryptPrivateKey } from './pkcs12/index';

export type * from './der/index';
export type * from './oid/index';
export type * from './pem/index';
export type * from './keys/index';
export type * from './sig/index';
export type * from './x509/index';
export type * from './csr/index';
export type * from './crl/index';
export type * from './path/index';
export type * from './ca/index';
export type * from './pkcs12/index';

import { dumpDer as dumpDerPlain, type DumpOptions } from './der/index';
import { oidName } from './oid/index';

/**
 * An indented tree of any DER, like `openssl asn1parse -i`, with OIDs named from the registry
 * (`certkit/der`'s `dumpDer` is the same without the registry, for the smallest bundles).
 * @example
 * ```ts
 * console.log(dumpDer(certificateDer));
 * ```
 */
export function dumpDer(bytes: Uint8Array, options: DumpOptions = {}): string {
  return dumpDerPlain(bytes, { oidName, ...options });
}
