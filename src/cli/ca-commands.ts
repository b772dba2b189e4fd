/**
 * The `certkit ca` subcommands over a CA directory: `ca init` (a root, or a root and an
 * intermediate), `ca issue` (from a CSR or with a generated key into a PKCS#12), `ca revoke`,
 * `ca crl`, `ca list`, `ca audit` and `ca ocsp-signer` (a delegated OCSP responder certificate). Non-goals: the directory format (`ca-dir.ts`, `fs-store.ts`).
 * @module
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CaError, type CertificateAuthority, type RevocationReason } from '../ca/index';
import { crlToPem } from '../crl/index';
import { CertkitError } from '../der/index';
import type { KeyPairAlgorithm } from '../keys/index';
import { generateKeyPair } from '../keys/index';
import { EXTENSION } from '../oid/index';
import { signerFromPrivateKey } from '../sig/index';
import { CertificateBuilder, certificatePublicKey, certificateToPem, crlNumberCodec, encodeOcspNoCheck, getExtension, nameEquals } from '../x509/index';
import { importCaDir, initCaDir, openCaDir } from './ca-dir';
import { canAskPassword } from './prompt';
import { KEY_TYPES, REASONS, _ISSUE_OPTIONS, _clock, _days, _findingLines, _generalName, _keyLine, _list, _out, _pass, _serialText, _str, _issueError, _tally, _time, type _Command } from './command';
import { CliError, askPassword, errorText, loadPrivateKey, readKind, resolvePassphrase, writeFileAtomic } from './io';
import { nodeLegacyCipher } from './legacy-cipher';
import { javaPasswordNote } from './pkcs12-commands';

function _caName(dir: string): string {
  return path.basename(path.resolve(dir)).replace(/[^A-Za-z0-9 ._-]/g, '') || 'certkit';
}

export const caInit: _Command = {
  usage: 'certkit ca init DIR [--root-subject DN] [--subject DN] [--key-type TYPE] [--root-days N] [--days N] [--pass SRC]',
  summary: 'create a CA directory: a root and an issuing intermediate',
  help: `Creates DIR with a self-signed root CA and an intermediate (issuing) CA certified by the
root under the sub-ca profile (pathLenConstraint 0), each with its key, certificate and
crash-safe store. DIR must not exist or be empty; it is built beside DIR and renamed into place.

Options:
  --root-subject DN  default "CN=<DIR name> Root CA"
  --subject DN       the intermediate's subject; default "CN=<DIR name> Issuing CA"
  --key-type TYPE    ${Object.keys(KEY_TYPES).join(' | ')} (default ec-p256)
  --root-days N      root validity (default 3650)
  --days N           intermediate validity (default 1825)
  --pass SRC         encrypt both CA keys; later signing commands need the same --pass`,
  options: { 'root-subject': { type: 'string' }, subject: { type: 'string' }, 'key-type': { type: 'string' }, 'root-days': { type: 'string' }, days: { type: 'string' }, pass: { type: 'string' } },
  positionals: [1, 1],
  async run(v, [dir], io) {
    const kt = _str(v, 'key-type') ?? 'ec-p256';
    const alg = KEY_TYPES[kt];
    if (alg === undefined) throw new CliError(2, `unknown key type '${kt}'; use one of ${Object.keys(KEY_TYPES).join(', ')}`);
    const name = _caName(dir!);
    const clock = _clock(v);
    const pass = _pass(v, io);
    let ca;
    try {
      ca = await initCaDir(dir!, {
        rootSubject: _str(v, 'root-subject') ?? `CN=${name} Root CA`,
        subject: _str(v, 'subject') ?? `CN=${name} Issuing CA`,
        keyType: alg,
        rootDays: _days(v, 'root-days') ?? 3650,
        days: _days(v, 'days') ?? 1825,
        ...(pass !== undefined ? { passphrase: pass } : {}),
        ...(clock ? { clock } : {}),
      });
    } catch (e) {
      if (e instanceof CertkitError && !(e instanceof CaError) && !(e instanceof CliError)) throw new CliError(2, errorText(e));
      throw e;
    }
    const r = ca.root.certificate;
    const i = ca.intermediate.certificate;
    io.stdout(
      `created CA in ${dir}\n` +
        `  root          ${r.subject.toString()}  ${_keyLine(certificatePublicKey(r))}  valid to ${r.notAfter.toISOString()}\n` +
        `                ${dir}/root/cert.pem (trust this), key ${dir}/root/key.pem${pass ? ' (encrypted)' : ''}\n` +
        `  intermediate  ${i.subject.toString()}  ${_keyLine(certificatePublicKey(i))}  valid to ${i.notAfter.toISOString()}\n` +
        `                ${dir}/intermediate/cert.pem, key ${dir}/intermediate/key.pem${pass ? ' (encrypted)' : ''}\n` +
        `  chain         ${dir}/chain.pem (intermediate + root)\n`,
    );
    return 0;
  },
};

function _ca(dir: CertificateAuthority, root: CertificateAuthority, useRoot: boolean): CertificateAuthority {
  return useRoot ? root : dir;
}

export const caIssue: _Command = {
  usage:
    'certkit ca issue DIR --csr req.pem --profile PROFILE [--days N] [--dns NAME]... [--ip ADDR]... [--email ADDR]... [--subject DN] [--out cert.pem] [--chain-out fullchain.pem] [--pass SRC] [--json]\n' +
    '       certkit ca issue DIR --generate-key --subject DN --profile PROFILE --p12 out.p12 --p12-pass SRC [--key-type TYPE] [--name NAME] [--legacy] [--dns NAME]... [--ip ADDR]... [--email ADDR]... [--days N] [--out cert.pem] [--chain-out fullchain.pem] [--pass SRC] [--json]',
  summary: 'issue a certificate from a CSR, or for a key the CA generates (PKCS#12)',
  help: `Issues a certificate from a request with the intermediate CA of DIR: verifies the
request's signature, lints it under the profile, applies the profile (keys, names, validity,
extensions), picks a fresh random serial, signs and records it. Errors refuse issuance (exit 1)
and are listed; warnings are printed with the certificate.

With --generate-key the CA makes the key pair itself (server-side key generation, the
managed-PKI flow): the new key signs a request for --subject and the --dns/--ip/--email names,
which is issued exactly like a CSR (same lint, profile and rules), and the key, the certificate
and the chain up to the root are written as a PKCS#12 to --p12, protected by --p12-pass
(PBES2/AES-256-CBC, HMAC-SHA-256, 100,000 iterations; --legacy for old importers). The key is
not kept anywhere else.

Profiles: tls-server, tls-server-client, tls-client, email, code-signing, sub-ca, and those in DIR/profiles.json.

Options:
  --csr FILE         the request (PEM or DER)
  --profile NAME     the profile
  --days N           validity in days (default and maximum: the profile's)
  --dns/--ip/--email extra subjectAltNames added by the operator (repeat); with --generate-key,
                     the names the new key's request asks for
  --subject DN       replace the requested subject; with --generate-key, the subject to request
  --out FILE         write the certificate (default: standard output)
  --chain-out FILE   write certificate + intermediate (what a TLS server sends)
  --pass SRC         passphrase of the CA keys
  --json             the result (serial, names, validity, warnings) as JSON on standard
                     output, with the certificate in it unless --out is given
  --generate-key     generate the key pair (instead of --csr); needs --p12 and --p12-pass
  --key-type TYPE    ${Object.keys(KEY_TYPES).join(' | ')} (default ec-p256)
  --p12 FILE         where the PKCS#12 goes (mode 0600; refuses to overwrite)
  --p12-pass SRC     the PKCS#12 password (pass:TEXT, env:VAR or file:PATH); never --pass, which
                     is the CA's own
  --name NAME        the PKCS#12 friendlyName (default the subject's CN)
  --legacy           the legacy PKCS#12 form (Triple-DES, HMAC-SHA-1; weak, for old importers)`,
  options: {
    ..._ISSUE_OPTIONS,
    'generate-key': { type: 'boolean' },
    'key-type': { type: 'string' },
    p12: { type: 'string' },
    'p12-pass': { type: 'string' },
    name: { type: 'string' },
    legacy: { type: 'boolean' },
  },
  positionals: [1, 1],
  async run(v, [dir], io) {
    const generate = v['generate-key'] === true;
    const csrFile = _str(v, 'csr');
    if (generate && csrFile !== undefined) throw new CliError(2, 'give --csr or --generate-key, not both');
    if (!generate && csrFile === undefined) throw new CliError(2, '--csr is required (or --generate-key to have the CA make the key pair)');
    if (!generate) {
      for (const o of ['key-type', 'p12', 'p12-pass', 'name', 'legacy']) if (v[o] !== undefined) throw new CliError(2, `--${o} goes with --generate-key`);
    }
    const profile = _str(v, 'profile');
    if (profile === undefined) throw new CliError(2, '--profile is required (tls-server, tls-server-client, tls-client, email, code-signing, sub-ca)');
    const subject = _str(v, 'subject');
    let keyType: KeyPairAlgorithm = 'P-256';
    let p12File: string | undefined;
    let p12Pass: string | undefined;
    if (generate) {
      const kt = _str(v, 'key-type') ?? 'ec-p256';
      const alg = KEY_TYPES[kt];
      if (alg === undefined) throw new CliError(2, `unknown key type '${kt}'; use one of ${Object.keys(KEY_TYPES).join(', ')}`);
      keyType = alg;
      if (subject === undefined) throw new CliError(2, '--generate-key needs --subject (the subject to request, e.g. "CN=alice,O=Example")');
      p12File = _str(v, 'p12');
      if (p12File === undefined) throw new CliError(2, '--generate-key needs --p12 FILE: the PKCS#12 is the only copy of the new private key');
      if (fs.existsSync(p12File)) throw new CliError(2, `${p12File} already exists; not overwriting it`);
      const spec = _str(v, 'p12-pass');
      if (spec === undefined && !canAskPassword(io)) throw new CliError(2, "--generate-key needs --p12-pass SRC: the password protecting the PKCS#12 (--pass is the CA keys' passphrase)");
      p12Pass = spec !== undefined ? resolvePassphrase(spec, io.env) : await askPassword(io, 'Enter Export Password:', '--p12-pass', { confirm: true });
    }
    const csr = generate ? undefined : readKind(csrFile!, 'csr')[0]!.value;
    const clock = _clock(v);
    const pass = _pass(v, io);
    const ca = await openCaDir(dir!, { loadKeys: true, terminal: io, ...(pass !== undefined ? { passphrase: pass } : {}), ...(clock ? { clock } : {}) });
    const days = _days(v, 'days');
    const names = [..._list(v, 'dns').map((n) => _generalName(n, 'dns')), ..._list(v, 'ip').map((n) => _generalName(n, 'ip')), ..._list(v, 'email').map((n) => _generalName(n, 'email'))];
    let r;
    let pkcs12: Uint8Array | undefined;
    try {
      if (generate) {
        const name = _str(v, 'name');
        const g = await ca.intermediate.issueWithGeneratedKey({
          profile,
          subject: subject!,
          keyType,
          password: p12Pass!,
          ...(names.length ? { sans: names } : {}),
          ...(days !== undefined ? { validity: days } : {}),
          ...(name !== undefined ? { friendlyName: name } : {}),
          ...(v.legacy === true ? { pkcs12: { legacy: { cipher: nodeLegacyCipher, certificates: '3des' as const } } } : {}),
        });
        r = g;
        pkcs12 = g.pkcs12;
      } else {
        r = await ca.intermediate.issue(csr!, {
          profile,
          ...(days !== undefined ? { validity: days } : {}),
          ...(names.length ? { extraSans: names } : {}),
          ...(subject !== undefined ? { subjectOverride: subject } : {}),
        });
      }
    } catch (e) {
      _issueError(e, profile);
    }
    if (pkcs12 !== undefined) writeFileAtomic(p12File!, pkcs12, { secret: true, overwrite: false });
    // Under --json the result is JSON on stdout; the certificate goes to --out, or into the JSON.
    const toStdout = v.json !== true || _str(v, 'out') !== undefined;
    if (toStdout) _out(v, io, certificateToPem(r.certificate));
    const chainOut = _str(v, 'chain-out');
    if (chainOut !== undefined)
      writeFileAtomic(
        chainOut,
        r.chain
          .slice(0, -1)
          .map((c) => certificateToPem(c))
          .join(''),
      );
    if (v.json === true) {
      io.stdout(
        JSON.stringify(
          {
            serial: _serialText(r.serial),
            profile,
            ...(toStdout ? {} : { certificate: certificateToPem(r.certificate) }),
            subject: r.record.subject,
            sans: r.record.sans,
            notBefore: r.record.notBefore,
            notAfter: r.record.notAfter,
            ...(pkcs12 !== undefined ? { pkcs12: p12File, keyType: _str(v, 'key-type') ?? 'ec-p256' } : {}),
            warnings: r.warnings,
          },
          null,
          2,
        ) + '\n',
      );
    } else {
      io.stderr(
        `issued serial ${_serialText(r.serial)} under ${profile}\n` +
          `  subject  ${r.record.subject || '(empty)'}\n` +
          `  names    ${r.record.sans.join(', ') || '(none)'}\n` +
          `  valid    ${r.record.notBefore} .. ${r.record.notAfter}\n` +
          (pkcs12 !== undefined
            ? `  pkcs12   ${p12File}: ${_keyLine(certificatePublicKey(r.certificate))} key (generated here, not kept), certificate and ${r.chain.length - 1} chain certificate${r.chain.length === 2 ? '' : 's'}${v.legacy === true ? ', legacy form' : ''}\n` +
              javaPasswordNote(p12Pass!)
            : '') +
          (r.warnings.length ? _findingLines(r.warnings).join('\n') + '\n' : ''),
      );
    }
    return 0;
  },
};

export const caRevoke: _Command = {
  usage: 'certkit ca revoke DIR --serial SERIAL|--cert FILE [--reason REASON] [--invalidity-date TIME] [--root]',
  summary: 'revoke a certificate the CA issued',
  help: `Marks a certificate revoked in the store; the next 'certkit ca crl DIR' lists it.

Options:
  --serial HEX            the serial (hex; colons allowed), as 'ca list' shows it
  --cert FILE             or the certificate itself (as 'openssl ca -revoke FILE'): its serial,
                          once its issuer is checked to be this CA
  --reason REASON         ${REASONS.join(', ')} (default unspecified)
  --invalidity-date TIME  when the key was (suspected to be) compromised, ISO 8601
  --root                  revoke at the root (an intermediate) instead of the intermediate`,
  options: { serial: { type: 'string' }, cert: { type: 'string' }, reason: { type: 'string' }, 'invalidity-date': { type: 'string' }, root: { type: 'boolean' } },
  positionals: [1, 1],
  async run(v, [dir], io) {
    const certFile = _str(v, 'cert');
    if (certFile !== undefined && _str(v, 'serial') !== undefined) throw new CliError(2, 'give --serial or --cert, not both');
    const revoked = certFile !== undefined ? readKind(certFile, 'certificate')[0]!.value : undefined;
    const serial = revoked?.serialNumberHex ?? _str(v, 'serial');
    if (serial === undefined) throw new CliError(2, '--serial or --cert is required (see certkit ca list)');
    const reason = (_str(v, 'reason') ?? 'unspecified') as RevocationReason;
    if (!REASONS.includes(reason)) throw new CliError(2, `unknown reason '${reason}'; use one of ${REASONS.join(', ')}`);
    const inv = _str(v, 'invalidity-date');
    const clock = _clock(v);
    const ca = await openCaDir(dir!, clock ? { clock } : {});
    const which = _ca(ca.intermediate, ca.root, v.root === true);
    // The serial alone could name another CA's certificate: the issuer must be this CA.
    if (revoked !== undefined && !nameEquals(revoked.issuer, which.certificate.subject)) {
      throw new CliError(2, `${certFile} was issued by ${revoked.issuer.toString()}, not by this CA (${which.certificate.subject.toString()})${v.root === true ? '' : '; --root revokes at the root'}`);
    }
    let rec;
    try {
      rec = await which.revoke(serial, reason, inv !== undefined ? { invalidityDate: _time(inv, '--invalidity-date') } : {});
    } catch (e) {
      // Already revoked is an answer about the certificate (exit 1), not a usage error.
      if (e instanceof CaError && e.code === 'already-revoked') throw new CliError(1, errorText(e));
      if (e instanceof CaError || e instanceof RangeError || e instanceof TypeError) throw new CliError(2, errorText(e));
      throw e;
    }
    io.stdout(`revoked ${_serialText(rec.serial)} (${rec.subject}) on ${rec.revocation!.date}, reason ${reason}\npublish it with: certkit ca crl ${dir}\n`);
    return 0;
  },
};

export const caCrl: _Command = {
  usage: 'certkit ca crl DIR [--days N] [--out crl.pem] [--pass SRC]',
  summary: 'publish CRLs (intermediate and root)',
  help: `Signs a complete CRL for the intermediate (DIR/intermediate/crl.pem) and one for the root
(DIR/root/crl.pem), each with the next cRLNumber of its store.

Options:
  --days N     nextUpdate = now + N days (default 7)
  --out FILE   also write the intermediate's CRL to FILE
  --pass SRC   passphrase of the CA keys`,
  options: { days: { type: 'string' }, out: { type: 'string' }, pass: { type: 'string' } },
  positionals: [1, 1],
  async run(v, [dir], io) {
    const clock = _clock(v);
    const pass = _pass(v, io);
    const ca = await openCaDir(dir!, { loadKeys: true, terminal: io, ...(pass !== undefined ? { passphrase: pass } : {}), ...(clock ? { clock } : {}) });
    const days = _days(v, 'days') ?? 7;
    for (const [name, which] of [
      ['intermediate', ca.intermediate],
      ['root', ca.root],
    ] as const) {
      // An imported CA directory has no root key: the root's CRL is its own operator's to publish.
      if (name === 'root' && !fs.existsSync(path.join(ca.dir, 'root', 'key.pem'))) {
        io.stdout(`${path.join(dir!, 'root')}: no key (imported CA directory); the root's CRL is not published here\n`);
        continue;
      }
      const crl = await which.generateCrl({ days });
      const file = path.join(ca.dir, name, 'crl.pem');
      writeFileAtomic(file, crlToPem(crl));
      if (name === 'intermediate' && _str(v, 'out') !== undefined) writeFileAtomic(_str(v, 'out')!, crlToPem(crl));
      io.stdout(
        `${path.join(dir!, name, 'crl.pem')}: CRL number ${getExtension(crl, crlNumberCodec)}, ${crl.size} revoked, this update ${crl.thisUpdate.toISOString()}, next update ${crl.nextUpdate!.toISOString()}\n`,
      );
    }
    return 0;
  },
};

export const caList: _Command = {
  usage: 'certkit ca list DIR [--status active|revoked|expired] [--root] [--json]',
  summary: "list the CA's certificates",
  help: `Lists the certificates the intermediate (or, with --root, the root) issued: serial,
status, profile, expiry and subject.

Options:
  --status S   only active, revoked or expired ones
  --root       the root's inventory (the intermediate)
  --json       as JSON`,
  options: { status: { type: 'string' }, root: { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: [1, 1],
  async run(v, [dir], io) {
    const status = _str(v, 'status');
    if (status !== undefined && !['active', 'revoked', 'expired'].includes(status)) throw new CliError(2, `--status must be active, revoked or expired, got '${status}'`);
    const clock = _clock(v);
    const ca = await openCaDir(dir!, clock ? { clock } : {});
    const which = _ca(ca.intermediate, ca.root, v.root === true);
    const now = clock?.() ?? new Date();
    const all = await which.list({ at: now });
    const rows = all
      .map((r) => ({
        serial: _serialText(r.serial),
        status: r.revocation ? 'revoked' : Date.parse(r.notAfter) < now.getTime() ? 'expired' : 'active',
        profile: r.profile,
        notAfter: r.notAfter,
        subject: r.subject,
        sans: r.sans,
        ...(r.revocation ? { revocation: r.revocation } : {}),
      }))
      .filter((r) => status === undefined || r.status === status);
    if (v.json === true) {
      io.stdout(JSON.stringify(rows, null, 2) + '\n');
      return 0;
    }
    if (rows.length === 0) {
      io.stdout(`no ${status ?? ''}${status ? ' ' : ''}certificates\n`);
      return 0;
    }
    io.stdout(`${'SERIAL'.padEnd(32)}  ${'STATUS'.padEnd(7)}  ${'PROFILE'.padEnd(12)}  ${'NOT AFTER'.padEnd(20)}  SUBJECT\n`);
    for (const r of rows) {
      io.stdout(
        `${r.serial.padEnd(32)}  ${r.status.padEnd(7)}  ${r.profile.padEnd(12)}  ${r.notAfter.replace('.000Z', 'Z').padEnd(20)}  ${r.subject}${r.revocation ? `  (${r.revocation.reason})` : ''}\n`,
      );
    }
    return 0;
  },
};

// ---------------------------------------------------------------------------------------------
// verify

// ---------------------------------------------------------------------------------------------
// audit

export const caAudit: _Command = {
  usage: 'certkit ca audit DIR [--root] [--action ACTION] [--json]',
  summary: "print the CA's audit log",
  help: `Prints the audit log of the intermediate (or, with --root, the root), oldest first: every
issuance, refusal (with its findings), revocation, CRL publication and denied request, with its
time, principal and, for network requests, the channel and client address.

Options:
  --root            the root's log
  --action ACTION   only issue, refuse, revoke, crl or deny entries
  --json            one JSON object per line`,
  options: { root: { type: 'boolean' }, action: { type: 'string' }, json: { type: 'boolean' } },
  positionals: [1, 1],
  async run(v, [dir], io) {
    const action = _str(v, 'action');
    if (action !== undefined && !['issue', 'refuse', 'revoke', 'crl', 'deny'].includes(action)) throw new CliError(2, `--action must be issue, refuse, revoke, crl or deny, got '${action}'`);
    const ca = await openCaDir(dir!);
    const store = _ca(ca.intermediate, ca.root, v.root === true).store;
    let cursor: string | undefined;
    let n = 0;
    do {
      const page = await store.listAudit({ limit: 500, ...(cursor !== undefined ? { cursor } : {}) });
      for (const e of page.entries) {
        if (action !== undefined && e.action !== action) continue;
        n++;
        if (v.json === true) {
          io.stdout(JSON.stringify(e) + '\n');
          continue;
        }
        const via = e.method ? ` via ${e.method}${e.address ? ` from ${e.address}` : ''}` : '';
        io.stdout(
          `${e.time.replace('.000Z', 'Z')}  ${e.action.padEnd(6)}  ${e.principal}${via}${e.serial ? `  serial ${_serialText(e.serial)}` : ''}${e.profile ? `  profile ${e.profile}` : ''}${e.code ? `  ${e.code}` : ''}\n`,
        );
        if (e.message) io.stdout(`    ${e.message}\n`);
        for (const f of e.findings ?? []) io.stdout(`    ${f.severity} ${f.code} (${f.field}): ${f.message}\n`);
      }
      cursor = page.next;
    } while (cursor !== undefined);
    if (n === 0 && v.json !== true) io.stdout('the audit log is empty\n');
    return 0;
  },
};

export const caImport: _Command = {
  usage: 'certkit ca import DIR --cert ca.pem --key ca.key [--chain issuers.pem] [--pass SRC] [--new-pass SRC]',
  summary: 'bring an existing CA (certificate and key) under management in a new CA directory',
  help: `Creates DIR from a CA you already have (made by OpenSSL, another product, or by hand): the
certificate becomes the issuing CA of DIR, with its key, and 'ca issue', 'ca revoke', 'ca crl',
'ca list' and 'serve' work on it as on a directory made by 'ca init'. The certificate must be a
CA (basicConstraints cA TRUE; keyCertSign when keyUsage is present) and the key must be its key.
Its issuers (--chain, or the certificates after the first in --cert) are kept in DIR/chain.pem
and sent with every certificate; the top one becomes DIR/root/cert.pem, without a key, so
operations at the root (--root) are refused.

Options:
  --cert FILE      the CA certificate, optionally followed by its issuers (nearest first)
  --key FILE       its private key (PEM or DER; --pass for an encrypted one)
  --chain FILE     the CA's issuers, nearest first, up to the root
  --pass SRC       passphrase of --key: pass:TEXT, env:VAR, file:PATH or fd:N
  --new-pass SRC   encrypt the key kept in DIR with this passphrase (default: as given, or
                   unencrypted when --key was not encrypted)`,
  options: { cert: { type: 'string' }, key: { type: 'string' }, chain: { type: 'string' }, pass: { type: 'string' }, 'new-pass': { type: 'string' } },
  positionals: [1, 1],
  async run(v, [dir], io) {
    const certFile = _str(v, 'cert');
    const keyFile = _str(v, 'key');
    if (certFile === undefined || keyFile === undefined) throw new CliError(2, '--cert and --key are required: the CA certificate and its private key');
    const certs = readKind(certFile, 'certificate').map((o) => o.value);
    const chainFile = _str(v, 'chain');
    const chain = [...certs.slice(1), ...(chainFile === undefined ? [] : readKind(chainFile, 'certificate').map((o) => o.value))];
    const pass = _pass(v, io);
    let asked: string | undefined; // a passphrase typed on the terminal keeps the key encrypted too
    const key = await loadPrivateKey(keyFile, pass, canAskPassword(io) ? async (f) => (asked = await askPassword(io, `Enter pass phrase for ${f}:`, '--pass')) : undefined);
    const newPassSpec = _str(v, 'new-pass');
    const keep = newPassSpec !== undefined ? resolvePassphrase(newPassSpec, io.env) : (pass ?? asked);
    const clock = _clock(v);
    let ca;
    try {
      ca = await importCaDir(dir!, { cert: certs[0]!, key, chain, ...(keep !== undefined ? { passphrase: keep } : {}), ...(clock ? { clock } : {}) });
    } catch (e) {
      if (e instanceof CliError) throw e;
      if (e instanceof CertkitError || e instanceof RangeError || e instanceof TypeError) throw new CliError(2, `cannot import the CA: ${errorText(e)}`);
      throw e;
    }
    const c = ca.intermediate.certificate;
    io.stdout(
      `imported CA into ${dir}\n` +
        `  issuing CA  ${c.subject.toString()}  ${_keyLine(certificatePublicKey(c))}  valid to ${c.notAfter.toISOString()}\n` +
        `              ${dir}/intermediate/cert.pem, key ${dir}/intermediate/key.pem${keep !== undefined ? ' (encrypted)' : ''}\n` +
        `  chain       ${dir}/chain.pem (${chain.length === 0 ? 'the CA only: it is self-signed' : `the CA and ${chain.length} issuer${chain.length === 1 ? '' : 's'}`})\n` +
        `  root        ${ca.root.certificate.subject.toString()} (${dir}/root/cert.pem, no key: --root operations are refused)\n`,
    );
    return 0;
  },
};

export const caOcspSigner: _Command = {
  usage: 'certkit ca ocsp-signer DIR [--days N] [--pass SRC]',
  summary: 'issue a delegated OCSP responder certificate (DIR/ocsp/)',
  help: `Issues, from the intermediate CA of DIR, a certificate for a new P-256 key that signs OCSP
responses on the CA's behalf (RFC 6960 §4.2.2.2): keyUsage digitalSignature, extKeyUsage
id-kp-OCSPSigning, and id-pkix-ocsp-nocheck (§4.2.2.2.1: clients do not check its own
revocation, so keep it short-lived). Writes DIR/ocsp/cert.pem and DIR/ocsp/key.pem (mode 0600),
replacing the previous ones; 'certkit serve --ca DIR --ocsp-signer' signs with it.

Options:
  --days N    validity (default 30)
  --pass SRC  passphrase of the CA keys`,
  options: { days: { type: 'string' }, pass: { type: 'string' } },
  positionals: [1, 1],
  async run(v, [dir], io) {
    const days = _days(v, 'days') ?? 30;
    const clock = _clock(v);
    const pass = _pass(v, io);
    const ca = await openCaDir(dir!, { ...(pass !== undefined ? { passphrase: pass } : {}), ...(clock ? { clock } : {}) });
    const caSigner = signerFromPrivateKey(await loadPrivateKey(path.join(ca.dir, 'intermediate', 'key.pem'), pass, io));
    const keys = await generateKeyPair('P-256');
    const now = clock ? clock() : new Date();
    const serial = crypto.getRandomValues(new Uint8Array(16));
    serial[0] = (serial[0]! & 0x7f) | 0x40; // positive, 16 octets (RFC 5280 §4.1.2.2)
    const cert = await CertificateBuilder.create()
      .subject({ CN: `${_caName(dir!)} OCSP Responder` })
      .publicKey(keys.publicKey)
      .serialNumber(serial)
      .notBefore(new Date(now.getTime() - 60_000))
      .notAfter(new Date(now.getTime() + days * 86_400_000))
      .keyUsage(['digitalSignature'])
      .extKeyUsage(['OCSPSigning'])
      .extension({ oid: EXTENSION.ocspNoCheck, value: encodeOcspNoCheck() })
      .sign(caSigner, { issuerCertificate: ca.intermediate.certificate });
    const out = path.join(ca.dir, 'ocsp');
    fs.mkdirSync(out, { recursive: true, mode: 0o700 });
    writeFileAtomic(path.join(out, 'key.pem'), keys.privateKey.toPem('pkcs8'), { secret: true });
    writeFileAtomic(path.join(out, 'cert.pem'), certificateToPem(cert));
    io.stdout(`issued the OCSP responder certificate ${path.join(out, 'cert.pem')} (serial ${cert.serialNumber.toString(16)}, valid to ${cert.notAfter.toISOString()})\n`);
    return 0;
  },
};
