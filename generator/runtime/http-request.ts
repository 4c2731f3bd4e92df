/**
 * One HTTP exchange: build the URL from a path template, send it through an injectable `fetch`
 * with a per-call timeout combined with the caller's AbortSignal, and parse the answer.
 * No retries, no auth, no status handling: those belong to `rest-client-core.ts`.
 */

/** The part of `fetch` the client uses; tests pass a fake. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/**
 * Parameters as an object keyed by the spec's parameter names. Typed `object` because generated
 * parameter interfaces have no index signature; values are checked when sent: strings, numbers and
 * booleans (and, in a query, arrays of them) are sent, `undefined`/`null` are left out.
 */
export type Params = object;

export interface HttpRequest {
  method: string;
  baseUrl: string;
  /** Path template as in the spec, e.g. `/v1/products/{product_key}/devices`. */
  path: string;
  pathParams?: Params;
  query?: Params;
  headers?: Params;
  /** Sent as JSON when not `undefined`. */
  body?: unknown;
}

export interface HttpResponse {
  status: number;
  /** Header names lowercased. */
  headers: Record<string, string>;
  /** Parsed JSON for JSON content types, text otherwise, `undefined` for an empty body. */
  body: unknown;
  contentType: string | undefined;
}

export interface SendOptions {
  fetch?: FetchLike;
  signal?: AbortSignal;
  /** Abort after this many milliseconds; `undefined`, `0` or `Infinity` mean no timeout. */
  timeoutMs?: number;
  /** Names the call in a `TimeoutError`, usually the operation id. */
  operation?: string;
}

/** The call took longer than its timeout and was aborted. */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  readonly operation: string;
  readonly ms: number;

  constructor(operation: string, ms: number) {
    super(`${operation} timed out after ${ms} ms`);
    this.operation = operation;
    this.ms = ms;
  }
}

export function buildUrl(baseUrl: string, pathTemplate: string, pathParams: Params = {}, query: Params = {}): string {
  const values = pathParams as Readonly<Record<string, unknown>>;
  const path = pathTemplate.replace(/\{([^{}]+)\}/g, (_, name: string) => {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (value === undefined || value === null) throw new TypeError(`missing path parameter '${name}' for ${pathTemplate}`);
    return encodeURIComponent(scalar('path parameter', name, value));
  });
  const base = baseUrl.replace(/\/+$/, '');
  const search = queryString(query);
  return `${base}${path.startsWith('/') ? '' : '/'}${path}${search === '' ? '' : `?${search}`}`;
}

/** `a=1&b=x&b=y` in key order as given; `undefined`/`null` values and empty arrays are left out. */
export function queryString(query: Params): string {
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(query) as [string, unknown][]) {
    if (value === undefined || value === null) continue;
    const items: readonly unknown[] = Array.isArray(value) ? value : [value];
    for (const item of items) pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(scalar('query parameter', key, item))}`);
  }
  return pairs.join('&');
}

function scalar(what: string, name: string, value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new TypeError(`${what} '${name}': only strings, numbers and booleans can be sent, got ${value === null ? 'null' : typeof value}`);
}

/** Merges header records case-insensitively; later records win, `undefined`/`null` values are left out. */
export function mergeHeaders(...records: readonly (Params | undefined)[]): Record<string, string> {
  const byLowerName = new Map<string, [string, string]>();
  for (const record of records) {
    for (const [name, value] of Object.entries(record ?? {}) as [string, unknown][]) {
      if (value === undefined || value === null) continue;
      byLowerName.set(name.toLowerCase(), [name, scalar('header', name, value)]);
    }
  }
  return Object.fromEntries(byLowerName.values());
}

/** Whether `params` has a value for `name`; `ignoreCase` for header names. */
export function hasParam(params: Params | undefined, name: string, ignoreCase = false): boolean {
  const wanted = ignoreCase ? name.toLowerCase() : name;
  return (Object.entries(params ?? {}) as [string, unknown][]).some(
    ([key, value]) => (ignoreCase ? key.toLowerCase() : key) === wanted && value !== undefined && value !== null,
  );
}

export async function sendRequest(request: HttpRequest, options: SendOptions = {}): Promise<HttpResponse> {
  options.signal?.throwIfAborted();
  const url = buildUrl(request.baseUrl, request.path, request.pathParams, request.query);
  const hasBody = request.body !== undefined;
  const headers = mergeHeaders(
    { accept: 'application/json' },
    hasBody ? { 'content-type': 'application/json' } : undefined,
    request.headers,
  );
  const timeout = hasTimeout(options.timeoutMs) ? AbortSignal.timeout(options.timeoutMs) : undefined;
  const signals = [options.signal, timeout].filter((s): s is AbortSignal => s !== undefined);
  const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];

  const doFetch = options.fetch ?? globalThis.fetch;
  try {
    const init: RequestInit = { method: request.method.toUpperCase(), headers };
    if (hasBody) init.body = JSON.stringify(request.body);
    if (signal) init.signal = signal;
    const response = await doFetch(url, init);
    return await readResponse(response);
  } catch (error) {
    // The caller's own abort wins over a timeout that fired at the same moment.
    if (options.signal?.aborted) throw options.signal.reason;
    if (timeout?.aborted) throw new TimeoutError(options.operation ?? `${request.method.toUpperCase()} ${request.path}`, options.timeoutMs ?? 0);
    throw error;
  }
}

function hasTimeout(ms: number | undefined): ms is number {
  return ms !== undefined && ms > 0 && Number.isFinite(ms);
}

export async function readResponse(response: Response): Promise<HttpResponse> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  const contentType = headers['content-type'];
  const text = await response.text();
  return { status: response.status, headers, body: parseBody(text, contentType), contentType };
}

/** JSON for `application/json` and `…+json`; a body that claims JSON but does not parse stays text. */
export function parseBody(text: string, contentType: string | undefined): unknown {
  if (text === '') return undefined;
  if (!isJsonContentType(contentType)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function isJsonContentType(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}
