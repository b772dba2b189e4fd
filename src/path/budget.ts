/**
 * Work budgets of one validation call, so that a hostile pool of certificates cannot make the
 * path builder burn CPU (the idea, and the default sizes, follow rustls-webpki's `Budget`).
 *
 * Scope: four counters (signature checks, their weighted cost, path-building steps,
 * name-constraint comparisons) that throw `budget-exceeded` once spent, the cost weight of one
 * signature check, and the keys refused before any arithmetic. Non-goals: wall-clock limits (the
 * counters bound the work, which is what a clock would approximate).
 *
 * Cost, not count: a signature check with a 16,384-bit RSA modulus and a 64-bit exponent costs
 * about 250 times one with a 2,048-bit modulus and e = 65537 (measured: 100 such candidates took
 * 2.8 s in `verifyChainSync`). Each check is weighted by {@link signatureCost} (the work of the
 * modular exponentiation grows with the square of the modulus size and linearly with the
 * exponent's length) and the weights are charged to `signatureCost`. Keys no legitimate path
 * needs are refused before any arithmetic ({@link _keyRefusal}): RSA moduli above
 * {@link MAX_RSA_MODULUS_BITS} (8,192 bits under `webpki`, as browsers; 16,384 under `rfc5280`,
 * the largest certkit generates) and public exponents above 2^32 (RFC 8017 allows them; no
 * deployed key uses one, and each bit of exponent is one more multiplication). An even exponent
 * is refused by the keys layer when the key is parsed.
 * @module
 */
import { SignatureError } from '../sig/index';
import type { PublicKey } from '../keys/index';
import { ValidationError } from './errors';

