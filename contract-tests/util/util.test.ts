import { describe, expect, it } from 'vitest';
import { globMatcher } from './glob.js';
import { mapLimit } from './pool.js';
import { targetSeed } from './seed.js';

describe('globMatcher', () => {
  it('matches comma-separated globs, all names without a pattern', () => {
    const match = globMatcher('get_*_devices, airport_?ind_status');
    expect(match('get_v1_products_product_key_devices')).toBe(true);
    expect(match('airport_bind_status')).toBe(true);
    expect(match('post_v1_products_product_key_devices_bindings')).toBe(false);
    expect(globMatcher(undefined)('anything')).toBe(true);
    expect(globMatcher('a.b')('axb')).toBe(false);
  });
});

describe('mapLimit', () => {
  it('keeps order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n));
      running--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });
});

describe('targetSeed', () => {
  it('depends on the run seed and the target name only', () => {
    expect(targetSeed(1, 'a')).toBe(targetSeed(1, 'a'));
    expect(targetSeed(1, 'a')).not.toBe(targetSeed(2, 'a'));
    expect(targetSeed(1, 'a')).not.toBe(targetSeed(1, 'b'));
    expect(targetSeed(1, 'a')).toBeGreaterThanOrEqual(0);
  });
});
