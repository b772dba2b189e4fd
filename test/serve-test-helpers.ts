/**
 * Helpers of the `certkit serve` tests: start the bundled CLI's `serve` as a subprocess on a free
 * port (`--listen 127.0.0.1:0`) and wait for its "listening on URL" line; run curl (required:
 * the tests fail when it is missing) and openssl; stop the server with a signal.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from './cli-test-helpers';

export interface Served {
  url: string;
  proc: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Sends `signal` and resolves with the exit code once the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `node <bin> serve ...args` and resolves once it prints its URL (rejects on exit or after 60 s). */
export function startServe(bin: string, args: readonly string[], cwd: string): Promise<Served> {
  const proc = spawn(process.execPath, [bin, 'serve', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`certkit serve did not start in 60 s\nstdout: ${out}\nstderr: ${err}`));
    }, 60_000);
    const check = (): void => {
      const m = /listening on (https?:\/\/\S+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      proc.stdout!.off('data', check);
      resolve({
        url: m[1]!,
        proc,
        stdout: () => out,
        stderr: () => err,
        stop(signal = 'SIGTERM') {
          if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
          return exited;
        },
      });
    };
    proc.stdout!.on('data', check);
    void exited.then((e) => {
      clearTimeout(timer);
      reject(new Error(`certkit serve exited (${e.code ?? e.signal}) before listening\nstdout: ${out}\nstderr: ${err}`));
    });
  });
}

export interface CurlResult {
  code: number | null;
  status: number;
  headers: string;
  body: Buffer;
  stderr: string;
}

/**
 * Runs curl with `args` (the URL among them) and returns the HTTP status, the response headers
 * and the body. curl is required: a missing binary fails the test.
 */
export function curl(args: readonly string[], options: { cwd?: string; input?: string | Buffer } = {}): CurlResult {
  const marker = '\n__CURL_STATUS__';
  // Headers go to a file (curl 7.88 crashes writing them to /dev/stderr when that is a pipe).
  const headerFile = path.join(os.tmpdir(), `certkit-curl-${process.pid}-${randomBytes(4).toString('hex')}.txt`);
  const r = spawnSync('curl', ['-sS', '-D', headerFile, '-w', `${marker}%{http_code}`, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input ?? '',
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw new Error(`curl is required for this test: ${r.error.message}`);
  let headers = '';
  try {
    headers = fs.readFileSync(headerFile, 'utf8');
  } catch {
    /* no response */
  }
  fs.rmSync(headerFile, { force: true });
  const stdout = r.stdout as Buffer;
  const at = stdout.lastIndexOf(marker);
  return {
    code: r.status,
    status: at >= 0 ? Number(stdout.subarray(at + marker.length).toString('utf8')) : 0,
    headers,
    body: at >= 0 ? stdout.subarray(0, at) : stdout,
    stderr: (r.stderr as Buffer).toString('utf8'),
  };
}

/** The value of a response header (case-insensitive), from curl's header dump; the last one wins. */
export function header(headers: string, name: string): string | undefined {
  let v: string | undefined;
  for (const line of headers.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0 && line.slice(0, i).trim().toLowerCase() === name.toLowerCase()) v = line.slice(i + 1).trim();
  }
  return v;
}

/** openssl with binary input/output. */
export function opensslBin(args: readonly string[], options: { cwd?: string; input?: string | Buffer } = {}): { code: number | null; stdout: Buffer; stderr: string } {
  const r = spawnSync('openssl', args, { cwd: options.cwd ?? ROOT, input: options.input ?? '', timeout: 30_000 });
  if (r.error) throw new Error(`openssl is required for this test: ${r.error.message}`);
  return { code: r.status, stdout: r.stdout as Buffer, stderr: (r.stderr as Buffer).toString('utf8') };
}
