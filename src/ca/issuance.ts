/**
 * Issuance from a CSR under a profile: the steps behind {@link CertificateAuthority.issue}, and
 * the CA's serial generator.
 *
 * Scope: verify the request's self-signature (RFC 2986 §3), lint it under the profile's linter
 * profile, apply the profile (keys, names, validity, the extensions it fixes and the ones it
 * copies), reserve a fresh random serial in the store *before* signing (so a serial is never
 * used twice, even across crashes), sign, and commit the record with its requester and its audit
 * entry in one store transaction; a refusal is appended to the audit log with its findings.
 * Non-goals: revocation and CRLs (`authority.ts`), hierarchies (`hierarchy.ts`).
 * @module
 */
import { bytesEqual } from '../der/index';
import { checkDnsName, lintCsr, parseCsr, verifyCsr, Csr, csrPublicKey, type LintFinding } from '../csr/index';
import { EXTENSION, ACCESS_METHOD, describeOid, oidName } from '../oid/index';
import type { Signer } from '../sig/index';
import {
  CertificateBuilder,
  type Certificate,
  Name,
  attributeTypeOid,
  authorityInfoAccessCodec,
  basicConstraintsCodec,
  certificatePoliciesCodec,
  crlDistributionPointsCodec,
  decodeBasicConstraints,
  decodeExtKeyUsage,
  decodeKeyUsage,
  dns,
  email,
  formatIpAddress,
  getExtension,
  ip,
  subjectAltNameCodec,
  uri,
  type AccessDescription,
  type GeneralName,
  type KeyUsage,
  type NameInit,
  nameFrom,
  nameFromAttributes,
  parseNameString,
} from '../x509/index';
import type { IssueOptions, IssueResult } from './authority';
import { CaError, type IssuanceFinding } from './errors';
import { keyAllowed, _purposeOid, type CertificateProfile, type SanKind } from './profiles';
import { _isActive, canonicalSerial, type CaStore, type CertificateRecord } from './store';

const _DAY = 86_400_000;

/** @internal What issuance needs of the CA. */
export interface _IssuerContext {
  readonly certificate: Certificate;
  readonly chain: readonly Certificate[];
  readonly store: CaStore;
  readonly signer: Signer;
  readonly random: (length: number) => Uint8Array;
  profile(name: string): CertificateProfile;
  now(): Date;
}

/**
 * The CA's serial generator: 16 octets from the CSPRNG with the top bit cleared and a non-zero
 * first octet, so every serial is positive, 16 octets long and carries 127 bits of randomness
 * (RFC 5280 §4.1.2.2: positive, at most 20 octets; CA/B BR §7.1: at least 64 bits of CSPRNG
 * output). Returned in canonical form (lower-case hex without leading zeros).
 * @example
 * ```ts
 * generateSerial().length // 31 or 32
 * ```
 */
export function generateSerial(random: (length: number) => Uint8Array = _defaultRandom): string {
  const b = random(16);
  if (!(b instanceof Uint8Array) || b.length !== 16) throw new TypeError('random(16) must return 16 bytes');
  let hex = '';
  for (let i = 0; i < 16; i++) {
    let v = b[i]!;
    if (i === 0) {
      v &= 0x7f;
      if (v === 0) v = 0x01; // keep 16 octets (the serial never shrinks)
    }
    hex += v.toString(16).padStart(2, '0');
  }
  return canonicalSerial(hex); // '0f...' is 'f...' in canonical form
}

export function _defaultRandom(n: number): Uint8Array {
  const c = globalThis.crypto;
  if (c === undefined || typeof c.getRandomValues !== 'function') throw new TypeError('serial numbers need globalThis.crypto.getRandomValues (or pass random)');
  return c.getRandomValues(new Uint8Array(n));
}

/** `DNS:x`, `IP:x`, `email:x`, `URI:x`, as records and the CLI show names. */
function _sanText(g: GeneralName): string {
  switch (g.type) {
    case 'dns':
      return `DNS:${g.value}`;
    case 'ip':
      return `IP:${formatIpAddress(g.value)}`;
    case 'email':
      return `email:${g.value}`;
    case 'uri':
      return `URI:${g.value}`;
    case 'dn':
      return `DirName:${g.value.toString()}`;
    case 'registeredId':
      return `RID:${g.value}`;
    default:
      return g.type;
  }
}

