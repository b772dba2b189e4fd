/**
 * The CA store: the CaStore contract on both implementations (memory and file system), and the
 * file store's crash safety: an injected failure (an exception, or SIGKILL of the process) at
 * every write step of an issuance, a revocation and a CRL, then a reopen that must find nothing
 * lost, nothing half-written and no serial reused; two processes issuing, revoking and
 * numbering CRLs in one store at once; stale and live locks.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaError, CertificateAuthority, MemoryCaStore, canonicalSerial, type CaStore, type CertificateRecord } from '../src/ca/index';
import { initCaDir } from '../src/cli/ca-dir';
import { FsCaStore, type FsStep } from '../src/node/fs-store';
import { CsrBuilder, generateKeyPair, importPrivateKey, parseCertificate, parseCrl, signerFromPrivateKey } from '../src/index';
import { bundle, runNodeAsync, scratch } from './cli-test-helpers';
import { csrToPem } from '../src/csr/index';

const NOW = new Date('2025-06-01T12:00:00Z');
const clock = (): Date => new Date(NOW.getTime());
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  if (child) fs.rmSync(path.dirname(child), { recursive: true, force: true });
});
function tmp(name: string): string {
  const d = scratch(name);
  dirs.push(d);
  return d;
}

function record(serial: string, over: Partial<CertificateRecord> = {}): CertificateRecord {
  return {
    serial,
    profile: 'tls-server',
    subject: 'CN=x',
    sans: ['DNS:x.example'],
    notBefore: '2025-06-01T00:00:00.000Z',
    notAfter: '2025-09-01T00:00:00.000Z',
    issuedAt: '2025-06-01T00:00:00.000Z',
    keyFingerprint: 'aa',
    der: Uint8Array.of(1, 2, 3),
    ...over,
  };
}

async function rejectsWith(p: Promise<unknown>, code: string): Promise<void> {
  await expect(p).rejects.toBeInstanceOf(CaError);
  await expect(p).rejects.toMatchObject({ code });
}

describe.each([
  ['MemoryCaStore', async (): Promise<CaStore> => new MemoryCaStore()],
  ['FsCaStore', async (): Promise<CaStore> => FsCaStore.open(path.join(tmp('store'), 's'))],
])('CaStore contract: %s', (_name, make) => {
  it('reserves each serial once, in canonical form', async () => {
    const s = await make();
    expect(await s.reserveSerial('0a0b')).toBe(true);
    expect(await s.reserveSerial('0A:0B')).toBe(false);
    expect(await s.reserveSerial('a0b')).toBe(false);
    expect(await s.reserveSerial('a0c')).toBe(true);
  });

  it('commits only reserved serials, once', async () => {
    const s = await make();
    await rejectsWith(s.commitIssuance(record('1234'), { uniqueKey: false, now: NOW }), 'serial-not-reserved');
    await s.reserveSerial('1234');
    await s.commitIssuance(record('1234'), { uniqueKey: false, now: NOW });
    await rejectsWith(s.commitIssuance(record('1234'), { uniqueKey: false, now: NOW }), 'serial-in-use');
    const got = await s.get('00:12:34');
    expect(got?.serial).toBe('1234');
    expect([...got!.der]).toEqual([1, 2, 3]);
    expect(await s.get('9999')).toBeUndefined();
  });

  it('enforces unique keys among active certificates only', async () => {
    const s = await make();
    for (const x of ['a1', 'a2', 'a3', 'a4']) await s.reserveSerial(x);
    await s.commitIssuance(record('a1', { keyFingerprint: 'k' }), { uniqueKey: true, now: NOW });
    await rejectsWith(s.commitIssuance(record('a2', { keyFingerprint: 'k' }), { uniqueKey: true, now: NOW }), 'duplicate-key');
    await s.commitIssuance(record('a2', { keyFingerprint: 'k' }), { uniqueKey: false, now: NOW }); // profile allows reuse
    await s.revoke('a1', { date: NOW.toISOString(), reason: 'superseded' });
    await s.revoke('a2', { date: NOW.toISOString(), reason: 'superseded' });
    await s.commitIssuance(record('a3', { keyFingerprint: 'k' }), { uniqueKey: true, now: NOW }); // the others are revoked
    // Expired is not active either.
    await s.commitIssuance(record('a4', { keyFingerprint: 'k' }), { uniqueKey: true, now: new Date('2026-01-01T00:00:00Z') });
    expect((await s.findByKey('k')).map((r) => r.serial).sort()).toEqual(['a1', 'a2', 'a3', 'a4']);
  });

  it('revokes once, and only what it issued', async () => {
    const s = await make();
    await rejectsWith(s.revoke('77', { date: NOW.toISOString(), reason: 'keyCompromise' }), 'unknown-serial');
    await s.reserveSerial('77');
    await s.commitIssuance(record('77'), { uniqueKey: false, now: NOW });
    const r = await s.revoke('77', { date: NOW.toISOString(), reason: 'keyCompromise', invalidityDate: '2025-05-01T00:00:00.000Z' });
    expect(r.revocation).toEqual({ date: NOW.toISOString(), reason: 'keyCompromise', invalidityDate: '2025-05-01T00:00:00.000Z' });
    await rejectsWith(s.revoke('77', { date: NOW.toISOString(), reason: 'keyCompromise' }), 'already-revoked');
    expect((await s.list()).map((x) => x.revocation?.reason)).toEqual(['keyCompromise']);
  });

  it('hands out increasing CRL numbers and keeps the latest CRL', async () => {
    const s = await make();
    const got: bigint[] = [];
    for (let i = 0; i < 5; i++) got.push(await s.nextCrlNumber());
    expect(got).toEqual([1n, 2n, 3n, 4n, 5n]);
    expect(await s.latestCrl()).toBeUndefined();
  });
});

describe('canonicalSerial', () => {
  it('normalises and rejects', () => {
    expect(canonicalSerial('00:7F:01')).toBe('7f01');
    expect(canonicalSerial('0x7F01')).toBe('7f01');
    expect(canonicalSerial(255n)).toBe('ff');
    expect(() => canonicalSerial('')).toThrow(RangeError);
    expect(() => canonicalSerial('xyz')).toThrow(RangeError);
    expect(() => canonicalSerial('0')).toThrow(RangeError);
    expect(() => canonicalSerial('80' + '00'.repeat(19))).toThrow(RangeError); // 21 octets as an INTEGER
    expect(canonicalSerial('7f' + 'ff'.repeat(19))).toHaveLength(40);
    expect(() => canonicalSerial(5 as unknown as string)).toThrow(TypeError);
  });
});

// ---------------------------------------------------------------------------------------------
// Crash safety

type Op = 'issue' | 'revoke' | 'crl';

let template: string;
let csrFile: string;
let firstSerial: string;
let child: string;

beforeAll(async () => {
  const base = tmp('fs-fault');
  template = path.join(base, 'template');
  const ca = await initCaDir(template, { rootSubject: 'CN=Fault Root', subject: 'CN=Fault Issuing', keyType: 'P-256', rootDays: 3650, days: 1825, clock });
  const mk = async (cn: string): Promise<string> => {
    const { privateKey } = await generateKeyPair('P-256');
    return csrToPem(await CsrBuilder.create().subject({ CN: cn }).subjectAltNames(cn).sign(signerFromPrivateKey(privateKey)));
  };
  firstSerial = (await ca.intermediate.issue(await mk('first.example.com'), { profile: 'tls-server' })).serial;
  await ca.intermediate.generateCrl({ days: 7 });
  csrFile = path.join(base, 'req.pem');
  fs.writeFileSync(csrFile, await mk('second.example.com'));
  child = (await bundle({ child: 'test/ca-fs-store-child.ts' })).child!;
});

function copyTemplate(name: string): string {
  const d = path.join(tmp(name), 'ca');
  fs.cpSync(template, d, { recursive: true });
  return d;
}

async function runOp(dir: string, op: Op, faults?: (step: FsStep, file: string) => void): Promise<void> {
  const signer = signerFromPrivateKey(importPrivateKey(fs.readFileSync(path.join(dir, 'intermediate', 'key.pem'), 'utf8')));
  const rootCert = parseCertificate(fs.readFileSync(path.join(dir, 'root', 'cert.pem'), 'utf8'));
  const cert = parseCertificate(fs.readFileSync(path.join(dir, 'intermediate', 'cert.pem'), 'utf8'));
  // Faults are armed for the operation only: opening (which also takes the lock) runs first.
  let armed = false;
  const store = await FsCaStore.open(path.join(dir, 'intermediate', 'store'), faults ? { faults: (s, f) => armed && faults(s, f) } : {});
  armed = true;
  const ca = new CertificateAuthority({ certificate: cert, signer, store, chain: [rootCert], clock });
  if (op === 'issue') await ca.issue(fs.readFileSync(csrFile, 'utf8'), { profile: 'tls-server' });
  else if (op === 'revoke') await ca.revoke(firstSerial, 'keyCompromise');
  else await ca.generateCrl({ days: 7 });
}

function snapshot(dir: string): Map<string, string> {
  const m = new Map<string, string>();
  const certs = path.join(dir, 'intermediate', 'store', 'certs');
  for (const f of fs.readdirSync(certs)) if (f.endsWith('.json') && !f.startsWith('.')) m.set(f, fs.readFileSync(path.join(certs, f), 'utf8'));
  return m;
}

function walk(d: string): string[] {
  return fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
}

/** Reopens after a failure and checks the invariants; then runs the operation again. */
async function checkAfterFailure(dir: string, op: Op, before: Map<string, string>, reservedBefore: string[]): Promise<void> {
  const storeDir = path.join(dir, 'intermediate', 'store');
  const store = await FsCaStore.open(storeDir, { lockTimeoutMs: 2000 }); // takes over a dead process's lock
  // Nothing half-written: every record parses and matches its certificate; no temp files, no lock.
  const records = await store.list();
  for (const r of records) {
    const cert = parseCertificate(r.der);
    expect(cert.serialNumberHex.replace(/^0+/, '')).toBe(r.serial);
  }
  expect(walk(storeDir).filter((f) => f.endsWith('.tmp') || path.basename(f) === 'lock')).toEqual([]);
  // Every record's serial is reserved; reservations only grow.
  const reserved = await store.reservedSerials();
  for (const r of records) expect(reserved).toContain(r.serial);
  for (const s of reservedBefore) expect(reserved).toContain(s);
  // Old state or new state.
  const after = snapshot(dir);
  for (const [f, text] of before) {
    if (op === 'revoke' && f === `${firstSerial}.json`) {
      const rec = JSON.parse(after.get(f)!) as { revocation?: { reason: string; date: string } };
      expect(rec.revocation === undefined || (rec.revocation.reason === 'keyCompromise' && rec.revocation.date === NOW.toISOString())).toBe(true);
    } else {
      expect(after.get(f)).toBe(text);
    }
  }
  expect(after.size - before.size).toBeLessThanOrEqual(op === 'issue' ? 1 : 0);
  // The audit log matches the store exactly: one issue entry per record, one revoke entry per
  // revoked record, one crl entry per CRL file (rolled forward when the crash hit in between).
  const audit = (await store.listAudit({ limit: 1000 })).entries;
  for (const r of records) {
    expect(
      audit.filter((e) => e.action === 'issue' && e.serial === r.serial),
      `issue entry of ${r.serial}`,
    ).toHaveLength(1);
    expect(audit.filter((e) => e.action === 'revoke' && e.serial === r.serial)).toHaveLength(r.revocation === undefined ? 0 : 1);
  }
  expect(audit.filter((e) => e.action === 'issue')).toHaveLength(records.length);
  const crlFiles = fs.readdirSync(path.join(storeDir, 'crls')).filter((f) => f.endsWith('.crl'));
  expect(
    audit
      .filter((e) => e.action === 'crl')
      .map((e) => e.code)
      .sort(),
  ).toEqual(crlFiles.map((f) => `crl-${f.slice(0, -4)}`).sort());
  const crlNumberText = fs.readFileSync(path.join(storeDir, 'crlnumber'), 'utf8').trim();
  expect(['1', '2']).toContain(crlNumberText);
  for (const f of fs.readdirSync(path.join(storeDir, 'crls'))) expect(() => parseCrl(new Uint8Array(fs.readFileSync(path.join(storeDir, 'crls', f))))).not.toThrow();
  // The operation works again, and never reuses a serial or a CRL number.
  const reservedNow = new Set(reserved);
  if (op === 'revoke') {
    await runOp(dir, op).catch((e: unknown) => expect(e).toMatchObject({ code: 'already-revoked' }));
  } else {
    await runOp(dir, op);
  }
  const store2 = await FsCaStore.open(storeDir);
  if (op === 'issue') {
    const fresh = (await store2.list()).filter((r) => !after.has(`${r.serial}.json`));
    expect(fresh).toHaveLength(1);
    expect(reservedNow.has(fresh[0]!.serial)).toBe(false);
  }
  if (op === 'crl') expect(BigInt(fs.readFileSync(path.join(storeDir, 'crlnumber'), 'utf8').trim())).toBeGreaterThan(BigInt(crlNumberText));
}

