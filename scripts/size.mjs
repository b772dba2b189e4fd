// `npm run size`: bundles typical certkit imports with esbuild (ESM, minified, browser platform,
// every dependency included: what an application ships) and gzips them (level 9), then checks
// each against its budget in package.json's "size" field (`{ "<case>": { "minified": "N KB",
// "gzip": "N KB", "target": { ... } } }`: the budget fails CI, the target is reported). Peer libraries doing the same job are
// measured the same way for the table (no budgets). Writes bench/size.md (`--write`) and
// .tmp/size.json; exits non-zero when a budget is exceeded.
// `npm run size -- --why [case-id]`: also lists, per case (or for the one named), the modules that
// make up the minified bundle, largest first (from esbuild's metafile), to see what an import pulls in.
//
// Sizes are in KB of 1024 bytes. Entries import certkit's layer entry points from source
// (src/<layer>/index.ts), which is what `certkit/<layer>` resolves to once built.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ROOT = resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const budgets = pkg.size ?? {};

/**
 * Each case: what a typical application writes. `certkit/x` is rewritten to src/x/index.ts and
 * `certkit/x/y` to src/x/y.ts. `reportOnly`: measured and shown, with no budget required yet.
 */
const CASES = [
  {
    id: 'parse-certificate',
    title: 'Parse a certificate (`parseCertificate` from `certkit/x509`: PEM → subject, issuer, validity, serial, DNS SANs)',
    code: `import { parseCertificate, getExtension, subjectAltNameCodec } from 'certkit/x509';
export function summary(pem) {
  const c = parseCertificate(pem);
  const dns = (getExtension(c, subjectAltNameCodec) ?? []).filter((n) => n.type === 'dns').map((n) => n.value);
  return { subject: c.subject.toString(), issuer: c.issuer.toString(), notAfter: c.notAfter, dns, serial: c.serialNumberHex };
}`,
  },
  {
    id: 'csr-p256',
    title: 'Build and sign a P-256 CSR',
    code: `import { generateKeyPair } from 'certkit/keys';
import { signerFromPrivateKey } from 'certkit/sig';
import { CsrBuilder, csrToPem } from 'certkit/csr';
export async function csr(host) {
  const { privateKey } = await generateKeyPair('P-256');
  const c = await CsrBuilder.create().subject({ CN: host }).subjectAltNames(host).sign(signerFromPrivateKey(privateKey));
  return csrToPem(c);
}`,
  },
  {
    id: 'parse-csr',
    title: 'Parse a CSR (`parseCsr` from `certkit/csr`: the `Csr` record and its subject)',
    code: `import { parseCsr } from 'certkit/csr';
export function subject(pem) {
  return parseCsr(pem).subject.toString();
}`,
  },
  {
    id: 'verify-chain',
    title: 'Validate a chain (parse PEMs, build and validate the path, host name)',
    code: `import { parseCertificate } from 'certkit/x509';
import { verifyChain } from 'certkit/path';
export function check(leaf, intermediates, roots, hostname) {
  return verifyChain(parseCertificate(leaf), { anchors: roots.map((r) => parseCertificate(r)), intermediates: intermediates.map((p) => parseCertificate(p)), hostname });
}`,
  },
  {
    id: 'console',
    title:
      "The web console's page script (`src/console/page`, served at `/ui/` by `certkit serve`: WebCrypto keys, CSR + lint, PKCS#12, certificate text, plain DOM; its CSS adds 4.1 / 1.4 KB, its HTML 9.5 / 2.7 KB)",
    entry: 'src/console/page/main.ts',
  },
  { id: 'everything', title: 'Everything (`import * from "certkit"`)', code: `export * from 'certkit';` },
];

