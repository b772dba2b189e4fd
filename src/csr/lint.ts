/**
 * The CSR (and certificate) linter: findings about keys, signatures, names and subject
 * attributes, judged under a profile, so that a bad request is impossible to miss before it
 * reaches a CA.
 *
 * Scope: checks on what a request asks for (and, given a certificate, on what was issued), each
 * a {@link LintFinding} with a stable `code`, a `severity`, a message a person can act on and
 * the `field` it is about. Rules come from RFC 5280, RFC 2985/2986, the CA/Browser Forum
 * Baseline Requirements for TLS server certificates (BR), the S/MIME BR and the Code Signing
 * BR; each check cites its source. The linter never throws on a parsed request: a part that
 * cannot be decoded is itself a finding.
 *
 * Profiles: `tls-server` (public TLS: every name rule, CA/B key and algorithm rules),
 * `tls-client` (key and signature rules; name rules for the DNS names present),
 * `email` (S/MIME: an email address is required), `code-signing` (RSA ≥ 3072 bits), and `none`
 * (only what is wrong under any profile: broken signatures, weak keys, malformed attributes).
 *
 * Non-goals: checking names against a CA's validation records, the full Public Suffix List and
 * the IANA root zone (see `x509/identity.ts` for the embedded approximations), issuing.
 * @module
 */
import { DerReader, Tag, bytesToBigInt, bytesEqual } from '../der/index';
import { EXTENSION, KEY_PURPOSE, PKCS9, describeOid, oidName } from '../oid/index';
import {
  Certificate,
  type Name,
  decodeBasicConstraints,
  extensionCodec,
  decodeExtKeyUsage,
  decodeKeyUsage,
  decodeSubjectAltName,
  formatIpAddress,
  parseIpAddress as _ipParse,
  type GeneralName,
  type RawExtension,
  checkDnsName,
  checkEmailAddress,
  generalNamesMatchHost,
  isInternalName,
  looksLikeIpAddress,
  reservedIpRange,
  wildcardCovers,
} from './_x509';
import { isKnownCsrAttribute } from './attributes';
import { Csr } from './csr';
import { certificatePublicKey, findRawExtension } from '../x509/index';
import { verifyCsrSync } from './verify';
import { csrChallengePassword, csrPublicKey, csrUnstructuredNames } from './csr-info';

/** How bad a finding is. */
export type LintSeverity = 'error' | 'warning' | 'info';

/** Which rules apply. */
export type LintProfile = 'tls-server' | 'tls-client' | 'email' | 'code-signing' | 'none';

