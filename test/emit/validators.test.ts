import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IrSpec } from '../../generator/ir/types.js';
import { valueAt } from '../../generator/emit/validators/ref-chain.js';
import { joinPointer } from '../../generator/load/pointer.js';
import type { Validator } from '../../generator/runtime/validation.js';
import { typecheckFiles } from '../helpers/typecheck.js';
import { irOf, repoRoot } from './fixtures.js';
import { generateValidators, typeScriptFiles, type GeneratedValidators } from './validators-harness.js';

const fixtures = join(repoRoot, 'test/fixtures/emit/validators');

/** Generates the fixture's validators once for a `describe` block and removes them afterwards. */
function withFixture(file: string): { ir: () => IrSpec; generated: () => GeneratedValidators } {
  let ir: IrSpec | undefined;
  let generated: GeneratedValidators | undefined;
  beforeAll(async () => {
    ir = await irOf(join(fixtures, file));
    generated = await generateValidators(ir);
  });
  afterAll(() => generated?.cleanup());
  return { ir: () => ir!, generated: () => generated! };
}

/**
 * `validator` rejects `value` with an issue of `keyword` at instance `path` whose schema pointer
 * is `schemaPointer`; every issue's pointer names a place that exists in the spec document
 * (read as a plain JSON pointer: `%25` in a key is the three characters, not an escape).
 */
function expectRejected(ir: IrSpec, validator: Validator, value: unknown, keyword: string, path: string, schemaPointer: string): void {
  expect(validator(value), JSON.stringify(value)).toBe(false);
  expect(validator.issues.map((i) => [i.keyword, i.path, i.schemaPointer])).toContainEqual([keyword, path, schemaPointer]);
  for (const issue of validator.issues) expect(valueAt(ir.document, issue.schemaPointer), issue.schemaPointer).not.toBeUndefined();
}

function expectAccepted(validator: Validator, value: unknown): void {
  const ok = validator(value);
  expect(validator.issues, JSON.stringify(value)).toEqual([]);
  expect(ok).toBe(true);
}

