import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printFile } from '../../generator/emit/print.js';
import { restServerEmitter } from '../../generator/emit/rest-server/index.js';
import type { IrSpec } from '../../generator/ir/types.js';
import type { Validator } from '../../generator/runtime/validation.js';
import { typecheckFiles } from '../helpers/typecheck.js';
import { fixtureDir, irOf, specDir } from './fixtures.js';
import { generateInto, withFiles, type GeneratedFolder } from './rest-helpers.js';

const gizwitsSpec = join(specDir, 'gizwits-enterprise.openapi.yaml');
const hostileSpec = join(fixtureDir, 'hostile.openapi.yaml');

/** Handlers as users write them: answers are checked against the documented responses. */
const GIZWITS_CHECKS = `import type * as T from './types.js';
import {
  createGizwitsEnterpriseServer,
  type DeleteV1ProductsProductKeyDeviceGroupsGidResult,
  type GetV1ProductsProductKeyDatapointResult,
  type GizwitsEnterpriseHandlers,
} from './server.js';

export const ok: GetV1ProductsProductKeyDatapointResult = { status: 200, body: { name: 'lamp' }, headers: { 'X-Extra': '1' } };
export const refused: GetV1ProductsProductKeyDatapointResult = { status: 403, body: { error_code: 5013, error_message: 'quota' } };
// @ts-expect-error 201 is not a documented status
export const undocumented: GetV1ProductsProductKeyDatapointResult = { status: 201, body: {} };
// @ts-expect-error an error answer carries the Error body
export const wrongError: GetV1ProductsProductKeyDatapointResult = { status: 400, body: { message: 'x' } };
export const deleted: DeleteV1ProductsProductKeyDeviceGroupsGidResult = { status: 204 };
// @ts-expect-error 204 is documented without a body
export const bodyOn204: DeleteV1ProductsProductKeyDeviceGroupsGidResult = { status: 204, body: {} };

export const partial: Pick<GizwitsEnterpriseHandlers, 'getV1ProductsProductKeyDevicesDidData' | 'postV1ProductsProductKeyDevicesDidControl'> = {
  getV1ProductsProductKeyDevicesDidData(request, context) {
    const limit: number | undefined = request.query?.limit;
    const did: string = request.path.did;
    context.state.seen = [limit, did];
    return { status: 200, body: { meta: { limit: limit ?? 20, skip: 0, total: 0, next: null, previous: null }, objects: [] } };
  },
  async postV1ProductsProductKeyDevicesDidControl(request: T.PostV1ProductsProductKeyDevicesDidControlRequest, context) {
    return request.body.raw ? { status: 200, body: {} } : context.error(5401, 'attrs');
  },
};
// @ts-expect-error every operation needs a handler
createGizwitsEnterpriseServer(partial);
`;

describe('rest-server emitter', () => {
  let gizwits: GeneratedFolder;
  let hostile: GeneratedFolder;
  beforeAll(async () => {
    [gizwits, hostile] = await Promise.all([generateInto(gizwitsSpec), generateInto(hostileSpec)]);
  });
  afterAll(() => Promise.all([gizwits?.remove(), hostile?.remove()]));

  it('applies to OpenAPI specs only and writes server.ts, identically every time', async () => {
    const ir = await irOf(gizwitsSpec);
    expect(restServerEmitter.appliesTo(ir)).toBe(true);
    expect(restServerEmitter.appliesTo(await irOf(join(fixtureDir, 'mini.asyncapi.yaml')))).toBe(false);
    const [first, second] = [restServerEmitter.emit(ir), restServerEmitter.emit(await irOf(gizwitsSpec))];
    expect(first.map((f) => f.path)).toEqual(['server.ts']);
    expect(printFile(first[0]!)).toBe(printFile(second[0]!));
  });

  it('type-checks with the other generated modules, answers typed by documented status', async () => {
    expect(await typecheckFiles(withFiles(gizwits.files, { 'check.ts': GIZWITS_CHECKS }))).toBe('');
    expect(await typecheckFiles(Object.fromEntries(hostile.files))).toBe('');
  }, 120_000);

  it('writes the routes and the error roles of the spec as data', async () => {
    const ir = await irOf(gizwitsSpec);
    const { serverRoutes, serverApi } = await gizwits.load<{ serverRoutes: Record<string, unknown>[]; serverApi: Record<string, unknown> }>('server.ts');
    expect(serverRoutes.map((r) => [r.id, r.method, r.path])).toEqual(ir.operations.map((o) => [o.id, o.method.toUpperCase(), o.path]));
    expect(serverApi.errorRoles).toEqual(ir.document['x-error-roles']);
    expect(serverApi.securitySchemes).toMatchObject({ GizwitsToken: { in: 'header', name: 'Authorization', prefix: 'token ' } });
  });
});

