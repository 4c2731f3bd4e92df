import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as A from './arbitraries.js';

// Fixed seed: fast-check prints it with any counterexample, so a failure replays exactly.
const run = { seed: 4243, numRuns: 200 };

const ajv = new Ajv2020({ strict: false, allErrors: true });

const schema = {
  type: 'object',
  required: ['id', 'tags'],
  additionalProperties: false,
  properties: {
    id: { type: 'integer', minimum: 1 },
    tags: { type: 'array', minItems: 1, maxItems: 3, uniqueItems: true, items: { type: 'string', minLength: 1 } },
    grid: { type: 'array', maxItems: 2, items: { type: 'array', items: { type: 'integer' } } },
    note: { type: 'string', maxLength: 3 },
    owner: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
  },
};
const validate = ajv.compile(schema);

const tag = A.string({ minLength: 1 });
const owner = A.object({ name: A.string() });
const valid = A.object({
  id: A.integer({ minimum: 1 }),
  tags: A.array(tag, { minItems: 1, maxItems: 3, uniqueItems: true }),
  grid: A.optional(A.array(A.array(A.integer()), { maxItems: 2 })),
  note: A.optional(A.string({ maxLength: 3 })),
  owner: A.optional(owner),
});
const ownerMutations = [A.remove([], 'name', '/properties/owner/required'), A.replace(['name'], fc.constant(7), 'type', '/properties/owner/properties/name/type', 'must be string')];
const mutations: A.Mutation[] = [
  A.replace([], fc.constantFrom('x', 1), 'type', '/type', 'must be object'),
  A.replace(['id'], fc.constantFrom(0, -3), 'minimum', '/properties/id/minimum', 'must be >= 1'),
  A.replace(['note'], fc.constant('long!'), 'maxLength', '/properties/note/maxLength', 'must NOT have more than 3 characters', true),
  A.remove([], 'tags', '/required'),
  A.add([], 'unexpected', '/additionalProperties'),
  A.shrink(['tags'], 1, '/properties/tags/minItems'),
  A.grow(['tags'], 3, '/properties/tags/maxItems', tag),
  A.repeat(['tags'], '/properties/tags/uniqueItems', 3),
  A.replace(['tags', A.ITEM], fc.constant(''), 'minLength', '/properties/tags/items/minLength', 'too short'),
  A.grow(['grid'], 2, '/properties/grid/maxItems'),
  A.replace(['grid', A.ITEM, A.ITEM], fc.constant('x'), 'type', '/properties/grid/items/items/type', 'must be integer'),
  A.within(['owner'], ownerMutations),
];
const invalid = A.invalid(valid, mutations);

describe('mutations', () => {
  it('break the value where they say, with the keyword they name, and nothing else', () => {
    fc.assert(
      fc.property(invalid, ({ value, violation }) => {
        expect(validate(value)).toBe(false);
        const errors = (validate.errors ?? []).map((e) => [e.instancePath, e.keyword, e.schemaPath]);
        expect(errors.length).toBeGreaterThan(0);
        for (const [path, keyword] of errors) expect([path, keyword]).toEqual([violation.pointer, violation.keyword]);
        expect(errors.some(([, , schemaPath]) => schemaPath === '#' + violation.schemaPointer)).toBe(true);
      }),
      run,
    );
  });

  it('reach every mutation, nested ones included', () => {
    const seen = new Set(fc.sample(invalid, { seed: 5, numRuns: 2000 }).map(({ violation }) => `${violation.keyword} ${violation.schemaPointer}`));
    const keywords = { remove: 'required', add: 'additionalProperties', shrink: 'minItems', grow: 'maxItems', repeat: 'uniqueItems' };
    const listed = [...mutations, ...ownerMutations].flatMap((m) => {
      if (m.kind === 'within') return [];
      return [`${m.kind === 'replace' ? m.keyword : keywords[m.kind]} ${m.schemaPointer}`];
    });
    expect([...seen].sort()).toEqual([...new Set(listed)].sort());
  });

  it('point into arrays at the item they changed', () => {
    const nested = fc.sample(invalid, { seed: 6, numRuns: 500 }).filter(({ violation }) => violation.schemaPointer.endsWith('/items/items/type'));
    expect(nested.length).toBeGreaterThan(0);
    for (const { value, violation } of nested) {
      const [, , i, j] = violation.pointer.split('/');
      expect((value as { grid: unknown[][] }).grid[Number(i)]?.[Number(j)]).toBe('x');
    }
  });

  it('leave the valid value untouched and keep __proto__ an own key', () => {
    const root = Object.fromEntries([['__proto__', 1], ['a', 2]]);
    const [broken] = fc.sample(A.invalid(fc.constant(root), [A.replace(['__proto__'], fc.constant('x'), 'type', '/t', 'must be integer')]), { seed: 1, numRuns: 1 });
    expect(Object.getPrototypeOf(broken!.value)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(broken!.value, '__proto__')?.value).toBe('x');
    expect(root).toEqual(Object.fromEntries([['__proto__', 1], ['a', 2]]));
  });

  it('skip values no mutation applies to', () => {
    const some = A.invalid(A.object({ a: A.optional(A.object({ b: fc.nat() })) }), [A.replace(['a', 'b'], fc.constant('s'), 'type', '/t', 'x')]);
    fc.assert(fc.property(some, ({ value }) => typeof (value as { a: { b: unknown } }).a.b === 'string'), run);
  });

  it('reach only the items after the prefix with itemsFrom', () => {
    const tuple = A.array(fc.boolean(), { prefix: [fc.constant('head')], minItems: 3 });
    const arb = A.invalid(tuple, [A.replace([A.itemsFrom(1)], fc.constant(0), 'type', '/items/type', 'must be boolean')]);
    fc.assert(fc.property(arb, ({ value, violation }) => (value as unknown[])[0] === 'head' && violation.pointer !== '/0'), run);
  });

  it('need at least one mutation', () => {
    expect(() => A.invalid(fc.constant(1), [])).toThrow();
  });
});
