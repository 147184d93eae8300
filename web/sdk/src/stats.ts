// Pure helpers over RTCPeerConnection.getStats() reports (plain objects keyed by `type`).

export type StatsEntry = { id: string; type: string; [field: string]: unknown };

export interface TrackRef {
  mid: string;
  trackId: string;
  participantId: string;
  kind: 'audio' | 'video';
  trackIdentifier?: string; // MediaStreamTrack.id of the receiver's track
}

export interface SubscriberTrackStats {
  trackId: string;
  participantId: string;
  kind: 'audio' | 'video';
  mid: string;
  framesDecoded: number;
  totalSamplesReceived: number;
  bytesReceived: number;
  packetsReceived: number;
  packetsLost: number;
}

export interface CandidateInfo {
  protocol: string;
  candidateType: string;
  address: string;
  port: number;
  tcpType?: string;
}

export interface SelectedPairInfo {
  state: string;
  local: CandidateInfo;
  remote: CandidateInfo;
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

// Accepts an RTCStatsReport (a Map) or any iterable of entries.
export function statsEntries(report: { values(): Iterable<unknown> } | Iterable<unknown>): StatsEntry[] {
  const source: Iterable<unknown> =
    typeof (report as { values?: unknown }).values === 'function'
      ? (report as { values(): Iterable<unknown> }).values()
      : (report as Iterable<unknown>);
  const out: StatsEntry[] = [];
  for (const e of source) {
    if (e && typeof e === 'object' && typeof (e as StatsEntry).type === 'string') out.push(e as StatsEntry);
  }
  return out;
}

// One row per remote track: counters of the `inbound-rtp` entry whose `mid` matches the
// track's m-line (or, for browsers without `mid` in stats, whose `trackIdentifier` matches the
// receiver track). A track with no entry yet reports zeros.
export function subscriberStats(entries: readonly StatsEntry[], tracks: readonly TrackRef[]): SubscriberTrackStats[] {
  const inbound = entries.filter((e) => e.type === 'inbound-rtp');
  return tracks.map((t) => {
    const entry =
      inbound.find((e) => typeof e.mid === 'string' && e.mid === t.mid) ??
      inbound.find((e) => t.trackIdentifier !== undefined && e.trackIdentifier === t.trackIdentifier);
    return {
      trackId: t.trackId,
      participantId: t.participantId,
      kind: t.kind,
      mid: t.mid,
      framesDecoded: num(entry?.framesDecoded),
      totalSamplesReceived: num(entry?.totalSamplesReceived),
      bytesReceived: num(entry?.bytesReceived),
      packetsReceived: num(entry?.packetsReceived),
      packetsLost: num(entry?.packetsLost),
    };
  });
}

function candidate(e: StatsEntry | undefined): CandidateInfo {
  const info: CandidateInfo = {
    protocol: str(e?.protocol),
    candidateType: str(e?.candidateType),
    address: str(e?.address) || str(e?.ip),
    port: num(e?.port),
  };
  if (typeof e?.tcpType === 'string') info.tcpType = e.tcpType;
  return info;
}

// The candidate pair the ICE transport selected, or undefined before one is.
export function selectedCandidatePair(entries: readonly StatsEntry[]): SelectedPairInfo | undefined {
  const byId = new Map(entries.map((e) => [e.id, e]));
  let pair: StatsEntry | undefined;
  for (const t of entries) {
    if (t.type === 'transport' && typeof t.selectedCandidatePairId === 'string') {
      pair = byId.get(t.selectedCandidatePairId);
      if (pair) break;
    }
  }
  if (!pair) {
    pair = entries.find((e) => e.type === 'candidate-pair' && e.nominated === true && e.state === 'succeeded');
  }
  if (!pair) return undefined;
  return {
    state: str(pair.state),
    local: candidate(byId.get(str(pair.localCandidateId))),
    remote: candidate(byId.get(str(pair.remoteCandidateId))),
  };
}

// Everything a connection received (its transports' `bytesReceived`: media, RTCP, DTLS);
// grows many times a second while media or feedback flows.
export function transportBytesReceived(entries: readonly StatsEntry[]): number {
  let sum = 0;
  for (const e of entries) if (e.type === 'transport') sum += num(e.bytesReceived);
  return sum;
}
