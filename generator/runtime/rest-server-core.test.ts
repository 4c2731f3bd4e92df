import { connect } from 'node:net';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RestServer, type HandlerResult, type RestServerOptions, type RouteHandler, type ServerApiDescriptor, type ServerRoute } from './rest-server-core.js';
import { guard, type OperationValidators, type Validator } from './validation.js';

const plain = new Ajv2020({ allErrors: true, strict: false });
const coercing = new Ajv2020({ allErrors: true, strict: false, coerceTypes: 'array' });
const validator = (ajv: Ajv2020, schema: object): Validator => guard(ajv.compile(schema), '/test');

const errorSchema = { type: 'object', required: ['error_code', 'error_message'], properties: { error_code: { type: 'integer' }, error_message: { type: 'string' }, detail: { type: 'string' } } };
const itemSchema = { type: 'object', required: ['id', 'limit'], properties: { id: { type: 'string' }, limit: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } } }, additionalProperties: false };

const api: ServerApiDescriptor = {
  securitySchemes: {
    Token: { in: 'header', name: 'Authorization', prefix: 'token ' },
    Key: { in: 'query', name: 'api_key' },
    Eid: { in: 'header', name: 'X-Eid', errorCode: 5003 },
    Secret: { in: 'header', name: 'X-Secret' },
  },
  errorCatalogue: [
    { code: 5001, status: 400, message: 'body json invalid' },
    { code: 5002, status: 400, message: 'form invalid' },
    { code: 5003, status: 404, message: 'enterprise id not exist' },
    { code: 5009, status: 400, message: 'token invalid' },
    { code: 5011, status: 400, message: 'token has expired' },
    { code: 5013, status: 403, message: 'rate limit exceeded' },
  ],
  errorRoles: { bodyInvalid: 5001, formInvalid: 5002, tokenInvalid: 5009 },
};

const json = ['application/json'];
const routes: ServerRoute[] = [
  {
    id: 'get_item',
    method: 'GET',
    path: '/items/{id}',
    security: [['Token']],
    headerParams: ['X-Trace'],
    responses: { '200': { contentTypes: json, headers: ['X-Count'] }, '400': { contentTypes: json, headers: [] } },
  },
  { id: 'special', method: 'GET', path: '/items/special', security: [], headerParams: [], responses: { '204': { contentTypes: [], headers: [] } } },
  {
    id: 'create_item',
    method: 'POST',
    path: '/items',
    security: [['Token'], ['Key']],
    headerParams: [],
    body: { required: true, contentTypes: json },
    responses: { '201': { contentTypes: json, headers: [] }, '4XX': { contentTypes: json, headers: [] } },
  },
  {
    id: 'list_people',
    method: 'GET',
    path: '/people',
    security: [['Eid', 'Secret']],
    headerParams: [],
    responses: { '200': { contentTypes: json, headers: [] }, '4XX': { contentTypes: json, headers: [] } },
  },
];

const validators: Record<string, OperationValidators> = {
  get_item: {
    path: validator(coercing, { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 2 } } }),
    query: validator(coercing, { type: 'object', properties: { limit: { type: 'integer', maximum: 100 }, tags: { type: 'array', items: { type: 'string' } } } }),
    headers: validator(coercing, { type: 'object', properties: { 'X-Trace': { type: 'integer' } } }),
    responses: {
      '200': { body: validator(plain, itemSchema), headers: validator(coercing, { type: 'object', required: ['X-Count'], properties: { 'X-Count': { type: 'integer' } } }) },
      '400': { body: validator(plain, errorSchema) },
    },
  },
  special: { responses: {} },
  list_people: { responses: { '200': { body: validator(plain, { type: 'array' }) }, '4XX': { body: validator(plain, errorSchema) } } },
  create_item: {
    body: validator(plain, { type: 'object', required: ['name'], properties: { name: { type: 'string' } }, additionalProperties: false }),
    responses: { '201': { body: validator(plain, { type: 'object', required: ['name'] }) }, '4XX': { body: validator(plain, errorSchema) } },
  },
};

