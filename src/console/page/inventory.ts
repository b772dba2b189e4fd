/**
 * The inventory view: search and filters (text, status, profile, expiring within N days,
 * requester) over the API's cursor paging, a detail view with the decoded certificate (the text
 * `certkit inspect` prints), the requester's metadata and the audit entries, and revocation with
 * a reason (admins). Requesters see their own certificates. Browser-only.
 * @module
 */
import { formatCertificate, parseCertificate } from '../../x509/index';
import { apiCall, type AuditJson, type CertificateJson } from './api';
import { byId, clearErrors, el, fieldError, fill, when } from './dom';
import type { Session } from './session';

let session: Session;
/** The cursors of the pages seen so far (the first page has none), for "Previous". */
let cursors: (string | undefined)[] = [];
let nextCursor: string | undefined;
let current: string | undefined;

function query(cursor: string | undefined): string {
  const p = new URLSearchParams();
  const q = byId<HTMLInputElement>('f-q').value.trim();
  if (q) p.set('q', q);
  const status = byId<HTMLSelectElement>('f-status').value;
  const days = byId<HTMLInputElement>('f-days').value.trim();
  // "expiring within N days" means still valid today: active unless a status was chosen
  if (status) p.set('status', status);
  else if (days) p.set('status', 'active');
  const profile = byId<HTMLSelectElement>('f-profile').value;
  if (profile) p.set('profile', profile);
  if (days) p.set('expiringBefore', new Date(Date.now() + Number(days) * 86_400_000).toISOString());
  const requester = byId<HTMLInputElement>('f-requester').value.trim();
  if (requester) p.set('requester', requester);
  p.set('limit', byId<HTMLSelectElement>('f-limit').value);
  if (cursor !== undefined) p.set('cursor', cursor);
  return p.toString();
}

async function load(cursor: string | undefined): Promise<void> {
  clearErrors(byId('search-form'));
  const days = byId<HTMLInputElement>('f-days').value.trim();
  if (days !== '' && !/^[0-9]{1,5}$/.test(days)) return fieldError('f-days', 'A whole number of days, such as 30.', true);
  const r = await apiCall<{ certificates: CertificateJson[]; next?: string }>(session.token, 'GET', `/api/v1/certificates?${query(cursor)}`);
  if (!r.ok) {
    if (r.problem.status === 401) return session.expired(r.problem.message);
    return fieldError('search', `${r.problem.message}`, true);
  }
  nextCursor = r.value.next;
  const rows = r.value.certificates.map((c) => {
    const button = el('button', { type: 'button', class: 'link', 'aria-label': `Details of ${c.serial}` }, c.serial);
    button.addEventListener('click', () => void detail(c.serial));
    return el(
      'tr',
      { 'data-serial': c.serial },
      el('td', { 'data-label': 'Serial' }, button),
      el('td', { 'data-label': 'Subject' }, c.subject),
      el('td', { 'data-label': 'Names' }, c.sans.join(', ')),
      el('td', { 'data-label': 'Profile' }, c.profile),
      el('td', { 'data-label': 'Status' }, el('span', { class: `status ${c.status}` }, c.status)),
      el('td', { 'data-label': 'Expires' }, when(c.notAfter)),
      el('td', { 'data-label': 'Requester' }, c.requester ? `${c.requester.principal} (${c.requester.method})` : '–'),
    );
  });
  fill(byId('inv-body'), ...(rows.length ? rows : [el('tr', {}, el('td', { colspan: '7' }, 'No certificate matches.'))]));
  byId('inv-count').textContent = `${rows.length} shown${nextCursor ? ', more on the next page' : ''}`;
  byId<HTMLButtonElement>('page-next').disabled = nextCursor === undefined;
  byId<HTMLButtonElement>('page-prev').disabled = cursors.length <= 1;
}

