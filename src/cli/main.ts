/**
 * `certkit`, the command-line tool: keys, CSRs, inspection, linting, key matching, a CA in a
 * directory (with server-side key generation into a PKCS#12), chain verification, PKCS#12 files
 * and encrypted keys (`pkcs12-commands.ts`), and the lifecycle demo. The `ca` subcommands are in
 * `ca-commands.ts` and what every subcommand shares (I/O, option helpers) in `command.ts`.
 *
 * Scope: argument parsing (`node:util` `parseArgs`, strict), one function per subcommand, each
 * with `--help`, messages a person can act on, and exit codes 0 (ok), 1 (a negative answer:
 * invalid chain, lint errors, key mismatch, issuance refused) and 2 (usage or input error:
 * unknown option, missing or unreadable file, wrong file type, garbage, wrong passphrase).
 * Results go to standard output, narration and errors to standard error. {@link run} is the
 * whole tool as a function (tests call it in-process); run as a script (`tsx src/cli/main.ts`),
 * this module calls it, the one thing it does at import time, and only when it is the script.
 * `certkit serve` (the CA over HTTPS: EST, the JSON API, publishing) is in `serve-commands.ts`,
 * `verify` in `verify-command.ts`, the live-server part of `inspect` in `inspect-remote.ts`.
 * Non-goals: configuration files beyond a CA directory's `profiles.json` and serve's `--config`, OCSP, ACME.
 * @module
 */
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { crlToJson, formatCrl } from '../crl/index';
import { csrPublicKey, csrToJson, formatCsr, lintCsr, type LintProfile } from '../csr/index';
import { CertkitError } from '../der/index';
import { generateKeyPair, keyMatches, type PrivateKey, type PublicKey } from '../keys/index';
import { encryptPrivateKey } from '../pkcs12/index';
import { certificateFingerprint, certificatePublicKey, certificateToJson, formatCertificate, type Certificate } from '../x509/index';
import { caAudit, caCrl, caImport, caInit, caIssue, caList, caOcspSigner, caRevoke } from './ca-commands';
import { ocsp } from './ocsp-command';
import { KEY_TYPES, PROFILES, _COMMON, _clock, _findingLines, _keyLine, _list, _out, _pass, _str, _tally, _version, _withOidNames, type CliIo, type _Command, type _Values } from './command';
import { CliError, _loadStdin, errorText, kindName, loadPrivateKey, readObjects, type CliObject } from './io';
import { certSelfSigned, sign } from './cert-commands';
import { csrNew } from './csr-commands';
import { keyDecrypt, keyEncrypt, pkcs12Create, pkcs12Extract, pkcs12Inspect } from './pkcs12-commands';
import { convert } from './convert-command';
import { fetchPeerChain, judgeRemoteChain, parsePeerChain, parseRemoteTarget, type RemoteChain, type RemoteTarget, type RemoteVerdict } from './inspect-remote';
import { serve, serveToken, serveUser } from './serve-commands';
import { caMigrate } from './store-commands';
import { _trustAnchors, verify } from './verify-command';

export { KEY_TYPES, type CliIo } from './command';

