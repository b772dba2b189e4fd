/**
 * The lifecycle demo (`certkit demo`, `npm run demo`): the whole life of a certificate, end to
 * end, narrated, with a real TLS handshake.
 *
 * Scope: in a temporary directory, a root and an intermediate CA (the CLI's CA directory, with
 * its crash-safe stores); a key and a CSR for `localhost` with SANs `localhost` and `127.0.0.1`;
 * inspection and linting; issuance under `tls-server`; a Node HTTPS server on 127.0.0.1 with the
 * issued chain and real HTTPS requests from a client that trusts only the root; certkit's own
 * path validation with host name and purpose; revocation, a CRL, and validation failing with
 * revoked (certkit's and OpenSSL's inside Node's TLS client); then the common mistakes caught: a
 * CSR whose key does not match, a wildcard that does not cover the host, a 1024-bit RSA key
 * refused by the profile. Every step states what it expects; {@link runDemo} resolves `true`
 * only if every step behaved as expected. Bounded: every network wait has a timeout and the
 * server is closed at the end.
 *
 * Non-goals: being a test suite (the tests are in `test/`); this shows, and checks what it shows.
 * @module
 */
import * as fs from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import * as os from 'node:os';
import * as path from 'node:path';
import { CaError } from '../ca/index';
import { CsrBuilder, lintCsr, parseCsr, verifyCsr, type Csr } from '../csr/index';
import { generateKeyPair, keyMatches } from '../keys/index';
import { ValidationError, verifyChain, type ValidationOptions } from '../path/index';
import { signerFromPrivateKey } from '../sig/index';
import type { Certificate } from '../x509/index';
import { initCaDir, type CaDir } from './ca-dir';
import {
  basicConstraintsCodec,
  certificateDnsNames,
  certificateIpAddresses,
  certificatePublicKey,
  certificateToPem,
  extKeyUsageCodec,
  getExtension,
  isSelfSignedSync,
  keyUsageCodec,
  reasonCodeCodec,
  verifyCertificate,
} from '../x509/index';
import { csrDnsNames, csrIpAddresses, csrPublicKey, csrSignatureAlgorithmName, csrToPem } from '../csr/index';
import { crlToPem, findCrlEntry, isSerialRevoked } from '../crl/index';
import { crlNumberCodec } from '../x509/index';

/**
 * Options of {@link runDemo}.
 * @example
 * ```ts
 * await runDemo({ dir: 'demo-files', write: (s) => process.stdout.write(s) });
 * ```
 */
export interface DemoOptions {
  /** Where the narration goes (default: standard output). */
  write?: (text: string) => void;
  /** Run in this directory (created; must be empty) and keep it. Default: a temporary directory, removed afterwards. */
  dir?: string;
}

class _Unexpected extends Error {}

function _expect(cond: unknown, what: string): asserts cond {
  if (!cond) throw new _Unexpected(what);
}

interface _HttpsAnswer {
  ok: boolean;
  status?: number;
  body?: string;
  error?: string;
  code?: string;
  protocol?: string;
  peer?: string;
}

/** One HTTPS GET with a hard timeout; never rejects. */
function _get(options: https.RequestOptions): Promise<_HttpsAnswer> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (a: _HttpsAnswer): void => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        resolve(a);
      }
    };
    const req = https.get({ ...options, agent: false }, (res) => {
      const socket = res.socket as TLSSocket;
      const protocol = socket.getProtocol?.() ?? undefined;
      const peer = socket.getPeerCertificate?.()?.subject?.CN;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => done({ ok: true, status: res.statusCode, body, ...(protocol ? { protocol } : {}), ...(typeof peer === 'string' ? { peer } : {}) }));
      res.on('error', (e) => done({ ok: false, error: e.message }));
    });
    req.on('error', (e: Error & { code?: string }) => done({ ok: false, error: e.message, ...(e.code ? { code: e.code } : {}) }));
    const timer = setTimeout(() => {
      req.destroy(new Error('timed out after 5 s'));
      done({ ok: false, error: 'timed out after 5 s' });
    }, 5000);
  });
}

function _names(c: Certificate): string {
  return [...certificateDnsNames(c).map((d) => `DNS:${d}`), ...certificateIpAddresses(c).map((i) => `IP:${i}`)].join(', ');
}

/**
 * Runs the demo. Resolves `true` when every step behaved as expected.
 * @example
 * ```ts
 * process.exitCode = (await runDemo()) ? 0 : 1;
 * ```
 */
