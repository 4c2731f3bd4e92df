import { exclusiveBoundsAsNumbers } from '../load/exclusive-bounds.js';
import { escapeSegment, parsePointer } from '../load/pointer.js';
import type { SpecKind } from '../load/spec.js';
import { forEachSchemaRoot, type SchemaDialect } from './schema-roots.js';
import { isRecord, type JsonObject } from './values.js';

/**
 * A deep copy of `document` whose schemas are JSON Schema 2020-12:
 * - OpenAPI 3.0 `nullable: true` → `"null"` added to `type` (and to `enum`, `const` → `enum`);
 *   a `$ref`/`allOf`/`oneOf`/`not`/`if` that would still reject null is wrapped as
 *   `anyOf: [{…moved keywords}, {type: 'null'}]`, a lone `anyOf` gets a `{type: 'null'}` branch.
 * - boolean `exclusiveMinimum`/`exclusiveMaximum` (OpenAPI 3.0, draft-04) → numeric form.
 * - draft-07 (AsyncAPI Schema): `items: [...]` → `prefixItems` (+ `additionalItems` → `items`),
 *   `dependencies` → `dependentRequired`/`dependentSchemas`.
 * `example`, `x-*` and unknown keywords are left as they are.
 *
 * Every schema node stays at its pointer (nodes are rewritten in place, never replaced), so the
 * IR's pointers and the source positions agree. Only the subschemas under a renamed keyword
 * (`items` array, `dependencies`, the keywords moved by a nullable wrap) get a new pointer, and
 * every `$ref` into them is rewritten to match.
 */
export function normalizeDocument(document: JsonObject, kind: SpecKind, specVersion: string): JsonObject {
  const copy = copyJson(document);
  const normalizer = new SchemaNormalizer(copy);
  forEachSchemaRoot(copy, kind, specVersion, (schema, _pointer, dialect) => normalizer.add(schema, dialect));
  normalizer.run();
  return copy;
}

/** Keywords whose value is a map of subschemas. */
const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
/** Keywords whose value is one subschema. */
const SCHEMA_SINGLES = [
  'additionalProperties',
  'items',
  'contains',
  'propertyNames',
  'not',
  'if',
  'then',
  'else',
  'unevaluatedItems',
  'unevaluatedProperties',
  'contentSchema',
];
/** Keywords whose value is a list of subschemas. */
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
/** Applicators that can reject `null` even when `type` allows it. */
const NULL_REJECTING = ['$ref', 'allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else'];

/** Old keyword → path that now holds its value, per rewritten schema node. */
type Renames = Map<string, string[]>;

class SchemaNormalizer {
  private readonly pending: [unknown, SchemaDialect][] = [];
  private readonly visited = new Set<object>();
  private readonly refNodes: JsonObject[] = [];
  private readonly renames = new Map<object, Renames>();

  constructor(private readonly document: JsonObject) {}

  add(schema: unknown, dialect: SchemaDialect): void {
    this.pending.push([schema, dialect]);
  }

  /** A work list rather than recursion: `$ref` chains and deep nesting cannot overflow the stack. */
  run(): void {
    for (let next = this.pending.pop(); next; next = this.pending.pop()) this.visit(next[0], next[1]);
    if (this.renames.size > 0) this.retargetRefs();
  }

  private visit(schema: unknown, dialect: SchemaDialect): void {
    if (!isRecord(schema) || this.visited.has(schema)) return;
    this.visited.add(schema);
    if (dialect === 'openapi-3.0') this.convertNullable(schema);
    exclusiveBoundsAsNumbers(schema);
    this.convertTupleItems(schema);
    this.convertDependencies(schema);

    if (typeof schema.$ref === 'string') {
      this.refNodes.push(schema);
      // A `$ref` to a node outside the usual positions (or a `$ref` to a `$ref`) is a schema too.
      const target = this.lookup(schema.$ref);
      if (target) this.add(target.node, dialect);
    }
    for (const keyword of SCHEMA_MAPS) {
      const map = schema[keyword];
      if (isRecord(map)) for (const sub of Object.values(map)) this.add(sub, dialect);
    }
    for (const keyword of SCHEMA_SINGLES) if (keyword in schema) this.add(schema[keyword], dialect);
    for (const keyword of SCHEMA_LISTS) {
      const list = schema[keyword];
      if (Array.isArray(list)) for (const sub of list) this.add(sub, dialect);
    }
  }

  private rename(schema: JsonObject, from: string, to: string[]): void {
    let renames = this.renames.get(schema);
    if (!renames) this.renames.set(schema, (renames = new Map()));
    renames.set(from, to);
  }

