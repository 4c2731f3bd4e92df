/**
 * Geographical distributions: country → region → city, each level carrying the figures of the
 * items below it (`{ count: 3 }`, `{ count: { total, resolved, unresolved } }`, …).
 */

import type { Place } from './model.js';

/** One level: its figures, and the places below it by name. */
export type PlaceTree<F> = F & { [place: string]: PlaceTree<F> | F[keyof F] };

export function nestByPlace<T, F extends object>(items: readonly T[], placeOf: (item: T) => Place | null, figures: (items: T[]) => F): Record<string, PlaceTree<F>> {
  const level = (inPlace: T[], below: [string, PlaceTree<F>][]): PlaceTree<F> => ({ ...figures(inPlace), ...Object.fromEntries(below) }) as PlaceTree<F>;
  return Object.fromEntries(
    groupBy(items, (i) => placeOf(i)?.country).map(([country, inCountry]) => [
      country,
      level(
        inCountry,
        groupBy(inCountry, (i) => placeOf(i)!.region).map(([region, inRegion]) => [
          region,
          level(
            inRegion,
            groupBy(inRegion, (i) => placeOf(i)!.city).map(([city, inCity]) => [city, level(inCity, [])]),
          ),
        ]),
      ),
    ]),
  );
}

/** Items by key, keys sorted (answers do not depend on insertion order); items without a key are left out. */
function groupBy<T>(items: readonly T[], keyOf: (item: T) => string | undefined): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === undefined) continue;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