/** A generated Gizwits server with the given handlers on a free port. */
async function gizwitsServer(folder: GeneratedFolder, handlers: object, options: object = {}): Promise<{ url: URL; close(): Promise<void> }> {
  const { createGizwitsEnterpriseServer } = await folder.load<{ createGizwitsEnterpriseServer: (h: object, o: object) => { listen(): Promise<URL>; close(): Promise<void> } }>('server.ts');
  const server = createGizwitsEnterpriseServer(handlers, options);
  return { url: await server.listen(), close: () => server.close() };
}

describe('generated server stub', () => {
  let folder: GeneratedFolder;
  let ir: IrSpec;
  let server: { url: URL; close(): Promise<void> };
  let errorBody: Validator;
  const logged: string[] = [];
  const seen: unknown[] = [];

  beforeAll(async () => {
    [folder, ir] = await Promise.all([generateInto(gizwitsSpec), irOf(gizwitsSpec)]);
    const { operationValidators } = await folder.load<{ operationValidators: Record<string, { responses: Record<string, { body: Validator }> }> }>('validators.ts');
    errorBody = operationValidators.get_v1_products_product_key_datapoint!.responses['400']!.body;
    server = await gizwitsServer(
      folder,
      {
        getV1ProductsProductKeyDevicesDidData: (request: unknown) => {
          seen.push(request);
          return { status: 200, body: { meta: { limit: 20, skip: 0, total: 0, next: null, previous: null }, objects: [] } };
        },
        getV1ProductsProductKeyDatapoint: () => ({ status: 200, body: { name: 42 } }),
      },
      { logger: { error: (m: string) => logged.push(m) } },
    );
  });
  afterAll(async () => {
    await server?.close();
    await folder?.remove();
  });

  const call = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(new URL(path, server.url), init);
    return { status: response.status, allow: response.headers.get('allow'), body: (await response.json()) as unknown };
  };
  const expectError = (answer: { status: number; body: unknown }, status: number, code: number) => {
    expect(answer.status).toBe(status);
    expect(errorBody(answer.body)).toBe(true);
    expect(answer.body).toMatchObject({ error_code: code, error_message: ir.errorCatalogue.find((e) => e.code === code)?.message ?? expect.any(String) });
  };
  const token = { authorization: 'token t' };
  const roles = () => ir.document['x-error-roles'] as Record<string, number>;

  it('answers an unknown route with 404 and a known path with a wrong method with 405 and Allow', async () => {
    expectError(await call('/v1/nothing'), 404, 404);
    const wrongMethod = await call('/v1/products/pk/device_groups/g1', { method: 'PATCH', headers: token });
    expectError(wrongMethod, 405, 405);
    expect(wrongMethod.allow).toBe('DELETE, GET, PUT');
  });

  it('answers unparsable JSON with bodyInvalid and a missing token with tokenInvalid, statuses from the catalogue', async () => {
    const bodyInvalid = ir.errorCatalogue.find((e) => e.code === roles().bodyInvalid)!;
    const tokenInvalid = ir.errorCatalogue.find((e) => e.code === roles().tokenInvalid)!;
    expectError(
      await call('/v1/products/pk/access_token', { method: 'POST', body: '{"enterprise_id":', headers: { 'content-type': 'application/json' } }),
      bodyInvalid.status!,
      bodyInvalid.code,
    );
    expectError(await call('/v1/products/pk/devices/d1/data'), tokenInvalid.status!, tokenInvalid.code);
    expectError(await call('/v1/products/pk/devices/d1/data', { headers: { authorization: 't' } }), tokenInvalid.status!, tokenInvalid.code);
  });

  it('answers off-spec parameters with formInvalid and hands coerced parameters to the handler', async () => {
    expectError(await call('/v1/products/pk/devices/d1/data?limit=5000', { headers: token }), 400, roles().formInvalid!);
    expectError(await call('/v1/products/pk/devices/d1/data?sort=sideways', { headers: token }), 400, roles().formInvalid!);
    seen.length = 0;
    expect((await call('/v1/products/pk/devices/d%201/data?limit=5&sort=asc', { headers: token })).status).toBe(200);
    expect(seen).toEqual([{ path: { product_key: 'pk', did: 'd 1' }, query: { limit: 5, sort: 'asc' }, headers: {} }]);
  });

  it('turns an off-spec handler answer into a logged 500', async () => {
    logged.length = 0;
    const answer = await call('/v1/products/pk/datapoint', { headers: token });
    expect(answer.status).toBe(500);
    expect(errorBody(answer.body)).toBe(true);
    expect((answer.body as { detail: string }).detail).toContain('body/name: must be string');
    expect(logged).toHaveLength(1);
  });
});
