import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../contract-tests/mock/dock-cloud/demo.js';
import { dockCloudHandlers } from '../../contract-tests/mock/dock-cloud/handlers.js';
import { seededRegistry } from '../../contract-tests/mock/dock-cloud/registry.js';
import type { IrSpec } from '../../generator/ir/types.js';
import { irOf, repoRoot } from '../emit/fixtures.js';
import { DJI_SPEC, type GeneratedDji, generateDji, GENERATION_TIMEOUT_MS } from './helpers/generated-dji.js';
import { brokerPerTest, generatedPerFile } from './helpers/harness.js';
import { eventually, rawDock, sleep } from './helpers/mqtt.js';

type Handlers = Parameters<GeneratedDji['modules']['attachDjiDockOrganizationCloudHandlers']>[1];

const g = generatedPerFile(generateDji);
const mqtt = brokerPerTest();
let ir: IrSpec;

beforeAll(async () => {
  ir = await irOf(`${repoRoot}/${DJI_SPEC}`);
}, GENERATION_TIMEOUT_MS);

/** The spec's `x-error-roles`, read here independently of the emitter. */
function roles(): { requestInvalid: number; unknownMethod: number; handlerFailed: Record<string, number> } {
  return ir.document['x-error-roles'] as ReturnType<typeof roles>;
}

const GATEWAY = 'dock-under-test';
const VALID: Record<string, unknown> = {
  airport_bind_status: { devices: [{ sn: DEMO.gatewaySn }] },
  airport_organization_get: { device_binding_code: DEMO.bindingCode, organization_id: DEMO.organizationId },
  airport_organization_bind: {
    bind_devices: [{ device_binding_code: DEMO.bindingCode, organization_id: DEMO.organizationId, device_callsign: 'x', sn: DEMO.gatewaySn, device_model_key: '3-1-0' }],
  },
};

function request(method: string, data: unknown) {
  return { tid: randomUUID(), bid: randomUUID(), timestamp: Date.now(), method, data };
}

async function attach(handlers: Handlers, options: Parameters<GeneratedDji['modules']['attachDjiDockOrganizationCloudHandlers']>[2] = {}) {
  const responder = await g.modules.attachDjiDockOrganizationCloudHandlers(await mqtt.connect(), handlers, options);
  const dock = await rawDock(await mqtt.connect(), `thing/product/${GATEWAY}/requests`, `thing/product/${GATEWAY}/requests_reply`);
  return { responder, dock };
}

/** Handlers that count their calls and otherwise answer like the mock. */
function countingHandlers(): { handlers: Handlers; calls: string[] } {
  const mock = dockCloudHandlers(seededRegistry(1));
  const calls: string[] = [];
  return {
    calls,
    handlers: {
      airportBindStatus: (data, context) => (calls.push('airport_bind_status'), mock.airportBindStatus(data, context)),
      airportOrganizationGet: (data, context) => (calls.push('airport_organization_get'), mock.airportOrganizationGet(data, context)),
      airportOrganizationBind: (data, context) => (calls.push('airport_organization_bind'), mock.airportOrganizationBind(data, context)),
    },
  };
}

