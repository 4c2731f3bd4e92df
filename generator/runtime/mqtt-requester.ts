/**
 * The requesting side of MQTT request/reply (a generated dock client is a thin typed layer over
 * it): publish a request envelope, wait for the reply whose tid AND bid match, retry on timeout.
 *
 * Retries follow DJI's reference implementation (`MqttGatewayPublish.publishWithReply`): every
 * attempt is a new transaction with a fresh `tid`; the `bid` is kept only when the caller
 * supplied one, otherwise it is fresh too. The wait for an attempt ends at its timeout, so a
 * reply to an earlier attempt that arrives later is counted as late and ignored.
 *
 * The requester does not own the client: `close()` stops listening and rejects waiting requests
 * but leaves the connection to whoever created it. Reconnects are mqtt.js's job: with
 * `resubscribe` (its default) the reply subscription is restored, and the next attempt
 * republishes, so a request either completes after a reconnect or ends with a timeout that says
 * whether the client was connected.
 */

import type { MqttClient } from 'mqtt';
import { PendingReplies, realTimers, type CorrelationCounters, type Timers, type WaitResult } from './mqtt-correlation.js';
import { buildRequest, isRecord, parseJsonPayload, RESULT_SUCCESS, type ReplyEnvelope } from './mqtt-envelope.js';
import {
  MqttReplyError,
  MqttReplyValidationError,
  MqttRequesterClosedError,
  MqttTimeoutError,
  MqttTransportError,
} from './mqtt-errors.js';
import { keepNoDelay } from './mqtt-nodelay.js';
import { DEFAULT_REPLY_TOPIC, DEFAULT_REQUEST_TOPIC, TopicTemplate, type Qos, type TopicParams } from './mqtt-topics.js';
import type { ValidationIssue, Validator } from './validation.js';

export interface MqttRequesterOptions {
  /** Where requests go; default `thing/product/{gateway_sn}/requests`. */
  requestTopic?: string;
  /** Where replies come back; default `thing/product/{gateway_sn}/requests_reply`. */
  replyTopic?: string;
  /** Wait per attempt; default 3000 ms. */
  timeoutMs?: number;
  /** Attempts after the first; default 2. */
  retries?: number;
  /** `request`: QoS of published requests (default 1); `reply`: QoS of the reply subscription (default 2). */
  qos?: { request?: Qos; reply?: Qos };
  /** The validator of a method's whole reply envelope, if the method has one. */
  replyValidator?: (method: string) => Validator<unknown> | undefined;
  /** Sent as the envelope's `gateway` when set. */
  gateway?: string;
  now?: () => number;
  newId?: () => string;
  timers?: Timers;
}

export interface RequestOptions {
  timeoutMs?: number;
  retries?: number;
  signal?: AbortSignal;
  /** Business id shared by every attempt; each attempt gets a fresh one otherwise. */
  bid?: string;
}

export interface RequesterStats extends CorrelationCounters {
  /** Request envelopes handed to the client, one per attempt. */
  published: number;
  /** Attempts that ended without a matching reply. */
  timedOut: number;
}

export const DEFAULT_TIMEOUT_MS = 3000;
export const DEFAULT_RETRIES = 2;

/** Rejection reason of waits ended by `close()`; turned into MqttRequesterClosedError per request. */
const CLOSED = Symbol('requester closed');

export class MqttRequester {
  private readonly client: MqttClient;
  private readonly requestTopic: TopicTemplate;
  private readonly replyTopic: TopicTemplate;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly qos: { request: Qos; reply: Qos };
  private readonly options: MqttRequesterOptions;
  private readonly timers: Timers;
  private readonly pending: PendingReplies;
  /** SUBACK of each concrete reply topic, requested once. */
  private readonly subscriptions = new Map<string, Promise<void>>();
  /** Interrupts waits that are not in `pending` (subscriptions) when the requester closes. */
  private readonly onClose = new Set<() => void>();
  private readonly stopNoDelay: () => void;
  private closed = false;
  private published = 0;
  private timedOut = 0;

