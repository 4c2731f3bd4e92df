/**
 * The time window and order of the device history lists (data, cmd, online): `start_ts`/`end_ts`
 * in epoch seconds, the past two days by default, at most two days long; `sort` desc by default.
 */

import { Code, fail } from './errors.js';

export const WINDOW_SECONDS = 2 * 24 * 3600;

export interface WindowQuery {
  start_ts?: number;
  end_ts?: number;
  sort?: 'asc' | 'desc';
}

export interface TimeWindow {
  start: number;
  end: number;
  sort: 'asc' | 'desc';
}

export function resolveWindow(query: WindowQuery, nowSeconds: number): TimeWindow {
  const sort = query.sort ?? 'desc';
  const { start_ts: start, end_ts: end } = query;
  if (start === undefined && end === undefined) return { start: nowSeconds - WINDOW_SECONDS, end: nowSeconds, sort };
  if (end === undefined) return { start: start!, end: start! + WINDOW_SECONDS, sort };
  if (start === undefined) return { start: end - WINDOW_SECONDS, end, sort };
  if (start > end) fail(Code.formInvalid, 'start_ts is after end_ts');
  if (end - start > WINDOW_SECONDS) fail(Code.formInvalid, 'the interval between start_ts and end_ts must be within two days');
  return { start, end, sort };
}

/** The records inside the window (bounds included), in the window's order. */
export function inWindow<T>(records: readonly T[], timeOf: (record: T) => number, window: TimeWindow): T[] {
  const selected = records.filter((r) => timeOf(r) >= window.start && timeOf(r) <= window.end);
  selected.sort((a, b) => (window.sort === 'asc' ? timeOf(a) - timeOf(b) : timeOf(b) - timeOf(a)));
  return selected;
}
