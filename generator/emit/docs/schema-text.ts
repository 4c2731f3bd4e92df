import { refPointer } from '../../ir/refs.js';
import { isRecord, type JsonObject } from '../../ir/values.js';
import { getAt, parsePointer } from '../../load/pointer.js';

/**
 * Short, human-readable descriptions of JSON Schemas for the reference page: a TypeScript-like
 * type text (`string (uuid)`, `array<Device>`, `"asc" | "desc"`) and the top-level property rows
 * of object schemas. Named schemas (`components/schemas`) are shown by name, never expanded.
 */

export interface PropertyRow {
  name: string;
  /** The property's schema node (for placeholders; templates show `type`). */
  schema: unknown;
  type: string;
  required: boolean;
  description: string | null;
  deprecated: boolean;
}

/** How deep unnamed schemas are expanded in a type text before falling back to `object` / `any`. */
const MAX_DEPTH = 3;
/** Enum values shown before `| …`. */
const MAX_ENUM = 12;

/** The `components/schemas` name a node refers to (`{$ref: '#/components/schemas/X'}` → `X`). */
export function schemaNameOf(node: unknown): string | undefined {
  if (!isRecord(node) || typeof node.$ref !== 'string') return undefined;
  const pointer = refPointer(node.$ref);
  if (pointer === undefined) return undefined;
  const segments = parsePointer(pointer);
  return segments.length === 3 && segments[0] === 'components' && segments[1] === 'schemas' ? segments[2] : undefined;
}

/** The node a `$ref` chain ends at (cycles end at the last node before repeating). */
function deref(document: unknown, node: unknown): unknown {
  const seen = new Set<string>();
  let current = node;
  while (isRecord(current) && typeof current.$ref === 'string') {
    const target = refPointer(current.$ref);
    if (target === undefined || seen.has(target)) return current;
    seen.add(target);
    current = getAt(document, target);
  }
  return current;
}

/** Type text of a schema, with its constraints (`integer, ≥ 1, ≤ 1000`). */
export function typeText(document: unknown, node: unknown): string {
  const type = shape(document, node, 0);
  const named = schemaNameOf(node);
  const constraints = named === undefined ? constraintsOf(deref(document, node)) : [];
  return [type, ...constraints].join(', ');
}

function shape(document: unknown, node: unknown, depth: number): string {
  if (node === true) return 'any';
  if (node === false) return 'never';
  if (!isRecord(node)) return 'any';
  const named = schemaNameOf(node);
  if (named !== undefined) return named;
  if (typeof node.$ref === 'string') {
    const target = deref(document, node);
    return target === node || depth >= MAX_DEPTH ? 'object' : shape(document, target, depth + 1);
  }
  if (Object.hasOwn(node, 'const')) return json(node.const);
  if (Array.isArray(node.enum)) {
    const shown = node.enum.slice(0, MAX_ENUM).map(json);
    return (node.enum.length > MAX_ENUM ? [...shown, '…'] : shown).join(' | ');
  }
  const own = ownType(document, node, depth);
  const parts: string[] = [];
  for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
    const members = node[key];
    if (!Array.isArray(members) || members.length === 0) continue;
    if (depth >= MAX_DEPTH) return own ?? (key === 'allOf' ? 'object' : 'any');
    // Members that only add constraints (`required`, bounds) have no shape of their own.
    const shapes = members.map((m) => shape(document, m, depth + 1)).filter((p) => p !== 'any');
    if (shapes.length === 0) continue;
    if (key === 'allOf') parts.push(...shapes.map(grouped));
    else parts.push(shapes.length === 1 ? grouped(shapes[0]!) : `(${shapes.join(' | ')})`);
  }
  if (parts.length === 0) return own ?? 'any';
  const all = own === undefined || own === 'object' ? parts : [grouped(own), ...parts];
  return all.length === 1 ? unwrapped(all[0]!) : all.join(' & ');
}

/** A type text as one operand of `&`: parenthesised when it is a union. */
function grouped(text: string): string {
  return / \| /.test(text) && unwrapped(text) === text ? `(${text})` : text;
}

/** The text without parentheses that enclose all of it. */
function unwrapped(text: string): string {
  if (!text.startsWith('(')) return text;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    if (depth === 0) return i === text.length - 1 ? text.slice(1, -1) : text;
  }
  return text;
}

/** The type from `type` (and `items`, `format`), or undefined when the schema has no `type` and no shape keywords. */
function ownType(document: unknown, node: JsonObject, depth: number): string | undefined {
  const types = Array.isArray(node.type) ? node.type.filter((t): t is string => typeof t === 'string') : typeof node.type === 'string' ? [node.type] : [];
  if (types.length === 0) {
    if (isRecord(node.properties) || isRecord(node.additionalProperties)) return 'object';
    if (Object.hasOwn(node, 'items') || Array.isArray(node.prefixItems)) return arrayText(document, node, depth);
    return undefined;
  }
  return types
    .map((t) => {
      if (t === 'array') return arrayText(document, node, depth);
      if ((t === 'string' || t === 'integer' || t === 'number') && typeof node.format === 'string') return `${t} (${node.format})`;
      return t;
    })
    .join(' | ');
}

