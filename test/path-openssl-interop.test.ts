/**
 * Path validation interop with OpenSSL 3: for chains certkit builds (ECDSA P-256, RSA-2048,
 * Ed25519) over a matrix of good and bad cases, certkit's `verifyChain` (TLS server purpose, so
 * the `webpki` profile, revocation `require` with a CRL for every CA) gives the same verdict as
 * `openssl verify -x509_strict -purpose sslserver -verify_hostname H -crl_check_all -attime T`
 * with the same CRLs as `-CRLfile`s. Each case asserts both verdicts, certkit's error code and
 * the OpenSSL error it prints. Fails (does not skip) when openssl is missing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair, type KeyPair } from '../src/keys/index';
import { signerFromPrivateKey } from '../src/sig/index';
import { CertificateBuilder, dns, nameConstraintsCodec, type Certificate, type KeyUsage } from '../src/x509/index';
import { CrlBuilder, type Crl } from '../src/crl/index';
import { verifyChain, ValidationError } from '../src/path/index';
import { certificateToPem } from '../src/x509/index';
import { crlToPem } from '../src/crl/index';

/** The fixed clock: every certificate and CRL is built around it, `-attime` is it. */
const NOW = new Date('2030-06-01T00:00:00Z');
const DAY = 86_400_000;
const at = (days: number): Date => new Date(NOW.getTime() + days * DAY);
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

type Alg = 'P-256' | 'RSA-2048' | 'Ed25519';
const ALGS: readonly Alg[] = ['P-256', 'RSA-2048', 'Ed25519'];

interface Ca {
  cert: Certificate;
  key: KeyPair;
}

/** One case of the matrix: a leaf, the intermediates from it to the root, the host asked for. */
interface Case {
  name: string;
  leaf: Certificate;
  intermediates: Certificate[];
  host: string;
  /** CRLs of every CA of the path (root included), as `-crl_check_all` needs. */
  crls: Crl[];
  /**
   * `undefined` = both accept; otherwise certkit's code, a pattern of OpenSSL's message, and the
   * certificate both blame (certkit's `certIndex`, OpenSSL's depth of its first error; they
   * differ only where noted).
   */
  reject?: { code: string; openssl: RegExp; at: number; opensslDepth?: number };
}

let dir: string;
let serial = 0x1000n;

