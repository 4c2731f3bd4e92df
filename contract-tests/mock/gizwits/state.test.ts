import { describe, expect, it } from 'vitest';
import { Code, GizwitsError } from './errors.js';
import { GizwitsState, type GizwitsStateOptions } from './state.js';
import { TOKEN_TTL_SECONDS } from './tokens.js';

const START = Date.UTC(2025, 0, 15, 12, 0, 0);
const DAY = 24 * 3600;

function fixture(options: GizwitsStateOptions = {}) {
  let now = START;
  const state = new GizwitsState({ seed: 7, now: () => now, ...options });
  const demo = state.world.products[0]!;
  const other = state.world.products[1]!;
  return {
    state,
    demo,
    other,
    pk: demo.productKey,
    advance: (seconds: number) => {
      now += seconds * 1000;
    },
  };
}

/** The catalogue code `run` fails with (the test fails when it does not fail). */
function codeOf(run: () => unknown): number {
  try {
    run();
  } catch (error) {
    if (error instanceof GizwitsError) return error.code;
    throw error;
  }
  throw new Error('expected a GizwitsError');
}

describe('seeded world', () => {
  it('is the same for the same seed and clock, and differs for another seed', () => {
    const a = fixture();
    const b = fixture();
    expect(b.state.credentials).toEqual(a.state.credentials);
    expect(JSON.stringify(b.demo.devices)).toBe(JSON.stringify(a.demo.devices));
    expect(b.state.groupTree(b.pk)).toEqual(a.state.groupTree(a.pk));
    const c = new GizwitsState({ seed: 8, now: () => START });
    expect(c.credentials.product_key).not.toBe(a.pk);
  });

  it('has online, offline and disabled devices whose history agrees with their state', () => {
    const { demo } = fixture();
    expect(demo.devices.some((d) => d.isOnline)).toBe(true);
    expect(demo.devices.some((d) => !d.isOnline && !d.isDisabled)).toBe(true);
    expect(demo.devices.some((d) => d.isDisabled && !d.isOnline)).toBe(true);
    const nowS = START / 1000;
    for (const d of demo.devices) {
      for (const list of [d.data.map((r) => r.ts), d.cmd.map((r) => r.timestamp), d.online.map((r) => r.timestamp)]) {
        expect([...list].sort((x, y) => x - y)).toEqual(list);
        for (const t of list) expect(t).toBeGreaterThanOrEqual(d.createdAt), expect(t).toBeLessThanOrEqual(nowS + 1);
      }
      const last = d.online.at(-1);
      if (last) expect(last.type).toBe(d.isOnline ? 'dev_online' : 'dev_offline');
      for (const record of d.data) expect(Object.keys(record.attrs).sort()).toEqual(demo.datapoints!.attrs.map((a) => a.name).sort());
    }
  });
});

describe('tokens', () => {
  it('are issued for valid credentials only, each failure with its code', () => {
    const { state, pk } = fixture();
    const good = state.credentials;
    expect(codeOf(() => state.issueToken('0'.repeat(32), good))).toBe(Code.productKeyNotExist);
    expect(codeOf(() => state.issueToken(pk, { ...good, enterprise_id: 'x' }))).toBe(Code.enterpriseIdNotExist);
    expect(codeOf(() => state.issueToken(pk, { ...good, enterprise_secret: 'x' }))).toBe(Code.enterpriseSecretError);
    expect(codeOf(() => state.issueToken(pk, { ...good, product_secret: 'x' }))).toBe(Code.productSecretError);
    const { token, expired_at } = state.issueToken(pk, good);
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(expired_at).toBe(START / 1000 + TOKEN_TTL_SECONDS);
  });

  it('live 7 days: valid at expired_at, 5011 one second later', () => {
    const { state, pk, advance } = fixture();
    const { token } = state.issueToken(pk, state.credentials);
    advance(TOKEN_TTL_SECONDS);
    expect(state.verifyToken(token, pk).productKey).toBe(pk);
    advance(1);
    expect(codeOf(() => state.verifyToken(token, pk))).toBe(Code.tokenExpired);
  });

  it('answer 5009 when unknown and 5010 when issued for another product', () => {
    const { state, pk, other } = fixture();
    expect(codeOf(() => state.verifyToken('f'.repeat(32), pk))).toBe(Code.tokenInvalid);
    const { token } = state.issueToken(other.productKey, { ...state.credentials, product_secret: other.productSecret });
    expect(state.verifyToken(token).productKey).toBe(other.productKey);
    expect(codeOf(() => state.verifyToken(token, pk))).toBe(Code.tokenMismatch);
  });

  it('follow a configured lifetime', () => {
    const { state, pk, advance } = fixture({ tokenTtlSeconds: 60 });
    const { token, expired_at } = state.issueToken(pk, state.credentials);
    expect(expired_at).toBe(START / 1000 + 60);
    advance(61);
    expect(codeOf(() => state.verifyToken(token, pk))).toBe(Code.tokenExpired);
  });
});

