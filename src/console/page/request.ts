/**
 * The request view: profile rules beside the fields, the key made in the browser by WebCrypto
 * (non-extractable unless a PKCS#12 is wanted) or a pasted CSR (with its key, optionally, for a
 * PKCS#12), the decoded CSR and the linter's findings before anything is sent (errors block),
 * the submission, and the downloads (certificate, chain, PKCS#12 built here with the local key
 * and a typed password). Only the CSR travels; the private key never leaves the page.
 * Browser-only.
 * @module
 */
import { CsrBuilder, csrPublicKey, csrToPem, formatCsr, lintCsr, parseCsr, verifyCsr, type Csr, type LintProfile } from '../../csr/index';
import { importPrivateKey, keyMatches, type PrivateKey } from '../../keys/index';
import { createPkcs12 } from '../../pkcs12/index';
import { signerFromCryptoKeyPair } from '../../sig/index';
import { dns, email, ip, looksLikeIpAddress, uri, type GeneralName } from '../../x509/index';
import { apiCall, type Finding, type Issued, type ProfileRules } from './api';
import { byId, clearErrors, download, el, fieldError, fill } from './dom';
import type { Session } from './session';

type KeyChoice = 'P-256' | 'P-384' | 'RSA-2048' | 'RSA-3072' | 'Ed25519';

interface Prepared {
  readonly csr: Csr;
  readonly pem: string;
  readonly profile: string;
  /** PKCS#8 of the key, when the user asked for a PKCS#12 (generated extractable, or pasted). */
  readonly pkcs8?: Uint8Array | PrivateKey;
  readonly label: string;
  /** Requester metadata sent with the request. */
  readonly note?: string;
}

let session: Session;
let prepared: Prepared | undefined;
let issued: { readonly result: Issued; readonly prepared: Prepared } | undefined;

function rulesOf(name: string): ProfileRules | undefined {
  return session.me.profiles.find((p) => p.name === name);
}

/** The key algorithms WebCrypto makes that the profile accepts. */
function keyChoices(p: ProfileRules): KeyChoice[] {
  const out: KeyChoice[] = [];
  if (p.keys.ecdsa?.includes('P-256')) out.push('P-256');
  if (p.keys.ecdsa?.includes('P-384')) out.push('P-384');
  for (const bits of [2048, 3072] as const) {
    if (p.keys.rsa !== undefined && p.keys.rsa.minBits <= bits && (p.keys.rsa.maxBits ?? Infinity) >= bits) out.push(`RSA-${bits}`);
  }
  if (p.keys.ed25519 === true) out.push('Ed25519');
  return out;
}

function describeKeys(p: ProfileRules): string {
  const k: string[] = [];
  if (p.keys.ecdsa?.length) k.push(`ECDSA ${p.keys.ecdsa.join(', ')}`);
  if (p.keys.rsa) k.push(`RSA ${p.keys.rsa.minBits}${p.keys.rsa.maxBits ? `-${p.keys.rsa.maxBits}` : '+'} bits`);
  if (p.keys.ed25519) k.push('Ed25519');
  if (p.keys.ed448) k.push('Ed448');
  if (p.keys.mlDsa?.length) k.push(p.keys.mlDsa.join(', '));
  return k.join('; ') || 'none';
}

function showRules(): void {
  const p = rulesOf(byId<HTMLSelectElement>('profile').value);
  const list = byId('rules-list');
  if (p === undefined) return fill(list);
  const row = (dt: string, dd: string): Node[] => [el('dt', {}, dt), el('dd', {}, dd)];
  const subject = p.subject.copy === 'any' ? 'any attribute' : p.subject.copy.join(', ');
  fill(
    list,
    ...row('Purpose', p.description),
    ...row('Subject', `${subject} copied${p.subject.requireCommonName ? '; CN required' : ''}`),
    ...row(
      'Alternative names',
      `${p.san.required ? 'required' : 'optional'}; ${p.san.allowed.join(', ') || 'none'}${p.san.wildcards ? '; wildcards allowed' : '; no wildcards'}${p.san.max ? `; at most ${p.san.max}` : ''}`,
    ),
    ...row('Keys', describeKeys(p)),
    ...row('Validity', `${p.validity.defaultDays} days (at most ${p.validity.maxDays})`),
    ...(p.extKeyUsage ? row('Extended key usage', p.extKeyUsage.join(', ')) : []),
    ...row('Checked as', `${p.lint} (linter profile)`),
  );
  const alg = byId<HTMLSelectElement>('alg');
  const before = alg.value;
  fill(alg, ...keyChoices(p).map((c) => el('option', { value: c }, c)));
  if (Array.from(alg.options).some((o) => o.value === before)) alg.value = before;
}

