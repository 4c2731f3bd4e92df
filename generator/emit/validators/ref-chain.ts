import { joinPointer, parsePointer } from '../../load/pointer.js';
import { SPEC_ID } from './fragment.js';

/**
 * The target pointer of a bare internal `$ref` (`#/…`, or `spec#/…` once made absolute): a schema
 * whose only validation keyword is `$ref` (annotations such as `description` do not count;
 * `isKeyword` tells which keys do).
 */
export function bareRefTarget(node: unknown, isKeyword: (key: string) => boolean): string | undefined {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const ref = (node as Record<string, unknown>).$ref;
  if (typeof ref !== 'string') return undefined;
  const fragment = ref.startsWith('#') ? ref : ref.startsWith(`${SPEC_ID}#`) ? ref.slice(SPEC_ID.length) : undefined;
  if (fragment === undefined || !Object.keys(node).every((key) => key === '$ref' || !isKeyword(key))) return undefined;
  return joinPointer('', ...parsePointer(fragment));
}

/**
 * Where a chain of bare `$ref`s starting at `pointer` ends. ajv follows such chains when it
 * resolves a reference, so a bare `$ref` never gets a function of its own. A chain that loops
 * or leads out of the document ends at its last bare `$ref`.
 */
export function followBareRefs(document: unknown, pointer: string, isKeyword: (key: string) => boolean): string {
  const seen = new Set([pointer]);
  for (let current = pointer; ; ) {
    const next = bareRefTarget(valueAt(document, current), isKeyword);
    if (next === undefined || seen.has(next) || valueAt(document, next) === undefined) return current;
    seen.add(next);
    current = next;
  }
}

/** The value at a JSON pointer (segments `~`-escaped, not percent-encoded), or undefined. */
export function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const segment of pointer === '' ? [] : pointer.split('/').slice(1)) {
    const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
