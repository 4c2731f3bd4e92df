/**
 * The stateful Gizwits Enterprise domain behind the mock: one method per API operation, plain
 * values in and out, failures thrown as `GizwitsError` with a catalogue code. No HTTP here, and
 * the clock is injected, so the rules are testable without a server or real time.
 */

import { bind, unbind, type BindingCommand } from './bindings.js';
import type { Cycle } from './calendar.js';
import { datapointAnswer } from './datapoints.js';
import { control, detail, searchDevices, searchItem, type ControlCommand, type DeviceSearchQuery } from './devices.js';
import { Code, fail } from './errors.js';
import type { Device, Enterprise, Product, World } from './model.js';
import { paginate, type ListPage, type QueryValues } from './pagination.js';
import { Prng } from '../../util/prng.js';
import { QuotaBook, type QuotaState } from './quota.js';
import * as reports from './reports.js';
import { resolveWindow, inWindow, type WindowQuery } from './time-window.js';
import { TokenBook, type TokenRecord } from './tokens.js';
import { bindingItem, registeredItem, searchBindingUsers, searchRegistered, type BindingUserQuery, type RegisteredUserQuery } from './users.js';
import { buildWorld } from './world.js';

export interface GizwitsStateOptions {
  /** Seed of the generated world (default 1). */
  seed?: number;
  /** Clock in epoch milliseconds (default `Date.now`). */
  now?: () => number;
  /** Requests per caller and hour (default 3600). */
  quotaPerHour?: number;
  /** Token lifetime (default 7 days). */
  tokenTtlSeconds?: number;
  /** Devices of the demo product (default 24). */
  deviceCount?: number;
  /** Users of the enterprise's apps (default 30). */
  userCount?: number;
}

export interface DemoCredentials {
  enterprise_id: string;
  enterprise_secret: string;
  product_key: string;
  product_secret: string;
}

/** Paging and filters of a list query, as the request carries them. */
type ListQuery = QueryValues & { limit?: number; skip?: number };
type GidQuery = { gid?: string };
type CycleReportQuery = GidQuery & { cycle?: Cycle; start: string; end: string };

export class GizwitsState {
  readonly world: World;
  private readonly quota: QuotaBook;
  private readonly clock: () => number;
  private readonly tokens: TokenBook;
  /** Ids made at run time (groups, tokens) come from their own stream, so the seeded world does not shift. */
  private readonly ids: Prng;

  constructor(options: GizwitsStateOptions = {}) {
    const seed = options.seed ?? 1;
    this.clock = options.now ?? Date.now;
    this.world = buildWorld({ seed, nowSeconds: this.nowSeconds(), deviceCount: options.deviceCount, userCount: options.userCount });
    this.ids = new Prng(seed ^ 0x5eed);
    this.tokens = new TokenBook(this.ids, options.tokenTtlSeconds);
    this.quota = new QuotaBook(options.quotaPerHour ?? 3600);
  }

  nowSeconds(): number {
    return this.clock() / 1000;
  }

  /** The demo product's credentials (the first product). */
  get credentials(): DemoCredentials {
    const product = this.world.products[0]!;
    return {
      enterprise_id: this.world.enterprise.enterpriseId,
      enterprise_secret: this.world.enterprise.enterpriseSecret,
      product_key: product.productKey,
      product_secret: product.productSecret,
    };
  }

  // ------------------------------------------------------------ authorization and quota

  issueToken(productKey: string, body: { enterprise_id: string; enterprise_secret: string; product_secret: string }) {
    const product = this.product(productKey);
    const { enterprise } = this.world;
    if (body.enterprise_id !== enterprise.enterpriseId) fail(Code.enterpriseIdNotExist, 'unknown enterprise id');
    if (body.enterprise_secret !== enterprise.enterpriseSecret) fail(Code.enterpriseSecretError, 'wrong enterprise secret');
    if (body.product_secret !== product.productSecret) fail(Code.productSecretError, 'wrong product secret');
    const record = this.tokens.issue(productKey, enterprise.enterpriseId, this.nowSeconds());
    return { token: record.token, expired_at: record.expiredAt };
  }

