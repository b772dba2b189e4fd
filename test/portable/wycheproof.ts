/**
 * Portable Wycheproof: every file under `test/vectors/wycheproof/testvectors_v1/` (gzip, read
 * through `DecompressionStream`), every test case, on each runtime. Signature files verify each
 * case with the pure path (`verifySignatureSync`) and with `verifySignature({ backend: 'auto' })`
 * (the runtime's WebCrypto where it has the algorithm, which is what differs between runtimes);
 * the two must agree, `valid` must verify, `invalid` must not, `acceptable` may go either way and
 * is recorded in the digest. The RSASSA-PKCS1 generation files also sign with the vector's key and
 * must reproduce the signature byte for byte. `ecdh_*` / `x*_asn` files score SPKI parsing only.
 *
 * The rules are those of scripts/conformance/wycheproof.ts (Node only); the pinned `acceptable`
 * decisions are those of test/wycheproof.test.ts.
 * Non-goals: ECDH or XDH agreement (certkit does no key agreement).
 * @module
 */
import {
  fromHex,
  importPrivateKey,
  parsePublicKey,
  signatureAlgorithmIdentifier,
  signerFromPrivateKey,
  verifySignatureSync,
  verifySignature,
  type HashName,
  type PublicKey,
  type SignatureScheme,
  type VerifyPolicy,
} from './certkit';
import { assert, assertEquals, test, type PortableEnv } from './harness';
import { classify, loadJson, vectorsUnder } from './util';

interface WpTest {
  tcId: number;
  comment: string;
  flags: string[];
  msg?: string;
  sig?: string;
  public?: string;
  result: 'valid' | 'invalid' | 'acceptable';
}
interface WpGroup {
  publicKeyDer?: string;
  keyDer?: string;
  privateKeyPkcs8?: string;
  sha?: string;
  mgfSha?: string;
  sLen?: number;
  curve?: string;
  tests: WpTest[];
}
interface WpFile {
  algorithm: string;
  schema: string;
  testGroups: WpGroup[];
}

