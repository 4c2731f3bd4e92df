/**
 * Builds the mock's world from a seed: one enterprise with a demo air-conditioner product (data
 * points, devices, a group tree, a week of history, faults and alarms) and a second product
 * without data points (tokens of one product are refused by the other), apps, users, bindings.
 * The same seed and clock give the same world.
 */

import { airConditioner, encodeStatus, frame, randomAttrs, type DatapointDefinition } from './datapoints.js';
import { GroupTree } from './groups.js';
import type { App, Attrs, Binding, Device, DeviceEvent, OnlineRecord, Place, Product, User, World } from './model.js';
import { Prng } from '../../util/prng.js';

export interface WorldOptions {
  seed: number;
  nowSeconds: number;
  /** Devices of the demo product (default 24). */
  deviceCount?: number;
  /** Users of the enterprise's apps (default 30). */
  userCount?: number;
}

const HOUR = 3600;
const DAY = 24 * HOUR;
/** How far back device history (data, cmd, online records) goes. */
export const HISTORY_SECONDS = 7 * DAY;

const PLACES: readonly Place[] = [
  { country: 'China', region: 'Guangdong', city: 'Guangzhou', latitude: 23.125178, longitude: 113.280637 },
  { country: 'China', region: 'Guangdong', city: 'Shenzhen', latitude: 22.543096, longitude: 114.057865 },
  { country: 'China', region: 'Beijing', city: 'Beijing', latitude: 39.904211, longitude: 116.407394 },
  { country: 'China', region: 'Shanghai', city: 'Shanghai', latitude: 31.230416, longitude: 121.473701 },
  { country: 'China', region: 'Zhejiang', city: 'Hangzhou', latitude: 30.274085, longitude: 120.15507 },
  { country: 'Germany', region: 'Bavaria', city: 'Munich', latitude: 48.135125, longitude: 11.581981 },
];

const OFFLINE_REASONS = ['mqtt_disconnect', 'no_heartbeat', 'tcp_closed', 'ssl_closed', 'offline_force', 'offline_exception'];
const USER_NAMES = ['li.wei', 'zhang.min', 'wang.fang', 'chen.jie', 'liu.yang', 'huang.lei', 'zhao.xin', 'anna.schmidt', 'lukas.weber'];

export function buildWorld(options: WorldOptions): World {
  const prng = new Prng(options.seed);
  const now = Math.floor(options.nowSeconds);
  const enterprise = { enterpriseId: prng.hex(32), enterpriseSecret: prng.hex(32) };
  const apps: App[] = [
    { appid: prng.hex(32), name: 'Smart Home' },
    { appid: prng.hex(32), name: 'Installer Tool' },
  ];
  const demo = buildProduct(prng, now, '智能空调', airConditioner('智能空调'), options.deviceCount ?? 24);
  const plug = buildProduct(prng, now, 'Smart Plug', null, 4);
  seedGroups(demo, prng);
  const users = Array.from({ length: options.userCount ?? 30 }, (_, i) => buildUser(prng, now, apps, i));
  const bindings = seedBindings([demo, plug], users, prng, now);
  return { seed: options.seed, enterprise, products: [demo, plug], apps, users, bindings };
}

function buildProduct(prng: Prng, now: number, name: string, datapoints: DatapointDefinition | null, count: number): Product {
  const productKey = prng.hex(32);
  const product: Product = { productKey, productSecret: prng.hex(32), name, datapoints, devices: [], groups: new GroupTree(), events: [] };
  for (let i = 0; i < count; i++) product.devices.push(buildDevice(prng, now, product, i));
  // Every state a client may want to see exists at least once: online, offline, disabled.
  const [first, second, third] = product.devices;
  if (first && !first.isOnline) setOnline(first, true, prng, now, datapoints);
  if (second && second.isOnline) setOnline(second, false, prng, now, datapoints);
  if (third && !product.devices.some((d) => d.isDisabled)) {
    third.isDisabled = true;
    if (third.isOnline) setOnline(third, false, prng, now, datapoints);
  }
  if (datapoints) product.events = seedEvents(product, datapoints, prng, now);
  return product;
}

