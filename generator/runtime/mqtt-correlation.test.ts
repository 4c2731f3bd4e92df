import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PendingReplies, type WaitResult } from './mqtt-correlation.js';

function reply(tid: string, bid: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { tid, bid, method: 'm', timestamp: 1, data: { result: 0 }, ...extra };
}

/** Settles `promise` into a readable state without awaiting it. */
function track(promise: Promise<WaitResult>): { state: () => 'pending' | WaitResult | { rejected: unknown } } {
  let state: 'pending' | WaitResult | { rejected: unknown } = 'pending';
  promise.then(
    (r) => (state = r),
    (e: unknown) => (state = { rejected: e }),
  );
  return { state: () => state };
}

describe('PendingReplies', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('hands a reply to the request with the same tid and bid', async () => {
    const pending = new PendingReplies();
    const waiting = pending.register('t1', 'b1', 1000);
    const message = reply('t1', 'b1');
    expect(pending.resolve(message)).toBe('matched');
    await expect(waiting).resolves.toEqual({ kind: 'reply', reply: message });
    expect(pending.size).toBe(0);
    expect(pending.counters.matched).toBe(1);
  });

  it('counts a reply with the right bid but a wrong tid as stray and keeps waiting', async () => {
    const pending = new PendingReplies();
    const waiting = track(pending.register('t1', 'b1', 1000));
    expect(pending.resolve(reply('t2', 'b1'))).toBe('stray');
    expect(pending.resolve(reply('t1', 'b2'))).toBe('stray');
    await vi.advanceTimersByTimeAsync(0);
    expect(waiting.state()).toBe('pending');
    expect(pending.resolve(reply('t1', 'b1'))).toBe('matched');
    await vi.advanceTimersByTimeAsync(0);
    expect(waiting.state()).toMatchObject({ kind: 'reply' });
    expect(pending.counters).toMatchObject({ stray: 2, matched: 1 });
  });

  it('resolves once: a second reply with the same ids is a duplicate', async () => {
    const pending = new PendingReplies();
    const waiting = pending.register('t1', 'b1', 1000);
    const first = reply('t1', 'b1', { data: { result: 0, output: 'first' } });
    expect(pending.resolve(first)).toBe('matched');
    expect(pending.resolve(reply('t1', 'b1', { data: { result: 0, output: 'second' } }))).toBe('duplicate');
    expect(pending.resolve(reply('t1', 'b1'))).toBe('duplicate');
    await expect(waiting).resolves.toEqual({ kind: 'reply', reply: first });
    expect(pending.counters).toMatchObject({ matched: 1, duplicate: 2 });
  });

  it('times out after its own wait and counts a reply after that as late', async () => {
    const pending = new PendingReplies();
    const waiting = track(pending.register('t1', 'b1', 100));
    await vi.advanceTimersByTimeAsync(99);
    expect(waiting.state()).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(waiting.state()).toEqual({ kind: 'timeout' });
    expect(pending.resolve(reply('t1', 'b1'))).toBe('late');
    expect(pending.resolve(reply('t1', 'b1'))).toBe('duplicate');
    expect(pending.counters).toMatchObject({ late: 1, duplicate: 1, matched: 0 });
  });

  it('counts payloads without string tid and bid as malformed', () => {
    const pending = new PendingReplies();
    pending.register('t1', 'b1', 1000).catch(() => undefined);
    const payloads: unknown[] = [undefined, null, 'text', 7, ['t1', 'b1'], { tid: 't1' }, { tid: 't1', bid: 5 }, { tid: '', bid: 'b1' }];
    for (const payload of payloads) expect(pending.resolve(payload)).toBe('malformed');
    expect(pending.counters.malformed).toBe(payloads.length);
    expect(pending.size).toBe(1);
  });

  it('cancels one wait with its reason; a reply afterwards is late', async () => {
    const pending = new PendingReplies();
    const waiting = pending.register('t1', 'b1', 1000);
    const other = track(pending.register('t2', 'b2', 1000));
    const reason = new Error('aborted');
    expect(pending.cancel('t1', 'b1', reason)).toBe(true);
    expect(pending.cancel('t1', 'b1', reason)).toBe(false);
    await expect(waiting).rejects.toBe(reason);
    expect(pending.resolve(reply('t1', 'b1'))).toBe('late');
    expect(other.state()).toBe('pending');
  });

  it('rejects every wait with rejectAll and clears their timers', async () => {
    const pending = new PendingReplies();
    const a = pending.register('t1', 'b1', 1000);
    const b = pending.register('t2', 'b2', 1000);
    pending.rejectAll('closed');
    await expect(a).rejects.toBe('closed');
    await expect(b).rejects.toBe('closed');
    expect(pending.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('refuses to wait twice for the same tid and bid', () => {
    const pending = new PendingReplies();
    pending.register('t1', 'b1', 1000).catch(() => undefined);
    expect(() => pending.register('t1', 'b1', 1000)).toThrow('already waiting');
  });

  it('forgets the oldest finished keys beyond its limit', () => {
    const pending = new PendingReplies({ recentLimit: 2 });
    for (const id of ['1', '2', '3']) {
      void pending.register(id, id, 1000);
      expect(pending.resolve(reply(id, id))).toBe('matched');
    }
    expect(pending.resolve(reply('1', '1'))).toBe('stray');
    expect(pending.resolve(reply('2', '2'))).toBe('duplicate');
    expect(pending.resolve(reply('3', '3'))).toBe('duplicate');
  });

  it('uses injected timers when given', async () => {
    const scheduled: { callback: () => void; ms: number }[] = [];
    const pending = new PendingReplies({
      timers: {
        setTimeout: (callback, ms) => scheduled.push({ callback, ms }),
        clearTimeout: () => undefined,
      },
    });
    const waiting = pending.register('t1', 'b1', 3000);
    expect(scheduled.map((s) => s.ms)).toEqual([3000]);
    scheduled[0]?.callback();
    await expect(waiting).resolves.toEqual({ kind: 'timeout' });
  });
});
