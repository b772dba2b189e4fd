/**
 * `certkit csr new`: a PKCS#10 request from a key (or a key made on the spot with `--new-key`),
 * with the subject and names from flags, an interactive prompt, or a JSON config file kept in a
 * repository (`--config req.json`).
 * Non-goals: issuing (`sign`, `ca issue`), inspecting (`inspect`).
 * @module
 */
import * as fs from 'node:fs';
import { CsrBuilder, csrPublicKey, csrToPem } from '../csr/index';
import { CertkitError } from '../der/index';
import { generateKeyPair } from '../keys/index';
import { encryptPrivateKey } from '../pkcs12/index';
import { signerFromPrivateKey } from '../sig/index';
import type { KeyUsage } from '../x509/index';
import { KEY_TYPES, _generalName, _list, _out, _pass, _str, _subjectArg, type _Command } from './command';
import { CliError, errorText, loadPrivateKey, readInput, writeFileAtomic } from './io';
import { promptSubject } from './prompt';

/** What `--config` may hold: the parts of a request people keep in a repository. */
interface _RequestConfig {
  subject?: string;
  dns?: string[];
  ip?: string[];
  email?: string[];
  uri?: string[];
  keyUsage?: string[];
  eku?: string[];
}

const _CONFIG_LISTS = ['dns', 'ip', 'email', 'uri', 'keyUsage', 'eku'] as const;

/** Reads and checks a `--config` JSON file: every key known, every value of the right type. */
function _requestConfig(file: string): _RequestConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(readInput(file)));
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(2, `${file} is not JSON: ${(e as Error).message}`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new CliError(2, `${file}: the config is a JSON object such as {"subject": "CN=www.example.com", "dns": ["www.example.com"]}`);
  const out: _RequestConfig = {};
  for (const [k, val] of Object.entries(raw as Record<string, unknown>)) {
    if (k === 'subject') {
      if (typeof val !== 'string') throw new CliError(2, `${file}: "subject" is a string such as "CN=www.example.com,O=Example,C=US"`);
      out.subject = val;
    } else if ((_CONFIG_LISTS as readonly string[]).includes(k)) {
      if (!Array.isArray(val) || !val.every((x) => typeof x === 'string')) throw new CliError(2, `${file}: "${k}" is a list of strings`);
      out[k as (typeof _CONFIG_LISTS)[number]] = val as string[];
    } else {
      throw new CliError(2, `${file}: unknown key "${k}"; the keys are subject, ${_CONFIG_LISTS.join(', ')}`);
    }
  }
  return out;
}

