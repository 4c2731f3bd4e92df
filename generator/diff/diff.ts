import { ChangeCollector } from './collector.js';
import { countChanges, type Change, type ChangeCounts } from './change.js';
import type { DiffContext } from './context.js';
import { diffErrorCatalogue } from './error-catalogue-diff.js';
import { diffMethods } from './methods-diff.js';
import { diffOperations } from './operations-diff.js';
import { ruleById, type RuleId } from './rules.js';
import { SchemaComparer } from './schema-diff.js';
import { diffSecuritySchemes } from './security-diff.js';
import type { DiffSide } from './side.js';

export type VersionBump = 'major' | 'minor' | 'patch' | 'none';

export interface SpecSummary {
  file: string;
  kind: 'openapi' | 'asyncapi';
  title: string;
  version: string;
}

export interface DiffReport {
  old: SpecSummary;
  new: SpecSummary;
  changes: Change[];
  counts: ChangeCounts;
  /** The semantic-version step the changes call for. */
  bump: VersionBump;
}

/** Classifies every difference between two versions of a spec (OpenAPI or AsyncAPI, through the IR). */
export function diffSpecs(oldSide: DiffSide, newSide: DiffSide): DiffReport {
  const ctx: DiffContext = {
    old: oldSide,
    new: newSide,
    schemas: new SchemaComparer(oldSide.ir.document, newSide.ir.document),
    out: new ChangeCollector(oldSide, newSide),
  };
  diffOperations(ctx);
  diffMethods(ctx);
  diffSecuritySchemes(ctx);
  diffErrorCatalogue(ctx);
  const changes = ctx.out.changes();
  return { old: summary(oldSide), new: summary(newSide), changes, counts: countChanges(changes), bump: suggestBump(changes) };
}

/** Major for anything breaking, minor when something was added, patch for any other change. */
export function suggestBump(changes: readonly Change[]): VersionBump {
  if (changes.length === 0) return 'none';
  if (changes.some((c) => c.level === 'breaking')) return 'major';
  if (changes.some((c) => ruleById(c.id as RuleId).addition)) return 'minor';
  return 'patch';
}

function summary(side: DiffSide): SpecSummary {
  return { file: side.ir.file, kind: side.ir.kind, title: side.ir.title, version: side.ir.version };
}
