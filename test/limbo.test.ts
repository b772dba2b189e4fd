/**
 * x509-limbo: every case of the committed dev set runs through certkit's parsers and
 * `verifyChain`, and the per-family tally must be exactly what certkit achieves today (a
 * regression in either direction fails), with zero accepted-but-invalid cases.
 */
import { describe, expect, it } from 'vitest';
import { EXCEPTIONS, runLimbo, type LimboOutcome } from '../scripts/conformance/limbo';

const FILE = new URL('./vectors/x509-limbo/limbo-dev.json.gz', import.meta.url).pathname;

/** Expected tally per family: [total, matched, accepted-but-invalid, rejected-but-valid, exceptions]. */
const EXPECTED: Record<string, [number, number, number, number, number]> = {
  crl: [6, 6, 0, 0, 0],
  cve: [2, 2, 0, 0, 0],
  invalid: [1, 1, 0, 0, 0],
  pathlen: [10, 10, 0, 0, 0],
  pathological: [8, 8, 0, 0, 0],
  rfc5280: [76, 76, 0, 0, 0],
  webpki: [43, 41, 0, 0, 2],
  bettertls: [2871, 2871, 0, 0, 0],
  online: [10, 10, 0, 0, 0],
};

describe('x509-limbo dev set', () => {
  let outcomes: LimboOutcome[] = [];
  let files: Awaited<ReturnType<typeof runLimbo>>['files'] = {};

  it('runs all 3,027 cases with the exact per-family counts', async () => {
    const r = await runLimbo(FILE);
    outcomes = r.outcomes;
    files = r.files;
    expect(outcomes.length).toBe(3027);
    const got: Record<string, [number, number, number, number, number]> = {};
    for (const [family, f] of Object.entries(files)) {
      got[family] = [f.total, f.counts.matched ?? 0, f.counts['accepted-but-invalid'] ?? 0, f.counts['rejected-but-valid'] ?? 0, f.counts.exceptions ?? 0];
    }
    expect(got).toEqual(EXPECTED);
    expect(r.failures).toEqual([]);
    expect(r.skips).toEqual([]);
  }, 120_000);

  it('accepts no invalid case (outside or inside the exceptions list)', () => {
    const bad = outcomes.filter((o) => o.expected === 'FAILURE' && o.actual === 'SUCCESS');
    expect(bad.map((o) => o.id)).toEqual([]);
  });

  it('matches at least 99.5% of executed cases, exceptions counted as mismatches', () => {
    const matched = outcomes.filter((o) => o.actual === o.expected).length;
    expect(matched / outcomes.length).toBeGreaterThanOrEqual(0.995);
    expect(outcomes.length - matched).toBe(Object.keys(EXCEPTIONS).length);
  });

  it('answers every denial-of-service case in time, by a rejection', () => {
    const dos = outcomes.filter((o) => o.id.startsWith('pathological::') && o.expected === 'FAILURE');
    expect(dos.length).toBeGreaterThanOrEqual(5);
    for (const o of dos) {
      expect(o.actual).toBe('FAILURE');
      expect(o.reason.startsWith('timeout')).toBe(false);
    }
  });

  it('rejects for the reason the case is about (spot checks)', () => {
    const reason = (id: string): string => outcomes.find((o) => o.id === id)!.reason;
    expect(reason('rfc5280::validity::expired-1-second')).toMatch(/^expired/);
    expect(reason('rfc5280::validity::not-yet-valid-5-seconds')).toMatch(/^not-yet-valid/);
    expect(reason('pathlen::intermediate-violates-pathlen-0')).toMatch(/^path-length/);
    expect(reason('pathlen::max-chain-depth-1-exhausted')).toMatch(/^max-depth/);
    expect(reason('rfc5280::nc::excluded-dns-match')).toMatch(/^name-constraints/);
    expect(reason('rfc5280::unknown-critical-extension-ee')).toMatch(/^unknown-critical-extension/);
    expect(reason('rfc5280::intermediate-ca-without-ca-bit')).toMatch(/not-a-ca/);
    expect(reason('rfc5280::eku::ee-wrong-eku')).toMatch(/^extended-key-usage/);
    expect(reason('webpki::san::mismatch-domain-san')).toMatch(/^hostname-mismatch/);
    expect(reason('webpki::san::wildcard-match-across-labels-san')).toMatch(/^hostname-mismatch/);
    expect(reason('webpki::cn::not-in-san')).toMatch(/^profile .*commonName/);
    expect(reason('rfc5280::chain-untrusted-root')).toMatch(/^unknown-issuer/);
    expect(reason('crl::crlnumber-missing')).toMatch(/^revocation-unknown/);
  });
});