async function recordSteps(op: Op): Promise<FsStep[]> {
  const dir = copyTemplate(`steps-${op}`);
  const steps: FsStep[] = [];
  await runOp(dir, op, (s) => void steps.push(s));
  return steps;
}

describe('FsCaStore under fault injection', () => {
  it.each(['issue', 'revoke', 'crl'] as const)('%s: an exception at every write step leaves the old state or the new one', async (op) => {
    const steps = await recordSteps(op);
    // The protocol: reservation before the lock; temp, fsync, rename, fsync-dir under the lock.
    // The record (holding its audit entry) is written under the lock; the entry's own file after it.
    if (op === 'issue')
      expect(steps).toEqual([
        'reserve:create',
        'reserve:fsync',
        'reserve:fsync-dir',
        'lock',
        'write:temp',
        'write:fsync',
        'write:rename',
        'write:fsync-dir',
        'unlock',
        'write:temp',
        'write:fsync',
        'write:rename',
        'write:fsync-dir',
      ]);
    else
      expect(steps.filter((s) => s.startsWith('write:'))).toEqual(
        op === 'revoke'
          ? ['write:temp', 'write:fsync', 'write:rename', 'write:fsync-dir', 'write:temp', 'write:fsync', 'write:rename', 'write:fsync-dir']
          : [
              'write:temp',
              'write:fsync',
              'write:rename',
              'write:fsync-dir',
              'write:temp',
              'write:fsync',
              'write:rename',
              'write:fsync-dir',
              'write:temp',
              'write:fsync',
              'write:rename',
              'write:fsync-dir',
            ],
      );
    for (let k = 0; k < steps.length; k++) {
      const dir = copyTemplate(`throw-${op}-${k}`);
      const before = snapshot(dir);
      const reservedBefore = await (await FsCaStore.open(path.join(dir, 'intermediate', 'store'))).reservedSerials();
      let n = 0;
      const injected = new Error(`injected at step ${k} (${steps[k]})`);
      const running = runOp(dir, op, () => {
        if (n++ === k) throw injected;
      });
      // A failure writing the audit file after the commit does not undo the committed change (the
      // entry is in its record and rolled forward); every earlier failure is the operation's.
      if (k > steps.lastIndexOf('unlock')) await running;
      else await expect(running).rejects.toBe(injected);
      await checkAfterFailure(dir, op, before, reservedBefore);
    }
  });

  it.each(['issue', 'revoke', 'crl'] as const)('%s: SIGKILL at every write step leaves the old state or the new one', async (op) => {
    const steps = await recordSteps(op);
    const cases = steps.map((_s, k) => k);
    // A few processes at a time: each is a plain node start plus one operation.
    for (let i = 0; i < cases.length; i += 4) {
      await Promise.all(
        cases.slice(i, i + 4).map(async (k) => {
          const dir = copyTemplate(`kill-${op}-${k}`);
          const before = snapshot(dir);
          const reservedBefore = fs.readdirSync(path.join(dir, 'intermediate', 'store', 'serials')).sort();
          const args = op === 'issue' ? [csrFile, 'tls-server', String(k)] : op === 'revoke' ? [firstSerial, String(k)] : [String(k)];
          const r = await runNodeAsync(child, [dir, NOW.toISOString(), op, ...args]);
          expect(r.signal, `step ${k} (${steps[k]}): ${r.stderr}`).toBe('SIGKILL');
          await checkAfterFailure(dir, op, before, reservedBefore);
        }),
      );
    }
  });
});

