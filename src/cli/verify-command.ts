/**
 * `certkit verify`: build and validate a chain (RFC 5280 §6) from files, with the identity,
 * purpose, CRLs and online revocation asked for; and the trust anchors of `--trust` (files, or
 * `system`), shared with `inspect https://...`.
 * Non-goals: fetching a live server's chain (`inspect-remote.ts`).
 * @module
 */
import { ValidationError, onlineRevocation, verifyChain, type ValidationOptions } from '../path/index';
import { certificateFingerprint, type Certificate } from '../x509/index';
import { _clock, _generalName, _list, _str, _time, _withOidNames, type CliIo, type _Command } from './command';
import { CliError, kindName, readKind, readObjects } from './io';
import { _onlineRevocationFlags, _revocationLines } from './ocsp-command';
import { loadSystemTrust } from './system-trust';

/** Trust anchors from `--trust` files and `system` (the platform bundle, with its notes on stderr). */
export function _trustAnchors(trust: readonly string[], io: CliIo, quiet: boolean): Certificate[] {
  const anchors = _certs(
    trust.filter((t) => t !== 'system'),
    '--trust',
  );
  if (trust.includes('system')) {
    const sys = loadSystemTrust(io.env);
    anchors.push(...sys.anchors);
    const notes = [
      ...sys.skipped.map((x) => `block ${x.index + 1} (line ${x.line})${x.subject ? ` ${x.subject}` : ''}: skipped, ${x.reason}: ${x.message}`),
      ...sys.lenient.map((x) => `block ${x.index + 1} (line ${x.line}) ${x.subject}: not DER, read leniently (${x.message})`),
    ];
    if (!quiet || notes.length > 0) io.stderr(`trust: ${sys.anchors.length} roots from ${sys.source}${notes.length ? `\n  ${notes.join('\n  ')}` : ''}\n`);
  }
  return anchors;
}

function _certs(files: string[], what: string): Certificate[] {
  const out: Certificate[] = [];
  for (const f of files) {
    for (const o of readObjects(f)) {
      if (o.kind !== 'certificate') throw new CliError(2, `${what} ${f} holds a ${kindName(o.kind)}, not certificates`);
      out.push(o.value);
    }
  }
  return out;
}