/** Every finding code the linter emits (the `field` says where); each is one rule. */
export type LintCode =
  // decoding
  | 'subject-unreadable' // the subject Name cannot be decoded
  | 'public-key-unsupported' // the subjectPublicKeyInfo cannot be parsed or its algorithm is not supported
  | 'extension-unreadable' // a requested (or certificate) extension cannot be decoded
  | 'attribute-unreadable' // challengePassword or unstructuredName cannot be decoded (RFC 2985)
  | 'unknown-critical-extension' // RFC 5280 §4.2: a critical extension a CA cannot process
  // keys
  | 'rsa-key-too-small' // CA/B BR §6.1.5, NIST SP 800-131A: RSA below 2048 bits (3072 under code-signing)
  | 'rsa-modulus-not-byte-multiple' // CA/B BR §6.1.5: RSA modulus size not a multiple of 8 bits
  | 'rsa-exponent-invalid' // CA/B BR §6.1.6: RSA public exponent even or below 3
  | 'rsa-exponent-small' // CA/B BR §6.1.6: RSA public exponent below 65537
  | 'ec-curve-weak' // an EC curve below 112-bit security (below 224 bits)
  | 'ec-curve-not-allowed' // CA/B BR §6.1.5: an EC curve other than P-256, P-384, P-521
  | 'key-algorithm-not-allowed' // CA/B BR §6.1.5 / Code Signing BR §6.1.5: a key type the profile does not allow (EdDSA, ML-DSA, ...)
  // signatures
  | 'signature-md5' // the request is signed with MD5 (broken)
  | 'signature-sha1' // CA/B BR §7.1.3.2: the request is signed with SHA-1
  | 'signature-weak-hash' // the request is signed with another broken hash (MD2, MD4)
  | 'signature-invalid' // RFC 2986 §3: the self-signature does not verify (proof of possession fails)
  | 'signature-unsupported' // the self-signature cannot be checked (algorithm certkit does not verify)
  // names
  | 'san-missing' // CA/B BR §7.1.2.7.12: no subjectAltName under a profile that needs names
  | 'cn-not-in-san' // CA/B BR §7.1.4.3: the commonName is not one of the subjectAltName values
  | 'cn-multiple' // CA/B BR §7.1.4.3: more than one commonName
  | 'duplicate-san' // a subjectAltName entry repeats an earlier one
  | 'internal-name' // CA/B BR §7.1.2.7.12: a name with no public top-level domain
  | 'reserved-ip' // CA/B BR §7.1.2.7.12: an IP address in a reserved range
  | 'ip-in-dns-name' // an IP address written as a dNSName (it belongs in an iPAddress SAN)
  | 'hostname-empty' // RFC 1034 §3.5: an empty DNS name
  | 'hostname-empty-label' // RFC 1034 §3.5: a DNS name with an empty label
  | 'hostname-trailing-dot' // RFC 5280 §4.2.1.6: a DNS name ending with the root dot
  | 'hostname-too-long' // RFC 1035 §2.3.4: a DNS name over 253 octets
  | 'hostname-label-too-long' // RFC 1035 §2.3.4: a DNS label over 63 octets
  | 'hostname-underscore' // RFC 1123 §2.1, CA/B ballot SC-12: an underscore in a DNS name
  | 'hostname-invalid-character' // RFC 1034 §3.5: a character other than letters, digits and hyphens
  | 'hostname-invalid-hyphen' // RFC 1123 §2.1 / RFC 5891 §4.2.3.1: a leading or trailing hyphen, or `--` in positions 3-4 outside `xn--`
  | 'hostname-numeric-tld' // RFC 3696 §2: an all-numeric last label
  | 'idn-not-a-label' // RFC 5280 §7.2: non-ASCII characters (a U-label) where the A-label form belongs
  | 'idn-invalid-a-label' // RFC 5890 §2.3.2.1: an `xn--` label that is not valid Punycode of non-ASCII text
  | 'wildcard-partial-label' // CA/B BR §7.1.2.7.12: a wildcard that is part of a label (`w*.example.com`)
  | 'wildcard-not-leftmost' // RFC 6125 §6.4.3: a wildcard below the leftmost label
  | 'wildcard-multiple' // RFC 6125 §6.4.3: more than one wildcard
  | 'wildcard-public-suffix' // CA/B BR §3.2.2.6: a wildcard directly under a public suffix (`*.co.uk`)
  | 'hostname-not-covered' // a hostname in `options.hostnames` is not covered by any subjectAltName
  | 'email-san-missing' // S/MIME BR §7.1.4.2.1: no rfc822Name subjectAltName under the email profile
  // subject
  | 'country-invalid' // RFC 5280 Appendix A, X.520: countryName not an assigned ISO 3166-1 alpha-2 code
  | 'attribute-too-long' // RFC 5280 Appendix A: a subject attribute above its upper bound
  | 'subject-empty-no-san' // RFC 5280 §4.1.2.6: an empty subject and no subjectAltName
  | 'subject-empty-san-not-critical' // RFC 5280 §4.1.2.6: an empty subject with a non-critical subjectAltName
  | 'email-invalid' // an emailAddress attribute or rfc822Name that is not a well-formed address
  // requested usage
  | 'eku-missing-purpose' // RFC 5280 §4.2.1.12: extKeyUsage lacks the purpose the profile needs
  | 'ca-requested' // a leaf profile, but the request asks for basicConstraints cA TRUE
  // informational
  | 'challenge-password-present' // RFC 2985 §5.4.1: a challengePassword travels unencrypted in the request
  | 'unusual-attribute' // an attribute a CA usually ignores (Microsoft's pre-standard extension request, unknown OIDs)
  // certificates only
  | 'validity-too-long' // CA/B BR §6.3.2: a TLS server certificate valid longer than allowed on its issue date
  | 'serial-low-entropy' // CA/B BR §7.1: a serial number with fewer than 64 significant bits
  | 'aki-missing' // RFC 5280 §4.2.1.1: no authorityKeyIdentifier in a certificate that is not self-signed
  | 'ski-missing' // RFC 5280 §4.2.1.2: no subjectKeyIdentifier (required in CA certificates)
  | 'ca-flag-on-leaf'; // CA/B BR §7.1.2.7.8: a TLS server certificate with cA TRUE

/** One finding. */
export interface LintFinding {
  /** Stable machine-readable code. */
  code: LintCode;
  /** `error`: a CA should refuse it (or the profile forbids it); `warning`: likely a mistake; `info`: worth knowing. */
  severity: LintSeverity;
  /** What is wrong and what to do, for a person. */
  message: string;
  /** The field it is about: `subject.CN`, `extensions.subjectAltName[2]`, `subjectPublicKeyInfo`, ... */
  field: string;
}

/** Options of {@link lintCsr}. */
export interface LintOptions {
  /** Default `tls-server`. */
  profile?: LintProfile;
  /**
   * Hostnames the certificate is meant to serve: each one not covered by a dNSName (with the
   * one-label wildcard rule of RFC 6125 §6.4.3) or an iPAddress gives `hostname-not-covered`.
   */
  hostnames?: readonly string[];
}

