/**
 * Portable service tests: the CA service's handler driven in-process with the runtime's own
 * `Request` and `Response`, over a `MemoryCaStore` (Node, Deno, Bun, workerd, Chromium alike):
 * EST cacerts, csrattrs, simpleenroll with HTTP Basic (scrypt), simplereenroll with the client
 * certificate, serverkeygen; the JSON API (submit, list, revoke); CRL and CA-certificate
 * publishing; and the bad inputs with their status and code.
 * Non-goals: sockets and TLS (the adapters' tests), every route's every case (test/server-*.test.ts).
 * @module
 */
import {
  BUILTIN_PROFILES,
  CertificateAuthority,
  CsrBuilder,
  MemoryAuthStore,
  MemoryCaStore,
  createCaService,
  createHierarchy,
  csrToPem,
  decodeBase64,
  encodeBase64,
  findCrlEntry,
  generateKeyPair,
  parseCertificate,
  parseCrl,
  parseSignedData,
  signerFromPrivateKey,
  verifyCrl,
  withPublicationUrls,
  type PrivateKey,
} from './certkit';
import { assert, assertEquals, test } from './harness';

const NOW = new Date('2026-03-01T12:00:00Z');
const BASE = 'http://ca.portable.test';

function b64lines(der: Uint8Array): string {
  return (encodeBase64(der).match(/.{1,64}/g) ?? []).join('\r\n') + '\r\n';
}

async function csr(key: PrivateKey, cn: string, sans: string[] = []): Promise<Uint8Array> {
  let b = CsrBuilder.create().subject({ CN: cn });
  if (sans.length > 0) b = b.subjectAltNames(...sans);
  return (await b.sign(signerFromPrivateKey(key))).raw;
}

function certsOf(text: string): Uint8Array[] {
  return [...parseSignedData(decodeBase64(text.replace(/\s+/g, ''))).certificates];
}