  /** A live token (5009 unknown, 5011 expired); with `productKey`, one issued for that product (5010). */
  verifyToken(token: string, productKey?: string): TokenRecord {
    return this.tokens.verify(token, productKey, this.nowSeconds());
  }

  /**
   * The enterprise of the `X-Gizwits-Enterprise-ID`/`-Secret` headers of the /v1/users/* calls:
   * 5003 for an unknown id, 5004 for a wrong secret (checked when given).
   */
  verifyEnterprise(id: string | undefined, secret?: string): Enterprise {
    const { enterprise } = this.world;
    if (id !== enterprise.enterpriseId) fail(Code.enterpriseIdNotExist, 'unknown enterprise id');
    if (secret !== undefined && secret !== enterprise.enterpriseSecret) fail(Code.enterpriseSecretError, 'wrong enterprise secret');
    return enterprise;
  }

  /** Counts a request of `caller`; over the quota it answers 5013. */
  consumeQuota(caller: string): QuotaState {
    const state = this.quota.consume(caller, this.nowSeconds());
    if (!state.allowed) fail(Code.rateLimited, `quota of ${state.limit} requests per hour spent; it resets at ${state.reset}`);
    return state;
  }

  peekQuota(caller: string): QuotaState {
    return this.quota.peek(caller, this.nowSeconds());
  }

  // ------------------------------------------------------------ product and users

  datapoint(productKey: string) {
    const product = this.product(productKey);
    const definition = product.datapoints ?? fail(Code.datapointNotFound, `product ${productKey} defines no data points`);
    return datapointAnswer(definition, productKey);
  }

  searchRegisteredUsers(query: RegisteredUserQuery & ListQuery & { product_key: string }) {
    this.product(query.product_key);
    if (query.appid !== undefined) this.requireApp(query.appid);
    return paginate(searchRegistered(this.world.users, query), { path: '/v1/users/search', query }, registeredItem);
  }

  searchBindingUsers(productKey: string, query: BindingUserQuery & GidQuery & ListQuery) {
    const devices = this.devicesOf(productKey, query.gid);
    const hits = searchBindingUsers(devices, this.world.bindings, this.world.users, query);
    return paginate(hits, { path: `${productPath(productKey)}/users/search`, query }, bindingItem);
  }

  // ------------------------------------------------------------ devices

  deviceDid(productKey: string, mac: string) {
    const device = this.deviceByMac(productKey, mac, false);
    return { did: device.did, passcode: device.passcode };
  }

  deviceDetail(productKey: string, mac: string) {
    return detail(this.deviceByMac(productKey, mac, true));
  }

  searchDevices(productKey: string, query: DeviceSearchQuery & GidQuery & ListQuery) {
    const product = this.product(productKey);
    const found = searchDevices(product, this.devicesOf(productKey, query.gid), this.world.bindings, query);
    return paginate(found, { path: `${productPath(productKey)}/devices/search`, query }, (d) => searchItem(d, product));
  }

  deviceData(productKey: string, did: string, query: WindowQuery & ListQuery) {
    return this.history(productKey, did, 'data', query, (d) => d.data, (r) => r.ts);
  }

  deviceCmd(productKey: string, did: string, query: WindowQuery & ListQuery) {
    return this.history(productKey, did, 'cmd', query, (d) => d.cmd, (r) => r.timestamp);
  }

  deviceOnline(productKey: string, did: string, query: WindowQuery & ListQuery) {
    return this.history(productKey, did, 'online', query, (d) => d.online, (r) => r.timestamp);
  }

  control(productKey: string, did: string, command: ControlCommand): Record<string, never> {
    control(this.product(productKey), this.deviceByDid(productKey, did), command, this.nowSeconds());
    return {};
  }

  // ------------------------------------------------------------ device groups