const keyNew: _Command = {
  usage: 'certkit key new --type TYPE [--out key.pem] [--pass SRC]',
  summary: 'generate a private key (PKCS#8 PEM)',
  help: `Generates a private key and writes it as PKCS#8 PEM (to --out with mode 0600, or to
standard output). The public key's SHA-256 fingerprint goes to standard error.

Options:
  --type TYPE    ${Object.keys(KEY_TYPES).join(' | ')}
  --out FILE     write the key to FILE (refuses to overwrite an existing file)
  --pass SRC     encrypt the key (PBES2, PBKDF2-SHA-256, AES-256-CBC); SRC is pass:TEXT,
                 env:VARIABLE or file:PATH`,
  options: { type: { type: 'string' }, out: { type: 'string' }, pass: { type: 'string' } },
  positionals: [0, 0],
  async run(v, _p, io) {
    const t = _str(v, 'type');
    if (t === undefined) throw new CliError(2, `--type is required (${Object.keys(KEY_TYPES).join(', ')})`);
    const alg = KEY_TYPES[t];
    if (alg === undefined) throw new CliError(2, `unknown key type '${t}'; use one of ${Object.keys(KEY_TYPES).join(', ')}`);
    const out = _str(v, 'out');
    if (out !== undefined && fs.existsSync(out)) throw new CliError(2, `${out} already exists; not overwriting a key`);
    const pass = _pass(v, io);
    const { privateKey } = await generateKeyPair(alg);
    const pem = pass === undefined ? privateKey.toPem('pkcs8') : await encryptPrivateKey(privateKey, pass, { format: 'pem' });
    _out(v, io, pem, true);
    io.stderr(`generated ${t} key: ${_keyLine(privateKey.publicKey)}${pass ? ', encrypted' : ''}${out ? ` -> ${out}` : ''}\npublic key SHA-256: ${privateKey.publicKey.fingerprint256()}\n`);
    return 0;
  },
};

// ---------------------------------------------------------------------------------------------
// inspect

function _keyText(k: PublicKey, priv: boolean): string {
  return (
    [
      `${priv ? 'Private' : 'Public'} key: ${_keyLine(k)}`,
      `    SPKI SHA-256 fingerprint: ${k.fingerprint256()}`,
      `    Subject key identifier:   ${Array.from(k.subjectKeyIdentifier(), (b) => b.toString(16).padStart(2, '0')).join(':')}`,
      ...(priv ? ['    (the private part is not shown)'] : []),
    ].join('\n') + '\n'
  );
}

function _keyJson(k: PublicKey): Record<string, unknown> {
  return { algorithm: k.algorithm, ...(k.curve ? { curve: k.curve } : {}), bits: k.bits, fingerprint256: k.fingerprint256() };
}

