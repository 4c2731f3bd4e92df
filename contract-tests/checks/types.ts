/**
 * The check registry's vocabulary. A check looks at one exchange (a REST request and its
 * response, or an MQTT request and its reply) or at one operation as a whole (and may send
 * requests of its own), and passes, fails with a message, or does not apply (skip).
 */
import type { IrMethod, IrOperation } from '../../generator/ir/types.js';
import type { HttpResponse } from '../../generator/runtime/http-request.js';
import type { Violation } from '../../generator/runtime/samples.js';
import type { MqttApi, RestApi } from '../apis/api.js';

export type CheckResult =
  | { status: 'pass' }
  | { status: 'skip'; reason: string }
  | { status: 'fail'; message: string; evidence?: RestExchange[] };

export const pass: CheckResult = { status: 'pass' };
export const skip = (reason: string): CheckResult => ({ status: 'skip', reason });
export const fail = (message: string, evidence?: RestExchange[]): CheckResult =>
  evidence === undefined ? { status: 'fail', message } : { status: 'fail', message, evidence };

/** A REST request as sent: path template and parameters, query in wire form, JSON body. */
export interface RestRequest {
  method: string;
  /** Path template, e.g. `/v1/products/{product_key}/devices`. */
  path: string;
  pathParams: Record<string, string>;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  /** Sent as JSON when defined. */
  body?: unknown;
}

export interface RestExchange {
  request: RestRequest;
  url: string;
  /** Absent when the request failed at the transport (refused, reset, timed out). */
  response?: HttpResponse;
  error?: string;
  elapsedMs: number;
}

export type SampleKind = 'valid' | 'invalid';

export interface SampleInfo {
  kind: SampleKind;
  /** Position among the operation's (or method's) samples of this kind. */
  index: number;
  /** The one constraint an invalid sample breaks. */
  violation?: Violation;
}

export interface CheckSettings {
  maxResponseTimeMs: number;
  /** How far a reply's timestamp may be from the local clock. */
  timestampWindowMs: number;
  now: () => number;
}

/** How the run authenticated a request, so a check can send it without or with broken credentials. */
export interface AppliedCredential {
  scheme: string;
  kind: 'token' | 'credential';
  in: 'header' | 'query';
  /** Header or query parameter name. */
  name: string;
  /** What is sent before the value, e.g. `token `. */
  prefix: string;
  value: string;
}

export interface RestExchangeContext {
  protocol: 'rest';
  scope: 'exchange';
  api: RestApi;
  operation: IrOperation;
  exchange: RestExchange;
  sample: SampleInfo;
  settings: CheckSettings;
  send(request: RestRequest): Promise<RestExchange>;
}

export interface RestOperationContext {
  protocol: 'rest';
  scope: 'operation';
  api: RestApi;
  operation: IrOperation;
  /** A valid request of the operation, with credentials, as the run sends it. */
  base: RestRequest;
  /** The credentials in `base`. */
  credentials: readonly AppliedCredential[];
  /** A token the target issued and that has expired, when the target can provide one. */
  expiredToken?: string;
  settings: CheckSettings;
  send(request: RestRequest): Promise<RestExchange>;
}

export interface MqttMessageRecord {
  topic: string;
  /** Parsed JSON, or the text when it is not JSON. */
  payload: unknown;
  text: string;
  at: number;
}

export interface MqttTransaction {
  requestTopic: string;
  /** Where the reply must arrive. */
  replyTopic: string;
  /** The request as published (any JSON value for invalid samples). */
  request: unknown;
  sentAt: number;
  /** The reply whose tid and bid both match, on any topic of the reply channel. */
  reply?: MqttMessageRecord;
  /** Replies that share the request's tid or its bid but not both: evidence of broken correlation. */
  nearMisses: MqttMessageRecord[];
  waitedMs: number;
}

export interface MqttExchangeContext {
  protocol: 'mqtt';
  scope: 'exchange';
  api: MqttApi;
  method: IrMethod;
  transaction: MqttTransaction;
  sample: SampleInfo;
  settings: CheckSettings;
  /** After the method's invalid requests: whether the responder still answered a valid one. */
  responderAlive?: boolean;
}

/** One model-based sequence run (fast-check commands) against the target. */
export interface SequenceContext {
  protocol: 'rest' | 'mqtt';
  scope: 'sequence';
  /** Runs the sequences; a failure carries the shrunk command list and its replay path. */
  runModel(): Promise<CheckResult>;
}

export type CheckContext = RestExchangeContext | RestOperationContext | MqttExchangeContext | SequenceContext;

export type CheckScope = 'exchange' | 'operation' | 'sequence';

export interface Check {
  readonly id: string;
  readonly description: string;
  readonly appliesTo: 'rest' | 'mqtt' | 'both';
  readonly scope: CheckScope;
  run(context: CheckContext): CheckResult | Promise<CheckResult>;
}

interface Definition<C> {
  id: string;
  description: string;
  run(context: C): CheckResult | Promise<CheckResult>;
}

const notApplicable = skip('not applicable to this protocol or scope');

export function restExchangeCheck(def: Definition<RestExchangeContext>): Check {
  return { ...def, appliesTo: 'rest', scope: 'exchange', run: (c) => (c.protocol === 'rest' && c.scope === 'exchange' ? def.run(c) : notApplicable) };
}

export function restOperationCheck(def: Definition<RestOperationContext>): Check {
  return { ...def, appliesTo: 'rest', scope: 'operation', run: (c) => (c.protocol === 'rest' && c.scope === 'operation' ? def.run(c) : notApplicable) };
}

export function mqttExchangeCheck(def: Definition<MqttExchangeContext>): Check {
  return { ...def, appliesTo: 'mqtt', scope: 'exchange', run: (c) => (c.protocol === 'mqtt' && c.scope === 'exchange' ? def.run(c) : notApplicable) };
}

export function exchangeCheck(def: Definition<RestExchangeContext | MqttExchangeContext>): Check {
  return { ...def, appliesTo: 'both', scope: 'exchange', run: (c) => (c.scope === 'exchange' ? def.run(c) : notApplicable) };
}

/** `{"a":1}` cut to `max` characters, for messages. */
export function preview(value: unknown, max = 160): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
