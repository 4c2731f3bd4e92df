import { describe, expect, it } from 'vitest';
import { ApiError, ResponseValidationError } from './http-error.js';
import { TimeoutError, type FetchLike } from './http-request.js';
import { MissingCredentialsError, RestClientCore, type ApiDescriptor, type OperationDescriptor, type RestClientOptions } from './rest-client-core.js';
import { readTokenGrant, TokenProvider } from './token-cache.js';
import { guard, type CompiledValidate, type Validator } from './validation.js';

/* The Gizwits Enterprise API described as data, the way the emitter writes it. */
const api: ApiDescriptor = {
  securitySchemes: {
    userToken: { kind: 'token', in: 'header', name: 'Authorization', prefix: 'token ' },
    enterpriseId: { kind: 'credential', in: 'header', name: 'X-Gizwits-Enterprise-ID' },
    enterpriseSecret: { kind: 'credential', in: 'header', name: 'X-Gizwits-Enterprise-Secret', credential: 'secret' },
  },
  renewOnCodes: [5009, 5011],
  rateLimitCode: 5013,
};

const createToken: OperationDescriptor = { id: 'create_token', method: 'post', path: '/v1/products/{product_key}/access_token', security: [], successStatuses: ['201'] };
const getDevice: OperationDescriptor = {
  id: 'get_device',
  method: 'get',
  path: '/v1/products/{product_key}/devices/{did}',
  security: [['userToken']],
  successStatuses: ['200'],
};
const searchUsers: OperationDescriptor = { id: 'search_users', method: 'get', path: '/v1/users/search', security: [['enterpriseId', 'enterpriseSecret']], successStatuses: ['200'] };

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/**
 * A fake Gizwits server: the access-token endpoint hands out `t1`, `t2`, … valid for `tokenSeconds`
 * from the fake clock; every other call is answered by the next entry of `script`.
 */
function fakeServer(script: ((call: Call) => Response)[], clock = { ms: 1_700_000_000_000 }, tokenSeconds = 7 * 24 * 3600) {
  const calls: Call[] = [];
  let tokens = 0;
  const fetch: FetchLike = async (url, init) => {
    const call: Call = {
      url,
      method: init.method ?? 'GET',
      headers: Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v])),
      body: typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
    };
    calls.push(call);
    if (url.endsWith('/access_token')) {
      tokens++;
      return json(201, { token: `t${tokens}`, expired_at: Math.floor(clock.ms / 1000) + tokenSeconds });
    }
    const answer = script.shift();
    if (!answer) throw new Error(`unscripted call ${call.method} ${url}`);
    return answer(call);
  };
  const apiCalls = () => calls.filter((c) => !c.url.endsWith('/access_token'));
  return { fetch, calls, apiCalls, tokenFetches: () => tokens, clock };
}

function client(server: ReturnType<typeof fakeServer>, options: Partial<RestClientOptions> = {}): RestClientCore {
  return new RestClientCore(api, {
    baseUrl: 'http://enterpriseapi.test',
    fetch: server.fetch,
    now: () => server.clock.ms,
    auth: {
      token: (core) =>
        core
          .call(createToken, { path: { product_key: 'pk' }, body: { enterprise_id: 'e', enterprise_secret: 's', product_secret: 'p' } })
          .then((body) => readTokenGrant(body, 'token', ['expired_at', 'expire_at'])),
      credentials: { enterpriseId: 'eid', secret: 'esecret' },
    },
    ...options,
  });
}

const device = { did: 'd1', mac: 'aa' };
const ok = () => json(200, device, { 'x-ratelimit-limit': '3600', 'x-ratelimit-remaining': '3599', 'x-ratelimit-reset': '1700003600' });
const gizwitsError = (status: number, code: number | string, message: string, headers: Record<string, string> = {}) => () =>
  json(status, { error_code: code, error_message: message }, headers);