function arrayText(document: unknown, node: JsonObject, depth: number): string {
  if (Array.isArray(node.prefixItems)) return `[${node.prefixItems.map((m) => shape(document, m, depth + 1)).join(', ')}]`;
  if (depth >= MAX_DEPTH) return 'array';
  return Object.hasOwn(node, 'items') && !Array.isArray(node.items) ? `array<${shape(document, node.items, depth + 1)}>` : 'array';
}

function constraintsOf(node: unknown): string[] {
  if (!isRecord(node)) return [];
  const out: string[] = [];
  const num = (key: string): number | undefined => (typeof node[key] === 'number' ? (node[key] as number) : undefined);
  const range = (what: string, min: number | undefined, max: number | undefined): void => {
    if (min !== undefined && max !== undefined) out.push(min === max ? `${what} ${min}` : `${what} ${min}..${max}`);
    else if (min !== undefined) out.push(`${what} ≥ ${min}`);
    else if (max !== undefined) out.push(`${what} ≤ ${max}`);
  };
  if (num('minimum') !== undefined) out.push(`≥ ${num('minimum')}`);
  if (num('exclusiveMinimum') !== undefined) out.push(`> ${num('exclusiveMinimum')}`);
  if (num('maximum') !== undefined) out.push(`≤ ${num('maximum')}`);
  if (num('exclusiveMaximum') !== undefined) out.push(`< ${num('exclusiveMaximum')}`);
  if (num('multipleOf') !== undefined) out.push(`multiple of ${num('multipleOf')}`);
  range('length', num('minLength'), num('maxLength'));
  range('items', num('minItems'), num('maxItems'));
  range('properties', num('minProperties'), num('maxProperties'));
  if (node.uniqueItems === true) out.push('unique items');
  if (typeof node.pattern === 'string') out.push(`pattern ${node.pattern}`);
  if (Object.hasOwn(node, 'default')) out.push(`default ${json(node.default)}`);
  return out;
}

/**
 * Properties of an object schema (through `$ref`s and `allOf` members; a later member's
 * definition of a property wins, as it is the more specific one), in schema order. With `nested`,
 * the properties of unnamed object properties and of unnamed array items follow their parent as
 * `parent.child` and `parent[].child`, that many levels down. Undefined when there are none.
 */
export function propertyRows(document: unknown, node: unknown, nested = 0): PropertyRow[] | undefined {
  const found = new Map<string, unknown>();
  const required = new Set<string>();
  const visit = (schema: unknown, depth: number): void => {
    const resolved = deref(document, schema);
    if (!isRecord(resolved) || depth > 8) return;
    if (Array.isArray(resolved.required)) for (const r of resolved.required) if (typeof r === 'string') required.add(r);
    if (isRecord(resolved.properties)) {
      for (const [name, property] of Object.entries(resolved.properties)) found.set(name, property);
    }
    if (Array.isArray(resolved.allOf)) for (const member of resolved.allOf) visit(member, depth + 1);
  };
  visit(node, 0);
  if (found.size === 0) return undefined;
  return [...found].flatMap(([name, property]) => {
    const target = deref(document, property);
    const own = isRecord(property) && typeof property.description === 'string' ? property.description : undefined;
    const inherited = isRecord(target) && typeof target.description === 'string' ? target.description : undefined;
    const row: PropertyRow = {
      name,
      schema: property,
      type: typeText(document, property),
      required: required.has(name),
      description: own ?? inherited ?? null,
      deprecated: (isRecord(property) && property.deprecated === true) || (isRecord(target) && target.deprecated === true),
    };
    if (nested === 0 || schemaNameOf(property) !== undefined) return [row];
    const items = isRecord(target) && isRecord(target.items) && schemaNameOf(target.items) === undefined ? target.items : undefined;
    const children = propertyRows(document, items ?? property, nested - 1) ?? [];
    return [row, ...children.map((child) => ({ ...child, name: `${name}${items ? '[]' : ''}.${child.name}` }))];
  });
}

/** A placeholder value for a schema in usage snippets: its const, first enum value, example-like default, or a typed stand-in. */
export function placeholderValue(document: unknown, node: unknown, name: string): unknown {
  const target = deref(document, node);
  if (!isRecord(target)) return `<${name}>`;
  if (Object.hasOwn(target, 'const')) return target.const;
  if (Array.isArray(target.enum) && target.enum.length > 0) return target.enum[0];
  if (Object.hasOwn(target, 'default')) return target.default;
  const type = Array.isArray(target.type) ? target.type[0] : target.type;
  if (type === 'integer' || type === 'number') return typeof target.minimum === 'number' ? target.minimum : 1;
  if (type === 'boolean') return true;
  return `<${name}>`;
}

function json(value: unknown): string {
  return JSON.stringify(value) ?? 'undefined';
}
