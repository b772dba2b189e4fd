/**
 * The CLI's input and output: reading files of any kind (PEM or DER, auto-detected), private
 * keys with passphrases, writing files safely, and the errors that set the exit code.
 *
 * Scope: {@link CliError} (exit 2: usage or input; exit 1: a negative answer), {@link readObjects}
 * (what a file holds: certificates, CSRs, CRLs, keys; the certificates and CRLs of a PKCS#7 /
 * CMS bundle, `.p7b`/`.p7c`/`.p7s`), {@link loadPrivateKey},
 * {@link resolvePassphrase} (`pass:`, `env:`, `file:` as OpenSSL spells them), {@link writeFileAtomic}.
 * Non-goals: formatting (each command prints its own).
 * @module
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseSignedData } from '../cms/index';
import { parseCrl, type Crl } from '../crl/index';
import { parseCsr, type Csr } from '../csr/index';
import { CertkitError } from '../der/index';
import { importPrivateKey, parsePublicKey, type PrivateKey, type PublicKey } from '../keys/index';
import { decodePemAll } from '../pem/index';
import { decryptPrivateKey } from '../pkcs12/index';
import { parseCertificate, type Certificate } from '../x509/index';
import { nodeLegacyCipher } from './legacy-cipher';
import { canAskPassword, readHiddenLine, type PasswordTerminal } from './prompt';

/** Codes a {@link CliError} can carry; each goes with one exit code. */
export type CliErrorCode =
  | 'invalid-input' // exit 2: a usage or input error (missing file, wrong file type, garbage, wrong passphrase)
  | 'negative-answer'; // exit 1: the command ran and the answer is no (invalid chain, lint errors, key mismatch, issuance refused)

/**
 * An error that ends a command with an exit code: 2 for usage and input errors (missing files,
 * wrong file types, garbage, wrong passwords), 1 for a negative answer (invalid chain, lint
 * errors, key mismatch, issuance refused). Its `code` follows the exit code.
 * @example
 * ```ts
 * throw new CliError(2, 'no such file: req.pem');
 * ```
 */
export class CliError extends CertkitError {
  declare readonly code: CliErrorCode;
  /** The process exit code. */
  readonly exitCode: 1 | 2;
  /** Extra lines printed after the message (findings, hints). */
  readonly details: readonly string[];
  constructor(exitCode: 1 | 2, message: string, options: { details?: readonly string[]; cause?: unknown } = {}) {
    super(exitCode === 2 ? 'invalid-input' : 'negative-answer', message, options.cause === undefined ? {} : { cause: options.cause });
    this.name = 'CliError';
    this.exitCode = exitCode;
    this.details = options.details ?? [];
  }
}

/**
 * What a file can hold.
 * @example
 * ```ts
 * for (const o of readObjects('chain.pem')) if (o.kind === 'certificate') console.log(o.value.subject.toString());
 * ```
 */
export type CliObject =
  | { kind: 'certificate'; value: Certificate; format: 'PEM' | 'DER'; container?: 'PKCS#7' | 'TLS' }
  | { kind: 'csr'; value: Csr; format: 'PEM' | 'DER' }
  | { kind: 'crl'; value: Crl; format: 'PEM' | 'DER'; container?: 'PKCS#7' }
  | { kind: 'private-key'; value: PrivateKey; format: 'PEM' | 'DER' }
  | { kind: 'encrypted-private-key'; der: Uint8Array; format: 'PEM' | 'DER' }
  | { kind: 'public-key'; value: PublicKey; format: 'PEM' | 'DER' };

/**
 * A human name for a kind.
 * @example
 * ```ts
 * kindName('csr') // 'certificate request'
 * ```
 */
export function kindName(kind: CliObject['kind']): string {
  return { certificate: 'certificate', csr: 'certificate request', crl: 'CRL', 'private-key': 'private key', 'encrypted-private-key': 'encrypted private key', 'public-key': 'public key' }[kind];
}

let _stdin: Uint8Array | undefined;