describe('validators: JSON Schema keywords', () => {
  const { ir, generated } = withFixture('keywords.openapi.yaml');
  const at = (schema: string, ...rest: string[]): string => joinPointer('/components/schemas', schema, ...rest);

  it('accepts valid scalars of every keyword and format', () => {
    const validate = generated().named('Scalars');
    expectAccepted(validate, { text: 'ab', kind: 'item' });
    expectAccepted(validate, {
      text: 'a"\\',
      kind: 'item',
      email: 'someone@example.com',
      when: '2024-02-29T23:59:59+08:00',
      day: '2024-02-29',
      id: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
      site: 'https://example.com/a?b=c',
      count: 15,
      ratio: 0.5,
      level: 'high',
      note: null,
      nothing: null,
    });
  });

  it.each([
    [{ kind: 'item' }, 'required', '', at('Scalars', 'required')],
    [{ text: 'ab', kind: 'item', extra: 1 }, 'additionalProperties', '', at('Scalars', 'additionalProperties')],
    [{ text: 'a', kind: 'item' }, 'minLength', '/text', at('Scalars', 'properties', 'text', 'minLength')],
    [{ text: 'abcdef', kind: 'item' }, 'maxLength', '/text', at('Scalars', 'properties', 'text', 'maxLength')],
    [{ text: 'AB', kind: 'item' }, 'pattern', '/text', at('Scalars', 'properties', 'text', 'pattern')],
    [{ text: 'ab', kind: 'item', email: 'nobody' }, 'format', '/email', at('Scalars', 'properties', 'email', 'format')],
    [{ text: 'ab', kind: 'item', when: '2024-13-01T00:00:00Z' }, 'format', '/when', at('Scalars', 'properties', 'when', 'format')],
    [{ text: 'ab', kind: 'item', day: '2023-02-29' }, 'format', '/day', at('Scalars', 'properties', 'day', 'format')],
    [{ text: 'ab', kind: 'item', id: 'not-a-uuid' }, 'format', '/id', at('Scalars', 'properties', 'id', 'format')],
    [{ text: 'ab', kind: 'item', site: 'no scheme' }, 'format', '/site', at('Scalars', 'properties', 'site', 'format')],
    [{ text: 'ab', kind: 'item', count: 1.5 }, 'type', '/count', at('Scalars', 'properties', 'count', 'type')],
    [{ text: 'ab', kind: 'item', count: -5 }, 'minimum', '/count', at('Scalars', 'properties', 'count', 'minimum')],
    [{ text: 'ab', kind: 'item', count: 105 }, 'maximum', '/count', at('Scalars', 'properties', 'count', 'maximum')],
    [{ text: 'ab', kind: 'item', count: 7 }, 'multipleOf', '/count', at('Scalars', 'properties', 'count', 'multipleOf')],
    [{ text: 'ab', kind: 'item', ratio: 0 }, 'exclusiveMinimum', '/ratio', at('Scalars', 'properties', 'ratio', 'exclusiveMinimum')],
    [{ text: 'ab', kind: 'item', ratio: 1 }, 'exclusiveMaximum', '/ratio', at('Scalars', 'properties', 'ratio', 'exclusiveMaximum')],
    [{ text: 'ab', kind: 'item', level: 'mid' }, 'enum', '/level', at('Scalars', 'properties', 'level', 'enum')],
    [{ text: 'ab', kind: 'other' }, 'const', '/kind', at('Scalars', 'properties', 'kind', 'const')],
    [{ text: 'ab', kind: 'item', note: 5 }, 'type', '/note', at('Scalars', 'properties', 'note', 'type')],
    [{ text: 'ab', kind: 'item', nothing: 0 }, 'type', '/nothing', at('Scalars', 'properties', 'nothing', 'type')],
    ['text', 'type', '', at('Scalars', 'type')],
  ])('Scalars rejects %j with %s at %j', (value, keyword, path, pointer) => {
    expectRejected(ir(), generated().named('Scalars'), value, keyword, path, pointer);
  });

  it.each([
    [{}, 'minProperties', '', at('Collections', 'minProperties')],
    [{ a: 1, b: 1, c: 1, d: 1, e: 1 }, 'maxProperties', '', at('Collections', 'maxProperties')],
    [{ Bad: 1 }, 'propertyNames', '', at('Collections', 'propertyNames')],
    [{ list: [1] }, 'dependentRequired', '', at('Collections', 'dependentRequired')],
    [{ list: [], set: [] }, 'minItems', '/list', at('Collections', 'properties', 'list', 'minItems')],
    [{ list: [1, 2, 3, 4], set: [] }, 'maxItems', '/list', at('Collections', 'properties', 'list', 'maxItems')],
    [{ list: ['a'], set: [] }, 'type', '/list/0', at('Collections', 'properties', 'list', 'items', 'type')],
    [{ set: [1, { a: 1 }, { a: 1 }] }, 'uniqueItems', '/set', at('Collections', 'properties', 'set', 'uniqueItems')],
    [{ pair: ['a', 'b'] }, 'type', '/pair/1', at('Collections', 'properties', 'pair', 'prefixItems', '1', 'type')],
    [{ pair: ['a', 1, 2] }, 'items', '/pair', at('Collections', 'properties', 'pair', 'items')],
    [{ has: [1, 2] }, 'contains', '/has', at('Collections', 'properties', 'has', 'contains')],
    [{ xa: 5 }, 'type', '/xa', at('Collections', 'patternProperties', '^x', 'type')],
  ])('Collections rejects %j with %s at %j', (value, keyword, path, pointer) => {
    expectRejected(ir(), generated().named('Collections'), value, keyword, path, pointer);
  });

  it('accepts valid collections', () => {
    expectAccepted(generated().named('Collections'), { list: [1, 2], set: [1, 'a', { a: 1 }], pair: ['a', 1], has: [1, 7] });
    expectAccepted(generated().named('Collections'), { xa: 'x' });
  });

  it.each([
    [{ all: 'ab' }, 'minLength', '/all', at('Combinators', 'properties', 'all', 'allOf', '1', 'minLength')],
    [{ any: true }, 'anyOf', '/any', at('Combinators', 'properties', 'any', 'anyOf')],
    [{ one: 12 }, 'oneOf', '/one', at('Combinators', 'properties', 'one', 'oneOf')],
    [{ one: 3.5 }, 'oneOf', '/one', at('Combinators', 'properties', 'one', 'oneOf')],
    [{ none: 'x' }, 'not', '/none', at('Combinators', 'properties', 'none', 'not')],
    [{ cond: 3 }, 'minimum', '/cond', at('Combinators', 'properties', 'cond', 'then', 'minimum')],
    [{ cond: true }, 'type', '/cond', at('Combinators', 'properties', 'cond', 'else', 'type')],
  ])('Combinators rejects %j with %s at %j', (value, keyword, path, pointer) => {
    expectRejected(ir(), generated().named('Combinators'), value, keyword, path, pointer);
  });

  it('accepts valid combinations, ignoring the discriminator annotation', () => {
    expectAccepted(generated().named('Combinators'), { all: 'abc', any: 5, one: 5, none: 1, cond: 7, kind: 'anything' });
    expectAccepted(generated().named('Combinators'), { one: 10.5, cond: 'text' });
  });

  it('sees properties evaluated through allOf for unevaluatedProperties', () => {
    expectAccepted(generated().named('Closed'), { a: 'x' });
    expectRejected(ir(), generated().named('Closed'), { a: 'x', b: 1 }, 'unevaluatedProperties', '', at('Closed', 'unevaluatedProperties'));
  });

  it('validates recursive schemas at any depth', () => {
    const tree = generated().named('Tree');
    let deep: unknown = { name: 'leaf' };
    for (let i = 0; i < 200; i++) deep = { name: `n${i}`, children: [deep] };
    expectAccepted(tree, deep);
    const bad = { name: 'r', children: [{ name: 'a', children: [{ name: 'b' }, { name: '' }] }] };
    expectRejected(ir(), tree, bad, 'minLength', '/children/0/children/1/name', at('Tree', 'properties', 'name', 'minLength'));
  });

  it('validates a bare $ref alias as its target, keeping its own pointer', () => {
    const alias = generated().named('Alias');
    expect(alias.schemaPointer).toBe(at('Alias'));
    expectAccepted(alias, { name: 'x' });
    expectRejected(ir(), alias, { name: '' }, 'minLength', '/name', at('Tree', 'properties', 'name', 'minLength'));
  });

  it('compiles boolean schemas', () => {
    expectAccepted(generated().named('Anything'), { whatever: [1] });
    expectRejected(ir(), generated().named('Nothing'), null, 'false schema', '', at('Nothing'));
    expectAccepted(generated().named('Forbids'), { maybe: [null] });
    expectRejected(ir(), generated().named('Forbids'), { never: 1 }, 'false schema', '/never', at('Nothing'));
  });
});

