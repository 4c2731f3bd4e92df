import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { SourcePosition } from '../../generator/load/diagnostic.js';
import { getAt, hasAt } from '../../generator/load/pointer.js';
import { resolveRefs } from '../../generator/load/refs.js';
import { parseSourceText, readSourceFile } from '../../generator/load/source.js';
import { visitStructure } from '../../generator/load/walk.js';

const fixtures = fileURLToPath(new URL('../fixtures/lint/', import.meta.url));

async function resolveText(text: string) {
  const source = parseSourceText('/virtual/spec.yaml', text);
  return { source, ...(await resolveRefs(source)) };
}

const codes = (diagnostics: { code: string; pointer: string }[]) => diagnostics.map((d) => [d.code, d.pointer]);

describe('internal $refs', () => {
  it('accepts refs that resolve, including percent-encoded pointers and chains ending in a value', async () => {
    const { diagnostics, document, source } = await resolveText(`
paths:
  /a/{id}:
    get: {summary: x}
x:
  - $ref: '#/paths/~1a~1%7Bid%7D/get'
  - $ref: '#/y'
y:
  $ref: '#/paths/~1a~1{id}'
`);
    expect(diagnostics).toEqual([]);
    expect(document).toBe(source.value);
  });

  it('locates a dangling ref at its $ref value and reports the node holding it', async () => {
    const refLine = '    $ref: "#/nope"';
    const { diagnostics } = await resolveText(`a:\n  b:\n${refLine}\n`);
    expect(diagnostics).toEqual([
      { file: '/virtual/spec.yaml', line: 3, col: refLine.indexOf('"') + 1, severity: 'error', code: 'ref-dangling', message: `$ref '#/nope' points at nothing`, pointer: '/a/b' },
    ]);
  });

  it('reports a cycle of refs that only refer to refs once, and not recursion through properties or items', async () => {
    const { diagnostics } = await resolveText(`
components:
  schemas:
    Self: {$ref: '#/components/schemas/Self'}
    A: {$ref: '#/components/schemas/B'}
    B: {$ref: '#/components/schemas/C'}
    C: {$ref: '#/components/schemas/A'}
    Into: {$ref: '#/components/schemas/A'}
    Tree:
      properties:
        kids: {type: array, items: {$ref: '#/components/schemas/Tree'}}
        up: {$ref: '#/components/schemas/Tree'}
      additionalProperties: {$ref: '#/components/schemas/Tree'}
`);
    expect(codes(diagnostics)).toEqual([
      ['ref-cycle', '/components/schemas/Self'],
      ['ref-cycle', '/components/schemas/A'],
    ]);
    expect(diagnostics[1]!.message).toContain('#/components/schemas/A → #/components/schemas/B → #/components/schemas/C → #/components/schemas/A');
  });

  it('leaves $ref keys in instance data and extensions alone, and treats a property named $ref as a name', async () => {
    const { diagnostics } = await resolveText(`
components:
  schemas:
    Doc:
      type: object
      properties:
        $ref: {type: string}
      example: {$ref: '#/not/a/ref'}
      default: {$ref: '#/not/a/ref'}
      enum: [{$ref: '#/not/a/ref'}]
      x-note: {$ref: '#/not/a/ref'}
  examples:
    E:
      value: {$ref: '#/not/a/ref'}
`);
    expect(diagnostics).toEqual([]);
  });

  it('walks name maps whose keys look like keywords (a property called example or default)', async () => {
    const { diagnostics } = await resolveText(`
responses:
  default: {$ref: '#/missing/1'}
properties:
  example: {$ref: '#/missing/2'}
`);
    expect(codes(diagnostics)).toEqual([
      ['ref-dangling', '/responses/default'],
      ['ref-dangling', '/properties/example'],
    ]);
  });

  it('resolves plain-name fragments against $anchor', async () => {
    const { diagnostics } = await resolveText(`
a: {$anchor: node, type: object}
b: {$ref: '#node'}
c: {$ref: '#other'}
`);
    expect(codes(diagnostics)).toEqual([['ref-dangling', '/c']]);
  });

  it('does not fetch remote refs', async () => {
    const { diagnostics } = await resolveText(`a: {$ref: 'https://example.com/schema.json#/x'}\n`);
    expect(codes(diagnostics)).toEqual([['ref-remote-unsupported', '/a']]);
  });
});

