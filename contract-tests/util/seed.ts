/** Seeds of a run: one printed seed, from which each operation's own seed is derived. */

/** A fresh 31-bit seed, printed so the run can be repeated with `--seed`. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 0x7fffffff);
}

/**
 * The seed of one target (operation, method, model): the same for a given run seed whatever
 * other targets the run includes, so `--operations` narrows a run without changing its samples.
 */
export function targetSeed(seed: number, target: string): number {
  let hash = 0x811c9dc5 ^ seed;
  for (let i = 0; i < target.length; i++) hash = Math.imul(hash ^ target.charCodeAt(i), 0x01000193);
  return (hash >>> 0) & 0x7fffffff;
}
