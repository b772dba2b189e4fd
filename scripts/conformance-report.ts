/**
 * Writes `docs/conformance.md` from the conformance runner's JSON output, so the published
 * tables are always the runners' own figures:
 *
 * ```sh
 * npm run conformance -- limbo test/vectors/x509-limbo/limbo-dev.json.gz --json .tmp/limbo.json
 * npm run conformance -- pkits test/vectors/pkits --json .tmp/pkits.json
 * npx tsx scripts/conformance-report.ts .tmp/limbo.json .tmp/pkits.json [docs/conformance.md]
 * ```
 *
 * Scope: the per-family limbo table and the per-section PKITS table (with OpenSSL's figures where
 * they are known per section), the exceptions and skips with their reasons (taken from the JSON,
 * which takes them from the runners' checked-in lists), the figures of OpenSSL and
 * pyca/cryptography beside certkit's, and the rules where the `webpki` profile differs from
 * `rfc5280`. Non-goals: running the suites (the runner does), measuring other libraries (their
 * figures are quoted, with where they come from).
 *
 * A Node script; the library itself stays on web standards.
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { CaseResult, SuiteResult } from './conformance/types';
import { DIFFERENTIAL_EXCEPTIONS } from './conformance/openssl-differential';
import { CERTIFICATE_RULES, CRL_RULES, type RuleRow } from './conformance/rule-table';

/**
 * Other verifiers on the same vector files, as measured for the project (quoted in issue 7 and in
 * `/work/shared/vectors/README.md`); they are not re-measured by this script.
 */
const PEERS = {
  limbo: [
    { name: 'pyca/cryptography 50', figure: '99.87% of the limbo cases it ran matched' },
    { name: 'OpenSSL 3.0.19', figure: '97.58% of the limbo cases matched' },
  ],
  pkitsOpenSsl: { matched: 258, total: 260, misses: { '4.1.5': 'DSA parameter inheritance', '4.14.30': 'cRLIssuer: an indirect CRL that covers its own signer' } as Record<string, string> },
} as const;

