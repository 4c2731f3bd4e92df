/**
 * Building blocks of the generated fast-check arbitraries (`arbitraries.ts` of each spec).
 * Generated code describes each schema as calls to these helpers with literal constraints; the
 * helpers keep values small (short strings, at most a few array items and extra keys) so
 * property tests stay fast, and build invalid values that break exactly one named constraint.
 */
import { fullFormats } from 'ajv-formats/dist/formats.js';
import fc from 'fast-check';
import { accepted, anyJson, canonicalJson } from './arbitrary-json.js';
import { invalid, type InvalidValue, type LocalViolation, type Mutation } from './arbitrary-mutations.js';
import type { InvalidMessage, InvalidSample, RequestSample, Violation } from './samples.js';

export { accepted, anyJson, canonicalJson } from './arbitrary-json.js';
export * from './arbitrary-mutations.js';

/** How large generated values get when the schema does not say. */
export const LIMITS = {
  /** Characters beyond `minLength` when there is no `maxLength`. */
  stringSpan: 10,
  /** Items beyond `minItems` when there is no `maxItems`. */
  arraySpan: 3,
  /** Keys of a free-form object (`additionalProperties` without `properties`). */
  dictionaryKeys: 2,
  /** Levels of recursion through optional properties, arrays and alternatives. */
  maxDepth: 3,
} as const;

/* --------------------------------- strings --------------------------------- */

const DAY_MS = 86_400_000;
const dates = fc
  .integer({ min: Date.UTC(1970, 0, 1) / DAY_MS, max: Date.UTC(2099, 11, 31) / DAY_MS })
  .chain((day) => fc.integer({ min: 0, max: DAY_MS - 1 }).map((ms) => new Date(day * DAY_MS + ms)));
const label = fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/);
const hostnames = fc
  .tuple(fc.array(label, { minLength: 1, maxLength: 2 }), fc.stringMatching(/^[a-z]{2,4}$/))
  .map(([labels, tld]) => [...labels, tld].join('.'));

/**
 * A generator for every format the validators check (ajv-formats' full mode) whose values are
 * strings. Formats outside this table are generated as plain strings.
 */
const FORMATS: Record<string, () => fc.Arbitrary<string>> = {
  date: () => dates.map((d) => d.toISOString().slice(0, 10)),
  'date-time': () => dates.map((d) => d.toISOString()),
  'iso-date-time': () => dates.map((d) => d.toISOString()),
  time: () => dates.map((d) => d.toISOString().slice(11)),
  'iso-time': () => dates.map((d) => d.toISOString().slice(11)),
  duration: () => fc.tuple(fc.nat(400), fc.nat(23)).map(([d, h]) => `P${d}DT${h}H`),
  email: () => fc.tuple(fc.stringMatching(/^[a-z0-9_+-]{1,8}(?:\.[a-z0-9_+-]{1,4})?$/), hostnames).map(([local, host]) => `${local}@${host}`),
  hostname: () => hostnames,
  uri: () => fc.tuple(fc.constantFrom('http', 'https'), hostnames, fc.array(label, { maxLength: 2 })).map(([s, h, p]) => [`${s}://${h}`, ...p].join('/')),
  url: () => fc.tuple(fc.constantFrom('http', 'https'), hostnames, fc.array(label, { maxLength: 2 })).map(([s, h, p]) => [`${s}://${h}`, ...p].join('/')),
  'uri-reference': () => fc.array(label, { minLength: 1, maxLength: 3 }).map((p) => '/' + p.join('/')),
  uuid: () => fc.uuid(),
  ipv4: () => fc.ipV4(),
  ipv6: () => fc.ipV6(),
  byte: () => fc.base64String({ maxLength: 16 }),
  'json-pointer': () => fc.array(label, { maxLength: 3 }).map((p) => p.map((s) => '/' + s).join('')),
  regex: () => fc.constantFrom('^[a-z]+$', '[0-9]{2,3}', 'a|b'),
  'relative-json-pointer': () => fc.tuple(fc.nat(3), fc.array(label, { maxLength: 2 })).map(([up, p]) => up + p.map((s) => '/' + s).join('')),
  'json-pointer-uri-fragment': () => fc.array(label, { maxLength: 3 }).map((p) => '#' + p.map((s) => '/' + s).join('')),
  'uri-template': () => fc.tuple(hostnames, label).map(([h, v]) => `https://${h}/{${v}}`),
};

