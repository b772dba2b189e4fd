/**
 * Signing without a CA directory, the way `openssl x509 -req -CA` and `openssl req -x509` are
 * used: `certkit sign` issues from a CSR with any CA certificate and key under a profile (the
 * same lint and profile rules as `ca issue`, a fresh random serial, nothing recorded), and
 * `certkit cert self-signed` makes a one-off self-signed certificate for a key.
 * Non-goals: managed issuance with an inventory, revocation and CRLs (`ca-commands.ts`).
 * @module
 */
import { CertificateAuthority, MemoryCaStore } from '../ca/index';
import { CertkitError } from '../der/index';
import { signerFromPrivateKey } from '../sig/index';
import { CertificateBuilder, certificatePublicKey, certificateToPem, isSelfIssued, type Certificate, type ExtKeyUsage } from '../x509/index';
import { _ISSUE_OPTIONS, _clock, _days, _generalName, _issueError, _serialText, _keyLine, _findingLines, _list, _out, _pass, _str, _subjectArg, type _Command } from './command';
import { CliError, errorText, loadPrivateKey, readKind, writeFileAtomic } from './io';

export const sign: _Command = {
  usage:
    'certkit sign --ca-cert ca.pem --ca-key ca.key --csr req.pem --profile PROFILE [--days N] [--dns NAME]... [--ip ADDR]... [--email ADDR]... [--subject DN] [--out cert.pem] [--chain-out chain.pem] [--pass SRC] [--json]',
  summary: 'issue a certificate from a CSR with any CA certificate and key (like openssl x509 -req -CA)',
  help: `Issues a certificate from a request with the CA certificate and private key given, under a
profile: verifies the request's signature, lints it, applies the profile (keys, names, validity,
extensions), picks a fresh random 16-byte serial and signs. Nothing is recorded: to keep an
inventory, revoke and publish CRLs, use a managed CA ('certkit ca init', 'certkit ca issue').
Errors refuse issuance (exit 1) and are listed; warnings are printed with the certificate.

The CA certificate file may hold the CA's issuers after it (nearest first); they complete the
chain written by --chain-out.

Profiles: tls-server, tls-server-client, tls-client, email, code-signing, sub-ca.

Options:
  --ca-cert FILE     the CA certificate (PEM or DER), optionally followed by its issuers
  --ca-key FILE      the CA's private key (PEM or DER; --pass for an encrypted one)
  --csr FILE         the request (PEM or DER)
  --profile NAME     the profile
  --days N           validity in days (default and maximum: the profile's)
  --dns/--ip/--email subjectAltNames added to the request's (repeat)
  --subject DN       replace the requested subject (RFC 4514, most specific first:
                     "CN=x,O=Example,C=US"; or OpenSSL's "/C=US/O=Example/CN=x")
  --out FILE         write the certificate (default: standard output)
  --chain-out FILE   write the certificate and the CA chain (what a TLS server sends)
  --pass SRC         passphrase of the CA key: pass:TEXT, env:VAR, file:PATH or fd:N
  --json             the result (serial, names, validity, warnings) as JSON on standard
                     output, with the certificate in it unless --out is given`,
  options: { 'ca-cert': { type: 'string' }, 'ca-key': { type: 'string' }, ..._ISSUE_OPTIONS },
  positionals: [0, 0],
  async run(v, _p, io) {
    const need = (k: string, hint: string): string => {
      const s = _str(v, k);
      if (s === undefined) throw new CliError(2, `--${k} is required (${hint})`);
      return s;
    };
    const caCertFile = need('ca-cert', 'the CA certificate, PEM or DER');
    const caKeyFile = need('ca-key', "the CA certificate's private key");
    const csrFile = need('csr', 'the certificate request, PEM or DER');
    const profile = need('profile', 'tls-server, tls-server-client, tls-client, email, code-signing or sub-ca');
    const certs = readKind(caCertFile, 'certificate').map((o) => o.value);
    const caCert = certs[0]!;
    const key = await loadPrivateKey(caKeyFile, _pass(v, io), io);
    const csr = readKind(csrFile, 'csr')[0]!.value;
    const subjectSpec = _str(v, 'subject');
    const subject = subjectSpec === undefined ? undefined : _subjectArg(subjectSpec, io);
    const days = _days(v, 'days');
    const names = [..._list(v, 'dns').map((n) => _generalName(n, 'dns')), ..._list(v, 'ip').map((n) => _generalName(n, 'ip')), ..._list(v, 'email').map((n) => _generalName(n, 'email'))];
    const clock = _clock(v);
    let r;
    try {
      const ca = new CertificateAuthority({ certificate: caCert, signer: signerFromPrivateKey(key), store: new MemoryCaStore(), chain: certs.slice(1), ...(clock ? { clock } : {}) });
      r = await ca.issue(csr, {
        profile,
        ...(days !== undefined ? { validity: days } : {}),
        ...(names.length ? { extraSans: names } : {}),
        ...(subject !== undefined ? { subjectOverride: subject } : {}),
      });
    } catch (e) {
      _issueError(e, profile);
    }
    // Under --json the result is JSON on stdout; the certificate goes to --out, or into the JSON.
    const toStdout = v.json !== true || _str(v, 'out') !== undefined;
    if (toStdout) _out(v, io, certificateToPem(r.certificate));
    const chainOut = _str(v, 'chain-out');
    // The chain a server sends: the certificate and its CAs, without a self-signed root.
    const sent = r.chain.filter((c, i) => i === 0 || !isSelfIssued(c));
    if (chainOut !== undefined) writeFileAtomic(chainOut, sent.map((c) => certificateToPem(c)).join(''));
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
            warnings: r.warnings,
          },
          null,
          2,
        ) + '\n',
      );
    } else {
      io.stderr(
        `issued serial ${_serialText(r.serial)} under ${profile} (not recorded: no CA directory)\n` +
          `  issuer   ${caCert.subject.toString() || '(empty)'}\n` +
          `  subject  ${r.record.subject || '(empty)'}\n` +
          `  names    ${r.record.sans.join(', ') || '(none)'}\n` +
          `  valid    ${r.record.notBefore} .. ${r.record.notAfter}\n` +
          (r.warnings.length ? _findingLines(r.warnings).join('\n') + '\n' : ''),
      );
    }
    return 0;
  },
};

