import { checksFormat, isHeaderSafe, isPathSafe } from '../../runtime/arbitraries.js';
import { failures, regex, type Mode } from './check.js';
import { allowedTypes, type TypedNode } from './model.js';

/** Literal values that break one keyword of a schema and nothing else, found at generation time. */
export interface ScalarMutation {
  keyword: string;
  /** Pointer of the violated keyword. */
  schemaPointer: string;
  description: string;
  /** Up to three values, already serialised for path and header parameters. */
  values: unknown[];
}

const MAX_VALUES = 3;
const FILLERS = ['a', '0', 'Z', '-', '_', '~', '!', ' ', '.'];

/** Values known to fail each format of ajv-formats (checked again before use). */
const BAD_FORMATS: Record<string, string[]> = {
  date: ['not-a-date', '2021-02-30', '20210101'],
  'date-time': ['not-a-date-time', '2021-01-01', '2021-01-01T25:00:00Z'],
  'iso-date-time': ['not-a-date-time', '2021-01-01'],
  time: ['not-a-time', '25:00:00Z', '12:00:00'],
  'iso-time': ['not-a-time', '25:00:00'],
  duration: ['not-a-duration', 'P', '1D'],
  email: ['not-an-email', 'a@', '@example.com'],
  hostname: ['-bad-', 'bad_host', 'a..b'],
  uri: ['not a uri', 'no-scheme', '://x'],
  url: ['not a url', 'no-scheme'],
  'uri-reference': ['\\\\bad', 'a b'],
  'uri-template': ['{', 'a{b'],
  uuid: ['not-a-uuid', '1234', 'g0000000-0000-0000-0000-000000000000'],
  ipv4: ['999.1.1.1', 'not-an-ip', '1.2.3'],
  ipv6: ['not-an-ipv6', '1:2', ':::'],
  byte: ['not base64!', '#'],
  regex: ['(', '[a-'],
  'json-pointer': ['no-slash', 'a/b'],
  'relative-json-pointer': ['x', '/a'],
  'json-pointer-uri-fragment': ['no-hash'],
};

/**
 * Every keyword of `node` that a literal can break alone: `type`, `enum`/`const`, string and
 * number constraints. Each candidate is checked against all of the node's keywords the way the
 * validators check them; a keyword without a value that fails only it gets no mutation.
 */
export function scalarMutations(node: TypedNode, mode: Mode): ScalarMutation[] {
  const wire = mode !== 'json';
  const allowed = allowedTypes(node);
  if (wire && (allowed === undefined || allowed.has('array') || allowed.has('object'))) return [];
  const found: ScalarMutation[] = [];
  const add = (keyword: string, schemaPointer: string, description: string, candidates: unknown[]): void => {
    const values = pick(node, mode, candidates, (f) => f.length === 1 && f[0]?.keyword === keyword && f[0].pointer === schemaPointer);
    if (values.length > 0) found.push({ keyword, schemaPointer, description, values });
  };

  if (node.enums.length === 0) found.push(...typeMutations(node, mode));
  for (const source of node.enums) {
    const description = source.keyword === 'const' ? 'must be equal to constant' : 'must be equal to one of the allowed values';
    add(source.keyword, source.pointer, description, enumCandidates(node));
  }
  if (node.enums.length > 0) return found;

  const { minLength, maxLength, minimum, maximum } = node;
  if (minLength && minLength.value > 0) {
    add('minLength', minLength.pointer, `must NOT have fewer than ${minLength.value} characters`, strings(minLength.value - 1));
  }
  if (maxLength) add('maxLength', maxLength.pointer, `must NOT have more than ${maxLength.value} characters`, strings(maxLength.value + 1));
  for (const p of node.patterns) {
    if (regex(p.value)) add('pattern', p.pointer, `must match pattern ${JSON.stringify(p.value)}`, patternCandidates(node));
  }
  for (const f of node.formats) {
    if (!checksFormat(f.value, 'string')) continue;
    const lengths = [node.minLength?.value ?? 0, (node.minLength?.value ?? 0) + 1];
    add('format', f.pointer, `must match format ${JSON.stringify(f.value)}`, [...(BAD_FORMATS[f.value] ?? []), ...lengths.flatMap(strings)]);
  }
  if (minimum) {
    const keyword = minimum.exclusive ? 'exclusiveMinimum' : 'minimum';
    add(keyword, minimum.pointer, `must be ${minimum.exclusive ? '>' : '>='} ${minimum.value}`, beyond(node, minimum.value, -1));
  }
  if (maximum) {
    const keyword = maximum.exclusive ? 'exclusiveMaximum' : 'maximum';
    add(keyword, maximum.pointer, `must be ${maximum.exclusive ? '<' : '<='} ${maximum.value}`, beyond(node, maximum.value, 1));
  }
  for (const m of node.multipleOf) {
    const start = validNumber(node);
    const candidates = [1, m.value / 2, 0.5, -1, m.value + 1].map((d) => start + d);
    add('multipleOf', m.pointer, `must be multiple of ${m.value}`, candidates);
  }
  return found;
}

