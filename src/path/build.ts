/**
 * Path building (ideas of RFC 4158) and the entry points `verifyChain` / `verifyChainSync`.
 *
 * Scope: from the end entity through an unordered pool of intermediates to any trust anchor,
 * depth first with backtracking. Candidate issuers are found through an index on the RFC 5280
 * §7.1 comparison key of subject names (never a linear scan of strings), ordered by the
 * authorityKeyIdentifier/subjectKeyIdentifier hint, and tried in turn: an expired alternative, a
 * cross-sign that leads nowhere or a dead end does not stop the search. Loops are cut on
 * (subject, public key). Each link's signature is verified once per call (a per-call cache), and
 * every complete path is then validated by `validate.ts` and checked for revocation. The work is
 * bounded by the call's {@link Budget}. When every candidate fails, the most specific error is
 * reported, with the others in `candidates`.
 *
 * The search is written once, as a generator that yields each signature check; the synchronous
 * driver answers with the pure verifier, the asynchronous one with WebCrypto where available.
 * Non-goals: fetching issuers (AIA), OCSP.
 * @module
 */
import type { PublicKey } from '../keys/index';
import type { VerifyPolicy } from '../sig/index';
import { _keyRefusal, signatureCost } from './budget';
import { _specificity, ValidationError } from './errors';
import { _checkPathRevocation } from './revocation';
import {
  _linkError,
  _resolve,
  _validateChain,
  _verifyLinkAsync,
  _verifyLinkSync,
  type _Anchor,
  type _Ctx,
  type _SigAnswer,
  type _SigRequest,
  type ValidationOptions,
  type ValidationResult,
} from './validate';
import { _info, _publicKey } from './_cert-info';
import { bytesEqual } from '../der/index';
import { Certificate } from './_x509';
import { certificateFingerprint } from '../x509/index';

/** Longest path (certificates below the anchor) the search explores. */
const MAX_PATH = 64;

/** Per-call state of the search. */
interface _Search {
  readonly ctx: _Ctx;
  readonly byName: Map<string, Certificate[]>;
  readonly anchorsByName: Map<string, _Anchor[]>;
  readonly links: Map<Certificate, Map<object, _SigAnswer>>;
  readonly errors: ValidationError[];
  /** Errors found on paths that reached an anchor (they outrank the others). */
  readonly complete: WeakSet<ValidationError>;
  readonly nesting: number;
  /**
   * When this search validates a candidate CRL signer's own path: that candidate. Its path has
   * passed §6.1 by the time revocation is checked, so it may sign the CRL that covers itself.
   */
  readonly selfSigner?: Certificate;
  /**
   * Per call, shared by the nested searches: at index `n`, the CRL signers whose own paths
   * validated in a search at nesting `n + 1` (pool and anchor certificates, in pool order).
   */
  readonly signers: (readonly Certificate[])[];
}

/** Buckets up to this size find duplicates byte for byte; larger ones by SHA-256 fingerprint. */
const _LINEAR_DEDUP = 8;

function _index(ctx: _Ctx): Map<string, Certificate[]> {
  const m = new Map<string, Certificate[]>();
  const seen = new Map<Certificate[], Set<string>>();
  for (const c of ctx.intermediates) {
    const k = _info(c).subjectKey;
    let l = m.get(k);
    if (l === undefined) m.set(k, (l = []));
    // Duplicates share a subject, so they meet in one bucket: compared there byte for byte
    // (cheaper than hashing every certificate of the pool on every call) while the bucket is
    // small, by fingerprint once it is not (a pool of 20,000 certificates with one subject,
    // differing only in their last octets, took 115 s byte for byte).
    else if (l.length < _LINEAR_DEDUP) {
      if (l.some((x) => x === c || bytesEqual(x.raw, c.raw))) continue;
    } else {
      let fps = seen.get(l);
      if (fps === undefined) seen.set(l, (fps = new Set(l.map((x) => certificateFingerprint(x)))));
      const fp = certificateFingerprint(c);
      if (fps.has(fp)) continue;
      fps.add(fp);
    }
    l.push(c);
  }
  return m;
}