/** Formats with a generator of their own; others are generated as plain strings. */
export const generatedFormats: readonly string[] = Object.keys(FORMATS).sort();

export interface StringConstraints {
  minLength?: number;
  maxLength?: number;
  /** One of `generatedFormats`. */
  format?: string;
  /** Every pattern must match (unanchored, as in JSON Schema). */
  patterns?: readonly RegExp[];
  /** Only characters that need no escaping in a URL path segment, never `.` or `..`, never empty. */
  pathSafe?: boolean;
  /** Only visible ASCII and inner spaces, never empty: what survives as an HTTP header value. */
  headerSafe?: boolean;
}

/** Unreserved characters of RFC 3986: safe anywhere in a URL. */
const UNRESERVED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';
/** A path segment's characters (RFC 3986 `pchar`) except `%` escapes and `;` (matrix parameters). */
const PATH_SAFE = /^[A-Za-z0-9\-._~!$&'()*+,=:@]+$/;

export function isPathSafe(value: string): boolean {
  return PATH_SAFE.test(value) && value !== '.' && value !== '..';
}

/** Visible ASCII with spaces only inside: HTTP trims header values and may reject other bytes. */
const HEADER_SAFE = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

export function isHeaderSafe(value: string): boolean {
  return HEADER_SAFE.test(value);
}

/** Length in code points, as JSON Schema counts it. */
export function codePointLength(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

export function string(c: StringConstraints = {}): fc.Arbitrary<string> {
  const min = Math.max(c.minLength ?? 0, c.pathSafe || c.headerSafe ? 1 : 0);
  const patterns = c.patterns ?? [];
  const format = c.format === undefined ? undefined : FORMATS[c.format];
  // Formats and patterns decide their own lengths; plain strings stay short.
  const max = c.maxLength ?? (format || patterns[0] ? Infinity : min + LIMITS.stringSpan);
  if (max < min) throw new Error(`no string has between ${min} and ${max} characters`);
  const sources: fc.Arbitrary<string>[] = [];
  if (format) sources.push(format());
  if (patterns[0]) sources.push(matching(patterns[0], c.maxLength));
  if (sources.length === 0) {
    if (!c.pathSafe && !c.headerSafe) return fc.string({ minLength: min, maxLength: max });
    sources.push(c.pathSafe ? fc.string({ unit: fc.constantFrom(...UNRESERVED), minLength: min, maxLength: max }) : fc.string({ minLength: min, maxLength: max }));
  }
  const what = `a string ${JSON.stringify({ ...c, patterns: patterns.map(String) })}`;
  return accepted(
    sources,
    (s) => {
      const length = codePointLength(s);
      const travels = (!c.pathSafe || isPathSafe(s)) && (!c.headerSafe || isHeaderSafe(s));
      const formatted = c.format === undefined || formatAccepts(c.format, s);
      return length >= min && length <= max && patterns.every((p) => p.test(s)) && formatted && travels;
    },
    what,
  );
}

/** Strings containing a match of `pattern`; patterns fast-check cannot build from are met by filtering. */
export function matching(pattern: RegExp, maxLength?: number): fc.Arbitrary<string> {
  try {
    return fc.stringMatching(pattern, maxLength === undefined ? {} : { maxLength });
  } catch {
    // Look-arounds and back-references: draw plain strings instead (slower, still correct).
    return accepted([fc.string({ maxLength: maxLength ?? LIMITS.stringSpan })], (s) => pattern.test(s), `a string matching ${pattern}`);
  }
}

type FormatDefinition = RegExp | ((value: string) => boolean) | { type?: string; validate: RegExp | ((value: never) => boolean) } | boolean;

/** Whether the validators (ajv-formats, full mode) check `format` on values of this JSON type. */
export function checksFormat(format: string, type: 'string' | 'number'): boolean {
  const definition = (fullFormats as Record<string, FormatDefinition | undefined>)[format];
  if (definition === undefined || typeof definition === 'boolean') return false;
  const declared = typeof definition === 'object' && !(definition instanceof RegExp) && definition.type === 'number' ? 'number' : 'string';
  return declared === type;
}

/** Whether ajv-formats accepts `value` for `format`; formats it does not check accept everything. */
export function formatAccepts(format: string, value: string | number): boolean {
  if (!checksFormat(format, typeof value === 'number' ? 'number' : 'string')) return true;
  const definition = (fullFormats as Record<string, FormatDefinition>)[format];
  const validate = typeof definition === 'object' && !(definition instanceof RegExp) ? definition.validate : definition;
  if (validate instanceof RegExp) return validate.test(String(value));
  return typeof validate === 'function' ? (validate as (v: string | number) => boolean)(value) : true;
}

/* --------------------------------- numbers --------------------------------- */

export interface NumberConstraints {
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
}

/** Span of the generated range when only one bound is known (fast-check's default 32-bit range otherwise). */
const ONE_SIDED_SPAN = 2 ** 31;

/** `value` is a multiple of `divisor` the way ajv checks it. */
export function isMultipleOf(value: number, divisor: number): boolean {
  const quotient = value / divisor;
  return Number.isFinite(quotient) && Number.isInteger(quotient);
}

function integerRange(c: NumberConstraints): { min: number; max: number } {
  let min = c.minimum === undefined ? undefined : Math.ceil(c.minimum);
  let max = c.maximum === undefined ? undefined : Math.floor(c.maximum);
  if (c.exclusiveMinimum !== undefined) min = Math.max(min ?? -Infinity, Math.floor(c.exclusiveMinimum) + 1);
  if (c.exclusiveMaximum !== undefined) max = Math.min(max ?? Infinity, Math.ceil(c.exclusiveMaximum) - 1);
  if (min === undefined && max === undefined) return { min: -(2 ** 31), max: 2 ** 31 - 1 };
  const lo = Math.max(min ?? (max as number) - ONE_SIDED_SPAN, Number.MIN_SAFE_INTEGER);
  const hi = Math.min(max ?? (min as number) + ONE_SIDED_SPAN, Number.MAX_SAFE_INTEGER);
  return { min: lo, max: hi };
}

export function integer(c: NumberConstraints = {}): fc.Arbitrary<number> {
  const { min, max } = integerRange(c);
  const k = c.multipleOf;
  if (k === undefined) {
    if (max < min) throw new Error(`no integer lies between ${min} and ${max}`);
    return fc.integer({ min, max });
  }
  const lo = Math.ceil(min / k);
  const hi = Math.floor(max / k);
  if (hi < lo) throw new Error(`no multiple of ${k} lies between ${min} and ${max}`);
  const multiples = fc.integer({ min: lo, max: Math.min(hi, lo + ONE_SIDED_SPAN) }).map((n) => n * k);
  return accepted([multiples], (v) => Number.isInteger(v) && v >= min && v <= max && isMultipleOf(v, k), `an integer multiple of ${k} in [${min}, ${max}]`);
}

export function number(c: NumberConstraints = {}): fc.Arbitrary<number> {
  const what = `a number ${JSON.stringify(c)}`;
  if (c.multipleOf !== undefined) {
    const k = c.multipleOf;
    const lo = Math.max(Math.ceil(lowerOf(c) / k), -ONE_SIDED_SPAN);
    const hi = Math.min(Math.floor(upperOf(c) / k), lo + ONE_SIDED_SPAN);
    return accepted([fc.integer({ min: lo, max: hi }).map((n) => n * k)], (v) => withinBounds(v, c) && isMultipleOf(v, k), what);
  }
  const doubles = fc.double({
    noNaN: true,
    noDefaultInfinity: true,
    ...(c.exclusiveMinimum !== undefined ? { min: c.exclusiveMinimum, minExcluded: true } : c.minimum !== undefined ? { min: c.minimum } : {}),
    ...(c.exclusiveMaximum !== undefined ? { max: c.exclusiveMaximum, maxExcluded: true } : c.maximum !== undefined ? { max: c.maximum } : {}),
  });
  const valid = accepted([doubles], (v) => withinBounds(v, c) && !Object.is(v, -0), what);
  const { min, max } = integerRange(c);
  return min <= max ? fc.oneof(fc.integer({ min, max }), valid) : valid;
}

/** Values of `arbitrary` that are also multiples of `divisor` (a second `multipleOf`). */
export function multipleOf(arbitrary: fc.Arbitrary<number>, divisor: number): fc.Arbitrary<number> {
  return accepted([arbitrary], (v) => isMultipleOf(v, divisor), `a multiple of ${divisor}`);
}

function lowerOf(c: NumberConstraints): number {
  return Math.max(c.minimum ?? -ONE_SIDED_SPAN, c.exclusiveMinimum ?? -ONE_SIDED_SPAN);
}

function upperOf(c: NumberConstraints): number {
  return Math.min(c.maximum ?? ONE_SIDED_SPAN, c.exclusiveMaximum ?? ONE_SIDED_SPAN);
}

function withinBounds(v: number, c: NumberConstraints): boolean {
  return (
    (c.minimum === undefined || v >= c.minimum) &&
    (c.maximum === undefined || v <= c.maximum) &&
    (c.exclusiveMinimum === undefined || v > c.exclusiveMinimum) &&
    (c.exclusiveMaximum === undefined || v < c.exclusiveMaximum)
  );
}

/* ------------------------------ other values ------------------------------ */

/**
 * For a schema no value satisfies: building the module still works, drawing a value throws
 * with `reason`, so only tests that use this arbitrary fail.
 */
export function unsatisfiable(reason: string): fc.Arbitrary<never> {
  return fc.constant(null).map(() => {
    throw new Error(`no value satisfies the schema: ${reason}`);
  });
}

/** One of the JSON values listed in `json` (a JSON array), each a fresh copy. */
export function constants(json: string): fc.Arbitrary<unknown> {
  const values = JSON.parse(json) as unknown[];
  return fc.nat(values.length - 1).map((i) => structuredClone(values[i]));
}

/** Values of `arbitrary` other than those listed in `json` (a JSON array), by JSON equality. */
export function excluding<T>(arbitrary: fc.Arbitrary<T>, json: string): fc.Arbitrary<T> {
  const excluded = new Set((JSON.parse(json) as unknown[]).map(canonicalJson));
  return accepted([arbitrary], (v) => !excluded.has(canonicalJson(v)), `a value other than ${json}`);
}

/** Alternatives; with `depth`, the first one is used once the recursion is deep enough. */
export function oneOf(alternatives: readonly fc.Arbitrary<unknown>[], depth?: fc.DepthIdentifier): fc.Arbitrary<unknown> {
  return depth === undefined ? fc.oneof(...alternatives) : fc.oneof({ depthIdentifier: depth, maxDepth: LIMITS.maxDepth }, ...alternatives);
}

/* --------------------------------- arrays ---------------------------------- */

export interface ArrayConstraints {
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  /** Items before `items` applies (JSON Schema `prefixItems`). */
  prefix?: readonly fc.Arbitrary<unknown>[];
  /** Bounds the recursion when the items may contain the array's own schema. */
  depth?: fc.DepthIdentifier;
}

/**
 * Arrays of `items` (after the `prefix` items); `items` undefined means no items beyond the
 * prefix are allowed.
 */
export function array(items: fc.Arbitrary<unknown> | undefined, c: ArrayConstraints = {}): fc.Arbitrary<unknown[]> {
  const built = arrayOfLength(items, c, lengthRange(items, c));
  if (c.depth === undefined || (c.minItems ?? 0) > 0) return built;
  return fc.oneof({ depthIdentifier: c.depth, maxDepth: LIMITS.maxDepth }, fc.constant<unknown[]>([]), built);
}

function lengthRange(items: fc.Arbitrary<unknown> | undefined, c: ArrayConstraints): { min: number; max: number } {
  const prefix = c.prefix?.length ?? 0;
  const min = c.minItems ?? 0;
  const cap = items === undefined ? prefix : Math.max(min, prefix) + LIMITS.arraySpan;
  const max = Math.min(c.maxItems ?? cap, cap);
  if (max < min) throw new Error(`no array has between ${min} and ${max} items`);
  return { min, max };
}

/** Arrays whose length lies in `length`: prefix items first (cut to the length), then `items`. */
function arrayOfLength(
  items: fc.Arbitrary<unknown> | undefined,
  c: ArrayConstraints,
  length: { min: number; max: number },
): fc.Arbitrary<unknown[]> {
  const prefix = c.prefix ?? [];
  const restMin = Math.max(0, length.min - prefix.length);
  const restMax = Math.max(0, length.max - prefix.length);
  const rest =
    items === undefined || restMax === 0
      ? fc.constant<unknown[]>([])
      : c.uniqueItems
        ? fc.uniqueArray(items, { minLength: restMin, maxLength: restMax, selector: canonicalJson })
        : fc.array(items, { minLength: restMin, maxLength: restMax });
  const arrays = fc
    .tuple(fc.tuple(...prefix), rest, fc.integer({ min: Math.min(length.min, prefix.length), max: Math.min(length.max, prefix.length) }))
    .map(([head, tail, keep]) => (tail.length > 0 ? [...head, ...tail] : head.slice(0, keep)));
  return c.uniqueItems && prefix.length > 0 ? accepted([arrays], allDistinct, 'an array of distinct items') : arrays;
}

function allDistinct(values: readonly unknown[]): boolean {
  return new Set(values.map(canonicalJson)).size === values.length;
}

/* --------------------------------- objects --------------------------------- */

const ABSENT: unique symbol = Symbol('absent');

/** A property that is sometimes present. */
export interface OptionalField {
  readonly optional: fc.Arbitrary<unknown>;
  readonly depth?: fc.DepthIdentifier;
}

/** The arbitrary of one property: present always, or sometimes (`optional(…)`). */
export type Field = fc.Arbitrary<unknown> | OptionalField;

/** An optional property; `depth` bounds the recursion when its schema may contain its object's. */
export function optional(arbitrary: fc.Arbitrary<unknown>, depth?: fc.DepthIdentifier): OptionalField {
  return depth === undefined ? { optional: arbitrary } : { optional: arbitrary, depth };
}

function isOptional(field: Field): field is OptionalField {
  return 'optional' in field;
}

export interface ObjectConstraints {
  /** Values of extra keys, for free-form objects (no `properties`): a few are added. */
  additional?: fc.Arbitrary<unknown>;
  /** Names of extra keys (JSON Schema `propertyNames`); short strings by default. */
  additionalNames?: fc.Arbitrary<string>;
  minProperties?: number;
  maxProperties?: number;
  /** Groups of keys that must not all be present (`not: {required: [...]}`). */
  notAll?: readonly (readonly string[])[];
  /** Keys that need others (`dependentRequired`): with the key present, all of its list must be. */
  dependentRequired?: Readonly<Record<string, readonly string[]>>;
}

/** Objects with the properties of `model`; keys such as `__proto__` become own properties. */
export function object(model: Readonly<Record<string, Field>>, c: ObjectConstraints = {}): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(model);
  const values = keys.map((k) => {
    const field = model[k] as Field;
    if (!isOptional(field)) return field;
    return fc.option(field.optional, {
      nil: ABSENT,
      freq: 2,
      ...(field.depth === undefined ? {} : { depthIdentifier: field.depth, maxDepth: LIMITS.maxDepth }),
    });
  });
  const declared = fc.tuple(...values).map((vs) => {
    const entries: [string, unknown][] = [];
    vs.forEach((v, i) => {
      if (v !== ABSENT) entries.push([keys[i] as string, v]);
    });
    return Object.fromEntries(entries) as Record<string, unknown>;
  });
  const withExtras =
    c.additional === undefined
      ? declared
      : fc
          .tuple(
            declared,
            fc.dictionary(accepted([c.additionalNames ?? fc.string({ minLength: 1, maxLength: 8 })], (k) => !keys.includes(k), 'an undeclared key'), c.additional, {
              minKeys: Math.max(0, (c.minProperties ?? 0) - keys.length),
              maxKeys: Math.max(LIMITS.dictionaryKeys, (c.minProperties ?? 0) - keys.length),
              noNullPrototype: true,
            }),
          )
          .map(([d, extra]) => Object.fromEntries([...Object.entries(d), ...Object.entries(extra)]) as Record<string, unknown>);
  const needsFilter = c.minProperties !== undefined || c.maxProperties !== undefined || (c.notAll?.length ?? 0) > 0 || c.dependentRequired !== undefined;
  return needsFilter ? accepted([withExtras], (o) => satisfiesObjectConstraints(o, c), `an object ${JSON.stringify(c)}`) : withExtras;
}

function satisfiesObjectConstraints(o: Record<string, unknown>, c: ObjectConstraints): boolean {
  const count = Object.keys(o).length;
  if (c.minProperties !== undefined && count < c.minProperties) return false;
  if (c.maxProperties !== undefined && count > c.maxProperties) return false;
  const has = (k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
  const dependencies = Object.entries(c.dependentRequired ?? {});
  return (c.notAll ?? []).every((group) => !group.every(has)) && dependencies.every(([k, needs]) => !has(k) || needs.every(has));
}

/* -------------------------------- requests -------------------------------- */

/** Simple-style serialisation (path segments and headers): `1,2,3`, `a,1,b,2` or `a=1,b=2`. */
export function simpleStyle(value: unknown, explode = false): string {
  if (Array.isArray(value)) return value.map((v) => simpleStyle(v)).join(',');
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.map(([k, v]) => (explode ? `${k}=${simpleStyle(v)}` : `${k},${simpleStyle(v)}`)).join(',');
  }
  return String(value);
}

/** A path parameter's values as non-empty, URL-safe strings. */
export function pathValue(arbitrary: fc.Arbitrary<unknown>, explode = false): fc.Arbitrary<string> {
  return accepted([arbitrary.map((v) => simpleStyle(v, explode))], isPathSafe, 'a URL-safe path value');
}

/** A header's values as strings. */
export function headerValue(arbitrary: fc.Arbitrary<unknown>, explode = false): fc.Arbitrary<string> {
  return accepted([arbitrary.map((v) => simpleStyle(v, explode))], isHeaderSafe, 'a header value');
}

export interface OperationModel {
  path: Readonly<Record<string, Field>>;
  query: Readonly<Record<string, Field>>;
  headers: Readonly<Record<string, Field>>;
  body?: { arbitrary: fc.Arbitrary<unknown>; required: boolean; contentType: string };
  /** What can be broken, per location: mutations of the parameter objects and of the body. */
  invalid: { path?: readonly Mutation[]; query?: readonly Mutation[]; headers?: readonly Mutation[]; body?: readonly Mutation[] };
}

export interface OperationArbitraries {
  valid: fc.Arbitrary<RequestSample>;
  /** Absent when the operation has nothing a request could break. */
  invalid?: fc.Arbitrary<InvalidSample>;
}

const PARTS = [
  ['path', 'path'],
  ['query', 'query'],
  ['headers', 'header'],
  ['body', 'body'],
] as const;

type Parts = [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>, unknown];

export function operation(model: OperationModel): OperationArbitraries {
  const body = model.body;
  const arbitraries: [fc.Arbitrary<Record<string, unknown>>, fc.Arbitrary<Record<string, unknown>>, fc.Arbitrary<Record<string, unknown>>, fc.Arbitrary<unknown>] = [
    object(model.path),
    object(model.query),
    object(model.headers),
    body?.arbitrary ?? fc.constant(ABSENT),
  ];
  const sample = ([p, q, h, b]: Parts): RequestSample => ({
    path: p as Record<string, string>,
    query: q,
    headers: h as Record<string, string>,
    ...(b === ABSENT || body === undefined ? {} : { body: b, contentType: body.contentType }),
  });
  const bodies = body === undefined || body.required ? arbitraries[3] : fc.option(body.arbitrary, { nil: ABSENT, freq: 2 });
  const valid = fc.tuple(arbitraries[0], arbitraries[1], arbitraries[2], bodies).map(sample);

  const candidates = PARTS.flatMap(([key, location], at) => {
    const mutations = model.invalid[key];
    if (!mutations || mutations.length === 0) return [];
    return [
      fc.tuple(...arbitraries, invalid(arbitraries[at] as fc.Arbitrary<unknown>, mutations)).map(([p, q, h, b, bad]) => {
        const parts: Parts = [p, q, h, b];
        parts[at] = bad.value;
        return { ...sample(parts), violation: inLocation(location, bad.violation) };
      }),
    ];
  });
  return candidates.length === 0 ? { valid } : { valid, invalid: fc.oneof(...candidates) };
}

/** A violation located in one part of a request or message, with a sentence naming the place. */
function inLocation(location: Violation['location'], v: LocalViolation): Violation {
  return { location, ...v, description: `${location} ${v.pointer === '' ? '(root)' : v.pointer}: ${v.description}` };
}

export interface MethodArbitraries<Request> {
  valid: fc.Arbitrary<Request>;
  /** Absent when the request has nothing that could be broken. */
  invalid?: fc.Arbitrary<InvalidMessage>;
}

/** A method's request envelopes, valid and broken in one place. */
export function message<Request>(valid: fc.Arbitrary<Request>, mutations?: readonly Mutation[]): MethodArbitraries<Request> {
  if (mutations === undefined || mutations.length === 0) return { valid };
  return {
    valid,
    invalid: invalid(valid, mutations).map((bad: InvalidValue) => ({ message: bad.value, violation: inLocation('message', bad.violation) })),
  };
}
