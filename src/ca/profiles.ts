/**
 * Certificate profiles (templates): what a CA puts in a certificate of a given kind and what it
 * accepts from a request for one.
 *
 * Scope: the {@link CertificateProfile} shape, the five built-in profiles (`tls-server`,
 * `tls-client`, `email`, `code-signing`, `sub-ca`), {@link defineProfile} to check a
 * user-defined one, and {@link keyAllowed}. A profile fixes keyUsage, extKeyUsage,
 * basicConstraints, default and maximum validity, the keys it accepts, the subjectAltName kinds
 * and wildcard policy, the subject attributes copied from the request, certificate policies
 * (with CPS and user notice qualifiers), the CRL distribution point and AIA URLs, the linter
 * profile that judges the request, and what happens to requested extensions it does not copy.
 *
 * The built-ins are for a private CA: the linter's public-web-PKI rules about internal names
 * (`localhost`, `*.corp`), reserved IP addresses (`127.0.0.1`, RFC 1918) and key algorithms
 * (Ed25519 in TLS) are warnings, not errors, because a private CA exists precisely to certify
 * such names, and its profile's key policy says which keys it accepts. Every other linter error
 * refuses issuance. Non-goals: applying the profile (`authority.ts`).
 * @module
 */
import type { LintCode, LintProfile, LintSeverity } from '../csr/index';
import type { NamedCurve } from '../keys/index';
import type { PublicKey } from '../keys/index';
import { KEY_PURPOSE } from '../oid/index';
import type { CertificatePolicies, KeyUsage, KeyUsageName } from '../x509/index';
import { CaError } from './errors';

/**
 * A subjectAltName kind a profile can allow.
 * @example
 * ```ts
 * const kinds: SanKind[] = ['dns', 'ip'];
 * ```
 */
export type SanKind = 'dns' | 'ip' | 'email' | 'uri';

/**
 * The keys a profile accepts. An absent member means "not allowed".
 * @example
 * ```ts
 * const keys: KeyPolicy = { rsa: { minBits: 3072 }, ecdsa: ['P-256', 'P-384'] };
 * ```
 */
export interface KeyPolicy {
  /** RSA with at least `minBits` (and at most `maxBits`) bits. */
  readonly rsa?: { readonly minBits: number; readonly maxBits?: number };
  /** ECDSA on these curves. */
  readonly ecdsa?: readonly NamedCurve[];
  /** Ed25519 (RFC 8410). */
  readonly ed25519?: boolean;
  /** Ed448 (RFC 8410). */
  readonly ed448?: boolean;
  /** ML-DSA parameter sets (FIPS 204, RFC 9881). */
  readonly mlDsa?: readonly ('ML-DSA-44' | 'ML-DSA-65' | 'ML-DSA-87')[];
}

/**
 * What a profile accepts in subjectAltName.
 * @example
 * ```ts
 * const san: SanPolicy = { required: true, allowed: ['dns'], wildcards: false, max: 10 };
 * ```
 */
export interface SanPolicy {
  /** Refuse a certificate without any subjectAltName. */
  readonly required: boolean;
  /** The GeneralName kinds allowed; a requested name of another kind refuses the request. */
  readonly allowed: readonly SanKind[];
  /** Whether a dNSName may be a wildcard (`*.example.com`; one leftmost label, RFC 6125 §6.4.3). */
  readonly wildcards: boolean;
  /** Most names in one certificate. Default 100. */
  readonly max?: number;
}

/**
 * A certificate profile. Build user-defined ones from a built-in with {@link defineProfile}.
 *
 * @example
 * ```ts
 * const intranet = defineProfile({
 *   ...BUILTIN_PROFILES['tls-server'],
 *   name: 'intranet-server',
 *   validity: { defaultDays: 30, maxDays: 90 },
 *   crlDistributionPoints: ['http://pki.corp.example/intermediate.crl'],
 * });
 * ```
 */
