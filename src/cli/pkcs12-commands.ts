/**
 * The CLI's delivery commands: `certkit pkcs12 create|inspect|extract` (PKCS#12 / PFX files,
 * RFC 7292) and `certkit key encrypt|decrypt` (encrypted PKCS#8, RFC 5958 §3 with PBES2,
 * RFC 8018).
 *
 * Scope: argument handling, files and messages for these five commands, with the tool's exit
 * codes (0 ok, 2 usage or input error, a wrong password included). Legacy files (3DES, and RC2
 * with Node's OpenSSL legacy provider) go through {@link nodeLegacyCipher}.
 * Non-goals: PKCS#12 files with several keys (inspect lists them; extract refuses to guess),
 * OpenSSL's traditional `Proc-Type: 4,ENCRYPTED` PEM keys.
 * @module
 */
import * as fs from 'node:fs';
import { CertkitError, toHex } from '../der/index';
import { keyMatches, type PrivateKey, type PublicKey } from '../keys/index';
import { createPkcs12, decryptPrivateKey, encryptPrivateKey, parsePkcs12, Pkcs12Error, type Pbes2Cipher, type Pkcs12CertificateEntry, type Pkcs12Contents } from '../pkcs12/index';
import type { Certificate } from '../x509/index';
import { CliError, askPassword, errorText, kindName, readInput, readObjects, resolvePassphrase, writeFileAtomic } from './io';
import { canAskPassword, type PasswordTerminal } from './prompt';
import { nodeLegacyCipher } from './legacy-cipher';
import { certificatePublicKey, certificateToPem } from '../x509/index';

/**
 * The shape of a command, as `main.ts` runs it.
 * @example
 * ```ts
 * const code = await pkcs12Inspect.run({ pass: 'env:P12_PASS' }, ['alice.p12'], io);
 * ```
 */
export interface CliCommand {
  usage: string;
  summary: string;
  help: string;
  options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;
  positionals: [min: number, max: number];
  run(values: Record<string, string | boolean | string[] | undefined>, positionals: string[], io: CliCommandIo): Promise<number>;
}

/**
 * What the commands print to and read the environment from.
 * @example
 * ```ts
 * const io: CliCommandIo = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), env: process.env };
 * ```
 */
interface CliCommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Where a password is asked (without echo) when no `--pass` is given: only a terminal. */
  stdin?: NodeJS.ReadableStream;
  stdinIsTTY?: boolean;
}

type _Values = Parameters<CliCommand['run']>[0];

function _str(v: _Values, k: string): string | undefined {
  const x = v[k];
  return typeof x === 'string' ? x : undefined;
}

function _list(v: _Values, k: string): string[] {
  const x = v[k];
  return Array.isArray(x) ? x : typeof x === 'string' ? [x] : [];
}

function _passOf(v: _Values, k: string, io: CliCommandIo): string | undefined {
  const s = _str(v, k);
  if (s === undefined) return undefined;
  const pw = resolvePassphrase(s, io.env);
  return pw;
}

/** The terminal of `io`, when it has one to ask a password on. */
function _terminal(io: CliCommandIo): PasswordTerminal | undefined {
  const t = io.stdin === undefined ? undefined : { stdin: io.stdin, stdinIsTTY: io.stdinIsTTY === true, stderr: io.stderr };
  return canAskPassword(t) ? t : undefined;
}

/** `--pass`, or else the password typed on the terminal (`question`, no echo; twice with `confirm`), or else a usage error. */
async function _needPass(v: _Values, io: CliCommandIo, what: string, question: string, confirm = false): Promise<string> {
  const pw = _passOf(v, 'pass', io);
  if (pw !== undefined) return pw;
  const t = _terminal(io);
  if (t === undefined) throw new CliError(2, `--pass is required: ${what} (pass:TEXT, env:VARIABLE, file:PATH or fd:N; without --pass the password is asked on a terminal)`);
  return await askPassword(t, question, '--pass', { confirm });
}

