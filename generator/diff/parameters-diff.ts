import type { IrOperation, IrParameter } from '../ir/types.js';
import type { Site } from './collector.js';
import { addSchemaFindings, type DiffContext } from './context.js';

/**
 * Parameters are matched by location and name (header names without case); path parameters by
 * their place in the path template, so a renamed one is the same parameter under a new name.
 */
export function diffParameters(ctx: DiffContext, before: IrOperation, after: IrOperation): void {
  const site: Site = { operation: after.id };
  const remaining = new Map(after.parameters.map((p) => [parameterKey(after, p), p]));
  for (const parameter of before.parameters) {
    const key = parameterKey(before, parameter);
    const counterpart = remaining.get(key);
    const name = `${parameter.in} parameter \`${parameter.name}\``;
    if (!counterpart) {
      ctx.out.add({ rule: 'parameter-removed', old: parameter.location.pointer, new: after.location.pointer, text: `${name} was removed`, site });
      continue;
    }
    remaining.delete(key);
    const pointers = { old: parameter.location.pointer, new: counterpart.location.pointer };
    if (parameter.name !== counterpart.name && parameter.in === 'path') {
      ctx.out.add({ rule: 'path-parameter-renamed', ...pointers, text: `${name} was renamed to \`${counterpart.name}\``, site });
    }
    if (!parameter.required && counterpart.required) ctx.out.add({ rule: 'parameter-became-required', ...pointers, text: `${name} became required`, site });
    if (parameter.required && !counterpart.required) ctx.out.add({ rule: 'parameter-became-optional', ...pointers, text: `${name} became optional`, site });
    if (parameter.schema && counterpart.schema) {
      const findings = ctx.schemas.compare([parameter.schema.pointer], [counterpart.schema.pointer], { direction: 'request', label: name });
      addSchemaFindings(ctx, findings, site);
    }
  }
  for (const parameter of remaining.values()) {
    const name = `${parameter.in} parameter \`${parameter.name}\``;
    ctx.out.add({
      rule: parameter.required ? 'parameter-added-required' : 'parameter-added-optional',
      old: before.location.pointer,
      new: parameter.location.pointer,
      text: `${parameter.required ? 'required' : 'optional'} ${name} was added`,
      site,
    });
  }
}

function parameterKey(op: IrOperation, parameter: IrParameter): string {
  if (parameter.in === 'path') {
    const place = [...op.path.matchAll(/\{([^}]*)\}/g)].findIndex((match) => match[1] === parameter.name);
    if (place >= 0) return `path#${place}`;
  }
  return `${parameter.in}:${parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name}`;
}