/** The rules where the two profiles differ (see `src/path/profiles.ts` and `validate.ts`). */
const PROFILE_RULES: ReadonlyArray<[rule: string, rfc5280: string, webpki: string, source: string]> = [
  ['When it applies', 'default when no TLS purpose is asked', 'default when `purposes` includes serverAuth or clientAuth', 'certkit option `profile`'],
  ['End entity that is a CA (basicConstraints cA TRUE)', 'allowed (the RFC makes no rule for the leaf position)', 'refused (profile)', 'CA/B BR 7.1.2.7.8'],
  ['keyCertSign in the end entity', 'allowed', 'refused (profile)', 'CA/B BR 7.1.2.7.11'],
  ['subjectAltName in the end entity', 'optional', 'required (profile)', 'CA/B BR 7.1.2.7.12'],
  ['extKeyUsage in the end entity', 'absent = every purpose', 'required when a purpose is asked, and non-critical (extended-key-usage)', 'CA/B BR 7.1.2.7.6'],
  ['anyExtendedKeyUsage in the end entity', 'allows every purpose', 'does not stand in for the purpose asked', 'RFC 5280 §4.2.1.12; rustls-webpki, browsers'],
  ['extKeyUsage in an intermediate', 'not checked (§6.1 has no EKU chaining)', 'when present, must allow the purpose asked (extended-key-usage)', 'web PKI practice (Chrome, Mozilla, rustls-webpki)'],
  ['extKeyUsage in a root', 'allowed', 'refused (profile)', 'CA/B BR 7.1.2.1.2'],
  ["A root's authorityKeyIdentifier", 'no rule', 'keyIdentifier only, equal to its subjectKeyIdentifier (profile)', 'CA/B BR 7.1.2.1.3'],
  [
    'Public keys of every certificate',
    'the signature policy only (RSA ≥ 2048 bits, no MD5/SHA-1, by default)',
    'also RSA a multiple of 8 bits; only ECDSA P-256/P-384/P-521, RSA and Ed25519 (weak-algorithm)',
    'CA/B BR 6.1.5, 7.1.3.1',
  ],
  ['keyUsage in an intermediate', 'checked only when present (§6.1.4 (n))', 'required (key-usage)', 'RFC 5280 §4.2.1.3 MUST; CA/B BR 7.1.2.10.7'],
  [
    "The end entity's keyUsage against the purpose",
    'not checked (§4.2.1.12 lists the consistent bits but §6.1 has no step for it)',
    'when present, needs digitalSignature, keyEncipherment or keyAgreement for serverAuth, digitalSignature or keyAgreement for clientAuth (key-usage)',
    'RFC 5280 §4.2.1.12; CA/B BR 7.1.2.7.11',
  ],
  ['subjectAltName critical while the subject is not empty', 'allowed (SHOULD NOT)', 'refused (invalid-extension)', 'RFC 5280 §4.2.1.6; CA/B BR 7.1.2.7.12'],
  ['A validity time before 2050 encoded as GeneralizedTime', 'accepted (the parser reads both encodings)', 'refused in every certificate below the anchor (profile)', 'RFC 5280 §4.1.2.5'],
  [
    'A serial number longer than 20 octets (a leniently parsed certificate)',
    'accepted (relying parties SHOULD handle it gracefully)',
    'refused below the anchor (profile)',
    'RFC 5280 §4.1.2.2; CA/B BR 7.1.2.7 (< 2^159)',
  ],
  [
    'A permitted dNSName name constraint that is the empty string',
    'matches every DNS name (zero or more labels added to the empty name)',
    'refused in an intermediate as malformed (name-constraints)',
    'RFC 5280 §4.2.1.10; CA/B BR 7.1.2.10.8',
  ],
  [
    'RSA keys',
    'modulus at most 16,384 bits, checked before any arithmetic',
    'modulus at most 8,192 bits (as browsers); no id-RSASSA-PSS keys, anchors included (weak-algorithm)',
    'certkit budget; CA/B BR 7.1.3.1.1',
  ],
  ['Trust anchor version', 'any (v1/v2 anchors are trust anchor information, §6.1.1 (d))', 'v3 only (profile)', 'CA/B BR 7.1.2.1'],
  [
    'basicConstraints critical in CA certificates',
    'required in intermediates and anchors (invalid-extension; off with `strictCriticality: false`)',
    'required in intermediates; not in anchors (Go Daddy and Starfield Class 2 and ePKI roots of the Mozilla store have it non-critical)',
    'RFC 5280 §4.2.1.9',
  ],
  [
    'nameConstraints critical',
    'required (invalid-extension; off with `strictCriticality: false`)',
    'not required (non-critical constraints are how the web PKI constrains CAs without breaking old clients)',
    'RFC 5280 §4.2.1.10',
  ],
];

/** Rules both profiles share that are often expected to differ. */
const SHARED_RULES: readonly string[] = [
  'Host names are matched against dNSName/iPAddress SANs only; the subject CN is never used for identity in either profile (RFC 9525 §6.3). `matchesHostname(cert, name, { cnFallback: true })` is the only way to consult it.',
  'A wildcard is the entire leftmost label and matches exactly one label (RFC 6125 §6.4.3).',
  'The opt-in `commonNameInSan` rule (every CN must copy a SAN, CA/B BR 7.1.4.3) is off by default in both; the limbo runner turns it on for the `webpki::` family only.',
  'RFC 5280 §4 "MUST"s a relying party can check (non-critical AKI/SKI, AKI keyIdentifier in non-self-issued certificates, SKI in CAs, policyConstraints/inhibitAnyPolicy critical, non-empty issuer, non-zero serial) apply in both.',
];

/**
 * Strictness decisions (issue 15), each with its section and the test that pins it
 * (`test/path-strictness.test.ts` unless said otherwise).
 */