  constructor(client: MqttClient, options: MqttRequesterOptions = {}) {
    this.client = client;
    this.options = options;
    this.requestTopic = new TopicTemplate(options.requestTopic ?? DEFAULT_REQUEST_TOPIC);
    this.replyTopic = new TopicTemplate(options.replyTopic ?? DEFAULT_REPLY_TOPIC);
    this.timeoutMs = checkTimeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    this.retries = checkRetries(options.retries ?? DEFAULT_RETRIES);
    this.qos = { request: options.qos?.request ?? 1, reply: options.qos?.reply ?? 2 };
    this.timers = options.timers ?? realTimers;
    this.pending = new PendingReplies({ timers: this.timers });
    client.on('message', this.onMessage);
    this.stopNoDelay = keepNoDelay(client);
  }

  /**
   * Sends `method` with `data` to the topic named by `topicParams` and resolves with the reply
   * envelope (`data.result` 0). Throws MqttTimeoutError, MqttReplyError (non-zero result),
   * MqttReplyValidationError, MqttTransportError, MqttRequesterClosedError or the signal's reason.
   */
  async request<R extends ReplyEnvelope = ReplyEnvelope>(
    method: string,
    topicParams: TopicParams,
    data: unknown,
    options: RequestOptions = {},
  ): Promise<R> {
    if (this.closed) throw new MqttRequesterClosedError(method);
    const timeoutMs = checkTimeout(options.timeoutMs ?? this.timeoutMs);
    const attempts = checkRetries(options.retries ?? this.retries) + 1;
    const { signal } = options;
    signal?.throwIfAborted();
    const requestTopic = this.requestTopic.fill(topicParams);
    const replyTopic = this.replyTopic.fill(topicParams);

    await this.subscribed(method, replyTopic, timeoutMs * attempts, signal);

    let last = { tid: '', bid: '' };
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const envelope = buildRequest(method, data, {
        ...(options.bid !== undefined && { bid: options.bid }),
        ...(this.options.gateway !== undefined && { gateway: this.options.gateway }),
        ...(this.options.now && { now: this.options.now }),
        ...(this.options.newId && { newId: this.options.newId }),
      });
      last = { tid: envelope.tid, bid: envelope.bid };
      const outcome = await this.attempt(method, requestTopic, envelope, timeoutMs, signal);
      if (outcome.kind === 'reply') return this.accept(method, envelope, outcome.reply) as R;
      this.timedOut++;
    }
    throw new MqttTimeoutError(method, last.tid, last.bid, attempts, timeoutMs, this.client.connected);
  }

  /** Stops listening and rejects every waiting request; the client stays connected. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.client.removeListener('message', this.onMessage);
    this.stopNoDelay();
    this.pending.rejectAll(CLOSED);
    for (const interrupt of [...this.onClose]) interrupt();
  }

  get stats(): RequesterStats {
    return { ...this.pending.counters, published: this.published, timedOut: this.timedOut };
  }

  private async attempt(
    method: string,
    topic: string,
    envelope: { tid: string; bid: string },
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ): Promise<WaitResult> {
    const { tid, bid } = envelope;
    const payload = JSON.stringify(envelope);
    const waiting = this.pending.register(tid, bid, timeoutMs);
    const onAbort = () => this.pending.cancel(tid, bid, signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    this.published++;
    this.client.publish(topic, payload, { qos: this.qos.request }, (error) => {
      if (error) this.pending.cancel(tid, bid, new MqttTransportError(method, 'publish', topic, error));
    });
    try {
      return await waiting;
    } catch (reason) {
      throw reason === CLOSED ? new MqttRequesterClosedError(method) : reason;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Resolves once the broker acknowledged the reply subscription (asked for once per topic), or
   * once the connection dropped before the SUBACK while mqtt.js will restore the subscription on
   * reconnect: then the attempts go ahead and their retries cover the outage.
   */
  private subscribed(method: string, topic: string, budgetMs: number, signal: AbortSignal | undefined): Promise<void> {
    let suback = this.subscriptions.get(topic);
    if (!suback) {
      suback = this.client.subscribeAsync(topic, { qos: this.qos.reply }).then(
        () => undefined,
        (error: unknown) => {
          // Not cached either way: the next request asks again (mqtt.js answers at once if it
          // already holds the subscription for resubscribing).
          this.subscriptions.delete(topic);
          if (!this.restoredOnReconnect(error)) throw error;
        },
      );
      this.subscriptions.set(topic, suback);
    }
    const pendingSuback = suback;
    return new Promise<void>((resolve, reject) => {
      const finish = (settle: () => void) => {
        this.timers.clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.onClose.delete(onClose);
        settle();
      };
      const timer = this.timers.setTimeout(
        () => finish(() => reject(new MqttTransportError(method, 'subscribe', topic, new Error(`no SUBACK within ${budgetMs} ms`)))),
        budgetMs,
      );
      const onAbort = () => finish(() => reject(signal?.reason));
      const onClose = () => finish(() => reject(new MqttRequesterClosedError(method)));
      signal?.addEventListener('abort', onAbort, { once: true });
      this.onClose.add(onClose);
      pendingSuback.then(
        () => finish(resolve),
        (error: unknown) => finish(() => reject(new MqttTransportError(method, 'subscribe', topic, error))),
      );
    });
  }

  /** Whether a failed SUBSCRIBE was cut off by a lost connection (no SUBACK) that mqtt.js will redo. */
  private restoredOnReconnect(error: unknown): boolean {
    const suback = typeof error === 'object' && error !== null && 'packet' in error ? error.packet : undefined;
    const { resubscribe, reconnectPeriod } = this.client.options;
    return suback === undefined && !this.client.disconnecting && resubscribe !== false && (reconnectPeriod ?? 0) > 0;
  }

  /** Checks a matched reply: same method, valid, successful. */
  private accept(method: string, request: { tid: string; bid: string }, reply: Record<string, unknown>): ReplyEnvelope {
    const { tid, bid } = request;
    const issues: ValidationIssue[] = [];
    if (reply.method !== method) {
      issues.push(issue('/method', 'const', `must be the request's method ${JSON.stringify(method)}`, { allowedValue: method }));
    }
    const validator = this.options.replyValidator?.(method);
    if (validator && !validator(reply)) {
      issues.push(...validator.issues);
    } else if (!isRecord(reply.data) || !Number.isInteger(reply.data.result)) {
      issues.push(issue('/data/result', 'type', 'must be integer', { type: 'integer' }));
    }
    if (issues.length > 0) throw new MqttReplyValidationError(method, tid, bid, issues, reply);
    const envelope = reply as unknown as ReplyEnvelope;
    if (envelope.data.result !== RESULT_SUCCESS) {
      throw new MqttReplyError(method, tid, bid, envelope.data.result, envelope.data.output);
    }
    return envelope;
  }

  /** Never throws: every payload on a reply topic is either a match or a counted rejection. */
  private readonly onMessage = (topic: string, payload: Buffer): void => {
    if (this.replyTopic.match(topic) === undefined) return;
    const parsed = parseJsonPayload(payload);
    this.pending.resolve(parsed.ok ? parsed.value : undefined);
  };
}

function issue(path: string, keyword: string, message: string, params: Record<string, unknown>): ValidationIssue {
  return { path, keyword, message, schemaPointer: '', params };
}

function checkTimeout(ms: number): number {
  if (!Number.isFinite(ms) || ms <= 0) throw new RangeError(`timeoutMs must be a positive number of milliseconds, got ${ms}`);
  return ms;
}

function checkRetries(retries: number): number {
  if (!Number.isInteger(retries) || retries < 0) throw new RangeError(`retries must be a non-negative integer, got ${retries}`);
  return retries;
}
