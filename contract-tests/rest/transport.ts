/** Sends one REST request through the runtime's `sendRequest`, timed and captured, never throwing. */
import { buildUrl, mergeHeaders, sendRequest, type FetchLike } from '../../generator/runtime/http-request.js';
import type { RestExchange, RestRequest } from '../checks/types.js';
import type { Throttle } from './throttle.js';

export interface TransportOptions {
  baseUrl: string;
  timeoutMs: number;
  throttle: Throttle;
  fetch?: FetchLike;
  /** Counts every request sent, for the run's statistics. */
  onSend?: () => void;
}

export type Send = (request: RestRequest) => Promise<RestExchange>;

export function transport(options: TransportOptions): Send {
  return async (request) => {
    let url: string;
    try {
      url = buildUrl(options.baseUrl, request.path, request.pathParams, request.query);
    } catch (error) {
      return { request, url: options.baseUrl + request.path, error: `cannot build the URL: ${message(error)}`, elapsedMs: 0 };
    }
    await options.throttle.take();
    options.onSend?.();
    const started = performance.now();
    try {
      const response = await sendRequest(
        { method: request.method, baseUrl: options.baseUrl, path: request.path, pathParams: request.pathParams, query: request.query, headers: request.headers, body: request.body },
        { timeoutMs: options.timeoutMs, ...(options.fetch ? { fetch: options.fetch } : {}) },
      );
      return { request, url, response, elapsedMs: performance.now() - started };
    } catch (error) {
      return { request, url, error: message(error), elapsedMs: performance.now() - started };
    }
  };
}

/** The headers `sendRequest` sends for a request: its defaults merged with the request's own. */
export function sentHeaders(request: RestRequest): Record<string, string> {
  return mergeHeaders({ accept: 'application/json' }, request.body === undefined ? undefined : { 'content-type': 'application/json' }, request.headers);
}

function message(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}
