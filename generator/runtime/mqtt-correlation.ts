/**
 * Requests waiting for their replies, keyed by BOTH `tid` and `bid`: a reply is accepted only
 * when both match a waiting request. Everything else is classified and counted, never thrown:
 * stray (nothing waits for it), duplicate (already answered), late (its wait had ended: timed out
 * or cancelled), malformed (no string tid/bid).
 */

import { isRecord, readCorrelation } from './mqtt-envelope.js';

export type ResolveOutcome = 'matched' | 'stray' | 'duplicate' | 'late' | 'malformed';

export type WaitResult = { kind: 'reply'; reply: Record<string, unknown> } | { kind: 'timeout' };

export interface CorrelationCounters {
  matched: number;
  stray: number;
  duplicate: number;
  late: number;
  malformed: number;
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Looks the globals up at call time, so fake timers installed later still apply. */
export const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface PendingRepliesOptions {
  /** How many finished keys to remember for duplicate/late detection (oldest forgotten first). */
  recentLimit?: number;
  timers?: Timers;
}

interface Waiter {
  settle(result: WaitResult): void;
  fail(reason: unknown): void;
  timer: unknown;
}

type Finished = 'answered' | 'ended';

export class PendingReplies {
  private readonly waiting = new Map<string, Waiter>();
  /** Insertion-ordered, so the first key is the oldest. */
  private readonly recent = new Map<string, Finished>();
  private readonly recentLimit: number;
  private readonly timers: Timers;
  private readonly count: CorrelationCounters = { matched: 0, stray: 0, duplicate: 0, late: 0, malformed: 0 };

  constructor(options: PendingRepliesOptions = {}) {
    this.recentLimit = options.recentLimit ?? 1024;
    this.timers = options.timers ?? realTimers;
  }

  /** Waits for the reply to (tid, bid); resolves `{kind: 'timeout'}` after `timeoutMs`. */
  register(tid: string, bid: string, timeoutMs: number): Promise<WaitResult> {
    const key = keyOf(tid, bid);
    if (this.waiting.has(key)) throw new Error(`a request with tid ${tid} and bid ${bid} is already waiting`);
    this.recent.delete(key);
    return new Promise<WaitResult>((resolve, reject) => {
      const waiter: Waiter = {
        settle: resolve,
        fail: reject,
        timer: this.timers.setTimeout(() => {
          this.finish(key, 'ended');
          resolve({ kind: 'timeout' });
        }, timeoutMs),
      };
      this.waiting.set(key, waiter);
    });
  }

  /** Hands `reply` to the request waiting for its tid and bid, if any. */
  resolve(reply: unknown): ResolveOutcome {
    const { tid, bid } = readCorrelation(reply);
    if (tid === undefined || bid === undefined || !isRecord(reply)) return this.counted('malformed');
    const key = keyOf(tid, bid);
    const waiter = this.waiting.get(key);
    if (waiter) {
      this.finish(key, 'answered');
      waiter.settle({ kind: 'reply', reply });
      return this.counted('matched');
    }
    const finished = this.recent.get(key);
    if (finished === undefined) return this.counted('stray');
    if (finished === 'answered') return this.counted('duplicate');
    this.remember(key, 'answered');
    return this.counted('late');
  }

  /** Ends one wait with `reason` (e.g. an abort); a reply arriving afterwards counts as late. */
  cancel(tid: string, bid: string, reason: unknown): boolean {
    const key = keyOf(tid, bid);
    const waiter = this.waiting.get(key);
    if (!waiter) return false;
    this.finish(key, 'ended');
    waiter.fail(reason);
    return true;
  }

  /** Ends every wait with `reason`. */
  rejectAll(reason: unknown): void {
    for (const [key, waiter] of [...this.waiting]) {
      this.finish(key, 'ended');
      waiter.fail(reason);
    }
  }

  get size(): number {
    return this.waiting.size;
  }

  get counters(): Readonly<CorrelationCounters> {
    return { ...this.count };
  }

  private finish(key: string, how: Finished): void {
    const waiter = this.waiting.get(key);
    if (waiter) this.timers.clearTimeout(waiter.timer);
    this.waiting.delete(key);
    this.remember(key, how);
  }

  private remember(key: string, how: Finished): void {
    this.recent.delete(key);
    this.recent.set(key, how);
    while (this.recent.size > this.recentLimit) {
      const oldest = this.recent.keys().next();
      if (oldest.done) break;
      this.recent.delete(oldest.value);
    }
  }

  private counted(outcome: ResolveOutcome): ResolveOutcome {
    this.count[outcome]++;
    return outcome;
  }
}

/** Unambiguous for any strings (a separator character could occur inside an id). */
function keyOf(tid: string, bid: string): string {
  return JSON.stringify([tid, bid]);
}