describe('quota', () => {
  it('counts requests per caller per hour, answers 5013 over it and resets after the hour', () => {
    const { state, advance } = fixture({ quotaPerHour: 3 });
    expect([1, 2, 3].map(() => state.consumeQuota('token:a').remaining)).toEqual([2, 1, 0]);
    expect(codeOf(() => state.consumeQuota('token:a'))).toBe(Code.rateLimited);
    expect(state.peekQuota('token:a')).toEqual({ limit: 3, remaining: 0, reset: START / 1000 + 3600 });
    expect(state.consumeQuota('token:b').remaining).toBe(2);
    advance(3599);
    expect(codeOf(() => state.consumeQuota('token:a'))).toBe(Code.rateLimited);
    advance(1);
    expect(state.consumeQuota('token:a')).toMatchObject({ limit: 3, remaining: 2, reset: START / 1000 + 7200 });
  });

  it('reports a full quota for a caller without requests', () => {
    const { state } = fixture();
    expect(state.peekQuota('client:127.0.0.1')).toEqual({ limit: 3600, remaining: 3600, reset: START / 1000 + 3600 });
  });
});

describe('device groups', () => {
  it('form a tree with exactly one root whose every parent exists', () => {
    const { state, pk } = fixture();
    const tree = state.groupTree(pk);
    expect(Object.values(tree).filter((p) => p === '')).toHaveLength(1);
    for (const parent of Object.values(tree)) if (parent !== '') expect(tree).toHaveProperty(parent);
  });

  it('refuse a second root (5203) and an unknown parent (5202); a child of a known parent is created', () => {
    const { state, pk, demo } = fixture();
    expect(codeOf(() => state.createGroup(pk))).toBe(Code.rootGroupExists);
    expect(codeOf(() => state.createGroup(pk, 'nope'))).toBe(Code.parentGroupNotExist);
    const root = demo.groups.root()!;
    const { gid } = state.createGroup(pk, root);
    expect(state.groupTree(pk)[gid]).toBe(root);
    expect(state.groupMacs(pk, gid)).toEqual({ macs: [] });
  });

  it('let another product create its root once, and answer 5201 for its groups', () => {
    const { state, pk, other } = fixture();
    const { gid } = state.createGroup(other.productKey);
    expect(codeOf(() => state.createGroup(other.productKey))).toBe(Code.rootGroupExists);
    expect(codeOf(() => state.groupMacs(pk, gid))).toBe(Code.groupNotOfProduct);
    expect(codeOf(() => state.deleteGroup(pk, gid))).toBe(Code.groupNotOfProduct);
    expect(codeOf(() => state.createGroup(pk, gid))).toBe(Code.groupNotOfProduct);
    expect(codeOf(() => state.updateGroup(pk, gid, { action: 'assign', macs: ['x'] }))).toBe(Code.groupNotOfProduct);
  });

  it('delete only groups without subgroups (5204) and devices (5205); unknown groups are 5206', () => {
    const { state, pk, demo } = fixture();
    const root = demo.groups.root()!;
    expect(codeOf(() => state.deleteGroup(pk, root))).toBe(Code.groupHasSubgroup);
    const { gid } = state.createGroup(pk, root);
    const mac = demo.devices[0]!.mac;
    state.updateGroup(pk, gid, { action: 'assign', reassign: true, macs: [mac] });
    expect(codeOf(() => state.deleteGroup(pk, gid))).toBe(Code.groupHasDevices);
    state.updateGroup(pk, gid, { action: 'unassign', macs: [mac] });
    state.deleteGroup(pk, gid);
    expect(state.groupTree(pk)).not.toHaveProperty(gid);
    expect(codeOf(() => state.deleteGroup(pk, gid))).toBe(Code.groupNotExist);
    expect(codeOf(() => state.groupMacs(pk, gid))).toBe(Code.groupNotExist);
    expect(codeOf(() => state.updateGroup(pk, gid, { action: 'assign', macs: [mac] }))).toBe(Code.groupNotExist);
  });

  it('assign with reassign false leaves MACs of other groups in failed, reassign true moves them', () => {
    const { state, pk, demo } = fixture();
    const groups = demo.groups;
    const { gid } = state.createGroup(pk, groups.root()!);
    const grouped = demo.devices.find((d) => groups.groupOf(d.mac) !== undefined)!;
    const from = groups.groupOf(grouped.mac)!;
    const free = demo.devices.find((d) => groups.groupOf(d.mac) === undefined)!;

    expect(state.updateGroup(pk, gid, { action: 'assign', reassign: false, macs: [grouped.mac, free.mac, 'unknown-mac'] })).toEqual({
      success: [free.mac],
      failed: [grouped.mac, 'unknown-mac'],
    });
    expect(state.updateGroup(pk, gid, { action: 'assign', macs: [grouped.mac] }).failed).toEqual([grouped.mac]);
    expect(state.updateGroup(pk, gid, { action: 'assign', reassign: true, macs: [grouped.mac] })).toEqual({ success: [grouped.mac], failed: [] });
    expect(state.groupMacs(pk, gid).macs).toEqual([free.mac, grouped.mac]);
    expect(state.groupMacs(pk, from).macs).not.toContain(grouped.mac);
  });

  it('unassign fails for MACs that are not in the group', () => {
    const { state, pk, demo } = fixture();
    const groups = demo.groups;
    const { gid } = state.createGroup(pk, groups.root()!);
    const outsider = demo.devices.find((d) => groups.groupOf(d.mac) !== undefined)!;
    expect(state.updateGroup(pk, gid, { action: 'unassign', macs: [outsider.mac] })).toEqual({ success: [], failed: [outsider.mac] });
    expect(groups.groupOf(outsider.mac)).not.toBe(gid);
  });

  it('take at most 1000 MACs per call (5002 above)', () => {
    const { state, pk, demo } = fixture();
    const root = demo.groups.root()!;
    const macs = Array.from({ length: 1000 }, (_, i) => `m${i}`);
    expect(state.updateGroup(pk, root, { action: 'assign', macs }).failed).toHaveLength(1000);
    expect(codeOf(() => state.updateGroup(pk, root, { action: 'assign', macs: [...macs, 'one-more'] }))).toBe(Code.formInvalid);
    expect(codeOf(() => state.updateGroup(pk, root, { action: 'unassign', macs: [...macs, 'one-more'] }))).toBe(Code.formInvalid);
  });
});

