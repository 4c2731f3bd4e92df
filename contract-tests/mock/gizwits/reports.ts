/**
 * Device and user reports, computed from the world on every call: activations from devices'
 * activation times, activity from their status reports (older days from a stable per-device
 * chance), faults and alarms from the event log, users from the bindings.
 */

import { DAY_SECONDS, dateTimeOf, dayOf, parseDay, periods, startOfDay, type Cycle, type Period } from './calendar.js';
import { Code, fail } from './errors.js';
import { nestByPlace } from './locations.js';
import type { Binding, Device, DeviceEvent, User } from './model.js';
import { hashUnit } from '../../util/prng.js';
import { HISTORY_SECONDS } from './world.js';

/** Longest day range of the per-day reports that name no limit (active devices, user liveness). */
export const MAX_REPORT_DAYS = 366;

export interface CycleQuery {
  cycle?: Cycle;
  start: string;
  end: string;
}

export interface PlaceFilter {
  country?: string;
  region?: string;
  city?: string;
}

export interface DayRangeQuery extends PlaceFilter {
  start?: string;
  end?: string;
}

// ---------------------------------------------------------------- activity

/** Whether the device reported data on the UTC day starting at `day`. */
function isActiveOn(device: Device, day: number, nowSeconds: number): boolean {
  if (device.createdAt >= day + DAY_SECONDS || day > nowSeconds) return false;
  if (day + DAY_SECONDS > nowSeconds - HISTORY_SECONDS) {
    return device.cmd.some((c) => c.type === 'dev2app' && c.timestamp >= day && c.timestamp < day + DAY_SECONDS);
  }
  return hashUnit('device', device.did, day) < device.activity;
}

function activeIn(device: Device, period: Period, nowSeconds: number): boolean {
  for (let day = period.start; day < period.end; day += DAY_SECONDS) if (isActiveOn(device, day, nowSeconds)) return true;
  return false;
}

function isUserActiveOn(user: User, day: number, nowSeconds: number): boolean {
  return day <= nowSeconds && user.createdAt < day + DAY_SECONDS && hashUnit('user', user.uid, day) < user.activity;
}

// ---------------------------------------------------------------- cycle reports

function cycleEntries<E extends { count: number }>(query: CycleQuery, nowSeconds: number, entry: (period: Period) => E) {
  const cycle = query.cycle ?? 'date';
  return {
    cycle,
    start: query.start,
    end: query.end,
    data: periods(cycle, query.start, query.end, nowSeconds).map((p) => {
      // The period field is named after the cycle: date, week or month.
      const field: Partial<Record<Cycle, string>> = { [cycle]: p.label };
      return { ...entry(p), ...field };
    }),
  };
}

export function activationReport(devices: readonly Device[], query: CycleQuery, nowSeconds: number) {
  return cycleEntries(query, nowSeconds, (p) => ({ count: devices.filter((d) => d.createdAt >= p.start && d.createdAt < p.end).length }));
}

export function livenessHistory(devices: readonly Device[], query: CycleQuery, nowSeconds: number) {
  return cycleEntries(query, nowSeconds, (p) => {
    const active = devices.filter((d) => activeIn(d, p, nowSeconds));
    return { count: active.length, location: nestByPlace(active, (d) => d.place, (items) => ({ count: items.length })) };
  });
}

/** Users whose first binding to one of `devices` falls in each period. */
export function newUsersReport(devices: readonly Device[], bindings: readonly Binding[], query: CycleQuery, nowSeconds: number) {
  const firsts = firstBindings(devices, bindings);
  return cycleEntries(query, nowSeconds, (p) => ({ count: [...firsts.values()].filter((t) => t >= p.start && t < p.end).length }));
}

function firstBindings(devices: readonly Device[], bindings: readonly Binding[]): Map<string, number> {
  const dids = new Set(devices.map((d) => d.did));
  const firsts = new Map<string, number>();
  for (const b of bindings) {
    if (dids.has(b.did)) firsts.set(b.uid, Math.min(b.createdAt, firsts.get(b.uid) ?? Infinity));
  }
  return firsts;
}

