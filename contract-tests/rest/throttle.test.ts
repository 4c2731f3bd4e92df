import { describe, expect, it } from 'vitest';
import { Throttle, parseRate } from './throttle.js';

describe('parseRate', () => {
  it('reads per second, minute and hour', () => {
    expect(parseRate('10')).toBe(10);
    expect(parseRate('10/s')).toBe(10);
    expect(parseRate('600/min')).toBe(10);
    expect(parseRate('3600/h')).toBe(1);
    expect(parseRate('0/s')).toBeUndefined();
    expect(parseRate('fast')).toBeUndefined();
  });
});

describe('Throttle', () => {
  it('lets a burst of `rate` through, then spaces requests 1/rate apart', async () => {
    let now = 0;
    const slept: number[] = [];
    const throttle = new Throttle(
      2,
      () => now,
      async (ms) => {
        slept.push(ms);
        now += ms;
      },
    );
    for (let i = 0; i < 5; i++) await throttle.take();
    expect(slept).toEqual([500, 500, 500]);
    expect(now).toBe(1500);
  });

  it('does not wait without a rate', async () => {
    const throttle = new Throttle(undefined, () => 0, () => Promise.reject(new Error('slept')));
    await throttle.take();
  });
});
