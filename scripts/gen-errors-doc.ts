/**
 * Generates `docs/errors.md` from the sources: every error class (each extends `CertkitError`),
 * the layer it lives in, the public subpaths that export it, what it means (the first paragraph
 * of its doc comment), and a table of its codes with the comment written beside each member of
 * its code union; then the codes of a revocation status `unknown`, the lint finding codes and the
 * CA's own finding codes.
 *
 * Reads the sources with the TypeScript compiler API (syntax only: no type checking, no program),
 * so it runs in well under a second. `test/errors-doc.test.ts` regenerates the document in memory
 * and fails when `docs/errors.md` is stale, when a code has no description comment or is not
 * kebab-case.
 *
 * Usage: `npm run docs:errors` (writes `docs/errors.md`).
 * @module
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

/** One member of a code union. */
export interface CodeEntry {
  /** The string literal. */
  readonly code: string;
  /** The comment beside it (`// ...`), without the slashes; `''` when there is none. */
  readonly description: string;
  /** The heading comment of the group it is in (`// keys` above a run of members), if any. */
  readonly group: string | undefined;
}

/** A string-literal union type that lists codes. */
export interface CodeUnion {
  /** The type alias's name, e.g. `DerErrorCode`. */
  readonly name: string;
  /** Source file, relative to the repository root. */
  readonly file: string;
  /** The first paragraph of its doc comment. */
  readonly summary: string;
  readonly entries: readonly CodeEntry[];
}

/** One error class. */
export interface ErrorClass {
  readonly name: string;
  /** The class it extends (`Error` for the base). */
  readonly base: string;
  /** Directory under `src/`: `der`, `x509`, ... */
  readonly layer: string;
  /** Source file, relative to the repository root. */
  readonly file: string;
  /** Public entry points that export it (`certkit`, `certkit/der`, ...), in package.json order. */
  readonly exportedFrom: readonly string[];
  /** The first paragraph of its doc comment. */
  readonly summary: string;
  /** Its code union, when its `code` is declared with one. */
  readonly codes: CodeUnion | undefined;
}

/** Everything the document is made of. */
export interface ErrorModel {
  readonly classes: readonly ErrorClass[];
  /**
   * `Error` subclasses private to one module (not exported, name starting with `_`): control-flow
   * signals caught where they are thrown, never seen by a caller. Not documented.
   */
  readonly internal: ReadonlyArray<{ readonly name: string; readonly file: string; readonly base: string }>;
  /** Code unions of non-error values: revocation status, lint findings, CA findings. */
  readonly revocation: CodeUnion;
  readonly lint: CodeUnion;
  readonly caFindings: CodeUnion;
}

/** Layers in dependency order (docs/architecture.md). */
export const LAYERS = ['der', 'oid', 'pem', 'keys', 'sig', 'x509', 'csr', 'crl', 'ocsp', 'pkcs12', 'path', 'cms', 'ca', 'server', 'node', 'cli'] as const;

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Whether a code is kebab-case (lower-case words of letters and digits joined by single hyphens). */
export function isKebabCase(code: string): boolean {
  return KEBAB.test(code);
}

function _walkTs(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) _walkTs(p, out);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out.sort();
}

/** The public entry points of package.json "exports", as `[name, source file]`. */
export function entryPoints(root: string): Array<readonly [string, string]> {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
  return Object.keys(pkg.exports)
    .filter((k) => k !== './package.json')
    .map((k) => {
      const sub = k === '.' ? '' : k.slice(2);
      const src = sub === '' ? 'src/index.ts' : sub === 'x509/view' ? 'src/x509/view.ts' : `src/${sub}/index.ts`;
      return [k === '.' ? 'certkit' : `certkit/${sub}`, src] as const;
    });
}