// ---------------------------------------------------------------- device figures

export function locationReport(devices: readonly Device[]) {
  return { total: devices.length, location: nestByPlace(devices, (d) => d.place, (items) => ({ count: items.length })) };
}

export function summary(devices: readonly Device[], nowSeconds: number) {
  const today = startOfDay(nowSeconds);
  const activeOn = (day: number) => devices.filter((d) => isActiveOn(d, day, nowSeconds));
  const activeSince = (days: number) =>
    devices.filter((d) => Array.from({ length: days }, (_, i) => today - i * DAY_SECONDS).some((day) => isActiveOn(d, day, nowSeconds)));
  const newSince = (from: number, to = Infinity) => devices.filter((d) => d.createdAt >= from && d.createdAt < to).length;
  return {
    online: devices.filter((d) => d.isOnline).length,
    total: devices.length,
    active: { yesterday: activeOn(today - DAY_SECONDS).length, '7_day': activeSince(7).length },
    new: {
      today: newSince(today),
      yesterday: newSince(today - DAY_SECONDS, today),
      '7_day': newSince(today - 6 * DAY_SECONDS),
      '30_day': newSince(today - 29 * DAY_SECONDS),
    },
  };
}

/** Unresolved faults and alarms per device. */
export function openIssues(events: readonly DeviceEvent[]): Map<string, { fault: boolean; alert: boolean }> {
  const open = new Map<string, { fault: boolean; alert: boolean }>();
  for (const e of events) {
    const flags = open.get(e.did) ?? { fault: false, alert: false };
    if (!e.resolved) flags[e.kind] = true;
    open.set(e.did, flags);
  }
  return open;
}

export function statusReport(devices: readonly Device[], events: readonly DeviceEvent[]) {
  const open = openIssues(events);
  const counts = (items: readonly Device[]) => ({
    activated: items.length,
    faulty: items.filter((d) => open.get(d.did)?.fault).length,
    alert: items.filter((d) => open.get(d.did)?.alert).length,
  });
  return { count: counts(devices), location: nestByPlace(devices, (d) => d.place, (items) => ({ count: counts(items) })) };
}

/** Devices that had faults (or alarms): resolved when all of their events are resolved. */
export function issueDevicesReport(devices: readonly Device[], events: readonly DeviceEvent[], kind: DeviceEvent['kind']) {
  const byDevice = new Map<string, boolean>();
  for (const e of events) if (e.kind === kind) byDevice.set(e.did, (byDevice.get(e.did) ?? true) && e.resolved);
  const affected = devices.filter((d) => byDevice.has(d.did));
  const counts = (items: readonly Device[]) => {
    const resolved = items.filter((d) => byDevice.get(d.did)).length;
    return { total: items.length, resolved, unresolved: items.length - resolved };
  };
  return { count: counts(affected), location: nestByPlace(affected, (d) => d.place, (items) => ({ count: counts(items) })) };
}

/** Fault (or alarm) events: counts overall, per data point and by place. */
export function issueEventsReport(devices: readonly Device[], events: readonly DeviceEvent[], kind: DeviceEvent['kind']) {
  const placeOf = new Map(devices.map((d) => [d.did, d.place]));
  const selected = events.filter((e) => e.kind === kind && placeOf.has(e.did));
  const counts = (items: readonly DeviceEvent[]) => {
    const resolved = items.filter((e) => e.resolved).length;
    return { total: items.length, resolved, unresolved: items.length - resolved };
  };
  const detail = (items: readonly DeviceEvent[]) => {
    const out: Record<string, ReturnType<typeof counts>> = {};
    for (const attr of [...new Set(items.map((e) => e.attr))].sort()) out[attr] = counts(items.filter((e) => e.attr === attr));
    return out;
  };
  return {
    count: counts(selected),
    detail: detail(selected),
    location: nestByPlace(selected, (e) => placeOf.get(e.did)!, (items) => ({ count: counts(items), detail: detail(items) })),
  };
}