const PROFILES: readonly LintProfile[] = ['tls-server', 'tls-client', 'email', 'code-signing', 'none'];

// RFC 5280 Appendix A upper bounds (characters) of the subject attributes that have one.
const _UPPER_BOUNDS: Record<string, [string, number]> = {
  '2.5.4.3': ['CN', 64], // ub-common-name
  '2.5.4.7': ['L', 128], // ub-locality-name
  '2.5.4.8': ['ST', 128], // ub-state-name
  '2.5.4.10': ['O', 64], // ub-organization-name
  '2.5.4.11': ['OU', 64], // ub-organizational-unit-name
  '2.5.4.12': ['title', 64], // ub-title
  '2.5.4.5': ['serialNumber', 64], // ub-serial-number
  '2.5.4.17': ['postalCode', 40], // ub-postal-code (X.520)
  '2.5.4.65': ['pseudonym', 128], // ub-pseudonym
  '1.2.840.113549.1.9.1': ['emailAddress', 255], // ub-emailaddress-length
};

// ISO 3166-1 alpha-2 officially assigned codes (249), plus XX (user-assigned, which CA/B BR
// §7.1.4.2 allows when no code applies).
const _ISO3166 =
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
  'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
  'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT ' +
  'MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
  'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG ' +
  'UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW XX';
let _countries: Set<string> | undefined;

// Named curves by OID that certkit's key layer does not read, with their field sizes.
const _OTHER_CURVES: Record<string, [string, number]> = {
  '1.2.840.10045.3.1.1': ['secp192r1', 192],
  '1.2.840.10045.3.1.4': ['prime239v1', 239],
  '1.3.132.0.1': ['sect163k1', 163],
  '1.3.132.0.6': ['secp112r1', 112],
  '1.3.132.0.8': ['secp160r1', 160],
  '1.3.132.0.9': ['secp160k1', 160],
  '1.3.132.0.10': ['secp256k1', 256],
  '1.3.132.0.31': ['secp192k1', 192],
  '1.3.132.0.32': ['secp224k1', 224],
  '1.3.132.0.33': ['secp224r1', 224],
  '1.3.36.3.3.2.8.1.1.7': ['brainpoolP256r1', 256],
  '1.3.36.3.3.2.8.1.1.11': ['brainpoolP384r1', 384],
  '1.3.36.3.3.2.8.1.1.13': ['brainpoolP512r1', 512],
};

// Signature algorithm OIDs by digest weakness.
const _MD5 = new Set(['1.2.840.113549.1.1.4']);
const _SHA1 = new Set(['1.2.840.113549.1.1.5', '1.3.14.3.2.29', '1.2.840.10045.4.1', '1.2.840.10040.4.3']);
const _WEAKER = new Map([
  ['1.2.840.113549.1.1.2', 'MD2'],
  ['1.2.840.113549.1.1.3', 'MD4'],
]);

/**
 * CA/B BR §6.3.2 maximum validity of a TLS server certificate by issuance date (ballot SC-081):
 * 398 days before 2026-03-15, 200 days until 2027-03-15, 100 days until 2029-03-15, then 47.
 */
function _maxTlsValidityDays(notBefore: Date): number {
  const t = notBefore.getTime();
  if (t < Date.UTC(2026, 2, 15)) return 398;
  if (t < Date.UTC(2027, 2, 15)) return 200;
  if (t < Date.UTC(2029, 2, 15)) return 100;
  return 47;
}

/** What the checks read, from a request or a certificate. */
interface _Target {
  kind: 'csr' | 'certificate';
  subjectName(): Name;
  rawSpki: Uint8Array;
  rawSignatureAlgorithm: Uint8Array;
  extensions: readonly RawExtension[];
  lenient: boolean;
  csr?: Csr;
  cert?: Certificate;
}

