import { getAt, joinPointer } from '../../load/pointer.js';
import { refPointer } from '../../ir/refs.js';
import { isRecord } from '../../ir/values.js';
import { merge, resolveDeep, separateBranches, type Resolver } from './merge.js';
import {
  JSON_TYPES,
  isUnconstrained,
  never,
  typed,
  type AltNode,
  type At,
  type Bound,
  type JsonType,
  type Node,
  type RefNode,
  type TypedNode,
} from './model.js';

/** Keywords this emitter does not generate for; values may violate them (said in the docs). */
const UNSUPPORTED = ['contains', 'minContains', 'maxContains', 'dependentSchemas', 'unevaluatedItems', '$dynamicRef'];

/** Keywords that only annotate: a `not` of nothing else is still understood. */
const ANNOTATIONS = new Set(['title', 'description', '$comment', 'examples', 'example', 'default', 'deprecated', 'readOnly', 'writeOnly']);

/**
 * The IR document's schemas as emitter nodes, each built once. References to named schemas stay
 * references; other `$ref`s, `allOf`, and `$ref` siblings are merged into one node.
 */
export class Schemas implements Resolver {
  private readonly cache = new Map<string, Node>();
  private readonly building = new Set<string>();
  /** Schemas that are not named but reached again while being built: pointer → reference to them. */
  private readonly recursive = new Map<string, RefNode>();

  /** `named`: pointer of each named schema → its name. */
  constructor(
    private readonly document: unknown,
    private readonly named: ReadonlyMap<string, string>,
  ) {}

  /** The node of the schema at `pointer` (a named schema's definition, not a reference to it). */
  at(pointer: string): Node {
    const cached = this.cache.get(pointer);
    if (cached) return cached;
    if (this.building.has(pointer)) {
      const name = this.named.get(pointer);
      return name === undefined ? this.inlineReference(pointer) : { kind: 'ref', name, target: pointer };
    }
    this.building.add(pointer);
    try {
      const node = this.build(getAt(this.document, pointer), pointer);
      this.cache.set(pointer, node);
      return node;
    } finally {
      this.building.delete(pointer);
    }
  }

  resolve(node: RefNode): Node {
    return this.at(node.target);
  }

  /** The recursive schemas that are not named, found so far, in the order they were found. */
  inlineReferences(): RefNode[] {
    return [...this.recursive.values()];
  }

  private inlineReference(pointer: string): RefNode {
    let ref = this.recursive.get(pointer);
    if (!ref) this.recursive.set(pointer, (ref = { kind: 'ref', name: `inline${this.recursive.size + 1}`, target: pointer, inline: true }));
    return ref;
  }

  /** `node` with references followed to their definitions. */
  definition(node: Node): Node {
    return resolveDeep(node, this);
  }

  private build(schema: unknown, pointer: string): Node {
    if (schema === false) return never(`the schema at ${pointer} is false`);
    if (!isRecord(schema)) return typed(pointer);
    const parts: Node[] = [];
    if (typeof schema.$ref === 'string') parts.push(this.reference(schema.$ref, pointer));
    parts.push(this.own(schema, pointer));
    if (Array.isArray(schema.allOf)) schema.allOf.forEach((_, i) => parts.push(this.at(joinPointer(pointer, 'allOf', i))));
    for (const keyword of ['anyOf', 'oneOf'] as const) {
      const list = schema[keyword];
      if (Array.isArray(list) && list.length > 0) parts.push(this.alternatives(keyword, list.length, pointer));
    }
    if (isRecord(schema.if) || typeof schema.if === 'boolean') {
      const conditional = this.conditional(schema, pointer);
      if (conditional) parts.push(conditional);
    }
    let node = parts[0] as Node;
    for (const part of parts.slice(1)) node = merge(node, part, this);
    return node;
  }

  private reference(ref: string, pointer: string): Node {
    const target = refPointer(ref);
    if (target === undefined) return withUnsupported(typed(pointer), joinPointer(pointer, '$ref'));
    const name = this.named.get(target);
    return name === undefined ? this.at(target) : { kind: 'ref', name, target };
  }