const inspect: _Command = {
  usage: 'certkit inspect FILE|https://HOST[:PORT]... [--connect HOST:PORT]... [--servername NAME] [--trust FILE|system]... [--json] [--profile PROFILE]',
  summary: "show certificates, CSRs, CRLs and keys (PEM or DER, auto-detected), or a live TLS server's chain",
  help: `Shows what each file holds: certificates, certificate requests, CRLs, private keys (never
the private part), public keys, and each certificate and CRL of a PKCS#7 / CMS bundle (.p7b,
.p7c, .p7s); PEM (any number of blocks) or DER, detected automatically. Certificates and
requests come with lint findings.

An https:// URL (port 443 unless given) or --connect HOST:PORT fetches the certificate chain a
live TLS server presents (node:tls; the handshake accepts any chain so that a broken one can be
shown), shows each certificate, then validates the chain for the host name (or IP address) it
was reached by and serverAuth, trusting --trust, or the system roots without it (as
'verify --trust system'). Exits 1 when a server's chain is not valid.

Options:
  --json             one JSON array with an object per item (and a verdict per server)
  --profile PROFILE  the lint profile: ${PROFILES.join(', ')} (default none: only what is
                     wrong under any profile)
  --connect H:P      a TLS server to inspect (repeat; [v6]:PORT for an IPv6 address)
  --servername NAME  the name sent as SNI and checked against the certificate (default: the
                     host connected to)
  --trust FILE       trusted roots for the servers' verdict (repeat; 'system': the platform's)`,
  options: { json: { type: 'boolean' }, profile: { type: 'string' }, connect: { type: 'string', multiple: true }, servername: { type: 'string' }, trust: { type: 'string', multiple: true } },
  positionals: [0, 1000],
  async run(v, files, io) {
    const profile = _lintProfile(v, 'none');
    const remote = [
      ...files.filter((f) => /^https:\/\//i.test(f)).map((f) => parseRemoteTarget(f, false, _str(v, 'servername'))),
      ..._list(v, 'connect').map((c) => parseRemoteTarget(c, true, _str(v, 'servername'))),
    ];
    if (files.length === 0 && remote.length === 0) throw new CliError(2, 'give a FILE, an https:// URL or --connect HOST:PORT to inspect');
    if (remote.length === 0 && (_list(v, 'trust').length > 0 || _str(v, 'servername') !== undefined)) throw new CliError(2, '--trust and --servername go with an https:// URL or --connect');
    const now = _clock(v)?.() ?? new Date();
    const items: Array<{ file: string; index: number; count: number; obj: CliObject }> = [];
    for (const f of files) {
      if (/^https:\/\//i.test(f)) continue;
      const objs = readObjects(f);
      objs.forEach((obj, index) => items.push({ file: f, index, count: objs.length, obj }));
    }
    // Live servers: the chain each presents, then the verdict for the name it was reached by.
    const verdicts: Array<{ target: RemoteTarget; tls: RemoteChain; verdict: RemoteVerdict }> = [];
    if (remote.length > 0) {
      const anchors = _trustAnchors(_list(v, 'trust').length > 0 ? _list(v, 'trust') : ['system'], io, v.json === true);
      for (const target of remote) {
        const tlsInfo = await fetchPeerChain(target);
        const certs = parsePeerChain(tlsInfo.chain, target.label);
        certs.forEach((value, index) => items.push({ file: target.label, index, count: certs.length, obj: { kind: 'certificate', value, format: 'DER', container: 'TLS' } }));
        verdicts.push({ target, tls: tlsInfo, verdict: await judgeRemoteChain(certs, target.servername, anchors, now) });
      }
    }
    const verdictCode = verdicts.every((x) => x.verdict.valid) ? 0 : 1;
    if (v.json === true) {
      const out = items.map(({ file, index, obj }) => {
        const base = { file, index, type: obj.kind, format: obj.format, ...('container' in obj && obj.container ? { container: obj.container } : {}) };
        switch (obj.kind) {
          case 'certificate': {
            const now = (_clock(v)?.() ?? new Date()).getTime();
            const c = obj.value;
            const status = now < c.notBefore.getTime() ? 'not-yet-valid' : now > c.notAfter.getTime() ? 'expired' : 'valid';
            return {
              ...base,
              ...certificateToJson(c),
              fingerprints: { sha256: certificateFingerprint(c), sha1: certificateFingerprint(c, 'SHA-1') },
              status,
              daysLeft: Math.floor((c.notAfter.getTime() - now) / 86_400_000),
              lint: lintCsr(c, { profile }),
            };
          }
          case 'csr':
            return { ...base, ...csrToJson(obj.value), lint: lintCsr(obj.value, { profile }) };
          case 'crl':
            return { ...base, ...crlToJson(obj.value) };
          case 'private-key':
            return { ...base, publicKey: _keyJson(obj.value.publicKey) };
          case 'public-key':
            return { ...base, publicKey: _keyJson(obj.value) };
          case 'encrypted-private-key':
            return { ...base, encrypted: true };
        }
      });
      const servers = verdicts.map(({ target, tls: t, verdict: r }) => ({
        type: 'tls-server',
        target: target.label,
        address: t.address,
        servername: target.servername,
        protocol: t.protocol,
        cipher: t.cipher,
        valid: r.valid,
        ...(r.valid ? { path: r.path!.map((c) => c.subject.toString()) } : { code: r.code, message: r.message, certIndex: r.certIndex }),
      }));
      io.stdout(JSON.stringify([...out, ...servers], (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x), 2) + '\n');
      return verdictCode;
    }
    for (const { file, index, count, obj } of items) {
      const where = 'container' in obj && obj.container !== undefined ? `${obj.container} ${obj.format}` : obj.format;
      io.stdout(`== ${file}${count > 1 ? ` [${index + 1}/${count}]` : ''}: ${kindName(obj.kind)} (${where})\n`);
      switch (obj.kind) {
        case 'certificate':
        case 'csr': {
          io.stdout(_withOidNames(obj.kind === 'certificate' ? formatCertificate(obj.value) : formatCsr(obj.value)).replace(/\n*$/, '\n'));
          if (obj.kind === 'certificate') io.stdout(_certificateFacts(obj.value, now));
          const findings = lintCsr(obj.value, { profile });
          io.stdout(`Lint (profile ${profile}): ${findings.length === 0 ? 'no findings' : _tally(findings)}\n`);
          if (findings.length > 0) io.stdout(_findingLines(findings).join('\n') + '\n');
          break;
        }
        case 'crl':
          io.stdout(_withOidNames(formatCrl(obj.value)).replace(/\n*$/, '\n'));
          break;
        case 'private-key':
          io.stdout(_keyText(obj.value.publicKey, true));
          break;
        case 'public-key':
          io.stdout(_keyText(obj.value, false));
          break;
        case 'encrypted-private-key':
          io.stdout('Encrypted private key (PKCS#8 EncryptedPrivateKeyInfo); give its passphrase to commands that use it (--pass)\n');
          break;
      }
      io.stdout('\n');
    }
    for (const { target, tls: t, verdict: r } of verdicts) {
      io.stdout(`== ${target.label}: ${t.protocol}, ${t.cipher}, ${t.address}, ${t.chain.length} certificate${t.chain.length === 1 ? '' : 's'} sent\n`);
      if (r.valid) {
        io.stdout(`Verdict: VALID for ${target.servername} (serverAuth), path of ${r.path!.length}: ${r.path!.map((c, i) => `[${i}] ${c.subject.toString()}`).join(' <- ')}\n`);
      } else {
        io.stdout(`Verdict: INVALID for ${target.servername}: ${r.code} at [${r.certIndex}]\n  ${_withOidNames(r.message ?? '')}\n`);
      }
    }
    return verdictCode;
  },
};

const _colons = (hex: string): string => hex.toUpperCase().replace(/(..)(?!$)/g, '$1:');

/** Fingerprints and where the certificate stands in time, after its text. */
function _certificateFacts(c: Certificate, now: Date): string {
  const day = 86_400_000;
  const t = now.getTime();
  const when =
    t < c.notBefore.getTime()
      ? `NOT YET VALID: starts in ${Math.ceil((c.notBefore.getTime() - t) / day)} day(s), on ${c.notBefore.toISOString()}`
      : t > c.notAfter.getTime()
        ? `EXPIRED ${Math.floor((t - c.notAfter.getTime()) / day)} day(s) ago, on ${c.notAfter.toISOString()}`
        : `valid now; expires in ${Math.floor((c.notAfter.getTime() - t) / day)} day(s), on ${c.notAfter.toISOString()}`;
  return `SHA-256 Fingerprint: ${_colons(certificateFingerprint(c))}\nSHA-1 Fingerprint:   ${_colons(certificateFingerprint(c, 'SHA-1'))}\nStatus: ${when}\n`;
}

function _lintProfile(v: _Values, def: LintProfile): LintProfile {
  const p = _str(v, 'profile') ?? def;
  if (!PROFILES.includes(p as LintProfile)) throw new CliError(2, `unknown lint profile '${p}'; use one of ${PROFILES.join(', ')}`);
  return p as LintProfile;
}

// ---------------------------------------------------------------------------------------------
// lint

const lint: _Command = {
  usage: 'certkit lint FILE --profile PROFILE [--host NAME]... [--json]',
  summary: 'lint a CSR or certificate under a profile (exit 1 on errors)',
  help: `Checks a certificate request or certificate against the rules of a profile (keys,
signature, names, subject, requested usage; CA/Browser Forum and RFC 5280 rules) and lists the
findings. In a file with several (a chain), the first is linted. Exits 1 when there is an
error finding, 0 otherwise.

Options:
  --profile PROFILE  ${PROFILES.join(', ')} (default tls-server)
  --host NAME        a host name or IP address the certificate must cover (repeat)
  --json             the findings as JSON`,
  options: { profile: { type: 'string' }, host: { type: 'string', multiple: true }, json: { type: 'boolean' } },
  positionals: [1, 1],
  async run(v, [file], io) {
    const profile = _lintProfile(v, 'tls-server');
    // The first certificate or request: in a chain file, the leaf (its CAs are not judged as leaves).
    const objs = readObjects(file!)
      .filter((o): o is Extract<CliObject, { kind: 'certificate' | 'csr' }> => o.kind === 'certificate' || o.kind === 'csr')
      .slice(0, 1);
    if (objs.length === 0) throw new CliError(2, `${file} holds no certificate or certificate request to lint`);
    const hostnames = _list(v, 'host');
    const results = objs.map((o) => ({ kind: o.kind, subject: o.value.subject.toString(), findings: lintCsr(o.value, { profile, hostnames }) }));
    const errors = results.reduce((n, r) => n + r.findings.filter((f) => f.severity === 'error').length, 0);
    if (v.json === true) {
      io.stdout(JSON.stringify({ file, profile, results }, null, 2) + '\n');
    } else {
      for (const r of results) {
        io.stdout(`${file}: ${kindName(r.kind)} for ${r.subject || '(empty subject)'}, profile ${profile}: ${r.findings.length === 0 ? 'no findings' : _tally(r.findings)}\n`);
        if (r.findings.length > 0) io.stdout(_findingLines(r.findings).join('\n') + '\n');
      }
    }
    return errors > 0 ? 1 : 0;
  },
};

// ---------------------------------------------------------------------------------------------
// match

const match: _Command = {
  usage: 'certkit match KEY FILE [--pass SRC]',
  summary: 'does the key belong to this CSR, certificate or public key? (exit 1 if not)',
  help: `Compares the public half of a private key with the public key of a certificate, a CSR, a
public key or another private key, and prints both SHA-256 fingerprints (of the
SubjectPublicKeyInfo, as 'openssl pkey -pubout -outform DER | sha256sum'). Exits 0 when they
match, 1 when they do not.

Options:
  --pass SRC   passphrase of an encrypted key: pass:TEXT, env:VAR, file:PATH or fd:N`,
  options: { pass: { type: 'string' } },
  positionals: [2, 2],
  async run(v, [keyFile, file], io) {
    const key: PrivateKey = await loadPrivateKey(keyFile!, _pass(v, io), io);
    const o = readObjects(file!)[0]!;
    let other: PublicKey;
    switch (o.kind) {
      case 'certificate':
        other = certificatePublicKey(o.value);
        break;
      case 'csr':
        other = csrPublicKey(o.value);
        break;
      case 'public-key':
        other = o.value;
        break;
      case 'private-key':
        other = o.value.publicKey;
        break;
      default:
        throw new CliError(2, `${file} holds an ${kindName(o.kind)}; compare with a certificate, CSR or public key`);
    }
    const ok = keyMatches(key, other);
    const w = Math.max(keyFile!.length, file!.length);
    io.stdout(`${keyFile!.padEnd(w)}  private key  ${_keyLine(key.publicKey)}  SHA-256 ${key.publicKey.fingerprint256()}\n`);
    io.stdout(`${file!.padEnd(w)}  ${kindName(o.kind).padEnd(11)}  ${_keyLine(other)}  SHA-256 ${other.fingerprint256()}\n`);
    io.stdout(ok ? `match: the key belongs to this ${kindName(o.kind)}\n` : `MISMATCH: the key does not belong to this ${kindName(o.kind)}\n`);
    return ok ? 0 : 1;
  },
};

// ---------------------------------------------------------------------------------------------
// demo

const demo: _Command = {
  usage: 'certkit demo [--keep DIR]',
  summary: 'the whole life of a certificate, end to end, with a real TLS handshake',
  help: `Runs the lifecycle demo in a temporary directory: a root and an intermediate CA, a key and
CSR for localhost, lint, issuance, an HTTPS server on 127.0.0.1 and a client that trusts only
the root, chain validation, revocation with a CRL, and the common mistakes caught. Exits 0 only
if every step behaved as expected.

Options:
  --keep DIR   run in DIR (created, must be empty) and keep the files`,
  options: { keep: { type: 'string' } },
  positionals: [0, 0],
  async run(v, _p, io) {
    const { runDemo } = await import('./demo');
    const keep = _str(v, 'keep');
    if (keep !== undefined && fs.existsSync(keep) && (!fs.statSync(keep).isDirectory() || fs.readdirSync(keep).length > 0)) {
      throw new CliError(2, `--keep ${keep}: not an empty directory; give a new or empty one`);
    }
    const ok = await runDemo({ write: io.stdout, ...(keep !== undefined ? { dir: keep } : {}) });
    return ok ? 0 : 1;
  },
};

// ---------------------------------------------------------------------------------------------

const COMMANDS: Record<string, _Command> = {
  'key new': keyNew,
  'key encrypt': keyEncrypt as _Command,
  'key decrypt': keyDecrypt as _Command,
  'csr new': csrNew,
  'cert self-signed': certSelfSigned,
  sign,
  inspect,
  convert,
  lint,
  match,
  'ca init': caInit,
  'ca import': caImport,
  'ca issue': caIssue,
  'ca revoke': caRevoke,
  'ca crl': caCrl,
  'ca list': caList,
  'ca audit': caAudit,
  ocsp,
  'ca ocsp-signer': caOcspSigner,
  'ca migrate': caMigrate,
  'pkcs12 create': pkcs12Create as _Command,
  'pkcs12 inspect': pkcs12Inspect as _Command,
  'pkcs12 extract': pkcs12Extract as _Command,
  verify,
  serve,
  'serve user': serveUser,
  'serve token': serveToken,
  demo,
};

function _mainHelp(): string {
  const w = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  return `certkit ${_version()}: X.509 keys, CSRs, certificates, CRLs, a CA, chain validation and PKCS#12

Usage: certkit <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([k, c]) => `  ${k.padEnd(w)}  ${c.summary}`)
  .join('\n')}

'certkit <command> --help' describes a command. Exit codes: 0 ok, 1 a negative answer
(invalid chain, lint errors, key mismatch, issuance refused), 2 usage or input error.
Every command also takes --now TIME (ISO 8601): the current time, for reproducible runs.
`;
}

function _commandHelp(name: string, c: _Command): string {
  return `Usage: ${c.usage}\n\n${c.summary.charAt(0).toUpperCase() + c.summary.slice(1)}.\n\n${c.help}\n`;
}

/**
 * Runs `certkit` with arguments (without `node` and the script) and returns the exit code.
 *
 * @example
 * ```ts
 * const code = await run(['verify', 'leaf.pem', '--trust', 'root.pem', '--host', 'example.com']);
 * ```
 */
export async function run(argv: readonly string[], io: Partial<CliIo> = {}): Promise<number> {
  // A closed standard output (`certkit inspect x.pem | head -1`) ends the run quietly, as other
  // Unix tools do, instead of an EPIPE stack trace.
  if (io.stdout === undefined && process.stdout.listenerCount('error') === 0) {
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  const full: CliIo = {
    stdout: io.stdout ?? ((s) => void process.stdout.write(s)),
    stderr: io.stderr ?? ((s) => void process.stderr.write(s)),
    stdin: io.stdin ?? process.stdin,
    stdinIsTTY: io.stdinIsTTY ?? process.stdin.isTTY === true,
    env: io.env ?? process.env,
  };
  const args = [...argv];
  if (args.length === 0 || args[0] === '--help' || args[0] === '-h' || (args[0] === 'help' && args.length === 1)) {
    full.stdout(_mainHelp());
    return args.length === 0 ? 2 : 0;
  }
  if (args[0] === '--version' || args[0] === '-V') {
    full.stdout(`certkit ${_version()}\n`);
    return 0;
  }
  if (args[0] === 'help') args.splice(0, args.length, ...args.slice(1), '--help'); // certkit help ca issue
  let name: string | undefined;
  if (COMMANDS[`${args[0]} ${args[1]}`] !== undefined) name = `${args[0]} ${args[1]}`;
  else if (COMMANDS[args[0]!] !== undefined) name = args[0]!;
  if (name === undefined) {
    const group = Object.keys(COMMANDS).filter((k) => k.startsWith(`${args[0]} `));
    if (group.length > 0) {
      const sub = args[1];
      if (sub === undefined || sub === '--help' || sub === '-h') {
        full[sub === undefined ? 'stderr' : 'stdout'](
          `Usage: certkit ${args[0]} <${group.map((g) => g.split(' ')[1]).join('|')}> [options]\n\n${group.map((g) => `  certkit ${g.padEnd(12)}  ${COMMANDS[g]!.summary}`).join('\n')}\n`,
        );
        return sub === undefined ? 2 : 0;
      }
      full.stderr(`certkit: unknown command '${args[0]} ${sub}'; try: ${group.map((g) => `certkit ${g}`).join(', ')}\n`);
      return 2;
    }
    full.stderr(`certkit: unknown command '${args[0]}'; run 'certkit --help' for the list\n`);
    return 2;
  }
  const cmd = COMMANDS[name]!;
  const rest = args.slice(name.split(' ').length);
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { ..._COMMON, ...cmd.options }, allowPositionals: true, strict: true });
  } catch (e) {
    full.stderr(`certkit ${name}: ${(e as Error).message.replace(/\. To specify a positional argument.*$/s, '')}\nusage: ${cmd.usage}\n`);
    return 2;
  }
  const values = parsed.values as _Values;
  if (values.help === true) {
    full.stdout(_commandHelp(name, cmd));
    return 0;
  }
  const [min, max] = cmd.positionals;
  if (parsed.positionals.length < min || parsed.positionals.length > max) {
    const want = min === max ? `${min}` : max >= 1000 ? `at least ${min}` : `${min} to ${max}`;
    full.stderr(
      `certkit ${name}: expected ${want} argument${min === 1 && (max === 1 || max >= 1000) ? '' : 's'}, got ${parsed.positionals.length}${parsed.positionals.length ? ` (${parsed.positionals.join(' ')})` : ''}\nusage: ${cmd.usage}\n`,
    );
    return 2;
  }
  // Under --json an error is JSON on stdout too, so a script reads one format.
  const json = values.json === true;
  const jsonError = (code: string, message: string, exitCode: number, details: readonly string[] = []): void => {
    full.stdout(JSON.stringify({ error: { code, message, exitCode, ...(details.length ? { details } : {}) } }, null, 2) + '\n');
  };
  try {
    // `-` reads standard input: read it all first, at the writer's pace.
    if (parsed.positionals.includes('-') || Object.values(values).some((x) => x === '-' || (Array.isArray(x) && x.includes('-')))) await _loadStdin(full.stdin);
    return await cmd.run(values, parsed.positionals, full);
  } catch (e) {
    // Messages from every layer: a registered OID in them is shown with its name.
    if (e instanceof CliError) {
      const message = _withOidNames(e.message);
      if (json) jsonError(e.exitCode === 1 ? 'refused' : 'usage', message, e.exitCode, e.details);
      full.stderr(`certkit ${name}: ${e.exitCode === 2 ? 'error: ' : ''}${message}\n${e.details.length ? e.details.join('\n') + '\n' : ''}`);
      return e.exitCode;
    }
    if (e instanceof CertkitError) {
      const message = _withOidNames(errorText(e));
      if (json) jsonError(e.code, message, 2);
      full.stderr(`certkit ${name}: error: ${message}\n`);
      return 2;
    }
    if (json) jsonError('internal-error', e instanceof Error ? e.message : String(e), 2);
    // A bug, not the user's input: say so, with the stack, but keep the documented exit codes.
    full.stderr(`certkit ${name}: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 2;
  }
}

// Run as a script (`tsx src/cli/main.ts ...`, or a bundle of it): not when imported.
function _isMain(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return fs.realpathSync(script) === fs.realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (_isMain()) {
  run(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`certkit: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