describe('RestClientCore: requests', () => {
  it('builds the URL, sends query arrays, default and call headers, and returns the parsed body', async () => {
    const server = fakeServer([ok]);
    const core = client(server, { headers: { 'X-Trace': 'default', 'X-Keep': 'k' } });
    const body = await core.call<typeof device>(getDevice, { path: { product_key: 'p k', did: 'd/1' }, query: { mac: ['a', 'b'], skip: 0 }, headers: { 'x-trace': 'call' } });
    expect(body).toEqual(device);
    const [tokenCall, call] = server.calls;
    expect(tokenCall).toMatchObject({ url: 'http://enterpriseapi.test/v1/products/pk/access_token', method: 'POST', body: { enterprise_id: 'e', enterprise_secret: 's', product_secret: 'p' } });
    expect(call?.url).toBe('http://enterpriseapi.test/v1/products/p%20k/devices/d%2F1?mac=a&mac=b&skip=0');
    expect(call?.method).toBe('GET');
    expect(call?.headers).toMatchObject({ authorization: 'token t1', 'x-trace': 'call', 'x-keep': 'k' });
    expect(core.lastRateLimit).toEqual({ limit: 3600, remaining: 3599, reset: 1700003600 });
  });

  it('accepts generated request types, which are interfaces without index signatures', async () => {
    interface GetDevicePathParams {
      product_key: string;
      did: string;
    }
    interface GetDeviceRequest {
      path: GetDevicePathParams;
      query?: { fields?: readonly string[] };
      body?: undefined;
    }
    const request: GetDeviceRequest = { path: { product_key: 'pk', did: 'd' }, query: { fields: ['mac'] } };
    const server = fakeServer([ok]);
    await client(server).call(getDevice, request);
    expect(server.apiCalls()[0]?.url).toBe('http://enterpriseapi.test/v1/products/pk/devices/d?fields=mac');
  });

  it('throws an ApiError for a non-2xx answer, whatever its body', async () => {
    const server = fakeServer([() => new Response('<html><title>Bad Gateway</title></html>', { status: 502, headers: { 'content-type': 'text/html' } })]);
    const error = await client(server).call(searchUsers).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 502, code: undefined, operationId: 'search_users', message: 'search_users failed: HTTP 502 (HTML body: Bad Gateway)' });
  });

  it('applies the per-call timeout and passes the caller signal on', async () => {
    const hanging: FetchLike = (_url, init) => new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    const core = new RestClientCore(api, { baseUrl: 'http://h.test', fetch: hanging, timeoutMs: 10_000 });
    await expect(core.call(createToken, { path: { product_key: 'pk' } }, { timeoutMs: 20 })).rejects.toEqual(new TimeoutError('create_token', 20));
    const controller = new AbortController();
    const pending = core.call(createToken, { path: { product_key: 'pk' } }, { signal: controller.signal });
    controller.abort(new Error('cancelled'));
    await expect(pending).rejects.toThrow('cancelled');
  });
});

describe('RestClientCore: credentials', () => {
  it('sends enterprise id and secret headers from the configured credentials', async () => {
    const server = fakeServer([ok]);
    await client(server).call(searchUsers, { query: { product_key: 'pk' } });
    expect(server.calls).toHaveLength(1);
    expect(server.calls[0]?.headers).toMatchObject({ 'x-gizwits-enterprise-id': 'eid', 'x-gizwits-enterprise-secret': 'esecret' });
    expect(server.calls[0]?.headers.authorization).toBeUndefined();
  });

  it('fails before sending when a credential is missing, unless the call carries the header itself', async () => {
    const server = fakeServer([ok]);
    const core = client(server, { auth: { credentials: { enterpriseId: 'eid' } } });
    await expect(core.call(searchUsers)).rejects.toBeInstanceOf(MissingCredentialsError);
    expect(server.calls).toHaveLength(0);
    await core.call(searchUsers, { headers: { 'x-gizwits-enterprise-secret': 'given' } });
    expect(server.calls[0]?.headers).toMatchObject({ 'x-gizwits-enterprise-id': 'eid', 'x-gizwits-enterprise-secret': 'given' });
  });

  it('uses the first security alternative that can be satisfied', async () => {
    const server = fakeServer([ok]);
    const either: OperationDescriptor = { ...searchUsers, security: [['userToken'], ['enterpriseId', 'enterpriseSecret']] };
    await client(server, { auth: { credentials: { enterpriseId: 'eid', secret: 's' } } }).call(either);
    expect(server.calls[0]?.headers).toMatchObject({ 'x-gizwits-enterprise-id': 'eid', 'x-gizwits-enterprise-secret': 's' });
    expect(server.tokenFetches()).toBe(0);
  });

  it('sends query-located keys in the query', async () => {
    const server = fakeServer([ok]);
    const queryApi: ApiDescriptor = { securitySchemes: { key: { kind: 'credential', in: 'query', name: 'api_key' } } };
    const core = new RestClientCore(queryApi, { baseUrl: 'http://h.test', fetch: server.fetch, auth: { credentials: { key: 'k&1' } } });
    await core.call({ ...searchUsers, security: [['key']] }, { query: { a: 1 } });
    expect(server.calls[0]?.url).toBe('http://h.test/v1/users/search?a=1&api_key=k%261');
  });
});

