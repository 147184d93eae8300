import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WireOfferTrack } from '../src/protocol.js';
import { TrackMap } from '../src/track-map.js';

const t = (mid: string, track_id: string, participant_id = 'p_1', kind: 'audio' | 'video' = 'video'): WireOfferTrack => ({
  mid,
  track_id,
  participant_id,
  kind,
});

test('first offer adds every m-line', () => {
  const m = new TrackMap();
  const c = m.update([t('0', 't_1', 'p_1', 'audio'), t('1', 't_2')]);
  assert.deepEqual(
    c.added.map((x) => x.trackId),
    ['t_1', 't_2'],
  );
  assert.deepEqual(c.removed, []);
  assert.equal(m.byMidOf('1')?.trackId, 't_2');
  assert.equal(m.byMidOf('1')?.kind, 'video');
  assert.equal(m.byTrack('p_1', 't_1')?.mid, '0');
  assert.equal(m.byTrack('p_2', 't_1'), undefined);
  assert.equal(m.byMidOf(null), undefined);
});

test('an unchanged offer changes nothing', () => {
  const m = new TrackMap();
  m.update([t('0', 't_1'), t('1', 't_2')]);
  assert.deepEqual(m.update([t('1', 't_2'), t('0', 't_1')]), { added: [], removed: [] });
});

test('an m-line going inactive (absent) removes its track', () => {
  const m = new TrackMap();
  m.update([t('0', 't_1'), t('1', 't_2')]);
  const c = m.update([t('0', 't_1')]);
  assert.deepEqual(
    c.removed.map((x) => x.trackId),
    ['t_2'],
  );
  assert.equal(m.byMidOf('1'), undefined);
});

test('an m-line re-used for another track removes the old and adds the new', () => {
  const m = new TrackMap();
  m.update([t('0', 't_1', 'p_1')]);
  const c = m.update([t('0', 't_9', 'p_2')]);
  assert.deepEqual(
    c.removed.map((x) => x.trackId),
    ['t_1'],
  );
  assert.deepEqual(
    c.added.map((x) => [x.mid, x.trackId, x.participantId]),
    [['0', 't_9', 'p_2']],
  );
});

test('malformed entries are skipped, an absent array empties the map', () => {
  const m = new TrackMap();
  const bad = [
    { mid: 0, track_id: 't', participant_id: 'p', kind: 'video' },
    { mid: '1', track_id: null, participant_id: 'p', kind: 'video' },
    { mid: '2', track_id: 't', kind: 'video' },
    { mid: '3', track_id: 't', participant_id: 'p', kind: 'data' },
    null,
    t('4', 't_ok'),
  ] as unknown as WireOfferTrack[];
  const c = m.update(bad);
  assert.deepEqual(
    c.added.map((x) => x.mid),
    ['4'],
  );
  assert.equal(m.size, 1);
  const c2 = m.update(undefined);
  assert.equal(c2.removed.length, 1);
  assert.equal(m.size, 0);
});
