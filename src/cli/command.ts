/**
 * What every `certkit` subcommand shares: the I/O a run uses, the command shape, option helpers
 * (strings, lists, days, times, the clock, passphrases, output files), the finding and key
 * printers, and the constants of the option values (key types, lint profiles, revocation reasons).
 * Non-goals: the subcommands (`main.ts`, `ca-commands.ts`, `pkcs12-commands.ts`).
 * @module
 */
import { createRequire } from 'node:module';
import type { ParseArgsConfig } from 'node:util';
import { CaError, type IssuanceFinding, type RevocationReason } from '../ca/index';
import type { LintFinding, LintProfile } from '../csr/index';
import { CertkitError } from '../der/index';
import { oidName } from '../oid/index';
import type { KeyPairAlgorithm, PublicKey } from '../keys/index';
import { dns, email, ip, nameFromRdns, nameToOpenSslString, parseNameString, uri, type GeneralName, type Name } from '../x509/index';
import { CliError, errorText, resolvePassphrase, writeFileAtomic } from './io';

/**
 * Where a run reads and writes. Defaults: the process's streams.
 * @example
 * ```ts
 * await run(['inspect', 'cert.pem'], { stdout: (s) => out.push(s) });
 * ```
 */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin: NodeJS.ReadableStream;
  stdinIsTTY: boolean;
  env: NodeJS.ProcessEnv;
}

export type _Options = NonNullable<ParseArgsConfig['options']>;
export type _Values = Record<string, string | boolean | string[] | undefined>;

/** The options `ca issue` and `sign` share: the request, the profile and names, where the results go. */
export const _ISSUE_OPTIONS: _Options = {
  csr: { type: 'string' },
  profile: { type: 'string' },
  days: { type: 'string' },
  dns: { type: 'string', multiple: true },
  ip: { type: 'string', multiple: true },
  email: { type: 'string', multiple: true },
  subject: { type: 'string' },
  out: { type: 'string' },
  'chain-out': { type: 'string' },
  pass: { type: 'string' },
  json: { type: 'boolean' },
};

export interface _Command {
  usage: string;
  summary: string;
  help: string;
  options: _Options;
  positionals: [min: number, max: number];
  run(values: _Values, positionals: string[], io: CliIo): Promise<number>;
}

/**
 * Key types of `key new --type`, mapped to `generateKeyPair` names.
 * @example
 * ```ts
 * KEY_TYPES['ec-p256'] // 'P-256'
 * ```
 */
export const KEY_TYPES: Readonly<Record<string, KeyPairAlgorithm>> = {
  'ec-p256': 'P-256',
  'ec-p384': 'P-384',
  'ec-p521': 'P-521',
  ed25519: 'Ed25519',
  ed448: 'Ed448',
  'rsa-2048': 'RSA-2048',
  'rsa-3072': 'RSA-3072',
  'rsa-4096': 'RSA-4096',
  'ml-dsa-44': 'ML-DSA-44',
  'ml-dsa-65': 'ML-DSA-65',
  'ml-dsa-87': 'ML-DSA-87',
};