function _iterations(v: _Values): number | undefined {
  const s = _str(v, 'iterations');
  if (s === undefined) return undefined;
  if (!/^[1-9][0-9]{3,8}$/.test(s)) throw new CliError(2, `--iterations must be a whole number from 1000 to 100000000, got '${s}'`);
  return Number(s);
}

/**
 * A note for standard error when a PKCS#12 password is not ASCII: OpenJDK 17 keytool refuses it
 * ("Password is not ASCII" for PBES2 files; "keystore password was incorrect" for legacy files,
 * OpenSSL's as well as certkit's), while certkit and OpenSSL use it as UTF-8 (PBES2, RFC 8018 §3
 * leaves the encoding open) and as a BMPString (MAC, RFC 7292 Appendix B.1). Returns '' for ASCII.
 * @example
 * ```ts
 * io.stderr(javaPasswordNote('pässwörd')); // 'note: the password is not ASCII; ...'
 * ```
 */
export function javaPasswordNote(password: string): string {
  if (/^[\x20-\x7e]*$/.test(password)) return '';
  return 'note: the password is not ASCII; Java keytool cannot open PKCS#12 files with such passwords (OpenSSL and certkit can)\n';
}

function _keyLine(k: PublicKey): string {
  return `${k.algorithm}${k.curve ? ` ${k.curve}` : ''} (${k.bits} bit)`;
}

function _colonHex(b: Uint8Array): string {
  return toHex(b).replace(/(..)(?!$)/g, '$1:');
}

/** Loads a key for a command: decrypts with `pass` (3DES keys through node:crypto). */
async function _loadKey(file: string, pass: string | undefined, passOption: string, io?: CliCommandIo): Promise<PrivateKey> {
  const objs = readObjects(file);
  const o = objs[0]!;
  if (objs.length !== 1 || (o.kind !== 'private-key' && o.kind !== 'encrypted-private-key')) {
    throw new CliError(2, `${file} holds ${objs.length === 1 ? `a ${kindName(o.kind)}` : `${objs.length} objects`}, not one private key`);
  }
  if (o.kind === 'private-key') return o.value;
  const t = io === undefined ? undefined : _terminal(io);
  if (pass === undefined && t !== undefined) pass = await askPassword(t, `Enter pass phrase for ${file}:`, passOption);
  if (pass === undefined) throw new CliError(2, `${file} is encrypted; give its passphrase with ${passOption} (pass:TEXT, env:VAR, file:PATH or fd:N)`);
  try {
    return await decryptPrivateKey(o.der, pass, { legacyCipher: nodeLegacyCipher });
  } catch (e) {
    if (e instanceof CertkitError && e.code === 'wrong-password') throw new CliError(2, `wrong passphrase for ${file}`);
    throw new CliError(2, `${file}: cannot decrypt the key: ${errorText(e)}`, { cause: e });
  }
}

function _certsOf(file: string, what: string): Certificate[] {
  const out: Certificate[] = [];
  for (const o of readObjects(file)) {
    if (o.kind !== 'certificate') throw new CliError(2, `${what} ${file} holds a ${kindName(o.kind)}, not certificates`);
    out.push(o.value);
  }
  return out;
}

function _writeNew(file: string, data: string | Uint8Array, secret: boolean): void {
  if (fs.existsSync(file)) throw new CliError(2, `${file} already exists; not overwriting it`);
  writeFileAtomic(file, data, { secret });
}

/** Reads and opens a PKCS#12 file with the CLI's messages for wrong passwords and legacy ciphers. */
async function _openPkcs12(file: string, pass: string): Promise<Pkcs12Contents> {
  const bytes = readInput(file);
  if (bytes.length === 0) throw new CliError(2, `${file} is empty`);
  if (new TextDecoder('latin1').decode(bytes.subarray(0, 4096)).includes('-----BEGIN ')) {
    throw new CliError(2, `${file} is PEM text; a PKCS#12 file is binary DER (.p12 / .pfx)`);
  }
  try {
    return await parsePkcs12(bytes, pass, { legacyCipher: nodeLegacyCipher });
  } catch (e) {
    if (e instanceof Pkcs12Error && e.code === 'mac-mismatch') {
      throw new CliError(2, `wrong password for ${file} (its MAC does not verify: the password is wrong, or the file was modified)`);
    }
    if (e instanceof Pkcs12Error && e.code === 'wrong-password') throw new CliError(2, `wrong password for ${file} (${e.message})`);
    if (e instanceof CertkitError) throw new CliError(2, `${file}: ${errorText(e)}`, { cause: e });
    throw e;
  }
}

