import { randomUUID } from 'node:crypto';
import type { MqttClient } from 'mqtt';
import { describe, expect, it } from 'vitest';
import { startBroker } from '../../contract-tests/mock/mqtt-broker.js';
import { DEMO } from '../../contract-tests/mock/dock-cloud/demo.js';
import { dockCloudHandlers } from '../../contract-tests/mock/dock-cloud/handlers.js';
import { seededRegistry } from '../../contract-tests/mock/dock-cloud/registry.js';
import { type GeneratedDji, generateDji } from './helpers/generated-dji.js';
import { brokerPerTest, generatedPerFile } from './helpers/harness.js';
import { eventually, scriptedCloud, sleep, type Envelope } from './helpers/mqtt.js';

const g = generatedPerFile(generateDji);
const mqtt = brokerPerTest();

const REQUESTS = 'thing/product/+/requests';
const DEVICES = { devices: [{ sn: DEMO.gatewaySn }] };
const OUTPUT = {
  bind_status: [{ sn: DEMO.gatewaySn, is_device_bind_organization: false, organization_id: '', organization_name: '', device_callsign: '' }],
};

function reply(request: Envelope, data: unknown, overrides: Record<string, unknown> = {}) {
  return { tid: request.tid, bid: request.bid, method: request.method, timestamp: Date.now(), data, ...overrides };
}

async function dockClient(options: Record<string, unknown> = {}) {
  return new g.modules.DjiDockOrganizationDockClient(await mqtt.connect(), { gatewaySn: DEMO.gatewaySn, ...options });
}