function _sanKind(g: GeneralName): SanKind | undefined {
  return g.type === 'dns' || g.type === 'ip' || g.type === 'email' || g.type === 'uri' ? g.type : undefined;
}

export function _toGeneralName(v: GeneralName | string): GeneralName {
  if (typeof v === 'string') {
    // `DNS:x`, `IP:x`, `email:x`, `URI:x` as the CLI writes them; bare: an IP literal or a DNS name.
    const m = /^(DNS|IP|email|URI):(.*)$/i.exec(v);
    if (m) {
      const kind = m[1]!.toLowerCase();
      return kind === 'dns' ? dns(m[2]!) : kind === 'ip' ? ip(m[2]!) : kind === 'email' ? email(m[2]!) : uri(m[2]!);
    }
    if (/^[0-9.]+$/.test(v) || v.includes(':')) return ip(v);
    if (v.includes('@')) return email(v);
    return dns(v);
  }
  if (v !== null && typeof v === 'object' && typeof (v as { type?: unknown }).type === 'string') return v;
  throw new TypeError('extraSans holds GeneralNames (dns(), ip(), email(), uri()) or strings');
}

function _toName(v: unknown): Name {
  if (v instanceof Name) return v;
  if (typeof v === 'string') return parseNameString(v);
  if (v !== null && typeof v === 'object') return nameFrom(v as NameInit);
  throw new TypeError('subjectOverride expects a Name, an object such as { CN: "x" } or an RFC 4514 string');
}

function _sameSan(a: GeneralName, b: GeneralName): boolean {
  if (a.type !== b.type) return false;
  if (a.type === 'ip' && b.type === 'ip') return bytesEqual(a.value, b.value);
  if ((a.type === 'dns' || a.type === 'email') && a.type === b.type) return a.value.toLowerCase() === (b.value as string).toLowerCase();
  if (a.type === 'uri' && b.type === 'uri') return a.value === b.value;
  return false;
}

function _sorted(findings: IssuanceFinding[]): IssuanceFinding[] {
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => rank[a.f.severity] - rank[b.f.severity] || a.i - b.i)
    .map((x) => x.f);
}

function _refusal(findings: IssuanceFinding[]): CaError {
  const sorted = _sorted(findings);
  const errors = sorted.filter((f) => f.severity === 'error');
  const head = errors
    .slice(0, 3)
    .map((f) => `${f.code}: ${f.message}`)
    .join('; ');
  return new CaError('issuance-refused', `issuance refused (${errors.length} error${errors.length === 1 ? '' : 's'}): ${head}${errors.length > 3 ? '; ...' : ''}`, { findings: sorted });
}

/**
 * @internal {@link CertificateAuthority.issue}: the steps, and a refusal appended to the audit
 * log with its findings (a failure to append is not allowed to hide the refusal).
 */
export async function _issue(ctx: _IssuerContext, csr: Csr | Uint8Array | string, options: IssueOptions): Promise<IssueResult> {
  try {
    return await _issueSteps(ctx, csr, options);
  } catch (e) {
    if (e instanceof CaError && e.code === 'issuance-refused') {
      const who = options?.requester;
      try {
        await ctx.store.appendAudit({
          time: ctx.now().toISOString(),
          action: 'refuse',
          principal: who?.principal ?? 'cli',
          profile: String(options.profile),
          code: e.code,
          message: e.message,
          findings: e.findings,
          ...(who ? { method: who.method, ...(who.address !== undefined ? { address: who.address } : {}) } : {}),
        });
      } catch {
        // the refusal stands; the store's failure is its own problem
      }
    }
    throw e;
  }
}

