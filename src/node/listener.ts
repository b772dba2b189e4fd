/**
 * `toNodeListener`: runs a web-standard handler `(Request, context) => Promise<Response>` as a
 * `node:http` / `node:https` request listener. It only translates:
 *
 * - `IncomingMessage` → `Request`: method, absolute URL (scheme from the socket, authority from
 *   the Host header), every header as received, and the body as a stream that pulls from the
 *   socket (backpressure: the socket is paused while the handler does not read) and errors with
 *   `body-too-large` once more than `maxBodyBytes` arrived; a Content-Length over the limit is
 *   answered 413 before the handler runs. The request's `signal` aborts when the client goes away.
 * - the TLS client's chain (`getPeerCertificate(true)`, DER, leaf first) and the remote address →
 *   the handler's context. Nothing is verified here: the handler checks the chain.
 * - `Response` → `ServerResponse`: status, headers (each `Set-Cookie` on its own line), and the
 *   body streamed with `write`/`drain` backpressure; when the client aborts, the body stream is
 *   cancelled.
 *
 * Errors: a handler that throws or rejects gets a 500 `{ error: { code, message } }` with no detail
 * (the error goes to `onError`); a body over the limit always ends in 413, whatever the handler
 * answered. Non-goals: HTTP/2, trailers, proxies' `X-Forwarded-*` (the handler has its own base URL).
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { NodeAdapterError } from './errors';
import { peerCertificateChain } from './peer-chain';

/**
 * What the adapter tells the handler about the connection (the shape of `certkit/server`'s
 * `RequestContext`).
 * @example
 * ```ts
 * const handler = async (req: Request, ctx?: NodeRequestContext) => new Response(ctx?.remoteAddress ?? '?');
 * ```
 */
export interface NodeRequestContext {
  /** The TLS client's certificate chain as presented, DER, leaf first; absent without one. Not verified. */
  readonly clientCertificates?: readonly Uint8Array[];
  /** The client's address (`socket.remoteAddress`). */
  readonly remoteAddress?: string;
}

/**
 * A web-standard request handler, as `certkit/server`'s `CaService.handle`.
 * @example
 * ```ts
 * const hello: WebHandler = async () => new Response('hello');
 * ```
 */
export type WebHandler = (request: Request, context?: NodeRequestContext) => Promise<Response>;

/**
 * Options of {@link toNodeListener}.
 * @example
 * ```ts
 * const options: NodeListenerOptions = { maxBodyBytes: 64 * 1024, onError: (e) => console.error(e) };
 * ```
 */
export interface NodeListenerOptions {
  /** The largest request body accepted, in bytes (default 1 MiB); larger ones get 413. */
  readonly maxBodyBytes?: number;
  /** Called with what a handler threw (the client sees a 500 without details). Default: ignored. */
  readonly onError?: (error: unknown) => void;
}

/**
 * A `node:http` request listener with its in-flight count, used by {@link startCaServer} for
 * graceful shutdown.
 * @example
 * ```ts
 * const listener = toNodeListener(handler);
 * http.createServer(listener).listen(8080);
 * console.log(listener.inFlight()); // 0 when idle
 * ```
 */
export interface NodeListener {
  (req: IncomingMessage, res: ServerResponse): void;
  /** The number of requests whose response has not finished yet. */
  inFlight(): number;
  /** Resolves once no request is in flight (immediately when none is). */
  idle(): Promise<void>;
  /** From now on every response says `Connection: close` (shutdown has begun). */
  drain(): void;
}