/** Handlers the tests replace as needed; the defaults answer on-spec. */
const handlers: Record<string, RouteHandler> = {};
const defaults: Record<string, RouteHandler> = {
  get_item: (request) => ({ status: 200, body: { id: request.path.id, limit: request.query.limit ?? 10, tags: request.query.tags }, headers: { 'X-Count': '1' } }),
  special: () => ({ status: 204 }),
  create_item: (request) => ({ status: 201, body: request.body }),
  list_people: () => ({ status: 200, body: [] }),
};
const logged: string[] = [];
const hooks: RestServerOptions = {};

async function startServer(options: RestServerOptions): Promise<{ server: RestServer; url: URL }> {
  const bound = Object.fromEntries(Object.keys(defaults).map((id) => [id, ((request, context) => handlers[id]!(request, context)) as RouteHandler]));
  const server = new RestServer({ api, routes, validators, handlers: bound }, { logger: { error: (m) => logged.push(m) }, ...options });
  return { server, url: await server.listen() };
}

let server: RestServer;
let base: URL;
beforeAll(async () => {
  ({ server, url: base } = await startServer({
    maxBodyBytes: 1000,
    authenticate: (scheme, value, context) => hooks.authenticate?.(scheme, value, context),
    beforeHandle: (context) => hooks.beforeHandle?.(context),
    decorateResponse: (context, response) => hooks.decorateResponse?.(context, response),
  }));
});
afterAll(() => server.close());
beforeEach(() => {
  Object.assign(handlers, defaults);
  for (const key of Object.keys(hooks)) delete hooks[key as keyof RestServerOptions];
  logged.length = 0;
});

const token = { authorization: 'token abc' };
async function call(path: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; body: unknown }> {
  const response = await fetch(new URL(path, base), init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}
const post = (path: string, body: string, headers: Record<string, string> = { ...token, 'content-type': 'application/json' }) =>
  call(path, { method: 'POST', body, headers });

describe('routing', () => {
  it('answers an unknown path with 404 in the error format', async () => {
    const answer = await call('/nothing/here');
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ error_code: 404, detail: 'no operation at GET /nothing/here' });
  });

  it('answers a known path with another method with 405 and Allow', async () => {
    const answer = await call('/items/special', { method: 'DELETE' });
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('GET');
  });

  it('serves a body-less documented status without body or content type', async () => {
    const answer = await call('/items/special');
    expect(answer).toMatchObject({ status: 204, body: undefined });
    expect(answer.headers.get('content-type')).toBeNull();
  });
});

describe('credentials', () => {
  it('refuses a missing credential with tokenInvalid and its catalogue status', async () => {
    const answer = await call('/items/ab');
    expect(answer).toMatchObject({ status: 400, body: { error_code: 5009, error_message: 'token invalid', detail: 'missing header Authorization' } });
  });

  it('refuses a credential without its prefix', async () => {
    const answer = await call('/items/ab', { headers: { authorization: 'Bearer abc' } });
    expect(answer.body).toMatchObject({ error_code: 5009, detail: "malformed header Authorization: expected 'token <value>'" });
  });

  it('passes the value without prefix to authenticate, which may refuse it with any code', async () => {
    const seen: string[] = [];
    hooks.authenticate = (scheme, value) => {
      seen.push(`${scheme}=${value}`);
      return value === 'old' ? { code: 5011, detail: 'expired yesterday' } : undefined;
    };
    expect(await call('/items/ab', { headers: { authorization: 'token old' } })).toMatchObject({ status: 400, body: { error_code: 5011, error_message: 'token has expired', detail: 'expired yesterday' } });
    expect((await call('/items/ab', { headers: token })).status).toBe(200);
    expect(seen).toEqual(['Token=old', 'Token=abc']);
  });

  it("refuses a missing credential with its scheme's own code when the scheme names one", async () => {
    expect(await call('/people', { headers: { 'x-secret': 's' } })).toMatchObject({ status: 404, body: { error_code: 5003, error_message: 'enterprise id not exist', detail: 'missing header X-Eid' } });
    expect(await call('/people', { headers: { 'x-eid': 'e' } })).toMatchObject({ status: 400, body: { error_code: 5009, detail: 'missing header X-Secret' } });
    expect((await call('/people', { headers: { 'x-eid': 'e', 'x-secret': 's' } })).status).toBe(200);
  });

  it('accepts any alternative of the security requirement', async () => {
    expect((await post('/items?api_key=k1', '{"name":"n"}', { 'content-type': 'application/json' })).status).toBe(201);
    expect((await post('/items', '{"name":"n"}', { 'content-type': 'application/json' })).body).toMatchObject({ error_code: 5009 });
  });
});

