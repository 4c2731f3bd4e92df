import {
  allowedTypes,
  isTypeOnly,
  isUnconstrained,
  never,
  type AltNode,
  type At,
  type Bound,
  type JsonType,
  type Node,
  type Property,
  type RefNode,
  type TypedNode,
} from './model.js';

/** Finds the definition behind a reference to a named schema. */
export interface Resolver {
  resolve(node: RefNode): Node;
}

/** Follows references (alias chains included) to a node that is not a reference. */
export function resolveDeep(node: Node, resolver: Resolver): Node {
  let current = node;
  for (let hops = 0; current.kind === 'ref'; hops++) {
    if (hops > 32) return never(`the $ref chain through ${current.name} does not end`);
    current = resolver.resolve(current);
  }
  return current;
}

/** The conjunction of two schemas (`allOf`), as one node. */
export function merge(a: Node, b: Node, resolver: Resolver): Node {
  if (a.kind === 'never') return a;
  if (b.kind === 'never') return b;
  if (a.kind === 'typed' && isUnconstrained(a)) return b;
  if (b.kind === 'typed' && isUnconstrained(b)) return a;
  if (a.kind === 'ref' && b.kind === 'ref' && a.name === b.name) return a;
  // `{type: object}` next to a `$ref` to an object schema adds nothing: keep the reference.
  if (a.kind === 'typed' && isTypeOnly(a) && typesWithin(b, allowedTypes(a), resolver)) return b;
  if (b.kind === 'typed' && isTypeOnly(b) && typesWithin(a, allowedTypes(b), resolver)) return a;
  if (a.kind === 'alt') return distribute(a, b, resolver);
  if (b.kind === 'alt') return distribute(b, a, resolver);
  const left = a.kind === 'ref' ? resolveDeep(a, resolver) : a;
  const right = b.kind === 'ref' ? resolveDeep(b, resolver) : b;
  if (left.kind !== 'typed' || right.kind !== 'typed') return merge(left, right, resolver);
  return mergeTyped(left, right, resolver);
}

/** Whether every value of `node` has one of `types` (`undefined`: any type). */
function typesWithin(node: Node, types: Set<JsonType> | undefined, resolver: Resolver): boolean {
  if (types === undefined) return true;
  const target = resolveDeep(node, resolver);
  if (target.kind === 'never') return true;
  if (target.kind === 'alt') return target.branches.every((b) => typesWithin(b, types, resolver));
  if (target.kind !== 'typed') return false;
  const own = allowedTypes(target);
  return own !== undefined && [...own].every((t) => types.has(t));
}

function distribute(alt: AltNode, other: Node, resolver: Resolver): Node {
  const branches = alt.branches.map((b) => merge(b, other, resolver)).filter((b) => b.kind !== 'never');
  if (branches.length === 0) return never(`no branch of ${alt.pointer} fits the other constraints`);
  const merged: AltNode = { ...alt, branches };
  return alt.keyword === 'oneOf' ? separateBranches(merged, resolver) : merged;
}

function mergeTyped(a: TypedNode, b: TypedNode, resolver: Resolver): Node {
  const node: TypedNode = {
    kind: 'typed',
    pointer: a.pointer,
    types: [...a.types, ...b.types],
    enums: [...a.enums, ...b.enums],
    excluded: [...a.excluded, ...b.excluded],
    minLength: tighter(a.minLength, b.minLength, (x, y) => x >= y),
    maxLength: tighter(a.maxLength, b.maxLength, (x, y) => x <= y),
    patterns: [...a.patterns, ...b.patterns],
    formats: [...a.formats, ...b.formats],
    minimum: tighterBound(a.minimum, b.minimum, 1),
    maximum: tighterBound(a.maximum, b.maximum, -1),
    multipleOf: [...a.multipleOf, ...b.multipleOf],
    prefixItems: mergePrefixes(a, b, resolver),
    items: a.items && b.items ? merge(a.items, b.items, resolver) : (a.items ?? b.items),
    minItems: tighter(a.minItems, b.minItems, (x, y) => x >= y),
    maxItems: tighter(a.maxItems, b.maxItems, (x, y) => x <= y),
    uniqueItems: a.uniqueItems ?? b.uniqueItems,
    properties: [],
    required: [...a.required, ...b.required.filter((r) => !a.required.some((q) => q.value === r.value))],
    additional: a.additional && b.additional ? merge(a.additional, b.additional, resolver) : (a.additional ?? b.additional),
    closed: a.closed ?? b.closed,
    patternProperties: [...a.patternProperties, ...b.patternProperties],
    propertyNames: a.propertyNames && b.propertyNames ? merge(a.propertyNames, b.propertyNames, resolver) : (a.propertyNames ?? b.propertyNames),
    minProperties: tighter(a.minProperties, b.minProperties, (x, y) => x >= y),
    maxProperties: tighter(a.maxProperties, b.maxProperties, (x, y) => x <= y),
    notAll: [...a.notAll, ...b.notAll],
    dependentRequired: [...a.dependentRequired, ...b.dependentRequired],
    unsupported: [...a.unsupported, ...b.unsupported],
  };
  const allowed = allowedTypes(node);
  if (allowed !== undefined && allowed.size === 0) return never(`the types at ${a.pointer} and ${b.pointer} have nothing in common`);

  const names = [...new Set([...a.properties, ...b.properties].map((p) => p.name))];
  for (const name of names) {
    const left = constraintOn(a, name);
    const right = constraintOn(b, name);
    if (left === 'forbidden' || right === 'forbidden') {
      if (node.required.some((r) => r.value === name)) return never(`${name} is required but not allowed by ${a.closed ?? b.closed}`);
      continue;
    }
    const merged = left && right ? merge(left, right, resolver) : (left ?? right);
    if (merged) node.properties.push({ name, node: merged });
  }
  for (const r of node.required) {
    if (names.includes(r.value)) continue;
    if (constraintOn(a, r.value) === 'forbidden' || constraintOn(b, r.value) === 'forbidden') {
      return never(`${r.value} is required but not allowed by ${a.closed ?? b.closed}`);
    }
  }
  return node;
}

