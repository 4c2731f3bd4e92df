/**
 * Schemas as the arbitraries emitter sees them: `allOf` merged, `$ref`s to named schemas kept as
 * references, alternatives (`oneOf`, `anyOf`, `if`/`then`/`else`) as branch lists, and every
 * constraint paired with the pointer of its keyword, so a violation can name where it is.
 */

export type JsonType = 'null' | 'boolean' | 'integer' | 'number' | 'string' | 'array' | 'object';

export const JSON_TYPES: readonly JsonType[] = ['null', 'boolean', 'integer', 'number', 'string', 'array', 'object'];

/** A keyword's value and the pointer of the keyword in the IR document. */
export interface At<T> {
  value: T;
  pointer: string;
}

export type Node = RefNode | TypedNode | AltNode | NeverNode;

/** A `$ref` to a named schema: generated through that schema's own arbitrary. */
export interface RefNode {
  kind: 'ref';
  /** The schema's name, or for `inline` references an identifier the emitter chose. */
  name: string;
  /** Pointer of the referenced schema. */
  target: string;
  /** A recursive `$ref` to a schema that is not named: generated through an internal arbitrary. */
  inline?: true;
}

/** No value satisfies the schema (e.g. `false`, an empty `type` intersection). */
export interface NeverNode {
  kind: 'never';
  reason: string;
}

export interface AltNode {
  kind: 'alt';
  keyword: 'oneOf' | 'anyOf' | 'if';
  /** Pointer of the keyword. */
  pointer: string;
  branches: Node[];
  /**
   * Set when every branch only says which keys must (not) be present. Then a violation of the
   * shared constraints keeps the value in its branch, so invalid values can be made inside it;
   * the listed keys are the ones whose presence must not change.
   */
  presenceKeys?: string[];
  /** A `oneOf` whose branches could not be proven disjoint: a value may match several. */
  overlapping?: boolean;
}

/** Why a value can fail a `type` constraint: the keyword `type`, or `not: {type}`. */
export interface TypeSource extends At<JsonType[]> {
  keyword: 'type' | 'not';
}

export interface EnumSource extends At<unknown[]> {
  keyword: 'enum' | 'const';
}

export interface Bound extends At<number> {
  exclusive: boolean;
}

export interface Property {
  name: string;
  node: Node;
}

/** One schema object (or several merged by `allOf`): constraints for every JSON type. */
export interface TypedNode {
  kind: 'typed';
  /** Pointer of the (first) schema object. */
  pointer: string;
  /** All must allow the value's type. */
  types: TypeSource[];
  /** The value must be one of each list. */
  enums: EnumSource[];
  /** Values the value must not equal (`not: {enum}`, the `else` of an `if` on a `const`). */
  excluded: unknown[];
  minLength?: At<number>;
  maxLength?: At<number>;
  patterns: At<string>[];
  formats: At<string>[];
  minimum?: Bound;
  maximum?: Bound;
  multipleOf: At<number>[];
  prefixItems: Node[];
  /** Schema of items after the prefix; `never` when no further items are allowed. */
  items?: Node;
  minItems?: At<number>;
  maxItems?: At<number>;
  uniqueItems?: At<true>;
  properties: Property[];
  /** Required keys, each with the pointer of its `required` keyword. */
  required: At<string>[];
  /** Schema of undeclared keys (`additionalProperties: {…}`). */
  additional?: Node;
  /** Pointer of an `additionalProperties: false` (or `unevaluatedProperties: false`) that applies. */
  closed?: string;
  patternProperties: { pattern: string; node: Node }[];
  propertyNames?: Node;
  minProperties?: At<number>;
  maxProperties?: At<number>;
  /** Groups of keys that must not all be present (`not: {required: […]}`). */
  notAll: string[][];
  /** `dependentRequired`: when `key` is present, every key of `requires` must be. */
  dependentRequired: (At<string[]> & { key: string })[];
  /** Keywords this emitter does not generate for (pointers); values may violate them. */
  unsupported: string[];
}

/** A key for a reference's target, distinct for named and inline targets. */
export function refId(ref: RefNode): string {
  return `${ref.inline ? 'inline' : 'named'}:${ref.name}`;
}

export function typed(pointer: string): TypedNode {
  return {
    kind: 'typed',
    pointer,
    types: [],
    enums: [],
    excluded: [],
    patterns: [],
    formats: [],
    multipleOf: [],
    prefixItems: [],
    properties: [],
    required: [],
    patternProperties: [],
    notAll: [],
    dependentRequired: [],
    unsupported: [],
  };
}

export function never(reason: string): NeverNode {
  return { kind: 'never', reason };
}

/** The types a typed node allows (`undefined`: any). */
export function allowedTypes(node: TypedNode): Set<JsonType> | undefined {
  let allowed: Set<JsonType> | undefined;
  for (const source of node.types) {
    const set = new Set(source.value.flatMap((t) => (t === 'number' ? (['number', 'integer'] as const) : [t])));
    allowed = allowed === undefined ? set : new Set([...allowed].filter((t) => set.has(t)));
  }
  return allowed;
}

/** JSON Schema's `type` of a JSON value (`integer` for whole numbers). */
function jsonTypeOf(value: unknown): JsonType | undefined {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'string';
    case 'number':
      return Number.isInteger(value) ? 'integer' : Number.isFinite(value) ? 'number' : undefined;
    case 'object':
      return 'object';
    default:
      return undefined;
  }
}

export function typeAllows(types: readonly JsonType[], value: unknown): boolean {
  const type = jsonTypeOf(value);
  if (type === undefined) return false;
  return types.includes(type) || (type === 'integer' && types.includes('number'));
}

/** Whether a typed node says nothing at all. */
export function isUnconstrained(node: TypedNode): boolean {
  return isTypeOnly(node) && node.types.length === 0;
}

/** Whether a typed node says nothing but `type`. */
export function isTypeOnly(node: TypedNode): boolean {
  return (
    node.enums.length === 0 &&
    node.excluded.length === 0 &&
    node.minLength === undefined &&
    node.maxLength === undefined &&
    node.patterns.length === 0 &&
    node.formats.length === 0 &&
    node.minimum === undefined &&
    node.maximum === undefined &&
    node.multipleOf.length === 0 &&
    node.prefixItems.length === 0 &&
    node.items === undefined &&
    node.minItems === undefined &&
    node.maxItems === undefined &&
    node.uniqueItems === undefined &&
    node.properties.length === 0 &&
    node.required.length === 0 &&
    node.additional === undefined &&
    node.closed === undefined &&
    node.patternProperties.length === 0 &&
    node.propertyNames === undefined &&
    node.minProperties === undefined &&
    node.maxProperties === undefined &&
    node.notAll.length === 0 &&
    node.dependentRequired.length === 0 &&
    node.unsupported.length === 0
  );
}