/** Reads standard input to its end, whatever the writer's pace, for `readInput('-')`. */
export async function _loadStdin(stream: NodeJS.ReadableStream, limit = 64 * 1024 * 1024): Promise<void> {
  const parts: Uint8Array[] = [];
  let n = 0;
  for await (const chunk of stream) {
    const c = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : (chunk as Uint8Array);
    n += c.length;
    if (n > limit) throw new CliError(2, 'standard input is larger than 64 MiB; that is not a certificate, CSR, CRL or key');
    parts.push(c);
  }
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  _stdin = out;
}

/**
 * Reads a file's bytes; `-` is standard input.
 * @throws CliError 2 for a missing or unreadable file.
 * @example
 * ```ts
 * const bytes = readInput('cert.der');
 * ```
 */
export function readInput(file: string): Uint8Array {
  try {
    if (file === '-') {
      // Read by run() before the command starts, at the writer's pace (a synchronous read of a
      // non-blocking pipe fails with EAGAIN when the writer is slow).
      if (_stdin === undefined) throw new CliError(2, "standard input ('-') can be read once per run");
      const b = _stdin;
      _stdin = undefined;
      return b;
    }
    const st = fs.statSync(file);
    if (st.isDirectory()) throw new CliError(2, `${file} is a directory, not a file`);
    if (st.size > 64 * 1024 * 1024) throw new CliError(2, `${file} is larger than 64 MiB; that is not a certificate, CSR, CRL or key`);
    return new Uint8Array(fs.readFileSync(file));
  } catch (e) {
    if (e instanceof CliError) throw e;
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT') throw new CliError(2, `no such file: ${file}`);
    if (code === 'EACCES') throw new CliError(2, `permission denied: ${file}`);
    throw new CliError(2, `cannot read ${file}: ${(e as Error).message}`, { cause: e });
  }
}

function _message(e: unknown): string {
  if (e instanceof CliError) return e.message;
  if (e instanceof CertkitError) return `${e.message} [${e.code}${e.path ? ` at ${e.path}` : ''}${e.offset !== undefined ? `, offset ${e.offset}` : ''}]`;
  return e instanceof Error ? e.message : String(e);
}

/** Whether bytes look like PEM text. */
function _isPem(bytes: Uint8Array): boolean {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.length, 1 << 20)));
  return head.includes('-----BEGIN ');
}

function _fromPemBlock(label: string, der: Uint8Array): CliObject {
  switch (label) {
    case 'CERTIFICATE':
    case 'X509 CERTIFICATE':
      return { kind: 'certificate', value: parseCertificate(der), format: 'PEM' };
    case 'CERTIFICATE REQUEST':
    case 'NEW CERTIFICATE REQUEST':
      return { kind: 'csr', value: parseCsr(der), format: 'PEM' };
    case 'X509 CRL':
      return { kind: 'crl', value: parseCrl(der), format: 'PEM' };
    case 'PRIVATE KEY':
    case 'EC PRIVATE KEY':
    case 'RSA PRIVATE KEY':
      // PKCS#8, SEC1 and PKCS#1 are told apart by their DER structure.
      return { kind: 'private-key', value: importPrivateKey(der), format: 'PEM' };
    case 'ENCRYPTED PRIVATE KEY':
      return { kind: 'encrypted-private-key', der, format: 'PEM' };
    case 'PUBLIC KEY':
      return { kind: 'public-key', value: parsePublicKey(der), format: 'PEM' };
    default:
      throw new CliError(2, `PEM block '${label}' is not a certificate, CSR, CRL or key, nor a PKCS#7 bundle`);
  }
}

/** The certificates and CRLs of a PKCS#7 / CMS SignedData (RFC 5652), in the order received. */
function _fromBundle(der: Uint8Array, format: 'PEM' | 'DER'): CliObject[] {
  const sd = parseSignedData(der);
  return [
    ...sd.certificates.map((c): CliObject => ({ kind: 'certificate', value: parseCertificate(c), format, container: 'PKCS#7' })),
    ...sd.crls.map((c): CliObject => ({ kind: 'crl', value: parseCrl(c), format, container: 'PKCS#7' })),
  ];
}

