import { describe, expect, it } from 'vitest';
import { getAt } from '../../generator/load/pointer.js';
import { normalizeDocument } from '../../generator/ir/normalize-schema.js';

const openapi30 = (schemas: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  openapi: '3.0.3',
  info: { title: 't', version: '1' },
  paths: {},
  components: { schemas },
  ...extra,
});

const normalize30 = (schemas: Record<string, unknown>, extra?: Record<string, unknown>) =>
  normalizeDocument(openapi30(schemas, extra), 'openapi', '3.0.3');

describe('normalizeDocument: OpenAPI 3.0', () => {
  it('adds null to type, enum and const for nullable: true and drops nullable', () => {
    const doc = normalize30({
      S: { type: 'string', nullable: true },
      E: { type: 'string', enum: ['a', 'b'], nullable: true },
      C: { type: 'string', const: 'x', nullable: true },
      Typeless: { enum: [1, 'two', true], nullable: true },
      Off: { type: 'integer', nullable: false },
      Already: { type: ['string', 'null'], nullable: true },
    });
    expect(getAt(doc, '/components/schemas/S')).toEqual({ type: ['string', 'null'] });
    expect(getAt(doc, '/components/schemas/E')).toEqual({ type: ['string', 'null'], enum: ['a', 'b', null] });
    expect(getAt(doc, '/components/schemas/C')).toEqual({ type: ['string', 'null'], enum: ['x', null] });
    expect(getAt(doc, '/components/schemas/Typeless')).toEqual({ enum: [1, 'two', true, null] });
    expect(getAt(doc, '/components/schemas/Off')).toEqual({ type: 'integer' });
    expect(getAt(doc, '/components/schemas/Already')).toEqual({ type: ['string', 'null'] });
  });

  it('wraps a nullable $ref or allOf in anyOf with a null branch, keeping the node at its pointer', () => {
    const source = openapi30({
      A: { type: 'object', description: 'target' },
      RefSibling: { $ref: '#/components/schemas/A', nullable: true, description: 'kept' },
      AllOf: { allOf: [{ $ref: '#/components/schemas/A' }], nullable: true },
      AnyOf: { anyOf: [{ type: 'string' }, { type: 'integer' }], nullable: true },
      OneOf: { oneOf: [{ type: 'string' }, { type: 'integer' }], nullable: true },
    });
    const doc = normalizeDocument(source, 'openapi', '3.0.3');
    expect(getAt(doc, '/components/schemas/RefSibling')).toEqual({
      description: 'kept',
      anyOf: [{ $ref: '#/components/schemas/A' }, { type: 'null' }],
    });
    expect(getAt(doc, '/components/schemas/AllOf')).toEqual({
      anyOf: [{ allOf: [{ $ref: '#/components/schemas/A' }] }, { type: 'null' }],
    });
    expect(getAt(doc, '/components/schemas/AnyOf')).toEqual({
      anyOf: [{ type: 'string' }, { type: 'integer' }, { type: 'null' }],
    });
    expect(getAt(doc, '/components/schemas/OneOf')).toEqual({
      anyOf: [{ oneOf: [{ type: 'string' }, { type: 'integer' }] }, { type: 'null' }],
    });
  });

  it('rewrites boolean exclusive bounds to the numeric form', () => {
    const doc = normalize30({
      Min: { type: 'number', minimum: 1, exclusiveMinimum: true },
      Max: { type: 'number', maximum: 9, exclusiveMaximum: true },
      NotExclusive: { type: 'number', minimum: 1, exclusiveMinimum: false },
      NoBound: { type: 'number', exclusiveMaximum: true },
    });
    expect(getAt(doc, '/components/schemas/Min')).toEqual({ type: 'number', exclusiveMinimum: 1 });
    expect(getAt(doc, '/components/schemas/Max')).toEqual({ type: 'number', exclusiveMaximum: 9 });
    expect(getAt(doc, '/components/schemas/NotExclusive')).toEqual({ type: 'number', minimum: 1 });
    expect(getAt(doc, '/components/schemas/NoBound')).toEqual({ type: 'number' });
  });

  it('reaches every schema position: parameters, headers, media, encodings, callbacks, nested keywords', () => {
    const nullableString = () => ({ type: 'string', nullable: true });
    const source = openapi30(
      {
        Deep: {
          type: 'object',
          properties: { p: nullableString() },
          patternProperties: { '^x': nullableString() },
          additionalProperties: nullableString(),
          allOf: [nullableString()],
          not: nullableString(),
          items: nullableString(),
        },
      },
      {
        paths: {
          '/a': {
            parameters: [{ name: 'q', in: 'query', schema: nullableString() }],
            post: {
              parameters: [{ name: 'c', in: 'query', content: { 'application/json': { schema: nullableString() } } }],
              requestBody: {
                content: {
                  'multipart/form-data': {
                    schema: nullableString(),
                    encoding: { f: { headers: { 'X-F': { schema: nullableString() } } } },
                  },
                },
              },
              responses: { '200': { description: 'ok', headers: { 'X-H': { schema: nullableString() } } } },
              callbacks: {
                cb: { '{$request.body#/url}': { post: { requestBody: { content: { 'text/plain': { schema: nullableString() } } } } } },
              },
            },
          },
        },
      },
    );
    const doc = normalizeDocument(source, 'openapi', '3.0.3');
    const text = JSON.stringify(doc);
    expect(text).not.toContain('nullable');
    expect(text.match(/\["string","null"\]/g)).toHaveLength(12);
  });

  it('leaves x-* extensions, examples and property names alone and does not touch the input', () => {
    const source = openapi30({
      S: {
        type: 'object',
        example: { nullable: true },
        'x-shape': { type: 'string', nullable: true },
        properties: { nullable: { type: 'boolean', nullable: true } },
      },
    });
    const before = JSON.stringify(source);
    const doc = normalizeDocument(source, 'openapi', '3.0.3');
    expect(JSON.stringify(source)).toBe(before);
    expect(getAt(doc, '/components/schemas/S')).toEqual({
      type: 'object',
      example: { nullable: true },
      'x-shape': { type: 'string', nullable: true },
      properties: { nullable: { type: ['boolean', 'null'] } },
    });
  });

  it('follows $ref chains to nodes outside the usual positions and ends on recursion', () => {
    const doc = normalize30(
      {
        Start: { $ref: '#/components/schemas/Middle' },
        Middle: { $ref: '#/x-defs/Hidden' },
        Tree: { type: 'object', properties: { kids: { type: 'array', items: { $ref: '#/components/schemas/Tree' } } }, nullable: true },
        Loop: { $ref: '#/components/schemas/Loop' },
      },
      { 'x-defs': { Hidden: { type: 'string', nullable: true }, Unused: { type: 'string', nullable: true } } },
    );
    expect(getAt(doc, '/x-defs/Hidden')).toEqual({ type: ['string', 'null'] });
    expect(getAt(doc, '/x-defs/Unused')).toEqual({ type: 'string', nullable: true });
    expect(getAt(doc, '/components/schemas/Tree/type')).toEqual(['object', 'null']);
    expect(getAt(doc, '/components/schemas/Loop')).toEqual({ $ref: '#/components/schemas/Loop' });
  });

  it('rewrites $refs into subschemas that a nullable wrap moved', () => {
    const doc = normalize30({
      Wrapped: { allOf: [{ type: 'object', properties: { id: { type: 'integer' } } }], nullable: true },
      Id: { $ref: '#/components/schemas/Wrapped/allOf/0/properties/id' },
    });
    expect(getAt(doc, '/components/schemas/Id')).toEqual({ $ref: '#/components/schemas/Wrapped/anyOf/0/allOf/0/properties/id' });
    expect(getAt(doc, '/components/schemas/Wrapped/anyOf/0/allOf/0/properties/id')).toEqual({ type: 'integer' });
  });
});

