/**
 * The whole suite against the embedded mocks: no failures whatever the seed, every operation,
 * method and model exercised, and a seed repeats a run.
 */
import { describe, expect, it } from 'vitest';
import { run } from './harness.js';

const described = (report: Awaited<ReturnType<typeof run>>) => report.failures.map((f) => `${f.kind} ${f.target}: ${f.check}: ${f.message}`);

describe('the embedded targets', () => {
  for (const seed of [1, 2, 3]) {
    it(`pass every check with seed ${seed}`, async () => {
      const report = await run({ seed, timeoutMs: 600 });
      expect(described(report)).toEqual([]);
      expect(report.ok).toBe(true);
      const kinds = (kind: string) => report.targets.filter((t) => t.kind === kind);
      expect(kinds('rest')).toHaveLength(33);
      expect(kinds('mqtt')).toHaveLength(3);
      expect(kinds('stateful').map((t) => t.id).sort()).toEqual(['bindings', 'device_groups', 'dock_binding']);
      for (const target of report.targets) {
        expect(target.error).toBeUndefined();
        expect(Object.values(target.checks).some((t) => t.passed > 0), `${target.id} passed no check`).toBe(true);
      }
    }, 120_000);
  }

  it('repeats a run with the same seed', async () => {
    const options = { seed: 99, operations: 'get_v1_products_product_key_devices_search,post_v1_products_product_key_device_groups,airport_bind_status', stateful: false, timeoutMs: 600 };
    const [first, second] = [await run(options), await run(options)];
    expect(second.targets.map((t) => [t.id, t.answers, t.samples])).toEqual(first.targets.map((t) => [t.id, t.answers, t.samples]));
    const other = await run({ ...options, seed: 100 });
    expect(other.targets.map((t) => t.answers)).not.toEqual(first.targets.map((t) => t.answers));
  }, 120_000);
});