/** Whether DER starts like a ContentInfo carrying SignedData (`30 len 06 09 2a864886f70d010702`). */
function _looksLikeSignedData(der: Uint8Array): boolean {
  const b = der[1];
  if (der[0] !== 0x30 || b === undefined) return false;
  const i = b < 0x80 ? 2 : 2 + (b & 0x7f);
  const oid = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];
  return oid.every((x, k) => der[i + k] === x);
}

/** DER: tries each structure; the error of the parser that got furthest is reported. */
function _fromDer(der: Uint8Array, file: string): CliObject[] {
  if (_looksLikeSignedData(der)) {
    try {
      return _fromBundle(der, 'DER');
    } catch (e) {
      throw new CliError(2, `${file} is a PKCS#7 / CMS file that does not parse: ${_message(e)}`, { cause: e });
    }
  }
  const attempts: Array<[string, () => CliObject]> = [
    ['certificate', () => ({ kind: 'certificate', value: parseCertificate(der), format: 'DER' })],
    ['certificate request', () => ({ kind: 'csr', value: parseCsr(der), format: 'DER' })],
    ['CRL', () => ({ kind: 'crl', value: parseCrl(der), format: 'DER' })],
    ['private key', () => ({ kind: 'private-key', value: importPrivateKey(der), format: 'DER' })],
    ['public key', () => ({ kind: 'public-key', value: parsePublicKey(der), format: 'DER' })],
  ];
  const errors: Array<[string, unknown]> = [];
  for (const [name, fn] of attempts) {
    try {
      return [fn()];
    } catch (e) {
      if (!(e instanceof CertkitError)) throw e;
      errors.push([name, e]);
    }
  }
  // An EncryptedPrivateKeyInfo: SEQUENCE { SEQUENCE { OID 1.2.840.113549.1.5.13 ... } ... }.
  if (der.length > 16 && der[0] === 0x30 && Buffer.from(der.subarray(0, 32)).includes(Buffer.from([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05]))) {
    return [{ kind: 'encrypted-private-key', der, format: 'DER' }];
  }
  // A PFX: SEQUENCE { INTEGER 3, SEQUENCE { OID 1.2.840.113549.1.7.1 (data) ... } } (RFC 7292 §4).
  if (_looksLikePfx(der)) throw new CliError(2, `${file} is a PKCS#12 (.p12/.pfx) file; use: certkit pkcs12 inspect ${file} --pass ...`);
  // Text without a PEM block is not "bad DER": say what certkit reads instead.
  if (der[0] !== 0x30 && der.every((b) => b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b !== 0x7f))) {
    throw new CliError(2, `${file} is text without a PEM block ('-----BEGIN ...-----'); certkit reads certificates, requests, CRLs and keys as PEM or DER`);
  }
  const best = errors.reduce((a, b) => (((b[1] as CertkitError).offset ?? 0) > ((a[1] as CertkitError).offset ?? 0) ? b : a));
  throw new CliError(2, `${file} is not a certificate, certificate request, CRL or key (PEM or DER); read as a ${best[0]}: ${_message(best[1])}`);
}

function _looksLikePfx(der: Uint8Array): boolean {
  // 30 len 02 01 03 30 len 06 09 2a 86 48 86 f7 0d 01 07 01, with 1-4 byte lengths
  let i = 1;
  const skipLen = (): boolean => {
    const b = der[i];
    if (b === undefined) return false;
    i += b < 0x80 ? 1 : 1 + (b & 0x7f);
    return true;
  };
  if (der[0] !== 0x30 || !skipLen() || der[i] !== 0x02 || der[i + 1] !== 0x01 || der[i + 2] !== 0x03 || der[i + 3] !== 0x30) return false;
  i += 4;
  if (!skipLen()) return false;
  const oid = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01];
  return oid.every((b, k) => der[i + k] === b);
}

/**
 * Everything a file holds, in order: each PEM block, or the one DER structure.
 * @throws CliError 2 for a missing file, garbage, or a block that does not parse.
 * @example
 * ```ts
 * const [first] = readObjects('chain.pem');
 * ```
 */
