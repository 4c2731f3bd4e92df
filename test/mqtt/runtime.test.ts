import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startBroker } from '../../contract-tests/mock/mqtt-broker.js';
import { keepNoDelay } from '../../generator/runtime/mqtt-nodelay.js';
import { MqttRequester } from '../../generator/runtime/mqtt-requester.js';
import { attachResponder, DEFAULT_ERROR_CODES, type MethodHandler } from '../../generator/runtime/mqtt-responder.js';
import { guard } from '../../generator/runtime/validation.js';
import { brokerPerTest } from './helpers/harness.js';
import { rawDock } from './helpers/mqtt.js';

/** The parts of the runtime the generated MQTT code relies on beyond the runtime's own tests. */
const mqtt = brokerPerTest();

const REQUESTS = 'thing/product/gw/requests';
const REPLIES = 'thing/product/gw/requests_reply';
const request = (method: string, data: unknown = {}) => ({ tid: randomUUID(), bid: randomUUID(), timestamp: Date.now(), method, data });
/** A validator that accepts only `{ data: { ok: true } }`-shaped requests. */
const onlyOk = guard<unknown>(Object.assign((v: unknown) => (v as { data?: { ok?: unknown } }).data?.ok === true, { errors: [] }), '/x');

describe('responder methodErrorCodes', () => {
  it('answers with the method\'s own codes over the shared ones, and the shared ones for other methods', async () => {
    const failing: MethodHandler = () => {
      throw new Error('no');
    };
    await attachResponder(await mqtt.connect(), {
      handlers: { a: failing, b: failing, constructor: failing },
      requestValidator: () => onlyOk,
      errorCodes: { malformed: 10, handlerFailed: 20 },
      methodErrorCodes: { a: { handlerFailed: 21, malformed: 11 }, b: { handlerFailed: 22 } },
    });
    const dock = await rawDock(await mqtt.connect(), REQUESTS, REPLIES);
    const resultOf = async (method: string, data: unknown) => {
      const sent = request(method, data);
      await dock.send(sent);
      return (await dock.reply(sent.tid)).data;
    };
    expect(await resultOf('a', { ok: true })).toMatchObject({ result: 21 });
    expect(await resultOf('a', { ok: false })).toMatchObject({ result: 11 });
    expect(await resultOf('b', { ok: true })).toMatchObject({ result: 22 });
    expect(await resultOf('b', { ok: false })).toMatchObject({ result: 10 });
    // `constructor` is an Object.prototype member, not an entry of methodErrorCodes.
    expect(await resultOf('constructor', { ok: true })).toMatchObject({ result: 20 });
    expect(await resultOf('missing', { ok: true })).toMatchObject({ result: DEFAULT_ERROR_CODES.unknownMethod });
  });
});

describe('TCP_NODELAY on the clients of requesters and responders', () => {
  /** The values given to setNoDelay on the client's current socket from now on. */
  const noDelayCalls = (client: Awaited<ReturnType<typeof mqtt.connect>>) => {
    const calls: boolean[] = [];
    const stream = client.stream as unknown as { setNoDelay(v: boolean): unknown };
    const original = stream.setNoDelay.bind(stream);
    stream.setNoDelay = (v: boolean) => (calls.push(v), original(v));
    return calls;
  };

  it('a requester and a responder each turn it on for their client, and stop watching reconnects when closed', async () => {
    const requesterClient = await mqtt.connect();
    const requesterCalls = noDelayCalls(requesterClient);
    const connectListeners = requesterClient.listenerCount('connect');
    const requester = new MqttRequester(requesterClient, { timeoutMs: 2000 });
    expect(requesterCalls).toEqual([true]);
    requester.close();
    expect(requesterClient.listenerCount('connect')).toBe(connectListeners);

    const responderClient = await mqtt.connect();
    const responderCalls = noDelayCalls(responderClient);
    const responder = await attachResponder(responderClient, { handlers: { ping: () => ({ result: 0, output: {} }) } });
    expect(responderCalls).toEqual([true]);
    await responder.close();
  });

  it('sets it on the socket of every reconnect and stops when asked', async () => {
    const client = await mqtt.connect();
    const sockets: unknown[] = [];
    const calls: [number, boolean][] = [];
    /** Records setNoDelay calls on the current socket; runs before keepNoDelay's own listener. */
    const watch = () => {
      const stream = client.stream as unknown as { setNoDelay(v: boolean): unknown };
      const index = sockets.push(stream) - 1;
      const original = stream.setNoDelay.bind(stream);
      stream.setNoDelay = (v: boolean) => (calls.push([index, v]), original(v));
    };
    watch();
    client.prependListener('connect', watch);
    const stop = keepNoDelay(client);
    expect(calls).toEqual([[0, true]]);

    const port = mqtt.broker.port;
    await mqtt.broker.close();
    mqtt.broker = await startBroker({ port });
    await new Promise<void>((resolve) => client.once('connect', () => resolve()));
    expect(sockets).toHaveLength(2);
    expect(sockets[1]).not.toBe(sockets[0]);
    expect(calls).toEqual([
      [0, true],
      [1, true],
    ]);

    const listeners = client.listenerCount('connect');
    stop();
    expect(client.listenerCount('connect')).toBe(listeners - 1);
  });
});
