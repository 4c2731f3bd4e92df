import { Ajv } from 'ajv';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startBroker, type EmbeddedBroker } from '../../contract-tests/mock/mqtt-broker.js';
import {
  MqttReplyError,
  MqttReplyValidationError,
  MqttRequesterClosedError,
  MqttTimeoutError,
  MqttTransportError,
} from './mqtt-errors.js';
import { MqttRequester } from './mqtt-requester.js';
import { guard } from './validation.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DOCK = { gateway_sn: 'dock-sn' };
const METHOD = 'airport_organization_get';

type Envelope = Record<string, unknown> & { tid: string; bid: string; method: string };

let broker: EmbeddedBroker;
const clients: MqttClient[] = [];
const requesters: MqttRequester[] = [];

beforeEach(async () => {
  broker = await startBroker();
});

afterEach(async () => {
  for (const r of requesters.splice(0)) r.close();
  await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
  await broker.close();
});

async function connect(url = broker.url): Promise<MqttClient> {
  const client = await connectAsync(url, { reconnectPeriod: 50, connectTimeout: 1000 });
  client.on('error', () => undefined);
  clients.push(client);
  return client;
}

async function requester(options: ConstructorParameters<typeof MqttRequester>[1] = {}): Promise<MqttRequester> {
  const r = new MqttRequester(await connect(), options);
  requesters.push(r);
  return r;
}

/**
 * A scripted cloud: sees every request and answers with whatever `answer` publishes on the
 * request's reply topic (raw strings are sent as they are).
 */
async function fakeCloud(answer: (request: Envelope, send: (payload: unknown) => void) => void = () => undefined) {
  const client = await connect();
  const seen: { topic: string; request: Envelope }[] = [];
  client.on('message', (topic, payload) => {
    const request = JSON.parse(payload.toString()) as Envelope;
    seen.push({ topic, request });
    answer(request, (reply) => client.publish(`${topic}_reply`, typeof reply === 'string' ? reply : JSON.stringify(reply), { qos: 2 }));
  });
  await client.subscribeAsync('thing/product/+/requests', { qos: 1 });
  return { seen };
}

function replyTo(request: Envelope, data: unknown, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { tid: request.tid, bid: request.bid, method: request.method, timestamp: Date.now(), data, ...overrides };
}

const OK = { result: 0, output: { organization_name: 'org' } };