/** The first paragraph of a node's JSDoc, on one line. */
function _summary(node: ts.Node): string {
  const docs = (node as { jsDoc?: ts.JSDoc[] }).jsDoc;
  const doc = docs?.[docs.length - 1];
  if (doc === undefined || doc.comment === undefined) return '';
  const text = typeof doc.comment === 'string' ? doc.comment : (ts.getTextOfJSDocComment(doc.comment) ?? '');
  const para = text.split(/\n\s*\n/)[0] ?? '';
  return para
    .replace(/\{@link\s+([^}\s|]+)(?:\s*\|?\s*[^}]*)?\}/g, '`$1`')
    .replace(/\s+/g, ' ')
    .trim();
}

function _lineComment(text: string, ranges: readonly ts.CommentRange[] | undefined): string | undefined {
  const r = ranges?.find((c) => c.kind === ts.SyntaxKind.SingleLineCommentTrivia);
  return r === undefined ? undefined : text.slice(r.pos + 2, r.end).trim();
}

/** Reads a union of string literals with the comment beside each member. */
function _codeUnion(sf: ts.SourceFile, decl: ts.TypeAliasDeclaration, file: string): CodeUnion {
  const text = sf.text;
  const types = ts.isUnionTypeNode(decl.type) ? decl.type.types : [decl.type];
  const entries: CodeEntry[] = [];
  let group: string | undefined;
  let prevEnd = decl.type.pos;
  types.forEach((t, i) => {
    if (!ts.isLiteralTypeNode(t) || !ts.isStringLiteral(t.literal)) {
      throw new Error(`${file}: ${decl.name.text} has a member that is not a string literal: ${t.getText(sf)}`);
    }
    // A comment alone on its line between two members names the group that follows.
    const between = text.slice(prevEnd, t.getStart(sf));
    for (const line of between.split('\n').slice(1)) {
      const m = /^\s*\/\/\s*(.*?)\s*$/.exec(line);
      if (m) group = m[1];
    }
    // The description: the comment after the member (after the `;` for the last one).
    const after = i === types.length - 1 && text[t.end] === ';' ? t.end + 1 : t.end;
    const description = _lineComment(text, ts.getTrailingCommentRanges(text, after)) ?? '';
    entries.push({ code: t.literal.text, description, group });
    prevEnd = after;
  });
  return { name: decl.name.text, file, summary: _summary(decl), entries };
}

interface _Module {
  readonly sf: ts.SourceFile;
  readonly file: string;
}

/** Names a module exports, following `export ... from` and `export *` re-exports. */
function _exportedNames(root: string, mods: Map<string, _Module>, file: string, seen = new Set<string>()): Set<string> {
  const out = new Set<string>();
  if (seen.has(file)) return out;
  seen.add(file);
  const m = mods.get(file);
  if (m === undefined) return out;
  const resolve = (spec: string): string => {
    const base = path.join(path.dirname(file), spec);
    for (const c of [`${base}.ts`, path.join(base, 'index.ts')]) if (mods.has(c)) return c;
    return `${base}.ts`;
  };
  for (const st of m.sf.statements) {
    if (ts.isExportDeclaration(st)) {
      const from = st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) ? resolve(st.moduleSpecifier.text) : undefined;
      if (st.exportClause === undefined) {
        if (from !== undefined) for (const n of _exportedNames(root, mods, from, seen)) out.add(n);
      } else if (ts.isNamedExports(st.exportClause)) {
        for (const el of st.exportClause.elements) out.add(el.name.text);
      }
    } else if (
      (ts.isClassDeclaration(st) || ts.isFunctionDeclaration(st) || ts.isTypeAliasDeclaration(st) || ts.isInterfaceDeclaration(st)) &&
      st.name !== undefined &&
      st.modifiers?.some((x) => x.kind === ts.SyntaxKind.ExportKeyword)
    ) {
      out.add(st.name.text);
    } else if (ts.isVariableStatement(st) && st.modifiers?.some((x) => x.kind === ts.SyntaxKind.ExportKeyword)) {
      for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) out.add(d.name.text);
    }
  }
  return out;
}

