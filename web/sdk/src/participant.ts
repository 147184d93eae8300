import type { TrackKind, TrackSource, WireParticipant, WireTrack } from './protocol.js';

export interface TrackInfo {
  id: string;
  kind: TrackKind;
  source: TrackSource;
  muted: boolean;
}

export interface Grants {
  publish: boolean;
  subscribe: boolean;
  publishData: boolean;
  moderator: boolean;
  record: boolean;
}

// Another participant of the room, as the server describes it.
export interface Participant {
  id: string;
  identity: string;
  name: string;
  tracks: Map<string, TrackInfo>;
  // When they raised their hand (ms since the epoch, server clock); undefined when it is down.
  handRaisedAt?: number | undefined;
}

export function trackFromWire(t: WireTrack): TrackInfo {
  return { id: t.id, kind: t.kind, source: t.source, muted: t.muted === true };
}

export function participantFromWire(p: WireParticipant): Participant {
  const tracks = new Map<string, TrackInfo>();
  for (const t of p.tracks ?? []) {
    if (t && typeof t.id === 'string') tracks.set(t.id, trackFromWire(t));
  }
  const out: Participant = { id: p.id, identity: p.identity ?? '', name: p.name ?? p.identity ?? '', tracks };
  if (typeof p.hand_raised_at === 'number') out.handRaisedAt = p.hand_raised_at;
  return out;
}

export function grantsFromWire(g: WireParticipant['grants']): Grants {
  return {
    publish: g?.publish === true,
    subscribe: g?.subscribe === true,
    publishData: g?.publish_data === true,
    moderator: g?.moderator === true,
    record: g?.record === true,
  };
}
