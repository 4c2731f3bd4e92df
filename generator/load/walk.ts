import { joinPointer } from './pointer.js';

/**
 * Walking a spec document: which children are spec structure (where `$ref`s and schemas live)
 * and which are instance data (examples, defaults, enums, extensions) that must be left alone.
 */

/** Objects whose keys are names chosen by the author (schema names, property names, paths…). */
const NAME_MAPS = new Set([
  'properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas',
  'paths', 'webhooks', 'callbacks', 'responses', 'content', 'encoding', 'headers', 'links',
  'schemas', 'parameters', 'requestBodies', 'securitySchemes', 'pathItems', 'examples', 'variables',
  'channels', 'operations', 'messages', 'servers', 'messageTraits', 'operationTraits',
  'serverVariables', 'correlationIds', 'replies', 'replyAddresses', 'externalDocs', 'tags',
  'serverBindings', 'channelBindings', 'operationBindings', 'messageBindings',
]);

/** Keys whose values are instance data, never spec structure (`examples` only in its array form). */
const DATA_KEYS = new Set(['example', 'examples', 'default', 'const', 'enum', 'value']);

export type PlainObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is PlainObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** True when `value` under `key` (in an object that is not a name map) is instance data. */
export function isDataEntry(key: string, value: unknown): boolean {
  if (key.startsWith('x-')) return true;
  if (key === 'examples') return !isPlainObject(value);
  return DATA_KEYS.has(key);
}

/**
 * Whether the child `key` of an object (itself a name map or not) is a name map. A name map's
 * values are always objects or booleans, so a string `type`/`$ref` or an array `allOf`… marks a
 * schema in that place instead (AsyncAPI message `headers` is a schema, OpenAPI `headers` a map).
 */
export function childIsNameMap(parentIsNameMap: boolean, key: string, value: unknown): boolean {
  if (parentIsNameMap || !NAME_MAPS.has(key) || !isPlainObject(value)) return false;
  const looksLikeSchema =
    typeof value.type === 'string' || Array.isArray(value.type) || typeof value.$ref === 'string' ||
    Array.isArray(value.allOf) || Array.isArray(value.anyOf) || Array.isArray(value.oneOf);
  return !looksLikeSchema;
}

/** The `$ref` string of a reference node, or undefined (a `$ref` key holding an object is a property name). */
export function refOf(value: unknown): string | undefined {
  if (!isPlainObject(value)) return undefined;
  const ref = value.$ref;
  return typeof ref === 'string' ? ref : undefined;
}

export type StructureVisitor = (node: PlainObject, pointer: string, isNameMap: boolean) => void;

/** Visits every structural object of `root` in document order, skipping instance data. */
export function visitStructure(root: unknown, visit: StructureVisitor, pointer = '', isNameMap = false): void {
  if (Array.isArray(root)) {
    root.forEach((item, i) => visitStructure(item, visit, joinPointer(pointer, i), false));
    return;
  }
  if (!isPlainObject(root)) return;
  visit(root, pointer, isNameMap);
  for (const [key, value] of Object.entries(root)) {
    if (value === null || typeof value !== 'object') continue;
    if (!isNameMap && isDataEntry(key, value)) continue;
    visitStructure(value, visit, joinPointer(pointer, key), childIsNameMap(isNameMap, key, value));
  }
}
