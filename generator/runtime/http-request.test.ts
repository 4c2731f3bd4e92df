import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUrl, isJsonContentType, mergeHeaders, parseBody, queryString, sendRequest, TimeoutError, type FetchLike } from './http-request.js';

interface RecordedCall {
  url: string;
  init: RequestInit;
}

/** A fetch that records its calls and answers with `answer`. */
function recordingFetch(answer: () => Response): { fetch: FetchLike; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  return {
    calls,
    fetch: async (url, init) => {
      calls.push({ url, init });
      return answer();
    },
  };
}

/** A fetch that never answers and rejects with the signal's reason once aborted, like the real one. */
const hangingFetch: FetchLike = (_url, init) =>
  new Promise<Response>((_resolve, reject) => {
    const signal = init.signal;
    if (!signal) throw new Error('hangingFetch needs a signal');
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });

describe('buildUrl', () => {
  it('substitutes encoded path parameters and joins base and path with one slash', () => {
    expect(buildUrl('http://h.test/api/', '/v1/products/{product_key}/devices/{did}', { product_key: 'a/b c', did: 'é?#' })).toBe(
      'http://h.test/api/v1/products/a%2Fb%20c/devices/%C3%A9%3F%23',
    );
    expect(buildUrl('http://h.test', 'v1/x/{n}', { n: 42 })).toBe('http://h.test/v1/x/42');
  });

  it('rejects a missing or non-scalar path parameter instead of sending the template', () => {
    expect(() => buildUrl('http://h.test', '/v1/{did}', {})).toThrow(/missing path parameter 'did'/);
    expect(() => buildUrl('http://h.test', '/v1/{did}', { did: undefined })).toThrow(/missing path parameter 'did'/);
    expect(() => buildUrl('http://h.test', '/v1/{did}', { did: { a: 1 } })).toThrow(/path parameter 'did'/);
  });

  it('skips undefined and null query values, repeats array keys, stringifies numbers and booleans', () => {
    const url = buildUrl('http://h.test', '/v1/devices', {}, { limit: 20, skip: 0, is_online: true, gid: undefined, city: null, mac: ['a b', 'c&d'], q: 'x=y' });
    expect(url).toBe('http://h.test/v1/devices?limit=20&skip=0&is_online=true&mac=a%20b&mac=c%26d&q=x%3Dy');
    expect(buildUrl('http://h.test', '/v1/devices', {}, { gid: undefined })).toBe('http://h.test/v1/devices');
  });

  it('rejects object query values', () => {
    expect(() => queryString({ filter: { a: 1 } })).toThrow(/query parameter 'filter'/);
  });
});

describe('mergeHeaders', () => {
  it('merges case-insensitively with later records winning and drops undefined values', () => {
    expect(mergeHeaders({ Accept: 'a', 'X-One': '1' }, { accept: 'b', 'X-Two': undefined }, { 'x-one': 2 })).toEqual({ accept: 'b', 'x-one': '2' });
  });
});

describe('parseBody', () => {
  it('parses JSON content types, keeps text otherwise, and maps an empty body to undefined', () => {
    expect(parseBody('{"a":1}', 'application/json; charset=utf-8')).toEqual({ a: 1 });
    expect(parseBody('{"a":1}', 'application/problem+json')).toEqual({ a: 1 });
    expect(parseBody('{"a":1}', 'text/plain')).toBe('{"a":1}');
    expect(parseBody('', 'application/json')).toBeUndefined();
    expect(parseBody('<html>', 'application/json')).toBe('<html>');
    expect(isJsonContentType(undefined)).toBe(false);
  });
});

