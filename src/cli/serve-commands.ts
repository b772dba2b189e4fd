/**
 * `certkit serve`: the CA directory as a network service (issue 16). The web-standard handler of
 * `certkit/server` (EST, the JSON API, CRL and CA certificate publishing) runs on Node through
 * `certkit/node` over HTTPS (EST requires TLS), asking clients for a certificate without
 * requiring one. Without `--tls-cert`, a server certificate is issued from the CA on first start
 * (tls-server profile, SANs for the listen host, localhost and 127.0.0.1) and kept in
 * `DIR/serve/tls/`. Users (HTTP Basic) and API tokens (Bearer) live in `DIR/serve/auth.json`,
 * hashed (`serve-auth.ts`); `serve user add/remove` and `serve token create/revoke` manage them,
 * printing a secret once. SIGINT/SIGTERM shut down gracefully.
 *
 * Config file (`--config FILE`, JSON): `{ "baseUrl": "https://ca.example.net:8443", "labels":
 * { "routers": { "profile": "tls-client", "allowNameChange": false } }, "defaultProfile":
 * "tls-client", "maxBodyBytes": 65536, "acme": { "profile": "tls-server" } }`; the `acme` key turns on
 * the ACME server (`certkit/acme`) at `/acme/directory` (its `http01Address` sends every http-01
 * validation to one host:port, keeping the name in the Host header: for tests and split horizons;
 * `tlsAlpn01` / `tlsAlpn01Address` offer tls-alpn-01 (`certkit/node`'s validator, to the name on
 * port 443 or to one host:port); `dnsFile` is a small zone-like file read at each lookup that
 * answers the TXT lookups of dns-01 and the CAA lookups; `caaIdentities` turns CAA checks on;
 * `maxOrdersPerHour`, `maxOrdersPerIdentifierPerWeek` and `alternateChains` as in docs/acme.md).
 * ACME accounts and orders persist beside the CA store: `DIR/acme/`, or the `--store` database.
 * The web console (`src/console`) is served at `/ui/` unless the config says `"console": false`.
 * Non-goals: the routes themselves (`src/server`), several CAs per process, HTTP/2.
 * @module
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { CsrBuilder } from '../csr/index';
import { generateKeyPair } from '../keys/index';
import { FsAcmeStore, createTlsAlpn01Validator, parseListenAddress, startCaServer, NodeAdapterError } from '../node/index';
import type { CaaRecord } from '../acme/index';
import { CertificateAuthority } from '../ca/index';
import { consoleHandler } from '../console/index';
import { createCaService, withPublicationUrls, type OcspResponderOptions } from '../server/index';
import { signerFromPrivateKey } from '../sig/index';
import { certificateToPem, dns, formatGeneralName, generalNamesMatchHost, getExtension, ip, subjectAltNameCodec, type GeneralName } from '../x509/index';
import { openCaDir, type CaDir } from './ca-dir';
import { _clock, _pass, _str, type CliIo, type _Command, type _Values } from './command';
import { CliError, errorText, loadPrivateKey, readKind, resolvePassphrase, writeFileAtomic } from './io';
import { FileAuthStore, SERVE_ROLES, type ServeRole } from './serve-auth';
import { openStoreUrl } from './store-commands';

/**
 * The `--config` file of `certkit serve`.
 * @example
 * ```ts
 * const c: ServeConfig = { baseUrl: 'https://ca.example.net', labels: { routers: { profile: 'tls-client' } } };
 * ```
 */
export interface ServeConfig {
  /** The public base URL; the CDP and AIA URLs of issued certificates point under it. Default: the listen URL. */
  baseUrl?: string;
  /** EST labels (`/.well-known/est/<label>/...`) and the profile each issues with. */
  labels?: Record<string, { profile: string; allowNameChange?: boolean }>;
  /** The profile of the unlabelled EST path and of API submissions without one (default tls-client). */
  defaultProfile?: string;
  /** The largest request body, in bytes (default 64 KiB). */
  maxBodyBytes?: number;
  /** ACME (RFC 8555) at `/acme/directory` when present. */
  acme?: ServeAcmeConfig;
  /** The web console at `/ui/` (default true; it shows nothing without an API token). */
  console?: boolean;
}

