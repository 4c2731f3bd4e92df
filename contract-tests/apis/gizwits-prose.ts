/**
 * Constraints of the Gizwits spec written in prose, not in its schemas, applied to valid samples
 * (the role schemathesis gives to generation hooks). Each rule is keyed by parameter names, so it
 * applies to every operation that has those parameters:
 *
 * - `start_ts`/`end_ts` (device data, cmd, online): "the interval between start_ts and end_ts
 *   must be within two days".
 * - `cycle` with `start`/`end` (cycle reports): "year-month-day when cycle is date, year-week
 *   when cycle is week, year-month when cycle is month"; start before end; a report of the past.
 * - `start`/`end` dates and `start_date`/`end_date`: a range of past days, start before end.
 * - `liveness_start`: "Most recently active timestamp" (typed as a string): a timestamp.
 */
import type { IrOperation } from '../../generator/ir/types.js';
import type { RequestSample } from '../../generator/runtime/samples.js';

const DAY = 86_400;
const WINDOW = 2 * DAY;
/** Ranges stay short: a week of days, a few weeks or months. */
const MAX_SPAN = 6;

export function refineGizwitsSample(op: IrOperation, sample: RequestSample, nowSeconds: number): RequestSample {
  const query = { ...sample.query };
  const has = (name: string) => query[name] !== undefined;
  const param = (name: string) => op.parameters.find((p) => p.in === 'query' && p.name === name);
  const seed = hashOf(JSON.stringify(sample.query));

  if (typeof query.start_ts === 'number' && typeof query.end_ts === 'number') {
    const [a, b] = [query.start_ts, query.end_ts].sort((x, y) => x - y) as [number, number];
    query.start_ts = a;
    query.end_ts = b - a > WINDOW ? a + ((b - a) % (WINDOW + 1)) : b;
  }
  const end = Math.floor(nowSeconds / DAY) * DAY - (seed % 20) * DAY;
  const span = (seed >>> 5) % (MAX_SPAN + 1);
  if (param('cycle') && has('start') && has('end')) {
    const cycle = query.cycle === 'week' || query.cycle === 'month' ? query.cycle : 'date';
    const step = cycle === 'date' ? DAY : cycle === 'week' ? 7 * DAY : 31 * DAY;
    query.start = periodLabel(cycle, end - span * step);
    query.end = periodLabel(cycle, end);
  } else if (param('start') && param('end') && (has('start') || has('end'))) {
    if (has('start')) query.start = dayLabel(end - span * DAY);
    if (has('end')) query.end = dayLabel(end);
  }
  if (has('start_date') && has('end_date')) {
    query.start_date = dayLabel(end - span * DAY);
    query.end_date = dayLabel(end);
  }
  if (typeof query.liveness_start === 'string') query.liveness_start = String(Math.max(0, Math.floor(nowSeconds) - (seed % 30) * DAY));
  return { ...sample, query };
}

function periodLabel(cycle: 'date' | 'week' | 'month', seconds: number): string {
  if (cycle === 'date') return dayLabel(seconds);
  if (cycle === 'month') return dayLabel(seconds).slice(0, 7);
  const { year, week } = isoWeek(new Date(seconds * 1000));
  return `${year}-${String(week).padStart(2, '0')}`;
}

function dayLabel(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

/** ISO 8601 week-numbering year and week of a UTC date. */
export function isoWeek(date: Date): { year: number; week: number } {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  return { year: day.getUTCFullYear(), week: Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7) };
}

function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
