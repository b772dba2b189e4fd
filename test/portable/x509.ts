/**
 * Portable certificate tests: the pyca/cryptography corpus (every certificate file the pyca
 * reference lists) parses to a `Certificate` or a `CertkitError`, strictly and leniently, with a
 * deep decode; parsed ones keep their bytes, re-parse from their own PEM, and their SHA-256
 * fingerprint agrees with `crypto.subtle.digest`; a few known answers (read with OpenSSL 3.0);
 * the RFC 9881 ML-DSA-44 example certificate; and a P-256 → Ed25519 → P-384 chain built with a
 * fixed clock, parsed back and checked on both verification paths.
 * Non-goals: the parser's single rules (test/x509-certificate-parse.test.ts).
 * @module
 */
import { CertificateBuilder, bytesEqual, generateKeyPair, parseCertificate, signerFromPrivateKey, toHex, type Certificate, type Signer } from './certkit';
import { assert, assertEquals, test, type PortableEnv } from './harness';
import { classify, loadJson, loadPemOrDer, outcome } from './util';
import {
  decodeAllExtensions,
  certificateToJson,
  basicConstraintsCodec,
  certificateDnsNames,
  certificateFingerprint,
  certificateIpAddresses,
  certificatePublicKey,
  certificateToPem,
  getExtension,
  isSelfSignedSync,
  isValidAt,
  verifyCertificate,
  verifyCertificateSync,
} from '../../src/x509/index';

/** The fixed clock of the build tests. */
export const NOW = new Date('2026-03-01T12:00:00Z');
const DAY = 86_400_000;

interface PycaReference {
  results: Record<string, { kind: string; load: string; deep?: string }>;
}

const PYCA = 'pyca-x509/';

/** The pyca vector files of one kind (`cert`, `csr`, `crl`), from the reference's own listing. */
export async function pycaFiles(env: PortableEnv, kind: string): Promise<string[]> {
  const ref = await loadJson<PycaReference>(env, `${PYCA}pyca-parse-reference-cryptography-50.0.2.json`);
  return Object.entries(ref.results)
    .filter(([, r]) => r.kind === kind)
    .map(([f]) => f)
    .sort();
}

async function _sha256(b: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', b as BufferSource)));
}

test('x509: every pyca certificate gives a Certificate or a CertkitError; parsed ones keep their bytes', async (env) => {
  const files = await pycaFiles(env, 'cert');
  assert(files.length >= 80, `pyca certificate files: ${files.length}`);
  let parsed = 0;
  const crashes: string[] = [];
  for (const f of files) {
    const input = await loadPemOrDer(env, PYCA + f);
    const strict = outcome(() => parseCertificate(input));
    const lenient = outcome(() => parseCertificate(input, { lenient: true }));
    const deep = outcome(() => {
      const c = parseCertificate(input, { lenient: true });
      decodeAllExtensions(c);
      certificatePublicKey(c);
      return certificateToJson(c);
    });
    env.record(f, [strict, lenient, deep]);
    for (const o of [strict, lenient, deep]) if (o.startsWith('crash')) crashes.push(`${f}: ${o}`);
    if (lenient !== 'ok') continue;
    parsed++;
    const c = parseCertificate(input, { lenient: true });
    const again = parseCertificate(certificateToPem(c), { lenient: true });
    assert(bytesEqual(again.raw, c.raw), `${f}: PEM round trip`);
    assert(bytesEqual(c.raw, c.raw), `${f}: toDer is the parsed bytes`);
    assertEquals(certificateFingerprint(c, 'SHA-256').replace(/:/g, '').toLowerCase(), await _sha256(c.raw), `${f}: fingerprint vs WebCrypto`);
  }
  assertEquals(crashes, [], 'crashes');
  env.note(`${files.length} files, ${parsed} parse leniently`);
  assert(parsed >= 60, `parsed ${parsed}`);
});

test('x509: known answers (pyca cryptography.io.pem, read with openssl x509)', async (env) => {
  const c = parseCertificate(await loadPemOrDer(env, `${PYCA}x509/cryptography.io.pem`));
  assertEquals(c.serialNumber, 0x3f20n);
  assertEquals(c.subject.commonName, 'www.cryptography.io');
  assertEquals(c.issuer.toString(), 'CN=RapidSSL SHA256 CA - G3,O=GeoTrust Inc.,C=US');
  assertEquals(c.notBefore.toISOString(), '2014-10-15T12:09:32.000Z');
  assertEquals(c.notAfter.toISOString(), '2018-11-16T01:15:03.000Z');
  assertEquals(certificateDnsNames(c), ['www.cryptography.io', 'cryptography.io']);
  assertEquals(certificateFingerprint(c, 'SHA-256').replace(/:/g, '').toUpperCase(), 'DC4F4D1400D4526052B5DA693394DC8560B29CC21DF90B9E2EC7416261C73888');
  const issuer = parseCertificate(await loadPemOrDer(env, `${PYCA}x509/rapidssl_sha256_ca_g3.pem`));
  assert(verifyCertificateSync(c, issuer), 'RSA signature by RapidSSL G3 (pure)');
  assert(await verifyCertificate(c, issuer, { backend: 'auto' }), 'RSA signature by RapidSSL G3 (auto)');
  const ed = parseCertificate(await loadPemOrDer(env, `${PYCA}x509/ed25519/root-ed25519.pem`));
  assert(isSelfSignedSync(ed), 'Ed25519 root is self-signed');
  const ed448 = parseCertificate(await loadPemOrDer(env, `${PYCA}x509/ed448/root-ed448.pem`));
  assert(isSelfSignedSync(ed448), 'Ed448 root is self-signed');
  assert(await verifyCertificate(ed448, ed448, { backend: 'auto' }), 'Ed448 (auto: WebCrypto or pure)');
});

