/**
 * The tls-alpn-01 validator of the ACME server (RFC 8737) on Node: `createAcmeServer({ tlsAlpn01:
 * createTlsAlpn01Validator() })`. It connects with `node:tls` to the identifier on port 443 (or to
 * a configured address, for tests and split horizons), offering only the ALPN protocol
 * `acme-tls/1`, with the name in SNI (RFC 8738 §6: the reverse-mapping name for an IP address),
 * and judges the certificate the peer presents with certkit's own parser
 * ({@link checkTlsAlpn01Certificate}): exactly one subjectAltName, the identifier, and a critical
 * id-pe-acmeIdentifier extension holding SHA-256 of the key authorization. Node's own
 * certificate object is never consulted for the decision; only `getPeerCertificate().raw`.
 * Non-goals: verifying the certificate's signature or chain (RFC 8737 §3 asks for none: the
 * certificate is a self-signed carrier of the digest), the TLS server side (the ACME client's job).
 * @module
 */
import * as tls from 'node:tls';
import { sha256 } from '@noble/hashes/sha2.js';
import { AcmeError, type AcmeIdentifier } from '../acme/index';
import { bytesEqual, DerReader } from '../der/index';
import { EXTENSION } from '../oid/index';
import { findRawExtension, formatIpAddress, getExtension, parseCertificate, parseIpAddress, subjectAltNameCodec, type Certificate, type GeneralName } from '../x509/index';
import { parseListenAddress } from './server';

/** RFC 8737 §6.2: the ALPN protocol of the challenge. */
const ACME_TLS_1 = 'acme-tls/1';

/**
 * Options of {@link createTlsAlpn01Validator}.
 * @example
 * ```ts
 * const o: TlsAlpn01ValidatorOptions = { address: '127.0.0.1:5001', timeoutMs: 5000 };
 * ```
 */
export interface TlsAlpn01ValidatorOptions {
  /** Connect here (`host:port`) for every identifier instead of the identifier itself; SNI still names the identifier. */
  readonly address?: string;
  /** The port on the identifier's host (default 443, RFC 8737 §3); ignored with `address`. */
  readonly port?: number;
  /** Time the TLS handshake may take, in ms (default 10000). */
  readonly timeoutMs?: number;
}

/**
 * The SNI host name of an identifier: the name itself, or for an IP address its reverse-mapping
 * name (RFC 8738 §6; RFC 6066 §3 forbids addresses in SNI): `in-addr.arpa` / `ip6.arpa`.
 * @example
 * ```ts
 * tlsAlpn01ServerName({ type: 'ip', value: '192.0.2.7' }); // '7.2.0.192.in-addr.arpa'
 * ```
 */
export function tlsAlpn01ServerName(identifier: AcmeIdentifier): string {
  if (identifier.type === 'dns') return identifier.value;
  const b = parseIpAddress(identifier.value);
  if (b.length === 4) return `${[...b].reverse().join('.')}.in-addr.arpa`;
  const nibbles: string[] = [];
  for (const x of b) nibbles.push((x >> 4).toString(16), (x & 15).toString(16));
  return `${nibbles.reverse().join('.')}.ip6.arpa`;
}

/**
 * Judges a tls-alpn-01 certificate (RFC 8737 §3, RFC 8738 §6): its subjectAltName must hold
 * exactly one name, the identifier (a dNSName, or an iPAddress for an ip identifier), and its
 * id-pe-acmeIdentifier extension must be critical and hold `OCTET STRING (SIZE (32))` equal to
 * SHA-256 of the key authorization. Parsed with certkit's parser.
 * @throws AcmeError `incorrect-response` naming what does not match.
 * @example
 * ```ts
 * checkTlsAlpn01Certificate(der, { type: 'dns', value: 'www.example.org' }, keyAuthorization);
 * ```
 */