/** A SAN line → a GeneralName of the kind it looks like (`DNS:`, `IP:`, `email:`, `URI:` prefixes win). */
function parseSan(line: string): { kind: string; name: GeneralName } {
  const m = /^(dns|ip|email|uri):(.*)$/i.exec(line);
  const kind = m ? m[1]!.toLowerCase() : line.includes('://') ? 'uri' : line.includes('@') ? 'email' : looksLikeIpAddress(line) ? 'ip' : 'dns';
  const v = m ? m[2]!.trim() : line;
  return { kind, name: kind === 'ip' ? ip(v) : kind === 'email' ? email(v) : kind === 'uri' ? uri(v) : dns(v) };
}

async function generate(choice: KeyChoice, extractable: boolean): Promise<CryptoKeyPair> {
  const subtle = crypto.subtle;
  const usages: KeyUsage[] = ['sign', 'verify'];
  if (choice === 'P-256' || choice === 'P-384') return subtle.generateKey({ name: 'ECDSA', namedCurve: choice }, extractable, usages);
  if (choice === 'Ed25519') return (await subtle.generateKey({ name: 'Ed25519' }, extractable, usages)) as CryptoKeyPair;
  return subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: Number(choice.slice(4)), publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, extractable, usages);
}

function keySource(): 'generate' | 'paste' {
  return byId<HTMLInputElement>('src-paste').checked ? 'paste' : 'generate';
}

function syncKeySource(): void {
  const paste = keySource() === 'paste';
  byId('gen-opts').hidden = paste;
  byId('paste-opts').hidden = !paste;
  for (const id of ['cn', 'org', 'sans']) byId<HTMLInputElement>(id).disabled = paste;
  byId('subject-note').hidden = !paste;
}

/** Checks the form against the profile, makes the key and the CSR, or reads the pasted CSR. */
async function prepare(): Promise<Prepared | undefined> {
  const profile = byId<HTMLSelectElement>('profile').value;
  const rules = rulesOf(profile);
  if (rules === undefined) return void fieldError('profile', 'choose a profile', true);
  if (keySource() === 'paste') {
    let csr: Csr;
    try {
      csr = parseCsr(byId<HTMLTextAreaElement>('csr-pem').value.trim());
    } catch (e) {
      return void fieldError('csr-pem', `This is not a PEM certificate request: ${(e as Error).message}`, true);
    }
    if (!(await verifyCsr(csr).catch(() => false))) return void fieldError('csr-pem', "The request's signature does not verify with its own key: it was altered or signed with another key.", true);
    const keyText = byId<HTMLTextAreaElement>('key-pem').value.trim();
    let key: PrivateKey | undefined;
    if (keyText !== '') {
      try {
        key = importPrivateKey(keyText);
      } catch (e) {
        return void fieldError('key-pem', `This private key does not read: ${(e as Error).message}`, true);
      }
      if (!keyMatches(key, csrPublicKey(csr))) return void fieldError('key-pem', 'This private key does not match the request: it is not the key the CSR was made with.', true);
    }
    return { csr, pem: csrToPem(csr), profile, ...(key ? { pkcs8: key } : {}), label: csr.subject.commonName ?? 'certificate' };
  }
  const cn = byId<HTMLInputElement>('cn').value.trim();
  const org = byId<HTMLInputElement>('org').value.trim();
  if (rules.subject.requireCommonName && cn === '') return void fieldError('cn', `The ${rules.name} profile requires a common name.`, true);
  const lines = byId<HTMLTextAreaElement>('sans')
    .value.split(/[\n,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const names: GeneralName[] = [];
  for (const line of lines) {
    let san;
    try {
      san = parseSan(line);
    } catch (e) {
      return void fieldError('sans', `"${line}": ${(e as Error).message}`, true);
    }
    if (!rules.san.allowed.includes(san.kind)) return void fieldError('sans', `"${line}" is a ${san.kind} name; the ${rules.name} profile allows ${rules.san.allowed.join(', ') || 'none'}.`, true);
    if (san.kind === 'dns' && line.includes('*') && !rules.san.wildcards) return void fieldError('sans', `"${line}": the ${rules.name} profile does not allow wildcards.`, true);
    names.push(san.name);
  }
  if (rules.san.required && names.length === 0) return void fieldError('sans', `The ${rules.name} profile requires at least one alternative name.`, true);
  if (names.length > (rules.san.max ?? 100)) return void fieldError('sans', `At most ${rules.san.max ?? 100} names.`, true);
  const choice = byId<HTMLSelectElement>('alg').value as KeyChoice;
  if (!keyChoices(rules).includes(choice)) return void fieldError('alg', `The ${rules.name} profile accepts ${describeKeys(rules)}.`, true);
  const wantP12 = byId<HTMLInputElement>('want-p12').checked;
  let pair: CryptoKeyPair;
  try {
    pair = await generate(choice, wantP12);
  } catch (e) {
    return void fieldError('alg', `This browser cannot make a ${choice} key: ${(e as Error).message}`, true);
  }
  // The builder checks values as they are set (RFC 5280 upper bounds, string types): its refusal
  // belongs to the field that was set.
  let b: CsrBuilder;
  try {
    b = CsrBuilder.create().subject({ ...(cn ? { CN: cn } : {}), ...(org ? { O: org } : {}) });
  } catch (e) {
    return void fieldError(cn !== '' && /\bCN\b/.test((e as Error).message) ? 'cn' : org !== '' ? 'org' : 'cn', (e as Error).message, true);
  }
  if (names.length > 0) {
    try {
      b = b.subjectAltNames(...names);
    } catch (e) {
      return void fieldError('sans', (e as Error).message, true);
    }
  }
  let csr: Csr;
  try {
    csr = await b.sign(await signerFromCryptoKeyPair(pair));
  } catch (e) {
    return void fieldError('alg', `The request could not be signed with this key: ${(e as Error).message}`, true);
  }
  const pkcs8 = wantP12 ? new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey)) : undefined;
  return { csr, pem: csrToPem(csr), profile, ...(pkcs8 ? { pkcs8 } : {}), label: cn || 'certificate' };
}

