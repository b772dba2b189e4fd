/**
 * Portable CRL tests: every pyca CRL parses to a `Crl` or a `CertkitError` (strict, lenient,
 * deep); the 10k-entry CRL indexes every serial; the pyca signature pair verifies / does not;
 * and a CRL built with the fixed clock, parsed back and used by `checkRevocation` and
 * `checkRevocationSync`.
 * Non-goals: the parser's single rules and RFC 5280 §6.3 cases (test/crl-*.test.ts).
 * @module
 */
import { CrlBuilder, bytesEqual, checkRevocation, checkRevocationSync, parseCertificate, parseCrl, verifyCrl, verifyCrlSync } from './certkit';
import { assert, assertEquals, test } from './harness';
import { loadPemOrDer, outcome } from './util';
import { NOW, buildChainWithKeys } from './x509';
import { crlEntries, crlEntry, crlIndexOf, crlToJson, crlToPem } from '../../src/crl/index';
import { crlNumberCodec, getExtension } from '../../src/x509/index';
import { reasonCodeCodec } from '../../src/x509/index';

const PYCA = 'pyca-x509/x509/custom/';

test('crl: every pyca CRL gives a Crl or a CertkitError; the 10k CRL and the signature pair', async (env) => {
  const files = env.files.filter((f) => f.startsWith(PYCA) && /\/(crl_[^/]*|(in)?valid_signature_crl\.pem)$/.test(f));
  assert(files.length >= 24, `pyca CRL files: ${files.length}`);
  const crashes: string[] = [];
  for (const f of files) {
    const input = await loadPemOrDer(env, f);
    const strict = outcome(() => parseCrl(input));
    const lenient = outcome(() => parseCrl(input, { lenient: true }));
    const deep = outcome(() => crlToJson(parseCrl(input, { lenient: true })));
    env.record(f, [strict, lenient, deep]);
    for (const o of [strict, lenient, deep]) if (o.startsWith('crash')) crashes.push(`${f}: ${o}`);
  }
  assertEquals(crashes, [], 'crashes');
  const big = parseCrl(await loadPemOrDer(env, `${PYCA}crl_almost_10k.pem`));
  let n = 0;
  for (const e of crlEntries(big)) {
    assertEquals(crlIndexOf(big, e.serialNumber), e.index, 'index of each serial');
    n++;
  }
  assertEquals(n, 9999, 'entries');
  for (const [name, ok] of [
    ['valid', true],
    ['invalid', false],
  ] as const) {
    const crl = parseCrl(await loadPemOrDer(env, `${PYCA}${name}_signature_crl.pem`));
    const cert = parseCertificate(await loadPemOrDer(env, `${PYCA}${name}_signature_cert.pem`));
    assertEquals(verifyCrlSync(crl, cert), ok, `${name}_signature_crl`);
    assertEquals(await verifyCrl(crl, cert), ok, `${name}_signature_crl (async)`);
  }
  // openssl crl -issuer / -text: 12 entries; one has serial 0, which only lenient mode takes
  const all = parseCrl(await loadPemOrDer(env, `${PYCA}crl_all_reasons.pem`), { lenient: true });
  assertEquals(all.issuer.toString(), 'CN=cryptography.io,C=US');
  assertEquals(all.size, 12);
});

test('crl: build a CRL, parse it back, check revocation', async () => {
  const { inter, leaf, interSigner } = await buildChainWithKeys();
  const crl = await CrlBuilder.create()
    .thisUpdate(new Date(NOW.getTime() - 3_600_000))
    .nextUpdate(new Date(NOW.getTime() + 7 * 86_400_000))
    .crlNumber(7)
    .revoke({ serial: leaf.serialNumber, revocationDate: new Date(NOW.getTime() - 7_200_000), reason: 'keyCompromise' })
    .revoke({ serial: 0x2002n, revocationDate: new Date(NOW.getTime() - 7_200_000) })
    .sign(interSigner, { issuerCertificate: inter });
  const back = parseCrl(crlToPem(crl));
  assert(bytesEqual(back.raw, crl.raw), 'PEM round trip');
  assertEquals(back.size, 2);
  assertEquals(getExtension(back, crlNumberCodec), 7n);
  assert(verifyCrlSync(back, inter) && (await verifyCrl(back, inter)), 'signature by the issuer');
  assertEquals(getExtension(crlEntry(back, crlIndexOf(back, leaf.serialNumber)), reasonCodeCodec), 'keyCompromise');
  const s = checkRevocationSync(leaf, inter, [back], { time: NOW });
  assertEquals(s.status, 'revoked');
  assertEquals((await checkRevocation(leaf, inter, [back], { time: NOW })).status, 'revoked', 'async form');
});
