import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { check, formatIssues, guard, type AjvError, type CompiledValidate } from './validation.js';

/** A validate function that fails with `errors` whenever its input is not `'ok'`. */
function failingWith(errors: AjvError[]): CompiledValidate {
  const validate = ((value: unknown) => {
    validate.errors = value === 'ok' ? null : errors;
    return value === 'ok';
  }) as CompiledValidate;
  return validate;
}

const error = (schemaPath: string, keyword = 'type'): AjvError => ({ instancePath: '/a', schemaPath, keyword, params: { type: 'string' }, message: 'must be string' });

describe('guard', () => {
  const schema = { type: 'object', required: ['a'], properties: { a: { type: 'string' } } };
  const validate = guard<{ a: string }>(new Ajv2020({ allErrors: true }).compile(schema), '/components/schemas/Thing');

  it('is a type guard that keeps the issues of the last failed call', () => {
    expect(validate({ a: 'x' })).toBe(true);
    expect(validate.issues).toEqual([]);
    expect(validate({ a: 1 })).toBe(false);
    expect(validate.issues).toEqual([
      { path: '/a', keyword: 'type', message: 'must be string', schemaPointer: '/components/schemas/Thing/properties/a/type', params: { type: 'string' } },
    ]);
    expect(validate({})).toBe(false);
    expect(validate.issues.map((i) => [i.keyword, i.schemaPointer])).toEqual([['required', '/components/schemas/Thing/required']]);
    expect(validate({ a: 'again' })).toBe(true);
    expect(validate.issues).toEqual([]);
  });

  it('exposes the validated schema pointer, read-only', () => {
    expect(validate.schemaPointer).toBe('/components/schemas/Thing');
    expect(() => Object.assign(validate, { schemaPointer: '/elsewhere' })).toThrow(TypeError);
  });

  it('takes absolute schema paths as pointers into the spec, percent-decoded, ~ escapes kept', () => {
    const v = guard(failingWith([error('spec#/components/schemas/a%20b/properties/~1x%7By%7D/type')]), '/paths/~1x/get');
    expect(v('no')).toBe(false);
    expect(v.issues[0]?.schemaPointer).toBe('/components/schemas/a b/properties/~1x{y}/type');
  });

  it('places relative schema paths below the validated schema', () => {
    const v = guard(failingWith([error('#/items/0/%C3%BC')]), '/components/schemas/List');
    v('no');
    expect(v.issues[0]?.schemaPointer).toBe('/components/schemas/List/items/0/ü');
    const root = guard(failingWith([error('#')]), '/paths/~1x/get');
    root('no');
    expect(root.issues[0]?.schemaPointer).toBe('/paths/~1x/get');
  });

  it('keeps a segment that is not valid percent-encoding as written', () => {
    const v = guard(failingWith([error('spec#/components/schemas/100%/type')]), '');
    v('no');
    expect(v.issues[0]?.schemaPointer).toBe('/components/schemas/100%/type');
  });

  it('points a false schema failure at the schema itself', () => {
    const v = guard(failingWith([error('spec#/components/schemas/Never/false schema', 'false schema')]), '/components/schemas/Never');
    v('no');
    expect(v.issues[0]).toMatchObject({ keyword: 'false schema', schemaPointer: '/components/schemas/Never' });
    const compiled = guard(new Ajv2020().compile({ type: 'object', properties: { no: false } }), '/components/schemas/Closed');
    expect(compiled({ no: 1 })).toBe(false);
    expect(compiled.issues[0]).toMatchObject({ path: '/no', keyword: 'false schema', schemaPointer: '/components/schemas/Closed/properties/no' });
  });

  it('falls back to the keyword when ajv gives no message', () => {
    const v = guard(failingWith([{ instancePath: '', schemaPath: '#/x', keyword: 'x', params: {} }]), '/s');
    v('no');
    expect(v.issues[0]?.message).toBe('x');
  });
});

describe('check and formatIssues', () => {
  const validate = guard<string>(new Ajv2020().compile({ type: 'string', minLength: 2 }), '/components/schemas/Name');

  it('returns the value or the issues', () => {
    expect(check(validate, 'ab')).toEqual({ ok: true, value: 'ab' });
    const failed = check(validate, 'a');
    expect(failed.ok).toBe(false);
    expect(!failed.ok && failed.issues.map((i) => i.keyword)).toEqual(['minLength']);
  });

  it('formats one issue per entry with its place', () => {
    validate(5);
    expect(formatIssues(validate.issues)).toBe('(root) must be string [type at #/components/schemas/Name/type]');
    const nested = guard(failingWith([error('spec#/a/type'), error('spec#/b/type')]), '');
    nested('no');
    expect(formatIssues(nested.issues)).toBe('/a must be string [type at #/a/type]; /a must be string [type at #/b/type]');
  });
});
