/**
 * The mock over HTTP, through the generated server stub: every operation is called, and every
 * answer must be documented for its operation, validate against the spec's schema for its status,
 * carry valid X-RateLimit-* headers and, for errors, a code the operation lists in `x-error-codes`
 * (checked by the test client on every call).
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGizwitsMock, type GizwitsMock } from './index.js';
import { AnswerLog, TestClient, operations, type Call } from './test-client.js';

const START = Date.UTC(2025, 0, 15, 12, 0, 0);
const log = new AnswerLog();
class Client extends TestClient {
  constructor(mock: GizwitsMock) {
    super(mock, log);
  }
}

describe('the Gizwits mock over HTTP', () => {
  let now = START;
  let mock: GizwitsMock;
  let client: Client;

  beforeAll(async () => {
    mock = await startGizwitsMock({ seed: 3, now: () => now, validateResponses: false });
    client = new Client(mock);
    await client.login();
  });
  afterAll(async () => {
    await mock.close();
  });

  const demo = () => mock.state.world.products[0]!;
  const other = () => mock.state.world.products[1]!;

  it('issues tokens only for valid credentials', async () => {
    const good = mock.credentials;
    const body = { enterprise_id: good.enterprise_id, enterprise_secret: good.enterprise_secret, product_secret: good.product_secret };
    const cases: [Call, number, number][] = [
      [{ body: { ...body, enterprise_secret: 'x' } }, 400, 5004],
      [{ body: { ...body, enterprise_id: 'x' } }, 404, 5003],
      [{ body: { ...body, product_secret: 'x' } }, 400, 5005],
      [{ body, path: { product_key: 'f'.repeat(32) } }, 404, 5015],
      [{ body: { enterprise_id: 'x' } }, 400, 5002],
      [{ rawBody: '{"enterprise_id":' }, 400, 5001],
    ];
    for (const [call, status, code] of cases) {
      const answer = await client.call('post_v1_products_product_key_access_token', call);
      expect([answer.status, answer.body.error_code]).toEqual([status, code]);
    }
  });

  it('refuses unknown tokens (5009) and tokens of another product (5010)', async () => {
    expect((await client.call('get_v1_products_product_key_datapoint', { token: 'nope' })).body.error_code).toBe(5009);
    const { enterprise_id, enterprise_secret } = mock.credentials;
    const issued = await client.call('post_v1_products_product_key_access_token', {
      path: { product_key: other().productKey },
      body: { enterprise_id, enterprise_secret, product_secret: other().productSecret },
    });
    const answer = await client.call('get_v1_products_product_key_datapoint', { token: issued.body.token });
    expect([answer.status, answer.body.error_code]).toEqual([400, 5010]);
    const own = await client.call('get_v1_products_product_key_datapoint', { token: issued.body.token, path: { product_key: other().productKey } });
    expect([own.status, own.body.error_code]).toEqual([404, 5402]);
  });

  it('answers product, user and device queries', async () => {
    const device = demo().devices.find((d) => d.isOnline)!;
    expect((await client.call('get_v1_products_product_key_datapoint')).body.product_key).toBe(mock.credentials.product_key);
    expect((await client.call('get_v1_users_search', { query: { product_key: mock.credentials.product_key, limit: 5 } })).body.objects).toHaveLength(5);
    const badSecret = await client.call('get_v1_users_search', { query: { product_key: 'x' }, headers: { 'x-gizwits-enterprise-secret': 'wrong' } });
    expect([badSecret.status, badSecret.body.error_code]).toEqual([400, 5004]);
    expect((await client.call('get_v1_products_product_key_users_search')).status).toBe(200);
    expect((await client.call('get_v1_products_product_key_users_search', { query: { type: 'did', val: 'unknown' } })).body.error_code).toBe(5301);
    expect((await client.call('get_v1_products_product_key_devices', { query: { mac: device.mac } })).body.did).toBe(device.did);
    expect((await client.call('get_v1_products_product_key_devices', { query: { mac: '000000000000' } })).status).toBe(404);
    expect((await client.call('get_v1_products_product_key_device_detail', { query: { mac: device.mac } })).body.is_online).toBe(true);
    const foreign = await client.call('get_v1_products_product_key_device_detail', { query: { mac: other().devices[0]!.mac } });
    expect([foreign.status, foreign.body.error_code]).toEqual([403, 5302]);
    expect((await client.call('get_v1_products_product_key_device_detail', {})).body.error_code).toBe(5002);
  });

  it('pages device enumeration with next URLs that lead through every device', async () => {
    let answer = await client.call('get_v1_products_product_key_devices_search', { query: { limit: 7, show_disabled: 1 } });
    const dids: string[] = answer.body.objects.map((d: { did: string }) => d.did);
    while (answer.body.meta.next !== null) {
      const next = new URL(answer.body.meta.next, mock.url);
      answer = await client.call('get_v1_products_product_key_devices_search', { query: Object.fromEntries(next.searchParams) });
      dids.push(...answer.body.objects.map((d: { did: string }) => d.did));
    }
    expect(dids.sort()).toEqual(demo().devices.map((d) => d.did).sort());
    expect((await client.call('get_v1_products_product_key_devices_search', { query: { gid: 'nope' } })).body.error_code).toBe(5206);
    expect((await client.call('get_v1_products_product_key_devices_search', { query: { limit: 1001 } })).body.error_code).toBe(5002);
  });

  it('answers device history in time windows', async () => {
    const device = demo().devices.reduce((a, b) => (b.cmd.length > a.cmd.length ? b : a));
    for (const id of ['get_v1_products_product_key_devices_did_data', 'get_v1_products_product_key_devices_did_cmd', 'get_v1_products_product_key_devices_did_online']) {
      const answer = await client.call(id, { path: { did: device.did }, query: { sort: 'asc', limit: 3 } });
      expect(answer.status).toBe(200);
      const end = Math.floor(START / 1000);
      expect((await client.call(id, { path: { did: device.did }, query: { start_ts: end - 3 * 86400, end_ts: end } })).body.error_code).toBe(5002);
      expect((await client.call(id, { path: { did: 'unknown' } })).body.error_code).toBe(5301);
    }
  });

  it('controls online devices with raw bytes or data points', async () => {
    const online = demo().devices.find((d) => d.isOnline)!;
    const offline = demo().devices.find((d) => !d.isOnline && !d.isDisabled)!;
    const control = (did: string, body: unknown) => client.call('post_v1_products_product_key_devices_did_control', { path: { did }, body });
    expect((await control(online.did, { raw: [97, 98, 99] })).body).toEqual({});
    expect((await control(online.did, { attrs: { set_temp: 24 } })).status).toBe(200);
    expect(online.attrs.set_temp).toBe(24);
    expect((await control(offline.did, { raw: [1] })).body.error_code).toBe(5305);
    expect((await control(online.did, { attrs: { nope: 1 } })).body.error_code).toBe(5405);
    expect((await control(online.did, { attrs: { set_temp: 99 } })).body.error_code).toBe(5401);
    expect((await control(online.did, { raw: [1], attrs: { set_temp: 20 } })).body.error_code).toBe(5002);
  });

  it('keeps the device group tree rules over HTTP', async () => {
    const tree = (await client.call('get_v1_products_product_key_device_groups')).body as Record<string, string>;
    const root = Object.keys(tree).find((gid) => tree[gid] === '')!;
    expect((await client.call('post_v1_products_product_key_device_groups', { body: {} })).body.error_code).toBe(5203);
    expect((await client.call('post_v1_products_product_key_device_groups')).body.error_code).toBe(5203);
    expect((await client.call('post_v1_products_product_key_device_groups', { body: { parent_gid: 'nope' } })).body.error_code).toBe(5202);
    const created = await client.call('post_v1_products_product_key_device_groups', { body: { parent_gid: root } });
    expect(created.status).toBe(201);
    const gid = created.body.gid as string;
    const mac = demo().devices[0]!.mac;
    const put = (body: unknown) => client.call('put_v1_products_product_key_device_groups_gid', { path: { gid }, body });
    expect((await put({ action: 'assign', reassign: true, macs: [mac, 'unknown'] })).body).toEqual({ success: [mac], failed: ['unknown'] });
    expect((await client.call('get_v1_products_product_key_device_groups_gid', { path: { gid } })).body).toEqual({ macs: [mac] });
    expect((await client.call('delete_v1_products_product_key_device_groups_gid', { path: { gid } })).body.error_code).toBe(5205);
    expect((await client.call('delete_v1_products_product_key_device_groups_gid', { path: { gid: root } })).body.error_code).toBe(5204);
    expect((await put({ action: 'unassign', macs: [mac] })).body).toEqual({ success: [mac], failed: [] });
    expect((await put({ action: 'assign', macs: Array.from({ length: 1001 }, (_, i) => `m${i}`) })).body.error_code).toBe(5002);
    expect((await client.call('delete_v1_products_product_key_device_groups_gid', { path: { gid } })).status).toBe(204);
    expect((await client.call('get_v1_products_product_key_device_groups_gid', { path: { gid } })).body.error_code).toBe(5206);
  });

  it('binds and unbinds devices', async () => {
    const user = mock.state.world.users[0]!;
    const did = demo().devices.find((d) => !d.isDisabled)!.did;
    const body = { uid: user.uid, appid: user.appid, dids: [did, 'unknown'] };
    expect((await client.call('post_v1_products_product_key_devices_bindings', { body })).body).toEqual({ success: [did], failed: ['unknown'] });
    expect((await client.call('delete_v1_products_product_key_devices_bindings', { body })).body).toEqual({ success: [did], failed: ['unknown'] });
    expect((await client.call('post_v1_products_product_key_devices_bindings', { body: { ...body, appid: 'nope' } })).body.error_code).toBe(5016);
    expect((await client.call('delete_v1_products_product_key_devices_bindings', { body: { ...body, uid: 'nope' } })).body.error_code).toBe(5017);
  });

  it('answers every report', async () => {
    const cycle = { cycle: 'month', start: '2024-11', end: '2025-01' };
    const byGroup = { gid: Object.keys(mock.state.groupTree(mock.credentials.product_key))[0]! };
    const calls: [string, Call][] = [
      ['get_v1_products_product_key_devices_report_activation', { query: cycle }],
      ['get_v1_products_product_key_devices_locations', { query: { is_online: 1 } }],
      ['get_v1_products_product_key_summary', {}],
      ['get_v1_products_product_key_incr_devices', { query: { start: '2024-12-01', end: '2025-01-15', limit: 3 } }],
      ['get_v1_products_product_key_active_devices', { query: { country: 'China' } }],
      ['get_v1_products_product_key_devices_report_liveness_history', { query: { ...cycle, ...byGroup } }],
      ['get_v1_products_product_key_devices_report_rt', { query: byGroup }],
      ['get_v1_products_product_key_fault_report_devices', {}],
      ['get_v1_products_product_key_alert_report_devices', {}],
      ['get_v1_products_product_key_fault_report_events', {}],
      ['get_v1_products_product_key_fault_alert_events', { query: byGroup }],
      ['get_v1_products_product_key_users_report_new', { query: { cycle: 'date', start: '2025-01-01', end: '2025-01-15' } }],
      ['get_v1_users_liveness_total', { query: { product_key: mock.credentials.product_key, start_date: '2025-01-01', end_date: '2025-01-15' } }],
      ['get_v1_users_location', { query: { product_key: mock.credentials.product_key } }],
      ['get_v1_products_product_key_users_report_total', { query: byGroup }],
    ];
    for (const [id, call] of calls) expect((await client.call(id, call)).status, id).toBe(200);
    const future = await client.call('get_v1_products_product_key_devices_report_activation', { query: { cycle: 'month', start: '2025-03', end: '2025-03' } });
    expect([future.status, future.body.error_code]).toEqual([400, 5014]);
    expect((await client.call('get_v1_users_location', { query: { product_key: 'nope' } })).body.error_code).toBe(5015);
  });

  it('refuses tokens once they expire (5011)', async () => {
    now += 7 * 86400 * 1000 + 1000;
    const answer = await client.call('get_v1_products_product_key_datapoint');
    expect([answer.status, answer.body.error_code]).toEqual([400, 5011]);
    await client.login();
    expect((await client.call('get_v1_products_product_key_datapoint')).status).toBe(200);
  });

  it('has answered every operation with a success', () => {
    expect([...operations.keys()].filter((id) => !log.succeeded.has(id))).toEqual([]);
    expect(operations.size).toBe(33);
  });
});

describe('the request quota', () => {
  let mock: GizwitsMock;
  beforeAll(async () => {
    mock = await startGizwitsMock({ quotaPerHour: 3, now: () => START });
  });
  afterAll(async () => {
    await mock.close();
  });

  it('counts down X-RateLimit-Remaining and answers 403/5013 over the quota, headers included', async () => {
    const client = new Client(mock);
    await client.login();
    const first = await client.call('get_v1_products_product_key_summary');
    const second = await client.call('get_v1_products_product_key_datapoint');
    const third = await client.call('get_v1_products_product_key_device_groups');
    expect([first, second, third].map((a) => a.headers.get('x-ratelimit-remaining'))).toEqual(['2', '1', '0']);
    const over = await client.call('get_v1_products_product_key_summary');
    expect([over.status, over.body.error_code]).toEqual([403, 5013]);
    expect(over.headers.get('x-ratelimit-limit')).toBe('3');
    expect(over.headers.get('x-ratelimit-reset')).toBe(String(START / 1000 + 3600));
  });

  it('puts the headers on answers refused before the quota is counted', async () => {
    const answer = await new Client(mock).call('get_v1_products_product_key_summary', { token: 'unknown' });
    expect(answer.body.error_code).toBe(5009);
    expect(answer.headers.get('x-ratelimit-limit')).toBe('3');
  });
});