/**
 * The `acme` key of the `certkit serve` config file.
 * @example
 * ```ts
 * const a: ServeAcmeConfig = { profile: 'tls-server', termsOfService: 'https://ca.example.net/tos', http01Address: '127.0.0.1:5002' };
 * ```
 */
interface ServeAcmeConfig {
  /** The profile ACME orders are issued under (default tls-server). */
  profile?: string;
  /** A terms-of-service URL new accounts must agree to. */
  termsOfService?: string;
  /** host:port every http-01 validation connects to (the Host header keeps the name); default: the name itself, port 80. */
  http01Address?: string;
  /** Offer tls-alpn-01, validated on the name's port 443. */
  tlsAlpn01?: boolean;
  /** Offer tls-alpn-01, every validation connecting to this host:port (SNI keeps the name). */
  tlsAlpn01Address?: string;
  /**
   * A file of `<name> TXT <value>` and `<name> CAA <flags> <tag> <value>` lines, read at each
   * lookup: the TXT records of dns-01 (offered when set) and the CAA records. For tests and
   * closed networks whose DNS is managed by a script.
   */
  dnsFile?: string;
  /** The issuer domain names of this CA in CAA records: CAA is checked (through `dnsFile`) when set. */
  caaIdentities?: string[];
  /** Most new orders per account an hour (default unlimited). */
  maxOrdersPerHour?: number;
  /** Most new orders naming one identifier in a week, across every instance on the store (default unlimited). */
  maxOrdersPerIdentifierPerWeek?: number;
  /** PEM files, each an alternate issuer chain (RFC 8555 §7.4.2): the issuing CA as another issuer signed it, then that issuer's chain. */
  alternateChains?: string[];
}

