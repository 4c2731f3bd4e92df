/**
 * The replying side of MQTT request/reply (generated cloud handlers plug into it): subscribe to
 * the request topic filter, hand each request to its method's handler and publish the reply on
 * the reply topic of the same parameters (e.g. the same `gateway_sn`).
 *
 * Every message is answered when it can be: a request that cannot be correlated (not JSON, not
 * an object, no string tid/bid) is logged and dropped, since a reply without tid/bid would reach
 * no one. Everything else gets a reply; failures carry a non-zero `result` and a message string
 * in `output`, as DJI's reference cloud does. Nothing thrown by a handler escapes.
 */

import type { MqttClient } from 'mqtt';
import {
  buildReply,
  isRecord,
  parseJsonPayload,
  readCorrelation,
  type ReplyData,
  type ReplyEnvelope,
  type RequestEnvelope,
} from './mqtt-envelope.js';
import { keepNoDelay } from './mqtt-nodelay.js';
import { DEFAULT_REPLY_TOPIC, DEFAULT_REQUEST_TOPIC, TopicTemplate, type Qos } from './mqtt-topics.js';
import { formatIssues, type Validator } from './validation.js';

export interface HandlerContext {
  method: string;
  tid: string;
  bid: string;
  /** The concrete topic the request arrived on and the parameters read from it. */
  topic: string;
  params: Readonly<Record<string, string>>;
  request: Readonly<RequestEnvelope>;
}

export type HandlerResult = ReplyData;

/** `never` data lets handlers with any typed `data` parameter sit in one map. */
export type MethodHandler<D = never> = (data: D, context: HandlerContext) => Promise<HandlerResult> | HandlerResult;

export interface ResponderErrorCodes {
  /** The request fails its schema or has no method. */
  malformed: number;
  /** No handler for the method. */
  unknownMethod: number;
  /** The handler threw or returned something that is not a valid reply. */
  handlerFailed: number;
}

/** The codes that can differ by method (an unknown method has no method to look up). */
export type MethodErrorCodes = Pick<ResponderErrorCodes, 'malformed' | 'handlerFailed'>;

/**
 * 200001 is DJI's "illegal argument"; -1 is `MqttReply.CODE_ERROR`, the generic error result of
 * DJI's reference cloud.
 */
export const DEFAULT_ERROR_CODES: Readonly<ResponderErrorCodes> = { malformed: 200001, unknownMethod: 200001, handlerFailed: -1 };

export type ResponderEventKind = 'dropped' | 'invalid' | 'unknown-method' | 'handler-failed' | 'publish-failed';

export interface ResponderEvent {
  kind: ResponderEventKind;
  topic: string;
  message: string;
  tid?: string;
  bid?: string;
  method?: string;
  error?: unknown;
}

export interface ResponderOptions {
  /** Default `thing/product/{gateway_sn}/requests`. */
  requestTopic?: string;
  /** Default `thing/product/{gateway_sn}/requests_reply`; needs the request topic's parameters. */
  replyTopic?: string;
  /** `subscribe`: QoS of the request subscription (default 1); `reply`: QoS of replies (default 2). */
  qos?: { subscribe?: Qos; reply?: Qos };
  handlers: Readonly<Record<string, MethodHandler>>;
  /** The validator of a method's whole request envelope, if the method has one. */
  requestValidator?: (method: string) => Validator<unknown> | undefined;
  /** The validator of a method's whole reply envelope: catches handlers that answer off-schema. */
  replyValidator?: (method: string) => Validator<unknown> | undefined;
  errorCodes?: Partial<ResponderErrorCodes>;
  /** Codes for one method's requests, over `errorCodes` (e.g. each method's own "failed" code). */
  methodErrorCodes?: Readonly<Record<string, Partial<MethodErrorCodes>>>;
  log?: (event: ResponderEvent) => void;
  now?: () => number;
}

export interface ResponderStats {
  received: number;
  replied: number;
  dropped: number;
  invalid: number;
  unknownMethod: number;
  handlerFailed: number;
  publishFailed: number;
}

export interface MqttResponder {
  /** Stops answering and unsubscribes; the client stays connected. */
  close(): Promise<void>;
  readonly stats: Readonly<ResponderStats>;
}

