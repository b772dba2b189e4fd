/**
 * Certificate policy processing (RFC 5280 §6.1.2 (a)/(d)-(f), §6.1.3 (d)-(f), §6.1.4 (a)/(b)/
 * (h)-(j), §6.1.5 (a)/(b)/(g)) with the valid_policy_tree kept as the RFC describes it.
 *
 * Scope: the four §6.1.1 inputs (user-initial-policy-set, initial-explicit-policy,
 * initial-policy-mapping-inhibit, initial-any-policy-inhibit), certificatePolicies,
 * policyMappings, policyConstraints and inhibitAnyPolicy; the result is the user-constrained
 * policy set. The tree is bounded (`MAX_POLICY_NODES`) so that crafted mappings cannot make it
 * explode (cf. CVE-2023-0464). Non-goals: policy qualifiers beyond carrying them (user notices
 * are returned, never displayed).
 * @module
 */
import { ValidationError } from './errors';
import type { _Info } from './_cert-info';

/**
 * The anyPolicy OID (RFC 5280 §4.2.1.4).
 * @example
 * ```ts
 * await verifyChain(leaf, { anchors, policy: { userInitialPolicySet: [ANY_POLICY] } })
 * ```
 */
export const ANY_POLICY = '2.5.29.32.0';

/**
 * Most nodes the valid_policy_tree may hold before validation gives up (budget-exceeded).
 * @example
 * ```ts
 * // a chain whose policy tree would exceed MAX_POLICY_NODES fails with budget-exceeded
 * ```
 */
export const MAX_POLICY_NODES = 10_000;

/** The RFC 5280 §6.1.1 (c), (e), (f), (g) inputs. */
export interface PolicyInputs {
  /** user-initial-policy-set; default `[anyPolicy]`. */
  userInitialPolicySet?: readonly string[];
  /** initial-explicit-policy: a valid policy is required. Default `false`. */
  initialExplicitPolicy?: boolean;
  /** initial-policy-mapping-inhibit: policy mapping is forbidden. Default `false`. */
  initialPolicyMappingInhibit?: boolean;
  /** initial-any-policy-inhibit: anyPolicy in a certificate is not honoured. Default `false`. */
  initialAnyPolicyInhibit?: boolean;
}

interface _Node {
  policy: string;
  qualifiers: readonly unknown[];
  expected: Set<string>;
  parent: _Node | undefined;
  children: _Node[];
  depth: number;
}

/** The policy part of §6.1 validation state for one path of `n` certificates. */
export class _PolicyState {
  /** levels[d] = the nodes of depth d; `undefined` = the NULL tree. */
  private levels: _Node[][] | undefined;
  private explicitPolicy: number;
  private inhibitAnyPolicy: number;
  private policyMapping: number;
  private nodes = 1;
  private readonly userSet: ReadonlySet<string>;

  constructor(
    private readonly n: number,
    inputs: PolicyInputs,
  ) {
    const root: _Node = { policy: ANY_POLICY, qualifiers: [], expected: new Set([ANY_POLICY]), parent: undefined, children: [], depth: 0 };
    this.levels = [[root]];
    // §6.1.2 (d)-(f): n+1 unless the input sets the counter to 0.
    this.explicitPolicy = inputs.initialExplicitPolicy === true ? 0 : n + 1;
    this.inhibitAnyPolicy = inputs.initialAnyPolicyInhibit === true ? 0 : n + 1;
    this.policyMapping = inputs.initialPolicyMappingInhibit === true ? 0 : n + 1;
    this.userSet = new Set(inputs.userInitialPolicySet ?? [ANY_POLICY]);
  }

  private _add(parent: _Node, policy: string, qualifiers: readonly unknown[], expected: Iterable<string>): _Node {
    if (++this.nodes > MAX_POLICY_NODES) {
      throw new ValidationError('budget-exceeded', `the valid_policy_tree grew past ${MAX_POLICY_NODES} nodes (crafted policy mappings?)`);
    }
    const child: _Node = { policy, qualifiers, expected: new Set(expected), parent, children: [], depth: parent.depth + 1 };
    parent.children.push(child);
    const lv = this.levels!;
    (lv[child.depth] ??= []).push(child);
    return child;
  }