export interface CertificateProfile {
  /** The name `issue()` selects it by. */
  readonly name: string;
  /** One line for people. */
  readonly description: string;
  /**
   * keyUsage bits (critical). For keys that cannot encrypt (ECDSA, EdDSA, ML-DSA) the CA leaves
   * out keyEncipherment and dataEncipherment (RFC 8813 §3, RFC 8410 §5).
   */
  readonly keyUsage: KeyUsage;
  /** extKeyUsage purposes (names of `KEY_PURPOSE` or dotted OIDs); absent: no extKeyUsage. */
  readonly extKeyUsage?: readonly string[];
  /** Present: a CA certificate (basicConstraints cA TRUE, with this pathLenConstraint). Absent: an end entity (cA FALSE). */
  readonly ca?: { readonly pathLength?: number };
  /** Validity in days: the default, and the maximum a request may ask for. */
  readonly validity: { readonly defaultDays: number; readonly maxDays: number };
  /** Keys the profile accepts. */
  readonly keys: KeyPolicy;
  /** subjectAltName rules. */
  readonly san: SanPolicy;
  /**
   * Subject attributes copied from the request (short names: `CN`, `O`, `OU`, `L`, `ST`, `C`,
   * `emailAddress`, `serialNumber`, ...) or `'any'`. Others are dropped with a warning.
   */
  readonly subject: { readonly copy: readonly string[] | 'any'; readonly requireCommonName?: boolean };
  /** certificatePolicies to embed (RFC 5280 §4.2.1.4), with CPS URIs and user notices. */
  readonly policies?: CertificatePolicies;
  /** CRL distribution point URLs to embed (RFC 5280 §4.2.1.13). */
  readonly crlDistributionPoints?: readonly string[];
  /** authorityInfoAccess URLs to embed (RFC 5280 §4.2.2.1). */
  readonly authorityInfoAccess?: { readonly caIssuers?: readonly string[]; readonly ocsp?: readonly string[] };
  /** The linter profile the request is judged under (`lintCsr`). */
  readonly lint: LintProfile;
  /** Severity changes for linter codes (`'ignore'` drops the finding). */
  readonly lintSeverity?: Readonly<Partial<Record<LintCode, LintSeverity | 'ignore'>>>;
  /** Refuse a request for a key that an active certificate (not revoked, not expired) already certifies. */
  readonly uniqueKey: boolean;
  /**
   * What happens to requested extensions the profile does not copy (anything but
   * subjectAltName), and to a requested keyUsage / extKeyUsage / basicConstraints that asks for
   * more than the profile gives: `'drop'` (issue without them, with a warning) or `'refuse'`.
   */
  readonly requestedExtensions: 'drop' | 'refuse';
}

// Private CA: the CA/B Forum rules about internal names, reserved IPs and key algorithms are not
// this CA's (the profile's own key policy decides which keys it certifies).
const _PRIVATE: Readonly<Partial<Record<LintCode, LintSeverity | 'ignore'>>> = { 'internal-name': 'warning', 'reserved-ip': 'warning', 'key-algorithm-not-allowed': 'warning' };
const _WEBPKI_KEYS: KeyPolicy = { rsa: { minBits: 2048, maxBits: 8192 }, ecdsa: ['P-256', 'P-384', 'P-521'] };
const _ALL_KEYS: KeyPolicy = { rsa: { minBits: 2048, maxBits: 8192 }, ecdsa: ['P-256', 'P-384', 'P-521'], ed25519: true, ed448: true, mlDsa: ['ML-DSA-44', 'ML-DSA-65', 'ML-DSA-87'] };
const _DN = ['CN', 'O', 'OU', 'L', 'ST', 'C', 'serialNumber'];

/**
 * The built-in profiles. Validity follows the CA/Browser Forum maxima where one exists (TLS
 * 398 days, S/MIME 825 days, code signing 460 days); defaults are shorter.
 *
 * @example
 * ```ts
 * BUILTIN_PROFILES['tls-server'].extKeyUsage // ['serverAuth']
 * ```
 */
