// Checks that every public export of certkit has TSDoc: a summary for everything, and an
// `@example` for every value export (function, class, constant, enum). Public = exported from an
// entry point in typedoc.json (the root and each layer's index.ts). Lists what is missing, per
// file, and exits non-zero when anything is (`--report` prints the same and exits 0).
// Usage: node scripts/check-tsdoc.mjs [--report] [--json out.json]
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(import.meta.dirname, '..');
const entries = JSON.parse(readFileSync(join(ROOT, 'typedoc.json'), 'utf8')).entryPoints.map((e) => join(ROOT, e));
const program = ts.createProgram(entries, {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  allowJs: false,
  types: [],
});
const checker = program.getTypeChecker();

/** @type {Map<string, {name: string, file: string, line: number, kind: string, missing: string[], entries: Set<string>}>} */
const found = new Map();
for (const entry of entries) {
  const sf = program.getSourceFile(entry);
  if (!sf) throw new Error(`cannot read ${entry}`);
  const mod = checker.getSymbolAtLocation(sf);
  if (!mod) continue;
  for (const exp of checker.getExportsOfModule(mod)) {
    const sym = exp.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exp) : exp;
    const decls = sym.getDeclarations() ?? [];
    const decl = decls.find((d) => ts.getJSDocCommentsAndTags(d).length > 0) ?? decls[0];
    if (!decl) continue;
    const file = relative(ROOT, decl.getSourceFile().fileName);
    if (file.startsWith('node_modules')) continue;
    const key = `${file}:${decl.pos}`;
    const rec = found.get(key);
    if (rec) {
      rec.entries.add(relative(ROOT, entry));
      continue;
    }
    const isValue = (sym.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Class | ts.SymbolFlags.Variable | ts.SymbolFlags.Enum)) !== 0;
    const kind =
      sym.flags & ts.SymbolFlags.Function
        ? 'function'
        : sym.flags & ts.SymbolFlags.Class
          ? 'class'
          : sym.flags & ts.SymbolFlags.Variable
            ? 'const'
            : sym.flags & ts.SymbolFlags.Enum
              ? 'enum'
              : sym.flags & ts.SymbolFlags.Interface
                ? 'interface'
                : 'type';
    // The JSDoc of a `const` sits on its VariableStatement; getJSDocCommentsAndTags handles that.
    const docs = decls.flatMap((d) => ts.getJSDocCommentsAndTags(d));
    const summary = docs.some((d) => ts.isJSDoc(d) && ts.getTextOfJSDocComment(d.comment)?.trim());
    const example = docs.some((d) => ts.isJSDoc(d) && (d.tags ?? []).some((t) => t.tagName.text === 'example'));
    const missing = [];
    if (!summary) missing.push('summary');
    if (isValue && !example) missing.push('@example');
    const line = decl.getSourceFile().getLineAndCharacterOfPosition(decl.getStart()).line + 1;
    found.set(key, { name: exp.name, file, line, kind, missing, entries: new Set([relative(ROOT, entry)]) });
  }
}

const all = [...found.values()];
const bad = all.filter((r) => r.missing.length > 0).sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
let lastFile = '';
for (const r of bad) {
  if (r.file !== lastFile) console.log(`\n${r.file}`);
  lastFile = r.file;
  console.log(`  ${String(r.line).padStart(5)}  ${r.kind.padEnd(9)} ${r.name}: missing ${r.missing.join(' and ')}`);
}
const byLayer = {};
for (const r of bad) {
  const layer = r.file.split('/')[1] ?? r.file;
  byLayer[layer] = (byLayer[layer] ?? 0) + 1;
}
const jsonAt = process.argv.indexOf('--json');
if (jsonAt > 0)
  writeFileSync(
    process.argv[jsonAt + 1],
    JSON.stringify(
      bad.map((r) => ({ ...r, entries: [...r.entries] })),
      null,
      1,
    ) + '\n',
  );
console.log(
  `\ntsdoc: ${all.length} public exports, ${bad.length} missing TSDoc or an @example${
    bad.length
      ? ` (by layer: ${Object.entries(byLayer)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')})`
      : ''
  }`,
);
if (bad.length && !process.argv.includes('--report')) process.exit(1);
