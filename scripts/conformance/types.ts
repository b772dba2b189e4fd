/**
 * Shared shapes of the conformance runner (`npm run conformance -- <suite> <path> [--json out]`).
 *
 * A suite is one file in `scripts/conformance/` that default-exports a {@link Suite}: it runs
 * every case under a path and returns a {@link SuiteResult}; the runner prints the tables and
 * writes the JSON. Later suites (`limbo`, `pkits`) plug in the same way: add the file and one
 * line to the registry in `scripts/conformance.ts`.
 * @module
 */

/** One case that did not give the expected answer. */
export interface Failure {
  file: string;
  tcId: number | string;
  /** The expected result, e.g. `valid`, `invalid`, `SUCCESS`. */
  expected: string;
  /** What certkit did, e.g. `accepted`, `rejected (weak-key)`, `crash (TypeError)`. */
  actual: string;
  /** Why, in a sentence. */
  reason: string;
}

/** One case that was not run, and why. */
export interface Skip {
  file: string;
  tcId: number | string;
  reason: string;
}

/** The tally of one file (or one family of cases). */
export interface FileSummary {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  /** Free-form counters a suite wants in its table (e.g. `valid accepted`). */
  counts: Record<string, number>;
  /** Explanations printed under the file's row (decisions on `acceptable` cases, skips). */
  notes: string[];
}

/** One case's answer, for suites that list every case in their JSON (limbo, pkits). */
export interface CaseResult {
  id: string;
  /** The family (limbo) or section (PKITS) the case belongs to. */
  group: string;
  expected: string;
  actual: string;
  /** The error code and message, or what was accepted. */
  reason: string;
  /** For a case on the suite's exceptions list: why certkit diverges. */
  exception?: string;
}

/** What a suite returns; this is also the `--json` output. */
export interface SuiteResult {
  suite: string;
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  files: Record<string, FileSummary>;
  failures: Failure[];
  skips: Skip[];
  /** Every case with its answer, when the suite lists them (limbo, pkits). */
  cases?: CaseResult[];
}

/** A conformance suite. */
export interface Suite {
  /** Name used on the command line. */
  name: string;
  /** One line of help. */
  description: string;
  /** Counter names, in the order the table shows them. */
  columns: string[];
  run(path: string): Promise<SuiteResult>;
}

/** An empty file summary. */
export function emptySummary(): FileSummary {
  return { total: 0, passed: 0, failed: 0, skipped: 0, counts: {}, notes: [] };
}

/** Adds the file summaries into a suite result's totals. */
export function totalUp(suite: string, files: Record<string, FileSummary>, failures: Failure[], skips: Skip[]): SuiteResult {
  const r: SuiteResult = { suite, total: 0, passed: 0, failed: 0, skipped: 0, files, failures, skips };
  for (const f of Object.values(files)) {
    r.total += f.total;
    r.passed += f.passed;
    r.failed += f.failed;
    r.skipped += f.skipped;
  }
  return r;
}
