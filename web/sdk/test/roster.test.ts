import assert from 'node:assert/strict';
import { test } from 'node:test';
import { participantFromWire, type Participant } from '../src/participant.js';
import { syncRoster } from '../src/roster.js';

const w = (id: string, tracks: { id: string; muted?: boolean }[] = [], hand?: number) => ({
  id,
  identity: id,
  name: id.toUpperCase(),
  tracks: tracks.map((t) => ({ id: t.id, kind: 'audio' as const, source: 'microphone' as const, muted: t.muted === true })),
  ...(hand !== undefined ? { hand_raised_at: hand } : {}),
});

test('after a rejoin: who left, who came, tracks gone, new, re-muted, hands', () => {
  const current = new Map<string, Participant>();
  for (const p of [w('a', [{ id: 't1' }, { id: 't2' }]), w('b'), w('c', [{ id: 't3' }])]) current.set(p.id, participantFromWire(p));
  const a = current.get('a');
  const change = syncRoster(current, [w('me'), w('a', [{ id: 't1', muted: true }, { id: 't4' }], 7), w('c', [{ id: 't3' }]), w('d')], 'me');
  assert.deepEqual([...current.keys()], ['a', 'c', 'd']);
  assert.equal(current.get('a'), a, 'a participant who stayed keeps its object');
  assert.deepEqual(change.left.map((p) => p.id), ['b']);
  assert.deepEqual(change.joined.map((p) => p.id), ['d']);
  assert.deepEqual(change.unpublished.map(([p, t]) => `${p.id}/${t.id}`), ['a/t2']);
  assert.deepEqual(change.published.map(([p, t]) => `${p.id}/${t.id}`), ['a/t4']);
  assert.deepEqual(change.muted.map(([p, t]) => `${p.id}/${t.id}/${t.muted}`), ['a/t1/true']);
  assert.deepEqual(change.hands.map((p) => `${p.id}@${p.handRaisedAt}`), ['a@7']);
  assert.equal(syncRoster(current, [w('a', [{ id: 't1', muted: true }, { id: 't4' }], 7), w('c', [{ id: 't3' }]), w('d')], 'me').left.length, 0);
});
