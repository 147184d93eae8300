import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeServerMessage } from '../src/decode.js';
import { parseServerMessage } from '../src/protocol.js';

test('well-formed messages decode to their typed form, extra fields dropped', () => {
  const d = decodeServerMessage({ type: 'track_muted', participant_id: 'p1', track_id: 't1', muted: true, by: 'p2', junk: 1 });
  assert.deepEqual(d, { ok: true, msg: { type: 'track_muted', participant_id: 'p1', track_id: 't1', muted: true, by: 'p2' } });
  const j = decodeServerMessage({
    type: 'joined',
    id: 1,
    participant: { id: 'p1', name: 'Ann', grants: { moderator: true, publish: 'yes' }, hand_raised_at: 5 },
    room: { id: 'r', participants: [{ id: 'p2', tracks: [{ id: 't', kind: 'video' }, { id: 9 }] }, 'x'], title: 'Standup' },
    ice_servers: [{ urls: ['stun:a'] }, { urls: 3 }],
  });
  assert.ok(j.ok);
  assert.deepEqual(j.msg, {
    type: 'joined',
    id: 1,
    participant: { id: 'p1', identity: '', name: 'Ann', grants: { moderator: true }, hand_raised_at: 5 },
    room: { id: 'r', participants: [{ id: 'p2', identity: '', name: '', tracks: [{ id: 't', kind: 'video', source: 'camera', muted: false }] }], title: 'Standup' },
    ice_servers: [{ urls: ['stun:a'] }],
  });
});

test('a missing or mistyped required field makes a bad frame', () => {
  const bad: unknown[] = [
    null,
    [],
    { type: 5 },
    { type: 'joined', participant: { id: 'p' } },
    { type: 'joined', participant: {}, room: { id: 'r' } },
    { type: 'track_muted', participant_id: 'p', track_id: 't', muted: 'yes' },
    { type: 'participant_left' },
    { type: 'track_published', participant_id: 'p', track: { id: 't', kind: 'data' } },
    { type: 'offer', sdp: 7 },
    { type: 'error', message: 'no code' },
    { type: 'chat', message: { id: 'c', text: 'hi', participant_id: 'p' } },
    { type: 'hand', participant_id: 'p', raised: 'up' },
    { type: 'active_speaker', participant_id: 3 },
  ];
  for (const v of bad) {
    const d = decodeServerMessage(v);
    assert.equal(d.ok, false, JSON.stringify(v));
    assert.equal((d as { unknownType?: string }).unknownType, undefined, JSON.stringify(v));
  }
});

test('unknown types are told apart from bad frames; parse never throws', () => {
  assert.deepEqual(decodeServerMessage({ type: 'reaction', emoji: 'x' }), { ok: false, unknownType: 'reaction' });
  assert.deepEqual(decodeServerMessage({ type: 'toString' }), { ok: false, unknownType: 'toString' });
  assert.equal(parseServerMessage('{"type":"reaction"}'), null);
  assert.equal(parseServerMessage('{not json'), undefined);
  assert.equal(parseServerMessage('{"type":"participant_left"}'), undefined);
  assert.deepEqual(parseServerMessage('{"type":"hand","participant_id":"p","raised":true,"raised_at":4}'), {
    type: 'hand',
    participant_id: 'p',
    raised: true,
    raised_at: 4,
  });
});

test('stats carry each track view and layer heights; an older server without them reads as unknown', () => {
  const d = decodeServerMessage({
    type: 'stats',
    id: 3,
    subscriber: {
      estimate_bps: 900000,
      tracks: [
        { track_id: 'v', kind: 'video', layer: 0, view: { visible: true, width: 232, height: 130 }, layers: [{ height: 180, active: true }, { height: 0 }, 'x'] },
        { track_id: 'a', kind: 'audio' },
      ],
    },
  });
  assert.ok(d.ok && d.msg.type === 'stats');
  const [v, a] = d.msg.subscriber.tracks;
  assert.deepEqual(v.view, { visible: true, width: 232, height: 130 });
  assert.deepEqual(v.layers, [
    { height: 180, active: true },
    { height: 0, active: false },
  ]);
  assert.deepEqual(a.view, { visible: true, width: 0, height: 0 });
  assert.deepEqual(a.layers, []);
});