describe('bindings', () => {
  function bindingFixture() {
    const f = fixture();
    const user = f.state.world.users.find((u) => !f.state.world.bindings.some((b) => b.uid === u.uid))!;
    return { ...f, user, command: (dids: string[]) => ({ uid: user.uid, appid: user.appid, dids }) };
  }

  it('bind known devices of the product; unknown, foreign and logged-off devices fail', () => {
    const { state, pk, demo, other, user, command } = bindingFixture();
    const active = demo.devices.find((d) => !d.isDisabled)!;
    const disabled = demo.devices.find((d) => d.isDisabled)!;
    const foreign = other.devices[0]!;
    expect(state.bind(pk, command([active.did, 'unknown', disabled.did, foreign.did]))).toEqual({
      success: [active.did],
      failed: ['unknown', disabled.did, foreign.did],
    });
    const users = state.searchBindingUsers(pk, { type: 'did', val: active.did });
    expect(users.objects.find((u) => u.uid === user.uid)).toBeDefined();
    expect(state.bind(pk, command([active.did])).success).toEqual([active.did]);
    expect(state.world.bindings.filter((b) => b.uid === user.uid)).toHaveLength(1);
  });

  it('unbind bound devices only', () => {
    const { state, pk, demo, command } = bindingFixture();
    const device = demo.devices.find((d) => !d.isDisabled)!;
    state.bind(pk, command([device.did]));
    expect(state.unbind(pk, command([device.did]))).toEqual({ success: [device.did], failed: [] });
    expect(state.unbind(pk, command([device.did]))).toEqual({ success: [], failed: [device.did] });
  });

  it('make the first user of a device its owner', () => {
    const { state, pk, demo, command } = bindingFixture();
    const unbound = demo.devices.find((d) => !d.isDisabled && !state.world.bindings.some((b) => b.did === d.did))!;
    state.bind(pk, command([unbound.did]));
    expect(state.searchBindingUsers(pk, { type: 'did', val: unbound.did }).objects.map((u) => u.is_owner)).toEqual([true]);
  });

  it('need an existing app (5016) and a user of that app (5017)', () => {
    const { state, pk, demo, user } = bindingFixture();
    const did = demo.devices[0]!.did;
    expect(codeOf(() => state.bind(pk, { uid: user.uid, appid: 'nope', dids: [did] }))).toBe(Code.appidNotExist);
    expect(codeOf(() => state.unbind(pk, { uid: 'nope', appid: user.appid, dids: [did] }))).toBe(Code.uidNotExist);
    const otherApp = state.world.apps.find((a) => a.appid !== user.appid)!;
    expect(codeOf(() => state.bind(pk, { uid: user.uid, appid: otherApp.appid, dids: [did] }))).toBe(Code.uidNotExist);
  });
});