const DIR = 'wycheproof/testvectors_v1/';
const CURVES: Record<string, string> = { secp256r1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521', curve25519: 'X25519', curve448: 'X448' };

/** `accepted` or a rejection reason; `crash …` is always a failure. */
async function _verify(key: PublicKey, scheme: SignatureScheme, t: WpTest, policy: VerifyPolicy): Promise<string> {
  const alg = signatureAlgorithmIdentifier(scheme);
  const msg = fromHex(t.msg ?? '');
  const sig = fromHex(t.sig ?? '');
  let pure: string;
  try {
    pure = verifySignatureSync(key, alg, msg, sig, policy) ? 'accepted' : 'false';
  } catch (e) {
    pure = classify(e);
  }
  let auto: string;
  try {
    auto = (await verifySignature(key, alg, msg, sig, { ...policy, backend: 'auto' })) ? 'accepted' : 'false';
  } catch (e) {
    auto = classify(e);
  }
  if (pure !== auto) return `crash backends disagree: pure ${pure}, auto ${auto}`;
  return pure;
}

function _scheme(file: WpFile, g: WpGroup, key: PublicKey): SignatureScheme {
  const hash = (g.sha ?? 'SHA-256') as HashName;
  if (file.schema.startsWith('ecdsa_')) return { kind: 'ecdsa', hash };
  if (file.schema.startsWith('eddsa_')) return { kind: 'eddsa', curve: key.algorithm === 'Ed448' ? 'Ed448' : 'Ed25519' };
  if (file.schema.startsWith('rsassa_pkcs1_')) return { kind: 'rsa-pkcs1', hash };
  return { kind: 'rsa-pss', hash, mgfHash: (g.mgfSha ?? 'SHA-256') as HashName, saltLength: g.sLen ?? 0 };
}

function _key(hex: string | undefined): PublicKey | string {
  try {
    return parsePublicKey(fromHex(hex ?? ''));
  } catch (e) {
    return classify(e);
  }
}

/** Runs one file; returns counts per `result/outcome` and the failures. */
async function _runFile(env: PortableEnv, name: string, file: WpFile): Promise<{ counts: Record<string, number>; failures: string[]; total: number }> {
  const counts: Record<string, number> = {};
  const failures: string[] = [];
  let total = 0;
  const spkiOnly = file.schema === 'ecdh_test_schema_v1.json' || file.schema === 'xdh_asn_comp_schema_v1.json';
  for (const g of file.testGroups) {
    const key = spkiOnly ? undefined : _key(g.publicKeyDer ?? g.keyDer);
    const hash = g.sha;
    const signer =
      file.schema === 'rsassa_pkcs1_generate_schema_v1.json' && (hash === 'SHA-256' || hash === 'SHA-384' || hash === 'SHA-512')
        ? signerFromPrivateKey(importPrivateKey(fromHex(g.privateKeyPkcs8 ?? '')), { hash })
        : undefined;
    for (const t of g.tests) {
      total++;
      let o: string;
      if (spkiOnly) {
        // The one XDH case about the private key encoding (certkit imports no X25519/X448
        // private keys) is skipped, as in the Node suite.
        if (t.flags.includes('MissingOctetString')) o = 'skipped';
        else {
          const k = _key(t.public);
          o = typeof k === 'string' ? k : (k.algorithm === 'ECDSA' ? k.curve : k.algorithm) === CURVES[g.curve ?? ''] ? 'accepted' : 'error wrong-curve';
        }
      } else if (key === undefined || typeof key === 'string') o = key ?? 'error no-key';
      else {
        const policy: VerifyPolicy = { signatureFormat: file.schema === 'ecdsa_p1363_verify_schema_v1.json' ? 'ieee-p1363' : 'der', allowSha1: file.schema.startsWith('rsassa_pss') };
        o = await _verify(key, _scheme(file, g, key), t, policy);
        if (signer && o === 'accepted') {
          const mine = await signer.sign(fromHex(t.msg ?? ''));
          if (fromHex(t.sig ?? '').join() !== mine.join()) o = 'crash signature differs from the vector';
        }
      }
      const accepted = o === 'accepted';
      const bad = o.startsWith('crash') || (t.result === 'valid' && !accepted && o !== 'skipped') || (t.result === 'invalid' && accepted);
      const k = `${t.result} ${o === 'skipped' ? 'skipped' : accepted ? 'accepted' : 'rejected'}`;
      counts[k] = (counts[k] ?? 0) + 1;
      if (t.result === 'acceptable') env.record(`${name}#${t.tcId}`, o);
      if (bad) failures.push(`${name} #${t.tcId} (${t.result}, ${t.comment || t.flags.join(',')}): ${o}`);
    }
  }
  return { counts, failures, total };
}

test('wycheproof: every file, every case, pure and WebCrypto paths agree', async (env) => {
  const files = vectorsUnder(env, DIR, ['_test.json.gz']);
  assertEquals(files.length, 47, 'Wycheproof files');
  const failures: string[] = [];
  let cases = 0;
  for (const path of files) {
    const name = path.slice(DIR.length).replace(/\.gz$/, '');
    const file = await loadJson<WpFile>(env, path);
    const r = await _runFile(env, name, file);
    cases += r.total;
    failures.push(...r.failures);
    env.record(name, r.counts);
    // Pinned decisions on `acceptable` vectors (as in test/wycheproof.test.ts).
    const c = r.counts;
    if (name.startsWith('rsa_signature_')) assertEquals(c['acceptable rejected'], 1, `${name}: MissingNull refused`);
    if (name === 'rsa_pkcs1_2048_sig_gen_test.json') {
      assertEquals(c['acceptable rejected'], 8, `${name}: SHA-1 refused by the default policy`);
      assertEquals(c['acceptable accepted'], 3, `${name}: small signature values`);
    }
    if (name.startsWith('ecdh_')) assertEquals(c['acceptable accepted'] ?? 0, 0, `${name}: compressed, explicit curves, BER refused`);
    assertEquals(c['invalid accepted'] ?? 0, 0, `${name}: invalid accepted`);
    assertEquals(c['valid rejected'] ?? 0, 0, `${name}: valid rejected`);
  }
  env.note(`${files.length} files, ${cases} cases`);
  assert(failures.length === 0, `${failures.length} failures:\n       ${failures.slice(0, 20).join('\n       ')}`);
  assert(cases > 10_000, `ran ${cases} cases`);
});
