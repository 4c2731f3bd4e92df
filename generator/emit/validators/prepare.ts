import { addProtoPatterns, type ProtoPattern } from '../../load/proto-properties.js';
import { visitStructure } from '../../load/walk.js';
import { SPEC_ID } from './fragment.js';
import { bareRefTarget, followBareRefs, valueAt } from './ref-chain.js';

/**
 * Readies a copy of the IR document for ajv, without moving any schema:
 * - a chain of bare `$ref`s that loops (`A: {$ref: A}`) constrains nothing, but sends ajv's
 *   resolver round in circles; the `$ref` that closes the loop is dropped;
 * - every internal `$ref` becomes absolute (`#/…` → `spec#/…`, the same target). ajv reports an
 *   error found in a schema it inlined (boolean schemas always are) at the `$ref` as written, so
 *   every such path is absolute and only the paths relative to a compiled function need rewriting;
 * - a property named `__proto__` is also put where ajv checks it (see `addProtoPatterns`, whose
 *   list is returned so that error paths can name the spec's place).
 */
export function prepareDocument(copy: Record<string, unknown>, isKeyword: (key: string) => boolean): ProtoPattern[] {
  const refs: { node: Record<string, unknown>; pointer: string }[] = [];
  visitStructure(copy, (node, pointer, isNameMap) => {
    if (!isNameMap && typeof node.$ref === 'string' && node.$ref.startsWith('#')) refs.push({ node, pointer });
  });
  for (const { pointer } of refs) {
    const end = valueAt(copy, followBareRefs(copy, pointer, isKeyword)) as Record<string, unknown>;
    const target = bareRefTarget(end, isKeyword);
    // The chain stopped at a bare `$ref` whose target exists: it loops.
    if (target !== undefined && valueAt(copy, target) !== undefined) delete end.$ref;
  }
  for (const { node } of refs) if (typeof node.$ref === 'string') node.$ref = SPEC_ID + node.$ref;
  return addProtoPatterns(copy);
}
