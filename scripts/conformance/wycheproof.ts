/**
 * The `wycheproof` conformance suite: runs C2SP/wycheproof `testvectors_v1` files through
 * certkit's own SPKI parser, signature verification (pure and WebCrypto paths, which must agree)
 * and RSA signing.
 *
 * Per schema:
 * - `ecdsa_verify_schema_v1` / `ecdsa_p1363_verify_schema_v1` / `eddsa_verify_schema_v1` /
 *   `rsassa_pkcs1_verify_schema_v1` / `rsassa_pss_verify_schema_v1` /
 *   `rsassa_pss_with_parameters_verify_schema`: the group's `publicKeyDer` is parsed with
 *   `parsePublicKey`, the signature algorithm is built from the group (`sha`, `mgfSha`, `sLen`),
 *   and each test is verified with `verifySignatureSync` and `verifySignature({ backend: 'auto' })`.
 *   "accepted" means both returned `true`; a `false` or a `CertkitError` is a rejection; any other
 *   exception is a crash and always a failure, as is a disagreement between the two paths.
 * - `rsassa_pkcs1_generate_schema_v1`: the signature is verified as above and, for SHA-256/384/512,
 *   the PKCS#8 private key is imported and the signature made by `signerFromPrivateKey` must be
 *   byte-identical (PKCS#1 v1.5 is deterministic).
 * - `ecdh_test_schema_v1` / `xdh_asn_comp_schema_v1`: only the `public` SubjectPublicKeyInfo is
 *   scored: accepted when `parsePublicKey` takes it and it is a key of the file's curve.
 *
 * Policy: the default verification policy, except `allowSha1` for the RSASSA-PSS files, whose
 * SHA-1 vectors Wycheproof calls `valid` (the default refusal of SHA-1 is a certkit policy, tested
 * on its own). `acceptable` cases pass either way; the table notes which way each flag went.
 * @module
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CertkitError, fromHex } from '../../src/der/index';
import { importPrivateKey, parsePublicKey, type PublicKey } from '../../src/keys/index';
import {
  signatureAlgorithmIdentifier,
  signerFromPrivateKey,
  verifySignatureSync,
  verifySignature,
  type AlgorithmIdentifier,
  type HashName,
  type SignatureScheme,
  type VerifyPolicy,
} from '../../src/sig/index';
import { emptySummary, totalUp, type Failure, type FileSummary, type Skip, type Suite } from './types';

/** Table columns. */
const COLUMNS = ['valid ok', 'valid rejected', 'invalid rejected', 'invalid accepted', 'acceptable accepted', 'acceptable rejected'];

interface WycheproofTest {
  tcId: number;
  comment: string;
  flags: string[];
  msg?: string;
  sig?: string;
  public?: string;
  result: 'valid' | 'invalid' | 'acceptable';
}

interface WycheproofGroup {
  publicKeyDer?: string;
  keyDer?: string;
  privateKeyPkcs8?: string;
  sha?: string;
  mgf?: string;
  mgfSha?: string;
  sLen?: number;
  curve?: string;
  tests: WycheproofTest[];
}

/** A Wycheproof file. */
export interface WycheproofFile {
  algorithm: string;
  schema: string;
  testGroups: WycheproofGroup[];
}

/** The outcome of one test. */
interface Outcome {
  accepted: boolean;
  /** `verified`, `false`, an error code, or `skip`. */
  detail: string;
  crash?: string;
  skip?: string;
}

/** The result of one file. */
export interface FileResult {
  summary: FileSummary;
  failures: Failure[];
  skips: Skip[];
}

const ECDH_CURVES: Record<string, string> = { secp256r1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };
const XDH_CURVES: Record<string, string> = { curve25519: 'X25519', curve448: 'X448' };

function _errorOutcome(e: unknown): Outcome {
  if (e instanceof CertkitError) return { accepted: false, detail: e.code };
  return { accepted: false, detail: 'crash', crash: `${(e as Error)?.name ?? 'Error'}: ${(e as Error)?.message ?? String(e)}` };
}

function _parseKey(hex: string | undefined): PublicKey | Outcome {
  if (hex === undefined) return { accepted: false, detail: 'no-key' };
  try {
    return parsePublicKey(fromHex(hex));
  } catch (e) {
    return _errorOutcome(e);
  }
}