/** Index of the certificate that belongs to a key: same localKeyId, else the same public key. */
function _certFor(key: Pkcs12Contents['keys'][number], certs: readonly Pkcs12CertificateEntry[]): number {
  if (key.localKeyId !== undefined) {
    const id = toHex(key.localKeyId);
    const i = certs.findIndex((c) => c.localKeyId !== undefined && toHex(c.localKeyId) === id && keyMatches(key.key, certificatePublicKey(c.certificate)));
    if (i >= 0) return i;
  }
  return certs.findIndex((c) => keyMatches(key.key, certificatePublicKey(c.certificate)));
}

// ---------------------------------------------------------------------------------------------
// pkcs12 create

/** `certkit pkcs12 create`. @example `certkit pkcs12 create --key key.pem --cert cert.pem --chain chain.pem --pass env:P12_PASS --out alice.p12` */
export const pkcs12Create: CliCommand = {
  usage: 'certkit pkcs12 create --key KEY --cert CERT [--chain CHAIN]... [--name FRIENDLY] [--pass SRC] --out FILE.p12 [--key-pass SRC] [--legacy] [--iterations N]',
  summary: 'bundle a key, its certificate and chain into a PKCS#12 (.p12/.pfx)',
  help: `Writes a password-protected PKCS#12 file (RFC 7292) with the private key, its certificate
and the chain, in the form OpenSSL 3 writes by default: certificates and key encrypted with
PBES2 (PBKDF2-HMAC-SHA-256, AES-256-CBC), an HMAC-SHA-256 MAC, 100,000 iterations. OpenSSL 3,
Java 8u301+ keytool and Windows 10 1709+ / Server 2019+ import it. The key and the certificate
get friendlyName (--name) and localKeyId attributes. The key must belong to the certificate.

Options:
  --key FILE        the private key (PEM or DER; encrypted keys need --key-pass or --pass)
  --cert FILE       its certificate; further certificates in the file are taken as the chain
  --chain FILE      chain certificates, issuer first (repeat)
  --name NAME       friendlyName: the alias keytool shows, the name Windows shows
  --pass SRC        the PKCS#12 password: pass:TEXT, env:VARIABLE, file:PATH or fd:N
                    (without --pass: asked on the terminal, not echoed; twice for a new one)
  --key-pass SRC    passphrase of an encrypted --key (default: --pass)
  --out FILE        the .p12 file to write (mode 0600; refuses to overwrite)
  --iterations N    PBKDF2 and MAC iterations (default 100000; 2048 with --legacy)
  --legacy          the old form for importers that cannot read the default (Windows before
                    10 1709 / Server 2016, Java before 8u301, old macOS and devices):
                    pbeWithSHAAnd3-KeyTripleDES-CBC for key and certificates, HMAC-SHA-1 MAC.
                    Weak (64-bit block cipher, SHA-1): use it only for such importers.`,
  options: {
    key: { type: 'string' },
    cert: { type: 'string' },
    chain: { type: 'string', multiple: true },
    name: { type: 'string' },
    pass: { type: 'string' },
    'key-pass': { type: 'string' },
    out: { type: 'string' },
    iterations: { type: 'string' },
    legacy: { type: 'boolean' },
  },
  positionals: [0, 0],
  async run(v, _p, io) {
    const keyFile = _str(v, 'key');
    const certFile = _str(v, 'cert');
    const out = _str(v, 'out');
    if (keyFile === undefined) throw new CliError(2, '--key is required');
    if (certFile === undefined) throw new CliError(2, '--cert is required');
    if (out === undefined) throw new CliError(2, '--out is required (a PKCS#12 file is binary)');
    if (fs.existsSync(out)) throw new CliError(2, `${out} already exists; not overwriting it`);
    const pass = await _needPass(v, io, 'the password that will protect the PKCS#12', 'Enter Export Password:', true);
    const iterations = _iterations(v);
    const key = await _loadKey(keyFile, _passOf(v, 'key-pass', io) ?? pass, '--key-pass');
    const [cert, ...rest] = _certsOf(certFile, '--cert');
    const chain = [...rest, ..._list(v, 'chain').flatMap((f) => _certsOf(f, '--chain'))];
    if (!keyMatches(key, certificatePublicKey(cert!))) {
      throw new CliError(2, `the key in ${keyFile} does not belong to the certificate in ${certFile} (${cert!.subject.toString()}); check with: certkit match ${keyFile} ${certFile}`);
    }
    const legacy = v.legacy === true;
    const name = _str(v, 'name');
    let p12: Uint8Array;
    try {
      p12 = await createPkcs12({
        key,
        certificate: cert!,
        chain,
        password: pass,
        ...(name !== undefined ? { friendlyName: name } : {}),
        ...(iterations !== undefined ? { iterations } : {}),
        ...(legacy ? { legacy: { cipher: nodeLegacyCipher, certificates: '3des' as const } } : {}),
      });
    } catch (e) {
      if (e instanceof CertkitError || e instanceof RangeError || e instanceof TypeError) throw new CliError(2, `cannot make the PKCS#12: ${errorText(e)}`, { cause: e });
      throw e;
    }
    _writeNew(out, p12, true);
    io.stderr(
      `wrote ${out}: ${_keyLine(key.publicKey)} key, certificate ${cert!.subject.toString()}, ${chain.length} chain certificate${chain.length === 1 ? '' : 's'}` +
        `${name !== undefined ? `, friendlyName '${name}'` : ''}\n` +
        (legacy
          ? `  legacy form: pbeWithSHAAnd3-KeyTripleDES-CBC, HMAC-SHA-1 MAC, ${iterations ?? 2048} iterations (weak; only for old importers)\n`
          : `  PBES2 PBKDF2-HMAC-SHA-256 / AES-256-CBC, HMAC-SHA-256 MAC, ${iterations ?? 100000} iterations\n`) +
        javaPasswordNote(pass),
    );
    return 0;
  },
};