describe('generated cloud handlers', () => {
  it('hands each handler its data and the context: topic parameter, tid, bid, whole request', async () => {
    const seen: unknown[] = [];
    const { handlers } = countingHandlers();
    const { dock } = await attach({
      ...handlers,
      airportBindStatus: (data, context) => {
        seen.push({ data, context });
        return handlers.airportBindStatus(data, context);
      },
    });
    const sent = request('airport_bind_status', VALID.airport_bind_status);
    await dock.send(sent);
    const reply = await dock.reply(sent.tid);
    expect(reply).toMatchObject({ tid: sent.tid, bid: sent.bid, method: sent.method, data: { result: 0 } });
    expect(seen).toEqual([{ data: sent.data, context: { gatewaySn: GATEWAY, tid: sent.tid, bid: sent.bid, request: sent } }]);
  });

  it('answers an invalid request with the requestInvalid code and never calls the handler', async () => {
    const { handlers, calls } = countingHandlers();
    const { dock, responder } = await attach(handlers);
    for (const method of Object.keys(VALID)) {
      const sent = request(method, { nonsense: true });
      await dock.send(sent);
      const reply = await dock.reply(sent.tid);
      expect(reply).toMatchObject({ tid: sent.tid, bid: sent.bid, method, data: { result: roles().requestInvalid } });
      expect((reply.data as { output: string }).output).toMatch(/^invalid request: /);
    }
    expect(calls).toEqual([]);
    expect(responder.stats).toMatchObject({ invalid: 3, handlerFailed: 0 });
  });

  it('answers an unknown method with the unknownMethod code', async () => {
    const { handlers } = countingHandlers();
    const { dock } = await attach(handlers);
    const sent = request('airport_self_destruct', {});
    await dock.send(sent);
    expect(await dock.reply(sent.tid)).toMatchObject({ data: { result: roles().unknownMethod } });
  });

  it("answers a handler that throws, or answers off-schema, with the method's own handlerFailed code", async () => {
    const failing: Handlers = {
      airportBindStatus: () => {
        throw new Error('database down');
      },
      airportOrganizationGet: () => Promise.reject(new Error('database down')),
      // Off-schema: result 0 needs an output with err_infos.
      airportOrganizationBind: () => ({ result: 0, output: { err_infos: 'none' } }) as never,
    };
    const { dock, responder } = await attach(failing);
    for (const method of Object.keys(VALID)) {
      const sent = request(method, VALID[method]);
      await dock.send(sent);
      const reply = await dock.reply(sent.tid);
      expect(reply).toMatchObject({ tid: sent.tid, bid: sent.bid, data: { result: roles().handlerFailed[method] } });
    }
    expect(responder.stats).toMatchObject({ handlerFailed: 3, replied: 3 });
  });

  it('drops a request that cannot be correlated and keeps serving', async () => {
    const { handlers } = countingHandlers();
    const { dock, responder } = await attach(handlers);
    await dock.send('{ not json');
    await dock.send({ method: 'airport_bind_status', data: VALID.airport_bind_status });
    const sent = request('airport_bind_status', VALID.airport_bind_status);
    await dock.send(sent);
    await dock.reply(sent.tid);
    await sleep(50);
    expect(dock.replies.map((r) => r.tid)).toEqual([sent.tid]);
    expect(responder.stats).toMatchObject({ dropped: 2, replied: 1 });
  });

  it("subscribes and replies at the spec's QoS unless told otherwise", async () => {
    const observed = (): { subscribed: number[]; replied: number[] } => {
      const seen = { subscribed: [] as number[], replied: [] as number[] };
      mqtt.broker.aedes.on('subscribe', (subscriptions) => {
        for (const s of subscriptions) if (s.topic === 'thing/product/+/requests') seen.subscribed.push(s.qos);
      });
      mqtt.broker.aedes.on('publish', (packet) => {
        if (packet.topic.endsWith('/requests_reply')) seen.replied.push(packet.qos);
      });
      return seen;
    };
    const expected = ir.methods[0]!.qos;
    for (const [options, subscribe, reply] of [
      [{}, expected.subscribe, expected.reply],
      [{ qos: { subscribe: 0, reply: 1 } }, 0, 1],
    ] as const) {
      const seen = observed();
      const { responder, dock } = await attach(countingHandlers().handlers, options);
      const sent = request('airport_bind_status', VALID.airport_bind_status);
      await dock.send(sent);
      await dock.reply(sent.tid);
      // aedes reports a publish once it is routed, which can trail its delivery.
      await eventually(() => seen.replied.length > 0);
      expect(seen).toEqual({ subscribed: [subscribe], replied: [reply] });
      await responder.close();
      mqtt.broker.aedes.removeAllListeners('subscribe');
      mqtt.broker.aedes.removeAllListeners('publish');
    }
  });
});
