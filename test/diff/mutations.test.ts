import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { diffSpecs } from '../../generator/diff/diff.js';
import type { DiffSide } from '../../generator/diff/side.js';
import { buildIr } from '../../generator/ir/build.js';
import { hasErrors } from '../../generator/load/diagnostic.js';
import { loadSpecText } from '../../generator/load/load-text.js';
import type { LoadedSpec } from '../../generator/load/spec.js';
import { repo } from './helpers.js';
import { asyncApiMutations, openApiMutations, type Mutation } from './mutations.js';

/**
 * Property: one generated breaking edit of a real spec is always reported under its rule.
 * The edited document skips the linter (an edit may well invalidate an example); it is built
 * into IR like any other and diffed against the untouched spec.
 */
const specs = [
  { file: 'specs/gizwits-enterprise.openapi.yaml', mutations: openApiMutations, runs: 40 },
  { file: 'specs/dji-dock-organization.asyncapi.yaml', mutations: asyncApiMutations, runs: 60 },
];

describe.each(specs)('mutations of $file', ({ file, mutations, runs }) => {
  let loaded: LoadedSpec;
  let original: DiffSide;
  let candidates: Mutation[];

  beforeAll(async () => {
    loaded = await loadSpecText(join(repo, file), readFileSync(join(repo, file), 'utf8'));
    expect(hasErrors(loaded.diagnostics)).toBe(false);
    original = { ir: buildIr(loaded), source: loaded.source };
    candidates = mutations(original.ir, loaded.document);
  }, 60_000);

  const mutate = (mutation: Mutation): DiffSide => {
    const document = structuredClone(loaded.document);
    mutation.apply(document);
    return { ir: buildIr({ ...loaded, document }), source: loaded.source };
  };

  it('has targets for every kind of edit', () => {
    const kinds = new Set(candidates.map((m) => m.kind));
    const expected =
      original.ir.kind === 'openapi'
        ? // Every request object of the Gizwits spec is closed already: no 'close request object' here.
          ['remove operation', 'change path', 'add security requirement', 'make optional parameter required', 'remove request enum value', 'narrow request maxLength', 'require optional request property', 'remove response property', 'remove error code']
        : ['remove method', 'change correlation', 'lower QoS', 'change channel address', 'narrow request maxLength', 'require optional request property', 'close request object', 'remove reply field', 'remove error code'];
    expect([...kinds].sort()).toEqual(expected.sort());
  });

  it('reports the rule of every generated edit', () => {
    const byKind = new Map<string, Mutation[]>();
    for (const m of candidates) byKind.set(m.kind, [...(byKind.get(m.kind) ?? []), m]);
    const mutation = fc.constantFrom(...[...byKind.keys()].sort()).chain((kind) => fc.constantFrom(...byKind.get(kind)!));
    fc.assert(
      fc.property(mutation, (m) => {
        const report = diffSpecs(original, mutate(m));
        const found = report.changes.some(
          (c) => c.id === m.expect.id && c.level === m.expect.level && (m.expect.direction === undefined || c.direction === m.expect.direction),
        );
        if (!found) throw new Error(`${m.kind} ${m.target}: no ${m.expect.id}; got ${report.changes.map((c) => `${c.level} ${c.id}`).join(', ') || 'nothing'}`);
        if (m.expect.level === 'breaking') expect(report.bump).toBe('major');
        else expect(report.bump).not.toBe('none');
      }),
      { numRuns: runs },
    );
  }, 120_000);
});
