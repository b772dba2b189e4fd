/**
 * The `pkits` conformance suite: every entry of NIST PKITS's `pkits-expected.json`
 * (`npm run conformance -- pkits test/vectors/pkits`).
 *
 * Each entry is run through certkit's own parsers and `verifyChain` at 2022-05-01T00:00:00Z
 * (inside every PKITS validity period that is meant to be valid): the end entity, the entry's
 * `intermediates` as an unordered pool (certkit builds the path), the trust anchor certificate,
 * the entry's CRLs plus the trust anchor's CRL with revocation mode `require` (every certificate
 * of the path needs a usable CRL), and the §6.1.1 inputs of `settings`. Profile `rfc5280` with
 * `strictCriticality: false` (PKITS's valid paths carry non-critical basicConstraints and
 * policyConstraints, CA-side "MUST"s that §6.1 does not check); the signature policy allows
 * SHA-1 and RSA-1024, which PKITS (2011) uses throughout.
 *
 * Skips: the two valid DSA paths (4.1.4, 4.1.5) are skipped because the signature layer has no
 * DSA (a non-goal of `src/sig/verify.ts`); the DSA entries expected invalid are run (they must
 * be, and are, rejected). A certificate or CRL that does not parse counts as a rejection.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCertificate, type Certificate } from '../../src/x509/index';
import { parseCrl, type Crl } from '../../src/crl/index';
import { verifyChain, ValidationError } from '../../src/path/index';
import { emptySummary, totalUp, type CaseResult, type Failure, type FileSummary, type Skip, type Suite } from './types';

/** The validation time of every entry. */
export const PKITS_TIME = new Date('2022-05-01T00:00:00Z');

/** One entry of pkits-expected.json (the fields the runner reads). */
export interface PkitsEntry {
  pkits_test: string;
  section: string;
  variant: string;
  settings: { user_initial_policy_set: string[]; initial_explicit_policy: boolean; initial_policy_mapping_inhibit: boolean; initial_any_policy_inhibit: boolean };
  trust_anchor: string;
  trust_anchor_crl: string;
  end_entity: string;
  intermediates: string[];
  crls: string[];
  expected: 'valid' | 'invalid';
  likely_needs: string[];
}

/** The answer for one entry. */
export interface PkitsOutcome {
  id: string;
  section: string;
  expected: 'valid' | 'invalid';
  actual: 'valid' | 'invalid' | 'skipped';
  reason: string;
}

/** Entries skipped, with the reason. */
export const SKIPS: Readonly<Record<string, string>> = {
  '4.1.4': 'valid DSA path: certkit has no DSA verification (a non-goal of the signature layer)',
  '4.1.5': 'valid DSA path with DSA parameter inheritance: certkit has no DSA verification',
};

/** Reads the entries of `<dir>/pkits-expected.json`. */
export function readPkits(dir: string): PkitsEntry[] {
  return (JSON.parse(readFileSync(join(dir, 'pkits-expected.json'), 'utf8')) as { entries: PkitsEntry[] }).entries;
}

/** Runs one entry. */
export async function runPkitsEntry(dir: string, e: PkitsEntry): Promise<PkitsOutcome> {
  const id = `${e.pkits_test} ${e.variant}`;
  const out = (actual: PkitsOutcome['actual'], reason: string): PkitsOutcome => ({ id, section: e.section, expected: e.expected, actual, reason });
  const skip = SKIPS[e.pkits_test];
  if (skip !== undefined && e.expected === 'valid') return out('skipped', skip);
  const cert = (n: string): Certificate => parseCertificate(new Uint8Array(readFileSync(join(dir, 'certs', n))));
  // RFC 5280 §5.2.3/§4.1.2.2 ask users to handle negative serial numbers gracefully (4.4.14-15):
  // CRLs are parsed strictly first, leniently when that fails.
  const crl = (n: string): Crl => {
    const der = new Uint8Array(readFileSync(join(dir, 'crls', n)));
    try {
      return parseCrl(der);
    } catch {
      return parseCrl(der, { lenient: true });
    }
  };
  let leaf: Certificate;
  let anchor: Certificate;
  const pool: Certificate[] = [];
  const crls: Crl[] = [];
  try {
    leaf = cert(e.end_entity);
    anchor = cert(e.trust_anchor);
  } catch (err) {
    return out('invalid', `does not parse: ${(err as Error).message}`);
  }
  for (const n of e.intermediates) {
    try {
      pool.push(cert(n));
    } catch {
      // an unparsable intermediate is left out of the pool
    }
  }
  for (const n of [e.trust_anchor_crl, ...e.crls]) {
    try {
      crls.push(crl(n));
    } catch {
      // an unparsable CRL is no CRL (revocation `require` then fails the path)
    }
  }
  try {
    const r = await verifyChain(leaf, {
      anchors: [anchor],
      intermediates: pool,
      time: PKITS_TIME,
      profile: 'rfc5280',
      strictCriticality: false,
      signaturePolicy: { allowSha1: true, minRsaBits: 1024 },
      revocation: { mode: 'require', crls },
      policy: {
        userInitialPolicySet: e.settings.user_initial_policy_set,
        initialExplicitPolicy: e.settings.initial_explicit_policy,
        initialPolicyMappingInhibit: e.settings.initial_policy_mapping_inhibit,
        initialAnyPolicyInhibit: e.settings.initial_any_policy_inhibit,
      },
    });
    return out('valid', `path of ${r.chain.length}, policies ${r.policies.join(' ') || '(none)'}`);
  } catch (err) {
    if (err instanceof ValidationError) return out('invalid', `${err.code} [cert ${err.certIndex}]: ${err.message}`);
    return out('invalid', `crash: ${(err as Error).name}: ${(err as Error).message}`);
  }
}

/** Table columns. */
export const COLUMNS = ['valid accepted', 'valid rejected', 'invalid rejected', 'invalid accepted'];

/** Runs every entry and tallies per PKITS section. */
export async function runPkits(dir: string): Promise<{ outcomes: PkitsOutcome[]; files: Record<string, FileSummary>; failures: Failure[]; skips: Skip[] }> {
  const files: Record<string, FileSummary> = {};
  const failures: Failure[] = [];
  const skips: Skip[] = [];
  const outcomes: PkitsOutcome[] = [];
  for (const e of readPkits(dir)) {
    const o = await runPkitsEntry(dir, e);
    outcomes.push(o);
    const f = (files[o.section] ??= emptySummary());
    f.total++;
    if (o.actual === 'skipped') {
      f.skipped++;
      skips.push({ file: o.section, tcId: o.id, reason: o.reason });
      f.notes.push(`skipped ${o.id}: ${o.reason}`);
      continue;
    }
    const kind = `${o.expected} ${o.actual === 'valid' ? 'accepted' : 'rejected'}`;
    f.counts[kind] = (f.counts[kind] ?? 0) + 1;
    if (o.actual === o.expected) f.passed++;
    else {
      f.failed++;
      failures.push({ file: o.section, tcId: o.id, expected: o.expected, actual: o.actual, reason: o.reason });
    }
  }
  return { outcomes, files, failures, skips };
}

const suite: Suite = {
  name: 'pkits',
  description: 'NIST PKITS (a directory with pkits-expected.json, certs/ and crls/)',
  columns: COLUMNS,
  async run(dir: string) {
    const r = await runPkits(dir);
    const cases: CaseResult[] = r.outcomes.map((o) => ({ id: o.id, group: o.section, expected: o.expected, actual: o.actual, reason: o.reason }));
    return { ...totalUp('pkits', r.files, r.failures, r.skips), cases };
  },
};

export { suite };
