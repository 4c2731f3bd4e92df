import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayOf, isoWeekLabel, parseDay, periods, type Cycle } from './calendar.js';
import { Code, GizwitsError } from './errors.js';

const NOW = Date.UTC(2025, 0, 15, 12) / 1000;
const seconds = (iso: string) => Date.parse(iso) / 1000;

describe('calendar', () => {
  it('names ISO weeks: week 1 holds January 4th, some years have 53 weeks', () => {
    expect(isoWeekLabel(seconds('2021-01-03T12:00:00Z'))).toBe('2020-53');
    expect(isoWeekLabel(seconds('2021-01-04T00:00:00Z'))).toBe('2021-01');
    expect(isoWeekLabel(seconds('2024-12-30T00:00:00Z'))).toBe('2025-01');
    expect(periods('week', '2020-52', '2021-01', NOW).map((p) => p.label)).toEqual(['2020-52', '2020-53', '2021-01']);
  });

  it('parses calendar days only, years below 100 included', () => {
    expect(parseDay('2024-02-29')).toBe(seconds('2024-02-29T00:00:00Z'));
    expect(parseDay('2023-02-29')).toBeUndefined();
    expect(parseDay('2024-13-01')).toBeUndefined();
    expect(dayOf(parseDay('0050-06-01')!)).toBe('0050-06-01');
  });

  it('lists consecutive periods up to the current one', () => {
    expect(periods('month', '2024-11', '2025-03', NOW).map((p) => p.label)).toEqual(['2024-11', '2024-12', '2025-01']);
    expect(periods('date', '2024-12-31', '2025-01-02', NOW).map((p) => p.label)).toEqual(['2024-12-31', '2025-01-01', '2025-01-02']);
  });

  it('answers any pattern-valid input with periods, 5002 or 5014, nothing else', () => {
    const nn = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0'));
    const year = fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0'));
    const label = fc.oneof(fc.tuple(year, nn).map(([y, n]) => `${y}-${n}`), fc.tuple(year, nn, nn).map(([y, m, d]) => `${y}-${m}-${d}`));
    const cycle = fc.constantFrom<Cycle>('date', 'week', 'month');
    fc.assert(
      fc.property(cycle, label, label, (c, start, end) => {
        try {
          const list = periods(c, start, end, NOW);
          expect(list.length).toBeGreaterThan(0);
          expect(list.length).toBeLessThanOrEqual({ date: 30, week: 53, month: 12 }[c]);
          list.forEach((p, i) => i > 0 && expect(p.start).toBe(list[i - 1]!.end));
        } catch (error) {
          if (!(error instanceof GizwitsError)) throw error;
          expect([Code.formInvalid, Code.reportNotGenerated]).toContain(error.code);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('reaches the last years without failing', () => {
    expect(() => periods('month', '9999-12', '9999-12', NOW)).toThrow(expect.objectContaining({ code: Code.reportNotGenerated }));
    expect(() => periods('date', '9999-12-31', '9999-12-31', NOW)).toThrow(expect.objectContaining({ code: Code.reportNotGenerated }));
    expect(() => periods('week', '9999-52', '9999-52', NOW)).toThrow(expect.objectContaining({ code: Code.reportNotGenerated }));
  });
});
