import { joinPointer } from './pointer.js';
import { isPlainObject, visitStructure } from './walk.js';

/** A `properties.__proto__` schema that `addProtoPatterns` also put under `patternProperties`. */
export interface ProtoPattern {
  /** Pointer of the added `patternProperties` entry. */
  added: string;
  /** Pointer of the `properties` entry it stands for. */
  property: string;
}

const PROTO = '__proto__';
const PROTO_PATTERN = '^__proto__$';

/**
 * ajv leaves a property named `__proto__` out of `properties` (and counts it as additional), so
 * its schema would never be checked. This puts the same schema object under `patternProperties`
 * as `^__proto__$` too, which matches exactly that own key; `properties.__proto__` stays where it
 * is for `$ref`s. Errors found there name the added place: the caller maps them back.
 * Changes `document` in place: hand it a copy.
 */
export function addProtoPatterns(document: unknown): ProtoPattern[] {
  const found: ProtoPattern[] = [];
  visitStructure(document, (node, pointer, isNameMap) => {
    const properties = node.properties;
    if (isNameMap || !isPlainObject(properties) || !Object.hasOwn(properties, PROTO)) return;
    const patterns = node.patternProperties ?? {};
    if (!isPlainObject(patterns) || Object.hasOwn(patterns, PROTO_PATTERN)) return;
    patterns[PROTO_PATTERN] = properties[PROTO];
    node.patternProperties = patterns;
    found.push({ added: joinPointer(pointer, 'patternProperties', PROTO_PATTERN), property: joinPointer(pointer, 'properties', PROTO) });
  });
  return found;
}

/** Whether any schema of `document` has a property named `__proto__` (see `addProtoPatterns`). */
export function hasProtoProperty(document: unknown): boolean {
  let found = false;
  visitStructure(document, (node, _pointer, isNameMap) => {
    found ||= !isNameMap && isPlainObject(node.properties) && Object.hasOwn(node.properties, PROTO);
  });
  return found;
}