describe('generated dock client under faults', () => {
  it('ignores replies with a wrong tid or a wrong bid and resolves with the matching one', async () => {
    await scriptedCloud(await mqtt.connect(), REQUESTS, (request, send) => {
      send(reply(request, { result: 0, output: { bind_status: [{ ...OUTPUT.bind_status[0], sn: 'wrong-tid' }] } }, { tid: randomUUID() }));
      send(reply(request, { result: 0, output: { bind_status: [{ ...OUTPUT.bind_status[0], sn: 'wrong-bid' }] } }, { bid: randomUUID() }));
      send(reply(request, { result: 0, output: OUTPUT }));
    });
    const dock = await dockClient();
    await expect(dock.airportBindStatus(DEVICES)).resolves.toEqual(OUTPUT);
    expect(dock.stats).toMatchObject({ matched: 1, stray: 2, published: 1 });
  });

  it('times out after the configured retries, each attempt a fresh transaction', async () => {
    const cloud = await scriptedCloud(await mqtt.connect(), REQUESTS, () => undefined);
    const dock = await dockClient({ timeoutMs: 150, retries: 2 });
    const started = Date.now();
    const error = await dock.airportBindStatus(DEVICES).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(g.errors.MqttTimeoutError);
    expect(error).toMatchObject({ method: 'airport_bind_status', attempts: 3, timeoutMs: 150, connected: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 150 - 5);
    expect(cloud.seen).toHaveLength(3);
    expect(new Set(cloud.seen.map((r) => r.tid)).size).toBe(3);
    expect(new Set(cloud.seen.map((r) => r.bid)).size).toBe(3);
    expect(error).toMatchObject({ tid: cloud.seen[2]?.tid, bid: cloud.seen[2]?.bid });
    expect(dock.stats).toMatchObject({ published: 3, timedOut: 3, matched: 0 });
  });

  it('keeps a caller-given bid over retries, and per-call options win over the client options', async () => {
    const cloud = await scriptedCloud(await mqtt.connect(), REQUESTS, () => undefined);
    const dock = await dockClient({ timeoutMs: 5000, retries: 5 });
    const bid = randomUUID();
    const error = await dock.airportBindStatus(DEVICES, { bid, timeoutMs: 100, retries: 1 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'MqttTimeoutError', attempts: 2, timeoutMs: 100 });
    expect(cloud.seen.map((r) => r.bid)).toEqual([bid, bid]);
  });

  it('resolves once when the reply arrives twice and counts the duplicate', async () => {
    await scriptedCloud(await mqtt.connect(), REQUESTS, (request, send) => {
      send(reply(request, { result: 0, output: OUTPUT }));
      send(reply(request, { result: 0, output: OUTPUT }));
    });
    const dock = await dockClient();
    await expect(dock.airportBindStatus(DEVICES)).resolves.toEqual(OUTPUT);
    await eventually(() => dock.stats.duplicate === 1);
    expect(dock.stats).toMatchObject({ matched: 1, duplicate: 1, published: 1 });
  });

  it('counts a reply to a timed-out attempt as late and takes the retry\'s reply', async () => {
    let first = true;
    await scriptedCloud(await mqtt.connect(), REQUESTS, (request, send) => {
      const answer = () => send(reply(request, { result: 0, output: OUTPUT }));
      if (!first) return answer();
      first = false;
      setTimeout(answer, 500);
    });
    const dock = await dockClient({ timeoutMs: 300, retries: 3 });
    await expect(dock.airportBindStatus(DEVICES)).resolves.toEqual(OUTPUT);
    expect(dock.stats).toMatchObject({ timedOut: 1, matched: 1, published: 2 });
    await eventually(() => dock.stats.late === 1);
  });

  it('ignores a malformed reply (not JSON, no tid/bid)', async () => {
    await scriptedCloud(await mqtt.connect(), REQUESTS, (request, send) => {
      send('not json {');
      send({ data: { result: 0 } });
      send(reply(request, { result: 0, output: OUTPUT }));
    });
    const dock = await dockClient();
    await expect(dock.airportBindStatus(DEVICES)).resolves.toEqual(OUTPUT);
    expect(dock.stats).toMatchObject({ matched: 1, malformed: 2 });
  });

  it('throws MqttReplyValidationError with the issues for an off-schema reply, unless validation is off', async () => {
    const offSchema = { result: 0, output: { bind_status: [{ sn: DEMO.gatewaySn, is_device_bind_organization: 'no' }] } };
    await scriptedCloud(await mqtt.connect(), REQUESTS, (request, send) => send(reply(request, offSchema)));
    const error = await (await dockClient()).airportBindStatus(DEVICES).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(g.errors.MqttReplyValidationError);
    const issues = (error as InstanceType<GeneratedDji['errors']['MqttReplyValidationError']>).issues;
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.some((i) => i.path.startsWith('/data/output'))).toBe(true);

    await expect((await dockClient({ validateReplies: false })).airportBindStatus(DEVICES)).resolves.toEqual(offSchema.output);
  });

  it('throws MqttReplyError with the result and output of an error reply', async () => {
    await scriptedCloud(await mqtt.connect(), REQUESTS, (request, send) =>
      send(reply(request, { result: 210233, output: 'get binding status failed' })),
    );
    const error = await (await dockClient()).airportBindStatus(DEVICES).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(g.errors.MqttReplyError);
    expect(error).toMatchObject({ result: 210233, output: 'get binding status failed' });
  });

  it('rejects a gateway SN that cannot fill a topic level when constructed', async () => {
    await expect(dockClient({ gatewaySn: 'a/b' })).rejects.toThrow(/gateway_sn/);
    await expect(dockClient({ gatewaySn: '' })).rejects.toThrow(/gateway_sn/);
  });

  it('completes a request across a broker restart', async () => {
    const port = mqtt.broker.port;
    const cloud = await mqtt.connect();
    let stalled = false;
    const handlers = dockCloudHandlers(seededRegistry(1));
    const responder = await g.modules.attachDjiDockOrganizationCloudHandlers(cloud, {
      ...handlers,
      // The first request is never answered: the broker goes down while it waits.
      airportBindStatus: (data, context) => (stalled ? handlers.airportBindStatus(data, context) : ((stalled = true), new Promise<never>(() => undefined))),
    });
    const dockMqtt: MqttClient = await mqtt.connect();
    const dock = new g.modules.DjiDockOrganizationDockClient(dockMqtt, { gatewaySn: DEMO.gatewaySn, timeoutMs: 400, retries: 10 });

    const result = dock.airportBindStatus(DEVICES);
    await eventually(() => stalled);
    await mqtt.broker.close();
    await sleep(100);
    mqtt.broker = await startBroker({ port });
    await expect(result).resolves.toEqual(OUTPUT);
    expect(dock.stats.timedOut).toBeGreaterThanOrEqual(1);
    expect(dockMqtt.connected).toBe(true);
    await responder.close();
  });
});