export const PROFILES: readonly LintProfile[] = ['tls-server', 'tls-client', 'email', 'code-signing', 'none'];
export const REASONS: readonly RevocationReason[] = ['unspecified', 'keyCompromise', 'cACompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'privilegeWithdrawn', 'aACompromise'];

export const _COMMON: _Options = { help: { type: 'boolean', short: 'h' }, now: { type: 'string' } };

export function _version(): string {
  try {
    return (createRequire(import.meta.url)('certkit/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export function _str(v: _Values, k: string): string | undefined {
  const x = v[k];
  return typeof x === 'string' ? x : undefined;
}

export function _list(v: _Values, k: string): string[] {
  const x = v[k];
  return Array.isArray(x) ? x : typeof x === 'string' ? [x] : [];
}

export function _days(v: _Values, k: string): number | undefined {
  const s = _str(v, k);
  if (s === undefined) return undefined;
  if (!/^[1-9][0-9]{0,5}$/.test(s)) throw new CliError(2, `--${k} must be a whole number of days (1-999999), got '${s}'`);
  return Number(s);
}

export function _time(s: string, what: string): Date {
  const d = new Date(s);
  if (!/^\d{4}-\d{2}-\d{2}/.test(s) || Number.isNaN(d.getTime())) throw new CliError(2, `${what} must be an ISO 8601 time such as 2025-06-01T12:00:00Z, got '${s}'`);
  return d;
}

export function _clock(v: _Values): (() => Date) | undefined {
  const s = _str(v, 'now');
  if (s === undefined) return undefined;
  const d = _time(s, '--now');
  return () => new Date(d.getTime());
}

export function _pass(v: _Values, io: CliIo): string | undefined {
  const s = _str(v, 'pass');
  return s === undefined ? undefined : resolvePassphrase(s, io.env);
}

export function _out(v: _Values, io: CliIo, data: string, secret = false): void {
  const out = _str(v, 'out');
  if (out === undefined) io.stdout(data);
  else writeFileAtomic(out, data, { secret });
}

export function _findingLines(findings: ReadonlyArray<LintFinding | IssuanceFinding>): string[] {
  return findings.map((f) => `  ${f.severity.padEnd(7)} ${f.code}  (${f.field})\n          ${_withOidNames(f.message)}`);
}

export function _tally(findings: ReadonlyArray<LintFinding | IssuanceFinding>): string {
  const n = (s: string): number => findings.filter((f) => f.severity === s).length;
  const p = (k: number, w: string): string => `${k} ${w}${k === 1 ? '' : 's'}`;
  return `${p(n('error'), 'error')}, ${p(n('warning'), 'warning')}, ${p(n('info'), 'info')}`;
}

export function _keyLine(k: PublicKey): string {
  return `${k.algorithm}${k.curve ? ` ${k.curve}` : ''} (${k.bits} bit)`;
}

export function _generalName(spec: string, kind: 'dns' | 'ip' | 'email' | 'uri'): GeneralName {
  try {
    return kind === 'dns' ? dns(spec) : kind === 'ip' ? ip(spec) : kind === 'email' ? email(spec) : uri(spec);
  } catch (e) {
    throw new CliError(2, `--${kind} ${spec}: ${(e as Error).message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// key new

/**
 * A subject given on the command line: RFC 4514 (most specific first, `CN=x,O=Example,C=US`), or
 * OpenSSL's `-subj` form (`/C=US/O=Example/CN=x`, encoding order, `\/` for a slash in a value).
 * A comma form that reads like OpenSSL's display order (country first, common name last) is
 * still read as RFC 4514, and a note on stderr says in which order it will be encoded.
 */
export function _subjectArg(spec: string, io: CliIo): Name {
  try {
    if (spec.startsWith('/')) {
      const rdns: Array<Array<readonly [string, string]>> = [];
      // Split on slashes not escaped by a backslash; each part is TYPE=VALUE.
      for (const part of spec.slice(1).split(/(?<!\\)\//)) {
        if (part === '') continue;
        const eq = part.indexOf('=');
        if (eq <= 0) throw new RangeError(`'${part}' is not TYPE=VALUE`);
        rdns.push([[part.slice(0, eq).trim(), part.slice(eq + 1).replace(/\\(.)/g, '$1')]]);
      }
      if (rdns.length === 0) throw new RangeError('no attributes between the slashes');
      return nameFromRdns(rdns);
    }
    const name = parseNameString(spec);
    const first = /^\s*([A-Za-z][\w.-]*)\s*=/.exec(spec)?.[1]?.toUpperCase();
    if ((first === 'C' || first === 'DC') && name.rdns.length > 1) {
      io.stderr(`note: --subject is read as RFC 4514 (most specific first), so it is encoded in this order: ${nameToOpenSslString(name)}; for OpenSSL's order write "/C=../O=../CN=.."\n`);
    }
    return name;
  } catch (e) {
    throw new CliError(2, `--subject: ${(e as Error).message} (in '${spec}')`);
  }
}

/** Maps what issuance throws to the CLI's answers: exit 1 with the findings for a refusal, 2 for bad input. */
export function _issueError(e: unknown, profile: string): never {
  if (e instanceof CaError && e.code === 'issuance-refused') {
    throw new CliError(1, `issuance refused under profile ${profile}: ${_tally(e.findings)}`, { details: _findingLines(e.findings) });
  }
  if (e instanceof CaError && e.code === 'unknown-profile') throw new CliError(2, e.message);
  if (e instanceof CliError) throw e;
  if (e instanceof CertkitError || e instanceof RangeError || e instanceof TypeError) throw new CliError(2, errorText(e));
  throw e;
}

/**
 * The one form the CLI prints a serial in: lower-case hex of the integer in whole octets (as
 * `inspect`, `verify` and OpenSSL show it); every command accepts it with or without the leading
 * zero, colons or `0x`.
 */
export function _serialText(serial: string): string {
  return serial.length % 2 === 1 ? `0${serial}` : serial;
}

/**
 * Names, not OIDs: `text` with each dotted OID the registry names shown as `name (OID)`
 * (`Policy: 2.23.140.1.2.1` becomes `Policy: cabfDomainValidated (2.23.140.1.2.1)`), for the
 * OpenSSL-style text of the formatters, which keeps the OID wherever OpenSSL has no name. An OID
 * already after its name, and one the registry does not know, stay as they are.
 */
export function _withOidNames(text: string): string {
  return text.replace(/(?<![\d.])\d+(?:\.\d+){2,}(?![\d.])/g, (oid, at: number) => {
    const name = oidName(oid);
    if (name === undefined || text.slice(Math.max(0, at - name.length - 2), at) === `${name} (`) return oid;
    return `${name} (${oid})`;
  });
}
