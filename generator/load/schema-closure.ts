import { createHash } from 'node:crypto';
import { canonicalPointer, getAt } from './pointer.js';
import { isPlainObject, visitStructure } from './walk.js';

/** Keywords that resolve references by something other than a local JSON pointer. */
const IDENTIFYING = ['$id', '$anchor', '$dynamicAnchor', '$dynamicRef', '$recursiveRef', '$recursiveAnchor'];

const followable = new WeakMap<object, boolean>();

/**
 * What validating against the schemas at `roots` can depend on: each root and every `$ref` target
 * reachable from it, as `[pointer, JSON text]` pairs sorted by pointer. Two documents with the same
 * closure for the same roots compile to the same validators, so compiled code can be reused
 * between two versions of a spec (`generate --watch`) when an edit leaves the closure alone.
 *
 * Undefined when the document resolves references in ways this walk does not follow (`$id`,
 * anchors, dynamic references, references that are not local JSON pointers): callers then do not
 * reuse anything. `$ref`s inside example data are followed too; that only makes the closure larger.
 */
export function schemaClosure(document: unknown, roots: readonly string[]): string | undefined {
  if (!onlyPointerRefs(document)) return undefined;
  const texts = new Map<string, string>();
  const pending = [...roots];
  for (let pointer = pending.pop(); pointer !== undefined; pointer = pending.pop()) {
    if (texts.has(pointer)) continue;
    const node = getAt(document, pointer);
    texts.set(pointer, JSON.stringify(node) ?? 'undefined');
    for (const ref of refsWithin(node)) {
      if (ref !== '#' && !ref.startsWith('#/')) return undefined;
      let target: string;
      try {
        target = canonicalPointer(ref);
      } catch {
        return undefined;
      }
      pending.push(target);
    }
  }
  return JSON.stringify([...texts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * No schema of `document` uses `$id`, anchors or dynamic references, and no object sits at two
 * places (a compiler names a shared object by one of its places, which may lie outside a closure).
 * Remembered per document.
 */
function onlyPointerRefs(document: unknown): boolean {
  if (!isPlainObject(document)) return true;
  let known = followable.get(document);
  if (known === undefined) {
    known = !hasSharedObjects(document);
    visitStructure(document, (node, _pointer, isNameMap) => {
      if (!isNameMap && IDENTIFYING.some((keyword) => Object.hasOwn(node, keyword))) known = false;
    });
    followable.set(document, known);
  }
  return known;
}

function hasSharedObjects(root: unknown): boolean {
  const seen = new Set<object>();
  const stack = [root];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (next === null || typeof next !== 'object') continue;
    if (seen.has(next)) return true;
    seen.add(next);
    stack.push(...(Array.isArray(next) ? next : Object.values(next)));
  }
  return false;
}

/** Every `$ref` string anywhere inside `node`. */
export function refsWithin(node: unknown): string[] {
  const refs: string[] = [];
  const stack = [node];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (Array.isArray(next)) stack.push(...next);
    else if (isPlainObject(next)) {
      if (typeof next.$ref === 'string') refs.push(next.$ref);
      stack.push(...Object.values(next));
    }
  }
  return refs;
}

/**
 * Things compiled lately (validator modules, example validators), by a key made of what their
 * compilation depends on: a `schemaClosure` and whatever goes with it. Bounded: a compiled
 * validator keeps the compiler and document that made it alive, so the oldest entry goes first.
 */
export class RecentlyCompiled<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly limit: number) {}

  /** The key for `parts` (JSON values: a closure, the roots, options…). */
  static keyOf(parts: unknown): string {
    return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  }

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  remember(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.limit) break;
      this.entries.delete(oldest);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
