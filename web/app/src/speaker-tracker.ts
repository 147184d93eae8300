// Picks the active speaker from audio levels (0..1 per tile key). The SDK has no active
// speaker event yet (the server does not send one); when it does, feed its choice to the
// layout instead. Pure: levels and time come in.

export interface SpeakerTrackerOptions {
  threshold?: number; // level counted as speech (default 0.04)
  holdMs?: number; // someone must speak this long to take the stage (default 400 ms)
  keepMs?: number; // the current speaker keeps it this long after falling quiet (default 1500 ms)
}

export class SpeakerTracker {
  private current: string | undefined;
  private readonly since = new Map<string, number>();
  private lastHeard = 0;
  private readonly threshold: number;
  private readonly holdMs: number;
  private readonly keepMs: number;

  constructor(opts: SpeakerTrackerOptions = {}) {
    this.threshold = opts.threshold ?? 0.04;
    this.holdMs = opts.holdMs ?? 400;
    this.keepMs = opts.keepMs ?? 1500;
  }

  get activeSpeaker(): string | undefined {
    return this.current;
  }

  isSpeaking(level: number): boolean {
    return level >= this.threshold;
  }

  // Feeds one sample of every level; returns the active speaker after it.
  update(levels: ReadonlyMap<string, number>, now: number): string | undefined {
    for (const key of [...this.since.keys()]) if (!levels.has(key)) this.since.delete(key);
    let loudest: string | undefined;
    let loudestLevel = 0;
    for (const [key, level] of levels) {
      if (level >= this.threshold) {
        if (!this.since.has(key)) this.since.set(key, now);
        if (now - (this.since.get(key) ?? now) >= this.holdMs && level > loudestLevel) {
          loudest = key;
          loudestLevel = level;
        }
      } else {
        this.since.delete(key);
      }
    }
    if (this.current !== undefined && (levels.get(this.current) ?? 0) >= this.threshold) {
      this.lastHeard = now;
      return this.current;
    }
    if (loudest !== undefined && (this.current === undefined || now - this.lastHeard >= this.keepMs)) {
      this.current = loudest;
      this.lastHeard = now;
    }
    return this.current;
  }

  // Someone left: forget them.
  remove(key: string): void {
    this.since.delete(key);
    if (this.current === key) this.current = undefined;
  }
}
