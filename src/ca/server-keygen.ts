/**
 * Server-side key generation: the managed-PKI flow where the CA (or the portal in front of it)
 * generates the key pair for a subject and hands the user one password-protected PKCS#12 file
 * (RFC 7292) with the private key, the certificate and its chain.
 *
 * Scope: {@link CertificateAuthority.issueWithGeneratedKey}'s options, result and steps. The new
 * key signs an ordinary PKCS#10 request (RFC 2986) for the subject and names, and that request
 * goes through {@link CertificateAuthority.issue}: the same signature check, linter, profile,
 * key policy, duplicate-key rule, serial reservation and store commit as any other request, so
 * the policy cannot differ between the two paths. If packaging fails after the certificate was
 * issued, the certificate is revoked (`cessationOfOperation`: its key was never delivered) and
 * the error says so.
 * Non-goals: key escrow or archival (the CA keeps nothing but the certificate record), delivery
 * of the file and of the password to the user, PKCS#12 options beyond those of `createPkcs12`.
 * @module
 */
import { CsrBuilder } from '../csr/index';
import { generateKeyPair, PrivateKey, type KeyPairAlgorithm } from '../keys/index';
import { createPkcs12, type CreatePkcs12Options } from '../pkcs12/index';
import { signerFromPrivateKey } from '../sig/index';
import type { GeneralName, Name, NameInit } from '../x509/index';
import type { CertificateAuthority, IssueOptions, IssueResult } from './authority';
import { CaError } from './errors';

/**
 * Options of {@link CertificateAuthority.issueWithGeneratedKey}.
 * @example
 * ```ts
 * const o: IssueWithGeneratedKeyOptions = { profile: 'tls-client', subject: { CN: 'alice' }, sans: ['email:alice@example.com'], keyType: 'P-256', password: 'delivery secret' };
 * ```
 */
export interface IssueWithGeneratedKeyOptions extends Omit<IssueOptions, 'subjectOverride'> {
  /** The subject the request asks for (filtered by the profile like any request's subject). */
  readonly subject: Name | NameInit | string;
  /**
   * subjectAltNames the request asks for: GeneralNames, or strings `DNS:x`, `IP:x`, `email:x`,
   * `URI:x` (a bare string is an IP literal, an address with `@`, or a DNS name).
   */
  readonly sans?: readonly (GeneralName | string)[];
  /** Type of the new key; default `P-256`. The profile's key policy applies to it. */
  readonly keyType?: KeyPairAlgorithm;
  /**
   * A key made elsewhere (e.g. by a key-generation HSM that exports under escrow) to use instead
   * of generating one; it is certified under exactly the same rules, duplicate-key included.
   */
  readonly key?: PrivateKey;
  /** The PKCS#12 password (non-empty: the file carries the private key). */
  readonly password: string;
  /** The `friendlyName` (Java's alias, the name Windows shows); default the subject's CN, else the serial. */
  readonly friendlyName?: string;
  /** Put the root certificate in the PKCS#12 too (default `true`: the whole chain, as `openssl pkcs12 -export -chain`). */
  readonly includeRoot?: boolean;
  /** How the PKCS#12 is protected: iterations, MAC, cipher, the legacy form (see `createPkcs12`). */
  readonly pkcs12?: Pick<CreatePkcs12Options, 'iterations' | 'macIterations' | 'macHash' | 'cipher' | 'encryptCertificates' | 'legacy'>;
}

/**
 * What {@link CertificateAuthority.issueWithGeneratedKey} returns: an {@link IssueResult} plus
 * the key and the PKCS#12.
 * @example
 * ```ts
 * const { pkcs12, certificate, chain } = await ca.issueWithGeneratedKey({ profile: 'tls-client', subject: 'CN=alice', password });
 * ```
 */
export interface IssueWithGeneratedKeyResult extends IssueResult {
  /** The PKCS#12 (DER): the private key, the certificate (with friendlyName and localKeyId) and the chain. */
  readonly pkcs12: Uint8Array;
  /** The new private key. Deliver it (it is in `pkcs12`) and drop it: the CA does not keep it. */
  readonly privateKey: PrivateKey;
}