export function _loadConfig(file: string | undefined): ServeConfig {
  if (file === undefined) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CliError(2, `--config ${file}: ${(e as Error).message}`, { cause: e });
  }
  const bad = (m: string): never => {
    throw new CliError(2, `--config ${file}: ${m}`);
  };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) bad('expected a JSON object');
  const o = raw as Record<string, unknown>;
  for (const k of Object.keys(o))
    if (!['baseUrl', 'labels', 'defaultProfile', 'maxBodyBytes', 'acme', 'console'].includes(k)) bad(`unknown key '${k}' (baseUrl, labels, defaultProfile, maxBodyBytes, acme, console)`);
  if (o.console !== undefined && typeof o.console !== 'boolean') bad('console must be true or false');
  const out: ServeConfig = o.console === false ? { console: false } : {};
  if (o.baseUrl !== undefined) {
    if (typeof o.baseUrl !== 'string' || !/^https?:\/\/[^/]+\/?$/.test(o.baseUrl)) bad(`baseUrl must be an http(s) origin such as https://ca.example.net:8443, got ${JSON.stringify(o.baseUrl)}`);
    out.baseUrl = (o.baseUrl as string).replace(/\/$/, '');
  }
  if (o.labels !== undefined) {
    if (o.labels === null || typeof o.labels !== 'object' || Array.isArray(o.labels)) bad('labels must be an object: { "label": { "profile": "tls-client" } }');
    out.labels = {};
    for (const [label, v] of Object.entries(o.labels as Record<string, unknown>)) {
      if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(label)) bad(`label '${label}' must be 1-64 characters of a-z, 0-9, '.', '_' or '-'`);
      const l = (v ?? {}) as { profile?: unknown; allowNameChange?: unknown };
      if (typeof l.profile !== 'string') bad(`labels.${label}.profile must be a profile name`);
      for (const k of Object.keys(l)) if (k !== 'profile' && k !== 'allowNameChange') bad(`labels.${label}: unknown key '${k}' (profile, allowNameChange)`);
      if (l.allowNameChange !== undefined && typeof l.allowNameChange !== 'boolean') bad(`labels.${label}.allowNameChange must be true or false`);
      out.labels[label] = { profile: l.profile as string, ...(l.allowNameChange === true ? { allowNameChange: true } : {}) };
    }
  }
  if (o.defaultProfile !== undefined) {
    if (typeof o.defaultProfile !== 'string') bad('defaultProfile must be a profile name');
    out.defaultProfile = o.defaultProfile as string;
  }
  if (o.maxBodyBytes !== undefined) {
    if (!Number.isSafeInteger(o.maxBodyBytes) || (o.maxBodyBytes as number) < 1024) bad('maxBodyBytes must be a whole number of bytes, at least 1024');
    out.maxBodyBytes = o.maxBodyBytes as number;
  }
  if (o.acme !== undefined) {
    const a = o.acme as Record<string, unknown>;
    if (a === null || typeof a !== 'object' || Array.isArray(a)) bad('acme must be an object: { "profile": "tls-server" }');
    const keys = ['profile', 'termsOfService', 'http01Address', 'tlsAlpn01', 'tlsAlpn01Address', 'dnsFile', 'caaIdentities', 'maxOrdersPerHour', 'maxOrdersPerIdentifierPerWeek', 'alternateChains'];
    for (const k of Object.keys(a)) if (!keys.includes(k)) bad(`acme: unknown key '${k}' (${keys.join(', ')})`);
    out.acme = {};
    if (a.tlsAlpn01 !== undefined) {
      if (typeof a.tlsAlpn01 !== 'boolean') bad('acme.tlsAlpn01 must be true or false');
      out.acme.tlsAlpn01 = a.tlsAlpn01 as boolean;
    }
    if (a.caaIdentities !== undefined) {
      if (!Array.isArray(a.caaIdentities) || a.caaIdentities.length === 0 || a.caaIdentities.some((d) => typeof d !== 'string' || !/^[a-z0-9.-]{1,253}$/i.test(d)))
        bad('acme.caaIdentities must be a non-empty array of domain names');
      if (a.dnsFile === undefined) bad('acme.caaIdentities needs acme.dnsFile (the CAA records are read from it)');
      out.acme.caaIdentities = [...(a.caaIdentities as string[])];
    }
    for (const k of ['profile', 'termsOfService', 'http01Address', 'tlsAlpn01Address', 'dnsFile'] as const) {
      if (a[k] === undefined) continue;
      if (typeof a[k] !== 'string') bad(`acme.${k} must be a string`);
      out.acme[k] = a[k] as string;
    }
    for (const k of ['maxOrdersPerHour', 'maxOrdersPerIdentifierPerWeek'] as const) {
      if (a[k] === undefined) continue;
      if (!Number.isSafeInteger(a[k]) || (a[k] as number) < 1) bad(`acme.${k} must be a whole number, at least 1`);
      out.acme[k] = a[k] as number;
    }
    if (a.alternateChains !== undefined) {
      if (!Array.isArray(a.alternateChains) || !a.alternateChains.every((f) => typeof f === 'string')) bad('acme.alternateChains must be an array of PEM file names');
      out.acme.alternateChains = (a.alternateChains as string[]).map((f) => path.resolve(path.dirname(file), f));
    }
    for (const k of ['http01Address', 'tlsAlpn01Address'] as const) {
      if (out.acme[k] === undefined) continue;
      try {
        parseListenAddress(out.acme[k]);
      } catch (e) {
        bad(`acme.${k}: ${(e as Error).message}`);
      }
    }
    if (out.acme.dnsFile !== undefined) out.acme.dnsFile = path.resolve(path.dirname(file), out.acme.dnsFile);
  }
  return out;
}

/**
 * The http-01 fetcher of `certkit serve`: a plain HTTP GET over node:http (so the Host header can
 * name the identifier while the connection goes to `address`), at most 8 KiB of body, 10 s.
 */
