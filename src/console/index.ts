/**
 * The web console of `certkit serve` (issue 21): a single page at `/ui` where requesters make a
 * key and a CSR in the browser (WebCrypto; only the CSR travels), see the linter's findings
 * before submitting, and download the certificate, the chain or a PKCS#12 built in the page;
 * admins search the inventory, read a certificate's details and audit entries, revoke, and see a
 * dashboard strip. The page (`./page/`, plain DOM on certkit's own layers) is bundled at build
 * time into `_assets.ts`; this layer serves it.
 *
 * - {@link consoleHandler}: pass it as `createCaService({ ..., console: consoleHandler })`.
 * - {@link CONSOLE_CSP}: the Content-Security-Policy it sends.
 *
 * The layer sits above `server` (it reuses the server's error responses) and below `node`;
 * runtime-neutral. Non-goals: the JSON API (in `server`), sessions or cookies (the page keeps
 * the API token in the tab).
 * @module
 */
export { CONSOLE_CSP, consoleHandler } from './handler';
