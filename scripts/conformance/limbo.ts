/**
 * The `limbo` conformance suite: every test case of a C2SP/x509-limbo file
 * (`npm run conformance -- limbo test/vectors/x509-limbo/limbo-dev.json.gz`).
 *
 * Each case is run through certkit's own parsers and `verifyChain`:
 * - `peer_certificate`, `untrusted_intermediates` and `trusted_certs` are parsed with
 *   `parseCertificate` (strict). A peer that does not parse is a rejection; an intermediate or a
 *   trust anchor that does not parse is left out of the pool (as a TLS client would), so it can
 *   only make a valid case fail.
 * - `validation_time` (`null` = now), `max_chain_depth` → `maxIntermediates`,
 *   `extended_key_usage` (default serverAuth for SERVER, clientAuth for CLIENT) → `purposes`,
 *   `key_usage` → `keyUsage`, `expected_peer_name` → `hostname` (DNS or IP),
 *   `expected_peer_names` (RFC822) → `emails`, `crls` → revocation mode `prefer`.
 * - Profile: see {@link profileFor}; this is how the three conflicting pairs are resolved.
 * - `denial-of-service` cases must finish within {@link DOS_LIMIT_MS}; a slower answer counts as
 *   a failure of the library whatever it was.
 *
 * Results per family: matched, accepted-but-invalid (the severe kind), rejected-but-valid,
 * exceptions (cases certkit knowingly diverges on, each with a reason in {@link EXCEPTIONS};
 * reported apart and not counted as failures) and skipped (none: certkit runs every case).
 * @module
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parseCertificate, type Certificate } from '../../src/x509/index';
import { verifyChain, ValidationError } from '../../src/path/index';
import { limboOptions, type LimboCase } from './limbo-options';
import { emptySummary, totalUp, type CaseResult, type Failure, type FileSummary, type Skip, type Suite } from './types';

/** Time limit of a `denial-of-service` case. */
export const DOS_LIMIT_MS = 5_000;

/**
 * Cases certkit knowingly answers differently, with the reason. The runner reports them apart
 * and fails if one of them starts to match (so the list never goes stale).
 */
export const EXCEPTIONS: Readonly<Record<string, string>> = {
  'webpki::san::exact-localhost-ip-san':
    'the end entity has CN=example.com and only the SAN IP:127.0.0.1; CA/B BR 7.1.4.3 requires a CN to copy a SAN value, which the commonNameInSan rule (on for the webpki:: family, to catch webpki::cn::*) enforces, so certkit refuses it (rejected-but-valid, the safe side)',
  'webpki::san::leftmost-wildcard-san':
    'the end entity has CN=example.com and only the SAN DNS:*.example.com; CA/B BR 7.1.4.3 requires a CN to copy a SAN value, which the commonNameInSan rule (on for the webpki:: family, to catch webpki::cn::*) enforces, so certkit refuses it (rejected-but-valid, the safe side)',
};

/** The answer for one case. */
export interface LimboOutcome {
  id: string;
  family: string;
  expected: 'SUCCESS' | 'FAILURE';
  actual: 'SUCCESS' | 'FAILURE';
  /** The error code and message, or the path length on success. */
  reason: string;
  ms: number;
  exception?: string;
}

/** Reads a `.json` or `.json.gz` limbo file. */
export function readLimbo(path: string): LimboCase[] {
  const raw = readFileSync(path);
  const text = path.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  return (JSON.parse(text) as { testcases: LimboCase[] }).testcases;
}

export { profileFor, type LimboCase } from './limbo-options';

/** Runs one case. */
export async function runLimboCase(tc: LimboCase): Promise<LimboOutcome> {
  const family = tc.id.split('::')[0]!;
  const started = performance.now();
  const done = (actual: 'SUCCESS' | 'FAILURE', reason: string): LimboOutcome => {
    const ms = performance.now() - started;
    const dos = tc.features.includes('denial-of-service');
    if (dos && ms > DOS_LIMIT_MS)
      return {
        id: tc.id,
        family,
        expected: tc.expected_result,
        actual: tc.expected_result === 'SUCCESS' ? 'FAILURE' : 'SUCCESS',
        reason: `timeout: ${ms.toFixed(0)} ms > ${DOS_LIMIT_MS} ms (${reason})`,
        ms,
      };
    const o: LimboOutcome = { id: tc.id, family, expected: tc.expected_result, actual, reason, ms };
    const ex = EXCEPTIONS[tc.id];
    if (ex !== undefined) o.exception = ex;
    return o;
  };
  let leaf: Certificate;
  try {
    leaf = parseCertificate(tc.peer_certificate);
  } catch (e) {
    return done('FAILURE', `peer certificate does not parse: ${(e as Error).message}`);
  }
  const options = limboOptions(tc);
  try {
    const r = await verifyChain(leaf, options);
    return done('SUCCESS', `path of ${r.chain.length}`);
  } catch (e) {
    if (e instanceof ValidationError) return done('FAILURE', `${e.code} [cert ${e.certIndex}]: ${e.message}`);
    return done('FAILURE', `crash: ${(e as Error).name}: ${(e as Error).message}`);
  }
}

/** Table columns. */
export const COLUMNS = ['matched', 'accepted-but-invalid', 'rejected-but-valid', 'exceptions'];

/** Runs every case and tallies per family. */
export async function runLimbo(path: string): Promise<{ outcomes: LimboOutcome[]; files: Record<string, FileSummary>; failures: Failure[]; skips: Skip[] }> {
  const cases = readLimbo(path);
  const files: Record<string, FileSummary> = {};
  const failures: Failure[] = [];
  const skips: Skip[] = [];
  const outcomes: LimboOutcome[] = [];
  for (const tc of cases) {
    const o = await runLimboCase(tc);
    outcomes.push(o);
    const f = (files[o.family] ??= emptySummary());
    f.total++;
    const matched = o.actual === o.expected;
    const kind = matched ? 'matched' : o.expected === 'FAILURE' ? 'accepted-but-invalid' : 'rejected-but-valid';
    if (o.exception !== undefined) {
      f.counts.exceptions = (f.counts.exceptions ?? 0) + 1;
      if (matched) {
        f.failed++;
        failures.push({ file: o.family, tcId: o.id, expected: o.expected, actual: o.actual, reason: `listed as an exception but now matches; remove it from EXCEPTIONS (${o.exception})` });
      } else {
        f.passed++;
        f.notes.push(`exception ${o.id} (${kind}): ${o.exception}`);
      }
      continue;
    }
    f.counts[kind] = (f.counts[kind] ?? 0) + 1;
    if (matched) f.passed++;
    else {
      f.failed++;
      failures.push({ file: o.family, tcId: o.id, expected: o.expected, actual: o.actual, reason: o.reason });
    }
  }
  return { outcomes, files, failures, skips };
}

const suite: Suite = {
  name: 'limbo',
  description: 'C2SP/x509-limbo path-validation cases (a limbo .json or .json.gz file)',
  columns: COLUMNS,
  async run(path: string) {
    const r = await runLimbo(path);
    const cases: CaseResult[] = r.outcomes.map((o) => ({
      id: o.id,
      group: o.family,
      expected: o.expected,
      actual: o.actual,
      reason: o.reason,
      ...(o.exception !== undefined ? { exception: o.exception } : {}),
    }));
    return { ...totalUp('limbo', r.files, r.failures, r.skips), cases };
  },
};

export { suite };
