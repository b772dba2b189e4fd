/**
 * HTTP plumbing of the service on the web platform's `Request` and `Response`: reading a body
 * under a size limit, content types, EST's base64 bodies, JSON, and the client's identity hints.
 *
 * Scope: {@link readBody} (refuses by `Content-Length` before reading, and while reading when
 * the length is absent or wrong), media-type matching, base64 per RFC 7030 §4 (the
 * Content-Transfer-Encoding of every EST body; line breaks allowed as MIME writes them), and
 * response helpers. Non-goals: routing (`service.ts`), streaming responses.
 * @module
 */
import { readStreamLimited } from '../der/index';
import { decodeBase64, encodeBase64 } from '../pem/index';
import { ServerError } from './errors';

/**
 * Reads a request body, at most `limit` bytes: a `Content-Length` over the limit is refused
 * before anything is read, and a body that grows past it while streaming is cancelled.
 * @throws ServerError `body-too-large` (413), `bad-request` for a malformed Content-Length.
 * @example
 * ```ts
 * const bytes = await readBody(request, 64 * 1024);
 * ```
 */
export async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  const cl = request.headers.get('content-length');
  if (cl !== null) {
    if (!/^[0-9]{1,15}$/.test(cl.trim())) throw new ServerError('bad-request', 'Content-Length is not a number');
    if (Number(cl) > limit) throw new ServerError('body-too-large', `the body is ${cl} bytes; this service takes at most ${limit}`);
  }
  const body = await readStreamLimited(request.body, limit);
  if (body === undefined) throw new ServerError('body-too-large', `the body is over ${limit} bytes, the most this service takes`);
  return body;
}

/**
 * The media type of a request (`type/subtype`, lower case, parameters dropped), or `''`.
 * @example
 * ```ts
 * mediaType(request) // 'application/pkcs10'
 * ```
 */
export function mediaType(request: Request): string {
  return (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Refuses a request whose media type is not one of `accepted`.
 * @throws ServerError `unsupported-media-type` (415).
 * @example
 * ```ts
 * requireMediaType(request, ['application/pkcs10']);
 * ```
 */
export function requireMediaType(request: Request, accepted: readonly string[]): void {
  const t = mediaType(request);
  if (!accepted.includes(t)) throw new ServerError('unsupported-media-type', `this route takes ${accepted.join(' or ')}, not ${t === '' ? 'a body without Content-Type' : t}`);
}

/**
 * Decodes an EST body: base64 (RFC 7030 §4: "Content-Transfer-Encoding: base64"), with the line
 * breaks and spaces MIME puts in it removed first; anything else is refused.
 * @throws ServerError `bad-base64` (400).
 * @example
 * ```ts
 * const der = decodeEstBase64(await readBody(request, limit));
 * ```
 */
export function decodeEstBase64(body: Uint8Array): Uint8Array {
  let text = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) continue;
    if (c > 0x7e) throw new ServerError('bad-base64', `the body is not base64: byte 0x${c.toString(16)} at offset ${i}`);
    text += String.fromCharCode(c);
  }
  if (text.length === 0) throw new ServerError('bad-base64', 'the body is empty; EST bodies are base64 DER');
  try {
    return decodeBase64(text);
  } catch (e) {
    throw new ServerError('bad-base64', `the body is not base64 (RFC 7030 §4 uses Content-Transfer-Encoding: base64): ${(e as Error).message}`, { cause: e });
  }
}

/**
 * Base64 with a line break every 64 characters, as EST responses carry DER.
 * @example
 * ```ts
 * estBase64(der) // 'MIIB...\r\n...'
 * ```
 */
export function estBase64(der: Uint8Array): string {
  const b = encodeBase64(der);
  const lines: string[] = [];
  for (let i = 0; i < b.length; i += 64) lines.push(b.slice(i, i + 64));
  return lines.join('\r\n') + '\r\n';
}

/**
 * An EST response: base64 DER with `Content-Transfer-Encoding: base64`.
 * @example
 * ```ts
 * return estResponse(certsOnlyDer, 'application/pkcs7-mime; smime-type=certs-only');
 * ```
 */
export function estResponse(der: Uint8Array, contentType: string): Response {
  return new Response(estBase64(der), { status: 200, headers: { 'content-type': contentType, 'content-transfer-encoding': 'base64', 'cache-control': 'no-store' } });
}

/**
 * A JSON response.
 * @example
 * ```ts
 * return jsonResponse({ serial }, 201);
 * ```
 */
export function jsonResponse(value: unknown, status = 200): Response {
  return new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } });
}

/**
 * Parses a JSON request body (`application/json`) into an object.
 * @throws ServerError `unsupported-media-type`, `bad-request`, `body-too-large`.
 * @example
 * ```ts
 * const body = await readJson(request, limit);
 * ```
 */
export async function readJson(request: Request, limit: number): Promise<Record<string, unknown>> {
  requireMediaType(request, ['application/json']);
  const bytes = await readBody(request, limit);
  let v: unknown;
  try {
    v = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    throw new ServerError('bad-request', `the body is not JSON: ${(e as Error).message}`, { cause: e });
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new ServerError('bad-request', 'the body must be a JSON object');
  return v as Record<string, unknown>;
}