/** The linter's findings under the profile, with the profile's severity changes (as the CA applies them). */
function findingsOf(p: Prepared): Finding[] {
  const rules = rulesOf(p.profile)!;
  const out: Finding[] = [];
  for (const f of lintCsr(p.csr, { profile: rules.lint as LintProfile })) {
    const sev = rules.lintSeverity?.[f.code] ?? f.severity;
    if (sev === 'ignore') continue;
    out.push({ ...f, severity: sev as Finding['severity'] });
  }
  return out;
}

function findingItems(findings: readonly Finding[]): HTMLElement[] {
  return findings.map((f) =>
    el(
      'li',
      { class: `finding ${f.severity}`, 'data-code': f.code },
      el('strong', {}, f.severity === 'error' ? 'Error' : f.severity === 'warning' ? 'Warning' : 'Note'),
      `: ${f.message} `,
      el('code', {}, `${f.code} · ${f.field}`),
    ),
  );
}

/** Which form field a finding is about. */
function fieldOf(f: Finding): string {
  const manual = keySource() === 'paste';
  if (manual) return f.field === 'subjectPublicKeyInfo' || f.field === 'signature' || f.field.startsWith('subject') || f.field.startsWith('extensions') ? 'csr-pem' : 'submit';
  if (f.field.startsWith('subject.')) return 'cn';
  if (f.field.startsWith('extensions.subjectAltName') || /san|dns|ip|wildcard|hostname/i.test(f.code)) return 'sans';
  if (f.field === 'subjectPublicKeyInfo') return 'alg';
  return 'submit';
}

async function onPrepare(ev: Event): Promise<void> {
  ev.preventDefault();
  const form = byId('request-form');
  clearErrors(form);
  clearErrors(byId('review'));
  byId('review').hidden = true;
  byId('result').hidden = true;
  prepared = undefined;
  const button = byId<HTMLButtonElement>('prepare');
  button.disabled = true;
  byId('prepare-status').textContent = 'Checking…';
  try {
    const made = await prepare();
    if (made === undefined) return;
    const note = byId<HTMLInputElement>('note').value.trim();
    const p: Prepared = note === '' ? made : { ...made, note };
    const findings = findingsOf(p);
    const errors = findings.filter((f) => f.severity === 'error');
    fill(byId('findings'), ...(findings.length ? findingItems(findings) : [el('li', { class: 'finding ok' }, 'The linter has nothing to say about this request.')]));
    byId('csr-text').textContent = formatCsr(p.csr);
    const submit = byId<HTMLButtonElement>('submit');
    submit.disabled = errors.length > 0;
    byId('submit-blocked').hidden = errors.length === 0;
    for (const f of errors) if (fieldOf(f) !== 'submit') fieldError(fieldOf(f), f.message);
    prepared = p;
    byId('review').hidden = false;
    (errors.length > 0 ? byId('findings') : submit).focus();
  } catch (e) {
    fieldError('prepare', `The request could not be prepared: ${(e as Error).message}`, true);
  } finally {
    button.disabled = false;
    byId('prepare-status').textContent = '';
  }
}