describe('MqttRequester', () => {
  it('publishes a request envelope and resolves with the reply that matches it', async () => {
    const cloud = await fakeCloud((request, send) => send(replyTo(request, OK)));
    const r = await requester({ gateway: 'dock-sn' });
    const data = { device_binding_code: 'code', organization_id: 'org-id' };

    const reply = await r.request(METHOD, DOCK, data);

    expect(cloud.seen).toHaveLength(1);
    const [{ topic, request }] = cloud.seen as [{ topic: string; request: Envelope }];
    expect(topic).toBe('thing/product/dock-sn/requests');
    expect(request).toMatchObject({ method: METHOD, data, gateway: 'dock-sn' });
    expect(request.tid).toMatch(UUID);
    expect(request.bid).toMatch(UUID);
    expect(request.timestamp).toEqual(expect.any(Number));
    expect(reply).toMatchObject({ tid: request.tid, bid: request.bid, method: METHOD, data: OK });
    expect(r.stats).toMatchObject({ matched: 1, published: 1, timedOut: 0, stray: 0 });
  });

  it('publishes at the request QoS and subscribes to the reply topic at the reply QoS', async () => {
    const subscriptions: { topic: string; qos: number }[] = [];
    const publishes: { topic: string; qos: number }[] = [];
    broker.aedes.on('subscribe', (subs) => subscriptions.push(...subs.map((s) => ({ topic: s.topic, qos: s.qos }))));
    broker.aedes.on('publish', (packet, client) => client && publishes.push({ topic: packet.topic, qos: packet.qos }));
    await fakeCloud((request, send) => send(replyTo(request, OK)));
    const r = await requester({ qos: { request: 0, reply: 1 } });

    await r.request(METHOD, DOCK, {});

    expect(subscriptions).toContainEqual({ topic: 'thing/product/dock-sn/requests_reply', qos: 1 });
    expect(publishes).toContainEqual({ topic: 'thing/product/dock-sn/requests', qos: 0 });
  });

  it('accepts only the reply with both the right tid and the right bid, once', async () => {
    await fakeCloud((request, send) => {
      send(replyTo(request, { result: 0, output: { organization_name: 'wrong tid' } }, { tid: crypto.randomUUID() }));
      send(replyTo(request, { result: 0, output: { organization_name: 'wrong bid' } }, { bid: crypto.randomUUID() }));
      send(replyTo(request, OK));
      send(replyTo(request, { result: 0, output: { organization_name: 'duplicate' } }));
    });
    const r = await requester();

    const reply = await r.request(METHOD, DOCK, {});

    expect(reply.data).toEqual(OK);
    await vi.waitFor(() => expect(r.stats.duplicate).toBe(1));
    expect(r.stats).toMatchObject({ matched: 1, stray: 2, duplicate: 1 });
  });

  it('ignores and counts malformed replies, then takes the valid one', async () => {
    await fakeCloud((request, send) => {
      send('{"tid": not json');
      send('[1, 2, 3]');
      send(JSON.stringify({ tid: request.tid, data: OK }));
      send(replyTo(request, OK));
    });
    const r = await requester();

    await expect(r.request(METHOD, DOCK, {})).resolves.toMatchObject({ data: OK });
    expect(r.stats).toMatchObject({ malformed: 3, matched: 1 });
  });

  it('retries with a fresh tid and bid per attempt and then throws MqttTimeoutError', async () => {
    const cloud = await fakeCloud();
    const r = await requester({ timeoutMs: 100, retries: 2 });

    const error = await r.request(METHOD, DOCK, {}).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MqttTimeoutError);
    const timeout = error as MqttTimeoutError;
    expect(timeout).toMatchObject({ method: METHOD, attempts: 3, timeoutMs: 100, connected: true });
    expect(timeout.message).toContain('after 3 attempt(s) of 100 ms');
    expect(cloud.seen).toHaveLength(3);
    const tids = cloud.seen.map((s) => s.request.tid);
    const bids = cloud.seen.map((s) => s.request.bid);
    expect(new Set(tids).size).toBe(3);
    expect(new Set(bids).size).toBe(3);
    expect(timeout.tid).toBe(tids[2]);
    expect(timeout.bid).toBe(bids[2]);
    expect(r.stats).toMatchObject({ published: 3, timedOut: 3 });
  });

  it('keeps a caller-given bid across attempts', async () => {
    const cloud = await fakeCloud();
    const r = await requester({ timeoutMs: 50, retries: 1 });
    const bid = crypto.randomUUID();

    await expect(r.request(METHOD, DOCK, {}, { bid })).rejects.toBeInstanceOf(MqttTimeoutError);

    expect(cloud.seen.map((s) => s.request.bid)).toEqual([bid, bid]);
    expect(new Set(cloud.seen.map((s) => s.request.tid)).size).toBe(2);
  });

  it('counts a reply to an attempt that already timed out as late and does not accept it', async () => {
    let answered = false;
    await fakeCloud((request, send) => {
      if (answered) return;
      answered = true;
      setTimeout(() => send(replyTo(request, OK)), 150);
    });
    const r = await requester({ timeoutMs: 100, retries: 1 });

    await expect(r.request(METHOD, DOCK, {})).rejects.toBeInstanceOf(MqttTimeoutError);
    await vi.waitFor(() => expect(r.stats.late).toBe(1));
    expect(r.stats.matched).toBe(0);
  });

  it('throws MqttReplyError with the code and message of a failed reply', async () => {
    await fakeCloud((request, send) => send(replyTo(request, { result: 210230, output: 'get organization failed' })));
    const r = await requester();

    const error = await r.request(METHOD, DOCK, {}).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MqttReplyError);
    expect(error).toMatchObject({ result: 210230, output: 'get organization failed', method: METHOD });
    expect((error as Error).message).toBe(`${METHOD} failed with result 210230: get organization failed`);
  });

  it('validates the reply with the method validator and reports its issues', async () => {
    const ajv = new Ajv({ allErrors: true });
    const schema = {
      type: 'object',
      required: ['data'],
      properties: {
        data: {
          type: 'object',
          required: ['result', 'output'],
          properties: { output: { type: 'object', required: ['organization_name'] } },
        },
      },
    };
    const validator = guard<unknown>(ajv.compile(schema), '/components/messages/AirportOrganizationGetReply/payload');
    await fakeCloud((request, send) => send(replyTo(request, { result: 0, output: { name: 'no organization_name' } })));
    const r = await requester({ replyValidator: (m) => (m === METHOD ? validator : undefined) });

    const error = await r.request(METHOD, DOCK, {}).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MqttReplyValidationError);
    const issues = (error as MqttReplyValidationError).issues;
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: '/data/output', keyword: 'required', params: { missingProperty: 'organization_name' } });
  });

  it.each([
    ['a reply without an integer result', { result: 'ok' }, {}, '/data/result'],
    ['a reply for another method', OK, { method: 'airport_bind_status' }, '/method'],
  ])('rejects %s even without a validator', async (_label, data, overrides, path) => {
    await fakeCloud((request, send) => send(replyTo(request, data, overrides)));
    const r = await requester();

    const error = await r.request(METHOD, DOCK, {}).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MqttReplyValidationError);
    expect((error as MqttReplyValidationError).issues.map((i) => i.path)).toEqual([path]);
  });

  it('still requires an integer result when the method validator lets the reply through', async () => {
    const acceptAll = guard<unknown>(() => true, '/components/messages/Lenient/payload');
    await fakeCloud((request, send) => send(replyTo(request, { output: 'no result' })));
    const r = await requester({ replyValidator: () => acceptAll });

    const error = await r.request(METHOD, DOCK, {}).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MqttReplyValidationError);
    expect((error as MqttReplyValidationError).issues.map((i) => i.path)).toEqual(['/data/result']);
  });

  it('throws MqttTransportError when the client cannot publish the request', async () => {
    await fakeCloud((request, send) => send(replyTo(request, OK)));
    const r = await requester({ timeoutMs: 5000 });
    await r.request(METHOD, DOCK, {});
    await (clients[1] as MqttClient).endAsync(true);

    const error = await r.request(METHOD, DOCK, {}).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MqttTransportError);
    expect(error).toMatchObject({ operation: 'publish', topic: 'thing/product/dock-sn/requests' });
    expect((error as Error).message).toContain('client disconnecting');
  });

  it('stops waiting when the signal aborts', async () => {
    await fakeCloud();
    const r = await requester({ timeoutMs: 5000 });
    const controller = new AbortController();
    const request = r.request(METHOD, DOCK, {}, { signal: controller.signal });
    await vi.waitFor(() => expect(r.stats.published).toBe(1));

    controller.abort(new Error('user cancelled'));

    await expect(request).rejects.toThrow('user cancelled');
    await expect(r.request(METHOD, DOCK, {}, { signal: controller.signal })).rejects.toThrow('user cancelled');
  });

  it('rejects waiting and later requests with MqttRequesterClosedError on close', async () => {
    await fakeCloud();
    const r = await requester({ timeoutMs: 5000 });
    const request = r.request(METHOD, DOCK, {});
    await vi.waitFor(() => expect(r.stats.published).toBe(1));

    r.close();

    await expect(request).rejects.toBeInstanceOf(MqttRequesterClosedError);
    await expect(r.request(METHOD, DOCK, {})).rejects.toThrow(`${METHOD}: the MQTT requester is closed`);
  });

  it('rejects bad topic parameters and options before publishing', async () => {
    const r = await requester();
    await expect(r.request(METHOD, { gateway_sn: 'a/b' }, {})).rejects.toThrow("contains '/'");
    await expect(r.request(METHOD, DOCK, {}, { timeoutMs: 0 })).rejects.toThrow(RangeError);
    await expect(r.request(METHOD, DOCK, {}, { retries: 1.5 })).rejects.toThrow(RangeError);
    expect(r.stats.published).toBe(0);
  });
});