function buildDevice(prng: Prng, now: number, product: Product, index: number): Device {
  const base = prng.pick(PLACES);
  const place = {
    ...base,
    latitude: round6(base.latitude + (prng.next() - 0.5) / 10),
    longitude: round6(base.longitude + (prng.next() - 0.5) / 10),
  };
  // Activation skews recent: a few devices are activated today or yesterday.
  const age = index === 0 ? prng.int(HOUR, 20 * HOUR) : Math.floor(120 * DAY * prng.next() ** 2);
  const isDisabled = prng.chance(0.05);
  const hasVersions = prng.chance(0.8);
  const device: Device = {
    did: prng.base62(22),
    mac: prng.hex(12),
    productKey: product.productKey,
    passcode: String(prng.int(100000, 999999)),
    type: 'normal',
    isOnline: !isDisabled && prng.chance(0.6),
    isDisabled,
    place,
    createdAt: now - age,
    onlineLatest: null,
    versions: {
      mcuHard: hasVersions ? '00000001' : null,
      mcuSoft: hasVersions ? `0402${String(prng.int(10, 40)).padStart(4, '0')}` : null,
      wifiHard: hasVersions ? '00ESP826' : null,
      wifiSoft: hasVersions ? `0403${String(prng.int(10, 40)).padStart(4, '0')}` : null,
    },
    attrs: product.datapoints ? randomAttrs(product.datapoints, prng) : {},
    activity: 0.3 + 0.65 * prng.next(),
    data: [],
    cmd: [],
    online: [],
  };
  writeHistory(device, product.datapoints, prng, now);
  return device;
}

function setOnline(device: Device, online: boolean, prng: Prng, now: number, datapoints: DatapointDefinition | null): void {
  device.isOnline = online;
  writeHistory(device, datapoints, prng, now);
}

/**
 * Online sessions walked backwards from now (so the last record agrees with the device's current
 * state), then written forwards: dev_online/dev_offline records, status reports while online
 * (data + dev2app), now and then an app command (app2dev) that changes a writable data point.
 */
function writeHistory(device: Device, datapoints: DatapointDefinition | null, prng: Prng, now: number): void {
  const historyStart = Math.max(device.createdAt, now - HISTORY_SECONDS);
  const sessions: { start: number; end: number; open: boolean }[] = [];
  let cursor = now;
  let online = device.isOnline;
  while (cursor > historyStart) {
    if (online) {
      const start = Math.max(historyStart, cursor - prng.int(2 * HOUR, 30 * HOUR));
      sessions.unshift({ start, end: cursor, open: cursor === now });
      cursor = start;
    } else {
      cursor -= prng.int(10 * 60, 12 * HOUR);
    }
    online = !online;
  }
  device.data = [];
  device.cmd = [];
  device.online = [];
  let attrs: Attrs = { ...device.attrs };
  for (const session of sessions) {
    const keepAlive = prng.pick([60, 120, 130, 300]);
    if (session.start > historyStart || session.start === device.createdAt) {
      device.online.push({ timestamp: session.start + fraction(prng), type: 'dev_online', payload: { keep_alive: keepAlive } });
    }
    for (let t = session.start + prng.int(30, 600); t < session.end; t += prng.int(20 * 60, 90 * 60)) {
      if (datapoints && prng.chance(0.15)) {
        attrs = { ...attrs, ...randomWritable(datapoints, prng) };
        device.cmd.push({ timestamp: t - 2 + fraction(prng), type: 'app2dev', payload: frame('0090', '01' + encodeStatus(datapoints, attrs)) });
      }
      if (datapoints) {
        attrs = drift(attrs, datapoints, prng);
        device.data.push({ ts: t, attrs: { ...attrs } });
        device.cmd.push({ timestamp: t + fraction(prng), type: 'dev2app', payload: frame('0091', '04' + encodeStatus(datapoints, attrs)) });
      } else {
        device.cmd.push({ timestamp: t + fraction(prng), type: 'dev2app', payload: frame('0091', '04' + prng.hex(4)) });
      }
    }
    if (!session.open) device.online.push(offlineRecord(session.end, session.end - session.start, keepAlive, device.isDisabled, prng));
  }
  device.attrs = attrs;
  const last = sessions.at(-1);
  device.onlineLatest = last ? (last.open ? last.start : last.end) : null;
}

function offlineRecord(at: number, duration: number, keepAlive: number, disabled: boolean, prng: Prng): OnlineRecord {
  const interval = Math.min(60, keepAlive);
  return {
    timestamp: at + fraction(prng),
    type: 'dev_offline',
    payload: {
      duration,
      heartbeat: { count: Math.max(1, Math.floor(duration / interval)), max: interval + prng.int(0, 5), min: interval - prng.int(0, 5), avg: interval, last: prng.int(1, keepAlive) },
      reason: disabled ? 'offline_reset' : prng.pick(OFFLINE_REASONS),
    },
  };
}