describe('sendRequest', () => {
  it('sends method, URL, JSON body and headers, and returns status, lowercased headers and parsed body', async () => {
    const { fetch, calls } = recordingFetch(
      () => new Response('{"ok":true}', { status: 201, headers: { 'Content-Type': 'application/json', 'X-RateLimit-Remaining': '5' } }),
    );
    const response = await sendRequest(
      { method: 'post', baseUrl: 'http://h.test', path: '/v1/p/{pk}', pathParams: { pk: 'k' }, query: { a: 1 }, headers: { 'X-Id': 'e' }, body: { x: [1] } },
      { fetch },
    );
    expect(response).toEqual({ status: 201, headers: { 'content-type': 'application/json', 'x-ratelimit-remaining': '5' }, body: { ok: true }, contentType: 'application/json' });
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.url).toBe('http://h.test/v1/p/k?a=1');
    expect(call?.init.method).toBe('POST');
    expect(call?.init.body).toBe('{"x":[1]}');
    expect(call?.init.headers).toEqual({ accept: 'application/json', 'content-type': 'application/json', 'X-Id': 'e' });
  });

  it('sends no body and no content type when the body is undefined', async () => {
    const { fetch, calls } = recordingFetch(() => new Response(null, { status: 204 }));
    const response = await sendRequest({ method: 'DELETE', baseUrl: 'http://h.test', path: '/v1/x' }, { fetch });
    expect(response.body).toBeUndefined();
    expect(response.status).toBe(204);
    expect(calls[0]?.init.body).toBeUndefined();
    expect(calls[0]?.init.headers).toEqual({ accept: 'application/json' });
  });

  it('returns text bodies as text', async () => {
    const { fetch } = recordingFetch(() => new Response('<h1>busy</h1>', { status: 503, headers: { 'content-type': 'text/html' } }));
    const response = await sendRequest({ method: 'GET', baseUrl: 'http://h.test', path: '/' }, { fetch });
    expect(response).toMatchObject({ status: 503, body: '<h1>busy</h1>', contentType: 'text/html' });
  });

  it('aborts a hanging call after the timeout with a TimeoutError naming the operation', async () => {
    const started = Date.now();
    const error = await sendRequest({ method: 'GET', baseUrl: 'http://h.test', path: '/v1/slow' }, { fetch: hangingFetch, timeoutMs: 30, operation: 'get_slow' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ name: 'TimeoutError', operation: 'get_slow', ms: 30, message: 'get_slow timed out after 30 ms' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  it("passes the caller's abort reason through, not a TimeoutError", async () => {
    const controller = new AbortController();
    const pending = sendRequest({ method: 'GET', baseUrl: 'http://h.test', path: '/v1/slow' }, { fetch: hangingFetch, timeoutMs: 10_000, signal: controller.signal });
    const reason = new Error('user cancelled');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it("reports the caller's abort, not a timeout, when both fired before a slow fetch gave up", async () => {
    const slowToGiveUp: FetchLike = () => new Promise((_resolve, reject) => setTimeout(() => reject(new TypeError('late')), 40));
    const controller = new AbortController();
    const pending = sendRequest({ method: 'GET', baseUrl: 'http://h.test', path: '/' }, { fetch: slowToGiveUp, timeoutMs: 10, signal: controller.signal });
    const reason = new Error('user cancelled');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it('does not call fetch when the signal is already aborted', async () => {
    const { fetch, calls } = recordingFetch(() => new Response('{}'));
    const controller = new AbortController();
    controller.abort(new Error('early'));
    await expect(sendRequest({ method: 'GET', baseUrl: 'http://h.test', path: '/' }, { fetch, signal: controller.signal })).rejects.toThrow('early');
    expect(calls).toHaveLength(0);
  });

  it('passes other fetch failures through unchanged', async () => {
    const failure = new TypeError('fetch failed');
    const fetch: FetchLike = () => Promise.reject(failure);
    await expect(sendRequest({ method: 'GET', baseUrl: 'http://h.test', path: '/' }, { fetch, timeoutMs: 1000 })).rejects.toBe(failure);
  });
});

describe('sendRequest over a real socket with the global fetch', () => {
  let server: Server;
  let baseUrl = '';
  const received: { url: string | undefined; method: string | undefined; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ url: req.url, method: req.method, body });
        if (req.url?.startsWith('/hang')) return; // never answers
        res.writeHead(200, { 'content-type': 'application/json', 'x-ratelimit-limit': '3600' });
        res.end(JSON.stringify({ echo: body }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('round-trips a JSON request and answer', async () => {
    const response = await sendRequest({ method: 'put', baseUrl, path: '/v1/{id}', pathParams: { id: 'a b' }, query: { mac: ['1', '2'] }, body: { n: 1 } });
    expect(response.body).toEqual({ echo: '{"n":1}' });
    expect(response.headers['x-ratelimit-limit']).toBe('3600');
    expect(received.at(-1)).toEqual({ url: '/v1/a%20b?mac=1&mac=2', method: 'PUT', body: '{"n":1}' });
  });

  it('times out a server that never answers', async () => {
    await expect(sendRequest({ method: 'GET', baseUrl, path: '/hang' }, { timeoutMs: 50, operation: 'hang' })).rejects.toBeInstanceOf(TimeoutError);
  });
});
