import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as A from './arbitraries.js';

// Fixed seed: fast-check prints it with any counterexample, so a failure replays exactly.
const run = { seed: 4242, numRuns: 150 };

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);

function errorsOf(schema: object, value: unknown): { instancePath: string; keyword: string }[] {
  const validate = ajv.compile(schema);
  return validate(value) ? [] : (validate.errors ?? []).map((e) => ({ instancePath: e.instancePath, keyword: e.keyword }));
}

describe('format generators', () => {
  it('cover only formats ajv-formats knows', () => {
    for (const format of A.generatedFormats) expect(Object.keys(fullFormats)).toContain(format);
  });

  it.each(A.generatedFormats.map((f) => [f]))('%s values pass ajv-formats', (format) => {
    const validate = ajv.compile({ type: 'string', format });
    fc.assert(fc.property(A.string({ format }), (s) => validate(s)), run);
  });
});

describe('string', () => {
  it('respects lengths in code points', () => {
    fc.assert(
      fc.property(A.string({ minLength: 2, maxLength: 4 }), (s) => A.codePointLength(s) >= 2 && A.codePointLength(s) <= 4),
      run,
    );
  });

  it('matches every pattern, including ones fast-check cannot build from', () => {
    const patterns = [/^[a-z][0-3]-[0-9]+$/u, /^(?=[a-z])/u];
    fc.assert(fc.property(A.string({ patterns }), (s) => patterns.every((p) => p.test(s))), run);
    fc.assert(fc.property(A.matching(/^(?!x)[a-z]{2}$/u), (s) => /^(?!x)[a-z]{2}$/u.test(s)), run);
  });

  it('gives non-empty URL-safe path values, even from formats and patterns', () => {
    for (const c of [{}, { format: 'date-time' }, { patterns: [/^.{1,3}$/u] }]) {
      fc.assert(fc.property(A.string({ ...c, pathSafe: true }), (s) => s.length > 0 && A.isPathSafe(s) && encodeURIComponent(s) !== '' ), run);
    }
    expect(A.isPathSafe('..')).toBe(false);
    expect(A.isPathSafe('a/b')).toBe(false);
    expect(A.isPathSafe('a;b')).toBe(false);
    expect(A.isPathSafe('2024-01-01T00:00:00Z')).toBe(true);
  });

  it('gives header values HTTP keeps as they are: visible ASCII, no surrounding spaces', () => {
    fc.assert(fc.property(A.string({ headerSafe: true }), (s) => A.isHeaderSafe(s) && s.trim() === s), run);
    fc.assert(fc.property(A.headerValue(fc.constantFrom(' x', 'y', 'é')), (s) => s === 'y'), run);
    expect(A.isHeaderSafe('token abc')).toBe(true);
    expect(A.isHeaderSafe('')).toBe(false);
  });

  it('rejects impossible lengths at construction', () => {
    expect(() => A.string({ minLength: 5, maxLength: 2 })).toThrow(/between 5 and 2/);
  });
});

describe('numbers', () => {
  it('keep integer bounds, exclusive bounds and multipleOf', () => {
    const c = { exclusiveMinimum: 3, maximum: 40, multipleOf: 4 };
    fc.assert(fc.property(A.integer(c), (n) => Number.isInteger(n) && n > 3 && n <= 40 && n % 4 === 0), run);
    fc.assert(fc.property(A.integer({ minimum: 1e12, maximum: 9999999999999 }), (n) => n >= 1e12 && n <= 9999999999999), run);
  });

  it('keep number bounds, with fractions', () => {
    const schema = { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1.5 };
    fc.assert(fc.property(A.number(schema), (n) => errorsOf(schema, n).length === 0), run);
    const tenths = { type: 'number', minimum: -1, maximum: 1, multipleOf: 0.1 };
    fc.assert(fc.property(A.number(tenths), (n) => errorsOf(tenths, n).length === 0), run);
  });

  it('reject empty ranges at construction', () => {
    expect(() => A.integer({ minimum: 5, maximum: 4 })).toThrow();
    expect(() => A.integer({ minimum: 1, maximum: 3, multipleOf: 5 })).toThrow();
  });
});

