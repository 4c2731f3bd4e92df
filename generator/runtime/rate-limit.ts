/**
 * Request quota reported by `X-RateLimit-Limit/Remaining/Reset` response headers, and waiting
 * until the quota resets before trying again.
 */

export interface RateLimitState {
  limit: number | undefined;
  remaining: number | undefined;
  /** When the quota resets, in epoch seconds. */
  reset: number | undefined;
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The quota from (lowercased) response headers; `undefined` when none of the three headers is present. */
export function parseRateLimit(headers: Readonly<Record<string, string>>): RateLimitState | undefined {
  const state: RateLimitState = {
    limit: headerNumber(headers['x-ratelimit-limit']),
    remaining: headerNumber(headers['x-ratelimit-remaining']),
    reset: headerNumber(headers['x-ratelimit-reset']),
  };
  return state.limit === undefined && state.remaining === undefined && state.reset === undefined ? undefined : state;
}

function headerNumber(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** Keeps the quota of the most recent response that reported one. */
export class RateLimitTracker {
  private state: RateLimitState | undefined;

  get last(): RateLimitState | undefined {
    return this.state;
  }

  update(headers: Readonly<Record<string, string>>): void {
    this.state = parseRateLimit(headers) ?? this.state;
  }
}

/** Milliseconds from `nowMs` until `reset` (epoch seconds); 0 when it has passed, `undefined` when unknown. */
export function resetDelayMs(reset: number | undefined, nowMs: number): number | undefined {
  if (reset === undefined) return undefined;
  return Math.max(0, reset * 1000 - nowMs);
}

export interface WaitForResetOptions {
  now: () => number;
  sleep: Sleep;
  /** Longest acceptable wait: a reset further away is not waited for. */
  maxWaitMs: number;
  signal?: AbortSignal;
}

/**
 * Sleeps until the quota resets and resolves to the milliseconds waited, or to `undefined`
 * without sleeping when the reset time is unknown or further away than `maxWaitMs` (retrying
 * earlier would only be refused again).
 */
export async function waitForReset(reset: number | undefined, options: WaitForResetOptions): Promise<number | undefined> {
  const delay = resetDelayMs(reset, options.now());
  if (delay === undefined || delay > options.maxWaitMs) return undefined;
  await options.sleep(delay, options.signal);
  return delay;
}

/** `setTimeout` as a promise that rejects with the signal's reason when aborted. */
export const sleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    signal?.throwIfAborted();
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
