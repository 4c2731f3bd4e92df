import { formatAccepts } from '../../runtime/arbitraries.js';
import { allowedTypes, typeAllows, type JsonType, type TypedNode } from './model.js';

/** Where a literal value is used: JSON bodies and messages, or parameters (strings coerced by the validator). */
export type Mode = 'json' | 'query' | 'header' | 'path';

/** A keyword a literal value fails, and where the keyword is. */
export interface Failure {
  keyword: string;
  pointer: string;
}

/**
 * The keywords of `node` a literal value fails, checked the way the generated validators do
 * (ajv, full formats; parameters coerced from strings). Only keywords of the value itself:
 * nothing inside arrays or objects.
 */
export function failures(node: TypedNode, literal: unknown, mode: Mode): Failure[] {
  const value = mode === 'json' ? literal : coerce(literal, allowedTypes(node));
  const found: Failure[] = [];
  for (const source of node.types) if (!typeAllows(source.value, value)) found.push({ keyword: source.keyword, pointer: source.pointer });
  for (const source of node.enums) {
    if (!source.value.some((v) => sameJson(v, value))) found.push({ keyword: source.keyword, pointer: source.pointer });
  }
  if (node.excluded.some((v) => sameJson(v, value))) found.push({ keyword: 'not', pointer: node.pointer });
  if (typeof value === 'string') found.push(...stringFailures(node, value));
  if (typeof value === 'number') found.push(...numberFailures(node, value));
  if (Array.isArray(value)) {
    if (node.minItems && value.length < node.minItems.value) found.push({ keyword: 'minItems', pointer: node.minItems.pointer });
    if (node.maxItems && value.length > node.maxItems.value) found.push({ keyword: 'maxItems', pointer: node.maxItems.pointer });
  }
  return found;
}

function stringFailures(node: TypedNode, value: string): Failure[] {
  const found: Failure[] = [];
  const length = [...value].length;
  if (node.minLength && length < node.minLength.value) found.push({ keyword: 'minLength', pointer: node.minLength.pointer });
  if (node.maxLength && length > node.maxLength.value) found.push({ keyword: 'maxLength', pointer: node.maxLength.pointer });
  for (const p of node.patterns) {
    const re = regex(p.value);
    if (re && !re.test(value)) found.push({ keyword: 'pattern', pointer: p.pointer });
  }
  for (const f of node.formats) if (!formatAccepts(f.value, value)) found.push({ keyword: 'format', pointer: f.pointer });
  return found;
}

function numberFailures(node: TypedNode, value: number): Failure[] {
  const found: Failure[] = [];
  const { minimum: min, maximum: max } = node;
  if (min && (min.exclusive ? value <= min.value : value < min.value)) {
    found.push({ keyword: min.exclusive ? 'exclusiveMinimum' : 'minimum', pointer: min.pointer });
  }
  if (max && (max.exclusive ? value >= max.value : value > max.value)) {
    found.push({ keyword: max.exclusive ? 'exclusiveMaximum' : 'maximum', pointer: max.pointer });
  }
  for (const m of node.multipleOf) if (!Number.isInteger(value / m.value)) found.push({ keyword: 'multipleOf', pointer: m.pointer });
  for (const f of node.formats) if (!formatAccepts(f.value, value)) found.push({ keyword: 'format', pointer: f.pointer });
  return found;
}

/** ajv's `coerceTypes` for a parameter value whose type the schema does not allow. */
export function coerce(value: unknown, types: Set<JsonType> | undefined): unknown {
  if (types === undefined) return value;
  if (typeof value !== 'string') {
    const scalar = typeof value === 'number' || typeof value === 'boolean' || value === null;
    return scalar && !typeAllows([...types], value) && types.has('string') ? (value === null ? '' : String(value)) : value;
  }
  if (types.has('string')) return value;
  for (const type of types) {
    if ((type === 'number' || type === 'integer') && value !== '' && Number.isFinite(Number(value))) {
      const n = Number(value);
      if (type === 'number' || Number.isInteger(n)) return n;
    }
    if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
    if (type === 'null' && value === '') return null;
  }
  return value;
}

const regexes = new Map<string, RegExp | undefined>();

/** The spec pattern as ajv compiles it (`u` flag), or undefined when it is not a valid regex. */
export function regex(pattern: string): RegExp | undefined {
  if (!regexes.has(pattern)) {
    let compiled: RegExp | undefined;
    try {
      compiled = new RegExp(pattern, 'u');
    } catch {
      compiled = undefined;
    }
    regexes.set(pattern, compiled);
  }
  return regexes.get(pattern);
}

/** Equality of JSON values, as `const`, `enum` and `uniqueItems` compare them. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameJson((a as never)[k], (b as never)[k]));
}