describe('external file refs', () => {
  it('bundles external targets so only internal refs remain, every one resolving', async () => {
    const source = await readSourceFile(join(fixtures, 'valid', 'bundled.openapi.yaml'));
    const { document, diagnostics, externalFiles } = await resolveRefs(source);
    expect(diagnostics).toEqual([]);
    expect(externalFiles.map((f) => f.slice(fixtures.length))).toEqual(['valid/parts/pet.yaml', 'valid/parts/tag.yaml']);
    const refs: string[] = [];
    visitStructure(document, (node) => {
      if (typeof node.$ref === 'string') refs.push(node.$ref);
    });
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref.startsWith('#')).toBe(true);
      expect(hasAt(document, ref.slice(1)), ref).toBe(true);
    }
  });

  it('inlines the first use, points later uses and recursion at it, and resolves refs inside the external file against that file', async () => {
    const source = await readSourceFile(join(fixtures, 'valid', 'bundled.openapi.yaml'));
    const { document } = await resolveRefs(source);
    const items = '/paths/~1pets/get/responses/200/content/application~1json/schema/items';
    expect(getAt(document, `${items}/required`)).toEqual(['name']);
    expect(getAt(document, `${items}/properties/tags/items/properties/label`)).toEqual({ type: 'string' });
    expect(getAt(document, `${items}/properties/friends/items`)).toEqual({ $ref: `#${items}` });
    expect(getAt(document, '/components/schemas/Pet')).toEqual({ $ref: `#${items}` });
    expect(getAt(document, '/paths/~1pets~1{petId}/get/parameters/0/name')).toBe('petId');
    // The parsed source keeps what was written.
    expect(getAt(source.value, '/components/schemas/Pet')).toEqual({ $ref: 'parts/pet.yaml#/Pet' });
  });

  it('locates a pointer of the bundled document in the file its value came from', async () => {
    const source = await readSourceFile(join(fixtures, 'valid', 'bundled.openapi.yaml'));
    const { located } = await resolveRefs(source);
    const pet = join(fixtures, 'valid', 'parts', 'pet.yaml');
    const tag = join(fixtures, 'valid', 'parts', 'tag.yaml');
    const items = '/paths/~1pets/get/responses/200/content/application~1json/schema/items';
    const at = (p: SourcePosition) => [p.file, p.line, p.col];
    // `name: { type: string }` on line 5 of pet.yaml; its key at column 5.
    expect(at(located.positionOf(`${items}/properties/name`))).toEqual([pet, 5, 11]);
    expect(at(located.keyPositionOf(`${items}/properties/name`))).toEqual([pet, 5, 5]);
    // Through a ref of pet.yaml into tag.yaml.
    expect(at(located.positionOf(`${items}/properties/tags/items/properties/label`))[0]).toBe(tag);
    // The parameter inlined from pet.yaml; the main file's own nodes stay in the main file.
    expect(at(located.positionOf('/paths/~1pets~1{petId}/get/parameters/0/name'))).toEqual([pet, 15, 9]);
    expect(at(located.positionOf('/paths/~1pets/get/responses/200/content/application~1json/example'))).toEqual([source.file, 18, 24]);
  });

  it('reports a cycle of refs across files in the file where it closes, and an unreadable file at the referencing node', async () => {
    const main = join(fixtures, 'virtual.yaml');
    const lineB = `b: {$ref: 'invalid/parts/none.yaml#/A'}`;
    const source = parseSourceText(main, `a: {$ref: 'invalid/parts/loop.yaml#/A'}\n${lineB}\n`);
    const { diagnostics } = await resolveRefs(source);
    const loop = join(fixtures, 'invalid', 'parts', 'loop.yaml');
    expect(diagnostics.map((d) => [d.file, d.line, d.col, d.code, d.pointer])).toEqual([
      [loop, 4, `  $ref: '#/A'`.indexOf(`'`) + 1, 'ref-cycle', '/B'],
      [main, 2, lineB.indexOf(`'`) + 1, 'ref-external-unreadable', '/b'],
    ]);
    expect(diagnostics[0]!.message).toContain('loop.yaml#/A → loop.yaml#/B → loop.yaml#/A');
  });
});

describe('refs naming the spec file itself', () => {
  it('become internal refs', async () => {
    const source = parseSourceText('/virtual/spec.yaml', `a: {type: string}\nb: {$ref: 'spec.yaml#/a'}\nc: {$ref: './spec.yaml#/missing'}\n`);
    const { document, diagnostics } = await resolveRefs(source);
    expect(getAt(document, '/b')).toEqual({ $ref: '#/a' });
    expect(codes(diagnostics)).toEqual([['ref-dangling', '/c']]);
  });
});
