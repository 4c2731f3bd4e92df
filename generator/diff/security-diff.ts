import type { IrOperation } from '../ir/types.js';
import { joinPointer } from '../load/pointer.js';
import { firstPresent, type DiffContext } from './context.js';
import type { DiffSide } from './side.js';

/**
 * Security is a choice (OR) of requirement sets (AND). A caller that met some old alternative
 * still gets in when a new alternative asks for a subset of it; otherwise the requirements grew.
 */
export function diffSecurity(ctx: DiffContext, before: IrOperation, after: IrOperation): void {
  const oldAlternatives = alternatives(before.security);
  const newAlternatives = alternatives(after.security);
  if (key(oldAlternatives) === key(newAlternatives)) return;
  const stillEnough = oldAlternatives.every((credentials) => newAlternatives.some((needed) => needed.every((scheme) => credentials.includes(scheme))));
  ctx.out.add({
    rule: stillEnough ? 'security-requirement-removed' : 'security-requirement-added',
    old: securityPointer(ctx.old, before),
    new: securityPointer(ctx.new, after),
    text: `security changed from ${securityText(oldAlternatives)} to ${securityText(newAlternatives)}`,
    site: { operation: after.id },
  });
}

/** Security schemes of the same name: a changed type, location, parameter name or HTTP scheme breaks callers. */
export function diffSecuritySchemes(ctx: DiffContext): void {
  const after = new Map(ctx.new.ir.securitySchemes.map((s) => [s.name, s]));
  for (const scheme of ctx.old.ir.securitySchemes) {
    const counterpart = after.get(scheme.name);
    if (!counterpart) continue;
    const fields = (['type', 'in', 'paramName', 'scheme'] as const).filter((field) => scheme[field] !== counterpart[field]);
    if (fields.length === 0) continue;
    const changes = fields.map((field) => `${field} ${scheme[field] ?? 'none'} → ${counterpart[field] ?? 'none'}`).join(', ');
    ctx.out.add({ rule: 'security-scheme-changed', old: scheme.location.pointer, new: counterpart.location.pointer, text: `security scheme \`${scheme.name}\` changed (${changes})` });
  }
}

/** `[]` (no requirement) is one alternative that asks for nothing. */
function alternatives(security: string[][]): string[][] {
  const list = security.length === 0 ? [[]] : security;
  return list.map((set) => [...set].sort());
}

function key(list: string[][]): string {
  return JSON.stringify(list.map((set) => set.join('+')).sort());
}

function securityText(list: string[][]): string {
  return list.map((set) => (set.length === 0 ? 'no credentials' : set.join(' + '))).join(' or ');
}

function securityPointer(side: DiffSide, op: IrOperation): string {
  return firstPresent(side, [joinPointer(op.location.pointer, 'security'), '/security'], op.location.pointer);
}
