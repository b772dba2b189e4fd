/**
 * `certkit ocsp`: ask an OCSP responder about a certificate, like `openssl ocsp -issuer -cert
 * -url` (RFC 6960 over HTTP POST, Appendix A.1), or check a saved response (`--respin`); and the
 * flags `certkit verify` takes for online revocation (`--ocsp`, `--crl-fetch`,
 * `--ocsp-response`, `--soft-fail`). Non-goals: the responder (`certkit serve`).
 * @module
 */
import * as fs from 'node:fs';
import { createCertId, encodeOcspRequest, parseOcspResponse, verifyOcspResponse } from '../ocsp/index';
import type { OnlineRevocationOptions, ValidationResult } from '../path/index';
import { authorityInfoAccessCodec, getExtension } from '../x509/index';
import { _clock, _list, _str, _time, type _Command, type _Values } from './command';
import { CliError, errorText, readKind, writeFileAtomic } from './io';

/** The options `certkit verify` adds for online revocation, from its flags (undefined: none given). */
export function _onlineRevocationFlags(v: _Values): OnlineRevocationOptions | undefined {
  const stapled = _list(v, 'ocsp-response').map((f) => new Uint8Array(fs.readFileSync(f)));
  const methods: ('ocsp' | 'crl')[] = [];
  if (v.ocsp === true || stapled.length > 0) methods.push('ocsp');
  if (v['crl-fetch'] === true) methods.push('crl');
  if (methods.length === 0) return undefined;
  return { methods, failure: v['soft-fail'] === true ? 'soft' : 'hard', stapled, ...(v.ocsp !== true ? { fetch: false as const } : {}), ...(v['leaf-only'] === true ? { leafOnly: true } : {}) };
}

/** Lines describing what the online revocation check found. */
export function _revocationLines(r: ValidationResult): string {
  return (r.revocationChecks ?? [])
    .map(
      (c) =>
        `  revocation [${c.certIndex}] ${c.subject}: ${c.status}${c.source ? ` (${c.source}${c.url ? ` ${c.url}` : ''}${c.cached ? ', cached' : ''})` : ''}` +
        (c.status === 'unknown' ? `; soft-fail: ${c.attempts.join('; ')}` : '') +
        '\n',
    )
    .join('');
}

export const ocsp: _Command = {
  usage: 'certkit ocsp --issuer CA --cert LEAF [--url URL] [--no-nonce] [--sha256] [--respout FILE] [--at TIME]\n' + '       certkit ocsp --issuer CA --cert LEAF --respin FILE [--at TIME]',
  summary: 'ask an OCSP responder about a certificate (like openssl ocsp)',
  help: `Sends an OCSP request for LEAF (issued by CA) to the responder at --url (default: the
OCSP URL of LEAF's authorityInfoAccess), verifies the response (signed by CA or by a responder
CA delegated with id-kp-OCSPSigning; the nonce echoed; thisUpdate/nextUpdate around the time,
5 minutes of skew) and prints the status. With --respin, checks a saved response instead.
Exit 0: good; 1: revoked or unknown; 2: no usable answer.

Options:
  --issuer FILE   the issuing CA's certificate
  --cert FILE     the certificate asked about
  --url URL       the responder (http or https)
  --no-nonce      send no nonce (the responder may answer from its cache)
  --sha256        SHA-256 CertID (default SHA-1, what every responder answers)
  --respout FILE  save the response (DER)
  --respin FILE   verify a saved response (DER or PEM) instead of asking
  --at TIME       verify at this time (ISO 8601; default now)`,
  options: {
    issuer: { type: 'string' },
    cert: { type: 'string' },
    url: { type: 'string' },
    'no-nonce': { type: 'boolean' },
    sha256: { type: 'boolean' },
    respout: { type: 'string' },
    respin: { type: 'string' },
    at: { type: 'string' },
  },
  positionals: [0, 0],
  async run(v, _p, io) {
    const issuerFile = _str(v, 'issuer');
    const certFile = _str(v, 'cert');
    if (issuerFile === undefined || certFile === undefined) throw new CliError(2, '--issuer CA and --cert LEAF are required');
    const issuer = readKind(issuerFile, 'certificate')[0]!.value;
    const cert = readKind(certFile, 'certificate')[0]!.value;
    const at = _str(v, 'at');
    const time = at !== undefined ? _time(at, '--at') : (_clock(v)?.() ?? new Date());
    const certId = createCertId(issuer, cert, v.sha256 === true ? 'SHA-256' : 'SHA-1');
    let body: Uint8Array;
    let nonce: Uint8Array | undefined;
    const respin = _str(v, 'respin');
    if (respin !== undefined) body = new Uint8Array(fs.readFileSync(respin));
    else {
      let url = _str(v, 'url');
      if (url === undefined) {
        const aia = getExtension(cert, authorityInfoAccessCodec) ?? [];
        const loc = aia.find((d) => d.method === '1.3.6.1.5.5.7.48.1' && d.location.type === 'uri')?.location;
        if (loc === undefined || loc.type !== 'uri') throw new CliError(2, `${certFile} names no OCSP responder (authorityInfoAccess); give --url`);
        url = loc.value;
      }
      if (!/^https?:\/\//i.test(url)) throw new CliError(2, `--url must be an http or https URL, got '${url}'`);
      const req = encodeOcspRequest([certId], { nonce: v['no-nonce'] !== true });
      nonce = req.nonce;
      let res: Response;
      try {
        res = await fetch(url, { method: 'POST', body: req.der as Uint8Array<ArrayBuffer>, headers: { 'content-type': 'application/ocsp-request' }, signal: AbortSignal.timeout(30_000) });
      } catch (e) {
        throw new CliError(2, `${url}: ${errorText((e as Error).cause ?? e)}`, { cause: e });
      }
      if (!res.ok) throw new CliError(2, `${url}: HTTP ${res.status}`);
      body = new Uint8Array(await res.arrayBuffer());
      const out = _str(v, 'respout');
      if (out !== undefined) writeFileAtomic(out, body);
    }
    try {
      const parsed = parseOcspResponse(body);
      if (parsed.status !== 'successful') throw new CliError(2, `the responder answered ${parsed.status}`);
      const r = await verifyOcspResponse(parsed, { issuer, certId, time, ...(nonce !== undefined ? { nonce } : {}) });
      io.stdout(
        `${certFile}: ${r.status}\n` +
          (r.status === 'revoked' ? `  revoked at ${r.revocationTime!.toISOString()}${r.revocationReason ? `, reason ${r.revocationReason}` : ''}\n` : '') +
          `  this update ${r.thisUpdate.toISOString()}${r.nextUpdate ? `, next update ${r.nextUpdate.toISOString()}` : ''}\n` +
          `  signed by ${r.responder.subject.toString()}${r.delegated ? ` (delegated responder${r.noCheck ? ', ocsp-nocheck' : ''})` : ' (the CA)'}${nonce ? ', nonce echoed' : ''}\n`,
      );
      return r.status === 'good' ? 0 : 1;
    } catch (e) {
      if (e instanceof CliError) throw e;
      throw new CliError(2, `the response does not verify: ${errorText(e)}`, { cause: e });
    }
  },
};