describe('device control', () => {
  it('refuses unknown (5301), foreign (5302), logged-off (5304) and offline (5305) devices', () => {
    const { state, pk, demo, other } = fixture();
    const raw = { raw: [1] };
    expect(codeOf(() => state.control(pk, 'unknown', raw))).toBe(Code.deviceNotExist);
    expect(codeOf(() => state.control(pk, other.devices[0]!.did, raw))).toBe(Code.deviceNotOfProduct);
    expect(codeOf(() => state.control(pk, demo.devices.find((d) => d.isDisabled)!.did, raw))).toBe(Code.deviceDisabled);
    expect(codeOf(() => state.control(pk, demo.devices.find((d) => !d.isOnline && !d.isDisabled)!.did, raw))).toBe(Code.deviceOffline);
  });

  it('records raw commands in the communication log', () => {
    const { state, pk, demo } = fixture();
    const device = demo.devices.find((d) => d.isOnline)!;
    expect(state.control(pk, device.did, { raw: [97, 98, 99] })).toEqual({});
    expect(state.deviceCmd(pk, device.did, { limit: 1 }).objects[0]).toEqual({ timestamp: START / 1000, type: 'app2dev', payload: '616263' });
  });

  it('applies valid attrs and refuses unknown (5405), read-only or out-of-range (5401) ones', () => {
    const { state, pk, demo } = fixture();
    const device = demo.devices.find((d) => d.isOnline)!;
    expect(codeOf(() => state.control(pk, device.did, { attrs: { nope: 1 } }))).toBe(Code.attrsNotExist);
    expect(codeOf(() => state.control(pk, device.did, { attrs: { room_temp: 20 } }))).toBe(Code.attrInvalid);
    expect(codeOf(() => state.control(pk, device.did, { attrs: { set_temp: 31 } }))).toBe(Code.attrInvalid);
    expect(codeOf(() => state.control(pk, device.did, { attrs: { mode: '不存在' } }))).toBe(Code.attrInvalid);
    state.control(pk, device.did, { attrs: { set_temp: 26, switch: true, mode: '制冷', binary: '12345' } });
    const latest = state.deviceData(pk, device.did, { limit: 1 }).objects[0]!;
    expect(latest.ts).toBe(Math.floor(START / 1000));
    expect(latest.attrs).toMatchObject({ set_temp: 26, switch: 1, mode: '制冷', binary: '1234500000' });
  });

  it('needs data points for attrs (5402)', () => {
    const { state, other } = fixture();
    const { token } = state.issueToken(other.productKey, { ...state.credentials, product_secret: other.productSecret });
    expect(token).toBeTruthy();
    const device = other.devices.find((d) => d.isOnline)!;
    expect(codeOf(() => state.control(other.productKey, device.did, { attrs: { switch: 1 } }))).toBe(Code.datapointNotFound);
    expect(codeOf(() => state.datapoint(other.productKey))).toBe(Code.datapointNotFound);
  });
});

