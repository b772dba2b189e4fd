/**
 * `startCaServer`: listens on a host and port with `node:https` (or `node:http` without TLS
 * options, for a TLS-terminating proxy in front) and serves a web-standard handler through
 * {@link toNodeListener}. With TLS it asks every client for a certificate and accepts the
 * connection without one (`requestCert: true, rejectUnauthorized: false`): EST re-enrollment
 * authenticates with it, everything else with HTTP Basic or a bearer token, and the handler
 * validates the chain itself.
 *
 * `close()` is a graceful shutdown: the listening socket is closed first (no new connections),
 * idle keep-alive connections are closed, requests in flight run to completion (their responses
 * carry `Connection: close`), and only connections still busy after `graceMs` are cut.
 * Non-goals: HTTP/2, certificate reloading, clustering.
 * @module
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { NodeAdapterError } from './errors';
import { toNodeListener, type WebHandler } from './listener';

/**
 * The TLS side of {@link startCaServer}: PEM text as `node:tls` takes it.
 * @example
 * ```ts
 * const tls: CaServerTls = { cert: readFileSync('tls/cert.pem', 'utf8'), key: readFileSync('tls/key.pem', 'utf8'), ca: [rootPem] };
 * ```
 */
export interface CaServerTls {
  /** The server certificate followed by its intermediates, PEM. */
  readonly cert: string;
  /** Its private key, PEM. */
  readonly key: string;
  /** CA certificates (PEM) named in the TLS CertificateRequest as acceptable client-certificate issuers. */
  readonly ca?: readonly string[];
}

/**
 * Options of {@link startCaServer}.
 * @example
 * ```ts
 * const options: CaServerOptions = { handler: service.handle, listen: '127.0.0.1:8443', tls };
 * ```
 */
export interface CaServerOptions {
  /** The web-standard handler (`createCaService(...).handle`). */
  readonly handler: WebHandler;
  /** `host:port` (`[::1]:8443` for IPv6; port 0 picks a free one), or the parts. Default `127.0.0.1:8443`. */
  readonly listen?: string | { readonly host: string; readonly port: number };
  /** Serve HTTPS with this certificate and key; without it, plain HTTP. */
  readonly tls?: CaServerTls;
  /** The largest request body accepted (default 1 MiB). */
  readonly maxBodyBytes?: number;
  /** Called with what a handler threw (the client sees a 500 without details). */
  readonly onError?: (error: unknown) => void;
}

/**
 * A running server.
 * @example
 * ```ts
 * const server = await startCaServer({ handler, listen: '127.0.0.1:0', tls });
 * console.log(server.url); // https://127.0.0.1:40123
 * await server.close();
 * ```
 */
export interface RunningCaServer {
  /** The base URL, with the port actually bound (`https://127.0.0.1:40123`). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** The underlying Node server. */
  readonly server: http.Server | https.Server;
  /**
   * Graceful shutdown: stop accepting, finish the requests in flight, then close; connections
   * still busy after `graceMs` (default 10 s) are cut. Resolves when the server is closed.
   */
  close(options?: { readonly graceMs?: number }): Promise<void>;
}

/**
 * Parses `host:port` (IPv6 in brackets).
 * @throws {NodeAdapterError} `invalid-listen-address`.
 * @example
 * ```ts
 * parseListenAddress('[::1]:8443'); // { host: '::1', port: 8443 }
 * ```
 */
export function parseListenAddress(spec: string): { host: string; port: number } {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(spec);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new NodeAdapterError('invalid-listen-address', `'${spec}' is not host:port (IPv6 as [::1]:8443, port 0-65535)`);
  return { host: m[1] ?? m[2]!, port };
}

/**
 * Starts serving `handler` and resolves once the socket listens.
 * @throws {NodeAdapterError} `invalid-listen-address`; rejects with the system error when the address cannot be bound.
 * @example
 * ```ts
 * import { startCaServer } from 'certkit/node';
 * const server = await startCaServer({ handler: service.handle, listen: '127.0.0.1:8443', tls: { cert, key } });
 * process.once('SIGTERM', () => void server.close());
 * ```
 */
export async function startCaServer(options: CaServerOptions): Promise<RunningCaServer> {
  const { host, port } = typeof options.listen === 'object' ? options.listen : parseListenAddress(options.listen ?? '127.0.0.1:8443');
  const listener = toNodeListener(options.handler, { ...(options.maxBodyBytes !== undefined ? { maxBodyBytes: options.maxBodyBytes } : {}), ...(options.onError ? { onError: options.onError } : {}) });
  const tls = options.tls;
  const server = tls
    ? https.createServer({ cert: tls.cert, key: tls.key, ...(tls.ca ? { ca: [...tls.ca] } : {}), requestCert: true, rejectUnauthorized: false, minVersion: 'TLSv1.2' }, listener)
    : http.createServer(listener);
  server.headersTimeout = 30_000;
  server.requestTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  const url = `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${bound}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    host,
    port: bound,
    server,
    close(o = {}) {
      closing ??= new Promise<void>((resolve) => {
        listener.drain();
        server.close(() => resolve());
        server.closeIdleConnections();
        const timer = setTimeout(() => server.closeAllConnections(), o.graceMs ?? 10_000);
        timer.unref();
        // Connections that finish their last response become idle: close them as they do.
        const sweep = (): void => {
          server.closeIdleConnections();
          if (listener.inFlight() > 0) void listener.idle().then(() => setImmediate(sweep));
        };
        sweep();
        server.once('close', () => clearTimeout(timer));
      });
      return closing;
    },
  };
}
