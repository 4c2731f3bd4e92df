import { refPointer } from '../../ir/refs.js';
import { canonicalPointer, getAt } from '../../load/pointer.js';
import { schemaDoc } from './docs.js';
import {
  ANY_OBJECT,
  BOOLEAN,
  NEVER,
  NULL,
  NUMBER,
  STRING,
  UNDEFINED,
  UNKNOWN,
  arrayType,
  intersection,
  literal,
  objectType,
  ref,
  tupleType,
  union,
  type ObjectMember,
  type TsType,
} from './type-text.js';

export type Schema = Record<string, unknown>;

const OBJECT_KEYWORDS = ['properties', 'required', 'additionalProperties', 'patternProperties'];
const ARRAY_KEYWORDS = ['items', 'prefixItems'];
const COMPOSITION_KEYWORDS = ['$ref', 'allOf', 'oneOf', 'anyOf'];

export function isSchemaObject(value: unknown): value is Schema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function has(schema: Schema, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(schema, key);
}

/**
 * JSON Schema 2020-12 → TypeScript type text, for schemas inside one (normalised) document.
 * A `$ref` to a named schema becomes that schema's identifier; a `$ref` to any other node is
 * inlined, with `unknown` where inlining would loop.
 */
export class SchemaTypes {
  private readonly named: ReadonlyMap<string, string>;
  /** Pointers of unnamed `$ref` targets being inlined right now (the cycle guard). */
  private readonly inlining = new Set<string>();
  /** Per named schema: the named schemas it mentions outside any object or array. */
  private readonly directRefs = new Map<string, ReadonlySet<string>>();
  /** The named schema whose alias is being expanded, if any. */
  private expanding: string | undefined;

  /** `named` maps a named schema's pointer to its type identifier. */
  constructor(
    private readonly document: unknown,
    named: ReadonlyMap<string, string>,
  ) {
    this.named = new Map([...named].map(([pointer, identifier]) => [canonicalPointer(pointer), identifier]));
  }

  /** The type of the schema at `pointer`: a named schema's identifier, or the inlined type. */
  typeAt(pointer: string): TsType {
    const canonical = canonicalPointer(pointer);
    const identifier = this.named.get(canonical);
    return identifier === undefined ? this.node(getAt(this.document, canonical), false) : ref(identifier);
  }

  /** The structure of the schema at `pointer`, for the right-hand side of a named schema's alias. */
  expand(pointer: string): TsType {
    const canonical = canonicalPointer(pointer);
    this.expanding = this.named.has(canonical) ? canonical : undefined;
    try {
      return this.node(getAt(this.document, canonical), true);
    } finally {
      this.expanding = undefined;
    }
  }

  /** The schema node at `pointer`, following `$ref`s. */
  resolve(pointer: string): { schema: unknown; pointer: string } {
    let current = canonicalPointer(pointer);
    const seen = new Set<string>();
    for (;;) {
      const schema = getAt(this.document, current);
      const target = isSchemaObject(schema) ? refTarget(schema) : undefined;
      if (target === undefined || seen.has(current)) return { schema, pointer: current };
      seen.add(current);
      current = target;
    }
  }

  /**
   * `direct` is true while no object or array lies between this node and the alias being
   * expanded: a named type mentioned there must not lead back to that alias, or TypeScript
   * rejects the alias as circular.
   */
  private node(schema: unknown, direct: boolean): TsType {
    if (schema === false) return NEVER;
    if (!isSchemaObject(schema)) return UNKNOWN;

    const parts: TsType[] = [];
    const target = refTarget(schema);
    if (target !== undefined) parts.push(this.reference(target, direct));

    if (has(schema, 'const')) parts.push(literal(schema.const));
    else if (Array.isArray(schema.enum)) parts.push(union(schema.enum.map(literal)));
    else {
      const composed = COMPOSITION_KEYWORDS.some((k) => has(schema, k));
      const core = this.core(schema, composed);
      if (core) parts.push(core);
    }

    if (Array.isArray(schema.allOf)) {
      parts.push(...schema.allOf.map((s) => this.node(s, direct)));
    }
    for (const keyword of ['oneOf', 'anyOf'] as const) {
      const branches = schema[keyword];
      if (Array.isArray(branches)) {
        parts.push(union(branches.map((s) => this.node(s, direct))));
      }
    }
    return intersection(parts);
  }

  private reference(target: string, direct: boolean): TsType {
    const identifier = this.named.get(target);
    if (identifier !== undefined) {
      if (direct && this.expanding !== undefined && this.reachesDirectly(target, this.expanding)) return UNKNOWN;
      return ref(identifier);
    }
    if (this.inlining.has(target)) return UNKNOWN;
    this.inlining.add(target);
    try {
      return this.node(getAt(this.document, target), direct);
    } finally {
      this.inlining.delete(target);
    }
  }

