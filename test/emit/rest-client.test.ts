import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { printFile } from '../../generator/emit/print.js';
import { restClientEmitter } from '../../generator/emit/rest-client/index.js';
import { typecheckFiles } from '../helpers/typecheck.js';
import { fixtureDir, irOf, specDir } from './fixtures.js';
import { generateInto, withFiles, type GeneratedFolder } from './rest-helpers.js';

const gizwitsSpec = join(specDir, 'gizwits-enterprise.openapi.yaml');
const hostileSpec = join(fixtureDir, 'hostile.openapi.yaml');

const PRELUDE = `import * as T from './types.js';
type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
function expectTrue<_ extends true>(): void {}
`;

/** The Gizwits client's public API, as a user of it writes it. */
const GIZWITS_CHECKS = `${PRELUDE}
import { GizwitsEnterpriseClient, isGizwitsEnterpriseApiError, type GizwitsEnterpriseCredentials } from './client.js';

const client = new GizwitsEnterpriseClient({ credentials: { enterprise_id: 'e', enterprise_secret: 's', product_secret: 'p', product_key: 'k' } });
expectTrue<Equal<Awaited<ReturnType<typeof client.getV1ProductsProductKeyDatapoint>>, T.GetV1ProductsProductKeyDatapointSuccessBody>>();
expectTrue<Equal<Parameters<typeof client.getV1UsersSearch>[0], T.GetV1UsersSearchRequest>>();
expectTrue<Equal<keyof GizwitsEnterpriseCredentials, 'enterprise_id' | 'enterprise_secret' | 'product_key' | 'product_secret'>>();
expectTrue<Equal<NonNullable<typeof client.lastRateLimit>['remaining'], number | undefined>>();

export async function use(): Promise<void> {
  for await (const user of client.getV1UsersSearchAll({ path: {}, query: { product_key: 'k' } })) {
    expectTrue<Equal<typeof user, T.RegisteredUser>>();
  }
  try {
    await client.getV1ProductsProductKeyDevices({ path: { product_key: 'k' }, query: { mac: 'm' } });
  } catch (error) {
    if (isGizwitsEnterpriseApiError(error)) {
      expectTrue<Equal<typeof error.code, T.GizwitsErrorCode | undefined>>();
      if (error.code === T.GizwitsErrorCode.DeviceNotExist) return;
    }
  }
  // @ts-expect-error product_key is a required path parameter
  await client.getV1ProductsProductKeyDatapoint({ path: {} });
  // @ts-expect-error the body is required
  await client.postV1ProductsProductKeyDevicesDidControl({ path: { product_key: 'k', did: 'd' } });
}
// @ts-expect-error credentials are named as the spec names them
new GizwitsEnterpriseClient({ credentials: { enterpriseId: 'e' } });
`;

/** Hostile names: methods exist under their safe names, requests are optional when nothing is required. */
const HOSTILE_CHECKS = `${PRELUDE}
import { HostileClient } from './client.js';

const client = new HostileClient({ baseUrl: 'http://localhost' });
// @ts-expect-error the spec has no absolute server URL, so baseUrl is required
new HostileClient({});
export const calls = [client.constructor_(), client.proto(), client.proto({ path: {}, body: { reason: '*/' } }), client.delete_({ path: { 'ключ': 'k' } })];
expectTrue<Equal<Awaited<ReturnType<typeof client.constructor_>>, T.Tree>>();
expectTrue<Equal<Awaited<ReturnType<typeof client.getPets>>, T.Pet[] | string | undefined>>();
// @ts-expect-error the path parameter is required
client.delete_();
`;