test('server: the CA service handler in-process (EST, JSON API, publishing, bad input)', async (env) => {
  const h = await createHierarchy({ root: { subject: { CN: 'Portable Service Root' } }, intermediate: { subject: { CN: 'Portable Service CA' } }, clock: () => NOW });
  const { privateKey: caKey } = { privateKey: h.intermediateKey };
  const store = new MemoryCaStore();
  const ca = new CertificateAuthority({
    certificate: h.intermediate.certificate,
    signer: signerFromPrivateKey(caKey),
    store,
    chain: [h.root.certificate],
    clock: () => NOW,
    profiles: Object.values(BUILTIN_PROFILES).map((p) => withPublicationUrls(p, BASE)),
  });
  const auth = new MemoryAuthStore();
  await auth.addUser('dev', 'pw', { logN: 10 });
  const admin = auth.addToken('ops', 'admin');
  const alice = auth.addToken('alice', 'requester');
  const service = createCaService({ ca, auth, baseUrl: BASE, now: () => NOW, labels: { web: { profile: 'tls-server' } }, maxBodyBytes: 4096 });
  const basic = `Basic ${btoa('dev:pw')}`;
  const est = (path: string, body: string, headers: Record<string, string> = {}): Request =>
    new Request(`${BASE}/.well-known/est/${path}`, {
      method: 'POST',
      headers: Object.fromEntries(Object.entries({ 'content-type': 'application/pkcs10', authorization: basic, ...headers }).filter(([, v]) => v !== '')),
      body,
    });
  const statuses: Record<string, number | string> = {};

  // EST cacerts and csrattrs.
  const cacerts = await service.handle(new Request(`${BASE}/.well-known/est/cacerts`));
  assertEquals(cacerts.headers.get('content-type'), 'application/pkcs7-mime; smime-type=certs-only');
  assertEquals(certsOf(await cacerts.text()).length, 2, 'cacerts: CA + root');
  statuses.csrattrs = (await service.handle(new Request(`${BASE}/.well-known/est/web/csrattrs`))).status;

  // simpleenroll, then simplereenroll with that certificate as the TLS client certificate.
  const key = (await generateKeyPair('P-256')).privateKey;
  const enrolled = await service.handle(est('simpleenroll', b64lines(await csr(key, 'dev-1'))), { remoteAddress: '192.0.2.1' });
  statuses.simpleenroll = enrolled.status;
  const leaf = certsOf(await enrolled.text())[0]!;
  const rec = await store.get(parseCertificate(leaf).serialNumberHex);
  assertEquals(rec?.requester, { principal: 'dev', method: 'est', address: '192.0.2.1' }, 'requester metadata');
  const renewed = await service.handle(est('simplereenroll', b64lines(await csr((await generateKeyPair('P-256')).privateKey, 'dev-1')), { authorization: '' }), { clientCertificates: [leaf] });
  statuses.simplereenroll = renewed.status;
  statuses.replay = (await service.handle(est('simplereenroll', b64lines(await csr(key, 'dev-1')), { authorization: '' }), { clientCertificates: [leaf] })).status;
  statuses.mismatch = (
    await service.handle(est('simplereenroll', b64lines(await csr(key, 'other')), { authorization: '' }), { clientCertificates: [certsOf(await renewed.clone().text())[0]!] })
  ).status;
  const keygen = await service.handle(est('serverkeygen', b64lines(await csr(key, 'dev-2'))));
  statuses.serverkeygen = keygen.status;
  assert((keygen.headers.get('content-type') ?? '').startsWith('multipart/mixed; boundary='), 'serverkeygen is multipart/mixed');

  // Bad inputs.
  statuses.noAuth = (await service.handle(est('simpleenroll', b64lines(await csr(key, 'x')), { authorization: '' }))).status;
  statuses.wrongPassword = (await service.handle(est('simpleenroll', b64lines(await csr(key, 'x')), { authorization: `Basic ${btoa('dev:nope')}` }))).status;
  statuses.badType = (await service.handle(est('simpleenroll', b64lines(await csr(key, 'x')), { 'content-type': 'text/plain' }))).status;
  statuses.badBase64 = (await service.handle(est('simpleenroll', '%%%'))).status;
  statuses.tooLarge = (await service.handle(est('simpleenroll', 'A'.repeat(5000)))).status;
  statuses.unknownLabel = (await service.handle(est('nope/simpleenroll', b64lines(await csr(key, 'x'))))).status;
  statuses.lintRefused = (await service.handle(est('web/simpleenroll', b64lines(await csr(key, 'nosan'))))).status;

  // JSON API.
  const submit = await service.handle(
    new Request(`${BASE}/api/v1/certificates`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        csr: csrToPem(await CsrBuilder.create().subject({ CN: 'api.example' }).subjectAltNames('api.example').sign(signerFromPrivateKey(key))),
        profile: 'tls-server',
        metadata: { os: 'portable' },
      }),
    }),
  );
  statuses.submit = submit.status;
  const { serial } = (await submit.json()) as { serial: string };
  const listed = await service.handle(new Request(`${BASE}/api/v1/certificates?meta.os=portable`, { headers: { authorization: `Bearer ${admin}` } }));
  assertEquals(
    ((await listed.json()) as { certificates: { serial: string }[] }).certificates.map((c) => c.serial),
    [serial],
    'list by metadata',
  );
  statuses.revoke = (
    await service.handle(
      new Request(`${BASE}/api/v1/certificates/${serial}/revoke`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ reason: 'keyCompromise' }),
      }),
    )
  ).status;
  statuses.requesterRevoke = (
    await service.handle(new Request(`${BASE}/api/v1/certificates/${serial}/revoke`, { method: 'POST', headers: { authorization: `Bearer ${alice}`, 'content-type': 'application/json' }, body: '{}' }))
  ).status;

  // Publishing.
  const crlRes = await service.handle(new Request(`${BASE}/crl/ca.crl`));
  assertEquals(crlRes.headers.get('content-type'), 'application/pkix-crl');
  const crl = parseCrl(new Uint8Array(await crlRes.arrayBuffer()));
  assert(await verifyCrl(crl, ca.certificate), 'the published CRL verifies');
  assert(findCrlEntry(crl, BigInt('0x' + serial)) !== undefined, 'the revoked serial is on the CRL');
  statuses.crl304 = (await service.handle(new Request(`${BASE}/crl/ca.crl`, { headers: { 'if-none-match': crlRes.headers.get('etag')! } }))).status;
  statuses.caCert = (await service.handle(new Request(`${BASE}/ca/ca.crt`))).status;

  const audit = (await store.listAudit({ limit: 1000 })).entries.map((e) => e.action);
  env.record('server statuses', statuses);
  env.record('server audit actions', audit);
  assertEquals(statuses, {
    csrattrs: 200,
    simpleenroll: 200,
    simplereenroll: 200,
    replay: 409,
    mismatch: 403,
    serverkeygen: 200,
    noAuth: 401,
    wrongPassword: 401,
    badType: 415,
    badBase64: 400,
    tooLarge: 413,
    unknownLabel: 404,
    lintRefused: 422,
    submit: 201,
    revoke: 200,
    requesterRevoke: 403,
    crl304: 304,
    caCert: 200,
  });
  assertEquals(audit.filter((a) => a === 'issue').length, 4, 'four issuances audited');
  assert(audit.includes('revoke') && audit.includes('crl') && audit.includes('deny') && audit.includes('refuse'), 'revocation, CRL, denials and refusals audited');
});
