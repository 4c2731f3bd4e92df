import type { IrHeader, IrOperation, IrResponse } from '../ir/types.js';
import { joinPointer } from '../load/pointer.js';
import type { Site } from './collector.js';
import { addSchemaFindings, type DiffContext } from './context.js';
import { diffContents } from './media-diff.js';

/** Responses are matched by status (`200`, `4XX`, `default`). */
export function diffResponses(ctx: DiffContext, before: IrOperation, after: IrOperation): void {
  const remaining = new Map(after.responses.map((r) => [r.status.toUpperCase(), r]));
  for (const response of before.responses) {
    const counterpart = remaining.get(response.status.toUpperCase());
    if (!counterpart) {
      ctx.out.add({
        rule: 'response-status-removed',
        old: entryPointer(before, response),
        new: joinPointer(after.location.pointer, 'responses'),
        text: `response ${response.status} was removed`,
        site: { operation: after.id },
      });
      continue;
    }
    remaining.delete(response.status.toUpperCase());
    diffResponse(ctx, after.id, response, counterpart);
  }
  for (const response of remaining.values()) {
    const success = /^2/.test(response.status);
    ctx.out.add({
      rule: success ? 'response-success-added' : 'response-error-added',
      old: joinPointer(before.location.pointer, 'responses'),
      new: entryPointer(after, response),
      text: `${success ? 'success' : 'non-success'} response ${response.status} was added`,
      site: { operation: after.id },
    });
  }
}

function diffResponse(ctx: DiffContext, operationId: string, before: IrResponse, after: IrResponse): void {
  const site: Site = { operation: operationId, part: `${after.status} response` };
  diffContents(ctx, before.contents, after.contents, {
    direction: 'response',
    label: 'response body',
    site,
    oldPointer: before.location.pointer,
    newPointer: after.location.pointer,
  });
  diffHeaders(ctx, site, before, after);
}

function diffHeaders(ctx: DiffContext, site: Site, before: IrResponse, after: IrResponse): void {
  const remaining = new Map(after.headers.map((h) => [h.name.toLowerCase(), h]));
  for (const header of before.headers) {
    const counterpart = remaining.get(header.name.toLowerCase());
    const name = `response header \`${header.name}\``;
    if (!counterpart) {
      ctx.out.add({
        rule: header.required ? 'response-header-removed' : 'response-optional-header-removed',
        old: header.location.pointer,
        new: after.location.pointer,
        text: `${header.required ? 'required' : 'optional'} ${name} was removed`,
        site,
      });
      continue;
    }
    remaining.delete(header.name.toLowerCase());
    if (header.required && !counterpart.required) {
      ctx.out.add({ rule: 'response-header-became-optional', old: header.location.pointer, new: counterpart.location.pointer, text: `${name} became optional`, site });
    }
    if (header.schema && counterpart.schema) {
      addSchemaFindings(ctx, ctx.schemas.compare([header.schema.pointer], [counterpart.schema.pointer], { direction: 'response', label: name }), site);
    }
  }
  for (const header of remaining.values()) addedHeader(ctx, site, before, header);
}

function addedHeader(ctx: DiffContext, site: Site, before: IrResponse, header: IrHeader): void {
  ctx.out.add({ rule: 'response-header-added', old: before.location.pointer, new: header.location.pointer, text: `response header \`${header.name}\` was added`, site });
}

/** The operation's own `responses/<status>` entry (the response itself may be a shared component). */
function entryPointer(op: IrOperation, response: IrResponse): string {
  return joinPointer(op.location.pointer, 'responses', response.status);
}
