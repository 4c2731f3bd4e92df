import type { IrOperation } from '../ir/types.js';
import { compareStrings } from '../ir/values.js';
import type { DiffContext } from './context.js';
import { diffParameters } from './parameters-diff.js';
import { diffRequestBody } from './request-body-diff.js';
import { diffResponses } from './responses-diff.js';
import { diffSecurity } from './security-diff.js';

/**
 * REST operations are the same operation when method and path template agree (parameter names
 * in the template do not count); failing that, when their operationId agrees (a moved path).
 */
export function diffOperations(ctx: DiffContext): void {
  const unmatchedNew = new Map(ctx.new.ir.operations.map((op) => [routeKey(op), op]));
  const pairs: [IrOperation, IrOperation][] = [];
  const unmatchedOld: IrOperation[] = [];
  for (const op of ctx.old.ir.operations) {
    const counterpart = unmatchedNew.get(routeKey(op));
    if (counterpart) {
      pairs.push([op, counterpart]);
      unmatchedNew.delete(routeKey(op));
    } else {
      unmatchedOld.push(op);
    }
  }
  const newById = new Map([...unmatchedNew.values()].map((op) => [op.id, op]));
  for (const op of unmatchedOld) {
    const moved = newById.get(op.id);
    if (moved) {
      pairs.push([op, moved]);
      unmatchedNew.delete(routeKey(moved));
      reportMove(ctx, op, moved);
    } else {
      ctx.out.add({ rule: 'operation-removed', old: op.location.pointer, text: `operation ${route(op)} (\`${op.id}\`) was removed` });
    }
  }
  for (const op of unmatchedNew.values()) {
    ctx.out.add({ rule: 'operation-added', new: op.location.pointer, text: `operation ${route(op)} (\`${op.id}\`) was added` });
  }
  for (const [before, after] of pairs.sort(([a], [b]) => compareStrings(a.id, b.id))) diffOperation(ctx, before, after);
}

function diffOperation(ctx: DiffContext, before: IrOperation, after: IrOperation): void {
  if (before.id !== after.id) {
    ctx.out.add({
      rule: 'operation-id-changed',
      old: before.location.pointer,
      new: after.location.pointer,
      text: `operation ${route(after)} changed its operationId from \`${before.id}\` to \`${after.id}\``,
    });
  }
  diffParameters(ctx, before, after);
  diffRequestBody(ctx, before, after);
  diffResponses(ctx, before, after);
  diffSecurity(ctx, before, after);
}

function reportMove(ctx: DiffContext, before: IrOperation, after: IrOperation): void {
  const pointers = { old: before.location.pointer, new: after.location.pointer };
  if (normalPath(before.path) !== normalPath(after.path)) {
    ctx.out.add({ rule: 'path-changed', ...pointers, text: `operation \`${before.id}\` moved from ${route(before)} to ${route(after)}` });
  } else {
    ctx.out.add({ rule: 'operation-method-changed', ...pointers, text: `operation \`${before.id}\` changed from ${route(before)} to ${route(after)}` });
  }
}

export function route(op: IrOperation): string {
  return `${op.method.toUpperCase()} ${op.path}`;
}

function normalPath(path: string): string {
  return path.replace(/\{[^}]*\}/g, '{}');
}

function routeKey(op: IrOperation): string {
  return `${op.method} ${normalPath(op.path)}`;
}
