import { mkdtemp, readFile, readdir, rm, writeFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../generator/cli/main.js';
import type { Io } from '../generator/cli/verb.js';
import { emitters } from '../generator/emit/registry.js';
import { generateSpec } from '../generator/generate/generate.js';
import { irOf, repoRoot } from './emit/fixtures.js';

const fixture = join(repoRoot, 'test/fixtures/emit/mini.asyncapi.yaml');
const broken = join(repoRoot, 'test/fixtures/lint/invalid/dangling-ref.openapi.yaml');

function captureIo(): Io & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { cwd: repoRoot, out: (l) => lines.push(l), err: (l) => errors.push(l), lines, errors };
}

let out: string;
beforeAll(async () => {
  out = await mkdtemp(join(repoRoot, '.specgen-tmp-generate-'));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('specgen generate', () => {
  it('gives identical bytes on two runs', async () => {
    const ir = await irOf(fixture);
    const first = await generateSpec(ir, emitters, 'test/fixtures/emit/mini.asyncapi.yaml');
    const second = await generateSpec(await irOf(fixture), emitters, 'test/fixtures/emit/mini.asyncapi.yaml');
    expect([...second.files]).toEqual([...first.files]);
    const header = first.files.get('types.ts')!.split('\n')[0]!;
    expect(header).toContain(`sha256 ${ir.sha256}`);
    expect(header).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });

  it('writes, then --check finds nothing; a changed, missing or extra file is drift (exit 1)', async () => {
    const io = captureIo();
    expect(await main(['generate', fixture, '--out', out], io)).toBe(0);
    const dir = join(out, 'mini');
    const names = await readdir(dir);
    expect(names).toEqual(expect.arrayContaining(['index.ts', 'types.ts', 'validators.ts', 'arbitraries.ts', 'runtime']));
    expect((await readdir(out)).filter((n) => n.includes('.specgen-'))).toEqual([]);

    expect(await main(['generate', fixture, '--out', out, '--check'], captureIo())).toBe(0);

    await writeFile(join(dir, 'types.ts'), (await readFile(join(dir, 'types.ts'), 'utf8')) + '// hand edit\n');
    await unlink(join(dir, 'index.ts'));
    await writeFile(join(dir, 'stray.ts'), 'export {};\n');
    const check = captureIo();
    expect(await main(['generate', fixture, '--out', out, '--check'], check)).toBe(1);
    expect(check.lines.join('\n')).toMatch(/different\s+.*mini\/types\.ts/);
    expect(check.lines.join('\n')).toMatch(/missing\s+.*mini\/index\.ts/);
    expect(check.lines.join('\n')).toMatch(/extra\s+.*mini\/stray\.ts/);
    expect(await readFile(join(dir, 'stray.ts'), 'utf8')).toBe('export {};\n'); // --check wrote nothing

    expect(await main(['generate', fixture, '--out', out], captureIo())).toBe(0);
    expect(await main(['generate', fixture, '--out', out, '--check'], captureIo())).toBe(0);
  });

  it('a spec with errors exits 2 with located errors and leaves the old output untouched', async () => {
    expect(await main(['generate', fixture, '--out', out], captureIo())).toBe(0);
    const before = await readFile(join(out, 'mini/types.ts'), 'utf8');
    const io = captureIo();
    expect(await main(['generate', fixture, broken, '--out', out], io)).toBe(2);
    expect(io.errors.join('\n')).toMatch(/dangling-ref\.openapi\.yaml:\d+:\d+ error ref-dangling/);
    expect(await readFile(join(out, 'mini/types.ts'), 'utf8')).toBe(before);
    expect((await readdir(out)).sort()).toEqual(['mini']);
  });

  it('--emitters writes only the outputs named; an unknown one is a usage error', async () => {
    const io = captureIo();
    expect(await main(['generate', fixture, '--out', join(out, 'some'), '--emitters', 'types,validators'], io)).toBe(0);
    const names = await readdir(join(out, 'some/mini'));
    expect(names).toEqual(expect.arrayContaining(['index.ts', 'types.ts', 'validators.ts']));
    expect(names).not.toContain('arbitraries.ts');
    expect(names.filter((n) => /^(mqtt|rest)-/.test(n) || n.includes('client') || n.includes('handlers'))).toEqual([]);

    const bad = captureIo();
    expect(await main(['generate', fixture, '--out', join(out, 'some'), '--emitters', 'types,nope'], bad)).toBe(2);
    expect(bad.errors.join('\n')).toContain('--emitters takes a comma-separated list of types, validators');
  });

  it('--skip-examples generates from a spec whose only errors are examples, and says so', async () => {
    const exampleInvalid = join(repoRoot, 'test/fixtures/lint/invalid/example-invalid.openapi.yaml');
    const strict = captureIo();
    expect(await main(['generate', exampleInvalid, '--out', join(out, 'examples')], strict)).toBe(2);
    expect(strict.errors.join('\n')).toMatch(/example-invalid\.openapi\.yaml:\d+:\d+ error example-invalid/);

    const lenient = captureIo();
    expect(await main(['generate', exampleInvalid, '--out', join(out, 'examples'), '--emitters', 'types', '--skip-examples'], lenient)).toBe(0);
    expect(lenient.errors.join('\n')).toContain('examples not checked against their schemas (--skip-examples)');
    expect((await readdir(join(out, 'examples/example-invalid'))).filter((n) => n.endsWith('.ts'))).toEqual(['index.ts', 'types.ts']);
  });

  it('rejects unknown flags as usage errors', async () => {
    const io = captureIo();
    expect(await main(['generate', '--frobnicate'], io)).toBe(2);
    expect(io.errors.join('\n')).toContain('Usage: specgen generate');
  });
});