describe('bounded filtering', () => {
  it('tries each source in turn and names what it looked for when nothing fits', () => {
    const arb = A.accepted([fc.constant(1), fc.constant(2)], (n) => n === 2, 'two');
    expect(fc.sample(arb, { seed: 1, numRuns: 5 })).toEqual([2, 2, 2, 2, 2]);
    expect(() => fc.sample(A.accepted([fc.nat()], () => false, 'nothing'), { seed: 1, numRuns: 1 })).toThrow(/no value found in \d+ tries: nothing/);
  });

  it('shrinks as .filter does, with the source that made the value', () => {
    const source = fc.integer({ min: 0, max: 1000 });
    const even = (n: number): boolean => n % 2 === 0;
    const bounded = fc.check(fc.property(A.accepted([fc.constant(1), source], even, 'even'), (n) => n < 100), { seed: 2 });
    const filtered = fc.check(fc.property(source.filter(even), (n) => n < 100), { seed: 2 });
    expect(bounded.failed && filtered.failed).toBe(true);
    expect(bounded.numShrinks).toBeGreaterThan(0);
    expect(bounded.counterexample?.[0]).toBeLessThanOrEqual(filtered.counterexample?.[0] as number);
  });
});

describe('unsatisfiable schemas', () => {
  it('build, and throw with the reason only when a value is drawn', () => {
    const arb = A.unsatisfiable('minimum 3 above maximum 2');
    expect(() => fc.sample(arb, { seed: 1, numRuns: 1 })).toThrow(/no value satisfies the schema: minimum 3 above maximum 2/);
  });
});

describe('constants and exclusions', () => {
  it('copies constants, so callers may mutate them', () => {
    const values = fc.sample(A.constants('[{"a":[1]}]'), { seed: 1, numRuns: 2 }) as { a: number[] }[];
    values[0]?.a.push(2);
    expect(values[1]).toEqual({ a: [1] });
  });

  it('excludes by JSON equality, whatever the key order', () => {
    const arb = A.excluding(fc.constantFrom({ a: 1, b: 2 }, { c: 3 }), '[{"b":2,"a":1}]');
    fc.assert(fc.property(arb, (v) => 'c' in v), run);
  });
});

describe('array', () => {
  it('keeps lengths small and within bounds; unique items are unique', () => {
    fc.assert(
      fc.property(A.array(fc.integer({ min: 0, max: 3 }), { minItems: 1, maxItems: 3, uniqueItems: true }), (xs) => {
        return xs.length >= 1 && xs.length <= 3 && new Set(xs).size === xs.length;
      }),
      run,
    );
    fc.assert(fc.property(A.array(fc.nat()), (xs) => xs.length <= A.LIMITS.arraySpan), run);
  });

  it('puts prefix items first and allows no more without items', () => {
    const arb = A.array(undefined, { prefix: [fc.constant('a'), fc.constant(1)] });
    fc.assert(fc.property(arb, (xs) => xs.length <= 2 && (xs.length === 0 || xs[0] === 'a')), run);
  });

  it('bounds recursion through arrays with a depth identifier', () => {
    const depth = fc.createDepthIdentifier();
    const { tree } = fc.letrec((tie) => ({ tree: A.object({ children: A.array(tie('tree'), { depth }) }) }));
    const depthOf = (t: unknown): number => 1 + Math.max(0, ...((t as { children: unknown[] }).children.map(depthOf)));
    fc.assert(fc.property(tree, (t) => depthOf(t) <= A.LIMITS.maxDepth + 1), run);
  });
});

