/**
 * The TLS client's certificate chain as Node reports it, turned into DER certificates, leaf
 * first, for the handler's `clientCertificates`. Node's `getPeerCertificate(true)` returns a
 * linked list through `issuerCertificate` whose last element points back to itself (a self-issued
 * root); the walk stops at the first certificate it has already seen.
 * Non-goals: verifying anything. The adapter passes the chain as presented; the handler checks it
 * against the CA (a TLS stack configured with `rejectUnauthorized: false` has accepted any chain).
 * @module
 */
import type { TLSSocket, DetailedPeerCertificate } from 'node:tls';

/** Chains longer than this are cut: a client has no reason to send more, and the walk stays bounded. */
const MAX_CHAIN = 10;

/**
 * The peer's certificate chain on a TLS socket, DER, leaf first, each certificate once; an empty
 * array when the socket is not TLS or the client sent no certificate.
 * @example
 * ```ts
 * https.createServer({ key, cert, requestCert: true, rejectUnauthorized: false }, (req, res) => {
 *   const chain = peerCertificateChain(req.socket as TLSSocket); // [] without a client certificate
 * });
 * ```
 */
export function peerCertificateChain(socket: TLSSocket | { encrypted?: boolean }): Uint8Array[] {
  const tls = socket as TLSSocket;
  if (tls.encrypted !== true || typeof tls.getPeerCertificate !== 'function') return [];
  let c: DetailedPeerCertificate | undefined = tls.getPeerCertificate(true);
  const out: Uint8Array[] = [];
  const seen = new Set<string>();
  while (c !== undefined && c !== null && c.raw !== undefined && out.length < MAX_CHAIN) {
    // The fingerprint identifies a certificate; the issuer loop of a root repeats it.
    const id = c.fingerprint256 ?? c.raw.toString('hex');
    if (seen.has(id)) break;
    seen.add(id);
    out.push(new Uint8Array(c.raw)); // a copy: the handler gets plain bytes, not a Buffer
    c = c.issuerCertificate;
  }
  return out;
}