test('x509: the RFC 9881 ML-DSA-44 example certificate is self-signed', async (env) => {
  const c = parseCertificate(await loadPemOrDer(env, 'lamps-dilithium-certificates/ML-DSA-44.crt'));
  assertEquals(certificatePublicKey(c).algorithm, 'ML-DSA-44');
  assert(isSelfSignedSync(c), 'ML-DSA-44 self-signature');
});

/** A three-level chain built with the fixed clock; shared with the path tests. */
export async function buildChainWithKeys(): Promise<{ root: Certificate; inter: Certificate; leaf: Certificate; rootSigner: Signer; interSigner: Signer }> {
  const [rk, ik, lk] = await Promise.all([generateKeyPair('P-256'), generateKeyPair('Ed25519'), generateKeyPair('P-384')]);
  const rootSigner = signerFromPrivateKey(rk.privateKey);
  const interSigner = signerFromPrivateKey(ik.privateKey);
  const root = await CertificateBuilder.create()
    .subject({ CN: 'Portable Root', O: 'certkit' })
    .publicKey(rk.publicKey)
    .notBefore(new Date(NOW.getTime() - 30 * DAY))
    .notAfter(new Date(NOW.getTime() + 3650 * DAY))
    .basicConstraints({ cA: true })
    .keyUsage(['keyCertSign', 'cRLSign'])
    .sign(rootSigner, { now: NOW });
  const inter = await CertificateBuilder.create()
    .subject({ CN: 'Portable Intermediate', O: 'certkit' })
    .publicKey(ik.publicKey)
    .notBefore(new Date(NOW.getTime() - 30 * DAY))
    .notAfter(new Date(NOW.getTime() + 1000 * DAY))
    .basicConstraints({ cA: true, pathLenConstraint: 0 })
    .keyUsage(['keyCertSign', 'cRLSign'])
    .sign(rootSigner, { issuerCertificate: root, now: NOW });
  const leaf = await CertificateBuilder.create()
    .subject({ CN: 'portable.example' })
    .publicKey(lk.publicKey)
    .serialNumber(0x1001n)
    .notBefore(new Date(NOW.getTime() - DAY))
    .notAfter(new Date(NOW.getTime() + 90 * DAY))
    .keyUsage(['digitalSignature'])
    .extKeyUsage(['serverAuth'])
    .subjectAltNames('portable.example', '192.0.2.7')
    .sign(interSigner, { issuerCertificate: inter, now: NOW });
  return { root, inter, leaf, rootSigner, interSigner };
}

test('x509: build a P-256 → Ed25519 → P-384 chain, parse it back, verify on both paths', async () => {
  const { root, inter, leaf } = await buildChainWithKeys();
  const back = parseCertificate(certificateToPem(leaf));
  assert(bytesEqual(back.raw, leaf.raw), 'PEM round trip');
  assertEquals(back.subject.commonName, 'portable.example');
  assertEquals(back.serialNumber, 0x1001n);
  assertEquals(certificateDnsNames(back), ['portable.example']);
  assertEquals(certificateIpAddresses(back), ['192.0.2.7']);
  assertEquals(back.notAfter.toISOString(), new Date(NOW.getTime() + 90 * DAY).toISOString());
  assertEquals(getExtension(back, basicConstraintsCodec), undefined);
  assertEquals(getExtension(parseCertificate(inter.raw), basicConstraintsCodec)?.pathLenConstraint, 0);
  assert(isSelfSignedSync(root), 'root self-signed');
  assert(verifyCertificateSync(inter, root) && (await verifyCertificate(inter, root, { backend: 'auto' })), 'ECDSA P-256 signature on the intermediate');
  assert(verifyCertificateSync(back, inter) && (await verifyCertificate(back, inter, { backend: 'auto' })), 'Ed25519 signature on the leaf');
  let wrongKey: string;
  try {
    wrongKey = verifyCertificateSync(back, root) ? 'accepted' : 'false';
  } catch (e) {
    wrongKey = classify(e); // a P-256 key cannot check an Ed25519 signature: SignatureError
  }
  assert(wrongKey === 'false' || wrongKey.startsWith('error '), `the leaf is not signed by the root (${wrongKey})`);
  assert(isValidAt(back, NOW) && !isValidAt(back, new Date(NOW.getTime() + 91 * DAY)), 'validity window');
});