describe('validators: parameters, bodies and responses', () => {
  const { ir, generated } = withFixture('keywords.openapi.yaml');
  const getItem = () => generated().module.operationValidators.getItem!;
  const createItem = () => generated().module.operationValidators.createItem!;
  const parameter = (name: string): string => ir().operations.find((o) => o.id === 'getItem')!.parameters.find((p) => p.name === name)!.location.pointer;

  it('coerces query strings to the schema types in place', () => {
    const query: Record<string, unknown> = { q: 'ab', limit: '5', tags: 'x', flag: 'true', ratio: '0.25', other: 'kept' };
    expectAccepted(getItem().query!, query);
    expect(query).toEqual({ q: 'ab', limit: 5, tags: ['x'], flag: true, ratio: 0.25, other: 'kept' });
    const empty: Record<string, unknown> = { q: 'ab', ratio: '' };
    expectAccepted(getItem().query!, empty);
    expect(empty.ratio).toBeNull();
  });

  it('rejects query values that do not coerce, and missing required ones at their `required`', () => {
    const query = getItem().query!;
    expectRejected(ir(), query, { q: 'ab', limit: 'x' }, 'type', '/limit', joinPointer(parameter('limit'), 'schema', 'type'));
    expectRejected(ir(), query, { q: 'ab', limit: '500' }, 'maximum', '/limit', joinPointer(parameter('limit'), 'schema', 'maximum'));
    expectRejected(ir(), query, { q: 'ab', flag: 'maybe' }, 'type', '/flag', joinPointer(parameter('flag'), 'schema', 'type'));
    expectRejected(ir(), query, { limit: '5' }, 'required', '', joinPointer(parameter('q'), 'required'));
    expect(valueAt(ir().document, joinPointer(parameter('q'), 'required'))).toBe(true);
  });

  it('coerces path parameters, including a shared $ref parameter', () => {
    const path: Record<string, unknown> = { id: '7' };
    expectAccepted(getItem().path!, path);
    expect(path.id).toBe(7);
    expectRejected(ir(), getItem().path!, { id: '0' }, 'minimum', '/id', '/components/parameters/Id/schema/minimum');
    expectRejected(ir(), getItem().path!, {}, 'required', '', '/components/parameters/Id/required');
    expectRejected(ir(), getItem().path!, 'id=7', 'type', '', getItem().path!.schemaPointer);
    expect(getItem().path!.schemaPointer).toBe(ir().operations.find((o) => o.id === 'getItem')!.location.pointer);
  });

  it('validates headers by the names the spec spells', () => {
    const headers = getItem().headers!;
    expectAccepted(headers, { 'X-Trace-Id': '3fa85f64-5717-4562-b3fc-2c963f66afa6', Accept: '*/*' });
    expectRejected(ir(), headers, { 'X-Trace-Id': 'nope' }, 'format', '/X-Trace-Id', joinPointer(parameter('X-Trace-Id'), 'schema', 'format'));
    expectRejected(ir(), headers, { 'x-trace-id': '3fa85f64-5717-4562-b3fc-2c963f66afa6' }, 'required', '', joinPointer(parameter('X-Trace-Id'), 'required'));
  });

  it('coerces response headers and validates response bodies without coercion', () => {
    const ok = getItem().responses['200']!;
    const headers: Record<string, unknown> = { 'X-Rate-Limit': '10' };
    expectAccepted(ok.headers!, headers);
    expect(headers['X-Rate-Limit']).toBe(10);
    const responseAt = ir().operations.find((o) => o.id === 'getItem')!.responses[0]!.location.pointer;
    expectRejected(ir(), ok.headers!, { 'X-Rate-Limit': '-1' }, 'minimum', '/X-Rate-Limit', joinPointer(responseAt, 'headers', 'X-Rate-Limit', 'schema', 'minimum'));
    expectRejected(ir(), ok.headers!, {}, 'required', '', joinPointer(responseAt, 'headers', 'X-Rate-Limit', 'required'));
    expectAccepted(ok.body!, { name: 'root', children: [] });
    expectRejected(ir(), getItem().responses['404']!.body!, { code: '404' }, 'type', '/code', '/components/schemas/Error/properties/code/type');
    expect(getItem().responses['404']!.headers).toBeUndefined();
  });

  it('validates the JSON request body of several content types, without coercion', () => {
    const body = createItem().body!;
    expect(body.schemaPointer).toBe('/paths/~1items/post/requestBody/content/application~1json/schema');
    expectAccepted(body, { text: 'ab', kind: 'item', count: 10 });
    expectRejected(ir(), body, { text: 'ab', kind: 'item', count: '10' }, 'type', '/count', '/components/schemas/Scalars/properties/count/type');
    expect(createItem().query).toBeUndefined();
    expect(createItem().path).toBeUndefined();
    expect(Object.keys(createItem().responses)).toEqual(['201', 'default']);
    expectAccepted(createItem().responses.default!.body!, { code: 1 });
  });

  it('returns the same issues for the same value on repeated calls', () => {
    const query = getItem().query!;
    query({ limit: 'x' });
    const first = query.issues;
    query({ q: 'ab' });
    expect(query.issues).toEqual([]);
    query({ limit: 'x' });
    expect(query.issues).toEqual(first);
  });
});