const DEFAULT_MAX_BODY = 1024 * 1024;
const NO_BODY = new Set(['GET', 'HEAD']);
const HOST = /^(?:[A-Za-z0-9._~!$&'()*+,;=%-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * Converts a web-standard handler into a `node:http`/`node:https` request listener (see the
 * module comment for what is translated and how).
 * @throws {RangeError} when `maxBodyBytes` is not a non-negative safe integer.
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { toNodeListener } from 'certkit/node';
 * createServer(toNodeListener(service.handle, { maxBodyBytes: 64 * 1024 })).listen(8080);
 * ```
 */
export function toNodeListener(handler: WebHandler, options: NodeListenerOptions = {}): NodeListener {
  if (typeof handler !== 'function') throw new TypeError('toNodeListener: handler must be a function (request, context) => Promise<Response>');
  const max = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  if (!Number.isSafeInteger(max) || max < 0) throw new RangeError(`maxBodyBytes must be a non-negative integer, got ${String(max)}`);
  let inFlight = 0;
  let closing = false;
  let waiters: Array<() => void> = [];
  const done = (): void => {
    inFlight--;
    if (inFlight === 0) {
      const w = waiters;
      waiters = [];
      for (const f of w) f();
    }
  };
  const listener = ((req: IncomingMessage, res: ServerResponse): void => {
    inFlight++;
    let counted = false;
    res.once('close', () => {
      if (!counted) {
        counted = true;
        done();
      }
    });
    void serve(handler, req, res, max, options.onError, () => closing);
  }) as NodeListener;
  listener.inFlight = () => inFlight;
  listener.idle = () => (inFlight === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve)));
  listener.drain = () => {
    closing = true;
  };
  return listener;
}

async function serve(handler: WebHandler, req: IncomingMessage, res: ServerResponse, max: number, onError: ((e: unknown) => void) | undefined, closing: () => boolean): Promise<void> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && /^\d+$/.test(declared) && Number(declared) > max) {
    // RFC 9110 §15.5.14: refuse before reading; close, since the rest of the body is not read.
    sendProblem(res, 413, 'body-too-large', `The request body is ${declared} bytes; the limit is ${max}.`, true);
    return;
  }
  const abort = new AbortController();
  let tooLarge = false;
  res.once('close', () => {
    if (!res.writableFinished) abort.abort(new NodeAdapterError('request-aborted', 'the client closed the connection'));
  });
  let request: Request;
  try {
    request = toRequest(req, max, abort.signal, () => (tooLarge = true));
  } catch (e) {
    sendProblem(res, 400, 'bad-request', e instanceof NodeAdapterError ? e.message : 'The request cannot be read.', true);
    return;
  }
  const chain = peerCertificateChain(req.socket as TLSSocket);
  const context: NodeRequestContext = { ...(chain.length > 0 ? { clientCertificates: chain } : {}), ...(req.socket.remoteAddress !== undefined ? { remoteAddress: req.socket.remoteAddress } : {}) };
  let response: Response;
  try {
    response = await handler(request, context);
    if (!(response instanceof Response)) throw new TypeError('the handler did not return a Response');
  } catch (e) {
    if (tooLarge) return sendProblem(res, 413, 'body-too-large', `The request body is over the limit of ${max} bytes.`, true);
    onError?.(e);
    if (!res.headersSent && !res.destroyed) sendProblem(res, 500, 'internal-error', 'The server could not handle the request.', false);
    return;
  }
  if (tooLarge) {
    await response.body?.cancel().catch(() => {});
    return sendProblem(res, 413, 'body-too-large', `The request body is over the limit of ${max} bytes.`, true);
  }
  await writeResponse(response, req.method === 'HEAD', res, abort.signal, closing());
}

/** IncomingMessage → Request. */
function toRequest(req: IncomingMessage, max: number, signal: AbortSignal, onTooLarge: () => void): Request {
  const method = req.method ?? 'GET';
  const scheme = (req.socket as TLSSocket).encrypted === true ? 'https' : 'http';
  const host = req.headers.host ?? `${req.socket.localAddress?.includes(':') ? `[${req.socket.localAddress}]` : req.socket.localAddress}:${req.socket.localPort}`;
  const target = req.url ?? '/';
  if (!target.startsWith('/')) throw new NodeAdapterError('bad-request', `The request target '${target.slice(0, 64)}' is not an absolute path.`);
  // RFC 9110 §7.2: Host is uri-host [":" port]; anything else (a path, credentials) is refused.
  if (!HOST.test(host)) throw new NodeAdapterError('bad-request', `The Host header '${host.slice(0, 64)}' is not host[:port].`);
  let url: URL;
  try {
    url = new URL(`${scheme}://${host}${target}`);
  } catch (e) {
    throw new NodeAdapterError('bad-request', `The request target '${target.slice(0, 64)}' does not make a valid URL.`, { cause: e });
  }
  const headers = new Headers();
  try {
    const raw = req.rawHeaders;
    for (let i = 0; i + 1 < raw.length; i += 2) if (!raw[i]!.startsWith(':')) headers.append(raw[i]!, raw[i + 1]!);
  } catch (e) {
    throw new NodeAdapterError('bad-request', 'A request header is not valid.', { cause: e });
  }
  const init: RequestInit & { duplex?: 'half' } = { method, headers, signal };
  if (!NO_BODY.has(method)) {
    init.body = bodyStream(req, max, onTooLarge);
    init.duplex = 'half';
  } else req.resume(); // discard anything sent with a GET
  return new Request(url, init);
}

