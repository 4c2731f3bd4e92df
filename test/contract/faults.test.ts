/**
 * Each planted fault makes the run fail with the check meant to catch it; the same operations
 * through the untouched proxy and relay pass.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { failedChecks, run, startProxy, startRelay, startTargets, type FaultyProxy, type FaultyRelay, type ProxiedRequest, type ProxiedResponse, type Targets } from './harness.js';

let targets: Targets;
let proxy: FaultyProxy;
let relay: FaultyRelay;

beforeAll(async () => {
  targets = await startTargets(11);
  proxy = await startProxy(targets.rest.url);
  relay = await startRelay(targets.mqtt);
}, 60_000);

afterAll(async () => {
  await relay?.close();
  await proxy?.close();
  await targets?.close();
});

afterEach(() => {
  proxy.fault = undefined;
  relay.fault = undefined;
});

/** Operations the REST faults are planted on: reads, a write with a body, a group read that answers 404s. */
const OPERATIONS = 'get_v1_products_product_key_device_detail,get_v1_products_product_key_summary,get_v1_products_product_key_device_groups_gid,post_v1_products_product_key_devices_bindings';

const rest = (operations = OPERATIONS, seed = 1) =>
  run({ baseUrl: proxy.url, credentials: targets.rest.credentials, params: { ...targets.rest.records[0] }, operations, stateful: false, seed });
const mqtt = (seed = 1) => run({ mqttUrl: relay.url, gatewaySn: relay.gatewaySn, params: relay.params, stateful: false, timeoutMs: 400, seed });

const jsonBody = (response: ProxiedResponse, change: (body: Record<string, unknown>) => void): ProxiedResponse => {
  const body = JSON.parse(response.body) as Record<string, unknown>;
  change(body);
  return { ...response, body: JSON.stringify(body) };
};
const isDetail = (url: string) => url.includes('/device_detail');

describe('a clean target through the proxy and the relay', () => {
  it('passes every check (no false alarms)', async () => {
    const report = await rest();
    expect(report.failures.map((f) => `${f.target}: ${f.check}: ${f.message}`)).toEqual([]);
    expect(report.ok).toBe(true);
    const mqttReport = await mqtt();
    expect(mqttReport.failures.map((f) => `${f.target}: ${f.check}: ${f.message}`)).toEqual([]);
  }, 60_000);
});

