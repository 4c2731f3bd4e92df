/**
 * Days, ISO weeks and months (UTC) of the cycle reports: `start`/`end` are year-month-day (cycle
 * date), year-week (cycle week) or year-month (cycle month). A report covers at most 30 days,
 * 53 weeks or 12 months; one that lies wholly in the future has not been generated (5014).
 */

import { Code, fail } from './errors.js';

export const DAY_SECONDS = 24 * 3600;

export type Cycle = 'date' | 'week' | 'month';

export interface Period {
  /** `2017-12-01`, `2017-51` or `2017-12`. */
  label: string;
  /** Epoch seconds, start inclusive, end exclusive. */
  start: number;
  end: number;
}

const MAX_PERIODS: Record<Cycle, number> = { date: 30, week: 53, month: 12 };

/** `YYYY-MM-DD` of an epoch-seconds time. */
export function dayOf(seconds: number): string {
  const date = new Date(seconds * 1000);
  return `${monthOf(date)}-${pad(date.getUTCDate(), 2)}`;
}

/** `YYYY-MM` of a date. */
function monthOf(date: Date): string {
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** `YYYY-MM-DD hh:mm:ss` of an epoch-seconds time. */
export function dateTimeOf(seconds: number): string {
  return new Date(Math.floor(seconds) * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

/** Start (epoch seconds) of the UTC day containing `seconds`. */
export function startOfDay(seconds: number): number {
  return Math.floor(seconds / DAY_SECONDS) * DAY_SECONDS;
}

/** Epoch seconds of a `YYYY-MM-DD` day, or undefined when it is no calendar day. */
export function parseDay(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const seconds = utcSeconds(y, m - 1, d);
  const date = new Date(seconds * 1000);
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? seconds : undefined;
}

/** Epoch seconds of a UTC day; unlike `Date.UTC`, years 0–99 stay years 0–99. */
function utcSeconds(year: number, monthIndex: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  return date.getTime() / 1000;
}

/** The periods from `start` to `end` inclusive, cut at the current period; 5002 on bad input, 5014 when all are in the future. */
export function periods(cycle: Cycle, start: string, end: string, nowSeconds: number): Period[] {
  const first = parsePeriod(cycle, start, 'start');
  const last = parsePeriod(cycle, end, 'end');
  if (first.start > last.start) fail(Code.formInvalid, `start ${start} is after end ${end}`);
  const all: Period[] = [];
  for (let p = first; p.start <= last.start; p = following(cycle, p)) {
    all.push(p);
    if (all.length > MAX_PERIODS[cycle]) fail(Code.formInvalid, `a ${cycle} report covers at most ${MAX_PERIODS[cycle]} periods`);
  }
  const generated = all.filter((p) => p.start <= nowSeconds);
  if (generated.length === 0) fail(Code.reportNotGenerated, `the report from ${start} to ${end} has not been generated`);
  return generated;
}

function parsePeriod(cycle: Cycle, text: string, name: string): Period {
  const period = cycle === 'date' ? dayPeriod(text) : cycle === 'week' ? weekPeriod(text) : monthPeriod(text);
  return period ?? fail(Code.formInvalid, `${name} ${JSON.stringify(text)} is not a ${FORMAT[cycle]}`);
}

const FORMAT: Record<Cycle, string> = { date: 'year-month-day', week: 'year-week', month: 'year-month' };

function dayPeriod(text: string): Period | undefined {
  const start = parseDay(text);
  return start === undefined ? undefined : { label: text, start, end: start + DAY_SECONDS };
}

function monthPeriod(text: string): Period | undefined {
  const match = /^(\d{4})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [y, m] = [Number(match[1]), Number(match[2])];
  if (m < 1 || m > 12) return undefined;
  return { label: text, start: utcSeconds(y, m - 1, 1), end: utcSeconds(y, m, 1) };
}

function weekPeriod(text: string): Period | undefined {
  const match = /^(\d{4})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [y, w] = [Number(match[1]), Number(match[2])];
  const start = isoWeekMonday(y, w);
  if (w < 1 || isoWeekLabel(start) !== text) return undefined;
  return { label: text, start, end: start + 7 * DAY_SECONDS };
}

/** The period after `p`, computed from times (not labels), so it works at any year. */
function following(cycle: Cycle, p: Period): Period {
  const start = p.end;
  if (cycle === 'date') return { label: dayOf(start), start, end: start + DAY_SECONDS };
  if (cycle === 'week') return { label: isoWeekLabel(start), start, end: start + 7 * DAY_SECONDS };
  const date = new Date(start * 1000);
  return { label: monthOf(date), start, end: utcSeconds(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) };
}

/** Monday (epoch seconds) of ISO week `week` of `year`: week 1 holds January 4th. */
function isoWeekMonday(year: number, week: number): number {
  const jan4 = utcSeconds(year, 0, 4);
  const weekday = (new Date(jan4 * 1000).getUTCDay() + 6) % 7;
  return jan4 - weekday * DAY_SECONDS + (week - 1) * 7 * DAY_SECONDS;
}

/** `YYYY-WW` ISO week of an epoch-seconds time. */
export function isoWeekLabel(seconds: number): string {
  const day = startOfDay(seconds);
  const weekday = (new Date(day * 1000).getUTCDay() + 6) % 7;
  const thursday = day + (3 - weekday) * DAY_SECONDS;
  const year = new Date(thursday * 1000).getUTCFullYear();
  const week = Math.floor((thursday - utcSeconds(year, 0, 1)) / (7 * DAY_SECONDS)) + 1;
  return `${pad(year, 4)}-${pad(week, 2)}`;
}
