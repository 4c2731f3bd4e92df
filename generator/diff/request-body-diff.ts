import type { IrOperation } from '../ir/types.js';
import type { Site } from './collector.js';
import type { DiffContext } from './context.js';
import { diffContents } from './media-diff.js';

export function diffRequestBody(ctx: DiffContext, before: IrOperation, after: IrOperation): void {
  const site: Site = { operation: after.id, part: 'request' };
  const oldBody = before.requestBody;
  const newBody = after.requestBody;
  if (!oldBody && !newBody) return;
  if (!oldBody) {
    const rule = newBody!.required ? 'required-request-body-added' : 'optional-request-body-added';
    ctx.out.add({ rule, old: before.location.pointer, new: newBody!.location.pointer, text: `${newBody!.required ? 'a required' : 'an optional'} request body was added`, site });
    return;
  }
  if (!newBody) {
    ctx.out.add({ rule: 'request-body-removed', old: oldBody.location.pointer, new: after.location.pointer, text: 'the request body was removed', site });
    return;
  }
  const pointers = { old: oldBody.location.pointer, new: newBody.location.pointer };
  if (!oldBody.required && newBody.required) ctx.out.add({ rule: 'request-body-became-required', ...pointers, text: 'the request body became required', site });
  if (oldBody.required && !newBody.required) ctx.out.add({ rule: 'request-body-became-optional', ...pointers, text: 'the request body became optional', site });
  diffContents(ctx, oldBody.contents, newBody.contents, {
    direction: 'request',
    label: 'request body',
    site,
    oldPointer: oldBody.location.pointer,
    newPointer: newBody.location.pointer,
  });
}
