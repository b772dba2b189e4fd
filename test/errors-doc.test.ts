/**
 * The one error model (issue 14, docs/errors.md): every error class extends `CertkitError`, every
 * code is kebab-case and described where it is declared, and `docs/errors.md` is the document
 * `scripts/gen-errors-doc.ts` generates from the sources today (run `npm run docs:errors` after
 * adding or changing a code).
 *
 * The class check runs twice: on the sources (every `Error` subclass in `src/`, exported or not,
 * except a module's private `_`-named control-flow signal) and at run time (every class exported
 * by an entry point of package.json that is an `Error` is a `CertkitError`, and is documented).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CertkitError } from '../src/der/index';
import { ROOT, allCodeUnions, collectErrorModel, entryPoints, isKebabCase, modelProblems, renderErrorsDoc } from '../scripts/gen-errors-doc';

const model = collectErrorModel(ROOT);

describe('docs/errors.md', () => {
  it('is up to date with the sources (run `npm run docs:errors`)', () => {
    const onDisk = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
    expect(onDisk).toBe(renderErrorsDoc(model));
  });

  it('documents every error class and its codes', () => {
    const names = model.classes.map((c) => c.name);
    for (const n of ['CertkitError', 'DerError', 'PemError', 'ValidationError', 'CaError']) expect(names).toContain(n);
    for (const c of model.classes) {
      if (c.name !== 'CertkitError') expect(c.codes?.entries.length, c.name).toBeGreaterThan(0);
      expect(c.summary, `${c.name} has no doc comment`).not.toBe('');
    }
    expect(model.revocation.entries.length).toBeGreaterThan(0);
    expect(model.lint.entries.length).toBeGreaterThan(0);
  });
});

describe('codes', () => {
  it('every code union member is kebab-case and has a description comment', () => {
    expect(modelProblems(model)).toEqual([]);
  });

  it('the kebab-case rule itself', () => {
    for (const ok of ['truncated', 'non-minimal-length', 'x509-thing', 'rsa-key-too-small']) expect(isKebabCase(ok), ok).toBe(true);
    for (const bad of ['EXPIRED', 'NOT_YET_VALID', 'notYetValid', 'not--valid', '-x', 'x-', 'not_valid', '']) expect(isKebabCase(bad), bad).toBe(false);
  });

  it('the error classes, revocation and lint share one vocabulary: no code differs from another only by style', () => {
    const byShape = new Map<string, Set<string>>();
    for (const u of allCodeUnions(model)) {
      for (const e of u.entries) {
        const shape = e.code.toLowerCase().replace(/[-_]/g, '');
        byShape.set(shape, (byShape.get(shape) ?? new Set()).add(e.code));
      }
    }
    expect([...byShape.values()].filter((s) => s.size > 1).map((s) => [...s])).toEqual([]);
  });
});

describe('error classes', () => {
  it('every Error subclass in src/ extends CertkitError (the sources)', () => {
    for (const c of model.classes) {
      if (c.name === 'CertkitError') expect(c.base).toBe('Error');
      else
        expect(
          model.classes.some((p) => p.name === c.base),
          `${c.name} extends ${c.base}`,
        ).toBe(true);
    }
    // Private control-flow signals only: not exported, caught in their own module.
    for (const c of model.internal) {
      expect(c.name.startsWith('_'), `${c.file}: ${c.name}`).toBe(true);
      expect(readFileSync(new URL(`../${c.file}`, import.meta.url), 'utf8')).not.toMatch(new RegExp(`export\\s*\\{[^}]*\\b${c.name}\\b`));
    }
  });

  it('every Error class exported by a public entry point is a CertkitError and is documented', async () => {
    const documented = new Map(model.classes.map((c) => [c.name, c]));
    let seen = 0;
    for (const [entry, src] of entryPoints(ROOT)) {
      const mod = (await import(/* @vite-ignore */ new URL(`../${src}`, import.meta.url).href)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(mod)) {
        if (typeof value !== 'function' || !(value.prototype instanceof Error || value === Error)) continue;
        seen++;
        expect(value === CertkitError || value.prototype instanceof CertkitError, `${entry}: ${name}`).toBe(true);
        const doc = documented.get(name);
        expect(doc, `${entry}: ${name} is not in docs/errors.md`).toBeDefined();
        expect(doc!.exportedFrom, `${name} exported from ${entry}`).toContain(entry);
      }
    }
    expect(seen).toBeGreaterThanOrEqual(model.classes.filter((c) => c.exportedFrom.length > 0).length);
  });

  it('an error keeps its class name, code, offset and path', async () => {
    const { DerError } = await import('../src/der/index');
    const { CliError } = await import('../src/cli/io');
    const e = new DerError('non-minimal-length', 'long form for a short length', { offset: 7, path: 'tbsCertificate' });
    expect(e).toBeInstanceOf(CertkitError);
    expect(String(e)).toBe('DerError [non-minimal-length]: long form for a short length (at tbsCertificate, offset 7)');
    const c = new CliError(1, 'the chain does not validate');
    expect(c).toBeInstanceOf(CertkitError);
    expect([c.code, c.exitCode, new CliError(2, 'no such file').code]).toEqual(['negative-answer', 1, 'invalid-input']);
  });
});
