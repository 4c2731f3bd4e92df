/**
 * Escaping helpers: the only way spec text reaches generated code. Strings become JSON-escaped
 * literals (plus U+2028/2029 and `</`), comments cannot be closed early, keys are quoted
 * unless they are plain identifiers.
 */

/** A TypeScript string literal for any string, safe in any expression position. */
export function stringLiteral(value: string): string {
  return JSON.stringify(value)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
    .replace(/<\//g, '<\\/');
}

/** A value literal for any JSON value; object keys are safe for run-time object literals. */
export function jsonLiteral(value: unknown): string {
  return literalWith(value, propertyKeyForLiteral);
}

/** A literal *type* for any JSON value (`{ "__proto__": 1 }` is an ordinary key in a type). */
export function jsonTypeLiteral(value: unknown): string {
  return literalWith(value, propertyKey);
}

function literalWith(value: unknown, key: (name: string) => string): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return Number.isFinite(value) ? (Object.is(value, -0) ? '-0' : String(value)) : 'NaN';
  if (typeof value === 'string') return stringLiteral(value);
  if (Array.isArray(value)) return `[${value.map((v) => literalWith(v, key)).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${key(k)}: ${literalWith(v, key)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  throw new Error(`cannot express ${typeof value} as a literal`);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * A property key for object literals and type members. `__proto__` is always quoted as a
 * computed-looking string key is still the prototype setter in object literals, so callers that
 * build runtime objects must use `propertyKeyForLiteral`.
 */
export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) && name !== '__proto__' ? name : stringLiteral(name);
}

/**
 * A key for object *literals* evaluated at run time. `{ "__proto__": x }` still sets the
 * prototype, so that one key becomes a computed key `["__proto__"]`, which defines an own property.
 */
export function propertyKeyForLiteral(name: string): string {
  return name === '__proto__' ? `[${stringLiteral(name)}]` : propertyKey(name);
}

/** Text for a JSDoc block: cannot terminate the comment, no stray control characters. */
export function docText(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const cleaned = text
    .replace(/\r\n?/g, '\n')
    .replace(/\*\//g, '*\\/')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f\u2028\u2029]/g, ' ')
    .trim();
  return cleaned === '' ? undefined : cleaned;
}

/** Text for a single-line `//` comment. */
export function lineCommentText(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ');
}
