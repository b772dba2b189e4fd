/**
 * The web console end to end in a real browser: `certkit serve` (the bundled CLI, HTTPS on a free
 * port of 127.0.0.1, console on by default) driven through Debian's Chromium by playwright-core
 * (tools/runtimes; never a downloaded browser). A requester signs in, generates a key and a CSR in
 * the page (WebCrypto), sees a linter warning before submitting, submits, and downloads the chain
 * and a PKCS#12 built in the page; the chain validates with `openssl verify` against the CA
 * directory's root and the PKCS#12 opens with `openssl pkcs12` and the password. An admin then
 * finds the certificate by its SAN, revokes it, sees the revocation in the detail view and its
 * audit entries, and the CRL the service publishes next lists the serial (checked with certkit,
 * signature included). Along the way: a bad token, a token revoked while signed in, a malformed
 * CSR, a pasted key that is not the CSR's, a name the profile forbids, a linter error (it blocks
 * submission) and the CA's own refusal (a key code-signing already certifies) are shown next to
 * their fields; the page never requests
 * anything outside the service's origin, nothing violates the CSP, and the request form fits a
 * phone-width screen. Screenshots of the request and inventory pages go to
 * docs/img/console-*.png (used by docs/server.md). Chromium and openssl are required: a missing
 * one fails the test.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main';
import { findCrlEntry, parseCrl, verifyCrl } from '../../src/crl/index';
import { CsrBuilder, csrToPem } from '../../src/csr/index';
import { generateKeyPair } from '../../src/keys/index';
import { signerFromPrivateKey } from '../../src/sig/index';
import { crlDistributionPointsCodec, getExtension, parseCertificate, reasonCodeCodec } from '../../src/x509/index';
import { decodePemAll } from '../../src/pem/index';
import { bundle, ROOT, scratch } from '../cli-test-helpers';
import { startServe, type Served } from '../serve-test-helpers';

const EXECUTABLE = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// playwright-core belongs to the runtime matrix's tools (tools/runtimes/node_modules), outside the
// root install that tsc resolves types from: its objects are typed loosely here.

const { chromium } = createRequire(path.join(ROOT, 'tools/runtimes/package.json'))('playwright-core') as { chromium: any };
type Page = any;

let bin: string;
let dir: string;
let ca: string;
let served: Served;
let browser: any;
let requesterToken: string;
let adminToken: string;
const outside: string[] = [];
const cspViolations: string[] = [];
const pageErrors: string[] = [];

async function ck(...args: string[]): Promise<string> {
  let out = '';
  let err = '';
  const code = await run(args, { stdout: (s) => (out += s), stderr: (s) => (err += s), env: {} });
  expect(code, err).toBe(0);
  return out;
}

function openssl(args: string[]): { code: number | null; out: string } {
  const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  if (r.error) throw new Error(`openssl is required for this test: ${r.error.message}`);
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

async function newPage(viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, acceptDownloads: true, viewport });
  const page = await context.newPage();
  const origin = new URL(served.url).origin;
  page.on('request', (r: { url(): string }) => {
    const u = r.url();
    if (!u.startsWith(`${origin}/`) && !u.startsWith('blob:') && !u.startsWith('data:')) outside.push(u);
  });
  page.on('console', (m: { text(): string }) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  page.on('pageerror', (e: Error) => pageErrors.push(String(e)));
  return page;
}

async function signIn(page: Page, token: string): Promise<void> {
  await page.goto(`${served.url}/ui/`);
  await page.fill('#token', token);
  await page.click('#signin-form button[type=submit]');
  await page.waitForSelector('#app', { state: 'visible' });
}

async function downloadOf(page: Page, click: () => Promise<void>, file: string): Promise<Buffer> {
  const [dl] = (await Promise.all([page.waitForEvent('download'), click()])) as [{ saveAs(p: string): Promise<void> }, void];
  const to = path.join(dir, file);
  await dl.saveAs(to);
  return fs.readFileSync(to);
}

beforeAll(async () => {
  if (!fs.existsSync(EXECUTABLE)) throw new Error(`${EXECUTABLE} is missing: install Debian's chromium (the CI image has it)`);
  bin = (await bundle({ certkit: 'src/cli/main.ts' })).certkit!;
  dir = scratch('console-browser');
  ca = path.join(dir, 'ca');
  await ck('ca', 'init', ca);
  requesterToken = /secret \(shown once\): (\S+)/.exec(await ck('serve', 'token', 'create', 'alice', '--role', 'requester', '--ca', ca))![1]!;
  adminToken = /secret \(shown once\): (\S+)/.exec(await ck('serve', 'token', 'create', 'ops', '--role', 'admin', '--ca', ca))![1]!;
  served = await startServe(bin, ['--ca', ca, '--listen', '127.0.0.1:0'], dir);
  expect(served.stdout()).toContain('/ui/');
  browser = await chromium.launch({
    executablePath: EXECUTABLE,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  if (bin) fs.rmSync(path.dirname(bin), { recursive: true, force: true });
});

describe('the web console in Chromium', () => {
  const host = 'web.console-e2e.internal';
  let serial = '';

  it('shows a bad token next to the field and stays signed out', async () => {
    const page = await newPage();
    await page.goto(`${served.url}/ui/`);
    await page.fill('#token', 'ck_nope.nope');
    await page.click('#signin-form button[type=submit]');
    await page.waitForSelector('#token-error', { state: 'visible' });
    expect(await page.textContent('#token-error')).toMatch(/unknown or revoked/);
    expect(await page.getAttribute('#token', 'aria-invalid')).toBe('true');
    expect(await page.isHidden('#app')).toBe(true);
    await page.context().close();
  });

  it('requester: key and CSR made in the page, a lint warning, submit, chain and PKCS#12 that OpenSSL accepts', async () => {
    const page = await newPage();
    await signIn(page, requesterToken);
    expect(await page.textContent('#who-name')).toContain('alice');
    expect(await page.isHidden('#dashboard')).toBe(true); // admins only

    // A malformed pasted CSR is refused next to its field, and nothing is shown for submission.
    await page.check('#src-paste');
    await page.fill('#csr-pem', '-----BEGIN CERTIFICATE REQUEST-----\nnot base64!\n-----END CERTIFICATE REQUEST-----');
    await page.click('#prepare');
    await page.waitForSelector('#csr-pem-error', { state: 'visible' });
    expect(await page.isHidden('#review')).toBe(true);
    // A CSR with a private key that is not its own: refused next to the key field.
    const csrKey = (await generateKeyPair('P-256')).privateKey;
    const otherKey = (await generateKeyPair('P-256')).privateKey;
    const pasted = csrToPem(await CsrBuilder.create().subject({ CN: 'pasted.example' }).subjectAltNames('pasted.example').sign(signerFromPrivateKey(csrKey)));
    await page.fill('#csr-pem', pasted);
    await page.fill('#key-pem', otherKey.toPem());
    await page.click('#prepare');
    await page.waitForSelector('#key-pem-error', { state: 'visible' });
    expect(await page.textContent('#key-pem-error')).toMatch(/does not match/);
    expect(await page.isHidden('#csr-pem-error')).toBe(true);
    expect(await page.isHidden('#review')).toBe(true);
    await page.check('#src-generate');

    // A name the profile forbids (tls-server takes DNS names and IP addresses, no e-mail): refused
    // next to the names field before any key is made.
    await page.selectOption('#profile', 'tls-server');
    await page.fill('#cn', host);
    await page.fill('#sans', 'ops@example.com');
    await page.click('#prepare');
    await page.waitForSelector('#sans-error', { state: 'visible' });
    expect(await page.textContent('#sans-error')).toMatch(/allows dns, ip/);
    expect(await page.isHidden('#review')).toBe(true);

    expect(await page.textContent('#rules-list')).toMatch(/dns/);
    await page.selectOption('#alg', 'P-256');
    // A CN over the 64 characters of RFC 5280 Appendix A: the builder refuses it at its field.
    await page.fill('#cn', `${'x'.repeat(70)}.example`);
    await page.fill('#sans', host);
    await page.click('#prepare');
    await page.waitForSelector('#cn-error', { state: 'visible' });
    expect(await page.textContent('#cn-error')).toMatch(/at most 64/);
    expect(await page.isHidden('#review')).toBe(true);
    // An error of the linter blocks submission and is shown at its field: a CN that is not
    // among the DNS names.
    await page.fill('#cn', 'elsewhere.example');
    await page.click('#prepare');
    await page.waitForSelector('#review', { state: 'visible' });
    expect(await page.locator('#findings li.finding.error[data-code="cn-not-in-san"]').count()).toBe(1);
    expect(await page.isDisabled('#submit')).toBe(true);
    expect(await page.isVisible('#submit-blocked')).toBe(true);
    expect(await page.isVisible('#cn-error')).toBe(true);

    await page.check('#want-p12');
    await page.fill('#note', 'kiosk 7, lobby');
    await page.fill('#cn', host);
    await page.fill('#sans', host);
    await page.click('#prepare');
    await page.waitForSelector('#review', { state: 'visible' });
    // ".internal" is not a public name: the linter warns (the private CA's profiles make it a warning).
    const warning = page.locator('#findings li.finding.warning[data-code="internal-name"]');
    expect(await warning.count()).toBeGreaterThan(0);
    expect(await page.locator('#findings li.finding.error').count()).toBe(0);
    expect(await page.textContent('#csr-text')).toContain(`DNS:${host}`);
    expect(await page.isEnabled('#submit')).toBe(true);
    await page.screenshot({ path: path.join(ROOT, 'docs/img/console-request.png'), fullPage: true });

    await page.click('#submit');
    await page.waitForSelector('#result', { state: 'visible' });
    serial = /Serial ([0-9a-f]+)/.exec((await page.textContent('#result-summary'))!)![1]!;

    const chain = (await downloadOf(page, () => page.click('#dl-chain'), 'chain.pem')).toString('utf8');
    const blocks = decodePemAll(chain);
    expect(blocks.map((b) => parseCertificate(b.der).subject.commonName)[0]).toBe(host);
    fs.writeFileSync(path.join(dir, 'leaf.pem'), chain.slice(0, chain.indexOf('-----END CERTIFICATE-----') + 25) + '\n');
    const v = openssl(['verify', '-CAfile', path.join(ca, 'root', 'cert.pem'), '-untrusted', 'chain.pem', 'leaf.pem']);
    expect(v.code, v.out).toBe(0);
    expect(v.out).toContain('leaf.pem: OK');

    // PKCS#12: a mismatch of the two passwords is shown next to the field first.
    await page.fill('#p12-pass', 'correct horse 1');
    await page.fill('#p12-pass2', 'correct horse 2');
    await page.click('#p12-make');
    await page.waitForSelector('#p12-pass2-error', { state: 'visible' });
    await page.fill('#p12-pass2', 'correct horse 1');
    await downloadOf(page, () => page.click('#p12-make'), 'bundle.p12');
    const p = openssl(['pkcs12', '-in', 'bundle.p12', '-passin', 'pass:correct horse 1', '-nodes']);
    expect(p.code, p.out).toBe(0);
    expect(p.out).toContain('-----BEGIN PRIVATE KEY-----');
    expect(p.out).toMatch(new RegExp(`subject=CN ?= ?${host.replace(/\./g, '\\.')}`));
    expect(p.out).toContain(`friendlyName: ${host}`);
    expect(openssl(['pkcs12', '-in', 'bundle.p12', '-passin', 'pass:wrong', '-nodes']).code).not.toBe(0);
    await page.context().close();
  });

  it("shows the CA's own refusal at the field: a pasted CSR for a key code-signing already certifies", async () => {
    const page = await newPage();
    await signIn(page, requesterToken);
    const key = (await generateKeyPair('P-256')).privateKey;
    const pem = csrToPem(await CsrBuilder.create().subject({ CN: 'Release Signer', O: 'Example' }).sign(signerFromPrivateKey(key)));
    await page.selectOption('#profile', 'code-signing');
    await page.check('#src-paste');
    await page.fill('#csr-pem', pem);
    await page.click('#prepare');
    await page.waitForSelector('#review', { state: 'visible' });
    expect(await page.locator('#findings li.finding.error').count()).toBe(0);
    await page.click('#submit');
    await page.waitForSelector('#result', { state: 'visible' });
    expect(await page.isHidden('#p12-form')).toBe(true); // no key in the page: no PKCS#12
    // The same key again: the profile wants one key per certificate; the CA refuses (422) and the
    // page shows it next to the CSR, with the submission still undone.
    await page.click('#prepare');
    await page.waitForSelector('#review', { state: 'visible' });
    await page.click('#submit');
    await page.waitForSelector('#csr-pem-error', { state: 'visible' });
    expect(await page.textContent('#csr-pem-error')).toMatch(/already certifies this key/);
    expect(await page.textContent('#submit-error')).toMatch(/issuance-refused/);
    expect(await page.isHidden('#result')).toBe(true);
    expect(await page.isEnabled('#submit')).toBe(true);
    await page.context().close();
  });

  it('signs out with the reason when the token is revoked while the page is open', async () => {
    const made = await ck('serve', 'token', 'create', 'carol', '--role', 'requester', '--ca', ca);
    const id = /token (\S+) \(/.exec(made)![1]!;
    const token = /secret \(shown once\): (\S+)/.exec(made)![1]!;
    const page = await newPage();
    await signIn(page, token);
    await ck('serve', 'token', 'revoke', id, '--ca', ca);
    await page.click('#tab-inventory');
    await page.waitForSelector('#token-error', { state: 'visible' });
    expect(await page.textContent('#token-error')).toMatch(/Signed out: .*revoked/);
    expect(await page.isHidden('#app')).toBe(true);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.context().close();
  });

  it('is usable at phone width: the request form does not scroll sideways', async () => {
    const page = await newPage({ width: 375, height: 740 });
    await signIn(page, requesterToken);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.context().close();
  });

  it('admin: dashboard, find by SAN, detail with audit, revoke, and the next CRL lists it', async () => {
    expect(serial).not.toBe('');
    const page = await newPage();
    await signIn(page, adminToken);
    await page.waitForSelector('#dashboard', { state: 'visible' });
    await page.waitForFunction(() => document.getElementById('dash-issued')!.textContent !== '–');
    expect(Number(await page.textContent('#dash-active'))).toBeGreaterThanOrEqual(1);
    expect(await page.textContent('#dash-crl')).toMatch(/UTC/);

    await page.click('#tab-inventory');
    await page.fill('#f-q', host);
    await page.click('#search');
    const row = page.locator(`#inv-body tr[data-serial="${serial}"]`);
    await row.waitFor();
    expect(await page.locator('#inv-body tr').count()).toBe(1);
    await page.screenshot({ path: path.join(ROOT, 'docs/img/console-inventory.png'), fullPage: true });

    await row.locator('button').click();
    await page.waitForSelector('#detail', { state: 'visible' });
    expect(await page.textContent('#detail-text')).toContain('Certificate:');
    expect(await page.textContent('#detail-text')).toContain(`DNS:${host}`);
    expect(await page.textContent('#detail-requester')).toContain('alice');
    expect(await page.textContent('#detail-requester')).toContain('kiosk 7, lobby');
    expect(await page.textContent('#detail-audit')).toMatch(/issue by alice/);

    // Revoking needs a reason, shown next to the field when missing.
    await page.click('#revoke-button');
    await page.waitForSelector('#revoke-reason-error', { state: 'visible' });
    await page.selectOption('#revoke-reason', 'keyCompromise');
    await page.click('#revoke-button');
    await page.waitForFunction(() => /revoked/.test(document.getElementById('detail-status')!.textContent ?? ''));
    expect(await page.textContent('#detail-status')).toContain('keyCompromise');
    await page.waitForFunction(() => /revoke by ops/.test(document.getElementById('detail-audit')!.textContent ?? ''));
    expect(await page.isHidden('#revoke-form')).toBe(true);
    await page.waitForFunction(() => Number(document.getElementById('dash-revoked')!.textContent) >= 1);

    // The CRL at the certificate's CDP now lists the serial with the reason, signed by the issuing CA.
    const cert = parseCertificate(await page.textContent('#detail-text').then(() => fs.readFileSync(path.join(dir, 'leaf.pem'), 'utf8')));
    const cdp = getExtension(cert, crlDistributionPointsCodec)!;
    const url = JSON.stringify(cdp).match(/https?:\/\/[^"]+\.crl/)![0];
    const res = await page.context().request.get(url);
    expect(res.status()).toBe(200);
    const crl = parseCrl(new Uint8Array(await res.body()));
    const entry = findCrlEntry(crl, BigInt(`0x${serial}`));
    expect(entry).toBeDefined();
    expect(getExtension(entry!, reasonCodeCodec)).toBe('keyCompromise');
    const intermediate = parseCertificate(fs.readFileSync(path.join(ca, 'intermediate', 'cert.pem'), 'utf8'));
    expect(await verifyCrl(crl, intermediate)).toBe(true);
    await page.context().close();
  });

  it('made no request outside the service, no CSP violation, no page error', () => {
    expect(outside).toEqual([]);
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