// ---------------------------------------------------------------------------------------------
// pkcs12 inspect

function _entryJson(e: { friendlyName?: string; localKeyId?: Uint8Array; encryption: string | undefined; attributes: { oid: string }[] }): Record<string, unknown> {
  return {
    ...(e.friendlyName !== undefined ? { friendlyName: e.friendlyName } : {}),
    ...(e.localKeyId !== undefined ? { localKeyId: toHex(e.localKeyId) } : {}),
    encryption: e.encryption ?? null,
    attributes: e.attributes.map((a) => a.oid),
  };
}

/** `certkit pkcs12 inspect`. @example `certkit pkcs12 inspect alice.p12 --pass env:P12_PASS` */
export const pkcs12Inspect: CliCommand = {
  usage: 'certkit pkcs12 inspect FILE.p12 [--pass SRC] [--json]',
  summary: 'show what a PKCS#12 holds (the MAC is verified first)',
  help: `Verifies the MAC of a PKCS#12 file with the password, then lists its private keys and
certificates with their friendlyName, localKeyId and encryption, and which certificate each key
belongs to. Private key material is never printed. Reads certkit's files, OpenSSL 3's (default
and -legacy) and Java keytool's; RC2-encrypted certificates (openssl -legacy's default) need
NODE_OPTIONS=--openssl-legacy-provider. A wrong password exits 2.

Options:
  --pass SRC   the password: pass:TEXT, env:VARIABLE, file:PATH or fd:N
               (without --pass: asked on the terminal, not echoed; twice for a new one)
  --json       as JSON`,
  options: { pass: { type: 'string' }, json: { type: 'boolean' } },
  positionals: [1, 1],
  async run(v, [file], io) {
    const pass = await _needPass(v, io, 'the PKCS#12 password', 'Enter Import Password:');
    const p = await _openPkcs12(file!, pass);
    const owner = p.keys.map((k) => _certFor(k, p.certificates));
    if (v.json === true) {
      io.stdout(
        JSON.stringify(
          {
            file,
            mac: p.mac ?? null,
            keys: p.keys.map((k, i) => ({
              algorithm: k.key.algorithm,
              curve: k.key.publicKey.curve ?? null,
              bits: k.key.publicKey.bits,
              spkiSha256: k.key.publicKey.fingerprint256(),
              certificate: owner[i]! >= 0 ? owner[i] : null,
              ..._entryJson(k),
            })),
            certificates: p.certificates.map((c) => ({
              subject: c.certificate.subject.toString(),
              issuer: c.certificate.issuer.toString(),
              serial: c.certificate.serialNumberHex,
              notBefore: c.certificate.notBefore.toISOString(),
              notAfter: c.certificate.notAfter.toISOString(),
              ..._entryJson(c),
            })),
          },
          null,
          2,
        ) + '\n',
      );
      return 0;
    }
    const lines: string[] = [];
    const mac = p.mac;
    lines.push(`${file}: PKCS#12, MAC HMAC-${mac!.hash} (${mac!.iterations} iterations, ${mac!.saltLength}-byte salt) verified`);
    const attrs = (e: { friendlyName?: string; localKeyId?: Uint8Array; encryption: string | undefined }): void => {
      if (e.friendlyName !== undefined) lines.push(`    friendlyName:  ${e.friendlyName}`);
      if (e.localKeyId !== undefined) lines.push(`    localKeyId:    ${_colonHex(e.localKeyId)}`);
      lines.push(`    encryption:    ${e.encryption ?? 'none (unencrypted safe)'}`);
    };
    p.keys.forEach((k, i) => {
      lines.push(`Private key [${i}]: ${_keyLine(k.key.publicKey)}`);
      lines.push(`    SPKI SHA-256:  ${k.key.publicKey.fingerprint256()}`);
      attrs(k);
      lines.push(`    certificate:   ${owner[i]! >= 0 ? `[${owner[i]}] (the key belongs to it)` : 'none in this file'}`);
    });
    p.certificates.forEach((c, i) => {
      const x = c.certificate;
      lines.push(`Certificate [${i}]: ${x.subject.toString() || '(empty subject)'}`);
      lines.push(`    issuer:        ${x.issuer.toString()}`);
      lines.push(`    serial:        ${x.serialNumberHex}`);
      lines.push(`    validity:      ${x.notBefore.toISOString()} .. ${x.notAfter.toISOString()}`);
      lines.push(`    key:           ${_keyLine(certificatePublicKey(x))}`);
      attrs(c);
    });
    if (p.keys.length === 0 && p.certificates.length === 0) lines.push('(no keys or certificates)');
    io.stdout(lines.join('\n') + '\n');
    return 0;
  },
};