const DECISIONS: readonly string[] = [
  "**What `webpki` checks on a trust anchor.** The anchor is trusted out of band, as in rustls-webpki and browsers: its name and key (and its validity period, nameConstraints and pathLenConstraint, which certkit honours in both profiles). On top, `webpki` refuses a v1/v2 anchor (BR 7.1.2.1; no root of the Debian/Mozilla store is older than v3), an id-RSASSA-PSS anchor key (BR 7.1.3.1.1: rsaEncryption only; such a key's parameters were never checked against anything), extKeyUsage in a root (BR 7.1.2.1.2) and a root AKI that is not its SKI (BR 7.1.2.1.3). It does **not** require keyUsage or a critical basicConstraints in an anchor, nor UTCTime before 2050: measured on the Debian `ca-certificates.crt` (144 roots), 6 roots have no keyUsage, 3 a non-critical basicConstraints (Go Daddy Class 2, Starfield Class 2, Chunghwa ePKI) and 1 a GeneralizedTime before 2050 (Certum Trusted Network CA 2); refusing them would refuse real sites. `rfc5280` keeps its own anchor rules (a v3 CA anchor has cA and, with keyUsage, keyCertSign; basicConstraints critical under `strictCriticality`).",
  '**GeneralizedTime before 2050** is refused by the `webpki` profile in the path layer, not by the certificate parser: the parser serves every profile and lenient callers, and RFC 5280 §4.1.2.5 is an issuance rule (a MUST on CAs) that relying parties such as OpenSSL without `-x509_strict` accept.',
  '**An empty permitted dNSName constraint.** RFC 5280 §4.2.1.10 defines a dNSName constraint as the names made by adding zero or more labels on the left, so the empty name is every name (OpenSSL reads it so; `rfc5280` too). Under `webpki` an intermediate with one is refused (name-constraints): BR 7.1.2.10.8 needs a domain the CA validated there, and a constraint that permits everything is more likely an encoding error than an intent (pyca refuses it as malformed). An empty *excluded* dNSName excludes every name in both.',
  '**cA FALSE with a pathLenConstraint** is refused in both profiles (invalid-extension): RFC 5280 §4.2.1.9 "CAs MUST NOT include the pathLenConstraint field unless the cA boolean is asserted", a rule a relying party can check, like the other §4 MUSTs both profiles apply.',
  '**A 21-octet serial number** (RFC 5280 §4.1.2.2: CAs MUST NOT, relying parties SHOULD handle it gracefully): the strict certificate parser refuses it (`invalid-serial-number`) and `parseCertificate(der, { lenient: true })` accepts it; the path layer then validates it under `rfc5280` and refuses it under `webpki` (BR: below 2^159).',
  '**An iPAddress name constraint of 4 octets** (no mask) is refused with its CA in both profiles (malformed), even when the leaf has no IP names: §4.2.1.10 defines the constraint as address and mask (8 or 32 octets), and a critical extension whose content cannot be processed makes the certificate unusable (§4.2); a CA that cannot encode its constraint cannot be trusted to have meant any particular network.',
  '**A keyUsage BIT STRING with a trailing zero octet** is not DER (X.690 §11.2.2: a named bit list has no trailing zero bits) and the strict parser refuses the certificate (malformed, both profiles); a lenient parse accepts it with the bits it names. Two roots of the Mozilla store (Trustwave Global ECC P256 and P384) are encoded so; `loadTrustStore` reads such anchors with the lenient parser as a fallback and lists them in its `lenient` result.',
  "**A reference host name with a trailing dot** is the hostname rules' owner's decision (`src/path/hostname.ts`), not made here.",
];

/** The work budgets (`src/path/budget.ts`), and the inputs each one bounds. */
const BUDGETS: ReadonlyArray<[budget: string, dflt: string, bounds: string]> = [
  ['`signatureChecks`', '100', 'signature verifications (a cached link is free): pools with many candidate issuers'],
  [
    '`signatureCost`',
    '1,000',
    "the same verifications weighed by `signatureCost(key)`: 1 = RSA-2048 with e = 65537; RSA (bits/2048)² × max(1, bitLength(e)/17); ECDSA 8 / 12 / 24 (P-256 / P-384 / P-521); EdDSA, ML-DSA 6 (the pure-JS verifier's measured times; one unit is about 0.4 ms of synchronous work)",
  ],
  [
    '`buildSteps`',
    '200,000',
    'candidate issuers considered by the depth-first search and CRL signer candidates searched: long chains of cross-signs, loops, dead ends (paths are also cut at 64 certificates)',
  ],
  ['`nameConstraintComparisons`', '250,000', 'names × subtrees compared: deep name-constraint × SAN products'],
  ['`MAX_POLICY_NODES` (fixed)', '10,000 nodes', 'the valid_policy_tree: many policies and policy mappings'],
];

function pct(n: number, d: number): string {
  return d === 0 ? '—' : `${((100 * n) / d).toFixed(2)}%`;
}

