import { refId, type Node } from './model.js';

/**
 * Which references between named schemas close a cycle: a reference from `a` to `b` does when
 * both lie in the same strongly connected component of the reference graph and that component
 * has a cycle. Those references need a depth bound (valid values) and are not followed when
 * building invalid values, which keeps the invalid arbitraries an acyclic chain of constants.
 */
export class Cycles {
  private readonly component = new Map<string, number>();
  private readonly cyclic = new Set<number>();

  /** `definitions`: each referenced schema's node by `refId`; references are read from them. */
  constructor(definitions: ReadonlyMap<string, Node>) {
    const edges = new Map<string, string[]>();
    for (const [name, node] of definitions) edges.set(name, [...referencesOf(node)].filter((n) => definitions.has(n)));
    this.tarjan(edges);
    const sizes = new Map<number, number>();
    for (const c of this.component.values()) sizes.set(c, (sizes.get(c) ?? 0) + 1);
    for (const [name, targets] of edges) {
      const own = this.component.get(name) as number;
      if ((sizes.get(own) as number) > 1 || targets.includes(name)) this.cyclic.add(own);
    }
  }

  /** Whether a reference from `from` to `to` (both `refId`s) closes a cycle. */
  closes(from: string, to: string): boolean {
    const c = this.component.get(from);
    return c !== undefined && c === this.component.get(to) && this.cyclic.has(c);
  }

  /** Iterative Tarjan: large specs have long reference chains. */
  private tarjan(edges: ReadonlyMap<string, string[]>): void {
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const onStack = new Set<string>();
    const stack: string[] = [];
    let counter = 0;
    let components = 0;
    for (const root of edges.keys()) {
      if (index.has(root)) continue;
      const work: [string, number][] = [[root, 0]];
      while (work.length > 0) {
        const frame = work[work.length - 1] as [string, number];
        const [name, next] = frame;
        if (next === 0) {
          index.set(name, counter);
          low.set(name, counter++);
          stack.push(name);
          onStack.add(name);
        }
        const targets = edges.get(name) ?? [];
        if (next < targets.length) {
          frame[1] = next + 1;
          const target = targets[next] as string;
          if (!index.has(target)) work.push([target, 0]);
          else if (onStack.has(target)) low.set(name, Math.min(low.get(name) as number, index.get(target) as number));
          continue;
        }
        work.pop();
        const parent = work[work.length - 1];
        if (parent) low.set(parent[0], Math.min(low.get(parent[0]) as number, low.get(name) as number));
        if (low.get(name) === index.get(name)) {
          for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
            onStack.delete(member);
            this.component.set(member, components);
            if (member === name) break;
          }
          components++;
        }
      }
    }
  }
}

/** `refId`s of the schemas a node refers to, without entering their definitions. */
function referencesOf(root: Node): Set<string> {
  const names = new Set<string>();
  const seen = new Set<Node>();
  const stack: Node[] = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (seen.has(node)) continue;
    seen.add(node);
    switch (node.kind) {
      case 'ref':
        names.add(refId(node));
        break;
      case 'alt':
        stack.push(...node.branches);
        break;
      case 'typed':
        stack.push(...node.prefixItems, ...node.properties.map((p) => p.node), ...node.patternProperties.map((p) => p.node));
        for (const child of [node.items, node.additional, node.propertyNames]) if (child) stack.push(child);
        break;
      case 'never':
        break;
    }
  }
  return names;
}
