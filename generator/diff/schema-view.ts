import { refPointer } from '../ir/refs.js';
import { isRecord, type JsonObject } from '../ir/values.js';
import { getAt, joinPointer } from '../load/pointer.js';

export type JsonType = 'null' | 'boolean' | 'object' | 'array' | 'number' | 'string' | 'integer';

/** A keyword's value and the pointer of the keyword, for reporting at the deepest place. */
export interface Located<T> {
  value: T;
  pointer: string;
}

export interface Bound extends Located<number> {
  exclusive: boolean;
}

export interface Alternatives {
  keyword: 'anyOf' | 'oneOf';
  pointer: string;
  /** Pointers of the options, in order. */
  options: string[];
}

/**
 * What a schema demands once its `$ref`s and `allOf` parts are taken together: a value must
 * satisfy every conjunct, so types intersect, bounds take the tightest, properties collect the
 * definitions of every part. Lists of pointers stand for "all of these" subschemas.
 */
export interface SchemaView {
  /** Pointers of the conjuncts that say something (bare `$ref`s left out): what the schema is. */
  identity: string[];
  /** Where to report a keyword the schema lacks: the first conjunct that is not a bare `$ref`. */
  anchor: string;
  /** Absent: any type. */
  types?: Located<ReadonlySet<JsonType>>;
  /** `enum`, or `const` as a one-value enum. */
  values?: Located<readonly unknown[]>;
  lower?: Bound;
  upper?: Bound;
  minLength?: Located<number>;
  maxLength?: Located<number>;
  minItems?: Located<number>;
  maxItems?: Located<number>;
  patterns: Located<string>[];
  formats: Located<string>[];
  multiplesOf: Located<number>[];
  /** `additionalProperties: false` (or `unevaluatedProperties: false`): undeclared properties are refused. */
  closed?: Located<false>;
  /** Property name → pointers of its definitions, in conjunct order. */
  properties: Map<string, string[]>;
  /** Where to report a property the schema lacks. */
  propertiesAnchor: string;
  /** Required name → pointer of its entry in a `required` list. */
  required: Map<string, string>;
  items: string[];
  /** `additionalProperties` subschemas (object form only). */
  additional: string[];
  alternatives: Alternatives[];
  thens: string[];
  elses: string[];
  readOnly: boolean;
  writeOnly: boolean;
}

const JSON_TYPES: readonly JsonType[] = ['null', 'boolean', 'object', 'array', 'number', 'string', 'integer'];

/** Whether a value of type `type` passes a schema allowing `types` (every integer is a number). */
export function accepts(types: ReadonlySet<JsonType>, type: JsonType): boolean {
  return types.has(type) || (type === 'integer' && types.has('number'));
}

/** The schema at each pointer with every `$ref` target and `allOf` part it leads to, each once, in document order. */
export function conjunctsOf(document: JsonObject, pointers: readonly string[]): { pointer: string; node: JsonObject | boolean }[] {
  const found: { pointer: string; node: JsonObject | boolean }[] = [];
  const seen = new Set<string>();
  const visit = (pointer: string): void => {
    if (seen.has(pointer)) return;
    seen.add(pointer);
    const node = getAt(document, pointer);
    if (typeof node === 'boolean') found.push({ pointer, node });
    if (!isRecord(node)) return;
    found.push({ pointer, node });
    const target = typeof node.$ref === 'string' ? refPointer(node.$ref) : undefined;
    if (target !== undefined) visit(target);
    if (Array.isArray(node.allOf)) node.allOf.forEach((_, index) => visit(joinPointer(pointer, 'allOf', index)));
  };
  pointers.forEach(visit);
  return found;
}