function esc(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function read(path: string, suite: string): SuiteResult & { cases: CaseResult[] } {
  const r = JSON.parse(readFileSync(path, 'utf8')) as SuiteResult;
  if (r.suite !== suite) throw new Error(`${path} is the output of suite '${r.suite}', expected '${suite}'`);
  if (!Array.isArray(r.cases)) throw new Error(`${path} has no per-case list; regenerate it with the current runner (--json)`);
  return r as SuiteResult & { cases: CaseResult[] };
}

function limboSection(r: SuiteResult & { cases: CaseResult[] }): string[] {
  const out: string[] = [];
  const executed = r.cases.length - r.skipped;
  const matched = r.cases.filter((c) => c.actual === c.expected).length;
  const abi = r.cases.filter((c) => c.expected === 'FAILURE' && c.actual === 'SUCCESS');
  const rbv = r.cases.filter((c) => c.expected === 'SUCCESS' && c.actual === 'FAILURE');
  const exceptions = r.cases.filter((c) => c.exception !== undefined);
  out.push('## x509-limbo (dev set)', '');
  out.push(
    `\`test/vectors/x509-limbo/limbo-dev.json.gz\`: ${r.cases.length.toLocaleString('en-US')} cases, ${r.skipped} skipped. Each case runs under the profile its family names (\`webpki::\`, \`bettertls::\`, \`online::\` under \`webpki\`; the others under \`rfc5280\`); \`denial-of-service\` cases must answer within 5 s.`,
    '',
  );
  out.push(
    `**certkit: ${matched.toLocaleString('en-US')} of ${executed.toLocaleString('en-US')} executed cases matched (${pct(matched, executed)}); ${abi.length} accepted-but-invalid, ${rbv.length} rejected-but-valid${exceptions.length > 0 ? ` (all ${exceptions.length} on the exceptions list)` : ''}; ${r.failed} unexpected results.**`,
    '',
  );
  out.push('| family | cases | matched | accepted-but-invalid | rejected-but-valid | exceptions | skipped | matched % |');
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const [family, f] of Object.entries(r.files)) {
    const cs = r.cases.filter((c) => c.group === family);
    const m = cs.filter((c) => c.actual === c.expected).length;
    const a = cs.filter((c) => c.expected === 'FAILURE' && c.actual === 'SUCCESS').length;
    const b = cs.filter((c) => c.expected === 'SUCCESS' && c.actual === 'FAILURE').length;
    const e = cs.filter((c) => c.exception !== undefined).length;
    out.push(`| \`${family}\` | ${f.total} | ${m} | ${a} | ${b} | ${e} | ${f.skipped} | ${pct(m, f.total - f.skipped)} |`);
  }
  out.push(`| **all** | **${r.total}** | **${matched}** | **${abi.length}** | **${rbv.length}** | **${exceptions.length}** | **${r.skipped}** | **${pct(matched, executed)}** |`, '');
  out.push('Beside it, on the same file (quoted, not re-measured here; per-family figures were not published):', '');
  out.push('| verifier | limbo dev set |', '|---|---|');
  out.push(`| certkit | ${pct(matched, executed)} of executed cases matched, ${r.skipped} skipped, ${abi.length} accepted-but-invalid |`);
  for (const p of PEERS.limbo) out.push(`| ${p.name} | ${p.figure} |`);
  out.push('');
  out.push('### Exceptions', '');
  if (exceptions.length === 0) out.push('None.', '');
  else {
    out.push('Cases certkit knowingly answers differently, from `EXCEPTIONS` in `scripts/conformance/limbo.ts` (the runner fails if one of them starts to match, so the list cannot go stale):', '');
    out.push('| case | expected | certkit | reason |', '|---|---|---|---|');
    for (const c of exceptions) out.push(`| \`${c.id}\` | ${c.expected} | ${c.actual} (\`${esc(c.reason.split(':')[0]!)}\`) | ${esc(c.exception!)} |`);
    out.push('');
  }
  const skipped = r.skips;
  if (skipped.length > 0) {
    out.push('### Skipped', '', '| case | reason |', '|---|---|');
    for (const s of skipped) out.push(`| \`${s.tcId}\` | ${esc(s.reason)} |`);
    out.push('');
  }
  return out;
}