describe('REST faults', () => {
  it('a dropped required field fails response_schema_conformance', async () => {
    proxy.fault = { response: (req, res) => (isDetail(req.url) && res.status === 200 ? jsonBody(res, (b) => delete b.did) : res) };
    const report = await rest('get_v1_products_product_key_device_detail');
    expect(failedChecks(report)).toEqual(['response_schema_conformance']);
    expect(report.failures[0]?.message).toMatch(/must have required property 'did'/);
    expect(report.ok).toBe(false);
  }, 30_000);

  it('a wrong type fails response_schema_conformance', async () => {
    proxy.fault = { response: (req, res) => (isDetail(req.url) && res.status === 200 ? jsonBody(res, (b) => (b.is_online = 'yes')) : res) };
    const report = await rest('get_v1_products_product_key_device_detail');
    expect(failedChecks(report)).toEqual(['response_schema_conformance']);
    expect(report.failures[0]?.message).toMatch(/is_online must be boolean/);
  }, 30_000);

  it('an undocumented status fails status_code_conformance', async () => {
    proxy.fault = { response: (req, res) => (isDetail(req.url) && res.status === 200 ? { ...res, status: 202 } : res) };
    const report = await rest('get_v1_products_product_key_device_detail');
    expect(failedChecks(report)).toContain('status_code_conformance');
    expect(report.failures.find((f) => f.check === 'status_code_conformance')?.message).toMatch(/HTTP 202 is not documented/);
  }, 30_000);

  it('a 500 fails not_a_server_error', async () => {
    proxy.fault = {
      response: (req, res) =>
        req.url.includes('/summary') ? { ...res, status: 500, body: JSON.stringify({ error_code: 5409, error_message: 'call innerapi failed!' }) } : res,
    };
    const report = await rest('get_v1_products_product_key_summary');
    expect(failedChecks(report)).toContain('not_a_server_error');
  }, 30_000);

  it('a late answer fails max_response_time and nothing else', async () => {
    proxy.fault = { delayMs: 40 };
    const report = await run({ baseUrl: proxy.url, credentials: targets.rest.credentials, operations: 'get_v1_products_product_key_summary', stateful: false, maxExamples: 3, maxResponseTimeMs: 10 });
    expect(failedChecks(report)).toEqual(['max_response_time']);
    expect(report.failures.find((f) => f.check === 'max_response_time')?.message).toMatch(/the response took \d+ ms, more than 10 ms/);
  }, 30_000);

  it('a wrong content type fails content_type_conformance', async () => {
    proxy.fault = { response: (req, res) => (isDetail(req.url) ? { ...res, headers: { ...res.headers, 'content-type': 'text/plain' } } : res) };
    const report = await rest('get_v1_products_product_key_device_detail');
    expect(failedChecks(report)).toContain('content_type_conformance');
  }, 30_000);

  it('a missing rate-limit header fails response_headers_conformance', async () => {
    proxy.fault = {
      response: (req, res) => {
        if (!req.url.includes('/summary')) return res;
        const { 'x-ratelimit-remaining': _, ...headers } = res.headers;
        return { ...res, headers };
      },
    };
    const report = await rest('get_v1_products_product_key_summary');
    expect(failedChecks(report)).toEqual(['response_headers_conformance']);
    expect(report.failures[0]?.message).toMatch(/lacks required header\(s\) X-RateLimit-Remaining/);
  }, 30_000);

  it('an invalid request accepted fails negative_data_rejection', async () => {
    proxy.fault = {
      response: (req, res) => {
        const code = res.status === 400 ? (JSON.parse(res.body) as { error_code?: number }).error_code : undefined;
        return isDetail(req.url) && (code === 5001 || code === 5002) ? { ...res, status: 200, body: JSON.stringify({ did: 'accepted' }) } : res;
      },
    };
    const report = await rest('get_v1_products_product_key_device_detail');
    expect(failedChecks(report)).toContain('negative_data_rejection');
    const failure = report.failures.find((f) => f.check === 'negative_data_rejection');
    expect(failure?.message).toMatch(/^accepted an invalid request/);
    expect(failure?.sample?.kind).toBe('invalid');
  }, 30_000);

  it('authentication ignored fails ignored_auth', async () => {
    let good: string | undefined;
    proxy.fault = {
      request: (req) => (good !== undefined && req.url.includes('/summary') ? { ...req, headers: { ...req.headers, authorization: `token ${good}` } } : req),
      response: (req, res) => {
        if (req.url.endsWith('/access_token') && res.status === 201) good = (JSON.parse(res.body) as { token: string }).token;
        return res;
      },
    };
    const report = await rest('get_v1_products_product_key_summary');
    expect(failedChecks(report)).toEqual(['ignored_auth']);
    expect(report.failures[0]?.message).toMatch(/without credentials was served \(HTTP 200\): authentication is not enforced/);
  }, 30_000);

  it("a missing enterprise id refused with the token error instead of the scheme's x-error-code fails ignored_auth", async () => {
    const live = { baseUrl: proxy.url, credentials: targets.rest.credentials, operations: 'get_v1_users_search', stateful: false, checks: ['ignored_auth'] };
    expect((await run(live)).ok).toBe(true);
    proxy.fault = {
      response: (req, res) =>
        req.url.startsWith('/v1/users/') && !('x-gizwits-enterprise-id' in req.headers) ? jsonBody({ ...res, status: 400 }, (b) => Object.assign(b, { error_code: 5009, error_message: 'token invalid' })) : res,
    };
    const report = await run(live);
    expect(failedChecks(report)).toEqual(['ignored_auth']);
    expect(report.failures[0]?.message).toMatch(/without credentials was refused with error 5009 \(HTTP 400\); expected an authentication error: 5003, 5004/);
  }, 30_000);

  it('an expired token accepted fails ignored_auth', async () => {
    const issue = () => fetch(`${proxy.url}/v1/products/${targets.rest.credentials.product_key}/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ enterprise_id: targets.rest.credentials.enterprise_id, enterprise_secret: targets.rest.credentials.enterprise_secret, product_secret: targets.rest.credentials.product_secret }),
    }).then(async (r) => ((await r.json()) as { token: string; expired_at: number }));
    const expired = await targets.rest.expiredToken(async () => {
      const grant = await issue();
      return { token: grant.token, expiresAt: grant.expired_at };
    });
    const good = (await issue()).token;
    const swap = { request: (req: ProxiedRequest) => (req.headers.authorization === `token ${expired}` ? { ...req, headers: { ...req.headers, authorization: `token ${good}` } } : req) };
    const live = { baseUrl: proxy.url, credentials: targets.rest.credentials, operations: 'get_v1_products_product_key_summary', stateful: false, checks: ['ignored_auth'], params: { expired_token: expired } };
    expect((await run(live)).ok).toBe(true);
    proxy.fault = swap;
    const report = await run(live);
    expect(failedChecks(report)).toEqual(['ignored_auth']);
    expect(report.failures[0]?.message).toMatch(/with an expired token \(header Authorization\) was served \(HTTP 200\)/);
  }, 30_000);

  it('a wrong error code fails error_code_conformance', async () => {
    proxy.fault = {
      response: (req, res) => (isDetail(req.url) && res.status === 400 ? jsonBody(res, (b) => (b.error_code = 5013)) : res),
    };
    const report = await rest('get_v1_products_product_key_device_detail');
    expect(failedChecks(report)).toContain('error_code_conformance');
    expect(report.failures.find((f) => f.check === 'error_code_conformance')?.message).toMatch(/error code 5013 .* was sent with HTTP 400; the catalogue gives HTTP 403/);
  }, 30_000);

  it('a valid request refused as malformed fails positive_data_acceptance', async () => {
    proxy.fault = {
      response: (req, res) => (req.url.includes('/summary') && res.status === 200 ? { ...res, status: 400, body: JSON.stringify({ error_code: 5002, error_message: 'form invalid' }) } : res),
    };
    const report = await rest('get_v1_products_product_key_summary');
    expect(failedChecks(report)).toEqual(['positive_data_acceptance']);
  }, 30_000);

  it('a request served without one of its required headers fails missing_required_header', async () => {
    const secret = targets.rest.credentials.enterprise_secret as string;
    proxy.fault = {
      request: (req) =>
        req.headers['x-gizwits-enterprise-id'] !== undefined && req.headers['x-gizwits-enterprise-secret'] === undefined
          ? { ...req, headers: { ...req.headers, 'x-gizwits-enterprise-secret': secret } }
          : req,
    };
    const report = await rest('get_v1_users_location');
    expect(failedChecks(report)).toEqual(['missing_required_header']);
    expect(report.failures[0]?.message).toMatch(/without required header X-Gizwits-Enterprise-Secret was served \(HTTP 200\)/);
  }, 30_000);

  it('a created group that cannot be read fails ensure_resource_availability', async () => {
    const created = new Set<string>();
    proxy.fault = {
      request: (req) => {
        const gid = /\/device_groups\/([^/?]+)/.exec(req.url)?.[1];
        return req.method === 'GET' && gid !== undefined && created.has(gid) ? { status: 404, headers: { 'content-type': 'application/json', 'x-ratelimit-limit': '1', 'x-ratelimit-remaining': '1', 'x-ratelimit-reset': '1' }, body: JSON.stringify({ error_code: 5206, error_message: 'group not exist' }) } : req;
      },
      response: (req, res) => {
        if (req.method === 'POST' && req.url.endsWith('/device_groups') && res.status === 201) created.add((JSON.parse(res.body) as { gid: string }).gid);
        return res;
      },
    };
    const report = await rest('post_v1_products_product_key_device_groups', 3);
    expect(failedChecks(report)).toEqual(['ensure_resource_availability']);
    expect(report.failures[0]?.message).toMatch(/the resource named by link GetDeviceGroup .* could not be read: HTTP 404/);
    expect(report.failures[0]?.evidence?.[0]?.request.method).toBe('GET');
  }, 30_000);

  it('a DELETE that deletes nothing fails use_after_free and the device-group model', async () => {
    // The DELETE goes through as a GET of the same group (so credentials are still checked) and its 200 becomes a 204.
    const faked = 'x-faked-delete';
    proxy.fault = {
      request: (req) => (req.method === 'DELETE' && req.url.includes('/device_groups/') ? { ...req, method: 'GET', body: '', headers: { ...req.headers, [faked]: '1' } } : req),
      response: (req, res) => {
        if (req.headers[faked] === undefined || res.status !== 200) return res;
        const { 'content-type': _, ...headers } = res.headers;
        return { status: 204, headers, body: '' };
      },
    };
    const live = { baseUrl: proxy.url, credentials: targets.rest.credentials };
    const rest = await run({ ...live, operations: 'post_v1_products_product_key_device_groups,delete_v1_products_product_key_device_groups_gid', stateful: false, maxExamples: 30 });
    expect(failedChecks(rest)).toEqual(['use_after_free']);
    const model = await run({ ...live, operations: 'device_groups', maxExamples: 100, sequenceTimeLimitMs: 5000 });
    expect(failedChecks(model)).toEqual(['stateful_model_conformance']);
    const failure = model.failures[0];
    expect(failure?.target).toBe('device_groups');
    expect(failure?.replay.fastCheck?.counterexample).toMatch(/delete\(/);
    expect(failure?.replay.fastCheck?.path).toMatch(/^\d+(:\d+)*$/);
  }, 60_000);
});

describe('--rate-limit', () => {
  it('spaces every REST request of the run, the generated clients\' included', async () => {
    const seen: number[] = [];
    proxy.fault = { request: (req) => (seen.push(performance.now()), req) };
    await run({ baseUrl: proxy.url, credentials: targets.rest.credentials, operations: 'get_v1_products_product_key_summary,device_groups', maxExamples: 5, rateLimit: 20 });
    const spanS = ((seen.at(-1) as number) - (seen[0] as number)) / 1000;
    // A bucket of 20 lets a burst of 20 through, then one request per 50 ms.
    expect(seen.length).toBeGreaterThan(30);
    expect(spanS).toBeGreaterThanOrEqual((seen.length - 21) / 20);
  }, 60_000);
});

describe('MQTT faults', () => {
  const otherUuid = '00000000-0000-4000-8000-000000000000';

  it('a reply with the wrong tid fails reply_correlation and reply_received', async () => {
    relay.fault = (topic, reply) => ({ topic, reply: { ...reply, tid: otherUuid } });
    const report = await mqtt();
    expect(failedChecks(report)).toEqual(expect.arrayContaining(['reply_correlation', 'reply_received']));
    expect(report.failures.find((f) => f.check === 'reply_correlation')?.message).toMatch(/with the wrong tid 0{8}-/);
  }, 30_000);

  it('a reply with the wrong bid fails reply_correlation', async () => {
    relay.fault = (topic, reply) => ({ topic, reply: { ...reply, bid: otherUuid } });
    const report = await mqtt();
    expect(failedChecks(report)).toContain('reply_correlation');
    expect(report.failures.find((f) => f.check === 'reply_correlation')?.message).toMatch(/with the wrong bid/);
  }, 30_000);

  it('a reply on another gateway\'s topic fails reply_correlation', async () => {
    relay.fault = (topic, reply) => ({ topic: topic.replace(relay.gatewaySn, 'SOMEONE-ELSE'), reply });
    const report = await mqtt();
    expect(failedChecks(report)).toEqual(['reply_correlation']);
    expect(report.failures[0]?.message).toMatch(/arrived on thing\/product\/SOMEONE-ELSE\/requests_reply/);
  }, 30_000);

  it('no reply fails reply_received', async () => {
    relay.fault = (topic, reply) => (reply.method === 'airport_organization_get' ? undefined : { topic, reply });
    const report = await mqtt();
    expect(failedChecks(report)).toContain('reply_received');
    // Without replies the responder also looks dead after invalid requests: all on that one method.
    expect(new Set(report.failures.map((f) => f.target))).toEqual(new Set(['airport_organization_get']));
  }, 30_000);

  it('an invalid reply payload fails reply_schema_conformance', async () => {
    relay.fault = (topic, reply) => {
      const data = reply.data as { result: number; output?: { bind_status?: { is_device_bind_organization: unknown }[] } };
      const first = data.output?.bind_status?.[0];
      if (first) first.is_device_bind_organization = 'no';
      return { topic, reply };
    };
    const report = await mqtt();
    expect(failedChecks(report)).toContain('reply_schema_conformance');
    const failure = report.failures.find((f) => f.check === 'reply_schema_conformance');
    expect(failure?.target).toBe('airport_bind_status');
    expect(failure?.mqtt?.reply).toBeDefined();
  }, 30_000);

  it('an invalid request answered with result 0 fails negative_request_rejection', async () => {
    relay.fault = (topic, reply) => ({ topic, reply: { ...reply, data: { result: 0, output: { organization_name: 'x' } } } });
    const report = await mqtt();
    expect(failedChecks(report)).toContain('negative_request_rejection');
  }, 30_000);

  it('a cloud that binds with a wrong code fails the dock binding model', async () => {
    relay.fault = (topic, reply) => {
      const data = reply.data as { output?: { err_infos?: { err_code: number }[] } };
      for (const info of data.output?.err_infos ?? []) info.err_code = 0;
      return { topic, reply };
    };
    const report = await run({ mqttUrl: relay.url, gatewaySn: relay.gatewaySn, params: relay.params, operations: 'dock_binding', timeoutMs: 400, maxExamples: 30, sequenceTimeLimitMs: 4000 });
    expect(failedChecks(report)).toEqual(['stateful_model_conformance']);
    const failure = report.failures[0];
    expect(failure?.target).toBe('dock_binding');
    expect(failure?.message).toMatch(/got err_code 0, expected a failure/);
    expect(failure?.replay.fastCheck?.counterexample).toMatch(/organizationBind\(/);
  }, 60_000);

  it('a reply timestamp in seconds fails timestamp_sanity', async () => {
    relay.fault = (topic, reply) => ({ topic, reply: { ...reply, timestamp: Math.floor(Date.now() / 1000) } });
    const report = await mqtt();
    expect(failedChecks(report)).toContain('timestamp_sanity');
  }, 30_000);
});