function _hashName(s: string | undefined): HashName {
  return (s ?? 'SHA-256') as HashName;
}

async function _verifyBoth(key: PublicKey, alg: AlgorithmIdentifier, msg: Uint8Array, sig: Uint8Array, policy: VerifyPolicy): Promise<Outcome> {
  let pure: Outcome;
  try {
    const ok = verifySignatureSync(key, alg, msg, sig, policy);
    pure = { accepted: ok, detail: ok ? 'verified' : 'false' };
  } catch (e) {
    pure = _errorOutcome(e);
  }
  let fast: Outcome;
  try {
    const ok = await verifySignature(key, alg, msg, sig, { ...policy, backend: 'auto' });
    fast = { accepted: ok, detail: ok ? 'verified' : 'false' };
  } catch (e) {
    fast = _errorOutcome(e);
  }
  if (pure.crash) return pure;
  if (fast.crash) return fast;
  if (pure.accepted !== fast.accepted || pure.detail !== fast.detail) {
    return { accepted: false, detail: 'backends-disagree', crash: `pure path: ${pure.detail}, WebCrypto path: ${fast.detail}` };
  }
  return pure;
}

function _schemeFor(file: WycheproofFile, g: WycheproofGroup, key: PublicKey): SignatureScheme {
  switch (file.schema) {
    case 'ecdsa_verify_schema_v1.json':
    case 'ecdsa_p1363_verify_schema_v1.json':
      return { kind: 'ecdsa', hash: _hashName(g.sha) };
    case 'eddsa_verify_schema_v1.json':
      return { kind: 'eddsa', curve: key.algorithm === 'Ed448' ? 'Ed448' : 'Ed25519' };
    case 'rsassa_pkcs1_verify_schema_v1.json':
    case 'rsassa_pkcs1_generate_schema_v1.json':
      return { kind: 'rsa-pkcs1', hash: _hashName(g.sha) };
    default:
      return { kind: 'rsa-pss', hash: _hashName(g.sha), mgfHash: _hashName(g.mgfSha), saltLength: g.sLen ?? 0 };
  }
}

async function _runTest(file: WycheproofFile, g: WycheproofGroup, t: WycheproofTest, key: PublicKey | Outcome, signer: Signing | undefined): Promise<Outcome> {
  const schema = file.schema;
  if (schema === 'ecdh_test_schema_v1.json' || schema === 'xdh_asn_comp_schema_v1.json') {
    if (t.flags.includes('MissingOctetString')) {
      return { accepted: false, detail: 'skip', skip: 'the case is about the private key encoding (certkit does not import X25519/X448 private keys); its public key is well formed' };
    }
    const k = _parseKey(t.public);
    if (!('spki' in k)) return k;
    const want = schema === 'ecdh_test_schema_v1.json' ? ECDH_CURVES[g.curve ?? ''] : XDH_CURVES[g.curve ?? ''];
    const got = k.algorithm === 'ECDSA' ? k.curve : k.algorithm;
    if (got !== want) return { accepted: false, detail: `wrong-key-type (${got})` };
    return { accepted: true, detail: 'parsed' };
  }
  if (!('spki' in key)) return key;
  const alg = signatureAlgorithmIdentifier(_schemeFor(file, g, key));
  const policy: VerifyPolicy = { signatureFormat: schema === 'ecdsa_p1363_verify_schema_v1.json' ? 'ieee-p1363' : 'der', allowSha1: schema.startsWith('rsassa_pss') };
  const msg = fromHex(t.msg ?? '');
  const sig = fromHex(t.sig ?? '');
  const v = await _verifyBoth(key, alg, msg, sig, policy);
  if (signer !== undefined && v.accepted && !v.crash) {
    // RSASSA-PKCS1-v1_5 is deterministic: certkit's signature must be the vector's bytes.
    try {
      const mine = await signer.sign(msg);
      if (mine.length !== sig.length || mine.some((b, i) => b !== sig[i])) {
        return { accepted: false, detail: 'signature-differs', crash: 'certkit signed the message with different bytes' };
      }
    } catch (e) {
      return { accepted: false, detail: 'sign-failed', crash: `signing failed: ${(e as Error).message}` };
    }
  }
  return v;
}

interface Signing {
  sign(data: Uint8Array): Promise<Uint8Array>;
}

