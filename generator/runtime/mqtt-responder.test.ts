import { Ajv } from 'ajv';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startBroker, type EmbeddedBroker } from '../../contract-tests/mock/mqtt-broker.js';
import { MqttReplyError } from './mqtt-errors.js';
import { MqttRequester } from './mqtt-requester.js';
import { attachResponder, DEFAULT_ERROR_CODES, type MqttResponder, type ResponderEvent, type ResponderOptions } from './mqtt-responder.js';
import { guard } from './validation.js';

const DOCK = { gateway_sn: 'dock-sn' };
const BIND_STATUS = 'airport_bind_status';

let broker: EmbeddedBroker;
const clients: MqttClient[] = [];
const responders: MqttResponder[] = [];
const requesters: MqttRequester[] = [];

beforeEach(async () => {
  broker = await startBroker();
});

afterEach(async () => {
  for (const r of requesters.splice(0)) r.close();
  await Promise.all(responders.splice(0).map((r) => r.close()));
  await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
  await broker.close();
});

async function connect(): Promise<MqttClient> {
  const client = await connectAsync(broker.url, { reconnectPeriod: 0, connectTimeout: 1000 });
  clients.push(client);
  return client;
}

async function responder(options: Partial<ResponderOptions> = {}) {
  const events: ResponderEvent[] = [];
  const r = await attachResponder(await connect(), {
    handlers: {
      [BIND_STATUS]: (data: { devices: { sn: string }[] }) => ({
        result: 0,
        output: { bind_status: data.devices.map((d) => ({ sn: d.sn, is_device_bind_organization: false })) },
      }),
    },
    log: (event) => events.push(event),
    ...options,
  });
  responders.push(r);
  return { responder: r, events };
}

async function requester(timeoutMs = 2000): Promise<MqttRequester> {
  const r = new MqttRequester(await connect(), { timeoutMs, retries: 0 });
  requesters.push(r);
  return r;
}

/** Publishes raw payloads on the request topic and collects every reply. */
async function rawDock() {
  const client = await connect();
  const replies: { topic: string; reply: Record<string, unknown> }[] = [];
  client.on('message', (topic, payload) => replies.push({ topic, reply: JSON.parse(payload.toString()) as Record<string, unknown> }));
  await client.subscribeAsync('thing/product/+/requests_reply', { qos: 2 });
  return {
    replies,
    send: (payload: string | Buffer, gateway = 'dock-sn') => client.publishAsync(`thing/product/${gateway}/requests`, payload, { qos: 1 }),
  };
}

const devices = { devices: [{ sn: 'dock-sn' }, { sn: 'drone-sn' }] };