/** Peers doing "parse a certificate and read its fields", and noble for scale. No budgets. */
const PEERS = [
  {
    id: 'pkijs',
    title: 'pkijs: parse a certificate',
    code: `import * as asn1js from 'asn1js'; import { Certificate } from 'pkijs';
export const f = (der) => { const c = Certificate.fromBER(der); return [c.subject.typesAndValues.length, c.notAfter.value, c.extensions?.length, asn1js.fromBER]; };`,
  },
  {
    id: '@peculiar/x509',
    title: '@peculiar/x509: parse a certificate (plus a Reflect polyfill at run time, not counted)',
    code: `import { X509Certificate } from '@peculiar/x509';
export const f = (der) => { const c = new X509Certificate(der); return [c.subject, c.issuer, c.notAfter, c.extensions.length]; };`,
  },
  {
    id: 'node-forge',
    title: 'node-forge: parse a certificate',
    code: `import forge from 'node-forge';
export const f = (pem) => { const c = forge.pki.certificateFromPem(pem); return [c.subject.attributes.length, c.validity.notAfter, c.extensions.length]; };`,
  },
  {
    id: 'noble',
    title: '@noble/curves (P-256, P-384, P-521, Ed25519, Ed448) + @noble/hashes',
    code: `export { p256, p384, p521 } from '@noble/curves/nist.js'; export { ed25519 } from '@noble/curves/ed25519.js'; export { ed448 } from '@noble/curves/ed448.js'; export * from '@noble/hashes/sha2.js';`,
  },
];

const kb = (n) => (n / 1024).toFixed(1);
const pair = (l) => (l.minified === undefined && l.gzip === undefined ? '–' : `${l.minified === undefined ? '–' : kb(l.minified)} / ${l.gzip === undefined ? '–' : kb(l.gzip)} KB`);

