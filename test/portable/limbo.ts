/**
 * Portable path validation: every case of the C2SP/x509-limbo dev set
 * (`x509-limbo/limbo-dev.json.gz`) through `parseCertificate` and `verifyChain`, with the rules
 * of scripts/conformance/limbo.ts (Node only): `webpki::`, `bettertls::` and `online::` cases
 * under the `webpki` profile (with the CA/B commonName-in-SAN rule for `webpki::`), the rest under
 * `rfc5280`; limbo's EKU names mapped to certkit's; CRLs with revocation mode
 * `prefer`; a `null` validation time is "now" (those certificates are valid from 1970 for a
 * thousand years). Those inputs come from scripts/conformance/limbo-options.ts, shared with the
 * Node runner. Every outcome (SUCCESS / FAILURE and the error code) is recorded in the digest,
 * which is what proves the runtimes agree case by case. The test fails on any accepted-but-invalid
 * answer (the severe kind), any crash, a denial-of-service case slower than 5 s, or fewer than
 * 99.5% of cases matched; rejected-but-valid cases are listed in a note. The exact per-family
 * counts and the list of known differences are the Node conformance test's business (they move
 * with src/path; this file copies only the inputs: profile per family, the commonName rule).
 *
 * Also: the P-256 → Ed25519 → P-384 chain built by ./x509 validates for its host name.
 * Non-goals: the per-family report (`npm run conformance -- limbo …`).
 * @module
 */
import { limboOptions, type LimboCase } from '../../scripts/conformance/limbo-options';
import { ValidationError, parseCertificate, verifyChain, type Certificate, type ValidationOptions } from './certkit';
import { assert, assertEquals, test } from './harness';
import { classify, loadJson } from './util';
import { NOW, buildChainWithKeys } from './x509';

async function _run(tc: LimboCase): Promise<string> {
  let leaf: Certificate;
  try {
    leaf = parseCertificate(tc.peer_certificate);
  } catch (e) {
    return `FAILURE peer ${classify(e)}`;
  }
  const options = limboOptions(tc);
  try {
    const r = await verifyChain(leaf, options);
    return `SUCCESS ${r.chain.length}`;
  } catch (e) {
    if (e instanceof ValidationError) return `FAILURE ${e.code}`;
    return `FAILURE ${classify(e)}`;
  }
}

test('path: x509-limbo dev set, every case', async (env) => {
  const { testcases } = await loadJson<{ testcases: LimboCase[] }>(env, 'x509-limbo/limbo-dev.json.gz');
  assert(testcases.length >= 3000, `limbo cases: ${testcases.length}`);
  const severe: string[] = [];
  const rejectedValid: string[] = [];
  let matched = 0;
  let slowest = { id: '', ms: 0 };
  for (const tc of testcases) {
    const t0 = performance.now();
    const o = await _run(tc);
    const ms = performance.now() - t0;
    if (ms > slowest.ms) slowest = { id: tc.id, ms };
    env.record(tc.id, o);
    // denial-of-service cases must answer within 5 s whatever they answer (limbo's rule)
    if (tc.features.includes('denial-of-service') && ms > 5_000) severe.push(`${tc.id}: took ${ms.toFixed(0)} ms`);
    if (o.includes('crash')) severe.push(`${tc.id}: ${o}`);
    else if (o.startsWith(tc.expected_result)) matched++;
    else if (tc.expected_result === 'FAILURE') severe.push(`${tc.id}: accepted-but-invalid (${o})`);
    else rejectedValid.push(`${tc.id} (${o})`);
  }
  env.note(`${testcases.length} cases, ${matched} matched, ${rejectedValid.length} rejected-but-valid; slowest ${slowest.id} ${slowest.ms.toFixed(0)} ms`);
  if (rejectedValid.length) env.note(`rejected-but-valid: ${rejectedValid.join(', ')}`);
  assert(severe.length === 0, `${severe.length} severe:\n       ${severe.slice(0, 20).join('\n       ')}`);
  assert(matched >= testcases.length * 0.995, `matched ${matched} of ${testcases.length}`);
});

test('path: the built chain validates for its host name and IP, and not for another name', async () => {
  const { root, inter, leaf } = await buildChainWithKeys();
  const base: ValidationOptions = { anchors: [root], intermediates: [inter], time: NOW, purposes: ['serverAuth'] };
  const r = await verifyChain(leaf, { ...base, hostname: 'portable.example' });
  assertEquals(r.chain.length, 3);
  assertEquals((await verifyChain(leaf, { ...base, hostname: '192.0.2.7' })).chain.length, 3);
  let code = 'none';
  try {
    await verifyChain(leaf, { ...base, hostname: 'other.example' });
  } catch (e) {
    code = e instanceof ValidationError ? e.code : classify(e);
  }
  assert(code !== 'none' && !code.startsWith('crash'), `wrong host name refused (${code})`);
});