/** What `node` says about the key `name`: its schema, nothing, or that it may not appear. */
function constraintOn(node: TypedNode, name: string): Node | 'forbidden' | undefined {
  const declared: Property | undefined = node.properties.find((p) => p.name === name);
  if (declared) return declared.node;
  if (node.patternProperties.some((p) => safeTest(p.pattern, name))) return undefined;
  if (node.closed !== undefined) return 'forbidden';
  return node.additional;
}

function safeTest(pattern: string, text: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(text);
  } catch {
    return false;
  }
}

function mergePrefixes(a: TypedNode, b: TypedNode, resolver: Resolver): Node[] {
  const length = Math.max(a.prefixItems.length, b.prefixItems.length);
  const at = (n: TypedNode, i: number): Node | undefined => n.prefixItems[i] ?? n.items;
  const merged: Node[] = [];
  for (let i = 0; i < length; i++) {
    const left = at(a, i);
    const right = at(b, i);
    merged.push(left && right ? merge(left, right, resolver) : ((left ?? right) as Node));
  }
  return merged;
}

function tighter<T extends At<number>>(a: T | undefined, b: T | undefined, keepA: (x: number, y: number) => boolean): T | undefined {
  if (!a || !b) return a ?? b;
  return keepA(a.value, b.value) ? a : b;
}

/** The stricter of two bounds; `direction` 1 for lower bounds, -1 for upper ones. */
function tighterBound(a: Bound | undefined, b: Bound | undefined, direction: 1 | -1): Bound | undefined {
  if (!a || !b) return a ?? b;
  if (a.value !== b.value) return (a.value - b.value) * direction > 0 ? a : b;
  return a.exclusive || !b.exclusive ? a : b;
}

/**
 * Makes the branches of a `oneOf` disjoint where that is cheap to prove, so a generated value
 * matches exactly one: branches with disjoint types, or with a required key whose `const`/`enum`
 * values differ, need nothing; branches told apart by required keys drop from each branch one
 * optional key the other branch requires. Anything else is marked `overlapping`.
 */
export function separateBranches(alt: AltNode, resolver: Resolver): AltNode {
  const branches = alt.branches.map((b) => resolveDeep(b, resolver));
  const drops: Set<string>[] = branches.map(() => new Set());
  let overlapping = false;
  for (let i = 0; i < branches.length; i++) {
    for (let j = i + 1; j < branches.length; j++) {
      const x = branches[i] as Node;
      const y = branches[j] as Node;
      if (x.kind !== 'typed' || y.kind !== 'typed') {
        overlapping ||= !(x.kind === 'never' || y.kind === 'never');
        continue;
      }
      if (typesDisjoint(x, y) || discriminated(x, y, resolver)) continue;
      const xLacks = firstMissing(y, x);
      const yLacks = firstMissing(x, y);
      if (xLacks === undefined || yLacks === undefined) {
        overlapping = true;
        continue;
      }
      drops[i]?.add(xLacks);
      drops[j]?.add(yLacks);
    }
  }
  if (drops.every((d) => d.size === 0)) return overlapping ? { ...alt, overlapping } : alt;
  const separated = alt.branches.map((b, i) => {
    const keys = drops[i] as Set<string>;
    const target = branches[i] as Node;
    if (keys.size === 0 || target.kind !== 'typed') return b;
    return { ...target, notAll: [...target.notAll, ...[...keys].map((k) => [k])] };
  });
  return overlapping ? { ...alt, branches: separated, overlapping } : { ...alt, branches: separated };
}

function typesDisjoint(x: TypedNode, y: TypedNode): boolean {
  const tx = allowedTypes(x);
  const ty = allowedTypes(y);
  return tx !== undefined && ty !== undefined && ![...tx].some((t) => ty.has(t));
}

/** A key required by both whose allowed values (from `const`/`enum`) do not meet. */
function discriminated(x: TypedNode, y: TypedNode, resolver: Resolver): boolean {
  return x.required.some((r) => {
    if (!y.required.some((q) => q.value === r.value)) return false;
    const vx = constValues(x.properties.find((p) => p.name === r.value)?.node, resolver);
    const vy = constValues(y.properties.find((p) => p.name === r.value)?.node, resolver);
    if (!vx || !vy) return false;
    const texts = new Set(vx.map((v) => JSON.stringify(v)));
    return !vy.some((v) => texts.has(JSON.stringify(v)));
  });
}

function constValues(node: Node | undefined, resolver: Resolver): unknown[] | undefined {
  const target = node && resolveDeep(node, resolver);
  if (target?.kind !== 'typed' || target.enums.length === 0) return undefined;
  return target.enums.reduce<unknown[]>(
    (acc, e) => acc.filter((v) => e.value.some((w) => JSON.stringify(w) === JSON.stringify(v))),
    target.enums[0]?.value ?? [],
  );
}

/**
 * A key `other` requires that `branch` does not, so dropping it from `branch` keeps its values
 * out of `other`; undefined when every key `other` requires is required by `branch` too.
 */
function firstMissing(other: TypedNode, branch: TypedNode): string | undefined {
  return other.required.find((r) => !branch.required.some((q) => q.value === r.value))?.value;
}
