import { connectAsync, type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { startBroker, type EmbeddedBroker } from './mqtt-broker.js';

const brokers: EmbeddedBroker[] = [];
const clients: MqttClient[] = [];

async function broker(options?: Parameters<typeof startBroker>[0]): Promise<EmbeddedBroker> {
  const b = await startBroker(options);
  brokers.push(b);
  return b;
}

async function client(url: string): Promise<MqttClient> {
  const c = await connectAsync(url, { reconnectPeriod: 0, connectTimeout: 2000 });
  clients.push(c);
  return c;
}

function nextMessage(c: MqttClient): Promise<[string, Buffer]> {
  return new Promise((resolve) => c.once('message', (topic, payload) => resolve([topic, payload])));
}

function closed(c: MqttClient): Promise<void> {
  return new Promise((resolve) => c.once('close', () => resolve()));
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
  await Promise.all(brokers.splice(0).map((b) => b.close()));
});

describe('startBroker', () => {
  it('serves MQTT on a free local port', async () => {
    const b = await broker();
    expect(b.port).toBeGreaterThan(0);
    expect(b.url).toBe(`mqtt://127.0.0.1:${b.port}`);
    expect(b.wsUrl).toBeUndefined();

    const subscriber = await client(b.url);
    const publisher = await client(b.url);
    await subscriber.subscribeAsync('thing/product/+/requests', { qos: 1 });
    const received = nextMessage(subscriber);
    await publisher.publishAsync('thing/product/dock-sn/requests', '{"hello":1}', { qos: 1 });
    const [topic, payload] = await received;
    expect(topic).toBe('thing/product/dock-sn/requests');
    expect(payload.toString()).toBe('{"hello":1}');
  });

  it('serves MQTT over WebSocket to the same clients', async () => {
    const b = await broker({ ws: true });
    expect(b.wsUrl).toBe(`ws://127.0.0.1:${b.wsPort}`);
    const overWs = await client(b.wsUrl as string);
    const overTcp = await client(b.url);
    await overWs.subscribeAsync('a/b', { qos: 1 });
    const received = nextMessage(overWs);
    await overTcp.publishAsync('a/b', 'over the bridge', { qos: 1 });
    const [, payload] = await received;
    expect(payload.toString()).toBe('over the bridge');
  });

  it('disconnects its clients on close, resolves, and frees the port for a restart', async () => {
    const first = await startBroker({ ws: true });
    const tcp = await client(first.url);
    const ws = await client(first.wsUrl as string);
    const bothClosed = Promise.all([closed(tcp), closed(ws)]);
    await first.close();
    await bothClosed;
    expect(tcp.connected).toBe(false);
    expect(ws.connected).toBe(false);
    await first.close();

    const again = await broker({ port: first.port });
    expect(again.port).toBe(first.port);
    const c = await client(again.url);
    expect(c.connected).toBe(true);
  });

  it('rejects when the port is taken', async () => {
    const b = await broker();
    await expect(startBroker({ port: b.port })).rejects.toThrow(/EADDRINUSE/);
  });
});
