/** Small readers for untyped spec values (the document is plain parsed YAML/JSON). */

export type JsonObject = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function booleanOf(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/** A finite number, or a string holding one (YAML authors quote codes now and then). */
export function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?[0-9]+(\.[0-9]+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

/** Own enumerable entries of an object value; none for anything else. */
export function entriesOf(value: unknown): [string, unknown][] {
  return isRecord(value) ? Object.entries(value) : [];
}

/** Every `x-*` key of an object, verbatim. */
export function extensionsOf(node: JsonObject): Record<string, unknown> {
  const extensions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) if (key.startsWith('x-')) extensions[key] = value;
  return extensions;
}

/** Code-point order: locale-independent, so sorting is the same on every machine. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Removes keys whose value is `undefined`, so optional IR fields are absent rather than present-but-undefined. */
export function compact<T extends object>(node: T): T {
  for (const key of Object.keys(node)) if ((node as Record<string, unknown>)[key] === undefined) delete (node as Record<string, unknown>)[key];
  return node;
}