export function checkTlsAlpn01Certificate(der: Uint8Array, identifier: AcmeIdentifier, keyAuthorization: string): void {
  const bad = (m: string, cause?: unknown): never => {
    throw new AcmeError('incorrect-response', `tls-alpn-01 for ${identifier.value}: ${m} (RFC 8737 §3)`, cause === undefined ? {} : { cause });
  };
  let cert: Certificate;
  try {
    cert = parseCertificate(der);
  } catch (e) {
    return bad(`the certificate does not parse: ${(e as Error).message}`, e);
  }
  let names: readonly GeneralName[] | undefined;
  try {
    names = getExtension(cert, subjectAltNameCodec);
  } catch (e) {
    return bad(`the subjectAltName cannot be read: ${(e as Error).message}`, e);
  }
  if (names === undefined || names.length !== 1) bad(`the certificate must have exactly one subjectAltName, it has ${names?.length ?? 0}`);
  const n = names![0]!;
  const ok = identifier.type === 'dns' ? n.type === 'dns' && n.value.toLowerCase() === identifier.value : n.type === 'ip' && formatIpAddress(n.value) === identifier.value;
  if (!ok) bad(`the subjectAltName is not the ${identifier.type} identifier ${identifier.value}`);
  const ext = findRawExtension(cert, EXTENSION.acmeIdentifier);
  if (ext === undefined) bad('the certificate has no id-pe-acmeIdentifier extension');
  if (!ext!.critical) bad('the id-pe-acmeIdentifier extension must be critical');
  let digest: Uint8Array;
  try {
    // RFC 8737 §6.1: Authorization ::= OCTET STRING (SIZE (32))
    const r = new DerReader(ext!.value, {});
    digest = r.readOctetString();
    r.finish('Authorization');
  } catch (e) {
    return bad(`the id-pe-acmeIdentifier value is not an OCTET STRING: ${(e as Error).message}`, e);
  }
  if (digest.length !== 32) bad(`the id-pe-acmeIdentifier value is ${digest.length} bytes, not 32`);
  if (!bytesEqual(digest, sha256(new TextEncoder().encode(keyAuthorization)))) bad('the id-pe-acmeIdentifier value is not SHA-256 of the key authorization');
}

/**
 * A tls-alpn-01 validator for `createAcmeServer({ tlsAlpn01 })`: a TLS 1.2+ handshake offering
 * only ALPN `acme-tls/1` with SNI {@link tlsAlpn01ServerName}, then
 * {@link checkTlsAlpn01Certificate} on the presented certificate.
 * @throws {RangeError} for a bad `address`, `port` or `timeoutMs`. The validator rejects with
 * AcmeError `connection` (no connection, no `acme-tls/1`, timeout) or `incorrect-response`.
 * @example
 * ```ts
 * import { createTlsAlpn01Validator } from 'certkit/node';
 * const acme = createAcmeServer({ ca, baseUrl, tlsAlpn01: createTlsAlpn01Validator() });
 * ```
 */
export function createTlsAlpn01Validator(options: TlsAlpn01ValidatorOptions = {}): (identifier: AcmeIdentifier, keyAuthorization: string) => Promise<void> {
  const fixed = options.address === undefined ? undefined : parseListenAddress(options.address);
  const port = options.port ?? 443;
  const timeoutMs = options.timeoutMs ?? 10_000;
  if (!Number.isSafeInteger(port) || port < 1 || port > 65535) throw new RangeError('port must be 1-65535');
  if (!(timeoutMs > 0)) throw new RangeError('timeoutMs must be positive');
  return async (identifier, keyAuthorization) => {
    const der = await _handshake(fixed?.host ?? identifier.value, fixed?.port ?? port, tlsAlpn01ServerName(identifier), timeoutMs);
    checkTlsAlpn01Certificate(der, identifier, keyAuthorization);
  };
}

/** The DER of the certificate presented on a TLS connection that negotiated `acme-tls/1`. */
function _handshake(host: string, port: number, servername: string, timeoutMs: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const fail = (m: string, cause?: unknown): void => {
      socket.destroy();
      reject(new AcmeError('connection', `tls-alpn-01: ${host}:${port} (SNI ${servername}): ${m}`, cause === undefined ? {} : { cause }));
    };
    // No certificate verification here: the certificate is self-signed by design (RFC 8737 §3);
    // checkTlsAlpn01Certificate judges it.
    const socket = tls.connect({ host, port, servername, ALPNProtocols: [ACME_TLS_1], rejectUnauthorized: false, minVersion: 'TLSv1.2', timeout: timeoutMs });
    socket.once('timeout', () => fail(`no handshake within ${timeoutMs} ms`));
    socket.once('error', (e) => fail(e.message, e));
    socket.once('secureConnect', () => {
      if (socket.alpnProtocol !== ACME_TLS_1) return fail(`the server did not negotiate ALPN ${ACME_TLS_1} (got ${socket.alpnProtocol || 'none'})`);
      const raw = socket.getPeerCertificate(false)?.raw;
      if (raw === undefined) return fail('the server presented no certificate');
      const der = new Uint8Array(raw); // a copy, not a Buffer
      socket.destroy();
      resolve(der);
    });
  });
}
