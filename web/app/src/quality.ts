// Connection quality of a remote participant from two samples of its receive counters.

export type Quality = 'good' | 'fair' | 'poor' | 'unknown';

export interface ReceiveCounters {
  packetsReceived: number;
  packetsLost: number;
}

// Loss over the interval: under 2 % good, under 8 % fair, else poor; nothing received while
// something was expected (`expectMedia`) is poor; no data yet is unknown.
export function qualityFrom(prev: ReceiveCounters | undefined, cur: ReceiveCounters, expectMedia: boolean): Quality {
  if (!prev) return 'unknown';
  const received = Math.max(0, cur.packetsReceived - prev.packetsReceived);
  const lost = Math.max(0, cur.packetsLost - prev.packetsLost);
  const total = received + lost;
  if (total === 0) return expectMedia ? 'poor' : 'unknown';
  const loss = lost / total;
  if (loss < 0.02) return 'good';
  if (loss < 0.08) return 'fair';
  return 'poor';
}

// The worse of two.
export function worse(a: Quality, b: Quality): Quality {
  const rank: Record<Quality, number> = { unknown: 0, good: 1, fair: 2, poor: 3 };
  return rank[a] >= rank[b] ? a : b;
}

export const kQualityLabel: Record<Quality, string> = {
  good: 'Connection: good',
  fair: 'Connection: fair',
  poor: 'Connection: poor',
  unknown: 'Connection: measuring',
};