function drift(attrs: Attrs, datapoints: DatapointDefinition, prng: Prng): Attrs {
  const room = datapoints.attrs.find((a) => a.name === 'room_temp');
  if (!room?.uint_spec) return attrs;
  const spec = room.uint_spec;
  const value = Number(attrs.room_temp ?? 0) + prng.int(-1, 1);
  return { ...attrs, room_temp: Math.min(spec.max + spec.addition, Math.max(spec.min + spec.addition, value)) };
}

function randomWritable(datapoints: DatapointDefinition, prng: Prng): Attrs {
  const writable = datapoints.attrs.filter((a) => a.type === 'status_writable');
  const values = randomAttrs(datapoints, prng);
  const name = prng.pick(writable).name;
  return { [name]: values[name]! };
}

/** Faults and alarms of the last 60 days; only a data point's latest event may still be unresolved. */
function seedEvents(product: Product, datapoints: DatapointDefinition, prng: Prng, now: number): DeviceEvent[] {
  const events: DeviceEvent[] = [];
  const watched = datapoints.attrs.filter((a) => a.type === 'fault' || a.type === 'alert');
  for (const device of product.devices) {
    for (const attr of watched) {
      if (!prng.chance(0.2)) continue;
      const since = Math.max(device.createdAt, now - 60 * DAY);
      const times = Array.from({ length: prng.int(1, 3) }, () => prng.int(since, now)).sort((a, b) => a - b);
      times.forEach((ts, i) => {
        const resolved = i < times.length - 1 || prng.chance(0.5);
        events.push({ did: device.did, kind: attr.type === 'fault' ? 'fault' : 'alert', attr: attr.name, ts, resolved });
        if (!resolved) device.attrs[attr.name] = 1;
      });
    }
  }
  return events.sort((a, b) => a.ts - b.ts);
}

/** A root group with two children; about a third of the devices in each child, a few in the root. */
function seedGroups(product: Product, prng: Prng): void {
  const root = product.groups.create(prng.hex(32));
  const children = [product.groups.create(prng.hex(32), root), product.groups.create(prng.hex(32), root)];
  for (const device of product.devices) {
    const roll = prng.next();
    const gid = roll < 0.33 ? children[0]! : roll < 0.66 ? children[1]! : roll < 0.75 ? root : undefined;
    if (gid) product.groups.assign(gid, [device.mac], { reassign: false, known: () => true });
  }
}

function buildUser(prng: Prng, now: number, apps: readonly App[], index: number): User {
  const anonymous = prng.chance(0.25);
  const username = anonymous ? null : `${prng.pick(USER_NAMES)}${String(index).padStart(2, '0')}`;
  const createdAt = now - prng.int(DAY, 365 * DAY);
  return {
    uid: prng.hex(32),
    appid: prng.pick(apps).appid,
    username,
    name: username,
    phone: anonymous ? null : `13${String(prng.int(0, 999999999)).padStart(9, '0')}`,
    email: anonymous ? null : `${username}@example.com`,
    birthday: anonymous || prng.chance(0.4) ? null : `${prng.int(1960, 2005)}-${pad2(prng.int(1, 12))}-${pad2(prng.int(1, 28))}`,
    gender: anonymous ? null : prng.pick(['male', 'female', null]),
    address: null,
    remark: prng.chance(0.1) ? 'VIP' : null,
    isAnonymous: anonymous,
    createdAt,
    updatedAt: createdAt + prng.int(0, now - createdAt),
    place: prng.pick(PLACES),
    activity: 0.2 + 0.7 * prng.next(),
  };
}

/** About 60% of the devices bound to one or two users; the first binding owns the device. */
function seedBindings(products: readonly Product[], users: readonly User[], prng: Prng, now: number): Binding[] {
  const bindings: Binding[] = [];
  for (const device of products.flatMap((p) => p.devices)) {
    if (device.isDisabled || !prng.chance(0.6)) continue;
    const first = prng.pick(users);
    const chosen = prng.chance(0.3) ? [first, prng.pick(users.filter((u) => u !== first))] : [first];
    chosen.forEach((user, i) => {
      const since = Math.max(device.createdAt, user.createdAt);
      bindings.push({ did: device.did, uid: user.uid, appid: user.appid, isOwner: i === 0, createdAt: prng.int(since, Math.max(since, now)) });
    });
  }
  return bindings;
}

function fraction(prng: Prng): number {
  return prng.int(0, 999) / 1000;
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
