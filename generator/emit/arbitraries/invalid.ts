import { scalarMutations } from './candidates.js';
import { regex, type Mode } from './check.js';
import { array, call, json, line, raw, render, str, type Code } from './code.js';
import { stringLiteral } from '../shared/escape.js';
import { allowedTypes, type Node, type RefNode, type TypedNode } from './model.js';
import type { Schemas } from './schemas.js';
import { distinctValues, type Scope, type ValidCompiler } from './valid.js';

/** Where mutations are compiled: a valid scope, plus the mutation lists of named schemas. */
export interface InvalidScope extends Scope {
  /** Code of a referenced schema's mutation list, or undefined when there is none (or it would recurse). */
  mutationsRef(node: RefNode): Code | undefined;
}

/** Where in the value a node's mutations apply, and what may change there. */
interface Place {
  /** Path from the mutated value to the node (keys, indexes, `A.ITEM`). */
  path: Code[];
  /** Whether the node is an optional property whose key may be added to break it. */
  mayAdd: boolean;
  /** Keys whose presence decides a `oneOf`/`anyOf` branch: never removed. */
  keep: readonly string[];
}

/**
 * Mutation lists as code (`A.replace(…)`, `A.remove(…)`, …): each breaks exactly one keyword of
 * a valid value at one place and leaves the rest valid. Literal replacements are checked against
 * every keyword of their schema; structural changes (a missing or extra key, an array too short,
 * too long or with a repeated item) are only listed where nothing else can notice them. Inside
 * `anyOf`/`oneOf`/`if` nothing is mutated, except in branches that only differ in which keys are
 * present; references to named schemas reuse their lists, except where that would recurse.
 */
export class InvalidCompiler {
  constructor(
    private readonly schemas: Schemas,
    private readonly valid: ValidCompiler,
  ) {}

  /** Mutations of values of `node` (the whole value is the root of their paths). */
  mutations(node: Node, mode: Mode, scope: InvalidScope): Code[] {
    return this.at(node, { path: [], mayAdd: false, keep: [] }, mode, scope);
  }

  /** Mutations of the parameter `name` inside a parameter object. */
  parameter(node: Node, name: string, optional: boolean, mode: Mode, scope: InvalidScope): Code[] {
    return this.at(node, { path: [str(name)], mayAdd: optional, keep: [] }, mode, scope);
  }

  private at(node: Node, place: Place, mode: Mode, scope: InvalidScope): Code[] {
    switch (node.kind) {
      case 'never':
        return [];
      case 'ref': {
        if (mode !== 'json') return this.at(this.schemas.definition(node), place, mode, scope);
        const list = scope.mutationsRef(node);
        return list ? [line('A.within', array(place.path), list)] : [];
      }
      case 'alt': {
        if (!node.presenceKeys || mode !== 'json') return [];
        const keep = [...place.keep, ...node.presenceKeys];
        const all = node.branches.flatMap((b) => {
          const branch = this.schemas.definition(b);
          return branch.kind === 'typed' ? this.typed(branch, { ...place, keep }, mode, scope, false) : [];
        });
        const seen = new Set<string>();
        return all.filter((m) => !seen.has(render(m)) && seen.add(render(m)));
      }
      case 'typed':
        return this.typed(node, place, mode, scope, true);
    }
  }

  private typed(node: TypedNode, place: Place, mode: Mode, scope: InvalidScope, mayChangeType: boolean): Code[] {
    if (node.unsupported.length > 0) return [];
    const mutations: Code[] = [];
    for (const m of scalarMutations(node, mode)) {
      if (!mayChangeType && (m.keyword === 'type' || m.keyword === 'not')) continue;
      const values = m.values.length === 1 ? call('fc.constant', literal(m.values[0])) : call('fc.constantFrom', ...m.values.map(literal));
      const args = [array(place.path), values, str(m.keyword), str(m.schemaPointer), str(m.description)];
      mutations.push(line('A.replace', ...args, ...(place.mayAdd ? [raw('true')] : [])));
    }
    if (mode !== 'json' || node.enums.length > 0 || node.excluded.length > 0) return mutations;
    const types = allowedTypes(node);
    if (types === undefined || types.has('array')) mutations.push(...this.array(node, place, scope));
    if (types === undefined || types.has('object')) mutations.push(...this.object(node, place, scope));
    return mutations;
  }

