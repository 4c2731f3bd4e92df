import { jsonLiteral, propertyKeyForLiteral } from '../shared/escape.js';

/** A piece of code placed verbatim inside a data literal, e.g. a reference to another constant. */
export class Code {
  constructor(readonly text: string) {}
}

/**
 * A literal for data evaluated at run time: JSON values (keys via `propertyKeyForLiteral`, so a
 * `__proto__` key stays an own property) with `Code` pieces kept as written. Long literals are
 * written one item per line, indented from `indent`.
 */
export function dataLiteral(value: unknown, indent = ''): string {
  if (value instanceof Code) return value.text;
  const inner = indent + '  ';
  let items: string[];
  let open: string;
  let close: string;
  if (Array.isArray(value)) {
    items = value.map((v) => dataLiteral(v, inner));
    [open, close] = ['[', ']'];
  } else if (value !== null && typeof value === 'object') {
    items = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${propertyKeyForLiteral(k)}: ${dataLiteral(v, inner)}`);
    [open, close] = ['{ ', ' }'];
    if (items.length === 0) return '{}';
  } else {
    return jsonLiteral(value);
  }
  const flat = `${open}${items.join(', ')}${close}`;
  if (flat.length + indent.length <= MAX_LINE && !flat.includes('\n')) return flat;
  return `${open.trim()}\n${items.map((item) => `${inner}${item},\n`).join('')}${indent}${close.trim()}`;
}

/** Literals longer than this are written one item per line. */
const MAX_LINE = 100;

/** `base.key` for identifier keys, `base["key"]` otherwise. */
export function member(base: string, key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) && key !== '__proto__' ? `${base}.${key}` : `${base}[${jsonLiteral(key)}]`;
}