function pkitsSection(r: SuiteResult & { cases: CaseResult[] }): string[] {
  const out: string[] = [];
  const executed = r.cases.filter((c) => c.actual !== 'skipped');
  const matched = executed.filter((c) => c.actual === c.expected).length;
  const invalidAccepted = executed.filter((c) => c.expected === 'invalid' && c.actual === 'valid').length;
  const os = PEERS.pkitsOpenSsl;
  out.push('## NIST PKITS', '');
  out.push(
    `\`test/vectors/pkits/pkits-expected.json\`: ${r.cases.length} entries (test × §6.1.1 input variant), validated at 2022-05-01T00:00:00Z, profile \`rfc5280\` with \`strictCriticality: false\`, revocation \`require\` with the entry's CRLs, SHA-1 and RSA-1024 allowed (PKITS dates from 2011).`,
    '',
  );
  out.push(
    `**certkit: ${matched} of ${executed.length} executed entries matched (${pct(matched, executed.length)}), ${invalidAccepted} invalid paths accepted, ${r.skipped} skipped. OpenSSL 3.0.19: ${os.matched} of ${os.total}.**`,
    '',
  );
  out.push('| section | entries | valid accepted | valid rejected | invalid rejected | invalid accepted | skipped | certkit matched | OpenSSL 3.0.19 matched |');
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  let osTotal = 0;
  for (const [section, f] of Object.entries(r.files)) {
    const cs = r.cases.filter((c) => c.group === section);
    const k = (e: string, a: string): number => cs.filter((c) => c.expected === e && c.actual === a).length;
    const m = cs.filter((c) => c.actual === c.expected).length;
    const osMiss = cs.filter((c) => os.misses[c.id.split(' ')[0]!] !== undefined).length;
    osTotal += f.total - osMiss;
    out.push(
      `| ${section} | ${f.total} | ${k('valid', 'valid')} | ${k('valid', 'invalid')} | ${k('invalid', 'invalid')} | ${k('invalid', 'valid')} | ${f.skipped} | ${m}/${f.total - f.skipped} | ${f.total - osMiss}/${f.total} |`,
    );
  }
  out.push(`| **all** | **${r.total}** | | | | **${invalidAccepted}** | **${r.skipped}** | **${matched}/${executed.length}** | **${osTotal}/${r.total}** |`, '');
  if (osTotal !== os.matched) throw new Error(`OpenSSL's per-section figures add up to ${osTotal}, not the published ${os.matched}: the PKITS file changed`);
  out.push(
    `OpenSSL's column: OpenSSL 3.0.19 agrees with the expected table on ${os.matched} of ${os.total} entries; it misses ${Object.entries(os.misses)
      .map(([t, why]) => `${t} (${why})`)
      .join(
        ' and ',
      )} (as measured for the project on these files: the shared vectors README and issue 7). certkit also answers 4.14.30 correctly: a CRL signer under validation may sign the indirect CRL that covers its own certificate (\`src/path/build.ts\`).`,
    '',
  );
  if (r.skips.length > 0) {
    out.push('### Skipped', '', '| entry | reason |', '|---|---|');
    for (const s of r.skips) out.push(`| ${s.tcId} | ${esc(s.reason)} |`);
    out.push('');
  }
  const fails = r.failures;
  if (fails.length > 0) {
    out.push('### Mismatches', '', '| entry | expected | certkit | reason |', '|---|---|---|---|');
    for (const f of fails) out.push(`| ${f.tcId} | ${f.expected} | ${f.actual} | ${esc(f.reason)} |`);
    out.push('');
  }
  return out;
}

