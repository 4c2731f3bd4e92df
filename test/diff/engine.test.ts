import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffSpecs } from '../../generator/diff/diff.js';
import { changeKeys, fixtures, loadSide, sideOf } from './helpers.js';

/** An OpenAPI spec with one operation per entry of `bodies`, each answering 200 with that schema. */
function responses(bodies: Record<string, string>, components: string): string {
  const paths = Object.entries(bodies)
    .map(
      ([id, schema]) => `  /${id}:
    get:
      operationId: ${id}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: ${schema}`,
    )
    .join('\n');
  return `openapi: 3.1.0\ninfo: {title: T, version: 1.0.0}\npaths:\n${paths}\ncomponents:\n  schemas:\n${components}\n`;
}

describe('schema comparison', () => {
  it('reports a change of a shared component once, listing every operation that reaches it', () => {
    const component = (max: number) => `    Name: {type: string, maxLength: ${max}}`;
    const bodies = { a: "{$ref: '#/components/schemas/Name'}", b: "{type: array, items: {$ref: '#/components/schemas/Name'}}" };
    const { changes } = diffSpecs(sideOf(responses(bodies, component(10))), sideOf(responses(bodies, component(20))));
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      id: 'max-length-increased',
      level: 'breaking',
      direction: 'response',
      old: { pointer: '/components/schemas/Name/maxLength' },
      new: { pointer: '/components/schemas/Name/maxLength' },
      sites: ['a 200 response', 'b 200 response'],
    });
    expect(changes[0]!.message).toContain('(in `a`, `b`)');
  });

  it('reports inside a recursive schema at the deepest pointer and the shallowest path', async () => {
    const dir = join(fixtures, 'recursive-schema');
    const { changes } = diffSpecs(await loadSide(join(dir, 'old.openapi.yaml')), await loadSide(join(dir, 'new.openapi.yaml')));
    expect(changes.map((c) => [c.old?.pointer, c.new?.pointer])).toEqual([
      ['/components/schemas/Node/properties/label/maxLength', '/components/schemas/Node/properties/label/maxLength'],
    ]);
    expect(changes[0]!.message).toMatch(/^Response body property `label` maxLength changed from 20 to 40/);
  });

  it('follows mutually recursive $refs in both documents to the change', () => {
    const components = (tag: string) => `    A:
      type: object
      properties:
        b: {$ref: '#/components/schemas/B'}
    B:
      type: object
      properties:
        a: {$ref: '#/components/schemas/A'}
        tag: ${tag}`;
    const bodies = { tree: "{$ref: '#/components/schemas/A'}" };
    const { changes } = diffSpecs(sideOf(responses(bodies, components('{type: string}'))), sideOf(responses(bodies, components('{type: integer}'))));
    expect(changes.map((c) => [c.id, c.level, c.old?.pointer])).toEqual([['type-changed', 'breaking', '/components/schemas/B/properties/tag/type']]);
  });

  it('sees no change when a property moves between allOf parts or a schema moves behind a $ref', () => {
    const before = responses(
      { thing: "{allOf: [{$ref: '#/components/schemas/Base'}, {type: object, properties: {size: {type: integer}}}]}" },
      '    Base: {type: object, required: [id], properties: {id: {type: string}}}',
    );
    const after = responses(
      { thing: "{$ref: '#/components/schemas/Thing'}" },
      `    Base: {type: object, required: [id], properties: {id: {type: string}, size: {type: integer}}}
    Thing: {allOf: [{$ref: '#/components/schemas/Base'}, {type: object}]}`,
    );
    expect(diffSpecs(sideOf(before), sideOf(after)).changes).toEqual([]);
  });

  it('takes the tightest bound of all allOf parts', () => {
    const spec = (inner: number) => responses({ n: `{allOf: [{type: integer, maximum: 10}, {maximum: ${inner}}]}` }, '    Unused: {}');
    expect(diffSpecs(sideOf(spec(50)), sideOf(spec(40))).changes).toEqual([]);
    expect(changeKeys(diffSpecs(sideOf(spec(50)), sideOf(spec(5))).changes)).toEqual(['info maximum-decreased response']);
  });

  it('pairs oneOf options by $ref target, not by position', () => {
    const spec = (options: string) =>
      responses({ shape: `{oneOf: [${options}]}` }, '    C: {type: object, properties: {r: {type: number}}}\n    S: {type: object, properties: {s: {type: number}}}');
    const reordered = diffSpecs(sideOf(spec("{$ref: '#/components/schemas/C'}, {$ref: '#/components/schemas/S'}")), sideOf(spec("{$ref: '#/components/schemas/S'}, {$ref: '#/components/schemas/C'}")));
    expect(reordered.changes).toEqual([]);
  });

  it('treats an integer as a number: integer → number widens, number → integer narrows', () => {
    const spec = (type: string) => responses({ n: `{type: ${type}}` }, '    Unused: {}');
    expect(changeKeys(diffSpecs(sideOf(spec('integer')), sideOf(spec('number'))).changes)).toEqual(['breaking type-changed response']);
    expect(changeKeys(diffSpecs(sideOf(spec('number')), sideOf(spec('integer'))).changes)).toEqual(['info type-changed-compatible response']);
    expect(changeKeys(diffSpecs(sideOf(spec('[string, "null"]')), sideOf(spec('string'))).changes)).toEqual(['info type-changed-compatible response']);
  });
});

describe('suggested version bump', () => {
  const spec = (extra: string) => `openapi: 3.1.0
info: {title: T, version: 1.0.0}
paths:
  /a:
    get:
      operationId: a
      responses:
        '200': {description: ok}
${extra}`;
  const second = `  /b:
    get:
      operationId: b
      responses:
        '200': {description: ok}`;

  it('is none without changes, minor for an addition, major for a breaking change', () => {
    expect(diffSpecs(sideOf(spec('')), sideOf(spec(''))).bump).toBe('none');
    expect(diffSpecs(sideOf(spec('')), sideOf(spec(second))).bump).toBe('minor');
    expect(diffSpecs(sideOf(spec(second)), sideOf(spec(''))).bump).toBe('major');
  });

  it('is patch for changes that neither break nor add', () => {
    const renamed = spec('').replace('operationId: a', 'operationId: a2');
    const report = diffSpecs(sideOf(spec('')), sideOf(renamed));
    expect(changeKeys(report.changes)).toEqual(['warning operation-id-changed']);
    expect(report.bump).toBe('patch');
  });
});