export const csrNew: _Command = {
  usage:
    'certkit csr new (--key key.pem | --new-key TYPE --key-out key.pem) --subject "CN=www.example.com,O=Example,C=US" [--dns NAME]... [--ip ADDR]... [--email ADDR]... [--uri URI]... [--eku PURPOSE]... [--challenge-password PW] [--config req.json] [--out req.pem]',
  summary: 'create a certificate signing request (PKCS#10)',
  help: `Creates a PKCS#10 request signed by the key (proof of possession, RFC 2986 §3) and writes
it as PEM (to --out, or standard output).

Run in a terminal without --subject and without names, it asks for the subject fields one by
one, the way 'openssl req' does (--prompt asks even when standard input is not a terminal).

Options:
  --key FILE                  the private key (PEM or DER; see --pass for encrypted keys)
  --new-key TYPE              generate the key instead: ${Object.keys(KEY_TYPES).join(' | ')}
  --key-out FILE              with --new-key: where the new key goes (PKCS#8 PEM, mode 0600,
                              encrypted with --pass when given; refuses to overwrite)
  --pass SRC                  passphrase of the key: pass:TEXT, env:VAR, file:PATH or fd:N
  --subject DN                RFC 4514 subject, most specific first: "CN=x,O=Example,C=US";
                              or OpenSSL's -subj form, in encoding order: "/C=US/O=Example/CN=x"
  --dns NAME                  a dNSName subjectAltName (repeat for more)
  --ip ADDR                   an iPAddress subjectAltName, IPv4 or IPv6 (repeat)
  --email ADDR                an rfc822Name subjectAltName (repeat)
  --uri URI                   a uniformResourceIdentifier subjectAltName (repeat)
  --eku PURPOSE               requested extended key usage: serverAuth, clientAuth,
                              emailProtection, codeSigning, ... (repeat)
  --challenge-password PW     the PKCS#9 challengePassword attribute (sent in clear!)
  --config FILE               the request's contents from a JSON file kept with your code:
                              {"subject": "CN=..", "dns": [..], "ip": [..], "email": [..],
                               "uri": [..], "keyUsage": [..], "eku": [..]}; flags add names
                              to the file's, and --subject replaces its subject
  --prompt                    ask for the subject interactively even without a terminal
  --out FILE                  write the request to FILE`,
  options: {
    key: { type: 'string' },
    'new-key': { type: 'string' },
    'key-out': { type: 'string' },
    pass: { type: 'string' },
    subject: { type: 'string' },
    dns: { type: 'string', multiple: true },
    ip: { type: 'string', multiple: true },
    email: { type: 'string', multiple: true },
    uri: { type: 'string', multiple: true },
    eku: { type: 'string', multiple: true },
    'challenge-password': { type: 'string' },
    prompt: { type: 'boolean' },
    out: { type: 'string' },
    config: { type: 'string' },
  },
  positionals: [0, 0],
  async run(v, _p, io) {
    const keyFile = _str(v, 'key');
    const newKey = _str(v, 'new-key');
    const keyOut = _str(v, 'key-out');
    if (keyFile !== undefined && newKey !== undefined) throw new CliError(2, 'give --key or --new-key, not both');
    if (keyFile === undefined && newKey === undefined) throw new CliError(2, '--key is required, or --new-key TYPE --key-out FILE to make one (types: ' + Object.keys(KEY_TYPES).join(', ') + ')');
    if (newKey === undefined && keyOut !== undefined) throw new CliError(2, '--key-out goes with --new-key');
    let key;
    if (newKey !== undefined) {
      const alg = KEY_TYPES[newKey];
      if (alg === undefined) throw new CliError(2, `unknown key type '${newKey}'; use one of ${Object.keys(KEY_TYPES).join(', ')}`);
      if (keyOut === undefined) throw new CliError(2, '--new-key needs --key-out FILE: where the new private key is written');
      if (fs.existsSync(keyOut)) throw new CliError(2, `${keyOut} already exists; not overwriting a key`);
      const pass = _pass(v, io);
      key = (await generateKeyPair(alg)).privateKey;
      // Written before the request is made, so a failure later never loses the only copy.
      writeFileAtomic(keyOut, pass === undefined ? key.toPem('pkcs8') : await encryptPrivateKey(key, pass, { format: 'pem' }), { secret: true, overwrite: false });
      io.stderr(`generated ${newKey} key -> ${keyOut}\n`);
    } else {
      key = await loadPrivateKey(keyFile!, _pass(v, io), io);
    }
    const cfgFile = _str(v, 'config');
    const cfg = cfgFile === undefined ? undefined : _requestConfig(cfgFile);
    let subject = _str(v, 'subject') ?? cfg?.subject;
    const dnsNames = [...(cfg?.dns ?? []), ..._list(v, 'dns')];
    const ips = [...(cfg?.ip ?? []), ..._list(v, 'ip')];
    const emails = [...(cfg?.email ?? []), ..._list(v, 'email')];
    const uris = [...(cfg?.uri ?? []), ..._list(v, 'uri')];
    const noNames = dnsNames.length + ips.length + emails.length + uris.length === 0;
    if (subject === undefined && noNames) {
      if (v.prompt !== true && !io.stdinIsTTY) {
        throw new CliError(2, 'give --subject (and --dns/--ip/--email/--uri names), or run in a terminal (or with --prompt) to be asked');
      }
      let answers;
      try {
        answers = await promptSubject(io.stdin, { write: (s: string) => (io.stderr(s), true) } as unknown as NodeJS.WritableStream, { echo: !io.stdinIsTTY });
      } catch (e) {
        throw new CliError(2, (e as Error).message);
      }
      subject = answers.subject;
      for (const s of answers.sans) (/^[0-9.]+$/.test(s) || s.includes(':') ? ips : dnsNames).push(s);
      emails.push(...answers.emails);
    }
    let b = CsrBuilder.create();
    try {
      b = b.subject(_subjectArg(subject ?? '', io));
    } catch (e) {
      if (e instanceof CliError) throw e;
      throw new CliError(2, `--subject: ${errorText(e)}`);
    }
    const names = [
      ...dnsNames.map((n) => _generalName(n, 'dns')),
      ...ips.map((n) => _generalName(n, 'ip')),
      ...emails.map((n) => _generalName(n, 'email')),
      ...uris.map((n) => _generalName(n, 'uri')),
    ];
    if (names.length > 0) b = b.subjectAltNames(...names);
    if (cfg?.keyUsage !== undefined) {
      try {
        b = b.keyUsage(cfg.keyUsage as KeyUsage);
      } catch (e) {
        throw new CliError(2, `${cfgFile}: keyUsage: ${errorText(e)}`);
      }
    }
    const eku = [...(cfg?.eku ?? []), ..._list(v, 'eku')];
    if (eku.length > 0) {
      try {
        b = b.extKeyUsage(eku);
      } catch (e) {
        throw new CliError(2, `--eku: ${errorText(e)}`);
      }
    }
    const cp = _str(v, 'challenge-password');
    if (cp !== undefined) {
      try {
        b = b.challengePassword(cp);
      } catch (e) {
        throw new CliError(2, `--challenge-password: ${errorText(e)}`);
      }
    }
    let csr;
    try {
      csr = await b.sign(signerFromPrivateKey(key));
    } catch (e) {
      if (e instanceof CertkitError || e instanceof RangeError) throw new CliError(2, `cannot make the request: ${errorText(e)}`);
      throw e;
    }
    _out(v, io, csrToPem(csr));
    io.stderr(
      `request for ${csr.subject.toString() || '(empty subject)'}${names.length ? ` with ${names.length} subjectAltName${names.length === 1 ? '' : 's'}` : ''}${_str(v, 'out') ? ` -> ${_str(v, 'out')}` : ''}\npublic key SHA-256: ${csrPublicKey(csr).fingerprint256()}\n`,
    );
    return 0;
  },
};
