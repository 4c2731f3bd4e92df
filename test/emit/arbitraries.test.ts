import { join, relative } from 'node:path';
import fc from 'fast-check';
import { Project, SyntaxKind } from 'ts-morph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arbitrariesEmitter } from '../../generator/emit/arbitraries/index.js';
import { printFile } from '../../generator/emit/print.js';
import { typesEmitter } from '../../generator/emit/types/index.js';
import { validatorsEmitter } from '../../generator/emit/validators/index.js';
import { generateSpec } from '../../generator/generate/generate.js';
import type { IrSpec } from '../../generator/ir/types.js';
import { LIMITS, isPathSafe } from '../../generator/runtime/arbitraries.js';
import { typecheckFiles } from '../helpers/typecheck.js';
import { generateArbitraries, type Generated } from './arbitraries-harness.js';
import { fixtureDir, irOf, repoRoot, specDir, specFiles } from './fixtures.js';

const seed = 20_240_612;
const keywordsSpec = join(fixtureDir, 'arbitraries/keywords.openapi.yaml');
const allSpecs = [...(await specFiles(fixtureDir)), ...(await specFiles(join(fixtureDir, 'arbitraries'))), ...(await specFiles(specDir))];

function arbitrariesText(ir: IrSpec): string {
  const [file] = arbitrariesEmitter.emit(ir);
  return printFile(file!);
}

describe('arbitraries emitter', () => {
  it('applies to every spec and writes arbitraries.ts', async () => {
    const ir = await irOf(keywordsSpec);
    expect(arbitrariesEmitter.id).toBe('arbitraries');
    expect(arbitrariesEmitter.appliesTo(ir)).toBe(true);
    expect(arbitrariesEmitter.emit(ir).map((f) => f.path)).toEqual(['arbitraries.ts']);
  });

  it.each(allSpecs.map((f) => [relative(repoRoot, f), f]))('is deterministic for %s', async (_name, file) => {
    const first = arbitrariesText(await irOf(file));
    const second = arbitrariesText(await irOf(file));
    expect(second).toBe(first);
  });

  it.each(allSpecs.map((f) => [relative(repoRoot, f), f]))(
    'emits code that type-checks with types.ts and the runtime for %s',
    async (_name, file) => {
      const ir = await irOf(file);
      const { files } = await generateSpec(ir, [typesEmitter, validatorsEmitter, arbitrariesEmitter], relative(repoRoot, file));
      const diagnostics = await typecheckFiles(Object.fromEntries([...files].filter(([path]) => path.endsWith('.ts'))));
      expect(diagnostics).toBe('');
    },
    120_000,
  );
});

