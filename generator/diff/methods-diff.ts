import type { IrChannel, IrMethod, Qos } from '../ir/types.js';
import { compareStrings } from '../ir/values.js';
import { joinPointer } from '../load/pointer.js';
import type { Site } from './collector.js';
import { addSchemaFindings, firstPresent, type DiffContext } from './context.js';
import type { DiffSide } from './side.js';

/** MQTT request/reply methods, matched by the envelope's method name. */
export function diffMethods(ctx: DiffContext): void {
  const remaining = new Map(ctx.new.ir.methods.map((m) => [m.name, m]));
  const pairs: [IrMethod, IrMethod][] = [];
  for (const method of ctx.old.ir.methods) {
    const counterpart = remaining.get(method.name);
    if (!counterpart) {
      ctx.out.add({ rule: 'method-removed', old: method.location.pointer, text: `method \`${method.name}\` (\`${method.operationId}\`) was removed` });
      continue;
    }
    remaining.delete(method.name);
    pairs.push([method, counterpart]);
  }
  for (const method of remaining.values()) {
    ctx.out.add({ rule: 'method-added', new: method.location.pointer, text: `method \`${method.name}\` (\`${method.operationId}\`) was added` });
  }
  for (const [before, after] of pairs.sort(([a], [b]) => compareStrings(a.name, b.name))) diffMethod(ctx, before, after);
}

function diffMethod(ctx: DiffContext, before: IrMethod, after: IrMethod): void {
  const site: Site = { operation: after.name };
  const pointers = { old: before.location.pointer, new: after.location.pointer };
  if (before.action !== after.action) {
    const verbs = { send: ['sends', 'sending'], receive: ['receives', 'receiving'] } as const;
    const text = `the described application now ${verbs[after.action][0]} the request instead of ${verbs[before.action][1]} it`;
    ctx.out.add({ rule: 'method-action-changed', ...pointers, text, site });
  }
  diffAddress(ctx, 'request', site, before.request.channel, after.request.channel);
  diffAddress(ctx, 'reply', site, before.reply.channel, after.reply.channel);
  for (const part of ['request', 'reply'] as const) {
    const [oldMessage, newMessage] = [before[part], after[part]];
    const direction = part === 'request' ? 'request' : 'response';
    if (oldMessage.contentType !== newMessage.contentType) {
      ctx.out.add({
        rule: 'content-type-changed',
        direction,
        old: oldMessage.location.pointer,
        new: newMessage.location.pointer,
        text: `${part} content type changed from ${oldMessage.contentType} to ${newMessage.contentType}`,
        site: { ...site, part },
      });
    }
    const findings = ctx.schemas.compare([oldMessage.payload.pointer], [newMessage.payload.pointer], {
      direction,
      label: `${part} payload`,
      replyPayload: part === 'reply',
    });
    addSchemaFindings(ctx, findings, { ...site, part });
  }
  diffCorrelation(ctx, site, before, after);
  diffQos(ctx, site, before, after);
  diffTuning(ctx, site, before, after);
}

function diffAddress(ctx: DiffContext, part: 'request' | 'reply', site: Site, before: IrChannel, after: IrChannel): void {
  if (before.address === after.address) return;
  ctx.out.add({
    rule: 'channel-address-changed',
    old: addressPointer(ctx.old, before),
    new: addressPointer(ctx.new, after),
    text: `${part} topic changed from \`${before.address}\` to \`${after.address}\``,
    site,
  });
}

function addressPointer(side: DiffSide, channel: IrChannel): string {
  return firstPresent(side, [joinPointer(channel.location.pointer, 'address'), joinPointer(channel.location.pointer, 'location')], channel.location.pointer);
}

function diffCorrelation(ctx: DiffContext, site: Site, before: IrMethod, after: IrMethod): void {
  const sameFields = JSON.stringify([...before.correlation.fields].sort()) === JSON.stringify([...after.correlation.fields].sort());
  if (sameFields && before.correlation.location === after.correlation.location) return;
  const describe = (m: IrMethod) => `${m.correlation.location || 'none'} (fields ${m.correlation.fields.join(', ') || 'none'})`;
  const where = (side: DiffSide, m: IrMethod) =>
    firstPresent(
      side,
      [joinPointer(m.location.pointer, 'x-correlation-fields'), '/x-correlation-fields', joinPointer(m.request.location.pointer, 'correlationId')],
      m.location.pointer,
    );
  ctx.out.add({
    rule: 'correlation-changed',
    old: where(ctx.old, before),
    new: where(ctx.new, after),
    text: `correlation changed from ${describe(before)} to ${describe(after)}`,
    site,
  });
}

function diffQos(ctx: DiffContext, site: Site, before: IrMethod, after: IrMethod): void {
  for (const part of ['request', 'reply', 'subscribe'] as const) {
    const from: Qos = before.qos[part];
    const to: Qos = after.qos[part];
    if (from === to) continue;
    ctx.out.add({
      rule: to < from ? 'qos-lowered' : 'qos-raised',
      old: qosPointer(ctx.old, before, part),
      new: qosPointer(ctx.new, after, part),
      text: `${part} QoS changed from ${from} to ${to}`,
      site,
    });
  }
}

function qosPointer(side: DiffSide, method: IrMethod, part: 'request' | 'reply' | 'subscribe'): string {
  const at = method.location.pointer;
  const candidates = [joinPointer(at, 'x-qos', part), joinPointer(at, 'x-qos')];
  if (part === 'request') candidates.push(joinPointer(at, 'bindings', 'mqtt', 'qos'));
  candidates.push(joinPointer('/x-qos', part), '/x-qos');
  return firstPresent(side, candidates, at);
}

function diffTuning(ctx: DiffContext, site: Site, before: IrMethod, after: IrMethod): void {
  const settings = [
    ['timeoutMs', 'timeout-changed', 'x-timeout-ms', 'reply timeout', ' ms'],
    ['retries', 'retries-changed', 'x-retries', 'retries', ''],
  ] as const;
  for (const [field, rule, extension, what, unit] of settings) {
    if (before[field] === after[field]) continue;
    const where = (side: DiffSide, m: IrMethod) => firstPresent(side, [joinPointer(m.location.pointer, extension), joinPointer('', extension)], m.location.pointer);
    ctx.out.add({ rule, old: where(ctx.old, before), new: where(ctx.new, after), text: `${what} changed from ${before[field]}${unit} to ${after[field]}${unit}`, site });
  }
}