async function detail(serial: string): Promise<void> {
  const r = await apiCall<CertificateJson>(session.token, 'GET', `/api/v1/certificates/${encodeURIComponent(serial)}`);
  if (!r.ok) {
    if (r.problem.status === 401) return session.expired(r.problem.message);
    return fieldError('search', r.problem.message, true);
  }
  const c = r.value;
  current = c.serial;
  byId('detail-title').textContent = `Certificate ${c.serial}`;
  fill(byId('detail-status'), el('span', { class: `status ${c.status}` }, c.status), c.revocation ? ` since ${when(c.revocation.date)}, reason ${c.revocation.reason}` : ` until ${when(c.notAfter)}`);
  const row = (dt: string, dd: string): Node[] => [el('dt', {}, dt), el('dd', {}, dd)];
  const q = c.requester;
  fill(
    byId('detail-requester'),
    ...(q
      ? [
          ...row('Principal', q.principal),
          ...row('Channel', q.method),
          ...(q.address ? row('Address', q.address) : []),
          ...(q.userAgent ? row('User agent', q.userAgent) : []),
          ...(q.renewalOf ? row('Renews', q.renewalOf) : []),
          ...Object.entries(q.metadata ?? {}).flatMap(([k, v]) => row(k, v)),
        ]
      : row('Requester', 'not recorded')),
  );
  let text: string;
  try {
    text = formatCertificate(parseCertificate(c.certificate));
  } catch (e) {
    text = `The certificate does not parse: ${(e as Error).message}`;
  }
  byId('detail-text').textContent = text;
  const admin = session.me.role === 'admin';
  byId('revoke-form').hidden = !admin || c.status === 'revoked';
  clearErrors(byId('detail'));
  fill(byId('detail-audit'));
  if (admin) {
    const a = await apiCall<{ entries: AuditJson[]; truncated?: boolean }>(session.token, 'GET', `/api/v1/certificates/${encodeURIComponent(c.serial)}/audit`);
    if (a.ok) {
      fill(
        byId('detail-audit'),
        ...a.value.entries.map((e) =>
          el(
            'li',
            {},
            `${when(e.time)} · ${e.action} by ${e.principal}${e.method ? ` (${e.method}${e.address ? ` from ${e.address}` : ''})` : ''}${e.code ? ` · ${e.code}` : ''}${e.message ? ` · ${e.message}` : ''}`,
          ),
        ),
      );
    } else fill(byId('detail-audit'), el('li', {}, `The audit entries could not be read: ${a.problem.message}`));
  }
  byId('detail-audit-section').hidden = !admin;
  byId('detail').hidden = false;
  byId('detail-title').focus();
}

async function revoke(ev: Event): Promise<void> {
  ev.preventDefault();
  if (current === undefined) return;
  const reason = byId<HTMLSelectElement>('revoke-reason').value;
  if (!reason) return fieldError('revoke-reason', 'Choose a reason.', true);
  const button = byId<HTMLButtonElement>('revoke-button');
  button.disabled = true;
  try {
    const r = await apiCall<CertificateJson>(session.token, 'POST', `/api/v1/certificates/${encodeURIComponent(current)}/revoke`, { reason });
    if (!r.ok) {
      if (r.problem.status === 401) return session.expired(r.problem.message);
      return fieldError('revoke-reason', r.problem.message, true);
    }
    session.changed();
    await detail(current);
    await load(cursors[cursors.length - 1]);
  } finally {
    button.disabled = false;
  }
}

/** Wires the view (once) for a session and loads the first page. */
export function initInventory(s: Session): void {
  session = s;
  fill(byId('f-profile'), el('option', { value: '' }, 'any'), ...s.me.profiles.map((p) => el('option', { value: p.name }, p.name)));
  byId('f-requester-row').hidden = s.me.role !== 'admin';
  byId('detail').hidden = true;
  const form = byId('search-form');
  if (form.dataset.wired !== '1') {
    form.dataset.wired = '1';
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      cursors = [undefined];
      void load(undefined);
    });
    byId('page-next').addEventListener('click', () => {
      if (nextCursor === undefined) return;
      cursors.push(nextCursor);
      void load(nextCursor);
    });
    byId('page-prev').addEventListener('click', () => {
      if (cursors.length <= 1) return;
      cursors.pop();
      void load(cursors[cursors.length - 1]);
    });
    byId('revoke-form').addEventListener('submit', (e) => void revoke(e));
    byId('detail-close').addEventListener('click', () => {
      byId('detail').hidden = true;
    });
  }
  cursors = [undefined];
}

/** Shows the first page (when the view is opened). */
export function refreshInventory(): Promise<void> {
  cursors = [undefined];
  return load(undefined);
}