  private alternatives(keyword: 'anyOf' | 'oneOf', count: number, pointer: string): Node {
    const at = joinPointer(pointer, keyword);
    const branches = Array.from({ length: count }, (_, i) => this.at(joinPointer(at, i)));
    const alt: AltNode = { kind: 'alt', keyword, pointer: at, branches };
    const presenceKeys = presenceOnly(branches);
    if (presenceKeys) alt.presenceKeys = presenceKeys;
    return keyword === 'oneOf' ? separateBranches(alt, this) : alt;
  }

  /**
   * `if`/`then`/`else` as alternatives: values meeting `if` and `then`, and, when `if` tests a
   * property's `const`/`enum`, values whose property has another value and that meet `else`.
   */
  private conditional(schema: Record<string, unknown>, pointer: string): Node | undefined {
    if (!('then' in schema) && !('else' in schema)) return undefined;
    const ifPointer = joinPointer(pointer, 'if');
    const test = this.at(ifPointer);
    const then = 'then' in schema ? this.at(joinPointer(pointer, 'then')) : typed(pointer);
    const branches = [merge(test, then, this)];
    const negated = this.negation(test, ifPointer);
    if (negated) branches.push(merge(negated, 'else' in schema ? this.at(joinPointer(pointer, 'else')) : typed(pointer), this));
    return { kind: 'alt', keyword: 'if', pointer: ifPointer, branches: branches.filter((b) => b.kind !== 'never') };
  }

  private negation(test: Node, ifPointer: string): TypedNode | undefined {
    const target = this.definition(test);
    if (target.kind !== 'typed') return undefined;
    for (const property of target.properties) {
      const values = this.definition(property.node);
      if (values.kind !== 'typed' || values.enums.length === 0) continue;
      const excluded = typed(ifPointer);
      excluded.excluded = values.enums.flatMap((e) => e.value);
      const negated = typed(ifPointer);
      negated.required = [{ value: property.name, pointer: joinPointer(ifPointer, 'required') }];
      negated.properties = [{ name: property.name, node: excluded }];
      return negated;
    }
    return undefined;
  }

  /** The keywords of one schema object itself, subschemas built on the way. */
  private own(schema: Record<string, unknown>, pointer: string): TypedNode {
    const node = typed(pointer);
    const at = (keyword: string, ...rest: (string | number)[]): string => joinPointer(pointer, keyword, ...rest);
    const num = (keyword: string): At<number> | undefined =>
      typeof schema[keyword] === 'number' ? { value: schema[keyword] as number, pointer: at(keyword) } : undefined;

    const types = typeof schema.type === 'string' ? [schema.type] : Array.isArray(schema.type) ? schema.type : undefined;
    if (types) node.types.push({ value: types.filter(isJsonType), pointer: at('type'), keyword: 'type' });
    if (Array.isArray(schema.enum)) node.enums.push({ value: schema.enum, pointer: at('enum'), keyword: 'enum' });
    if ('const' in schema) node.enums.push({ value: [schema.const], pointer: at('const'), keyword: 'const' });

    node.minLength = num('minLength');
    node.maxLength = num('maxLength');
    if (typeof schema.pattern === 'string') node.patterns.push({ value: schema.pattern, pointer: at('pattern') });
    if (typeof schema.format === 'string') node.formats.push({ value: schema.format, pointer: at('format') });
    node.minimum = bound(num('minimum'), num('exclusiveMinimum'), 1);
    node.maximum = bound(num('maximum'), num('exclusiveMaximum'), -1);
    const multipleOf = num('multipleOf');
    if (multipleOf && multipleOf.value > 0) node.multipleOf.push(multipleOf);

    if (Array.isArray(schema.prefixItems)) node.prefixItems = schema.prefixItems.map((_, i) => this.at(at('prefixItems', i)));
    if ('items' in schema) node.items = this.at(at('items'));
    node.minItems = num('minItems');
    node.maxItems = num('maxItems');
    if (schema.uniqueItems === true) node.uniqueItems = { value: true, pointer: at('uniqueItems') };

    if (isRecord(schema.properties)) {
      node.properties = Object.keys(schema.properties).map((name) => ({ name, node: this.at(at('properties', name)) }));
    }
    if (Array.isArray(schema.required)) {
      const names = [...new Set(schema.required.filter((r): r is string => typeof r === 'string'))];
      node.required = names.map((value) => ({ value, pointer: at('required') }));
    }
    if (schema.additionalProperties === false) node.closed = at('additionalProperties');
    else if (isRecord(schema.additionalProperties)) node.additional = this.at(at('additionalProperties'));
    if (schema.unevaluatedProperties === false) node.closed ??= at('unevaluatedProperties');
    else if (isRecord(schema.unevaluatedProperties)) node.unsupported.push(at('unevaluatedProperties'));
    if (isRecord(schema.patternProperties)) {
      node.patternProperties = Object.keys(schema.patternProperties).map((pattern) => ({
        pattern,
        node: this.at(at('patternProperties', pattern)),
      }));
    }
    if ('propertyNames' in schema) node.propertyNames = this.at(at('propertyNames'));
    node.minProperties = num('minProperties');
    node.maxProperties = num('maxProperties');

    if (isRecord(schema.dependentRequired)) {
      for (const [key, requires] of Object.entries(schema.dependentRequired)) {
        if (Array.isArray(requires)) node.dependentRequired.push({ key, value: requires.filter((r): r is string => typeof r === 'string'), pointer: at('dependentRequired') });
      }
    }
    if ('not' in schema) this.not(schema.not, at('not'), node);
    for (const keyword of UNSUPPORTED) if (keyword in schema) node.unsupported.push(at(keyword));
    return dropUndefined(node);
  }

