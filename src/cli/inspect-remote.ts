/**
 * `certkit inspect https://host:port` and `certkit inspect --connect host:port`: a live TLS
 * server's certificate chain, fetched with `node:tls`, and the verdict of validating it for the
 * host name it was reached by.
 *
 * Scope: one TLS handshake per target, with the server name (SNI) the host name, or
 * `--servername`; the chain as the handshake reports it (Node's `getPeerCertificate(true)`,
 * through `peerCertificateChain` of `certkit/node`), leaf first; validation by certkit's path
 * layer (never by the TLS stack, which is told to accept anything so that a broken chain can be
 * shown): anchors from `--trust` (files, or `system`), else the system roots, intermediates from
 * what the server sent, the host name (or IP address) checked, serverAuth required.
 * Non-goals: HTTP (nothing is requested after the handshake), STARTTLS, proxies, revocation
 * checks (`certkit verify --ocsp` on the saved chain does them).
 * @module
 */
import { isIP } from 'node:net';
import * as tls from 'node:tls';
import { peerCertificateChain } from '../node/index';
import { ValidationError, verifyChain } from '../path/index';
import { certificateFingerprint, parseCertificate, type Certificate } from '../x509/index';
import { CliError, errorText } from './io';

/** Where to connect, and the name the certificate must be valid for. */
export interface RemoteTarget {
  /** As given on the command line, for messages. */
  label: string;
  host: string;
  port: number;
  /** The name sent as SNI and checked against the certificate (a host name or an IP address). */
  servername: string;
}

/**
 * Reads `https://host[:port][/...]` (port 443 by default) or, with `connect`, `host:port`
 * (`[v6]:port` for an IPv6 address).
 * @throws CliError 2 for anything else.
 * @example
 * ```ts
 * parseRemoteTarget('https://example.com', false) // { host: 'example.com', port: 443, servername: 'example.com', ... }
 * ```
 */
export function parseRemoteTarget(spec: string, connect: boolean, servername?: string): RemoteTarget {
  let host: string;
  let port: number;
  if (!connect) {
    let u: URL;
    try {
      u = new URL(spec);
    } catch {
      throw new CliError(2, `'${spec}' is not a URL`);
    }
    if (u.protocol !== 'https:') throw new CliError(2, `only https:// URLs can be inspected, got '${spec}'`);
    host = u.hostname.replace(/^\[(.*)\]$/, '$1');
    port = u.port === '' ? 443 : Number(u.port);
  } else {
    const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:\s]+)):([0-9]{1,5})$/.exec(spec);
    if (m === null) throw new CliError(2, `--connect needs HOST:PORT (or [IPv6]:PORT), got '${spec}'`);
    host = m[1] ?? m[2]!;
    port = Number(m[3]);
  }
  if (!(port >= 1 && port <= 65535)) throw new CliError(2, `the port must be 1-65535, in '${spec}'`);
  return { label: spec, host, port, servername: servername ?? host };
}

/** What one handshake gave. */
export interface RemoteChain {
  /** DER certificates, leaf first, as the TLS stack reports them. */
  chain: Uint8Array[];
  protocol: string;
  cipher: string;
  address: string;
}

/**
 * Connects, completes the TLS handshake without judging the certificate, and returns the chain.
 * @throws CliError 2 when the connection or the handshake fails, or after `timeoutMs`.
 * @example
 * ```ts
 * const { chain } = await fetchPeerChain(parseRemoteTarget('https://example.com', false));
 * ```
 */
export function fetchPeerChain(t: RemoteTarget, timeoutMs = 15_000): Promise<RemoteChain> {
  return new Promise((resolve, reject) => {
    // RFC 6066 §3: SNI carries host names only, never an IP address.
    const sni = isIP(t.servername) === 0 ? { servername: t.servername } : {};
    const socket = tls.connect({ host: t.host, port: t.port, ...sni, rejectUnauthorized: false, ALPNProtocols: ['http/1.1'] });
    const fail = (why: string, cause?: unknown): void => {
      socket.destroy();
      reject(new CliError(2, `cannot inspect ${t.label}: ${why}`, cause !== undefined ? { cause } : {}));
    };
    socket.setTimeout(timeoutMs, () => fail(`no TLS handshake within ${timeoutMs / 1000} s`));
    socket.once('error', (e: NodeJS.ErrnoException) =>
      fail(e.code === 'ECONNREFUSED' ? `connection refused by ${t.host}:${t.port}` : e.code === 'ENOTFOUND' ? `unknown host ${t.host}` : e.message, e),
    );
    socket.once('secureConnect', () => {
      const chain = peerCertificateChain(socket);
      const out: RemoteChain = { chain, protocol: socket.getProtocol() ?? 'TLS', cipher: socket.getCipher().name, address: `${socket.remoteAddress ?? t.host}:${socket.remotePort ?? t.port}` };
      socket.end();
      socket.destroy();
      if (chain.length === 0) reject(new CliError(2, `cannot inspect ${t.label}: the server sent no certificate`));
      else resolve(out);
    });
  });
}

/** The verdict on a fetched chain. */
export interface RemoteVerdict {
  valid: boolean;
  /** The validated path (valid), or the error's code, message and the certificate it is about. */
  path?: Certificate[];
  code?: string;
  message?: string;
  certIndex?: number;
}

/**
 * Validates the server's chain for `servername` and serverAuth (RFC 5280 path validation, the
 * webpki profile, RFC 6125 host names), with `anchors` trusted and the rest of what the server
 * sent as intermediates.
 * @example
 * ```ts
 * const v = await judgeRemoteChain(certs, 'example.com', anchors, new Date());
 * ```
 */
export async function judgeRemoteChain(certs: readonly Certificate[], servername: string, anchors: readonly Certificate[], time: Date): Promise<RemoteVerdict> {
  const anchorPrints = new Set(anchors.map((a) => certificateFingerprint(a)));
  const intermediates = certs.slice(1).filter((c) => !anchorPrints.has(certificateFingerprint(c)));
  try {
    const r = await verifyChain(certs[0]!, { anchors: [...anchors], intermediates, time, hostname: servername, purposes: ['serverAuth'] });
    return { valid: true, path: [...r.chain] };
  } catch (e) {
    if (e instanceof ValidationError) return { valid: false, code: e.code, message: e.message, certIndex: e.certIndex };
    throw new CliError(2, `cannot validate the chain: ${errorText(e)}`, { cause: e });
  }
}

/**
 * Parses the DER certificates of a handshake.
 * @throws CliError 2 when the server sent something that is not a certificate.
 * @example
 * ```ts
 * const certs = parsePeerChain((await fetchPeerChain(t)).chain, t.label);
 * ```
 */
export function parsePeerChain(chain: readonly Uint8Array[], label: string): Certificate[] {
  return chain.map((der, i) => {
    try {
      return parseCertificate(der);
    } catch (e) {
      throw new CliError(2, `${label}: certificate [${i}] the server sent does not parse: ${errorText(e)}`, { cause: e });
    }
  });
}
