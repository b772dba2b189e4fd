/**
 * Work budgets of one validation call, so that a hostile pool of certificates cannot make the
 * path builder burn CPU (the idea, and the default sizes, follow rustls-webpki's `Budget`).
 *
 * Scope: three counters (signature checks, path-building steps, name-constraint comparisons)
 * that throw `budget-exceeded` once spent. Non-goals: wall-clock limits (the counters bound the
 * work, which is what a clock would approximate).
 * @module
 */
import { ValidationError } from './errors';

/** Budget sizes; each is the most work of that kind one call may do. */
export interface BudgetLimits {
  /** Signature verifications (cached links are free). Default 100, as rustls-webpki. */
  signatureChecks?: number;
  /** Candidate issuers considered by the depth-first search, and CRL signer candidates searched. Default 200,000, as rustls-webpki. */
  buildSteps?: number;
  /** Comparisons of one name with one constraint subtree. Default 250,000, as rustls-webpki. */
  nameConstraintComparisons?: number;
}

/**
 * The defaults of {@link BudgetLimits}.
 * @example
 * ```ts
 * await verifyChain(leaf, { anchors, budget: { ...DEFAULT_BUDGET, signatureChecks: 50 } })
 * ```
 */
export const DEFAULT_BUDGET: Readonly<Required<BudgetLimits>> = {
  signatureChecks: 100,
  buildSteps: 200_000,
  nameConstraintComparisons: 250_000,
};

/**
 * The remaining work of one call. Created per call by the builder; exported for callers that
 * drive `validatePath` themselves.
 * @example
 * ```ts
 * const budget = new Budget({ signatureChecks: 10 });
 * budget.spendSignature(); // throws ValidationError budget-exceeded on the 11th call
 * ```
 */
export class Budget {
  private _sig: number;
  private _steps: number;
  private _nc: number;
  constructor(limits: BudgetLimits = {}) {
    if (limits === null || typeof limits !== 'object') throw new TypeError('budget limits must be an object');
    this._sig = _limit(limits.signatureChecks, DEFAULT_BUDGET.signatureChecks, 'signatureChecks');
    this._steps = _limit(limits.buildSteps, DEFAULT_BUDGET.buildSteps, 'buildSteps');
    this._nc = _limit(limits.nameConstraintComparisons, DEFAULT_BUDGET.nameConstraintComparisons, 'nameConstraintComparisons');
  }
  /** Spends one signature check. */
  spendSignature(): void {
    if (--this._sig < 0) throw new ValidationError('budget-exceeded', 'the signature-check budget of this validation is spent (a pool with too many candidate issuers); raise budget.signatureChecks if the pool is legitimate');
  }
  /** Spends one path-building step. */
  spendStep(): void {
    if (--this._steps < 0) throw new ValidationError('budget-exceeded', 'the path-building budget of this validation is spent; raise budget.buildSteps if the pool is legitimate');
  }
  /** Spends `n` name-constraint comparisons. */
  spendNameComparisons(n: number): void {
    this._nc -= n;
    if (this._nc < 0) throw new ValidationError('budget-exceeded', 'the name-constraint comparison budget of this validation is spent (too many names times too many constraints); raise budget.nameConstraintComparisons if legitimate');
  }
}

function _limit(v: number | undefined, d: number, what: string): number {
  if (v === undefined) return d;
  if (typeof v !== 'number') throw new TypeError(`budget.${what} must be a number`);
  if (!Number.isInteger(v) || v < 0) throw new RangeError(`budget.${what} must be a non-negative integer`);
  return v;
}
