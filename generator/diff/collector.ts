import { compareStrings } from '../ir/values.js';
import type { Change, Direction } from './change.js';
import { LEVELS } from './change.js';
import { RULES, levelOf, ruleById, type RuleId } from './rules.js';
import { locate, type DiffSide } from './side.js';

/** A change as a comparer finds it: pointers rather than locations, no level yet. */
export interface Finding {
  rule: RuleId;
  direction?: Direction;
  /** Pointer into the old document. */
  old?: string;
  /** Pointer into the new document. */
  new?: string;
  /** The change, without the sites it reaches and without a final period. */
  text: string;
  /** The operation or method it was found through, and which part of it, e.g. `200 response`. */
  site?: Site;
}

export interface Site {
  /** Operation id (REST) or method name (MQTT). */
  operation: string;
  part?: string;
}

const SITES_SHOWN = 3;
const RULE_ORDER: ReadonlyMap<string, number> = new Map(RULES.map((r, index) => [r.id, index]));

/**
 * Gathers findings into changes. A component schema shared by many operations is one change,
 * not one per operation: findings with the same rule, direction and pointers merge and keep
 * the first text, listing every site.
 */
export class ChangeCollector {
  private readonly merged = new Map<string, { finding: Finding; sites: Map<string, Site> }>();

  constructor(
    private readonly oldSide: DiffSide,
    private readonly newSide: DiffSide,
  ) {}

  add(finding: Finding): void {
    const key = JSON.stringify([finding.rule, finding.direction ?? '', finding.old ?? null, finding.new ?? null]);
    let entry = this.merged.get(key);
    if (!entry) {
      entry = { finding, sites: new Map() };
      this.merged.set(key, entry);
    }
    if (finding.site !== undefined) entry.sites.set(siteText(finding.site), finding.site);
  }

  changes(): Change[] {
    const changes = [...this.merged.values()].map(({ finding, sites }) =>
      this.change(finding, [...sites.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([, site]) => site)),
    );
    return changes.sort(compareChanges);
  }

  private change(finding: Finding, sites: Site[]): Change {
    const rule = ruleById(finding.rule);
    const change: Change = { id: rule.id, level: levelOf(rule, finding.direction), message: sentence(finding.text, sites) };
    if (finding.direction !== undefined) change.direction = finding.direction;
    if (finding.old !== undefined) change.old = locate(this.oldSide, finding.old);
    if (finding.new !== undefined) change.new = locate(this.newSide, finding.new);
    if (sites.length > 0) change.sites = sites.map(siteText);
    return change;
  }
}

function siteText(site: Site): string {
  return site.part === undefined ? site.operation : `${site.operation} ${site.part}`;
}

/** The text, then where: the one site in full, or the operations of several. */
function sentence(text: string, sites: Site[]): string {
  const capitalised = text.charAt(0).toUpperCase() + text.slice(1);
  if (sites.length === 0) return `${capitalised}.`;
  if (sites.length === 1) return `${capitalised} (in ${siteText(sites[0]!)}).`;
  const operations = [...new Set(sites.map((s) => s.operation))];
  const shown = operations.slice(0, SITES_SHOWN).map((o) => `\`${o}\``).join(', ');
  const more = operations.length > SITES_SHOWN ? ` and ${operations.length - SITES_SHOWN} more` : '';
  return `${capitalised} (in ${shown}${more}).`;
}

/** Breaking first, then by rule (catalogue order), then by position in the old (else new) spec. */
function compareChanges(a: Change, b: Change): number {
  const at = (c: Change) => c.old ?? c.new;
  const la = at(a);
  const lb = at(b);
  return (
    LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level) ||
    RULE_ORDER.get(a.id)! - RULE_ORDER.get(b.id)! ||
    (la?.line ?? 0) - (lb?.line ?? 0) ||
    (la?.col ?? 0) - (lb?.col ?? 0) ||
    compareStrings(a.message, b.message)
  );
}
