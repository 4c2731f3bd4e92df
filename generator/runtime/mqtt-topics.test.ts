import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TopicTemplate, TopicTemplateError } from './mqtt-topics.js';

const requests = new TopicTemplate('thing/product/{gateway_sn}/requests');

describe('TopicTemplate', () => {
  it('fills parameters, makes a filter and matches topics', () => {
    expect(requests.params).toEqual(['gateway_sn']);
    expect(requests.fill({ gateway_sn: 'dock-sn' })).toBe('thing/product/dock-sn/requests');
    expect(requests.filter).toBe('thing/product/+/requests');
    expect(requests.match('thing/product/dock-sn/requests')).toEqual({ gateway_sn: 'dock-sn' });
  });

  it('handles several parameters in order', () => {
    const t = new TopicTemplate('{a}/x/{b}');
    expect(t.params).toEqual(['a', 'b']);
    expect(t.filter).toBe('+/x/+');
    expect(t.fill({ b: '2', a: '1' })).toBe('1/x/2');
    expect(t.match('1/x/2')).toEqual({ a: '1', b: '2' });
  });

  it.each([
    ['a/b', 'contains'],
    ['a+', 'contains'],
    ['#', 'contains'],
    ['nul\u0000', 'contains'],
    ['', 'is empty'],
  ])('rejects the parameter value %j', (value, problem) => {
    expect(() => requests.fill({ gateway_sn: value })).toThrow(TopicTemplateError);
    expect(() => requests.fill({ gateway_sn: value })).toThrow(problem);
  });

  it('rejects a missing parameter, including one only inherited from the prototype', () => {
    expect(() => requests.fill({})).toThrow('{gateway_sn} is missing');
    const inherited = Object.create({ gateway_sn: 'dock-sn' }) as Record<string, string>;
    expect(() => requests.fill(inherited)).toThrow('{gateway_sn} is missing');
  });

  it('keeps hostile parameter names as plain own keys', () => {
    const t = new TopicTemplate('p/{__proto__}/{constructor}');
    expect(t.fill({ ['__proto__']: 'x', constructor: 'y' } as Record<string, string>)).toBe('p/x/y');
    const params = t.match('p/x/y');
    expect(params && Object.hasOwn(params, '__proto__')).toBe(true);
    expect(params?.['constructor']).toBe('y');
  });

  it.each([
    'thing/product/dock-sn/requests_reply',
    'thing/product/dock-sn',
    'thing/product/dock-sn/requests/extra',
    'thing/product//requests',
    'other/product/dock-sn/requests',
  ])('does not match %j', (topic) => {
    expect(requests.match(topic)).toBeUndefined();
  });

  it.each([
    ['a/{x}-suffix', 'whole level'],
    ['a/{x}/{x}', 'twice'],
    ['a/+/b', 'wildcard'],
    ['a/#', 'wildcard'],
  ])('rejects the template %j', (template, problem) => {
    expect(() => new TopicTemplate(template)).toThrow(problem);
  });

  it('matches every topic it fills, with the same parameters', () => {
    const level = fc.string({ minLength: 1 }).filter((s) => !/[/+#\u0000]/.test(s));
    fc.assert(
      fc.property(level, level, (a, b) => {
        const t = new TopicTemplate('{a}/fixed/{b}');
        expect(t.match(t.fill({ a, b }))).toEqual({ a, b });
      }),
    );
  });
});