function _anchorIndex(ctx: _Ctx): Map<string, _Anchor[]> {
  const m = new Map<string, _Anchor[]>();
  for (const a of ctx.anchors) {
    let l = m.get(a.subjectKey);
    if (l === undefined) m.set(a.subjectKey, (l = []));
    l.push(a);
  }
  return m;
}

/** Whether (subject, public key) of `c` is already on the path, as RFC 4158 §5.2 suggests. */
function _onPath(path: readonly Certificate[], c: Certificate): boolean {
  const k = _info(c).subjectKey;
  return path.some((p) => _info(p).subjectKey === k && bytesEqual(p.rawSpki, c.rawSpki));
}

/** AKI/SKI hint: 0 = match, 1 = no information, 2 = mismatch (tried last). */
function _hintRank(child: Certificate, issuerSki: Uint8Array | undefined): number {
  const aki = _info(child).authorityKeyIdentifier?.value.keyIdentifier;
  if (aki === undefined || issuerSki === undefined) return 1;
  return bytesEqual(aki, issuerSki) ? 0 : 2;
}

function _record(s: _Search, e: unknown): void {
  if (!(e instanceof ValidationError)) throw e;
  if (e.code === 'budget-exceeded') throw e;
  s.errors.push(e);
}

/** Yields a signature check unless cached; returns the answer. */
function* _link(s: _Search, cert: Certificate, key: PublicKey | { error: unknown }): Generator<_SigRequest, _SigAnswer, _SigAnswer> {
  let m = s.links.get(cert);
  if (m === undefined) s.links.set(cert, (m = new Map()));
  const cached = m.get(key);
  if (cached !== undefined) return cached;
  let ans: _SigAnswer;
  if ('error' in key) ans = { error: key.error };
  else {
    const refused = _keyRefusal(key, s.ctx.profile);
    if (refused !== undefined) ans = { error: refused };
    else {
      s.ctx.budget.spendSignature(signatureCost(key));
      ans = yield { cert, key };
    }
  }
  m.set(key, ans);
  return ans;
}

/**
 * Finds CRL signers: pool and anchor certificates whose own paths validate (nesting bounded).
 * A CRL signer being validated may vouch for itself: an indirect CRL may cover the certificate of
 * its own issuer (NIST PKITS 4.14.30: "indirectCRL CA4 cRLIssuer" is listed on nothing but the
 * CRL it signs, and the path is valid). Its path must still pass §6.1 first, and a CRL that lists
 * it as revoked still revokes it.
 *
 * Cost: whether a candidate validates at a given nesting depends on nothing else (its search
 * replaces the outer `selfSigner` with itself), so each depth's list is computed once per call
 * and reused by every later complete path; without this a pool of n CAs under one root cost n²
 * searches. Each candidate searched spends a build step, even one that has no issuer at all.
 */
function _signerFinder(s: _Search): () => Certificate[] {
  return () => {
    const self = s.selfSigner;
    if (s.nesting >= 2) return self === undefined ? [] : [self];
    const valid = (s.signers[s.nesting] ??= _validSigners(s));
    return self === undefined ? valid.slice() : [self, ...valid.filter((c) => c !== self)];
  };
}

/** The pool and anchor certificates whose own paths validate, each searched at nesting + 1. */
function _validSigners(s: _Search): Certificate[] {
  const out: Certificate[] = [];
  const anchorCerts = new Set<Certificate>();
  for (const a of s.ctx.anchors) if (a.cert !== undefined) anchorCerts.add(a.cert);
  const subCtx: _Ctx = { ...s.ctx, purposes: [], keyUsage: [], hostname: undefined, emails: [], profile: 'rfc5280', maxIntermediates: Infinity };
  for (const c of [...s.ctx.intermediates, ...anchorCerts]) {
    // A signer whose key is refused for certificates is refused for CRLs too (the CRL layer
    // would verify every CRL with it, outside the signature budget).
    const k = _publicKey(c);
    if ('error' in k || _keyRefusal(k, s.ctx.profile) !== undefined) continue;
    if (anchorCerts.has(c)) {
      out.push(c);
      continue;
    }
    s.ctx.budget.spendStep();
    try {
      const sub: _Search = { ...s, ctx: subCtx, errors: [], complete: new WeakSet(), nesting: s.nesting + 1, selfSigner: c };
      _drive(_search(sub, c), s.ctx.sigPolicy);
      out.push(c);
    } catch (e) {
      if (!(e instanceof ValidationError) || e.code === 'budget-exceeded') throw e;
    }
  }
  return out;
}

