/**
 * Portable CSR tests: every pyca request parses to a `Csr` or a `CertkitError` (strict, lenient,
 * deep), its signature outcome is recorded; a known answer (pyca rsa_sha256.pem, read with
 * `openssl req`); and a P-256 request built, signed, parsed back from PEM and verified on both
 * paths. Non-goals: the parser's single rules and lint (test/csr-*.test.ts).
 * @module
 */
import { CsrBuilder, bytesEqual, generateKeyPair, lintCsr, parseCsr, signerFromPrivateKey, verifyCsr, verifyCsrSync } from './certkit';
import { assert, assertEquals, test } from './harness';
import { loadPemOrDer, outcome } from './util';
import { pycaFiles } from './x509';
import { csrDnsNames, csrPublicKey, csrToJson, csrToPem } from '../../src/csr/index';

const PYCA = 'pyca-x509/';

test('csr: every pyca request gives a Csr or a CertkitError; signatures checked', async (env) => {
  const files = await pycaFiles(env, 'csr');
  assert(files.length >= 20, `pyca request files: ${files.length}`);
  const crashes: string[] = [];
  let verified = 0;
  for (const f of files) {
    const input = await loadPemOrDer(env, PYCA + f);
    const strict = outcome(() => parseCsr(input));
    const lenient = outcome(() => parseCsr(input, { lenient: true }));
    const deep = outcome(() => csrToJson(parseCsr(input, { lenient: true })));
    let sig = 'n/a';
    if (lenient === 'ok') {
      sig = outcome(() => {
        if (!verifyCsrSync(parseCsr(input, { lenient: true }), { allowSha1: true, minRsaBits: 1024 })) throw new Error('bad signature');
      });
      if (sig === 'ok') verified++;
      else if (sig === 'crash Error: bad signature') sig = 'false';
    }
    env.record(f, [strict, lenient, deep, sig]);
    for (const o of [strict, lenient, deep, sig]) if (o.startsWith('crash')) crashes.push(`${f}: ${o}`);
  }
  assertEquals(crashes, [], 'crashes');
  env.note(`${files.length} files, ${verified} signatures verify`);
  assert(verified >= 10, `verified ${verified}`);
});

test('csr: known answer (pyca requests/rsa_sha256.pem, read with openssl req)', async (env) => {
  const c = parseCsr(await loadPemOrDer(env, `${PYCA}x509/requests/rsa_sha256.pem`));
  assertEquals(c.subject.toString(), 'CN=cryptography.io,O=PyCA,L=Austin,ST=Texas,C=US');
  assertEquals(csrPublicKey(c).algorithm, 'RSA');
  assert(verifyCsrSync(c, { minRsaBits: 1024 }), 'signature (a 1024-bit key)');
  assert(await verifyCsr(c, { minRsaBits: 1024, backend: 'auto' }), 'signature (auto)');
  const bad = parseCsr(await loadPemOrDer(env, `${PYCA}x509/requests/invalid_signature.pem`));
  assert(!verifyCsrSync(bad, { allowSha1: true, minRsaBits: 1024 }), 'invalid_signature.pem does not verify');
});

test('csr: build and sign a P-256 request, parse it back, verify on both paths', async () => {
  const { privateKey, publicKey } = await generateKeyPair('P-256');
  const csr = await CsrBuilder.create()
    .subject({ CN: 'portable.example.com', O: 'certkit' })
    .subjectAltNames('portable.example.com', 'www.portable.example.com')
    .keyUsage(['digitalSignature'])
    .sign(signerFromPrivateKey(privateKey));
  const back = parseCsr(csrToPem(csr));
  assert(bytesEqual(back.raw, csr.raw), 'PEM round trip');
  assert(bytesEqual(csrPublicKey(back).spki, publicKey.spki), 'public key');
  assertEquals(csrDnsNames(back), ['portable.example.com', 'www.portable.example.com']);
  assertEquals(back.subject.toString(), 'CN=portable.example.com,O=certkit'); // RFC 4514: last RDN first
  assert(verifyCsrSync(back) && (await verifyCsr(back, { backend: 'auto' })), 'signature');
  const errors = lintCsr(back).filter((f) => f.severity === 'error');
  assertEquals(
    errors.map((f) => f.code),
    [],
    'lint errors',
  );
});