  /** `not` of `required`, `enum`/`const` or `type` alone; anything else is not generated for. */
  private not(schema: unknown, pointer: string, node: TypedNode): void {
    if (!isRecord(schema)) {
      if (schema !== false) node.unsupported.push(pointer);
      return;
    }
    const keys = Object.keys(schema).filter((k) => !ANNOTATIONS.has(k));
    const only = keys.length === 1 ? keys[0] : undefined;
    if (only === 'required' && Array.isArray(schema.required) && schema.required.length > 0) {
      node.notAll.push(schema.required.filter((r): r is string => typeof r === 'string'));
    } else if (only === 'enum' && Array.isArray(schema.enum)) {
      node.excluded.push(...schema.enum);
    } else if (only === 'const') {
      node.excluded.push(schema.const);
    } else if (only === 'type' && (typeof schema.type === 'string' || Array.isArray(schema.type))) {
      const banned = new Set<unknown>(typeof schema.type === 'string' ? [schema.type] : schema.type);
      const allowed = JSON_TYPES.filter((t) => !banned.has(t) && !(t === 'integer' && banned.has('number')));
      node.types.push({ value: allowed, pointer, keyword: 'not' });
    } else {
      node.unsupported.push(pointer);
    }
  }
}

function isJsonType(value: unknown): value is JsonType {
  return typeof value === 'string' && (JSON_TYPES as readonly string[]).includes(value);
}

/** The stricter of `minimum`-like and `exclusiveMinimum`-like; `direction` 1 for lower bounds. */
function bound(inclusive: At<number> | undefined, exclusive: At<number> | undefined, direction: 1 | -1): Bound | undefined {
  if (!exclusive) return inclusive && { ...inclusive, exclusive: false };
  if (!inclusive || (exclusive.value - inclusive.value) * direction >= 0) return { ...exclusive, exclusive: true };
  return { ...inclusive, exclusive: false };
}

/**
 * The keys named by branches that only require or forbid keys (`{required: [a]}`,
 * `{not: {required: [b]}}`), or undefined when some branch says more.
 */
function presenceOnly(branches: Node[]): string[] | undefined {
  const keys = new Set<string>();
  for (const branch of branches) {
    if (branch.kind !== 'typed' || !isUnconstrained({ ...branch, required: [], notAll: [] })) return undefined;
    for (const r of branch.required) keys.add(r.value);
    for (const group of branch.notAll) for (const k of group) keys.add(k);
  }
  return [...keys];
}

function withUnsupported(node: TypedNode, pointer: string): TypedNode {
  node.unsupported.push(pointer);
  return node;
}

/** Optional fields left undefined by `own` are removed, so nodes compare and print cleanly. */
function dropUndefined(node: TypedNode): TypedNode {
  for (const key of Object.keys(node) as (keyof TypedNode)[]) if (node[key] === undefined) delete node[key];
  return node;
}
