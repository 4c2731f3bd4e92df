import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import { keepNoDelay } from '../../../generator/runtime/mqtt-nodelay.js';

export type Envelope = Record<string, unknown> & { tid: string; bid: string; method: string; data: unknown };

/** MQTT clients of one test, all ended by `endAll`. Errors are swallowed: tests restart brokers. */
export class Clients {
  private readonly clients: MqttClient[] = [];

  async connect(url: string, options: IClientOptions = {}): Promise<MqttClient> {
    const client = await connectAsync(url, { reconnectPeriod: 50, connectTimeout: 2000, ...options });
    client.on('error', () => undefined);
    this.clients.push(client);
    return client;
  }

  async endAll(): Promise<void> {
    await Promise.all(this.clients.splice(0).map((c) => c.endAsync(true)));
  }
}

/**
 * A scripted cloud on a raw client (with TCP_NODELAY, as the generated code's clients have):
 * sees every request on `filter` and answers however `answer` says, on the topic with `_reply`
 * appended (strings are published as they are).
 */
export async function scriptedCloud(
  client: MqttClient,
  filter: string,
  answer: (request: Envelope, send: (payload: unknown) => void) => void,
): Promise<{ seen: Envelope[] }> {
  const seen: Envelope[] = [];
  keepNoDelay(client);
  client.on('message', (topic, payload) => {
    const request = JSON.parse(payload.toString()) as Envelope;
    seen.push(request);
    answer(request, (reply) => client.publish(`${topic}_reply`, typeof reply === 'string' ? reply : JSON.stringify(reply), { qos: 2 }));
  });
  await client.subscribeAsync(filter, { qos: 1 });
  return { seen };
}

/**
 * A raw dock on a raw client (with TCP_NODELAY): publishes any payload on a request topic and
 * collects what comes back on the reply topic.
 */
export async function rawDock(client: MqttClient, requestTopic: string, replyTopic: string) {
  const replies: Envelope[] = [];
  const waiters: (() => void)[] = [];
  keepNoDelay(client);
  client.on('message', (topic, payload) => {
    if (topic !== replyTopic) return;
    replies.push(JSON.parse(payload.toString()) as Envelope);
    for (const wake of waiters.splice(0)) wake();
  });
  await client.subscribeAsync(replyTopic, { qos: 2 });
  return {
    replies,
    send: (payload: unknown) => client.publishAsync(requestTopic, typeof payload === 'string' ? payload : JSON.stringify(payload), { qos: 1 }),
    /** Resolves with the reply whose tid is `tid`, or rejects after `ms`. */
    async reply(tid: string, ms = 2000): Promise<Envelope> {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = replies.find((r) => r.tid === tid);
        if (found) return found;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no reply with tid ${tid} within ${ms} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until `condition` holds (polling): for counters and broker events that trail a result. */
export async function eventually(condition: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}
