/**
 * The request/reply envelope: `{tid, bid, timestamp, method, data}` plus an optional `gateway`.
 * A reply copies `tid`, `bid` and `method` from its request and carries `data: {result, output}`,
 * `result` 0 meaning success.
 */

export interface RequestEnvelope<D = unknown> {
  tid: string;
  bid: string;
  /** Epoch milliseconds. */
  timestamp: number;
  method: string;
  data: D;
  /** Serial number of the sending gateway, when the sender includes it. */
  gateway?: string;
}

export interface ReplyData<O = unknown> {
  result: number;
  output?: O;
}

export interface ReplyEnvelope<O = unknown> {
  tid: string;
  bid: string;
  timestamp: number;
  method: string;
  data: ReplyData<O>;
  gateway?: string;
}

/** Where envelopes get their ids and times; injectable so tests are deterministic. */
export interface EnvelopeSources {
  now?: () => number;
  newId?: () => string;
}

export const RESULT_SUCCESS = 0;

export interface RequestEnvelopeOptions extends EnvelopeSources {
  gateway?: string;
  /** Reuse a business id (e.g. one spanning several transactions); a fresh UUID otherwise. */
  bid?: string;
}

export function buildRequest<D>(method: string, data: D, options: RequestEnvelopeOptions = {}): RequestEnvelope<D> {
  const newId = options.newId ?? (() => crypto.randomUUID());
  const envelope: RequestEnvelope<D> = {
    tid: newId(),
    bid: options.bid ?? newId(),
    timestamp: (options.now ?? Date.now)(),
    method,
    data,
  };
  if (options.gateway !== undefined) envelope.gateway = options.gateway;
  return envelope;
}

/**
 * The reply to `request`. `gateway` is not copied: it names the sender, and the replying side
 * is not the gateway (DJI's reference cloud leaves it out of replies too).
 */
export function buildReply<O>(
  request: { tid: string; bid: string; method: string },
  data: ReplyData<O>,
  sources: Pick<EnvelopeSources, 'now'> = {},
): ReplyEnvelope<O> {
  const replyData: ReplyData<O> = { result: data.result };
  if (data.output !== undefined) replyData.output = data.output;
  return { tid: request.tid, bid: request.bid, timestamp: (sources.now ?? Date.now)(), method: request.method, data: replyData };
}

export interface Correlation {
  tid?: string;
  bid?: string;
  method?: string;
}

/** tid/bid/method of an untrusted value; a field that is missing or not a non-empty string is undefined. */
export function readCorrelation(payload: unknown): Correlation {
  if (!isRecord(payload)) return {};
  const correlation: Correlation = {};
  const tid = ownString(payload, 'tid');
  const bid = ownString(payload, 'bid');
  const method = ownString(payload, 'method');
  if (tid !== undefined) correlation.tid = tid;
  if (bid !== undefined) correlation.bid = bid;
  if (method !== undefined) correlation.method = method;
  return correlation;
}

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; error: string };

/** JSON.parse of a message payload that never throws. */
export function parseJsonPayload(payload: Uint8Array | string): JsonParseResult {
  try {
    const text = typeof payload === 'string' ? payload : new TextDecoder('utf-8', { fatal: true }).decode(payload);
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** A plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function ownString(record: Record<string, unknown>, key: string): string | undefined {
  const value = Object.hasOwn(record, key) ? record[key] : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
}