export function readObjects(file: string): CliObject[] {
  const bytes = readInput(file);
  if (bytes.length === 0) throw new CliError(2, `${file} is empty`);
  if (_isPem(bytes)) {
    let blocks;
    try {
      blocks = decodePemAll(new TextDecoder('latin1').decode(bytes));
    } catch (e) {
      throw new CliError(2, `${file}: bad PEM: ${_message(e)}`, { cause: e });
    }
    return blocks.flatMap((b, i) => {
      try {
        return b.label === 'PKCS7' || b.label === 'CMS' ? _fromBundle(b.der, 'PEM') : [_fromPemBlock(b.label, b.der)];
      } catch (e) {
        if (e instanceof CliError) throw new CliError(2, `${file}: ${e.message}`);
        throw new CliError(2, `${file}: PEM block ${i + 1} (${b.label}) does not parse: ${_message(e)}`, { cause: e });
      }
    });
  }
  return _fromDer(bytes, file);
}

/**
 * The objects of one kind in a file.
 * @throws CliError 2 when the file holds none, or holds something else.
 * @example
 * ```ts
 * const [root] = readKind('root.pem', 'certificate');
 * ```
 */
export function readKind<K extends CliObject['kind']>(file: string, kind: K): Array<Extract<CliObject, { kind: K }>> {
  const objs = readObjects(file);
  const wrong = objs.find((o) => o.kind !== kind);
  if (wrong !== undefined) throw new CliError(2, `${file} holds a ${kindName(wrong.kind)}, not a ${kindName(kind)}`);
  return objs as Array<Extract<CliObject, { kind: K }>>;
}

/**
 * A passphrase from `pass:TEXT`, `env:VAR`, `file:PATH` (first line) or `fd:N` (first line read
 * from an open file descriptor, e.g. `3<pass.txt`), as OpenSSL's `-passin`.
 * @throws CliError 2 for an unknown form, a missing variable or file.
 * @example
 * ```ts
 * resolvePassphrase('env:CA_PASS')
 * ```
 */
export function resolvePassphrase(spec: string, env: NodeJS.ProcessEnv = process.env): string {
  const i = spec.indexOf(':');
  const kind = i < 0 ? '' : spec.slice(0, i);
  const rest = spec.slice(i + 1);
  let pw: string;
  if (kind === 'pass') pw = rest;
  else if (kind === 'env') {
    const v = env[rest];
    if (v === undefined) throw new CliError(2, `--pass env:${rest}: the environment variable ${rest} is not set`);
    pw = v;
  } else if (kind === 'file') {
    pw = new TextDecoder().decode(readInput(rest)).split(/\r?\n/)[0] ?? '';
  } else if (kind === 'fd') {
    if (!/^(0|[1-9][0-9]{0,4})$/.test(rest)) throw new CliError(2, `--pass fd:N needs a file descriptor number, got '${spec}'`);
    let bytes: Uint8Array;
    try {
      bytes = fs.readFileSync(Number(rest));
    } catch (e) {
      throw new CliError(2, `--pass fd:${rest}: cannot read file descriptor ${rest}: ${(e as Error).message}`);
    }
    pw = new TextDecoder().decode(bytes).split(/\r?\n/)[0] ?? '';
  } else {
    throw new CliError(2, `--pass must be pass:TEXT, env:VARIABLE, file:PATH or fd:N, got '${spec}'`);
  }
  if (pw.length === 0) throw new CliError(2, 'the passphrase is empty');
  return pw;
}

/**
 * A password from the terminal, typed without echo: `question` on standard error, the answer
 * from standard input in raw mode; with `confirm`, asked twice and compared (for a new password,
 * as `openssl pkcs12 -export` does). Without a terminal (`io` missing, or standard input a pipe
 * or file) it refuses with a usage error that names `option`, so a script never hangs on a prompt.
 * @throws CliError 2 without a terminal, for an empty or abandoned answer, or two answers that differ.
 * @example
 * ```ts
 * const pw = await askPassword(io, 'Enter Export Password:', '--pass', { confirm: true });
 * ```
 */
