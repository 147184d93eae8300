import type { TrackKind, WireOfferTrack } from './protocol.js';

// What one subscriber m-line carries.
export interface MidTrack {
  mid: string;
  trackId: string;
  participantId: string;
  kind: TrackKind;
}

export interface TrackMapChange {
  // m-lines that now carry a track they did not carry before (new, or re-used by another track)
  added: MidTrack[];
  // tracks that no m-line carries any more, or whose m-line now carries another track
  removed: MidTrack[];
}

function sameTrack(a: MidTrack, b: MidTrack): boolean {
  return a.trackId === b.trackId && a.participantId === b.participantId && a.kind === b.kind;
}

// The subscriber connection's mid -> track mapping, replaced by each server `offer`.
export class TrackMap {
  private byMid = new Map<string, MidTrack>();

  // Replaces the mapping with the `tracks` array of an offer and tells what changed.
  // Entries with a missing or non-string field are skipped.
  update(tracks: readonly WireOfferTrack[] | undefined): TrackMapChange {
    const next = new Map<string, MidTrack>();
    for (const t of tracks ?? []) {
      if (!t || typeof t.mid !== 'string' || typeof t.track_id !== 'string') continue;
      if (typeof t.participant_id !== 'string') continue;
      if (t.kind !== 'audio' && t.kind !== 'video') continue;
      next.set(t.mid, { mid: t.mid, trackId: t.track_id, participantId: t.participant_id, kind: t.kind });
    }
    const added: MidTrack[] = [];
    const removed: MidTrack[] = [];
    for (const [mid, old] of this.byMid) {
      const now = next.get(mid);
      if (!now || !sameTrack(old, now)) removed.push(old);
    }
    for (const [mid, now] of next) {
      const old = this.byMid.get(mid);
      if (!old || !sameTrack(old, now)) added.push(now);
    }
    this.byMid = next;
    return { added, removed };
  }

  byMidOf(mid: string | null | undefined): MidTrack | undefined {
    return mid == null ? undefined : this.byMid.get(mid);
  }

  // Track ids are unique per participant only.
  byTrack(participantId: string, trackId: string): MidTrack | undefined {
    for (const t of this.byMid.values()) if (t.participantId === participantId && t.trackId === trackId) return t;
    return undefined;
  }

  get size(): number {
    return this.byMid.size;
  }

  entries(): MidTrack[] {
    return [...this.byMid.values()];
  }
}