/** Reads the sources under `root/src` into the error model. */
export function collectErrorModel(root: string): ErrorModel {
  const mods = new Map<string, _Module>();
  for (const abs of _walkTs(path.join(root, 'src'))) {
    const file = path.relative(root, abs).split(path.sep).join('/');
    mods.set(file, { file, sf: ts.createSourceFile(file, readFileSync(abs, 'utf8'), ts.ScriptTarget.Latest, true) });
  }
  const unions = new Map<string, CodeUnion>();
  const classDecls: Array<{ decl: ts.ClassDeclaration; file: string; base: string }> = [];
  for (const { sf, file } of mods.values()) {
    for (const st of sf.statements) {
      if (ts.isTypeAliasDeclaration(st) && /Code$/.test(st.name.text) && (ts.isUnionTypeNode(st.type) || ts.isLiteralTypeNode(st.type))) {
        if (unions.has(st.name.text)) throw new Error(`two code unions named ${st.name.text}`);
        unions.set(st.name.text, _codeUnion(sf, st, file));
      }
      if (ts.isClassDeclaration(st) && st.name !== undefined) {
        const ext = st.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
        if (ext !== undefined) classDecls.push({ decl: st, file, base: ext.expression.getText(sf) });
      }
    }
  }
  // Error classes: `Error` subclasses, transitively.
  const isError = new Map<string, boolean>([['Error', true]]);
  const byName = new Map(classDecls.map((c) => [c.decl.name!.text, c]));
  const errorish = (n: string, depth = 0): boolean => {
    if (isError.has(n)) return isError.get(n)!;
    const c = byName.get(n);
    const v = depth < 20 && c !== undefined && errorish(c.base, depth + 1);
    isError.set(n, v);
    return v;
  };
  const entries = entryPoints(root);
  const exportsOf = new Map(entries.map(([name, src]) => [name, _exportedNames(root, mods, src)]));
  const classes: ErrorClass[] = [];
  const internal: Array<{ name: string; file: string; base: string }> = [];
  for (const { decl, file, base } of classDecls) {
    const name = decl.name!.text;
    if (!errorish(name)) continue;
    const exported = decl.modifiers?.some((x) => x.kind === ts.SyntaxKind.ExportKeyword) === true;
    if (!exported && name.startsWith('_')) {
      // A module's private control-flow signal (caught in the same file), not an error of the API.
      internal.push({ name, file, base });
      continue;
    }
    const codeMember = decl.members.find((m): m is ts.PropertyDeclaration => ts.isPropertyDeclaration(m) && ts.isIdentifier(m.name) && m.name.text === 'code');
    let codes: CodeUnion | undefined;
    if (codeMember?.type !== undefined && ts.isTypeReferenceNode(codeMember.type)) {
      const t = codeMember.type.typeName.getText();
      codes = unions.get(t);
      if (codes === undefined) throw new Error(`${file}: ${name}.code is declared as ${t}, which is not a code union in src/`);
    } else if (name !== 'CertkitError') {
      throw new Error(`${file}: ${name} does not declare its code union (\`declare readonly code: ${name}Code\`)`);
    }
    classes.push({ name, base, layer: file.split('/')[1]!, file, exportedFrom: entries.map(([n]) => n).filter((n) => exportsOf.get(n)!.has(name)), summary: _summary(decl), codes });
  }
  const rank = (c: ErrorClass): number => (c.name === 'CertkitError' ? -1 : LAYERS.indexOf(c.layer as (typeof LAYERS)[number]));
  classes.sort((a, b) => rank(a) - rank(b) || a.file.localeCompare(b.file) || a.name.localeCompare(b.name));
  const need = (n: string): CodeUnion => {
    const u = unions.get(n);
    if (u === undefined) throw new Error(`no code union ${n} in src/`);
    return u;
  };
  return { classes, internal, revocation: need('RevocationUnknownCode'), lint: need('LintCode'), caFindings: need('CaFindingCode') };
}