/**
 * Runs one parsed Wycheproof file.
 * @example
 * ```ts
 * const r = await evaluateWycheproofFile('ed25519_test.json', JSON.parse(text));
 * r.summary.failed // 0
 * ```
 */
export async function evaluateWycheproofFile(name: string, file: WycheproofFile): Promise<FileResult> {
  const summary = emptySummary();
  const failures: Failure[] = [];
  const skips: Skip[] = [];
  const acceptable = new Map<string, number>();
  const rejectReasons = new Map<string, number>();
  let signingNotCompared = 0;
  for (const g of file.testGroups) {
    const isSigGen = file.schema === 'rsassa_pkcs1_generate_schema_v1.json';
    const key = _parseKey(g.publicKeyDer ?? g.keyDer);
    let signer: Signing | undefined;
    if (isSigGen) {
      const hash = g.sha;
      if (hash === 'SHA-256' || hash === 'SHA-384' || hash === 'SHA-512') {
        signer = signerFromPrivateKey(importPrivateKey(fromHex(g.privateKeyPkcs8!)), { hash });
      } else signingNotCompared += g.tests.length;
    }
    for (const t of g.tests) {
      summary.total++;
      const o = await _runTest(file, g, t, key, signer);
      if (o.skip) {
        summary.skipped++;
        skips.push({ file: name, tcId: t.tcId, reason: o.skip });
        continue;
      }
      const ok = !o.crash && (t.result === 'acceptable' || (t.result === 'valid') === o.accepted);
      const col =
        t.result === 'valid'
          ? o.accepted
            ? 'valid ok'
            : 'valid rejected'
          : t.result === 'invalid'
            ? o.accepted
              ? 'invalid accepted'
              : 'invalid rejected'
            : o.accepted
              ? 'acceptable accepted'
              : 'acceptable rejected';
      summary.counts[col] = (summary.counts[col] ?? 0) + 1;
      if (!o.accepted) rejectReasons.set(o.detail, (rejectReasons.get(o.detail) ?? 0) + 1);
      if (t.result === 'acceptable') {
        const k = `[${t.flags.join(', ')}] ${o.accepted ? 'accepted' : `rejected (${o.detail})`}`;
        acceptable.set(k, (acceptable.get(k) ?? 0) + 1);
      }
      if (ok) summary.passed++;
      else {
        summary.failed++;
        failures.push({
          file: name,
          tcId: t.tcId,
          expected: t.result,
          actual: o.crash ? `error (${o.detail})` : o.accepted ? 'accepted' : `rejected (${o.detail})`,
          reason: o.crash ?? `${t.comment || t.flags.join(', ')}`,
        });
      }
    }
  }
  for (const [k, n] of acceptable) summary.notes.push(`acceptable ${k}: ${n}`);
  if (rejectReasons.size) summary.notes.push(`rejections by reason: ${[...rejectReasons].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  if (signingNotCompared) summary.notes.push(`${signingNotCompared} SHA-1/SHA-224 cases verified only: certkit signs RSA with SHA-256/384/512`);
  const skipReasons = new Set(skips.map((s) => s.reason));
  for (const r of skipReasons) summary.notes.push(`skipped ${skips.filter((s) => s.reason === r).length}: ${r}`);
  return { summary, failures, skips };
}

/** Reads a `.json` or `.json.gz` Wycheproof file. */
export function readWycheproofFile(path: string): WycheproofFile {
  const raw = readFileSync(path);
  const text = path.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  return JSON.parse(text) as WycheproofFile;
}

const suite: Suite = {
  name: 'wycheproof',
  description: 'C2SP/wycheproof signature and SPKI vectors (a directory of *_test.json or *_test.json.gz)',
  columns: COLUMNS,
  async run(dir: string) {
    const names = readdirSync(dir)
      .filter((n) => /_test\.json(\.gz)?$/.test(n))
      .sort();
    if (names.length === 0) throw new Error(`no Wycheproof *_test.json files in ${dir}`);
    const files: Record<string, FileSummary> = {};
    const failures: Failure[] = [];
    const skips: Skip[] = [];
    for (const n of names) {
      const r = await evaluateWycheproofFile(n.replace(/\.gz$/, ''), readWycheproofFile(join(dir, n)));
      files[n.replace(/\.gz$/, '')] = r.summary;
      failures.push(...r.failures);
      skips.push(...r.skips);
    }
    return totalUp('wycheproof', files, failures, skips);
  },
};

export { suite };
