import { describe, expect, it } from 'vitest';
import { SchemaTypes } from '../../generator/emit/types/schema-type.js';

/** The type text of `schema`, with `named` as the document's named schemas (type name = key). */
function typeOf(schema: unknown, named: Record<string, unknown> = {}): string {
  const document = { components: { schemas: named }, subject: schema };
  const names = new Map(Object.keys(named).map((n) => [`/components/schemas/${n}`, n]));
  return new SchemaTypes(document, names).typeAt('/subject').text;
}

/** The right-hand side of named schema `name`'s alias. */
function aliasOf(name: string, named: Record<string, unknown>): string {
  const names = new Map(Object.keys(named).map((n) => [`/components/schemas/${n}`, n]));
  return new SchemaTypes({ components: { schemas: named } }, names).expand(`/components/schemas/${name}`).text;
}

describe('schema → type text', () => {
  it('maps primitive types, type lists and null', () => {
    expect(typeOf({ type: 'string', format: 'date-time' })).toBe('string');
    expect(typeOf({ type: 'integer' })).toBe('number');
    expect(typeOf({ type: 'number' })).toBe('number');
    expect(typeOf({ type: 'boolean' })).toBe('boolean');
    expect(typeOf({ type: 'null' })).toBe('null');
    expect(typeOf({ type: ['string', 'null'] })).toBe('string | null');
    expect(typeOf({ type: ['integer', 'number'] })).toBe('number');
  });

  it('treats true and {} as unknown and false as never', () => {
    expect(typeOf(true)).toBe('unknown');
    expect(typeOf({})).toBe('unknown');
    expect(typeOf({ description: 'anything' })).toBe('unknown');
    expect(typeOf(false)).toBe('never');
  });

  it('turns enum and const into escaped literal unions', () => {
    expect(typeOf({ enum: ['a', 1, -2, true, null] })).toBe('"a" | 1 | -2 | true | null');
    expect(typeOf({ type: 'string', enum: ['it\'s "q"', '`tick` ${x}', 'line\nbreak', '\u2028'] })).toBe(
      '"it\'s \\"q\\"" | "`tick` ${x}" | "line\\nbreak" | "\\u2028"',
    );
    expect(typeOf({ enum: ['a', 'a', 'b'] })).toBe('"a" | "b"');
    expect(typeOf({ const: 'x', type: 'string' })).toBe('"x"');
    expect(typeOf({ const: null })).toBe('null');
    expect(typeOf({ const: { __proto__: 1, a: [1, 'b'] } })).toBe('{ a: [1, "b"] }');
    expect(typeOf({ const: JSON.parse('{"__proto__": 1}') })).toBe('{ "__proto__": 1 }');
  });

  it('keeps object properties in order, marks optional ones and quotes non-identifiers', () => {
    const text = typeOf({
      type: 'object',
      required: ['id', 'x-rate', 'missing'],
      properties: { id: { type: 'integer' }, 'x-rate': { type: 'string' }, class: { type: 'boolean' }, ünï: {} },
    });
    expect(text).toBe('{\n  id: number;\n  "x-rate": string;\n  class?: boolean;\n  "ünï"?: unknown;\n  missing: unknown;\n}');
    expect(typeOf(JSON.parse('{"properties": {"__proto__": {"type": "string"}}}'))).toBe('{\n  "__proto__"?: string;\n}');
  });

  it('opens objects only for explicit additionalProperties or patternProperties', () => {
    expect(typeOf({ type: 'object', properties: { a: { type: 'string' } } })).not.toContain('[key: string]');
    expect(typeOf({ type: 'object', properties: { a: { type: 'string' } }, additionalProperties: true })).toContain(
      '[key: string]: unknown;',
    );
    expect(
      typeOf({ type: 'object', required: ['a'], properties: { a: { type: 'string' }, b: { type: 'boolean' } }, additionalProperties: { type: 'number' } }),
    ).toContain('[key: string]: number | string | boolean | undefined;');
    expect(typeOf({ type: 'object', patternProperties: { '^x-': { type: 'string' } } })).toBe('{\n  [key: string]: string;\n}');
    expect(typeOf({ type: 'object' })).toBe('{\n  [key: string]: unknown;\n}');
    expect(typeOf({ type: 'object', additionalProperties: false })).toBe('{\n  [key: string]: never;\n}');
  });

  it('builds arrays and tuples', () => {
    expect(typeOf({ type: 'array', items: { type: 'string' } })).toBe('string[]');
    expect(typeOf({ type: 'array' })).toBe('unknown[]');
    expect(typeOf({ type: 'array', items: { type: ['string', 'null'] } })).toBe('(string | null)[]');
    expect(typeOf({ type: 'array', items: { enum: [-1] } })).toBe('(-1)[]');
    expect(typeOf({ type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }], minItems: 1, items: false })).toBe(
      '[string, number?]',
    );
    expect(typeOf({ type: 'array', prefixItems: [{ type: 'string' }], minItems: 1, items: { type: 'boolean' } })).toBe(
      '[string, ...boolean[]]',
    );
    expect(typeOf({ prefixItems: [{ type: ['string', 'null'] }] })).toBe('[(string | null)?, ...unknown[]]');
  });

  it('composes allOf as intersection and oneOf/anyOf as union, with parentheses where needed', () => {
    const named = { A: { type: 'object', properties: { a: { type: 'string' } } }, B: { type: 'string' } };
    expect(typeOf({ allOf: [{ $ref: '#/components/schemas/A' }, { type: 'object', required: ['b'], properties: { b: { type: 'number' } } }] }, named)).toBe(
      'A & {\n  b: number;\n}',
    );
    expect(typeOf({ oneOf: [{ $ref: '#/components/schemas/A' }, { $ref: '#/components/schemas/B' }] }, named)).toBe('A | B');
    expect(typeOf({ allOf: [{ anyOf: [{ type: 'string' }, { type: 'number' }] }, { $ref: '#/components/schemas/A' }] }, named)).toBe(
      '(string | number) & A',
    );
    expect(typeOf({ type: 'object', allOf: [{ $ref: '#/components/schemas/A' }] }, named)).toBe('A');
    expect(typeOf({ anyOf: [{ type: 'string' }, {}] })).toBe('unknown');
    expect(typeOf({ allOf: [{ type: 'string' }, false] })).toBe('never');
  });

  it('references named schemas by identifier and inlines other $ref targets', () => {
    const named = { Pet: { type: 'object', properties: { name: { type: 'string' } } } };
    expect(typeOf({ $ref: '#/components/schemas/Pet' }, named)).toBe('Pet');
    expect(typeOf({ $ref: '#/components/schemas/Pet/properties/name' }, named)).toBe('string');
    expect(typeOf({ type: 'array', items: { $ref: '#/components/schemas/Pet' } }, named)).toBe('Pet[]');
  });

  it('emits unknown where inlining unnamed $ref targets would loop', () => {
    const document = {
      loop: { type: 'object', properties: { next: { $ref: '#/loop' }, name: { type: 'string' } } },
      subject: { $ref: '#/loop' },
    };
    const text = new SchemaTypes(document, new Map()).typeAt('/subject').text;
    expect(text).toBe('{\n  next?: unknown;\n  name?: string;\n}');
  });

  it('lets named schemas recurse through objects and arrays but not through bare aliases', () => {
    const tree = { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/components/schemas/Tree' } } } };
    expect(aliasOf('Tree', { Tree: tree })).toBe('{\n  children?: Tree[];\n}');
    const named = {
      A: { allOf: [{ $ref: '#/components/schemas/B' }, { type: 'object', properties: { a: { type: 'string' } } }] },
      B: { oneOf: [{ $ref: '#/components/schemas/A' }, { type: 'number' }] },
      Self: { $ref: '#/components/schemas/Self' },
    };
    expect(aliasOf('A', named)).toBe('{\n  a?: string;\n}');
    expect(aliasOf('B', named)).toBe('unknown');
    expect(aliasOf('Self', named)).toBe('unknown');
    // Outside the cycle the names are used as usual.
    expect(typeOf({ oneOf: [{ $ref: '#/components/schemas/A' }, { $ref: '#/components/schemas/B' }] }, named)).toBe('A | B');
  });

  it('writes property JSDoc that cannot close the comment early', () => {
    const text = typeOf({
      type: 'object',
      properties: { a: { type: 'string', title: 'T', description: 'ends */ here\nsecond line', deprecated: true } },
    });
    expect(text).toBe('{\n  /**\n   * T\n   *\n   * ends *\\/ here\n   * second line\n   *\n   * @deprecated\n   */\n  a?: string;\n}');
  });
});