function _http01Fetcher(address: { host: string; port: number } | undefined): (url: string) => Promise<Response> {
  return (url) =>
    new Promise<Response>((resolve, reject) => {
      const u = new URL(url);
      const req = http.request(
        {
          host: address?.host ?? u.hostname.replace(/^\[|\]$/g, ''),
          port: address?.port ?? 80,
          path: u.pathname,
          method: 'GET',
          headers: { host: u.host, 'user-agent': 'certkit-acme' },
          timeout: 10_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let n = 0;
          res.on('data', (c: Buffer) => {
            n += c.length;
            if (n > 8192) req.destroy(new Error('the answer is over 8 KiB'));
            else chunks.push(c);
          });
          res.on('end', () => resolve(new Response(new Uint8Array(Buffer.concat(chunks)), { status: res.statusCode ?? 500 })));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', reject);
      req.end();
    });
}

/**
 * The records of `acme.dnsFile` at one name, read afresh (a script may have just written them):
 * lines `<name> TXT <value>` or `<name> CAA <flags> <tag> <value>`, a value in double quotes or
 * bare; names case-insensitive, a final dot optional; `#` starts a comment line.
 */
export function _dnsFileLookup(file: string, name: string): { txt: string[]; caa: CaaRecord[] } {
  const want = name.toLowerCase().replace(/\.$/, '');
  const out = { txt: [] as string[], caa: [] as CaaRecord[] };
  const unquote = (v: string): string => (/^".*"$/.test(v) ? v.slice(1, -1) : v);
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^\s*(\S+)\s+(TXT|CAA)\s+(.*?)\s*$/i.exec(line);
    if (m === null || line.trimStart().startsWith('#') || m[1]!.toLowerCase().replace(/\.$/, '') !== want) continue;
    if (m[2]!.toUpperCase() === 'TXT') out.txt.push(unquote(m[3]!));
    else {
      const c = /^(\d{1,3})\s+([A-Za-z0-9]+)\s+(.*)$/.exec(m[3]!);
      if (c !== null) out.caa.push({ flags: Number(c[1]), tag: c[2]!, value: unquote(c[3]!) });
    }
  }
  return out;
}

function _isIp(host: string): boolean {
  return /^[0-9.]+$/.test(host) || host.includes(':');
}

/** The SANs of the server certificate for a listen host. */
export function _tlsNames(host: string): GeneralName[] {
  const names = new Map<string, GeneralName>();
  const add = (n: string): void => {
    if (names.has(n) || n === '0.0.0.0' || n === '::') return;
    names.set(n, _isIp(n) ? ip(n) : dns(n.toLowerCase()));
  };
  add(host);
  if (host === '0.0.0.0' || host === '::') add(hostname());
  add('localhost');
  add('127.0.0.1');
  add('::1');
  return [...names.values()];
}

/**
 * The HTTPS certificate and key: the files given, or the ones kept in `DIR/serve/tls/`, issued
 * from the CA's intermediate when missing, expiring within 7 days or not naming the listen host.
 */
async function _tls(ca: CaDir, host: string, v: _Values, io: CliIo, now: () => Date): Promise<{ cert: string; key: string }> {
  const certFile = _str(v, 'tls-cert');
  const keyFile = _str(v, 'tls-key');
  if ((certFile === undefined) !== (keyFile === undefined)) throw new CliError(2, 'give --tls-cert and --tls-key together (or neither, to have the CA issue one)');
  if (certFile !== undefined) {
    readKind(certFile, 'certificate');
    readKind(keyFile!, 'private-key');
    return { cert: fs.readFileSync(certFile, 'utf8'), key: fs.readFileSync(keyFile!, 'utf8') };
  }
  const dir = path.join(ca.dir, 'serve', 'tls');
  const cf = path.join(dir, 'cert.pem');
  const kf = path.join(dir, 'key.pem');
  const want = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  if (fs.existsSync(cf) && fs.existsSync(kf)) {
    const c = readKind(cf, 'certificate')[0]!.value;
    const fresh = c.notAfter.getTime() - now().getTime() > 7 * 86_400_000;
    const sans = getExtension(c, subjectAltNameCodec) ?? [];
    if (fresh && generalNamesMatchHost(sans, want)) return { cert: fs.readFileSync(cf, 'utf8'), key: fs.readFileSync(kf, 'utf8') };
  }
  const keys = await generateKeyPair('P-256');
  const csr = await CsrBuilder.create()
    .subject({ CN: want })
    .subjectAltNames(..._tlsNames(host))
    .sign(signerFromPrivateKey(keys.privateKey));
  const r = await ca.intermediate.issue(csr, { profile: 'tls-server' });
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileAtomic(kf, keys.privateKey.toPem('pkcs8'), { secret: true });
  writeFileAtomic(cf, certificateToPem(r.certificate) + certificateToPem(ca.intermediate.certificate));
  io.stderr(
    `certkit serve: issued the HTTPS certificate ${path.relative(process.cwd(), cf) || cf} (serial ${r.serial}, for ${_tlsNames(host)
      .map((n) => formatGeneralName(n))
      .join(', ')})\n`,
  );
  return { cert: fs.readFileSync(cf, 'utf8'), key: fs.readFileSync(kf, 'utf8') };
}

/** Resolves when SIGINT or SIGTERM arrives (or `signal` aborts, for tests). */
function _stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (s: string) => (): void => {
      process.off('SIGINT', int);
      process.off('SIGTERM', term);
      resolve(s);
    };
    const int = on('SIGINT');
    const term = on('SIGTERM');
    process.once('SIGINT', int);
    process.once('SIGTERM', term);
  });
}