describe('rest-client emitter', () => {
  let gizwits: GeneratedFolder;
  let hostile: GeneratedFolder;
  beforeAll(async () => {
    [gizwits, hostile] = await Promise.all([generateInto(gizwitsSpec), generateInto(hostileSpec)]);
  });
  afterAll(() => Promise.all([gizwits?.remove(), hostile?.remove()]));

  it('applies to OpenAPI specs only and writes client.ts, identically every time', async () => {
    const ir = await irOf(gizwitsSpec);
    expect(restClientEmitter.appliesTo(ir)).toBe(true);
    expect(restClientEmitter.appliesTo(await irOf(join(fixtureDir, 'mini.asyncapi.yaml')))).toBe(false);
    const [first, second] = [restClientEmitter.emit(ir), restClientEmitter.emit(await irOf(gizwitsSpec))];
    expect(first.map((f) => f.path)).toEqual(['client.ts']);
    expect(printFile(first[0]!)).toBe(printFile(second[0]!));
  });

  it('type-checks with the other generated modules, with typed requests, answers and errors', async () => {
    expect(await typecheckFiles(withFiles(gizwits.files, { 'check.ts': GIZWITS_CHECKS }))).toBe('');
    expect(await typecheckFiles(withFiles(hostile.files, { 'check.ts': HOSTILE_CHECKS }))).toBe('');
  }, 120_000);

  it('describes the API from the spec: token and credential schemes, renewal and quota codes', async () => {
    const ir = await irOf(gizwitsSpec);
    const roles = ir.document['x-error-roles'] as Record<string, number>;
    const { clientApi, clientOperations } = await gizwits.load<{ clientApi: Record<string, unknown>; clientOperations: Record<string, Record<string, unknown>> }>('client.ts');
    expect(clientApi).toEqual({
      securitySchemes: {
        EnterpriseId: { kind: 'credential', in: 'header', name: 'X-Gizwits-Enterprise-ID', credential: 'enterprise_id' },
        EnterpriseSecret: { kind: 'credential', in: 'header', name: 'X-Gizwits-Enterprise-Secret', credential: 'enterprise_secret' },
        GizwitsToken: { kind: 'token', in: 'header', name: 'Authorization', prefix: 'token ' },
      },
      renewOnCodes: [roles.tokenInvalid, roles.tokenExpired],
      rateLimitCode: roles.rateLimited,
      errorFields: { code: 'error_code', message: 'error_message', detail: 'detail' },
    });
    expect(Object.keys(clientOperations).sort()).toEqual(ir.operations.map((o) => o.id).sort());
    for (const op of ir.operations) {
      expect(clientOperations[op.id]).toMatchObject({ id: op.id, method: op.method, path: op.path, security: op.security });
    }
  });
});

/* ------------------------------------------------------------------------------------------------
 * The generated client against the generated server: a small in-test Gizwits with a fake clock.
 * ---------------------------------------------------------------------------------------------- */

interface Scenario {
  clock: number;
  issued: string[];
  /** Tokens the server refuses as expired (5011). */
  expired: Set<string>;
  refuseEveryToken: boolean;
  /** Values the server saw, by security scheme. */
  seen: Record<string, string[]>;
  skips: number[];
  answered: number;
}

const users = ['u1', 'u2', 'u3', 'u4', 'u5'].map((uid) => ({ uid, is_anonymous: false }));