describe('lists', () => {
  it('page with meta: limit, skip, total, and next/previous URLs keeping the filters', () => {
    const { state, pk, demo } = fixture();
    const first = state.searchDevices(pk, { show_disabled: 1, limit: 5 });
    const total = demo.devices.length;
    expect(first.meta).toEqual({
      limit: 5,
      skip: 0,
      total,
      next: `/v1/products/${pk}/devices/search?show_disabled=1&limit=5&skip=5`,
      previous: null,
    });
    const seen: string[] = [];
    // Following `next` as a client would; the server's validators turn these query values into numbers.
    let query: Record<string, number> = { show_disabled: 1, limit: 5, skip: 0 };
    for (;;) {
      const page = state.searchDevices(pk, query);
      seen.push(...page.objects.map((d) => d.did));
      if (page.meta.skip > 0) expect(page.meta.previous).toContain(`skip=${page.meta.skip - 5}`);
      if (page.meta.next === null) break;
      query = Object.fromEntries([...new URL(page.meta.next, 'http://x').searchParams].map(([k, v]) => [k, Number(v)]));
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('defaults to 20 per page from the start', () => {
    const { state, pk } = fixture();
    const page = state.searchRegisteredUsers({ product_key: pk });
    expect(page.meta).toMatchObject({ limit: 20, skip: 0, previous: null });
    expect(page.objects).toHaveLength(20);
    expect(page.meta.next).toBe(`/v1/users/search?product_key=${pk}&limit=20&skip=20`);
  });

  it('filter history to the past two days by default, newest first', () => {
    const { state, pk, demo } = fixture();
    const device = demo.devices.reduce((a, b) => (b.data.length > a.data.length ? b : a));
    const nowS = START / 1000;
    const page = state.deviceData(pk, device.did, { limit: 1000 });
    expect(page.meta.total).toBe(device.data.filter((r) => r.ts >= nowS - 2 * DAY).length);
    expect(page.meta.total).toBeLessThan(device.data.length);
    const times = page.objects.map((r) => r.ts);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const asc = state.deviceData(pk, device.did, { sort: 'asc', limit: 1000, start_ts: nowS - 5 * DAY });
    expect(asc.objects.map((r) => r.ts)).toEqual(device.data.map((r) => r.ts).filter((t) => t >= nowS - 5 * DAY && t <= nowS - 3 * DAY));
  });

  it('refuse windows longer than two days or reversed (5002)', () => {
    const { state, pk, demo } = fixture();
    const did = demo.devices[0]!.did;
    const nowS = Math.floor(START / 1000);
    expect(codeOf(() => state.deviceOnline(pk, did, { start_ts: nowS - 2 * DAY - 1, end_ts: nowS }))).toBe(Code.formInvalid);
    expect(codeOf(() => state.deviceCmd(pk, did, { start_ts: nowS, end_ts: nowS - 1 }))).toBe(Code.formInvalid);
    expect(state.deviceCmd(pk, did, { start_ts: nowS - 2 * DAY, end_ts: nowS }).meta.total).toBeGreaterThanOrEqual(0);
  });
});

describe('reports', () => {
  it('cover at most 30 days, 53 weeks or 12 months (5002), not the future (5014)', () => {
    const { state, pk } = fixture();
    expect(state.activationReport(pk, { cycle: 'date', start: '2024-12-17', end: '2025-01-15' }).data).toHaveLength(30);
    expect(codeOf(() => state.activationReport(pk, { cycle: 'date', start: '2024-12-16', end: '2025-01-15' }))).toBe(Code.formInvalid);
    expect(codeOf(() => state.livenessHistory(pk, { cycle: 'month', start: '2024-01', end: '2025-01' }))).toBe(Code.formInvalid);
    expect(state.livenessHistory(pk, { cycle: 'month', start: '2024-02', end: '2025-01' }).data).toHaveLength(12);
    expect(codeOf(() => state.newUsers(pk, { cycle: 'week', start: '2024-01', end: '2025-02' }))).toBe(Code.formInvalid);
    expect(codeOf(() => state.activationReport(pk, { cycle: 'month', start: '2025-02', end: '2025-03' }))).toBe(Code.reportNotGenerated);
    expect(codeOf(() => state.activationReport(pk, { cycle: 'month', start: '2025-01-01', end: '2025-01-02' }))).toBe(Code.formInvalid);
    expect(codeOf(() => state.activationReport(pk, { cycle: 'week', start: '2021-53', end: '2021-53' }))).toBe(Code.formInvalid);
    expect(state.activationReport(pk, { cycle: 'week', start: '2020-53', end: '2021-01' }).data.map((e) => e.week)).toEqual(['2020-53', '2021-01']);
  });

  it('count every device once: activations, locations, status', () => {
    const { state, pk, demo } = fixture();
    const total = demo.devices.length;
    const activations = state.activationReport(pk, { cycle: 'month', start: '2024-02', end: '2025-01' });
    expect(activations.data.reduce((sum, e) => sum + e.count, 0)).toBe(total);
    const locations = state.deviceLocations(pk, {});
    expect(locations.total).toBe(total);
    expect(Object.values(locations.location).reduce((sum, c) => sum + (c.count as number), 0)).toBe(total);
    const status = state.statusReport(pk, {});
    expect(status.count.activated).toBe(total);
    expect(status.count.faulty).toBe(state.searchDevices(pk, { is_faulty: 1, show_disabled: 1, limit: 1000 }).meta.total);
  });

  it('split faulty devices into resolved and unresolved', () => {
    const { state, pk } = fixture();
    for (const kind of ['fault', 'alert'] as const) {
      const { count } = state.issueDevices(pk, kind, {});
      expect(count.resolved + count.unresolved).toBe(count.total);
      const events = state.issueEvents(pk, kind, {});
      expect(Object.values(events.detail).reduce((sum, d) => sum + d.total, 0)).toBe(events.count.total);
    }
  });

  it('cover a group and its subgroups; unknown groups answer 5206, another product\'s too', () => {
    const { state, pk, other, demo } = fixture();
    const groups = demo.groups;
    const root = groups.root()!;
    expect(state.deviceLocations(pk, { gid: root }).total).toBe(groups.subtreeMacs(root).size);
    expect(state.usersTotal(pk, { gid: root }).total).toBeLessThanOrEqual(state.usersTotal(pk, {}).total);
    const { gid } = state.createGroup(other.productKey);
    expect(codeOf(() => state.statusReport(pk, { gid }))).toBe(Code.groupNotExist);
    expect(codeOf(() => state.searchDevices(pk, { gid: 'nope' }))).toBe(Code.groupNotExist);
  });

  it('summarise today, yesterday and the last week', () => {
    const { state, pk, demo } = fixture();
    const summary = state.summary(pk);
    expect(summary.total).toBe(demo.devices.length);
    expect(summary.online).toBe(demo.devices.filter((d) => d.isOnline).length);
    expect(summary.new.today).toBeGreaterThan(0);
    expect(summary.new['30_day']).toBeGreaterThanOrEqual(summary.new['7_day']);
    expect(summary.active['7_day']).toBeGreaterThanOrEqual(summary.active.yesterday);
  });

  it('answer user reports for the enterprise calls, checking the app (5016)', () => {
    const { state, pk } = fixture();
    const liveness = state.userLiveness({ product_key: pk, start_date: '2025-01-09', end_date: '2025-01-15' });
    expect(liveness.data.map((d) => d.date)).toEqual(['2025-01-09', '2025-01-10', '2025-01-11', '2025-01-12', '2025-01-13', '2025-01-14', '2025-01-15']);
    expect(codeOf(() => state.userLiveness({ product_key: pk, appid: 'nope', start_date: '2025-01-09', end_date: '2025-01-15' }))).toBe(Code.appidNotExist);
    expect(codeOf(() => state.userLocation({ product_key: 'nope' }))).toBe(Code.productKeyNotExist);
  });
});