async function onSubmit(): Promise<void> {
  const p = prepared;
  if (p === undefined) return;
  const submit = byId<HTMLButtonElement>('submit');
  submit.disabled = true;
  clearErrors(byId('review'));
  try {
    const r = await apiCall<Issued>(session.token, 'POST', '/api/v1/certificates', { csr: p.pem, profile: p.profile, ...(p.note !== undefined ? { metadata: { description: p.note } } : {}) });
    if (!r.ok) {
      if (r.problem.status === 401) return session.expired(r.problem.message);
      if (r.problem.code === 'forbidden' || r.problem.code === 'unknown-profile') fieldError('profile', r.problem.message, true);
      if (r.problem.code === 'invalid-metadata') fieldError('note', r.problem.message, true);
      for (const f of r.problem.findings ?? []) if (f.severity === 'error' && fieldOf(f) !== 'submit') fieldError(fieldOf(f), f.message);
      if (r.problem.findings) fill(byId('findings'), ...findingItems(r.problem.findings));
      fieldError('submit', `Refused (${r.problem.code}): ${r.problem.message}`, false);
      submit.disabled = false;
      return;
    }
    issued = { result: r.value, prepared: p };
    prepared = undefined;
    showResult();
  } catch (e) {
    fieldError('submit', `Not sent: ${(e as Error).message}`);
    submit.disabled = false;
  }
}

function showResult(): void {
  const { result, prepared: p } = issued!;
  byId('review').hidden = true;
  fill(byId('result-summary'), `Serial ${result.serial}, ${result.record.subject}`, el('br'), `valid until ${result.record.notAfter}`);
  fill(byId('result-warnings'), ...findingItems(result.warnings));
  byId('p12-form').hidden = p.pkcs8 === undefined;
  byId('p12-unavailable').hidden = p.pkcs8 !== undefined;
  byId('result').hidden = false;
  byId('result-title').focus();
  session.changed();
}

async function onPkcs12(ev: Event): Promise<void> {
  ev.preventDefault();
  if (issued === undefined || issued.prepared.pkcs8 === undefined) return;
  const pass = byId<HTMLInputElement>('p12-pass').value;
  const again = byId<HTMLInputElement>('p12-pass2').value;
  fieldError('p12-pass', undefined);
  fieldError('p12-pass2', undefined);
  if (pass.length < 8) return fieldError('p12-pass', 'Use a password of at least 8 characters.', true);
  if (pass !== again) return fieldError('p12-pass2', 'The two passwords differ.', true);
  const button = byId<HTMLButtonElement>('p12-make');
  button.disabled = true;
  try {
    const { result, prepared: p } = issued;
    const p12 = await createPkcs12({ key: p.pkcs8!, certificate: result.certificate, chain: result.chain.slice(1), friendlyName: p.label, password: pass });
    download(`${result.serial}.p12`, p12, 'application/x-pkcs12');
  } catch (e) {
    fieldError('p12-pass', `The PKCS#12 could not be made: ${(e as Error).message}`);
  } finally {
    button.disabled = false;
  }
}

/** Wires the view (once) for a session. */
export function initRequest(s: Session): void {
  session = s;
  const sel = byId<HTMLSelectElement>('profile');
  fill(sel, ...s.me.profiles.filter((p) => p.ca !== true).map((p) => el('option', { value: p.name }, `${p.name}: ${p.description}`)));
  if (s.me.profiles.some((p) => p.name === 'tls-server')) sel.value = 'tls-server';
  showRules();
  if (sel.dataset.wired === '1') return;
  sel.dataset.wired = '1';
  sel.addEventListener('change', () => {
    fieldError('profile', undefined);
    showRules();
  });
  for (const id of ['src-generate', 'src-paste']) byId(id).addEventListener('change', syncKeySource);
  syncKeySource();
  byId('request-form').addEventListener('submit', (e) => void onPrepare(e));
  byId('submit').addEventListener('click', () => void onSubmit());
  byId('dl-cert').addEventListener('click', () => issued && download(`${issued.result.serial}.pem`, issued.result.certificate, 'application/x-pem-file'));
  byId('dl-chain').addEventListener('click', () => issued && download(`${issued.result.serial}-chain.pem`, issued.result.chain.join(''), 'application/x-pem-file'));
  byId('p12-form').addEventListener('submit', (e) => void onPkcs12(e));
}