function _msg(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Lints a certification request, or a certificate, under a profile.
 *
 * A request gets the key, signature (including its self-signature), name, subject, requested
 * usage and attribute checks. A certificate gets the same checks (its signature is by the issuer,
 * so only the algorithm is judged) plus: `validity-too-long` (tls-server: CA/B BR §6.3.2),
 * `serial-low-entropy` (BR §7.1: 64 bits of CSPRNG output), `aki-missing` / `ski-missing`
 * (RFC 5280 §4.2.1.1, §4.2.1.2), `ca-flag-on-leaf` (tls-server). The codes are those of
 * {@link LintCode}; each rule is described where it is checked.
 *
 * @param input a parsed {@link Csr} or `Certificate`
 * @param options `profile` (default `tls-server`), `hostnames` to check coverage of
 * @returns the findings, errors first; empty when nothing is wrong.
 * @throws TypeError for another input; RangeError for an unknown profile.
 * @example
 * ```ts
 * const findings = lintCsr(parseCsr(pem), { profile: 'tls-server', hostnames: ['app.example.com'] });
 * for (const f of findings) console.log(`${f.severity} ${f.code} at ${f.field}: ${f.message}`);
 * ```
 */
export function lintCsr(input: Csr | Certificate, options: LintOptions = {}): LintFinding[] {
  const profile = options.profile ?? 'tls-server';
  if (!PROFILES.includes(profile)) throw new RangeError(`unknown lint profile '${String(profile)}'; use one of ${PROFILES.join(', ')}`);
  if (options.hostnames !== undefined && !Array.isArray(options.hostnames)) throw new TypeError('hostnames must be an array of strings');
  let t: _Target;
  if (input instanceof Csr) {
    t = { kind: 'csr', subjectName: () => input.subject, rawSpki: input.rawSpki, rawSignatureAlgorithm: input.rawSignatureAlgorithm, extensions: input.extensions, lenient: input.lenient, csr: input };
  } else if (input instanceof Certificate) {
    t = {
      kind: 'certificate',
      subjectName: () => input.subject,
      rawSpki: input.rawSpki,
      rawSignatureAlgorithm: input.rawSignatureAlgorithm,
      extensions: input.extensions,
      lenient: input.lenient,
      cert: input,
    };
  } else {
    throw new TypeError('lintCsr expects a parsed Csr (parseCsr) or Certificate (parseCertificate)');
  }
  const out: LintFinding[] = [];
  const add = (code: LintCode, severity: LintSeverity, field: string, message: string): void => {
    out.push({ code, severity, message, field });
  };
  _lintKey(t, profile, add);
  _lintSignature(t, profile, add);
  const subject = _lintSubject(t, profile, add);
  const san = _lintExtensions(t, profile, add);
  _lintNames(t, profile, subject, san, options.hostnames, add);
  if (t.csr !== undefined) _lintAttributes(t.csr, add);
  if (t.cert !== undefined) _lintCertificate(t.cert, profile, add);
  const rank: Record<LintSeverity, number> = { error: 0, warning: 1, info: 2 };
  return out
    .map((f, i) => ({ f, i }))
    .sort((a, b) => rank[a.f.severity] - rank[b.f.severity] || a.i - b.i)
    .map((x) => x.f);
}

type _Add = (code: LintCode, severity: LintSeverity, field: string, message: string) => void;

const F_KEY = 'subjectPublicKeyInfo';

/** Modulus and exponent of an rsaEncryption SPKI read without the key layer's checks, or `undefined`. */
function _rawRsa(spki: Uint8Array): { n: bigint; e: bigint } | undefined {
  try {
    const r = new DerReader(spki, { lenient: true }).enter();
    if (r.enter().readOid() !== '1.2.840.113549.1.1.1') return undefined;
    const k = new DerReader(r.readBitString().bytes, { lenient: true }).enter();
    return { n: k.readInteger(), e: k.readInteger() };
  } catch {
    return undefined;
  }
}

function _lintRsa(n: bigint, e: bigint, profile: LintProfile, add: _Add): void {
  const bits = n <= 0n ? 0 : n.toString(2).length;
  const min = profile === 'code-signing' ? 3072 : 2048;
  if (bits < min) {
    add(
      'rsa-key-too-small',
      'error',
      F_KEY,
      `the RSA modulus has ${bits} bits; at least ${min} are required (${profile === 'code-signing' ? 'Code Signing BR §6.1.5' : 'CA/B BR §6.1.5, NIST SP 800-131A'})`,
    );
  }
  if (bits % 8 !== 0) add('rsa-modulus-not-byte-multiple', 'error', F_KEY, `the RSA modulus has ${bits} bits, not a multiple of 8 (CA/B BR §6.1.5); such keys come from broken generators`);
  if (e < 3n || e % 2n === 0n) add('rsa-exponent-invalid', 'error', F_KEY, `the RSA public exponent ${e} must be odd and at least 3 (CA/B BR §6.1.6)`);
  else if (e < 65537n)
    add('rsa-exponent-small', 'warning', F_KEY, `the RSA public exponent ${e} is below 65537; BR §6.1.6 asks for 2^16+1..2^256-1 (small exponents make padding mistakes exploitable)`);
}

function _lintKey(t: _Target, profile: LintProfile, add: _Add): void {
  const pub = t.csr !== undefined ? () => csrPublicKey(t.csr!) : () => certificatePublicKey(t.cert!);
  let key;
  try {
    key = pub();
  } catch (e) {
    // An RSA key the key layer refuses (even exponent, tiny modulus): name the problem.
    const rsa = _rawRsa(t.rawSpki);
    if (rsa !== undefined) {
      let found = 0;
      _lintRsa(rsa.n, rsa.e, profile, (...a) => {
        found++;
        add(...a);
      });
      if (found > 0) return;
    }
    // Not readable by certkit: name an unknown EC curve precisely, else report the key.
    const curve = _ecCurveOid(t.rawSpki);
    const info = curve !== undefined ? _OTHER_CURVES[curve] : undefined;
    if (info !== undefined) {
      if (info[1] < 224) add('ec-curve-weak', 'error', F_KEY, `the EC key is on ${info[0]} (${info[1]} bits): below 112-bit security; use P-256 or P-384`);
      else
        add(
          'ec-curve-not-allowed',
          profile === 'none' || profile === 'tls-client' ? 'warning' : 'error',
          F_KEY,
          `the EC key is on ${info[0]}; the CA/B Forum allows only P-256, P-384 and P-521 (BR §6.1.5)`,
        );
      return;
    }
    add('public-key-unsupported', 'error', F_KEY, `the public key cannot be used: ${_msg(e)}`);
    return;
  }
  if (key.algorithm === 'RSA') {
    _lintRsa(key.rsa!.n, key.rsa!.e, profile, add);
  } else if (key.algorithm !== 'ECDSA') {
    if (profile === 'tls-server' || profile === 'code-signing') {
      add(
        'key-algorithm-not-allowed',
        'error',
        F_KEY,
        `${key.algorithm} keys are not allowed for ${profile === 'tls-server' ? 'publicly-trusted TLS (CA/B BR §6.1.5: RSA or ECDSA P-256/P-384/P-521)' : 'code signing (Code Signing BR §6.1.5)'}`,
      );
    } else if (key.algorithm.startsWith('ML-DSA') && profile !== 'none') {
      add('key-algorithm-not-allowed', 'warning', F_KEY, `${key.algorithm} keys are not yet accepted by publicly-trusted CAs; use them with a private CA`);
    }
  }
}

/** The namedCurve OID of an id-ecPublicKey SPKI, or `undefined`. */
function _ecCurveOid(spki: Uint8Array): string | undefined {
  try {
    const r = new DerReader(spki).enter();
    const a = r.enter();
    if (a.readOid() !== '1.2.840.10045.2.1') return undefined;
    return a.peekTag() === Tag.OID ? a.readOid() : undefined;
  } catch {
    return undefined;
  }
}

function _lintSignature(t: _Target, profile: LintProfile, add: _Add): void {
  let oid: string;
  try {
    oid = new DerReader(t.rawSignatureAlgorithm).enter().readOid();
  } catch {
    return; // the parser already checked the shape
  }
  const field = 'signatureAlgorithm';
  const what = t.kind === 'csr' ? 'the request is signed' : 'the certificate is signed';
  if (_MD5.has(oid)) add('signature-md5', 'error', field, `${what} with MD5, which is broken (collisions in seconds); sign with SHA-256`);
  else if (_SHA1.has(oid))
    add('signature-sha1', profile === 'none' ? 'warning' : 'error', field, `${what} with SHA-1, which is deprecated (practical collisions since 2017; CA/B BR §7.1.3.2); sign with SHA-256`);
  else if (_WEAKER.has(oid)) add('signature-weak-hash', 'error', field, `${what} with ${_WEAKER.get(oid)}, which is broken; sign with SHA-256`);
  if (t.csr === undefined) return;
  // RFC 2986 §3: the self-signature proves possession of the private key. Checked with a policy
  // that accepts old hashes and small keys, since those have findings of their own.
  try {
    if (!verifyCsrSync(t.csr, { allowSha1: true, allowMd5: true, minRsaBits: 0 })) {
      add(
        'signature-invalid',
        'error',
        'signature',
        'the self-signature does not verify with the requested public key: the request was altered, or signed with another key (proof of possession fails, RFC 2986 §3)',
      );
    }
  } catch (e) {
    add('signature-unsupported', 'warning', 'signature', `the self-signature cannot be checked: ${_msg(e)}`);
  }
}

function _lintSubject(t: _Target, profile: LintProfile, add: _Add): Name | undefined {
  let subject: Name;
  try {
    subject = t.subjectName();
  } catch (e) {
    add('subject-unreadable', 'error', 'subject', `the subject cannot be decoded: ${_msg(e)}`);
    return undefined;
  }
  _countries ??= new Set(_ISO3166.split(' '));
  const counts = new Map<string, number>();
  for (const a of subject.rdns.flat()) {
    const short = _UPPER_BOUNDS[a.type]?.[0] ?? (a.type === '2.5.4.6' ? 'C' : a.type);
    const i = counts.get(short) ?? 0;
    counts.set(short, i + 1);
    const field = `subject.${short}`;
    if (a.value === undefined) continue;
    if (a.type === '2.5.4.6' || a.type === '1.3.6.1.4.1.311.60.2.1.3') {
      // RFC 5280 Appendix A: CountryName ::= PrintableString (SIZE (2)); X.520: ISO 3166 alpha-2.
      if (!/^[A-Z]{2}$/.test(a.value)) add('country-invalid', 'error', field, `country '${a.value}' is not a two-letter upper-case ISO 3166-1 code (RFC 5280 Appendix A, X.520)`);
      else if (!_countries.has(a.value))
        add('country-invalid', 'error', field, `country '${a.value}' is not an assigned ISO 3166-1 alpha-2 code${a.value === 'UK' ? " (the United Kingdom is 'GB')" : ''}`);
    }
    const ub = _UPPER_BOUNDS[a.type];
    if (ub !== undefined) {
      const n = [...a.value].length;
      if (n > ub[1])
        add('attribute-too-long', 'error', field, `${ub[0]} has ${n} characters; RFC 5280 Appendix A allows at most ${ub[1]}${ub[0] === 'CN' ? ' (put long names in subjectAltName only)' : ''}`);
    }
    if (a.type === '1.2.840.113549.1.9.1') for (const p of checkEmailAddress(a.value)) add('email-invalid', 'error', field, p.message);
  }
  if ((counts.get('CN') ?? 0) > 1 && profile === 'tls-server') {
    add('cn-multiple', 'error', 'subject.CN', 'the subject has more than one commonName; CA/B BR §7.1.4.3 allows at most one');
  }
  return subject;
}

function _extName(oid: string): string {
  for (const [k, v] of Object.entries(EXTENSION)) if (v === oid) return k;
  return oidName(oid) ?? oid;
}

/** Checks the extension list and returns the decoded subjectAltName (with its critical flag), if any. */
function _lintExtensions(t: _Target, profile: LintProfile, add: _Add): { names: readonly GeneralName[]; critical: boolean } | undefined {
  let san: { names: readonly GeneralName[]; critical: boolean } | undefined;
  const purpose: Record<LintProfile, [string, string] | undefined> = {
    'tls-server': [KEY_PURPOSE.serverAuth, 'serverAuth'],
    'tls-client': [KEY_PURPOSE.clientAuth, 'clientAuth'],
    email: [KEY_PURPOSE.emailProtection, 'emailProtection'],
    'code-signing': [KEY_PURPOSE.codeSigning, 'codeSigning'],
    none: undefined,
  };
  for (const e of t.extensions) {
    const field = `extensions.${_extName(e.oid)}`;
    if (e.critical && extensionCodec(e.oid) === undefined) {
      add(
        'unknown-critical-extension',
        'error',
        field,
        `extension ${describeOid(e.oid)} is marked critical but is not one a CA can process; a CA that honours it cannot issue, one that ignores it breaks RFC 5280 §4.2`,
      );
    }
    try {
      switch (e.oid) {
        case EXTENSION.subjectAltName:
          san = { names: decodeSubjectAltName(e.value, e.valueOffset, t.lenient), critical: e.critical };
          break;
        case EXTENSION.keyUsage:
          decodeKeyUsage(e.value, e.valueOffset, t.lenient);
          break;
        case EXTENSION.extKeyUsage: {
          const eku = decodeExtKeyUsage(e.value, e.valueOffset, t.lenient);
          const want = purpose[profile];
          if (want !== undefined && !eku.includes(want[0]) && !eku.includes(KEY_PURPOSE.anyExtendedKeyUsage)) {
            add('eku-missing-purpose', 'warning', field, `extKeyUsage does not include ${want[1]}, which the ${profile} profile needs (RFC 5280 §4.2.1.12)`);
          }
          break;
        }
        case EXTENSION.basicConstraints: {
          const bc = decodeBasicConstraints(e.value, e.valueOffset, t.lenient);
          if (bc.cA && t.kind === 'csr' && profile !== 'none') {
            add('ca-requested', 'warning', field, `the request asks for a CA certificate (cA TRUE) under the ${profile} profile; a leaf must not be a CA`);
          }
          break;
        }
        default:
          break;
      }
    } catch (err) {
      add('extension-unreadable', 'error', field, `the ${_extName(e.oid)} extension cannot be decoded: ${_msg(err)}`);
    }
  }
  return san;
}

function _lintNames(
  t: _Target,
  profile: LintProfile,
  subject: Name | undefined,
  san: { names: readonly GeneralName[]; critical: boolean } | undefined,
  hostnames: readonly string[] | undefined,
  add: _Add,
): void {
  const names = san?.names ?? [];
  // RFC 5280 §4.1.2.6: an empty subject needs subjectAltName, critical.
  if (subject !== undefined && subject.isEmpty) {
    if (san === undefined) add('subject-empty-no-san', 'error', 'subject', 'the subject is empty and there is no subjectAltName: the certificate would name nobody (RFC 5280 §4.1.2.6)');
    else if (!san.critical) add('subject-empty-san-not-critical', 'error', 'extensions.subjectAltName', 'the subject is empty, so subjectAltName MUST be critical (RFC 5280 §4.1.2.6)');
  }
  const tls = profile === 'tls-server' || profile === 'tls-client';
  if (profile === 'tls-server' && san === undefined) {
    add(
      'san-missing',
      'error',
      'extensions.subjectAltName',
      'there is no subjectAltName; browsers ignore the CN and the CA/B Forum requires every name in the SAN (BR §7.1.2.7.12); add the DNS names (and IPs) the server answers to',
    );
  }
  if (profile === 'email' && !names.some((g) => g.type === 'email')) {
    add('email-san-missing', 'error', 'extensions.subjectAltName', 'an S/MIME certificate needs the mailbox address as an rfc822Name subjectAltName (S/MIME BR §7.1.4.2.1)');
  }
  // Per-name checks.
  const seen = new Map<string, number>();
  names.forEach((g, i) => {
    const field = `extensions.subjectAltName[${i}]`;
    let key: string | undefined;
    if (g.type === 'dns') {
      key = 'dns:' + g.value.toLowerCase();
      if (tls || profile === 'none') {
        for (const p of checkDnsName(g.value)) add(p.code as LintCode, 'error', field, p.message);
      }
      if (profile === 'tls-server' && !g.value.includes('*') && isInternalName(g.value) && !looksLikeIpAddress(g.value)) {
        add('internal-name', 'error', field, `'${g.value}' is an internal name (no public top-level domain); publicly-trusted CAs may not certify it (CA/B BR §7.1.2.7.12)`);
      } else if (profile === 'tls-server' && g.value.startsWith('*.') && isInternalName(`x.${g.value.slice(2)}`)) {
        // Judged on a name the wildcard covers: '*.corp' covers internal names, '*.com' covers
        // public ones (it is a wildcard over a public suffix, which checkDnsName reports).
        add('internal-name', 'error', field, `'${g.value}' is under an internal name; publicly-trusted CAs may not certify it (CA/B BR §7.1.2.7.12)`);
      }
    } else if (g.type === 'ip') {
      key = 'ip:' + formatIpAddress(g.value);
      const r = reservedIpRange(g.value);
      if (r !== undefined && profile === 'tls-server')
        add('reserved-ip', 'error', field, `${formatIpAddress(g.value)} is in a reserved range (${r}); publicly-trusted CAs may not certify it (CA/B BR §7.1.2.7.12)`);
    } else if (g.type === 'email') {
      key = 'email:' + g.value.toLowerCase();
      for (const p of checkEmailAddress(g.value)) add('email-invalid', 'error', field, p.message);
    } else if (g.type === 'uri') {
      key = 'uri:' + g.value;
    }
    if (key !== undefined) {
      const first = seen.get(key);
      if (first !== undefined) add('duplicate-san', 'warning', field, `this subjectAltName repeats entry ${first} (${key.slice(key.indexOf(':') + 1)})`);
      else seen.set(key, i);
    }
  });
  // CA/B BR §7.1.4.3: the CN, if present, is one of the SAN values (verbatim, not by wildcard).
  const cn = subject?.commonName;
  if (cn !== undefined && profile === 'tls-server') {
    const cnField = 'subject.CN';
    const inSan = names.some((g) => (g.type === 'dns' && g.value.toLowerCase() === cn.toLowerCase()) || (g.type === 'ip' && looksLikeIpAddress(cn) && formatIpAddress(g.value) === _normIp(cn)));
    if (!inSan && san !== undefined) {
      const coveredBy = names.find((g) => g.type === 'dns' && wildcardCovers(g.value, cn));
      add(
        'cn-not-in-san',
        'error',
        cnField,
        `the commonName '${cn}' is not one of the subjectAltName entries${coveredBy && coveredBy.type === 'dns' ? ` (the wildcard '${coveredBy.value}' covers it, but BR §7.1.4.3 wants the CN to be a SAN value verbatim)` : ''}; add it to the SAN`,
      );
    }
    if (san === undefined) {
      // With no SAN the CN is all there is: its syntax still matters.
      if (looksLikeIpAddress(cn)) {
        const r = reservedIpRange(_ipBytes(cn));
        if (r !== undefined) add('reserved-ip', 'error', cnField, `${cn} is in a reserved range (${r})`);
      } else {
        for (const p of checkDnsName(cn)) add(p.code as LintCode, 'error', cnField, p.message);
        if (!cn.includes('*') && isInternalName(cn)) add('internal-name', 'error', cnField, `'${cn}' is an internal name (no public top-level domain)`);
      }
    }
  }
  for (const h of hostnames ?? []) {
    if (typeof h !== 'string') throw new TypeError('hostnames must be strings');
    // The rules chain validation applies to a reference host (x509 identity, RFC 9525 §6).
    if (!generalNamesMatchHost(names, h)) {
      add(
        'hostname-not-covered',
        'error',
        'extensions.subjectAltName',
        `'${h}' is not covered by any subjectAltName${names.some((g) => g.type === 'dns' && g.value.startsWith('*.')) ? ' (a wildcard covers exactly one label: *.example.com covers www.example.com, not example.com or a.b.example.com)' : ''}`,
      );
    }
  }
}

function _ipBytes(text: string): Uint8Array {
  return _ipParse(text);
}

function _normIp(text: string): string {
  return formatIpAddress(_ipParse(text));
}

function _lintAttributes(csr: Csr, add: _Add): void {
  csr.attributes.forEach((a, i) => {
    if (a.oid === PKCS9.challengePassword) {
      try {
        const pw = csrChallengePassword(csr);
        add(
          'challenge-password-present',
          'info',
          'attributes.challengePassword',
          `the request carries a challengePassword${pw === undefined ? '' : ` (${[...pw].length} characters)`}; it travels unencrypted inside the CSR, so it must be a one-time value and the CSR kept private (RFC 2985 §5.4.1)`,
        );
      } catch (e) {
        add('attribute-unreadable', 'error', 'attributes.challengePassword', `the challengePassword cannot be decoded: ${_msg(e)}`);
      }
      return;
    }
    if (a.oid === PKCS9.unstructuredName) {
      try {
        void csrUnstructuredNames(csr);
      } catch (e) {
        add('attribute-unreadable', 'error', 'attributes.unstructuredName', `the unstructuredName cannot be decoded: ${_msg(e)}`);
      }
      return;
    }
    if (a.oid === PKCS9.extensionRequest) return;
    if (a.oid === PKCS9.msExtensionRequest) {
      add(
        'unusual-attribute',
        'info',
        `attributes[${i}]`,
        "the extensions are requested with Microsoft's pre-standard attribute 1.3.6.1.4.1.311.2.1.14 instead of PKCS#9 extensionRequest; some CAs ignore it",
      );
      return;
    }
    if (!isKnownCsrAttribute(a.oid)) {
      add(
        'unusual-attribute',
        'info',
        `attributes[${i}]`,
        `attribute ${describeOid(a.oid)} is not one a CA usually reads (challengePassword, unstructuredName, extensionRequest); it will most likely be ignored`,
      );
    }
  });
}

function _lintCertificate(cert: Certificate, profile: LintProfile, add: _Add): void {
  let isCa = false;
  const bcExt = findRawExtension(cert, EXTENSION.basicConstraints);
  if (bcExt !== undefined) {
    try {
      isCa = decodeBasicConstraints(bcExt.value, bcExt.valueOffset, cert.lenient).cA;
    } catch {
      // reported by _lintExtensions
    }
  }
  if (profile === 'tls-server' && !isCa) {
    // RFC 5280 §4.1.2.5: both ends inclusive, so the period is notAfter - notBefore + 1 second.
    const seconds = (cert.notAfter.getTime() - cert.notBefore.getTime()) / 1000 + 1;
    const max = _maxTlsValidityDays(cert.notBefore);
    if (seconds > max * 86_400) {
      add(
        'validity-too-long',
        'error',
        'validity',
        `the validity period is ${(seconds / 86_400).toFixed(1)} days; the CA/B Forum allows at most ${max} days for a TLS server certificate issued on ${cert.notBefore.toISOString().slice(0, 10)} (BR §6.3.2)`,
      );
    }
  }
  if (profile === 'tls-server' && isCa) add('ca-flag-on-leaf', 'error', 'extensions.basicConstraints', 'this TLS server certificate has cA TRUE; a leaf must not be a CA (CA/B BR §7.1.2.7.8)');
  // CA/B BR §7.1: at least 64 bits from a CSPRNG; a serial shorter than 64 bits cannot hold them.
  const serial = bytesToBigInt(cert.rawSerial);
  const bits = serial <= 0n ? 0 : serial.toString(2).length;
  if (bits < 64)
    add('serial-low-entropy', profile === 'none' ? 'warning' : 'error', 'serialNumber', `the serial number has ${bits} significant bits; CA/B BR §7.1 requires at least 64 bits of CSPRNG output`);
  const selfSigned = bytesEqual(cert.rawIssuer, cert.rawSubject);
  if (!(findRawExtension(cert, EXTENSION.authorityKeyIdentifier) !== undefined) && !selfSigned) {
    add(
      'aki-missing',
      'error',
      'extensions.authorityKeyIdentifier',
      'there is no authorityKeyIdentifier; RFC 5280 §4.2.1.1 requires it in every certificate but self-signed ones (it lets path building find the issuer key)',
    );
  }
  if (!(findRawExtension(cert, EXTENSION.subjectKeyIdentifier) !== undefined)) {
    add(
      'ski-missing',
      isCa ? 'error' : 'warning',
      'extensions.subjectKeyIdentifier',
      `there is no subjectKeyIdentifier; RFC 5280 §4.2.1.2 ${isCa ? 'requires it in CA certificates' : 'recommends it in end-entity certificates'}`,
    );
  }
}
