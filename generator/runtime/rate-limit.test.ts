import { describe, expect, it } from 'vitest';
import { parseRateLimit, RateLimitTracker, resetDelayMs, sleep, waitForReset } from './rate-limit.js';

describe('parseRateLimit', () => {
  it('reads the three headers as numbers', () => {
    expect(parseRateLimit({ 'x-ratelimit-limit': '3600', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1372700873' })).toEqual({
      limit: 3600,
      remaining: 0,
      reset: 1372700873,
    });
  });

  it('leaves missing or malformed values undefined, and is undefined without any of them', () => {
    expect(parseRateLimit({ 'x-ratelimit-remaining': '56', 'x-ratelimit-reset': 'soon' })).toEqual({ limit: undefined, remaining: 56, reset: undefined });
    expect(parseRateLimit({ 'x-ratelimit-limit': ' ' })).toBeUndefined();
    expect(parseRateLimit({ 'content-type': 'application/json' })).toBeUndefined();
  });
});

describe('RateLimitTracker', () => {
  it('keeps the last reported quota across responses without one', () => {
    const tracker = new RateLimitTracker();
    expect(tracker.last).toBeUndefined();
    tracker.update({ 'x-ratelimit-remaining': '10' });
    tracker.update({});
    expect(tracker.last?.remaining).toBe(10);
    tracker.update({ 'x-ratelimit-remaining': '9' });
    expect(tracker.last?.remaining).toBe(9);
  });
});

describe('waitForReset', () => {
  it('sleeps from now until the reset second', async () => {
    const sleeps: number[] = [];
    const waited = await waitForReset(1000, { now: () => 997_250, sleep: async (ms) => void sleeps.push(ms), maxWaitMs: 60_000 });
    expect(waited).toBe(2750);
    expect(sleeps).toEqual([2750]);
  });

  it('does not sleep for an unknown reset or one beyond maxWaitMs', async () => {
    const sleeps: number[] = [];
    const options = { now: () => 0, sleep: async (ms: number) => void sleeps.push(ms), maxWaitMs: 5000 };
    expect(await waitForReset(undefined, options)).toBeUndefined();
    expect(await waitForReset(6, options)).toBeUndefined();
    expect(await waitForReset(5, options)).toBe(5000);
    expect(sleeps).toEqual([5000]);
  });

  it('retries at once when the reset has passed', () => {
    expect(resetDelayMs(10, 20_000)).toBe(0);
  });
});

describe('sleep', () => {
  it('resolves after the delay', async () => {
    const started = Date.now();
    await sleep(20);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
  });

  it('rejects with the abort reason', async () => {
    const controller = new AbortController();
    const pending = sleep(10_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
    await expect(sleep(1, controller.signal)).rejects.toThrow('stop');
  });
});