/** Validation of one complete path, then revocation. */
function _complete(s: _Search, path: readonly Certificate[], anchor: _Anchor): ValidationResult {
  const r = _validateChain(path, anchor, s.ctx);
  _checkPathRevocation(path, anchor, s.ctx, _signerFinder(s));
  return r;
}

/** The depth-first search from `path`'s last certificate; returns a result or `undefined`. */
function* _dfs(s: _Search, path: Certificate[]): Generator<_SigRequest, ValidationResult | undefined, _SigAnswer> {
  const cur = path[path.length - 1]!;
  const info = _info(cur);
  if (info.error !== undefined) {
    _record(
      s,
      new ValidationError('malformed', `certificate ${path.length - 1} of the path cannot be used: ${(info.error as Error).message}`, {
        certIndex: path.length - 1,
        certificate: cur,
        chain: path.slice(),
        cause: info.error,
      }),
    );
    return undefined;
  }
  const chainErr = (code: ConstructorParameters<typeof ValidationError>[0], msg: string, chain: readonly Certificate[], idx: number, cause?: unknown): ValidationError =>
    new ValidationError(code, msg, { certIndex: idx, certificate: chain[idx], chain, cause });

  // Anchors first: the shortest path wins.
  const anchors = (s.anchorsByName.get(info.issuerKey) ?? [])
    .slice()
    .sort(
      (a, b) =>
        _hintRank(cur, a.cert === undefined ? undefined : _info(a.cert).subjectKeyIdentifier?.value) - _hintRank(cur, b.cert === undefined ? undefined : _info(b.cert).subjectKeyIdentifier?.value),
    );
  for (const a of anchors) {
    s.ctx.budget.spendStep();
    const chain = a.cert === undefined ? path.slice() : [...path, a.cert];
    const ans = yield* _link(s, cur, a.key);
    const le = _linkError(cur, a.key, ans);
    if (le !== undefined) {
      _record(s, chainErr(le.code, le.message, chain, path.length - 1, le.cause));
      continue;
    }
    try {
      return _complete(s, path, a);
    } catch (e) {
      _record(s, e);
      if (e instanceof ValidationError) s.complete.add(e);
    }
  }
  if (path.length >= MAX_PATH) {
    _record(s, chainErr('max-depth', `no path shorter than ${MAX_PATH} certificates was found`, path.slice(), path.length - 1));
    return undefined;
  }
  const pool = s.byName.get(info.issuerKey) ?? [];
  const ordered = pool
    .filter((c) => c !== cur)
    // RFC 4158 §3.5: prefer a candidate an anchor issued (the shortest path), then the AKI/SKI hint.
    .map((c) => ({ c, rank: (s.anchorsByName.has(_info(c).issuerKey) ? 0 : 10) + _hintRank(cur, _info(c).subjectKeyIdentifier?.value) }))
    .sort((x, y) => x.rank - y.rank);
  for (const { c } of ordered) {
    s.ctx.budget.spendStep();
    if (_onPath(path, c)) continue; // RFC 4158 §5.2: a (subject, key) pair once per path
    const ci = _info(c);
    const chain = [...path, c];
    // Cheap checks before spending a signature: an issuer that cannot be a CA or is out of date.
    if (ci.error !== undefined) {
      _record(s, chainErr('malformed', `a candidate issuer cannot be used: ${(ci.error as Error).message}`, chain, path.length, ci.error));
      continue;
    }
    if (ci.basicConstraints?.value.cA !== true) {
      _record(s, chainErr('not-a-ca', `candidate issuer ${c.subject.toString()} is not a CA (basicConstraints cA TRUE missing)`, chain, path.length));
      continue;
    }
    const t = s.ctx.time.getTime();
    if (t < c.notBefore.getTime() || t > c.notAfter.getTime()) {
      _record(
        s,
        chainErr(t < c.notBefore.getTime() ? 'not-yet-valid' : 'expired', `candidate issuer ${c.subject.toString()} is outside its validity period at ${s.ctx.time.toISOString()}`, chain, path.length),
      );
      continue;
    }
    const key = _publicKey(c);
    const ans = yield* _link(s, cur, key);
    const le = _linkError(cur, key, ans);
    if (le !== undefined) {
      _record(s, chainErr(le.code, le.message, chain, path.length - 1, le.cause));
      continue;
    }
    path.push(c);
    const r = yield* _dfs(s, path);
    path.pop();
    if (r !== undefined) return r;
  }
  if (anchors.length === 0 && ordered.length === 0) {
    _record(s, chainErr('unknown-issuer', `no trust anchor or intermediate has the subject ${cur.issuer.toString()} that issued certificate ${path.length - 1}`, path.slice(), path.length - 1));
  }
  return undefined;
}