// ---------------------------------------------------------------------------------------------
// pkcs12 extract

/** `certkit pkcs12 extract`. @example `certkit pkcs12 extract alice.p12 --pass env:P --key-out key.pem --cert-out cert.pem --chain-out chain.pem` */
export const pkcs12Extract: CliCommand = {
  usage: 'certkit pkcs12 extract FILE.p12 [--pass SRC] [--key-out KEY] [--key-pass SRC] [--cert-out CERT] [--chain-out CHAIN]',
  summary: 'write the key, certificate and chain of a PKCS#12 as PEM',
  help: `Verifies the MAC, then writes the private key (PKCS#8 PEM, mode 0600; encrypted with
PBES2/AES-256-CBC when --key-pass is given), the key's certificate and the other certificates
(the chain) as PEM files. The key's certificate is the one with the key's localKeyId and public
key. Without any --*-out option, the certificates (the key's first) are printed as PEM.
Existing files are not overwritten.

Options:
  --pass SRC        the PKCS#12 password: pass:TEXT, env:VARIABLE, file:PATH or fd:N
                    (without --pass: asked on the terminal, not echoed; twice for a new one)
  --key-out FILE    write the private key
  --key-pass SRC    encrypt the written key with this passphrase
  --cert-out FILE   write the key's certificate
  --chain-out FILE  write the other certificates`,
  options: { pass: { type: 'string' }, 'key-out': { type: 'string' }, 'key-pass': { type: 'string' }, 'cert-out': { type: 'string' }, 'chain-out': { type: 'string' } },
  positionals: [1, 1],
  async run(v, [file], io) {
    const pass = await _needPass(v, io, 'the PKCS#12 password', 'Enter Import Password:');
    const keyOut = _str(v, 'key-out');
    const certOut = _str(v, 'cert-out');
    const chainOut = _str(v, 'chain-out');
    const keyPass = _passOf(v, 'key-pass', io);
    if (keyPass !== undefined && keyOut === undefined) throw new CliError(2, '--key-pass encrypts the key written to --key-out; give --key-out too');
    for (const f of [keyOut, certOut, chainOut]) if (f !== undefined && fs.existsSync(f)) throw new CliError(2, `${f} already exists; not overwriting it`);
    const p = await _openPkcs12(file!, pass);
    if (p.keys.length > 1) throw new CliError(2, `${file} holds ${p.keys.length} private keys; certkit extracts files with one (see certkit pkcs12 inspect)`);
    const key = p.keys[0];
    if (keyOut !== undefined && key === undefined) throw new CliError(2, `${file} holds no private key`);
    let leaf = key !== undefined ? _certFor(key, p.certificates) : -1;
    if (key !== undefined && leaf < 0 && certOut !== undefined) throw new CliError(2, `${file}: no certificate in the file belongs to its private key`);
    if (key === undefined && certOut !== undefined) leaf = p.certificates.length > 0 ? 0 : -1;
    const leafCert = leaf >= 0 ? p.certificates[leaf]!.certificate : undefined;
    const others = p.certificates.filter((_c, i) => i !== leaf).map((c) => c.certificate);
    if (certOut !== undefined && leafCert === undefined) throw new CliError(2, `${file} holds no certificate`);

    const done: string[] = [];
    if (keyOut !== undefined) {
      const pem = keyPass !== undefined ? await encryptPrivateKey(key!.key, keyPass, { format: 'pem' }) : key!.key.toPem('pkcs8');
      _writeNew(keyOut, pem, true);
      done.push(`  key    ${keyOut}: ${_keyLine(key!.key.publicKey)}${keyPass !== undefined ? ', encrypted' : ' (unencrypted: keep it safe)'}`);
    }
    if (certOut !== undefined) {
      _writeNew(certOut, certificateToPem(leafCert!), false);
      done.push(`  cert   ${certOut}: ${leafCert!.subject.toString()}`);
    }
    if (chainOut !== undefined) {
      _writeNew(chainOut, others.map((c) => certificateToPem(c)).join(''), false);
      done.push(`  chain  ${chainOut}: ${others.length} certificate${others.length === 1 ? '' : 's'}${others.length ? ` (${others.map((c) => c.subject.toString()).join('; ')})` : ''}`);
    }
    if (done.length === 0) {
      io.stdout([...(leafCert ? [leafCert] : []), ...others].map((c) => certificateToPem(c)).join(''));
      return 0;
    }
    io.stderr(`extracted from ${file}:\n${done.join('\n')}\n`);
    return 0;
  },
};