export const BUILTIN_PROFILES: Readonly<Record<'tls-server' | 'tls-server-client' | 'tls-client' | 'email' | 'code-signing' | 'sub-ca', CertificateProfile>> = {
  'tls-server': {
    name: 'tls-server',
    description: 'TLS server (serverAuth): DNS names and IP addresses, wildcards allowed',
    keyUsage: ['digitalSignature', 'keyEncipherment'],
    extKeyUsage: ['serverAuth'],
    // 398 days: the ceiling of a private CA. Publicly-trusted certificates issued since 2026-03-15
    // may have at most 200 (CA/B BR §6.3.2, ballot SC-081); lintCsr flags those on certificates.
    validity: { defaultDays: 90, maxDays: 398 },
    keys: { ..._WEBPKI_KEYS, ed25519: true },
    san: { required: true, allowed: ['dns', 'ip'], wildcards: true },
    subject: { copy: _DN },
    lint: 'tls-server',
    lintSeverity: _PRIVATE,
    uniqueKey: false,
    requestedExtensions: 'drop',
  },
  // A service that is both a TLS server and a TLS client (mutual TLS between services, a
  // database replica, a message broker node). Private PKIs only: publicly-trusted TLS server
  // certificates may no longer carry clientAuth (Chrome Root Program, from 2026-06-15).
  'tls-server-client': {
    name: 'tls-server-client',
    description: 'TLS server and client (serverAuth + clientAuth): mutual TLS between services; private PKIs only',
    keyUsage: ['digitalSignature', 'keyEncipherment'],
    extKeyUsage: ['serverAuth', 'clientAuth'],
    validity: { defaultDays: 90, maxDays: 398 },
    keys: { ..._WEBPKI_KEYS, ed25519: true },
    san: { required: true, allowed: ['dns', 'ip'], wildcards: false },
    subject: { copy: _DN },
    lint: 'tls-server',
    lintSeverity: _PRIVATE,
    uniqueKey: false,
    requestedExtensions: 'drop',
  },
  'tls-client': {
    name: 'tls-client',
    description: 'TLS client (clientAuth): a person, a device or a service',
    keyUsage: ['digitalSignature'],
    extKeyUsage: ['clientAuth'],
    validity: { defaultDays: 90, maxDays: 398 },
    keys: _ALL_KEYS,
    san: { required: false, allowed: ['dns', 'ip', 'email', 'uri'], wildcards: false },
    subject: { copy: [..._DN, 'emailAddress', 'UID'], requireCommonName: true },
    lint: 'tls-client',
    lintSeverity: _PRIVATE,
    uniqueKey: false,
    requestedExtensions: 'drop',
  },
  email: {
    name: 'email',
    description: 'S/MIME (emailProtection): signing and encrypting mail for the rfc822Name in the SAN',
    keyUsage: ['digitalSignature', 'nonRepudiation', 'keyEncipherment'],
    extKeyUsage: ['emailProtection'],
    validity: { defaultDays: 365, maxDays: 825 }, // S/MIME BR §6.3.2
    keys: { ..._WEBPKI_KEYS, ed25519: true },
    san: { required: true, allowed: ['email'], wildcards: false },
    subject: { copy: [..._DN, 'emailAddress', 'givenName', 'surname', 'pseudonym'] },
    lint: 'email',
    lintSeverity: _PRIVATE,
    uniqueKey: false,
    requestedExtensions: 'drop',
  },
  'code-signing': {
    name: 'code-signing',
    description: 'Code signing (codeSigning): RSA 3072+ or ECDSA P-256/P-384, one key per certificate',
    keyUsage: ['digitalSignature'],
    extKeyUsage: ['codeSigning'],
    validity: { defaultDays: 365, maxDays: 460 }, // Code Signing BR §6.3.2 (since 2023-06-01)
    keys: { rsa: { minBits: 3072, maxBits: 8192 }, ecdsa: ['P-256', 'P-384'] }, // Code Signing BR §6.1.5
    san: { required: false, allowed: ['email', 'uri'], wildcards: false },
    subject: { copy: _DN, requireCommonName: true },
    lint: 'code-signing',
    lintSeverity: _PRIVATE,
    uniqueKey: true,
    requestedExtensions: 'refuse',
  },
  'sub-ca': {
    name: 'sub-ca',
    description: 'Subordinate (issuing) CA that issues end entities only (pathLenConstraint 0)',
    keyUsage: ['digitalSignature', 'keyCertSign', 'cRLSign'],
    ca: { pathLength: 0 },
    validity: { defaultDays: 1825, maxDays: 3650 },
    keys: _ALL_KEYS,
    san: { required: false, allowed: ['dns', 'email', 'uri'], wildcards: false },
    subject: { copy: 'any', requireCommonName: true },
    lint: 'none',
    uniqueKey: true,
    requestedExtensions: 'drop',
  },
};

const _SAN_KINDS: readonly SanKind[] = ['dns', 'ip', 'email', 'uri'];
const _KU_BITS: readonly KeyUsageName[] = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly'];

function _bad(name: string, message: string): never {
  throw new CaError('invalid-profile', `profile '${name}': ${message}`);
}

