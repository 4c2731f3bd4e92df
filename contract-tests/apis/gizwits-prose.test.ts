import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { operationArbitraries } from '../../generated/gizwits-enterprise/arbitraries.js';
import { operationValidators } from '../../generated/gizwits-enterprise/validators.js';
import type { IrSpec } from '../../generator/ir/types.js';
import { toWire, invalidParts } from '../rest/wire.js';
import { loadSpecIr, SPEC_FILES } from '../spec/load.js';
import { isoWeek, refineGizwitsSample } from './gizwits-prose.js';

let ir: IrSpec;
beforeAll(async () => {
  ir = await loadSpecIr(SPEC_FILES.gizwits);
});

const NOW = Date.UTC(2025, 0, 15, 12) / 1000;
const DAY = 86_400;

describe('refineGizwitsSample', () => {
  it('keeps every valid sample valid by the schemas', () => {
    for (const op of ir.operations) {
      const samples = fc.sample(operationArbitraries[op.id as keyof typeof operationArbitraries].valid, { seed: 5, numRuns: 30 });
      for (const sample of samples) {
        const wire = toWire(op, refineGizwitsSample(op, sample, NOW));
        if (!wire.ok) throw new Error(`${op.id}: ${wire.reason}`);
        expect(invalidParts(op, operationValidators[op.id as keyof typeof operationValidators], wire.request), op.id).toEqual([]);
      }
    }
  });

  it('keeps the start_ts/end_ts window within two days, start first', () => {
    const op = ir.operations.find((o) => o.id === 'get_v1_products_product_key_devices_did_data')!;
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (a, b) => {
        const { query } = refineGizwitsSample(op, { path: {}, query: { start_ts: a, end_ts: b }, headers: {} }, NOW);
        const [start, end] = [query.start_ts as number, query.end_ts as number];
        return start <= end && end - start <= 2 * DAY && start === Math.min(a, b);
      }),
    );
  });

  it('writes cycle periods in the cycle\'s format, in the past, start before end', () => {
    const op = ir.operations.find((o) => o.id === 'get_v1_products_product_key_devices_report_activation')!;
    const formats = { date: /^\d{4}-\d{2}-\d{2}$/, week: /^\d{4}-\d{2}$/, month: /^\d{4}-\d{2}$/ };
    for (const cycle of ['date', 'week', 'month'] as const) {
      for (let i = 0; i < 20; i++) {
        const { query } = refineGizwitsSample(op, { path: {}, query: { cycle, start: `x${i}`, end: 'y' }, headers: {} }, NOW);
        expect(query.start).toMatch(formats[cycle]);
        expect(String(query.start) <= String(query.end)).toBe(true);
        if (cycle === 'date') expect(Date.parse(String(query.end)) / 1000).toBeLessThanOrEqual(NOW);
      }
    }
  });

  it('turns liveness_start into a timestamp', () => {
    const op = ir.operations.find((o) => o.id === 'get_v1_products_product_key_devices_search')!;
    const { query } = refineGizwitsSample(op, { path: {}, query: { liveness_start: 'abc' }, headers: {} }, NOW);
    expect(Number.isInteger(Number(query.liveness_start))).toBe(true);
  });
});

describe('isoWeek', () => {
  it('follows ISO 8601 at year boundaries', () => {
    expect(isoWeek(new Date(Date.UTC(2021, 0, 3)))).toEqual({ year: 2020, week: 53 });
    expect(isoWeek(new Date(Date.UTC(2021, 0, 4)))).toEqual({ year: 2021, week: 1 });
    expect(isoWeek(new Date(Date.UTC(2024, 11, 30)))).toEqual({ year: 2025, week: 1 });
    expect(isoWeek(new Date(Date.UTC(2025, 0, 15)))).toEqual({ year: 2025, week: 3 });
  });
});
