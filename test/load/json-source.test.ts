import { describe, expect, it } from 'vitest';
import { parseJsonText } from '../../generator/load/json-text.js';
import { joinPointer } from '../../generator/load/pointer.js';
import { parseSourceText, type SourceFile } from '../../generator/load/source.js';

/** The same text read through the JSON fast path (`.json`) and through the YAML parser (`.yaml`). */
function both(text: string): { json: SourceFile; yaml: SourceFile } {
  return { json: parseSourceText('/virtual/spec.json', text), yaml: parseSourceText('/virtual/spec.yaml', text) };
}

/** Every pointer of `value`, plus a missing child of each (a deepest-ancestor answer) and a few odd segments. */
function pointersOf(value: unknown, pointer = ''): string[] {
  const own = [pointer, joinPointer(pointer, 'missing'), joinPointer(pointer, '9'), `${pointer}/`];
  if (value === null || typeof value !== 'object') return own;
  return [...own, ...Object.entries(value).flatMap(([key, child]) => pointersOf(child, joinPointer(pointer, key)))];
}

const where = (source: SourceFile, pointer: string) => ({
  value: [source.positionOf(pointer).line, source.positionOf(pointer).col],
  key: [source.keyPositionOf(pointer).line, source.keyPositionOf(pointer).col],
});

const texts: Record<string, string> = {
  'one line': '{"openapi":"3.0.3","paths":{"/a":{"get":{"responses":{"200":{"description":"ok"}}}}},"list":[1,[2,3],{"x":null}]}',
  'pretty printed': JSON.stringify({ openapi: '3.1.0', info: { title: 't', version: '1' }, tags: [{ name: 'a' }, { name: 'b' }], paths: {} }, null, 2),
  'CRLF line ends': '{\r\n  "a": {\r\n    "b": [\r\n      true,\r\n      false\r\n    ]\r\n  },\r\n  "c": -1.5e3\r\n}\r\n',
  'escapes in keys and strings': '{\n  "a\\"b": {"c\\\\": 1, "\\u00e9t\\u00e9": "x\\"y\\\\", "~/": {"deep": ["\\\\", "\\""]}},\n  "next": 2\n}',
  'unicode before the node': '{"名前": "値", "emoji 😀": {"k": [ "😀", {"z": 0} ]}, "after": {"z": 1}}',
  'empty containers and odd spacing': ' \n\t{ "a" : { } , "b" : [ ] , "c" :[ { } , [ ] ] ,"d":{"e" :"f"} }\n',
  'array at the root': '[{"a": 1}, [], "s", 3, null]',
  'scalar at the root': '  "just a string"  ',
  'integer-like keys out of insertion order': '{"404": {"a": 1}, "200": {"b": 2}, "x": 3, "1": [4]}',
};

describe('the JSON fast path', () => {
  it.each(Object.entries(texts))('%s: same value, and every position the YAML reader gives', (_, text) => {
    const { json, yaml } = both(text);
    expect(parseJsonText(text)).toBeDefined(); // the fast path was taken
    expect(json.value).toEqual(yaml.value);
    expect(json.diagnostics).toEqual([]);
    expect(yaml.diagnostics).toEqual([]);
    const pointers = pointersOf(json.value);
    expect(pointers.length).toBeGreaterThan(3);
    for (const pointer of pointers) expect(where(json, pointer), pointer).toEqual(where(yaml, pointer));
  });

  it('answers a position for a pointer that is not one as the YAML reader does (the root)', () => {
    const { json, yaml } = both('\n\n  {"a": 1}');
    expect(where(json, 'not a pointer')).toEqual(where(yaml, 'not a pointer'));
    expect(json.positionOf('not a pointer')).toEqual({ file: '/virtual/spec.json', line: 3, col: 3 });
  });

  it('leaves a duplicate key to the YAML reader, which reports it', () => {
    const text = '{\n  "a": 1,\n  "b": {"x": 1, "x": 2}\n}';
    expect(parseJsonText(text)).toBeUndefined();
    const { json, yaml } = both(text);
    expect(json.diagnostics.map((d) => [d.code, d.line])).toEqual([['yaml-duplicate-key', 3]]);
    expect(json.diagnostics.map(({ file: _, ...d }) => d)).toEqual(yaml.diagnostics.map(({ file: _, ...d }) => d));
  });

  it('does not take a repeated string value, or a colon inside a string, for a duplicate key', () => {
    const text = '{"a": "x", "b": "x", "c": "k: v", "d": {"a": ":"}}';
    expect(parseJsonText(text)).toBeDefined();
  });

  it('leaves text that is not strict JSON to the YAML reader, with its located errors', () => {
    const broken = '{\n  "a": 1,\n  "b": [1, 2\n}';
    expect(parseJsonText(broken)).toBeUndefined();
    const { json, yaml } = both(broken);
    expect(json.value).toBeUndefined();
    expect(json.diagnostics.length).toBeGreaterThan(0);
    expect(json.diagnostics.map(({ file: _, ...d }) => d)).toEqual(yaml.diagnostics.map(({ file: _, ...d }) => d));
    // YAML flow style in a .json file still reads, as before.
    expect(parseSourceText('/virtual/spec.json', '{a: 1, b: [x]}').value).toEqual({ a: 1, b: ['x'] });
  });

  it('leaves a lone carriage return to the YAML reader, which counts lines its own way', () => {
    expect(parseJsonText('{"a":\r1}')).toBeUndefined();
    expect(parseJsonText('{"a":\r\n1}')).toBeDefined();
  });

  it('keeps a `__proto__` key as data', () => {
    const { json, yaml } = both('{"__proto__": {"polluted": true}, "a": 1}');
    expect(Object.keys(json.value as object)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(where(json, '/__proto__/polluted')).toEqual(where(yaml, '/__proto__/polluted'));
  });

  it('hashes the text and keeps it', () => {
    const { json, yaml } = both('{"a": 1}');
    expect(json.sha256).toBe(yaml.sha256);
    expect(json.text).toBe('{"a": 1}');
  });
});
