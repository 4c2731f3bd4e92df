import type { IrNamedSchema } from '../../ir/types.js';
import { call, raw, str, type Code } from './code.js';
import { Cycles } from './cycles.js';
import type { InvalidCompiler, InvalidScope } from './invalid.js';
import { refId, type Node, type RefNode } from './model.js';
import type { Schemas } from './schemas.js';
import type { ValidCompiler } from './valid.js';

/** A schema with an arbitrary of its own: a named one (exported), or a recursive inline one. */
interface Target {
  key: string;
  node: Node;
  exported: boolean;
}

export interface NamedArbitrary {
  key: string;
  /** Code of the arbitrary inside `fc.letrec`, where references are `tie('<key>')`. */
  code: Code;
  notes: Set<string>;
}

export interface MutationList {
  ref: RefNode;
  code: Code[];
  notes: Set<string>;
}

/**
 * The arbitraries of named schemas (and of recursive inline schemas), which reference each
 * other: valid ones inside one `fc.letrec`, with depth bounds where references close a cycle;
 * mutation lists in dependency order, never following a reference that closes a cycle.
 */
export class NamedSchemas {
  private readonly targets = new Map<string, Target>();
  private readonly cycles: Cycles;
  private readonly lists = new Map<string, MutationList | null>();
  private readonly order: MutationList[] = [];

  /** Build every request schema first (`requestPointers`) so every recursive inline schema is known. */
  constructor(
    named: readonly IrNamedSchema[],
    key: (name: string) => string,
    requestPointers: readonly string[],
    schemas: Schemas,
    private readonly valid: ValidCompiler,
    private readonly invalid: InvalidCompiler,
  ) {
    for (const s of named) this.targets.set(refId(refTo(s)), { key: key(s.name), node: schemas.at(s.schema.pointer), exported: true });
    for (const pointer of requestPointers) schemas.at(pointer);
    for (const ref of schemas.inlineReferences()) this.targets.set(refId(ref), { key: ref.name, node: schemas.at(ref.target), exported: false });
    this.cycles = new Cycles(new Map([...this.targets].map(([id, t]) => [id, t.node])));
  }

  /** Every letrec entry: named schemas in the given order, then recursive inline ones. */
  letrecEntries(): NamedArbitrary[] {
    return [...this.targets].map(([id, t]) => {
      const scope = {
        ref: (ref: RefNode) => call('tie', str(this.target(ref).key)),
        cyclic: (ref: RefNode) => this.cycles.closes(id, refId(ref)),
        notes: new Set<string>(),
      };
      const compiled = this.valid.valid(t.node, 'json', scope);
      if (compiled?.recursive) scope.notes.add('its recursion passes only through required values and cannot be bounded');
      const reason = t.node.kind === 'never' ? t.node.reason : `no value satisfies ${t.key}`;
      return { key: t.key, code: compiled?.code ?? call('A.unsatisfiable', str(reason)), notes: scope.notes };
    });
  }

  /** The mutation lists of the named schemas that have one, each after those it uses. */
  mutationLists(named: readonly IrNamedSchema[]): MutationList[] {
    for (const s of named) this.listOf(refTo(s));
    return this.order;
  }

  /** A scope outside the letrec: references are the exported `arb<S>`, mutation lists `mutations<S>`. */
  outside(from?: string): InvalidScope {
    return {
      ref: (ref) => raw(this.arbName(ref)),
      cyclic: () => false,
      mutationsRef: (ref) => {
        if (from !== undefined && this.cycles.closes(from, refId(ref))) return undefined;
        return this.listOf(ref) ? raw(this.mutationsName(ref)) : undefined;
      },
      notes: new Set(),
    };
  }

  arbName(ref: RefNode): string {
    const t = this.target(ref);
    return t.exported ? `arb${t.key}` : `named.${t.key}`;
  }

  invalidName(ref: RefNode): string {
    return `invalid${this.target(ref).key}`;
  }

  mutationsName(ref: RefNode): string {
    return `mutations${this.target(ref).key}`;
  }

  key(ref: RefNode): string {
    return this.target(ref).key;
  }

  private listOf(ref: RefNode): boolean {
    const id = refId(ref);
    if (!this.lists.has(id)) {
      this.lists.set(id, null);
      const t = this.target(ref);
      const scope = this.outside(id);
      const code = t.exported ? this.invalid.mutations(t.node, 'json', scope) : [];
      const list = code.length > 0 ? { ref, code, notes: scope.notes } : null;
      this.lists.set(id, list);
      if (list) this.order.push(list);
    }
    return this.lists.get(id) !== null;
  }

  private target(ref: RefNode): Target {
    const t = this.targets.get(refId(ref));
    if (!t) throw new Error(`no arbitrary for ${ref.target}`);
    return t;
  }
}

export function refTo(schema: IrNamedSchema): RefNode {
  return { kind: 'ref', name: schema.name, target: schema.schema.pointer };
}
