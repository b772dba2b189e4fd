/**
 * The CLI's database stores: opening `--store postgres://...` for `certkit serve`, and
 * `certkit ca migrate DIR --to postgres://...`, which applies the schema migrations and moves a
 * file-system CA's intermediate inventory into PostgreSQL, then verifies the counts and a
 * SHA-256 digest of every record on both sides.
 *
 * Non-goals: moving back from PostgreSQL to files, the root's store (it records only the
 * intermediate and stays in DIR/root/store), merging into a database that already holds records.
 * @module
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sha256 } from '@noble/hashes/sha2.js';
import { CaError, type CaStore, type CertificateRecord } from '../ca/index';
import { parseCrl } from '../crl/index';
import { PostgresCaStore } from '../store/postgres/index';
import { _str, type _Command } from './command';
import { FsCaStore } from '../node/index';
import { CliError, errorText } from './io';

/**
 * Opens the store a `--store` URL names (PostgreSQL is the one database store), applying pending
 * schema migrations.
 * @throws CliError 2 for a URL that is not postgres:// or a database that cannot be used (its
 * typed `CaError` is the cause).
 * @example
 * ```ts
 * const store = await openStoreUrl('postgresql://ca@db.example/ca');
 * ```
 */
export async function openStoreUrl(url: string): Promise<PostgresCaStore> {
  if (!/^postgres(ql)?:\/\//.test(url)) throw new CliError(2, `--store: expected a postgres:// or postgresql:// URL, got '${url.slice(0, 40)}'`);
  try {
    return await PostgresCaStore.open(url);
  } catch (e) {
    if (e instanceof CaError || e instanceof TypeError) throw new CliError(2, `--store: ${errorText(e)}`, { cause: e });
    throw e;
  }
}

/** The canonical form of a record for the migration digest (key order fixed, DER as hex). */
function _canonical(r: CertificateRecord): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v !== null && typeof v === 'object')
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
      );
    return v;
  };
  return JSON.stringify(sortKeys({ ...r, der: Array.from(r.der, (b) => b.toString(16).padStart(2, '0')).join('') }));
}

/** Count and SHA-256 over every record's canonical form, in issuance order. */
async function _digest(store: CaStore): Promise<{ count: number; digest: string }> {
  const h = sha256.create();
  let count = 0;
  let cursor: string | undefined;
  do {
    const page = await store.query({ limit: 1000, ...(cursor !== undefined ? { cursor } : {}) });
    for (const r of page.records) {
      h.update(new TextEncoder().encode(_canonical(r) + '\n'));
      count++;
    }
    cursor = page.next;
  } while (cursor !== undefined);
  return { count, digest: Array.from(h.digest(), (b) => b.toString(16).padStart(2, '0')).join('') };
}

export const caMigrate: _Command = {
  usage: 'certkit ca migrate DIR --to postgres://USER@HOST/DB',
  summary: "move a CA directory's inventory into PostgreSQL (and apply schema migrations)",
  help: `Applies certkit's schema migrations to the PostgreSQL database, then copies the
intermediate's inventory of the CA directory DIR into it: every reserved serial, every
certificate record (with its revocation and requester), the audit log, the CRLs and the cRLNumber.
Then it reads both sides back and compares the number of records and a SHA-256 digest over every
record; it exits 1 if they differ. The database must not hold certificates yet. DIR is left as it
was; afterwards run: certkit serve --ca DIR --store URL

Options:
  --to URL   the database (postgres:// or postgresql://; host=/socket/dir for a Unix socket)`,
  options: { to: { type: 'string' } },
  positionals: [1, 1],
  async run(v, [dir], io) {
    const url = _str(v, 'to');
    if (url === undefined) throw new CliError(2, '--to postgres://... is required');
    const storeDir = path.join(path.resolve(dir!), 'intermediate', 'store');
    if (!fs.existsSync(path.join(storeDir, 'certs'))) throw new CliError(2, `${dir} is not a certkit CA directory (no intermediate/store/certs)`);
    const target = await openStoreUrl(url);
    try {
      const source = await FsCaStore.open(storeDir);
      if ((await target.query({ limit: 1 })).records.length > 0) {
        throw new CliError(2, 'the database already holds certificates; ca migrate only fills an empty inventory');
      }
      const serials = await source.reservedSerials();
      for (const s of serials) await target.reserveSerial(s);
      const records = await source.list();
      for (const r of records) {
        await target.reserveSerial(r.serial);
        await target.commitIssuance(r, { uniqueKey: false, now: new Date() });
      }
      let audit = 0;
      let cursor: string | undefined;
      do {
        const page = await source.listAudit({ limit: 1000, ...(cursor !== undefined ? { cursor } : {}) });
        for (const e of page.entries) {
          const { id: _id, ...init } = e;
          await target.appendAudit(init);
          audit++;
        }
        cursor = page.next;
      } while (cursor !== undefined);
      let maxCrl = 0n;
      const crlDir = path.join(storeDir, 'crls');
      const crls = fs.readdirSync(crlDir).filter((f) => /^[0-9]+\.crl$/.test(f));
      for (const f of crls) {
        const number = BigInt(f.slice(0, -4));
        const der = new Uint8Array(fs.readFileSync(path.join(crlDir, f)));
        await target.saveCrl({ number, thisUpdate: parseCrl(der).thisUpdate.toISOString(), der });
        if (number > maxCrl) maxCrl = number;
      }
      const numberFile = path.join(storeDir, 'crlnumber');
      if (fs.existsSync(numberFile)) {
        const last = fs.readFileSync(numberFile, 'utf8').trim();
        if (/^[0-9]+$/.test(last) && BigInt(last) > maxCrl) maxCrl = BigInt(last);
      }
      await target.advanceCrlNumber(maxCrl);
      const [a, b] = await Promise.all([_digest(source), _digest(target)]);
      io.stdout(`moved ${records.length} certificates, ${serials.length} reserved serials, ${audit} audit entries, ${crls.length} CRLs (cRLNumber continues after ${maxCrl})\n`);
      io.stdout(`files:    ${a.count} records, sha256 ${a.digest}\ndatabase: ${b.count} records, sha256 ${b.digest}\n`);
      if (a.count !== b.count || a.digest !== b.digest) {
        io.stderr('certkit ca migrate: the database does not hold the same records as the directory\n');
        return 1;
      }
      io.stdout(`verified; serve it with: certkit serve --ca ${dir} --store <URL>\n`);
      return 0;
    } catch (e) {
      if (e instanceof CaError) throw new CliError(2, errorText(e), { cause: e });
      throw e;
    } finally {
      await target.close();
    }
  },
};