describe('RestClientCore: token lifecycle', () => {
  it('reuses the token across calls and shares one fetch among concurrent calls', async () => {
    const server = fakeServer([ok, ok, ok]);
    const core = client(server);
    await Promise.all([core.call(getDevice, { path: { product_key: 'pk', did: 'a' } }), core.call(getDevice, { path: { product_key: 'pk', did: 'b' } })]);
    await core.call(getDevice, { path: { product_key: 'pk', did: 'c' } });
    expect(server.tokenFetches()).toBe(1);
    expect(server.apiCalls().map((c) => c.headers.authorization)).toEqual(['token t1', 'token t1', 'token t1']);
  });

  it('renews the token shortly before it expires', async () => {
    const server = fakeServer([ok, ok, ok], undefined, 600);
    const core = client(server, { auth: { token: (c) => c.call(createToken, { path: { product_key: 'pk' } }).then((b) => readTokenGrant(b, 'token', ['expired_at'])), renewBeforeSeconds: 120 } });
    const path = { product_key: 'pk', did: 'd' };
    await core.call(getDevice, { path });
    server.clock.ms += 479_000;
    await core.call(getDevice, { path });
    server.clock.ms += 1_000;
    await core.call(getDevice, { path });
    expect(server.apiCalls().map((c) => c.headers.authorization)).toEqual(['token t1', 'token t1', 'token t2']);
  });

  it('renews once on 5011 (sent as a string) and retries the call', async () => {
    const server = fakeServer([gizwitsError(400, '5011', 'token has expired'), ok]);
    const body = await client(server).call(getDevice, { path: { product_key: 'pk', did: 'd' } });
    expect(body).toEqual(device);
    expect(server.apiCalls().map((c) => c.headers.authorization)).toEqual(['token t1', 'token t2']);
  });

  it('throws the second 5009/5011 instead of renewing again', async () => {
    const server = fakeServer([gizwitsError(400, 5009, 'token invalid'), gizwitsError(400, 5011, 'token has expired'), ok]);
    const error = await client(server).call(getDevice, { path: { product_key: 'pk', did: 'd' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 5011, status: 400 });
    expect(server.apiCalls()).toHaveLength(2);
    expect(server.tokenFetches()).toBe(2);
  });

  it('does not renew for other codes or for calls without a token', async () => {
    const server = fakeServer([gizwitsError(404, 5301, 'device not exist'), gizwitsError(400, 5011, 'token has expired')]);
    const core = client(server);
    await expect(core.call(getDevice, { path: { product_key: 'pk', did: 'd' } })).rejects.toMatchObject({ code: 5301 });
    await expect(core.call(searchUsers)).rejects.toMatchObject({ code: 5011 });
    expect(server.apiCalls()).toHaveLength(2);
    expect(server.tokenFetches()).toBe(1);
  });

  it('accepts a ready TokenProvider', async () => {
    const server = fakeServer([ok]);
    const provider = new TokenProvider({ fetchToken: async () => ({ token: 'mine', expiresAt: 2_000_000_000 }) });
    const core = new RestClientCore(api, { baseUrl: 'http://h.test', fetch: server.fetch, auth: { token: provider } });
    expect(core.tokenProvider).toBe(provider);
    await core.call(getDevice, { path: { product_key: 'pk', did: 'd' } });
    expect(server.calls[0]?.headers.authorization).toBe('token mine');
  });

  it('fails before sending when the operation needs a token and none is configured', async () => {
    const server = fakeServer([ok]);
    const core = new RestClientCore(api, { baseUrl: 'http://h.test', fetch: server.fetch });
    await expect(core.call(getDevice, { path: { product_key: 'pk', did: 'd' } })).rejects.toThrow('get_device needs credentials for userToken, none configured');
    expect(server.calls).toHaveLength(0);
  });
});

describe('RestClientCore: request quota', () => {
  const overQuota = gizwitsError(403, 5013, 'API call rate limit execeed quota', { 'x-ratelimit-limit': '3600', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1700000030' });

  it('throws a quota error by default without waiting', async () => {
    const server = fakeServer([overQuota]);
    const sleeps: number[] = [];
    const core = client(server, { sleep: async (ms) => void sleeps.push(ms) });
    await expect(core.call(searchUsers)).rejects.toMatchObject({ status: 403, code: 5013 });
    expect(sleeps).toEqual([]);
    expect(core.lastRateLimit).toEqual({ limit: 3600, remaining: 0, reset: 1700000030 });
  });

  it('waits until X-RateLimit-Reset and retries when asked to', async () => {
    const server = fakeServer([overQuota, ok]);
    const sleeps: number[] = [];
    const core = client(server, {
      retryOnRateLimit: true,
      sleep: async (ms) => {
        sleeps.push(ms);
        server.clock.ms += ms;
      },
    });
    server.clock.ms = 1_700_000_012_500;
    expect(await core.call(searchUsers)).toEqual(device);
    expect(sleeps).toEqual([17_500]);
    expect(server.apiCalls()).toHaveLength(2);
    expect(core.lastRateLimit?.remaining).toBe(3599);
  });

  it('gives up after maxRetries and does not wait beyond maxWaitMs', async () => {
    const server = fakeServer([overQuota, overQuota, overQuota, ok]);
    const sleeps: number[] = [];
    const core = client(server, { retryOnRateLimit: { maxRetries: 2 }, sleep: async (ms) => void sleeps.push(ms) });
    server.clock.ms = 1_700_000_000_000;
    await expect(core.call(searchUsers)).rejects.toMatchObject({ code: 5013 });
    expect(sleeps).toEqual([30_000, 30_000]);
    expect(server.apiCalls()).toHaveLength(3);

    const far = fakeServer([overQuota, ok]);
    const farSleeps: number[] = [];
    const patient = client(far, { retryOnRateLimit: { maxWaitMs: 29_999 }, sleep: async (ms) => void farSleeps.push(ms) });
    far.clock.ms = 1_700_000_000_000;
    await expect(patient.call(searchUsers)).rejects.toMatchObject({ code: 5013 });
    expect(farSleeps).toEqual([]);
  });

  it('treats HTTP 429 as a quota error too', async () => {
    const server = fakeServer([() => new Response(null, { status: 429, headers: { 'x-ratelimit-reset': '1700000001' } }), ok]);
    const sleeps: number[] = [];
    const core = client(server, { retryOnRateLimit: true, sleep: async (ms) => void sleeps.push(ms) });
    server.clock.ms = 1_700_000_000_000;
    await core.call(searchUsers);
    expect(sleeps).toEqual([1000]);
  });
});

describe('RestClientCore: response validation', () => {
  /** A validator accepting objects with a string `did`, failing like ajv otherwise. */
  function deviceValidator(): Validator<unknown> {
    const validate: CompiledValidate = (value) => {
      const valid = typeof value === 'object' && value !== null && typeof (value as { did?: unknown }).did === 'string';
      validate.errors = valid ? null : [{ instancePath: '/did', schemaPath: '#/properties/did/type', keyword: 'type', params: { type: 'string' }, message: 'must be string' }];
      return valid;
    };
    return guard(validate, '/components/schemas/Device');
  }
  const validated: OperationDescriptor = { ...searchUsers, responseValidators: { '200': { body: deviceValidator() } } };
  const badBody = () => json(200, { did: 7 });

  it('returns a valid body and rejects an invalid one with the issues', async () => {
    const server = fakeServer([ok, badBody]);
    const core = client(server, { validateResponses: true });
    expect(await core.call(validated)).toEqual(device);
    const error = await core.call(validated).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error).toMatchObject({ operationId: 'search_users', status: 200, body: { did: 7 }, issues: [{ path: '/did', keyword: 'type', schemaPointer: '/components/schemas/Device/properties/did/type' }] });
  });

  it('returns the body unchecked when validation is off', async () => {
    const server = fakeServer([badBody]);
    expect(await client(server).call(validated)).toEqual({ did: 7 });
  });

  it('rejects an undocumented success status when validating, and matches 2XX ranges', async () => {
    const server = fakeServer([() => json(202, device), () => json(202, device)]);
    const core = client(server, { validateResponses: true });
    await expect(core.call(validated)).rejects.toMatchObject({ name: 'ResponseValidationError', issues: [{ keyword: 'status' }] });
    expect(await core.call({ ...validated, successStatuses: ['2XX'], responseValidators: { '2XX': { body: deviceValidator() } } })).toEqual(device);
  });
});
