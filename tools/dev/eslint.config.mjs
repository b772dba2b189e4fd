// ESLint flat config for the whole repository (issue 22), run by `npm run lint` from the root:
//   node tools/dev/node_modules/eslint/bin/eslint.js -c tools/dev/eslint.config.mjs
// It lives in tools/dev so its imports resolve from tools/dev/node_modules (the contributor's tools
// stay out of the root install, issue 20). Style is Prettier's job (../../.prettierrc.json); the
// rules here are the ones that catch bugs or keep the API curated:
// - no floating promises (type-aware, which is why typescript-eslint rather than Biome),
// - no unused variables or imports, `import type` for type-only imports,
// - no default exports (named exports only, so a rename is a compile error everywhere),
// - no explicit `any` in src/ unless an eslint-disable comment says why (`-- reason`).
// A config file has to default-export its config: this one is exempt from its own rule below.
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * `// eslint-disable… no-explicit-any` must carry a reason after `--`, so every `any` that stays in
 * src/ says why. (ESLint's own directive syntax; a local rule because the comments plugin is not
 * installed.)
 */
const requireDisableReason = {
  meta: { type: 'suggestion', schema: [], messages: { reason: 'Say why after `--` in an eslint-disable comment (e.g. `-- the DOM type is any`).' } },
  create(context) {
    return {
      Program() {
        for (const c of context.sourceCode.getAllComments()) {
          const m = /^\s*eslint-disable(?:-next-line|-line)?\b(.*)$/s.exec(c.value);
          if (m && !/--\s*\S/.test(m[1])) context.report({ loc: c.loc, messageId: 'reason' });
        }
      },
    };
  },
};

const noDefaultExport = [
  'error',
  { selector: 'ExportDefaultDeclaration', message: 'Use a named export (no default exports in certkit).' },
  { selector: "ExportSpecifier[exported.name='default']", message: 'Use a named export (no default exports in certkit).' },
];

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', 'dist/**', 'docs/api/**', 'coverage/**', '.tmp/**', 'tools/**', 'test/vectors/**', 'test/fixtures/**'],
  },
  {
    files: ['**/*.ts', '**/*.mts', '**/*.mjs', '**/*.js'],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: {
      parser: tseslint.parser,
      ecmaVersion: 2023,
      sourceType: 'module',
    },
    plugins: { '@typescript-eslint': tseslint.plugin, certkit: { rules: { 'require-disable-reason': requireDisableReason } } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { args: 'after-used', argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      'no-restricted-syntax': noDefaultExport,
      'certkit/require-disable-reason': 'error',
      // The sources already mark their deliberate control characters in patterns for this rule.
      'no-control-regex': 'error',
    },
  },
  {
    // TypeScript sources: type-aware rules through the root tsconfig (it includes src, test, bench,
    // scripts, examples and the two config files).
    files: ['**/*.ts', '**/*.mts'],
    languageOptions: { parserOptions: { project: ['./tsconfig.json'], tsconfigRootDir: root } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
      // With verbatimModuleSyntax, `import { type A }` still loads the module; `import type` does not.
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // Test files: a cast to `any` is how a test feeds an API a deliberately wrong type (its input
    // checks; 7 places today). The rule guards the library's types, so it applies to src/ only.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Config files whose tool loads `export default` (vitest, tsup, workerd's module worker).
    files: ['vitest.config.ts', 'tsup.config.ts', '**/vitest.config.mjs', 'scripts/portable/serve/workerd.mjs', 'tools/dev/*.mjs'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