  /**
   * Deletes `nodes` and their descendants, in one pass over the levels and the parents touched
   * (deleting one at a time with indexOf/splice is quadratic in the width of a level).
   */
  private _removeAll(nodes: Iterable<_Node>): void {
    const gone = new Set<_Node>();
    const stack = [...nodes];
    while (stack.length) {
      const x = stack.pop()!;
      if (gone.has(x)) continue;
      gone.add(x);
      for (const c of x.children) stack.push(c);
    }
    if (gone.size === 0 || this.levels === undefined) return;
    const lv = this.levels;
    for (let d = 0; d < lv.length; d++) {
      const l = lv[d];
      if (l !== undefined && l.some((x) => gone.has(x))) lv[d] = l.filter((x) => !gone.has(x));
    }
    const parents = new Set<_Node>();
    for (const x of gone) if (x.parent !== undefined && !gone.has(x.parent)) parents.add(x.parent);
    for (const p of parents) p.children = p.children.filter((c) => !gone.has(c));
  }

  /** Deletes childless nodes of depth ≤ `maxDepth`, repeatedly; the tree becomes NULL with its root. */
  private _prune(maxDepth: number): void {
    if (this.levels === undefined) return;
    for (let d = Math.min(maxDepth, this.levels.length - 1); d >= 0; d--) {
      this._removeAll((this.levels[d] ?? []).filter((node) => node.children.length === 0));
    }
    if ((this.levels[0] ?? []).length === 0) this.levels = undefined;
  }

  /**
   * §6.1.3 (d)-(f) for certificate `i` (1-based).
   * @returns an error message when (f) fails.
   */
  processCertificate(i: number, info: _Info): string | undefined {
    const cp = info.certificatePolicies?.value;
    if (cp !== undefined && this.levels !== undefined) {
      const parents = this.levels[i - 1] ?? [];
      let anyQualifiers: readonly unknown[] | undefined;
      // The nodes of depth i-1 by expected policy: each policy of the certificate finds its
      // parents at once (a scan of every parent per policy is quadratic: a 0.4 MB certificate
      // with 50,000 policies under 9,000 nodes took 7 s).
      const byExpected = new Map<string, _Node[]>();
      for (const node of parents) {
        for (const p of node.expected) {
          const l = byExpected.get(p);
          if (l === undefined) byExpected.set(p, [node]);
          else l.push(node);
        }
      }
      const anyParent = parents.find((node) => node.policy === ANY_POLICY);
      // (d)(1)
      for (const pi of cp) {
        const p = pi.policyIdentifier;
        if (p === ANY_POLICY) {
          anyQualifiers = pi.qualifiers ?? [];
          continue;
        }
        const q = pi.qualifiers ?? [];
        const matching = byExpected.get(p);
        if (matching !== undefined) for (const node of matching) this._add(node, p, q, [p]);
        else if (anyParent !== undefined) this._add(anyParent, p, q, [p]);
      }
      // (d)(2): anyPolicy honoured while inhibit_anyPolicy > 0, or for a self-issued intermediate.
      if (anyQualifiers !== undefined && (this.inhibitAnyPolicy > 0 || (i < this.n && info.selfIssued))) {
        for (const node of parents) {
          const have = new Set(node.children.map((c) => c.policy));
          for (const p of node.expected) if (!have.has(p)) this._add(node, p, anyQualifiers, [p]);
        }
      }
      // (d)(3)
      this._prune(i - 1);
      if (this.levels !== undefined && (this.levels[i] ?? []).length === 0) this.levels = undefined;
    } else if (cp === undefined) {
      // (e)
      this.levels = undefined;
    }
    // (f)
    if (this.explicitPolicy <= 0 && this.levels === undefined) {
      return 'no valid certificate policy remains and an explicit policy is required (RFC 5280 §6.1.3 (f))';
    }
    return undefined;
  }

