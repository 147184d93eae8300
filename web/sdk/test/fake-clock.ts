import type { Clock } from '../src/reconnect-machine.js';

// A Clock whose time moves only when the test says (`advance`), running due timers in order.
export class FakeClock implements Clock {
  private t = 0;
  private nextHandle = 1;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const h = this.nextHandle++;
    this.timers.set(h, { at: this.t + Math.max(0, ms), fn });
    return h;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  get pending(): number {
    return this.timers.size;
  }
  // Moves time forward by `ms`, running each timer due on the way (and letting the promise
  // callbacks it started run before the next one).
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      let first: [number, { at: number; fn: () => void }] | undefined;
      for (const e of this.timers) if (e[1].at <= end && (!first || e[1].at < first[1].at)) first = e;
      if (!first) break;
      this.timers.delete(first[0]);
      this.t = first[1].at;
      first[1].fn();
      await flush();
    }
    this.t = end;
  }
}

export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}