  groupTree(productKey: string): Record<string, string> {
    return this.product(productKey).groups.tree();
  }

  createGroup(productKey: string, parentGid?: string): { gid: string } {
    const { groups } = this.product(productKey);
    if (parentGid !== undefined && !groups.has(parentGid) && this.otherProductHasGroup(productKey, parentGid)) {
      fail(Code.groupNotOfProduct, `group ${parentGid} belongs to another product`);
    }
    let gid = this.ids.hex(32);
    while (this.world.products.some((p) => p.groups.has(gid))) gid = this.ids.hex(32);
    return { gid: groups.create(gid, parentGid) };
  }

  deleteGroup(productKey: string, gid: string): void {
    this.groupsWith(productKey, gid).delete(gid);
  }

  groupMacs(productKey: string, gid: string): { macs: string[] } {
    return { macs: this.groupsWith(productKey, gid).macs(gid) };
  }

  updateGroup(productKey: string, gid: string, body: { action: 'assign' | 'unassign'; reassign?: boolean; macs: string[] }) {
    const groups = this.groupsWith(productKey, gid);
    if (body.action === 'unassign') return groups.unassign(gid, body.macs);
    const macs = new Set(this.product(productKey).devices.map((d) => d.mac));
    return groups.assign(gid, body.macs, { reassign: body.reassign ?? false, known: (mac) => macs.has(mac) });
  }

  // ------------------------------------------------------------ bindings

  bind(productKey: string, command: BindingCommand) {
    return bind(this.world, this.product(productKey), command, this.nowSeconds());
  }

  unbind(productKey: string, command: BindingCommand) {
    return unbind(this.world, this.product(productKey), command);
  }

  // ------------------------------------------------------------ device reports

  activationReport(productKey: string, query: CycleReportQuery) {
    return { gid: query.gid ?? null, ...reports.activationReport(this.devicesOf(productKey, query.gid), query, this.nowSeconds()) };
  }

  deviceLocations(productKey: string, query: GidQuery & Pick<DeviceSearchQuery, 'is_online' | 'is_faulty' | 'is_alert'>) {
    const product = this.product(productKey);
    const devices = searchDevices(product, this.devicesOf(productKey, query.gid), this.world.bindings, { ...query, show_disabled: 1 });
    return { gid: query.gid ?? null, ...reports.locationReport(devices) };
  }

  summary(productKey: string) {
    return reports.summary(this.product(productKey).devices, this.nowSeconds());
  }

  incrDevices(productKey: string, query: reports.DayRangeQuery & ListQuery) {
    const records = reports.incrDevices(this.product(productKey).devices, productKey, query, this.nowSeconds());
    return paginate(records, { path: `${productPath(productKey)}/incr_devices`, query });
  }

  activeDevices(productKey: string, query: reports.DayRangeQuery & ListQuery) {
    const records = reports.activeDevices(this.product(productKey).devices, productKey, query, this.nowSeconds());
    return paginate(records, { path: `${productPath(productKey)}/active_devices`, query });
  }

  livenessHistory(productKey: string, query: CycleReportQuery) {
    return { gid: query.gid ?? null, ...reports.livenessHistory(this.devicesOf(productKey, query.gid), query, this.nowSeconds()) };
  }

  statusReport(productKey: string, query: GidQuery) {
    const devices = this.devicesOf(productKey, query.gid);
    return { gid: query.gid ?? null, ...reports.statusReport(devices, this.product(productKey).events) };
  }

  issueDevices(productKey: string, kind: 'fault' | 'alert', query: GidQuery) {
    const devices = this.devicesOf(productKey, query.gid);
    return { gid: query.gid ?? null, ...reports.issueDevicesReport(devices, this.product(productKey).events, kind) };
  }

  issueEvents(productKey: string, kind: 'fault' | 'alert', query: GidQuery) {
    const devices = this.devicesOf(productKey, query.gid);
    return { gid: query.gid ?? null, ...reports.issueEventsReport(devices, this.product(productKey).events, kind) };
  }