  /**
   * §6.1.4 (a), (b), (h), (i), (j) when preparing for certificate `i + 1`.
   * @returns an error message when (a) fails.
   */
  prepareNext(i: number, info: _Info): string | undefined {
    const pm = info.policyMappings?.value;
    if (pm !== undefined) {
      // (a)
      for (const m of pm) {
        if (m.issuerDomainPolicy === ANY_POLICY || m.subjectDomainPolicy === ANY_POLICY) {
          return 'policyMappings maps to or from anyPolicy (RFC 5280 §6.1.4 (a))';
        }
      }
      // (b)
      if (this.levels !== undefined) {
        const mapped = new Map<string, string[]>();
        for (const m of pm) {
          let l = mapped.get(m.issuerDomainPolicy);
          if (l === undefined) mapped.set(m.issuerDomainPolicy, (l = []));
          if (!l.includes(m.subjectDomainPolicy)) l.push(m.subjectDomainPolicy);
        }
        // The nodes of depth i by policy, once (a scan of the level per mapping is quadratic).
        // Neither branch below changes which nodes of depth i another issuerDomainPolicy finds.
        const level = this.levels[i] ?? [];
        const byPolicy = new Map<string, _Node[]>();
        for (const node of level) {
          const l = byPolicy.get(node.policy);
          if (l === undefined) byPolicy.set(node.policy, [node]);
          else l.push(node);
        }
        const any = byPolicy.get(ANY_POLICY)?.[0];
        if (this.policyMapping > 0) {
          for (const [idp, sdps] of mapped) {
            const nodes = byPolicy.get(idp);
            if (nodes !== undefined) {
              for (const node of nodes) node.expected = new Set(sdps);
            } else if (any !== undefined && any.parent !== undefined) {
              this._add(any.parent, idp, any.qualifiers, sdps);
            }
          }
        } else {
          // (b)(2): delete the nodes of each issuerDomainPolicy, then prune (pruning touches
          // depth ≤ i-1 only, so once after all deletions is the same as after each).
          const doomed: _Node[] = [];
          for (const idp of mapped.keys()) for (const node of byPolicy.get(idp) ?? []) doomed.push(node);
          this._removeAll(doomed);
          this._prune(i - 1);
        }
      }
    }
    // (h)
    if (!info.selfIssued) {
      if (this.explicitPolicy > 0) this.explicitPolicy--;
      if (this.policyMapping > 0) this.policyMapping--;
      if (this.inhibitAnyPolicy > 0) this.inhibitAnyPolicy--;
    }
    // (i)
    const pc = info.policyConstraints?.value;
    if (pc !== undefined) {
      if (pc.requireExplicitPolicy !== undefined && pc.requireExplicitPolicy < this.explicitPolicy) this.explicitPolicy = pc.requireExplicitPolicy;
      if (pc.inhibitPolicyMapping !== undefined && pc.inhibitPolicyMapping < this.policyMapping) this.policyMapping = pc.inhibitPolicyMapping;
    }
    // (j)
    const iap = info.inhibitAnyPolicy?.value;
    if (iap !== undefined && iap < this.inhibitAnyPolicy) this.inhibitAnyPolicy = iap;
    return undefined;
  }

  /**
   * §6.1.5 (a), (b), (g) after the last certificate.
   * @returns the user-constrained policy set (`[anyPolicy]` for any), or an error message.
   */
  wrapUp(last: _Info): { policies: string[] } | { error: string } {
    // (a), (b)
    if (this.explicitPolicy > 0) this.explicitPolicy--;
    if (last.policyConstraints?.value.requireExplicitPolicy === 0) this.explicitPolicy = 0;
    // (g)
    const n = this.n;
    if (this.levels !== undefined && !this.userSet.has(ANY_POLICY)) {
      // (g)(iii)(1)-(2): nodes whose parent is anyPolicy, outside the user set, go.
      const nodeSet: _Node[] = [];
      for (const lv of this.levels) for (const node of lv) if (node.parent?.policy === ANY_POLICY && node.policy !== ANY_POLICY) nodeSet.push(node);
      const kept = new Set<string>();
      const doomed: _Node[] = [];
      for (const node of nodeSet) {
        if (!this.userSet.has(node.policy)) doomed.push(node);
        else kept.add(node.policy);
      }
      this._removeAll(doomed);
      // (g)(iii)(3): a leaf anyPolicy node stands for each user policy not yet present.
      const anyLeaf = (this.levels[n] ?? []).find((node) => node.policy === ANY_POLICY);
      if (anyLeaf !== undefined && anyLeaf.parent !== undefined) {
        for (const p of this.userSet) if (!kept.has(p)) this._add(anyLeaf.parent, p, anyLeaf.qualifiers, [p]);
        this._removeAll([anyLeaf]);
      }
      // (g)(iii)(4)
      this._prune(n - 1);
      if (this.levels !== undefined && (this.levels[n] ?? []).length === 0) this.levels = undefined;
    }
    if (this.explicitPolicy <= 0 && this.levels === undefined) {
      return { error: 'no certificate policy acceptable to the caller is valid for this path, and an explicit policy is required (RFC 5280 §6.1.5 (g))' };
    }
    const policies = this.levels === undefined ? [] : [...new Set((this.levels[n] ?? []).map((x) => x.policy))];
    return { policies };
  }
}
