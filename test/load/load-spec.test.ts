import { mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultSpecFiles, lintSpecs, loadSpec } from '../../generator/load/load-spec.js';
import { expectedFindings } from './fixture-markers.js';

const fixtures = fileURLToPath(new URL('../fixtures/lint/', import.meta.url));
const invalidDir = join(fixtures, 'invalid');
const validDir = join(fixtures, 'valid');
const specFiles = (dir: string): string[] => readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();

/** Fixtures whose external files carry markers too. */
const markedParts: Record<string, string[]> = {
  'external-dangling.openapi.yaml': [join(invalidDir, 'parts', 'pet.yaml')],
};

const located = (d: { file: string; code: string; line: number; col: number }) => ({ file: d.file, code: d.code, line: d.line, col: d.col });
const byPlace = (a: { file: string; line: number; col: number }, b: { file: string; line: number; col: number }) =>
  a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col;

describe('loadSpec on planted broken specs', () => {
  const marked = specFiles(invalidDir).filter((f) => f !== 'no-version.yaml');

  it('has a marked finding in every planted fixture', () => {
    expect(marked.length).toBeGreaterThanOrEqual(12);
    for (const name of marked) expect(expectedFindings(join(invalidDir, name)).length, name).toBeGreaterThan(0);
  });

  it.each(marked)('%s: reports exactly the marked findings, located', async (name) => {
    const file = join(invalidDir, name);
    const expected = [file, ...(markedParts[name] ?? [])].flatMap(expectedFindings).map(located).sort(byPlace);
    const spec = await loadSpec(file);
    expect(spec.diagnostics.map(located)).toEqual(expected);
    expect(spec.diagnostics.every((d) => d.severity === 'error')).toBe(true);
  });

  it('reports a file with neither `openapi` nor `asyncapi` at 1:1', async () => {
    const file = join(invalidDir, 'no-version.yaml');
    const spec = await loadSpec(file);
    expect(spec.diagnostics.map(located)).toEqual([{ file, code: 'spec-version-unknown', line: 1, col: 1 }]);
    expect(spec.specVersion).toBe('');
  });

  it('reports a missing file as a diagnostic instead of throwing', async () => {
    const file = join(invalidDir, 'does-not-exist.openapi.yaml');
    const spec = await loadSpec(file);
    expect(spec.diagnostics.map(located)).toEqual([{ file, code: 'file-unreadable', line: 1, col: 1 }]);
    expect(spec.document).toEqual({});
  });

  it('stops after YAML errors (no cascade into version or schema findings)', async () => {
    const spec = await loadSpec(join(invalidDir, 'malformed.openapi.yaml'));
    expect(spec.diagnostics.map((d) => d.code)).toEqual(['yaml-syntax']);
  });

  it('names the failing instance path and the schema in example findings', async () => {
    const spec = await loadSpec(join(invalidDir, 'example-invalid.openapi.yaml'));
    expect(spec.diagnostics[0]!.message).toBe('example does not match schema #/components/schemas/Pet: /id must be integer');
    expect(spec.diagnostics[0]!.pointer).toBe('/paths/~1pets~1{petId}/get/responses/200/content/application~1json/example/id');
  });

  it('points a duplicate operationId at the first use', async () => {
    const spec = await loadSpec(join(invalidDir, 'duplicate-operation-id.openapi.yaml'));
    expect(spec.diagnostics[0]!.message).toBe("operationId 'listPets' is already used by GET /pets (#/paths/~1pets/get)");
  });
});

describe('loadSpec on valid specs', () => {
  const expectedKinds: Record<string, [string, string]> = {
    'bundled.openapi.yaml': ['openapi', '3.1.0'],
    'features-3.1.openapi.yaml': ['openapi', '3.1.0'],
    'nullable-3.0.openapi.yaml': ['openapi', '3.0.3'],
    'request-reply.asyncapi.yaml': ['asyncapi', '3.0.0'],
    // @asyncapi/parser turns a `__proto__` key into a prototype: the loader hands it a stand-in key.
    'proto-key.asyncapi.yaml': ['asyncapi', '3.0.0'],
  };

  it('covers every valid fixture', () => {
    expect(specFiles(validDir)).toEqual(Object.keys(expectedKinds).sort());
  });

  it.each(Object.entries(expectedKinds))('%s lints clean', async (name, [kind, version]) => {
    const spec = await loadSpec(join(validDir, name));
    expect(spec.diagnostics).toEqual([]);
    expect([spec.kind, spec.specVersion]).toEqual([kind, version]);
    expect(spec.name).toBe(name.replace(/\.(openapi|asyncapi)\.yaml$/, ''));
  });
});

describe('lintSpecs and defaultSpecFiles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'specgen-lint-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds *.openapi.* and *.asyncapi.* files in specs/, sorted, and nothing else', async () => {
    mkdirSync(join(dir, 'specs'));
    for (const name of ['b.asyncapi.yaml', 'a.openapi.json', 'c.openapi.yml', 'notes.yaml', 'x.openapi.yaml.bak']) writeFileSync(join(dir, 'specs', name), '{}');
    expect(await defaultSpecFiles(dir)).toEqual(['a.openapi.json', 'b.asyncapi.yaml', 'c.openapi.yml'].map((n) => join(dir, 'specs', n)));
  });

  it('answers no files when there is no specs/ folder', async () => {
    expect(await defaultSpecFiles(join(dir, 'nowhere'))).toEqual([]);
  });

  it('loads JSON specs and keeps the order of the files given', async () => {
    const json = join(dir, 'specs', 'a.openapi.json');
    writeFileSync(json, JSON.stringify({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {} }));
    const specs = await lintSpecs([json, join(validDir, 'request-reply.asyncapi.yaml')]);
    expect(specs.map((s) => [s.name, s.kind, s.diagnostics.length])).toEqual([['a', 'openapi', 0], ['request-reply', 'asyncapi', 0]]);
  });
});