describe('FsCaStore with two processes at once', () => {
  it('issues, revokes and numbers CRLs without losing or reusing anything', async () => {
    const dir = copyTemplate('concurrent');
    const { privateKey } = await generateKeyPair('P-256');
    const shared = path.join(path.dirname(dir), 'shared.csr');
    fs.writeFileSync(shared, csrToPem(await CsrBuilder.create().subject({ CN: 'Shared Code Signer' }).sign(signerFromPrivateKey(privateKey))));
    const count = 10;
    const results = await Promise.all([0, 1].map(() => runNodeAsync(child, [dir, NOW.toISOString(), 'worker', String(count), shared])));
    const outs = results.map((r) => {
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as { serials: string[]; crlNumbers: string[]; unique: string };
    });
    const serials = outs.flatMap((o) => o.serials);
    expect(new Set(serials).size).toBe(2 * count);
    // CRL numbers: every one handed out once, increasing within each process, all above the template's 1.
    const numbers = outs.flatMap((o) => o.crlNumbers.map(BigInt));
    expect(new Set(numbers.map(String)).size).toBe(2 * count);
    for (const o of outs) for (let i = 1; i < o.crlNumbers.length; i++) expect(BigInt(o.crlNumbers[i]!)).toBeGreaterThan(BigInt(o.crlNumbers[i - 1]!));
    expect(numbers.every((n) => n >= 2n && n <= 1n + 2n * BigInt(count))).toBe(true);
    // uniqueKey under contention: exactly one code-signing certificate for the shared key.
    expect(outs.map((o) => o.unique).sort()).toEqual(['duplicate-key', 'issued']);
    const store = await FsCaStore.open(path.join(dir, 'intermediate', 'store'));
    const all = await store.list();
    expect(all).toHaveLength(1 + 2 * count + 1);
    expect(all.filter((r) => r.revocation !== undefined)).toHaveLength(2 * Math.ceil(count / 3));
    for (const s of serials) expect(all.some((r) => r.serial === s)).toBe(true);
    const latest = await store.latestCrl();
    expect(latest?.number).toBe(1n + 2n * BigInt(count));
    expect(parseCrl(latest!.der).size).toBe(2 * Math.ceil(count / 3)); // the last CRL saw every revocation
  });
});