/** The request body as a pull stream that counts bytes against the limit. */
function bodyStream(req: IncomingMessage, max: number, onTooLarge: () => void): ReadableStream<Uint8Array> {
  let received = 0;
  let settled = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        req.pause();
        req.on('data', (chunk: Uint8Array) => {
          if (settled) return;
          received += chunk.byteLength;
          if (received > max) {
            settled = true;
            onTooLarge();
            req.pause();
            controller.error(new NodeAdapterError('body-too-large', `the request body is over the limit of ${max} bytes`));
            return;
          }
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        });
        req.once('end', () => {
          if (settled) return;
          settled = true;
          controller.close();
        });
        req.once('error', (e) => {
          if (settled) return;
          settled = true;
          controller.error(new NodeAdapterError('request-aborted', 'the request body could not be read', { cause: e }));
        });
        req.once('aborted', () => {
          if (settled) return;
          settled = true;
          controller.error(new NodeAdapterError('request-aborted', 'the client closed the connection during the request body'));
        });
      },
      pull() {
        if (!settled) req.resume();
      },
      cancel() {
        settled = true;
        req.resume(); // drain and discard the rest so the connection can be reused
      },
    },
    { highWaterMark: 64 * 1024, size: (c) => c.byteLength },
  );
}

/** Response → ServerResponse, streaming with backpressure; the body is cancelled on client abort. */
async function writeResponse(response: Response, head: boolean, res: ServerResponse, signal: AbortSignal, close: boolean): Promise<void> {
  res.statusCode = response.status;
  if (response.statusText) res.statusMessage = response.statusText;
  const cookies = response.headers.getSetCookie();
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value);
  });
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  if (close) res.setHeader('connection', 'close'); // shutting down: no keep-alive
  const body = response.body;
  if (body === null || head) {
    await body?.cancel().catch(() => {});
    res.end();
    return;
  }
  const reader = body.getReader();
  const onAbort = (): void => void reader.cancel(signal.reason).catch(() => {});
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    // A body that is one chunk already there (what the CA's handler answers) goes out with
    // end(): Node then sends Content-Length instead of chunked encoding, in one write. A stream
    // whose next chunk is not ready at once gets its first chunk written now, not held back.
    const first = await reader.read();
    if (first.done) {
      res.end();
      return;
    }
    let next = reader.read();
    const soon = await Promise.race([next, new Promise<'later'>((r) => setImmediate(() => r('later')))]);
    if (soon !== 'later' && soon.done) {
      if (!res.destroyed) res.end(first.value);
      return;
    }
    let chunk: Uint8Array = first.value;
    for (;;) {
      if (res.destroyed) return;
      if (!res.write(chunk)) {
        await new Promise<void>((resolve) => {
          const go = (): void => {
            res.off('drain', go);
            res.off('close', go);
            resolve();
          };
          res.on('drain', go);
          res.on('close', go);
        });
      }
      const { done, value } = await next;
      if (done) break;
      chunk = value;
      next = reader.read();
    }
    res.end();
  } catch {
    // The body stream failed after the status was sent: all we can do is cut the connection.
    res.destroy();
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/**
 * An error answered by the adapter itself, in the handler's shape (`certkit/server`'s
 * `{ error: { code, message } }`, application/json), never with a stack trace.
 */
function sendProblem(res: ServerResponse, status: number, code: string, message: string, close: boolean): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({ error: { code, message } });
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': String(new TextEncoder().encode(body).byteLength),
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(body);
}
