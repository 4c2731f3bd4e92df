import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Code, GizwitsError } from './errors.js';
import { GroupTree, MAX_MACS_PER_UPDATE } from './groups.js';

const MACS = ['aa', 'bb', 'cc', 'dd', 'ee'];
const known = (mac: string) => MACS.includes(mac);

/** One step on a tree whose groups are referred to by index into the groups created so far. */
type Step =
  | { kind: 'create'; parent: number | null }
  | { kind: 'delete'; group: number }
  | { kind: 'assign'; group: number; macs: string[]; reassign: boolean }
  | { kind: 'unassign'; group: number; macs: string[] };

const macList = fc.array(fc.constantFrom(...MACS, 'unknown'), { minLength: 1, maxLength: 4 });
const index = fc.nat({ max: 7 });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), parent: fc.option(index, { nil: null }) }),
  fc.record({ kind: fc.constant('delete' as const), group: index }),
  fc.record({ kind: fc.constant('assign' as const), group: index, macs: macList, reassign: fc.boolean() }),
  fc.record({ kind: fc.constant('unassign' as const), group: index, macs: macList }),
);

function apply(tree: GroupTree, gids: string[], s: Step): void {
  // An index past the groups created so far names a group that never existed.
  const gid = (i: number) => gids[i] ?? `missing-${i}`;
  if (s.kind === 'create') gids.push(tree.create(`g${gids.length}`, s.parent === null ? undefined : gid(s.parent)));
  else if (s.kind === 'delete') tree.delete(gid(s.group));
  else if (s.kind === 'assign') tree.assign(gid(s.group), s.macs, { reassign: s.reassign, known });
  else tree.unassign(gid(s.group), s.macs);
}

function expectInvariants(tree: GroupTree): void {
  const parents = tree.tree();
  expect(Object.values(parents).filter((p) => p === '').length).toBeLessThanOrEqual(1);
  for (const parent of Object.values(parents)) if (parent !== '') expect(parents).toHaveProperty(parent);
  const placed = Object.keys(parents).flatMap((gid) => tree.macs(gid));
  expect(new Set(placed).size).toBe(placed.length);
  for (const mac of placed) expect(known(mac)).toBe(true);
  for (const gid of Object.keys(parents)) for (const mac of tree.macs(gid)) expect(tree.groupOf(mac)).toBe(gid);
}

describe('GroupTree', () => {
  it('keeps one root, existing parents and one group per MAC under any sequence of calls', () => {
    const allowed = new Set<number>([
      Code.parentGroupNotExist,
      Code.rootGroupExists,
      Code.groupHasSubgroup,
      Code.groupHasDevices,
      Code.groupNotExist,
    ]);
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const tree = new GroupTree();
        const gids: string[] = [];
        for (const s of steps) {
          const before = JSON.stringify([tree.tree(), Object.keys(tree.tree()).map((g) => tree.macs(g))]);
          try {
            apply(tree, gids, s);
          } catch (error) {
            if (!(error instanceof GizwitsError) || !allowed.has(error.code)) throw error;
            // A refused call changes nothing.
            expect(JSON.stringify([tree.tree(), Object.keys(tree.tree()).map((g) => tree.macs(g))])).toBe(before);
          }
          expectInvariants(tree);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('lists the MACs of a group and of all its descendants', () => {
    const tree = new GroupTree();
    tree.create('root');
    tree.create('a', 'root');
    tree.create('a1', 'a');
    tree.create('b', 'root');
    tree.assign('a1', ['aa'], { reassign: false, known });
    tree.assign('b', ['bb'], { reassign: false, known });
    tree.assign('root', ['cc'], { reassign: false, known });
    expect([...tree.subtreeMacs('a')]).toEqual(['aa']);
    expect([...tree.subtreeMacs('root')].sort()).toEqual(['aa', 'bb', 'cc']);
  });

  it('refuses an empty MAC list and more than the maximum', () => {
    const tree = new GroupTree();
    tree.create('root');
    for (const macs of [[], Array.from({ length: MAX_MACS_PER_UPDATE + 1 }, (_, i) => `m${i}`)]) {
      expect(() => tree.assign('root', macs, { reassign: true, known })).toThrow(expect.objectContaining({ code: Code.formInvalid }));
    }
  });
});