describe('normalizeDocument: OpenAPI 3.1', () => {
  it('leaves 2020-12 schemas alone (type arrays, numeric bounds, nullable is not a keyword)', () => {
    const schemas = {
      T: { type: ['string', 'null'], exclusiveMinimum: 0, prefixItems: [{ type: 'string' }], items: false },
      N: { type: 'string', nullable: true },
    };
    const doc = normalizeDocument({ openapi: '3.1.0', info: {}, components: { schemas } }, 'openapi', '3.1.0');
    expect(getAt(doc, '/components/schemas')).toEqual(schemas);
  });
});

describe('normalizeDocument: AsyncAPI (draft-07)', () => {
  const asyncapi = (schemas: Record<string, unknown>, messages: Record<string, unknown> = {}) =>
    normalizeDocument({ asyncapi: '3.0.0', info: {}, components: { schemas, messages } }, 'asyncapi', '3.0.0');

  it('turns tuple items into prefixItems, additionalItems into items, and retargets $refs into them', () => {
    const doc = asyncapi({
      Pair: { type: 'array', items: [{ type: 'string' }, { type: 'integer' }], additionalItems: false },
      List: { type: 'array', items: { type: 'string' }, additionalItems: false },
      Second: { $ref: '#/components/schemas/Pair/items/1' },
    });
    expect(getAt(doc, '/components/schemas/Pair')).toEqual({ type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }], items: false });
    expect(getAt(doc, '/components/schemas/List')).toEqual({ type: 'array', items: { type: 'string' } });
    expect(getAt(doc, '/components/schemas/Second')).toEqual({ $ref: '#/components/schemas/Pair/prefixItems/1' });
  });

  it('splits dependencies into dependentRequired and dependentSchemas', () => {
    const doc = asyncapi({
      D: { type: 'object', dependencies: { a: ['b'], c: { required: ['d'] } } },
    });
    expect(getAt(doc, '/components/schemas/D')).toEqual({
      type: 'object',
      dependentRequired: { a: ['b'] },
      dependentSchemas: { c: { required: ['d'] } },
    });
  });

  it('normalises message payloads, headers and multi-format schemas by their declared format', () => {
    const doc = asyncapi(
      {
        Oas: { schemaFormat: 'application/vnd.oai.openapi;version=3.0.0', schema: { type: 'string', nullable: true } },
        Avro: { schemaFormat: 'application/vnd.apache.avro;version=1.9.0', schema: { type: 'record', items: [1] } },
      },
      {
        M: { payload: { type: 'array', items: [{ type: 'string' }] }, headers: { type: 'object', dependencies: { a: ['b'] } } },
      },
    );
    expect(getAt(doc, '/components/schemas/Oas/schema')).toEqual({ type: ['string', 'null'] });
    expect(getAt(doc, '/components/schemas/Avro/schema')).toEqual({ type: 'record', items: [1] });
    expect(getAt(doc, '/components/messages/M/payload')).toEqual({ type: 'array', prefixItems: [{ type: 'string' }] });
    expect(getAt(doc, '/components/messages/M/headers')).toEqual({ type: 'object', dependentRequired: { a: ['b'] } });
  });
});
