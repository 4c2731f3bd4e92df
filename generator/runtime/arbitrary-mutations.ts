/**
 * Invalid values by mutation: a valid value is generated, then exactly one constraint is broken
 * at one place of it. Generated code lists the places and ways (`Mutation`s) per schema as data;
 * which places exist depends on the value (an optional property may be absent, an array empty),
 * so the applicable mutations are found for each generated value and one is picked.
 */
import fc from 'fast-check';
import { accepted, anyJson, canonicalJson } from './arbitrary-json.js';
import type { Violation } from './samples.js';

/** The constraint a value breaks, with `pointer` relative to that value. */
export type LocalViolation = Omit<Violation, 'location'>;

/** A value that breaks exactly one constraint, and which one. */
export interface InvalidValue {
  value: unknown;
  violation: LocalViolation;
}

/** In a mutation path, every item of an array. */
export const ITEM: unique symbol = Symbol('item');

/** In a mutation path, every item of an array from `index` on (the items after `prefixItems`). */
export interface ItemsFrom {
  readonly itemsFrom: number;
}

export function itemsFrom(index: number): ItemsFrom {
  return { itemsFrom: index };
}

/** Keys and indexes from the mutated value down to the place of a mutation. */
export type Path = readonly (string | number | typeof ITEM | ItemsFrom)[];

export type Mutation =
  | { kind: 'replace'; path: Path; values: fc.Arbitrary<unknown>; keyword: string; schemaPointer: string; description: string; mayAdd: boolean }
  | { kind: 'remove' | 'add'; path: Path; key: string; schemaPointer: string }
  | { kind: 'shrink'; path: Path; minItems: number; schemaPointer: string }
  | { kind: 'grow'; path: Path; maxItems: number; schemaPointer: string; items?: fc.Arbitrary<unknown> }
  | { kind: 'repeat'; path: Path; schemaPointer: string; maxItems?: number }
  | { kind: 'within'; path: Path; mutations: readonly Mutation[] };

/**
 * The value at `path` replaced by one of `values`, which break `keyword` and nothing else. With
 * `mayAdd`, the last key may also be added when the valid value lacks it (optional properties).
 */
export function replace(path: Path, values: fc.Arbitrary<unknown>, keyword: string, schemaPointer: string, description: string, mayAdd = false): Mutation {
  return { kind: 'replace', path, values, keyword, schemaPointer, description, mayAdd };
}

/** The required `key` removed from the object at `path`. */
export function remove(path: Path, key: string, schemaPointer: string): Mutation {
  return { kind: 'remove', path, key, schemaPointer };
}

/** An undeclared `key` added to the object at `path` (`additionalProperties: false`). */
export function add(path: Path, key: string, schemaPointer: string): Mutation {
  return { kind: 'add', path, key, schemaPointer };
}

/** The array at `path` cut to `minItems - 1` items. */
export function shrink(path: Path, minItems: number, schemaPointer: string): Mutation {
  return { kind: 'shrink', path, minItems, schemaPointer };
}

/**
 * The array at `path` grown to `maxItems + 1` items: copies of its items, or (for unique items)
 * fresh distinct values of `items`.
 */
export function grow(path: Path, maxItems: number, schemaPointer: string, items?: fc.Arbitrary<unknown>): Mutation {
  return items === undefined ? { kind: 'grow', path, maxItems, schemaPointer } : { kind: 'grow', path, maxItems, schemaPointer, items };
}

/** A copy of one item appended to the array at `path` (`uniqueItems`), which stays within `maxItems`. */
export function repeat(path: Path, schemaPointer: string, maxItems?: number): Mutation {
  return maxItems === undefined ? { kind: 'repeat', path, schemaPointer } : { kind: 'repeat', path, schemaPointer, maxItems };
}

/** The mutations of another schema, applied to the value at `path`. */
export function within(path: Path, mutations: readonly Mutation[]): Mutation {
  return { kind: 'within', path, mutations };
}

const NONE: unique symbol = Symbol('none');

/** Valid values broken by one applicable mutation each; values no mutation applies to are skipped. */
export function invalid(valid: fc.Arbitrary<unknown>, mutations: readonly Mutation[]): fc.Arbitrary<InvalidValue> {
  if (mutations.length === 0) throw new Error('an invalid arbitrary needs at least one mutation');
  const broken = valid.chain((root): fc.Arbitrary<InvalidValue | typeof NONE> => {
    const options = optionsFor(root, mutations, []);
    return options.length === 0 ? fc.constant(NONE) : fc.oneof(...options);
  });
  return accepted([broken], (v) => v !== NONE, 'a valid value some mutation applies to') as fc.Arbitrary<InvalidValue>;
}

type Concrete = (string | number)[];

