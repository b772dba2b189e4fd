/**
 * Serves the web console's files under `/ui/` with the headers a page holding keys needs: a
 * strict Content-Security-Policy (scripts, styles and fetches from this origin only, no inline
 * code, no framing, no form posts elsewhere), `X-Content-Type-Options: nosniff`, no referrer,
 * cache headers (the page revalidates by ETag; the hashed script and style are immutable).
 *
 * Scope: {@link consoleHandler} and {@link CONSOLE_CSP}. The files are the generated
 * `_assets.ts` (built by `scripts/build-console.mjs` from `./page/`). Non-goals: the API the page
 * calls (`certkit/server`'s JSON API), authentication (the page sends the token the user typed).
 * @module
 */
import { errorResponse, ServerError } from '../server/index';
import { _CONSOLE_FILES } from './_assets';

/**
 * The Content-Security-Policy of every console response: nothing but this origin's script, style
 * and API; images only from this origin or `data:`; no `<base>`, no form submission, no framing.
 * @example
 * ```ts
 * res.headers.get('content-security-policy') === CONSOLE_CSP;
 * ```
 */
export const CONSOLE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function _headers(type: string, cache: string): Record<string, string> {
  return {
    'content-type': type,
    'cache-control': cache,
    'content-security-policy': CONSOLE_CSP,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), usb=(), payment=()',
  };
}

/**
 * Answers a request for the console: `GET /ui` (redirect to `/ui/`), `/ui/` (the page), and the
 * page's hashed script and style; `If-None-Match` gives a 304. Give it to `createCaService`'s
 * `console` option, which routes `GET`/`HEAD` of `/ui` and `/ui/...` here.
 * @throws TypeError when not given a `Request`; an unknown file is not thrown but answered with
 * a 404 in the service's error format.
 * @example
 * ```ts
 * import { createCaService } from 'certkit/server';
 * const service = createCaService({ ca, auth, baseUrl: 'https://ca.example.net', console: consoleHandler });
 * ```
 */
export function consoleHandler(request: Request): Response {
  if (!(request instanceof Request)) throw new TypeError('consoleHandler expects a Request');
  const path = new URL(request.url).pathname;
  if (path === '/ui') return new Response(null, { status: 301, headers: { location: '/ui/', 'cache-control': 'no-store' } });
  const name = path.startsWith('/ui/') ? (path.slice(4) === '' ? 'index.html' : path.slice(4)) : '';
  const file = Object.prototype.hasOwnProperty.call(_CONSOLE_FILES, name) ? _CONSOLE_FILES[name] : undefined;
  if (file === undefined) {
    const res = errorResponse(new ServerError('not-found', `the console has no ${path.slice(0, 128)}`));
    res.headers.set('content-security-policy', CONSOLE_CSP);
    res.headers.set('x-content-type-options', 'nosniff');
    return res;
  }
  const headers = _headers(file.type, name === 'index.html' ? 'no-cache' : 'public, max-age=31536000, immutable');
  headers.etag = file.etag;
  const inm = request.headers.get('if-none-match');
  if (inm !== null && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === file.etag)) return new Response(null, { status: 304, headers });
  return new Response(request.method === 'HEAD' ? null : file.body, { status: 200, headers });
}
