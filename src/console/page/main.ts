/**
 * The web console's entry point (bundled by `scripts/build-console.mjs` into `../_assets.ts`):
 * sign-in with an API token, the dashboard strip (admins), and the two views, request and
 * inventory. Plain DOM, no framework; every request goes to the same origin's JSON API.
 * Browser-only.
 * @module
 */
import { apiCall, type Me, type Summary } from './api';
import { byId, clearErrors, el, fieldError, fill, when } from './dom';
import { initInventory, refreshInventory } from './inventory';
import { initRequest } from './request';
import { storedToken, storeToken, type Session } from './session';

let session: Session | undefined;

function signedOut(message?: string): void {
  session = undefined;
  storeToken(undefined);
  byId('app').hidden = true;
  byId('who').hidden = true;
  byId('signin').hidden = false;
  byId<HTMLInputElement>('token').value = '';
  fieldError('token', message, message !== undefined);
  if (message === undefined) byId('token').focus();
}

async function dashboard(): Promise<void> {
  const s = session;
  if (s === undefined || s.me.role !== 'admin') return;
  const r = await apiCall<Summary>(s.token, 'GET', '/api/v1/summary');
  if (!r.ok) {
    if (r.problem.status === 401) return signedOut(r.problem.message);
    byId('dash-crl').textContent = r.problem.message;
    return;
  }
  const d = r.value;
  byId('dash-issued').textContent = String(d.issued);
  byId('dash-active').textContent = String(d.active);
  byId('dash-expiring').textContent = String(d.expiringWithin30Days);
  byId('dash-revoked').textContent = String(d.revoked);
  byId('dash-crl').textContent = d.crl ? `${when(d.crl.thisUpdate)} (#${d.crl.number})` : 'never';
}

function show(view: 'request' | 'inventory'): void {
  for (const v of ['request', 'inventory'] as const) {
    byId(`view-${v}`).hidden = v !== view;
    byId(`tab-${v}`).setAttribute('aria-current', v === view ? 'page' : 'false');
  }
  if (view === 'inventory') void refreshInventory();
}

async function signIn(token: string): Promise<boolean> {
  const r = await apiCall<Me>(token, 'GET', '/api/v1/me');
  if (!r.ok) {
    const msg = r.problem.status === 401 ? 'This token is unknown or revoked: ask for a new one (certkit serve token create).' : r.problem.message;
    fieldError('token', msg, true);
    storeToken(undefined);
    return false;
  }
  session = { token, me: r.value, expired: (m) => signedOut(`Signed out: ${m}. Sign in again with a valid token.`), changed: () => void dashboard() };
  storeToken(token);
  clearErrors(byId('signin'));
  byId('signin').hidden = true;
  fill(byId('who-name'), `${r.value.principal} `, el('span', { class: 'role' }, r.value.role));
  byId('who').hidden = false;
  byId('dashboard').hidden = r.value.role !== 'admin';
  byId('app').hidden = false;
  initRequest(session);
  initInventory(session);
  show('request');
  void dashboard();
  return true;
}

function main(): void {
  byId('signin-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const t = byId<HTMLInputElement>('token').value.trim();
    if (t === '') return fieldError('token', 'Paste your API token.', true);
    void signIn(t);
  });
  byId('sign-out').addEventListener('click', () => signedOut());
  byId('tab-request').addEventListener('click', () => show('request'));
  byId('tab-inventory').addEventListener('click', () => show('inventory'));
  const t = storedToken();
  if (t !== undefined) void signIn(t);
  else byId('token').focus();
}

main();
