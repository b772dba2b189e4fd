/**
 * A throwaway PostgreSQL cluster for tests: `initdb` into a temporary directory, `pg_ctl start`
 * on a Unix socket in that directory (no TCP), stopped when the test file ends and on process
 * exit. Never a system service, never a mock; fails loudly when PostgreSQL is not installed
 * (`.ci/run` installs Debian's `postgresql`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN_DIRS = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin', '/usr/local/bin', '/usr/bin'];

/** The directory holding initdb/pg_ctl. Throws when PostgreSQL is missing: tests never skip. */
export function pgBinDir(): string {
  for (const d of BIN_DIRS) if (['initdb', 'pg_ctl', 'psql'].every((b) => existsSync(join(d, b)))) return d;
  throw new Error(`PostgreSQL is not installed (no initdb/pg_ctl in ${BIN_DIRS.join(', ')}): apt-get install -y postgresql`);
}

export interface PgCluster {
  readonly dir: string;
  readonly port: number;
  /** A connection string for database `name` (created by {@link PgCluster.createDatabase}). */
  url(name?: string): string;
  createDatabase(name: string): void;
  /** `psql -c` as the superuser; returns stdout. */
  sql(db: string, statement: string): string;
  restartImmediate(): void;
  stop(): void;
}

const _running = new Set<PgCluster>();
let _exitHook = false;

function _asPostgres(bin: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  const root = process.getuid?.() === 0;
  const cmd = root ? 'runuser' : bin;
  const full = root ? ['-u', 'postgres', '--', bin, ...args] : args;
  const r = spawnSync(cmd, full, { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 900_000 });
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed (${r.status}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** Starts a fresh cluster; `stop()` it in afterAll (it is also stopped on process exit). */
export function startCluster(): PgCluster {
  const bin = pgBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'certkit-pg-'));
  const data = join(dir, 'data');
  chmodSync(dir, 0o700);
  if (process.getuid?.() === 0)
    chownSync(dir, Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()), Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()));
  _asPostgres(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const port = 20000 + Math.floor(Math.random() * 20000);
  const opts = `-p ${port} -k ${dir} -c listen_addresses='' -c fsync=on -c max_connections=60 -c shared_buffers=64MB`;
  const start = (): void => {
    _asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', 'start']);
  };
  start();
  let stopped = false;
  const cluster: PgCluster = {
    dir,
    port,
    url: (name = 'postgres') => `postgresql://postgres@localhost/${name}?host=${encodeURIComponent(dir)}&port=${port}`,
    createDatabase: (name) => {
      cluster.sql('postgres', `CREATE DATABASE "${name}"`);
    },
    sql: (db, statement) => _asPostgres(join(bin, 'psql'), ['-h', dir, '-p', String(port), '-U', 'postgres', '-d', db, '-At', '-v', 'ON_ERROR_STOP=1', '-c', statement]),
    restartImmediate: () => {
      _asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']);
      start();
    },
    stop: () => {
      if (stopped) return;
      stopped = true;
      _running.delete(cluster);
      try {
        _asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
      } catch {
        /* already down */
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  _running.add(cluster);
  if (!_exitHook) {
    _exitHook = true;
    process.on('exit', () => {
      for (const c of [..._running]) c.stop();
    });
  }
  return cluster;
}
