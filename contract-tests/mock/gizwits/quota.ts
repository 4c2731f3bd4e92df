/**
 * The request quota: a fixed window per caller (a token, or an enterprise for the /v1/users/*
 * calls) that opens at the caller's first request and lasts an hour. Over the limit: 5013.
 */

export const QUOTA_WINDOW_SECONDS = 3600;

export interface QuotaState {
  limit: number;
  remaining: number;
  /** When the window ends, epoch seconds. */
  reset: number;
}

interface Window {
  start: number;
  used: number;
}

export class QuotaBook {
  private readonly windows = new Map<string, Window>();

  constructor(
    readonly limit: number,
    private readonly windowSeconds: number = QUOTA_WINDOW_SECONDS,
  ) {}

  /** Counts one request; `allowed` is false (and nothing is counted) once the window's quota is spent. */
  consume(caller: string, nowSeconds: number): QuotaState & { allowed: boolean } {
    const window = this.current(caller, nowSeconds);
    const allowed = window.used < this.limit;
    if (allowed) window.used++;
    return { limit: this.limit, remaining: this.limit - window.used, reset: Math.ceil(window.start + this.windowSeconds), allowed };
  }

  /** The caller's quota without counting a request. */
  peek(caller: string, nowSeconds: number): QuotaState {
    const window = this.windows.get(caller);
    return window && nowSeconds < window.start + this.windowSeconds
      ? this.state(window)
      : { limit: this.limit, remaining: this.limit, reset: Math.ceil(nowSeconds + this.windowSeconds) };
  }

  private current(caller: string, nowSeconds: number): Window {
    let window = this.windows.get(caller);
    if (!window || nowSeconds >= window.start + this.windowSeconds) {
      window = { start: nowSeconds, used: 0 };
      this.windows.set(caller, window);
    }
    return window;
  }

  private state(window: Window): QuotaState {
    return { limit: this.limit, remaining: Math.max(0, this.limit - window.used), reset: Math.ceil(window.start + this.windowSeconds) };
  }
}
