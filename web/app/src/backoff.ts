// Reconnection timing: exponential backoff with jitter, and a deadline after which the app
// gives up and says so. Pure (clock and random source passed in).

export interface BackoffOptions {
  initialMs?: number; // first wait (default 500 ms)
  maxMs?: number; // longest wait (default 8 s)
  factor?: number; // growth per attempt (default 2)
  jitter?: number; // +- this fraction of each wait (default 0.2)
  giveUpAfterMs?: number; // from the first failure (default 120 s)
  random?: () => number; // [0, 1)
}

export const kReconnectGiveUpMs = 120_000;

export class Backoff {
  private attempt = 0;
  private startedAt: number | undefined;
  private readonly o: Required<BackoffOptions>;

  constructor(opts: BackoffOptions = {}) {
    this.o = {
      initialMs: opts.initialMs ?? 500,
      maxMs: opts.maxMs ?? 8000,
      factor: opts.factor ?? 2,
      jitter: opts.jitter ?? 0.2,
      giveUpAfterMs: opts.giveUpAfterMs ?? kReconnectGiveUpMs,
      random: opts.random ?? Math.random,
    };
  }

  get attempts(): number {
    return this.attempt;
  }

  // The wait before the next attempt, or undefined once the deadline has passed (or would
  // pass during the wait: the last attempt is made at the deadline).
  next(now: number): number | undefined {
    if (this.startedAt === undefined) this.startedAt = now;
    const left = this.startedAt + this.o.giveUpAfterMs - now;
    if (left <= 0) return undefined;
    const base = Math.min(this.o.maxMs, this.o.initialMs * this.o.factor ** this.attempt);
    const spread = base * this.o.jitter * (this.o.random() * 2 - 1);
    this.attempt++;
    return Math.max(0, Math.min(left, Math.round(base + spread)));
  }

  // After a success: the next failure starts from the first wait and a fresh deadline.
  reset(): void {
    this.attempt = 0;
    this.startedAt = undefined;
  }
}