/** The whole search for `leaf`, throwing the most specific error when no path validates. */
function* _search(s: _Search, leaf: Certificate): Generator<_SigRequest, ValidationResult, _SigAnswer> {
  let r: ValidationResult | undefined;
  try {
    r = yield* _dfs(s, [leaf]);
  } catch (e) {
    if (e instanceof ValidationError && e.code === 'budget-exceeded') {
      e.candidates = _rank(s);
    }
    throw e;
  }
  if (r !== undefined) return r;
  const ranked = _rank(s);
  const best = ranked[0] ?? new ValidationError('unknown-issuer', 'no path to a trust anchor was found', { certificate: leaf, chain: [leaf] });
  best.candidates = ranked;
  throw best;
}

function _rank(s: _Search): ValidationError[] {
  return s.errors.slice().sort((a, b) => _specificity(b, s.complete.has(b)) - _specificity(a, s.complete.has(a)));
}

function _newSearch(ctx: _Ctx): _Search {
  return { ctx, byName: _index(ctx), anchorsByName: _anchorIndex(ctx), links: new Map(), errors: [], complete: new WeakSet(), nesting: 0, signers: [] };
}

/** Runs a search generator with the synchronous pure verifier. */
function _drive<T>(g: Generator<_SigRequest, T, _SigAnswer>, policy: VerifyPolicy): T {
  let step = g.next(undefined as unknown as _SigAnswer);
  while (!step.done) {
    const req = step.value;
    step = g.next(_verifyLinkSync(req.cert, req.key, policy));
  }
  return step.value;
}

function _checkLeaf(leaf: unknown): asserts leaf is Certificate {
  if (!(leaf instanceof Certificate)) throw new TypeError('expected the end-entity certificate as a parsed Certificate (see parseCertificate)');
}

/**
 * Builds and validates a path from `leaf` to one of `options.anchors`, synchronously, with the
 * pure-JS verifier: RFC 5280 §6.1 under the chosen profile, identity checks, and revocation with
 * the CRLs given.
 *
 * @returns the path found and what was decided.
 * @throws ValidationError (`code`, `certIndex`, `certificate`, `chain`, `candidates`) when no
 * path validates; TypeError / RangeError for bad arguments.
 * @example
 * ```ts
 * const r = verifyChainSync(leaf, { anchors: [root], intermediates: [ica], purposes: ['serverAuth'],
 *   hostname: 'example.com', time: new Date('2025-06-01T00:00:00Z') });
 * r.chain.length // 3
 * ```
 */
export function verifyChainSync(leaf: Certificate, options: ValidationOptions): ValidationResult {
  _checkLeaf(leaf);
  if (options.onlineRevocation !== undefined) throw new TypeError('onlineRevocation is asynchronous (it may fetch): use verifyChain');
  const ctx = _resolve(options);
  const s = _newSearch(ctx);
  return _drive(_search(s, leaf), ctx.sigPolicy);
}

/**
 * As {@link verifyChainSync}, verifying signatures with WebCrypto where the runtime has the
 * algorithm (several times faster for RSA and ECDSA; same answers).
 *
 * @throws (rejects with) ValidationError when no path validates.
 * @example
 * ```ts
 * try {
 *   const r = await verifyChain(leaf, { anchors: [root], intermediates, purposes: ['serverAuth'], hostname: 'example.com' });
 *   console.log(r.chain.map((c) => c.subject.toString()));
 * } catch (e) {
 *   if (e instanceof ValidationError) console.log(e.code, e.certIndex, e.message);
 * }
 * ```
 */
