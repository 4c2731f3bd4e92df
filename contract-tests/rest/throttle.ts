/**
 * A token bucket shared by every request of a run (`--rate-limit N/s`), so a live account's
 * hourly quota is spent at a known pace. Without a rate, `take` resolves at once.
 */

export class Throttle {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly perSecond: number | undefined,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.tokens = Math.max(1, perSecond ?? 1);
    this.last = now();
  }

  /** Resolves when the caller may send one request; callers are served in order. */
  take(): Promise<void> {
    if (this.perSecond === undefined) return Promise.resolve();
    const rate = this.perSecond;
    const turn = this.queue.then(async () => {
      this.refill(rate);
      if (this.tokens < 1) {
        await this.sleep(((1 - this.tokens) / rate) * 1000);
        this.refill(rate);
      }
      this.tokens -= 1;
    });
    this.queue = turn;
    return turn;
  }

  private refill(rate: number): void {
    const now = this.now();
    this.tokens = Math.min(Math.max(1, rate), this.tokens + ((now - this.last) / 1000) * rate);
    this.last = now;
  }
}

/** `10`, `10/s`, `600/min`, `3600/h` → requests per second. */
export function parseRate(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*(s|sec|second|m|min|minute|h|hour))?\s*$/i.exec(text);
  if (!match) return undefined;
  const count = Number(match[1]);
  const unit = (match[2] ?? 's').toLowerCase();
  const seconds = unit.startsWith('h') ? 3600 : unit.startsWith('m') ? 60 : 1;
  const rate = count / seconds;
  return rate > 0 ? rate : undefined;
}