describe('attachResponder', () => {
  it('answers a request on the reply topic of the same gateway, echoing tid, bid and method', async () => {
    const seen: unknown[] = [];
    await responder({
      handlers: {
        [BIND_STATUS]: (data, context) => {
          seen.push({ data, context: { method: context.method, params: context.params, topic: context.topic, tid: context.tid } });
          return { result: 0, output: { bind_status: [] } };
        },
      },
      now: () => 1700000000000,
    });
    const dock = await rawDock();
    const tid = crypto.randomUUID();
    const bid = crypto.randomUUID();

    await dock.send(JSON.stringify({ tid, bid, timestamp: 1, method: BIND_STATUS, data: devices }), 'dock-7');

    await vi.waitFor(() => expect(dock.replies).toHaveLength(1));
    expect(dock.replies[0]).toEqual({
      topic: 'thing/product/dock-7/requests_reply',
      reply: { tid, bid, method: BIND_STATUS, timestamp: 1700000000000, data: { result: 0, output: { bind_status: [] } } },
    });
    expect(seen).toEqual([
      { data: devices, context: { method: BIND_STATUS, params: { gateway_sn: 'dock-7' }, topic: 'thing/product/dock-7/requests', tid } },
    ]);
  });

  it('serves a requester end to end', async () => {
    const { responder: r } = await responder();
    const dock = await requester();

    const reply = await dock.request(BIND_STATUS, DOCK, devices);

    expect(reply.data).toEqual({
      result: 0,
      output: {
        bind_status: [
          { sn: 'dock-sn', is_device_bind_organization: false },
          { sn: 'drone-sn', is_device_bind_organization: false },
        ],
      },
    });
    expect(r.stats).toMatchObject({ received: 1, replied: 1, dropped: 0 });
  });

  it('answers an invalid request with the malformed code and the validation issues', async () => {
    const ajv = new Ajv({ allErrors: true });
    const schema = {
      type: 'object',
      properties: { data: { type: 'object', required: ['devices'], properties: { devices: { type: 'array', minItems: 1, maxItems: 2 } } } },
    };
    const validator = guard<unknown>(ajv.compile(schema), '/components/messages/AirportBindStatusRequest/payload');
    const handler = vi.fn(() => ({ result: 0, output: {} }));
    const { responder: r, events } = await responder({
      handlers: { [BIND_STATUS]: handler },
      requestValidator: (m) => (m === BIND_STATUS ? validator : undefined),
    });
    const dock = await requester();

    const error = await dock.request(BIND_STATUS, DOCK, { devices: [] }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MqttReplyError);
    expect(error).toMatchObject({ result: DEFAULT_ERROR_CODES.malformed });
    expect((error as MqttReplyError).output).toMatch(/^invalid request: \/data\/devices must NOT have fewer than 1 items \[minItems at #/);
    expect(handler).not.toHaveBeenCalled();
    expect(r.stats.invalid).toBe(1);
    expect(events.map((e) => e.kind)).toEqual(['invalid']);
  });

  it('answers an unknown method with the unknown-method code, also for prototype names', async () => {
    const { responder: r } = await responder({ errorCodes: { unknownMethod: 404 } });
    const dock = await requester();

    for (const method of ['airport_unknown', 'constructor', '__proto__', 'toString']) {
      const error = await dock.request(method, DOCK, {}).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MqttReplyError);
      expect(error).toMatchObject({ result: 404, output: `unknown method ${JSON.stringify(method)}` });
    }
    expect(r.stats.unknownMethod).toBe(4);
  });

  it('answers a throwing handler with the handler-failed code and keeps serving', async () => {
    let calls = 0;
    const { responder: r, events } = await responder({
      handlers: {
        [BIND_STATUS]: async () => {
          calls++;
          if (calls === 1) throw new Error('database down');
          return { result: 0, output: { bind_status: [] } };
        },
      },
    });
    const dock = await requester();

    const error = await dock.request(BIND_STATUS, DOCK, devices).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MqttReplyError);
    expect(error).toMatchObject({ result: DEFAULT_ERROR_CODES.handlerFailed, output: `handler for ${BIND_STATUS} failed` });
    expect(events).toEqual([expect.objectContaining({ kind: 'handler-failed', method: BIND_STATUS, error: new Error('database down') })]);

    await expect(dock.request(BIND_STATUS, DOCK, devices)).resolves.toMatchObject({ data: { result: 0 } });
    expect(r.stats).toMatchObject({ handlerFailed: 1, replied: 2 });
  });

  it.each([
    ['no result', () => ({ output: {} })],
    ['a non-object', () => 'fine'],
    ['an output that is not JSON', () => ({ result: 0, output: { big: 10n } })],
  ])('answers a handler returning %s with the handler-failed code', async (_label, handle) => {
    await responder({ handlers: { [BIND_STATUS]: handle as never } });
    const dock = await requester();

    const error = await dock.request(BIND_STATUS, DOCK, devices).catch((e: unknown) => e);

    expect(error).toMatchObject({ result: DEFAULT_ERROR_CODES.handlerFailed });
  });

  it('answers with the handler-failed code when the reply fails the reply validator', async () => {
    const ajv = new Ajv();
    const validator = guard<unknown>(
      ajv.compile({ type: 'object', properties: { data: { type: 'object', properties: { output: { type: 'object', required: ['bind_status'] } } } } }),
      '/components/messages/AirportBindStatusReply/payload',
    );
    await responder({
      handlers: { [BIND_STATUS]: () => ({ result: 0, output: { wrong: true } }) },
      replyValidator: () => validator,
    });
    const dock = await requester();

    const error = await dock.request(BIND_STATUS, DOCK, devices).catch((e: unknown) => e);

    expect(error).toMatchObject({ result: DEFAULT_ERROR_CODES.handlerFailed });
    expect((error as MqttReplyError).output).toContain("must have required property 'bind_status'");
  });

  it('drops payloads it cannot correlate, answers a missing method, and keeps serving', async () => {
    const { responder: r, events } = await responder();
    const dock = await rawDock();
    const tid = crypto.randomUUID();
    const bid = crypto.randomUUID();

    for (const payload of ['{"tid": broken', '', '[1,2]', '42', 'null', '{"tid":"t"}', JSON.stringify({ tid: 5, bid: 'b' })]) {
      await dock.send(payload);
    }
    await dock.send(Buffer.from([0xff, 0xfe]));
    await dock.send(JSON.stringify({ tid, bid, timestamp: 1, data: {} }));

    await vi.waitFor(() => expect(dock.replies).toHaveLength(1));
    expect(dock.replies[0]?.reply).toMatchObject({ tid, bid, data: { result: DEFAULT_ERROR_CODES.malformed, output: 'method must be a non-empty string' } });
    expect(r.stats).toMatchObject({ received: 9, dropped: 8, invalid: 1, replied: 1 });
    expect(events.filter((e) => e.kind === 'dropped')).toHaveLength(8);

    const requesterClient = await requester();
    await expect(requesterClient.request(BIND_STATUS, DOCK, devices)).resolves.toMatchObject({ data: { result: 0 } });
  });

  it('survives a logger that throws', async () => {
    await responder({
      log: () => {
        throw new Error('logger broken');
      },
    });
    const dock = await requester();

    await expect(dock.request('nope', DOCK, {})).rejects.toBeInstanceOf(MqttReplyError);
    await expect(dock.request(BIND_STATUS, DOCK, devices)).resolves.toMatchObject({ data: { result: 0 } });
  });

  it('stops answering after close', async () => {
    const { responder: r } = await responder();
    await r.close();
    const dock = await requester(150);

    await expect(dock.request(BIND_STATUS, DOCK, devices)).rejects.toThrow('no reply');
    expect(r.stats.received).toBe(0);
  });

  it('refuses a reply topic that needs parameters the request topic lacks', async () => {
    const client = await connect();
    await expect(
      attachResponder(client, { handlers: {}, requestTopic: 'a/{x}/requests', replyTopic: 'a/{x}/{y}/reply' }),
    ).rejects.toThrow('needs {y}');
  });
});