export const verify: _Command = {
  usage:
    'certkit verify LEAF --trust ROOTS [--untrusted CHAIN]... [--crl FILE]... [--host NAME | --ip ADDR | --email ADDR] [--purpose serverAuth] [--at TIME] [--profile webpki|rfc5280] [--require-crl] [--ocsp] [--crl-fetch] [--ocsp-response FILE]... [--soft-fail] [--leaf-only] [--json]',
  summary: 'build and validate a chain (RFC 5280), with host name, purpose and CRLs',
  help: `Builds a path from LEAF through the untrusted certificates to a trusted root and validates
it (RFC 5280 §6.1 under the rfc5280 or webpki profile), with the identity, purpose and CRLs
given. Prints the path, or the failure with its code and reason; exits 1 when invalid.
Certificates after the first in LEAF are used as untrusted intermediates.

Options:
  --trust FILE       trusted roots (PEM with any number of certificates, or DER; repeat);
                     \`--trust system\`: the platform bundle (SSL_CERT_FILE, then
                     /etc/ssl/certs/ca-certificates.crt and the other usual places), else
                     Node's built-in Mozilla roots; skipped certificates are reported on stderr
  --untrusted FILE   intermediates (repeat)
  --crl FILE         CRLs to check revocation with (repeat)
  --require-crl      fail with revocation-unknown when a certificate has no usable CRL
  --ocsp             ask the OCSP responders of the certificates' AIA (then --crl-fetch)
  --crl-fetch        fetch the CRLs of the certificates' distribution points
  --ocsp-response F  an OCSP response at hand (stapled, saved; repeat)
  --soft-fail        with --ocsp / --crl-fetch: a certificate nobody answers for passes
                     (reported); default hard-fail (revocation-unknown)
  --leaf-only        check online revocation of the end entity only
  --host NAME        the DNS name the leaf must be valid for (RFC 6125)
  --ip ADDR          the IP address the leaf must be valid for
  --email ADDR       the email address the leaf must name (repeat)
  --purpose P        required extended key usage: serverAuth, clientAuth, codeSigning,
                     emailProtection, timeStamping, OCSPSigning or an OID (repeat); with
                     --host or --ip the default is serverAuth (a TLS server), else none
  --at TIME          validate at this time (ISO 8601; default now)
  --profile P        webpki or rfc5280 (default: webpki for TLS purposes, else rfc5280)
  --json             the result as JSON`,
  options: {
    trust: { type: 'string', multiple: true },
    untrusted: { type: 'string', multiple: true },
    crl: { type: 'string', multiple: true },
    'require-crl': { type: 'boolean' },
    ocsp: { type: 'boolean' },
    'crl-fetch': { type: 'boolean' },
    'ocsp-response': { type: 'string', multiple: true },
    'soft-fail': { type: 'boolean' },
    'leaf-only': { type: 'boolean' },
    host: { type: 'string' },
    ip: { type: 'string' },
    email: { type: 'string', multiple: true },
    purpose: { type: 'string', multiple: true },
    at: { type: 'string' },
    profile: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: [1, 1],
  async run(v, [leafFile], io) {
    const trust = _list(v, 'trust');
    if (trust.length === 0) throw new CliError(2, '--trust is required: the root certificate(s) to trust');
    const leafCerts = _certs([leafFile!], 'LEAF');
    const anchors = _trustAnchors(trust, io, v.json === true);
    // A trusted root also found among the untrusted certificates (chain.pem files carry it) is
    // the anchor, not an intermediate.
    const anchorPrints = new Set(anchors.map((a) => certificateFingerprint(a)));
    const intermediates = [...leafCerts.slice(1), ..._certs(_list(v, 'untrusted'), '--untrusted')].filter((c) => !anchorPrints.has(certificateFingerprint(c)));
    const crls = _list(v, 'crl').flatMap((f) => readKind(f, 'crl').map((o) => o.value));
    const host = _str(v, 'host');
    const ipAddr = _str(v, 'ip');
    if (host !== undefined && ipAddr !== undefined) throw new CliError(2, 'give --host or --ip, not both');
    if (ipAddr !== undefined) _generalName(ipAddr, 'ip');
    const profile = _str(v, 'profile');
    if (profile !== undefined && profile !== 'webpki' && profile !== 'rfc5280') throw new CliError(2, `--profile must be webpki or rfc5280, got '${profile}'`);
    const at = _str(v, 'at');
    const time = at !== undefined ? _time(at, '--at') : (_clock(v)?.() ?? new Date());
    // A host name or address names a TLS server: serverAuth unless a purpose is given.
    const purposes = _list(v, 'purpose').length > 0 ? _list(v, 'purpose') : (host ?? ipAddr) ? ['serverAuth'] : [];
    const online = _onlineRevocationFlags(v);
    const options: ValidationOptions = {
      anchors,
      intermediates,
      time,
      ...(profile ? { profile } : {}),
      ...((host ?? ipAddr) ? { hostname: host ?? ipAddr } : {}),
      ...(_list(v, 'email').length ? { emails: _list(v, 'email') } : {}),
      ...(purposes.length ? { purposes } : {}),
      ...(crls.length || v['require-crl'] ? { revocation: { mode: v['require-crl'] ? 'require' : 'prefer', crls } } : {}),
      ...(online !== undefined ? { onlineRevocation: onlineRevocation(online) } : {}),
    };
    const leaf = leafCerts[0]!;
    try {
      const r = await verifyChain(leaf, options);
      if (v.json === true) {
        io.stdout(
          JSON.stringify(
            {
              valid: true,
              profile: r.profile,
              time: time.toISOString(),
              chain: r.chain.map((c) => ({ subject: c.subject.toString(), serial: c.serialNumberHex, notAfter: c.notAfter.toISOString() })),
              policies: r.policies,
              ...(r.revocationChecks ? { revocation: r.revocationChecks } : {}),
            },
            null,
            2,
          ) + '\n',
        );
        return 0;
      }
      io.stdout(`OK: valid path of ${r.chain.length} certificate${r.chain.length === 1 ? '' : 's'} (profile ${r.profile}, at ${time.toISOString()})\n`);
      r.chain.forEach((c, i) =>
        io.stdout(`  [${i}] ${c.subject.toString()}${i === r.chain.length - 1 && anchors.includes(c) ? '  (trust anchor)' : ''}  serial ${c.serialNumberHex}, expires ${c.notAfter.toISOString()}\n`),
      );
      if (host ?? ipAddr) io.stdout(`  identity: valid for ${host ?? ipAddr}\n`);
      for (const e of _list(v, 'email')) io.stdout(`  identity: valid for ${e}\n`);
      if (purposes.length) io.stdout(`  purpose: ${_withOidNames(purposes.join(', '))} allowed\n`);
      if (crls.length) io.stdout(`  revocation: checked against ${crls.length} CRL${crls.length === 1 ? '' : 's'}, not revoked\n`);
      io.stdout(_revocationLines(r));
      return 0;
    } catch (e) {
      if (e instanceof ValidationError) {
        const who = e.certificate ? `[${e.certIndex}] ${e.certificate.subject.toString()}` : `[${e.certIndex}]`;
        if (v.json === true) {
          io.stdout(
            JSON.stringify(
              { valid: false, code: e.code, message: e.message, certIndex: e.certIndex, certificate: e.certificate?.subject.toString(), chain: e.chain?.map((c) => c.subject.toString()) },
              null,
              2,
            ) + '\n',
          );
        } else {
          io.stdout(`INVALID: ${e.code} at ${who}\n  ${_withOidNames(e.message)}\n`);
          if (e.chain && e.chain.length > 0) io.stdout(`  path tried: ${e.chain.map((c, i) => `[${i}] ${c.subject.toString()}`).join(' <- ')}\n`);
        }
        return 1;
      }
      if (e instanceof TypeError || e instanceof RangeError) throw new CliError(2, e.message);
      throw e;
    }
  },
};