export async function verifyChain(leaf: Certificate, options: ValidationOptions): Promise<ValidationResult> {
  _checkLeaf(leaf);
  const ctx = _resolve(options);
  const s = _newSearch(ctx);
  const ahead = _prefetch(s, leaf);
  const g = _search(s, leaf);
  let step = g.next(undefined as unknown as _SigAnswer);
  while (!step.done) {
    const req = step.value;
    const pre = ahead.get(req.cert)?.get(req.key);
    const ans = pre !== undefined ? _unwrap(await pre) : await _answerAsync(ctx, req);
    step = g.next(ans);
  }
  const r = step.value;
  if (options.onlineRevocation === undefined) return r;
  const checker = options.onlineRevocation;
  if (checker === null || typeof checker !== 'object' || typeof checker.check !== 'function') throw new TypeError('onlineRevocation takes what onlineRevocation({ failure, ... }) returns');
  return { ...r, revocationChecks: await checker.check(r.chain, (r.anchor as Certificate).raw instanceof Uint8Array, ctx.time) };
}

/** One signature check on WebCrypto (or the pure path where WebCrypto lacks the algorithm). */
function _answerAsync(ctx: _Ctx, req: _SigRequest): Promise<_SigAnswer> {
  return _verifyLinkAsync(req.cert, req.key, ctx.sigPolicy, ctx.backend);
}

/** Most signature checks started ahead of the search. */
const _PREFETCH_LINKS = 4;

type _Settled = { ok: _SigAnswer } | { thrown: unknown };

function _unwrap(r: _Settled): _SigAnswer {
  if ('thrown' in r) throw r.thrown;
  return r.ok;
}

/**
 * Starts, all at once, the signature checks of the path the search will most likely try first,
 * so that WebCrypto verifies them in parallel instead of one round trip after the other. Followed
 * from the end entity while each certificate has at most two candidate issuers that pass the
 * search's cheap checks (named issuer, CA, in date), up to {@link _PREFETCH_LINKS} checks; the
 * search then takes these answers instead of asking again. An ambiguous pool is left to the
 * search. A check started here and not needed is wasted work, bounded by the same constant; the
 * budget counts the checks the search asks for, as without prefetching.
 */
function _prefetch(s: _Search, leaf: Certificate): Map<Certificate, Map<object, Promise<_Settled>>> {
  const out = new Map<Certificate, Map<object, Promise<_Settled>>>();
  let started = 0;
  const start = (cert: Certificate, key: PublicKey | { error: unknown }): void => {
    if ('error' in key || _keyRefusal(key, s.ctx.profile) !== undefined) return;
    let m = out.get(cert);
    if (m === undefined) out.set(cert, (m = new Map()));
    if (m.has(key)) return;
    // Settled into a value, so that a check nobody waits for cannot become an unhandled rejection.
    m.set(
      key,
      _answerAsync(s.ctx, { cert, key }).then(
        (ok) => ({ ok }),
        (thrown: unknown) => ({ thrown }),
      ),
    );
    started++;
  };
  const t = s.ctx.time.getTime();
  let cur = leaf;
  const path = [leaf];
  while (started < _PREFETCH_LINKS && path.length < MAX_PATH) {
    const info = _info(cur);
    if (info.error !== undefined) break;
    const anchors = s.anchorsByName.get(info.issuerKey) ?? [];
    const pool = (s.byName.get(info.issuerKey) ?? []).filter((c) => {
      if (c === cur || _onPath(path, c)) return false;
      const ci = _info(c);
      return ci.error === undefined && ci.basicConstraints?.value.cA === true && t >= c.notBefore.getTime() && t <= c.notAfter.getTime();
    });
    if (anchors.length + pool.length === 0 || anchors.length + pool.length > 2 || started + anchors.length + pool.length > _PREFETCH_LINKS) break;
    for (const a of anchors) start(cur, a.key);
    for (const c of pool) start(cur, _publicKey(c));
    if (anchors.length > 0 || pool.length !== 1) break;
    cur = pool[0]!;
    path.push(cur);
  }
  return out;
}