describe('validators: OpenAPI 3.0 schemas', () => {
  const { ir, generated } = withFixture('nullable.openapi.yaml');

  it('accepts null where `nullable: true` and applies boolean exclusive bounds', () => {
    const maybe = generated().named('Maybe');
    expectAccepted(maybe, { name: null, pick: null, ref: null, size: 1 });
    expectAccepted(maybe, { name: 'n', pick: 'a', ref: { x: 1 } });
    expectRejected(ir(), maybe, { size: 0 }, 'exclusiveMinimum', '/size', '/components/schemas/Maybe/properties/size/exclusiveMinimum');
    expectRejected(ir(), maybe, { size: null }, 'type', '/size', '/components/schemas/Maybe/properties/size/type');
    expectRejected(ir(), maybe, { pick: 'c' }, 'enum', '/pick', '/components/schemas/Maybe/properties/pick/enum');
    expectRejected(ir(), maybe, { ref: {} }, 'required', '/ref', '/components/schemas/Point/required');
  });
});

describe('validators: hostile names', () => {
  const { ir, generated } = withFixture('hostile.openapi.yaml');
  const operation = () => generated().module.operationValidators['get */ things `${x}`']!;

  it('keys operations by their ids as written', () => {
    expect(Object.keys(generated().module.operationValidators)).toEqual(['get */ things `${x}`']);
    expect(Object.keys(generated().module.methodValidators)).toEqual([]);
  });

  it('coerces and requires parameters named like Object.prototype members', () => {
    const path = JSON.parse('{"a b": "5", "__proto__": "x"}') as Record<string, unknown>;
    expectAccepted(operation().path!, path);
    expect(path['a b']).toBe(5);
    expectRejected(ir(), operation().path!, { 'a b': '5' }, 'required', '', '/paths/~1things~1{a b}~1{__proto__}/parameters/1/required');
    const query: Record<string, unknown> = { toString: '3', "it's \"quoted\"": '"\'`' };
    expectAccepted(operation().query!, query);
    expect(query.toString).toBe(3);
    expectRejected(ir(), operation().query!, {}, 'required', '', '/paths/~1things~1{a b}~1{__proto__}/get/parameters/0/required');
    expectRejected(ir(), operation().query!, { toString: '1', "it's \"quoted\"": 'x' }, 'pattern', "/it's \"quoted\"", '/paths/~1things~1{a b}~1{__proto__}/get/parameters/1/schema/pattern');
    expectAccepted(operation().headers!, { 'X-Weird*/Header': '</script>' });
    expectAccepted(operation().headers!, { 'X-Weird*/Header': '\u2028' });
    expectRejected(ir(), operation().headers!, { 'X-Weird*/Header': '${y}' }, 'enum', '/X-Weird*~1Header', '/paths/~1things~1{a b}~1{__proto__}/get/parameters/2/schema/enum');
  });

  it('resolves percent-encoded references and reports pointers with escaped segments', () => {
    const weird = generated().named('Weird');
    expectAccepted(weird, { constructor: 'c', 'a/b ~ %25 ü': '"*/ ${x}', toString: '"*/ ${x}', 'schemaPath:"#': 'schemaPath:"#' });
    expectRejected(ir(), weird, {}, 'required', '', '/components/schemas/Weird/required');
    expectRejected(ir(), weird, { constructor: 'c', toString: 'no' }, 'const', '/toString', '/components/schemas/Weird/properties/a~1b ~0 %25 ü/const');
    expectRejected(ir(), weird, { constructor: 'c', 'schemaPath:"#': 'x' }, 'pattern', '/schemaPath:"#', '/components/schemas/Weird/properties/schemaPath:"#/pattern');
  });

  it('checks a property named __proto__ as an own key, like any other property', () => {
    const validate = generated().named('ProtoProperty');
    const own = (json: string): unknown => JSON.parse(json);
    expectAccepted(validate, own('{"__proto__": "ab", "other": 1}'));
    const at = '/components/schemas/ProtoProperty';
    expectRejected(ir(), validate, own('{"__proto__": "a"}'), 'minLength', '/__proto__', `${at}/properties/__proto__/minLength`);
    expectRejected(ir(), validate, own('{"__proto__": 5}'), 'type', '/__proto__', `${at}/properties/__proto__/type`);
    expectRejected(ir(), validate, { other: 1 }, 'required', '', `${at}/required`);
    expectRejected(ir(), validate, own('{"__proto__": "ab", "x": 1}'), 'additionalProperties', '', `${at}/additionalProperties`);
  });

  it('names a schema called __proto__', () => {
    const list = generated().named('Proto');
    expectAccepted(list, [{ constructor: 'a' }]);
    expectRejected(ir(), list, [{ constructor: 1 }], 'type', '/0/constructor', '/components/schemas/Weird/properties/constructor/type');
  });
});