/** Every way `mutations` (relative to `base`) can break `root`, as arbitraries of the result. */
function optionsFor(root: unknown, mutations: readonly Mutation[], base: Concrete): fc.Arbitrary<InvalidValue>[] {
  const options: fc.Arbitrary<InvalidValue>[] = [];
  for (const m of mutations) {
    if (m.kind === 'replace') {
      for (const at of places(root, base, m.path, m.mayAdd)) {
        options.push(m.values.map((bad) => broken(root, at, () => bad, m.keyword, m.schemaPointer, m.description, at)));
      }
      continue;
    }
    for (const at of places(root, base, m.path, false)) {
      const target = valueAt(root, at);
      if (m.kind === 'within') options.push(...optionsFor(root, m.mutations, at));
      else options.push(...structural(root, at, target, m));
    }
  }
  return options;
}

function structural(root: unknown, at: Concrete, target: unknown, m: Exclude<Mutation, { kind: 'replace' | 'within' }>): fc.Arbitrary<InvalidValue>[] {
  if (m.kind === 'remove' || m.kind === 'add') {
    if (!isObject(target) || hasOwn(target, m.key) === (m.kind === 'add')) return [];
    if (m.kind === 'remove') {
      const without = () => Object.fromEntries(Object.entries(target).filter(([k]) => k !== m.key));
      return [fc.constant(broken(root, at, without, 'required', m.schemaPointer, `must have required property ${JSON.stringify(m.key)}`, at))];
    }
    const description = `must NOT have the additional property ${JSON.stringify(m.key)}`;
    return [anyJson().map((extra) => broken(root, at, () => withKey(target, m.key, extra), 'additionalProperties', m.schemaPointer, description, at))];
  }
  if (!Array.isArray(target)) return [];
  switch (m.kind) {
    case 'shrink': {
      const description = `must NOT have fewer than ${m.minItems} items`;
      return [fc.constant(broken(root, at, () => target.slice(0, m.minItems - 1), 'minItems', m.schemaPointer, description, at))];
    }
    case 'grow': {
      const description = `must NOT have more than ${m.maxItems} items`;
      const length = m.maxItems + 1;
      if (m.items) {
        const fresh = fc.uniqueArray(m.items, { minLength: length, maxLength: length, selector: canonicalJson });
        return [fresh.map((items) => broken(root, at, () => items, 'maxItems', m.schemaPointer, description, at))];
      }
      if (target.length === 0) return [];
      const grown = () => Array.from({ length }, (_, i) => structuredClone(target[i % target.length]));
      return [fc.constant(broken(root, at, grown, 'maxItems', m.schemaPointer, description, at))];
    }
    case 'repeat': {
      if (target.length === 0 || (m.maxItems !== undefined && target.length >= m.maxItems)) return [];
      return [
        fc.nat(target.length - 1).map((i) => broken(root, at, () => [...target, structuredClone(target[i])], 'uniqueItems', m.schemaPointer, 'must NOT have duplicate items', at)),
      ];
    }
  }
}

/** `root` with the value at `at` replaced by `make()`, and the violation reported at `reportedAt`. */
function broken(root: unknown, at: Concrete, make: () => unknown, keyword: string, schemaPointer: string, description: string, reportedAt: Concrete): InvalidValue {
  return { value: setAt(root, at, make()), violation: { pointer: toPointer(reportedAt), keyword, schemaPointer, description } };
}

/**
 * The concrete places `pattern` (below `base`) matches in `root`: each key must exist, `ITEM`
 * stands for every index. With `mayAdd` the last key may be missing from its object.
 */
function places(root: unknown, base: Concrete, pattern: Path, mayAdd: boolean): Concrete[] {
  let found: Concrete[] = [base];
  pattern.forEach((segment, i) => {
    const last = i === pattern.length - 1;
    found = found.flatMap((at) => {
      const node = valueAt(root, at);
      if (segment === ITEM || typeof segment === 'object') {
        const from = segment === ITEM ? 0 : segment.itemsFrom;
        return Array.isArray(node) ? node.flatMap((_, index) => (index >= from ? [[...at, index]] : [])) : [];
      }
      if (typeof segment === 'number') return Array.isArray(node) && segment < node.length ? [[...at, segment]] : [];
      if (!isObject(node)) return [];
      return hasOwn(node, segment) || (last && mayAdd) ? [[...at, segment]] : [];
    });
  });
  return found;
}

function valueAt(root: unknown, at: Concrete): unknown {
  let node = root;
  for (const segment of at) node = (node as Record<string | number, unknown>)[segment];
  return node;
}

/** A deep copy of `root` with the value at `at` set (own properties only, `__proto__` included). */
function setAt(root: unknown, at: Concrete, value: unknown): unknown {
  if (at.length === 0) return value;
  const [head, ...rest] = at as [string | number, ...Concrete];
  if (Array.isArray(root)) {
    const copy = [...root];
    copy[head as number] = setAt(root[head as number], rest, value);
    return copy;
  }
  const object = root as Record<string, unknown>;
  return withKey(object, String(head), setAt(hasOwn(object, String(head)) ? object[String(head)] : undefined, rest, value));
}

function withKey(object: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  return Object.fromEntries([...Object.entries(object).filter(([k]) => k !== key), [key, value]]);
}

function toPointer(at: Concrete): string {
  return at.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function hasOwn(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}