describe('MqttRequester across broker restarts', () => {
  /** Stops the broker and waits until `client` has noticed. */
  async function stopBroker(client: MqttClient): Promise<void> {
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    await broker.close();
    await closed;
  }

  async function restartBrokerAfter(ms: number, port: number): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    broker = await startBroker({ port });
  }

  it('completes after the broker comes back: a retry republishes once the client has reconnected', async () => {
    await fakeCloud((request, send) => send(replyTo(request, OK)));
    const r = await requester({ timeoutMs: 200, retries: 9 });
    await r.request(METHOD, DOCK, {});
    await stopBroker(clients[1] as MqttClient);

    const request = r.request(METHOD, DOCK, {});
    // Well inside the 2 s the request waits in total (10 attempts of 200 ms).
    await restartBrokerAfter(100, broker.port);

    await expect(request).resolves.toMatchObject({ data: OK });
    expect(r.stats.matched).toBe(2);
  });

  it('completes a first request made while offline: mqtt.js restores the reply subscription', async () => {
    await fakeCloud((request, send) => send(replyTo(request, OK)));
    const client = await connect();
    await stopBroker(client);
    const r = new MqttRequester(client, { timeoutMs: 200, retries: 9 });
    requesters.push(r);

    const request = r.request(METHOD, DOCK, {});
    await restartBrokerAfter(100, broker.port);

    await expect(request).resolves.toMatchObject({ data: OK });
  });

  it('times out with a clear error when the broker stays away', async () => {
    await fakeCloud((request, send) => send(replyTo(request, OK)));
    const r = await requester({ timeoutMs: 100, retries: 1 });
    await r.request(METHOD, DOCK, {});
    await stopBroker(clients[1] as MqttClient);

    const error = await r.request(METHOD, DOCK, {}).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MqttTimeoutError);
    expect(error).toMatchObject({ attempts: 2, connected: false });
    expect((error as Error).message).toMatch(/not connected to the broker$/);
  });

  it('gives up on a reply subscription that is never acknowledged by a client that does not reconnect', async () => {
    const client = await connectAsync(broker.url, { reconnectPeriod: 0 });
    clients.push(client);
    await stopBroker(client);
    const r = new MqttRequester(client, { timeoutMs: 50, retries: 1 });
    requesters.push(r);

    const error = await r.request(METHOD, DOCK, {}).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MqttTransportError);
    expect(error).toMatchObject({ operation: 'subscribe', topic: 'thing/product/dock-sn/requests_reply' });
    expect((error as Error).message).toContain('no SUBACK within 100 ms');
    expect(r.stats.published).toBe(0);
  });
});
