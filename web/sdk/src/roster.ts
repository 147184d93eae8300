// The other participants of a room, brought up to date after a rejoin: who left while this
// client was away, who came, which tracks appeared, went or changed mute state, whose hand
// went up or down. Pure (no timers, no DOM): the Room emits the events this returns.
import { participantFromWire, type Participant, type TrackInfo } from './participant.js';
import type { WireParticipant } from './protocol.js';

export interface RosterChange {
  left: Participant[];
  joined: Participant[];
  published: [Participant, TrackInfo][];
  unpublished: [Participant, TrackInfo][];
  muted: [Participant, TrackInfo][];
  hands: Participant[];
}

// Makes `current` (by participant id) what `wire` says, leaving out `selfId`. Participants
// that stay keep their object (an app may hold it); their `tracks` map is updated in place.
export function syncRoster(current: Map<string, Participant>, wire: readonly WireParticipant[], selfId: string): RosterChange {
  const change: RosterChange = { left: [], joined: [], published: [], unpublished: [], muted: [], hands: [] };
  const fresh = new Map<string, Participant>();
  for (const w of wire) if (w.id !== selfId) fresh.set(w.id, participantFromWire(w));
  for (const [id, p] of current) {
    if (!fresh.has(id)) {
      current.delete(id);
      change.left.push(p);
    }
  }
  for (const [id, next] of fresh) {
    const p = current.get(id);
    if (!p) {
      current.set(id, next);
      change.joined.push(next);
      continue;
    }
    p.name = next.name;
    if (p.handRaisedAt !== next.handRaisedAt) {
      p.handRaisedAt = next.handRaisedAt;
      change.hands.push(p);
    }
    for (const [tid, t] of p.tracks) {
      if (!next.tracks.has(tid)) {
        p.tracks.delete(tid);
        change.unpublished.push([p, t]);
      }
    }
    for (const [tid, t] of next.tracks) {
      const had = p.tracks.get(tid);
      if (!had) {
        p.tracks.set(tid, t);
        change.published.push([p, t]);
      } else if (had.muted !== t.muted) {
        had.muted = t.muted;
        change.muted.push([p, had]);
      }
    }
  }
  return change;
}