function _positiveInt(v: unknown, name: string, what: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) _bad(name, `${what} must be a positive integer, got ${String(v)}`);
  return v;
}

/** The dotted OID of a key purpose given by name or OID. */
export function _purposeOid(p: string): string {
  const table = KEY_PURPOSE as Record<string, string>;
  if (Object.prototype.hasOwnProperty.call(table, p)) return table[p]!;
  if (/^[0-2](\.(0|[1-9][0-9]*))+$/.test(p)) return p;
  throw new RangeError(`unknown key purpose '${p}'`);
}

/**
 * Checks a profile definition and returns it frozen. Use it for user-defined profiles (built-ins
 * pass it).
 *
 * @throws TypeError for a value that is not a profile object; CaError `invalid-profile` naming
 * the first problem (default validity above the maximum, an unknown keyUsage bit or SAN kind,
 * a CA profile with an extKeyUsage-only leaf shape, no key allowed, ...).
 * @example
 * ```ts
 * const p = defineProfile({ ...BUILTIN_PROFILES['tls-client'], name: 'vpn', validity: { defaultDays: 30, maxDays: 30 } });
 * ```
 */
export function defineProfile(profile: CertificateProfile): CertificateProfile {
  if (profile === null || typeof profile !== 'object') throw new TypeError('a profile must be an object');
  const name = profile.name;
  if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9._-]{0,63}$/.test(name)) {
    throw new CaError('invalid-profile', `a profile name is 1-64 characters of a-z, 0-9, '.', '_' or '-', got ${JSON.stringify(name)}`);
  }
  if (typeof profile.description !== 'string') _bad(name, 'description must be a string');
  if (!Array.isArray(profile.keyUsage) || profile.keyUsage.length === 0) _bad(name, 'keyUsage must list at least one bit (RFC 5280 §4.2.1.3)');
  for (const b of profile.keyUsage) if (!_KU_BITS.includes(b)) _bad(name, `unknown keyUsage bit '${String(b)}'`);
  if (profile.extKeyUsage !== undefined) {
    if (!Array.isArray(profile.extKeyUsage) || profile.extKeyUsage.length === 0) _bad(name, 'extKeyUsage, when given, lists at least one purpose');
    for (const p of profile.extKeyUsage) {
      try {
        _purposeOid(p);
      } catch {
        _bad(name, `unknown key purpose '${String(p)}' in extKeyUsage`);
      }
    }
  }
  if (profile.ca !== undefined) {
    if (profile.ca === null || typeof profile.ca !== 'object') _bad(name, 'ca must be an object { pathLength? }');
    const pl = profile.ca.pathLength;
    if (pl !== undefined && (typeof pl !== 'number' || !Number.isSafeInteger(pl) || pl < 0)) _bad(name, 'ca.pathLength must be a non-negative integer');
    if (!profile.keyUsage.includes('keyCertSign')) _bad(name, 'a CA profile needs keyCertSign in keyUsage (RFC 5280 §4.2.1.3)');
  } else if (profile.keyUsage.includes('keyCertSign')) {
    _bad(name, 'keyCertSign is for CA certificates (RFC 5280 §4.2.1.3); give the profile ca: {} or drop the bit');
  }
  const v = profile.validity;
  if (v === null || typeof v !== 'object') _bad(name, 'validity must be { defaultDays, maxDays }');
  _positiveInt(v.defaultDays, name, 'validity.defaultDays');
  _positiveInt(v.maxDays, name, 'validity.maxDays');
  if (v.defaultDays > v.maxDays) _bad(name, `validity.defaultDays ${v.defaultDays} is above validity.maxDays ${v.maxDays}`);
  const k = profile.keys;
  if (k === null || typeof k !== 'object') _bad(name, 'keys must be an object');
  if (k.rsa !== undefined) {
    _positiveInt(k.rsa.minBits, name, 'keys.rsa.minBits');
    if (k.rsa.maxBits !== undefined && _positiveInt(k.rsa.maxBits, name, 'keys.rsa.maxBits') < k.rsa.minBits) _bad(name, 'keys.rsa.maxBits is below minBits');
  }
  if (k.ecdsa !== undefined) for (const c of k.ecdsa) if (!['P-256', 'P-384', 'P-521'].includes(c)) _bad(name, `unknown curve '${String(c)}' in keys.ecdsa`);
  if (k.mlDsa !== undefined) for (const c of k.mlDsa) if (!['ML-DSA-44', 'ML-DSA-65', 'ML-DSA-87'].includes(c)) _bad(name, `unknown parameter set '${String(c)}' in keys.mlDsa`);
  if (k.rsa === undefined && !k.ecdsa?.length && k.ed25519 !== true && k.ed448 !== true && !k.mlDsa?.length) _bad(name, 'keys allows no key at all');
  const s = profile.san;
  if (s === null || typeof s !== 'object' || !Array.isArray(s.allowed)) _bad(name, 'san must be { required, allowed: [...], wildcards }');
  for (const kind of s.allowed) if (!_SAN_KINDS.includes(kind)) _bad(name, `unknown SAN kind '${String(kind)}' (use ${_SAN_KINDS.join(', ')})`);
  if (s.required && s.allowed.length === 0) _bad(name, 'san.required with no allowed kind');
  if (s.max !== undefined) _positiveInt(s.max, name, 'san.max');
  if (profile.subject === null || typeof profile.subject !== 'object') _bad(name, "subject must be { copy: [...] | 'any' }");
  if (profile.subject.copy !== 'any' && !Array.isArray(profile.subject.copy)) _bad(name, "subject.copy must be a list of attribute names or 'any'");
  if (!['tls-server', 'tls-client', 'email', 'code-signing', 'none'].includes(profile.lint)) _bad(name, `unknown lint profile '${String(profile.lint)}'`);
  if (typeof profile.uniqueKey !== 'boolean') _bad(name, 'uniqueKey must be a boolean');
  if (profile.requestedExtensions !== 'drop' && profile.requestedExtensions !== 'refuse') _bad(name, "requestedExtensions must be 'drop' or 'refuse'");
  for (const u of [...(profile.crlDistributionPoints ?? []), ...(profile.authorityInfoAccess?.caIssuers ?? []), ...(profile.authorityInfoAccess?.ocsp ?? [])]) {
    if (typeof u !== 'string' || !/^[A-Za-z][A-Za-z0-9+.-]*:[\x21-\x7e]+$/.test(u)) _bad(name, `'${String(u)}' is not an absolute ASCII URI (RFC 5280 §4.2.1.6)`);
  }
  return Object.freeze({ ...profile });
}