  private convertNullable(schema: JsonObject): void {
    if (!('nullable' in schema)) return;
    const nullable = schema.nullable === true;
    delete schema.nullable;
    if (!nullable) return;

    if (typeof schema.type === 'string' && schema.type !== 'null') schema.type = [schema.type, 'null'];
    else if (Array.isArray(schema.type) && !schema.type.includes('null')) schema.type = [...schema.type, 'null'];
    if ('const' in schema && schema.const !== null) {
      schema.enum = [schema.const, null];
      delete schema.const;
    } else if (Array.isArray(schema.enum) && !schema.enum.includes(null)) {
      schema.enum = [...schema.enum, null];
    }

    const rejecting = NULL_REJECTING.filter((keyword) => keyword in schema);
    if (rejecting.length === 0) return;
    if (rejecting.length === 1 && rejecting[0] === 'anyOf' && Array.isArray(schema.anyOf)) {
      schema.anyOf = [...schema.anyOf, { type: 'null' }];
      return;
    }
    const moved: JsonObject = {};
    for (const keyword of rejecting) {
      moved[keyword] = schema[keyword];
      delete schema[keyword];
      this.rename(schema, keyword, ['anyOf', '0', keyword]);
    }
    schema.anyOf = [moved, { type: 'null' }];
  }

  private convertTupleItems(schema: JsonObject): void {
    if (Array.isArray(schema.items)) {
      const tuple = schema.items;
      delete schema.items;
      schema.prefixItems = tuple;
      this.rename(schema, 'items', ['prefixItems']);
      if ('additionalItems' in schema) {
        schema.items = schema.additionalItems;
        this.rename(schema, 'additionalItems', ['items']);
      }
    }
    // Without a tuple `items`, draft-07 ignores `additionalItems`; 2020-12 does not know it.
    delete schema.additionalItems;
  }

  private convertDependencies(schema: JsonObject): void {
    if (!isRecord(schema.dependencies)) return;
    const required: JsonObject = isRecord(schema.dependentRequired) ? { ...schema.dependentRequired } : {};
    const schemas: JsonObject = isRecord(schema.dependentSchemas) ? { ...schema.dependentSchemas } : {};
    for (const [property, dependency] of Object.entries(schema.dependencies)) {
      if (Array.isArray(dependency)) required[property] = dependency;
      else schemas[property] = dependency;
    }
    delete schema.dependencies;
    if (Object.keys(required).length > 0) schema.dependentRequired = required;
    if (Object.keys(schemas).length > 0) schema.dependentSchemas = schemas;
    // Only schema-valued dependencies can be `$ref` targets.
    this.rename(schema, 'dependencies', ['dependentSchemas']);
  }

  /** Resolves a local `$ref` in the rewritten document, translating renamed keywords on the way. */
  private lookup(ref: string): { node: unknown; segments: string[] } | undefined {
    if (!ref.startsWith('#')) return undefined;
    let segments: string[];
    try {
      segments = parsePointer(ref);
    } catch {
      return undefined;
    }
    let node: unknown = this.document;
    const actual: string[] = [];
    for (const segment of segments) {
      const path = (isRecord(node) && this.renames.get(node)?.get(segment)) || [segment];
      for (const step of path) {
        node = childOf(node, step);
        if (node === undefined) return undefined;
        actual.push(step);
      }
    }
    return { node, segments: actual };
  }

  private retargetRefs(): void {
    for (const node of this.refNodes) {
      const ref = node.$ref as string;
      const target = this.lookup(ref);
      if (!target) continue;
      const rewritten = '#' + target.segments.map((s) => '/' + escapeSegment(s).replace(/%/g, '%25')).join('');
      if (!samePointer(rewritten, ref)) node.$ref = rewritten;
    }
  }
}

/**
 * Deep copy of parsed YAML/JSON (plain objects, arrays, scalars): several times faster than
 * `structuredClone` on a 10 MB spec. A YAML alias cycle overflows the recursion; `structuredClone`
 * copes with those.
 */
function copyJson<T>(value: T): T {
  try {
    return copyValue(value) as T;
  } catch (error) {
    if (error instanceof RangeError) return structuredClone(value);
    throw error;
  }
}

function copyValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copyValue);
  const copy: JsonObject = {};
  for (const key of Object.keys(value)) {
    const item = copyValue((value as JsonObject)[key]);
    // Plain assignment of `__proto__` would set the prototype instead of a key.
    if (key === '__proto__') Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true, configurable: true });
    else copy[key] = item;
  }
  return copy;
}

function childOf(node: unknown, segment: string): unknown {
  if (Array.isArray(node)) return /^(0|[1-9][0-9]*)$/.test(segment) ? node[Number(segment)] : undefined;
  return isRecord(node) && Object.prototype.hasOwnProperty.call(node, segment) ? node[segment] : undefined;
}

function samePointer(a: string, b: string): boolean {
  const left = parsePointer(a);
  const right = parsePointer(b);
  return left.length === right.length && left.every((segment, i) => segment === right[i]);
}