describe('FsCaStore locks', () => {
  it('takes over the lock of a dead process, an old lock from another host, and an old empty lock', async () => {
    const d = path.join(tmp('locks'), 's');
    const store = await FsCaStore.open(d);
    const lock = path.join(d, 'lock');
    // A pid far above pid_max is never alive.
    fs.writeFileSync(lock, JSON.stringify({ pid: 2 ** 22 + 12345, host: os.hostname(), token: 'dead', created: NOW.toISOString() }));
    expect(await store.nextCrlNumber()).toBe(1n);
    expect(fs.existsSync(lock)).toBe(false);
    fs.writeFileSync(lock, JSON.stringify({ pid: 1, host: 'elsewhere.example', token: 'old', created: '2000-01-01T00:00:00Z' }));
    expect(await store.nextCrlNumber()).toBe(2n);
    fs.writeFileSync(lock, '');
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lock, old, old);
    expect(await store.nextCrlNumber()).toBe(3n);
    // This process's own pid with a token none of its operations holds: left by a failed release.
    fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, host: os.hostname(), token: 'leaked', created: new Date().toISOString() }));
    expect(await store.nextCrlNumber()).toBe(4n);
  });

  it('waits for a live lock and gives up with store-locked', async () => {
    const d = path.join(tmp('locks'), 's');
    const impatient = await FsCaStore.open(d, { lockTimeoutMs: 150 });
    const patient = await FsCaStore.open(d, { lockTimeoutMs: 5000 });
    const lock = path.join(d, 'lock');
    // pid 1 (init) is alive on every host.
    fs.writeFileSync(lock, JSON.stringify({ pid: 1, host: os.hostname(), token: 'live', created: new Date().toISOString() }));
    await rejectsWith(impatient.nextCrlNumber(), 'store-locked');
    expect(fs.existsSync(lock)).toBe(true); // a live holder's lock is never removed
    // A recent lock from another host is respected too.
    fs.writeFileSync(lock, JSON.stringify({ pid: 1, host: 'elsewhere.example', token: 'fresh', created: new Date().toISOString() }));
    await rejectsWith(impatient.nextCrlNumber(), 'store-locked');
    // Released while a writer waits: the writer proceeds.
    setTimeout(() => fs.rmSync(lock), 100);
    expect(await patient.nextCrlNumber()).toBe(1n);
  });

  it('reports a damaged record as store-corrupt', async () => {
    const d = path.join(tmp('corrupt'), 's');
    const store = await FsCaStore.open(d);
    await store.reserveSerial('abcd');
    await store.commitIssuance(record('abcd'), { uniqueKey: false, now: NOW });
    fs.writeFileSync(path.join(d, 'certs', 'abcd.json'), '{"version":1,"serial":');
    await rejectsWith(store.get('abcd'), 'store-corrupt');
    await rejectsWith(store.list(), 'store-corrupt');
    fs.writeFileSync(path.join(d, 'crlnumber'), 'seven\n');
    await rejectsWith(store.nextCrlNumber(), 'store-corrupt');
  });
});