describe('arbitraries of the keyword fixture', () => {
  let ir: IrSpec;
  let text: string;
  let generated: Generated;
  beforeAll(async () => {
    ir = await irOf(keywordsSpec);
    text = arbitrariesText(ir);
    generated = await generateArbitraries(ir);
  }, 60_000);
  afterAll(() => generated?.cleanup());

  it('keeps spec text out of the code: hostile names and values are string literals only', () => {
    const project = new Project({ useInMemoryFileSystem: true });
    const source = project.createSourceFile('arbitraries.ts', text);
    expect(source.getDescendantsOfKind(SyntaxKind.RegularExpressionLiteral)).toEqual([]);
    expect(source.getDescendantsOfKind(SyntaxKind.TemplateExpression)).toEqual([]);
    expect(source.getDescendantsOfKind(SyntaxKind.Identifier).filter((i) => i.getText().includes('specgenPwned'))).toEqual([]);
    const literals = source.getDescendantsOfKind(SyntaxKind.StringLiteral).map((s) => s.getLiteralValue());
    expect(literals).toContain("'); globalThis.__specgenPwned = 1; ('");
    expect(literals).toContain('^["\'`]+$');
    expect(text).toContain('new RegExp("^[\\"\'`]+$", "u")');
  });

  it('generates hostile values as data, and importing the module runs none of them', () => {
    expect((globalThis as { __specgenPwned?: unknown }).__specgenPwned).toBeUndefined();
    const hostile = generated.arbitraries.arbHostile as fc.Arbitrary<Record<string, unknown>>;
    const values = new Set(fc.sample(hostile, { seed, numRuns: 200 }).map((v) => v["'); globalThis.__specgenPwned = 1; ('"]));
    expect([...values].sort()).toEqual(["'); globalThis.__specgenPwned = 1; ('", '*/ globalThis.__specgenPwned = 2; /*', '${globalThis.__specgenPwned = 3}', '\u2028</script>'].sort());
    expect((globalThis as { __specgenPwned?: unknown }).__specgenPwned).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('names every keyword it can break somewhere in the fixture', () => {
    const named = [...text.matchAll(/A\.replace\(.*?, "([A-Za-z]+)", "\//g)].map((m) => m[1]);
    const structural = { 'A.remove(': 'required', 'A.add(': 'additionalProperties', 'A.shrink(': 'minItems', 'A.grow(': 'maxItems', 'A.repeat(': 'uniqueItems' };
    const keywords = new Set([...named, ...Object.entries(structural).filter(([call]) => text.includes(call)).map(([, k]) => k)]);
    const expected = ['required', 'type', 'enum', 'const', 'pattern', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'];
    expected.push('minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems', 'additionalProperties', 'multipleOf');
    expect([...keywords].filter((k) => expected.includes(k as string)).sort()).toEqual(expected.sort());
  });

  it('writes long mutation values as code that builds them, not as long literals', () => {
    expect(text).toContain('"a".repeat(201)');
    expect(text).not.toContain('a'.repeat(201));
  });

  it('documents what it does not generate', () => {
    expect(text).toMatch(/format "x-unknown-format" \([^)]*\) is generated as plain strings/);
  });

  it('bounds recursion through optional properties and arrays', () => {
    const depthOf = (t: unknown): number => {
      const tree = t as { children?: unknown[]; next?: unknown };
      return 1 + Math.max(0, ...(tree.children ?? []).map(depthOf), tree.next === undefined ? 0 : depthOf(tree.next));
    };
    const depths = fc.sample(generated.arbitraries.arbTree as fc.Arbitrary<unknown>, { seed, numRuns: 300 }).map(depthOf);
    expect(Math.max(...depths)).toBeLessThanOrEqual(LIMITS.maxDepth + 1);
    expect(Math.max(...depths)).toBeGreaterThan(1);
  });

  it('generates only URL-safe path values, leaving out enum values that are not', () => {
    const samples = fc.sample(generated.arbitraries.operationArbitraries.putThing!.valid, { seed, numRuns: 200 });
    expect(new Set(samples.map((s) => s.path.kind))).toEqual(new Set(['small', 'large']));
    expect(samples.every((s) => Object.values(s.path).every(isPathSafe))).toBe(true);
  });

  it('has no invalid requests for an operation with nothing to break', () => {
    expect(generated.arbitraries.operationArbitraries.ping!.invalid).toBeUndefined();
    expect(Object.keys(generated.arbitraries.operationArbitraries).sort()).toEqual(ir.operations.map((o) => o.id).sort());
    expect(generated.arbitraries.methodArbitraries).toEqual({});
  });

  it('keeps oneOf branches apart, so each value matches exactly one', () => {
    const controls = fc.sample(generated.arbitraries.arbControl as fc.Arbitrary<Record<string, unknown>>, { seed, numRuns: 200 });
    expect(controls.every((c) => ('raw' in c) !== ('attrs' in c))).toBe(true);
    expect(controls.some((c) => 'raw' in c) && controls.some((c) => 'attrs' in c)).toBe(true);
  });
});

describe('arbitraries of the hostile fixture', () => {
  it('says when no value satisfies a schema instead of generating wrong ones', async () => {
    const generated = await generateArbitraries(await irOf(join(fixtureDir, 'hostile.openapi.yaml')));
    try {
      expect(() => fc.sample(generated.arbitraries.arbLoopA as fc.Arbitrary<unknown>, { seed, numRuns: 1 })).toThrow(/no value satisfies the schema/);
    } finally {
      await generated.cleanup();
    }
  });
});