function profileSection(): string[] {
  const out = ['## Where the `webpki` profile differs from `rfc5280`', ''];
  out.push(
    '`rfc5280` applies RFC 5280 as written; `webpki` applies what browsers and rustls-webpki enforce for TLS under the CA/Browser Forum Baseline Requirements. Both run the whole of RFC 5280 §6.1 (validity, signatures, basicConstraints and pathLenConstraint, keyCertSign, name constraints, the policy tree, unknown critical extensions).',
    '',
  );
  out.push('| rule | `rfc5280` | `webpki` | source |', '|---|---|---|---|');
  for (const [rule, a, b, src] of PROFILE_RULES) out.push(`| ${rule} | ${a} | ${b} | ${src} |`);
  out.push('', 'The same in both:', '');
  for (const s of SHARED_RULES) out.push(`- ${s}`);
  out.push(
    '',
    '### Strictness decisions',
    '',
    'Cases where RFC 5280, the Baseline Requirements and other validators disagree or leave room, decided with a test each under both profiles (`test/path-strictness.test.ts`):',
    '',
  );
  for (const s of DECISIONS) out.push(`- ${s}`);
  out.push(
    '',
    '## Work budgets',
    '',
    'Each validation call has budgets (`options.budget`, defaults in `DEFAULT_BUDGET`); spending one fails the call with `budget-exceeded` and a message naming it. Keys no legitimate path needs are refused before any arithmetic, with `unsupported-algorithm`: an RSA modulus above `MAX_RSA_MODULUS_BITS` (8,192 bits under `webpki`, as browsers; 16,384 under `rfc5280`) and a public exponent above 2^32 (an even exponent is refused when the key is parsed). The pool of issue 15 (100 candidate issuers with RSA-16,384 keys and 64-bit exponents under a garbage-signed leaf) took 2.5–2.8 s in `verifyChainSync` and 0.4–1.6 s in `verifyChain`; it is now refused in milliseconds (`test/path-hostile-cost.test.ts`, `bench/path.bench.ts`).',
    '',
    '| budget | default | bounds |',
    '|---|---|---|',
  );
  for (const [b, d, w] of BUDGETS) out.push(`| ${b} | ${d} | ${w} |`);
  out.push('', 'Not bounded by a budget yet: the signature checks of CRLs (`checkRevocation` verifies each CRL given against each candidate signer; the caller supplies the CRLs).');
  out.push('');
  return out;
}

/** How reference host names are read (issue 15), the same in both profiles. */
function referenceHostSection(): string[] {
  return [
    '## Reference host names',
    '',
    "Decision (issue 15): a reference host name with a trailing dot (an absolute name, `www.example.com.`) is refused, not normalised: `matchesHostname` returns false and `verifyChain({ hostname })` fails with `hostname-mismatch`, under both `rfc5280` and `webpki` (host-name matching is RFC 9525 §6, not a profile rule). The CSR linter's `hostnames` option and `wildcardCovers` apply the same rule (`hostname-not-covered`).",
    '',
    '- A presented DNS-ID never carries the root dot: RFC 5280 §4.2.1.6 requires dNSName in preferred name syntax (RFC 1034 §3.5, RFC 1123 §2.1), which has no empty label.',
    '- The name a TLS client compares is the one it sends in server_name, which RFC 6066 §3 encodes "without a trailing dot". A client that accepts an absolute name from its user removes the dot once, for both SNI and the check; the validator does not guess which form was meant (RFC 1034 §3.1: absolute and relative names differ until a resolver applies its search list).',
    "- OpenSSL (`-verify_hostname`) reports a mismatch and pyca/cryptography refuses the name, so the OpenSSL differential test sees the same verdict. Some validators (Go's crypto/x509 among them) strip the dot instead; callers used to that strip it themselves (`host.replace(/\\.$/, '')`).",
    '- The rules live in `src/x509/identity.ts` (`normalizeReferenceHost`), shared by validation and the linter; tests: `test/x509-identity.test.ts`, `test/path-validation.test.ts` (both profiles).',
    '',
  ];
}

function differentialSection(): string[] {
  const out = ['## OpenSSL differential test', ''];
  out.push(
    '`test/path-openssl-differential.test.ts` builds seeded random chains (a root, 0–3 intermediates, a leaf; P-256) with 0–2 random mutations each (31 kinds: validity, keyUsage and its criticality, basicConstraints and its criticality, pathLenConstraint, name constraints, extKeyUsage, SAN and its criticality, SKI/AKI, unknown critical extensions, issuer names, a v1 root, GeneralizedTime before 2050), validates each with certkit (`webpki`, serverAuth, host name) and with `openssl verify -x509_strict -purpose sslserver -verify_hostname www.example.com -attime T`, and fails on a chain certkit accepts and OpenSSL rejects outside the classes below (from `scripts/conformance/openssl-differential.ts`). CI runs 300 chains with seed 15 (about 10 s; `CERTKIT_DIFF_SEED` and `CERTKIT_DIFF_CHAINS` change them). Measured with OpenSSL 3.0.19: seed 15 × 300 chains: 115 both accept, 147 both reject, 27 only certkit rejects, 11 only certkit accepts (all in the classes below); seed 7 × 2,000 chains: 746 / 1,000 / 173 / 81, the 81 again all in these classes.',
    '',
  );
  out.push('| class | OpenSSL says | reason certkit accepts |', '|---|---|---|');
  for (const [name, x] of Object.entries(DIFFERENTIAL_EXCEPTIONS)) out.push(`| \`${name}\` | \`${esc(x.openssl.source)}\` | ${esc(x.reason)} |`);
  out.push(
    '',
    'Chains only certkit rejects are the `webpki` rules OpenSSL does not have: extKeyUsage required and non-critical in the leaf (BR 7.1.2.7.6), a subjectAltName required (7.1.2.7.12) and not critical beside a subject, no CA as leaf (7.1.2.7.8), no extKeyUsage in a root (7.1.2.1.2), UTCTime before 2050 (RFC 5280 §4.1.2.5; OpenSSL 3.0 does not check it even with `-x509_strict`).',
    '',
  );
  return out;
}

