// Notices that the network under a Room went quiet, before ICE does. Chromium calls a peer
// connection `disconnected` only after about 5 s without an answer (and a short cut often not
// at all), so a cut froze the video with no word to the person. What must keep arriving while
// the network works, whatever the meeting does, is the answer to the Room's keepalive `ping`
// (one a second on the signaling socket) and, while anything is sent or received, bytes on the
// peer connections (media, RTCP, ICE checks). The link is `down` when both were silent for
// `silentMs`: a remote participant with camera and microphone off, everyone muted, or being
// alone in the room leaves the pings answered, so it never looks like a cut; media that keeps
// flowing while the socket is slow is not a cut either. It is `up` again as soon as either
// shows life.
export interface LinkWatchOptions {
  // How long the socket and the peer connections must both be silent (default 2000 ms; must
  // exceed the ping period).
  silentMs?: number;
}

export type LinkChange = 'down' | 'up' | undefined;

export interface LinkSample {
  now: number;
  // When the signaling socket last received anything (a `pong` at least once a ping period).
  heardAt: number;
  // Bytes received so far over all the Room's peer connections (transport `bytesReceived`);
  // undefined when the stats did not answer in time (counts as no progress).
  received: number | undefined;
}

export class LinkWatch {
  private last: number | undefined;
  private mediaAt = 0;
  private downValue = false;
  // The last sign of life when the link went down: anything newer brings it back.
  private quietSince = 0;
  private readonly silentMs: number;

  constructor(opts: LinkWatchOptions = {}) {
    this.silentMs = opts.silentMs ?? 2000;
  }

  get down(): boolean {
    return this.downValue;
  }

  // Looks at the link at `s.now`; says when it went down, or came back after being down.
  sample(s: LinkSample): LinkChange {
    if (s.received === undefined) {
      // nothing new about the media
    } else if (this.last === undefined || s.received < this.last) {
      // First look, or new peer connections (a rejoin): their counters start over.
      this.last = s.received;
      this.mediaAt = s.now;
    } else if (s.received > this.last) {
      this.last = s.received;
      this.mediaAt = s.now;
    }
    const lifeAt = Math.max(s.heardAt, this.mediaAt);
    if (this.downValue) {
      if (lifeAt <= this.quietSince) return undefined;
      this.downValue = false;
      return 'up';
    }
    if (s.now - lifeAt < this.silentMs) return undefined;
    this.downValue = true;
    this.quietSince = lifeAt;
    return 'down';
  }

  // Starts over (new peer connections and socket after a rejoin), counting from `now`.
  reset(): void {
    this.last = undefined;
    this.downValue = false;
    this.quietSince = 0;
  }
}