export async function runDemo(options: DemoOptions = {}): Promise<boolean> {
  const write = options.write ?? ((s: string) => void process.stdout.write(s));
  let work: string;
  if (options.dir !== undefined) {
    work = path.resolve(options.dir);
    fs.mkdirSync(work, { recursive: true });
    if (fs.readdirSync(work).length > 0) {
      write(`certkit demo: ${options.dir} is not empty; give an empty or new directory\n`);
      return false;
    }
  } else {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'certkit-demo-'));
  }
  const file = (n: string): string => path.join(work, n);
  const rel = (n: string): string => n; // commands are shown as run inside the work directory
  const steps: Array<[string, boolean]> = [];
  const started = Date.now();
  let server: https.Server | undefined;

  const total = 10;
  const step = async (title: string, commands: string[], fn: () => Promise<string[]>): Promise<void> => {
    write(`\n[${steps.length + 1}/${total}] ${title}\n`);
    for (const c of commands) write(`      $ ${c}\n`);
    try {
      const lines = await fn();
      for (const l of lines) write(`      ${l}\n`);
      write('      \u2714 as expected\n');
      steps.push([title, true]);
    } catch (e) {
      const msg = e instanceof _Unexpected ? `unexpected: ${e.message}` : `failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
      write(`      \u2718 ${msg}\n`);
      steps.push([title, false]);
    }
  };

  write(`certkit lifecycle demo: the whole life of a certificate, end to end\nwork directory: ${work}\n(each step shows the certkit commands that do the same, run in that directory)\n`);

  let ca: CaDir | undefined;
  let csr: Csr | undefined;
  let leaf: Certificate | undefined;
  let leafKeyPem = '';
  let fullchain = '';
  let serial = '';
  const anchorsOf = (): Pick<ValidationOptions, 'anchors' | 'intermediates'> => ({ anchors: [ca!.root.certificate], intermediates: [ca!.intermediate.certificate] });

  try {
    await step('Create a root CA and an intermediate (issuing) CA', [`certkit ca init ${rel('ca')}`], async () => {
      ca = await initCaDir(file('ca'), { rootSubject: 'CN=certkit Demo Root CA,O=certkit demo', subject: 'CN=certkit Demo Issuing CA,O=certkit demo', keyType: 'P-256', rootDays: 3650, days: 1825 });
      const r = ca.root.certificate;
      const i = ca.intermediate.certificate;
      _expect(isSelfSignedSync(r), 'the root is self-signed');
      _expect(await verifyCertificate(i, r), "the intermediate's signature verifies with the root's key");
      _expect(getExtension(i, basicConstraintsCodec)?.cA === true && getExtension(i, basicConstraintsCodec)?.pathLenConstraint === 0, 'the intermediate is a CA with pathLenConstraint 0');
      return [
        `root          ${r.subject.toString()}  (${certificatePublicKey(r).algorithm} ${certificatePublicKey(r).curve}, valid to ${r.notAfter.toISOString().slice(0, 10)})`,
        `intermediate  ${i.subject.toString()}  (issued by the root under sub-ca: CA, pathlen 0, valid to ${i.notAfter.toISOString().slice(0, 10)})`,
        `files         ${rel('ca/root/cert.pem')}, ${rel('ca/intermediate/cert.pem')}, keys beside them (mode 0600), stores in */store/`,
      ];
    });

    await step(
      "Generate a key and a CSR for 'localhost' (SANs localhost and 127.0.0.1)",
      [
        `certkit key new --type ec-p256 --out ${rel('localhost.key')}`,
        `certkit csr new --key ${rel('localhost.key')} --subject CN=localhost --dns localhost --ip 127.0.0.1 --eku serverAuth --out ${rel('localhost.csr')}`,
      ],
      async () => {
        const { privateKey } = await generateKeyPair('P-256');
        leafKeyPem = privateKey.toPem('pkcs8');
        fs.writeFileSync(file('localhost.key'), leafKeyPem, { mode: 0o600 });
        const made = await CsrBuilder.create().subject({ CN: 'localhost' }).subjectAltNames('localhost', '127.0.0.1').extKeyUsage(['serverAuth']).sign(signerFromPrivateKey(privateKey));
        fs.writeFileSync(file('localhost.csr'), csrToPem(made));
        csr = parseCsr(fs.readFileSync(file('localhost.csr'), 'utf8'));
        _expect(keyMatches(privateKey, csr), 'the CSR carries the key');
        return [
          `key  ${privateKey.publicKey.algorithm} ${privateKey.publicKey.curve}, SPKI SHA-256 ${privateKey.publicKey.fingerprint256().slice(0, 32)}...`,
          `csr  ${csr.subject.toString()}, SANs ${csrDnsNames(csr)
            .map((d) => `DNS:${d}`)
            .concat(csrIpAddresses(csr).map((x) => `IP:${x}`))
            .join(', ')}`,
        ];
      },
    );

    await step('Inspect and lint the CSR', [`certkit inspect ${rel('localhost.csr')}`, `certkit lint ${rel('localhost.csr')} --profile tls-server`], async () => {
      _expect(csr !== undefined, 'a CSR from the previous step');
      _expect(await verifyCsr(csr), "the CSR's self-signature verifies (proof of possession)");
      const findings = lintCsr(csr, { profile: 'tls-server' });
      const codes = findings.map((f) => f.code).sort();
      _expect(codes.join(',') === 'internal-name,reserved-ip', `exactly two public-web-PKI findings (internal-name, reserved-ip), got ${codes.join(', ') || 'none'}`);
      return [
        `subject ${csr.subject.toString()}, key ${csrPublicKey(csr).algorithm} ${csrPublicKey(csr).curve}, signature ${csrSignatureAlgorithmName(csr)}: verify OK`,
        ...findings.map((f) => `lint ${f.severity} ${f.code}: ${f.message}`),
        'a public CA must refuse these names; this private CA allows them (its tls-server profile makes them warnings)',
      ];
    });

    await step(
      'Issue the certificate under the tls-server profile',
      [`certkit ca issue ${rel('ca')} --csr ${rel('localhost.csr')} --profile tls-server --days 30 --out ${rel('localhost.crt')} --chain-out ${rel('fullchain.pem')}`],
      async () => {
        const r = await ca!.intermediate.issue(csr!, { profile: 'tls-server', validity: 30 });
        leaf = r.certificate;
        serial = r.serial;
        fullchain = r.chain
          .slice(0, -1)
          .map((c) => certificateToPem(c))
          .join('');
        fs.writeFileSync(file('localhost.crt'), certificateToPem(leaf));
        fs.writeFileSync(file('fullchain.pem'), fullchain);
        _expect(getExtension(leaf, basicConstraintsCodec)?.cA === false, 'cA FALSE');
        _expect(getExtension(leaf, extKeyUsageCodec)?.length === 1 && getExtension(leaf, extKeyUsageCodec)?.[0] === '1.3.6.1.5.5.7.3.1', 'extKeyUsage serverAuth only');
        _expect(getExtension(leaf, keyUsageCodec)?.join(',') === 'digitalSignature', 'keyUsage digitalSignature (no keyEncipherment for an EC key)');
        _expect(_names(leaf) === 'DNS:localhost, IP:127.0.0.1', 'the SANs of the request');
        _expect(
          r.warnings.every((w) => w.severity !== 'error'),
          'no errors',
        );
        const rec = await ca!.intermediate.status(serial);
        _expect(rec.status === 'active', 'the store records it as active');
        return [
          `serial  ${serial} (16 random octets, reserved in the store before signing)`,
          `names   ${_names(leaf)}; keyUsage ${getExtension(leaf, keyUsageCodec)?.join(', ')}; extKeyUsage serverAuth; valid ${leaf.notBefore.toISOString()} .. ${leaf.notAfter.toISOString()}`,
          ...r.warnings.map((w) => `${w.severity} ${w.code}`),
        ];
      },
    );

    await step(
      'Serve HTTPS on 127.0.0.1 with the chain; request it from a client that trusts only the root',
      [
        `node: https.createServer({ key: ${rel('localhost.key')}, cert: ${rel('fullchain.pem')} }).listen(0, '127.0.0.1')`,
        `node: https.get({ host: '127.0.0.1', servername: 'localhost', ca: ${rel('ca/root/cert.pem')} })`,
      ],
      async () => {
        _expect(leaf !== undefined, 'a certificate from the previous step');
        const srv = https.createServer({ key: leafKeyPem, cert: fullchain }, (_req, res) => {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end('hello from a certkit-issued certificate\n');
        });
        server = srv;
        await new Promise<void>((resolve, reject) => {
          srv.once('error', reject);
          srv.listen(0, '127.0.0.1', () => resolve());
        });
        const port = (srv.address() as AddressInfo).port;
        const rootPem = certificateToPem(ca!.root.certificate);
        const byName = await _get({ host: '127.0.0.1', port, servername: 'localhost', path: '/', ca: rootPem });
        _expect(byName.ok && byName.status === 200, `HTTPS to localhost succeeds (got ${byName.error ?? byName.status})`);
        const byIp = await _get({ host: '127.0.0.1', port, path: '/', ca: rootPem });
        _expect(byIp.ok && byIp.status === 200, `HTTPS to 127.0.0.1 (IP SAN) succeeds (got ${byIp.error ?? byIp.status})`);
        const untrusting = await _get({ host: '127.0.0.1', port, servername: 'localhost', path: '/' });
        _expect(!untrusting.ok, "a client with only the system's roots refuses the server");
        return [
          `server listening on https://127.0.0.1:${port}/ (leaf + intermediate; the client has the root)`,
          `GET https://localhost:${port}/  -> ${byName.status}, ${byName.protocol}, peer CN=${byName.peer}: ${byName.body?.trim()}`,
          `GET https://127.0.0.1:${port}/  -> ${byIp.status} (matched the IP subjectAltName)`,
          `a client without the root: refused (${untrusting.code ?? untrusting.error})`,
        ];
      },
    );

    await step(
      'Validate the same chain in certkit, with host name and purpose',
      [`certkit verify ${rel('localhost.crt')} --trust ${rel('ca/root/cert.pem')} --untrusted ${rel('ca/intermediate/cert.pem')} --host localhost --purpose serverAuth`],
      async () => {
        const r = await verifyChain(leaf!, { ...anchorsOf(), hostname: 'localhost', purposes: ['serverAuth'] });
        const r2 = await verifyChain(leaf!, { ...anchorsOf(), hostname: '127.0.0.1', purposes: ['serverAuth'] });
        _expect(r.chain.length === 3 && r2.chain.length === 3, 'a path of three certificates');
        let wrongPurpose: unknown;
        try {
          await verifyChain(leaf!, { ...anchorsOf(), hostname: 'localhost', purposes: ['clientAuth'] });
        } catch (e) {
          wrongPurpose = e;
        }
        _expect(wrongPurpose instanceof ValidationError && wrongPurpose.code === 'extended-key-usage', 'clientAuth is refused with extended-key-usage');
        return [
          `OK (profile ${r.profile}): ${r.chain.map((c) => c.subject.get('CN')[0]).join(' <- ')}`,
          'valid for localhost and 127.0.0.1 with purpose serverAuth',
          `purpose clientAuth: ${wrongPurpose.code} (${wrongPurpose.message})`,
        ];
      },
    );

    await step(
      'Revoke the certificate, publish a CRL, and validate again',
      [
        `certkit ca revoke ${rel('ca')} --serial ${serial.slice(0, 8)}... --reason keyCompromise`,
        `certkit ca crl ${rel('ca')}`,
        `certkit verify ${rel('localhost.crt')} --trust ${rel('ca/root/cert.pem')} --untrusted ${rel('ca/intermediate/cert.pem')} --crl ${rel('ca/intermediate/crl.pem')} --host localhost`,
      ],
      async () => {
        await ca!.intermediate.revoke(serial, 'keyCompromise');
        const crl = await ca!.intermediate.generateCrl({ days: 7 });
        const rootCrl = await ca!.root.generateCrl({ days: 7 });
        fs.writeFileSync(file('ca/intermediate/crl.pem'), crlToPem(crl));
        fs.writeFileSync(file('ca/root/crl.pem'), crlToPem(rootCrl));
        _expect(
          isSerialRevoked(crl, BigInt('0x' + serial)) && getExtension(findCrlEntry(crl, BigInt('0x' + serial))!, reasonCodeCodec) === 'keyCompromise',
          'the CRL lists the serial with reason keyCompromise',
        );
        let err: unknown;
        try {
          await verifyChain(leaf!, { ...anchorsOf(), hostname: 'localhost', purposes: ['serverAuth'], revocation: { crls: [crl, rootCrl] } });
        } catch (e) {
          err = e;
        }
        _expect(err instanceof ValidationError && err.code === 'revoked', `validation fails with revoked (got ${err instanceof ValidationError ? err.code : String(err)})`);
        const port = (server!.address() as AddressInfo).port;
        const tls = await _get({ host: '127.0.0.1', port, servername: 'localhost', path: '/', ca: certificateToPem(ca!.root.certificate), crl: [crlToPem(crl), crlToPem(rootCrl)] });
        _expect(!tls.ok && tls.code === 'CERT_REVOKED', `Node's TLS client with the CRLs refuses the server with CERT_REVOKED (got ${tls.code ?? tls.error ?? tls.status})`);
        return [
          `status: ${(await ca!.intermediate.status(serial)).status}; CRL number ${getExtension(crl, crlNumberCodec)}, ${crl.size} entry, next update ${crl.nextUpdate?.toISOString()}`,
          `certkit: ${err.code}: ${err.message}`,
          `Node TLS client given the CRLs: ${tls.code}`,
        ];
      },
    );

    await step('Mistake: a CSR whose key does not match', [`certkit match ${rel('other.key')} ${rel('localhost.csr')}`], async () => {
      const other = await generateKeyPair('P-256');
      fs.writeFileSync(file('other.key'), other.privateKey.toPem('pkcs8'), { mode: 0o600 });
      _expect(!keyMatches(other.privateKey, csr!), 'the other key does not match the CSR');
      // A request whose public key was swapped after signing: proof of possession fails.
      const der = csr!.raw.slice();
      const at = Buffer.from(der).indexOf(Buffer.from(csr!.rawSpki));
      _expect(at > 0 && other.publicKey.spki.length === csr!.rawSpki.length, 'same-size keys');
      der.set(other.publicKey.spki, at);
      let refused: unknown;
      try {
        await ca!.intermediate.issue(der, { profile: 'tls-server' });
      } catch (e) {
        refused = e;
      }
      _expect(refused instanceof CaError && refused.findings.some((f) => f.code === 'csr-signature-invalid'), 'the CA refuses the altered request (csr-signature-invalid)');
      return [
        `key ${other.publicKey.fingerprint256().slice(0, 32)}... vs CSR ${csrPublicKey(csr!).fingerprint256().slice(0, 32)}...: MISMATCH`,
        `a CSR with the key swapped after signing: ${refused.findings[0]!.code}: ${refused.findings[0]!.message}`,
      ];
    });

    await step(
      'Mistake: a wildcard that does not cover the host',
      [`certkit lint wildcard.csr --profile tls-server --host example.test`, `certkit verify wildcard.crt ... --host example.test`],
      async () => {
        const k = await generateKeyPair('P-256');
        const w = await CsrBuilder.create().subject({ CN: '*.example.test' }).subjectAltNames('*.example.test').sign(signerFromPrivateKey(k.privateKey));
        const findings = lintCsr(w, { profile: 'tls-server', hostnames: ['example.test', 'www.example.test'] });
        const notCovered = findings.filter((f) => f.code === 'hostname-not-covered');
        _expect(notCovered.length === 1 && notCovered[0]!.message.includes("'example.test'"), 'lint: example.test is not covered, www.example.test is');
        const issued = await ca!.intermediate.issue(w, { profile: 'tls-server' });
        let err: unknown;
        try {
          await verifyChain(issued.certificate, { ...anchorsOf(), hostname: 'example.test', purposes: ['serverAuth'] });
        } catch (e) {
          err = e;
        }
        _expect(err instanceof ValidationError && err.code === 'hostname-mismatch', 'validation for example.test fails with hostname-mismatch');
        await verifyChain(issued.certificate, { ...anchorsOf(), hostname: 'www.example.test', purposes: ['serverAuth'] });
        return [`lint: ${notCovered[0]!.code}: ${notCovered[0]!.message}`, `verify --host example.test: ${err.code}; --host www.example.test: OK (a wildcard covers exactly one label)`];
      },
    );

    await step('Mistake: a 1024-bit RSA key, refused by the profile', [`certkit ca issue ${rel('ca')} --csr rsa1024.csr --profile tls-server`], async () => {
      const weak = await generateKeyPair({ rsa: 1024, allowWeak: true });
      const req = await CsrBuilder.create().subject({ CN: 'legacy.example.test' }).subjectAltNames('legacy.example.test').sign(signerFromPrivateKey(weak.privateKey));
      const before = (await ca!.intermediate.list()).length;
      let refused: unknown;
      try {
        await ca!.intermediate.issue(req, { profile: 'tls-server' });
      } catch (e) {
        refused = e;
      }
      _expect(refused instanceof CaError && refused.code === 'issuance-refused', 'issuance is refused');
      const codes = refused.findings.filter((f) => f.severity === 'error').map((f) => f.code);
      _expect(codes.includes('rsa-key-too-small') && codes.includes('key-not-allowed'), `errors rsa-key-too-small and key-not-allowed (got ${codes.join(', ')})`);
      _expect((await ca!.intermediate.list()).length === before, 'nothing was recorded');
      return refused.findings.filter((f) => f.severity === 'error').map((f) => `error ${f.code}: ${f.message}`);
    });
  } finally {
    if (server !== undefined) {
      const s = server;
      s.closeAllConnections?.();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
    if (options.dir === undefined) fs.rmSync(work, { recursive: true, force: true });
  }

  const ok = steps.filter(([, k]) => k).length;
  write(
    `\n${ok === total && steps.length === total ? '\u2714' : '\u2718'} ${ok}/${total} steps behaved as expected (${((Date.now() - started) / 1000).toFixed(1)} s)${options.dir === undefined ? '' : `; files kept in ${work}`}\n`,
  );
  return ok === total && steps.length === total;
}