const _PURPOSES: Record<string, ExtKeyUsage> = { server: ['serverAuth'], client: ['clientAuth'], 'server-client': ['serverAuth', 'clientAuth'] };

export const certSelfSigned: _Command = {
  usage: 'certkit cert self-signed --key key.pem --subject DN [--dns NAME]... [--ip ADDR]... [--days N] [--ca [--path-length N]] [--purpose server|client|server-client] [--out cert.pem] [--pass SRC]',
  summary: 'make a one-off self-signed certificate for a key (like openssl req -x509)',
  help: `Makes a self-signed v3 certificate for the key: a random 16-byte serial, the subject and
names given, subjectKeyIdentifier and authorityKeyIdentifier, and either

  - an end-entity certificate (the default): basicConstraints cA FALSE, keyUsage
    digitalSignature (+ keyEncipherment for RSA), extendedKeyUsage from --purpose
    (default server: serverAuth), the names as subjectAltNames; or
  - with --ca, a root CA certificate: basicConstraints cA TRUE (critical), keyUsage keyCertSign
    and cRLSign.

Options:
  --key FILE          the private key (PEM or DER); --pass for an encrypted one
  --subject DN        RFC 4514, most specific first ("CN=x,O=Example,C=US"), or OpenSSL's
                      "/C=US/O=Example/CN=x"
  --dns NAME          a dNSName subjectAltName (repeat)
  --ip ADDR           an iPAddress subjectAltName (repeat)
  --days N            validity in days (default 365)
  --ca                a CA certificate instead of an end-entity one
  --path-length N     with --ca: basicConstraints pathLenConstraint
  --purpose P         server, client or server-client (end-entity only; default server)
  --out FILE          write the certificate (default: standard output)
  --pass SRC          passphrase of the key: pass:TEXT, env:VAR, file:PATH or fd:N`,
  options: {
    key: { type: 'string' },
    subject: { type: 'string' },
    dns: { type: 'string', multiple: true },
    ip: { type: 'string', multiple: true },
    days: { type: 'string' },
    ca: { type: 'boolean' },
    'path-length': { type: 'string' },
    purpose: { type: 'string' },
    out: { type: 'string' },
    pass: { type: 'string' },
  },
  positionals: [0, 0],
  async run(v, _p, io) {
    const keyFile = _str(v, 'key');
    if (keyFile === undefined) throw new CliError(2, '--key is required (make one with: certkit key new --type ec-p256 --out key.pem)');
    const subjectSpec = _str(v, 'subject');
    const names = [..._list(v, 'dns').map((n) => _generalName(n, 'dns')), ..._list(v, 'ip').map((n) => _generalName(n, 'ip'))];
    if (subjectSpec === undefined && names.length === 0) throw new CliError(2, '--subject (or at least one --dns/--ip name) is required');
    const subject = _subjectArg(subjectSpec ?? '', io);
    const isCa = v.ca === true;
    const pl = _str(v, 'path-length');
    if (pl !== undefined && !isCa) throw new CliError(2, '--path-length goes with --ca');
    if (pl !== undefined && !/^(0|[1-9][0-9]{0,2})$/.test(pl)) throw new CliError(2, `--path-length must be a whole number 0-999, got '${pl}'`);
    const purpose = _str(v, 'purpose');
    if (purpose !== undefined && isCa) throw new CliError(2, '--purpose is for end-entity certificates, not with --ca');
    const eku = _PURPOSES[purpose ?? 'server'];
    if (eku === undefined) throw new CliError(2, `--purpose must be one of ${Object.keys(_PURPOSES).join(', ')}, got '${purpose}'`);
    const key = await loadPrivateKey(keyFile, _pass(v, io), io);
    const days = _days(v, 'days') ?? 365;
    const now = _clock(v)?.() ?? new Date();
    let cert: Certificate;
    try {
      let b = isCa
        ? CertificateBuilder.selfSignedCa(subject, pl === undefined ? {} : { pathLength: Number(pl) })
        : CertificateBuilder.create()
            .subject(subject)
            .basicConstraints({ cA: false })
            .keyUsage(key.publicKey.algorithm === 'RSA' ? ['digitalSignature', 'keyEncipherment'] : ['digitalSignature'])
            .extKeyUsage(eku);
      // Issuer = subject and a random 16-octet serial are the builder's defaults without an issuer certificate.
      b = b.publicKey(key.publicKey).notBefore(now).validityDays(days);
      // RFC 5280 §4.2.1.6: an empty subject needs a critical subjectAltName (the builder marks it).
      if (names.length > 0) b = b.subjectAltNames(...names);
      cert = await b.sign(signerFromPrivateKey(key));
    } catch (e) {
      if (e instanceof CertkitError || e instanceof RangeError || e instanceof TypeError) throw new CliError(2, `cannot make the certificate: ${errorText(e)}`);
      throw e;
    }
    _out(v, io, certificateToPem(cert));
    io.stderr(
      `self-signed ${isCa ? 'CA ' : ''}certificate for ${cert.subject.toString() || '(empty subject)'}, serial ${cert.serialNumberHex}\n` +
        `  key      ${_keyLine(certificatePublicKey(cert))}\n` +
        `  names    ${names.length ? _list(v, 'dns').concat(_list(v, 'ip')).join(', ') : '(none)'}\n` +
        `  valid    ${cert.notBefore.toISOString()} .. ${cert.notAfter.toISOString()}\n`,
    );
    return 0;
  },
};
