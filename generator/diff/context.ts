import { hasAt } from '../load/pointer.js';
import type { ChangeCollector, Site } from './collector.js';
import type { SchemaComparer, SchemaFinding } from './schema-diff.js';
import type { DiffSide } from './side.js';

/** What every part of the diff needs: both sides, the schema comparer and the sink. */
export interface DiffContext {
  old: DiffSide;
  new: DiffSide;
  schemas: SchemaComparer;
  out: ChangeCollector;
}

/** Adds a schema comparison's findings, each tagged with the site it was reached through. */
export function addSchemaFindings(ctx: DiffContext, findings: readonly SchemaFinding[], site: Site): void {
  for (const finding of findings) ctx.out.add({ ...finding, site });
}

/** The first of `candidates` present in the side's document, else `fallback`: where a setting was written. */
export function firstPresent(side: DiffSide, candidates: readonly string[], fallback: string): string {
  return candidates.find((pointer) => hasAt(side.ir.document, pointer)) ?? fallback;
}