describe('validators: generated code', () => {
  const { generated } = withFixture('keywords.openapi.yaml');

  it('type-checks with the generated types under strict tsc', async () => {
    const files = typeScriptFiles(generated().files);
    files['check.ts'] = `import { operationValidators, validateTree } from './validators.js';
import type * as T from './types.js';
declare const value: unknown;
if (validateTree(value)) { const tree: T.Tree = value; void tree; }
const query: Record<string, unknown> = { q: 'ab' };
if (operationValidators.getItem.query(query)) { const limit: number | undefined = query.limit; void limit; }
const body = operationValidators.createItem.body;
// @ts-expect-error createItem has no query validator
void operationValidators.createItem.query;
void body;
`;
    expect(await typecheckFiles(files)).toBe('');
  });

  it('puts coercing validators in their own module and uses neither eval nor new Function', () => {
    const files = generated().files;
    const plain = files.get('validators.standalone.js')!;
    const coercing = files.get('validators.params.standalone.js')!;
    for (const code of [plain, coercing]) {
      expect(code).not.toMatch(/new Function|\beval\(/);
      expect(code).not.toMatch(/schemaPath:"#[^"]/);
    }
    // ajv writes coercion as assignments to the parent object's property.
    expect(coercing).toContain('parentData[parentDataProperty] = coerced');
    expect(plain).not.toContain('coerced');
  });
});