/** Subscribes and resolves once the broker acknowledged the subscription. */
export async function attachResponder(client: MqttClient, options: ResponderOptions): Promise<MqttResponder> {
  const requestTopic = new TopicTemplate(options.requestTopic ?? DEFAULT_REQUEST_TOPIC);
  const replyTopic = new TopicTemplate(options.replyTopic ?? DEFAULT_REPLY_TOPIC);
  const missing = replyTopic.params.filter((p) => !requestTopic.params.includes(p));
  if (missing.length > 0) {
    throw new Error(`reply topic ${replyTopic.template} needs {${missing.join('}, {')}}, which request topic ${requestTopic.template} does not provide`);
  }
  const codes: ResponderErrorCodes = { ...DEFAULT_ERROR_CODES, ...options.errorCodes };
  const qos = { subscribe: options.qos?.subscribe ?? 1, reply: options.qos?.reply ?? 2 };
  const stats: ResponderStats = { received: 0, replied: 0, dropped: 0, invalid: 0, unknownMethod: 0, handlerFailed: 0, publishFailed: 0 };
  const log = (event: ResponderEvent) => {
    try {
      options.log?.(event);
    } catch {
      // A failing logger must not stop the responder.
    }
  };
  const now = options.now ?? Date.now;
  let closed = false;

  const publish = (topic: string, reply: ReplyEnvelope, text: string) => {
    if (closed) return;
    client.publish(topic, text, { qos: qos.reply }, (error) => {
      if (error) {
        stats.publishFailed++;
        log({ kind: 'publish-failed', topic, message: error.message, tid: reply.tid, bid: reply.bid, method: reply.method, error });
      }
    });
    stats.replied++;
  };

  const answer = async (topic: string, payload: Buffer): Promise<void> => {
    const params = requestTopic.match(topic);
    if (params === undefined) return;
    stats.received++;
    const parsed = parseJsonPayload(payload);
    const { tid, bid, method } = readCorrelation(parsed.ok ? parsed.value : undefined);
    if (!parsed.ok || !isRecord(parsed.value) || tid === undefined || bid === undefined) {
      stats.dropped++;
      const why = !parsed.ok ? `not JSON (${parsed.error})` : !isRecord(parsed.value) ? 'not a JSON object' : 'no string tid and bid';
      log({ kind: 'dropped', topic, message: `request dropped: ${why}`, ...(tid && { tid }), ...(bid && { bid }) });
      return;
    }
    const request = parsed.value;
    const replyTo = replyTopic.fill(params);
    const correlation = { tid, bid, method: method ?? '' };
    const fail = (kind: ResponderEventKind, result: number, message: string, error?: unknown) => {
      log({ kind, topic, message, tid, bid, ...(method !== undefined && { method }), ...(error !== undefined && { error }) });
      const failure = buildReply(correlation, { result, output: message }, { now });
      publish(replyTo, failure, JSON.stringify(failure));
    };

    if (method === undefined) {
      stats.invalid++;
      return fail('invalid', codes.malformed, 'method must be a non-empty string');
    }
    const handler = Object.hasOwn(options.handlers, method) ? options.handlers[method] : undefined;
    if (handler === undefined) {
      stats.unknownMethod++;
      return fail('unknown-method', codes.unknownMethod, `unknown method ${JSON.stringify(method)}`);
    }
    const own = options.methodErrorCodes && Object.hasOwn(options.methodErrorCodes, method) ? options.methodErrorCodes[method] : undefined;
    const methodCodes: MethodErrorCodes = own ? { ...codes, ...own } : codes;
    const requestValidator = options.requestValidator?.(method);
    if (requestValidator && !requestValidator(request)) {
      stats.invalid++;
      return fail('invalid', methodCodes.malformed, `invalid request: ${formatIssues(requestValidator.issues)}`);
    }

    let result: unknown;
    try {
      const context: HandlerContext = { method, tid, bid, topic, params, request: request as unknown as RequestEnvelope };
      result = await (handler as MethodHandler<unknown>)(request.data, context);
    } catch (error) {
      stats.handlerFailed++;
      return fail('handler-failed', methodCodes.handlerFailed, `handler for ${method} failed`, error);
    }
    if (!isRecord(result) || !Number.isInteger(result.result)) {
      stats.handlerFailed++;
      return fail('handler-failed', methodCodes.handlerFailed, `handler for ${method} returned no integer result`);
    }
    const success = buildReply(correlation, { result: result.result as number, output: result.output }, { now });
    const replyValidator = options.replyValidator?.(method);
    if (replyValidator && !replyValidator(success)) {
      stats.handlerFailed++;
      return fail('handler-failed', methodCodes.handlerFailed, `handler for ${method} answered off-schema: ${formatIssues(replyValidator.issues)}`);
    }
    let text: string;
    try {
      text = JSON.stringify(success);
    } catch (error) {
      stats.handlerFailed++;
      return fail('handler-failed', methodCodes.handlerFailed, `handler for ${method} returned an output that is not JSON`, error);
    }
    publish(replyTo, success, text);
  };

  const onMessage = (topic: string, payload: Buffer): void => {
    answer(topic, payload).catch((error: unknown) => log({ kind: 'handler-failed', topic, message: 'responder error', error }));
  };

  client.on('message', onMessage);
  const stopNoDelay = keepNoDelay(client);
  try {
    await client.subscribeAsync(requestTopic.filter, { qos: qos.subscribe });
  } catch (error) {
    client.removeListener('message', onMessage);
    stopNoDelay();
    throw error;
  }

  return {
    stats,
    async close() {
      if (closed) return;
      closed = true;
      client.removeListener('message', onMessage);
      stopNoDelay();
      // Waiting for an UNSUBACK while offline would hang until the next reconnect.
      if (client.connected) await client.unsubscribeAsync(requestTopic.filter).catch(() => undefined);
    },
  };
}