/** Every code union of the model, with where it is used. */
export function allCodeUnions(model: ErrorModel): CodeUnion[] {
  const seen = new Set<string>();
  const out: CodeUnion[] = [];
  for (const u of [...model.classes.map((c) => c.codes), model.revocation, model.lint, model.caFindings]) {
    if (u !== undefined && !seen.has(u.name)) {
      seen.add(u.name);
      out.push(u);
    }
  }
  return out;
}

/** Problems the document cannot paper over: codes without a description, codes not in kebab-case. */
export function modelProblems(model: ErrorModel): string[] {
  const out: string[] = [];
  for (const u of allCodeUnions(model)) {
    for (const e of u.entries) {
      if (!isKebabCase(e.code)) out.push(`${u.file}: ${u.name} '${e.code}' is not kebab-case`);
      if (e.description === '') out.push(`${u.file}: ${u.name} '${e.code}' has no description comment`);
    }
    const dup = u.entries.map((e) => e.code).filter((c, i, a) => a.indexOf(c) !== i);
    for (const c of dup) out.push(`${u.file}: ${u.name} lists '${c}' twice`);
  }
  return out;
}

const _cell = (s: string): string => s.replace(/\|/g, '\\|');
const _anchor = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');

function _codeTable(u: CodeUnion, withGroup = false): string[] {
  const lines = withGroup ? ['| Code | Kind | Meaning |', '|---|---|---|'] : ['| Code | Meaning |', '|---|---|'];
  for (const e of u.entries) {
    lines.push(withGroup ? `| \`${e.code}\` | ${_cell(e.group ?? '')} | ${_cell(e.description)} |` : `| \`${e.code}\` | ${_cell(e.description)} |`);
  }
  return lines;
}

