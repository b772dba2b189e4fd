/**
 * The Node adapter's error: what can go wrong between a socket and the web-standard handler
 * (a body over the limit, a request the platform cannot represent, a bad listen address).
 * Non-goals: the handler's own errors (EST, JSON API), which are responses, not throws.
 * @module
 */
import { CertkitError } from '../der/index';

/** Codes a {@link NodeAdapterError} can carry. */
export type NodeAdapterErrorCode =
  | 'body-too-large' // the request body is over maxBodyBytes (declared by Content-Length or counted while reading)
  | 'request-aborted' // the client closed the connection before the request body was read
  | 'bad-request' // the request cannot be represented as a web Request (malformed Host, URL or header)
  | 'invalid-listen-address'; // the listen address is not host:port (IPv6 in brackets), or the port is out of range

/**
 * An error of the Node adapter (`certkit/node`): a request body over the limit (the body stream
 * of the `Request` errors with it, and the client gets 413), an aborted upload, a request that
 * is not a valid URL, or a listen address that cannot be used.
 * @example
 * ```ts
 * try { await request.arrayBuffer(); } catch (e) {
 *   if (e instanceof NodeAdapterError && e.code === 'body-too-large') console.log('over the limit');
 * }
 * ```
 */
export class NodeAdapterError extends CertkitError {
  declare readonly code: NodeAdapterErrorCode;
  constructor(code: NodeAdapterErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options.cause === undefined ? {} : { cause: options.cause });
    this.name = 'NodeAdapterError';
  }
}
