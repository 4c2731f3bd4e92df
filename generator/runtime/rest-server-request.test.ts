import { describe, expect, it } from 'vitest';
import { acceptsMediaType, mediaTypeOf, parseBody, parseQuery } from './rest-server-request.js';

describe('parseQuery', () => {
  it('decodes names and values, with repeated names as arrays', () => {
    expect({ ...parseQuery('a=1&b=x%20y&b=z&c=a+b&b=w&flag') }).toEqual({ a: '1', b: ['x y', 'z', 'w'], c: 'a b', flag: '' });
  });

  it('keeps malformed escapes as written and skips empty pairs', () => {
    expect({ ...parseQuery('a=%E0%A4%A&&b=%') }).toEqual({ a: '%E0%A4%A', b: '%' });
    expect({ ...parseQuery('') }).toEqual({});
  });

  it('keeps __proto__ and constructor as plain own keys', () => {
    const query = parseQuery('__proto__=1&constructor=2');
    expect(Object.getOwnPropertyNames(query).sort()).toEqual(['__proto__', 'constructor']);
    expect(query['__proto__']).toBe('1');
  });
});

describe('media types', () => {
  it('reduces a content type to its lower-case essence', () => {
    expect(mediaTypeOf('Application/JSON; charset=utf-8')).toBe('application/json');
    expect(mediaTypeOf(' ;x')).toBeUndefined();
    expect(mediaTypeOf(undefined)).toBeUndefined();
  });

  it('accepts exact types and ranges', () => {
    expect(acceptsMediaType(['application/json'], 'application/json')).toBe(true);
    expect(acceptsMediaType(['application/json'], 'text/plain')).toBe(false);
    expect(acceptsMediaType(['text/*'], 'text/csv')).toBe(true);
    expect(acceptsMediaType(['*/*'], 'image/png')).toBe(true);
  });
});

describe('parseBody', () => {
  it('parses JSON, forms and text, and reports bad JSON', () => {
    expect(parseBody(Buffer.from('{"a":[1]}'), 'application/json')).toEqual({ ok: true, value: { a: [1] } });
    expect(parseBody(Buffer.from('{"a":'), 'application/vnd.x+json')).toMatchObject({ ok: false });
    expect(parseBody(Buffer.from('a=1&a=2'), 'application/x-www-form-urlencoded')).toMatchObject({ ok: true, value: { a: ['1', '2'] } });
    expect(parseBody(Buffer.from('hi'), 'text/plain')).toEqual({ ok: true, value: 'hi' });
    expect(parseBody(Buffer.from([1, 2]), 'application/octet-stream')).toEqual({ ok: true, value: Buffer.from([1, 2]) });
  });
});