async function _issueSteps(ctx: _IssuerContext, csr: Csr | Uint8Array | string, options: IssueOptions): Promise<IssueResult> {
  if (options === null || typeof options !== 'object') throw new TypeError('issue() needs options { profile }');
  const profile = ctx.profile(options.profile);
  const req = csr instanceof Csr ? csr : parseCsr(csr as Uint8Array | string);
  const findings: IssuanceFinding[] = [];
  const add = (code: IssuanceFinding['code'], severity: IssuanceFinding['severity'], field: string, message: string): void => {
    findings.push({ code, severity, field, message });
  };

  // RFC 2986 §3: the signature proves possession of the private key. Weak algorithms and
  // small keys have findings of their own, so the check itself accepts them.
  let popOk: boolean;
  try {
    popOk = await verifyCsr(req, { allowSha1: true, allowMd5: true, minRsaBits: 0 });
  } catch (e) {
    popOk = false;
    add('csr-signature-invalid', 'error', 'signature', `the request's signature cannot be checked: ${(e as Error).message}`);
  }
  if (!popOk) {
    if (findings.length === 0)
      add('csr-signature-invalid', 'error', 'signature', "the request's self-signature does not verify with its public key: it was altered or signed with another key (RFC 2986 §3)");
    throw _refusal(findings);
  }

  // The linter, with the profile's severities.
  const lint: LintFinding[] = lintCsr(req, { profile: profile.lint });
  for (const f of lint) {
    if (f.code === 'signature-invalid') continue; // checked above
    const sev = profile.lintSeverity?.[f.code] ?? f.severity;
    if (sev === 'ignore') continue;
    findings.push({ ...f, severity: sev });
  }

  // Keys.
  let key;
  try {
    key = csrPublicKey(req);
  } catch {
    key = undefined; // the linter reported it
  }
  if (key !== undefined) {
    const why = keyAllowed(profile, key);
    if (why !== undefined) add('key-not-allowed', 'error', 'subjectPublicKeyInfo', why);
    if ([ctx.certificate, ...ctx.chain].some((c) => bytesEqual(c.rawSpki, key.spki))) {
      add('ca-key-reuse', 'error', 'subjectPublicKeyInfo', "the request is for a key of this CA (or of its issuers); a CA's key must certify nothing but the CA itself");
    }
  }

  // Subject.
  let subject: Name;
  if (options.subjectOverride !== undefined) {
    subject = _toName(options.subjectOverride);
    // The linter judged the request's subject, which is not used (nor is its empty-subject rule
    // that subjectAltName be critical: the certificate gets the operator's subject).
    for (let i = findings.length - 1; i >= 0; i--)
      if ((findings[i]!.field.startsWith('subject.') && findings[i]!.code !== 'cn-not-in-san') || findings[i]!.code === 'subject-empty-san-not-critical') findings.splice(i, 1);
  } else {
    try {
      subject = _copySubject(req.subject, profile, add);
    } catch {
      subject = nameFrom({}); // subject-unreadable is already an error finding
    }
  }
  if (profile.subject.requireCommonName && subject.commonName === undefined) {
    add('subject-missing-cn', 'error', 'subject.CN', `profile '${profile.name}' requires a commonName in the subject`);
  }

  // subjectAltName: the request's, then the operator's.
  const sans: GeneralName[] = [];
  let requestSans: readonly GeneralName[] = [];
  try {
    requestSans = getExtension(req, subjectAltNameCodec) ?? [];
  } catch {
    // extension-unreadable is already an error finding
  }
  const extra = (options.extraSans ?? []).map(_toGeneralName);
  extra.forEach((g, i) => {
    if (g.type === 'dns') for (const p of checkDnsName(g.value)) if (!(p.code === 'internal-name')) add(p.code as IssuanceFinding['code'], 'error', `extraSans[${i}]`, p.message);
  });
  for (const [i, g] of [...requestSans, ...extra].entries()) {
    const field = i < requestSans.length ? `extensions.subjectAltName[${i}]` : `extraSans[${i - requestSans.length}]`;
    const kind = _sanKind(g);
    if (kind === undefined || !profile.san.allowed.includes(kind)) {
      add('san-kind-not-allowed', 'error', field, `${_sanText(g)}: profile '${profile.name}' allows only ${profile.san.allowed.join(', ') || 'no'} subjectAltNames`);
      continue;
    }
    if (g.type === 'dns' && g.value.includes('*') && !profile.san.wildcards) {
      add('wildcard-not-allowed', 'error', field, `${g.value}: profile '${profile.name}' does not allow wildcard names`);
    }
    if (!sans.some((s) => _sameSan(s, g))) sans.push(g);
  }
  const maxSans = profile.san.max ?? 100;
  if (sans.length > maxSans) add('too-many-sans', 'error', 'extensions.subjectAltName', `${sans.length} names; profile '${profile.name}' allows at most ${maxSans}`);
  // Name rules the linter judged on the request alone, re-judged on the final names.
  if (sans.length > 0) {
    _drop(findings, (f) => f.code === 'san-missing' || f.code === 'subject-empty-no-san');
    if (sans.some((g) => g.type === 'email')) _drop(findings, (f) => f.code === 'email-san-missing');
  }
  const cn = subject.commonName;
  if (cn !== undefined && sans.some((g) => (g.type === 'dns' && g.value.toLowerCase() === cn.toLowerCase()) || (g.type === 'ip' && formatIpAddress(g.value) === cn))) {
    _drop(findings, (f) => f.code === 'cn-not-in-san');
  }
  if (profile.san.required && sans.length === 0 && !findings.some((f) => f.code === 'san-missing' || f.code === 'email-san-missing')) {
    add('san-required', 'error', 'extensions.subjectAltName', `profile '${profile.name}' requires a subjectAltName (${profile.san.allowed.join(', ')})`);
  }

  // keyUsage the profile gives this key (RFC 8813 §3, RFC 8410 §5: no encipherment bits for signature-only keys).
  const ku: KeyUsage = key !== undefined && key.algorithm !== 'RSA' ? profile.keyUsage.filter((b) => b !== 'keyEncipherment' && b !== 'dataEncipherment') : profile.keyUsage;
  const eku = profile.extKeyUsage?.map(_purposeOid);

  // Requested extensions other than subjectAltName.
  _requestedExtensions(req, profile, ku, eku, add);

  // RFC 5280 §4.2.1.9: a CA with pathLenConstraint n may have at most n CA certificates below
  // it, so a CA it certifies needs a pathLenConstraint below n (and none at all when n is 0).
  const myPathLen = getExtension(ctx.certificate, basicConstraintsCodec)?.pathLenConstraint;
  if (profile.ca !== undefined && myPathLen !== undefined) {
    if (myPathLen === 0) {
      add('path-length-exceeded', 'error', 'extensions.basicConstraints', `this CA's pathLenConstraint is 0: it may certify end entities only, not another CA`);
    } else if (profile.ca.pathLength === undefined || profile.ca.pathLength >= myPathLen) {
      add(
        'path-length-exceeded',
        'error',
        'extensions.basicConstraints',
        `this CA's pathLenConstraint is ${myPathLen}: a CA it certifies needs a pathLenConstraint of at most ${myPathLen - 1} (profile '${profile.name}' gives ${profile.ca.pathLength ?? 'none'})`,
      );
    }
  }

  // Validity.
  const now = ctx.now();
  const { notBefore, notAfter } = _validity(ctx, options.validity, profile, now, add);

  if (findings.some((f) => f.severity === 'error')) throw _refusal(findings);

  const keyFingerprint = key!.fingerprint256();
  if (profile.uniqueKey) {
    const active = (await ctx.store.findByKey(keyFingerprint)).filter((r) => _isActive(r, now));
    if (active.length > 0) {
      add(
        'duplicate-key',
        'error',
        'subjectPublicKeyInfo',
        `an active certificate (serial ${active[0]!.serial}) already certifies this key; profile '${profile.name}' needs a fresh key per certificate (revoke the old one first)`,
      );
      throw _refusal(findings);
    }
  }

  // A serial claimed durably before signing: never handed out twice, even after a crash.
  let serial: string | undefined;
  for (let attempt = 0; attempt < 8 && serial === undefined; attempt++) {
    const s = generateSerial(ctx.random);
    if (await ctx.store.reserveSerial(s)) serial = s;
  }
  if (serial === undefined) throw new CaError('serial-exhausted', 'eight fresh random serials in a row were already taken: the random number generator is broken; nothing was issued');

  let b = CertificateBuilder.create()
    .serialNumber(serial)
    .subject(subject)
    .publicKey(key!)
    .notBefore(notBefore)
    .notAfter(notAfter)
    .basicConstraints(profile.ca ? (profile.ca.pathLength === undefined ? { cA: true } : { cA: true, pathLenConstraint: profile.ca.pathLength }) : { cA: false })
    .keyUsage(ku);
  if (eku !== undefined) b = b.extKeyUsage([...eku]);
  if (sans.length > 0) b = b.subjectAltNames(...sans);
  if (profile.policies !== undefined && profile.policies.length > 0) b = b.extension(certificatePoliciesCodec, profile.policies);
  if (profile.crlDistributionPoints !== undefined && profile.crlDistributionPoints.length > 0) {
    b = b.extension(crlDistributionPointsCodec, [{ distributionPoint: { type: 'fullName', names: profile.crlDistributionPoints.map((u) => uri(u)) } }]);
  }
  const aia: AccessDescription[] = [
    ...(profile.authorityInfoAccess?.ocsp ?? []).map((u) => ({ method: ACCESS_METHOD.ocsp, location: uri(u) })),
    ...(profile.authorityInfoAccess?.caIssuers ?? []).map((u) => ({ method: ACCESS_METHOD.caIssuers, location: uri(u) })),
  ];
  if (aia.length > 0) b = b.extension(authorityInfoAccessCodec, aia);
  const certificate = await b.sign(ctx.signer, { issuerCertificate: ctx.certificate, now });

  const record: CertificateRecord = {
    serial,
    profile: profile.name,
    subject: subject.toString(),
    sans: sans.map(_sanText),
    notBefore: certificate.notBefore.toISOString(),
    notAfter: certificate.notAfter.toISOString(),
    issuedAt: now.toISOString(),
    keyFingerprint,
    der: certificate.raw.slice(),
    ...(options.requester !== undefined ? { requester: options.requester } : {}),
  };
  const who = options.requester;
  try {
    await ctx.store.commitIssuance(record, {
      uniqueKey: profile.uniqueKey,
      now,
      audit: {
        time: now.toISOString(),
        action: 'issue',
        principal: who?.principal ?? 'cli',
        serial,
        profile: profile.name,
        message: `issued ${record.subject}`,
        ...(who ? { method: who.method, ...(who.address !== undefined ? { address: who.address } : {}) } : {}),
      },
    });
  } catch (e) {
    if (e instanceof CaError && e.code === 'duplicate-key') {
      add('duplicate-key', 'error', 'subjectPublicKeyInfo', e.message);
      throw _refusal(findings);
    }
    throw e;
  }
  return { certificate, chain: [certificate, ctx.certificate, ...ctx.chain], serial, warnings: _sorted(findings), record };
}