function openssl(args: string[]): { ok: boolean; out: string } {
  const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8', timeout: 20_000 });
  if (r.error) throw new Error(`openssl cannot run (this interop test needs it): ${r.error.message}`);
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

async function root(alg: Alg): Promise<Ca> {
  const key = await generateKeyPair(alg);
  const cert = await CertificateBuilder.selfSignedCa({ CN: `Interop Root ${alg}`, O: 'certkit tests' })
    .publicKey(key.publicKey)
    .serialNumber(serial++)
    .notBefore(at(-3650))
    .notAfter(at(3650))
    .sign(signerFromPrivateKey(key.privateKey), { now: NOW });
  return { cert, key };
}

async function intermediate(alg: Alg, cn: string, parent: Ca, o: { pathLength?: number; keyUsage?: KeyUsage; permittedDns?: string } = {}): Promise<Ca> {
  const key = await generateKeyPair(alg);
  let b = CertificateBuilder.create()
    .subject({ CN: cn, O: 'certkit tests' })
    .publicKey(key.publicKey)
    .serialNumber(serial++)
    .notBefore(at(-365))
    .notAfter(at(1825))
    .basicConstraints(o.pathLength === undefined ? { cA: true } : { cA: true, pathLenConstraint: o.pathLength })
    .keyUsage(o.keyUsage ?? ['keyCertSign', 'cRLSign']);
  if (o.permittedDns !== undefined) b = b.extension(nameConstraintsCodec, { permitted: [{ base: dns(o.permittedDns) }] }, true);
  const cert = await b.sign(signerFromPrivateKey(parent.key.privateKey), { issuerCertificate: parent.cert, now: NOW });
  return { cert, key };
}

async function leaf(alg: Alg, issuer: Ca, o: { names?: string[]; notBefore?: Date; notAfter?: Date; eku?: string[]; serial?: bigint } = {}): Promise<Certificate> {
  const key = await generateKeyPair(alg);
  const names = o.names ?? ['www.example.com'];
  return CertificateBuilder.create()
    .subject({ CN: names[0]! })
    .publicKey(key.publicKey)
    .serialNumber(o.serial ?? serial++)
    .notBefore(o.notBefore ?? at(-30))
    .notAfter(o.notAfter ?? at(365))
    .keyUsage(['digitalSignature'])
    .subjectAltNames(...names.map((n) => dns(n)))
    .extKeyUsage(o.eku ?? [SERVER_AUTH])
    .sign(signerFromPrivateKey(issuer.key.privateKey), { issuerCertificate: issuer.cert, now: NOW });
}

async function crl(ca: Ca, revoked: bigint[] = []): Promise<Crl> {
  let b = CrlBuilder.create().thisUpdate(at(-1)).nextUpdate(at(7)).crlNumber(1);
  for (const s of revoked) b = b.revoke({ serial: s, revocationDate: at(-2), reason: 'keyCompromise' });
  return b.sign(signerFromPrivateKey(ca.key.privateKey), { issuerCertificate: ca.cert });
}

/** The whole matrix for one algorithm. */
async function matrix(alg: Alg): Promise<{ root: Ca; cases: Case[] }> {
  const r = await root(alg);
  const ica = await intermediate(alg, `Interop ICA ${alg}`, r);
  const revokedSerial = serial++;
  const [rootCrl, icaCrl] = await Promise.all([crl(r), crl(ica, [revokedSerial])]);
  const base = { intermediates: [ica.cert], crls: [rootCrl, icaCrl] };

  // pathLen: root → A (pathLenConstraint 0) → B → leaf: B is one CA too many below A.
  const plA = await intermediate(alg, `PathLen0 ICA ${alg}`, r, { pathLength: 0 });
  const plB = await intermediate(alg, `Below PathLen0 ICA ${alg}`, plA);
  const pathLenCrls = [rootCrl, await crl(plA), await crl(plB)];
  // Name constraints: a CA permitted only example.com.
  const nc = await intermediate(alg, `Constrained ICA ${alg}`, r, { permittedDns: 'example.com' });
  const ncCrls = [rootCrl, await crl(nc)];
  // A CA whose keyUsage lacks keyCertSign (it can still sign CRLs).
  const noSign = await intermediate(alg, `No keyCertSign ICA ${alg}`, r, { keyUsage: ['digitalSignature', 'cRLSign'] });
  const noSignCrls = [rootCrl, await crl(noSign)];

  const cases: Case[] = [
    { name: 'good', leaf: await leaf(alg, ica), host: 'www.example.com', ...base },
    { name: 'wildcard, one label', leaf: await leaf(alg, ica, { names: ['*.example.com'] }), host: 'app.example.com', ...base },
    {
      name: 'expired',
      leaf: await leaf(alg, ica, { notBefore: at(-400), notAfter: at(-1) }),
      host: 'www.example.com',
      ...base,
      reject: { code: 'expired', openssl: /certificate has expired/, at: 0 },
    },
    {
      name: 'not yet valid',
      leaf: await leaf(alg, ica, { notBefore: at(1), notAfter: at(400) }),
      host: 'www.example.com',
      ...base,
      reject: { code: 'not-yet-valid', openssl: /certificate is not yet valid/, at: 0 },
    },
    { name: 'wrong host', leaf: await leaf(alg, ica), host: 'mail.example.com', ...base, reject: { code: 'hostname-mismatch', openssl: /hostname mismatch/, at: 0 } },
    {
      name: 'wildcard too deep',
      leaf: await leaf(alg, ica, { names: ['*.example.com'] }),
      host: 'a.b.example.com',
      ...base,
      reject: { code: 'hostname-mismatch', openssl: /hostname mismatch/, at: 0 },
    },
    { name: 'revoked (CRL)', leaf: await leaf(alg, ica, { serial: revokedSerial }), host: 'www.example.com', ...base, reject: { code: 'revoked', openssl: /certificate revoked/, at: 0 } },
    {
      name: 'pathLen exceeded',
      leaf: await leaf(alg, plB),
      intermediates: [plA.cert, plB.cert],
      crls: pathLenCrls,
      host: 'www.example.com',
      // certkit blames B, the CA that exceeds the constraint (RFC 5280 §6.1.4 (l) fails while
      // processing it); OpenSSL blames A, the CA that set it.
      reject: { code: 'path-length', openssl: /path length constraint exceeded/, at: 1, opensslDepth: 2 },
    },
    { name: 'name constraint satisfied', leaf: await leaf(alg, nc), intermediates: [nc.cert], crls: ncCrls, host: 'www.example.com' },
    {
      name: 'name constraint violated',
      leaf: await leaf(alg, nc, { names: ['www.example.org'] }),
      intermediates: [nc.cert],
      crls: ncCrls,
      host: 'www.example.org',
      reject: { code: 'name-constraints', openssl: /permitted subtree violation/, at: 0 },
    },
    {
      name: 'missing keyCertSign',
      leaf: await leaf(alg, noSign),
      intermediates: [noSign.cert],
      crls: noSignCrls,
      host: 'www.example.com',
      reject: { code: 'key-usage', openssl: /key usage does not include certificate signing/, at: 1 },
    },
    {
      name: 'wrong EKU (clientAuth only)',
      leaf: await leaf(alg, ica, { eku: [CLIENT_AUTH] }),
      host: 'www.example.com',
      ...base,
      reject: { code: 'extended-key-usage', openssl: /unsuitable certificate purpose/, at: 0 },
    },
  ];
  return { root: r, cases };
}

const built = new Map<Alg, { root: Ca; cases: Case[] }>();

beforeAll(async () => {
  expect(openssl(['version']).out).toMatch(/^OpenSSL 3\./);
  dir = mkdtempSync(join(tmpdir(), 'certkit-path-interop-'));
  for (const alg of ALGS) built.set(alg, await matrix(alg));
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** certkit's verdict: `undefined` when the path validates, else the error code and index. */
async function certkitVerdict(r: Ca, c: Case): Promise<{ code: string; certIndex: number } | undefined> {
  try {
    await verifyChain(c.leaf, { anchors: [r.cert], intermediates: c.intermediates, time: NOW, purposes: ['serverAuth'], hostname: c.host, revocation: { mode: 'require', crls: c.crls } });
    return undefined;
  } catch (e) {
    if (e instanceof ValidationError) return { code: e.code, certIndex: e.certIndex };
    throw e;
  }
}

/** OpenSSL's verdict on the same inputs. */
function opensslVerdict(alg: Alg, r: Ca, c: Case): { ok: boolean; out: string } {
  const tag = `${alg}-${c.name.replace(/[^a-z0-9]+/gi, '_')}`;
  const file = (name: string, text: string): string => {
    const p = join(dir, `${tag}-${name}.pem`);
    writeFileSync(p, text);
    return p;
  };
  const args = [
    'verify',
    '-x509_strict',
    '-purpose',
    'sslserver',
    '-verify_hostname',
    c.host,
    '-crl_check_all',
    '-attime',
    String(Math.floor(NOW.getTime() / 1000)),
    '-CAfile',
    file('root', certificateToPem(r.cert)),
  ];
  if (c.intermediates.length > 0) args.push('-untrusted', file('untrusted', c.intermediates.map((x) => certificateToPem(x)).join('')));
  c.crls.forEach((x, i) => args.push('-CRLfile', file(`crl${i}`, crlToPem(x))));
  args.push(file('leaf', certificateToPem(c.leaf)));
  return openssl(args);
}

const NAMES = [
  'good',
  'wildcard, one label',
  'expired',
  'not yet valid',
  'wrong host',
  'wildcard too deep',
  'revoked (CRL)',
  'pathLen exceeded',
  'name constraint satisfied',
  'name constraint violated',
  'missing keyCertSign',
  'wrong EKU (clientAuth only)',
];

describe.each(ALGS)('certkit and openssl verify agree on %s chains', (alg) => {
  it.each(NAMES)('%s', async (name) => {
    const { root: r, cases } = built.get(alg)!;
    const c = cases.find((x) => x.name === name)!;
    expect(c).toBeDefined();
    const ck = await certkitVerdict(r, c);
    const os = opensslVerdict(alg, r, c);
    if (c.reject === undefined) {
      expect(ck).toBeUndefined();
      expect(os.out).toMatch(/: OK\s*$/);
      expect(os.ok).toBe(true);
    } else {
      expect(ck).toEqual({ code: c.reject.code, certIndex: c.reject.at });
      expect(os.ok).toBe(false);
      expect(os.out).toMatch(c.reject.openssl);
      // OpenSSL's command line goes on after an error and prints each; the first names the depth.
      const depth = /error \d+ at (\d+) depth lookup/.exec(os.out)?.[1];
      expect(Number(depth)).toBe(c.reject.opensslDepth ?? c.reject.at);
    }
  });
});

describe('the matrix is what it claims', () => {
  it('every case name is built for every algorithm, and both verdict kinds occur', () => {
    for (const alg of ALGS) {
      const names = built.get(alg)!.cases.map((c) => c.name);
      expect(names).toEqual(NAMES);
    }
    const cases = built.get('P-256')!.cases;
    expect(cases.filter((c) => c.reject === undefined).length).toBe(3);
    expect(cases.filter((c) => c.reject !== undefined).length).toBe(9);
  });
});