export function viewOf(document: JsonObject, pointers: readonly string[]): SchemaView {
  const conjuncts = conjunctsOf(document, pointers);
  const meaningful = conjuncts.filter((c) => !isBareRef(c.node));
  const anchor = (meaningful[0] ?? conjuncts[0])?.pointer ?? pointers[0] ?? '';
  const view: SchemaView = {
    identity: meaningful.map((c) => c.pointer),
    anchor,
    patterns: [],
    formats: [],
    multiplesOf: [],
    properties: new Map(),
    propertiesAnchor: anchor,
    required: new Map(),
    items: [],
    additional: [],
    alternatives: [],
    thens: [],
    elses: [],
    readOnly: false,
    writeOnly: false,
  };
  let propertiesAnchored = false;
  for (const { pointer, node } of conjuncts) {
    const at = (keyword: string | number, ...rest: (string | number)[]) => joinPointer(pointer, keyword, ...rest);
    if (node === false) view.types = { value: new Set(), pointer };
    if (typeof node === 'boolean') continue;
    const types = typesOf(node.type);
    if (types) view.types = view.types ? { value: intersect(view.types.value, types), pointer: view.types.pointer } : { value: types, pointer: at('type') };
    if (!view.values && Array.isArray(node.enum)) view.values = { value: node.enum, pointer: at('enum') };
    if (!view.values && 'const' in node) view.values = { value: [node.const], pointer: at('const') };
    view.lower = tighter(view.lower, bound(node, 'minimum', false, pointer), bound(node, 'exclusiveMinimum', true, pointer), 'lower');
    view.upper = tighter(view.upper, bound(node, 'maximum', false, pointer), bound(node, 'exclusiveMaximum', true, pointer), 'upper');
    view.minLength = largest(view.minLength, count(node, 'minLength', pointer));
    view.maxLength = smallest(view.maxLength, count(node, 'maxLength', pointer));
    view.minItems = largest(view.minItems, count(node, 'minItems', pointer));
    view.maxItems = smallest(view.maxItems, count(node, 'maxItems', pointer));
    if (typeof node.pattern === 'string') view.patterns.push({ value: node.pattern, pointer: at('pattern') });
    if (typeof node.format === 'string') view.formats.push({ value: node.format, pointer: at('format') });
    if (typeof node.multipleOf === 'number' && node.multipleOf > 0) view.multiplesOf.push({ value: node.multipleOf, pointer: at('multipleOf') });
    for (const keyword of ['additionalProperties', 'unevaluatedProperties']) {
      if (node[keyword] === false && !view.closed) view.closed = { value: false, pointer: at(keyword) };
    }
    if (isRecord(node.properties)) {
      if (!propertiesAnchored) view.propertiesAnchor = at('properties');
      propertiesAnchored = true;
      for (const name of Object.keys(node.properties)) {
        const definitions = view.properties.get(name) ?? [];
        definitions.push(at('properties', name));
        view.properties.set(name, definitions);
      }
    }
    if (Array.isArray(node.required)) {
      node.required.forEach((name, index) => {
        if (typeof name === 'string' && !view.required.has(name)) view.required.set(name, at('required', index));
      });
    }
    if (isRecord(node.items) || typeof node.items === 'boolean') view.items.push(at('items'));
    if (isRecord(node.additionalProperties)) view.additional.push(at('additionalProperties'));
    for (const keyword of ['anyOf', 'oneOf'] as const) {
      const options = node[keyword];
      if (Array.isArray(options)) view.alternatives.push({ keyword, pointer: at(keyword), options: options.map((_, index) => at(keyword, index)) });
    }
    if ('then' in node) view.thens.push(at('then'));
    if ('else' in node) view.elses.push(at('else'));
    if (node.readOnly === true) view.readOnly = true;
    if (node.writeOnly === true) view.writeOnly = true;
  }
  return view;
}

/** Keywords that say nothing about which values are valid. */
const ANNOTATIONS = new Set(['$ref', 'description', 'title', 'summary', '$comment', 'examples', 'example', 'deprecated', 'default']);

/** A `$ref` with at most annotations beside it: it stands for its target. */
function isBareRef(node: JsonObject | boolean): boolean {
  return isRecord(node) && typeof node.$ref === 'string' && Object.keys(node).every((key) => ANNOTATIONS.has(key) || key.startsWith('x-'));
}

function typesOf(type: unknown): Set<JsonType> | undefined {
  const list = typeof type === 'string' ? [type] : Array.isArray(type) ? type : undefined;
  if (!list) return undefined;
  return new Set(list.filter((t): t is JsonType => JSON_TYPES.includes(t as JsonType)));
}

/** Types both sets allow: `integer` survives against `number`. */
function intersect(a: ReadonlySet<JsonType>, b: ReadonlySet<JsonType>): Set<JsonType> {
  const both = new Set<JsonType>();
  for (const type of a) if (accepts(b, type)) both.add(type);
  for (const type of b) if (accepts(a, type)) both.add(type);
  return both;
}

function bound(node: JsonObject, keyword: string, exclusive: boolean, pointer: string): Bound | undefined {
  const value = node[keyword];
  return typeof value === 'number' ? { value, exclusive, pointer: joinPointer(pointer, keyword) } : undefined;
}

/** The stricter of the bounds: for a lower bound the larger, at equal values the exclusive one. */
function tighter(current: Bound | undefined, a: Bound | undefined, b: Bound | undefined, side: 'lower' | 'upper'): Bound | undefined {
  let best = current;
  for (const candidate of [a, b]) {
    if (!candidate) continue;
    if (!best || compareBounds(candidate, best, side) > 0) best = candidate;
  }
  return best;
}

/** Positive when `a` admits fewer values than `b`. */
export function compareBounds(a: Bound, b: Bound, side: 'lower' | 'upper'): number {
  const byValue = side === 'lower' ? a.value - b.value : b.value - a.value;
  return byValue !== 0 ? byValue : Number(a.exclusive) - Number(b.exclusive);
}

function count(node: JsonObject, keyword: string, pointer: string): Located<number> | undefined {
  const value = node[keyword];
  return typeof value === 'number' ? { value, pointer: joinPointer(pointer, keyword) } : undefined;
}

function largest(a: Located<number> | undefined, b: Located<number> | undefined): Located<number> | undefined {
  return !a || (b && b.value > a.value) ? b ?? a : a;
}

function smallest(a: Located<number> | undefined, b: Located<number> | undefined): Located<number> | undefined {
  return !a || (b && b.value < a.value) ? b ?? a : a;
}