export const serve: _Command = {
  usage: 'certkit serve --ca DIR [--store postgres://...] [--listen 127.0.0.1:8443] [--http-listen ADDR] [--tls-cert FILE --tls-key FILE] [--config FILE] [--pass SRC]',
  summary: 'run the CA as an HTTPS service: EST (RFC 7030), the JSON API, CRL and CA publishing',
  help: `Serves the CA directory DIR over HTTPS: EST enrollment under /.well-known/est/ (cacerts,
simpleenroll, simplereenroll, csrattrs, serverkeygen), the JSON API under /api/v1/ (Bearer
tokens), and the CRL and CA certificates at the URLs the issued certificates name. Clients are
asked for a TLS certificate but not required to present one. Prints "listening on URL" on
standard output once ready; SIGINT or SIGTERM stop it gracefully (requests in flight finish).

Without --tls-cert/--tls-key, an HTTPS certificate is issued from the CA on first start
(tls-server profile, for the listen host, localhost and 127.0.0.1) and kept in DIR/serve/tls/.
Users and tokens: certkit serve user add|remove, certkit serve token create|revoke.

RFC 5280 wants the CRL and CA certificate URLs in certificates to be plain HTTP (a relying party
fetches them before it trusts anything; openssl verify -crl_download speaks HTTP only):
--http-listen serves those two, and nothing else, over HTTP, and the certificates then name its
URL (unless the config file sets baseUrl).

Options:
  --ca DIR          the CA directory (certkit ca init)
  --listen ADDR     host:port, [::1]:port for IPv6; port 0 picks a free port (default 127.0.0.1:8443)
  --http-listen ADDR  also publish the CRL and CA certificate over plain HTTP on ADDR
  --tls-cert FILE   the server certificate chain (PEM); with --tls-key
  --tls-key FILE    its private key (PEM)
  --store URL       keep the inventory in PostgreSQL (postgres://...; see certkit ca migrate), so
                    several instances share it
  --config FILE     JSON: {"baseUrl": "https://ca.example.net", "labels": {"routers":
                    {"profile": "tls-client"}}, "defaultProfile": "tls-client", "maxBodyBytes": 65536,
                    "acme": {"profile": "tls-server"}, "console": true} (acme: RFC 8555 at
                    /acme/directory, its accounts and orders kept in DIR/acme/ or in the --store
                    database; console: the web console at /ui/, on by default)
  --ocsp-signer     sign OCSP responses with the delegated responder of DIR/ocsp/ (made by
                    certkit ca ocsp-signer DIR) instead of the issuing CA's key
  --pass SRC        the passphrase of the CA keys (pass:TEXT, env:VAR or file:PATH)`,
  options: {
    ca: { type: 'string' },
    listen: { type: 'string' },
    'http-listen': { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    config: { type: 'string' },
    pass: { type: 'string' },
    'ocsp-signer': { type: 'boolean' },
    store: { type: 'string' },
  },
  positionals: [0, 0],
  async run(v, _p, io) {
    const dir = _str(v, 'ca');
    if (dir === undefined) throw new CliError(2, '--ca DIR is required (create one with: certkit ca init DIR)');
    let listen: { host: string; port: number };
    let httpListen: { host: string; port: number } | undefined;
    try {
      listen = parseListenAddress(_str(v, 'listen') ?? '127.0.0.1:8443');
      const h = _str(v, 'http-listen');
      if (h !== undefined) httpListen = parseListenAddress(h);
    } catch (e) {
      throw new CliError(2, `--listen / --http-listen: ${errorText(e)}`, { cause: e });
    }
    const config = _loadConfig(_str(v, 'config'));
    const clock = _clock(v);
    const pass = _pass(v, io);
    // --store postgres://...: the intermediate's inventory lives in PostgreSQL (shared by every instance).
    const storeUrl = _str(v, 'store');
    const intermediateStore = storeUrl === undefined ? undefined : await openStoreUrl(storeUrl);
    const ca = await openCaDir(dir, { loadKeys: true, ...(pass !== undefined ? { passphrase: pass } : {}), ...(clock ? { clock } : {}), ...(intermediateStore ? { intermediateStore } : {}) });
    const tls = await _tls(ca, listen.host, v, io, clock ?? (() => new Date()));
    const auth = new FileAuthStore(path.join(ca.dir, 'serve', 'auth.json'));
    // The base URL is known once the port is bound (port 0): the service is made then, and the
    // listener answers 503 until it exists.
    let service: ReturnType<typeof createCaService> | undefined;
    let server: Awaited<ReturnType<typeof startCaServer>>;
    try {
      server = await startCaServer({
        listen,
        tls: { ...tls, ca: [certificateToPem(ca.root.certificate), certificateToPem(ca.intermediate.certificate)] },
        maxBodyBytes: config.maxBodyBytes ?? 64 * 1024,
        handler: (req, ctx) => (service ? service.handle(req, ctx) : Promise.resolve(new Response('starting', { status: 503, headers: { 'retry-after': '1' } }))),
        onError: (e) => {
          io.stderr(`certkit serve: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
        },
      });
    } catch (e) {
      if (e instanceof NodeAdapterError) throw new CliError(2, errorText(e), { cause: e });
      throw new CliError(2, `cannot listen on ${_str(v, 'listen') ?? '127.0.0.1:8443'}: ${(e as Error).message}`, { cause: e });
    }
    // Plain HTTP, publishing only: GET/HEAD of the CRL and the CA certificate; EST and the API
    // stay on HTTPS.
    let httpServer: Awaited<ReturnType<typeof startCaServer>> | undefined;
    if (httpListen !== undefined) {
      try {
        httpServer = await startCaServer({
          listen: httpListen,
          maxBodyBytes: 8192,
          handler: (req, ctx) => {
            const p = new URL(req.url).pathname;
            if (service && (req.method === 'GET' || req.method === 'HEAD') && /^\/(crl|ca)\/[^/]+$/.test(p)) return service.handle(req, ctx);
            // OCSP is plain HTTP too (RFC 6960 Appendix A): the responses are signed
            if (service && /^\/ocsp(\/|$)/.test(p)) return service.handle(req, ctx);
            return Promise.resolve(
              Response.json(
                { error: { code: 'not-found', message: `only the CRL, the CA certificate and OCSP are served over plain HTTP; use ${server!.url}${p}` } },
                { status: 404, headers: { 'cache-control': 'no-store' } },
              ),
            );
          },
        });
      } catch (e) {
        await server.close({ graceMs: 0 });
        throw new CliError(2, `cannot listen on ${_str(v, 'http-listen')}: ${(e as Error).message}`, { cause: e });
      }
    }
    const baseUrl = config.baseUrl ?? httpServer?.url ?? server.url;
    const closeAll = async (graceMs: number): Promise<void> => {
      await Promise.all([server.close({ graceMs }), httpServer?.close({ graceMs })]);
      await intermediateStore?.close(); // after the requests in flight finished
    };
    try {
      // The issuing CA again, with every profile embedding this service's CRL distribution point
      // and AIA caIssuers URLs (same certificate, key and store).
      const caSigner = signerFromPrivateKey(await loadPrivateKey(path.join(ca.dir, 'intermediate', 'key.pem'), pass));
      let ocsp: OcspResponderOptions = { signer: caSigner };
      if (v['ocsp-signer'] === true) {
        const f = path.join(ca.dir, 'ocsp', 'cert.pem');
        if (!fs.existsSync(f)) throw new CliError(2, `--ocsp-signer: no ${f}; issue one with: certkit ca ocsp-signer ${dir}`);
        ocsp = { signer: signerFromPrivateKey(await loadPrivateKey(path.join(ca.dir, 'ocsp', 'key.pem'), undefined)), certificate: readKind(f, 'certificate')[0]!.value };
      }
      const issuing = new CertificateAuthority({
        certificate: ca.intermediate.certificate,
        signer: caSigner,
        store: ca.intermediate.store,
        chain: ca.intermediate.chain,
        profiles: ca.intermediate.profiles.map((p) => withPublicationUrls(p, baseUrl, 'ca', { ocsp: true })),
        ...(clock ? { clock } : {}),
      });
      service = createCaService({
        ca: issuing,
        auth,
        baseUrl,
        labels: config.labels ?? {},
        ...(config.defaultProfile ? { defaultProfile: config.defaultProfile } : {}),
        maxBodyBytes: config.maxBodyBytes ?? 64 * 1024,
        ...(clock ? { now: clock } : {}),
        ocsp,
        ...(config.console !== false ? { console: consoleHandler } : {}),
        ...(config.acme
          ? {
              acme: {
                baseUrl: `${config.baseUrl ?? server.url}/acme`,
                ...(config.acme.profile ? { profile: config.acme.profile } : {}),
                ...(config.acme.termsOfService ? { termsOfService: config.acme.termsOfService } : {}),
                http01Fetch: _http01Fetcher(config.acme.http01Address === undefined ? undefined : parseListenAddress(config.acme.http01Address)),
                ...(config.acme.tlsAlpn01 === true || config.acme.tlsAlpn01Address !== undefined
                  ? { tlsAlpn01: createTlsAlpn01Validator(config.acme.tlsAlpn01Address !== undefined ? { address: config.acme.tlsAlpn01Address } : {}) }
                  : {}),
                ...(config.acme.dnsFile !== undefined ? { resolveTxt: async (n: string) => _dnsFileLookup(config.acme!.dnsFile!, n).txt } : {}),
                ...(config.acme.caaIdentities !== undefined ? { caaIdentities: config.acme.caaIdentities, resolveCaa: async (n: string) => _dnsFileLookup(config.acme!.dnsFile!, n).caa } : {}),
                // Accounts and orders persist beside the CA's inventory: in its database with --store,
                // else in DIR/acme/ (a restart or a second instance keeps every account and order).
                store: intermediateStore ? intermediateStore.acmeStore() : await FsAcmeStore.open(path.join(ca.dir, 'acme')),
                ...(config.acme.maxOrdersPerHour ? { maxOrdersPerHour: config.acme.maxOrdersPerHour } : {}),
                ...(config.acme.maxOrdersPerIdentifierPerWeek ? { rateLimits: { maxOrdersPerIdentifierPerWeek: config.acme.maxOrdersPerIdentifierPerWeek } } : {}),
                ...(config.acme.alternateChains ? { alternateChains: config.acme.alternateChains.map((f) => readKind(f, 'certificate').map((b) => b.value)) } : {}),
              },
            }
          : {}),
        onInternalError: (i) => io.stderr(`certkit serve: internal error on ${i.method} ${i.path}: ${i.error}\n`),
      });
      await service.publishCrl();
    } catch (e) {
      await closeAll(0);
      throw e instanceof CliError ? e : new CliError(2, `cannot start the service: ${errorText(e)}`, { cause: e });
    }
    if (config.acme) io.stdout(`certkit serve: ACME directory ${config.baseUrl ?? server.url}/acme/directory\n`);
    if (config.console !== false) io.stdout(`certkit serve: web console ${server.url}/ui/\n`);
    if (httpServer) io.stdout(`certkit serve: publishing the CRL and CA certificate on ${httpServer.url}\n`);
    io.stdout(`certkit serve: listening on ${server.url} (CA ${path.basename(ca.dir)}, base URL ${baseUrl})\n`);
    const signal = await _stopSignal();
    io.stderr(`certkit serve: ${signal}: finishing requests in flight, then stopping\n`);
    await closeAll(10_000);
    io.stderr('certkit serve: stopped\n');
    return 0;
  },
};

// ---------------------------------------------------------------------------------------------
// users and tokens

function _authStore(v: _Values): FileAuthStore {
  const dir = _str(v, 'ca');
  if (dir === undefined) throw new CliError(2, '--ca DIR is required');
  if (!fs.existsSync(path.join(dir, 'certkit-ca.json'))) throw new CliError(2, `${dir} is not a certkit CA directory (certkit ca init ${dir})`);
  return new FileAuthStore(path.join(path.resolve(dir), 'serve', 'auth.json'));
}

function _role(v: _Values, allowed: readonly ServeRole[]): ServeRole {
  const r = _str(v, 'role');
  if (r === undefined || !allowed.includes(r as ServeRole)) throw new CliError(2, `--role must be one of ${allowed.join(', ')}${r ? `, got '${r}'` : ''}`);
  return r as ServeRole;
}

function _secret(bytes = 24): string {
  const b = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...b))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

export const serveUser: _Command = {
  usage: 'certkit serve user add|remove NAME --ca DIR [--role requester|admin] [--password SRC]',
  summary: 'add or remove an HTTP Basic user of certkit serve (EST and the API)',
  help: `Adds a user (salted password hash, never the password) or removes one, in DIR/serve/auth.json.
A running server sees the change on its next request. Without --password a random one is made
and printed once.

Options:
  --ca DIR         the CA directory
  --role ROLE      requester (enroll, read its own certificates) or admin (everything); add only
  --password SRC   pass:TEXT, env:VARIABLE or file:PATH (default: generated, printed once)`,
  options: { ca: { type: 'string' }, role: { type: 'string' }, password: { type: 'string' } },
  positionals: [2, 2],
  async run(v, [action, name], io) {
    const store = _authStore(v);
    if (!/^[A-Za-z0-9._@-]{1,64}$/.test(name!)) throw new CliError(2, `user name '${name}' must be 1-64 letters, digits, '.', '_', '@' or '-' (HTTP Basic forbids ':')`);
    if (action === 'add') {
      const role = _role(v, SERVE_ROLES);
      const spec = _str(v, 'password');
      const password = spec === undefined ? _secret(18) : resolvePassphrase(spec, io.env);
      if (password.length < 8) throw new CliError(2, 'the password must have at least 8 characters');
      await store.addUser(name!, password, role);
      io.stdout(spec === undefined ? `user ${name} (${role}) added; password (shown once): ${password}\n` : `user ${name} (${role}) added\n`);
      return 0;
    }
    if (action === 'remove') {
      if (!(await store.removeUser(name!))) throw new CliError(1, `no user ${name}`);
      io.stdout(`user ${name} removed\n`);
      return 0;
    }
    throw new CliError(2, `unknown action '${action}'; use: certkit serve user add NAME --role ROLE, or certkit serve user remove NAME`);
  },
};

export const serveToken: _Command = {
  usage: 'certkit serve token create NAME --role requester|admin --ca DIR | certkit serve token revoke ID --ca DIR',
  summary: 'create or revoke a Bearer API token of certkit serve',
  help: `Creates an API token (the secret is printed once; only its hash is kept) or revokes one by
its id, in DIR/serve/auth.json. A running server sees the change on its next request.

Options:
  --ca DIR      the CA directory
  --role ROLE   requester (submit CSRs, read its own certificates) or admin (everything); create only`,
  options: { ca: { type: 'string' }, role: { type: 'string' } },
  positionals: [2, 2],
  async run(v, [action, arg], io) {
    const store = _authStore(v);
    if (action === 'create') {
      const role = _role(v, SERVE_ROLES);
      const { id, secret } = await store.createToken(arg!, role);
      io.stdout(`token ${id} (${arg}, ${role}) created; secret (shown once): ${secret}\n`);
      return 0;
    }
    if (action === 'revoke') {
      if (!(await store.revokeToken(arg!))) throw new CliError(1, `no token ${arg}`);
      io.stdout(`token ${arg} revoked\n`);
      return 0;
    }
    throw new CliError(2, `unknown action '${action}'; use: certkit serve token create NAME --role ROLE, or certkit serve token revoke ID`);
  },
};
