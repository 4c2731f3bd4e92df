/**
 * Request/reply over a raw mqtt.js client, correlated independently of the generated dock client:
 * a reply belongs to a request when both its tid and bid equal the request's; a reply that
 * shares only one of them is kept as a near miss of that request (evidence of broken correlation).
 */
import type { MqttClient } from 'mqtt';
import { isRecord, parseJsonPayload } from '../../generator/runtime/mqtt-envelope.js';
import type { TopicTemplate, Qos } from '../../generator/runtime/mqtt-topics.js';
import type { MqttMessageRecord, MqttTransaction } from '../checks/types.js';

interface Pending {
  transaction: MqttTransaction;
  done(): void;
}

export class ReplyCollector {
  private readonly byKey = new Map<string, Pending>();
  private readonly byTid = new Map<string, Pending>();
  private readonly byBid = new Map<string, Pending>();

  constructor(
    private readonly client: MqttClient,
    private readonly replyTopics: TopicTemplate,
    private readonly now: () => number = Date.now,
  ) {
    client.on('message', this.onMessage);
  }

  close(): void {
    this.client.removeListener('message', this.onMessage);
  }

  /** Publishes `request` and resolves once its reply arrived or `timeoutMs` passed. */
  async exchange(requestTopic: string, replyTopic: string, request: unknown, options: { timeoutMs: number; qos: Qos }): Promise<MqttTransaction> {
    const transaction: MqttTransaction = { requestTopic, replyTopic, request, sentAt: this.now(), nearMisses: [], waitedMs: 0 };
    const { tid, bid } = ids(request);
    const key = keyOf(tid, bid);
    let resolve!: () => void;
    const settled = new Promise<void>((r) => (resolve = r));
    const pending: Pending = { transaction, done: () => resolve() };
    // A second request with the same ids (or with none) cannot be told apart: only the first is waited for.
    const owns = key !== undefined && !this.byKey.has(key);
    if (owns) this.byKey.set(key, pending);
    if (typeof tid === 'string' && !this.byTid.has(tid)) this.byTid.set(tid, pending);
    if (typeof bid === 'string' && !this.byBid.has(bid)) this.byBid.set(bid, pending);
    const timer = setTimeout(() => pending.done(), options.timeoutMs);
    const text = typeof request === 'string' ? request : JSON.stringify(request);
    this.client.publish(requestTopic, text, { qos: options.qos }, () => undefined);
    await settled;
    clearTimeout(timer);
    transaction.waitedMs = this.now() - transaction.sentAt;
    if (owns) this.byKey.delete(key);
    if (typeof tid === 'string' && this.byTid.get(tid) === pending) this.byTid.delete(tid);
    if (typeof bid === 'string' && this.byBid.get(bid) === pending) this.byBid.delete(bid);
    return transaction;
  }

  private readonly onMessage = (topic: string, payload: Buffer): void => {
    if (this.replyTopics.match(topic) === undefined) return;
    const parsed = parseJsonPayload(payload);
    const text = payload.toString('utf8');
    const record: MqttMessageRecord = { topic, payload: parsed.ok ? parsed.value : text, text, at: this.now() };
    const { tid, bid } = ids(record.payload);
    const key = keyOf(tid, bid);
    const match = key === undefined ? undefined : this.byKey.get(key);
    if (match) {
      if (match.transaction.reply === undefined) {
        match.transaction.reply = record;
        match.done();
      }
      return;
    }
    const near = (typeof tid === 'string' ? this.byTid.get(tid) : undefined) ?? (typeof bid === 'string' ? this.byBid.get(bid) : undefined);
    near?.transaction.nearMisses.push(record);
  };
}

function ids(payload: unknown): { tid: unknown; bid: unknown } {
  return isRecord(payload) ? { tid: payload.tid, bid: payload.bid } : { tid: undefined, bid: undefined };
}

/** Both ids present (whatever their type: a broken request's reply echoes them as they were). */
function keyOf(tid: unknown, bid: unknown): string | undefined {
  return tid === undefined || bid === undefined ? undefined : JSON.stringify([tid, bid]);
}