function _copySubject(requested: Name, profile: CertificateProfile, add: (code: IssuanceFinding['code'], s: IssuanceFinding['severity'], f: string, m: string) => void): Name {
  const copy = profile.subject.copy;
  if (copy === 'any') return requested;
  const allowed = new Set<string>();
  for (const n of copy) {
    try {
      allowed.add(attributeTypeOid(n));
    } catch {
      // an unknown name in a user profile copies nothing
    }
  }
  let dropped = false;
  const rdns = requested.rdns
    .map((rdn) =>
      rdn.filter((a) => {
        if (allowed.has(a.type)) return true;
        dropped = true;
        add(
          'subject-attribute-dropped',
          'warning',
          `subject.${a.type}`,
          `the subject attribute ${a.type}${a.value === undefined ? '' : ` (${a.value})`} is not one profile '${profile.name}' copies (${copy.join(', ')}); it is left out`,
        );
        return false;
      }),
    )
    .filter((rdn) => rdn.length > 0);
  return dropped ? nameFromAttributes(rdns) : requested;
}

function _requestedExtensions(
  req: Csr,
  profile: CertificateProfile,
  ku: KeyUsage,
  eku: readonly string[] | undefined,
  add: (code: IssuanceFinding['code'], s: IssuanceFinding['severity'], f: string, m: string) => void,
): void {
  const refuse = profile.requestedExtensions === 'refuse';
  const code = refuse ? 'request-extension-refused' : undefined;
  const sev = refuse ? 'error' : 'warning';
  for (const e of req.extensions) {
    const field = `extensions.${oidName(e.oid) ?? e.oid}`;
    try {
      switch (e.oid) {
        case EXTENSION.subjectAltName:
          break;
        case EXTENSION.subjectKeyIdentifier:
          // The CA computes the identifier itself (RFC 5280 §4.2.1.2); nothing to tell.
          break;
        case EXTENSION.keyUsage: {
          const want = decodeKeyUsage(e.value, e.valueOffset, req.lenient);
          const extra = want.filter((b) => !ku.includes(b));
          if (extra.length > 0)
            add(
              code ?? 'request-extension-overridden',
              sev,
              'extensions.keyUsage',
              `the request asks for keyUsage ${extra.join(', ')}, which profile '${profile.name}' does not give (it sets ${ku.join(', ')})`,
            );
          break;
        }
        case EXTENSION.extKeyUsage: {
          const want = decodeExtKeyUsage(e.value, e.valueOffset, req.lenient);
          const extra = want.filter((p) => !(eku ?? []).includes(p));
          if (extra.length > 0)
            add(
              code ?? 'request-extension-overridden',
              sev,
              'extensions.extKeyUsage',
              `the request asks for extKeyUsage ${extra.map(_purposeName).join(', ')}, which profile '${profile.name}' does not give (it sets ${(eku ?? []).map(_purposeName).join(', ') || 'none'})`,
            );
          break;
        }
        case EXTENSION.basicConstraints: {
          const want = decodeBasicConstraints(e.value, e.valueOffset, req.lenient);
          if (want.cA && profile.ca === undefined)
            add(code ?? 'request-extension-overridden', sev, 'extensions.basicConstraints', `the request asks for a CA certificate; profile '${profile.name}' issues end entities (cA FALSE)`);
          break;
        }
        default:
          add(
            code ?? 'request-extension-dropped',
            sev,
            field,
            `the requested extension ${describeOid(e.oid)} is not one profile '${profile.name}' copies; ${refuse ? 'the profile refuses such requests' : 'it is left out'}`,
          );
      }
    } catch {
      // extension-unreadable is already an error finding from the linter
    }
  }
}