describe('object', () => {
  it('always has required keys and sometimes optional ones', () => {
    const arb = A.object({ a: fc.nat(), b: A.optional(fc.nat()) });
    const samples = fc.sample(arb, { seed: 7, numRuns: 100 });
    expect(samples.every((o) => 'a' in o)).toBe(true);
    expect(samples.some((o) => 'b' in o)).toBe(true);
    expect(samples.some((o) => !('b' in o))).toBe(true);
  });

  it('makes __proto__ an own property, never the prototype', () => {
    const model: Record<string, A.Field> = Object.fromEntries([['__proto__', fc.constant(1)]]);
    fc.assert(
      fc.property(A.object(model), (o) => Object.getPrototypeOf(o) === Object.prototype && Object.prototype.hasOwnProperty.call(o, '__proto__')),
      run,
    );
  });

  it('adds the keys a present key depends on', () => {
    const arb = A.object({ a: A.optional(fc.nat()), b: A.optional(fc.nat()) }, { dependentRequired: { a: ['b'] } });
    fc.assert(fc.property(arb, (o) => !('a' in o) || 'b' in o), run);
    expect(fc.sample(arb, { seed: 3, numRuns: 100 }).some((o) => 'a' in o)).toBe(true);
  });

  it('keeps free-form objects within minProperties and notAll groups apart', () => {
    fc.assert(fc.property(A.object({}, { additional: fc.nat(), minProperties: 1 }), (o) => Object.keys(o).length >= 1), run);
    const arb = A.object({ raw: A.optional(fc.nat()), attrs: A.optional(fc.nat()) }, { notAll: [['raw', 'attrs']] });
    fc.assert(fc.property(arb, (o) => !('raw' in o && 'attrs' in o)), run);
  });
});

describe('requests', () => {
  it('serialises simple style', () => {
    expect(A.simpleStyle([1, 2])).toBe('1,2');
    expect(A.simpleStyle({ a: 1, b: 'x' })).toBe('a,1,b,x');
    expect(A.simpleStyle({ a: 1, b: 'x' }, true)).toBe('a=1,b=x');
    expect(A.simpleStyle(true)).toBe('true');
  });

  const operation = A.operation({
    path: { id: A.pathValue(A.integer({ minimum: 1 })) },
    query: { limit: A.optional(A.integer({ minimum: 1, maximum: 10 })), q: A.string({ minLength: 1 }) },
    headers: { 'X-Trace': A.optional(A.headerValue(A.integer())) },
    body: { arbitrary: A.object({ name: A.string() }), required: false, contentType: 'application/json' },
    invalid: {
      query: [A.remove([], 'q', '/paths/~1x/get/parameters/1/required'), A.replace(['limit'], fc.constant('abc'), 'type', '/p/type', 'must be integer', true)],
      body: [A.remove([], 'name', '/b/required')],
    },
  });

  it('builds valid samples: strings for path and headers, content type with a body', () => {
    fc.assert(
      fc.property(operation.valid, (s) => {
        const headersOk = Object.values(s.headers).every((v) => typeof v === 'string');
        const bodyOk = s.body === undefined ? s.contentType === undefined : s.contentType === 'application/json';
        return typeof s.path.id === 'string' && Number(s.path.id) >= 1 && typeof s.query.q === 'string' && headersOk && bodyOk;
      }),
      run,
    );
  });

  it('breaks one location at a time and says where', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(operation.invalid!, (s) => {
        seen.add(s.violation.location);
        if (s.violation.location === 'body') return s.contentType === 'application/json' && !('name' in (s.body as object));
        const q = s.query;
        const queryBroken = !('q' in q) || q.limit === 'abc';
        return queryBroken && s.violation.description.startsWith('query ');
      }),
      run,
    );
    expect([...seen].sort()).toEqual(['body', 'query']);
  });

  it('has no invalid arbitrary when nothing can be broken', () => {
    expect(A.operation({ path: {}, query: {}, headers: {}, invalid: {} }).invalid).toBeUndefined();
    expect(A.message(fc.constant({}), undefined).invalid).toBeUndefined();
  });

  it('locates message violations', () => {
    const m = A.message(fc.constant({ a: 1 }), [A.replace([], fc.constant(5), 'type', '/x/type', 'must be object')]);
    const [sample] = fc.sample(m.invalid!, { seed: 1, numRuns: 1 });
    expect(sample).toEqual({
      message: 5,
      violation: { location: 'message', pointer: '', keyword: 'type', schemaPointer: '/x/type', description: 'message (root): must be object' },
    });
  });
});