/** Budget sizes; each is the most work of that kind one call may do. */
export interface BudgetLimits {
  /** Signature verifications (cached links are free). Default 100, as rustls-webpki. */
  signatureChecks?: number;
  /**
   * The summed {@link signatureCost} of those verifications: 1 is one RSA-2048 (e = 65537)
   * check. Default 1,000 (100 checks with P-256 or 4,096-bit RSA keys fit; 62 with 8,192-bit
   * RSA keys, 41 with P-521 keys).
   */
  signatureCost?: number;
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
export const DEFAULT_BUDGET: Readonly<Required<BudgetLimits>> = { signatureChecks: 100, signatureCost: 1_000, buildSteps: 200_000, nameConstraintComparisons: 250_000 };

/**
 * The remaining work of one call. Created per call by the builder; exported for callers that
 * drive `validatePath` / `validatePathSync` themselves.
 * @example
 * ```ts
 * const budget = new Budget({ signatureChecks: 10 });
 * budget.spendSignature(); // throws ValidationError budget-exceeded on the 11th call
 * ```
 */
export class Budget {
  private _sig: number;
  private _cost: number;
  private _steps: number;
  private _nc: number;
  constructor(limits: BudgetLimits = {}) {
    if (limits === null || typeof limits !== 'object') throw new TypeError('budget limits must be an object');
    this._sig = _limit(limits.signatureChecks, DEFAULT_BUDGET.signatureChecks, 'signatureChecks');
    this._cost = _limit(limits.signatureCost, DEFAULT_BUDGET.signatureCost, 'signatureCost');
    this._steps = _limit(limits.buildSteps, DEFAULT_BUDGET.buildSteps, 'buildSteps');
    this._nc = _limit(limits.nameConstraintComparisons, DEFAULT_BUDGET.nameConstraintComparisons, 'nameConstraintComparisons');
  }
  /** Spends one signature check of the given {@link signatureCost} (default 1). */
  spendSignature(cost = 1): void {
    if (--this._sig < 0)
      throw new ValidationError(
        'budget-exceeded',
        'the signature-check budget of this validation is spent (a pool with too many candidate issuers); raise budget.signatureChecks if the pool is legitimate',
      );
    this._cost -= cost;
    if (this._cost < 0)
      throw new ValidationError(
        'budget-exceeded',
        `the signature-cost budget of this validation is spent (candidate issuers with expensive keys; this check weighs ${cost}); raise budget.signatureCost if the pool is legitimate`,
      );
  }
  /** Spends one path-building step. */
  spendStep(): void {
    if (--this._steps < 0) throw new ValidationError('budget-exceeded', 'the path-building budget of this validation is spent; raise budget.buildSteps if the pool is legitimate');
  }
  /** Spends `n` name-constraint comparisons. */
  spendNameComparisons(n: number): void {
    this._nc -= n;
    if (this._nc < 0)
      throw new ValidationError(
        'budget-exceeded',
        'the name-constraint comparison budget of this validation is spent (too many names times too many constraints); raise budget.nameConstraintComparisons if legitimate',
      );
  }
}

function _limit(v: number | undefined, d: number, what: string): number {
  if (v === undefined) return d;
  if (typeof v !== 'number') throw new TypeError(`budget.${what} must be a number`);
  if (!Number.isInteger(v) || v < 0) throw new RangeError(`budget.${what} must be a non-negative integer`);
  return v;
}

/**
 * Largest RSA modulus each profile accepts for a signature check, in bits (checked before any
 * arithmetic; a larger key fails the link with `unsupported-algorithm`).
 * @example
 * ```ts
 * MAX_RSA_MODULUS_BITS.webpki // 8192, as browsers
 * ```
 */
export const MAX_RSA_MODULUS_BITS: Readonly<{ rfc5280: number; webpki: number }> = { rfc5280: 16_384, webpki: 8_192 };

/**
 * Largest RSA public exponent accepted for a signature check (2^32).
 * @example
 * ```ts
 * parsePublicKey(spki).rsa!.e <= MAX_RSA_EXPONENT
 * ```
 */
export const MAX_RSA_EXPONENT = 1n << 32n;

/**
 * The weight of one signature check with `key`, in units of one RSA-2048 check with e = 65537:
 * RSA `(bits / 2048)² × max(1, bitLength(e) / 17)` (the modular exponentiation); ECDSA 8
 * (P-256), 12 (P-384), 24 (P-521); EdDSA and ML-DSA 6. The non-RSA weights follow the pure-JS
 * verifier's measured times (RSA-2048 0.37 ms, P-256 3.5 ms, P-384 4.9 ms, P-521 9.8 ms,
 * Ed25519 2.7 ms per check on the project's 2-core reference machine), so one unit is roughly
 * 0.4 ms of synchronous work and the default budget of 1,000 roughly 0.4 s at worst.
 * @example
 * ```ts
 * signatureCost(parsePublicKey(spki)) // 16 for RSA-8192 with e = 65537
 * ```
 */
export function signatureCost(key: PublicKey): number {
  switch (key.algorithm) {
    case 'RSA': {
      const e = key.rsa?.e ?? 65537n;
      const r = key.bits / 2048;
      return Math.max(1, Math.ceil(r * r * Math.max(1, e.toString(2).length / 17)));
    }
    case 'ECDSA':
      return key.curve === 'P-521' ? 24 : key.curve === 'P-384' ? 12 : 8;
    default:
      return 6;
  }
}

/**
 * Why a signature check with `key` is refused before any arithmetic (a `SignatureError`
 * `key-too-large`, which the path layer maps to `unsupported-algorithm`), or `undefined`.
 */
export function _keyRefusal(key: PublicKey, profile: 'rfc5280' | 'webpki'): SignatureError | undefined {
  if (key.algorithm !== 'RSA' || key.rsa === undefined) return undefined;
  const max = MAX_RSA_MODULUS_BITS[profile];
  if (key.bits > max) return new SignatureError('key-too-large', `an RSA modulus of ${key.bits} bits is above the ${max}-bit maximum of the ${profile} profile (refused before any arithmetic)`);
  if (key.rsa.e > MAX_RSA_EXPONENT)
    return new SignatureError('key-too-large', `an RSA public exponent of ${key.rsa.e.toString(2).length} bits is above the 2^32 maximum (refused before any arithmetic)`);
  return undefined;
}