  /** The type from `type` (or, without it, from object/array keywords); undefined when there is none. */
  private core(schema: Schema, composed: boolean): TsType | undefined {
    const types = declaredTypes(schema);
    if (types.length === 0) return undefined;
    const alternatives = types.map((type) => {
      switch (type) {
        case 'null':
          return NULL;
        case 'string':
          return STRING;
        case 'number':
        case 'integer':
          return NUMBER;
        case 'boolean':
          return BOOLEAN;
        case 'array':
          return this.array(schema);
        case 'object':
          return this.object(schema);
        default:
          return UNKNOWN;
      }
    });
    // `type: object` beside `$ref`/`allOf`/… only says "an object": the composition gives the shape.
    if (composed && alternatives.length === 1 && alternatives[0] === ANY_OBJECT) return undefined;
    return union(alternatives);
  }

  private object(schema: Schema): TsType {
    const properties = isSchemaObject(schema.properties) ? schema.properties : {};
    const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r) => typeof r === 'string') : []);
    const members: ObjectMember[] = Object.keys(properties).map((name) => {
      const property = properties[name];
      return {
        name,
        type: this.node(property, false),
        optional: !required.has(name),
        doc: schemaDoc(property),
      };
    });
    // A required key without a property schema must still be present, whatever its type.
    for (const name of [...required].filter((r) => !has(properties, r))) {
      members.push({ name, type: UNKNOWN, optional: false });
    }

    // Absent `additionalProperties` allows extra keys in JSON Schema, but an index signature
    // would make every misspelt property access type-check; only an explicit `true` or schema
    // (or `patternProperties`) opens the type.
    const extra: TsType[] = [];
    const additional = schema.additionalProperties;
    if (additional === true || isSchemaObject(additional)) {
      extra.push(this.node(additional, false));
    }
    if (isSchemaObject(schema.patternProperties)) {
      for (const sub of Object.values(schema.patternProperties)) extra.push(this.node(sub, false));
    }
    if (extra.length > 0) {
      // Every property must fit the index signature, so it widens to cover them.
      const index = union([...extra, ...members.map((m) => (m.optional ? union([m.type, UNDEFINED]) : m.type))]);
      return objectType(members, { index });
    }
    if (members.length === 0) return additional === false ? objectType([], { index: NEVER }) : ANY_OBJECT;
    return objectType(members);
  }

  private array(schema: Schema): TsType {
    const items = schema.items;
    if (!Array.isArray(schema.prefixItems)) {
      return arrayType(items === undefined ? UNKNOWN : this.node(items, false));
    }
    const minItems = typeof schema.minItems === 'number' ? schema.minItems : 0;
    const elements = schema.prefixItems.map((s, i) => ({
      type: this.node(s, false),
      optional: i >= minItems,
    }));
    if (items === false) return tupleType(elements);
    return tupleType(elements, items === undefined ? UNKNOWN : this.node(items, false));
  }

  /** Whether named schema `from` leads to named schema `to` without passing an object or array. */
  private reachesDirectly(from: string, to: string): boolean {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length > 0) {
      const current = stack.pop()!;
      if (current === to) return true;
      if (seen.has(current)) continue;
      seen.add(current);
      stack.push(...this.directRefsOf(current));
    }
    return false;
  }

  private directRefsOf(named: string): ReadonlySet<string> {
    let refs = this.directRefs.get(named);
    if (refs === undefined) {
      const found = new Set<string>();
      this.collectDirect(getAt(this.document, named), found, new Set([named]));
      refs = found;
      this.directRefs.set(named, refs);
    }
    return refs;
  }

  private collectDirect(schema: unknown, found: Set<string>, visited: Set<string>): void {
    if (!isSchemaObject(schema)) return;
    const target = refTarget(schema);
    if (target !== undefined) {
      if (this.named.has(target)) found.add(target);
      else if (!visited.has(target)) {
        visited.add(target);
        this.collectDirect(getAt(this.document, target), found, visited);
      }
    }
    for (const keyword of ['allOf', 'oneOf', 'anyOf']) {
      const branches = schema[keyword];
      if (Array.isArray(branches)) for (const branch of branches) this.collectDirect(branch, found, visited);
    }
  }
}

/** The canonical pointer of an internal `$ref`, or undefined (the loader inlines the rest). */
export function refTarget(schema: Schema): string | undefined {
  return typeof schema.$ref === 'string' ? refPointer(schema.$ref) : undefined;
}

/** `type` as a list; without it, `object` or `array` when their keywords are present. */
function declaredTypes(schema: Schema): string[] {
  const type = schema.type;
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === 'string');
  if (OBJECT_KEYWORDS.some((k) => has(schema, k))) return ['object'];
  if (ARRAY_KEYWORDS.some((k) => has(schema, k))) return ['array'];
  return [];
}
