import { beforeAll, describe, expect, it } from 'vitest';
import { diffSpecs } from '../../generator/diff/diff.js';
import { RULES } from '../../generator/diff/rules.js';
import type { DiffSide } from '../../generator/diff/side.js';
import { hasAt } from '../../generator/load/pointer.js';
import { changeKeys, fixturePairs, loadSide } from './helpers.js';

const pairs = fixturePairs();
const sides = new Map<string, [DiffSide, DiffSide]>();

beforeAll(async () => {
  for (const pair of pairs) sides.set(pair.name, [await loadSide(pair.oldFile), await loadSide(pair.newFile)]);
}, 120_000);

describe.each(pairs)('fixture $name', (pair) => {
  it('old → new reports exactly the expected changes', () => {
    const [before, after] = sides.get(pair.name)!;
    expect(changeKeys(diffSpecs(before, after).changes)).toEqual(pair.forward);
  });

  it('new → old reports exactly the expected changes', () => {
    const [before, after] = sides.get(pair.name)!;
    expect(changeKeys(diffSpecs(after, before).changes)).toEqual(pair.reverse);
  });

  it('locates every change at a pointer of its document, at that pointer\'s line and column', () => {
    const [before, after] = sides.get(pair.name)!;
    for (const [a, b] of [[before, after], [after, before]] as const) {
      for (const change of diffSpecs(a, b).changes) {
        expect(change.old ?? change.new).toBeDefined();
        for (const [location, side] of [[change.old, a], [change.new, b]] as const) {
          if (!location) continue;
          expect(hasAt(side.ir.document, location.pointer), `${change.id}: ${location.pointer}`).toBe(true);
          const { line, col, file } = side.source.positionOf(location.pointer);
          expect(location).toEqual({ file, line, col, pointer: location.pointer });
        }
      }
    }
  });
});

describe('the fixtures', () => {
  const expectedIds = new Set(pairs.flatMap((p) => [...p.forward, ...p.reverse]).map((key) => key.split(' ')[1]!));

  it('exercise every rule of the catalogue', () => {
    expect(RULES.map((r) => r.id).filter((id) => !expectedIds.has(id))).toEqual([]);
  });

  it('expect only rules of the catalogue', () => {
    const known = new Set<string>(RULES.map((r) => r.id));
    expect([...expectedIds].filter((id) => !known.has(id))).toEqual([]);
  });
});