  private array(node: TypedNode, place: Place, scope: InvalidScope): Code[] {
    const mutations: Code[] = [];
    const path = array(place.path);
    const { minItems, maxItems, uniqueItems } = node;
    const plain = node.prefixItems.length === 0;
    const itemsAllowed = node.items?.kind !== 'never';
    if (minItems && minItems.value > 0) mutations.push(line('A.shrink', path, json(minItems.value), str(minItems.pointer)));
    if (maxItems && plain && itemsAllowed) {
      const fresh = uniqueItems ? this.uniqueItems(node, maxItems.value + 1, scope) : undefined;
      if (!uniqueItems) mutations.push(line('A.grow', path, json(maxItems.value), str(maxItems.pointer)));
      else if (fresh) mutations.push(line('A.grow', path, json(maxItems.value), str(maxItems.pointer), fresh));
    }
    if (uniqueItems && plain && (!maxItems || maxItems.value >= 2)) {
      mutations.push(line('A.repeat', path, str(uniqueItems.pointer), ...(maxItems ? [json(maxItems.value)] : [])));
    }
    node.prefixItems.forEach((item, i) => {
      mutations.push(...this.at(item, { path: [...place.path, json(i)], mayAdd: false, keep: [] }, 'json', scope));
    });
    if (node.items && itemsAllowed) {
      const items = plain ? raw('A.ITEM') : call('A.itemsFrom', json(node.prefixItems.length));
      mutations.push(...this.at(node.items, { path: [...place.path, items], mayAdd: false, keep: [] }, 'json', scope));
    }
    return mutations;
  }

  /** An arbitrary of items for `length` distinct ones, when the item schema has that many values. */
  private uniqueItems(node: TypedNode, length: number, scope: InvalidScope): Code | undefined {
    if (node.items === undefined || distinctValues(this.schemas.definition(node.items)) < length) return undefined;
    return this.valid.valid(node.items, 'json', scope)?.code;
  }

  private object(node: TypedNode, place: Place, scope: InvalidScope): Code[] {
    const mutations: Code[] = [];
    const path = array(place.path);
    // A key another present key depends on (`dependentRequired`) cannot go without breaking that too.
    const depended = new Set(node.dependentRequired.flatMap((d) => d.value));
    if (!node.minProperties) {
      for (const r of node.required) {
        if (!place.keep.includes(r.value) && !depended.has(r.value)) mutations.push(line('A.remove', path, str(r.value), str(r.pointer)));
      }
    }
    if (node.closed !== undefined && !node.maxProperties && !node.propertyNames) {
      const name = this.extraName(node);
      if (name !== undefined) mutations.push(line('A.add', path, str(name), str(node.closed)));
    }
    const required = new Set(node.required.map((r) => r.value));
    const grouped = new Set(node.notAll.flat());
    for (const property of node.properties) {
      if (property.node.kind === 'never' || node.notAll.some((g) => g.length === 1 && g[0] === property.name)) continue;
      // Adding an absent optional key must not complete a `not: {required}` group, need other keys,
      // pass `maxProperties` or pick a branch.
      const triggers = node.dependentRequired.some((d) => d.key === property.name);
      const mayAdd = !required.has(property.name) && !grouped.has(property.name) && !triggers && !node.maxProperties && !place.keep.includes(property.name);
      mutations.push(...this.at(property.node, { path: [...place.path, str(property.name)], mayAdd, keep: [] }, 'json', scope));
    }
    return mutations;
  }

  /** A key no declaration or pattern covers, for `additionalProperties: false`. */
  private extraName(node: TypedNode): string | undefined {
    for (let n = 0; n < 100; n++) {
      const name = n === 0 ? 'unexpected' : `unexpected_${n}`;
      const declared = node.properties.some((p) => p.name === name) || node.required.some((r) => r.value === name);
      if (!declared && !node.patternProperties.some((p) => regex(p.pattern)?.test(name) ?? true)) return name;
    }
    return undefined;
  }
}

/** A mutation value as code; a long run of one character (past `maxLength`) as `"a".repeat(n)`. */
function literal(value: unknown): Code {
  if (typeof value === 'string' && value.length > 40 && [...value].every((c) => c === value[0])) {
    return raw(`${stringLiteral(value[0] as string)}.repeat(${value.length})`);
  }
  return json(value);
}