/** Renders the model as `docs/errors.md`. */
export function renderErrorsDoc(model: ErrorModel): string {
  const L: string[] = [];
  const errorClasses = model.classes.filter((c) => c.codes !== undefined);
  const nCodes = errorClasses.reduce((n, c) => n + c.codes!.entries.length, 0);
  L.push(
    '# Errors',
    '',
    '<!-- Generated by scripts/gen-errors-doc.ts (`npm run docs:errors`) from the sources; do not edit by hand.',
    '     test/errors-doc.test.ts fails when this file is stale. -->',
    '',
    'Every error certkit throws on bad input or a failed check is a `CertkitError` (from `certkit/der`, also on the',
    'root `certkit`), carrying:',
    '',
    '- `code`: a stable, machine-readable code in kebab-case (`non-minimal-length`, `duplicate-extension`);',
    '- `offset`: the absolute byte offset in the buffer you passed in, when the error is about bytes;',
    '- `path`: the field path (`tbsCertificate.extensions[2].extnValue`), when known;',
    "- `cause`: the underlying error, when one layer wraps another's (a `ValidationError` `malformed` keeps the",
    '  parse error).',
    '',
    'Each layer has its own subclass with its own code union; a code means the same thing wherever it appears',
    '(see [Shared codes](#shared-codes)). Wrong argument *kinds* and out-of-range option values are programming',
    'errors, not input errors: they are `TypeError`s and `RangeError`s and carry no code.',
    'Revocation status `unknown` and lint findings are values, not errors, and use the same vocabulary.',
    '',
    '```ts',
    "import { CertkitError } from 'certkit';",
    'try { parseCertificate(bytes) } catch (e) {',
    '  if (e instanceof CertkitError) console.log(e.code, e.offset, e.path);',
    '}',
    '```',
    '',
    `${errorClasses.length} error classes under \`CertkitError\` carry ${nCodes} codes; below them, the ${model.revocation.entries.length}`,
    `revocation \`unknown\` codes, the ${model.lint.entries.length} lint finding codes and the ${model.caFindings.entries.length} CA finding codes.`,
    '',
    '## Error classes',
    '',
    '| Class | Layer | Exported from | Codes |',
    '|---|---|---|---|',
  );
  for (const c of model.classes) {
    const from = c.exportedFrom.length ? c.exportedFrom.map((n) => `\`${n}\``).join(', ') : 'not exported (the `certkit` command)';
    L.push(`| [\`${c.name}\`](#${_anchor(c.name)}) | \`${c.layer}\` | ${from} | ${c.codes?.entries.length ?? '(base)'} |`);
  }
  for (const c of model.classes) {
    L.push('', `### ${c.name}`, '');
    const from = c.exportedFrom.length ? `Exported from ${c.exportedFrom.map((n) => `\`${n}\``).join(', ')}.` : 'Not exported: the `certkit` command throws it and turns it into an exit code.';
    L.push(`Layer \`${c.layer}\` (\`${c.file}\`), extends \`${c.base}\`. ${from}`, '');
    if (c.summary) L.push(c.summary, '');
    if (c.codes === undefined) L.push('The base class: never thrown itself; `code` is one of the codes below.');
    else L.push(`\`code\`: \`${c.codes.name}\`.`, '', ..._codeTable(c.codes));
  }
  L.push(
    '',
    '## Revocation status `unknown`',
    '',
    '`checkRevocation` / `checkRevocationSync` (`certkit/crl`) answer a `RevocationStatus`; when it is',
    `\`{ status: 'unknown' }\`, its \`code\` (\`${model.revocation.name}\`) says why and \`why\` says it for people.`,
    'Path validation with revocation `require` turns it into a `ValidationError` `revocation-unknown`.',
    '',
    ..._codeTable(model.revocation),
    '',
    '## Lint findings',
    '',
    '`lintCsr` (`certkit/csr`, for a CSR or a certificate) returns findings and never throws on a parsed input; each finding',
    `has a \`code\` (\`${model.lint.name}\`), a \`severity\` (\`error\`, \`warning\`, \`info\`), a \`message\` and the \`field\``,
    'it is about. The severity of a code can depend on the profile.',
    '',
    ..._codeTable(model.lint, true),
    '',
    '## CA findings',
    '',
    "A refused issuance is a `CaError` `issuance-refused` whose `findings` are the linter's findings plus the",
    `CA's own (\`${model.caFindings.name}\`, \`certkit/ca\`), each a rule of the certificate profile.`,
    '',
    ..._codeTable(model.caFindings),
    '',
    '## Shared codes',
    '',
    'Codes that appear in more than one list, and the lists; each means the same kind of fault in each.',
    '',
    '| Code | In |',
    '|---|---|',
  );
  const where = new Map<string, string[]>();
  const label = new Map<string, string>([
    [model.revocation.name, 'revocation'],
    [model.lint.name, 'lint'],
    [model.caFindings.name, 'CA findings'],
  ]);
  for (const c of errorClasses) label.set(c.codes!.name, `\`${c.name}\``);
  for (const u of allCodeUnions(model)) {
    for (const e of u.entries) {
      const l = where.get(e.code) ?? [];
      l.push(label.get(u.name) ?? u.name);
      where.set(e.code, l);
    }
  }
  for (const [code, l] of [...where].filter(([, l]) => l.length > 1).sort(([a], [b]) => a.localeCompare(b))) {
    L.push(`| \`${code}\` | ${l.join(', ')} |`);
  }
  L.push('');
  return L.join('\n');
}

/** The repository root (the parent of `scripts/`). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const model = collectErrorModel(ROOT);
  const problems = modelProblems(model);
  const out = path.join(ROOT, 'docs', 'errors.md');
  writeFileSync(out, renderErrorsDoc(model));
  const n = model.classes.filter((c) => c.codes).reduce((s, c) => s + c.codes!.entries.length, 0);
  console.log(`wrote ${path.relative(process.cwd(), out)}: ${model.classes.length} classes, ${n} error codes`);
  if (problems.length) {
    console.error(problems.join('\n'));
    process.exitCode = 1;
  }
}
