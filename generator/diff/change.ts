import type { IrLocation } from '../ir/types.js';

/** How much a change can hurt a consumer built against the old spec. */
export type ChangeLevel = 'breaking' | 'warning' | 'info';

/** Which side of an exchange a change is on: what the caller sends, or what it receives. */
export type Direction = 'request' | 'response';

/** One classified difference between two versions of a spec. */
export interface Change {
  /** Rule id from the catalogue (`rules.ts`), e.g. `property-removed`. */
  id: string;
  level: ChangeLevel;
  direction?: Direction;
  /** Where the change is in the old spec (absent for pure additions). */
  old?: IrLocation;
  /** Where the change is in the new spec (absent for pure removals). */
  new?: IrLocation;
  /** One sentence. */
  message: string;
  /** The operations or methods (with their request/response part) the change reaches, sorted. */
  sites?: string[];
}

export const LEVELS: readonly ChangeLevel[] = ['breaking', 'warning', 'info'];

export type ChangeCounts = Record<ChangeLevel, number>;

export function countChanges(changes: readonly Change[]): ChangeCounts {
  const counts: ChangeCounts = { breaking: 0, warning: 0, info: 0 };
  for (const change of changes) counts[change.level]++;
  return counts;
}