describe('generated client against the generated server', () => {
  let generated: GeneratedFolder;
  let server: { listen(): Promise<URL>; close(): Promise<void> };
  let url: URL;
  let Client: new (options: Record<string, unknown>) => Record<string, (...args: unknown[]) => Promise<unknown>> & { lastRateLimit: unknown };
  let isApiError: (e: unknown) => boolean;
  const s: Scenario = { clock: 0, issued: [], expired: new Set(), refuseEveryToken: false, seen: {}, skips: [], answered: 0 };

  beforeAll(async () => {
    generated = await generateInto(gizwitsSpec);
    const serverModule = await generated.load<{ createGizwitsEnterpriseServer: (h: object, o: object) => typeof server }>('server.ts');
    const clientModule = await generated.load<{ GizwitsEnterpriseClient: typeof Client; isGizwitsEnterpriseApiError: typeof isApiError }>('client.ts');
    Client = clientModule.GizwitsEnterpriseClient;
    isApiError = clientModule.isGizwitsEnterpriseApiError;
    const handlers = {
      postV1ProductsProductKeyAccessToken(request: { path: { product_key: string }; body: Record<string, string> }, context: { error(code: number): unknown }) {
        if (request.body.enterprise_secret !== 'secret') return context.error(5004);
        const token = `t${s.issued.length + 1}-${request.path.product_key}`;
        s.issued.push(token);
        return { status: 201, body: { token, expired_at: Math.floor(s.clock / 1000) + 3600 } };
      },
      getV1ProductsProductKeyDatapoint: (request: { path: { product_key: string } }) => ({ status: 200, body: { name: 'lamp', product_key: request.path.product_key } }),
      getV1ProductsProductKeyDevices: (_: unknown, context: { error(code: number, detail: string): unknown }) => context.error(5301, 'no device with that MAC'),
      getV1UsersSearch(request: { query: { limit?: number; skip?: number } }) {
        const { limit = 20, skip = 0 } = request.query;
        s.skips.push(skip);
        const next = skip + limit < users.length ? `/v1/users/search?limit=${limit}&skip=${skip + limit}` : null;
        return { status: 200, body: { meta: { limit, skip, total: users.length, next, previous: null }, objects: users.slice(skip, skip + limit) } };
      },
    };
    server = serverModule.createGizwitsEnterpriseServer(handlers, {
      authenticate(scheme: string, value: string) {
        (s.seen[scheme] ??= []).push(value);
        if (scheme !== 'GizwitsToken') return undefined;
        return s.refuseEveryToken || s.expired.has(value) || !s.issued.includes(value) ? { code: 5011 } : undefined;
      },
      decorateResponse(_: unknown, response: { headers: Record<string, string> }) {
        s.answered++;
        Object.assign(response.headers, { 'x-ratelimit-limit': '3600', 'x-ratelimit-remaining': String(3600 - s.answered), 'x-ratelimit-reset': '1700003600' });
      },
    });
    url = await server.listen();
  });
  afterAll(async () => {
    await server?.close();
    await generated?.remove();
  });
  beforeEach(() => Object.assign(s, { clock: 1_700_000_000_000, issued: [], expired: new Set(), refuseEveryToken: false, seen: {}, skips: [], answered: 0 }));

  const client = (credentials: Record<string, string> = {}) =>
    new Client({
      baseUrl: url.href,
      now: () => s.clock,
      validateResponses: true,
      credentials: { product_key: 'pk', enterprise_id: 'eid', enterprise_secret: 'secret', product_secret: 'ps', ...credentials },
    });

  it('obtains the token once with the configured credentials and sends it as `token <value>`', async () => {
    const c = client();
    expect(await c.getV1ProductsProductKeyDatapoint!({ path: { product_key: 'pk' } })).toEqual({ name: 'lamp', product_key: 'pk' });
    expect(await c.getV1ProductsProductKeyDatapoint!({ path: { product_key: 'pk' } })).toEqual({ name: 'lamp', product_key: 'pk' });
    expect(s.issued).toEqual(['t1-pk']);
    expect(s.seen.GizwitsToken).toEqual(['t1-pk', 't1-pk']);
  });

  it('renews the token shortly before it expires', async () => {
    const c = client();
    await c.getV1ProductsProductKeyDatapoint!({ path: { product_key: 'pk' } });
    s.clock += 3600_000 - 30_000;
    await c.getV1ProductsProductKeyDatapoint!({ path: { product_key: 'pk' } });
    expect(s.issued).toEqual(['t1-pk', 't2-pk']);
    expect(s.seen.GizwitsToken).toEqual(['t1-pk', 't2-pk']);
  });

  it('renews once and retries when the server says the token expired (5011)', async () => {
    const c = client();
    await c.getV1ProductsProductKeyDatapoint!({ path: { product_key: 'pk' } });
    s.expired.add('t1-pk');
    expect(await c.getV1ProductsProductKeyDatapoint!({ path: { product_key: 'pk' } })).toMatchObject({ name: 'lamp' });
    expect(s.issued).toEqual(['t1-pk', 't2-pk']);

    s.refuseEveryToken = true;
    const failure = await c.getV1ProductsProductKeyDatapoint!({ path: { product_key: 'pk' } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isApiError(failure)).toBe(true);
    expect(failure).toMatchObject({ status: 400, code: 5011, errorMessage: 'token has expired' });
    expect(s.issued).toEqual(['t1-pk', 't2-pk', 't3-pk']);
  });

  it('rejects with a typed ApiError carrying the catalogue code', async () => {
    const failure = await client()
      .getV1ProductsProductKeyDevices!({ path: { product_key: 'pk' }, query: { mac: 'aa' } })
      .catch((e: unknown) => e);
    expect(isApiError(failure)).toBe(true);
    expect(failure).toMatchObject({ status: 404, code: 5301, detail: 'no device with that MAC', operationId: 'get_v1_products_product_key_devices' });
    const badSecret = await client({ enterprise_secret: 'wrong' })
      .getV1ProductsProductKeyDatapoint!({ path: { product_key: 'pk' } })
      .catch((e: unknown) => e);
    expect(badSecret).toMatchObject({ code: 5004, operationId: 'post_v1_products_product_key_access_token' });
  });

  it('walks every page of a list operation, with the enterprise headers and no token', async () => {
    const all: unknown[] = [];
    const pages = client().getV1UsersSearchAll!({ path: {}, query: { product_key: 'pk', limit: 2 } }) as unknown as AsyncIterable<unknown>;
    for await (const user of pages) all.push(user);
    expect(all).toEqual(users);
    expect(s.skips).toEqual([0, 2, 4]);
    expect(s.seen).toEqual({ EnterpriseId: ['eid', 'eid', 'eid'], EnterpriseSecret: ['secret', 'secret', 'secret'] });
    expect(s.issued).toEqual([]);
  });

  it('exposes the quota of the last answer', async () => {
    const c = client();
    expect(c.lastRateLimit).toBeUndefined();
    await c.getV1ProductsProductKeyDatapoint!({ path: { product_key: 'pk' } });
    expect(c.lastRateLimit).toEqual({ limit: 3600, remaining: 3600 - s.answered, reset: 1700003600 });
  });
});

describe('generated client against the generated server, hostile names', () => {
  let generated: GeneratedFolder;
  let server: { listen(): Promise<URL>; close(): Promise<void> };
  let client: Record<string, (...args: unknown[]) => Promise<unknown>>;
  const received: unknown[] = [];

  beforeAll(async () => {
    generated = await generateInto(hostileSpec);
    const { createHostileServer } = await generated.load<{ createHostileServer: (h: object) => typeof server }>('server.ts');
    const { HostileClient } = await generated.load<{ HostileClient: new (o: object) => typeof client }>('client.ts');
    server = createHostileServer({
      proto: (request: unknown) => (received.push(request), { status: 204 }),
      constructor_: () => ({ status: 200, body: { value: '`${x}`', children: [{ children: [] }] } }),
      delete_: (request: { path: Record<string, string> }) => ({ status: 200, body: [request.path['ключ'], 1] }),
    });
    client = new HostileClient({ baseUrl: (await server.listen()).href, validateResponses: true });
  });
  afterAll(async () => {
    await server?.close();
    await generated?.remove();
  });

  it('routes and answers operations named __proto__, constructor and delete', async () => {
    expect(await client.constructor_!()).toEqual({ value: '`${x}`', children: [{ children: [] }] });
    expect(await client.proto!({ path: {}, body: { reason: '*/' } })).toBeUndefined();
    expect(received).toEqual([{ path: {}, query: {}, headers: {}, body: { reason: '*/' } }]);
    expect(await client.delete_!({ path: { ключ: 'ü/ï' } })).toEqual(['ü/ï', 1]);
  });
});