/**
 * Whether a profile's key policy accepts a public key; `undefined` when it does, otherwise the
 * reason.
 * @example
 * ```ts
 * keyAllowed(BUILTIN_PROFILES['code-signing'], csrPublicKey(csr)) // 'RSA-2048 is not allowed: ...'
 * ```
 */
export function keyAllowed(profile: CertificateProfile, key: PublicKey): string | undefined {
  const k = profile.keys;
  const allowed: string[] = [];
  if (k.rsa) allowed.push(`RSA ${k.rsa.minBits}${k.rsa.maxBits ? `-${k.rsa.maxBits}` : '+'} bits`);
  if (k.ecdsa?.length) allowed.push(`ECDSA ${k.ecdsa.join('/')}`);
  if (k.ed25519) allowed.push('Ed25519');
  if (k.ed448) allowed.push('Ed448');
  if (k.mlDsa?.length) allowed.push(k.mlDsa.join('/'));
  const why = (what: string): string => `${what} is not allowed by profile '${profile.name}' (allowed: ${allowed.join(', ')})`;
  switch (key.algorithm) {
    case 'RSA':
      if (k.rsa === undefined) return why('RSA');
      if (key.bits < k.rsa.minBits || (k.rsa.maxBits !== undefined && key.bits > k.rsa.maxBits)) return why(`RSA-${key.bits}`);
      if (key.rsaPssOnly) return why('an id-RSASSA-PSS key');
      return undefined;
    case 'ECDSA':
      return k.ecdsa?.includes(key.curve!) ? undefined : why(`ECDSA ${key.curve}`);
    case 'Ed25519':
      return k.ed25519 ? undefined : why('Ed25519');
    case 'Ed448':
      return k.ed448 ? undefined : why('Ed448');
    case 'ML-DSA-44':
    case 'ML-DSA-65':
    case 'ML-DSA-87':
      return k.mlDsa?.includes(key.algorithm) ? undefined : why(key.algorithm);
    default:
      return why(`${key.algorithm} (a key that cannot sign)`);
  }
}