describe('request validation', () => {
  it('coerces parameters to their schema types, repeated query keys to arrays', async () => {
    let seen: unknown;
    handlers.get_item = (request) => {
      seen = request;
      return defaults.get_item!(request, undefined as never);
    };
    const answer = await call('/items/ab?limit=20&tags=x&tags=y', { headers: { ...token, 'x-trace': '7' } });
    expect(answer.status).toBe(200);
    expect(seen).toEqual({ path: { id: 'ab' }, query: { limit: 20, tags: ['x', 'y'] }, headers: { 'X-Trace': 7 } });
  });

  it('answers off-spec parameters with formInvalid and readable issues', async () => {
    const answer = await call('/items/a?limit=1000', { headers: token });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error_code: 5002, error_message: 'form invalid', detail: 'path/id: must NOT have fewer than 2 characters' });
    expect((await call('/items/ab?limit=x', { headers: token })).body).toMatchObject({ detail: 'query/limit: must be integer' });
    expect((await call('/items/ab', { headers: { ...token, 'x-trace': 'no' } })).body).toMatchObject({ detail: 'headers/X-Trace: must be integer' });
  });

  it('answers unparsable JSON with bodyInvalid and a body of the wrong shape with formInvalid', async () => {
    expect(await post('/items', '{"name":')).toMatchObject({ status: 400, body: { error_code: 5001, error_message: 'body json invalid' } });
    expect(await post('/items', '{"name":1,"x":2}')).toMatchObject({ status: 400, body: { error_code: 5002 } });
    expect((await post('/items', '{"name":1}')).body).toMatchObject({ detail: 'body/name: must be string' });
  });

  it('answers a wrong content type or a missing body with bodyInvalid', async () => {
    expect((await post('/items', '{"name":"n"}', { ...token, 'content-type': 'text/plain' })).body).toMatchObject({
      error_code: 5001,
      detail: 'content type text/plain is not accepted; send application/json',
    });
    expect((await call('/items', { method: 'POST', headers: token })).body).toMatchObject({ error_code: 5001, detail: 'create_item needs a request body (application/json)' });
  });

  it('answers a body over the size limit with bodyInvalid', async () => {
    const answer = await post('/items', JSON.stringify({ name: 'x'.repeat(2000) }));
    expect(answer.body).toMatchObject({ error_code: 5001, detail: 'request body larger than 1000 bytes' });
  });
});

describe('answers', () => {
  it('replaces an off-spec body with a 500 and logs it', async () => {
    handlers.get_item = () => ({ status: 200, body: { id: 1 } });
    const answer = await call('/items/ab', { headers: token });
    expect(answer.status).toBe(500);
    expect(answer.body).toMatchObject({ error_code: 500, error_message: 'internal server error' });
    expect((answer.body as { detail: string }).detail).toContain('get_item handler answered off-spec: body of status 200: ');
    expect((answer.body as { detail: string }).detail).toContain('body/id: must be string');
    expect(logged).toHaveLength(1);
  });

  it('replaces an undocumented status, a missing body and an unexpected body with a 500', async () => {
    for (const [result, reason] of [
      [{ status: 201, body: {} }, 'status 201 is not documented (documented: 200, 400)'],
      [{ status: 200 }, 'status 200 is documented with a body, the handler sent none'],
      [{ status: 'ok' }, "the handler's answer is not { status, body?, headers? }"],
    ] as const) {
      handlers.get_item = () => result as unknown as HandlerResult;
      const answer = await call('/items/ab', { headers: token });
      expect(answer.status).toBe(500);
      expect((answer.body as { detail: string }).detail).toContain(reason);
    }
    handlers.special = () => ({ status: 204, body: { no: 'body' } });
    expect((await call('/items/special')).status).toBe(500);
  });

  it('matches statuses against ranges', async () => {
    handlers.create_item = (_, context) => context.error(5013, 'quota');
    expect(await post('/items', '{"name":"n"}')).toMatchObject({ status: 403, body: { error_code: 5013, error_message: 'rate limit exceeded', detail: 'quota' } });
  });

  it('answers a throwing handler with a 500 without the stack, and logs the stack', async () => {
    handlers.get_item = () => {
      throw new Error('secret internals');
    };
    const answer = await call('/items/ab', { headers: token });
    expect(answer.status).toBe(500);
    expect(JSON.stringify(answer.body)).not.toContain('secret');
    expect(logged.join('\n')).toContain('secret internals');
  });

  it('lets beforeHandle end a request and decorateResponse see every answer', async () => {
    const decorated: number[] = [];
    hooks.decorateResponse = (_, response) => {
      decorated.push(response.status);
      response.headers['x-ratelimit-remaining'] = '9';
    };
    hooks.beforeHandle = (context) => (context.req.headers['x-over-quota'] ? context.error(5013) : undefined);
    const refused = await call('/items/ab', { headers: { ...token, 'x-over-quota': '1' } });
    expect(refused).toMatchObject({ status: 403, body: { error_code: 5013 } });
    const missing = await call('/nowhere');
    const fine = await call('/items/ab', { headers: token });
    for (const answer of [refused, missing, fine]) expect(answer.headers.get('x-ratelimit-remaining')).toBe('9');
    expect(decorated).toEqual([403, 404, 200]);
  });
});