// ---------------------------------------------------------------------------------------------
// key encrypt / key decrypt

const _CIPHERS: readonly Pbes2Cipher[] = ['aes-128-cbc', 'aes-192-cbc', 'aes-256-cbc'];

function _output(v: _Values, io: CliCommandIo, pem: string): void {
  const out = _str(v, 'out');
  if (out === undefined) io.stdout(pem);
  else _writeNew(out, pem, true);
}

/** `certkit key encrypt`. @example `certkit key encrypt key.pem --pass env:KEY_PASS --out key.enc.pem` */
export const keyEncrypt: CliCommand = {
  usage: 'certkit key encrypt KEY [--pass SRC] [--out FILE] [--cipher aes-256-cbc] [--iterations N]',
  summary: 'encrypt a private key (ENCRYPTED PRIVATE KEY, PBES2)',
  help: `Encrypts a private key (PKCS#8, PKCS#1 or SEC1; PEM or DER) as an ENCRYPTED PRIVATE KEY
(RFC 5958 §3) with PBES2: PBKDF2-HMAC-SHA-256, 100,000 iterations, AES-256-CBC. OpenSSL reads
it with 'openssl pkey -in FILE -passin ...'. Writes PEM to --out (mode 0600, not overwriting) or
standard output.

Options:
  --pass SRC        the new passphrase: pass:TEXT, env:VARIABLE, file:PATH or fd:N
                    (without --pass: asked on the terminal, not echoed; twice for a new one)
  --out FILE        write to FILE
  --cipher C        ${_CIPHERS.join(', ')} (default aes-256-cbc)
  --iterations N    PBKDF2 iterations (default 100000, at least 1000)`,
  options: { pass: { type: 'string' }, out: { type: 'string' }, cipher: { type: 'string' }, iterations: { type: 'string' } },
  positionals: [1, 1],
  async run(v, [file], io) {
    const pass = await _needPass(v, io, 'the passphrase to encrypt the key with', 'Enter Encryption Password:', true);
    const cipher = (_str(v, 'cipher') ?? 'aes-256-cbc') as Pbes2Cipher;
    if (!_CIPHERS.includes(cipher)) throw new CliError(2, `--cipher must be one of ${_CIPHERS.join(', ')}, got '${cipher}'`);
    const iterations = _iterations(v);
    const objs = readObjects(file!);
    if (objs.length === 1 && objs[0]!.kind === 'encrypted-private-key') throw new CliError(2, `${file} is already encrypted (to change its passphrase: certkit key decrypt, then key encrypt)`);
    const key = await _loadKey(file!, undefined, '--pass');
    const pem = await encryptPrivateKey(key, pass, { format: 'pem', cipher, ...(iterations !== undefined ? { iterations } : {}) });
    _output(v, io, pem);
    io.stderr(`encrypted ${_keyLine(key.publicKey)} key: PBES2, PBKDF2-HMAC-SHA-256 (${iterations ?? 100000} iterations), ${cipher.toUpperCase()}${_str(v, 'out') ? ` -> ${_str(v, 'out')}` : ''}\n`);
    return 0;
  },
};