export async function askPassword(io: PasswordTerminal | undefined, question: string, option: string, o: { confirm?: boolean } = {}): Promise<string> {
  if (!canAskPassword(io)) {
    throw new CliError(2, `${option} is required: standard input is not a terminal to ask for the password on (give ${option} pass:TEXT, env:VAR, file:PATH or fd:N)`);
  }
  const read = async (q: string): Promise<string> => {
    try {
      return await readHiddenLine(io, q);
    } catch (e) {
      throw new CliError(2, `no password: ${(e as Error).message}`, { cause: e });
    }
  };
  const pw = await read(question);
  if (pw.length === 0) throw new CliError(2, 'the passphrase is empty');
  if (o.confirm === true && (await read(`Verifying - ${question}`)) !== pw) throw new CliError(2, 'the two passwords do not match');
  return pw;
}

/**
 * Loads a private key, decrypting it when it is an `ENCRYPTED PRIVATE KEY`. An encrypted key
 * without `passphrase` is asked for on the terminal (no echo) when `ask` is given and standard
 * input is one; `ask` may be a shared function (a CA directory asks once for both its keys).
 * @throws CliError 2 for a missing file, another kind of file, an encrypted key without
 * passphrase (and no terminal), or a wrong passphrase.
 * @example
 * ```ts
 * const key = await loadPrivateKey('key.pem', resolvePassphrase('file:pass.txt'));
 * const key2 = await loadPrivateKey('key.pem', undefined, io); // asks on the terminal if encrypted
 * ```
 */
export async function loadPrivateKey(file: string, passphrase: string | undefined, ask?: PasswordTerminal | ((file: string) => Promise<string>)): Promise<PrivateKey> {
  const objs = readObjects(file);
  const o = objs[0]!;
  if (objs.length !== 1 || (o.kind !== 'private-key' && o.kind !== 'encrypted-private-key')) {
    throw new CliError(2, `${file} holds ${objs.length === 1 ? `a ${kindName(o.kind)}` : `${objs.length} objects`}, not one private key`);
  }
  if (o.kind === 'private-key') return o.value;
  if (passphrase === undefined) {
    if (typeof ask === 'function') passphrase = await ask(file);
    else if (canAskPassword(ask)) passphrase = await askPassword(ask, `Enter pass phrase for ${file}:`, '--pass');
    else throw new CliError(2, `${file} is encrypted; give its passphrase with --pass (pass:TEXT, env:VAR, file:PATH or fd:N)`);
  }
  try {
    return await decryptPrivateKey(o.der, passphrase, { legacyCipher: nodeLegacyCipher });
  } catch (e) {
    if (e instanceof CertkitError && e.code === 'wrong-password') throw new CliError(2, `wrong passphrase for ${file}`);
    throw new CliError(2, `${file}: cannot decrypt the key: ${_message(e)}`, { cause: e });
  }
}

/**
 * Writes a file atomically (temp file, fsync, rename), with mode 0600 for secrets.
 * @throws CliError 2 when the file exists and `overwrite` is false, or cannot be written.
 * @example
 * ```ts
 * writeFileAtomic('key.pem', key.toPem(), { secret: true, overwrite: false });
 * ```
 */
export function writeFileAtomic(file: string, data: string | Uint8Array, options: { secret?: boolean; overwrite?: boolean } = {}): void {
  if (options.overwrite === false && fs.existsSync(file)) throw new CliError(2, `${file} already exists; not overwriting it`);
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = fs.openSync(tmp, 'wx', options.secret ? 0o600 : 0o644);
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT') throw new CliError(2, `cannot write ${file}: its directory does not exist`);
    throw new CliError(2, `cannot write ${file}: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * `_message` for commands.
 * @example
 * ```ts
 * console.error(errorText(e)); // 'message [code at path, offset 12]'
 * ```
 */
export function errorText(e: unknown): string {
  return _message(e);
}