describe('options', () => {
  it('passes off-spec answers through when validateResponses is off', async () => {
    const { server: lax, url } = await startServer({ validateResponses: false });
    try {
      handlers.get_item = () => ({ status: 299, body: { anything: true } });
      const answer = await fetch(new URL('/items/ab', url), { headers: token });
      expect(answer.status).toBe(299);
      expect(await answer.json()).toEqual({ anything: true });
    } finally {
      await lax.close();
    }
  });

  it('checks documented response headers after decoration when asked to', async () => {
    const { server: strict, url } = await startServer({ validateResponseHeaders: true });
    try {
      expect((await fetch(new URL('/items/ab', url), { headers: token })).status).toBe(200);
      handlers.get_item = (request) => ({ status: 200, body: { id: String(request.path.id), limit: 1 } });
      const answer = await fetch(new URL('/items/ab', url), { headers: token });
      expect(answer.status).toBe(500);
      expect(await answer.json()).toMatchObject({ detail: expect.stringContaining("headers: must have required property 'X-Count'") });
    } finally {
      await strict.close();
    }
  });
});

describe('robustness', () => {
  it('answers any request line, query and body with a well-formed answer, never a 5xx', async () => {
    const paths = fc.oneof(
      fc.webPath(),
      fc.constantFrom('/items', '/items/special', '/items/ab').chain((p) => fc.webSegment().map((s) => `${p}/${s}`)),
      fc.webSegment().map((s) => `/items/${s}`),
    );
    const requests = fc.record({
      method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
      path: paths,
      query: fc.webQueryParameters(),
      body: fc.option(fc.oneof(fc.json(), fc.string()), { nil: undefined }),
      contentType: fc.constantFrom('application/json', 'text/plain', undefined),
      auth: fc.constantFrom('token abc', 'token ', 'abc', undefined),
    });
    await fc.assert(
      fc.asyncProperty(requests, async (r) => {
        const headers: Record<string, string> = {};
        if (r.contentType) headers['content-type'] = r.contentType;
        if (r.auth) headers.authorization = r.auth;
        const withBody = r.body !== undefined && r.method !== 'GET';
        const response = await fetch(`${base.origin}${r.path}${r.query ? `?${r.query}` : ''}`, { method: r.method, headers, ...(withBody ? { body: r.body } : {}) });
        const text = await response.text();
        expect(response.status).toBeLessThan(500);
        if (response.status >= 400) expect(JSON.parse(text)).toMatchObject({ error_code: expect.any(Number), error_message: expect.any(String) });
      }),
      { numRuns: 300 },
    );
    expect(logged).toEqual([]);
  });

  it('survives garbage on the socket and keeps serving', async () => {
    await new Promise<void>((resolve) => {
      const socket = connect(Number(base.port), base.hostname, () => socket.end('NOT HTTP AT ALL\r\n\r\n'));
      socket.resume();
      socket.on('close', () => resolve());
      socket.on('error', () => resolve());
    });
    await new Promise<void>((resolve) => {
      const socket = connect(Number(base.port), base.hostname, () => {
        socket.write('POST /items HTTP/1.1\r\nHost: x\r\nAuthorization: token a\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"na');
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 50);
      });
    });
    expect((await call('/items/special')).status).toBe(204);
    expect(logged).toEqual([]);
  });
});