async function measure(code, entry) {
  const r = await build({
    // `entry`: a file of the repository bundled as is (the console page, which exports nothing)
    ...(entry ? { entryPoints: [join(ROOT, entry)] } : { stdin: { contents: code, resolveDir: ROOT, loader: 'js', sourcefile: 'entry.mjs' } }),
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    legalComments: 'none',
    logLevel: 'silent',
    metafile: true,
    plugins: [
      {
        name: 'certkit-from-source',
        setup(b) {
          b.onResolve({ filter: /^certkit(\/[a-z0-9-]+){0,2}$/ }, (a) => {
            const sub = a.path.split('/').slice(1);
            return { path: join(ROOT, 'src', sub.length === 0 ? 'index.ts' : sub.length === 1 ? `${sub[0]}/index.ts` : `${sub[0]}/${sub[1]}.ts`) };
          });
        },
      },
    ],
  });
  const bytes = r.outputFiles[0].contents;
  const inputs = Object.values(r.metafile.outputs)[0]?.inputs ?? {};
  const modules = Object.entries(inputs)
    .map(([path, v]) => ({ path: path.replace(/^.*node_modules\//, ''), bytes: v.bytesInOutput }))
    .filter((m) => m.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
  return { minified: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, modules };
}

const whyAt = process.argv.indexOf('--why');
const why = whyAt < 0 ? undefined : { only: process.argv[whyAt + 1]?.startsWith('--') ? undefined : process.argv[whyAt + 1] };

/** `--why`: the modules of one bundle, largest first, with their share of the minified size. */
function printWhy(id, m) {
  if (why === undefined || (why.only !== undefined && why.only !== id)) return;
  console.log(`  modules of ${id} (minified bytes each; gzip is not additive per module):`);
  for (const x of m.modules) {
    if (x.bytes < 256) continue;
    console.log(`  ${String(x.bytes).padStart(8)}  ${((100 * x.bytes) / m.minified).toFixed(1).padStart(5)}%  ${x.path}`);
  }
}

function parseBudget(s) {
  if (s === undefined) return undefined;
  const m = /^\s*([0-9.]+)\s*KB\s*$/i.exec(String(s));
  if (!m) throw new Error(`package.json size budget "${s}": write it as "<number> KB"`);
  return Math.round(Number(m[1]) * 1024);
}

const rows = [];
let over = 0;
for (const c of CASES) {
  const { modules, ...m } = await measure(c.code, c.entry);
  const b = budgets[c.id] ?? {};
  const limits = { minified: parseBudget(b.minified), gzip: parseBudget(b.gzip) };
  if (limits.minified === undefined && limits.gzip === undefined && !c.reportOnly && !process.argv.includes('--no-budgets')) throw new Error(`no budget for "${c.id}" in package.json "size"`);
  const targets = { minified: parseBudget(b.target?.minified), gzip: parseBudget(b.target?.gzip) };
  const fails = ['minified', 'gzip'].filter((k) => limits[k] !== undefined && m[k] > limits[k]);
  const misses = ['minified', 'gzip'].filter((k) => targets[k] !== undefined && m[k] > targets[k]);
  over += fails.length;
  rows.push({ ...c, ...m, limits, targets, fails, misses });
  const lim = (x) => (x === undefined ? '-' : kb(x));
  console.log(
    `${fails.length ? 'OVER' : 'ok  '} ${c.id.padEnd(24)} ${kb(m.minified).padStart(7)} KB min (budget ${lim(limits.minified)}, target ${lim(targets.minified)})  ${kb(m.gzip).padStart(6)} KB gzip (budget ${lim(limits.gzip)}, target ${lim(targets.gzip)})${misses.length ? '  [misses its target]' : ''}`,
  );
  printWhy(c.id, { ...m, modules });
}
const peers = [];
for (const p of PEERS) {
  try {
    const { modules, ...m } = await measure(p.code);
    peers.push({ ...p, ...m });
    console.log(`peer ${p.id.padEnd(24)} ${kb(m.minified).padStart(7)} KB min  ${kb(m.gzip).padStart(6)} KB gzip`);
  } catch (e) {
    console.log(`peer ${p.id}: not measured (${e.message.split('\n')[0]})`);
  }
}

mkdirSync(join(ROOT, '.tmp'), { recursive: true });
writeFileSync(join(ROOT, '.tmp/size.json'), JSON.stringify({ rows, peers }, null, 1) + '\n');
if (process.argv.includes('--write')) {
  const esbuildVersion = JSON.parse(readFileSync(join(ROOT, 'node_modules/esbuild/package.json'), 'utf8')).version;
  const lines = [
    '## Size',
    '',
    `Generated by \`npm run size -- --write\` (scripts/size.mjs): esbuild ${esbuildVersion}, ESM, minified, browser platform, every dependency bundled; gzip level 9. KB = 1024 bytes. Budgets are in package.json \`"size"\`; CI fails when one is exceeded.`,
    '',
    '| import | minified | gzipped | budget (min / gzip) | target (min / gzip) |',
    '|---|--:|--:|--:|--:|',
    ...rows.map((r) => `| ${r.title} | ${kb(r.minified)} KB | ${kb(r.gzip)} KB | ${pair(r.limits)}${r.fails.length ? ' **over**' : ''} | ${pair(r.targets)}${r.misses.length ? ' (missed)' : ''} |`),
    '',
    "Budget: the ceiling CI enforces (today's size plus a margin, so growth is a decision). Target: the goal set in issue 10.",
    '',
    'The same measurement on peers (parse a certificate and read a few fields), for scale:',
    '',
    '| peer | minified | gzipped |',
    '|---|--:|--:|',
    ...peers.map((p) => `| ${p.title} | ${kb(p.minified)} KB | ${kb(p.gzip)} KB |`),
    '',
  ];
  const file = join(ROOT, 'bench/size.md');
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    text = '# certkit: runtimes and size\n\n<!-- size:start -->\n<!-- size:end -->\n';
  }
  const start = text.indexOf('<!-- size:start -->');
  const end = text.indexOf('<!-- size:end -->');
  writeFileSync(file, `${text.slice(0, start)}<!-- size:start -->\n${lines.join('\n')}${text.slice(end)}`);
  console.log('wrote bench/size.md');
}
if (over) {
  console.error(`size: ${over} budget(s) exceeded`);
  process.exit(1);
}
console.log(`size: ${rows.length} imports within their budgets`);
