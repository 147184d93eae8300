// Notices that a peer connection stopped receiving before ICE does. Chromium calls a
// connection `disconnected` only after about 5 s without an answer, so a short network cut
// froze the video with no word to the person; media that flowed steadily and then stops for
// `stallMs` is reason enough to say "reconnecting" (the machine still waits for ICE before
// rejoining). A connection that never flowed steadily (nothing subscribed, everything muted:
// only a STUN check every few seconds) is left to ICE, so an idle meeting never looks broken.
export interface StallWatchOptions {
  // How long a steady flow may stop before it counts as stalled (default 2000 ms).
  stallMs?: number;
  // Consecutive samples with progress that make a flow steady (default 3).
  steadySamples?: number;
}

export type StallChange = 'stalled' | 'flowing' | undefined;

export class StallWatch {
  private last: number | undefined;
  private lastProgressAt = 0;
  private run = 0;
  private armed = false;
  private stalledValue = false;
  private readonly stallMs: number;
  private readonly steadySamples: number;

  constructor(opts: StallWatchOptions = {}) {
    this.stallMs = opts.stallMs ?? 2000;
    this.steadySamples = opts.steadySamples ?? 3;
  }

  get stalled(): boolean {
    return this.stalledValue;
  }

  // Feeds the connection's received-bytes counter as read at `now`; says when the connection
  // becomes stalled, or flows again after a stall.
  sample(received: number, now: number): StallChange {
    if (this.last === undefined || received < this.last) {
      // First look, or a new connection's counter: start over.
      const was = this.stalledValue;
      this.reset();
      this.last = received;
      this.lastProgressAt = now;
      return was ? 'flowing' : undefined;
    }
    if (received > this.last) {
      this.last = received;
      this.lastProgressAt = now;
      this.run++;
      if (this.stalledValue) {
        this.stalledValue = false;
        return 'flowing';
      }
      return undefined;
    }
    if (this.run > 0) {
      this.armed = this.run >= this.steadySamples;
      this.run = 0;
    }
    if (this.armed && !this.stalledValue && now - this.lastProgressAt >= this.stallMs) {
      this.armed = false;
      this.stalledValue = true;
      return 'stalled';
    }
    return undefined;
  }

  reset(): void {
    this.last = undefined;
    this.run = 0;
    this.armed = false;
    this.stalledValue = false;
  }
}