function ruleTableSection(): string[] {
  const out = ['## Rule table', ''];
  const both = CERTIFICATE_RULES.filter((r) => r.test === 'rule-table').length;
  out.push(
    `The MUST and MUST NOT rules of RFC 5280 (§4.1, §4.2, §5, §6.1) and the CA/B Baseline Requirements (7.1) that a relying party can check, where certkit enforces each, the outcome of a chain that breaks only that rule under each profile, and the test that proves it (from \`scripts/conformance/rule-table.ts\`). The ${both} rows marked *rule-table* are generated from both sides by \`test/path-rule-table.test.ts\`: the chain breaking the rule gives the outcome shown, the same chain keeping it is valid under both profiles.`,
    '',
  );
  const table = (rows: readonly RuleRow[]): void => {
    out.push('| rule | source | where | `rfc5280` | `webpki` | test |', '|---|---|---|---|---|---|');
    for (const r of rows) out.push(`| ${esc(r.rule)} | ${r.source} | ${esc(r.where)} | ${r.rfc5280} | ${r.webpki} | ${r.test === 'rule-table' ? '*rule-table*' : esc(r.test)} |`);
    out.push('');
  };
  out.push('### Certificates', '');
  table(CERTIFICATE_RULES);
  out.push('### CRLs', '');
  table(CRL_RULES);
  out.push(
    "Not yet covered: the audit of issue 15 asked for every MUST of §4.1, §4.2, §5, §6.1 and BR 7.1.2 as a row; the table above has the rules a relying party can check on a path and the ones certkit enforces. Not in it yet: the issuance-only MUSTs that cannot be judged from the certificate (serial uniqueness, key generation, validated names), the per-field rules of BR 7.1.2 profiles beyond those listed (certificatePolicies contents, AIA and CRL distribution point contents, subject attribute encodings of 7.1.4), the CRL rows generated from both sides (they are proven by the CRL layer's tests, not by generated pairs), and the criticality of CRL entry extensions (marked above).",
    '',
  );
  return out;
}

/** The whole document. */
export function renderConformance(limbo: SuiteResult & { cases: CaseResult[] }, pkits: SuiteResult & { cases: CaseResult[] }): string {
  const lines = [
    '# certkit path validation conformance',
    '',
    "<!-- Generated by scripts/conformance-report.ts from the conformance runner's JSON; do not edit by hand. -->",
    '',
    'Regenerate:',
    '',
    '```sh',
    'npm run conformance -- limbo test/vectors/x509-limbo/limbo-dev.json.gz --json .tmp/limbo.json',
    'npm run conformance -- pkits test/vectors/pkits --json .tmp/pkits.json',
    'npx tsx scripts/conformance-report.ts .tmp/limbo.json .tmp/pkits.json docs/conformance.md',
    '```',
    '',
    'Both suites also run in `npm test` (`test/limbo.test.ts`, `test/pkits.test.ts`), which pin the exact per-family and per-section counts below.',
    '',
    ...limboSection(limbo),
    ...pkitsSection(pkits),
    ...profileSection(),
    ...referenceHostSection(),
    ...differentialSection(),
    ...ruleTableSection(),
  ];
  return lines.join('\n');
}

function main(): void {
  const [limboPath, pkitsPath, outPath = 'docs/conformance.md'] = process.argv.slice(2);
  if (limboPath === undefined || pkitsPath === undefined) {
    console.error('usage: npx tsx scripts/conformance-report.ts <limbo.json> <pkits.json> [out.md]');
    process.exit(2);
  }
  const md = renderConformance(read(limboPath, 'limbo'), read(pkitsPath, 'pkits'));
  writeFileSync(outPath, md);
  console.log(`wrote ${outPath}`);
}

main();