// ---------------------------------------------------------------- device details

/** Activated devices with activation day in [start, end] (default: the last 30 days). */
export function incrDevices(devices: readonly Device[], productKey: string, query: DayRangeQuery, nowSeconds: number) {
  const days = dayRange(query, nowSeconds);
  return devices
    .filter((d) => matchesPlace(d, query) && d.createdAt >= days[0]! && d.createdAt < days.at(-1)! + DAY_SECONDS)
    .sort((a, b) => a.createdAt - b.createdAt || cmp(a.mac, b.mac))
    .map((d) => reportRecord(d, productKey, dayOf(d.createdAt)));
}

/** One record per device and day it was active in [start, end] (default: the last 30 days). */
export function activeDevices(devices: readonly Device[], productKey: string, query: DayRangeQuery, nowSeconds: number) {
  const selected = [...devices].filter((d) => matchesPlace(d, query)).sort((a, b) => cmp(a.mac, b.mac));
  return dayRange(query, nowSeconds).flatMap((day) =>
    selected.filter((d) => isActiveOn(d, day, nowSeconds)).map((d) => reportRecord(d, productKey, dayOf(day))),
  );
}

function reportRecord(d: Device, productKey: string, reportDate: string) {
  return {
    report_date: reportDate,
    product_key: productKey,
    mac: d.mac,
    country: d.place.country,
    region: d.place.region,
    city: d.place.city,
    created_at: dateTimeOf(d.createdAt),
  };
}

export function matchesPlace(d: Device, filter: PlaceFilter): boolean {
  return (
    (filter.country === undefined || filter.country === d.place.country) &&
    (filter.region === undefined || filter.region === d.place.region) &&
    (filter.city === undefined || filter.city === d.place.city)
  );
}

/** Day starts from `start` to `end`, both `YYYY-MM-DD`; without them the 30 days up to today. */
function dayRange(query: { start?: string; end?: string }, nowSeconds: number): number[] {
  const end = query.end === undefined ? startOfDay(nowSeconds) : (parseDay(query.end) ?? fail(Code.formInvalid, `end ${JSON.stringify(query.end)} is not a date`));
  const start =
    query.start === undefined ? Math.min(end, startOfDay(nowSeconds) - 29 * DAY_SECONDS) : (parseDay(query.start) ?? fail(Code.formInvalid, `start ${JSON.stringify(query.start)} is not a date`));
  if (start > end) fail(Code.formInvalid, 'start is after end');
  if ((end - start) / DAY_SECONDS >= MAX_REPORT_DAYS) fail(Code.formInvalid, `at most ${MAX_REPORT_DAYS} days per query`);
  const days: number[] = [];
  for (let day = start; day <= end; day += DAY_SECONDS) days.push(day);
  return days;
}

// ---------------------------------------------------------------- user figures

/** Distinct users bound to any of `devices`. */
export function boundUsers(devices: readonly Device[], bindings: readonly Binding[], users: readonly User[]): User[] {
  const dids = new Set(devices.map((d) => d.did));
  const uids = new Set(bindings.filter((b) => dids.has(b.did)).map((b) => b.uid));
  return users.filter((u) => uids.has(u.uid));
}

export function userLiveness(users: readonly User[], query: { start_date: string; end_date: string }, nowSeconds: number) {
  const days = dayRange({ start: query.start_date, end: query.end_date }, nowSeconds);
  return { data: days.map((day) => ({ date: dayOf(day), count: users.filter((u) => isUserActiveOn(u, day, nowSeconds)).length })) };
}

export function userLocation(users: readonly User[]) {
  return nestByPlace(users, (u) => u.place, (items) => ({ count: items.length }));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