function _checkOptions(o: IssueWithGeneratedKeyOptions): void {
  if (o === null || typeof o !== 'object') throw new TypeError('issueWithGeneratedKey() needs options { profile, subject, password }');
  if (typeof o.password !== 'string') throw new TypeError('password must be a string');
  if (o.password.length === 0) throw new RangeError('password is empty: the PKCS#12 carries the private key and must be protected');
  if (o.subject === undefined) throw new TypeError('subject is required (a Name, { CN: ... } or an RFC 4514 string)');
  if ((o as { subjectOverride?: unknown }).subjectOverride !== undefined) throw new TypeError('give the subject as subject, not subjectOverride');
  if (o.sans !== undefined && !Array.isArray(o.sans)) throw new TypeError('sans must be an array');
  if (o.key !== undefined && !(o.key instanceof PrivateKey)) throw new TypeError('key must be a PrivateKey');
  if (o.key !== undefined && o.keyType !== undefined) throw new TypeError('give key or keyType, not both');
  if (o.friendlyName !== undefined && typeof o.friendlyName !== 'string') throw new TypeError('friendlyName must be a string');
  if (o.includeRoot !== undefined && typeof o.includeRoot !== 'boolean') throw new TypeError('includeRoot must be a boolean');
  const p = o.pkcs12;
  if (p !== undefined && (p === null || typeof p !== 'object')) throw new TypeError('pkcs12 must be an object');
  // Checked before issuing: a failure after issuance would cost a certificate (revoked at once).
  const legacy = p?.legacy;
  if (legacy !== undefined && (legacy === null || typeof legacy !== 'object' || legacy.cipher === null || typeof legacy.cipher !== 'object' || typeof legacy.cipher.encrypt !== 'function')) {
    throw new TypeError('pkcs12.legacy must be { cipher: LegacyCipher with encrypt(), certificates? }');
  }
}

/**
 * @internal The steps of {@link CertificateAuthority.issueWithGeneratedKey}: check the options,
 * make the key, have it sign a request, issue it through `ca.issue`, package the PKCS#12.
 */
export async function _issueWithGeneratedKey(
  ca: CertificateAuthority,
  options: IssueWithGeneratedKeyOptions,
  toGeneralName: (v: GeneralName | string) => GeneralName,
): Promise<IssueWithGeneratedKeyResult> {
  _checkOptions(options);
  // The request is built before the key exists, so a malformed subject or name costs no key.
  let builder = CsrBuilder.create().subject(options.subject);
  const sans = (options.sans ?? []).map(toGeneralName);
  if (sans.length > 0) builder = builder.subjectAltNames(...sans);
  ca.profile(options.profile); // unknown-profile before the (possibly slow, for RSA) key generation

  const privateKey = options.key ?? (await generateKeyPair(options.keyType ?? 'P-256')).privateKey;
  // RFC 2986 §3: the new key signs its own request, which ca.issue verifies like any other.
  const csr = await builder.sign(signerFromPrivateKey(privateKey));
  const issued = await ca.issue(csr, {
    profile: options.profile,
    ...(options.validity !== undefined ? { validity: options.validity } : {}),
    ...(options.extraSans !== undefined ? { extraSans: options.extraSans } : {}),
  });

  const issuers = issued.chain.slice(1);
  const chain = options.includeRoot === false && issuers.length > 1 ? issuers.slice(0, -1) : issuers;
  let pkcs12: Uint8Array;
  try {
    pkcs12 = await createPkcs12({
      ...(options.pkcs12 ?? {}),
      key: privateKey,
      certificate: issued.certificate,
      chain,
      friendlyName: options.friendlyName ?? issued.certificate.subject.commonName ?? issued.serial,
      password: options.password,
    });
  } catch (e) {
    // The key would never reach its owner: the certificate must not stay valid.
    let revoked = false;
    try {
      await ca.revoke(issued.serial, 'cessationOfOperation');
      revoked = true;
    } catch {
      // reported below
    }
    throw new CaError(
      'delivery-failed',
      `certificate ${issued.serial} was issued but its PKCS#12 could not be made (${(e as Error).message}); ${revoked ? 'it has been revoked (cessationOfOperation)' : 'revoking it failed too: revoke it by hand'}`,
      { cause: e },
    );
  }
  return { ...issued, pkcs12, privateKey };
}
