import { beforeAll, describe, expect, it } from 'vitest';
import { mqttClientEmitter } from '../../generator/emit/mqtt-client/index.js';
import { planMqtt } from '../../generator/emit/mqtt-client/plan.js';
import { printFile } from '../../generator/emit/print.js';
import { specNames } from '../../generator/emit/shared/spec-names.js';
import type { IrMethod, IrSpec } from '../../generator/ir/types.js';
import { GENERATION_TIMEOUT_MS, generateDji } from '../mqtt/helpers/generated-dji.js';
import { irOf, repoRoot, specDir } from './fixtures.js';

const DJI = `${specDir}/dji-dock-organization.asyncapi.yaml`;
const JOBS = `${repoRoot}/test/fixtures/ir/jobs.asyncapi.yaml`;

let dji: IrSpec;
beforeAll(async () => {
  dji = await irOf(DJI);
});

function clientText(ir: IrSpec): string {
  const files = mqttClientEmitter.emit(ir);
  expect(files.map((f) => f.path)).toEqual(['dock-client.ts']);
  return printFile(files[0]!);
}

/** A copy of the IR whose methods are changed by `change` (the IR is plain data). */
function variant(ir: IrSpec, change: (methods: IrMethod[]) => void): IrSpec {
  const copy = structuredClone(ir);
  change(copy.methods);
  return copy;
}

describe('mqtt-client emitter', () => {
  it('applies to AsyncAPI specs with methods it can serve, not to OpenAPI', async () => {
    expect(mqttClientEmitter.appliesTo(dji)).toBe(true);
    expect(mqttClientEmitter.appliesTo(await irOf(`${specDir}/gizwits-enterprise.openapi.yaml`))).toBe(false);
    expect(mqttClientEmitter.appliesTo(variant(dji, (methods) => methods.forEach((m) => (m.correlation.fields = ['corr']))))).toBe(false);
  });

  it('puts the IR\'s topics, timeouts and retries into the generated tables, and a method per IR method', async () => {
    const ir = dji;
    const g = await generateDji();
    try {
      const { dockClientMethods, dockClientTopics, DjiDockOrganizationDockClient } = g.modules;
      expect(Object.keys(dockClientMethods).sort()).toEqual(ir.methods.map((m) => m.name).sort());
      for (const method of ir.methods) {
        const entry = dockClientMethods[method.name as keyof typeof dockClientMethods];
        expect(entry).toMatchObject({ timeoutMs: method.timeoutMs, retries: method.retries });
        const topics = dockClientTopics[entry.group];
        expect(topics).toEqual({
          requestTopic: method.request.channel.address,
          replyTopic: method.reply.channel.address,
          qos: { request: method.qos.request, reply: method.qos.reply },
        });
        expect(typeof DjiDockOrganizationDockClient.prototype[specNames(ir).methodMember(method.name) as 'airportBindStatus']).toBe('function');
      }
    } finally {
      await g.remove();
    }
  }, GENERATION_TIMEOUT_MS);

  it('is deterministic whatever the order of the IR methods', async () => {
    const ir = dji;
    const text = clientText(ir);
    expect(clientText(ir)).toBe(text);
    expect(clientText(variant(ir, (methods) => methods.reverse()))).toBe(text);
  });

  it('leaves out, and names, the methods the runtime cannot serve', async () => {
    const text = clientText(await irOf(JOBS));
    expect(text).toContain('`job.stop`: correlates by requestId, not by tid and bid');
    expect(text).toContain('`ping`: correlates by corr, not by tid and bid');
    expect(text).toContain('async jobStart(');
    expect(text).not.toMatch(/async (jobStop|ping)\(/);
  });
});

describe('planMqtt', () => {
  it('groups the DJI methods on one topic pair at the highest QoS any of them asks for', async () => {
    const ir = dji;
    const raised = variant(ir, (methods) => (methods[1]!.qos = { request: 2, reply: 1, subscribe: 0 }));
    const plan = planMqtt(raised);
    expect(plan.skipped).toEqual([]);
    expect(plan.groups).toHaveLength(1);
    const highest = (key: 'request' | 'reply' | 'subscribe') => Math.max(...raised.methods.map((m) => m.qos[key]));
    expect(plan.groups[0]!.qos).toEqual({ request: highest('request'), reply: highest('reply'), subscribe: highest('subscribe') });
    expect(plan.topicParams).toEqual(['gateway_sn']);
  });

  it('gives methods with their own non-overlapping topics their own group', async () => {
    const ir = variant(dji, (methods) => retopic(methods[2]!, 'other/{gateway_sn}/up', 'other/{gateway_sn}/down'));
    const plan = planMqtt(ir);
    expect(plan.groups.map((g) => g.requestTopic)).toEqual(['thing/product/{gateway_sn}/requests', 'other/{gateway_sn}/up']);
    expect(plan.methods.map((m) => m.group)).toEqual([0, 0, 1]);
  });

  it.each([
    ['a reply topic other than the one its request topic replies on', 'thing/product/{gateway_sn}/requests', 'thing/product/{gateway_sn}/elsewhere', /already replies on/],
    ['a request topic overlapping another group', '{gateway_sn}/product/x/requests', 'other/{gateway_sn}/r', /request topic .* overlaps/],
    ['a reply topic overlapping another group', 'x/{gateway_sn}/q', '{gateway_sn}/product/y/requests_reply', /reply topic .* overlaps/],
    ['a topic parameter that is not a whole level', 'x/sn-{gateway_sn}/q', 'x/{gateway_sn}/r', /whole level/],
    ['a reply topic parameter its request topic lacks', 'x/{gateway_sn}/q', 'x/{gateway_sn}/{extra}/r', /lacks/],
    ['topic parameters other than the other methods\'', 'x/{gateway_sn}/{zone}/q', 'x/{gateway_sn}/{zone}/r', /differ/],
  ])('leaves out a method with %s', async (_, request, reply, reason) => {
    const ir = variant(dji, (methods) => retopic(methods[2]!, request, reply));
    const plan = planMqtt(ir);
    expect(plan.methods.map((m) => m.method.name)).toEqual(ir.methods.slice(0, 2).map((m) => m.name));
    expect(plan.skipped).toEqual([{ method: ir.methods[2]!.name, reason: expect.stringMatching(reason) }]);
  });
});

/** Moves one method to other topics (its channels are shared with the other methods, so they are replaced, not edited). */
function retopic(method: IrMethod, request: string, reply: string): void {
  method.request = { ...method.request, channel: { ...method.request.channel, address: request } };
  method.reply = { ...method.reply, channel: { ...method.reply.channel, address: reply } };
}