/** `certkit key decrypt`. @example `certkit key decrypt key.enc.pem --pass env:KEY_PASS --out key.pem` */
export const keyDecrypt: CliCommand = {
  usage: 'certkit key decrypt KEY [--pass SRC] [--out FILE]',
  summary: 'decrypt an ENCRYPTED PRIVATE KEY to PKCS#8',
  help: `Decrypts an ENCRYPTED PRIVATE KEY (PEM or DER): PBES2 with PBKDF2 (HMAC-SHA-1/-224/-256/
-384/-512) or scrypt and AES-CBC, as 'openssl pkcs8 -topk8 -v2 ...' and certkit write, and the
older PBES2 des3 and PBE-SHA1-3DES forms (Triple-DES from Node's OpenSSL). Writes unencrypted
PKCS#8 PEM to --out (mode 0600, not overwriting) or standard output. A wrong passphrase exits 2.

Options:
  --pass SRC   the key's passphrase: pass:TEXT, env:VARIABLE, file:PATH or fd:N
               (without --pass: asked on the terminal, not echoed; twice for a new one)
  --out FILE   write to FILE`,
  options: { pass: { type: 'string' }, out: { type: 'string' } },
  positionals: [1, 1],
  async run(v, [file], io) {
    const pass = await _needPass(v, io, "the key's passphrase", `Enter pass phrase for ${file}:`);
    const objs = readObjects(file!);
    if (objs.length === 1 && objs[0]!.kind === 'private-key') throw new CliError(2, `${file} is not encrypted`);
    const key = await _loadKey(file!, pass, '--pass');
    _output(v, io, key.toPem('pkcs8'));
    io.stderr(`decrypted ${_keyLine(key.publicKey)} key${_str(v, 'out') ? ` -> ${_str(v, 'out')} (unencrypted: keep it safe)` : ''}\n`);
    return 0;
  },
};