function _validity(
  ctx: _IssuerContext,
  v: IssueOptions['validity'],
  profile: CertificateProfile,
  now: Date,
  add: (code: IssuanceFinding['code'], s: IssuanceFinding['severity'], f: string, m: string) => void,
): { notBefore: Date; notAfter: Date } {
  let notBefore = now;
  let notAfter: Date;
  const days = (d: unknown): number => {
    if (typeof d !== 'number' || !Number.isFinite(d)) throw new TypeError('validity days must be a number');
    if (!Number.isSafeInteger(d) || d <= 0) throw new RangeError(`validity must be a positive whole number of days, got ${d}`);
    return d;
  };
  if (v === undefined || typeof v === 'number') {
    notAfter = new Date(notBefore.getTime() + days(v ?? profile.validity.defaultDays) * _DAY - 1000);
  } else if (v !== null && typeof v === 'object') {
    if (v.notBefore !== undefined) {
      if (!(v.notBefore instanceof Date) || Number.isNaN(v.notBefore.getTime())) throw new TypeError('validity.notBefore must be a valid Date');
      notBefore = new Date(Math.floor(v.notBefore.getTime() / 1000) * 1000);
    }
    if (v.notAfter !== undefined) {
      if (v.days !== undefined) throw new TypeError('give validity.days or validity.notAfter, not both');
      if (!(v.notAfter instanceof Date) || Number.isNaN(v.notAfter.getTime())) throw new TypeError('validity.notAfter must be a valid Date');
      notAfter = new Date(Math.floor(v.notAfter.getTime() / 1000) * 1000);
      if (notAfter <= notBefore) throw new RangeError(`validity.notAfter ${notAfter.toISOString()} is not after notBefore ${notBefore.toISOString()}`);
    } else {
      notAfter = new Date(notBefore.getTime() + days(v.days ?? profile.validity.defaultDays) * _DAY - 1000);
    }
  } else {
    throw new TypeError('validity is a number of days or { days?, notBefore?, notAfter? }');
  }
  // RFC 5280 §4.1.2.5: both ends inclusive.
  const periodDays = (notAfter.getTime() - notBefore.getTime() + 1000) / _DAY;
  if (periodDays > profile.validity.maxDays) {
    add('validity-too-long', 'error', 'validity', `${Math.ceil(periodDays)} days asked; profile '${profile.name}' allows at most ${profile.validity.maxDays}`);
  }
  if (notAfter > ctx.certificate.notAfter) {
    add(
      'outlives-issuer',
      'error',
      'validity',
      `notAfter ${notAfter.toISOString()} is after the CA certificate's notAfter ${ctx.certificate.notAfter.toISOString()}; a certificate cannot be valid longer than its issuer`,
    );
  }
  return { notBefore, notAfter };
}

function _drop(findings: IssuanceFinding[], pred: (f: IssuanceFinding) => boolean): void {
  for (let i = findings.length - 1; i >= 0; i--) if (pred(findings[i]!)) findings.splice(i, 1);
}

/** A key purpose by its name (`serverAuth`), or its OID when the registry has no name for it. */
function _purposeName(oid: string): string {
  return oidName(oid) ?? oid;
}
