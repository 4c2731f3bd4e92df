import { getAt, joinPointer, parsePointer } from '../load/pointer.js';
import { isRecord, stringOf, type JsonObject } from './values.js';

/** `#/components/schemas/A%20B` → `/components/schemas/A B`; undefined for anything but a local fragment. */
export function refPointer(ref: string): string | undefined {
  if (!ref.startsWith('#')) return undefined;
  try {
    return joinPointer('', ...parsePointer(ref));
  } catch {
    return undefined;
  }
}

export type Resolution =
  | {
      ok: true;
      node: JsonObject;
      /** Pointer of the object finally reached (not of the `$ref` that led there). */
      pointer: string;
      /** OpenAPI 3.1 Reference Objects may override the target's `summary` and `description`. */
      summary?: string;
      description?: string;
    }
  | { ok: false; reason: string; pointer: string };

/**
 * Follows a chain of Reference Objects (`{$ref}` → `{$ref}` → object) for non-schema objects
 * such as parameters, responses or messages. Schemas are never resolved this way: the IR points
 * at the schema node itself, `$ref` included.
 */
export function resolveObject(document: unknown, node: unknown, pointer: string): Resolution {
  const seen = new Set<string>();
  let summary: string | undefined;
  let description: string | undefined;
  let current = node;
  let at = pointer;
  while (isRecord(current) && typeof current.$ref === 'string') {
    summary ??= stringOf(current.summary);
    description ??= stringOf(current.description);
    const target = refPointer(current.$ref);
    if (target === undefined) return { ok: false, reason: `cannot follow non-local $ref ${JSON.stringify(current.$ref)}`, pointer: at };
    if (seen.has(target)) return { ok: false, reason: `$ref cycle through ${JSON.stringify(current.$ref)}`, pointer: at };
    seen.add(target);
    const next = getAt(document, target);
    if (next === undefined) return { ok: false, reason: `$ref ${JSON.stringify(current.$ref)} points at nothing`, pointer: at };
    current = next;
    at = target;
  }
  if (!isRecord(current)) return { ok: false, reason: 'expected an object', pointer: at };
  const resolution: Resolution = { ok: true, node: current, pointer: at };
  if (summary !== undefined) resolution.summary = summary;
  if (description !== undefined) resolution.description = description;
  return resolution;
}