  // ------------------------------------------------------------ user reports

  newUsers(productKey: string, query: CycleReportQuery) {
    const devices = this.devicesOf(productKey, query.gid);
    return { gid: query.gid ?? null, ...reports.newUsersReport(devices, this.world.bindings, query, this.nowSeconds()) };
  }

  usersTotal(productKey: string, query: GidQuery) {
    const devices = this.devicesOf(productKey, query.gid);
    return { gid: query.gid ?? null, total: reports.boundUsers(devices, this.world.bindings, this.world.users).length };
  }

  userLiveness(query: { product_key: string; appid?: string; start_date: string; end_date: string }) {
    if (query.appid !== undefined) this.requireApp(query.appid);
    const users = this.productUsers(query.product_key).filter((u) => query.appid === undefined || u.appid === query.appid);
    return reports.userLiveness(users, query, this.nowSeconds());
  }

  userLocation(query: { product_key: string }) {
    return reports.userLocation(this.productUsers(query.product_key));
  }

  // ------------------------------------------------------------ lookups

  product(productKey: string): Product {
    return this.world.products.find((p) => p.productKey === productKey) ?? fail(Code.productKeyNotExist, `product ${productKey} does not exist`);
  }

  /** The product's devices, or those of a group and its subgroups (5206 when the product has no such group). */
  private devicesOf(productKey: string, gid: string | undefined): Device[] {
    const product = this.product(productKey);
    if (gid === undefined) return product.devices;
    const macs = product.groups.subtreeMacs(gid);
    return product.devices.filter((d) => macs.has(d.mac));
  }

  private productUsers(productKey: string) {
    return reports.boundUsers(this.product(productKey).devices, this.world.bindings, this.world.users);
  }

  /** The product's group tree, once `gid` is known to be one of its groups (5201 another product's, 5206 none). */
  private groupsWith(productKey: string, gid: string) {
    const { groups } = this.product(productKey);
    if (!groups.has(gid) && this.otherProductHasGroup(productKey, gid)) fail(Code.groupNotOfProduct, `group ${gid} belongs to another product`);
    return groups;
  }

  private otherProductHasGroup(productKey: string, gid: string): boolean {
    return this.world.products.some((p) => p.productKey !== productKey && p.groups.has(gid));
  }

  private deviceByMac(productKey: string, mac: string, reportForeign: boolean): Device {
    const lower = mac.toLowerCase();
    return this.device(productKey, (d) => d.mac === lower, `mac ${mac}`, reportForeign);
  }

  private deviceByDid(productKey: string, did: string): Device {
    return this.device(productKey, (d) => d.did === did, `did ${did}`, true);
  }

  /** A device of the product; 5302 when it belongs to another product (where the operation names that code), else 5301. */
  private device(productKey: string, match: (d: Device) => boolean, what: string, reportForeign: boolean): Device {
    const found = this.product(productKey).devices.find(match);
    if (found) return found;
    if (reportForeign && this.world.products.some((p) => p.devices.some(match))) fail(Code.deviceNotOfProduct, `${what} belongs to another product`);
    return fail(Code.deviceNotExist, `no device with ${what}`);
  }

  private requireApp(appid: string): void {
    if (!this.world.apps.some((a) => a.appid === appid)) fail(Code.appidNotExist, `app ${appid} does not exist`);
  }

  private history<R>(
    productKey: string,
    did: string,
    list: 'data' | 'cmd' | 'online',
    query: WindowQuery & ListQuery,
    records: (d: Device) => readonly R[],
    timeOf: (r: R) => number,
  ): ListPage<R> {
    const device = this.deviceByDid(productKey, did);
    const window = resolveWindow(query, this.nowSeconds());
    const path = `${productPath(productKey)}/devices/${encodeURIComponent(did)}/${list}`;
    return paginate(inWindow(records(device), timeOf, window), { path, query });
  }
}

function productPath(productKey: string): string {
  return `/v1/products/${encodeURIComponent(productKey)}`;
}