/** A wrong JSON type (bodies) or a string the validator cannot coerce (parameters). */
function typeMutations(node: TypedNode, mode: Mode): ScalarMutation[] {
  const allowed = allowedTypes(node);
  if (node.types.length === 0 || allowed === undefined) return [];
  const candidates = mode === 'json' ? ['abc', 42, 1.5, true, null, [], {}] : allowed.has('string') ? [] : ['abc', 'not-a-number', 'x1'];
  const byFirst = new Map<string, { keyword: string; pointer: string; values: unknown[] }>();
  for (const value of candidates) {
    const [first, ...rest] = failures(node, shape(value, mode), mode);
    if (!first || !(first.keyword === 'type' || first.keyword === 'not') || rest.some((f) => f.keyword !== first.keyword)) continue;
    if (!acceptable(shape(value, mode), mode)) continue;
    const key = `${first.keyword} ${first.pointer}`;
    const entry = byFirst.get(key) ?? { keyword: first.keyword, pointer: first.pointer, values: [] };
    if (entry.values.length < MAX_VALUES) entry.values.push(shape(value, mode));
    byFirst.set(key, entry);
  }
  const [entry] = byFirst.values();
  if (!entry) return [];
  const source = node.types.find((t) => t.pointer === entry.pointer && t.keyword === entry.keyword);
  const description = entry.keyword === 'not' ? 'must NOT be valid against the `not` schema' : `must be ${source?.value.join(' or ') ?? 'of another type'}`;
  return [{ keyword: entry.keyword, schemaPointer: entry.pointer, description, values: entry.values }];
}

function enumCandidates(node: TypedNode): unknown[] {
  const listed = node.enums.flatMap((e) => e.value);
  const numbers = listed.filter((v): v is number => typeof v === 'number');
  const high = numbers.length > 0 ? Math.max(...numbers) : 0;
  const low = numbers.length > 0 ? Math.min(...numbers) : 0;
  const texts = listed.filter((v): v is string => typeof v === 'string');
  const length = node.minLength?.value ?? 1;
  return [
    ...listed,
    'not-in-enum',
    ...texts.map((t) => `${t}_x`),
    ...strings(length),
    high + 1,
    low - 1,
    0,
    1,
    0.5,
    true,
    false,
    null,
  ];
}

function patternCandidates(node: TypedNode): string[] {
  const min = node.minLength?.value ?? 0;
  const max = node.maxLength?.value ?? min + 8;
  const lengths = [...new Set([min, min + 1, Math.min(max, min + 8), max])].filter((n) => n >= min && n <= max);
  return ['not matching!', ...lengths.flatMap(strings)];
}

/** Strings of exactly `length` characters, one per filler character. */
function strings(length: number): string[] {
  return FILLERS.map((c) => c.repeat(Math.max(0, length)));
}

/** Numbers just past `limit` (`direction` -1 below it, 1 above it), multiples of `multipleOf` first. */
function beyond(node: TypedNode, limit: number, direction: 1 | -1): number[] {
  const steps = node.multipleOf.map((m) => m.value);
  const multiples = steps.flatMap((k) => {
    const edge = direction < 0 ? Math.floor(limit / k) * k : Math.ceil(limit / k) * k;
    return [edge, edge + direction * k];
  });
  const plain = direction < 0 ? [Math.ceil(limit) - 1, limit, limit - 0.5, Math.floor(limit) - 1] : [Math.floor(limit) + 1, limit, limit + 0.5, Math.ceil(limit) + 1];
  return [...multiples, ...plain];
}

/** A number meeting the node's bounds and first `multipleOf`, as a base for `multipleOf` violations. */
function validNumber(node: TypedNode): number {
  const k = node.multipleOf[0]?.value ?? 1;
  const min = node.minimum;
  const start = min === undefined ? 0 : min.exclusive ? min.value + k : min.value;
  return Math.ceil(start / k) * k;
}

function pick(node: TypedNode, mode: Mode, candidates: unknown[], only: (f: ReturnType<typeof failures>) => boolean): unknown[] {
  const seen = new Set<string>();
  const values: unknown[] = [];
  for (const candidate of candidates) {
    const value = shape(candidate, mode);
    const key = JSON.stringify(value);
    if (values.length >= MAX_VALUES || seen.has(key)) continue;
    seen.add(key);
    if (acceptable(value, mode) && only(failures(node, value, mode))) values.push(value);
  }
  return values;
}

/** Path and header values travel as strings. */
function shape(value: unknown, mode: Mode): unknown {
  if ((mode === 'path' || mode === 'header') && value !== null && typeof value !== 'object') return String(value);
  return value;
}

/** Whether a value can travel where it is used: path segments and headers have their own alphabets. */
export function acceptable(value: unknown, mode: Mode): boolean {
  if (mode === 'path') return typeof value === 'string' && isPathSafe(value);
  if (mode === 'header') return typeof value === 'string' && isHeaderSafe(value);
  return true;
}
