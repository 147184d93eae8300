import assert from 'node:assert/strict';
import { test } from 'node:test';
import { selectedCandidatePair, statsEntries, subscriberStats, transportBytesReceived, type StatsEntry } from '../src/stats.js';

// Shaped like Chromium's getStats() entries.
const report = new Map<string, StatsEntry>([
  ['IT01A', { id: 'IT01A', type: 'inbound-rtp', kind: 'audio', mid: '0', trackIdentifier: 'a-1', totalSamplesReceived: 96000, bytesReceived: 5000, packetsReceived: 100, packetsLost: 2 }],
  ['IT01V', { id: 'IT01V', type: 'inbound-rtp', kind: 'video', mid: '1', trackIdentifier: 'v-1', framesDecoded: 60, bytesReceived: 90000, packetsReceived: 120 }],
  ['IT02V', { id: 'IT02V', type: 'inbound-rtp', kind: 'video', trackIdentifier: 'v-2', framesDecoded: 7 }],
  ['T01', { id: 'T01', type: 'transport', selectedCandidatePairId: 'CP1' }],
  ['CP0', { id: 'CP0', type: 'candidate-pair', state: 'failed', localCandidateId: 'L0', remoteCandidateId: 'R0' }],
  ['CP1', { id: 'CP1', type: 'candidate-pair', state: 'succeeded', nominated: true, localCandidateId: 'L1', remoteCandidateId: 'R1' }],
  ['L1', { id: 'L1', type: 'local-candidate', protocol: 'tcp', candidateType: 'host', address: '127.0.0.1', port: 9, tcpType: 'active' }],
  ['R1', { id: 'R1', type: 'remote-candidate', protocol: 'tcp', candidateType: 'host', address: '127.0.0.1', port: 7882 }],
]);

test('inbound-rtp entries are matched to remote tracks by mid, then by trackIdentifier', () => {
  const rows = subscriberStats(statsEntries(report), [
    { mid: '0', trackId: 't_a', participantId: 'p_1', kind: 'audio' },
    { mid: '1', trackId: 't_v', participantId: 'p_1', kind: 'video' },
    { mid: '5', trackId: 't_w', participantId: 'p_2', kind: 'video', trackIdentifier: 'v-2' },
    { mid: '6', trackId: 't_none', participantId: 'p_3', kind: 'audio' },
  ]);
  assert.deepEqual(
    rows.map((r) => [r.trackId, r.framesDecoded, r.totalSamplesReceived, r.bytesReceived, r.packetsLost]),
    [
      ['t_a', 0, 96000, 5000, 2],
      ['t_v', 60, 0, 90000, 0],
      ['t_w', 7, 0, 0, 0],
      ['t_none', 0, 0, 0, 0],
    ],
  );
});

test('selected candidate pair comes from the transport', () => {
  const pair = selectedCandidatePair(statsEntries(report));
  assert.equal(pair?.state, 'succeeded');
  assert.deepEqual(pair?.local, { protocol: 'tcp', candidateType: 'host', address: '127.0.0.1', port: 9, tcpType: 'active' });
  assert.equal(pair?.remote.port, 7882);
});

test('without a transport entry the nominated succeeded pair is used; none gives undefined', () => {
  const entries = statsEntries(report).filter((e) => e.type !== 'transport');
  assert.equal(selectedCandidatePair(entries)?.local.protocol, 'tcp');
  assert.equal(selectedCandidatePair(entries.filter((e) => e.type !== 'candidate-pair')), undefined);
});

test('statsEntries skips values that are not stats objects', () => {
  assert.equal(statsEntries([null, 3, { id: 'x' }, { id: 'y', type: 'codec' }]).length, 1);
});

test('what a connection received is its transports\' bytesReceived, not the media entries\'', () => {
  const entries: StatsEntry[] = [
    { id: 'T01', type: 'transport', bytesReceived: 1234 },
    { id: 'IT01A', type: 'inbound-rtp', bytesReceived: 999 },
  ];
  assert.equal(transportBytesReceived(entries), 1234);
  assert.equal(transportBytesReceived([]), 0);
});
